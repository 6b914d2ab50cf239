"""Operations on the record itself: the circle's status (CDS ``CareTeam.status``) and
emergency accesses (*bris de glace*).
"""

from __future__ import annotations

import datetime as dt

import attrs

from carecircle import events as ev
from carecircle._access.decision import Reason
from carecircle._access.effective import membership_access
from carecircle._errors import InvalidValueError, Violation, ViolationKind
from carecircle._model.lifecycle import (
    TRANSITIONS,
    CircleStatus,
    EmergencyAccess,
    StatusChange,
    circle_status,
)
from carecircle._model.people import DirectoryProfessional
from carecircle._model.principal import Principal
from carecircle._model.record import CoordinationRecord
from carecircle._notifications import EmergencyNotice
from carecircle._operations._boundary import checked_arguments, text, typed
from carecircle._operations._change import Change
from carecircle.rules import editing
from carecircle.rules import record as record_rules
from carecircle.rules._common import raise_if_any
from carecircle.rules.lifecycle import is_editor

__all__ = ["EmergencyPolicy", "change_status", "open_in_emergency"]


def _meta(record: CoordinationRecord, actor: Principal, at: dt.datetime) -> ev.EventMeta:
    return ev.EventMeta(
        record_id=record.record_id, version=record.version + 1, actor=actor.label, at=at
    )


def change_status(
    record: CoordinationRecord,
    status: CircleStatus | str,
    *,
    actor: Principal,
    at: dt.datetime,
    reason: str = "",
    expected_version: int | None = None,
) -> Change:
    """Move the circle to ``status`` (:data:`~carecircle.TRANSITIONS` says which moves
    are allowed; ``STATUS_TRANSITION_NOT_ALLOWED`` otherwise), by one of its editors (R6:
    what the circle's memberships say, whatever its status). The status it already has
    changes nothing. ``inactive`` closes the circle's period and ``entered-in-error`` is
    final; both may leave it without an editor.
    """
    record, actor, at = checked_arguments(record, actor, at, expected_version)
    status = circle_status(status)
    reason = text(reason, "reason")
    found = [*editing.check(record, actor, at=at), *record_rules.before_last_change(record, at)]
    current = record.status
    if status is not current and status not in TRANSITIONS[current]:
        found.append(
            Violation(
                code="STATUS_TRANSITION_NOT_ALLOWED",
                path="status",
                message=f"a circle cannot go from {current} to {status}",
                kind=ViolationKind.CONFLICT,
            )
        )
    raise_if_any(found)
    if status is current:
        return Change(record=record, based_on=record.version)
    change = StatusChange(status=status, at=at, by=actor.label, reason=reason)
    after = attrs.evolve(
        record,
        status_history=(*record.status_history, change),
        version=record.version + 1,
        updated_at=at,
    )
    event = ev.CircleStatusChanged(
        meta=_meta(record, actor, at), before=current, after=status, reason=reason
    )
    return Change(record=after, based_on=record.version, events=(event,))


def _positive(value: object, path: str) -> dt.timedelta:
    typed(value, dt.timedelta, path, "a datetime.timedelta")
    assert isinstance(value, dt.timedelta)  # noqa: S101 -- checked just above
    if value <= dt.timedelta(0):
        raise InvalidValueError.of("DURATION_INVALID", path, "a duration is positive")
    return value


def _duration(value: object) -> dt.timedelta:
    return _positive(value, "policy.duration")


@attrs.frozen(kw_only=True)
class EmergencyPolicy:
    """How long an emergency access lasts on this platform (the service configures it; the
    DMP's *bris de glace* is a consultation of the moment): ``duration`` from its opening.
    """

    duration: dt.timedelta = attrs.field(default=dt.timedelta(hours=4), converter=_duration)


