"""carecircle.interop.fhir round trips: what the export writes, the import reads back equal.

With ``phones_of_unlisted=True`` nothing is lost. Without it, exactly one thing is: the phone
numbers of unlisted related persons (R12), which never appear in the JSON text.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import attrs
from hypothesis import HealthCheck, given, settings

import carecircle as cc
from carecircle import Contact
from carecircle.interop import fhir
from carecircle.testing import strategies

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from fhir_fixtures.records import UNLISTED_LANDLINE, UNLISTED_MOBILE, rich_record
else:
    from .fhir_fixtures.records import UNLISTED_LANDLINE, UNLISTED_MOBILE, rich_record

BY = "pass:9999"


def without_unlisted_phones(record: cc.CoordinationRecord) -> cc.CoordinationRecord:
    """``record`` as the export without phones describes it: unlisted persons' phones gone."""
    circle = record.circle
    for m in record.circle:
        member = m.member
        if isinstance(member, cc.RelatedPerson) and member.unlisted:
            contact = Contact(email=member.contact.email, address=member.contact.address)
            circle = circle.replace(attrs.evolve(m, member=attrs.evolve(member, contact=contact)))
    return attrs.evolve(record, circle=circle)


def unlisted_phones(record: cc.CoordinationRecord) -> set[str]:
    """The phones only unlisted related persons hold (another member may share a number)."""
    hidden: set[str] = set()
    shown: set[str] = set()
    for m in record.circle:
        member = m.member
        phones = set(member.contact.phones) if hasattr(member, "contact") else set()
        unlisted = isinstance(member, cc.RelatedPerson) and member.unlisted
        (hidden if unlisted else shown).update(phones)
    return hidden - shown


def test_the_rich_record_comes_back_equal() -> None:
    record = rich_record()
    bundle = fhir.export_record(record, phones_of_unlisted=True)
    assert fhir.import_bundle(bundle, imported_by=BY) == record
    text = json.dumps(bundle)
    assert fhir.import_bundle(text, imported_by=BY) == record
    assert fhir.import_bundle(text.encode(), imported_by=BY) == record


def test_the_rich_record_without_phones_loses_only_them() -> None:
    record = rich_record()
    bundle = fhir.export_record(record)
    text = json.dumps(bundle, ensure_ascii=False)
    assert UNLISTED_MOBILE not in text
    assert UNLISTED_LANDLINE not in text
    back = fhir.import_bundle(bundle, imported_by=BY)
    assert back != record
    assert back == without_unlisted_phones(record)


def test_export_of_the_import_is_the_same_bundle() -> None:
    bundle = fhir.export_record(rich_record(), phones_of_unlisted=True)
    again = fhir.export_record(fhir.import_bundle(bundle, imported_by=BY), phones_of_unlisted=True)
    assert json.dumps(again, sort_keys=True) == json.dumps(bundle, sort_keys=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record=strategies.records(max_members=6))
def test_generated_records_come_back_equal(record: cc.CoordinationRecord) -> None:
    assert (
        fhir.import_bundle(fhir.export_record(record, phones_of_unlisted=True), imported_by=BY)
        == record
    )
    hidden = fhir.export_record(record)
    text = json.dumps(hidden, ensure_ascii=False)
    for phone in unlisted_phones(record):
        assert phone not in text
    assert fhir.import_bundle(hidden, imported_by=BY) == without_unlisted_phones(record)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record=strategies.access_records())
def test_records_with_refusals_of_categories_come_back_equal(
    record: cc.CoordinationRecord,
) -> None:
    bundle = fhir.export_record(record, phones_of_unlisted=True)
    assert fhir.import_bundle(json.dumps(bundle), imported_by=BY) == record
