"""History (*historique*): the events of a record's changes rebuild it, at any version or instant.

Every event carries the new value of what it changed (:mod:`carecircle.events`), so a store may
keep a record's events alone: :func:`replay` rebuilds the record they produce, equal to the one
the operations returned; :func:`record_at_version` and :func:`record_as_of` give it as it stood
at a past version or instant; :func:`timeline` tells one member's stays, roles, habilitations and
refusals, who and when (the audit trail: CDS ``dateMAJ``, the DMP's traceability).

>>> import carecircle as cc
>>> from carecircle.testing import builders as b
>>> created = cc.create_record(record_id="DC-1", patient=b.patient(),
...     creator=cc.Principal(account="pass:1"), creator_entry=b.directory_professional(1),
...     at=b.instant(0))
>>> creator = cc.Principal(account="pass:1")
>>> added = cc.add_member(created.record, b.related_person(2), actor=creator, at=b.instant(5))
>>> left = cc.end_participation(added.record, "M2", actor=creator, at=b.instant(9))
>>> events = [e for c in (created, added, left) for e in c.events]
>>> replay(events) == left.record, record_at_version(events, 2) == added.record
(True, True)
>>> record_as_of(events, b.instant(7)) == added.record
True
>>> [(s.start, s.end) == (b.instant(5), b.instant(9)) for s in timeline(events, "M2").stays]
[True]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from carecircle import events as ev
from carecircle._errors import NotFoundError, wrong_type
from carecircle._model.record import CoordinationRecord
from carecircle.history._replay import Step, steps
from carecircle.history._timeline import (
    HabilitationState,
    MemberTimeline,
    Moment,
    RolesHeld,
    timeline,
)
from carecircle.instants import utc

__all__ = [
    "HabilitationState",
    "MemberTimeline",
    "Moment",
    "RolesHeld",
    "Step",
    "record_as_of",
    "record_at_version",
    "replay",
    "steps",
    "timeline",
]


def replay(events: Iterable[ev.Event]) -> CoordinationRecord:
    """The record the history ``events`` produces (:func:`steps` checks it)."""
    found: CoordinationRecord | None = None
    for step in steps(events):
        found = step.record
    assert found is not None  # noqa: S101 -- steps yields at least the creation
    return found


def record_at_version(events: Iterable[ev.Event], version: int) -> CoordinationRecord:
    """The record at ``version``, as the change that made it returned it;
    ``VERSION_NOT_FOUND`` when the history never reached it.
    """
    if isinstance(version, bool) or not isinstance(version, int):
        raise wrong_type("version", "an int")
    for step in steps(events):
        if step.record.version == version:
            return step.record
    raise NotFoundError.of("VERSION_NOT_FOUND", "version", "the history has no such version")


def record_as_of(events: Iterable[ev.Event], at: dt.datetime) -> CoordinationRecord:
    """The record as it stood at ``at``: after every change made at or before it (R10);
    ``RECORD_NOT_YET_CREATED`` before its creation.
    """
    at = utc(at, "at")
    found: CoordinationRecord | None = None
    for step in steps(events):
        if step.meta.at > at:
            break
        found = step.record
    if found is None:
        raise NotFoundError.of(
            "RECORD_NOT_YET_CREATED", "at", "the record did not exist at this instant"
        )
    return found
