"""The words of access: why a decision denies (:class:`~carecircle.Reason`), why an actor may
not edit the circle (``ACTOR_<REASON>``, R6), what an emergency access refuses, and the
habilitation matrix's own problems.
"""

from __future__ import annotations

from typing import Final

__all__ = ["TEXTS"]

#: Code -> (English, French).
TEXTS: Final[dict[str, tuple[str, str]]] = {
    # -- denial reasons (Reason) ---------------------------------------------------------------
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
        ("Profession inconnue : ni le référentiel ni la matrice d’habilitation ne la connaissent."),
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
}
