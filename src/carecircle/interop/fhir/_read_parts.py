"""Parts every actor resource shares: names, addresses, telecoms, identifiers, codings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from carecircle._model import Address, Contact
from carecircle.interop.fhir import _read as r
from carecircle.interop.fhir import _urls as u
from carecircle.nomenclatures import Code

JSON = Mapping[str, Any]


def _absent(p: r.Problems, element: JSON, path: str) -> bool:
    return u.EXT_DATA_ABSENT in r.Extensions(p, element, path)


def name(p: r.Problems, resource: JSON, path: str) -> tuple[str, str] | None:
    """``(family, given)`` of the first official (else first) name; ``_family`` and other
    primitive extensions (translations) are never read.
    """
    names = r.items(p, resource, "name", path, required=True)
    if not names:
        return None
    at, chosen = next(((a, n) for a, n in names if n.get("use") == "official"), names[0])
    family = r.text(p, chosen, "family", at, required=True)
    given = " ".join(s.strip() for s in r.strings(p, chosen, "given", at) if s.strip())
    return None if family is None else (family, given)


def address(p: r.Problems, resource: JSON, path: str) -> Address | None:
    places = r.items(p, resource, "address", path)
    if not places:
        return None
    at, place = places[0]
    if _absent(p, place, at):
        return Address()
    lines = " ".join(s.strip() for s in r.strings(p, place, "line", at) if s.strip())
    city = r.text(p, place, "city", at)
    postal = r.text(p, place, "postalCode", at)
    return p.attempt(at, lambda: Address(line=lines or None, city=city, postal_code=postal))


def contact(p: r.Problems, resource: JSON, path: str, *, place: bool = True) -> Contact | None:
    """The first e-mail, mobile and other phone of ``telecom``; masked or unknown ones are none."""
    found: dict[str, str] = {}
    for at, point in r.items(p, resource, "telecom", path):
        if _absent(p, point, at):
            continue
        system = point.get("system")
        value = r.text(p, point, "value", at)
        if value is None:
            continue
        if system == "email":
            slot = "email"
        elif system == "phone":
            slot = "mobile" if point.get("use") == "mobile" else "landline"
        else:
            continue
        found.setdefault(slot, value)
    where = address(p, resource, path) if place else None
    return p.attempt(f"{path}.telecom", lambda: Contact(**found, address=where))


def identifiers(p: r.Problems, resource: JSON, path: str) -> list[tuple[str, JSON, str, str]]:
    """``(path, identifier, system, value)`` of each identifier holding both."""
    found = []
    for at, ident in r.items(p, resource, "identifier", path):
        system = r.text(p, ident, "system", at)
        value = r.text(p, ident, "value", at)
        if system is not None and value is not None:
            found.append((at, ident, system, value))
    return found


def member_id(p: r.Problems, resource: JSON, path: str, record_id: str) -> str | None:
    """The member id carecircle wrote (``<record id>/<member id>``), if it is there."""
    prefix = f"{record_id}/"
    for _at, _ident, system, value in identifiers(p, resource, path):
        if system == u.MEMBER_SYSTEM and value.startswith(prefix) and len(value) > len(prefix):
            return value[len(prefix) :]
    return None


def first_code(p: r.Problems, concept: JSON, path: str) -> Code | None:
    for at, c in r.items(p, concept, "coding", path):
        system = r.text(p, c, "system", at)
        code = r.text(p, c, "code", at)
        if system is not None and code is not None:
            return Code(system, code)
    return None


def coding(p: r.Problems, value: JSON, path: str) -> Code | None:
    system = r.text(p, value, "system", path, required=True)
    code = r.text(p, value, "code", path, required=True)
    return None if system is None or code is None else Code(system, code)
