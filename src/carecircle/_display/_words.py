"""The display's words (*libellés*), in French (the default) or English, and how it writes
instants and codes.

Labels come in two languages, chosen with ``lang="fr"`` or ``lang="en"``; codes are always
shown next to the words (``actif (active)``, ``Médecin (TRE_G15|10)``), so a reader can match
what they see with the data and the documentation.

>>> import datetime as dt
>>> word("status", "fr"), word("status", "en")
('Statut', 'Status')
>>> status_words(CircleStatus.SUSPENDED, "fr")
'suspendu (suspended)'
>>> when(dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC))
'2026-11-26 09:00 UTC'
"""

from __future__ import annotations

import datetime as dt
from typing import Final, Literal

from carecircle._access.decision import Reason
from carecircle._access.matrix import Level
from carecircle._errors import InvalidValueError
from carecircle._model.kinds import MemberKind
from carecircle._model.lifecycle import CircleStatus
from carecircle.instants import utc
from carecircle.nomenclatures import Code, lookup
from carecircle.professions import ProfessionCatalog
from carecircle.roles import RoleCatalog

__all__ = [
    "LANGS",
    "Lang",
    "category_words",
    "check_lang",
    "code_words",
    "colon",
    "kind_words",
    "lead",
    "level_words",
    "profession_words",
    "reason_words",
    "role_words",
    "status_words",
    "when",
    "word",
]

#: The languages of the display: French (the default) and English.
Lang = Literal["fr", "en"]
LANGS: Final[tuple[Lang, ...]] = ("fr", "en")


def check_lang(lang: object) -> Lang:
    """``lang`` if it is ``"fr"`` or ``"en"``, else ``LANG_INVALID`` (a ``ValueError``)."""
    if lang == "fr":
        return "fr"
    if lang == "en":
        return "en"
    raise InvalidValueError.of("LANG_INVALID", "lang", "the display speaks 'fr' or 'en'")


def _pick(words: tuple[str, str], lang: Lang) -> str:
    return words[0] if lang == "fr" else words[1]


_WORDS: Final[dict[str, tuple[str, str]]] = {
    "record": ("Dossier de coordination", "Coordination record"),
    "status": ("Statut", "Status"),
    "version": ("Version", "Version"),
    "updated": ("mis à jour le", "updated"),
    "created": ("créé le", "created"),
    "by": ("par", "by"),
    "members": ("Membres du cercle de soins", "Care circle members"),
    "no_member": ("aucun membre", "no member"),
    "id": ("Id", "Id"),
    "name": ("Nom", "Name"),
    "roles": ("Rôles", "Roles"),
    "profession": ("Profession / catégorie", "Profession / category"),
    "habilitation": ("Habilitation", "Habilitation"),
    "refusals": ("Refus de partage", "Sharing refusals"),
    "stays": ("Participations", "Stays"),
    "access": ("Accès", "Access"),
    "levels": ("Droits par catégorie", "Levels by category"),
    "yes": ("oui", "yes"),
    "no": ("non", "no"),
    "until": ("jusqu'au", "until"),
    "expired": ("expirée le", "expired"),
    "pending": ("en attente d'un compte PASS", "pending a PASS account"),
    "since": ("depuis le", "since"),
    "from_to": ("du {start} au {end}", "from {start} to {end}"),
    "entered_in_error": ("saisi par erreur le", "entered in error"),
    "whole_record": ("tout le dossier", "the whole record"),
    "lifted": ("levé le", "lifted"),
    "expressed_by": ("exprimé par", "expressed by"),
    "recorded": ("enregistré le", "recorded"),
    "unlisted": ("liste rouge", "unlisted"),
    "information_only": ("information seulement, jamais d'accès", "information only, never access"),
    "opens": ("ouvre le dossier", "opens the record"),
    "delegates": (
        "ouvre le dossier à ses délégués, selon leur profession",
        "opens the record to its delegates, by their profession",
    ),
    "as_of": ("Droits au {at} selon {matrix}.", "Access at {at} under {matrix}."),
    "example_matrix": (
        "la matrice d'exemple (cc.EXAMPLE_MATRIX)",
        "the example matrix (cc.EXAMPLE_MATRIX)",
    ),
    "latest_change": (
        (
            " L'instant est celui de la dernière modification du dossier ; "
            "cc.record_view(record, at=..., matrix=...) choisit l'instant et la matrice."
        ),
        (
            " The instant is the record's latest change; "
            "cc.record_view(record, at=..., matrix=...) picks the instant and the matrix."
        ),
    ),
    "given_matrix": ("la matrice donnée", "the matrix given"),
    "emergencies": ("Accès en urgence (bris de glace)", "Emergency accesses (break-the-glass)"),
    "account": ("Compte", "Account"),
    "period": ("Période", "Period"),
    "standing": ("en cours", "standing"),
    "over": ("terminé", "over"),
    "no_details": (
        "Sans coordonnées ni textes libres (R12).",
        "No contact details nor free texts (R12).",
    ),
}


