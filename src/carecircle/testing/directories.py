"""In-memory directories (*annuaires en mémoire*): the directory ports of :mod:`carecircle.ports`,
as a list.

For tests, demos and staging: :class:`InMemoryProfessionalDirectory` (the PASS directory) and
:class:`InMemoryStructureDirectory` (the regional structure directory). A search is a filter
over the entries in display order (each entry's searchable words folded once, when the order is
made), sliced into a page: obviously what :mod:`carecircle.ports` documents, and checked by
:mod:`carecircle.testing.contracts`. Over a few thousand entries, use the indexed directories of
:mod:`carecircle.testing.indexed` (the same answers, about a hundred times faster at 100,000).

The directories are mutable test doubles: :meth:`~InMemoryProfessionalDirectory.add` and
:meth:`~InMemoryProfessionalDirectory.replace` keep the identifier look-ups current at once;
the display order is made again at the next search. They are not thread-safe.

>>> from carecircle import DirectoryProfessional, PassAccount, ProfessionalQuery
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
from collections.abc import Iterable, Sequence

from carecircle._errors import InvalidValueError
from carecircle._model.people import DirectoryProfessional
from carecircle._model.structures import DirectoryStructure
from carecircle._ports import Page, ProfessionalQuery, StructureQuery, search_words
from carecircle._text import fold
from carecircle.identifiers import finess as _finess
from carecircle.identifiers import idnat_ps
from carecircle.identifiers import postal_code as _postal_code
from carecircle.identifiers import siret as _siret
from carecircle.testing._directory import EntryDirectory, paged, pass_account

__all__ = ["InMemoryProfessionalDirectory", "InMemoryStructureDirectory"]

#: One entry's searchable words, field by field (folded once).
_Words = tuple[tuple[str, ...], ...]


@functools.lru_cache(maxsize=1 << 16)
def _words(text: str) -> tuple[str, ...]:
    return search_words(text)


@functools.lru_cache(maxsize=1 << 16)
def _folded(text: str) -> str:
    return fold(text)


def _has_words(field: Sequence[str], wanted: Sequence[str]) -> bool:
    """Every wanted word prefixes a word of ``field`` (true when none is wanted)."""
    return all(any(w.startswith(q) for w in field) for q in wanted)


def _in_area(code: str | None, prefix: str | None) -> bool:
    """``code`` starts with ``prefix``, or is in its Corsican département (no prefix: true)."""
    if prefix is None:
        return True
    if code is None:
        return False
    if prefix in ("2A", "2B"):
        return _postal_code.departement(code) == prefix
    return code.startswith(prefix)


class InMemoryProfessionalDirectory(EntryDirectory[DirectoryProfessional]):
    """The PASS directory (:class:`~carecircle.ProfessionalDirectory`) in memory.

    ``entries`` may not share a national id or a PASS account: the constructor raises one
    :class:`~carecircle.InputRejected` listing every duplicate (``DUPLICATE_ENTRY`` at
    ``entries[i]``). Iterating gives the entries in display order.
    """

    def __init__(self, entries: Iterable[DirectoryProfessional] = ()) -> None:
        self._rows: list[tuple[DirectoryProfessional, _Words]] | None = None
        super().__init__(entries)

    @staticmethod
    def _sort_key(entry: DirectoryProfessional) -> tuple[str, ...]:
        return (
            _folded(entry.family_name),
            _folded(entry.given_name),
            entry.national_id or "",
            "" if entry.account is None else entry.account.id,
        )

    def _changed(self) -> None:
        super()._changed()
        self._rows = None

    def _searchable(self) -> list[tuple[DirectoryProfessional, _Words]]:
        """The entries in display order, with their name, city and structure words."""
        if self._rows is None:
            self._rows = []
            for e in self._ordered():
                city = e.contact.address.city if e.contact.address is not None else None
                names = _words(e.family_name) + _words(e.given_name)
                self._rows.append((e, (names, _words(city or ""), _words(e.structure))))
        return self._rows

    def search(self, query: ProfessionalQuery) -> Page[DirectoryProfessional]:
        """The page of professionals matching ``query``, and how many match in all."""
        name, city, structure = query.name_words, query.place_words, query.structure_words
        prefix = query.place_postal_prefix
        found = [
            e
            for e, (names, cities, structures) in self._searchable()
            if _has_words(names, name)
            and (query.profession is None or e.profession == query.profession)
            and _in_area(
                None if e.contact.address is None else e.contact.address.postal_code, prefix
            )
            and _has_words(cities, city)
            and _has_words(structures, structure)
        ]
        return paged(found, query.offset, query.limit)

    def by_national_id(self, national_id: str) -> DirectoryProfessional | None:
        """The professional with this idNat_PS, or ``None``; a malformed one raises
        :class:`~carecircle.InvalidValueError` at ``national_id``.
        """
        return self._holding(f"idnat:{idnat_ps.validate(national_id, path='national_id')}")

    def by_account(self, account: str) -> DirectoryProfessional | None:
        """The professional holding this PASS account, or ``None``; a blank one raises
        :class:`~carecircle.InvalidValueError` ``ACCOUNT_REQUIRED``.
        """
        return self._holding(f"account:{pass_account(account)}")


class InMemoryStructureDirectory(EntryDirectory[DirectoryStructure]):
    """The regional structure directory (:class:`~carecircle.StructureDirectory`) in memory.

    ``entries`` may not share a directory id, a FINESS or a SIRET: the constructor raises one
    :class:`~carecircle.InputRejected` listing every duplicate (``DUPLICATE_ENTRY`` at
    ``entries[i]``). Iterating gives the entries in display order.
    """

    def __init__(self, entries: Iterable[DirectoryStructure] = ()) -> None:
        self._rows: list[tuple[DirectoryStructure, tuple[str, ...]]] | None = None
        super().__init__(entries)

    @staticmethod
    def _sort_key(entry: DirectoryStructure) -> tuple[str, ...]:
        return _folded(entry.name), entry.national_id

    def _changed(self) -> None:
        super()._changed()
        self._rows = None

    def _searchable(self) -> list[tuple[DirectoryStructure, tuple[str, ...]]]:
        """The entries in display order, with their name words."""
        if self._rows is None:
            self._rows = [(e, _words(e.name)) for e in self._ordered()]
        return self._rows

    def search(self, query: StructureQuery) -> Page[DirectoryStructure]:
        """The page of structures matching ``query``, and how many match in all."""
        name, prefix = query.name_words, query.postal_code or None
        found = [
            e
            for e, names in self._searchable()
            if _has_words(names, name)
            and (query.category is None or e.category == query.category)
            and _in_area(None if e.address is None else e.address.postal_code, prefix)
        ]
        return paged(found, query.offset, query.limit)

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
        delegate = pass_account(account)
        return frozenset(e.national_id for e in self if e.legal_entity and delegate in e.delegates)
