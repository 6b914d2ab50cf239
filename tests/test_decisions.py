"""Access decisions per category and action: ``decide`` and its boolean twin (R1–R4, G5, G6, G11).

Examples give every :class:`~carecircle.Reason` with the exact ``reasons`` it produces and
the exact ``paths`` of allowed decisions; properties compare ``decide`` with a reference written
here from the text of R1–R4, on records built by the public operations.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import carecircle as cc
from carecircle.identifiers import idnat_struct
from carecircle.nomenclatures import professions
from carecircle.testing import strategies
from carecircle.testing.builders import (
    directory_professional,
    directory_structure,
    instant,
    manual_professional,
    manual_structure,
    new_record,
    refusal,
    related_person,
)

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.access import MATRIX, MICROSECOND, READ, WRITE, R
    from helpers.decisions import MATRICES, asked, join
else:
    from .helpers.access import MATRIX, MICROSECOND, READ, WRITE, R
    from .helpers.decisions import MATRICES, asked, join

MEDICAL, SOCIAL, PSYCHOLOGICAL = cc.Category.MEDICAL, cc.Category.SOCIAL, cc.Category.PSYCHOLOGICAL
NOW = instant(30)

#: A small matrix of a service: the nurse is listed with nothing, the physiotherapist is not.
SMALL = cc.HabilitationMatrix.from_mapping(
    {
        "categories": ["medical", "social", "nutrition"],
        "grants": {
            "TRE_G15|10": {"medical": "write", "social": "read"},
            "TRE_G15|95": {"medical": "read", "nutrition": "write"},
            "TRE_G15|60": {},
        },
    }
)

NURSE = directory_professional(2, profession=professions.INFIRMIER)
PSY = directory_professional(3, profession=professions.PSYCHOLOGUE)
DOCTOR = directory_professional(4)


def judge(
    record: cc.CoordinationRecord,
    principal: cc.Principal,
    category: cc.Category | str,
    action: cc.Action,
    *,
    at: dt.datetime = NOW,
    matrix: cc.HabilitationMatrix = MATRIX,
) -> cc.Decision:
    """``decide``, checked against its boolean twin."""
    decision = cc.decide(record, principal, category, action, matrix=matrix, at=at)
    assert cc.is_allowed(record, principal, category, action, matrix=matrix, at=at) is (
        decision.allowed
    )
    assert bool(decision) is decision.allowed
    return decision


def denied(decision: cc.Decision) -> tuple[cc.Reason, ...]:
    """The reasons of a denial (and that it is one, without paths)."""
    assert not decision.allowed and decision.paths == ()
    return decision.reasons


def allowed(decision: cc.Decision) -> tuple[cc.AccessPath, ...]:
    """The paths of an allowance (and that it is one, without reasons)."""
    assert decision.allowed and decision.reasons == ()
    return decision.paths


# -- examples ---------------------------------------------------------------------------------


class TestAllowed:
    """R2, R3: an allowed decision names the memberships that open the record."""

    def test_direct_path_is_the_principals_own_membership(self) -> None:
        record, _ = new_record()
        record = join(record, NURSE, minute=1)
        nurse = cc.Principal.from_entry(NURSE)
        assert allowed(judge(record, nurse, MEDICAL, WRITE)) == (cc.AccessPath(member_id="M2"),)

    def test_path_through_a_structure(self) -> None:
        record, _ = new_record()
        record = join(record, NURSE, minute=1, habilitated=False)
        record = join(record, directory_structure(5), minute=2)
        delegate = cc.Principal(
            account="pass:50", profession=professions.MEDECIN, delegated_by=frozenset({"S5"})
        )
        assert allowed(judge(record, delegate, MEDICAL, WRITE)) == (
            cc.AccessPath(member_id="M3", via_structure=True),
        )

    def test_both_paths_when_both_hold(self) -> None:
        record, _ = new_record()
        record = join(record, NURSE, minute=1)
        record = join(record, directory_structure(5), minute=2)
        nurse = cc.Principal.from_entry(NURSE, delegated_by=frozenset({"S5"}))
        assert allowed(judge(record, nurse, MEDICAL, READ)) == (
            cc.AccessPath(member_id="M2"),
            cc.AccessPath(member_id="M3", via_structure=True),
        )

    def test_the_creator_is_habilitated_g1(self) -> None:
        record, creator = new_record()
        for category, action in itertools.product(cc.Category, cc.Action):
            assert allowed(judge(record, creator, category, action)) == (
                cc.AccessPath(member_id="M1"),
            )


class TestDenyByDefault:
    """R1: an unknown member, profession or category is denied, with a reason."""

    def test_not_a_member(self) -> None:
        record, _ = new_record()
        stranger = cc.Principal(account="pass:99", profession=professions.MEDECIN)
        assert denied(judge(record, stranger, MEDICAL, READ)) == (R.NOT_A_MEMBER,)

    def test_nobody_at_all(self) -> None:
        record, _ = new_record()
        assert denied(judge(record, cc.Principal(), MEDICAL, READ)) == (
            R.NOT_A_MEMBER,
            R.UNKNOWN_PROFESSION,
        )

    def test_unknown_profession_none(self) -> None:
        record, _ = new_record()
        record = join(record, NURSE, minute=1)
        no_profession = attrs.evolve(cc.Principal.from_entry(NURSE), profession=None)
        assert denied(judge(record, no_profession, MEDICAL, READ)) == (R.UNKNOWN_PROFESSION,)

    def test_profession_the_matrix_does_not_list(self) -> None:
        """SMALL lists no physiotherapist: unknown, not merely denied."""
        physio = directory_professional(6, profession=professions.MASSEUR_KINESITHERAPEUTE)
        record, _ = new_record()
        record = join(record, physio, minute=1)
        principal = cc.Principal.from_entry(physio)
        assert denied(judge(record, principal, MEDICAL, READ, matrix=SMALL)) == (
            R.UNKNOWN_PROFESSION,
        )
        assert allowed(judge(record, principal, MEDICAL, WRITE)) == (cc.AccessPath(member_id="M2"),)

    def test_a_code_that_is_no_profession(self) -> None:
        record, _ = new_record()
        record = join(record, NURSE, minute=1)
        odd = attrs.evolve(
            cc.Principal.from_entry(NURSE), profession=cc.Code("urn:example:local", "60")
        )
        assert denied(judge(record, odd, MEDICAL, READ)) == (R.UNKNOWN_PROFESSION,)

    def test_unknown_category(self) -> None:
        record, creator = new_record()
        assert denied(judge(record, creator, "nutrition", READ)) == (R.UNKNOWN_CATEGORY,)
        # Declared by SMALL, the category is known: its row is what denies it.
        assert denied(judge(record, creator, "nutrition", READ, matrix=SMALL)) == (R.MATRIX_DENIES,)
        assert denied(judge(record, creator, PSYCHOLOGICAL, READ, matrix=SMALL)) == (
            R.UNKNOWN_CATEGORY,
        )

    def test_unknown_profession_and_category(self) -> None:
        record, _ = new_record()
        stranger = cc.Principal(account="pass:99")
        assert denied(judge(record, stranger, "nutrition", WRITE)) == (
            R.NOT_A_MEMBER,
            R.UNKNOWN_PROFESSION,
            R.UNKNOWN_CATEGORY,
        )


class TestDirectGrant:
    """R2, G5, G6: active member, habilitated, with an active PASS account."""

    def test_g6_member_not_habilitated(self) -> None:
        record, _ = new_record()
        record = join(record, NURSE, minute=1, habilitated=False)
        nurse = cc.Principal.from_entry(NURSE)
        assert denied(judge(record, nurse, MEDICAL, READ)) == (R.NOT_HABILITATED,)

    def test_participation_ended(self) -> None:
        record, creator = new_record()
        record = join(record, NURSE, minute=1)
        record = cc.end_participation(record, "M2", actor=creator, at=instant(10)).record
        nurse = cc.Principal.from_entry(NURSE)
        assert allowed(judge(record, nurse, MEDICAL, READ, at=instant(10) - MICROSECOND))
        assert denied(judge(record, nurse, MEDICAL, READ, at=instant(10))) == (
            R.PARTICIPATION_ENDED,
        )

    def test_rejoin_opens_again_only_when_habilitated_anew(self) -> None:
        """R9: the new participation decides its habilitation anew."""
        record, creator = new_record()
        record = join(record, NURSE, minute=1)
        record = cc.end_participation(record, "M2", actor=creator, at=instant(10)).record
        back = cc.rejoin(record, "M2", actor=creator, at=instant(20)).record
        nurse = cc.Principal.from_entry(NURSE)
        assert denied(judge(back, nurse, MEDICAL, READ)) == (R.NOT_HABILITATED,)
        back = cc.rejoin(record, "M2", actor=creator, at=instant(20), habilitated=True).record
        assert allowed(judge(back, nurse, MEDICAL, READ)) == (cc.AccessPath(member_id="M2"),)

    def test_habilitation_expired(self) -> None:
        record, creator = new_record()
        record = join(record, NURSE, minute=1, habilitated=False)
        record = cc.habilitate(record, "M2", actor=creator, at=instant(2), until=instant(10)).record
        nurse = cc.Principal.from_entry(NURSE)
        assert allowed(judge(record, nurse, MEDICAL, WRITE, at=instant(2)))
        assert allowed(judge(record, nurse, MEDICAL, WRITE, at=instant(10) - MICROSECOND))
        for at in (instant(10), instant(10) + MICROSECOND, instant(600)):
            assert denied(judge(record, nurse, MEDICAL, WRITE, at=at)) == (R.HABILITATION_EXPIRED,)
        # A habilitation that ends is still checked by the matrix, after the record-level reason.
        assert denied(judge(record, nurse, SOCIAL, WRITE, at=instant(10))) == (
            R.HABILITATION_EXPIRED,
            R.MATRIX_DENIES,
        )

    def test_habilitating_again_without_an_end_lifts_the_expiry(self) -> None:
        record, creator = new_record()
        record = join(record, NURSE, minute=1, habilitated=False)
        record = cc.habilitate(record, "M2", actor=creator, at=instant(2), until=instant(10)).record
        record = cc.habilitate(record, "M2", actor=creator, at=instant(5)).record
        assert allowed(
            judge(record, cc.Principal.from_entry(NURSE), MEDICAL, READ, at=instant(600))
        )

    def test_g5_pending_habilitation_without_an_account(self) -> None:
        """R5: habilitated before they have an account; the account makes it effective."""
        no_account = directory_professional(2, account=False, profession=professions.INFIRMIER)
        record, _ = new_record()
        record = join(record, no_account, minute=1)
        pending = cc.Principal.from_entry(no_account)
        assert pending.account is None
        assert denied(judge(record, pending, MEDICAL, READ)) == (R.HABILITATION_PENDING_ACCOUNT,)
        with_account = attrs.evolve(pending, account="pass:2")
        assert allowed(judge(record, with_account, MEDICAL, READ)) == (
            cc.AccessPath(member_id="M2"),
        )

    def test_account_inactive(self) -> None:
        record, _ = new_record()
        record = join(record, NURSE, minute=1)
        for state in (cc.AccountState.SUSPENDED, cc.AccountState.CLOSED):
            principal = attrs.evolve(cc.Principal.from_entry(NURSE), account_state=state)
            assert denied(judge(record, principal, MEDICAL, READ)) == (R.ACCOUNT_INACTIVE,)

    def test_the_principals_account_state_is_what_counts(self) -> None:
        """R2: the directory's facts of now (the principal), not the entry recorded earlier."""
        suspended_entry = directory_professional(
            2, state=cc.AccountState.SUSPENDED, profession=professions.INFIRMIER
        )
        record, _ = new_record()
        record = join(record, suspended_entry, minute=1)
        reactivated = attrs.evolve(
            cc.Principal.from_entry(suspended_entry), account_state=cc.AccountState.ACTIVE
        )
        assert allowed(judge(record, reactivated, MEDICAL, READ)) == (
            cc.AccessPath(member_id="M2"),
        )


