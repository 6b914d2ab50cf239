"""In-memory directories (*annuaires en mémoire*): the directory ports of :mod:`carecircle`.

For tests, demos and staging: :class:`InMemoryProfessionalDirectory` (the PASS directory) and
:class:`InMemoryStructureDirectory` (the regional structure directory). They answer exactly as
:class:`~carecircle.ProfessionalDirectory` and :class:`~carecircle.StructureDirectory` document,
and :mod:`carecircle.testing.contracts` checks it.

Searches are served by inverted indexes, not scans: every entry gets a rank (its position in
display order) and every searchable key a *posting*, the sorted tuple of the ranks holding it
(prefixes of name, city and structure words, postal-code prefixes and Corsican départements,
profession and category codes). A one-criterion search slices its posting; several criteria
intersect, in rank order: a short posting is scanned, testing each rank against the others,
long ones are ANDed as bit masks (Python ints). Over 100,000 entries a search takes about
0.1 ms and the index a few tens of MiB (see ``benchmarks/directory.py``).

The directories are mutable test doubles: :meth:`~InMemoryProfessionalDirectory.add` and
:meth:`~InMemoryProfessionalDirectory.replace` keep the identifier look-ups current at once
and drop the search index, which the next search, iteration or ``delegating_to`` rebuilds:
each write costs a rebuild, O(n log n), so load a large directory through the constructor.
They are not thread-safe.

>>> from carecircle import DirectoryProfessional, PassAccount
>>> from carecircle import ProfessionalQuery
>>> directory = InMemoryProfessionalDirectory([
...     DirectoryProfessional(national_id="810000000017", family_name="Durand",
...                           given_name="Hélène"),
...     DirectoryProfessional(account=PassAccount(id="pass:42"), family_name="DURAND",
...                           given_name="Louis"),
... ])
>>> page = directory.search(ProfessionalQuery(name="HELENE dur"))
>>> [p.display_name for p in page.items], page.total
(['DURAND Hélène'], 1)
>>> directory.by_account("pass:42").given_name
'Louis'
"""

from __future__ import annotations

import functools
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import ClassVar, Final, Generic, Protocol, TypeVar

import attrs

from carecircle._errors import (
    ConflictError,
    InputRejected,
    InvalidValueError,
    NotFoundError,
    Violation,
    ViolationKind,
)
from carecircle._model.people import DirectoryProfessional
from carecircle._model.structures import DirectoryStructure
from carecircle._ports import Page, ProfessionalQuery, StructureQuery, search_words
from carecircle._text import fold
from carecircle.identifiers import finess as _finess
from carecircle.identifiers import idnat_ps
from carecircle.identifiers import postal_code as _postal_code
from carecircle.identifiers import siret as _siret

__all__ = [
    "InMemoryProfessionalDirectory",
    "InMemoryStructureDirectory",
]

DUPLICATE_ENTRY: Final = "DUPLICATE_ENTRY"
ENTRY_NOT_FOUND: Final = "ENTRY_NOT_FOUND"


@attrs.frozen
class _Tuning:
    """The index's thresholds (the tests shrink them to reach every path on small data)."""

    #: Word prefixes up to this length have their own posting; a longer prefix is looked up
    #: in the sorted vocabulary of the longer words, and the postings of its words merged.
    depth: int = 4
    #: A search whose smallest posting is at most this long tests each of its ranks against
    #: the other criteria; a longer one ANDs the postings' bit masks.
    scan_limit: int = 1024
    #: Postings longer than this get their bit mask when the index is built (a shorter one
    #: when an AND needs it); a scan tests ranks against a shorter one through a frozenset.
    mask_from: int = 1024
    #: Bit masks (and merged long-prefix postings) built on demand and kept, per index.
    cache_size: int = 256
    #: Bytes of a bit mask counted at once when skipping to a page's offset.
    block: int = 512


