"""A habilitation matrix for people (*affichage de la matrice*): profession × category grid."""

from __future__ import annotations

from carecircle._access.matrix import HabilitationMatrix, Level
from carecircle._display._doc import Cell, Doc, Table
from carecircle._display._words import Lang, category_words, level_words, profession_words
from carecircle.nomenclatures import Code
from carecircle.professions import ProfessionCatalog

__all__ = ["matrix_doc"]


def _cell(level: Level, lang: Lang) -> Cell:
    return Cell(level_words(level, lang), "muted" if level is Level.NONE else "")


def _closed(code: Code, catalog: ProfessionCatalog, lang: Lang) -> str:
    """``fermée le …`` for a profession its catalogue closes (old profiles still carry it)."""
    found = catalog.find(code)
    if found is None or found.closed_on is None:
        return ""
    return f"{'fermée le' if lang == 'fr' else 'closed'} {found.closed_on.isoformat()}"


def matrix_doc(matrix: HabilitationMatrix, *, lang: Lang) -> Doc:
    """Every listed profession (its label and code) against every declared category."""
    catalog = matrix.profession_catalog
    rows = tuple(
        (
            Cell(profession_words(p, catalog), note=_closed(p, catalog, lang)),
            *(_cell(matrix.level(p, c), lang) for c in matrix.categories),
        )
        for p in matrix.professions
    )
    fr = lang == "fr"
    head = ("Profession", *(category_words(c, lang) for c in matrix.categories))
    listed = len(rows)
    title = (
        f"Matrice d'habilitation — {listed} profession(s), {len(matrix.categories)} catégorie(s)"
        if fr
        else f"Habilitation matrix — {listed} profession(s), {len(matrix.categories)} category(ies)"
    )
    caption = (
        "Une profession absente de la matrice n'a accès à rien (R1)."
        if fr
        else "A profession the matrix does not list gets nothing (R1)."
    )
    empty = "aucune profession" if fr else "no profession"
    return Doc(title=title, blocks=(Table(head=head, rows=rows, caption=caption, empty=empty),))
