"""Typed boundaries of the model: every constructor and query fed wrong values by Hypothesis.

Whatever a caller passes, a constructor either builds a value whose fields have their declared
types, or raises a :class:`~carecircle.CareCircleError` whose codes are all in the table
of ``docs/model.md`` ("Boundaries and their errors"): never a bare ``TypeError``,
``AttributeError``, ``KeyError`` or ``OverflowError`` from inside (issue 9, item 3).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import carecircle as cc
from carecircle import (
    Address,
    CareCircle,
    CareCircleError,
    Code,
    Contact,
    CoordinationRecord,
    DirectoryProfessional,
    DirectoryStructure,
    EmergencyAccess,
    EnteredInError,
    Invitation,
    Lifting,
    ManualProfessional,
    ManualStructure,
    Membership,
    Participation,
    PassAccount,
    Patient,
    Principal,
    Profession,
    ProfessionalQuery,
    ProfessionCatalog,
    Refusal,
    RelatedPerson,
    Statement,
    StatusChange,
    StructureQuery,
    ViolationError,
    ViolationGroup,
    draft_invitation,
)
from carecircle.identifiers.ins import Ins
from carecircle.nomenclatures import categories, professions, protection, relationships
from carecircle.professions import PLATFORM_PROFESSION_SYSTEM
from carecircle.roles import PCP

AT = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
DOCS = Path(__file__).resolve().parent.parent / "docs" / "model.md"


def documented_codes() -> frozenset[str]:
    """The codes listed under "Boundaries and their errors" in docs/model.md."""
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("## Boundaries and their errors", 1)[1].split("\n## ", 1)[0]
    first_cells = re.findall(r"^\| (`[^|]+)\|", section, flags=re.MULTILINE)
    return frozenset(code for cell in first_cells for code in re.findall(r"`([A-Z_]+)`", cell))


DOCUMENTED = documented_codes()


def codes_of(error: CareCircleError) -> set[str]:
    if isinstance(error, ViolationGroup):
        return set(error.codes)
    assert isinstance(error, ViolationError), type(error)
    return {error.code}


def participation() -> Participation:
    return Participation(start=AT, added_by="pass:1")


def professional() -> DirectoryProfessional:
    return DirectoryProfessional(national_id="810001234567", family_name="Durand")


def refusal() -> Refusal:
    return Refusal(
        refusal_id="R1",
        statement=Statement(expressed_at=AT),
        recorded_by="pass:1",
        recorded_at=AT,
    )


def membership(**fields: Any) -> Membership:
    """M1, Dr Durand since ``AT``, with the membership's other ``fields``."""
    defaults: dict[str, Any] = {
        "member_id": "M1",
        "member": professional(),
        "participations": (participation(),),
    }
    return Membership(**(defaults | fields))


