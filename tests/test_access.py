"""Effective access, the one test R6 uses (R1–R4, G5, G6, G11, G14)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

import carecircle as cc
from carecircle import AccessPath, member_has_access
from carecircle.nomenclatures import professions
from carecircle.testing.builders import (
    directory_professional,
    directory_structure,
    instant,
    manual_structure,
)

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.access import MICROSECOND, R
    from helpers.circles import circle_with
else:
    from .helpers.access import MICROSECOND, R
    from .helpers.circles import circle_with


def verdict(record: cc.CoordinationRecord, principal: cc.Principal, at: int = 30) -> cc.Decision:
    access = cc.effective_access(record, principal, at=instant(at))
    assert cc.has_effective_access(record, principal, at=instant(at)) is access.allowed
    return access


GP = directory_professional(2)
GP_PRINCIPAL = cc.Principal.from_entry(GP)


class TestDirect:
    """R2: an active, habilitated member with an active account, not refused."""

    def test_allowed_with_its_path(self) -> None:
        record, _ = circle_with((GP, True, False))
        access = verdict(record, GP_PRINCIPAL)
        assert access.allowed and bool(access)
        assert access.paths == (AccessPath(member_id="M2"),)
        assert access.reasons == ()

    def test_r1_deny_by_default_for_strangers(self) -> None:
        record, _ = circle_with((GP, True, False))
        assert verdict(record, cc.Principal(account="pass:404")).reasons == (R.NOT_A_MEMBER,)
        assert verdict(record, cc.Principal()).reasons == (R.NOT_A_MEMBER,)

    def test_g6_member_not_habilitated(self) -> None:
        record, _ = circle_with((GP, False, False))
        assert verdict(record, GP_PRINCIPAL).reasons == (R.NOT_HABILITATED,)

    def test_r4_refusal_wins(self) -> None:
        record, _ = circle_with((GP, True, True))
        assert verdict(record, GP_PRINCIPAL).reasons == (R.SHARING_REFUSED,)

    def test_participation_ended(self) -> None:
        record, creator = circle_with((GP, True, False))
        record = cc.end_participation(record, "M2", actor=creator, at=instant(10)).record
        assert verdict(record, GP_PRINCIPAL, at=9).allowed
        assert verdict(record, GP_PRINCIPAL, at=10).reasons == (R.PARTICIPATION_ENDED,)

    def test_account_inactive(self) -> None:
        record, _ = circle_with((GP, True, False))
        for state in (cc.AccountState.SUSPENDED, cc.AccountState.CLOSED):
            suspended = cc.Principal(account="pass:2", account_state=state)
            assert verdict(record, suspended).reasons == (R.ACCOUNT_INACTIVE,)

    def test_g5_pending_habilitation_takes_effect_with_the_account(self) -> None:
        """R5: habilitated without an account is pending; the account makes it effective."""
        no_account = directory_professional(2, account=False)
        record, _ = circle_with((no_account, True, False))
        assert verdict(record, cc.Principal(national_id="800000000002")).reasons == (
            R.HABILITATION_PENDING_ACCOUNT,
        )
        assert verdict(record, cc.Principal(account="pass:new", national_id="800000000002")).allowed

    def test_every_reason_at_once(self) -> None:
        record, creator = circle_with((GP, False, True))
        record = cc.end_participation(record, "M2", actor=creator, at=instant(10)).record
        suspended = cc.Principal(account="pass:2", account_state=cc.AccountState.SUSPENDED)
        assert set(verdict(record, suspended).reasons) == {
            R.PARTICIPATION_ENDED,
            R.NOT_HABILITATED,
            R.SHARING_REFUSED,
            R.ACCOUNT_INACTIVE,
        }


class TestThroughStructures:
    """R3, G11: through a habilitated legal-entity structure that delegates to the principal."""

    delegate = cc.Principal(account="pass:77", delegated_by=frozenset({"S5"}))

    def test_delegate_of_habilitated_legal_entity(self) -> None:
        record, _ = circle_with((directory_structure(5), True, False))
        access = verdict(record, self.delegate)
        assert access.paths == (AccessPath(member_id="M2", via_structure=True),)

    def test_not_a_delegate(self) -> None:
        record, _ = circle_with((directory_structure(5), True, False))
        assert verdict(record, cc.Principal(account="pass:78")).reasons == (
            R.NOT_A_MEMBER,
            R.NOT_A_DELEGATE,
        )

    def test_structure_not_legal_entity(self) -> None:
        record, _ = circle_with((directory_structure(5, legal_entity=False), True, False))
        assert verdict(record, self.delegate).reasons == (
            R.NOT_A_MEMBER,
            R.STRUCTURE_NOT_LEGAL_ENTITY,
        )

    def test_structure_not_habilitated_or_refused(self) -> None:
        record, _ = circle_with((directory_structure(5), False, False))
        assert R.NOT_HABILITATED in verdict(record, self.delegate).reasons
        record, _ = circle_with((directory_structure(5), True, True))
        assert R.SHARING_REFUSED in verdict(record, self.delegate).reasons

    def test_delegate_refused_as_a_member_is_refused_everywhere(self) -> None:
        """R3, R4: the delegate's own refusal in this circle blocks the structure path."""
        member = cc.DirectoryProfessional(account=cc.PassAccount(id="pass:77"), family_name="Lo")
        record, _ = circle_with((directory_structure(5), True, False), (member, False, True))
        access = verdict(record, self.delegate)
        assert not access.allowed
        assert R.SHARING_REFUSED in access.reasons

    def test_delegate_needs_an_active_account(self) -> None:
        record, _ = circle_with((directory_structure(5), True, False))
        suspended = cc.Principal(
            account="pass:77",
            account_state=cc.AccountState.SUSPENDED,
            delegated_by=frozenset({"S5"}),
        )
        assert verdict(record, suspended).reasons == (R.NOT_A_MEMBER, R.ACCOUNT_INACTIVE)

    def test_manual_structure_never_gives_access(self) -> None:
        record, _ = circle_with((manual_structure(), False, False))
        anyone = cc.Principal(account="pass:77", delegated_by=frozenset({"Association 1"}))
        assert verdict(record, anyone).reasons == (R.NOT_A_MEMBER,)

    def test_structure_that_left(self) -> None:
        record, creator = circle_with((directory_structure(5), True, False))
        record = cc.end_participation(record, "M2", actor=creator, at=instant(10)).record
        assert verdict(record, self.delegate).reasons == (R.NOT_A_MEMBER, R.PARTICIPATION_ENDED)


