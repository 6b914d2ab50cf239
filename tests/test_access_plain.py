"""The fast path answers what the plain path answers; arguments are checked with codes.

:mod:`carecircle._access.plain` is R1–R4 and the matrix written straight from the rules; the
public functions answer through the circle's memo. Here both are asked the same questions on
generated records, many instants in a row on the same record (so the memo's remembered
stretches are used, and left at their edges), and must give equal decisions: allowed or not,
the same paths, the same reasons in the same order.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import carecircle as cc
from carecircle._access import plain
from carecircle.nomenclatures import professions
from carecircle.testing import strategies
from carecircle.testing.builders import (
    directory_professional,
    instant,
    new_record,
    refusal,
    refusals,
)

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.access import MATRIX, MICROSECOND, READ, WRITE, R
    from helpers.circles import joined
else:
    from .helpers.access import MATRIX, MICROSECOND, READ, WRITE, R
    from .helpers.circles import joined

ASKED = (*cc.Category, "nutrition", "no-such-category")
PROPERTIES = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MATRICES = st.one_of(st.just(MATRIX), strategies.matrices())


def change_instants(record: cc.CoordinationRecord) -> list[dt.datetime]:
    """Every instant where access may change, the microsecond before and after each."""
    found = set()
    for m in record.circle:
        points = [p.start for p in m.participations]
        points += [p.end for p in m.participations if p.end is not None]
        if m.habilitation_ends is not None:
            points.append(m.habilitation_ends)
        points += [r.recorded_at for r in m.refusals]
        points += [r.lifted.recorded_at for r in m.refusals if r.lifted is not None]
        for point in points:
            found |= {point - MICROSECOND, point, point + MICROSECOND}
    return sorted(found)


def same_answers(
    record: cc.CoordinationRecord,
    principal: cc.Principal,
    matrix: cc.HabilitationMatrix,
    at: dt.datetime,
) -> None:
    expected = plain.effective_access(record, principal, at=at)
    assert cc.effective_access(record, principal, at=at) == expected
    assert cc.has_effective_access(record, principal, at=at) is expected.allowed
    for category, action in itertools.product((*matrix.categories, *ASKED), cc.Action):
        wanted = plain.decide(record, principal, category, action, matrix=matrix, at=at)
        got = cc.decide(record, principal, category, action, matrix=matrix, at=at)
        assert got == wanted, (category, action)
        assert cc.is_allowed(record, principal, category, action, matrix=matrix, at=at) is (
            wanted.allowed
        )
    permissions = cc.permissions(record, principal, matrix=matrix, at=at)
    opened = {c for c in matrix.categories if permissions.allows(c, READ)}
    assert permissions.paths == (expected.paths if opened else ())


def shuffled_refusals(
    record: cc.CoordinationRecord, m: cc.Membership
) -> st.SearchStrategy[tuple[cc.Refusal, ...]]:
    """The member's refusals as they are, none, or one standing since they joined (of the
    whole record or of a category), or one lifted at the record's latest change.
    """
    since = m.added_at
    return st.sampled_from(
        [
            m.refusals,
            (),
            refusals(True, since),
            (refusal(since, categories=frozenset({"psychological"})),),
            (refusal(since, lifted_at=max(since, record.updated_at)),),
        ]
    )


class TestFastIsPlain:
    """R1–R4, G5: the memo never changes an answer."""

    @PROPERTIES
    @given(data=st.data(), record=strategies.access_records(), matrix=MATRICES)
    def test_at_every_instant_in_a_row(
        self, data: st.DataObject, record: cc.CoordinationRecord, matrix: cc.HabilitationMatrix
    ) -> None:
        principals = data.draw(
            st.lists(strategies.record_principals(record), min_size=1, max_size=4)
        )
        instants = change_instants(record)
        order = data.draw(st.sampled_from(["forward", "backward", "shuffled"]))
        if order == "backward":
            instants.reverse()
        elif order == "shuffled":
            instants = data.draw(st.permutations(instants))
        for at, principal in itertools.product(instants, principals):
            same_answers(record, principal, matrix, at)

    @PROPERTIES
    @given(data=st.data(), record=strategies.access_records(), matrix=MATRICES)
    def test_with_any_flags_and_ids(
        self, data: st.DataObject, record: cc.CoordinationRecord, matrix: cc.HabilitationMatrix
    ) -> None:
        """Flags and ids shuffled: refusals, habilitations, accounts and national ids of one
        member given to another (records no operation builds, where identities clash)."""
        professionals = [
            m.member for m in record.circle if isinstance(m.member, cc.DirectoryProfessional)
        ]
        memberships = []
        for m in record.circle:
            member = m.member
            if isinstance(member, cc.DirectoryProfessional) and data.draw(st.booleans()):
                other = data.draw(st.sampled_from(professionals))
                member = attrs.evolve(
                    member,
                    account=data.draw(st.sampled_from([member.account, other.account, None])),
                    national_id=data.draw(st.sampled_from([member.national_id, other.national_id])),
                )
            memberships.append(
                attrs.evolve(
                    m,
                    member=member,
                    habilitated=data.draw(st.booleans()) or m.habilitated,
                    refusals=data.draw(shuffled_refusals(record, m)),
                )
            )
        record = attrs.evolve(record, circle=cc.CareCircle(memberships=memberships))
        principals = data.draw(
            st.lists(strategies.record_principals(record), min_size=1, max_size=4)
        )
        at = data.draw(strategies.decision_instants([record]))
        for principal in principals:
            same_answers(record, principal, matrix, at)


# -- what mutation testing found untested -------------------------------------------------------


def test_an_ended_refused_membership_and_a_current_one() -> None:
    """R4: the same professional, refused on a membership that ended and back on another one
    (a record from elsewhere: the rules would ask for rejoin), is denied with the reasons
    ``effective_access`` gives, then the matrix's."""
    gp = directory_professional(2, profession=professions.INFIRMIER)
    record, creator = joined(gp, habilitated=True, refusal=cc.Statement(expressed_at=instant(1)))
    record = cc.end_participation(record, "M2", actor=creator, at=instant(2)).record
    again = cc.Membership(
        member_id="M3",
        member=gp,
        habilitated=True,
        participations=(cc.Participation(start=instant(3), added_by="pass:1"),),
    )
    record = attrs.evolve(record, circle=record.circle.replace(again))
    principal = cc.Principal.from_entry(gp)
    at = instant(4)
    access = cc.effective_access(record, principal, at=at)
    assert access.reasons == (R.SHARING_REFUSED,)
    decision = cc.decide(record, principal, cc.Category.MEDICAL, READ, matrix=MATRIX, at=at)
    assert (decision.allowed, decision.paths, decision.reasons) == (False, (), (R.SHARING_REFUSED,))
    social = cc.decide(record, principal, cc.Category.SOCIAL, WRITE, matrix=MATRIX, at=at)
    assert social.reasons == (R.SHARING_REFUSED, R.MATRIX_DENIES)
    assert plain.decide(record, principal, "social", WRITE, matrix=MATRIX, at=at) == social
    # Before the second membership: the ended one speaks for itself.
    early = cc.decide(record, principal, "medical", READ, matrix=MATRIX, at=instant(2))
    assert early.reasons == (R.PARTICIPATION_ENDED, R.SHARING_REFUSED)


