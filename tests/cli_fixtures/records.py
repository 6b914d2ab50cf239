"""The Occitanie circle the command-line tests write to files and read back."""

from __future__ import annotations

import datetime as dt
from typing import Any

import carecircle as cc
from carecircle.nomenclatures import relationships
from carecircle.roles import AIDANT_PRINCIPAL, PCP
from carecircle.testing import sample

T0 = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
DAUGHTER_PHONE = "04 65 71 23 45"


def at(minutes: int) -> dt.datetime:
    """``minutes`` after :data:`T0`."""
    return T0 + dt.timedelta(minutes=minutes)


def daughter() -> cc.RelatedPerson:
    """The patient's daughter, unlisted, with a landline (R12: never printed)."""
    return cc.RelatedPerson(
        family_name="Martin",
        given_name="Julie",
        unlisted=True,
        relationship=relationships.FILLE,
        contact=cc.Contact(landline=DAUGHTER_PHONE),
    )


def created(data: sample.SampleDirectory) -> tuple[cc.CoordinationRecord, cc.Principal]:
    """Record DC-0001 of Louise Martin as its creator, the DAC coordinator, makes it at T0."""
    actor = cc.Principal.from_entry(data.coordinator)
    record = cc.create_record(
        record_id="DC-0001",
        creator=actor,
        creator_entry=data.coordinator,
        at=at(0),
        patient=cc.Patient(patient_id="P-0001", family_name="Martin", given_name="Louise"),
    ).record
    return record, actor


def occitanie_record() -> cc.CoordinationRecord:
    """A circle of the Occitanie sample: coordinator (M1), GP (M2), nurse (M3), pharmacist not
    habilitated (M4), the SSIAD (M5), the refused physiotherapist (M6), the unlisted daughter.
    """
    d = sample.occitanie()
    record, actor = created(d)
    steps: list[tuple[cc.Member, dict[str, Any]]] = [
        (d.gp, {"habilitated": True, "roles": {PCP}}),
        (d.nurse, {"habilitated": True}),
        (d.pharmacist, {}),
        (d.ssiad, {"habilitated": True}),
        (d.refused, {"habilitated": True, "refusal": cc.Statement(expressed_at=at(5))}),
        (daughter(), {"roles": {AIDANT_PRINCIPAL}}),
    ]
    for minute, (member, options) in enumerate(steps, start=1):
        record = cc.add_member(record, member, actor=actor, at=at(minute), **options).record
    return record
