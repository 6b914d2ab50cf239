"""Serialization benchmark: carecircle's documents against pydantic v2 and msgspec (issue 11).

One record of 12 members, built with the library's operations from the sample directory
(``carecircle.testing.sample``): seven directory professionals (one the médecin traitant, one
refused by the patient, one habilitated for two months, one who has left, one not habilitated),
a manual professional, two related persons (the aidant principal and personne de confiance; a
son who is représentant légal with a tutelle), a legal-entity directory structure with two
delegates, and a manual structure.

pydantic and msgspec read the same content (carecircle's document value) through two families
of models, each built from one definition per library (:func:`pydantic_models`,
:func:`msgspec_models`): the document's shape, ids and texts as strings, tuples, members as a
union tagged by ``kind``, frozen, unknown keys refused, and

* "same checks" (the targets): every field through the very function carecircle's
  constructor calls on it (``one_line`` and the text policy for names and ids, ``free_text``'s
  for descriptions, ``idnat_ps.canonical``, ``idnat_struct.canonical``, ``pass_account``,
  ``finess``, ``siret``, ``siren``, ``postal_code``, ``email``, ``phone`` (``phonenumbers``),
  ``ins``, category names), pydantic ``AfterValidator``, msgspec ``__post_init__``; and every
  cross-field check of the constructors (a period ends after it starts; participations
  present, closed, ordered, disjoint; refusals recorded after expressed, lifted after recorded;
  unique member, refusal and emergency ids; a national id or an account; an emergency access
  ends after it starts and states why; version, instants and status history of the record),
  pydantic ``model_validator(mode="after")``, msgspec ``__post_init__``;
* "instants and codes only" (information rows, what the issue listed): aware instants
  required and moved to UTC, codes checked against the same sets of allowed codes, nothing
  else.

Both families check codes against the catalogues (the profession and role catalogues,
TRE_R216/R217, TRE_R66, the protection measures, the INS OIDs). carecircle's ``structure``
checks a code's form and ``from_json`` (by default) the record rules: codes against the
catalogues, R5, R7, R8, which no rival does (row (ii) is carecircle's default; an info row
gives ``check_rules=False``).

In one run it measures:

(i)   unstructure + structure of the record: ``carecircle.serialization.unstructure`` then
      ``structure``, against pydantic's ``model_dump(mode="json")`` then ``model_validate`` and
      msgspec's ``to_builtins`` then ``convert``; target ≤ 1.0 × pydantic, same checks;
(ii)  the cold path a service pays per request, JSON bytes → record → first access decision:
      ``carecircle.serialization.from_json`` then ``carecircle.is_allowed`` on the new
      record (so no memo is warm), against pydantic's ``model_validate_json`` (msgspec's
      ``json.decode``) then the hand-written rule of ``_baseline.py`` over the plain dicts
      built from the model; target ≤ 1.5 × pydantic, same checks;
(iii) ``import carecircle`` in a fresh interpreter (bytecode caches written beforehand), best
      of 5; target ≤ 100 ms;

and, for information only, (i) and (ii) against the light family, (ii) with
``check_rules=False``, the import of every public name, and ``import carecircle`` with no
bytecode cache.

Before timing anything it checks that every library holds the same content (each one's plain
data equals carecircle's document value, and its JSON reads back to an equal record), that
each refuses a naive instant, an unknown member kind and an unknown profession code, that
carecircle and the "same checks" families refuse a phone that is not a number, an e-mail
without ``@``, a name with a control character and overlapping participations and accept an
RPPS number with a bad check key (as carecircle does: an advisory, not an error), and that the
access paths give the same answer for every principal, category and action; if not, it prints
what differs and exits 3. Exit status: 0 when every target is met, 1 when one is missed, 2 when
pydantic or msgspec is not installed, 3 when two implementations disagree.

Run it from a virtualenv with the ``bench`` extra::

    pip install -e '.[bench]'
    python benchmarks/serialization.py
"""

import datetime as dt
import itertools
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Final, Literal, Self

try:
    import msgspec
    import pydantic
except ImportError:
    print("pydantic and msgspec are the bench extra: pip install -e '.[bench]'")
    sys.exit(2)

from _baseline import PlainMember, PlainRecord, hand_allowed, plain_matrix, plain_principal
from _baseline import best_per_call as timed

import carecircle as cc
from carecircle import (
    DEFAULT_PROFESSIONS,
    DEFAULT_ROLES,
    EXAMPLE_MATRIX,
    TRANSITIONS,
    Action,
    Address,
    CareCircleError,
    Category,
    Collection,
    Contact,
    CoordinationRecord,
    HabilitationMatrix,
    ManualProfessional,
    ManualStructure,
    Member,
    Patient,
    Principal,
    RelatedPerson,
    Statement,
    is_allowed,
)
from carecircle._model._fields import checked_free_text as free_line
from carecircle._model._fields import one_line
from carecircle._model.refusals import CATEGORY_NAME
from carecircle.identifiers import (
    email,
    finess,
    idnat_ps,
    idnat_struct,
    ins,
    pass_account,
    phone,
    postal_code,
    siren,
    siret,
)
from carecircle.identifiers.ins import OIDS
from carecircle.nomenclatures import code_system, protection, relationships
from carecircle.nomenclatures import professions as ans
from carecircle.roles import AIDANT_PRINCIPAL, PCP, PERSONNE_DE_CONFIANCE
from carecircle.roles import REPRESENTANT_LEGAL as GUARD
from carecircle.serialization import (
    SCHEMA_VERSION,
    from_document,
    from_json,
    structure,
    to_json,
    unstructure,
)
from carecircle.testing import sample

# -- the record -------------------------------------------------------------------------------

T0: Final = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
#: The instant every access question is asked at.
AT: Final = T0 + dt.timedelta(days=1)
MATRIX: Final[HabilitationMatrix] = EXAMPLE_MATRIX
CATEGORIES: Final = tuple(Category)
ACTIONS: Final = tuple(Action)


@dataclass(frozen=True)
class Fixture:
    """The record, who asks about it and the one query the cold path times."""

    record: CoordinationRecord
    principals: tuple[Principal, ...]
    asker: Principal
    category: Category
    action: Action


