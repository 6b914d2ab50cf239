"""Shared attrs field helpers for the entities: local shape only, business rules live in rules/.

Every field that takes outside data checks its type and raises the library's coded error
(``WRONG_TYPE``…) with the field's path, never a bare ``TypeError`` from deep inside.

- one-line text (names, ids, a structure's name…): stripped; control, format and line-separator
  characters (tab, U+0085, U+2028, U+2029, zero-width characters…) are refused with
  ``TEXT_INVALID_CHARACTER``;
- free text (descriptions): may hold line breaks (``\\n``) and tabs, nothing else of those;
- instants: converted to UTC (:func:`carecircle.instants.utc`).

>>> one_line("  Durand ", "member.family_name")
'Durand'
>>> one_line("Dur\\u2028and", "member.family_name")
Traceback (most recent call last):
    ...
carecircle.InvalidValueError: TEXT_INVALID_CHARACTER at member.family_name: ...
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from typing import Any, Final, TypeVar

import attrs

from carecircle._errors import InvalidValueError, wrong_type
from carecircle.instants import optional_utc, utc
from carecircle.nomenclatures import Code

__all__ = [
    "TEXT_INVALID_CHARACTER",
    "birth_date",
    "checked_free_text",
    "code_set",
    "enum_value",
    "flag",
    "free_text",
    "identity_keys",
    "instance_of",
    "instant",
    "one_line",
    "optional_code",
    "optional_identifier",
    "optional_instant",
    "optional_text",
    "redacted",
    "required_text",
    "sequence_of",
    "strings",
]

TEXT_INVALID_CHARACTER: Final = "TEXT_INVALID_CHARACTER"

# Control, format, surrogate, private-use and unassigned characters, and line and paragraph
# separators: nothing a name or an id legitimately holds, and what hides or splits text.
_REFUSED_CATEGORIES: Final = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_FREE_TEXT_ALLOWED: Final = frozenset("\n\t")
_NOTHING_ALLOWED: Final[frozenset[str]] = frozenset()
_NOT_ONE_LINE: Final = "one-line text cannot hold control, format or line-separator characters"
_NOT_FREE_TEXT: Final = "free text holds line breaks and tabs, no other control or format character"

E = TypeVar("E", bound=StrEnum)


def _bad_character(text: str, allowed: frozenset[str]) -> bool:
    if text.isprintable():  # the usual case: one C-level scan
        return False
    return any(c not in allowed and unicodedata.category(c) in _REFUSED_CATEGORIES for c in text)


def one_line(value: object, path: str) -> str:
    """Stripped one-line text; ``None`` becomes the empty string."""
    return _checked_text(value, path, _NOTHING_ALLOWED, _NOT_ONE_LINE)


def checked_free_text(value: object, path: str) -> str:
    """A free text as fields keep it: stripped, ``None`` as ``""``, every line printable."""
    return _checked_text(value, path, _FREE_TEXT_ALLOWED, _NOT_FREE_TEXT)


def _checked_text(value: object, path: str, allowed: frozenset[str], message: str) -> str:
    if value.__class__ is str and value.isprintable():
        return value.strip()  # the usual case
    if value is None:
        return ""
    if not isinstance(value, str):
        raise wrong_type(path, "a str")
    if _bad_character(value, allowed):
        raise InvalidValueError.of(TEXT_INVALID_CHARACTER, path, message)
    return value.strip()


def required_text(path: str) -> Any:
    """An attrs field holding stripped, non-empty one-line text."""

    def convert(value: object) -> str:
        found = one_line(value, path)
        if not found:
            raise InvalidValueError.of("TEXT_REQUIRED", path, "a non-empty text is required")
        return found

    return attrs.field(converter=convert)


def optional_text(path: str, *, hidden: bool = False) -> Any:
    """An attrs field holding stripped one-line text, empty by default; ``hidden`` keeps it
    out of the ``repr`` (free text may carry a contact detail, R12).
    """
    return attrs.field(
        default="", converter=lambda v: one_line(v, path), repr=redacted if hidden else True
    )


def free_text(path: str) -> Any:
    """An attrs field holding a description: line breaks allowed, never in the ``repr``."""
    return attrs.field(default="", converter=lambda v: checked_free_text(v, path), repr=redacted)


def redacted(value: object) -> str:
    """How a ``repr`` shows free text: whether there is any, never what it says (R12)."""
    return "<redacted>" if value else "''"


def strings(
    values: object,
    path: str,
    convert: Callable[[str, str], str],
    *,
    drop_blank: bool = True,
) -> frozenset[str]:
    """A frozen set of strings, each through ``convert(value, path)``; a lone ``str`` is
    refused (it would be read as a set of its characters). Blank strings are dropped unless
    ``drop_blank`` is false, when ``convert`` judges them too.
    """
    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Iterable):
        raise wrong_type(path, "a set of str")
    found = set()
    for i, value in enumerate(values):
        if not isinstance(value, str):
            raise wrong_type(f"{path}[{i}]", "a str")
        if not drop_blank or value.strip():
            found.add(convert(value, f"{path}[{i}]"))
    return frozenset(found)


def optional_identifier(validate: Callable[..., str], path: str) -> Any:
    """An attrs field: an identifier normalised by ``validate(value, path=...)``, or ``None``."""

    def convert(value: object) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            raise wrong_type(path, "a str")
        if not value.strip():
            return None
        return validate(value, path=path)

    return attrs.field(default=None, converter=convert)


def identity_keys(**ids: str | None) -> frozenset[str]:
    """The R8 duplicate keys of a directory entry: ``"<name>:<id>"`` for each id it has.

    >>> sorted(identity_keys(finess="310000001", siret=None))
    ['finess:310000001']
    """
    return frozenset(f"{name}:{value}" for name, value in ids.items() if value is not None)


def sequence_of(values: object, cls: type, path: str, what: str) -> tuple[Any, ...]:
    """A tuple of ``cls`` instances from a sequence (a ``str`` refused): ``WRONG_TYPE`` at
    ``path``, or at ``path[i]`` for an item of another type.
    """
    if values.__class__ is tuple:  # the usual case (a document's array): no ABC check
        found: tuple[Any, ...] = values
    elif isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise wrong_type(path, f"a sequence of {what}")
    else:
        found = tuple(values)
    for i, value in enumerate(found):
        if not isinstance(value, cls):
            raise wrong_type(f"{path}[{i}]", f"a {what}")
    return found


def instance_of(cls: type | tuple[type, ...], path: str, expected: str) -> Any:
    """An attrs validator: ``WRONG_TYPE`` at ``path`` unless the value is a ``cls``."""

    def check(_instance: object, _attribute: object, value: object) -> None:
        if not isinstance(value, cls):
            raise wrong_type(path, expected)

    return check


def flag(path: str, *, default: bool = False) -> Any:
    """An attrs field holding a bool, strictly (``1`` or ``"yes"`` are refused)."""
    return attrs.field(default=default, validator=instance_of(bool, path, "a bool"))


def optional_code(path: str) -> Any:
    """An attrs field holding a nomenclature :class:`~carecircle.nomenclatures.Code`, or ``None``.

    Checked by a converter, so that fields computed from it see only a code.
    """

    def convert(value: object) -> Code | None:
        if value is None or isinstance(value, Code):
            return value
        raise wrong_type(path, "a Code")

    return attrs.field(default=None, converter=convert)


def enum_value(enum: type[E], value: object, path: str, code: str) -> E:
    """``value`` as a member of ``enum``: a member, or one of its documented string values."""
    if isinstance(value, enum):
        return value
    if isinstance(value, str):
        try:
            return enum(value)
        except ValueError:
            pass
        allowed = ", ".join(repr(m.value) for m in enum)
        raise InvalidValueError.of(code, path, f"expected one of {allowed}")
    raise wrong_type(path, f"a {enum.__name__}")


def code_set(path: str) -> Callable[[object], frozenset[Code]]:
    """A converter to a frozen set of codes (roles): order carries no meaning. A lone code,
    a ``str`` or a set holding anything but :class:`~carecircle.nomenclatures.Code` is refused.
    """

    def convert(values: object) -> frozenset[Code]:
        if values.__class__ is frozenset and all(isinstance(v, Code) for v in values):
            return values  # the usual case, checked as it stands
        if isinstance(values, str | bytes | Code | Mapping) or not isinstance(values, Iterable):
            raise wrong_type(path, "a set of Code")
        found = tuple(values)
        for i, value in enumerate(found):
            if not isinstance(value, Code):
                raise wrong_type(f"{path}[{i}]", "a Code")
        return frozenset(found)

    return convert


def instant(path: str) -> Any:
    """An attrs field holding an instant, converted to UTC where it enters (R10)."""
    return attrs.field(converter=lambda v: utc(v, path))


def optional_instant(path: str) -> Any:
    """An attrs field holding an instant in UTC, or ``None``."""
    return attrs.field(default=None, converter=lambda v: optional_utc(v, path))


def birth_date(value: object) -> dt.date | None:
    """A calendar date (a ``datetime`` is an instant, not a birth date), or ``None``."""
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    raise wrong_type("patient.birth_date", "a datetime.date")
