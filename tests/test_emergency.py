"""Emergency access (*bris de glace*, as the DMP has it): issue 10 item 7.

A professional outside the circle, or a member without habilitation, opens the record for
reading for a while, stating why. R1: only while it lasts, only what the matrix grants; R4:
never against a sharing refusal; R6: it never edits; R10: every instant is an argument.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import carecircle as cc
from carecircle import events as ev
from carecircle._access import plain
from carecircle._access.effective import membership_access, open_paths
from carecircle.nomenclatures import professions
from carecircle.testing.builders import (
    EPOCH,
    directory_professional,
    directory_structure,
    instant,
    patient,
)

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.access import MATRIX, READ, WRITE, R
    from helpers.circles import circle_of, statement
    from helpers.rejections import rejected
else:
    from .helpers.access import MATRIX, READ, WRITE, R
    from .helpers.circles import circle_of, statement
    from .helpers.rejections import rejected

CATEGORIES = ("administrative", "social", "medical", "psychological")
HOUR, TICK = dt.timedelta(hours=1), dt.timedelta(microseconds=1)
POLICY = cc.EmergencyPolicy(duration=HOUR)
WHY = "Patient inconscient aux urgences, allergies à vérifier"
OPENED = instant(20)  # when the emergency accesses below are opened
STRANGER = cc.Principal(account="pass:99", profession=professions.MEDECIN)
SOCIAL_WORKER = cc.Principal(account="pass:98", profession=professions.ASSISTANT_SERVICE_SOCIAL)
MEMBER = cc.Principal.from_entry(directory_professional(6))  # M6: a member, not habilitated
WHO = pytest.mark.parametrize("principal", [STRANGER, MEMBER], ids=["stranger", "member"])
E1 = cc.AccessPath(member_id=None, emergency_id="E1")
NO_ACCOUNT = cc.Principal(national_id="899999999999", profession=professions.MEDECIN)
CLOSED = cc.Principal(account="pass:97", account_state="closed")
EDITOR = cc.Principal.from_entry(directory_professional(2))
TWO_PEOPLE = cc.Principal(account="pass:2", national_id="800000000006")  # M2's account, M6's id
STRANGER_DENIED = cc.Decision(allowed=False, reasons=(R.NOT_A_MEMBER, R.NOT_A_DELEGATE))


def invalid(call: Callable[[], object]) -> str:
    """The code of the InvalidValueError ``call()`` raises (never a bare TypeError)."""
    with pytest.raises(cc.InvalidValueError) as caught:
        call()
    return caught.value.code


@cache
def circle() -> tuple[cc.CoordinationRecord, cc.Principal]:
    """Three editors (M1 the creator, M2, legal-entity structure S3) and members who edit
    nothing: S4 not a legal entity, M5 without account, M6 not habilitated, M7 with a
    suspended account, M8 refused, S9 not habilitated, M10 who left.
    """
    on: dict[str, Any] = {"habilitated": True}
    added: list[tuple[cc.Member, dict[str, Any]]] = [
        (directory_professional(2), on),
        (directory_structure(3), on),
        (directory_structure(4, legal_entity=False), on),
        (directory_professional(5, account=False), on),
        (directory_professional(6), {}),
        (directory_professional(7, state=cc.AccountState.SUSPENDED), on),
        (directory_professional(8), {**on, "refusal": statement(0)}),
        (directory_structure(9), {}),
        (directory_professional(10), on),
    ]
    record, creator = circle_of(*added)
    record = cc.end_participation(record, "M10", actor=creator, at=instant(10)).record
    return record, creator


def emergency(
    record: cc.CoordinationRecord | None = None, principal: cc.Principal = STRANGER, **options: Any
) -> cc.Change:
    """``open_in_emergency`` on ``record`` (the circle by default), by default at ``OPENED``."""
    arguments: dict[str, Any] = {"reason": WHY, "at": OPENED, "policy": POLICY, **options}
    base = circle()[0] if record is None else record
    return cc.open_in_emergency(base, principal=principal, **arguments)


def refuse(
    record: cc.CoordinationRecord, member_id: str, minutes: int, categories: Iterable[str] = ()
) -> cc.CoordinationRecord:
    """The patient's refusal of ``member_id`` (``categories``, or the whole record), recorded."""
    return cc.record_refusal(
        record, member_id, statement=statement(minutes), actor=circle()[1], at=instant(minutes),
        categories=categories,
    ).record  # fmt: skip


