"""What the in-memory directories share: entries kept by identity key, written to and looked up,
listed in display order (:mod:`carecircle.testing.directories`, :mod:`carecircle.testing.indexed`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Final, Generic, Protocol, TypeVar

from carecircle._errors import (
    ConflictError,
    InputRejected,
    InvalidValueError,
    NotFoundError,
    Violation,
    ViolationKind,
)
from carecircle._ports import Page

__all__ = ["DUPLICATE_ENTRY", "ENTRY_NOT_FOUND", "EntryDirectory", "paged", "pass_account"]

DUPLICATE_ENTRY: Final = "DUPLICATE_ENTRY"
ENTRY_NOT_FOUND: Final = "ENTRY_NOT_FOUND"

#: What each kind of identity key is called in messages (which never quote the value).
_KEY_NAMES: Final = {
    "idnat": "national id (idNat_PS)",
    "account": "PASS account",
    "structure": "directory id",
    "finess": "FINESS number",
    "siret": "SIRET number",
}


class _Entry(Protocol):
    @property
    def identity_keys(self) -> frozenset[str]: ...


E = TypeVar("E", bound=_Entry)
T = TypeVar("T")


def _key_name(identity_key: str) -> str:
    return _KEY_NAMES.get(identity_key.partition(":")[0], "identifier")


def pass_account(account: str) -> str:
    """A PASS account id given to a look-up, stripped; ``ACCOUNT_REQUIRED`` when blank."""
    value = account.strip()
    if not value:
        raise InvalidValueError.of("ACCOUNT_REQUIRED", "account", "a PASS account id is required")
    return value


def paged(found: list[T], offset: int, limit: int) -> Page[T]:
    """The page of ``found`` from ``offset``, at most ``limit`` items, and their total."""
    items = tuple(found[offset : offset + limit])
    return Page(items=items, total=len(found), offset=offset, limit=limit)


class EntryDirectory(Generic[E]):
    """Entries kept by identity key, in display order once sorted (after each write, when
    next asked): what both directories store, whatever answers their searches.
    """

    def __init__(self, entries: Iterable[E] = ()) -> None:
        self._entries: dict[int, E] = {}
        self._holders: dict[str, int] = {}
        self._in_order: tuple[E, ...] | None = None
        violations = []
        for position, entry in enumerate(entries):
            clash = self._clash(entry)
            if clash is None:
                self._store(position, entry)
            else:
                key, holder = clash
                violations.append(
                    Violation(
                        code=DUPLICATE_ENTRY,
                        path=f"entries[{position}]",
                        message=f"its {_key_name(key)} is already held by entries[{holder}]",
                        kind=ViolationKind.CONFLICT,
                    )
                )
        if violations:
            raise InputRejected.from_violations(violations)
        self._next_slot = max(self._entries, default=-1) + 1

    @staticmethod
    def _sort_key(entry: E) -> tuple[str, ...]:
        raise NotImplementedError

    def _changed(self) -> None:
        """Forget what was derived from the entries (the display order; subclasses add theirs)."""
        self._in_order = None

    def _ordered(self) -> tuple[E, ...]:
        if self._in_order is None:
            self._in_order = tuple(sorted(self._entries.values(), key=self._sort_key))
        return self._in_order

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[E]:
        """The entries in display order (the order of search results)."""
        return iter(self._ordered())

    def _holding(self, key: str) -> E | None:
        slot = self._holders.get(key)
        return None if slot is None else self._entries[slot]

    def add(self, entry: E) -> None:
        """Add ``entry``; raises :class:`~carecircle.ConflictError` ``DUPLICATE_ENTRY`` when
        one of its identifiers is already in the directory.
        """
        clash = self._clash(entry)
        if clash is not None:
            raise ConflictError.of(
                DUPLICATE_ENTRY, "entry", f"its {_key_name(clash[0])} is already in the directory"
            )
        self._store(self._next_slot, entry)
        self._next_slot += 1
        self._changed()

    def replace(self, entry: E) -> E:
        """Put ``entry`` in the place of the entry sharing one of its identifiers, and return
        the entry replaced (identifiers may be added or dropped: a PASS account opened…).

        Raises :class:`~carecircle.NotFoundError` ``ENTRY_NOT_FOUND`` when no entry shares an
        identifier with ``entry``, and :class:`~carecircle.ConflictError` ``DUPLICATE_ENTRY``
        when its identifiers belong to two different entries.
        """
        slots = {self._holders[k] for k in entry.identity_keys if k in self._holders}
        if not slots:
            raise NotFoundError.of(
                ENTRY_NOT_FOUND, "entry", "no entry of the directory shares an identifier with it"
            )
        if len(slots) > 1:
            raise ConflictError.of(
                DUPLICATE_ENTRY, "entry", "its identifiers belong to several entries"
            )
        (slot,) = slots
        replaced = self._entries.pop(slot)
        for key in replaced.identity_keys:
            del self._holders[key]
        self._store(slot, entry)
        self._changed()
        return replaced

    def _clash(self, entry: E) -> tuple[str, int] | None:
        """The first identity key of ``entry`` already held, and the slot holding it."""
        for key in sorted(entry.identity_keys):
            holder = self._holders.get(key)
            if holder is not None:
                return key, holder
        return None

    def _store(self, slot: int, entry: E) -> None:
        self._entries[slot] = entry
        for key in entry.identity_keys:
            self._holders[key] = slot
