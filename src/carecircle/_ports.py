"""Ports (*ports*): what the library asks of the world, as :class:`~typing.Protocol` classes.

The core never looks anything up and never sends anything (R10). A service plugs its own
adapters behind these ports: the PASS directory (PASS accounts, RPPS, ADELI) behind
:class:`ProfessionalDirectory`, the regional structure directory (ROR, RECO², structures created
for coordination) behind :class:`StructureDirectory`, its mail or message queue behind
:class:`Notifier`, its database behind :class:`~carecircle.stores.RecordStore` (defined with
its checks in :mod:`carecircle.stores`, and re-exported here).
:mod:`carecircle.testing.directories` and :mod:`carecircle.testing.stores` hold in-memory
implementations and :mod:`carecircle.testing.contracts` the tests any implementation can run
against itself.

The queries are values shared by every implementation, so their checks are the same
everywhere: a malformed query raises :class:`~carecircle.InvalidValueError` when it is
built, before any directory sees it.

>>> q = ProfessionalQuery(name="hélène dur", place="31")
>>> q.name_words, q.place
(('helene', 'dur'), '31')
>>> ProfessionalQuery(limit=0)
Traceback (most recent call last):
    ...
carecircle.InvalidValueError: PAGE_LIMIT_INVALID at query.limit: ...
"""

from __future__ import annotations

import re
from typing import Any, Final, Generic, Protocol, TypeVar, runtime_checkable

import attrs

from carecircle._errors import InvalidValueError, wrong_type
from carecircle._model._fields import one_line, optional_code
from carecircle._model.people import DirectoryProfessional
from carecircle._model.structures import DirectoryStructure
from carecircle._notifications import Notification
from carecircle._text import fold
from carecircle.nomenclatures import Code
from carecircle.stores import RecordStore

__all__ = [
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "Notifier",
    "Page",
    "ProfessionalDirectory",
    "ProfessionalQuery",
    "RecordStore",
    "StructureDirectory",
    "StructureQuery",
    "search_words",
]

#: Page size when a query names none.
DEFAULT_LIMIT: Final = 20
#: The largest page a query may ask for.
MAX_LIMIT: Final = 100

T_co = TypeVar("T_co", covariant=True)

_WORD_SPLIT = re.compile(r"[^0-9a-z]+")
#: A postal-code criterion: 1 to 5 digits (a prefix), or a Corsican département.
_POSTAL_PREFIX = re.compile(r"[0-9]{1,5}|2[ab]")


def search_words(text: str) -> tuple[str, ...]:
    """The searchable words of ``text``: folded (accents and case dropped), split on anything
    that is not a letter or a digit (spaces, hyphens, apostrophes).

    Searches match when every query word is a prefix of some word of the field.

    >>> search_words("  Saint-Jean d'Hélène ")
    ('saint', 'jean', 'd', 'helene')
    """
    return tuple(w for w in _WORD_SPLIT.split(fold(text)) if w)


def _criterion(path: str) -> Any:
    """A text criterion: a str (blank: no criterion); ``None`` or another type is refused."""

    def convert(value: object) -> str:
        if not isinstance(value, str):
            raise wrong_type(path, "a str")
        return one_line(value, path)

    return attrs.field(default="", converter=convert)