#: The ranks of the bits set in a byte, lowest first.
_BITS: Final = tuple(tuple(b for b in range(8) if v >> b & 1) for v in range(256))
#: Maps every non-zero byte to 1, so that ``find(1)`` finds the next byte with a bit set.
_NONZERO_TO_ONE: Final = bytes([0] + [1] * 255)
_ONE: Final = ord("1")
#: A character above every character of a word (words are made of ``[0-9a-z]``).
_AFTER_WORDS: Final = "{"

#: What each kind of identity key is called in messages (which never quote the value).
_KEY_NAMES: Final = {
    "idnat": "national id (idNat_PS)",
    "account": "PASS account",
    "structure": "directory id",
    "finess": "FINESS number",
    "siret": "SIRET number",
}

K = TypeVar("K")
V = TypeVar("V")


class _Entry(Protocol):
    @property
    def identity_keys(self) -> frozenset[str]: ...


E = TypeVar("E", bound=_Entry)
Ranks = Sequence[int]


class _Lru(Generic[K, V]):
    """A small least-recently-used cache."""

    __slots__ = ("_items", "_size")

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        value = self._items.pop(key, None)
        if value is not None:
            self._items[key] = value
        return value

    def put(self, key: K, value: V) -> V:
        self._items[key] = value
        if len(self._items) > self._size:
            del self._items[next(iter(self._items))]
        return value


@functools.lru_cache(maxsize=1 << 16)
def _words(text: str) -> tuple[str, ...]:
    return search_words(text)


@functools.lru_cache(maxsize=1 << 16)
def _folded(text: str) -> str:
    return fold(text)


@functools.lru_cache(maxsize=1 << 16)
def _word_keys(field: str, word: str, depth: int) -> tuple[str, ...]:
    """``n:d``, ``n:du``… up to ``depth`` letters, and ``n=durand`` for a longer word."""
    keys = [f"{field}:{word[:end]}" for end in range(1, min(len(word), depth) + 1)]
    return (*keys, f"{field}={word}") if len(word) > depth else tuple(keys)


@functools.lru_cache(maxsize=1 << 12)
def _postal_keys(code: str) -> tuple[str, ...]:
    """The prefixes of a (valid) postal code, and its Corsican département."""
    keys = [f"z:{code[:end]}" for end in range(1, 6)]
    return (*keys, f"z:{_postal_code.departement(code)}") if code.startswith("20") else tuple(keys)


class _Keys:
    """The searchable keys of one entry, gathered while indexing."""

    __slots__ = ("_depth", "keys")

    def __init__(self, depth: int) -> None:
        self._depth = depth
        self.keys: set[str] = set()

    def add(self, key: str) -> None:
        self.keys.add(key)

    def add_text(self, field: str, *texts: str) -> None:
        """Keys for every word prefix of ``texts``, the field ``field``."""
        for text in texts:
            for word in _words(text):
                self.keys.update(_word_keys(field, word, self._depth))

    def add_postal_code(self, code: str | None) -> None:
        if code is not None:
            self.keys.update(_postal_keys(code))


