"""R11 at the cost of the change: the incremental check of a change (indexes of the circle
before, built once per circle; only the members touched judged) gives exactly the violations
of the full one (two whole-record checks), codes, paths, messages, kinds and order.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import carecircle as cc
from carecircle import DEFAULT_PROFESSIONS, DEFAULT_ROLES, Code, Profession, ProfessionCatalog
from carecircle.nomenclatures import code_system, protection, relationships
from carecircle.professions import PLATFORM_PROFESSION_SYSTEM
from carecircle.roles import AIDANT_PRINCIPAL, PCP, PERSONNE_DE_CONFIANCE, REPRESENTANT_LEGAL
from carecircle.rules import record as record_rules
from carecircle.rules._index import CircleIndex, Derivation, View, index_of, pass_on
from carecircle.testing.builders import (
    directory_professional,
    directory_structure,
    instant,
    manual_professional,
    manual_structure,
    refusal,
    refusals,
    related_person,
)

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.records import imported
    from helpers.roles import service_role
else:
    from .helpers.records import imported
    from .helpers.roles import service_role

#: A service's own unique role, held by anyone: a custom catalogue goes through the rules too.
REFERENT = service_role("REFERENT", "Référent", kinds=cc.MemberKind)
CATALOG = DEFAULT_ROLES.with_roles(REFERENT)
_ROLES = [
    PCP,
    AIDANT_PRINCIPAL,
    PERSONNE_DE_CONFIANCE,
    REFERENT.code,
    code_system("TRE_R85").code("353"),
    code_system("TRE_R85").code("330"),  # closed
    Code("urn:example:role", "NOPE"),  # in no catalogue
    REPRESENTANT_LEGAL,
]
#: Issue 10: measures with and without GUARD, unknown and misplaced ones; a platform
#: profession some catalogues declare.
_MEASURES = [
    None,
    protection.TUTEUR,
    protection.HABILITATION_FAMILIALE,
    Code(protection.LOCAL_PROTECTION_SYSTEM, "NOPE"),
    relationships.FILLE,
]
PLATFORM = Profession(code=Code(PLATFORM_PROFESSION_SYSTEM, "PNM"), label="Personnel non médical")
PROFESSIONS = DEFAULT_PROFESSIONS.with_professions(PLATFORM)
# A small pool, so that identities collide (R8) and roles clash (R7).
_MEMBERS = st.one_of(
    st.integers(1, 4).map(directory_professional),
    st.integers(1, 4).map(lambda n: directory_professional(n, account=False)),
    st.integers(1, 3).map(directory_structure),
    st.integers(1, 2).map(related_person),
    st.just(manual_professional(1)),
    st.just(manual_structure(1)),
    st.just(cc.ManualProfessional(family_name="Sabourin", profession=PLATFORM.code)),
    st.just(cc.RelatedPerson(family_name="Martin", relationship=relationships.CURATEUR)),
)
AT = instant(30)


@st.composite
def memberships(draw: st.DrawFn, member_id: str) -> cc.Membership:
    member = draw(_MEMBERS)
    start = instant(draw(st.integers(0, 20)))
    ended = draw(st.booleans())
    participations = [cc.Participation(start=start, added_by="import")]
    if ended:
        end = start + dt.timedelta(minutes=draw(st.integers(0, 20)))
        participations = [cc.Participation(start=start, end=end, added_by="import")]
        if draw(st.booleans()):  # and came back
            participations.append(cc.Participation(start=end + dt.timedelta(1), added_by="x"))
    habilitated = draw(st.booleans())
    ends = draw(st.sampled_from([None, instant(25), instant(90)]))
    return cc.Membership(
        member_id=member_id,
        member=member,
        roles=draw(st.sets(st.sampled_from(_ROLES), max_size=3)),
        habilitated=habilitated,
        habilitation_ends=ends,
        refusals=draw(
            st.sampled_from(
                [
                    (),
                    refusals(True, start),
                    (refusal(start, lifted_at=instant(25)),),
                    (refusal(start, categories=frozenset({"psychological"})),),
                    (refusal(instant(40)),),  # recorded after the change's instant
                ]
            )
        ),
        legal_protection=draw(st.sampled_from(_MEASURES)),
        participations=participations,
    )


@st.composite
def changes(draw: st.DrawFn) -> tuple[cc.CoordinationRecord, cc.CoordinationRecord, list[str]]:
    """A record (M1 the creator, then imported members that may break every rule), and the
    record after replacing some memberships and appending new ones.
    """
    size = draw(st.integers(0, 7))
    creator = cc.Membership(
        member_id="M1",
        member=directory_professional(1),
        habilitated=True,
        participations=(cc.Participation(start=instant(0), added_by="pass:1"),),
    )
    members = [creator, *(draw(memberships(f"M{i}")) for i in range(2, size + 2))]
    before = imported(*members, created_by="pass:1")
    replaced = draw(st.sets(st.sampled_from([m.member_id for m in members]), max_size=2))
    appended = draw(st.integers(0, 2))
    circle = before.circle
    changed = []
    for member_id in sorted(replaced):
        circle = circle.replace(draw(memberships(member_id)))
        changed.append(member_id)
    for i in range(appended):
        member_id = f"M{len(members) + i + 1}"
        circle = circle.replace(draw(memberships(member_id)))
        changed.append(member_id)
    after = attrs.evolve(before, circle=circle, version=2, updated_at=AT)
    return before, after, draw(st.permutations(changed))


ACTOR = cc.Principal.from_entry(directory_professional(1))


@settings(max_examples=200)
@given(
    change=changes(),
    catalog=st.sampled_from([DEFAULT_ROLES, CATALOG]),
    professions=st.sampled_from([DEFAULT_PROFESSIONS, PROFESSIONS]),
)
def test_incremental_check_equals_the_full_one(
    change: tuple[cc.CoordinationRecord, cc.CoordinationRecord, list[str]],
    catalog: cc.RoleCatalog,
    professions: ProfessionCatalog,
) -> None:
    before, after, changed = change
    full = record_rules.check_change_full(
        before, after, actor=ACTOR, at=AT, changed=changed, catalog=catalog, professions=professions
    )
    for check in (record_rules.check_replaced, record_rules.check_change):
        assert (
            check(
                before,
                after,
                actor=ACTOR,
                at=AT,
                changed=changed,
                catalog=catalog,
                professions=professions,
            )
            == full
        )


@settings(max_examples=200)
@given(change=changes(), catalog=st.sampled_from([DEFAULT_ROLES, CATALOG]))
def test_the_members_checks_equal_the_whole_record_check(
    change: tuple[cc.CoordinationRecord, cc.CoordinationRecord, list[str]],
    catalog: cc.RoleCatalog,
) -> None:
    """On any set of members, check_members is check() filtered to their paths, in order."""
    _before, after, _changed = change
    ids = [m.member_id for m in after.circle]
    chosen = [i for i in ids if hash(i) % 2 == 0] or ids
    whole = [
        v
        for v in record_rules.check(after, at=AT, catalog=catalog)
        if v.path.split("]")[0][len("members[") :] in chosen
    ]
    view = View(index_of(after.circle))
    assert record_rules.check_members(view, chosen, at=AT, catalog=catalog) == whole


@given(change=changes())
def test_a_changed_circle_other_than_the_members_named_falls_back_to_the_full_check(
    change: tuple[cc.CoordinationRecord, cc.CoordinationRecord, list[str]],
) -> None:
    """A caller's own ``after`` that differs elsewhere too is judged the plain way."""
    before, after, _changed = change
    full = record_rules.check_change_full(before, after, actor=ACTOR, at=AT, changed=["M1"])
    assert record_rules.check_change(before, after, actor=ACTOR, at=AT, changed=["M1"]) == full


