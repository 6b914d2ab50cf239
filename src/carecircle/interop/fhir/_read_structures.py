"""Reading structures back: an Organization as a directory or a manual structure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from carecircle._model import DirectoryStructure, ManualStructure, Member
from carecircle.identifiers import finess, idnat_struct, siren, siret
from carecircle.interop.fhir import _read as r
from carecircle.interop.fhir import _urls as u
from carecircle.interop.fhir._read_parts import address, contact, first_code, identifiers
from carecircle.nomenclatures import Code, categories

JSON = Mapping[str, Any]


def _category(p: r.Problems, resource: JSON, path: str) -> Code | None:
    """The establishment category: the type marked ``categorieEtablissementRASS``, else a
    TRE_R66 coding, else a type with no annuaire mark at all."""
    found: Code | None = None
    for at, concept in r.items(p, resource, "type", path):
        marks = r.Extensions(p, concept, at).all(u.EXT_ORGANIZATION_TYPES)
        kinds = {str(m.get("valueCode")) for _a, m in marks}
        code = first_code(p, concept, at)
        if code is None:
            continue
        if "categorieEtablissementRASS" in kinds or code.system == categories.SYSTEM:
            return code
        if not marks and found is None:
            found = code
    return found


def organization(p: r.Problems, resource: JSON, path: str) -> Member | None:
    ids: dict[str, str | None] = {}
    checks = {
        u.IDNST_SYSTEM: ("national", lambda v: idnat_struct.canonical(v, path="v")),
        u.FINESS_SYSTEM: ("finess", lambda v: finess.validate(v, path="v")),
    }
    for at, ident, system, value in identifiers(p, resource, path):
        if system in checks:
            key, check = checks[system]
        elif system == u.SIRENE_SYSTEM:
            kind_of = r.child(p, ident, "type", at) or {}
            codes = {str(c.get("code")) for _a, c in r.items(p, kind_of, "coding", f"{at}.type")}
            kind = "siret" if "SIRET" in codes or (not codes and len(value) > 9) else "siren"
            key, check = kind, (siret.validate if kind == "siret" else siren.validate)
        else:
            continue
        if key not in ids:
            ids[key] = p.attempt(f"{at}.value", lambda c=check, v=value: c(v))  # type: ignore[misc]
    label = r.text(p, resource, "name", path, required=True)
    extensions = r.Extensions(p, resource, path)
    if label is None:
        return None
    national = ids.get("national")
    if national is not None:
        category = _category(p, resource, path)
        place = address(p, resource, path)
        delegates = frozenset(
            v
            for a, e in extensions.all(u.EXT_DELEGATE)
            if (f := r.typed_value(p, e, a, "String")) and (v := f[1])
        )
        return p.attempt(
            path,
            lambda: DirectoryStructure(
                national_id=national,
                finess=ids.get("finess"),
                siret=ids.get("siret"),
                name=label,
                category=category,
                address=place,
                legal_entity=extensions.flag(u.EXT_LEGAL_ENTITY),
                delegates=delegates,
            ),
        )
    aliases = r.strings(p, resource, "alias", path)
    in_charge = ""
    for at, c in r.items(p, resource, "contact", path):
        who = r.child(p, c, "name", at)
        if who is not None and isinstance(who.get("text"), str):
            in_charge = who["text"]
            break
    details = contact(p, resource, path)
    if details is None:
        return None
    return p.attempt(
        path,
        lambda: ManualStructure(
            name=label,
            acronym=aliases[0] if aliases else "",
            finess=ids.get("finess"),
            siret=ids.get("siret"),
            siren=ids.get("siren"),
            person_in_charge=in_charge,
            contact=details,
        ),
    )
