"""A coordination record for people (*affichage du dossier*): its header, its members and
what each may do on each category of information at an instant, under a matrix.

What a member may do comes from the library's own answers: :func:`~carecircle.permissions`
for a directory professional (as the record describes them), :func:`~carecircle.effective_access`
for the reasons when nothing opens, the membership's own grant for a structure (what its
delegates may do depends on each delegate's profession). No contact detail and no free text
(descriptions, reasons typed by hand) is shown: they may hold phone numbers (R12).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from carecircle._access import gates, plain
from carecircle._access.decision import Reason
from carecircle._access.effective import effective_access
from carecircle._access.example_matrix import EXAMPLE_MATRIX
from carecircle._access.listings import permissions
from carecircle._access.matrix import HabilitationMatrix, Level
from carecircle._display._doc import Block, Cell, Doc, Line, Table
from carecircle._display._words import (
    Lang,
    category_words,
    code_words,
    colon,
    kind_words,
    lead,
    level_words,
    profession_words,
    reason_words,
    role_words,
    status_words,
    when,
    word,
)
from carecircle._display.names import expressed_words, path_words
from carecircle._model.membership import Membership
from carecircle._model.people import DirectoryProfessional, ManualProfessional, RelatedPerson
from carecircle._model.principal import Principal
from carecircle._model.record import CoordinationRecord
from carecircle._model.refusals import Refusal
from carecircle._model.structures import DirectoryStructure
from carecircle.professions import ProfessionCatalog
from carecircle.roles import RoleCatalog

__all__ = ["record_doc", "refusal_text"]


def _profession(m: Membership, professions: ProfessionCatalog) -> str:
    member = m.member
    if isinstance(member, DirectoryProfessional | ManualProfessional):
        return "" if member.profession is None else profession_words(member.profession, professions)
    if isinstance(member, DirectoryStructure):
        return "" if member.category is None else code_words(member.category)
    if isinstance(member, RelatedPerson) and member.relationship is not None:
        return code_words(member.relationship)
    return ""


def _habilitation(m: Membership, at: dt.datetime, lang: Lang) -> Cell:
    if not m.habilitated:
        return Cell(word("no", lang), "muted")
    shown = word("yes", lang)
    if m.habilitation_ends is not None:
        ends = when(m.habilitation_ends)
        if m.habilitation_expired(at):
            return Cell(f"{shown}, {word('expired', lang)} {ends}", "denied")
        shown = f"{shown}, {word('until', lang)} {ends}"
    member = m.member
    if isinstance(member, DirectoryProfessional) and member.account is None:
        shown = f"{shown} ({word('pending', lang)})"
    return Cell(shown)


def refusal_text(refusal: Refusal, record: CoordinationRecord | None, lang: Lang) -> str:
    """A refusal in words (its id left out): what it covers, who expressed it, when it was
    recorded, when it was lifted.
    """
    covers = (
        word("whole_record", lang)
        if refusal.whole
        else ", ".join(category_words(c, lang) for c in sorted(refusal.categories))
    )
    who = expressed_words(record, refusal.statement.expressed_by, lang)
    by = f"{word('expressed_by', lang)} {who}"
    recorded = f"{word('recorded', lang)} {when(refusal.recorded_at)}"
    shown = f"{covers}, {by} ({recorded})"
    if refusal.ends is not None:
        shown += f", {word('lifted', lang)} {when(refusal.ends)}"
    return shown


def _stays(m: Membership, lang: Lang) -> Cell:
    if m.entered_in_error is not None:
        return Cell(f"{word('entered_in_error', lang)} {when(m.entered_in_error.at)}", "denied")
    found = []
    for p in m.participations:
        if p.end is None:
            found.append(f"{word('since', lang)} {when(p.start)}")
        else:
            found.append(word("from_to", lang).format(start=when(p.start), end=when(p.end)))
    return Cell(found)


def _name(m: Membership, lang: Lang) -> str:
    member = m.member
    if isinstance(member, RelatedPerson) and member.unlisted:
        return f"{m.display_name} ({word('unlisted', lang)})"
    return m.display_name


def _denied(reasons: tuple[Reason, ...] | list[Reason], lang: Lang) -> Cell:
    return Cell([reason_words(r, lang) for r in reasons], "denied", wrap="anywhere")


def _professional_access(
    record: CoordinationRecord,
    member: DirectoryProfessional,
    matrix: HabilitationMatrix,
    at: dt.datetime,
    lang: Lang,
) -> tuple[dict[str, Level], Cell]:
    principal = Principal.from_entry(member)
    found = permissions(record, principal, matrix=matrix, at=at)
    levels = dict(found.levels)
    if found.can_open:
        own = [p for p in found.paths if p.emergency_id is not None or p.via_structure]
        if not own:
            return levels, Cell(word("opens", lang), "allowed")
        return levels, Cell([path_words(p, record, lang) for p in own], "allowed")
    decision = effective_access(record, principal, at=at)
    if not decision.allowed:
        return levels, _denied(decision.reasons, lang)
    known = matrix.knows_profession(member.profession)
    return levels, _denied([Reason.MATRIX_DENIES if known else Reason.UNKNOWN_PROFESSION], lang)


def _member_access(
    record: CoordinationRecord,
    m: Membership,
    matrix: HabilitationMatrix,
    at: dt.datetime,
    lang: Lang,
) -> tuple[dict[str, Level], Cell]:
    """The level on each category and a word on the access (``{}``: no level applies)."""
    member = m.member
    if isinstance(member, DirectoryProfessional):
        return _professional_access(record, member, matrix, at, lang)
    if not isinstance(member, DirectoryStructure):
        return {}, Cell(word("information_only", lang), "muted")
    reasons = [r for r in (gates.status_reason(record, at),) if r is not None]
    reasons += plain.grant_reasons(m, at)
    if not member.legal_entity:
        reasons.append(Reason.STRUCTURE_NOT_LEGAL_ENTITY)
    if reasons:
        return {}, _denied(reasons, lang)
    return {}, Cell(word("delegates", lang), "allowed")


def _rows(
    record: CoordinationRecord,
    matrix: HabilitationMatrix,
    at: dt.datetime,
    lang: Lang,
    *,
    roles: RoleCatalog,
    professions: ProfessionCatalog,
) -> Iterator[tuple[Cell, ...]]:
    for m in record.circle:
        levels, access = _member_access(record, m, matrix, at, lang)
        yield (
            Cell(m.member_id),
            Cell(_name(m, lang), note=kind_words(m.kind, lang)),
            Cell(sorted(role_words(r, roles) for r in m.roles), wrap="anywhere"),
            Cell(_profession(m, professions), wrap="anywhere"),
            _habilitation(m, at, lang),
            Cell(
                [f"{r.refusal_id}{colon(lang)} {refusal_text(r, record, lang)}" for r in m.refusals]
            ),
            _stays(m, lang),
            access,
            _levels(levels, matrix, lang),
        )


def _levels(levels: dict[str, Level], matrix: HabilitationMatrix, lang: Lang) -> Cell:
    """What the member may do on each of the matrix's categories, a line each."""
    if not levels:
        return Cell("")
    return Cell(
        [
            f"{category_words(c, lang)}{colon(lang)} {level_words(levels.get(c, Level.NONE), lang)}"
            for c in matrix.categories
        ],
        wrap="never",
    )


