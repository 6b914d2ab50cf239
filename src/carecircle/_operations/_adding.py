"""Operations that add: a new record with its creator (G1), a new member of any kind (G3, G8–G10,
G12)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from carecircle import events as ev
from carecircle import instants
from carecircle._errors import Violation, ViolationKind
from carecircle._model.lifecycle import CircleStatus, StatusChange, circle_status
from carecircle._model.membership import MEMBER_TYPES, Member, Membership, Participation
from carecircle._model.people import (
    DirectoryProfessional,
    Patient,
)
from carecircle._model.principal import Principal
from carecircle._model.record import CareCircle, CoordinationRecord
from carecircle._model.refusals import Refusal, Statement
from carecircle._operations._boundary import (
    catalog_of,
    checked_arguments,
    flag,
    optional_code,
    professions_of,
    roles_of,
    statement_of,
    text,
    typed,
)
from carecircle._operations._change import (
    Change,
    apply,
    identifier_advisories,
    member_events,
    text_advisories,
)
from carecircle._operations._statements import statement_violations
from carecircle.nomenclatures import Code
from carecircle.professions import DEFAULT_PROFESSIONS, ProfessionCatalog
from carecircle.roles import DEFAULT_ROLES, RoleCatalog
from carecircle.rules import editing
from carecircle.rules import record as record_rules
from carecircle.rules._common import raise_if_any


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
    status: CircleStatus | str = CircleStatus.ACTIVE,
    professions: ProfessionCatalog = DEFAULT_PROFESSIONS,
) -> Change:
    """Create a coordination record; its creator joins the circle, habilitated (G1).

    ``creator_entry`` is the creator's directory entry; it must be ``creator`` and the creator
    must end up with effective access (an active PASS account, no refusal). ``status`` is
    ``active`` (the default) or ``proposed`` (a circle drafted before it is shared).
    """
    text(record_id, "record_id")
    typed(patient, Patient, "patient", "a Patient")
    typed(creator, Principal, "creator", "a Principal")
    typed(creator_entry, DirectoryProfessional, "creator_entry", "a DirectoryProfessional")
    at = instants.utc(at, "at")
    checked_roles = roles_of(roles)
    text(description, "description")
    catalog = catalog_of(catalog)
    status = circle_status(status)
    startable = status in {CircleStatus.ACTIVE, CircleStatus.PROPOSED}
    professions = professions_of(professions)
    membership = _new_membership(
        "M1",
        creator_entry,
        actor=creator,
        at=at,
        roles=checked_roles,
        description=description,
        habilitated=True,
    )
    record = CoordinationRecord(
        record_id=record_id,
        patient=patient,
        circle=CareCircle(memberships=(membership,)),
        created_by=creator.label,
        created_at=at,
        # A status a circle cannot start in is reported below, with every other problem.
        status_history=(
            StatusChange(
                status=status if startable else CircleStatus.ACTIVE, at=at, by=creator.label
            ),
        ),
    )
    found: list[Violation] = []
    if not startable:
        found.append(
            Violation(
                code="STATUS_TRANSITION_NOT_ALLOWED",
                path="status",
                message="a circle is created active or proposed",
            )
        )
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
    found.extend(record_rules.check(record, at=at, catalog=catalog, professions=professions))
    raise_if_any(found)
    meta = ev.EventMeta(record_id=record_id, version=1, actor=creator.label, at=at)
    return Change(
        record=record,
        based_on=0,
        member_id="M1",
        events=(
            ev.RecordCreated(
                meta=meta, patient=patient, creator_member_id="M1", status=record.status
            ),
            *member_events(meta, None, membership),
        ),
        advisories=(*identifier_advisories(membership), *text_advisories(record, None, membership)),
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
    habilitation_ends: dt.datetime | None = None,
    refusal: Statement | None = None,
    legal_protection: Code | None = None,
) -> Membership:
    refusals = (
        ()
        if refusal is None
        else (Refusal(refusal_id="R1", statement=refusal, recorded_by=actor.label, recorded_at=at),)
    )
    return Membership(
        member_id=member_id,
        member=member,
        roles=roles,
        description=description,
        legal_protection=legal_protection,
        habilitated=habilitated,
        habilitation_ends=habilitation_ends,
        refusals=refusals,
        participations=(Participation(start=at, added_by=actor.label),),
    )


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
    refusal: Statement | None = None,
    legal_protection: Code | None = None,
    catalog: RoleCatalog = DEFAULT_ROLES,
    professions: ProfessionCatalog = DEFAULT_PROFESSIONS,
    expected_version: int | None = None,
) -> Change:
    """Add a member of any kind to the circle (G3, G8, G9, G10, G12).

    Only directory members may be habilitated (R5); a directory member already active is a
    duplicate (R8); unique roles stay unique (R7); the actor needs effective access (R6).
    ``habilitation_ends`` limits the habilitation in time (exclusive; after ``at``).
    ``refusal`` is the patient's refusal to share the whole record with the new member, as
    they (or their legal representative) expressed it (R4; :func:`record_refusal` for
    more); ``legal_protection`` the measure a représentant légal exercises (GUARD role);
    ``professions`` the catalogue the member's profession is judged by.
    """
    record, actor, at = checked_arguments(record, actor, at, expected_version)
    typed(member, MEMBER_TYPES, "member", "a member (professional, related person, structure)")
    membership = _new_membership(
        record.circle.next_member_id(),
        member,
        actor=actor,
        at=at,
        roles=roles_of(roles),
        description=text(description, "description"),
        habilitated=flag(habilitated, "habilitated"),
        habilitation_ends=instants.optional_utc(habilitation_ends, "habilitation_ends"),
        refusal=None if refusal is None else statement_of(refusal, "refusal"),
        legal_protection=optional_code(legal_protection, "legal_protection"),
    )
    said = statement_violations(
        record, [r.statement for r in membership.refusals], at=at, path="refusal"
    )
    change = apply(
        record,
        membership,
        actor=actor,
        at=at,
        catalog=catalog_of(catalog),
        also=said,
        professions=professions_of(professions),
    )
    return attrs.evolve(change, advisories=(*identifier_advisories(membership), *change.advisories))
