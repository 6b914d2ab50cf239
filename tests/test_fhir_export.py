"""carecircle.interop.fhir export: the CDS 2.0.1 creation and update bundles.

Every exported resource validates with the ``fhir.resources`` R4B models, and the guide's
cardinalities and code systems are asserted here (``fhir.resources`` checks no profile); the
profile checker (``carecircle.interop.fhir.profiles``) checks the bundles too.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import uuid
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings

import carecircle as cc
from carecircle import InvalidValueError, Statement, change_status, lift_refusal, record_refusal
from carecircle.identifiers.ins import Ins
from carecircle.interop import fhir
from carecircle.nomenclatures import relationships, role_codes
from carecircle.roles import LOCAL_ROLE_SYSTEM
from carecircle.testing import sample, strategies

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from fhir_fixtures.records import UNLISTED_LANDLINE, UNLISTED_MOBILE, rich_record, t
else:
    from .fhir_fixtures.records import UNLISTED_LANDLINE, UNLISTED_MOBILE, rich_record, t

profiles: Any
try:
    from carecircle.interop.fhir import profiles
except ImportError:  # pragma: no cover -- the checker is written by another helper
    profiles = None

JSON = dict[str, Any]
_R260 = role_codes.CONTACT_ROLE_SYSTEM
_R259 = role_codes.FUNCTION_SYSTEM
#: What ``careteam-roles-vs`` holds: PCP of TRE_R259 and every code of TRE_R260.
_IN_VALUE_SET = {(_R259, "PCP")}
_ROLE_SYSTEMS_OUTSIDE = {LOCAL_ROLE_SYSTEM, role_codes.ROLE_PRISE_CHARGE_SYSTEM, _R259}
_CDS_PROFILED = {"CareTeam", "RelatedPerson", "Organization"}


def _model(resource: Mapping[str, Any]) -> Any:
    kind = resource["resourceType"]
    module = importlib.import_module(f"fhir.resources.R4B.{kind.lower()}")
    return getattr(module, kind)


def validate_with_fhir_resources(bundle: JSON) -> None:
    """``Bundle.model_validate`` and each entry's resource by its own model."""
    _model(bundle).model_validate(bundle)
    for entry in bundle["entry"]:
        _model(entry["resource"]).model_validate(entry["resource"])


def check_profiles(bundle: JSON, profile: str) -> None:
    """The bundle, and each resource of a CDS profile, check clean (when the checker exists)."""
    if profiles is None:  # pragma: no cover
        return
    assert profiles.check(bundle) == ()
    assert profiles.check(bundle, profile) == ()
    for entry in bundle["entry"]:
        if entry["resource"]["resourceType"] in _CDS_PROFILED:
            assert profiles.check(entry["resource"]) == ()


def check_update_profiles(bundle: JSON) -> None:
    """An update bundle checks clean, its conditional references (``Type?identifier=...``,
    naming resources left out, which the server resolves in the transaction) included.
    """
    if profiles is None:  # pragma: no cover
        return
    assert profiles.check(bundle) == ()
    assert profiles.check(bundle, "cds-bundle-transaction-maj") == ()


def resources(bundle: JSON, kind: str) -> list[JSON]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def by_url(bundle: JSON) -> dict[str, JSON]:
    return {e["fullUrl"]: e["resource"] for e in bundle["entry"]}


