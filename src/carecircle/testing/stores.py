"""In-memory record store (*stockage en mémoire*): :class:`~carecircle.stores.RecordStore` in a
dict, for tests, demos and notebooks.

:class:`InMemoryRecordStore` answers exactly as :mod:`carecircle.stores` documents, and
:class:`~carecircle.testing.contracts.RecordStoreContract` checks it. One lock guards it: the
version check and the write are one step, so it may be shared by any number of threads.
Records are immutable values: the store keeps the very objects it was given.

>>> import carecircle as cc
>>> from carecircle.testing.builders import directory_professional, instant, patient
>>> entry = directory_professional(1)
>>> actor = cc.Principal.from_entry(entry)
>>> store = InMemoryRecordStore()
>>> created = cc.create_record(record_id="DC-2", patient=patient(), creator=actor,
...                            creator_entry=entry, at=instant(0))
>>> store.append(created)
>>> added = cc.add_member(store.load("DC-2"), directory_professional(2), actor=actor,
...                       at=instant(1))
>>> store.append(added)
>>> store.load("DC-2").version, [e.meta.version for e in store.history("DC-2")]
(2, [1, 1, 1, 2])
>>> try:
...     store.append(added)                    # based on 1, the store holds 2
... except cc.ConflictError as conflict:
...     print(conflict.code)
VERSION_CONFLICT
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

from carecircle._model.record import CoordinationRecord
from carecircle._operations import Change
from carecircle.events import Event
from carecircle.stores import check_base, checked_change, record_key, record_not_found

__all__ = ["InMemoryRecordStore"]


class InMemoryRecordStore:
    """A :class:`~carecircle.stores.RecordStore` in memory, guarded by one lock.

    It keeps the latest record of each id and every event appended to it; iterating gives
    the record ids, in the order they were created.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._records: dict[str, CoordinationRecord] = {}
        self._events: dict[str, list[Event]] = {}

    def load(self, record_id: str) -> CoordinationRecord:
        key = record_key(record_id)
        with self._lock:
            found = self._records.get(key)
        if found is None:
            raise record_not_found()
        return found

    def append(self, change: Change) -> None:
        checked = checked_change(change)
        record = checked.record
        with self._lock:
            stored = self._records.get(record.record_id)
            check_base(
                record.record_id,
                None if stored is None else stored.version,
                based_on=checked.based_on,
            )
            if checked.applied:
                self._records[record.record_id] = record
                self._events.setdefault(record.record_id, []).extend(checked.events)

    def history(self, record_id: str) -> tuple[Event, ...]:
        key = record_key(record_id)
        with self._lock:
            found = self._events.get(key)
            if found is None:
                raise record_not_found()
            return tuple(found)

    def __iter__(self) -> Iterator[str]:
        with self._lock:
            return iter(tuple(self._records))

    def __len__(self) -> int:
        with self._lock:
            return len(self._records)
