"""Each action of the user guide through the service, stored then dispatched: « Créer »,
« Ajouter » (directory and by hand), the « Modifier » form, revoking, leaving and rejoining,
the circle's lifecycle, emergency access (*bris de glace*), a member entered in error."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs
import pytest

import carecircle as cc
from carecircle.nomenclatures import professions, protection, relationships
from carecircle.nomenclatures.role_codes import ATTPHYS
from carecircle.roles import AIDANT_PRINCIPAL, PCP, REPRESENTANT_LEGAL
from carecircle.testing import directories

if TYPE_CHECKING:
    from service_fixtures.world import DATA, OUTSIDER, World, account, national_id
else:
    from .service_fixtures.world import DATA, OUTSIDER, World, account, national_id


def test_create_record_reads_the_creator_from_the_directory() -> None:
    """G1: the creator's entry is the directory's; she joins habilitated; nobody is told."""
    world = World()
    creator = world.record.circle.get("M1")
    assert creator.member == DATA.coordinator and creator.habilitated
    assert world.sent == []
    with pytest.raises(cc.NotFoundError) as caught:
        world.service.create_record(
            actor=cc.Principal(account="pass:nobody"), record_id="DC-2",
            patient=world.record.patient, at=world.now(),
        )  # fmt: skip
    assert (caught.value.code, caught.value.path) == ("PRINCIPAL_NOT_FOUND", "actor")


def test_create_a_proposed_circle_with_the_creators_role() -> None:
    world = World()
    change = world.service.create_record(
        actor=world.actor, record_id="DC-2", patient=world.record.patient,
        roles={ATTPHYS}, description="Coordinatrice DAC",
        status=cc.CircleStatus.PROPOSED, at=world.now(),
    )  # fmt: skip
    assert change.record.status is cc.CircleStatus.PROPOSED
    creator = change.record.circle.get("M1")
    assert creator.description == "Coordinatrice DAC" and creator.roles == {ATTPHYS}


class TestAdd:
    def test_a_directory_professional_with_the_forms_fields(self) -> None:
        """G3, G4, G5, G14: details from the directory; role, description, habilitation set
        at once; the notice leaves with the commit."""
        world = World()
        change = world.service.add_professional(
            world.record, actor=world.actor, national_id=national_id(DATA.gp), roles={PCP},
            description="Médecin traitant depuis 2010", habilitated=True, at=world.now(),
        )  # fmt: skip
        assert world.sent == []
        world.commit(change)
        member = world.record.circle.get("M2")
        assert member.member == DATA.gp and member.roles == frozenset({PCP})
        assert member.description == "Médecin traitant depuis 2010" and member.habilitated
        assert world.recipients() == [account(DATA.gp)]

    def test_a_professional_the_directory_does_not_list(self) -> None:
        world = World()
        with pytest.raises(cc.NotFoundError) as missing:
            world.service.add_professional(
                world.record, actor=world.actor, national_id="810000000000", at=world.now()
            )
        assert (missing.value.code, missing.value.path) == ("PROFESSIONAL_NOT_FOUND", "national_id")

    def test_a_directory_structure_legal_entity_gets_one_notice(self) -> None:
        """G10, G11, G14: the record joins the structure's active file."""
        world = World()
        world.commit(world.service.add_structure(
            world.record, actor=world.actor, national_id=DATA.ssiad.national_id,
            description="Passages matin et soir", habilitated=True, at=world.now(),
        ))  # fmt: skip
        assert world.record.circle.get("M2").member == DATA.ssiad
        (notice,) = world.sent
        assert isinstance(notice, cc.HabilitationNotice)
        assert (notice.recipient, notice.structure) == (DATA.ssiad.national_id, True)

    def test_a_professional_by_hand_is_information_only(self) -> None:
        """G8: typed in by hand; never access, never a notice."""
        world = World()
        physio = cc.ManualProfessional(
            family_name="Petit", profession=professions.MASSEUR_KINESITHERAPEUTE
        )
        world.commit(world.service.add_manual_professional(
            world.record, actor=world.actor, professional=physio, roles={ATTPHYS},
            description="Cabinet de ville", at=world.now(),
        ))  # fmt: skip
        member = world.record.circle.get("M2")
        assert member.member == physio and member.roles == {ATTPHYS}
        assert not member.habilitated and world.sent == []
        with pytest.raises(cc.InvalidValueError) as wrong:
            world.service.add_manual_professional(
                world.record, actor=world.actor, professional=DATA.gp,  # type: ignore[arg-type]
                at=world.now(),
            )  # fmt: skip
        assert wrong.value.path == "professional"

    def test_a_person_with_role_relationship_and_legal_protection(self) -> None:
        """G9: an aidant, unlisted; a représentant légal exercising a tutelle (GUARD)."""
        world = World()
        daughter = cc.RelatedPerson(
            family_name="Martin", given_name="Julie", unlisted=True,
            relationship=relationships.FILLE,
        )  # fmt: skip
        world.commit(world.service.add_person(
            world.record, actor=world.actor, person=daughter, roles={AIDANT_PRINCIPAL},
            at=world.now(),
        ))  # fmt: skip
        tutor = cc.RelatedPerson(family_name="Garcia", given_name="Luc")
        world.commit(world.service.add_person(
            world.record, actor=world.actor, person=tutor, roles={REPRESENTANT_LEGAL},
            legal_protection=protection.TUTEUR, at=world.now(),
        ))  # fmt: skip
        circle = world.record.circle
        assert circle.get("M2").member == daughter and circle.get("M2").roles == {AIDANT_PRINCIPAL}
        assert circle.get("M3").legal_protection == protection.TUTEUR
        with pytest.raises(cc.InvalidValueError) as wrong:
            world.service.add_person(
                world.record,
                actor=world.actor,
                person=DATA.gp,  # type: ignore[arg-type]
                at=world.now(),
            )
        assert wrong.value.path == "person"

    def test_a_structure_by_hand(self) -> None:
        """G12: information only."""
        world = World()
        association = cc.ManualStructure(name="Association Bien Vieillir", acronym="ABV")
        world.commit(world.service.add_manual_structure(
            world.record, actor=world.actor, structure=association, at=world.now()
        ))  # fmt: skip
        assert world.record.circle.get("M2").member == association
        with pytest.raises(cc.InvalidValueError) as wrong:
            world.service.add_manual_structure(
                world.record, actor=world.actor, structure=DATA.ssiad,  # type: ignore[arg-type]
                at=world.now(),
            )  # fmt: skip
        assert wrong.value.path == "structure"


