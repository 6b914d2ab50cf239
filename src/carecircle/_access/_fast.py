"""The fast path: what a circle grants, worked out once per circle and principal (private).

Every speed-up of the access code is here, behind one entry point: the public functions check
their arguments and call :func:`decide`, :func:`allows` or :func:`access` here, which ask the
circle's :class:`Memo` (:func:`memo_of`, the one reader of the circle's slot). It answers what
:mod:`carecircle._access.plain` answers (the property tests compare them), from

- indexes built once per circle: its directory professionals by account and national id, its
  directory structures by id, and one :class:`Timeline` per membership, whose sorted instants
  answer "active at ``at``?" and "what changes next?" by bisection (O(log P) for P periods,
  O(P) to build);
- one :class:`Seen` per principal who asked: the record-level answer and the stretch of time
  ``[lo, hi)`` over which it holds (nothing the answer depends on changes inside it), with the
  denials already built for each verdict of the matrix. Asking again in that stretch is a
  dictionary look-up and two comparisons.

A circle made by :meth:`CareCircle.replace <carecircle.CareCircle.replace>` (every
operation's new circle) holds in its slot an :class:`~carecircle._model.record.Origin`: its memo
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

from carecircle._access.decision import AccessPath, Decision, Reason, RefusalRef
from carecircle._access.matrix import HabilitationMatrix
from carecircle._model.membership import Membership
from carecircle._model.people import AccountState, DirectoryProfessional
from carecircle._model.principal import Principal
from carecircle._model.record import CareCircle, Origin
from carecircle._model.structures import DirectoryStructure

__all__ = [
    "Memo",
    "Seen",
    "Timeline",
    "access",
    "allows",
    "decide",
    "has_scoped",
    "memo_of",
    "scoped",
]

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
        "scoped",
        "starts",
        "whole",
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
        #: Refusals of the whole record, then of some categories: (from, until, ref[, which]).
        self.whole: tuple[tuple[dt.datetime, dt.datetime | None, RefusalRef], ...] = tuple(
            (r.recorded_at, r.ends, RefusalRef(member_id=m.member_id, refusal_id=r.refusal_id))
            for r in m.refusals
            if not r.categories
        )
        self.scoped: tuple[
            tuple[dt.datetime, dt.datetime | None, RefusalRef, frozenset[str]], ...
        ] = tuple(
            (
                r.recorded_at,
                r.ends,
                RefusalRef(member_id=m.member_id, refusal_id=r.refusal_id),
                r.categories,
            )
            for r in m.refusals
            if r.categories
        )
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
        for r in m.refusals:
            bisect.insort(instants, r.recorded_at)
            if r.lifted is not None:
                bisect.insort(instants, r.lifted.recorded_at)
        self.instants = instants

    def refused(self, at: dt.datetime) -> bool:
        """A refusal of the whole record stands at ``at`` (R4)."""
        return any(start <= at and (end is None or at < end) for start, end, _ref in self.whole)

    def refusals(self, at: dt.datetime) -> list[RefusalRef]:
        """The refusals of the whole record standing at ``at``."""
        return [ref for start, end, ref in self.whole if start <= at and (end is None or at < end)]

    def scoped_refusals(self, category: str, at: dt.datetime) -> list[RefusalRef]:
        """The refusals of some categories, ``category`` among them, standing at ``at``."""
        return [
            ref
            for start, end, ref, which in self.scoped
            if category in which and start <= at and (end is None or at < end)
        ]

    def scoped_categories(self, at: dt.datetime) -> set[str]:
        """Every category some refusal standing at ``at`` names."""
        return {
            c
            for start, end, _ref, which in self.scoped
            if start <= at and (end is None or at < end)
            for c in which
        }

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
        if self.whole and self.refused(at):
            reasons.append(_REFUSED)
        return reasons

    def grants(self, at: dt.datetime) -> bool:
        ends = self.habilitation_ends
        return (
            self.habilitated
            and (ends is None or at < ends)
            and self.active(at)
            and not (self.whole and self.refused(at))
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

    __slots__ = ("lines", "mismatch", "refusable")

    def __init__(self, lines: tuple[Timeline, ...], *, mismatch: bool) -> None:
        self.lines = lines
        self.mismatch = mismatch
        #: Whether any refusal was ever recorded on them (else none can stand).
        self.refusable = any(line.whole for line in lines)

    def refused(self, at: dt.datetime) -> bool:
        return self.refusable and any(line.refused(at) for line in self.lines)


class Seen:
    """A principal's record-level answer over the stretch ``[lo, hi)``, and the decisions built
    from it for each verdict of the matrix.
    """

    __slots__ = ("by_category", "decision", "denials", "hi", "lo", "opens")

    def __init__(self, decision: Decision, lo: dt.datetime, hi: dt.datetime) -> None:
        self.decision = decision
        self.opens = decision.allowed
        self.lo = lo
        self.hi = hi
        #: The answer for each category a refusal of some categories changes (usually none).
        self.by_category: dict[str, Decision] = {}
        self.denials: dict[tuple[str | None, tuple[Reason, ...]], Decision] = {}

    def denial(self, category: str | None, against: tuple[Reason, ...]) -> Decision:
        """The decision when the matrix says ``against`` (not empty): only the matrix's reasons
        when the record opens for ``category`` (``None``: no refusal singles it out), else the
        record-level reasons and then the matrix's.
        """
        key = (category, against)
        found = self.denials.get(key)
        if found is None:
            base = self.decision if category is None else self.by_category[category]
            reasons = against if base.allowed else (*base.reasons, *against)
            found = self.denials[key] = Decision(
                allowed=False, reasons=reasons, refusals=base.refusals
            )
        return found


class Memo:
    """Access facts of one circle, and what each principal who asked was answered."""

    __slots__ = (
        "by_account",
        "by_national_id",
        "hearsay",
        "memberships",
        "scoped",
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
            if m.entered_in_error is not None:
                continue  # it designates nobody and gives nothing
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
        #: Whether any charted membership holds a refusal of some categories.
        self.scoped = any(
            line.scoped
            for index in (accounts, national_ids, structures)
            for lines in index.values()
            for line in lines
        )
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
        scoped = self.scoped
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
            if new.entered_in_error is not None:
                continue
            if isinstance(member, DirectoryProfessional):
                line = Timeline(new, position)
                _put(accounts, line.account, line)
                _put(national_ids, line.national_id, line)
                scoped = scoped or bool(line.scoped)
            elif isinstance(member, DirectoryStructure):
                line = Timeline(new, position)
                _put(structures, line.national_id, line)
                if line.legal_entity and line.habilitated:
                    hearsay = _inserted(hearsay, line)
                scoped = scoped or bool(line.scoped)
        derived.by_account = accounts
        derived.by_national_id = national_ids
        derived.structures = structures
        derived.hearsay = hearsay
        derived.scoped = scoped
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
        refused = who.refused(at)
        delegating = (
            [line for sid in principal.delegated_by for line in self.structures.get(sid, ())]
            if principal.delegated_by
            else []
        )
        hearsay = self.hearsay if not who.lines else ()
        lo, hi = _EARLIEST, _NEVER
        for line in (*who.lines, *delegating, *hearsay):
            start, end = line.around(at)
            lo = max(lo, start)
            hi = min(hi, end)
        if who.mismatch:
            reasons = (_MISMATCH, _REFUSED, *account) if refused else (_MISMATCH, *account)
            own = _refs(who.lines, at) if refused else ()
            seen = Seen(Decision(allowed=False, reasons=reasons, refusals=own), lo, hi)
            return _scoped(seen, who, [], [], at)
        opened: list[Timeline] = []
        if not account and not refused:
            opened = [line for line in who.lines if line.grants(at)]
            opened += [line for line in delegating if line.legal_entity and line.grants(at)]
        if opened:
            opened.sort(key=_position)
            paths = tuple([line.path for line in opened])
            seen = Seen(Decision(allowed=True, paths=paths), lo, hi)
            return _scoped(seen, who, opened, delegating, at)
        reasons = self._reasons(principal, who, delegating, hearsay, account, refused, at)
        refs: tuple[RefusalRef, ...] = ()
        if _REFUSED in reasons:
            refs = _refs(sorted({*who.lines, *delegating}, key=_position), at)
        seen = Seen(Decision(allowed=False, reasons=reasons, refusals=refs), lo, hi)
        return _scoped(seen, who, [], delegating, at)

    def _reasons(  # noqa: PLR0917 -- private, one caller
        self,
        principal: Principal,
        who: Who,
        delegating: list[Timeline],
        hearsay: tuple[Timeline, ...],
        account: tuple[Reason, ...],
        is_refused: bool,  # noqa: FBT001 -- private, one caller
        at: dt.datetime,
    ) -> tuple[Reason, ...]:
        """Every record-level reason, once each, when no path opens."""
        refused = (_REFUSED,) if is_refused else ()
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


def _refs(lines: Iterable[Timeline], at: dt.datetime) -> tuple[RefusalRef, ...]:
    """The whole-record refusals standing at ``at`` on ``lines`` (in circle order)."""
    return tuple(ref for line in lines if line.whole for ref in line.refusals(at))


def _scoped(
    seen: Seen,
    who: Who,
    opened: list[Timeline],
    delegating: list[Timeline],
    at: dt.datetime,
) -> Seen:
    """``seen`` with the answer for each category a refusal of some categories, standing at
    ``at`` on the principal's memberships or on a structure delegating to them, changes (as
    :func:`.plain.scoped_access` says).
    """
    lines = [line for line in (*who.lines, *delegating) if line.scoped]
    if not lines:
        return seen
    categories = set().union(*(line.scoped_categories(at) for line in lines))
    found = seen.decision
    # When nothing opens: their own lines, and the delegating structures' unless their ids
    # designate more than one person, in circle order.
    denying = who.lines if who.mismatch else sorted({*who.lines, *delegating}, key=_position)
    for category in sorted(categories):
        own = [ref for line in who.lines for ref in line.scoped_refusals(category, at)]
        if not found.allowed:
            refs = [ref for line in denying for ref in line.scoped_refusals(category, at)]
            if refs:
                reasons = tuple(dict.fromkeys((*found.reasons, _REFUSED)))
                seen.by_category[category] = Decision(
                    allowed=False, reasons=reasons, refusals=(*found.refusals, *refs)
                )
            continue
        if own:
            seen.by_category[category] = Decision(
                allowed=False, reasons=(_REFUSED,), refusals=tuple(own)
            )
            continue
        kept = []
        dropped: list[RefusalRef] = []
        for line in opened:
            refs = line.scoped_refusals(category, at)
            if refs:
                dropped += refs
            else:
                kept.append(line.path)
        if kept and dropped:
            seen.by_category[category] = Decision(allowed=True, paths=tuple(kept))
        elif dropped:
            seen.by_category[category] = Decision(
                allowed=False, reasons=(_REFUSED,), refusals=tuple(dropped)
            )
    return seen


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
    """:func:`carecircle.decide`, ``needed`` the rank the action needs."""
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
    key = category if seen.by_category and category in seen.by_category else None
    if against:
        return seen.denial(key, against)
    return seen.decision if key is None else seen.by_category[key]


def allows(  # noqa: PLR0917 -- the hot path: positions are cheaper
    circle: CareCircle,
    principal: Principal,
    category: str,
    needed: int,
    matrix: HabilitationMatrix,
    at: dt.datetime,
) -> bool:
    """:func:`carecircle.is_allowed`: the matrix first, then the record."""
    row = matrix.rank_table.get(principal.profession_key)  # type: ignore[arg-type]
    if row is None or row.get(category, 0) < needed:
        return False
    memo: Memo = circle.access_memo or memo_of(circle)  # CareCircle's slot for this module
    seen = memo.seen.get(principal)
    if seen is None or not (seen.lo <= at < seen.hi):
        seen = memo.look(principal, at)
    if seen.by_category:
        found = seen.by_category.get(category)
        if found is not None:
            return found.allowed
    return seen.opens


def access(circle: CareCircle, principal: Principal, at: dt.datetime) -> Decision:
    """:func:`carecircle.effective_access`."""
    memo: Memo = circle.access_memo or memo_of(circle)  # CareCircle's slot for this module
    seen = memo.seen.get(principal)
    if seen is None or not (seen.lo <= at < seen.hi):
        seen = memo.look(principal, at)
    return seen.decision


def scoped(circle: CareCircle, principal: Principal, category: str, at: dt.datetime) -> Decision:
    """:func:`.plain.scoped_access`: the circle's answer for one category, before the matrix."""
    memo: Memo = circle.access_memo or memo_of(circle)  # CareCircle's slot for this module
    seen = memo.seen.get(principal)
    if seen is None or not (seen.lo <= at < seen.hi):
        seen = memo.look(principal, at)
    return seen.by_category.get(category, seen.decision)


def has_scoped(circle: CareCircle) -> bool:
    """Whether a refusal of some categories was ever recorded on a charted membership."""
    memo: Memo = circle.access_memo or memo_of(circle)  # CareCircle's slot for this module
    return memo.scoped


def memo_of(circle: CareCircle) -> Memo:
    """The circle's memo, built on first use and kept in the slot the circle keeps for it; or,
    when the circle came out of :meth:`CareCircle.replace` (its slot holds an
    :class:`~carecircle._model.record.Origin`), derived from the memo of the nearest circle up
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