# Each boundary: the callable, and keyword arguments that build a valid value.
BOUNDARIES: dict[str, tuple[Callable[..., Any], dict[str, Any]]] = {
    "Patient": (
        Patient,
        {
            "patient_id": "P-1",
            "family_name": "Martin",
            "given_name": "Louise",
            "birth_date": dt.date(1941, 3, 14),
            "ins": None,
        },
    ),
    "PassAccount": (PassAccount, {"id": "pass:1", "state": "active"}),
    "DirectoryProfessional": (
        DirectoryProfessional,
        {
            "national_id": "810001234567",
            "account": PassAccount(id="pass:1"),
            "profession": professions.MEDECIN,
            "family_name": "Durand",
            "given_name": "Hélène",
            "contact": Contact(),
            "structure": "MSP du Lauragais",
        },
    ),
    "ManualProfessional": (
        ManualProfessional,
        {"family_name": "Roux", "given_name": "Anne", "profession": None, "contact": Contact()},
    ),
    "RelatedPerson": (
        RelatedPerson,
        {
            "family_name": "Martin",
            "given_name": "Julie",
            "contact": Contact(),
            "unlisted": True,
            "relationship": relationships.MERE,
        },
    ),
    "DirectoryStructure": (
        DirectoryStructure,
        {
            "national_id": "1310000001",
            "finess": "310000001",
            "siret": None,
            "name": "SSIAD du Lauragais",
            "category": categories.SSIAD,
            "address": None,
            "legal_entity": True,
            "delegates": frozenset({"pass:5001"}),
        },
    ),
    "ManualStructure": (
        ManualStructure,
        {"name": "Association", "acronym": "AA", "person_in_charge": "M. Roux"},
    ),
    "Address": (
        Address,
        {"line": "1 place du Capitole", "city": "Toulouse", "postal_code": "31000"},
    ),
    "Contact": (Contact, {"email": "a@exemple.fr", "landline": None, "mobile": None}),
    "Participation": (
        Participation,
        {"start": AT, "end": AT + dt.timedelta(days=1), "added_by": "pass:1", "ended_by": None},
    ),
    "Membership": (
        Membership,
        {
            "member_id": "M1",
            "member": professional(),
            "roles": frozenset({PCP}),
            "description": "Médecin traitant",
            "habilitated": True,
            "habilitation_ends": AT + dt.timedelta(days=30),
            "refusals": (refusal(),),
            "legal_protection": protection.TUTEUR,
            "entered_in_error": None,
            "participations": (participation(),),
        },
    ),
    "Statement": (
        Statement,
        {"expressed_by": "patient", "expressed_at": AT, "collected": "written"},
    ),
    "Refusal": (
        Refusal,
        {
            "refusal_id": "R1",
            "statement": Statement(expressed_at=AT),
            "recorded_by": "pass:1",
            "recorded_at": AT,
            "categories": frozenset({"psychological"}),
            "lifted": None,
        },
    ),
    "Lifting": (
        Lifting,
        {"statement": Statement(expressed_at=AT), "recorded_by": "pass:1", "recorded_at": AT},
    ),
    "EnteredInError": (EnteredInError, {"at": AT, "by": "pass:1", "reason": "un homonyme"}),
    "StatusChange": (StatusChange, {"status": "active", "at": AT, "by": "pass:1", "reason": ""}),
    "EmergencyAccess": (
        EmergencyAccess,
        {
            "access_id": "E1",
            "account": "pass:77",
            "national_id": "810001234567",
            "reason": "urgence",
            "starts": AT,
            "ends": AT + dt.timedelta(hours=4),
        },
    ),
    "EmergencyPolicy": (cc.EmergencyPolicy, {"duration": dt.timedelta(hours=4)}),
    "CareCircle": (CareCircle, {"memberships": (membership(),)}),
    # Issue 10 item 6: a platform's own professions.
    "Profession": (
        Profession,
        {
            "code": Code(PLATFORM_PROFESSION_SYSTEM, "PNM"),
            "label": "Personnel non médical",
            "closed_on": None,
        },
    ),
    "ProfessionCatalog": (
        ProfessionCatalog,
        {
            "professions": (
                Profession(code=Code(PLATFORM_PROFESSION_SYSTEM, "PNM"), label="Personnel"),
            )
        },
    ),
    "CoordinationRecord": (
        CoordinationRecord,
        {
            "record_id": "DC-1",
            "patient": Patient(patient_id="P-1", family_name="Martin", given_name="Louise"),
            "circle": CareCircle(),
            "created_by": "pass:1",
            "created_at": AT,
            "updated_at": AT,
            "version": 1,
            "status_history": (StatusChange(status="active", at=AT, by="pass:1"),),
            "emergency_accesses": (),
        },
    ),
    "Principal": (
        Principal,
        {
            "account": "pass:1",
            "national_id": "810001234567",
            "profession": professions.MEDECIN,
            "account_state": "active",
            "delegated_by": frozenset({"S5"}),
        },
    ),
    "ProfessionalQuery": (
        ProfessionalQuery,
        {
            "name": "hel",
            "profession": None,
            "place": "31",
            "structure": "",
            "offset": 0,
            "limit": 5,
        },
    ),
    "StructureQuery": (
        StructureQuery,
        {"name": "ssiad", "category": None, "postal_code": "31", "offset": 0, "limit": 5},
    ),
    "Invitation": (
        Invitation,
        {"recipients": ["a@exemple.fr"], "subject": "Bonjour", "body": "Texte"},
    ),
    "draft_invitation": (
        draft_invitation,
        {"inviter_name": "Dr Martin", "inviter_structure": "MSP", "recipients": ()},
    ),
}

#: Values of every kind a caller might pass by mistake.
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.binary(max_size=8),
    st.text(max_size=12),
    st.sampled_from(["\u200b", "a\u2028b", "x\u0085", "\t", "８１０", "S5", "pass:1", "active"]),
    st.lists(st.text(max_size=3), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.frozensets(st.integers(), max_size=2),
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=st.just(dt.UTC)),
    st.just(dt.datetime.min.replace(tzinfo=dt.timezone(dt.timedelta(hours=1)))),
    st.just(dt.datetime.max.replace(tzinfo=dt.timezone(dt.timedelta(hours=-1)))),
    st.sampled_from([professions.MEDECIN, PCP, Contact(), AT.date(), object()]),
)


