"""The CDS 2.0.1 profile checker: clean fixtures, one failing case per rule, properties, and
the generated data module against its generator.

The fixtures are built from the profiles' snapshots (``../shared/cds/README.md``), not copied
from the IG's examples (which fail the IG's own validation). The required elements listed in
``REQUIRED`` come from the README's tables, an oracle independent of the generated data.
"""

from __future__ import annotations

import copy
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carecircle import InputRejected, InvalidValueError
from carecircle.interop.fhir import profiles
from carecircle.interop.fhir.profiles import check

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.scripts import imported, shared_folder
else:
    from .helpers.scripts import imported, shared_folder

REPO_ROOT = Path(__file__).resolve().parents[1]
GENERATOR_PATH = REPO_ROOT / "scripts" / "build_fhir_profiles.py"
DATA_PATH = REPO_ROOT / "src" / "carecircle" / "interop" / "fhir" / "_profile_data.py"
SHARED_CDS = REPO_ROOT.parent / "shared" / "cds" / "structure-definitions"

CDS = "https://interop.esante.gouv.fr/ig/fhir/cds/StructureDefinition/"
R260 = "https://mos.esante.gouv.fr/NOS/TRE_R260-HL7RoleClass/FHIR/TRE-R260-HL7RoleClass"
R216 = "https://mos.esante.gouv.fr/NOS/TRE_R216-HL7RoleCode/FHIR/TRE-R216-HL7RoleCode"
FR_V2_0203 = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203"
FR_PATIENT = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient"
AS_ROLE = "https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/as-practitionerrole"
URN = {
    key: f"urn:uuid:{i:08d}-0000-4000-8000-000000000000"
    for i, key in enumerate(("careteam", "patient", "related", "org", "role"), start=1)
}
Json = dict[str, Any]


# --- fixtures built from the profiles ---------------------------------------------------------


def careteam() -> Json:
    """A CDS CareTeam: meta, one identifier with a value, status, name, subject, period."""
    return {
        "resourceType": "CareTeam",
        "meta": {"profile": [f"{CDS}cds-ihe-careteam"], "lastUpdated": "2026-12-01T10:00:00Z"},
        "identifier": [{"system": "urn:carecircle:circle", "value": "C1"}],
        "status": "active",
        "name": "Cercle de soins",
        "subject": {"reference": URN["patient"]},
        "period": {"start": "2026-01-01"},
        "participant": [
            {
                "role": [{"coding": [{"system": R260, "code": "CAREGIVER"}]}],
                "member": {"reference": URN["related"]},
                "period": {"start": "2026-01-02"},
            },
            {"member": {"reference": URN["org"]}, "period": {"start": "2026-01-02"}},
            {"member": {"reference": URN["role"]}},
        ],
        "managingOrganization": [{"reference": URN["org"]}],
    }


def related_person() -> Json:
    """A CDS RelatedPerson: identifier, patient, a Role relationship, name, telecom."""
    return {
        "resourceType": "RelatedPerson",
        "meta": {"profile": [f"{CDS}cds-fr-related-person|2.0.1"]},
        "identifier": [{"system": "urn:carecircle:person", "value": "P1"}],
        "patient": {"reference": URN["patient"]},
        "relationship": [
            {"coding": [{"system": R260, "code": "CAREGIVER"}]},
            {"coding": [{"system": R216, "code": "NBOR"}]},
        ],
        "name": [{"family": "Martin", "given": ["Anne"]}],
        "telecom": [{"system": "phone", "value": "0600000000"}],
        "gender": "female",
    }


def organization() -> Json:
    """A CDS Organization with an idNatSt identifier (its slice's patterns)."""
    return {
        "resourceType": "Organization",
        "meta": {"profile": [f"{CDS}cds-organization"]},
        "identifier": [
            {
                "use": "official",
                "type": {"coding": [{"system": FR_V2_0203, "code": "IDNST"}]},
                "system": "urn:oid:1.2.250.1.71.4.2.2",
                "value": "1750000000",
            }
        ],
        "name": "Service de soins",
    }


