"""Reading sharing refusals back from Consent resources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from carecircle._model import PATIENT, Collection, Lifting, Refusal, Statement
from carecircle._model.refusals import categories_of
from carecircle.interop.fhir import _read as r
from carecircle.interop.fhir import _urls as u
from carecircle.interop.fhir._read_actors import Resolve

JSON = Mapping[str, Any]


@attrs.frozen(kw_only=True)
class Context:
    """What a Consent is read against: the record id, who imports, and the member ids of the
    entries ``participant.member`` names (by entry path) and the patient's entry path.
    """

    record_id: str
    imported_by: str
    members: Mapping[str, str]
    patient: str | None
    resolve: Resolve


def _collected(p: r.Problems, exts: r.Extensions, url: str) -> Collection | None:
    found = exts.value(url, "Code")
    if found is None:
        return None
    at, value = found
    if value not in {c.value for c in Collection}:
        p.add("COLLECTION_INVALID", at, "oral, written or electronic")
        return None
    return Collection(value)


def _who(p: r.Problems, ctx: Context, reference: JSON, path: str) -> str | None:
    kinds = frozenset({"Patient", "RelatedPerson", "PractitionerRole", "Organization"})
    found = ctx.resolve(reference, path, kinds)
    if found is None:
        return None
    if found[0] == ctx.patient:
        return PATIENT
    if found[0] in ctx.members:
        return ctx.members[found[0]]
    p.add("PERFORMER_NOT_A_MEMBER", path, "a refusal is the patient's or a member's statement")
    return None


def _lifting(p: r.Problems, ext: JSON, path: str) -> Lifting | None:
    parts = r.Extensions(p, ext, path)
    by = parts.text("expressed-by") or PATIENT
    said_at = parts.value("expressed-at", "DateTime")
    expressed = None if said_at is None else r.date_time(p, said_at[1], said_at[0])
    recorded_by = parts.text("recorded-by")
    recorded_at = parts.instant("recorded-at")
    collected = _collected(p, parts, "collected")
    if expressed is None or recorded_by is None or recorded_at is None:
        p.add(r.ELEMENT_REQUIRED, path, "a lifting says when it was expressed, by whom recorded")
        return None
    return p.attempt(
        path,
        lambda: Lifting(
            statement=Statement(expressed_by=by, expressed_at=expressed, collected=collected),
            recorded_by=recorded_by,
            recorded_at=recorded_at,
        ),
    )


def refusal(
    p: r.Problems, ctx: Context, consent: JSON, path: str, number: int
) -> tuple[str, Refusal] | None:
    """``(member id, refusal)`` from one Consent; ``number`` gives ``R<n>`` when no id is kept."""
    status = r.text(p, consent, "status", path, required=True)
    if status is not None and status not in {"active", "inactive"}:
        p.add("CONSENT_STATUS_UNSUPPORTED", f"{path}.status", "a refusal is active or inactive")
    provision = r.child(p, consent, "provision", path, required=True)
    if provision is None:
        return None
    at = f"{path}.provision"
    if provision.get("type") != "deny":
        p.add("CONSENT_NOT_A_REFUSAL", f"{at}.type", "a sharing refusal is a deny provision")
    actors = r.items(p, provision, "actor", at, required=True)
    member_id = None
    if actors:
        reference = r.child(p, actors[0][1], "reference", actors[0][0], required=True)
        if reference is not None:
            who = _who(p, ctx, reference, f"{actors[0][0]}.reference")
            if who == PATIENT:
                p.add("CONSENT_ACTOR_NOT_A_MEMBER", actors[0][0], "the actor refused is a member")
            else:
                member_id = who
    exts = r.Extensions(p, consent, path)
    period = r.child(p, provision, "period", at) or {}
    recorded_at = exts.instant(u.EXT_RECORDED_AT)
    if recorded_at is None and "start" in period:
        recorded_at = r.date_time(p, period["start"], f"{at}.period.start")
    said = consent.get("dateTime")
    expressed = None if said is None else r.date_time(p, said, f"{path}.dateTime")
    expressed_by = exts.text(u.EXT_EXPRESSED_BY)
    if expressed_by is None:
        performers = r.items(p, consent, "performer", path)
        found = _who(p, ctx, performers[0][1], performers[0][0]) if performers else None
        expressed_by = found or PATIENT
    if recorded_at is None:
        recorded_at = expressed
    if recorded_at is None:
        p.add(r.ELEMENT_REQUIRED, f"{at}.period.start", "when the refusal was recorded")
    categories = _categories(p, provision, at)
    lifted = _lifted(
        p, exts=exts, status=status, period=period, at=at, expressed_by=expressed_by, ctx=ctx
    )
    if member_id is None or recorded_at is None or categories is None or lifted is False:
        return None
    refusal_id = _refusal_id(p, consent, path, f"{ctx.record_id}/{member_id}/") or f"R{number}"
    found_at = recorded_at
    lifting = lifted if isinstance(lifted, Lifting) else None
    collected = _collected(p, exts, u.EXT_COLLECTED)
    built = p.attempt(
        path,
        lambda: Refusal(
            refusal_id=refusal_id,
            statement=Statement(
                expressed_by=expressed_by, expressed_at=expressed or found_at, collected=collected
            ),
            recorded_by=exts.text(u.EXT_RECORDED_BY) or ctx.imported_by,
            recorded_at=found_at,
            categories=categories,
            lifted=lifting,
        ),
    )
    return None if built is None else (member_id, built)


def _lifted(
    p: r.Problems,
    *,
    exts: r.Extensions,
    status: str | None,
    period: JSON,
    at: str,
    expressed_by: str,
    ctx: Context,
) -> Lifting | bool | None:
    """The lifting, ``None`` when the refusal stands, ``False`` when it cannot be read."""
    found = exts.all(u.EXT_LIFTING)
    if found:
        if status == "active":
            p.add("CONSENT_STATUS_MISMATCH", found[0][0], "an active refusal is not lifted")
        return _lifting(p, found[0][1], found[0][0]) or False
    if status != "inactive":
        return None
    end = period.get("end")
    ends: dt.datetime | None = None if end is None else r.date_time(p, end, f"{at}.period.end")
    if ends is None:
        if end is None:
            p.add(r.ELEMENT_REQUIRED, f"{at}.period.end", "an inactive refusal says when it ended")
        return False
    lifting = p.attempt(
        f"{at}.period.end",
        lambda: Lifting(
            statement=Statement(expressed_by=expressed_by, expressed_at=ends),
            recorded_by=ctx.imported_by,
            recorded_at=ends,
        ),
    )
    return lifting or False


def _categories(p: r.Problems, provision: JSON, at: str) -> frozenset[str] | None:
    names = []
    for cpath, concept in r.items(p, provision, "code", at):
        for kpath, c in r.items(p, concept, "coding", cpath):
            if c.get("system") != u.CATEGORY_SYSTEM:
                p.add("CATEGORY_SYSTEM_UNKNOWN", kpath, "refused categories are carecircle's")
                continue
            code = r.text(p, c, "code", kpath, required=True)
            if code is not None:
                names.append(code)
    return p.attempt(f"{at}.code", lambda: categories_of(names, "v"))


def _refusal_id(p: r.Problems, consent: JSON, path: str, prefix: str) -> str | None:
    for at, ident in r.items(p, consent, "identifier", path):
        value = ident.get("value")
        if ident.get("system") == u.REFUSAL_SYSTEM and isinstance(value, str):
            if value.startswith(prefix) and len(value) > len(prefix):
                return value[len(prefix) :]
            p.add("IDENTIFIER_INVALID", f"{at}.value", "not a refusal of this member")
    return None
