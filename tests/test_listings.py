"""Listings (*listes d'accès*): permissions, who can access a record, active files (G11, G14).

Every listing must answer what ``decide`` answers, one principal, record, category and action
at a time: examples state the expected listings outright, properties compare them with a brute
force over every category and action.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import carecircle as cc
from carecircle import member_has_access
from carecircle.nomenclatures import professions
from carecircle.testing import strategies
from carecircle.testing.builders import (
    EPOCH,
    directory_professional,
    directory_structure,
    instant,
    manual_professional,
    patient,
    related_person,
)

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.decisions import CREATOR, MATRICES, asked, join
else:
    from .helpers.decisions import CREATOR, MATRICES, asked, join

NONE, READ, WRITE = cc.Level.NONE, cc.Level.READ, cc.Level.WRITE
MATRIX = cc.EXAMPLE_MATRIX
NOW = instant(30)

CREATOR_ENTRY = directory_professional(1)
NURSE_ENTRY = directory_professional(2, profession=professions.INFIRMIER)
NURSE = cc.Principal.from_entry(NURSE_ENTRY)
PHYSIO_ENTRY = directory_professional(3, profession=professions.MASSEUR_KINESITHERAPEUTE)
PSY_ENTRY = directory_professional(4, profession=professions.PSYCHOLOGUE)
#: A psychologist acting for the SSIAD S5, member of no circle.
S5_PSYCHOLOGIST = cc.Principal(
    account="pass:50", profession=professions.PSYCHOLOGUE, delegated_by=frozenset({"S5"})
)
S6_DOCTOR = cc.Principal(
    account="pass:60", profession=professions.MEDECIN, delegated_by=frozenset({"S6"})
)
STRANGER = cc.Principal(account="pass:99", profession=professions.MEDECIN)

EVERYTHING = {"administrative": WRITE, "social": WRITE, "medical": WRITE, "psychological": WRITE}
NURSE_LEVELS = {"administrative": READ, "social": READ, "medical": WRITE, "psychological": READ}
PSY_LEVELS = {"administrative": READ, "social": READ, "medical": NONE, "psychological": WRITE}
NOTHING = dict.fromkeys(cc.Category, NONE)


def direct(member_id: str) -> cc.AccessPath:
    return cc.AccessPath(member_id=member_id)


def via(member_id: str) -> cc.AccessPath:
    return cc.AccessPath(member_id=member_id, via_structure=True)


def new(record_id: str, n: int = 1) -> cc.CoordinationRecord:
    """A record created at EPOCH by professional 1, a médecin (G1: M1, habilitated)."""
    return cc.create_record(
        record_id=record_id,
        patient=patient(n),
        creator=CREATOR,
        creator_entry=CREATOR_ENTRY,
        at=EPOCH,
    ).record


def care_team() -> cc.CoordinationRecord:
    """DC-1: every kind of member, with and without access."""
    record = new("DC-1")
    record = join(record, NURSE_ENTRY, minute=1)  # M2
    record = join(record, PHYSIO_ENTRY, minute=2, habilitated=False)  # M3
    record = join(record, directory_structure(5), minute=3)  # M4
    record = join(record, directory_structure(6, legal_entity=False), minute=4)  # M5
    record = join(record, PSY_ENTRY, minute=5, refused=True)  # M6
    record = join(record, manual_professional(), minute=6, habilitated=False)  # M7
    return join(record, related_person(), minute=7, habilitated=False)  # M8


class TestPermissions:
    """What one principal may do on one record, category by category (G5)."""

    record = care_team()

    def test_the_creator(self) -> None:
        allowed = cc.permissions(self.record, CREATOR, matrix=MATRIX, at=NOW)
        assert allowed == cc.Permissions(
            record_id="DC-1", principal=CREATOR, levels=EVERYTHING, paths=(direct("M1"),)
        )
        assert allowed.can_open and bool(allowed)

    def test_levels_follow_the_profession(self) -> None:
        allowed = cc.permissions(self.record, NURSE, matrix=MATRIX, at=NOW)
        assert dict(allowed.levels) == NURSE_LEVELS and allowed.paths == (direct("M2"),)
        assert allowed.allows("medical", cc.Action.WRITE)
        assert allowed.allows("social", cc.Action.READ)
        assert not allowed.allows("social", cc.Action.WRITE)
        assert not allowed.allows("nutrition", cc.Action.READ)

    def test_r3_through_a_structure_the_delegates_own_profession(self) -> None:
        allowed = cc.permissions(self.record, S5_PSYCHOLOGIST, matrix=MATRIX, at=NOW)
        assert dict(allowed.levels) == PSY_LEVELS and allowed.paths == (via("M4"),)

    @pytest.mark.parametrize(
        "principal",
        [
            cc.Principal.from_entry(PHYSIO_ENTRY),  # G6: not habilitated
            cc.Principal.from_entry(PSY_ENTRY),  # R4: refused
            S6_DOCTOR,  # G11: not a legal entity
            STRANGER,  # R1
            attrs.evolve(NURSE, account_state=cc.AccountState.CLOSED),  # R2
        ],
    )
    def test_nothing_without_access(self, principal: cc.Principal) -> None:
        allowed = cc.permissions(self.record, principal, matrix=MATRIX, at=NOW)
        assert dict(allowed.levels) == NOTHING and allowed.paths == ()
        assert not allowed.can_open and not allowed

    def test_nothing_for_a_profession_the_matrix_does_not_know(self) -> None:
        """R1: the record opens, but no category does: not in the active file either."""
        unknown = attrs.evolve(NURSE, profession=None)
        assert cc.effective_access(self.record, unknown, at=NOW).allowed
        allowed = cc.permissions(self.record, unknown, matrix=MATRIX, at=NOW)
        assert dict(allowed.levels) == NOTHING and not allowed.can_open

    def test_categories_of_the_matrix(self) -> None:
        matrix = cc.HabilitationMatrix.from_mapping(
            {
                "categories": ["nutrition", "medical"],
                "grants": {"TRE_G15|60": {"nutrition": "read"}},
            }
        )
        allowed = cc.permissions(self.record, NURSE, matrix=matrix, at=NOW)
        assert list(allowed.levels.items()) == [("nutrition", READ), ("medical", NONE)]
        assert allowed.paths == (direct("M2"),)


class TestWhoCanAccess:
    """Among the principals the caller knows, those who can open the record, in order, once."""

    record = care_team()

    def test_listing(self) -> None:
        candidates = [
            STRANGER,
            NURSE,
            cc.Principal.from_entry(PHYSIO_ENTRY),
            CREATOR,
            NURSE,
            S6_DOCTOR,
            S5_PSYCHOLOGIST,
            cc.Principal.from_entry(PSY_ENTRY, delegated_by=frozenset({"S5"})),
        ]
        found = cc.who_can_access(self.record, candidates, matrix=MATRIX, at=NOW)
        assert found == (
            cc.Permissions(
                record_id="DC-1", principal=NURSE, levels=NURSE_LEVELS, paths=(direct("M2"),)
            ),
            cc.Permissions(
                record_id="DC-1", principal=CREATOR, levels=EVERYTHING, paths=(direct("M1"),)
            ),
            cc.Permissions(
                record_id="DC-1", principal=S5_PSYCHOLOGIST, levels=PSY_LEVELS, paths=(via("M4"),)
            ),
        )

    def test_nobody(self) -> None:
        assert cc.who_can_access(self.record, [], matrix=MATRIX, at=NOW) == ()
        assert cc.who_can_access(self.record, [STRANGER], matrix=MATRIX, at=NOW) == ()

    def test_before_they_joined(self) -> None:
        found = cc.who_can_access(self.record, [NURSE, CREATOR], matrix=MATRIX, at=instant(0))
        assert [p.principal for p in found] == [CREATOR]


# -- active files ------------------------------------------------------------------------------


def records() -> list[cc.CoordinationRecord]:
    """Six records around the nurse (professional 2) and the SSIAD S5."""
    one = join(join(new("DC-1"), NURSE_ENTRY, minute=1), directory_structure(5), minute=2)
    two = new("DC-2", 2)
    two = join(two, NURSE_ENTRY, minute=1, habilitated=False)
    two = join(two, directory_structure(5), minute=2, habilitated=False)
    two = join(two, directory_structure(6, legal_entity=False), minute=3)
    three = join(new("DC-3", 3), directory_structure(5), minute=1)
    four = join(new("DC-4", 4), directory_structure(5), minute=1, refused=True)
    five = join(new("DC-5", 5), directory_structure(5), minute=1)
    five = cc.end_participation(five, "M2", actor=CREATOR, at=instant(5)).record
    six = join(new("DC-6", 6), directory_structure(5), minute=1, until=instant(20))
    return [one, two, three, four, five, six]


def file_of(
    index: cc.ActiveFileIndex, principal: cc.Principal, at: dt.datetime = NOW
) -> dict[str, tuple[cc.AccessPath, ...]]:
    """The active file as record id -> paths, checking each entry's permissions."""
    entries = index.for_principal(principal, at=at)
    for entry in entries:
        assert entry.record_id == entry.permissions.record_id
        assert entry.permissions == cc.permissions(
            index.record(entry.record_id), principal, matrix=index.matrix, at=at
        )
    return {e.record_id: e.permissions.paths for e in entries}


