"""Builders of valid sample entities (*jeux d'essai*) for tests and examples.

Identifiers are derived from a number so that two builders with different numbers never clash
(R8). All instants derive from :data:`EPOCH`, a fixed instant: nothing reads the clock.

>>> record, creator = new_record()
>>> record.version, creator.account
(1, 'pass:1')
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from carecircle._model import (
    AccountState,
    CoordinationRecord,
    DirectoryProfessional,
    DirectoryStructure,
    Lifting,
    ManualProfessional,
    ManualStructure,
    PassAccount,
    Patient,
    Principal,
    Refusal,
    RelatedPerson,
    Statement,
)
from carecircle._operations import create_record
from carecircle.nomenclatures import Code, categories, professions

__all__ = [
    "EPOCH",
    "directory_professional",
    "directory_structure",
    "instant",
    "manual_professional",
    "manual_structure",
    "new_record",
    "patient",
    "related_person",
]

#: The fixed instant sample data starts from.
EPOCH: Final = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def instant(minutes: int) -> dt.datetime:
    """``EPOCH`` plus ``minutes`` minutes."""
    return EPOCH + dt.timedelta(minutes=minutes)


def patient(n: int = 1) -> Patient:
    """Patient ``P-<n>``, Louise Martin, with no INS."""
    return Patient(patient_id=f"P-{n}", family_name="Martin", given_name="Louise")


def directory_professional(
    n: int,
    *,
    account: bool = True,
    state: AccountState = AccountState.ACTIVE,
    profession: Code | None = professions.MEDECIN,
    family_name: str = "Durand",
) -> DirectoryProfessional:
    """Professional number ``n``: RPPS-based idNat_PS ``8`` + 11 digits, account ``pass:<n>``."""
    return DirectoryProfessional(
        national_id=f"8{n:011d}",
        account=PassAccount(id=f"pass:{n}", state=state) if account else None,
        profession=profession,
        family_name=family_name,
        given_name=f"Prénom{n}",
    )


def manual_professional(
    n: int = 1, *, profession: Code | None = professions.MASSEUR_KINESITHERAPEUTE
) -> ManualProfessional:
    """A professional entered by hand (*professionnel saisi manuellement*), not habilitable."""
    return ManualProfessional(family_name=f"Manuel{n}", given_name="Marc", profession=profession)


def related_person(n: int = 1, *, unlisted: bool = False) -> RelatedPerson:
    """A related person (*entourage*), Julie Proche<n>; ``unlisted`` hides her phones (R12)."""
    return RelatedPerson(family_name=f"Proche{n}", given_name="Julie", unlisted=unlisted)


def directory_structure(
    n: int, *, legal_entity: bool = True, delegates: frozenset[str] = frozenset()
) -> DirectoryStructure:
    """Structure number ``n``, directory id ``S<n>``, an SSIAD."""
    return DirectoryStructure(
        national_id=f"S{n}",
        name=f"SSIAD {n}",
        category=categories.SSIAD,
        legal_entity=legal_entity,
        delegates=delegates,
    )


def manual_structure(n: int = 1) -> ManualStructure:
    """A structure entered by hand, « Association <n> »."""
    return ManualStructure(name=f"Association {n}", acronym=f"A{n}")


def new_record(
    creator_number: int = 1, *, at: dt.datetime = EPOCH
) -> tuple[CoordinationRecord, Principal]:
    """A fresh record created by directory professional ``creator_number``, and that creator."""
    entry = directory_professional(creator_number)
    creator = Principal.from_entry(entry)
    change = create_record(
        record_id="DC-1", patient=patient(), creator=creator, creator_entry=entry, at=at
    )
    return change.record, creator


def refusal(
    at: dt.datetime = EPOCH,
    *,
    refusal_id: str = "R1",
    categories: frozenset[str] = frozenset(),
    by: str = "pass:4711",
    lifted_at: dt.datetime | None = None,
) -> Refusal:
    """A refusal the patient expressed and ``by`` recorded at ``at`` (of the whole record, or
    of ``categories``), lifted at ``lifted_at`` when given.
    """
    lifted = (
        None
        if lifted_at is None
        else Lifting(
            statement=Statement(expressed_at=lifted_at), recorded_by=by, recorded_at=lifted_at
        )
    )
    return Refusal(
        refusal_id=refusal_id,
        statement=Statement(expressed_at=at),
        recorded_by=by,
        recorded_at=at,
        categories=categories,
        lifted=lifted,
    )


def refusals(refused: bool, at: dt.datetime = EPOCH) -> tuple[Refusal, ...]:  # noqa: FBT001
    """What ``Membership(refusals=...)`` takes for a member refused (or not) since ``at``."""
    return (refusal(at),) if refused else ()
