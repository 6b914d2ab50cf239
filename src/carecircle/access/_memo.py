"""What a circle grants over time, worked out once per circle (private to the access code).

Records are immutable, so :mod:`carecircle.access` keeps, in a slot of each circle, its
directory professionals by account and national id, its directory structures, and, for each
membership, the *windows* (periods) in which its own grant holds: deciding then reads a few
dictionaries instead of the whole circle, whatever its size.
"""

from __future__ import annotations

import bisect
import datetime as dt
from typing import Final

from carecircle.access.decision import (
    AccessPath,
    Decision,
    Reason,
    _allowed,
    _denied,
)
from carecircle.model.membership import Membership
from carecircle.model.people import DirectoryProfessional
from carecircle.model.principal import Principal
from carecircle.model.record import CareCircle
from carecircle.model.structures import DirectoryStructure

_ENDED: Final = Reason.PARTICIPATION_ENDED
_NOT_HABILITATED: Final = Reason.NOT_HABILITATED
_EXPIRED: Final = Reason.HABILITATION_EXPIRED
_REFUSED: Final = Reason.SHARING_REFUSED
_set = object.__setattr__


def grant_reasons(membership: Membership, at: dt.datetime) -> list[Reason]:
    """What stops this membership's own grant, whoever the principal (empty when it holds)."""
    reasons = [] if membership.is_active(at) else [_ENDED]
    if not membership.habilitated:
        reasons.append(_NOT_HABILITATED)
    elif membership.habilitation_expired(at):
        reasons.append(_EXPIRED)
    if membership.sharing_refused:
        reasons.append(_REFUSED)
    return reasons


# (start, end or None, the path it opens, the membership's position in the circle, and the
# allowed decision when it is the only open path: built once, shared)
Window = tuple[dt.datetime, dt.datetime | None, AccessPath, int, Decision]


def windows_of(m: Membership, path: AccessPath, position: int) -> list[Window]:
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
            found.append((period.start, end, path, position, _allowed((path,))))
    return found


class Stretch:
    """A stretch of time over which nothing about one professional's memberships changes:
    the windows open in it, and what stops each current membership's grant.
    """

    __slots__ = ("_denials", "allowed", "blocking", "plain", "windows")

    def __init__(
        self, windows: list[Window], blocking: tuple[tuple[Reason, ...], ...], *, refused: bool
    ) -> None:
        self.windows = windows
        self.blocking = blocking
        #: The direct reasons for a principal with an active account (R2, R4).
        self.plain = tuple(r for g in blocking for r in (*g, *((_REFUSED,) if refused else ())))
        self.allowed = opened(windows) if windows else None
        self._denials: dict[tuple[Reason, ...], Decision] = {}

    def denial(self, against: tuple[Reason, ...]) -> Decision:
        """The decision for a principal with an active account and no structure path: these
        direct reasons, then the matrix's.
        """
        found = self._denials.get(against)
        if found is None:
            found = self._denials[against] = _denied(tuple(dict.fromkeys(self.plain + against)))
        return found


class Own:
    """One professional's memberships of a circle (usually one): refused if any is (R4)."""

    __slots__ = (
        "covers",
        "instants",
        "last",
        "last_change",
        "memberships",
        "open_since",
        "refused",
        "stretches",
        "windows",
    )

    def __init__(self, memberships: tuple[tuple[int, Membership], ...]) -> None:
        self.memberships = tuple([m for _, m in memberships])
        refused = False
        windows: list[Window] = []
        for i, m in memberships:
            refused = refused or m.sharing_refused
            if m.habilitated:
                windows += windows_of(m, AccessPath(member_id=m.member_id), i)
        self.refused = refused
        self.windows = tuple(windows)
        #: The national id whose every membership this is, if any: a principal found by
        #: account with this national id has no other membership to find.
        self.covers: str | None = None
        #: When the one window open without end opened: the usual shape, tested first.
        self.open_since: dt.datetime | None = None
        if len(self.windows) == 1 and self.windows[0][1] is None:
            self.open_since = self.windows[0][0]
        # Charted on first use (see :meth:`stretch`): the instants where something changes,
        # the stretches they bound, and the last ones apart, for questions about now.
        self.instants: list[dt.datetime] = []
        self.stretches: list[Stretch] = []
        self.last_change: dt.datetime | None = None
        self.last: Stretch = _UNCHARTED

    def stretch(self, at: dt.datetime) -> Stretch:
        """The stretch of time ``at`` falls in.

        What these memberships grant or why they do not only changes where a participation
        starts or ends or a habilitation ends: the first call charts the stretches between
        those instants, later calls look ``at`` up among them.
        """
        if self.last_change is None:
            self._draw()
        return self.stretches[bisect.bisect_right(self.instants, at)]

    def _draw(self) -> None:
        instants = sorted(
            {p.start for m in self.memberships for p in m.participations}
            | {p.end for m in self.memberships for p in m.participations if p.end is not None}
            | {m.habilitation_ends for m in self.memberships if m.habilitation_ends is not None}
        )
        # One instant inside each stretch: before the first change, then at each change.
        samples = [instants[0] - _TICK, *instants]
        self.instants = instants
        self.stretches = [self._stretch_at(at) for at in samples]
        self.last = self.stretches[-1]
        self.last_change = instants[-1]

    def _stretch_at(self, at: dt.datetime) -> Stretch:
        current = [m for m in self.memberships if m.is_active(at)] or self.memberships
        return Stretch(
            [] if self.refused else [w for w in self.windows if holds(w, at)],
            tuple(tuple(grant_reasons(m, at)) for m in current),
            refused=self.refused,
        )


