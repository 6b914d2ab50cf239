"""Rule modules pinned to the letter: the exact codes, paths, kinds and messages the rules of
R5-R12 produce, and the edge cases of their scans, so that a changed message, path or branch
in ``carecircle.rules`` fails a test (the survivors of the mutation run, see docs/testing.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
import pytest

import carecircle as cc
from carecircle import DEFAULT_ROLES, Advisory, Code
from carecircle.identifiers.ins import Ins
from carecircle.nomenclatures import categories, code_system, professions, relationships
from carecircle.rules import codes, duplicates, editing, privacy
from carecircle.rules import record as record_rules
from carecircle.rules._index import CircleIndex, index_of, pass_on
from carecircle.testing.builders import (
    directory_professional,
    directory_structure,
    instant,
    new_record,
    related_person,
)

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.records import editor_and_member, imported, next_version, old_member
    from helpers.roles import service_role
else:
    from .helpers.records import editor_and_member, imported, next_version, old_member
    from .helpers.roles import service_role

VALID_NIR = "185057800608491"  # 15 characters, its key checked
PSYCHOLOGUE = code_system("TRE_G15").code("93")  # closed in TRE_G15
COUSIN = code_system("TRE_R216").code("COUSIN")  # closed in TRE_R216
REFERENT = service_role("REFERENT", "Référent de parcours", unique=False)
CUSTOM = DEFAULT_ROLES.with_roles(REFERENT)


#: A member who edits the circle for good (habilitated, no end, an active account).
EDITOR = old_member("M3", directory_professional(3), habilitated=True)


def _fields(violations: tuple[cc.Violation, ...] | list[cc.Violation]) -> list[tuple[object, ...]]:
    return [(v.code, v.path, v.kind, v.message) for v in violations]


VALUE = cc.ViolationKind.VALUE


class TestPrivacyMessages:
    """R12: the advisory and the violation say what was found, at the path given, never what."""

    def test_advisory_of_one_finding(self) -> None:
        record, _ = new_record()
        found = privacy.text_advisories(
            "joindre au 06 12 34 56 78", record, path="members[M2].description"
        )
        assert found == (
            Advisory(
                code="PRIVATE_DETAIL_IN_TEXT",
                path="members[M2].description",
                message="this free text seems to hold a phone number: everyone in the circle "
                "may read it; keep contact details in the contact fields (R12)",
            ),
        )

    def test_advisory_of_two_findings(self) -> None:
        record, _ = new_record()
        (advisory,) = privacy.text_advisories(
            "jeanne@example.fr, 3 rue de la Paix", record, path="structure"
        )
        assert (advisory.code, advisory.path, advisory.message) == (
            privacy.PRIVATE_DETAIL_IN_TEXT,
            "structure",
            (
                "this free text seems to hold a e-mail address and a postal address: everyone in "
                "the circle may read it; keep contact details in the contact fields (R12)"
            ),
        )

    def test_advisory_of_a_known_detail_of_a_member_about_to_join(self) -> None:
        record, _ = new_record()
        joining = old_member(
            "M9",
            attrs.evolve(
                related_person(9),
                contact=cc.Contact(address=cc.Address(line="Le Moulin Bas", city="Albi")),
            ),
        )
        assert privacy.text_advisories("passer au Le Moulin Bas", record, path="p") == ()
        (advisory,) = privacy.text_advisories(
            "passer au Le Moulin Bas", record, path="p", members=[joining]
        )
        assert advisory.message == (
            "this free text seems to hold a private detail of the record: everyone in the "
            "circle may read it; keep contact details in the contact fields (R12)"
        )

    def test_advisory_of_the_patients_ins(self) -> None:
        record, _ = new_record()
        text = f"ref 9{VALID_NIR}"  # 16 digits: no number the scan knows
        assert privacy.text_findings(text) == ()
        assert privacy.text_advisories(text, record, path="p") == ()
        ins = Ins(value=VALID_NIR, oid="1.2.250.1.213.1.4.8")
        record = attrs.evolve(record, patient=attrs.evolve(record.patient, ins=ins))
        (advisory,) = privacy.text_advisories(text, record, path="p")
        assert advisory.message.startswith("this free text seems to hold a private detail of")

    def test_check_and_validate_default_to_the_path_text(self) -> None:
        daughter = attrs.evolve(related_person(2), contact=cc.Contact(mobile="06 12 34 56 78"))
        record = imported(old_member("M2", daughter))
        assert _fields(privacy.check("call 06.12.34.56.78", record)) == [
            (
                "PRIVATE_DETAIL_EXPOSED",
                "text",
                VALUE,
                "the text shows 1 private detail(s) of the record (R12)",
            )
        ]
        assert privacy.check("call 06.12.34.56.78", record, path="note")[0].path == "note"
        with pytest.raises(cc.ChangeRejected) as caught:
            privacy.validate("+33612345678", record)
        assert [(v.code, v.path) for v in caught.value.violations] == [
            ("PRIVATE_DETAIL_EXPOSED", "text")
        ]
        assert privacy.validate("nothing here", record) == "nothing here"


class TestPrivateDetails:
    """R12: every detail of a member's contact (e-mail, phones, street) and of a structure's
    address is found, together."""

    def test_contact_and_address_are_both_found(self) -> None:
        contact = cc.Contact(
            email="Julie@Example.fr",
            address=cc.Address(line="12 Rue des Lilas", city="Albi", postal_code="81000"),
        )
        structure = attrs.evolve(
            directory_structure(3),
            address=cc.Address(line="1 Place du Capitole", city="Toulouse", postal_code="31000"),
        )
        record = imported(
            old_member("M1", attrs.evolve(related_person(1), contact=contact)),
            old_member("M2", structure),
        )
        assert privacy.private_details(record) == frozenset(
            {"julie@example.fr", "12 rue des lilas", "1 place du capitole"}
        )

    def test_phones_in_every_dialled_form(self) -> None:
        contact = cc.Contact(mobile="06 12 34 56 78", landline="01 23 45 67 89")
        record = imported(old_member("M1", attrs.evolve(related_person(1), contact=contact)))
        details = privacy.private_details(record)
        assert details == frozenset({"0612345678", "33612345678", "0123456789", "33123456789"})
        assert len(privacy.check("0123456789 ou 0612345678", record)) == 1


class TestTextFindings:
    """R12: what kinds of private detail a free text seems to hold, in a fixed order."""

    def test_every_kind_in_order(self) -> None:
        text = f"3 rue Haute, ins {VALID_NIR}, 06 12 34 56 78, a.b@example.fr"
        assert privacy.text_findings(text) == (
            "e-mail address",
            "phone number",
            "INS number",
            "postal address",
        )

    def test_each_kind_alone(self) -> None:
        assert privacy.text_findings("write to a.b@example.fr") == ("e-mail address",)
        assert privacy.text_findings("0612345678") == ("phone number",)
        assert privacy.text_findings(VALID_NIR) == ("INS number",)
        assert privacy.text_findings("2 avenue Foch") == ("postal address",)
        assert privacy.text_findings("nothing to see") == ()

    def test_a_15_digit_run_that_is_not_a_valid_nir_is_no_ins(self) -> None:
        wrong_key = VALID_NIR[:-2] + "92"
        assert privacy.text_findings(wrong_key) == ()
        assert privacy.text_findings("n° 123456789012345") == ()
        assert privacy.text_findings(VALID_NIR[:-1]) == ()  # 14 digits

    def test_known_details_only_when_nothing_else_is_found(self) -> None:
        assert privacy.text_findings("chez zzz", ["zzz"]) == ("private detail of the record",)
        assert privacy.text_findings("chez zzz", ["yyy", "zzz"]) == (
            "private detail of the record",
        )
        assert privacy.text_findings("chez zzz", ["yyy"]) == ()
        assert privacy.text_findings("chez zzz 0612345678", ["zzz"]) == ("phone number",)

    def test_a_run_judged_whole_then_the_next_run(self) -> None:
        assert privacy.text_findings(f"{VALID_NIR} puis 06 12 34 56 78") == (
            "phone number",
            "INS number",
        )
        assert privacy.text_findings(f"06 12 34 56 78 puis {VALID_NIR}") == (
            "phone number",
            "INS number",
        )

    def test_a_stretch_of_groups_from_the_first(self) -> None:
        assert privacy.text_findings("06 12 34 56 78 99") == ("phone number",)

    def test_a_stretch_of_groups_after_a_leading_number(self) -> None:
        assert privacy.text_findings("dossier 12 06 12 34 56 78") == ("phone number",)
        assert privacy.text_findings("dossier 12 0612345678") == ("phone number",)

    def test_two_numbers_typed_one_after_the_other(self) -> None:
        assert privacy.text_findings("06 12 34 56 78 06 12 34 56 79") == ("phone number",)
        assert privacy.text_findings(f"06 12 34 56 78 {VALID_NIR}") == (
            "phone number",
            "INS number",
        )

    def test_the_17_character_boundary(self) -> None:
        # 00 and 15 digits: 17 characters, the longest number, after a leading group.
        assert privacy.text_findings("5 00123456789012345") == ("phone number",)
        assert privacy.text_findings("5 0012345678901234") == ("phone number",)
        # 00 and 16 digits is no number, whole or in part.
        assert privacy.text_findings("5 001234567890123456") == ()

    def test_a_stretch_of_several_groups_after_a_leading_number(self) -> None:
        assert privacy.text_findings("7 00 33 6 12 34 56 78") == ("phone number",)
        assert privacy.text_findings("12 34 2 55 08 2a 168 025") == ()


class TestCodeMessages:
    """Codes: the message names the field (profession, relationship, establishment category,
    role) and the path names the member's field."""

    at = instant(0)

    def test_check_code_default_and_given_what(self) -> None:
        wrong = Code("urn:x", "1")
        assert _fields(codes.check_code(wrong, path="p.q", at=self.at, systems={"urn:y"})) == [
            ("CODE_NOT_ALLOWED", "p.q", VALUE, "not a code code")
        ]
        assert _fields(
            codes.check_code(Code("urn:y", "1"), path="p.r", at=self.at, systems={"urn:y"})
        ) == [("UNKNOWN_CODE", "p.r", VALUE, "unknown code code")]
        assert _fields(codes.check_code(PSYCHOLOGUE, path="p.s", at=self.at)) == [
            ("CLOSED_CODE", "p.s", VALUE, "the code code 93 (Psychologue) is closed")
        ]
        assert codes.check_code(Code("urn:y", "1"), path="p", at=self.at) == ()
        assert codes.check_code(PSYCHOLOGUE, path="p", at=self.at, systems=None) != ()

    def _check(self, member: object, **fields: object) -> list[tuple[object, ...]]:
        record = imported(old_member("M2", member, **fields))  # type: ignore[arg-type]
        return _fields(codes.check(record, at=self.at))

    def test_profession(self) -> None:
        wrong = attrs.evolve(directory_professional(2), profession=Code("urn:x", "1"))
        assert self._check(wrong) == [
            ("CODE_NOT_ALLOWED", "members[M2].member.profession", VALUE, "not a profession code")
        ]
        unknown = attrs.evolve(
            directory_professional(2), profession=Code(professions.MEDECIN.system, "00")
        )
        assert self._check(unknown) == [
            ("UNKNOWN_CODE", "members[M2].member.profession", VALUE, "unknown profession code")
        ]
        closed = cc.ManualProfessional(family_name="Petit", profession=PSYCHOLOGUE)
        assert self._check(closed) == [
            (
                "CLOSED_CODE",
                "members[M2].member.profession",
                VALUE,
                "the profession code 93 (Psychologue) is closed",
            )
        ]

    def test_relationship(self) -> None:
        person = cc.RelatedPerson(family_name="Doe", relationship=Code("urn:x", "1"))
        assert self._check(person) == [
            (
                "CODE_NOT_ALLOWED",
                "members[M2].member.relationship",
                VALUE,
                "not a relationship code",
            )
        ]
        system = sorted(relationships.SYSTEMS)[0]
        person = cc.RelatedPerson(family_name="Doe", relationship=Code(system, "NOPE"))
        assert self._check(person) == [
            ("UNKNOWN_CODE", "members[M2].member.relationship", VALUE, "unknown relationship code")
        ]
        person = cc.RelatedPerson(family_name="Doe", relationship=COUSIN)
        assert self._check(person) == [
            (
                "CLOSED_CODE",
                "members[M2].member.relationship",
                VALUE,
                "the relationship code COUSIN (Cousin(e)) is closed",
            )
        ]

    def test_establishment_category(self) -> None:
        wrong = attrs.evolve(directory_structure(2), category=Code("urn:x", "1"))
        assert self._check(wrong) == [
            (
                "CODE_NOT_ALLOWED",
                "members[M2].member.category",
                VALUE,
                "not a establishment category code",
            )
        ]
        unknown = attrs.evolve(directory_structure(2), category=Code(categories.SYSTEM, "0000"))
        assert self._check(unknown) == [
            (
                "UNKNOWN_CODE",
                "members[M2].member.category",
                VALUE,
                "unknown establishment category code",
            )
        ]

    def test_roles_sorted_at_the_roles_path(self) -> None:
        member = directory_professional(2)
        found = self._check(member, roles={COUSIN, PSYCHOLOGUE})
        assert found == [
            ("CLOSED_CODE", "members[M2].roles", VALUE, "the role code 93 (Psychologue) is closed"),
            (
                "CLOSED_CODE",
                "members[M2].roles",
                VALUE,
                "the role code COUSIN (Cousin(e)) is closed",
            ),
        ]

    def test_fields_then_roles(self) -> None:
        closed = cc.ManualProfessional(family_name="Petit", profession=PSYCHOLOGUE)
        found = self._check(closed, roles={COUSIN})
        assert [path for _, path, _, _ in found] == [
            "members[M2].member.profession",
            "members[M2].roles",
        ]


