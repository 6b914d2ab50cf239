"""Operations on a record (G1, G3–G5, G8–G12, G15) and every rejection path (R5–R8, R11)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs
import pytest
from stdnum import luhn

import carecircle as cc
from carecircle import events as ev
from carecircle.nomenclatures import code_system, professions
from carecircle.roles import AIDANT_PRINCIPAL, PCP, PERSONNE_DE_CONFIANCE
from carecircle.testing.builders import (
    EPOCH,
    directory_professional,
    directory_structure,
    instant,
    manual_professional,
    manual_structure,
    new_record,
    patient,
    related_person,
)

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.circles import joined
    from helpers.rejections import rejected
    from helpers.roles import REFERENT, WITH_REFERENT
else:
    from .helpers.circles import joined
    from .helpers.rejections import rejected
    from .helpers.roles import REFERENT, WITH_REFERENT


def created_by(
    entry: cc.DirectoryProfessional,
    *,
    creator: cc.Principal | None = None,
    at: dt.datetime = EPOCH,
) -> cc.Change:
    """Record DC-9 of :func:`patient` created at ``at`` by ``creator`` (by default, the
    principal of ``entry``) giving ``entry`` as theirs.
    """
    return cc.create_record(
        record_id="DC-9",
        patient=patient(),
        creator=cc.Principal.from_entry(entry) if creator is None else creator,
        creator_entry=entry,
        at=at,
    )


class TestCreateRecord:
    """G1: the creator becomes a member automatically, habilitated."""

    def test_creator_is_a_habilitated_member(self) -> None:
        record, creator = new_record()
        (m,) = record.circle
        assert m.member_id == "M1"
        assert m.habilitated
        assert m.is_active(instant(0))
        assert record.version == 1
        assert record.created_by == "pass:1"
        assert cc.has_effective_access(record, creator, at=instant(0))

    def test_events_and_no_notice_to_the_creator(self) -> None:
        change = created_by(directory_professional(1))
        kinds = [type(e) for e in change.events]
        assert kinds == [ev.RecordCreated, ev.MemberAdded, ev.HabilitationGranted]
        assert {e.meta.version for e in change.events} == {1}
        assert {e.meta.actor for e in change.events} == {"pass:1"}
        assert change.notifications == ()

    def test_creator_entry_must_be_the_creator(self) -> None:
        error = rejected(
            lambda: created_by(directory_professional(1), creator=cc.Principal(account="pass:2"))
        )
        assert sorted(error.codes) == ["CREATOR_MISMATCH"]
        assert isinstance(error.exceptions[0], PermissionError)

    def test_creator_with_inactive_account_cannot_create(self) -> None:
        entry = directory_professional(1, state=cc.AccountState.SUSPENDED)
        error = rejected(lambda: created_by(entry))
        assert sorted(error.codes) == ["ACTOR_ACCOUNT_INACTIVE"]

    def test_naive_instant_is_a_value_error(self) -> None:
        naive = dt.datetime(2026, 11, 2, 9, 0)  # noqa: DTZ001 -- on purpose
        with pytest.raises(cc.InvalidValueError) as caught:
            created_by(directory_professional(1), at=naive)
        assert caught.value.code == "NAIVE_DATETIME"
        assert isinstance(caught.value, ValueError)


class TestAddMembers:
    """G3, G8, G9, G10, G12: one operation adds every kind of member."""

    def test_add_directory_professional_habilitated_notifies_them(self) -> None:
        record, actor = new_record()
        change = cc.add_member(
            record,
            directory_professional(2),
            actor=actor,
            at=instant(1),
            roles={PCP},
            habilitated=True,
        )
        assert change.record.version == 2
        m = change.record.circle.get("M2")
        assert m.roles == {PCP} and m.habilitated and m.added_by == "pass:1"
        assert [type(e) for e in change.events] == [ev.MemberAdded, ev.HabilitationGranted]
        (notice,) = change.notifications
        assert isinstance(notice, cc.HabilitationNotice)
        assert (notice.recipient, notice.member_id, notice.structure) == ("pass:2", "M2", False)

    def test_luhn_failure_is_an_advisory_not_a_rejection(self) -> None:
        """Real ANS test RPPS numbers fail the Luhn key: the change goes through, with a warning."""
        record, actor = new_record()
        body = "1000000001"
        good = body + luhn.calc_check_digit(body)
        bad = body + str((int(luhn.calc_check_digit(body)) + 1) % 10)
        failing = cc.DirectoryProfessional(national_id="8" + bad, family_name="Test")
        change = cc.add_member(record, failing, actor=actor, at=instant(1))
        assert change.applied
        assert [(a.code, a.path) for a in change.advisories] == [
            ("LUHN_CHECK_FAILED", "members[M2].member.national_id")
        ]
        passing = cc.DirectoryProfessional(national_id="8" + good, family_name="Test")
        assert cc.add_member(record, passing, actor=actor, at=instant(1)).advisories == ()

    def test_pending_habilitation_without_account_sends_nothing(self) -> None:
        """R5: a professional without a PASS account may be habilitated, pending."""
        record, actor = new_record()
        change = cc.add_member(
            record,
            directory_professional(2, account=False),
            actor=actor,
            at=instant(1),
            habilitated=True,
        )
        granted = [e for e in change.events if isinstance(e, ev.HabilitationGranted)]
        assert [(g.pending, g.gives_access) for g in granted] == [(True, False)]
        assert change.notifications == ()
        assert change.member_id == "M2"

    @pytest.mark.parametrize(
        ("member", "gives_access"),
        [
            (directory_professional(2), True),
            (directory_structure(5), True),
            (directory_structure(6, legal_entity=False), False),
        ],
        ids=["professional", "legal-entity", "not-a-legal-entity"],
    )
    def test_a_grant_says_whether_it_gives_access(
        self, member: cc.Member, gives_access: bool
    ) -> None:
        """G5, G11: a structure that is not a legal entity is habilitated for nothing."""
        record, actor = new_record()
        change = cc.add_member(record, member, actor=actor, at=instant(1), habilitated=True)
        (granted,) = [e for e in change.events if isinstance(e, ev.HabilitationGranted)]
        assert (granted.member_id, granted.pending, granted.gives_access) == (
            "M2",
            False,
            gives_access,
        )

    def test_refused_professional_gets_no_notice(self) -> None:
        """R4, G14: a refused professional is never notified."""
        record, actor = new_record()
        change = cc.add_member(
            record,
            directory_professional(2),
            actor=actor,
            at=instant(1),
            habilitated=True,
            refusal=cc.Statement(expressed_at=instant(1)),
        )
        assert change.notifications == ()
        (recorded,) = [e for e in change.events if isinstance(e, ev.SharingRefusalRecorded)]
        assert (recorded.member_id, recorded.refusal_id, recorded.expressed_by) == (
            "M2",
            "R1",
            "patient",
        )
        assert recorded.categories == frozenset()
        assert change.record.circle.get("M2").refused_at(instant(1))

    @pytest.mark.parametrize(
        "member",
        [manual_professional(), related_person(), manual_structure()],
        ids=["manual-professional", "related-person", "manual-structure"],
    )
    def test_add_information_only_members(self, member: cc.Member) -> None:
        record, actor = new_record()
        change = cc.add_member(record, member, actor=actor, at=instant(1), description="note")
        m = change.record.circle.get("M2")
        assert m.member == member and m.description == "note" and not m.habilitated
        assert change.notifications == ()

    def test_add_legal_entity_structure_habilitated_notifies_the_structure(self) -> None:
        """G10, G11, G14: one notice to the structure; the record joins its active file."""
        record, actor = new_record()
        change = cc.add_member(
            record, directory_structure(7), actor=actor, at=instant(1), habilitated=True
        )
        (notice,) = change.notifications
        assert (notice.recipient, notice.structure) == ("S7", True)

    def test_structure_not_legal_entity_gets_no_notice(self) -> None:
        record, actor = new_record()
        change = cc.add_member(
            record,
            directory_structure(7, legal_entity=False),
            actor=actor,
            at=instant(1),
            habilitated=True,
        )
        assert change.notifications == ()


class TestRejections:
    """Every rejection names exact codes and leaves the record unchanged (R11)."""

    @pytest.mark.parametrize(
        "member",
        [manual_professional(), related_person(), manual_structure()],
        ids=["manual-professional", "related-person", "manual-structure"],
    )
    def test_r5_habilitating_an_information_only_member(self, member: cc.Member) -> None:
        record, actor = new_record()
        error = rejected(
            lambda: cc.add_member(record, member, actor=actor, at=instant(1), habilitated=True)
        )
        assert sorted(error.codes) == ["HABILITATION_NOT_ELIGIBLE"]
        assert error.violations[0].path == "members[M2].habilitated"
        added = cc.add_member(record, member, actor=actor, at=instant(1)).record
        error = rejected(lambda: cc.habilitate(added, "M2", actor=actor, at=instant(2)))
        assert sorted(error.codes) == ["HABILITATION_NOT_ELIGIBLE"]
        assert added.circle.get("M2").habilitated is False
        assert record.version == 1 and len(record.circle) == 1

    @pytest.mark.parametrize(
        ("first", "second", "role", "catalog"),
        [
            (directory_professional(2), directory_professional(3), PCP, cc.DEFAULT_ROLES),
            (related_person(1), related_person(2), AIDANT_PRINCIPAL, cc.DEFAULT_ROLES),
            # R7: services add roles of their own
            (directory_professional(2), directory_professional(3), REFERENT.code, WITH_REFERENT),
        ],
        ids=["medecin-traitant", "aidant-principal", "service-role"],
    )
    def test_r7_second_holder_of_a_unique_role(
        self, first: cc.Member, second: cc.Member, role: cc.Code, catalog: cc.RoleCatalog
    ) -> None:
        record, actor = joined(first, roles={role}, catalog=catalog)
        error = rejected(
            lambda: cc.add_member(
                record, second, actor=actor, at=instant(2), roles={role}, catalog=catalog
            )
        )
        assert sorted(error.codes) == ["UNIQUE_ROLE_TAKEN"]
        assert error.violations[0].path == "members[M3].roles"
        assert isinstance(error.exceptions[0], cc.ConflictError)
        assert record.version == 2 and len(record.circle) == 2

    def test_r7_second_personne_de_confiance_by_update(self) -> None:
        record, actor = new_record()
        for n, roles in ((1, {PERSONNE_DE_CONFIANCE}), (2, set())):
            record = cc.add_member(
                record, related_person(n), actor=actor, at=instant(n), roles=roles
            ).record
        error = rejected(
            lambda: cc.update_member(
                record, "M3", actor=actor, at=instant(5), roles={PERSONNE_DE_CONFIANCE}
            )
        )
        assert sorted(error.codes) == ["UNIQUE_ROLE_TAKEN"]
        assert [v.path for v in error.violations] == ["members[M3].roles"]
        assert record.circle.get("M3").roles == frozenset()

    @pytest.mark.parametrize(
        ("member", "role", "code"),
        [
            (
                directory_professional(2, profession=professions.INFIRMIER),
                PCP,
                "ROLE_REQUIRES_PROFESSION",
            ),
            (directory_professional(3), AIDANT_PRINCIPAL, "ROLE_NOT_ALLOWED_FOR_KIND"),
            (related_person(), cc.Code("urn:example:role", "X"), "UNKNOWN_ROLE"),
        ],
        ids=["profession", "kind", "unknown"],
    )
    def test_r7_role_kind_and_profession(self, member: cc.Member, role: cc.Code, code: str) -> None:
        record, actor = new_record()
        error = rejected(
            lambda: cc.add_member(record, member, actor=actor, at=instant(1), roles={role})
        )
        assert sorted(error.codes) == [code]

    @pytest.mark.parametrize(
        "twin",
        [
            directory_professional(2, family_name="Autre"),
            cc.DirectoryProfessional(
                national_id="899999999999", account=cc.PassAccount(id="pass:2"), family_name="X"
            ),
        ],
        ids=["same-national-id", "same-account"],
    )
    def test_r8_same_directory_professional_twice(self, twin: cc.DirectoryProfessional) -> None:
        record, actor = joined(directory_professional(2))
        error = rejected(lambda: cc.add_member(record, twin, actor=actor, at=instant(2)))
        assert sorted(error.codes) == ["DUPLICATE_MEMBER"]
        assert error.violations[0].path == "members[M3].member"
        assert record.version == 2

    def test_r8_same_directory_structure_twice(self) -> None:
        record, actor = joined(directory_structure(4))
        error = rejected(
            lambda: cc.add_member(record, directory_structure(4), actor=actor, at=instant(2))
        )
        assert sorted(error.codes) == ["DUPLICATE_MEMBER"]

    def test_r8_creator_cannot_be_added_again(self) -> None:
        record, actor = new_record()
        error = rejected(
            lambda: cc.add_member(record, directory_professional(1), actor=actor, at=instant(1))
        )
        assert sorted(error.codes) == ["DUPLICATE_MEMBER"]

    def test_closed_code_on_a_new_membership(self) -> None:
        record, actor = new_record()
        closed_psy = code_system("TRE_G15").code("93")
        error = rejected(
            lambda: cc.add_member(
                record, manual_professional(profession=closed_psy), actor=actor, at=instant(1)
            )
        )
        assert sorted(error.codes) == ["CLOSED_CODE"]
        assert error.violations[0].path == "members[M2].member.profession"
        closed_role = code_system("TRE_R85").code("330")
        error = rejected(
            lambda: cc.add_member(
                record, directory_professional(2), actor=actor, at=instant(1), roles={closed_role}
            )
        )
        assert sorted(error.codes) == ["CLOSED_CODE"]

    def test_closed_code_in_old_data_reads_and_does_not_block_other_edits(self) -> None:
        import attrs

        closed_psy = code_system("TRE_G15").code("93")
        record, actor = joined(manual_professional())
        old = record.circle.get("M2")
        assert isinstance(old.member, cc.ManualProfessional)
        old_member = attrs.evolve(old.member, profession=closed_psy)
        record = attrs.evolve(
            record, circle=record.circle.replace(attrs.evolve(old, member=old_member))
        )
        change = cc.update_member(record, "M2", actor=actor, at=instant(2), description="suivi")
        assert change.record.circle.get("M2").description == "suivi"
        assert cc.update_member(record, "M1", actor=actor, at=instant(2), description="x").applied

    def test_wrong_code_system_for_a_profession(self) -> None:
        record, actor = new_record()
        error = rejected(
            lambda: cc.add_member(
                record, manual_professional(profession=PCP), actor=actor, at=instant(1)
            )
        )
        assert sorted(error.codes) == ["CODE_NOT_ALLOWED"]

    def test_refusal_on_a_related_person_means_nothing(self) -> None:
        record, actor = new_record()
        error = rejected(
            lambda: cc.add_member(
                record,
                related_person(),
                actor=actor,
                at=instant(1),
                refusal=cc.Statement(expressed_at=instant(1)),
            )
        )
        assert sorted(error.codes) == ["SHARING_REFUSAL_NOT_APPLICABLE"]
        assert [v.path for v in error.violations] == ["members[M2].refusals"]

    def test_every_problem_at_once(self) -> None:
        """R11: an unauthorised actor adding an ineligible, duplicated role holder: all reported."""
        record, _ = joined(related_person(1), roles={AIDANT_PRINCIPAL})
        stranger = cc.Principal(account="pass:99")
        error = rejected(
            lambda: cc.add_member(
                record,
                related_person(2),
                actor=stranger,
                at=instant(2),
                roles={AIDANT_PRINCIPAL},
                habilitated=True,
            )
        )
        assert sorted(error.codes) == [
            "ACTOR_NOT_A_MEMBER",
            "HABILITATION_NOT_ELIGIBLE",
            "UNIQUE_ROLE_TAKEN",
        ]
        with pytest.RaisesGroup(cc.PermissionDeniedError, cc.InvalidValueError, cc.ConflictError):
            raise error
        assert record.version == 2

    def test_instant_before_last_change(self) -> None:
        record, actor = new_record(at=instant(10))
        error = rejected(
            lambda: cc.add_member(record, related_person(), actor=actor, at=instant(5))
        )
        # Before the record existed, even its creator was not yet a member.
        assert sorted(error.codes) == ["ACTOR_PARTICIPATION_ENDED", "INSTANT_BEFORE_LAST_CHANGE"]


class TestWhoMayEdit:
    """R6, G2: only an actor with effective access may change the circle."""

    def setup_method(self) -> None:
        record, self.actor = new_record()
        self.record = cc.add_member(
            record, directory_professional(2), actor=self.actor, at=instant(1)
        ).record

    def attempt(self, actor: cc.Principal, at: int = 5) -> cc.ChangeRejected:
        before = self.record
        version, size = before.version, len(before.circle)
        error = rejected(
            lambda: cc.add_member(before, related_person(), actor=actor, at=instant(at))
        )
        assert (before.version, len(before.circle)) == (version, size)
        assert all(isinstance(e, PermissionError) for e in error.exceptions)
        return error

    def test_member_not_habilitated(self) -> None:
        error = self.attempt(cc.Principal.from_entry(directory_professional(2)))
        assert sorted(error.codes) == ["ACTOR_NOT_HABILITATED"]

    def test_stranger(self) -> None:
        assert sorted(self.attempt(cc.Principal(account="pass:42")).codes) == ["ACTOR_NOT_A_MEMBER"]

    def test_refused(self) -> None:
        self.record = cc.habilitate(self.record, "M2", actor=self.actor, at=instant(2)).record
        self.record = cc.record_refusal(
            self.record,
            "M2",
            statement=cc.Statement(expressed_at=instant(2)),
            actor=self.actor,
            at=instant(2),
        ).record
        error = self.attempt(cc.Principal.from_entry(directory_professional(2)))
        assert sorted(error.codes) == ["ACTOR_SHARING_REFUSED"]

    def test_left_the_circle(self) -> None:
        self.record = cc.habilitate(self.record, "M2", actor=self.actor, at=instant(2)).record
        self.record = cc.end_participation(
            self.record, "M2", actor=self.actor, at=instant(3)
        ).record
        error = self.attempt(cc.Principal.from_entry(directory_professional(2)))
        assert sorted(error.codes) == ["ACTOR_PARTICIPATION_ENDED"]

    def test_no_active_account(self) -> None:
        self.record = cc.habilitate(self.record, "M2", actor=self.actor, at=instant(2)).record
        suspended = cc.Principal.from_entry(
            directory_professional(2, state=cc.AccountState.SUSPENDED)
        )
        assert sorted(self.attempt(suspended).codes) == ["ACTOR_ACCOUNT_INACTIVE"]
        no_account = cc.Principal(national_id="800000000002")
        assert sorted(self.attempt(no_account).codes) == ["ACTOR_HABILITATION_PENDING_ACCOUNT"]

    def test_habilitated_member_may_edit(self) -> None:
        self.record = cc.habilitate(self.record, "M2", actor=self.actor, at=instant(2)).record
        colleague = cc.Principal.from_entry(directory_professional(2))
        change = cc.add_member(self.record, related_person(), actor=colleague, at=instant(3))
        assert change.record.circle.get("M3").added_by == "pass:2"

    def test_through_a_legal_entity_structure(self) -> None:
        """R3, G11: a delegate of a habilitated legal-entity structure may edit."""
        self.record = cc.add_member(
            self.record, directory_structure(5), actor=self.actor, at=instant(2), habilitated=True
        ).record
        delegate = cc.Principal(account="pass:77", delegated_by=frozenset({"S5"}))
        assert cc.add_member(self.record, related_person(), actor=delegate, at=instant(3)).applied
        not_delegate = cc.Principal(account="pass:78")
        assert sorted(self.attempt(not_delegate).codes) == ["ACTOR_NOT_A_MEMBER"]

    def test_through_a_structure_that_is_not_a_legal_entity(self) -> None:
        self.record = cc.add_member(
            self.record,
            directory_structure(5, legal_entity=False),
            actor=self.actor,
            at=instant(2),
            habilitated=True,
        ).record
        delegate = cc.Principal(account="pass:77", delegated_by=frozenset({"S5"}))
        assert sorted(self.attempt(delegate).codes) == [
            "ACTOR_NOT_A_MEMBER",
            "ACTOR_STRUCTURE_NOT_LEGAL_ENTITY",
        ]


class TestUpdateAndHistory:
    """G4 edits; R9 history: ending a participation and coming back."""

    def test_update_fields_produce_one_event_each(self) -> None:
        record, actor = joined(directory_professional(2))
        change = cc.update_member(
            record,
            "M2",
            actor=actor,
            at=instant(2),
            roles={PCP},
            description="Suivi diabète",
            habilitated=True,
        )
        assert [type(e) for e in change.events] == [
            ev.RolesChanged,
            ev.DescriptionChanged,
            ev.HabilitationGranted,
        ]
        roles_changed = change.events[0]
        assert isinstance(roles_changed, ev.RolesChanged)
        assert roles_changed.added == {PCP} and roles_changed.removed == frozenset()
        assert change.record.version == 3

    def test_noop_update_changes_nothing(self) -> None:
        record, actor = new_record()
        change = cc.habilitate(record, "M1", actor=actor, at=instant(1))
        assert not change.applied
        assert change.record is record

    def test_noop_by_a_stranger_is_still_refused(self) -> None:
        record, _ = new_record()
        error = rejected(
            lambda: cc.habilitate(record, "M1", actor=cc.Principal(account="pass:9"), at=instant(1))
        )
        assert sorted(error.codes) == ["ACTOR_NOT_A_MEMBER"]

    def test_revoke_and_refusal_events(self) -> None:
        record, actor = joined(
            directory_professional(2),
            habilitated=True,
            refusal=cc.Statement(expressed_at=instant(1)),
        )
        change = cc.lift_refusal(
            record,
            "M2",
            "R1",
            statement=cc.Statement(expressed_at=instant(2)),
            actor=actor,
            at=instant(2),
        )
        assert [type(e) for e in change.events] == [ev.SharingRefusalWithdrawn]
        assert [n.recipient for n in change.notifications] == ["pass:2"]
        change = cc.revoke_habilitation(change.record, "M2", actor=actor, at=instant(3))
        assert [type(e) for e in change.events] == [ev.HabilitationRevoked]

    def test_unknown_member_is_a_lookup_error(self) -> None:
        record, actor = new_record()
        error = rejected(lambda: cc.update_member(record, "M9", actor=actor, at=instant(1)))
        assert sorted(error.codes) == ["MEMBER_NOT_FOUND"]
        assert isinstance(error.exceptions[0], LookupError)
        with pytest.raises(cc.NotFoundError):
            record.circle.get("M9")

    def test_end_then_rejoin_keeps_history(self) -> None:
        record, actor = joined(directory_professional(2), roles={PCP}, habilitated=True)
        ended = cc.end_participation(record, "M2", actor=actor, at=instant(2))
        assert [type(e) for e in ended.events] == [ev.ParticipationEnded]
        m = ended.record.circle.get("M2")
        assert not m.is_active(instant(2)) and m.is_active(instant(1))
        assert m.current.ended_by == "pass:1"
        error = rejected(lambda: cc.update_member(ended.record, "M2", actor=actor, at=instant(3)))
        assert sorted(error.codes) == ["MEMBER_NOT_ACTIVE"]
        error = rejected(
            lambda: cc.end_participation(ended.record, "M2", actor=actor, at=instant(3))
        )
        assert sorted(error.codes) == ["MEMBER_NOT_ACTIVE"]

        back = cc.rejoin(ended.record, "M2", actor=actor, at=instant(4), habilitated=True)
        assert [type(e) for e in back.events] == [ev.ParticipationResumed]
        m = back.record.circle.get("M2")
        assert len(m.participations) == 2 and m.roles == {PCP}
        assert m.is_active(instant(4)) and not m.is_active(instant(3))
        assert [n.recipient for n in back.notifications] == ["pass:2"]
        assert back.record.version == 4
        error = rejected(lambda: cc.rejoin(back.record, "M2", actor=actor, at=instant(5)))
        assert sorted(error.codes) == ["MEMBER_ALREADY_ACTIVE"]

    def test_r9_a_former_member_comes_back_with_rejoin_not_add(self) -> None:
        record, actor = joined(directory_professional(2))
        record = cc.end_participation(record, "M2", actor=actor, at=instant(2)).record
        error = rejected(
            lambda: cc.add_member(record, directory_professional(2), actor=actor, at=instant(3))
        )
        assert sorted(error.codes) == ["FORMER_MEMBER"]
        assert "M2" in error.violations[0].message
        assert cc.rejoin(record, "M2", actor=actor, at=instant(3)).applied

    def test_rejoin_is_refused_when_a_duplicate_joined_meanwhile(self) -> None:
        """R8: data imported from elsewhere may hold the same professional twice."""
        import attrs

        record, actor = joined(directory_professional(2))
        record = cc.end_participation(record, "M2", actor=actor, at=instant(2)).record
        twin = attrs.evolve(
            record.circle.get("M2"),
            member_id="M3",
            participations=(cc.Participation(start=instant(3), added_by="import"),),
        )
        record = attrs.evolve(record, circle=record.circle.replace(twin))
        error = rejected(lambda: cc.rejoin(record, "M2", actor=actor, at=instant(4)))
        assert sorted(error.codes) == ["DUPLICATE_MEMBER"]

    def test_rejoin_drops_habilitation_unless_asked(self) -> None:
        record, actor = joined(directory_professional(2), habilitated=True)
        record = cc.end_participation(record, "M2", actor=actor, at=instant(2)).record
        change = cc.rejoin(record, "M2", actor=actor, at=instant(3))
        assert not change.record.circle.get("M2").habilitated
        assert ev.HabilitationRevoked in [type(e) for e in change.events]


class TestRefreshMember:
    """G3, R5, G14: fresh directory details; a pending grant takes effect with the account."""

    def test_pending_habilitation_takes_effect_and_notifies(self) -> None:
        record, actor = joined(directory_professional(2, account=False), habilitated=True)
        change = cc.refresh_member(
            record, "M2", entry=directory_professional(2), actor=actor, at=instant(2)
        )
        # The pending grant takes effect: its event follows the refresh's (R5, G14).
        assert [type(e) for e in change.events] == [
            ev.MemberDetailsRefreshed,
            ev.HabilitationTookEffect,
        ]
        assert [getattr(e, "member_id", None) for e in change.events] == ["M2", "M2"]
        assert [n.recipient for n in change.notifications] == ["pass:2"]
        assert change.record.circle.get("M2").member == directory_professional(2)
        again = cc.refresh_member(
            change.record, "M2", entry=directory_professional(2), actor=actor, at=instant(3)
        )
        assert not again.applied
        assert again.notifications == ()

    def test_refused_professional_still_gets_nothing(self) -> None:
        record, actor = joined(
            directory_professional(2, account=False),
            habilitated=True,
            refusal=cc.Statement(expressed_at=instant(1)),
        )
        change = cc.refresh_member(
            record, "M2", entry=directory_professional(2), actor=actor, at=instant(2)
        )
        assert change.applied
        assert change.notifications == ()

    def test_entry_must_be_the_same_professional(self) -> None:
        record, actor = joined(directory_professional(2))
        stranger = cc.Principal(account="pass:99")
        error = rejected(
            lambda: cc.refresh_member(
                record, "M2", entry=directory_professional(3), actor=stranger, at=instant(2)
            )
        )
        assert sorted(error.codes) == ["ACTOR_NOT_A_MEMBER", "ENTRY_MISMATCH"]
        error = rejected(
            lambda: cc.refresh_member(
                record, "M2", entry=directory_structure(2), actor=actor, at=instant(2)
            )
        )
        assert sorted(error.codes) == ["ENTRY_MISMATCH"]


class TestAuditTrail:
    def test_rejoin_with_new_roles_records_them(self) -> None:
        record, actor = joined(directory_professional(2))
        record = cc.end_participation(record, "M2", actor=actor, at=instant(2)).record
        change = cc.rejoin(record, "M2", actor=actor, at=instant(3), roles={PCP})
        assert [type(e) for e in change.events] == [ev.ParticipationResumed, ev.RolesChanged]

    def test_a_second_closed_role_on_the_same_member_is_reported(self) -> None:
        """R11: a violation is new when it differs in anything, not only in its path."""
        import attrs

        first, second = (code_system("TRE_R85").code(c) for c in ("330", "352"))
        record, actor = joined(directory_professional(2))
        m = record.circle.get("M2")
        record = attrs.evolve(record, circle=record.circle.replace(attrs.evolve(m, roles={first})))
        error = rejected(
            lambda: cc.update_member(
                record, "M2", actor=actor, at=instant(2), roles={first, second}
            )
        )
        assert sorted(error.codes) == ["CLOSED_CODE"]
        assert "352" in error.violations[0].message


class TestTimeLimitedHabilitation:
    """G4, G5: a habilitation may end at an instant (a replacement doctor for two weeks)."""

    @staticmethod
    def with_member(
        *, habilitated: bool = False, ends: dt.datetime | None = None
    ) -> tuple[cc.CoordinationRecord, cc.Principal]:
        """A new record with professional 2 added as M2 at minute 1, and its creator."""
        return joined(directory_professional(2), habilitated=habilitated, habilitation_ends=ends)

    def test_habilitate_until_records_the_end_and_says_so(self) -> None:
        record, creator = self.with_member()
        change = cc.habilitate(record, "M2", actor=creator, at=instant(2), until=instant(60))
        assert change.record.circle.get("M2").habilitation_ends == instant(60)
        (granted,) = change.events
        assert granted == ev.HabilitationGranted(
            meta=granted.meta, member_id="M2", pending=False, until=instant(60)
        )
        assert [n.recipient for n in change.notifications] == ["pass:2"]  # G14

    @pytest.mark.parametrize("until", [instant(2), instant(1)])
    def test_an_end_at_or_before_the_grant_is_rejected(self, until: dt.datetime) -> None:
        record, creator = self.with_member()
        error = rejected(
            lambda: cc.habilitate(record, "M2", actor=creator, at=instant(2), until=until)
        )
        assert sorted(error.codes) == ["HABILITATION_ENDS_IN_PAST"]
        assert error.violations[0].path == "members[M2].habilitation_ends"
        assert not record.circle.get("M2").habilitated

    def test_add_member_with_an_end(self) -> None:
        record, creator = new_record()
        change = cc.add_member(
            record,
            directory_professional(2, account=False),
            actor=creator,
            at=instant(1),
            habilitated=True,
            habilitation_ends=instant(90),
        )
        m = change.record.circle.get("M2")
        assert (m.habilitated, m.habilitation_ends) == (True, instant(90))
        granted = change.events[-1]
        assert isinstance(granted, ev.HabilitationGranted)
        assert (granted.pending, granted.until) == (True, instant(90))

    def test_an_end_without_habilitation_is_rejected(self) -> None:
        record, creator = new_record()
        error = rejected(
            lambda: cc.add_member(
                record,
                directory_professional(2),
                actor=creator,
                at=instant(1),
                habilitation_ends=instant(90),
            )
        )
        assert sorted(error.codes) == ["HABILITATION_END_WITHOUT_HABILITATION"]
        record = cc.add_member(
            record, directory_professional(2), actor=creator, at=instant(1)
        ).record
        error = rejected(
            lambda: cc.update_member(
                record, "M2", actor=creator, at=instant(2), habilitation_ends=instant(9)
            )
        )
        assert sorted(error.codes) == ["HABILITATION_END_WITHOUT_HABILITATION"]

    def test_edits_keep_the_end_and_revoking_drops_it(self) -> None:
        record, creator = self.with_member(habilitated=True, ends=instant(90))
        edited = cc.update_member(
            record, "M2", actor=creator, at=instant(2), description="Remplaçant"
        )
        assert edited.record.circle.get("M2").habilitation_ends == instant(90)
        assert [type(e) for e in edited.events] == [ev.DescriptionChanged]
        revoked = cc.revoke_habilitation(edited.record, "M2", actor=creator, at=instant(3))
        m = revoked.record.circle.get("M2")
        assert (m.habilitated, m.habilitation_ends) == (False, None)

    def test_renewing_an_expired_habilitation_notifies_again(self) -> None:
        record, creator = self.with_member(habilitated=True, ends=instant(10))
        assert not cc.has_effective_access(record, cc.Principal(account="pass:2"), at=instant(10))
        change = cc.habilitate(record, "M2", actor=creator, at=instant(20), until=instant(80))
        (granted,) = change.events  # renewed: granted again, for the audit trail
        assert granted == ev.HabilitationGranted(
            meta=granted.meta, member_id="M2", until=instant(80)
        )
        assert [n.recipient for n in change.notifications] == ["pass:2"]  # G14: access again
        unlimited = cc.habilitate(change.record, "M2", actor=creator, at=instant(21))
        assert unlimited.record.circle.get("M2").habilitation_ends is None
        (changed,) = unlimited.events
        assert changed == ev.HabilitationEndChanged(
            meta=changed.meta, member_id="M2", before=instant(80), after=None
        )
        assert unlimited.notifications == ()  # had access already
        switched_on = cc.update_member(
            record, "M2", actor=creator, at=instant(20), habilitated=True
        )
        assert switched_on.record.circle.get("M2").habilitation_ends is None  # renewed, no end
        assert [n.recipient for n in switched_on.notifications] == ["pass:2"]
        described = cc.update_member(
            record, "M2", actor=creator, at=instant(20), description="Remplaçant parti"
        )
        assert [type(e) for e in described.events] == [ev.DescriptionChanged]  # still expired

    def test_rejoin_with_an_end(self) -> None:
        record, creator = self.with_member()
        record = cc.end_participation(record, "M2", actor=creator, at=instant(2)).record
        change = cc.rejoin(
            record,
            "M2",
            actor=creator,
            at=instant(3),
            habilitated=True,
            habilitation_ends=instant(4),
        )
        assert change.record.circle.get("M2").habilitation_ends == instant(4)

    def test_an_end_needs_a_time_zone(self) -> None:
        record, _ = new_record()
        m = record.circle.get("M1")
        with pytest.raises(cc.InvalidValueError) as caught:
            attrs.evolve(m, habilitation_ends=instant(5).replace(tzinfo=None))
        assert caught.value.code == "NAIVE_DATETIME"
