"""The service adds no rule: for the same inputs, each action's outcome is the pure
operation's (the same change, or the same rejection), and nothing is sent by either."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import carecircle as cc
from carecircle.roles import AIDANT_PRINCIPAL, PCP, REPRESENTANT_LEGAL
from carecircle.testing.builders import instant

if TYPE_CHECKING:
    from service_fixtures.world import DATA, OUTSIDER, World, account, national_id, outcome
else:
    from .service_fixtures.world import DATA, OUTSIDER, World, account, national_id, outcome

Call = Callable[[], cc.Change]


def _world() -> World:
    """A circle with something of everything: habilitated, pending, refused, a structure, a
    person, a manual professional, a member who left."""
    world = World()
    world.add(DATA.gp, habilitated=True, roles={PCP})
    world.add(DATA.pending, habilitated=True)
    world.add(DATA.refused, habilitated=True, refusal=cc.Statement(expressed_at=instant(0)))
    world.commit(world.service.add_structure(
        world.record, actor=world.actor, national_id=DATA.ssiad.national_id, habilitated=True,
        at=world.now(),
    ))  # fmt: skip
    world.commit(world.service.add_person(
        world.record, actor=world.actor, roles={REPRESENTANT_LEGAL}, at=world.now(),
        person=cc.RelatedPerson(family_name="Martin", given_name="Julie"),
    ))  # fmt: skip
    left = world.add(DATA.nurse)
    world.commit(world.service.end_participation(
        world.record, actor=world.actor, member_id=left, at=world.now()
    ))  # fmt: skip
    world.directory.replace(DATA.pending_with_account)
    return world


WORLD = _world()
RECORD = WORLD.record
AT = WORLD.now()
ACTORS = (
    WORLD.actor,
    WORLD.service.principal(account(DATA.gp)),
    WORLD.service.principal(account(DATA.ssiad_nurse)),
    WORLD.service.principal(account(OUTSIDER)),
)
MEMBER_IDS = (*(m.member_id for m in RECORD.circle), "M99")
ROLES = st.frozensets(st.sampled_from([PCP, AIDANT_PRINCIPAL, REPRESENTANT_LEGAL]), max_size=2)


@st.composite
def common(draw: st.DrawFn) -> dict[str, Any]:
    """Who acts (the coordinator most often), when (sometimes before the last change), on
    which version (sometimes a stale one)."""
    minutes = st.integers(0, 30) | st.integers(-30, 30)
    return {
        "actor": draw(st.just(WORLD.actor) | st.sampled_from(ACTORS)),
        "at": AT + dt.timedelta(minutes=draw(minutes)),
        "expected_version": draw(
            st.sampled_from([None, RECORD.version]) | st.just(RECORD.version - 1)
        ),
    }


def statements() -> st.SearchStrategy[cc.Statement]:
    """The patient's, or a member's: only M6, the représentant légal, may express one."""
    return st.builds(cc.Statement, expressed_at=st.just(AT)) | st.builds(
        cc.Statement, expressed_at=st.just(AT), expressed_by=st.sampled_from(MEMBER_IDS)
    )


S = WORLD.service
#: What the world's own commits sent, before any test.
SENT = list(WORLD.sent)


Pair = Callable[[st.DataObject, dict[str, Any], str], tuple[Call, Call]]
#: For each action, its service call and the core's, for the same drawn inputs.
PAIRS: dict[str, Pair] = {}


def pair(name: str) -> Callable[[Pair], Pair]:
    def register(build: Pair) -> Pair:
        PAIRS[name] = build
        return build

    return register


@pair("add_professional")
def _add_professional(data: st.DataObject, kw: dict[str, Any], _m: str) -> tuple[Call, Call]:
    entry = data.draw(st.sampled_from([DATA.gp, DATA.nurse, DATA.pharmacist, OUTSIDER]))
    opts: dict[str, Any] = {"roles": data.draw(ROLES), "habilitated": data.draw(st.booleans())}
    return (
        lambda: S.add_professional(RECORD, national_id=national_id(entry), **opts, **kw),
        lambda: cc.add_member(RECORD, entry, **opts, **kw),
    )


@pair("add_structure")
def _add_structure(data: st.DataObject, kw: dict[str, Any], _m: str) -> tuple[Call, Call]:
    entry = data.draw(st.sampled_from(DATA.structures[:4]))
    flag = data.draw(st.booleans())
    return (
        lambda: S.add_structure(RECORD, national_id=entry.national_id, habilitated=flag, **kw),
        lambda: cc.add_member(RECORD, entry, habilitated=flag, **kw),
    )


@pair("add_person")
def _add_person(data: st.DataObject, kw: dict[str, Any], _m: str) -> tuple[Call, Call]:
    person = cc.RelatedPerson(family_name="Garcia")
    roles = data.draw(ROLES)
    return (
        lambda: S.add_person(RECORD, person=person, roles=roles, **kw),
        lambda: cc.add_member(RECORD, person, roles=roles, **kw),
    )


@pair("update_member")
def _update_member(data: st.DataObject, kw: dict[str, Any], member_id: str) -> tuple[Call, Call]:
    opts: dict[str, Any] = {
        "roles": data.draw(ROLES | st.none()),
        "habilitated": data.draw(st.booleans()),
    }
    return (
        lambda: S.update_member(RECORD, member_id=member_id, **opts, **kw),
        lambda: cc.update_member(RECORD, member_id, **opts, **kw),
    )


@pair("habilitate")
def _habilitate(data: st.DataObject, kw: dict[str, Any], member_id: str) -> tuple[Call, Call]:
    until = data.draw(st.none() | st.just(AT + dt.timedelta(days=7)))
    return (
        lambda: S.habilitate(RECORD, member_id=member_id, until=until, **kw),
        lambda: cc.habilitate(RECORD, member_id, until=until, **kw),
    )


def _member_only(name: str) -> Pair:
    def build(_data: st.DataObject, kw: dict[str, Any], member_id: str) -> tuple[Call, Call]:
        return (
            lambda: getattr(S, name)(RECORD, member_id=member_id, **kw),
            lambda: getattr(cc, name)(RECORD, member_id, **kw),
        )

    return pair(name)(build)


for _name in ("revoke_habilitation", "end_participation", "mark_entered_in_error"):
    _member_only(_name)


@pair("rejoin")
def _rejoin(data: st.DataObject, kw: dict[str, Any], member_id: str) -> tuple[Call, Call]:
    member_id = data.draw(st.just("M7") | st.just(member_id))  # M7 left
    flag = data.draw(st.booleans())
    return (
        lambda: S.rejoin(RECORD, member_id=member_id, habilitated=flag, **kw),
        lambda: cc.rejoin(RECORD, member_id, habilitated=flag, **kw),
    )


@pair("record_refusal")
def _record_refusal(data: st.DataObject, kw: dict[str, Any], member_id: str) -> tuple[Call, Call]:
    said = data.draw(statements())
    return (
        lambda: S.record_refusal(RECORD, member_id=member_id, statement=said, **kw),
        lambda: cc.record_refusal(RECORD, member_id, statement=said, **kw),
    )


@pair("lift_refusal")
def _lift_refusal(data: st.DataObject, kw: dict[str, Any], member_id: str) -> tuple[Call, Call]:
    member_id = data.draw(st.just("M4") | st.just(member_id))  # M4 has refusal R1
    said, refusal_id = data.draw(statements()), data.draw(st.sampled_from(["R1", "R2"]))
    return (
        lambda: S.lift_refusal(
            RECORD, member_id=member_id, refusal_id=refusal_id, statement=said, **kw
        ),
        lambda: cc.lift_refusal(RECORD, member_id, refusal_id, statement=said, **kw),
    )


@pair("change_status")
def _change_status(data: st.DataObject, kw: dict[str, Any], _m: str) -> tuple[Call, Call]:
    status = data.draw(st.sampled_from(cc.CircleStatus))
    return (
        lambda: S.change_status(RECORD, status=status, **kw),
        lambda: cc.change_status(RECORD, status, **kw),
    )


@pair("open_in_emergency")
def _open_in_emergency(data: st.DataObject, kw: dict[str, Any], _m: str) -> tuple[Call, Call]:
    reason = data.draw(st.sampled_from(["", "Appel du SAMU"]))
    kw = {**kw, "actor": data.draw(st.just(ACTORS[-1]) | st.just(kw["actor"]))}  # an outsider
    core = {"principal" if k == "actor" else k: v for k, v in kw.items()}
    return (
        lambda: S.open_in_emergency(RECORD, reason=reason, **kw),
        lambda: cc.open_in_emergency(RECORD, reason=reason, policy=S.emergency, **core),
    )


@pair("refresh_member")
def _refresh_member(data: st.DataObject, kw: dict[str, Any], _m: str) -> tuple[Call, Call]:
    member_id = data.draw(st.sampled_from(["M2", "M3", "M4"]))
    entry = S.professional(national_id(RECORD.circle.get(member_id).member))  # type: ignore[arg-type]
    return (
        lambda: S.refresh_member(RECORD, member_id=member_id, **kw),
        lambda: cc.refresh_member(RECORD, member_id, entry=entry, **kw),
    )


def test_every_action_is_compared() -> None:
    actions = {n for n in dir(cc.CareCircleService) if not n.startswith("_")}
    assert set(PAIRS) == actions - {"create_record"} - {
        "add_manual_professional", "add_manual_structure",  # add_member, as add_person
        "principal", "professional", "structure", "who_can_access",  # look-ups
        "dispatch", "commit", "draft_invitation", "send_invitation",  # delivery
        "professionals", "structures", "notifier", "matrix", "catalog", "professions",
        "portal_url", "platform", "emergency",  # fields
    }  # fmt: skip


@pytest.mark.parametrize("name", sorted(PAIRS))
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_each_action_is_the_pure_operation(name: str, data: st.DataObject) -> None:
    kw = data.draw(common())
    member_id = data.draw(st.sampled_from(MEMBER_IDS))
    through_service, through_core = PAIRS[name](data, kw, member_id)
    found = outcome(through_service)
    assert found == outcome(through_core)
    event("applied" if isinstance(found, cc.Change) and found.applied else str(found)[:12])
    assert WORLD.sent == SENT  # the service's actions send nothing


@pytest.mark.parametrize("status", ["active", "proposed", "inactive"])
def test_creating_is_the_pure_operation(status: str) -> None:
    patient = cc.Patient(patient_id="P-2", family_name="Durand", given_name="Paul")
    assert outcome(
        lambda: S.create_record(
            actor=WORLD.actor, record_id="DC-2", patient=patient, status=status, at=AT
        )
    ) == outcome(
        lambda: cc.create_record(
            record_id="DC-2", patient=patient, creator=WORLD.actor,
            creator_entry=DATA.coordinator, status=status, at=AT,
        )
    )  # fmt: skip