def patient() -> Json:
    return {"resourceType": "Patient", "meta": {"profile": [FR_PATIENT]}, "name": [{"family": "D"}]}


def practitioner_role() -> Json:
    return {"resourceType": "PractitionerRole", "meta": {"profile": [AS_ROLE]}}


def bundle(kind: str = "creation", method: str = "POST") -> Json:
    """A transaction bundle of the five resources, with urn:uuid fullUrls."""
    made = {
        "careteam": careteam(),
        "patient": patient(),
        "related": related_person(),
        "org": organization(),
        "role": practitioner_role(),
    }
    return {
        "resourceType": "Bundle",
        "meta": {"profile": [f"{CDS}cds-bundle-transaction-{kind}"]},
        "type": "transaction",
        "entry": [
            {
                "fullUrl": URN[key],
                "resource": resource,
                "request": {"method": method, "url": resource["resourceType"]},
            }
            for key, resource in made.items()
        ],
    }


BUILDERS: dict[str, Callable[[], Json]] = {
    "cds-ihe-careteam": careteam,
    "cds-fr-related-person": related_person,
    "cds-organization": organization,
    "cds-bundle-transaction-creation": bundle,
    "cds-bundle-transaction-maj": lambda: bundle("maj", "PUT"),
}


def found(resource: Json, profile: str | None = None) -> set[tuple[str, str]]:
    return {(v.code, v.path) for v in check(resource, profile)}


# --- valid data checks clean ------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_hand_built_resources_conform(name: str) -> None:
    resource = BUILDERS[name]()
    assert check(resource) == ()
    assert check(resource, name) == ()
    assert check(resource, f"{CDS}{name}|2.0.1") == ()
    assert profiles.is_conformant(resource)
    assert profiles.validate(resource) is resource


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_fixtures_are_valid_fhir(name: str) -> None:
    from fhir.resources.R4B import get_fhir_model_class

    resource = BUILDERS[name]()
    model = get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    assert model.model_dump_json()


def test_known_profiles_are_the_five_shipped() -> None:
    assert profiles.known_profiles() == tuple(
        f"{CDS}{name}"
        for name in (
            "cds-ihe-careteam",
            "cds-fr-related-person",
            "cds-organization",
            "cds-bundle-transaction-creation",
            "cds-bundle-transaction-maj",
        )
    )


def test_entry_order_does_not_matter() -> None:
    data = bundle()
    data["entry"].reverse()
    assert check(data) == ()


def test_update_bundle_may_reference_resources_on_the_server() -> None:
    data = bundle("maj", "PUT")
    del data["entry"][2]  # the RelatedPerson is unchanged, on the server
    data["entry"][0]["resource"]["participant"][0]["member"]["reference"] = "RelatedPerson/r1"
    assert check(data) == ()
    data["entry"][0]["resource"]["participant"][0]["member"]["reference"] = "Practitioner/p1"
    assert found(data) == {
        ("FHIR_TARGET_PROFILE", "Bundle.entry[0].resource.participant[0].member")
    }


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("RelatedPerson?identifier=urn:carecircle:member|DC-1/M2", set()),
        ("RelatedPerson?identifier=https://example.org/ids|42", set()),
        ("Practitioner?identifier=urn:carecircle:member|DC-1/M2", {"FHIR_TARGET_PROFILE"}),
        ("https://other.example/fhir/RelatedPerson?identifier=x|1", {"FHIR_REFERENCE_UNRESOLVED"}),
        ("?identifier=x|1", {"FHIR_REFERENCE_UNRESOLVED"}),
        ("related-person?identifier=x|1", {"FHIR_REFERENCE_UNRESOLVED"}),
    ],
)
def test_update_bundle_conditional_references(reference: str, expected: set[str]) -> None:
    """A conditional reference (``Type?query``) names a resource the server resolves in the
    transaction: accepted in an update bundle with its type checked, never in a creation one.
    """
    data = bundle("maj", "PUT")
    del data["entry"][2]  # the RelatedPerson is unchanged, on the server
    data["entry"][0]["resource"]["participant"][0]["member"]["reference"] = reference
    at = "Bundle.entry[0].resource.participant[0].member"
    assert found(data) == {(code, at) for code in expected}
    creation = bundle()
    del creation["entry"][2]
    creation["entry"][0]["resource"]["participant"][0]["member"]["reference"] = reference
    assert ("FHIR_REFERENCE_UNRESOLVED", at) in found(creation)


