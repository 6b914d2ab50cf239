"""Sharing refusals are the patient's decisions (issue 10 item 3; CSP L1110-4, R1110-3).

A refusal records who expressed it (the patient, or an active member holding GUARD), when and
how, apart from who recorded it and when (R4); it covers the whole record or some categories;
it stands from its recorded instant up to, not including, its lifting's; nothing is ever
overwritten (R9); every problem is reported at once (R11); wrong types raise coded errors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import carecircle as cc
from carecircle import events as ev
from carecircle.access import STANDARD_CATEGORIES, plain
from carecircle.nomenclatures import professions
from carecircle.nomenclatures.role_codes import CAREGIVER
from carecircle.operations._statements import EXPRESSED_BY_INVALID
from carecircle.roles import REPRESENTANT_LEGAL
from carecircle.testing.builders import (
    directory_professional,
    directory_structure,
    instant,
    new_record,
    related_person,
)

R = cc.Reason
MATRIX = cc.EXAMPLE_MATRIX
MICROSECOND = dt.timedelta(microseconds=1)
PHARMACIST = directory_professional(2, profession=professions.PHARMACIEN)
COORDINATOR = directory_professional(4, profession=professions.INFIRMIER)
PSYCHOLOGICAL = cc.Category.PSYCHOLOGICAL


def circle() -> tuple[cc.CoordinationRecord, cc.Principal]:
    """M1 the creator, M2 a habilitated pharmacist, M3 the patient's legal representative
    (GUARD), M4 an aidant without GUARD, M5 a habilitated nurse coordinator (another editor).
    """
    record, creator = new_record()
    for minute, member, roles, habilitated in (
        (1, PHARMACIST, frozenset(), True),
        (1, related_person(1), frozenset({REPRESENTANT_LEGAL}), False),
        (1, related_person(2), frozenset({CAREGIVER}), False),
        (1, COORDINATOR, frozenset(), True),
    ):
        record = cc.add_member(
            record, member, actor=creator, at=instant(minute), roles=roles, habilitated=habilitated
        ).record
    return record, creator


def said(minute: int, by: str = cc.PATIENT, how: cc.Collection | None = None) -> cc.Statement:
    return cc.Statement(expressed_by=by, expressed_at=instant(minute), collected=how)


def codes(call: Callable[[], object]) -> tuple[str, ...]:
    """The codes ``call()`` is rejected with (a ChangeRejected, or one coded error)."""
    with pytest.raises(cc.CareCircleError) as caught:
        call()
    error = caught.value
    if isinstance(error, cc.ChangeRejected):
        return error.codes
    assert isinstance(error, cc.ViolationError)
    return (error.code,)


def refuse(
    record: cc.CoordinationRecord,
    actor: cc.Principal,
    minute: int,
    categories: frozenset[str] = frozenset(),
    member_id: str = "M2",
) -> cc.CoordinationRecord:
    statement = said(minute)
    change = cc.record_refusal(
        record,
        member_id,
        statement=statement,
        actor=actor,
        at=instant(minute),
        categories=categories,
    )
    return change.record


def lift(
    record: cc.CoordinationRecord,
    actor: cc.Principal,
    minute: int,
    refusal_id: str = "R1",
    member_id: str = "M2",
) -> cc.CoordinationRecord:
    change = cc.lift_refusal(
        record, member_id, refusal_id, statement=said(minute), actor=actor, at=instant(minute)
    )
    return change.record


class TestTheStatement:
    """Issue 10 item 3, R4: who expressed it, when, how — apart from who recorded it."""

    def test_a_refusal_records_its_statement_apart_from_its_recording(self) -> None:
        record, _creator = circle()
        coordinator = cc.Principal.from_entry(COORDINATOR)
        statement = said(2, by="M3", how=cc.Collection.WRITTEN)
        change = cc.record_refusal(
            record, "M2", statement=statement, actor=coordinator, at=instant(5)
        )
        (refusal,) = change.record.circle.get("M2").refusals
        assert refusal.statement == statement
        assert (refusal.statement.expressed_by, refusal.statement.expressed_at) == (
            "M3",
            instant(2),
        )
        assert refusal.statement.collected is cc.Collection.WRITTEN
        assert (refusal.recorded_by, refusal.recorded_at) == ("pass:4", instant(5))
        assert refusal.refusal_id == "R1"
        assert refusal.whole
        assert refusal.lifted is None
        assert not statement.by_patient
        assert said(2).by_patient

    @pytest.mark.parametrize(
        ("expressed_by", "why"),
        [("M9", "not a member"), ("M4", "an aidant without GUARD"), ("M2", "the professional")],
    )
    def test_a_statement_by_another_is_rejected(self, expressed_by: str, why: str) -> None:
        record, creator = circle()
        error = codes(
            lambda: cc.record_refusal(
                record, "M2", statement=said(2, by=expressed_by), actor=creator, at=instant(5)
            )
        )
        assert error == (EXPRESSED_BY_INVALID,), why
        assert record.circle.get("M2").refusals == ()

    def test_a_legal_representative_who_left_speaks_no_more(self) -> None:
        record, creator = circle()
        record = cc.end_participation(record, "M3", actor=creator, at=instant(3)).record
        statement = said(2, by="M3")  # expressed while a member, recorded after they left
        assert codes(
            lambda: cc.record_refusal(
                record, "M2", statement=statement, actor=creator, at=instant(5)
            )
        ) == (EXPRESSED_BY_INVALID,)

    def test_every_problem_at_once_and_the_record_untouched(self) -> None:
        """R11: the actor's and the statement's problems together."""
        record, _creator = circle()
        stranger = cc.Principal(account="pass:99")
        with pytest.raises(cc.ChangeRejected) as caught:
            cc.record_refusal(
                record, "M2", statement=said(2, by="M9"), actor=stranger, at=instant(5)
            )
        assert caught.value.codes == ("ACTOR_NOT_A_MEMBER", EXPRESSED_BY_INVALID)
        assert [v.path for v in caught.value.violations] == ["actor", "statement.expressed_by"]
        assert record.circle.get("M2").refusals == ()

    def test_an_unknown_member_and_a_bad_statement_are_reported_together(self) -> None:
        """R11 (fails today: the missing member is reported alone, the statement unjudged)."""
        record, creator = circle()
        assert codes(
            lambda: cc.record_refusal(
                record, "M9", statement=said(2, by="M4"), actor=creator, at=instant(5)
            )
        ) == (EXPRESSED_BY_INVALID, "MEMBER_NOT_FOUND")

    def test_expressed_after_recorded(self) -> None:
        record, creator = circle()
        assert codes(
            lambda: cc.record_refusal(record, "M2", statement=said(6), actor=creator, at=instant(5))
        ) == ("EXPRESSED_AFTER_RECORDED",)
        record = refuse(record, creator, 5)
        assert codes(
            lambda: cc.lift_refusal(
                record, "M2", "R1", statement=said(8), actor=creator, at=instant(7)
            )
        ) == ("EXPRESSED_AFTER_RECORDED",)


class TestLifting:
    """Issue 10 item 3, R4, R9: lifting needs the same; the history is kept."""

    def test_lifting_by_the_legal_representative(self) -> None:
        record, creator = circle()
        record = refuse(record, creator, 5)
        statement = said(6, by="M3", how=cc.Collection.ORAL)
        change = cc.lift_refusal(
            record, "M2", "R1", statement=statement, actor=creator, at=instant(7)
        )
        (refusal,) = change.record.circle.get("M2").refusals
        assert refusal.lifted == cc.Lifting(
            statement=statement, recorded_by="pass:1", recorded_at=instant(7)
        )
        assert refusal.statement == said(5)  # the refusal's own statement is kept

    def test_lifting_needs_the_patient_or_their_representative(self) -> None:
        record, creator = circle()
        record = refuse(record, creator, 5)
        assert codes(
            lambda: cc.lift_refusal(
                record, "M2", "R1", statement=said(6, by="M4"), actor=creator, at=instant(7)
            )
        ) == (EXPRESSED_BY_INVALID,)

    def test_unknown_and_already_lifted(self) -> None:
        record, creator = circle()
        record = refuse(record, creator, 5)
        assert codes(lambda: lift(record, creator, 6, refusal_id="R2")) == ("REFUSAL_NOT_FOUND",)
        lifted = lift(record, creator, 6)
        assert codes(lambda: lift(lifted, creator, 7)) == ("REFUSAL_ALREADY_LIFTED",)
        stranger = cc.Principal(account="pass:99")
        assert codes(lambda: lift(lifted, stranger, 7)) == (
            "ACTOR_NOT_A_MEMBER",
            "REFUSAL_ALREADY_LIFTED",
        )

    def test_an_unknown_refusal_and_a_bad_statement_are_reported_together(self) -> None:
        """R11 (fails today: REFUSAL_NOT_FOUND is reported alone, the statement unjudged)."""
        record, creator = circle()
        assert codes(
            lambda: cc.lift_refusal(
                record, "M2", "R7", statement=said(6, by="M4"), actor=creator, at=instant(7)
            )
        ) == (EXPRESSED_BY_INVALID, "REFUSAL_NOT_FOUND")

    def test_lifting_on_a_member_who_left(self) -> None:
        record, creator = circle()
        record = refuse(record, creator, 5)
        record = cc.end_participation(record, "M2", actor=creator, at=instant(6)).record
        record = lift(record, creator, 7)
        (refusal,) = record.circle.get("M2").refusals
        assert refusal.ends == instant(7)
        assert not record.circle.get("M2").is_active(instant(7))

    def test_record_lift_record_keeps_everything(self) -> None:
        record, creator = circle()
        first = refuse(record, creator, 5)
        r1 = first.circle.get("M2").refusals[0]
        second = lift(first, creator, 7)
        third = refuse(second, creator, 9, frozenset({PSYCHOLOGICAL}))
        m = third.circle.get("M2")
        assert [r.refusal_id for r in m.refusals] == ["R1", "R2"]
        old, new = m.refusals
        assert old == second.circle.get("M2").refusals[0]
        assert (old.statement, old.recorded_at, old.categories) == (
            r1.statement,
            r1.recorded_at,
            r1.categories,
        )
        assert old.ends == instant(7)
        assert not old.standing
        assert new.standing
        assert new.categories == {PSYCHOLOGICAL}
        assert m.next_refusal_id() == "R3"
        assert m.find_refusal("R1") == old
        assert m.find_refusal("R3") is None
        assert not m.sharing_refused  # no whole refusal stands now
        assert first.circle.get("M2").sharing_refused
        assert [m.refused_at(instant(t)) for t in (4, 5, 6, 7, 9)] == [
            False,
            True,
            True,
            False,
            False,
        ]
        assert m.refusals_at(instant(6)) == (old,)
        assert m.refusals_at(instant(8)) == ()
        assert m.refusals_at(instant(9)) == (new,)


class TestScopes:
    """Issue 10 item 3, R4, R6: the whole record, or some categories."""

    def test_a_category_refused_to_the_pharmacist(self) -> None:
        record, creator = circle()
        record = refuse(record, creator, 5, frozenset({PSYCHOLOGICAL}))
        pharmacist = cc.Principal.from_entry(PHARMACIST)
        for category in STANDARD_CATEGORIES:
            found = cc.decide(record, pharmacist, category, "read", matrix=MATRIX, at=instant(6))
            assert found == plain.decide(
                record, pharmacist, category, "read", matrix=MATRIX, at=instant(6)
            )
            if category == PSYCHOLOGICAL:
                assert found.reasons == (R.SHARING_REFUSED,)
                assert found.refusals == (cc.RefusalRef(member_id="M2", refusal_id="R1"),)
            else:
                assert found.paths == (cc.AccessPath(member_id="M2"),)
        levels = cc.permissions(record, pharmacist, matrix=MATRIX, at=instant(6)).levels
        assert {c: str(lv) for c, lv in levels.items()} == {
            "administrative": "read",
            "social": "read",
            "medical": "write",
            "psychological": "none",
        }
        assert cc.effective_access(record, pharmacist, at=instant(6)).allowed

    def test_a_whole_refusal_names_itself(self) -> None:
        record, creator = circle()
        record = refuse(record, creator, 5)
        pharmacist = cc.Principal.from_entry(PHARMACIST)
        refs = (cc.RefusalRef(member_id="M2", refusal_id="R1"),)
        access = cc.effective_access(record, pharmacist, at=instant(6))
        assert access == plain.effective_access(record, pharmacist, at=instant(6))
        assert (access.allowed, access.reasons, access.refusals) == (
            False,
            (R.SHARING_REFUSED,),
            refs,
        )
        found = cc.decide(record, pharmacist, "medical", "read", matrix=MATRIX, at=instant(6))
        assert found.refusals == refs
        levels = cc.permissions(record, pharmacist, matrix=MATRIX, at=instant(6))
        assert not levels.can_open

    def test_a_structure_refused_a_category(self) -> None:
        """R3, R4: the structure path closes for that category only."""
        record, creator = new_record()
        nurse = directory_professional(6, profession=professions.INFIRMIER)
        record = cc.add_member(
            record, directory_structure(5), actor=creator, at=instant(1), habilitated=True
        ).record
        record = cc.add_member(record, nurse, actor=creator, at=instant(1), habilitated=True).record
        record = refuse(record, creator, 2, frozenset({PSYCHOLOGICAL}))
        delegates = frozenset({"S5"})
        member = cc.Principal.from_entry(nurse, delegated_by=delegates)
        other = directory_professional(7, profession=professions.INFIRMIER)
        outsider = cc.Principal.from_entry(other, delegated_by=delegates)
        at = instant(3)

        def both(who: cc.Principal, category: str) -> cc.Decision:
            found = cc.decide(record, who, category, "read", matrix=MATRIX, at=at)
            assert found == plain.decide(record, who, category, "read", matrix=MATRIX, at=at)
            return found

        assert both(member, PSYCHOLOGICAL).paths == (cc.AccessPath(member_id="M3"),)
        assert both(member, "medical").paths == (
            cc.AccessPath(member_id="M2", via_structure=True),
            cc.AccessPath(member_id="M3"),
        )
        denied = both(outsider, PSYCHOLOGICAL)
        assert (denied.allowed, denied.reasons, denied.refusals) == (
            False,
            (R.SHARING_REFUSED,),
            (cc.RefusalRef(member_id="M2", refusal_id="R1"),),
        )
        assert both(outsider, "medical").paths == (
            cc.AccessPath(member_id="M2", via_structure=True),
        )
        levels = cc.permissions(record, outsider, matrix=MATRIX, at=at).levels
        assert str(levels[PSYCHOLOGICAL]) == "none"

    def test_a_structure_refused_the_whole_record(self) -> None:
        record, creator = new_record()
        record = cc.add_member(
            record, directory_structure(5), actor=creator, at=instant(1), habilitated=True
        ).record
        record = refuse(record, creator, 2)
        other = directory_professional(7, profession=professions.INFIRMIER)
        outsider = cc.Principal.from_entry(other, delegated_by=frozenset({"S5"}))
        for found in (
            cc.effective_access(record, outsider, at=instant(3)),
            cc.decide(record, outsider, "medical", "read", matrix=MATRIX, at=instant(3)),
        ):
            assert not found.allowed
            assert R.SHARING_REFUSED in found.reasons
            assert found.refusals == (cc.RefusalRef(member_id="M2", refusal_id="R1"),)
        assert cc.effective_access(record, outsider, at=instant(3)) == plain.effective_access(
            record, outsider, at=instant(3)
        )


class TestTime:
    """Issue 10 item 3, R4, R10: a refusal stands over [recorded, lifting recorded)."""

    @pytest.mark.parametrize("categories", [frozenset(), frozenset({PSYCHOLOGICAL})])
    def test_before_at_inside_lifted_after(self, categories: frozenset[str]) -> None:
        record, creator = circle()
        record = refuse(record, creator, 5, categories)
        record = lift(record, creator, 10)
        pharmacist = cc.Principal.from_entry(PHARMACIST)
        expected = {4: True, 5: False, 7: False, 10: True, 11: True}
        for minute, allowed in expected.items():
            for at in (instant(minute) - MICROSECOND, instant(minute)):
                found = cc.decide(record, pharmacist, PSYCHOLOGICAL, "read", matrix=MATRIX, at=at)
                wanted = plain.decide(
                    record, pharmacist, PSYCHOLOGICAL, "read", matrix=MATRIX, at=at
                )
                assert found == wanted
                assert (
                    cc.is_allowed(record, pharmacist, PSYCHOLOGICAL, "read", matrix=MATRIX, at=at)
                    is found.allowed
                )
            assert found.allowed is allowed, minute
            if not allowed:
                assert found.refusals == (cc.RefusalRef(member_id="M2", refusal_id="R1"),)
        assert not cc.decide(
            record, pharmacist, PSYCHOLOGICAL, "read", matrix=MATRIX, at=instant(10) - MICROSECOND
        ).allowed


class TestEvents:
    """Issue 10 item 3: one event per decision, with who expressed it."""

    def test_record_and_lift(self) -> None:
        record, creator = circle()
        which = frozenset({PSYCHOLOGICAL})
        statement = said(5, by="M3")
        change = cc.record_refusal(
            record, "M2", statement=statement, actor=creator, at=instant(5), categories=which
        )
        (recorded,) = change.events
        assert isinstance(recorded, ev.SharingRefusalRecorded)
        assert (recorded.member_id, recorded.refusal_id) == ("M2", "R1")
        assert (recorded.expressed_by, recorded.categories) == ("M3", which)
        lifted = cc.lift_refusal(
            change.record, "M2", "R1", statement=said(6), actor=creator, at=instant(6)
        )
        assert lifted.events == (
            ev.SharingRefusalWithdrawn(
                meta=lifted.events[0].meta, member_id="M2", refusal_id="R1", expressed_by="patient"
            ),
        )

    def test_add_member_with_a_refusal(self) -> None:
        record, creator = new_record()
        change = cc.add_member(
            record,
            PHARMACIST,
            actor=creator,
            at=instant(1),
            habilitated=True,
            refusal=said(0, how=cc.Collection.ELECTRONIC),
        )
        kinds = [type(e) for e in change.events]
        assert kinds == [ev.MemberAdded, ev.HabilitationGranted, ev.SharingRefusalRecorded]
        (refusal,) = change.record.circle.get("M2").refusals
        assert refusal.statement.collected is cc.Collection.ELECTRONIC
        assert codes(
            lambda: cc.add_member(
                record, PHARMACIST, actor=creator, at=instant(1), refusal=said(0, by="M7")
            )
        ) == (EXPRESSED_BY_INVALID,)


class TestBoundary:
    """Issue 10 item 3: wrong types are the library's coded errors, never TypeError."""

    @pytest.mark.parametrize("statement", [None, "patient", 3, {"expressed_by": "patient"}])
    def test_statement(self, statement: Any) -> None:
        record, creator = circle()
        calls = [
            lambda: cc.record_refusal(
                record, "M2", statement=statement, actor=creator, at=instant(5)
            ),
            lambda: cc.lift_refusal(
                record, "M2", "R1", statement=statement, actor=creator, at=instant(5)
            ),
        ]
        if statement is not None:  # add_member(refusal=None): no refusal
            other = directory_professional(8)
            calls.append(
                lambda: cc.add_member(
                    record, other, actor=creator, at=instant(5), refusal=statement
                )
            )
        for call in calls:
            assert codes(call) == ("WRONG_TYPE",)

    @pytest.mark.parametrize(
        ("categories", "code"),
        [
            ("psychological", "WRONG_TYPE"),
            (["medical", 3], "WRONG_TYPE"),
            (None, "WRONG_TYPE"),
            (b"medical", "WRONG_TYPE"),
            (["Medical"], "CATEGORY_INVALID"),
            (["psy chological"], "CATEGORY_INVALID"),
        ],
    )
    def test_categories(self, categories: Any, code: str) -> None:
        record, creator = circle()
        assert codes(
            lambda: cc.record_refusal(
                record, "M2", statement=said(5), actor=creator, at=instant(5), categories=categories
            )
        ) == (code,)

    @pytest.mark.parametrize("categories", [[""], ["  "]])
    def test_blank_category_names_do_not_widen_the_refusal(self, categories: Any) -> None:
        """A blank name is a bad name (fails today: the blanks are dropped, and the refusal of
        "some categories" silently becomes a refusal of the whole record).
        """
        record, creator = circle()
        assert codes(
            lambda: cc.record_refusal(
                record, "M2", statement=said(5), actor=creator, at=instant(5), categories=categories
            )
        ) == ("CATEGORY_INVALID",)

    @pytest.mark.parametrize("refusal_id", [None, 1, b"R1", ("R1",)])
    def test_refusal_id(self, refusal_id: Any) -> None:
        record, creator = circle()
        record = refuse(record, creator, 5)
        assert codes(
            lambda: cc.lift_refusal(
                record, "M2", refusal_id, statement=said(6), actor=creator, at=instant(6)
            )
        ) == ("WRONG_TYPE",)

    @pytest.mark.parametrize(
        ("collected", "code"),
        [("loud", "COLLECTION_INVALID"), ("ORAL", "COLLECTION_INVALID"), (3, "WRONG_TYPE")],
    )
    def test_collected(self, collected: Any, code: str) -> None:
        with pytest.raises(cc.InvalidValueError) as caught:
            cc.Statement(expressed_at=instant(0), collected=collected)
        assert caught.value.code == code
        assert cc.Statement(expressed_at=instant(0), collected="oral").collected is (
            cc.Collection.ORAL
        )


