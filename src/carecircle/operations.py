"""Operations (*opérations*) on a coordination record: pure functions returning a :class:`Change`.

Each takes the acting principal and the instant ``at`` (R10). It builds the candidate record,
checks every rule at once (R6 who may edit, R5, R7, R8, codes: R11), and either raises one
:class:`~carecircle.errors.ChangeRejected` carrying every violation — the record untouched — or
returns the new record (version + 1), the domain events and the notifications it calls for.
A change that changes nothing returns the record as it was, with no event.

>>> import datetime as dt
>>> from carecircle.model import DirectoryProfessional, PassAccount, Patient, Principal
>>> from carecircle.nomenclatures import professions
>>> at = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
>>> coordinator = DirectoryProfessional(national_id="810001234567",
...     account=PassAccount(id="pass:4711"), family_name="Roux", given_name="Anne")
>>> actor = Principal.from_entry(coordinator)
>>> change = create_record(record_id="DC-1", creator=actor, creator_entry=coordinator, at=at,
...     patient=Patient(patient_id="P-1", family_name="Martin", given_name="Louise"))
>>> change.record.version, [type(e).__name__ for e in change.events]
(1, ['RecordCreated', 'MemberAdded', 'HabilitationGranted'])
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable
from typing import Final

import attrs

from carecircle import events as ev
from carecircle.errors import Advisory, Violation, ViolationKind
from carecircle.identifiers import finess, idnat_ps
from carecircle.model.membership import Member, Membership, Participation, aware
from carecircle.model.people import DirectoryProfessional, Patient
from carecircle.model.principal import Principal
from carecircle.model.record import CareCircle, CoordinationRecord
from carecircle.model.structures import DirectoryStructure, ManualStructure
from carecircle.nomenclatures import Code
from carecircle.notifications import HabilitationNotice, habilitation_notices
from carecircle.roles import DEFAULT_ROLES, RoleCatalog
from carecircle.rules import editing
from carecircle.rules import record as record_rules
from carecircle.rules._common import member_path, raise_if_any

__all__ = [
    "KEEP",
    "Change",
    "Keep",
    "add_member",
    "create_record",
    "end_participation",
    "habilitate",
    "refresh_member",
    "rejoin",
    "revoke_habilitation",
    "update_member",
]


class Keep(enum.Enum):
    """The marker of an argument left as it is (where ``None`` is a value of its own)."""

    KEEP = enum.auto()


#: Keep the current value (for :func:`update_member`'s ``habilitation_ends``).
KEEP: Final = Keep.KEEP


@attrs.frozen(kw_only=True)
class Change:
    """The outcome of an operation: the new record, its events, the notifications to send."""

    record: CoordinationRecord
    events: tuple[ev.Event, ...] = ()
    notifications: tuple[HabilitationNotice, ...] = ()
    #: Warnings that did not block the change, e.g. an RPPS failing its Luhn key.
    advisories: tuple[Advisory, ...] = ()

    @property
    def applied(self) -> bool:
        """False when the operation changed nothing (the record is the one passed in)."""
        return bool(self.events)


def _advisories(m: Membership) -> tuple[Advisory, ...]:
    """Soft warnings on a new member's identifiers (real ANS test numbers fail Luhn)."""
    member = m.member
    if isinstance(member, DirectoryProfessional) and member.national_id is not None:
        path = member_path(m.member_id, "member.national_id")
        return idnat_ps.advisories(member.national_id, path=path)
    if isinstance(member, DirectoryStructure | ManualStructure) and member.finess is not None:
        return finess.advisories(member.finess, path=member_path(m.member_id, "member.finess"))
    return ()