class TestRefusalWins:
    """R4: a sharing refusal removes access even when everything else holds."""

    def test_refused_habilitated_member(self) -> None:
        record, _ = new_record()
        record = join(record, NURSE, minute=1, refused=True)
        nurse = cc.Principal.from_entry(NURSE)
        for category, action in itertools.product(cc.Category, cc.Action):
            reasons = denied(judge(record, nurse, category, action))
            matrix_says = (
                () if MATRIX.allows(NURSE.profession, category, action) else (R.MATRIX_DENIES,)
            )
            assert reasons == (R.SHARING_REFUSED, *matrix_says)

    def test_refused_and_not_habilitated(self) -> None:
        record, _ = new_record()
        record = join(record, NURSE, minute=1, habilitated=False, refused=True)
        nurse = cc.Principal.from_entry(NURSE)
        assert denied(judge(record, nurse, MEDICAL, READ)) == (
            R.NOT_HABILITATED,
            R.SHARING_REFUSED,
        )

    def test_a_refusal_outlives_leaving_and_coming_back(self) -> None:
        record, creator = new_record()
        record = join(record, NURSE, minute=1, refused=True)
        record = cc.end_participation(record, "M2", actor=creator, at=instant(5)).record
        record = cc.rejoin(record, "M2", actor=creator, at=instant(6), habilitated=True).record
        nurse = cc.Principal.from_entry(NURSE)
        assert denied(judge(record, nurse, MEDICAL, READ)) == (R.SHARING_REFUSED,)

    def test_a_refused_delegate_has_no_structure_path_either(self) -> None:
        """R3, R4: refused as a member of this circle, refused through its structures too."""
        record, _ = new_record()
        record = join(record, directory_structure(5), minute=1)
        record = join(record, NURSE, minute=2, habilitated=False, refused=True)
        nurse = cc.Principal.from_entry(NURSE, delegated_by=frozenset({"S5"}))
        assert denied(judge(record, nurse, MEDICAL, READ)) == (
            R.NOT_HABILITATED,
            R.SHARING_REFUSED,
        )

    def test_a_refused_member_who_left_bars_the_structure_path(self) -> None:
        record, creator = new_record()
        record = join(record, directory_structure(5), minute=1)
        record = join(record, NURSE, minute=2, refused=True)
        record = cc.end_participation(record, "M3", actor=creator, at=instant(5)).record
        nurse = cc.Principal.from_entry(NURSE, delegated_by=frozenset({"S5"}))
        assert denied(judge(record, nurse, MEDICAL, READ)) == (
            R.PARTICIPATION_ENDED,
            R.SHARING_REFUSED,
        )

    def test_a_refused_structure_gives_nobody_access(self) -> None:
        record, _ = new_record()
        record = join(record, directory_structure(5), minute=1, refused=True)
        delegate = cc.Principal(
            account="pass:50", profession=professions.MEDECIN, delegated_by=frozenset({"S5"})
        )
        assert denied(judge(record, delegate, MEDICAL, READ)) == (
            R.NOT_A_MEMBER,
            R.SHARING_REFUSED,
        )

    def test_a_refused_structure_leaves_the_direct_path(self) -> None:
        record, _ = new_record()
        record = join(record, NURSE, minute=1)
        record = join(record, directory_structure(5), minute=2, refused=True)
        nurse = cc.Principal.from_entry(NURSE, delegated_by=frozenset({"S5"}))
        assert allowed(judge(record, nurse, MEDICAL, READ)) == (cc.AccessPath(member_id="M2"),)


