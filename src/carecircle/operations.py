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
from carecircle import instants
from carecircle.errors import Advisory, ConflictError, Violation, ViolationKind, wrong_type
from carecircle.identifiers import finess, idnat_ps
from carecircle.model.membership import Member, Membership, Participation
from carecircle.model.people import (
    DirectoryProfessional,
    ManualProfessional,
    Patient,
    RelatedPerson,
)
from carecircle.model.principal import Principal
from carecircle.model.record import CareCircle, CoordinationRecord
from carecircle.model.structures import DirectoryStructure, ManualStructure
from carecircle.nomenclatures import Code
from carecircle.notifications import HabilitationNotice, habilitation_notices
from carecircle.roles import DEFAULT_ROLES, RoleCatalog
from carecircle.rules import editing, privacy
from carecircle.rules import record as record_rules
from carecircle.rules._common import member_path, raise_if_any
from carecircle.rules._index import pass_on

__all__ = [
    "KEEP",
    "VERSION_CONFLICT",
    "Change",
    "Keep",
    "add_member",
    "check_version",
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

#: The code of a write based on another version than the record's (:class:`ConflictError`).
VERSION_CONFLICT: Final = "VERSION_CONFLICT"

_MEMBER_TYPES: Final = (
    DirectoryProfessional,
    ManualProfessional,
    RelatedPerson,
    DirectoryStructure,
    ManualStructure,
)


# -- the boundary: types, instants and versions, checked before any rule ---------------------


def _typed(value: object, expected: type | tuple[type, ...], path: str, what: str) -> None:
    if not isinstance(value, expected):
        raise wrong_type(path, what)


def _flag(value: object, path: str) -> bool:
    if not isinstance(value, bool):
        raise wrong_type(path, "a bool")
    return value


def _optional_flag(value: object, path: str) -> bool | None:
    return None if value is None else _flag(value, path)


def _text(value: object, path: str) -> str:
    if not isinstance(value, str):
        raise wrong_type(path, "a str")
    return value


def _roles(values: object, path: str = "roles") -> frozenset[Code]:
    """``roles`` as a frozen set of codes; ``WRONG_TYPE`` at ``roles`` or ``roles[i]``."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise wrong_type(path, "an iterable of Code")
    found = []
    for i, code in enumerate(values):
        if not isinstance(code, Code):
            raise wrong_type(f"{path}[{i}]", "a Code")
        found.append(code)
    return frozenset(found)


def _optional_roles(values: object) -> frozenset[Code] | None:
    return None if values is None else _roles(values)


def _catalog(value: object) -> RoleCatalog:
    _typed(value, RoleCatalog, "catalog", "a RoleCatalog")
    assert isinstance(value, RoleCatalog)  # noqa: S101 -- checked just above
    return value


def _expect(record: object, expected_version: object) -> CoordinationRecord:
    """The record, checked: a :class:`CoordinationRecord` whose version is the one the caller
    read, when they say which (``VERSION_CONFLICT``, a :class:`ConflictError` raised alone).
    """
    if not isinstance(record, CoordinationRecord):
        raise wrong_type("record", "a CoordinationRecord")
    if expected_version is None:
        return record
    if isinstance(expected_version, bool) or not isinstance(expected_version, int):
        raise wrong_type("expected_version", "an int")
    if expected_version != record.version:
        raise ConflictError.of(
            VERSION_CONFLICT,
            "expected_version",
            f"the change is based on version {expected_version} but the record is at version "
            f"{record.version}: reload it and apply the change again",
        )
    return record


def _boundary(
    record: object, actor: object, at: object, expected_version: object
) -> tuple[CoordinationRecord, Principal, dt.datetime]:
    """The common arguments of every operation on a record, checked in this order: the
    record and its version, the actor, the instant (made UTC, R10).
    """
    checked = _expect(record, expected_version)
    _typed(actor, Principal, "actor", "a Principal")
    assert isinstance(actor, Principal)  # noqa: S101 -- checked just above
    return checked, actor, instants.utc(at, "at")


def check_version(record: CoordinationRecord, expected_version: int | None) -> None:
    """Raise ``VERSION_CONFLICT`` (a :class:`ConflictError`) when ``expected_version`` is
    given and is not ``record.version``; what every operation does first.
    """
    _expect(record, expected_version)


@attrs.frozen(kw_only=True)
class Change:
    """The outcome of an operation: the new record, its events, the notifications to send."""

    record: CoordinationRecord
    #: The version of the record the change was applied to (0 for a record it creates): a
    #: store keeps ``record`` only if its stored version is still this one.
    based_on: int
    events: tuple[ev.Event, ...] = ()
    notifications: tuple[HabilitationNotice, ...] = ()
    #: Warnings that did not block the change, e.g. an RPPS failing its Luhn key, or a
    #: description that seems to hold a phone number (``PRIVATE_DETAIL_IN_TEXT``).
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


def _free_texts(m: Membership) -> dict[str, str]:
    """The membership's free texts, by field: what anyone in the circle may read."""
    found = {"description": m.description}
    member = m.member
    if isinstance(member, DirectoryProfessional):
        found["member.structure"] = member.structure
    if isinstance(member, ManualStructure):
        found["member.person_in_charge"] = member.person_in_charge
    return found


def _text_advisories(
    record: CoordinationRecord, before: Membership | None, after: Membership
) -> tuple[Advisory, ...]:
    """R12: a free text the change sets (new, or different) that seems to hold a contact
    detail or an INS number gets ``PRIVATE_DETAIL_IN_TEXT``, never quoting it.
    """
    old = {} if before is None else _free_texts(before)
    found: list[Advisory] = []
    for field, value in _free_texts(after).items():
        if value and value != old.get(field):
            path = member_path(after.member_id, field)
            found.extend(privacy.text_advisories(value, record, path=path, members=(after,)))
    return tuple(found)


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
    previous: Membership | None = None,
) -> Change:
    """Check and apply one membership's new state; the common path of every operation.

    ``previous`` is the membership as it was (``None`` for a new member). The rules judge
    only this membership, against indexes of ``before``'s circle (R11, in time proportional
    to the change).
    """
    after = attrs.evolve(
        before,
        circle=before.circle.replace(membership),
        version=before.version + 1,
        # An earlier instant is reported by the rules below; the candidate stays consistent.
        updated_at=max(at, before.updated_at),
    )
    changed = (membership.member_id,)
    raise_if_any(
        record_rules.check_replaced(
            before, after, actor=actor, at=at, changed=changed, catalog=catalog
        )
    )
    advisories = _text_advisories(before, previous, membership)
    meta = ev.EventMeta(record_id=before.record_id, version=after.version, actor=actor.label, at=at)
    described = describe(meta)
    if not described:
        return Change(record=before, based_on=before.version)
    pass_on(before.circle, after.circle, changed)
    notices = habilitation_notices(before, after, at=at, actor=actor.account, members=changed)
    return Change(
        record=after,
        based_on=before.version,
        events=tuple(described),
        notifications=notices,
        advisories=advisories,
    )


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
    _text(record_id, "record_id")
    _typed(patient, Patient, "patient", "a Patient")
    _typed(creator, Principal, "creator", "a Principal")
    _typed(creator_entry, DirectoryProfessional, "creator_entry", "a DirectoryProfessional")
    at = instants.utc(at, "at")
    checked_roles = _roles(roles)
    _text(description, "description")
    catalog = _catalog(catalog)
    membership = _new_membership(
        "M1",
        creator_entry,
        actor=creator,
        at=at,
        roles=checked_roles,
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
        based_on=0,
        events=(
            ev.RecordCreated(meta=meta, patient_id=patient.patient_id, creator_member_id="M1"),
            *_joined(meta, membership),
        ),
        advisories=(*_advisories(membership), *_text_advisories(record, None, membership)),
    )


