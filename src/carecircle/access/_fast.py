"""The fast path: what a circle grants, worked out once per circle and principal (private).

Every speed-up of the access code is here, behind one entry point: the public functions check
their arguments and call :func:`decide`, :func:`allows` or :func:`access` here, which ask the
circle's :class:`Memo` (:func:`memo_of`, the one reader of the circle's slot). It answers what
:mod:`carecircle.access.plain` answers (the property tests compare them), from

- indexes built once per circle: its directory professionals by account and national id, its
  directory structures by id, and one :class:`Timeline` per membership, whose sorted instants
  answer "active at ``at``?" and "what changes next?" by bisection (O(log P) for P periods,
  O(P) to build);
- one :class:`Seen` per principal who asked: the record-level answer and the stretch of time
  ``[lo, hi)`` over which it holds (nothing the answer depends on changes inside it), with the
  denials already built for each verdict of the matrix. Asking again in that stretch is a
  dictionary look-up and two comparisons.

A circle made by :meth:`CareCircle.replace <carecircle.model.CareCircle.replace>` (every
operation's new circle) holds in its slot an :class:`~carecircle.model.record.Origin`: its memo
is then derived, when first asked, from the memo of the nearest circle up its origins
(:meth:`Memo.derive`: the indexes copied and updated for the changed memberships only, no
principal's answer kept), so a chain of operations never rebuilds it and a record only stored
never pays for it.

Records and principals are immutable, and a circle's memo lives in the circle, so nothing kept
here can go stale or change an answer; there is no process-wide cache.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from typing import Final

from carecircle.access.decision import AccessPath, Decision, Reason
from carecircle.access.matrix import HabilitationMatrix
from carecircle.model.membership import Membership
from carecircle.model.people import AccountState, DirectoryProfessional
from carecircle.model.principal import Principal
from carecircle.model.record import CareCircle, Origin
from carecircle.model.structures import DirectoryStructure

__all__ = ["Memo", "Seen", "Timeline", "access", "allows", "decide", "memo_of"]

_ENDED: Final = Reason.PARTICIPATION_ENDED
_NOT_HABILITATED: Final = Reason.NOT_HABILITATED
_EXPIRED: Final = Reason.HABILITATION_EXPIRED
_REFUSED: Final = Reason.SHARING_REFUSED
_NOT_LEGAL_ENTITY: Final = Reason.STRUCTURE_NOT_LEGAL_ENTITY
_NOT_A_DELEGATE: Final = Reason.NOT_A_DELEGATE
_NOT_A_MEMBER: Final = Reason.NOT_A_MEMBER
_MISMATCH: Final = Reason.IDENTITY_MISMATCH
_ACTIVE: Final = AccountState.ACTIVE
_PENDING: Final[tuple[Reason, ...]] = (Reason.HABILITATION_PENDING_ACCOUNT,)
_INACTIVE: Final[tuple[Reason, ...]] = (Reason.ACCOUNT_INACTIVE,)
_UNKNOWN_PROFESSION: Final[tuple[Reason, ...]] = (Reason.UNKNOWN_PROFESSION,)
_UNKNOWN_CATEGORY: Final[tuple[Reason, ...]] = (Reason.UNKNOWN_CATEGORY,)
_UNKNOWN_BOTH: Final = (Reason.UNKNOWN_PROFESSION, Reason.UNKNOWN_CATEGORY)
_MATRIX_DENIES: Final[tuple[Reason, ...]] = (Reason.MATRIX_DENIES,)

#: Bounds of every stretch of time: the first begins at the earliest instant, the last never
#: ends (an instant at ``datetime.max`` is simply never found in a stretch, and recomputed).
_EARLIEST: Final = dt.datetime.min.replace(tzinfo=dt.UTC)
_NEVER: Final = dt.datetime.max.replace(tzinfo=dt.UTC)
#: Principals remembered per circle; past it the memo starts afresh (answers never change).
_MAX_SEEN: Final = 1024


class Timeline:
    """One membership of a directory professional or structure, ready for questions in time."""

    __slots__ = (
        "account",
        "ends",
        "habilitated",
        "habilitation_ends",
        "instants",
        "legal_entity",
        "membership",
        "national_id",
        "path",
        "position",
        "refused",
        "starts",
    )

    def __init__(self, m: Membership, position: int) -> None:
        self.membership = m
        self.position = position
        member = m.member
        self.account: str | None = None
        self.legal_entity = False
        if isinstance(member, DirectoryProfessional):
            self.account = None if member.account is None else member.account.id
            self.national_id = member.national_id
            self.path = AccessPath(member_id=m.member_id)
        else:
            assert isinstance(member, DirectoryStructure)  # noqa: S101 -- only these are charted
            self.national_id = member.national_id
            self.legal_entity = member.legal_entity
            self.path = AccessPath(member_id=m.member_id, via_structure=True)
        self.habilitated = m.habilitated
        self.habilitation_ends = m.habilitation_ends
        self.refused = m.sharing_refused
        periods = m.participations
        # Periods are ordered and disjoint: starts and ends are sorted, and so are the instants
        # where something changes, once the habilitation's end is put in its place.
        self.starts = [p.start for p in periods]
        self.ends = [p.end for p in periods]
        instants = []
        for p in periods:
            instants.append(p.start)
            if p.end is not None:
                instants.append(p.end)
        if m.habilitation_ends is not None:
            bisect.insort(instants, m.habilitation_ends)
        self.instants = instants

    def active(self, at: dt.datetime) -> bool:
        """A participation period contains ``at`` (the latest one started by then)."""
        i = bisect.bisect_right(self.starts, at) - 1
        if i < 0:
            return False
        end = self.ends[i]
        return end is None or at < end

    def blocking(self, at: dt.datetime) -> list[Reason]:
        """What stops this membership's own grant at ``at`` (empty when it holds)."""
        reasons = [] if self.active(at) else [_ENDED]
        if not self.habilitated:
            reasons.append(_NOT_HABILITATED)
        elif self.habilitation_ends is not None and at >= self.habilitation_ends:
            reasons.append(_EXPIRED)
        if self.refused:
            reasons.append(_REFUSED)
        return reasons

    def grants(self, at: dt.datetime) -> bool:
        ends = self.habilitation_ends
        return (
            self.habilitated
            and not self.refused
            and (ends is None or at < ends)
            and self.active(at)
        )

    def around(self, at: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
        """The stretch ``[lo, hi)`` holding ``at`` over which nothing about it changes."""
        instants = self.instants
        i = bisect.bisect_right(instants, at)
        return (
            instants[i - 1] if i else _EARLIEST,
            instants[i] if i < len(instants) else _NEVER,
        )


class Who:
    """What a principal's ids designate in the circle (as :func:`.plain.identity` says)."""

    __slots__ = ("lines", "mismatch", "refused")

    def __init__(self, lines: tuple[Timeline, ...], *, mismatch: bool) -> None:
        self.lines = lines
        self.mismatch = mismatch
        self.refused = any(line.refused for line in lines)


class Seen:
    """A principal's record-level answer over the stretch ``[lo, hi)``, and the decisions built
    from it for each verdict of the matrix.
    """

    __slots__ = ("decision", "denials", "hi", "lo", "opens")

    def __init__(self, decision: Decision, lo: dt.datetime, hi: dt.datetime) -> None:
        self.decision = decision
        self.opens = decision.allowed
        self.lo = lo
        self.hi = hi
        self.denials: dict[tuple[Reason, ...], Decision] = {}

    def denial(self, against: tuple[Reason, ...]) -> Decision:
        """The decision when the matrix says ``against`` (not empty): only the matrix's reasons
        when the record opens, else the record-level reasons and then the matrix's.
        """
        found = self.denials.get(against)
        if found is None:
            reasons = against if self.opens else (*self.decision.reasons, *against)
            found = self.denials[against] = Decision(allowed=False, reasons=reasons)
        return found


class Memo:
    """Access facts of one circle, and what each principal who asked was answered."""

    __slots__ = (
        "by_account",
        "by_national_id",
        "hearsay",
        "memberships",
        "seen",
        "structures",
        "who",
    )

    def __init__(self, circle: CareCircle) -> None:
        accounts: dict[str, list[Timeline]] = {}
        national_ids: dict[str, list[Timeline]] = {}
        structures: dict[str, list[Timeline]] = {}
        hearsay = []
        #: The circle's memberships (what a memo derived from this one compares against).
        self.memberships = circle.memberships
        for i, m in enumerate(circle.memberships):
            member = m.member
            if isinstance(member, DirectoryProfessional):
                line = Timeline(m, i)
                if line.account is not None:
                    accounts.setdefault(line.account, []).append(line)
                if line.national_id is not None:
                    national_ids.setdefault(line.national_id, []).append(line)
            elif isinstance(member, DirectoryStructure):
                line = Timeline(m, i)
                structures.setdefault(member.national_id, []).append(line)
                if line.legal_entity and line.habilitated:
                    hearsay.append(line)
        self.by_account = {k: tuple(v) for k, v in accounts.items()}
        self.by_national_id = {k: tuple(v) for k, v in national_ids.items()}
        #: Directory structures by id, each in circle order.
        self.structures = {k: tuple(v) for k, v in structures.items()}
        #: What a non-member hears about: the habilitated legal entities they might act through.
        self.hearsay = tuple(hearsay)
        self.who: dict[tuple[str | None, str | None], Who] = {}
        self.seen: dict[Principal, Seen] = {}

    # -- the memo of the next circle ---------------------------------------------------------

    def derive(self, circle: CareCircle, changed: Iterable[str]) -> Memo:
        """The memo of ``circle``, which is this memo's circle with the ``changed`` memberships
        replaced in place or appended: the indexes copied and updated for those only, and no
        principal's answer remembered yet (any of them may depend on the change).
        """
        derived = Memo.__new__(Memo)
        derived.memberships = circle.memberships
        accounts = dict(self.by_account)
        national_ids = dict(self.by_national_id)
        structures = dict(self.structures)
        hearsay = self.hearsay
        known = len(self.memberships)
        for member_id in dict.fromkeys(changed):
            position = circle.position(member_id)
            if position is None:  # pragma: no cover -- a change never removes a membership (R9)
                continue
            if position < known:  # replaced: its old timeline, if any, goes
                member = self.memberships[position].member
                if isinstance(member, DirectoryProfessional):
                    _drop(accounts, None if member.account is None else member.account.id, position)
                    _drop(national_ids, member.national_id, position)
                elif isinstance(member, DirectoryStructure):
                    _drop(structures, member.national_id, position)
                    hearsay = tuple(line for line in hearsay if line.position != position)
            new = circle.memberships[position]
            member = new.member
            if isinstance(member, DirectoryProfessional):
                line = Timeline(new, position)
                _put(accounts, line.account, line)
                _put(national_ids, line.national_id, line)
            elif isinstance(member, DirectoryStructure):
                line = Timeline(new, position)
                _put(structures, line.national_id, line)
                if line.legal_entity and line.habilitated:
                    hearsay = _inserted(hearsay, line)
        derived.by_account = accounts
        derived.by_national_id = national_ids
        derived.structures = structures
        derived.hearsay = hearsay
        derived.who = {}
        derived.seen = {}
        return derived

    # -- working an answer out -------------------------------------------------------------

    def identity(self, principal: Principal) -> Who:
        """The memberships the principal's ids designate, and whether they agree (R4)."""
        account, national_id = principal.account, principal.national_id
        key = (account, national_id)
        found = self.who.get(key)
        if found is not None:
            return found
        by_account = self.by_account.get(account, ()) if account is not None else ()
        by_national_id = self.by_national_id.get(national_id, ()) if national_id is not None else ()
        lines = tuple(sorted({*by_account, *by_national_id}, key=_position))
        accounts = {line.account for line in lines if line.account is not None}
        national_ids = {line.national_id for line in lines if line.national_id is not None}
        if account is not None:
            accounts.add(account)
        if national_id is not None:
            national_ids.add(national_id)
        only_account = any(line not in by_national_id for line in by_account)
        only_national_id = any(line not in by_account for line in by_national_id)
        mismatch = len(accounts) > 1 or len(national_ids) > 1 or (only_account and only_national_id)
        found = self.who[key] = Who(lines, mismatch=mismatch)
        return found

    def look(self, principal: Principal, at: dt.datetime) -> Seen:
        """Work out the principal's record-level answer at ``at`` and remember it."""
        seen = self._work_out(principal, at)
        if len(self.seen) >= _MAX_SEEN:
            self.seen.clear()
        self.seen[principal] = seen
        return seen

    def _work_out(self, principal: Principal, at: dt.datetime) -> Seen:
        who = self.identity(principal)
        if principal.account is None:
            account = _PENDING
        elif principal.account_state is not _ACTIVE:
            account = _INACTIVE
        else:
            account = ()
        refused = (_REFUSED,) if who.refused else ()
        if who.mismatch:
            reasons = (_MISMATCH, *refused, *account)
            return Seen(Decision(allowed=False, reasons=reasons), _EARLIEST, _NEVER)
        delegating = [
            line for sid in principal.delegated_by for line in self.structures.get(sid, ())
        ]
        hearsay = self.hearsay if not who.lines else ()
        lo, hi = _EARLIEST, _NEVER
        for line in (*who.lines, *delegating, *hearsay):
            start, end = line.around(at)
            lo = max(lo, start)
            hi = min(hi, end)
        if not account and not who.refused:
            opened = [line for line in who.lines if line.grants(at)]
            opened += [line for line in delegating if line.legal_entity and line.grants(at)]
            if opened:
                opened.sort(key=_position)
                paths = tuple([line.path for line in opened])
                return Seen(Decision(allowed=True, paths=paths), lo, hi)
        reasons = self._reasons(principal, who, delegating, hearsay, account, at)
        return Seen(Decision(allowed=False, reasons=reasons), lo, hi)

    def _reasons(  # noqa: PLR0917 -- private, one caller
        self,
        principal: Principal,
        who: Who,
        delegating: list[Timeline],
        hearsay: tuple[Timeline, ...],
        account: tuple[Reason, ...],
        at: dt.datetime,
    ) -> tuple[Reason, ...]:
        """Every record-level reason, once each, when no path opens."""
        refused = (_REFUSED,) if who.refused else ()
        found: list[Reason] = []
        if not who.lines:
            found.append(_NOT_A_MEMBER)
        current = [line for line in who.lines if line.active(at)] or who.lines
        for line in current:
            found += line.blocking(at)
            found += account
            found += refused
        picked = {line.position: line for line in (*delegating, *hearsay)}
        for position in sorted(picked):
            line = picked[position]
            blocking = line.blocking(at)
            if line.national_id in principal.delegated_by:
                found += blocking
                if not line.legal_entity:
                    found.append(_NOT_LEGAL_ENTITY)
                found += refused
                found += account
            elif not blocking:
                found.append(_NOT_A_DELEGATE)
        return tuple(dict.fromkeys(found))


def _position(line: Timeline) -> int:
    return line.position


def _inserted(lines: tuple[Timeline, ...], line: Timeline) -> tuple[Timeline, ...]:
    """``lines`` (in circle order) with ``line`` in its place."""
    i = bisect.bisect_right([other.position for other in lines], line.position)
    return (*lines[:i], line, *lines[i:])


def _put(index: dict[str, tuple[Timeline, ...]], key: str | None, line: Timeline) -> None:
    if key is not None:
        index[key] = _inserted(index.get(key, ()), line)


def _drop(index: dict[str, tuple[Timeline, ...]], key: str | None, position: int) -> None:
    if key is None:
        return
    kept = tuple(other for other in index.get(key, ()) if other.position != position)
    if kept:
        index[key] = kept
    else:
        index.pop(key, None)


# -- the entry point: the public functions' questions, once their arguments are checked ------


def decide(  # noqa: PLR0917 -- the hot path: positions are cheaper
    circle: CareCircle,
    principal: Principal,
    category: str,
    needed: int,
    matrix: HabilitationMatrix,
    at: dt.datetime,
) -> Decision:
    """:func:`carecircle.access.decide`, ``needed`` the rank the action needs."""
    memo: Memo = circle.access_memo or memo_of(circle)  # CareCircle's slot for this module
    row = matrix.rank_table.get(principal.profession_key)  # type: ignore[arg-type]
    if row is None:
        against = _UNKNOWN_PROFESSION if category in matrix.declared else _UNKNOWN_BOTH
    else:
        rank = row.get(category)
        if rank is None:
            against = _UNKNOWN_CATEGORY
        elif rank < needed:
            against = _MATRIX_DENIES
        else:
            against = ()
    seen = memo.seen.get(principal)
    if seen is None or not (seen.lo <= at < seen.hi):
        seen = memo.look(principal, at)
    if against:
        return seen.denial(against)
    return seen.decision


def allows(  # noqa: PLR0917 -- the hot path: positions are cheaper
    circle: CareCircle,
    principal: Principal,
    category: str,
    needed: int,
    matrix: HabilitationMatrix,
    at: dt.datetime,
) -> bool:
    """:func:`carecircle.access.is_allowed`: the matrix first, then the record."""
    row = matrix.rank_table.get(principal.profession_key)  # type: ignore[arg-type]
    if row is None or row.get(category, 0) < needed:
        return False
    memo: Memo = circle.access_memo or memo_of(circle)  # CareCircle's slot for this module
    seen = memo.seen.get(principal)
    if seen is None or not (seen.lo <= at < seen.hi):
        seen = memo.look(principal, at)
    return seen.opens


def access(circle: CareCircle, principal: Principal, at: dt.datetime) -> Decision:
    """:func:`carecircle.access.effective_access`."""
    memo: Memo = circle.access_memo or memo_of(circle)  # CareCircle's slot for this module
    seen = memo.seen.get(principal)
    if seen is None or not (seen.lo <= at < seen.hi):
        seen = memo.look(principal, at)
    return seen.decision


def memo_of(circle: CareCircle) -> Memo:
    """The circle's memo, built on first use and kept in the slot the circle keeps for it; or,
    when the circle came out of :meth:`CareCircle.replace` (its slot holds an
    :class:`~carecircle.model.record.Origin`), derived from the memo of the nearest circle up
    its origins that has one, with the memberships changed since.
    """
    found: Memo | Origin | None = circle.access_memo  # CareCircle's slot for this module
    if isinstance(found, Memo):
        return found
    memo = _derived(circle, found) if found is not None else None
    if memo is None:
        memo = Memo(circle)
    object.__setattr__(circle, "access_memo", memo)
    return memo


def _derived(circle: CareCircle, origin: Origin) -> Memo | None:
    """The memo of ``circle`` derived through its origins, or ``None`` when none has a memo."""
    changed = [origin.member_id]
    found = origin.parent.access_memo
    while isinstance(found, Origin):
        changed.append(found.member_id)
        found = found.parent.access_memo
    if isinstance(found, Memo):
        return found.derive(circle, changed)
    return None