def test_the_index_asked_about_a_principal_known_only_by_account() -> None:
    """G14: a member recorded with a PASS account and no national id finds their record, and
    a principal with another national id does not borrow it."""
    record, creator = new_record()
    only_account = cc.DirectoryProfessional(
        account=cc.PassAccount(id="pass:70"), profession=professions.MEDECIN, family_name="Lo"
    )
    record = cc.add_member(
        record, only_account, actor=creator, at=instant(1), habilitated=True
    ).record
    index = cc.ActiveFileIndex.of([record], matrix=MATRIX)
    principal = cc.Principal(account="pass:70", profession=professions.MEDECIN)
    entries = index.for_principal(principal, at=instant(2))
    assert [(e.record_id, e.permissions.paths) for e in entries] == [
        ("DC-1", (cc.AccessPath(member_id="M2"),))
    ]
    assert entries[0].permissions.levels == MATRIX.level_views[professions.MEDECIN.token]
    with_id = attrs.evolve(principal, national_id="800000000070")
    assert [e.record_id for e in index.for_principal(with_id, at=instant(2))] == ["DC-1"]
    other = cc.Principal(account="pass:71", profession=professions.MEDECIN)
    assert index.for_principal(other, at=instant(2)) == ()


# -- arguments ------------------------------------------------------------------------------------

RECORD, CREATOR = new_record()


def asking(ask: Callable[..., object]) -> Callable[..., object]:
    """``ask`` (``decide`` or ``is_allowed``) called with the creator asking to read medical
    data at minute 1, but for the arguments ``changes`` names.
    """

    def call(**changes: Any) -> object:
        args: dict[str, Any] = {
            "record": RECORD,
            "principal": CREATOR,
            "category": "medical",
            "action": READ,
            "matrix": MATRIX,
            "at": instant(1),
        } | changes
        record, principal, category, action = (
            args.pop(k) for k in ("record", "principal", "category", "action")
        )
        return ask(record, principal, category, action, **args)

    return call


call_decide, call_is_allowed = asking(cc.decide), asking(cc.is_allowed)


WRONG = [None, 1, "x", b"x", [], {}, object()]