def build_fixture() -> Fixture:
    """The 12-member record, built with the library's operations, and its principals."""
    people = sample.professionals(20)
    structure_entry = sample.structures(12)[11]  # a legal entity, pass:100001 and :100006
    creator = people[0]
    actor = Principal.from_entry(creator)
    minutes = iter(range(1, 100))

    def at() -> dt.datetime:
        return T0 + dt.timedelta(minutes=next(minutes))

    record = cc.create_record(
        record_id="DC-2026-000123",
        patient=Patient(
            patient_id="P-1",
            family_name="Martin",
            given_name="Louise",
            birth_date=dt.date(1941, 3, 14),
        ),
        creator=actor,
        creator_entry=creator,
        at=T0,
    ).record

    def add(member: Member, **kw: Any) -> None:
        nonlocal record
        record = cc.add_member(record, member, actor=actor, at=at(), **kw).record

    add(people[3], habilitated=True, roles=[PCP])  # M2, médecin traitant, a mobile phone
    add(people[1], habilitated=True)  # M3, infirmière, a delegate of M11
    add(people[4], habilitated=True)  # M4, kiné, refused below
    add(people[6])  # M5, infirmière, not habilitated, a delegate of M11
    add(people[7], habilitated=True, habilitation_ends=T0 + dt.timedelta(days=60))  # M6
    add(people[16], habilitated=True)  # M7, pharmacien, a landline, leaves below
    add(
        ManualProfessional(
            family_name="Cathala",
            given_name="Paul",
            profession=ans.OSTEOPATHE,
            contact=Contact(email="p.cathala@osteo.example"),
        )
    )
    daughter = RelatedPerson(
        family_name="Martin",
        given_name="Julie",
        relationship=relationships.FILLE,
        contact=Contact(
            mobile="06 12 34 56 78",
            address=Address(line="3 rue des Lilas", city="Toulouse", postal_code="31000"),
        ),
    )
    add(daughter, roles=[AIDANT_PRINCIPAL, PERSONNE_DE_CONFIANCE])
    son = RelatedPerson(family_name="Martin", given_name="Marc", relationship=relationships.FILS)
    add(son, roles=[GUARD], legal_protection=relationships.TUTEUR)
    add(structure_entry, habilitated=True)  # M11
    add(
        ManualStructure(
            name="Service d'aide à domicile du Lauragais",
            acronym="SAAD",
            siret="73282932000074",
            contact=Contact(landline="05 61 23 45 67"),
        )
    )
    said = Statement(expressed_at=at(), collected=Collection.ORAL)
    record = cc.record_refusal(record, "M4", statement=said, actor=actor, at=at()).record
    record = cc.end_participation(record, "M7", actor=actor, at=at()).record
    delegated = frozenset({structure_entry.national_id})
    principals = (
        *(Principal.from_entry(p) for p in (people[0], people[3], people[4], people[7])),
        *(Principal.from_entry(p) for p in (people[16], people[12])),  # left; a stranger
        *(Principal.from_entry(p, delegated_by=delegated) for p in (people[1], people[6])),
    )
    return Fixture(record, principals, principals[-2], Category.MEDICAL, Action.READ)


# -- the checks the rival models run ----------------------------------------------------------
#
# Two families of rival models, each built by one definition per framework
# (:func:`pydantic_models`, :func:`msgspec_models`):
#
# * "same checks" (``checked=True``): every field goes through the function carecircle's
#   constructor calls on it (the library's own functions: ``one_line``, ``idnat_ps.canonical``,
#   ``phone.validate``…), and every cross-field invariant of the constructors is checked by a
#   model validator (pydantic) or ``__post_init__`` (msgspec). The targets are on this family.
# * "instants and codes only" (``checked=False``): the shape, aware instants moved to UTC and
#   codes against the catalogues, nothing else (what issue 11 listed); information rows.

Check = Callable[[Any], Any]


def _codes(codes: Iterable[Any]) -> frozenset[str]:
    """Codes as documents write them, ``TRE_G15|10`` (``str`` of a code)."""
    return frozenset(str(code) for code in codes)


PROFESSION_CODES: Final = _codes(DEFAULT_PROFESSIONS)
ROLE_CODES: Final = _codes(DEFAULT_ROLES)
RELATIONSHIP_CODES: Final = _codes(
    c.key for system in sorted(relationships.SYSTEMS) for c in code_system(system)
)
CATEGORY_CODES: Final = _codes(c.key for c in code_system("TRE_R66"))
PROTECTION_CODES: Final = _codes(protection.all_measures())
INS_OIDS: Final = frozenset(OIDS)
#: The statuses a circle may start in (``CoordinationRecord``'s check), as document values.
FIRST_STATUSES: Final = frozenset({"proposed", "active"})


def _allowed(allowed: frozenset[str], what: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"not an allowed {what}")
        return value

    return check


def _to_utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC)


def required(path: str) -> Check:
    """``required_text``: stripped one-line text, not empty."""

    def check(value: str) -> str:
        found = one_line(value, path)
        if not found:
            raise ValueError("a non-empty text is required")
        return found

    return check


def line(path: str) -> Check:
    """``optional_text``: stripped one-line text."""
    return lambda value: one_line(value, path)


def optional_line(path: str) -> Check:
    """An address line or city, ``ended_by``: one-line text, ``None`` when blank."""
    return lambda value: one_line(value, path) or None


def free(path: str) -> Check:
    """``free_text``: line breaks and tabs allowed, no other control or format character."""
    return lambda value: free_line(value, path)


def an_id(path: str) -> Check:
    """A member, refusal or emergency access id: one-line text, not empty, no bracket."""

    def check(value: str) -> str:
        found = one_line(value, path)
        if not found or "[" in found or "]" in found:
            raise ValueError("an id is a non-empty text, no bracket")
        return found

    return check


def identifier(validate: Callable[..., str], path: str) -> Check:
    """``optional_identifier`` and the contact details: ``None`` when blank, else
    ``validate(value, path=path)`` (normalised, check digits, E.164…).
    """

    def check(value: str) -> str | None:
        return validate(value, path=path) if value.strip() else None

    return check


def category_name(value: str) -> str:
    """An information category of a refusal (``categories_of``)."""
    if not CATEGORY_NAME.fullmatch(value):
        raise ValueError("a category is lower-case letters, digits, '_' or '-'")
    return value


def check_period(start: dt.datetime, end: dt.datetime | None) -> None:
    if end is not None and end < start:
        raise ValueError("a period cannot end before it starts")


def check_periods(periods: Sequence[Any]) -> None:
    """A membership's participations: at least one; closed, ordered, disjoint."""
    if not periods:
        raise ValueError("a membership has at least one period")
    for earlier, later in itertools.pairwise(periods):
        if earlier.end is None or earlier.end > later.start:
            raise ValueError("periods must be closed, ordered, disjoint")


def check_unique(ids: Sequence[str], what: str) -> None:
    if len(set(ids)) != len(ids):
        raise ValueError(f"each {what} has its own id")


def check_recorded_later(expressed_at: dt.datetime, recorded_at: dt.datetime) -> None:
    if expressed_at > recorded_at:
        raise ValueError("a statement is recorded after it is expressed")


