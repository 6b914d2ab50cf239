"""Operations say what they did: issue 10 item 8.

Each operation's events are derived by comparing the membership before and after
(``member_events``), in a fixed order; ``Change.member_id`` names the member touched; a
stranger hears one actor violation; ``UNIQUE_ROLE_TAKEN`` names the other holder; a grant says
whether it gives access, and a pending one says when it takes effect (R5, G14).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import carecircle as cc
from carecircle import events as ev
from carecircle import member_events
from carecircle._access.effective import membership_access
from carecircle.nomenclatures import professions, role_codes
from carecircle.nomenclatures import relationships as rel
from carecircle.roles import PCP, REPRESENTANT_LEGAL
from carecircle.testing.builders import (
    directory_professional,
    directory_structure,
    instant,
    new_record,
    related_person,
)

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.circles import circle_of, statement
    from helpers.rejections import rejected
else:
    from .helpers.circles import circle_of, statement
    from .helpers.rejections import rejected

GUARD = REPRESENTANT_LEGAL
CAREGIVER = role_codes.CAREGIVER
SUSPENDED = cc.AccountState.SUSPENDED
STRANGER = cc.Principal(account="pass:99", profession=professions.MEDECIN)
ID = "899999999999"  # a national id nobody in the circles has
NONE: frozenset[cc.Code] = frozenset()
Fields = list[tuple[type[ev.Event], dict[str, Any]]]


@cache
def circle() -> tuple[cc.CoordinationRecord, cc.Principal]:
    """Version 5: M1 the creator; M2 a habilitated médecin; M3 a legal representative
    (tutelle); M4 a médecin without habilitation; M5 a habilitated legal-entity structure.
    """
    added: list[tuple[cc.Member, dict[str, Any]]] = [
        (directory_professional(2), {"habilitated": True}),
        (related_person(3), {"roles": {GUARD}, "legal_protection": rel.TUTEUR}),
        (directory_professional(4), {}),
        (directory_structure(5), {"habilitated": True}),
    ]
    return circle_of(*added)


def do(
    operation: Callable[..., cc.Change], record: cc.CoordinationRecord, *args: Any, at: int,
    **options: Any,
) -> cc.Change:  # fmt: skip
    """``operation(record, *args)`` by the creator at ``instant(at)``."""
    return operation(record, *args, actor=circle()[1], at=instant(at), **options)


def said(change: cc.Change, version: int, minutes: int) -> Fields:
    """The change's events as (type, fields), once checked that they share one meta and name
    the member ``change.member_id`` names.
    """
    found: Fields = []
    for e in change.events:
        assert e.meta == ev.EventMeta(
            record_id="DC-1", version=version, actor="pass:1", at=instant(minutes)
        )
        fields = attrs.asdict(e, recurse=False)
        del fields["meta"]
        assert fields.pop("member_id") == change.member_id
        if "member" in fields:  # the member as they now stand: what replaying needs
            assert fields.pop("member") == change.record.circle.get(change.member_id or "").member
        if "expressed_at" in fields:  # the statement's instant and how it was collected
            assert (fields.pop("expressed_at"), fields.pop("collected")) == (
                instant(minutes),
                None,
            )
        found.append((type(e), fields))
    return found


GRANTED = {"pending": False, "until": None, "gives_access": True}
END = instant(90)
R1 = {"refusal_id": "R1", "expressed_by": cc.PATIENT}
TOOK_EFFECT: Fields = [(ev.MemberDetailsRefreshed, {}), (ev.HabilitationTookEffect, {})]


class TestEachOperation:
    """Issue 10 item 8: each operation's events, exactly and in order, sharing one meta."""

    def test_add_member(self) -> None:
        record, _ = new_record()
        member = directory_professional(2)
        change = do(cc.add_member, record, member, at=1, roles={PCP}, habilitated=True)
        added = {"roles": frozenset({PCP}), "habilitated": True, "habilitation_ends": None}
        assert change.member_id == "M2"
        first = change.events[0]
        assert isinstance(first, ev.MemberAdded)
        assert first.kind is cc.MemberKind.DIRECTORY_PROFESSIONAL
        assert said(change, 2, 1) == [
            (ev.MemberAdded, {**added, "description": "", "legal_protection": None}),
            (ev.HabilitationGranted, GRANTED),
        ]
        again = do(
            cc.add_member, change.record, directory_professional(3), at=2, refusal=statement(2)
        )
        assert again.member_id == "M3"
        assert said(again, 3, 2)[1] == (ev.SharingRefusalRecorded, {**R1, "categories": NONE})
        ends = do(
            cc.add_member, record, member, at=1, habilitated=True, habilitation_ends=instant(90)
        )
        assert said(ends, 2, 1)[1] == (ev.HabilitationGranted, {**GRANTED, "until": instant(90)})

    def test_update_member_each_field_in_order(self) -> None:
        record = circle()[0]
        change = do(
            cc.update_member, record, "M3", at=10, roles={GUARD, CAREGIVER},
            description="Tutrice", legal_protection=rel.CURATEUR,
        )  # fmt: skip
        assert said(change, 6, 10) == [
            (ev.RolesChanged, {"added": frozenset({CAREGIVER}), "removed": NONE}),
            (ev.DescriptionChanged, {"before": "", "after": "Tutrice"}),
            (ev.LegalProtectionChanged, {"before": rel.TUTEUR, "after": rel.CURATEUR}),
        ]
        assert change.member_id == "M3" and "Tutrice" not in repr(change.events)
        alone = do(cc.update_member, record, "M3", at=10, legal_protection=None)
        assert said(alone, 6, 10) == [
            (ev.LegalProtectionChanged, {"before": rel.TUTEUR, "after": None})
        ]
        both = do(cc.update_member, record, "M4", at=10, roles={PCP}, habilitated=True)
        assert said(both, 6, 10) == [
            (ev.RolesChanged, {"added": frozenset({PCP}), "removed": NONE}),
            (ev.HabilitationGranted, GRANTED),
        ]

    def test_habilitate_then_change_its_end(self) -> None:
        record = circle()[0]
        steps: list[tuple[dt.datetime | None, Fields]] = [
            (instant(60), [(ev.HabilitationGranted, {**GRANTED, "until": instant(60)})]),
            (instant(90), [(ev.HabilitationEndChanged, {"before": instant(60), "after": END})]),
            (None, [(ev.HabilitationEndChanged, {"before": instant(90), "after": None})]),
        ]  # fmt: skip
        for i, (until, expected) in enumerate(steps):
            change = do(cc.habilitate, record, "M4", at=10 + i, until=until)
            assert said(change, 6 + i, 10 + i) == expected and change.member_id == "M4"
            record = change.record
        same = do(cc.habilitate, record, "M4", at=13)
        assert same.record is record and same.events == () and not same.applied
        ended = do(cc.habilitate, circle()[0], "M4", at=10, until=instant(20)).record
        renewed = do(cc.habilitate, ended, "M4", at=30)  # granted again, for the audit trail
        assert said(renewed, 7, 30) == [(ev.HabilitationGranted, GRANTED)]

    def test_revoke_end_and_rejoin(self) -> None:
        record = circle()[0]
        revoked = do(cc.revoke_habilitation, record, "M2", at=10)
        assert said(revoked, 6, 10) == [(ev.HabilitationRevoked, {})]
        ended = do(cc.end_participation, record, "M4", at=10)
        assert said(ended, 6, 10) == [(ev.ParticipationEnded, {})]
        back = do(cc.rejoin, ended.record, "M4", at=11)
        assert said(back, 7, 11) == [(ev.ParticipationResumed, {})]
        back = do(cc.rejoin, ended.record, "M4", at=11, roles={PCP}, habilitated=True)
        assert said(back, 7, 11) == [
            (ev.ParticipationResumed, {}),
            (ev.RolesChanged, {"added": frozenset({PCP}), "removed": NONE}),
            (ev.HabilitationGranted, GRANTED),
        ]
        left = do(cc.end_participation, record, "M2", at=10).record
        back = do(cc.rejoin, left, "M2", at=11)  # the habilitation is off unless asked
        assert said(back, 7, 11) == [(ev.ParticipationResumed, {}), (ev.HabilitationRevoked, {})]

    def test_refresh_member(self) -> None:
        entry = directory_professional(4, family_name="Durand-Roux")
        change = do(cc.refresh_member, circle()[0], "M4", at=10, entry=entry)
        assert said(change, 6, 10) == [(ev.MemberDetailsRefreshed, {})]
        same = do(cc.refresh_member, change.record, "M4", at=11, entry=entry)
        assert same.record is change.record and same.events == () and same.member_id == "M4"

    def test_refusals_then_entered_in_error(self) -> None:
        medical = frozenset({"medical"})
        refused = do(
            cc.record_refusal, circle()[0], "M4", at=10, statement=statement(10), categories=medical
        )
        assert said(refused, 6, 10) == [(ev.SharingRefusalRecorded, {**R1, "categories": medical})]
        lifted = do(cc.lift_refusal, refused.record, "M4", "R1", at=11, statement=statement(11))
        assert said(lifted, 7, 11) == [(ev.SharingRefusalWithdrawn, R1)]
        wrong = do(cc.mark_entered_in_error, lifted.record, "M4", at=12)
        assert said(wrong, 8, 12) == [(ev.MemberEnteredInError, {"reason": ""})]

    def test_a_no_op_has_no_event_and_returns_the_same_record(self) -> None:
        record = circle()[0]
        for change in (
            do(cc.update_member, record, "M2", at=10),
            do(cc.update_member, record, "M3", at=10, roles={GUARD}, description=""),
            do(cc.habilitate, record, "M2", at=10),
            do(cc.revoke_habilitation, record, "M4", at=10),
            do(cc.refresh_member, record, "M4", at=10, entry=directory_professional(4)),
            do(cc.change_status, record, "active", at=10),
        ):
            assert change.record is record and change.events == () and change.notifications == ()
            assert change.based_on == record.version and not change.applied

    def test_member_id_is_none_for_the_record_itself(self) -> None:
        record = circle()[0]
        status = do(cc.change_status, record, "suspended", at=10)
        assert status.applied and status.member_id is None
        opened = cc.open_in_emergency(
            record, principal=STRANGER, reason="Urgence", at=instant(10),
            policy=cc.EmergencyPolicy(),
        )  # fmt: skip
        assert opened.applied and opened.member_id is None


