"""Sharing refusals are the patient's decisions (issue 10 item 3; CSP L1110-4, R1110-3).

A refusal records who expressed it (the patient, or an active member holding GUARD), when and
how, apart from who recorded it and when (R4); it covers the whole record or some categories;
it stands from its recorded instant up to, not including, its lifting's; nothing is ever
overwritten (R9); every problem is reported at once (R11); wrong types raise coded errors.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import carecircle as cc
from carecircle import STANDARD_CATEGORIES
from carecircle import events as ev
from carecircle._access import plain
from carecircle._operations._statements import EXPRESSED_BY_INVALID
from carecircle.nomenclatures import professions
from carecircle.nomenclatures.role_codes import CAREGIVER
from carecircle.roles import REPRESENTANT_LEGAL
from carecircle.testing.builders import (
    directory_professional,
    directory_structure,
    instant,
    new_record,
    related_person,
)

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.access import MATRIX, MICROSECOND, R
else:
    from .helpers.access import MATRIX, MICROSECOND, R

PHARMACIST = directory_professional(2, profession=professions.PHARMACIEN)
COORDINATOR = directory_professional(4, profession=professions.INFIRMIER)
PSYCHOLOGICAL = cc.Category.PSYCHOLOGICAL
PSY = frozenset({PSYCHOLOGICAL})
R1 = cc.RefusalRef(member_id="M2", refusal_id="R1")
R1_ = ("M2", "R1")
STRANGER = cc.Principal(account="pass:99")


def circle() -> tuple[cc.CoordinationRecord, cc.Principal]:
    """M1 the creator, M2 a habilitated pharmacist, M3 the patient's legal representative
    (GUARD), M4 an aidant without GUARD, M5 a habilitated nurse coordinator (another editor).
    """
    record, creator = new_record()
    for member, roles, habilitated in (
        (PHARMACIST, frozenset(), True),
        (related_person(1), frozenset({REPRESENTANT_LEGAL}), False),
        (related_person(2), frozenset({CAREGIVER}), False),
        (COORDINATOR, frozenset(), True),
    ):
        at = instant(1)
        record = cc.add_member(
            record, member, actor=creator, at=at, roles=roles, habilitated=habilitated
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


def recording(
    record: cc.CoordinationRecord,
    actor: cc.Principal,
    statement: Any,
    *,
    minute: int = 5,
    member_id: str = "M2",
    categories: Any = (),
) -> Callable[[], cc.Change]:
    """The call recording ``statement``'s refusal on ``member_id`` at ``minute``."""
    call = functools.partial(cc.record_refusal, record, member_id, actor=actor, at=instant(minute))
    return functools.partial(call, statement=statement, categories=categories)


def lifting(
    record: cc.CoordinationRecord,
    actor: cc.Principal,
    statement: Any,
    *,
    minute: int = 7,
    refusal_id: Any = "R1",
) -> Callable[[], cc.Change]:
    """The call lifting M2's ``refusal_id`` at ``minute``, as ``statement`` says."""
    call = functools.partial(cc.lift_refusal, record, "M2", actor=actor, at=instant(minute))
    return functools.partial(call, refusal_id, statement=statement)


def refuse(
    record: cc.CoordinationRecord, actor: cc.Principal, minute: int, which: frozenset[str] = PSY
) -> cc.CoordinationRecord:
    """``record`` with the patient's refusal of ``which`` (empty: all) to M2 at ``minute``."""
    return recording(record, actor, said(minute), minute=minute, categories=which)().record


def lift(record: cc.CoordinationRecord, actor: cc.Principal, minute: int) -> cc.CoordinationRecord:
    return lifting(record, actor, said(minute), minute=minute)().record


def decide(
    record: cc.CoordinationRecord, who: cc.Principal, category: str, at: dt.datetime
) -> cc.Decision:
    """``cc.decide`` for reading, asserting it is the plain reference's and ``is_allowed``'s."""
    found = cc.decide(record, who, category, "read", matrix=MATRIX, at=at)
    assert found == plain.decide(record, who, category, "read", matrix=MATRIX, at=at)
    assert cc.is_allowed(record, who, category, "read", matrix=MATRIX, at=at) is found.allowed
    return found