def _new_membership(
    member_id: str,
    member: Member,
    *,
    actor: Principal,
    at: dt.datetime,
    roles: frozenset[Code],
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
        participations=(Participation(start=at, added_by=actor.label),),
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
    expected_version: int | None = None,
) -> Change:
    """Add a member of any kind to the circle (G3, G8, G9, G10, G12).

    Only directory members may be habilitated (R5); a directory member already active is a
    duplicate (R8); unique roles stay unique (R7); the actor needs effective access (R6).
    ``habilitation_ends`` limits the habilitation in time (exclusive; after ``at``).
    """
    record, actor, at = _boundary(record, actor, at, expected_version)
    _typed(member, _MEMBER_TYPES, "member", "a member (professional, related person, structure)")
    membership = _new_membership(
        record.circle.next_member_id(),
        member,
        actor=actor,
        at=at,
        roles=_roles(roles),
        description=_text(description, "description"),
        habilitated=_flag(habilitated, "habilitated"),
        sharing_refused=_flag(sharing_refused, "sharing_refused"),
        habilitation_ends=instants.optional_utc(habilitation_ends, "habilitation_ends"),
    )
    change = _apply(
        record,
        membership,
        actor=actor,
        at=at,
        catalog=_catalog(catalog),
        describe=lambda meta: _joined(meta, membership),
    )
    return attrs.evolve(change, advisories=(*_advisories(membership), *change.advisories))