def check_refusal(refusal: Any) -> None:
    check_recorded_later(refusal.statement.expressed_at, refusal.recorded_at)
    if refusal.lifted is not None and refusal.lifted.recorded_at < refusal.recorded_at:
        raise ValueError("a refusal cannot be lifted before it is recorded")


def check_identity(professional: Any) -> None:
    if professional.national_id is None and professional.account is None:
        raise ValueError("a directory professional needs a national id or a PASS account")


def check_emergency(access: Any) -> None:
    if access.ends <= access.starts:
        raise ValueError("an emergency access ends after it starts")
    if not access.reason:
        raise ValueError("an emergency access states why")


def check_record(record: Any) -> None:
    """``CoordinationRecord``'s own checks: version, instants, status history, access ids."""
    if record.version < 1:
        raise ValueError("versions start at 1")
    if record.updated_at < record.created_at:
        raise ValueError("a record cannot change before it exists")
    history = record.status_history
    if not history:
        raise ValueError("a circle has a status from its creation")
    if (
        history[0].at != record.created_at
        or history[0].status not in FIRST_STATUSES
        or any(
            later.at < earlier.at or later.status not in TRANSITIONS[earlier.status]
            for earlier, later in itertools.pairwise(history)
        )
    ):
        raise ValueError("the status history is not one the lifecycle allows")
    check_unique([e.access_id for e in record.emergency_accesses], "emergency access")


@dataclass(frozen=True)
class Family:
    """One family of rival models: the record model and the two member classes the
    hand-written rule's dicts are built from.
    """

    record: Any
    professional: Any
    structure: Any


# -- pydantic ---------------------------------------------------------------------------------


