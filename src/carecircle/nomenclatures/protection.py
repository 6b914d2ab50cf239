"""Legal protection measures (*mesures de protection juridique*) a member exercises over the
patient: TRE_R217 and a small carecircle-local code system.

TRE_R217 (*protection juridique*) holds the tuteur, the curateur and the mandataire de
sauvegarde (*sauvegarde de justice*). It lacks two measures of the Code civil that a French
coordination service meets as often: the *habilitation familiale* (art. 494-1) and the *mandat
de protection future* (art. 477). carecircle names them in its own system,
:data:`LOCAL_PROTECTION_SYSTEM` (``urn:carecircle:protection``), until the ANS publishes codes.

A measure is a field of its own (``Membership.legal_protection``), distinct from kinship
(TRE_R216): a daughter who is also curatrice has both (issue 10 item 4).

>>> from carecircle.nomenclatures import relationships
>>> label(HABILITATION_FAMILIALE)
'Personne habilitée (habilitation familiale)'
>>> is_protection_measure(relationships.CURATEUR), is_protection_measure(relationships.FILLE)
(True, False)
>>> [str(c) for c in all_measures()]  # doctest: +NORMALIZE_WHITESPACE
['TRE_R217|TUTEUR', 'TRE_R217|CURATEUR', 'TRE_R217|MSVG',
 'urn:carecircle:protection|HABILITATION_FAMILIALE',
 'urn:carecircle:protection|MANDATAIRE_PROTECTION_FUTURE']
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from carecircle.nomenclatures import Code, Concept, code_system, lookup
from carecircle.nomenclatures import relationships as _relationships

__all__ = [
    "CURATEUR",
    "HABILITATION_FAMILIALE",
    "LOCAL_PROTECTION_SYSTEM",
    "MANDATAIRE_PROTECTION_FUTURE",
    "MANDATAIRE_SAUVEGARDE",
    "PROTECTION_SYSTEMS",
    "TUTEUR",
    "all_measures",
    "concept_of",
    "is_protection_measure",
    "label",
]

#: carecircle's own code system for the measures TRE_R217 lacks.
LOCAL_PROTECTION_SYSTEM: Final = "urn:carecircle:protection"
#: The systems a ``legal_protection`` may come from: TRE_R217 and the local one.
PROTECTION_SYSTEMS: Final[frozenset[str]] = frozenset(
    {_relationships.LEGAL_PROTECTION_SYSTEM, LOCAL_PROTECTION_SYSTEM}
)

TUTEUR: Final = _relationships.TUTEUR
CURATEUR: Final = _relationships.CURATEUR
MANDATAIRE_SAUVEGARDE: Final = _relationships.MANDATAIRE_SAUVEGARDE
#: *Habilitation familiale* (Code civil art. 494-1), which TRE_R217 lacks (carecircle's code).
HABILITATION_FAMILIALE: Final = Code(LOCAL_PROTECTION_SYSTEM, "HABILITATION_FAMILIALE")
#: *Mandat de protection future* (Code civil art. 477), which TRE_R217 lacks (carecircle's code).
MANDATAIRE_PROTECTION_FUTURE: Final = Code(LOCAL_PROTECTION_SYSTEM, "MANDATAIRE_PROTECTION_FUTURE")

_LOCAL: Final = MappingProxyType(
    {
        c.code: Concept(
            system=LOCAL_PROTECTION_SYSTEM,
            code=c.code,
            display=display,
            valid_from=None,
            closed_on=None,
        )
        for c, display in (
            (HABILITATION_FAMILIALE, "Personne habilitée (habilitation familiale)"),
            (MANDATAIRE_PROTECTION_FUTURE, "Mandataire (mandat de protection future)"),
        )
    }
)


def concept_of(code: Code) -> Concept | None:
    """What TRE_R217 or the local system says about ``code``; ``None`` for anything else."""
    if code.system == LOCAL_PROTECTION_SYSTEM:
        return _LOCAL.get(code.code)
    if code.system == _relationships.LEGAL_PROTECTION_SYSTEM:
        return lookup(code)
    return None


def is_protection_measure(code: object) -> bool:
    """Whether ``code`` is a known protection measure (closed ones included); never raises."""
    return isinstance(code, Code) and concept_of(code) is not None


def label(code: Code) -> str:
    """The French label of a known measure, else the bare code."""
    found = concept_of(code)
    return code.code if found is None else found.display


def all_measures() -> tuple[Code, ...]:
    """Every measure: TRE_R217 in NOS order, then the local ones."""
    r217 = code_system(_relationships.LEGAL_PROTECTION_SYSTEM)
    return (*(c.key for c in r217), *(c.key for c in _LOCAL.values()))
