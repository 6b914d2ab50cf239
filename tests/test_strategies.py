"""The public strategies (:mod:`carecircle.testing.strategies`): one package of the same public
names, registered with Hypothesis through its entry point, generating only valid records (R5–R11,
checked by the library's own validators), and invalid ones that break exactly the rule asked.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import subprocess
import sys
import textwrap
from collections.abc import Callable
from types import ModuleType
from typing import Final

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

import carecircle as cc
from carecircle import rules
from carecircle import serialization as ser
from carecircle.rules import codes, duplicates, eligibility, unique_roles
from carecircle.testing import strategies

#: The public names of ``carecircle.testing.strategies`` when it was one module (before
#: issue 13): the package keeps every one of them.
FORMER_NAMES: Final = (
    "access_records", "account_ids", "addresses", "categories", "contacts", "creator_of",
    "decision_instants", "directory_professionals", "directory_structures", "emails",
    "ins_numbers", "instants", "manual_professionals", "manual_structures", "matrices",
    "members", "patients", "phone_numbers", "postal_codes", "principals", "professions",
    "protection_measures", "record_principals", "records", "related_persons", "relationships",
    "roles",
)  # fmt: skip

RECORD_RULES: Final = (eligibility, unique_roles, duplicates, codes)
#: The codes each rule's check may give, and that the invalid records reach.
CODES_OF: Final = {
    eligibility: {
        "HABILITATION_NOT_ELIGIBLE",
        "HABILITATION_END_WITHOUT_HABILITATION",
        "SHARING_REFUSAL_NOT_APPLICABLE",
        "PROTECTION_WITHOUT_REPRESENTATIVE",
    },
    unique_roles: {
        "UNKNOWN_ROLE",
        "ROLE_NOT_ALLOWED_FOR_KIND",
        "ROLE_REQUIRES_PROFESSION",
        "UNIQUE_ROLE_TAKEN",
    },
    duplicates: {"DUPLICATE_MEMBER", "FORMER_MEMBER"},
    codes: {"CLOSED_CODE", "UNKNOWN_CODE", "CODE_NOT_ALLOWED"},
}

SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
#: What ``find`` may try before it gives up on reaching a case (a few per cent each); the
#: first case found is kept as drawn (shrinking a record is slow, and says nothing here).
SEARCH = settings(max_examples=600, database=None, derandomize=True, phases=[Phase.generate])


def rule_checks(record: cc.CoordinationRecord) -> dict[ModuleType, tuple[cc.Violation, ...]]:
    """What each record rule's own ``check`` finds at the record's latest change."""
    return {rule: rule.check(record, at=record.updated_at) for rule in RECORD_RULES}


class TestOnePackage:
    """Issue 13 item 5: a small package, the same public names, each with its docstring."""

    def test_every_former_name_is_exported(self) -> None:
        assert set(FORMER_NAMES) <= set(strategies.__all__)
        assert {"invalid_records", "memberships"} <= set(strategies.__all__)
        assert sorted(dir(strategies)) == sorted(
            {*strategies.__all__, *(n for n in vars(strategies) if n.startswith("__"))}
        )

    @pytest.mark.parametrize("name", strategies.__all__)
    def test_each_name_is_a_documented_function_of_a_private_module(self, name: str) -> None:
        found = getattr(strategies, name)
        assert callable(found) and found.__doc__
        assert found.__module__.startswith("carecircle.testing.strategies._")

    def test_an_unknown_name(self) -> None:
        with pytest.raises(AttributeError, match="no_such_strategy"):
            getattr(strategies, "no_such_strategy")  # noqa: B009 -- the attribute is the test


def _run(code: str) -> str:
    """What a fresh interpreter prints running ``code``."""
    done = subprocess.run(  # noqa: S603 -- our own interpreter and code
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return done.stdout


class TestEntryPoint:
    """``st.from_type`` knows the entities once carecircle is installed (Hypothesis's
    ``hypothesis`` entry point), lazily, and the hook never breaks ``import hypothesis``.
    """

    def test_the_entry_point_is_installed(self) -> None:
        (entry,) = [
            e
            for e in importlib.metadata.entry_points(group="hypothesis")
            if "carecircle" in e.value
        ]
        assert entry.value == "carecircle.testing.strategies:_hypothesis_setup_hook"
        assert callable(entry.load())

    @SLOW
    @given(record=st.from_type(cc.CoordinationRecord))
    def test_from_type_draws_valid_records(self, record: cc.CoordinationRecord) -> None:
        assert isinstance(record, cc.CoordinationRecord)
        assert rules.record.check(record, at=record.updated_at) == ()

    @pytest.mark.parametrize(
        "cls",
        [
            cc.Membership,
            cc.Patient,
            cc.Principal,
            cc.DirectoryProfessional,
            cc.ManualProfessional,
            cc.RelatedPerson,
            cc.DirectoryStructure,
            cc.ManualStructure,
            cc.Address,
            cc.Contact,
            cc.HabilitationMatrix,
        ],
    )
    def test_from_type_knows_the_entities(self, cls: type) -> None:
        drawn = find(st.from_type(cls), lambda _value: True, settings=SEARCH)
        assert type(drawn) is cls

    @pytest.mark.parametrize("kind", list(cc.MemberKind))
    def test_every_member_kind_comes_from_its_strategy(self, kind: cc.MemberKind) -> None:
        """Each kind is drawn from the ``Member`` union (a derandomized search: 100 random
        draws once missed one)."""
        members: st.SearchStrategy[cc.Member] = st.from_type(cc.Member)  # type: ignore[arg-type]
        assert find(members, lambda m: m.kind is kind, settings=SEARCH).kind is kind

    def test_importing_hypothesis_imports_no_strategy(self) -> None:
        found = _run("""
            import sys
            from hypothesis import Phase, find, settings, strategies as st
            print(sorted(m for m in sys.modules if m.startswith("carecircle.testing.strategies")))
            import carecircle as cc
            once = settings(phases=[Phase.generate], database=None)
            find(st.from_type(cc.Patient), bool, settings=once)
            print("carecircle.testing.strategies._entities" in sys.modules)
        """)
        assert found.splitlines() == ["['carecircle.testing.strategies']", "True"]

    def test_the_package_first_then_hypothesis(self) -> None:
        """The hook runs while the package's first strategy module imports Hypothesis."""
        found = _run("""
            from carecircle.testing.strategies import records
            from hypothesis import Phase, find, settings, strategies as st
            import carecircle as cc
            drawn = find(st.from_type(cc.CoordinationRecord), bool, settings=settings(
                phases=[Phase.generate], database=None))
            print(type(drawn).__name__, records.__module__)
        """)
        assert found.split() == ["CoordinationRecord", "carecircle.testing.strategies._records"]

    def test_the_hook_never_raises(self, monkeypatch: pytest.MonkeyPatch) -> None:
        (entry,) = [
            e
            for e in importlib.metadata.entry_points(group="hypothesis")
            if "carecircle" in e.value
        ]
        hook: Callable[[], None] = entry.load()

        def broken(name: str, package: str | None = None) -> ModuleType:
            raise ImportError(name)

        monkeypatch.setattr(importlib, "import_module", broken)
        hook()  # nothing raised, nothing registered anew
        monkeypatch.undo()
        hook()  # registered again, as Hypothesis does
        assert isinstance(find(st.from_type(cc.Patient), bool, settings=SEARCH), cc.Patient)


