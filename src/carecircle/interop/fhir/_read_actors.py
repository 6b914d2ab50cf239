"""Reading the actors back: Patient, PractitionerRole and Practitioner, RelatedPerson…"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any, Final

from carecircle.identifiers import (
    Ins,
    finess,
    idnat_ps,
    idnat_struct,
    ins,
    pass_account,
    siren,
    siret,
)
from carecircle.interop.fhir import _read as r
from carecircle.interop.fhir import _urls as u
from carecircle.model import (
    AccountState,
    Address,
    Contact,
    DirectoryProfessional,
    DirectoryStructure,
    ManualProfessional,
    ManualStructure,
    Member,
    PassAccount,
    Patient,
    RelatedPerson,
)
from carecircle.model.people import account_state
from carecircle.nomenclatures import Code, categories, relationships

#: Resolves a Reference object at a path to ``(path, resource)`` of an allowed type, or None.
Resolve = Callable[[Mapping[str, Any], str, frozenset[str]], tuple[str, Mapping[str, Any]] | None]

JSON = Mapping[str, Any]

_INS_OIDS: Final = {f"urn:oid:{oid}": oid for oid in ins.OIDS}


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


def _identifiers(p: r.Problems, resource: JSON, path: str) -> list[tuple[str, JSON, str, str]]:
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
    for _at, _ident, system, value in _identifiers(p, resource, path):
        if system == u.MEMBER_SYSTEM and value.startswith(prefix) and len(value) > len(prefix):
            return value[len(prefix) :]
    return None


def _first_code(p: r.Problems, concept: JSON, path: str) -> Code | None:
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


def patient(p: r.Problems, resource: JSON, path: str, record_id: str) -> Patient | None:
    patient_id = resource.get("id") if isinstance(resource.get("id"), str) else None
    identity: Ins | None = None
    for at, _ident, system, value in _identifiers(p, resource, path):
        if system == u.PATIENT_SYSTEM:
            patient_id = value
        elif system in _INS_OIDS and identity is None:
            identity = p.attempt(f"{at}.value", partial(Ins, value=value, oid=_INS_OIDS[system]))
    names = name(p, resource, path)
    birth = resource.get("birthDate")
    born = None if birth is None else r.date(p, birth, f"{path}.birthDate")
    if names is None:
        return None
    pid = patient_id or f"P-{record_id}"
    return p.attempt(
        path,
        lambda: Patient(
            patient_id=pid,
            family_name=names[0],
            given_name=names[1],
            birth_date=born,
            ins=identity,
        ),
    )


def _professional(p: r.Problems, role: JSON, path: str, resolve: Resolve) -> Member | None:
    structure = r.Extensions(p, role, path).text(u.EXT_STRUCTURE) or ""
    reference = r.child(p, role, "practitioner", path, required=True)
    if reference is None:
        return None
    found = resolve(reference, f"{path}.practitioner", frozenset({"Practitioner"}))
    if found is None:
        return None
    at, practitioner = found
    national: str | None = None
    rpps: str | None = None
    account: PassAccount | None = None
    for ipath, ident, system, value in _identifiers(p, practitioner, at):
        if system == u.IDNPS_SYSTEM:
            national = p.attempt(f"{ipath}.value", partial(idnat_ps.canonical, value, path="v"))
        elif system == u.RPPS_SYSTEM:
            rpps = p.attempt(f"{ipath}.value", partial(idnat_ps.canonical, value, path="v"))
        elif system == u.PASS_ACCOUNT_SYSTEM:
            account = _account(p, ident, ipath, value)
    national = national or rpps
    names = name(p, practitioner, at)
    details = contact(p, practitioner, at)
    profession = None
    for qpath, q in r.items(p, practitioner, "qualification", at):
        concept = r.child(p, q, "code", qpath, required=True)
        if concept is not None and profession is None:
            profession = _first_code(p, concept, f"{qpath}.code")
    if names is None or details is None:
        return None
    family, given = names
    if national is None and account is None:
        return p.attempt(
            at,
            lambda: ManualProfessional(
                family_name=family, given_name=given, profession=profession, contact=details
            ),
        )
    return p.attempt(
        at,
        lambda: DirectoryProfessional(
            national_id=national,
            account=account,
            profession=profession,
            family_name=family,
            given_name=given,
            contact=details,
            structure=structure,
        ),
    )


def _account(p: r.Problems, ident: JSON, path: str, value: str) -> PassAccount | None:
    found = r.Extensions(p, ident, path).value(u.EXT_ACCOUNT_STATE, "Code")
    state: AccountState | None = AccountState.ACTIVE
    if found is not None:
        state = p.attempt(found[0], lambda: account_state(found[1], "v"))
    identity = p.attempt(f"{path}.value", lambda: pass_account.validate(value, path="v"))
    if identity is None or state is None:
        return None
    return PassAccount(id=identity, state=state)


def _related(p: r.Problems, resource: JSON, path: str) -> Member | None:
    r.items(p, resource, "identifier", path, required=True)
    r.child(p, resource, "patient", path, required=True)
    r.items(p, resource, "telecom", path, required=True)
    kinship: Code | None = None
    protection: Code | None = None
    for at, concept in r.items(p, resource, "relationship", path, required=True):
        code = _first_code(p, concept, at)
        if code is None:
            continue
        if code.system == relationships.FAMILY_SYSTEM:
            kinship = kinship or code
        elif code.system == relationships.LEGAL_PROTECTION_SYSTEM:
            protection = protection or code
    names = name(p, resource, path)
    details = contact(p, resource, path)
    unlisted = r.Extensions(p, resource, path).flag(u.EXT_UNLISTED)
    if names is None or details is None:
        return None
    return p.attempt(
        path,
        lambda: RelatedPerson(
            family_name=names[0],
            given_name=names[1],
            contact=details,
            unlisted=unlisted,
            relationship=kinship or protection,
        ),
    )


def _category(p: r.Problems, resource: JSON, path: str) -> Code | None:
    """The establishment category: the type marked ``categorieEtablissementRASS``, else a
    TRE_R66 coding, else a type with no annuaire mark at all."""
    found: Code | None = None
    for at, concept in r.items(p, resource, "type", path):
        marks = r.Extensions(p, concept, at).all(u.EXT_ORGANIZATION_TYPES)
        kinds = {m.get("valueCode") for _a, m in marks}
        code = _first_code(p, concept, at)
        if code is None:
            continue
        if "categorieEtablissementRASS" in kinds or code.system == categories.SYSTEM:
            return code
        if not marks and found is None:
            found = code
    return found


def _organization(p: r.Problems, resource: JSON, path: str) -> Member | None:
    ids: dict[str, str | None] = {}
    checks = {
        u.IDNST_SYSTEM: ("national", lambda v: idnat_struct.canonical(v, path="v")),
        u.FINESS_SYSTEM: ("finess", lambda v: finess.validate(v, path="v")),
    }
    for at, ident, system, value in _identifiers(p, resource, path):
        if system in checks:
            key, check = checks[system]
        elif system == u.SIRENE_SYSTEM:
            codes = {
                c.get("code")
                for _a, c in r.items(p, r.child(p, ident, "type", at) or {}, "coding", at)
            }
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


def member(p: r.Problems, resource: JSON, path: str, resolve: Resolve) -> Member | None:
    """The member a ``participant.member`` resource describes (its type already checked)."""
    kind = resource.get("resourceType")
    if kind == "PractitionerRole":
        return _professional(p, resource, path, resolve)
    if kind == "RelatedPerson":
        return _related(p, resource, path)
    return _organization(p, resource, path)
