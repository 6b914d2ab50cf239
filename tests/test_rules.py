"""Rule modules used directly: R7 catalogue, codes, R11 change filtering, R12 privacy."""

from __future__ import annotations

import attrs
import pytest

import carecircle as cc
from carecircle.identifiers import Ins
from carecircle.nomenclatures import Code, code_system, professions
from carecircle.roles import AIDANT_PRINCIPAL, DEFAULT_ROLES, PCP, PERSONNE_DE_CONFIANCE
from carecircle.rules import codes, privacy
from carecircle.rules import record as record_rules
from carecircle.testing.builders import (
    directory_professional,
    directory_structure,
    instant,
    new_record,
    related_person,
)


class TestRoleCatalogue:
    """R7, G7: which roles are unique, who may hold them; services extend the catalogue."""

    def test_unique_roles(self) -> None:
        assert {r.code for r in DEFAULT_ROLES.unique_roles()} == {
            PCP,
            AIDANT_PRINCIPAL,
            PERSONNE_DE_CONFIANCE,
        }
        assert DEFAULT_ROLES[PCP].profession == professions.MEDECIN

    def test_catalogue_holds_the_ans_role_codes(self) -> None:
        for name in ("TRE_R259", "TRE_R85"):
            for concept in code_system(name):
                assert concept.key in DEFAULT_ROLES
        assert code_system("TRE_R260").code("PAT") not in DEFAULT_ROLES

    def test_unknown_role_is_a_lookup_error(self) -> None:
        with pytest.raises(cc.NotFoundError) as caught:
            DEFAULT_ROLES[Code("urn:x", "NOPE")]
        assert caught.value.code == "UNKNOWN_ROLE"
        assert DEFAULT_ROLES.find(Code("urn:x", "NOPE")) is None
        assert len(DEFAULT_ROLES) == len(list(DEFAULT_ROLES))


class TestCodes:
    def test_unknown_profession_code(self) -> None:
        unknown = Code(professions.MEDECIN.system, "00")
        found = codes.check_code(
            unknown, path="p", at=instant(0), systems=professions.SYSTEMS, what="profession"
        )
        assert [v.code for v in found] == ["UNKNOWN_CODE"]

    def test_open_code_passes_and_local_roles_are_not_judged(self) -> None:
        assert codes.check_code(professions.MEDECIN, path="p", at=instant(0)) == ()
        assert codes.check_code(AIDANT_PRINCIPAL, path="p", at=instant(0)) == ()

    def test_closed_relationship_and_category(self) -> None:
        record, actor = new_record()
        cousin = code_system("TRE_R216").code("COUSIN")  # closed; COUSN is the live code
        person = cc.RelatedPerson(family_name="Doe", relationship=cousin)
        record = attrs.evolve(
            record,
            circle=record.circle.replace(
                cc.Membership(
                    member_id="M2",
                    member=person,
                    participations=(cc.Participation(start=instant(0), added_by="x"),),
                )
            ),
        )
        assert [(v.code, v.path) for v in codes.check(record, at=instant(0))] == [
            ("CLOSED_CODE", "members[M2].member.relationship"),
        ]
        assert not codes.is_valid(record, at=instant(0))
        with pytest.raises(cc.ChangeRejected):
            codes.validate(record, at=instant(0))
        structure = attrs.evolve(directory_structure(4), category=professions.MEDECIN)
        with pytest.raises(cc.ChangeRejected) as caught:
            cc.add_member(record, structure, actor=actor, at=instant(1))
        assert caught.value.codes == ("CODE_NOT_ALLOWED",)


class TestChangeChecks:
    """R11: a change is judged on what it introduces on the members it touches."""

    def test_pre_existing_violations_do_not_block_other_members(self) -> None:
        record, actor = new_record()
        twins = [
            cc.Membership(
                member_id=f"M{n}",
                member=related_person(n),
                roles={AIDANT_PRINCIPAL},
                participations=(cc.Participation(start=instant(0), added_by="x"),),
            )
            for n in (2, 3)
        ]
        for twin in twins:
            record = attrs.evolve(record, circle=record.circle.replace(twin))
        assert not record_rules.is_valid(record, at=instant(1))
        with pytest.raises(cc.ChangeRejected) as caught:
            record_rules.validate(record, at=instant(1))
        assert caught.value.codes == ("UNIQUE_ROLE_TAKEN", "UNIQUE_ROLE_TAKEN")
        change = cc.add_member(record, directory_professional(4), actor=actor, at=instant(1))
        assert change.applied

    def test_actor_is_judged_on_the_record_before_the_change(self) -> None:
        """R6: a stranger cannot make themself a habilitated member."""
        record, _ = new_record()
        stranger = directory_professional(9)
        with pytest.raises(cc.ChangeRejected) as caught:
            cc.add_member(
                record,
                stranger,
                actor=cc.Principal.from_entry(stranger),
                at=instant(1),
                habilitated=True,
            )
        assert caught.value.codes == ("ACTOR_NOT_A_MEMBER",)


class TestPrivacy:
    """R12: private details of the record never show in a text about it."""

    @pytest.fixture
    def record(self) -> cc.CoordinationRecord:
        record, actor = new_record()
        person = cc.RelatedPerson(
            family_name="Martin",
            unlisted=True,
            contact=cc.Contact(
                email="julie.martin@example.org",
                landline="05 61 12 34 56",
                address=cc.Address(line="12 rue des Lilas", postal_code="31600"),
            ),
        )
        record = cc.add_member(record, person, actor=actor, at=instant(1)).record
        ins = Ins(value="255081416802538", oid="1.2.250.1.213.1.4.8")
        return attrs.evolve(record, patient=attrs.evolve(record.patient, ins=ins))

    @pytest.mark.parametrize(
        "text",
        [
            "write to JULIE.MARTIN@example.org",
            "call 05-61-12-34-56",
            "call +33561123456",
            "lives at 12 Rue des Lilas",
            "INS 2 55 08 14 168 025 38",
        ],
    )
    def test_exposures_are_found(self, record: cc.CoordinationRecord, text: str) -> None:
        (violation,) = privacy.check(text, record)
        assert violation.code == "PRIVATE_DETAIL_EXPOSED"
        assert not privacy.is_valid(text, record)
        with pytest.raises(cc.ChangeRejected):
            privacy.validate(text, record)

    def test_reprs_and_names_are_clean(self, record: cc.CoordinationRecord) -> None:
        assert privacy.private_details(record)
        assert privacy.validate(repr(record), record) == repr(record)
        assert privacy.is_valid("MARTIN Julie, aidant principal", record)
