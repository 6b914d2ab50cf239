"""carecircle.serialization (issue 11 item 1): round trips of every public value, determinism.

Errors (paths and codes of several problems at once, garbage of every JSON type) are in
``test_serialization_errors.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import carecircle as cc
from carecircle import (
    CareCircle,
    Change,
    CircleStatus,
    Code,
    CoordinationRecord,
    Decision,
    EmergencyPolicy,
    Invitation,
    Member,
    Membership,
    Notification,
    Statement,
    change_status,
    draft_invitation,
    end_participation,
    lift_refusal,
    mark_entered_in_error,
    open_in_emergency,
    record_refusal,
    rejoin,
    update_member,
)
from carecircle import serialization as ser
from carecircle.events import Event, EventMeta, MemberAdded
from carecircle.nomenclatures.professions import MEDECIN
from carecircle.testing import strategies as cs
from carecircle.testing.builders import EPOCH, directory_professional, instant, new_record

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def round_trip(value: object, cls: Any = None) -> str:
    """The document of ``value``, checked: read back equal, written back to the same text."""
    text = ser.to_json(value, cls)
    back = ser.from_json(text, type(value) if cls is None else cls)
    assert back == value
    assert ser.to_json(back, cls) == text
    assert type(back) is type(value)
    return text


@st.composite
def histories(draw: st.DrawFn) -> list[Change]:
    """The changes of a record's life: created, members added, then some of every kind of
    operation (refusals, roles, statuses, emergency access, entered in error…), as allowed.
    """
    record = draw(cs.records(max_members=4))
    creator = cs.creator_of(record)
    at = record.updated_at
    changes: list[Change] = []
    others = [m.member_id for m in record.circle if m.member_id != "M1"]
    steps = draw(st.lists(st.integers(min_value=0, max_value=7), max_size=6))
    for step in steps:
        at += dt.timedelta(minutes=draw(st.integers(min_value=1, max_value=90)))
        target = draw(st.sampled_from(others)) if others else "M1"
        try:
            change = _operation(step, record, target, creator, at, draw)
        except (cc.ChangeRejected, cc.CareCircleError):
            continue
        changes.append(change)
        record = change.record
    return changes


def _operation(  # noqa: PLR0911, PLR0917 -- one branch per operation, drawn by the caller
    step: int,
    record: CoordinationRecord,
    target: str,
    actor: cc.Principal,
    at: dt.datetime,
    draw: st.DrawFn,
) -> Change:
    said = Statement(expressed_at=at)
    if step == 0:
        cats = draw(st.frozensets(st.sampled_from(["medical", "social"])))
        return record_refusal(record, target, statement=said, actor=actor, at=at, categories=cats)
    if step == 1:
        refusals = record.circle.get(target).refusals
        if not refusals:
            return record_refusal(record, target, statement=said, actor=actor, at=at)
        refusal = refusals[-1].refusal_id
        return lift_refusal(record, target, refusal, statement=said, actor=actor, at=at)
    if step == 2:
        return update_member(record, target, actor=actor, at=at, description="Suivi du mardi")
    if step == 3:
        return end_participation(record, target, actor=actor, at=at)
    if step == 4:
        return rejoin(record, target, actor=actor, at=at)
    if step == 5:
        status = draw(st.sampled_from([CircleStatus.SUSPENDED, CircleStatus.ACTIVE]))
        return change_status(record, status, actor=actor, at=at, reason="Hospitalisation")
    if step == 6:
        stranger = draw(cs.principals())
        policy = EmergencyPolicy()
        return open_in_emergency(
            record, principal=stranger, reason="Urgence vitale", at=at, policy=policy
        )
    return mark_entered_in_error(record, target, actor=actor, at=at, reason="Mauvais Dr Durand")


def _values(record: CoordinationRecord) -> list[object]:
    """One nested public value of a record of each class (the last one met)."""
    return list({type(v): v for v in _nested(record) if v is not None}.values())


def _nested(record: CoordinationRecord) -> Iterator[object]:
    yield record
    yield record.patient
    yield record.circle
    yield from record.status_history
    yield from record.emergency_accesses
    for m in record.circle:
        yield m
        yield m.member
        yield from m.participations
        yield m.entered_in_error
        for r in m.refusals:
            yield r
            yield r.statement
            yield r.lifted
        contact = getattr(m.member, "contact", None)
        yield contact
        yield getattr(contact, "address", None)
        yield getattr(m.member, "account", None)


class TestRoundTrips:
    """``from_json(to_json(v), type(v)) == v`` and ``to_json(from_json(s)) == s``."""

    @SETTINGS
    @given(record=cs.access_records(base=cs.records(max_members=3)))
    def test_records_and_every_nested_value(self, record: CoordinationRecord) -> None:
        for value in _values(record):
            round_trip(value)

    def test_a_refusal_of_categories_given_as_members_of_category(self) -> None:
        """A refusal's categories given as ``cc.Category`` members are kept as the plain
        strings its document holds, so the document gives the same record back."""
        record, creator = new_record()
        record = cc.add_member(
            record, directory_professional(2), actor=creator, at=instant(1), habilitated=True
        ).record
        said = cc.Statement(expressed_at=instant(2))
        record = cc.record_refusal(
            record, "M2", statement=said, actor=creator, at=instant(2),
            categories={cc.Category.MEDICAL},
        ).record  # fmt: skip
        (refusal,) = record.circle.get("M2").refusals
        assert [type(c) for c in refusal.categories] == [str]
        assert ser.from_document(ser.to_document(record), CoordinationRecord) == record

    @SETTINGS
    @given(changes=histories())
    def test_changes_events_and_notifications(self, changes: list[Change]) -> None:
        for change in changes:
            round_trip(change)
            for event in change.events:
                assert type(ser.from_json(round_trip(event), Event)) is type(event)
            for notice in change.notifications:
                round_trip(notice)
                assert ser.from_json(ser.to_json(notice), Notification) == notice
            for advisory in change.advisories:
                round_trip(advisory)
        if changes:
            for value in _values(changes[-1].record):
                round_trip(value)

    @SETTINGS
    @given(changes=histories())
    def test_a_tuple_of_events_keeps_its_order_and_classes(self, changes: list[Change]) -> None:
        events = tuple(e for c in changes for e in c.events)
        text = round_trip(events, tuple[Event, ...])
        assert json.loads(text)["type"] == "tuple[Event, ...]"
        tags = [item["type"] for item in json.loads(text)["value"]]
        assert tags == [type(e).__name__ for e in events]

    @SETTINGS
    @given(member=cs.members())
    def test_members_read_as_the_union(self, member: Member) -> None:
        assert type(ser.from_json(round_trip(member), Member)) is type(member)
        data = ser.unstructure(member, Member)
        assert data["kind"] == str(member.kind)
        assert ser.structure(data, Member) == member

    @SETTINGS
    @given(principal=cs.principals(), matrix=cs.matrices(), patient=cs.patients())
    def test_principals_matrices_patients(
        self, principal: cc.Principal, matrix: cc.HabilitationMatrix, patient: cc.Patient
    ) -> None:
        round_trip(principal)
        round_trip(patient)
        assert ser.from_json(ser.to_json(matrix), cc.HabilitationMatrix) == matrix
        assert ser.to_json(ser.from_json(ser.to_json(matrix), cc.HabilitationMatrix)) == (
            ser.to_json(matrix)
        )
        if patient.ins is not None:
            round_trip(patient.ins)

    @SETTINGS
    @given(record=cs.access_records(base=cs.records(max_members=2)), data=st.data())
    def test_decisions(self, record: CoordinationRecord, data: st.DataObject) -> None:
        principal = data.draw(cs.record_principals(record))
        at = data.draw(cs.decision_instants([record]))
        category = data.draw(st.sampled_from(list(cc.Category)))
        decision = cc.decide(
            record, principal, category, cc.Action.READ, matrix=cc.EXAMPLE_MATRIX, at=at
        )
        round_trip(decision)
        for path in decision.paths:
            round_trip(path)
        for ref in decision.refusals:
            round_trip(ref)

    @SETTINGS
    @given(
        recipients=st.lists(cs.emails(), max_size=3),
        code=st.text(max_size=8),
        path=st.text(max_size=8),
        message=st.text(max_size=20),
    )
    def test_invitations_violations_advisories(
        self, recipients: list[str], code: str, path: str, message: str
    ) -> None:
        invitation = draft_invitation(inviter_name="Dr Jeanne Martin", recipients=recipients)
        round_trip(invitation)
        for kind in cc.ViolationKind:
            round_trip(cc.Violation(code=code, path=path, message=message, kind=kind))
        round_trip(cc.Advisory(code=code, path=path, message=message))


class TestDeterminism:
    """The same value gives the same text, whatever order its sets were built in."""

    def test_sets_are_sorted_and_order_of_building_does_not_matter(self) -> None:
        roles = sorted(cc.roles.DEFAULT_ROLES)[:3]
        record = _record()
        m = record.circle.get("M1")
        one = attrs.evolve(m, roles=frozenset(roles))
        other = attrs.evolve(m, roles=frozenset(reversed(roles)))
        assert ser.to_json(one) == ser.to_json(other)
        written = ser.unstructure(one)["roles"]
        assert written == sorted(written)

    def test_compact_sorted_keys_and_unicode_kept(self) -> None:
        text = ser.to_json(_record().patient)
        assert text.startswith('{"schema":1,"type":"Patient","value":{"birth_date"')
        assert ": " not in text and ", " not in text
        assert "Hélène" in ser.to_json(_record().circle.get("M1").member)

    def test_instants_are_utc_with_z(self) -> None:
        paris = dt.timezone(dt.timedelta(hours=1))
        start = dt.datetime(2026, 11, 2, 10, 0, 0, 5, tzinfo=paris)
        data = ser.unstructure(cc.Participation(start=start, added_by="pass:4711"))
        assert data["start"] == "2026-11-02T09:00:00.000005Z"

    def test_codes_use_the_short_name_of_shipped_systems(self) -> None:
        assert ser.unstructure(MEDECIN) == "TRE_G15|10"
        assert ser.structure("TRE_G15|10", Code) == MEDECIN
        local = Code("urn:example:local", "X1")
        assert ser.structure(ser.unstructure(local), Code) == local


def _created() -> Change:
    from carecircle import create_record
    from carecircle.testing import sample

    gp = sample.occitanie().gp
    return create_record(
        record_id="DC-1",
        patient=cc.Patient(patient_id="P-1", family_name="Martin", given_name="Louise"),
        creator=cc.Principal.from_entry(gp),
        creator_entry=gp,
        at=EPOCH,
    )


def _record() -> CoordinationRecord:
    return _created().record


class TestWhatIsNeverWritten:
    """The circle's reserved slots and derived fields are not data; redacted fields are."""

    @SETTINGS
    @given(record=cs.records(max_members=4))
    def test_memos_and_position_never_appear(self, record: CoordinationRecord) -> None:
        principal = cs.creator_of(record)
        # Fill the memos first: access and the rules put what they derive in the slots.
        cc.decide(
            record, principal, "medical", "read", matrix=cc.EXAMPLE_MATRIX, at=record.updated_at
        )
        cc.rules.record.check(record, at=record.updated_at)
        assert record.circle.access_memo is not None
        assert set(ser.unstructure(record.circle)) == {"memberships"}
        text = ser.to_json(record)
        for name in ("access_memo", "rules_memo", "_position", "position", "profession_key"):
            assert f'"{name}"' not in text
        back = ser.from_json(text, CoordinationRecord)
        assert back.circle.access_memo is None and back.circle.rules_memo is None

    def test_redacted_fields_are_data(self) -> None:
        record = update_member(
            _record(),
            "M1",
            actor=cs.creator_of(_record()),
            at=EPOCH,
            description="Passage le mardi",
        ).record
        m = record.circle.get("M1")
        assert "Passage le mardi" not in repr(m)
        assert ser.unstructure(m)["description"] == "Passage le mardi"
        assert "Passage le mardi" in ser.to_json(record)