def decision(
    record: cc.CoordinationRecord, principal: cc.Principal, category: str, action: cc.Action,
    at: dt.datetime,
) -> cc.Decision:  # fmt: skip
    """``decide``, checked against ``is_allowed`` and the plain path (the reference)."""
    found = cc.decide(record, principal, category, action, matrix=MATRIX, at=at)
    assert cc.is_allowed(record, principal, category, action, matrix=MATRIX, at=at) is found.allowed
    assert plain.decide(record, principal, category, str(action), matrix=MATRIX, at=at) == found
    return found


class TestOpening:
    """Issue 10 item 7: one audit event, one notice per editor of the circle (R6)."""

    @WHO
    def test_one_event_and_the_access_kept(self, principal: cc.Principal) -> None:
        record = circle()[0]
        change = emergency(principal=principal)
        (event,) = change.events
        assert isinstance(event, ev.EmergencyAccessOpened)
        assert (event.access_id, event.account) == ("E1", principal.account)
        meta = ev.EventMeta(record_id="DC-1", version=12, actor=str(principal.account), at=OPENED)
        assert event.meta == meta and record.version == 11 and event.ends == OPENED + HOUR
        assert event.reason == WHY and WHY not in repr(event) and WHY not in repr(change)
        assert change.member_id is None and change.based_on == 11
        assert change.record.circle == record.circle
        assert (change.record.version, change.record.updated_at) == (12, OPENED)
        assert change.record.emergency_accesses == (
            cc.EmergencyAccess(
                access_id="E1", account=str(principal.account), national_id=principal.national_id,
                reason=WHY, starts=OPENED, ends=OPENED + HOUR,
            ),
        )  # fmt: skip

    @WHO
    def test_a_notice_per_editor_none_to_the_others(self, principal: cc.Principal) -> None:
        notices = emergency(principal=principal).notifications
        recipients = [(n.recipient, n.structure) for n in notices]
        assert recipients == [("pass:1", False), ("pass:2", False), ("S3", True)]
        for n in notices:
            assert isinstance(n, cc.EmergencyNotice)
            assert (n.record_id, n.access_id, n.opened_by) == ("DC-1", "E1", principal.account)
            assert (n.at, n.ends) == (OPENED, OPENED + HOUR)

    def test_the_notice_is_french_and_says_nothing_of_the_patient(self) -> None:
        notice = emergency().notifications[0]
        assert isinstance(notice, cc.EmergencyNotice)
        subject, body = notice.subject(), notice.body()
        assert subject == "SPICO : accès en urgence à un dossier de coordination"
        assert body.startswith("Bonjour,") and "a ouvert en urgence le dossier" in body
        assert "DC-1" in body and "02/11/2026 à 10:20" in body
        person = patient()
        for secret in (person.family_name, person.given_name, WHY, "urgences", "allergies"):
            assert secret not in subject and secret not in body
        assert WHY not in repr(notice)

    def test_an_instant_in_another_zone_is_the_same_instant(self) -> None:
        """R10: ``at`` is absolute; the access, event and notices are kept in UTC."""
        change = emergency(at=OPENED.astimezone(ZoneInfo("Europe/Paris")))
        assert change == emergency()
        assert change.record.emergency_accesses[0].starts.tzinfo is dt.UTC


