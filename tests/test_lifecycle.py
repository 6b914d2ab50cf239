"""The circle's lifecycle (*cycle de vie du cercle*, CDS ``CareTeam.status``): issue 10 item 1.

Transitions (``TRANSITIONS``), who may change the status (R6), what each status does to access
(only ``active`` opens) and to editing (refusals only while suspended or inactive), the
circle's period and its history (R9, R10), and coded constructor errors (R11).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import carecircle as cc
from carecircle import EXAMPLE_MATRIX
from carecircle import events as ev
from carecircle._access import plain
from carecircle._model.lifecycle import CLOSED
from carecircle.nomenclatures import professions
from carecircle.testing.builders import (
    EPOCH,
    directory_professional,
    directory_structure,
    instant,
    new_record,
    patient,
)

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.rejections import codes_of
else:
    from .helpers.rejections import codes_of

S = cc.CircleStatus
CREATOR = cc.Principal.from_entry(directory_professional(1))
NURSE = cc.Principal.from_entry(directory_professional(2, profession=professions.INFIRMIER))
UNHABILITATED = cc.Principal.from_entry(directory_professional(3))
STRANGER = cc.Principal.from_entry(directory_professional(9))
DELEGATE = cc.Principal.from_entry(directory_professional(8), delegated_by=frozenset({"S7"}))
REFUSED = cc.Principal.from_entry(directory_professional(6))
PRINCIPALS = (CREATOR, NURSE, UNHABILITATED, STRANGER, DELEGATE, REFUSED)
CLOSING_REASON = {
    S.PROPOSED: cc.Reason.CIRCLE_PROPOSED,
    S.SUSPENDED: cc.Reason.CIRCLE_SUSPENDED,
    S.INACTIVE: cc.Reason.CIRCLE_INACTIVE,
    S.ENTERED_IN_ERROR: cc.Reason.CIRCLE_ENTERED_IN_ERROR,
}
STATUS_CHANGE_AT = instant(10)
LATER = instant(20)
H = "status_history"


def ask(
    record: cc.CoordinationRecord,
    principal: cc.Principal,
    at: dt.datetime,
    category: str = "medical",
    action: str = "read",
) -> cc.Decision:
    """``decide``, after checking that ``is_allowed`` agrees with it."""
    found = cc.decide(record, principal, category, action, matrix=EXAMPLE_MATRIX, at=at)
    allowed = cc.is_allowed(record, principal, category, action, matrix=EXAMPLE_MATRIX, at=at)
    assert allowed is found.allowed
    return found


def move(
    record: cc.CoordinationRecord,
    target: S | str,
    at: dt.datetime,
    actor: cc.Principal = CREATOR,
    reason: str = "",
) -> cc.Change:
    return cc.change_status(record, target, actor=actor, at=at, reason=reason)


def move_codes(
    record: cc.CoordinationRecord, target: S | str, at: dt.datetime, actor: cc.Principal = CREATOR
) -> list[str]:
    """The codes ``change_status`` is rejected with, asserting it is rejected."""
    return codes_of(lambda: move(record, target, at, actor))


def created(status: S | str = S.ACTIVE) -> cc.CoordinationRecord:
    entry = directory_professional(1)
    return cc.create_record(
        record_id="DC-1",
        patient=patient(),
        creator=CREATOR,
        creator_entry=entry,
        at=EPOCH,
        status=status,
    ).record


def base(status: S) -> cc.CoordinationRecord:
    """A circle in ``status`` since ``STATUS_CHANGE_AT``: M1 creator, M2 habilitated nurse, M3
    unhabilitated médecin, M4 a médecin who left, M5 the legal-entity structure S7
    (habilitated), M6 a médecin with a standing refusal of the psychological category.
    """
    r = created(S.PROPOSED if status is S.PROPOSED else S.ACTIVE)
    nurse = directory_professional(2, profession=professions.INFIRMIER)
    r = cc.add_member(r, nurse, actor=CREATOR, at=instant(1), habilitated=True).record
    r = cc.add_member(r, directory_professional(3), actor=CREATOR, at=instant(2)).record
    r = cc.add_member(r, directory_professional(4), actor=CREATOR, at=instant(3)).record
    r = cc.end_participation(r, "M4", actor=CREATOR, at=instant(4)).record
    structure = directory_structure(7)
    r = cc.add_member(r, structure, actor=CREATOR, at=instant(5), habilitated=True).record
    r = cc.add_member(r, directory_professional(6), actor=CREATOR, at=instant(6)).record
    said = cc.Statement(expressed_at=instant(7))
    r = cc.record_refusal(
        r, "M6", statement=said, actor=CREATOR, at=instant(7), categories={"psychological"}
    ).record
    if status not in {S.PROPOSED, S.ACTIVE}:
        r = move(r, status, STATUS_CHANGE_AT).record
    return r


def in_status(status: S) -> cc.CoordinationRecord:
    """A bare circle (the creator alone) in ``status`` since ``STATUS_CHANGE_AT``."""
    if status is S.PROPOSED:
        return created(S.PROPOSED)
    record = created()
    if status is not S.ACTIVE:
        record = move(record, status, STATUS_CHANGE_AT).record
    return record


class TestTransitions:
    """Issue 10 item 1: the circle moves only along ``TRANSITIONS``; R11 coded rejections."""

    @pytest.mark.parametrize(("source", "target"), list(itertools.product(S, S)))
    def test_every_pair(self, source: S, target: S) -> None:
        """Allowed moves give one ``CircleStatusChanged`` and a new version; others are
        ``STATUS_TRANSITION_NOT_ALLOWED``; the same status is a no-op Change.
        """
        record = in_status(source)
        if target is source:
            change = move(record, target, LATER)
            assert change.record is record and change.events == () and not change.applied
            assert change.based_on == record.version
        elif target in cc.TRANSITIONS[source]:
            change = move(record, target, LATER, reason="why")
            (event,) = change.events
            assert isinstance(event, ev.CircleStatusChanged)
            assert (event.before, event.after, event.reason) == (source, target, "why")
            assert (event.meta.version, event.meta.at) == (record.version + 1, LATER)
            after = change.record
            assert after.version == record.version + 1 and after.updated_at == LATER
            assert after.status_history[:-1] == record.status_history
            assert after.status_history[-1] == cc.StatusChange(
                status=target, at=LATER, by="pass:1", reason="why"
            )
        else:
            assert move_codes(record, target, LATER) == ["STATUS_TRANSITION_NOT_ALLOWED"]
            assert record.status is source and record.version == in_status(source).version

    def test_entered_in_error_is_final(self) -> None:
        """Issue 10 item 1: nothing leaves ``entered-in-error``."""
        assert cc.TRANSITIONS[S.ENTERED_IN_ERROR] == frozenset()
        record = in_status(S.ENTERED_IN_ERROR)
        for target in set(S) - {S.ENTERED_IN_ERROR}:
            assert move_codes(record, target, LATER) == ["STATUS_TRANSITION_NOT_ALLOWED"]

    def test_all_problems_at_once_and_time_order(self) -> None:
        """R11 and R10: a stranger asking a forbidden move hears both; no change before the
        last one; an unknown status is ``STATUS_INVALID``.
        """
        record = in_status(S.ACTIVE)
        both = ["ACTOR_NOT_A_MEMBER", "STATUS_TRANSITION_NOT_ALLOWED"]
        assert move_codes(record, "proposed", LATER, STRANGER) == both
        closed = in_status(S.INACTIVE)
        assert move_codes(closed, "active", instant(5)) == ["INSTANT_BEFORE_LAST_CHANGE"]
        with pytest.raises(cc.InvalidValueError) as caught:
            move(record, "closed", LATER)
        assert caught.value.code == "STATUS_INVALID"


class TestWhoChangesTheStatus:
    """R6, issue 10 item 1: the circle's editors change its status, judged on the memberships."""

    @pytest.mark.parametrize(
        "actor", [CREATOR, NURSE, DELEGATE], ids=["creator", "nurse", "delegate"]
    )
    def test_editors_may(self, actor: cc.Principal) -> None:
        change = move(base(S.ACTIVE), "suspended", LATER, actor)
        assert change.record.status is S.SUSPENDED
        assert change.events[0].meta.actor == actor.label

    @pytest.mark.parametrize(
        ("actor", "code"),
        [(STRANGER, "ACTOR_NOT_A_MEMBER"), (UNHABILITATED, "ACTOR_NOT_HABILITATED")],
        ids=["stranger", "unhabilitated"],
    )
    def test_others_may_not(self, actor: cc.Principal, code: str) -> None:
        record = base(S.ACTIVE)
        assert move_codes(record, "suspended", LATER, actor) == [code]

    @pytest.mark.parametrize(
        ("source", "target"),
        [(S.SUSPENDED, S.ACTIVE), (S.INACTIVE, S.ACTIVE), (S.PROPOSED, S.ACTIVE)],
    )
    @pytest.mark.parametrize(
        "actor", [CREATOR, NURSE, DELEGATE], ids=["creator", "nurse", "delegate"]
    )
    def test_editors_resume_and_reopen(self, source: S, target: S, actor: cc.Principal) -> None:
        """Their access is denied while the circle is not active, yet they may reopen it."""
        record = base(source)
        assert not cc.has_effective_access(record, actor, at=LATER)
        change = move(record, target, LATER, actor)
        assert change.record.status is target
        assert cc.has_effective_access(change.record, actor, at=LATER)