@pytest.mark.boundary
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    record=st.one_of(
        strategies.records(),
        strategies.records(lifecycle=True),
        strategies.access_records(),
    )
)
def test_the_strategies_generate_only_valid_records(record: cc.CoordinationRecord) -> None:
    """R5–R11 hold, as the library's own validators judge them; the document reads back with
    its rule check; the creator still edits the circle (R6). 10,000 examples under the
    ``thorough`` profile.
    """
    assert rules.record.check(record, at=record.updated_at) == ()
    assert all(not found for found in rule_checks(record).values())
    assert ser.check_rules(record, at=record.updated_at) == ()
    assert ser.from_json(ser.to_json(record), cc.CoordinationRecord) == record
    creator = strategies.creator_of(record)
    assert rules.editing.check(record, creator, at=record.updated_at) == ()


class TestRecordsReachTheCirclesLife:
    """``records(lifecycle=True)`` reaches what the plain records never do, and stays valid."""

    @pytest.mark.parametrize(
        ("what", "holds"),
        [
            ("suspended", lambda r: r.status is cc.CircleStatus.SUSPENDED),
            ("inactive", lambda r: r.status is cc.CircleStatus.INACTIVE),
            ("resumed", lambda r: len(r.status_history) > 2 and r.status is cc.CircleStatus.ACTIVE),
            ("entered in error", lambda r: any(m.entered_in_error for m in r.circle)),
            ("emergency access", lambda r: bool(r.emergency_accesses)),
            ("lifted refusal", lambda r: any(x.lifted for m in r.circle for x in m.refusals)),
            (
                "refusal of categories",
                lambda r: any(x.categories for m in r.circle for x in m.refusals),
            ),
        ],
    )
    def test_reached(self, what: str, holds: Callable[[cc.CoordinationRecord], bool]) -> None:
        found = find(strategies.records(lifecycle=True), holds, settings=SEARCH)
        assert holds(found) and rules.record.is_valid(found, at=found.updated_at), what

    @SLOW
    @given(record=strategies.records())
    def test_plain_records_stay_active_and_open_to_their_creator(
        self, record: cc.CoordinationRecord
    ) -> None:
        assert record.status is cc.CircleStatus.ACTIVE and not record.emergency_accesses
        assert not any(m.entered_in_error for m in record.circle)
        creator = strategies.creator_of(record)
        assert cc.has_effective_access(record, creator, at=record.updated_at)

    @SLOW
    @given(membership=strategies.memberships())
    def test_memberships_are_those_of_valid_circles(self, membership: cc.Membership) -> None:
        assert isinstance(membership, cc.Membership)
        assert membership.member_id.startswith("M")


