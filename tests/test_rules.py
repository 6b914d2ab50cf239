"""Rule modules used directly: R7 catalogue, codes, R11 change filtering, R12 privacy."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import attrs
import pytest

import carecircle as cc
from carecircle import DEFAULT_ROLES, Code
from carecircle.identifiers.ins import Ins
from carecircle.nomenclatures import code_system, professions
from carecircle.roles import AIDANT_PRINCIPAL, PCP, PERSONNE_DE_CONFIANCE
from carecircle.rules import codes, duplicates, eligibility, privacy, unique_roles
from carecircle.rules import record as record_rules
from carecircle.testing.builders import (
    directory_professional,
    directory_structure,
    instant,
    manual_structure,
    new_record,
    refusals,
    related_person,
)

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.circles import joined
    from helpers.records import editor_and_member, imported, next_version, old_member, unindexed
    from helpers.roles import REFERENT, WITH_REFERENT
else:
    from .helpers.circles import joined
    from .helpers.records import editor_and_member, imported, next_version, old_member, unindexed
    from .helpers.roles import REFERENT, WITH_REFERENT


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


class TestStructureAddressIsPrivate:
    """R12: a directory structure's own address (not a contact's) is a private detail."""

    def test_its_street_line_is_found_in_a_text(self) -> None:
        structure = attrs.evolve(
            directory_structure(3),
            address=cc.Address(line="1 Place du Capitole", city="Toulouse", postal_code="31000"),
        )
        record = imported(old_member("M1", structure))
        assert privacy.private_details(record) == frozenset({"1 place du capitole"})
        (violation,) = privacy.check("rendez-vous au 1 PLACE DU CAPITOLE", record, path="note")
        assert (violation.code, violation.path, violation.kind) == (
            "PRIVATE_DETAIL_EXPOSED",
            "note",
            cc.ViolationKind.VALUE,
        )
        assert violation.message == "the text shows 1 private detail(s) of the record (R12)"
        assert privacy.is_valid("rendez-vous à Toulouse", record)
        assert not privacy.is_valid("1 place du Capitole", record)

    def test_a_structure_without_address_or_line_has_none(self) -> None:
        assert (
            privacy.private_details(imported(old_member("M1", directory_structure(3))))
            == frozenset()
        )
        cityonly = attrs.evolve(directory_structure(3), address=cc.Address(city="Toulouse"))
        assert privacy.private_details(imported(old_member("M1", cityonly))) == frozenset()

    def test_a_manual_structures_contact_and_the_patients_ins(self) -> None:
        structure = attrs.evolve(
            manual_structure(),
            contact=cc.Contact(email="Accueil@Asso.example", landline="05 61 12 34 56"),
        )
        record = imported(old_member("M1", structure))
        details = privacy.private_details(record)
        assert "accueil@asso.example" in details
        assert "33561123456" in details
        assert "0561123456" in details
        ins = Ins(value="255081416802538", oid="1.2.250.1.213.1.4.8")
        with_ins = attrs.evolve(record, patient=attrs.evolve(record.patient, ins=ins))
        assert "255081416802538" in privacy.private_details(with_ins)
        assert privacy.validate("nothing here", with_ins) == "nothing here"
        with pytest.raises(cc.ChangeRejected) as caught:
            privacy.validate("INS 255081416802538", with_ins, path="log")
        assert [(v.code, v.path) for v in caught.value.violations] == [
            ("PRIVATE_DETAIL_EXPOSED", "log")
        ]


class TestCustomCatalogueThroughTheRules:
    """R7: a service's own catalogue goes through rules.record and rules.unique_roles."""

    @pytest.fixture
    def record(self) -> cc.CoordinationRecord:
        return imported(
            old_member("M1", directory_professional(1), roles={REFERENT.code}),
            old_member("M2", directory_professional(2), roles={REFERENT.code}),
            old_member("M3", related_person(3), roles={REFERENT.code}),
        )

    def test_unique_and_kinds_of_the_custom_role(self, record: cc.CoordinationRecord) -> None:
        found = unique_roles.check(record, at=instant(1), catalog=WITH_REFERENT)
        assert [(v.code, v.path, v.kind) for v in found] == [
            ("ROLE_NOT_ALLOWED_FOR_KIND", "members[M3].roles", cc.ViolationKind.VALUE),
            ("UNIQUE_ROLE_TAKEN", "members[M1].roles", cc.ViolationKind.CONFLICT),
            ("UNIQUE_ROLE_TAKEN", "members[M2].roles", cc.ViolationKind.CONFLICT),
            ("UNIQUE_ROLE_TAKEN", "members[M3].roles", cc.ViolationKind.CONFLICT),
        ]
        assert found[0].message == "a related person cannot hold the role 'Référent de parcours'"
        # The wording may change; each message names the role and the other holders.
        for violation, others in zip(
            found[1:], (("M2", "M3"), ("M1", "M3"), ("M1", "M2")), strict=True
        ):
            assert "'Référent de parcours'" in violation.message
            assert all(other in violation.message for other in others)
            assert violation.message.endswith("(R7)")
        assert record_rules.check(record, at=instant(1), catalog=WITH_REFERENT) == found
        assert not record_rules.is_valid(record, at=instant(1), catalog=WITH_REFERENT)
        assert not unique_roles.is_valid(record, at=instant(1), catalog=WITH_REFERENT)
        with pytest.raises(cc.ChangeRejected) as caught:
            record_rules.validate(record, at=instant(1), catalog=WITH_REFERENT)
        assert len(caught.value.violations) == 4
        with pytest.raises(cc.ChangeRejected):
            unique_roles.validate(record, at=instant(1), catalog=WITH_REFERENT)

    def test_the_default_catalogue_does_not_know_it(self, record: cc.CoordinationRecord) -> None:
        found = record_rules.check(record, at=instant(1))
        assert [(v.code, v.path) for v in found] == [
            ("UNKNOWN_ROLE", "members[M1].roles"),
            ("UNKNOWN_ROLE", "members[M2].roles"),
            ("UNKNOWN_ROLE", "members[M3].roles"),
        ]
        assert {v.message for v in found} == {"this role is not in the catalogue"}
        assert unique_roles.check(record, at=instant(1)) == found

    def test_a_single_holder_is_valid(self) -> None:
        record = imported(old_member("M1", directory_professional(1), roles={REFERENT.code}))
        assert record_rules.is_valid(record, at=instant(1), catalog=WITH_REFERENT)
        assert unique_roles.is_valid(record, at=instant(1), catalog=WITH_REFERENT)
        assert unique_roles.validate(record, at=instant(1), catalog=WITH_REFERENT) is record
        assert record_rules.validate(record, at=instant(1), catalog=WITH_REFERENT) is record

    def test_an_operation_passes_its_catalogue_to_the_change_check(self) -> None:
        record, actor = joined(
            directory_professional(2), roles={REFERENT.code}, catalog=WITH_REFERENT
        )
        with pytest.raises(cc.ChangeRejected) as caught:
            cc.update_member(
                record,
                "M1",
                actor=actor,
                at=instant(2),
                roles={REFERENT.code},
                catalog=WITH_REFERENT,
            )
        assert [(v.code, v.path, v.kind) for v in caught.value.violations] == [
            ("UNIQUE_ROLE_TAKEN", "members[M1].roles", cc.ViolationKind.CONFLICT)
        ]
        message = caught.value.violations[0].message
        assert "'Référent de parcours'" in message and "M2" in message
        assert message.endswith("(R7)")

    def test_a_role_that_needs_a_profession(self) -> None:
        nurse = directory_professional(2, profession=professions.INFIRMIER)
        record = imported(old_member("M1", nurse, roles={PCP}))
        (violation,) = record_rules.check(record, at=instant(1))
        assert (violation.code, violation.path, violation.kind) == (
            "ROLE_REQUIRES_PROFESSION",
            "members[M1].roles",
            cc.ViolationKind.VALUE,
        )
        assert violation.message == "the role 'Médecin traitant' needs another profession"


