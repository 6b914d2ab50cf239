"""idNat_PS (*identifiant national de professionnel de santé*): a prefix and an identifier.

The prefix (ANS TRE_G08) says what follows: ``8`` and an RPPS number, ``0`` and an ADELI
number, or, followed by ``/`` and an internal identifier, ``1`` an ADELI cabinet id, ``3`` a
FINESS, ``4`` a SIREN, ``5`` a SIRET, ``6`` an RPPS cabinet id. The inner number is checked by
its own module, and its advisories (a failed Luhn key) are passed on.

>>> validate("8 10003461033")
'810003461033'
>>> kind("810003461033"), rpps("810003461033")
(<Kind.RPPS: 'RPPS'>, '10003461033')
>>> from_adeli("751012345")
'0751012345'
>>> validate("3750712184/SERVICE-12")
'3750712184/SERVICE-12'
>>> [a.code for a in advisories("810101010101")]
['LUHN_CHECK_FAILED']

:func:`canonical` gives one string for a professional however their number was typed: an
idNat_PS, a bare RPPS number or a bare ADELI number, with or without separators.

>>> canonical("8 1000 3461 033"), canonical("10003461033"), canonical("100.034.610-33")
('810003461033', '810003461033', '810003461033')
>>> canonical("75 10 1234 5"), canonical("0751012345")
('0751012345', '0751012345')
"""

from __future__ import annotations

from carecircle._errors import Advisory
from carecircle.identifiers import _characters, _common, adeli, finess, siren, siret
from carecircle.identifiers import rpps as _rpps
from carecircle.identifiers._common import Kind

__all__ = [
    "advisories",
    "canonical",
    "compact",
    "format",
    "from_adeli",
    "from_rpps",
    "is_valid",
    "kind",
    "prefix",
    "rpps",
    "validate",
]

_LENGTHS = "an RPPS number has 11 characters, an ADELI number 9, an idNat_PS without '/' 10 or 12"
_ID = _common.NationalId(
    what="an idNat_PS",
    schemes={
        "0": _common.Scheme(Kind.ADELI, adeli),
        "1": _common.Scheme(Kind.ADELI_CABINET, _common.OPAQUE, internal=True),
        "3": _common.Scheme(Kind.FINESS, finess, internal=True),
        "4": _common.Scheme(Kind.SIREN, siren, internal=True),
        "5": _common.Scheme(Kind.SIRET, siret, internal=True),
        "6": _common.Scheme(Kind.RPPS_CABINET, _common.OPAQUE, internal=True),
        "8": _common.Scheme(Kind.RPPS, _rpps),
    },
)


def compact(value: str) -> str:
    """Drop whitespace; compact the inner number as its own module does."""
    return _ID.compact(_characters.text(value, path="idnat_ps"))


def validate(value: str, *, path: str = "idnat_ps") -> str:
    """Return the compact idNat_PS, or raise :class:`~carecircle.InvalidValueError`."""
    return _ID.parse(value, path=path)[1]


def is_valid(value: object) -> bool:
    """Whether :func:`validate` accepts ``value``; ``False`` for a non-``str``; never raises."""
    return _common.is_valid_with(validate, value)


def format(value: str) -> str:  # noqa: A001 -- the python-stdnum name
    """The display form: the compact idNat_PS, as the ANS prints it."""
    return validate(value)


def advisories(value: str, *, path: str = "idnat_ps") -> tuple[Advisory, ...]:
    """The inner number's advisories; raises like :func:`validate`."""
    return _ID.advisories(value, path=path)


def prefix(value: str, *, path: str = "idnat_ps") -> str:
    """The one-digit prefix of a valid idNat_PS."""
    return validate(value, path=path)[0]


def kind(value: str, *, path: str = "idnat_ps") -> Kind:
    """What the prefix of a valid idNat_PS says follows it."""
    return _ID.parse(value, path=path)[0].kind


def rpps(value: str, *, path: str = "idnat_ps") -> str | None:
    """The RPPS number inside a valid idNat_PS, or ``None`` when it holds none."""
    text = validate(value, path=path)
    return text[1:] if text[0] == "8" else None


def canonical(value: str, *, path: str = "idnat_ps") -> str:
    """The canonical idNat_PS of a professional given as an idNat_PS, an RPPS or an ADELI number.

    Spaces (no-break ones included), dots and hyphens are dropped. Without a ``"/"``, the
    length then tells the three apart with no ambiguity: an idNat_PS without ``"/"`` is ``"0"``
    and an ADELI number (10 characters) or ``"8"`` and an RPPS number (12), so 11 characters
    can only be a bare RPPS number (``"8"`` is put in front) and 9 only a bare ADELI number
    (``"0"`` is put in front, letters upper-cased). Anything else is read as an idNat_PS, as
    :func:`validate` reads it (whose internal id after ``"/"`` keeps its dots and hyphens).
    Raises :class:`~carecircle.InvalidValueError` like the module that reads it.

    >>> canonical("2a 10 1234 5")
    '02A1012345'
    >>> canonical("3750712184/SERVICE-12")
    '3750712184/SERVICE-12'
    """
    text = _characters.check(value, path=path, what="an idNat_PS, RPPS or ADELI number")
    if "/" in text:
        return validate(text, path=path)
    bare = _common.strip_separators(text)
    if len(bare) == 11:
        return "8" + _rpps.validate(bare, path=path)
    if len(bare) == 9:
        return "0" + adeli.validate(bare, path=path)
    if len(bare) not in (10, 12):
        raise _common.error(_common.LENGTH, path, _LENGTHS)
    return validate(bare, path=path)


def from_rpps(value: str, *, path: str = "rpps") -> str:
    """The idNat_PS of an RPPS number: ``"8"`` and the number."""
    return "8" + _rpps.validate(value, path=path)


def from_adeli(value: str, *, path: str = "adeli") -> str:
    """The idNat_PS of an ADELI number: ``"0"`` and the number."""
    return "0" + adeli.validate(value, path=path)