class TestAccessByStatus:
    """Issue 10 item 1, R1: only an ``active`` circle opens; the status reason comes first."""

    @pytest.mark.parametrize("status", list(S))
    def test_decide_puts_the_status_first(self, status: S) -> None:
        record = base(status)
        before = base(S.ACTIVE)  # the same memberships, active
        if status is S.PROPOSED:
            before = move(record, "active", STATUS_CHANGE_AT).record
        for principal, category, action in itertools.product(PRINCIPALS, cc.Category, cc.Action):
            found = ask(record, principal, LATER, category, action)
            usual = ask(before, principal, LATER, category, action)
            if status is S.ACTIVE:
                assert found == usual
            else:
                closing = CLOSING_REASON[status]
                assert not found.allowed and found.paths == ()
                assert found.reasons == tuple(dict.fromkeys((closing, *usual.reasons)))
                assert found.refusals == usual.refusals
            reference = plain.decide(
                record, principal, category, action, matrix=EXAMPLE_MATRIX, at=LATER
            )
            assert reference == found
        assert ask(record, CREATOR, LATER, "medical", "write").allowed is (status is S.ACTIVE)
        access = cc.effective_access(record, CREATOR, at=LATER)
        assert access.allowed is (status is S.ACTIVE)

    @pytest.mark.parametrize("status", [S.SUSPENDED, S.INACTIVE, S.ENTERED_IN_ERROR])
    def test_status_at_the_instant_asked(self, status: S) -> None:
        """R10: asked before the change, the status then (active) applies."""
        record = base(status)
        earlier = instant(9)
        assert record.status_at(earlier) is S.ACTIVE and record.status_at(LATER) is status
        assert ask(record, CREATOR, earlier).allowed
        assert ask(record, CREATOR, STATUS_CHANGE_AT).reasons == (CLOSING_REASON[status],)

    def test_proposed_then_activated(self) -> None:
        """Issue 10 item 1: a proposed circle opens from its activation, not before."""
        record = move(base(S.PROPOSED), "active", LATER).record
        assert ask(record, CREATOR, instant(15)).reasons == (cc.Reason.CIRCLE_PROPOSED,)
        assert ask(record, CREATOR, LATER).allowed

    @pytest.mark.parametrize("status", list(S))
    def test_listings_list_nobody_unless_active(self, status: S) -> None:
        record = base(status)
        index = cc.ActiveFileIndex.of([record], matrix=EXAMPLE_MATRIX)
        for principal in (CREATOR, NURSE, DELEGATE):
            found = cc.permissions(record, principal, matrix=EXAMPLE_MATRIX, at=LATER)
            assert found.can_open is (status is S.ACTIVE)
            if status is not S.ACTIVE:
                assert set(found.levels.values()) == {cc.Level.NONE}
            assert bool(index.for_principal(principal, at=LATER)) is (status is S.ACTIVE)
        listed = cc.who_can_access(record, PRINCIPALS, matrix=EXAMPLE_MATRIX, at=LATER)
        expected = (CREATOR, NURSE, DELEGATE) if status is S.ACTIVE else ()
        assert tuple(p.principal for p in listed) == expected
        assert index.for_structure("S7", at=LATER) == (("DC-1",) if status is S.ACTIVE else ())
        if status is not S.PROPOSED:  # it was active before the change
            assert index.for_structure("S7", at=instant(9)) == ("DC-1",)


