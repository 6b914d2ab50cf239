"""The plain path: R1–R4 and the matrix, written straight from the rules, for reading.

This module is the reference: it reads the whole circle on every question and keeps nothing.
The public functions (:func:`~carecircle.decide` and the others) answer the same
questions faster, through the circle's memo (:mod:`carecircle._access._fast`); the property
tests check, on generated records, that both always give the same :class:`Decision`, reasons
and their order included. Arguments are taken as checked (instants in UTC): the public
functions check them.

>>> import datetime as dt
>>> from carecircle import EXAMPLE_MATRIX
>>> from carecircle import Principal
>>> from carecircle.testing.builders import EPOCH, new_record
>>> record, creator = new_record()
>>> decide(record, creator, "medical", "write", matrix=EXAMPLE_MATRIX, at=EPOCH).paths
(AccessPath(member_id='M1', via_structure=False),)
>>> effective_access(record, Principal(account="pass:9"), at=EPOCH).reasons
(<Reason.NOT_A_MEMBER: 'NOT_A_MEMBER'>,)
"""

from __future__ import annotations

import datetime as dt

import attrs

from carecircle._access import gates
from carecircle._access.decision import AccessPath, Decision, Reason, RefusalRef
from carecircle._access.matrix import ACTION_RANKS, HabilitationMatrix
from carecircle._model.membership import Membership
from carecircle._model.people import AccountState, DirectoryProfessional
from carecircle._model.principal import Principal
from carecircle._model.record import CoordinationRecord
from carecircle._model.structures import DirectoryStructure

__all__ = [
    "Identity",
    "circle_access",
    "decide",
    "effective_access",
    "grant_reasons",
    "identity",
    "matrix_reasons",
    "scoped_access",
]


def grant_reasons(m: Membership, at: dt.datetime) -> list[Reason]:
    """What stops this membership's own grant at ``at``, whoever asks (empty when it holds):
    not active (R9), not habilitated (G6) or its habilitation over, a refusal of the whole
    record standing (R4).
    """
    reasons = [] if m.is_active(at) else [Reason.PARTICIPATION_ENDED]
    if not m.habilitated:
        reasons.append(Reason.NOT_HABILITATED)
    elif m.habilitation_ends is not None and at >= m.habilitation_ends:
        reasons.append(Reason.HABILITATION_EXPIRED)
    if m.refused_at(at):
        reasons.append(Reason.SHARING_REFUSED)
    return reasons


def whole_refusals(m: Membership, at: dt.datetime) -> list[RefusalRef]:
    """The refusals of the whole record standing on ``m`` at ``at``, in recorded order."""
    return [
        RefusalRef(member_id=m.member_id, refusal_id=r.refusal_id)
        for r in m.refusals
        if not r.categories and r.stands_at(at)
    ]


def scoped_refusals(m: Membership, category: str, at: dt.datetime) -> list[RefusalRef]:
    """The refusals of some categories, ``category`` among them, standing on ``m`` at ``at``."""
    return [
        RefusalRef(member_id=m.member_id, refusal_id=r.refusal_id)
        for r in m.refusals
        if category in r.categories and r.stands_at(at)
    ]


@attrs.frozen
class Identity:
    """Who the principal is in a circle (R4): the memberships their account or national id
    designates, in circle order, and whether those ids designate one person (``mismatch``
    when they do not) and whether the patient refused sharing with any of them.
    """

    memberships: tuple[Membership, ...]
    mismatch: bool
    refused: bool


