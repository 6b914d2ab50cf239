"""A member entered in error: the wrong Dr Durand (issue 10 item 2).

Marked entered in error, a membership never counts as a participant, at any instant (not even
inside its old participation): access skips it (plain identity and the fast memo alike), lists
leave it out unless asked, the rules (R7 unique roles, R8 duplicates) no longer count it, and
later operations on it are ``MEMBER_ENTERED_IN_ERROR``. It stays in the circle, with its
participations and events, for the audit trail; its reason never shows in a ``repr`` (R12).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import carecircle as cc
from carecircle import events as ev
from carecircle._access import plain
from carecircle.nomenclatures import professions
from carecircle.roles import PCP, REPRESENTANT_LEGAL
from carecircle.testing import strategies
from carecircle.testing.builders import (
    directory_professional,
    directory_structure,
    instant,
    new_record,
    related_person,
)

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.access import MATRIX, MICROSECOND, R
    from helpers.circles import joined
else:
    from .helpers.access import MATRIX, MICROSECOND, R
    from .helpers.circles import joined

WRONG = directory_professional(2)  # a Dr Durand, médecin
RIGHT = directory_professional(3)  # another Dr Durand: same name, another RPPS
REASON = "homonyme, rappeler au 06 12 34 56 78"
MARKED = instant(10)


def rejected(call: Callable[[], object]) -> tuple[str, ...]:
    with pytest.raises(cc.ChangeRejected) as caught:
        call()
    return caught.value.codes


def durand() -> tuple[cc.CoordinationRecord, cc.Principal, cc.Change, cc.Change]:
    """The wrong Dr Durand added at minute 1, habilitated, médecin traitant, then marked
    entered in error at minute 10: the record, its creator, both changes.
    """
    record, creator = new_record()
    added = cc.add_member(
        record, WRONG, actor=creator, at=instant(1), habilitated=True, roles={PCP}
    )
    marked = cc.mark_entered_in_error(added.record, "M2", actor=creator, at=MARKED, reason=REASON)
    return marked.record, creator, added, marked


def both(record: cc.CoordinationRecord, who: cc.Principal, at: dt.datetime) -> cc.Decision:
    """``decide`` for medical reading, asserting the fast path is the plain reference."""
    found = cc.decide(record, who, "medical", "read", matrix=MATRIX, at=at)
    assert found == plain.decide(record, who, "medical", "read", matrix=MATRIX, at=at)
    assert cc.is_allowed(record, who, "medical", "read", matrix=MATRIX, at=at) is found.allowed
    assert cc.effective_access(record, who, at=at) == plain.effective_access(record, who, at=at)
    return found


class TestNeverAParticipant:
    """Issue 10 item 2, R2, R9: not a past participant either."""

    def test_never_active_and_denied_at_every_instant(self) -> None:
        record, _creator, added, _marked = durand()
        wrong = cc.Principal.from_entry(WRONG)
        instants = [instant(t) for t in (1, 5, 10, 11, 600)] + [MARKED - MICROSECOND]
        assert both(added.record, wrong, instant(5)).allowed  # what he had before
        m = record.circle.get("M2")
        for at in instants:
            assert not m.is_active(at)
            found = both(record, wrong, at)
            assert (found.allowed, found.reasons, found.paths) == (False, (R.NOT_A_MEMBER,), ())
        assert record.circle.active(instant(5)) == (record.circle.get("M1"),)
        assert not cc.permissions(record, wrong, matrix=MATRIX, at=instant(5)).can_open

    def test_a_structure_entered_in_error_gives_its_delegates_nothing(self) -> None:
        record, creator = joined(directory_structure(5), habilitated=True)
        nurse = directory_professional(6, profession=professions.INFIRMIER)
        delegate = cc.Principal.from_entry(nurse, delegated_by=frozenset({"S5"}))
        assert both(record, delegate, instant(2)).paths == (
            cc.AccessPath(member_id="M2", via_structure=True),
        )
        record = cc.mark_entered_in_error(record, "M2", actor=creator, at=instant(3)).record
        for at in (instant(2), instant(3), instant(4)):
            found = both(record, delegate, at)
            assert (found.allowed, found.reasons) == (False, (R.NOT_A_MEMBER,))

    def test_a_member_who_left_can_be_marked_too(self) -> None:
        record, creator = joined(WRONG, habilitated=True)
        record = cc.end_participation(record, "M2", actor=creator, at=instant(4)).record
        record = cc.mark_entered_in_error(record, "M2", actor=creator, at=instant(6)).record
        m = record.circle.get("M2")
        assert not m.is_active(instant(2))
        assert m.participations[0].end == instant(4)  # the period itself is kept
        assert not both(record, cc.Principal.from_entry(WRONG), instant(2)).allowed


class TestAuditTrail:
    """Issue 10 item 2, R9, R12: kept, not shown, not told."""

    def test_kept_in_the_circle_with_its_participations_and_events(self) -> None:
        record, _creator, added, marked = durand()
        m = record.circle.get("M2")
        assert m.participations == added.record.circle.get("M2").participations
        assert m.entered_in_error == cc.EnteredInError(at=MARKED, by="pass:1", reason=REASON)
        assert (m.habilitated, m.roles) == (True, frozenset({PCP}))
        assert [type(e) for e in added.events] == [ev.MemberAdded, ev.HabilitationGranted]
        assert marked.events == (
            ev.MemberEnteredInError(meta=marked.events[0].meta, member_id="M2", reason=REASON),
        )
        assert marked.events[0].meta.version == record.version == added.record.version + 1
        assert marked.notifications == ()

    def test_left_out_of_lists_unless_asked(self) -> None:
        record, _creator, _added, _marked = durand()
        at = instant(11)

        def ids(past: bool = False, wrong: bool = False) -> list[str]:
            found = cc.list_members(
                record, at=at, include_past=past, include_entered_in_error=wrong
            )
            return [m.member_id for m in found]

        assert ids() == ["M1"]
        assert ids(past=True) == ["M1"]
        assert ids(wrong=True) == ["M1", "M2"]
        assert ids(past=True, wrong=True) == ["M1", "M2"]
        assert ids() == [m.member_id for m in cc.list_members(record, at=instant(5))]

    def test_the_reason_never_in_a_repr(self) -> None:
        record, _creator, _added, marked = durand()
        m = record.circle.get("M2")
        assert m.entered_in_error is not None
        for shown in (m, m.entered_in_error, record, marked, *marked.events):
            assert REASON not in repr(shown)
            assert "06 12 34 56 78" not in repr(shown)


class TestTheRightDurand:
    """Issue 10 item 2, R7, R8: the erroneous entry no longer counts for the rules."""

    def test_another_rpps_takes_the_unique_role(self) -> None:
        record, creator, added, _marked = durand()
        # While the wrong Durand counted, the médecin traitant was taken.
        assert rejected(
            lambda: cc.add_member(added.record, RIGHT, actor=creator, at=instant(2), roles={PCP})
        ) == ("UNIQUE_ROLE_TAKEN",)
        change = cc.add_member(
            record, RIGHT, actor=creator, at=instant(11), habilitated=True, roles={PCP}
        )
        assert change.record.circle.get("M3").roles == {PCP}
        assert both(change.record, cc.Principal.from_entry(RIGHT), instant(12)).paths == (
            cc.AccessPath(member_id="M3"),
        )
        assert not both(change.record, cc.Principal.from_entry(WRONG), instant(12)).allowed

    def test_the_same_national_id_can_be_added_again(self) -> None:
        """R8: the erroneous entry holds no identity key, so it is no FORMER_MEMBER (whom
        only ``rejoin`` could bring back, and a member entered in error never rejoins).
        """
        record, creator, _added, _marked = durand()
        same = attrs.evolve(WRONG, given_name="Paul")  # the same RPPS and account, rightly
        change = cc.add_member(
            record, same, actor=creator, at=instant(11), habilitated=True, roles={PCP}
        )
        assert change.record.circle.get("M3").member == same
        assert [n.recipient for n in change.notifications] == ["pass:2"]  # G14, anew
        principal = cc.Principal.from_entry(same)
        assert both(change.record, principal, instant(12)).paths == (cc.AccessPath(member_id="M3"),)
        # Inside the erroneous entry's old period, only the new entry counts (not yet active).
        assert both(change.record, principal, instant(5)).reasons == (R.PARTICIPATION_ENDED,)

    def test_the_rules_of_the_whole_record_do_not_count_it(self) -> None:
        record, creator, _added, _marked = durand()
        record = cc.add_member(record, RIGHT, actor=creator, at=instant(11), roles={PCP}).record
        assert cc.rules.record.check(record, at=instant(12)) == ()


class TestOperations:
    """Issue 10 item 2, R6: who may mark, and nothing more on a marked member."""

    def test_later_operations_are_refused(self) -> None:
        record, creator, _added, _marked = durand()
        at = instant(11)
        said = cc.Statement(expressed_at=at)
        calls: list[Callable[[], object]] = [
            lambda: cc.rejoin(record, "M2", actor=creator, at=at),
            lambda: cc.update_member(record, "M2", actor=creator, at=at, description="x"),
            lambda: cc.habilitate(record, "M2", actor=creator, at=at),
            lambda: cc.revoke_habilitation(record, "M2", actor=creator, at=at),
            lambda: cc.end_participation(record, "M2", actor=creator, at=at),
            lambda: cc.refresh_member(record, "M2", entry=WRONG, actor=creator, at=at),
            lambda: cc.record_refusal(record, "M2", statement=said, actor=creator, at=at),
            lambda: cc.lift_refusal(record, "M2", "R1", statement=said, actor=creator, at=at),
            lambda: cc.mark_entered_in_error(record, "M2", actor=creator, at=at),
        ]
        for call in calls:
            assert "MEMBER_ENTERED_IN_ERROR" in rejected(call)

    def test_who_may_mark(self) -> None:
        record, creator = joined(WRONG, habilitated=True)
        record = cc.add_member(record, RIGHT, actor=creator, at=instant(1)).record
        stranger = cc.Principal(account="pass:99")
        unhabilitated = cc.Principal.from_entry(RIGHT)
        for actor, code in (
            (stranger, "ACTOR_NOT_A_MEMBER"),
            (unhabilitated, "ACTOR_NOT_HABILITATED"),
        ):
            mark = functools.partial(cc.mark_entered_in_error, record, "M2", at=instant(2))
            assert rejected(functools.partial(mark, actor=actor)) == (code,)
        assert record.circle.get("M2").entered_in_error is None
        # Another editor (the wrong Durand himself, habilitated) may mark the creator.
        by_him = cc.mark_entered_in_error(
            record, "M1", actor=cc.Principal.from_entry(WRONG), at=instant(2)
        )
        assert by_him.record.circle.get("M1").entered_in_error is not None

    def test_the_last_editor_cannot_be_marked(self) -> None:
        record, creator = new_record()
        assert rejected(
            lambda: cc.mark_entered_in_error(record, "M1", actor=creator, at=instant(1))
        ) == ("NO_EDITOR_LEFT",)

    def test_a_legal_representative_entered_in_error_speaks_no_more(self) -> None:
        guardian = related_person(1)
        record, creator = joined(guardian, roles={REPRESENTANT_LEGAL})
        record = cc.add_member(record, RIGHT, actor=creator, at=instant(1)).record
        record = cc.mark_entered_in_error(record, "M2", actor=creator, at=instant(2)).record
        said = cc.Statement(expressed_by="M2", expressed_at=instant(1))
        assert rejected(
            lambda: cc.record_refusal(record, "M3", statement=said, actor=creator, at=instant(3))
        ) == ("EXPRESSED_BY_INVALID",)

    @pytest.mark.parametrize(
        ("member_id", "reason", "code"),
        [(2, "", "WRONG_TYPE"), (None, "", "WRONG_TYPE"), ("M2", 3, "WRONG_TYPE")],
    )
    def test_boundary(self, member_id: Any, reason: Any, code: str) -> None:
        record, creator = new_record()
        with pytest.raises(cc.InvalidValueError) as caught:
            cc.mark_entered_in_error(record, member_id, actor=creator, at=instant(1), reason=reason)
        assert caught.value.code == code
        assert rejected(
            lambda: cc.mark_entered_in_error(record, "M9", actor=creator, at=instant(1))
        ) == ("MEMBER_NOT_FOUND",)


# -- property -----------------------------------------------------------------------------------


def change_instants(record: cc.CoordinationRecord) -> list[dt.datetime]:
    """Every instant where access may change, and the microsecond before each."""
    found = set()
    for m in record.circle:
        points = [p.start for p in m.participations]
        points += [p.end for p in m.participations if p.end is not None]
        points += [m.habilitation_ends] if m.habilitation_ends is not None else []
        points += [r.recorded_at for r in m.refusals]
        points += [r.lifted.recorded_at for r in m.refusals if r.lifted is not None]
        found |= {x for p in points for x in (p - MICROSECOND, p)}
    return sorted(found)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), record=strategies.access_records())
def test_marking_any_member_leaves_fast_equal_to_plain(
    data: st.DataObject, record: cc.CoordinationRecord
) -> None:
    """Issue 10 item 2, R1–R4: whoever is marked, every decision is the plain reference's,
    and no path or refusal ever names the marked member, at any instant.
    """
    others = [m for m in record.circle if m.member_id != "M1"]
    assume(others)
    target = data.draw(st.sampled_from(others))
    creator = strategies.creator_of(record)
    principals = data.draw(st.lists(strategies.record_principals(record), min_size=1, max_size=3))
    if isinstance(target.member, cc.DirectoryProfessional):
        principals.append(cc.Principal.from_entry(target.member))
    instants = change_instants(record)
    for principal in principals:  # the memo of the record before: what the next one derives
        cc.effective_access(record, principal, at=instants[0])
    at = record.updated_at + dt.timedelta(minutes=data.draw(st.integers(0, 30)))
    marked = cc.mark_entered_in_error(record, target.member_id, actor=creator, at=at).record
    categories = (*MATRIX.categories, "no-such-category")
    for t, principal in itertools.product([*instants, at, at + MICROSECOND], principals):
        access = cc.effective_access(marked, principal, at=t)
        assert access == plain.effective_access(marked, principal, at=t)
        decisions = [access]
        for category, action in itertools.product(categories, cc.Action):
            found = cc.decide(marked, principal, category, action, matrix=MATRIX, at=t)
            assert found == plain.decide(marked, principal, category, action, matrix=MATRIX, at=t)
            decisions.append(found)
        for found in decisions:
            assert target.member_id not in {p.member_id for p in found.paths}
            assert target.member_id not in {r.member_id for r in found.refusals}
