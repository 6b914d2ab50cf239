"""The service layer: its look-ups, its one signature style, delivery only through dispatch or
commit, who can access, invitations (G13). Each guide action: ``test_service_actions.py``."""

from __future__ import annotations

import datetime as dt
import inspect
from typing import TYPE_CHECKING, Any

import attrs
import pytest

import carecircle as cc
from carecircle.testing import directories
from carecircle.testing.builders import instant

if TYPE_CHECKING:
    from service_fixtures.world import DATA, World, account, make_service, national_id, sent
else:
    from .service_fixtures.world import DATA, World, account, make_service, national_id, sent

#: Every action of the guide; each returns a Change.
ACTIONS = (
    "create_record",
    "add_professional",
    "add_structure",
    "add_manual_professional",
    "add_person",
    "add_manual_structure",
    "update_member",
    "habilitate",
    "revoke_habilitation",
    "record_refusal",
    "lift_refusal",
    "end_participation",
    "rejoin",
    "change_status",
    "open_in_emergency",
    "mark_entered_in_error",
    "refresh_member",
)


def without(service: cc.CareCircleService, entry: object) -> cc.CareCircleService:
    """The same service, over directories that no longer list ``entry``."""
    return attrs.evolve(
        service,
        professionals=directories.InMemoryProfessionalDirectory(
            e for e in DATA.professionals if e != entry
        ),
        structures=directories.InMemoryStructureDirectory(s for s in DATA.structures if s != entry),
    )


class TestOneSignatureStyle:
    @pytest.mark.parametrize("name", ACTIONS)
    def test_record_first_then_keywords_actor_and_an_explicit_instant(self, name: str) -> None:
        """``service.<action>(record, *, actor=..., ..., at=..., expected_version=None)``."""
        parameters = list(
            inspect.signature(getattr(cc.CareCircleService, name)).parameters.values()
        )
        first, *rest = parameters[1:]  # after self
        if name == "create_record":
            rest = [first, *rest]  # no record yet
        else:
            assert first.name == "record" and first.kind is first.POSITIONAL_OR_KEYWORD
            assert rest[-1].name == "expected_version" and rest[-1].default is None
        assert all(p.kind is p.KEYWORD_ONLY for p in rest)
        assert rest[0].name == "actor" and rest[0].default is inspect.Parameter.empty
        at = next(p for p in rest if p.name == "at")
        assert at.default is inspect.Parameter.empty
        return_type = inspect.signature(getattr(cc.CareCircleService, name)).return_annotation
        assert return_type == "Change"

    def test_draft_invitation_matches_the_cores_but_for_what_the_service_knows(self) -> None:
        """G13: the same keyword-only names in the same order; the service takes the inviter
        for the name and structure it reads from the directory, and brings its portal and
        platform."""
        core = inspect.signature(cc.draft_invitation).parameters
        service = inspect.signature(cc.CareCircleService.draft_invitation).parameters
        assert all(p.kind is p.KEYWORD_ONLY for p in (*core.values(), *list(service.values())[1:]))
        known = {"inviter_name": "inviter", "inviter_structure": None, "portal_url": None}
        expected = [known.get(n, n) for n in core if n != "platform"]
        assert [*service][1:] == [n for n in expected if n is not None]


class TestConstruction:
    @pytest.mark.parametrize(
        "field",
        ["professionals", "structures", "notifier", "matrix", "catalog", "professions",
         "portal_url", "platform", "emergency"],
    )  # fmt: skip
    def test_each_field_is_checked(self, field: str) -> None:
        with pytest.raises(cc.InvalidValueError) as caught:
            make_service(**{field: 7})
        assert (caught.value.code, caught.value.path) == ("WRONG_TYPE", field)


