"""G14 habilitation notices, end to end: through the service layer to a capturing notifier
(each change dispatched as a service does once it is stored).

Each case of the issue: a professional with an active account gains access; a pending
habilitation takes effect when the account exists; never a refused or account-less
professional; one notice to a habilitated legal-entity structure. R12: notices carry no
contact detail.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import carecircle as cc
from carecircle import CareCircleService
from carecircle.testing import directories, notifiers, sample
from carecircle.testing.builders import instant

DATA = sample.occitanie()


class World:
    """A record created by the sample's coordinator, over in-memory directories."""

    def __init__(self, professionals: tuple[cc.DirectoryProfessional, ...] = ()) -> None:
        self.pass_directory = directories.InMemoryProfessionalDirectory(
            professionals or DATA.professionals
        )
        self.structures = directories.InMemoryStructureDirectory(DATA.structures)
        self.notifier = notifiers.CapturingNotifier()
        self.service = CareCircleService(
            professionals=self.pass_directory, structures=self.structures, notifier=self.notifier
        )
        assert DATA.coordinator.account is not None
        self.actor = self.service.principal(DATA.coordinator.account.id)
        self.minute = 0
        self.record = self.service.create_record(
            actor=self.actor, record_id="DC-1", patient=sample_patient(), at=self.now()
        ).record

    def now(self) -> dt.datetime:
        self.minute += 1
        return instant(self.minute)

    def add(
        self,
        entry: cc.DirectoryProfessional,
        *,
        habilitated: bool = False,
        refused: bool = False,
    ) -> cc.Change:
        assert entry.national_id is not None
        at = self.now()
        change = self.service.add_professional(
            self.record,
            actor=self.actor,
            national_id=entry.national_id,
            habilitated=habilitated,
            refusal=cc.Statement(expressed_at=at) if refused else None,
            at=at,
        )
        self.record = self.service.dispatch(change).record
        return change

    def member_id(self, entry: object) -> str:
        return next(m.member_id for m in self.record.circle if m.member == entry)

    def recipients(self) -> list[str]:
        return [n.recipient for n in self.notifier.sent if isinstance(n, cc.HabilitationNotice)]


def habilitation_notices(change: cc.Change) -> list[cc.HabilitationNotice]:
    """The change's notifications, every one a habilitation notice (G14)."""
    found = [n for n in change.notifications if isinstance(n, cc.HabilitationNotice)]
    assert len(found) == len(change.notifications)
    return found


def sample_patient() -> cc.Patient:
    return cc.Patient(patient_id="P-1", family_name="Martin", given_name="Louise")


def account(entry: cc.DirectoryProfessional) -> str:
    assert entry.account is not None
    return entry.account.id


def test_creating_a_record_notifies_nobody() -> None:
    """G1: the creator is habilitated by creating the record; she is not told about it."""
    assert World().notifier.sent == []


def test_habilitated_professional_with_an_active_account_is_notified() -> None:
    """G14: added habilitated with an active PASS account: one notice, to their account."""
    world = World()
    change = world.add(DATA.gp, habilitated=True)
    (notice,) = change.notifications
    assert isinstance(notice, cc.HabilitationNotice)
    assert world.notifier.sent == [notice]
    assert (notice.recipient, notice.member_id, notice.structure) == (account(DATA.gp), "M2", False)
    assert notice.record_id == "DC-1" and notice.at == instant(2)


def test_habilitating_later_notifies_then() -> None:
    """G4, G14: added without habilitation (G6, no access, no notice), habilitated later."""
    world = World()
    world.add(DATA.nurse)
    assert world.notifier.sent == []
    change = world.service.dispatch(
        world.service.habilitate(world.record, actor=world.actor, member_id="M2", at=world.now())
    )
    assert [n.recipient for n in change.notifications] == [account(DATA.nurse)]
    assert world.recipients() == [account(DATA.nurse)]


def test_refused_professional_gets_nothing() -> None:
    """R4, G14: the patient refuses sharing with them: habilitated, but no access, no notice."""
    world = World()
    change = world.add(DATA.refused, habilitated=True, refused=True)
    assert change.applied and change.notifications == ()
    assert world.notifier.sent == []
    # Withdrawing the refusal gives access: the notice goes out then.
    at = world.now()
    withdrawn = cc.lift_refusal(
        world.record, "M2", "R1", statement=cc.Statement(expressed_at=at), actor=world.actor, at=at
    )
    world.service.dispatch(withdrawn)
    assert world.recipients() == [account(DATA.refused)]