class TestAStranger:
    """Issue 10 item 8 (R6): a stranger hears one actor violation, ``ACTOR_NOT_A_MEMBER``,
    not also ``ACTOR_NOT_A_DELEGATE``, though the circle has a habilitated legal entity.
    """

    CALLS: tuple[tuple[Callable[..., cc.Change], tuple[Any, ...], dict[str, Any]], ...] = (
        (cc.add_member, (directory_professional(9),), {}),
        (cc.update_member, ("M4",), {"description": "x"}),
        (cc.update_member, ("M99",), {"description": "x"}),
        (cc.habilitate, ("M4",), {}),
        (cc.revoke_habilitation, ("M2",), {}),
        (cc.end_participation, ("M4",), {}),
        (cc.rejoin, ("M4",), {}),
        (cc.refresh_member, ("M4",), {"entry": directory_professional(4)}),
        (cc.record_refusal, ("M4",), {"statement": statement(10)}),
        (cc.lift_refusal, ("M4", "R1"), {"statement": statement(10)}),
        (cc.mark_entered_in_error, ("M4",), {}),
        (cc.change_status, ("suspended",), {}),
    )

    @pytest.mark.parametrize(
        "stranger",
        [STRANGER, attrs.evolve(STRANGER, account_state=SUSPENDED), cc.Principal(national_id=ID)],
        ids=["stranger", "inactive", "no-account"],
    )  # fmt: skip
    @pytest.mark.parametrize("call", range(len(CALLS)))
    def test_one_actor_violation(self, stranger: cc.Principal, call: int) -> None:
        record = circle()[0]
        reasons = membership_access(record, stranger, at=instant(10)).reasons
        assert reasons == (cc.Reason.NOT_A_MEMBER, cc.Reason.NOT_A_DELEGATE)
        operation, args, options = self.CALLS[call]
        error = rejected(
            lambda: operation(record, *args, actor=stranger, at=instant(10), **options)
        )
        actor = [v for v in error.violations if v.path == "actor" or v.code.startswith("ACTOR_")]
        assert [(v.code, v.path) for v in actor] == [("ACTOR_NOT_A_MEMBER", "actor")]


