"""Care circle (*cercle de soins*) and coordination record (*dossier de coordination*).

>>> import datetime as dt
>>> from carecircle import Patient
>>> at = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
>>> record = CoordinationRecord(record_id="DC-1",
...     patient=Patient(patient_id="P-1", family_name="Martin", given_name="Louise"),
...     circle=CareCircle(), created_by="pass:4711", created_at=at)
>>> record.version, len(record.circle)
(1, 0)
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from typing import Any, Final

import attrs

from carecircle._errors import InvalidValueError, NotFoundError, wrong_type
from carecircle._model._fields import instance_of, instant, required_text, sequence_of
from carecircle._model.lifecycle import (
    CLOSED,
    TRANSITIONS,
    CircleStatus,
    EmergencyAccess,
    StatusChange,
)
from carecircle._model.membership import Membership
from carecircle._model.people import Patient
from carecircle._shown import Shown

__all__ = ["MAX_ORIGINS", "CareCircle", "CoordinationRecord", "Origin"]


def _memberships(values: object) -> tuple[Membership, ...]:
    found: tuple[Membership, ...] = sequence_of(
        values, Membership, "circle.memberships", "Membership"
    )
    if len({m.member_id for m in found}) != len(found):
        raise InvalidValueError.of(
            "DUPLICATE_MEMBER_ID", "circle.memberships", "member ids must be unique"
        )
    return found


@attrs.frozen(kw_only=True)
class CareCircle:
    """Care circle (*cercle de soins*): every membership, current and past, in insertion order.

    Memberships are never removed (R9): a member who leaves keeps their entry with its
    participation periods closed.

    ``CareCircle(memberships=...)`` checks every membership (outside data);
    :meth:`replace` checks only the membership it puts in, the others having been checked
    when this circle was built.

    Two slots, ``access_memo`` and ``rules_memo``, are reserved for :mod:`carecircle._access`
    and :mod:`carecircle.rules`: what they derive from the memberships, built on first use
    (the circle is immutable, so it never goes stale). They are not arguments, not part of
    equality or the repr, and must never be set or read by users.

    >>> from carecircle import Membership, Participation, RelatedPerson
    >>> import datetime as dt
    >>> at = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
    >>> since = (Participation(start=at, added_by="pass:4711"),)
    >>> one = Membership(member_id="M1", member=RelatedPerson(family_name="Martin"),
    ...     participations=since)
    >>> circle = CareCircle().replace(one)
    >>> circle.get("M1") is one, circle.next_member_id(), circle == CareCircle(memberships=[one])
    (True, 'M2', True)
    """

    memberships: tuple[Membership, ...] = attrs.field(default=(), converter=_memberships)
    # Position of each membership by member id (never mutated once built: circles derived
    # by :meth:`replace` may share it).
    _position: dict[str, int] = attrs.field(init=False, repr=False, eq=False)
    #: Reserved for :mod:`carecircle._access` (its memo of this circle, or what it needs to
    #: derive one from the memo of the circle this one was derived from); never set by users.
    access_memo: Any = attrs.field(init=False, default=None, repr=False, eq=False)
    #: Reserved for :mod:`carecircle.rules` (indexes that let a change be checked in time
    #: proportional to what it changes, or how to derive them); never set by users.
    rules_memo: Any = attrs.field(init=False, default=None, repr=False, eq=False)

    @_position.default
    def _index(self) -> dict[str, int]:
        return {m.member_id: i for i, m in enumerate(self.memberships)}

    def __iter__(self) -> Iterator[Membership]:
        return iter(self.memberships)

    def __len__(self) -> int:
        return len(self.memberships)

    def __contains__(self, member_id: object) -> bool:
        return member_id in self._position

    def find(self, member_id: str) -> Membership | None:
        found = self._position.get(member_id)
        return None if found is None else self.memberships[found]

    def position(self, member_id: str) -> int | None:
        """Where the membership with this id stands in :attr:`memberships`; ``None`` if none."""
        return self._position.get(member_id)

    def get(self, member_id: str) -> Membership:
        """The membership with this id; :class:`NotFoundError` (a ``LookupError``) otherwise."""
        found = self._position.get(member_id)
        if found is None:
            raise NotFoundError.of(
                "MEMBER_NOT_FOUND", f"members[{member_id}]", "no member of the circle has this id"
            )
        return self.memberships[found]

    def active(self, at: dt.datetime) -> tuple[Membership, ...]:
        """Memberships with a participation period containing ``at``."""
        return tuple(m for m in self.memberships if m.is_active(at))

    def next_member_id(self) -> str:
        """The id the next added member gets: ``M1``, ``M2``… (never reused, R9)."""
        return f"M{len(self.memberships) + 1}"

    def replace(self, membership: Membership) -> CareCircle:
        """A circle with ``membership`` replacing the one of the same id, or appended.

        Only ``membership`` is checked, and the id index is copied (shared when the ids do
        not change): the cost is that of copying the tuple, not of checking the circle. The
        new circle's ``access_memo`` is what :mod:`carecircle._access` asks for it (it derives
        the memo from this circle's, when first asked).
        """
        if not isinstance(membership, Membership):
            raise wrong_type("membership", "a Membership")
        member_id = membership.member_id
        found = self._position.get(member_id)
        if found is None:
            memberships = (*self.memberships, membership)
            position = dict(self._position)
            position[member_id] = len(self.memberships)
        else:
            listed = list(self.memberships)
            listed[found] = membership
            memberships = tuple(listed)
            position = self._position
        circle: CareCircle = object.__new__(CareCircle)
        _set(circle, "memberships", memberships)
        _set(circle, "_position", position)
        found = self.access_memo
        depth = found.depth + 1 if isinstance(found, Origin) else 1
        origin = Origin(parent=self, member_id=member_id, depth=depth)
        _set(circle, "access_memo", origin if depth <= MAX_ORIGINS else None)
        _set(circle, "rules_memo", None)
        return circle


_set: Final = object.__setattr__

#: Circles in a row made by :meth:`CareCircle.replace` and never asked about that a circle
#: may trace back through (past it, its access memo is built from scratch when asked).
MAX_ORIGINS: Final = 16


@attrs.frozen(kw_only=True, eq=False)
class Origin:
    """What :meth:`CareCircle.replace` leaves in the new circle's ``access_memo`` slot (reserved
    for :mod:`carecircle._access`, which replaces it with its memo when first asked): the
    circle it was made from and the member id replaced or appended, so that the memo can be
    derived from the parent's (or, through the parent's own origin, an earlier circle's)
    instead of built.

    ``depth`` counts the origins up to a circle that is not one's own product of ``replace``
    or was asked about. An origin is false, like the empty slot (no memo is there yet).
    """

    parent: CareCircle = attrs.field(repr=False)
    member_id: str
    depth: int

    def __bool__(self) -> bool:
        return False


#: What a circle may start as.
_FIRST: Final = frozenset({CircleStatus.PROPOSED, CircleStatus.ACTIVE})


def _status_history(values: object) -> tuple[StatusChange, ...]:
    return sequence_of(values, StatusChange, "status_history", "StatusChange")


def _emergencies(values: object) -> tuple[EmergencyAccess, ...]:
    found: tuple[EmergencyAccess, ...] = sequence_of(
        values, EmergencyAccess, "emergency_accesses", "EmergencyAccess"
    )
    if len({e.access_id for e in found}) != len(found):
        raise InvalidValueError.of(
            "DUPLICATE_EMERGENCY_ID", "emergency_accesses", "each emergency access has its own id"
        )
    return found


@attrs.frozen(kw_only=True)
class CoordinationRecord(Shown):
    """Coordination record (*dossier de coordination*): the patient, the circle, its version.

    ``version`` starts at 1 and grows by exactly one per applied change; ``updated_at`` is the
    instant of the latest change (operations refuse an earlier instant, R10).

    ``status_history`` is the circle's lifecycle (CDS ``CareTeam.status``), oldest first: by
    default the circle is active from ``created_at``. ``emergency_accesses`` are the
    emergency accesses opened on the record (*bris de glace*), kept for the audit.

    A notebook shows it as HTML (``_repr_html_``) and ``str`` as lines of French: its members
    and what each may do at its latest change under the example matrix, as the output says
    (the library has no clock); ``record_view(record, at=..., matrix=...)`` picks both.
    """

    record_id: str = required_text("record.record_id")
    patient: Patient = attrs.field(validator=instance_of(Patient, "patient", "a Patient"))
    circle: CareCircle = attrs.field(
        factory=CareCircle, validator=instance_of(CareCircle, "circle", "a CareCircle")
    )
    created_by: str = required_text("record.created_by")
    created_at: dt.datetime = instant("created_at")
    updated_at: dt.datetime = instant("updated_at")
    version: int = 1
    status_history: tuple[StatusChange, ...] = attrs.field(converter=_status_history)
    emergency_accesses: tuple[EmergencyAccess, ...] = attrs.field(
        default=(), converter=_emergencies
    )

    @status_history.default
    def _status_default(self) -> tuple[StatusChange, ...]:
        return (StatusChange(status=CircleStatus.ACTIVE, at=self.created_at, by=self.created_by),)

    @updated_at.default
    def _updated_at_default(self) -> dt.datetime:
        return self.created_at

    def __attrs_post_init__(self) -> None:
        if isinstance(self.version, bool) or not isinstance(self.version, int):
            raise wrong_type("version", "an int")
        if self.version < 1:
            raise InvalidValueError.of("VERSION_INVALID", "version", "versions start at 1")
        if self.updated_at < self.created_at:
            raise InvalidValueError.of(
                "PERIOD_ENDS_BEFORE_START", "updated_at", "a record cannot change before it exists"
            )
        history = self.status_history
        if not history:
            raise InvalidValueError.of(
                "STATUS_REQUIRED", "status_history", "a circle has a status from its creation"
            )
        if (
            history[0].at != self.created_at
            or history[0].status not in _FIRST
            or any(
                later.at < earlier.at or later.status not in TRANSITIONS[earlier.status]
                for earlier, later in itertools.pairwise(history)
            )
        ):
            raise InvalidValueError.of(
                "STATUS_HISTORY_INVALID",
                "status_history",
                "the first status is the creation's (proposed or active), and each other one "
                "follows in time by a transition the lifecycle allows",
            )

    @property
    def status(self) -> CircleStatus:
        """The circle's status now (its latest change)."""
        return self.status_history[-1].status

    def status_at(self, at: dt.datetime) -> CircleStatus:
        """The circle's status at ``at`` (the first one before the record existed)."""
        history = self.status_history
        if len(history) == 1 or at >= history[-1].at:
            return history[-1].status
        found = history[0].status
        for change in history:
            if change.at > at:
                break
            found = change.status
        return found

    @property
    def period_start(self) -> dt.datetime:
        """``CareTeam.period.start``: the circle's creation."""
        return self.created_at

    @property
    def period_end(self) -> dt.datetime | None:
        """``CareTeam.period.end``: when the circle was closed, if it is closed now."""
        last = self.status_history[-1]
        return last.at if last.status in CLOSED else None

    def next_emergency_id(self) -> str:
        """The id the next emergency access gets: ``E1``, ``E2``… (never reused)."""
        return f"E{len(self.emergency_accesses) + 1}"
