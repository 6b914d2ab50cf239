"""An *example* habilitation matrix (*exemple de matrice d'habilitation*), not SPICO's grid.

SPICO's own matrix is not public: services load theirs with
:meth:`~carecircle.HabilitationMatrix.from_mapping`. This example groups the
professions as article R1110-2 of the *Code de la santé publique* groups the professionals who
may share information about a patient — health professions (part four of the code),
social and medico-social professions, psychologists and psychotherapists, other protected
titles, and the administrative staff — and gives each group a plausible row. Every profession
code of TRE_G15, TRE_R94, TRE_R95 and TRE_R291 is listed, closed codes included (old profiles
carry them), each in the group of the profession it names.

>>> from carecircle.nomenclatures import professions
>>> {c: str(level) for c, level in EXAMPLE_MATRIX.row(professions.INFIRMIER).items()}
{'administrative': 'read', 'social': 'read', 'medical': 'write', 'psychological': 'read'}
>>> for group in EXAMPLE_GROUPS:
...     print(group.name)
Médecin
Health professions
Social and medico-social professions
Psychologists and psychotherapists
Other protected titles
Administrative staff
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import attrs

from carecircle._access.matrix import HabilitationMatrix, Level
from carecircle.nomenclatures import Code, label
from carecircle.nomenclatures import professions as p

__all__ = ["EXAMPLE_GROUPS", "EXAMPLE_MATRIX", "ExampleGroup", "example_matrix_data"]


@attrs.frozen(kw_only=True)
class ExampleGroup:
    """One group of professions of the example and the row each of them gets."""

    name: str
    row: Mapping[str, Level]
    professions: tuple[Code, ...]


_W, _R = Level.WRITE, Level.READ
_PSY_LABELS = frozenset({"Psychologue", "Psychothérapeute"})


def _groups() -> tuple[ExampleGroup, ...]:
    every = p.all_professions(include_closed=True)

    def of(system: str) -> list[Code]:
        return [c for c in every if c.system == system]

    g15, r94, r95, r291 = (
        p.MEDECIN.system,
        p.ASSISTANT_SERVICE_SOCIAL.system,
        p.PSYCHOLOGUE.system,
        p.ACTEUR_ROLE.system,
    )
    psy = [c for c in every if label(c) in _PSY_LABELS]
    health = [c for c in of(g15) if c != p.MEDECIN and c not in psy]
    titles = [c for c in of(r95) if c not in psy]
    return (
        ExampleGroup(
            name="Médecin",
            row={"administrative": _W, "social": _W, "medical": _W, "psychological": _W},
            professions=(p.MEDECIN,),
        ),
        ExampleGroup(
            name="Health professions",
            row={"administrative": _R, "social": _R, "medical": _W, "psychological": _R},
            professions=tuple(health),
        ),
        ExampleGroup(
            name="Social and medico-social professions",
            row={"administrative": _W, "social": _W, "psychological": _R},
            professions=tuple(of(r94)),
        ),
        ExampleGroup(
            name="Psychologists and psychotherapists",
            row={"administrative": _R, "social": _R, "psychological": _W},
            professions=tuple(psy),
        ),
        ExampleGroup(
            name="Other protected titles",
            row={"administrative": _R, "medical": _R},
            professions=tuple(titles),
        ),
        ExampleGroup(
            name="Administrative staff",
            row={"administrative": _W, "social": _R},
            professions=tuple(of(r291)),
        ),
    )


#: The example's groups, in the order of the table in ``docs/access.md``.
EXAMPLE_GROUPS: Final[tuple[ExampleGroup, ...]] = _groups()


def example_matrix_data() -> dict[str, object]:
    """The example as plain data, the shape a service keeps in TOML or JSON and edits."""
    return {
        "categories": ["administrative", "social", "medical", "psychological"],
        "grants": {
            str(code): {category: str(level) for category, level in group.row.items()}
            for group in EXAMPLE_GROUPS
            for code in group.professions
        },
    }


#: An example matrix built from :func:`example_matrix_data`: label it so wherever it is used.
EXAMPLE_MATRIX: Final[HabilitationMatrix] = HabilitationMatrix.from_mapping(example_matrix_data())
