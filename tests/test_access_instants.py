"""Instants on the read side are absolute (R10): DST folds, naive and wrong-typed instants.

Python compares two datetimes that share one ``tzinfo`` by wall clock and ignores ``fold``;
every read-side function therefore makes ``at`` UTC (:func:`carecircle.instants.utc`) before
comparing it with anything. Each case below is asked at a wall-clock time that comes *before*
the boundary on the clock but *after* it in absolute time (the second pass through the hour
clocks go back), in three zones, one of them with a half-hour shift.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import carecircle as cc
from carecircle.nomenclatures import professions
from carecircle.testing import strategies
from carecircle.testing.builders import (
    EPOCH,
    directory_professional,
    directory_structure,
    new_record,
)

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.access import MATRIX, READ, WRITE, R
    from helpers.records import unindexed
else:
    from .helpers.access import MATRIX, READ, WRITE, R
    from .helpers.records import unindexed


@attrs.frozen
class Fold:
    """An hour clocks go back in ``zone``: ``boundary`` (first pass, fold 0) is later on the
    clock than ``asked`` (second pass, fold 1), which is later in absolute time."""

    zone: str
    boundary: dt.datetime
    asked: dt.datetime
    before: dt.datetime  # on the first pass, before the boundary in every way


def fold(zone: str, day: dt.date, boundary: dt.time, asked: dt.time, before: dt.time) -> Fold:
    tz = ZoneInfo(zone)
    return Fold(
        zone=zone,
        boundary=dt.datetime.combine(day, boundary, tzinfo=tz),
        asked=dt.datetime.combine(day, asked, tzinfo=tz).replace(fold=1),
        before=dt.datetime.combine(day, before, tzinfo=tz),
    )


FOLDS = (
    # 03:00 CEST -> 02:00 CET: 02:30 first pass is 00:30 UTC, 02:15 second pass 01:15 UTC.
    fold("Europe/Paris", dt.date(2026, 10, 25), dt.time(2, 30), dt.time(2, 15), dt.time(2, 10)),
    # 02:00 EDT -> 01:00 EST.
    fold("America/New_York", dt.date(2026, 11, 1), dt.time(1, 30), dt.time(1, 15), dt.time(1, 5)),
    # 02:00 +11 -> 01:30 +10:30: a half-hour fold.
    fold(
        "Australia/Lord_Howe", dt.date(2026, 4, 5), dt.time(1, 50), dt.time(1, 40), dt.time(1, 35)
    ),
)
IDS = [f.zone for f in FOLDS]


def test_the_folds_are_what_they_seem() -> None:
    for f in FOLDS:
        assert f.asked.replace(tzinfo=None) < f.boundary.replace(tzinfo=None)  # on the clock
        assert f.asked.astimezone(dt.UTC) > f.boundary.astimezone(dt.UTC)  # in time
        assert f.before.astimezone(dt.UTC) < f.boundary.astimezone(dt.UTC)
    assert FOLDS[0].boundary.astimezone(dt.UTC) == dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)
    assert FOLDS[0].asked.astimezone(dt.UTC) == dt.datetime(2026, 10, 25, 1, 15, tzinfo=dt.UTC)


GP = directory_professional(2, profession=professions.MEDECIN)
AS_GP = cc.Principal.from_entry(GP)
SSIAD = directory_structure(5)
DELEGATE = cc.Principal(
    account="pass:50", profession=professions.MEDECIN, delegated_by=frozenset({"S5"})
)
LONG_AGO = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def record_with(*memberships: cc.Membership) -> cc.CoordinationRecord:
    record, _ = new_record(at=LONG_AGO)
    return attrs.evolve(record, circle=cc.CareCircle(memberships=memberships))


def membership(
    member_id: str,
    member: cc.Member,
    *,
    start: dt.datetime = LONG_AGO,
    end: dt.datetime | None = None,
    habilitation_ends: dt.datetime | None = None,
) -> cc.Membership:
    return cc.Membership(
        member_id=member_id,
        member=member,
        habilitated=True,
        habilitation_ends=habilitation_ends,
        participations=(cc.Participation(start=start, end=end, added_by="pass:1"),),
    )


Ask = Callable[[cc.CoordinationRecord, cc.Principal, dt.datetime], tuple[object, ...]]


def every_answer(
    record: cc.CoordinationRecord, principal: cc.Principal, at: dt.datetime
) -> tuple[object, ...]:
    """What every read-side function answers at ``at`` (on a fresh copy of the record, so the
    memo of an earlier question plays no part)."""
    fresh = unindexed(record)
    index = cc.ActiveFileIndex.of([fresh], matrix=MATRIX)
    return (
        cc.decide(fresh, principal, cc.Category.MEDICAL, WRITE, matrix=MATRIX, at=at),
        cc.is_allowed(fresh, principal, cc.Category.MEDICAL, WRITE, matrix=MATRIX, at=at),
        cc.effective_access(fresh, principal, at=at),
        cc.has_effective_access(fresh, principal, at=at),
        cc.permissions(fresh, principal, matrix=MATRIX, at=at).paths,
        tuple(p.paths for p in cc.who_can_access(fresh, [principal], matrix=MATRIX, at=at)),
        tuple(e.record_id for e in index.for_principal(principal, at=at)),
        tuple(p.paths for p in index.who_can_access(fresh.record_id, [principal], at=at)),
        index.for_structure("S5", at=at),
    )


def reasons_at(
    record: cc.CoordinationRecord, principal: cc.Principal, at: dt.datetime
) -> tuple[R, ...]:
    return cc.effective_access(record, principal, at=at).reasons


@pytest.mark.parametrize("f", FOLDS, ids=IDS)
class TestFoldsAtEveryBoundary:
    """G5, R2, R3, R9: each boundary judged on absolute time, in every zone."""

    def test_habilitation_end(self, f: Fold) -> None:
        record = record_with(
            membership("M2", GP, habilitation_ends=f.boundary),
            membership("M3", SSIAD, habilitation_ends=f.boundary),
        )
        assert reasons_at(record, AS_GP, f.asked) == (R.HABILITATION_EXPIRED,)
        assert reasons_at(record, DELEGATE, f.asked) == (R.NOT_A_MEMBER, R.HABILITATION_EXPIRED)
        assert cc.effective_access(record, AS_GP, at=f.before).paths == (
            cc.AccessPath(member_id="M2"),
        )
        assert cc.effective_access(record, DELEGATE, at=f.before).paths == (
            cc.AccessPath(member_id="M3", via_structure=True),
        )
        index = cc.ActiveFileIndex.of([record], matrix=MATRIX)
        assert index.for_structure("S5", at=f.asked) == ()
        assert index.for_structure("S5", at=f.before) == ("DC-1",)
        assert every_answer(record, AS_GP, f.asked) == every_answer(
            record, AS_GP, f.asked.astimezone(dt.UTC)
        )

    def test_participation_end(self, f: Fold) -> None:
        record = record_with(
            membership("M2", GP, end=f.boundary), membership("M3", SSIAD, end=f.boundary)
        )
        assert reasons_at(record, AS_GP, f.asked) == (R.PARTICIPATION_ENDED,)
        assert reasons_at(record, DELEGATE, f.asked) == (R.NOT_A_MEMBER, R.PARTICIPATION_ENDED)
        assert cc.has_effective_access(record, AS_GP, at=f.before)
        assert cc.has_effective_access(record, DELEGATE, at=f.before)
        assert not cc.is_allowed(record, AS_GP, "medical", "write", matrix=MATRIX, at=f.asked)

    def test_participation_start(self, f: Fold) -> None:
        """Starting at the second pass: not yet at the first pass's later wall-clock time."""
        record = record_with(
            membership("M2", GP, start=f.asked), membership("M3", SSIAD, start=f.asked)
        )
        first_pass = f.boundary  # later on the clock than ``asked``, earlier in time
        assert reasons_at(record, AS_GP, first_pass) == (R.PARTICIPATION_ENDED,)
        assert reasons_at(record, DELEGATE, first_pass) == (R.NOT_A_MEMBER, R.PARTICIPATION_ENDED)
        assert cc.has_effective_access(record, AS_GP, at=f.asked)
        assert cc.effective_access(record, DELEGATE, at=f.asked).paths == (
            cc.AccessPath(member_id="M3", via_structure=True),
        )
        index = cc.ActiveFileIndex.of([record], matrix=MATRIX)
        assert [e.record_id for e in index.for_principal(AS_GP, at=first_pass)] == []
        assert [e.record_id for e in index.for_principal(AS_GP, at=f.asked)] == ["DC-1"]

    def test_one_record_asked_on_both_passes(self, f: Fold) -> None:
        """The memo keeps what it worked out for one pass: the other is judged anew."""
        record = record_with(membership("M2", GP, habilitation_ends=f.boundary))
        for at, expected in ((f.before, True), (f.asked, False), (f.before, True)):
            assert cc.has_effective_access(record, AS_GP, at=at) is expected