class TestUniqueRoleTaken:
    """Issue 10 item 8 (R7): ``UNIQUE_ROLE_TAKEN`` names the member holding the role, never
    the candidate's (provisional) id.
    """

    def test_a_second_medecin_traitant(self) -> None:
        record = do(cc.update_member, circle()[0], "M2", at=10, roles={PCP}).record
        added = directory_professional(9)
        error = rejected(lambda: do(cc.add_member, record, added, at=11, roles={PCP}))
        (violation,) = error.violations
        assert (violation.code, violation.path) == ("UNIQUE_ROLE_TAKEN", "members[M6].roles")
        assert violation.message.endswith("held by M2 (R7)") and "M6" not in violation.message
        error = rejected(lambda: do(cc.update_member, record, "M4", at=11, roles={PCP}))
        (violation,) = error.violations
        assert violation.path == "members[M4].roles"
        assert "held by M2" in violation.message and "M4" not in violation.message

    def test_coming_back_to_a_role_taken_meanwhile(self) -> None:
        record = do(cc.update_member, circle()[0], "M2", at=10, roles={PCP}).record
        record = do(cc.end_participation, record, "M2", at=11).record
        record = do(cc.update_member, record, "M4", at=12, roles={PCP}).record
        (violation,) = rejected(lambda: do(cc.rejoin, record, "M2", at=13)).violations
        assert violation.path == "members[M2].roles" and "held by M4" in violation.message
        assert "M2" not in violation.message


