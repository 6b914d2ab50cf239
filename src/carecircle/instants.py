"""Instants (*instants*): every datetime that enters the library, made absolute (R10).

Python compares two datetimes that share one ``tzinfo`` object by their wall clock and ignores
``fold``; ``ZoneInfo("Europe/Paris")`` is one shared object, so 02:15 ``fold=1`` on the night
clocks go back (01:15 UTC) would compare *before* 02:30 ``fold=0`` (00:30 UTC). The library
therefore converts every instant to UTC where it enters (constructors, operations, decisions),
and compares only UTC instants, which are absolute.

>>> import datetime as dt
>>> from zoneinfo import ZoneInfo
>>> paris = ZoneInfo("Europe/Paris")
>>> late = utc(dt.datetime(2026, 10, 25, 2, 15, fold=1, tzinfo=paris))
>>> early = utc(dt.datetime(2026, 10, 25, 2, 30, tzinfo=paris))
>>> late.isoformat(), early.isoformat(), early < late
('2026-10-25T01:15:00+00:00', '2026-10-25T00:30:00+00:00', True)
>>> utc(dt.datetime(2026, 10, 25, 2, 15))
Traceback (most recent call last):
    ...
carecircle.InvalidValueError: NAIVE_DATETIME at at: an instant needs a time zone
>>> utc("2026-10-25T02:15:00Z", "until")
Traceback (most recent call last):
    ...
carecircle.InvalidValueError: INSTANT_INVALID at until: an instant is a datetime.datetime
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from carecircle._errors import InvalidValueError

__all__ = ["INSTANT_INVALID", "INSTANT_OUT_OF_RANGE", "NAIVE_DATETIME", "optional_utc", "utc"]

NAIVE_DATETIME: Final = "NAIVE_DATETIME"
INSTANT_INVALID: Final = "INSTANT_INVALID"
INSTANT_OUT_OF_RANGE: Final = "INSTANT_OUT_OF_RANGE"

_UTC: Final = dt.UTC
_DATETIME: Final = dt.datetime


def utc(value: object, path: str = "at") -> dt.datetime:
    """``value`` as a plain :class:`datetime.datetime` in UTC, or a coded error.

    - ``NAIVE_DATETIME``: a datetime without a time zone (or whose zone gives no offset);
    - ``INSTANT_INVALID``: anything that is not a :class:`datetime.datetime` (a ``date``, a
      string, a number);
    - ``INSTANT_OUT_OF_RANGE``: an instant that has no UTC form between ``datetime.min`` and
      ``datetime.max`` (``datetime.min`` one hour east of Greenwich).

    A subclass (a pandas ``Timestamp``…) comes out as a plain datetime, ``fold`` reset: two
    equal instants are then equal, hash alike and compare alike whatever zone they came in.
    """
    if value.__class__ is _DATETIME and value.tzinfo is _UTC:
        return value  # the usual case, checked as it stands
    if not isinstance(value, _DATETIME):
        raise InvalidValueError.of(INSTANT_INVALID, path, "an instant is a datetime.datetime")
    try:
        offset = value.utcoffset()
    except Exception:  # a broken tzinfo: the caller's value is at fault
        offset = None
    if offset is None:
        raise InvalidValueError.of(NAIVE_DATETIME, path, "an instant needs a time zone")
    try:
        moved = value.replace(tzinfo=None) - offset
    except OverflowError:
        raise InvalidValueError.of(
            INSTANT_OUT_OF_RANGE, path, "this instant has no UTC form within datetime's range"
        ) from None
    return _DATETIME(
        moved.year,
        moved.month,
        moved.day,
        moved.hour,
        moved.minute,
        moved.second,
        moved.microsecond,
        tzinfo=_UTC,
    )


def optional_utc(value: object, path: str) -> dt.datetime | None:
    """:func:`utc`, with ``None`` left as ``None`` (no end, no limit)."""
    return None if value is None else utc(value, path)
