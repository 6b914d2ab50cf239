"""Legal protection (issue 10 item 4): the représentant légal (GUARD) may be any member kind,
stays not unique (R7), and the protection measure is a field of its own, distinct from kinship.

R5 (eligibility) rejects a measure on a member who is not a représentant légal; R11 reports
every problem at once and leaves the record as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import carecircle as cc
from carecircle import DEFAULT_ROLES, Code, rules
from carecircle.nomenclatures import protection, relationships, role_codes
from carecircle.roles import AIDANT_PRINCIPAL, REPRESENTANT_LEGAL
from carecircle.testing import strategies
from carecircle.testing.builders import (
    directory_professional,
    directory_structure,
    instant,
    manual_professional,
    manual_structure,
    new_record,
)

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.circles import joined
else:
    from .helpers.circles import joined

GUARD = REPRESENTANT_LEGAL


def _rejected(call: object) -> list[tuple[str, str]]:
    assert callable(call)
    with pytest.raises(cc.ChangeRejected) as raised:
        call()
    return [(v.code, v.path) for v in raised.value.violations]


def test_guard_is_the_r260_code_held_by_every_kind_and_not_unique() -> None:
    """R7: GUARD is not unique (co-tutelle; tuteur and subrogé tuteur, C. civ. 447, 454)."""
    role = DEFAULT_ROLES[GUARD]
    assert GUARD == role_codes.GUARD
    assert role.kinds == frozenset(cc.MemberKind)
    assert not role.unique


def test_a_daughter_who_is_also_curatrice_has_both() -> None:
    """Issue 10 item 4: kinship (TRE_R216) and measure (TRE_R217) side by side."""
    record, actor = new_record()
    daughter = cc.RelatedPerson(family_name="Martin", relationship=relationships.FILLE)
    change = cc.add_member(
        record,
        daughter,
        actor=actor,
        at=instant(1),
        roles={GUARD, AIDANT_PRINCIPAL},
        legal_protection=relationships.CURATEUR,
    )
    m2 = change.record.circle.get("M2")
    assert m2.member == daughter
    assert m2.legal_protection == protection.CURATEUR
    assert m2.roles == {GUARD, AIDANT_PRINCIPAL}
    assert rules.record.is_valid(change.record, at=instant(1))


def test_an_mjpm_from_the_directory_holds_guard_as_tuteur() -> None:
    """A mandataire judiciaire à la protection des majeurs: a directory professional, with no
    profession the ANS systems name (see item 6 for platform professions).
    """
    record, actor = new_record()
    mjpm = directory_professional(2, profession=None, family_name="Mandataire")
    change = cc.add_member(
        record, mjpm, actor=actor, at=instant(1), roles={GUARD}, legal_protection=protection.TUTEUR
    )
    assert change.record.circle.get("M2").legal_protection == protection.TUTEUR


@pytest.mark.parametrize(
    "structure",
    [directory_structure(3), manual_structure(3)],
    ids=["directory", "manual"],
)
def test_an_association_tutelaire_holds_guard(structure: cc.Member) -> None:
    record, actor = new_record()
    change = cc.add_member(
        record,
        structure,
        actor=actor,
        at=instant(1),
        roles={GUARD},
        legal_protection=protection.MANDATAIRE_SAUVEGARDE,
    )
    assert change.applied


def test_a_manual_professional_may_hold_guard_with_a_local_measure() -> None:
    record, actor = new_record()
    change = cc.add_member(
        record,
        manual_professional(2, profession=None),
        actor=actor,
        at=instant(1),
        roles={GUARD},
        legal_protection=protection.MANDATAIRE_PROTECTION_FUTURE,
    )
    assert change.record.circle.get("M2").legal_protection == (
        protection.MANDATAIRE_PROTECTION_FUTURE
    )


def test_two_guard_holders_are_allowed() -> None:
    """R7: co-tutelle, a curatelle shared by two curateurs: GUARD is not unique."""
    record, actor = new_record()
    for n, at in ((1, 1), (2, 2)):
        record = cc.add_member(
            record,
            cc.RelatedPerson(family_name=f"Curateur{n}", relationship=relationships.FILS),
            actor=actor,
            at=instant(at),
            roles={GUARD},
            legal_protection=protection.CURATEUR,
        ).record
    holders = [m.member_id for m in record.circle if GUARD in m.roles]
    assert holders == ["M2", "M3"]
    assert rules.record.check(record, at=instant(3)) == ()


def test_a_measure_without_guard_is_rejected_and_the_record_untouched() -> None:
    """R5, R11: PROTECTION_WITHOUT_REPRESENTATIVE at the measure's path; nothing changes."""
    record, actor = new_record()
    before = attrs.evolve(record)
    person = cc.RelatedPerson(family_name="Martin", relationship=relationships.FILLE)
    assert _rejected(
        lambda: cc.add_member(
            record, person, actor=actor, at=instant(1), legal_protection=protection.TUTEUR
        )
    ) == [("PROTECTION_WITHOUT_REPRESENTATIVE", "members[M2].legal_protection")]
    assert record == before
    assert record.version == 1


