"""Reading plain FHIR data: every problem collected with its FHIRPath-like path, never raised.

Each reader takes the :class:`Problems` of the import, returns ``None`` (or an empty value)
when the element is missing or wrong and notes why, so one pass finds every problem at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any, Final, TypeVar

from carecircle._errors import CareCircleError, Violation, ViolationError, ViolationGroup

T = TypeVar("T")

ELEMENT_REQUIRED: Final = "ELEMENT_REQUIRED"
WRONG_TYPE: Final = "WRONG_TYPE"
DATE_INVALID: Final = "DATE_INVALID"
DATE_PRECISION_INSUFFICIENT: Final = "DATE_PRECISION_INSUFFICIENT"
NAIVE_DATETIME: Final = "NAIVE_DATETIME"
INSTANT_INVALID: Final = "INSTANT_INVALID"

_DATE_TIME: Final = re.compile(
    r"(?P<year>[0-9]{4})(-(?P<month>[0-9]{2})(-(?P<day>[0-9]{2})"
    r"(T(?P<time>[0-9]{2}:[0-9]{2}:[0-9]{2})(?P<fraction>\.[0-9]{1,9})?"
    r"(?P<zone>Z|[+-][0-9]{2}:[0-9]{2})?)?)?)?"
)


class Problems:
    """The violations found so far, in the order they were found."""

    def __init__(self) -> None:
        self.found: list[Violation] = []

    def add(self, code: str, path: str, message: str) -> None:
        self.found.append(Violation(code=code, path=path, message=message))

    def caught(self, error: CareCircleError, path: str) -> None:
        """A library error raised while building a value from the element at ``path``."""
        if isinstance(error, ViolationGroup):
            for v in error.violations:
                self.add(v.code, path, v.message)
        elif isinstance(error, ViolationError):
            self.add(error.code, path, error.message)
        else:  # pragma: no cover -- every error of the library carries violations
            self.add("VALUE_INVALID", path, "this value is not valid")

    def attempt(self, path: str, build: Callable[[], T]) -> T | None:
        """``build()``, or ``None`` with its error noted at ``path``."""
        try:
            return build()
        except CareCircleError as error:
            self.caught(error, path)
            return None


def obj(p: Problems, value: object, path: str) -> Mapping[str, Any] | None:
    if isinstance(value, Mapping):
        return value
    p.add(WRONG_TYPE, path, "expected a JSON object")
    return None


def child(
    p: Problems, parent: Mapping[str, Any], key: str, path: str, *, required: bool = False
) -> Mapping[str, Any] | None:
    value = parent.get(key)
    if value is None:
        if required:
            p.add(ELEMENT_REQUIRED, f"{path}.{key}", f"{key} is required")
        return None
    return obj(p, value, f"{path}.{key}")


def text(
    p: Problems, parent: Mapping[str, Any], key: str, path: str, *, required: bool = False
) -> str | None:
    value = parent.get(key)
    if value is None:
        if required:
            p.add(ELEMENT_REQUIRED, f"{path}.{key}", f"{key} is required")
        return None
    if not isinstance(value, str) or not value.strip():
        p.add(WRONG_TYPE, f"{path}.{key}", "expected a non-empty string")
        return None
    return value


def items(
    p: Problems, parent: Mapping[str, Any], key: str, path: str, *, required: bool = False
) -> list[tuple[str, Mapping[str, Any]]]:
    """The objects of the array ``key``, each with its path; a missing array is empty."""
    value = parent.get(key)
    if value is None or value == []:
        if required:
            p.add(ELEMENT_REQUIRED, f"{path}.{key}", f"{key} needs at least one element")
        return []
    if not isinstance(value, list):
        p.add(WRONG_TYPE, f"{path}.{key}", "expected a JSON array")
        return []
    found = []
    for i, item in enumerate(value):
        at = f"{path}.{key}[{i}]"
        if (found_item := obj(p, item, at)) is not None:
            found.append((at, found_item))
    return found


def strings(p: Problems, parent: Mapping[str, Any], key: str, path: str) -> list[str]:
    value = parent.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        p.add(WRONG_TYPE, f"{path}.{key}", "expected an array of strings")
        return []
    return list(value)


def _parse(  # noqa: PLR0911 -- one return for each way a date is wrong
    p: Problems, value: object, path: str, *, needs_time: bool
) -> dt.datetime | None:
    if not isinstance(value, str):
        p.add(WRONG_TYPE, path, "expected a date or dateTime string")
        return None
    match = _DATE_TIME.fullmatch(value)
    if match is None:
        p.add(DATE_INVALID, path, "not a FHIR date, dateTime or instant")
        return None
    if match["day"] is None:
        p.add(DATE_PRECISION_INSUFFICIENT, path, "a year or a month does not make an instant")
        return None
    if match["time"] is None and needs_time:
        p.add(INSTANT_INVALID, path, "an instant has a time and a time zone")
        return None
    if match["time"] is not None and match["zone"] is None:
        p.add(NAIVE_DATETIME, path, "a time needs a time zone")
        return None
    try:
        if match["time"] is None:
            day = dt.date.fromisoformat(value)
            # A date without time is that day's midnight UTC (documented in docs/interop.md).
            return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
        fraction = (match["fraction"] or "")[:7]
        zone = "+00:00" if match["zone"] == "Z" else match["zone"]
        stamp = f"{value[:10]}T{match['time']}{fraction}{zone}"
        return dt.datetime.fromisoformat(stamp).astimezone(dt.UTC)
    except (ValueError, OverflowError):
        p.add(DATE_INVALID, path, "this date or time does not exist")
        return None


def date_time(p: Problems, value: object, path: str) -> dt.datetime | None:
    """A FHIR ``date`` or ``dateTime`` as an instant in UTC (a date: its midnight UTC)."""
    return _parse(p, value, path, needs_time=False)


def instant(p: Problems, value: object, path: str) -> dt.datetime | None:
    """A FHIR ``instant``: a time and a zone required."""
    return _parse(p, value, path, needs_time=True)


def date(p: Problems, value: object, path: str) -> dt.date | None:
    """A FHIR ``date`` of full precision (a birth date)."""
    if not isinstance(value, str):
        p.add(WRONG_TYPE, path, "expected a date string")
        return None
    match = _DATE_TIME.fullmatch(value)
    if match is None or match["time"] is not None:
        p.add(DATE_INVALID, path, "not a FHIR date")
        return None
    if match["day"] is None:
        p.add(DATE_PRECISION_INSUFFICIENT, path, "only a full date is kept")
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        p.add(DATE_INVALID, path, "this date does not exist")
        return None


class Extensions:
    """The extensions of one element, by URL, each with its path (the first of a URL wins
    for single values; :meth:`all` gives the repeated ones)."""

    def __init__(self, p: Problems, element: Mapping[str, Any], path: str) -> None:
        self._p = p
        self._by_url: dict[str, list[tuple[str, Mapping[str, Any]]]] = {}
        for at, ext in items(p, element, "extension", path):
            url = text(p, ext, "url", at, required=True)
            if url is not None:
                self._by_url.setdefault(url, []).append((at, ext))

    def __contains__(self, url: object) -> bool:
        return url in self._by_url

    def all(self, url: str) -> list[tuple[str, Mapping[str, Any]]]:
        return self._by_url.get(url, [])

    def value(self, url: str, kind: str) -> tuple[str, Any] | None:
        """``(path, value)`` of the first extension ``url``, its ``value<kind>`` checked."""
        found = self.all(url)
        if not found:
            return None
        return typed_value(self._p, found[0][1], found[0][0], kind)

    def text(self, url: str) -> str | None:
        found = self.value(url, "String")
        return None if found is None else found[1]

    def flag(self, url: str) -> bool:
        found = self.value(url, "Boolean")
        return bool(found is not None and found[1])

    def instant(self, url: str) -> dt.datetime | None:
        found = self.value(url, "Instant")
        return None if found is None else instant(self._p, found[1], found[0])


_CHECKS: Final[dict[str, Callable[[object], bool]]] = {
    "String": lambda v: isinstance(v, str) and v != "",
    "Code": lambda v: isinstance(v, str) and v.strip() != "",
    "Boolean": lambda v: isinstance(v, bool),
    "PositiveInt": lambda v: isinstance(v, int) and not isinstance(v, bool) and v > 0,
    "Instant": lambda v: isinstance(v, str),
    "DateTime": lambda v: isinstance(v, str),
    "Coding": lambda v: isinstance(v, Mapping),
}


def typed_value(
    p: Problems, ext: Mapping[str, Any], path: str, kind: str
) -> tuple[str, Any] | None:
    at = f"{path}.value{kind}"
    value = ext.get(f"value{kind}")
    if value is None:
        p.add(ELEMENT_REQUIRED, at, f"this extension holds a value{kind}")
        return None
    if not _CHECKS[kind](value):
        p.add(WRONG_TYPE, at, f"not a valid value{kind}")
        return None
    return at, value