class TestThroughStructures:
    """R3, G11: a habilitated legal-entity structure opens the record to its delegates."""

    def delegate(self, profession: cc.Code = professions.MEDECIN) -> cc.Principal:
        return cc.Principal(
            account="pass:50", profession=profession, delegated_by=frozenset({"S5"})
        )

    def test_structure_not_legal_entity(self) -> None:
        record, _ = new_record()
        record = join(record, directory_structure(5, legal_entity=False), minute=1)
        assert denied(judge(record, self.delegate(), MEDICAL, READ)) == (
            R.NOT_A_MEMBER,
            R.STRUCTURE_NOT_LEGAL_ENTITY,
        )

    def test_not_a_delegate(self) -> None:
        record, _ = new_record()
        record = join(record, directory_structure(5), minute=1)
        outsider = cc.Principal(account="pass:51", profession=professions.MEDECIN)
        assert denied(judge(record, outsider, MEDICAL, READ)) == (
            R.NOT_A_MEMBER,
            R.NOT_A_DELEGATE,
        )

    def test_a_member_hears_only_about_their_own_membership(self) -> None:
        """A member who is no delegate gets their own reasons, not the structure's."""
        record, _ = new_record()
        record = join(record, directory_structure(5), minute=1)
        record = join(record, NURSE, minute=2, habilitated=False)
        assert denied(judge(record, cc.Principal.from_entry(NURSE), MEDICAL, READ)) == (
            R.NOT_HABILITATED,
        )

    def test_structure_not_habilitated(self) -> None:
        record, _ = new_record()
        record = join(record, directory_structure(5), minute=1, habilitated=False)
        assert denied(judge(record, self.delegate(), MEDICAL, READ)) == (
            R.NOT_A_MEMBER,
            R.NOT_HABILITATED,
        )

    def test_structure_habilitation_expired(self) -> None:
        record, creator = new_record()
        record = join(record, directory_structure(5), minute=1, habilitated=False)
        record = cc.habilitate(record, "M2", actor=creator, at=instant(2), until=instant(10)).record
        assert allowed(judge(record, self.delegate(), MEDICAL, READ, at=instant(10) - MICROSECOND))
        assert denied(judge(record, self.delegate(), MEDICAL, READ, at=instant(10))) == (
            R.NOT_A_MEMBER,
            R.HABILITATION_EXPIRED,
        )

    def test_structure_that_left(self) -> None:
        record, creator = new_record()
        record = join(record, directory_structure(5), minute=1)
        record = cc.end_participation(record, "M2", actor=creator, at=instant(10)).record
        # Their path through it is closed, and they hear why.
        assert denied(judge(record, self.delegate(), MEDICAL, READ)) == (
            R.NOT_A_MEMBER,
            R.PARTICIPATION_ENDED,
        )

    def test_delegate_without_an_account_or_with_an_inactive_one(self) -> None:
        record, _ = new_record()
        record = join(record, directory_structure(5), minute=1)
        no_account = attrs.evolve(self.delegate(), account=None, national_id="800000000050")
        assert denied(judge(record, no_account, MEDICAL, READ)) == (
            R.NOT_A_MEMBER,
            R.HABILITATION_PENDING_ACCOUNT,
        )
        closed = attrs.evolve(self.delegate(), account_state=cc.AccountState.CLOSED)
        assert denied(judge(record, closed, MEDICAL, READ)) == (
            R.NOT_A_MEMBER,
            R.ACCOUNT_INACTIVE,
        )

    def test_the_matrix_judges_the_delegates_own_profession(self) -> None:
        """R3: the same structure, two delegates, what each one's profession allows."""
        record, _ = new_record()
        record = join(record, directory_structure(5), minute=1)
        via = (cc.AccessPath(member_id="M2", via_structure=True),)
        psychologist = self.delegate(professions.PSYCHOLOGUE)
        assert denied(judge(record, psychologist, MEDICAL, READ)) == (R.MATRIX_DENIES,)
        assert allowed(judge(record, psychologist, PSYCHOLOGICAL, WRITE)) == via
        assert denied(judge(record, psychologist, SOCIAL, WRITE)) == (R.MATRIX_DENIES,)
        doctor = self.delegate(professions.MEDECIN)
        assert allowed(judge(record, doctor, MEDICAL, WRITE)) == via
        social_worker = self.delegate(professions.ASSISTANT_SERVICE_SOCIAL)
        assert denied(judge(record, social_worker, MEDICAL, READ)) == (R.MATRIX_DENIES,)
        assert allowed(judge(record, social_worker, SOCIAL, WRITE)) == via

    def test_a_manual_structure_is_no_path(self) -> None:
        record, _ = new_record()
        record = join(record, manual_structure(), minute=1, habilitated=False)
        anyone = attrs.evolve(self.delegate(), delegated_by=frozenset({"Association 1", "A1"}))
        assert denied(judge(record, anyone, MEDICAL, READ)) == (R.NOT_A_MEMBER,)


