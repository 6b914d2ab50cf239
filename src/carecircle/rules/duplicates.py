"""R8 No duplicates (*pas de doublon*): a directory member is active at most once.

The same directory professional (national id or PASS account) or directory structure (FINESS,
SIRET or directory id) cannot be an active member twice. A member who left may come back, as a
new participation of the same membership (R9).

>>> import datetime as dt
>>> from carecircle.model import (CareCircle, CoordinationRecord, DirectoryProfessional,
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

from carecircle.errors import Violation, ViolationKind
from carecircle.model.record import CoordinationRecord
from carecircle.rules._common import member_path, raise_if_any

__all__ = ["check", "is_valid", "validate"]


def check(record: CoordinationRecord, *, at: dt.datetime) -> tuple[Violation, ...]:
    """Every duplicate among the members active at ``at``; never raises."""
    active = record.circle.active(at)
    by_key: defaultdict[str, list[str]] = defaultdict(list)
    for m in active:
        for key in m.identity_keys:
            by_key[key].append(m.member_id)
    clashing: defaultdict[str, set[str]] = defaultdict(set)
    for ids in by_key.values():
        if len(ids) > 1:
            for member_id in ids:
                clashing[member_id].update(i for i in ids if i != member_id)
    return tuple(
        Violation(
            code="DUPLICATE_MEMBER",
            path=member_path(m.member_id, "member"),
            message=f"already an active member as {', '.join(sorted(clashing[m.member_id]))} (R8)",
            kind=ViolationKind.CONFLICT,
        )
        for m in active
        if m.member_id in clashing
    )


def validate(record: CoordinationRecord, *, at: dt.datetime) -> CoordinationRecord:
    """Return ``record`` unchanged, or raise :class:`~carecircle.errors.ChangeRejected`."""
    raise_if_any(check(record, at=at))
    return record


def is_valid(record: CoordinationRecord, *, at: dt.datetime) -> bool:
    return not check(record, at=at)