def test_account_less_professional_gets_nothing_until_the_account_exists() -> None:
    """R5, G14: a pending habilitation; the notice goes out when it takes effect."""
    world = World()
    assert DATA.pending.account is None
    change = world.add(DATA.pending, habilitated=True)
    assert change.applied and change.notifications == ()
    member_id = world.member_id(DATA.pending)
    # Refreshing while the directory still knows no account changes nothing, sends nothing.
    same = world.service.dispatch(
        world.service.refresh_member(
            world.record, actor=world.actor, member_id=member_id, at=world.now()
        )
    )
    assert not same.applied and world.notifier.sent == []
    world.pass_directory.replace(DATA.pending_with_account)
    effective = world.service.dispatch(
        world.service.refresh_member(
            world.record, actor=world.actor, member_id=member_id, at=world.now()
        )
    )
    assert [(n.recipient, n.member_id) for n in habilitation_notices(effective)] == [
        (account(DATA.pending_with_account), member_id)
    ]
    assert world.recipients() == [account(DATA.pending_with_account)]
    # Once effective, refreshing again sends nothing more.
    world.record = effective.record
    world.service.dispatch(
        world.service.refresh_member(
            world.record, actor=world.actor, member_id=member_id, at=world.now()
        )
    )
    assert len(world.notifier.sent) == 1


def test_pending_habilitation_meeting_a_suspended_account_stays_silent() -> None:
    """R2: a suspended account gives no access, so its creation notifies nobody."""
    world = World()
    world.add(DATA.pending, habilitated=True)
    assert DATA.pending_with_account.account is not None
    suspended = attrs.evolve(
        DATA.pending_with_account,
        account=attrs.evolve(DATA.pending_with_account.account, state=cc.AccountState.SUSPENDED),
    )
    world.pass_directory.replace(suspended)
    change = world.service.dispatch(
        world.service.refresh_member(
            world.record, actor=world.actor, member_id=world.member_id(DATA.pending), at=world.now()
        )
    )
    assert change.applied and change.notifications == ()


def test_suspended_account_is_not_notified() -> None:
    """R2, G14: habilitating a professional whose account is suspended notifies nobody."""
    suspended = next(
        e
        for e in DATA.professionals
        if e.account is not None and e.account.state is cc.AccountState.SUSPENDED
    )
    world = World()
    change = world.add(suspended, habilitated=True)
    assert change.applied and change.notifications == ()


def test_legal_entity_structure_gets_one_notice_for_its_active_file() -> None:
    """G11, G14: one notice to the structure, none to each of its delegates."""
    world = World()
    assert DATA.ssiad.legal_entity and len(DATA.ssiad.delegates) >= 2
    change = world.service.dispatch(
        world.service.add_structure(
            world.record,
            actor=world.actor,
            national_id=DATA.ssiad.national_id,
            habilitated=True,
            at=world.now(),
        )
    )
    assert [(n.recipient, n.structure) for n in change.notifications] == [
        (DATA.ssiad.national_id, True)
    ]
    assert world.notifier.sent == list(change.notifications)


def test_structure_that_is_not_a_legal_entity_gets_nothing() -> None:
    """G11: its habilitation gives no access, so nobody is told."""
    world = World()
    plain = next(s for s in DATA.structures if not s.legal_entity)
    change = world.service.dispatch(
        world.service.add_structure(
            world.record,
            actor=world.actor,
            national_id=plain.national_id,
            habilitated=True,
            at=world.now(),
        )
    )
    assert change.applied and change.notifications == ()


def test_manual_members_and_related_persons_are_never_notified() -> None:
    """G8, G9, G12: information only; nobody to notify."""
    world = World()
    for member in (
        cc.ManualProfessional(family_name="Petit"),
        cc.RelatedPerson(family_name="Martin", given_name="Julie"),
        cc.ManualStructure(name="Association Bien Vieillir"),
    ):
        change = world.service.dispatch(
            cc.add_member(world.record, member, actor=world.actor, at=world.now())
        )
        world.record = change.record
    assert world.notifier.sent == []


