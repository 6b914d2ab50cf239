"""FHIR profile checker (*contrôle de conformité*) driven by the ANS CDS 2.0.1 snapshots.

``fhir.resources`` checks FHIR shapes and types but no profile. :func:`check` reads plain JSON
data (dicts and lists) of one resource or a Bundle and reports, as
:class:`~carecircle.Violation` values, what breaks the shipped snapshots of the guide
« Gestion du Cercle de Soins » 2.0.1: cardinalities, fixed and pattern values, slices, target
types of references (resolved inside a bundle), required bindings whose codes are shipped, and
the ``req-met`` invariant. It never raises on JSON data; only a non-mapping is refused. See
``docs/fhir-profiles.md`` for exactly what is and is not checked.

>>> from carecircle.interop.fhir import profiles
>>> [v.code for v in profiles.check({"resourceType": "CareTeam"}, "cds-ihe-careteam")][:3]
['FHIR_CARDINALITY', 'FHIR_CARDINALITY', 'FHIR_CARDINALITY']
>>> profiles.check({"resourceType": "CareTeam"}, "cds-ihe-careteam")[0].path
'CareTeam.meta'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from carecircle._errors import InputRejected, InvalidValueError, Violation, wrong_type
from carecircle.interop.fhir._profile_codes import (
    ALL_CODES,
    FHIR_BINDING,
    FHIR_CARDINALITY,
    FHIR_FIXED_VALUE,
    FHIR_INVARIANT,
    FHIR_PATTERN,
    FHIR_PROFILE_UNKNOWN,
    FHIR_REFERENCE_UNRESOLVED,
    FHIR_RESOURCE_TYPE,
    FHIR_SLICE,
    FHIR_TARGET_PROFILE,
    FHIR_WRONG_TYPE,
)
from carecircle.interop.fhir._profile_model import PROFILES, Profile, find_profile
from carecircle.interop.fhir._profile_walk import Context, check_resource

__all__ = [
    "ALL_CODES",
    "FHIR_BINDING",
    "FHIR_CARDINALITY",
    "FHIR_FIXED_VALUE",
    "FHIR_INVARIANT",
    "FHIR_PATTERN",
    "FHIR_PROFILE_UNKNOWN",
    "FHIR_REFERENCE_UNRESOLVED",
    "FHIR_RESOURCE_TYPE",
    "FHIR_SLICE",
    "FHIR_TARGET_PROFILE",
    "FHIR_WRONG_TYPE",
    "check",
    "is_conformant",
    "known_profiles",
    "validate",
]

_MAJ = "cds-bundle-transaction-maj"


def known_profiles() -> tuple[str, ...]:
    """Canonical URLs (unversioned) of the profiles the checker knows (the five CDS ones).

    >>> [url.rsplit("/", 1)[1] for url in known_profiles()]  # doctest: +NORMALIZE_WHITESPACE
    ['cds-ihe-careteam', 'cds-fr-related-person', 'cds-organization',
     'cds-bundle-transaction-creation', 'cds-bundle-transaction-maj']
    """
    return tuple(p.url for p in PROFILES)


def _declared(resource: Mapping[Any, Any]) -> list[Profile]:
    meta = resource.get("meta")
    listed = meta.get("profile") if isinstance(meta, Mapping) else None
    found: list[Profile] = []
    for name in listed if isinstance(listed, list | tuple) else ():
        profile = find_profile(name) if isinstance(name, str) else None
        if profile is not None and profile not in found:
            found.append(profile)
    return found


def _bundle_context(bundle: Mapping[Any, Any], profiles: list[Profile]) -> Context:
    ctx = Context(in_bundle=True)
    entries = bundle.get("entry")
    for entry in entries if isinstance(entries, list | tuple) else ():
        if isinstance(entry, Mapping) and isinstance(entry.get("fullUrl"), str):
            resource = entry.get("resource")
            if isinstance(resource, Mapping):
                ctx.entries.setdefault(entry["fullUrl"], resource)
    ctx.must_resolve = bundle.get("type") == "transaction"
    ctx.server_references = any(p.id == _MAJ for p in profiles)
    return ctx


def _entries(bundle: Mapping[Any, Any]) -> list[tuple[int, Mapping[Any, Any]]]:
    entries = bundle.get("entry")
    found: list[tuple[int, Mapping[Any, Any]]] = []
    for i, entry in enumerate(entries if isinstance(entries, list | tuple) else ()):
        resource = entry.get("resource") if isinstance(entry, Mapping) else None
        if isinstance(resource, Mapping):
            found.append((i, resource))
    return found


def check(resource: Mapping[str, Any], profile: str | None = None) -> tuple[Violation, ...]:
    """Violations of ``resource`` (FHIR JSON data of one resource or a Bundle) against
    ``profile`` (a canonical URL, versioned ``|2.0.1`` or not, or a short id such as
    ``cds-ihe-careteam``), or when None against the known profiles its ``meta.profile`` names.

    For a Bundle, each ``entry[i].resource`` is also checked against the known profiles it
    declares, and references are resolved to the entries' ``fullUrl``. The result is
    deterministic, in the order the walk finds problems, without duplicates; empty when the
    data conforms. Messages never quote a value.

    Raises :class:`~carecircle.InvalidValueError` (``WRONG_TYPE``) when ``resource`` is
    not a mapping or ``profile`` not a string.

    >>> check({"resourceType": "Patient"})[0].code
    'FHIR_PROFILE_UNKNOWN'
    >>> check({"resourceType": "Bundle", "type": "batch"}, "cds-bundle-transaction-maj")[0].path
    'Bundle.type'
    """
    if not isinstance(resource, Mapping):
        raise wrong_type("resource", "a mapping (FHIR JSON data of one resource)")
    if profile is not None and not isinstance(profile, str):
        raise wrong_type("profile", "a canonical URL or profile id (str) or None")
    rtype = resource.get("resourceType")
    root = rtype if isinstance(rtype, str) and rtype.isalpha() else "resource"
    if profile is not None:
        chosen = find_profile(profile)
        if chosen is None:
            return (_unknown("profile", "no shipped profile has this canonical URL or id"),)
        profiles = [chosen]
    else:
        profiles = _declared(resource)
    ctx = _bundle_context(resource, profiles) if rtype == "Bundle" else Context()
    for p in profiles:
        check_resource(p, resource, root, ctx)
    checked = bool(profiles)
    if rtype == "Bundle":
        for i, entry_resource in _entries(resource):
            for p in _declared(entry_resource):
                checked = True
                check_resource(p, entry_resource, f"Bundle.entry[{i}].resource", ctx)
    if not checked:
        return (_unknown(f"{root}.meta.profile", "names no profile this checker knows"),)
    return tuple(dict.fromkeys(ctx.out))


def _unknown(path: str, message: str) -> Violation:
    return Violation(code=FHIR_PROFILE_UNKNOWN, path=path, message=message)


def is_conformant(resource: Mapping[str, Any], profile: str | None = None) -> bool:
    """Whether :func:`check` finds nothing; False (never an error) for a non-mapping.

    >>> is_conformant({"resourceType": "CareTeam"}, "cds-ihe-careteam")
    False
    """
    try:
        return not check(resource, profile)
    except InvalidValueError:
        return False


def validate(resource: Mapping[str, Any], profile: str | None = None) -> Mapping[str, Any]:
    """``resource`` itself when it conforms, else :class:`~carecircle.InputRejected`
    with every violation.

    >>> validate({"resourceType": "CareTeam"}, "cds-ihe-careteam")
    Traceback (most recent call last):
    ...
    carecircle.InputRejected: input rejected, 6 violations: FHIR_CARDINALITY ...
    """
    found = check(resource, profile)
    if found:
        raise InputRejected.from_violations(found)
    return resource