Operation = Callable[[cc.CoordinationRecord], cc.Change]
_SAID = cc.Statement(expressed_at=LATER)
MEMBER_OPERATIONS: dict[str, Operation] = {
    "add_member": lambda r: cc.add_member(r, directory_professional(5), actor=CREATOR, at=LATER),
    "update_member": lambda r: cc.update_member(r, "M3", actor=CREATOR, at=LATER, description="x"),
    "habilitate": lambda r: cc.habilitate(r, "M3", actor=CREATOR, at=LATER),
    "revoke_habilitation": lambda r: cc.revoke_habilitation(r, "M2", actor=CREATOR, at=LATER),
    "end_participation": lambda r: cc.end_participation(r, "M3", actor=CREATOR, at=LATER),
    "rejoin": lambda r: cc.rejoin(r, "M4", actor=CREATOR, at=LATER),
    "mark_entered_in_error": lambda r: cc.mark_entered_in_error(r, "M3", actor=CREATOR, at=LATER),
}
REFUSALS: dict[str, Operation] = {
    "record_refusal": lambda r: cc.record_refusal(
        r, "M3", statement=_SAID, actor=CREATOR, at=LATER
    ),
    "lift_refusal": lambda r: cc.lift_refusal(
        r, "M6", "R1", statement=_SAID, actor=CREATOR, at=LATER
    ),
}