def _memo(circle: cc.CareCircle) -> object:
    """The circle's rules memo, as an object (mypy narrows the attribute across calls)."""
    return circle.rules_memo


def _fields(index: object) -> tuple[object, ...]:
    assert isinstance(index, CircleIndex)
    return (index.memberships, index.position, index.role_holders, index.identity_holders)


def test_pre_existing_violations_are_judged_with_the_catalogue_given() -> None:
    """Two holders of a service's unique role, imported: editing one of them reports nothing,
    on the indexed path and on the full one (each judging ``before`` with the same catalogue).
    """
    members = [
        cc.Membership(
            member_id=f"M{n}",
            member=directory_professional(n),
            habilitated=n == 1,
            roles={REFERENT.code} if n > 1 else (),
            participations=(cc.Participation(start=instant(0), added_by="import"),),
        )
        for n in (1, 2, 3)
    ]
    before = imported(*members, created_by="pass:1")
    edited = attrs.evolve(members[1], description="Suivi")
    after = attrs.evolve(before, circle=before.circle.replace(edited), version=2)
    for check in (record_rules.check_change, record_rules.check_change_full):
        assert check(before, after, actor=ACTOR, at=AT, changed=["M2"], catalog=CATALOG) == ()
    # The same, on the full path check_change falls back to (M1 changed too, unnamed).
    other = attrs.evolve(members[0], description="x")
    odd = attrs.evolve(after, circle=after.circle.replace(other))
    assert (
        record_rules.check_change(before, odd, actor=ACTOR, at=AT, changed=["M2"], catalog=CATALOG)
        == ()
    )
    assert [
        v.code for v in record_rules.check_change(before, odd, actor=ACTOR, at=AT, changed=["M2"])
    ] == []
    # A role new to M2, on the full path: the catalogue given decides whether it is known.
    start = attrs.evolve(
        before,
        circle=before.circle.replace(attrs.evolve(members[1], roles=())).replace(
            attrs.evolve(members[2], roles=())
        ),
    )
    gains = attrs.evolve(
        start,
        circle=start.circle.replace(attrs.evolve(members[0], description="y")).replace(
            attrs.evolve(members[1], roles={REFERENT.code})
        ),
        version=2,
    )
    found = record_rules.check_change(
        start, gains, actor=ACTOR, at=AT, changed=["M2"], catalog=CATALOG
    )
    assert found == ()
    found = record_rules.check_change(start, gains, actor=ACTOR, at=AT, changed=["M2"])
    assert [(v.code, v.path) for v in found] == [("UNKNOWN_ROLE", "members[M2].roles")]


