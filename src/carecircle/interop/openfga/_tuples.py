"""Relationship tuples: the records, the matrix and the directory's facts, for ``fga``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from carecircle._access.effective import check_matrix, check_principals, check_record
from carecircle._access.matrix import HabilitationMatrix, Level
from carecircle._access.plain import identity
from carecircle._errors import InvalidValueError, wrong_type
from carecircle._model.lifecycle import CircleStatus
from carecircle._model.membership import Membership
from carecircle._model.people import AccountState, DirectoryProfessional
from carecircle._model.principal import Principal
from carecircle._model.record import CoordinationRecord
from carecircle._model.structures import DirectoryStructure
from carecircle.interop.openfga._ids import (
    DIRECTORY,
    MATRIX,
    object_id,
    placement_id,
    profession_id,
    structure_id,
    user_id,
)
from carecircle.interop.openfga._model import category_names
from carecircle.interop.openfga._windows import (
    Window,
    intersect,
    union,
    window,
    windows_map,
)

__all__ = ["relationship_tuples"]

Tuple = dict[str, Any]
_WILDCARD = "user:*"


def _tuple(user: str, relation: str, obj: str, windows: Sequence[Window] | None = None) -> Tuple:
    found: Tuple = {"user": user, "relation": relation, "object": obj}
    if windows is not None:
        found["condition"] = {"name": "within", "context": {"windows": windows_map(windows)}}
    return found


def _granting(m: Membership) -> list[Window]:
    """When the membership itself grants (R9, G5): in a participation, habilitated and not
    past its habilitation's end. Refusals are exported apart, as exclusions (R4).
    """
    if not m.habilitated or m.entered_in_error is not None:
        return []
    periods = union(window(p.start, p.end) for p in m.participations)
    return intersect(periods, *window(None, m.habilitation_ends))


def _refused(memberships: Iterable[Membership], category: str | None) -> list[Window]:
    """When a refusal of the whole record (``category`` None) or of ``category`` stands."""
    return union(
        window(r.recorded_at, r.ends)
        for m in memberships
        for r in m.refusals
        if (not r.categories if category is None else category in r.categories)
    )


def _circle_active(record: CoordinationRecord) -> list[Window]:
    """When the circle's status is ``active`` (:meth:`CoordinationRecord.status_at`)."""
    history = record.status_history
    starts: list[dt.datetime | None] = [None, *(c.at for c in history[1:])]
    ends: list[dt.datetime | None] = [*(c.at for c in history[1:]), None]
    return union(
        window(start, end)
        for change, start, end in zip(history, starts, ends, strict=True)
        if change.status is CircleStatus.ACTIVE
    )


def _condition_tuples(
    user: str, relation: str, obj: str, windows: Sequence[Window]
) -> Iterator[Tuple]:
    if windows:
        yield _tuple(user, relation, obj, windows)


def _user_memberships(
    record: CoordinationRecord, accounts: dict[str, Principal]
) -> dict[str, tuple[list[Membership], bool]]:
    """For each account, the memberships designating its user, and whether its ids designate
    more than one person (``IDENTITY_MISMATCH``): by the principal's ids when the directory
    gave it, else by the account recorded.
    """
    found: dict[str, tuple[list[Membership], bool]] = {}
    for m in record.circle:
        member = m.member
        if (
            isinstance(member, DirectoryProfessional)
            and member.account is not None
            and m.entered_in_error is None
            and member.account.id not in accounts
        ):
            found.setdefault(member.account.id, ([], False))[0].append(m)
    for account, principal in accounts.items():
        who = identity(record, principal, record.created_at)
        found[account] = (list(who.memberships), who.mismatch)
    return found


