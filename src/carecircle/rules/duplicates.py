"""R8 No duplicates (*pas de doublon*): a directory member is in the circle once.

The same directory professional (national id or PASS account) or directory structure (FINESS,
SIRET or directory id) cannot be an active member twice. A member who left comes back as a new
participation of the same membership (R9, as the ANS care-circle guide asks), with ``rejoin``:
adding them again under a new member id is ``FORMER_MEMBER``.

>>> import datetime as dt
>>> from carecircle import (CareCircle, CoordinationRecord, DirectoryProfessional,
...     Membership, Participation, Patient)
>>> at = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
>>> def nurse(member_id: str) -> Membership:
...     return Membership(member_id=member_id, participations=(Participation(start=at,
...         added_by="pass:1"),), member=DirectoryProfessional(national_id="810001234567",
...         family_name="Roux"))
>>> record = CoordinationRecord(record_id="DC-1", created_by="pass:1", created_at=at,
...     patient=Patient(patient_id="P-1", family_name="Martin", given_name="Louise"),
...     circle=CareCircle(memberships=(nurse("M1"), nurse("M2"))))
>>> [v.path for v in check(record, at=at)]
['members[M1].member', 'members[M2].member']
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from carecircle._errors import Violation, ViolationKind
from carecircle._model.membership import Membership
from carecircle._model.record import CoordinationRecord
from carecircle.rules._common import member_path, raise_if_any
from carecircle.rules._index import View

__all__ = ["check", "check_members", "is_valid", "validate"]


def check(record: CoordinationRecord, *, at: dt.datetime) -> tuple[Violation, ...]:
    """Every member active at ``at`` who is in the circle twice; never raises.

    ``DUPLICATE_MEMBER`` when the other membership is active too (R8), ``FORMER_MEMBER`` when
    it ended: the professional or structure comes back with ``rejoin`` (R9).
    """
    position = {m.member_id: i for i, m in enumerate(record.circle)}
    holders: defaultdict[str, list[Membership]] = defaultdict(list)
    for m in record.circle:
        for key in m.identity_keys:
            holders[key].append(m)
    found = []
    for m in record.circle.active(at):
        twins = {o.member_id: o for key in m.identity_keys for o in holders[key] if o is not m}
        ordered = sorted(twins.values(), key=lambda o: position[o.member_id])
        found.extend(_twin_violations(m, ordered, at=at))
    return tuple(found)


def check_members(view: View, members: list[Membership], *, at: dt.datetime) -> list[Violation]:
    """What :func:`check` finds on ``members`` (active, in circle order) of the circle
    ``view`` shows, looking only at the holders of their identity keys.
    """
    found = []
    for m in members:
        twins = {
            o.member_id: o
            for key in m.identity_keys
            for o in view.identity_holders(key)
            if o.member_id != m.member_id
        }
        ordered = sorted(twins.values(), key=lambda o: view.position(o.member_id))
        found.extend(_twin_violations(m, ordered, at=at))
    return found


def _twin_violations(
    m: Membership, ordered: list[Membership], *, at: dt.datetime
) -> list[Violation]:
    active = [o.member_id for o in ordered if o.is_active(at)]
    former = [o.member_id for o in ordered if not o.is_active(at)]
    path = member_path(m.member_id, "member")
    found = []
    if active:
        found.append(
            Violation(
                code="DUPLICATE_MEMBER",
                path=path,
                message=f"already an active member as {', '.join(active)} (R8)",
                kind=ViolationKind.CONFLICT,
            )
        )
    if former:
        found.append(
            Violation(
                code="FORMER_MEMBER",
                path=path,
                message=f"left the circle as {', '.join(former)}: bring them back with "
                "rejoin, as a new participation of the same member (R9)",
                kind=ViolationKind.CONFLICT,
            )
        )
    return found


def validate(record: CoordinationRecord, *, at: dt.datetime) -> CoordinationRecord:
    """Return ``record`` unchanged, or raise :class:`~carecircle.ChangeRejected`."""
    raise_if_any(check(record, at=at))
    return record


def is_valid(record: CoordinationRecord, *, at: dt.datetime) -> bool:
    """``True`` when :func:`check` finds no violation; never raises."""
    return not check(record, at=at)
