"""Unit tests of the OpenFGA export: the DSL, the tuples, ids, windows and coded errors."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import carecircle as cc
from carecircle import InvalidValueError
from carecircle.interop import openfga
from carecircle.nomenclatures import professions
from carecircle.testing import strategies
from carecircle.testing.builders import (
    directory_professional,
    directory_structure,
    instant,
    new_record,
)

MATRIX = cc.EXAMPLE_MATRIX


def _nurse_record() -> tuple[cc.CoordinationRecord, cc.Principal, cc.Principal]:
    record, doctor = new_record()
    nurse = directory_professional(2, profession=professions.INFIRMIER)
    record = cc.add_member(
        record, nurse, actor=doctor, at=instant(2), habilitated=True, habilitation_ends=instant(50)
    ).record
    record = cc.end_participation(record, "M2", actor=doctor, at=instant(10)).record
    record = cc.rejoin(
        record, "M2", actor=doctor, at=instant(20), habilitated=True, habilitation_ends=instant(50)
    ).record
    record = cc.record_refusal(
        record,
        "M2",
        statement=cc.Statement(expressed_at=instant(30)),
        actor=doctor,
        at=instant(30),
        categories={"medical"},
    ).record
    return record, doctor, cc.Principal.from_entry(nurse)


def _find(tuples: list[dict[str, object]], user: str, relation: str, obj: str) -> dict[str, object]:
    found = [t for t in tuples if (t["user"], t["relation"], t["object"]) == (user, relation, obj)]
    assert len(found) == 1
    return found[0]


def _windows(t: dict[str, object]) -> dict[str, str]:
    condition = t["condition"]
    assert isinstance(condition, dict)
    assert condition["name"] == "within"
    windows: dict[str, str] = condition["context"]["windows"]
    return windows


class TestModel:
    def test_one_relation_per_declared_category_and_action(self) -> None:
        matrix = cc.HabilitationMatrix(categories=("medical", "nutrition"))
        dsl = openfga.authorization_model(matrix)
        assert dsl.startswith("model\n  schema 1.1\n")
        for category in matrix.categories:
            for prefix in ("can_read_", "can_write_", "refused_", "reach_"):
                assert f"define {prefix}{category}:" in dsl
        assert "define can_read_social" not in dsl
        assert "define can_open: can_read_medical or can_read_nutrition" in dsl
        assert openfga.CONDITION in dsl

    def test_deterministic(self) -> None:
        assert openfga.authorization_model(MATRIX) == openfga.authorization_model(MATRIX)

    def test_a_category_too_long_for_a_relation_name(self) -> None:
        long = "a" * (openfga.MAX_CATEGORY_LENGTH + 1)
        matrix = cc.HabilitationMatrix(categories=("medical", long))
        with pytest.raises(InvalidValueError) as caught:
            openfga.authorization_model(matrix)
        assert caught.value.code == "CATEGORY_NOT_EXPORTABLE"
        assert caught.value.path == "matrix.categories[1]"

    def test_wrong_matrix(self) -> None:
        with pytest.raises(InvalidValueError) as caught:
            openfga.authorization_model("matrix")  # type: ignore[arg-type]
        assert caught.value.code == "WRONG_TYPE"


class TestIds:
    @given(st.text(min_size=1))
    def test_encoded_ids_hold_no_separator_and_decode_back(self, value: str) -> None:
        encoded = openfga.encode(value)
        assert not set(encoded) & {":", "#", "/", " ", "@"}
        assert openfga.decode(encoded) == value

    def test_percent_encoding_of_utf8_in_upper_case(self) -> None:
        assert openfga.encode("Hélène a~b_c.d-e") == "H%C3%A9l%C3%A8ne%20a~b_c.d-e"
        with pytest.raises(InvalidValueError) as caught:
            openfga.decode("%C3")
        assert caught.value.code == "ID_INVALID"

    def test_one_canonical_form_per_principal(self) -> None:
        assert openfga.user_id(cc.Principal(account="PASS:7")) == "user:pass%3A7"
        assert openfga.user_id("pass:7") == "user:pass%3A7"

    def test_a_principal_without_account_is_no_user(self) -> None:
        with pytest.raises(InvalidValueError) as caught:
            openfga.user_id(cc.Principal(national_id="800000000007"))
        assert caught.value.code == "NO_ACCOUNT"

    def test_wrong_types(self) -> None:
        calls: list[Callable[[], object]] = [
            lambda: openfga.user_id(7),  # type: ignore[arg-type]
            lambda: openfga.object_id(7),  # type: ignore[arg-type]
            lambda: openfga.encode(7),  # type: ignore[arg-type]
            lambda: openfga.profession_id("TRE_G15|10"),  # type: ignore[arg-type]
        ]
        for call in calls:
            with pytest.raises(InvalidValueError) as caught:
                call()
            assert caught.value.code == "WRONG_TYPE"
        with pytest.raises(InvalidValueError) as empty:
            openfga.encode("")
        assert empty.value.code == "ID_REQUIRED"

    def test_timestamp_in_utc(self) -> None:
        paris = dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
        assert openfga.timestamp(paris) == "2026-11-02T09:00:00.000000Z"
        with pytest.raises(InvalidValueError):
            openfga.timestamp(dt.datetime(2026, 11, 2, 10, 0))  # noqa: DTZ001 -- the error


class TestTuples:
    def test_windows_of_stays_habilitation_end_and_refusals(self) -> None:
        record, doctor, nurse = _nurse_record()
        tuples = openfga.relationship_tuples([record], matrix=MATRIX, principals=[doctor, nurse])
        user, obj = openfga.user_id(nurse), openfga.object_id(record)
        # Two stays, the second one cut by the habilitation's end.
        assert _windows(_find(tuples, user, "member", obj)) == {
            openfga.timestamp(instant(2)): openfga.timestamp(instant(10)),
            openfga.timestamp(instant(20)): openfga.timestamp(instant(50)),
        }
        assert _windows(_find(tuples, user, "refused_medical", obj)) == {
            openfga.timestamp(instant(30)): openfga.NEVER
        }
        assert not [t for t in tuples if t["relation"] == "refused" and t["user"] == user]
        assert _windows(_find(tuples, "user:*", "circle_active", obj)) == {
            openfga.DAWN: openfga.NEVER
        }
        _find(tuples, user, "active_account", openfga.DIRECTORY)
        _find(tuples, user, "member", openfga.profession_id(professions.INFIRMIER))

    def test_structures_placements_and_delegates(self) -> None:
        record, doctor = new_record()
        for n, legal in ((5, True), (6, False)):
            record = cc.add_member(
                record,
                directory_structure(n, legal_entity=legal),
                actor=doctor,
                at=instant(n),
                habilitated=True,
            ).record
        delegate = cc.Principal(account="pass:50", delegated_by={"S5"})
        tuples = openfga.relationship_tuples([record], matrix=MATRIX, principals=[delegate])
        for member_id in ("M2", "M3"):
            place = openfga.placement_id(record.record_id, member_id)
            _find(tuples, place, "placement", openfga.object_id(record))
        _find(tuples, "user:*", "legal_entity", openfga.placement_id("DC-1", "M2"))
        assert not [t for t in tuples if t["object"] == "placement:DC-1/M3" and "legal" in str(t)]
        _find(tuples, openfga.user_id(delegate), "delegate", openfga.structure_id("S5"))

    def test_the_matrix_as_profession_grants(self) -> None:
        tuples = openfga.relationship_tuples([], matrix=MATRIX)
        group = openfga.profession_id(professions.INFIRMIER) + "#member"
        _find(tuples, group, "write_medical", openfga.MATRIX)
        _find(tuples, group, "read_social", openfga.MATRIX)
        assert not [t for t in tuples if t["user"] == group and t["relation"] == "write_social"]

    @settings(max_examples=20, deadline=None)
    @given(
        records=st.lists(strategies.access_records(), max_size=2, unique_by=lambda r: r.record_id)
    )
    def test_deterministic_sorted_unique_and_json_ready(
        self, records: list[cc.CoordinationRecord]
    ) -> None:
        principals = [
            cc.Principal.from_entry(m.member)
            for r in records
            for m in r.circle
            if isinstance(m.member, cc.DirectoryProfessional) and m.member.account is not None
        ]
        unique = list({p.account: p for p in principals}.values())
        tuples = openfga.relationship_tuples(records, matrix=MATRIX, principals=unique)
        again = openfga.relationship_tuples(reversed(records), matrix=MATRIX, principals=unique)
        keys = [(t["object"], t["relation"], t["user"]) for t in tuples]
        assert keys == sorted(set(keys))
        assert sorted(json.dumps(t) for t in tuples) == sorted(json.dumps(t) for t in again)
        for t in tuples:
            for part in (t["user"], t["object"]):
                kind, _, rest = part.partition(":")
                assert kind and rest and ":" not in rest.split("#")[0] and " " not in rest

    def test_coded_errors(self) -> None:
        record, doctor = new_record()
        cases: list[tuple[object, object, str]] = [
            ("records", (), "WRONG_TYPE"),
            ([record, "DC-2"], (), "WRONG_TYPE"),
            ([record, record], (), "DUPLICATE_RECORD_ID"),
            ([record], "pass:1", "WRONG_TYPE"),
            (
                [record],
                [doctor, cc.Principal(account="pass:1", profession=professions.INFIRMIER)],
                "PRINCIPAL_REPEATED",
            ),
        ]
        for records, principals, code in cases:
            with pytest.raises(InvalidValueError) as caught:
                openfga.relationship_tuples(
                    records,  # type: ignore[arg-type]
                    matrix=MATRIX,
                    principals=principals,  # type: ignore[arg-type]
                )
            assert caught.value.code == code
        with pytest.raises(InvalidValueError):
            openfga.relationship_tuples([record], matrix=None)  # type: ignore[arg-type]
        # The same principal given twice is one.
        assert openfga.relationship_tuples(
            [record], matrix=MATRIX, principals=[doctor, doctor]
        ) == openfga.relationship_tuples([record], matrix=MATRIX, principals=[doctor])
