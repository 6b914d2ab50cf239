"""Small FHIR values the export writes: instants, codings, names, telecoms, identifiers."""

from __future__ import annotations

import datetime as dt
import string
from typing import Any, Final

from carecircle._model import Address, Contact
from carecircle.instants import utc
from carecircle.interop.fhir import _urls as u
from carecircle.nomenclatures import Code

JSON = dict[str, Any]


def instant(at: dt.datetime) -> str:
    """An instant as FHIR writes it: UTC, ``Z``, microseconds only when there are some."""
    t = utc(at)
    text = f"{t.year:04d}-{t.month:02d}-{t.day:02d}T{t.hour:02d}:{t.minute:02d}:{t.second:02d}"
    if t.microsecond:
        text += f".{t.microsecond:06d}"
    return text + "Z"


def coding(code: Code) -> JSON:
    return {"system": code.system, "code": code.code}


def concept(code: Code) -> JSON:
    return {"coding": [coding(code)]}


def ext(url: str, kind: str, value: Any) -> JSON:
    """An extension with one value of type ``kind`` (``String``, ``Instant``, ``Boolean``…)."""
    return {"url": url, f"value{kind}": value}


def flag_ext(url: str) -> JSON:
    """A ``valueBoolean`` true extension: carecircle writes its flags only when they are set."""
    return {"url": url, "valueBoolean": True}


def text_ext(url: str, value: str | None) -> list[JSON]:
    """The extension when ``value`` is a non-empty text, else nothing (FHIR has no empty string)."""
    return [ext(url, "String", value)] if value else []


def complex_ext(url: str, parts: list[tuple[str, str, Any]]) -> JSON:
    """A complex extension of sub-extensions ``(name, type, value)``, empty values left out."""
    return {
        "url": url,
        "extension": [ext(n, k, v) for n, k, v in parts if v is not None and v != ""],
    }


def identifier(system: str, value: str, *, type_code: str | None = None) -> JSON:
    found: JSON = {"system": system, "value": value}
    if type_code is not None:
        found = {"use": "official", "type": concept(Code(u.FR_CORE_0203, type_code)), **found}
    return found


_SAFE: Final = frozenset(string.ascii_letters + string.digits + "-._~:/|")


def _quote(text: str) -> str:
    """``text`` percent-encoded (UTF-8) but for unreserved characters, ``:``, ``/`` and ``|``."""
    return "".join(c if c in _SAFE else "".join(f"%{b:02X}" for b in c.encode()) for c in text)


def search(resource_type: str, system: str, value: str) -> str:
    """A conditional URL on one identifier: ``CareTeam?identifier=<system>|<value>``."""
    return f"{resource_type}?identifier={_quote(f'{system}|{value}')}"


def human_name(family: str, given: str) -> JSON:
    name: JSON = {"use": "official", "family": family}
    if given:
        name["given"] = [given]
    return name


def _absent(reason: str, system: str | None = None) -> JSON:
    found: JSON = {"extension": [ext(u.EXT_DATA_ABSENT, "Code", reason)]}
    if system is not None:
        found["system"] = system
    return found


def telecom(contact: Contact, *, phones: bool, landline_use: str) -> list[JSON]:
    """The contact's phones (unless ``phones`` is false: one ``masked`` phone stands for them)
    and e-mail, as ContactPoints.
    """
    found: list[JSON] = []
    if phones:
        if contact.landline is not None:
            found.append({"system": "phone", "value": contact.landline, "use": landline_use})
        if contact.mobile is not None:
            found.append({"system": "phone", "value": contact.mobile, "use": "mobile"})
    elif contact.phones:
        found.append(_absent("masked", "phone"))
    if contact.email is not None:
        found.append({"system": "email", "value": contact.email})
    return found


def unknown_telecom() -> JSON:
    """What stands for a telecom that a profile requires (1..*) when there is none."""
    return _absent("unknown")


def address(value: Address | None) -> list[JSON]:
    if value is None:
        return []
    found: JSON = {}
    if value.line is not None:
        found["line"] = [value.line]
    if value.city is not None:
        found["city"] = value.city
    if value.postal_code is not None:
        found["postalCode"] = value.postal_code
    # An address of no part is still an address held: FHIR has no empty element.
    return [found or _absent("unknown")]
