"""The contract of :class:`~carecircle.stores.RecordStore`: compare-and-set, history, errors.

The changes it appends come from :mod:`carecircle.testing.contracts.records` (the library's
own operations on fictional records); the concurrent writers from
:mod:`carecircle.testing.contracts._writers`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, TypeVar

import attrs

from carecircle._errors import ConflictError, InvalidValueError, NotFoundError, ViolationError
from carecircle._operations import VERSION_CONFLICT, Change
from carecircle.events import Event
from carecircle.stores import CHANGE_INCONSISTENT, RECORD_NOT_FOUND, RecordStore
from carecircle.testing.contracts._writers import ConcurrentWritersContract
from carecircle.testing.contracts.checks import check, raised
from carecircle.testing.contracts.records import contract_changes, created, edited

__all__ = ["RecordStoreContract"]

E = TypeVar("E", bound=ViolationError)


def _coded(call: Callable[[], object], error: type[E], code: str, what: str) -> E:
    found = raised(call, error, what)
    check(found.code == code, f"{what}: expected {error.__name__} {code}, found {found.code}")
    return found


def _altered(change: Change, **fields: Any) -> Change:
    """``change`` with ``fields`` replaced, whatever their type: a change built by hand."""
    return attrs.evolve(change, **fields)


def _events(changes: Sequence[Change]) -> list[Event]:
    return [e for c in changes for e in c.events]


class RecordStoreContract(ConcurrentWritersContract):
    """What every :class:`~carecircle.stores.RecordStore` must do.

    Subclass it as ``class TestMyStore(RecordStoreContract)`` and implement
    :meth:`make_store`: a fresh, empty store (a new database, or a new schema: each test
    calls it once and creates the records it reads). Each ``test_*`` method checks one
    behaviour documented in :mod:`carecircle.stores`; the concurrent writers' tuning is
    :class:`~carecircle.testing.contracts._writers.ConcurrentWritersContract`'s.
    """

    def _stored(self, changes: Sequence[Change]) -> RecordStore:
        store = self.make_store()
        for change in changes:
            store.append(change)
        return store

    def _check_holds(self, store: RecordStore, changes: Sequence[Change], what: str) -> None:
        """``store`` holds exactly ``changes`` of their record: the last one's record, and
        all their events in order."""
        record_id = changes[0].record.record_id
        found = store.load(record_id)
        wanted = changes[-1].record
        check(
            found == wanted,
            f"{what}: expected version {wanted.version} as appended, loaded version "
            f"{found.version}{'' if found.version != wanted.version else ', not equal'}",
        )
        history, expected = list(store.history(record_id)), _events(changes)
        check(
            history == expected,
            f"{what}: expected the history of versions {[e.meta.version for e in expected]}, "
            f"found {[e.meta.version for e in history]}"
            f"{'' if len(history) != len(expected) else ', not equal'}",
        )

    def test_is_a_record_store(self) -> None:
        check(isinstance(self.make_store(), RecordStore), "the store has load, append, history")

    def test_a_created_record_loads_equal(self) -> None:
        change = created()
        store = self._stored([change])
        self._check_holds(store, [change], "a created record")
        check(store.load("  DC-contract-1 ") == change.record, "the id is looked up stripped")

    def test_a_chain_of_changes_loads_the_latest(self) -> None:
        changes = contract_changes()
        store = self.make_store()
        for i, change in enumerate(changes):
            store.append(change)
            self._check_holds(store, changes[: i + 1], f"after version {change.record.version}")

    def test_history_has_every_event_in_order_with_consecutive_versions(self) -> None:
        changes = contract_changes()
        history = self._stored(changes).history("DC-contract-1")
        versions = [e.meta.version for e in history]
        check(versions == sorted(versions), f"history out of order: versions {versions}")
        check(set(versions) == set(range(1, 10)), f"versions 1 to 9 expected, found {versions}")
        found = [type(e).__name__ for e in history]
        expected = [type(e).__name__ for e in _events(changes)]
        check(found == expected, f"expected the events {expected}, found {found}")

    def test_a_stale_change_is_a_version_conflict_and_changes_nothing(self) -> None:
        first = created()
        store = self._stored([first])
        kept, stale = edited(first.record, "kept"), edited(first.record, "lost")
        store.append(kept)
        conflict = _coded(
            lambda: store.append(stale), ConflictError, VERSION_CONFLICT, "based on 1, stored 2"
        )
        check(conflict.path == "change.based_on", f"the conflict's path: {conflict.path}")
        self._check_holds(store, [first, kept], "after a stale append")
        ahead = contract_changes()[3]  # based on 3, where the store holds 2
        _coded(lambda: store.append(ahead), ConflictError, VERSION_CONFLICT, "based on 3")
        self._check_holds(store, [first, kept], "after an append based on a later version")

    def test_creating_an_existing_record_is_a_conflict(self) -> None:
        first = created()
        store = self._stored([first])
        again = attrs.evolve(
            first.record, patient=attrs.evolve(first.record.patient, given_name="Jo")
        )
        other = attrs.evolve(first, record=again)
        for change, what in ((first, "the same creation twice"), (other, "another creation")):
            _coded(partial(store.append, change), ConflictError, VERSION_CONFLICT, what)
            self._check_holds(store, [first], what)

    def test_a_change_that_changed_nothing_stores_nothing(self) -> None:
        first, store = created(), self.make_store()
        store.append(first)
        second = edited(first.record, "a note")
        store.append(second)
        same = edited(second.record, "a note")
        check(not same.applied, "the contract's no-op changes nothing")
        store.append(same)
        self._check_holds(store, [first, second], "after a change that changed nothing")
        # Decided on version 1, where M1 had no note: "nothing to do" is wrong on version 2.
        stale_noop = edited(first.record, first.record.circle.get("M1").description)
        check(not stale_noop.applied, "the contract's stale no-op changes nothing")
        _coded(lambda: store.append(stale_noop), ConflictError, VERSION_CONFLICT, "a stale no-op")
        self._check_holds(store, [first, second], "after a stale change that changed nothing")

    def test_an_unknown_record_is_not_found(self) -> None:
        store = self._stored([created()])
        for name, call in (("load", store.load), ("history", store.history)):
            _coded(partial(call, "DC-unknown"), NotFoundError, RECORD_NOT_FOUND, name)
        change = edited(created("DC-elsewhere").record, "x")
        error = _coded(
            lambda: store.append(change), NotFoundError, RECORD_NOT_FOUND, "append to unknown"
        )
        check(error.path == "change.record.record_id", f"the error's path: {error.path}")
        _coded(lambda: store.load("DC-elsewhere"), NotFoundError, RECORD_NOT_FOUND, "load it")

    def test_records_are_kept_apart(self) -> None:
        a, b = contract_changes("DC-contract-a"), contract_changes("DC-contract-b")[:4]
        store = self.make_store()
        for i in range(len(a)):
            for chain in (a, b):
                if i < len(chain):
                    store.append(chain[i])
        self._check_holds(store, a, "record a")
        self._check_holds(store, b, "record b")

    def test_an_inconsistent_change_is_refused_and_stores_nothing(self) -> None:
        changes = contract_changes()
        store = self._stored(changes[:2])
        nxt, other = changes[2], contract_changes("DC-contract-other")[2]
        for change, path, what in (
            (_altered(nxt, based_on=1), "change.based_on", "a version skipped"),
            (_altered(nxt, events=()), "change.based_on", "an applied record, no event"),
            (_altered(nxt, events=other.events), "change.events[0].meta", "another record's"),
            (
                _altered(nxt, events=changes[1].events),
                "change.events[0].meta",
                "another version's events",
            ),
        ):
            append = partial(store.append, change)
            error = _coded(append, InvalidValueError, CHANGE_INCONSISTENT, what)
            check(error.path == path, f"{what}: expected the path {path}, found {error.path}")
            self._check_holds(store, changes[:2], what)

    def test_wrong_types_are_coded_errors(self) -> None:
        store = self._stored([created()])
        good = edited(created().record, "x")
        for call, path in (
            (lambda: store.load(1), "record_id"),  # type: ignore[arg-type]
            (lambda: store.history(None), "record_id"),  # type: ignore[arg-type]
            (lambda: store.append("change"), "change"),  # type: ignore[arg-type]
            (lambda: store.append(_altered(good, based_on="1")), "change.based_on"),
            (lambda: store.append(_altered(good, based_on=True)), "change.based_on"),
            (lambda: store.append(_altered(good, record=None)), "change.record"),
            (lambda: store.append(_altered(good, events=list(good.events))), "change.events"),
        ):
            error = _coded(call, InvalidValueError, "WRONG_TYPE", path)
            check(error.path == path, f"expected WRONG_TYPE at {path}, found it at {error.path}")
        self._check_holds(store, [created()], "after the wrong types")
