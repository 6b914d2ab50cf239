"""The documented form of each plain value in a document, as cattrs hooks.

Every structure hook here checks the JSON type strictly (``1`` is not a ``bool``, ``"abc"``
is not a set of three letters) and raises the library's coded error with a path rooted at
the value being read (``"$"``): :mod:`carecircle.serialization._problems` puts it under the
path of the value in the document. No message quotes the value (R12).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any, Final

from carecircle._errors import WRONG_TYPE, InvalidValueError, wrong_type
from carecircle.instants import INSTANT_INVALID, NAIVE_DATETIME, utc
from carecircle.nomenclatures import SYSTEMS, Code

__all__ = [
    "CODE_INVALID",
    "DATE_INVALID",
    "INSTANT_INVALID",
    "NAIVE_DATETIME",
    "VALUE_UNKNOWN",
    "WRONG_TYPE",
    "code_text",
    "date_text",
    "enum_value",
    "instant_text",
    "problem",
    "read_bool",
    "read_code",
    "read_date",
    "read_enum",
    "read_instant",
    "read_int",
    "read_optional_str",
    "read_str",
    "sorted_items",
    "strict_sequence",
    "strict_set",
]

CODE_INVALID: Final = "CODE_INVALID"
DATE_INVALID: Final = "DATE_INVALID"
VALUE_UNKNOWN: Final = "VALUE_UNKNOWN"

# ``YYYY-MM-DDTHH:MM:SS[.ffffff]`` then ``Z`` or ``±HH:MM``; ASCII digits only.
_INSTANT: Final = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,6}))?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})?"
)
_DATE: Final = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
#: Shipped code systems by short name (``TRE_G15``), the form codes are written in.
_SYSTEM_URLS: Final = {name: system.url for name, system in SYSTEMS.items()}


def problem(code: str, message: str, at: str = "$") -> InvalidValueError:
    """A coded error at ``at``, a path rooted at the value being read."""
    return InvalidValueError.of(code, at, message)


def read_str(value: object, _: object = None) -> str:
    if value.__class__ is str:
        return value  # checked just above
    raise wrong_type("$", "a string")


def read_optional_str(value: object, _: object = None) -> str | None:
    """:func:`read_str`, or ``None``."""
    if value is None or value.__class__ is str:
        return value  # checked just above
    raise wrong_type("$", "a string")


def read_int(value: object, _: object = None) -> int:
    if value.__class__ is int:
        return value  # checked just above (a bool is not one)
    raise wrong_type("$", "an integer")


def read_bool(value: object, _: object = None) -> bool:
    if value is True or value is False:
        return value
    raise wrong_type("$", "true or false")


def code_text(code: Code) -> str:
    """``"<system>|<code>"``: the NOS short name for a shipped system, else its URL."""
    return str(code)


def read_code(value: object, _: object = None) -> Code:
    """A code from ``"<system>|<code>"`` (the code is what follows the last ``|``); a
    shipped system's short name stands for its URL, any other system is kept as written.
    """
    if value.__class__ is not str:
        raise wrong_type("$", 'a code, "<system>|<code>"')
    system, _bar, code = value.rpartition("|")
    if not system or not code:
        raise problem(CODE_INVALID, 'a code is written "<system>|<code>", both non-empty')
    return Code(_SYSTEM_URLS.get(system, system), code)


def instant_text(value: dt.datetime) -> str:
    """ISO 8601 in UTC with ``Z``: ``2026-11-02T09:00:00Z``, microseconds only when any."""
    return utc(value).replace(tzinfo=None).isoformat() + "Z"


def read_instant(value: object, _: object = None) -> dt.datetime:
    """An instant from ISO 8601 with an offset (``Z`` or ``±HH:MM``), in UTC."""
    if value.__class__ is not str:
        raise wrong_type("$", "an instant, an ISO 8601 string")
    found = _INSTANT.fullmatch(value)
    if found is None:
        raise problem(INSTANT_INVALID, "an instant is written 2026-11-02T09:00:00Z")
    if found.group(8) is None:
        raise problem(NAIVE_DATETIME, "an instant needs a time zone: Z or an offset")
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise problem(
            INSTANT_INVALID, "no such instant (a month, hour or offset out of range)"
        ) from None
    return utc(parsed, "$")


def date_text(value: dt.date) -> str:
    return value.isoformat()


def read_date(value: object, _: object = None) -> dt.date:
    """A calendar date from ``YYYY-MM-DD``."""
    if value.__class__ is not str:
        raise wrong_type("$", "a date, YYYY-MM-DD")
    found = _DATE.fullmatch(value)
    if found is None:
        raise problem(DATE_INVALID, "a date is written YYYY-MM-DD")
    try:
        return dt.date(*map(int, found.groups()))
    except ValueError:
        raise problem(DATE_INVALID, "no such date") from None


def _reader_of(enum: type[Enum]) -> Callable[[object], Enum]:
    members = {m.value: m for m in enum}
    value_type = type(next(iter(members)))
    allowed = ", ".join(repr(v) for v in members)

    def read(value: object) -> Enum:
        if value.__class__ is value_type:
            found = members.get(value)
            if found is not None:
                return found
            raise problem(VALUE_UNKNOWN, f"expected one of {allowed}")
        raise wrong_type("$", f"one of {allowed}")

    return read


_ENUM_READERS: Final[dict[type[Enum], Callable[[object], Enum]]] = {}


def read_enum(value: object, enum: type[Enum]) -> Enum:
    """An enum member from its value (``"active"``): ``VALUE_UNKNOWN`` for another one."""
    reader = _ENUM_READERS.get(enum)
    if reader is None:
        reader = _ENUM_READERS[enum] = _reader_of(enum)
    return reader(value)


def enum_value(member: Enum) -> Any:
    return member.value


def _json_text(item: object) -> str:
    return json.dumps(item, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sorted_items(items: Iterable[Any]) -> list[Any]:
    """A set as a list: strings in code-point order, anything else by its JSON text."""
    found = list(items)
    if all(item.__class__ is str for item in found):
        return sorted(found)
    return sorted(found, key=_json_text)


Hook = Callable[[Any, Any], Any]


def strict_sequence(inner: Hook) -> Hook:
    """``inner`` (cattrs's tuple hook), for an array only: never a string read letter by letter."""

    def read(value: object, cl: object) -> Any:
        if value.__class__ is list or value.__class__ is tuple:
            return inner(value, cl)
        raise wrong_type("$", "an array")

    return read


def strict_set(inner: Hook) -> Hook:
    """``inner`` (cattrs's list hook) made a frozen set, for an array (or a Python set)."""

    def read(value: object, cl: object) -> Any:
        if value.__class__ is list:  # a document's array: cattrs's hook copies it anyway
            return frozenset(inner(value, cl))
        if value.__class__ in (tuple, set, frozenset):
            return frozenset(inner(list(value), cl))
        raise wrong_type("$", "an array")

    return read