def _edit_events(
    meta: ev.EventMeta, before: Membership | None, after: Membership
) -> list[ev.Event]:
    """Events for what changed on a membership: roles, description, habilitation, refusal.

    ``before`` is ``None`` for a new member, whose roles and description ``MemberAdded``
    already carries.
    """
    found: list[ev.Event] = []
    member_id = after.member_id
    if before is not None and after.roles != before.roles:
        found.append(
            ev.RolesChanged(
                meta=meta,
                member_id=member_id,
                added=after.roles - before.roles,
                removed=before.roles - after.roles,
            )
        )
    if before is not None and after.description != before.description:
        found.append(
            ev.DescriptionChanged(
                meta=meta, member_id=member_id, before=before.description, after=after.description
            )
        )
    was_habilitated = before is not None and before.habilitated
    # Renewing a habilitation that had expired grants it again, for the audit trail too.
    was_granting = before is not None and before.habilitated_at(meta.at)
    if after.habilitated_at(meta.at) and not was_granting:
        member = after.member
        pending = isinstance(member, DirectoryProfessional) and member.account is None
        found.append(
            ev.HabilitationGranted(
                meta=meta, member_id=member_id, pending=pending, until=after.habilitation_ends
            )
        )
    elif was_habilitated and not after.habilitated:
        found.append(ev.HabilitationRevoked(meta=meta, member_id=member_id))
    elif (
        before is not None
        and after.habilitated
        and after.habilitation_ends != before.habilitation_ends
    ):
        found.append(
            ev.HabilitationEndChanged(
                meta=meta,
                member_id=member_id,
                before=before.habilitation_ends,
                after=after.habilitation_ends,
            )
        )
    was_refused = before is not None and before.sharing_refused
    if after.sharing_refused and not was_refused:
        found.append(ev.SharingRefusalRecorded(meta=meta, member_id=member_id))
    elif was_refused and not after.sharing_refused:
        found.append(ev.SharingRefusalWithdrawn(meta=meta, member_id=member_id))
    return found


def _apply(
    before: CoordinationRecord,
    membership: Membership,
    *,
    actor: Principal,
    at: dt.datetime,
    catalog: RoleCatalog,
    describe: Callable[[ev.EventMeta], list[ev.Event]],
) -> Change:
    """Check and apply one membership's new state; the common path of every operation."""
    after = attrs.evolve(
        before,
        circle=before.circle.replace(membership),
        version=before.version + 1,
        # An earlier instant is reported by the rules below; the candidate stays consistent.
        updated_at=max(at, before.updated_at),
    )
    record_rules.validate_change(
        before, after, actor=actor, at=at, changed={membership.member_id}, catalog=catalog
    )
    meta = ev.EventMeta(record_id=before.record_id, version=after.version, actor=actor.label, at=at)
    described = describe(meta)
    if not described:
        return Change(record=before)
    notices = habilitation_notices(before, after, at=at, actor=actor.account)
    return Change(record=after, events=tuple(described), notifications=notices)


def create_record(
    *,
    record_id: str,
    patient: Patient,
    creator: Principal,
    creator_entry: DirectoryProfessional,
    at: dt.datetime,
    roles: Iterable[Code] = (),
    description: str = "",
    catalog: RoleCatalog = DEFAULT_ROLES,
) -> Change:
    """Create a coordination record; its creator joins the circle, habilitated (G1).

    ``creator_entry`` is the creator's directory entry; it must be ``creator`` and the creator
    must end up with effective access (an active PASS account, no refusal).
    """
    membership = _new_membership(
        "M1",
        creator_entry,
        actor=creator,
        at=at,
        roles=roles,
        description=description,
        habilitated=True,
        sharing_refused=False,
    )
    record = CoordinationRecord(
        record_id=record_id,
        patient=patient,
        circle=CareCircle(memberships=(membership,)),
        created_by=creator.label,
        created_at=at,
    )
    found: list[Violation] = []
    if not creator.is_professional(creator_entry):
        found.append(
            Violation(
                code="CREATOR_MISMATCH",
                path="creator_entry",
                message="the creator's directory entry must be the creator's own (G1)",
                kind=ViolationKind.PERMISSION,
            )
        )
    else:
        found.extend(editing.check(record, creator, at=at))
    found.extend(record_rules.check(record, at=at, catalog=catalog))
    raise_if_any(found)
    meta = ev.EventMeta(record_id=record_id, version=1, actor=creator.label, at=at)
    return Change(
        record=record,
        events=(
            ev.RecordCreated(meta=meta, patient_id=patient.patient_id, creator_member_id="M1"),
            *_joined(meta, membership),
        ),
        advisories=_advisories(membership),
    )


def _new_membership(
    member_id: str,
    member: Member,
    *,
    actor: Principal,
    at: dt.datetime,
    roles: Iterable[Code],
    description: str,
    habilitated: bool,
    sharing_refused: bool,
    habilitation_ends: dt.datetime | None = None,
) -> Membership:
    return Membership(
        member_id=member_id,
        member=member,
        roles=roles,
        description=description,
        habilitated=habilitated,
        habilitation_ends=habilitation_ends,
        sharing_refused=sharing_refused,
        participations=(Participation(start=aware(at), added_by=actor.label),),
    )


