"""R11 All problems at once (*tous les problèmes d'un coup*): the whole-record check.

:func:`check` runs every rule on a record's state (R5 eligibility, R7 roles, R8 duplicates,
codes) and returns every violation. :func:`check_change` judges a proposed change: the actor's
right to edit (R6) on the record as it stood, an instant not earlier than the last change
(R10), a habilitation end it sets after ``at``, and the violations the change *introduces*
on the members it touches, so that old data which broke a rule before the rule existed does
not block unrelated edits.

>>> import datetime as dt
>>> from carecircle import CoordinationRecord, Patient
>>> at = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
>>> record = CoordinationRecord(record_id="DC-1", created_by="pass:1", created_at=at,
...     patient=Patient(patient_id="P-1", family_name="Martin", given_name="Louise"))
>>> is_valid(record, at=at)
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from carecircle._errors import Violation
from carecircle._model.principal import Principal
from carecircle._model.record import CareCircle, CoordinationRecord
from carecircle.professions import DEFAULT_PROFESSIONS, ProfessionCatalog
from carecircle.roles import DEFAULT_ROLES, RoleCatalog
from carecircle.rules import codes, duplicates, editing, eligibility, lifecycle, unique_roles
from carecircle.rules._common import member_path, raise_if_any
from carecircle.rules._index import View, index_of

__all__ = [
    "before_last_change",
    "changed_violations",
    "check",
    "check_change",
    "check_change_full",
    "check_members",
    "check_replaced",
    "is_valid",
    "validate",
    "validate_change",
]


def check(
    record: CoordinationRecord,
    *,
    at: dt.datetime,
    catalog: RoleCatalog = DEFAULT_ROLES,
    professions: ProfessionCatalog = DEFAULT_PROFESSIONS,
) -> tuple[Violation, ...]:
    """Every violation of the record's state at ``at``, rule by rule; never raises."""
    return (
        *eligibility.check(record, at=at),
        *unique_roles.check(record, at=at, catalog=catalog),
        *duplicates.check(record, at=at),
        *codes.check(record, at=at, professions=professions),
    )


def _member_id(path: str) -> str | None:
    if path.startswith("members["):
        return path[len("members[") : path.index("]")]
    return None


def _habilitation_ends(
    before: CoordinationRecord,
    after: CoordinationRecord,
    *,
    at: dt.datetime,
    changed: Collection[str],
) -> list[Violation]:
    """A habilitation end a change sets must come after the change (end exclusive)."""
    found = []
    for member_id in changed:
        m = after.circle.find(member_id)
        if m is None or m.habilitation_ends is None or m.habilitation_ends > at:
            continue
        old = before.circle.find(member_id)
        if old is None or old.habilitation_ends != m.habilitation_ends or not old.habilitated:
            found.append(
                Violation(
                    code="HABILITATION_ENDS_IN_PAST",
                    path=member_path(member_id, "habilitation_ends"),
                    message="a habilitation must end after the instant it is granted",
                )
            )
    return found


def check_members(
    view: View,
    member_ids: Collection[str],
    *,
    at: dt.datetime,
    catalog: RoleCatalog,
    professions: ProfessionCatalog = DEFAULT_PROFESSIONS,
) -> list[Violation]:
    """What :func:`check` finds on the circle ``view`` shows whose path names one of
    ``member_ids``, in the same order, judged against the view's indexes only.
    """
    members = [m for m in view.members(member_ids) if m.is_active(at)]
    return [
        *(v for m in members for v in eligibility.member_violations(m)),
        *unique_roles.check_members(view, members, at=at, catalog=catalog),
        *duplicates.check_members(view, members, at=at),
        *(v for m in members for v in codes.member_violations(m, at=at, professions=professions)),
    ]


def before_last_change(record: CoordinationRecord, at: dt.datetime) -> list[Violation]:
    """R10's order of changes: ``INSTANT_BEFORE_LAST_CHANGE`` when ``at`` precedes the
    record's latest change.
    """
    if at >= record.updated_at:
        return []
    return [
        Violation(
            code="INSTANT_BEFORE_LAST_CHANGE",
            path="at",
            message="a change cannot apply before the record's latest change (R10)",
        )
    ]


def _preamble(
    before: CoordinationRecord,
    after: CoordinationRecord,
    *,
    actor: Principal,
    at: dt.datetime,
    changed: Collection[str],
) -> list[Violation]:
    """R6 on the record as it stood, what its status allows, R10's order of changes, the
    habilitation ends set, and a circle never left without an editor.
    """
    found = list(editing.check(before, actor, at=at))
    found.extend(lifecycle.editable(before, after, changed))
    found.extend(before_last_change(before, at))
    found.extend(_habilitation_ends(before, after, at=at, changed=changed))
    found.extend(lifecycle.continuity(before, after, at=at, changed=changed))
    return found


def check_change_full(
    before: CoordinationRecord,
    after: CoordinationRecord,
    *,
    actor: Principal,
    at: dt.datetime,
    changed: Collection[str],
    catalog: RoleCatalog = DEFAULT_ROLES,
    professions: ProfessionCatalog = DEFAULT_PROFESSIONS,
) -> tuple[Violation, ...]:
    """:func:`check_change` the plain way, by two full checks (time proportional to the
    circles): the reference the incremental check is tested against.
    """
    found = _preamble(before, after, actor=actor, at=at, changed=changed)
    existing = set(check(before, at=at, catalog=catalog, professions=professions))
    found.extend(
        v
        for v in check(after, at=at, catalog=catalog, professions=professions)
        if v not in existing and _member_id(v.path) in changed
    )
    return tuple(found)


