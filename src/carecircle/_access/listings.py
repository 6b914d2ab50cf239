"""Listings (*listes d'accès*): who can access a record, and a principal's active file.

Every listing answers exactly what :func:`~carecircle.decide` answers, one
principal, record, category and action at a time: a principal appears when ``decide`` allows
them at least one action on one category, with the level it allows on each category.

- :func:`permissions`: what one principal may do on one record, category by category;
- :func:`who_can_access`: among the principals the caller knows (directory facts, never
  fetched), those with access to a record, and what each may do;
- :class:`ActiveFileIndex`: an index over many records answering which records a principal
  can open and with what (their *file active*, G14), and which records a structure holds in
  its own active file (G11).

>>> from carecircle import EXAMPLE_MATRIX
>>> from carecircle.testing.builders import EPOCH, new_record
>>> record, creator = new_record()  # created by a médecin
>>> {c: str(lv) for c, lv in permissions(record, creator, matrix=EXAMPLE_MATRIX,
...                                      at=EPOCH).levels.items()}
{'administrative': 'write', 'social': 'write', 'medical': 'write', 'psychological': 'write'}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType

import attrs

from carecircle._access.effective import (
    AccessPath,
    check_matrix,
    check_principal,
    check_principals,
    check_record,
    member_has_access,
    open_paths,
    scoped_levels,
    structure_memberships,
)
from carecircle._access.listed import AccessList, ActiveFile
from carecircle._access.matrix import Action, HabilitationMatrix, Level
from carecircle._errors import InvalidValueError, NotFoundError, wrong_type
from carecircle._model.lifecycle import CircleStatus
from carecircle._model.membership import Membership
from carecircle._model.people import DirectoryProfessional
from carecircle._model.principal import Principal
from carecircle._model.record import CoordinationRecord
from carecircle._model.structures import DirectoryStructure
from carecircle.identifiers import idnat_struct
from carecircle.instants import utc

__all__ = [
    "AccessList",
    "ActiveFile",
    "ActiveFileEntry",
    "ActiveFileIndex",
    "Permissions",
    "permissions",
    "who_can_access",
]


def _read_only(levels: Mapping[str, Level]) -> Mapping[str, Level]:
    return levels if isinstance(levels, MappingProxyType) else MappingProxyType(dict(levels))


@attrs.frozen(kw_only=True)
class Permissions:
    """What a principal may do on a record: the level on each declared category (read-only),
    and the paths that reach the record (empty when it cannot be opened at all).
    """

    record_id: str
    principal: Principal
    levels: Mapping[str, Level] = attrs.field(factory=dict, converter=_read_only, hash=False)
    paths: tuple[AccessPath, ...] = ()

    @property
    def can_open(self) -> bool:
        """True when at least one category can be read: the record is in the active file."""
        return bool(self.paths)

    def allows(self, category: str, action: Action) -> bool:
        """What :func:`~carecircle.decide` answers for this category."""
        return self.levels.get(category, Level.NONE).permits(action)

    def __bool__(self) -> bool:
        return self.can_open


_set = object.__setattr__


def _levels(matrix: HabilitationMatrix, principal: Principal) -> Mapping[str, Level] | None:
    """The levels the matrix gives the principal's profession, or ``None`` when it gives
    nothing (an unknown profession, a row of ``none``), so that no record opens to them.
    """
    if principal.profession_key is None:
        return None
    return matrix.level_views.get(principal.profession_key)


def _permissions(
    record: CoordinationRecord,
    principal: Principal,
    levels: Mapping[str, Level],
    paths: tuple[AccessPath, ...],
) -> Permissions:
    # Built without the attrs initialiser: listings make many, from checked parts.
    found = object.__new__(Permissions)
    _set(found, "record_id", record.record_id)
    _set(found, "principal", principal)
    _set(found, "levels", levels)
    _set(found, "paths", paths)
    return found


def _opening(
    record: CoordinationRecord,
    principal: Principal,
    levels: Mapping[str, Level] | None,
    at: dt.datetime,
) -> Permissions | None:
    """The principal's permissions on the record when it opens to them, else ``None``."""
    if levels is None:
        return None
    paths = open_paths(record, principal, at)
    if not paths:
        return None
    # A refusal of some categories, or an emergency access (read only), may lower them.
    ranks = scoped_levels(record, principal, {c: lv.rank for c, lv in levels.items()}, at)
    if ranks is not None:
        if not any(ranks.values()):
            return None
        levels = MappingProxyType({c: _BY_RANK[rank] for c, rank in ranks.items()})
    return _permissions(record, principal, levels, paths)


