"""Effective access (*accès effectif*) to a record: the public questions (R1–R4).

A principal reaches a record directly, as a member (R2), or through a habilitated legal-entity
structure that delegates to them (R3); a sharing refusal wins over both (R4); the habilitation
matrix then says what their own profession may do with each category of information (G5);
anything unknown is denied (R1), and so is a principal whose ids designate more than one
person (``IDENTITY_MISMATCH``).

:func:`decide` answers for one category and action, with every reason that applies;
:func:`is_allowed` is its boolean twin for hot paths and always agrees with it.
:func:`effective_access` and :func:`has_effective_access` answer the same question for the
record as a whole, before the matrix: may the principal open it at all (what R6 and G14 ask).

Each function checks its arguments (coded errors, never a bare ``TypeError``), makes ``at``
absolute (:func:`carecircle.instants.utc`), and asks the circle's memo
(:mod:`carecircle._access._fast`), which answers what the plain path
(:mod:`carecircle._access.plain`) answers, faster.

>>> import datetime as dt
>>> from carecircle import EXAMPLE_MATRIX
>>> from carecircle import CareCircle, CoordinationRecord, Patient, Principal
>>> at = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
>>> record = CoordinationRecord(record_id="DC-1", created_by="pass:1", created_at=at,
...     patient=Patient(patient_id="P-1", family_name="Martin", given_name="Louise"))
>>> decide(record, Principal(account="pass:9"), Category.MEDICAL, Action.READ,
...        matrix=EXAMPLE_MATRIX, at=at).reasons
(<Reason.NOT_A_MEMBER: 'NOT_A_MEMBER'>, <Reason.UNKNOWN_PROFESSION: 'UNKNOWN_PROFESSION'>)
>>> decide(record, Principal(account="pass:9"), "medical", "READ", matrix=EXAMPLE_MATRIX, at=at)
Traceback (most recent call last):
    ...
carecircle.InvalidValueError: ACTION_INVALID at action: an action is 'read' or 'write'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Final

from carecircle._access import _fast, gates, plain
from carecircle._access.decision import AccessPath, Decision, Reason, RefusalRef
from carecircle._access.matrix import ACTION_RANKS, Action, Category, HabilitationMatrix
from carecircle._errors import InvalidValueError, wrong_type
from carecircle._model.lifecycle import CircleStatus
from carecircle._model.membership import Membership
from carecircle._model.people import DirectoryProfessional
from carecircle._model.principal import Principal
from carecircle._model.record import CoordinationRecord
from carecircle._model.structures import DirectoryStructure
from carecircle.instants import utc

__all__ = [
    "AccessPath",
    "Decision",
    "Reason",
    "RefusalRef",
    "check_matrix",
    "check_principal",
    "check_principals",
    "check_record",
    "decide",
    "effective_access",
    "has_effective_access",
    "is_allowed",
    "member_has_access",
    "membership_access",
    "open_paths",
]

ACTION_INVALID: Final = "ACTION_INVALID"
_DATETIME: Final = dt.datetime
_UTC: Final = dt.UTC
_ACTIVE: Final = CircleStatus.ACTIVE


# -- arguments --------------------------------------------------------------------------------


def check_record(record: object, path: str = "record") -> CoordinationRecord:
    """``record`` if it is a :class:`~carecircle.CoordinationRecord`, else ``WRONG_TYPE``."""
    if not isinstance(record, CoordinationRecord):
        raise wrong_type(path, "a CoordinationRecord")
    return record


def check_principal(principal: object, path: str = "principal") -> Principal:
    """``principal`` if it is a :class:`~carecircle.Principal`, else ``WRONG_TYPE``."""
    if not isinstance(principal, Principal):
        raise wrong_type(path, "a Principal")
    return principal


def check_principals(principals: object, path: str = "principals") -> list[Principal]:
    """Every principal of an iterable, each checked (``WRONG_TYPE`` at ``principals[i]``)."""
    if isinstance(principals, str | bytes | Principal) or not isinstance(principals, Iterable):
        raise wrong_type(path, "an iterable of Principal")
    found = list(principals)
    for i, principal in enumerate(found):
        check_principal(principal, f"{path}[{i}]")
    return found


def check_matrix(matrix: object, path: str = "matrix") -> HabilitationMatrix:
    """``matrix`` if it is a :class:`~carecircle.HabilitationMatrix`, else ``WRONG_TYPE``."""
    if not isinstance(matrix, HabilitationMatrix):
        raise wrong_type(path, "a HabilitationMatrix")
    return matrix


def _action_invalid() -> InvalidValueError:
    """What an action other than an :class:`Action` or its value raises."""
    return InvalidValueError.of(ACTION_INVALID, "action", "an action is 'read' or 'write'")


def _wrong_argument(record: object, principal: object, category: object, matrix: object) -> None:
    """Raise the error for the first wrong argument (the slow path of the checks)."""
    check_record(record)
    check_principal(principal)
    if not isinstance(category, str):
        raise wrong_type("category", "a Category or a str")
    check_matrix(matrix)


# -- the public questions ---------------------------------------------------------------------


def decide(
    record: CoordinationRecord,
    principal: Principal,
    category: Category | str,
    action: Action | str,
    *,
    matrix: HabilitationMatrix,
    at: dt.datetime,
) -> Decision:
    """Whether ``principal`` may do ``action`` on ``category`` of ``record`` at ``at`` (R1–R4).

    Allowed with the paths that reach the record (their own membership, or which structures),
    or denied with *every* reason that applies: the record-level ones first, then the
    matrix's (its verdict on the principal's own profession, even through a structure, R3).
    ``action`` is an :class:`Action` or its value (``"read"``, ``"write"``); a category the
    matrix does not declare is denied (``UNKNOWN_CATEGORY``).
    """
    # The checks written out: this is the hot path.
    if not (
        isinstance(record, CoordinationRecord)
        and isinstance(principal, Principal)
        and isinstance(category, str)
        and isinstance(matrix, HabilitationMatrix)
    ):
        _wrong_argument(record, principal, category, matrix)  # type: ignore[unreachable]
    try:
        needed = ACTION_RANKS[action]
    except (KeyError, TypeError):
        raise _action_invalid() from None
    if at.__class__ is not _DATETIME or at.tzinfo is not _UTC:
        at = utc(at)  # what utc returns at once for a UTC datetime, checked here
    found = _fast.decide(record.circle, principal, category, needed, matrix, at)
    history = record.status_history
    if found.allowed or not record.emergency_accesses:
        if len(history) == 1 and history[0].status is _ACTIVE:
            return found  # the usual case: an active circle, and the answer as it stands
        return gates.finish(record, principal, found, (), 0, at)
    # An emergency access may open what the circle does not: the answer before the matrix.
    against = plain.matrix_reasons(matrix, principal, category, str(action))
    base = _fast.scoped(record.circle, principal, category, at)
    return gates.finish(record, principal, base, against, needed, at)


def is_allowed(
    record: CoordinationRecord,
    principal: Principal,
    category: Category | str,
    action: Action | str,
    *,
    matrix: HabilitationMatrix,
    at: dt.datetime,
) -> bool:
    """Boolean twin of :func:`decide` for hot paths: the same answer, no reasons built."""
    if not (
        isinstance(record, CoordinationRecord)
        and isinstance(principal, Principal)
        and isinstance(category, str)
        and isinstance(matrix, HabilitationMatrix)
    ):
        _wrong_argument(record, principal, category, matrix)  # type: ignore[unreachable]
    try:
        needed = ACTION_RANKS[action]
    except (KeyError, TypeError):
        raise _action_invalid() from None
    if at.__class__ is not _DATETIME or at.tzinfo is not _UTC:
        at = utc(at)  # what utc returns at once for a UTC datetime, checked here
    history = record.status_history
    if not record.emergency_accesses and len(history) == 1 and history[0].status is _ACTIVE:
        return _fast.allows(record.circle, principal, category, needed, matrix, at)
    return decide(record, principal, category, action, matrix=matrix, at=at).allowed


def effective_access(
    record: CoordinationRecord, principal: Principal, *, at: dt.datetime
) -> Decision:
    """Whether ``principal`` may open ``record`` at all at ``at`` (R2–R4), with every reason.

    This is :func:`decide` before the matrix and its categories: the circle's memberships
    (:func:`membership_access`), an emergency access when they open nothing, then the
    circle's status (:mod:`carecircle._access.gates`). G14 follows it.
    """
    if not (isinstance(record, CoordinationRecord) and isinstance(principal, Principal)):
        check_record(record)  # type: ignore[unreachable]
        check_principal(principal)
    at = utc(at)
    return gates.finish(record, principal, _fast.access(record.circle, principal, at), (), 0, at)


def membership_access(
    record: CoordinationRecord, principal: Principal, *, at: dt.datetime
) -> Decision:
    """What the circle's memberships alone say (R2–R4): no emergency access, whatever the
    circle's status. This is who may edit the circle (R6) and change its status: an emergency
    access never edits, and a suspended circle is resumed by its editors.
    """
    if not (isinstance(record, CoordinationRecord) and isinstance(principal, Principal)):
        check_record(record)  # type: ignore[unreachable]
        check_principal(principal)
    return _fast.access(record.circle, principal, utc(at))


def has_effective_access(
    record: CoordinationRecord, principal: Principal, *, at: dt.datetime
) -> bool:
    """Boolean twin of :func:`effective_access`: the same answer, no reasons built."""
    return effective_access(record, principal, at=at).allowed


def open_paths(
    record: CoordinationRecord, principal: Principal, at: dt.datetime
) -> tuple[AccessPath, ...]:
    """The paths by which ``principal`` opens ``record`` at ``at``, in circle order (R2–R4),
    or the emergency access that does; the arguments as checked (what the listings call).
    """
    found = _fast.access(record.circle, principal, at)
    return gates.finish(record, principal, found, (), 0, at).paths


def scoped_levels(
    record: CoordinationRecord,
    principal: Principal,
    levels: dict[str, int],
    at: dt.datetime,
) -> dict[str, int] | None:
    """``levels`` (each category's rank the matrix gives) as :func:`decide` allows them on
    ``record``, when a refusal of some categories or an emergency access may lower them;
    ``None`` when nothing can: the listings' slow path, the arguments as checked.
    """
    if not (record.emergency_accesses or _fast.has_scoped(record.circle)):
        return None
    found = {}
    for category, rank in levels.items():
        base = _fast.scoped(record.circle, principal, category, at)
        allowed = 0
        for needed in range(rank, 0, -1):
            if gates.finish(record, principal, base, (), needed, at).allowed:
                allowed = needed
                break
        found[category] = allowed
    return found


def member_has_access(membership: Membership, at: dt.datetime) -> bool:
    """True when the member itself, as recorded, holds an effective grant at ``at``.

    A directory professional with an active account, or a legal-entity directory structure
    (whose delegates then have access): active, habilitated and not refused. This is what
    G14's habilitation notice follows.
    """
    if not isinstance(membership, Membership):
        raise wrong_type("membership", "a Membership")
    at = utc(at)
    if not (membership.is_active(at) and membership.habilitated_at(at)):
        return False
    if membership.refused_at(at):
        return False
    member = membership.member
    if isinstance(member, DirectoryProfessional):
        return member.account is not None and member.account.is_active
    return isinstance(member, DirectoryStructure) and member.legal_entity


def structure_memberships(record: CoordinationRecord, structure_id: str) -> list[Membership]:
    """The memberships of the directory structure ``structure_id`` in the record's circle."""
    return [
        m
        for m in record.circle
        if isinstance(m.member, DirectoryStructure) and m.member.national_id == structure_id
    ]
