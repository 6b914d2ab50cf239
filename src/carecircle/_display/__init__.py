"""Display (*affichage*): records, decisions, matrices, listings and changes for people, as HTML
for notebooks (``_repr_html_``) and as readable lines (``__str__``).

Jupyter shows a record, a decision, a matrix, a change, a who-can-access listing or an active
file as HTML by itself; printing it writes the same as text. Both are in French by default;
:func:`view`, :func:`record_view` and :func:`decision_view` take ``lang="en"`` for English.
Codes stay next to the words (``actif (active)``, ``Médecin (TRE_G15|10)``).

What the output never holds (R12): a contact detail (phone, e-mail, postal address) of anyone,
listed or unlisted, an INS number, a free text (descriptions, reasons typed by hand: they may
hold phone numbers). Every text is HTML-escaped; the HTML is well-formed, styled inline, with
no script; nothing of Jupyter is imported (the output is plain strings).

A record's own ``_repr_html_`` shows what each member may do at the record's latest change
under :data:`~carecircle.EXAMPLE_MATRIX` (the library has no clock, and no matrix of its own)
and says so; :func:`record_view` picks the instant and the matrix.

>>> import carecircle as cc
>>> from carecircle.testing.builders import EPOCH, new_record
>>> record, creator = new_record()
>>> print(record)
Dossier de coordination DC-1 — MARTIN Louise
Statut : actif (active)
Version : 1, mis à jour le 2026-11-02 09:00 UTC, créé le 2026-11-02 09:00 UTC par pass:1
Membres du cercle de soins : 1
  M1  DURAND Prénom1 — Professionnel de l'annuaire
      Profession / catégorie : Médecin (TRE_G15|10)
      Habilitation : oui
      Participations : depuis le 2026-11-02 09:00 UTC
      Accès : ouvre le dossier
      Droits par catégorie : administratif : écriture; social : écriture; médical : écriture; ...
  Droits au 2026-11-02 09:00 UTC selon la matrice d'exemple (cc.EXAMPLE_MATRIX). L'instant ...
Sans coordonnées ni textes libres (R12).
>>> html = record._repr_html_()
>>> html[:12], html.count("<table"), html.endswith("</div>")
('<div style="', 1, True)
>>> decision = cc.decide(record, cc.Principal(account="pass:9"), "medical", "read",
...     matrix=cc.EXAMPLE_MATRIX, at=EPOCH)
>>> print(view(decision, lang="en"))
Access denied
Reasons:
  - The professional is not a member of the care circle (NOT_A_MEMBER)
  - ...
"""

from __future__ import annotations

import datetime as dt

import attrs

from carecircle._access.decision import Decision
from carecircle._access.effective import check_matrix, check_record
from carecircle._access.example_matrix import EXAMPLE_MATRIX
from carecircle._access.listings import AccessList, ActiveFile
from carecircle._access.matrix import HabilitationMatrix
from carecircle._display._doc import Doc, to_html, to_text
from carecircle._display._words import Lang, check_lang
from carecircle._display.change import change_doc
from carecircle._display.decision import decision_doc
from carecircle._display.listings import access_list_doc, active_file_doc
from carecircle._display.matrix import matrix_doc
from carecircle._display.record import record_doc
from carecircle._errors import wrong_type
from carecircle._model.record import CoordinationRecord
from carecircle._operations._change import Change
from carecircle.instants import utc
from carecircle.professions import ProfessionCatalog
from carecircle.roles import DEFAULT_ROLES, RoleCatalog

__all__ = ["Display", "decision_view", "html_of", "record_view", "text_of", "view"]


@attrs.frozen(repr=False)
class Display:
    """A rendering for people (*affichage*): ``_repr_html_`` for notebooks, ``str`` for print.

    Jupyter shows it as HTML when it is a cell's value; ``print`` writes its text. Its ``repr``
    is its title.
    """

    html: str
    text: str

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Display({self.text.partition(chr(10))[0]!r})"


def _shown(doc: Doc) -> Display:
    return Display(html=to_html(doc), text=to_text(doc))


def record_view(
    record: CoordinationRecord,
    *,
    at: dt.datetime,
    matrix: HabilitationMatrix = EXAMPLE_MATRIX,
    lang: Lang = "fr",
    roles: RoleCatalog = DEFAULT_ROLES,
    professions: ProfessionCatalog | None = None,
) -> Display:
    """The record at ``at`` under ``matrix``: its header, and a table of its members (kind,
    name, roles, profession, habilitation, refusals, stays, the level on each of the matrix's
    categories, and why nothing opens when nothing does).

    ``roles`` and ``professions`` name the codes (the matrix's catalogue by default).
    """
    record, matrix, at = check_record(record), check_matrix(matrix), utc(at)
    if not isinstance(roles, RoleCatalog):
        raise wrong_type("roles", "a RoleCatalog")
    if professions is None:
        professions = matrix.profession_catalog
    elif not isinstance(professions, ProfessionCatalog):
        raise wrong_type("professions", "a ProfessionCatalog")
    doc = record_doc(
        record,
        at=at,
        matrix=matrix,
        note=False,
        lang=check_lang(lang),
        roles=roles,
        professions=professions,
    )
    return _shown(doc)


def decision_view(
    decision: Decision, *, record: CoordinationRecord | None = None, lang: Lang = "fr"
) -> Display:
    """The decision: allowed with its paths, or denied with its reasons in words and the
    refusals that denied. With the ``record`` it was made on, members are named and each
    refusal says what it covers, who expressed it and when.
    """
    if not isinstance(decision, Decision):
        raise wrong_type("decision", "a Decision")
    if record is not None:
        check_record(record)
    return _shown(decision_doc(decision, record=record, lang=check_lang(lang)))


def _doc(value: object, lang: Lang) -> Doc:
    if isinstance(value, CoordinationRecord):
        catalog = EXAMPLE_MATRIX.profession_catalog
        return record_doc(
            value,
            at=value.updated_at,
            matrix=EXAMPLE_MATRIX,
            note=True,
            lang=lang,
            roles=DEFAULT_ROLES,
            professions=catalog,
        )
    if isinstance(value, Decision):
        return decision_doc(value, record=None, lang=lang)
    if isinstance(value, HabilitationMatrix):
        return matrix_doc(value, lang=lang)
    if isinstance(value, Change):
        return change_doc(value, lang=lang)
    if isinstance(value, AccessList):
        return access_list_doc(value, record=value.record, at=value.at, lang=lang)
    if isinstance(value, ActiveFile):
        return active_file_doc(
            [e.permissions for e in value],
            principal=value.principal,
            records=value.records,
            at=value.at,
            lang=lang,
        )
    raise wrong_type("value", "a record, decision, matrix, change, access listing or active file")


def view(value: object, *, lang: Lang = "fr") -> Display:
    """What ``_repr_html_`` and ``str`` show for ``value`` (a record, decision, matrix, change,
    who-can-access listing or active file), in ``lang``.
    """
    return _shown(_doc(value, check_lang(lang)))


def html_of(value: object) -> str:
    """The HTML the hooks (``_repr_html_``) return: :func:`view` in French."""
    return to_html(_doc(value, "fr"))


def text_of(value: object) -> str:
    """The text the hooks (``__str__``) return: :func:`view` in French."""
    return to_text(_doc(value, "fr"))
