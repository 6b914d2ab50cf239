"""One identity per person (R4, R1): every spelling of a refused member's ids is that member.

Principals' ids are kept canonical by the model (accounts lower-cased, a bare RPPS or ADELI
made an idNat_PS, spaces dropped, structure ids upper-cased), the same form members' ids have,
so the access code compares them as they stand. These tests present a refused professional
under every spelling a directory or a caller may give, with a delegation of a habilitated legal
entity that would otherwise let them in (R3): they are always denied, with SHARING_REFUSED.
"""

from __future__ import annotations

import functools
import itertools
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

import carecircle as cc
from carecircle.testing.builders import (
    directory_professional,
    directory_structure,
    instant,
    new_record,
)

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.access import MATRIX, R
    from helpers.circles import circle_with
else:
    from .helpers.access import MATRIX, R
    from .helpers.circles import circle_with

AT = instant(30)


@functools.cache
def circle_with_refused(n: int) -> cc.CoordinationRecord:
    """A record whose habilitated legal entity S5 delegates, and where professional ``n`` is a
    refused member (habilitated, so that only the refusal stands in the way)."""
    record, _ = circle_with(
        (directory_structure(5), True, False), (directory_professional(n), True, True)
    )
    return record


@st.composite
def spaced(draw: st.DrawFn, text: str) -> str:
    """``text`` with spaces between some of its characters, and around it."""
    cuts = draw(st.lists(st.integers(min_value=1, max_value=len(text) - 1), max_size=4))
    chars = list(text)
    for cut in sorted(set(cuts), reverse=True):
        chars.insert(cut, " ")
    return draw(st.sampled_from(["", " "])) + "".join(chars) + draw(st.sampled_from(["", " "]))


@st.composite
def national_id_spellings(draw: st.DrawFn, national_id: str) -> str:
    rpps = national_id[1:]  # "8" + RPPS
    return draw(st.one_of(st.just(national_id), spaced(national_id), st.just(rpps), spaced(rpps)))


@st.composite
def account_spellings(draw: st.DrawFn, account: str) -> str:
    flips = draw(st.lists(st.booleans(), min_size=len(account), max_size=len(account)))
    return "".join(c.upper() if f else c for c, f in zip(account, flips, strict=True))


def denied_everywhere(record: cc.CoordinationRecord, principal: cc.Principal) -> None:
    access = cc.effective_access(record, principal, at=AT)
    assert not access.allowed and R.SHARING_REFUSED in access.reasons
    assert not cc.has_effective_access(record, principal, at=AT)
    for category, action in itertools.product(cc.Category, cc.Action):
        decision = cc.decide(record, principal, category, action, matrix=MATRIX, at=AT)
        assert not decision.allowed and R.SHARING_REFUSED in decision.reasons
        assert not cc.is_allowed(record, principal, category, action, matrix=MATRIX, at=AT)
    assert cc.who_can_access(record, [principal], matrix=MATRIX, at=AT) == ()
    index = cc.ActiveFileIndex.of([record], matrix=MATRIX)
    assert index.for_principal(principal, at=AT) == ()


class TestEverySpellingOfARefusedMember:
    """R4, R3: a refused member is refused however their ids are written, even with a
    delegation from a habilitated legal entity of the circle."""

    @pytest.mark.boundary
    @given(data=st.data(), n=st.integers(min_value=2, max_value=40) | st.just(99_999_999))
    def test_spellings_are_denied(self, data: st.DataObject, n: int) -> None:
        record = circle_with_refused(n)
        entry = directory_professional(n)
        assert entry.national_id is not None and entry.account is not None
        national_id = data.draw(st.one_of(st.none(), national_id_spellings(entry.national_id)))
        account = data.draw(st.one_of(st.none(), account_spellings(entry.account.id)))
        if national_id is None and account is None:
            account = entry.account.id.upper()
        principal = cc.Principal(
            account=account,
            national_id=national_id,
            profession=entry.profession,
            delegated_by=data.draw(st.sampled_from([frozenset({"S5"}), frozenset({" s5 "})])),
        )
        denied_everywhere(record, principal)

    def test_the_spellings_the_issue_names(self) -> None:
        record = circle_with_refused(3)
        for account, national_id in (
            ("pass:3", "8 0000 0000 003"),
            ("pass:3", "00000000003"),
            ("PASS:3", None),
            ("Pass:3", "800000000003"),
            (None, " 8 00000000003 "),
        ):
            principal = cc.Principal(
                account=account, national_id=national_id, delegated_by=frozenset({"S5"})
            )
            denied_everywhere(record, principal)

    def test_without_the_refusal_the_delegation_lets_them_in(self) -> None:
        """The control: the same principal, the refusal lifted, reaches the record."""
        record = circle_with_refused(3)
        creator = cc.Principal.from_entry(directory_professional(1))
        said = cc.Statement(expressed_at=instant(10))
        record = cc.lift_refusal(
            record, "M3", "R1", statement=said, actor=creator, at=instant(10)
        ).record
        principal = cc.Principal(account="PASS:3", delegated_by=frozenset({"s5"}))
        assert cc.effective_access(record, principal, at=AT).paths == (
            cc.AccessPath(member_id="M2", via_structure=True),
            cc.AccessPath(member_id="M3"),
        )


class TestMismatchedIdsAreDenied:
    """R1, R4: ids designating two members are denied with IDENTITY_MISMATCH (and the
    refusal, when either member is refused), never with the broader member's access."""

    @given(
        n=st.integers(min_value=2, max_value=9_999),
        m=st.integers(min_value=10_000, max_value=99_999),
    )
    def test_account_of_one_national_id_of_another(self, n: int, m: int) -> None:
        record, creator = new_record()
        for member, refused in (
            (directory_professional(n), False),
            (directory_professional(m), True),
        ):
            record = cc.add_member(
                record,
                member,
                actor=creator,
                at=instant(1),
                habilitated=True,
                refusal=cc.Statement(expressed_at=instant(1)) if refused else None,
            ).record
        crossed = cc.Principal(
            account=f"PASS:{n}", national_id=f"{m:011d}", delegated_by=frozenset({"S5"})
        )
        assert cc.effective_access(record, crossed, at=AT).reasons == (
            R.IDENTITY_MISMATCH,
            R.SHARING_REFUSED,
        )
        decision = cc.decide(record, crossed, "medical", "read", matrix=MATRIX, at=AT)
        assert decision.reasons == (R.IDENTITY_MISMATCH, R.SHARING_REFUSED, R.UNKNOWN_PROFESSION)
        # The editing rules (R6) say the same, as ACTOR_ codes.
        with pytest.raises(cc.ChangeRejected) as rejected:
            cc.add_member(record, directory_professional(1_000_000), actor=crossed, at=AT)
        assert set(rejected.value.codes) == {"ACTOR_IDENTITY_MISMATCH", "ACTOR_SHARING_REFUSED"}