class TestDuplicateMessages:
    """R8, R9: a twin under several memberships is named by all of them, in circle order."""

    def test_two_active_twins(self) -> None:
        record = imported(
            old_member("M1", directory_professional(7)),
            old_member("M2", directory_professional(7)),
            old_member("M3", directory_professional(7)),
        )
        found = duplicates.check(record, at=instant(1))
        assert _fields(found)[0] == (
            "DUPLICATE_MEMBER",
            "members[M1].member",
            cc.ViolationKind.CONFLICT,
            "already an active member as M2, M3 (R8)",
        )
        assert [v.message for v in found] == [
            "already an active member as M2, M3 (R8)",
            "already an active member as M1, M3 (R8)",
            "already an active member as M1, M2 (R8)",
        ]

    def test_two_former_twins(self) -> None:
        record = imported(
            old_member("M1", directory_professional(7), left=True),
            old_member("M2", directory_professional(7)),
            old_member("M3", directory_professional(7), left=True),
        )
        assert _fields(duplicates.check(record, at=instant(6))) == [
            (
                "FORMER_MEMBER",
                "members[M2].member",
                cc.ViolationKind.CONFLICT,
                (
                    "left the circle as M1, M3: bring them back with rejoin, as a new "
                    "participation of the same member (R9)"
                ),
            )
        ]


