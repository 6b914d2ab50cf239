"""Effective access (*accès effectif*) to a record: the one place that decides it (R1–R4).

A principal reaches a record directly, as a member (R2), or through a habilitated legal-entity
structure that delegates to them (R3); a sharing refusal wins over both (R4); the habilitation
matrix then says what their own profession may do with each category of information (G5);
anything unknown is denied (R1).

:func:`decide` answers for one category and action, with every reason that applies;
:func:`is_allowed` is its boolean twin for hot paths and always agrees with it.
:func:`effective_access` and :func:`has_effective_access` answer the same question for the
record as a whole, before the matrix: may the principal open it at all (what R6 and G14 ask).

>>> import datetime as dt
>>> from carecircle.access.example_matrix import EXAMPLE_MATRIX
>>> from carecircle.model import CareCircle, CoordinationRecord, Patient, Principal
>>> at = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
>>> record = CoordinationRecord(record_id="DC-1", created_by="pass:1", created_at=at,
...     patient=Patient(patient_id="P-1", family_name="Martin", given_name="Louise"))
>>> decide(record, Principal(account="pass:9"), Category.MEDICAL, Action.READ,
...        matrix=EXAMPLE_MATRIX, at=at).reasons
(<Reason.NOT_A_MEMBER: 'NOT_A_MEMBER'>, <Reason.UNKNOWN_PROFESSION: 'UNKNOWN_PROFESSION'>)
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import attrs

from carecircle.access.matrix import Action, Category, HabilitationMatrix
from carecircle.model.membership import Membership
from carecircle.model.people import AccountState, DirectoryProfessional
from carecircle.model.principal import Principal
from carecircle.model.record import CoordinationRecord
from carecircle.model.structures import DirectoryStructure

__all__ = [
    "AccessPath",
    "Decision",
    "Reason",
    "decide",
    "effective_access",
    "has_effective_access",
    "is_allowed",
    "member_has_access",
]


class Reason(StrEnum):
    """Why access is denied: stable codes for services to translate."""

    NOT_A_MEMBER = "NOT_A_MEMBER"
    PARTICIPATION_ENDED = "PARTICIPATION_ENDED"
    NOT_HABILITATED = "NOT_HABILITATED"
    HABILITATION_EXPIRED = "HABILITATION_EXPIRED"
    HABILITATION_PENDING_ACCOUNT = "HABILITATION_PENDING_ACCOUNT"
    ACCOUNT_INACTIVE = "ACCOUNT_INACTIVE"
    SHARING_REFUSED = "SHARING_REFUSED"
    STRUCTURE_NOT_LEGAL_ENTITY = "STRUCTURE_NOT_LEGAL_ENTITY"
    NOT_A_DELEGATE = "NOT_A_DELEGATE"
    UNKNOWN_PROFESSION = "UNKNOWN_PROFESSION"
    UNKNOWN_CATEGORY = "UNKNOWN_CATEGORY"
    MATRIX_DENIES = "MATRIX_DENIES"


@attrs.frozen(kw_only=True)
class AccessPath:
    """How access was reached: the principal's own membership (R2) or a structure's (R3)."""

    member_id: str
    via_structure: bool = False


@attrs.frozen(kw_only=True)
class Decision:
    """An access decision: allowed with its paths, or denied with every reason that applies.

    ``category`` and ``action`` are what was asked (``None`` for the record as a whole).
    """

    allowed: bool
    paths: tuple[AccessPath, ...] = ()
    reasons: tuple[Reason, ...] = ()
    category: str | None = None
    action: Action | None = None

    def __bool__(self) -> bool:
        return self.allowed


def _grant_reasons(membership: Membership, at: dt.datetime) -> list[Reason]:
    """What stops this membership's own grant, whoever the principal (empty when it holds)."""
    reasons = []
    if not membership.is_active(at):
        reasons.append(Reason.PARTICIPATION_ENDED)
    if not membership.habilitated:
        reasons.append(Reason.NOT_HABILITATED)
    elif membership.habilitation_expired(at):
        reasons.append(Reason.HABILITATION_EXPIRED)
    if membership.sharing_refused:
        reasons.append(Reason.SHARING_REFUSED)
    return reasons


def _grants(membership: Membership, at: dt.datetime) -> bool:
    """Boolean twin of :func:`_grant_reasons`: active, habilitated now and not refused."""
    return (
        not membership.sharing_refused
        and membership.habilitated_at(at)
        and membership.is_active(at)
    )


def member_has_access(membership: Membership, at: dt.datetime) -> bool:
    """True when the member itself, as recorded, holds an effective grant at ``at``.

    A directory professional with an active account, or a legal-entity directory structure
    (whose delegates then have access): active, habilitated and not refused. This is what
    G14's habilitation notice follows.
    """
    if not _grants(membership, at):
        return False
    member = membership.member
    if isinstance(member, DirectoryProfessional):
        return member.account is not None and member.account.is_active
    return isinstance(member, DirectoryStructure) and member.legal_entity


