"""ADELI (*Automatisation des listes*) number: 9 characters.

Two characters of département, two of profession, four of serial and a key. The département
is ``01``-``95``, Corsica ``2A``/``2B``, or an overseas letter form ``9A``-``9F``; the other
seven characters are digits. On all-digit numbers the key is a Luhn digit and a mismatch is an
advisory (``LUHN_CHECK_FAILED``), not a rejection; numbers with a letter get no Luhn check.

>>> validate("75 10 1234 5")
'751012345'
>>> validate("2a1012345")
'2A1012345'
>>> [a.code for a in advisories("751012346")]
['LUHN_CHECK_FAILED']
>>> validate("001012345")
Traceback (most recent call last):
    ...
carecircle.InvalidValueError: IDENTIFIER_COMPONENT at adeli: ...
"""

from __future__ import annotations

from carecircle._errors import Advisory
from carecircle.identifiers import _common, _numbers

__all__ = ["advisories", "compact", "format", "is_valid", "validate"]

_NUMBER = _numbers.DepartementNumber(
    what="an ADELI number",
    path="adeli",
    departements=_common.METROPOLITAN_DEPARTEMENTS | {"2A", "2B"} | {f"9{c}" for c in "ABCDEF"},
)


def compact(value: str) -> str:
    """Drop spaces, dots and hyphens; upper-case the letters."""
    return _NUMBER.compact(value)


def validate(value: str, *, path: str = "adeli") -> str:
    """Return the 9 characters, or raise :class:`~carecircle.InvalidValueError`."""
    return _NUMBER.validate(value, path=path)


def is_valid(value: object) -> bool:
    """Whether :func:`validate` accepts ``value``; ``False`` for a non-``str``; never raises."""
    return _common.is_valid_with(validate, value)


def format(value: str) -> str:  # noqa: A001 -- the python-stdnum name
    """The display form: the 9 characters, ungrouped."""
    return validate(value)


def advisories(value: str, *, path: str = "adeli") -> tuple[Advisory, ...]:
    """``LUHN_CHECK_FAILED`` when an all-digit key does not match; raises like :func:`validate`."""
    return _NUMBER.advisories(value, path=path)