class TestTheModifierForm:
    def test_role_and_description(self) -> None:
        """G4: « Mettre à jour »; what is left out keeps its value."""
        world = World()
        member_id = world.add(DATA.gp, description="Cabinet du centre")
        world.commit(world.service.update_member(
            world.record, actor=world.actor, member_id=member_id, roles={PCP}, at=world.now()
        ))  # fmt: skip
        member = world.record.circle.get(member_id)
        assert member.roles == {PCP} and member.description == "Cabinet du centre"

    def test_habilitation_on_then_off(self) -> None:
        """G4, G5, G6: habilitated, notified; revoked, still in the care team, no access."""
        world = World()
        member_id = world.add(DATA.nurse)
        until = world.now() + dt.timedelta(days=14)
        world.commit(world.service.habilitate(
            world.record, actor=world.actor, member_id=member_id, until=until, at=world.now()
        ))  # fmt: skip
        assert world.record.circle.get(member_id).habilitation_ends == until
        assert world.recipients() == [account(DATA.nurse)]
        world.commit(world.service.revoke_habilitation(
            world.record, actor=world.actor, member_id=member_id, at=world.now()
        ))  # fmt: skip
        member = world.record.circle.get(member_id)
        assert not member.habilitated and member.is_active(world.now())

    def test_the_patients_refusal_recorded_then_lifted(self) -> None:
        """R4: refusal wins; lifted, the access returns and the notice leaves then (G14)."""
        world = World()
        member_id = world.add(DATA.pharmacist, habilitated=True)
        world.sent.clear()
        at = world.now()
        world.commit(world.service.record_refusal(
            world.record, actor=world.actor, member_id=member_id,
            statement=cc.Statement(expressed_at=at), at=at,
        ))  # fmt: skip
        assert not cc.member_has_access(world.record.circle.get(member_id), world.now())
        at = world.now()
        world.commit(world.service.lift_refusal(
            world.record, actor=world.actor, member_id=member_id, refusal_id="R1",
            statement=cc.Statement(expressed_at=at), at=at,
        ))  # fmt: skip
        assert cc.member_has_access(world.record.circle.get(member_id), world.now())
        assert world.recipients() == [account(DATA.pharmacist)]

    def test_a_refusal_of_one_category(self) -> None:
        world = World()
        member_id = world.add(DATA.pharmacist, habilitated=True)
        at = world.now()
        world.commit(world.service.record_refusal(
            world.record, actor=world.actor, member_id=member_id,
            statement=cc.Statement(expressed_at=at), categories={cc.Category.PSYCHOLOGICAL},
            at=at,
        ))  # fmt: skip
        refusal = world.record.circle.get(member_id).refusals[0]
        assert refusal.categories == {cc.Category.PSYCHOLOGICAL}


def test_leaving_and_rejoining_is_a_new_stay_of_the_same_member() -> None:
    """R9: nothing is erased; the member comes back, habilitated anew."""
    world = World()
    member_id = world.add(DATA.nurse, habilitated=True)
    world.commit(world.service.end_participation(
        world.record, actor=world.actor, member_id=member_id, at=world.now()
    ))  # fmt: skip
    assert not world.record.circle.get(member_id).is_active(world.now())
    world.commit(world.service.rejoin(
        world.record, actor=world.actor, member_id=member_id, habilitated=True, at=world.now()
    ))  # fmt: skip
    member = world.record.circle.get(member_id)
    assert len(member.participations) == 2 and member.habilitated
    assert world.recipients() == [account(DATA.nurse)] * 2


