"""The hand-written access rule the benchmarks compare the library with (the baseline).

R2–R4 and the habilitation matrix over plain dicts, as one would write them without the
library: :func:`hand_allowed`. ``benchmarks/access.py`` times it as its row (a);
``benchmarks/serialization.py`` runs it after pydantic's ``model_validate_json``. Each
benchmark turns its own records into these dicts; principals and matrices are turned into
them by :func:`plain_principal` and :func:`plain_matrix`. Both time their loops with
:func:`best_per_call`.
"""

from __future__ import annotations

import datetime as dt
import gc
import time
from collections.abc import Callable, Mapping
from typing import Final, TypedDict

from carecircle import HabilitationMatrix, Principal

__all__ = [
    "RANK",
    "PlainMatrix",
    "PlainMember",
    "PlainPrincipal",
    "PlainRecord",
    "best_per_call",
    "grants",
    "hand_allowed",
    "plain_matrix",
    "plain_principal",
]


class PlainMember(TypedDict):
    periods: list[tuple[dt.datetime, dt.datetime | None]]  # start, exclusive end
    habilitated: bool
    habilitation_ends: dt.datetime | None
    refused: bool
    legal_entity: bool


class PlainRecord(TypedDict):
    record_id: str
    # Directory professionals by PASS account: every one of this workload has an account (the
    # library also matches them by national id, which here always goes with the account).
    members: dict[str, list[PlainMember]]
    structures: dict[str, list[PlainMember]]  # directory structures, by national id


class PlainPrincipal(TypedDict):
    account: str
    active: bool
    profession: str
    delegated_by: frozenset[str]


PlainMatrix = dict[str, dict[str, str]]  # profession -> category -> "none" | "read" | "write"

RANK: Final = {"none": 0, "read": 1, "write": 2}


def grants(member: PlainMember, at: dt.datetime) -> bool:
    if member["refused"] or not member["habilitated"]:
        return False
    ends = member["habilitation_ends"]
    if ends is not None and at >= ends:
        return False
    for start, end in member["periods"]:  # noqa: SIM110  # a loop: no generator per call
        if start <= at and (end is None or at < end):
            return True
    return False


def hand_allowed(
    record: PlainRecord,
    principal: PlainPrincipal,
    category: str,
    action: str,
    *,
    matrix: PlainMatrix,
    at: dt.datetime,
) -> bool:
    """R2–R4 and the matrix over plain dicts, as one would write them without the library."""
    if not principal["active"]:
        return False
    row = matrix.get(principal["profession"])
    if row is None or RANK[row.get(category, "none")] < RANK[action]:
        return False
    own = record["members"].get(principal["account"], [])
    for member in own:
        if member["refused"]:  # even on a membership that ended
            return False
    for member in own:
        if grants(member, at):
            return True
    for structure_id in principal["delegated_by"]:
        for member in record["structures"].get(structure_id, []):
            if member["legal_entity"] and grants(member, at):
                return True
    return False


def plain_principal(principal: Principal) -> PlainPrincipal:
    return {
        "account": principal.account or "",
        "active": principal.has_active_account,
        "profession": str(principal.profession),
        "delegated_by": principal.delegated_by,
    }


def plain_matrix(matrix: HabilitationMatrix) -> PlainMatrix:
    return {
        str(p): {c: matrix.level(p, c).value for c in matrix.categories} for p in matrix.professions
    }


def best_per_call(
    loops: Mapping[str, Callable[[], object]], calls: int, repeats: int
) -> dict[str, float]:
    """The best time per call, in seconds, of each loop making ``calls`` calls.

    The loops take turns ``repeats`` times, so a noisy neighbour slows each of them alike;
    the garbage collector is paused while timing, as :mod:`timeit` does.
    """
    best = dict.fromkeys(loops, float("inf"))
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeats):
            for name, loop in loops.items():
                start = time.perf_counter()
                loop()
                best[name] = min(best[name], time.perf_counter() - start)
    finally:
        gc.enable()
    return {name: seconds / calls for name, seconds in best.items()}