class _Index(Generic[E]):
    """Postings over entries in display order, and the intersection of several of them."""

    def __init__(
        self,
        entries: Sequence[E],
        keys_of: Callable[[E, _Keys], None],
        tuning: _Tuning,
    ) -> None:
        self.entries = tuple(entries)
        self._tuning = tuning
        self._bytes = (len(self.entries) + 7) // 8
        lists: defaultdict[str, list[int]] = defaultdict(list)
        for rank, entry in enumerate(self.entries):
            keys = _Keys(tuning.depth)
            keys_of(entry, keys)
            for key in keys.keys:
                lists[key].append(rank)
        self._postings: dict[str, Ranks] = {k: tuple(v) for k, v in lists.items()}
        # The words longer than ``depth``, by field, sorted: their keys read ``n=durand``.
        self._vocabulary: dict[str, list[str]] = {}
        for key in sorted(k for k in self._postings if k[1:2] == "="):
            self._vocabulary.setdefault(key[0], []).append(key[2:])
        self._merged: _Lru[str, Ranks] = _Lru(tuning.cache_size)
        self._masks: _Lru[str, int] = _Lru(tuning.cache_size)
        self._fixed_masks = {
            key: self._build_mask(ranks)
            for key, ranks in self._postings.items()
            if len(ranks) > tuning.mask_from
        }

    def posting(self, key: str) -> Ranks:
        """The ranks holding ``key`` (``"n:dur"``: a word of field ``n`` starts with ``dur``)."""
        return self._resolve(key)[1]

    def _resolve(self, key: str) -> tuple[str, Ranks]:
        """The posting of ``key``, and the key its bit mask is kept under."""
        found = self._postings.get(key)
        if found is not None:
            return key, found
        field, _, word = key.partition(":")
        if len(word) <= self._tuning.depth or field not in self._vocabulary:
            return key, ()
        vocabulary = self._vocabulary[field]
        start = bisect_left(vocabulary, word)
        stop = bisect_left(vocabulary, word + _AFTER_WORDS, start)
        if stop - start == 1:  # most long prefixes name one word: its own posting
            whole = f"{field}={vocabulary[start]}"
            return whole, self._postings[whole]
        merged = self._merged.get(key)
        if merged is None:
            parts = [self._postings[f"{field}={w}"] for w in vocabulary[start:stop]]
            merged = self._merged.put(key, tuple(sorted(set().union(*parts))))
        return key, merged

    def _build_mask(self, ranks: Ranks) -> int:
        """The posting as an int whose bit ``r`` is set for rank ``r``."""
        # Writing "1"s in a text of "0"s, read in base 2, beats setting bits one by one.
        digits = bytearray(b"0") * len(self.entries)
        for rank in ranks:
            digits[rank] = _ONE
        digits.reverse()
        return int(digits, 2)

    def _mask(self, key: str, ranks: Ranks) -> int:
        found = self._fixed_masks.get(key) or self._masks.get(key)
        return self._masks.put(key, self._build_mask(ranks)) if found is None else found

    def select(self, keys: Iterable[str], offset: int, limit: int) -> tuple[int, Ranks]:
        """How many entries hold every key, and the ranks of those from ``offset``."""
        postings = [self._resolve(key) for key in dict.fromkeys(keys)]
        if not postings:
            size = len(self.entries)
            return size, range(min(offset, size), min(offset + limit, size))
        postings.sort(key=lambda found: len(found[1]))
        smallest = postings[0][1]
        if len(postings) == 1 or not smallest:
            return len(smallest), smallest[offset : offset + limit]
        if len(smallest) <= self._tuning.scan_limit:
            hits = self._scan(smallest, postings[1:])
            return len(hits), hits[offset : offset + limit]
        mask = self._mask(*postings[0])
        for key, ranks in postings[1:]:
            mask &= self._mask(key, ranks)
        total = mask.bit_count()
        return total, (self._ranks(mask, offset, limit) if offset < total else ())

    def _scan(self, smallest: Ranks, others: Iterable[tuple[str, Ranks]]) -> list[int]:
        hits = list(smallest)
        for key, ranks in others:
            if len(ranks) <= self._tuning.mask_from:
                members = frozenset(ranks)
                hits = [r for r in hits if r in members]
            else:
                bits = self._mask(key, ranks).to_bytes(self._bytes, "little")
                hits = [r for r in hits if bits[r >> 3] >> (r & 7) & 1]
        return hits

    def _ranks(self, mask: int, offset: int, limit: int) -> list[int]:
        """The ranks of the bits set in ``mask``, from the ``offset``-th, at most ``limit``."""
        data, block = mask.to_bytes(self._bytes, "little"), self._tuning.block
        position, skip = 0, offset
        while skip:  # whole blocks, then whole bytes, before the one holding the offset-th bit
            count = int.from_bytes(data[position : position + block], "little").bit_count()
            if count > skip:
                break
            skip -= count
            position += block
        while skip and skip >= len(_BITS[data[position]]):
            skip -= len(_BITS[data[position]])
            position += 1
        found: list[int] = []
        find, wanted = data.translate(_NONZERO_TO_ONE).find, skip + limit
        while len(found) < wanted and (at := find(1, position)) >= 0:
            found.extend([at * 8 + bit for bit in _BITS[data[at]]])
            position = at + 1
        return found[skip:wanted]