class TestMatrixDenies:
    """G5: what a habilitated professional may see and write depends on their profession."""

    def test_nurse_reads_but_does_not_write_social(self) -> None:
        record, _ = new_record()
        record = join(record, NURSE, minute=1)
        nurse = cc.Principal.from_entry(NURSE)
        assert allowed(judge(record, nurse, SOCIAL, READ)) == (cc.AccessPath(member_id="M2"),)
        assert denied(judge(record, nurse, SOCIAL, WRITE)) == (R.MATRIX_DENIES,)

    def test_psychologist_has_no_medical_information(self) -> None:
        record, _ = new_record()
        record = join(record, PSY, minute=1)
        psychologist = cc.Principal.from_entry(PSY)
        for action in cc.Action:
            assert denied(judge(record, psychologist, MEDICAL, action)) == (R.MATRIX_DENIES,)
        assert allowed(judge(record, psychologist, PSYCHOLOGICAL, WRITE))

    def test_a_profession_listed_with_nothing_is_denied_not_unknown(self) -> None:
        record, _ = new_record()
        record = join(record, NURSE, minute=1)
        nurse = cc.Principal.from_entry(NURSE)
        for category in SMALL.categories:
            assert denied(judge(record, nurse, category, READ, matrix=SMALL)) == (R.MATRIX_DENIES,)

    def test_only_the_matrix_reasons_when_a_path_exists(self) -> None:
        """A path was found: the failing paths beside it are not reasons of this denial."""
        record, _ = new_record()
        record = join(record, PSY, minute=1)
        record = join(record, directory_structure(6, legal_entity=False), minute=2)
        psychologist = cc.Principal.from_entry(PSY, delegated_by=frozenset({"S6"}))
        assert denied(judge(record, psychologist, MEDICAL, READ)) == (R.MATRIX_DENIES,)


class TestEveryReasonAtOnce:
    """R1–R4: a denial reports every reason that applies, record-level ones first."""

    def test_every_reason_of_one_membership_and_the_matrix(self) -> None:
        record, creator = new_record()
        record = join(record, NURSE, minute=1, habilitated=False, refused=True)
        record = cc.end_participation(record, "M2", actor=creator, at=instant(5)).record
        principal = attrs.evolve(
            cc.Principal.from_entry(NURSE),
            profession=None,
            account_state=cc.AccountState.SUSPENDED,
        )
        assert denied(judge(record, principal, "nutrition", READ)) == (
            R.PARTICIPATION_ENDED,
            R.NOT_HABILITATED,
            R.SHARING_REFUSED,
            R.ACCOUNT_INACTIVE,
            R.UNKNOWN_PROFESSION,
            R.UNKNOWN_CATEGORY,
        )

    def test_reasons_of_both_paths(self) -> None:
        record, _ = new_record()
        record = join(record, NURSE, minute=1, habilitated=False)
        record = join(record, directory_structure(5, legal_entity=False), minute=2, refused=True)
        nurse = cc.Principal.from_entry(NURSE, delegated_by=frozenset({"S5"}))
        assert denied(judge(record, nurse, SOCIAL, WRITE)) == (
            R.NOT_HABILITATED,
            R.SHARING_REFUSED,
            R.STRUCTURE_NOT_LEGAL_ENTITY,
            R.MATRIX_DENIES,
        )

    def test_each_reason_once(self) -> None:
        record, _ = new_record()
        record = join(record, directory_structure(5), minute=1, habilitated=False)
        record = join(record, directory_structure(6), minute=2, habilitated=False)
        delegate = cc.Principal(
            account="pass:50", profession=professions.MEDECIN, delegated_by=frozenset({"S5", "S6"})
        )
        assert denied(judge(record, delegate, MEDICAL, READ)) == (
            R.NOT_A_MEMBER,
            R.NOT_HABILITATED,
        )


class TestRecordLevel:
    """R2–R4 before the matrix: ``effective_access`` and its twin ``has_effective_access``."""

    def test_same_paths_as_decide(self) -> None:
        record, _ = new_record()
        record = join(record, PSY, minute=1)
        record = join(record, directory_structure(5), minute=2)
        psychologist = cc.Principal.from_entry(PSY, delegated_by=frozenset({"S5"}))
        access = cc.effective_access(record, psychologist, at=NOW)
        assert cc.has_effective_access(record, psychologist, at=NOW)
        assert allowed(access) == (
            cc.AccessPath(member_id="M2"),
            cc.AccessPath(member_id="M3", via_structure=True),
        )
        assert allowed(judge(record, psychologist, PSYCHOLOGICAL, WRITE)) == access.paths
        # The record opens even where the matrix closes a category.
        assert denied(judge(record, psychologist, MEDICAL, READ)) == (R.MATRIX_DENIES,)

    def test_denied_with_the_record_level_reasons(self) -> None:
        record, _ = new_record()
        record = join(record, NURSE, minute=1, refused=True)
        nurse = attrs.evolve(cc.Principal.from_entry(NURSE), profession=None)
        access = cc.effective_access(record, nurse, at=NOW)
        assert not cc.has_effective_access(record, nurse, at=NOW)
        assert denied(access) == (R.SHARING_REFUSED,)


