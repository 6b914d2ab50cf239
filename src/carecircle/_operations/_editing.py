"""Operations on a member already in the circle: edit (G4), habilitate and revoke (G5),
end a participation and come back (R9), refresh from the directory (G3, G14)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import attrs

from carecircle import instants
from carecircle._errors import Violation, ViolationKind, wrong_type
from carecircle._model.membership import Membership, Participation
from carecircle._model.people import (
    DirectoryProfessional,
)
from carecircle._model.principal import Principal
from carecircle._model.record import CoordinationRecord
from carecircle._model.structures import DirectoryStructure
from carecircle._operations._boundary import (
    KEEP,
    Keep,
    catalog_of,
    checked_arguments,
    flag,
    optional_code,
    optional_flag,
    optional_roles,
    professions_of,
    text,
    typed,
)
from carecircle._operations._change import Change, apply, identifier_advisories
from carecircle.nomenclatures import Code
from carecircle.professions import DEFAULT_PROFESSIONS, ProfessionCatalog
from carecircle.roles import DEFAULT_ROLES, RoleCatalog
from carecircle.rules import editing
from carecircle.rules import record as record_rules
from carecircle.rules._common import member_path, raise_if_any


def current_membership(
    record: CoordinationRecord,
    member_id: object,
    *,
    actor: Principal,
    at: dt.datetime,
    active: bool,
    also: Callable[[Membership], Iterable[Violation]] = lambda _m: (),
    besides: Iterable[Violation] = (),
) -> Membership:
    """The membership to change, which must be active (or ended, ``active=False``).

    Its absence or state, and what ``also`` finds wrong with it, are reported together with
    the actor's own violations and what the operation found wrong with its other arguments
    (``besides``, R11). When the membership is fit to change, the actor is
    judged later, with the rest of the change (:func:`~carecircle._operations._change.apply`).
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
    elif membership.entered_in_error is not None:
        found.append(
            Violation(
                code="MEMBER_ENTERED_IN_ERROR",
                path=member_path(member_id, "entered_in_error"),
                message="this member was entered in error: they can no longer be changed",
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
        raise_if_any([*editing.check(record, actor, at=at), *found, *besides])
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
    habilitated: bool | None = None,
    habilitation_ends: dt.datetime | Keep | None = KEEP,
    legal_protection: Code | Keep | None = KEEP,
    catalog: RoleCatalog = DEFAULT_ROLES,
    professions: ProfessionCatalog = DEFAULT_PROFESSIONS,
    expected_version: int | None = None,
) -> Change:
    """Edit an active member: roles, description, habilitation, legal protection (G4).

    Arguments left at ``None`` keep their value; ``habilitation_ends`` is kept unless given
    (``None`` removes the end), goes with the habilitation when it is switched off, and is
    dropped when ``habilitated=True`` switches on again a habilitation that has expired;
    ``legal_protection`` is kept unless given (``None`` removes the measure). The same rules
    as for adding apply. The patient's refusals are their own decisions:
    :func:`~carecircle.record_refusal` and
    :func:`~carecircle.lift_refusal` record them.
    """
    record, actor, at = checked_arguments(record, actor, at, expected_version)
    new_roles = optional_roles(roles)
    new_description = None if description is None else text(description, "description")
    habilitated = optional_flag(habilitated, "habilitated")
    ends = (
        habilitation_ends
        if isinstance(habilitation_ends, Keep)
        else instants.optional_utc(habilitation_ends, "habilitation_ends")
    )
    measure = (
        legal_protection
        if isinstance(legal_protection, Keep)
        else optional_code(legal_protection, "legal_protection")
    )
    catalog = catalog_of(catalog)
    professions = professions_of(professions)
    before = current_membership(record, member_id, actor=actor, at=at, active=True)
    switched = before.habilitated if habilitated is None else habilitated
    if isinstance(ends, Keep):
        # Switching on a habilitation whose end has passed renews it, without end.
        renewed = habilitated is True and before.habilitation_expired(at)
        ends = before.habilitation_ends if switched and not renewed else None
    after = attrs.evolve(
        before,
        roles=before.roles if new_roles is None else new_roles,
        description=before.description if new_description is None else new_description,
        habilitated=switched,
        habilitation_ends=ends,
        legal_protection=before.legal_protection if isinstance(measure, Keep) else measure,
    )
    return apply(record, after, actor=actor, at=at, catalog=catalog, professions=professions)


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
    record, actor, at = checked_arguments(record, actor, at, expected_version)
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
    record, actor, at = checked_arguments(record, actor, at, expected_version)
    before = current_membership(record, member_id, actor=actor, at=at, active=True)
    closed = attrs.evolve(before.current, end=at, ended_by=actor.label)
    after = attrs.evolve(before, participations=(*before.participations[:-1], closed))
    return apply(record, after, actor=actor, at=at, catalog=DEFAULT_ROLES)


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
    professions: ProfessionCatalog = DEFAULT_PROFESSIONS,
    expected_version: int | None = None,
) -> Change:
    """Bring back a member who left, as a new participation period of the same member (R9).

    Roles are kept unless given; the habilitation is decided anew (off unless asked); the
    patient's sharing refusal, if any, still holds.
    """
    record, actor, at = checked_arguments(record, actor, at, expected_version)
    new_roles = optional_roles(roles)
    habilitated = flag(habilitated, "habilitated")
    ends = instants.optional_utc(habilitation_ends, "habilitation_ends")
    catalog = catalog_of(catalog)
    professions = professions_of(professions)

    def after_the_end(m: Membership) -> list[Violation]:
        # A period cannot start before the last one ended (they would overlap, R9).
        end = m.current.end
        if end is None or at >= end:
            return []
        return [
            *record_rules.before_last_change(record, at),
            Violation(
                code="PERIODS_OVERLAP",
                path=member_path(m.member_id, "participations"),
                message="a member cannot come back before their last participation ended (R9)",
            ),
        ]

    before = current_membership(
        record, member_id, actor=actor, at=at, active=False, also=after_the_end
    )
    after = attrs.evolve(
        before,
        roles=before.roles if new_roles is None else new_roles,
        habilitated=habilitated,
        habilitation_ends=ends,
        participations=(*before.participations, Participation(start=at, added_by=actor.label)),
    )
    return apply(record, after, actor=actor, at=at, catalog=catalog, professions=professions)


def refresh_member(
    record: CoordinationRecord,
    member_id: str,
    *,
    entry: DirectoryProfessional | DirectoryStructure,
    actor: Principal,
    at: dt.datetime,
    catalog: RoleCatalog = DEFAULT_ROLES,
    professions: ProfessionCatalog = DEFAULT_PROFESSIONS,
    expected_version: int | None = None,
) -> Change:
    """Replace a directory member's details with the directory's entry of now (G3, R5).

    The entry must describe the same professional or structure: the same kind and at least
    one identity key in common (national id, account, FINESS, SIRET). When a habilitated
    professional's new entry brings an active PASS account, the pending habilitation takes
    effect and the change carries G14's notice.
    """
    record, actor, at = checked_arguments(record, actor, at, expected_version)
    typed(
        entry,
        (DirectoryProfessional, DirectoryStructure),
        "entry",
        "a DirectoryProfessional or a DirectoryStructure",
    )
    catalog = catalog_of(catalog)
    professions = professions_of(professions)

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

    before = current_membership(
        record, member_id, actor=actor, at=at, active=True, also=same_identity
    )
    after = attrs.evolve(before, member=entry)
    change = apply(record, after, actor=actor, at=at, catalog=catalog, professions=professions)
    return attrs.evolve(change, advisories=(*identifier_advisories(after), *change.advisories))
