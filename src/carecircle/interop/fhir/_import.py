"""Import (*import*): a bundle of the guide back into a record, every problem reported at once."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any, Final

from carecircle._errors import InputRejected, Violation, wrong_type
from carecircle._model import (
    CareCircle,
    CoordinationRecord,
    Membership,
    Refusal,
)
from carecircle.instants import utc
from carecircle.interop.fhir import _index, _read_consents
from carecircle.interop.fhir import _read as r
from carecircle.interop.fhir import _read_actors as ra
from carecircle.interop.fhir import _read_members as rm
from carecircle.interop.fhir import _urls as u
from carecircle.interop.fhir._record import care_team_facts, default_history
from carecircle.serialization import DEFAULT_CODEC, Codec

__all__ = ["import_bundle"]

JSON = Mapping[str, Any]

_MEMBERS: Final = frozenset({"PractitionerRole", "RelatedPerson", "Organization"})
_RULE_PATH: Final = re.compile(r"\$\.value\.circle\.memberships\[(\d+)\](\.roles)?")


class _Reader:
    """One import: the problems found, the index of the bundle, who imports."""

    def __init__(self, bundle: JSON, imported_by: str) -> None:
        self.p = r.Problems()
        self.by = imported_by
        if bundle.get("resourceType") != "Bundle":
            self.p.add("RESOURCE_TYPE_INVALID", "Bundle.resourceType", "expected a Bundle")
        self.index = _index.Index(self.p, bundle)
        #: Path of each member's first participant, by member id (rule paths point there).
        self.first_participant: dict[str, str] = {}

    def record(self) -> CoordinationRecord | None:
        p = self.p
        teams = self.index.of_type("CareTeam")
        if len(teams) != 1:
            p.add("CARETEAM_REQUIRED", "Bundle.entry", "a bundle holds exactly one CareTeam")
            return None
        path, team = teams[0]
        facts = care_team_facts(p, self.index, team, path, self.by)
        members = self._members(team, path, facts.record_id, facts.created_at)
        if facts.record_id is None or facts.created_at is None or members is None:
            return None
        ctx = _read_consents.Context(
            record_id=facts.record_id,
            imported_by=self.by,
            members={res_path: mid for mid, (res_path, _b) in members.items()},
            patient=facts.patient_path,
            resolve=self.index.resolve,
        )
        refusals: dict[str, list[Refusal]] = {}
        for cpath, consent in self.index.of_type("Consent"):
            mine = len(refusals.get(_target(consent), [])) + 1
            found = _read_consents.refusal(p, ctx, consent, cpath, mine)
            if found is not None:
                refusals.setdefault(found[0], []).append(found[1])
        memberships = []
        for mid, (_res_path, build) in members.items():
            first = self.first_participant[mid]
            m = p.attempt(first, lambda b=build, m=mid: b(tuple(refusals.get(m, ()))))  # type: ignore[misc]
            if m is not None:
                memberships.append(m)
        if p.found or facts.patient is None or facts.status is None:
            return None
        circle = CareCircle(memberships=memberships)
        updated = facts.updated_at or _latest(circle, facts.created_at)
        history = facts.history or default_history(facts, updated, self.by)
        if facts.updated_at is None:
            updated = max(updated, history[-1].at)
        patient, created_at, record_id = facts.patient, facts.created_at, facts.record_id
        return p.attempt(
            path,
            lambda: CoordinationRecord(
                record_id=record_id,
                patient=patient,
                circle=circle,
                created_by=facts.created_by,
                created_at=created_at,
                updated_at=updated,
                version=facts.version,
                status_history=history,
                emergency_accesses=facts.emergencies,
            ),
        )

    def _members(
        self, team: JSON, path: str, record_id: str | None, created_at: dt.datetime | None
    ) -> dict[str, tuple[str, Any]] | None:
        """Each member's id, its resource path and how to build its membership."""
        p = self.p
        groups: dict[str, tuple[JSON, list[tuple[str, JSON]]]] = {}
        for ppath, part in r.items(p, team, "participant", path):
            reference = r.child(p, part, "member", ppath, required=True)
            if reference is None:
                continue
            found = self.index.resolve(
                reference, f"{ppath}.member", _MEMBERS, "MEMBER_TYPE_NOT_ALLOWED"
            )
            if found is not None:
                groups.setdefault(found[0], (found[1], []))[1].append((ppath, part))
        found_members: dict[str, tuple[str, Any]] = {}
        for n, (res_path, (resource, parts)) in enumerate(groups.items(), start=1):
            kept = None if record_id is None else ra.member_id(p, resource, res_path, record_id)
            mid = kept or f"M{n}"
            if mid in found_members:
                p.add("DUPLICATE_MEMBER_ID", res_path, "two members have this member id")
                continue
            self.first_participant[mid] = parts[0][0]
            found_members[mid] = (
                res_path,
                self._membership(mid, resource, res_path, parts, created_at),
            )
        return found_members

    def _membership(
        self,
        mid: str,
        resource: JSON,
        res_path: str,
        parts: list[tuple[str, JSON]],
        created_at: dt.datetime | None,
    ) -> Any:
        p = self.p
        member = ra.member(p, resource, res_path, self.index.resolve)
        stays = [rm.stay(p, part, at, created_at, self.by) for at, part in parts]
        roles = {
            code
            for at, part in parts
            for rpath, concept in r.items(p, part, "role", at)
            if (code := rm.role(p, concept, rpath)) is not None
        }
        facts = rm.membership_facts(p, parts)

        def build(refusals: tuple[Refusal, ...]) -> Membership | None:
            if member is None or any(s is None for s in stays):
                return None
            return Membership(
                member_id=mid,
                member=member,
                roles=frozenset(roles),
                description=facts.get(u.EXT_DESCRIPTION, ""),
                legal_protection=facts.get(u.EXT_LEGAL_PROTECTION),
                habilitated=facts.get(u.EXT_HABILITATED, False),
                habilitation_ends=facts.get(u.EXT_HABILITATION_ENDS),
                refusals=refusals,
                participations=sorted((s for s in stays if s is not None), key=lambda s: s.start),
                entered_in_error=facts.get(u.EXT_ENTERED_IN_ERROR),
            )

        return build

    def rule_path(self, record: CoordinationRecord, path: str, team: str) -> str:
        match = _RULE_PATH.match(path)
        if match is None:
            return team
        m = record.circle.memberships[int(match[1])]
        return self.first_participant[m.member_id] + (".role" if match[2] else "")


