"""Role codes (*codes de rôle*) of members towards the patient: TRE_R259, TRE_R260, TRE_R85.

TRE_R259 (*rôles fonctionnels HL7*) holds the professional functions, among them ``PCP``,
the *médecin traitant*; TRE_R260 (*HL7 RoleClass*) the roles of contact persons, such as
``QUAL`` (*personne de confiance*), ``GUARD`` (*représentant légal*) and ``CAREGIVER``
(*aidant*); TRE_R85 (*rôle dans la prise en charge*) further roles of professionals.
HL7 codes are named by their code. Only codes live here: which roles a care circle accepts,
and which are unique, is decided by :mod:`carecircle.roles`.

TRE_R85 is the 2023-07-18 release (IG-terminologie-de-sante): :data:`MEMBRE_EQUIPE_SOINS`
(353) is open there, though the older IG-NOS build shows it closed.

>>> from carecircle.nomenclatures import label, is_closed
>>> label(PCP), label(QUAL), label(CAREGIVER)
('Médecin traitant', 'Personne de confiance', 'Aidant')
>>> is_closed(MEMBRE_EQUIPE_SOINS), is_closed(COORDONNATEUR_PARCOURS)
(False, True)
"""

from __future__ import annotations

from typing import Final

from carecircle.nomenclatures import Code, code_system

__all__ = [
    "ADMPHYS",
    "AGNT",
    "ATTPHYS",
    "CAREGIVER",
    "CON",
    "CONTACT_ROLE_SYSTEM",
    "COORDONNATEUR_PARCOURS",
    "DISPHYS",
    "ECON",
    "FUNCTION_SYSTEM",
    "GUARD",
    "MEMBRE_EQUIPE_SOINS",
    "PAT",
    "PCP",
    "POLHOLD",
    "PROV",
    "QUAL",
    "ROLE_PRISE_CHARGE_SYSTEM",
    "SYSTEMS",
    "is_role_code",
]

_R259 = code_system("TRE_R259")
_R260 = code_system("TRE_R260")
_R85 = code_system("TRE_R85")

#: Canonical URL of TRE_R259 (*rôles fonctionnels HL7*, HL7 ParticipationFunction).
FUNCTION_SYSTEM: Final[str] = _R259.url
#: Canonical URL of TRE_R260 (*HL7 RoleClass*, roles of contact persons).
CONTACT_ROLE_SYSTEM: Final[str] = _R260.url
#: Canonical URL of TRE_R85 (*rôle dans la prise en charge*).
ROLE_PRISE_CHARGE_SYSTEM: Final[str] = _R85.url
#: The three role systems.
SYSTEMS: Final[frozenset[str]] = frozenset(
    {FUNCTION_SYSTEM, CONTACT_ROLE_SYSTEM, ROLE_PRISE_CHARGE_SYSTEM}
)

# TRE_R259, functions of professionals.
PCP: Final[Code] = _R259.code("PCP")  # médecin traitant
ADMPHYS: Final[Code] = _R259.code("ADMPHYS")  # responsable de l'admission
ATTPHYS: Final[Code] = _R259.code("ATTPHYS")  # référent, responsable dans la structure
DISPHYS: Final[Code] = _R259.code("DISPHYS")  # responsable de la sortie

# TRE_R260, roles of contact persons.
GUARD: Final[Code] = _R260.code("GUARD")  # responsable (représentant) légal
QUAL: Final[Code] = _R260.code("QUAL")  # personne de confiance
CAREGIVER: Final[Code] = _R260.code("CAREGIVER")  # aidant
ECON: Final[Code] = _R260.code("ECON")  # à contacter en cas d'urgence
CON: Final[Code] = _R260.code("CON")  # informateur
POLHOLD: Final[Code] = _R260.code("POLHOLD")  # assuré ouvrant droit
PAT: Final[Code] = _R260.code("PAT")  # patient
PROV: Final[Code] = _R260.code("PROV")  # professionnel de santé
AGNT: Final[Code] = _R260.code("AGNT")  # professionnel caractérisé par son rôle

# TRE_R85, roles in the care of the patient.
MEMBRE_EQUIPE_SOINS: Final[Code] = _R85.code("353")  # open again in the 2023-07-18 release
COORDONNATEUR_PARCOURS: Final[Code] = _R85.code("330")  # closed on 2022-06-24


def is_role_code(code: Code) -> bool:
    """Whether ``code`` is a known code of TRE_R259, TRE_R260 or TRE_R85 (closed included)."""
    return any(code in system for system in (_R259, _R260, _R85))
