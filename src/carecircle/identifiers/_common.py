"""Helpers shared by the identifier modules (*outils communs*); private to the package.

Nothing here ever puts the value being checked into a message (R12): messages say what is
wrong, never what was typed.

>>> strip_separators(" 10\u202f003.456-783 ")
'10003456783'
>>> is_ascii_digits("123"), is_ascii_digits("1²3")
(True, False)
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Callable, Collection, Mapping
from enum import StrEnum
from typing import Any, Protocol

import attrs

from carecircle._errors import Advisory, InvalidValueError
from carecircle.identifiers import _characters

__all__ = [
    "CHECKSUM",
    "COMPONENT",
    "FORMAT",
    "LENGTH",
    "LUHN_CHECK_FAILED",
    "METROPOLITAN_DEPARTEMENTS",
    "OPAQUE",
    "IdentifierModule",
    "Kind",
    "NationalId",
    "Scheme",
    "call_stdnum",
    "check_code",
    "check_digits",
    "compact_code",
    "error",
    "is_ascii_digits",
    "is_valid_with",
    "luhn_advisories",
    "stdnum",
    "strip_separators",
]

FORMAT = "IDENTIFIER_FORMAT"
LENGTH = "IDENTIFIER_LENGTH"
CHECKSUM = "IDENTIFIER_CHECKSUM"
COMPONENT = "IDENTIFIER_COMPONENT"
LUHN_CHECK_FAILED = "LUHN_CHECK_FAILED"

#: Numeric départements of metropolitan France, ``"01"`` to ``"95"`` (``"20"`` is pre-1976 Corsica).
METROPOLITAN_DEPARTEMENTS = frozenset(f"{n:02d}" for n in range(1, 96))

_CODE_CHARACTERS = re.compile(r"[0-9A-Z]*")
_DROPPED = str.maketrans("", "", ".-")
_OPAQUE_CHARACTERS = re.compile(r"[0-9A-Za-z][0-9A-Za-z._/-]*")


class Kind(StrEnum):
    """What a national identifier (*idNat_PS*, *idNat_Struct*) is built from."""

    RPPS = "RPPS"
    ADELI = "ADELI"
    ADELI_CABINET = "ADELI_CABINET"
    FINESS = "FINESS"
    SIREN = "SIREN"
    SIRET = "SIRET"
    RPPS_CABINET = "RPPS_CABINET"


@functools.cache
def stdnum(name: str) -> Any:
    """The python-stdnum module ``name`` (``"fr.siret"``, ``"luhn"``), imported on first use.

    ``import stdnum`` costs tens of milliseconds (it loads ``ssl`` and more for its online
    checks), so no identifier module imports it at load time. Thread-safe: the import system
    locks the module while it loads, and a second call returns the same module.
    """
    return importlib.import_module(f"stdnum.{name}")


def strip_separators(value: str) -> str:
    """Drop every kind of whitespace (including French no-break spaces), dots and hyphens."""
    if value.isalnum():  # letters and digits only: nothing to drop (the usual case)
        return value
    return "".join(value.split()).translate(_DROPPED)


def compact_code(value: str) -> str:
    """:func:`strip_separators`, then upper-case (``2a`` becomes ``2A``)."""
    return strip_separators(value).upper()


def error(code: str, path: str, message: str) -> InvalidValueError:
    """The error to raise; ``message`` must not contain the value (R12)."""
    return InvalidValueError.of(code, path, message)


def is_ascii_digits(text: str) -> bool:
    """Whether ``text`` is made of ASCII digits only (``str.isdigit`` also accepts ``'²'``)."""
    return not text or (text.isascii() and text.isdigit())


def check_digits(value: str, *, length: int, path: str, what: str) -> str:
    """Return ``value`` if it is exactly ``length`` ASCII digits, else raise."""
    if not is_ascii_digits(value):
        raise error(FORMAT, path, f"{what} has digits only")
    if len(value) != length:
        raise error(LENGTH, path, f"{what} has {length} digits")
    return value


def check_code(
    value: str, *, length: int, departements: Collection[str], path: str, what: str
) -> str:
    """Return ``value`` if it is a département code followed by digits, else raise.

    Used by ADELI and FINESS numbers: ``length`` characters, the first two a département
    from ``departements`` (which may hold letter forms such as ``"2A"``), the rest digits.
    """
    if _CODE_CHARACTERS.fullmatch(value) is None:
        raise error(FORMAT, path, f"{what} has digits, and letters only in its département")
    if len(value) != length:
        raise error(LENGTH, path, f"{what} has {length} characters")
    if not is_ascii_digits(value[2:]):
        raise error(FORMAT, path, f"{what} has only digits after its département")
    if value[:2] not in departements:
        raise error(COMPONENT, path, f"{what} starts with an unknown département")
    return value


def luhn_advisories(number: str, *, path: str, what: str) -> tuple[Advisory, ...]:
    """One ``LUHN_CHECK_FAILED`` advisory when all-digit ``number`` fails the Luhn check.

    A number holding a letter (Corsican ``2A``/``2B``, overseas ``9A``) gets no check.
    """
    if not is_ascii_digits(number) or stdnum("luhn").is_valid(number):
        return ()
    return (
        Advisory(code=LUHN_CHECK_FAILED, path=path, message=f"{what} fails its Luhn check digit"),
    )


def call_stdnum(
    check: Callable[[str], object], value: str, *, path: str, what: str, shape: str
) -> str:
    """Run a ``stdnum`` ``validate`` and turn its exceptions into ours.

    ``shape`` describes the expected form (``"9 digits"``). The stdnum exception is dropped
    (``from None``) so no traceback drags extra detail along.
    """
    errors = stdnum("exceptions")
    try:
        return str(check(value))
    except errors.InvalidLength:
        raise error(LENGTH, path, f"{what} has {shape}") from None
    except errors.InvalidFormat:
        raise error(FORMAT, path, f"{what} has {shape}") from None
    except errors.InvalidChecksum:
        raise error(CHECKSUM, path, f"{what} fails its check digits") from None
    except errors.InvalidComponent:
        raise error(COMPONENT, path, f"{what} has an impossible component") from None
    except errors.ValidationError:  # pragma: no cover - stdnum only raises the subclasses above
        raise error(FORMAT, path, f"{what} is malformed") from None


def is_valid_with(validate: Callable[[str], object], value: object) -> bool:
    """``True`` when ``validate(value)`` passes, ``False`` when it raises our error or
    ``value`` is not a ``str``."""
    if not isinstance(value, str):
        return False
    try:
        validate(value)
    except InvalidValueError:
        return False
    return True


class IdentifierModule(Protocol):
    """What a national identifier needs from the module of its inner identifier."""

    def compact(self, value: str) -> str: ...

    def validate(self, value: str, *, path: str) -> str: ...

    def advisories(self, value: str, *, path: str) -> tuple[Advisory, ...]: ...


class _Opaque:
    """An identifier with no published structure (cabinet ids, internal ids).

    Letters, digits, ``.``, ``_``, ``/`` and ``-``, starting with a letter or a digit.
    """

    def compact(self, value: str) -> str:
        return "".join(value.split())

    def validate(self, value: str, *, path: str) -> str:
        value = self.compact(value)
        if _OPAQUE_CHARACTERS.fullmatch(value) is None:
            raise error(
                FORMAT, path, "an internal identifier has letters, digits, '.', '_', '/' or '-'"
            )
        return value

    def advisories(self, value: str, *, path: str) -> tuple[Advisory, ...]:
        self.validate(value, path=path)
        return ()


#: The checker of identifiers with no published structure.
OPAQUE: IdentifierModule = _Opaque()


@attrs.frozen
class Scheme:
    """One prefix of a national identifier: what follows it and how to check it."""

    kind: Kind
    inner: IdentifierModule
    #: Whether ``"/"`` and an internal identifier follow the inner identifier.
    internal: bool = False


@attrs.frozen
class NationalId:
    """A national identifier: a one-digit prefix, then the identifier its scheme names."""

    what: str
    schemes: Mapping[str, Scheme]

    def compact(self, value: str) -> str:
        """Compact the inner identifier (and internal one) as their own modules do."""
        text = "".join(value.split())
        scheme = self.schemes.get(text[:1])
        if scheme is None:
            return text
        inner, slash, internal = text[1:].partition("/")
        if not scheme.internal:
            return text[:1] + scheme.inner.compact(text[1:])
        return text[:1] + scheme.inner.compact(inner) + slash + OPAQUE.compact(internal)

    def parse(self, value: str, *, path: str) -> tuple[Scheme, str]:
        """The scheme and the validated compact value; raises on any problem."""
        if value.__class__ is str and is_ascii_digits(value):
            text = value  # the character policy accepts digits, and compacting keeps them
        else:
            text = self.compact(_characters.check(value, path=path, what=self.what))
        if not text:
            raise error(LENGTH, path, f"{self.what} is a prefix digit and an identifier")
        scheme = self.schemes.get(text[0])
        if scheme is None:
            raise error(COMPONENT, path, f"{self.what} starts with an unknown prefix")
        if not scheme.internal:
            return scheme, text[0] + scheme.inner.validate(text[1:], path=path)
        inner, slash, internal = text[1:].partition("/")
        if not slash:
            raise error(FORMAT, path, f"{self.what} of this kind ends with '/' and an internal id")
        checked = scheme.inner.validate(inner, path=path)
        return scheme, f"{text[0]}{checked}/{OPAQUE.validate(internal, path=path)}"

    def advisories(self, value: str, *, path: str) -> tuple[Advisory, ...]:
        """The advisories of the inner identifier; raises like :meth:`parse`."""
        scheme, text = self.parse(value, path=path)
        inner = text[1:].partition("/")[0] if scheme.internal else text[1:]
        return scheme.inner.advisories(inner, path=path)