class TestEditingMessages:
    """R6: a stranger may not edit, with the reason spelled out."""

    def test_not_a_member(self) -> None:
        record, _ = new_record()
        stranger = cc.Principal(account="pass:999")
        assert _fields(editing.check(record, stranger, at=instant(1))) == [
            (
                "ACTOR_NOT_A_MEMBER",
                "actor",
                cc.ViolationKind.PERMISSION,
                "the actor may not edit this circle: not a member (R6)",
            )
        ]


class TestChangeChecks:
    """R6, R10, R11: what check_change adds of its own, and the catalogue it passes on."""

    @pytest.fixture
    def before(self) -> cc.CoordinationRecord:
        return editor_and_member()

    actor = cc.Principal.from_entry(directory_professional(1))

    def _both(
        self,
        before: cc.CoordinationRecord,
        after: cc.CoordinationRecord,
        changed: list[str],
        *,
        at: int = 6,
        actor: cc.Principal | None = None,
        **kw: object,
    ) -> list[tuple[object, ...]]:
        actor = actor or self.actor
        args = {"actor": actor, "at": instant(at), "changed": changed, **kw}
        full = record_rules.check_change_full(before, after, **args)  # type: ignore[arg-type]
        assert record_rules.check_change(before, after, **args) == full  # type: ignore[arg-type]
        return _fields(full)

    def test_a_stranger_and_an_instant_before_the_last_change(
        self, before: cc.CoordinationRecord
    ) -> None:
        before = attrs.evolve(before, updated_at=instant(5))
        m1, m2 = before.circle.memberships
        after = next_version(before, m1, attrs.evolve(m2, description="x"))
        found = self._both(before, after, ["M2"], at=4, actor=cc.Principal(account="pass:999"))
        assert found == [
            (
                "ACTOR_NOT_A_MEMBER",
                "actor",
                cc.ViolationKind.PERMISSION,
                "the actor may not edit this circle: not a member (R6)",
            ),
            (
                "INSTANT_BEFORE_LAST_CHANGE",
                "at",
                VALUE,
                "a change cannot apply before the record's latest change (R10)",
            ),
        ]
        assert self._both(before, after, ["M2"], at=5) == []

    def test_only_the_member_whose_end_is_past(self, before: cc.CoordinationRecord) -> None:
        # M3 edits for good, so that limiting M1 leaves an editor (NO_EDITOR_LEFT).
        before = attrs.evolve(before, circle=before.circle.replace(EDITOR))
        m1, m2, m3 = before.circle.memberships
        after = next_version(
            before,
            attrs.evolve(m1, habilitation_ends=instant(60)),
            attrs.evolve(m2, habilitated=True, habilitation_ends=instant(3)),
            m3,
        )
        expected = [
            (
                "HABILITATION_ENDS_IN_PAST",
                "members[M2].habilitation_ends",
                VALUE,
                "a habilitation must end after the instant it is granted",
            )
        ]
        assert self._both(before, after, ["M1", "M2"]) == expected
        after = next_version(
            before, m1, attrs.evolve(m2, habilitated=True, habilitation_ends=instant(3)), m3
        )
        assert self._both(before, after, ["M1", "M2"]) == expected
        assert self._both(before, after, ["M2", "M1"]) == expected

    def test_an_end_at_the_instant_itself_is_past(self, before: cc.CoordinationRecord) -> None:
        m1, m2 = before.circle.memberships
        after = next_version(
            before, m1, attrs.evolve(m2, habilitated=True, habilitation_ends=instant(6))
        )
        assert [f[0] for f in self._both(before, after, ["M2"], at=6)] == [
            "HABILITATION_ENDS_IN_PAST"
        ]
        assert self._both(before, after, ["M2"], at=5) == []

    def test_an_old_end_kept_is_not_judged_again(self) -> None:
        before = imported(
            old_member("M1", directory_professional(1), habilitated=True),
            old_member(
                "M2", directory_professional(2), habilitated=True, habilitation_ends=instant(3)
            ),
        )
        m1, m2 = before.circle.memberships
        after = next_version(before, m1, attrs.evolve(m2, description="note"))
        assert self._both(before, after, ["M2"]) == []
        # The same end on a habilitation switched back on is judged.
        before = attrs.evolve(
            before,
            circle=cc.CareCircle(memberships=(m1, attrs.evolve(m2, habilitated=False))),
        )
        after = next_version(before, m1, m2)
        assert [f[:2] for f in self._both(before, after, ["M2"])] == [
            ("HABILITATION_ENDS_IN_PAST", "members[M2].habilitation_ends")
        ]

    def test_a_new_member_with_a_past_end(self, before: cc.CoordinationRecord) -> None:
        m1, m2 = before.circle.memberships
        new = old_member(
            "M3", directory_professional(3), habilitated=True, habilitation_ends=instant(2)
        )
        after = next_version(before, m1, m2, new)
        assert [f[:2] for f in self._both(before, after, ["M3"])] == [
            ("HABILITATION_ENDS_IN_PAST", "members[M3].habilitation_ends")
        ]
        assert self._both(before, after, []) == []  # a member not named is not judged

    def test_the_catalogue_reaches_the_full_path(self, before: cc.CoordinationRecord) -> None:
        m1, m2 = before.circle.memberships
        custom = old_member("M3", directory_professional(3), roles={REFERENT.code})
        reordered = next_version(before, m2, m1, custom)  # not built as operations do
        appended = next_version(before, m1, m2, custom)
        for after in (reordered, appended):
            assert self._both(before, after, ["M3"], catalog=CUSTOM) == []
            assert [f[:2] for f in self._both(before, after, ["M3"])] == [
                ("UNKNOWN_ROLE", "members[M3].roles")
            ]
        assert (
            record_rules.validate_change(
                before, reordered, actor=self.actor, at=instant(6), changed=["M3"], catalog=CUSTOM
            )
            is reordered
        )
        with pytest.raises(cc.ChangeRejected) as caught:
            record_rules.validate_change(
                before, reordered, actor=self.actor, at=instant(6), changed=["M3"]
            )
        assert caught.value.codes == ("UNKNOWN_ROLE",)

    def test_violations_of_members_not_named_are_left_out(
        self, before: cc.CoordinationRecord
    ) -> None:
        m1, m2 = before.circle.memberships
        twin = old_member("M3", directory_professional(2))
        after = next_version(before, m1, m2, twin)
        assert [f[:2] for f in self._both(before, after, ["M3"])] == [
            ("DUPLICATE_MEMBER", "members[M3].member")
        ]
        reordered = next_version(before, m2, m1, twin)
        assert [f[:2] for f in self._both(before, reordered, ["M3"])] == [
            ("DUPLICATE_MEMBER", "members[M3].member")
        ]
        assert self._both(before, reordered, ["M1"]) == []


