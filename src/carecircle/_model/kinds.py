"""Member kinds (*types de membre*) of a care circle."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["DIRECTORY_KINDS", "PEOPLE", "PROFESSIONALS", "STRUCTURES", "MemberKind"]


class MemberKind(StrEnum):
    """The five kinds of member the guide knows."""

    DIRECTORY_PROFESSIONAL = "directory_professional"
    MANUAL_PROFESSIONAL = "manual_professional"
    RELATED_PERSON = "related_person"
    DIRECTORY_STRUCTURE = "directory_structure"
    MANUAL_STRUCTURE = "manual_structure"


#: The kinds of professionals: from the directory or entered by hand.
PROFESSIONALS = frozenset({MemberKind.DIRECTORY_PROFESSIONAL, MemberKind.MANUAL_PROFESSIONAL})
#: The kinds of persons: professionals and related persons (*entourage*).
PEOPLE = PROFESSIONALS | {MemberKind.RELATED_PERSON}
#: The kinds of structures: from the directory or entered by hand.
STRUCTURES = frozenset({MemberKind.DIRECTORY_STRUCTURE, MemberKind.MANUAL_STRUCTURE})
#: Kinds that come from a directory: the only ones that may be habilitated (R5, G5).
DIRECTORY_KINDS = frozenset({MemberKind.DIRECTORY_PROFESSIONAL, MemberKind.DIRECTORY_STRUCTURE})
