"""The search index of :mod:`carecircle.testing.indexed` (*index de recherche*): inverted
indexes, not scans.

Every entry gets a rank (its position in display order) and every searchable key a *posting*,
the sorted tuple of the ranks holding it (prefixes of name, city and structure words,
postal-code prefixes and Corsican départements, profession and category codes). A
one-criterion search slices its posting; several criteria intersect, in rank order: a short
posting is scanned, testing each rank against the others, long ones are ANDed as bit masks
(Python ints).
"""

from __future__ import annotations

import functools
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Final, Generic, TypeVar

import attrs

from carecircle._ports import Page, search_words
from carecircle.identifiers import postal_code as _postal_code

__all__ = ["Index", "IndexTuning", "Keys"]


@attrs.frozen(kw_only=True)
class IndexTuning:
    """The thresholds of an index (*réglages de l'index*): the defaults suit directories of
    100,000 entries; tests shrink them so that a few entries go through every path.
    """

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

K = TypeVar("K")
V = TypeVar("V")
E = TypeVar("E")
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
def _word_keys(field: str, word: str, depth: int) -> tuple[str, ...]:
    """``n:d``, ``n:du``… up to ``depth`` letters, and ``n=durand`` for a longer word."""
    keys = [f"{field}:{word[:end]}" for end in range(1, min(len(word), depth) + 1)]
    return (*keys, f"{field}={word}") if len(word) > depth else tuple(keys)


@functools.lru_cache(maxsize=1 << 12)
def _postal_keys(code: str) -> tuple[str, ...]:
    """The prefixes of a (valid) postal code, and its Corsican département."""
    keys = [f"z:{code[:end]}" for end in range(1, 6)]
    return (*keys, f"z:{_postal_code.departement(code)}") if code.startswith("20") else tuple(keys)


class Keys:
    """The searchable keys of one entry, gathered while indexing."""

    __slots__ = ("_depth", "keys")

    def __init__(self, depth: int) -> None:
        self._depth = depth
        self.keys: set[str] = set()

    def add(self, key: str) -> None:
        """One key (``"p:<profession token>"``…)."""
        self.keys.add(key)

    def add_text(self, field: str, *texts: str) -> None:
        """Keys for every word prefix of ``texts``, the field ``field``."""
        for text in texts:
            for word in _words(text):
                self.keys.update(_word_keys(field, word, self._depth))

    def add_postal_code(self, code: str | None) -> None:
        """Keys for the prefixes of a postal code, and its Corsican département."""
        if code is not None:
            self.keys.update(_postal_keys(code))


class Index(Generic[E]):
    """Postings over entries in display order, and the intersection of several of them."""

    def __init__(
        self,
        entries: Sequence[E],
        keys_of: Callable[[E, Keys], None],
        tuning: IndexTuning,
    ) -> None:
        self.entries = tuple(entries)
        self._tuning = tuning
        self._bytes = (len(self.entries) + 7) // 8
        lists: defaultdict[str, list[int]] = defaultdict(list)
        for rank, entry in enumerate(self.entries):
            keys = Keys(tuning.depth)
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

    def page(self, keys: Iterable[str], offset: int, limit: int) -> Page[E]:
        """The page of the entries holding every key, from ``offset``, at most ``limit``."""
        total, ranks = self.select(keys, offset, limit)
        items = tuple(self.entries[r] for r in ranks)
        return Page(items=items, total=total, offset=offset, limit=limit)
