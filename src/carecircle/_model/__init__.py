"""The care-circle model: frozen entities, memberships, the circle and the record."""

from carecircle._model.contact import Address, Contact
from carecircle._model.kinds import DIRECTORY_KINDS, PEOPLE, PROFESSIONALS, STRUCTURES, MemberKind
from carecircle._model.lifecycle import TRANSITIONS, CircleStatus, EmergencyAccess, StatusChange
from carecircle._model.membership import Member, Membership, Participation
from carecircle._model.people import (
    AccountState,
    DirectoryProfessional,
    ManualProfessional,
    PassAccount,
    Patient,
    RelatedPerson,
)
from carecircle._model.principal import Principal
from carecircle._model.record import CareCircle, CoordinationRecord
from carecircle._model.refusals import (
    PATIENT,
    Collection,
    EnteredInError,
    Lifting,
    Refusal,
    Statement,
)
from carecircle._model.structures import DirectoryStructure, ManualStructure

__all__ = [
    "DIRECTORY_KINDS",
    "PATIENT",
    "PEOPLE",
    "PROFESSIONALS",
    "STRUCTURES",
    "TRANSITIONS",
    "AccountState",
    "Address",
    "CareCircle",
    "CircleStatus",
    "Collection",
    "Contact",
    "CoordinationRecord",
    "DirectoryProfessional",
    "DirectoryStructure",
    "EmergencyAccess",
    "EnteredInError",
    "Lifting",
    "ManualProfessional",
    "ManualStructure",
    "Member",
    "MemberKind",
    "Membership",
    "Participation",
    "PassAccount",
    "Patient",
    "Principal",
    "Refusal",
    "RelatedPerson",
    "Statement",
    "StatusChange",
]
