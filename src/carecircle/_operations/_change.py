"""What every operation shares once its arguments are checked: applying one membership's new
state, judging it (R5–R8, R11), and the :class:`Change` with its events, notices and advisories.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from carecircle import events as ev
from carecircle._errors import Advisory, Violation
from carecircle._model.membership import Membership
from carecircle._model.people import (
    DirectoryProfessional,
)
from carecircle._model.principal import Principal
from carecircle._model.record import CoordinationRecord
from carecircle._model.structures import DirectoryStructure, ManualStructure
from carecircle._notifications import EmergencyNotice, HabilitationNotice, habilitation_notices
from carecircle._shown import Shown
from carecircle.identifiers import finess, idnat_ps
from carecircle.professions import DEFAULT_PROFESSIONS, ProfessionCatalog
from carecircle.roles import RoleCatalog
from carecircle.rules import privacy
from carecircle.rules import record as record_rules
from carecircle.rules._common import member_path, raise_if_any
from carecircle.rules._index import pass_on


@attrs.frozen(kw_only=True)
class Change(Shown):
    """The outcome of an operation: the new record, its events, the notifications to send."""

    record: CoordinationRecord
    #: The version of the record the change was applied to (0 for a record it creates): a
    #: store keeps ``record`` only if its stored version is still this one.
    based_on: int
    #: The member the change added or changed (``None`` for a change of the record itself:
    #: its status, an emergency access).
    member_id: str | None = None
    events: tuple[ev.Event, ...] = ()
    notifications: tuple[HabilitationNotice | EmergencyNotice, ...] = ()
    #: Warnings that did not block the change, e.g. an RPPS failing its Luhn key, or a
    #: description that seems to hold a phone number (``PRIVATE_DETAIL_IN_TEXT``).
    advisories: tuple[Advisory, ...] = ()

    @property
    def applied(self) -> bool:
        """False when the operation changed nothing (the record is the one passed in)."""
        return bool(self.events)


def identifier_advisories(m: Membership) -> tuple[Advisory, ...]:
    """Soft warnings on a new member's identifiers (real ANS test numbers fail Luhn)."""
    member = m.member
    if isinstance(member, DirectoryProfessional) and member.national_id is not None:
        path = member_path(m.member_id, "member.national_id")
        return idnat_ps.advisories(member.national_id, path=path)
    if isinstance(member, DirectoryStructure | ManualStructure) and member.finess is not None:
        return finess.advisories(member.finess, path=member_path(m.member_id, "member.finess"))
    return ()


def _free_texts(m: Membership) -> dict[str, str]:
    """The membership's free texts, by field: what anyone in the circle may read."""
    found = {"description": m.description}
    member = m.member
    if isinstance(member, DirectoryProfessional):
        found["member.structure"] = member.structure
    if isinstance(member, ManualStructure):
        found["member.person_in_charge"] = member.person_in_charge
    return found


def text_advisories(
    record: CoordinationRecord, before: Membership | None, after: Membership
) -> tuple[Advisory, ...]:
    """R12: a free text the change sets (new, or different) that seems to hold a contact
    detail or an INS number gets ``PRIVATE_DETAIL_IN_TEXT``, never quoting it.
    """
    old = {} if before is None else _free_texts(before)
    found: list[Advisory] = []
    for field, value in _free_texts(after).items():
        if value and value != old.get(field):
            path = member_path(after.member_id, field)
            found.extend(privacy.text_advisories(value, record, path=path, members=(after,)))
    return tuple(found)


def _gives_access(m: Membership) -> bool:
    """Whether the habilitation opens anything by itself (an active account, a legal entity)."""
    member = m.member
    if isinstance(member, DirectoryProfessional):
        return member.account is not None and member.account.is_active
    return isinstance(member, DirectoryStructure) and member.legal_entity


def _account_active(m: Membership) -> bool:
    member = m.member
    return (
        isinstance(member, DirectoryProfessional)
        and member.account is not None
        and member.account.is_active
    )


def _habilitation_events(
    meta: ev.EventMeta, before: Membership | None, after: Membership
) -> list[ev.Event]:
    member_id = after.member_id
    at = meta.at
    # Renewing a habilitation that had expired grants it again, for the audit trail too.
    was_granting = before is not None and before.habilitated_at(at)
    switched_on = after.habilitated and (before is None or not before.habilitated)
    if after.habilitated and (switched_on or (after.habilitated_at(at) and not was_granting)):
        member = after.member
        pending = isinstance(member, DirectoryProfessional) and member.account is None
        return [
            ev.HabilitationGranted(
                meta=meta,
                member_id=member_id,
                pending=pending,
                until=after.habilitation_ends,
                gives_access=_gives_access(after) and after.habilitated_at(at),
            )
        ]
    if before is None:
        return []
    found: list[ev.Event] = []
    if before.habilitated and not after.habilitated:
        found.append(ev.HabilitationRevoked(meta=meta, member_id=member_id))
    if after.habilitation_ends != before.habilitation_ends:
        found.append(
            ev.HabilitationEndChanged(
                meta=meta,
                member_id=member_id,
                before=before.habilitation_ends,
                after=after.habilitation_ends,
            )
        )
    if (
        was_granting
        and after.habilitated_at(at)
        and not _account_active(before)
        and _account_active(after)
    ):
        found.append(ev.HabilitationTookEffect(meta=meta, member_id=member_id))
    return found