class TestInvalidRecords:
    """``invalid_records(breaking=rule)``: the rule's own check finds violations, the other
    record rules none; the document is refused by a rule-checking read.
    """

    @pytest.mark.parametrize("rule", RECORD_RULES, ids=lambda r: r.__name__)
    def test_exactly_the_rule_asked_is_broken(self, rule: ModuleType) -> None:
        @SLOW
        @given(record=strategies.invalid_records(breaking=rule))
        def broken(record: cc.CoordinationRecord) -> None:
            found = rule_checks(record)
            assert found[rule], "the rule asked for holds"
            assert {v.code for v in found[rule]} <= CODES_OF[rule]
            assert all(not found[other] for other in RECORD_RULES if other is not rule)
            every = rules.record.check(record, at=record.updated_at)
            assert set(every) == set(found[rule])
            with pytest.raises(cc.InputRejected) as caught:
                ser.from_json(ser.to_json(record), cc.CoordinationRecord)
            assert {v.code for v in caught.value.violations} == {v.code for v in found[rule]}

        broken()

    @pytest.mark.parametrize(
        ("rule", "code"),
        [(rule, code) for rule in RECORD_RULES for code in sorted(CODES_OF[rule])],
        ids=lambda x: x if isinstance(x, str) else x.__name__,
    )
    def test_every_way_the_rule_fails_is_reached(self, rule: ModuleType, code: str) -> None:
        def gives(record: cc.CoordinationRecord) -> bool:
            return code in {v.code for v in rule.check(record, at=record.updated_at)}

        find(strategies.invalid_records(breaking=rule), gives, settings=SEARCH)

    def test_on_records_of_a_given_base(self) -> None:
        base = strategies.records(max_members=0)
        found = find(
            strategies.invalid_records(breaking=duplicates, base=base),
            lambda r: len(r.circle) == 2,
            settings=SEARCH,
        )
        assert [v.code for v in duplicates.check(found, at=found.updated_at)] == [
            "DUPLICATE_MEMBER",
            "DUPLICATE_MEMBER",
        ]

    @pytest.mark.parametrize(
        "value", [rules.editing, rules.privacy, rules.record, "R7", "unique_roles", None, [codes]]
    )
    def test_a_value_that_names_no_record_rule(self, value: object) -> None:
        with pytest.raises(cc.InvalidValueError) as caught:
            strategies.invalid_records(breaking=value)  # type: ignore[arg-type]
        assert (caught.value.code, caught.value.path) == ("WRONG_TYPE", "breaking")


class TestCreatorOf:
    def test_the_creator_is_m1(self) -> None:
        record = find(strategies.records(), lambda _r: True, settings=SEARCH)
        creator = strategies.creator_of(record)
        entry = record.circle.get("M1").member
        assert isinstance(entry, cc.DirectoryProfessional)
        assert creator == cc.Principal.from_entry(entry)

    def test_not_a_record(self) -> None:
        with pytest.raises(cc.InvalidValueError) as caught:
            strategies.creator_of("DC-1")  # type: ignore[arg-type]
        assert (caught.value.code, caught.value.path) == ("WRONG_TYPE", "record")
