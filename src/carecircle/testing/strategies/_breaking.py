"""How :func:`~carecircle.testing.strategies.invalid_records` breaks one record rule: each
*breaker* changes one member of a valid record (or appends one) so that the rule of its group
fails and no other does. Memberships are changed as a document edited outside the library
would change them: the constructors' checks hold, the rules' are skipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Final

import attrs
from hypothesis import strategies as st

from carecircle._model import (
    CoordinationRecord,
    DirectoryProfessional,
    DirectoryStructure,
    ManualProfessional,
    Member,
    MemberKind,
    Membership,
    Participation,
)
from carecircle._model.kinds import DIRECTORY_KINDS
from carecircle._model.refusals import Refusal, Statement
from carecircle.nomenclatures import Code, lookup
from carecircle.roles import DEFAULT_ROLES, REPRESENTANT_LEGAL, Role
from carecircle.testing.strategies import _codes as codes
from carecircle.testing.strategies import _entities as entities

__all__ = [
    "DUPLICATES",
    "ELIGIBILITY",
    "UNIQUE_ROLES",
    "Breaker",
    "may_hold",
    "members_for",
    "profession_of",
    "put",
    "target",
]

#: Changes a valid record so that one rule fails (the record as it is after ``draw``s).
Breaker = Callable[[st.DrawFn, CoordinationRecord], CoordinationRecord]

#: Roles no catalogue holds: a service's own code system that carecircle does not know.
_LOCAL_ROLES: Final = ("COACH", "VOISIN", "REFERENT_NUMERIQUE")


def put(record: CoordinationRecord, membership: Membership) -> CoordinationRecord:
    """``record`` with ``membership`` in the place of the one of its id, or appended."""
    return attrs.evolve(record, circle=record.circle.replace(membership))


def profession_of(m: Membership) -> Code | None:
    """The profession of the member, if they have one (professionals only)."""
    member = m.member
    if isinstance(member, DirectoryProfessional | ManualProfessional):
        return member.profession
    return None


def _keys(member: Member) -> frozenset[str]:
    if isinstance(member, DirectoryProfessional | DirectoryStructure):
        return member.identity_keys
    return frozenset()


def _joining(record: CoordinationRecord, member: Member) -> Membership:
    """``member`` as a new membership, active from the record's latest change."""
    return Membership(
        member_id=record.circle.next_member_id(),
        member=member,
        participations=(Participation(start=record.updated_at, added_by=record.created_by),),
    )


def _fresh(
    draw: st.DrawFn, record: CoordinationRecord, members: st.SearchStrategy[Member]
) -> Member:
    """A member ``members`` draws who is nobody in the circle yet (R8 is not the rule broken)."""
    used = {k for m in record.circle for k in _keys(m.member)}
    return draw(members.filter(lambda member: not (_keys(member) & used)))


def target(
    draw: st.DrawFn,
    record: CoordinationRecord,
    suits: Callable[[Membership], bool],
    members: st.SearchStrategy[Member],
) -> Membership:
    """The membership to break: an active one ``suits`` accepts, or a newcomer ``members``
    draws (every member it draws must suit).
    """
    found = [m for m in record.circle.active(record.updated_at) if suits(m)]
    if draw(st.booleans()) and found:
        return draw(st.sampled_from(found))
    return _joining(record, _fresh(draw, record, members))


def _open(code: Code) -> bool:
    concept = lookup(code)
    return concept is None or not concept.closed


def members_for(role: Role) -> st.SearchStrategy[Member]:
    """Members who may hold ``role``: of its kinds, of its profession when it asks one."""
    jobs = None if role.profession is None else st.sampled_from([None, role.profession])
    by_kind: dict[MemberKind, st.SearchStrategy[Member]] = {
        MemberKind.DIRECTORY_PROFESSIONAL: entities.directory_professionals(professions=jobs),
        MemberKind.MANUAL_PROFESSIONAL: entities.manual_professionals(professions=jobs),
        MemberKind.RELATED_PERSON: entities.related_persons(),
        MemberKind.DIRECTORY_STRUCTURE: entities.directory_structures(),
        MemberKind.MANUAL_STRUCTURE: entities.manual_structures(),
    }
    return st.one_of([by_kind[kind] for kind in sorted(role.kinds)])