def _only_changed(before: CareCircle, after: CareCircle, changed: Collection[str]) -> bool:
    """True when ``after`` is ``before`` with the ``changed`` memberships replaced in place
    and the new ones appended: what an operation builds, and what the incremental check
    relies on.
    """
    old, new = before.memberships, after.memberships
    if len(new) < len(old):
        return False
    for i, a in enumerate(old):
        b = new[i]
        if a is not b and (a.member_id != b.member_id or b.member_id not in changed):
            return False
    return all(m.member_id in changed and m.member_id not in before for m in new[len(old) :])


def changed_violations(
    before: CoordinationRecord,
    after: CoordinationRecord,
    *,
    at: dt.datetime,
    changed: Collection[str],
    catalog: RoleCatalog = DEFAULT_ROLES,
    professions: ProfessionCatalog = DEFAULT_PROFESSIONS,
) -> list[Violation]:
    """The violations ``after`` has and ``before`` had not, on the ``changed`` members,
    judged on the members touched against ``before``'s indexes. ``after`` must be ``before``
    with the ``changed`` memberships replaced in place or appended (as operations build it).
    """
    index = index_of(before.circle)
    ids = list(dict.fromkeys(changed))
    existing = set(check_members(View(index), ids, at=at, catalog=catalog, professions=professions))
    # Replaced memberships keep their place; new ones follow, in the order ``after`` has them.
    replaced = []
    for member_id in ids:
        m = after.circle.find(member_id)
        if m is not None and member_id in before.circle:
            replaced.append(m)
    replaced += [m for m in after.circle.memberships[len(before.circle) :] if m.member_id in ids]
    return [
        v
        for v in check_members(
            View(index, replaced), ids, at=at, catalog=catalog, professions=professions
        )
        if v not in existing
    ]


def check_change(
    before: CoordinationRecord,
    after: CoordinationRecord,
    *,
    actor: Principal,
    at: dt.datetime,
    changed: Collection[str],
    catalog: RoleCatalog = DEFAULT_ROLES,
    professions: ProfessionCatalog = DEFAULT_PROFESSIONS,
) -> tuple[Violation, ...]:
    """Every violation of the change from ``before`` to ``after`` touching ``changed`` members.

    When ``after`` is ``before`` with only the ``changed`` memberships replaced or appended
    (as the operations build it), the members touched are judged against indexes of
    ``before``'s circle built once per circle, in time proportional to the change; otherwise
    by two full checks (:func:`check_change_full`). Both give the same violations, in the
    same order.
    """
    if not _only_changed(before.circle, after.circle, changed):
        return check_change_full(
            before,
            after,
            actor=actor,
            at=at,
            changed=changed,
            catalog=catalog,
            professions=professions,
        )
    return check_replaced(
        before, after, actor=actor, at=at, changed=changed, catalog=catalog, professions=professions
    )


def check_replaced(
    before: CoordinationRecord,
    after: CoordinationRecord,
    *,
    actor: Principal,
    at: dt.datetime,
    changed: Collection[str],
    catalog: RoleCatalog = DEFAULT_ROLES,
    professions: ProfessionCatalog = DEFAULT_PROFESSIONS,
) -> tuple[Violation, ...]:
    """:func:`check_change` for an ``after`` known to be ``before`` with only the ``changed``
    memberships replaced in place or appended, as every operation builds it (not verified:
    time proportional to the change, whatever the circle's size).
    """
    found = _preamble(before, after, actor=actor, at=at, changed=changed)
    found.extend(
        changed_violations(
            before, after, at=at, changed=changed, catalog=catalog, professions=professions
        )
    )
    return tuple(found)


def validate_change(
    before: CoordinationRecord,
    after: CoordinationRecord,
    *,
    actor: Principal,
    at: dt.datetime,
    changed: Collection[str],
    catalog: RoleCatalog = DEFAULT_ROLES,
    professions: ProfessionCatalog = DEFAULT_PROFESSIONS,
) -> CoordinationRecord:
    """Return ``after``, or raise one :class:`~carecircle.ChangeRejected` with everything."""
    raise_if_any(
        check_change(
            before,
            after,
            actor=actor,
            at=at,
            changed=changed,
            catalog=catalog,
            professions=professions,
        )
    )
    return after


def validate(
    record: CoordinationRecord,
    *,
    at: dt.datetime,
    catalog: RoleCatalog = DEFAULT_ROLES,
    professions: ProfessionCatalog = DEFAULT_PROFESSIONS,
) -> CoordinationRecord:
    """Return ``record`` unchanged, or raise :class:`~carecircle.ChangeRejected`."""
    raise_if_any(check(record, at=at, catalog=catalog, professions=professions))
    return record


def is_valid(
    record: CoordinationRecord,
    *,
    at: dt.datetime,
    catalog: RoleCatalog = DEFAULT_ROLES,
    professions: ProfessionCatalog = DEFAULT_PROFESSIONS,
) -> bool:
    """``True`` when :func:`check` finds no violation; never raises."""
    return not check(record, at=at, catalog=catalog, professions=professions)