class TestTheStatement:
    """Issue 10 item 3, R4, R11: who expressed it, when, how — apart from who recorded it."""

    def test_a_refusal_records_its_statement_apart_from_its_recording(self) -> None:
        record, _creator = circle()
        statement = said(2, by="M3", how=cc.Collection.WRITTEN)
        change = recording(record, cc.Principal.from_entry(COORDINATOR), statement)()
        (refusal,) = change.record.circle.get("M2").refusals
        assert refusal == cc.Refusal(
            refusal_id="R1", statement=statement, recorded_by="pass:4", recorded_at=instant(5)
        )
        assert (statement.expressed_by, statement.expressed_at) == ("M3", instant(2))
        assert (statement.collected, statement.by_patient) == (cc.Collection.WRITTEN, False)
        assert refusal.whole
        assert said(2).by_patient

    @pytest.mark.parametrize("by", ["M9", "M4", "M2", "M3"])
    def test_only_the_patient_or_an_active_guard_member(self, by: str) -> None:
        """A non-member, an aidant without GUARD, the professional, a GUARD who left
        (expressed while a member, recorded after): the record untouched, and every problem
        at once with the actor's.
        """
        record, creator = circle()
        record = cc.end_participation(record, "M3", actor=creator, at=instant(3)).record
        assert codes(recording(record, creator, said(2, by=by))) == (EXPRESSED_BY_INVALID,)
        with pytest.raises(cc.ChangeRejected) as caught:
            recording(record, STRANGER, said(2, by=by))()
        assert [(v.code, v.path) for v in caught.value.violations] == [
            ("ACTOR_NOT_A_MEMBER", "actor"),
            (EXPRESSED_BY_INVALID, "statement.expressed_by"),
        ]
        assert record.circle.get("M2").refusals == ()

    @pytest.mark.parametrize("missing", ["MEMBER_NOT_FOUND", "REFUSAL_NOT_FOUND"])
    def test_a_missing_member_or_refusal_and_a_bad_statement_together(self, missing: str) -> None:
        """R11 (fails today: MEMBER_NOT_FOUND or REFUSAL_NOT_FOUND is reported alone, and the
        statement, by an aidant without GUARD, is never judged).
        """
        record, creator = circle()
        bad = said(2, by="M4")
        call = (
            recording(record, creator, bad, member_id="M9")
            if missing == "MEMBER_NOT_FOUND"
            else lifting(record, creator, bad, refusal_id="R7")
        )
        assert codes(call) == (EXPRESSED_BY_INVALID, missing)

    def test_expressed_after_recorded(self) -> None:
        record, creator = circle()
        assert codes(recording(record, creator, said(6))) == ("EXPRESSED_AFTER_RECORDED",)
        record = refuse(record, creator, 5)
        assert codes(lifting(record, creator, said(8))) == ("EXPRESSED_AFTER_RECORDED",)


