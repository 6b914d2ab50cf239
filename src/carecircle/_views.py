"""Views of the circle (*consulter et trier le cercle de soins*, G15).

>>> import datetime as dt
>>> from carecircle import (CareCircle, CoordinationRecord, Membership, Participation,
...     Patient, RelatedPerson)
>>> at = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
>>> people = [Membership(member_id=f"M{i}", member=RelatedPerson(family_name=name),
...     participations=(Participation(start=at, added_by="pass:1"),))
...     for i, name in enumerate(["Zola", "Émond", "durand"], start=1)]
>>> record = CoordinationRecord(record_id="DC-1", created_by="pass:1", created_at=at,
...     patient=Patient(patient_id="P-1", family_name="Martin", given_name="Louise"),
...     circle=CareCircle(memberships=people))
>>> [m.display_name for m in list_members(record, at=at)]
['DURAND', 'ÉMOND', 'ZOLA']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from carecircle._errors import wrong_type
from carecircle._model._fields import enum_value
from carecircle._model.kinds import MemberKind
from carecircle._model.membership import Membership
from carecircle._model.record import CoordinationRecord
from carecircle._text import fold
from carecircle.instants import utc
from carecircle.nomenclatures import Code, lookup
from carecircle.roles import DEFAULT_ROLES, RoleCatalog

__all__ = ["SortKey", "list_members"]

_KIND_ORDER = {kind: i for i, kind in enumerate(MemberKind)}


class SortKey(StrEnum):
    """What the member list can be sorted by (G15)."""

    NAME = "name"
    KIND = "kind"
    ROLE = "role"
    PROFESSION = "profession"
    HABILITATION = "habilitation"
    ADDED_AT = "added_at"


def _code_label(code: Code | None, catalog: RoleCatalog | None = None) -> str:
    if code is None:
        return ""
    role = None if catalog is None else catalog.find(code)
    if role is not None:
        return role.label
    concept = lookup(code)
    return code.code if concept is None else concept.display


def _primary(
    sort_by: SortKey, catalog: RoleCatalog, at: dt.datetime
) -> Callable[[Membership], tuple[Any, ...]]:
    """The sort key proper; an empty tuple means the member has no value for it."""

    def key(m: Membership) -> tuple[Any, ...]:
        if sort_by is SortKey.KIND:
            return (_KIND_ORDER[m.kind],)
        if sort_by is SortKey.ROLE:
            labels = sorted(fold(_code_label(c, catalog)) for c in m.roles)
            return (labels[0],) if labels else ()
        if sort_by is SortKey.PROFESSION:
            label = fold(_code_label(getattr(m.member, "profession", None)))
            return (label,) if label else ()
        if sort_by is SortKey.HABILITATION:
            return (not m.habilitated_at(at),)  # an expired habilitation sorts as none
        if sort_by is SortKey.ADDED_AT:
            return (m.added_at,)
        return ("",)

    return key


def list_members(
    record: CoordinationRecord,
    *,
    at: dt.datetime,
    sort_by: SortKey = SortKey.NAME,
    descending: bool = False,
    include_past: bool = False,
    include_entered_in_error: bool = False,
    catalog: RoleCatalog = DEFAULT_ROLES,
) -> tuple[Membership, ...]:
    """The circle's members, sorted (G15): active at ``at`` only, unless ``include_past``;
    members entered in error (who never took part) only with ``include_entered_in_error``.

    Ties break by name then member id, so the order is total and stable. Members without a
    role or a profession come last when sorting by those, in either direction. ``sort_by``
    may be given as its value (``"name"``…); anything else is ``SORT_KEY_INVALID``.
    """
    if not isinstance(record, CoordinationRecord):
        raise wrong_type("record", "a CoordinationRecord")
    at = utc(at)
    sort_by = enum_value(SortKey, sort_by, "sort_by", "SORT_KEY_INVALID")
    for path, value in (
        ("descending", descending),
        ("include_past", include_past),
        ("include_entered_in_error", include_entered_in_error),
    ):
        if not isinstance(value, bool):
            raise wrong_type(path, "a bool")
    if not isinstance(catalog, RoleCatalog):
        raise wrong_type("catalog", "a RoleCatalog")
    if include_past:
        members: tuple[Membership, ...] = tuple(
            m
            for m in record.circle.memberships
            if include_entered_in_error or m.entered_in_error is None
        )
    else:
        members = record.circle.active(at)
    if include_entered_in_error and not include_past:
        members = (*members, *(m for m in record.circle if m.entered_in_error is not None))
    primary = _primary(sort_by, catalog, at)

    def key(m: Membership) -> tuple[Any, ...]:
        return (*primary(m), fold(m.display_name), m.member_id)

    with_value = [m for m in members if primary(m)]
    without = [m for m in members if not primary(m)]
    return (
        *sorted(with_value, key=key, reverse=descending),
        *sorted(without, key=key, reverse=descending),
    )