NOT_ELIGIBLE = "cannot be habilitated: only directory professionals and structures can (R5)"
LEFT_AS_M1 = (
    "left the circle as M1: bring them back with rejoin, as a new participation of the same member"
)


class TestDuplicatesAreConflicts:
    """R8 and R9: duplicate and former members are ViolationKind.CONFLICT (ConflictError)."""

    def test_duplicate_member(self) -> None:
        record = imported(
            old_member("M1", directory_professional(1)),
            old_member("M2", directory_professional(1, account=False)),
            old_member("M3", directory_structure(4)),
        )
        found = duplicates.check(record, at=instant(1))
        assert [(v.code, v.path, v.kind, v.message) for v in found] == [
            (
                "DUPLICATE_MEMBER",
                "members[M1].member",
                cc.ViolationKind.CONFLICT,
                "already an active member as M2 (R8)",
            ),
            (
                "DUPLICATE_MEMBER",
                "members[M2].member",
                cc.ViolationKind.CONFLICT,
                "already an active member as M1 (R8)",
            ),
        ]
        assert [type(v.to_error()) for v in found] == [cc.ConflictError, cc.ConflictError]
        assert not duplicates.is_valid(record, at=instant(1))
        with pytest.raises(cc.ChangeRejected):
            duplicates.validate(record, at=instant(1))

    def test_former_member(self) -> None:
        record = imported(
            old_member("M1", directory_structure(4), left=True),
            old_member("M2", directory_professional(2), left=True),
            old_member("M3", directory_structure(4)),
            old_member(
                "M4", attrs.evolve(directory_professional(3), account=cc.PassAccount(id="pass:2"))
            ),
        )
        found = duplicates.check(record, at=instant(6))
        assert [(v.code, v.path, v.kind) for v in found] == [
            ("FORMER_MEMBER", "members[M3].member", cc.ViolationKind.CONFLICT),
            ("FORMER_MEMBER", "members[M4].member", cc.ViolationKind.CONFLICT),
        ]
        assert found[0].message == (
            "left the circle as M1: bring them back with rejoin, as a new participation of "
            "the same member (R9)"
        )
        assert isinstance(found[0].to_error(), cc.ConflictError)
        # Before M1 and M2 left, the same twins were duplicates.
        assert [v.code for v in duplicates.check(record, at=instant(1))] == ["DUPLICATE_MEMBER"] * 4

    def test_both_at_once_in_circle_order(self) -> None:
        record = imported(
            old_member("M1", directory_professional(1), left=True),
            old_member("M2", directory_professional(1)),
            old_member("M3", directory_professional(1)),
        )
        found = duplicates.check(record, at=instant(6))
        assert [(v.code, v.path, v.message.split(" (")[0]) for v in found] == [
            ("DUPLICATE_MEMBER", "members[M2].member", "already an active member as M3"),
            ("FORMER_MEMBER", "members[M2].member", LEFT_AS_M1),
            ("DUPLICATE_MEMBER", "members[M3].member", "already an active member as M2"),
            ("FORMER_MEMBER", "members[M3].member", LEFT_AS_M1),
        ]