class TestActiveFile:
    """G14: the records a principal can open; G11: a legal-entity structure's own file."""

    index = cc.ActiveFileIndex.of(records(), matrix=MATRIX)

    def test_len_and_record(self) -> None:
        assert len(self.index) == 6
        assert self.index.record("DC-3").record_id == "DC-3"

    def test_records_are_indexed_by_their_own_id(self) -> None:
        record = self.index.record("DC-3")
        with pytest.raises(cc.InvalidValueError) as info:
            cc.ActiveFileIndex(records={"DC-9": record}, matrix=cc.EXAMPLE_MATRIX)
        assert (info.value.code, info.value.path) == ("RECORD_ID_MISMATCH", "records[DC-9]")

    def test_unknown_record(self) -> None:
        with pytest.raises(cc.NotFoundError) as info:
            self.index.record("DC-404")
        assert isinstance(info.value, LookupError)
        assert (info.value.code, info.value.path) == ("RECORD_NOT_FOUND", "records[DC-404]")
        with pytest.raises(cc.NotFoundError):
            self.index.who_can_access("DC-404", [NURSE], at=NOW)

    def test_through_own_membership(self) -> None:
        assert file_of(self.index, NURSE) == {"DC-1": (direct("M2"),)}

    def test_through_a_delegating_structure(self) -> None:
        nurse = attrs.evolve(NURSE, delegated_by=frozenset({"S5"}))
        assert file_of(self.index, nurse) == {
            "DC-1": (direct("M2"), via("M3")),
            "DC-3": (via("M2"),),
        }
        assert file_of(self.index, nurse, instant(10)) == {
            "DC-1": (direct("M2"), via("M3")),
            "DC-3": (via("M2"),),
            "DC-6": (via("M2"),),
        }
        assert file_of(self.index, nurse, instant(3)) == {
            "DC-1": (direct("M2"), via("M3")),
            "DC-3": (via("M2"),),
            "DC-5": (via("M2"),),
            "DC-6": (via("M2"),),
        }

    def test_the_creator_opens_every_record(self) -> None:
        assert file_of(self.index, CREATOR) == {f"DC-{n}": (direct("M1"),) for n in range(1, 7)}

    def test_nothing_for_others(self) -> None:
        assert file_of(self.index, STRANGER) == {}
        assert file_of(self.index, S6_DOCTOR) == {}  # G11: not a legal entity
        assert file_of(self.index, attrs.evolve(NURSE, profession=None)) == {}

    def test_g11_structure_file(self) -> None:
        """Only records where the structure is an active, habilitated, unrefused member."""
        assert self.index.for_structure("S5", at=NOW) == ("DC-1", "DC-3")
        assert self.index.for_structure("S5", at=instant(10)) == ("DC-1", "DC-3", "DC-6")
        assert self.index.for_structure("S5", at=instant(3)) == ("DC-1", "DC-3", "DC-5", "DC-6")
        assert self.index.for_structure("S5", at=instant(0)) == ()
        assert self.index.for_structure("S6", at=NOW) == ()  # not a legal entity
        assert self.index.for_structure("S404", at=NOW) == ()

    def test_who_can_access_an_indexed_record(self) -> None:
        candidates = [STRANGER, S5_PSYCHOLOGIST, NURSE, CREATOR]
        assert self.index.who_can_access("DC-1", candidates, at=NOW) == cc.who_can_access(
            self.index.record("DC-1"), candidates, matrix=MATRIX, at=NOW
        )
        assert [p.principal for p in self.index.who_can_access("DC-3", candidates, at=NOW)] == [
            S5_PSYCHOLOGIST,
            CREATOR,
        ]

    def test_a_later_record_with_the_same_id_wins(self) -> None:
        first, second = new("DC-1"), join(new("DC-1"), NURSE_ENTRY, minute=1)
        index = cc.ActiveFileIndex.of([first, second], matrix=MATRIX)
        assert len(index) == 1 and index.record("DC-1") is second
        assert file_of(index, NURSE) == {"DC-1": (direct("M2"),)}


