"""ANS code systems (*nomenclatures*, *terminologies de référence NOS*) and their codes.

A :class:`Code` is a (system URL, code) pair; a :class:`Concept` is what the code system says
about it: its French label, when it became valid and when it was closed (*dateFin*). Closed
codes stay known so that old records still read, and :func:`is_closed` tells them apart.
Everything comes from the generated ``_snapshot`` module (no file is read at run time), which
is loaded and turned into :class:`CodeSystem` values on first use, not at import; the
submodules name the codes carecircle uses: :mod:`~carecircle.nomenclatures.professions`,
:mod:`~carecircle.nomenclatures.relationships`, :mod:`~carecircle.nomenclatures.categories`,
:mod:`~carecircle.nomenclatures.identifier_types` and
:mod:`~carecircle.nomenclatures.role_codes`.

Systems shipped: TRE_G15, TRE_R94, TRE_R95, TRE_R291 (professions), TRE_R259, TRE_R260,
TRE_R85 (roles), TRE_R216, TRE_R217 (relationships, legal protection), TRE_R66 (establishment
categories), TRE_G07, TRE_G08 (identifier types) and TRE_R09 (professional category).
TRE_R85 is the IG-terminologie-de-sante release of 2023-07-18, newer than the IG-NOS build of
2023-01-27: in it code 353 (*Membre de l'équipe de soins*) is open again, where IG-NOS still
shows it closed on 2022-06-24.

>>> g15 = code_system("TRE_G15")
>>> g15.url
'https://mos.esante.gouv.fr/NOS/TRE_G15-ProfessionSante/FHIR/TRE-G15-ProfessionSante'
>>> medecin = Code(g15.url, "10")
>>> str(medecin), label(medecin), is_closed(medecin)
('TRE_G15|10', 'Médecin', False)
>>> g15["93"].display, g15["93"].closed, g15.code("10") == medecin
('Psychologue', True, True)
"""

from __future__ import annotations

import datetime as dt
import importlib
import threading
import types
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Final, NamedTuple

import attrs

from carecircle._errors import NotFoundError

if TYPE_CHECKING:
    from carecircle.nomenclatures import _snapshot

__all__ = [
    "SYSTEMS",
    "CodeSystem",
    "Concept",
    "code_system",
    "concept",
    "is_closed",
    "is_known",
    "label",
    "lookup",
]

_OID_PREFIX = "urn:oid:"


@attrs.frozen(order=True, cache_hash=True)
class Code:
    """A code from an ANS code system (*code d'une nomenclature*): the (system URL, code) pair.

    Equal, hashable and ordered by (system, code); it says nothing about the concept, look it
    up with :func:`concept` or :func:`lookup`.

    >>> c = Code(code_system("TRE_R217").url, "TUTEUR")
    >>> str(c), str(Code("urn:example:local", "X1"))
    ('TRE_R217|TUTEUR', 'urn:example:local|X1')
    """

    system: str  # canonical URL of the code system
    code: str

    def __str__(self) -> str:
        known = _registry().by_url.get(self.system)
        return f"{known.name if known else self.system}|{self.code}"

    @property
    def token(self) -> str:
        """The code as one text, ``<system URL>|<code>``: a cheap key for hot lookups."""
        return f"{self.system}|{self.code}"


@attrs.frozen(kw_only=True)
class Concept:
    """A concept of a code system (*concept d'une nomenclature*): code, French label, dates.

    ``valid_from`` is the NOS *dateValid*, ``closed_on`` its *dateFin*: a concept with a
    ``closed_on`` date is closed (*fermé*) and should no longer be chosen for new data.

    >>> psy = code_system("TRE_G15")["93"]
    >>> psy.closed, psy.closed_on, psy.is_closed_at(dt.date(2021, 1, 1))
    (True, datetime.date(2021, 12, 17), False)
    """

    system: str
    code: str
    display: str
    valid_from: dt.date | None
    closed_on: dt.date | None

    @property
    def closed(self) -> bool:
        """Whether the concept has a closing date (*dateFin*), past or future."""
        return self.closed_on is not None

    @property
    def key(self) -> Code:
        """The :class:`Code` of this concept."""
        return Code(self.system, self.code)

    def is_closed_at(self, at: dt.date) -> bool:
        """Whether the concept is closed on ``at`` (its ``closed_on`` is that day or before)."""
        return self.closed_on is not None and self.closed_on <= at


