"""The thin service layer: look up, apply one core operation, notify; no rule of its own."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import carecircle as cc
from carecircle import CareCircleService
from carecircle.roles import PCP
from carecircle.testing import directories, notifiers, sample
from carecircle.testing.builders import instant

DATA = sample.occitanie()


def make_service(
    professionals: tuple[cc.DirectoryProfessional, ...] = DATA.professionals,
    structures: tuple[cc.DirectoryStructure, ...] = DATA.structures,
) -> CareCircleService:
    return CareCircleService(
        professionals=directories.InMemoryProfessionalDirectory(professionals),
        structures=directories.InMemoryStructureDirectory(structures),
        notifier=notifiers.CapturingNotifier(),
    )


def sent(service: CareCircleService) -> list[cc.Notification]:
    notifier = service.notifier
    assert isinstance(notifier, notifiers.CapturingNotifier)
    return notifier.sent


def account(entry: cc.DirectoryProfessional) -> str:
    assert entry.account is not None
    return entry.account.id


def national_id(entry: cc.DirectoryProfessional) -> str:
    assert entry.national_id is not None
    return entry.national_id


def without(service: CareCircleService, entry: object) -> CareCircleService:
    """The same service, over directories that no longer list ``entry``."""
    return attrs.evolve(
        service,
        professionals=directories.InMemoryProfessionalDirectory(
            e for e in DATA.professionals if e != entry
        ),
        structures=directories.InMemoryStructureDirectory(s for s in DATA.structures if s != entry),
    )


def new_record(service: CareCircleService) -> tuple[cc.CoordinationRecord, cc.Principal]:
    actor = service.principal(account(DATA.coordinator))
    record = service.create_record(
        record_id="DC-1",
        patient=cc.Patient(patient_id="P-1", family_name="Martin", given_name="Louise"),
        creator=actor,
        at=instant(0),
    ).record
    return record, actor


class TestPrincipal:
    def test_holds_the_directories_facts_of_now(self) -> None:
        """R3: delegations come from the structure directory."""
        service = make_service()
        nurse = service.principal(account(DATA.ssiad_nurse))
        assert nurse == cc.Principal.from_entry(
            DATA.ssiad_nurse, delegated_by=frozenset({DATA.ssiad.national_id})
        )
        assert service.principal(account(DATA.gp)).delegated_by == frozenset()

    def test_unknown_account(self) -> None:
        with pytest.raises(cc.NotFoundError) as caught:
            make_service().principal("pass:nobody")
        assert (caught.value.code, caught.value.path) == ("ACCOUNT_NOT_FOUND", "account")


class TestUseCases:
    def test_create_record_reads_the_creator_from_the_directory(self) -> None:
        """G1: the creator's entry is the directory's."""
        service = make_service()
        record, _ = new_record(service)
        assert record.circle.get("M1").member == DATA.coordinator
        assert sent(service) == []

    def test_create_record_by_someone_the_directory_does_not_list(self) -> None:
        service = make_service()
        with pytest.raises(cc.NotFoundError) as caught:
            service.create_record(
                record_id="DC-1",
                patient=cc.Patient(patient_id="P-1", family_name="Martin", given_name="Louise"),
                creator=cc.Principal(account="pass:nobody", national_id="810000000000"),
                at=instant(0),
            )
        assert caught.value.code == "PRINCIPAL_NOT_FOUND"

    def test_add_professional_fills_in_the_directory_entry(self) -> None:
        """G3: the entry's details come from the directory, by national id."""
        service = make_service()
        record, actor = new_record(service)
        change = service.add_professional(
            record, national_id(DATA.gp), actor=actor, at=instant(1), roles={PCP}
        )
        member = change.record.circle.get("M2")
        assert member.member == DATA.gp and member.roles == frozenset({PCP})

    def test_add_unknown_or_malformed_professional(self) -> None:
        service = make_service()
        record, actor = new_record(service)
        with pytest.raises(cc.NotFoundError) as missing:
            service.add_professional(record, "810000000000", actor=actor, at=instant(1))
        assert (missing.value.code, missing.value.path) == ("PROFESSIONAL_NOT_FOUND", "national_id")
        with pytest.raises(cc.InvalidValueError) as malformed:
            service.add_professional(record, "12", actor=actor, at=instant(1))
        assert malformed.value.code.startswith("IDENTIFIER_")
        assert sent(service) == []

    def test_add_unknown_structure(self) -> None:
        service = make_service()
        record, actor = new_record(service)
        with pytest.raises(cc.NotFoundError) as caught:
            service.add_structure(record, "1999999999", actor=actor, at=instant(1))
        assert caught.value.code == "STRUCTURE_NOT_FOUND"

    def test_refresh_errors(self) -> None:
        service = make_service()
        record, actor = new_record(service)
        record = cc.add_member(
            record, cc.ManualProfessional(family_name="Petit"), actor=actor, at=instant(1)
        ).record
        record = service.add_professional(
            record, national_id(DATA.gp), actor=actor, at=instant(2)
        ).record
        with pytest.raises(cc.NotFoundError) as missing:
            service.refresh(record, "M9", actor=actor, at=instant(3))
        assert (missing.value.code, missing.value.path) == ("MEMBER_NOT_FOUND", "members[M9]")
        with pytest.raises(cc.InvalidValueError) as manual:
            service.refresh(record, "M2", actor=actor, at=instant(3))
        assert manual.value.code == "NOT_A_DIRECTORY_MEMBER"
        gone = without(service, DATA.gp)
        with pytest.raises(cc.NotFoundError) as delisted:
            gone.refresh(record, "M3", actor=actor, at=instant(3))
        assert (delisted.value.code, delisted.value.path) == (
            "DIRECTORY_ENTRY_NOT_FOUND",
            "members[M3].member",
        )

    def test_refresh_finds_a_member_known_by_account_only(self) -> None:
        """A professional recorded with an account and no national id is found by account."""
        service = make_service()
        record, actor = new_record(service)
        by_account = attrs.evolve(DATA.nurse, national_id=None)
        record = cc.add_member(record, by_account, actor=actor, at=instant(1)).record
        change = service.refresh(record, "M2", actor=actor, at=instant(2))
        assert change.record.circle.get("M2").member == DATA.nurse

    def test_refresh_of_a_structure_reads_the_structure_directory(self) -> None:
        service = make_service()
        record, actor = new_record(service)
        stale = attrs.evolve(DATA.ssiad, delegates=frozenset())
        record = cc.add_member(record, stale, actor=actor, at=instant(1)).record
        change = service.refresh(record, "M2", actor=actor, at=instant(2))
        assert change.record.circle.get("M2").member == DATA.ssiad

    def test_a_rejected_change_is_the_cores_rejection(self) -> None:
        """The service adds no rule: the core's ChangeRejected, unchanged, and nothing sent."""
        service = make_service()
        record, _ = new_record(service)
        stranger = service.principal(account(DATA.nurse))
        with pytest.raises(cc.ChangeRejected) as through_service:
            service.add_professional(record, national_id(DATA.gp), actor=stranger, at=instant(1))
        with pytest.raises(cc.ChangeRejected) as through_core:
            cc.add_member(record, DATA.gp, actor=stranger, at=instant(1))
        assert through_service.value.violations == through_core.value.violations
        assert sent(service) == []