def identity(record: CoordinationRecord, principal: Principal, at: dt.datetime) -> Identity:
    """The directory professionals of the circle the principal's ids designate, and whether
    a refusal of the whole record stands on one of them at ``at``.

    A membership is designated when its PASS account is the principal's, or its national id is;
    one entered in error designates nobody.
    The ids designate one person unless (deny by default):

    - the memberships found, with the principal, carry two different accounts, or two
      different national ids (a national id recorded under another account, an account
      recorded under another national id);
    - or the account finds a membership the national id does not, and the national id one the
      account does not (two entries, neither tied to the other).
    """
    account, national_id = principal.account, principal.national_id
    by_account: list[Membership] = []
    by_national_id: list[Membership] = []
    mine: list[Membership] = []
    for m in record.circle:
        member = m.member
        if not isinstance(member, DirectoryProfessional) or m.entered_in_error is not None:
            continue
        recorded = None if member.account is None else member.account.id
        found = False
        if account is not None and recorded == account:
            by_account.append(m)
            found = True
        if national_id is not None and member.national_id == national_id:
            by_national_id.append(m)
            found = True
        if found:
            mine.append(m)
    accounts = {account} | {m.member.account.id for m in mine if m.member.account is not None}  # type: ignore[union-attr]
    national_ids = {national_id} | {m.member.national_id for m in mine}  # type: ignore[union-attr]
    accounts.discard(None)
    national_ids.discard(None)
    only_account = [m for m in by_account if m not in by_national_id]
    only_national_id = [m for m in by_national_id if m not in by_account]
    mismatch = len(accounts) > 1 or len(national_ids) > 1 or bool(only_account and only_national_id)
    return Identity(
        memberships=tuple(mine),
        mismatch=mismatch,
        refused=any(m.refused_at(at) for m in mine),
    )


def _account_reasons(principal: Principal) -> list[Reason]:
    if principal.account is None:
        return [Reason.HABILITATION_PENDING_ACCOUNT]
    if principal.account_state is not AccountState.ACTIVE:
        return [Reason.ACCOUNT_INACTIVE]
    return []


def _grants(m: Membership, at: dt.datetime) -> bool:
    return not grant_reasons(m, at)


def _paths(
    record: CoordinationRecord, principal: Principal, who: Identity, at: dt.datetime
) -> tuple[AccessPath, ...]:
    """R2 and R3: every way in, in circle order, for a principal who may use them."""
    paths = []
    for m in record.circle:
        member = m.member
        if m.entered_in_error is not None:
            continue
        if m in who.memberships and _grants(m, at):
            paths.append(AccessPath(member_id=m.member_id))
        elif (
            isinstance(member, DirectoryStructure)
            and member.national_id in principal.delegated_by
            and member.legal_entity
            and _grants(m, at)
        ):
            paths.append(AccessPath(member_id=m.member_id, via_structure=True))
    return tuple(paths)


def _record_reasons(
    record: CoordinationRecord, principal: Principal, who: Identity, at: dt.datetime
) -> list[Reason]:
    """Every record-level reason, when no path opens (R1–R4), repeats included."""
    account = _account_reasons(principal)
    refused = [Reason.SHARING_REFUSED] if who.refused else []
    if who.mismatch:
        # Whose memberships these are cannot be told: nothing else is said about them.
        return [Reason.IDENTITY_MISMATCH, *refused, *account]
    reasons: list[Reason] = []
    # R2: each current membership of theirs (every one, when none is current).
    if not who.memberships:
        reasons.append(Reason.NOT_A_MEMBER)
    current = [m for m in who.memberships if m.is_active(at)] or list(who.memberships)
    for m in current:
        reasons += [*grant_reasons(m, at), *account, *refused]
    # R3: each structure delegating to them; for a non-member, each legal entity that gives
    # its delegates access now, which they do not act for.
    for m in record.circle:
        structure = m.member
        if not isinstance(structure, DirectoryStructure) or m.entered_in_error is not None:
            continue
        blocking = grant_reasons(m, at)
        if structure.national_id in principal.delegated_by:
            reasons += blocking
            if not structure.legal_entity:
                reasons.append(Reason.STRUCTURE_NOT_LEGAL_ENTITY)
            reasons += [*refused, *account]
        elif not who.memberships and structure.legal_entity and not blocking:
            reasons.append(Reason.NOT_A_DELEGATE)
    return reasons


def _delegating(m: Membership, principal: Principal) -> bool:
    """Whether ``m`` is a directory structure (not entered in error) delegating to them."""
    member = m.member
    return (
        isinstance(member, DirectoryStructure)
        and m.entered_in_error is None
        and member.national_id in principal.delegated_by
    )


def _refusals(
    record: CoordinationRecord, principal: Principal, who: Identity, at: dt.datetime
) -> tuple[RefusalRef, ...]:
    """The whole-record refusals behind a denial, in circle order: on the principal's own
    memberships, and (when their ids designate one person) on the structures delegating to
    them.
    """
    found: list[RefusalRef] = []
    for m in record.circle:
        if m in who.memberships or (not who.mismatch and _delegating(m, principal)):
            found += whole_refusals(m, at)
    return tuple(found)


