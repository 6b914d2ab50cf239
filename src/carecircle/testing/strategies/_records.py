"""Strategies of coordination records built through the public operations, their memberships
and their creator.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from hypothesis import strategies as st

from carecircle._errors import ChangeRejected, wrong_type
from carecircle._model import (
    AccountState,
    CoordinationRecord,
    DirectoryProfessional,
    Member,
    MemberKind,
    Membership,
    Patient,
    Principal,
)
from carecircle._model.kinds import DIRECTORY_KINDS
from carecircle._model.membership import aware
from carecircle._model.refusals import Statement
from carecircle._operations import (
    add_member,
    create_record,
    end_participation,
)
from carecircle.nomenclatures import Code
from carecircle.roles import DEFAULT_ROLES, REPRESENTANT_LEGAL, RoleCatalog
from carecircle.testing.builders import EPOCH
from carecircle.testing.strategies import _codes as codes
from carecircle.testing.strategies import _entities as entities
from carecircle.testing.strategies import _identifiers as ids
from carecircle.testing.strategies import _lifecycle as lifecycle_steps

__all__ = ["creator_of", "memberships", "records"]

_DESCRIPTIONS: Final = ("", "Suivi diabète", "Passage deux fois par semaine", "Référent social")


def creator_of(record: CoordinationRecord) -> Principal:
    """The principal who created ``record`` (member ``M1``, G1), as its entry describes them.

    ``WRONG_TYPE`` (an :class:`~carecircle.InvalidValueError`) when ``record`` is not a record
    or its ``M1`` is not a directory professional; ``MEMBER_NOT_FOUND`` without an ``M1``.
    """
    if not isinstance(record, CoordinationRecord):
        raise wrong_type("record", "a CoordinationRecord")
    entry = record.circle.get("M1").member
    if not isinstance(entry, DirectoryProfessional):
        raise wrong_type("members[M1].member", "the record's creator: a directory professional")
    return Principal.from_entry(entry)


def _profession_of(member: Member) -> Code | None:
    found = getattr(member, "profession", None)
    return found if isinstance(found, Code) else None


def _add(
    draw: st.DrawFn,
    record: CoordinationRecord,
    member: Member,
    *,
    creator: Principal,
    at: dt.datetime,
    catalog: RoleCatalog,
) -> CoordinationRecord:
    """``record`` with ``member`` added at ``at`` with allowed roles, a habilitation (some
    time-limited) and a refusal now and then; ``ChangeRejected`` when the rules refuse it.
    """
    choices = codes.allowed_roles(member.kind, _profession_of(member), catalog)
    roles = draw(st.frozensets(st.sampled_from(choices), max_size=2)) if choices else frozenset()
    habilitated = member.kind in DIRECTORY_KINDS and draw(st.booleans())
    # Some habilitations are time-limited (a replacement for a while); a few will expire.
    ends = (
        lifecycle_steps.later(draw, at, least=1, most=240)
        if habilitated and draw(st.integers(min_value=0, max_value=3)) == 0
        else None
    )
    # A représentant légal often exercises a measure (tutelle, curatelle…).
    measure = (
        draw(st.one_of(st.none(), codes.protection_measures()))
        if REPRESENTANT_LEGAL in roles
        else None
    )
    refused = member.kind is not MemberKind.RELATED_PERSON and draw(st.booleans())
    return add_member(
        record,
        member,
        actor=creator,
        at=at,
        roles=roles,
        legal_protection=measure,
        description=draw(st.sampled_from(_DESCRIPTIONS)),
        habilitated=habilitated,
        habilitation_ends=ends,
        refusal=Statement(expressed_at=at) if refused else None,
        catalog=catalog,
    ).record


@st.composite
def _records(
    draw: st.DrawFn,
    *,
    creators: st.SearchStrategy[DirectoryProfessional],
    patients: st.SearchStrategy[Patient],
    members: st.SearchStrategy[Member],
    max_members: int,
    start: dt.datetime,
    catalog: RoleCatalog,
    lifecycle: bool,
) -> CoordinationRecord:
    creator_entry = draw(creators)
    creator = Principal.from_entry(creator_entry)
    at = start
    record = create_record(
        record_id=f"DC-{draw(ids.numbers())}",
        patient=draw(patients),
        creator=creator,
        creator_entry=creator_entry,
        at=at,
    ).record
    for member in draw(st.lists(members, max_size=max_members)):
        at = lifecycle_steps.later(draw, at)
        try:
            record = _add(draw, record, member, creator=creator, at=at, catalog=catalog)
        except ChangeRejected:
            # A unique role already held or a duplicate: leave this member out.
            continue
        if draw(st.integers(min_value=0, max_value=4)) == 0:
            at = lifecycle_steps.later(draw, at)
            record = end_participation(
                record, record.circle.memberships[-1].member_id, actor=creator, at=at
            ).record
    return lifecycle_steps.lives(draw, record, creator) if lifecycle else record


def records(
    *,
    creators: st.SearchStrategy[DirectoryProfessional] | None = None,
    patients: st.SearchStrategy[Patient] | None = None,
    members: st.SearchStrategy[Member] | None = None,
    max_members: int = 6,
    start: dt.datetime = EPOCH,
    catalog: RoleCatalog = DEFAULT_ROLES,
    lifecycle: bool = False,
) -> st.SearchStrategy[CoordinationRecord]:
    """Coordination records (*dossiers de coordination*) built through the public operations.

    The creator (drawn by ``creators``, whose account must be active) creates the record at
    ``start`` (G1) and adds up to ``max_members`` members with allowed roles, habilitations
    (some time-limited) and refusals, at non-decreasing instants; a few of them leave again
    (R9). Additions the rules reject (a unique role already held, a duplicate) are left out,
    so every record satisfies every rule at its ``updated_at`` and the creator, ``M1``, keeps
    effective access.

    With ``lifecycle``, the circle then lives a little: refusals recorded (of the whole record
    or of some categories) and some lifted, members entered in error, emergency accesses
    opened by professionals outside the circle, and sometimes a status change at the end
    (suspended, suspended then active again, or inactive). The rules still hold and ``M1``
    stays an editor of the circle (R6), but a suspended or inactive circle opens to nobody.
    """
    aware(start, "start")
    return _records(
        creators=creators
        if creators is not None
        else entities.directory_professionals(account_states=st.just(AccountState.ACTIVE)),
        patients=patients if patients is not None else entities.patients(),
        members=members if members is not None else entities.members(),
        max_members=max_members,
        start=start,
        catalog=catalog,
        lifecycle=lifecycle,
    )


def memberships(
    *, records: st.SearchStrategy[CoordinationRecord] | None = None
) -> st.SearchStrategy[Membership]:
    """Memberships (*membres du cercle*) as valid circles hold them: those of the records
    ``records`` draws (by default :func:`records`), current, past or entered in error.
    """
    source = records if records is not None else _records_strategy(lifecycle=True)
    return source.flatmap(lambda record: st.sampled_from(record.circle.memberships))


_records_strategy = records