def word(key: str, lang: Lang) -> str:
    """The display's label ``key`` in ``lang``."""
    return _pick(_WORDS[key], lang)


def colon(lang: Lang) -> str:
    """The colon as each language writes it: ``" :"`` in French (a space before), ``":"``."""
    return " :" if lang == "fr" else ":"


def lead(key: str, lang: Lang) -> str:
    """The label ``key`` before what follows: ``Statut :`` in French, ``Status:`` in English."""
    return f"{word(key, lang)}{colon(lang)}"


_KINDS: Final[dict[MemberKind, tuple[str, str]]] = {
    MemberKind.DIRECTORY_PROFESSIONAL: ("Professionnel de l'annuaire", "Directory professional"),
    MemberKind.MANUAL_PROFESSIONAL: ("Professionnel saisi à la main", "Manual professional"),
    MemberKind.RELATED_PERSON: ("Proche (aidant, représentant…)", "Related person"),
    MemberKind.DIRECTORY_STRUCTURE: ("Structure de l'annuaire", "Directory structure"),
    MemberKind.MANUAL_STRUCTURE: ("Structure saisie à la main", "Manual structure"),
}

_STATUSES: Final[dict[CircleStatus, tuple[str, str]]] = {
    CircleStatus.PROPOSED: ("proposé", "proposed"),
    CircleStatus.ACTIVE: ("actif", "active"),
    CircleStatus.SUSPENDED: ("suspendu", "suspended"),
    CircleStatus.INACTIVE: ("clos", "inactive"),
    CircleStatus.ENTERED_IN_ERROR: ("saisi par erreur", "entered in error"),
}

_LEVELS: Final[dict[Level, tuple[str, str]]] = {
    Level.NONE: ("—", "—"),
    Level.READ: ("lecture", "read"),
    Level.WRITE: ("écriture", "write"),
}

_CATEGORIES: Final[dict[str, tuple[str, str]]] = {
    "administrative": ("administratif", "administrative"),
    "social": ("social", "social"),
    "medical": ("médical", "medical"),
    "psychological": ("psychologique", "psychological"),
}


def kind_words(kind: MemberKind, lang: Lang) -> str:
    """The member kind in words."""
    return _pick(_KINDS[kind], lang)


def status_words(status: CircleStatus, lang: Lang) -> str:
    """The circle's status in words, its FHIR code after it."""
    shown = _pick(_STATUSES[status], lang)
    return shown if shown == str(status) else f"{shown} ({status})"


def level_words(level: Level, lang: Lang) -> str:
    """A matrix level in words (``—`` for none)."""
    return _pick(_LEVELS[level], lang)


def category_words(category: str, lang: Lang) -> str:
    """An information category in words: a standard one translated, a service's own as named."""
    found = _CATEGORIES.get(category)
    return category if found is None else _pick(found, lang)


def reason_words(reason: Reason, lang: Lang) -> str:
    """A denial reason in words, its code after it."""
    message = reason.message_fr if lang == "fr" else reason.message
    return f"{message.rstrip('.')} ({reason})"


def code_words(code: Code, label: str | None = None) -> str:
    """A code as its label and its ``system|code`` (the label from the nomenclatures when not
    given; the bare code when nothing names it).
    """
    if label is None:
        concept = lookup(code)
        label = None if concept is None else concept.display
    return str(code) if label is None else f"{label} ({code})"


def profession_words(code: Code, professions: ProfessionCatalog) -> str:
    """A profession as the catalogue names it (or the nomenclature), with its code."""
    found = professions.find(code)
    return code_words(code, None if found is None else found.label)


def role_words(code: Code, roles: RoleCatalog) -> str:
    """A role as the catalogue names it (or the nomenclature), with its code."""
    found = roles.find(code)
    return code_words(code, None if found is None else found.label)


def when(at: dt.datetime) -> str:
    """An instant in UTC, to the minute (to the second, or finer, when it has them)."""
    at = utc(at)
    if at.microsecond:
        return f"{at:%Y-%m-%d %H:%M:%S.%f} UTC"
    if at.second:
        return f"{at:%Y-%m-%d %H:%M:%S} UTC"
    return f"{at:%Y-%m-%d %H:%M} UTC"
