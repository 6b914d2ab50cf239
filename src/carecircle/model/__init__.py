"""The care-circle model: frozen entities, memberships, the circle and the record."""

from carecircle.model.contact import Address, Contact
from carecircle.model.kinds import DIRECTORY_KINDS, PEOPLE, PROFESSIONALS, STRUCTURES, MemberKind
from carecircle.model.lifecycle import TRANSITIONS, CircleStatus, EmergencyAccess, StatusChange
from carecircle.model.membership import Member, Membership, Participation
from carecircle.model.people import (
    AccountState,
    DirectoryProfessional,
    ManualProfessional,
    PassAccount,
    Patient,
    RelatedPerson,
)
from carecircle.model.principal import Principal
from carecircle.model.record import CareCircle, CoordinationRecord
from carecircle.model.refusals import (
    PATIENT,
    Collection,
    EnteredInError,
    Lifting,
    Refusal,
    Statement,
)
from carecircle.model.structures import DirectoryStructure, ManualStructure

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