# -- a reference written from R1-R4 -----------------------------------------------------------

RANK = {cc.Level.NONE: 0, cc.Level.READ: 1, cc.Level.WRITE: 2}
NEEDED = {READ: 1, WRITE: 2}
UNLISTED = cc.Code("urn:example:local", "60")


def is_principal(principal: cc.Principal, entry: cc.DirectoryProfessional) -> bool:
    """The directory entry is the principal: same PASS account or same national id."""
    same_account = entry.account is not None and entry.account.id == principal.account
    same_id = entry.national_id is not None and entry.national_id == principal.national_id
    return same_account or same_id


def own(record: cc.CoordinationRecord, principal: cc.Principal) -> list[cc.Membership]:
    """The principal's memberships (one entered in error designates nobody)."""
    return [
        m
        for m in record.circle
        if isinstance(m.member, cc.DirectoryProfessional)
        and m.entered_in_error is None
        and is_principal(principal, m.member)
    ]


def standing(r: cc.Refusal, at: dt.datetime) -> bool:
    """R4: a refusal stands from the instant it was recorded to the instant its lifting was."""
    return r.recorded_at <= at and (r.lifted is None or at < r.lifted.recorded_at)


def refused_whole(m: cc.Membership, at: dt.datetime) -> bool:
    """A refusal of the whole record (no category named) stands on ``m`` at ``at``."""
    return any(not r.categories and standing(r, at) for r in m.refusals)


def refused_for(m: cc.Membership, category: str, at: dt.datetime) -> bool:
    """A refusal of some categories, ``category`` among them, stands on ``m`` at ``at``."""
    return any(category in r.categories and standing(r, at) for r in m.refusals)


def ids_clash(record: cc.CoordinationRecord, principal: cc.Principal) -> bool:
    """R4, R1: the principal's ids designate more than one person of the circle."""
    mine = own(record, principal)
    accounts = {principal.account} | {
        m.member.account.id
        for m in mine
        if isinstance(m.member, cc.DirectoryProfessional) and m.member.account is not None
    }
    national_ids = {principal.national_id} | {
        m.member.national_id for m in mine if isinstance(m.member, cc.DirectoryProfessional)
    }
    by_account = {
        m.member_id
        for m in mine
        if isinstance(m.member, cc.DirectoryProfessional)
        and m.member.account is not None
        and m.member.account.id == principal.account
    }
    by_national_id = {
        m.member_id
        for m in mine
        if isinstance(m.member, cc.DirectoryProfessional)
        and principal.national_id is not None
        and m.member.national_id == principal.national_id
    }
    return (
        len(accounts - {None}) > 1
        or len(national_ids - {None}) > 1
        or bool(by_account - by_national_id and by_national_id - by_account)
    )


def holds(m: cc.Membership, at: dt.datetime) -> bool:
    """The membership's own grant: in a period at ``at``, habilitated until after ``at``,
    not refused."""
    active = any(p.start <= at and (p.end is None or at < p.end) for p in m.participations)
    habilitated = m.habilitated and (m.habilitation_ends is None or at < m.habilitation_ends)
    return active and habilitated and not refused_whole(m, at)


def expected_paths(
    record: cc.CoordinationRecord, principal: cc.Principal, at: dt.datetime
) -> set[cc.AccessPath]:
    """R2, R3, R4 as the domain page words them."""
    if principal.account is None or principal.account_state is not cc.AccountState.ACTIVE:
        return set()
    mine = own(record, principal)
    if any(refused_whole(m, at) for m in mine) or ids_clash(record, principal):
        return set()
    paths = {cc.AccessPath(member_id=m.member_id) for m in mine if holds(m, at)}
    paths |= {
        cc.AccessPath(member_id=m.member_id, via_structure=True)
        for m in record.circle
        if isinstance(m.member, cc.DirectoryStructure)
        and m.member.legal_entity
        and m.member.national_id in principal.delegated_by
        and holds(m, at)
    }
    return paths


def expected_category_paths(
    record: cc.CoordinationRecord, principal: cc.Principal, category: str, at: dt.datetime
) -> set[cc.AccessPath]:
    """R4 for one category: a refusal of it on the principal closes every path, one on a
    structure the path through that structure."""
    if any(refused_for(m, category, at) for m in own(record, principal)):
        return set()
    return {
        p
        for p in expected_paths(record, principal, at)
        if p.member_id is None or not refused_for(record.circle.get(p.member_id), category, at)
    }


def concerned(record: cc.CoordinationRecord, principal: cc.Principal) -> list[cc.Membership]:
    """The memberships whose refusals a denial names: the principal's own and, their ids
    naming one person, the structures delegating to them."""
    found = own(record, principal)
    if not ids_clash(record, principal):
        found += [
            m
            for m in record.circle
            if isinstance(m.member, cc.DirectoryStructure)
            and m.entered_in_error is None
            and m.member.national_id in principal.delegated_by
        ]
    return found


def expected_refusals(
    record: cc.CoordinationRecord, principal: cc.Principal, at: dt.datetime
) -> set[cc.RefusalRef]:
    """The whole-record refusals a SHARING_REFUSED denial of the record names."""
    return {
        cc.RefusalRef(member_id=m.member_id, refusal_id=r.refusal_id)
        for m in concerned(record, principal)
        for r in m.refusals
        if not r.categories and standing(r, at)
    }


def matrix_grants(
    matrix: cc.HabilitationMatrix, profession: cc.Code | None, category: str, action: cc.Action
) -> bool:
    """G5 read from the matrix's public grants: a category left out of a row is ``none``."""
    if profession is None or profession not in matrix.grants:
        return False
    if category not in matrix.categories:
        return False
    return RANK[matrix.grants[profession].get(category, cc.Level.NONE)] >= NEEDED[action]


