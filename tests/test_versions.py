"""Versioned writes: ``expected_version`` (``VERSION_CONFLICT``, a ``ConflictError`` raised
alone), ``Change.based_on``, and a compare-and-set store driven by many threads: no accepted
change is lost, and a revocation is never undone silently.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest

import carecircle as cc
from carecircle import events as ev
from carecircle.testing.builders import (
    directory_professional,
    directory_structure,
    instant,
    new_record,
    related_person,
)

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.circles import joined
else:
    from .helpers.circles import joined


def _conflict(call: Callable[[], object]) -> cc.ConflictError:
    with pytest.raises(cc.ConflictError) as caught:
        call()
    return caught.value


class TestExpectedVersion:
    @pytest.fixture
    def record(self) -> cc.CoordinationRecord:
        return joined(directory_professional(2))[0]

    def test_based_on_is_the_version_applied_to(self, record: cc.CoordinationRecord) -> None:
        actor = cc.Principal.from_entry(directory_professional(1))
        change = cc.habilitate(record, "M2", actor=actor, at=instant(2), expected_version=2)
        assert (change.based_on, change.record.version) == (2, 3)
        noop = cc.update_member(record, "M2", actor=actor, at=instant(2))
        assert (noop.applied, noop.based_on, noop.record is record) == (False, 2, True)
        entry = directory_professional(1)
        created = cc.create_record(
            record_id="DC-2",
            patient=record.patient,
            creator=actor,
            creator_entry=entry,
            at=instant(0),
        )
        assert (created.based_on, created.record.version) == (0, 1)

    @pytest.mark.parametrize(
        "operation",
        [
            lambda r, a, v: cc.add_member(
                r, related_person(3), actor=a, at=instant(2), expected_version=v
            ),
            lambda r, a, v: cc.update_member(
                r, "M2", actor=a, at=instant(2), description="x", expected_version=v
            ),
            lambda r, a, v: cc.habilitate(r, "M2", actor=a, at=instant(2), expected_version=v),
            lambda r, a, v: cc.revoke_habilitation(
                r, "M1", actor=a, at=instant(2), expected_version=v
            ),
            lambda r, a, v: cc.end_participation(
                r, "M2", actor=a, at=instant(2), expected_version=v
            ),
            lambda r, a, v: cc.rejoin(r, "M2", actor=a, at=instant(2), expected_version=v),
            lambda r, a, v: cc.refresh_member(
                r,
                "M2",
                entry=directory_professional(2),
                actor=a,
                at=instant(2),
                expected_version=v,
            ),
        ],
        ids=["add", "update", "habilitate", "revoke", "end", "rejoin", "refresh"],
    )
    def test_every_operation_refuses_another_version_first(
        self,
        record: cc.CoordinationRecord,
        operation: Callable[[cc.CoordinationRecord, cc.Principal, int], cc.Change],
    ) -> None:
        """Raised alone, before the actor (a stranger here) and the member's state are judged:
        rejoin on an active member would otherwise be MEMBER_ALREADY_ACTIVE."""
        stranger = cc.Principal(account="pass:999")
        for stale in (1, 3, 0, -5):
            error = _conflict(functools.partial(operation, record, stranger, stale))
            assert error.code == "VERSION_CONFLICT"
            assert error.path == "expected_version"
            assert error.violation.kind is cc.ViolationKind.CONFLICT
            assert f"based on version {stale}" in error.message
            assert "at version 2" in error.message
            assert isinstance(error, ValueError)
            assert not isinstance(error, cc.ChangeRejected)
        with pytest.raises(cc.ChangeRejected):
            operation(record, stranger, 2)  # the right version: now the rules speak

    def test_the_service_checks_the_version_before_any_look_up(
        self, record: cc.CoordinationRecord
    ) -> None:
        from carecircle.testing import directories, notifiers

        notifier = notifiers.CapturingNotifier()
        service = cc.CareCircleService(
            professionals=directories.InMemoryProfessionalDirectory(
                [directory_professional(n) for n in (1, 2, 4)]
            ),
            structures=directories.InMemoryStructureDirectory([directory_structure(5)]),
            notifier=notifier,
        )
        actor = cc.Principal.from_entry(directory_professional(1))
        calls: list[Callable[[], object]] = [
            lambda: service.add_professional(
                record, actor=actor, national_id="unknown", at=instant(2), expected_version=1
            ),
            lambda: service.add_structure(
                record, actor=actor, national_id="unknown", at=instant(2), expected_version=1
            ),
            lambda: service.habilitate(
                record, actor=actor, member_id="M2", at=instant(2), expected_version=1
            ),
            lambda: service.refresh_member(
                record, actor=actor, member_id="M9", at=instant(2), expected_version=1
            ),
        ]
        for call in calls:
            assert _conflict(call).code == "VERSION_CONFLICT"
        change = service.habilitate(
            record, actor=actor, member_id="M2", at=instant(2), expected_version=2
        )
        assert change.based_on == 2
        assert notifier.sent == []  # the service hands the change back; dispatch sends
        service.dispatch(change)
        assert [getattr(n, "recipient", None) for n in notifier.sent] == ["pass:2"]
        added = service.add_professional(
            change.record,
            actor=actor,
            national_id="800000000004",
            at=instant(3),
            expected_version=3,
        )
        assert added.record.version == 4
        structure = service.add_structure(
            added.record, actor=actor, national_id="S5", at=instant(4), expected_version=4
        )
        refreshed = service.refresh_member(
            structure.record, actor=actor, member_id="M2", at=instant(5), expected_version=5
        )
        assert refreshed.based_on == 5


# -- many threads through one compare-and-set store -------------------------------------------


class Store:
    """One record, written only by compare-and-set under a lock; keeps every accepted change."""

    def __init__(self, record: cc.CoordinationRecord) -> None:
        self._lock = threading.Lock()
        self._record = record
        self.history: list[cc.Change] = []

    def load(self) -> cc.CoordinationRecord:
        with self._lock:
            return self._record

    def compare_and_set(self, change: cc.Change) -> bool:
        with self._lock:
            if self._record.version != change.based_on:
                return False
            if change.applied:
                self._record = change.record
                self.history.append(change)
            return True


THREADS = 8
OPERATIONS = 50
ACTOR = cc.Principal.from_entry(directory_professional(1))


def _operation(
    rng: random.Random, record: cc.CoordinationRecord, thread: int, step: int
) -> Callable[[cc.CoordinationRecord], cc.Change]:
    """A random operation, decided on what the thread read; applied later to what the store
    holds then (with the version read: a stale one is a VERSION_CONFLICT).
    """
    read = record.version
    others = [m.member_id for m in record.circle if m.member_id != "M1"]
    kind = rng.choice(["add", "habilitate", "revoke", "update", "end", "rejoin"])
    if kind == "add" or not others:
        entry = directory_professional(1000 * (thread + 1) + step)
        habilitated = rng.random() < 0.5
        return lambda r: cc.add_member(
            r, entry, actor=ACTOR, at=_next(r), habilitated=habilitated, expected_version=read
        )
    member_id = rng.choice(others)
    if kind == "habilitate":
        return lambda r: cc.habilitate(
            r, member_id, actor=ACTOR, at=_next(r), expected_version=read
        )
    if kind == "revoke":
        return lambda r: cc.revoke_habilitation(
            r, member_id, actor=ACTOR, at=_next(r), expected_version=read
        )
    if kind == "update":
        text = f"note {thread}.{step}"
        return lambda r: cc.update_member(
            r, member_id, actor=ACTOR, at=_next(r), description=text, expected_version=read
        )
    if kind == "end":
        return lambda r: cc.end_participation(
            r, member_id, actor=ACTOR, at=_next(r), expected_version=read
        )
    return lambda r: cc.rejoin(
        r,
        member_id,
        actor=ACTOR,
        at=_next(r),
        habilitated=rng.random() < 0.5,
        expected_version=read,
    )


def _next(record: cc.CoordinationRecord) -> dt.datetime:
    return record.updated_at + dt.timedelta(minutes=1)


@pytest.fixture
def eager_switching() -> Iterator[None]:
    """Threads switched every microsecond: a thread's 50 operations take less than the
    default 5 ms interval, so that without it the threads may well run one after the other
    and never race."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(interval)


