"""JSON-like documents (what ``serialization`` and the FHIR mapping read and write)."""

from __future__ import annotations


def paths(node: object, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every path into ``node`` (dicts' keys, lists' indexes), depth first, from ``prefix``:
    the root's own path first.

    >>> paths({"a": [1, {"b": 2}]})
    [(), ('a',), ('a', 0), ('a', 1), ('a', 1, 'b')]
    """
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += paths(value, (*prefix, i))
    return found
