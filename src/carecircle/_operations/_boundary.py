"""The boundary of every operation: types, instants and versions, checked before any rule.

Each check raises the library's coded error alone (``WRONG_TYPE``, ``VERSION_CONFLICT``…), in
the order :func:`checked_arguments` gives: the record and its version, the actor, the instant.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Final

from carecircle import instants
from carecircle._errors import ConflictError, wrong_type
from carecircle._model._fields import code_set
from carecircle._model.principal import Principal
from carecircle._model.record import CoordinationRecord
from carecircle._model.refusals import Statement
from carecircle.nomenclatures import Code
from carecircle.professions import ProfessionCatalog
from carecircle.roles import RoleCatalog


class Keep(enum.Enum):
    """The marker of an argument left as it is (where ``None`` is a value of its own)."""

    KEEP = enum.auto()


#: Keep the current value (for :func:`update_member`'s ``habilitation_ends``).
KEEP: Final = Keep.KEEP

#: The code of a write based on another version than the record's (:class:`ConflictError`).
VERSION_CONFLICT: Final = "VERSION_CONFLICT"


# -- the boundary: types, instants and versions, checked before any rule ---------------------


def typed(value: object, expected: type | tuple[type, ...], path: str, what: str) -> None:
    if not isinstance(value, expected):
        raise wrong_type(path, what)


def flag(value: object, path: str) -> bool:
    if not isinstance(value, bool):
        raise wrong_type(path, "a bool")
    return value


def optional_flag(value: object, path: str) -> bool | None:
    return None if value is None else flag(value, path)


def text(value: object, path: str) -> str:
    if not isinstance(value, str):
        raise wrong_type(path, "a str")
    return value


def roles_of(values: object) -> frozenset[Code]:
    """``roles`` as a frozen set of codes, checked as a membership checks them
    (``WRONG_TYPE`` at ``roles`` or ``roles[i]``), before any rule runs.
    """
    return _ROLES(values)


_ROLES = code_set("roles")


def optional_roles(values: object) -> frozenset[Code] | None:
    return None if values is None else roles_of(values)


def statement_of(value: object, path: str) -> Statement:
    typed(value, Statement, path, "a Statement")
    assert isinstance(value, Statement)  # noqa: S101 -- checked just above
    return value


def catalog_of(value: object) -> RoleCatalog:
    typed(value, RoleCatalog, "catalog", "a RoleCatalog")
    assert isinstance(value, RoleCatalog)  # noqa: S101 -- checked just above
    return value


def professions_of(value: object) -> ProfessionCatalog:
    typed(value, ProfessionCatalog, "professions", "a ProfessionCatalog")
    assert isinstance(value, ProfessionCatalog)  # noqa: S101 -- checked just above
    return value


def optional_code(value: object, path: str) -> Code | None:
    """A :class:`Code` or ``None`` (``WRONG_TYPE`` at ``path`` otherwise)."""
    if value is None or isinstance(value, Code):
        return value
    raise wrong_type(path, "a Code")


def expect(record: object, expected_version: object) -> CoordinationRecord:
    """The record, checked: a :class:`CoordinationRecord` whose version is the one the caller
    read, when they say which (``VERSION_CONFLICT``, a :class:`ConflictError` raised alone).
    """
    if not isinstance(record, CoordinationRecord):
        raise wrong_type("record", "a CoordinationRecord")
    if expected_version is None:
        return record
    if isinstance(expected_version, bool) or not isinstance(expected_version, int):
        raise wrong_type("expected_version", "an int")
    if expected_version != record.version:
        raise ConflictError.of(
            VERSION_CONFLICT,
            "expected_version",
            f"the change is based on version {expected_version} but the record is at version "
            f"{record.version}: reload it and apply the change again",
        )
    return record


def checked_arguments(
    record: object, actor: object, at: object, expected_version: object
) -> tuple[CoordinationRecord, Principal, dt.datetime]:
    """The common arguments of every operation on a record, checked in this order: the
    record and its version, the actor, the instant (made UTC, R10).
    """
    checked = expect(record, expected_version)
    typed(actor, Principal, "actor", "a Principal")
    assert isinstance(actor, Principal)  # noqa: S101 -- checked just above
    return checked, actor, instants.utc(at, "at")


def check_version(record: CoordinationRecord, expected_version: int | None) -> None:
    """Raise ``VERSION_CONFLICT`` (a :class:`ConflictError`) when ``expected_version`` is
    given and is not ``record.version``; what every operation does first.
    """
    expect(record, expected_version)
