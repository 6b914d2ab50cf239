"""The changes the store contracts append: made by the library's own operations on fictional
records, so that a store under test keeps what real services hand it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from carecircle._model import CoordinationRecord, Principal, Statement
from carecircle._operations import (
    Change,
    add_member,
    create_record,
    end_participation,
    record_refusal,
    rejoin,
    revoke_habilitation,
    update_member,
)
from carecircle.testing.builders import (
    directory_professional,
    directory_structure,
    instant,
    patient,
    related_person,
)

__all__ = ["CONTRACT_ACTOR", "contract_changes", "created", "edited"]

_CREATOR = directory_professional(1)
#: Who makes every change of the store contracts: the creator of their records, member M1.
CONTRACT_ACTOR = Principal.from_entry(_CREATOR)


def created(record_id: str = "DC-contract-1") -> Change:
    """The creation of a fictional record (version 1) by :data:`CONTRACT_ACTOR`."""
    return create_record(
        record_id=record_id,
        patient=patient(),
        creator=CONTRACT_ACTOR,
        creator_entry=_CREATOR,
        at=instant(0),
    )


def _later(record: CoordinationRecord) -> dt.datetime:
    return record.updated_at + dt.timedelta(minutes=1)


def edited(record: CoordinationRecord, description: str) -> Change:
    """M1's description set to ``description``, a minute after the record's last change (no
    event if it already is).
    """
    return update_member(
        record, "M1", actor=CONTRACT_ACTOR, at=_later(record), description=description
    )


def _refused(record: CoordinationRecord, at: dt.datetime) -> Change:
    statement = Statement(expressed_at=at)
    return record_refusal(
        record, "M2", statement=statement, actor=CONTRACT_ACTOR, at=at, categories={"medical"}
    )


#: The steps of :func:`contract_changes` after the creation: varied events for a store to
#: keep (members of three kinds, a habilitation granted then revoked, a refusal, a stay ended
#: and resumed).
_STEPS: tuple[Callable[[CoordinationRecord, dt.datetime], Change], ...] = (
    lambda r, at: add_member(
        r, directory_professional(2), actor=CONTRACT_ACTOR, at=at, habilitated=True
    ),
    lambda r, at: add_member(r, related_person(3), actor=CONTRACT_ACTOR, at=at),
    lambda r, at: add_member(r, directory_structure(4), actor=CONTRACT_ACTOR, at=at),
    lambda r, at: update_member(r, "M2", actor=CONTRACT_ACTOR, at=at, description="Suivi"),
    _refused,
    lambda r, at: revoke_habilitation(r, "M2", actor=CONTRACT_ACTOR, at=at),
    lambda r, at: end_participation(r, "M3", actor=CONTRACT_ACTOR, at=at),
    lambda r, at: rejoin(r, "M3", actor=CONTRACT_ACTOR, at=at),
)


def contract_changes(record_id: str = "DC-contract-1") -> tuple[Change, ...]:
    """A chain of changes to one record, each applied to the record the one before made:
    the creation (version 1), then eight more (versions 2 to 9).

    >>> [c.based_on for c in contract_changes()]
    [0, 1, 2, 3, 4, 5, 6, 7, 8]
    """
    chain = [created(record_id)]
    for step in _STEPS:
        record = chain[-1].record
        chain.append(step(record, _later(record)))
    return tuple(chain)
