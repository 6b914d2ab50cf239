"""Professions (*professions*) of professionals: TRE_G15, TRE_R94, TRE_R95 and TRE_R291.

Health professions of the public health code live in TRE_G15 (*professions de santé*), social
work ones in TRE_R94 (*professions du social*), protected titles such as ostéopathe or
psychologue in TRE_R95 (*usagers de titre professionnel*), and TRE_R291 holds the one
*acteur caractérisé par son rôle*. Several were renumbered in 2020 (R94 200-213 became 41-53,
R95 171-194 became 71-97, R291 950 became 99): the old codes are closed but keep their label.
G15 93 *Psychologue* was created closed: the live code is R95 93, :data:`PSYCHOLOGUE`.

>>> from carecircle.nomenclatures import label, is_closed
>>> label(MEDECIN), label(PSYCHOLOGUE), is_closed(PSYCHOLOGUE)
('Médecin', 'Psychologue', False)
>>> is_profession(PSYCHOLOGUE), len(all_professions()), len(all_professions(include_closed=True))
(True, 47, 68)
"""

from __future__ import annotations

from typing import Final

from carecircle.nomenclatures import Code, code_system, lookup

__all__ = [
    "ACTEUR_ROLE",
    "AIDE_SOIGNANT",
    "ASSISTANT_SERVICE_SOCIAL",
    "AUXILIAIRE_VIE_SOCIALE",
    "CHIRURGIEN_DENTISTE",
    "CONSEILLER_ESF",
    "DIETETICIEN",
    "EDUCATEUR_SPECIALISE",
    "ERGOTHERAPEUTE",
    "INFIRMIER",
    "MASSEUR_KINESITHERAPEUTE",
    "MEDECIN",
    "ORTHOPHONISTE",
    "ORTHOPTISTE",
    "OSTEOPATHE",
    "PEDICURE_PODOLOGUE",
    "PHARMACIEN",
    "PSYCHOLOGUE",
    "PSYCHOMOTRICIEN",
    "SAGE_FEMME",
    "SYSTEMS",
    "all_professions",
    "is_profession",
]

_NAMES = ("TRE_G15", "TRE_R94", "TRE_R95", "TRE_R291")
_G15 = code_system("TRE_G15")
_R94 = code_system("TRE_R94")
_R95 = code_system("TRE_R95")
_R291 = code_system("TRE_R291")

#: Canonical URLs of the four profession code systems.
SYSTEMS: Final[frozenset[str]] = frozenset(code_system(name).url for name in _NAMES)

# TRE_G15, health professions of the public health code (CSP).
MEDECIN: Final[Code] = _G15.code("10")
PHARMACIEN: Final[Code] = _G15.code("21")
AIDE_SOIGNANT: Final[Code] = _G15.code("35")
CHIRURGIEN_DENTISTE: Final[Code] = _G15.code("40")
SAGE_FEMME: Final[Code] = _G15.code("50")
INFIRMIER: Final[Code] = _G15.code("60")
MASSEUR_KINESITHERAPEUTE: Final[Code] = _G15.code("70")
PEDICURE_PODOLOGUE: Final[Code] = _G15.code("80")
ORTHOPHONISTE: Final[Code] = _G15.code("91")
ORTHOPTISTE: Final[Code] = _G15.code("92")
ERGOTHERAPEUTE: Final[Code] = _G15.code("94")
DIETETICIEN: Final[Code] = _G15.code("95")
PSYCHOMOTRICIEN: Final[Code] = _G15.code("96")

# TRE_R94, social work professions (the live codes, not the closed 200-213).
ASSISTANT_SERVICE_SOCIAL: Final[Code] = _R94.code("41")
AUXILIAIRE_VIE_SOCIALE: Final[Code] = _R94.code("42")
CONSEILLER_ESF: Final[Code] = _R94.code("44")  # conseiller en économie sociale et familiale
EDUCATEUR_SPECIALISE: Final[Code] = _R94.code("51")

# TRE_R95, protected professional titles (the live codes, not the closed 171-194).
OSTEOPATHE: Final[Code] = _R95.code("71")
PSYCHOLOGUE: Final[Code] = _R95.code("93")  # not G15 93, which is closed

# TRE_R291, other (unregulated) professionals (99, not the closed 950).
ACTEUR_ROLE: Final[Code] = _R291.code("99")


def is_profession(code: Code) -> bool:
    """Whether ``code`` is a known code of a profession system (closed codes included).

    >>> from carecircle.nomenclatures import relationships
    >>> is_profession(INFIRMIER), is_profession(relationships.FILLE)
    (True, False)
    """
    return code.system in SYSTEMS and lookup(code) is not None


def all_professions(*, include_closed: bool = False) -> tuple[Code, ...]:
    """Every profession code, system by system (G15, R94, R95, R291) in NOS order.

    Closed codes are left out unless ``include_closed`` is true.
    """
    return tuple(
        c.key for name in _NAMES for c in code_system(name) if include_closed or not c.closed
    )
