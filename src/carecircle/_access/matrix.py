"""Habilitation matrix (*matrice d'habilitation*): profession × information category → level.

What a habilitated professional may see and write depends on their profession (G5): all or
part of the medical, social, psychological… information. A matrix maps each profession it
knows and each information category it declares to a :class:`Level` — ``none``, ``read`` or
``write`` (write implies read). A profession it does not list, or a category it does not
declare, is unknown: decisions deny them (R1).

Services load their own grid from plain data (what TOML or JSON gives) with
:meth:`HabilitationMatrix.from_mapping`, which reports every problem at once:

>>> from carecircle.nomenclatures import professions
>>> matrix = HabilitationMatrix.from_mapping({
...     "categories": ["administrative", "medical", "social", "psychological", "nutrition"],
...     "grants": {
...         "TRE_G15|10": {"administrative": "write", "medical": "write", "social": "read"},
...         "TRE_G15|95": {"medical": "read", "nutrition": "write"},
...     },
... })
>>> str(matrix.level(professions.DIETETICIEN, "nutrition"))
'write'
>>> str(matrix.level(professions.MEDECIN, "nutrition"))
'none'
>>> matrix.allows(professions.MEDECIN, Category.SOCIAL, Action.WRITE)
False
>>> from carecircle import InputRejected
>>> try:
...     HabilitationMatrix.from_mapping({"grants": {"TRE_G15|10": {"medicl": "rw"}}})
... except InputRejected as rejected:
...     for violation in rejected.violations:
...         print(violation)
UNKNOWN_CATEGORY at $.grants['TRE_G15|10'].medicl: the matrix does not declare this category
UNKNOWN_LEVEL at $.grants['TRE_G15|10'].medicl: a level is 'none', 'read' or 'write'

A matrix takes its professions from a :class:`~carecircle.professions.ProfessionCatalog`
(``professions=``, the ANS ones by default): a platform's own professions get rows once the
catalogue declares them (issue 10 item 6).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Final

import attrs

from carecircle._access._matrix_data import (
    CATEGORY_NAME,
    UNKNOWN_PROFESSION,
    read_mapping,
    violation,
)
from carecircle._errors import InputRejected, Violation, wrong_type
from carecircle._shown import Shown
from carecircle.nomenclatures import Code, code_system
from carecircle.professions import DEFAULT_PROFESSIONS, ProfessionCatalog

__all__ = [
    "ACTION_RANKS",
    "STANDARD_CATEGORIES",
    "Action",
    "Category",
    "HabilitationMatrix",
    "Level",
    "parse_profession",
]


class Action(StrEnum):
    """What a principal wants to do with a category of information."""

    READ = "read"
    WRITE = "write"


class Level(StrEnum):
    """What a matrix grants a profession on a category; ``write`` implies ``read``."""

    NONE = "none"
    READ = "read"
    WRITE = "write"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def permits(self, action: Action) -> bool:
        """True when this level is enough for ``action``."""
        return _RANK[self] >= ACTION_RANKS[action]


_RANK: Final[dict[Level, int]] = {Level.NONE: 0, Level.READ: 1, Level.WRITE: 2}
#: The rank (:attr:`Level.rank`) each action needs, by :class:`Action` or by its value
#: (``"read"``, ``"write"``: a str enum hashes as its value).
ACTION_RANKS: Final[Mapping[str, int]] = MappingProxyType({Action.READ: 1, Action.WRITE: 2})
_LEVELS: Final[tuple[Level, ...]] = (Level.NONE, Level.READ, Level.WRITE)


class Category(StrEnum):
    """The information categories every matrix may use (the guide's "médicales, sociales,
    psychologiques…"); a service declares more as plain names (``"nutrition"``).
    """

    ADMINISTRATIVE = "administrative"
    SOCIAL = "social"
    MEDICAL = "medical"
    PSYCHOLOGICAL = "psychological"


#: The four categories a matrix declares when its data names none.
STANDARD_CATEGORIES: Final[tuple[str, ...]] = tuple(Category)


def parse_profession(key: str, professions: ProfessionCatalog = DEFAULT_PROFESSIONS) -> Code | None:
    """The profession code ``key`` names (``"TRE_G15|10"``, or with the system URL, or
    ``"<system>|<code>"`` for a profession of ``professions`` outside the ANS systems), if any.

    >>> str(parse_profession("TRE_R95|93")), parse_profession("TRE_R216|FTH")
    ('TRE_R95|93', None)
    """
    system, sep, code = key.rpartition("|")
    if not sep:
        return None
    try:
        url = code_system(system.strip()).url
    except LookupError:
        url = system.strip()
    found = Code(url, code.strip())
    return found if found in professions else None


def _catalog(value: object) -> ProfessionCatalog:
    if not isinstance(value, ProfessionCatalog):
        raise wrong_type("professions", "a ProfessionCatalog")
    return value


@attrs.frozen(kw_only=True, eq=False)
class HabilitationMatrix(Shown):
    """Habilitation matrix (*matrice d'habilitation*), immutable; equal when it grants the same.

    ``categories`` are the information categories it declares, ``grants`` the level of each
    listed profession on each category (a category left out of a row is ``none``). Build one
    from plain data with :meth:`from_mapping`; the constructor checks its Python arguments the
    same way and raises :class:`~carecircle.InputRejected` with every problem.
    ``professions`` (kept as :attr:`profession_catalog`) says which professions may have a
    row; it plays no part in equality.
    """

    categories: tuple[str, ...] = STANDARD_CATEGORIES
    grants: Mapping[Code, Mapping[str, Level]] = attrs.field(factory=dict)
    profession_catalog: ProfessionCatalog = attrs.field(
        default=DEFAULT_PROFESSIONS, alias="professions", converter=_catalog, repr=False
    )
    # profession -> category -> rank, built once.
    _rows: dict[Code, dict[str, int]] = attrs.field(init=False, repr=False)
    #: The declared categories, as a set.
    declared: frozenset[str] = attrs.field(init=False, repr=False)
    #: Read-only: each listed profession, by :attr:`Code.token` (what
    #: :attr:`Principal.profession_key <carecircle.Principal.profession_key>` holds), to
    #: every declared category with the :attr:`Level.rank` granted on it (``0`` for ``none``);
    #: a category missing from a row is one the matrix does not declare.
    rank_table: Mapping[str, Mapping[str, int]] = attrs.field(init=False, repr=False)
    #: Read-only: each profession granting something, by token, to every declared category with
    #: its :class:`Level` (what listings hand out); professions granting nothing are left out.
    level_views: Mapping[str, Mapping[str, Level]] = attrs.field(init=False, repr=False)
    #: Read-only: every declared category at ``none``.
    no_levels: Mapping[str, Level] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        found: list[Violation] = []
        categories: object = self.categories  # typed as a tuple, but callers can pass anything
        if isinstance(categories, str) or not isinstance(categories, Iterable):
            raise InputRejected.from_violations(
                [violation("MALFORMED_MATRIX", "categories", "categories is a list of names")]
            )
        names = tuple(categories)
        object.__setattr__(self, "categories", names)
        grants: object = self.grants
        if not isinstance(grants, Mapping):
            found.append(violation("MALFORMED_MATRIX", "grants", "grants is a mapping"))
            grants = {}
        found.extend(
            violation(
                "INVALID_CATEGORY",
                f"categories[{i}]",
                "a category name is lower-case letters, digits, '_' or '-'",
            )
            for i, name in enumerate(names)
            if not isinstance(name, str) or not CATEGORY_NAME.fullmatch(name)
        )
        declared = frozenset(name for name in names if isinstance(name, str))
        if not declared:
            found.append(violation("NO_CATEGORY", "categories", "a matrix declares a category"))
        if len(declared) != len([name for name in names if isinstance(name, str)]):
            found.append(
                violation("DUPLICATE_CATEGORY", "categories", "a category is declared once")
            )
        table: dict[Code, dict[str, int]] = {}
        for profession, given in grants.items():
            path = f"grants[{profession}]"
            row: object = given  # typed as a mapping, but Python callers can pass anything
            key: object = profession  # typed as Code, but Python callers can pass anything
            if key not in self.profession_catalog:
                found.append(violation("UNKNOWN_PROFESSION", path, UNKNOWN_PROFESSION))
            ranks = table.setdefault(profession, {})
            if not isinstance(row, Mapping):
                found.append(violation("MALFORMED_MATRIX", path, "a row maps categories to levels"))
                continue
            for category, level in row.items():
                if category not in declared:
                    found.append(
                        violation(
                            "UNKNOWN_CATEGORY",
                            f"{path}.{category}",
                            "the matrix does not declare this category",
                        )
                    )
                if not isinstance(level, str) or level not in _LEVEL_NAMES:
                    found.append(
                        violation(
                            "UNKNOWN_LEVEL",
                            f"{path}.{category}",
                            "a level is 'none', 'read' or 'write'",
                        )
                    )
                else:
                    ranks[category] = _RANK[Level(level)]
        if found:
            raise InputRejected.from_violations(found)
        object.__setattr__(self, "_rows", table)
        # Every declared category in each row, ``none`` as 0: a missing key is an undeclared
        # category, told apart without another lookup.
        by_token: dict[str, Mapping[str, int]] = {
            p.token: MappingProxyType({c: row.get(c, 0) for c in names}) for p, row in table.items()
        }
        object.__setattr__(self, "rank_table", MappingProxyType(by_token))
        object.__setattr__(self, "declared", declared)
        object.__setattr__(self, "no_levels", MappingProxyType(dict.fromkeys(names, Level.NONE)))
        # Rows granting nothing are left out: no record opens to those professions.
        views = {
            p.token: MappingProxyType({c: _LEVELS[row.get(c, 0)] for c in names})
            for p, row in table.items()
            if any(row.values())
        }
        object.__setattr__(self, "level_views", MappingProxyType(views))
        # Keep the public view read-only, whatever mapping the caller passed.
        frozen = {p: _FrozenRow(row) for p, row in table.items()}
        object.__setattr__(self, "grants", _FrozenGrants(frozen))

    # -- queries ----------------------------------------------------------------------------

    def knows_profession(self, profession: Code | None) -> bool:
        return profession in self._rows

    def knows_category(self, category: str) -> bool:
        return category in self.declared

    @property
    def professions(self) -> tuple[Code, ...]:
        """The professions the matrix lists, sorted."""
        return tuple(sorted(self._rows))

    def level(self, profession: Code | None, category: str) -> Level:
        """The level granted; ``none`` for an unlisted profession or undeclared category."""
        row = self._rows.get(profession)  # type: ignore[arg-type]  # None is never a key
        return _LEVELS[row.get(category, 0)] if row is not None else Level.NONE

    def allows(self, profession: Code | None, category: str, action: Action) -> bool:
        """True when ``profession`` may do ``action`` on ``category``."""
        row = self._rows.get(profession)  # type: ignore[arg-type]  # None is never a key
        return row is not None and row.get(category, 0) >= ACTION_RANKS[action]

    def row(self, profession: Code) -> dict[str, Level]:
        """Every declared category with the level ``profession`` has on it."""
        return {c: self.level(profession, c) for c in self.categories}

    # -- plain data -------------------------------------------------------------------------

    @classmethod
    def from_mapping(
        cls, data: object, *, professions: ProfessionCatalog = DEFAULT_PROFESSIONS
    ) -> HabilitationMatrix:
        """A matrix from plain data, or :class:`~carecircle.InputRejected` with every
        problem: ``{"categories": [...], "grants": {"TRE_G15|10": {"medical": "write"}}}``.

        ``categories`` defaults to the four standard ones; professions are named
        ``"<system>|<code>"`` with the system's NOS name or URL (closed codes are accepted:
        old profiles carry them), or ``"<system URL>|<code>"`` for a profession ``professions``
        declares; levels are ``"none"``, ``"read"`` or ``"write"``.
        """
        professions = _catalog(professions)
        categories, rows = read_mapping(
            data,
            parse=lambda key: parse_profession(key, professions),
            standard=STANDARD_CATEGORIES,
            levels=_LEVEL_NAMES,
        )
        grants = {p: {c: Level(lv) for c, lv in row.items()} for p, row in rows.items()}
        return cls(categories=tuple(categories), grants=grants, professions=professions)

    def to_mapping(self) -> dict[str, object]:
        """Plain data that :meth:`from_mapping` reads back into an equal matrix."""
        return {
            "categories": list(self.categories),
            "grants": {
                str(p): {c: str(lv) for c, lv in self.row(p).items() if lv is not Level.NONE}
                for p in self.professions
            },
        }

    # -- value semantics --------------------------------------------------------------------

    def _key(self) -> tuple[frozenset[str], frozenset[Code], frozenset[tuple[Code, str, int]]]:
        # The professions listed count, even with nothing granted: decisions tell an unknown
        # profession (UNKNOWN_PROFESSION) from a known one granted nothing (MATRIX_DENIES).
        return (
            self.declared,
            frozenset(self._rows),
            frozenset(
                (p, c, rank) for p, row in self._rows.items() for c, rank in row.items() if rank
            ),
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, HabilitationMatrix):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())


class _FrozenRow(Mapping[str, Level]):
    """A read-only view of one profession's row."""

    __slots__ = ("_ranks",)

    def __init__(self, ranks: dict[str, int]) -> None:
        self._ranks = ranks

    def __getitem__(self, category: str) -> Level:
        return _LEVELS[self._ranks[category]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._ranks)

    def __len__(self) -> int:
        return len(self._ranks)

    def __repr__(self) -> str:
        return repr(dict(self))


class _FrozenGrants(Mapping[Code, Mapping[str, Level]]):
    """A read-only view of the grants, profession by profession."""

    __slots__ = ("_rows",)

    def __init__(self, rows: dict[Code, _FrozenRow]) -> None:
        self._rows = rows

    def __getitem__(self, profession: Code) -> Mapping[str, Level]:
        return self._rows[profession]

    def __iter__(self) -> Iterator[Code]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __repr__(self) -> str:
        return repr({str(p): row for p, row in self._rows.items()})


_LEVEL_NAMES: Final[frozenset[str]] = frozenset(Level)
