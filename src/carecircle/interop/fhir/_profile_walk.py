"""The walker: one resource against one profile's element tree, in a bundle's context."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import attrs

from carecircle._errors import Violation
from carecircle.interop.fhir import _profile_codes as codes
from carecircle.interop.fhir._profile_match import (
    contains,
    equals,
    shape_ok,
    slice_matches,
)
from carecircle.interop.fhir._profile_model import (
    VALUE_SETS,
    Element,
    Profile,
    base_type,
    find_profile,
    unversioned,
)

_REQ_MET: Final = frozenset({"POST", "PUT"})


@attrs.define(kw_only=True)
class Context:
    """What a walk collects and knows: the violations, and the bundle's entries if any."""

    out: list[Violation] = attrs.field(factory=list)
    #: fullUrl -> resource of the bundle's entries (empty outside a bundle).
    entries: dict[str, Mapping[str, object]] = attrs.field(factory=dict)
    in_bundle: bool = False
    #: Unresolved references are violations (inside a transaction bundle).
    must_resolve: bool = False
    #: Relative references to resources on the server are allowed (update bundle).
    server_references: bool = False

    def report(self, code: str, path: str, message: str) -> None:
        """Record one violation."""
        self.out.append(Violation(code=code, path=path, message=message))


def check_resource(
    profile: Profile, resource: Mapping[str, object], path: str, ctx: Context
) -> None:
    """Check ``resource`` (at ``path``) against ``profile``; violations go to ``ctx``."""
    if resource.get("resourceType") != profile.type:
        ctx.report(
            codes.FHIR_RESOURCE_TYPE,
            f"{path}.resourceType",
            f"profile {profile.id} constrains {profile.type} resources",
        )
        return
    _walk(profile.root, resource, path, ctx)


def _choice_key(element: Element, obj: Mapping[str, object], path: str, ctx: Context) -> str | None:
    prefix = element.name[:-3]
    allowed = {prefix + t[:1].upper() + t[1:] for t in element.types}
    present = sorted(k for k in obj if isinstance(k, str) and k in allowed)
    if len(present) > 1:
        ctx.report(
            codes.FHIR_CARDINALITY,
            f"{path}.{element.name}",
            f"{len(present)} choices of one element given, at most 1 allowed",
        )
    return present[0] if present else None


def _values(
    element: Element, obj: Mapping[str, object], path: str, ctx: Context
) -> list[tuple[str, object]] | None:
    """(path, value) of every occurrence of ``element`` in ``obj``; None if badly shaped."""
    key = _choice_key(element, obj, path, ctx) if element.name.endswith("[x]") else element.name
    if key is None or key not in obj:
        return []
    raw = obj[key]
    where = f"{path}.{key}"
    if element.array:
        if not isinstance(raw, list | tuple):
            ctx.report(codes.FHIR_WRONG_TYPE, where, "expected a JSON array")
            return None
        return [(f"{where}[{i}]", v) for i, v in enumerate(raw)]
    if isinstance(raw, list | tuple):
        ctx.report(codes.FHIR_WRONG_TYPE, where, "expected a single value, not an array")
        return None
    return [(where, raw)]


def _cardinality(element: Element, count: int, path: str, ctx: Context, code: str) -> None:
    if count < element.min or 0 <= element.max < count:
        ctx.report(code, path, f"{count} found, {element.min}..{element.max_text} allowed")


def _walk(element: Element, obj: Mapping[str, object], path: str, ctx: Context) -> None:
    for child in element.children:
        found = _values(child, obj, path, ctx)
        if found is None:
            continue
        _cardinality(child, len(found), f"{path}.{child.name}", ctx, codes.FHIR_CARDINALITY)
        if child.discriminators is None:
            for where, value in found:
                _check_value(child, value, where, ctx)
            continue
        assigned: dict[str, int] = {s.id: 0 for s in child.slices}
        for where, value in found:
            piece = next((s for s in child.slices if slice_matches(child, s, value)), None)
            if piece is None:  # every slicing of the snapshots is open (the generator checks)
                _check_value(child, value, where, ctx)
            else:
                assigned[piece.id] += 1
                _check_value(piece, value, where, ctx)
        for piece in child.slices:
            _cardinality(
                piece,
                assigned[piece.id],
                f"{path}.{child.name}:{piece.slice_name}",
                ctx,
                codes.FHIR_SLICE,
            )