class TestEligibilityMessages:
    def test_every_code_path_and_message(self) -> None:
        record = imported(
            old_member(
                "M1", related_person(1), habilitated=True, refusals=refusals(True, instant(0))
            ),
            old_member("M2", directory_professional(2), habilitation_ends=instant(9)),
            old_member("M3", manual_structure(), habilitated=True),
        )
        found = eligibility.check(record, at=instant(1))
        assert [(v.code, v.path, v.kind, v.message) for v in found] == [
            (
                "HABILITATION_NOT_ELIGIBLE",
                "members[M1].habilitated",
                cc.ViolationKind.VALUE,
                f"a related person {NOT_ELIGIBLE}",
            ),
            (
                "SHARING_REFUSAL_NOT_APPLICABLE",
                "members[M1].refusals",
                cc.ViolationKind.VALUE,
                "a sharing refusal applies to professionals and structures only (R4)",
            ),
            (
                "HABILITATION_END_WITHOUT_HABILITATION",
                "members[M2].habilitation_ends",
                cc.ViolationKind.VALUE,
                "only a habilitation can have an end: habilitate the member too",
            ),
            (
                "HABILITATION_NOT_ELIGIBLE",
                "members[M3].habilitated",
                cc.ViolationKind.VALUE,
                f"a manual structure {NOT_ELIGIBLE}",
            ),
        ]
        # Members who left are not judged.
        assert eligibility.check(record, at=instant(-1)) == ()
        assert eligibility.is_valid(record, at=instant(-1))
        assert eligibility.validate(record, at=instant(-1)) is record


