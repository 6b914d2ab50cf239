"""carecircle.serialization: rejected documents, every problem at once with its path and code."""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import carecircle as cc
from carecircle import (
    CoordinationRecord,
    Decision,
    Member,
    Membership,
    Participation,
    add_member,
    create_record,
)
from carecircle import serialization as ser
from carecircle.events import Event
from carecircle.identifiers import ins
from carecircle.identifiers.ins import Ins
from carecircle.testing import sample
from carecircle.testing.builders import EPOCH

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.documents import paths
else:
    from .helpers.documents import paths


def problems(text: str | bytes, cls: Any = CoordinationRecord) -> list[tuple[str, str]]:
    """The (code, path) of every violation reading the JSON ``text`` reports, in order."""
    with pytest.raises(cc.InputRejected) as caught:
        ser.from_json(text, cls)
    return [(v.code, v.path) for v in caught.value.violations]


def plain(data: object, cls: Any) -> list[tuple[str, str]]:
    """The (code, path) of every violation reading the plain ``data`` reports, in order."""
    with pytest.raises(cc.InputRejected) as caught:
        ser.structure(data, cls)
    return [(v.code, v.path) for v in caught.value.violations]


def _record() -> CoordinationRecord:
    directory = sample.occitanie()
    gp = directory.gp
    creator = cc.Principal.from_entry(gp)
    record = create_record(
        record_id="DC-1",
        patient=cc.Patient(patient_id="P-1", family_name="Martin", given_name="Louise"),
        creator=creator,
        creator_entry=gp,
        at=EPOCH,
    ).record
    for i, entry in enumerate(sample.professionals(4)):
        at = EPOCH + dt.timedelta(minutes=i + 1)
        record = add_member(record, entry, actor=creator, at=at, habilitated=True).record
    return record


RECORD = _record()
DOCUMENT = ser.to_document(RECORD)


def edited() -> dict[str, Any]:
    return copy.deepcopy(DOCUMENT)