def test_the_index_is_built_once_per_circle() -> None:
    before = imported(
        cc.Membership(
            member_id="M1",
            member=directory_professional(1),
            habilitated=True,
            participations=(cc.Participation(start=instant(0), added_by="pass:1"),),
        ),
        created_by="pass:1",
    )
    first = index_of(before.circle)
    assert index_of(before.circle) is first
    change = cc.add_member(before, directory_professional(2), actor=ACTOR, at=instant(1))
    assert index_of(before.circle) is first
    # The new circle's index is derived from the old one's, and is what building it gives.
    pending = change.record.circle.rules_memo
    assert isinstance(pending, Derivation)  # derived when first needed
    assert pending.parent is first
    assert pending.changed == ("M2",)
    derived = index_of(change.record.circle)
    assert change.record.circle.rules_memo is derived
    assert _fields(derived) == _fields(CircleIndex(change.record.circle))
    assert _fields(derived) != _fields(first)
    assert index_of(change.record.circle) is derived


@settings(max_examples=200)
@given(change=changes())
def test_a_derived_index_is_the_index_built_afresh(
    change: tuple[cc.CoordinationRecord, cc.CoordinationRecord, list[str]],
) -> None:
    before, after, changed = change
    derived = CircleIndex(before.circle).derive(after.circle, ["M99", *changed])  # M99: none
    fresh = CircleIndex(after.circle)
    assert derived.memberships == fresh.memberships
    assert derived.position == fresh.position
    assert derived.role_holders == fresh.role_holders
    assert derived.identity_holders == fresh.identity_holders
    assert derived.private is None
    # And passed on only to a circle without one, from a circle that has one.
    bare = cc.CareCircle(memberships=after.circle.memberships)
    pass_on(cc.CareCircle(memberships=before.circle.memberships), bare, changed)
    assert _memo(bare) is None
    indexed = cc.CareCircle(memberships=before.circle.memberships)
    index_of(indexed)
    pass_on(indexed, bare, changed)
    assert isinstance(_memo(bare), Derivation)
    kept = _memo(bare)
    assert _fields(index_of(bare)) == _fields(fresh)
    pass_on(indexed, bare, changed)
    assert _memo(bare) is not kept  # the index derived stays
    assert isinstance(_memo(bare), CircleIndex)


