"""Continuity of the circle (*continuité du cercle*, R6): issue 10 item 5.

A change that takes away the circle's last editor is ``NO_EDITOR_LEFT`` unless the change closes
the circle (``carecircle.rules.lifecycle``). An editor is an active, habilitated, unrefused
member: a directory professional with an active PASS account, or a legal-entity structure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import carecircle as cc
from carecircle._model.lifecycle import CLOSED
from carecircle.rules.lifecycle import NO_EDITOR_LEFT, is_editor
from carecircle.testing.builders import (
    EPOCH,
    directory_professional,
    directory_structure,
    instant,
    new_record,
    patient,
)

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.rejections import codes_of, rejected
else:
    from .helpers.rejections import codes_of, rejected

S = cc.CircleStatus
CREATOR = cc.Principal.from_entry(directory_professional(1))
SECOND = cc.Principal.from_entry(directory_professional(2))
DELEGATE = cc.Principal.from_entry(directory_professional(8), delegated_by=frozenset({"S7"}))
AT = instant(5)

Operation = Callable[[cc.CoordinationRecord, cc.Principal], cc.Change]


def said(at: dt.datetime = AT) -> cc.Statement:
    """The patient's own statement, expressed at ``at``."""
    return cc.Statement(expressed_at=at)


#: Each way a member can stop being an editor, applied to the creator M1 at ``AT``.
LOSING: dict[str, Operation] = {
    "revoke_habilitation": lambda r, a: cc.revoke_habilitation(r, "M1", actor=a, at=AT),
    "unhabilitate": lambda r, a: cc.update_member(r, "M1", actor=a, at=AT, habilitated=False),
    "end_participation": lambda r, a: cc.end_participation(r, "M1", actor=a, at=AT),
    "mark_entered_in_error": lambda r, a: cc.mark_entered_in_error(r, "M1", actor=a, at=AT),
    "record_refusal": lambda r, a: cc.record_refusal(r, "M1", statement=said(), actor=a, at=AT),
}


def alone(status: S = S.ACTIVE) -> cc.CoordinationRecord:
    """The creator M1, the only member, in a circle created proposed or put in ``status`` at
    minute 1.
    """
    if status is S.PROPOSED:
        entry = directory_professional(1)
        return cc.create_record(
            record_id="DC-1",
            patient=patient(),
            creator=CREATOR,
            creator_entry=entry,
            at=EPOCH,
            status=status,
        ).record
    record, _ = new_record()
    if status is not S.ACTIVE:
        record = cc.change_status(record, status, actor=CREATOR, at=instant(1)).record
    return record


def with_second(
    member: cc.Member, *, habilitated: bool = True, habilitation_ends: dt.datetime | None = None
) -> cc.CoordinationRecord:
    """The creator and ``member`` (M2), added at minute 1 (habilitated unless told otherwise)."""
    record, _ = new_record()
    return cc.add_member(
        record,
        member,
        actor=CREATOR,
        at=instant(1),
        habilitated=habilitated,
        habilitation_ends=habilitation_ends,
    ).record


def editors(record: cc.CoordinationRecord, at: dt.datetime) -> list[str]:
    return [m.member_id for m in record.circle if is_editor(m, at)]


class TestLastEditor:
    """R6, issue 10 item 5: the only editor cannot leave the circle without an editor."""

    @pytest.mark.parametrize("name", list(LOSING))
    def test_the_only_editor_cannot_stop_editing(self, name: str) -> None:
        record = alone()
        error = rejected(lambda: LOSING[name](record, CREATOR))
        assert sorted(error.codes) == [NO_EDITOR_LEFT]
        (violation,) = error.exceptions
        assert isinstance(violation, cc.ConflictError) and violation.path == "members[M1]"
        assert record == alone() and editors(record, AT) == ["M1"]

    @pytest.mark.parametrize("name", list(LOSING))
    @pytest.mark.parametrize(
        "member",
        [directory_professional(2), directory_structure(7)],
        ids=["professional-with-account", "legal-entity-structure"],
    )
    def test_another_editor_lets_them(self, name: str, member: cc.Member) -> None:
        change = LOSING[name](with_second(member), CREATOR)
        assert change.applied and editors(change.record, AT) == ["M2"]
        actor = SECOND if isinstance(member, cc.DirectoryProfessional) else DELEGATE
        assert cc.has_effective_access(change.record, actor, at=AT)
        paused = cc.change_status(change.record, "suspended", actor=actor, at=AT)
        assert paused.record.status is S.SUSPENDED

    @pytest.mark.parametrize(
        "record",
        [
            with_second(directory_professional(2, account=False)),
            with_second(directory_professional(2, state=cc.AccountState.SUSPENDED)),
            with_second(directory_professional(2), habilitated=False),
            with_second(directory_professional(2), habilitation_ends=instant(3)),
            with_second(directory_structure(7, legal_entity=False)),
            with_second(directory_structure(7), habilitated=False),
        ],
        ids=[
            "pending-no-account",
            "suspended-account",
            "not-habilitated",
            "habilitation-expired",
            "not-a-legal-entity",
            "structure-not-habilitated",
        ],
    )
    @pytest.mark.parametrize("name", list(LOSING))
    def test_members_that_are_not_editors_do_not_count(
        self, record: cc.CoordinationRecord, name: str
    ) -> None:
        assert editors(record, AT) == ["M1"]
        assert codes_of(lambda: LOSING[name](record, CREATOR)) == [NO_EDITOR_LEFT]

    @pytest.mark.parametrize("name", list(LOSING))
    def test_a_refused_member_does_not_count(self, name: str) -> None:
        """R4: a whole refusal standing on the other member leaves them no editor."""
        record = with_second(directory_professional(2))
        record = cc.record_refusal(
            record, "M2", statement=said(instant(2)), actor=CREATOR, at=instant(2)
        ).record
        assert editors(record, AT) == ["M1"]
        assert codes_of(lambda: LOSING[name](record, CREATOR)) == [NO_EDITOR_LEFT]


