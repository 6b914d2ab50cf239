"""A change for people (*affichage d'un changement*): the record's new version, its events in
words, the notices to send (recipients by name and id, never a contact detail) and the
advisories.
"""

from __future__ import annotations

from carecircle._display._doc import Doc, Items
from carecircle._display._words import Lang, colon, when
from carecircle._display.events import event_words
from carecircle._display.names import member_words, name_by_id
from carecircle._notifications import EmergencyNotice, HabilitationNotice
from carecircle._operations._change import Change

__all__ = ["change_doc"]


def _recipient(change: Change, key: str) -> str:
    name = name_by_id(change.record, key)
    return key if name is None else f"{name} ({key})"


def _notice(change: Change, notice: HabilitationNotice | EmergencyNotice, lang: Lang) -> str:
    to = _recipient(change, notice.recipient)
    if isinstance(notice, HabilitationNotice):
        on = member_words(None, notice.member_id, lang)
        if lang == "fr":
            return f"avis d'habilitation à {to}, {on}"
        return f"habilitation notice to {to}, {on}"
    opened_by = _recipient(change, notice.opened_by)
    ends = when(notice.ends)
    if lang == "fr":
        return (
            f"avis d'accès en urgence {notice.access_id} à {to} : ouvert par {opened_by} "
            f"jusqu'au {ends}"
        )
    return f"emergency access notice {notice.access_id} to {to}: opened by {opened_by} until {ends}"


def _advisory(code: str, path: str, message: str, lang: Lang) -> str:
    return f"{code}{colon(lang)} {message} ({path})"


def change_doc(change: Change, *, lang: Lang) -> Doc:
    """The change: which version it made, by whom and when, then what it did."""
    record = change.record
    fr = lang == "fr"
    if not change.events:
        title = (
            f"Aucun changement — dossier {record.record_id} v{record.version}"
            if fr
            else f"No change — record {record.record_id} v{record.version}"
        )
        return Doc(title=title, tone="muted")
    meta = change.events[0].meta
    versions = f"v{change.based_on} → v{record.version}"
    title = (
        f"Changement du dossier {record.record_id} ({versions}) par {meta.actor} le {when(meta.at)}"
        if fr
        else f"Change of record {record.record_id} ({versions}) by {meta.actor} at {when(meta.at)}"
    )
    events = tuple(event_words(e, record, lang) for e in change.events)
    notices = tuple(_notice(change, n, lang) for n in change.notifications)
    advisories = tuple(
        _advisory(a.code, a.path, a.message_fr if fr else a.message, lang)
        for a in change.advisories
    )
    blocks = [
        Items(heading="Événements :" if fr else "Events:", items=events),
        Items(
            heading="Notifications à envoyer :" if fr else "Notifications to send:",
            items=notices,
            empty="aucune" if fr else "none",
        ),
    ]
    if advisories:
        blocks.append(Items(heading="Avertissements :" if fr else "Advisories:", items=advisories))
    return Doc(title=title, blocks=tuple(blocks))