# --- one failing case per rule, several at once -----------------------------------------------


def test_cardinalities_nested_and_top_level_reported_together() -> None:
    data = careteam()
    del data["name"]
    del data["identifier"][0]["value"]
    data["identifier"].append({"value": "C2"})
    del data["participant"][0]["period"]["start"]
    del data["participant"][1]["member"]
    assert found(data) == {
        ("FHIR_CARDINALITY", "CareTeam.name"),
        ("FHIR_CARDINALITY", "CareTeam.identifier"),
        ("FHIR_CARDINALITY", "CareTeam.identifier[0].value"),
        ("FHIR_CARDINALITY", "CareTeam.participant[0].period.start"),
        ("FHIR_CARDINALITY", "CareTeam.participant[1].member"),
    }


def test_patterns_bindings_and_the_invariant_in_a_bundle() -> None:
    data = bundle()
    data["type"] = "batch"
    entries = data["entry"]
    entries[0]["resource"]["status"] = "closed"
    entries[1]["request"]["method"] = "DELETE"
    entries[2]["resource"]["gender"] = "woman"
    entries[3]["resource"]["identifier"][0]["use"] = "usual"
    entries[4]["request"]["method"] = "FETCH"
    assert found(data) == {
        ("FHIR_PATTERN", "Bundle.type"),
        ("FHIR_BINDING", "Bundle.entry[0].resource.status"),
        ("FHIR_INVARIANT", "Bundle.entry[1].request.method"),
        ("FHIR_BINDING", "Bundle.entry[2].resource.gender"),
        ("FHIR_PATTERN", "Bundle.entry[3].resource.identifier[0].use"),
        ("FHIR_BINDING", "Bundle.entry[4].request.method"),
        ("FHIR_INVARIANT", "Bundle.entry[4].request.method"),
    }


def test_references_resolved_in_a_transaction() -> None:
    data = bundle()
    team = data["entry"][0]["resource"]
    team["subject"]["reference"] = "Patient/cds-patient-example"  # README trap 2
    team["participant"][0]["member"]["reference"] = URN["patient"]  # trap 4: no Patient
    team["participant"][1]["member"]["reference"] = "urn:uuid:absent"
    assert found(data) == {
        ("FHIR_REFERENCE_UNRESOLVED", "Bundle.entry[0].resource.subject"),
        ("FHIR_TARGET_PROFILE", "Bundle.entry[0].resource.participant[0].member"),
        ("FHIR_REFERENCE_UNRESOLVED", "Bundle.entry[0].resource.participant[1].member"),
    }


def test_target_type_of_a_lone_resource_is_read_from_the_reference() -> None:
    data = careteam()
    data["participant"][0]["member"]["reference"] = "Practitioner/p1"
    data["participant"][1]["member"]["reference"] = "https://example.org/fhir/Patient/1/_history/2"
    data["participant"][2]["member"]["reference"] = "PractitionerRole/r1"
    assert found(data) == {
        ("FHIR_TARGET_PROFILE", "CareTeam.participant[0].member"),
        ("FHIR_TARGET_PROFILE", "CareTeam.participant[1].member"),
    }