def test_a_chain_of_operations_judges_each_against_a_derived_index() -> None:
    """Chained operations: each new record's index comes from the previous one's."""
    from carecircle.testing.builders import new_record

    record, actor = new_record()
    for n in range(2, 8):
        record = cc.add_member(
            record,
            directory_professional(n),
            actor=actor,
            at=instant(n),
            roles={PCP} if n == 3 else (),
        ).record
        assert _fields(index_of(record.circle)) == _fields(CircleIndex(record.circle))
    record = cc.refresh_member(
        record,
        "M2",
        entry=attrs.evolve(directory_professional(2), account=None),
        actor=actor,
        at=instant(9),
    ).record
    assert _fields(index_of(record.circle)) == _fields(CircleIndex(record.circle))
    record = cc.update_member(record, "M3", actor=actor, at=instant(9), roles=()).record
    assert _fields(index_of(record.circle)) == _fields(CircleIndex(record.circle))
    assert PCP not in index_of(record.circle).role_holders


class TestView:
    """A circle seen through an index with memberships replaced or appended."""

    @pytest.fixture
    def index(self) -> CircleIndex:
        start = (cc.Participation(start=instant(0), added_by="import"),)
        circle = cc.CareCircle(
            memberships=(
                cc.Membership(
                    member_id="M1", member=directory_professional(1), participations=start
                ),
                cc.Membership(
                    member_id="M2",
                    member=directory_professional(2),
                    roles={PCP},
                    participations=start,
                ),
            )
        )
        return CircleIndex(circle)

    def test_appended_members_follow_in_the_order_given(self, index: CircleIndex) -> None:
        start = (cc.Participation(start=instant(0), added_by="import"),)
        new = [
            cc.Membership(member_id=f"M{n}", member=related_person(n), participations=start)
            for n in (4, 3)
        ]
        view = View(index, new)
        assert [view.position(i) for i in ("M1", "M2", "M4", "M3")] == [0, 1, 2, 3]
        assert [m.member_id for m in view.members(["M3", "M1", "M4", "M9"])] == ["M1", "M4", "M3"]
        assert view.find("M9") is None

    def test_holders_in_circle_order_with_a_replaced_member(self, index: CircleIndex) -> None:
        m1 = index.memberships[0]
        replaced = attrs.evolve(m1, roles={PCP})
        view = View(index, [replaced])
        assert [m.member_id for m in view.role_holders(PCP)] == ["M1", "M2"]
        assert view.role_holders(PCP)[0] is replaced
        assert view.role_holders(AIDANT_PRINCIPAL) == []
        # A replaced member takes another's identity: it holds that key too, in order.
        twin = attrs.evolve(m1, member=directory_professional(2))
        view = View(index, [twin])
        assert [m.member_id for m in view.identity_holders("idnat:800000000002")] == ["M1", "M2"]
        assert view.identity_holders("idnat:800000000001") == []
        assert view.identity_holders("account:pass:2")[0] is twin
        # The first membership given for an id stands.
        other = attrs.evolve(m1, roles=())
        assert View(index, [replaced, other]).find("M1") is replaced
        third = cc.Membership(
            member_id="M3",
            member=related_person(3),
            participations=(cc.Participation(start=instant(0), added_by="import"),),
        )
        after_a_repeat = View(index, [replaced, other, third])
        assert after_a_repeat.find("M3") is third
        assert after_a_repeat.position("M3") == 2