def references(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "reference" and isinstance(item, str):
                yield item
            else:
                yield from references(item)
    elif isinstance(value, list):
        for item in value:
            yield from references(item)


@pytest.fixture(scope="module")
def record() -> cc.CoordinationRecord:
    return rich_record()


@pytest.fixture(scope="module")
def actor() -> cc.Principal:
    return cc.Principal.from_entry(sample.occitanie().gp)


@pytest.fixture(scope="module")
def bundle(record: cc.CoordinationRecord) -> JSON:
    return fhir.export_record(record)


class TestCreationBundle:
    def test_every_resource_validates(self, bundle: JSON, record: cc.CoordinationRecord) -> None:
        validate_with_fhir_resources(bundle)
        validate_with_fhir_resources(fhir.export_record(record, phones_of_unlisted=True))

    def test_the_profile_checker_finds_nothing(self, record: cc.CoordinationRecord) -> None:
        for phones in (False, True):
            check_profiles(
                fhir.export_record(record, phones_of_unlisted=phones),
                "cds-bundle-transaction-creation",
            )

    def test_plain_json_data_and_deterministic(
        self, bundle: JSON, record: cc.CoordinationRecord
    ) -> None:
        text = json.dumps(bundle, sort_keys=True)
        assert json.loads(text) == bundle
        # Built again from scratch: the same text, fullUrls derived from the ids.
        assert json.dumps(fhir.export_record(rich_record()), sort_keys=True) == text
        care_team = bundle["entry"][0]
        expected = uuid.uuid5(fhir.NAMESPACE, f"{record.record_id}/careteam")
        assert care_team["fullUrl"] == f"urn:uuid:{expected}"

    def test_entries_are_posts_of_their_type_with_unique_uuids(self, bundle: JSON) -> None:
        assert bundle["type"] == "transaction"
        assert bundle["meta"]["profile"] == [fhir.PROFILES["creation"]]
        urls = [e["fullUrl"] for e in bundle["entry"]]
        assert len(set(urls)) == len(urls)
        for entry in bundle["entry"]:
            assert entry["fullUrl"].startswith("urn:uuid:")
            assert entry["request"] == {"method": "POST", "url": entry["resource"]["resourceType"]}

    def test_every_reference_resolves_inside_the_bundle(self, bundle: JSON) -> None:
        urls = set(by_url(bundle))
        found = list(references(bundle))
        assert found
        assert set(found) <= urls

    def test_one_care_team_and_one_patient(self, bundle: JSON) -> None:
        assert [e["resource"]["resourceType"] for e in bundle["entry"][:2]] == [
            "CareTeam",
            "Patient",
        ]
        assert len(resources(bundle, "CareTeam")) == len(resources(bundle, "Patient")) == 1


class TestCareTeam:
    def test_cardinalities_of_the_guide(self, bundle: JSON, record: cc.CoordinationRecord) -> None:
        team = resources(bundle, "CareTeam")[0]
        assert team["meta"]["profile"] == [fhir.PROFILES["CareTeam"]]
        assert team["meta"]["lastUpdated"].endswith("Z")
        assert dt.datetime.fromisoformat(team["meta"]["lastUpdated"]) == record.updated_at
        assert team["identifier"] == [{"system": fhir.RECORD_SYSTEM, "value": record.record_id}]
        assert team["status"] == record.status.value
        patient = record.patient
        assert team["name"] == f"Cercle de soins de {patient.given_name} {patient.family_name}"
        assert by_url(bundle)[team["subject"]["reference"]]["resourceType"] == "Patient"
        assert dt.datetime.fromisoformat(team["period"]["start"]) == record.created_at
        assert "end" not in team["period"]

    def test_members_are_practitioner_roles_related_persons_or_organizations(
        self, bundle: JSON, record: cc.CoordinationRecord
    ) -> None:
        team = resources(bundle, "CareTeam")[0]
        urls = by_url(bundle)
        kinds = [urls[p["member"]["reference"]]["resourceType"] for p in team["participant"]]
        assert set(kinds) <= {"PractitionerRole", "RelatedPerson", "Organization"}
        stays = sum(len(m.participations) for m in record.circle)
        assert len(team["participant"]) == stays

    def test_one_participant_per_stay_naming_the_same_member(
        self, bundle: JSON, record: cc.CoordinationRecord
    ) -> None:
        team = resources(bundle, "CareTeam")[0]
        nurse = record.circle.get("M3")
        assert len(nurse.participations) == 2
        urls = by_url(bundle)
        found = [
            p
            for p in team["participant"]
            if {"system": fhir.MEMBER_SYSTEM, "value": "DC-1/M3"}
            in urls[p["member"]["reference"]]["identifier"]
        ]
        assert [p["period"] for p in found] == [
            {"start": s.start.isoformat().replace("+00:00", "Z")}
            | ({} if s.end is None else {"end": s.end.isoformat().replace("+00:00", "Z")})
            for s in nurse.participations
        ]
        assert len({p["member"]["reference"] for p in found}) == 1

    def test_roles_from_the_value_set_or_with_their_own_system(self, bundle: JSON) -> None:
        team = resources(bundle, "CareTeam")[0]
        codings = [c for p in team["participant"] for r in p.get("role", []) for c in r["coding"]]
        assert codings
        for c in codings:
            in_set = c["system"] == _R260 or (c["system"], c["code"]) in _IN_VALUE_SET
            assert in_set or c["system"] in _ROLE_SYSTEMS_OUTSIDE
        assert {"system": LOCAL_ROLE_SYSTEM, "code": "AIDANT_PRINCIPAL"} in codings

    def test_a_closed_circle_has_a_period_end(self, record: cc.CoordinationRecord) -> None:
        actor = cc.Principal.from_entry(sample.occitanie().gp)
        closed = change_status(record, "inactive", actor=actor, at=t(200)).record
        team = resources(fhir.export_record(closed), "CareTeam")[0]
        assert team["status"] == "inactive"
        assert dt.datetime.fromisoformat(team["period"]["end"]) == t(200)


class TestActors:
    def test_related_person_of_the_profile(
        self, bundle: JSON, record: cc.CoordinationRecord
    ) -> None:
        people = resources(bundle, "RelatedPerson")
        assert len(people) == sum(m.kind is cc.MemberKind.RELATED_PERSON for m in record.circle)
        for person in people:
            assert len(person["identifier"]) == 1
            assert by_url(bundle)[person["patient"]["reference"]]["resourceType"] == "Patient"
            roles = [c for r in person["relationship"] for c in r["coding"] if c["system"] == _R260]
            assert len(roles) == 1
            assert roles[0]["code"] in {"GUARD", "QUAL", "CAREGIVER", "ECON", "CON", "POLHOLD"}
            assert person["name"][0]["family"]
            assert len(person["telecom"]) >= 1
        daughter = next(p for p in people if p["identifier"][0]["value"] == "DC-1/M2")
        assert {"system": relationships.FAMILY_SYSTEM, "code": "DAUC"} in [
            c for r in daughter["relationship"] for c in r["coding"]
        ]
        assert [
            c for r in daughter["relationship"] for c in r["coding"] if c["system"] == _R260
        ] == [{"system": _R260, "code": "GUARD"}]

    def test_a_related_person_without_telecom_gets_an_unknown_one(self, bundle: JSON) -> None:
        neighbour = next(
            p
            for p in resources(bundle, "RelatedPerson")
            if p["identifier"][0]["value"] == "DC-1/M5"
        )
        assert neighbour["telecom"] == [
            {"extension": [{"url": fhir.EXT_DATA_ABSENT, "valueCode": "unknown"}]}
        ]

    def test_professionals_are_a_role_and_a_practitioner(
        self, bundle: JSON, record: cc.CoordinationRecord
    ) -> None:
        urls = by_url(bundle)
        gp = record.circle.get("M1").member
        assert isinstance(gp, cc.DirectoryProfessional)
        assert gp.national_id is not None and gp.profession is not None
        role = next(
            r
            for r in resources(bundle, "PractitionerRole")
            if r["identifier"][0]["value"] == "DC-1/M1"
        )
        practitioner = urls[role["practitioner"]["reference"]]
        assert practitioner["resourceType"] == "Practitioner"
        ids = {i["system"]: i for i in practitioner["identifier"]}
        assert ids[fhir.IDNPS_SYSTEM]["value"] == gp.national_id
        assert ids[fhir.IDNPS_SYSTEM]["type"]["coding"][0]["code"] == "IDNPS"
        assert ids[fhir.RPPS_SYSTEM]["value"] == gp.national_id[1:]
        assert practitioner["qualification"][0]["code"]["coding"] == [
            {"system": gp.profession.system, "code": gp.profession.code}
        ]

    def test_organizations_carry_their_identifier_slices(self, bundle: JSON) -> None:
        ssiad = sample.occitanie().ssiad
        found = next(
            o for o in resources(bundle, "Organization") if o["identifier"][0]["value"] == "DC-1/M4"
        )
        ids = {i["system"]: i for i in found["identifier"][1:]}
        assert ids[fhir.IDNST_SYSTEM]["value"] == ssiad.national_id
        assert ids[fhir.IDNST_SYSTEM]["type"]["coding"][0]["code"] == "IDNST"
        assert ids[fhir.FINESS_SYSTEM]["value"] == ssiad.finess
        assert found["type"][0]["extension"][0]["url"] == fhir.EXT_ORGANIZATION_TYPES
        assert {"url": fhir.EXT_LEGAL_ENTITY, "valueBoolean": True} in found["extension"]

    @settings(max_examples=25, deadline=None)
    @given(patient=strategies.patients())
    def test_the_patient_and_its_ins(self, patient: cc.Patient) -> None:
        record = cc.create_record(
            record_id="DC-9",
            patient=patient,
            creator=cc.Principal.from_entry(sample.occitanie().gp),
            creator_entry=sample.occitanie().gp,
            at=t(0),
        ).record
        found = resources(fhir.export_record(record), "Patient")[0]
        ids = {i["system"]: i["value"] for i in found["identifier"]}
        assert ids[fhir.PATIENT_SYSTEM] == patient.patient_id
        if isinstance(patient.ins, Ins):
            assert ids[f"urn:oid:{patient.ins.oid}"] == patient.ins.value
        assert found.get("birthDate") == (patient.birth_date and patient.birth_date.isoformat())


class TestUnlistedPhones:
    """R12: an unlisted related person's phones leave only when asked."""

    def test_masked_unless_asked(self, record: cc.CoordinationRecord) -> None:
        hidden = json.dumps(fhir.export_record(record))
        shown = json.dumps(fhir.export_record(record, phones_of_unlisted=True))
        for phone in (UNLISTED_MOBILE, UNLISTED_LANDLINE):
            assert phone not in hidden
            assert phone in shown
        daughter = next(
            p
            for p in resources(fhir.export_record(record), "RelatedPerson")
            if p["identifier"][0]["value"] == "DC-1/M2"
        )
        assert {
            "system": "phone",
            "extension": [{"url": fhir.EXT_DATA_ABSENT, "valueCode": "masked"}],
        } in daughter["telecom"]

    def test_arguments_of_the_wrong_type(self, record: cc.CoordinationRecord) -> None:
        with pytest.raises(InvalidValueError, match="WRONG_TYPE at record"):
            fhir.export_record("DC-1")  # type: ignore[arg-type]
        with pytest.raises(InvalidValueError, match="WRONG_TYPE at phones_of_unlisted"):
            fhir.export_record(record, phones_of_unlisted="yes")  # type: ignore[arg-type]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record=strategies.records(max_members=5))
def test_generated_records_export_valid_bundles(record: cc.CoordinationRecord) -> None:
    for phones in (False, True):
        found = fhir.export_record(record, phones_of_unlisted=phones)
        validate_with_fhir_resources(found)
        check_profiles(found, "cds-bundle-transaction-creation")


class TestChange:
    """export_change: PUT on the CareTeam, only the actors that changed."""

    @staticmethod
    def _sent(bundle: JSON) -> list[tuple[str, str]]:
        return [(e["request"]["method"], e["resource"]["resourceType"]) for e in bundle["entry"]]

    def test_a_new_member(self, record: cc.CoordinationRecord, actor: cc.Principal) -> None:
        after = cc.add_member(
            record, cc.RelatedPerson(family_name="Fabre"), actor=actor, at=t(90)
        ).record
        found = fhir.export_change(record, after)
        assert found["meta"]["profile"] == [fhir.PROFILES["update"]]
        assert self._sent(found) == [("PUT", "CareTeam"), ("POST", "RelatedPerson")]
        team = found["entry"][0]
        assert team["request"]["url"] == f"CareTeam?identifier={fhir.RECORD_SYSTEM}|DC-1"
        validate_with_fhir_resources(found)
        check_update_profiles(found)
        # The unchanged actors are named by conditional references on their identifier.
        refs = [p["member"]["reference"] for p in team["resource"]["participant"]]
        assert f"RelatedPerson?identifier={fhir.MEMBER_SYSTEM}|DC-1/M2" in refs
        assert found["entry"][1]["fullUrl"] in refs

    def test_a_stay_ended(self, record: cc.CoordinationRecord, actor: cc.Principal) -> None:
        after = cc.end_participation(record, "M8", actor=actor, at=t(90)).record
        assert self._sent(fhir.export_change(record, after)) == [("PUT", "CareTeam")]

    def test_a_refusal_recorded_then_lifted(
        self, record: cc.CoordinationRecord, actor: cc.Principal
    ) -> None:
        said = Statement(expressed_at=t(90))
        refused = record_refusal(record, "M7", statement=said, actor=actor, at=t(90)).record
        found = fhir.export_change(record, refused)
        assert self._sent(found) == [("PUT", "CareTeam"), ("POST", "Consent")]
        lifted = lift_refusal(
            refused, "M7", "R1", statement=Statement(expressed_at=t(91)), actor=actor, at=t(91)
        ).record
        again = fhir.export_change(refused, lifted)
        assert self._sent(again) == [("PUT", "CareTeam"), ("PUT", "Consent")]
        assert again["entry"][1]["request"]["url"] == (
            f"Consent?identifier={fhir.REFUSAL_SYSTEM}|DC-1/M7/R1"
        )
        assert again["entry"][1]["resource"]["status"] == "inactive"
        validate_with_fhir_resources(again)
        check_update_profiles(again)

    def test_a_changed_actor_is_put(self, record: cc.CoordinationRecord) -> None:
        m = record.circle.get("M5")
        renamed = cc.Membership(
            member_id="M5",
            member=cc.RelatedPerson(family_name="Roux-Bénard", relationship=relationships.VOISIN),
            participations=m.participations,
            entered_in_error=m.entered_in_error,
        )
        after = cc.CoordinationRecord(
            record_id=record.record_id,
            patient=record.patient,
            circle=record.circle.replace(renamed),
            created_by=record.created_by,
            created_at=record.created_at,
            updated_at=record.updated_at,
            version=record.version + 1,
            status_history=record.status_history,
            emergency_accesses=record.emergency_accesses,
        )
        found = fhir.export_change(record, after)
        assert self._sent(found) == [("PUT", "CareTeam"), ("PUT", "RelatedPerson")]

    def test_refused_pairs(self, record: cc.CoordinationRecord, actor: cc.Principal) -> None:
        with pytest.raises(InvalidValueError, match="VERSION_NOT_NEWER"):
            fhir.export_change(record, record)
        other = cc.create_record(
            record_id="DC-2", patient=record.patient, creator=actor,
            creator_entry=sample.occitanie().gp, at=t(0),
        ).record  # fmt: skip
        with pytest.raises(InvalidValueError, match="RECORD_MISMATCH"):
            fhir.export_change(other, record)
        with pytest.raises(InvalidValueError, match="WRONG_TYPE at before"):
            fhir.export_change(None, record)  # type: ignore[arg-type]