PROPERTIES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def in_zone(at: dt.datetime, zone: dt.tzinfo, flip: bool) -> dt.datetime:
    local = at.astimezone(zone)
    return local.replace(fold=1 - local.fold) if flip else local


class TestAnyZoneAnyFold:
    """R10: every answer in any zone, either fold, is the answer to the same instant in UTC."""

    @PROPERTIES
    @given(
        data=st.data(),
        record=strategies.access_records(),
        zone=st.timezones(),
        flip=st.booleans(),
    )
    def test_same_as_utc(
        self, data: st.DataObject, record: cc.CoordinationRecord, zone: dt.tzinfo, flip: bool
    ) -> None:
        principal = data.draw(strategies.record_principals(record))
        at = data.draw(strategies.decision_instants([record]))
        local = in_zone(at, zone, flip)
        assert every_answer(record, principal, local) == every_answer(
            record, principal, local.astimezone(dt.UTC)
        )

    @PROPERTIES
    @given(f=st.sampled_from(FOLDS), minutes=st.integers(min_value=-90, max_value=90))
    def test_around_the_folds(self, f: Fold, minutes: int) -> None:
        record = record_with(
            membership("M2", GP, habilitation_ends=f.boundary),
            membership("M3", SSIAD, end=f.boundary),
        )
        zone = f.boundary.tzinfo
        assert zone is not None
        at = f.boundary.astimezone(dt.UTC) + dt.timedelta(minutes=minutes)
        for flip in (False, True):
            local = in_zone(at, zone, flip)
            for principal in (AS_GP, DELEGATE):
                assert every_answer(record, principal, local) == every_answer(
                    record, principal, local.astimezone(dt.UTC)
                )


