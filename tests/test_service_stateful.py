"""Random sequences of the service's actions, stored then dispatched, while the directory
changes under them.

A hypothesis state machine plays every action of the guide through the service: adding from
the directories and by hand (sometimes with the patient's refusal), the « Modifier » form,
habilitating and revoking, the patient's refusals recorded and lifted (whole or one category),
leaving and rejoining, the circle's status, emergency accesses, members entered in error,
refreshes after the PASS directory changed (accounts created, suspended, reactivated), and
commits of stale changes. After every step it checks that the notifier received nothing before
``commit`` stored the change, then exactly the change's notifications (none for a rejected
or a conflicting change); that every habilitation notice went to a member who gained access at
its instant (G14) and every emergency notice to an editor of the circle; that the store holds
the record the machine holds; and that ``who_can_access`` over the directories equals asking
``permissions`` of every professional of the directory (R2, R3, G11).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

import carecircle as cc
from carecircle.nomenclatures.role_codes import ATTPHYS
from carecircle.roles import PCP
from carecircle.rules.lifecycle import is_editor

if TYPE_CHECKING:
    from service_fixtures.world import DATA, OUTSIDER, World, account, national_id
else:
    from .service_fixtures.world import DATA, OUTSIDER, World, account, national_id

# A handful of professionals in and around the SSIAD and the DAC, and their structures.
PROFESSIONALS = (DATA.gp, DATA.nurse, DATA.pharmacist, DATA.pending, DATA.refused, DATA.ssiad_nurse)
STRUCTURES = (DATA.ssiad, DATA.dac, next(s for s in DATA.structures if not s.legal_entity))
STATES = (cc.AccountState.ACTIVE, cc.AccountState.SUSPENDED)
BY_HAND = (
    cc.ManualProfessional(family_name="Petit", given_name="Marc"),
    cc.RelatedPerson(family_name="Martin", given_name="Julie", unlisted=True),
    cc.ManualStructure(name="Association Bien Vieillir"),
)
# A refusal of the whole record (most often) or of one information category (issue 10).
refused_categories = st.one_of(
    st.just(frozenset[str]()),
    st.just(frozenset[str]()),
    st.sampled_from(cc.STANDARD_CATEGORIES).map(lambda c: frozenset({c})),
)


def with_account(
    entry: cc.DirectoryProfessional, state: cc.AccountState
) -> cc.DirectoryProfessional:
    """The entry once its PASS account exists (the pending one gets the sample's), in ``state``."""
    found = entry.account or DATA.pending_with_account.account
    assert found is not None
    return attrs.evolve(entry, account=attrs.evolve(found, state=state))


def recipient(m: cc.Membership) -> str | None:
    """Whom a notice to this member goes to: their account, or the structure's id."""
    member = m.member
    if isinstance(member, cc.DirectoryProfessional):
        return None if member.account is None else member.account.id
    return getattr(member, "national_id", None)


def has_members(machine: ServiceMachine) -> bool:
    return len(machine.record.circle) > 1


class ServiceMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.world = World()
        self.service, self.actor = self.world.service, self.world.actor
        self.record = self.world.record
        self.expected: list[cc.Notification] = []

    def apply(self, make: Callable[[dt.datetime], cc.Change]) -> None:
        """Apply an action at the next minute; store it, then dispatch it."""
        at = self.world.now()
        try:
            change = make(at)
        except cc.ChangeRejected:
            return
        assert self.world.sent == self.expected  # applied, not stored: nothing sent
        self.check_notices(self.record, change)
        self.world.commit(change)
        self.expected.extend(change.notifications)
        self.record = change.record

    def check_notices(self, before: cc.CoordinationRecord, change: cc.Change) -> None:
        emergency = [n for n in change.notifications if isinstance(n, cc.EmergencyNotice)]
        if emergency:
            # Every editor of the circle is told of an emergency access, and only they.
            editors = {recipient(m) for m in before.circle if is_editor(m, emergency[0].at)}
            assert sorted(n.recipient for n in emergency) == sorted(editors)  # type: ignore[type-var]
        for notice in change.notifications:
            if isinstance(notice, cc.EmergencyNotice):
                continue
            membership = change.record.circle.get(notice.member_id)
            assert cc.member_has_access(membership, notice.at), notice
            previous = before.circle.find(notice.member_id)
            assert previous is None or not cc.member_has_access(previous, notice.at), notice
            assert not membership.refused_at(notice.at)

    def member_ids(self) -> list[str]:
        return [m.member_id for m in self.record.circle if m.member_id != "M1"]

    def directory_members(self) -> list[str]:
        """The members a directory lists (a member typed in by hand has no entry to read)."""
        kinds = (cc.DirectoryProfessional, cc.DirectoryStructure)
        return [i for i in self.member_ids() if isinstance(self.record.circle.get(i).member, kinds)]

    def some_member(self, data: st.DataObject) -> str:
        return data.draw(st.sampled_from(self.member_ids()))

    @rule(entry=st.sampled_from(PROFESSIONALS), habilitated=st.booleans(), refused=st.booleans())
    def add_professional(
        self, entry: cc.DirectoryProfessional, habilitated: bool, refused: bool
    ) -> None:
        self.apply(
            lambda at: self.service.add_professional(
                self.record, actor=self.actor, national_id=national_id(entry),
                habilitated=habilitated,
                refusal=cc.Statement(expressed_at=at) if refused else None, at=at,
            )
        )  # fmt: skip

    @rule(structure=st.sampled_from(STRUCTURES), habilitated=st.booleans())
    def add_structure(self, structure: cc.DirectoryStructure, habilitated: bool) -> None:
        self.apply(
            lambda at: self.service.add_structure(
                self.record, actor=self.actor, national_id=structure.national_id,
                habilitated=habilitated, at=at,
            )
        )  # fmt: skip

    @rule(member=st.sampled_from(BY_HAND))
    def add_by_hand(self, member: cc.Member) -> None:
        """G8, G9, G12: information only; never a notice."""
        s, record, actor = self.service, self.record, self.actor
        if isinstance(member, cc.ManualProfessional):
            self.apply(lambda at: s.add_manual_professional(
                record, actor=actor, professional=member, roles={ATTPHYS}, at=at))  # fmt: skip
        elif isinstance(member, cc.RelatedPerson):
            self.apply(lambda at: s.add_person(record, actor=actor, person=member, at=at))
        else:
            assert isinstance(member, cc.ManualStructure)
            self.apply(lambda at: s.add_manual_structure(
                record, actor=actor, structure=member, at=at))  # fmt: skip

    @precondition(has_members)
    @rule(data=st.data(), pcp=st.booleans(), description=st.sampled_from(["", "Référente"]))
    def update_member(self, data: st.DataObject, pcp: bool, description: str) -> None:
        """G4: the « Modifier » form's role and description."""
        member_id = self.some_member(data)
        self.apply(
            lambda at: self.service.update_member(
                self.record, actor=self.actor, member_id=member_id,
                roles={PCP} if pcp else set(), description=description, at=at,
            )
        )  # fmt: skip

    @precondition(has_members)
    @rule(data=st.data(), on=st.booleans())
    def habilitation(self, data: st.DataObject, on: bool) -> None:
        """G4, G5: the « Modifier » form's habilitation switch."""
        member_id = self.some_member(data)
        action = self.service.habilitate if on else self.service.revoke_habilitation
        self.apply(lambda at: action(self.record, actor=self.actor, member_id=member_id, at=at))

    @precondition(has_members)
    @rule(data=st.data(), categories=refused_categories)
    def record_refusal(self, data: st.DataObject, categories: frozenset[str]) -> None:
        """The patient refuses sharing with a member (issue 10, R4): whole or one category."""
        member_id = self.some_member(data)
        self.apply(
            lambda at: self.service.record_refusal(
                self.record, actor=self.actor, member_id=member_id,
                statement=cc.Statement(expressed_at=at), categories=categories, at=at,
            )
        )  # fmt: skip

    @precondition(lambda self: any(m.refusals for m in self.record.circle))
    @rule(data=st.data())
    def lift_refusal(self, data: st.DataObject) -> None:
        """The patient lifts one of their refusals (R4); one already lifted is rejected."""
        refusals = [(m.member_id, r.refusal_id) for m in self.record.circle for r in m.refusals]
        member_id, refusal_id = data.draw(st.sampled_from(refusals))
        self.apply(
            lambda at: self.service.lift_refusal(
                self.record, actor=self.actor, member_id=member_id, refusal_id=refusal_id,
                statement=cc.Statement(expressed_at=at), at=at,
            )
        )  # fmt: skip

    @precondition(has_members)
    @rule(data=st.data(), leave=st.booleans(), habilitated=st.booleans())
    def leave_or_rejoin(self, data: st.DataObject, leave: bool, habilitated: bool) -> None:
        """R9: a member leaves; one who left comes back."""
        member_id = self.some_member(data)
        s, record, actor = self.service, self.record, self.actor
        if leave:
            self.apply(
                lambda at: s.end_participation(record, actor=actor, member_id=member_id, at=at)
            )
        else:
            self.apply(lambda at: s.rejoin(
                record, actor=actor, member_id=member_id, habilitated=habilitated, at=at,
            ))  # fmt: skip

    @rule(status=st.sampled_from([cc.CircleStatus.SUSPENDED, cc.CircleStatus.ACTIVE]))
    def change_status(self, status: cc.CircleStatus) -> None:
        self.apply(
            lambda at: self.service.change_status(
                self.record, actor=self.actor, status=status, reason="Hospitalisation", at=at
            )
        )

    @rule(doctor=st.sampled_from([OUTSIDER, DATA.pharmacist]))
    def open_in_emergency(self, doctor: cc.DirectoryProfessional) -> None:
        """Bris de glace: the circle's editors are told."""
        principal = self.service.principal(account(doctor))
        self.apply(
            lambda at: self.service.open_in_emergency(
                self.record, actor=principal, reason="Appel du SAMU", at=at
            )
        )

    @precondition(has_members)
    @rule(data=st.data())
    def mark_entered_in_error(self, data: st.DataObject) -> None:
        member_id = self.some_member(data)
        self.apply(
            lambda at: self.service.mark_entered_in_error(
                self.record, actor=self.actor, member_id=member_id, reason="Doublon", at=at
            )
        )

    @rule(entry=st.sampled_from(PROFESSIONALS), state=st.sampled_from(STATES))
    def directory_changes(self, entry: cc.DirectoryProfessional, state: cc.AccountState) -> None:
        """An account is created, suspended or reactivated in the PASS directory."""
        self.world.directory.replace(with_account(entry, state))

    @precondition(lambda self: self.directory_members())
    @rule(data=st.data())
    def refresh_member(self, data: st.DataObject) -> None:
        member_id = data.draw(st.sampled_from(self.directory_members()))
        self.apply(
            lambda at: self.service.refresh_member(
                self.record, actor=self.actor, member_id=member_id, at=at
            )
        )

    @precondition(lambda self: self.record.version > 1)
    @rule(entry=st.sampled_from(PROFESSIONALS))
    def stale_commit(self, entry: cc.DirectoryProfessional) -> None:
        """A change applied to an older version conflicts in the store; nothing is sent."""
        old = cc.history.record_at_version(self.world.store.history("DC-1"), 1)
        try:
            change = self.service.add_professional(
                old, actor=self.actor, national_id=national_id(entry), habilitated=True,
                at=self.world.now(),
            )  # fmt: skip
        except cc.ChangeRejected:
            return
        with pytest.raises(cc.ConflictError) as conflict:
            self.world.commit(change)
        assert conflict.value.code == "VERSION_CONFLICT"

    @invariant()
    def the_notifier_got_exactly_the_notices_of_the_stored_changes(self) -> None:
        assert self.world.sent == self.expected

    @invariant()
    def the_store_holds_the_record(self) -> None:
        assert self.world.record == self.record

    @invariant()
    def who_can_access_is_what_permissions_says_of_everyone(self) -> None:
        at = self.record.updated_at
        listed = {
            p.principal.account: p.levels for p in self.service.who_can_access(self.record, at=at)
        }
        expected = {}
        for entry in self.world.directory:
            if entry.account is None:
                continue
            principal = self.service.principal(entry.account.id)
            found = cc.permissions(self.record, principal, matrix=self.service.matrix, at=at)
            if found.can_open:
                expected[principal.account] = found.levels
        assert listed == expected


ServiceMachine.TestCase.settings = settings(
    max_examples=40,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestService = ServiceMachine.TestCase
