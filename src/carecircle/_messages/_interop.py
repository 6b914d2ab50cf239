"""The words of the interop: FHIR import and export, profile checking, OpenFGA export."""

from __future__ import annotations

from typing import Final

__all__ = ["TEXTS"]

#: Code -> (English, French).
TEXTS: Final[dict[str, tuple[str, str]]] = {
    # -- FHIR import: bundles, entries and references ----------------------------------------
    "BUNDLE_INVALID": (
        "No record could be read from the bundle.",
        "Aucun dossier n’a pu être lu dans le Bundle.",
    ),
    "BUNDLE_TYPE_UNSUPPORTED": (
        "A bundle is a transaction, a searchset or a collection.",
        "Un Bundle est de type transaction, searchset ou collection.",
    ),
    "RESOURCE_TYPE_INVALID": (
        "A FHIR Bundle is expected.",
        "Un Bundle FHIR est attendu.",
    ),
    "RESOURCE_TYPE_UNSUPPORTED": (
        "This resource is not one of the guide’s.",
        "Cette ressource ne fait pas partie du guide d’implémentation.",
    ),
    "CARETEAM_REQUIRED": (
        "A bundle holds exactly one CareTeam.",
        "Un Bundle contient exactement un CareTeam.",
    ),
    "METHOD_NOT_ALLOWED": (
        "A transaction entry is sent with POST or PUT.",
        "Une entrée de transaction est envoyée par POST ou PUT.",
    ),
    "FULL_URL_DUPLICATE": (
        "Two entries of the bundle have the same fullUrl.",
        "Deux entrées du Bundle ont le même fullUrl.",
    ),
    "REFERENCE_UNRESOLVED": (
        "No entry of the bundle matches this reference.",
        "Aucune entrée du Bundle ne correspond à cette référence.",
    ),
    "REFERENCE_TYPE_NOT_ALLOWED": (
        "This reference names a resource of a type not allowed here.",
        "Cette référence désigne une ressource d’un type non admis ici.",
    ),
    "MEMBER_TYPE_NOT_ALLOWED": (
        (
            "A member of the care team (CareTeam) is a PractitionerRole, a RelatedPerson or an "
            "Organization."
        ),
        (
            "Un membre de l’équipe de prise en charge (CareTeam) est un PractitionerRole, un "
            "RelatedPerson ou une Organization."
        ),
    ),
    "ELEMENT_REQUIRED": (
        "A required FHIR element is missing.",
        "Un élément FHIR obligatoire est absent.",
    ),
    "IDENTIFIER_CARDINALITY": (
        "A CareTeam has exactly one identifier.",
        "Un CareTeam a exactement un identifiant.",
    ),
    "STATUS_MISMATCH": (
        "The status is not the last one of its history.",
        "Le statut n’est pas le dernier de son historique.",
    ),
    # -- FHIR import: sharing refusals (Consent) ---------------------------------------------
    "CONSENT_STATUS_UNSUPPORTED": (
        "A sharing refusal (Consent) is active or inactive.",
        "Un refus de partage (Consent) est actif ou inactif.",
    ),
    "CONSENT_NOT_A_REFUSAL": (
        "A sharing refusal is a Consent with a deny provision.",
        "Un refus de partage est un Consent avec une disposition de refus (deny).",
    ),
    "CONSENT_ACTOR_NOT_A_MEMBER": (
        "The actor a refusal (Consent) names is not a member of the care circle.",
        "L’acteur visé par un refus de partage (Consent) n’est pas membre du cercle de soins.",
    ),
    "CONSENT_STATUS_MISMATCH": (
        "A standing sharing refusal carries no lifting.",
        "Un refus de partage en cours ne porte pas de levée.",
    ),
    "PERFORMER_NOT_A_MEMBER": (
        "A sharing refusal is the statement of the patient or of a member of the care circle.",
        "Un refus de partage est exprimé par le patient ou par un membre du cercle de soins.",
    ),
    "IDENTIFIER_INVALID": (
        "This identifier is not that of a sharing refusal of this member.",
        "Cet identifiant n’est pas celui d’un refus de partage de ce membre.",
    ),
    "CATEGORY_SYSTEM_UNKNOWN": (
        "Refused categories come from carecircle’s code system of categories.",
        "Les catégories refusées relèvent de la nomenclature des catégories de carecircle.",
    ),
    # -- FHIR export -------------------------------------------------------------------------
    "RECORD_MISMATCH": (
        "The two records are not versions of the same record.",
        "Les deux dossiers ne sont pas des versions du même dossier.",
    ),
    "VERSION_NOT_NEWER": (
        "The later version must have a higher number.",
        "La version la plus récente doit porter un numéro plus élevé.",
    ),
    # -- FHIR profile checking ---------------------------------------------------------------
    "FHIR_CARDINALITY": (
        "A FHIR element occurs fewer or more times than the profile allows.",
        "Un élément FHIR apparaît moins ou plus de fois que le profil ne le permet.",
    ),
    "FHIR_FIXED_VALUE": (
        "A FHIR element differs from the value the profile fixes.",
        "Un élément FHIR diffère de la valeur fixée par le profil.",
    ),
    "FHIR_PATTERN": (
        "A FHIR element does not match the profile’s pattern.",
        "Un élément FHIR ne respecte pas le motif (pattern) du profil.",
    ),
    "FHIR_BINDING": (
        "A code is outside the value set the profile requires.",
        "Un code est hors du jeu de valeurs exigé par le profil.",
    ),
    "FHIR_TARGET_PROFILE": (
        "A reference points to a resource the profile does not allow.",
        "Une référence pointe vers une ressource que le profil n’admet pas.",
    ),
    "FHIR_REFERENCE_UNRESOLVED": (
        "A reference inside the transaction names no entry of the bundle.",
        "Une référence de la transaction ne désigne aucune entrée du Bundle.",
    ),
    "FHIR_INVARIANT": (
        "A constraint (invariant) of the profile is not met.",
        "Une contrainte (invariant) du profil n’est pas respectée.",
    ),
    "FHIR_SLICE": (
        "A slice of the profile occurs fewer or more times than allowed.",
        "Une tranche (slice) du profil apparaît moins ou plus de fois que permis.",
    ),
    "FHIR_PROFILE_UNKNOWN": (
        "No shipped profile can check this resource.",
        "Aucun profil fourni ne permet de vérifier cette ressource.",
    ),
    "FHIR_RESOURCE_TYPE": (
        "The resource is not of the type the profile constrains.",
        "La ressource n’est pas du type que contraint le profil.",
    ),
    "FHIR_WRONG_TYPE": (
        "A value is not shaped as FHIR JSON has it.",
        "Une valeur n’a pas la forme prévue par FHIR JSON.",
    ),
    # -- OpenFGA export ----------------------------------------------------------------------
    "CATEGORY_NOT_EXPORTABLE": (
        "This category name is too long to become an OpenFGA relation.",
        "Ce nom de catégorie est trop long pour devenir une relation OpenFGA.",
    ),
    "ID_REQUIRED": (
        "An id is a non-empty text.",
        "Un identifiant est un texte non vide.",
    ),
    "ID_INVALID": (
        "An id must be UTF-8 text.",
        "Un identifiant doit être un texte UTF-8.",
    ),
    "NO_ACCOUNT": (
        "A professional without a PASS account cannot be an OpenFGA user.",
        "Un professionnel sans compte PASS ne peut pas être un utilisateur OpenFGA.",
    ),
    "PRINCIPAL_REPEATED": (
        "The directory describes each PASS account once.",
        "L’annuaire décrit chaque compte PASS une seule fois.",
    ),
    "DUPLICATE_RECORD_ID": (
        "Each record is exported once.",
        "Chaque dossier n’est exporté qu’une fois.",
    ),
}
