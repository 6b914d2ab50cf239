"""Hypothesis strategies (*stratégies Hypothesis*) for property tests of services using carecircle.

Every strategy generates only valid values: identifiers pass their ``validate``, codes are open
concepts of the ANS nomenclatures, and :func:`records` builds its records through the public
operations, so that they satisfy every rule (R5–R11); :func:`invalid_records` breaks exactly
the record rule asked for. Options are keyword-only and most accept other strategies, in the
style of Hypothesis's own API. Needs the ``carecircle[testing]`` extra.

Installing carecircle registers these strategies with Hypothesis (its ``hypothesis`` entry
point), so ``st.from_type(cc.CoordinationRecord)`` draws from :func:`records`, and likewise for
the patients, principals, members, memberships, addresses, contacts and matrices.

>>> from hypothesis import given, settings
>>> from hypothesis import strategies as st
>>> import carecircle as cc
>>> @settings(max_examples=5, deadline=None)
... @given(record=records(max_members=3))
... def test_the_creator_may_open_the_record(record: cc.CoordinationRecord) -> None:
...     creator = cc.Principal.from_entry(record.circle.get("M1").member)
...     assert cc.has_effective_access(record, creator, at=record.updated_at)
>>> test_the_creator_may_open_the_record()
>>> @settings(max_examples=5, deadline=None)
... @given(record=st.from_type(cc.CoordinationRecord))
... def test_every_record_is_valid(record: cc.CoordinationRecord) -> None:
...     assert cc.rules.record.is_valid(record, at=record.updated_at)
>>> test_every_record_is_valid()

The strategies live in private modules by subject (identifiers and contact details, codes,
entities, records and the circle's life, access, matrices, invalid records); this package is
their one public home, and imports each module on first use.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

    from carecircle.testing.strategies._access import (
        access_records,
        decision_instants,
        record_principals,
    )
    from carecircle.testing.strategies._codes import (
        categories,
        professions,
        protection_measures,
        relationships,
        roles,
    )
    from carecircle.testing.strategies._entities import (
        directory_professionals,
        directory_structures,
        manual_professionals,
        manual_structures,
        members,
        patients,
        principals,
        related_persons,
    )
    from carecircle.testing.strategies._identifiers import (
        account_ids,
        addresses,
        contacts,
        emails,
        ins_numbers,
        instants,
        phone_numbers,
        postal_codes,
    )
    from carecircle.testing.strategies._invalid import invalid_records
    from carecircle.testing.strategies._matrices import matrices
    from carecircle.testing.strategies._records import creator_of, memberships, records

#: The module each public name comes from.
_EXPORTS: Final[Mapping[str, tuple[str, ...]]] = {
    "carecircle.testing.strategies._access": (
        "access_records",
        "decision_instants",
        "record_principals",
    ),
    "carecircle.testing.strategies._codes": (
        "categories",
        "professions",
        "protection_measures",
        "relationships",
        "roles",
    ),
    "carecircle.testing.strategies._entities": (
        "directory_professionals",
        "directory_structures",
        "manual_professionals",
        "manual_structures",
        "members",
        "patients",
        "principals",
        "related_persons",
    ),
    "carecircle.testing.strategies._identifiers": (
        "account_ids",
        "addresses",
        "contacts",
        "emails",
        "ins_numbers",
        "instants",
        "phone_numbers",
        "postal_codes",
    ),
    "carecircle.testing.strategies._invalid": ("invalid_records",),
    "carecircle.testing.strategies._matrices": ("matrices",),
    "carecircle.testing.strategies._records": ("creator_of", "memberships", "records"),
}
_ORIGIN: Final = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = [
    "access_records",
    "account_ids",
    "addresses",
    "categories",
    "contacts",
    "creator_of",
    "decision_instants",
    "directory_professionals",
    "directory_structures",
    "emails",
    "ins_numbers",
    "instants",
    "invalid_records",
    "manual_professionals",
    "manual_structures",
    "matrices",
    "members",
    "memberships",
    "patients",
    "phone_numbers",
    "postal_codes",
    "principals",
    "professions",
    "protection_measures",
    "record_principals",
    "records",
    "related_persons",
    "relationships",
    "roles",
]

#: The strategy ``st.from_type`` draws each type from: (module of the type, its name, the
#: strategy of this package, its options).
_TYPES: Final[tuple[tuple[str, str, str, Mapping[str, object]], ...]] = (
    ("carecircle._model", "CoordinationRecord", "records", {"lifecycle": True}),
    ("carecircle._model", "Membership", "memberships", {}),
    ("carecircle._model", "Patient", "patients", {}),
    ("carecircle._model", "Principal", "principals", {}),
    ("carecircle._model", "DirectoryProfessional", "directory_professionals", {}),
    ("carecircle._model", "ManualProfessional", "manual_professionals", {}),
    ("carecircle._model", "RelatedPerson", "related_persons", {}),
    ("carecircle._model", "DirectoryStructure", "directory_structures", {}),
    ("carecircle._model", "ManualStructure", "manual_structures", {}),
    ("carecircle._model", "Address", "addresses", {}),
    ("carecircle._model", "Contact", "contacts", {}),
    ("carecircle._access.matrix", "HabilitationMatrix", "matrices", {}),
)


def _hypothesis_setup_hook() -> None:
    """Register the strategies with Hypothesis, for ``st.from_type`` (the entry point).

    Hypothesis calls it while ``import hypothesis`` runs, in every program of an environment
    where carecircle is installed: it imports only the entity classes (not the strategies,
    which each registered function imports when Hypothesis first asks for it), and it never
    raises, so that a carecircle that cannot be imported never breaks Hypothesis.
    """
    try:
        from hypothesis import strategies as st  # noqa: PLC0415 -- Hypothesis is importing

        for module, name, strategy, options in _TYPES:
            cls = getattr(importlib.import_module(module), name)
            st.register_type_strategy(cls, _Deferred(strategy, options))
    except Exception:  # noqa: S110 -- a plugin must never break ``import hypothesis``
        pass


class _Deferred:
    """What ``st.register_type_strategy`` is given: the strategy, looked up when asked for."""

    def __init__(self, strategy: str, options: Mapping[str, object]) -> None:
        self._strategy = strategy
        self._options = options

    def __call__(self, _type: object) -> SearchStrategy[Any]:
        found: SearchStrategy[Any] = getattr(
            importlib.import_module(_ORIGIN[self._strategy]), self._strategy
        )(**self._options)
        return found


if not TYPE_CHECKING:  # mypy sees the imports above, and no catch-all attribute

    def __getattr__(name: str) -> object:
        if name not in _ORIGIN:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(_ORIGIN[name]), name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted({*(n for n in globals() if n.startswith("__")), *__all__})
