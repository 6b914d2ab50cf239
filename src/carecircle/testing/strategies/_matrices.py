"""Strategies of habilitation matrices (*matrices d'habilitation*)."""

from __future__ import annotations

from hypothesis import strategies as st

from carecircle._access.matrix import STANDARD_CATEGORIES, HabilitationMatrix, Level
from carecircle.nomenclatures import Code
from carecircle.testing.strategies import _codes as codes

__all__ = ["matrices"]


def matrices(
    *,
    professions: st.SearchStrategy[Code] | None = None,
    extra_categories: st.SearchStrategy[str] | None = None,
    max_professions: int = 12,
) -> st.SearchStrategy[HabilitationMatrix]:
    """Habilitation matrices (*matrices d'habilitation*): the four standard categories plus
    a few a service could declare, and rows of random levels for some professions.
    """
    jobs = professions if professions is not None else codes.professions()
    extras = (
        extra_categories
        if extra_categories is not None
        else st.sampled_from(("nutrition", "education", "legal"))
    )

    @st.composite
    def build(draw: st.DrawFn) -> HabilitationMatrix:
        declared = (*STANDARD_CATEGORIES, *draw(st.lists(extras, max_size=2, unique=True)))
        rows = draw(
            st.dictionaries(
                jobs,
                st.dictionaries(st.sampled_from(declared), st.sampled_from(list(Level))),
                max_size=max_professions,
            )
        )
        return HabilitationMatrix(categories=tuple(dict.fromkeys(declared)), grants=rows)

    return build()
