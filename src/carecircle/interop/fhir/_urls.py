"""The URLs the FHIR mapping uses: the guide's profiles, the systems, and carecircle's own.

Every extension of carecircle is named ``urn:carecircle:fhir:StructureDefinition/<name>``
(:data:`EXTENSION_BASE`); ``docs/interop.md`` lists each one with its context, value type and
meaning. The guide defines no extension of its own, so these are the only place where what
carecircle holds beyond the guide (habilitations, refusals, the audit trail) travels.
"""

from __future__ import annotations

import uuid
from typing import Final

__all__ = [
    "ACT_CODE",
    "CATEGORY_SYSTEM",
    "CDS",
    "CONSENT_SCOPE",
    "DRAFT_ROLE_SYSTEM",
    "EXTENSION_BASE",
    "EXT_ACCOUNT_STATE",
    "EXT_ADDED_BY",
    "EXT_COLLECTED",
    "EXT_CREATED_BY",
    "EXT_DATA_ABSENT",
    "EXT_DELEGATE",
    "EXT_DESCRIPTION",
    "EXT_EMERGENCY_ACCESS",
    "EXT_ENDED_BY",
    "EXT_ENTERED_IN_ERROR",
    "EXT_EXPRESSED_BY",
    "EXT_HABILITATED",
    "EXT_HABILITATION_ENDS",
    "EXT_LEGAL_ENTITY",
    "EXT_LEGAL_PROTECTION",
    "EXT_LIFTING",
    "EXT_ORGANIZATION_TYPES",
    "EXT_RECORDED_AT",
    "EXT_RECORDED_BY",
    "EXT_STATUS_CHANGE",
    "EXT_STRUCTURE",
    "EXT_UNLISTED",
    "EXT_VERSION",
    "FINESS_SYSTEM",
    "FR_CORE_0203",
    "IDNPS_SYSTEM",
    "IDNST_SYSTEM",
    "LOINC",
    "MEMBER_SYSTEM",
    "NAMESPACE",
    "PARTICIPATION_TYPE",
    "PASS_ACCOUNT_SYSTEM",
    "PATIENT_SYSTEM",
    "PROFILES",
    "RECORD_SYSTEM",
    "REFUSAL_SYSTEM",
    "ROLE_VALUE_SET",
    "RPPS_SYSTEM",
    "SIRENE_SYSTEM",
    "full_url",
]

#: The guide's canonical base.
CDS: Final = "https://interop.esante.gouv.fr/ig/fhir/cds"
#: ``careteam-roles-vs``: TRE_R259 ``PCP`` and all of TRE_R260.
ROLE_VALUE_SET: Final = f"{CDS}/ValueSet/careteam-roles-vs"

_ANNUAIRE: Final = "https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition"
_FR_CORE: Final = "https://hl7.fr/ig/fhir/core/StructureDefinition"

#: ``meta.profile`` of each resource type the export writes (Consent has none in the guide).
PROFILES: Final = {
    "CareTeam": f"{CDS}/StructureDefinition/cds-ihe-careteam",
    "RelatedPerson": f"{CDS}/StructureDefinition/cds-fr-related-person",
    "Organization": f"{CDS}/StructureDefinition/cds-organization",
    "PractitionerRole": f"{_ANNUAIRE}/as-practitionerrole",
    "Practitioner": f"{_ANNUAIRE}/as-practitioner",
    "Patient": f"{_FR_CORE}/fr-core-patient",
    "creation": f"{CDS}/StructureDefinition/cds-bundle-transaction-creation",
    "update": f"{CDS}/StructureDefinition/cds-bundle-transaction-maj",
}

#: HL7 v2 table 0203 as fr-core extends it (IDNPS, RPPS, IDNST, FINEG, SIREN, INS-NIR…).
FR_CORE_0203: Final = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203"
#: idNat_PS (a professional's national id).
IDNPS_SYSTEM: Final = "urn:oid:1.2.250.1.71.4.2.1"
#: idNat_Struct (a structure's national id).
IDNST_SYSTEM: Final = "urn:oid:1.2.250.1.71.4.2.2"
#: The RPPS number of a professional (``Practitioner.identifier``, RPPS slice).
RPPS_SYSTEM: Final = "https://rpps.esante.gouv.fr"
#: A structure's FINESS number (``Organization.identifier``, FINESS slice).
FINESS_SYSTEM: Final = "https://finess.esante.gouv.fr"
#: A structure's SIRET or SIREN (``Organization.identifier``, SIRET/SIREN slices).
SIRENE_SYSTEM: Final = "https://sirene.fr"
CONSENT_SCOPE: Final = "http://terminology.hl7.org/CodeSystem/consentscope"
LOINC: Final = "http://loinc.org"
ACT_CODE: Final = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
PARTICIPATION_TYPE: Final = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
#: The draft guide's local role system (MT, AID, PC, RL), replaced before 2.0.1: read only.
DRAFT_ROLE_SYSTEM: Final = f"{CDS}/CodeSystem/careteam-roles-cs"
#: The annuaire extension that says which kind of type an ``Organization.type`` is.
EXT_ORGANIZATION_TYPES: Final = f"{_ANNUAIRE}/as-ext-organization-types"
#: HL7's data-absent-reason: what stands for a telecom that is withheld or unknown.
EXT_DATA_ABSENT: Final = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"