class TestDecide:
    """Issue 10 item 7: reading, while it lasts, what the matrix grants (R1, R10)."""

    @pytest.mark.parametrize("category", CATEGORIES)
    def test_reading_goes_through_the_emergency_path(self, category: str) -> None:
        found = decision(emergency().record, STRANGER, category, READ, instant(30))
        assert found == cc.Decision(allowed=True, paths=(E1,))

    @WHO
    def test_writing_is_denied_read_only(self, principal: cc.Principal) -> None:
        record = emergency(principal=principal).record
        found = decision(record, principal, "medical", WRITE, instant(30))
        assert found == cc.Decision(allowed=False, reasons=(R.EMERGENCY_READ_ONLY,))

    def test_the_matrix_still_applies(self) -> None:
        at, nobody = instant(30), cc.Principal(account="pass:97")
        record = emergency(principal=SOCIAL_WORKER).record
        assert decision(record, SOCIAL_WORKER, "medical", READ, at).reasons == (R.MATRIX_DENIES,)
        assert decision(record, SOCIAL_WORKER, "social", READ, at).allowed
        unknown = decision(emergency().record, STRANGER, "dental", READ, at)
        assert unknown.reasons == (R.UNKNOWN_CATEGORY,)
        record = emergency(principal=nobody).record
        assert decision(record, nobody, "medical", READ, at).reasons == (R.UNKNOWN_PROFESSION,)

    @pytest.mark.parametrize(
        ("at", "opens"),
        [(OPENED - TICK, False), (OPENED, True), (OPENED + HOUR - TICK, True),
         (OPENED + HOUR, False), (OPENED + 2 * HOUR, False)],
        ids=["before-starts", "starts", "last-instant", "ends", "after"],
    )  # fmt: skip
    def test_it_lasts_from_starts_up_to_ends_excluded(self, at: dt.datetime, opens: bool) -> None:
        record = emergency().record
        expected = cc.Decision(allowed=True, paths=(E1,)) if opens else STRANGER_DENIED
        assert decision(record, STRANGER, "medical", READ, at) == expected
        assert cc.effective_access(record, STRANGER, at=at) == expected
        assert open_paths(record, STRANGER, at) == expected.paths

    @pytest.mark.parametrize(
        ("principal", "code"),
        [(STRANGER, "ACTOR_NOT_A_MEMBER"), (MEMBER, "ACTOR_NOT_HABILITATED")],
        ids=["stranger", "member"],
    )
    def test_an_emergency_access_never_edits(self, principal: cc.Principal, code: str) -> None:
        """R6: ``effective_access`` opens through it, ``membership_access`` (who edits) never."""
        record, at = emergency(principal=principal).record, instant(30)
        assert cc.effective_access(record, principal, at=at).paths == (E1,)
        assert plain.effective_access(record, principal, at=at).paths == (E1,)
        assert not membership_access(record, principal, at=at).allowed
        calls: list[Callable[[], object]] = [
            lambda: cc.add_member(record, directory_professional(50), actor=principal, at=at),
            lambda: cc.habilitate(record, "M6", actor=principal, at=at),
            lambda: cc.change_status(record, "suspended", actor=principal, at=at),
        ]
        for call in calls:
            assert rejected(call).codes == (code,)

    def test_the_listings_read_through_it(self) -> None:
        record, at = emergency(principal=SOCIAL_WORKER).record, instant(30)
        found = cc.permissions(record, SOCIAL_WORKER, matrix=MATRIX, at=at)
        assert found.paths == (E1,)
        assert {c: str(level) for c, level in found.levels.items()} == {
            "administrative": "read", "social": "read", "medical": "none", "psychological": "read",
        }  # fmt: skip
        assert not any(found.allows(c, WRITE) for c in CATEGORIES)
        index = cc.ActiveFileIndex.of([circle()[0]], matrix=MATRIX)
        assert index.for_principal(SOCIAL_WORKER, at=at) == ()
        for later in (index.with_record(record), cc.ActiveFileIndex.of([record], matrix=MATRIX)):
            (entry,) = later.for_principal(SOCIAL_WORKER, at=at)
            assert (entry.record_id, entry.permissions) == ("DC-1", found)
            assert later.for_principal(SOCIAL_WORKER, at=OPENED + HOUR) == ()

    def test_the_circle_status_still_closes_it(self) -> None:
        record = emergency().record
        record = cc.change_status(record, "suspended", actor=circle()[1], at=instant(25)).record
        assert decision(record, STRANGER, "medical", READ, instant(24)).allowed
        found = decision(record, STRANGER, "medical", READ, instant(26))
        assert found == cc.Decision(allowed=False, reasons=(R.CIRCLE_SUSPENDED,))