class _Directory(Generic[E]):
    """Entries kept by identity key, with a search index rebuilt after each write."""

    _tuning: ClassVar[_Tuning] = _Tuning()

    def __init__(self, entries: Iterable[E] = ()) -> None:
        self._entries: dict[int, E] = {}
        self._holders: dict[str, int] = {}
        self._index_cache: _Index[E] | None = None
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

    # -- what subclasses say about their entries ------------------------------------------

    @staticmethod
    def _sort_key(entry: E) -> tuple[str, ...]:
        raise NotImplementedError

    @staticmethod
    def _keys_of(entry: E, keys: _Keys) -> None:
        raise NotImplementedError

    # -- reading -----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[E]:
        """The entries in display order (the order of search results)."""
        return iter(self._index().entries)

    def _index(self) -> _Index[E]:
        if self._index_cache is None:
            self._index_cache = _Index(
                sorted(self._entries.values(), key=self._sort_key),
                self._keys_of,
                self._tuning,
            )
        return self._index_cache

    def _page(self, keys: Iterable[str], offset: int, limit: int) -> Page[E]:
        index = self._index()
        total, ranks = index.select(keys, offset, limit)
        items = tuple(index.entries[r] for r in ranks)
        return Page(items=items, total=total, offset=offset, limit=limit)

    def _holding(self, key: str) -> E | None:
        slot = self._holders.get(key)
        return None if slot is None else self._entries[slot]

    # -- writing -----------------------------------------------------------------------------

    def add(self, entry: E) -> None:
        """Add ``entry``; raises :class:`~carecircle.ConflictError` ``DUPLICATE_ENTRY``
        when one of its identifiers is already in the directory.
        """
        clash = self._clash(entry)
        if clash is not None:
            raise ConflictError.of(
                DUPLICATE_ENTRY, "entry", f"its {_key_name(clash[0])} is already in the directory"
            )
        self._store(self._next_slot, entry)
        self._next_slot += 1
        self._index_cache = None

    def replace(self, entry: E) -> E:
        """Put ``entry`` in the place of the entry sharing one of its identifiers, and return
        the entry replaced (identifiers may be added or dropped: a PASS account opened…).

        Raises :class:`~carecircle.NotFoundError` ``ENTRY_NOT_FOUND`` when no entry
        shares an identifier with ``entry``, and :class:`~carecircle.ConflictError`
        ``DUPLICATE_ENTRY`` when its identifiers belong to two different entries.
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
        self._index_cache = None
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


def _key_name(identity_key: str) -> str:
    return _KEY_NAMES.get(identity_key.partition(":")[0], "identifier")


class InMemoryProfessionalDirectory(_Directory[DirectoryProfessional]):
    """The PASS directory (:class:`~carecircle.ProfessionalDirectory`) in memory.

    ``entries`` may not share a national id or a PASS account: the constructor raises one
    :class:`~carecircle.InputRejected` listing every duplicate (``DUPLICATE_ENTRY`` at
    ``entries[i]``). Iterating gives the entries in display order.
    """

    @staticmethod
    def _sort_key(entry: DirectoryProfessional) -> tuple[str, ...]:
        return (
            _folded(entry.family_name),
            _folded(entry.given_name),
            entry.national_id or "",
            "" if entry.account is None else entry.account.id,
        )

    @staticmethod
    def _keys_of(entry: DirectoryProfessional, keys: _Keys) -> None:
        keys.add_text("n", entry.family_name, entry.given_name)
        if entry.profession is not None:
            keys.add(f"p:{entry.profession.token}")
        address = entry.contact.address
        if address is not None:
            keys.add_postal_code(address.postal_code)
            keys.add_text("c", address.city or "")
        keys.add_text("s", entry.structure)

    def search(self, query: ProfessionalQuery) -> Page[DirectoryProfessional]:
        """The page of professionals matching ``query``, and how many match in all."""
        keys = [f"n:{w}" for w in query.name_words]
        if query.profession is not None:
            keys.append(f"p:{query.profession.token}")
        prefix = query.place_postal_prefix
        if prefix is not None:
            keys.append(f"z:{prefix}")
        keys += [f"c:{w}" for w in query.place_words]
        keys += [f"s:{w}" for w in query.structure_words]
        return self._page(keys, query.offset, query.limit)

    def by_national_id(self, national_id: str) -> DirectoryProfessional | None:
        """The professional with this idNat_PS, or ``None``; a malformed one raises
        :class:`~carecircle.InvalidValueError` at ``national_id``.
        """
        return self._holding(f"idnat:{idnat_ps.validate(national_id, path='national_id')}")

    def by_account(self, account: str) -> DirectoryProfessional | None:
        """The professional holding this PASS account, or ``None``; a blank one raises
        :class:`~carecircle.InvalidValueError` ``ACCOUNT_REQUIRED``.
        """
        return self._holding(f"account:{_account(account)}")


class InMemoryStructureDirectory(_Directory[DirectoryStructure]):
    """The regional structure directory (:class:`~carecircle.StructureDirectory`) in
    memory.

    ``entries`` may not share a directory id, a FINESS or a SIRET: the constructor raises one
    :class:`~carecircle.InputRejected` listing every duplicate (``DUPLICATE_ENTRY`` at
    ``entries[i]``). Iterating gives the entries in display order.
    """

    @staticmethod
    def _sort_key(entry: DirectoryStructure) -> tuple[str, ...]:
        return _folded(entry.name), entry.national_id

    @staticmethod
    def _keys_of(entry: DirectoryStructure, keys: _Keys) -> None:
        keys.add_text("n", entry.name)
        if entry.category is not None:
            keys.add(f"k:{entry.category.token}")
        if entry.address is not None:
            keys.add_postal_code(entry.address.postal_code)
        if entry.legal_entity:
            for account in entry.delegates:
                keys.add(f"d:{account}")

    def search(self, query: StructureQuery) -> Page[DirectoryStructure]:
        """The page of structures matching ``query``, and how many match in all."""
        keys = [f"n:{w}" for w in query.name_words]
        if query.category is not None:
            keys.append(f"k:{query.category.token}")
        if query.postal_code:
            keys.append(f"z:{query.postal_code}")
        return self._page(keys, query.offset, query.limit)

    def by_national_id(self, national_id: str) -> DirectoryStructure | None:
        """The structure with this directory id, or ``None``; a blank one raises
        :class:`~carecircle.InvalidValueError` ``STRUCTURE_ID_REQUIRED``.
        """
        value = national_id.strip()
        if not value:
            raise InvalidValueError.of(
                "STRUCTURE_ID_REQUIRED", "national_id", "a structure's directory id is required"
            )
        return self._holding(f"structure:{value}")

    def by_finess(self, finess: str) -> DirectoryStructure | None:
        """The structure with this FINESS number, or ``None``; a malformed one raises."""
        return self._holding(f"finess:{_finess.validate(finess, path='finess')}")

    def by_siret(self, siret: str) -> DirectoryStructure | None:
        """The structure with this SIRET number, or ``None``; a malformed one raises."""
        return self._holding(f"siret:{_siret.validate(siret, path='siret')}")

    def delegating_to(self, account: str) -> frozenset[str]:
        """The directory ids of the legal-entity structures listing ``account`` among their
        delegates; a blank account raises ``ACCOUNT_REQUIRED``.
        """
        index = self._index()
        ranks = index.posting(f"d:{_account(account)}")
        return frozenset(index.entries[r].national_id for r in ranks)


def _account(account: str) -> str:
    value = account.strip()
    if not value:
        raise InvalidValueError.of("ACCOUNT_REQUIRED", "account", "a PASS account id is required")
    return value
