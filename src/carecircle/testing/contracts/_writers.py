"""Concurrent writers of one record, for the store contract: compare-and-set under threads.

Every writer loops *load, apply, append* and, on ``VERSION_CONFLICT``, loads again. Two
tests: in *lockstep*, a barrier makes every writer read the same version before any appends,
so exactly one append per round may succeed and the others must conflict (conflicts are
certain, not hoped for); *running free*, writers interleave as the threads happen to be
scheduled, and the test asserts only that no write was lost (conflicts are likely, not
required: a test that needs luck would be flaky).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import ClassVar

from carecircle._errors import ConflictError
from carecircle._operations import VERSION_CONFLICT, Change
from carecircle.stores import RecordStore
from carecircle.testing.contracts.checks import check
from carecircle.testing.contracts.records import created, edited

__all__ = ["ConcurrentWritersContract"]

_RECORD = "DC-contract-writers"


class _Writers:
    """``count`` threads running ``work(i)``; the first failure of any is kept, and aborts
    the barrier so that the others stop waiting.
    """

    def __init__(self, count: int, timeout: float) -> None:
        self.count, self.timeout = count, timeout
        self.barrier = threading.Barrier(count, timeout=timeout)
        self.failures: list[Exception] = []

    def run(self, work: Callable[[int], None]) -> None:
        def guarded(i: int) -> None:
            try:
                work(i)
            except threading.BrokenBarrierError:
                pass  # another writer failed: its failure is the one reported
            except Exception as failure:  # reported in the main thread
                self.failures.append(failure)
                self.barrier.abort()

        threads = [
            threading.Thread(target=guarded, args=(i,), daemon=True) for i in range(self.count)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(self.timeout * 4)
        stuck = sum(t.is_alive() for t in threads)
        check(stuck == 0, f"{stuck} writers still running after {self.timeout * 4:.0f} s")
        if self.failures:
            first = self.failures[0]
            raise AssertionError(f"a writer failed: {first!r}") from first


def _append(store: RecordStore, change: Change) -> bool:
    """Whether ``store`` took ``change``; False on ``VERSION_CONFLICT`` (nothing else)."""
    try:
        store.append(change)
    except ConflictError as conflict:
        check(conflict.code == VERSION_CONFLICT, f"append: found {conflict.code}")
        return False
    return True


class ConcurrentWritersContract:
    """Compare-and-set under threads; part of
    :class:`~carecircle.testing.contracts.RecordStoreContract`.

    ``concurrent_writers`` threads each make ``writes_per_writer`` writes; a store that is
    slow to write (a remote database) may lower them, and ``writer_timeout`` (seconds a
    writer may wait at the barrier) bounds a store that blocks.
    """

    concurrent_writers: ClassVar[int] = 8
    writes_per_writer: ClassVar[int] = 4
    writer_timeout: ClassVar[float] = 30.0

    def make_store(self) -> RecordStore:
        """A fresh, empty store."""
        raise NotImplementedError

    def _check_nothing_lost(self, store: RecordStore, accepted: list[list[Change]]) -> None:
        """Every append a writer saw succeed is in the store, and nothing else."""
        changes = sorted((c for mine in accepted for c in mine), key=lambda c: c.based_on)
        wanted = self.concurrent_writers * self.writes_per_writer
        check(len(changes) == wanted, f"{len(changes)} writes succeeded, {wanted} were made")
        final = store.load(_RECORD)
        check(
            final.version == len(changes) + 1,
            f"{len(changes)} appends succeeded but the record is at version {final.version}: "
            f"{len(changes) + 1 - final.version} writes were lost",
        )
        bases = [c.based_on for c in changes]
        check(bases == list(range(1, wanted + 1)), f"the successful appends were based on {bases}")
        check(final == changes[-1].record, "the record loaded is the last one appended")
        history = store.history(_RECORD)
        expected = [*created(_RECORD).events, *(e for c in changes for e in c.events)]
        versions = sorted({e.meta.version for e in history})
        check(versions == list(range(1, wanted + 2)), f"the history has versions {versions}")
        check(list(history) == expected, "the history holds every successful append's events")

    def test_concurrent_writers_in_lockstep_conflict_and_lose_nothing(self) -> None:
        store, writes = self.make_store(), self.writes_per_writer
        store.append(created(_RECORD))
        writers = _Writers(self.concurrent_writers, self.writer_timeout)
        accepted: list[list[Change]] = [[] for _ in range(writers.count)]
        wins: list[list[int]] = []  # per round, who succeeded
        lock = threading.Lock()

        def work(i: int) -> None:
            for round_ in range(writers.count * writes):
                writers.barrier.wait()  # every append of the round before is done
                if i == 0:
                    wins.append([])
                if len(accepted[i]) == writes:
                    change = None
                else:
                    change = edited(store.load(_RECORD), f"writer {i}, write {len(accepted[i])}")
                writers.barrier.wait()  # every writer has read the same version
                if change is not None and _append(store, change):
                    accepted[i].append(change)
                    with lock:
                        wins[round_].append(i)

        writers.run(work)
        doubles = [(r, w) for r, w in enumerate(wins) if len(w) > 1]
        check(not doubles, f"writers that read the same version all succeeded: {doubles}")
        check(all(wins), "a round where every writer conflicted: no write succeeded")
        self._check_nothing_lost(store, accepted)

    def test_concurrent_writers_running_free_lose_nothing(self) -> None:
        store, writes = self.make_store(), self.writes_per_writer
        store.append(created(_RECORD))
        writers = _Writers(self.concurrent_writers, self.writer_timeout)
        accepted: list[list[Change]] = [[] for _ in range(writers.count)]
        # A conflict means another writer succeeded since the load: never more than they write.
        most = (writers.count - 1) * writes

        def work(i: int) -> None:
            conflicts = 0
            writers.barrier.wait()
            while len(accepted[i]) < writes:
                change = edited(store.load(_RECORD), f"writer {i}, write {len(accepted[i])}")
                time.sleep(0)  # let another writer in between the load and the append
                if _append(store, change):
                    accepted[i].append(change)
                    continue
                conflicts += 1
                check(conflicts <= most, f"writer {i}: more conflicts than the others' writes")

        writers.run(work)
        self._check_nothing_lost(store, accepted)