class TestSeveralProblemsAtOnce:
    def test_a_bad_role_an_unknown_key_and_a_naive_instant(self) -> None:
        doc = edited()
        doc["value"]["circle"]["memberships"][3]["roles"] = ["no bar"]
        doc["value"]["patient"]["nickname"] = "Lou"
        doc["value"]["circle"]["memberships"][1]["participations"][0]["start"] = (
            "2026-11-02T09:01:00"
        )
        assert sorted(problems(json.dumps(doc))) == sorted(
            [
                ("CODE_INVALID", "$.value.circle.memberships[3].roles[0]"),
                ("UNKNOWN_KEY", "$.value.patient.nickname"),
                ("NAIVE_DATETIME", "$.value.circle.memberships[1].participations[0].start"),
            ]
        )

    def test_two_bad_fields_of_one_value_are_two_problems(self) -> None:
        doc = edited()
        member = doc["value"]["circle"]["memberships"][2]["member"]
        member["family_name"] = " "
        member["contact"]["email"] = "jeanne.martin.exemple.fr"
        member["contact"]["mobile"] = 612345678
        doc["value"]["version"] = True
        period = doc["value"]["circle"]["memberships"][1]["participations"][0]
        period["end"] = "2000-01-01T00:00:00Z"
        assert sorted(problems(json.dumps(doc))) == sorted(
            [
                ("TEXT_REQUIRED", "$.value.circle.memberships[2].member.family_name"),
                ("EMAIL_INVALID", "$.value.circle.memberships[2].member.contact.email"),
                ("WRONG_TYPE", "$.value.circle.memberships[2].member.contact.mobile"),
                ("WRONG_TYPE", "$.value.version"),
                ("PERIOD_ENDS_BEFORE_START", "$.value.circle.memberships[1].participations[0].end"),
            ]
        )

    def test_the_constructors_own_rules(self) -> None:
        doc = edited()
        doc["value"]["circle"]["memberships"][2]["member_id"] = "M1"
        doc["value"]["status_history"][0]["status"] = "zombie"
        doc["value"]["updated_at"] = "1999-01-01T00:00:00+01:00"
        assert sorted(problems(json.dumps(doc))) == sorted(
            [
                ("DUPLICATE_MEMBER_ID", "$.value.circle.memberships"),
                ("VALUE_UNKNOWN", "$.value.status_history[0].status"),
            ]
        )
        # Once the circle is right, the record's own rule is reported too.
        doc["value"]["circle"] = DOCUMENT["value"]["circle"]
        doc["value"]["status_history"] = DOCUMENT["value"]["status_history"]
        assert problems(json.dumps(doc)) == [("PERIOD_ENDS_BEFORE_START", "$.value.updated_at")]

    def test_missing_keys_and_union_tags(self) -> None:
        doc = edited()
        del doc["value"]["circle"]["memberships"][0]["member_id"]
        doc["value"]["circle"]["memberships"][1]["member"]["kind"] = "alien"
        del doc["value"]["circle"]["memberships"][2]["member"]["kind"]
        doc["value"]["circle"]["memberships"][3]["member"] = ["a", "list"]
        assert problems(json.dumps(doc)) == [
            ("KEY_REQUIRED", "$.value.circle.memberships[0].member_id"),
            ("TAG_UNKNOWN", "$.value.circle.memberships[1].member.kind"),
            ("KEY_REQUIRED", "$.value.circle.memberships[2].member.kind"),
            ("WRONG_TYPE", "$.value.circle.memberships[3].member"),
        ]

    def test_no_contact_detail_in_any_message(self) -> None:
        doc = edited()
        contact = doc["value"]["circle"]["memberships"][2]["member"]["contact"]
        contact["email"] = "secret@@secret.fr"
        contact["mobile"] = "+33 6 99 99 99 9"
        contact["address"]["postal_code"] = "9999"
        with pytest.raises(cc.InputRejected) as caught:
            ser.from_json(json.dumps(doc), CoordinationRecord)
        shown = str(caught.value) + "".join(str(e) for e in caught.value.exceptions)
        assert len(caught.value.violations) == 3
        for secret in ("secret", "99 99", "9999"):
            assert secret not in shown


class TestEnvelope:
    def test_wrong_schema_version(self) -> None:
        for schema in (2, "1", True, None, 1.0):
            doc = edited() | {"schema": schema}
            assert problems(json.dumps(doc)) == [("SCHEMA_VERSION_UNSUPPORTED", "$.schema")]

    def test_wrong_type_and_missing_keys(self) -> None:
        assert problems(json.dumps(edited() | {"type": "Membership"})) == [
            ("DOCUMENT_TYPE_MISMATCH", "$.type")
        ]
        assert problems(json.dumps(edited() | {"type": ["x"]})) == [
            ("DOCUMENT_TYPE_MISMATCH", "$.type")
        ]
        assert problems("{}") == [
            ("KEY_REQUIRED", "$.schema"),
            ("KEY_REQUIRED", "$.type"),
            ("KEY_REQUIRED", "$.value"),
        ]

    def test_unknown_envelope_keys_come_with_the_value_problems(self) -> None:
        doc = edited() | {"hash": "x"}
        doc["value"]["version"] = 0
        assert problems(json.dumps(doc)) == [
            ("VERSION_INVALID", "$.value.version"),
            ("UNKNOWN_KEY", "$.hash"),
        ]
        assert problems(json.dumps(DOCUMENT | {"hash": "x"})) == [("UNKNOWN_KEY", "$.hash")]

    def test_not_json(self) -> None:
        for text in ("[1,2", "", "{'a': 1}", '{"a": NaN}', "1" * 5000, "[" * 100_000):
            assert problems(text) == [("MALFORMED_JSON", "$")]
        assert problems(b"\xff\xfe") == [("MALFORMED_JSON", "$")]
        assert problems('{"schema": 1, "schema": 1}') == [("DUPLICATE_KEY", "$")]
        assert ser.from_json(json.dumps(DOCUMENT).encode(), CoordinationRecord) == RECORD
        with pytest.raises(cc.InputRejected, match="WRONG_TYPE"):
            ser.from_json(42, CoordinationRecord)  # type: ignore[arg-type]

    def test_a_document_that_is_not_an_object(self) -> None:
        for text in ("null", "[]", "3", '"x"', "true"):
            assert problems(text) == [("WRONG_TYPE", "$")]

    def test_an_event_document_of_another_class(self) -> None:
        event = create_record(
            record_id="DC-1",
            patient=cc.Patient(patient_id="P-1", family_name="Martin", given_name="Louise"),
            creator=cc.Principal.from_entry(sample.occitanie().gp),
            creator_entry=sample.occitanie().gp,
            at=EPOCH,
        ).events[0]
        text = ser.to_json(event)
        assert ser.from_json(text, Event) == event
        assert problems(text, Membership) == [("DOCUMENT_TYPE_MISMATCH", "$.type")]
        doc = json.loads(text)
        doc["value"]["type"] = "Nope"
        assert problems(json.dumps(doc), Event) == [("TAG_UNKNOWN", "$.value.type")]