def _index(system: CodeSystem) -> Mapping[str, Concept]:
    index = {c.code: c for c in system.concepts}
    if len(index) != len(system.concepts):
        raise ValueError(f"{system.name}: duplicate codes")
    if any(c.system != system.url for c in system.concepts):
        raise ValueError(f"{system.name}: a concept belongs to another system")
    return types.MappingProxyType(index)


def _unknown_code(system: CodeSystem, code: str, path: str) -> NotFoundError:
    return NotFoundError.of("UNKNOWN_CODE", path, f"code {code!r} is not in {system.name}")


@attrs.frozen(kw_only=True)
class CodeSystem:
    """A code system (*nomenclature*, *TRE*): its concepts in NOS order, looked up by code.

    ``name`` is the short name (``TRE_G15``), ``title`` the French description, ``url`` the
    canonical FHIR URL, ``oid`` the OID and ``date`` the last release of the terminology.

    >>> r217 = code_system("TRE_R217")
    >>> len(r217), "MSVG" in r217, r217["MSVG"].display
    (3, True, 'Mandataire de sauvegarde')
    >>> r217.get("NOPE") is None
    True
    """

    name: str
    title: str
    url: str
    oid: str
    date: dt.date
    concepts: tuple[Concept, ...]
    _by_code: Mapping[str, Concept] = attrs.field(
        init=False, eq=False, repr=False, default=attrs.Factory(_index, takes_self=True)
    )

    def get(self, code: str) -> Concept | None:
        """The concept of ``code``, or ``None`` when the system has no such code."""
        return self._by_code.get(code)

    def __getitem__(self, code: str) -> Concept:
        """The concept of ``code``; :class:`~carecircle.NotFoundError` when unknown."""
        return self._require(code, "code")

    def _require(self, code: str, path: str) -> Concept:
        found = self._by_code.get(code)
        if found is None:
            raise _unknown_code(self, code, path)
        return found

    def __contains__(self, code: object) -> bool:
        """Whether ``code`` (a code string, or a :class:`Code` of this system) is known."""
        if isinstance(code, Code):
            return code.system == self.url and code.code in self._by_code
        return isinstance(code, str) and code in self._by_code

    def __iter__(self) -> Iterator[Concept]:
        return iter(self.concepts)

    def __len__(self) -> int:
        return len(self.concepts)

    def code(self, code: str) -> Code:
        """The :class:`Code` of a known ``code``; raises like ``system[code]`` when unknown."""
        return self[code].key

    def open_concepts(self) -> tuple[Concept, ...]:
        """The concepts that are not closed, in NOS order."""
        return tuple(c for c in self.concepts if not c.closed)


def _date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _load(row: _snapshot.SystemRow) -> CodeSystem:
    name, title, url, oid, date, concepts = row
    return CodeSystem(
        name=name,
        title=title,
        url=url,
        oid=oid,
        date=dt.date.fromisoformat(date),
        concepts=tuple(
            Concept(
                system=url,
                code=code,
                display=display,
                valid_from=_date(valid_from),
                closed_on=_date(closed_on),
            )
            for code, display, valid_from, closed_on in concepts
        ),
    )


class _Registry(NamedTuple):
    by_name: Mapping[str, CodeSystem]
    by_url: Mapping[str, CodeSystem]
    by_oid: Mapping[str, CodeSystem]


