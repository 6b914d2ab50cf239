"""Operations on the patient's decisions and on mistakes: a sharing refusal recorded or lifted
(R4, CSP L1110-4), a member marked entered in error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from carecircle._errors import Violation
from carecircle._model.membership import Membership
from carecircle._model.principal import Principal
from carecircle._model.record import CoordinationRecord
from carecircle._model.refusals import EnteredInError, Lifting, Refusal, Statement, categories_of
from carecircle._operations._boundary import checked_arguments, statement_of, text
from carecircle._operations._change import Change, apply
from carecircle._operations._editing import current_membership
from carecircle._operations._statements import statement_violations
from carecircle.roles import DEFAULT_ROLES
from carecircle.rules._common import member_path

__all__ = ["lift_refusal", "mark_entered_in_error", "record_refusal"]


def _as_it_stands(record: CoordinationRecord, member_id: object, at: dt.datetime) -> bool:
    """What ``current_membership`` is asked for a member who may have left: as they stand."""
    found = record.circle.find(member_id) if isinstance(member_id, str) else None
    return found is None or found.is_active(at)


def record_refusal(
    record: CoordinationRecord,
    member_id: str,
    *,
    statement: Statement,
    actor: Principal,
    at: dt.datetime,
    categories: Iterable[str] = (),
    expected_version: int | None = None,
) -> Change:
    """Record the patient's refusal to share with a member (R4), as ``statement`` says who
    expressed it (the patient, or a member who is their legal representative), when and how.

    ``categories`` empty: the whole record; else only these information categories (the
    patient refuses psychological information to the pharmacist). The refusal stands from
    ``at``; it gets the member's next refusal id (``R1``, ``R2``…). The actor, who records
    it, needs effective access (R6); in a suspended or closed circle it may still be recorded,
    and on a member who left (the refusal is about the person, should they come back).
    """
    record, actor, at = checked_arguments(record, actor, at, expected_version)
    statement = statement_of(statement, "statement")
    scope = categories_of(categories, "categories")
    said = statement_violations(record, [statement], at=at, path="statement")
    active = _as_it_stands(record, member_id, at)
    before = current_membership(record, member_id, actor=actor, at=at, active=active, besides=said)
    refusal = Refusal(
        refusal_id=before.next_refusal_id(),
        statement=statement,
        recorded_by=actor.label,
        recorded_at=at,
        categories=scope,
    )
    after = attrs.evolve(before, refusals=(*before.refusals, refusal))
    return apply(record, after, actor=actor, at=at, catalog=DEFAULT_ROLES, also=said)


def lift_refusal(
    record: CoordinationRecord,
    member_id: str,
    refusal_id: str,
    *,
    statement: Statement,
    actor: Principal,
    at: dt.datetime,
    expected_version: int | None = None,
) -> Change:
    """Lift a standing refusal, as the patient (or their legal representative) decided
    (R4): the refusal keeps its history and gains its :class:`~carecircle.Lifting`.

    A refusal that does not exist is ``REFUSAL_NOT_FOUND``; one already lifted
    ``REFUSAL_ALREADY_LIFTED``. The member may have left the circle: a refusal outlives the
    participation (the patient's decision about a person).
    """
    record, actor, at = checked_arguments(record, actor, at, expected_version)
    statement = statement_of(statement, "statement")
    text(refusal_id, "refusal_id")

    def standing(m: Membership) -> list[Violation]:
        found = m.find_refusal(refusal_id)
        path = member_path(member_id, f"refusals[{refusal_id}]")
        if found is None:
            return [Violation(code="REFUSAL_NOT_FOUND", path=path, message="no such refusal")]
        if found.lifted is not None:
            return [
                Violation(
                    code="REFUSAL_ALREADY_LIFTED", path=path, message="this refusal was lifted"
                )
            ]
        return []

    said = statement_violations(record, [statement], at=at, path="statement")
    active = _as_it_stands(record, member_id, at)
    before = current_membership(
        record, member_id, actor=actor, at=at, active=active, also=standing, besides=said
    )
    lifting = Lifting(statement=statement, recorded_by=actor.label, recorded_at=at)
    refusals = tuple(
        attrs.evolve(r, lifted=lifting) if r.refusal_id == refusal_id else r
        for r in before.refusals
    )
    after = attrs.evolve(before, refusals=refusals)
    return apply(record, after, actor=actor, at=at, catalog=DEFAULT_ROLES, also=said)


def mark_entered_in_error(
    record: CoordinationRecord,
    member_id: str,
    *,
    actor: Principal,
    at: dt.datetime,
    reason: str = "",
    expected_version: int | None = None,
) -> Change:
    """Mark a member entered in error (the wrong Dr Durand was added): from now on they never
    count as a participant, at any instant, give nothing, and are left out of lists; their
    entry and its events stay for the audit trail. Final: the right member is added anew.
    """
    record, actor, at = checked_arguments(record, actor, at, expected_version)
    reason = text(reason, "reason")
    active = _as_it_stands(record, member_id, at)
    before = current_membership(record, member_id, actor=actor, at=at, active=active)
    after = attrs.evolve(
        before, entered_in_error=EnteredInError(at=at, by=actor.label, reason=reason)
    )
    return apply(record, after, actor=actor, at=at, catalog=DEFAULT_ROLES)