class TestPlainValues:
    @pytest.mark.parametrize(
        ("value", "code"),
        [
            ("2026-11-02T09:00:00", "NAIVE_DATETIME"),
            ("2026-11-02", "INSTANT_INVALID"),
            ("2026-13-02T09:00:00Z", "INSTANT_INVALID"),
            ("2026-11-02T09:00:00+24:00", "INSTANT_INVALID"),
            ("0001-01-01T00:00:00+01:00", "INSTANT_OUT_OF_RANGE"),
            ("٢٠٢٦-11-02T09:00:00Z", "INSTANT_INVALID"),
            (1700000000, "WRONG_TYPE"),
            (None, "WRONG_TYPE"),
        ],
    )
    def test_instants(self, value: object, code: str) -> None:
        data = {"start": value, "added_by": "pass:4711"}
        assert plain(data, Participation) == [(code, "$.start")]

    def test_instants_in_other_zones_are_utc(self) -> None:
        data = {"start": "2026-11-02T10:30:00.5+01:30", "added_by": "pass:4711"}
        start = ser.structure(data, Participation).start
        assert start == dt.datetime(2026, 11, 2, 9, 0, 0, 500_000, tzinfo=dt.UTC)
        assert start.tzinfo is dt.UTC

    def test_dates_codes_enums_sets(self) -> None:
        patient = {"patient_id": "P", "family_name": "M", "given_name": "L"}
        assert plain(patient | {"birth_date": "2020-02-30"}, cc.Patient) == [
            ("DATE_INVALID", "$.birth_date")
        ]
        assert plain(patient | {"birth_date": "20200201"}, cc.Patient) == [
            ("DATE_INVALID", "$.birth_date")
        ]
        assert plain(patient | {"birth_date": 2020}, cc.Patient) == [("WRONG_TYPE", "$.birth_date")]
        principal = {"profession": "TRE_G15|", "account_state": "gone", "delegated_by": "x"}
        assert plain(principal, cc.Principal) == [
            ("CODE_INVALID", "$.profession"),
            ("VALUE_UNKNOWN", "$.account_state"),
            ("WRONG_TYPE", "$.delegated_by"),
        ]
        assert plain({"profession": 10, "account_state": 1}, cc.Principal) == [
            ("WRONG_TYPE", "$.profession"),
            ("WRONG_TYPE", "$.account_state"),
        ]
        assert plain({"delegated_by": ["1310000001", 5, "bad id"]}, cc.Principal) == [
            ("WRONG_TYPE", "$.delegated_by[1]")
        ]

    def test_booleans_and_a_converter_path_naming_no_field(self) -> None:
        assert plain({"allowed": "yes"}, Decision) == [("WRONG_TYPE", "$.allowed")]
        assert plain({"value": "123", "oid": ins.NIR_OID}, Ins) == [
            ("IDENTIFIER_FORMAT", "$.value")
        ]

    def test_garbage_at_the_top_of_plain_data(self) -> None:
        data: object
        for data in (None, [], "x", 3, True, 1.5):
            assert plain(data, Membership) == [("WRONG_TYPE", "$")]
            assert plain(data, Member) == [("WRONG_TYPE", "$")]
        assert plain([{}], tuple[Event, ...]) == [("KEY_REQUIRED", "$[0].type")]
        assert plain("abc", tuple[Event, ...]) == [("WRONG_TYPE", "$")]


