"""FHIR R4 per the ANS guide « Gestion du Cercle de Soins » (CDS) 2.0.1.

:func:`export_record` writes a record as the guide's creation transaction bundle,
:func:`export_change` two versions of it as the update bundle, and :func:`import_bundle`
reads a bundle back into a record, reporting every problem at once. ``docs/interop.md`` has the
mapping, carecircle's extensions (the ``EXT_*`` constants) and what is lost.
:mod:`carecircle.interop.fhir.profiles` checks resources and bundles, ours or another
system's, against the guide's profiles (``docs/fhir-profiles.md``).

>>> import datetime as dt
>>> import carecircle as cc
>>> from carecircle.testing import sample
>>> gp = sample.occitanie().gp
>>> record = cc.create_record(record_id="DC-1", creator=cc.Principal.from_entry(gp),
...     creator_entry=gp, at=dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC),
...     patient=cc.Patient(patient_id="P-1", family_name="Martin", given_name="Louise")).record
>>> bundle = export_record(record)
>>> [e["resource"]["resourceType"] for e in bundle["entry"]]
['CareTeam', 'Patient', 'PractitionerRole', 'Practitioner']
>>> import_bundle(bundle, imported_by="pass:4242") == record
True
"""

from carecircle.interop.fhir import profiles
from carecircle.interop.fhir._export import export_change, export_record
from carecircle.interop.fhir._import import import_bundle
from carecircle.interop.fhir._urls import (
    CATEGORY_SYSTEM,
    DRAFT_ROLE_SYSTEM,
    EXT_ACCOUNT_STATE,
    EXT_ADDED_BY,
    EXT_COLLECTED,
    EXT_CREATED_BY,
    EXT_DATA_ABSENT,
    EXT_DELEGATE,
    EXT_DESCRIPTION,
    EXT_EMERGENCY_ACCESS,
    EXT_ENDED_BY,
    EXT_ENTERED_IN_ERROR,
    EXT_EXPRESSED_BY,
    EXT_HABILITATED,
    EXT_HABILITATION_ENDS,
    EXT_LEGAL_ENTITY,
    EXT_LEGAL_PROTECTION,
    EXT_LIFTING,
    EXT_ORGANIZATION_TYPES,
    EXT_RECORDED_AT,
    EXT_RECORDED_BY,
    EXT_STATUS_CHANGE,
    EXT_STRUCTURE,
    EXT_UNLISTED,
    EXT_VERSION,
    EXTENSION_BASE,
    FINESS_SYSTEM,
    IDNPS_SYSTEM,
    IDNST_SYSTEM,
    MEMBER_SYSTEM,
    NAMESPACE,
    PASS_ACCOUNT_SYSTEM,
    PATIENT_SYSTEM,
    PROFILES,
    RECORD_SYSTEM,
    REFUSAL_SYSTEM,
    RPPS_SYSTEM,
    SIRENE_SYSTEM,
    full_url,
)

__all__ = [
    "CATEGORY_SYSTEM",
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
    "IDNPS_SYSTEM",
    "IDNST_SYSTEM",
    "MEMBER_SYSTEM",
    "NAMESPACE",
    "PASS_ACCOUNT_SYSTEM",
    "PATIENT_SYSTEM",
    "PROFILES",
    "RECORD_SYSTEM",
    "REFUSAL_SYSTEM",
    "RPPS_SYSTEM",
    "SIRENE_SYSTEM",
    "export_change",
    "export_record",
    "full_url",
    "import_bundle",
    "profiles",
]
