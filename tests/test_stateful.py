"""Random sequences of every operation by random actors (R1–R12, G2, G4, G5, G14; issue 10).

A hypothesis state machine drives ``add_member`` (all five kinds, sometimes with the patient's
refusal, and now and then a related person holding the GUARD role, *représentant légal*),
``update_member``, ``habilitate``, ``revoke_habilitation``, ``end_participation``, ``rejoin``,
``refresh_member`` and, since issue 10, ``record_refusal`` (whole or for some standard
categories, expressed by the patient, by an active GUARD member, or by someone who may not),
``lift_refusal``, ``mark_entered_in_error``, ``change_status`` (any target, allowed or not),
``open_in_emergency`` (for strangers and members without access, for a few minutes to hours)
and waits past the end of emergency accesses, each by an actor drawn from a pool (members with
or without a PASS account, suspended and closed accounts, delegates of legal-entity structures
and of a structure that is not one, strangers), at non-decreasing instants.

Each step checks its outcome: a rejected change left the record exactly as it was (R11) and
names every problem the machine can predict (the actor's ``ACTOR_*`` codes, once each, a lone
``ACTOR_NOT_A_MEMBER`` for a stranger, R6; ``MEMBER_ENTERED_IN_ERROR``, ``EXPRESSED_BY_INVALID``,
``STATUS_TRANSITION_NOT_ALLOWED``, the emergency's refusals); an accepted one came from an
editor (R6: what the memberships say, whatever the status), bumps the version by exactly one,
is allowed by the circle's status, and carries the events and notices it should. After each
step the invariants check that unique roles hold (R7), only eligible members are habilitated
(R5), no directory member is active twice (R8), the version counts the applied changes, no
participation history was lost (R9), the access functions agree with their boolean twins, the
listings and an active-file index (R1–R4, G11, G14), and, for issue 10: the circle keeps an
editor or is closed, refusals are never lost, members entered in error never grant, emergency
accesses never beat a refusal and always end, and ``decide`` is the plain reference's.
Habilitations are sometimes time-limited, some ending at or before their grant (rejected).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Callable

import attrs
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

import carecircle as cc
from carecircle import (
    PATIENT,
    STANDARD_CATEGORIES,
    TRANSITIONS,
    Collection,
    Reason,
    history,
    member_has_access,
    rules,
)
from carecircle import events as ev
from carecircle._access import plain
from carecircle._access.effective import membership_access
from carecircle._model.lifecycle import CLOSED
from carecircle.nomenclatures import code_system, professions, role_codes
from carecircle.roles import AIDANT_PRINCIPAL, PCP, PERSONNE_DE_CONFIANCE, REPRESENTANT_LEGAL
from carecircle.rules.lifecycle import is_editor
from carecircle.testing import strategies
from carecircle.testing.builders import (
    EPOCH,
    directory_professional,
    directory_structure,
    patient,
    related_person,
)

# The directory: professionals 1-6 and structures S1-S3, with the facts the principals carry.
CREATOR = directory_professional(1)
PROFESSIONALS = (
    CREATOR,
    directory_professional(2),
    directory_professional(3, profession=professions.INFIRMIER),
    directory_professional(4, state=cc.AccountState.SUSPENDED),
    directory_professional(5, account=False),
    directory_professional(6, profession=None, state=cc.AccountState.CLOSED),
)
STRUCTURES = (
    directory_structure(1, delegates=frozenset({"pass:71", "pass:2", "pass:74"})),
    directory_structure(2, delegates=frozenset({"pass:72"})),
    directory_structure(3, legal_entity=False, delegates=frozenset({"pass:73"})),
)
PRINCIPALS = (
    *(cc.Principal.from_entry(p) for p in PROFESSIONALS),
    cc.Principal.from_entry(PROFESSIONALS[1], delegated_by=frozenset({"S1"})),
    cc.Principal.from_entry(PROFESSIONALS[2], delegated_by=frozenset({"S2", "S3"})),
    cc.Principal(
        account="pass:71",
        delegated_by=frozenset({"S1"}),
        profession=professions.ASSISTANT_SERVICE_SOCIAL,
    ),
    cc.Principal(
        account="pass:72", delegated_by=frozenset({"S2"}), profession=professions.PSYCHOLOGUE
    ),
    cc.Principal(account="pass:73", delegated_by=frozenset({"S3"})),
    cc.Principal(
        account="pass:74", delegated_by=frozenset({"S1"}), account_state=cc.AccountState.SUSPENDED
    ),
    cc.Principal.from_entry(directory_professional(4)),
    cc.Principal.from_entry(directory_professional(5)),
    cc.Principal(account="pass:99"),
    cc.Principal(national_id="899999999999"),
)

# What the directory may say later about the same people and structures (refresh_member).
REFRESHED: tuple[cc.DirectoryProfessional | cc.DirectoryStructure, ...] = (
    directory_professional(2, state=cc.AccountState.SUSPENDED),
    directory_professional(4),
    directory_professional(5),
    directory_professional(6, profession=professions.PHARMACIEN),
    directory_structure(1, delegates=frozenset({"pass:71"})),
    directory_structure(3, legal_entity=True, delegates=frozenset({"pass:73"})),
    directory_professional(8),  # nobody in the circle: always a mismatch
)

ROLES = (
    PCP,
    AIDANT_PRINCIPAL,
    PERSONNE_DE_CONFIANCE,
    REPRESENTANT_LEGAL,
    role_codes.CAREGIVER,
    role_codes.MEMBRE_EQUIPE_SOINS,
    code_system("TRE_R85").code("330"),  # closed: always rejected on a changed member
)
KIND_ROLES = {
    cc.MemberKind.DIRECTORY_PROFESSIONAL: (
        PCP,
        PERSONNE_DE_CONFIANCE,
        role_codes.MEMBRE_EQUIPE_SOINS,
    ),
    cc.MemberKind.MANUAL_PROFESSIONAL: (PCP, PERSONNE_DE_CONFIANCE, role_codes.MEMBRE_EQUIPE_SOINS),
    cc.MemberKind.RELATED_PERSON: (
        AIDANT_PRINCIPAL,
        PERSONNE_DE_CONFIANCE,
        REPRESENTANT_LEGAL,
        role_codes.CAREGIVER,
    ),
    cc.MemberKind.DIRECTORY_STRUCTURE: (role_codes.MEMBRE_EQUIPE_SOINS,),
    cc.MemberKind.MANUAL_STRUCTURE: (role_codes.MEMBRE_EQUIPE_SOINS,),
}


@functools.cache
def role_sets(kind: cc.MemberKind | None) -> st.SearchStrategy[frozenset[cc.Code]]:
    """Mostly roles the kind may hold (so that unique roles clash, R7), sometimes any role."""
    anything = st.frozensets(st.sampled_from(ROLES), max_size=2)
    if kind is None:
        return anything
    fitting = st.frozensets(st.sampled_from(KIND_ROLES[kind]), min_size=1, max_size=2)
    return st.one_of(st.just(frozenset[cc.Code]()), fitting, fitting, anything)


@functools.cache
def habilitations(kind: cc.MemberKind) -> st.SearchStrategy[bool]:
    """Habilitation switches, seldom on for members that may not be habilitated (R5)."""
    if kind in (cc.MemberKind.DIRECTORY_PROFESSIONAL, cc.MemberKind.DIRECTORY_STRUCTURE):
        return st.booleans()
    return st.sampled_from([False, False, False, True])


MATRIX = cc.EXAMPLE_MATRIX
ASKS: list[tuple[str, cc.Action]] = [(c, a) for c in (*cc.Category, "nutrition") for a in cc.Action]
CATEGORIES = (*STANDARD_CATEGORIES, "nutrition")

# The creator acts two times out of three, so that circles grow before access is lost.
actors = st.one_of(st.just(PRINCIPALS[0]), st.just(PRINCIPALS[0]), st.sampled_from(PRINCIPALS))
has_members = precondition(lambda self: len(self.record.circle) > 1)
optional_flags = st.one_of(st.none(), st.booleans())
# A step: the minutes it moves time on, and the question the invariants ask the plain
# reference afterwards (a category and an action, drawn).
Step = tuple[int, tuple[str, cc.Action]]
steps = st.tuples(st.integers(min_value=0, max_value=20), st.sampled_from(ASKS))
# Minutes a time-limited habilitation lasts: often past the next steps, sometimes not at all.
lasting = st.one_of(st.none(), st.none(), st.integers(min_value=-5, max_value=60))
# Whole refusals, or refusals of one or two standard categories (issue 10).
refused_categories = st.one_of(
    st.just(frozenset[str]()),
    st.frozensets(st.sampled_from(STANDARD_CATEGORIES), min_size=1, max_size=2),
)
# Any target status, the active one more often so that circles stay open for a while.
statuses = st.sampled_from([*cc.CircleStatus, cc.CircleStatus.ACTIVE, cc.CircleStatus.ACTIVE])
reasons = st.sampled_from(["", "Reprise du suivi", "Erreur de dossier"])
emergency_reasons = st.sampled_from(["Urgence vitale", "Appel du SAMU", "", "   "])
# How long an emergency access lasts on the platform: a few minutes to a few hours.
durations = st.integers(min_value=1, max_value=6 * 60)
TUTEUR = code_system("TRE_R217").code("TUTEUR")

member_entries = st.one_of(
    st.sampled_from(PROFESSIONALS),
    st.sampled_from(STRUCTURES),
    strategies.manual_professionals(),
    strategies.related_persons(),
    strategies.manual_structures(),
)

Outcome = cc.Change | cc.ChangeRejected


def attempt(operation: object) -> Outcome:
    """The change ``operation()`` returns, or the rejection it raises."""
    assert callable(operation)
    try:
        change = operation()
    except cc.ChangeRejected as rejection:
        return rejection
    assert isinstance(change, cc.Change)
    return change


def _closed_only_at_the_end(old: cc.Participation, new: cc.Participation) -> bool:
    return (
        old.end is None
        and new.end is not None
        and attrs.evolve(new, end=None, ended_by=None) == old
    )


def history_kept(old: tuple[cc.Participation, ...], new: tuple[cc.Participation, ...]) -> bool:
    """Whether ``new`` keeps every period of ``old``, its last one possibly closed since (R9)."""
    if new[: len(old)] == old:
        return True
    return (
        len(new) >= len(old)
        and new[: len(old) - 1] == old[:-1]
        and _closed_only_at_the_end(old[-1], new[len(old) - 1])
    )


def lasting_editors(record: cc.CoordinationRecord, at: dt.datetime) -> list[str]:
    """The members who can edit the circle at ``at`` (``is_editor``) for good: their
    habilitation has no end, so nothing but a change takes it away (issue 10, R6).
    """
    return [m.member_id for m in record.circle if m.habilitation_ends is None and is_editor(m, at)]


def editor_recipients(record: cc.CoordinationRecord, at: dt.datetime) -> list[tuple[str, bool]]:
    """Who an emergency notice goes to: each editor's account, or a structure's id."""
    found = []
    for m in record.circle:
        if not is_editor(m, at):
            continue
        member = m.member
        if isinstance(member, cc.DirectoryProfessional):
            assert member.account is not None
            found.append((member.account.id, False))
        else:
            assert isinstance(member, cc.DirectoryStructure)
            found.append((member.national_id, True))
    return found


def status_code(status: cc.CircleStatus) -> str:
    """The code a status other than proposed or active rejects a change (or denies) with."""
    return "CIRCLE_" + status.upper().replace("-", "_")


def expected_actor_codes(access: cc.Decision) -> Counter[str]:
    """R6: one ``ACTOR_<REASON>`` per reason the memberships deny the actor with; a stranger
    (neither member nor delegate) hears ``ACTOR_NOT_A_MEMBER`` alone.
    """
    reasons = list(access.reasons)
    if Reason.NOT_A_MEMBER in reasons:
        reasons = [r for r in reasons if r is not Reason.NOT_A_DELEGATE]
    return Counter(f"ACTOR_{r}" for r in reasons)


@attrs.frozen(kw_only=True)
class Recorded:
    """What the machine knows of one refusal it had recorded: who said it and what it covers,
    when it was recorded, and the statement that lifted it (issue 10, R4).
    """

    statement: cc.Statement
    categories: frozenset[str]
    recorded_at: dt.datetime
    recorded_by: str
    lifting: cc.Statement | None = None
    lifted_at: dt.datetime | None = None
    lifted_by: str | None = None


class CareCircleMachine(RuleBasedStateMachine):
    """One record under random operations by random actors."""

    def __init__(self) -> None:
        super().__init__()
        self.now = EPOCH
        self.ask = ASKS[0]
        self.start(cc.CircleStatus.ACTIVE)
        self.applied = 0
        self.history: dict[str, tuple[cc.Participation, ...]] = {}
        self.index = cc.ActiveFileIndex.of([self.record], matrix=MATRIX)
        # The refusal model: member id -> refusal id -> what was recorded (issue 10).
        self.refusals: dict[str, dict[str, Recorded]] = {}
        self.entered_in_error: set[str] = set()

    def start(self, status: cc.CircleStatus) -> None:
        """A new record; its history (every event so far) and every version it had."""
        change = cc.create_record(
            record_id="DC-1",
            patient=patient(),
            creator=PRINCIPALS[0],
            creator_entry=CREATOR,
            at=EPOCH,
            status=status,
        )
        self.record = change.record
        self.events = list(change.events)
        self.versions = [change.record]

    @initialize(status=st.sampled_from([cc.CircleStatus.ACTIVE, cc.CircleStatus.PROPOSED]))
    def create(self, status: cc.CircleStatus) -> None:
        """Issue 10: a circle is created active, or proposed (drafted, not yet shared)."""
        self.start(status)
        assert self.record.status is status and self.record.status_history[0].at == EPOCH
        self.index = cc.ActiveFileIndex.of([self.record], matrix=MATRIX)

    # -- helpers ----------------------------------------------------------------------------

    def tick(self, step: Step) -> dt.datetime:
        minutes, self.ask = step
        self.now += dt.timedelta(minutes=minutes)
        return self.now

    def member_id(self, data: st.DataObject) -> str:
        known = [m.member_id for m in self.record.circle]
        active = [m.member_id for m in self.record.circle.active(self.now) if m.member_id != "M1"]
        # Mostly active members other than the creator, whose own change can lock everyone out.
        others = st.sampled_from(active or known[1:])
        anyone = st.sampled_from([*known, "M99"])
        which = data.draw(st.integers(min_value=0, max_value=7), label="anyone")
        return data.draw(anyone if which == 0 else others, label="member_id")

    def kind(self, member_id: str) -> cc.MemberKind | None:
        membership = self.record.circle.find(member_id)
        return None if membership is None else membership.kind

    def statement(self, data: st.DataObject, at: dt.datetime) -> cc.Statement:
        """The patient's statement, or their legal representative's (an active GUARD member),
        now and then someone else's (``EXPRESSED_BY_INVALID``); expressed at or before ``at``.
        """
        guards = [
            m.member_id for m in self.record.circle.active(at) if REPRESENTANT_LEGAL in m.roles
        ]
        who = [st.just(PATIENT), st.just(PATIENT)]
        if guards:
            who += [st.sampled_from(guards), st.sampled_from(guards)]
        who.append(st.sampled_from([*(m.member_id for m in self.record.circle), "M99"]))
        expressed_by = data.draw(st.one_of(who), label="expressed_by")
        before = data.draw(st.integers(min_value=0, max_value=90), label="expressed minutes before")
        collected = data.draw(st.sampled_from([None, *Collection]), label="collected")
        return cc.Statement(
            expressed_by=expressed_by,
            expressed_at=at - dt.timedelta(minutes=before),
            collected=collected,
        )

    def said_wrongly(self, statement: cc.Statement, at: dt.datetime) -> bool:
        """Issue 10: a statement neither the patient's nor an active GUARD member's."""
        if statement.expressed_by == PATIENT:
            return False
        m = self.record.circle.find(statement.expressed_by)
        return m is None or not m.is_active(at) or REPRESENTANT_LEGAL not in m.roles

    def check(
        self,
        actor: cc.Principal,
        at: dt.datetime,
        operation: object,
        *,
        target: str | None = None,
        refusals_only: bool = False,
        said: cc.Statement | None = None,
        editing: bool = True,
    ) -> Outcome:
        """Run ``operation`` on the current record and check its outcome against R6 and R11.

        ``target`` is the member the operation changes, ``refusals_only`` says it changes
        only their refusals (allowed in a suspended or inactive circle, issue 10), ``said``
        the statement it records, and ``editing`` whether R6 applies to the actor (not to
        the professional opening the record in an emergency).
        """
        before = self.record
        kept = (
            before.version,
            before.updated_at,
            before.circle.memberships,
            before.status_history,
            before.emergency_accesses,
        )
        access = membership_access(before, actor, at=at)
        had_access = access.allowed
        targeted = None if target is None else before.circle.find(target)
        in_error = targeted is not None and targeted.entered_in_error is not None
        wrongly = said is not None and self.said_wrongly(said, at)
        outcome = attempt(operation)
        event("rejected" if isinstance(outcome, cc.ChangeRejected) else "accepted")
        if isinstance(outcome, cc.ChangeRejected):
            # R11: the record is left exactly as it was, and still answers the same.
            assert self.record is before
            assert kept == (
                before.version,
                before.updated_at,
                before.circle.memberships,
                before.status_history,
                before.emergency_accesses,
            )
            assert membership_access(before, actor, at=at) == access
            codes = outcome.codes
            assert codes, "a rejection carries at least one violation"
            event(f"rejected: {codes[0]}")
            if editing:
                actor_codes = Counter(c for c in codes if c.startswith("ACTOR_"))
                if had_access:
                    assert not actor_codes, codes
                else:
                    assert actor_codes == expected_actor_codes(access), (codes, access.reasons)
                    assert all(
                        isinstance(e, cc.PermissionDeniedError)
                        for e in outcome.exceptions
                        if isinstance(e, cc.ViolationError) and e.code.startswith("ACTOR_")
                    )
            if in_error:
                assert "MEMBER_ENTERED_IN_ERROR" in codes, codes
            if wrongly and targeted is not None and targeted.is_active(at) and not in_error:
                assert "EXPRESSED_BY_INVALID" in codes, codes
            return outcome
        if editing:
            assert had_access, f"{actor.label} changed the record without effective access"
        assert not in_error, f"{target}, entered in error, was changed"
        assert not wrongly, f"a statement by {said.expressed_by if said else None} was accepted"
        assert outcome.based_on == before.version
        if outcome.applied:
            after = outcome.record
            assert after.version == before.version + 1
            assert after.updated_at == at
            assert {e.meta.version for e in outcome.events} == {before.version + 1}
            assert {e.meta.actor for e in outcome.events} == {actor.label}
            if target is not None:
                # Issue 10: members change only in a proposed or active circle, but for the
                # patient's refusals in a suspended or inactive one; entered-in-error is final.
                assert outcome.member_id == target
                assert before.status in {cc.CircleStatus.PROPOSED, cc.CircleStatus.ACTIVE} or (
                    refusals_only
                    and before.status in {cc.CircleStatus.SUSPENDED, cc.CircleStatus.INACTIVE}
                ), before.status
            assert before.status is not cc.CircleStatus.ENTERED_IN_ERROR
            for notice in outcome.notifications:
                if isinstance(notice, cc.HabilitationNotice):
                    membership = after.circle.get(notice.member_id)
                    assert member_has_access(membership, at), notice
                    assert notice.structure or notice.recipient != actor.account, notice
            self.record = after
            self.events.extend(outcome.events)
            self.versions.append(after)
            self.applied += 1
            event(f"applied: {type(outcome.events[0]).__name__}")
        else:
            assert outcome.record is before
            assert outcome.events == () and outcome.notifications == ()
        return outcome

    def applied_change(self, outcome: Outcome) -> cc.Change | None:
        """The change, when ``outcome`` is one that was applied."""
        if isinstance(outcome, cc.Change) and outcome.applied:
            return outcome
        return None

    # -- rules: one per operation -------------------------------------------------------------

    @rule(
        data=st.data(),
        actor=actors,
        member=member_entries,
        refused=st.booleans(),
        step=steps,
    )
    def add_member(
        self,
        *,
        data: st.DataObject,
        actor: cc.Principal,
        member: cc.Member,
        refused: bool,
        step: Step,
    ) -> None:
        roles = data.draw(role_sets(member.kind), label="roles")
        habilitated = data.draw(habilitations(member.kind), label="habilitated")
        at, record = self.tick(step), self.record
        refusal = self.statement(data, at) if refused else None
        member_id = record.circle.next_member_id()
        outcome = self.check(
            actor,
            at,
            lambda: cc.add_member(
                record,
                member,
                actor=actor,
                at=at,
                roles=roles,
                habilitated=habilitated,
                refusal=refusal,
            ),
            said=refusal,
        )
        change = self.applied_change(outcome)
        if change is not None:
            assert change.member_id == member_id
            if refusal is not None:
                assert (
                    ev.SharingRefusalRecorded(
                        meta=change.events[0].meta,
                        member_id=member_id,
                        refusal_id="R1",
                        expressed_by=refusal.expressed_by,
                        expressed_at=refusal.expressed_at,
                        collected=refusal.collected,
                    )
                    in change.events
                )
                self.refusals[member_id] = {
                    "R1": Recorded(
                        statement=refusal,
                        categories=frozenset(),
                        recorded_at=at,
                        recorded_by=actor.label,
                    )
                }

    @rule(data=st.data(), actor=actors, n=st.integers(min_value=1, max_value=3), step=steps)
    def add_legal_representative(
        self, *, data: st.DataObject, actor: cc.Principal, n: int, step: Step
    ) -> None:
        """A related person holding the GUARD role, who may then speak for the patient."""
        protection = data.draw(st.sampled_from([None, TUTEUR]), label="legal_protection")
        at, record = self.tick(step), self.record
        self.check(
            actor,
            at,
            lambda: cc.add_member(
                record,
                related_person(n),
                actor=actor,
                at=at,
                roles={REPRESENTANT_LEGAL},
                legal_protection=protection,
            ),
        )

    @has_members
    @rule(
        data=st.data(),
        actor=actors,
        description=st.one_of(st.none(), st.sampled_from(["", "Suivi", "Passage hebdomadaire"])),
        habilitated=optional_flags,
        step=steps,
    )
    def update_member(
        self,
        *,
        data: st.DataObject,
        actor: cc.Principal,
        description: str | None,
        habilitated: bool | None,
        step: Step,
    ) -> None:
        member_id, at, record = self.member_id(data), self.tick(step), self.record
        roles = data.draw(st.one_of(st.none(), role_sets(self.kind(member_id))), label="roles")
        self.check(
            actor,
            at,
            lambda: cc.update_member(
                record,
                member_id,
                actor=actor,
                at=at,
                roles=roles,
                description=description,
                habilitated=habilitated,
            ),
            target=member_id,
        )

    @has_members
    @rule(data=st.data(), actor=actors, step=steps, lasting=lasting)
    def habilitate(
        self, *, data: st.DataObject, actor: cc.Principal, step: Step, lasting: int | None
    ) -> None:
        member_id, at, record = self.member_id(data), self.tick(step), self.record
        until = None if lasting is None else at + dt.timedelta(minutes=lasting)
        self.check(
            actor,
            at,
            lambda: cc.habilitate(record, member_id, actor=actor, at=at, until=until),
            target=member_id,
        )
        if until is not None and until <= at:
            assert self.record is record, "a habilitation ending by its grant was applied"

    @has_members
    @rule(data=st.data(), actor=actors, step=steps)
    def revoke_habilitation(self, *, data: st.DataObject, actor: cc.Principal, step: Step) -> None:
        self.on_member(cc.revoke_habilitation, data, actor, step)

    @has_members
    @rule(data=st.data(), actor=actors, step=steps)
    def end_participation(self, *, data: st.DataObject, actor: cc.Principal, step: Step) -> None:
        self.on_member(cc.end_participation, data, actor, step)

    def on_member(
        self,
        operation: Callable[..., cc.Change],
        data: st.DataObject,
        actor: cc.Principal,
        step: Step,
    ) -> None:
        """``operation`` (with no argument of its own) on a member drawn from the circle."""
        member_id, at, record = self.member_id(data), self.tick(step), self.record
        self.check(
            actor,
            at,
            lambda: operation(record, member_id, actor=actor, at=at),
            target=member_id,
        )

    @has_members
    @rule(
        data=st.data(),
        actor=actors,
        entry=st.sampled_from(REFRESHED + PROFESSIONALS),
        step=steps,
    )
    def refresh_member(
        self,
        *,
        data: st.DataObject,
        actor: cc.Principal,
        entry: cc.DirectoryProfessional | cc.DirectoryStructure,
        step: Step,
    ) -> None:
        member_id, at, record = self.member_id(data), self.tick(step), self.record
        self.check(
            actor,
            at,
            lambda: cc.refresh_member(record, member_id, entry=entry, actor=actor, at=at),
            target=member_id,
        )

    @precondition(lambda self: any(m.has_ended for m in self.record.circle))
    @rule(data=st.data(), actor=actors, step=steps)
    def rejoin(self, *, data: st.DataObject, actor: cc.Principal, step: Step) -> None:
        ended = [m.member_id for m in self.record.circle if m.has_ended]
        member_id = data.draw(st.sampled_from(ended), label="member_id")
        roles = data.draw(st.one_of(st.none(), role_sets(self.kind(member_id))), label="roles")
        habilitated = data.draw(habilitations(self.record.circle.get(member_id).kind))
        at, record = self.tick(step), self.record
        self.check(
            actor,
            at,
            lambda: cc.rejoin(
                record, member_id, actor=actor, at=at, roles=roles, habilitated=habilitated
            ),
            target=member_id,
        )

    # -- rules of issue 10 ----------------------------------------------------------------------

    @rule(data=st.data(), actor=actors, categories=refused_categories, step=steps)
    def record_refusal(
        self,
        *,
        data: st.DataObject,
        actor: cc.Principal,
        categories: frozenset[str],
        step: Step,
    ) -> None:
        """Issue 10, R4: the patient's refusal, whole or for some categories, on any member
        (the creator too: the last editor refused is ``NO_EDITOR_LEFT`` in an open circle).
        """
        member_id = self.member_id(data) if len(self.record.circle) > 1 else "M1"
        at, record = self.tick(step), self.record
        statement = self.statement(data, at)
        membership = record.circle.find(member_id)
        refusal_id = None if membership is None else membership.next_refusal_id()
        outcome = self.check(
            actor,
            at,
            lambda: cc.record_refusal(
                record,
                member_id,
                statement=statement,
                actor=actor,
                at=at,
                categories=categories,
            ),
            target=member_id,
            refusals_only=True,
            said=statement,
        )
        change = self.applied_change(outcome)
        if change is None:
            assert isinstance(outcome, cc.ChangeRejected), "recording a refusal always changes"
            return
        assert refusal_id is not None
        meta = change.events[0].meta
        assert change.events == (
            ev.SharingRefusalRecorded(
                meta=meta,
                member_id=member_id,
                refusal_id=refusal_id,
                expressed_by=statement.expressed_by,
                expressed_at=statement.expressed_at,
                collected=statement.collected,
                categories=categories,
            ),
        )
        self.refusals.setdefault(member_id, {})[refusal_id] = Recorded(
            statement=statement, categories=categories, recorded_at=at, recorded_by=actor.label
        )

    @precondition(lambda self: bool(self.refusals))
    @rule(data=st.data(), actor=actors, step=steps)
    def lift_refusal(self, *, data: st.DataObject, actor: cc.Principal, step: Step) -> None:
        """Issue 10, R4: lift a refusal, mostly a standing one (else ``REFUSAL_ALREADY_LIFTED``
        or ``REFUSAL_NOT_FOUND``), as the patient or their representative decided.
        """
        known = sorted((m, r) for m, found in self.refusals.items() for r in found)
        standing = [(m, r) for m, r in known if self.refusals[m][r].lifting is None]
        choices = [
            st.sampled_from(known),
            st.tuples(st.sampled_from(known).map(lambda k: k[0]), st.just("R99")),
        ]
        if standing:
            choices = [st.sampled_from(standing), st.sampled_from(standing), *choices]
        member_id, refusal_id = data.draw(st.one_of(choices), label="refusal")
        at, record = self.tick(step), self.record
        statement = self.statement(data, at)
        found = self.refusals[member_id].get(refusal_id)
        outcome = self.check(
            actor,
            at,
            lambda: cc.lift_refusal(
                record, member_id, refusal_id, statement=statement, actor=actor, at=at
            ),
            target=member_id,
            refusals_only=True,
            # The statement is judged once the refusal is found standing (as the member's
            # own state is, before the rest of the change).
            said=statement if found is not None and found.lifting is None else None,
        )
        if isinstance(outcome, cc.ChangeRejected):
            if found is None:
                assert "REFUSAL_NOT_FOUND" in outcome.codes, outcome.codes
            elif found.lifting is not None:
                assert "REFUSAL_ALREADY_LIFTED" in outcome.codes, outcome.codes
            return
        change = self.applied_change(outcome)
        assert change is not None, "lifting a refusal always changes"
        assert found is not None and found.lifting is None
        assert change.events == (
            ev.SharingRefusalWithdrawn(
                meta=change.events[0].meta,
                member_id=member_id,
                refusal_id=refusal_id,
                expressed_by=statement.expressed_by,
                expressed_at=statement.expressed_at,
                collected=statement.collected,
            ),
        )
        self.refusals[member_id][refusal_id] = attrs.evolve(
            found, lifting=statement, lifted_at=at, lifted_by=actor.label
        )

    @has_members
    @rule(data=st.data(), actor=actors, step=steps)
    def mark_entered_in_error(
        self, *, data: st.DataObject, actor: cc.Principal, step: Step
    ) -> None:
        """Issue 10: the wrong member was added; final, and they never took part."""
        member_id, at, record = self.member_id(data), self.tick(step), self.record
        outcome = self.check(
            actor,
            at,
            lambda: cc.mark_entered_in_error(
                record, member_id, actor=actor, at=at, reason="Mauvais Dr Durand"
            ),
            target=member_id,
        )
        change = self.applied_change(outcome)
        if change is not None:
            assert [type(e) for e in change.events] == [ev.MemberEnteredInError]
            assert change.record.circle.get(member_id).entered_in_error is not None
            self.entered_in_error.add(member_id)

    @rule(actor=actors, status=statuses, reason=reasons, step=steps)
    def change_status(
        self, *, actor: cc.Principal, status: cc.CircleStatus, reason: str, step: Step
    ) -> None:
        """Issue 10: the circle's status, to any target (``TRANSITIONS`` says which may be),
        by an editor (R6: what the memberships say, whatever the status).
        """
        at, record = self.tick(step), self.record
        current = record.status
        outcome = self.check(
            actor,
            at,
            lambda: cc.change_status(record, status, actor=actor, at=at, reason=reason),
        )
        allowed = status is current or status in TRANSITIONS[current]
        if isinstance(outcome, cc.ChangeRejected):
            if not allowed:
                assert "STATUS_TRANSITION_NOT_ALLOWED" in outcome.codes, outcome.codes
            return
        assert allowed, f"{current} -> {status} was accepted"
        change = self.applied_change(outcome)
        if status is current:
            assert change is None
            return
        assert change is not None
        assert change.member_id is None
        assert change.record.status is status
        assert change.record.status_history[:-1] == record.status_history
        assert change.events == (
            ev.CircleStatusChanged(
                meta=change.events[0].meta, before=current, after=status, reason=reason
            ),
        )

    @rule(
        principal=st.sampled_from(PRINCIPALS),
        reason=emergency_reasons,
        duration=durations,
        step=steps,
    )
    def open_in_emergency(
        self, *, principal: cc.Principal, reason: str, duration: int, step: Step
    ) -> None:
        """Issue 10: an emergency access (*bris de glace*) for a stranger or a member without
        access; never against a refusal, only in an active circle, with a reason.
        """
        at, record = self.tick(step), self.record
        policy = cc.EmergencyPolicy(duration=dt.timedelta(minutes=duration))
        answer = membership_access(record, principal, at=at)
        outcome = self.check(
            principal,
            at,
            lambda: cc.open_in_emergency(
                record, principal=principal, reason=reason, at=at, policy=policy
            ),
            editing=False,
        )
        expected = set()
        if Reason.SHARING_REFUSED in answer.reasons:
            expected.add("EMERGENCY_SHARING_REFUSED")
        if record.status is not cc.CircleStatus.ACTIVE:
            expected.add(status_code(record.status))
        if not reason.strip():
            expected.add("EMERGENCY_REASON_REQUIRED")
        if not principal.has_active_account:
            expected.add("EMERGENCY_ACCOUNT_REQUIRED")
        if answer.allowed:
            expected.add("EMERGENCY_NOT_NEEDED")
        if isinstance(outcome, cc.ChangeRejected):
            assert expected <= set(outcome.codes), (expected, outcome.codes)
            return
        assert not expected, expected
        change = self.applied_change(outcome)
        assert change is not None, "an emergency access always changes the record"
        assert change.member_id is None
        (access,) = change.record.emergency_accesses[len(record.emergency_accesses) :]
        assert change.record.emergency_accesses[: len(record.emergency_accesses)] == (
            record.emergency_accesses
        )
        assert access.account == principal.account
        assert (access.starts, access.ends) == (at, at + policy.duration)
        assert access.is_for(principal.account, principal.national_id)
        assert change.events == (
            ev.EmergencyAccessOpened(
                meta=change.events[0].meta,
                access_id=access.access_id,
                account=access.account,
                national_id=principal.national_id,
                ends=access.ends,
                reason=reason.strip(),
            ),
        )
        notices = [
            (n.recipient, n.structure)
            for n in change.notifications
            if isinstance(n, cc.EmergencyNotice)
        ]
        assert len(notices) == len(change.notifications)
        assert notices == editor_recipients(record, at)
        assert all(
            n.access_id == access.access_id and n.ends == access.ends
            for n in change.notifications
            if isinstance(n, cc.EmergencyNotice)
        )

    @precondition(lambda self: any(e.ends > self.now for e in self.record.emergency_accesses))
    @rule(data=st.data(), extra=st.integers(min_value=0, max_value=30))
    def wait_past_an_emergency(self, *, data: st.DataObject, extra: int) -> None:
        """Time runs past an open emergency access's end (at it, or a little after)."""
        open_ = [e for e in self.record.emergency_accesses if e.ends > self.now]
        access = data.draw(st.sampled_from(open_), label="emergency")
        self.now = access.ends + dt.timedelta(minutes=extra)
        self.ask = data.draw(st.sampled_from(ASKS), label="ask")

    # -- invariants ---------------------------------------------------------------------------

    @invariant()
    def rules_hold(self) -> None:
        """R5, R7, R8 and the codes hold for the record at the current instant."""
        record, at = self.record, self.now
        assert rules.unique_roles.is_valid(record, at=at), rules.unique_roles.check(record, at=at)
        assert rules.eligibility.is_valid(record, at=at), rules.eligibility.check(record, at=at)
        assert rules.duplicates.is_valid(record, at=at), rules.duplicates.check(record, at=at)
        assert rules.record.is_valid(record, at=at), rules.record.check(record, at=at)

    @invariant()
    def version_counts_applied_changes(self) -> None:
        assert self.record.version == 1 + self.applied

    @invariant()
    def no_history_lost(self) -> None:
        """R9: every membership stays, and keeps its participation periods."""
        for member_id, old in self.history.items():
            membership = self.record.circle.find(member_id)
            assert membership is not None, f"{member_id} was removed from the circle"
            assert history_kept(old, membership.participations), member_id
        self.history = {m.member_id: m.participations for m in self.record.circle}

    @invariant()
    def editor_kept(self) -> None:
        """Issue 10, R6 continuity: the circle always keeps an editor (``is_editor`` on some
        member) or is closed (inactive, entered-in-error).

        Judged at the current instant (after time has run on, too), on the editors whose
        habilitation has no end: a time-limited habilitation may lapse by itself, which is no
        change, so continuity counts only editors for good (``NO_EDITOR_LEFT`` otherwise);
        time-limited habilitations are still generated, for editors too. Since the rule holds
        in suspended and closed circles as well (so that they can be resumed or reopened,
        docs/rules.md), only an entered-in-error circle, final, is excused from it.
        """
        record, at = self.record, self.now
        editors = lasting_editors(record, at)
        assert editors or record.status in CLOSED, [
            (m.member_id, m.habilitated, m.habilitation_ends, m.refusals) for m in record.circle
        ]
        assert editors or record.status is cc.CircleStatus.ENTERED_IN_ERROR, record.status
        # Nothing but a change takes an editor for good away: the same at the last change.
        assert lasting_editors(record, record.updated_at) == editors

    @invariant()
    def refusals_never_lost(self) -> None:
        """Issue 10, R4, R9: every refusal ever recorded is still on its member with the same
        statement, scope and instant, those lifted keep their lifting, and no other appears.
        """
        for m in self.record.circle:
            expected = self.refusals.get(m.member_id, {})
            assert [r.refusal_id for r in m.refusals] == list(expected), m.member_id
            for refusal in m.refusals:
                known = expected[refusal.refusal_id]
                assert refusal.statement == known.statement
                assert refusal.categories == known.categories
                assert (refusal.recorded_at, refusal.recorded_by) == (
                    known.recorded_at,
                    known.recorded_by,
                )
                if known.lifting is None:
                    assert refusal.lifted is None, refusal.refusal_id
                else:
                    assert refusal.lifted is not None, refusal.refusal_id
                    assert refusal.lifted.statement == known.lifting
                    assert (refusal.lifted.recorded_at, refusal.lifted.recorded_by) == (
                        known.lifted_at,
                        known.lifted_by,
                    )
        assert set(self.refusals) <= {m.member_id for m in self.record.circle}

    @invariant()
    def entered_in_error_grants_nothing(self) -> None:
        """Issue 10, R1, R2: a member entered in error is never active, at any instant
        tried, stays in the circle, and no path of any principal of the pool names them.
        """
        record, at = self.record, self.now
        for member_id in self.entered_in_error:
            m = record.circle.get(member_id)
            assert m.entered_in_error is not None
            instants = {EPOCH, at, record.updated_at}
            for period in m.participations:
                instants.add(period.start)
                if period.end is not None:
                    instants.add(period.end - dt.timedelta(microseconds=1))
            assert not any(m.is_active(t) for t in instants), member_id
            assert not member_has_access(m, at)
        if not self.entered_in_error:
            return
        category, action = self.ask
        for principal in PRINCIPALS:
            decision = cc.decide(record, principal, category, action, matrix=MATRIX, at=at)
            access = cc.effective_access(record, principal, at=at)
            named = {p.member_id for p in (*decision.paths, *access.paths)}
            assert not named & self.entered_in_error, (principal.label, named)

    @invariant()
    def emergency_never_beats_a_refusal_and_ends(self) -> None:
        """Issue 10, R4: for each principal of the pool with an emergency access, no path is
        that access at or after its end; it opens for reading only (``EMERGENCY_READ_ONLY``);
        and when a refusal covering the category (whole, or
        of that category) stands on one of their memberships, ``decide`` denies with
        ``SHARING_REFUSED``, emergency or not.
        """
        record, at = self.record, self.now
        for principal in PRINCIPALS:
            mine = [
                e
                for e in record.emergency_accesses
                if e.is_for(principal.account, principal.national_id)
            ]
            if not mine:
                continue
            for access in mine:
                for t in {access.ends, max(at, access.ends)}:
                    standing = any(e.stands_at(t) for e in mine)
                    for category, action in (self.ask, (CATEGORIES[0], cc.Action.READ)):
                        decision = cc.decide(
                            record, principal, category, action, matrix=MATRIX, at=t
                        )
                        emergency = [p.emergency_id for p in decision.paths if p.emergency_id]
                        assert access.access_id not in emergency, (access, t)
                        assert standing or not emergency, (emergency, t)
            for category in CATEGORIES:
                # Reading only: writing never goes through an emergency access.
                read, write = (
                    cc.decide(record, principal, category, action, matrix=MATRIX, at=at)
                    for action in cc.Action
                )
                assert not any(p.emergency_id for p in write.paths), write
                if any(p.emergency_id for p in read.paths):
                    assert read.paths == (read.paths[0],) and read.paths[0].member_id is None
                    assert not write.allowed and Reason.EMERGENCY_READ_ONLY in write.reasons
            memberships = plain.identity(record, principal, at).memberships
            for category in CATEGORIES:
                refused = any(
                    r.stands_at(at) and r.covers(category) for m in memberships for r in m.refusals
                )
                if not refused:
                    continue
                decision = cc.decide(
                    record, principal, category, cc.Action.READ, matrix=MATRIX, at=at
                )
                assert not decision.allowed, (principal.label, category, decision)
                assert Reason.SHARING_REFUSED in decision.reasons, decision

    @invariant()
    def the_history_rebuilds_every_version(self) -> None:
        """Issue 11: the events of the changes so far rebuild the record exactly, and the
        record at each version k is the one the change that made it returned.
        """
        assert [step.record for step in history.steps(self.events)] == self.versions
        assert history.replay(self.events) == self.record

    @invariant()
    def decide_is_the_plain_reference(self) -> None:
        """Issue 10, R1–R4: ``decide`` and ``effective_access`` give the plain reference's
        :class:`Decision` (reasons, paths and refusals), for every principal of the pool, on
        the category and action drawn with the step; emergency accesses and status included.
        """
        record, at = self.record, self.now
        category, action = self.ask
        for principal in PRINCIPALS:
            fast = cc.decide(record, principal, category, action, matrix=MATRIX, at=at)
            reference = plain.decide(record, principal, category, action, matrix=MATRIX, at=at)
            assert fast == reference, (principal.label, category, action)
            assert cc.effective_access(record, principal, at=at) == plain.effective_access(
                record, principal, at=at
            ), principal.label

    @invariant()
    def access_twins_agree(self) -> None:
        """R1-R4: the boolean twins agree with the explained decisions, for every principal,
        and the listings and the active-file index say what ``decide`` says.
        """
        record, at = self.record, self.now
        self.index = self.index.with_record(record)
        for principal in PRINCIPALS:
            access = cc.effective_access(record, principal, at=at)
            assert access.allowed == cc.has_effective_access(record, principal, at=at)
            assert access.allowed == bool(access.paths) != bool(access.reasons)
            allowed = set()
            for category, action in ASKS:
                decision = cc.decide(record, principal, category, action, matrix=MATRIX, at=at)
                assert decision.allowed == cc.is_allowed(
                    record, principal, category, action, matrix=MATRIX, at=at
                )
                assert decision.allowed == bool(decision.paths) != bool(decision.reasons)
                assert not decision.allowed or access.allowed
                if decision.allowed:
                    allowed.add((category, action))
            granted = cc.permissions(record, principal, matrix=MATRIX, at=at)
            assert {(c, a) for c, a in ASKS if granted.allows(c, a)} == allowed
            in_file = [e.record_id for e in self.index.for_principal(principal, at=at)]
            assert in_file == (["DC-1"] if allowed else [])
        listed = cc.who_can_access(record, PRINCIPALS, matrix=MATRIX, at=at)
        assert [p.principal for p in listed] == [
            p for p in dict.fromkeys(PRINCIPALS) if cc.permissions(record, p, matrix=MATRIX, at=at)
        ]


CareCircleMachine.TestCase.settings = settings(
    max_examples=120,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestCareCircle = CareCircleMachine.TestCase