class TestTheIncrementalPath:
    """check_change takes the indexed path only for an ``after`` built as operations build it."""

    @pytest.fixture
    def before(self) -> cc.CoordinationRecord:
        return editor_and_member()

    def _check(
        self, before: cc.CoordinationRecord, after: cc.CoordinationRecord, changed: list[str]
    ) -> bool:
        """Whether check_change took the indexed path (it builds before's index)."""
        fresh = unindexed(before)
        actor = cc.Principal.from_entry(directory_professional(1))
        full = record_rules.check_change_full(
            fresh, after, actor=actor, at=instant(1), changed=changed
        )
        assert (
            record_rules.check_change(fresh, after, actor=actor, at=instant(1), changed=changed)
            == full
        )
        return fresh.circle.rules_memo is not None

    def test_which_path(self, before: cc.CoordinationRecord) -> None:
        m1, m2 = before.circle.memberships
        new = old_member("M3", related_person(3))
        edited = attrs.evolve(m2, habilitated=True)
        after = functools.partial(next_version, before)
        assert self._check(before, after(m1, edited), ["M2"])
        assert self._check(before, after(m1, m2, new), ["M3"])
        assert self._check(before, after(m1, edited, new), ["M3", "M2"])
        assert self._check(before, after(m1, m2), [])
        assert not self._check(before, after(m1), ["M2"])  # shorter
        assert not self._check(before, after(m1, edited), ["M1"])  # M2 changed unnamed
        assert not self._check(before, after(m2, m1), ["M1", "M2"])  # reordered
        assert not self._check(before, after(m1, m2, new), [])  # appended unnamed
        moved = attrs.evolve(m1, member_id="M3")
        assert not self._check(before, after(moved, m2), ["M3"])  # another id in place


def test_validate_change_returns_after_or_raises() -> None:
    before, actor = new_record()
    after = cc.add_member(before, directory_professional(2), actor=actor, at=instant(1)).record
    assert (
        record_rules.validate_change(before, after, actor=actor, at=instant(1), changed=["M2"])
        is after
    )
    stranger = cc.Principal(account="pass:999")
    with pytest.raises(cc.ChangeRejected) as caught:
        record_rules.validate_change(before, after, actor=stranger, at=instant(1), changed=["M2"])
    assert caught.value.codes == ("ACTOR_NOT_A_MEMBER",)
    # The catalogue goes through: a service's role is unknown to the default one.
    custom = cc.Membership(
        member_id="M3",
        member=directory_professional(3),
        roles={REFERENT.code},
        participations=(cc.Participation(start=instant(1), added_by="pass:1"),),
    )
    after = attrs.evolve(before, circle=before.circle.replace(custom), version=2)
    checked = record_rules.validate_change(
        before, after, actor=actor, at=instant(1), changed=["M3"], catalog=WITH_REFERENT
    )
    assert checked is after
    with pytest.raises(cc.ChangeRejected) as caught:
        record_rules.validate_change(before, after, actor=actor, at=instant(1), changed=["M3"])
    assert caught.value.codes == ("UNKNOWN_ROLE",)


