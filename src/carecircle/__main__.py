"""``python -m carecircle``: the demo and small commands; the only place that prints."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence

import carecircle as cc
from carecircle.access import member_has_access
from carecircle.nomenclatures import categories, professions, relationships
from carecircle.roles import AIDANT_PRINCIPAL, PCP, PERSONNE_DE_CONFIANCE

_START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def _at(minutes: int) -> dt.datetime:
    return _START + dt.timedelta(minutes=minutes)


def _table(members: Sequence[cc.Membership], at: dt.datetime) -> list[str]:
    """The circle as an aligned text table: one row per member (G15)."""
    rows = [("id", "member", "kind", "roles", "habilitation", "access")]
    for m in members:
        roles = ", ".join(sorted(cc.DEFAULT_ROLES[r].label for r in m.roles)) or "-"
        flags = ("habilité" if m.habilitated else "non habilité") + (
            ", refus de partage" if m.sharing_refused else ""
        )
        rows.append(
            (
                m.member_id,
                m.display_name,
                m.kind.replace("_", " "),
                roles,
                flags,
                "oui" if member_has_access(m, at) else "non",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def demo() -> int:
    """Walk a short scenario of the guide: create, add one member of each kind, refuse a change."""
    coordinator = cc.DirectoryProfessional(
        national_id="810001234567",
        account=cc.PassAccount(id="pass:dac-0001"),
        family_name="Roux",
        given_name="Anne",
        structure="DAC Haute-Garonne",
    )
    actor = cc.Principal.from_entry(coordinator)
    patient = cc.Patient(
        patient_id="P-0001",
        family_name="Martin",
        given_name="Louise",
        birth_date=dt.date(1941, 3, 14),
    )
    print("1. A DAC coordinator creates the record (G1): she becomes a habilitated member.")
    change = cc.create_record(
        record_id="DC-0001", patient=patient, creator=actor, creator_entry=coordinator, at=_at(0)
    )
    record = change.record

    steps: list[tuple[str, cc.Member, frozenset[cc.Code], bool]] = [
        (
            "a directory GP as médecin traitant, habilitated (G3, G5)",
            cc.DirectoryProfessional(
                national_id="810002345678",
                account=cc.PassAccount(id="pass:gp-0002"),
                profession=professions.MEDECIN,
                family_name="Durand",
                given_name="Hélène",
                contact=cc.Contact(email="h.durand@example.org"),
            ),
            frozenset({PCP}),
            True,
        ),
        (
            "a physiotherapist typed in by hand (G8)",
            cc.ManualProfessional(
                family_name="Petit",
                given_name="Marc",
                profession=professions.MASSEUR_KINESITHERAPEUTE,
                contact=cc.Contact(landline="05 61 00 00 00"),
            ),
            frozenset(),
            False,
        ),
        (
            "the daughter, unlisted, aidant principal and personne de confiance (G9)",
            cc.RelatedPerson(
                family_name="Martin",
                given_name="Julie",
                unlisted=True,
                relationship=relationships.FILLE,
                contact=cc.Contact(mobile="06 12 34 56 78"),
            ),
            frozenset({AIDANT_PRINCIPAL, PERSONNE_DE_CONFIANCE}),
            False,
        ),
        (
            "a legal-entity SSIAD from the directory, habilitated (G10, G11)",
            cc.DirectoryStructure(
                national_id="1310000001",
                name="SSIAD du Lauragais",
                category=categories.SSIAD,
                legal_entity=True,
                delegates=frozenset({"pass:ssiad-0003"}),
            ),
            frozenset(),
            True,
        ),
        (
            "a neighbourhood association typed in by hand (G12)",
            cc.ManualStructure(name="Association Bien Vieillir", acronym="ABV"),
            frozenset(),
            False,
        ),
    ]
    for minute, (what, member, roles, habilitated) in enumerate(steps, start=1):
        change = cc.add_member(
            record, member, actor=actor, at=_at(minute), roles=roles, habilitated=habilitated
        )
        record = change.record
        notices = ", ".join(n.recipient for n in change.notifications) or "none"
        print(f"{minute + 1}. Add {what}: version {record.version}, notices: {notices}")

    print("7. Try to habilitate the daughter (R5: related persons never get access):")
    try:
        cc.habilitate(record, "M4", actor=actor, at=_at(10))
    except cc.ChangeRejected as rejected:
        for v in rejected.violations:
            print(f"   rejected: {v}")
    outsider = cc.Principal(account="pass:unknown-9999")
    print("8. Someone outside the circle tries to add a member (R6):")
    try:
        cc.add_member(record, cc.RelatedPerson(family_name="Inconnu"), actor=outsider, at=_at(11))
    except cc.ChangeRejected as rejected:
        for v in rejected.violations:
            print(f"   rejected: {v}")

    print(
        f"\nCare circle of {record.patient.display_name}, record {record.record_id} "
        f"v{record.version} (sorted by name, G15):"
    )
    for line in _table(cc.list_members(record, at=_at(12)), _at(12)):
        print(line)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m carecircle",
        description="carecircle: care circles (cercles de soins) of coordination records.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("demo", help="walk a short scenario of the user guide and print the circle")
    args = parser.parse_args(argv)
    if args.command == "demo":
        return demo()
    return 2  # pragma: no cover -- argparse rejects unknown commands first


if __name__ == "__main__":
    sys.exit(main())