@pytest.mark.boundary
@pytest.mark.parametrize("name", sorted(BOUNDARIES))
@settings(deadline=None)
@given(data=st.data())
def test_every_boundary_raises_only_documented_errors(name: str, data: st.DataObject) -> None:
    build, valid = BOUNDARIES[name]
    changed = data.draw(st.sets(st.sampled_from(sorted(valid)), min_size=1, max_size=2))
    kwargs = {**valid, **{field: data.draw(JUNK, label=field) for field in changed}}
    try:
        built = build(**kwargs)
    except CareCircleError as error:
        undocumented = codes_of(error) - DOCUMENTED
    else:
        undocumented = set()
        check_types(built)
        repr(built)  # never raises
    assert not undocumented


def check_types(value: object) -> None:
    """Every field holds a value of its declared kind (what was accepted was converted)."""
    if not attrs.has(type(value)):
        return
    for field in attrs.fields(type(value)):  # type: ignore[arg-type]
        got = getattr(value, field.name)
        kind = field.type if isinstance(field.type, str) else getattr(field.type, "__name__", "")
        if kind in ("str",):
            assert isinstance(got, str), (field.name, got)
        elif kind in ("bool",):
            assert isinstance(got, bool), (field.name, got)
        elif "datetime" in kind and got is not None:
            assert type(got) is dt.datetime and got.tzinfo is dt.UTC, (field.name, got)
        elif kind.startswith("frozenset") and got is not None:
            assert isinstance(got, frozenset), (field.name, got)


def test_the_documented_table_is_read() -> None:
    assert {"WRONG_TYPE", "NAIVE_DATETIME", "INSTANT_INVALID", "TEXT_INVALID_CHARACTER"} <= (
        DOCUMENTED
    )


# -- the cases the issue names ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "code", "path"),
    [
        (
            lambda: Patient(
                patient_id="P", family_name="M", given_name="L", birth_date="1941-03-14"
            ),
            "WRONG_TYPE",
            "patient.birth_date",
        ),
        (
            lambda: Patient(patient_id="P", family_name="M", given_name="L", birth_date=AT),
            "WRONG_TYPE",
            "patient.birth_date",
        ),
        (lambda: PassAccount(id="pass:1", state="bogus"), "ACCOUNT_STATE_INVALID", "account.state"),
        (
            lambda: DirectoryProfessional(account="pass:1", family_name="D"),  # type: ignore[arg-type]
            "WRONG_TYPE",
            "member.account",
        ),
        (lambda: Principal(delegated_by="S5"), "WRONG_TYPE", "principal.delegated_by"),
        (
            lambda: Principal(account_state="bogus"),
            "ACCOUNT_STATE_INVALID",
            "principal.account_state",
        ),
        (lambda: Principal(account=4711), "WRONG_TYPE", "principal.account"),  # type: ignore[arg-type]
        (lambda: ProfessionalQuery(name=None), "WRONG_TYPE", "query.name"),  # type: ignore[arg-type]
        (lambda: ProfessionalQuery(limit=True), "WRONG_TYPE", "query.limit"),
        (lambda: StructureQuery(postal_code=31), "WRONG_TYPE", "query.postal_code"),
        (lambda: membership(roles={"PCP"}), "WRONG_TYPE", "roles[0]"),
        (lambda: membership(roles="PCP"), "WRONG_TYPE", "roles"),
        (lambda: membership(member="Dr Durand"), "WRONG_TYPE", "member"),
        (lambda: membership(habilitated="yes"), "WRONG_TYPE", "habilitated"),
        (
            lambda: Participation(start="2026-11-02", added_by="pass:1"),  # type: ignore[arg-type]
            "INSTANT_INVALID",
            "participation.start",
        ),
        (
            lambda: Participation(start=dt.datetime(2026, 11, 2), added_by="pass:1"),  # noqa: DTZ001
            "NAIVE_DATETIME",
            "participation.start",
        ),
        (
            lambda: Participation(
                start=dt.datetime.min.replace(tzinfo=ZoneInfo("Europe/Paris")), added_by="pass:1"
            ),
            "INSTANT_OUT_OF_RANGE",
            "participation.start",
        ),
        (
            lambda: RelatedPerson(family_name="Martin\u2028Julie"),
            "TEXT_INVALID_CHARACTER",
            "member.family_name",
        ),
        (
            lambda: RelatedPerson(family_name="Martin\u0085"),
            "TEXT_INVALID_CHARACTER",
            "member.family_name",
        ),
        (lambda: ManualStructure(name="Asso\u2029"), "TEXT_INVALID_CHARACTER", "member.name"),
        (
            lambda: DirectoryStructure(national_id="S\u200b5", name="SSIAD"),
            "IDENTIFIER_FORMAT",
            "member.national_id",
        ),
        (
            lambda: CoordinationRecord(
                record_id="DC",
                created_by="pass:1",
                created_at=AT,
                patient=None,  # type: ignore[arg-type]
                version=1,
            ),
            "WRONG_TYPE",
            "patient",
        ),
        (lambda: CareCircle(memberships=[None]), "WRONG_TYPE", "circle.memberships[0]"),
        (lambda: cc.list_members(None, at=AT), "WRONG_TYPE", "record"),  # type: ignore[arg-type]
        (
            lambda: Invitation(recipients=None, subject=1, body="x"),  # type: ignore[arg-type, arg-type]
            "WRONG_TYPE",
            "recipients",
        ),
    ],
)
def test_wrong_values_named_by_the_issue(build: Callable[[], object], code: str, path: str) -> None:
    with pytest.raises(CareCircleError) as caught:
        build()
    error = caught.value
    found = (
        [(e.code, e.path) for e in error.exceptions if isinstance(e, ViolationError)]
        if isinstance(error, ViolationGroup)
        else [(error.code, error.path)]  # type: ignore[attr-defined, attr-defined]
    )
    assert (code, path) in found