def _target(consent: JSON) -> str:
    """A key that groups a member's Consents for numbering (``R<n>`` when no id is kept)."""
    provision = consent.get("provision")
    actors = provision.get("actor") if isinstance(provision, Mapping) else None
    first = actors[0] if isinstance(actors, list) and actors else None
    ref = first.get("reference") if isinstance(first, Mapping) else None
    return str(ref.get("reference")) if isinstance(ref, Mapping) else ""


def _latest(circle: CareCircle, created_at: dt.datetime) -> dt.datetime:
    """The last instant the circle shows, when the CareTeam gives no ``meta.lastUpdated``."""
    found = [created_at]
    for m in circle:
        found += [t for s in m.participations for t in (s.start, s.end) if t is not None]
        found += [x.recorded_at for x in m.refusals]
        found += [x.lifted.recorded_at for x in m.refusals if x.lifted is not None]
        if m.entered_in_error is not None:
            found.append(m.entered_in_error.at)
    return max(found)


def _imported_by(value: object) -> str:
    if not isinstance(value, str):
        raise wrong_type("imported_by", "a str")
    found = value.strip()
    if not found or not found.isprintable():
        raise wrong_type("imported_by", "a non-empty one-line text")
    return found


def import_bundle(
    data: object,
    *,
    imported_by: str,
    at: dt.datetime | None = None,
    codec: Codec = DEFAULT_CODEC,
) -> CoordinationRecord:
    """The record a bundle of the guide describes, checked by the record rules.

    ``data`` is a mapping, or its JSON text (``str`` or UTF-8 ``bytes``). ``imported_by`` is
    who the record says created it, added its members and recorded its refusals when the
    bundle does not say (carecircle's extensions absent: a foreign bundle). The rules are
    checked at ``at`` (default: the record's ``updated_at``) with ``codec``'s catalogues.
    Every problem is reported at once in one :class:`~carecircle.InputRejected`, each
    with a path such as ``Bundle.entry[0].resource.participant[2].member``.
    """
    by = _imported_by(imported_by)
    when = None if at is None else utc(at, "at")
    if not isinstance(codec, Codec):
        raise wrong_type("codec", "a Codec")
    reader = _Reader(_index.load(data), by)
    record = reader.record()
    if record is None or reader.p.found:
        found = reader.p.found or [
            Violation(code="BUNDLE_INVALID", path="Bundle", message="no record could be read")
        ]
        raise InputRejected.from_violations(found)
    team = reader.index.of_type("CareTeam")[0][0]
    broken = codec.check_rules(record, at=when or record.updated_at)
    if broken:
        raise InputRejected.from_violations(
            Violation(
                code=v.code,
                path=reader.rule_path(record, v.path, team),
                message=v.message,
                kind=v.kind,
            )
            for v in broken
        )
    return record
