"""PASS account id (*identifiant de compte PASS*): the login of a user of the regional portal.

The PASS (*Point d'Accès aux Services e-Santé*) publishes no structure for its account ids, so
only their characters are checked: ASCII letters, digits and ``.``, ``:``, ``_``, ``@``, ``+``,
``-``. Accounts are case-insensitive, so the canonical form is lower-case: ``"PASS:4711"`` and
``"pass:4711"`` are one account. Surrounding spaces (no-break ones included) are stripped;
whitespace inside, an empty id, or any other character (a control or zero-width one, a letter
or digit of another script) is refused with ``IDENTIFIER_FORMAT``, and the message never
quotes the id (R12).

>>> validate("  PASS:4711 ")
'pass:4711'
>>> validate("pass:4711") == validate("Pass:4711")
True
>>> is_valid("pass:000101"), is_valid("pass 4711"), is_valid(None)
(True, False, False)
>>> validate("pass:47\u200b11")
Traceback (most recent call last):
    ...
carecircle.InvalidValueError: IDENTIFIER_FORMAT at account: ... control character
"""

from __future__ import annotations

import re

from carecircle._errors import Advisory
from carecircle.identifiers import _characters, _common

__all__ = ["advisories", "compact", "format", "is_valid", "validate"]

_WHAT = "a PASS account id"
_CHARACTERS = re.compile(r"[0-9a-z.:_@+-]+")


def compact(value: str) -> str:
    """Strip surrounding whitespace and lower-case; never checks the characters."""
    return _characters.text(value, path="account").strip().lower()


def validate(value: str, *, path: str = "account") -> str:
    """Return the canonical (lower-case, stripped) id, or raise
    :class:`~carecircle.InvalidValueError` (``IDENTIFIER_FORMAT``, or ``WRONG_TYPE``
    for a non-``str``)."""
    account = _characters.check(value, path=path, what=_WHAT).strip().lower()
    if not account:
        raise _common.error(_common.FORMAT, path, f"{_WHAT} is not empty")
    if _CHARACTERS.fullmatch(account) is None:
        if any(char.isspace() for char in account):
            raise _common.error(_common.FORMAT, path, f"{_WHAT} holds no whitespace inside")
        raise _common.error(
            _common.FORMAT, path, f"{_WHAT} has ASCII letters, digits and '.:_@+-' only"
        )
    return account


def is_valid(value: object) -> bool:
    """Whether :func:`validate` accepts ``value``; ``False`` for a non-``str``; never raises."""
    return _common.is_valid_with(validate, value)


def format(value: str) -> str:  # noqa: A001 -- the python-stdnum name
    """The display form: the canonical id."""
    return validate(value)


def advisories(value: str, *, path: str = "account") -> tuple[Advisory, ...]:
    """Always empty; raises like :func:`validate`."""
    validate(value, path=path)
    return ()
