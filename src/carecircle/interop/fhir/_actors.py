"""The export's resources for the patient, each member (*acteur*) and each refusal (Consent)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import attrs

from carecircle._model import (
    PATIENT,
    CoordinationRecord,
    DirectoryProfessional,
    DirectoryStructure,
    ManualProfessional,
    ManualStructure,
    Membership,
    Patient,
    Refusal,
    RelatedPerson,
)
from carecircle.identifiers import idnat_ps
from carecircle.identifiers.ins import DEMO_OID, NIA_OID, NIR_OID, TEST_OID
from carecircle.interop.fhir import _urls as u
from carecircle.interop.fhir import _values as v
from carecircle.interop.fhir._values import JSON
from carecircle.nomenclatures import Code, categories, role_codes

#: Resolves an entry key (``patient``, ``member/M2``…) to the reference written for it.
Ref = Callable[[str], str]

#: fr-core's identifier type of an INS, by the OID of its register.
INS_TYPES: Final = {
    NIR_OID: "INS-NIR",
    NIA_OID: "INS-NIA",
    TEST_OID: "INS-NIR-TEST",
    DEMO_OID: "INS-NIR-DEMO",
}

#: ``RelatedPerson.relationship:Role`` (1..1, TRE_R260) from the member's roles, in this
#: order of preference; a related person holding none of them is an aidant (CAREGIVER).
_CONTACT_ROLES: Final = (
    role_codes.GUARD,
    role_codes.QUAL,
    role_codes.CAREGIVER,
    role_codes.ECON,
    role_codes.CON,
    role_codes.POLHOLD,
)


@attrs.frozen(kw_only=True)
class Entry:
    """One resource of a bundle: its key in the record, the resource, its conditional URL."""

    key: str
    resource: JSON
    search: str


def member_key(member_id: str) -> str:
    return f"member/{member_id}"


def refusal_key(member_id: str, refusal_id: str) -> str:
    return f"refusal/{member_id}/{refusal_id}"


def _resource(kind: str, *, extension: list[JSON] | None = None) -> JSON:
    found: JSON = {"resourceType": kind, "meta": {"profile": [u.PROFILES[kind]]}}
    if extension:
        found["extension"] = extension
    return found


def patient_entry(patient: Patient) -> Entry:
    resource = _resource("Patient")
    ids = [v.identifier(u.PATIENT_SYSTEM, patient.patient_id)]
    if patient.ins is not None:
        ins = patient.ins
        ids.append(v.identifier(ins.system, ins.value, type_code=INS_TYPES[ins.oid]))
    resource["identifier"] = ids
    resource["name"] = [v.human_name(patient.family_name, patient.given_name)]
    if patient.birth_date is not None:
        resource["birthDate"] = patient.birth_date.isoformat()
    return Entry(
        key="patient",
        resource=resource,
        search=v.search("Patient", u.PATIENT_SYSTEM, patient.patient_id),
    )


def _professional(
    record_id: str, m: Membership, member: DirectoryProfessional | ManualProfessional, ref: Ref
) -> list[Entry]:
    member_value = f"{record_id}/{m.member_id}"
    ids = [v.identifier(u.MEMBER_SYSTEM, member_value)]
    extension: list[JSON] = []
    if isinstance(member, DirectoryProfessional):
        if member.national_id is not None:
            ids.append(v.identifier(u.IDNPS_SYSTEM, member.national_id, type_code="IDNPS"))
            number = idnat_ps.rpps(member.national_id)
            if number is not None:
                ids.append(v.identifier(u.RPPS_SYSTEM, number, type_code="RPPS"))
        if member.account is not None:
            account = v.identifier(u.PASS_ACCOUNT_SYSTEM, member.account.id)
            account["extension"] = [v.ext(u.EXT_ACCOUNT_STATE, "Code", member.account.state.value)]
            ids.append(account)
        extension = v.text_ext(u.EXT_STRUCTURE, member.structure)
    practitioner = _resource("Practitioner")
    practitioner["identifier"] = ids
    practitioner["name"] = [v.human_name(member.family_name, member.given_name)]
    telecom = v.telecom(member.contact, phones=True, landline_use="work")
    if telecom:
        practitioner["telecom"] = telecom
    if addresses := v.address(member.contact.address):
        practitioner["address"] = addresses
    if member.profession is not None:
        practitioner["qualification"] = [{"code": v.concept(member.profession)}]
    key = member_key(m.member_id)
    role = _resource("PractitionerRole", extension=extension)
    role["identifier"] = [v.identifier(u.MEMBER_SYSTEM, member_value)]
    role["practitioner"] = {"reference": ref(f"{key}/practitioner")}
    search = v.search("PractitionerRole", u.MEMBER_SYSTEM, member_value)
    return [
        Entry(key=key, resource=role, search=search),
        Entry(
            key=f"{key}/practitioner",
            resource=practitioner,
            search=v.search("Practitioner", u.MEMBER_SYSTEM, member_value),
        ),
    ]


def _contact_role(m: Membership) -> Code:
    return next((c for c in _CONTACT_ROLES if c in m.roles), role_codes.CAREGIVER)


def _related(
    record_id: str, m: Membership, member: RelatedPerson, ref: Ref, *, phones: bool
) -> JSON:
    extension = [v.flag_ext(u.EXT_UNLISTED)] if member.unlisted else []
    resource = _resource("RelatedPerson", extension=extension)
    resource["identifier"] = [v.identifier(u.MEMBER_SYSTEM, f"{record_id}/{m.member_id}")]
    resource["patient"] = {"reference": ref("patient")}
    relation = [v.concept(_contact_role(m))]
    if member.relationship is not None:
        relation.append(v.concept(member.relationship))
    resource["relationship"] = relation
    resource["name"] = [v.human_name(member.family_name, member.given_name)]
    shown = phones or not member.unlisted
    telecom = v.telecom(member.contact, phones=shown, landline_use="home")
    resource["telecom"] = telecom or [v.unknown_telecom()]
    if addresses := v.address(member.contact.address):
        resource["address"] = addresses
    return resource


def _structure_type(category: Code) -> JSON:
    found = v.concept(category)
    if category.system == categories.SYSTEM:
        found["extension"] = [v.ext(u.EXT_ORGANIZATION_TYPES, "Code", "categorieEtablissementRASS")]
    return found


def _organization(
    record_id: str, m: Membership, member: DirectoryStructure | ManualStructure
) -> JSON:
    ids = [v.identifier(u.MEMBER_SYSTEM, f"{record_id}/{m.member_id}")]
    extension: list[JSON] = []
    if isinstance(member, DirectoryStructure):
        ids.append(v.identifier(u.IDNST_SYSTEM, member.national_id, type_code="IDNST"))
        if member.legal_entity:
            extension.append(v.flag_ext(u.EXT_LEGAL_ENTITY))
        extension.extend(v.ext(u.EXT_DELEGATE, "String", d) for d in sorted(member.delegates))
    if member.finess is not None:
        ids.append(v.identifier(u.FINESS_SYSTEM, member.finess, type_code="FINEG"))
    if member.siret is not None:
        ids.append(v.identifier(u.SIRENE_SYSTEM, member.siret, type_code="SIRET"))
    if isinstance(member, ManualStructure) and member.siren is not None:
        ids.append(v.identifier(u.SIRENE_SYSTEM, member.siren, type_code="SIREN"))
    resource = _resource("Organization", extension=extension)
    resource["identifier"] = ids
    if isinstance(member, DirectoryStructure):
        if member.category is not None:
            resource["type"] = [_structure_type(member.category)]
        resource["name"] = member.name
        place = member.address
    else:
        resource["name"] = member.name
        if member.acronym:
            resource["alias"] = [member.acronym]
        if telecom := v.telecom(member.contact, phones=True, landline_use="work"):
            resource["telecom"] = telecom
        if member.person_in_charge:
            resource["contact"] = [{"name": {"text": member.person_in_charge}}]
        place = member.contact.address
    if addresses := v.address(place):
        resource["address"] = addresses
    return resource


def member_entries(
    record: CoordinationRecord, m: Membership, ref: Ref, *, phones: bool
) -> list[Entry]:
    """The resources of one member: the one ``participant.member`` names comes first."""
    member = m.member
    rid = record.record_id
    key = member_key(m.member_id)
    if isinstance(member, DirectoryProfessional | ManualProfessional):
        return _professional(rid, m, member, ref)
    if isinstance(member, RelatedPerson):
        resource = _related(rid, m, member, ref, phones=phones)
    else:
        resource = _organization(rid, m, member)
    kind = resource["resourceType"]
    return [
        Entry(
            key=key,
            resource=resource,
            search=v.search(kind, u.MEMBER_SYSTEM, f"{rid}/{m.member_id}"),
        )
    ]


def _statement_parts(refusal: Refusal) -> list[JSON]:
    said = refusal.statement
    found = [v.ext(u.EXT_EXPRESSED_BY, "String", said.expressed_by)]
    if said.collected is not None:
        found.append(v.ext(u.EXT_COLLECTED, "Code", said.collected.value))
    found.append(v.ext(u.EXT_RECORDED_BY, "String", refusal.recorded_by))
    found.append(v.ext(u.EXT_RECORDED_AT, "Instant", v.instant(refusal.recorded_at)))
    lifted = refusal.lifted
    if lifted is not None:
        collected = lifted.statement.collected
        found.append(
            v.complex_ext(
                u.EXT_LIFTING,
                [
                    ("expressed-by", "String", lifted.statement.expressed_by),
                    ("expressed-at", "DateTime", v.instant(lifted.statement.expressed_at)),
                    ("collected", "Code", None if collected is None else collected.value),
                    ("recorded-by", "String", lifted.recorded_by),
                    ("recorded-at", "Instant", v.instant(lifted.recorded_at)),
                ],
            )
        )
    return found


def consent_entry(record: CoordinationRecord, m: Membership, refusal: Refusal, ref: Ref) -> Entry:
    """A sharing refusal as a Consent: a ``deny`` provision whose actor is the member."""
    said = refusal.statement
    performer = "patient" if said.expressed_by == PATIENT else member_key(said.expressed_by)
    resource: JSON = {"resourceType": "Consent", "extension": _statement_parts(refusal)}
    value = f"{record.record_id}/{m.member_id}/{refusal.refusal_id}"
    resource["identifier"] = [v.identifier(u.REFUSAL_SYSTEM, value)]
    resource["status"] = "active" if refusal.lifted is None else "inactive"
    resource["scope"] = v.concept(Code(u.CONSENT_SCOPE, "patient-privacy"))
    resource["category"] = [v.concept(Code(u.LOINC, "59284-0"))]
    resource["patient"] = {"reference": ref("patient")}
    resource["dateTime"] = v.instant(said.expressed_at)
    if performer == "patient" or said.expressed_by in record.circle:
        resource["performer"] = [{"reference": ref(performer)}]
    resource["policyRule"] = v.concept(Code(u.ACT_CODE, "OPTOUT"))
    period = {"start": v.instant(refusal.recorded_at)}
    if refusal.lifted is not None:
        period["end"] = v.instant(refusal.lifted.recorded_at)
    provision: JSON = {
        "type": "deny",
        "period": period,
        "actor": [
            {
                "role": v.concept(Code(u.PARTICIPATION_TYPE, "IRCP")),
                "reference": {"reference": ref(member_key(m.member_id))},
            }
        ],
    }
    if refusal.categories:
        provision["code"] = [
            v.concept(Code(u.CATEGORY_SYSTEM, c)) for c in sorted(refusal.categories)
        ]
    resource["provision"] = provision
    return Entry(
        key=refusal_key(m.member_id, refusal.refusal_id),
        resource=resource,
        search=v.search("Consent", u.REFUSAL_SYSTEM, value),
    )


__all__ = [
    "INS_TYPES",
    "Entry",
    "Ref",
    "consent_entry",
    "member_entries",
    "member_key",
    "patient_entry",
    "refusal_key",
]