class TestNeverAgainstARefusal:
    """Issue 10 item 7 and R4: the patient's refusal wins over an emergency too."""

    def test_a_whole_refusal_standing_rejects_the_opening(self) -> None:
        refused = refuse(circle()[0], "M6", 15)
        error = rejected(lambda: emergency(refused, MEMBER))
        assert error.codes == ("EMERGENCY_SHARING_REFUSED",)
        assert refused.emergency_accesses == ()

    def test_a_refusal_recorded_after_the_opening_denies_again(self) -> None:
        refused = refuse(emergency(principal=MEMBER).record, "M6", 30)
        assert decision(refused, MEMBER, "medical", READ, instant(29)).allowed
        assert decision(refused, MEMBER, "medical", READ, instant(31)) == cc.Decision(
            allowed=False,
            reasons=(R.NOT_HABILITATED, R.SHARING_REFUSED),
            refusals=(cc.RefusalRef(member_id="M6", refusal_id="R1"),),
        )
        assert not cc.effective_access(refused, MEMBER, at=instant(31)).allowed

    @pytest.mark.parametrize("before_opening", [False, True], ids=["after", "before"])
    def test_a_category_refusal_closes_that_category_only(self, before_opening: bool) -> None:
        medical = {"medical"}
        if before_opening:
            record = emergency(refuse(circle()[0], "M6", 15, medical), MEMBER).record
        else:
            record = refuse(emergency(principal=MEMBER).record, "M6", 21, medical)
        at = instant(30)
        found = decision(record, MEMBER, "medical", READ, at)
        assert found.reasons == (R.NOT_HABILITATED, R.SHARING_REFUSED)
        for category in ("administrative", "social", "psychological"):
            assert decision(record, MEMBER, category, READ, at).paths == (E1,)
        levels = cc.permissions(record, MEMBER, matrix=MATRIX, at=at).levels
        assert levels["medical"] is cc.Level.NONE and levels["social"] is cc.Level.READ

    @staticmethod
    def delegate_of(structure: str) -> cc.Principal:
        member = circle()[0].circle.get(structure).member
        assert isinstance(member, cc.DirectoryStructure)
        return attrs.evolve(STRANGER, delegated_by=frozenset({member.national_id}))

    STRUCTURES = pytest.mark.parametrize(
        "structure", ["M4", "M9"], ids=["not-legal-entity", "not-habilitated"]
    )

    @STRUCTURES
    def test_a_refused_structure_delegating_to_them_closes_it(self, structure: str) -> None:
        """gates.emergency_path: never when a refusal of the whole record stands on a
        structure delegating to the principal.
        """
        delegate = self.delegate_of(structure)
        refused = refuse(circle()[0], structure, 15)
        error = rejected(lambda: emergency(refused, delegate))
        assert error.codes == ("EMERGENCY_SHARING_REFUSED",)
        later = refuse(emergency(principal=delegate).record, structure, 25)
        found = decision(later, delegate, "social", READ, instant(30))
        assert not found.allowed and R.SHARING_REFUSED in found.reasons
        assert found.refusals == (cc.RefusalRef(member_id=structure, refusal_id="R1"),)

    @STRUCTURES
    def test_a_category_refusal_of_a_structure_delegating_to_them(self, structure: str) -> None:
        """gates.emergency_path: never when a refusal *of the category asked* stands on a
        structure delegating to them. FAILS TODAY (src bug: plain.scoped_access only reads a
        structure's category refusals on the paths through it, so the emergency opens).
        """
        delegate = self.delegate_of(structure)
        record = refuse(emergency(principal=delegate).record, structure, 25, {"medical"})
        assert decision(record, delegate, "social", READ, instant(30)).allowed
        found = decision(record, delegate, "medical", READ, instant(30))
        assert not found.allowed and R.SHARING_REFUSED in found.reasons