class TestLifting:
    """Issue 10 item 3, R4, R9: lifting needs the same; the history is kept."""

    def test_lifting_by_the_legal_representative_and_by_nobody_else(self) -> None:
        record, creator = circle()
        record = refuse(record, creator, 5)
        for by in ("M4", "M9", "M2"):
            assert codes(lifting(record, creator, said(6, by=by))) == (EXPRESSED_BY_INVALID,)
        statement = said(6, by="M3", how=cc.Collection.ORAL)
        (refusal,) = lifting(record, creator, statement)().record.circle.get("M2").refusals
        assert refusal.lifted == cc.Lifting(
            statement=statement, recorded_by="pass:1", recorded_at=instant(7)
        )
        assert refusal.statement == said(5)  # the refusal's own statement is kept

    def test_unknown_and_already_lifted(self) -> None:
        record, creator = circle()
        record = refuse(record, creator, 5)
        assert codes(lifting(record, creator, said(6), refusal_id="R2")) == ("REFUSAL_NOT_FOUND",)
        lifted = lift(record, creator, 6)
        assert codes(lifting(lifted, creator, said(7))) == ("REFUSAL_ALREADY_LIFTED",)
        assert codes(lifting(lifted, STRANGER, said(7))) == (
            "ACTOR_NOT_A_MEMBER",
            "REFUSAL_ALREADY_LIFTED",
        )

    def test_on_a_member_who_left(self) -> None:
        record, creator = circle()
        record = refuse(record, creator, 5)
        record = cc.end_participation(record, "M2", actor=creator, at=instant(6)).record
        record = refuse(lift(record, creator, 7), creator, 8, frozenset())
        m = record.circle.get("M2")
        assert [(r.refusal_id, r.ends) for r in m.refusals] == [("R1", instant(7)), ("R2", None)]
        assert not m.is_active(instant(7))

    def test_record_lift_record_keeps_everything(self) -> None:
        record, creator = circle()
        first = refuse(record, creator, 5, frozenset())
        second = lift(first, creator, 7)
        m = refuse(second, creator, 9).circle.get("M2")
        old, new = m.refusals
        assert (old.refusal_id, new.refusal_id) == ("R1", "R2")
        assert old == second.circle.get("M2").refusals[0]
        assert attrs.evolve(old, lifted=None) == first.circle.get("M2").refusals[0]
        assert (old.ends, old.standing, new.standing, new.categories) == (
            instant(7),
            False,
            True,
            PSY,
        )
        assert (m.next_refusal_id(), m.find_refusal("R1"), m.find_refusal("R3")) == (
            "R3",
            old,
            None,
        )
        assert first.circle.get("M2").sharing_refused
        assert not m.sharing_refused  # no refusal of the whole record stands now
        refused = [m.refused_at(instant(t)) for t in (4, 5, 6, 7, 9)]
        assert refused == [False, True, True, False, False]
        assert [m.refusals_at(instant(t)) for t in (6, 8, 9)] == [(old,), (), (new,)]


class TestScopes:
    """Issue 10 item 3, R3, R4, R6: the whole record, or some categories."""

    def test_a_category_refused_to_the_pharmacist(self) -> None:
        record, creator = circle()
        record = refuse(record, creator, 5)
        pharmacist = cc.Principal.from_entry(PHARMACIST)
        for category in STANDARD_CATEGORIES:
            found = decide(record, pharmacist, category, instant(6))
            refused = category == PSYCHOLOGICAL
            assert (found.reasons, found.refusals) == (
                ((R.SHARING_REFUSED,), (R1,)) if refused else ((), ())
            )
            assert found.paths == (() if refused else (cc.AccessPath(member_id="M2"),))
        levels = cc.permissions(record, pharmacist, matrix=MATRIX, at=instant(6)).levels
        assert [str(levels[c]) for c in STANDARD_CATEGORIES] == ["read", "read", "write", "none"]
        assert cc.effective_access(record, pharmacist, at=instant(6)).allowed

    def test_a_whole_refusal_names_itself(self) -> None:
        record, creator = circle()
        record = refuse(record, creator, 5, frozenset())
        pharmacist = cc.Principal.from_entry(PHARMACIST)
        access = cc.effective_access(record, pharmacist, at=instant(6))
        assert access == plain.effective_access(record, pharmacist, at=instant(6))
        assert (access.allowed, access.reasons, access.refusals) == (
            False,
            (R.SHARING_REFUSED,),
            (R1,),
        )
        assert decide(record, pharmacist, "medical", instant(6)).refusals == (R1,)
        assert not cc.permissions(record, pharmacist, matrix=MATRIX, at=instant(6)).can_open

    @pytest.mark.parametrize("which", [PSY, frozenset()])
    def test_on_a_legal_entity_structure(self, which: frozenset[str]) -> None:
        """A category refusal closes the structure path for that category only: a delegate
        with their own membership still gets in, one without is denied naming the
        structure's refusal; a whole refusal closes it for every category.
        """
        record, creator = new_record()
        nurse = directory_professional(6, profession=professions.INFIRMIER)
        for entry in (directory_structure(5), nurse):
            change = cc.add_member(record, entry, actor=creator, at=instant(1), habilitated=True)
            record = change.record
        record = refuse(record, creator, 2, which)
        delegated = frozenset({"S5"})
        member = cc.Principal.from_entry(nurse, delegated_by=delegated)
        other = directory_professional(7, profession=professions.INFIRMIER)
        outsider = cc.Principal.from_entry(other, delegated_by=delegated)
        at = instant(3)
        structure = cc.AccessPath(member_id="M2", via_structure=True)
        own = cc.AccessPath(member_id="M3")
        assert decide(record, member, PSYCHOLOGICAL, at).paths == (own,)
        assert decide(record, member, "medical", at).paths == (
            (structure, own) if which else (own,)
        )
        denied = decide(record, outsider, PSYCHOLOGICAL, at)
        assert (denied.allowed, denied.refusals) == (False, (R1,))
        assert R.SHARING_REFUSED in denied.reasons
        medical = decide(record, outsider, "medical", at)
        assert medical.paths == ((structure,) if which else ())
        access = cc.effective_access(record, outsider, at=at)
        assert access == plain.effective_access(record, outsider, at=at)
        assert (access.allowed, access.refusals) == ((True, ()) if which else (False, (R1,)))
        levels = cc.permissions(record, outsider, matrix=MATRIX, at=at).levels
        assert levels.get(PSYCHOLOGICAL, cc.Level.NONE) is cc.Level.NONE