class TestChangeChecksOrderAndEnds:
    """R5, R8, R11: the incremental check agrees with the full one in the cases an operation
    rarely builds: a habilitation end set on a member already habilitated, several members
    appended and named in another order."""

    actor = cc.Principal.from_entry(directory_professional(1))

    @pytest.fixture
    def before(self) -> cc.CoordinationRecord:
        return editor_and_member()

    def _both(
        self, before: cc.CoordinationRecord, after: cc.CoordinationRecord, changed: list[str]
    ) -> list[tuple[object, ...]]:
        full = record_rules.check_change_full(
            before, after, actor=self.actor, at=instant(6), changed=changed
        )
        fast = record_rules.check_change(
            before, after, actor=self.actor, at=instant(6), changed=changed
        )
        assert fast == full
        return _fields(full)

    def test_a_past_end_set_on_a_member_already_habilitated(
        self, before: cc.CoordinationRecord
    ) -> None:
        # M3 edits for good, so that M1's end leaves an editor (NO_EDITOR_LEFT).
        before = attrs.evolve(before, circle=before.circle.replace(EDITOR))
        m1, m2, m3 = before.circle.memberships
        after = attrs.evolve(
            before,
            circle=cc.CareCircle(
                memberships=(attrs.evolve(m1, habilitation_ends=instant(3)), m2, m3)
            ),
            version=2,
        )
        assert [f[:2] for f in self._both(before, after, ["M1"])] == [
            ("HABILITATION_ENDS_IN_PAST", "members[M1].habilitation_ends")
        ]

    def test_appended_members_named_in_another_order(self, before: cc.CoordinationRecord) -> None:
        m1, m2 = before.circle.memberships
        m3 = old_member("M3", directory_professional(2))
        m4 = old_member("M4", directory_professional(2))
        after = next_version(before, m1, m2, m3, m4)
        expected = [
            (
                "DUPLICATE_MEMBER",
                "members[M3].member",
                cc.ViolationKind.CONFLICT,
                "already an active member as M2, M4 (R8)",
            ),
            (
                "DUPLICATE_MEMBER",
                "members[M4].member",
                cc.ViolationKind.CONFLICT,
                "already an active member as M2, M3 (R8)",
            ),
        ]
        assert self._both(before, after, ["M4", "M3"]) == expected
        assert self._both(before, after, ["M3", "M4"]) == expected
        found = record_rules.changed_violations(before, after, at=instant(6), changed=["M4", "M3"])
        assert _fields(found) == expected


