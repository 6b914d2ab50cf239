"""A circle's access memo derived from the previous circle's answers what a fresh one answers.

An operation makes its new circle with :meth:`CareCircle.replace
<carecircle.CareCircle.replace>`, whose access memo is then derived, when first asked,
from the memo of the circle it came from (through the ``Origin`` left in its slot): the indexes
copied and updated for the changed memberships only. Here random sequences of steps — the
operations by the creator (accepted or rejected), and raw replacements that no operation makes
(flags and ids shuffled, a member of another kind put in, a new member appended) — are applied
one after the other, each on the record the previous one returned, and after each step the
derived memo, a memo built from scratch and :mod:`carecircle._access.plain` must give equal
answers.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import carecircle as cc
from carecircle._access import _fast, plain
from carecircle._model.record import MAX_ORIGINS, Origin
from carecircle.testing import strategies
from carecircle.testing.builders import (
    directory_professional,
    directory_structure,
    new_record,
    refusal,
    refusals,
)

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.access import MATRIX, READ
    from helpers.records import unindexed
else:
    from .helpers.access import MATRIX, READ
    from .helpers.records import unindexed

ASKED = (*cc.Category, "no-such-category")
PROPERTIES = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
STEP = dt.timedelta(minutes=7)


def same_answers(record: cc.CoordinationRecord, principal: cc.Principal, at: dt.datetime) -> None:
    built = unindexed(record)
    expected = plain.effective_access(record, principal, at=at)
    assert cc.effective_access(record, principal, at=at) == expected
    assert cc.effective_access(built, principal, at=at) == expected
    assert cc.has_effective_access(record, principal, at=at) is expected.allowed
    for category, action in itertools.product(ASKED, cc.Action):
        wanted = plain.decide(record, principal, category, action, matrix=MATRIX, at=at)
        assert cc.decide(record, principal, category, action, matrix=MATRIX, at=at) == wanted
        assert cc.decide(built, principal, category, action, matrix=MATRIX, at=at) == wanted
        assert cc.is_allowed(record, principal, category, action, matrix=MATRIX, at=at) is (
            wanted.allowed
        )
    got = cc.permissions(record, principal, matrix=MATRIX, at=at)
    assert got == cc.permissions(built, principal, matrix=MATRIX, at=at)
    opened = {c for c in MATRIX.categories if got.allows(c, READ)}
    assert got.paths == (expected.paths if opened else ())


def same_indexes(derived: _fast.Memo, built: _fast.Memo) -> None:
    """The derived memo's indexes hold the same timelines, in the same order, as a fresh one."""

    def facts(lines: tuple[_fast.Timeline, ...]) -> list[tuple[object, ...]]:
        return [(line.position, line.membership) for line in lines]

    for mine, theirs in (
        (derived.by_account, built.by_account),
        (derived.by_national_id, built.by_national_id),
        (derived.structures, built.structures),
    ):
        assert {k: facts(v) for k, v in mine.items()} == {k: facts(v) for k, v in theirs.items()}
    assert facts(derived.hearsay) == facts(built.hearsay)
    assert derived.memberships is built.memberships


def operation(
    data: st.DataObject, record: cc.CoordinationRecord, creator: cc.Principal, at: dt.datetime
) -> cc.CoordinationRecord:
    """One operation by the creator on a drawn member: the new record, or the same one."""
    ids = [m.member_id for m in record.circle]
    which = data.draw(st.sampled_from(["add", "habilitate", "revoke", "end", "rejoin", "refuse"]))
    try:
        if which == "add":
            member = data.draw(strategies.members())
            change = cc.add_member(
                record, member, actor=creator, at=at, habilitated=data.draw(st.booleans())
            )
        else:
            member_id = data.draw(st.sampled_from(ids))
            if which == "habilitate":
                until = data.draw(st.sampled_from([None, at + STEP, at + 3 * STEP]))
                change = cc.habilitate(record, member_id, actor=creator, at=at, until=until)
            elif which == "revoke":
                change = cc.revoke_habilitation(record, member_id, actor=creator, at=at)
            elif which == "end":
                change = cc.end_participation(record, member_id, actor=creator, at=at)
            elif which == "rejoin":
                change = cc.rejoin(record, member_id, actor=creator, at=at)
            else:
                change = refusal_step(data, record, member_id, creator, at)
    except (cc.ChangeRejected, cc.ConflictError):
        return record
    return change.record


def refusal_step(
    data: st.DataObject,
    record: cc.CoordinationRecord,
    member_id: str,
    creator: cc.Principal,
    at: dt.datetime,
) -> cc.Change:
    """The patient's refusal recorded (of the whole record or of some categories), or one of
    the member's standing refusals lifted.
    """
    said = cc.Statement(expressed_at=at)
    standing = [r.refusal_id for r in record.circle.get(member_id).refusals if r.standing]
    lift = data.draw(st.booleans())
    if standing and lift:
        refusal_id = data.draw(st.sampled_from(standing))
        return cc.lift_refusal(record, member_id, refusal_id, statement=said, actor=creator, at=at)
    scope = data.draw(st.sampled_from([(), ("psychological",), ("medical", "social")]))
    return cc.record_refusal(
        record, member_id, statement=said, actor=creator, at=at, categories=scope
    )


def drawn_refusals(data: st.DataObject, at: dt.datetime) -> tuple[cc.Refusal, ...]:
    """A refusal history no operation need make: none, one standing from before, at or after
    ``at``, one lifted, or one of some categories.
    """
    return data.draw(
        st.sampled_from(
            [
                (),
                refusals(True, at - STEP),
                refusals(True, at),
                refusals(True, at + STEP),
                (refusal(at - STEP, lifted_at=at + STEP),),
                (refusal(at - STEP, categories=frozenset({"psychological"})),),
            ]
        )
    )


