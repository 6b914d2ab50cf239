"""Invalid records (*dossiers invalides*): records that break exactly one record rule, as a
store reads them back from documents written before the rule held, or by a system that never
checked it.
"""

from __future__ import annotations

import datetime as dt
from types import ModuleType
from typing import Final

import attrs
from hypothesis import strategies as st

from carecircle import serialization
from carecircle._errors import wrong_type
from carecircle._model import (
    CoordinationRecord,
    DirectoryProfessional,
    DirectoryStructure,
    ManualProfessional,
    MemberKind,
    Membership,
    RelatedPerson,
)
from carecircle.nomenclatures import Code, code_system, lookup
from carecircle.nomenclatures import professions as profession_codes
from carecircle.professions import DEFAULT_PROFESSIONS
from carecircle.roles import DEFAULT_ROLES, REPRESENTANT_LEGAL
from carecircle.rules import codes, duplicates, eligibility, unique_roles
from carecircle.testing.strategies import _breaking
from carecircle.testing.strategies import _codes as code_strategies
from carecircle.testing.strategies import _entities as entities
from carecircle.testing.strategies._records import records

__all__ = ["invalid_records"]

#: A code system no field accepts (``CODE_NOT_ALLOWED``).
_ELSEWHERE: Final = "urn:example:local"
#: A code no ANS code system holds (``UNKNOWN_CODE`` in the system of the field).
_NO_SUCH_CODE: Final = "ZZZ9"


def _closed(system: str, at: dt.datetime) -> list[Code]:
    return [c.key for c in code_system(system) if c.is_closed_at(at.date())]


def _wrong(draw: st.DrawFn, system: str, at: dt.datetime, *others: st.SearchStrategy[Code]) -> Code:
    """A code the field of ``system`` refuses at ``at``: closed, unknown, or of another system."""
    closed = _closed(system, at)
    found: Code = draw(
        st.one_of(
            st.sampled_from(closed) if closed else st.nothing(),
            st.just(Code(code_system(system).url, _NO_SUCH_CODE)),
            st.just(Code(_ELSEWHERE, _NO_SUCH_CODE)),
            *others,
        )
    )
    return found


def _asks_no_profession(m: Membership) -> bool:
    """Whether none of the member's roles asks for a profession (R7 is not the rule broken)."""
    return all(
        (role := DEFAULT_ROLES.find(code)) is None or role.profession is None for code in m.roles
    )


def _profession(draw: st.DrawFn, record: CoordinationRecord) -> CoordinationRecord:
    """A profession closed, unknown or of another code system."""
    at = record.updated_at
    closed = [
        p
        for p in profession_codes.all_professions(include_closed=True)
        if (found := DEFAULT_PROFESSIONS.find(p)) is not None and found.is_closed_at(at.date())
    ]
    bad = draw(
        st.one_of(
            st.sampled_from(closed),
            st.just(Code(profession_codes.MEDECIN.system, _NO_SUCH_CODE)),
            st.just(Code(_ELSEWHERE, profession_codes.MEDECIN.code)),
            code_strategies.categories(),
        )
    )
    m = _breaking.target(
        draw,
        record,
        lambda m: (
            isinstance(m.member, DirectoryProfessional | ManualProfessional)
            and _asks_no_profession(m)
        ),
        st.one_of(entities.manual_professionals(), entities.directory_professionals()),
    )
    member = m.member
    assert isinstance(member, DirectoryProfessional | ManualProfessional)  # noqa: S101 -- suits
    return _breaking.put(record, attrs.evolve(m, member=attrs.evolve(member, profession=bad)))


def _relationship(draw: st.DrawFn, record: CoordinationRecord) -> CoordinationRecord:
    """A kinship closed, unknown, of another system, or a protection measure instead."""
    bad = _wrong(draw, "TRE_R216", record.updated_at, code_strategies.protection_measures())
    m = _breaking.target(
        draw,
        record,
        lambda m: m.kind is MemberKind.RELATED_PERSON,
        entities.related_persons(),
    )
    member = m.member
    assert isinstance(member, RelatedPerson)  # noqa: S101 -- the target suits
    return _breaking.put(record, attrs.evolve(m, member=attrs.evolve(member, relationship=bad)))


