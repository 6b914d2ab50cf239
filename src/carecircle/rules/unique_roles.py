"""R7 Unique roles (*rôles uniques*): at most one active member holds each unique role.

Roles are information, not access (G7). The catalogue says which roles are unique (médecin
traitant, aidant principal, personne de confiance), which member kinds may hold each role, and
which profession a role asks of professionals whose profession is known.

>>> import datetime as dt
>>> from carecircle import (CareCircle, CoordinationRecord, Membership, Participation,
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
from collections.abc import Collection

from carecircle._errors import Violation, ViolationKind
from carecircle._model.membership import Membership
from carecircle._model.record import CoordinationRecord
from carecircle.nomenclatures import Code
from carecircle.roles import DEFAULT_ROLES, Role, RoleCatalog
from carecircle.rules._common import member_path, raise_if_any
from carecircle.rules._index import View

__all__ = ["check", "check_members", "is_valid", "validate"]


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


def _taken(
    role: Role, holders: list[Membership], among: Collection[str] | None = None
) -> list[Violation]:
    """``UNIQUE_ROLE_TAKEN`` for each holder (each of those ``among``, when given), naming
    the other members who hold the role (never the holder's own id: for a member being
    added, that id is only provisional).
    """
    return [
        Violation(
            code="UNIQUE_ROLE_TAKEN",
            path=member_path(m.member_id, "roles"),
            message=f"the role {role.label!r} is unique and also held by "
            f"{', '.join(h.member_id for h in holders if h is not m)} (R7)",
            kind=ViolationKind.CONFLICT,
        )
        for m in holders
        if among is None or m.member_id in among
    ]


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
        found.extend(_taken(role, members))
    return tuple(found)


def check_members(
    view: View, members: list[Membership], *, at: dt.datetime, catalog: RoleCatalog
) -> list[Violation]:
    """What :func:`check` finds on ``members`` (active, in circle order) of the circle
    ``view`` shows, in the same order, looking only at the holders of their roles.
    """
    found = [
        v for m in members for code in sorted(m.roles) for v in _role_violations(m, code, catalog)
    ]
    ours = {m.member_id for m in members}
    # check() lists unique roles in the order it first meets them: at their first active
    # holder, in that holder's sorted roles.
    taken: list[tuple[int, int, Role, list[Membership]]] = []
    for code in {c for m in members for c in m.roles}:
        role = catalog.find(code)
        if role is None or not role.unique:
            continue
        holders = [h for h in view.role_holders(code) if h.is_active(at)]
        if len(holders) < 2:
            continue
        first = holders[0]
        taken.append(
            (view.position(first.member_id), sorted(first.roles).index(code), role, holders)
        )
    taken.sort(key=lambda t: (t[0], t[1]))
    for _position, _rank, role, holders in taken:
        found.extend(_taken(role, holders, ours))
    return found


def validate(
    record: CoordinationRecord, *, at: dt.datetime, catalog: RoleCatalog = DEFAULT_ROLES
) -> CoordinationRecord:
    """Return ``record`` unchanged, or raise :class:`~carecircle.ChangeRejected`."""
    raise_if_any(check(record, at=at, catalog=catalog))
    return record


def is_valid(
    record: CoordinationRecord, *, at: dt.datetime, catalog: RoleCatalog = DEFAULT_ROLES
) -> bool:
    """``True`` when :func:`check` finds no violation; never raises."""
    return not check(record, at=at, catalog=catalog)