class TestGivesAccess:
    """Issue 10 item 8 (R5, G11, G14): what a grant says it gives, and its notice."""

    @pytest.mark.parametrize(
        ("member", "pending", "gives"),
        [(directory_structure(9, legal_entity=False), False, False),
         (directory_structure(9), False, True),
         (directory_professional(9, account=False), True, False),
         (directory_professional(9), False, True)],
        ids=["structure", "legal-entity", "no-account", "account"],
    )  # fmt: skip
    def test_habilitation_granted(self, member: cc.Member, pending: bool, gives: bool) -> None:
        record = circle()[0]
        added = do(cc.add_member, record, member, at=10)
        for change, version, minutes in (
            (do(cc.add_member, record, member, at=10, habilitated=True), 6, 10),
            (do(cc.habilitate, added.record, "M6", at=11), 7, 11),
        ):
            granted = dict(said(change, version, minutes))[ev.HabilitationGranted]
            assert granted == {**GRANTED, "pending": pending, "gives_access": gives}
            assert bool(change.notifications) is gives  # G14 follows it

    def test_a_grant_that_gives_access_never_takes_effect_later(self) -> None:
        """A suspended PASS account opens nothing (R2) and gets no notice (G14); when it
        becomes active the grant takes effect (``HabilitationTookEffect``, with the notice), so
        it did not give access before. FAILS TODAY: ``operations._change._gives_access`` looks
        at the account's presence, not its state, and says ``gives_access=True``.
        """
        member = directory_professional(9, state=SUSPENDED)
        change = do(cc.add_member, circle()[0], member, at=10, habilitated=True)
        granted = change.events[1]
        assert isinstance(granted, ev.HabilitationGranted) and change.notifications == ()
        later = do(cc.refresh_member, change.record, "M6", at=11, entry=directory_professional(9))
        assert said(later, 7, 11) == TOOK_EFFECT and len(later.notifications) == 1
        assert granted.gives_access is False


