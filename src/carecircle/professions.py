"""Professions (*professions*) a service accepts: the ANS ones and its platform's own (G3, G5).

The ANS code systems carecircle ships (TRE_G15, TRE_R94, TRE_R95, TRE_R291) do not name every
profession a platform's directory holds: the guide's own example, SABOURIN MATHILDE, is
« Personnel non médical (hors administratif et informatique) », in none of them. A service
declares its platform's professions in a :class:`ProfessionCatalog`, as a
:class:`~carecircle.roles.RoleCatalog` declares roles; members, principals and habilitation
matrices then accept them, and a code the catalogue lacks is still refused (R1, issue 10
item 6).

Platform professions live in :data:`PLATFORM_PROFESSION_SYSTEM` (``urn:carecircle:profession``)
or in a system of the service's own (any URL that is not one of the shipped ANS systems). A
profession of a shipped ANS system must be one of its profession codes, and takes its closing
date from the nomenclature: closed ANS codes stay in the catalogue, known as closed, so old data
reads and the codes rule reports them (``CLOSED_CODE``).

>>> import datetime as dt
>>> from carecircle.nomenclatures import professions
>>> at = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
>>> pnm = Profession(code=Code(PLATFORM_PROFESSION_SYSTEM, "PERSONNEL_NON_MEDICAL"),
...     label="Personnel non médical (hors administratif et informatique)")
>>> catalog = DEFAULT_PROFESSIONS.with_professions(pnm)
>>> pnm.code in catalog, pnm.code in DEFAULT_PROFESSIONS, catalog.is_open(pnm.code, at)
(True, False, True)
>>> len(DEFAULT_PROFESSIONS), DEFAULT_PROFESSIONS.is_open(professions.MEDECIN, at)
(68, True)
>>> old_psy = Code(professions.MEDECIN.system, "93")
>>> old_psy in DEFAULT_PROFESSIONS, DEFAULT_PROFESSIONS.is_open(old_psy, at)
(True, False)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import Final

import attrs

from carecircle._errors import InvalidValueError, NotFoundError, wrong_type
from carecircle._model._fields import instance_of, required_text
from carecircle.nomenclatures import SYSTEMS as _SHIPPED
from carecircle.nomenclatures import Code, code_system, lookup
from carecircle.nomenclatures import professions as _ans

__all__ = [
    "PLATFORM_PROFESSION_SYSTEM",
    "PROFESSION_CODE_INVALID",
]

#: carecircle's documented system for a platform's own professions.
PLATFORM_PROFESSION_SYSTEM: Final = "urn:carecircle:profession"

#: The code of a :class:`Profession` whose code belongs to a shipped ANS system but is not
#: one of its profession codes (a kinship, a G15 code that does not exist…).
PROFESSION_CODE_INVALID: Final = "PROFESSION_CODE_INVALID"

_SHIPPED_URLS: Final = frozenset(s.url for s in _SHIPPED.values())


def _closed_on(value: object) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    raise wrong_type("profession.closed_on", "a datetime.date")


@attrs.frozen(kw_only=True)
class Profession:
    """A profession a service accepts: its ``code``, its French ``label``, and ``closed_on``
    (the day it is closed from, like the NOS *dateFin*), ``None`` while open.

    A code of a shipped ANS system must be a profession code of TRE_G15, TRE_R94, TRE_R95 or
    TRE_R291 (``PROFESSION_CODE_INVALID``); its ``closed_on`` is the nomenclature's, whatever
    is given.
    """

    code: Code = attrs.field(validator=instance_of(Code, "profession.code", "a Code"))
    label: str = required_text("profession.label")
    closed_on: dt.date | None = attrs.field(default=None, converter=_closed_on)

    def __attrs_post_init__(self) -> None:
        if self.code.system not in _SHIPPED_URLS:
            return
        concept = lookup(self.code) if self.code.system in _ans.SYSTEMS else None
        if concept is None:
            raise InvalidValueError.of(
                PROFESSION_CODE_INVALID,
                "profession.code",
                "a code of an ANS code system must be one of its profession codes",
            )
        object.__setattr__(self, "closed_on", concept.closed_on)

    def is_closed_at(self, at: dt.date) -> bool:
        """Whether the profession is closed on ``at`` (``closed_on`` is that day or before)."""
        return self.closed_on is not None and self.closed_on <= at


def _index(values: object) -> Mapping[Code, Profession]:
    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Iterable):
        raise wrong_type("professions", "a sequence of Profession")
    found: dict[Code, Profession] = {}
    for i, value in enumerate(values):
        if not isinstance(value, Profession):
            raise wrong_type(f"professions[{i}]", "a Profession")
        found[value.code] = value
    return found


@attrs.frozen
class ProfessionCatalog(Mapping[Code, Profession]):
    """The professions a service accepts, by code. Immutable; extend with
    :meth:`with_professions`.

    :attr:`systems` are the code systems it takes professions from: the four ANS ones, the
    platform system and the system of every profession declared. The codes rule reports a
    code of one of them that the catalogue lacks as ``UNKNOWN_CODE``, any other code as
    ``CODE_NOT_ALLOWED``.
    """

    _professions: Mapping[Code, Profession] = attrs.field(converter=_index)
    systems: frozenset[str] = attrs.field(init=False)

    @systems.default
    def _systems(self) -> frozenset[str]:
        declared = {code.system for code in self._professions}
        return frozenset({*_ans.SYSTEMS, PLATFORM_PROFESSION_SYSTEM, *declared})

    def __getitem__(self, code: Code) -> Profession:
        try:
            return self._professions[code]
        except (KeyError, TypeError):
            raise NotFoundError.of(
                "UNKNOWN_PROFESSION", "profession", "this profession is not in the catalogue"
            ) from None

    def __contains__(self, code: object) -> bool:
        return isinstance(code, Code) and code in self._professions

    def find(self, code: object) -> Profession | None:
        """The profession of ``code``, or ``None`` (for anything that is not a known code)."""
        return self._professions.get(code) if isinstance(code, Code) else None

    def __iter__(self) -> Iterator[Code]:
        return iter(self._professions)

    def __len__(self) -> int:
        return len(self._professions)

    def with_professions(self, *professions: Profession) -> ProfessionCatalog:
        """A catalogue with ``professions`` added (replacing any of the same code)."""
        return ProfessionCatalog([*self._professions.values(), *_index(professions).values()])

    def is_open(self, code: object, at: dt.datetime | dt.date) -> bool:
        """Whether ``code`` is in the catalogue and not closed at ``at``; never raises on a
        code, ``WRONG_TYPE`` (path ``at``) when ``at`` is no date or instant.
        """
        if not isinstance(at, dt.date):
            raise wrong_type("at", "a datetime.datetime or a datetime.date")
        day = at.date() if isinstance(at, dt.datetime) else at
        found = self.find(code)
        return found is not None and not found.is_closed_at(day)


def _default_catalog() -> ProfessionCatalog:
    names = ("TRE_G15", "TRE_R94", "TRE_R95", "TRE_R291")
    return ProfessionCatalog(
        Profession(code=c.key, label=c.display, closed_on=c.closed_on)
        for name in names
        for c in code_system(name)
    )


#: The ANS professions (TRE_G15, TRE_R94, TRE_R95, TRE_R291), closed ones known as closed.
DEFAULT_PROFESSIONS: Final = _default_catalog()