class TestWhoCanAccess:
    def test_lists_professionals_and_delegates_with_the_directories_facts(self) -> None:
        service = make_service()
        record, actor = new_record(service)
        record = service.add_professional(
            record, national_id(DATA.gp), actor=actor, at=instant(1), habilitated=True
        ).record
        record = service.add_professional(
            record, national_id(DATA.refused), actor=actor, at=instant(2), habilitated=True,
            refusal=cc.Statement(expressed_at=instant(2)),
        ).record  # fmt: skip
        record = service.add_structure(
            record, DATA.ssiad.national_id, actor=actor, at=instant(3), habilitated=True
        ).record
        listed = service.who_can_access(record, at=instant(4))
        accounts = [p.principal.account for p in listed]
        assert accounts == [
            account(DATA.coordinator),
            account(DATA.gp),
            *sorted(DATA.ssiad.delegates),
        ]
        # The same answer as asking decide-based permissions of every principal of the directory.
        everyone = [service.principal(account(e)) for e in DATA.professionals if e.account]
        expected = [p for p in everyone if cc.permissions(
            record, p, matrix=service.matrix, at=instant(4)).can_open]  # fmt: skip
        assert sorted(p.account or "" for p in expected) == sorted(a or "" for a in accounts)

    def test_delegates_the_directory_no_longer_lists_are_skipped(self) -> None:
        """A delegate whose account left the PASS directory is nobody to list."""
        service = make_service()
        record, actor = new_record(service)
        record = service.add_structure(
            record, DATA.ssiad.national_id, actor=actor, at=instant(1), habilitated=True
        ).record
        gone = without(service, DATA.ssiad_nurse)
        accounts = [p.principal.account for p in gone.who_can_access(record, at=instant(2))]
        assert account(DATA.ssiad_nurse) not in accounts


