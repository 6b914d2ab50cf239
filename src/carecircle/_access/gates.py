"""What the record adds to its circle's answer: emergency accesses and the circle's status.

Both the plain path and the fast one answer a question on the circle's memberships first (R1–R4,
refusals included); :func:`finish` then applies, in this order:

1. an **emergency access** (*bris de glace*, as the DMP has it), when nothing else opens: it
   opens the record for reading to the professional it was opened for (their PASS account,
   active; no other national id), while it lasts; never when a sharing refusal, of the whole
   record or of the category asked, stands on the principal or on a structure delegating to
   them (the answer holds ``SHARING_REFUSED``), nor when their ids designate more than one
   person (``IDENTITY_MISMATCH``). Writing through it is denied with ``EMERGENCY_READ_ONLY``;
2. the matrix's verdict on the principal's own profession (G5), whatever the path;
3. the circle's **status** at the instant asked (CDS ``CareTeam.status``): only an ``active``
   circle opens; any other status denies everyone, with a reason of its own put first
   (``CIRCLE_PROPOSED``, ``CIRCLE_SUSPENDED``, ``CIRCLE_INACTIVE``,
   ``CIRCLE_ENTERED_IN_ERROR``), followed by what the answer would have been.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from carecircle._access.decision import AccessPath, Decision, Reason
from carecircle._model.lifecycle import CircleStatus
from carecircle._model.principal import Principal
from carecircle._model.record import CoordinationRecord

__all__ = ["STATUS_REASONS", "emergency_path", "finish", "status_reason"]

_ACTIVE: Final = CircleStatus.ACTIVE
_READ: Final = 1

#: The reason each status other than ``active`` denies with.
STATUS_REASONS: Final[dict[CircleStatus, Reason]] = {
    CircleStatus.PROPOSED: Reason.CIRCLE_PROPOSED,
    CircleStatus.SUSPENDED: Reason.CIRCLE_SUSPENDED,
    CircleStatus.INACTIVE: Reason.CIRCLE_INACTIVE,
    CircleStatus.ENTERED_IN_ERROR: Reason.CIRCLE_ENTERED_IN_ERROR,
}

_CLOSING: Final = frozenset({Reason.SHARING_REFUSED, Reason.IDENTITY_MISMATCH})


def status_reason(record: CoordinationRecord, at: dt.datetime) -> Reason | None:
    """The reason the circle's status at ``at`` denies everyone with; ``None`` when active."""
    history = record.status_history
    if len(history) == 1 and history[0].status is _ACTIVE:
        return None
    status = record.status_at(at)
    return None if status is _ACTIVE else STATUS_REASONS[status]


def emergency_path(
    record: CoordinationRecord, principal: Principal, found: Decision, at: dt.datetime
) -> AccessPath | None:
    """The emergency access that opens the record to ``principal`` at ``at``, when the
    circle's answer ``found`` denies for no reason that closes every path.
    """
    if found.allowed or not record.emergency_accesses or not principal.has_active_account:
        return None
    if _CLOSING.intersection(found.reasons):
        return None
    for access in record.emergency_accesses:
        if access.stands_at(at) and access.is_for(principal.account, principal.national_id):
            return AccessPath(member_id=None, emergency_id=access.access_id)
    return None


def finish(  # noqa: PLR0917 -- one caller per path, all positional
    record: CoordinationRecord,
    principal: Principal,
    found: Decision,
    against: tuple[Reason, ...],
    needed: int,
    at: dt.datetime,
) -> Decision:
    """The answer to the question: the circle's answer ``found``, an emergency access when
    nothing else opens, the matrix's reasons ``against`` (empty for the record as a whole),
    the rank ``needed`` by the action (0 for the record as a whole), then the status.
    """
    path = emergency_path(record, principal, found, at)
    if path is not None:
        found = Decision(allowed=True, paths=(path,))
        if needed > _READ:
            against = (*against, Reason.EMERGENCY_READ_ONLY)
    if found.allowed and not against:
        result = found
    else:
        reasons = against if found.allowed else (*found.reasons, *against)
        result = Decision(
            allowed=False, reasons=tuple(dict.fromkeys(reasons)), refusals=found.refusals
        )
    closed = status_reason(record, at)
    if closed is None:
        return result
    return Decision(
        allowed=False,
        reasons=tuple(dict.fromkeys((closed, *result.reasons))),
        refusals=result.refusals,
    )