def same_answers(
    index: cc.ActiveFileIndex,
    expected: cc.ActiveFileIndex,
    principals: Iterable[cc.Principal],
    structures: Iterable[str],
    at: dt.datetime,
) -> None:
    assert dict(index.records) == dict(expected.records) and len(index) == len(expected)
    for principal in principals:
        assert index.for_principal(principal, at=at) == expected.for_principal(principal, at=at)
    for structure_id in structures:
        assert index.for_structure(structure_id, at=at) == expected.for_structure(
            structure_id, at=at
        )


class TestWithRecord:
    """An index with one record added or replaced answers as one built afresh."""

    principals = (
        NURSE,
        attrs.evolve(NURSE, delegated_by=frozenset({"S5", "S6"})),
        CREATOR,
        S5_PSYCHOLOGIST,
        STRANGER,
    )
    structures = ("S5", "S6", "S404")

    def test_replacing(self) -> None:
        old = records()
        index = cc.ActiveFileIndex.of(old, matrix=MATRIX)
        before = {p: file_of(index, p) for p in self.principals}
        two = cc.habilitate(old[1], "M2", actor=CREATOR, at=instant(10)).record
        two = cc.habilitate(two, "M3", actor=CREATOR, at=instant(10)).record
        updated = index.with_record(two)
        assert file_of(updated, NURSE) == {"DC-1": (direct("M2"),), "DC-2": (direct("M2"),)}
        assert updated.for_structure("S5", at=NOW) == ("DC-1", "DC-2", "DC-3")
        fresh = cc.ActiveFileIndex.of([*old[:1], two, *old[2:]], matrix=MATRIX)
        same_answers(updated, fresh, self.principals, self.structures, NOW)
        # The index it came from is unchanged.
        assert index.record("DC-2") is old[1]
        assert {p: file_of(index, p) for p in self.principals} == before

    def test_replacing_drops_what_the_old_version_gave(self) -> None:
        old = records()
        index = cc.ActiveFileIndex.of(old, matrix=MATRIX)
        one = cc.end_participation(old[0], "M2", actor=CREATOR, at=instant(10)).record
        one = cc.end_participation(one, "M3", actor=CREATOR, at=instant(10)).record
        updated = index.with_record(one)
        assert file_of(updated, NURSE) == {}
        assert updated.for_structure("S5", at=NOW) == ("DC-3",)
        fresh = cc.ActiveFileIndex.of([one, *old[1:]], matrix=MATRIX)
        same_answers(updated, fresh, self.principals, self.structures, NOW)

    def test_adding(self) -> None:
        old = records()
        index = cc.ActiveFileIndex.of(old, matrix=MATRIX)
        seven = join(join(new("DC-7", 7), NURSE_ENTRY, minute=1), directory_structure(5), minute=2)
        updated = index.with_record(seven)
        assert len(updated) == 7 and len(index) == 6
        assert file_of(updated, NURSE) == {"DC-1": (direct("M2"),), "DC-7": (direct("M2"),)}
        assert updated.for_structure("S5", at=NOW) == ("DC-1", "DC-3", "DC-7")
        same_answers(
            updated,
            cc.ActiveFileIndex.of([*old, seven], matrix=MATRIX),
            self.principals,
            self.structures,
            NOW,
        )
        with pytest.raises(cc.NotFoundError):
            index.record("DC-7")


