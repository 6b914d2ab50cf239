"""What the record rules derive from a circle, built once per circle (private to the rules).

A circle is immutable, so :mod:`carecircle.rules` keeps in its ``rules_memo`` slot the
positions of its memberships, the holders of each role and of each directory identity key, and
the record's private details: a change is then judged on the members it touches, against these
indexes, in time proportional to what it changes rather than to the circle
(:func:`carecircle.rules.record.check_change`).

A :class:`View` is a circle seen through such an index with a few memberships replaced or
appended: the state after a change, without building the after circle's own index.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Collection, Iterable
from typing import Any, Final

from carecircle._model.membership import Membership
from carecircle._model.record import CareCircle
from carecircle.nomenclatures import Code

__all__ = ["CircleIndex", "Derivation", "View", "index_of", "pass_on"]

_set: Final = object.__setattr__


class CircleIndex:
    """Positions, role holders and identity-key holders of one circle, in circle order."""

    __slots__ = ("identity_holders", "memberships", "position", "private", "role_holders")

    def __init__(self, circle: CareCircle) -> None:
        self.memberships: tuple[Membership, ...] = circle.memberships
        self.position: dict[str, int] = {}
        self.role_holders: dict[Code, list[int]] = {}
        self.identity_holders: dict[str, list[int]] = {}
        #: The members' private details (:func:`carecircle.rules.privacy.private_details`
        #: without the patient's), filled on first use.
        self.private: frozenset[str] | None = None
        for i, m in enumerate(self.memberships):
            self.position[m.member_id] = i
            for code in m.roles:
                self.role_holders.setdefault(code, []).append(i)
            for key in m.identity_keys:
                self.identity_holders.setdefault(key, []).append(i)

    def derive(self, circle: CareCircle, changed: Iterable[str]) -> CircleIndex:
        """The index of ``circle``, which is this index's circle with the ``changed``
        memberships replaced in place or appended: copied, and updated for those only.
        """
        derived = CircleIndex.__new__(CircleIndex)
        derived.memberships = circle.memberships
        derived.position = dict(self.position)
        derived.role_holders = dict(self.role_holders)
        derived.identity_holders = dict(self.identity_holders)
        derived.private = None
        for i, m in enumerate(circle.memberships[len(self.memberships) :]):
            derived.position[m.member_id] = len(self.memberships) + i
        for member_id in dict.fromkeys(changed):
            new = circle.find(member_id)
            if new is None:
                continue
            known = self.position.get(member_id)
            if known is None:
                old_roles: frozenset[Code] = frozenset()
                old_keys: frozenset[str] = frozenset()
            else:
                old = self.memberships[known]
                old_roles, old_keys = old.roles, old.identity_keys
            position = derived.position[member_id]
            _move(derived.role_holders, position, old_roles, new.roles)
            _move(derived.identity_holders, position, old_keys, new.identity_keys)
        return derived


def _move(
    holders: dict[Any, list[int]], position: int, old: frozenset[Any], new: frozenset[Any]
) -> None:
    """Update ``holders`` (copied from another index) for one membership's keys."""
    for key in old - new:
        kept = [p for p in holders[key] if p != position]
        if kept:
            holders[key] = kept
        else:
            del holders[key]
    for key in new - old:
        found = list(holders.get(key, ()))
        bisect.insort(found, position)
        holders[key] = found


class Derivation:
    """An index still to derive from the index of the circle a change was applied to: the
    work is done when the new circle is first judged, never for a record only stored.
    """

    __slots__ = ("changed", "parent")

    def __init__(self, parent: CircleIndex, changed: Iterable[str]) -> None:
        self.parent = parent
        self.changed = tuple(changed)


def index_of(circle: CareCircle) -> CircleIndex:
    """The circle's index, built (or derived) on first use and kept in its memo slot."""
    found = circle.rules_memo
    if isinstance(found, CircleIndex):
        return found
    if isinstance(found, Derivation):
        index = found.parent.derive(circle, found.changed)
    else:
        index = CircleIndex(circle)
    _set(circle, "rules_memo", index)
    return index


class View:
    """A circle as an index sees it, with ``overrides`` replacing the memberships of the same
    id or, for new ids, appended after the others in the order given.
    """

    __slots__ = ("index", "overrides", "positions")

    def __init__(self, index: CircleIndex, overrides: Iterable[Membership] = ()) -> None:
        self.index = index
        self.overrides: dict[str, Membership] = {}
        self.positions: dict[str, int] = {}
        appended = len(index.memberships)
        for m in overrides:
            if m.member_id in self.overrides:
                continue  # the first one given stands
            self.overrides[m.member_id] = m
            known = index.position.get(m.member_id)
            if known is None:
                known = appended
                appended += 1
            self.positions[m.member_id] = known

    def find(self, member_id: str) -> Membership | None:
        found = self.overrides.get(member_id)
        if found is not None:
            return found
        position = self.index.position.get(member_id)
        return None if position is None else self.index.memberships[position]

    def position(self, member_id: str) -> int:
        found = self.positions.get(member_id)
        return self.index.position[member_id] if found is None else found

    def members(self, member_ids: Collection[str]) -> list[Membership]:
        """The memberships of ``member_ids`` the view holds, in circle order."""
        found = [m for member_id in member_ids if (m := self.find(member_id)) is not None]
        found.sort(key=lambda m: self.position(m.member_id))
        return found

    def _holders(
        self, positions: Iterable[int], holds: Callable[[Membership], bool]
    ) -> list[Membership]:
        """The memberships at ``positions`` (not replaced) plus the replacing ones that
        ``holds`` (a role code, an identity key), in circle order.
        """
        memberships = self.index.memberships
        found = {
            p: memberships[p] for p in positions if memberships[p].member_id not in self.overrides
        }
        for member_id, m in self.overrides.items():
            if holds(m):
                found[self.positions[member_id]] = m
        return [found[p] for p in sorted(found)]

    def role_holders(self, code: Code) -> list[Membership]:
        """Every membership holding the role ``code``, active or not, in circle order."""
        return self._holders(self.index.role_holders.get(code, ()), lambda m: code in m.roles)

    def identity_holders(self, key: str) -> list[Membership]:
        """Every membership with the identity key ``key``, active or not, in circle order."""
        return self._holders(
            self.index.identity_holders.get(key, ()), lambda m: key in m.identity_keys
        )


def pass_on(before: CareCircle, after: CareCircle, changed: Iterable[str]) -> None:
    """Give ``after`` (``before`` with the ``changed`` memberships replaced in place or
    appended) its index, derived from ``before``'s when it has one: the next change on the new
    record is then judged without rebuilding it.
    """
    found = before.rules_memo
    if isinstance(found, CircleIndex) and after.rules_memo is None:
        _set(after, "rules_memo", Derivation(found, changed))
