"""R10: instants are absolute wherever they enter the model (issue 9, item 1).

Python compares two datetimes sharing one ``tzinfo`` by wall clock, ignoring ``fold``; every
constructor therefore keeps its instants in UTC, and a question asked in any zone gets the
answer it gets in UTC. The DST nights: Europe/Paris and America/New_York fall back one hour,
Australia/Lord_Howe half an hour.
"""

# The walls of the repeated hours are naive on purpose: each is placed in its zone below.
# ruff: noqa: DTZ001

from __future__ import annotations

import datetime as dt
from typing import NamedTuple
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carecircle import CoordinationRecord, DirectoryProfessional, Membership, Participation, Patient
from carecircle.events import EventMeta, HabilitationEndChanged, HabilitationGranted

PATIENT = Patient(patient_id="P-1", family_name="Martin", given_name="Louise")
DR = DirectoryProfessional(national_id="810001234567", family_name="Durand")

# (zone, the repeated wall-clock hour's first instant, the length of the shift)
FALL_BACK = [
    ("Europe/Paris", dt.datetime(2026, 10, 25, 2, 0), dt.timedelta(hours=1)),
    ("America/New_York", dt.datetime(2026, 11, 1, 1, 0), dt.timedelta(hours=1)),
    ("Australia/Lord_Howe", dt.datetime(2026, 4, 5, 1, 30), dt.timedelta(minutes=30)),
]


class Hour(NamedTuple):
    """A repeated hour: its first instant (first pass), the middle of its first pass, and a
    quarter into its second pass (earlier on the wall, later in time), and the shift.
    """

    start: dt.datetime
    middle: dt.datetime
    quarter: dt.datetime
    shift: dt.timedelta


@pytest.fixture(params=FALL_BACK, ids=[zone for zone, _, _ in FALL_BACK])
def hour(request: pytest.FixtureRequest) -> Hour:
    param: tuple[str, dt.datetime, dt.timedelta] = request.param
    zone, wall, shift = param
    tz = ZoneInfo(zone)
    return Hour(
        start=wall.replace(tzinfo=tz, fold=0),
        middle=(wall + shift / 2).replace(tzinfo=tz, fold=0),
        quarter=(wall + shift / 4).replace(tzinfo=tz, fold=1),
        shift=shift,
    )


def dr(
    start: dt.datetime, *, end: dt.datetime | None = None, ends: dt.datetime | None = None
) -> Membership:
    """Dr Durand as M1, habilitated (until ``ends``), a member from ``start`` (to ``end``)."""
    return Membership(
        member_id="M1",
        member=DR,
        habilitated=True,
        habilitation_ends=ends,
        participations=(Participation(start=start, end=end, added_by="pass:1"),),
    )


def test_the_second_pass_of_the_repeated_hour_comes_after_the_first(hour: Hour) -> None:
    """The habilitation ends at :30 of the first pass; :15 of the second pass is later."""
    ends, later, shift = hour.middle, hour.quarter, hour.shift
    assert later < ends  # Python's wall-clock comparison: wrong, and what the library avoids
    assert later.astimezone(dt.UTC) - ends.astimezone(dt.UTC) == shift * 3 / 4
    m = dr(hour.start, ends=ends)
    assert m.habilitation_ends == ends.astimezone(dt.UTC)
    assert m.habilitation_ends.tzinfo is dt.UTC
    assert m.habilitation_expired(later.astimezone(dt.UTC))
    assert not m.habilitated_at(later.astimezone(dt.UTC))


def test_a_period_may_end_in_the_second_pass_of_the_hour_it_began_in(hour: Hour) -> None:
    start, end = hour.middle, hour.quarter  # the end: earlier on the wall, later in time
    period = Participation(start=start, end=end, added_by="pass:1")
    assert period.end is not None and period.end - period.start == hour.shift * 3 / 4
    with pytest.raises(ValueError, match="PERIOD_ENDS_BEFORE_START"):
        Participation(start=end, end=start, added_by="pass:1")


def test_a_record_may_change_in_the_second_pass(hour: Hour) -> None:
    created, updated = hour.middle, hour.quarter
    record = CoordinationRecord(
        record_id="DC-1",
        patient=PATIENT,
        created_by="pass:1",
        created_at=created,
        updated_at=updated,
    )
    assert record.updated_at > record.created_at
    with pytest.raises(ValueError, match="PERIOD_ENDS_BEFORE_START"):
        CoordinationRecord(
            record_id="DC-1",
            patient=PATIENT,
            created_by="pass:1",
            created_at=updated,
            updated_at=created,
        )


instants = st.datetimes(
    min_value=dt.datetime(1970, 1, 2),
    max_value=dt.datetime(2100, 1, 1),
    timezones=st.timezones(),
    allow_imaginary=True,
)


@settings(deadline=None)
@given(start=instants, end=instants, ends=instants, fold=st.sampled_from([0, 1]))
def test_every_constructor_answers_as_in_utc(
    start: dt.datetime, end: dt.datetime, ends: dt.datetime, fold: int
) -> None:
    start, end = start.replace(fold=fold), end.replace(fold=1 - fold)
    as_utc = [t.astimezone(dt.UTC) for t in (start, end, ends)]
    if as_utc[1] < as_utc[0]:
        with pytest.raises(ValueError, match="PERIOD_ENDS_BEFORE_START"):
            Participation(start=start, end=end, added_by="pass:1")
        return
    zoned = dr(start, end=end, ends=ends)
    plain = dr(as_utc[0], end=as_utc[1], ends=as_utc[2])
    assert zoned == plain
    for t in as_utc:
        assert zoned.is_active(t) == plain.is_active(t)
        assert zoned.habilitated_at(t) == plain.habilitated_at(t)
    meta = EventMeta(record_id="DC-1", version=2, actor="pass:1", at=start)
    assert meta.at == as_utc[0] and meta.at.tzinfo is dt.UTC
    assert HabilitationGranted(meta=meta, member_id="M1", until=ends).until == as_utc[2]
    changed = HabilitationEndChanged(meta=meta, member_id="M1", before=end, after=None)
    assert changed.before == as_utc[1]


def test_a_participation_may_start_at_the_first_instant() -> None:
    first = dt.datetime.min.replace(tzinfo=dt.UTC)
    m = dr(first)
    assert m.is_active(first) and m.habilitated_at(first)
