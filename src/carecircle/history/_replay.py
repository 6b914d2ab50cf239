"""Applying events: each one sets what it changed to the value it carries (see
:mod:`carecircle.events`), the instant and actor coming from its ``meta``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final

import attrs

from carecircle import events as ev
from carecircle._errors import InvalidValueError, ViolationError, wrong_type
from carecircle._model.lifecycle import EmergencyAccess, StatusChange
from carecircle._model.membership import Membership, Participation
from carecircle._model.record import CareCircle, CoordinationRecord
from carecircle._model.refusals import EnteredInError, Lifting, Refusal, Statement

__all__ = ["Step", "steps"]


@attrs.frozen(kw_only=True)
class Step:
    """One change of the history: its events (they share one ``meta``) and the record after it."""

    events: tuple[ev.Event, ...]
    record: CoordinationRecord

    @property
    def meta(self) -> ev.EventMeta:
        return self.events[0].meta


def _invalid(code: str, path: str, message: str) -> InvalidValueError:
    return InvalidValueError.of(code, path, message)


# -- what each event does to a membership ------------------------------------------------------

MemberEvent = Callable[[Membership, Any, ev.EventMeta], Membership]


def _stay_ended(m: Membership, _e: ev.ParticipationEnded, meta: ev.EventMeta) -> Membership:
    closed = attrs.evolve(m.current, end=meta.at, ended_by=meta.actor)
    return attrs.evolve(m, participations=(*m.participations[:-1], closed))


def _stay_resumed(m: Membership, _e: ev.ParticipationResumed, meta: ev.EventMeta) -> Membership:
    stay = Participation(start=meta.at, added_by=meta.actor)
    return attrs.evolve(m, participations=(*m.participations, stay))


def _refused(m: Membership, e: ev.SharingRefusalRecorded, meta: ev.EventMeta) -> Membership:
    if m.find_refusal(e.refusal_id) is not None:
        raise _invalid("DUPLICATE_REFUSAL_ID", "refusal_id", "this refusal was recorded already")
    said = Statement(
        expressed_by=e.expressed_by, expressed_at=e.expressed_at, collected=e.collected
    )
    refusal = Refusal(
        refusal_id=e.refusal_id,
        statement=said,
        recorded_by=meta.actor,
        recorded_at=meta.at,
        categories=e.categories,
    )
    return attrs.evolve(m, refusals=(*m.refusals, refusal))


def _lifted(m: Membership, e: ev.SharingRefusalWithdrawn, meta: ev.EventMeta) -> Membership:
    refusal = m.find_refusal(e.refusal_id)
    if refusal is None or refusal.lifted is not None:
        raise _invalid(
            "REFUSAL_NOT_FOUND", "refusal_id", "no standing refusal of this member has this id"
        )
    said = Statement(
        expressed_by=e.expressed_by, expressed_at=e.expressed_at, collected=e.collected
    )
    lifting = Lifting(statement=said, recorded_by=meta.actor, recorded_at=meta.at)
    return attrs.evolve(
        m,
        refusals=tuple(attrs.evolve(r, lifted=lifting) if r is refusal else r for r in m.refusals),
    )


def _in_error(m: Membership, e: ev.MemberEnteredInError, meta: ev.EventMeta) -> Membership:
    marked = EnteredInError(at=meta.at, by=meta.actor, reason=e.reason)
    return attrs.evolve(m, entered_in_error=marked)


def _roles(m: Membership, e: ev.RolesChanged, _meta: ev.EventMeta) -> Membership:
    return attrs.evolve(m, roles=(m.roles - e.removed) | e.added)


def _granted(m: Membership, e: ev.HabilitationGranted, _meta: ev.EventMeta) -> Membership:
    return attrs.evolve(m, habilitated=True, habilitation_ends=e.until)


def _unchanged(m: Membership, _e: ev.Event, _meta: ev.EventMeta) -> Membership:
    return m


_MEMBER_EVENTS: Final[dict[type[ev.Event], MemberEvent]] = {
    ev.MemberEnteredInError: _in_error,
    ev.ParticipationEnded: _stay_ended,
    ev.ParticipationResumed: _stay_resumed,
    ev.MemberDetailsRefreshed: lambda m, e, _: attrs.evolve(m, member=e.member),
    ev.RolesChanged: _roles,
    ev.DescriptionChanged: lambda m, e, _: attrs.evolve(m, description=e.after),
    ev.LegalProtectionChanged: lambda m, e, _: attrs.evolve(m, legal_protection=e.after),
    ev.HabilitationGranted: _granted,
    ev.HabilitationRevoked: lambda m, _e, _: attrs.evolve(m, habilitated=False),
    ev.HabilitationEndChanged: lambda m, e, _: attrs.evolve(m, habilitation_ends=e.after),
    # The refreshed entry (its own event, just before) brought the active account.
    ev.HabilitationTookEffect: _unchanged,
    ev.SharingRefusalRecorded: _refused,
    ev.SharingRefusalWithdrawn: _lifted,
}


# -- what each event does to the record ------------------------------------------------------


def _added(record: CoordinationRecord, e: ev.MemberAdded) -> CoordinationRecord:
    expected = record.circle.next_member_id()
    if e.member_id != expected:
        raise _invalid(
            "MEMBER_ID_INVALID", "member_id", f"the next member added gets the id {expected}"
        )
    meta = e.meta
    membership = Membership(
        member_id=e.member_id,
        member=e.member,
        roles=e.roles,
        description=e.description,
        legal_protection=e.legal_protection,
        habilitated=e.habilitated,
        habilitation_ends=e.habilitation_ends,
        participations=(Participation(start=meta.at, added_by=meta.actor),),
    )
    return attrs.evolve(record, circle=record.circle.replace(membership))


def _status(record: CoordinationRecord, e: ev.CircleStatusChanged) -> CoordinationRecord:
    if e.before is not record.status:
        raise _invalid("STATUS_HISTORY_INVALID", "before", f"the circle was {record.status}")
    change = StatusChange(status=e.after, at=e.meta.at, by=e.meta.actor, reason=e.reason)
    return attrs.evolve(record, status_history=(*record.status_history, change))


def _emergency(record: CoordinationRecord, e: ev.EmergencyAccessOpened) -> CoordinationRecord:
    access = EmergencyAccess(
        access_id=e.access_id,
        account=e.account,
        national_id=e.national_id,
        reason=e.reason,
        starts=e.meta.at,
        ends=e.ends,
    )
    return attrs.evolve(record, emergency_accesses=(*record.emergency_accesses, access))


def _apply(record: CoordinationRecord, event: ev.Event) -> CoordinationRecord:
    if isinstance(event, ev.MemberAdded):
        return _added(record, event)
    if isinstance(event, ev.CircleStatusChanged):
        return _status(record, event)
    if isinstance(event, ev.EmergencyAccessOpened):
        return _emergency(record, event)
    if isinstance(event, ev.RecordCreated):
        raise _invalid("HISTORY_INVALID", "", "a record is created once, by its first event")
    handler = _MEMBER_EVENTS.get(type(event))
    if handler is None:
        raise _invalid("EVENT_UNKNOWN", "", "not an event of carecircle.events")
    member_id: str = event.member_id  # type: ignore[attr-defined]  # every member event has one
    before = record.circle.get(member_id)
    after = handler(before, event, event.meta)
    return attrs.evolve(record, circle=record.circle.replace(after))


def _created(event: ev.RecordCreated) -> CoordinationRecord:
    meta = event.meta
    first = StatusChange(status=event.status, at=meta.at, by=meta.actor)
    return CoordinationRecord(
        record_id=meta.record_id,
        patient=event.patient,
        circle=CareCircle(),
        created_by=meta.actor,
        created_at=meta.at,
        status_history=(first,),
    )


def _next_change(record: CoordinationRecord, meta: ev.EventMeta) -> CoordinationRecord:
    """The record a new change (of ``meta``) starts from: its version and instant."""
    if meta.record_id != record.record_id:
        raise _invalid("HISTORY_OTHER_RECORD", "meta.record_id", "the events of one record only")
    if meta.version != record.version + 1:
        raise _invalid(
            "HISTORY_VERSION_GAP",
            "meta.version",
            f"the change after version {record.version} makes version {record.version + 1}",
        )
    if meta.at < record.updated_at:
        raise _invalid(
            "CHANGE_BEFORE_LAST", "meta.at", "a change comes no earlier than the one before (R10)"
        )
    return attrs.evolve(record, version=meta.version, updated_at=meta.at)


def _located(i: int, error: ViolationError) -> InvalidValueError:
    """``error`` found applying ``events[i]``, with that position in its path."""
    path = f"events[{i}]" + (f".{error.path}" if error.path else "")
    return _invalid(error.code, path, error.message)


def _checked(events: object) -> Iterator[tuple[int, ev.Event]]:
    if isinstance(events, str | bytes) or not isinstance(events, Iterable):
        raise wrong_type("events", "an iterable of events")
    for i, event in enumerate(events):
        if not isinstance(event, ev.Event):
            raise wrong_type(f"events[{i}]", "an Event")
        yield i, event


def steps(events: Iterable[ev.Event]) -> Iterator[Step]:
    """Every change of the history, oldest first, with the record it produced.

    The first event is the record's ``RecordCreated``; events of one change share their
    ``meta``; each change makes the next version, no earlier than the one before. A history
    that breaks this, or an event that does not apply to the record as it stands (a member
    unknown, a refusal lifted twice…), raises :class:`~carecircle.InvalidValueError`
    with the event's position (``events[3]``) and the code of what is wrong.
    """
    record: CoordinationRecord | None = None
    group: list[ev.Event] = []
    for i, event in _checked(events):
        meta = event.meta
        try:
            if record is None:
                if not isinstance(event, ev.RecordCreated) or meta.version != 1:
                    raise _invalid(
                        "HISTORY_INVALID", "", "a history starts with RecordCreated, version 1"
                    )
                record = _created(event)
            elif meta != group[0].meta:
                if meta.version == group[0].meta.version:
                    raise _invalid("HISTORY_INVALID", "meta", "the events of a change share it")
                yield Step(events=tuple(group), record=record)
                group = []
                record = _apply(_next_change(record, meta), event)
            else:
                record = _apply(record, event)
        except ViolationError as error:
            raise _located(i, error) from None
        group.append(event)
    if record is None:
        raise _invalid("HISTORY_EMPTY", "events", "a history holds at least the record's creation")
    yield Step(events=tuple(group), record=record)
