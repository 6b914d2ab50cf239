"""A member's timeline: what each change of the history did to them, who and when."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from carecircle import events as ev
from carecircle._errors import NotFoundError, wrong_type
from carecircle._model.membership import Membership, Participation
from carecircle._model.refusals import Refusal
from carecircle.history._replay import steps
from carecircle.nomenclatures import Code

__all__ = ["HabilitationState", "MemberTimeline", "Moment", "RolesHeld", "timeline"]


@attrs.frozen(kw_only=True)
class Moment:
    """One change that concerned the member: the version it made, when, by whom, the
    member's events in it, and the membership as the change left it.
    """

    version: int
    at: dt.datetime
    actor: str
    events: tuple[ev.Event, ...]
    membership: Membership


@attrs.frozen(kw_only=True)
class RolesHeld:
    """The roles a member held from the change of ``version`` (at ``at``, by ``by``) on."""

    version: int
    at: dt.datetime
    by: str
    roles: frozenset[Code]


@attrs.frozen(kw_only=True)
class HabilitationState:
    """The habilitation switch and its end from the change of ``version`` on."""

    version: int
    at: dt.datetime
    by: str
    habilitated: bool
    ends: dt.datetime | None


@attrs.frozen(kw_only=True)
class MemberTimeline:
    """Everything the history says of one member, oldest first (the audit trail, CDS dateMAJ)."""

    member_id: str
    moments: tuple[Moment, ...]

    @property
    def membership(self) -> Membership:
        """The member as the history leaves them."""
        return self.moments[-1].membership

    @property
    def stays(self) -> tuple[Participation, ...]:
        """Their participation periods, each with who added them, who ended it and when."""
        return self.membership.participations

    @property
    def refusals(self) -> tuple[Refusal, ...]:
        """Every refusal the patient expressed about them, with its lifting if any."""
        return self.membership.refusals

    @property
    def roles(self) -> tuple[RolesHeld, ...]:
        """Their roles when they joined, then after each change of them."""
        found: list[RolesHeld] = []
        for moment in self.moments:
            held = moment.membership.roles
            if not found or found[-1].roles != held:
                found.append(
                    RolesHeld(version=moment.version, at=moment.at, by=moment.actor, roles=held)
                )
        return tuple(found)

    @property
    def habilitations(self) -> tuple[HabilitationState, ...]:
        """Their habilitation when they joined, then after each change of it."""
        found: list[HabilitationState] = []
        for moment in self.moments:
            m = moment.membership
            state = (m.habilitated, m.habilitation_ends)
            if not found or (found[-1].habilitated, found[-1].ends) != state:
                found.append(
                    HabilitationState(
                        version=moment.version,
                        at=moment.at,
                        by=moment.actor,
                        habilitated=m.habilitated,
                        ends=m.habilitation_ends,
                    )
                )
        return tuple(found)


def timeline(events: Iterable[ev.Event], member_id: str) -> MemberTimeline:
    """The timeline of member ``member_id`` in the history ``events``
    (:func:`~carecircle.history.steps` checks the history); ``MEMBER_NOT_FOUND`` when no
    change concerned them.
    """
    if not isinstance(member_id, str):
        raise wrong_type("member_id", "a str")
    moments: list[Moment] = []
    for step in steps(events):
        mine = tuple(e for e in step.events if getattr(e, "member_id", None) == member_id)
        if mine:
            meta = step.meta
            moments.append(
                Moment(
                    version=meta.version,
                    at=meta.at,
                    actor=meta.actor,
                    events=mine,
                    membership=step.record.circle.get(member_id),
                )
            )
    if not moments:
        raise NotFoundError.of(
            "MEMBER_NOT_FOUND", "member_id", "no event of this history concerns this member"
        )
    return MemberTimeline(member_id=member_id, moments=tuple(moments))
