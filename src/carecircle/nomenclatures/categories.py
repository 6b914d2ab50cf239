"""Establishment categories (*catégories d'établissement* FINESS): TRE_R66.

Almost half of the 298 categories are closed. The constants name the live ones a care
circle meets most: hospitals, nursing homes, home care services and coordination bodies.

>>> from carecircle.nomenclatures import label
>>> label(EHPAD)
"Etablissement d'hébergement pour personnes âgées dépendantes"
>>> label(DAC), is_category(SSIAD)
("Dispositif d'appui à la coordination (DAC)", True)
"""

from __future__ import annotations

from typing import Final

from carecircle.nomenclatures import Code, code_system

__all__ = [
    "CENTRE_DE_SANTE",
    "CENTRE_HOSPITALIER",
    "CENTRE_HOSPITALIER_REGIONAL",
    "CPTS",
    "DAC",
    "EHPAD",
    "MAISON_DE_SANTE",
    "MDPH",
    "SAAD",
    "SPASAD",
    "SSIAD",
    "SYSTEM",
    "is_category",
]

_R66 = code_system("TRE_R66")

#: Canonical URL of TRE_R66.
SYSTEM: Final[str] = _R66.url

CENTRE_HOSPITALIER_REGIONAL: Final[Code] = _R66.code("101")  # C.H.R.
CENTRE_HOSPITALIER: Final[Code] = _R66.code("355")  # C.H.
CENTRE_DE_SANTE: Final[Code] = _R66.code("124")
EHPAD: Final[Code] = _R66.code("500")
SSIAD: Final[Code] = _R66.code("354")  # service de soins infirmiers à domicile
SPASAD: Final[Code] = _R66.code("209")  # service polyvalent d'aide et de soins à domicile
SAAD: Final[Code] = _R66.code("460")  # service d'aide et d'accompagnement à domicile
MAISON_DE_SANTE: Final[Code] = _R66.code("603")  # L.6223-3
CPTS: Final[Code] = _R66.code("604")  # communauté professionnelle territoriale de santé
DAC: Final[Code] = _R66.code("606")  # dispositif d'appui à la coordination
MDPH: Final[Code] = _R66.code("609")  # maison départementale pour personnes handicapées


def is_category(code: Code) -> bool:
    """Whether ``code`` is a known TRE_R66 category (closed categories included)."""
    return code in _R66
