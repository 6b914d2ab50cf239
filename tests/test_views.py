"""G15: the member list, sorted by name, kind, role, profession, habilitation, date added."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

import carecircle as cc
from carecircle.nomenclatures import professions
from carecircle.roles import AIDANT_PRINCIPAL, PCP
from carecircle.testing.builders import (
    directory_professional,
    directory_structure,
    instant,
    manual_professional,
    new_record,
    related_person,
)

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.circles import joined
else:
    from .helpers.circles import joined


@pytest.fixture
def record() -> cc.CoordinationRecord:
    record, creator = new_record()  # M1: DURAND Prénom1, médecin, habilitated
    additions: list[tuple[cc.Member, set[cc.Code], bool]] = [
        (
            directory_professional(2, family_name="Écrin", profession=professions.INFIRMIER),
            set(),
            True,
        ),
        (manual_professional(), set(), False),  # M3 MANUEL1, kiné
        (related_person(), {AIDANT_PRINCIPAL}, False),  # M4 PROCHE1
        (directory_structure(5), set(), True),  # M5 SSIAD 5
        (directory_professional(6, family_name="abadie"), {PCP}, False),  # M6
    ]
    for minute, (member, roles, habilitated) in enumerate(additions, start=1):
        record = cc.add_member(
            record, member, actor=creator, at=instant(minute), roles=roles, habilitated=habilitated
        ).record
    return cc.end_participation(record, "M3", actor=creator, at=instant(10)).record


def ids(members: tuple[cc.Membership, ...]) -> list[str]:
    return [m.member_id for m in members]


@pytest.mark.parametrize(
    ("sort_by", "expected"),
    [
        (cc.SortKey.NAME, ["M6", "M1", "M2", "M4", "M5"]),
        (cc.SortKey.KIND, ["M6", "M1", "M2", "M4", "M5"]),
        (cc.SortKey.ROLE, ["M4", "M6", "M1", "M2", "M5"]),
        (cc.SortKey.PROFESSION, ["M2", "M6", "M1", "M4", "M5"]),
        (cc.SortKey.HABILITATION, ["M1", "M2", "M5", "M6", "M4"]),
        (cc.SortKey.ADDED_AT, ["M1", "M2", "M4", "M5", "M6"]),
    ],
)
def test_sort_keys(record: cc.CoordinationRecord, sort_by: cc.SortKey, expected: list[str]) -> None:
    assert ids(cc.list_members(record, at=instant(20), sort_by=sort_by)) == expected


def test_descending_and_past_members(record: cc.CoordinationRecord) -> None:
    assert ids(cc.list_members(record, at=instant(20), descending=True)) == [
        "M5",
        "M4",
        "M2",
        "M1",
        "M6",
    ]
    everyone = cc.list_members(record, at=instant(20), include_past=True)
    assert ids(everyone) == ["M6", "M1", "M2", "M3", "M4", "M5"]


def test_members_without_a_value_stay_last_when_descending(record: cc.CoordinationRecord) -> None:
    assert ids(
        cc.list_members(record, at=instant(20), sort_by=cc.SortKey.ROLE, descending=True)
    ) == ["M6", "M4", "M5", "M2", "M1"]
    assert ids(
        cc.list_members(record, at=instant(20), sort_by=cc.SortKey.PROFESSION, descending=True)
    )[-2:] == ["M5", "M4"]


def test_an_expired_habilitation_sorts_as_none() -> None:
    """G15 with G5: the habilitation column shows who holds a habilitation at ``at``."""
    record, _ = joined(
        directory_professional(2, family_name="Abadie"),
        habilitated=True,
        habilitation_ends=instant(10),
    )
    by_habilitation = cc.list_members(record, at=instant(9), sort_by=cc.SortKey.HABILITATION)
    assert ids(by_habilitation) == ["M2", "M1"]  # both habilitated: by name
    expired = cc.list_members(record, at=instant(10), sort_by=cc.SortKey.HABILITATION)
    assert ids(expired) == ["M1", "M2"]
