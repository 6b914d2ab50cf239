"""The circle's life after its members joined, for ``records(lifecycle=True)``: refusals
recorded and lifted, members entered in error, emergency accesses, status changes; each step
through the operations, a step the rules refuse left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Final

from hypothesis import strategies as st

from carecircle._access.matrix import STANDARD_CATEGORIES
from carecircle._errors import ChangeRejected
from carecircle._model import (
    AccountState,
    CircleStatus,
    CoordinationRecord,
    MemberKind,
    Principal,
)
from carecircle._model.refusals import Statement
from carecircle._operations import (
    EmergencyPolicy,
    change_status,
    lift_refusal,
    mark_entered_in_error,
    open_in_emergency,
    record_refusal,
)
from carecircle.testing.strategies import _entities as entities

__all__ = ["later", "lives", "refusing"]

_EMERGENCY_REASONS: Final = ("Patient inconscient aux urgences", "Appel du SAMU", "Chute, nuit")


def later(draw: st.DrawFn, at: dt.datetime, *, most: int = 120, least: int = 0) -> dt.datetime:
    """``at`` plus from ``least`` to ``most`` minutes, drawn: the next change's instant (R10)."""
    return at + dt.timedelta(minutes=draw(st.integers(min_value=least, max_value=most)))


def _others(record: CoordinationRecord, at: dt.datetime) -> list[str]:
    """The members but the creator a step of the circle's life may touch: active, not people
    (a refusal concerns professionals and structures, R4).
    """
    return [
        m.member_id
        for m in record.circle.active(at)
        if m.member_id != "M1" and m.kind is not MemberKind.RELATED_PERSON
    ]


Step = Callable[[st.DrawFn, CoordinationRecord, Principal, dt.datetime], CoordinationRecord]


def refusing(
    draw: st.DrawFn,
    record: CoordinationRecord,
    member_id: str,
    *,
    creator: Principal,
    at: dt.datetime,
    categories: frozenset[str],
) -> CoordinationRecord:
    """``record`` after the patient refused, at ``at``, to share ``categories`` (none: the
    whole record) with the member, the refusal lifted a little later now and then (R4).
    """
    record = record_refusal(
        record,
        member_id,
        statement=Statement(expressed_at=at),
        actor=creator,
        at=at,
        categories=categories,
    ).record
    if draw(st.booleans()):
        lifted = later(draw, at, least=1, most=60)
        refusal_id = record.circle.get(member_id).refusals[-1].refusal_id
        record = lift_refusal(
            record,
            member_id,
            refusal_id,
            statement=Statement(expressed_at=lifted),
            actor=creator,
            at=lifted,
        ).record
    return record


def _refusal(
    draw: st.DrawFn, record: CoordinationRecord, creator: Principal, at: dt.datetime
) -> CoordinationRecord:
    """A refusal of the whole record or of some categories, lifted a little later now and then."""
    member_id = draw(st.sampled_from(_others(record, at)))
    which = draw(st.frozensets(st.sampled_from(sorted(STANDARD_CATEGORIES)), max_size=2))
    return refusing(draw, record, member_id, creator=creator, at=at, categories=which)


def _error(
    draw: st.DrawFn, record: CoordinationRecord, creator: Principal, at: dt.datetime
) -> CoordinationRecord:
    """A member entered in error (the wrong Dr Durand): never active again, kept for the audit."""
    member_id = draw(st.sampled_from(_others(record, at)))
    return mark_entered_in_error(
        record, member_id, actor=creator, at=at, reason="Homonyme ajouté par erreur"
    ).record


def _emergency(
    draw: st.DrawFn, record: CoordinationRecord, creator: Principal, at: dt.datetime
) -> CoordinationRecord:
    """An emergency access (*bris de glace*) of a professional outside the circle."""
    del creator  # an emergency access is opened by the professional asking for it
    principal = draw(entities.principals(account_states=st.just(AccountState.ACTIVE)))
    minutes = draw(st.integers(min_value=1, max_value=8 * 60))
    return open_in_emergency(
        record,
        principal=principal,
        reason=draw(st.sampled_from(_EMERGENCY_REASONS)),
        at=at,
        policy=EmergencyPolicy(duration=dt.timedelta(minutes=minutes)),
    ).record


_STEPS: Final[tuple[Step, ...]] = (_refusal, _refusal, _error, _emergency)
#: How a record's life ends: active still (most often), or one or two status changes.
_ENDINGS: Final = (
    (),
    (),
    (CircleStatus.SUSPENDED,),
    (CircleStatus.SUSPENDED, CircleStatus.ACTIVE),
    (CircleStatus.INACTIVE,),
)


def lives(draw: st.DrawFn, record: CoordinationRecord, creator: Principal) -> CoordinationRecord:
    """``record`` after a few steps of its circle's life, each through the operations (a step
    the rules refuse is left out), and maybe a status change or two at the end.
    """
    at = record.updated_at
    for step in draw(st.lists(st.sampled_from(_STEPS), max_size=3)):
        at = later(draw, at, most=60)
        if step is not _emergency and not _others(record, at):
            continue
        try:
            record = step(draw, record, creator, at)
        except ChangeRejected:
            continue
        at = record.updated_at
    for status in draw(st.sampled_from(_ENDINGS)):
        at = later(draw, at, least=1, most=60)
        record = change_status(record, status, actor=creator, at=at, reason="").record
    return record
