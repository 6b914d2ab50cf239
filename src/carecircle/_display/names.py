"""Access paths and refusals in words (*chemins d'accès, refus*), with the members' names when
the record is at hand: the one wording the display and ``carecircle explain`` share.

>>> from carecircle._access.decision import AccessPath, RefusalRef
>>> from carecircle.testing.builders import new_record
>>> record, _ = new_record()
>>> path_words(AccessPath(member_id="M1"), record, "en")
'member M1 DURAND Prénom1'
>>> path_words(AccessPath(member_id="M3", via_structure=True), None, "fr")
'membre M3 (via une structure)'
>>> refusal_words(RefusalRef(member_id="M1", refusal_id="R1"), record, "fr")
'refus R1 du membre M1 DURAND Prénom1'
"""

from __future__ import annotations

from carecircle._access.decision import AccessPath, RefusalRef
from carecircle._display._words import Lang
from carecircle._model.people import DirectoryProfessional
from carecircle._model.record import CoordinationRecord
from carecircle._model.refusals import PATIENT
from carecircle._model.structures import DirectoryStructure

__all__ = [
    "expressed_words",
    "member_words",
    "name_by_id",
    "name_of",
    "path_words",
    "refusal_words",
]


def name_of(record: CoordinationRecord | None, member_id: str | None) -> str | None:
    """The display name of the record's member ``member_id``, if there is one."""
    if record is None or member_id is None:
        return None
    found = record.circle.find(member_id)
    return None if found is None else found.display_name


def name_by_id(record: CoordinationRecord | None, key: str) -> str | None:
    """The display name of the member whose PASS account, national id or structure id is
    ``key`` (how notices and emergency accesses name people), if the record has one.
    """
    if record is None:
        return None
    for m in record.circle:
        member = m.member
        if isinstance(member, DirectoryStructure):
            ids: tuple[str | None, ...] = (member.national_id,)
        elif isinstance(member, DirectoryProfessional):
            account = None if member.account is None else member.account.id
            ids = (account, member.national_id)
        else:
            continue
        if key in ids:
            return m.display_name
    return None


def member_words(record: CoordinationRecord | None, member_id: str | None, lang: Lang) -> str:
    """``member M2 DURAND Hélène`` (``membre`` in French), the name when the record has it."""
    name = name_of(record, member_id)
    shown = f"{'membre' if lang == 'fr' else 'member'} {member_id}"
    return shown if name is None else f"{shown} {name}"


def expressed_words(record: CoordinationRecord | None, expressed_by: str, lang: Lang) -> str:
    """Who expressed a patient's statement: the patient, or a member (their representative)."""
    if expressed_by == PATIENT:
        return "le patient" if lang == "fr" else "the patient"
    name = name_of(record, expressed_by)
    return expressed_by if name is None else f"{expressed_by} {name}"


def path_words(path: AccessPath, record: CoordinationRecord | None, lang: Lang) -> str:
    """How an access path reached the record: a member (through a structure, or its own
    membership) or an emergency access.
    """
    if path.emergency_id is not None:
        return f"{'accès en urgence' if lang == 'fr' else 'emergency access'} {path.emergency_id}"
    shown = member_words(record, path.member_id, lang)
    if path.via_structure:
        shown += " (via une structure)" if lang == "fr" else " (via structure)"
    return shown


def refusal_words(ref: RefusalRef, record: CoordinationRecord | None, lang: Lang) -> str:
    """``refusal R1 on member M4 VIDAL Jérôme`` (``refus R1 du membre …`` in French)."""
    on = member_words(record, ref.member_id, lang)
    if lang == "fr":
        return f"refus {ref.refusal_id} du {on}"
    return f"refusal {ref.refusal_id} on {on}"
