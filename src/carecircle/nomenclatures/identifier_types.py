"""Identifier types (*types d'identifiant*): TRE_G07 for structures, TRE_G08 for persons.

The code is also the one-character (or two-digit) prefix of national identifiers: an
IDNat_PS is ``8`` followed by the RPPS number, ``0`` followed by the ADELI number; an
IDNat_Struct is ``1`` followed by the FINESS number, ``3`` followed by the SIRET. Closed
types (G07 5 and 6, G08 2 and 9) have no constant.

>>> from carecircle.nomenclatures import label
>>> PERSON_RPPS.code, label(PERSON_RPPS), label(STRUCTURE_FINESS)
('8', 'N° RPPS', 'FINESS')
>>> is_person_identifier_type(PERSON_RPPS), is_structure_identifier_type(PERSON_RPPS)
(True, False)
"""

from __future__ import annotations

from typing import Final

from carecircle.nomenclatures import Code, code_system

__all__ = [
    "PERSON_ADELI",
    "PERSON_CABINET_ADELI",
    "PERSON_CABINET_RPPS",
    "PERSON_FINESS",
    "PERSON_MSSANTE",
    "PERSON_ROR",
    "PERSON_RPPS",
    "PERSON_SIREN",
    "PERSON_SIRET",
    "PERSON_SYSTEM",
    "STRUCTURE_CABINET_ADELI",
    "STRUCTURE_CABINET_RPPS",
    "STRUCTURE_FINESS",
    "STRUCTURE_NATIONAL",
    "STRUCTURE_ROR",
    "STRUCTURE_SIREN",
    "STRUCTURE_SIRET",
    "STRUCTURE_SYSTEM",
    "is_person_identifier_type",
    "is_structure_identifier_type",
]

_G07 = code_system("TRE_G07")
_G08 = code_system("TRE_G08")

#: Canonical URL of TRE_G07 (*type d'identifiant de structure*).
STRUCTURE_SYSTEM: Final[str] = _G07.url
#: Canonical URL of TRE_G08 (*type d'identifiant de personne*).
PERSON_SYSTEM: Final[str] = _G08.url

# TRE_G07, structures.
STRUCTURE_CABINET_ADELI: Final[Code] = _G07.code("0")
STRUCTURE_FINESS: Final[Code] = _G07.code("1")
STRUCTURE_SIREN: Final[Code] = _G07.code("2")
STRUCTURE_SIRET: Final[Code] = _G07.code("3")
STRUCTURE_CABINET_RPPS: Final[Code] = _G07.code("4")
STRUCTURE_NATIONAL: Final[Code] = _G07.code("40")  # identifiant national de structure
STRUCTURE_ROR: Final[Code] = _G07.code("41")  # identifiant interne connu par l'instance ROR

# TRE_G08, persons (professionals); 1 and 3 to 6 are "<structure id> / N° de registre".
PERSON_ADELI: Final[Code] = _G08.code("0")
PERSON_CABINET_ADELI: Final[Code] = _G08.code("1")
PERSON_FINESS: Final[Code] = _G08.code("3")
PERSON_SIREN: Final[Code] = _G08.code("4")
PERSON_SIRET: Final[Code] = _G08.code("5")
PERSON_CABINET_RPPS: Final[Code] = _G08.code("6")
PERSON_RPPS: Final[Code] = _G08.code("8")
PERSON_MSSANTE: Final[Code] = _G08.code("10")  # adresse MSSanté
PERSON_ROR: Final[Code] = _G08.code("30")  # situation opérationnelle connue par le ROR


def is_structure_identifier_type(code: Code) -> bool:
    """Whether ``code`` is a known TRE_G07 structure identifier type (closed included)."""
    return code in _G07


def is_person_identifier_type(code: Code) -> bool:
    """Whether ``code`` is a known TRE_G08 person identifier type (closed included)."""
    return code in _G08
