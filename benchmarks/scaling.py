"""Scaling benchmark: how the cost of the first decision and of one operation grows.

Two series, in one run, each built directly with the model's constructors:

- the first :func:`~carecircle.decide` on a record whose one member (a habilitated
  directory professional) has 500, 1,000, 2,000, 4,000 and 8,000 participation periods (they
  left and came back that often): each repetition builds a fresh record, so the access code's
  memo is built anew and timed with the decision;
- one *chained* :func:`~carecircle.add_member` on a record of 100, 1,000, 3,000 and
  10,000 members (directory professionals, one in ten habilitated, a médecin traitant, the
  creator habilitated), as a service applying operations one after the other does: the record
  timed is itself the outcome of an operation on a record whose indexes were built, so its
  access memo and rule index are still to derive (not built), and the timed ``add_member`` pays
  for deriving them, with the edit check (R6) and the rules it triggers. Each repetition chains
  a fresh record (never one whose memo an earlier repetition warmed). The very first
  ``add_member`` on a record built from scratch, which builds every index, is shown, not
  targeted.

Each point is the best of several repetitions, garbage collector paused. For each series the
script fits the log-log slope (least squares of log time on log size) and checks it against
its target: ≤ 1.2 for the first decision (O(P log P) at worst), ≤ 0.5 for ``add_member``
(proportional to the change, not to the circle). It prints a table and exits 0 when both
targets are met, 1 when one is missed.

    python benchmarks/scaling.py
"""

from __future__ import annotations

import datetime as dt
import gc
import math
import sys
import time
from collections.abc import Callable, Sequence
from typing import Final

import carecircle as cc
from carecircle import (
    EXAMPLE_MATRIX,
    Action,
    CareCircle,
    Category,
    CoordinationRecord,
    DirectoryProfessional,
    Membership,
    Participation,
    PassAccount,
    Patient,
    Principal,
    decide,
)
from carecircle.nomenclatures import professions
from carecircle.roles import PCP

T0: Final = dt.datetime(2026, 1, 1, 8, 0, tzinfo=dt.UTC)
PERIODS: Final = (500, 1_000, 2_000, 4_000, 8_000)
MEMBERS: Final = (100, 1_000, 3_000, 10_000)
DECIDE_TARGET: Final = 1.2
ADD_TARGET: Final = 0.5
PATIENT: Final = Patient(patient_id="P-1", family_name="Martin", given_name="Louise")


def _national_id(n: int) -> str:
    return f"8{10_000_000_000 + n:011d}"


def professional(n: int) -> DirectoryProfessional:
    return DirectoryProfessional(
        national_id=_national_id(n),
        account=PassAccount(id=f"pass:{n}"),
        profession=professions.MEDECIN if n % 7 == 0 else professions.INFIRMIER,
        family_name=f"Nom{n}",
        given_name="Anne",
    )


def periods_record(periods: int) -> tuple[CoordinationRecord, Principal, dt.datetime]:
    """A record whose one member left and came back ``periods - 1`` times (the last period
    open), and the instant after the last return.
    """
    hour = dt.timedelta(hours=1)
    spans = [
        Participation(
            start=T0 + 2 * i * hour,
            end=None if i == periods - 1 else T0 + (2 * i + 1) * hour,
            added_by="pass:1",
        )
        for i in range(periods)
    ]
    entry = professional(1)
    member = Membership(member_id="M1", member=entry, habilitated=True, participations=tuple(spans))
    last = spans[-1].start
    record = CoordinationRecord(
        record_id="DC-1",
        patient=PATIENT,
        circle=CareCircle(memberships=(member,)),
        created_by="pass:1",
        created_at=T0,
        updated_at=last,
    )
    return record, Principal.from_entry(entry), last + hour


def members_record(size: int) -> tuple[CoordinationRecord, Principal]:
    """A record of ``size`` directory professionals; M1, the creator, is habilitated."""
    start = (Participation(start=T0, added_by="pass:1"),)
    memberships = [
        Membership(
            member_id=f"M{n}",
            member=professional(n),
            habilitated=n == 1 or n % 10 == 0,
            roles={PCP} if n == 7 else (),
            participations=start,
        )
        for n in range(1, size + 1)
    ]
    record = CoordinationRecord(
        record_id="DC-1",
        patient=PATIENT,
        circle=CareCircle(memberships=memberships),
        created_by="pass:1",
        created_at=T0,
    )
    return record, Principal.from_entry(professional(1))


def best_of(repeat: int, setup: Callable[[], Callable[[], object]]) -> float:
    """The best time of ``repeat`` calls, each on what a fresh ``setup()`` returns."""
    best = math.inf
    for _ in range(repeat):
        call = setup()
        gc.collect()
        gc.disable()
        try:
            started = time.perf_counter()
            call()
            best = min(best, time.perf_counter() - started)
        finally:
            gc.enable()
    return best


def first_decision(periods: int) -> float:
    def setup() -> Callable[[], object]:
        record, principal, at = periods_record(periods)
        return lambda: decide(
            record, principal, Category.MEDICAL, Action.READ, matrix=EXAMPLE_MATRIX, at=at
        )

    return best_of(5 if periods <= 2_000 else 3, setup)


def add_member_times(size: int) -> tuple[float, float]:
    """(the first add_member on a record built from scratch, the best chained one)."""
    record, actor = members_record(size)
    at = T0 + dt.timedelta(days=1)

    def add(on: CoordinationRecord, n: int) -> CoordinationRecord:
        return cc.add_member(
            on, professional(n), actor=actor, at=at, roles=(), habilitated=True
        ).record

    started = time.perf_counter()
    base = add(record, size + 1)  # builds the indexes of ``record``
    first = time.perf_counter() - started
    numbers = iter(range(size + 2, size + 1_000))

    def setup() -> Callable[[], object]:
        # A record out of an operation on ``base`` (whose indexes are built): its own are
        # only derivable, and each repetition gets a new one.
        chained = add(base, next(numbers))
        newcomer = next(numbers)
        return lambda: add(chained, newcomer)

    return first, best_of(15, setup)


def slope(sizes: Sequence[int], times: Sequence[float]) -> float:
    """The least-squares slope of log(time) on log(size)."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(t) for t in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def main() -> int:
    print("first decide() on a record whose member has P participation periods")
    print(f"{'P':>8} {'time (ms)':>12}")
    decisions = []
    for p in PERIODS:
        decisions.append(first_decision(p))
        print(f"{p:>8,} {decisions[-1] * 1e3:>12.3f}")
    print("\none add_member() on a record of N members that came out of an operation")
    print(f"{'N':>8} {'first (ms)':>12} {'chained (ms)':>13}")
    adds = []
    for n in MEMBERS:
        first, best = add_member_times(n)
        adds.append(best)
        print(f"{n:>8,} {first * 1e3:>12.3f} {best * 1e3:>13.3f}")
    results = [
        ("first decide(), periods", slope(PERIODS, decisions), DECIDE_TARGET),
        ("chained add_member()", slope(MEMBERS, adds), ADD_TARGET),
    ]
    print(f"\n{'series':<26} {'log-log slope':>14} {'target':>8}  verdict")
    missed = False
    for name, found, target in results:
        verdict = "PASS" if found <= target else "MISS"
        missed = missed or verdict == "MISS"
        print(f"{name:<26} {found:>14.2f} {'≤ ' + str(target):>8}  {verdict}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
