"""Effective access (*accès effectif*) to a record: the one place that decides it (R1–R4).

A principal reaches a record directly, as a member (R2), or through a habilitated legal-entity
structure that delegates to them (R3); a sharing refusal wins over both (R4); anything unknown
is denied (R1). :func:`effective_access` says why; :func:`has_effective_access` is its boolean
twin for hot paths and always agrees with it.

>>> import datetime as dt
>>> from carecircle.model import CareCircle, CoordinationRecord, Patient, Principal
>>> at = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
>>> record = CoordinationRecord(record_id="DC-1", created_by="pass:1", created_at=at,
...     patient=Patient(patient_id="P-1", family_name="Martin", given_name="Louise"))
>>> effective_access(record, Principal(account="pass:9"), at=at).reasons
(<Reason.NOT_A_MEMBER: 'NOT_A_MEMBER'>,)
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import attrs

from carecircle.model.membership import Membership
from carecircle.model.people import DirectoryProfessional
from carecircle.model.principal import Principal
from carecircle.model.record import CoordinationRecord
from carecircle.model.structures import DirectoryStructure

__all__ = [
    "Access",
    "AccessPath",
    "Reason",
    "effective_access",
    "has_effective_access",
    "member_has_access",
]


class Reason(StrEnum):
    """Why access is denied: stable codes for services to translate."""

    NOT_A_MEMBER = "NOT_A_MEMBER"
    PARTICIPATION_ENDED = "PARTICIPATION_ENDED"
    NOT_HABILITATED = "NOT_HABILITATED"
    HABILITATION_PENDING_ACCOUNT = "HABILITATION_PENDING_ACCOUNT"
    ACCOUNT_INACTIVE = "ACCOUNT_INACTIVE"
    SHARING_REFUSED = "SHARING_REFUSED"
    STRUCTURE_NOT_LEGAL_ENTITY = "STRUCTURE_NOT_LEGAL_ENTITY"
    NOT_A_DELEGATE = "NOT_A_DELEGATE"


@attrs.frozen(kw_only=True)
class AccessPath:
    """How access was reached: the principal's own membership (R2) or a structure's (R3)."""

    member_id: str
    via_structure: bool = False


@attrs.frozen(kw_only=True)
class Access:
    """An effective-access verdict: allowed with its paths, or denied with every reason."""

    allowed: bool
    paths: tuple[AccessPath, ...] = ()
    reasons: tuple[Reason, ...] = ()

    def __bool__(self) -> bool:
        return self.allowed


def _grant_reasons(membership: Membership, at: dt.datetime) -> list[Reason]:
    """What stops this membership's own grant, whoever the principal (empty when it holds)."""
    reasons = []
    if not membership.is_active(at):
        reasons.append(Reason.PARTICIPATION_ENDED)
    if not membership.habilitated:
        reasons.append(Reason.NOT_HABILITATED)
    if membership.sharing_refused:
        reasons.append(Reason.SHARING_REFUSED)
    return reasons


def member_has_access(membership: Membership, at: dt.datetime) -> bool:
    """True when the member itself, as recorded, holds an effective grant at ``at``.

    A directory professional with an active account, or a legal-entity directory structure
    (whose delegates then have access): active, habilitated and not refused. This is what
    G14's habilitation notice follows.
    """
    if _grant_reasons(membership, at):
        return False
    member = membership.member
    if isinstance(member, DirectoryProfessional):
        return member.account is not None and member.account.is_active
    return isinstance(member, DirectoryStructure) and member.legal_entity


def _own_memberships(record: CoordinationRecord, principal: Principal) -> list[Membership]:
    return [
        m
        for m in record.circle
        if isinstance(m.member, DirectoryProfessional) and principal.is_professional(m.member)
    ]


def _account_reasons(principal: Principal) -> list[Reason]:
    if principal.account is None:
        return [Reason.HABILITATION_PENDING_ACCOUNT]
    if not principal.has_active_account:
        return [Reason.ACCOUNT_INACTIVE]
    return []


def _direct(
    own: list[Membership],
    current: list[Membership],
    account: list[Reason],
    *,
    refused: bool,
    at: dt.datetime,
) -> tuple[list[AccessPath], list[Reason]]:
    """R2: paths and reasons through the principal's own memberships."""
    if not own:
        return [], [Reason.NOT_A_MEMBER]
    paths, reasons = [], []
    for m in current or own:
        blocking = _grant_reasons(m, at) + account
        if refused:
            blocking.append(Reason.SHARING_REFUSED)
        if blocking:
            reasons.extend(blocking)
        else:
            paths.append(AccessPath(member_id=m.member_id))
    return paths, reasons


def _through_structures(
    record: CoordinationRecord,
    principal: Principal,
    account: list[Reason],
    *,
    refused: bool,
    member: bool,
    at: dt.datetime,
) -> tuple[list[AccessPath], list[Reason]]:
    """R3: paths and reasons through active directory structures of the circle."""
    paths, reasons = [], []
    for s in record.circle:
        structure = s.member
        if not isinstance(structure, DirectoryStructure) or not s.is_active(at):
            continue
        delegate = structure.national_id in principal.delegated_by
        # A non-member hears about habilitated legal entities they could act through.
        if not (delegate or (s.habilitated and structure.legal_entity and not member)):
            continue
        blocking = _grant_reasons(s, at)
        if not structure.legal_entity:
            blocking.append(Reason.STRUCTURE_NOT_LEGAL_ENTITY)
        if not delegate:
            blocking.append(Reason.NOT_A_DELEGATE)
        if refused:
            blocking.append(Reason.SHARING_REFUSED)
        blocking.extend(account)
        if blocking:
            reasons.extend(blocking)
        else:
            paths.append(AccessPath(member_id=s.member_id, via_structure=True))
    return paths, reasons


def effective_access(
    record: CoordinationRecord, principal: Principal, *, at: dt.datetime
) -> Access:
    """Whether ``principal`` has effective access to ``record`` at ``at``, with every reason."""
    own = _own_memberships(record, principal)
    current = [m for m in own if m.is_active(at)]
    # The patient's refusal concerns the professional, not one period: it outlives their leaving.
    refused = any(m.sharing_refused for m in own)
    account = _account_reasons(principal)
    direct_paths, direct_reasons = _direct(own, current, account, refused=refused, at=at)
    structure_paths, structure_reasons = _through_structures(
        record, principal, account, refused=refused, member=bool(own), at=at
    )
    paths = direct_paths + structure_paths
    if paths:
        return Access(allowed=True, paths=tuple(paths))
    reasons = dict.fromkeys(direct_reasons + structure_reasons)
    return Access(allowed=False, reasons=tuple(reasons))


def has_effective_access(
    record: CoordinationRecord, principal: Principal, *, at: dt.datetime
) -> bool:
    """Boolean twin of :func:`effective_access`: the same answer, no reasons built."""
    if not principal.has_active_account:
        return False
    own = _own_memberships(record, principal)
    if any(m.sharing_refused for m in own):
        return False
    if any(m.habilitated and m.is_active(at) for m in own):
        return True
    return any(
        isinstance(s.member, DirectoryStructure)
        and s.member.legal_entity
        and s.member.national_id in principal.delegated_by
        and s.habilitated
        and not s.sharing_refused
        and s.is_active(at)
        for s in record.circle
    )