def may_hold(m: Membership, role: Role) -> bool:
    """Whether the member may hold ``role`` (R7): of its kinds, of its profession if known."""
    return m.kind in role.kinds and (
        role.profession is None or profession_of(m) in (None, role.profession)
    )


# -- R5 eligibility -----------------------------------------------------------------------------

_INFORMATION_ONLY: Final = st.one_of(
    entities.manual_professionals(), entities.related_persons(), entities.manual_structures()
)


def _not_eligible(draw: st.DrawFn, record: CoordinationRecord) -> CoordinationRecord:
    """``HABILITATION_NOT_ELIGIBLE``: a manual member or a related person habilitated."""
    m = target(draw, record, lambda m: m.kind not in DIRECTORY_KINDS, _INFORMATION_ONLY)
    return put(record, attrs.evolve(m, habilitated=True))


def _end_alone(draw: st.DrawFn, record: CoordinationRecord) -> CoordinationRecord:
    """``HABILITATION_END_WITHOUT_HABILITATION``: an end given to no habilitation."""
    m = target(draw, record, lambda m: not m.habilitated, _INFORMATION_ONLY)
    minutes = draw(st.integers(min_value=-600, max_value=600))
    ends = record.updated_at + dt.timedelta(minutes=minutes)
    return put(record, attrs.evolve(m, habilitation_ends=ends))


def _person_refusing(draw: st.DrawFn, record: CoordinationRecord) -> CoordinationRecord:
    """``SHARING_REFUSAL_NOT_APPLICABLE``: a refusal recorded on a related person."""
    m = target(
        draw, record, lambda m: m.kind is MemberKind.RELATED_PERSON, entities.related_persons()
    )
    at = record.updated_at
    refusal = Refusal(
        refusal_id=m.next_refusal_id(),
        statement=Statement(expressed_at=at),
        recorded_by=record.created_by,
        recorded_at=at,
    )
    return put(record, attrs.evolve(m, refusals=(*m.refusals, refusal)))


def _protection_alone(draw: st.DrawFn, record: CoordinationRecord) -> CoordinationRecord:
    """``PROTECTION_WITHOUT_REPRESENTATIVE``: a protection measure without the GUARD role."""
    m = target(
        draw,
        record,
        lambda m: REPRESENTANT_LEGAL not in m.roles and m.legal_protection is None,
        _INFORMATION_ONLY,
    )
    measure = draw(codes.protection_measures())
    return put(record, attrs.evolve(m, legal_protection=measure))


ELIGIBILITY: Final[tuple[Breaker, ...]] = (
    _not_eligible,
    _end_alone,
    _person_refusing,
    _protection_alone,
)


# -- R7 unique roles ----------------------------------------------------------------------------


def _unknown_role(draw: st.DrawFn, record: CoordinationRecord) -> CoordinationRecord:
    """``UNKNOWN_ROLE``: a role of a code system no catalogue holds."""
    m = target(draw, record, lambda _m: True, _INFORMATION_ONLY)
    role = Code("urn:example:roles", draw(st.sampled_from(_LOCAL_ROLES)))
    return put(record, attrs.evolve(m, roles=m.roles | {role}))


def _role_of_another_kind(draw: st.DrawFn, record: CoordinationRecord) -> CoordinationRecord:
    """``ROLE_NOT_ALLOWED_FOR_KIND``: a médecin traitant who is a relative, an aidant
    principal who is a structure…
    """
    m = target(draw, record, lambda _m: True, entities.members())
    refused = [c for c, r in DEFAULT_ROLES.items() if m.kind not in r.kinds and _open(c)]
    return put(record, attrs.evolve(m, roles=m.roles | {draw(st.sampled_from(refused))}))