class TestMatrixDocuments:
    def test_the_matrix_reader_paths_under_the_document(self) -> None:
        doc = {
            "schema": 1,
            "type": "HabilitationMatrix",
            "value": {"grants": {"TRE_G15|10": {"medicl": "rw"}}, "extra": 1},
        }
        assert problems(json.dumps(doc), cc.HabilitationMatrix) == [
            ("UNKNOWN_KEY", "$.value.extra"),
            ("UNKNOWN_CATEGORY", "$.value.grants['TRE_G15|10'].medicl"),
            ("UNKNOWN_LEVEL", "$.value.grants['TRE_G15|10'].medicl"),
        ]

    def test_categories_are_sorted(self) -> None:
        matrix = cc.HabilitationMatrix(categories=("social", "medical"))
        assert ser.unstructure(matrix)["categories"] == ["medical", "social"]


class TestRecordRules:
    """A loaded record that breaks R5–R12 is found with one call (the constructors do not
    check the record rules: old data must still read).
    """

    def test_a_habilitated_manual_professional(self) -> None:
        doc = edited()
        manual = {
            "kind": "manual_professional",
            "family_name": "Roux",
            "given_name": "",
            "profession": None,
            "contact": {"email": None, "landline": None, "mobile": None, "address": None},
        }
        doc["value"]["circle"]["memberships"][2]["member"] = manual
        text = json.dumps(doc)
        # The constructors accept it; the record rules, checked by default, do not.
        loaded = ser.from_json(text, CoordinationRecord, check_rules=False)
        at = loaded.updated_at
        broken = ser.check_rules(loaded, at=at)
        assert ("HABILITATION_NOT_ELIGIBLE", "$.value.circle.memberships[2].habilitated") in [
            (v.code, v.path) for v in broken
        ]
        for checked in ({}, {"check_rules_at": at}):
            with pytest.raises(cc.InputRejected) as caught:
                ser.from_json(text, CoordinationRecord, **checked)
            assert caught.value.violations == broken
        assert ser.check_rules(RECORD, at=RECORD.updated_at) == ()
        assert ser.from_json(json.dumps(DOCUMENT), CoordinationRecord, check_rules_at=at) == RECORD


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=12,
)
_TYPES = [CoordinationRecord, Membership, Member, Event, cc.HabilitationMatrix, tuple[Event, ...]]


@pytest.mark.boundary
@given(garbage=_JSON, cls=st.sampled_from(_TYPES), data=st.data())
def test_only_input_rejected_ever_comes_out(garbage: Any, cls: Any, data: st.DataObject) -> None:
    """Garbage of every JSON type, at the top and in place of any node of a valid document."""
    doc = edited()
    where = data.draw(st.sampled_from(paths(doc)))
    if where:
        parent: Any = doc
        for step in where[:-1]:
            parent = parent[step]
        parent[where[-1]] = garbage
    else:
        doc = garbage
    for text in (json.dumps(doc), json.dumps(garbage)):
        value = _outcome(functools.partial(ser.from_json, text, cls))
        if isinstance(value, cc.InputRejected):
            assert value.violations
            assert all(v.path.startswith("$") for v in value.violations)
        else:
            again = ser.to_json(value, cls if cls == tuple[Event, ...] else None)
            assert ser.from_json(again, cls) == value
    found = _outcome(lambda: ser.structure(garbage, cls))
    assert not isinstance(found, cc.InputRejected) or found.violations


def _outcome(read: Callable[[], object]) -> object:
    """What ``read`` gives, or the :class:`~carecircle.InputRejected` it raises (and
    nothing else: any other exception fails the test).
    """
    try:
        return read()
    except cc.InputRejected as rejected:
        return rejected