def test_bundle_slices() -> None:
    data = bundle()
    data["entry"].append(copy.deepcopy(data["entry"][0]))
    del data["entry"][1]  # the patient
    data["entry"][0]["response"] = {"status": "201"}
    assert found(data) == {
        ("FHIR_SLICE", "Bundle.entry:careTeam"),
        ("FHIR_SLICE", "Bundle.entry:patient"),
        ("FHIR_CARDINALITY", "Bundle.entry[0].response"),
        # the patient's urn:uuid now names no entry
        ("FHIR_REFERENCE_UNRESOLVED", "Bundle.entry[0].resource.subject"),
        ("FHIR_REFERENCE_UNRESOLVED", "Bundle.entry[1].resource.patient"),
        ("FHIR_REFERENCE_UNRESOLVED", "Bundle.entry[4].resource.subject"),
    }
    lone = bundle()
    lone["entry"] = lone["entry"][:1]
    assert found(lone) >= {
        ("FHIR_CARDINALITY", "Bundle.entry"),
        ("FHIR_SLICE", "Bundle.entry:patient"),
    }


def test_related_person_needs_its_role_relationship() -> None:
    data = related_person()
    data["relationship"][0]["coding"][0]["system"] = "urn:other"
    assert found(data) == {("FHIR_SLICE", "RelatedPerson.relationship:Role")}


SHORT_NAME = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-organization-short-name"
USE_PERIOD = "http://hl7.org/fhir/StructureDefinition/organization-period"


def test_organization_extension_and_identifier_slices() -> None:
    data = organization()
    short = {"url": SHORT_NAME, "valueString": "SSIAD"}
    data["extension"] = [short, {"url": USE_PERIOD, "valuePeriod": {"start": "2020-01-01"}}]
    data["telecom"] = [{"system": "phone", "value": "0100000000"}]  # an `exists` discriminator
    assert check(data) == ()
    data["extension"] = [
        short,
        copy.deepcopy(short),
        {"url": USE_PERIOD},
        {"url": USE_PERIOD, "valuePeriod": "2020"},
    ]
    data["identifier"].append(copy.deepcopy(data["identifier"][0]))
    assert found(data) == {
        ("FHIR_SLICE", "Organization.extension:shortName"),
        ("FHIR_SLICE", "Organization.extension:usePeriod"),
        ("FHIR_CARDINALITY", "Organization.extension[2].value[x]"),
        ("FHIR_WRONG_TYPE", "Organization.extension[3].valuePeriod"),
        ("FHIR_SLICE", "Organization.identifier:idNatSt"),
    }


def test_primitive_shapes() -> None:
    person = related_person()
    person["active"] = "yes"
    person["name"][0]["given"] = "Anne"
    assert found(person) == {
        ("FHIR_WRONG_TYPE", "RelatedPerson.active"),
        ("FHIR_WRONG_TYPE", "RelatedPerson.name[0].given"),
    }
    data = bundle()
    data["total"] = True
    data["entry"][0]["search"] = {"score": "high"}
    data["entry"][1]["resource"] = "Patient"
    assert found(data) == {
        ("FHIR_WRONG_TYPE", "Bundle.total"),
        ("FHIR_WRONG_TYPE", "Bundle.entry[0].search.score"),
        ("FHIR_WRONG_TYPE", "Bundle.entry[1].resource"),
        ("FHIR_SLICE", "Bundle.entry:patient"),
        ("FHIR_REFERENCE_UNRESOLVED", "Bundle.entry[0].resource.subject"),
        ("FHIR_REFERENCE_UNRESOLVED", "Bundle.entry[2].resource.patient"),
    }


def test_relative_references_resolve_to_restful_full_urls() -> None:
    data = bundle("maj", "PUT")
    base = "https://example.org/fhir"
    for entry in data["entry"]:
        entry["fullUrl"] = f"{base}/{entry['resource']['resourceType']}/x1"
    team = data["entry"][0]["resource"]
    team["subject"]["reference"] = "Patient/x1"
    team["managingOrganization"][0]["reference"] = f"{base}/Organization/x1"
    for i, key in enumerate(("RelatedPerson", "Organization", "PractitionerRole")):
        team["participant"][i]["member"]["reference"] = f"{key}/x1"
    data["entry"][2]["resource"]["patient"]["reference"] = "Patient/x1"
    assert check(data) == ()
    team["participant"][0]["member"]["reference"] = "Patient/x1"  # resolves, to a Patient
    team["participant"][1]["member"]["reference"] = "urn:uuid:gone"
    team["participant"][2]["member"] = {"display": "Dr X"}  # nothing to resolve
    assert found(data) == {
        ("FHIR_TARGET_PROFILE", "Bundle.entry[0].resource.participant[0].member"),
        ("FHIR_REFERENCE_UNRESOLVED", "Bundle.entry[0].resource.participant[1].member"),
    }


