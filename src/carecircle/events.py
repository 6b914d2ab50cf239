"""Domain events (*événements*): what a change did, in the past tense, for the audit trail.

Every event carries :class:`EventMeta` (record, version after the change, acting principal,
instant) and what changed. One change may produce several events; they share one version.

Events are the history of a record: each carries what it takes to rebuild it, the new values
of what it changed (the instant and the actor of every stay, refusal or status change are its
``meta``'s), so :func:`carecircle.history.replay` rebuilds the record from them alone.

>>> import datetime as dt
>>> meta = EventMeta(record_id="DC-1", version=3, actor="pass:4711",
...                  at=dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC))
>>> HabilitationGranted(meta=meta, member_id="M3", pending=True).pending
True
"""

from __future__ import annotations

import datetime as dt

import attrs

from carecircle._model._fields import instant, optional_instant, redacted
from carecircle._model.kinds import MemberKind
from carecircle._model.lifecycle import CircleStatus
from carecircle._model.membership import Member
from carecircle._model.people import Patient
from carecircle._model.refusals import Collection
from carecircle.nomenclatures import Code

__all__ = [
    "CircleStatusChanged",
    "DescriptionChanged",
    "EmergencyAccessOpened",
    "Event",
    "EventMeta",
    "HabilitationEndChanged",
    "HabilitationGranted",
    "HabilitationRevoked",
    "HabilitationTookEffect",
    "LegalProtectionChanged",
    "MemberAdded",
    "MemberDetailsRefreshed",
    "MemberEnteredInError",
    "ParticipationEnded",
    "ParticipationResumed",
    "RecordCreated",
    "RolesChanged",
    "SharingRefusalRecorded",
    "SharingRefusalWithdrawn",
]


@attrs.frozen(kw_only=True)
class EventMeta:
    """Who did it, when, to which record, and the record version it produced; ``at`` is
    kept in UTC, whatever zone it came in (R10).
    """

    record_id: str
    version: int
    actor: str
    at: dt.datetime = instant("meta.at")


@attrs.frozen(kw_only=True)
class Event:
    """Base of every domain event."""

    meta: EventMeta


@attrs.frozen(kw_only=True)
class RecordCreated(Event):
    """A record was created for ``patient``, its circle in ``status`` (active or proposed);
    its creator joined as member ``creator_member_id`` (G1), whose ``MemberAdded`` follows.
    """

    patient: Patient
    creator_member_id: str
    status: CircleStatus = CircleStatus.ACTIVE

    @property
    def patient_id(self) -> str:
        return self.patient.patient_id


@attrs.frozen(kw_only=True)
class MemberAdded(Event):
    """A member joined the circle (G3, G8–G10, G12): who they are, their roles, description
    (never in the ``repr``, R12), protection measure and habilitation switch with its end
    (a granted habilitation and any refusal have events of their own, which follow).
    """

    member_id: str
    member: Member
    roles: frozenset[Code]
    habilitated: bool
    habilitation_ends: dt.datetime | None = optional_instant("habilitation_ends")
    description: str = attrs.field(default="", repr=redacted)
    legal_protection: Code | None = None

    @property
    def kind(self) -> MemberKind:
        return self.member.kind


@attrs.frozen(kw_only=True)
class MemberEnteredInError(Event):
    """A member was marked entered in error: added by mistake, they never took part; the
    reason given is never in the ``repr``.
    """

    member_id: str
    reason: str = attrs.field(default="", repr=redacted)


@attrs.frozen(kw_only=True)
class LegalProtectionChanged(Event):
    """The protection measure a legal representative exercises changed (TRE_R217)."""

    member_id: str
    before: Code | None
    after: Code | None


@attrs.frozen(kw_only=True)
class MemberDetailsRefreshed(Event):
    """A directory member's details were replaced by the directory's current entry (G3),
    ``member``.
    """

    member_id: str
    member: Member


@attrs.frozen(kw_only=True)
class RolesChanged(Event):
    """A member's roles changed (G4)."""

    member_id: str
    added: frozenset[Code]
    removed: frozenset[Code]


@attrs.frozen(kw_only=True)
class DescriptionChanged(Event):
    """A member's description changed (G4); the ``repr`` never shows either text (R12)."""

    member_id: str
    before: str = attrs.field(repr=redacted)
    after: str = attrs.field(repr=redacted)


@attrs.frozen(kw_only=True)
class HabilitationGranted(Event):
    """A member was habilitated (G5); ``pending`` while they have no PASS account (R5);
    ``until`` is the end of a time-limited habilitation (exclusive). ``gives_access`` is false
    when the grant opens nothing by itself: pending, a PASS account that is not active, or a
    structure that does not operate as a legal entity on the platform (G11).
    """

    member_id: str
    pending: bool = False
    until: dt.datetime | None = optional_instant("until")
    gives_access: bool = True


@attrs.frozen(kw_only=True)
class HabilitationTookEffect(Event):
    """A pending habilitation took effect: the member's directory entry now has an active PASS
    account (R5, G14).
    """

    member_id: str


@attrs.frozen(kw_only=True)
class HabilitationEndChanged(Event):
    """A member's habilitation got another end (``None``: no end any more), whether it is
    switched on or was just switched off.
    """

    member_id: str
    before: dt.datetime | None = optional_instant("before")
    after: dt.datetime | None = optional_instant("after")


@attrs.frozen(kw_only=True)
class HabilitationRevoked(Event):
    """A member's habilitation was switched off (G4)."""

    member_id: str


@attrs.frozen(kw_only=True)
class SharingRefusalRecorded(Event):
    """The patient (or their legal representative, ``expressed_by``) refused sharing with
    this member (R4): the whole record, or only ``categories``; they said so at
    ``expressed_at`` (``collected`` says how), and ``meta`` says who recorded it and when.
    """

    member_id: str
    refusal_id: str
    expressed_by: str
    expressed_at: dt.datetime = instant("expressed_at")
    collected: Collection | None = None
    categories: frozenset[str] = frozenset()


@attrs.frozen(kw_only=True)
class SharingRefusalWithdrawn(Event):
    """The patient (or their legal representative, ``expressed_by``) lifted a refusal (R4),
    saying so at ``expressed_at`` (``collected`` says how).
    """

    member_id: str
    refusal_id: str
    expressed_by: str
    expressed_at: dt.datetime = instant("expressed_at")
    collected: Collection | None = None


@attrs.frozen(kw_only=True)
class CircleStatusChanged(Event):
    """The circle's status changed (CDS ``CareTeam.status``); ``reason`` never in the ``repr``."""

    before: CircleStatus
    after: CircleStatus
    reason: str = attrs.field(default="", repr=redacted)


@attrs.frozen(kw_only=True)
class EmergencyAccessOpened(Event):
    """A professional opened the record in an emergency (*bris de glace*), until ``ends``;
    the reason they gave is never in the ``repr``.
    """

    access_id: str
    account: str
    national_id: str | None = None
    ends: dt.datetime = instant("ends")
    reason: str = attrs.field(default="", repr=redacted)


@attrs.frozen(kw_only=True)
class ParticipationEnded(Event):
    """A member left the circle: their participation period was closed (R9)."""

    member_id: str


@attrs.frozen(kw_only=True)
class ParticipationResumed(Event):
    """A member who had left came back, as a new participation period (R9)."""

    member_id: str
