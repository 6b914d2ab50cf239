"""Export (*export*): a record as the guide's creation bundle, two versions as its update bundle."""

from __future__ import annotations

from typing import Any

from carecircle._errors import InvalidValueError, wrong_type
from carecircle._model import CoordinationRecord, Membership
from carecircle.interop.fhir import _actors as a
from carecircle.interop.fhir import _urls as u
from carecircle.interop.fhir import _values as v
from carecircle.interop.fhir._values import JSON

__all__ = ["export_change", "export_record"]


def _participants(m: Membership, ref: a.Ref) -> list[JSON]:
    """One ``participant`` per stay; the membership's own extensions ride on the first."""
    roles = [v.concept(c) for c in sorted(m.roles)]
    found = []
    for i, stay in enumerate(m.participations):
        extension = [v.ext(u.EXT_ADDED_BY, "String", stay.added_by)]
        extension += v.text_ext(u.EXT_ENDED_BY, stay.ended_by)
        if i == 0:
            extension += _membership_extensions(m)
        period = {"start": v.instant(stay.start)}
        if stay.end is not None:
            period["end"] = v.instant(stay.end)
        participant: JSON = {"extension": extension}
        if roles:
            participant["role"] = roles
        participant["member"] = {"reference": ref(a.member_key(m.member_id))}
        participant["period"] = period
        found.append(participant)
    return found


def _membership_extensions(m: Membership) -> list[JSON]:
    found = v.text_ext(u.EXT_DESCRIPTION, m.description)
    if m.legal_protection is not None:
        found.append(v.ext(u.EXT_LEGAL_PROTECTION, "Coding", v.coding(m.legal_protection)))
    if m.habilitated:
        found.append(v.flag_ext(u.EXT_HABILITATED))
    if m.habilitation_ends is not None:
        found.append(v.ext(u.EXT_HABILITATION_ENDS, "Instant", v.instant(m.habilitation_ends)))
    error = m.entered_in_error
    if error is not None:
        found.append(
            v.complex_ext(
                u.EXT_ENTERED_IN_ERROR,
                [("at", "Instant", v.instant(error.at)), ("by", "String", error.by),
                 ("reason", "String", error.reason)],
            )
        )  # fmt: skip
    return found


def _record_extensions(record: CoordinationRecord) -> list[JSON]:
    found = [
        v.ext(u.EXT_CREATED_BY, "String", record.created_by),
        v.ext(u.EXT_VERSION, "PositiveInt", record.version),
    ]
    found.extend(
            v.complex_ext(
                u.EXT_STATUS_CHANGE,
                [("status", "Code", change.status.value), ("at", "Instant", v.instant(change.at)),
                 ("by", "String", change.by), ("reason", "String", change.reason)],
            )
        for change in record.status_history
    )  # fmt: skip
    found.extend(
            v.complex_ext(
                u.EXT_EMERGENCY_ACCESS,
                [("id", "String", e.access_id), ("account", "String", e.account),
                 ("national-id", "String", e.national_id), ("reason", "String", e.reason),
                 ("starts", "Instant", v.instant(e.starts)),
                 ("ends", "Instant", v.instant(e.ends))],
            )
        for e in record.emergency_accesses
    )  # fmt: skip
    return found


def _care_team(record: CoordinationRecord, ref: a.Ref) -> a.Entry:
    patient = record.patient
    period = {"start": v.instant(record.period_start)}
    if record.period_end is not None:
        period["end"] = v.instant(record.period_end)
    resource: JSON = {
        "resourceType": "CareTeam",
        "meta": {"profile": [u.PROFILES["CareTeam"]], "lastUpdated": v.instant(record.updated_at)},
        "extension": _record_extensions(record),
        "identifier": [v.identifier(u.RECORD_SYSTEM, record.record_id)],
        "status": record.status.value,
        "name": f"Cercle de soins de {patient.given_name} {patient.family_name}",
        "subject": {"reference": ref("patient")},
        "period": period,
    }
    participants = [p for m in record.circle for p in _participants(m, ref)]
    if participants:
        resource["participant"] = participants
    return a.Entry(
        key="careteam",
        resource=resource,
        search=v.search("CareTeam", u.RECORD_SYSTEM, record.record_id),
    )


