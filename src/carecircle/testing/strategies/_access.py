"""Strategies for property tests of access: records whose circles open in every way, the
principals around a record, and the instants where its answers may change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Final

import attrs
from hypothesis import strategies as st

from carecircle._access.matrix import STANDARD_CATEGORIES
from carecircle._model import (
    AccountState,
    CoordinationRecord,
    DirectoryProfessional,
    DirectoryStructure,
    Member,
    Principal,
)
from carecircle._model.membership import Membership
from carecircle._model.refusals import Statement
from carecircle._operations import add_member, end_participation
from carecircle.nomenclatures import professions as _profession_codes
from carecircle.testing import builders
from carecircle.testing.builders import EPOCH
from carecircle.testing.strategies import _codes as codes
from carecircle.testing.strategies import _entities as entities
from carecircle.testing.strategies import _identifiers as ids
from carecircle.testing.strategies._lifecycle import later, refusing
from carecircle.testing.strategies._records import creator_of, records

__all__ = ["access_records", "decision_instants", "record_principals"]

#: Members that open paths of every kind (numbers out of the range the strategies draw from):
#: a legal-entity structure and one that is not, professionals with and without an account.
_PATH_MEMBERS: Final[tuple[Member, ...]] = (
    builders.directory_structure(9_001),
    builders.directory_structure(9_002, legal_entity=False),
    builders.directory_professional(900_000_001, profession=_profession_codes.INFIRMIER),
    builders.directory_professional(900_000_002, profession=_profession_codes.PSYCHOLOGUE),
    builders.directory_professional(900_000_003, account=False),
)


def record_principals(
    record: CoordinationRecord, *, strangers: bool = True
) -> st.SearchStrategy[Principal]:
    """Principals around ``record``: its directory professionals as the directory may now
    describe them (account state, profession), strangers when ``strangers``, each delegated
    to by some of the circle's structures.

    Property tests of access need principals that hit every path; these do.
    """
    entries = [m.member for m in record.circle if isinstance(m.member, DirectoryProfessional)]
    structure_ids = sorted(
        {m.member.national_id for m in record.circle if isinstance(m.member, DirectoryStructure)}
    )
    delegations = (
        st.frozensets(st.sampled_from(structure_ids), max_size=2)
        if structure_ids
        else st.just(frozenset[str]())
    )

    @st.composite
    def member(draw: st.DrawFn) -> Principal:
        principal = Principal.from_entry(
            draw(st.sampled_from(entries)), delegated_by=draw(delegations)
        )
        if draw(st.booleans()):
            return principal
        return attrs.evolve(
            principal,
            profession=draw(st.one_of(st.just(principal.profession), codes.professions())),
            account_state=draw(st.sampled_from(list(AccountState))),
        )

    options = [member()] if entries else []
    if strangers or not entries:
        options.append(delegations.flatmap(lambda d: entities.principals(delegated_by=st.just(d))))
    return st.one_of(options)


def access_records(
    *, base: st.SearchStrategy[CoordinationRecord] | None = None
) -> st.SearchStrategy[CoordinationRecord]:
    """Records whose circles open in every way (R2–R4, G11): those of ``base`` (by default
    :func:`~carecircle.testing.strategies.records`; its circles must be editable, so not
    suspended or closed) plus some directory professionals and structures, legal entities or
    not, mostly habilitated, some for a while only, refused or gone again, added by the
    creator through the operations. Property tests of access and listings find paths in them.
    """
    bases = base if base is not None else records(max_members=4)
    quarter = st.integers(min_value=0, max_value=3)

    @st.composite
    def build(draw: st.DrawFn) -> CoordinationRecord:
        record = draw(bases)
        creator = creator_of(record)
        at = record.updated_at
        # The simplest draws keep each member, habilitated, for good, unrefused.
        for member in [m for m in _PATH_MEMBERS if draw(quarter) != 3]:
            at = later(draw, at, most=30)
            habilitated = draw(quarter) != 3
            limited = habilitated and draw(st.booleans())
            record = add_member(
                record,
                member,
                actor=creator,
                at=at,
                habilitated=habilitated,
                habilitation_ends=later(draw, at, least=1) if limited else None,
                refusal=Statement(expressed_at=at) if draw(quarter) == 3 else None,
            ).record
            record, at = _scoped_refusals(draw, record, creator, at)
            if draw(quarter) == 3:
                at = later(draw, at, most=60)
                member_id = record.circle.memberships[-1].member_id
                record = end_participation(record, member_id, actor=creator, at=at).record
        return record

    return build()


def _scoped_refusals(
    draw: st.DrawFn, record: CoordinationRecord, creator: Principal, at: dt.datetime
) -> tuple[CoordinationRecord, dt.datetime]:
    """Now and then, a refusal of some categories on the last member added, lifted now and
    then a little later: what the category questions must see.
    """
    member_id = record.circle.memberships[-1].member_id
    if draw(st.integers(min_value=0, max_value=4)) != 0:
        return record, at
    which = draw(st.frozensets(st.sampled_from(sorted(STANDARD_CATEGORIES)), min_size=1))
    at = later(draw, at, most=30)
    record = refusing(draw, record, member_id, creator=creator, at=at, categories=which)
    return record, record.updated_at


def _membership_instants(m: Membership) -> Iterator[dt.datetime | None]:
    yield m.habilitation_ends
    for p in m.participations:
        yield p.start
        yield p.end
    for r in m.refusals:
        yield r.recorded_at
        if r.lifted is not None:
            yield r.lifted.recorded_at


def _record_instants(record: CoordinationRecord) -> Iterator[dt.datetime | None]:
    for m in record.circle:
        yield from _membership_instants(m)
    for e in record.emergency_accesses:
        yield e.starts
        yield e.ends
    for change in record.status_history:
        yield change.at


def decision_instants(
    records: Sequence[CoordinationRecord], *, max_minutes: int = 24 * 60
) -> st.SearchStrategy[dt.datetime]:
    """Instants where access to ``records`` may change (a participation starts or ends, a
    habilitation ends, a refusal is recorded or lifted, an emergency access opens or closes,
    the circle's status changes), the microsecond before each, and any instant of the
    following ``max_minutes`` minutes: the boundaries property tests must not miss.
    """
    points = {t for r in records for t in _record_instants(r) if t is not None}
    near = sorted({t - d for t in points for d in (dt.timedelta(), _MICROSECOND)})
    start = min((r.created_at for r in records), default=EPOCH)
    anywhen = ids.instants(start=start, max_minutes=max_minutes)
    return st.one_of(st.sampled_from(near), anywhen) if near else anywhen


_MICROSECOND: Final = dt.timedelta(microseconds=1)