class TestG14:
    """G14: once habilitated with a PASS account, the patient is in the professional's file."""

    def test_habilitation_puts_the_record_in_the_active_file(self) -> None:
        record = join(new("DC-1"), NURSE_ENTRY, minute=1, habilitated=False)
        index = cc.ActiveFileIndex.of([record], matrix=MATRIX)
        assert file_of(index, NURSE, instant(2)) == {}
        change = cc.habilitate(record, "M2", actor=CREATOR, at=instant(2), until=instant(20))
        (notice,) = change.notifications
        assert isinstance(notice, cc.HabilitationNotice)
        assert (notice.member_id, notice.recipient) == ("M2", "pass:2")
        index = index.with_record(change.record)
        assert file_of(index, NURSE, instant(2)) == {"DC-1": (direct("M2"),)}
        assert file_of(index, NURSE, instant(20) - dt.timedelta(microseconds=1)) != {}
        assert file_of(index, NURSE, instant(20)) == {}  # the habilitation ended
        revoked = cc.revoke_habilitation(change.record, "M2", actor=CREATOR, at=instant(5))
        assert file_of(index.with_record(revoked.record), NURSE, instant(6)) == {}

    def test_pending_until_the_account_exists(self) -> None:
        """R5: habilitated without an account; in the file once the directory has one."""
        entry = directory_professional(2, account=False, profession=professions.INFIRMIER)
        record = join(new("DC-1"), entry, minute=1)
        index = cc.ActiveFileIndex.of([record], matrix=MATRIX)
        pending = cc.Principal.from_entry(entry)
        assert file_of(index, pending) == {}
        with_account = attrs.evolve(pending, account="pass:2")
        assert file_of(index, with_account) == {"DC-1": (direct("M2"),)}

    def test_refusal_takes_the_record_out(self) -> None:
        record = join(new("DC-1"), NURSE_ENTRY, minute=1)
        said = cc.Statement(expressed_at=instant(2))
        refused = cc.record_refusal(record, "M2", statement=said, actor=CREATOR, at=instant(2))
        index = cc.ActiveFileIndex.of([refused.record], matrix=MATRIX)
        assert file_of(index, NURSE) == {}