class TestArguments:
    """Every wrong argument gives the library's own coded error, at its path."""

    @pytest.mark.parametrize("call", [call_decide, call_is_allowed])
    def test_actions(self, call: Any) -> None:
        assert call(action="read") == call(action=READ)
        assert call(action="write") == call(action=WRITE)
        invalid: tuple[object, ...] = ("READ", "Read", "", "rw", None, 1, [], READ.name)
        for action in invalid:
            with pytest.raises(cc.InvalidValueError) as raised:
                call(action=action)
            assert (raised.value.code, raised.value.path) == ("ACTION_INVALID", "action")

    @pytest.mark.parametrize("call", [call_decide, call_is_allowed])
    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("record", "record"),
            ("principal", "principal"),
            ("matrix", "matrix"),
            ("category", "category"),
        ],
    )
    def test_wrong_types(self, call: Any, name: str, expected: str) -> None:
        for value in WRONG:
            if name == "category" and isinstance(value, str):
                continue
            with pytest.raises(cc.InvalidValueError) as raised:
                call(**{name: value})
            assert (raised.value.code, raised.value.path) == ("WRONG_TYPE", expected)

    def test_an_unknown_category_is_a_reason(self) -> None:
        decision = call_decide(category="Medical")
        assert isinstance(decision, cc.Decision) and decision.reasons == (R.UNKNOWN_CATEGORY,)

    def test_record_level_and_listings(self) -> None:
        at = instant(1)
        calls: dict[str, Any] = {
            "effective_access": lambda r, p: cc.effective_access(r, p, at=at),
            "has_effective_access": lambda r, p: cc.has_effective_access(r, p, at=at),
            "permissions": lambda r, p: cc.permissions(r, p, matrix=MATRIX, at=at),
        }
        for name, call in calls.items():
            for value in WRONG:
                with pytest.raises(cc.InvalidValueError) as raised:
                    call(value, CREATOR)
                assert (raised.value.code, raised.value.path) == ("WRONG_TYPE", "record"), name
                with pytest.raises(cc.InvalidValueError) as raised:
                    call(RECORD, value)
                assert (raised.value.code, raised.value.path) == ("WRONG_TYPE", "principal"), name
        with pytest.raises(cc.InvalidValueError) as raised:
            cc.permissions(RECORD, CREATOR, matrix=None, at=at)  # type: ignore[arg-type]
        assert (raised.value.code, raised.value.path) == ("WRONG_TYPE", "matrix")

    def test_who_can_access(self) -> None:
        at = instant(1)
        for principals, path in (
            (None, "principals"),
            (CREATOR, "principals"),
            ("pass:1", "principals"),
            ([CREATOR, "pass:1"], "principals[1]"),
        ):
            with pytest.raises(cc.InvalidValueError) as raised:
                cc.who_can_access(RECORD, principals, matrix=MATRIX, at=at)  # type: ignore[arg-type]
            assert (raised.value.code, raised.value.path) == ("WRONG_TYPE", path)
        index = cc.ActiveFileIndex.of([RECORD], matrix=MATRIX)
        with pytest.raises(cc.InvalidValueError) as raised:
            index.who_can_access("DC-1", [None], at=at)  # type: ignore[list-item]
        assert (raised.value.code, raised.value.path) == ("WRONG_TYPE", "principals[0]")

    def test_the_index(self) -> None:
        at = instant(1)
        index_class: Any = cc.ActiveFileIndex
        cases: list[tuple[Any, str]] = [
            (lambda: index_class.of(None, matrix=MATRIX), "records"),
            (lambda: index_class.of("DC-1", matrix=MATRIX), "records"),
            (lambda: index_class.of([RECORD, None], matrix=MATRIX), "records[1]"),
            (lambda: index_class.of([RECORD], matrix=None), "matrix"),
            (lambda: index_class(records=[RECORD], matrix=MATRIX), "records"),
            (lambda: index_class(records={"DC-1": 1}, matrix=MATRIX), "records[DC-1]"),
        ]
        index: Any = cc.ActiveFileIndex.of([RECORD], matrix=MATRIX)
        cases += [
            (lambda: index.with_record(None), "record"),
            (lambda: index.record(None), "record_id"),
            (lambda: index.for_principal(None, at=at), "principal"),
            (lambda: index.for_structure(None, at=at), "structure_id"),
        ]
        for call, path in cases:
            with pytest.raises(cc.InvalidValueError) as raised:
                call()
            assert (raised.value.code, raised.value.path) == ("WRONG_TYPE", path)
        assert index.for_structure(" s5 ", at=at) == index.for_structure("S5", at=at)

    def test_member_has_access(self) -> None:
        with pytest.raises(cc.InvalidValueError) as raised:
            cc.member_has_access(None, instant(1))  # type: ignore[arg-type]
        assert (raised.value.code, raised.value.path) == ("WRONG_TYPE", "membership")