class TestRejections:
    """Issue 10 item 7 (R11): every problem at once, each with its code, the record untouched."""

    @pytest.mark.parametrize(
        ("options", "code"),
        [
            ({"reason": ""}, "EMERGENCY_REASON_REQUIRED"),
            ({"reason": " \t\n "}, "EMERGENCY_REASON_REQUIRED"),
            ({"principal": NO_ACCOUNT}, "EMERGENCY_ACCOUNT_REQUIRED"),
            ({"principal": CLOSED}, "EMERGENCY_ACCOUNT_REQUIRED"),
            ({"principal": EDITOR}, "EMERGENCY_NOT_NEEDED"),
            ({"at": instant(9)}, "INSTANT_BEFORE_LAST_CHANGE"),
            ({"principal": TWO_PEOPLE}, "EMERGENCY_IDENTITY_MISMATCH"),
        ],
    )  # fmt: skip
    def test_rejected_with_its_code(self, options: dict[str, Any], code: str) -> None:
        record = circle()[0]
        error = rejected(lambda: emergency(**options))
        assert error.codes == (code,)
        assert circle()[0] is record and record.emergency_accesses == ()

    def test_every_problem_at_once(self) -> None:
        """R11: a suspended circle, no account, a blank reason and a late instant, together."""
        record = cc.change_status(
            circle()[0], "suspended", actor=circle()[1], at=instant(15)
        ).record
        error = rejected(lambda: emergency(record, NO_ACCOUNT, reason=" ", at=instant(12)))
        assert error.codes == (
            "CIRCLE_SUSPENDED", "EMERGENCY_ACCOUNT_REQUIRED", "EMERGENCY_REASON_REQUIRED",
            "INSTANT_BEFORE_LAST_CHANGE",
        )  # fmt: skip
        assert all(v.path and v.message for v in error.violations)
        assert record.emergency_accesses == ()

    def test_one_already_open_then_e2_after_it_ends(self) -> None:
        record = emergency().record
        for minutes in (20, 79):
            error = rejected(lambda: emergency(record, at=instant(minutes)))  # noqa: B023
            assert error.codes == ("EMERGENCY_ALREADY_OPEN",)
        again = emergency(record, at=OPENED + HOUR).record
        assert [e.access_id for e in again.emergency_accesses] == ["E1", "E2"]
        assert record.next_emergency_id() == "E2" and again.next_emergency_id() == "E3"
        found = decision(again, STRANGER, "medical", READ, instant(85))
        assert found.paths == (cc.AccessPath(member_id=None, emergency_id="E2"),)

    @pytest.mark.parametrize("status", ["suspended", "inactive", "proposed"])
    def test_only_an_active_circle_opens(self, status: str) -> None:
        record, creator = circle()
        if status == "proposed":
            record = cc.create_record(
                record_id="DC-2", patient=patient(), creator=creator,
                creator_entry=directory_professional(1), at=EPOCH, status="proposed",
            ).record  # fmt: skip
        else:
            record = cc.change_status(record, status, actor=creator, at=instant(15)).record
        assert rejected(lambda: emergency(record)).codes == (f"CIRCLE_{status.upper()}",)

    @pytest.mark.parametrize(
        ("duration", "code"),
        [(dt.timedelta(0), "DURATION_INVALID"), (-dt.timedelta(microseconds=1), "DURATION_INVALID"),
         (3600, "WRONG_TYPE"), (1.5, "WRONG_TYPE"), (None, "WRONG_TYPE"), ("PT4H", "WRONG_TYPE")],
    )  # fmt: skip
    def test_a_policy_lasts_a_positive_timedelta(self, duration: Any, code: str) -> None:
        assert invalid(lambda: cc.EmergencyPolicy(duration=duration)) == code
        assert cc.EmergencyPolicy().duration == 4 * HOUR  # by default

    def test_an_end_past_datetimes_range(self) -> None:
        late = dt.datetime.max.replace(tzinfo=dt.UTC) - dt.timedelta(minutes=30)
        assert invalid(lambda: emergency(at=late)) == "INSTANT_OUT_OF_RANGE"
        assert circle()[0].emergency_accesses == ()

    @pytest.mark.parametrize(
        ("options", "code"),
        [({"record": "DC-1"}, "WRONG_TYPE"), ({"principal": "pass:99"}, "WRONG_TYPE"),
         ({"reason": None}, "WRONG_TYPE"), ({"reason": b"urgence"}, "WRONG_TYPE"),
         ({"policy": HOUR}, "WRONG_TYPE"), ({"policy": None}, "WRONG_TYPE"),
         ({"expected_version": "12"}, "WRONG_TYPE"), ({"at": "2026-11-02"}, "INSTANT_INVALID"),
         ({"at": dt.datetime(2026, 11, 2, 9, 20)}, "NAIVE_DATETIME")],  # noqa: DTZ001
    )  # fmt: skip
    def test_wrong_types_are_coded_errors(self, options: dict[str, Any], code: str) -> None:
        assert invalid(lambda: emergency(**options)) == code
        with pytest.raises(cc.ConflictError, match="VERSION_CONFLICT"):
            emergency(expected_version=1)