def _own_memberships(record: CoordinationRecord, principal: Principal) -> tuple[Membership, ...]:
    return record.circle.professional_memberships(
        account=principal.account, national_id=principal.national_id
    )


def _account_reasons(principal: Principal) -> list[Reason]:
    if principal.account is None:
        return [Reason.HABILITATION_PENDING_ACCOUNT]
    if not principal.has_active_account:
        return [Reason.ACCOUNT_INACTIVE]
    return []


def _direct(
    own: tuple[Membership, ...],
    account: list[Reason],
    *,
    refused: bool,
    at: dt.datetime,
) -> tuple[list[AccessPath], list[Reason]]:
    """R2: paths and reasons through the principal's own memberships."""
    if not own:
        return [], [Reason.NOT_A_MEMBER]
    current = [m for m in own if m.is_active(at)]
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
    for s in record.circle.directory_structures():
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


def _record_level(
    record: CoordinationRecord, principal: Principal, at: dt.datetime
) -> tuple[list[AccessPath], list[Reason]]:
    """Every path to the record as a whole, and every reason against it (R2, R3, R4)."""
    own = _own_memberships(record, principal)
    # The patient's refusal concerns the professional, not one period: it outlives their leaving.
    refused = any(m.sharing_refused for m in own)
    account = _account_reasons(principal)
    direct_paths, direct_reasons = _direct(own, account, refused=refused, at=at)
    structure_paths, structure_reasons = _through_structures(
        record, principal, account, refused=refused, member=bool(own), at=at
    )
    return direct_paths + structure_paths, direct_reasons + structure_reasons


def _matrix_reasons(
    matrix: HabilitationMatrix, principal: Principal, category: str, action: Action
) -> list[Reason]:
    """G5 and R1: what the matrix says against the principal's own profession."""
    reasons = []
    if not matrix.knows_profession(principal.profession):
        reasons.append(Reason.UNKNOWN_PROFESSION)
    if not matrix.knows_category(category):
        reasons.append(Reason.UNKNOWN_CATEGORY)
    if not reasons and not matrix.allows(principal.profession, category, action):
        reasons.append(Reason.MATRIX_DENIES)
    return reasons


def effective_access(
    record: CoordinationRecord, principal: Principal, *, at: dt.datetime
) -> Decision:
    """Whether ``principal`` may open ``record`` at all at ``at`` (R2–R4), with every reason.

    This is :func:`decide` before the matrix: what R6 (who may edit) and G14 ask.
    """
    paths, reasons = _record_level(record, principal, at)
    if paths:
        return Decision(allowed=True, paths=tuple(paths))
    return Decision(allowed=False, reasons=tuple(dict.fromkeys(reasons)))


def decide(
    record: CoordinationRecord,
    principal: Principal,
    category: Category | str,
    action: Action,
    *,
    matrix: HabilitationMatrix,
    at: dt.datetime,
) -> Decision:
    """Whether ``principal`` may do ``action`` on ``category`` of ``record`` at ``at`` (R1–R4).

    Allowed with the paths that reach the record (their own membership, or which structures),
    or denied with *every* reason that applies: the record-level ones first, then the
    matrix's (its verdict on the principal's own profession, even through a structure, R3).
    """
    paths, reasons = _record_level(record, principal, at)
    against = _matrix_reasons(matrix, principal, category, action)
    if paths and not against:
        return Decision(allowed=True, paths=tuple(paths), category=category, action=action)
    if paths:
        reasons = []
    return Decision(
        allowed=False,
        reasons=tuple(dict.fromkeys(reasons + against)),
        category=category,
        action=action,
    )


def has_effective_access(
    record: CoordinationRecord, principal: Principal, *, at: dt.datetime
) -> bool:
    """Boolean twin of :func:`effective_access`: the same answer, no reasons built."""
    if principal.account is None or principal.account_state is not AccountState.ACTIVE:
        return False
    circle = record.circle
    granted = False
    for m in circle.professional_memberships(
        account=principal.account, national_id=principal.national_id
    ):
        if m.sharing_refused:
            return False
        granted = granted or _grants(m, at)
    if granted:
        return True
    for structure_id in principal.delegated_by:
        for s in circle.structure_memberships(structure_id):
            legal_entity = s.member.legal_entity  # type: ignore[union-attr]  # indexed structures
            if legal_entity and _grants(s, at):
                return True
    return False


def is_allowed(
    record: CoordinationRecord,
    principal: Principal,
    category: Category | str,
    action: Action,
    *,
    matrix: HabilitationMatrix,
    at: dt.datetime,
) -> bool:
    """Boolean twin of :func:`decide` for hot paths: the same answer, no reasons built."""
    return matrix.allows(principal.profession, category, action) and has_effective_access(
        record, principal, at=at
    )
