"""R7 Unique roles (*rôles uniques*): at most one active member holds each unique role.

Roles are information, not access (G7). The catalogue says which roles are unique (médecin
traitant, aidant principal, personne de confiance), which member kinds may hold each role, and
which profession a role asks of professionals whose profession is known.

>>> import datetime as dt
>>> from carecircle.model import (CareCircle, CoordinationRecord, Membership, Participation,
...     Patient, RelatedPerson)
>>> from carecircle.roles import AIDANT_PRINCIPAL
>>> at = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
>>> def aidant(member_id: str) -> Membership:
...     return Membership(member_id=member_id, member=RelatedPerson(family_name=member_id),
...         roles={AIDANT_PRINCIPAL}, participations=(Participation(start=at, added_by="pass:1"),))
>>> record = CoordinationRecord(record_id="DC-1", created_by="pass:1", created_at=at,
...     patient=Patient(patient_id="P-1", family_name="Martin", given_name="Louise"),
...     circle=CareCircle(memberships=(aidant("M1"), aidant("M2"))))
>>> [(v.code, v.path) for v in check(record, at=at)]
[('UNIQUE_ROLE_TAKEN', 'members[M1].roles'), ('UNIQUE_ROLE_TAKEN', 'members[M2].roles')]
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from carecircle.errors import Violation, ViolationKind
from carecircle.model.membership import Membership
from carecircle.model.record import CoordinationRecord
from carecircle.nomenclatures import Code
from carecircle.roles import DEFAULT_ROLES, RoleCatalog
from carecircle.rules._common import member_path, raise_if_any

__all__ = ["check", "is_valid", "validate"]


def _role_violations(m: Membership, code: Code, catalog: RoleCatalog) -> list[Violation]:
    path = member_path(m.member_id, "roles")
    role = catalog.find(code)
    if role is None:
        return [
            Violation(code="UNKNOWN_ROLE", path=path, message="this role is not in the catalogue")
        ]
    found = []
    if m.kind not in role.kinds:
        found.append(
            Violation(
                code="ROLE_NOT_ALLOWED_FOR_KIND",
                path=path,
                message=f"a {m.kind.replace('_', ' ')} cannot hold the role {role.label!r}",
            )
        )
    profession = getattr(m.member, "profession", None)
    if role.profession is not None and profession is not None and profession != role.profession:
        found.append(
            Violation(
                code="ROLE_REQUIRES_PROFESSION",
                path=path,
                message=f"the role {role.label!r} needs another profession",
            )
        )
    return found


def check(
    record: CoordinationRecord, *, at: dt.datetime, catalog: RoleCatalog = DEFAULT_ROLES
) -> tuple[Violation, ...]:
    """Every role violation among the members active at ``at``; never raises."""
    found: list[Violation] = []
    holders: defaultdict[Code, list[Membership]] = defaultdict(list)
    for m in record.circle.active(at):
        for code in sorted(m.roles):
            found.extend(_role_violations(m, code, catalog))
            holders[code].append(m)
    for code, members in holders.items():
        role = catalog.find(code)
        if role is None or not role.unique or len(members) < 2:
            continue
        ids = ", ".join(m.member_id for m in members)
        found.extend(
            Violation(
                code="UNIQUE_ROLE_TAKEN",
                path=member_path(m.member_id, "roles"),
                message=f"the role {role.label!r} is unique but held by {ids} (R7)",
                kind=ViolationKind.CONFLICT,
            )
            for m in members
        )
    return tuple(found)


def validate(
    record: CoordinationRecord, *, at: dt.datetime, catalog: RoleCatalog = DEFAULT_ROLES
) -> CoordinationRecord:
    """Return ``record`` unchanged, or raise :class:`~carecircle.errors.ChangeRejected`."""
    raise_if_any(check(record, at=at, catalog=catalog))
    return record


def is_valid(
    record: CoordinationRecord, *, at: dt.datetime, catalog: RoleCatalog = DEFAULT_ROLES
) -> bool:
    return not check(record, at=at, catalog=catalog)