def _before_last_change(record: CoordinationRecord, at: dt.datetime) -> list[Violation]:
    if at >= record.updated_at:
        return []
    return [
        Violation(
            code="INSTANT_BEFORE_LAST_CHANGE",
            path="at",
            message="a change cannot apply before the record's latest change (R10)",
        )
    ]


def _current(
    record: CoordinationRecord,
    member_id: object,
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
    if not isinstance(member_id, str):
        raise wrong_type("member_id", "a str")
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
    expected_version: int | None = None,
) -> Change:
    """Edit an active member: roles, description, sharing refusal, habilitation (G4).

    Arguments left at ``None`` keep their value; ``habilitation_ends`` is kept unless given
    (``None`` removes the end), goes with the habilitation when it is switched off, and is
    dropped when ``habilitated=True`` switches on again a habilitation that has expired. The
    same rules as for adding apply.
    """
    record, actor, at = _boundary(record, actor, at, expected_version)
    new_roles = _optional_roles(roles)
    new_description = None if description is None else _text(description, "description")
    refused = _optional_flag(sharing_refused, "sharing_refused")
    habilitated = _optional_flag(habilitated, "habilitated")
    ends = (
        habilitation_ends
        if isinstance(habilitation_ends, Keep)
        else instants.optional_utc(habilitation_ends, "habilitation_ends")
    )
    catalog = _catalog(catalog)
    before = _current(record, member_id, actor=actor, at=at, active=True)
    switched = before.habilitated if habilitated is None else habilitated
    if isinstance(ends, Keep):
        # Switching on a habilitation whose end has passed renews it, without end.
        renewed = habilitated is True and before.habilitation_expired(at)
        ends = before.habilitation_ends if switched and not renewed else None
    after = attrs.evolve(
        before,
        roles=before.roles if new_roles is None else new_roles,
        description=before.description if new_description is None else new_description,
        sharing_refused=before.sharing_refused if refused is None else refused,
        habilitated=switched,
        habilitation_ends=ends,
    )
    return _apply(
        record,
        after,
        actor=actor,
        at=at,
        catalog=catalog,
        describe=lambda meta: _edit_events(meta, before, after),
        previous=before,
    )


def habilitate(
    record: CoordinationRecord,
    member_id: str,
    *,
    actor: Principal,
    at: dt.datetime,
    until: dt.datetime | None = None,
    expected_version: int | None = None,
) -> Change:
    """Switch a member's habilitation on (G4, G5); only directory members qualify (R5).

    ``until`` limits it in time: from ``at`` up to, not including, ``until`` (a replacement
    doctor for two weeks). Habilitating again sets the end anew (``None``: no end).
    """
    record, actor, at = _boundary(record, actor, at, expected_version)
    return update_member(
        record,
        member_id,
        actor=actor,
        at=at,
        habilitated=True,
        habilitation_ends=instants.optional_utc(until, "until"),
    )


