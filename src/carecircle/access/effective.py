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
from typing import Final

from carecircle.access._memo import Memo, Own, Window, grant_reasons, memo_of, opened, paths_at
from carecircle.access.decision import AccessPath, Decision, Reason, _denied
from carecircle.access.matrix import _NEEDED, Action, Category, HabilitationMatrix
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

# Enum members as plain constants: reading one off its class is slow on Python 3.11, and
# decisions are a hot path.
_ACTIVE: Final = AccountState.ACTIVE
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


# -- reasons ----------------------------------------------------------------------------------


def _direct_reasons(own: Own | None, account: tuple[Reason, ...], at: dt.datetime) -> list[Reason]:
    """R2: what stops each of the principal's current memberships (all, if none is current)."""
    if own is None:
        return list(_NOT_A_MEMBER)
    reasons: list[Reason] = []
    for blocking in own.stretch(at).blocking:
        reasons += blocking
        reasons += account
        if own.refused:
            reasons.append(_REFUSED)
    return reasons


def _structure_reasons(
    memo: Memo,
    principal: Principal,
    account: tuple[Reason, ...],
    *,
    refused: bool,
    member: bool,
    at: dt.datetime,
) -> list[Reason]:
    """R3: what stops each path through a structure that delegates to the principal (even
    one that left the circle) and, for a non-member, which working paths they are not on.
    """
    reasons: list[Reason] = []
    # In circle order: the structures delegating to them and, for a non-member, the
    # habilitated legal entities they could act through if they were delegates.
    picked = [i for sid in principal.delegated_by for i in memo.structure_ids.get(sid, ())]
    if not member:
        picked += memo.hearsay
    if len(picked) > 1:
        picked = sorted(set(picked))
    for i in picked:
        s = memo.structures[i]
        structure = s.member
        assert isinstance(structure, DirectoryStructure)  # noqa: S101 -- memo.structures
        blocking = grant_reasons(s, at)
        if structure.national_id not in principal.delegated_by:
            # Not their path: only that it would be, were they a delegate, and only when it
            # works (the structure's own state is none of their business).
            if not blocking:
                reasons.append(_NOT_A_DELEGATE)
            continue
        reasons += blocking
        if not structure.legal_entity:
            reasons.append(_NOT_LEGAL_ENTITY)
        if refused:
            reasons.append(_REFUSED)
        reasons += account
    return reasons


def open_paths(
    record: CoordinationRecord, principal: Principal, at: dt.datetime
) -> list[AccessPath]:
    """The paths by which ``principal`` opens ``record`` at ``at``, in circle order (R2–R4)."""
    memo = record.circle._access_memo or memo_of(record.circle)
    windows, _ = _record_level(memo, memo.own(principal), principal, at, why=False)
    return [w[2] for w in windows]


def _record_level(
    memo: Memo, own: Own | None, principal: Principal, at: dt.datetime, *, why: bool = True
) -> tuple[list[Window], list[Reason]]:
    """Every window open to the record as a whole at ``at`` (the paths), or (``why``) every
    reason against it. ``own`` is ``memo.own(principal)``.
    """
    refused = own is not None and own.refused
    if principal.account is None:
        account = _PENDING
    elif principal.account_state is not _ACTIVE:
        account = _INACTIVE
    else:
        account = ()
    if not account and not refused:
        windows = paths_at(memo, own, principal, at)
        if windows:
            return windows, []
    if not why:
        return [], []
    reasons = _direct_reasons(own, account, at)
    if principal.delegated_by or (own is None and memo.hearsay):
        reasons.extend(
            _structure_reasons(
                memo, principal, account, refused=refused, member=own is not None, at=at
            )
        )
    return [], reasons


def _matrix_reasons(
    matrix: HabilitationMatrix, principal: Principal, category: str, action: Action
) -> tuple[Reason, ...]:
    """G5 and R1: what the matrix says against the principal's own profession."""
    row = matrix._table.get(principal.profession_key)  # type: ignore[arg-type]
    if row is not None:
        rank = row.get(category)  # every declared category is in the row
        if rank is None:
            return _UNKNOWN_CATEGORY
        return () if rank >= _NEEDED[action] else _MATRIX_DENIES
    return _UNKNOWN_PROFESSION if category in matrix._declared else _UNKNOWN_BOTH


# -- the public questions ---------------------------------------------------------------------


def member_has_access(membership: Membership, at: dt.datetime) -> bool:
    """True when the member itself, as recorded, holds an effective grant at ``at``.

    A directory professional with an active account, or a legal-entity directory structure
    (whose delegates then have access): active, habilitated and not refused. This is what
    G14's habilitation notice follows.
    """
    if grant_reasons(membership, at):
        return False
    member = membership.member
    if isinstance(member, DirectoryProfessional):
        return member.account is not None and member.account.is_active
    return isinstance(member, DirectoryStructure) and member.legal_entity


def structure_memberships(record: CoordinationRecord, structure_id: str) -> list[Membership]:
    """The memberships of the directory structure ``structure_id`` in the record's circle."""
    return [
        m
        for m in memo_of(record.circle).structures
        if isinstance(m.member, DirectoryStructure) and m.member.national_id == structure_id
    ]


def effective_access(
    record: CoordinationRecord, principal: Principal, *, at: dt.datetime
) -> Decision:
    """Whether ``principal`` may open ``record`` at all at ``at`` (R2–R4), with every reason.

    This is :func:`decide` before the matrix: what R6 (who may edit) and G14 ask.
    """
    memo = record.circle._access_memo or memo_of(record.circle)
    windows, reasons = _record_level(memo, memo.own(principal), principal, at)
    if windows:
        return opened(windows)
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
    against = _matrix_reasons(matrix, principal, category, action)
    memo = record.circle._access_memo or memo_of(record.circle)
    own = memo.own(principal)
    if (
        own is not None
        and not principal.delegated_by
        and principal.account is not None
        and principal.account_state is _ACTIVE
    ):
        # The common case, charted ahead: a member with an active account, acting for
        # themselves. The general path below gives the same answer, more slowly.
        last = own.last_change
        # Most questions are about now, in the stretch that runs on after the last change.
        stretch = own.last if last is not None and at >= last else own.stretch(at)
        if stretch.allowed is not None:
            return _denied(against) if against else stretch.allowed
        return stretch.denial(against)
    windows, reasons = _record_level(memo, own, principal, at)
    if windows:
        # The record opens: only the matrix can stand in the way.
        return _denied(against) if against else opened(windows)
    reasons.extend(against)
    return _denied(tuple(dict.fromkeys(reasons)) if len(reasons) > 1 else tuple(reasons))


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
    memo = record.circle._access_memo or memo_of(record.circle)
    own = memo.own(principal)
    if own is not None:
        if own.refused:
            return False
        since = own.open_since
        if since is not None:
            if since <= at:
                return True
        else:
            for w in own.windows:
                if w[0] <= at and (w[1] is None or at < w[1]):
                    return True
    through = memo.through
    for structure_id in principal.delegated_by:
        for w in through.get(structure_id, ()):
            if w[0] <= at and (w[1] is None or at < w[1]):
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