def _joined(meta: ev.EventMeta, m: Membership) -> list[ev.Event]:
    """The events of a member joining: ``MemberAdded``, then its flags' events."""
    added = ev.MemberAdded(
        meta=meta,
        member_id=m.member_id,
        kind=m.kind,
        roles=m.roles,
        habilitated=m.habilitated,
        sharing_refused=m.sharing_refused,
    )
    return [added, *_edit_events(meta, None, m)]


def add_member(
    record: CoordinationRecord,
    member: Member,
    *,
    actor: Principal,
    at: dt.datetime,
    roles: Iterable[Code] = (),
    description: str = "",
    habilitated: bool = False,
    habilitation_ends: dt.datetime | None = None,
    sharing_refused: bool = False,
    catalog: RoleCatalog = DEFAULT_ROLES,
) -> Change:
    """Add a member of any kind to the circle (G3, G8, G9, G10, G12).

    Only directory members may be habilitated (R5); a directory member already active is a
    duplicate (R8); unique roles stay unique (R7); the actor needs effective access (R6).
    ``habilitation_ends`` limits the habilitation in time (exclusive; after ``at``).
    """
    membership = _new_membership(
        record.circle.next_member_id(),
        member,
        actor=actor,
        at=at,
        roles=roles,
        description=description,
        habilitated=habilitated,
        sharing_refused=sharing_refused,
        habilitation_ends=habilitation_ends,
    )
    change = _apply(
        record,
        membership,
        actor=actor,
        at=at,
        catalog=catalog,
        describe=lambda meta: _joined(meta, membership),
    )
    return attrs.evolve(change, advisories=_advisories(membership))


def _current(
    record: CoordinationRecord,
    member_id: str,
    *,
    actor: Principal,
    at: dt.datetime,
    active: bool,
    also: Callable[[Membership], Iterable[Violation]] = lambda _m: (),
) -> Membership:
    """The membership to change, which must be active (or ended, ``active=False``).

    Its absence or state, and what ``also`` finds wrong with it, are reported together with
    the actor's own violations (R11). When the membership is fit to change, the actor is
    judged later, with the rest of the change (:func:`_apply`).
    """
    aware(at)
    found: list[Violation] = []
    membership = record.circle.find(member_id)
    if membership is None:
        found.append(
            Violation(
                code="MEMBER_NOT_FOUND",
                path=f"members[{member_id}]",
                message="no member of the circle has this id",
                kind=ViolationKind.NOT_FOUND,
            )
        )
    elif membership.is_active(at) != active:
        code, message = (
            ("MEMBER_NOT_ACTIVE", "this member has left the circle (R9)")
            if active
            else ("MEMBER_ALREADY_ACTIVE", "this member is still in the circle (R9)")
        )
        found.append(
            Violation(code=code, path=member_path(member_id, "participations"), message=message)
        )
    if membership is not None:
        found.extend(also(membership))
    if found:
        raise_if_any([*editing.check(record, actor, at=at), *found])
    assert membership is not None  # noqa: S101 -- its absence was reported just above
    return membership


def update_member(
    record: CoordinationRecord,
    member_id: str,
    *,
    actor: Principal,
    at: dt.datetime,
    roles: Iterable[Code] | None = None,
    description: str | None = None,
    sharing_refused: bool | None = None,
    habilitated: bool | None = None,
    habilitation_ends: dt.datetime | Keep | None = KEEP,
    catalog: RoleCatalog = DEFAULT_ROLES,
) -> Change:
    """Edit an active member: roles, description, sharing refusal, habilitation (G4).

    Arguments left at ``None`` keep their value; ``habilitation_ends`` is kept unless given
    (``None`` removes the end), goes with the habilitation when it is switched off, and is
    dropped when ``habilitated=True`` switches on again a habilitation that has expired. The
    same rules as for adding apply.
    """
    before = _current(record, member_id, actor=actor, at=at, active=True)
    switched = before.habilitated if habilitated is None else habilitated
    if isinstance(habilitation_ends, Keep):
        # Switching on a habilitation whose end has passed renews it, without end.
        renewed = habilitated is True and before.habilitation_expired(at)
        habilitation_ends = before.habilitation_ends if switched and not renewed else None
    after = attrs.evolve(
        before,
        roles=before.roles if roles is None else frozenset(roles),
        description=before.description if description is None else description,
        sharing_refused=before.sharing_refused if sharing_refused is None else sharing_refused,
        habilitated=switched,
        habilitation_ends=habilitation_ends,
    )

    return _apply(
        record,
        after,
        actor=actor,
        at=at,
        catalog=catalog,
        describe=lambda meta: _edit_events(meta, before, after),
    )