def revoke_habilitation(
    record: CoordinationRecord,
    member_id: str,
    *,
    actor: Principal,
    at: dt.datetime,
    expected_version: int | None = None,
) -> Change:
    """Switch a member's habilitation off (G4): they stay in the care team, without access."""
    return update_member(
        record,
        member_id,
        actor=actor,
        at=at,
        habilitated=False,
        habilitation_ends=None,
        expected_version=expected_version,
    )


def end_participation(
    record: CoordinationRecord,
    member_id: str,
    *,
    actor: Principal,
    at: dt.datetime,
    expected_version: int | None = None,
) -> Change:
    """Remove a member from the circle by ending their participation at ``at`` (R9).

    Nothing is erased: the membership keeps its periods and may come back with :func:`rejoin`.
    """
    record, actor, at = _boundary(record, actor, at, expected_version)
    before = _current(record, member_id, actor=actor, at=at, active=True)
    closed = attrs.evolve(before.current, end=at, ended_by=actor.label)
    after = attrs.evolve(before, participations=(*before.participations[:-1], closed))
    return _apply(
        record,
        after,
        actor=actor,
        at=at,
        catalog=DEFAULT_ROLES,
        describe=lambda meta: [ev.ParticipationEnded(meta=meta, member_id=before.member_id)],
        previous=before,
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
    expected_version: int | None = None,
) -> Change:
    """Bring back a member who left, as a new participation period of the same member (R9).

    Roles are kept unless given; the habilitation is decided anew (off unless asked); the
    patient's sharing refusal, if any, still holds.
    """
    record, actor, at = _boundary(record, actor, at, expected_version)
    new_roles = _optional_roles(roles)
    habilitated = _flag(habilitated, "habilitated")
    ends = instants.optional_utc(habilitation_ends, "habilitation_ends")
    catalog = _catalog(catalog)

    def after_the_end(m: Membership) -> list[Violation]:
        # A period cannot start before the last one ended (they would overlap, R9).
        end = m.current.end
        if end is None or at >= end:
            return []
        return [
            *_before_last_change(record, at),
            Violation(
                code="PERIODS_OVERLAP",
                path=member_path(m.member_id, "participations"),
                message="a member cannot come back before their last participation ended (R9)",
            ),
        ]

    before = _current(record, member_id, actor=actor, at=at, active=False, also=after_the_end)
    after = attrs.evolve(
        before,
        roles=before.roles if new_roles is None else new_roles,
        habilitated=habilitated,
        habilitation_ends=ends,
        participations=(*before.participations, Participation(start=at, added_by=actor.label)),
    )
    return _apply(
        record,
        after,
        actor=actor,
        at=at,
        catalog=catalog,
        describe=lambda meta: [
            ev.ParticipationResumed(meta=meta, member_id=before.member_id),
            *_edit_events(meta, before, after),
        ],
        previous=before,
    )


def refresh_member(
    record: CoordinationRecord,
    member_id: str,
    *,
    entry: DirectoryProfessional | DirectoryStructure,
    actor: Principal,
    at: dt.datetime,
    catalog: RoleCatalog = DEFAULT_ROLES,
    expected_version: int | None = None,
) -> Change:
    """Replace a directory member's details with the directory's entry of now (G3, R5).

    The entry must describe the same professional or structure: the same kind and at least
    one identity key in common (national id, account, FINESS, SIRET). When a habilitated
    professional's new entry brings an active PASS account, the pending habilitation takes
    effect and the change carries G14's notice.
    """
    record, actor, at = _boundary(record, actor, at, expected_version)
    _typed(
        entry,
        (DirectoryProfessional, DirectoryStructure),
        "entry",
        "a DirectoryProfessional or a DirectoryStructure",
    )
    catalog = _catalog(catalog)

    def same_identity(m: Membership) -> list[Violation]:
        if type(m.member) is type(entry) and m.identity_keys & entry.identity_keys:
            return []
        return [
            Violation(
                code="ENTRY_MISMATCH",
                path=member_path(m.member_id, "member"),
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
            [ev.MemberDetailsRefreshed(meta=meta, member_id=before.member_id)]
            if entry != before.member
            else []
        ),
        previous=before,
    )
    return attrs.evolve(change, advisories=(*_advisories(after), *change.advisories))