class TestLookups:
    def test_principal_holds_the_directories_facts_of_now(self) -> None:
        """R3: delegations come from the structure directory."""
        service = make_service()
        nurse = service.principal(account(DATA.ssiad_nurse))
        assert nurse == cc.Principal.from_entry(
            DATA.ssiad_nurse, delegated_by=frozenset({DATA.ssiad.national_id})
        )
        assert service.principal(account(DATA.gp)).delegated_by == frozenset()

    @pytest.mark.parametrize(
        ("look_up", "code", "path"),
        [
            (lambda s: s.principal("pass:nobody"), "ACCOUNT_NOT_FOUND", "account"),
            (lambda s: s.professional("810000000000"), "PROFESSIONAL_NOT_FOUND", "national_id"),
            (lambda s: s.structure("1999999999"), "STRUCTURE_NOT_FOUND", "national_id"),
        ],
    )
    def test_a_miss_is_not_found(self, look_up: Any, code: str, path: str) -> None:
        with pytest.raises(cc.NotFoundError) as caught:
            look_up(make_service())
        assert (caught.value.code, caught.value.path) == (code, path)

    def test_entries_are_the_directories(self) -> None:
        service = make_service()
        assert service.professional(national_id(DATA.gp)) == DATA.gp
        assert service.structure(DATA.ssiad.national_id) == DATA.ssiad


class TestDelivery:
    def test_no_action_sends_dispatch_does(self) -> None:
        """Applied and handed back, not sent: the notice leaves on dispatch, once."""
        world = World()
        change = world.service.add_professional(
            world.record, actor=world.actor, national_id=national_id(DATA.gp),
            habilitated=True, at=world.now(),
        )  # fmt: skip
        assert len(change.notifications) == 1 and world.sent == []
        assert world.service.dispatch(change) is change
        assert world.sent == list(change.notifications)

    def test_commit_stores_then_sends(self) -> None:
        world = World()
        change = world.service.add_professional(
            world.record, actor=world.actor, national_id=national_id(DATA.gp),
            habilitated=True, at=world.now(),
        )  # fmt: skip
        assert world.commit(change) is change
        assert world.record == change.record
        assert world.sent == list(change.notifications)

    def test_a_conflicting_commit_sends_nothing(self) -> None:
        """Compare-and-set: a change based on a version the store no longer holds is not
        stored, and its notice never leaves."""
        world = World()
        stale = world.record
        world.add(DATA.nurse)
        change = world.service.add_professional(
            stale, actor=world.actor, national_id=national_id(DATA.gp), habilitated=True,
            at=world.now(),
        )  # fmt: skip
        with pytest.raises(cc.ConflictError) as caught:
            world.commit(change)
        assert caught.value.code == "VERSION_CONFLICT"
        assert world.sent == [] and world.record.version == 2

    def test_a_rejected_change_is_the_cores_rejection_and_sends_nothing(self) -> None:
        world = World()
        stranger = world.service.principal(account(DATA.nurse))
        with pytest.raises(cc.ChangeRejected) as through_service:
            world.service.add_professional(
                world.record, actor=stranger, national_id=national_id(DATA.gp), at=instant(1)
            )
        with pytest.raises(cc.ChangeRejected) as through_core:
            cc.add_member(world.record, DATA.gp, actor=stranger, at=instant(1))
        assert through_service.value.violations == through_core.value.violations
        assert world.sent == []

    def test_bad_arguments_are_coded(self) -> None:
        world = World()
        change = world.service.update_member(
            world.record, actor=world.actor, member_id="M1", description="DAC", at=world.now()
        )
        bad = attrs.evolve(change, notifications=("mail",))  # type: ignore[arg-type]
        calls: list[tuple[Any, str]] = [
            (lambda: world.service.dispatch(world.record), "change"),  # type: ignore[arg-type]
            (
                lambda: world.service.dispatch(attrs.evolve(change, notifications=[])),  # type: ignore[arg-type]
                "change.notifications",
            ),
            (lambda: world.service.dispatch(bad), "change.notifications[0]"),
            (lambda: world.service.commit(world.record, store=world.store), "change"),  # type: ignore[arg-type]
            (lambda: world.service.commit(change, store={}), "store"),  # type: ignore[arg-type]
        ]  # fmt: skip
        for call, path in calls:
            with pytest.raises(cc.InvalidValueError) as caught:
                call()
            assert (caught.value.code, caught.value.path) == ("WRONG_TYPE", path)
        assert world.sent == []