_BY_RANK = (Level.NONE, Level.READ, Level.WRITE)


def permissions(
    record: CoordinationRecord,
    principal: Principal,
    *,
    matrix: HabilitationMatrix,
    at: dt.datetime,
) -> Permissions:
    """What ``principal`` may do on ``record`` at ``at``, category by category.

    Each level is what :func:`~carecircle.decide` allows for that category:
    ``write`` when it allows writing, ``read`` when only reading, else ``none``. The paths
    are there when some category opens: the same condition as the active file.
    """
    record, principal = check_record(record), check_principal(principal)
    matrix, at = check_matrix(matrix), utc(at)
    found = _opening(record, principal, _levels(matrix, principal), at)
    if found is None:
        return _permissions(record, principal, matrix.no_levels, ())
    return found


def who_can_access(
    record: CoordinationRecord,
    principals: Iterable[Principal],
    *,
    matrix: HabilitationMatrix,
    at: dt.datetime,
) -> AccessList:
    """Every principal among ``principals`` with access to ``record``, with what they may do.

    ``principals`` are the directory's facts about the candidates (members' accounts and the
    delegates of the circle's structures): the library never fetches them. Each is listed
    once, in the order given. The :class:`AccessList` is a tuple that also keeps the record
    and the instant, to show the principals by name.
    """
    record, matrix, at = check_record(record), check_matrix(matrix), utc(at)
    found = []
    for principal in dict.fromkeys(check_principals(principals)):
        allowed = _opening(record, principal, _levels(matrix, principal), at)
        if allowed is not None:
            found.append(allowed)
    return AccessList(found, record=record, at=at)


@attrs.frozen(kw_only=True)
class ActiveFileEntry:
    """One record of an active file: which record, and what its holder may do on it."""

    record_id: str
    permissions: Permissions


def _keys(m: Membership) -> Iterator[tuple[str, str]]:
    member = m.member
    if isinstance(member, DirectoryProfessional):
        if member.account is not None:
            yield "account", member.account.id
        if member.national_id is not None:
            yield "national_id", member.national_id
    elif isinstance(member, DirectoryStructure):
        yield "structure", member.national_id


def _record_keys(record: CoordinationRecord) -> Iterator[tuple[str, str]]:
    """The directory keys of the record's members and of its emergency accesses."""
    for m in record.circle:
        yield from _keys(m)
    for access in record.emergency_accesses:
        yield "account", access.account


def _index(records: Iterable[CoordinationRecord]) -> dict[tuple[str, str], tuple[str, ...]]:
    index: dict[tuple[str, str], dict[str, None]] = {}
    for record in records:
        for key in _record_keys(record):
            index.setdefault(key, {})[record.record_id] = None
    return {key: tuple(ids) for key, ids in index.items()}