class TestPendingTakesEffect:
    """Issue 10 item 8 (R5, G14): a pending grant takes effect when the account exists."""

    def test_refresh_brings_an_active_account(self) -> None:
        without = directory_professional(9, account=False)
        record = do(cc.add_member, circle()[0], without, at=10).record
        pending = do(cc.habilitate, record, "M6", at=11)
        assert said(pending, 7, 11) == [
            (ev.HabilitationGranted, {**GRANTED, "pending": True, "gives_access": False})
        ]
        assert pending.notifications == ()
        entry = attrs.evolve(without, account=cc.PassAccount(id="pass:9"))
        change = do(cc.refresh_member, pending.record, "M6", at=12, entry=entry)
        assert said(change, 8, 12) == TOOK_EFFECT
        (notice,) = change.notifications
        assert notice == cc.HabilitationNotice(
            record_id="DC-1", member_id="M6", recipient="pass:9", structure=False, at=instant(12)
        )
        assert cc.has_effective_access(
            change.record, cc.Principal(account="pass:9"), at=instant(12)
        )

    def test_an_inactive_account_then_an_active_one(self) -> None:
        without = directory_professional(9, account=False)
        record = do(cc.add_member, circle()[0], without, at=10, habilitated=True).record
        inactive = directory_professional(9, state=SUSPENDED)
        change = do(cc.refresh_member, record, "M6", at=11, entry=inactive)
        assert said(change, 7, 11) == [(ev.MemberDetailsRefreshed, {})]
        assert change.notifications == ()
        change = do(cc.refresh_member, change.record, "M6", at=12, entry=directory_professional(9))
        assert said(change, 8, 12) == TOOK_EFFECT
        assert [n.recipient for n in change.notifications] == ["pass:9"]

    def test_no_effect_without_a_habilitation(self) -> None:
        record = do(cc.add_member, circle()[0], directory_professional(9, account=False), at=10)
        change = do(cc.refresh_member, record.record, "M6", at=11, entry=directory_professional(9))
        assert said(change, 7, 11) == [(ev.MemberDetailsRefreshed, {})]
        assert change.notifications == ()


# -- the property: the events derived from what changed ---------------------------------------

#: The events that report on each field, in the order ``member_events`` documents.
KINDS: dict[str, list[type[ev.Event]]] = {
    "entered_in_error": [ev.MemberEnteredInError],
    "participations": [ev.ParticipationResumed, ev.ParticipationEnded],
    "member": [ev.MemberDetailsRefreshed], "roles": [ev.RolesChanged],
    "description": [ev.DescriptionChanged], "legal_protection": [ev.LegalProtectionChanged],
    "habilitation": [ev.HabilitationGranted, ev.HabilitationRevoked, ev.HabilitationEndChanged],
    "took_effect": [ev.HabilitationTookEffect],  # the entry's new account: a "member" change
    "refusals": [ev.SharingRefusalRecorded, ev.SharingRefusalWithdrawn],
}  # fmt: skip
RANK = {kind: i for i, kinds in enumerate(KINDS.values()) for kind in kinds}
FIELD = {k: "member" if f == "took_effect" else f for f, kinds in KINDS.items() for k in kinds}


def check_events(before: cc.Membership, after: cc.Membership, events: list[ev.Event]) -> None:
    """An event for each field that changed, none for the others, in order, saying what."""
    fields = {f for f in KINDS if hasattr(before, f) and getattr(before, f) != getattr(after, f)}
    if (before.habilitated, before.habilitation_ends) != (
        after.habilitated,
        after.habilitation_ends,
    ):
        fields.add("habilitation")
    assert {FIELD[type(e)] for e in events} == fields
    assert bool(events) is (before != after)
    assert [RANK[type(e)] for e in events] == sorted(RANK[type(e)] for e in events)
    for e in events:
        if isinstance(e, ev.RolesChanged):
            assert (e.added, e.removed) == (after.roles - before.roles, before.roles - after.roles)
        if isinstance(e, ev.DescriptionChanged):
            assert (e.before, e.after) == (before.description, after.description)
        if isinstance(e, ev.LegalProtectionChanged):
            assert (e.before, e.after) == (before.legal_protection, after.legal_protection)
        if isinstance(e, ev.HabilitationEndChanged):
            assert (e.before, e.after) == (before.habilitation_ends, after.habilitation_ends)
    old = {r.refusal_id: r for r in before.refusals}
    recorded = [e.refusal_id for e in events if isinstance(e, ev.SharingRefusalRecorded)]
    assert recorded == [r.refusal_id for r in after.refusals if r.refusal_id not in old]
    lifted = [e.refusal_id for e in events if isinstance(e, ev.SharingRefusalWithdrawn)]
    assert lifted == [
        r.refusal_id
        for r in after.refusals
        if r.lifted and (r.refusal_id not in old or not old[r.refusal_id].lifted)
    ]


