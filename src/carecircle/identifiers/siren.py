"""SIREN (*Système d'identification du répertoire des entreprises*) number: 9 digits.

The last digit is a Luhn key and, unlike health directory numbers, a mismatch is a hard
error (``IDENTIFIER_CHECKSUM``). Checked with :mod:`stdnum.fr.siren`.

>>> validate("732 829 320")
'732829320'
>>> format("732829320")
'732 829 320'
>>> validate("732829321")
Traceback (most recent call last):
    ...
carecircle.InvalidValueError: IDENTIFIER_CHECKSUM at siren: ...
"""

from __future__ import annotations

from carecircle._errors import Advisory
from carecircle.identifiers import _common, _numbers

__all__ = ["advisories", "compact", "format", "is_valid", "validate"]

_NUMBER = _numbers.StdnumNumber("fr.siren", what="a SIREN number", path="siren", shape="9 digits")


def compact(value: str) -> str:
    """Drop spaces, dots and hyphens."""
    return _NUMBER.compact(value)


def validate(value: str, *, path: str = "siren") -> str:
    """Return the 9 digits, or raise :class:`~carecircle.InvalidValueError`."""
    return _NUMBER.validate(value, path=path)


def is_valid(value: object) -> bool:
    """Whether :func:`validate` accepts ``value``; ``False`` for a non-``str``; never raises."""
    return _common.is_valid_with(validate, value)


def format(value: str) -> str:  # noqa: A001 -- the python-stdnum name
    """The display form, ``"732 829 320"``; raises like :func:`validate`."""
    return _NUMBER.format(value)


def advisories(value: str, *, path: str = "siren") -> tuple[Advisory, ...]:
    """Always empty: every SIREN problem is an error; raises like :func:`validate`."""
    return _NUMBER.advisories(value, path=path)
