"""What the listings return (*listes*): tuples that know what they list, to show it by name.

:func:`~carecircle.who_can_access` returns an :class:`AccessList` and
:meth:`~carecircle.ActiveFileIndex.for_principal` an :class:`ActiveFile`: each is a ``tuple``
(equal to the plain tuple of the same items, hashed like it, sliced into plain tuples) that
also keeps the record (or records) and the instant it answers for, so that Jupyter
(``_repr_html_``) and ``print`` show members' and patients' names next to the account ids
(:mod:`carecircle._display`).

>>> from carecircle.testing.builders import EPOCH, new_record
>>> import carecircle as cc
>>> record, creator = new_record()
>>> listed = cc.who_can_access(record, [creator], matrix=cc.EXAMPLE_MATRIX, at=EPOCH)
>>> isinstance(listed, tuple), listed == (listed[0],), listed.record is record
(True, True, True)
>>> print(listed)  # doctest: +NORMALIZE_WHITESPACE
Qui peut accéder au dossier DC-1 (MARTIN Louise) au 2026-11-02 09:00 UTC
  Compte  Nom  Par ...
  pass:1  DURAND Prénom1  membre M1 DURAND Prénom1  écriture ...
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from carecircle._model.principal import Principal
from carecircle._model.record import CoordinationRecord
from carecircle._shown import Shown

if TYPE_CHECKING:
    from carecircle._access.listings import ActiveFileEntry, Permissions

__all__ = ["AccessList", "ActiveFile"]

_NO_RECORDS: Mapping[str, CoordinationRecord] = MappingProxyType({})


class _Frozen(Shown):
    """Immutable, like the library's other values (what it holds is set once, by ``__new__``)."""

    __slots__ = ()

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")


class AccessList(_Frozen, tuple["Permissions", ...]):
    """Who can access a record (*qui peut accéder au dossier*): the :class:`Permissions` of
    each principal with access, a tuple equal to the plain one; :attr:`record` and :attr:`at`
    are what it answers for (``None`` when built by hand).
    """

    record: CoordinationRecord | None
    at: dt.datetime | None

    def __new__(
        cls,
        items: Iterable[Permissions] = (),
        *,
        record: CoordinationRecord | None = None,
        at: dt.datetime | None = None,
    ) -> AccessList:
        found = super().__new__(cls, items)
        object.__setattr__(found, "record", record)
        object.__setattr__(found, "at", at)
        return found


class ActiveFile(_Frozen, tuple["ActiveFileEntry", ...]):
    """A principal's active file (*file active*): an :class:`ActiveFileEntry` for each record
    they can open, a tuple equal to the plain one; :attr:`principal`, :attr:`at` and
    :attr:`records` (a read-only view of the records it was listed from, by id) are what it
    answers for.
    """

    principal: Principal | None
    at: dt.datetime | None
    records: Mapping[str, CoordinationRecord]

    def __new__(
        cls,
        items: Iterable[ActiveFileEntry] = (),
        *,
        principal: Principal | None = None,
        at: dt.datetime | None = None,
        records: Mapping[str, CoordinationRecord] = _NO_RECORDS,
    ) -> ActiveFile:
        found = super().__new__(cls, items)
        object.__setattr__(found, "principal", principal)
        object.__setattr__(found, "at", at)
        if not isinstance(records, MappingProxyType):  # a view is kept as it is: no copy
            records = MappingProxyType(dict(records))
        object.__setattr__(found, "records", records)
        return found