class TestWhoCanAccess:
    def test_lists_professionals_and_delegates_with_the_directories_facts(self) -> None:
        world = World()
        world.add(DATA.gp, habilitated=True)
        world.add(DATA.refused, habilitated=True, refusal=cc.Statement(expressed_at=instant(2)))
        world.commit(world.service.add_structure(
            world.record, actor=world.actor, national_id=DATA.ssiad.national_id,
            habilitated=True, at=world.now(),
        ))  # fmt: skip
        service, record, at = world.service, world.record, world.now()
        accounts = [p.principal.account for p in service.who_can_access(record, at=at)]
        assert accounts == [
            account(DATA.coordinator),
            account(DATA.gp),
            *sorted(DATA.ssiad.delegates),
        ]
        everyone = [service.principal(account(e)) for e in DATA.professionals if e.account]
        expected = [p for p in everyone if cc.permissions(
            record, p, matrix=service.matrix, at=at).can_open]  # fmt: skip
        assert sorted(p.account or "" for p in expected) == sorted(a or "" for a in accounts)
        # Whoever the directories no longer list is nobody to list.
        gone = without(service, DATA.ssiad)
        listed = [p.principal.account for p in gone.who_can_access(record, at=at)]
        assert listed == [account(DATA.coordinator), account(DATA.gp)]

    def test_arguments_are_checked(self) -> None:
        world = World()
        with pytest.raises(cc.InvalidValueError) as caught:
            world.service.who_can_access(world.record, at=dt.datetime(2026, 1, 1))  # noqa: DTZ001 -- naive on purpose
        assert caught.value.path == "at"
        local = instant(0).astimezone(dt.timezone(dt.timedelta(hours=1)))
        service = world.service
        assert service.who_can_access(world.record, at=local) == service.who_can_access(
            world.record, at=instant(0)
        )


class TestInvitations:
    def test_draft_is_signed_from_the_directory(self) -> None:
        """G13: the inviter's name and coordination structure come from their entry."""
        service = make_service(portal_url="https://pass.example.org/inscription", platform="CARE")
        draft = service.draft_invitation(
            inviter=service.principal(account(DATA.coordinator)),
            recipients=["confrere@cabinet.example"],
        )
        assert draft == cc.draft_invitation(
            inviter_name="Anne Roux",
            inviter_structure=DATA.coordinator.structure,
            recipients=["confrere@cabinet.example"],
            portal_url="https://pass.example.org/inscription",
            platform="CARE",
        )

    def test_an_inviter_known_by_national_id_only(self) -> None:
        service = make_service()
        draft = service.draft_invitation(
            inviter=cc.Principal(national_id=national_id(DATA.pending))
        )
        assert "Gaëlle Séguier" in draft.body

    def test_inviter_errors(self) -> None:
        service = make_service()
        with pytest.raises(cc.InvalidValueError) as wrong:
            service.draft_invitation(inviter="pass:1")  # type: ignore[arg-type]
        assert wrong.value.path == "inviter"
        with pytest.raises(cc.NotFoundError) as missing:
            service.draft_invitation(inviter=cc.Principal(account="pass:nobody"))
        assert (missing.value.code, missing.value.path) == ("PRINCIPAL_NOT_FOUND", "inviter")

    def test_send_needs_a_recipient(self) -> None:
        service = make_service()
        draft = service.draft_invitation(inviter=service.principal(account(DATA.gp)))
        with pytest.raises(cc.InvalidValueError) as caught:
            service.send_invitation(draft)
        assert (caught.value.code, caught.value.path) == ("INVITATION_NO_RECIPIENT", "recipients")
        with pytest.raises(cc.InvalidValueError) as wrong:
            service.send_invitation("mail")  # type: ignore[arg-type]
        assert wrong.value.path == "invitation"
        assert sent(service) == []
        ready = draft.with_recipients(["confrere@cabinet.example"])
        assert service.send_invitation(ready) is ready
        assert sent(service) == [ready]
