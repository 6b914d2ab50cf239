"""Reading the actors back: Patient, PractitionerRole and Practitioner, RelatedPerson…"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any, Final

from carecircle._model import (
    AccountState,
    DirectoryProfessional,
    ManualProfessional,
    Member,
    PassAccount,
    Patient,
    RelatedPerson,
)
from carecircle._model.people import account_state
from carecircle.identifiers import (
    idnat_ps,
    ins,
    pass_account,
)
from carecircle.identifiers.ins import Ins
from carecircle.interop.fhir import _read as r
from carecircle.interop.fhir import _urls as u
from carecircle.interop.fhir._read_parts import (
    address,
    coding,
    contact,
    first_code,
    identifiers,
    member_id,
    name,
)
from carecircle.interop.fhir._read_structures import organization
from carecircle.nomenclatures import Code, relationships

__all__ = ["Resolve", "address", "coding", "contact", "member", "member_id", "name", "patient"]

#: Resolves a Reference object at a path to ``(path, resource)`` of an allowed type, or None.
Resolve = Callable[[Mapping[str, Any], str, frozenset[str]], tuple[str, Mapping[str, Any]] | None]

JSON = Mapping[str, Any]

_INS_OIDS: Final = {f"urn:oid:{oid}": oid for oid in ins.OIDS}


def patient(p: r.Problems, resource: JSON, path: str, record_id: str) -> Patient | None:
    patient_id = resource.get("id") if isinstance(resource.get("id"), str) else None
    identity: Ins | None = None
    for at, _ident, system, value in identifiers(p, resource, path):
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
    for ipath, ident, system, value in identifiers(p, practitioner, at):
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
            profession = first_code(p, concept, f"{qpath}.code")
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
        code = first_code(p, concept, at)
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


def member(p: r.Problems, resource: JSON, path: str, resolve: Resolve) -> Member | None:
    """The member a ``participant.member`` resource describes (its type already checked)."""
    kind = resource.get("resourceType")
    if kind == "PractitionerRole":
        return _professional(p, resource, path, resolve)
    if kind == "RelatedPerson":
        return _related(p, resource, path)
    return organization(p, resource, path)