def _category(draw: st.DrawFn, record: CoordinationRecord) -> CoordinationRecord:
    """An establishment category closed, unknown or of another code system."""
    bad = _wrong(draw, "TRE_R66", record.updated_at)
    m = _breaking.target(
        draw,
        record,
        lambda m: isinstance(m.member, DirectoryStructure),
        entities.directory_structures(),
    )
    member = m.member
    assert isinstance(member, DirectoryStructure)  # noqa: S101 -- the target suits
    return _breaking.put(record, attrs.evolve(m, member=attrs.evolve(member, category=bad)))


def _protection(draw: st.DrawFn, record: CoordinationRecord) -> CoordinationRecord:
    """A représentant légal's protection measure unknown, or a kinship instead."""
    bad = _wrong(draw, "TRE_R217", record.updated_at, code_strategies.relationships())
    m = _breaking.target(
        draw, record, lambda m: REPRESENTANT_LEGAL in m.roles, entities.related_persons()
    )
    roles = m.roles | {REPRESENTANT_LEGAL}
    return _breaking.put(record, attrs.evolve(m, roles=roles, legal_protection=bad))


def _closed_role(draw: st.DrawFn, record: CoordinationRecord) -> CoordinationRecord:
    """A role of the catalogue whose code is closed, on a member it suits (R7 holds)."""
    at = record.updated_at
    closed = [
        (c, r)
        for c, r in DEFAULT_ROLES.items()
        if not r.unique and (concept := lookup(c)) is not None and concept.is_closed_at(at.date())
    ]
    code, role = draw(st.sampled_from(closed))
    m = _breaking.target(
        draw,
        record,
        lambda m: _breaking.may_hold(m, role),
        _breaking.members_for(role),
    )
    return _breaking.put(record, attrs.evolve(m, roles=m.roles | {code}))


_BREAKERS: Final[tuple[tuple[ModuleType, tuple[_breaking.Breaker, ...]], ...]] = (
    (eligibility, _breaking.ELIGIBILITY),
    (unique_roles, _breaking.UNIQUE_ROLES),
    (duplicates, _breaking.DUPLICATES),
    (codes, (_profession, _relationship, _category, _protection, _closed_role)),
)


def invalid_records(
    *, breaking: ModuleType, base: st.SearchStrategy[CoordinationRecord] | None = None
) -> st.SearchStrategy[CoordinationRecord]:
    """Records (*dossiers*) that break the record rule ``breaking`` and no other, at their
    ``updated_at``: ``breaking`` is one of the rule modules that
    :func:`carecircle.rules.record.check` runs on a record's state,
    :mod:`carecircle.rules.eligibility` (R5), :mod:`~carecircle.rules.unique_roles` (R7),
    :mod:`~carecircle.rules.duplicates` (R8) or :mod:`~carecircle.rules.codes`; any other
    value raises :class:`~carecircle.InvalidValueError` ``WRONG_TYPE`` at ``breaking``.

    Each is a valid record of ``base`` (by default :func:`records` with ``lifecycle``) with
    one or two of its active members changed, or newcomers appended, the way the rule can
    fail: for R5 a manual member or relative habilitated, an end without a habilitation, a
    relative refusing, a protection measure without the GUARD role; for R7 a role no catalogue
    knows, a role of another kind or profession, a unique role held twice; for R8 the same
    directory member active twice, or back under a new member id; for the codes a profession,
    kinship, category, protection measure or role closed, unknown or from another system.
    The record is then written as JSON and read back with ``check_rules=False``, as a store
    reads what an older version or another system wrote: every constructor check holds, and
    ``from_json``'s default rule check rejects it.
    """
    breakers = next((b for rule, b in _BREAKERS if rule is breaking), None)
    if breakers is None:
        raise wrong_type(
            "breaking",
            "a record rule: carecircle.rules.eligibility, unique_roles, duplicates or codes",
        )
    bases = base if base is not None else records(lifecycle=True)

    @st.composite
    def build(draw: st.DrawFn) -> CoordinationRecord:
        record = draw(bases)
        for breaker in draw(st.lists(st.sampled_from(breakers), min_size=1, max_size=2)):
            record = breaker(draw, record)
        text = serialization.to_json(record)
        read: CoordinationRecord = serialization.from_json(
            text, CoordinationRecord, check_rules=False
        )
        return read

    return build()