class TestDerivedIndex:
    """R7, R8: the index passed on to the next circle is the one the circle would build, even
    when a member named as changed is not in it."""

    def test_an_unknown_member_named_first(self) -> None:
        m1 = old_member("M1", directory_professional(1), habilitated=True)
        m2 = old_member("M2", directory_professional(2))
        before = cc.CareCircle(memberships=(m1, m2))
        edited = attrs.evolve(m2, member=directory_professional(5), roles={REFERENT.code})
        m3 = old_member("M3", directory_professional(6), roles={REFERENT.code})
        after = cc.CareCircle(memberships=(m1, edited, m3))
        parent = index_of(before)
        pass_on(before, after, ["MX", "M2", "M3"])
        derived = index_of(after)
        assert derived is not parent
        fresh = CircleIndex(cc.CareCircle(memberships=after.memberships))
        assert derived.position == fresh.position == {"M1": 0, "M2": 1, "M3": 2}
        assert derived.role_holders == fresh.role_holders == {REFERENT.code: [1, 2]}
        assert derived.identity_holders == fresh.identity_holders
        assert not any(
            key in derived.identity_holders for key in m2.identity_keys - edited.identity_keys
        )


LEAD = service_role("LEAD", "Coordinateur")
WITH_LEAD = DEFAULT_ROLES.with_roles(LEAD)