def raw_replacement(
    data: st.DataObject, record: cc.CoordinationRecord, at: dt.datetime
) -> cc.CoordinationRecord:
    """A replacement no operation makes: flags, ids or the member itself changed, or a new
    member appended, with :meth:`CareCircle.replace`.
    """
    circle = record.circle
    professionals = [m.member for m in circle if isinstance(m.member, cc.DirectoryProfessional)]
    if data.draw(st.booleans()):
        member = data.draw(strategies.members())
        membership = cc.Membership(
            member_id=circle.next_member_id(),
            member=member,
            habilitated=data.draw(st.booleans()),
            participations=(cc.Participation(start=at, added_by="pass:1"),),
        )
    else:
        old = data.draw(st.sampled_from(circle.memberships))
        member = old.member
        how = data.draw(st.sampled_from(["ids", "kind", "flags"]))
        if how == "ids" and isinstance(member, cc.DirectoryProfessional) and professionals:
            other = data.draw(st.sampled_from(professionals))
            member = attrs.evolve(
                member,
                account=data.draw(st.sampled_from([member.account, other.account, None])),
                national_id=data.draw(st.sampled_from([member.national_id, other.national_id])),
            )
        elif how == "kind":
            member = data.draw(strategies.members())
        membership = attrs.evolve(
            old,
            member=member,
            habilitated=data.draw(st.booleans()),
            refusals=drawn_refusals(data, at),
            habilitation_ends=data.draw(st.sampled_from([None, at + STEP, at + 2 * STEP])),
        )
    return attrs.evolve(record, circle=circle.replace(membership), version=record.version + 1)


class TestDerivedIsBuilt:
    """R1–R4: deriving the memo never changes an answer."""

    @PROPERTIES
    @given(data=st.data(), record=strategies.access_records())
    def test_along_random_chains(self, data: st.DataObject, record: cc.CoordinationRecord) -> None:
        at = record.updated_at + STEP
        creator = strategies.creator_of(record)
        principals = data.draw(
            st.lists(strategies.record_principals(record), min_size=1, max_size=3)
        )
        cc.effective_access(record, principals[0], at=at)  # the first memo, built
        for _ in range(data.draw(st.integers(min_value=1, max_value=6))):
            at += STEP
            raw = data.draw(st.booleans())
            record = (
                raw_replacement(data, record, at) if raw else operation(data, record, creator, at)
            )
            # Sometimes leave circles unasked, so that a chain of pending memos is resolved.
            if data.draw(st.integers(min_value=0, max_value=3)) == 0:
                continue
            more = data.draw(st.lists(strategies.record_principals(record), max_size=2))
            asked = [*principals, *more]
            for principal, when in itertools.product(asked, (at - STEP, at, at + STEP)):
                same_answers(record, principal, when)
            same_indexes(_fast.memo_of(record.circle), _fast.Memo(record.circle))


def slot(record: cc.CoordinationRecord) -> object:
    """What the record's circle keeps for the access code."""
    return record.circle.access_memo


def small_record() -> tuple[cc.CoordinationRecord, cc.Principal]:
    """A record of its creator, a habilitated nurse and a habilitated legal-entity structure."""
    record, creator = new_record()
    at = record.updated_at
    for member in (directory_professional(2), directory_structure(1)):
        record = cc.add_member(record, member, actor=creator, at=at, habilitated=True).record
    return record, creator


def test_a_chain_derives_and_a_stored_record_never_pays() -> None:
    """A circle out of ``replace`` keeps its origin until asked; then its memo is derived from
    the nearest built memo up its origins (the unchanged timelines shared, not rebuilt)."""
    record, creator = small_record()
    at = record.updated_at + STEP
    base = _fast.memo_of(record.circle)
    one = raw_replacement_fixed(record, at)
    two = raw_replacement_fixed(one, at)
    assert isinstance(slot(one), Origin)
    assert isinstance(slot(two), Origin)
    assert not slot(two)  # false: the hot paths resolve it
    assert cc.effective_access(two, creator, at=at) == plain.effective_access(two, creator, at=at)
    derived = slot(two)
    assert isinstance(derived, _fast.Memo)
    assert derived.by_account["pass:1"] is base.by_account["pass:1"]
    assert derived.structures["S1"] != base.structures["S1"]  # the structure, changed
    assert isinstance(slot(one), Origin)  # still pending: never asked
    same_indexes(_fast.memo_of(one.circle), _fast.Memo(one.circle))


def raw_replacement_fixed(record: cc.CoordinationRecord, at: dt.datetime) -> cc.CoordinationRecord:
    first = record.circle.memberships[-1]
    changed = attrs.evolve(first, refusals=refusals(not first.sharing_refused, at))
    return attrs.evolve(record, circle=record.circle.replace(changed), updated_at=at)


def test_a_long_unasked_chain_is_built_afresh() -> None:
    """Past the bound of pending circles in a row, the next circle's memo is built when asked."""
    record, creator = small_record()
    _fast.memo_of(record.circle)
    for _ in range(MAX_ORIGINS + 1):
        record = raw_replacement_fixed(record, record.updated_at)
    assert record.circle.access_memo is None
    at = record.updated_at + STEP
    assert cc.effective_access(record, creator, at=at) == plain.effective_access(
        record, creator, at=at
    )


def test_replace_checks_what_it_puts_in() -> None:
    record, _ = small_record()
    with pytest.raises(cc.InvalidValueError) as raised:
        record.circle.replace("M1")  # type: ignore[arg-type]
    assert raised.value.code == "WRONG_TYPE"