def test_rejoining_imported_data_before_the_last_end() -> None:
    """Old data whose updated_at precedes a participation's end: only the overlap is reported."""
    creator = old_member("M1", directory_professional(1), habilitated=True)
    left = cc.Membership(
        member_id="M2",
        member=directory_professional(2),
        participations=(cc.Participation(start=instant(3), end=instant(10), added_by="import"),),
    )
    record = imported(creator, left)
    actor = cc.Principal.from_entry(directory_professional(1))
    with pytest.raises(cc.ChangeRejected) as caught:
        cc.rejoin(record, "M2", actor=actor, at=instant(2))
    assert [(v.code, v.path) for v in caught.value.violations] == [
        ("PERIODS_OVERLAP", "members[M2].participations")
    ]


class TestChangeChecksInDetail:
    """The violations check_change adds of its own, with every field."""

    def test_an_instant_before_the_last_change(self) -> None:
        record, actor = new_record()
        record = cc.add_member(record, related_person(2), actor=actor, at=instant(5)).record
        with pytest.raises(cc.ChangeRejected) as caught:
            cc.add_member(record, related_person(3), actor=actor, at=instant(4))
        (violation,) = caught.value.violations
        assert (violation.code, violation.path, violation.kind, violation.message) == (
            "INSTANT_BEFORE_LAST_CHANGE",
            "at",
            cc.ViolationKind.VALUE,
            "a change cannot apply before the record's latest change (R10)",
        )

    def test_a_habilitation_end_in_the_past(self) -> None:
        record, actor = joined(directory_professional(2))
        with pytest.raises(cc.ChangeRejected) as caught:
            cc.habilitate(record, "M2", actor=actor, at=instant(5), until=instant(5))
        (violation,) = caught.value.violations
        assert (violation.code, violation.path, violation.kind, violation.message) == (
            "HABILITATION_ENDS_IN_PAST",
            "members[M2].habilitation_ends",
            cc.ViolationKind.VALUE,
            "a habilitation must end after the instant it is granted",
        )

    def test_ends_of_every_member_named_and_of_a_newly_switched_habilitation(self) -> None:
        """Imported: M2 without end, M3 unhabilitated with an end already past. Habilitating M3
        keeping that end is refused; M2, named first, does not stop the check."""
        before = imported(
            old_member("M1", directory_professional(1), habilitated=True),
            old_member("M2", directory_professional(2)),
            old_member("M3", directory_professional(3), habilitation_ends=instant(5)),
        )
        m2 = attrs.evolve(before.circle.get("M2"), description="x")
        m3 = attrs.evolve(before.circle.get("M3"), habilitated=True)
        after = attrs.evolve(
            before, circle=before.circle.replace(m2).replace(m3), version=2, updated_at=instant(9)
        )
        actor = cc.Principal.from_entry(directory_professional(1))
        found = record_rules.check_change(
            before, after, actor=actor, at=instant(9), changed=["M2", "M3"]
        )
        assert [(v.code, v.path) for v in found] == [
            ("HABILITATION_ENDS_IN_PAST", "members[M3].habilitation_ends")
        ]
        # A habilitated member whose past end is kept as it was is not judged again.
        kept = attrs.evolve(before, circle=before.circle.replace(m3))
        again = attrs.evolve(kept.circle.get("M3"), description="y")
        after = attrs.evolve(kept, circle=kept.circle.replace(again), version=2)
        assert (
            record_rules.check_change(kept, after, actor=actor, at=instant(9), changed=["M3"]) == ()
        )
