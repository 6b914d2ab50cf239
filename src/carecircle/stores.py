"""Record stores (*stockage des dossiers*): the port a service keeps its records behind.

The library stores nothing (R10): an operation returns a :class:`~carecircle.Change`
and the service hands it to its :class:`RecordStore`, which writes it by *compare-and-set* on
the version (see ``docs/concurrency.md``) and keeps its events, the record's history.
:mod:`carecircle.testing.stores` holds an in-memory store, :mod:`carecircle.testing.contracts`
the tests any store runs against itself, and ``docs/persistence.md`` a store over SQLite.

The checks a store makes before it writes are the same for every store, so they live here,
pure: :func:`checked_change` (the change holds together) and :func:`check_base` (the stored
version is the one the change was based on). A store that calls them raises the same coded
errors as every other.

>>> from carecircle.testing.builders import new_record
>>> record, _ = new_record()
>>> check_base(record.record_id, None, based_on=0)       # absent, created: fine
>>> check_base(record.record_id, 2, based_on=1)
Traceback (most recent call last):
    ...
carecircle.ConflictError: VERSION_CONFLICT at change.based_on: ...
"""

from __future__ import annotations

from typing import Final, Protocol, runtime_checkable

from carecircle._errors import ConflictError, InvalidValueError, NotFoundError, wrong_type
from carecircle._model._fields import one_line
from carecircle._model.record import CoordinationRecord
from carecircle._operations import VERSION_CONFLICT, Change
from carecircle.events import Event

__all__ = [
    "CHANGE_INCONSISTENT",
    "RECORD_NOT_FOUND",
    "check_base",
    "checked_change",
    "record_key",
    "record_not_found",
    "version_conflict",
]

#: The code of a record id no stored record has (:class:`~carecircle.NotFoundError`).
RECORD_NOT_FOUND: Final = "RECORD_NOT_FOUND"
#: The code of a change that does not hold together: versions that do not follow, events of
#: another record or version (:class:`~carecircle.InvalidValueError`).
CHANGE_INCONSISTENT: Final = "CHANGE_INCONSISTENT"


def record_key(record_id: object) -> str:
    """``record_id`` in its canonical form, as records hold it (stripped, one line): what a
    store looks up. Checked as a record's own id is: not a str, ``WRONG_TYPE``; blank,
    ``TEXT_REQUIRED``; a control or format character, ``TEXT_INVALID_CHARACTER`` (all at
    ``record_id``).

    >>> record_key("  DC-1 ")
    'DC-1'
    """
    if not isinstance(record_id, str):
        raise wrong_type("record_id", "a str")
    key = one_line(record_id, "record_id")
    if not key:
        raise InvalidValueError.of("TEXT_REQUIRED", "record_id", "a non-empty text is required")
    return key


def record_not_found(path: str = "record_id") -> NotFoundError:
    """The error of a record id no stored record has, at ``path`` (the id is not quoted: it
    is whatever the caller gave)."""
    return NotFoundError.of(RECORD_NOT_FOUND, path, "no stored record has this id")


def version_conflict(record_id: str, stored: int | None, based_on: int) -> ConflictError:
    """The error of a write based on a version the store no longer (or does not yet) hold:
    ``stored`` is the stored version, ``None`` when the record is absent.
    """
    held = "no version" if stored is None else f"version {stored}"
    return ConflictError.of(
        VERSION_CONFLICT,
        "change.based_on",
        f"the change to record {record_id} is based on version {based_on}; the store holds "
        f"{held}: reload, apply again, append again",
    )


def _inconsistent(path: str, message: str) -> InvalidValueError:
    return InvalidValueError.of(CHANGE_INCONSISTENT, path, message)


