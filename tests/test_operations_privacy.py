"""R12 in free text: a description, a professional's structure or a manual structure's person
in charge that seems to hold a phone number, an e-mail, an INS number or a street line is
accepted with the advisory ``PRIVATE_DETAIL_IN_TEXT`` at the field's path; its message never
quotes the text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
import pytest

import carecircle as cc
from carecircle.rules import privacy
from carecircle.testing.builders import (
    directory_professional,
    instant,
    manual_structure,
    new_record,
    related_person,
)

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.circles import joined
else:
    from .helpers.circles import joined

CODE = "PRIVATE_DETAIL_IN_TEXT"

EXPOSING = [
    ("joindre au 06 12 34 56 78", "phone number"),
    ("joindre au 06.12.34.56.78 le soir", "phone number"),
    ("tel:0612345678", "phone number"),
    ("appeler le +33 6 12 34 56 78", "phone number"),
    ("appeler le 0033 6 12 34 56 78", "phone number"),
    ("fixe 05-61-12-34-56", "phone number"),
    ("numéro allemand +49 30 1234567", "phone number"),
    ("écrire à Julie.Martin@example.org", "e-mail address"),
    ("INS 2 55 08 14 168 025 38", "INS number"),
    ("NIR 255081416802538", "INS number"),
    ("né en Corse, INS 1 85 05 2A 004 123 56", "INS number"),
    ("mobile 06 12 34 56 78 05 61 12 34 56", "phone number"),
    ("numéro 00 493012345678901 7", "phone number"),  # 17 characters, in a longer run
    ("habite 12 rue des Lilas", "postal address"),
    ("au 3 bis, avenue de la Gare", "postal address"),
    ("12 allée des Pins", "postal address"),
]
CLEAN = [
    "Suivi mensuel",
    "Passage 2 fois par semaine, le mardi",
    "RPPS 10001234567",
    "rendez-vous le 12/03/2026 à 14h30",
    "Aidant principal depuis 2019",
    "dossier 123456789012345",  # 15 digits, but no valid NIR key
    "185052A00412357",  # a NIR with a wrong key
    "",
]


def _advisories(change: cc.Change) -> list[cc.Advisory]:
    return [a for a in change.advisories if a.code == CODE]


@pytest.mark.parametrize(("text", "what"), EXPOSING)
def test_a_description_with_a_contact_detail_gets_an_advisory(text: str, what: str) -> None:
    record, actor = new_record()
    change = cc.add_member(record, related_person(2), actor=actor, at=instant(1), description=text)
    assert change.applied  # an advisory, not a rejection
    (advisory,) = _advisories(change)
    assert advisory.path == "members[M2].description"
    assert what in advisory.message
    assert "(R12)" in advisory.message
    assert text not in advisory.message
    assert text not in str(advisory)
    assert privacy.text_findings(text) == (what,)


@pytest.mark.parametrize("text", CLEAN)
def test_plain_descriptions_get_none(text: str) -> None:
    record, actor = new_record()
    change = cc.add_member(record, related_person(2), actor=actor, at=instant(1), description=text)
    assert _advisories(change) == []
    assert privacy.text_findings(text) == ()


def test_a_phone_then_an_ins_in_two_runs() -> None:
    assert privacy.text_findings("06 12 34 56 78 ou NIR 255081416802538") == (
        "phone number",
        "INS number",
    )


def test_the_whole_message() -> None:
    record, _ = new_record()
    (advisory,) = privacy.text_advisories("06 12 34 56 78", record, path="p")
    assert (advisory.code, advisory.path, advisory.message) == (
        "PRIVATE_DETAIL_IN_TEXT",
        "p",
        (
            "this free text seems to hold a phone number: everyone in the circle may read it; "
            "keep contact details in the contact fields (R12)"
        ),
    )


def test_several_kinds_in_one_text_are_named_together() -> None:
    found = privacy.text_findings("mail a@b.fr ou 06 12 34 56 78, 12 rue des Lilas")
    assert found == ("e-mail address", "phone number", "postal address")
    record, _ = new_record()
    (advisory,) = privacy.text_advisories("a@b.fr / 0612345678", record, path="p")
    assert advisory.message.startswith(
        "this free text seems to hold a e-mail address and a phone number:"
    )


def test_a_known_detail_of_the_record_is_found_too() -> None:
    """An address line without a street number is no pattern, but it is the record's."""
    record, actor = new_record()
    neighbour = cc.RelatedPerson(
        family_name="Lopez",
        contact=cc.Contact(address=cc.Address(line="Le Moulin du Pech", postal_code="31600")),
    )
    record = cc.add_member(record, neighbour, actor=actor, at=instant(1)).record
    change = cc.update_member(
        record, "M1", actor=actor, at=instant(2), description="voir Le Moulin du Pech"
    )
    (advisory,) = _advisories(change)
    assert advisory.path == "members[M1].description"
    assert "private detail of the record" in advisory.message
    details = privacy.private_details(record)
    assert privacy.text_findings("voir Le Moulin du Pech", details) == (
        "private detail of the record",
    )
    assert privacy.text_findings("voir Le Moulin", details) == ()
    # The member's own details count while it joins.
    joining = cc.add_member(
        record,
        cc.RelatedPerson(
            family_name="Ruiz",
            contact=cc.Contact(address=cc.Address(line="La Borde Basse")),
        ),
        actor=actor,
        at=instant(2),
        description="habite La Borde Basse",
    )
    assert [a.path for a in _advisories(joining)] == ["members[M3].description"]


