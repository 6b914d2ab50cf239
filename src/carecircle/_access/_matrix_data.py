"""Reading a habilitation matrix from plain data: the one reader behind
:meth:`HabilitationMatrix.from_mapping <carecircle.HabilitationMatrix.from_mapping>`
and the matrix documents of :mod:`carecircle.serialization`.

Every problem is collected, each with a path rooted at the matrix's data (``$``), in the path
style of cattrs's errors: ``.name`` for a field (and for a row's category), ``[i]`` for an
index, ``['key']`` for a profession key. The serialization puts these paths under the matrix's
place in a document (``$.value.grants['TRE_G15|10'].medical``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Final

from carecircle._errors import InputRejected, Violation, ViolationKind
from carecircle.nomenclatures import Code

__all__ = ["CATEGORY_NAME", "UNKNOWN_PROFESSION", "read_mapping", "violation"]

#: What a category name looks like.
CATEGORY_NAME: Final = re.compile(r"[a-z][a-z0-9_-]{0,62}")

UNKNOWN_PROFESSION: Final = (
    "not a profession of the catalogue: TRE_G15, TRE_R94, TRE_R95, TRE_R291 or the service's own"
)


def violation(code: str, path: str, message: str) -> Violation:
    return Violation(code=code, path=path, message=message, kind=ViolationKind.VALUE)


def read_mapping(
    data: object,
    *,
    parse: Callable[[str], Code | None],
    standard: Sequence[str],
    levels: frozenset[str],
) -> tuple[list[str], dict[Code, dict[str, str]]]:
    """The categories and the rows (level names) of a matrix's plain data, or
    :class:`~carecircle.InputRejected` with every problem.

    ``parse`` reads a profession key (``None``: not a profession of the catalogue),
    ``standard`` are the categories of data naming none, ``levels`` the level names.
    """
    found: list[Violation] = []
    if not isinstance(data, Mapping):
        raise InputRejected.from_violations(
            [violation("MALFORMED_MATRIX", "$", "a matrix is a mapping")]
        )
    found.extend(
        violation("UNKNOWN_KEY", f"$.{key}", "a matrix has only categories and grants")
        for key in data
        if key not in ("categories", "grants")
    )
    categories = _read_categories(data.get("categories", standard), standard, found)
    grants = _read_grants(data.get("grants", {}), frozenset(categories), found, parse, levels)
    if found:
        raise InputRejected.from_violations(found)
    return categories, grants


def _read_categories(value: object, standard: Sequence[str], found: list[Violation]) -> list[str]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        found.append(violation("MALFORMED_MATRIX", "$.categories", "categories is a list"))
        return list(standard)
    names: list[str] = []
    entries = 0
    for i, name in enumerate(value):
        entries += 1
        path = f"$.categories[{i}]"
        if not isinstance(name, str) or not CATEGORY_NAME.fullmatch(name):
            found.append(
                violation(
                    "INVALID_CATEGORY",
                    path,
                    "a category name is lower-case letters, digits, '_' or '-'",
                )
            )
        elif name in names:
            found.append(violation("DUPLICATE_CATEGORY", path, "a category is declared once"))
        else:
            names.append(name)
    if not entries:  # entries there but all wrong are reported one by one above
        found.append(violation("NO_CATEGORY", "$.categories", "a matrix declares a category"))
    return names


def _read_grants(
    value: object,
    declared: frozenset[str],
    found: list[Violation],
    parse: Callable[[str], Code | None],
    levels: frozenset[str],
) -> dict[Code, dict[str, str]]:
    if not isinstance(value, Mapping):
        found.append(violation("MALFORMED_MATRIX", "$.grants", "grants is a mapping"))
        return {}
    grants: dict[Code, dict[str, str]] = {}
    for key, row in value.items():
        path = f"$.grants[{key!r}]"
        profession = parse(key) if isinstance(key, str) else None
        if profession is None:
            found.append(
                violation("UNKNOWN_PROFESSION", path, f"{UNKNOWN_PROFESSION} ('TRE_G15|10')")
            )
        elif profession in grants:
            found.append(violation("DUPLICATE_PROFESSION", path, "a profession has one row"))
        read = _read_row(row, path, declared, found, levels)
        if profession is not None:
            grants.setdefault(profession, read)
    return grants


def _read_row(
    row: object,
    path: str,
    declared: frozenset[str],
    found: list[Violation],
    levels: frozenset[str],
) -> dict[str, str]:
    if not isinstance(row, Mapping):
        found.append(violation("MALFORMED_MATRIX", path, "a row maps categories to levels"))
        return {}
    read: dict[str, str] = {}
    for category, level in row.items():
        where = f"{path}.{category}"
        if category not in declared:
            found.append(
                violation("UNKNOWN_CATEGORY", where, "the matrix does not declare this category")
            )
        if not isinstance(level, str) or level not in levels:
            found.append(violation("UNKNOWN_LEVEL", where, "a level is 'none', 'read' or 'write'"))
        elif category in declared:
            read[category] = level
    return read