class TestEditingByStatus:
    """Issue 10 item 1, R6: members change in proposed and active circles; while suspended or
    inactive only the patient's refusals (never put off); entered in error, nothing.
    """

    @pytest.mark.parametrize("status", list(S))
    @pytest.mark.parametrize("name", list(MEMBER_OPERATIONS))
    def test_member_operations(self, status: S, name: str) -> None:
        record = base(status)
        operation = MEMBER_OPERATIONS[name]
        if status in {S.PROPOSED, S.ACTIVE}:
            change = operation(record)
            assert change.applied and change.record.version == record.version + 1
            assert change.record.status is status
        else:
            assert codes_of(lambda: operation(record)) == [str(CLOSING_REASON[status])]

    @pytest.mark.parametrize("status", list(S))
    @pytest.mark.parametrize("name", list(REFUSALS))
    def test_refusals(self, status: S, name: str) -> None:
        record = base(status)
        operation = REFUSALS[name]
        if status is S.ENTERED_IN_ERROR:
            assert codes_of(lambda: operation(record)) == ["CIRCLE_ENTERED_IN_ERROR"]
        else:
            change = operation(record)
            assert change.applied and change.record.status is status
            kinds = {type(e) for e in change.events}
            assert kinds & {ev.SharingRefusalRecorded, ev.SharingRefusalWithdrawn}


