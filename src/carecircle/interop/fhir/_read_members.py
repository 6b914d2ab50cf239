"""Reading a member's participants back: roles, stays and the membership's own extensions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Final

from carecircle._model import EnteredInError, Participation
from carecircle.interop.fhir import _read as r
from carecircle.interop.fhir import _read_actors as ra
from carecircle.interop.fhir import _urls as u
from carecircle.nomenclatures import Code, role_codes

JSON = Mapping[str, Any]

#: The draft guide's role codes, read as the 2.0.1 codes that replaced them.
_DRAFT_ROLES: Final = {
    "MT": role_codes.PCP,
    "AID": role_codes.CAREGIVER,
    "PC": role_codes.QUAL,
    "RL": role_codes.GUARD,
}
_MEMBERSHIP_URLS: Final = (
    u.EXT_DESCRIPTION,
    u.EXT_LEGAL_PROTECTION,
    u.EXT_HABILITATED,
    u.EXT_HABILITATION_ENDS,
    u.EXT_ENTERED_IN_ERROR,
)


def role(p: r.Problems, concept: JSON, path: str) -> Code | None:
    for at, c in r.items(p, concept, "coding", path):
        system, code = c.get("system"), c.get("code")
        if isinstance(system, str) and isinstance(code, str) and system and code:
            if system == u.DRAFT_ROLE_SYSTEM:
                return _DRAFT_ROLES.get(code) or Code(system, code)
            return Code(system, code)
        p.add(r.ELEMENT_REQUIRED, at, "a role coding has a system and a code")
    return None  # a role given as text only says nothing the rules can check: left out


def stay(
    p: r.Problems, part: JSON, path: str, created_at: dt.datetime | None, by: str
) -> Participation | None:
    exts = r.Extensions(p, part, path)
    period = r.child(p, part, "period", path)
    end = None
    if period is None:
        start = created_at  # no period: a member since the circle's creation
    else:
        value = period.get("start")
        start = None if value is None else r.date_time(p, value, f"{path}.period.start")
        if value is None:
            p.add(r.ELEMENT_REQUIRED, f"{path}.period.start", "a participant period has a start")
        if period.get("end") is not None:
            end = r.date_time(p, period["end"], f"{path}.period.end")
    added_by = exts.text(u.EXT_ADDED_BY) or by
    ended_by = exts.text(u.EXT_ENDED_BY) or (by if end is not None else None)
    if start is None:
        return None
    return p.attempt(
        f"{path}.period",
        lambda: Participation(start=start, end=end, added_by=added_by, ended_by=ended_by),
    )


def membership_facts(p: r.Problems, parts: list[tuple[str, JSON]]) -> dict[str, Any]:
    """The membership's own extensions, each from the first participant carrying it."""
    found: dict[str, Any] = {}
    for path, part in parts:
        exts = r.Extensions(p, part, path)
        for url in _MEMBERSHIP_URLS:
            if url not in exts or url in found:
                continue
            if url == u.EXT_DESCRIPTION:
                found[url] = exts.text(url) or ""
            elif url == u.EXT_LEGAL_PROTECTION:
                value = exts.value(url, "Coding")
                found[url] = None if value is None else ra.coding(p, value[1], value[0])
            elif url == u.EXT_HABILITATED:
                found[url] = exts.flag(url)
            elif url == u.EXT_HABILITATION_ENDS:
                found[url] = exts.instant(url)
            else:
                at, ext = exts.all(url)[0]
                found[url] = _entered_in_error(p, ext, at)
    return found


def _entered_in_error(p: r.Problems, ext: JSON, path: str) -> EnteredInError | None:
    parts = r.Extensions(p, ext, path)
    at, by = parts.instant("at"), parts.text("by")
    reason = parts.text("reason") or ""
    if at is None or by is None:
        p.add(r.ELEMENT_REQUIRED, path, "entered in error says when and by whom")
        return None
    return p.attempt(path, lambda: EnteredInError(at=at, by=by, reason=reason))