def test_profile_names_and_resource_types() -> None:
    unknown = {("FHIR_PROFILE_UNKNOWN", "profile")}
    assert found(careteam(), "fr-core-patient") == unknown
    assert found(careteam(), f"{CDS}cds-ihe-careteam|1.0.0") == unknown
    assert found(patient()) == {("FHIR_PROFILE_UNKNOWN", "Patient.meta.profile")}
    assert found({"resourceType": "Bundle"}) == {("FHIR_PROFILE_UNKNOWN", "Bundle.meta.profile")}
    assert found(related_person(), "cds-ihe-careteam") == {
        ("FHIR_RESOURCE_TYPE", "RelatedPerson.resourceType")
    }


def test_json_shapes() -> None:
    data = careteam()
    data["identifier"] = {"value": "C1"}
    data["status"] = 3
    data["name"] = ["Cercle"]
    data["period"] = "2026"
    assert found(data) == {
        ("FHIR_WRONG_TYPE", "CareTeam.identifier"),
        ("FHIR_WRONG_TYPE", "CareTeam.status"),
        ("FHIR_WRONG_TYPE", "CareTeam.name"),
        ("FHIR_WRONG_TYPE", "CareTeam.period"),
    }


@pytest.mark.parametrize("bad", [None, "{}", ["CareTeam"], 3])
def test_a_non_mapping_is_refused_with_a_code(bad: Any) -> None:
    with pytest.raises(InvalidValueError) as caught:
        check(bad)
    assert caught.value.code == "WRONG_TYPE"
    assert not profiles.is_conformant(bad)


def test_a_non_string_profile_is_refused_with_a_code() -> None:
    with pytest.raises(InvalidValueError, match="WRONG_TYPE at profile"):
        check(careteam(), 3)  # type: ignore[arg-type]


def test_validate_raises_every_violation() -> None:
    data = careteam()
    del data["name"]
    data["status"] = "closed"
    with pytest.raises(InputRejected) as caught:
        profiles.validate(data)
    assert caught.value.codes == ("FHIR_BINDING", "FHIR_CARDINALITY")


def test_messages_never_quote_values() -> None:
    secret = "0612345678"  # noqa: S105 -- a phone number standing for any contact detail or INS
    data = bundle()
    team = data["entry"][0]["resource"]
    team["status"] = secret
    team["subject"]["reference"] = f"Patient/{secret}"
    data["entry"][2]["resource"]["gender"] = secret
    data["entry"][1]["request"]["method"] = secret
    data["type"] = secret
    violations = check(data)
    assert len(violations) >= 5
    assert all(secret not in f"{v.path} {v.message}" for v in violations)


# --- properties -------------------------------------------------------------------------------