# -- properties: listings are decide, one question at a time ------------------------------------

PROPERTIES = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def brute_levels(
    record: cc.CoordinationRecord,
    principal: cc.Principal,
    matrix: cc.HabilitationMatrix,
    at: dt.datetime,
) -> dict[str, cc.Level]:
    levels = {}
    for category in matrix.categories:
        ask = {
            a: cc.decide(record, principal, category, a, matrix=matrix, at=at).allowed
            for a in cc.Action
        }
        levels[category] = WRITE if ask[cc.Action.WRITE] else READ if ask[cc.Action.READ] else NONE
    return levels


def opens(
    record: cc.CoordinationRecord,
    principal: cc.Principal,
    matrix: cc.HabilitationMatrix,
    at: dt.datetime,
) -> tuple[cc.AccessPath, ...]:
    """The record's paths when some decision is allowed, or ``()`` when none is.

    Each allowed decision opens through some of them: all, unless a refusal of its category
    stands on a structure, which closes the path through it for that category (R4).
    """
    record_paths = cc.effective_access(record, principal, at=at).paths
    found = {
        cc.decide(record, principal, c, a, matrix=matrix, at=at).paths
        for c, a in itertools.product(asked(matrix), cc.Action)
    } - {()}
    for paths in found:
        assert set(paths) <= set(record_paths)
        assert paths == tuple(p for p in record_paths if p in paths)
    return record_paths if found else ()