def matrix_reasons(
    matrix: cc.HabilitationMatrix, profession: cc.Code | None, category: str, action: cc.Action
) -> set[cc.Reason]:
    found = set()
    if profession is None or profession not in matrix.grants:
        found.add(R.UNKNOWN_PROFESSION)
    if category not in matrix.categories:
        found.add(R.UNKNOWN_CATEGORY)
    if not found and not matrix_grants(matrix, profession, category, action):
        found.add(R.MATRIX_DENIES)
    return found


@st.composite
def flipped(draw: st.DrawFn, record: cc.CoordinationRecord) -> cc.CoordinationRecord:
    """``record`` with habilitations switched on and refusals lifted at random, on members
    eligible or not (records the rules would reject: decisions must still open only
    directory paths)."""
    memberships = [
        attrs.evolve(
            m,
            habilitated=draw(st.booleans()) or m.habilitated,
            refusals=tuple(r for r in m.refusals if draw(st.booleans())),
        )
        for m in record.circle
    ]
    return attrs.evolve(record, circle=cc.CareCircle(memberships=memberships))


CHOICES = st.integers(min_value=0, max_value=2)
ODD: tuple[cc.Code | None, ...] = (None, UNLISTED)


@st.composite
def principals_of(
    draw: st.DrawFn, record: cc.CoordinationRecord, matrix: cc.HabilitationMatrix = MATRIX
) -> cc.Principal:
    """A principal around ``record``: one of its professionals as the directory describes
    them, a stranger acting for some of its structures, or one of
    ``strategies.record_principals``; often with a profession ``matrix`` lists, sometimes with
    none or with a code no matrix lists."""
    structure_ids = sorted(
        {m.member.national_id for m in record.circle if isinstance(m.member, cc.DirectoryStructure)}
    )
    delegated_by = frozenset(s for s in structure_ids if draw(CHOICES) != 2)
    choice = draw(CHOICES)
    if choice == 0:
        entries = [
            m.member for m in record.circle if isinstance(m.member, cc.DirectoryProfessional)
        ]
        i = draw(st.integers(min_value=0, max_value=len(entries) - 1))
        entry = entries[i]
        principal = cc.Principal.from_entry(entry, delegated_by=delegated_by)
    elif choice == 1:
        principal = cc.Principal(
            account="pass:900000009", profession=professions.MEDECIN, delegated_by=delegated_by
        )
    else:
        principal = draw(strategies.record_principals(record))
    if draw(st.booleans()):
        return principal
    listed: tuple[cc.Code | None, ...] = matrix.professions
    if not listed or draw(CHOICES) == 2:
        listed = ODD
    profession = listed[draw(st.integers(min_value=0, max_value=len(listed) - 1))]
    return attrs.evolve(principal, profession=profession)


PROPERTIES = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_against_reference(
    record: cc.CoordinationRecord,
    principal: cc.Principal,
    matrix: cc.HabilitationMatrix,
    at: dt.datetime,
) -> None:
    paths = expected_paths(record, principal, at)
    access = cc.effective_access(record, principal, at=at)
    assert access.allowed == bool(paths) == cc.has_effective_access(record, principal, at=at)
    assert set(access.paths) == paths and len(access.paths) == len(paths)
    mine = own(record, principal)
    record_reasons = set(access.reasons)
    if not paths:
        assert record_reasons, "a denial says why"
        assert (R.NOT_A_MEMBER in record_reasons) == (not mine)
        assert (R.IDENTITY_MISMATCH in record_reasons) == ids_clash(record, principal)
        if mine and principal.account is None:
            assert R.HABILITATION_PENDING_ACCOUNT in record_reasons
        elif mine and principal.account_state is not cc.AccountState.ACTIVE:
            assert R.ACCOUNT_INACTIVE in record_reasons
        if any(refused_whole(m, at) for m in mine):
            assert R.SHARING_REFUSED in record_reasons
        if R.SHARING_REFUSED in record_reasons:
            assert set(access.refusals) == expected_refusals(record, principal, at)
            assert len(access.refusals) == len(set(access.refusals))
        else:
            assert access.refusals == ()
    for category, action in itertools.product(asked(matrix), cc.Action):
        decision = cc.decide(record, principal, category, action, matrix=matrix, at=at)
        twin = cc.is_allowed(record, principal, category, action, matrix=matrix, at=at)
        granted = matrix_grants(matrix, principal.profession, category, action)
        opened = expected_category_paths(record, principal, category, at)
        assert decision.allowed is twin is (bool(opened) and granted)
        assert len(set(decision.reasons)) == len(decision.reasons)
        if decision.allowed:
            assert decision.paths == tuple(p for p in access.paths if p in opened)
            assert decision.reasons == ()
            continue
        assert decision.paths == ()
        against = matrix_reasons(matrix, principal.profession, category, action)
        matrix_part = set(decision.reasons) & {
            R.UNKNOWN_PROFESSION,
            R.UNKNOWN_CATEGORY,
            R.MATRIX_DENIES,
        }
        assert matrix_part == against
        # Record-level reasons only when the category cannot be opened, and then all of them,
        # before the matrix's: a refusal of the category adds SHARING_REFUSED (R4), on the
        # principal, or (nothing opening) on a structure delegating to them.
        n = len(decision.reasons) - len(against)
        scoped = any(refused_for(m, category, at) for m in concerned(record, principal))
        if opened:
            record_part: tuple[cc.Reason, ...] = ()
        elif paths:
            record_part = (R.SHARING_REFUSED,)
        elif scoped:
            record_part = tuple(dict.fromkeys((*access.reasons, R.SHARING_REFUSED)))
        else:
            record_part = access.reasons
        assert decision.reasons[:n] == record_part
        assert set(decision.reasons[n:]) == against
        # The refusals named stand, cover the category and concern the principal.
        refs = {
            cc.RefusalRef(member_id=m.member_id, refusal_id=r.refusal_id)
            for m in record.circle
            for r in m.refusals
            if standing(r, at) and (not r.categories or category in r.categories)
        }
        assert set(decision.refusals) <= refs
        assert bool(decision.refusals) is (R.SHARING_REFUSED in decision.reasons)


