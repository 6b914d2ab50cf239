"""Codes (*nomenclatures*): professions, relationships, categories, protection measures and roles
must be known and open.

Closed (retired) ANS codes are known, so old data that carries them still reads; putting one on
a new or edited membership is a violation (``CLOSED_CODE``). A code from the wrong code system
for its field is ``CODE_NOT_ALLOWED``; a code no nomenclature knows is ``UNKNOWN_CODE``.
Professions are judged against a :class:`~carecircle.professions.ProfessionCatalog` (the ANS
professions by default, plus a platform's own, issue 10 item 6). A relationship is kinship
(TRE_R216); a protection measure (TRE_R217 or ``urn:carecircle:protection``) belongs in
``legal_protection`` (issue 10 item 4).

>>> import datetime as dt
>>> from carecircle import (CareCircle, CoordinationRecord, ManualProfessional,
...     Membership, Participation, Patient)
>>> from carecircle.nomenclatures import Code, code_system
>>> at = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
>>> old_psy = code_system("TRE_G15").code("93")   # Psychologue, closed in G15
>>> m = Membership(member_id="M1", participations=(Participation(start=at, added_by="pass:1"),),
...     member=ManualProfessional(family_name="Petit", profession=old_psy))
>>> record = CoordinationRecord(record_id="DC-1", created_by="pass:1", created_at=at,
...     patient=Patient(patient_id="P-1", family_name="Martin", given_name="Louise"),
...     circle=CareCircle(memberships=(m,)))
>>> [(v.code, v.path) for v in check(record, at=at)]
[('CLOSED_CODE', 'members[M1].member.profession')]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator

from carecircle._errors import Violation
from carecircle._model.membership import Membership
from carecircle._model.people import DirectoryProfessional, ManualProfessional, RelatedPerson
from carecircle._model.record import CoordinationRecord
from carecircle._model.structures import DirectoryStructure
from carecircle.nomenclatures import Code, Concept, categories, lookup, protection, relationships
from carecircle.professions import DEFAULT_PROFESSIONS, ProfessionCatalog
from carecircle.rules._common import member_path, raise_if_any

__all__ = ["check", "check_code", "is_valid", "member_violations", "validate"]


def check_code(
    code: Code,
    *,
    path: str,
    at: dt.datetime,
    systems: Collection[str] | None = None,
    what: str = "code",
) -> tuple[Violation, ...]:
    """Violations of one code: outside ``systems``, unknown, or closed at ``at``."""
    return _judge(code, lookup(code), path=path, at=at, systems=systems, what=what)


def _judge(
    code: Code,
    concept: Concept | None,
    *,
    path: str,
    at: dt.datetime,
    systems: Collection[str] | None,
    what: str,
) -> tuple[Violation, ...]:
    if systems is not None and code.system not in systems:
        return (Violation(code="CODE_NOT_ALLOWED", path=path, message=f"not a {what} code"),)
    if concept is None:
        if systems is None:  # roles may come from a service's own code system
            return ()
        return (Violation(code="UNKNOWN_CODE", path=path, message=f"unknown {what} code"),)
    if concept.is_closed_at(at.date()):
        return (
            Violation(
                code="CLOSED_CODE",
                path=path,
                message=f"the {what} code {concept.code} ({concept.display}) is closed",
            ),
        )
    return ()


def _profession(
    code: Code, *, path: str, at: dt.datetime, professions: ProfessionCatalog
) -> tuple[Violation, ...]:
    """A profession is judged by the catalogue: declared and open, from one of its systems."""
    found = professions.find(code)
    if found is None:
        if code.system in professions.systems:
            return (Violation(code="UNKNOWN_CODE", path=path, message="unknown profession code"),)
        return (Violation(code="CODE_NOT_ALLOWED", path=path, message="not a profession code"),)
    if found.is_closed_at(at.date()):
        message = f"the profession code {code.code} ({found.label}) is closed"
        return (Violation(code="CLOSED_CODE", path=path, message=message),)
    return ()


def _relationship(code: Code, *, path: str, at: dt.datetime) -> tuple[Violation, ...]:
    """A relationship is kinship (TRE_R216); a protection measure has a field of its own."""
    if code.system in protection.PROTECTION_SYSTEMS:
        message = "a legal protection measure is not a kinship: put it in legal_protection"
        return (Violation(code="CODE_NOT_ALLOWED", path=path, message=message),)
    return check_code(
        code, path=path, at=at, systems=relationships.KINSHIP_SYSTEMS, what="relationship"
    )


def _member_codes(m: Membership) -> Iterator[tuple[Code, str, Collection[str], str]]:
    """The member's coded fields but profession and relationship: (code, field, systems it
    may come from, what it is).
    """
    member = m.member
    if isinstance(member, DirectoryStructure) and member.category:
        yield member.category, "member.category", {categories.SYSTEM}, "establishment category"


def check(
    record: CoordinationRecord,
    *,
    at: dt.datetime,
    professions: ProfessionCatalog = DEFAULT_PROFESSIONS,
) -> tuple[Violation, ...]:
    """Every code violation among the members active at ``at``; never raises."""
    return tuple(
        v
        for m in record.circle.active(at)
        for v in member_violations(m, at=at, professions=professions)
    )


def member_violations(
    m: Membership, *, at: dt.datetime, professions: ProfessionCatalog = DEFAULT_PROFESSIONS
) -> list[Violation]:
    """The code violations of one membership: its member's coded fields, its protection
    measure, then its roles (sorted).
    """
    found: list[Violation] = []
    member = m.member
    if isinstance(member, DirectoryProfessional | ManualProfessional) and member.profession:
        path = member_path(m.member_id, "member.profession")
        found.extend(_profession(member.profession, path=path, at=at, professions=professions))
    if isinstance(member, RelatedPerson) and member.relationship:
        path = member_path(m.member_id, "member.relationship")
        found.extend(_relationship(member.relationship, path=path, at=at))
    for code, field, systems, what in _member_codes(m):
        found.extend(
            check_code(
                code, path=member_path(m.member_id, field), at=at, systems=systems, what=what
            )
        )
    if m.legal_protection is not None:
        found.extend(
            _judge(
                m.legal_protection,
                protection.concept_of(m.legal_protection),
                path=member_path(m.member_id, "legal_protection"),
                at=at,
                systems=protection.PROTECTION_SYSTEMS,
                what="legal protection measure",
            )
        )
    for role in sorted(m.roles):
        found.extend(check_code(role, path=member_path(m.member_id, "roles"), at=at, what="role"))
    return found


def validate(
    record: CoordinationRecord,
    *,
    at: dt.datetime,
    professions: ProfessionCatalog = DEFAULT_PROFESSIONS,
) -> CoordinationRecord:
    """Return ``record`` unchanged, or raise :class:`~carecircle.ChangeRejected`."""
    raise_if_any(check(record, at=at, professions=professions))
    return record


def is_valid(
    record: CoordinationRecord,
    *,
    at: dt.datetime,
    professions: ProfessionCatalog = DEFAULT_PROFESSIONS,
) -> bool:
    """``True`` when :func:`check` finds no violation; never raises."""
    return not check(record, at=at, professions=professions)
