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
from typing import Final

import attrs

from carecircle.access.matrix import _NEEDED, Action, Category, HabilitationMatrix
from carecircle.model.membership import Membership
from carecircle.model.people import AccountState, DirectoryProfessional
from carecircle.model.principal import Principal
from carecircle.model.record import CareCircle, CoordinationRecord
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


# Enum members as plain constants: reading one off its class is slow on Python 3.11, and
# decisions are a hot path.
_ACTIVE: Final = AccountState.ACTIVE
_ENDED: Final = Reason.PARTICIPATION_ENDED
_NOT_HABILITATED: Final = Reason.NOT_HABILITATED
_EXPIRED: Final = Reason.HABILITATION_EXPIRED
_REFUSED: Final = Reason.SHARING_REFUSED
_NOT_LEGAL_ENTITY: Final = Reason.STRUCTURE_NOT_LEGAL_ENTITY
_NOT_A_DELEGATE: Final = Reason.NOT_A_DELEGATE
_NOT_A_MEMBER: Final[tuple[Reason, ...]] = (Reason.NOT_A_MEMBER,)
_PENDING: Final[tuple[Reason, ...]] = (Reason.HABILITATION_PENDING_ACCOUNT,)
_INACTIVE: Final[tuple[Reason, ...]] = (Reason.ACCOUNT_INACTIVE,)
_UNKNOWN_PROFESSION: Final[tuple[Reason, ...]] = (Reason.UNKNOWN_PROFESSION,)
_UNKNOWN_CATEGORY: Final[tuple[Reason, ...]] = (Reason.UNKNOWN_CATEGORY,)
_UNKNOWN_BOTH: Final = (Reason.UNKNOWN_PROFESSION, Reason.UNKNOWN_CATEGORY)
_MATRIX_DENIES: Final[tuple[Reason, ...]] = (Reason.MATRIX_DENIES,)


@attrs.frozen(kw_only=True)
class AccessPath:
    """How access was reached: the principal's own membership (R2) or a structure's (R3)."""

    member_id: str
    via_structure: bool = False


@attrs.frozen(kw_only=True)
class Decision:
    """An access decision: allowed with its paths, or denied with every reason that applies."""

    allowed: bool
    paths: tuple[AccessPath, ...] = ()
    reasons: tuple[Reason, ...] = ()

    def __bool__(self) -> bool:
        return self.allowed


_set = object.__setattr__


def _allowed(paths: tuple[AccessPath, ...]) -> Decision:
    # The attrs ``__init__`` of a frozen class costs more than the decision itself.
    decision = object.__new__(Decision)
    _set(decision, "allowed", True)  # noqa: FBT003 -- object.__setattr__ takes positions
    _set(decision, "paths", paths)
    _set(decision, "reasons", ())
    return decision


def _denied(reasons: tuple[Reason, ...]) -> Decision:
    decision = object.__new__(Decision)
    _set(decision, "allowed", False)  # noqa: FBT003 -- object.__setattr__ takes positions
    _set(decision, "paths", ())
    _set(decision, "reasons", reasons)
    return decision


# -- what a circle grants, derived once per circle -------------------------------------------

# (start, end or None, the path it opens, the membership's position in the circle)
_Window = tuple[dt.datetime, dt.datetime | None, AccessPath, int]


def _windows(m: Membership, path: AccessPath, position: int) -> list[_Window]:
    """When a membership's own grant holds: each participation period, cut at the
    habilitation's end (participations and habilitations both end exclusive).
    """
    if not m.habilitated:
        return []
    ends = m.habilitation_ends
    found = []
    for period in m.participations:
        end = period.end
        if ends is not None and (end is None or ends < end):
            end = ends
        if end is None or period.start < end:
            found.append((period.start, end, path, position))
    return found


class _Own:
    """One professional's memberships of a circle (usually one): refused if any is (R4)."""

    __slots__ = ("memberships", "refused", "windows")

    def __init__(self, memberships: tuple[tuple[int, Membership], ...]) -> None:
        self.memberships = tuple(m for _, m in memberships)
        self.refused = any(m.sharing_refused for m in self.memberships)
        self.windows = tuple(
            w for i, m in memberships for w in _windows(m, AccessPath(member_id=m.member_id), i)
        )


