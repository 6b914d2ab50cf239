"""Issue 11 item 2: the events rebuild the record (``carecircle.history``), at every version and
instant; a member's timeline; a history that does not hold together is refused, saying where.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import carecircle as cc
from carecircle import events as ev
from carecircle import history
from carecircle import serialization as ser
from carecircle.nomenclatures import relationships as rel
from carecircle.roles import PCP, REPRESENTANT_LEGAL
from carecircle.testing.builders import (
    directory_professional,
    directory_structure,
    instant,
    manual_professional,
    new_record,
    related_person,
)

CREATOR = cc.Principal.from_entry(directory_professional(1))
EARLIER = instant(0) - dt.timedelta(seconds=1)
POLICY = cc.EmergencyPolicy(duration=dt.timedelta(hours=2))
Operation = Callable[[cc.CoordinationRecord, dt.datetime, int], cc.Change]


def _said(at: dt.datetime) -> cc.Statement:
    return cc.Statement(expressed_at=at - dt.timedelta(minutes=1), collected=cc.Collection.ORAL)


def _member(record: cc.CoordinationRecord, k: int) -> str:
    others = [m.member_id for m in record.circle if m.member_id != "M1"]
    return others[k % len(others)] if others else "M1"


def _standing(record: cc.CoordinationRecord, k: int) -> tuple[str, str]:
    found = [(m.member_id, r.refusal_id) for m in record.circle for r in m.refusals if r.standing]
    return found[k % len(found)] if found else ("M1", "R1")


MEMBERS: list[Callable[[int], cc.Member]] = [
    lambda k: directory_professional(10 + k),
    lambda k: directory_professional(10 + k, account=False),
    lambda k: directory_structure(10 + k),
    lambda k: related_person(10 + k),
    lambda k: manual_professional(10 + k),
]

OPERATIONS: dict[str, Operation] = {
    "add": lambda r, at, k: cc.add_member(
        r, MEMBERS[k % 5](k), actor=CREATOR, at=at, habilitated=k % 5 < 3 and k % 2 == 0,
        refusal=_said(at) if k % 4 == 0 else None,
    ),
    "representative": lambda r, at, k: cc.add_member(
        r, related_person(30 + k), actor=CREATOR, at=at, roles={REPRESENTANT_LEGAL},
        legal_protection=rel.TUTEUR, description="Fille",
    ),
    "update": lambda r, at, k: cc.update_member(
        r, _member(r, k), actor=CREATOR, at=at, roles=[(), {PCP}][k % 2],
        description=["", "Suivi", "Kiné"][k % 3],
    ),
    "habilitate": lambda r, at, k: cc.habilitate(
        r, _member(r, k), actor=CREATOR, at=at, until=at + dt.timedelta(days=k) if k else None
    ),
    "revoke": lambda r, at, k: cc.revoke_habilitation(r, _member(r, k), actor=CREATOR, at=at),
    "end": lambda r, at, k: cc.end_participation(r, _member(r, k), actor=CREATOR, at=at),
    "rejoin": lambda r, at, k: cc.rejoin(
        r, _member(r, k), actor=CREATOR, at=at, habilitated=k % 2 == 0
    ),
    "refresh": lambda r, at, k: cc.refresh_member(
        r, _member(r, k), actor=CREATOR, at=at,
        entry=directory_professional(10 + k % 20, family_name=["Roux", "Durand"][k % 2]),
    ),
    "refuse": lambda r, at, k: cc.record_refusal(
        r, _member(r, k), actor=CREATOR, at=at, statement=_said(at),
        categories=[(), {"medical"}][k % 2],
    ),
    "lift": lambda r, at, k: cc.lift_refusal(
        r, *_standing(r, k), actor=CREATOR, at=at, statement=_said(at)
    ),
    "error": lambda r, at, k: cc.mark_entered_in_error(
        r, _member(r, k), actor=CREATOR, at=at, reason="Homonyme"
    ),
    "status": lambda r, at, k: cc.change_status(
        r, ["suspended", "active", "inactive", "active"][k % 4], actor=CREATOR, at=at,
        reason="Hospitalisation",
    ),
    "emergency": lambda r, at, k: cc.open_in_emergency(
        r, principal=cc.Principal.from_entry(directory_professional(60 + k)),
        reason="Urgence", at=at, policy=POLICY,
    ),
}  # fmt: skip

STEPS = st.lists(
    st.tuples(
        st.sampled_from(sorted(OPERATIONS)),
        st.integers(min_value=0, max_value=40),
        st.integers(min_value=0, max_value=90),
    ),
    min_size=1,
    max_size=25,
)


def run(steps: list[tuple[str, int, int]]) -> list[cc.Change]:
    """The applied changes of ``steps`` (rejected ones skipped), creation first."""
    record, _ = new_record()
    changes = [
        cc.create_record(
            record_id="DC-1",
            patient=record.patient,
            creator=CREATOR,
            creator_entry=directory_professional(1),
            at=instant(0),
        )
    ]
    at = instant(0)
    for name, k, gap in steps:
        at += dt.timedelta(minutes=gap)
        try:
            change = OPERATIONS[name](changes[-1].record, at, k)
        except cc.ChangeRejected:
            continue
        if change.applied:
            changes.append(change)
    return changes


def events_of(changes: list[cc.Change]) -> list[ev.Event]:
    return [e for c in changes for e in c.events]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=STEPS)
def test_replaying_the_events_rebuilds_every_version(steps: list[tuple[str, int, int]]) -> None:
    """Issue 11: replaying random operation sequences rebuilds exactly the record the last
    operation returned, also from the events' JSON documents, and the record at version k is
    the one the k-th change returned.
    """
    changes = run(steps)
    events = events_of(changes)
    assert history.replay(events) == changes[-1].record
    # A store may keep the events only, as JSON documents: they rebuild the same record.
    stored = [ser.from_json(ser.to_json(e), ev.Event) for e in events]
    assert stored == events and history.replay(stored) == changes[-1].record
    assert [s.record for s in history.steps(events)] == [c.record for c in changes]
    for change in changes:
        version = change.record.version
        assert history.record_at_version(events, version) == change.record
        assert history.record_as_of(events, change.record.updated_at).version >= version


def scenario() -> list[cc.Change]:
    """Version 1 created; M2 added (2), habilitated until 09:40 (3), refused (4), left (5),
    back (6), its refusal lifted (7); M3 a representative (8); the circle suspended (9).
    """
    at, c, m2 = instant, CREATOR, directory_professional(2)
    return run_named(
        [
            lambda r: cc.add_member(r, m2, actor=c, at=at(5), roles={PCP}),
            lambda r: cc.habilitate(r, "M2", actor=c, at=at(6), until=at(40)),
            lambda r: cc.record_refusal(r, "M2", actor=c, at=at(7), statement=_said(at(7))),
            lambda r: cc.end_participation(r, "M2", actor=c, at=at(8)),
            lambda r: cc.rejoin(r, "M2", actor=c, at=at(9), roles=(), habilitated=True),
            lambda r: cc.lift_refusal(r, "M2", "R1", actor=c, at=at(10), statement=_said(at(10))),
            lambda r: cc.add_member(
                r, related_person(3), actor=c, at=at(11), roles={REPRESENTANT_LEGAL},
                legal_protection=rel.TUTEUR,
            ),
            lambda r: cc.change_status(r, "suspended", actor=c, at=at(12)),
        ]
    )  # fmt: skip


def run_named(steps: list[Callable[[cc.CoordinationRecord], cc.Change]]) -> list[cc.Change]:
    changes = run([])
    for operation in steps:
        changes.append(operation(changes[-1].record))
        assert changes[-1].applied
    return changes


class TestQueries:
    def test_the_record_as_it_stood_at_an_instant(self) -> None:
        changes = scenario()
        events = events_of(changes)
        assert history.record_as_of(events, instant(0)) == changes[0].record
        assert history.record_as_of(events, instant(7) + dt.timedelta(seconds=30)).version == 4
        paris = dt.timezone(dt.timedelta(hours=2))  # 11:30 in Paris is 09:30 UTC
        later = dt.datetime(2026, 11, 2, 11, 30, tzinfo=paris)
        assert history.record_as_of(events, later) == changes[-1].record
        with pytest.raises(cc.NotFoundError) as caught:
            history.record_as_of(events, instant(0) - dt.timedelta(seconds=1))
        assert caught.value.code == "RECORD_NOT_YET_CREATED"
        with pytest.raises(cc.InvalidValueError) as naive:
            history.record_as_of(events, dt.datetime(2026, 11, 2, 9, 0))  # noqa: DTZ001
        assert naive.value.code == "NAIVE_DATETIME"

    def test_a_version_never_reached(self) -> None:
        events = events_of(scenario())
        for version, code in ((10, "VERSION_NOT_FOUND"), (0, "VERSION_NOT_FOUND")):
            with pytest.raises(cc.NotFoundError) as caught:
                history.record_at_version(events, version)
            assert caught.value.code == code
        with pytest.raises(cc.InvalidValueError) as caught_type:
            history.record_at_version(events, True)
        assert (caught_type.value.code, caught_type.value.path) == ("WRONG_TYPE", "version")

    def test_a_members_timeline(self) -> None:
        events = events_of(scenario())
        line = history.timeline(events, "M2")
        assert [m.version for m in line.moments] == [2, 3, 4, 5, 6, 7]
        assert [type(e) for e in line.moments[0].events] == [ev.MemberAdded]
        assert [(s.start, s.end, s.added_by, s.ended_by) for s in line.stays] == [
            (instant(5), instant(8), "pass:1", "pass:1"),
            (instant(9), None, "pass:1", None),
        ]
        assert [(r.version, r.at, r.roles) for r in line.roles] == [
            (2, instant(5), frozenset({PCP})),
            (6, instant(9), frozenset()),
        ]
        assert [(h.version, h.habilitated, h.ends) for h in line.habilitations] == [
            (2, False, None),
            (3, True, instant(40)),
            (6, True, None),
        ]
        (refusal,) = line.refusals
        assert (refusal.recorded_at, refusal.recorded_by) == (instant(7), "pass:1")
        assert refusal.lifted is not None and refusal.lifted.recorded_at == instant(10)
        assert refusal.statement.collected is cc.Collection.ORAL
        assert line.membership == history.replay(events).circle.get("M2")
        assert history.timeline(events, "M3").membership.legal_protection == rel.TUTEUR

    def test_a_member_the_history_never_names(self) -> None:
        events = events_of(scenario())
        with pytest.raises(cc.NotFoundError) as caught:
            history.timeline(events, "M9")
        assert (caught.value.code, caught.value.path) == ("MEMBER_NOT_FOUND", "member_id")
        with pytest.raises(cc.InvalidValueError) as wrong:
            history.timeline(events, 2)  # type: ignore[arg-type]
        assert wrong.value.code == "WRONG_TYPE"


def _with(event: ev.Event, **changes: Any) -> ev.Event:
    """``event`` with other values (of its own class's fields)."""
    return attrs.evolve(event, **changes)


def _meta(event: ev.Event, **changes: Any) -> ev.Event:
    return attrs.evolve(event, meta=attrs.evolve(event.meta, **changes))


class TestBrokenHistories:
    """A history that does not hold together is refused with the event's position and code."""

    def refused(self, events: object) -> cc.InvalidValueError:
        with pytest.raises(cc.InvalidValueError) as caught:
            history.replay(events)  # type: ignore[arg-type]
        return caught.value

    def test_what_is_not_a_history(self) -> None:
        assert (self.refused([]).code, self.refused([]).path) == ("HISTORY_EMPTY", "events")
        assert (self.refused("events").code, self.refused("events").path) == (
            "WRONG_TYPE",
            "events",
        )
        events = events_of(scenario())
        assert self.refused([*events[:3], "x"]).path == "events[3]"

    @pytest.mark.parametrize(
        ("broken", "code", "path"),
        [
            (lambda e: e[1:], "HISTORY_INVALID", "events[0]"),
            (lambda e: [e[0], *e], "HISTORY_INVALID", "events[1]"),
            (lambda e: [*e[:3], *e[4:]], "HISTORY_VERSION_GAP", "events[3].meta.version"),
            (lambda e: [*e[:3], _meta(e[3], record_id="DC-2"), *e[4:]], "HISTORY_OTHER_RECORD",
             "events[3].meta.record_id"),
            (lambda e: [*e[:3], _meta(e[3], at=EARLIER), *e[4:]], "CHANGE_BEFORE_LAST",
             "events[3].meta.at"),
            (lambda e: [e[0], e[1], _meta(e[2], actor="pass:9"), *e[3:]], "HISTORY_INVALID",
             "events[2].meta"),
            (lambda e: [*e[:3], *e[3:4], *e[3:]], "MEMBER_ID_INVALID",
             "events[4].member_id"),
        ],
    )  # fmt: skip
    def test_order_versions_and_records(
        self, broken: Callable[[list[ev.Event]], list[ev.Event]], code: str, path: str
    ) -> None:
        # events: 0 RecordCreated, 1 MemberAdded (M1), 2 HabilitationGranted (M1), 3 MemberAdded M2
        events = events_of(scenario())
        assert [type(e) for e in events[:4]] == [
            ev.RecordCreated, ev.MemberAdded, ev.HabilitationGranted, ev.MemberAdded,
        ]  # fmt: skip
        error = self.refused(broken(events))
        assert (error.code, error.path) == (code, path)

    def test_events_that_do_not_apply(self) -> None:
        events = events_of(scenario())
        lifted = next(i for i, e in enumerate(events) if isinstance(e, ev.SharingRefusalWithdrawn))

        def m2(e: ev.Event) -> ev.Event:
            return _with(e, member_id="M9")

        cases: list[tuple[list[ev.Event], str, str]] = [
            ([*events[:3], m2(events[3])], "MEMBER_ID_INVALID", "events[3].member_id"),
            ([*events[:4], m2(events[4])], "MEMBER_NOT_FOUND", "events[4].members[M9]"),
            ([*events[:lifted], _with(events[lifted], refusal_id="R7")],
             "REFUSAL_NOT_FOUND", f"events[{lifted}].refusal_id"),
        ]  # fmt: skip
        refused = next(i for i, e in enumerate(events) if isinstance(e, ev.SharingRefusalRecorded))
        twice = _meta(events[refused], version=events[refused].meta.version + 1)
        cases.append(
            (
                [*events[: refused + 1], twice],
                "DUPLICATE_REFUSAL_ID",
                f"events[{refused + 1}].refusal_id",
            )
        )
        suspended = events[-1]
        assert isinstance(suspended, ev.CircleStatusChanged)
        wrong = attrs.evolve(suspended, before=cc.CircleStatus.PROPOSED)
        cases.append(
            ([*events[:-1], wrong], "STATUS_HISTORY_INVALID", f"events[{len(events) - 1}].before")
        )
        last = events[-1].meta
        again = _meta(events[0], version=last.version + 1, at=last.at)
        cases.append(([*events, again], "HISTORY_INVALID", f"events[{len(events)}]"))
        for broken, code, path in cases:
            error = self.refused(broken)
            assert (error.code, error.path) == (code, path), (code, path)

    def test_an_event_of_another_library(self) -> None:
        @attrs.frozen(kw_only=True)
        class Foreign(ev.Event):
            pass

        events = events_of(scenario())
        meta = attrs.evolve(events[-1].meta, version=events[-1].meta.version + 1)
        error = self.refused([*events, Foreign(meta=meta)])
        assert (error.code, error.path) == ("EVENT_UNKNOWN", f"events[{len(events)}]")

    def test_a_model_rule_broken_on_the_way_names_the_event(self) -> None:
        """A refusal expressed after it was recorded: the model's own code, at the event."""
        events = events_of(scenario())
        i = next(i for i, e in enumerate(events) if isinstance(e, ev.SharingRefusalRecorded))
        late = _with(events[i], expressed_at=instant(99))
        error = self.refused([*events[:i], late])
        assert error.code == "EXPRESSED_AFTER_RECORDED"
        assert error.path == f"events[{i}].refusal.statement.expressed_at"


def test_events_carry_no_contact_detail_in_their_repr() -> None:
    """R12: the events now carry the member; their reprs still hide contact details."""
    entry = attrs.evolve(
        directory_professional(2),
        contact=cc.Contact(mobile="06 12 34 56 78", email="dr.durand@example.fr"),
    )
    record, _ = new_record()
    change = cc.add_member(
        record, entry, actor=CREATOR, at=instant(1), description="06 11 22 33 44"
    )
    shown = repr(change.events)
    for detail in ("06 12 34 56 78", "612345678", "dr.durand", "06 11 22 33 44"):
        assert detail not in shown
    assert history.replay([*events_of(run([])), *change.events]).circle.get("M2").member == entry


def test_a_pending_habilitation_taking_effect_replays() -> None:
    """The refreshed entry brings the account; ``HabilitationTookEffect`` itself sets nothing."""
    pending = directory_professional(5, account=False)
    changes = run_named(
        [
            lambda r: cc.add_member(r, pending, actor=CREATOR, at=instant(1), habilitated=True),
            lambda r: cc.refresh_member(
                r, "M2", actor=CREATOR, at=instant(2), entry=directory_professional(5)
            ),
        ]
    )
    assert [type(e) for e in changes[-1].events] == [
        ev.MemberDetailsRefreshed,
        ev.HabilitationTookEffect,
    ]
    assert history.replay(events_of(changes)) == changes[-1].record
