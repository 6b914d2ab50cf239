"""The words of access: why a decision denies (:class:`~carecircle.Reason`), why an actor may
not edit the circle (``ACTOR_<REASON>``, R6), what an emergency access refuses, and the
habilitation matrix's own problems.
"""

from __future__ import annotations

from typing import Final

__all__ = ["TEXTS"]

#: Code -> (English, French).
TEXTS: Final[dict[str, tuple[str, str]]] = {
    # -- denial reasons (Reason) -------------------------------------------------------------
    "NOT_A_MEMBER": (
        "The professional is not a member of the care circle.",
        "Le professionnel n’est pas membre du cercle de soins.",
    ),
    "PARTICIPATION_ENDED": (
        "The professional has left the care circle: their participation has ended.",
        "Le professionnel ne fait plus partie du cercle de soins : sa participation a pris fin.",
    ),
    "NOT_HABILITATED": (
        "The professional is not habilitated on the record.",
        "Le professionnel n’est pas habilité sur le dossier.",
    ),
    "HABILITATION_EXPIRED": (
        "The professional’s habilitation on the record has ended.",
        "L’habilitation du professionnel sur le dossier est arrivée à échéance.",
    ),
    "HABILITATION_PENDING_ACCOUNT": (
        (
            "The professional is habilitated but has no PASS account yet: the habilitation takes "
            "effect once the account is created."
        ),
        (
            "Le professionnel est habilité mais n’a pas encore de compte PASS : l’habilitation "
            "prendra effet à la création du compte."
        ),
    ),
    "ACCOUNT_INACTIVE": (
        "The professional’s PASS account is not active.",
        "Le compte PASS du professionnel n’est pas actif.",
    ),
    "SHARING_REFUSED": (
        "The patient refuses to share information with this professional.",
        "Le patient refuse le partage d’information avec ce professionnel.",
    ),
    "STRUCTURE_NOT_LEGAL_ENTITY": (
        (
            "The structure does not operate on the platform as a legal entity: its habilitation "
            "gives no access."
        ),
        (
            "La structure ne fonctionne pas en « structure personne morale » sur la plateforme : "
            "son habilitation ne donne pas accès au dossier."
        ),
    ),
    "NOT_A_DELEGATE": (
        "The professional is not one of the structure’s delegated professionals.",
        "Le professionnel ne fait pas partie des professionnels délégués de la structure.",
    ),
    "IDENTITY_MISMATCH": (
        "The professional’s identifiers designate more than one person.",
        "Les identifiants du professionnel désignent plusieurs personnes.",
    ),
    "UNKNOWN_PROFESSION": (
        "The profession is unknown: neither the catalogue nor the habilitation matrix has it.",
        "Profession inconnue : ni le référentiel ni la matrice d’habilitation ne la connaissent.",
    ),
    "UNKNOWN_CATEGORY": (
        "The habilitation matrix does not declare this category of information.",
        "La matrice d’habilitation ne déclare pas cette catégorie d’information.",
    ),
    "MATRIX_DENIES": (
        (
            "The habilitation matrix does not grant this profession this access to this category "
            "of information."
        ),
        (
            "La matrice d’habilitation n’accorde pas cet accès à cette catégorie d’information "
            "pour cette profession."
        ),
    ),
    "EMERGENCY_READ_ONLY": (
        "An emergency access opens the record for reading only.",
        "Un accès en urgence (bris de glace) ouvre le dossier en lecture seule.",
    ),
    "CIRCLE_PROPOSED": (
        "The care circle is only proposed, not yet active.",
        "Le cercle de soins est seulement proposé, pas encore actif.",
    ),
    "CIRCLE_SUSPENDED": (
        "The care circle is suspended.",
        "Le cercle de soins est suspendu.",
    ),
    "CIRCLE_INACTIVE": (
        "The care circle is closed.",
        "Le cercle de soins est clos.",
    ),
    "CIRCLE_ENTERED_IN_ERROR": (
        "The care circle was entered in error.",
        "Le cercle de soins a été saisi par erreur.",
    ),
    # -- who may edit the circle (R6): ACTOR_<REASON> ----------------------------------------
    "ACTOR_NOT_A_MEMBER": (
        "Not allowed to edit the care circle: the author of the change is not a member of it.",
        "Modification du cercle de soins non autorisée : son auteur n’en est pas membre.",
    ),
    "ACTOR_PARTICIPATION_ENDED": (
        "Not allowed to edit the care circle: the author of the change has left it.",
        "Modification du cercle de soins non autorisée : son auteur l’a quitté.",
    ),
    "ACTOR_NOT_HABILITATED": (
        (
            "Not allowed to edit the care circle: the author of the change is not habilitated on "
            "the record."
        ),
        (
            "Modification du cercle de soins non autorisée : son auteur n’est pas habilité sur le "
            "dossier."
        ),
    ),
    "ACTOR_HABILITATION_EXPIRED": (
        (
            "Not allowed to edit the care circle: the habilitation of the author of the change has"
            " ended."
        ),
        (
            "Modification du cercle de soins non autorisée : l’habilitation de son auteur est "
            "arrivée à échéance."
        ),
    ),
    "ACTOR_HABILITATION_PENDING_ACCOUNT": (
        "Not allowed to edit the care circle: the author of the change has no PASS account yet.",
        "Modification du cercle de soins non autorisée : son auteur n’a pas encore de compte PASS.",
    ),
    "ACTOR_ACCOUNT_INACTIVE": (
        (
            "Not allowed to edit the care circle: the PASS account of the author of the change is "
            "not active."
        ),
        (
            "Modification du cercle de soins non autorisée : le compte PASS de son auteur n’est "
            "pas actif."
        ),
    ),
    "ACTOR_SHARING_REFUSED": (
        (
            "Not allowed to edit the care circle: the patient refuses to share information with "
            "the author of the change."
        ),
        (
            "Modification du cercle de soins non autorisée : le patient refuse le partage "
            "d’information avec son auteur."
        ),
    ),
    "ACTOR_STRUCTURE_NOT_LEGAL_ENTITY": (
        (
            "Not allowed to edit the care circle: the structure its author acts for does not "
            "operate on the platform as a legal entity."
        ),
        (
            "Modification du cercle de soins non autorisée : la structure pour laquelle agit son "
            "auteur ne fonctionne pas en « structure personne morale »."
        ),
    ),
    "ACTOR_NOT_A_DELEGATE": (
        (
            "Not allowed to edit the care circle: the author of the change is not a delegated "
            "professional of the structure."
        ),
        (
            "Modification du cercle de soins non autorisée : son auteur n’est pas un professionnel"
            " délégué de la structure."
        ),
    ),
    "ACTOR_IDENTITY_MISMATCH": (
        (
            "Not allowed to edit the care circle: the identifiers of the author of the change "
            "designate more than one person."
        ),
        (
            "Modification du cercle de soins non autorisée : les identifiants de son auteur "
            "désignent plusieurs personnes."
        ),
    ),
    # -- emergency access (bris de glace) ----------------------------------------------------
    "EMERGENCY_SHARING_REFUSED": (
        "An emergency access never goes against the patient’s refusal to share information.",
        "Un accès en urgence ne passe jamais outre le refus de partage du patient.",
    ),
    "EMERGENCY_IDENTITY_MISMATCH": (
        "No emergency access opens to identifiers that designate more than one person.",
        "Aucun accès en urgence n’est ouvert à des identifiants qui désignent plusieurs personnes.",
    ),
    "EMERGENCY_ACCOUNT_REQUIRED": (
        "An emergency access needs an active PASS account.",
        "Un accès en urgence nécessite un compte PASS actif.",
    ),
    "EMERGENCY_REASON_REQUIRED": (
        "An emergency access must state why the record is opened.",
        "Un accès en urgence doit indiquer pourquoi le dossier est ouvert.",
    ),
    "EMERGENCY_NOT_NEEDED": (
        "This professional already has access to the record: no emergency access is needed.",
        "Ce professionnel a déjà accès au dossier : un accès en urgence est inutile.",
    ),
    "EMERGENCY_ALREADY_OPEN": (
        "An emergency access of this professional is still open.",
        "Un accès en urgence de ce professionnel est toujours ouvert.",
    ),
    "EMERGENCY_ID_INVALID": (
        "An emergency access id is a non-empty text without brackets.",
        "L’identifiant d’un accès en urgence est un texte non vide, sans crochets.",
    ),
    "DUPLICATE_EMERGENCY_ID": (
        "Each emergency access has its own id.",
        "Chaque accès en urgence a son propre identifiant.",
    ),
    # -- the habilitation matrix and access questions ----------------------------------------
    "MALFORMED_MATRIX": (
        (
            "The habilitation matrix is not shaped as expected: categories, and grants of levels "
            "by profession."
        ),
        (
            "La matrice d’habilitation n’a pas la forme attendue : des catégories, et des niveaux "
            "d’accès par profession."
        ),
    ),
    "NO_CATEGORY": (
        "A habilitation matrix declares at least one category of information.",
        "Une matrice d’habilitation déclare au moins une catégorie d’information.",
    ),
    "DUPLICATE_CATEGORY": (
        "A category of information is declared only once.",
        "Une catégorie d’information n’est déclarée qu’une fois.",
    ),
    "INVALID_CATEGORY": (
        "A category name of the habilitation matrix is lower-case letters, digits, '_' or '-'.",
        (
            "Un nom de catégorie de la matrice d’habilitation s’écrit en minuscules, chiffres, « _"
            " » ou « - »."
        ),
    ),
    "DUPLICATE_PROFESSION": (
        "A profession has a single row in the habilitation matrix.",
        "Une profession n’a qu’une ligne dans la matrice d’habilitation.",
    ),
    "UNKNOWN_LEVEL": (
        "An access level is 'none', 'read' or 'write'.",
        "Un niveau d’accès vaut « none » (aucun), « read » (lecture) ou « write » (écriture).",
    ),
    "ACTION_INVALID": (
        "An action is 'read' or 'write'.",
        "Une action vaut « read » (lecture) ou « write » (écriture).",
    ),
    "RECORD_ID_MISMATCH": (
        "Each record is indexed under its own record id.",
        "Chaque dossier est indexé sous son propre identifiant.",
    ),
    "RECORD_NOT_FOUND": (
        "No record has this id.",
        "Aucun dossier n’a cet identifiant.",
    ),
}