class TestTime:
    """Issue 10 item 3, R4, R10: a refusal stands over [recorded, lifting recorded)."""

    @pytest.mark.parametrize("which", [frozenset(), PSY])
    def test_before_at_inside_lifted_after(self, which: frozenset[str]) -> None:
        record, creator = circle()
        record = lift(refuse(record, creator, 5, which), creator, 10)
        pharmacist = cc.Principal.from_entry(PHARMACIST)
        expected = {4: True, 5: False, 7: False, 10: True, 11: True}
        for minute, allowed in expected.items():
            before = decide(record, pharmacist, PSYCHOLOGICAL, instant(minute) - MICROSECOND)
            found = decide(record, pharmacist, PSYCHOLOGICAL, instant(minute))
            assert found.allowed is allowed, minute
            assert found.refusals == (() if allowed else (R1,))
            assert before.allowed is (minute not in {7, 10})  # standing just before 10, not 5
        medical = [decide(record, pharmacist, "medical", instant(t)).allowed for t in (4, 7, 11)]
        assert medical == [True, bool(which), True]  # a refusal of psychological only


class TestEvents:
    """Issue 10 item 3: one event per decision, with who expressed it."""

    def test_record_and_lift(self) -> None:
        record, creator = circle()
        change = recording(record, creator, said(5, by="M3"), categories=PSY)()
        lifted = lifting(change.record, creator, said(6), minute=6)()
        (recorded,) = change.events
        assert isinstance(recorded, ev.SharingRefusalRecorded)
        assert (recorded.member_id, recorded.refusal_id, recorded.expressed_by) == (*R1_, "M3")
        assert recorded.categories == PSY
        (withdrawn,) = lifted.events
        assert isinstance(withdrawn, ev.SharingRefusalWithdrawn)
        assert (withdrawn.member_id, withdrawn.refusal_id, withdrawn.expressed_by) == (
            *R1_,
            "patient",
        )

    def test_add_member_with_a_refusal(self) -> None:
        record, creator = new_record()
        statement = said(0, how=cc.Collection.ELECTRONIC)
        change = cc.add_member(
            record, PHARMACIST, actor=creator, at=instant(1), habilitated=True, refusal=statement
        )
        kinds = [type(e) for e in change.events]
        assert kinds == [ev.MemberAdded, ev.HabilitationGranted, ev.SharingRefusalRecorded]
        assert change.record.circle.get("M2").refusals[0].statement == statement
        bad = functools.partial(cc.add_member, record, PHARMACIST, actor=creator, at=instant(1))
        assert codes(functools.partial(bad, refusal=said(0, by="M7"))) == (EXPRESSED_BY_INVALID,)