ENTRIES: dict[str, list[cc.DirectoryProfessional | cc.DirectoryStructure]] = {
    "M2": [directory_professional(2, state=SUSPENDED), directory_professional(2, account=False),
           directory_professional(2)],
    "M3": [directory_professional(3)],  # a related person: ENTRY_MISMATCH
    "M4": [directory_professional(4, account=False), directory_professional(4),
           directory_professional(4, family_name="Roux")],
    "M5": [directory_structure(5, legal_entity=False), directory_structure(5)],
}  # fmt: skip
NAMES = ["add", "description", "end", "habilitate", "lift", "nothing", "protection", "refresh",
         "refuse", "rejoin", "revoke", "roles"]  # fmt: skip
WEIGHTED = [*NAMES, *NAMES, *NAMES, "error"]  # entering in error is final: rarer


def step(record: cc.CoordinationRecord, name: str, m: str, k: int, at: int) -> cc.Change:
    """Operation ``name`` on member ``m`` at ``instant(at)``, its arguments picked by ``k``."""
    said_at, entries, pick = statement(at), ENTRIES[m], k % 3
    standing = [(x.member_id, r.refusal_id) for x in record.circle for r in x.refusals]
    mine = [s for s in standing if s[0] == m] or standing or [(m, "R1")]
    protection, scope = [None, rel.TUTEUR, rel.CURATEUR][pick], [(), {"medical"}][k % 2]
    added = {"habilitated": k % 2 == 0, "refusal": said_at if pick == 0 else None}
    calls: dict[str, tuple[Callable[..., cc.Change], tuple[Any, ...], dict[str, Any]]] = {
        "add": (cc.add_member, (directory_professional(20 + k),), added),
        "roles": (cc.update_member, (m,), {"roles": [(), {PCP}, {GUARD}][pick]}),
        "description": (cc.update_member, (m,), {"description": ["", "Suivi", "Kiné"][pick]}),
        "protection": (cc.update_member, (m,), {"legal_protection": protection}),
        "nothing": (cc.update_member, (m,), {}),
        "habilitate": (cc.habilitate, (m,), {"until": instant(at + 20 * k) if pick else None}),
        "revoke": (cc.revoke_habilitation, (m,), {}),
        "end": (cc.end_participation, (m,), {}),
        "rejoin": (cc.rejoin, (m,), {"habilitated": k % 2 == 0}),
        "refresh": (cc.refresh_member, (m,), {"entry": entries[k % len(entries)]}),
        "refuse": (cc.record_refusal, (m,), {"statement": said_at, "categories": scope}),
        "lift": (cc.lift_refusal, mine[k % len(mine)], {"statement": said_at}),
        "error": (cc.mark_entered_in_error, (m,), {}),
    }
    operation, args, options = calls[name]
    return do(operation, record, *args, at=at, **options)


STEPS = st.tuples(
    st.sampled_from(WEIGHTED),
    st.sampled_from(["M2", "M3", "M4", "M5"]),
    st.integers(min_value=0, max_value=11),
    st.integers(min_value=1, max_value=90),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(STEPS, min_size=1, max_size=14))
def test_events_say_exactly_what_changed(steps: list[tuple[str, str, int, int]]) -> None:
    """Issue 10 item 8: for random pairs of memberships (before, after) built by applying
    random operations, ``member_events`` gives an event for each field that changed and none
    for the others, in order; each change's events are what it derives.
    """
    record, at = circle()[0], 5
    states = {m.member_id: [(at, m)] for m in record.circle}
    for name, member_id, k, gap in steps:
        at += gap
        try:
            change = step(record, name, member_id, k, at)
        except cc.ChangeRejected:
            continue
        assert change.member_id is not None
        before = record.circle.find(change.member_id)
        after = change.record.circle.get(change.member_id)
        meta = ev.EventMeta(
            record_id="DC-1", version=record.version + 1, actor="pass:1", at=instant(at)
        )
        assert list(change.events) == member_events(meta, before, after)
        if before is None:
            assert type(change.events[0]) is ev.MemberAdded and name == "add"
            states[after.member_id] = [(at, after)]
        else:
            check_events(before, after, list(change.events))
            assert (change.record is record) is (not change.events)
            states[after.member_id].append((at, after))
        record = change.record
    for history in states.values():
        for i, (_, old) in enumerate(history):
            for minutes, new in history[i:]:
                meta = ev.EventMeta(
                    record_id="DC-1", version=99, actor="pass:1", at=instant(minutes)
                )
                check_events(old, new, member_events(meta, old, new))