def test_rejected_change_sends_nothing() -> None:
    """R11: a rejected change leaves the record as it was and no notice goes out."""
    world = World()
    world.add(DATA.gp, habilitated=True)
    world.notifier.clear()
    outsider = world.service.principal(account(DATA.nurse))
    assert DATA.pharmacist.national_id is not None
    with pytest.raises(cc.ChangeRejected):
        world.service.add_professional(
            world.record, actor=outsider, national_id=DATA.pharmacist.national_id,
            habilitated=True, at=world.now(),
        )  # fmt: skip
    assert world.notifier.sent == []


def test_notices_carry_no_contact_detail() -> None:
    """R12: a notice names accounts and ids; the notifier looks the address up."""
    world = World()
    world.add(DATA.gp, habilitated=True)
    world.add(DATA.nurse, habilitated=True)
    texts = " ".join(
        repr(n) + n.subject() + n.body()
        for n in world.notifier.sent
        if isinstance(n, cc.HabilitationNotice)
    )
    for entry in (DATA.gp, DATA.nurse):
        contact = entry.contact
        assert contact.email is not None and contact.email not in texts
        assert all(p[-8:] not in texts.replace(" ", "") for p in contact.phones)
        assert contact.address is not None and str(contact.address.line) not in texts
    assert "Martin" not in texts and "Louise" not in texts  # nor the patient's name


def test_notice_texts_name_the_record_and_the_platform() -> None:
    notice = cc.HabilitationNotice(
        record_id="DC-9", member_id="M3", recipient="pass:1", structure=False, at=instant(0)
    )
    assert "DC-9" in notice.body() and "SPICO" in notice.body()
    assert notice.subject(platform="Autre").startswith("Autre : vous êtes habilité(e)")
    structure = attrs.evolve(notice, structure=True)
    assert "file active de la structure" in structure.body(platform="Autre")
    assert "Autre" in structure.body(platform="Autre")


def test_the_actor_is_not_notified_of_their_own_access() -> None:
    """G14: a delegate who reaches the record through the SSIAD adds herself, habilitated:
    she gains direct access, and nobody tells her what she did herself.
    """
    world = World()
    world.record = world.service.add_structure(
        world.record,
        actor=world.actor,
        national_id=DATA.ssiad.national_id,
        habilitated=True,
        at=world.now(),
    ).record
    delegate = world.service.principal(account(DATA.ssiad_nurse))
    assert delegate.delegated_by == frozenset({DATA.ssiad.national_id})
    assert DATA.ssiad_nurse.national_id is not None
    change = world.service.add_professional(
        world.record, actor=delegate, national_id=DATA.ssiad_nurse.national_id,
        habilitated=True, at=world.now(),
    )  # fmt: skip
    assert change.applied and change.notifications == ()
    assert cc.member_has_access(change.record.circle.get("M3"), world.now())


class TestNoticesOfTheMembersNamed:
    """habilitation_notices(members=...): only the members a change touched are looked at."""

    def test_members_restricts_and_orders_the_notices(self) -> None:
        from carecircle import habilitation_notices
        from carecircle.testing.builders import directory_professional, new_record

        before, actor = new_record()
        after = before
        for n in (2, 3):
            after = cc.add_member(
                after, directory_professional(n), actor=actor, at=instant(1), habilitated=True
            ).record
        every = habilitation_notices(before, after, at=instant(2), actor=actor.account)
        assert [n.member_id for n in every] == ["M2", "M3"]
        named = habilitation_notices(
            before, after, at=instant(2), actor=actor.account, members=["M3", "M9", "M2"]
        )
        assert [(n.member_id, n.recipient) for n in named] == [("M3", "pass:3"), ("M2", "pass:2")]
        assert habilitation_notices(before, after, at=instant(2), members=["M1"]) == ()
        assert habilitation_notices(before, after, at=instant(2), members=[]) == ()
        mine = habilitation_notices(None, after, at=instant(2), actor="pass:1", members=["M1"])
        assert mine == ()
        assert [
            n.recipient for n in habilitation_notices(None, after, at=instant(2), members=["M1"])
        ] == ["pass:1"]