def _emergency_violations(
    record: CoordinationRecord, principal: Principal, reason: str, at: dt.datetime
) -> list[Violation]:
    found = record_rules.before_last_change(record, at)
    if record.status is not CircleStatus.ACTIVE:
        found.append(
            Violation(
                code="CIRCLE_" + record.status.upper().replace("-", "_"),
                path="record.status",
                message=f"the circle is {record.status}: only an active circle opens",
                kind=ViolationKind.CONFLICT,
            )
        )
    if not principal.has_active_account:
        found.append(
            Violation(
                code="EMERGENCY_ACCOUNT_REQUIRED",
                path="principal.account",
                message="an emergency access needs an active PASS account",
                kind=ViolationKind.PERMISSION,
            )
        )
    if not reason:
        found.append(
            Violation(
                code="EMERGENCY_REASON_REQUIRED",
                path="reason",
                message="an emergency access states why the record is opened",
            )
        )
    answer = membership_access(record, principal, at=at)
    for reason_code in (Reason.SHARING_REFUSED, Reason.IDENTITY_MISMATCH):
        if reason_code in answer.reasons:
            found.append(
                Violation(
                    code=f"EMERGENCY_{reason_code}",
                    path="principal",
                    message="an emergency access never goes against the patient's refusal "
                    "nor opens to ids that designate more than one person",
                    kind=ViolationKind.PERMISSION,
                )
            )
    if answer.allowed:
        found.append(
            Violation(
                code="EMERGENCY_NOT_NEEDED",
                path="principal",
                message="this professional already has access to the record",
                kind=ViolationKind.CONFLICT,
            )
        )
    if any(
        e.stands_at(at) and e.is_for(principal.account, principal.national_id)
        for e in record.emergency_accesses
    ):
        found.append(
            Violation(
                code="EMERGENCY_ALREADY_OPEN",
                path="principal",
                message="an emergency access of this professional is still open",
                kind=ViolationKind.CONFLICT,
            )
        )
    return found


def _notices(
    record: CoordinationRecord, access: EmergencyAccess, at: dt.datetime
) -> tuple[EmergencyNotice, ...]:
    found = []
    for m in record.circle:
        if not is_editor(m, at):
            continue
        member = m.member
        if isinstance(member, DirectoryProfessional):
            assert member.account is not None  # noqa: S101 -- an editor has an account
            recipient, structure = member.account.id, False
        else:
            recipient, structure = member.national_id, True  # type: ignore[union-attr]
        found.append(
            EmergencyNotice(
                record_id=record.record_id,
                access_id=access.access_id,
                recipient=recipient,
                structure=structure,
                opened_by=access.account,
                at=at,
                ends=access.ends,
            )
        )
    return tuple(found)


def open_in_emergency(
    record: CoordinationRecord,
    *,
    principal: Principal,
    reason: str,
    at: dt.datetime,
    policy: EmergencyPolicy,
    expected_version: int | None = None,
) -> Change:
    """Open the record in an emergency (*bris de glace*) for a professional outside the
    circle, or a member without access: from ``at`` for the policy's duration, for reading.

    Never against a sharing refusal of the patient, never in a circle that is not active;
    the principal needs an active PASS account and states ``reason``. The change carries an
    :class:`~carecircle.events.EmergencyAccessOpened` event for the audit and an
    :class:`~carecircle.EmergencyNotice` for each of the circle's editors.
    """
    record, principal, at = checked_arguments(record, principal, at, expected_version)
    reason = text(reason, "reason").strip()
    typed(policy, EmergencyPolicy, "policy", "an EmergencyPolicy")
    raise_if_any(_emergency_violations(record, principal, reason, at))
    assert principal.account is not None  # noqa: S101 -- an active account was required
    try:
        ends = at + policy.duration
    except OverflowError:
        raise InvalidValueError.of(
            "INSTANT_OUT_OF_RANGE", "at", "the emergency access would end past datetime's range"
        ) from None
    access = EmergencyAccess(
        access_id=record.next_emergency_id(),
        account=principal.account,
        national_id=principal.national_id,
        reason=reason,
        starts=at,
        ends=ends,
    )
    after = attrs.evolve(
        record,
        emergency_accesses=(*record.emergency_accesses, access),
        version=record.version + 1,
        updated_at=at,
    )
    event = ev.EmergencyAccessOpened(
        meta=_meta(record, principal, at),
        access_id=access.access_id,
        account=access.account,
        national_id=access.national_id,
        ends=access.ends,
        reason=reason,
    )
    return Change(
        record=after,
        based_on=record.version,
        events=(event,),
        notifications=_notices(record, access, at),
    )