@attrs.frozen(kw_only=True, eq=False)
class ActiveFileIndex:
    """Active file index (*index des files actives*) over many records, immutable.

    It keeps, for each directory key (account, national id, structure id), the records whose
    circle names it, so a query reads the few records that can matter and judges each exactly
    as :func:`~carecircle.decide` does. :meth:`with_record` returns an index
    with one record added or replaced (a record is known by its id).
    """

    records: Mapping[str, CoordinationRecord]
    matrix: HabilitationMatrix
    _by_key: dict[tuple[str, str], tuple[str, ...]] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        given: object = self.records  # typed as a mapping, but callers can pass anything
        if not isinstance(given, Mapping):
            raise wrong_type("records", "a mapping of record ids to CoordinationRecord")
        check_matrix(self.matrix)
        records = dict(given)
        for key, record in records.items():
            check_record(record, f"records[{key}]")
        stray = sorted(key for key, record in records.items() if key != record.record_id)
        if stray:
            raise InvalidValueError.of(
                "RECORD_ID_MISMATCH",
                f"records[{stray[0]}]",
                "each record is indexed under its own record_id (ActiveFileIndex.of does it)",
            )
        object.__setattr__(self, "records", records)
        object.__setattr__(self, "_by_key", _index(records.values()))

    @classmethod
    def of(
        cls, records: Iterable[CoordinationRecord], *, matrix: HabilitationMatrix
    ) -> ActiveFileIndex:
        """The index of ``records`` (a later record with the same id replaces an earlier one)."""
        values: object = records  # typed as records, but callers can pass anything
        if isinstance(values, str | bytes) or not isinstance(values, Iterable):
            raise wrong_type("records", "an iterable of CoordinationRecord")
        given = list(values)
        for i, record in enumerate(given):
            check_record(record, f"records[{i}]")
        return cls(records={r.record_id: r for r in given}, matrix=matrix)

    def __len__(self) -> int:
        return len(self.records)

    def with_record(self, record: CoordinationRecord) -> ActiveFileIndex:
        """An index where ``record`` replaces the record of the same id, or is added.

        Only the keys of the old and new versions of the record are re-indexed.
        """
        record_id = check_record(record).record_id
        by_key = dict(self._by_key)
        old = self.records.get(record_id)
        for key in set(_record_keys(old)) if old is not None else ():
            by_key[key] = tuple(r for r in by_key[key] if r != record_id)
            if not by_key[key]:
                del by_key[key]
        for key in dict.fromkeys(_record_keys(record)):
            by_key[key] = (*by_key.get(key, ()), record_id)
        index = ActiveFileIndex.__new__(ActiveFileIndex)
        object.__setattr__(index, "records", {**self.records, record_id: record})
        object.__setattr__(index, "matrix", self.matrix)
        object.__setattr__(index, "_by_key", by_key)
        return index

    def record(self, record_id: str) -> CoordinationRecord:
        """The indexed record with this id; :class:`~carecircle.NotFoundError` if none."""
        if not isinstance(record_id, str):
            raise wrong_type("record_id", "a str")
        found = self.records.get(record_id)
        if found is None:
            raise NotFoundError.of(
                "RECORD_NOT_FOUND", f"records[{record_id}]", "no indexed record has this id"
            )
        return found

    def _candidates(self, principal: Principal) -> list[str]:
        keys = [("structure", s) for s in sorted(principal.delegated_by)]
        if principal.account is not None:
            keys.append(("account", principal.account))
        if principal.national_id is not None:
            keys.append(("national_id", principal.national_id))
        found = dict.fromkeys(rid for key in keys for rid in self._by_key.get(key, ()))
        return sorted(found)

    def for_principal(self, principal: Principal, *, at: dt.datetime) -> ActiveFile:
        """The principal's active file at ``at`` (G14): every record they can open, by id.

        The :class:`ActiveFile` is a tuple that also keeps the principal, the instant and a
        read-only view of the index's records, to show the patients by name.
        """
        principal, at = check_principal(principal), utc(at)
        levels = _levels(self.matrix, principal)
        if levels is None:  # their profession opens nothing: no record to read
            return ActiveFile(principal=principal, at=at)
        entries = []
        for record_id in self._candidates(principal):
            allowed = _opening(self.records[record_id], principal, levels, at)
            if allowed is not None:
                entries.append(ActiveFileEntry(record_id=record_id, permissions=allowed))
        # The index's own records, seen read-only: no copy on the hot path.
        return ActiveFile(
            entries, principal=principal, at=at, records=MappingProxyType(self.records)
        )

    def for_structure(self, structure_id: str, *, at: dt.datetime) -> tuple[str, ...]:
        """The ids of the records in a legal-entity structure's active file at ``at`` (G11):
        it is an active, habilitated, unrefused legal-entity member of their circle.
        ``structure_id`` is compared in its canonical form
        (:func:`~carecircle.identifiers.idnat_struct.canonical`).
        """
        structure_id = idnat_struct.canonical(structure_id, path="structure_id")
        at = utc(at)
        return tuple(
            sorted(
                record_id
                for record_id in self._by_key.get(("structure", structure_id), ())
                if _in_structure_file(self.records[record_id], structure_id, at)
            )
        )

    def who_can_access(
        self, record_id: str, principals: Iterable[Principal], *, at: dt.datetime
    ) -> AccessList:
        """:func:`who_can_access` on the indexed record with this id."""
        return who_can_access(self.record(record_id), principals, matrix=self.matrix, at=at)


def _in_structure_file(record: CoordinationRecord, structure_id: str, at: dt.datetime) -> bool:
    """G11: the structure is an active, habilitated, unrefused legal-entity member of the
    record's circle, and the circle is active at ``at``.
    """
    if record.status_at(at) is not CircleStatus.ACTIVE:
        return False
    return any(member_has_access(m, at) for m in structure_memberships(record, structure_id))
