"""Rule modules pinned to the letter, continued (see ``test_rules_mutants.py``): the exact
violations of the circle's status and continuity (R6), of a legal protection measure (issue 10
item 4), of unique roles held three times or several at once (R7), and a platform's profession
catalogue passed through every entry point of ``rules.record`` and ``rules.codes`` (issue 10
item 6).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
import pytest

import carecircle as cc
from carecircle import DEFAULT_PROFESSIONS, DEFAULT_ROLES, CircleStatus, Code, Profession
from carecircle.nomenclatures import protection, relationships
from carecircle.professions import PLATFORM_PROFESSION_SYSTEM
from carecircle.roles import AIDANT_PRINCIPAL
from carecircle.rules import codes, eligibility, lifecycle, unique_roles
from carecircle.rules import record as record_rules
from carecircle.testing.builders import directory_professional, instant

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.records import imported, next_version, old_member
    from helpers.roles import service_role
else:
    from .helpers.records import imported, next_version, old_member
    from .helpers.roles import service_role

CONFLICT = cc.ViolationKind.CONFLICT
VALUE = cc.ViolationKind.VALUE
ACTOR = cc.Principal.from_entry(directory_professional(1))


#: M1 edits the circle for good (habilitated, no end, an active PASS account).
M1 = old_member("M1", directory_professional(1), habilitated=True)


class TestStatusViolations:
    """The circle's status: the violation names the status, at ``record.status``, a
    CONFLICT (the change is right, the circle's state refuses it)."""

    @pytest.mark.parametrize(
        ("status", "code"),
        [
            (CircleStatus.SUSPENDED, "CIRCLE_SUSPENDED"),
            (CircleStatus.INACTIVE, "CIRCLE_INACTIVE"),
            (CircleStatus.ENTERED_IN_ERROR, "CIRCLE_ENTERED_IN_ERROR"),
        ],
    )
    def test_the_exact_violation(self, status: CircleStatus, code: str) -> None:
        base = imported(M1)
        moved = cc.StatusChange(status=status, at=instant(0), by="import")
        record = attrs.evolve(base, status_history=(*base.status_history, moved))
        assert record.status is status
        expected = cc.Violation(
            code=code,
            path="record.status",
            message=f"the circle is {status}: its members cannot be changed",
            kind=CONFLICT,
        )
        assert lifecycle.status_violation(record) == expected
        after = next_version(record, attrs.evolve(M1, description="note"))
        found = record_rules.check_change(record, after, actor=ACTOR, at=instant(1), changed=["M1"])
        assert found == (expected,)

    def test_an_editable_status_has_none(self) -> None:
        assert lifecycle.status_violation(imported(M1)) is None


class TestContinuity:
    """R6: a change that takes away the circle's last editor for good is NO_EDITOR_LEFT, a
    CONFLICT at the member lost, with a message saying what to do."""

    expected = cc.Violation(
        code=lifecycle.NO_EDITOR_LEFT,
        path="members[M1]",
        message="the circle would be left with no member able to edit it for good (R6): "
        "habilitate another member first, or close the circle",
        kind=CONFLICT,
    )

    def test_the_last_editor_unhabilitated(self) -> None:
        before = imported(M1, old_member("M2", directory_professional(2)))
        after = next_version(before, attrs.evolve(M1, habilitated=False), before.circle.get("M2"))
        assert lifecycle.continuity(before, after, at=instant(1), changed=["M1"]) == [self.expected]
        found = record_rules.check_change(before, after, actor=ACTOR, at=instant(1), changed=["M1"])
        assert found == (self.expected,)

    def test_the_last_editor_removed_from_the_circle_is_lost(self) -> None:
        """A member ``after`` no longer has counts as an editor lost (a rule judges any
        ``after``, not only what the operations build)."""
        m2 = old_member("M2", directory_professional(2))
        before = imported(M1, m2)
        after = next_version(before, m2)
        assert lifecycle.continuity(before, after, at=instant(1), changed=["M1"]) == [self.expected]
        found = record_rules.check_change_full(
            before, after, actor=ACTOR, at=instant(1), changed=["M1"]
        )
        assert found == (self.expected,)
        # Another lasting editor left in the circle: nothing lost.
        m3 = old_member("M3", directory_professional(3), habilitated=True)
        before = imported(M1, m3)
        assert (
            lifecycle.continuity(before, next_version(before, m3), at=instant(1), changed=["M1"])
            == []
        )

    def test_an_editor_still_editing_after_the_change(self) -> None:
        before = imported(M1)
        after = next_version(before, attrs.evolve(M1, description="note"))
        assert lifecycle.continuity(before, after, at=instant(1), changed=["M1"]) == []


class TestLegalProtectionMessages:
    """Issue 10 item 4: the violations of a protection measure say what is wrong and where
    the measure goes."""

    at = instant(1)

    def _codes(self, m: cc.Membership) -> list[cc.Violation]:
        return list(codes.check(imported(m), at=self.at))

    def test_a_measure_given_as_a_relationship(self) -> None:
        person = cc.RelatedPerson(family_name="Martin", relationship=protection.CURATEUR)
        assert self._codes(old_member("M2", person)) == [
            cc.Violation(
                code="CODE_NOT_ALLOWED",
                path="members[M2].member.relationship",
                message="a legal protection measure is not a kinship: put it in legal_protection",
                kind=VALUE,
            )
        ]

    def test_a_measure_outside_the_protection_systems_or_unknown(self) -> None:
        guard = {cc.roles.REPRESENTANT_LEGAL}
        person = cc.RelatedPerson(family_name="Martin")
        kin = old_member("M2", person, roles=guard, legal_protection=relationships.FILLE)
        assert self._codes(kin) == [
            cc.Violation(
                code="CODE_NOT_ALLOWED",
                path="members[M2].legal_protection",
                message="not a legal protection measure code",
            )
        ]
        nope = Code(protection.LOCAL_PROTECTION_SYSTEM, "NOPE")
        unknown = old_member("M2", person, roles=guard, legal_protection=nope)
        assert self._codes(unknown) == [
            cc.Violation(
                code="UNKNOWN_CODE",
                path="members[M2].legal_protection",
                message="unknown legal protection measure code",
            )
        ]

    def test_a_measure_without_the_guard_role(self) -> None:
        person = cc.RelatedPerson(family_name="Martin")
        m = old_member("M2", person, legal_protection=protection.TUTEUR)
        expected = cc.Violation(
            code="PROTECTION_WITHOUT_REPRESENTATIVE",
            path="members[M2].legal_protection",
            message="a legal protection measure is exercised by a représentant légal: "
            "give the member the GUARD role too",
            kind=VALUE,
        )
        assert eligibility.member_violations(m) == [expected]
        assert list(record_rules.check(imported(M1, m), at=self.at)) == [expected]


A1, B1 = service_role("A1", "Rôle A1"), service_role("B1", "Rôle B1")
A0 = service_role("A0", "Rôle A0", unique=False)
LEADS = DEFAULT_ROLES.with_roles(A1, B1, A0)


class TestUniqueRolesTaken:
    """R7: a unique role held by several members names every other holder; several unique
    roles taken are reported in the order the full check meets them: at their first holder
    in circle order, then that holder's sorted roles."""

    at = instant(1)

    def test_three_holders_name_the_two_others(self) -> None:
        aidants = [
            old_member(f"M{i}", cc.RelatedPerson(family_name=f"P{i}"), roles={AIDANT_PRINCIPAL})
            for i in (1, 2, 3)
        ]
        found = unique_roles.check(imported(*aidants), at=self.at)
        assert [v.message for v in found] == [
            "the role 'Aidant principal' is unique and also held by M2, M3 (R7)",
            "the role 'Aidant principal' is unique and also held by M1, M3 (R7)",
            "the role 'Aidant principal' is unique and also held by M1, M2 (R7)",
        ]
        assert {(v.code, v.kind) for v in found} == {("UNIQUE_ROLE_TAKEN", CONFLICT)}

    def test_roles_taken_in_the_order_of_their_first_holder(self) -> None:
        # B1's first holder (M1, where it ranks second) comes before A1's (M2, ranked first).
        m1 = old_member("M1", directory_professional(1), habilitated=True, roles={A0.code, B1.code})
        m2 = old_member("M2", directory_professional(2), roles={A1.code})
        m3 = old_member("M3", directory_professional(3))
        before = imported(m1, m2, m3)
        after = next_version(before, m1, m2, attrs.evolve(m3, roles={A1.code, B1.code}))
        expected = [
            "the role 'Rôle B1' is unique and also held by M1 (R7)",
            "the role 'Rôle A1' is unique and also held by M2 (R7)",
        ]
        args = {"actor": ACTOR, "at": self.at, "changed": ["M3"], "catalog": LEADS}
        full = record_rules.check_change_full(before, after, **args)  # type: ignore[arg-type]
        fast = record_rules.check_change(before, after, **args)  # type: ignore[arg-type]
        assert [v.message for v in full] == expected
        assert [v.message for v in fast] == expected
        assert {v.path for v in fast} == {"members[M3].roles"}


PNM = Profession(
    code=Code(PLATFORM_PROFESSION_SYSTEM, "PERSONNEL_NON_MEDICAL"),
    label="Personnel non médical (hors administratif et informatique)",
)
UNDECLARED = Code(PLATFORM_PROFESSION_SYSTEM, "UNDECLARED")
PLATFORM = DEFAULT_PROFESSIONS.with_professions(PNM)


def _platform_member(member_id: str, n: int, profession: Code = PNM.code) -> cc.Membership:
    return old_member(member_id, directory_professional(n, profession=profession))


class TestPlatformProfessionsThroughEveryEntryPoint:
    """Issue 10 item 6: the catalogue given to ``rules.record`` and ``rules.codes`` is the
    one the professions are judged by, on every path; without it, a platform profession is
    an unknown code."""

    at = instant(1)
    unknown = cc.Violation(
        code="UNKNOWN_CODE",
        path="members[M2].member.profession",
        message="unknown profession code",
    )

    def test_a_record_with_a_platform_profession(self) -> None:
        record = imported(M1, _platform_member("M2", 2))
        for rules in (record_rules, codes):
            assert rules.is_valid(record, at=self.at, professions=PLATFORM)
            assert not rules.is_valid(record, at=self.at)
            assert rules.validate(record, at=self.at, professions=PLATFORM) is record
            with pytest.raises(cc.ChangeRejected) as caught:
                rules.validate(record, at=self.at)
            assert caught.value.violations == (self.unknown,)

    def test_a_member_with_a_platform_profession_added(self) -> None:
        before = imported(M1)
        joining = _platform_member("M2", 2)
        appended = next_version(before, M1, joining)
        reordered = next_version(before, joining, M1)  # not as operations build it: the full path
        args = {"actor": ACTOR, "at": self.at, "changed": ["M2"]}
        for after in (appended, reordered):
            assert record_rules.check_change(before, after, **args, professions=PLATFORM) == ()  # type: ignore[arg-type]
            assert record_rules.check_change(before, after, **args) == (self.unknown,)  # type: ignore[arg-type]
            assert (
                record_rules.validate_change(before, after, **args, professions=PLATFORM)  # type: ignore[arg-type]
                is after
            )
            with pytest.raises(cc.ChangeRejected):
                record_rules.validate_change(before, after, **args)  # type: ignore[arg-type]

    def test_an_undeclared_platform_code_replacing_a_declared_one(self) -> None:
        """The violation is the change's: under the platform's catalogue the record had no
        such violation before (under the default one it had, the same)."""
        before = imported(M1, _platform_member("M2", 2))
        after = next_version(before, M1, _platform_member("M2", 2, UNDECLARED))
        args = {"actor": ACTOR, "at": self.at, "changed": ["M2"], "professions": PLATFORM}
        assert record_rules.check_change_full(before, after, **args) == (self.unknown,)  # type: ignore[arg-type]
        assert record_rules.check_change(before, after, **args) == (self.unknown,)  # type: ignore[arg-type]
        assert record_rules.changed_violations(
            before, after, at=self.at, changed=["M2"], professions=PLATFORM
        ) == [self.unknown]
        # Under the default catalogue, M2's profession was already unknown: not the change's.
        assert (
            record_rules.check_change(before, after, actor=ACTOR, at=self.at, changed=["M2"]) == ()
        )
