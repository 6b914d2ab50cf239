"""idNat_Struct (*identifiant national de structure*): a prefix and an identifier.

The prefix (ANS TRE_G07) says what follows: ``1`` a FINESS, ``2`` a SIREN, ``3`` a SIRET,
``0`` an ADELI cabinet id, ``4`` an RPPS cabinet id (the last two have no published structure
and are only checked for their characters). The inner number is checked by its own module.

>>> from_finess("750 712 184")
'1750712184'
>>> kind("373282932000074")
<Kind.SIRET: 'SIRET'>
>>> validate("2732829321")
Traceback (most recent call last):
    ...
carecircle.InvalidValueError: IDENTIFIER_CHECKSUM at idnat_struct: ...
"""

from __future__ import annotations

import re

from carecircle._errors import Advisory
from carecircle.identifiers import _characters, _common, finess, siren, siret
from carecircle.identifiers._common import Kind

__all__ = [
    "advisories",
    "canonical",
    "compact",
    "format",
    "from_finess",
    "from_siren",
    "from_siret",
    "is_valid",
    "kind",
    "prefix",
    "validate",
]

_STRUCTURE_ID = "a structure's directory id"
_DIRECTORY_CHARACTERS = re.compile(r"[0-9A-Za-z._/-]+")

_ID = _common.NationalId(
    what="an idNat_Struct",
    schemes={
        "0": _common.Scheme(Kind.ADELI_CABINET, _common.OPAQUE),
        "1": _common.Scheme(Kind.FINESS, finess),
        "2": _common.Scheme(Kind.SIREN, siren),
        "3": _common.Scheme(Kind.SIRET, siret),
        "4": _common.Scheme(Kind.RPPS_CABINET, _common.OPAQUE),
    },
)


def compact(value: str) -> str:
    """Drop whitespace; compact the inner number as its own module does."""
    return _ID.compact(_characters.text(value, path="idnat_struct"))


def validate(value: str, *, path: str = "idnat_struct") -> str:
    """Return the compact idNat_Struct, or raise :class:`~carecircle.InvalidValueError`."""
    return _ID.parse(value, path=path)[1]


def is_valid(value: object) -> bool:
    """Whether :func:`validate` accepts ``value``; ``False`` for a non-``str``; never raises."""
    return _common.is_valid_with(validate, value)


def format(value: str) -> str:  # noqa: A001 -- the python-stdnum name
    """The display form: the compact idNat_Struct, as the ANS prints it."""
    return validate(value)


def advisories(value: str, *, path: str = "idnat_struct") -> tuple[Advisory, ...]:
    """The inner number's advisories (a FINESS Luhn key); raises like :func:`validate`."""
    return _ID.advisories(value, path=path)


def prefix(value: str, *, path: str = "idnat_struct") -> str:
    """The one-digit prefix of a valid idNat_Struct."""
    return validate(value, path=path)[0]


def kind(value: str, *, path: str = "idnat_struct") -> Kind:
    """What the prefix of a valid idNat_Struct says follows it."""
    return _ID.parse(value, path=path)[0].kind


def canonical(value: str, *, path: str = "idnat_struct") -> str:
    """The canonical form of a structure's directory id: whitespace dropped, upper-case.

    A directory id is not always an idNat_Struct (regional directories issue their own, such
    as ``"S5"``), so only its characters are checked: ASCII letters, digits, ``.``, ``_``,
    ``/`` and ``-``, which are kept (``"S-1"`` and ``"S1"`` may be two structures). Every
    whitespace (no-break spaces included) is dropped and letters are upper-cased, so an
    idNat_Struct typed with spaces or a lower-case Corsican ``2a`` meets the compact form. An
    id that is a valid idNat_Struct once its dots and hyphens are dropped too is one: it gets
    :func:`validate`'s compact form, however it was grouped (``"1.750.712.184"``).
    Raises :class:`~carecircle.InvalidValueError`: ``IDENTIFIER_LENGTH`` when nothing
    is left, ``IDENTIFIER_FORMAT`` for any other character, ``WRONG_TYPE`` for a non-``str``.

    >>> canonical("1 2a 000 001 7"), canonical("s5"), canonical("Association 1")
    ('12A0000017', 'S5', 'ASSOCIATION1')
    >>> canonical("1.750.712.184"), canonical("1-750-712-184"), canonical("S-1")
    ('1750712184', '1750712184', 'S-1')
    """
    text = _characters.check(value, path=path, what=_STRUCTURE_ID)
    compact_id = "".join(text.split())
    if not compact_id:
        raise _common.error(_common.LENGTH, path, f"{_STRUCTURE_ID} is not empty")
    if _DIRECTORY_CHARACTERS.fullmatch(compact_id) is None:
        raise _common.error(
            _common.FORMAT, path, f"{_STRUCTURE_ID} has ASCII letters, digits, '.', '_', '/', '-'"
        )
    if is_valid(compact_id):
        compact_id = validate(compact_id, path=path)
    return compact_id.upper()


def from_finess(value: str, *, path: str = "finess") -> str:
    """The idNat_Struct of a FINESS number: ``"1"`` and the number."""
    return "1" + finess.validate(value, path=path)


def from_siren(value: str, *, path: str = "siren") -> str:
    """The idNat_Struct of a SIREN number: ``"2"`` and the number."""
    return "2" + siren.validate(value, path=path)


def from_siret(value: str, *, path: str = "siret") -> str:
    """The idNat_Struct of a SIRET number: ``"3"`` and the number."""
    return "3" + siret.validate(value, path=path)