class _Memo:
    """Access facts of one circle: its professionals by account and by national id, its
    directory structures, and when each legal-entity structure grants its delegates.
    """

    __slots__ = (
        "by_account",
        "by_national_id",
        "hearsay",
        "merged",
        "positions",
        "structures",
        "through",
    )

    def __init__(self, circle: CareCircle) -> None:
        accounts: dict[str, list[tuple[int, Membership]]] = {}
        national_ids: dict[str, list[tuple[int, Membership]]] = {}
        structures = []
        through: dict[str, list[_Window]] = {}
        for i, m in enumerate(circle):
            member = m.member
            if isinstance(member, DirectoryProfessional):
                if member.account is not None:
                    accounts.setdefault(member.account.id, []).append((i, m))
                if member.national_id is not None:
                    national_ids.setdefault(member.national_id, []).append((i, m))
            elif isinstance(member, DirectoryStructure):
                structures.append(m)
                if member.legal_entity and not m.sharing_refused:
                    path = AccessPath(member_id=m.member_id, via_structure=True)
                    through.setdefault(member.national_id, []).extend(_windows(m, path, i))
        shared: dict[tuple[int, ...], _Own] = {}

        def own(group: list[tuple[int, Membership]]) -> _Own:
            key = tuple(i for i, _ in group)
            if key not in shared:
                shared[key] = _Own(tuple(group))
            return shared[key]

        self.positions = {m.member_id: i for i, m in enumerate(circle)}
        self.by_account = {k: own(v) for k, v in accounts.items()}
        self.by_national_id = {k: own(v) for k, v in national_ids.items()}
        self.structures: tuple[Membership, ...] = tuple(structures)
        # What a non-member hears about: the habilitated legal entities they might act through.
        self.hearsay = tuple(
            m
            for m in structures
            if m.habilitated and isinstance(m.member, DirectoryStructure) and m.member.legal_entity
        )
        self.through = {k: tuple(v) for k, v in through.items()}
        self.merged: dict[tuple[str, str], _Own] = {}

    def own(self, principal: Principal) -> _Own | None:
        """The principal's memberships: their account's and their national id's."""
        account, national_id = principal.account, principal.national_id
        found = self.by_account.get(account) if account is not None else None
        other = self.by_national_id.get(national_id) if national_id is not None else None
        if other is None or other is found:
            return found
        if found is None:
            return other
        assert account is not None  # noqa: S101 -- found through it
        assert national_id is not None  # noqa: S101 -- found through it
        merged = self.merged.get((account, national_id))
        if merged is None:
            both = {m.member_id: m for m in (*found.memberships, *other.memberships)}
            merged = _Own(tuple(sorted((self.positions[k], m) for k, m in both.items())))
            self.merged[account, national_id] = merged
        return merged


def _memo(circle: CareCircle) -> _Memo:
    memo: _Memo | None = circle._access_memo
    if memo is None:
        memo = _Memo(circle)
        _set(circle, "_access_memo", memo)
    return memo


def _paths(memo: _Memo, own: _Own | None, principal: Principal, at: dt.datetime) -> list[_Window]:
    """The windows open at ``at`` for a principal with an active account and no refusal."""
    found = []
    if own is not None:
        found = [w for w in own.windows if w[0] <= at and (w[1] is None or at < w[1])]
    through = memo.through
    for structure_id in principal.delegated_by:
        windows = through.get(structure_id)
        if windows is not None:
            found.extend(w for w in windows if w[0] <= at and (w[1] is None or at < w[1]))
    if len(found) > 1:
        found.sort(key=lambda w: w[3])  # circle order, whatever the order of delegated_by
    return found


# -- reasons ----------------------------------------------------------------------------------


def _grant_reasons(membership: Membership, at: dt.datetime) -> list[Reason]:
    """What stops this membership's own grant, whoever the principal (empty when it holds)."""
    reasons = []
    if not membership.is_active(at):
        reasons.append(_ENDED)
    if not membership.habilitated:
        reasons.append(_NOT_HABILITATED)
    elif membership.habilitation_expired(at):
        reasons.append(_EXPIRED)
    if membership.sharing_refused:
        reasons.append(_REFUSED)
    return reasons


def _account_reasons(principal: Principal) -> tuple[Reason, ...]:
    if principal.account is None:
        return _PENDING
    if principal.account_state is not _ACTIVE:
        return _INACTIVE
    return ()


def _direct_reasons(own: _Own | None, account: tuple[Reason, ...], at: dt.datetime) -> list[Reason]:
    """R2: what stops each of the principal's current memberships (all, if none is current)."""
    if own is None:
        return list(_NOT_A_MEMBER)
    current = [m for m in own.memberships if m.is_active(at)] or own.memberships
    reasons = []
    for m in current:
        reasons.extend(_grant_reasons(m, at))
        reasons.extend(account)
        if own.refused:
            reasons.append(_REFUSED)
    return reasons