def _emergencies(record: CoordinationRecord, at: dt.datetime, lang: Lang) -> Table | None:
    if not record.emergency_accesses:
        return None
    rows = tuple(
        (
            Cell(e.access_id),
            Cell(e.account),
            Cell(word("from_to", lang).format(start=when(e.starts), end=when(e.ends))),
            Cell(word("standing", lang), "allowed")
            if e.stands_at(at)
            else Cell(word("over", lang), "muted"),
        )
        for e in record.emergency_accesses
    )
    head = (word("id", lang), word("account", lang), word("period", lang), word("access", lang))
    return Table(head=head, rows=rows, heading=lead("emergencies", lang))


def record_doc(
    record: CoordinationRecord,
    *,
    at: dt.datetime,
    matrix: HabilitationMatrix,
    note: bool,
    lang: Lang,
    roles: RoleCatalog,
    professions: ProfessionCatalog,
) -> Doc:
    """The record at ``at`` under ``matrix`` (``note``: the caption says the instant is the
    record's latest change, and how to pick another).
    """
    head = (
        word("id", lang),
        word("name", lang),
        word("roles", lang),
        word("profession", lang),
        word("habilitation", lang),
        word("refusals", lang),
        word("stays", lang),
        word("access", lang),
        word("levels", lang),
    )
    which = word("example_matrix" if matrix == EXAMPLE_MATRIX else "given_matrix", lang)
    caption = word("as_of", lang).format(at=when(at), matrix=which)
    members = Table(
        head=head,
        rows=tuple(_rows(record, matrix, at, lang, roles=roles, professions=professions)),
        heading=f"{lead('members', lang)} {len(record.circle)}",
        caption=caption + word("latest_change", lang) if note else caption,
        empty=word("no_member", lang),
        stacked=2,
        colon=colon(lang),
    )
    updated = f"{word('updated', lang)} {when(record.updated_at)}"
    by = f"{word('by', lang)} {record.created_by}"
    created = f"{word('created', lang)} {when(record.created_at)} {by}"
    blocks: list[Block | None] = [
        Line(status_words(record.status_at(at), lang), lead=lead("status", lang)),
        Line(f"{record.version}, {updated}, {created}", lead=lead("version", lang)),
        members,
        _emergencies(record, at, lang),
        Line(word("no_details", lang), tone="muted"),
    ]
    title = f"{word('record', lang)} {record.record_id} — {record.patient.display_name}"
    return Doc(title=title, blocks=tuple(b for b in blocks if b is not None))
