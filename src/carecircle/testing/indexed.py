"""Indexed in-memory directories (*annuaires indexés en mémoire*): the directories of
:mod:`carecircle.testing.directories`, their searches served by inverted indexes.

:class:`IndexedProfessionalDirectory` and :class:`IndexedStructureDirectory` answer exactly
what the linear ones answer (:mod:`carecircle.testing.contracts` checks both), for demos,
staging and benchmarks of large directories: every searchable key (prefixes of name, city and
structure words, postal-code prefixes and Corsican départements, profession and category
codes) has the sorted ranks of the entries holding it, and several criteria intersect them.
Over 100,000 entries a search takes about 0.1 ms and the index a few tens of MiB (see
``benchmarks/directory.py``). A write drops the index, which the next search rebuilds
(O(n log n)): load a large directory through the constructor. ``tuning`` sets the index's
thresholds (:class:`IndexTuning`).

>>> from carecircle import DirectoryStructure, StructureQuery
>>> directory = IndexedStructureDirectory([
...     DirectoryStructure(national_id="RECO-1", name="SSIAD du Lauragais"),
...     DirectoryStructure(national_id="RECO-2", name="EHPAD Les Tilleuls"),
... ])
>>> [s.national_id for s in directory.search(StructureQuery(name="til")).items]
['RECO-2']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from carecircle._model.people import DirectoryProfessional
from carecircle._model.structures import DirectoryStructure
from carecircle._ports import Page, ProfessionalQuery, StructureQuery
from carecircle.testing._directory import EntryDirectory, pass_account
from carecircle.testing._index import Index, IndexTuning, Keys
from carecircle.testing.directories import (
    InMemoryProfessionalDirectory,
    InMemoryStructureDirectory,
)

__all__ = ["IndexTuning", "IndexedProfessionalDirectory", "IndexedStructureDirectory"]


def _professional_keys(entry: DirectoryProfessional, keys: Keys) -> None:
    keys.add_text("n", entry.family_name, entry.given_name)
    if entry.profession is not None:
        keys.add(f"p:{entry.profession.token}")
    address = entry.contact.address
    if address is not None:
        keys.add_postal_code(address.postal_code)
        keys.add_text("c", address.city or "")
    keys.add_text("s", entry.structure)


def _structure_keys(entry: DirectoryStructure, keys: Keys) -> None:
    keys.add_text("n", entry.name)
    if entry.category is not None:
        keys.add(f"k:{entry.category.token}")
    if entry.address is not None:
        keys.add_postal_code(entry.address.postal_code)
    if entry.legal_entity:
        for account in entry.delegates:
            keys.add(f"d:{account}")


E = TypeVar("E", bound=DirectoryProfessional | DirectoryStructure)


class _Indexed(EntryDirectory[E]):
    """An index over the entries in display order, built at the first search after a write."""

    def __init__(self, entries: Iterable[E] = (), *, tuning: IndexTuning | None = None) -> None:
        self._tuning = IndexTuning() if tuning is None else tuning
        self._index: Index[E] | None = None
        super().__init__(entries)

    @staticmethod
    def _keys_of(entry: E, keys: Keys) -> None:
        raise NotImplementedError

    def _changed(self) -> None:
        super()._changed()
        self._index = None

    def _indexed(self) -> Index[E]:
        if self._index is None:
            self._index = Index(self._ordered(), self._keys_of, self._tuning)
        return self._index


class IndexedProfessionalDirectory(_Indexed[DirectoryProfessional], InMemoryProfessionalDirectory):
    """The PASS directory in memory (:class:`~carecircle.ProfessionalDirectory`), searched
    through an index: :class:`~carecircle.testing.directories.InMemoryProfessionalDirectory`'s
    answers, for large directories.
    """

    _keys_of = staticmethod(_professional_keys)

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
        return self._indexed().page(keys, query.offset, query.limit)


class IndexedStructureDirectory(_Indexed[DirectoryStructure], InMemoryStructureDirectory):
    """The regional structure directory in memory (:class:`~carecircle.StructureDirectory`),
    searched through an index: :class:`~carecircle.testing.directories.InMemoryStructureDirectory`'s
    answers, for large directories.
    """

    _keys_of = staticmethod(_structure_keys)

    def search(self, query: StructureQuery) -> Page[DirectoryStructure]:
        """The page of structures matching ``query``, and how many match in all."""
        keys = [f"n:{w}" for w in query.name_words]
        if query.category is not None:
            keys.append(f"k:{query.category.token}")
        if query.postal_code:
            keys.append(f"z:{query.postal_code}")
        return self._indexed().page(keys, query.offset, query.limit)

    def delegating_to(self, account: str) -> frozenset[str]:
        """The directory ids of the legal-entity structures listing ``account`` among their
        delegates; a blank account raises ``ACCOUNT_REQUIRED``.
        """
        index = self._indexed()
        ranks = index.posting(f"d:{pass_account(account)}")
        return frozenset(index.entries[r].national_id for r in ranks)
