"""The words of the service, the stores, the history, invitations and the test directories."""

from __future__ import annotations

from typing import Final

__all__ = ["TEXTS"]

#: Code -> (English, French).
TEXTS: Final[dict[str, tuple[str, str]]] = {
    # -- the service and its directories -----------------------------------------------------
    "ACCOUNT_NOT_FOUND": (
        "No professional of the directory has this PASS account.",
        "Aucun professionnel de l’annuaire n’a ce compte PASS.",
    ),
    "PROFESSIONAL_NOT_FOUND": (
        "No professional of the directory has this national id.",
        "Aucun professionnel de l’annuaire n’a cet identifiant national.",
    ),
    "STRUCTURE_NOT_FOUND": (
        "No structure of the directory has this id.",
        "Aucune structure de l’annuaire n’a cet identifiant.",
    ),
    "PRINCIPAL_NOT_FOUND": (
        "The directory does not list this professional.",
        "L’annuaire ne référence pas ce professionnel.",
    ),
    "DIRECTORY_ENTRY_NOT_FOUND": (
        "The directory no longer lists this member.",
        "L’annuaire ne référence plus ce membre.",
    ),
    "NOT_A_DIRECTORY_MEMBER": (
        "Only members from a directory have a directory entry to refresh.",
        "Seuls les membres issus de l’annuaire ont une fiche à mettre à jour.",
    ),
    # -- invitations (G13) -------------------------------------------------------------------
    "INVITATION_NO_RECIPIENT": (
        "An invitation needs at least one recipient.",
        "Une invitation doit avoir au moins un destinataire.",
    ),
    "INVITATION_SUBJECT_REQUIRED": (
        "An invitation needs a subject.",
        "Une invitation doit avoir un objet.",
    ),
    "INVITATION_SUBJECT_MULTILINE": (
        "The subject is one line, with no line break.",
        "L’objet tient sur une ligne, sans retour à la ligne.",
    ),
    "INVITATION_BODY_REQUIRED": (
        "An invitation needs a message body.",
        "Une invitation doit avoir un corps de message.",
    ),
    "INVITATION_TEXT_INVALID": (
        "The invitation’s text holds control or invalid characters.",
        "Le texte de l’invitation contient des caractères de contrôle ou invalides.",
    ),
    "INVITER_NAME_REQUIRED": (
        "The invitation is signed: the inviter’s name is required.",
        "L’invitation est signée : le nom de l’expéditeur est requis.",
    ),
    "PLATFORM_REQUIRED": (
        "A platform name is required.",
        "Le nom de la plateforme est requis.",
    ),
    "PORTAL_URL_INVALID": (
        "The portal address is an absolute https:// URL with a host, no user and no spaces.",
        (
            "L’adresse du portail est une URL https:// absolue, avec un hôte, sans utilisateur ni "
            "espace."
        ),
    ),
    "MAILTO_INVALID": (
        "This is not a valid mailto: link.",
        "Ce lien mailto: n’est pas valide.",
    ),
    # -- stores and histories ----------------------------------------------------------------
    "CHANGE_INCONSISTENT": (
        (
            "The change does not hold together: versions that do not follow, or events of another "
            "record or version."
        ),
        (
            "La modification est incohérente : versions qui ne se suivent pas, ou événements d’un "
            "autre dossier ou d’une autre version."
        ),
    ),
    "HISTORY_EMPTY": (
        "A history holds at least the record’s creation.",
        "Un historique contient au moins la création du dossier.",
    ),
    "HISTORY_INVALID": (
        (
            "The history is out of order: it starts with the record’s creation, and the events of "
            "one change share its details."
        ),
        (
            "L’historique est incohérent : il commence par la création du dossier, et les "
            "événements d’une même modification en partagent les informations."
        ),
    ),
    "HISTORY_OTHER_RECORD": (
        "The history holds events of another record.",
        "L’historique contient des événements d’un autre dossier.",
    ),
    "HISTORY_VERSION_GAP": (
        "A version is missing from the history.",
        "Il manque une version dans l’historique.",
    ),
    "CHANGE_BEFORE_LAST": (
        "A change cannot come before the one preceding it.",
        "Une modification ne peut pas être antérieure à la précédente.",
    ),
    "EVENT_UNKNOWN": (
        "Unknown kind of event.",
        "Type d’événement inconnu.",
    ),
    "VERSION_NOT_FOUND": (
        "The history has no such version.",
        "L’historique ne contient pas cette version.",
    ),
    "RECORD_NOT_YET_CREATED": (
        "The record did not exist yet at this instant.",
        "Le dossier n’existait pas encore à cet instant.",
    ),
    # -- the test directories and samples (carecircle.testing) -------------------------------
    "DUPLICATE_ENTRY": (
        "An identifier of this directory entry is already held by another entry.",
        "Un identifiant de cette fiche appartient déjà à une autre fiche de l’annuaire.",
    ),
    "ENTRY_NOT_FOUND": (
        "No entry of the directory shares an identifier with this one.",
        "Aucune fiche de l’annuaire ne partage un identifiant avec celle-ci.",
    ),
    "ACCOUNT_REQUIRED": (
        "A PASS account id is required.",
        "Un identifiant de compte PASS est requis.",
    ),
    "STRUCTURE_ID_REQUIRED": (
        "The structure’s directory id is required.",
        "L’identifiant d’annuaire de la structure est requis.",
    ),
    "SAMPLE_COUNT_INVALID": (
        "The number of samples asked for is outside the allowed range.",
        "Le nombre d’exemples demandé sort des limites permises.",
    ),
}
