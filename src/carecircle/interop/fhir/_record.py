"""Reading the CareTeam's own facts: identifier, status and its history, period, patient."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from carecircle._model import CircleStatus, EmergencyAccess, Patient, StatusChange
from carecircle._model.lifecycle import CLOSED
from carecircle.interop.fhir import _read as r
from carecircle.interop.fhir import _read_actors as ra
from carecircle.interop.fhir import _urls as u
from carecircle.interop.fhir._index import Index

JSON = Mapping[str, Any]
_STATUSES = frozenset(s.value for s in CircleStatus)


@attrs.frozen(kw_only=True)
class Facts:
    """What the CareTeam says about the record (``None`` where it could not be read)."""

    record_id: str | None
    created_at: dt.datetime | None
    ended_at: dt.datetime | None
    created_by: str
    updated_at: dt.datetime | None
    version: int
    status: CircleStatus | None
    history: tuple[StatusChange, ...]
    emergencies: tuple[EmergencyAccess, ...]
    patient: Patient | None
    patient_path: str | None


def _record_id(p: r.Problems, team: JSON, path: str) -> str | None:
    ids = r.items(p, team, "identifier", path, required=True)
    if len(ids) > 1:
        p.add("IDENTIFIER_CARDINALITY", f"{path}.identifier", "a CareTeam has one identifier")
    if not ids:
        return None
    return r.text(p, ids[0][1], "value", ids[0][0], required=True)


def _status_change(p: r.Problems, ext: JSON, path: str) -> StatusChange | None:
    parts = r.Extensions(p, ext, path)
    status = parts.value("status", "Code")
    at, by = parts.instant("at"), parts.text("by")
    reason = parts.text("reason") or ""
    if status is None or at is None or by is None:
        p.add(r.ELEMENT_REQUIRED, path, "a status change has a status, an instant and an actor")
        return None
    code = status[1]
    return p.attempt(status[0], lambda: StatusChange(status=code, at=at, by=by, reason=reason))


def _emergency(p: r.Problems, ext: JSON, path: str) -> EmergencyAccess | None:
    parts = r.Extensions(p, ext, path)
    access_id, account = parts.text("id"), parts.text("account")
    national, reason = parts.text("national-id"), parts.text("reason") or ""
    starts, ends = parts.instant("starts"), parts.instant("ends")
    if access_id is None or account is None or starts is None or ends is None:
        p.add(r.ELEMENT_REQUIRED, path, "an emergency access has an id, an account and a period")
        return None
    return p.attempt(
        path,
        lambda: EmergencyAccess(
            access_id=access_id,
            account=account,
            national_id=national,
            reason=reason,
            starts=starts,
            ends=ends,
        ),
    )


def _patient(
    p: r.Problems, index: Index, team: JSON, path: str, record_id: str | None
) -> tuple[Patient | None, str | None]:
    subject = r.child(p, team, "subject", path, required=True)
    if subject is None:
        return None, None
    found = index.resolve(subject, f"{path}.subject", frozenset({"Patient"}))
    if found is None:
        return None, None
    return ra.patient(p, found[1], found[0], record_id or "unknown"), found[0]


def care_team_facts(p: r.Problems, index: Index, team: JSON, path: str, by: str) -> Facts:
    meta = r.child(p, team, "meta", path, required=True)
    updated = None
    if meta is not None and meta.get("lastUpdated") is not None:
        updated = r.instant(p, meta["lastUpdated"], f"{path}.meta.lastUpdated")
    record_id = _record_id(p, team, path)
    status_text = r.text(p, team, "status", path, required=True)
    status = None
    if status_text is not None:
        if status_text in _STATUSES:
            status = CircleStatus(status_text)
        else:
            p.add("STATUS_INVALID", f"{path}.status", "a care-team-status code")
    r.text(p, team, "name", path, required=True)
    patient, patient_path = _patient(p, index, team, path, record_id)
    period = r.child(p, team, "period", path, required=True) or {}
    start = period.get("start")
    created = None if start is None else r.date_time(p, start, f"{path}.period.start")
    if start is None and period:
        p.add(r.ELEMENT_REQUIRED, f"{path}.period.start", "the circle's creation")
    end = period.get("end")
    ended = None if end is None else r.date_time(p, end, f"{path}.period.end")
    exts = r.Extensions(p, team, path)
    version = exts.value(u.EXT_VERSION, "PositiveInt")
    history = tuple(
        c for at, e in exts.all(u.EXT_STATUS_CHANGE) if (c := _status_change(p, e, at)) is not None
    )
    if history and status is not None and history[-1].status is not status:
        p.add("STATUS_MISMATCH", f"{path}.status", "the status is not the last of its history")
    emergencies = tuple(
        x for at, e in exts.all(u.EXT_EMERGENCY_ACCESS) if (x := _emergency(p, e, at)) is not None
    )
    return Facts(
        record_id=record_id,
        created_at=created,
        ended_at=ended,
        created_by=exts.text(u.EXT_CREATED_BY) or by,
        updated_at=updated,
        version=1 if version is None else version[1],
        status=status,
        history=history,
        emergencies=emergencies,
        patient=patient,
        patient_path=patient_path,
    )


def default_history(facts: Facts, updated: dt.datetime, by: str) -> tuple[StatusChange, ...]:
    """The status history of a CareTeam without carecircle's: created active (or proposed),
    then its status now, from ``period.end`` for a closed circle, else from ``updated``.
    """
    assert facts.created_at is not None  # noqa: S101 -- the caller checked
    assert facts.status is not None  # noqa: S101 -- the caller checked
    created, status = facts.created_at, facts.status
    if status in {CircleStatus.PROPOSED, CircleStatus.ACTIVE}:
        return (StatusChange(status=status, at=created, by=by),)
    since = facts.ended_at if status in CLOSED and facts.ended_at is not None else updated
    return (
        StatusChange(status=CircleStatus.ACTIVE, at=created, by=by),
        StatusChange(status=status, at=max(since, created), by=by),
    )