_UNCHARTED: Final = Stretch([], (), refused=False)  # never read: ``last_change`` is None


def holds(window: Window, at: dt.datetime) -> bool:
    return window[0] <= at and (window[1] is None or at < window[1])


# The smallest step between two instants: datetimes count microseconds.
_TICK: Final = dt.timedelta(microseconds=1)


class Memo:
    """Access facts of one circle: its professionals by account and by national id, its
    directory structures, and when each legal-entity structure grants its delegates.
    """

    __slots__ = (
        "by_account",
        "by_national_id",
        "hearsay",
        "memberships",
        "merged",
        "structure_ids",
        "structures",
        "through",
    )

    def __init__(self, circle: CareCircle) -> None:
        accounts: dict[str, list[tuple[int, Membership]]] = {}
        national_ids: dict[str, list[tuple[int, Membership]]] = {}
        structures: list[Membership] = []
        ids: dict[str, list[int]] = {}
        through: dict[str, list[Window]] = {}
        for i, m in enumerate(circle):
            member = m.member
            if isinstance(member, DirectoryProfessional):
                if member.account is not None:
                    accounts.setdefault(member.account.id, []).append((i, m))
                if member.national_id is not None:
                    national_ids.setdefault(member.national_id, []).append((i, m))
            elif isinstance(member, DirectoryStructure):
                ids.setdefault(member.national_id, []).append(len(structures))
                structures.append(m)
                if member.legal_entity and m.habilitated and not m.sharing_refused:
                    path = AccessPath(member_id=m.member_id, via_structure=True)
                    through.setdefault(member.national_id, []).extend(windows_of(m, path, i))
        shared: dict[tuple[int, ...], Own] = {}

        def own(group: list[tuple[int, Membership]]) -> Own:
            key = (group[0][0],) if len(group) == 1 else tuple([i for i, _ in group])
            found = shared.get(key)
            if found is None:
                found = shared[key] = Own(tuple(group))
            return found

        self.memberships = circle.memberships
        self.by_account = {k: own(v) for k, v in accounts.items()}
        self.by_national_id = {k: own(v) for k, v in national_ids.items()}
        for national_id, group in self.by_national_id.items():
            group.covers = national_id
        self.structures: tuple[Membership, ...] = tuple(structures)
        #: Directory id -> positions in :attr:`structures`.
        self.structure_ids = {k: tuple(v) for k, v in ids.items()}
        # What a non-member hears about: the habilitated legal entities they might act through.
        self.hearsay = [
            i
            for i, m in enumerate(structures)
            if m.habilitated and isinstance(m.member, DirectoryStructure) and m.member.legal_entity
        ]
        self.through = {k: tuple(v) for k, v in through.items()}
        self.merged: dict[tuple[str, str], Own] = {}

    def own(self, principal: Principal) -> Own | None:
        """The principal's memberships: their account's and their national id's."""
        account, national_id = principal.account, principal.national_id
        found = self.by_account.get(account) if account is not None else None
        if found is not None and (national_id is None or national_id == found.covers):
            return found  # their national id finds nothing more: skip that look-up
        other = self.by_national_id.get(national_id) if national_id is not None else None
        if other is None or other is found:
            return found
        if found is None:
            return other
        assert account is not None  # noqa: S101 -- found through it
        assert national_id is not None  # noqa: S101 -- found through it
        merged = self.merged.get((account, national_id))
        if merged is None:
            both = {m.member_id for m in (*found.memberships, *other.memberships)}
            merged = Own(
                tuple((i, m) for i, m in enumerate(self.memberships) if m.member_id in both)
            )
            self.merged[account, national_id] = merged
        return merged


def memo_of(circle: CareCircle) -> Memo:
    memo: Memo | None = circle._access_memo
    if memo is None:
        memo = Memo(circle)
        _set(circle, "_access_memo", memo)
    return memo


def paths_at(memo: Memo, own: Own | None, principal: Principal, at: dt.datetime) -> list[Window]:
    """The windows open at ``at`` for a principal with an active account and no refusal."""
    # Loops written out: on Python 3.11 a comprehension is a function call, dearer than this.
    found = []
    if own is not None:
        for w in own.windows:
            if w[0] <= at and (w[1] is None or at < w[1]):
                found.append(w)  # noqa: PERF401
    if principal.delegated_by:
        through = memo.through
        for structure_id in principal.delegated_by:
            for w in through.get(structure_id, ()):
                if w[0] <= at and (w[1] is None or at < w[1]):
                    found.append(w)  # noqa: PERF401
        if len(found) > 1:
            found.sort(key=lambda w: w[3])  # circle order, whatever the order of delegated_by
    return found


def opened(windows: list[Window]) -> Decision:
    """The allowed decision with these windows' paths (one window: its shared decision)."""
    if len(windows) == 1:
        return windows[0][4]
    return _allowed(tuple([w[2] for w in windows]))
