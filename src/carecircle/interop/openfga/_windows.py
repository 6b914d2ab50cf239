"""Time windows: the ``within`` condition's ``map<timestamp>`` of start → end instants.

A window is half-open, ``[start, end)``, like every period of the library (R9). A start before
any instant is written :data:`DAWN`, an end that never comes :data:`NEVER`. Instants are UTC
RFC 3339 texts with microseconds, the form :func:`timestamp` gives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Final

from carecircle.instants import utc

__all__ = [
    "CONDITION",
    "DAWN",
    "NEVER",
    "Window",
    "intersect",
    "timestamp",
    "union",
    "window",
    "windows_map",
]

#: The smallest and largest instants CEL timestamps hold: no start, and no end.
_MIN: Final = dt.datetime.min.replace(tzinfo=dt.UTC)
_MAX: Final = dt.datetime.max.replace(tzinfo=dt.UTC)
#: The earliest instant a window can start at, as OpenFGA timestamps are written.
DAWN: Final = "0001-01-01T00:00:00.000000Z"
#: The latest instant: the end of a window that does not end.
NEVER: Final = "9999-12-31T23:59:59.999999Z"

#: A half-open window ``[start, end)`` of UTC instants.
Window = tuple[dt.datetime, dt.datetime]

#: The condition every time-bound tuple carries.
CONDITION: Final = """condition within(current_time: timestamp, windows: map<timestamp>) {
  windows.exists(start, timestamp(start) <= current_time && current_time < windows[start])
}"""


def timestamp(at: dt.datetime, path: str = "at") -> str:
    """``at`` as the RFC 3339 UTC text the ``within`` condition compares (``current_time``).

    >>> timestamp(dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))))
    '2026-11-02T09:00:00.000000Z'
    """
    return utc(at, path).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def window(start: dt.datetime | None, end: dt.datetime | None) -> Window:
    """The window ``[start, end)``, an open side as the smallest or largest instant."""
    return (_MIN if start is None else start, _MAX if end is None else end)


def union(windows: Iterable[Window]) -> list[Window]:
    """The windows merged: sorted, disjoint, non-adjacent, none empty."""
    merged: list[Window] = []
    for start, end in sorted(w for w in windows if w[0] < w[1]):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def intersect(windows: Sequence[Window], start: dt.datetime, end: dt.datetime) -> list[Window]:
    """The windows cut to ``[start, end)``."""
    return union((max(s, start), min(e, end)) for s, e in windows)


def windows_map(windows: Iterable[Window]) -> dict[str, str]:
    """The ``windows`` parameter of a tuple's ``within`` condition, start → end, sorted."""
    return {timestamp(s): timestamp(e) for s, e in union(windows)}
