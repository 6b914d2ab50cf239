"""SIRET (*Système d'identification du répertoire des établissements*) number: 14 digits.

A SIREN followed by a 5-digit establishment number; both the whole and its SIREN part carry
a Luhn key, except La Poste's establishments (digit sum a multiple of 5). Checked with
:mod:`stdnum.fr.siret`; a checksum failure is a hard error (``IDENTIFIER_CHECKSUM``).

>>> validate("732 829 320 00074")
'73282932000074'
>>> format("35600000000048")
'356 000 000 00048'
>>> is_valid("73282932000079")
False
"""

from __future__ import annotations

from carecircle._errors import Advisory
from carecircle.identifiers import _common, _numbers

__all__ = ["advisories", "compact", "format", "is_valid", "siren", "validate"]

_NUMBER = _numbers.StdnumNumber("fr.siret", what="a SIRET number", path="siret", shape="14 digits")


def compact(value: str) -> str:
    """Drop spaces, dots and hyphens."""
    return _NUMBER.compact(value)


def validate(value: str, *, path: str = "siret") -> str:
    """Return the 14 digits, or raise :class:`~carecircle.InvalidValueError`."""
    return _NUMBER.validate(value, path=path)


def is_valid(value: object) -> bool:
    """Whether :func:`validate` accepts ``value``; ``False`` for a non-``str``; never raises."""
    return _common.is_valid_with(validate, value)


def format(value: str) -> str:  # noqa: A001 -- the python-stdnum name
    """The display form, ``"732 829 320 00074"``; raises like :func:`validate`."""
    return _NUMBER.format(value)


def advisories(value: str, *, path: str = "siret") -> tuple[Advisory, ...]:
    """Always empty: every SIRET problem is an error; raises like :func:`validate`."""
    return _NUMBER.advisories(value, path=path)


def siren(value: str, *, path: str = "siret") -> str:
    """The SIREN of the company: the first 9 digits of a valid SIRET.

    >>> siren("73282932000074")
    '732829320'
    """
    return validate(value, path=path)[:9]
