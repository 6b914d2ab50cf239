"""Strategies of codes from the ANS nomenclatures and the role catalogue: only open codes a
member of the kind drawn may carry.
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

from carecircle._model import MemberKind
from carecircle.nomenclatures import Code, code_system, lookup
from carecircle.nomenclatures import professions as _profession_codes
from carecircle.nomenclatures import protection as _protection
from carecircle.roles import DEFAULT_ROLES, RoleCatalog

__all__ = [
    "allowed_roles",
    "categories",
    "open_codes",
    "professions",
    "protection_measures",
    "relationships",
    "roles",
]


def _sorted_codes(codes: Sequence[Code]) -> tuple[Code, ...]:
    return tuple(sorted(set(codes)))


def open_codes(system: str) -> tuple[Code, ...]:
    """The open codes of the code system ``system`` (``"TRE_R66"``…), in its order."""
    return tuple(c.key for c in code_system(system).open_concepts())


def professions(*, include_closed: bool = False) -> st.SearchStrategy[Code]:
    """Profession codes (*professions*, TRE_G15/R94/R95/R291); closed ones if ``include_closed``."""
    return st.sampled_from(_profession_codes.all_professions(include_closed=include_closed))


def relationships() -> st.SearchStrategy[Code]:
    """Open kinship codes (*liens avec le patient*, TRE_R216): a protection measure is not a
    relationship (see :func:`protection_measures`).
    """
    return st.sampled_from(open_codes("TRE_R216"))


def protection_measures() -> st.SearchStrategy[Code]:
    """Open legal protection measures (*mesures de protection*, TRE_R217 and the local ones)."""
    return st.sampled_from(_protection.all_measures())


def categories() -> st.SearchStrategy[Code]:
    """Open establishment categories (*catégories d'établissement*, TRE_R66)."""
    return st.sampled_from(open_codes("TRE_R66"))


def allowed_roles(
    kind: MemberKind, profession: Code | None, catalog: RoleCatalog
) -> tuple[Code, ...]:
    """The open roles of ``catalog`` a member of ``kind`` and ``profession`` may hold, sorted."""
    found = []
    for code, role in catalog.items():
        concept = lookup(code)
        if kind not in role.kinds or (concept is not None and concept.closed):
            continue
        if role.profession is not None and profession not in (None, role.profession):
            continue
        found.append(code)
    return _sorted_codes(found)


def roles(
    *,
    kind: MemberKind | None = None,
    profession: Code | None = None,
    catalog: RoleCatalog = DEFAULT_ROLES,
) -> st.SearchStrategy[Code]:
    """Open role codes (*rôles*) of ``catalog`` a member of ``kind`` and ``profession`` may hold.

    Uniqueness (R7) depends on the circle, so unique roles are generated too.
    """
    kinds = list(MemberKind) if kind is None else [kind]
    codes = _sorted_codes([c for k in kinds for c in allowed_roles(k, profession, catalog)])
    return st.sampled_from(codes)
