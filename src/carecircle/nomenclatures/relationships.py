"""Relationships (*liens*) of a related person to the patient: TRE_R216 and TRE_R217.

TRE_R216 (*HL7 RoleCode*) names family and other ties (*lien de parenté*): mère, fils,
voisin, autre proche; TRE_R217 (*protection juridique*) names the legal protection a person
exercises over the patient: tuteur, curateur, mandataire de sauvegarde. R216 ``COUSIN`` is
closed; use :data:`COUSIN` (``COUSN``), which has the same label.

A related person's ``relationship`` is kinship only (TRE_R216, :data:`KINSHIP_SYSTEMS`): a
protection measure goes in ``Membership.legal_protection`` (see
:mod:`carecircle.nomenclatures.protection`, issue 10 item 4). The TRE_R217 constants stay here,
since old data carries them as relationships.

>>> from carecircle.nomenclatures import label
>>> label(FILLE), label(CONJOINT), label(MANDATAIRE_SAUVEGARDE)
('Fille', 'Conjoint', 'Mandataire de sauvegarde')
>>> is_relationship(TUTEUR), is_legal_protection(TUTEUR), is_legal_protection(FILLE)
(True, True, False)
"""

from __future__ import annotations

from typing import Final

from carecircle.nomenclatures import Code, code_system, lookup

__all__ = [
    "AUTRE_MEMBRE_FAMILLE",
    "AUTRE_PROCHE",
    "BEAU_FRERE",
    "BELLE_SOEUR",
    "CONJOINT",
    "COUSIN",
    "CURATEUR",
    "ENFANT",
    "EPOUSE",
    "EPOUX",
    "FAMILY_SYSTEM",
    "FILLE",
    "FILS",
    "FRERE",
    "GRAND_MERE",
    "GRAND_PERE",
    "KINSHIP_SYSTEMS",
    "LEGAL_PROTECTION_SYSTEM",
    "MANDATAIRE_SAUVEGARDE",
    "MERE",
    "NEVEU",
    "NIECE",
    "PARTENAIRE",
    "PERE",
    "PETITE_FILLE",
    "PETIT_FILS",
    "RESPONSABLE_LEGAL",
    "SOEUR",
    "SYSTEMS",
    "TUTEUR",
    "VOISIN",
    "is_kinship",
    "is_legal_protection",
    "is_relationship",
]

_R216 = code_system("TRE_R216")
_R217 = code_system("TRE_R217")

#: Canonical URL of TRE_R216 (*HL7 RoleCode*, family and other ties).
FAMILY_SYSTEM: Final[str] = _R216.url
#: Canonical URL of TRE_R217 (*protection juridique*).
LEGAL_PROTECTION_SYSTEM: Final[str] = _R217.url
#: Both relationship systems (old data carries TRE_R217 codes as relationships).
SYSTEMS: Final[frozenset[str]] = frozenset({FAMILY_SYSTEM, LEGAL_PROTECTION_SYSTEM})
#: The systems a related person's ``relationship`` may come from now: kinship, TRE_R216.
KINSHIP_SYSTEMS: Final[frozenset[str]] = frozenset({FAMILY_SYSTEM})

# TRE_R216, family.
MERE: Final[Code] = _R216.code("MTH")
PERE: Final[Code] = _R216.code("FTH")
FILLE: Final[Code] = _R216.code("DAUC")
FILS: Final[Code] = _R216.code("SONC")
ENFANT: Final[Code] = _R216.code("CHILD")
EPOUX: Final[Code] = _R216.code("HUSB")
EPOUSE: Final[Code] = _R216.code("WIFE")
CONJOINT: Final[Code] = _R216.code("SIGOTHR")
PARTENAIRE: Final[Code] = _R216.code("DOMPART")  # concubin(e) ou partenaire PACS
FRERE: Final[Code] = _R216.code("BRO")
SOEUR: Final[Code] = _R216.code("SIS")
BEAU_FRERE: Final[Code] = _R216.code("BROINLAW")
BELLE_SOEUR: Final[Code] = _R216.code("SISINLAW")
GRAND_MERE: Final[Code] = _R216.code("GRMTH")
GRAND_PERE: Final[Code] = _R216.code("GRFTH")
PETITE_FILLE: Final[Code] = _R216.code("GRNDDAU")
PETIT_FILS: Final[Code] = _R216.code("GRNDSO")
NEVEU: Final[Code] = _R216.code("NEPHEW")
NIECE: Final[Code] = _R216.code("NIECE")
COUSIN: Final[Code] = _R216.code("COUSN")  # not COUSIN, which is closed
AUTRE_MEMBRE_FAMILLE: Final[Code] = _R216.code("FAMMEMB")

# TRE_R216, outside the family.
VOISIN: Final[Code] = _R216.code("NBOR")
AUTRE_PROCHE: Final[Code] = _R216.code("FRND")
RESPONSABLE_LEGAL: Final[Code] = _R216.code("RESPRSN")  # non membre de la famille

# TRE_R217, legal protection.
TUTEUR: Final[Code] = _R217.code("TUTEUR")
CURATEUR: Final[Code] = _R217.code("CURATEUR")
MANDATAIRE_SAUVEGARDE: Final[Code] = _R217.code("MSVG")


def is_relationship(code: Code) -> bool:
    """Whether ``code`` is a known code of TRE_R216 or TRE_R217 (closed codes included)."""
    return code.system in SYSTEMS and lookup(code) is not None


def is_kinship(code: Code) -> bool:
    """Whether ``code`` is a known code of TRE_R216 (closed codes included)."""
    return code in _R216


def is_legal_protection(code: Code) -> bool:
    """Whether ``code`` is a known legal protection (TRE_R217): tuteur, curateur, mandataire."""
    return code in _R217