# -- properties -------------------------------------------------------------------------------

STEPS = st.lists(
    st.tuples(
        st.booleans(),  # lift (when one stands) rather than record
        st.frozensets(st.sampled_from(STANDARD_CATEGORIES)),  # empty: the whole record
        st.integers(min_value=0, max_value=50),  # which standing refusal to lift
        st.sampled_from([cc.PATIENT, "M3"]),  # who expressed it
        st.integers(min_value=1, max_value=30),  # minutes after the previous step
    ),
    min_size=1,
    max_size=10,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=STEPS)
def test_random_refusals_are_kept_and_decided_alike(
    steps: list[tuple[bool, frozenset[str], int, str, int]],
) -> None:
    """Issue 10 item 3, R4, R9: (a) nothing recorded is lost or altered; (b) at every instant
    of the sequence the fast path is the plain reference, and the pharmacist is denied a
    category exactly when a refusal covering it stands.
    """
    record, creator = circle()
    pharmacist = cc.Principal.from_entry(PHARMACIST)
    at = instant(2)
    seen: dict[str, cc.Refusal] = {}
    instants = []
    for lifting, which, pick, by, gap in steps:
        at += dt.timedelta(minutes=gap)
        instants.append(at)
        statement = cc.Statement(expressed_by=by, expressed_at=at - dt.timedelta(minutes=1))
        standing = [r.refusal_id for r in seen.values() if r.lifted is None]
        if lifting and standing:
            refusal_id = standing[pick % len(standing)]
            record = cc.lift_refusal(
                record, "M2", refusal_id, statement=statement, actor=creator, at=at
            ).record
            was = seen[refusal_id]
            now = record.circle.get("M2").find_refusal(refusal_id)
            assert now is not None
            assert now.lifted == cc.Lifting(
                statement=statement, recorded_by="pass:1", recorded_at=at
            )
            assert now == cc.Refusal(
                refusal_id=was.refusal_id,
                statement=was.statement,
                recorded_by=was.recorded_by,
                recorded_at=was.recorded_at,
                categories=was.categories,
                lifted=now.lifted,
            )
            seen[refusal_id] = now
        else:
            change = cc.record_refusal(
                record, "M2", statement=statement, actor=creator, at=at, categories=which
            )
            record = change.record
            new = record.circle.get("M2").refusals[-1]
            assert new.refusal_id == f"R{len(seen) + 1}" not in seen
            assert (new.statement, new.categories, new.recorded_at) == (statement, which, at)
            seen[new.refusal_id] = new
        # (a) every refusal recorded so far is there, as last seen, in recorded order.
        assert record.circle.get("M2").refusals == tuple(seen.values())
    m = record.circle.get("M2")
    for t in [x for i in instants for x in (i - MICROSECOND, i, i + MICROSECOND)]:
        for category in STANDARD_CATEGORIES:
            covering = {
                cc.RefusalRef(member_id="M2", refusal_id=r.refusal_id)
                for r in m.refusals
                if r.stands_at(t) and r.covers(category)
            }
            wanted = plain.decide(record, pharmacist, category, "read", matrix=MATRIX, at=t)
            found = cc.decide(record, pharmacist, category, "read", matrix=MATRIX, at=t)
            assert found == wanted, (category, t)
            assert cc.is_allowed(record, pharmacist, category, "read", matrix=MATRIX, at=t) is (
                found.allowed
            )
            assert found.allowed is not bool(covering), (category, t)
            assert set(found.refusals) == covering
