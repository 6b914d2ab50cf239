"""Membership (*membre du cercle de soins*): the member, roles, flags and participation periods.

>>> import datetime as dt
>>> from carecircle import RelatedPerson
>>> start = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
>>> m = Membership(member_id="M2", member=RelatedPerson(family_name="Martin", given_name="Julie"),
...                participations=(Participation(start=start, added_by="pass:4711"),))
>>> m.is_active(start), m.is_active(start - dt.timedelta(seconds=1))
(True, False)
"""

from __future__ import annotations

import datetime as dt
import itertools

import attrs

from carecircle._errors import InvalidValueError, wrong_type
from carecircle._model._fields import (
    code_set,
    flag,
    free_text,
    instance_of,
    instant,
    one_line,
    optional_code,
    optional_instant,
    required_text,
    sequence_of,
)
from carecircle._model.kinds import MemberKind
from carecircle._model.people import DirectoryProfessional, ManualProfessional, RelatedPerson
from carecircle._model.refusals import EnteredInError, Refusal
from carecircle._model.structures import DirectoryStructure, ManualStructure
from carecircle.instants import utc
from carecircle.nomenclatures import Code

__all__ = ["MEMBER_TYPES", "Member", "Membership", "Participation", "aware"]

#: What a membership holds: one of the five kinds of member (see :class:`MemberKind`).
Member = (
    DirectoryProfessional
    | ManualProfessional
    | RelatedPerson
    | DirectoryStructure
    | ManualStructure
)


def aware(at: dt.datetime, path: str = "at") -> dt.datetime:
    """``at`` in UTC (:func:`carecircle.instants.utc`): instants without a time zone are
    ambiguous, and only UTC instants compare as absolute time (R10).
    """
    return utc(at, path)


def _ended_by(value: object) -> str | None:
    return one_line(value, "participation.ended_by") or None


@attrs.frozen(kw_only=True)
class Participation:
    """One period of participation (*période de participation*); ``end`` is exclusive (R9).

    ``start`` and ``end`` are kept in UTC, whatever zone they came in.
    """

    start: dt.datetime = instant("participation.start")
    end: dt.datetime | None = optional_instant("participation.end")
    added_by: str = required_text("participation.added_by")
    ended_by: str | None = attrs.field(default=None, converter=_ended_by)

    def __attrs_post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise InvalidValueError.of(
                "PERIOD_ENDS_BEFORE_START",
                "participation.end",
                "a period cannot end before it starts",
            )

    def contains(self, at: dt.datetime) -> bool:
        return self.start <= at and (self.end is None or at < self.end)


def _participations(values: object) -> tuple[Participation, ...]:
    periods: tuple[Participation, ...] = sequence_of(
        values, Participation, "participations", "Participation"
    )
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


#: The classes of the five member kinds, for ``isinstance``.
MEMBER_TYPES = (
    DirectoryProfessional,
    ManualProfessional,
    RelatedPerson,
    DirectoryStructure,
    ManualStructure,
)


_ROLES = code_set("roles")


def _roles(values: object) -> frozenset[Code]:
    return _ROLES(values)


def _member_id(value: object) -> str:
    found = one_line(value, "member_id")
    if not found:
        raise InvalidValueError.of("TEXT_REQUIRED", "member_id", "a non-empty text is required")
    if "[" in found or "]" in found:
        raise InvalidValueError.of(
            "MEMBER_ID_INVALID", "member_id", "a member id names a step of a path: no bracket"
        )
    return found


def _refusals(values: object) -> tuple[Refusal, ...]:
    found: tuple[Refusal, ...] = sequence_of(values, Refusal, "refusals", "Refusal")
    if len({r.refusal_id for r in found}) != len(found):
        raise InvalidValueError.of(
            "DUPLICATE_REFUSAL_ID", "refusals", "each refusal of a member has its own id"
        )
    return found


def _check_member(value: object) -> None:
    if not isinstance(value, MEMBER_TYPES):
        raise wrong_type("member", "a member (a professional, related person or structure)")


@attrs.frozen(kw_only=True)
class Membership:
    """Membership (*membre*): one entry of the circle, stable across its participations.

    ``roles`` grant nothing (G7); ``habilitated`` is the access switch (G5), and
    ``habilitation_ends`` the exclusive instant a time-limited habilitation stops granting
    (a replacement doctor for two weeks); ``sharing_refused`` is the patient's refusal to share
    with this member, which wins over everything (R4): ``refusals`` is their history, each
    the patient's own decision (:mod:`carecircle._model.refusals`), never overwritten.

    ``entered_in_error`` marks a membership added by mistake (the wrong Dr Durand): it is
    never active, at any instant, so it never counts as a past participant and gives nothing;
    it stays in the circle for the audit trail.
    """

    #: ``M1``, ``M2``…: a step of the paths violations name (``members[M2].roles``), so it
    #: holds no bracket (``MEMBER_ID_INVALID``).
    member_id: str = attrs.field(converter=_member_id)
    member: Member = attrs.field(validator=lambda _s, _a, v: _check_member(v))
    roles: frozenset[Code] = attrs.field(default=frozenset(), converter=_roles)
    #: Free text (G4): kept out of the ``repr`` (R12), since it may carry a phone number.
    description: str = free_text("description")
    #: The protection measure the member exercises over the patient (TRE_R217 tuteur,
    #: curateur…, or ``urn:carecircle:protection``: habilitation familiale, mandat de
    #: protection future), only with the représentant légal role (GUARD); ``None`` otherwise.
    legal_protection: Code | None = optional_code("legal_protection")
    habilitated: bool = flag("habilitated")
    habilitation_ends: dt.datetime | None = optional_instant("habilitation_ends")
    refusals: tuple[Refusal, ...] = attrs.field(default=(), converter=_refusals)
    participations: tuple[Participation, ...] = attrs.field(converter=_participations)
    entered_in_error: EnteredInError | None = attrs.field(
        default=None,
        validator=instance_of(
            (EnteredInError, type(None)), "entered_in_error", "an EnteredInError"
        ),
    )

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
        """True when a participation period contains ``at`` (never, once entered in error)."""
        if self.entered_in_error is not None:
            return False
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
    def sharing_refused(self) -> bool:
        """True while a refusal of the whole record stands (not lifted): the latest state."""
        return any(r.lifted is None and not r.categories for r in self.refusals)

    def refused_at(self, at: dt.datetime) -> bool:
        """True when a refusal of the whole record stands at ``at`` (R4)."""
        return any(not r.categories and r.stands_at(at) for r in self.refusals)

    def refusals_at(self, at: dt.datetime) -> tuple[Refusal, ...]:
        """The refusals standing at ``at``, whole or for some categories, in recorded order."""
        return tuple(r for r in self.refusals if r.stands_at(at))

    def find_refusal(self, refusal_id: str) -> Refusal | None:
        return next((r for r in self.refusals if r.refusal_id == refusal_id), None)

    def next_refusal_id(self) -> str:
        """The id the next refusal of this member gets: ``R1``, ``R2``… (never reused)."""
        return f"R{len(self.refusals) + 1}"

    @property
    def identity_keys(self) -> frozenset[str]:
        """Directory keys of the member (empty for manual members and related persons, and
        for a membership entered in error: it designates nobody, so it blocks no duplicate).
        """
        if self.entered_in_error is not None:
            return frozenset()
        member = self.member
        if isinstance(member, DirectoryProfessional | DirectoryStructure):
            return member.identity_keys
        return frozenset()
