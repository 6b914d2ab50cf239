"""The circle's lifecycle (CDS ``CareTeam.status``) and emergency accesses (*bris de glace*).

A circle is ``proposed`` (drafted, not yet shared), ``active``, ``suspended`` (on hold),
``inactive`` (closed: its period ended) or ``entered-in-error`` (it should never have existed;
final). :data:`TRANSITIONS` lists the changes allowed; each is kept as a :class:`StatusChange`,
never overwritten, so the status at any instant can be told.

>>> sorted(str(s) for s in TRANSITIONS[CircleStatus.ACTIVE])
['entered-in-error', 'inactive', 'suspended']
>>> TRANSITIONS[CircleStatus.ENTERED_IN_ERROR]
frozenset()
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Final

import attrs

from carecircle._errors import InvalidValueError, wrong_type
from carecircle._model._fields import (
    enum_value,
    free_text,
    instant,
    one_line,
    optional_identifier,
    required_text,
)
from carecircle.identifiers import idnat_ps, pass_account

__all__ = [
    "CLOSED",
    "TRANSITIONS",
    "CircleStatus",
    "EmergencyAccess",
    "StatusChange",
    "circle_status",
]


class CircleStatus(StrEnum):
    """The circle's status, the codes of FHIR ``care-team-status``."""

    PROPOSED = "proposed"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    INACTIVE = "inactive"
    ENTERED_IN_ERROR = "entered-in-error"


_S = CircleStatus

#: The statuses a circle may go to from each status.
TRANSITIONS: Final[dict[CircleStatus, frozenset[CircleStatus]]] = {
    _S.PROPOSED: frozenset({_S.ACTIVE, _S.INACTIVE, _S.ENTERED_IN_ERROR}),
    _S.ACTIVE: frozenset({_S.SUSPENDED, _S.INACTIVE, _S.ENTERED_IN_ERROR}),
    _S.SUSPENDED: frozenset({_S.ACTIVE, _S.INACTIVE, _S.ENTERED_IN_ERROR}),
    _S.INACTIVE: frozenset({_S.ACTIVE, _S.ENTERED_IN_ERROR}),
    _S.ENTERED_IN_ERROR: frozenset(),
}

#: The statuses that end the circle's period (``CareTeam.period.end``).
CLOSED: Final = frozenset({_S.INACTIVE, _S.ENTERED_IN_ERROR})


def circle_status(value: object, path: str = "status") -> CircleStatus:
    """A :class:`CircleStatus`, or one of its values (``"active"``…); else ``STATUS_INVALID``."""
    return enum_value(CircleStatus, value, path, "STATUS_INVALID")


def _status(value: object) -> CircleStatus:
    return circle_status(value, "status.status")


@attrs.frozen(kw_only=True)
class StatusChange:
    """The circle went to ``status`` at ``at``, by ``by``; ``reason`` is free text (R12)."""

    status: CircleStatus = attrs.field(converter=_status)
    at: dt.datetime = instant("status.at")
    by: str = required_text("status.by")
    reason: str = free_text("status.reason")


def _access_id(value: object) -> str:
    found = one_line(value, "emergency.access_id")
    if not found or "[" in found or "]" in found:
        raise InvalidValueError.of(
            "EMERGENCY_ID_INVALID", "emergency.access_id", "an id is a non-empty text, no bracket"
        )
    return found


def _account(value: object) -> str:
    if not isinstance(value, str):
        raise wrong_type("emergency.account", "a str")
    return pass_account.validate(value, path="emergency.account")


@attrs.frozen(kw_only=True)
class EmergencyAccess:
    """An emergency access (*accès en urgence*, *bris de glace*): the professional (account,
    and national id when known, in canonical form), the reason they gave (free text, never
    in the ``repr``), and the stretch ``[starts, ends)`` it lasts; it always ends.
    """

    access_id: str = attrs.field(converter=_access_id)
    account: str = attrs.field(converter=_account)
    national_id: str | None = optional_identifier(idnat_ps.canonical, "emergency.national_id")
    reason: str = free_text("emergency.reason")
    starts: dt.datetime = instant("emergency.starts")
    ends: dt.datetime = instant("emergency.ends")

    def __attrs_post_init__(self) -> None:
        if self.ends <= self.starts:
            raise InvalidValueError.of(
                "PERIOD_ENDS_BEFORE_START",
                "emergency.ends",
                "an emergency access ends after it starts",
            )
        if not self.reason:
            raise InvalidValueError.of(
                "EMERGENCY_REASON_REQUIRED", "emergency.reason", "an emergency access states why"
            )

    def stands_at(self, at: dt.datetime) -> bool:
        return self.starts <= at < self.ends

    def is_for(self, account: str | None, national_id: str | None) -> bool:
        """True when the principal with these ids is the professional it was opened for: the
        same account, and no other national id (deny when in doubt).
        """
        if account != self.account:
            return False
        return self.national_id is None or national_id is None or national_id == self.national_id