def _structure_reasons(
    memo: _Memo,
    principal: Principal,
    account: tuple[Reason, ...],
    *,
    refused: bool,
    member: bool,
    at: dt.datetime,
) -> list[Reason]:
    """R3: what stops each path through the circle's active directory structures."""
    reasons: list[Reason] = []
    if principal.delegated_by:
        candidates = memo.structures
    elif member:
        return reasons
    else:
        candidates = memo.hearsay
    for s in candidates:
        structure = s.member
        if not isinstance(structure, DirectoryStructure) or not s.is_active(at):
            continue
        delegate = structure.national_id in principal.delegated_by
        # A non-member hears about habilitated legal entities they could act through.
        if not (delegate or (s.habilitated and structure.legal_entity and not member)):
            continue
        reasons.extend(_grant_reasons(s, at))
        if not structure.legal_entity:
            reasons.append(_NOT_LEGAL_ENTITY)
        if not delegate:
            reasons.append(_NOT_A_DELEGATE)
        if refused:
            reasons.append(_REFUSED)
        reasons.extend(account)
    return reasons


def open_paths(
    record: CoordinationRecord, principal: Principal, at: dt.datetime
) -> list[AccessPath]:
    """The paths by which ``principal`` opens ``record`` at ``at``, in circle order (R2–R4)."""
    memo = record.circle._access_memo or _memo(record.circle)
    own = memo.own(principal)
    if _account_reasons(principal) or (own is not None and own.refused):
        return []
    return [w[2] for w in _paths(memo, own, principal, at)]


def _record_level(
    record: CoordinationRecord, principal: Principal, at: dt.datetime
) -> tuple[list[AccessPath], list[Reason]]:
    """Every path to the record as a whole at ``at``, or every reason against it (R2–R4)."""
    paths = open_paths(record, principal, at)
    if paths:
        return paths, []
    memo = _memo(record.circle)
    own = memo.own(principal)
    account = _account_reasons(principal)
    reasons = _direct_reasons(own, account, at)
    refused = own is not None and own.refused
    reasons.extend(
        _structure_reasons(memo, principal, account, refused=refused, member=own is not None, at=at)
    )
    return [], reasons


def _matrix_reasons(
    matrix: HabilitationMatrix, principal: Principal, category: str, action: Action
) -> tuple[Reason, ...]:
    """G5 and R1: what the matrix says against the principal's own profession."""
    row = matrix._table.get(principal.profession_key)  # type: ignore[arg-type]
    if category not in matrix._declared:
        return _UNKNOWN_CATEGORY if row is not None else _UNKNOWN_BOTH
    if row is None:
        return _UNKNOWN_PROFESSION
    return () if row.get(category, 0) >= _NEEDED[action] else _MATRIX_DENIES


# -- the public questions ---------------------------------------------------------------------


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


def structure_memberships(record: CoordinationRecord, structure_id: str) -> list[Membership]:
    """The memberships of the directory structure ``structure_id`` in the record's circle."""
    return [
        m
        for m in _memo(record.circle).structures
        if isinstance(m.member, DirectoryStructure) and m.member.national_id == structure_id
    ]


def effective_access(
    record: CoordinationRecord, principal: Principal, *, at: dt.datetime
) -> Decision:
    """Whether ``principal`` may open ``record`` at all at ``at`` (R2–R4), with every reason.

    This is :func:`decide` before the matrix: what R6 (who may edit) and G14 ask.
    """
    paths, reasons = _record_level(record, principal, at)
    if paths:
        return _allowed(tuple(paths))
    return _denied(tuple(dict.fromkeys(reasons)))


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
    if paths:
        # The record opens: only the matrix can stand in the way.
        return _denied(against) if against else _allowed(tuple(paths))
    reasons.extend(against)
    return _denied(tuple(dict.fromkeys(reasons)))


def has_effective_access(
    record: CoordinationRecord, principal: Principal, *, at: dt.datetime
) -> bool:
    """Boolean twin of :func:`effective_access`: the same answer, no reasons built."""
    if principal.account is None or principal.account_state is not _ACTIVE:
        return False
    return _reaches(record, principal, at)


def _reaches(record: CoordinationRecord, principal: Principal, at: dt.datetime) -> bool:
    """The hot path of the twins, for a principal with an active account: loops written out,
    since generator expressions cost more than the checks.
    """
    memo = record.circle._access_memo or _memo(record.circle)
    own = memo.own(principal)
    if own is not None:
        if own.refused:
            return False
        for start, end, _, _ in own.windows:
            if start <= at and (end is None or at < end):
                return True
    through = memo.through
    for structure_id in principal.delegated_by:
        for start, end, _, _ in through.get(structure_id, ()):
            if start <= at and (end is None or at < end):
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
    row = matrix._table.get(principal.profession_key)  # type: ignore[arg-type]
    if row is None or row.get(category, 0) < _NEEDED[action]:
        return False
    return has_effective_access(record, principal, at=at)
