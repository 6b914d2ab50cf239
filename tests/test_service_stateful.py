"""Random sequences of the service's use cases while the directory changes under them.

A hypothesis state machine adds sample professionals and structures through the service
(sometimes with the patient's refusal), habilitates, records and lifts the patient's refusals
(issue 10: the patient's decisions, :func:`carecircle.record_refusal` and
:func:`carecircle.lift_refusal`, whole or for one category), and changes the PASS directory
between steps (accounts created, suspended, reactivated), refreshing members afterwards. After
each step it checks that the notifier received exactly the notices of the applied changes, in
order (the service dispatches, and nothing for a rejected change); that every notice went to a
member who gained access at its instant (G14), never to a refused or account-less
professional; and that ``who_can_access`` over the directories equals asking ``permissions``
of every professional of the directory (R2, R3, G11).
"""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

import carecircle as cc
from carecircle import STANDARD_CATEGORIES, CareCircleService, member_has_access
from carecircle.testing import directories, notifiers, sample
from carecircle.testing.builders import instant

DATA = sample.occitanie()
# A handful of professionals in and around the SSIAD and the DAC, and their structures.
PROFESSIONALS = (
    DATA.gp,
    DATA.nurse,
    DATA.pharmacist,
    DATA.pending,
    DATA.refused,
    DATA.ssiad_nurse,
)
STRUCTURES = (DATA.ssiad, DATA.dac, next(s for s in DATA.structures if not s.legal_entity))
STATES = (cc.AccountState.ACTIVE, cc.AccountState.SUSPENDED)
# A refusal of the whole record (most often) or of one information category (issue 10).
refused_categories = st.one_of(
    st.just(frozenset[str]()),
    st.just(frozenset[str]()),
    st.sampled_from(STANDARD_CATEGORIES).map(lambda c: frozenset({c})),
)


def with_account(
    entry: cc.DirectoryProfessional, state: cc.AccountState
) -> cc.DirectoryProfessional:
    """The entry once its PASS account exists (the pending one gets the sample's), in ``state``."""
    account = entry.account or DATA.pending_with_account.account
    assert account is not None
    return attrs.evolve(entry, account=attrs.evolve(account, state=state))


class ServiceMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.directory = directories.InMemoryProfessionalDirectory(DATA.professionals)
        self.notifier = notifiers.CapturingNotifier()
        self.service = CareCircleService(
            professionals=self.directory,
            structures=directories.InMemoryStructureDirectory(DATA.structures),
            notifier=self.notifier,
        )
        assert DATA.coordinator.account is not None
        self.actor = self.service.principal(DATA.coordinator.account.id)
        self.minute = 0
        self.record = self.service.create_record(
            record_id="DC-1",
            patient=cc.Patient(patient_id="P-1", family_name="Martin", given_name="Louise"),
            creator=self.actor,
            at=self.now(),
        ).record
        self.expected: list[cc.Notification] = []

    def now(self) -> dt.datetime:
        self.minute += 1
        return instant(self.minute)

    def apply(self, make: object) -> None:
        assert callable(make)
        before = self.record
        try:
            change = make()
        except cc.ChangeRejected:
            assert self.record is before
            return
        assert isinstance(change, cc.Change)
        for notice in change.notifications:
            # No emergency access is opened here: every notice is a habilitation's (G14).
            assert isinstance(notice, cc.HabilitationNotice), notice
            membership = change.record.circle.get(notice.member_id)
            assert member_has_access(membership, notice.at), notice
            previous = before.circle.find(notice.member_id)
            assert previous is None or not member_has_access(previous, notice.at), notice
            assert not membership.refused_at(notice.at)
        self.expected.extend(change.notifications)
        self.record = change.record

    def member_ids(self) -> list[str]:
        return [m.member_id for m in self.record.circle if m.member_id != "M1"]

    @rule(
        entry=st.sampled_from(PROFESSIONALS),
        habilitated=st.booleans(),
        refused=st.booleans(),
    )
    def add_professional(
        self, entry: cc.DirectoryProfessional, habilitated: bool, refused: bool
    ) -> None:
        assert entry.national_id is not None
        national_id = entry.national_id
        at = self.now()
        self.apply(
            lambda: self.service.add_professional(
                self.record,
                national_id,
                actor=self.actor,
                at=at,
                habilitated=habilitated,
                refusal=cc.Statement(expressed_at=at) if refused else None,
            )
        )

    @rule(structure=st.sampled_from(STRUCTURES), habilitated=st.booleans())
    def add_structure(self, structure: cc.DirectoryStructure, habilitated: bool) -> None:
        self.apply(
            lambda: self.service.add_structure(
                self.record,
                structure.national_id,
                actor=self.actor,
                at=self.now(),
                habilitated=habilitated,
            )
        )

    @precondition(lambda self: len(self.record.circle) > 1)
    @rule(data=st.data())
    def habilitate(self, data: st.DataObject) -> None:
        member_id = data.draw(st.sampled_from(self.member_ids()))
        self.apply(
            lambda: self.service.habilitate(self.record, member_id, actor=self.actor, at=self.now())
        )

    @precondition(lambda self: len(self.record.circle) > 1)
    @rule(data=st.data(), categories=refused_categories)
    def record_refusal(self, data: st.DataObject, categories: frozenset[str]) -> None:
        """The patient refuses sharing with a member (issue 10, R4): whole or one category."""
        member_id = data.draw(st.sampled_from(self.member_ids()))
        at = self.now()
        self.apply(
            lambda: self.service.dispatch(
                cc.record_refusal(
                    self.record,
                    member_id,
                    statement=cc.Statement(expressed_at=at),
                    actor=self.actor,
                    at=at,
                    categories=categories,
                )
            )
        )

    @precondition(lambda self: any(m.refusals for m in self.record.circle))
    @rule(data=st.data())
    def lift_refusal(self, data: st.DataObject) -> None:
        """The patient lifts one of their refusals (issue 10, R4); one already lifted is
        rejected (``REFUSAL_ALREADY_LIFTED``).
        """
        refusals = [(m.member_id, r.refusal_id) for m in self.record.circle for r in m.refusals]
        member_id, refusal_id = data.draw(st.sampled_from(refusals))
        at = self.now()
        self.apply(
            lambda: self.service.dispatch(
                cc.lift_refusal(
                    self.record,
                    member_id,
                    refusal_id,
                    statement=cc.Statement(expressed_at=at),
                    actor=self.actor,
                    at=at,
                )
            )
        )

    @rule(entry=st.sampled_from(PROFESSIONALS), state=st.sampled_from(STATES))
    def directory_changes(self, entry: cc.DirectoryProfessional, state: cc.AccountState) -> None:
        """An account is created, suspended or reactivated in the PASS directory."""
        self.directory.replace(with_account(entry, state))

    @precondition(lambda self: len(self.record.circle) > 1)
    @rule(data=st.data())
    def refresh(self, data: st.DataObject) -> None:
        member_id = data.draw(st.sampled_from(self.member_ids()))
        self.apply(
            lambda: self.service.refresh(self.record, member_id, actor=self.actor, at=self.now())
        )

    @invariant()
    def the_notifier_got_exactly_the_notices_of_the_applied_changes(self) -> None:
        assert self.notifier.sent == self.expected

    @invariant()
    def who_can_access_is_what_permissions_says_of_everyone(self) -> None:
        at = instant(self.minute)
        listed = {
            p.principal.account: p.levels for p in self.service.who_can_access(self.record, at=at)
        }
        everyone = [
            self.service.principal(e.account.id) for e in self.directory if e.account is not None
        ]
        expected = {}
        for principal in everyone:
            found = cc.permissions(self.record, principal, matrix=self.service.matrix, at=at)
            if found.can_open:
                expected[principal.account] = found.levels
        assert listed == expected


ServiceMachine.TestCase.settings = settings(
    max_examples=40,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestService = ServiceMachine.TestCase