@pytest.mark.usefixtures("eager_switching")
def test_many_threads_lose_no_change_and_never_undo_a_revocation() -> None:
    record, _ = new_record()
    store = Store(record)
    accepted: list[list[cc.Change]] = [[] for _ in range(THREADS)]
    counts = {"conflicts": 0, "cas_failures": 0, "rejected": 0, "unchanged": 0}
    counts_lock = threading.Lock()
    barrier = threading.Barrier(THREADS)

    def count(what: str) -> None:
        with counts_lock:
            counts[what] += 1

    def work(thread: int) -> None:
        rng = random.Random(thread)  # noqa: S311 -- a seeded workload
        barrier.wait()
        for step in range(OPERATIONS):
            operation = _operation(rng, store.load(), thread, step)
            time.sleep(0)  # let another thread write what was just read: races happen
            while True:
                current = store.load()
                try:
                    change = operation(current)
                except cc.ConflictError:
                    count("conflicts")  # decided on a stale read: decide again
                    operation = _operation(rng, store.load(), thread, step)
                    continue
                except cc.ChangeRejected:
                    count("rejected")  # the rules refuse it on this version: drop it
                    break
                if store.compare_and_set(change):
                    if change.applied:
                        accepted[thread].append(change)
                    else:
                        count("unchanged")  # nothing to do on this version
                    break
                count("cas_failures")  # someone wrote between load and store: again

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    history = store.history
    final = store.load()
    # Every change a thread saw accepted is in the history, and nothing else is.
    assert sorted(id(c) for c in history) == sorted(id(c) for cs in accepted for c in cs)
    # None is lost: versions 2..n+1 follow each other, each based on the one before.
    assert [c.record.version for c in history] == list(range(2, len(history) + 2))
    assert [c.based_on for c in history] == list(range(1, len(history) + 1))
    assert final is history[-1].record
    assert final.version == len(history) + 1
    # Every operation ended once: stored, found to change nothing, or refused by the rules.
    ended = len(history) + counts["unchanged"] + counts["rejected"]
    assert ended == THREADS * OPERATIONS and history, counts
    # A revocation is never undone silently: a member habilitated at version k+1 but not at
    # version k was granted by the change that made version k+1.
    previous = record
    for change in history:
        for m in change.record.circle:
            before = previous.circle.find(m.member_id)
            was = before is not None and before.habilitated
            if m.habilitated and not was:
                granted = [
                    e
                    for e in change.events
                    if isinstance(e, ev.HabilitationGranted) and e.member_id == m.member_id
                ]
                assert granted, (change.record.version, m.member_id)
            elif was and not m.habilitated:
                assert any(
                    isinstance(e, ev.HabilitationRevoked) and e.member_id == m.member_id
                    for e in change.events
                )
        # Every event of the change names its version.
        assert {e.meta.version for e in change.events} == {change.record.version}
        previous = change.record
    # Races did happen (the test would prove nothing otherwise).
    assert counts["conflicts"] + counts["cas_failures"] > 0, counts


def test_without_versions_two_writers_both_make_version_n_plus_1() -> None:
    """What the issue reproduced: both changes are n + 1; only based_on tells them apart."""
    record, actor = joined(directory_professional(2), habilitated=True)
    revoked = cc.revoke_habilitation(record, "M2", actor=actor, at=instant(2))
    edited = cc.update_member(record, "M2", actor=actor, at=instant(3), description="x")
    assert revoked.record.version == edited.record.version == 3
    assert revoked.based_on == edited.based_on == 2
    assert edited.record.circle.get("M2").habilitated  # would undo the revocation
    error = _conflict(
        lambda: cc.update_member(
            revoked.record, "M2", actor=actor, at=instant(3), description="x", expected_version=2
        )
    )
    assert error.code == "VERSION_CONFLICT"