def _role_of_another_profession(draw: st.DrawFn, record: CoordinationRecord) -> CoordinationRecord:
    """``ROLE_REQUIRES_PROFESSION``: a médecin traitant who is a nurse."""
    asking = [(c, r) for c, r in DEFAULT_ROLES.items() if r.profession is not None and _open(c)]
    code, role = draw(st.sampled_from(asking))
    others = codes.professions().filter(lambda p: p != role.profession)

    def suits(m: Membership) -> bool:
        found = profession_of(m)
        return m.kind in role.kinds and found is not None and found != role.profession

    m = target(draw, record, suits, entities.manual_professionals(professions=others))
    return put(record, attrs.evolve(m, roles=m.roles | {code}))


def _unique_role_twice(draw: st.DrawFn, record: CoordinationRecord) -> CoordinationRecord:
    """``UNIQUE_ROLE_TAKEN``: two active members hold a unique role."""
    unique = [(c, r) for c, r in DEFAULT_ROLES.items() if r.unique and _open(c)]
    code, role = draw(st.sampled_from(unique))
    holders = [m for m in record.circle.active(record.updated_at) if code in m.roles]
    for _ in range(2 - len(holders)):
        m = target(
            draw, record, lambda m: may_hold(m, role) and code not in m.roles, members_for(role)
        )
        record = put(record, attrs.evolve(m, roles=m.roles | {code}))
    return record


UNIQUE_ROLES: Final[tuple[Breaker, ...]] = (
    _unknown_role,
    _role_of_another_kind,
    _role_of_another_profession,
    _unique_role_twice,
)


# -- R8 duplicates ------------------------------------------------------------------------------

_DIRECTORY: Final = st.one_of(entities.directory_professionals(), entities.directory_structures())


def _twin(draw: st.DrawFn, member: Member) -> Member:
    """``member`` typed in again: the same entry, or with other names, or (a professional with
    both) known by one of their two identifiers only.
    """
    if isinstance(member, DirectoryStructure):
        return attrs.evolve(member, name=member.name.upper()) if draw(st.booleans()) else member
    assert isinstance(member, DirectoryProfessional)  # noqa: S101 -- only directory members
    family, given = draw(entities.names())
    choice = draw(st.integers(min_value=0, max_value=3))
    if choice == 1:
        return attrs.evolve(member, family_name=family, given_name=given)
    if choice == 2 and member.account is not None and member.national_id is not None:
        return attrs.evolve(member, national_id=None)
    if choice == 3 and member.account is not None and member.national_id is not None:
        return attrs.evolve(member, account=None)
    return member


def _twice(draw: st.DrawFn, record: CoordinationRecord) -> CoordinationRecord:
    """``DUPLICATE_MEMBER``: the same directory member active under two member ids."""
    original = target(draw, record, lambda m: bool(m.identity_keys), _DIRECTORY)
    record = put(record, original)
    return put(record, _joining(record, _twin(draw, original.member)))


def _back_as_another(draw: st.DrawFn, record: CoordinationRecord) -> CoordinationRecord:
    """``FORMER_MEMBER``: a directory member who left, back under a new member id (instead
    of a new participation of the same membership, R9).
    """
    at = record.updated_at
    gone = [m for m in record.circle if m.identity_keys and not m.is_active(at)]
    if draw(st.booleans()) and gone:
        left = draw(st.sampled_from(gone))
    else:
        left = _joining(record, _fresh(draw, record, _DIRECTORY))
        period = Participation(
            start=record.created_at, end=at, added_by=record.created_by, ended_by=record.created_by
        )
        left = attrs.evolve(left, participations=(period,))
        record = put(record, left)
    return put(record, _joining(record, _twin(draw, left.member)))


DUPLICATES: Final[tuple[Breaker, ...]] = (_twice, _back_as_another)