def habilitate(
    record: CoordinationRecord,
    member_id: str,
    *,
    actor: Principal,
    at: dt.datetime,
    until: dt.datetime | None = None,
) -> Change:
    """Switch a member's habilitation on (G4, G5); only directory members qualify (R5).

    ``until`` limits it in time: from ``at`` up to, not including, ``until`` (a replacement
    doctor for two weeks). Habilitating again sets the end anew (``None``: no end).
    """
    return update_member(
        record, member_id, actor=actor, at=at, habilitated=True, habilitation_ends=until
    )


def revoke_habilitation(
    record: CoordinationRecord, member_id: str, *, actor: Principal, at: dt.datetime
) -> Change:
    """Switch a member's habilitation off (G4): they stay in the care team, without access."""
    return update_member(
        record, member_id, actor=actor, at=at, habilitated=False, habilitation_ends=None
    )


def end_participation(
    record: CoordinationRecord, member_id: str, *, actor: Principal, at: dt.datetime
) -> Change:
    """Remove a member from the circle by ending their participation at ``at`` (R9).

    Nothing is erased: the membership keeps its periods and may come back with :func:`rejoin`.
    """
    before = _current(record, member_id, actor=actor, at=at, active=True)
    closed = attrs.evolve(before.current, end=at, ended_by=actor.label)
    after = attrs.evolve(before, participations=(*before.participations[:-1], closed))
    return _apply(
        record,
        after,
        actor=actor,
        at=at,
        catalog=DEFAULT_ROLES,
        describe=lambda meta: [ev.ParticipationEnded(meta=meta, member_id=member_id)],
    )


def rejoin(
    record: CoordinationRecord,
    member_id: str,
    *,
    actor: Principal,
    at: dt.datetime,
    roles: Iterable[Code] | None = None,
    habilitated: bool = False,
    habilitation_ends: dt.datetime | None = None,
    catalog: RoleCatalog = DEFAULT_ROLES,
) -> Change:
    """Bring back a member who left, as a new participation period of the same member (R9).

    Roles are kept unless given; the habilitation is decided anew (off unless asked); the
    patient's sharing refusal, if any, still holds.
    """
    before = _current(record, member_id, actor=actor, at=at, active=False)
    after = attrs.evolve(
        before,
        roles=before.roles if roles is None else frozenset(roles),
        habilitated=habilitated,
        habilitation_ends=habilitation_ends,
        participations=(*before.participations, Participation(start=at, added_by=actor.label)),
    )
    return _apply(
        record,
        after,
        actor=actor,
        at=at,
        catalog=catalog,
        describe=lambda meta: [
            ev.ParticipationResumed(meta=meta, member_id=member_id),
            *_edit_events(meta, before, after),
        ],
    )


def refresh_member(
    record: CoordinationRecord,
    member_id: str,
    *,
    entry: DirectoryProfessional | DirectoryStructure,
    actor: Principal,
    at: dt.datetime,
    catalog: RoleCatalog = DEFAULT_ROLES,
) -> Change:
    """Replace a directory member's details with the directory's entry of now (G3, R5).

    The entry must describe the same professional or structure: the same kind and at least
    one identity key in common (national id, account, FINESS, SIRET). When a habilitated
    professional's new entry brings an active PASS account, the pending habilitation takes
    effect and the change carries G14's notice.
    """

    def same_identity(m: Membership) -> list[Violation]:
        if type(m.member) is type(entry) and m.identity_keys & entry.identity_keys:
            return []
        return [
            Violation(
                code="ENTRY_MISMATCH",
                path=member_path(member_id, "member"),
                message="the directory entry describes another professional or structure",
            )
        ]

    before = _current(record, member_id, actor=actor, at=at, active=True, also=same_identity)
    after = attrs.evolve(before, member=entry)
    change = _apply(
        record,
        after,
        actor=actor,
        at=at,
        catalog=catalog,
        describe=lambda meta: (
            [ev.MemberDetailsRefreshed(meta=meta, member_id=member_id)]
            if entry != before.member
            else []
        ),
    )
    return attrs.evolve(change, advisories=_advisories(after))
