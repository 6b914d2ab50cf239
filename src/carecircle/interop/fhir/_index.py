"""A bundle's entries by fullUrl and ``Type/id``, and the references between them."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, Final

from carecircle._errors import InputRejected, Violation
from carecircle.interop.fhir import _read as r

JSON = Mapping[str, Any]

#: The resource types an import reads; any other entry is refused (deny when in doubt).
SUPPORTED: Final = frozenset(
    {"CareTeam", "Patient", "RelatedPerson", "Organization", "PractitionerRole", "Practitioner",
     "Consent"}
)  # fmt: skip
BUNDLE_TYPES: Final = frozenset({"transaction", "searchset", "collection"})
_RELATIVE: Final = re.compile(r"(?:.*/)?([A-Z][A-Za-z]+)/([A-Za-z0-9\-.]{1,64})")


def load(data: object) -> JSON:
    """``data`` as a JSON object: a mapping, or JSON text (``str`` or UTF-8 ``bytes``)."""
    if isinstance(data, bytes | bytearray):
        try:
            data = bytes(data).decode("utf-8")
        except UnicodeDecodeError:
            data = None
            _reject("MALFORMED_JSON", "Bundle", "the bytes are not UTF-8")
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except ValueError:  # JSONDecodeError, and recursion or number limits
            _reject("MALFORMED_JSON", "Bundle", "the text is not JSON")
    if not isinstance(data, Mapping):
        _reject("WRONG_TYPE", "Bundle", "expected a JSON object, its text or its UTF-8 bytes")
    assert isinstance(data, Mapping)  # noqa: S101 -- _reject raised otherwise
    return data


def _reject(code: str, path: str, message: str) -> None:
    raise InputRejected.from_violations([Violation(code=code, path=path, message=message)])


class Index:
    """The resources of a bundle with their paths (``Bundle.entry[3].resource``)."""

    def __init__(self, p: r.Problems, bundle: JSON) -> None:
        self._p = p
        self.resources: list[tuple[str, JSON]] = []
        self._by_url: dict[str, tuple[str, JSON]] = {}
        self._by_id: dict[tuple[str, str], tuple[str, JSON]] = {}
        kind = bundle.get("type")
        if not isinstance(kind, str) or kind not in BUNDLE_TYPES:
            p.add(
                "BUNDLE_TYPE_UNSUPPORTED", "Bundle.type", "a transaction, searchset or collection"
            )
        for at, entry in r.items(p, bundle, "entry", "Bundle", required=True):
            self._entry(at, entry, transaction=kind == "transaction")

    def _entry(self, at: str, entry: JSON, *, transaction: bool) -> None:
        p = self._p
        request = r.child(p, entry, "request", at, required=transaction)
        if request is not None:
            method = r.text(p, request, "method", f"{at}.request", required=True)
            if method is not None and method not in {"POST", "PUT"}:
                p.add("METHOD_NOT_ALLOWED", f"{at}.request.method", "POST or PUT (req-met)")
            r.text(p, request, "url", f"{at}.request", required=True)
        resource = r.child(p, entry, "resource", at, required=True)
        if resource is None:
            return
        path = f"{at}.resource"
        kind = r.text(p, resource, "resourceType", path, required=True)
        if kind is None:
            return
        if kind not in SUPPORTED:
            p.add(
                "RESOURCE_TYPE_UNSUPPORTED", f"{path}.resourceType", "not a resource of the guide"
            )
            return
        self.resources.append((path, resource))
        url = r.text(p, entry, "fullUrl", at)
        if url is not None:
            if url in self._by_url:
                p.add("FULL_URL_DUPLICATE", f"{at}.fullUrl", "two entries have this fullUrl")
            self._by_url[url] = (path, resource)
        rid = resource.get("id")
        if isinstance(rid, str):
            self._by_id[(kind, rid)] = (path, resource)

    def of_type(self, kind: str) -> list[tuple[str, JSON]]:
        return [(a, res) for a, res in self.resources if res.get("resourceType") == kind]

    def resolve(
        self,
        reference: JSON,
        path: str,
        allowed: frozenset[str],
        code: str = "REFERENCE_TYPE_NOT_ALLOWED",
    ) -> tuple[str, JSON] | None:
        """The entry ``reference`` names, of one of the ``allowed`` types; else ``None``."""
        p = self._p
        target = r.text(p, reference, "reference", path, required=True)
        if target is None:
            return None
        found = self._by_url.get(target)
        if found is None and (match := _RELATIVE.fullmatch(target)) is not None:
            found = self._by_id.get((match[1], match[2]))
        if found is None:
            p.add("REFERENCE_UNRESOLVED", f"{path}.reference", "no entry of the bundle has it")
            return None
        if str(found[1].get("resourceType")) not in allowed:
            names = ", ".join(sorted(allowed))
            p.add(code, f"{path}.reference", f"it must name one of: {names}")
            return None
        return found