class TestBoundary:
    """Issue 10 item 3: wrong types are the library's coded errors, never TypeError."""

    @pytest.mark.parametrize("statement", [None, "patient", 3, {"expressed_by": "patient"}])
    def test_statement(self, statement: Any) -> None:
        record, creator = circle()
        calls = [recording(record, creator, statement), lifting(record, creator, statement)]
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
            ({"medical": True}, "WRONG_TYPE"),
            (["Medical"], "CATEGORY_INVALID"),
            (["psy chological"], "CATEGORY_INVALID"),
            # A blank name is a bad name (fails today: the blanks are dropped, and a refusal of
            # "some categories" silently becomes a refusal of the whole record).
            ([""], "CATEGORY_INVALID"),
            (["  "], "CATEGORY_INVALID"),
        ],
    )
    def test_categories(self, categories: Any, code: str) -> None:
        record, creator = circle()
        assert codes(recording(record, creator, said(5), categories=categories)) == (code,)

    @pytest.mark.parametrize("refusal_id", [None, 1, b"R1", ("R1",)])
    def test_refusal_id(self, refusal_id: Any) -> None:
        record, creator = circle()
        record = refuse(record, creator, 5)
        call = lifting(record, creator, said(6), refusal_id=refusal_id)
        assert codes(call) == ("WRONG_TYPE",)

    @pytest.mark.parametrize(
        ("collected", "code"),
        [("loud", "COLLECTION_INVALID"), ("ORAL", "COLLECTION_INVALID"), (3, "WRONG_TYPE")],
    )
    def test_collected(self, collected: Any, code: str) -> None:
        assert codes(lambda: cc.Statement(expressed_at=instant(0), collected=collected)) == (code,)
        assert said(0, how="oral").collected is cc.Collection.ORAL  # type: ignore[arg-type]


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
    category exactly when a refusal covering it stands (by a model kept here, apart from src).
    """
    record, creator = circle()
    pharmacist = cc.Principal.from_entry(PHARMACIST)
    at = instant(2)
    seen: dict[str, cc.Refusal] = {}
    spans: dict[str, tuple[dt.datetime, dt.datetime | None, frozenset[str]]] = {}
    for lifts, which, pick, by, gap in steps:
        at += dt.timedelta(minutes=gap)
        statement = cc.Statement(expressed_by=by, expressed_at=at - dt.timedelta(minutes=1))
        standing = [i for i, (_start, end, _which) in spans.items() if end is None]
        if lifts and standing:
            refusal_id = standing[pick % len(standing)]
            record = cc.lift_refusal(
                record, "M2", refusal_id, statement=statement, actor=creator, at=at
            ).record
            now = record.circle.get("M2").find_refusal(refusal_id)
            lifted = cc.Lifting(statement=statement, recorded_by="pass:1", recorded_at=at)
            assert now == attrs.evolve(seen[refusal_id], lifted=lifted)
            seen[refusal_id] = now
            spans[refusal_id] = (spans[refusal_id][0], at, spans[refusal_id][2])
        else:
            record = cc.record_refusal(
                record, "M2", statement=statement, actor=creator, at=at, categories=which
            ).record
            new = record.circle.get("M2").refusals[-1]
            assert new.refusal_id == f"R{len(seen) + 1}"
            assert (new.statement, new.categories, new.recorded_at) == (statement, which, at)
            seen[new.refusal_id] = new
            spans[new.refusal_id] = (at, None, which)
        # (a) every refusal recorded so far is there, as last seen, in recorded order.
        assert record.circle.get("M2").refusals == tuple(seen.values())
    instants = sorted({start for start, _end, _which in spans.values()} | {at})
    instants += [end for _start, end, _which in spans.values() if end is not None]
    for t in sorted({x for i in instants for x in (i - MICROSECOND, i, i + MICROSECOND)}):
        for category in STANDARD_CATEGORIES:
            covering = {
                cc.RefusalRef(member_id="M2", refusal_id=refusal_id)
                for refusal_id, (start, end, which) in spans.items()
                if start <= t and (end is None or t < end) and (not which or category in which)
            }
            found = decide(record, pharmacist, category, t)  # (b) fast == plain, is_allowed
            assert found.allowed is (not covering), (category, t)
            assert set(found.refusals) == covering
