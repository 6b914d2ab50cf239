"""An access decision for people (*affichage d'une décision*): allowed with its paths, or
denied with its reasons in words and the refusals that denied; with the record at hand, the
members' names and what each refusal covers.
"""

from __future__ import annotations

from carecircle._access.decision import Decision
from carecircle._display._doc import Doc, Items
from carecircle._display._words import Lang, reason_words, word
from carecircle._display.names import path_words, refusal_words
from carecircle._display.record import refusal_text
from carecircle._model.record import CoordinationRecord

__all__ = ["decision_doc"]

_WORDS = {
    "allowed": ("Accès autorisé", "Access allowed"),
    "denied": ("Accès refusé", "Access denied"),
    "paths": ("Par :", "Through:"),
    "reasons": ("Raisons :", "Reasons:"),
    "refusals": ("Refus de partage en cause :", "Sharing refusals that deny:"),
    "on": ("dossier", "record"),
}


def _say(key: str, lang: Lang) -> str:
    found = _WORDS[key]
    return found[0] if lang == "fr" else found[1]


def _refusals(decision: Decision, record: CoordinationRecord | None, lang: Lang) -> list[str]:
    found = []
    for ref in decision.refusals:
        shown = refusal_words(ref, record, lang)
        membership = None if record is None else record.circle.find(ref.member_id)
        refusal = None if membership is None else membership.find_refusal(ref.refusal_id)
        found.append(
            shown if refusal is None else f"{shown} — {refusal_text(refusal, record, lang)}"
        )
    return found


def decision_doc(decision: Decision, *, record: CoordinationRecord | None, lang: Lang) -> Doc:
    """The decision; names and refusal details when ``record`` is the one it was made on."""
    title = _say("allowed" if decision.allowed else "denied", lang)
    if record is not None:
        title = f"{title} — {_say('on', lang)} {record.record_id} ({record.patient.display_name})"
    blocks: list[Items] = []
    if decision.paths:
        paths = tuple(path_words(p, record, lang) for p in decision.paths)
        blocks.append(Items(heading=_say("paths", lang), items=paths))
    if decision.reasons or not decision.allowed:
        reasons = tuple(reason_words(r, lang) for r in decision.reasons)
        blocks.append(Items(heading=_say("reasons", lang), items=reasons, empty=word("no", lang)))
    if decision.refusals:
        refusals = tuple(_refusals(decision, record, lang))
        blocks.append(Items(heading=_say("refusals", lang), items=refusals))
    return Doc(title=title, blocks=tuple(blocks), tone="allowed" if decision.allowed else "denied")
