"""The words of values read from outside: types, texts, identifiers, instants, codes, documents."""

from __future__ import annotations

from typing import Final

__all__ = ["TEXTS"]

#: Code -> (English, French).
TEXTS: Final[dict[str, tuple[str, str]]] = {
    # -- types, texts and the catalogue itself -----------------------------------------------
    "WRONG_TYPE": (
        "This value is not of the expected type.",
        "Cette valeur n’est pas du type attendu.",
    ),
    "TEXT_REQUIRED": (
        "A non-empty text is required.",
        "Un texte non vide est requis.",
    ),
    "TEXT_INVALID_CHARACTER": (
        "The text holds a control, format or line-separator character it may not hold.",
        (
            "Le texte contient un caractère de contrôle, de mise en forme ou de séparation de "
            "lignes interdit."
        ),
    ),
    "LANG_INVALID": (
        "Unknown language: the languages are 'en' and 'fr'.",
        "Langue inconnue : les langues sont « en » et « fr ».",
    ),
    "MESSAGE_CODE_UNKNOWN": (
        "No message has this code.",
        "Aucun message ne correspond à ce code.",
    ),
    # -- identifiers and contact details -----------------------------------------------------
    "IDENTIFIER_FORMAT": (
        "The identifier is not written as it should be.",
        "L’identifiant n’a pas le format attendu.",
    ),
    "IDENTIFIER_LENGTH": (
        "The identifier does not have the expected length.",
        "L’identifiant n’a pas la longueur attendue.",
    ),
    "IDENTIFIER_CHECKSUM": (
        "The identifier fails its check digits.",
        "La clé de contrôle de l’identifiant est fausse.",
    ),
    "IDENTIFIER_COMPONENT": (
        "A part of the identifier is impossible (an unknown prefix or département).",
        "Une partie de l’identifiant est impossible (préfixe ou département inconnu).",
    ),
    "LUHN_CHECK_FAILED": (
        "The number fails its Luhn check digit (ANS test numbers do): check it.",
        (
            "Le numéro ne vérifie pas sa clé de Luhn (c’est le cas des numéros de test de l’ANS) :"
            " vérifiez-le."
        ),
    ),
    "EMAIL_INVALID": (
        "This is not a valid e-mail address.",
        "Cette adresse électronique n’est pas valide.",
    ),
    "PHONE_INVALID": (
        "This is not a valid telephone number.",
        "Ce numéro de téléphone n’est pas valide.",
    ),
    "POSTAL_CODE_INVALID": (
        "This is not a French postal code (5 digits, starting with a known département).",
        "Ce n’est pas un code postal français (5 chiffres, commençant par un département connu).",
    ),
    "POSTAL_CODE_PREFIX_INVALID": (
        "Give 1 to 5 digits of a postal code, or a Corsican département (2A, 2B).",
        "Indiquez de 1 à 5 chiffres d’un code postal, ou un département corse (2A, 2B).",
    ),
    "ACCOUNT_STATE_INVALID": (
        "Unknown PASS account state.",
        "État de compte PASS inconnu.",
    ),
    # -- instants, dates and durations (R10) -------------------------------------------------
    "INSTANT_INVALID": (
        "This is not an instant: a date and a time, with a time zone.",
        "Ce n’est pas un instant : une date et une heure, avec un fuseau horaire.",
    ),
    "NAIVE_DATETIME": (
        "An instant needs a time zone.",
        "Un instant doit préciser son fuseau horaire.",
    ),
    "INSTANT_OUT_OF_RANGE": (
        "This instant is outside the range of dates the library can hold.",
        "Cet instant sort de la plage de dates prise en charge.",
    ),
    "DATE_INVALID": (
        "This is not a valid date.",
        "Cette date n’est pas valide.",
    ),
    "DATE_PRECISION_INSUFFICIENT": (
        "A full date is needed, not only a year or a month.",
        "Une date complète est nécessaire, pas seulement une année ou un mois.",
    ),
    "DURATION_INVALID": (
        "A duration must be positive.",
        "Une durée doit être positive.",
    ),
    # -- codes, queries and lists ------------------------------------------------------------
    "UNKNOWN_CODE_SYSTEM": (
        "No code system is known by this name or URL.",
        "Aucune nomenclature ne porte ce nom ou cette URL.",
    ),
    "PROFESSION_CODE_INVALID": (
        "A profession taken from an ANS code system must be one of its profession codes.",
        (
            "Une profession issue d’une nomenclature de l’ANS doit être l’un de ses codes de "
            "profession."
        ),
    ),
    "SORT_KEY_INVALID": (
        "Unknown sort order for the list of members.",
        "Critère de tri de la liste des membres inconnu.",
    ),
    "PAGE_OFFSET_INVALID": (
        "A page offset is a whole number from 0.",
        "Le décalage de page est un entier positif ou nul.",
    ),
    "PAGE_LIMIT_INVALID": (
        "The page size is outside the allowed range.",
        "La taille de page sort des limites permises.",
    ),
    # -- documents (serialization) -----------------------------------------------------------
    "MALFORMED_JSON": (
        "The text is not valid JSON.",
        "Le texte n’est pas du JSON valide.",
    ),
    "DUPLICATE_KEY": (
        "An object repeats a key.",
        "Un objet répète une clé.",
    ),
    "SCHEMA_VERSION_UNSUPPORTED": (
        "This document’s schema version is not supported.",
        "La version de schéma de ce document n’est pas prise en charge.",
    ),
    "DOCUMENT_TYPE_MISMATCH": (
        "The document is not of the expected type.",
        "Le document n’est pas du type attendu.",
    ),
    "TYPE_UNSUPPORTED": (
        "The library does not serialize this type.",
        "La bibliothèque ne sérialise pas ce type.",
    ),
    "KEY_REQUIRED": (
        "A required field is missing.",
        "Un champ obligatoire est absent.",
    ),
    "UNKNOWN_KEY": (
        "No field has this name.",
        "Aucun champ ne porte ce nom.",
    ),
    "VALUE_INVALID": (
        "This value cannot be read.",
        "Cette valeur ne peut pas être lue.",
    ),
    "VALUE_UNKNOWN": (
        "This value is not one of those allowed.",
        "Cette valeur ne fait pas partie des valeurs permises.",
    ),
    "TAG_UNKNOWN": (
        "Unknown kind of value (a kind of member or of event).",
        "Genre de valeur inconnu (type de membre ou d’événement).",
    ),
    "CODE_INVALID": (
        "A code is written 'system|code' (TRE_G15|10), both parts non-empty.",
        "Un code s’écrit « système|code » (TRE_G15|10), les deux parties non vides.",
    ),
}