class TestIsFor:
    """Issue 10 item 7: the access is the professional's own: the same account, and no other
    national id (R1: deny when in doubt).
    """

    ACCESS = cc.EmergencyAccess(
        access_id="E1", account="pass:99", national_id="899999999999", reason=WHY,
        starts=OPENED, ends=OPENED + HOUR,
    )  # fmt: skip

    @pytest.mark.parametrize(
        ("account", "national_id", "expected"),
        [("pass:99", "899999999999", True), ("pass:99", None, True),
         ("pass:99", "899999999998", False), ("pass:98", "899999999999", False),
         (None, "899999999999", False)],
    )  # fmt: skip
    def test_is_for(self, account: str | None, national_id: str | None, expected: bool) -> None:
        assert self.ACCESS.is_for(account, national_id) is expected
        without = attrs.evolve(self.ACCESS, national_id=None)
        assert without.is_for(account, national_id) is (account == "pass:99")
        stands = [self.ACCESS.stands_at(t) for t in (OPENED - TICK, OPENED, OPENED + HOUR)]
        assert stands == [False, True, False] and WHY not in repr(self.ACCESS)

    def test_another_national_id_does_not_match(self) -> None:
        who = attrs.evolve(STRANGER, national_id="899999999999")
        record, at = emergency(principal=who).record, instant(30)
        assert record.emergency_accesses[0].national_id == "899999999999"
        assert decision(record, who, "medical", READ, at).allowed
        assert decision(record, STRANGER, "medical", READ, at).allowed
        other = attrs.evolve(STRANGER, national_id="899999999998")
        assert decision(record, other, "medical", READ, at) == STRANGER_DENIED
        assert not decision(record, NO_ACCOUNT, "medical", READ, at).allowed
        inactive = attrs.evolve(who, account_state=cc.AccountState.SUSPENDED)  # no longer opens
        assert not decision(record, inactive, "medical", READ, at).allowed


PROPERTIES = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DAYS = 24 * 60


@PROPERTIES
@given(
    duration=st.integers(min_value=1, max_value=3 * DAYS),
    question=st.integers(min_value=-120, max_value=4 * DAYS),
    refusal=st.sampled_from([None, frozenset(), frozenset({"medical"})]),
    refused_after=st.integers(min_value=0, max_value=4 * DAYS),
)
def test_reading_opens_exactly_while_it_lasts_and_no_refusal_stands(
    duration: int, question: int, refusal: frozenset[str] | None, refused_after: int
) -> None:
    """Issue 10 item 7 (R1, R4, R10): for any duration and question instant, ``decide``
    allows reading exactly when ``starts <= t < ends`` and no refusal stands, never writing,
    and always agrees with ``is_allowed`` and ``plain.decide``.
    """
    policy = cc.EmergencyPolicy(duration=dt.timedelta(minutes=duration))
    record = emergency(principal=MEMBER, policy=policy).record
    if refusal is not None:
        record = refuse(record, "M6", 20 + refused_after, refusal)
    (access,) = record.emergency_accesses
    assert access.ends - access.starts == policy.duration
    at = OPENED + dt.timedelta(minutes=question)
    lasts = access.starts <= at < access.ends
    for category in ("medical", "social"):
        covered = refusal is not None and (not refusal or category in refusal)
        refused = covered and question >= refused_after
        found = decision(record, MEMBER, category, READ, at)
        assert found.allowed is (lasts and not refused)
        assert found.paths == ((E1,) if found.allowed else ())
        assert (R.SHARING_REFUSED in found.reasons) is refused
        assert not decision(record, MEMBER, category, WRITE, at).allowed