def _check_page(offset: int, limit: int) -> None:
    for path, value in (("query.offset", offset), ("query.limit", limit)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise wrong_type(path, "an int")
    if offset < 0:
        raise InvalidValueError.of(
            "PAGE_OFFSET_INVALID", "query.offset", "the offset is a whole number from 0"
        )
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidValueError.of(
            "PAGE_LIMIT_INVALID", "query.limit", f"the page size is from 1 to {MAX_LIMIT}"
        )


def _postal_prefix(value: object) -> str:
    """A postal-code prefix (``"3"``… ``"31000"``) or ``"2A"``/``"2B"``; blank is no criterion."""
    if not isinstance(value, str):
        raise wrong_type("query.postal_code", "a str")
    compact = "".join(value.split()).lower()
    if compact and _POSTAL_PREFIX.fullmatch(compact) is None:
        raise InvalidValueError.of(
            "POSTAL_CODE_PREFIX_INVALID",
            "query.postal_code",
            "give 1 to 5 digits of a postal code, or a Corsican département (2A, 2B)",
        )
    return compact.upper()


@attrs.frozen(kw_only=True)
class Page(Generic[T_co]):
    """One page of search results: ``items`` from ``offset``, and the ``total`` that matched."""

    items: tuple[T_co, ...]
    total: int
    offset: int
    limit: int

    @property
    def has_more(self) -> bool:
        """True when results remain after this page."""
        return self.offset + len(self.items) < self.total


@attrs.frozen(kw_only=True)
class ProfessionalQuery:
    """A search of the PASS directory (G3): every criterion given must hold (AND).

    - ``name``: words, each a prefix of a word of the family or given name, accent- and
      case-insensitive (``"hel dur"`` finds DURAND Hélène);
    - ``profession``: the profession code, exactly (system and code);
    - ``place``: the guide's *Ville / Code postal* field: digits are a postal-code prefix
      (``"31"`` is the Haute-Garonne département, ``"31000"`` one postal code), ``2A``/``2B``
      a Corsican département, anything else words prefixing the city's words (so a mixed
      ``"31 Toulouse"`` is read as city words, and finds nothing);
    - ``structure``: words prefixing the words of the professional's coordination structure.

    Blank criteria are not criteria; an empty query lists the whole directory. Results come
    sorted by family name, given name, then national id and account (accent-insensitive), and
    are paged by ``offset`` and ``limit`` (1 to :data:`MAX_LIMIT`).
    """

    name: str = _criterion("query.name")
    profession: Code | None = optional_code("query.profession")
    place: str = _criterion("query.place")
    structure: str = _criterion("query.structure")
    offset: int = 0
    limit: int = DEFAULT_LIMIT

    def __attrs_post_init__(self) -> None:
        _check_page(self.offset, self.limit)

    @property
    def name_words(self) -> tuple[str, ...]:
        return search_words(self.name)

    @property
    def structure_words(self) -> tuple[str, ...]:
        return search_words(self.structure)

    @property
    def place_postal_prefix(self) -> str | None:
        """The postal-code prefix or Corsican département ``place`` names, if it names one."""
        compact = "".join(self.place.split()).lower()
        if compact and _POSTAL_PREFIX.fullmatch(compact) is not None:
            return compact.upper()
        return None

    @property
    def place_words(self) -> tuple[str, ...]:
        """The city words ``place`` names, when it is not a postal code."""
        return () if self.place_postal_prefix is not None else search_words(self.place)


@attrs.frozen(kw_only=True)
class StructureQuery:
    """A search of the regional structure directory (G10): every criterion given must hold.

    - ``name``: words, each a prefix of a word of the structure's name (accent-insensitive);
    - ``category``: the establishment category (TRE_R66), exactly;
    - ``postal_code``: 1 to 5 digits, a prefix of the postal code (``"31"`` is a
      département), or ``2A``/``2B`` for a Corsican département; anything else raises
      ``POSTAL_CODE_PREFIX_INVALID``.

    Results come sorted by name (accent-insensitive), then national id, paged like
    :class:`ProfessionalQuery`.
    """

    name: str = _criterion("query.name")
    category: Code | None = optional_code("query.category")
    postal_code: str = attrs.field(default="", converter=_postal_prefix)
    offset: int = 0
    limit: int = DEFAULT_LIMIT

    def __attrs_post_init__(self) -> None:
        _check_page(self.offset, self.limit)

    @property
    def name_words(self) -> tuple[str, ...]:
        return search_words(self.name)


@runtime_checkable
class ProfessionalDirectory(Protocol):
    """The PASS directory (*annuaire PASS*): PASS accounts, RPPS and ADELI professionals.

    Look-ups by identifier take any form the identifier's validator accepts (spaces
    included) and an account with surrounding whitespace; they return ``None`` when nobody has
    it; a malformed identifier raises :class:`~carecircle.InvalidValueError`
    (``IDENTIFIER_FORMAT``…, or ``ACCOUNT_REQUIRED`` for a blank account).
    """

    def search(self, query: ProfessionalQuery) -> Page[DirectoryProfessional]:
        """The page of professionals matching ``query``, and how many match in all."""
        ...

    def by_national_id(self, national_id: str) -> DirectoryProfessional | None:
        """The professional with this national id (idNat_PS), if any."""
        ...

    def by_account(self, account: str) -> DirectoryProfessional | None:
        """The professional holding this PASS account id, if any."""
        ...


@runtime_checkable
class StructureDirectory(Protocol):
    """The regional structure directory: ROR, RECO² and structures created for coordination.

    Look-ups take any form the identifier's validator accepts and return ``None`` when no
    structure has the identifier; a malformed FINESS or SIRET raises
    :class:`~carecircle.InvalidValueError`, and so does a blank directory id
    (``STRUCTURE_ID_REQUIRED``) or a blank account given to :meth:`delegating_to`
    (``ACCOUNT_REQUIRED``).
    """

    def search(self, query: StructureQuery) -> Page[DirectoryStructure]:
        """The page of structures matching ``query``, and how many match in all."""
        ...

    def by_national_id(self, national_id: str) -> DirectoryStructure | None:
        """The structure with this directory id, if any."""
        ...

    def by_finess(self, finess: str) -> DirectoryStructure | None:
        """The structure with this FINESS number, if any."""
        ...

    def by_siret(self, siret: str) -> DirectoryStructure | None:
        """The structure with this SIRET number, if any."""
        ...

    def delegating_to(self, account: str) -> frozenset[str]:
        """The directory ids of the legal-entity structures that list ``account`` among their
        delegates: what :attr:`Principal.delegated_by
        <carecircle.Principal.delegated_by>` needs (R3).
        """
        ...


@runtime_checkable
class Notifier(Protocol):
    """Whatever delivers notifications: e-mail, a message queue, the platform's inbox.

    The library hands over values (:data:`~carecircle.Notification`); the
    notifier finds the contact details it needs from the recipient's identifiers.
    """

    def notify(self, notification: Notification) -> None:
        """Deliver (or queue) one notification."""
        ...