def test_enum_fields_take_their_documented_values() -> None:
    assert PassAccount(id="pass:1", state="suspended").state is cc.AccountState.SUSPENDED
    principal = Principal(account="pass:1", account_state="active")
    assert principal.account_state is cc.AccountState.ACTIVE
    assert principal.has_active_account  # "active" as a plain string is active (issue 9)
    assert (
        cc.list_members(
            CoordinationRecord(
                record_id="DC",
                created_by="pass:1",
                created_at=AT,
                patient=Patient(patient_id="P", family_name="M", given_name="L"),
            ),
            at=AT,
            sort_by="kind",  # type: ignore[arg-type]
        )
        == ()
    )


def test_a_birth_date_is_a_date_and_an_ins_an_ins() -> None:
    patient = Patient(
        patient_id="P", family_name="M", given_name="L", birth_date=dt.date(1941, 3, 14)
    )
    assert patient.birth_date == dt.date(1941, 3, 14)
    with pytest.raises(CareCircleError, match=r"WRONG_TYPE at patient\.ins"):
        Patient(patient_id="P", family_name="M", given_name="L", ins="1410375123456")  # type: ignore[arg-type]
    assert isinstance(Ins, type)


def test_a_member_id_holds_no_bracket() -> None:
    """R11: violation paths name members as ``members[M2]``: an id with a bracket would let a
    path be read as another member's (a twin ``M]3`` hidden from the full change check).
    """
    for bad in ("M]3", "M[3", "[M3]"):
        with pytest.raises(CareCircleError, match=r"MEMBER_ID_INVALID at member_id"):
            attrs.evolve(membership(), member_id=bad)
    assert attrs.evolve(membership(), member_id=" M3 ").member_id == "M3"


def test_free_text_never_shows_in_a_repr() -> None:
    """R12 (issue 9, item 4): descriptions, a professional's structure text and a manual
    structure's person in charge may carry a phone number; reprs say only that there is text.
    """
    phone = "joindre au 06 12 34 56 78"
    m = attrs.evolve(membership(), description=phone)
    dr = DirectoryProfessional(national_id="810001234567", family_name="D", structure=phone)
    asso = ManualStructure(name="Asso", person_in_charge=phone)
    event = cc.events.DescriptionChanged(
        meta=cc.events.EventMeta(record_id="DC", version=2, actor="pass:1", at=AT),
        member_id="M1",
        before="",
        after=phone,
    )
    for value in (m, dr, asso, event):
        shown = repr(value)
        assert "06 12" not in shown and "<redacted>" in shown, shown
    assert "description=''" in repr(membership())  # empty text says so


def test_descriptions_keep_line_breaks_but_no_other_control() -> None:
    m = attrs.evolve(membership(), description="ligne 1\nligne 2\tfin")
    assert m.description == "ligne 1\nligne 2\tfin"
    for bad in ("a\u2028b", "a\u0085b", "a\u200bb", "a\x00b"):
        with pytest.raises(CareCircleError, match="TEXT_INVALID_CHARACTER at description"):
            attrs.evolve(membership(), description=bad)


def test_mapping_roles_and_codes_are_refused() -> None:
    with pytest.raises(CareCircleError, match="WRONG_TYPE at roles"):
        attrs.evolve(membership(), roles={PCP: True})
    with pytest.raises(CareCircleError, match="WRONG_TYPE at roles"):
        attrs.evolve(membership(), roles=PCP)