#: Required elements per the README tables: (profile, path to delete, path reported).
REQUIRED: tuple[tuple[str, tuple[str | int, ...], str], ...] = (
    ("cds-ihe-careteam", ("meta",), "CareTeam.meta"),
    ("cds-ihe-careteam", ("identifier",), "CareTeam.identifier"),
    ("cds-ihe-careteam", ("identifier", 0, "value"), "CareTeam.identifier[0].value"),
    ("cds-ihe-careteam", ("status",), "CareTeam.status"),
    ("cds-ihe-careteam", ("name",), "CareTeam.name"),
    ("cds-ihe-careteam", ("subject",), "CareTeam.subject"),
    ("cds-ihe-careteam", ("period",), "CareTeam.period"),
    ("cds-ihe-careteam", ("period", "start"), "CareTeam.period.start"),
    ("cds-ihe-careteam", ("participant", 0, "member"), "CareTeam.participant[0].member"),
    (
        "cds-ihe-careteam",
        ("participant", 1, "period", "start"),
        "CareTeam.participant[1].period.start",
    ),
    ("cds-fr-related-person", ("identifier",), "RelatedPerson.identifier"),
    ("cds-fr-related-person", ("patient",), "RelatedPerson.patient"),
    ("cds-fr-related-person", ("relationship",), "RelatedPerson.relationship"),
    ("cds-fr-related-person", ("name",), "RelatedPerson.name"),
    ("cds-fr-related-person", ("name", 0, "family"), "RelatedPerson.name[0].family"),
    ("cds-fr-related-person", ("telecom",), "RelatedPerson.telecom"),
    ("cds-bundle-transaction-creation", ("type",), "Bundle.type"),
    (
        "cds-bundle-transaction-creation",
        ("entry", 3, "request", "method"),
        "Bundle.entry[3].request.method",
    ),
)


def _delete(data: Json, steps: tuple[str | int, ...]) -> None:
    holder: Any = data
    for step in steps[:-1]:
        holder = holder[step]
    del holder[steps[-1]]


@settings(max_examples=40, deadline=None)
@given(case=st.sampled_from(REQUIRED), wrap=st.booleans())
def test_removing_a_required_element_is_a_cardinality_violation(
    case: tuple[str, tuple[str | int, ...], str], wrap: bool
) -> None:
    name, steps, path = case
    data = BUILDERS[name]()
    _delete(data, steps)
    if wrap and data["resourceType"] != "Bundle":  # the same, inside a maj bundle
        wrapped = bundle("maj", "PUT")
        rtype = data["resourceType"]
        index = next(
            i for i, e in enumerate(wrapped["entry"]) if e["resource"]["resourceType"] == rtype
        )
        wrapped["entry"][index]["resource"] = data
        path = path.replace(rtype, f"Bundle.entry[{index}].resource", 1)
        # the entry's slice names its profile even when its meta.profile is gone
        data, name = wrapped, "cds-bundle-transaction-maj"
    assert ("FHIR_CARDINALITY", path) in found(data, name)


@settings(max_examples=40, deadline=None)
@given(
    text=st.text(max_size=12).filter(lambda t: t != "transaction"),
    kind=st.sampled_from(["creation", "maj"]),
)
def test_another_bundle_type_breaks_the_pattern(text: str, kind: str) -> None:
    data = bundle(kind)
    data["type"] = text
    assert ("FHIR_PATTERN", "Bundle.type") in found(data)


@settings(max_examples=40, deadline=None)
@given(system=st.text(max_size=30).filter(lambda t: t != R260))
def test_another_role_system_loses_the_role_slice(system: str) -> None:
    data = related_person()
    data["relationship"][0]["coding"][0]["system"] = system
    assert ("FHIR_SLICE", "RelatedPerson.relationship:Role") in found(data)


@settings(max_examples=40, deadline=None)
@given(
    method=st.text(max_size=8).filter(lambda t: t not in {"POST", "PUT"}), index=st.integers(0, 4)
)
def test_a_method_other_than_post_or_put_breaks_req_met(method: str, index: int) -> None:
    data = bundle()
    data["entry"][index]["request"]["method"] = method
    assert ("FHIR_INVARIANT", f"Bundle.entry[{index}].request.method") in found(data)