def test_only_texts_the_change_sets_are_judged() -> None:
    text = "joindre au 06 12 34 56 78"
    record, actor = joined(directory_professional(2), description=text)
    again = cc.update_member(record, "M2", actor=actor, at=instant(2), habilitated=True)
    assert again.applied
    assert _advisories(again) == []
    changed = cc.update_member(record, "M2", actor=actor, at=instant(2), description=text + " !")
    assert [a.path for a in _advisories(changed)] == ["members[M2].description"]


def test_a_professionals_structure_and_a_person_in_charge() -> None:
    record, actor = new_record()
    entry = attrs.evolve(directory_professional(2), structure="Cabinet, 06 12 34 56 78")
    added = cc.add_member(record, entry, actor=actor, at=instant(1))
    assert [a.path for a in _advisories(added)] == ["members[M2].member.structure"]
    structure = attrs.evolve(manual_structure(), person_in_charge="M. Roux, roux@asso.example")
    added = cc.add_member(added.record, structure, actor=actor, at=instant(2))
    assert [a.path for a in _advisories(added)] == ["members[M3].member.person_in_charge"]
    refreshed = cc.refresh_member(
        added.record,
        "M2",
        entry=attrs.evolve(entry, structure="Cabinet, 05 61 00 00 00"),
        actor=actor,
        at=instant(3),
    )
    assert [a.path for a in _advisories(refreshed)] == ["members[M2].member.structure"]


def test_the_creators_description_and_structure() -> None:
    entry = attrs.evolve(directory_professional(1), structure="DAC 31 — 05 61 00 00 00")
    change = cc.create_record(
        record_id="DC-1",
        patient=new_record()[0].patient,
        creator=cc.Principal.from_entry(entry),
        creator_entry=entry,
        at=instant(0),
        description="coordination@dac31.example",
    )
    assert [a.path for a in _advisories(change)] == [
        "members[M1].description",
        "members[M1].member.structure",
    ]


def test_a_change_that_changes_nothing_carries_no_advisory() -> None:
    record, actor = joined(related_person(2), description="06 12 34 56 78")
    noop = cc.update_member(record, "M2", actor=actor, at=instant(2), description="06 12 34 56 78")
    assert not noop.applied
    assert noop.advisories == ()


def test_validate_names_the_text_by_default() -> None:
    person = cc.RelatedPerson(family_name="Lopez", contact=cc.Contact(mobile="06 12 34 56 78"))
    record, _ = joined(person)
    with pytest.raises(cc.ChangeRejected) as caught:
        privacy.validate("06 12 34 56 78", record)
    assert [(v.code, v.path) for v in caught.value.violations] == [
        ("PRIVATE_DETAIL_EXPOSED", "text")
    ]
    (violation,) = privacy.check("06 12 34 56 78", record)
    assert violation.path == "text"


def test_the_patients_ins_is_a_known_detail() -> None:
    from carecircle.identifiers.ins import Ins

    record, actor = new_record()
    ins = Ins(value="255081416802538", oid="1.2.250.1.213.1.4.8")
    record = attrs.evolve(record, patient=attrs.evolve(record.patient, ins=ins))
    (advisory,) = privacy.text_advisories("ref 255081416802538", record, path="p")
    assert "INS number" in advisory.message
    change = cc.update_member(
        record, "M1", actor=actor, at=instant(1), description="255081416802538"
    )
    assert [a.code for a in change.advisories] == [CODE]