def checked_change(change: object) -> Change:
    """``change``, once checked to hold together: what every store does before anything else.

    - not a :class:`~carecircle.Change`, a record that is not a
      :class:`~carecircle.CoordinationRecord`, a ``based_on`` that is not an int, events
      that are not a tuple of :class:`~carecircle.events.Event`: ``WRONG_TYPE``;
    - an applied change (with events) whose record is not at ``based_on + 1``, a change with
      no event whose record is not at ``based_on``, an event of another record or version:
      :data:`CHANGE_INCONSISTENT` (a change built by hand, or altered after the operation).

    >>> from carecircle.testing.builders import new_record
    >>> import attrs, carecircle as cc
    >>> record, actor = new_record()
    >>> change = cc.update_member(record, "M1", actor=actor, at=record.updated_at,
    ...                           description="Coordinatrice")
    >>> checked_change(change) is change
    True
    >>> checked_change(attrs.evolve(change, based_on=0))
    Traceback (most recent call last):
        ...
    carecircle.InvalidValueError: CHANGE_INCONSISTENT at change.based_on: ...
    """
    if not isinstance(change, Change):
        raise wrong_type("change", "a Change")
    record, based_on, events = change.record, change.based_on, change.events
    if not isinstance(record, CoordinationRecord):
        raise wrong_type("change.record", "a CoordinationRecord")
    if isinstance(based_on, bool) or not isinstance(based_on, int):
        raise wrong_type("change.based_on", "an int")
    if not isinstance(events, tuple):
        raise wrong_type("change.events", "a tuple of Event")
    for i, event in enumerate(events):
        if not isinstance(event, Event):
            raise wrong_type(f"change.events[{i}]", "an Event")
    if events and record.version != based_on + 1:
        raise _inconsistent(
            "change.based_on",
            f"a change based on version {based_on} makes version {based_on + 1}, "
            f"not {record.version}",
        )
    if not events and record.version != based_on:
        raise _inconsistent(
            "change.based_on",
            f"a change with no event leaves version {based_on} as it is, not {record.version}",
        )
    for i, event in enumerate(events):
        meta = event.meta
        if meta.record_id != record.record_id or meta.version != record.version:
            raise _inconsistent(
                f"change.events[{i}].meta",
                f"every event of the change is of record {record.record_id}, "
                f"version {record.version}",
            )
    return change


def check_base(record_id: str, stored: int | None, *, based_on: int) -> None:
    """Raise unless a change based on ``based_on`` may be appended where the store holds
    version ``stored`` of ``record_id`` (``None``: no such record): the *compare* of
    compare-and-set, for a store to call where it reads the version it then writes on.

    - ``based_on`` 0 creates the record: it must be absent, else :data:`VERSION_CONFLICT`;
    - any other base needs the record: absent, :data:`RECORD_NOT_FOUND`; at another version,
      :data:`VERSION_CONFLICT`.
    """
    if stored is None and based_on != 0:
        raise record_not_found("change.record.record_id")
    if (stored or 0) != based_on:
        raise version_conflict(record_id, stored, based_on)


@runtime_checkable
class RecordStore(Protocol):
    """Where a service keeps its coordination records and their history.

    **Compare-and-set.** :meth:`append` writes ``change.record`` only if the version stored is
    still ``change.based_on``, in one atomic step with the check: two writers that read the
    same version cannot both succeed; one gets :data:`~carecircle.VERSION_CONFLICT`
    and reloads, applies its operation again, appends again (``docs/persistence.md``).

    **Atomicity.** An append stores the record and every event of the change, or nothing:
    after any error it raises, the store is as it was. An error of the store itself (a lost
    connection) may leave the caller not knowing whether the commit happened: appending the
    same change again then gives ``VERSION_CONFLICT`` if it did, and reloading tells.

    **Threads.** Every method may be called from several threads at once, and the
    compare-and-set holds between every writer of the same storage (threads, processes,
    hosts). :meth:`load` returns a version that was appended whole, never a mix.

    **Errors.** Coded, as everywhere in the library: a value of the wrong type is
    ``WRONG_TYPE``, an unknown record :data:`RECORD_NOT_FOUND` (a
    :class:`~carecircle.NotFoundError`), a change that does not hold together
    :data:`CHANGE_INCONSISTENT` (:func:`checked_change`), a stale base ``VERSION_CONFLICT`` (a
    :class:`~carecircle.ConflictError`). The record as of an older version is not the
    store's business: :func:`carecircle.history.record_at_version` replays it from
    :meth:`history`.
    """

    def load(self, record_id: str) -> CoordinationRecord:
        """The latest stored version of the record (equal to the ``change.record`` last
        appended, not necessarily the same object); ``record_id`` in any form
        :func:`record_key` accepts. Unknown: :data:`RECORD_NOT_FOUND`.
        """
        ...

    def append(self, change: Change) -> None:
        """Store ``change`` if the stored version is still ``change.based_on``.

        ``based_on`` 0 creates the record; a change with no event (``change.applied`` false)
        stores nothing, but is checked all the same: based on another version than the
        stored one, its "nothing to do" was decided on a state that is gone, and it is a
        ``VERSION_CONFLICT`` too. The checks, in order: :func:`checked_change`, then
        :func:`check_base` against the stored version, read in the same atomic step as the
        write.
        """
        ...

    def history(self, record_id: str) -> tuple[Event, ...]:
        """Every event of every change appended to the record, in the order appended (the
        events of one change in the change's order): versions 1, 2, … each present, none
        skipped. Unknown: :data:`RECORD_NOT_FOUND`.
        """
        ...
