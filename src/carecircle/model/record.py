"""Care circle (*cercle de soins*) and coordination record (*dossier de coordination*).

>>> import datetime as dt
>>> from carecircle.model.people import Patient
>>> at = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
>>> record = CoordinationRecord(record_id="DC-1",
...     patient=Patient(patient_id="P-1", family_name="Martin", given_name="Louise"),
...     circle=CareCircle(), created_by="pass:4711", created_at=at)
>>> record.version, len(record.circle)
(1, 0)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from carecircle.errors import InvalidValueError, NotFoundError, wrong_type
from carecircle.model._fields import instance_of, instant, required_text
from carecircle.model.membership import Membership
from carecircle.model.people import Patient

__all__ = ["CareCircle", "CoordinationRecord"]


def _memberships(values: object) -> tuple[Membership, ...]:
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise wrong_type("circle.memberships", "a sequence of Membership")
    found = tuple(values)
    for i, m in enumerate(found):
        if not isinstance(m, Membership):
            raise wrong_type(f"circle.memberships[{i}]", "a Membership")
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
    """

    memberships: tuple[Membership, ...] = attrs.field(default=(), converter=_memberships)
    _by_id: dict[str, Membership] = attrs.field(init=False, repr=False, eq=False)
    # What :mod:`carecircle.access` derives from the memberships, built on first use: the
    # circle is immutable, so it never goes stale.
    _access_memo: Any = attrs.field(init=False, default=None, repr=False, eq=False)
    # The same for :mod:`carecircle.rules`: indexes that let a change be checked in time
    # proportional to what it changes.
    _rules_memo: Any = attrs.field(init=False, default=None, repr=False, eq=False)

    @_by_id.default
    def _index(self) -> dict[str, Membership]:
        return {m.member_id: m for m in self.memberships}

    def __iter__(self) -> Iterator[Membership]:
        return iter(self.memberships)

    def __len__(self) -> int:
        return len(self.memberships)

    def __contains__(self, member_id: object) -> bool:
        return member_id in self._by_id

    def find(self, member_id: str) -> Membership | None:
        return self._by_id.get(member_id)

    def get(self, member_id: str) -> Membership:
        """The membership with this id; :class:`NotFoundError` (a ``LookupError``) otherwise."""
        found = self._by_id.get(member_id)
        if found is None:
            raise NotFoundError.of(
                "MEMBER_NOT_FOUND", f"members[{member_id}]", "no member of the circle has this id"
            )
        return found

    def active(self, at: dt.datetime) -> tuple[Membership, ...]:
        """Memberships with a participation period containing ``at``."""
        return tuple(m for m in self.memberships if m.is_active(at))

    def next_member_id(self) -> str:
        """The id the next added member gets: ``M1``, ``M2``… (never reused, R9)."""
        return f"M{len(self.memberships) + 1}"

    def replace(self, membership: Membership) -> CareCircle:
        """A circle with ``membership`` replacing the one of the same id, or appended."""
        if membership.member_id in self._by_id:
            return CareCircle(
                memberships=tuple(
                    membership if m.member_id == membership.member_id else m
                    for m in self.memberships
                )
            )
        return CareCircle(memberships=(*self.memberships, membership))


@attrs.frozen(kw_only=True)
class CoordinationRecord:
    """Coordination record (*dossier de coordination*): the patient, the circle, its version.

    ``version`` starts at 1 and grows by exactly one per applied change; ``updated_at`` is the
    instant of the latest change (operations refuse an earlier instant, R10).
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
