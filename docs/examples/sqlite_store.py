"""A record store over SQLite, the standard library's ``sqlite3``: the example of
``docs/persistence.md``, which shows this code (``tests/test_stores.py`` checks that the page
and this file hold the same code, and runs the store contracts against this class).

It keeps the latest record document and every event; nothing of it belongs in ``src/``: the
library does no I/O.
"""

import sqlite3
from contextlib import closing
from pathlib import Path

from carecircle import Change, CoordinationRecord
from carecircle.events import Event
from carecircle.serialization import from_json, to_json
from carecircle.stores import check_base, checked_change, record_key, record_not_found

SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    record_id TEXT PRIMARY KEY,
    version   INTEGER NOT NULL,
    document  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    record_id TEXT NOT NULL,
    version   INTEGER NOT NULL,
    position  INTEGER NOT NULL,
    document  TEXT NOT NULL,
    PRIMARY KEY (record_id, version, position)
);
"""


class SQLiteRecordStore:
    """A RecordStore in an SQLite file: the latest document of each record, and its events.

    Every call opens its own connection, so any thread (or process) may call any method;
    SQLite's locks, not a Python lock, make each append one transaction.
    """

    def __init__(self, path: str | Path, *, timeout: float = 30.0) -> None:
        self.path, self.timeout = str(path), timeout
        with closing(self._connect()) as db:
            db.execute("PRAGMA journal_mode = WAL")  # readers never wait for a writer
            db.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        # No implicit transactions: append says BEGIN IMMEDIATE and COMMIT itself.
        return sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)

    def load(self, record_id: str) -> CoordinationRecord:
        key = record_key(record_id)
        with closing(self._connect()) as db:
            row = db.execute("SELECT document FROM records WHERE record_id = ?", (key,)).fetchone()
        if row is None:
            raise record_not_found()
        record: CoordinationRecord = from_json(row[0], CoordinationRecord)
        return record

    def history(self, record_id: str) -> tuple[Event, ...]:
        key = record_key(record_id)
        with closing(self._connect()) as db:
            rows = db.execute(
                "SELECT document FROM events WHERE record_id = ? ORDER BY version, position",
                (key,),
            ).fetchall()
        if not rows:
            raise record_not_found()
        return tuple(from_json(document, Event) for (document,) in rows)

    def append(self, change: Change) -> None:
        change = checked_change(change)
        record, based_on = change.record, change.based_on
        if not change.applied:  # nothing to store: the compare alone, in one read
            with closing(self._connect()) as db:
                check_base(record.record_id, _version(db, record.record_id), based_on=based_on)
            return
        document = to_json(record)
        events = [
            (record.record_id, record.version, i, to_json(e)) for i, e in enumerate(change.events)
        ]
        # One transaction: "with db" commits, or rolls back on any error.
        with closing(self._connect()) as db, db:
            db.execute("BEGIN IMMEDIATE")  # the write lock, held until the commit
            if based_on == 0:
                cursor = db.execute(
                    "INSERT INTO records VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    (record.record_id, record.version, document),
                )
            else:  # compare-and-set: only the version the change was based on is replaced
                cursor = db.execute(
                    "UPDATE records SET version = ?, document = ?"
                    " WHERE record_id = ? AND version = ?",
                    (record.version, document, record.record_id, based_on),
                )
            if cursor.rowcount != 1:  # absent, or at another version: raises, saying which
                check_base(record.record_id, _version(db, record.record_id), based_on=based_on)
            # The key (record_id, version, position) refuses a second change of one version.
            db.executemany("INSERT INTO events VALUES (?, ?, ?, ?)", events)


def _version(db: sqlite3.Connection, record_id: str) -> int | None:
    """The stored version of the record, ``None`` when there is none."""
    row = db.execute("SELECT version FROM records WHERE record_id = ?", (record_id,)).fetchone()
    return None if row is None else int(row[0])