class TestInvitations:
    def test_draft_is_signed_from_the_directory(self) -> None:
        """G13: the inviter's name and coordination structure come from their entry."""
        service = make_service()
        actor = service.principal(account(DATA.coordinator))
        draft = service.draft_invitation(actor, recipients=["confrere@cabinet.example"])
        assert "Anne Roux" in draft.body and DATA.coordinator.structure in draft.body
        assert service.portal_url in draft.body
        assert draft.recipients == ("confrere@cabinet.example",)

    def test_send_needs_a_recipient(self) -> None:
        service = make_service()
        draft = service.draft_invitation(service.principal(account(DATA.gp)))
        with pytest.raises(cc.InvalidValueError) as caught:
            service.send_invitation(draft)
        assert (caught.value.code, caught.value.path) == ("INVITATION_NO_RECIPIENT", "recipients")
        assert sent(service) == []
        ready = draft.with_recipients(["confrere@cabinet.example"])
        service.send_invitation(ready)
        assert sent(service) == [ready]

    def test_portal_is_configurable(self) -> None:
        service = attrs.evolve(make_service(), portal_url="https://pass.example.org/inscription")
        draft = service.draft_invitation(service.principal(account(DATA.gp)))
        assert "https://pass.example.org/inscription" in draft.body


@settings(max_examples=40, deadline=None)
@given(
    entry=st.sampled_from([e for e in DATA.professionals if e.national_id]),
    habilitated=st.booleans(),
    refused=st.booleans(),
)
def test_service_adds_what_the_core_adds(
    entry: cc.DirectoryProfessional, habilitated: bool, refused: bool
) -> None:
    """The service is the core plus look-up and dispatch: the same change, its notices sent."""
    service = make_service()
    record, actor = new_record(service)
    refusal = cc.Statement(expressed_at=instant(1)) if refused else None

    def through_service() -> cc.Change:
        return service.add_professional(
            record, national_id(entry), actor=actor, at=instant(1),
            habilitated=habilitated, refusal=refusal,
        )  # fmt: skip

    def through_core() -> cc.Change:
        return cc.add_member(
            record, entry, actor=actor, at=instant(1),
            habilitated=habilitated, refusal=refusal,
        )  # fmt: skip

    try:
        core = through_core()
    except cc.ChangeRejected:
        with pytest.raises(cc.ChangeRejected) as by_core:
            through_core()
        with pytest.raises(cc.ChangeRejected) as by_service:
            through_service()
        assert by_service.value.violations == by_core.value.violations
        assert sent(service) == []
        return
    assert through_service() == core
    assert sent(service) == list(core.notifications)


class TestDirectoryBranches:
    def test_principal_known_by_national_id_only(self) -> None:
        """A principal without an account is found by national id (a pending professional)."""
        service = make_service()
        record, actor = new_record(service)
        pending = cc.Principal(national_id=national_id(DATA.pending))
        draft = service.draft_invitation(pending)
        assert "Gaëlle Séguier" in draft.body
        record = service.add_professional(
            record, national_id(DATA.pending), actor=actor, at=instant(1), habilitated=True
        ).record
        # A member without an account opens nothing: who_can_access skips them.
        listed = [p.principal.account for p in service.who_can_access(record, at=instant(2))]
        assert listed == [account(DATA.coordinator)]

    def test_member_known_by_national_id_only_and_delisted(self) -> None:
        service = make_service()
        record, actor = new_record(service)
        record = service.add_professional(
            record, national_id(DATA.pending), actor=actor, at=instant(1)
        ).record
        gone = without(service, DATA.pending)
        with pytest.raises(cc.NotFoundError) as caught:
            gone.refresh(record, "M2", actor=actor, at=instant(2))
        assert caught.value.code == "DIRECTORY_ENTRY_NOT_FOUND"
        listed = [p.principal.account for p in gone.who_can_access(record, at=instant(2))]
        assert listed == [account(DATA.coordinator)]

    def test_structure_the_directory_no_longer_lists_has_no_delegates(self) -> None:
        service = make_service()
        record, actor = new_record(service)
        record = service.add_structure(
            record, DATA.ssiad.national_id, actor=actor, at=instant(1), habilitated=True
        ).record
        gone = without(service, DATA.ssiad)
        listed = [p.principal.account for p in gone.who_can_access(record, at=instant(2))]
        assert listed == [account(DATA.coordinator)]