def circle_access(record: CoordinationRecord, principal: Principal, *, at: dt.datetime) -> Decision:
    """R1–R4 on the circle's memberships alone (before the circle's status and emergency
    accesses): allowed with every path in, or denied with every record-level reason, once
    each, and the refusals behind a ``SHARING_REFUSED``.

    No path opens to a principal whose ids do not designate one person, who has no active
    account, or with whom the patient refused sharing.
    """
    who = identity(record, principal, at)
    if not who.mismatch and not who.refused and not _account_reasons(principal):
        paths = _paths(record, principal, who, at)
        if paths:
            return Decision(allowed=True, paths=paths)
    reasons = tuple(dict.fromkeys(_record_reasons(record, principal, who, at)))
    refusals = _refusals(record, principal, who, at) if Reason.SHARING_REFUSED in reasons else ()
    return Decision(allowed=False, reasons=reasons, refusals=refusals)


def scoped_access(
    record: CoordinationRecord, principal: Principal, category: str, *, at: dt.datetime
) -> Decision:
    """:func:`circle_access` for one information category: a refusal of some categories,
    ``category`` among them, on the principal's own memberships denies (``SHARING_REFUSED``);
    one on a structure closes the paths through it. When no path opens, the refusals of the
    category on their own memberships and (their ids designating one person) on the
    structures delegating to them join the denial, in circle order.
    """
    found = circle_access(record, principal, at=at)
    who = identity(record, principal, at)
    own = [ref for m in who.memberships for ref in scoped_refusals(m, category, at)]
    if not found.allowed:
        refs = [
            ref
            for m in record.circle
            if m in who.memberships or (not who.mismatch and _delegating(m, principal))
            for ref in scoped_refusals(m, category, at)
        ]
        if not refs:
            return found
        reasons = tuple(dict.fromkeys((*found.reasons, Reason.SHARING_REFUSED)))
        return Decision(allowed=False, reasons=reasons, refusals=(*found.refusals, *refs))
    if own:
        return Decision(allowed=False, reasons=(Reason.SHARING_REFUSED,), refusals=tuple(own))
    kept: list[AccessPath] = []
    dropped: list[RefusalRef] = []
    for path in found.paths:
        refs = scoped_refusals(record.circle.get(str(path.member_id)), category, at)
        if refs:
            dropped += refs
        else:
            kept.append(path)
    if not dropped:
        return found
    if kept:
        return Decision(allowed=True, paths=tuple(kept))
    return Decision(allowed=False, reasons=(Reason.SHARING_REFUSED,), refusals=tuple(dropped))


def effective_access(
    record: CoordinationRecord, principal: Principal, *, at: dt.datetime
) -> Decision:
    """Whether the principal may open the record at all: :func:`circle_access`, then an
    emergency access when nothing else opens, then the circle's status
    (:func:`carecircle._access.gates.finish`).
    """
    return gates.finish(record, principal, circle_access(record, principal, at=at), (), 0, at)


def matrix_reasons(
    matrix: HabilitationMatrix, principal: Principal, category: str, action: str
) -> tuple[Reason, ...]:
    """G5 and R1: what the matrix says against the principal's own profession."""
    profession = principal.profession
    known = profession is not None and matrix.knows_profession(profession)
    declared = matrix.knows_category(category)
    if not known and not declared:
        return (Reason.UNKNOWN_PROFESSION, Reason.UNKNOWN_CATEGORY)
    if not known:
        return (Reason.UNKNOWN_PROFESSION,)
    if not declared:
        return (Reason.UNKNOWN_CATEGORY,)
    if matrix.level(profession, category).rank < ACTION_RANKS[action]:
        return (Reason.MATRIX_DENIES,)
    return ()


def decide(
    record: CoordinationRecord,
    principal: Principal,
    category: str,
    action: str,
    *,
    matrix: HabilitationMatrix,
    at: dt.datetime,
) -> Decision:
    """R1–R4 and G5: the record-level answer for the category (:func:`scoped_access`), an
    emergency access when nothing else opens, the matrix's verdict on the principal's own
    profession, then the circle's status (:func:`carecircle._access.gates.finish`).
    """
    against = matrix_reasons(matrix, principal, category, action)
    found = scoped_access(record, principal, category, at=at)
    return gates.finish(record, principal, found, against, ACTION_RANKS[action], at)
