"""Random sequences of every operation by random actors (R1–R9, R11, G2, G4, G5, G14).

A hypothesis state machine drives ``add_member`` (all five kinds), ``update_member``,
``habilitate``, ``revoke_habilitation``, ``end_participation``, ``rejoin`` and
``refresh_member``, each by an actor drawn from a pool (members with or without a PASS account,
suspended and closed accounts, delegates of legal-entity structures and of a structure that is
not one, strangers), at non-decreasing instants. After each step it checks that unique roles
hold (R7), only eligible members are habilitated (R5), no directory member is active twice
(R8), no change was applied for an actor without effective access (R6), a rejected change left
the record as it was (R11), the version grew by exactly one per applied change, no
participation history was lost (R9), notices go only to members who gained access (G14), and
the access functions agree with their boolean twins, and the listings and an active-file
index kept up to date along the way answer what ``decide`` answers (R1–R4, G11, G14).
Habilitations are sometimes time-limited, some ending at or before their grant (rejected).
"""

from __future__ import annotations

import datetime as dt
import functools

import attrs
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

import carecircle as cc
from carecircle import rules
from carecircle.access import member_has_access
from carecircle.nomenclatures import code_system, professions, role_codes
from carecircle.roles import AIDANT_PRINCIPAL, PCP, PERSONNE_DE_CONFIANCE, REPRESENTANT_LEGAL
from carecircle.testing import strategies
from carecircle.testing.builders import (
    EPOCH,
    directory_professional,
    directory_structure,
    patient,
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
ASKS = [(c, a) for c in (*cc.Category, "nutrition") for a in cc.Action]

# The creator acts two times out of three, so that circles grow before access is lost.
actors = st.one_of(st.just(PRINCIPALS[0]), st.just(PRINCIPALS[0]), st.sampled_from(PRINCIPALS))
has_members = precondition(lambda self: len(self.record.circle) > 1)
optional_flags = st.one_of(st.none(), st.booleans())
steps = st.integers(min_value=0, max_value=20)
# Minutes a time-limited habilitation lasts: often past the next steps, sometimes not at all.
lasting = st.one_of(st.none(), st.integers(min_value=-5, max_value=60))

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


class CareCircleMachine(RuleBasedStateMachine):
    """One record under random operations by random actors."""

    def __init__(self) -> None:
        super().__init__()
        self.now = EPOCH
        self.record = cc.create_record(
            record_id="DC-1",
            patient=patient(),
            creator=PRINCIPALS[0],
            creator_entry=CREATOR,
            at=EPOCH,
        ).record
        self.applied = 0
        self.history: dict[str, tuple[cc.Participation, ...]] = {}
        self.index = cc.ActiveFileIndex.of([self.record], matrix=MATRIX)

    # -- helpers ----------------------------------------------------------------------------

    def tick(self, minutes: int) -> dt.datetime:
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

    def check(self, actor: cc.Principal, at: dt.datetime, operation: object) -> None:
        """Run ``operation`` on the current record and check its outcome against R6 and R11."""
        before = self.record
        version, updated_at, memberships = (
            before.version,
            before.updated_at,
            before.circle.memberships,
        )
        had_access = cc.has_effective_access(before, actor, at=at)
        outcome = attempt(operation)
        event("rejected" if isinstance(outcome, cc.ChangeRejected) else "accepted")
        if isinstance(outcome, cc.ChangeRejected):
            assert self.record is before and before.version == version
            assert before.updated_at == updated_at and before.circle.memberships == memberships
            assert outcome.codes, "a rejection carries at least one violation"
            actor_codes = [c for c in outcome.codes if c.startswith("ACTOR_")]
            if had_access:
                assert not actor_codes, outcome.codes
            else:
                assert actor_codes, outcome.codes
                assert all(
                    isinstance(e, cc.PermissionDeniedError)
                    for e in outcome.exceptions
                    if isinstance(e, cc.ViolationError) and e.code.startswith("ACTOR_")
                )
            return
        assert had_access, f"{actor.label} changed the record without effective access"
        if outcome.applied:
            assert outcome.record.version == version + 1
            assert {e.meta.version for e in outcome.events} == {version + 1}
            assert {e.meta.actor for e in outcome.events} == {actor.label}
            for notice in outcome.notifications:
                membership = outcome.record.circle.get(notice.member_id)
                assert member_has_access(membership, at), notice
                assert notice.structure or notice.recipient != actor.account, notice
            self.record = outcome.record
            self.applied += 1
            event(f"applied: {type(outcome.events[0]).__name__}")
        else:
            assert outcome.record is before
            assert outcome.events == () and outcome.notifications == ()

    # -- rules: one per operation -------------------------------------------------------------

    @rule(
        data=st.data(),
        actor=actors,
        member=member_entries,
        sharing_refused=st.booleans(),
        minutes=steps,
    )
    def add_member(
        self,
        *,
        data: st.DataObject,
        actor: cc.Principal,
        member: cc.Member,
        sharing_refused: bool,
        minutes: int,
    ) -> None:
        roles = data.draw(role_sets(member.kind), label="roles")
        habilitated = data.draw(habilitations(member.kind), label="habilitated")
        at, record = self.tick(minutes), self.record
        self.check(
            actor,
            at,
            lambda: cc.add_member(
                record,
                member,
                actor=actor,
                at=at,
                roles=roles,
                habilitated=habilitated,
                sharing_refused=sharing_refused,
            ),
        )

    @has_members
    @rule(
        data=st.data(),
        actor=actors,
        description=st.one_of(st.none(), st.sampled_from(["", "Suivi", "Passage hebdomadaire"])),
        habilitated=optional_flags,
        sharing_refused=optional_flags,
        minutes=steps,
    )
    def update_member(
        self,
        *,
        data: st.DataObject,
        actor: cc.Principal,
        description: str | None,
        habilitated: bool | None,
        sharing_refused: bool | None,
        minutes: int,
    ) -> None:
        member_id, at, record = self.member_id(data), self.tick(minutes), self.record
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
                sharing_refused=sharing_refused,
            ),
        )

    @has_members
    @rule(data=st.data(), actor=actors, minutes=steps, lasting=lasting)
    def habilitate(
        self, *, data: st.DataObject, actor: cc.Principal, minutes: int, lasting: int | None
    ) -> None:
        member_id, at, record = self.member_id(data), self.tick(minutes), self.record
        until = None if lasting is None else at + dt.timedelta(minutes=lasting)
        self.check(
            actor, at, lambda: cc.habilitate(record, member_id, actor=actor, at=at, until=until)
        )
        if until is not None and until <= at:
            assert self.record is record, "a habilitation ending by its grant was applied"

    @has_members
    @rule(data=st.data(), actor=actors, minutes=steps)
    def revoke_habilitation(
        self, *, data: st.DataObject, actor: cc.Principal, minutes: int
    ) -> None:
        member_id, at, record = self.member_id(data), self.tick(minutes), self.record
        self.check(actor, at, lambda: cc.revoke_habilitation(record, member_id, actor=actor, at=at))

    @has_members
    @rule(data=st.data(), actor=actors, minutes=steps)
    def end_participation(self, *, data: st.DataObject, actor: cc.Principal, minutes: int) -> None:
        member_id, at, record = self.member_id(data), self.tick(minutes), self.record
        self.check(actor, at, lambda: cc.end_participation(record, member_id, actor=actor, at=at))

    @has_members
    @rule(
        data=st.data(),
        actor=actors,
        entry=st.sampled_from(REFRESHED + PROFESSIONALS),
        minutes=steps,
    )
    def refresh_member(
        self,
        *,
        data: st.DataObject,
        actor: cc.Principal,
        entry: cc.DirectoryProfessional | cc.DirectoryStructure,
        minutes: int,
    ) -> None:
        member_id, at, record = self.member_id(data), self.tick(minutes), self.record
        self.check(
            actor,
            at,
            lambda: cc.refresh_member(record, member_id, entry=entry, actor=actor, at=at),
        )

    @precondition(lambda self: any(m.has_ended for m in self.record.circle))
    @rule(data=st.data(), actor=actors, minutes=steps)
    def rejoin(self, *, data: st.DataObject, actor: cc.Principal, minutes: int) -> None:
        ended = [m.member_id for m in self.record.circle if m.has_ended]
        member_id = data.draw(st.sampled_from(ended), label="member_id")
        roles = data.draw(st.one_of(st.none(), role_sets(self.kind(member_id))), label="roles")
        habilitated = data.draw(habilitations(self.record.circle.get(member_id).kind))
        at, record = self.tick(minutes), self.record
        self.check(
            actor,
            at,
            lambda: cc.rejoin(
                record, member_id, actor=actor, at=at, roles=roles, habilitated=habilitated
            ),
        )

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