class TestClosing:
    """Issue 10 item 5: closing the circle is never blocked by continuity."""

    @pytest.mark.parametrize("source", [S.ACTIVE, S.SUSPENDED])
    @pytest.mark.parametrize("target", [S.INACTIVE, S.ENTERED_IN_ERROR])
    def test_the_only_editor_may_close(self, source: S, target: S) -> None:
        change = cc.change_status(alone(source), target, actor=CREATOR, at=AT)
        assert change.record.status is target and change.record.period_end == AT

    @pytest.mark.parametrize(
        ("status", "expected"),
        [
            # Every problem at once (R11): the status forbids the change, and it would take
            # the last editor away, which also blocks reopening the circle.
            (S.INACTIVE, ["CIRCLE_INACTIVE", NO_EDITOR_LEFT]),
            (S.ENTERED_IN_ERROR, ["CIRCLE_ENTERED_IN_ERROR", NO_EDITOR_LEFT]),
            (S.SUSPENDED, ["CIRCLE_SUSPENDED", NO_EDITOR_LEFT]),
        ],
    )
    @pytest.mark.parametrize("name", sorted(set(LOSING) - {"record_refusal"}))
    def test_member_changes_by_status(self, status: S, expected: list[str], name: str) -> None:
        """A closed circle rejects member changes for its status alone; a suspended one (not
        closed) is judged for continuity as well (R11: all at once).
        """
        record = alone(status)
        assert codes_of(lambda: LOSING[name](record, CREATOR)) == expected

    def test_entered_in_error_rejects_even_refusals(self) -> None:
        record = alone(S.ENTERED_IN_ERROR)
        refuse = LOSING["record_refusal"]
        assert codes_of(lambda: refuse(record, CREATOR)) == [
            "CIRCLE_ENTERED_IN_ERROR",
            NO_EDITOR_LEFT,
        ]

    def test_inactive_circle_keeps_its_last_editor(self) -> None:
        """Documented in ``rules.lifecycle``: only a change that *closes* the circle may leave
        it without an editor. Recording a refusal in a circle already inactive closes
        nothing, so taking away its last editor is ``NO_EDITOR_LEFT``: otherwise nobody could
        ever reopen the circle, nor record the patient's lifting of that very refusal.
        """
        record = alone(S.INACTIVE)
        assert codes_of(lambda: LOSING["record_refusal"](record, CREATOR)) == [NO_EDITOR_LEFT]

    def test_inactive_circle_partial_refusal_and_reopening(self) -> None:
        """A refusal of some categories leaves the editor editing: the circle reopens."""
        record = alone(S.INACTIVE)
        change = cc.record_refusal(
            record, "M1", statement=said(), actor=CREATOR, at=AT, categories={"social"}
        )
        assert editors(change.record, AT) == ["M1"]
        reopened = cc.change_status(change.record, "active", actor=CREATOR, at=instant(6)).record
        assert reopened.status is S.ACTIVE and reopened.period_end is None


class TestRefusalOfTheLastEditor:
    """R4 and R6, issue 10 item 5: an editor has no whole refusal standing, so the patient's
    whole refusal of the last editor would leave the circle without one.
    """

    @pytest.mark.parametrize("status", [S.ACTIVE, S.PROPOSED, S.SUSPENDED])
    def test_whole_refusal_of_the_last_editor(self, status: S) -> None:
        record = alone(status)
        error = rejected(lambda: LOSING["record_refusal"](record, CREATOR))
        assert sorted(error.codes) == [NO_EDITOR_LEFT]

    def test_a_refusal_of_some_categories_is_accepted(self) -> None:
        record = alone()
        change = cc.record_refusal(
            record, "M1", statement=said(), actor=CREATOR, at=AT, categories={"psychological"}
        )
        assert change.applied and editors(change.record, AT) == ["M1"]
        assert cc.has_effective_access(change.record, CREATOR, at=AT)

    def test_with_another_editor_then_lifted(self) -> None:
        record = with_second(directory_professional(2))
        refused = LOSING["record_refusal"](record, CREATOR).record
        assert editors(refused, AT) == ["M2"]
        assert not cc.has_effective_access(refused, CREATOR, at=AT)
        lifted = cc.lift_refusal(
            refused, "M1", "R1", statement=said(instant(6)), actor=SECOND, at=instant(6)
        ).record
        assert editors(lifted, instant(6)) == ["M1", "M2"]
        # Now the second editor may go: the creator edits again.
        gone = cc.end_participation(lifted, "M2", actor=CREATOR, at=instant(7)).record
        assert editors(gone, instant(7)) == ["M1"]