class TestCreationPeriodAndHistory:
    """Issue 10 item 1 (CDS ``CareTeam.status`` and ``period``), R9: history, never overwrite."""

    def test_create_proposed_then_activate(self) -> None:
        record = created(S.PROPOSED)
        assert record.status is S.PROPOSED and record.version == 1
        assert not cc.has_effective_access(record, CREATOR, at=EPOCH)
        active = move(record, "active", instant(1)).record
        assert active.status is S.ACTIVE and cc.has_effective_access(active, CREATOR, at=instant(1))

    @pytest.mark.parametrize("status", ["inactive", "suspended", "entered-in-error"])
    def test_create_in_another_status_is_rejected(self, status: str) -> None:
        assert codes_of(lambda: created(S(status))) == ["STATUS_TRANSITION_NOT_ALLOWED"]

    def test_create_with_an_unknown_status(self) -> None:
        with pytest.raises(cc.InvalidValueError) as caught:
            created("closed")
        assert caught.value.code == "STATUS_INVALID"

    def test_period_end_and_history(self) -> None:
        """``period_end`` while closed, cleared on reopening; every change kept, in order."""
        record, creator = new_record()
        assert (record.period_start, record.period_end) == (EPOCH, None)
        path = [S.SUSPENDED, S.ACTIVE, S.INACTIVE, S.ACTIVE, S.ENTERED_IN_ERROR]
        for minutes, status in enumerate(path, start=1):
            previous = record.status_history
            record = move(record, status, instant(minutes), creator).record
            assert record.status_history[:-1] == previous
            closed_at = instant(minutes) if status in CLOSED else None
            assert record.period_end == closed_at
            assert record.period_start == EPOCH
        assert [c.status for c in record.status_history] == [S.ACTIVE, *path]
        assert [record.status_at(instant(m)) for m in range(6)] == [S.ACTIVE, *path]

    @pytest.mark.parametrize(
        ("history", "code", "path"),
        [
            ((), "STATUS_REQUIRED", H),
            (((S.ACTIVE, 1),), "STATUS_HISTORY_INVALID", H),
            (((S.ACTIVE, 0), (S.SUSPENDED, 3), (S.ACTIVE, 2)), "STATUS_HISTORY_INVALID", H),
            ("active", "WRONG_TYPE", H),
            (None, "WRONG_TYPE", H),
            (("active",), "WRONG_TYPE", "status_history[0]"),
        ],
        ids=["empty", "first-not-at-creation", "out-of-order", "str", "none", "str-entry"],
    )
    def test_bad_history(self, history: object, code: str, path: str) -> None:
        """R11: the constructor's errors are coded."""
        if isinstance(history, tuple) and all(isinstance(h, tuple) for h in history):
            history = tuple(cc.StatusChange(status=s, at=instant(m), by="x") for s, m in history)
        record, _ = new_record()
        with pytest.raises(cc.InvalidValueError) as caught:
            attrs.evolve(record, status_history=history)
        assert (caught.value.code, caught.value.path) == (code, path or H)

    def test_unknown_status_in_a_change(self) -> None:
        with pytest.raises(cc.InvalidValueError) as caught:
            cc.StatusChange(status="closed", at=EPOCH, by="pass:1")
        assert (caught.value.code, caught.value.path) == ("STATUS_INVALID", "status.status")


class TestStatusPathProperty:
    """Issue 10 item 1, R10: random status targets follow ``TRANSITIONS`` exactly."""

    @settings(max_examples=150, deadline=None)
    @given(
        start=st.sampled_from([S.ACTIVE, S.PROPOSED]),
        targets=st.lists(st.sampled_from(S), max_size=10),
    )
    def test_path_follows_transitions(self, start: S, targets: list[S]) -> None:
        record = created(start)
        expected = start
        set_at: list[tuple[dt.datetime, S]] = [(EPOCH, start)]
        for minutes, target in enumerate(targets, start=1):
            at = instant(minutes)
            if target is expected:
                assert move(record, target, at).record is record
            elif target in cc.TRANSITIONS[expected]:
                record = move(record, target, at).record
                expected = target
                set_at.append((at, target))
            else:
                assert move_codes(record, target, at) == ["STATUS_TRANSITION_NOT_ALLOWED"]
            assert record.status is expected
        assert [(c.at, c.status) for c in record.status_history] == set_at
        for earlier, later in itertools.pairwise(record.status_history):
            assert later.status in cc.TRANSITIONS[earlier.status]
        for at, status in set_at:
            assert record.status_at(at) is status
        for minutes in range(len(targets) + 2):
            at = instant(minutes)
            for action in cc.Action:
                found = ask(record, CREATOR, at, "medical", action)
                assert found.allowed is (record.status_at(at) is S.ACTIVE)
