"""R6 Who may edit (*qui peut modifier le cercle*): only an actor with effective access.

Adding, editing, habilitating and removing members need effective access to the record,
directly or through a habilitated legal-entity structure (G2); the creator has it from G1. The
access test is the decision code of :mod:`carecircle.access`: its record-level answer,
:func:`~carecircle.access.effective_access` (the guide lets any habilitated professional
complete the circle, whatever the matrix grants their profession). Each reason it gives
becomes a violation ``ACTOR_<REASON>`` at the path ``actor``.

>>> import datetime as dt
>>> from carecircle.model import CoordinationRecord, Patient, Principal
>>> at = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
>>> record = CoordinationRecord(record_id="DC-1", created_by="pass:1", created_at=at,
...     patient=Patient(patient_id="P-1", family_name="Martin", given_name="Louise"))
>>> [v.code for v in check(record, Principal(account="pass:9"), at=at)]
['ACTOR_NOT_A_MEMBER']
"""

from __future__ import annotations

import datetime as dt

from carecircle.access.effective import effective_access, has_effective_access
from carecircle.errors import Violation, ViolationKind
from carecircle.model.principal import Principal
from carecircle.model.record import CoordinationRecord
from carecircle.rules._common import raise_if_any

__all__ = ["check", "is_valid", "validate"]


def check(
    record: CoordinationRecord, actor: Principal, *, at: dt.datetime
) -> tuple[Violation, ...]:
    """One violation per reason the actor lacks effective access; empty when they have it."""
    access = effective_access(record, actor, at=at)
    return tuple(
        Violation(
            code=f"ACTOR_{reason}",
            path="actor",
            message=f"the actor may not edit this circle: {reason.lower().replace('_', ' ')} (R6)",
            kind=ViolationKind.PERMISSION,
        )
        for reason in access.reasons
    )


def validate(record: CoordinationRecord, actor: Principal, *, at: dt.datetime) -> Principal:
    """Return ``actor``, or raise :class:`~carecircle.errors.ChangeRejected` (permission errors)."""
    raise_if_any(check(record, actor, at=at))
    return actor


def is_valid(record: CoordinationRecord, actor: Principal, *, at: dt.datetime) -> bool:
    return has_effective_access(record, actor, at=at)
