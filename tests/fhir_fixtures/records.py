"""A record holding every kind of member and every fact the FHIR mapping must carry."""

from __future__ import annotations

import datetime as dt

import carecircle as cc
from carecircle import (
    Address,
    Collection,
    Contact,
    EmergencyPolicy,
    Statement,
    change_status,
    lift_refusal,
    mark_entered_in_error,
    open_in_emergency,
    record_refusal,
    rejoin,
)
from carecircle.identifiers import ins
from carecircle.identifiers.ins import Ins
from carecircle.nomenclatures import professions, protection, relationships
from carecircle.roles import AIDANT_PRINCIPAL, PCP, REPRESENTANT_LEGAL
from carecircle.testing import sample

T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def t(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


UNLISTED_MOBILE = "+33698765432"
UNLISTED_LANDLINE = "+33561234567"


def rich_record() -> cc.CoordinationRecord:
    """Louise Martin's record: the five member kinds, a stay ended and begun again, a refusal
    of some categories lifted, a whole refusal standing, a member entered in error, a
    suspension and an emergency access.
    """
    directory = sample.occitanie()
    gp = directory.gp
    creator = cc.Principal.from_entry(gp)
    patient = cc.Patient(
        patient_id="P-1",
        family_name="Martin",
        given_name="Louise",
        birth_date=dt.date(1941, 3, 12),
        ins=Ins(value="2 95 10 99 126 111 93", oid=ins.NIR_OID),
    )
    record = cc.create_record(
        record_id="DC-1", patient=patient, creator=creator, creator_entry=gp, at=T0, roles={PCP}
    ).record
    daughter = cc.RelatedPerson(
        family_name="Martin",
        given_name="Julie",
        unlisted=True,
        relationship=relationships.FILLE,
        contact=Contact(
            mobile=UNLISTED_MOBILE,
            landline=UNLISTED_LANDLINE,
            email="julie.martin@exemple.fr",
            address=Address(line="3 rue des Lilas", city="Toulouse", postal_code="31000"),
        ),
    )
    neighbour = cc.RelatedPerson(family_name="Roux", relationship=relationships.VOISIN)
    manual_pro = cc.ManualProfessional(
        family_name="Bénard",
        given_name="Marc",
        profession=professions.MEDECIN,
        contact=Contact(landline="05 61 00 00 01"),
    )
    manual_structure = cc.ManualStructure(
        name="Association Bien Vieillir",
        acronym="ABV",
        siren="732829320",
        person_in_charge="Mme Castex",
        contact=Contact(email="contact@abv.fr", address=Address(city="Albi")),
    )
    steps: list[tuple[cc.Member, dict[str, object]]] = [
        (daughter, {"roles": {AIDANT_PRINCIPAL, REPRESENTANT_LEGAL},
                    "legal_protection": protection.HABILITATION_FAMILIALE,
                    "description": "Passe le soir\nsauf le jeudi"}),
        (directory.nurse, {"habilitated": True, "habilitation_ends": t(600)}),
        (directory.ssiad, {"habilitated": True}),
        (neighbour, {}),
        (manual_pro, {}),
        (manual_structure, {}),
        (directory.pharmacist, {"habilitated": True}),
    ]  # fmt: skip
    for i, (member, options) in enumerate(steps, start=1):
        record = cc.add_member(record, member, actor=creator, at=t(i), **options).record  # type: ignore[arg-type]
    # M3 (the nurse) leaves and comes back; M4 (the SSIAD) leaves for good.
    record = cc.end_participation(record, "M3", actor=creator, at=t(20)).record
    record = rejoin(record, "M3", actor=creator, at=t(30), habilitated=True).record
    record = cc.end_participation(record, "M4", actor=creator, at=t(31)).record
    # The patient refuses psychological information to the pharmacist, then lifts it; her
    # daughter (legal representative) refuses everything to the manual professional.
    said = Statement(expressed_at=t(39), collected=Collection.ORAL)
    record = record_refusal(
        record, "M8", statement=said, actor=creator, at=t(40), categories={"psychological"}
    ).record
    lifted = Statement(expressed_at=t(45), collected=Collection.WRITTEN)
    record = lift_refusal(record, "M8", "R1", statement=lifted, actor=creator, at=t(46)).record
    by_daughter = Statement(expressed_by="M2", expressed_at=t(47))
    record = record_refusal(record, "M6", statement=by_daughter, actor=creator, at=t(48)).record
    record = mark_entered_in_error(
        record, "M5", actor=creator, at=t(50), reason="Pas le bon voisin"
    ).record
    record = change_status(
        record, "suspended", actor=creator, at=t(60), reason="Hospitalisation"
    ).record
    record = change_status(record, "active", actor=creator, at=t(70)).record
    emergency = cc.Principal.from_entry(directory.coordinator)
    return open_in_emergency(
        record, principal=emergency, reason="Chute à domicile", at=t(80), policy=EmergencyPolicy()
    ).record
