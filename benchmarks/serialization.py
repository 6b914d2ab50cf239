"""Serialization benchmark: carecircle's documents against pydantic v2 and msgspec (issue 11).

One record of 12 members, built with the library's operations from the sample directory
(``carecircle.testing.sample``): seven directory professionals (one the médecin traitant, one
refused by the patient, one habilitated for two months, one who has left, one not habilitated),
a manual professional, two related persons (the aidant principal and personne de confiance; a
son who is représentant légal with a tutelle), a legal-entity directory structure with two
delegates, and a manual structure. pydantic and msgspec read the same content through
equivalent models (see the README): the document's shape, ids as strings, tuples, members as a
union tagged by ``kind``, aware instants required and converted to UTC, every code checked
against the same set of allowed codes (the profession and role catalogues, TRE_R216/R217,
TRE_R66 and the protection measures).

In one run it measures:

(i)   unstructure + structure of the record: ``carecircle.serialization.unstructure`` then
      ``structure``, against pydantic's ``model_dump(mode="json")`` then ``model_validate`` and
      msgspec's ``to_builtins`` then ``convert``; target ≤ 1.0 × pydantic;
(ii)  the cold path a service pays per request, JSON bytes → record → first access decision:
      ``carecircle.serialization.from_json`` then ``carecircle.access.is_allowed`` on the new
      record (so no memo is warm), against pydantic's ``model_validate_json`` (msgspec's
      ``json.decode``) then the hand-written rule of ``_baseline.py`` over the plain dicts
      built from the model; target ≤ 1.5 × pydantic;
(iii) ``import carecircle`` in a fresh interpreter (bytecode caches written beforehand), best
      of 5; target ≤ 100 ms;

and, for information only, (ii) with ``from_json(..., check_rules_at=...)`` (carecircle then
also checks the codes against the catalogues, and R5, R7, R8), the import of every public
name, and ``import carecircle`` with no bytecode cache.

Before timing anything it checks that the three libraries hold the same content (each one's
plain data equals carecircle's document value), that each refuses a naive instant, an unknown
member kind and an unknown profession code, and that the three access paths give the same
answer for every principal, category and action; if not, it prints what differs and exits 3.
Exit status: 0 when every target is met, 1 when one is missed, 2 when pydantic or msgspec is
not installed, 3 when two implementations disagree.

Run it from a virtualenv with the ``bench`` extra::

    pip install -e '.[bench]'
    python benchmarks/serialization.py
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Final, Literal

try:
    import msgspec
    import pydantic
except ImportError:
    print("pydantic and msgspec are the bench extra: pip install -e '.[bench]'")
    sys.exit(2)

from _baseline import PlainMember, PlainRecord, hand_allowed, plain_matrix, plain_principal

from carecircle import operations
from carecircle.access import EXAMPLE_MATRIX, Action, Category, HabilitationMatrix, is_allowed
from carecircle.errors import CareCircleError
from carecircle.identifiers.ins import OIDS
from carecircle.model import (
    Address,
    Collection,
    Contact,
    CoordinationRecord,
    ManualProfessional,
    ManualStructure,
    Member,
    Patient,
    Principal,
    RelatedPerson,
    Statement,
)
from carecircle.nomenclatures import code_system, protection, relationships
from carecircle.nomenclatures import professions as ans
from carecircle.professions import DEFAULT_PROFESSIONS
from carecircle.roles import AIDANT_PRINCIPAL, DEFAULT_ROLES, PCP, PERSONNE_DE_CONFIANCE
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

    record = operations.create_record(
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
        record = operations.add_member(record, member, actor=actor, at=at(), **kw).record

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
    record = operations.record_refusal(record, "M4", statement=said, actor=actor, at=at()).record
    record = operations.end_participation(record, "M7", actor=actor, at=at()).record
    delegated = frozenset({structure_entry.national_id})
    principals = (
        *(Principal.from_entry(p) for p in (people[0], people[3], people[4], people[7])),
        *(Principal.from_entry(p) for p in (people[16], people[12])),  # left; a stranger
        *(Principal.from_entry(p, delegated_by=delegated) for p in (people[1], people[6])),
    )
    return Fixture(record, principals, principals[-2], Category.MEDICAL, Action.READ)


# -- the codes every model checks ------------------------------------------------------------


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


def _allowed(allowed: frozenset[str], what: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"not an allowed {what}")
        return value

    return check


def _to_utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC)


# -- pydantic ---------------------------------------------------------------------------------

PInstant = Annotated[pydantic.AwareDatetime, pydantic.AfterValidator(_to_utc)]
PProfession = Annotated[str, pydantic.AfterValidator(_allowed(PROFESSION_CODES, "profession"))]
PRole = Annotated[str, pydantic.AfterValidator(_allowed(ROLE_CODES, "role"))]
PRelationship = Annotated[
    str, pydantic.AfterValidator(_allowed(RELATIONSHIP_CODES, "relationship"))
]
PCategory = Annotated[str, pydantic.AfterValidator(_allowed(CATEGORY_CODES, "category"))]
PProtection = Annotated[str, pydantic.AfterValidator(_allowed(PROTECTION_CODES, "measure"))]
POid = Annotated[str, pydantic.AfterValidator(_allowed(INS_OIDS, "INS OID"))]


class PModel(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(frozen=True, extra="forbid")


class PAddress(PModel):
    line: str | None
    city: str | None
    postal_code: str | None


class PContact(PModel):
    email: str | None
    landline: str | None
    mobile: str | None
    address: PAddress | None


class PPassAccount(PModel):
    id: str
    state: Literal["active", "suspended", "closed"]


class PDirectoryProfessional(PModel):
    kind: Literal["directory_professional"]
    national_id: str | None
    account: PPassAccount | None
    profession: PProfession | None
    family_name: str
    given_name: str
    contact: PContact
    structure: str


class PManualProfessional(PModel):
    kind: Literal["manual_professional"]
    family_name: str
    given_name: str
    profession: PProfession | None
    contact: PContact


class PRelatedPerson(PModel):
    kind: Literal["related_person"]
    family_name: str
    given_name: str
    contact: PContact
    unlisted: bool
    relationship: PRelationship | None


class PDirectoryStructure(PModel):
    kind: Literal["directory_structure"]
    national_id: str
    finess: str | None
    siret: str | None
    name: str
    category: PCategory | None
    address: PAddress | None
    legal_entity: bool
    delegates: tuple[str, ...]


class PManualStructure(PModel):
    kind: Literal["manual_structure"]
    name: str
    acronym: str
    finess: str | None
    siret: str | None
    siren: str | None
    person_in_charge: str
    contact: PContact


PMember = Annotated[
    PDirectoryProfessional
    | PManualProfessional
    | PRelatedPerson
    | PDirectoryStructure
    | PManualStructure,
    pydantic.Field(discriminator="kind"),
]


class PParticipation(PModel):
    start: PInstant
    end: PInstant | None
    added_by: str
    ended_by: str | None


class PStatement(PModel):
    expressed_by: str
    expressed_at: PInstant
    collected: Literal["oral", "written", "electronic"] | None


class PLifting(PModel):
    statement: PStatement
    recorded_by: str
    recorded_at: PInstant


class PRefusal(PModel):
    refusal_id: str
    statement: PStatement
    recorded_by: str
    recorded_at: PInstant
    categories: tuple[str, ...]
    lifted: PLifting | None


class PEnteredInError(PModel):
    at: PInstant
    by: str
    reason: str


class PMembership(PModel):
    member_id: str
    member: PMember
    roles: tuple[PRole, ...]
    description: str
    legal_protection: PProtection | None
    habilitated: bool
    habilitation_ends: PInstant | None
    refusals: tuple[PRefusal, ...]
    participations: tuple[PParticipation, ...]
    entered_in_error: PEnteredInError | None


class PCareCircle(PModel):
    memberships: tuple[PMembership, ...]


class PIns(PModel):
    value: str
    oid: POid


class PPatient(PModel):
    patient_id: str
    family_name: str
    given_name: str
    birth_date: dt.date | None
    ins: PIns | None


class PStatusChange(PModel):
    status: Literal["proposed", "active", "suspended", "inactive", "entered-in-error"]
    at: PInstant
    by: str
    reason: str


class PEmergencyAccess(PModel):
    access_id: str
    account: str
    national_id: str | None
    reason: str
    starts: PInstant
    ends: PInstant


class PRecord(PModel):
    record_id: str
    patient: PPatient
    circle: PCareCircle
    created_by: str
    created_at: PInstant
    updated_at: PInstant
    version: int
    status_history: tuple[PStatusChange, ...]
    emergency_accesses: tuple[PEmergencyAccess, ...]


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


class MModel(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    pass


class MAddress(MModel, frozen=True):
    line: str | None
    city: str | None
    postal_code: str | None


class MContact(MModel, frozen=True):
    email: str | None
    landline: str | None
    mobile: str | None
    address: MAddress | None


class MPassAccount(MModel, frozen=True):
    id: str
    state: Literal["active", "suspended", "closed"]


class MDirectoryProfessional(MModel, frozen=True, tag_field="kind", tag="directory_professional"):
    national_id: str | None
    account: MPassAccount | None
    profession: str | None
    family_name: str
    given_name: str
    contact: MContact
    structure: str

    def __post_init__(self) -> None:
        _in(self.profession, PROFESSION_CODES, "profession")


class MManualProfessional(MModel, frozen=True, tag_field="kind", tag="manual_professional"):
    family_name: str
    given_name: str
    profession: str | None
    contact: MContact

    def __post_init__(self) -> None:
        _in(self.profession, PROFESSION_CODES, "profession")


class MRelatedPerson(MModel, frozen=True, tag_field="kind", tag="related_person"):
    family_name: str
    given_name: str
    contact: MContact
    unlisted: bool
    relationship: str | None

    def __post_init__(self) -> None:
        _in(self.relationship, RELATIONSHIP_CODES, "relationship")


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


class MManualStructure(MModel, frozen=True, tag_field="kind", tag="manual_structure"):
    name: str
    acronym: str
    finess: str | None
    siret: str | None
    siren: str | None
    person_in_charge: str
    contact: MContact


MMember = (
    MDirectoryProfessional
    | MManualProfessional
    | MRelatedPerson
    | MDirectoryStructure
    | MManualStructure
)


class MParticipation(MModel, frozen=True):
    start: MInstant
    end: MInstant | None
    added_by: str
    ended_by: str | None

    def __post_init__(self) -> None:
        _utc(self, "start", "end")


class MStatement(MModel, frozen=True):
    expressed_by: str
    expressed_at: MInstant
    collected: Literal["oral", "written", "electronic"] | None

    def __post_init__(self) -> None:
        _utc(self, "expressed_at")


class MLifting(MModel, frozen=True):
    statement: MStatement
    recorded_by: str
    recorded_at: MInstant

    def __post_init__(self) -> None:
        _utc(self, "recorded_at")


class MRefusal(MModel, frozen=True):
    refusal_id: str
    statement: MStatement
    recorded_by: str
    recorded_at: MInstant
    categories: tuple[str, ...]
    lifted: MLifting | None

    def __post_init__(self) -> None:
        _utc(self, "recorded_at")


class MEnteredInError(MModel, frozen=True):
    at: MInstant
    by: str
    reason: str

    def __post_init__(self) -> None:
        _utc(self, "at")


class MMembership(MModel, frozen=True):
    member_id: str
    member: MMember
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


class MCareCircle(MModel, frozen=True):
    memberships: tuple[MMembership, ...]


class MIns(MModel, frozen=True):
    value: str
    oid: str

    def __post_init__(self) -> None:
        _in(self.oid, INS_OIDS, "INS OID")


class MPatient(MModel, frozen=True):
    patient_id: str
    family_name: str
    given_name: str
    birth_date: dt.date | None
    ins: MIns | None


class MStatusChange(MModel, frozen=True):
    status: Literal["proposed", "active", "suspended", "inactive", "entered-in-error"]
    at: MInstant
    by: str
    reason: str

    def __post_init__(self) -> None:
        _utc(self, "at")


class MEmergencyAccess(MModel, frozen=True):
    access_id: str
    account: str
    national_id: str | None
    reason: str
    starts: MInstant
    ends: MInstant

    def __post_init__(self) -> None:
        _utc(self, "starts", "ends")


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


# -- the hand-written rule's dicts, from either model -------------------------------------------


def _refused(refusals: Sequence[PRefusal] | Sequence[MRefusal], at: dt.datetime) -> bool:
    """A refusal of the whole record stands at ``at`` (R4)."""
    for r in refusals:
        ends = None if r.lifted is None else r.lifted.recorded_at
        if not r.categories and r.recorded_at <= at and (ends is None or at < ends):
            return True
    return False


def plain_of(record: PRecord | MRecord, at: dt.datetime) -> PlainRecord:
    """The dicts ``hand_allowed`` reads, built from a model as a service would: directory
    professionals by account, directory structures by national id.
    """
    plain: PlainRecord = {"record_id": record.record_id, "members": {}, "structures": {}}
    for m in record.circle.memberships:
        member = m.member
        if m.entered_in_error is not None:
            continue
        if isinstance(member, PDirectoryProfessional | MDirectoryProfessional):
            if member.account is None:
                continue
            key, into, legal_entity = member.account.id, plain["members"], False
        elif isinstance(member, PDirectoryStructure | MDirectoryStructure):
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


# -- the inputs, and checking that the three libraries agree ----------------------------------


class DisagreementError(Exception):
    """Two implementations read or answered differently: no figure would mean anything."""


@dataclass(frozen=True)
class Inputs:
    """The record as each library holds it and writes it."""

    data: Any  # carecircle's plain data (the document's value)
    pydantic_record: PRecord
    msgspec_record: MRecord
    carecircle_json: bytes
    pydantic_json: bytes
    msgspec_json: bytes

    @classmethod
    def of(cls, record: CoordinationRecord) -> Inputs:
        data = unstructure(record)
        p = PRecord.model_validate(data)
        m = msgspec.convert(data, MRecord)
        return cls(
            data=data,
            pydantic_record=p,
            msgspec_record=m,
            carecircle_json=to_json(record).encode(),
            pydantic_json=p.model_dump_json().encode(),
            msgspec_json=msgspec.json.encode(m),
        )


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
    if inputs.pydantic_record.model_dump(mode="json") != inputs.data:
        yield "pydantic: its plain data is not carecircle's document value"
    if PRecord.model_validate_json(inputs.pydantic_json) != inputs.pydantic_record:
        yield "pydantic: model_validate_json(model_dump_json()) is another record"
    if _as_lists(msgspec.to_builtins(inputs.msgspec_record)) != inputs.data:
        yield "msgspec: its plain data is not carecircle's document value"
    if msgspec.json.decode(inputs.msgspec_json, type=MRecord) != inputs.msgspec_record:
        yield "msgspec: decode(encode()) is another record"


def _broken(data: Any) -> Iterator[tuple[str, Any]]:
    """Documents each library must refuse: what is wrong, the value."""
    first = data["circle"]["memberships"][0]

    def member_with(**changes: Any) -> Any:
        member = {**first, **changes}
        return {**data, "circle": {"memberships": [member, *data["circle"]["memberships"][1:]]}}

    naive = [{**first["participations"][0], "start": "2026-11-02T09:00:00"}]
    yield "a naive instant", member_with(participations=naive)
    yield "an unknown member kind", member_with(member={**first["member"], "kind": "robot"})
    yield "an unknown profession", member_with(member={**first["member"], "profession": "X|1"})


def _refuses(read: Callable[[Any], object], data: Any) -> bool:
    try:
        read(data)
    except (CareCircleError, pydantic.ValidationError, msgspec.ValidationError):
        return True
    return False


def _carecircle_checked(data: Any) -> object:
    """carecircle checks codes against the catalogues with the record rules (R11)."""
    document = {"schema": SCHEMA_VERSION, "type": "CoordinationRecord", "value": data}
    return from_document(document, CoordinationRecord, check_rules_at=AT)


def _lax_refusals(inputs: Inputs) -> Iterator[str]:
    readers: dict[str, Callable[[Any], object]] = {
        "carecircle": lambda data: structure(data, CoordinationRecord),
        "pydantic": PRecord.model_validate,
        "msgspec": lambda data: msgspec.convert(data, MRecord),
    }
    for what, data in _broken(inputs.data):
        for name, read in readers.items():
            if what == "an unknown profession" and name == "carecircle":
                read = _carecircle_checked  # noqa: PLW2901 -- the one reader that checks codes
            if not _refuses(read, data):
                yield f"{name} accepts {what}"


def _answers(fixture: Fixture, inputs: Inputs) -> Iterator[str]:
    matrix = plain_matrix(MATRIX)
    carecircle = from_json(inputs.carecircle_json, CoordinationRecord)
    p = plain_of(PRecord.model_validate_json(inputs.pydantic_json), AT)
    m = plain_of(msgspec.json.decode(inputs.msgspec_json, type=MRecord), AT)
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
                    "pydantic": hand_allowed(p, asker, category, action, matrix=matrix, at=AT),
                    "msgspec": hand_allowed(m, asker, category, action, matrix=matrix, at=AT),
                }
                if len(set(answers.values())) > 1:
                    yield f"{principal.label} {action} {category}: {answers}"


def check(fixture: Fixture, inputs: Inputs) -> int:
    """How many of the access questions are allowed; :class:`DisagreementError` otherwise."""
    wrong = [
        *_same_content(fixture.record, inputs),
        *_lax_refusals(inputs),
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
    """The best time per call, in seconds, of each loop making ``calls`` calls; the loops take
    turns, the garbage collector paused while timing (as ``benchmarks/access.py`` does).
    """
    best = dict.fromkeys(loops, float("inf"))
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeats):
            for name, loop in loops.items():
                start = time.perf_counter()
                loop()
                best[name] = min(best[name], time.perf_counter() - start)
    finally:
        gc.enable()
    return {name: seconds / calls for name, seconds in best.items()}


def roundtrip_loops(record: CoordinationRecord, inputs: Inputs) -> dict[str, Loop]:
    p, m = inputs.pydantic_record, inputs.msgspec_record

    def carecircle() -> None:
        for _ in range(CALLS):
            structure(unstructure(record), CoordinationRecord)

    def with_pydantic() -> None:
        for _ in range(CALLS):
            PRecord.model_validate(p.model_dump(mode="json"))

    def with_msgspec() -> None:
        for _ in range(CALLS):
            msgspec.convert(msgspec.to_builtins(m), MRecord)

    return {"carecircle": carecircle, "pydantic": with_pydantic, "msgspec": with_msgspec}


def cold_loops(fixture: Fixture, inputs: Inputs) -> dict[str, Loop]:
    principal, category, action = fixture.asker, fixture.category, fixture.action
    asker, matrix = plain_principal(principal), plain_matrix(MATRIX)
    cc_json, p_json, m_json = inputs.carecircle_json, inputs.pydantic_json, inputs.msgspec_json

    def carecircle() -> None:
        for _ in range(CALLS):
            record = from_json(cc_json, CoordinationRecord)
            is_allowed(record, principal, category, action, matrix=MATRIX, at=AT)

    def carecircle_rules() -> None:
        for _ in range(CALLS):
            record = from_json(cc_json, CoordinationRecord, check_rules_at=AT)
            is_allowed(record, principal, category, action, matrix=MATRIX, at=AT)

    def with_pydantic() -> None:
        for _ in range(CALLS):
            plain = plain_of(PRecord.model_validate_json(p_json), AT)
            hand_allowed(plain, asker, category, action, matrix=matrix, at=AT)

    def with_msgspec() -> None:
        for _ in range(CALLS):
            plain = plain_of(msgspec.json.decode(m_json, type=MRecord), AT)
            hand_allowed(plain, asker, category, action, matrix=matrix, at=AT)

    return {
        "carecircle": carecircle,
        "rules": carecircle_rules,
        "pydantic": with_pydantic,
        "msgspec": with_msgspec,
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
    return [
        Row(
            "(i) unstructure + structure, 12 members",
            trip["carecircle"],
            trip["pydantic"],
            trip["msgspec"],
            MAX_ROUNDTRIP,
        ),
        Row(
            "(ii) JSON bytes → record → first is_allowed",
            cold["carecircle"],
            cold["pydantic"],
            cold["msgspec"],
            MAX_COLD,
        ),
        Row(
            "(info) (ii) with from_json(check_rules_at=…)",
            cold["rules"],
            cold["pydantic"],
            cold["msgspec"],
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
        f"({len(inputs.pydantic_json):,} pydantic, {len(inputs.msgspec_json):,} msgspec)\n"
        f"  checked: the same content in the three libraries; each refuses a naive instant, an "
        f"unknown member kind\n  and an unknown profession code; the same answer to the "
        f"{questions} access questions ({allowed} allowed)\n"
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
