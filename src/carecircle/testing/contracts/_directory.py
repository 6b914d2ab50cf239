"""The contract every directory of the ports shares, whatever its entries: searches sorted and
paged, the empty query listing everything, accents and case ignored (:mod:`carecircle.ports`).

:class:`~carecircle.testing.contracts.ProfessionalDirectoryContract` and
:class:`~carecircle.testing.contracts.StructureDirectoryContract` are this contract for the
PASS directory's professionals and the regional directory's structures: each names its
entries, their display order and a few queries, and adds the tests of its own criteria and
look-ups.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, Protocol, TypeVar

import attrs

from carecircle._model import DirectoryProfessional, DirectoryStructure
from carecircle._ports import MAX_LIMIT, Page, ProfessionalQuery, StructureQuery
from carecircle.testing.contracts.checks import check, check_page, labels

__all__ = ["DirectoryContract", "SearchableDirectory"]

E = TypeVar("E", bound=DirectoryProfessional | DirectoryStructure)
Q = TypeVar("Q", bound=ProfessionalQuery | StructureQuery)
E_co = TypeVar("E_co", covariant=True, bound=DirectoryProfessional | DirectoryStructure)
Q_contra = TypeVar("Q_contra", contravariant=True, bound=ProfessionalQuery | StructureQuery)


class SearchableDirectory(Protocol[E_co, Q_contra]):
    """What the two directory ports have in common: a search by query, one page at a time."""

    def search(self, query: Q_contra) -> Page[E_co]:
        """The page of entries matching ``query``, and how many match in all."""
        ...


class DirectoryContract(Generic[E, Q]):
    """What every directory must do with entries of kind ``E`` searched by queries ``Q``.

    A subclass names :attr:`entries` (what :meth:`make_directory` receives),
    :attr:`in_order` (their labels in display order), :attr:`everything` (the empty query),
    :attr:`blank` (a query of blank criteria), :attr:`spellings` (name queries typed in
    several ways, and the entries each finds) and :attr:`probe` (a query finding a few
    entries, :attr:`probe_hits`, paged through).
    """

    entries: Sequence[E]
    in_order: tuple[str, ...]
    everything: Q
    blank: Q
    spellings: tuple[tuple[Q, tuple[str, ...]], ...]
    probe: Q
    probe_hits: tuple[str, ...]

    def make_directory(self, entries: Sequence[E]) -> SearchableDirectory[E, Q]:
        """A directory holding exactly ``entries``."""
        raise NotImplementedError

    def _search(self, query: Q) -> Page[E]:
        return self.make_directory(self.entries).search(query)

    def _expect(self, query: Q, expected: Sequence[str], what: str) -> None:
        check_page(self._search(query), expected, what)

    def _check_port(self, port: type, methods: str) -> None:
        check(isinstance(self.make_directory(self.entries), port), f"the directory has {methods}")

    def _page(self, query: Q, offset: int, limit: int = 3) -> Q:
        paged: Q = attrs.evolve(query, offset=offset, limit=limit)
        return paged

    def test_name_search_ignores_accents_and_case(self) -> None:
        for query, expected in self.spellings:
            self._expect(query, expected, repr(query.name))

    def test_empty_query_lists_the_whole_directory_in_order(self) -> None:
        self._expect(self._page(self.everything, 0, MAX_LIMIT), self.in_order, "the empty query")
        self._expect(self._page(self.blank, 0, MAX_LIMIT), self.in_order, "blank criteria")

    def test_paging(self) -> None:
        directory, size = self.make_directory(self.entries), len(self.in_order)
        seen: list[str] = []
        for offset in range(0, size, 3):
            page = directory.search(self._page(self.everything, offset))
            what = f"offset {offset}, limit 3"
            check_page(page, self.in_order[offset : offset + 3], what, total=size)
            check((page.offset, page.limit) == (offset, 3), f"{what}: the page echoes them")
            check(page.has_more == (offset + 3 < size), f"{what}: has_more")
            seen += labels(page.items)
        check(seen == list(self.in_order), f"pages put together: found {seen}")
        hits = self.probe_hits
        for offset in range(0, len(hits), 2):
            page = directory.search(self._page(self.probe, offset, 2))
            what = f"{self.probe!r} at offset {offset}, limit 2"
            check_page(page, hits[offset : offset + 2], what, total=len(hits))
            check(page.has_more == (offset + 2 < len(hits)), f"{what}: has_more")

    def test_offset_past_the_end_gives_no_items_but_the_total(self) -> None:
        directory, size = self.make_directory(self.entries), len(self.in_order)
        for offset in (size, size + 1, 1_000):
            page = directory.search(self._page(self.everything, offset, 20))
            check_page(page, (), f"offset {offset}", total=size)
            check(not page.has_more, f"offset {offset}: nothing more")
        page = directory.search(self._page(self.probe, len(self.probe_hits), 20))
        what = f"{self.probe!r} past its last entry"
        check_page(page, (), what, total=len(self.probe_hits))