def _refusal_events(
    meta: ev.EventMeta, before: Membership | None, after: Membership
) -> list[ev.Event]:
    old = {} if before is None else {r.refusal_id: r for r in before.refusals}
    found: list[ev.Event] = []
    for refusal in after.refusals:
        was = old.get(refusal.refusal_id)
        if was is None:
            found.append(
                ev.SharingRefusalRecorded(
                    meta=meta,
                    member_id=after.member_id,
                    refusal_id=refusal.refusal_id,
                    expressed_by=refusal.statement.expressed_by,
                    expressed_at=refusal.statement.expressed_at,
                    collected=refusal.statement.collected,
                    categories=refusal.categories,
                )
            )
        if refusal.lifted is not None and (was is None or was.lifted is None):
            found.append(
                ev.SharingRefusalWithdrawn(
                    meta=meta,
                    member_id=after.member_id,
                    refusal_id=refusal.refusal_id,
                    expressed_by=refusal.lifted.statement.expressed_by,
                    expressed_at=refusal.lifted.statement.expressed_at,
                    collected=refusal.lifted.statement.collected,
                )
            )
    return found


def _participation_events(
    meta: ev.EventMeta, before: Membership, after: Membership
) -> list[ev.Event]:
    member_id = after.member_id
    found: list[ev.Event] = []
    if after.entered_in_error is not None and before.entered_in_error is None:
        reason = after.entered_in_error.reason
        found.append(ev.MemberEnteredInError(meta=meta, member_id=member_id, reason=reason))
    if len(after.participations) > len(before.participations):
        found.append(ev.ParticipationResumed(meta=meta, member_id=member_id))
    elif before.current.end is None and after.current.end is not None:
        found.append(ev.ParticipationEnded(meta=meta, member_id=member_id))
    if after.member != before.member:
        found.append(ev.MemberDetailsRefreshed(meta=meta, member_id=member_id, member=after.member))
    return found


def member_events(
    meta: ev.EventMeta, before: Membership | None, after: Membership
) -> list[ev.Event]:
    """The events of a membership's change, derived by comparing it before and after.

    ``before`` is ``None`` for a new member: ``MemberAdded`` (with its roles), then its
    habilitation's and refusals' events. Otherwise, in this order: entered in error, a
    participation resumed or ended, details refreshed, roles, description, legal
    protection, habilitation (granted, revoked, its end changed, taking effect), refusals
    (recorded, lifted). Nothing changed: no event.
    """
    member_id = after.member_id
    found: list[ev.Event] = []
    if before is None:
        found.append(
            ev.MemberAdded(
                meta=meta,
                member_id=member_id,
                member=after.member,
                roles=after.roles,
                habilitated=after.habilitated,
                habilitation_ends=after.habilitation_ends,
                description=after.description,
                legal_protection=after.legal_protection,
            )
        )
    else:
        found.extend(_participation_events(meta, before, after))
        if after.roles != before.roles:
            found.append(
                ev.RolesChanged(
                    meta=meta,
                    member_id=member_id,
                    added=after.roles - before.roles,
                    removed=before.roles - after.roles,
                )
            )
        if after.description != before.description:
            found.append(
                ev.DescriptionChanged(
                    meta=meta,
                    member_id=member_id,
                    before=before.description,
                    after=after.description,
                )
            )
        if after.legal_protection != before.legal_protection:
            found.append(
                ev.LegalProtectionChanged(
                    meta=meta,
                    member_id=member_id,
                    before=before.legal_protection,
                    after=after.legal_protection,
                )
            )
    found.extend(_habilitation_events(meta, before, after))
    found.extend(_refusal_events(meta, before, after))
    return found


def apply(
    before: CoordinationRecord,
    membership: Membership,
    *,
    actor: Principal,
    at: dt.datetime,
    catalog: RoleCatalog,
    also: Sequence[Violation] = (),
    professions: ProfessionCatalog = DEFAULT_PROFESSIONS,
) -> Change:
    """Check and apply one membership's new state; the common path of every operation.

    The rules judge only this membership, against indexes of ``before``'s circle (R11, in
    time proportional to the change), and what the operation found wrong itself (``also``)
    is reported with them; its events are derived from the membership as it was and as it
    is (:func:`member_events`).
    """
    previous = before.circle.find(membership.member_id)
    after = attrs.evolve(
        before,
        circle=before.circle.replace(membership),
        version=before.version + 1,
        # An earlier instant is reported by the rules below; the candidate stays consistent.
        updated_at=max(at, before.updated_at),
    )
    changed = (membership.member_id,)
    raise_if_any(
        [
            *record_rules.check_replaced(
                before,
                after,
                actor=actor,
                at=at,
                changed=changed,
                catalog=catalog,
                professions=professions,
            ),
            *also,
        ]
    )
    advisories = text_advisories(before, previous, membership)
    meta = ev.EventMeta(record_id=before.record_id, version=after.version, actor=actor.label, at=at)
    described = member_events(meta, previous, membership)
    if not described:
        return Change(record=before, based_on=before.version, member_id=membership.member_id)
    pass_on(before.circle, after.circle, changed)
    notices = habilitation_notices(before, after, at=at, actor=actor.account, members=changed)
    return Change(
        record=after,
        based_on=before.version,
        member_id=membership.member_id,
        events=tuple(described),
        notifications=notices,
        advisories=advisories,
    )
