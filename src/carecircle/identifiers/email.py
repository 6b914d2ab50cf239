"""E-mail address (*adresse électronique*): syntax only, never a DNS look-up.

A subset of the RFC 5322 addr-spec: a dot-atom local part (at most 64 characters), one ``@``,
and a domain of at least two dot-separated LDH labels (each at most 63 characters, no hyphen
at either end, a top-level label that is not all digits; at most 253 characters); at most 254
characters in all. Quoted local parts, address literals and non-ASCII are refused. Every
failure has the one code ``EMAIL_INVALID``; the message never quotes the address (R12).

Any non-ASCII character of the value as given is refused, before anything is stripped or
lower-cased: otherwise ``str.lower`` would turn the Kelvin sign U+212A into ``k`` and accept
a look-alike of another address. Tabs, newlines and other control characters are refused
too, even around the address; only ASCII spaces around it are stripped.

>>> validate("  Jeanne.Martin+cercle@Exemple.FR ")
'Jeanne.Martin+cercle@exemple.fr'
>>> is_valid("jeanne..martin@exemple.fr"), is_valid("jeanne@localhost")
(False, False)
>>> is_valid("jeanne@Kelvin.fr"), is_valid(None)
(False, False)
"""

from __future__ import annotations

import re

from carecircle._errors import Advisory
from carecircle.identifiers import _characters, _common

__all__ = ["advisories", "compact", "format", "is_valid", "validate"]

EMAIL_INVALID = "EMAIL_INVALID"

_WHAT = "an e-mail address"

_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_DOT_ATOM = re.compile(rf"{_ATOM}(?:\.{_ATOM})*")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")
_DIGITS = re.compile(r"[0-9]+")


def compact(value: str) -> str:
    """Strip surrounding whitespace and lower-case the domain (the local part keeps its case)."""
    text = _characters.text(value, path="email").strip()
    local, at, domain = text.rpartition("@")
    return f"{local}{at}{domain.lower()}" if at else text


def _problem(address: str) -> str | None:
    """What is wrong with a compact address, or ``None``; never quotes it."""
    if len(address) > 254:
        return "an e-mail address has at most 254 characters"
    if address.count("@") != 1:
        return "an e-mail address has exactly one '@'"
    local, _, domain = address.partition("@")
    if not local or len(local) > 64:
        return "the part before '@' has 1 to 64 characters"
    if _DOT_ATOM.fullmatch(local) is None:
        return "the part before '@' has letters, digits, allowed symbols and single inner dots"
    return _domain_problem(domain)


def _domain_problem(domain: str) -> str | None:
    """What is wrong with a lower-case domain, or ``None``.

    Its 253-character limit needs no check of its own: the 254 in all already enforces it.
    """
    labels = domain.split(".")
    if len(labels) < 2:
        return "the domain has at least two labels separated by a dot"
    if any(len(label) > 63 or _LABEL.fullmatch(label) is None for label in labels):
        return "each domain label has 1 to 63 letters, digits or inner hyphens"
    if _DIGITS.fullmatch(labels[-1]):
        return "the top-level domain is not all digits"
    return None


def validate(value: str, *, path: str = "email") -> str:
    """Return the compact address, or raise :class:`~carecircle.InvalidValueError`."""
    text = _characters.check_ascii(value, path=path, what=_WHAT, code=EMAIL_INVALID)
    address = compact(text)
    problem = _problem(address)
    if problem is not None:
        raise _common.error(EMAIL_INVALID, path, problem)
    return address


def is_valid(value: object) -> bool:
    """Whether :func:`validate` accepts ``value``; ``False`` for a non-``str``; never raises."""
    return _common.is_valid_with(validate, value)


def format(value: str) -> str:  # noqa: A001 -- the python-stdnum name
    """The display form: the compact address."""
    return validate(value)


def advisories(value: str, *, path: str = "email") -> tuple[Advisory, ...]:
    """Always empty; raises like :func:`validate`."""
    validate(value, path=path)
    return ()
