"""FINESS (*Fichier national des établissements sanitaires et sociaux*) number: 9 characters.

Two characters of département (``01``-``95``, Corsica ``2A``/``2B``, overseas ``97``/``98``),
six of serial and a key. On all-digit numbers the key is a Luhn digit over the nine digits and
a mismatch is an advisory (``LUHN_CHECK_FAILED``). Corsican ``2A``/``2B`` numbers get no Luhn
check: how their letters would enter the key is not settled, so none is guessed.

>>> validate("750 712 184")
'750712184'
>>> advisories("750712184")
()
>>> [a.code for a in advisories("750712185")]
['LUHN_CHECK_FAILED']
>>> is_valid("2A0000017"), is_valid("960000017")
(True, False)
"""

from __future__ import annotations

from carecircle._errors import Advisory
from carecircle.identifiers import _common, _numbers

__all__ = ["advisories", "compact", "format", "is_valid", "validate"]

_NUMBER = _numbers.DepartementNumber(
    what="a FINESS number",
    path="finess",
    departements=_common.METROPOLITAN_DEPARTEMENTS | {"2A", "2B", "97", "98"},
)


def compact(value: str) -> str:
    """Drop spaces, dots and hyphens; upper-case the letters."""
    return _NUMBER.compact(value)


def validate(value: str, *, path: str = "finess") -> str:
    """Return the 9 characters, or raise :class:`~carecircle.InvalidValueError`."""
    return _NUMBER.validate(value, path=path)


def is_valid(value: object) -> bool:
    """Whether :func:`validate` accepts ``value``; ``False`` for a non-``str``; never raises."""
    return _common.is_valid_with(validate, value)


def format(value: str) -> str:  # noqa: A001 -- the python-stdnum name
    """The display form: the 9 characters, ungrouped."""
    return validate(value)


def advisories(value: str, *, path: str = "finess") -> tuple[Advisory, ...]:
    """``LUHN_CHECK_FAILED`` when an all-digit key does not match; raises like :func:`validate`."""
    return _NUMBER.advisories(value, path=path)
