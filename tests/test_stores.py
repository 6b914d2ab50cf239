"""Record stores (:mod:`carecircle.stores`): the contracts against the in-memory store and
against the SQLite store of ``docs/persistence.md`` (the page shows the very code of
``docs/examples/sqlite_store.py``, checked here), and the contracts catching stores that get
compare-and-set, atomicity or the history wrong.
"""

from __future__ import annotations

import ast
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import carecircle as cc
from carecircle import CoordinationRecord, RecordStore, stores
from carecircle.events import Event
from carecircle.stores import check_base, checked_change, record_key
from carecircle.testing.contracts import RecordStoreContract
from carecircle.testing.contracts.records import contract_changes, created, edited
from carecircle.testing.stores import InMemoryRecordStore

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.scripts import load
else:
    from .helpers.scripts import load

DOCS = Path(__file__).resolve().parents[1] / "docs"
EXAMPLE = DOCS / "examples" / "sqlite_store.py"
#: The line of docs/persistence.md right before the block that shows the example's code.
MARKER = "<!-- docs/examples/sqlite_store.py -->"
SQLITE = load(EXAMPLE)


class TestInMemoryRecordStore(RecordStoreContract):
    def make_store(self) -> RecordStore:
        return InMemoryRecordStore()


class TestSQLiteRecordStore(RecordStoreContract):
    """The store of docs/persistence.md, in a new database file for each store made."""

    @pytest.fixture(autouse=True)
    def _folder(self, tmp_path: Path) -> None:
        self.folder, self.made = tmp_path, 0

    def make_store(self) -> RecordStore:
        self.made += 1
        store: RecordStore = SQLITE.SQLiteRecordStore(self.folder / f"records-{self.made}.db")
        return store


def test_the_page_shows_the_code_the_contracts_run_against() -> None:
    """docs/persistence.md shows docs/examples/sqlite_store.py after its docstring, line for
    line (blank lines aside: a doctest block has none between statements)."""
    page = (DOCS / "persistence.md").read_text(encoding="utf-8")
    assert page.count(MARKER) == 1
    block = page.split(MARKER + "\n```pycon\n", 1)[1].split("\n```", 1)[0]
    shown = []
    for line in block.splitlines():
        assert line.startswith((">>> ", "... ")) or line in {"...", ""}, line
        shown.append(line[4:])
    source = EXAMPLE.read_text(encoding="utf-8")
    body = ast.parse(source).body
    assert isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
    code = source.splitlines()[body[0].end_lineno or 0 :]
    assert [line for line in shown if line.strip()] == [line for line in code if line.strip()]


def test_the_port_has_one_public_home() -> None:
    """``carecircle.RecordStore`` is the port; ``carecircle.stores`` holds its codes and helpers."""
    assert RecordStore.__module__ == "carecircle.stores"
    assert "RecordStore" in cc.__all__
    assert "RecordStore" not in stores.__all__
    store = InMemoryRecordStore()
    store.append(created("DC-a"))
    store.append(created("DC-b"))
    assert (list(store), len(store)) == (["DC-a", "DC-b"], 2)


class TestChecks:
    def test_record_key_is_checked_as_a_record_id(self) -> None:
        assert record_key(" DC-1  ") == "DC-1"
        for value, code in (("  ", "TEXT_REQUIRED"), ("DC\u200b1", "TEXT_INVALID_CHARACTER")):
            with pytest.raises(cc.InvalidValueError) as caught:
                record_key(value)
            assert (caught.value.code, caught.value.path) == (code, "record_id")

    def test_check_base(self) -> None:
        check_base("DC-1", None, based_on=0)
        check_base("DC-1", 4, based_on=4)
        with pytest.raises(cc.NotFoundError) as missing:
            check_base("DC-1", None, based_on=3)
        assert missing.value.code == "RECORD_NOT_FOUND"
        for stored, based_on in ((1, 0), (4, 3), (4, 5)):
            with pytest.raises(cc.ConflictError) as conflict:
                check_base("DC-1", stored, based_on=based_on)
            assert conflict.value.code == cc.VERSION_CONFLICT
            assert f"based on version {based_on}" in conflict.value.message
            assert f"holds version {stored}" in conflict.value.message

    def test_every_operation_s_change_holds_together(self) -> None:
        for change in contract_changes():
            assert checked_change(change) is change
        noop = edited(created().record, "")
        assert not noop.applied and checked_change(noop) is noop


# -- stores that get something wrong -----------------------------------------------------------