class TestAgainstTheReference:
    """R1–R4, G5: ``decide``, ``is_allowed``, ``effective_access`` and ``has_effective_access``
    answer what the rules say, with the paths they name and the reasons that apply."""

    @PROPERTIES
    @given(data=st.data(), record=strategies.access_records(), matrix=MATRICES)
    def test_on_records_built_by_the_operations(
        self, data: st.DataObject, record: cc.CoordinationRecord, matrix: cc.HabilitationMatrix
    ) -> None:
        at = data.draw(strategies.decision_instants([record]))
        for principal in data.draw(st.lists(principals_of(record, matrix), min_size=1, max_size=4)):
            check_against_reference(record, principal, matrix, at)

    @PROPERTIES
    @given(data=st.data(), record=strategies.access_records(), matrix=MATRICES)
    def test_on_records_with_any_flags(
        self, data: st.DataObject, record: cc.CoordinationRecord, matrix: cc.HabilitationMatrix
    ) -> None:
        """Habilitated manual members, related persons and manual structures included."""
        record = data.draw(flipped(record))
        at = data.draw(strategies.decision_instants([record]))
        for principal in data.draw(st.lists(principals_of(record, matrix), min_size=1, max_size=4)):
            check_against_reference(record, principal, matrix, at)


def _as_structure_id(text: str | None) -> set[str]:
    """``text`` as a directory id a principal could be delegated by, if it can be one."""
    if text is None:
        return set()
    try:
        return {idnat_struct.canonical(text)}
    except cc.InvalidValueError:
        return set()


def every_directory_id(record: cc.CoordinationRecord) -> frozenset[str]:
    """Every id a principal could claim a delegation from: structures' ids, manual names
    (those that can be written as a directory id)."""
    found = set()
    for m in record.circle:
        if isinstance(m.member, cc.DirectoryStructure):
            found.add(m.member.national_id)
        elif isinstance(m.member, cc.ManualStructure):
            found |= _as_structure_id(m.member.name) | _as_structure_id(m.member.acronym)
    return frozenset(found)


class TestOnlyDirectoryPaths:
    """R2, R3, G8, G9, G11, G12: no path through a manual professional, a related person,
    a manual structure or a structure that is not a legal entity."""

    @PROPERTIES
    @given(data=st.data(), record=strategies.access_records(), matrix=MATRICES)
    def test_every_path_is_the_principal_or_a_delegating_legal_entity(
        self, data: st.DataObject, record: cc.CoordinationRecord, matrix: cc.HabilitationMatrix
    ) -> None:
        record = data.draw(flipped(record))
        at = data.draw(strategies.decision_instants([record]))
        principal = data.draw(principals_of(record, matrix))
        everywhere = attrs.evolve(principal, delegated_by=every_directory_id(record))
        for p, category, action in itertools.product(
            (principal, everywhere), asked(matrix), cc.Action
        ):
            for path in cc.decide(record, p, category, action, matrix=matrix, at=at).paths:
                assert path.member_id is not None  # no emergency access in these records
                m = record.circle.get(path.member_id)
                if path.via_structure:
                    assert isinstance(m.member, cc.DirectoryStructure)
                    assert m.member.legal_entity and m.member.national_id in p.delegated_by
                else:
                    assert isinstance(m.member, cc.DirectoryProfessional)
                    assert is_principal(p, m.member)

    def test_habilitated_information_only_members_open_nothing(self) -> None:
        """Flags forced on members the rules would never habilitate (R5): still no access."""
        record, _ = new_record()
        record = join(record, manual_professional(), minute=1, habilitated=False)
        record = join(record, related_person(), minute=2, habilitated=False)
        record = join(record, manual_structure(), minute=3, habilitated=False)
        record = join(record, directory_structure(6, legal_entity=False), minute=4)
        forced = attrs.evolve(
            record,
            circle=cc.CareCircle(
                memberships=[attrs.evolve(m, habilitated=True) for m in record.circle]
            ),
        )
        kine = cc.Principal(
            account="pass:77",
            profession=professions.MASSEUR_KINESITHERAPEUTE,
            delegated_by=every_directory_id(forced),
        )
        assert denied(judge(forced, kine, MEDICAL, READ)) == (
            R.NOT_A_MEMBER,
            R.STRUCTURE_NOT_LEGAL_ENTITY,
        )


def replaced(record: cc.CoordinationRecord, membership: cc.Membership) -> cc.CoordinationRecord:
    return attrs.evolve(record, circle=record.circle.replace(membership))


def everything_denied(
    record: cc.CoordinationRecord, principal: cc.Principal, at: dt.datetime
) -> Iterable[cc.Decision]:
    for category, action in itertools.product(asked(MATRIX), cc.Action):
        decision = judge(record, principal, category, action, at=at)
        assert not decision.allowed and decision.paths == ()
        yield decision


