"""The circle the display tests show: the Occitanie sample walked through most of the guide.

Louise Martin's record: the coordinator creates it (M1), adds the médecin traitant (M2), a
nurse (M3), a pharmacist not habilitated (M4), the SSIAD (M5, a legal entity), a
physiotherapist the patient refuses (M6), her unlisted daughter with a landline and a hostile
given name (M7), a psychologist pending a PASS account (M8); the patient then refuses the
psychological information to the nurse, the pharmacist leaves, and a doctor from outside the
circle opens it in an emergency. Every change is kept, in order.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

import attrs

import carecircle as cc
from carecircle.nomenclatures import professions, relationships
from carecircle.roles import AIDANT_PRINCIPAL, PCP
from carecircle.testing import sample

__all__ = [
    "DAUGHTER_EMAIL",
    "DAUGHTER_PHONE",
    "HOSTILE",
    "T0",
    "Scenario",
    "at",
    "daughter",
    "scenario",
]

#: When the scenario starts.
T0: Final = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)

HOSTILE: Final = "<script>alert(1)</script>"
DAUGHTER_PHONE: Final = "04 65 71 23 45"
DAUGHTER_EMAIL: Final = "julie.martin@exemple.fr"


@attrs.frozen
class Scenario:
    """The record after every step, each change after its creation, the sample directory and a
    few principals.
    """

    record: cc.CoordinationRecord
    changes: tuple[cc.Change, ...]
    data: sample.SampleDirectory
    coordinator: cc.Principal
    emergency_doctor: cc.Principal
    ssiad_nurse: cc.Principal

    @property
    def candidates(self) -> tuple[cc.Principal, ...]:
        """The circle's directory professionals, the SSIAD's nurse and the emergency doctor."""
        found = [
            cc.Principal.from_entry(m.member)
            for m in self.record.circle
            if isinstance(m.member, cc.DirectoryProfessional)
        ]
        return (*found, self.ssiad_nurse, self.emergency_doctor)


def at(minutes: int) -> dt.datetime:
    """``minutes`` after :data:`T0`."""
    return T0 + dt.timedelta(minutes=minutes)


def daughter() -> cc.RelatedPerson:
    """The patient's daughter: unlisted, with a landline and an e-mail (R12: never shown)."""
    return cc.RelatedPerson(
        family_name="Martin",
        given_name=HOSTILE,
        unlisted=True,
        relationship=relationships.FILLE,
        contact=cc.Contact(landline=DAUGHTER_PHONE, email=DAUGHTER_EMAIL),
    )


def scenario() -> Scenario:
    """The scenario, built with the operations."""
    d = sample.occitanie()
    actor = cc.Principal.from_entry(d.coordinator)
    patient = cc.Patient(patient_id="P-0001", family_name="Martin", given_name="Louise")
    first_record = cc.create_record(
        record_id="DC-0001", patient=patient, creator=actor, creator_entry=d.coordinator, at=T0
    ).record
    changes: list[cc.Change] = []
    record = first_record
    steps: list[tuple[cc.Member, dict[str, Any]]] = [
        (d.gp, {"habilitated": True, "roles": {PCP}}),
        (d.nurse, {"habilitated": True, "habilitation_ends": at(600)}),
        (d.pharmacist, {}),
        (d.ssiad, {"habilitated": True}),
        (d.refused, {"habilitated": True, "refusal": cc.Statement(expressed_at=at(5))}),
        (daughter(), {"roles": {AIDANT_PRINCIPAL}}),
        (d.pending, {"habilitated": True}),
    ]
    for minute, (member, options) in enumerate(steps, start=1):
        changes.append(cc.add_member(record, member, actor=actor, at=at(minute), **options))
        record = changes[-1].record
    changes.append(
        cc.record_refusal(
            record,
            "M3",
            statement=cc.Statement(expressed_at=at(10)),
            actor=actor,
            at=at(10),
            categories={"psychological"},
        )
    )
    record = changes[-1].record
    changes.append(cc.end_participation(record, "M4", actor=actor, at=at(11)))
    record = changes[-1].record
    doctor = cc.Principal(account="pass:099001", profession=professions.MEDECIN)
    changes.append(
        cc.open_in_emergency(
            record,
            principal=doctor,
            reason="malaise, appel du 15",
            at=at(12),
            policy=cc.EmergencyPolicy(),
        )
    )
    record = changes[-1].record
    nurse = cc.Principal.from_entry(d.ssiad_nurse, delegated_by=frozenset({d.ssiad.national_id}))
    return Scenario(
        record=record,
        changes=tuple(changes),
        data=d,
        coordinator=actor,
        emergency_doctor=doctor,
        ssiad_nurse=nurse,
    )
