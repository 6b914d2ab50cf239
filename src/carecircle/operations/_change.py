"""What every operation shares once its arguments are checked: applying one membership's new
state, judging it (R5–R8, R11), and the :class:`Change` with its events, notices and advisories.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs

from carecircle import events as ev
from carecircle.errors import Advisory
from carecircle.identifiers import finess, idnat_ps
from carecircle.model.membership import Membership
from carecircle.model.people import (
    DirectoryProfessional,
)
from carecircle.model.principal import Principal
from carecircle.model.record import CoordinationRecord
from carecircle.model.structures import DirectoryStructure, ManualStructure
from carecircle.notifications import HabilitationNotice, habilitation_notices
from carecircle.professions import DEFAULT_PROFESSIONS, ProfessionCatalog
from carecircle.roles import RoleCatalog
from carecircle.rules import privacy
from carecircle.rules import record as record_rules
from carecircle.rules._common import member_path, raise_if_any
from carecircle.rules._index import pass_on


@attrs.frozen(kw_only=True)
class Change:
    """The outcome of an operation: the new record, its events, the notifications to send."""

    record: CoordinationRecord
    #: The version of the record the change was applied to (0 for a record it creates): a
    #: store keeps ``record`` only if its stored version is still this one.
    based_on: int
    events: tuple[ev.Event, ...] = ()
    notifications: tuple[HabilitationNotice, ...] = ()
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


def edit_events(meta: ev.EventMeta, before: Membership | None, after: Membership) -> list[ev.Event]:
    """Events for what changed on a membership: roles, description, habilitation, refusal.

    ``before`` is ``None`` for a new member, whose roles and description ``MemberAdded``
    already carries.
    """
    found: list[ev.Event] = []
    member_id = after.member_id
    if before is not None and after.roles != before.roles:
        found.append(
            ev.RolesChanged(
                meta=meta,
                member_id=member_id,
                added=after.roles - before.roles,
                removed=before.roles - after.roles,
            )
        )
    if before is not None and after.description != before.description:
        found.append(
            ev.DescriptionChanged(
                meta=meta, member_id=member_id, before=before.description, after=after.description
            )
        )
    was_habilitated = before is not None and before.habilitated
    # Renewing a habilitation that had expired grants it again, for the audit trail too.
    was_granting = before is not None and before.habilitated_at(meta.at)
    if after.habilitated_at(meta.at) and not was_granting:
        member = after.member
        pending = isinstance(member, DirectoryProfessional) and member.account is None
        found.append(
            ev.HabilitationGranted(
                meta=meta, member_id=member_id, pending=pending, until=after.habilitation_ends
            )
        )
    elif was_habilitated and not after.habilitated:
        found.append(ev.HabilitationRevoked(meta=meta, member_id=member_id))
    elif (
        before is not None
        and after.habilitated
        and after.habilitation_ends != before.habilitation_ends
    ):
        found.append(
            ev.HabilitationEndChanged(
                meta=meta,
                member_id=member_id,
                before=before.habilitation_ends,
                after=after.habilitation_ends,
            )
        )
    was_refused = before is not None and before.sharing_refused
    if after.sharing_refused and not was_refused:
        found.append(ev.SharingRefusalRecorded(meta=meta, member_id=member_id))
    elif was_refused and not after.sharing_refused:
        found.append(ev.SharingRefusalWithdrawn(meta=meta, member_id=member_id))
    return found


def apply(
    before: CoordinationRecord,
    membership: Membership,
    *,
    actor: Principal,
    at: dt.datetime,
    catalog: RoleCatalog,
    describe: Callable[[ev.EventMeta], list[ev.Event]],
    previous: Membership | None = None,
    professions: ProfessionCatalog = DEFAULT_PROFESSIONS,
) -> Change:
    """Check and apply one membership's new state; the common path of every operation.

    ``previous`` is the membership as it was (``None`` for a new member). The rules judge
    only this membership, against indexes of ``before``'s circle (R11, in time proportional
    to the change).
    """
    after = attrs.evolve(
        before,
        circle=before.circle.replace(membership),
        version=before.version + 1,
        # An earlier instant is reported by the rules below; the candidate stays consistent.
        updated_at=max(at, before.updated_at),
    )
    changed = (membership.member_id,)
    raise_if_any(
        record_rules.check_replaced(
            before,
            after,
            actor=actor,
            at=at,
            changed=changed,
            catalog=catalog,
            professions=professions,
        )
    )
    advisories = text_advisories(before, previous, membership)
    meta = ev.EventMeta(record_id=before.record_id, version=after.version, actor=actor.label, at=at)
    described = describe(meta)
    if not described:
        return Change(record=before, based_on=before.version)
    pass_on(before.circle, after.circle, changed)
    notices = habilitation_notices(before, after, at=at, actor=actor.account, members=changed)
    return Change(
        record=after,
        based_on=before.version,
        events=tuple(described),
        notifications=notices,
        advisories=advisories,
    )
