"""Listings for people (*affichage des listes*): who can access a record, and a principal's
active file, with members' and patients' names next to the account ids.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from carecircle._access.listings import Permissions
from carecircle._access.matrix import Level
from carecircle._display._doc import Cell, Doc, Table
from carecircle._display._words import Lang, category_words, level_words, status_words, when
from carecircle._display.names import name_by_id, path_words
from carecircle._model.principal import Principal
from carecircle._model.record import CoordinationRecord

__all__ = ["access_list_doc", "active_file_doc", "principal_name"]


def principal_name(principal: Principal, records: Iterable[CoordinationRecord | None]) -> str:
    """The principal's name as a circle of ``records`` knows them (their PASS account or
    national id on a directory professional or an emergency access), else ``""``.
    """
    for record in records:
        for key in (principal.account, principal.national_id):
            found = None if key is None else name_by_id(record, key)
            if found is not None:
                return found
    return ""


def _categories(listed: Sequence[Permissions]) -> list[str]:
    return list(dict.fromkeys(c for p in listed for c in p.levels))


def _levels(p: Permissions, categories: Sequence[str], lang: Lang) -> list[Cell]:
    found = []
    for c in categories:
        level = p.levels.get(c, Level.NONE)
        found.append(Cell(level_words(level, lang), "muted" if level is Level.NONE else ""))
    return found


def access_list_doc(
    listed: Sequence[Permissions],
    *,
    record: CoordinationRecord | None,
    at: dt.datetime | None,
    lang: Lang,
) -> Doc:
    """Who can access the record (``record`` names them; without it, ids only)."""
    fr = lang == "fr"
    record_id = record.record_id if record is not None else (listed[0].record_id if listed else "")
    title = (
        f"Qui peut accéder au dossier {record_id}" if fr else f"Who can access record {record_id}"
    )
    if record is not None:
        title += f" ({record.patient.display_name})"
    if at is not None:
        title += f" {'au' if fr else 'at'} {when(at)}"
    categories = _categories(listed)
    rows = tuple(
        (
            Cell(p.principal.label),
            Cell(principal_name(p.principal, (record,))),
            Cell([path_words(path, record, lang) for path in p.paths]),
            *_levels(p, categories, lang),
        )
        for p in listed
    )
    head = (
        "Compte" if fr else "Principal",
        "Nom" if fr else "Name",
        "Par" if fr else "Through",
        *(category_words(c, lang) for c in categories),
    )
    empty = "personne ne peut y accéder" if fr else "nobody can access it"
    return Doc(title=title, blocks=(Table(head=head, rows=rows, empty=empty),))


def active_file_doc(
    entries: Sequence[Permissions],
    *,
    principal: Principal | None,
    records: Mapping[str, CoordinationRecord],
    at: dt.datetime | None,
    lang: Lang,
) -> Doc:
    """A principal's active file: each record they can open, its patient, what they may do."""
    fr = lang == "fr"
    who = ""
    if principal is not None:
        name = principal_name(principal, (records.get(p.record_id) for p in entries))
        who = principal.label if not name else f"{name} ({principal.label})"
    title = f"File active de {who}" if fr else f"Active file of {who}"
    if at is not None:
        title += f" {'au' if fr else 'at'} {when(at)}"
    categories = _categories(entries)
    rows = []
    for p in entries:
        record = records.get(p.record_id)
        rows.append(
            (
                Cell(p.record_id),
                Cell("" if record is None else record.patient.display_name),
                Cell(
                    "" if record is None or at is None else status_words(record.status_at(at), lang)
                ),
                Cell([path_words(path, record, lang) for path in p.paths]),
                *_levels(p, categories, lang),
            )
        )
    head = (
        "Dossier" if fr else "Record",
        "Patient",
        "Statut" if fr else "Status",
        "Par" if fr else "Through",
        *(category_words(c, lang) for c in categories),
    )
    empty = "aucun dossier" if fr else "no record"
    return Doc(title=title, blocks=(Table(head=head, rows=tuple(rows), empty=empty),))