def _check_value(element: Element, value: object, path: str, ctx: Context) -> None:
    if element.types and not any(shape_ok(t, value) for t in element.types):
        kind = "an object" if element.types[0][:1].isupper() else f"a FHIR {element.types[0]}"
        ctx.report(codes.FHIR_WRONG_TYPE, path, f"expected {kind}")
        return
    if element.fixed is not None:
        kind, expected = element.fixed
        if kind == "fixed" and not equals(value, expected):
            ctx.report(codes.FHIR_FIXED_VALUE, path, "differs from the value the profile fixes")
        elif kind == "pattern" and not contains(value, expected):
            ctx.report(codes.FHIR_PATTERN, path, "does not hold the profile's pattern value")
    allowed = VALUE_SETS.get(element.binding) if element.binding is not None else None
    if allowed is not None and not _in_value_set(value, allowed):
        ctx.report(
            codes.FHIR_BINDING, path, f"not a code of the required value set {element.binding}"
        )
    if "req-met" in element.constraints and value not in _REQ_MET:
        ctx.report(codes.FHIR_INVARIANT, path, "req-met: the method must be POST or PUT")
    if not isinstance(value, Mapping):
        return
    if element.targets and "Reference" in element.types:
        _check_reference(element, value, path, ctx)
    if "resourceType" in value:
        for url in element.type_profiles:
            profile = find_profile(url)
            if profile is not None:
                check_resource(profile, value, path, ctx)
    _walk(element, value, path, ctx)


def _in_value_set(value: object, allowed: frozenset[tuple[str, str]]) -> bool:
    # the generator ships codes only for bindings on ``code`` elements
    return not isinstance(value, str) or any(code == value for _, code in allowed)


def _type_of(reference: str) -> str | None:
    """The resource type a reference names: RESTful (``Type/id``, ``…/Type/id[/_history/v]``)
    or conditional (``Type?identifier=…``, which a server resolves in a transaction).
    """
    if "?" in reference:
        head = reference.split("?", 1)[0]
        return head if head[:1].isupper() and head.isalpha() else None
    parts = reference.split("/")
    if len(parts) >= 4 and parts[-2] == "_history":
        parts = parts[:-2]
    return parts[-2] if len(parts) >= 2 and parts[-2][:1].isupper() else None


def _resolve(reference: str, ctx: Context) -> Mapping[str, object] | None:
    if reference in ctx.entries:
        return ctx.entries[reference]
    if "://" not in reference and not reference.startswith("urn:"):
        tail = "/" + reference
        for url, resource in ctx.entries.items():
            if url.startswith(("http://", "https://")) and url.endswith(tail):
                return resource
    return None


def _check_reference(
    element: Element, value: Mapping[str, object], path: str, ctx: Context
) -> None:
    reference = value.get("reference")
    allowed = {base_type(t) for t in element.targets}
    wanted = {unversioned(t) for t in element.targets}
    if not isinstance(reference, str) or reference.startswith("#"):
        return  # a logical or contained reference: nothing to resolve here
    target = _resolve(reference, ctx) if ctx.in_bundle else None
    if target is not None:
        meta = target.get("meta")
        declared = meta.get("profile") if isinstance(meta, Mapping) else None
        listed = declared if isinstance(declared, list | tuple) else ()
        names = {unversioned(p) for p in listed if isinstance(p, str)}
        if not (names & wanted or target.get("resourceType") in allowed):
            ctx.report(
                codes.FHIR_TARGET_PROFILE,
                path,
                "the entry referenced is of no type or profile the element allows",
            )
        return
    named = _type_of(reference)
    local = "://" not in reference.split("?", 1)[0]  # a URL of another server never resolves
    if ctx.must_resolve and not (ctx.server_references and named and local):
        ctx.report(
            codes.FHIR_REFERENCE_UNRESOLVED,
            path,
            "names no entry of the transaction bundle (match an entry's fullUrl)",
        )
        return
    if named is not None and None not in allowed and named not in allowed:
        ctx.report(
            codes.FHIR_TARGET_PROFILE,
            path,
            "names a resource type that no target profile of the element allows",
        )
