"""Membership (*membre du cercle de soins*): the member, roles, flags and participation periods.

>>> import datetime as dt
>>> from carecircle.model.people import RelatedPerson
>>> start = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
>>> m = Membership(member_id="M2", member=RelatedPerson(family_name="Martin", given_name="Julie"),
...                participations=(Participation(start=start, added_by="pass:4711"),))
>>> m.is_active(start), m.is_active(start - dt.timedelta(seconds=1))
(True, False)
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable

import attrs

from carecircle.errors import InvalidValueError
from carecircle.model._fields import code_set, required_text, text
from carecircle.model.kinds import MemberKind
from carecircle.model.people import DirectoryProfessional, ManualProfessional, RelatedPerson
from carecircle.model.structures import DirectoryStructure, ManualStructure
from carecircle.nomenclatures import Code

__all__ = ["Member", "Membership", "Participation", "aware"]

Member = (
    DirectoryProfessional
    | ManualProfessional
    | RelatedPerson
    | DirectoryStructure
    | ManualStructure
)


def aware(at: dt.datetime, path: str = "at") -> dt.datetime:
    """Return ``at`` if it carries a time zone; instants without one are ambiguous (R10)."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise InvalidValueError.of("NAIVE_DATETIME", path, "an instant needs a time zone")
    return at


@attrs.frozen(kw_only=True)
class Participation:
    """One period of participation (*période de participation*); ``end`` is exclusive (R9)."""

    start: dt.datetime
    end: dt.datetime | None = None
    added_by: str = required_text("participation.added_by")
    ended_by: str | None = None

    def __attrs_post_init__(self) -> None:
        aware(self.start, "participation.start")
        if self.end is not None and aware(self.end, "participation.end") < self.start:
            raise InvalidValueError.of(
                "PERIOD_ENDS_BEFORE_START",
                "participation.end",
                "a period cannot end before it starts",
            )

    def contains(self, at: dt.datetime) -> bool:
        return self.start <= at and (self.end is None or at < self.end)


def _participations(values: Iterable[Participation]) -> tuple[Participation, ...]:
    periods = tuple(values)
    if not periods:
        raise InvalidValueError.of(
            "PARTICIPATION_REQUIRED", "participations", "a membership has at least one period"
        )
    for earlier, later in itertools.pairwise(periods):
        if earlier.end is None or earlier.end > later.start:
            raise InvalidValueError.of(
                "PERIODS_OVERLAP", "participations", "periods must be closed, ordered, disjoint"
            )
    return periods


@attrs.frozen(kw_only=True)
class Membership:
    """Membership (*membre*): one entry of the circle, stable across its participations.

    ``roles`` grant nothing (G7); ``habilitated`` is the access switch (G5), and
    ``habilitation_ends`` the exclusive instant a time-limited habilitation stops granting
    (a replacement doctor for two weeks); ``sharing_refused`` is the patient's refusal to share
    with this member, which wins over everything (R4).
    """

    member_id: str = required_text("member_id")
    member: Member
    roles: frozenset[Code] = attrs.field(default=frozenset(), converter=code_set)
    description: str = attrs.field(default="", converter=text)
    habilitated: bool = False
    habilitation_ends: dt.datetime | None = attrs.field(default=None)
    sharing_refused: bool = False
    participations: tuple[Participation, ...] = attrs.field(converter=_participations)

    @habilitation_ends.validator
    def _check_ends(self, _attribute: object, value: dt.datetime | None) -> None:
        if value is not None:
            aware(value, "habilitation_ends")

    @property
    def kind(self) -> MemberKind:
        return self.member.kind

    @property
    def display_name(self) -> str:
        return self.member.display_name

    @property
    def current(self) -> Participation:
        """The latest participation period (open, or the last one that ended)."""
        return self.participations[-1]

    @property
    def added_at(self) -> dt.datetime:
        return self.participations[0].start

    @property
    def added_by(self) -> str:
        return self.participations[0].added_by

    @property
    def has_ended(self) -> bool:
        """True when the latest participation is closed (the member left, R9)."""
        return self.current.end is not None

    def is_active(self, at: dt.datetime) -> bool:
        """True when a participation period contains ``at``."""
        # Periods are ordered and disjoint: only the latest one started by ``at`` can hold it.
        for period in reversed(self.participations):
            if period.start <= at:
                return period.end is None or at < period.end
        return False

    def habilitation_expired(self, at: dt.datetime) -> bool:
        """True when the habilitation has an end and ``at`` is at or after it (end exclusive)."""
        return self.habilitation_ends is not None and at >= self.habilitation_ends

    def habilitated_at(self, at: dt.datetime) -> bool:
        """True when the habilitation switch is on and has not expired at ``at``."""
        return self.habilitated and (self.habilitation_ends is None or at < self.habilitation_ends)

    @property
    def identity_keys(self) -> frozenset[str]:
        """Directory keys of the member (empty for manual members and related persons)."""
        member = self.member
        if isinstance(member, DirectoryProfessional | DirectoryStructure):
            return member.identity_keys
        return frozenset()