class TestOldViolationsUnderACustomCatalogue:
    """R7, R11: a violation the record already had under the service's catalogue is not the
    change's, on the full path as on the incremental one."""

    def test_a_unique_role_held_twice_before(self) -> None:
        before = imported(
            old_member("M1", directory_professional(1), habilitated=True, roles={LEAD.code}),
            old_member("M2", directory_professional(2), roles={LEAD.code}),
        )
        m1, m2 = before.circle.memberships
        after = next_version(before, m1, attrs.evolve(m2, description="note"))
        actor = cc.Principal.from_entry(directory_professional(1))
        args = {"actor": actor, "at": instant(6), "changed": ["M2"], "catalog": WITH_LEAD}
        assert [v.code for v in record_rules.check(after, at=instant(6), catalog=WITH_LEAD)]
        assert record_rules.check_change_full(before, after, **args) == ()  # type: ignore[arg-type]
        assert record_rules.check_change(before, after, **args) == ()  # type: ignore[arg-type]


class TestNumberScanStops:
    """R12: a stretch of groups longer than any number ends that stretch, not the scan."""

    def test_a_long_group_then_a_phone(self) -> None:
        assert privacy.text_findings("dossier 123456789012345678 06 12 34 56 78") == (
            "phone number",
        )
        assert privacy.text_findings(f"5 001234567890123456 {VALID_NIR}") == ("INS number",)

    def test_a_run_found_whole_is_not_scanned_in_parts(self) -> None:
        # A grouped NIR holds "05 78 006 084", ten digits a phone number would have.
        assert privacy.text_findings("1 85 05 78 006 084 91") == ("INS number",)
