"""R10 at the operations' boundary: every ``at``, ``until`` and ``habilitation_ends`` is made
absolute (UTC) on entry, so the order of changes, participation ends and habilitation ends are
judged on absolute time, even on the night clocks go back.

Python compares two datetimes sharing one ``tzinfo`` by wall clock and ignores ``fold``: on
25 October 2026 in Paris, 02:15 ``fold=1`` (01:15 UTC) compares *before* 02:30 ``fold=0``
(00:30 UTC), though it is 45 minutes later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import carecircle as cc
from carecircle.instants import utc
from carecircle.testing.builders import directory_professional, instant, new_record

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.circles import joined
    from helpers.rejections import codes_of
else:
    from .helpers.circles import joined
    from .helpers.rejections import codes_of

#: (zone, the day clocks go back, an earlier instant at fold=0, a later one at fold=1 whose
#: wall clock reads earlier). Lord Howe Island shifts by half an hour.
NIGHTS = [
    pytest.param(("Europe/Paris", dt.date(2026, 10, 25), (2, 30), (2, 15)), id="Paris"),
    pytest.param(("America/New_York", dt.date(2026, 11, 1), (1, 30), (1, 15)), id="New_York"),
    pytest.param(("Australia/Lord_Howe", dt.date(2026, 4, 5), (1, 50), (1, 35)), id="Lord_Howe"),
]


class Night(NamedTuple):
    """Two instants of the night clocks go back on ``day``: ``second`` is later, though by wall
    clock it reads earlier.
    """

    first: dt.datetime
    second: dt.datetime
    day: dt.date


@pytest.fixture(params=NIGHTS)
def night(request: pytest.FixtureRequest) -> Night:
    param: tuple[str, dt.date, tuple[int, int], tuple[int, int]] = request.param
    zone, day, (hour, minute), (later_hour, later_minute) = param
    tz = ZoneInfo(zone)
    first = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)
    second = dt.datetime(day.year, day.month, day.day, later_hour, later_minute, fold=1, tzinfo=tz)
    # The premise: by wall clock the later instant reads earlier.
    assert second < first
    assert utc(first) < utc(second)
    return Night(first, second, day)


def _record_before(day: dt.date) -> tuple[cc.CoordinationRecord, cc.Principal]:
    return new_record(at=dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) - dt.timedelta(2))


def _with_member_before(day: dt.date) -> tuple[cc.CoordinationRecord, cc.Principal]:
    """A record created two days before ``day`` with professional 2 (M2) added as it was
    created, and its creator.
    """
    record, actor = _record_before(day)
    change = cc.add_member(record, directory_professional(2), actor=actor, at=record.created_at)
    return change.record, actor


class TestTheNightClocksGoBack:
    def test_a_later_change_whose_wall_clock_reads_earlier_is_accepted(self, night: Night) -> None:
        first, second, day = night
        record, actor = _record_before(day)
        record = cc.add_member(record, directory_professional(2), actor=actor, at=first).record
        assert record.updated_at == utc(first)
        change = cc.habilitate(record, "M2", actor=actor, at=second)
        assert change.applied
        assert change.record.updated_at == utc(second)
        assert change.record.updated_at.tzinfo is dt.UTC
        assert {e.meta.at for e in change.events} == {utc(second)}

    def test_the_reverse_order_is_rejected(self, night: Night) -> None:
        first, second, day = night
        record, actor = _with_member_before(day)
        record = cc.habilitate(record, "M2", actor=actor, at=second).record
        assert codes_of(lambda: cc.revoke_habilitation(record, "M2", actor=actor, at=first)) == [
            "INSTANT_BEFORE_LAST_CHANGE"
        ]
        assert codes_of(
            lambda: cc.add_member(record, directory_professional(3), actor=actor, at=first)
        ) == ["INSTANT_BEFORE_LAST_CHANGE"]

    def test_an_until_already_past_in_absolute_time_is_refused(self, night: Night) -> None:
        first, second, day = night
        record, actor = _with_member_before(day)
        assert codes_of(
            lambda: cc.habilitate(record, "M2", actor=actor, at=second, until=first)
        ) == ["HABILITATION_ENDS_IN_PAST"]
        assert codes_of(
            lambda: cc.add_member(
                record,
                directory_professional(3),
                actor=actor,
                at=second,
                habilitated=True,
                habilitation_ends=first,
            )
        ) == ["HABILITATION_ENDS_IN_PAST"]
        assert codes_of(
            lambda: cc.update_member(
                record, "M2", actor=actor, at=second, habilitated=True, habilitation_ends=first
            )
        ) == ["HABILITATION_ENDS_IN_PAST"]
        # The other way round, the end is 45 (or 15) minutes ahead: granted, and it ends.
        change = cc.habilitate(record, "M2", actor=actor, at=first, until=second)
        granted = change.record.circle.get("M2")
        assert granted.habilitation_ends == utc(second)
        assert granted.habilitated_at(utc(first))
        assert not granted.habilitated_at(utc(second))

    def test_a_participation_ended_then_resumed_across_the_fold(self, night: Night) -> None:
        first, second, day = night
        record, actor = _with_member_before(day)
        record = cc.end_participation(record, "M2", actor=actor, at=first).record
        ended = record.circle.get("M2").current
        assert ended.end == utc(first)
        back = cc.rejoin(record, "M2", actor=actor, at=second)
        assert back.record.circle.get("M2").current.start == utc(second)
        assert back.record.circle.get("M2").is_active(utc(second))


# -- as a property: every operation answers as it would in UTC --------------------------------

_ZONES = st.timezones()
_WALLS = st.datetimes(
    min_value=dt.datetime(2001, 1, 1),  # noqa: DTZ001 -- wall clocks, zoned below
    max_value=dt.datetime(2039, 12, 31),  # noqa: DTZ001
)


@st.composite
def zoned(draw: st.DrawFn) -> dt.datetime:
    """A zoned instant: any wall clock, zone and fold (ambiguous and missing times included)."""
    wall = draw(_WALLS)
    return wall.replace(tzinfo=draw(_ZONES), fold=draw(st.sampled_from((0, 1))))


def _outcome(call: Callable[[], cc.Change]) -> Any:
    try:
        change = call()
    except cc.ChangeRejected as rejected:
        return ("rejected", rejected.codes)
    return (change.record, change.events, change.notifications, change.based_on)


def _scenario(
    operation: str, instants: list[dt.datetime], convert: Callable[[dt.datetime], dt.datetime]
) -> list[Any]:
    """Two steps on a record created in 2000: add a habilitated professional (with an end),
    then ``operation``; each instant given as ``convert`` makes it.
    """
    a1, a2, e1, e2 = (convert(x) for x in instants)
    record, actor = new_record(at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    outcomes = []
    first = _outcome(
        lambda: cc.add_member(
            record,
            directory_professional(2),
            actor=actor,
            at=a1,
            habilitated=True,
            habilitation_ends=e1,
        )
    )
    outcomes.append(first)
    if first[0] != "rejected":
        record = first[0]
    steps: dict[str, Callable[[], cc.Change]] = {
        "habilitate": lambda: cc.habilitate(record, "M2", actor=actor, at=a2, until=e2),
        "update": lambda: cc.update_member(record, "M2", actor=actor, at=a2, habilitation_ends=e2),
        "revoke": lambda: cc.revoke_habilitation(record, "M2", actor=actor, at=a2),
        "end": lambda: cc.end_participation(record, "M2", actor=actor, at=a2),
        "add": lambda: cc.add_member(
            record,
            directory_professional(3),
            actor=actor,
            at=a2,
            habilitated=True,
            habilitation_ends=e2,
        ),
        "rejoin": lambda: cc.rejoin(
            cc.end_participation(record, "M2", actor=actor, at=a1).record
            if first[0] != "rejected" and record.circle.get("M2").is_active(utc(a1))
            else record,
            "M2",
            actor=actor,
            at=a2,
            habilitated=True,
            habilitation_ends=e2,
        ),
    }
    outcomes.append(_outcome(steps[operation]))
    return outcomes


@given(
    operation=st.sampled_from(["habilitate", "update", "revoke", "end", "add", "rejoin"]),
    instants=st.lists(zoned(), min_size=4, max_size=4),
)
def test_every_operation_answers_as_in_utc(operation: str, instants: list[dt.datetime]) -> None:
    """R10, as a property over generated zones and folds: the outcome of each operation (the
    record, events, notices, or the codes of its rejection) equals that of the same operation
    with every instant converted to UTC first.
    """
    assert _scenario(operation, instants, lambda x: x) == _scenario(operation, instants, utc)


def test_rejoining_before_the_last_period_ended_is_a_rejection_not_a_crash() -> None:
    """Found by the property above: the new period would overlap the last one."""
    record, actor = joined(directory_professional(2))
    record = cc.end_participation(record, "M2", actor=actor, at=instant(10)).record
    with pytest.raises(cc.ChangeRejected) as caught:
        cc.rejoin(record, "M2", actor=actor, at=instant(5))
    assert [(v.code, v.path) for v in caught.value.violations] == [
        ("MEMBER_ALREADY_ACTIVE", "members[M2].participations"),  # it was, at instant(5)
        ("INSTANT_BEFORE_LAST_CHANGE", "at"),
        ("PERIODS_OVERLAP", "members[M2].participations"),
    ]
    assert caught.value.violations[2].message == (
        "a member cannot come back before their last participation ended (R9)"
    )
    # Before the member even joined: still a member who is not active then.
    with pytest.raises(cc.ChangeRejected) as caught:
        cc.rejoin(record, "M2", actor=cc.Principal(account="pass:9"), at=instant(0))
    assert caught.value.codes == (
        "ACTOR_NOT_A_MEMBER",
        "INSTANT_BEFORE_LAST_CHANGE",
        "PERIODS_OVERLAP",
    )
    assert cc.rejoin(record, "M2", actor=actor, at=instant(10)).applied