def test_removing_guard_but_keeping_the_measure_is_rejected() -> None:
    record, actor = joined(
        cc.RelatedPerson(family_name="Martin"), roles={GUARD}, legal_protection=protection.TUTEUR
    )
    assert _rejected(lambda: cc.update_member(record, "M2", actor=actor, at=instant(2), roles=()))[
        0
    ] == ("PROTECTION_WITHOUT_REPRESENTATIVE", "members[M2].legal_protection")
    both = cc.update_member(
        record, "M2", actor=actor, at=instant(2), roles=(), legal_protection=None
    )
    assert both.record.circle.get("M2").legal_protection is None


def test_update_keeps_the_measure_unless_given() -> None:
    record, actor = joined(
        cc.RelatedPerson(family_name="Martin"), roles={GUARD}, legal_protection=protection.TUTEUR
    )
    kept = cc.update_member(record, "M2", actor=actor, at=instant(2), description="Tutelle")
    assert kept.record.circle.get("M2").legal_protection == protection.TUTEUR
    changed = cc.update_member(
        record,
        "M2",
        actor=actor,
        at=instant(2),
        roles={GUARD, role_codes.CAREGIVER},
        legal_protection=protection.HABILITATION_FAMILIALE,
    )
    assert changed.record.circle.get("M2").legal_protection == protection.HABILITATION_FAMILIALE


def test_an_r217_code_as_relationship_is_rejected() -> None:
    """Issue 10 item 4: a relationship is kinship; the message says where the measure goes."""
    record, actor = new_record()
    person = cc.RelatedPerson(family_name="Martin", relationship=relationships.TUTEUR)
    with pytest.raises(cc.ChangeRejected) as raised:
        cc.add_member(record, person, actor=actor, at=instant(1), roles={GUARD})
    (violation,) = raised.value.violations
    assert (violation.code, violation.path) == (
        "CODE_NOT_ALLOWED",
        "members[M2].member.relationship",
    )
    assert "legal_protection" in violation.message


def test_old_data_with_an_r217_relationship_still_reads_and_edits() -> None:
    """Decision 8: the violation is old, so an unrelated edit of that member goes through."""
    record, actor = new_record()
    old = cc.Membership(
        member_id="M2",
        member=cc.RelatedPerson(family_name="Martin", relationship=relationships.CURATEUR),
        participations=(cc.Participation(start=instant(0), added_by="import"),),
    )
    record = attrs.evolve(record, circle=record.circle.replace(old))
    assert [v.code for v in rules.record.check(record, at=instant(1))] == ["CODE_NOT_ALLOWED"]
    edited = cc.update_member(record, "M2", actor=actor, at=instant(1), description="Suivi")
    assert edited.applied


@pytest.mark.parametrize(
    ("measure", "code"),
    [
        (relationships.FILLE, "CODE_NOT_ALLOWED"),
        (Code(protection.LOCAL_PROTECTION_SYSTEM, "NOPE"), "UNKNOWN_CODE"),
        (Code(relationships.LEGAL_PROTECTION_SYSTEM, "NOPE"), "UNKNOWN_CODE"),
    ],
)
def test_a_measure_must_be_a_known_measure(measure: Code, code: str) -> None:
    record, actor = new_record()
    assert _rejected(
        lambda: cc.add_member(
            record,
            cc.RelatedPerson(family_name="Martin"),
            actor=actor,
            at=instant(1),
            roles={GUARD},
            legal_protection=measure,
        )
    ) == [(code, "members[M2].legal_protection")]


