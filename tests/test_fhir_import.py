"""carecircle.interop.fhir import: foreign bundles valid under the guide, and rejections.

The foreign bundles are built here from the profiles (the guide's own examples are not
copied; trap 1 of ``../shared/cds/README.md``): no carecircle extension, so what they cannot
say comes from ``imported_by`` and the documented defaults.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import carecircle as cc
from carecircle import CircleStatus, InputRejected, InvalidValueError
from carecircle.interop import fhir
from carecircle.nomenclatures import professions, relationships, role_codes
from carecircle.roles import PCP

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.documents import paths
else:
    from .helpers.documents import paths

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from fhir_fixtures.records import rich_record
else:
    from .fhir_fixtures.records import rich_record

JSON = dict[str, Any]
BY = "pass:4242"
_R260 = role_codes.CONTACT_ROLE_SYSTEM
_R216 = relationships.FAMILY_SYSTEM
_G15 = professions.MEDECIN.system
_TRANSLATION = {
    "extension": [
        {
            "url": "http://hl7.org/fhir/StructureDefinition/translation",
            "extension": [
                {"url": "lang", "valueCode": "en"},
                {"url": "content", "valueString": "x"},
            ],
        }
    ]
}


def foreign() -> JSON:
    """A CareTeam of a RelatedPerson and an Organization (no professional), no roles, dates
    without time, an end as a dateTime with an offset, an Organization without identifier,
    translations on ``_name``/``_family``, and a PUT entry.
    """
    return {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            {
                "fullUrl": "urn:uuid:00000000-0000-4000-8000-000000000001",
                "resource": {
                    "resourceType": "CareTeam",
                    "meta": {"lastUpdated": "2024-03-01T10:00:00+01:00"},
                    "identifier": [{"system": "http://fake-identifier.fr", "value": "1"}],
                    "status": "active",
                    "name": "Cercle de soins de Mr Dupont",
                    "_name": _TRANSLATION,
                    "subject": {"reference": "urn:uuid:00000000-0000-4000-8000-000000000002"},
                    "period": {"start": "2013-01-12"},
                    "participant": [
                        {
                            "member": {"reference": "RelatedPerson/rp-1"},
                            "period": {"start": "2013-01-12"},
                        },
                        {
                            "member": {
                                "reference": "urn:uuid:00000000-0000-4000-8000-000000000004"
                            },
                            "period": {"start": "2013-01-12", "end": "2015-06-30T18:30:00+02:00"},
                        },
                    ],
                    "managingOrganization": [
                        {"reference": "urn:uuid:00000000-0000-4000-8000-000000000004"}
                    ],
                },
                "request": {
                    "method": "PUT",
                    "url": "CareTeam?identifier=http://fake-identifier.fr|1",
                },
            },
            {
                "fullUrl": "urn:uuid:00000000-0000-4000-8000-000000000002",
                "resource": {
                    "resourceType": "Patient",
                    "id": "pat-7",
                    "name": [{"family": "Dupont", "_family": _TRANSLATION, "given": ["Jean"]}],
                    "birthDate": "1938-07-14",
                },
                "request": {"method": "POST", "url": "Patient"},
            },
            {
                "fullUrl": "https://server.example/fhir/RelatedPerson/rp-1",
                "resource": {
                    "resourceType": "RelatedPerson",
                    "id": "rp-1",
                    "identifier": [{"use": "temp", "value": "42"}],
                    "patient": {"reference": "urn:uuid:00000000-0000-4000-8000-000000000002"},
                    "relationship": [
                        {"coding": [{"system": _R260, "code": "ECON"}]},
                        {"coding": [{"system": _R216, "code": "NBOR"}]},
                    ],
                    "name": [{"family": "Roux", "given": ["Anne", "Marie"]}],
                    "telecom": [{"system": "phone", "value": "05 61 12 34 56"}],
                    "address": [{"line": ["1 rue Pasteur"], "city": "Albi", "postalCode": "81000"}],
                },
                "request": {"method": "POST", "url": "RelatedPerson"},
            },
            {
                "fullUrl": "urn:uuid:00000000-0000-4000-8000-000000000004",
                "resource": {
                    "resourceType": "Organization",
                    "type": [
                        {
                            "extension": [
                                {
                                    "url": "https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/as-ext-organization-types",
                                    "valueCode": "organizationType",
                                }
                            ],
                            "coding": [
                                {
                                    "system": "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-3307",
                                    "code": "MEDICAL",
                                }
                            ],
                        }
                    ],
                    "name": "Cabinet médical du Parc",
                    "_name": _TRANSLATION,
                    "alias": ["CMP"],
                },
                "request": {"method": "POST", "url": "Organization"},
            },
        ],
    }


def _paths(rejected: pytest.ExceptionInfo[InputRejected]) -> set[tuple[str, str]]:
    return {(v.code, v.path) for v in rejected.value.violations}


class TestForeignBundles:
    def test_a_related_person_and_an_organization(self) -> None:
        record = fhir.import_bundle(foreign(), imported_by=BY)
        assert record.record_id == "1"
        assert record.created_at == dt.datetime(2013, 1, 12, tzinfo=dt.UTC)  # midnight UTC
        assert record.updated_at == dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.UTC)
        assert record.created_by == BY
        assert record.version == 1
        assert [(s.status, s.at) for s in record.status_history] == [
            (CircleStatus.ACTIVE, record.created_at)
        ]
        assert record.patient == cc.Patient(
            patient_id="pat-7", family_name="Dupont", given_name="Jean",
            birth_date=dt.date(1938, 7, 14),
        )  # fmt: skip
        person, place = record.circle.memberships
        assert person.member_id == "M1" and place.member_id == "M2"
        assert person.member == cc.RelatedPerson(
            family_name="Roux",
            given_name="Anne Marie",
            relationship=relationships.VOISIN,
            contact=cc.Contact(
                landline="05 61 12 34 56",
                address=cc.Address(line="1 rue Pasteur", city="Albi", postal_code="81000"),
            ),
        )
        assert person.roles == frozenset()  # the relationship Role is not a circle role
        assert place.member == cc.ManualStructure(name="Cabinet médical du Parc", acronym="CMP")
        stay = place.participations[0]
        assert stay.end == dt.datetime(2015, 6, 30, 16, 30, tzinfo=dt.UTC)
        assert (stay.added_by, stay.ended_by) == (BY, BY)

    def test_json_text_and_bytes(self) -> None:
        expected = fhir.import_bundle(foreign(), imported_by=BY)
        text = json.dumps(foreign())
        assert fhir.import_bundle(text, imported_by=BY) == expected
        assert fhir.import_bundle(text.encode(), imported_by=BY) == expected

    def test_a_closed_circle_without_history(self) -> None:
        data = foreign()
        team = data["entry"][0]["resource"]
        team["status"] = "inactive"
        team["period"]["end"] = "2020-05-04T12:00:00Z"
        record = fhir.import_bundle(data, imported_by=BY)
        assert [(s.status, s.at, s.by) for s in record.status_history] == [
            (CircleStatus.ACTIVE, record.created_at, BY),
            (CircleStatus.INACTIVE, dt.datetime(2020, 5, 4, 12, tzinfo=dt.UTC), BY),
        ]
        assert record.period_end == dt.datetime(2020, 5, 4, 12, tzinfo=dt.UTC)

    def test_roles_and_a_participant_without_period(self) -> None:
        data = foreign()
        data["entry"][0]["resource"]["participant"][0]["role"] = [
            {"coding": [{"system": _R260, "code": "CAREGIVER"}]},
            {"text": "voisine très présente"},
        ]
        del data["entry"][0]["resource"]["participant"][1]["period"]
        record = fhir.import_bundle(data, imported_by=BY)
        assert record.circle.get("M1").roles == {role_codes.CAREGIVER}
        stay = record.circle.get("M2").participations[0]
        assert (stay.start, stay.end) == (record.created_at, None)

    def test_a_professional_with_a_draft_role_code(self) -> None:
        data = foreign()
        data["entry"][0]["resource"]["participant"].append(
            {
                "member": {"reference": "urn:uuid:pr"},
                "role": [{"coding": [{"system": fhir.DRAFT_ROLE_SYSTEM, "code": "MT"}]}],
            }
        )
        data["entry"] += [
            {
                "fullUrl": "urn:uuid:pr",
                "resource": {
                    "resourceType": "PractitionerRole",
                    "practitioner": {"reference": "urn:uuid:p"},
                },
                "request": {"method": "POST", "url": "PractitionerRole"},
            },
            {
                "fullUrl": "urn:uuid:p",
                "resource": {
                    "resourceType": "Practitioner",
                    "identifier": [{"system": fhir.RPPS_SYSTEM, "value": "10003461033"}],
                    "name": [{"family": "Durand", "given": ["Hélène"]}],
                    "qualification": [{"code": {"coding": [{"system": _G15, "code": "10"}]}}],
                },
                "request": {"method": "POST", "url": "Practitioner"},
            },
        ]
        record = fhir.import_bundle(data, imported_by=BY)
        gp = record.circle.get("M3")
        assert gp.roles == {PCP}
        assert isinstance(gp.member, cc.DirectoryProfessional)
        assert gp.member.national_id == "810003461033"

    def test_a_foreign_refusal(self) -> None:
        data = foreign()
        data["entry"].append(
            {
                "fullUrl": "urn:uuid:c",
                "resource": {
                    "resourceType": "Consent",
                    "status": "inactive",
                    "scope": {"coding": [{"code": "patient-privacy"}]},
                    "category": [{"coding": [{"code": "59284-0"}]}],
                    "dateTime": "2014-02-01",
                    "performer": [{"reference": "Patient/pat-7"}],
                    "provision": {
                        "type": "deny",
                        "period": {"start": "2014-02-02T08:00:00Z", "end": "2014-03-01"},
                        "actor": [
                            {
                                "reference": {
                                    "reference": "urn:uuid:00000000-0000-4000-8000-000000000004"
                                }
                            }
                        ],
                    },
                },
                "request": {"method": "POST", "url": "Consent"},
            }
        )
        refusal = fhir.import_bundle(data, imported_by=BY).circle.get("M2").refusals[0]
        assert refusal.refusal_id == "R1" and refusal.whole
        assert refusal.statement.by_patient and refusal.statement.collected is None
        assert refusal.recorded_at == dt.datetime(2014, 2, 2, 8, tzinfo=dt.UTC)
        assert refusal.lifted is not None
        assert refusal.lifted.recorded_at == dt.datetime(2014, 3, 1, tzinfo=dt.UTC)
        assert refusal.lifted.recorded_by == BY


class TestRejections:
    def test_every_problem_at_once_with_its_path(self) -> None:
        data = foreign()
        team = data["entry"][0]["resource"]
        team["status"] = "closed"
        del team["name"]
        team["meta"]["lastUpdated"] = "2024-03-01T10:00:00"
        team["participant"][0]["member"] = {
            "reference": "urn:uuid:00000000-0000-4000-8000-000000000002"
        }
        team["participant"][1]["period"]["start"] = "2013-02-30"
        team["participant"].append({"member": {"reference": "urn:uuid:nowhere"}})
        team["participant"].append({"period": {"start": "2013-01-12"}})
        data["entry"][3]["request"]["method"] = "DELETE"
        data["entry"].append(
            {
                "fullUrl": "urn:uuid:x",
                "resource": {"resourceType": "Observation"},
                "request": {"method": "POST", "url": "Observation"},
            }
        )
        with pytest.raises(InputRejected) as rejected:
            fhir.import_bundle(data, imported_by=BY)
        team_path = "Bundle.entry[0].resource"
        assert _paths(rejected) >= {
            ("STATUS_INVALID", f"{team_path}.status"),
            ("ELEMENT_REQUIRED", f"{team_path}.name"),
            ("NAIVE_DATETIME", f"{team_path}.meta.lastUpdated"),
            ("MEMBER_TYPE_NOT_ALLOWED", f"{team_path}.participant[0].member.reference"),
            ("DATE_INVALID", f"{team_path}.participant[1].period.start"),
            ("REFERENCE_UNRESOLVED", f"{team_path}.participant[2].member.reference"),
            ("ELEMENT_REQUIRED", f"{team_path}.participant[3].member"),
            ("METHOD_NOT_ALLOWED", "Bundle.entry[3].request.method"),
            ("RESOURCE_TYPE_UNSUPPORTED", "Bundle.entry[4].resource.resourceType"),
        }

    def test_a_practitioner_as_member_and_missing_elements_of_a_related_person(self) -> None:
        data = foreign()
        data["entry"][3]["resource"] = {"resourceType": "Practitioner", "name": [{"family": "X"}]}
        person = data["entry"][2]["resource"]
        for key in ("identifier", "telecom", "relationship"):
            del person[key]
        person["name"] = [{"given": ["Anne"]}]
        with pytest.raises(InputRejected) as rejected:
            fhir.import_bundle(data, imported_by=BY)
        at = "Bundle.entry[2].resource"
        assert _paths(rejected) == {
            ("MEMBER_TYPE_NOT_ALLOWED", "Bundle.entry[0].resource.participant[1].member.reference"),
            ("ELEMENT_REQUIRED", f"{at}.identifier"),
            ("ELEMENT_REQUIRED", f"{at}.telecom"),
            ("ELEMENT_REQUIRED", f"{at}.relationship"),
            ("ELEMENT_REQUIRED", f"{at}.name[0].family"),
        }

    def test_dates_too_coarse_or_without_time_where_an_instant_is_needed(self) -> None:
        data = foreign()
        data["entry"][0]["resource"]["period"]["start"] = "2013-01"
        data["entry"][0]["resource"]["meta"]["lastUpdated"] = "2024-03-01"
        data["entry"][1]["resource"]["birthDate"] = "1938"
        with pytest.raises(InputRejected) as rejected:
            fhir.import_bundle(data, imported_by=BY)
        assert _paths(rejected) >= {
            ("DATE_PRECISION_INSUFFICIENT", "Bundle.entry[0].resource.period.start"),
            ("INSTANT_INVALID", "Bundle.entry[0].resource.meta.lastUpdated"),
            ("DATE_PRECISION_INSUFFICIENT", "Bundle.entry[1].resource.birthDate"),
        }

    def test_the_record_rules_are_checked(self) -> None:
        data = foreign()
        data["entry"][0]["resource"]["participant"][0]["role"] = [
            {"coding": [{"system": PCP.system, "code": PCP.code}]}
        ]
        with pytest.raises(InputRejected) as rejected:
            fhir.import_bundle(data, imported_by=BY)
        # A related person cannot be the médecin traitant (R5/R7 role kinds).
        assert {v.path for v in rejected.value.violations} == {
            "Bundle.entry[0].resource.participant[0].role"
        }

    def test_no_contact_detail_in_a_message(self) -> None:
        data = foreign()
        bad = "+33 6 12 34"
        data["entry"][2]["resource"]["telecom"] = [{"system": "phone", "value": bad}]
        data["entry"][2]["resource"]["address"][0]["postalCode"] = "8100"
        with pytest.raises(InputRejected) as rejected:
            fhir.import_bundle(data, imported_by=BY)
        assert {p for _c, p in _paths(rejected)} == {
            "Bundle.entry[2].resource.telecom",
            "Bundle.entry[2].resource.address[0]",
        }
        for v in rejected.value.violations:
            assert "12 34" not in str(v) and "8100" not in str(v)

    @pytest.mark.parametrize(
        ("data", "code"),
        [
            ("{not json", "MALFORMED_JSON"),
            (b"\xff\xfe", "MALFORMED_JSON"),
            ("[1, 2]", "WRONG_TYPE"),
            (42, "WRONG_TYPE"),
            ({"resourceType": "Patient"}, "RESOURCE_TYPE_INVALID"),
            ({"resourceType": "Bundle", "type": "transaction"}, "ELEMENT_REQUIRED"),
            ({"resourceType": "Bundle", "type": "transaction", "entry": "x"}, "WRONG_TYPE"),
        ],
    )
    def test_what_is_not_a_bundle(self, data: object, code: str) -> None:
        with pytest.raises(InputRejected) as rejected:
            fhir.import_bundle(data, imported_by=BY)
        assert code in rejected.value.codes

    def test_two_care_teams_and_garbage_everywhere(self) -> None:
        data = foreign()
        data["entry"].append(copy.deepcopy(data["entry"][0]) | {"fullUrl": "urn:uuid:2"})
        with pytest.raises(InputRejected, match="CARETEAM_REQUIRED"):
            fhir.import_bundle(data, imported_by=BY)
        weird = foreign()
        team = weird["entry"][0]["resource"]
        team["participant"] = [None, 3, {"member": "x"}, {"member": {"reference": 5}}]
        team["extension"] = [{"url": fhir.EXT_VERSION, "valueString": "2"}, "x"]
        with pytest.raises(InputRejected) as rejected:
            fhir.import_bundle(weird, imported_by=BY)
        assert set(rejected.value.codes) <= {"WRONG_TYPE", "ELEMENT_REQUIRED"}
        assert len(rejected.value.codes) == 6

    def test_arguments(self) -> None:
        with pytest.raises(InvalidValueError, match="WRONG_TYPE at imported_by"):
            fhir.import_bundle(foreign(), imported_by=None)  # type: ignore[arg-type]
        with pytest.raises(InvalidValueError, match="NAIVE_DATETIME at at"):
            fhir.import_bundle(foreign(), imported_by=BY, at=dt.datetime(2026, 1, 1))  # noqa: DTZ001
        with pytest.raises(InvalidValueError, match="WRONG_TYPE at codec"):
            fhir.import_bundle(foreign(), imported_by=BY, codec="x")  # type: ignore[arg-type]


_EXPORTED = fhir.export_record(rich_record(), phones_of_unlisted=True)
_JUNK = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=4)
    | st.sampled_from(["2026-13-01", "2026", "urn:uuid:x", "Patient/1", "", "T09:00"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                ["reference", "url", "value", "valueString", "system", "code", "start"]
            ),
            inner,
            max_size=3,
        )
    ),
    max_leaves=6,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    changes=st.lists(
        st.tuples(st.sampled_from(paths(_EXPORTED)[1:]), _JUNK, st.booleans()),
        min_size=1,
        max_size=3,
    )
)
def test_a_damaged_bundle_is_read_or_rejected_with_paths(
    changes: list[tuple[tuple[str | int, ...], object, bool]],
) -> None:
    """Whatever is replaced or dropped, the import returns a record or raises InputRejected
    whose every path is in the bundle (never a TypeError, a KeyError…)."""
    data: Any = copy.deepcopy(_EXPORTED)
    for path, value, drop in changes:
        _damage(data, path, value, drop=drop)
    outcome: object
    try:
        outcome = fhir.import_bundle(data, imported_by=BY)
    except InputRejected as rejected:
        outcome = rejected
    if isinstance(outcome, InputRejected):
        assert all(v.path.startswith("Bundle") for v in outcome.violations)
    else:
        assert isinstance(outcome, cc.CoordinationRecord)


def _damage(data: Any, path: tuple[str | int, ...], value: object, *, drop: bool) -> None:
    """Replace (or drop, in an object) the element at ``path``, if it is still there."""
    node = data
    for step in path[:-1]:
        inside = (isinstance(node, dict) and isinstance(step, str) and step in node) or (
            isinstance(node, list) and isinstance(step, int) and step < len(node)
        )
        if not inside:
            return
        node = node[step]
    last = path[-1]
    if isinstance(node, dict) and isinstance(last, str):
        if drop:
            node.pop(last, None)
        else:
            node[last] = value
    elif isinstance(node, list) and isinstance(last, int) and last < len(node):
        node[last] = value