def test_the_circles_lifecycle() -> None:
    """Suspended, then active again, each change kept with its reason."""
    world = World()
    world.commit(world.service.change_status(
        world.record, actor=world.actor, status=cc.CircleStatus.SUSPENDED,
        reason="Hospitalisation", at=world.now(),
    ))  # fmt: skip
    assert world.record.status is cc.CircleStatus.SUSPENDED
    world.commit(world.service.change_status(
        world.record, actor=world.actor, status="active", at=world.now()
    ))  # fmt: skip
    assert [s.status for s in world.record.status_history] == ["active", "suspended", "active"]


def test_emergency_access_lasts_the_services_policy_and_tells_the_editors() -> None:
    """Bris de glace: an outsider reads, for the configured duration; the editors are told."""
    world = World(emergency=cc.EmergencyPolicy(duration=dt.timedelta(hours=2)))
    outsider = world.service.principal(account(OUTSIDER))
    at = world.now()
    change = world.service.open_in_emergency(
        world.record, actor=outsider, reason="Appel du SAMU", at=at
    )
    assert world.sent == []
    world.commit(change)
    (access,) = world.record.emergency_accesses
    assert access.ends == at + dt.timedelta(hours=2)
    assert world.recipients() == [account(DATA.coordinator)]


def test_a_member_entered_in_error_no_longer_counts() -> None:
    world = World()
    member_id = world.add(DATA.gp, habilitated=True)
    world.commit(world.service.mark_entered_in_error(
        world.record, actor=world.actor, member_id=member_id, reason="Mauvais Dr Durand",
        at=world.now(),
    ))  # fmt: skip
    assert world.record.circle.get(member_id).entered_in_error is not None


class TestRefresh:
    def test_a_pending_habilitation_takes_effect_with_the_account(self) -> None:
        """R5, G14: the directory's entry of now brings the account; the notice leaves."""
        world = World()
        member_id = world.add(DATA.pending, habilitated=True)
        assert world.sent == []
        world.directory.replace(DATA.pending_with_account)
        world.commit(world.service.refresh_member(
            world.record, actor=world.actor, member_id=member_id, at=world.now()
        ))  # fmt: skip
        assert world.record.circle.get(member_id).member == DATA.pending_with_account
        assert world.recipients() == [account(DATA.pending_with_account)]

    def test_a_structure_reads_the_structure_directory(self) -> None:
        world = World()
        stale = cc.DirectoryStructure(
            national_id=DATA.ssiad.national_id, name=DATA.ssiad.name, category=DATA.ssiad.category
        )
        assert stale != DATA.ssiad
        world.commit(cc.add_member(world.record, stale, actor=world.actor, at=world.now()))
        change = world.service.refresh_member(
            world.record, actor=world.actor, member_id="M2", at=world.now()
        )
        assert change.record.circle.get("M2").member == DATA.ssiad

    def test_a_member_known_by_account_only_is_found_by_account(self) -> None:
        world = World()
        by_account = attrs.evolve(DATA.nurse, national_id=None)
        world.commit(cc.add_member(world.record, by_account, actor=world.actor, at=world.now()))
        change = world.service.refresh_member(
            world.record, actor=world.actor, member_id="M2", at=world.now()
        )
        assert change.record.circle.get("M2").member == DATA.nurse

    def test_a_member_the_directory_no_longer_lists(self) -> None:
        world = World()
        member_id = world.add(DATA.pending)
        world.service = attrs.evolve(
            world.service,
            professionals=directories.InMemoryProfessionalDirectory(
                e for e in DATA.professionals if e != DATA.pending
            ),
        )
        with pytest.raises(cc.NotFoundError) as caught:
            world.service.refresh_member(
                world.record, actor=world.actor, member_id=member_id, at=world.now()
            )
        assert (caught.value.code, caught.value.path) == (
            "DIRECTORY_ENTRY_NOT_FOUND",
            f"members[{member_id}].member",
        )

    def test_errors(self) -> None:
        world = World()
        world.commit(world.service.add_manual_professional(
            world.record, actor=world.actor, at=world.now(),
            professional=cc.ManualProfessional(family_name="Petit"),
        ))  # fmt: skip
        cases = [
            ("M9", cc.NotFoundError, "MEMBER_NOT_FOUND", "members[M9]"),
            ("M2", cc.InvalidValueError, "NOT_A_DIRECTORY_MEMBER", "members[M2].member"),
            (2, cc.InvalidValueError, "WRONG_TYPE", "member_id"),
        ]
        for member_id, error, code, path in cases:
            with pytest.raises(error) as caught:
                world.service.refresh_member(
                    world.record, actor=world.actor, member_id=member_id,  # type: ignore[arg-type]
                    at=world.now(),
                )  # fmt: skip
            assert (caught.value.code, caught.value.path) == (code, path)