def test_the_protection_codes() -> None:
    assert {
        relationships.LEGAL_PROTECTION_SYSTEM,
        "urn:carecircle:protection",
    } == protection.PROTECTION_SYSTEMS
    assert protection.is_protection_measure(protection.HABILITATION_FAMILIALE)
    assert not protection.is_protection_measure("TUTEUR")
    assert protection.label(protection.MANDATAIRE_PROTECTION_FUTURE) == (
        "Mandataire (mandat de protection future)"
    )
    assert protection.label(Code("urn:x", "Y")) == "Y"
    assert relationships.is_kinship(relationships.FILLE)
    assert not relationships.is_kinship(relationships.TUTEUR)


def test_a_membership_refuses_a_measure_that_is_no_code() -> None:
    with pytest.raises(cc.InvalidValueError) as raised:
        cc.Membership(
            member_id="M2",
            member=cc.RelatedPerson(family_name="Martin"),
            legal_protection="TUTEUR",  # type: ignore[arg-type]
            participations=(cc.Participation(start=instant(0), added_by="x"),),
        )
    assert (raised.value.code, raised.value.path) == ("WRONG_TYPE", "legal_protection")


def _membership(member: cc.Member, roles: frozenset[Code], measure: Code) -> cc.Membership:
    return cc.Membership(
        member_id="M2",
        member=member,
        roles=roles,
        legal_protection=measure,
        participations=(cc.Participation(start=instant(0), added_by="x"),),
    )


_OTHER_ROLES = strategies.roles().filter(lambda r: r != GUARD)


@given(
    member=strategies.members(),
    roles=st.frozensets(_OTHER_ROLES, max_size=3),
    measure=strategies.protection_measures(),
)
def test_any_measure_without_guard_is_flagged(
    member: cc.Member, roles: frozenset[Code], measure: Code
) -> None:
    """Property (R5, issue 10 item 4): a measure on a member without GUARD is flagged."""
    found = rules.eligibility.member_violations(_membership(member, roles, measure))
    assert ("PROTECTION_WITHOUT_REPRESENTATIVE", "members[M2].legal_protection") in [
        (v.code, v.path) for v in found
    ]


@given(
    member=strategies.members(),
    roles=st.frozensets(_OTHER_ROLES, max_size=2),
    measure=strategies.protection_measures(),
)
def test_any_open_measure_with_guard_is_not_flagged(
    member: cc.Member, roles: frozenset[Code], measure: Code
) -> None:
    """Property: with GUARD and an open measure, neither eligibility nor codes flags it."""
    m = _membership(member, roles | {GUARD}, measure)
    found = [
        *rules.eligibility.member_violations(m),
        *rules.codes.member_violations(m, at=instant(0)),
    ]
    assert not [v for v in found if v.path == "members[M2].legal_protection"]


@given(record=strategies.records())
def test_generated_records_keep_measures_with_guard_and_kinship_only(
    record: cc.CoordinationRecord,
) -> None:
    for m in record.circle:
        if m.legal_protection is not None:
            assert GUARD in m.roles
        relationship = getattr(m.member, "relationship", None)
        if relationship is not None:
            assert relationships.is_kinship(relationship)
    assert rules.record.is_valid(record, at=record.updated_at)


def test_changing_the_measure_alone_is_a_change() -> None:
    """Issue 10 items 4 and 8: the measure changed alone is a change, with its own event."""
    record, actor = joined(
        cc.RelatedPerson(family_name="Martin"), roles={GUARD}, legal_protection=protection.TUTEUR
    )
    change = cc.update_member(
        record, "M2", actor=actor, at=instant(2), legal_protection=protection.CURATEUR
    )
    assert change.applied
    assert change.record.circle.get("M2").legal_protection == protection.CURATEUR
    assert [(type(e).__name__, e.before, e.after) for e in change.events] == [  # type: ignore[attr-defined]
        ("LegalProtectionChanged", protection.TUTEUR, protection.CURATEUR)
    ]
