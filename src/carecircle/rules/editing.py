"""R6 Who may edit (*qui peut modifier le cercle*): only an actor with effective access.

Adding, editing, habilitating and removing members need effective access to the record,
directly or through a habilitated legal-entity structure (G2); the creator has it from G1. The
access test is the decision code of :mod:`carecircle._access`: what the circle's memberships
say, :func:`~carecircle._access.effective.membership_access` (the guide lets any habilitated
professional complete the circle, whatever the matrix grants their profession; an emergency
access never edits; the circle's status is judged apart, by :mod:`carecircle.rules.lifecycle`,
so that the editors of a suspended circle may resume it). Each reason it gives becomes a
violation ``ACTOR_<REASON>`` at the path ``actor``, once per problem: an actor who is neither a
member nor a delegate hears ``ACTOR_NOT_A_MEMBER`` alone.

>>> import datetime as dt
>>> from carecircle import CoordinationRecord, Patient, Principal
>>> at = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
>>> record = CoordinationRecord(record_id="DC-1", created_by="pass:1", created_at=at,
...     patient=Patient(patient_id="P-1", family_name="Martin", given_name="Louise"))
>>> [v.code for v in check(record, Principal(account="pass:9"), at=at)]
['ACTOR_NOT_A_MEMBER']
"""

from __future__ import annotations

import datetime as dt

from carecircle._access.decision import Reason
from carecircle._access.effective import membership_access
from carecircle._errors import Violation, ViolationKind
from carecircle._model.principal import Principal
from carecircle._model.record import CoordinationRecord
from carecircle.rules._common import raise_if_any

__all__ = ["check", "is_valid", "validate"]


def check(
    record: CoordinationRecord, actor: Principal, *, at: dt.datetime
) -> tuple[Violation, ...]:
    """One violation per reason the actor lacks effective access; empty when they have it."""
    reasons = membership_access(record, actor, at=at).reasons
    if Reason.NOT_A_MEMBER in reasons:
        # Not a delegate of a structure either: one problem, said once.
        reasons = tuple(r for r in reasons if r is not Reason.NOT_A_DELEGATE)
    return tuple(
        Violation(
            code=f"ACTOR_{reason}",
            path="actor",
            message=f"the actor may not edit this circle: {reason.lower().replace('_', ' ')} (R6)",
            kind=ViolationKind.PERMISSION,
        )
        for reason in reasons
    )


def validate(record: CoordinationRecord, actor: Principal, *, at: dt.datetime) -> Principal:
    """Return ``actor``, or raise :class:`~carecircle.ChangeRejected` (permission errors)."""
    raise_if_any(check(record, actor, at=at))
    return actor


def is_valid(record: CoordinationRecord, actor: Principal, *, at: dt.datetime) -> bool:
    """``True`` when :func:`check` finds no violation; never raises."""
    return membership_access(record, actor, at=at).allowed