_REGISTRY: _Registry | None = None
_REGISTRY_LOCK: Final = threading.Lock()


def _registry() -> _Registry:
    """The shipped code systems, built from the snapshot on the first call.

    The snapshot holds hundreds of concepts: building them at import would cost every program
    that imports carecircle, used or not. The lock makes every thread see the same systems.
    """
    global _REGISTRY  # noqa: PLW0603 -- built once, on first use
    registry = _REGISTRY
    if registry is None:
        with _REGISTRY_LOCK:
            registry = _REGISTRY
            if registry is None:
                snapshot = importlib.import_module("carecircle.nomenclatures._snapshot")
                systems = tuple(map(_load, snapshot.SYSTEMS))
                registry = _REGISTRY = _Registry(
                    by_name=types.MappingProxyType({s.name: s for s in systems}),
                    by_url={s.url: s for s in systems},
                    by_oid={s.oid: s for s in systems},
                )
    return registry


if TYPE_CHECKING:
    #: Every shipped code system, by short name (``"TRE_G15"``); read-only.
    SYSTEMS: Mapping[str, CodeSystem]
else:

    def __getattr__(name: str) -> object:
        # PEP 562: SYSTEMS is built on first access, then kept as a plain module attribute.
        if name == "SYSTEMS":
            systems = globals()["SYSTEMS"] = _registry().by_name
            return systems
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def code_system(name_or_url: str) -> CodeSystem:
    """The code system of a short name (``TRE_G15``), canonical URL or OID.

    An OID may carry its ``urn:oid:`` prefix. Raises
    :class:`~carecircle.NotFoundError` (``UNKNOWN_CODE_SYSTEM``) when none matches.

    >>> code_system("TRE_R85").date, code_system("urn:oid:1.2.250.1.71.1.2.7").name
    (datetime.date(2023, 7, 18), 'TRE_G15')
    """
    registry = _registry()
    found = (
        registry.by_name.get(name_or_url)
        or registry.by_url.get(name_or_url)
        or registry.by_oid.get(name_or_url.removeprefix(_OID_PREFIX))
    )
    if found is None:
        raise NotFoundError.of(
            "UNKNOWN_CODE_SYSTEM", "system", f"no code system is known as {name_or_url!r}"
        )
    return found


def lookup(code: Code) -> Concept | None:
    """The concept of ``code``, or ``None`` when its system or the code is unknown."""
    system = _registry().by_url.get(code.system)
    return None if system is None else system.get(code.code)


def concept(code: Code, *, path: str = "code") -> Concept:
    """The concept of ``code``; raises :class:`~carecircle.NotFoundError` otherwise.

    The error code is ``UNKNOWN_CODE_SYSTEM`` when the system is not shipped, ``UNKNOWN_CODE``
    when the system lacks the code; its ``path`` is ``path`` either way.

    >>> concept(Code("urn:example:local", "X1"), path="members[M1].profession")
    Traceback (most recent call last):
    ...
    carecircle.NotFoundError: UNKNOWN_CODE_SYSTEM at members[M1].profession: ...
    """
    system = _registry().by_url.get(code.system)
    if system is None:
        raise NotFoundError.of(
            "UNKNOWN_CODE_SYSTEM", path, f"no code system is known as {code.system!r}"
        )
    return system._require(code.code, path)


def label(code: Code) -> str:
    """The French label (*libellé*) of ``code``; raises like :func:`concept` when unknown."""
    return concept(code).display


def is_known(code: Code) -> bool:
    """Whether ``code`` is a concept of a shipped code system (closed or not)."""
    return lookup(code) is not None


def is_closed(code: Code) -> bool:
    """Whether ``code`` is a known, closed concept.

    An unknown code is *not* reported closed (``False``): nothing says it was closed, so check
    :func:`is_known` (or call :func:`concept`) first when the code may be unknown.
    """
    found = lookup(code)
    return found is not None and found.closed