def _record_tuples(
    record: CoordinationRecord, categories: Sequence[str], accounts: dict[str, Principal]
) -> Iterator[Tuple]:
    obj = object_id(record)
    yield _tuple(DIRECTORY, "directory", obj)
    yield _tuple(MATRIX, "matrix", obj)
    yield from _condition_tuples(_WILDCARD, "circle_active", obj, _circle_active(record))
    for account, (memberships, mismatch) in sorted(_user_memberships(record, accounts).items()):
        user = user_id(account)
        if mismatch:
            yield _tuple(user, "identity_mismatch", obj)
        granting = union(w for m in memberships for w in _granting(m))
        yield from _condition_tuples(user, "member", obj, granting)
        yield from _condition_tuples(user, "refused", obj, _refused(memberships, None))
        for c in categories:
            yield from _condition_tuples(user, f"refused_{c}", obj, _refused(memberships, c))
    for m in record.circle:
        structure = m.member
        if not isinstance(structure, DirectoryStructure) or m.entered_in_error is not None:
            continue
        place = placement_id(record.record_id, m.member_id)
        yield _tuple(place, "placement", obj)
        yield _tuple(structure_id(structure.national_id), "structure", place)
        if structure.legal_entity:
            yield _tuple(_WILDCARD, "legal_entity", place)
        yield from _condition_tuples(_WILDCARD, "granting", place, _granting(m))
        yield from _condition_tuples(_WILDCARD, "refused", place, _refused([m], None))
        for c in categories:
            yield from _condition_tuples(_WILDCARD, f"refused_{c}", place, _refused([m], c))


def _matrix_tuples(matrix: HabilitationMatrix, categories: Sequence[str]) -> Iterator[Tuple]:
    for profession in matrix.professions:
        group = profession_id(profession) + "#member"
        for c in categories:
            level = matrix.level(profession, c)
            if level is not Level.NONE:
                yield _tuple(group, f"{level}_{c}", MATRIX)


def _principal_tuples(principal: Principal) -> Iterator[Tuple]:
    user = user_id(principal)
    if principal.account_state is AccountState.ACTIVE:
        yield _tuple(user, "active_account", DIRECTORY)
    if principal.profession is not None:
        yield _tuple(user, "member", profession_id(principal.profession))
    for structure in sorted(principal.delegated_by):
        yield _tuple(user, "delegate", structure_id(structure))


def _accounts(principals: object) -> dict[str, Principal]:
    found: dict[str, Principal] = {}
    for i, principal in enumerate(check_principals(principals)):
        if principal.account is None:
            continue  # never granted anything (HABILITATION_PENDING_ACCOUNT): no user
        known = found.setdefault(principal.account, principal)
        if known != principal:
            raise InvalidValueError.of(
                "PRINCIPAL_REPEATED",
                f"principals[{i}]",
                "the directory describes each PASS account once",
            )
    return found


def _records(records: object) -> list[CoordinationRecord]:
    if isinstance(records, str | bytes | CoordinationRecord) or not isinstance(records, Iterable):
        raise wrong_type("records", "an iterable of CoordinationRecord")
    found = [check_record(r, f"records[{i}]") for i, r in enumerate(records)]
    seen: set[str] = set()
    for i, record in enumerate(found):
        if record.record_id in seen:
            raise InvalidValueError.of(
                "DUPLICATE_RECORD_ID", f"records[{i}]", "each record is exported once"
            )
        seen.add(record.record_id)
    return found


def _key(t: Tuple) -> tuple[str, str, str]:
    return (t["object"], t["relation"], t["user"])


def relationship_tuples(
    records: Iterable[CoordinationRecord],
    *,
    matrix: HabilitationMatrix,
    principals: Iterable[Principal] = (),
) -> list[dict[str, Any]]:
    """The relationship tuples of ``records``, ``matrix`` and the directory's ``principals``,
    for the model :func:`~carecircle.interop.openfga.authorization_model` gives.

    Each tuple is a JSON-ready dict (``user``, ``relation``, ``object``, and ``condition``
    when time-bound), sorted by object, relation and user; each (user, relation, object)
    appears once, a member's windows all on its one tuple. ``principals`` are what the
    directory says now (active account, profession, delegations): only they have
    ``active_account``, profession and ``delegate`` tuples, and their ids decide which
    memberships are theirs (a membership recorded by national id alone, ``IDENTITY_MISMATCH``);
    a principal without a PASS account gets nothing (no access, ever, without one).
    """
    given = _records(records)
    categories = category_names(check_matrix(matrix))
    accounts = _accounts(principals)
    found: list[Tuple] = [*_matrix_tuples(matrix, categories)]
    for principal in accounts.values():
        found += _principal_tuples(principal)
    for record in given:
        found += _record_tuples(record, categories, accounts)
    return sorted({_key(t): t for t in found}.values(), key=_key)