class TestHabilitationEnd:
    """R6, issue 10 item 5: an end set on the last editor's habilitation leaves the circle,
    once it passes, with no member able to edit it, and nobody may then extend it.
    """

    @pytest.mark.parametrize(
        "operation",
        [
            lambda r: cc.update_member(
                r, "M1", actor=CREATOR, at=instant(1), habilitation_ends=instant(5)
            ),
            lambda r: cc.habilitate(r, "M1", actor=CREATOR, at=instant(1), until=instant(5)),
        ],
        ids=["update_member", "habilitate-until"],
    )
    def test_the_last_editor_cannot_set_an_end(
        self, operation: Callable[[cc.CoordinationRecord], cc.Change]
    ) -> None:
        record = alone()
        assert codes_of(lambda: operation(record)) == [NO_EDITOR_LEFT]

    def test_with_another_editor_an_end_may_be_set(self) -> None:
        record = with_second(directory_professional(2))
        ends = cc.update_member(record, "M1", actor=CREATOR, at=AT, habilitation_ends=instant(9))
        assert editors(ends.record, instant(10)) == ["M2"]


# -- the property -----------------------------------------------------------------------------

Step = tuple[str, int, bool, bool]
MEMBER_KINDS = ("revoke", "end", "error", "habilitate", "add", "structure", "refuse", "lift")
KINDS = (*MEMBER_KINDS, "close", "reopen", "suspend")
STEPS = st.tuples(
    st.sampled_from(KINDS), st.integers(min_value=0, max_value=30), st.booleans(), st.booleans()
)


def _principal(m: cc.Membership) -> cc.Principal:
    member = m.member
    if isinstance(member, cc.DirectoryStructure):
        n = 500 + int(m.member_id[1:])
        return cc.Principal.from_entry(
            directory_professional(n), delegated_by=frozenset({member.national_id})
        )
    assert isinstance(member, cc.DirectoryProfessional)
    return cc.Principal.from_entry(member)


def _apply(record: cc.CoordinationRecord, step: Step, at: dt.datetime) -> cc.Change:
    """One step: its kind, a pick (target member, actor), and two switches; the actor is one
    of the editors at ``at`` (the creator when none), or when ``other`` any member.
    """
    kind, pick, flag, other = step
    members = record.circle.memberships
    target = members[pick % len(members)]
    chosen = [m for m in members if is_editor(m, at)] if not other else list(members)
    actor = _principal(chosen[pick % len(chosen)]) if chosen else CREATOR
    n, mid = len(members) + 1, target.member_id
    if kind == "add":
        entry = directory_professional(n, account=other)
        return cc.add_member(record, entry, actor=actor, at=at, habilitated=flag)
    if kind == "structure":
        entry_s = directory_structure(n, legal_entity=other)
        return cc.add_member(record, entry_s, actor=actor, at=at, habilitated=flag)
    if kind in {"close", "reopen", "suspend"}:
        status = {"close": S.INACTIVE, "reopen": S.ACTIVE, "suspend": S.SUSPENDED}[kind]
        return cc.change_status(record, status, actor=actor, at=at)
    if kind == "refuse":
        scope = () if flag else ("medical",)
        return cc.record_refusal(
            record, mid, statement=said(at), actor=actor, at=at, categories=scope
        )
    if kind == "lift":
        standing = [r.refusal_id for r in target.refusals if r.lifted is None] or ["R1"]
        return cc.lift_refusal(record, mid, standing[0], statement=said(at), actor=actor, at=at)
    operation = {
        "revoke": cc.revoke_habilitation,
        "end": cc.end_participation,
        "error": cc.mark_entered_in_error,
        "habilitate": cc.habilitate,
    }[kind]
    return operation(record, mid, actor=actor, at=at)


class TestContinuityProperty:
    """R6, issue 10 item 5: after every accepted change, some member is an editor at that
    instant, unless the circle is closed.
    """

    @settings(max_examples=300, deadline=None)
    @given(steps=st.lists(STEPS, max_size=16))
    def test_always_an_editor(self, steps: list[Step]) -> None:
        record, _ = new_record()
        for minutes, step in enumerate(steps, start=1):
            at = instant(minutes)
            try:
                change = _apply(record, step, at)
            except cc.ChangeRejected:
                continue
            record = change.record
            assert record.status in CLOSED or editors(record, at), (step, record.status)