class TestRefusalAlwaysWins:
    """R4: a refusal on any membership of the principal, even one that ended, closes every
    path; a refusal on a structure closes the path through it."""

    @PROPERTIES
    @given(data=st.data(), record=strategies.access_records())
    def test_refusing_any_membership_of_the_principal(
        self, data: st.DataObject, record: cc.CoordinationRecord
    ) -> None:
        principal = data.draw(strategies.record_principals(record, strangers=False))
        principal = attrs.evolve(principal, delegated_by=every_directory_id(record))
        target = data.draw(st.sampled_from(own(record, principal)))
        at = record.updated_at
        if data.draw(st.booleans()) and target.is_active(at):
            # Leave first (R9): the refusal concerns the professional, not one period. Another
            # editor joins first, so that the circle keeps one (NO_EDITOR_LEFT).
            creator = strategies.creator_of(record)
            editor = directory_professional(950_000_001)
            record = cc.add_member(record, editor, actor=creator, at=at, habilitated=True).record
            record = cc.end_participation(record, target.member_id, actor=creator, at=at).record
            target = record.circle.get(target.member_id)
        refusal_id = target.next_refusal_id()
        record = replaced(
            record,
            attrs.evolve(target, refusals=(*target.refusals, refusal(at, refusal_id=refusal_id))),
        )
        # Any instant from the refusal on (it stands from the instant it was recorded).
        later = data.draw(
            st.one_of(st.just(at), strategies.decision_instants([record]).map(lambda t: max(t, at)))
        )
        for decision in everything_denied(record, principal, later):
            assert R.SHARING_REFUSED in decision.reasons
        access = cc.effective_access(record, principal, at=later)
        assert not access.allowed and R.SHARING_REFUSED in access.reasons
        assert cc.RefusalRef(member_id=target.member_id, refusal_id=refusal_id) in access.refusals
        assert not cc.has_effective_access(record, principal, at=later)

    @PROPERTIES
    @given(data=st.data(), record=strategies.access_records())
    def test_refusing_a_structure(self, data: st.DataObject, record: cc.CoordinationRecord) -> None:
        at = record.updated_at
        record = cc.add_member(
            record,
            directory_structure(9_999),
            actor=strategies.creator_of(record),
            at=at,
            habilitated=True,
        ).record
        structures = [m for m in record.circle if isinstance(m.member, cc.DirectoryStructure)]
        target = data.draw(st.sampled_from(structures))
        assert isinstance(target.member, cc.DirectoryStructure)
        member = data.draw(strategies.record_principals(record))
        delegate = cc.Principal(
            account="pass:424242424",
            profession=professions.MEDECIN,
            delegated_by=frozenset({target.member.national_id}),
        )
        refused = replaced(
            record,
            attrs.evolve(
                target,
                refusals=(*target.refusals, refusal(at, refusal_id=target.next_refusal_id())),
            ),
        )
        for principal in (attrs.evolve(member, delegated_by=every_directory_id(record)), delegate):
            for category, action in itertools.product(asked(MATRIX), cc.Action):
                before = judge(record, principal, category, action, at=at)
                after = judge(refused, principal, category, action, at=at)
                assert target.member_id not in {p.member_id for p in after.paths}
                others = tuple(p for p in before.paths if p.member_id != target.member_id)
                assert after.paths == others
                if before.allowed and not others:
                    assert R.SHARING_REFUSED in denied(after)
        # The delegate's only way in was the structure: refused, they are denied everywhere.
        if (
            holds(target, at)
            and target.member.legal_entity
            and not refused_for(target, MEDICAL, at)
        ):
            assert judge(record, delegate, MEDICAL, WRITE, at=at).allowed
        for decision in everything_denied(refused, delegate, at):
            assert decision.reasons[0] is R.NOT_A_MEMBER
            if target.is_active(at):
                assert R.SHARING_REFUSED in decision.reasons


class TestBooleanTwin:
    """R1–R4: ``is_allowed`` always agrees with ``decide``, ``has_effective_access`` with
    ``effective_access`` (also on records no operation would build)."""

    @PROPERTIES
    @given(data=st.data(), record=strategies.access_records(), matrix=MATRICES)
    def test_twins_agree(
        self, data: st.DataObject, record: cc.CoordinationRecord, matrix: cc.HabilitationMatrix
    ) -> None:
        if data.draw(st.booleans()):
            record = data.draw(flipped(record))
        at = data.draw(strategies.decision_instants([record]))
        for principal in data.draw(st.lists(principals_of(record, matrix), min_size=1, max_size=4)):
            access = cc.effective_access(record, principal, at=at)
            assert access.allowed is cc.has_effective_access(record, principal, at=at)
            for category, action in itertools.product(asked(matrix), cc.Action):
                decision = cc.decide(record, principal, category, action, matrix=matrix, at=at)
                assert decision.allowed is cc.is_allowed(
                    record, principal, category, action, matrix=matrix, at=at
                )
                assert decision.allowed == (bool(decision.paths) and not decision.reasons)
                assert decision.allowed or decision.reasons


class TestHabilitationExpiry:
    """G5, R2, R3: a habilitation until E grants up to, not including, E; from its start."""

    @PROPERTIES
    @given(
        record=strategies.records(max_members=4),
        profession=strategies.professions(include_closed=True),
        delay=st.integers(min_value=0, max_value=120),
        length=st.integers(min_value=1, max_value=7 * 24 * 60),
        after=st.integers(min_value=0, max_value=10**9),
    )
    def test_boundary(
        self,
        record: cc.CoordinationRecord,
        profession: cc.Code,
        delay: int,
        length: int,
        after: int,
    ) -> None:
        start = record.updated_at + dt.timedelta(minutes=delay)
        ends = start + dt.timedelta(minutes=length)
        # New members need open codes; the principal's profession of now may be a closed one.
        entry = directory_professional(900_000_001)
        structure = directory_structure(9_999)
        creator = strategies.creator_of(record)
        record = cc.add_member(
            record, entry, actor=creator, at=start, habilitated=True, habilitation_ends=ends
        ).record
        own_id = record.circle.memberships[-1].member_id
        record = cc.add_member(record, structure, actor=creator, at=start).record
        structure_id = record.circle.memberships[-1].member_id
        record = cc.habilitate(record, structure_id, actor=creator, at=start, until=ends).record
        member = attrs.evolve(cc.Principal.from_entry(entry), profession=profession)
        delegate = cc.Principal(
            account="pass:900000002", profession=profession, delegated_by=frozenset({"S9999"})
        )
        later = ends + dt.timedelta(microseconds=after)
        for category, action in itertools.product(cc.Category, cc.Action):
            granted = matrix_grants(MATRIX, profession, category, action)
            matrix_says = () if granted else (R.MATRIX_DENIES,)
            for at in (start, ends - MICROSECOND):
                direct = judge(record, member, category, action, at=at)
                assert direct.allowed is granted
                assert direct.paths == ((cc.AccessPath(member_id=own_id),) if granted else ())
                via = judge(record, delegate, category, action, at=at)
                assert via.paths == (
                    (cc.AccessPath(member_id=structure_id, via_structure=True),) if granted else ()
                )
            for at in (ends, later):
                assert denied(judge(record, member, category, action, at=at)) == (
                    R.HABILITATION_EXPIRED,
                    *matrix_says,
                )
                # Other habilitated legal entities of the circle may add NOT_A_DELEGATE.
                reasons = denied(judge(record, delegate, category, action, at=at))
                assert reasons[0] is R.NOT_A_MEMBER and R.HABILITATION_EXPIRED in reasons
                assert (R.MATRIX_DENIES in reasons) is not granted
        assert not cc.effective_access(record, member, at=start - MICROSECOND).allowed