def _entries(record: CoordinationRecord, ref: a.Ref, *, phones: bool) -> list[a.Entry]:
    """Every resource of the record, in bundle order: CareTeam, Patient, actors, Consents."""
    found = [_care_team(record, ref), a.patient_entry(record.patient)]
    for m in record.circle:
        found += a.member_entries(record, m, ref, phones=phones)
    for m in record.circle:
        found += [a.consent_entry(record, m, r, ref) for r in m.refusals]
    return found


def _local(record_id: str) -> a.Ref:
    return lambda key: u.full_url(record_id, key)


def _bundle(profile: str, entries: list[JSON]) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "meta": {"profile": [u.PROFILES[profile]]},
        "type": "transaction",
        "entry": entries,
    }


def _entry(record_id: str, e: a.Entry, method: str) -> JSON:
    kind = e.resource["resourceType"]
    return {
        "fullUrl": u.full_url(record_id, e.key),
        "resource": e.resource,
        "request": {"method": method, "url": kind if method == "POST" else e.search},
    }


def _phones(value: object) -> bool:
    if not isinstance(value, bool):
        raise wrong_type("phones_of_unlisted", "a bool")
    return value


def _record(value: object, path: str) -> CoordinationRecord:
    if not isinstance(value, CoordinationRecord):
        raise wrong_type(path, "a CoordinationRecord")
    return value


def export_record(
    record: CoordinationRecord, *, phones_of_unlisted: bool = False
) -> dict[str, Any]:
    """The record as the guide's creation bundle (``cds-bundle-transaction-creation``).

    Plain JSON-ready data, the same for the same record: every entry is a ``POST`` with a
    ``urn:uuid`` fullUrl derived from the record id and the entry's key, and every reference
    names one of them. Unlisted related persons' phones (R12) are written only when
    ``phones_of_unlisted`` is true; otherwise one ``masked`` phone stands for them.
    """
    record = _record(record, "record")
    phones = _phones(phones_of_unlisted)
    rid = record.record_id
    return _bundle(
        "creation", [_entry(rid, e, "POST") for e in _entries(record, _local(rid), phones=phones)]
    )


def _check_versions(before: CoordinationRecord, after: CoordinationRecord) -> None:
    if before.record_id != after.record_id or before.created_at != after.created_at:
        raise InvalidValueError.of(
            "RECORD_MISMATCH", "after", "the two records are not versions of one record"
        )
    if after.version <= before.version:
        raise InvalidValueError.of(
            "VERSION_NOT_NEWER", "after.version", "the later version must have a higher number"
        )


def export_change(
    before: CoordinationRecord, after: CoordinationRecord, *, phones_of_unlisted: bool = False
) -> dict[str, Any]:
    """The guide's update bundle (``cds-bundle-transaction-maj``) from ``before`` to ``after``.

    The CareTeam is always sent, as a conditional ``PUT`` on its identifier
    (``CareTeam?identifier=urn:carecircle:record|<record id>``); the Patient, actors and
    Consents only when they are new (``POST``) or differ from ``before`` (conditional ``PUT``
    on their identifier). References to resources left out are conditional references on the
    same identifiers, which a FHIR server resolves in a transaction. Two records that are not
    versions of one record are ``RECORD_MISMATCH``; ``after`` not newer is ``VERSION_NOT_NEWER``.
    """
    before = _record(before, "before")
    after = _record(after, "after")
    phones = _phones(phones_of_unlisted)
    _check_versions(before, after)
    rid = after.record_id
    local = _local(rid)
    old = {e.key: e.resource for e in _entries(before, local, phones=phones)}
    new = _entries(after, local, phones=phones)
    sent = {
        e.key: ("PUT" if e.key in old else "POST")
        for e in new
        if e.key == "careteam" or old.get(e.key) != e.resource
    }
    searches = {e.key: e.search for e in new}

    def ref(key: str) -> str:
        return u.full_url(rid, key) if key in sent else searches[key]

    return _bundle(
        "update",
        [_entry(rid, e, sent[e.key]) for e in _entries(after, ref, phones=phones) if e.key in sent],
    )
