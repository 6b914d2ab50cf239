"""Value tests of the checker: JSON shapes, fixed and pattern values, slice discriminators."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from carecircle.interop.fhir._profile_model import Element, base_type, unversioned

_INTEGERS = frozenset({"integer", "positiveInt", "unsignedInt", "integer64"})


def shape_ok(code: str, value: object) -> bool:
    """Whether ``value`` has the JSON shape of FHIR type ``code``."""
    if code[:1].isupper():  # complex data types, BackboneElement and resources
        return isinstance(value, Mapping)
    if code == "boolean":
        return isinstance(value, bool)
    if code in _INTEGERS:
        return isinstance(value, int) and not isinstance(value, bool)
    if code == "decimal":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, str)


def equals(value: object, expected: object) -> bool:
    """JSON equality (``fixed[x]``): same shape, same members; ``True`` is not ``1``."""
    if isinstance(expected, Mapping):
        return (
            isinstance(value, Mapping)
            and len(value) == len(expected)
            and all(k in value and equals(value[k], v) for k, v in expected.items())
        )
    if isinstance(expected, list | tuple):
        return (
            isinstance(value, list | tuple)
            and len(value) == len(expected)
            and all(equals(a, b) for a, b in zip(value, expected, strict=True))
        )
    return type(value) is type(expected) and value == expected


def contains(value: object, pattern: object) -> bool:
    """FHIR pattern matching: ``value`` holds every member of ``pattern`` (arrays: each pattern
    item matched by some item of ``value``)."""
    if isinstance(pattern, Mapping):
        return isinstance(value, Mapping) and all(
            k in value and contains(value[k], v) for k, v in pattern.items()
        )
    if isinstance(pattern, list | tuple):
        items = value if isinstance(value, list | tuple) else ()
        return all(any(contains(i, p) for i in items) for p in pattern)
    return type(value) is type(pattern) and value == pattern


def values_at(value: object, steps: Sequence[str]) -> list[object]:
    """The FHIRPath-like collection reached from ``value`` through member names."""
    found: list[object] = [value]
    for step in steps:
        nxt: list[object] = []
        for item in found:
            member = item.get(step) if isinstance(item, Mapping) else None
            if isinstance(member, list | tuple):
                nxt.extend(member)
            elif member is not None:
                nxt.append(member)
        found = nxt
    return found


def _matches_fixed(candidates: list[object], fixed: tuple[str, object]) -> bool:
    kind, expected = fixed
    test = equals if kind == "fixed" else contains
    return any(test(c, expected) for c in candidates)


def _value_discriminator(piece: Element, value: object, path: str) -> bool | None:
    """Whether ``value`` matches slice ``piece`` on a value/pattern discriminator; None when
    the slice gives no value for that path."""
    steps = [s for s in path.split(".") if s != "$this"]
    target: Element | None = piece
    for step in steps:
        target = target.child(step) if target is not None else None
    if target is None:
        if steps == ["url"] and piece.type_profiles:
            # an extension slice names its extension by its type profile, not by a fixed url
            urls = {unversioned(p) for p in piece.type_profiles}
            return any(u in urls for u in values_at(value, steps))
        return None
    constrained = [(rel, e.fixed) for rel, e in target.descendants() if e.fixed is not None]
    if not constrained:
        return None
    return all(_matches_fixed(values_at(value, [*steps, *rel]), f) for rel, f in constrained)


def _profile_discriminator(piece: Element, value: object, path: str) -> bool | None:
    target = piece.child(path) if "." not in path else None
    if target is None or not target.type_profiles:
        return None
    resources = values_at(value, [path])
    wanted = {unversioned(p) for p in target.type_profiles}
    types = {base_type(p) for p in target.type_profiles}
    for res in resources:
        if not isinstance(res, Mapping):
            continue
        meta = res.get("meta")
        declared = meta.get("profile") if isinstance(meta, Mapping) else None
        listed = declared if isinstance(declared, list | tuple) else ()
        names = {unversioned(p) for p in listed if isinstance(p, str)}
        if names & wanted or res.get("resourceType") in types:
            return True
    return False


def slice_matches(sliced: Element, piece: Element, value: object) -> bool:
    """Whether ``value`` (one item of ``sliced``) belongs to slice ``piece``.

    Every discriminator the slice gives a value for must match; a slice that gives a value for
    none, or a discriminator of a kind not implemented (``exists``, ``type``), never matches.
    """
    verdicts: list[bool] = []
    for kind, path in sliced.discriminators or ():
        if kind in {"value", "pattern"}:
            verdict = _value_discriminator(piece, value, path)
        elif kind == "profile":
            verdict = _profile_discriminator(piece, value, path)
        else:
            return False
        if verdict is not None:
            verdicts.append(verdict)
    return bool(verdicts) and all(verdicts)
