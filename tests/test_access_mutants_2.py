"""What mutation testing of ``access/`` found untested, continued (see
``test_access_mutants.py``): the plain reference's answers for one category to the letter
(R4: a refusal of some categories), the fast path's category answer on a circle asked nothing
yet, and a matrix read with a platform's profession catalogue (issue 10 item 6).

Cheap examples with exact decisions, each checked against the public functions too.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import attrs
import pytest

import carecircle as cc
from carecircle import DEFAULT_PROFESSIONS, Code, Profession
from carecircle._access import _fast, plain
from carecircle._access.effective import membership_access
from carecircle._access.matrix import parse_profession
from carecircle._model.record import Origin
from carecircle.nomenclatures import professions
from carecircle.professions import PLATFORM_PROFESSION_SYSTEM
from carecircle.testing.builders import (
    directory_professional,
    directory_structure,
    instant,
    new_record,
)

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.access import MATRIX, R
    from helpers.circles import joined
else:
    from .helpers.access import MATRIX, R
    from .helpers.circles import joined

READ = cc.Action.READ
TICK = dt.timedelta(microseconds=1)
MEDICAL = "medical"
NURSE = directory_professional(2, profession=professions.INFIRMIER)


def _refuse(
    record: cc.CoordinationRecord, member_id: str, at: dt.datetime, *categories: str
) -> cc.CoordinationRecord:
    creator = cc.Principal.from_entry(directory_professional(1))
    statement = cc.Statement(expressed_at=at)
    return cc.record_refusal(
        record, member_id, statement=statement, actor=creator, at=at, categories=categories
    ).record


def _fresh(record: cc.CoordinationRecord) -> cc.CoordinationRecord:
    """The same record on a circle nobody has asked about yet (its memo unbuilt)."""
    return attrs.evolve(record, circle=attrs.evolve(record.circle))


def nurse_and_her_structure(
    *, habilitated: bool = True
) -> tuple[cc.CoordinationRecord, cc.Principal]:
    """M1 the creator; M2 a nurse (joined at minute 1); M3 the SSIAD S5 she acts for (minute
    2), habilitated; the patient refuses medical information to the nurse at minute 3."""
    record, creator = joined(NURSE, habilitated=habilitated)
    ssiad = directory_structure(5)
    record = cc.add_member(record, ssiad, actor=creator, at=instant(2), habilitated=True).record
    record = _refuse(record, "M2", instant(3), MEDICAL)
    return record, cc.Principal.from_entry(NURSE, delegated_by=frozenset({"S5"}))


def _both(
    record: cc.CoordinationRecord, principal: cc.Principal, category: str, at: dt.datetime
) -> cc.Decision:
    """plain.decide, checked equal to the public (fast) decide."""
    expected = plain.decide(record, principal, category, READ, matrix=MATRIX, at=at)
    assert cc.decide(record, principal, category, READ, matrix=MATRIX, at=at) == expected
    return expected


class TestPlainScopedAccess:
    """R4: a refusal of some categories, to the letter, in the plain reference (a denial is
    ``allowed=False``, a bool) and the same through the public functions."""

    def test_an_own_refusal_denies_though_a_structure_opens(self) -> None:
        record, nurse = nurse_and_her_structure()
        at = instant(4)
        denied = cc.Decision(
            allowed=False,
            reasons=(R.SHARING_REFUSED,),
            refusals=(cc.RefusalRef(member_id="M2", refusal_id="R1"),),
        )
        assert plain.scoped_access(record, nurse, MEDICAL, at=at) == denied
        assert _both(record, nurse, MEDICAL, at) == denied
        both_paths = (
            cc.AccessPath(member_id="M2"),
            cc.AccessPath(member_id="M3", via_structure=True),
        )
        assert plain.scoped_access(record, nurse, "social", at=at).paths == both_paths
        assert _both(record, nurse, "social", at).paths == both_paths

    def test_an_own_refusal_joins_the_denial_when_nothing_opens(self) -> None:
        record, nurse = nurse_and_her_structure(habilitated=False)
        alone = attrs.evolve(nurse, delegated_by=frozenset())
        at = instant(4)
        expected = cc.Decision(
            allowed=False,
            reasons=(R.NOT_HABILITATED, R.SHARING_REFUSED),
            refusals=(cc.RefusalRef(member_id="M2", refusal_id="R1"),),
        )
        assert plain.scoped_access(record, alone, MEDICAL, at=at) == expected
        matrix_ok = _both(record, alone, MEDICAL, at)
        assert (matrix_ok.allowed, matrix_ok.reasons) == (False, expected.reasons)

    def test_every_structure_refused_is_named(self) -> None:
        """Two structures she acts for, both refused medical information: the denial names
        both refusals, in circle order."""
        record, creator = new_record()
        for n, minute in ((5, 1), (6, 2)):
            record = cc.add_member(
                record, directory_structure(n), actor=creator, at=instant(minute), habilitated=True
            ).record
        record = _refuse(record, "M2", instant(3), MEDICAL)
        record = _refuse(record, "M3", instant(3), MEDICAL)
        delegate = cc.Principal(
            account="pass:50", profession=professions.INFIRMIER, delegated_by={"S5", "S6"}
        )
        at = instant(4)
        expected = cc.Decision(
            allowed=False,
            reasons=(R.SHARING_REFUSED,),
            refusals=(
                cc.RefusalRef(member_id="M2", refusal_id="R1"),
                cc.RefusalRef(member_id="M3", refusal_id="R1"),
            ),
        )
        assert plain.scoped_access(record, delegate, MEDICAL, at=at) == expected
        assert _both(record, delegate, MEDICAL, at) == expected

    def test_ids_of_two_people_hear_the_refusal_of_the_category(self) -> None:
        """R4: a principal with the nurse's account and another's national id designates two
        people; asked about the category refused to the nurse and to her structure, every path
        stays closed and the nurse's refusal is said (not the structure's: whose delegate the
        principal is cannot be told)."""
        record, _ = nurse_and_her_structure()
        record = _refuse(record, "M3", instant(3), MEDICAL)  # the structure's is not theirs
        two = cc.Principal(account="pass:2", national_id="800000000009", delegated_by={"S5"})
        assert plain.identity(record, two, instant(4)).mismatch
        at = instant(4)
        found = plain.scoped_access(record, two, MEDICAL, at=at)
        assert found == cc.Decision(
            allowed=False,
            reasons=(R.IDENTITY_MISMATCH, R.SHARING_REFUSED),
            refusals=(cc.RefusalRef(member_id="M2", refusal_id="R1"),),
        )
        assert _fast.scoped(_fresh(record).circle, two, MEDICAL, at) == found
        decided = cc.decide(_fresh(record), two, MEDICAL, READ, matrix=MATRIX, at=at)
        assert decided == plain.decide(record, two, MEDICAL, READ, matrix=MATRIX, at=at)

    def test_circle_access_denies_with_a_bool(self) -> None:
        record, _ = new_record()
        stranger = cc.Principal(account="pass:99")
        assert plain.circle_access(record, stranger, at=instant(1)) == cc.Decision(
            allowed=False, reasons=(R.NOT_A_MEMBER,)
        )


class TestFastScoped:
    """R4: the fast path's answer for one category is plain.scoped_access's, on a circle
    asked nothing yet and in any order of instants, across the edge where the refusal starts
    (minute 3)."""

    instants = (
        instant(3) - TICK,
        instant(3),
        instant(1),
        instant(3) + TICK,
        instant(0),
        instant(2),
    )

    @pytest.mark.parametrize("first", range(len(instants)))
    def test_in_any_order(self, first: int) -> None:
        record, nurse = nurse_and_her_structure()
        fresh = _fresh(record)
        order = self.instants[first:] + self.instants[:first]
        for at in order:
            expected = plain.scoped_access(record, nurse, MEDICAL, at=at)
            assert _fast.scoped(fresh.circle, nurse, MEDICAL, at) == expected, at
        assert not plain.scoped_access(record, nurse, MEDICAL, at=instant(3)).allowed
        assert plain.scoped_access(record, nurse, MEDICAL, at=instant(3) - TICK).allowed

    def test_whether_a_circle_has_refusals_of_some_categories(self) -> None:
        record, _ = nurse_and_her_structure()
        assert _fast.has_scoped(_fresh(record).circle)
        plain_record, _ = new_record()
        assert not _fast.has_scoped(_fresh(plain_record).circle)


PNM = Profession(
    code=Code(PLATFORM_PROFESSION_SYSTEM, "PERSONNEL_NON_MEDICAL"),
    label="Personnel non médical (hors administratif et informatique)",
)
PLATFORM = DEFAULT_PROFESSIONS.with_professions(PNM)
PNM_KEY = f"{PLATFORM_PROFESSION_SYSTEM}|PERSONNEL_NON_MEDICAL"


class TestMatrixWithPlatformProfessions:
    """Issue 10 item 6, G5: a matrix read with the platform's catalogue has rows for its
    professions and keeps the catalogue; a catalogue of the wrong type is told exactly."""

    def test_a_platform_row_is_read(self) -> None:
        data = {"grants": {PNM_KEY: {"social": "write"}, "TRE_G15|10": {"medical": "read"}}}
        matrix = cc.HabilitationMatrix.from_mapping(data, professions=PLATFORM)
        assert matrix.profession_catalog is PLATFORM
        assert matrix.level(PNM.code, "social") is cc.Level.WRITE
        assert matrix.level(professions.MEDECIN, "medical") is cc.Level.READ
        assert parse_profession(PNM_KEY, PLATFORM) == PNM.code
        assert parse_profession(
            f" {PLATFORM_PROFESSION_SYSTEM} | PERSONNEL_NON_MEDICAL ", PLATFORM
        ) == (PNM.code)
        assert parse_profession(PNM_KEY) is None

    def test_a_catalogue_of_the_wrong_type(self) -> None:
        message = "WRONG_TYPE at professions: expected a ProfessionCatalog"
        build: Any = cc.HabilitationMatrix
        for call in (
            lambda: cc.HabilitationMatrix.from_mapping({}, professions=None),  # type: ignore[arg-type]
            lambda: build(professions=None),
        ):
            with pytest.raises(cc.InvalidValueError) as raised:
                call()
            assert str(raised.value) == message


def _medical_level(record: cc.CoordinationRecord, principal: cc.Principal) -> cc.Level | None:
    """The level the listings give ``principal`` on medical information (``None``: the
    record is not listed for them)."""
    found = cc.permissions(record, principal, matrix=MATRIX, at=instant(4))
    listed = cc.who_can_access(record, [principal], matrix=MATRIX, at=instant(4))
    assert [p.levels for p in listed] == ([found.levels] if found.paths else [])
    return found.levels.get(MEDICAL) if found.paths else None


class TestListingsLowerARefusedCategory:
    """R4, G5: a refusal of some categories lowers what the listings hand out, on a circle's
    memo built at once or derived through later changes."""

    def test_a_memo_built_at_once(self) -> None:
        record, nurse = nurse_and_her_structure()
        alone = attrs.evolve(nurse, delegated_by=frozenset())
        assert MATRIX.level(professions.INFIRMIER, MEDICAL) is not cc.Level.NONE
        assert _medical_level(_fresh(record), alone) is cc.Level.NONE
        assert not cc.is_allowed(record, alone, MEDICAL, READ, matrix=MATRIX, at=instant(4))

    def test_a_memo_derived_after_another_members_change(self) -> None:
        record, nurse = nurse_and_her_structure()
        alone = attrs.evolve(nurse, delegated_by=frozenset())
        record = _fresh(record)
        assert _medical_level(record, alone) is cc.Level.NONE  # the memo is built
        creator = cc.Principal.from_entry(directory_professional(1))
        later = cc.add_member(
            record, directory_professional(7), actor=creator, at=instant(4)
        ).record
        assert isinstance(later.circle.access_memo, Origin)  # derived on first use
        assert _medical_level(later, alone) is cc.Level.NONE


class TestEnteredInErrorInTheMemo:
    """A membership entered in error designates nobody; the memberships after it still
    count, in a memo built at once or derived through several changes."""

    def test_a_member_after_one_entered_in_error(self) -> None:
        record, creator = new_record()
        wrong = directory_professional(3)
        record = cc.add_member(record, wrong, actor=creator, at=instant(1)).record
        record = cc.add_member(record, NURSE, actor=creator, at=instant(2), habilitated=True).record
        record = cc.mark_entered_in_error(record, "M2", actor=creator, at=instant(3)).record
        nurse = cc.Principal.from_entry(NURSE)
        expected = cc.Decision(allowed=True, paths=(cc.AccessPath(member_id="M3"),))
        assert cc.effective_access(_fresh(record), nurse, at=instant(4)) == expected
        assert plain.effective_access(record, nurse, at=instant(4)) == expected

    def test_an_entry_in_error_after_a_member_added(self) -> None:
        """The memo derived through two replacements at once, nobody asking in between: the
        nurse appended, then another member marked entered in error."""
        record, creator = joined(directory_professional(3))
        record = _fresh(record)
        assert cc.effective_access(record, creator, at=instant(1)).allowed  # the memo is built
        nurse_joins = cc.Membership(
            member_id="M3",
            member=NURSE,
            habilitated=True,
            participations=(cc.Participation(start=instant(2), added_by="pass:1"),),
        )
        wrong = attrs.evolve(
            record.circle.get("M2"),
            entered_in_error=cc.EnteredInError(at=instant(3), by="pass:1"),
        )
        circle = record.circle.replace(nurse_joins).replace(wrong)
        origin = circle.access_memo
        assert isinstance(origin, Origin) and isinstance(origin.parent.access_memo, Origin)
        record = attrs.evolve(record, circle=circle)
        nurse = cc.Principal.from_entry(NURSE)
        expected = cc.Decision(allowed=True, paths=(cc.AccessPath(member_id="M3"),))
        assert cc.effective_access(record, nurse, at=instant(4)) == expected
        assert plain.effective_access(record, nurse, at=instant(4)) == expected


class TestEmergencyAccessOfAMemberWithAccess:
    """G14, bris de glace: an emergency access only opens what nothing else does; once the
    member it was opened for is habilitated, their answer names their membership."""

    def test_the_membership_path_stands(self) -> None:
        member = directory_professional(6)
        record, creator = joined(member)
        principal = cc.Principal.from_entry(member)
        policy = cc.EmergencyPolicy(duration=dt.timedelta(hours=1))
        record = cc.open_in_emergency(
            record, principal=principal, reason="urgence", at=instant(2), policy=policy
        ).record
        emergency = cc.effective_access(record, principal, at=instant(3))
        assert emergency.paths == (cc.AccessPath(member_id=None, emergency_id="E1"),)
        record = cc.habilitate(record, "M2", actor=creator, at=instant(4)).record
        expected = cc.Decision(allowed=True, paths=(cc.AccessPath(member_id="M2"),))
        assert cc.effective_access(record, principal, at=instant(5)) == expected
        assert plain.effective_access(record, principal, at=instant(5)) == expected
        decision = cc.decide(record, principal, MEDICAL, READ, matrix=MATRIX, at=instant(5))
        assert decision.paths == expected.paths


def test_membership_access_wrong_arguments() -> None:
    """R6: a wrong record or principal is told with its code and path, record first."""
    record, creator = new_record()
    call: Any = membership_access
    cases = [
        ((None, creator), "WRONG_TYPE at record: expected a CoordinationRecord"),
        ((record, None), "WRONG_TYPE at principal: expected a Principal"),
        ((None, None), "WRONG_TYPE at record: expected a CoordinationRecord"),
    ]
    for (r, p), message in cases:
        with pytest.raises(cc.InvalidValueError) as raised:
            call(r, p, at=instant(1))
        assert str(raised.value) == message
    assert membership_access(record, creator, at=instant(1)).allowed


def test_access_path_repr() -> None:
    """An access path shows its emergency id only when it has one."""
    assert repr(cc.AccessPath(member_id="M2")) == "AccessPath(member_id='M2', via_structure=False)"
    assert repr(cc.AccessPath(member_id="M3", via_structure=True)) == (
        "AccessPath(member_id='M3', via_structure=True)"
    )
    assert repr(cc.AccessPath(member_id=None, emergency_id="E1")) == (
        "AccessPath(member_id=None, via_structure=False, emergency_id='E1')"
    )


def test_the_listings_keep_what_they_list() -> None:
    """The listings are tuples that also keep their record or principal and instant, which the
    display needs to show names (``who_can_access``'s AccessList, the ActiveFile)."""
    record, creator = new_record()
    at = instant(2)
    listed = cc.who_can_access(record, [creator], matrix=MATRIX, at=at)
    assert (listed.record, listed.at, len(listed)) == (record, at, 1)
    index = cc.ActiveFileIndex(records={record.record_id: record}, matrix=MATRIX)
    active = index.for_principal(creator, at=at)
    assert (active.principal, active.at) == (creator, at)
    assert dict(active.records) == {record.record_id: record}
    opens_nothing = cc.Principal(account="pass:77", profession=Code("urn:local", "none"))
    empty = index.for_principal(opens_nothing, at=at)
    assert (tuple(empty), empty.principal, empty.at, dict(empty.records)) == (
        (),
        opens_nothing,
        at,
        {},
    )
