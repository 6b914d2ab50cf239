"""INS (*Identifiant national de santé*): the NIR or NIA of a patient, 15 characters.

Thirteen characters (digits, with ``2A``/``2B`` as the Corsican département of birth) and a
2-digit key, ``97 - (number mod 97)`` where ``2A`` counts as ``19`` and ``2B`` as ``18``.
Checked with :mod:`stdnum.fr.nir`; a wrong key is a hard error (``IDENTIFIER_CHECKSUM``).

The number is sensitive (R12): no message and no ``repr`` ever shows it. :class:`Ins` pairs
it with the OID that says which register issued it.

>>> validate("2 95 10 99 126 111 93")
'295109912611193'
>>> format("295109912611193")
'2 95 10 99 126 111 93'
>>> ins = Ins(value="2 95 10 99 126 111 93", oid=NIR_OID)
>>> ins
Ins(oid='1.2.250.1.213.1.4.8', value=<redacted>)
>>> ins.value, ins.system, ins.is_nir
('295109912611193', 'urn:oid:1.2.250.1.213.1.4.8', True)
>>> validate("295109912611199")
Traceback (most recent call last):
    ...
carecircle.InvalidValueError: IDENTIFIER_CHECKSUM at ins: ...
"""

from __future__ import annotations

from typing import Any

import attrs

from carecircle._errors import Advisory
from carecircle.identifiers import _characters, _common, _numbers

__all__ = [
    "DEMO_OID",
    "NIA_OID",
    "NIR_OID",
    "OIDS",
    "TEST_OID",
    "Ins",
    "advisories",
    "compact",
    "format",
    "is_valid",
    "validate",
]

#: OID of an INS that is a NIR (*numéro d'inscription au répertoire*).
NIR_OID = "1.2.250.1.213.1.4.8"
#: OID of an INS that is a NIA (*numéro identifiant d'attente*).
NIA_OID = "1.2.250.1.213.1.4.9"
#: OID of a test INS.
TEST_OID = "1.2.250.1.213.1.4.10"
#: OID of a demonstration INS.
DEMO_OID = "1.2.250.1.213.1.4.11"
#: Every OID an :class:`Ins` may carry.
OIDS = frozenset({NIR_OID, NIA_OID, TEST_OID, DEMO_OID})

_NUMBER = _numbers.StdnumNumber(
    "fr.nir",
    what="an INS number",
    path="ins",
    shape="15 characters: 13 digits (2A/2B allowed) and a 2-digit key",
    upper=True,
)


def compact(value: str) -> str:
    """Drop spaces, dots and hyphens; upper-case ``2a``/``2b``."""
    return _NUMBER.compact(value)


def validate(value: str, *, path: str = "ins") -> str:
    """Return the 15 characters, or raise :class:`~carecircle.InvalidValueError`."""
    return _NUMBER.validate(value, path=path)


def is_valid(value: object) -> bool:
    """Whether :func:`validate` accepts ``value``; ``False`` for a non-``str``; never raises."""
    return _common.is_valid_with(validate, value)


def format(value: str) -> str:  # noqa: A001 -- the python-stdnum name
    """The display form, ``"2 95 10 99 126 111 93"``; raises like :func:`validate`."""
    return _NUMBER.format(value)


def advisories(value: str, *, path: str = "ins") -> tuple[Advisory, ...]:
    """Always empty: every INS problem is an error; raises like :func:`validate`."""
    return _NUMBER.advisories(value, path=path)


def _value(value: str) -> str:
    # Checked in the converter, before anything is dropped: a tab or a zero-width space in
    # the number must be refused, not compacted away.
    return validate(value, path="ins.value")


def _check_oid(_instance: Any, _attribute: Any, oid: str) -> None:
    if _characters.text(oid, path="ins.oid") not in OIDS:
        raise _common.error(
            _common.COMPONENT, "ins.oid", "an INS OID is the NIR, NIA, test or demo OID"
        )


@attrs.frozen(kw_only=True, repr=False)
class Ins:
    """An INS with the OID of its register; ``value`` is kept compact.

    Its ``repr`` hides the number (R12); only the ``value`` attribute holds it.

    >>> Ins(value="295109912611193", oid="1.2.3")
    Traceback (most recent call last):
        ...
    carecircle.InvalidValueError: IDENTIFIER_COMPONENT at ins.oid: ...
    """

    value: str = attrs.field(converter=_value)
    oid: str = attrs.field(validator=_check_oid)

    @property
    def is_nir(self) -> bool:
        """Whether the number is a NIR."""
        return self.oid == NIR_OID

    @property
    def is_nia(self) -> bool:
        """Whether the number is a NIA (a provisional number)."""
        return self.oid == NIA_OID

    @property
    def is_test(self) -> bool:
        """Whether this is a test INS."""
        return self.oid == TEST_OID

    @property
    def is_demo(self) -> bool:
        """Whether this is a demonstration INS."""
        return self.oid == DEMO_OID

    @property
    def system(self) -> str:
        """The FHIR identifier system, ``"urn:oid:"`` and the OID."""
        return f"urn:oid:{self.oid}"

    def __repr__(self) -> str:
        return f"Ins(oid={self.oid!r}, value=<redacted>)"