class TestEnvelopeAndApi:
    def test_the_envelope(self) -> None:
        doc = ser.to_document(_record())
        assert set(doc) == {"schema", "type", "value"}
        assert (doc["schema"], doc["type"]) == (ser.SCHEMA_VERSION, "CoordinationRecord")
        assert ser.from_document(doc, CoordinationRecord) == _record()

    def test_an_event_document_names_its_class_and_reads_as_event(self) -> None:
        event = _history_events()[1]
        doc = ser.to_document(event, Event)
        assert doc["type"] == doc["value"]["type"] == type(event).__name__
        assert ser.from_document(doc, Event) == event
        assert ser.unstructure(event, Event)["type"] == type(event).__name__

    def test_unsupported_types_and_values(self) -> None:
        with pytest.raises(cc.InvalidValueError, match="TYPE_UNSUPPORTED"):
            ser.from_json("{}", int)
        with pytest.raises(cc.InvalidValueError, match="TYPE_UNSUPPORTED"):
            ser.to_json(3)
        with pytest.raises(cc.InvalidValueError, match="WRONG_TYPE"):
            ser.to_json(_record(), Membership)

    def test_import_carecircle_does_not_import_serialization(self) -> None:
        code = "import sys, carecircle; print('carecircle.serialization' in sys.modules)"
        out = subprocess.run(  # noqa: S603 -- this interpreter, a fixed program
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        assert out.strip() == "False"

    def test_a_codec_of_its_own(self) -> None:
        codec = ser.Codec()
        assert codec.from_json(ser.to_json(_record()), CoordinationRecord) == _record()


def _history_events() -> tuple[Event, ...]:
    return _created().events


def test_event_meta_and_member_added_are_plain_fields() -> None:
    added = next(e for e in _history_events() if isinstance(e, MemberAdded))
    data = ser.unstructure(added)
    assert isinstance(data["meta"], dict) and set(data["meta"]) == {
        a.name for a in attrs.fields(EventMeta)
    }
    assert data["type"] == "MemberAdded"
    assert isinstance(ser.structure(data, MemberAdded), MemberAdded)
    assert isinstance(ser.structure(ser.unstructure(_record().circle), CareCircle), CareCircle)
    assert isinstance(ser.structure(ser.unstructure(Decision(allowed=True)), Decision), Decision)
    assert isinstance(
        ser.structure(ser.unstructure(Invitation(subject="S", body="B")), Invitation), Invitation
    )