def structure_file(
    records: Iterable[cc.CoordinationRecord], structure_id: str, at: dt.datetime
) -> tuple[str, ...]:
    """G11 by hand: an active, habilitated, unrefused legal-entity membership."""
    found = set()
    for record in records:
        for m in record.circle:
            member = m.member
            if not isinstance(member, cc.DirectoryStructure) or member.national_id != structure_id:
                continue
            assert member_has_access(m, at) == (
                m.is_active(at)
                and m.habilitated
                and (m.habilitation_ends is None or at < m.habilitation_ends)
                and not m.refused_at(at)
                and member.legal_entity
            )
            if member_has_access(m, at):
                found.add(record.record_id)
    return tuple(sorted(found))


def every_category_refused(
    record: cc.CoordinationRecord, structure_id: str, at: dt.datetime
) -> bool:
    """R4: on each membership of the structure that gives access, refusals of some categories
    standing at ``at`` name, together, every category of ``MATRIX``."""
    for m in record.circle:
        member = m.member
        if not isinstance(member, cc.DirectoryStructure) or member.national_id != structure_id:
            continue
        if not member_has_access(m, at):
            continue
        named = {c for r in m.refusals if r.categories and r.stands_at(at) for c in r.categories}
        if not set(MATRIX.categories) <= named:
            return False
    return True


def structure_ids(records: Iterable[cc.CoordinationRecord]) -> list[str]:
    return sorted(
        {
            m.member.national_id
            for r in records
            for m in r.circle
            if isinstance(m.member, cc.DirectoryStructure)
        }
    )


CHOICES = st.integers(min_value=0, max_value=2)


@st.composite
def principals_around(
    draw: st.DrawFn, records: Sequence[cc.CoordinationRecord], matrix: cc.HabilitationMatrix
) -> cc.Principal:
    """A member of these circles, a stranger acting for some of their structures, or one of
    ``strategies.record_principals``; often with a profession ``matrix`` lists."""
    delegated_by = frozenset(s for s in structure_ids(records) if draw(CHOICES) != 2)
    choice = draw(CHOICES)
    if choice == 0:
        entries = [
            m.member
            for r in records
            for m in r.circle
            if isinstance(m.member, cc.DirectoryProfessional)
        ]
        i = draw(st.integers(min_value=0, max_value=len(entries) - 1))
        principal = cc.Principal.from_entry(entries[i], delegated_by=delegated_by)
    elif choice == 1:
        principal = cc.Principal(
            account="pass:900000009", profession=professions.MEDECIN, delegated_by=delegated_by
        )
    else:
        i = draw(st.integers(min_value=0, max_value=len(records) - 1))
        principal = draw(strategies.record_principals(records[i]))
    if draw(st.booleans()):
        return principal
    listed: tuple[cc.Code | None, ...] = matrix.professions
    if not listed or draw(CHOICES) == 2:
        return attrs.evolve(principal, profession=None)
    i = draw(st.integers(min_value=0, max_value=len(listed) - 1))
    return attrs.evolve(principal, profession=listed[i])


