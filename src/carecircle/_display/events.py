"""Domain events in words (*événements en clair*), French or English, with members' names.

Free texts (descriptions, reasons) are never quoted: an event says that they changed (R12).

>>> import datetime as dt
>>> from carecircle import events as ev
>>> from carecircle.testing.builders import new_record
>>> record, _ = new_record()
>>> meta = ev.EventMeta(record_id="DC-1", version=2, actor="pass:1",
...     at=dt.datetime(2026, 11, 2, 9, 5, tzinfo=dt.UTC))
>>> event_words(ev.HabilitationRevoked(meta=meta, member_id="M1"), record, "fr")
'membre M1 DURAND Prénom1 : habilitation retirée'
>>> event_words(ev.ParticipationEnded(meta=meta, member_id="M1"), record, "en")
'member M1 DURAND Prénom1 left the circle'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, Final

import attrs

from carecircle import events as ev
from carecircle._display._words import (
    Lang,
    category_words,
    code_words,
    colon,
    kind_words,
    role_words,
    status_words,
    when,
)
from carecircle._display.names import expressed_words, member_words
from carecircle._model.record import CoordinationRecord
from carecircle.nomenclatures import Code
from carecircle.roles import DEFAULT_ROLES

__all__ = ["SENTENCES", "event_words"]


@attrs.frozen
class _Say:
    """What a sentence needs: the language and the record that names the members."""

    lang: Lang
    record: CoordinationRecord | None

    def __call__(self, fr: str, en: str) -> str:
        return fr if self.lang == "fr" else en

    def member(self, event: Any) -> str:
        return member_words(self.record, event.member_id, self.lang)

    def on(self, event: Any, fr: str, en: str) -> str:
        """``membre M2 NOM : <fr>`` or ``member M2 NAME: <en>``."""
        return f"{self.member(event)}{colon(self.lang)} {self(fr, en)}"

    def instant(self, at: dt.datetime | None) -> str:
        return self("aucune", "none") if at is None else when(at)

    def code(self, code: Code | None) -> str:
        return self("aucune", "none") if code is None else code_words(code)

    def roles(self, codes: Iterable[Code]) -> str:
        return ", ".join(sorted(role_words(c, DEFAULT_ROLES) for c in codes))

    def who(self, expressed_by: str) -> str:
        return expressed_words(self.record, expressed_by, self.lang)


def _created(e: ev.RecordCreated, s: _Say) -> str:
    status = status_words(e.status, s.lang)
    name = e.patient.display_name
    return s(f"dossier créé pour {name} (cercle {status})", f"record created for {name} ({status})")


def _added(e: ev.MemberAdded, s: _Say) -> str:
    shown = s(f"{s.member(e)} ajouté(e)", f"{s.member(e)} added") + f"{colon(s.lang)} "
    shown += kind_words(e.kind, s.lang)
    if e.roles:
        shown += s(", rôles ", ", roles ") + s.roles(e.roles)
    return shown  # a habilitation granted has its own event, which follows


def _granted(e: ev.HabilitationGranted, s: _Say) -> str:
    shown = s(f"{s.member(e)} habilité(e)", f"{s.member(e)} habilitated")
    if e.until is not None:
        shown += s(" jusqu'au ", " until ") + when(e.until)
    if e.pending:
        shown += s(" (en attente d'un compte PASS)", " (pending a PASS account)")
    elif not e.gives_access:
        shown += s(" (n'ouvre rien par elle-même)", " (opens nothing by itself)")
    return shown


def _refused(e: ev.SharingRefusalRecorded, s: _Say) -> str:
    covers = (
        ", ".join(category_words(c, s.lang) for c in sorted(e.categories))
        if e.categories
        else s("tout le dossier", "the whole record")
    )
    said = s(f"exprimé par {s.who(e.expressed_by)}", f"expressed by {s.who(e.expressed_by)}")
    return s.on(
        e,
        f"refus de partage {e.refusal_id} enregistré ({covers}, {said} le {when(e.expressed_at)})",
        f"sharing refusal {e.refusal_id} recorded ({covers}, {said} {when(e.expressed_at)})",
    )


def _lifted(e: ev.SharingRefusalWithdrawn, s: _Say) -> str:
    who = s.who(e.expressed_by)
    return s.on(
        e,
        f"refus de partage {e.refusal_id} levé (exprimé par {who} le {when(e.expressed_at)})",
        f"sharing refusal {e.refusal_id} lifted (expressed by {who} {when(e.expressed_at)})",
    )


def _status(e: ev.CircleStatusChanged, s: _Say) -> str:
    change = f"{status_words(e.before, s.lang)} → {status_words(e.after, s.lang)}"
    return s(f"statut du cercle : {change}", f"circle status: {change}")


def _emergency(e: ev.EmergencyAccessOpened, s: _Say) -> str:
    ends = when(e.ends)
    return s(
        f"accès en urgence {e.access_id} ouvert pour {e.account} jusqu'au {ends}",
        f"emergency access {e.access_id} opened for {e.account} until {ends}",
    )


def _roles(e: ev.RolesChanged, s: _Say) -> str:
    parts = []
    if e.added:
        parts.append(s("ajoutés ", "added ") + s.roles(e.added))
    if e.removed:
        parts.append(s("retirés ", "removed ") + s.roles(e.removed))
    return s.on(e, "rôles " + " ; ".join(parts), "roles " + "; ".join(parts))


def _protection(e: ev.LegalProtectionChanged, s: _Say) -> str:
    change = f"{s.code(e.before)} → {s.code(e.after)}"
    return s.on(e, f"mesure de protection {change}", f"legal protection {change}")


def _end_changed(e: ev.HabilitationEndChanged, s: _Say) -> str:
    change = f"{s.instant(e.before)} → {s.instant(e.after)}"
    return s.on(e, f"fin d'habilitation {change}", f"habilitation end {change}")


_Words = Callable[[Any, _Say], str]

#: The sentence of each event class of :mod:`carecircle.events` (a test checks none is missing).
SENTENCES: Final[dict[type[ev.Event], _Words]] = {
    ev.RecordCreated: _created,
    ev.MemberAdded: _added,
    ev.HabilitationGranted: _granted,
    ev.SharingRefusalRecorded: _refused,
    ev.SharingRefusalWithdrawn: _lifted,
    ev.CircleStatusChanged: _status,
    ev.EmergencyAccessOpened: _emergency,
    ev.RolesChanged: _roles,
    ev.LegalProtectionChanged: _protection,
    ev.HabilitationEndChanged: _end_changed,
    ev.MemberEnteredInError: lambda e, s: s.on(e, "saisi(e) par erreur", "entered in error"),
    ev.MemberDetailsRefreshed: lambda e, s: s.on(
        e, "fiche mise à jour depuis l'annuaire", "details refreshed from the directory"
    ),
    ev.DescriptionChanged: lambda e, s: s.on(e, "description modifiée", "description changed"),
    ev.HabilitationTookEffect: lambda e, s: s.on(
        e,
        "l'habilitation prend effet (compte PASS actif)",
        "habilitation took effect (active PASS account)",
    ),
    ev.HabilitationRevoked: lambda e, s: s.on(e, "habilitation retirée", "habilitation revoked"),
    ev.ParticipationEnded: lambda e, s: s(
        f"{s.member(e)} a quitté le cercle", f"{s.member(e)} left the circle"
    ),
    ev.ParticipationResumed: lambda e, s: s(
        f"{s.member(e)} revient dans le cercle", f"{s.member(e)} came back to the circle"
    ),
}


def event_words(event: ev.Event, record: CoordinationRecord | None, lang: Lang) -> str:
    """The event in one sentence, members named from ``record`` (the record after the change)."""
    say = _Say(lang=lang, record=record)
    found = SENTENCES.get(type(event))
    if found is None:  # an event class of a service's own: its name says what happened
        return type(event).__name__
    return found(event, say)
