"""RPPS (*Répertoire partagé des professionnels de santé*) number: 11 digits.

The last digit is a Luhn key, but real ANS test numbers fail it, so a bad key is an advisory
(``LUHN_CHECK_FAILED``), not a rejection.

>>> validate("100 034 567 86")
'10003456786'
>>> [str(a) for a in advisories("10101010101")]
['LUHN_CHECK_FAILED at rpps: an RPPS number fails its Luhn check digit']
>>> validate("1000345678")
Traceback (most recent call last):
    ...
carecircle.InvalidValueError: IDENTIFIER_LENGTH at rpps: an RPPS number has 11 digits
"""

from __future__ import annotations

from carecircle._errors import Advisory
from carecircle.identifiers import _characters, _common

__all__ = ["advisories", "compact", "format", "is_valid", "validate"]

_WHAT = "an RPPS number"


def compact(value: str) -> str:
    """Drop spaces, dots and hyphens."""
    return _common.strip_separators(_characters.text(value, path="rpps"))


def validate(value: str, *, path: str = "rpps") -> str:
    """Return the 11 digits, or raise :class:`~carecircle.InvalidValueError`."""
    text = _characters.check(value, path=path, what=_WHAT)
    return _common.check_digits(compact(text), length=11, path=path, what=_WHAT)


def is_valid(value: object) -> bool:
    """Whether :func:`validate` accepts ``value``; ``False`` for a non-``str``; never raises."""
    return _common.is_valid_with(validate, value)


def format(value: str) -> str:  # noqa: A001 -- the python-stdnum name
    """The display form: the 11 digits, ungrouped as the ANS prints them."""
    return validate(value)


def advisories(value: str, *, path: str = "rpps") -> tuple[Advisory, ...]:
    """``LUHN_CHECK_FAILED`` when the key does not match; raises like :func:`validate`."""
    return _common.luhn_advisories(validate(value, path=path), path=path, what=_WHAT)