# carecircle's own identifier and code systems.
#: ``CareTeam.identifier.system``; the value is the record id.
RECORD_SYSTEM: Final = "urn:carecircle:record"
#: ``Patient.identifier.system``; the value is the patient id.
PATIENT_SYSTEM: Final = "urn:carecircle:patient"
#: The member identifier of an actor resource; the value is ``<record id>/<member id>``.
MEMBER_SYSTEM: Final = "urn:carecircle:member"
#: A professional's PASS account (``pass:4711``) on the Practitioner.
PASS_ACCOUNT_SYSTEM: Final = "urn:carecircle:pass-account"  # noqa: S105 -- a URI, no secret
#: ``Consent.identifier.system``; the value is ``<record id>/<member id>/<refusal id>``.
REFUSAL_SYSTEM: Final = "urn:carecircle:refusal"
#: The information categories a refusal names (``Consent.provision.code``).
CATEGORY_SYSTEM: Final = "urn:carecircle:category"

#: Where carecircle's extensions live.
EXTENSION_BASE: Final = "urn:carecircle:fhir:StructureDefinition/"


def _ext(name: str) -> str:
    return EXTENSION_BASE + name


#: On the CareTeam: the account that created the record.
EXT_CREATED_BY: Final = _ext("record-created-by")
#: On the CareTeam: the record's version (the number of changes applied).
EXT_VERSION: Final = _ext("record-version")
#: On the CareTeam: one past status change (status, instant, by whom).
EXT_STATUS_CHANGE: Final = _ext("status-change")
#: On the CareTeam: one emergency access (*bris de glace*): who, when, why, until.
EXT_EMERGENCY_ACCESS: Final = _ext("emergency-access")
#: On a participant: the account that added this stay.
EXT_ADDED_BY: Final = _ext("participation-added-by")
#: On a participant: the account that ended this stay.
EXT_ENDED_BY: Final = _ext("participation-ended-by")
#: On an actor: the member's free description (« Modifier » form).
EXT_DESCRIPTION: Final = _ext("member-description")
#: On a RelatedPerson: the legal protection measure (TRE_R217) the person exercises.
EXT_LEGAL_PROTECTION: Final = _ext("legal-protection")
#: On a participant: the member is habilitated on the record (R5).
EXT_HABILITATED: Final = _ext("habilitated")
#: On a participant: the instant the habilitation ends.
EXT_HABILITATION_ENDS: Final = _ext("habilitation-ends")
#: On an actor: the member was entered in error (when, by whom, why).
EXT_ENTERED_IN_ERROR: Final = _ext("entered-in-error")
#: On a RelatedPerson: the person's phones are unlisted (R12, *liste rouge*).
EXT_UNLISTED: Final = _ext("unlisted")
#: On a Practitioner: the PASS account's state (active, pending, inactive).
EXT_ACCOUNT_STATE: Final = _ext("pass-account-state")
#: On a PractitionerRole: the coordination structure the professional works in.
EXT_STRUCTURE: Final = _ext("professional-structure")
#: On an Organization: the structure is a legal entity whose delegates reach the record (R3).
EXT_LEGAL_ENTITY: Final = _ext("legal-entity")
#: On an Organization: one delegate account of the legal-entity structure.
EXT_DELEGATE: Final = _ext("delegate")
#: On a Consent: who expressed the refusal (the patient, or the member who spoke for them).
EXT_EXPRESSED_BY: Final = _ext("expressed-by")
#: On a Consent: how the patient's statement was collected (*recueil*: oral, written, electronic).
EXT_COLLECTED: Final = _ext("collected")
#: On a Consent: the account that recorded the refusal.
EXT_RECORDED_BY: Final = _ext("recorded-by")
#: On a Consent: the instant the refusal was recorded.
EXT_RECORDED_AT: Final = _ext("recorded-at")
#: On a Consent: the lifting of the refusal (when, by whom).
EXT_LIFTING: Final = _ext("lifting")

#: The namespace of the ``urn:uuid`` fullUrls (uuid5 of ``<record id>/<entry key>``).
NAMESPACE: Final = uuid.UUID("6f1c2f4e-8d0b-5b7a-9a57-0c1e2ca4ec1e")


def full_url(record_id: str, key: str) -> str:
    """The ``urn:uuid`` fullUrl of the entry ``key`` of the record ``record_id``."""
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{record_id}/{key}')}"
