"""What the contracts share: assertions that hold under ``python -O`` and name what failed.

Public so that every contract module (and an adapter's own tests) can use them; none needs
pytest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import TypeVar

from carecircle._errors import InvalidValueError, ViolationError
from carecircle._model import DirectoryProfessional, DirectoryStructure
from carecircle._ports import Page

__all__ = [
    "check",
    "check_items",
    "check_page",
    "check_rejects",
    "error_code",
    "label",
    "labels",
    "raised",
    "validator_code",
]

E = TypeVar("E", bound=ViolationError)


def label(entry: DirectoryProfessional | DirectoryStructure) -> str:
    """How failure messages name an entry: its national id, else its PASS account."""
    if isinstance(entry, DirectoryStructure):
        return entry.national_id
    return entry.national_id or ("" if entry.account is None else entry.account.id)


def labels(entries: Iterable[DirectoryProfessional | DirectoryStructure]) -> list[str]:
    """The :func:`label` of each entry, in order."""
    return [label(e) for e in entries]


def check(condition: bool, message: str) -> None:  # noqa: FBT001 -- an assertion
    """Raise :class:`AssertionError` with ``message`` unless ``condition`` (even under -O)."""
    if not condition:
        raise AssertionError(message)


def check_items(
    page: Page[DirectoryProfessional | DirectoryStructure], expected: Sequence[str], what: str
) -> None:
    """``page`` lists ``expected`` (labels, in order); the failure names ``what``."""
    found = labels(page.items)
    check(found == list(expected), f"{what}: expected {list(expected)}, found {found}")


def check_page(
    page: Page[DirectoryProfessional | DirectoryStructure],
    expected: Sequence[str],
    what: str,
    *,
    total: int | None = None,
) -> None:
    """``page`` lists ``expected`` (labels, in order) and counts ``total`` (or as many)."""
    check_items(page, expected, what)
    wanted = len(expected) if total is None else total
    check(page.total == wanted, f"{what}: expected a total of {wanted}, found {page.total}")


def raised(call: Callable[[], object], error: type[E], what: str) -> E:
    """The ``error`` (a coded error class) that ``call`` raises; :class:`AssertionError` when
    it raises nothing, or a coded error of another class (naming its code). Any other
    exception goes through, with its own traceback.
    """
    try:
        call()
    except error as caught:
        return caught
    except ViolationError as other:
        message = f"{what}: expected {error.__name__}, found {type(other).__name__} {other.code}"
        raise AssertionError(message) from other
    raise AssertionError(f"{what}: expected {error.__name__}, nothing was raised")


def error_code(call: Callable[[], object], what: str) -> str:
    """The code of the :class:`InvalidValueError` ``call`` raises."""
    return raised(call, InvalidValueError, what).code


def check_rejects(call: Callable[[], object], code: str, what: str) -> None:
    """``call`` raises :class:`~carecircle.InvalidValueError` with ``code``."""
    found = error_code(call, what)
    check(found == code, f"{what}: expected InvalidValueError {code}, found {found}")


def validator_code(validate: Callable[[str], object], value: str) -> str:
    """The code the library's own validator gives ``value``: what a look-up must raise."""
    return error_code(partial(validate, value), "the contract's malformed identifier")