class TestListingsAreDecide:
    """``permissions``, ``who_can_access`` and the active-file index answer what ``decide``
    answers for every category and action (and G11 what ``member_has_access`` answers)."""

    @PROPERTIES
    @given(data=st.data(), record=strategies.access_records(), matrix=MATRICES)
    def test_permissions_and_who_can_access(
        self, data: st.DataObject, record: cc.CoordinationRecord, matrix: cc.HabilitationMatrix
    ) -> None:
        candidates = data.draw(
            st.lists(principals_around([record], matrix), min_size=1, max_size=5)
        )
        at = data.draw(strategies.decision_instants([record]))
        expected = []
        for principal in dict.fromkeys(candidates):
            allowed = cc.permissions(record, principal, matrix=matrix, at=at)
            assert allowed.record_id == record.record_id and allowed.principal == principal
            assert dict(allowed.levels) == brute_levels(record, principal, matrix, at)
            assert list(allowed.levels) == list(matrix.categories)
            assert allowed.paths == opens(record, principal, matrix, at)
            assert allowed.can_open is bool(allowed.paths)
            for category, action in itertools.product(asked(matrix), cc.Action):
                decision = cc.decide(record, principal, category, action, matrix=matrix, at=at)
                assert allowed.allows(category, action) is decision.allowed
            if allowed.can_open:
                expected.append(allowed)
        repeated = [*candidates, *reversed(candidates)]
        assert cc.who_can_access(record, repeated, matrix=matrix, at=at) == tuple(expected)

    @PROPERTIES
    @given(
        data=st.data(),
        records=st.lists(strategies.access_records(), min_size=1, max_size=3),
        matrix=MATRICES,
    )
    def test_active_file_index(
        self,
        data: st.DataObject,
        records: list[cc.CoordinationRecord],
        matrix: cc.HabilitationMatrix,
    ) -> None:
        index = cc.ActiveFileIndex.of(records, matrix=matrix)
        by_id = {r.record_id: r for r in records}
        at = data.draw(strategies.decision_instants(records))
        candidates = data.draw(st.lists(principals_around(records, matrix), min_size=4, max_size=4))
        for principal in candidates:
            entries = index.for_principal(principal, at=at)
            expected = sorted(
                record_id
                for record_id, record in by_id.items()
                if opens(record, principal, matrix, at)
            )
            assert [e.record_id for e in entries] == expected
            for entry in entries:
                assert entry.permissions == cc.permissions(
                    by_id[entry.record_id], principal, matrix=matrix, at=at
                )
        for structure_id in [*structure_ids(records), "S404"]:
            assert index.for_structure(structure_id, at=at) == structure_file(
                by_id.values(), structure_id, at
            )

    @PROPERTIES
    @given(
        data=st.data(),
        records=st.lists(strategies.access_records(), min_size=1, max_size=3),
    )
    def test_g11_structure_file_is_what_its_delegates_open(
        self, data: st.DataObject, records: list[cc.CoordinationRecord]
    ) -> None:
        """R3, G11: a médecin acting only for the structure opens exactly its file, but the
        records where refusals of some categories, standing on the structure, name every
        category of the matrix (R4: the record stays in the structure's file, which only a
        refusal of the whole record takes it out of, yet its delegates open no category)."""
        index = cc.ActiveFileIndex.of(records, matrix=MATRIX)
        at = data.draw(strategies.decision_instants(records))
        for structure_id in structure_ids(records):
            delegate = cc.Principal(
                account="pass:900000009",
                profession=professions.MEDECIN,
                delegated_by=frozenset({structure_id}),
            )
            opened = tuple(e.record_id for e in index.for_principal(delegate, at=at))
            held = index.for_structure(structure_id, at=at)
            assert opened == tuple(
                r for r in held if not every_category_refused(index.record(r), structure_id, at)
            )

    @PROPERTIES
    @given(
        data=st.data(),
        records=st.lists(strategies.access_records(), min_size=1, max_size=3),
        extra=strategies.access_records(),
    )
    def test_with_record_equals_a_fresh_index(
        self,
        data: st.DataObject,
        records: list[cc.CoordinationRecord],
        extra: cc.CoordinationRecord,
    ) -> None:
        if data.draw(st.booleans()):
            # Replace an indexed record by another circle under the same id.
            extra = attrs.evolve(extra, record_id=data.draw(st.sampled_from(records)).record_id)
        index = cc.ActiveFileIndex.of(records, matrix=MATRIX)
        everyone = [*records, extra]
        at = data.draw(strategies.decision_instants(everyone))
        candidates = data.draw(
            st.lists(principals_around(everyone, MATRIX), min_size=4, max_size=4)
        )
        before = [index.for_principal(p, at=at) for p in candidates]
        updated = index.with_record(extra)
        fresh = cc.ActiveFileIndex.of(everyone, matrix=MATRIX)
        same_answers(updated, fresh, candidates, [*structure_ids(everyone), "S404"], at)
        assert [index.for_principal(p, at=at) for p in candidates] == before
        assert dict(index.records) == {r.record_id: r for r in records}