# -- instants that are not ---------------------------------------------------------------------

NAIVE = dt.datetime(2026, 11, 2, 9, 0)  # noqa: DTZ001 -- naive on purpose
NOT_INSTANTS = (dt.date(2026, 11, 2), "2026-11-02T09:00:00Z", 1_700_000_000, None)


def read_side(
    record: cc.CoordinationRecord, principal: cc.Principal
) -> dict[str, Callable[[Any], object]]:
    index = cc.ActiveFileIndex.of([record], matrix=MATRIX)
    return {
        "decide": lambda at: cc.decide(record, principal, "medical", READ, matrix=MATRIX, at=at),
        "is_allowed": lambda at: cc.is_allowed(
            record,
            principal,
            "medical",
            READ,
            matrix=MATRIX,
            at=at,
        ),
        "effective_access": lambda at: cc.effective_access(record, principal, at=at),
        "has_effective_access": lambda at: cc.has_effective_access(record, principal, at=at),
        "permissions": lambda at: cc.permissions(record, principal, matrix=MATRIX, at=at),
        "who_can_access": lambda at: cc.who_can_access(record, [principal], matrix=MATRIX, at=at),
        "for_principal": lambda at: index.for_principal(principal, at=at),
        "for_structure": lambda at: index.for_structure("S5", at=at),
        "index.who_can_access": lambda at: index.who_can_access("DC-1", [principal], at=at),
        "member_has_access": lambda at: cc.member_has_access(record.circle.get("M1"), at),
    }


STRANGER = cc.Principal(account="pass:404")


@pytest.mark.parametrize("who", ["creator", "stranger"])
class TestNotAnInstant:
    """R10: a naive instant raises NAIVE_DATETIME and anything else INSTANT_INVALID, at path
    ``at``, from every read-side function, even for a stranger (who once got an answer)."""

    def principal(self, who: str) -> tuple[cc.CoordinationRecord, cc.Principal]:
        record, creator = new_record()
        return record, creator if who == "creator" else STRANGER

    def test_naive(self, who: str) -> None:
        record, principal = self.principal(who)
        for name, call in read_side(record, principal).items():
            with pytest.raises(cc.InvalidValueError) as raised:
                call(NAIVE)
            assert (raised.value.code, raised.value.path) == ("NAIVE_DATETIME", "at"), name

    def test_not_a_datetime(self, who: str) -> None:
        record, principal = self.principal(who)
        for (name, call), value in itertools.product(
            read_side(record, principal).items(), NOT_INSTANTS
        ):
            with pytest.raises(cc.InvalidValueError) as raised:
                call(value)
            assert (raised.value.code, raised.value.path) == ("INSTANT_INVALID", "at"), name

    def test_an_aware_instant_in_any_zone(self, who: str) -> None:
        record, principal = self.principal(who)
        paris = EPOCH.astimezone(ZoneInfo("Europe/Paris"))
        for name, call in read_side(record, principal).items():
            assert call(paris) == call(EPOCH), name


class TestTheEarliestInstant:
    """A participation starting at ``datetime.min`` (UTC) charts without overflow."""

    def test_datetime_min(self) -> None:
        earliest = dt.datetime.min.replace(tzinfo=dt.UTC)
        record = record_with(
            membership("M2", GP, start=earliest, habilitation_ends=EPOCH),
            membership("M3", SSIAD, start=earliest, end=EPOCH),
        )
        assert cc.effective_access(record, AS_GP, at=earliest).paths == (
            cc.AccessPath(member_id="M2"),
        )
        assert cc.has_effective_access(record, DELEGATE, at=earliest)
        assert reasons_at(record, AS_GP, EPOCH) == (R.HABILITATION_EXPIRED,)
        latest = dt.datetime.max.replace(tzinfo=dt.UTC)
        assert reasons_at(record, AS_GP, latest) == (R.HABILITATION_EXPIRED,)
        assert reasons_at(record, DELEGATE, latest) == (R.NOT_A_MEMBER, R.PARTICIPATION_ENDED)
        # Asked twice at the latest instant (never inside a remembered stretch): the same.
        assert reasons_at(record, DELEGATE, latest) == (R.NOT_A_MEMBER, R.PARTICIPATION_ENDED)