class TestMemberGrant:
    """G14: what the habilitation notice follows, from the member's side."""

    def test_member_grants(self) -> None:
        record, _ = circle_with(
            (GP, True, False),
            (directory_professional(3, account=False), True, False),
            (directory_structure(5), True, False),
            (directory_structure(6, legal_entity=False), True, False),
            (directory_professional(7), True, True),
        )
        grants = {m.member_id: member_has_access(m, instant(30)) for m in record.circle}
        assert grants == {
            "M1": True,
            "M2": True,
            "M3": False,
            "M4": True,
            "M5": False,
            "M6": False,
        }


class TestOneIdentityPerPerson:
    """R4, R1: the principal's account and national id must designate one person of the circle;
    otherwise they are denied with IDENTITY_MISMATCH, never given the broader of two entries."""

    BOTH = cc.DirectoryProfessional(
        national_id="800000000007", account=cc.PassAccount(id="pass:77"), family_name="Durand"
    )
    OTHER = cc.DirectoryProfessional(
        national_id="800000000008", account=cc.PassAccount(id="pass:78"), family_name="Durand"
    )
    ACCOUNT_ONLY = cc.DirectoryProfessional(account=cc.PassAccount(id="pass:77"), family_name="Lo")
    NATIONAL_ID_ONLY = cc.DirectoryProfessional(national_id="800000000008", family_name="Lo")

    def test_account_and_national_id_of_two_members(self) -> None:
        record, _ = circle_with((self.BOTH, False, False), (self.OTHER, True, False))
        crossed = cc.Principal(account="pass:77", national_id="800000000008")
        assert verdict(record, crossed).reasons == (R.IDENTITY_MISMATCH,)
        # Asked again of the same record: the same answer from what the circle remembers.
        assert verdict(record, crossed).reasons == (R.IDENTITY_MISMATCH,)
        # Each alone is the member it designates.
        assert verdict(record, cc.Principal(account="pass:78")).paths == (
            AccessPath(member_id="M3"),
        )
        assert verdict(record, cc.Principal(account="pass:77")).reasons == (R.NOT_HABILITATED,)

    def test_a_refusal_on_either_member_is_said_too(self) -> None:
        record, _ = circle_with((self.BOTH, True, False), (self.OTHER, True, True))
        crossed = cc.Principal(account="pass:77", national_id="800000000008")
        assert verdict(record, crossed).reasons == (R.IDENTITY_MISMATCH, R.SHARING_REFUSED)
        inactive = attrs.evolve(crossed, account_state=cc.AccountState.SUSPENDED)
        assert verdict(record, inactive).reasons == (
            R.IDENTITY_MISMATCH,
            R.SHARING_REFUSED,
            R.ACCOUNT_INACTIVE,
        )

    def test_a_national_id_recorded_under_another_account(self) -> None:
        record, _ = circle_with((self.OTHER, True, False))
        other_account = cc.Principal(account="pass:77", national_id="800000000008")
        assert verdict(record, other_account).reasons == (R.IDENTITY_MISMATCH,)
        # No account yet: the national id designates the member, whose grant is pending.
        pending = cc.Principal(national_id="800000000008")
        assert verdict(record, pending).reasons == (R.HABILITATION_PENDING_ACCOUNT,)

    def test_an_account_recorded_under_another_national_id(self) -> None:
        record, _ = circle_with((self.BOTH, True, False))
        other_id = cc.Principal(account="pass:77", national_id="800000000009")
        assert verdict(record, other_id).reasons == (R.IDENTITY_MISMATCH,)
        without_id = cc.Principal(account="pass:77")
        assert verdict(record, without_id).paths == (AccessPath(member_id="M2"),)

    def test_two_entries_neither_tied_to_the_other(self) -> None:
        """An entry by account alone, another by national id alone: two people, as far as the
        circle can tell (today's directory may have merged them: the service re-records them)."""
        record, _ = circle_with(
            (self.ACCOUNT_ONLY, False, False), (self.NATIONAL_ID_ONLY, True, False)
        )
        both = cc.Principal(account="pass:77", national_id="800000000008")
        assert verdict(record, both).reasons == (R.IDENTITY_MISMATCH,)

    def test_an_entry_before_the_account_and_one_after(self) -> None:
        """The same national id, recorded once without the account and once with it: one
        person, both memberships theirs."""
        before = cc.DirectoryProfessional(national_id="800000000007", family_name="Durand")
        record, creator = circle_with((before, True, False))
        record = cc.end_participation(record, "M2", actor=creator, at=instant(5)).record
        # The rules ask for rejoin (R9); a record from elsewhere may hold two entries.
        later = cc.Membership(
            member_id="M3",
            member=self.BOTH,
            participations=(cc.Participation(start=instant(6), added_by="pass:1"),),
        )
        record = attrs.evolve(record, circle=record.circle.replace(later))
        principal = cc.Principal(account="pass:77", national_id="800000000007")
        assert verdict(record, principal, at=4).paths == (AccessPath(member_id="M2"),)
        assert verdict(record, principal, at=7).reasons == (R.NOT_HABILITATED,)

    def test_a_mismatch_closes_the_structure_path_too(self) -> None:
        record, _ = circle_with((directory_structure(5), True, False), (self.OTHER, False, False))
        crossed = cc.Principal(
            account="pass:77", national_id="800000000008", delegated_by=frozenset({"S5"})
        )
        assert verdict(record, crossed).reasons == (R.IDENTITY_MISMATCH,)


class TestMembershipInstants:
    """R9, G5: participation periods and habilitation ends are half-open."""

    def test_periods_and_ends(self) -> None:
        record, _ = circle_with((GP, True, False))
        period = record.circle.get("M2").participations[0]
        assert period.contains(instant(1)) and not period.contains(instant(1) - MICROSECOND)
        limited = attrs.evolve(record.circle.get("M2"), habilitation_ends=instant(9))
        assert not limited.habilitation_expired(instant(9) - MICROSECOND)
        assert limited.habilitation_expired(instant(9))
        assert limited.habilitated_at(instant(8)) and not limited.habilitated_at(instant(9))


class TestMatrixViews:
    """G5: the grants a matrix shows are read-only views that say what they hold."""

    def test_views(self) -> None:
        medecin = professions.MEDECIN
        matrix = cc.HabilitationMatrix(grants={medecin: {"medical": cc.Level.READ}})
        assert len(matrix.grants) == 1 and list(matrix.grants) == [medecin]
        assert repr(matrix.grants[medecin]) == "{'medical': <Level.READ: 'read'>}"
        assert "TRE_G15|10" in repr(matrix.grants)