class PModel(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(frozen=True, extra="forbid")


def pydantic_models(*, checked: bool) -> Family:
    """The pydantic models of a record document; ``checked``: the same checks as carecircle."""

    def after(check: Check) -> pydantic.AfterValidator | None:
        # pydantic ignores ``None`` among the metadata: the light family runs nothing there.
        return pydantic.AfterValidator(check) if checked else None

    def codes(allowed: frozenset[str], what: str) -> pydantic.AfterValidator:
        return pydantic.AfterValidator(_allowed(allowed, what))  # in both families

    instant = pydantic.AfterValidator(_to_utc)
    # Named unlike the fields: a class body reads an annotated name from itself, not from here.
    a_profession = codes(PROFESSION_CODES, "profession")
    a_family_name = after(required("member.family_name"))
    a_given_name = after(line("member.given_name"))
    an_account = after(pass_account.validate)
    idnat = after(identifier(idnat_ps.canonical, "national_id"))
    finess_number = after(identifier(finess.validate, "member.finess"))
    siret_number = after(identifier(siret.validate, "member.siret"))
    a_by = after(required("by"))
    a_reason = after(free("reason"))

    class PAddress(PModel):
        line: Annotated[str, after(optional_line("address.line"))] | None
        city: Annotated[str, after(optional_line("address.city"))] | None
        postal_code: Annotated[str, after(identifier(postal_code.validate, "postal_code"))] | None

    class PContact(PModel):
        email: Annotated[str, after(identifier(email.validate, "contact.email"))] | None
        landline: Annotated[str, after(identifier(phone.validate, "contact.landline"))] | None
        mobile: Annotated[str, after(identifier(phone.validate, "contact.mobile"))] | None
        address: PAddress | None

    class PPassAccount(PModel):
        id: Annotated[str, an_account]
        state: Literal["active", "suspended", "closed"]

    class PDirectoryProfessional(PModel):
        kind: Literal["directory_professional"]
        national_id: Annotated[str, idnat] | None
        account: PPassAccount | None
        profession: Annotated[str, a_profession] | None
        family_name: Annotated[str, a_family_name]
        given_name: Annotated[str, a_given_name]
        contact: PContact
        structure: Annotated[str, after(line("member.structure"))]

        if checked:

            @pydantic.model_validator(mode="after")
            def _identity(self) -> Self:
                check_identity(self)
                return self

    class PManualProfessional(PModel):
        kind: Literal["manual_professional"]
        family_name: Annotated[str, a_family_name]
        given_name: Annotated[str, a_given_name]
        profession: Annotated[str, a_profession] | None
        contact: PContact

    class PRelatedPerson(PModel):
        kind: Literal["related_person"]
        family_name: Annotated[str, a_family_name]
        given_name: Annotated[str, a_given_name]
        contact: PContact
        unlisted: bool
        relationship: Annotated[str, codes(RELATIONSHIP_CODES, "relationship")] | None

    class PDirectoryStructure(PModel):
        kind: Literal["directory_structure"]
        national_id: Annotated[str, after(lambda v: idnat_struct.canonical(v, path="id"))]
        finess: Annotated[str, finess_number] | None
        siret: Annotated[str, siret_number] | None
        name: Annotated[str, after(required("member.name"))]
        category: Annotated[str, codes(CATEGORY_CODES, "category")] | None
        address: PAddress | None
        legal_entity: bool
        delegates: tuple[Annotated[str, an_account], ...]

    class PManualStructure(PModel):
        kind: Literal["manual_structure"]
        name: Annotated[str, after(required("member.name"))]
        acronym: Annotated[str, after(line("member.acronym"))]
        finess: Annotated[str, finess_number] | None
        siret: Annotated[str, siret_number] | None
        siren: Annotated[str, after(identifier(siren.validate, "member.siren"))] | None
        person_in_charge: Annotated[str, after(line("member.person_in_charge"))]
        contact: PContact

    class PParticipation(PModel):
        start: Annotated[pydantic.AwareDatetime, instant]
        end: Annotated[pydantic.AwareDatetime, instant] | None
        added_by: Annotated[str, after(required("participation.added_by"))]
        ended_by: Annotated[str, after(optional_line("participation.ended_by"))] | None

        if checked:

            @pydantic.model_validator(mode="after")
            def _period(self) -> Self:
                check_period(self.start, self.end)
                return self

    class PStatement(PModel):
        expressed_by: Annotated[str, after(required("statement.expressed_by"))]
        expressed_at: Annotated[pydantic.AwareDatetime, instant]
        collected: Literal["oral", "written", "electronic"] | None

    class PLifting(PModel):
        statement: PStatement
        recorded_by: Annotated[str, a_by]
        recorded_at: Annotated[pydantic.AwareDatetime, instant]

        if checked:

            @pydantic.model_validator(mode="after")
            def _recorded_later(self) -> Self:
                check_recorded_later(self.statement.expressed_at, self.recorded_at)
                return self

    class PRefusal(PModel):
        refusal_id: Annotated[str, after(an_id("refusal.refusal_id"))]
        statement: PStatement
        recorded_by: Annotated[str, a_by]
        recorded_at: Annotated[pydantic.AwareDatetime, instant]
        categories: tuple[Annotated[str, after(category_name)], ...]
        lifted: PLifting | None

        if checked:

            @pydantic.model_validator(mode="after")
            def _refusal(self) -> Self:
                check_refusal(self)
                return self

    class PEnteredInError(PModel):
        at: Annotated[pydantic.AwareDatetime, instant]
        by: Annotated[str, a_by]
        reason: Annotated[str, a_reason]

    class PMembership(PModel):
        member_id: Annotated[str, after(an_id("member_id"))]
        member: Annotated[
            PDirectoryProfessional
            | PManualProfessional
            | PRelatedPerson
            | PDirectoryStructure
            | PManualStructure,
            pydantic.Field(discriminator="kind"),
        ]
        roles: tuple[Annotated[str, codes(ROLE_CODES, "role")], ...]
        description: Annotated[str, after(free("description"))]
        legal_protection: Annotated[str, codes(PROTECTION_CODES, "measure")] | None
        habilitated: bool
        habilitation_ends: Annotated[pydantic.AwareDatetime, instant] | None
        refusals: tuple[PRefusal, ...]
        participations: tuple[PParticipation, ...]
        entered_in_error: PEnteredInError | None

        if checked:

            @pydantic.model_validator(mode="after")
            def _membership(self) -> Self:
                check_periods(self.participations)
                check_unique([r.refusal_id for r in self.refusals], "refusal")
                return self

    class PCareCircle(PModel):
        memberships: tuple[PMembership, ...]

        if checked:

            @pydantic.model_validator(mode="after")
            def _member_ids(self) -> Self:
                check_unique([m.member_id for m in self.memberships], "member")
                return self

    class PIns(PModel):
        value: Annotated[str, after(lambda v: ins.validate(v, path="ins.value"))]
        oid: Annotated[str, codes(INS_OIDS, "INS OID")]

    class PPatient(PModel):
        patient_id: Annotated[str, after(required("patient.patient_id"))]
        family_name: Annotated[str, after(required("patient.family_name"))]
        given_name: Annotated[str, after(required("patient.given_name"))]
        birth_date: dt.date | None
        ins: PIns | None

    class PStatusChange(PModel):
        status: Literal["proposed", "active", "suspended", "inactive", "entered-in-error"]
        at: Annotated[pydantic.AwareDatetime, instant]
        by: Annotated[str, a_by]
        reason: Annotated[str, a_reason]

    class PEmergencyAccess(PModel):
        access_id: Annotated[str, after(an_id("emergency.access_id"))]
        account: Annotated[str, an_account]
        national_id: Annotated[str, idnat] | None
        reason: Annotated[str, a_reason]
        starts: Annotated[pydantic.AwareDatetime, instant]
        ends: Annotated[pydantic.AwareDatetime, instant]

        if checked:

            @pydantic.model_validator(mode="after")
            def _stretch(self) -> Self:
                check_emergency(self)
                return self

    class PRecord(PModel):
        record_id: Annotated[str, after(required("record.record_id"))]
        patient: PPatient
        circle: PCareCircle
        created_by: Annotated[str, after(required("record.created_by"))]
        created_at: Annotated[pydantic.AwareDatetime, instant]
        updated_at: Annotated[pydantic.AwareDatetime, instant]
        version: int
        status_history: tuple[PStatusChange, ...]
        emergency_accesses: tuple[PEmergencyAccess, ...]

        if checked:

            @pydantic.model_validator(mode="after")
            def _record(self) -> Self:
                check_record(self)
                return self

    return Family(PRecord, PDirectoryProfessional, PDirectoryStructure)


# -- msgspec ----------------------------------------------------------------------------------

MInstant = Annotated[dt.datetime, msgspec.Meta(tz=True)]


def _in(value: str | None, allowed: frozenset[str], what: str) -> None:
    if value is not None and value not in allowed:
        raise ValueError(f"not an allowed {what}")


def _utc(struct: msgspec.Struct, *names: str) -> None:
    """msgspec has no after-validator: its ``__post_init__`` moves each instant to UTC."""
    for name in names:
        value = getattr(struct, name)
        if value is not None and value.tzinfo is not dt.UTC:
            msgspec.structs.force_setattr(struct, name, value.astimezone(dt.UTC))


def _fields(struct: msgspec.Struct, checks: Sequence[tuple[str, Check]]) -> None:
    """Each named field through its check (``None`` left alone), normalised in place."""
    for name, check in checks:
        value = getattr(struct, name)
        if value is not None:
            found = check(value)
            if found != value:
                msgspec.structs.force_setattr(struct, name, found)


def _each(values: Sequence[str], check: Check) -> None:
    for value in values:
        check(value)


class MModel(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    pass


def msgspec_models(*, checked: bool) -> Family:
    """The msgspec structs of a record document; ``checked``: the same checks as carecircle.

    msgspec has no field validators: each struct's ``__post_init__`` runs its checks.
    """
    name_checks = (
        ("family_name", required("member.family_name")),
        ("given_name", line("member.given_name")),
    )
    account = pass_account.validate
    idnat = identifier(idnat_ps.canonical, "national_id")
    finess_number = identifier(finess.validate, "member.finess")
    siret_number = identifier(siret.validate, "member.siret")
    by, reason = required("by"), free("reason")

    class MAddress(MModel, frozen=True):
        line: str | None
        city: str | None
        postal_code: str | None

        def __post_init__(self) -> None:
            if checked:
                _fields(self, address_checks)

    address_checks = (
        ("line", optional_line("address.line")),
        ("city", optional_line("address.city")),
        ("postal_code", identifier(postal_code.validate, "address.postal_code")),
    )

    class MContact(MModel, frozen=True):
        email: str | None
        landline: str | None
        mobile: str | None
        address: MAddress | None

        def __post_init__(self) -> None:
            if checked:
                _fields(self, contact_checks)

    contact_checks = (
        ("email", identifier(email.validate, "contact.email")),
        ("landline", identifier(phone.validate, "contact.landline")),
        ("mobile", identifier(phone.validate, "contact.mobile")),
    )

    class MPassAccount(MModel, frozen=True):
        id: str
        state: Literal["active", "suspended", "closed"]

        def __post_init__(self) -> None:
            if checked:
                _fields(self, (("id", account),))

    class MDirectoryProfessional(
        MModel, frozen=True, tag_field="kind", tag="directory_professional"
    ):
        national_id: str | None
        account: MPassAccount | None
        profession: str | None
        family_name: str
        given_name: str
        contact: MContact
        structure: str

        def __post_init__(self) -> None:
            _in(self.profession, PROFESSION_CODES, "profession")
            if checked:
                _fields(self, professional_checks)
                check_identity(self)

    professional_checks = (
        ("national_id", idnat),
        *name_checks,
        ("structure", line("member.structure")),
    )

    class MManualProfessional(MModel, frozen=True, tag_field="kind", tag="manual_professional"):
        family_name: str
        given_name: str
        profession: str | None
        contact: MContact

        def __post_init__(self) -> None:
            _in(self.profession, PROFESSION_CODES, "profession")
            if checked:
                _fields(self, name_checks)

    class MRelatedPerson(MModel, frozen=True, tag_field="kind", tag="related_person"):
        family_name: str
        given_name: str
        contact: MContact
        unlisted: bool
        relationship: str | None

        def __post_init__(self) -> None:
            _in(self.relationship, RELATIONSHIP_CODES, "relationship")
            if checked:
                _fields(self, name_checks)

    class MDirectoryStructure(MModel, frozen=True, tag_field="kind", tag="directory_structure"):
        national_id: str
        finess: str | None
        siret: str | None
        name: str
        category: str | None
        address: MAddress | None
        legal_entity: bool
        delegates: tuple[str, ...]

        def __post_init__(self) -> None:
            _in(self.category, CATEGORY_CODES, "category")
            if checked:
                _fields(self, structure_checks)
                _each(self.delegates, account)

    structure_checks = (
        ("national_id", lambda v: idnat_struct.canonical(v, path="member.national_id")),
        ("finess", finess_number),
        ("siret", siret_number),
        ("name", required("member.name")),
    )

    class MManualStructure(MModel, frozen=True, tag_field="kind", tag="manual_structure"):
        name: str
        acronym: str
        finess: str | None
        siret: str | None
        siren: str | None
        person_in_charge: str
        contact: MContact

        def __post_init__(self) -> None:
            if checked:
                _fields(self, manual_structure_checks)

    manual_structure_checks = (
        ("name", required("member.name")),
        ("acronym", line("member.acronym")),
        ("finess", finess_number),
        ("siret", siret_number),
        ("siren", identifier(siren.validate, "member.siren")),
        ("person_in_charge", line("member.person_in_charge")),
    )

    class MParticipation(MModel, frozen=True):
        start: MInstant
        end: MInstant | None
        added_by: str
        ended_by: str | None

        def __post_init__(self) -> None:
            _utc(self, "start", "end")
            if checked:
                _fields(self, participation_checks)
                check_period(self.start, self.end)

    participation_checks = (
        ("added_by", required("participation.added_by")),
        ("ended_by", optional_line("participation.ended_by")),
    )

    class MStatement(MModel, frozen=True):
        expressed_by: str
        expressed_at: MInstant
        collected: Literal["oral", "written", "electronic"] | None

        def __post_init__(self) -> None:
            _utc(self, "expressed_at")
            if checked:
                _fields(self, statement_checks)

    statement_checks = (("expressed_by", required("statement.expressed_by")),)

    class MLifting(MModel, frozen=True):
        statement: MStatement
        recorded_by: str
        recorded_at: MInstant

        def __post_init__(self) -> None:
            _utc(self, "recorded_at")
            if checked:
                _fields(self, (("recorded_by", by),))
                check_recorded_later(self.statement.expressed_at, self.recorded_at)

    class MRefusal(MModel, frozen=True):
        refusal_id: str
        statement: MStatement
        recorded_by: str
        recorded_at: MInstant
        categories: tuple[str, ...]
        lifted: MLifting | None

        def __post_init__(self) -> None:
            _utc(self, "recorded_at")
            if checked:
                _fields(self, refusal_checks)
                _each(self.categories, category_name)
                check_refusal(self)

    refusal_checks = (("refusal_id", an_id("refusal.refusal_id")), ("recorded_by", by))

    class MEnteredInError(MModel, frozen=True):
        at: MInstant
        by: str
        reason: str

        def __post_init__(self) -> None:
            _utc(self, "at")
            if checked:
                _fields(self, (("by", by), ("reason", reason)))

    class MMembership(MModel, frozen=True):
        member_id: str
        member: (
            MDirectoryProfessional
            | MManualProfessional
            | MRelatedPerson
            | MDirectoryStructure
            | MManualStructure
        )
        roles: tuple[str, ...]
        description: str
        legal_protection: str | None
        habilitated: bool
        habilitation_ends: MInstant | None
        refusals: tuple[MRefusal, ...]
        participations: tuple[MParticipation, ...]
        entered_in_error: MEnteredInError | None

        def __post_init__(self) -> None:
            for role in self.roles:
                _in(role, ROLE_CODES, "role")
            _in(self.legal_protection, PROTECTION_CODES, "measure")
            _utc(self, "habilitation_ends")
            if checked:
                _fields(self, membership_checks)
                check_periods(self.participations)
                check_unique([r.refusal_id for r in self.refusals], "refusal")

    membership_checks = (("member_id", an_id("member_id")), ("description", free("description")))

    class MCareCircle(MModel, frozen=True):
        memberships: tuple[MMembership, ...]

        def __post_init__(self) -> None:
            if checked:
                check_unique([m.member_id for m in self.memberships], "member")

    class MIns(MModel, frozen=True):
        value: str
        oid: str

        def __post_init__(self) -> None:
            _in(self.oid, INS_OIDS, "INS OID")
            if checked:
                _fields(self, (("value", lambda v: ins.validate(v, path="ins.value")),))

    class MPatient(MModel, frozen=True):
        patient_id: str
        family_name: str
        given_name: str
        birth_date: dt.date | None
        ins: MIns | None

        def __post_init__(self) -> None:
            if checked:
                _fields(self, patient_checks)

    patient_checks = (
        ("patient_id", required("patient.patient_id")),
        ("family_name", required("patient.family_name")),
        ("given_name", required("patient.given_name")),
    )

    class MStatusChange(MModel, frozen=True):
        status: Literal["proposed", "active", "suspended", "inactive", "entered-in-error"]
        at: MInstant
        by: str
        reason: str

        def __post_init__(self) -> None:
            _utc(self, "at")
            if checked:
                _fields(self, (("by", by), ("reason", reason)))

    class MEmergencyAccess(MModel, frozen=True):
        access_id: str
        account: str
        national_id: str | None
        reason: str
        starts: MInstant
        ends: MInstant

        def __post_init__(self) -> None:
            _utc(self, "starts", "ends")
            if checked:
                _fields(self, emergency_checks)
                check_emergency(self)

    emergency_checks = (
        ("access_id", an_id("emergency.access_id")),
        ("account", account),
        ("national_id", idnat),
        ("reason", reason),
    )

    class MRecord(MModel, frozen=True):
        record_id: str
        patient: MPatient
        circle: MCareCircle
        created_by: str
        created_at: MInstant
        updated_at: MInstant
        version: int
        status_history: tuple[MStatusChange, ...]
        emergency_accesses: tuple[MEmergencyAccess, ...]

        def __post_init__(self) -> None:
            _utc(self, "created_at", "updated_at")
            if checked:
                _fields(self, record_checks)
                check_record(self)

    record_checks = (
        ("record_id", required("record.record_id")),
        ("created_by", required("record.created_by")),
    )

    return Family(MRecord, MDirectoryProfessional, MDirectoryStructure)


#: The four rival families, built once per process (as a service builds its models).
P_SAME: Final = pydantic_models(checked=True)
P_LIGHT: Final = pydantic_models(checked=False)
M_SAME: Final = msgspec_models(checked=True)
M_LIGHT: Final = msgspec_models(checked=False)


# -- the hand-written rule's dicts, from any rival model ---------------------------------------


def _refused(refusals: Sequence[Any], at: dt.datetime) -> bool:
    """A refusal of the whole record stands at ``at`` (R4)."""
    for r in refusals:
        ends = None if r.lifted is None else r.lifted.recorded_at
        if not r.categories and r.recorded_at <= at and (ends is None or at < ends):
            return True
    return False


def plain_of(record: Any, family: Family, at: dt.datetime) -> PlainRecord:
    """The dicts ``hand_allowed`` reads, built from a model as a service would: directory
    professionals by account, directory structures by national id.
    """
    plain: PlainRecord = {"record_id": record.record_id, "members": {}, "structures": {}}
    for m in record.circle.memberships:
        member: Any = m.member
        if m.entered_in_error is not None:
            continue
        if isinstance(member, family.professional):
            if member.account is None:
                continue
            key, into, legal_entity = member.account.id, plain["members"], False
        elif isinstance(member, family.structure):
            key, into, legal_entity = member.national_id, plain["structures"], member.legal_entity
        else:
            continue
        entry: PlainMember = {
            "periods": [(p.start, p.end) for p in m.participations],
            "habilitated": m.habilitated,
            "habilitation_ends": m.habilitation_ends,
            "refused": _refused(m.refusals, at),
            "legal_entity": legal_entity,
        }
        into.setdefault(key, []).append(entry)
    return plain


# -- the inputs, and checking that the libraries agree -----------------------------------------


class DisagreementError(Exception):
    """Two implementations read or answered differently: no figure would mean anything."""


@dataclass(frozen=True)
class Rival:
    """One family of one rival library: its record of the fixture and that record's JSON."""

    label: str  # "pydantic, same checks"
    family: Family
    pydantic: bool  # else msgspec
    record: Any
    json: bytes

    @classmethod
    def of(cls, label: str, family: Family, data: Any) -> Self:
        if label.startswith("pydantic"):
            p = family.record.model_validate(data)
            return cls(label, family, pydantic=True, record=p, json=p.model_dump_json().encode())
        m = msgspec.convert(data, family.record)
        return cls(label, family, pydantic=False, record=m, json=msgspec.json.encode(m))

    def from_data(self, data: Any) -> Any:
        if self.pydantic:
            return self.family.record.model_validate(data)
        return msgspec.convert(data, self.family.record)

    def to_data(self, record: Any) -> Any:
        if self.pydantic:
            return record.model_dump(mode="json")
        return _as_lists(msgspec.to_builtins(record))  # msgspec keeps tuples

    def from_json(self, text: bytes) -> Any:
        if self.pydantic:
            return self.family.record.model_validate_json(text)
        return msgspec.json.decode(text, type=self.family.record)


@dataclass(frozen=True)
class Inputs:
    """The record as each library holds it and writes it."""

    data: Any  # carecircle's plain data (the document's value)
    carecircle_json: bytes
    p_same: Rival
    m_same: Rival
    p_light: Rival
    m_light: Rival

    @classmethod
    def of(cls, record: CoordinationRecord) -> Self:
        data = unstructure(record)
        return cls(
            data=data,
            carecircle_json=to_json(record).encode(),
            p_same=Rival.of("pydantic, same checks", P_SAME, data),
            m_same=Rival.of("msgspec, same checks", M_SAME, data),
            p_light=Rival.of("pydantic, instants and codes only", P_LIGHT, data),
            m_light=Rival.of("msgspec, instants and codes only", M_LIGHT, data),
        )

    @property
    def rivals(self) -> tuple[Rival, ...]:
        return (self.p_same, self.m_same, self.p_light, self.m_light)


def _as_lists(value: Any) -> Any:
    """Plain data with its tuples as lists (``msgspec.to_builtins`` keeps tuples)."""
    if isinstance(value, dict):
        return {k: _as_lists(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_as_lists(v) for v in value]
    return value


def _same_content(record: CoordinationRecord, inputs: Inputs) -> Iterator[str]:
    if structure(inputs.data, CoordinationRecord) != record:
        yield "carecircle: structure(unstructure(record)) is another record"
    if from_json(inputs.carecircle_json, CoordinationRecord) != record:
        yield "carecircle: from_json(to_json(record)) is another record"
    for rival in inputs.rivals:
        if rival.to_data(rival.record) != inputs.data:
            yield f"{rival.label}: its plain data is not carecircle's document value"
        if rival.from_json(rival.json) != rival.record:
            yield f"{rival.label}: its JSON reads back as another record"


def _with_member(data: Any, position: int, **changes: Any) -> Any:
    """``data`` with the membership at ``position`` changed (``member`` merged)."""
    memberships = list(data["circle"]["memberships"])
    old = memberships[position]
    member = {**old["member"], **changes.pop("member", {})}
    memberships[position] = {**old, **changes, "member": member}
    return {**data, "circle": {"memberships": memberships}}


def _position(data: Any, kind: str, key: str) -> int:
    """The first membership whose member is a ``kind`` with a non-null ``key``."""
    return next(
        i
        for i, m in enumerate(data["circle"]["memberships"])
        if m["member"]["kind"] == kind and m["member"].get(key) is not None
    )


def _broken(data: Any) -> Iterator[tuple[str, bool, Any]]:
    """Documents to read: what they hold, whether only the "same checks" families and
    carecircle must refuse it (else every family must), the value.
    """
    first = data["circle"]["memberships"][0]
    naive = [{**first["participations"][0], "start": "2026-11-02T09:00:00"}]
    yield "a naive instant", False, _with_member(data, 0, participations=naive)
    yield "an unknown member kind", False, _with_member(data, 0, member={"kind": "robot"})
    yield "an unknown profession", False, _with_member(data, 0, member={"profession": "X|1"})
    mobile = _position(data, "related_person", "contact")
    contact = data["circle"]["memberships"][mobile]["member"]["contact"]
    yield (
        "a phone that is not a number",
        True,
        _with_member(data, mobile, member={"contact": {**contact, "mobile": "06 12 34"}}),
    )
    emailed = next(
        i
        for i, m in enumerate(data["circle"]["memberships"])
        if (m["member"].get("contact") or {}).get("email")
    )
    contact = data["circle"]["memberships"][emailed]["member"]["contact"]
    yield (
        "an e-mail without @",
        True,
        _with_member(data, emailed, member={"contact": {**contact, "email": "p.cathala.example"}}),
    )
    yield (
        "a name with a control character",
        True,
        _with_member(data, 0, member={"family_name": "Du\x07rand"}),
    )
    left = next(
        i for i, m in enumerate(data["circle"]["memberships"]) if m["participations"][0]["end"]
    )
    period = data["circle"]["memberships"][left]["participations"][0]
    again = {**period, "end": None, "ended_by": None}  # comes back before having left
    yield (
        "overlapping participations",
        True,
        _with_member(data, left, participations=[period, again]),
    )


def _rpps_with_a_bad_key(data: Any) -> Any:
    """carecircle accepts an RPPS number failing its Luhn key (an advisory, not an error):
    the "same checks" families must accept it too.
    """
    at = _position(data, "directory_professional", "national_id")
    national_id = data["circle"]["memberships"][at]["member"]["national_id"]
    last = str((int(national_id[-1]) + 1) % 10)
    return _with_member(data, at, member={"national_id": national_id[:-1] + last})


def _refuses(read: Callable[[Any], object], data: Any) -> bool:
    try:
        read(data)
    except (CareCircleError, pydantic.ValidationError, msgspec.ValidationError):
        return True
    return False


def _carecircle_document(data: Any) -> object:
    """``from_document``'s default: the record rules too, codes against the catalogues."""
    document = {"schema": SCHEMA_VERSION, "type": "CoordinationRecord", "value": data}
    return from_document(document, CoordinationRecord)


def _refusals(inputs: Inputs) -> Iterator[str]:
    for what, field_level, data in _broken(inputs.data):
        if what == "an unknown profession":  # the code's membership: the record rules
            if not _refuses(_carecircle_document, data):
                yield f"carecircle from_document accepts {what}"
        elif not _refuses(lambda d: structure(d, CoordinationRecord), data):
            yield f"carecircle structure accepts {what}"
        rivals = (inputs.p_same, inputs.m_same) if field_level else inputs.rivals
        for rival in rivals:
            if not _refuses(rival.from_data, data):
                yield f"{rival.label} accepts {what}"
    bad_key = _rpps_with_a_bad_key(inputs.data)
    if _refuses(lambda d: structure(d, CoordinationRecord), bad_key):
        yield "carecircle refuses an RPPS with a bad key (the check below assumes it accepts)"
    for rival in (inputs.p_same, inputs.m_same):
        if _refuses(rival.from_data, bad_key):
            yield f"{rival.label} refuses an RPPS with a bad key, which carecircle accepts"


def _answers(fixture: Fixture, inputs: Inputs) -> Iterator[str]:
    matrix = plain_matrix(MATRIX)
    carecircle = from_json(inputs.carecircle_json, CoordinationRecord)
    plains = {r.label: plain_of(r.from_json(r.json), r.family, AT) for r in inputs.rivals}
    for principal in fixture.principals:
        asker = plain_principal(principal)
        for category in CATEGORIES:
            for action in ACTIONS:
                answers = {
                    "built": is_allowed(
                        fixture.record, principal, category, action, matrix=MATRIX, at=AT
                    ),
                    "carecircle": is_allowed(
                        carecircle, principal, category, action, matrix=MATRIX, at=AT
                    ),
                    **{
                        label: hand_allowed(plain, asker, category, action, matrix=matrix, at=AT)
                        for label, plain in plains.items()
                    },
                }
                if len(set(answers.values())) > 1:
                    yield f"{principal.label} {action} {category}: {answers}"


def check(fixture: Fixture, inputs: Inputs) -> int:
    """How many of the access questions are allowed; :class:`DisagreementError` otherwise."""
    wrong = [
        *_same_content(fixture.record, inputs),
        *_refusals(inputs),
        *_answers(fixture, inputs),
    ]
    if wrong:
        raise DisagreementError("\n  ".join(wrong[:20]))
    return sum(
        is_allowed(fixture.record, p, c, a, matrix=MATRIX, at=AT)
        for p in fixture.principals
        for c in CATEGORIES
        for a in ACTIONS
    )


# -- measuring --------------------------------------------------------------------------------

REPEATS: Final = 15
CALLS: Final = 100  # per loop and turn
IMPORTS: Final = 5

Loop = Callable[[], None]


def best_per_call(
    loops: Mapping[str, Loop], calls: int, repeats: int = REPEATS
) -> dict[str, float]:
    """The best time per call of each loop (:func:`_baseline.best_per_call`)."""
    return timed(loops, calls, repeats)


def _roundtrip(rival: Rival) -> Loop:
    record, model = rival.record, rival.family.record
    if rival.pydantic:

        def with_pydantic() -> None:
            for _ in range(CALLS):
                model.model_validate(record.model_dump(mode="json"))

        return with_pydantic

    def with_msgspec() -> None:
        for _ in range(CALLS):
            msgspec.convert(msgspec.to_builtins(record), model)

    return with_msgspec


def roundtrip_loops(record: CoordinationRecord, inputs: Inputs) -> dict[str, Loop]:
    def carecircle() -> None:
        for _ in range(CALLS):
            structure(unstructure(record), CoordinationRecord)

    return {"carecircle": carecircle, **{r.label: _roundtrip(r) for r in inputs.rivals}}


def _cold(rival: Rival, fixture: Fixture) -> Loop:
    asker, matrix = plain_principal(fixture.asker), plain_matrix(MATRIX)
    category, action = fixture.category, fixture.action
    text, model, family = rival.json, rival.family.record, rival.family
    if rival.pydantic:

        def with_pydantic() -> None:
            for _ in range(CALLS):
                plain = plain_of(model.model_validate_json(text), family, AT)
                hand_allowed(plain, asker, category, action, matrix=matrix, at=AT)

        return with_pydantic

    def with_msgspec() -> None:
        for _ in range(CALLS):
            plain = plain_of(msgspec.json.decode(text, type=model), family, AT)
            hand_allowed(plain, asker, category, action, matrix=matrix, at=AT)

    return with_msgspec


def cold_loops(fixture: Fixture, inputs: Inputs) -> dict[str, Loop]:
    principal, category, action = fixture.asker, fixture.category, fixture.action
    text = inputs.carecircle_json

    def carecircle() -> None:
        for _ in range(CALLS):
            record = from_json(text, CoordinationRecord)
            is_allowed(record, principal, category, action, matrix=MATRIX, at=AT)

    def carecircle_no_rules() -> None:
        for _ in range(CALLS):
            record = from_json(text, CoordinationRecord, check_rules=False)
            is_allowed(record, principal, category, action, matrix=MATRIX, at=AT)

    return {
        "carecircle": carecircle,
        "no rules": carecircle_no_rules,
        **{r.label: _cold(r, fixture) for r in inputs.rivals},
    }


def import_seconds(statement: str, *, cached: bool, repeats: int = IMPORTS) -> float:
    """The best time of ``statement`` in fresh interpreters, measured in the child.

    ``cached``: bytecode caches are written once first, in a directory of their own
    (``PYTHONPYCACHEPREFIX``), then read; otherwise none is found or written, so every
    module is compiled from source, as in a fresh checkout under ``PYTHONDONTWRITEBYTECODE``.
    """
    code = f"import time\n_t = time.perf_counter()\n{statement}\nprint(time.perf_counter() - _t)\n"
    with tempfile.TemporaryDirectory(prefix="carecircle-pycache-") as prefix:
        env = {**os.environ, "PYTHONPYCACHEPREFIX": prefix}
        if cached:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
        else:
            env["PYTHONDONTWRITEBYTECODE"] = "1"

        def run() -> float:
            done = subprocess.run(  # noqa: S603 -- our own interpreter and statement
                [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
            )
            return float(done.stdout)

        if cached:
            run()  # writes the caches
        return min(run() for _ in range(repeats))


# -- reporting --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line of the table: carecircle's time, the others', the ratio and the target."""

    label: str
    carecircle: float
    pydantic: float | None = None
    msgspec: float | None = None
    limit: float | None = None  # on the ratio to pydantic, or on the time when no pydantic
    unit: str = "µs"

    @property
    def figure(self) -> float:
        return self.carecircle if self.pydantic is None else self.carecircle / self.pydantic

    @property
    def passed(self) -> bool | None:
        return None if self.limit is None else self.figure <= self.limit


def _time(seconds: float | None, unit: str) -> str:
    if seconds is None:
        return ""
    return f"{seconds * (1e6 if unit == 'µs' else 1e3):,.1f} {unit}"


def print_table(rows: Sequence[Row]) -> None:
    header = (
        f"{'measurement':<52} {'carecircle':>12} {'pydantic':>12} {'msgspec':>12} "
        f"{'÷ pydantic':>10} {'÷ msgspec':>10} {'target':>12}  result"
    )
    print(f"{header}\n{'-' * len(header)}")
    for row in rows:
        versus_p = "" if row.pydantic is None else f"{row.carecircle / row.pydantic:.2f}×"
        versus_m = "" if row.msgspec is None else f"{row.carecircle / row.msgspec:.2f}×"
        if row.limit is None:
            target = ""
        elif row.pydantic is None:
            target = f"≤ {_time(row.limit, row.unit)}"
        else:
            target = f"≤ {row.limit:g}× pyd."
        verdict = {None: "", True: "PASS", False: "MISS"}[row.passed]
        print(
            f"{row.label:<52} {_time(row.carecircle, row.unit):>12} "
            f"{_time(row.pydantic, row.unit):>12} {_time(row.msgspec, row.unit):>12} "
            f"{versus_p:>10} {versus_m:>10} {target:>12}  {verdict}".rstrip()
        )


# -- the run ----------------------------------------------------------------------------------

MAX_ROUNDTRIP: Final = 1.0  # × pydantic
MAX_COLD: Final = 1.5  # × pydantic
MAX_IMPORT: Final = 0.100  # seconds


def measure(fixture: Fixture, inputs: Inputs) -> list[Row]:
    trip = best_per_call(roundtrip_loops(fixture.record, inputs), CALLS)
    cold = best_per_call(cold_loops(fixture, inputs), CALLS)
    imported = import_seconds("import carecircle", cached=True)
    everything = import_seconds("from carecircle import *", cached=True)
    uncached = import_seconds("import carecircle", cached=False, repeats=3)
    same = inputs.p_same.label, inputs.m_same.label
    light = inputs.p_light.label, inputs.m_light.label
    return [
        Row(
            "(i) unstructure + structure, same checks",
            trip["carecircle"],
            trip[same[0]],
            trip[same[1]],
            MAX_ROUNDTRIP,
        ),
        Row(
            "(info) (i) vs instants and codes only",
            trip["carecircle"],
            trip[light[0]],
            trip[light[1]],
        ),
        Row(
            "(ii) JSON → record → is_allowed, same checks",
            cold["carecircle"],
            cold[same[0]],
            cold[same[1]],
            MAX_COLD,
        ),
        Row(
            "(info) (ii), carecircle with check_rules=False",
            cold["no rules"],
            cold[same[0]],
            cold[same[1]],
        ),
        Row(
            "(info) (ii) vs instants and codes only",
            cold["carecircle"],
            cold[light[0]],
            cold[light[1]],
        ),
        Row("(iii) import carecircle, fresh interpreter", imported, limit=MAX_IMPORT, unit="ms"),
        Row("(info) from carecircle import * (every name)", everything, unit="ms"),
        Row("(info) import carecircle, no bytecode cache", uncached, unit="ms"),
    ]


def run() -> int:
    fixture = build_fixture()
    inputs = Inputs.of(fixture.record)
    allowed = check(fixture, inputs)
    questions = len(fixture.principals) * len(CATEGORIES) * len(ACTIONS)
    print(
        f"carecircle serialization benchmark: a record of {len(fixture.record.circle)} members, "
        f"{len(inputs.carecircle_json):,} bytes of carecircle JSON "
        f"({len(inputs.p_same.json):,} pydantic, {len(inputs.m_same.json):,} msgspec)\n"
        '  rivals: "same checks" models run carecircle\'s own field checks and invariants; '
        '"instants and codes\n  only" models check aware instants and codes against the '
        "catalogues, nothing else\n"
        "  checked: the same content in every library; each refuses a naive instant, an unknown "
        'member kind\n  and an unknown profession code; carecircle and the "same checks" '
        "models refuse a phone that is\n  not a number, an e-mail without @, a name with a "
        "control character, overlapping participations,\n  and accept an RPPS number with a "
        f"bad key; the same answer to the {questions} access questions ({allowed} allowed)\n"
        f"  pydantic {pydantic.VERSION}, msgspec {msgspec.__version__}, "
        f"Python {sys.version.split()[0]}; best of {REPEATS} turns of {CALLS} calls, "
        f"imports best of {IMPORTS}\n"
    )
    rows = measure(fixture, inputs)
    print_table(rows)
    missed = [r.label for r in rows if r.passed is False]
    print(f"\n{len(missed)} target(s) missed" if missed else "\nevery target met")
    return 1 if missed else 0


def main() -> int:
    try:
        return run()
    except DisagreementError as disagreement:
        print(f"ABORTED, the implementations disagree:\n  {disagreement}")
        return 3


if __name__ == "__main__":
    sys.exit(main())