class LastWriteWins(InMemoryRecordStore):
    """No compare: the write of a stale change replaces the newer one."""

    def append(self, change: cc.Change) -> None:
        if change.applied:
            with self._lock:
                self._records[change.record.record_id] = change.record
                self._events.setdefault(change.record.record_id, []).extend(change.events)


class CheckThenWrite(InMemoryRecordStore):
    """Compare and set in two steps, the lock released in between: racy."""

    def append(self, change: cc.Change) -> None:
        checked_change(change)
        try:
            current: int | None = self.load(change.record.record_id).version
        except cc.NotFoundError:
            current = None
        check_base(change.record.record_id, current, based_on=change.based_on)
        threading.Event().wait(0.001)  # the window another writer falls into
        LastWriteWins.append(self, change)  # type: ignore[arg-type]


class HalfWritten(InMemoryRecordStore):
    """Keeps the record of a refused change (a transaction that does not roll back)."""

    def append(self, change: cc.Change) -> None:
        try:
            super().append(change)
        except cc.ConflictError:
            with self._lock:
                self._records[change.record.record_id] = change.record
            raise


class Forgetful(InMemoryRecordStore):
    """Keeps only the last change's events."""

    def history(self, record_id: str) -> tuple[Event, ...]:
        events = super().history(record_id)
        last = events[-1].meta.version
        return tuple(e for e in events if e.meta.version == last)


class Unchecked(InMemoryRecordStore):
    """Takes any change as it comes, even one that does not hold together."""

    def append(self, change: cc.Change) -> None:
        with self._lock:
            stored = self._records.get(change.record.record_id)
            check_base(
                change.record.record_id,
                None if stored is None else stored.version,
                based_on=change.based_on,
            )
            self._records[change.record.record_id] = change.record
            self._events.setdefault(change.record.record_id, []).extend(change.events)


class NoopBlind(InMemoryRecordStore):
    """Accepts a change that changed nothing without comparing its version."""

    def append(self, change: cc.Change) -> None:
        if change.applied:
            super().append(change)


def _contract(store: type[InMemoryRecordStore]) -> RecordStoreContract:
    class Contract(RecordStoreContract):
        def make_store(self) -> RecordStore:
            return store()

    return Contract()


@pytest.mark.parametrize(
    ("store", "test", "message"),
    [
        (
            LastWriteWins,
            "test_a_stale_change_is_a_version_conflict_and_changes_nothing",
            "expected ConflictError",
        ),
        (LastWriteWins, "test_creating_an_existing_record_is_a_conflict", "expected ConflictError"),
        (
            LastWriteWins,
            "test_concurrent_writers_in_lockstep_conflict_and_lose_nothing",
            "read the same version all succeeded",
        ),
        (LastWriteWins, "test_concurrent_writers_running_free_lose_nothing", "writes were lost"),
        (
            CheckThenWrite,
            "test_concurrent_writers_in_lockstep_conflict_and_lose_nothing",
            "read the same version all succeeded",
        ),
        (
            HalfWritten,
            "test_a_stale_change_is_a_version_conflict_and_changes_nothing",
            "after a stale append",
        ),
        (
            Forgetful,
            "test_history_has_every_event_in_order_with_consecutive_versions",
            "versions 1 to 9",
        ),
        (Forgetful, "test_a_chain_of_changes_loads_the_latest", "expected the history"),
        (
            Unchecked,
            "test_an_inconsistent_change_is_refused_and_stores_nothing",
            "expected InvalidValueError",
        ),
        (NoopBlind, "test_a_change_that_changed_nothing_stores_nothing", "a stale no-op"),
    ],
)
def test_the_contracts_catch_a_wrong_store(
    store: type[InMemoryRecordStore], test: str, message: str
) -> None:
    with pytest.raises(AssertionError, match=message):
        getattr(_contract(store), test)()


def test_a_store_that_raises_in_a_writer_fails_the_concurrent_test() -> None:
    class Broken(InMemoryRecordStore):
        def load(self, record_id: str) -> CoordinationRecord:
            if threading.current_thread() is not threading.main_thread():
                raise RuntimeError("connection lost")
            return super().load(record_id)

    contract = _contract(Broken)
    for test in (
        contract.test_concurrent_writers_in_lockstep_conflict_and_lose_nothing,
        contract.test_concurrent_writers_running_free_lose_nothing,
    ):
        with pytest.raises(AssertionError, match="a writer failed: RuntimeError"):
            test()
