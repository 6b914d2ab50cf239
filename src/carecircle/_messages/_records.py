"""The words of the record's rules and operations: members, roles, habilitations, refusals,
statuses and versions (R4–R12).
"""

from __future__ import annotations

from typing import Final

__all__ = ["TEXTS"]

#: Code -> (English, French).
TEXTS: Final[dict[str, tuple[str, str]]] = {
    # -- members: eligibility, roles, duplicates (R5, R7, R8) --------------------------------
    "HABILITATION_NOT_ELIGIBLE": (
        "Only professionals and structures from a directory can be habilitated.",
        "Seuls les professionnels et les structures issus de l’annuaire peuvent être habilités.",
    ),
    "HABILITATION_END_WITHOUT_HABILITATION": (
        "A habilitation end is given for a member who is not habilitated.",
        "Une fin d’habilitation est indiquée pour un membre qui n’est pas habilité.",
    ),
    "HABILITATION_ENDS_IN_PAST": (
        "A habilitation must end after the moment it is granted.",
        "La fin d’une habilitation doit être postérieure au moment où elle est accordée.",
    ),
    "SHARING_REFUSAL_NOT_APPLICABLE": (
        "A sharing refusal can only be recorded on a professional or a structure.",
        "Un refus de partage ne peut être enregistré que pour un professionnel ou une structure.",
    ),
    "PROTECTION_WITHOUT_REPRESENTATIVE": (
        (
            "A legal protection measure is exercised by a legal representative: give the member "
            "that role too."
        ),
        (
            "Une mesure de protection juridique est exercée par un représentant légal : attribuez "
            "aussi ce rôle au membre."
        ),
    ),
    "UNKNOWN_ROLE": (
        "This role is not in the catalogue of roles.",
        "Ce rôle ne figure pas dans le référentiel des rôles.",
    ),
    "ROLE_NOT_ALLOWED_FOR_KIND": (
        "This kind of member cannot hold this role.",
        "Ce type de membre ne peut pas avoir ce rôle.",
    ),
    "ROLE_REQUIRES_PROFESSION": (
        "This role is for members of another profession.",
        "Ce rôle est réservé à une autre profession.",
    ),
    "UNIQUE_ROLE_TAKEN": (
        "This role is unique in the care circle and another member already holds it.",
        "Ce rôle est unique dans le cercle de soins et un autre membre l’occupe déjà.",
    ),
    "DUPLICATE_MEMBER": (
        "This professional or structure is already an active member of the care circle.",
        "Ce professionnel ou cette structure est déjà membre actif du cercle de soins.",
    ),
    "FORMER_MEMBER": (
        (
            "This professional or structure has left the care circle: bring the member back rather"
            " than adding them again."
        ),
        (
            "Ce professionnel ou cette structure a quitté le cercle de soins : réintégrez ce "
            "membre plutôt que de l’ajouter à nouveau."
        ),
    ),
    "CODE_NOT_ALLOWED": (
        "This code does not come from a code system allowed here.",
        "Ce code n’est pas issu d’une nomenclature admise ici.",
    ),
    "UNKNOWN_CODE": (
        "This code is not in its code system.",
        "Ce code ne figure pas dans sa nomenclature.",
    ),
    "CLOSED_CODE": (
        "This code is closed (retired) in its code system.",
        "Ce code est fermé (retiré) dans sa nomenclature.",
    ),
    "IDENTITY_REQUIRED": (
        "A directory professional needs a national id (idNat_PS) or a PASS account.",
        (
            "Un professionnel de l’annuaire doit avoir un identifiant national (idNat_PS) ou un "
            "compte PASS."
        ),
    ),
    "CREATOR_MISMATCH": (
        "The directory entry of the record’s creator must be their own.",
        "La fiche d’annuaire du créateur du dossier doit être la sienne.",
    ),
    "ENTRY_MISMATCH": (
        "The directory entry describes another professional or structure.",
        "La fiche d’annuaire décrit un autre professionnel ou une autre structure.",
    ),
    # -- private details (R12) ---------------------------------------------------------------
    "PRIVATE_DETAIL_EXPOSED": (
        (
            "The text shows a private detail of the record (a phone number, an e-mail or postal "
            "address, an INS)."
        ),
        (
            "Le texte laisse voir une donnée privée du dossier (téléphone, adresse électronique ou"
            " postale, INS)."
        ),
    ),
    "PRIVATE_DETAIL_IN_TEXT": (
        (
            "This free text seems to hold a contact detail: everyone in the care circle may read "
            "it, so keep contact details in the contact fields."
        ),
        (
            "Ce texte libre semble contenir une coordonnée : tous les membres du cercle de soins "
            "peuvent le lire ; gardez les coordonnées dans les champs prévus."
        ),
    ),
    # -- memberships and stays (R9) ----------------------------------------------------------
    "MEMBER_NOT_FOUND": (
        "No member of the care circle has this id.",
        "Aucun membre du cercle de soins n’a cet identifiant.",
    ),
    "MEMBER_ENTERED_IN_ERROR": (
        "This member was entered in error and can no longer be changed.",
        "Ce membre a été saisi par erreur : il ne peut plus être modifié.",
    ),
    "MEMBER_NOT_ACTIVE": (
        "This member has left the care circle.",
        "Ce membre a quitté le cercle de soins.",
    ),
    "MEMBER_ALREADY_ACTIVE": (
        "This member is still in the care circle.",
        "Ce membre fait toujours partie du cercle de soins.",
    ),
    "MEMBER_ID_INVALID": (
        (
            "This member id is not valid: a text without brackets, given in the order members are "
            "added."
        ),
        (
            "Identifiant de membre invalide : un texte sans crochets, attribué dans l’ordre "
            "d’ajout des membres."
        ),
    ),
    "DUPLICATE_MEMBER_ID": (
        "Two members have the same member id.",
        "Deux membres ont le même identifiant.",
    ),
    "PARTICIPATION_REQUIRED": (
        "A member has at least one participation period.",
        "Un membre a au moins une période de participation.",
    ),
    "PERIODS_OVERLAP": (
        (
            "Participation periods follow one another without overlapping: a member comes back "
            "only after their last participation ended."
        ),
        (
            "Les périodes de participation se suivent sans se chevaucher : un membre ne revient "
            "qu’après la fin de sa dernière participation."
        ),
    ),
    "PERIOD_ENDS_BEFORE_START": (
        "A period cannot end before it starts.",
        "Une période ne peut pas finir avant d’avoir commencé.",
    ),
    "NO_EDITOR_LEFT": (
        (
            "The care circle would be left with no member able to edit it: habilitate another "
            "member first, or close the circle."
        ),
        (
            "Le cercle de soins n’aurait plus aucun membre en mesure de le modifier : habilitez "
            "d’abord un autre membre, ou clôturez le cercle."
        ),
    ),
    # -- sharing refusals (R4) ---------------------------------------------------------------
    "REFUSAL_NOT_FOUND": (
        "No standing sharing refusal has this id.",
        "Aucun refus de partage en cours n’a cet identifiant.",
    ),
    "REFUSAL_ALREADY_LIFTED": (
        "This sharing refusal has already been lifted.",
        "Ce refus de partage a déjà été levé.",
    ),
    "REFUSAL_ID_INVALID": (
        "A refusal id is a non-empty text without brackets.",
        "L’identifiant d’un refus de partage est un texte non vide, sans crochets.",
    ),
    "DUPLICATE_REFUSAL_ID": (
        "Each sharing refusal of a member has its own id.",
        "Chaque refus de partage d’un membre a son propre identifiant.",
    ),
    "EXPRESSED_AFTER_RECORDED": (
        "A refusal or its lifting cannot be recorded before it was expressed.",
        "Un refus ou sa levée ne peut pas être enregistré avant d’avoir été exprimé.",
    ),
    "EXPRESSED_BY_INVALID": (
        (
            "A refusal or its lifting is expressed by the patient or by their legal representative"
            " in the care circle."
        ),
        (
            "Un refus ou sa levée est exprimé par le patient ou par son représentant légal membre "
            "du cercle de soins."
        ),
    ),
    "CATEGORY_INVALID": (
        "A category of information is written in lower-case letters, digits, '_' or '-'.",
        "Une catégorie d’information s’écrit en minuscules, chiffres, « _ » ou « - ».",
    ),
    "COLLECTION_INVALID": (
        "A statement is collected orally, in writing or electronically.",
        "Le mode de recueil est oral, écrit ou électronique.",
    ),
    # -- the record: statuses, instants and versions (R10) -----------------------------------
    "STATUS_TRANSITION_NOT_ALLOWED": (
        "This change of the care circle’s status is not allowed.",
        "Ce changement de statut du cercle de soins n’est pas permis.",
    ),
    "STATUS_INVALID": (
        "Unknown care circle status.",
        "Statut de cercle de soins inconnu.",
    ),
    "STATUS_REQUIRED": (
        "A care circle has a status from its creation.",
        "Un cercle de soins a un statut dès sa création.",
    ),
    "STATUS_HISTORY_INVALID": (
        (
            "The status history does not hold together: it starts at the creation and follows, in "
            "time, the transitions allowed."
        ),
        (
            "L’historique des statuts est incohérent : il commence à la création et suit, dans le "
            "temps, les transitions permises."
        ),
    ),
    "INSTANT_BEFORE_LAST_CHANGE": (
        "A change cannot apply before the record’s latest change.",
        "Une modification ne peut pas s’appliquer avant la dernière modification du dossier.",
    ),
    "VERSION_INVALID": (
        "Record versions start at 1.",
        "Les versions d’un dossier commencent à 1.",
    ),
    "VERSION_CONFLICT": (
        (
            "The record has changed since the version this change is based on: reload it and apply"
            " the change again."
        ),
        (
            "Le dossier a changé depuis la version sur laquelle repose cette modification : "
            "rechargez-le et refaites la modification."
        ),
    ),
}