NAMES = (
    "resourceType",
    "meta",
    "profile",
    "identifier",
    "value",
    "status",
    "name",
    "subject",
    "reference",
    "period",
    "start",
    "participant",
    "member",
    "role",
    "coding",
    "system",
    "code",
    "type",
    "entry",
    "resource",
    "request",
    "method",
    "fullUrl",
    "relationship",
    "telecom",
    "family",
    "given",
    "use",
    "extension",
    "url",
    "response",
)
_leaves = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8)
)
_json: st.SearchStrategy[Any] = st.recursive(
    _leaves | st.sampled_from([*NAMES, "transaction", R260, URN["patient"], *BUILDERS]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(NAMES) | st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=25,
)
_resources = st.fixed_dictionaries(
    {"resourceType": st.sampled_from(["CareTeam", "RelatedPerson", "Organization", "Bundle"])},
    optional=dict.fromkeys(NAMES[1:], _json),
)


@settings(max_examples=150, deadline=None)
@given(
    data=_resources | st.dictionaries(st.text(max_size=5), _json, max_size=4),
    profile=st.none() | st.sampled_from(sorted(BUILDERS)),
)
def test_never_raises_on_json_and_is_deterministic(data: Json, profile: str | None) -> None:
    first = check(data, profile)
    assert first == check(copy.deepcopy(data), profile)
    assert {v.code for v in first} <= set(profiles.ALL_CODES)
    assert len(set(first)) == len(first)


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(sorted(BUILDERS)), junk=_json, key=st.sampled_from(NAMES))
def test_never_raises_on_a_valid_resource_with_junk(name: str, junk: Any, key: str) -> None:
    data = BUILDERS[name]()
    data[key] = junk
    assert check(data) == check(copy.deepcopy(data))


@pytest.fixture(scope="module")
def generator() -> Iterator[types.ModuleType]:
    with imported(GENERATOR_PATH) as module:
        yield module


def test_required_code_lists_match_fhir_resources(generator: types.ModuleType) -> None:
    """The FHIR core code lists of the generator agree with fhir.resources' enum values."""
    from fhir.resources.R4B import get_fhir_model_class

    fields = {
        "care-team-status": ("CareTeam", "status"),
        "bundle-type": ("Bundle", "type"),
        "search-entry-mode": ("BundleEntrySearch", "mode"),
        "http-verb": ("BundleEntryRequest", "method"),
        "identifier-use": ("Identifier", "use"),
        "name-use": ("HumanName", "use"),
        "administrative-gender": ("RelatedPerson", "gender"),
        "contact-point-system": ("ContactPoint", "system"),
        "contact-point-use": ("ContactPoint", "use"),
    }
    for value_set, (system, codes) in generator.FHIR_CORE_CODES.items():
        model, field = fields[value_set.rsplit("/", 1)[1]]
        extra = get_fhir_model_class(model).model_fields[field].json_schema_extra
        assert isinstance(extra, dict)
        r4b = set(extra["enum_values"])  # type: ignore[arg-type]
        # R4B added "subscription-notification" to bundle-type; R4 4.0.1 has the rest
        assert set(codes) == r4b - {"subscription-notification"}, system


# --- the generated module ---------------------------------------------------------------------


@pytest.fixture
def shared_cds() -> Path:
    return shared_folder(SHARED_CDS, "CDS snapshots")


def test_generated_module_is_up_to_date(generator: types.ModuleType, shared_cds: Path) -> None:
    expected: str = generator.generate(shared_cds)
    assert DATA_PATH.read_text(encoding="utf-8") == expected, (
        "src/carecircle/interop/fhir/_profile_data.py is stale: "
        "run python scripts/build_fhir_profiles.py"
    )


def test_generator_check_and_write(
    generator: types.ModuleType, shared_cds: Path, tmp_path: Path
) -> None:
    out = tmp_path / "_profile_data.py"
    source = ["--source", str(shared_cds), "--output", str(out)]
    assert generator.main([*source, "--check"]) == 1  # missing output
    assert generator.main(source) == 0
    assert out.read_text(encoding="utf-8") == DATA_PATH.read_text(encoding="utf-8")
    assert generator.main([*source, "--check"]) == 0
    assert generator.main(source) == 0  # unchanged
    assert generator.main(["--source", str(tmp_path / "absent"), "--output", str(out)]) == 2
    assert generator.main(["--source", str(tmp_path), "--output", str(out)]) == 2  # no files
