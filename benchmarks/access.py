"""Access benchmark: the library's access checks against a hand-written rule and casbin.

One deterministic workload (seeded ``random.Random``): 10,000 records whose circles have 6–18
members (70 % directory professionals, 10 % manual professionals, 15 % related persons, 5 %
directory structures, half of them legal entities with 3 delegates each); 20 % of the
professional members and 50 % of the structure members habilitated (some only until an instant
already past), 3 % refused (R4), some participations ended; a random habilitation matrix of 30
professions × 4 categories; 20,000 queries (principal, record, category, action), about a fifth
of them allowed. In one run it measures the time per call of:

(a) a hand-written rule over plain dicts (R2–R4 and the matrix, as one would write it by hand);
(b) :func:`carecircle.is_allowed`;
(c) :func:`carecircle.decide`, which builds every reason;
(d) casbin's ``FastEnforcer.enforce`` over the grants precomputed from the library's answers;
(e) listings: the active file (``ActiveFileIndex.for_principal``) and who can access a record
    (``ActiveFileIndex.who_can_access``) against casbin's ``get_filtered_policy``;
(f) ``is_allowed`` on circles of 10, 100 and 1,000 members;

and, for information only (no target), ``is_allowed``'s first call on a freshly built copy of a
record, before anything the library derives from a circle exists: (b) is timed on records
already asked about, as the answers are checked first.

Every answer of (a)–(d) is checked on the 20,000 queries before anything is timed, and the
listings against casbin's; a disagreement aborts the run. Each loop runs several times, taking
turns with the loops it is compared with, and keeps its best time. The table gives each figure
as a ratio to (a) and beside its target. Exit status: 0 when every target is met, 1 when one is
missed, 2 when casbin is not installed, 3 when two implementations disagree.

Run it from a virtualenv with the ``bench`` extra::

    pip install -e '.[bench]'
    python benchmarks/access.py
"""

from __future__ import annotations

import datetime as dt
import enum
import importlib
import random
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Final, TypeVar

import attrs
from _baseline import (
    PlainMatrix,
    PlainMember,
    PlainPrincipal,
    PlainRecord,
    hand_allowed,
    plain_matrix,
    plain_principal,
)
from _baseline import best_per_call as timed

from carecircle import (
    AccountState,
    Action,
    ActiveFileIndex,
    CareCircle,
    Category,
    Code,
    CoordinationRecord,
    DirectoryProfessional,
    DirectoryStructure,
    HabilitationMatrix,
    Level,
    ManualProfessional,
    Member,
    Membership,
    Participation,
    PassAccount,
    Patient,
    Principal,
    Refusal,
    RelatedPerson,
    Statement,
    decide,
    is_allowed,
)
from carecircle.nomenclatures.professions import all_professions

T = TypeVar("T")

# -- the workload -----------------------------------------------------------------------------

SEED: Final = 20_261_102
RECORDS: Final = 10_000
QUERIES: Final = 20_000
PROFESSIONALS: Final = 20_000  # the directory's professionals, each with a PASS account
STRUCTURES: Final = 1_500  # the directory's structures, half of them legal entities
PROFESSIONS: Final = 30
DELEGATES: Final = 3  # per legal-entity structure
CIRCLE_SIZES: Final = (6, 18)
#: The one instant every query asks about; the data lies around it.
AT: Final = dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC)
CREATED_AT: Final = AT - dt.timedelta(days=800)
ADDED_BY: Final = "pass:1"

CATEGORIES: Final = tuple(Category)
ACTIONS: Final = tuple(Action)


class Kind(enum.Enum):
    """The kinds of member the workload draws."""

    DIRECTORY_PROFESSIONAL = enum.auto()
    MANUAL_PROFESSIONAL = enum.auto()
    RELATED_PERSON = enum.auto()
    DIRECTORY_STRUCTURE = enum.auto()


KIND_WEIGHTS: Final = {
    Kind.DIRECTORY_PROFESSIONAL: 70,
    Kind.MANUAL_PROFESSIONAL: 10,
    Kind.RELATED_PERSON: 15,
    Kind.DIRECTORY_STRUCTURE: 5,
}
HABILITATED: Final = {Kind.DIRECTORY_PROFESSIONAL: 0.20, Kind.DIRECTORY_STRUCTURE: 0.50}
REFUSED: Final = 0.03
ENDED: Final = 0.10  # participations that ended before AT
REJOINED: Final = 0.04  # left, then came back (two periods, the second open)
FORMER: Final = 0.03  # a professional slot holding an earlier, ended membership of another one
REFUSED_LEFT: Final = 0.5  # refused members whose participation has ended since
STAFF: Final = 0.5  # legal-entity structures one of whose delegates is a member as themselves
STALE: Final = 0.10  # legal entities recorded in a circle when they were not one yet
HABILITATION_EXPIRED: Final = 0.10  # habilitations whose end is at or before AT
HABILITATION_LIMITED: Final = 0.10  # habilitations that end after AT
SUSPENDED: Final = 0.03  # principals whose account is suspended
CLOSED: Final = 0.01  # principals whose account is closed
LEVEL_WEIGHTS: Final = {Level.NONE: 3, Level.READ: 4, Level.WRITE: 3}


class Ask(enum.Enum):
    """Who asks, in a query."""

    HABILITATED_MEMBER = enum.auto()  # a directory professional of the circle, habilitated
    MEMBER = enum.auto()  # any directory professional of the circle
    DELEGATE = enum.auto()  # a delegate of a legal-entity structure of the circle
    STRANGER = enum.auto()  # anyone from the directory


#: Tuned so that about a fifth of the queries are allowed.
ASK_WEIGHTS: Final = {
    Ask.HABILITATED_MEMBER: 45,
    Ask.MEMBER: 20,
    Ask.DELEGATE: 20,
    Ask.STRANGER: 15,
}

# -- the measurements -------------------------------------------------------------------------

REPEATS: Final = 7
SHORT_REPEATS: Final = 21  # loops of a few milliseconds: more turns to find a quiet one
CASBIN_REPEATS: Final = 3
LISTINGS: Final = 200  # library listing queries of each kind
CASBIN_LISTINGS: Final = 20  # casbin filtered queries of each kind
SCALING_SIZES: Final = (10, 100, 1_000)
SCALING_MEMBERS: Final = 10_000  # members per size: 1,000 circles of 10 … 10 of 1,000
SCALING_QUERIES: Final = 10_000
COLD_RECORDS: Final = 2_000  # fresh records asked once each, for the informational cold row

MAX_IS_ALLOWED: Final = 1.5  # × (a)
MAX_DECIDE: Final = 2.0  # × (a)
MIN_CASBIN: Final = 40.0  # × (b)
MIN_LISTINGS: Final = 1_000.0  # casbin's filtered query ÷ the library's listing
MAX_SCALING: Final = 1.3  # slowest ÷ fastest per-call time over the circle sizes

CASBIN_MODEL: Final = """
[request_definition]
r = sub, obj, cat, act

[policy_definition]
p = sub, obj, cat, act

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = r.sub == p.sub && r.obj == p.obj && r.cat == p.cat && r.act == p.act
"""
#: FastEnforcer indexes its policy by (subject, object): an enforce reads one pair's rows.
CACHE_KEY_ORDER: Final = (0, 1)
INSTALL_HINT: Final = (
    "casbin is not installed; it is the 'bench' extra of carecircle:\n    pip install -e '.[bench]'"
)


# -- the directory and the records ------------------------------------------------------------


@dataclass(frozen=True)
class Directory:
    """What the regional directory knows: professionals, structures and their principals."""

    professions: tuple[Code, ...]
    professionals: tuple[DirectoryProfessional, ...]
    by_account: dict[str, DirectoryProfessional]
    structures: tuple[DirectoryStructure, ...]
    principals: dict[str, Principal]  # by PASS account
    manual: tuple[ManualProfessional, ...]
    related: tuple[RelatedPerson, ...]


def build_matrix(rng: random.Random, professions: Sequence[Code]) -> HabilitationMatrix:
    levels, weights = tuple(LEVEL_WEIGHTS), tuple(LEVEL_WEIGHTS.values())
    grants = {
        p: {c.value: rng.choices(levels, weights)[0] for c in CATEGORIES} for p in professions
    }
    return HabilitationMatrix(categories=tuple(c.value for c in CATEGORIES), grants=grants)


def _account_state(rng: random.Random) -> AccountState:
    draw = rng.random()
    if draw < CLOSED:
        return AccountState.CLOSED
    return AccountState.SUSPENDED if draw < CLOSED + SUSPENDED else AccountState.ACTIVE


def _professional(rng: random.Random, n: int, professions: Sequence[Code]) -> DirectoryProfessional:
    return DirectoryProfessional(
        national_id=f"8{n:011d}",
        account=PassAccount(id=f"pass:{n}", state=_account_state(rng)),
        profession=rng.choice(professions),
        family_name=f"Pro{n}",
    )


def _structure(rng: random.Random, n: int, accounts: Sequence[str]) -> DirectoryStructure:
    legal_entity = n % 2 == 0
    delegates = frozenset(rng.sample(accounts, DELEGATES)) if legal_entity else frozenset()
    return DirectoryStructure(
        national_id=f"S{n}", name=f"Structure {n}", legal_entity=legal_entity, delegates=delegates
    )


def _principals(
    professionals: Iterable[DirectoryProfessional], structures: Iterable[DirectoryStructure]
) -> dict[str, Principal]:
    delegated_by: dict[str, set[str]] = {}
    for s in structures:
        for account in s.delegates:
            delegated_by.setdefault(account, set()).add(s.national_id)
    principals = {}
    for entry in professionals:
        account = entry.account.id if entry.account is not None else ""
        principals[account] = Principal.from_entry(
            entry, delegated_by=frozenset(delegated_by.get(account, ()))
        )
    return principals


def build_directory(rng: random.Random) -> Directory:
    professions = tuple(rng.sample(all_professions(), PROFESSIONS))
    professionals = tuple(_professional(rng, n, professions) for n in range(1, PROFESSIONALS + 1))
    accounts = [p.account.id for p in professionals if p.account is not None]
    structures = tuple(_structure(rng, n, accounts) for n in range(1, STRUCTURES + 1))
    return Directory(
        professions=professions,
        professionals=professionals,
        by_account={p.account.id: p for p in professionals if p.account is not None},
        structures=structures,
        principals=_principals(professionals, structures),
        manual=tuple(
            ManualProfessional(family_name=f"Manuel{n}", profession=rng.choice(professions))
            for n in range(100)
        ),
        related=tuple(RelatedPerson(family_name=f"Proche{n}") for n in range(100)),
    )


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def _periods(rng: random.Random, *, ended: bool) -> tuple[Participation, ...]:
    """One open period, one that ended at or before AT, or an ended one and an open one."""
    ago = rng.randint(20, 700)
    start = AT - _days(ago)
    draw = rng.random()
    if ended or draw < ENDED:
        end = AT - _days(rng.randint(0, ago - 1))
        return (Participation(start=start, end=end, added_by=ADDED_BY),)
    if draw < ENDED + REJOINED:
        left = rng.randint(2, ago - 1)
        back = AT - _days(rng.randint(1, left - 1))
        return (
            Participation(start=start, end=AT - _days(left), added_by=ADDED_BY),
            Participation(start=back, added_by=ADDED_BY),
        )
    return (Participation(start=start, added_by=ADDED_BY),)


def _habilitation_ends(rng: random.Random) -> dt.datetime | None:
    draw = rng.random()
    if draw < HABILITATION_EXPIRED:
        return AT - _days(rng.randint(0, 60))  # at AT itself, it has just expired
    if draw < HABILITATION_EXPIRED + HABILITATION_LIMITED:
        return AT + _days(rng.randint(1, 60))
    return None


def _membership(
    rng: random.Random, member_id: str, member: Member, kind: Kind, *, former: bool = False
) -> Membership:
    habilitable = kind in HABILITATED
    habilitated = habilitable and rng.random() < HABILITATED[kind]
    refused = habilitable and rng.random() < REFUSED
    # A refusal outlives the member's leaving (R4): some refused members have left since.
    ended = former or (refused and rng.random() < REFUSED_LEFT)
    ends = _habilitation_ends(rng) if habilitated else None
    periods = _periods(rng, ended=ended)
    # The patient refused when the member joined: the refusal stands at AT (R4).
    joined = periods[0].start
    refusals = (
        (
            Refusal(
                refusal_id="R1",
                statement=Statement(expressed_at=joined),
                recorded_by=ADDED_BY,
                recorded_at=joined,
            ),
        )
        if refused
        else ()
    )
    return Membership(
        member_id=member_id,
        member=member,
        habilitated=habilitated,
        habilitation_ends=ends,
        refusals=refusals,
        participations=periods,
    )


def _as_recorded(rng: random.Random, structure: DirectoryStructure) -> DirectoryStructure:
    """The structure as the circle recorded it: a few legal entities were not one back then."""
    if structure.legal_entity and rng.random() < STALE:
        return attrs.evolve(structure, legal_entity=False)
    return structure


def _with_staff(
    rng: random.Random,
    directory: Directory,
    professionals: list[DirectoryProfessional],
    structures: Iterable[DirectoryStructure],
) -> None:
    """Put some delegates of the circle's legal entities in it as members of their own."""
    for structure in structures:
        if professionals and structure.delegates and rng.random() < STAFF:
            staff = directory.by_account[rng.choice(sorted(structure.delegates))]
            if staff not in professionals:
                professionals[rng.randrange(len(professionals))] = staff


def _memberships(
    rng: random.Random, directory: Directory, kinds: Sequence[Kind]
) -> Iterable[Membership]:
    professionals = rng.sample(directory.professionals, kinds.count(Kind.DIRECTORY_PROFESSIONAL))
    structures = rng.sample(directory.structures, kinds.count(Kind.DIRECTORY_STRUCTURE))
    _with_staff(rng, directory, professionals, structures)
    placed: list[DirectoryProfessional] = []
    for number, kind in enumerate(kinds, start=1):
        member_id = f"M{number}"
        if kind is Kind.DIRECTORY_PROFESSIONAL:
            former = bool(placed) and rng.random() < FORMER
            # A former membership of someone already placed: at most one of theirs is active.
            entry = rng.choice(placed) if former else professionals.pop()
            placed.append(entry)
            yield _membership(rng, member_id, entry, kind, former=former)
        elif kind is Kind.DIRECTORY_STRUCTURE:
            yield _membership(rng, member_id, _as_recorded(rng, structures.pop()), kind)
        elif kind is Kind.MANUAL_PROFESSIONAL:
            yield _membership(rng, member_id, rng.choice(directory.manual), kind)
        else:
            yield _membership(rng, member_id, rng.choice(directory.related), kind)


def build_record(
    rng: random.Random, directory: Directory, number: int, size: int
) -> CoordinationRecord:
    kinds = rng.choices(tuple(KIND_WEIGHTS), tuple(KIND_WEIGHTS.values()), k=size)
    return CoordinationRecord(
        record_id=f"DC-{number}",
        patient=Patient(patient_id=f"P-{number}", family_name="Martin", given_name="Louise"),
        circle=CareCircle(memberships=tuple(_memberships(rng, directory, kinds))),
        created_by=ADDED_BY,
        created_at=CREATED_AT,
        updated_at=AT,
    )


def build_records(
    rng: random.Random, directory: Directory, count: int, sizes: tuple[int, int]
) -> list[CoordinationRecord]:
    return [build_record(rng, directory, n, rng.randint(*sizes)) for n in range(1, count + 1)]


# -- the queries ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    record: CoordinationRecord
    principal: Principal
    category: Category
    action: Action


def professionals_of(record: CoordinationRecord) -> list[tuple[Membership, str]]:
    """The directory professionals' memberships of the circle, with their accounts."""
    return [
        (m, m.member.account.id)
        for m in record.circle
        if isinstance(m.member, DirectoryProfessional) and m.member.account is not None
    ]


def delegates_of(record: CoordinationRecord) -> list[str]:
    """The accounts of the delegates of the circle's directory structures."""
    return [
        account
        for m in record.circle
        if isinstance(m.member, DirectoryStructure)
        for account in sorted(m.member.delegates)
    ]


def candidates(record: CoordinationRecord, directory: Directory) -> tuple[Principal, ...]:
    """The principals who may reach the record: its professionals and its delegates, once."""
    accounts = [a for _m, a in professionals_of(record)] + delegates_of(record)
    return tuple(directory.principals[a] for a in dict.fromkeys(accounts))


def _asker(
    rng: random.Random, record: CoordinationRecord, directory: Directory, ask: Ask
) -> str | None:
    """The account of who asks about ``record``, or ``None`` when it has none of that kind."""
    members = professionals_of(record)
    if ask is Ask.HABILITATED_MEMBER:
        members = [(m, a) for m, a in members if m.habilitated]
    elif ask is Ask.DELEGATE:
        delegates = delegates_of(record)
        return rng.choice(delegates) if delegates else None
    elif ask is Ask.STRANGER:
        account = rng.choice(directory.professionals).account
        return None if account is None else account.id
    return rng.choice(members)[1] if members else None


def build_queries(
    rng: random.Random, records: Sequence[CoordinationRecord], directory: Directory, count: int
) -> list[Query]:
    with_delegates = [r for r in records if delegates_of(r)]
    queries: list[Query] = []
    while len(queries) < count:
        ask = rng.choices(tuple(ASK_WEIGHTS), tuple(ASK_WEIGHTS.values()))[0]
        record = rng.choice(with_delegates if ask is Ask.DELEGATE else records)
        account = _asker(rng, record, directory, ask)
        if account is not None:
            principal = directory.principals[account]
            queries.append(Query(record, principal, rng.choice(CATEGORIES), rng.choice(ACTIONS)))
    return queries


# -- (a) the hand-written rule over plain dicts -----------------------------------------------


# The rule and its plain dicts are in _baseline.py, shared with serialization.py.


def plain_member(m: Membership) -> PlainMember:
    return {
        "periods": [(p.start, p.end) for p in m.participations],
        "habilitated": m.habilitated,
        "habilitation_ends": m.habilitation_ends,
        "refused": m.refused_at(AT),  # every query is at AT
        "legal_entity": isinstance(m.member, DirectoryStructure) and m.member.legal_entity,
    }


def plain_record(record: CoordinationRecord) -> PlainRecord:
    plain: PlainRecord = {"record_id": record.record_id, "members": {}, "structures": {}}
    for m, account in professionals_of(record):
        plain["members"].setdefault(account, []).append(plain_member(m))
    for m in record.circle:
        if isinstance(m.member, DirectoryStructure):
            plain["structures"].setdefault(m.member.national_id, []).append(plain_member(m))
    return plain


# -- (d) casbin ------------------------------------------------------------------------------


def load_casbin() -> ModuleType | None:
    try:
        return importlib.import_module("casbin")
    except ImportError:
        return None


def grant_rows(
    records: Iterable[CoordinationRecord], directory: Directory, matrix: HabilitationMatrix
) -> list[list[str]]:
    """casbin's policy: (account, record id, category, action) for each answer ``True`` of the
    library at AT, over every candidate principal of every record.
    """
    return [
        [p.account or "", r.record_id, c.value, a.value]
        for r in records
        for p in candidates(r, directory)
        for c in CATEGORIES
        for a in ACTIONS
        if is_allowed(r, p, c, a, matrix=matrix, at=AT)
    ]


def build_enforcer(casbin: ModuleType, rows: list[list[str]]) -> Any:
    model = importlib.import_module("casbin.model").FastModel(CACHE_KEY_ORDER)
    model.load_model_from_text(CASBIN_MODEL)
    enforcer = casbin.FastEnforcer(model, cache_key_order=CACHE_KEY_ORDER)
    if not enforcer.add_policies(rows):
        raise RuntimeError("casbin refused the policy rows")
    return enforcer


# -- the workload as each implementation sees it ----------------------------------------------

LibraryArgs = tuple[CoordinationRecord, Principal, Category, Action]
PlainArgs = tuple[PlainRecord, PlainPrincipal, str, str]
CasbinArgs = tuple[str, str, str, str]  # account, record id, category, action
WhoArgs = tuple[str, tuple[Principal, ...]]  # record id, candidate principals


@dataclass(frozen=True)
class Workload:
    """Records and queries, with the plain-dict view of them that (a) reads."""

    directory: Directory
    matrix: HabilitationMatrix
    records: list[CoordinationRecord]
    queries: list[Query]
    plain_records: dict[str, PlainRecord]
    plain_principals: dict[str, PlainPrincipal]
    plain_matrix: PlainMatrix

    @classmethod
    def of(
        cls,
        directory: Directory,
        matrix: HabilitationMatrix,
        records: list[CoordinationRecord],
        queries: list[Query],
    ) -> Workload:
        return cls(
            directory=directory,
            matrix=matrix,
            records=records,
            queries=queries,
            plain_records={r.record_id: plain_record(r) for r in records},
            plain_principals={a: plain_principal(p) for a, p in directory.principals.items()},
            plain_matrix=plain_matrix(matrix),
        )

    def library_args(self) -> list[LibraryArgs]:
        return [(q.record, q.principal, q.category, q.action) for q in self.queries]

    def plain_args(self) -> list[PlainArgs]:
        return [
            (
                self.plain_records[q.record.record_id],
                self.plain_principals[q.principal.account or ""],
                q.category.value,
                q.action.value,
            )
            for q in self.queries
        ]

    def casbin_args(self) -> list[CasbinArgs]:
        return [
            (q.principal.account or "", q.record.record_id, q.category.value, q.action.value)
            for q in self.queries
        ]


# -- checking that every implementation answers the same --------------------------------------


class DisagreementError(Exception):
    """Two implementations answered differently: no figure would mean anything."""


def _describe(args: CasbinArgs, answers: dict[str, bool]) -> str:
    account, record_id, category, action = args
    said = ", ".join(f"{name} {answer}" for name, answer in answers.items())
    return f"{account} on {record_id}, {action} {category}: {said}"


def _answers(
    workload: Workload, lib: LibraryArgs, plain: PlainArgs, enforcer: Any | None
) -> dict[str, bool]:
    record, principal, category, action = lib
    matrix = workload.matrix
    answers = {
        "(a)": hand_allowed(*plain, matrix=workload.plain_matrix, at=AT),
        "(b)": is_allowed(record, principal, category, action, matrix=matrix, at=AT),
        "(c)": decide(record, principal, category, action, matrix=matrix, at=AT).allowed,
    }
    if enforcer is not None:
        answers["(d)"] = bool(
            enforcer.enforce(principal.account, record.record_id, category.value, action.value)
        )
    return answers


def check_answers(workload: Workload, enforcer: Any | None) -> int:
    """How many queries are allowed; :class:`DisagreementError` if two answers to one differ."""
    allowed, wrong = 0, []
    for lib, plain, described in zip(
        workload.library_args(), workload.plain_args(), workload.casbin_args(), strict=True
    ):
        answers = _answers(workload, lib, plain, enforcer)
        if len(set(answers.values())) > 1:
            wrong.append(_describe(described, answers))
        allowed += answers["(b)"]
    if wrong:
        shown = "\n  ".join(wrong[:10])
        raise DisagreementError(f"{len(wrong)} queries answered differently, e.g.:\n  {shown}")
    return allowed


@dataclass(frozen=True)
class CasbinListings:
    """casbin's whole policy, grouped as the two listings group it."""

    records_of: dict[str, set[str]]  # account -> record ids
    principals_of: dict[str, set[str]]  # record id -> accounts

    @classmethod
    def of(cls, enforcer: Any) -> CasbinListings:
        records_of: dict[str, set[str]] = {}
        principals_of: dict[str, set[str]] = {}
        for account, record_id, *_ in enforcer.get_policy():
            records_of.setdefault(account, set()).add(record_id)
            principals_of.setdefault(record_id, set()).add(account)
        return cls(records_of, principals_of)


def _casbin_sides(
    enforcer: Any, whole: dict[str, set[str]], field: int, value: str, *, filtered: bool
) -> list[set[str]]:
    """What casbin lists for ``value``: from its whole policy, and from its filtered query."""
    sides = [whole.get(value, set())]
    if filtered:
        sides.append({row[1 - field] for row in enforcer.get_filtered_policy(field, value)})
    return sides


def _listing_differences(
    index: ActiveFileIndex,
    enforcer: Any,
    principals: Sequence[Principal],
    who: Sequence[WhoArgs],
) -> Iterable[str]:
    whole = CasbinListings.of(enforcer)
    for n, principal in enumerate(principals):
        account = principal.account or ""
        ours = {e.record_id for e in index.for_principal(principal, at=AT)}
        # The ones timed are checked against casbin's filtered query too.
        filtered = n < CASBIN_LISTINGS
        for theirs in _casbin_sides(enforcer, whole.records_of, 0, account, filtered=filtered):
            if ours != theirs:
                yield f"active file of {account}: only one side has {sorted(ours ^ theirs)}"
    for n, (record_id, asked) in enumerate(who):
        found = index.who_can_access(record_id, asked, at=AT)
        ours = {p.principal.account or "" for p in found}
        filtered = n < CASBIN_LISTINGS
        for theirs in _casbin_sides(enforcer, whole.principals_of, 1, record_id, filtered=filtered):
            if ours != theirs:
                yield f"who can access {record_id}: only one side has {sorted(ours ^ theirs)}"


def check_listings(
    index: ActiveFileIndex,
    enforcer: Any,
    principals: Sequence[Principal],
    who: Sequence[WhoArgs],
) -> None:
    """The library's listings name the same records and principals as casbin's policy: its
    whole policy for every listing query, its filtered queries for those that are timed.
    """
    wrong = list(_listing_differences(index, enforcer, principals, who))
    if wrong:
        raise DisagreementError("listings differ:\n  " + "\n  ".join(wrong[:10]))


# -- measuring --------------------------------------------------------------------------------

Loop = Callable[[], None]


def best_per_call(loops: dict[str, Loop], calls: int, repeats: int = REPEATS) -> dict[str, float]:
    """The best time per call of each loop (:func:`_baseline.best_per_call`)."""
    return timed(loops, calls, repeats)


def hand_loop(args: Sequence[PlainArgs], matrix: PlainMatrix) -> Loop:
    def run() -> None:
        for record, principal, category, action in args:
            hand_allowed(record, principal, category, action, matrix=matrix, at=AT)

    return run


def is_allowed_loop(args: Sequence[LibraryArgs], matrix: HabilitationMatrix) -> Loop:
    def run() -> None:
        for record, principal, category, action in args:
            is_allowed(record, principal, category, action, matrix=matrix, at=AT)

    return run


def decide_loop(args: Sequence[LibraryArgs], matrix: HabilitationMatrix) -> Loop:
    def run() -> None:
        for record, principal, category, action in args:
            decide(record, principal, category, action, matrix=matrix, at=AT)

    return run


def enforce_loop(args: Sequence[CasbinArgs], enforcer: Any) -> Loop:
    def run() -> None:
        for account, record_id, category, action in args:
            enforcer.enforce(account, record_id, category, action)

    return run


def active_file_loop(index: ActiveFileIndex, principals: Sequence[Principal]) -> Loop:
    def run() -> None:
        for principal in principals:
            index.for_principal(principal, at=AT)

    return run


def who_loop(index: ActiveFileIndex, who: Sequence[WhoArgs]) -> Loop:
    def run() -> None:
        for record_id, principals in who:
            index.who_can_access(record_id, principals, at=AT)

    return run


def filtered_loop(enforcer: Any, field: int, values: Sequence[str]) -> Loop:
    def run() -> None:
        for value in values:
            enforcer.get_filtered_policy(field, value)

    return run


# -- reporting --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line of the table: a time per call and, when it has one, its target."""

    label: str
    seconds: float
    figure: str = ""  # what the target is checked on
    target: str = ""
    passed: bool | None = None


def at_most(label: str, seconds: float, base: float, name: str, limit: float) -> Row:
    """A row whose time may be at most ``limit`` times ``base``'s."""
    ratio = seconds / base
    return Row(label, seconds, f"{ratio:.2f}× {name}", f"≤ {limit:g}× {name}", ratio <= limit)


def slower(label: str, seconds: float, base: float, name: str, limit: float) -> Row:
    """A row whose time must be at least ``limit`` times ``base``'s."""
    ratio = seconds / base
    return Row(label, seconds, f"{ratio:,.0f}× {name}", f"≥ {limit:,.0f}× {name}", ratio >= limit)


def faster(label: str, seconds: float, other: float, limit: float) -> Row:
    """A row that must be at least ``limit`` times faster than the row above it."""
    ratio = other / seconds
    return Row(label, seconds, f"{ratio:,.0f}× faster", f"≥ {limit:,.0f}× faster", ratio >= limit)


def print_table(rows: Sequence[Row]) -> None:
    baseline = rows[0].seconds
    header = f"{'measurement':<58} {'µs/call':>10} {'× (a)':>9}  {'figure':>20}  {'target':>20}"
    print(f"{header}  result\n{'-' * (len(header) + 8)}")
    for row in rows:
        verdict = {None: "", True: "PASS", False: "MISS"}[row.passed]
        print(
            f"{row.label:<58} {row.seconds * 1e6:>10,.2f} {row.seconds / baseline:>9,.2f}  "
            f"{row.figure:>20}  {row.target:>20}  {verdict}".rstrip()
        )


def step(label: str, build: Callable[[], T]) -> T:
    """What ``build`` returns, after printing how long it took."""
    start = time.perf_counter()
    built = build()
    print(f"  {label:<66} {time.perf_counter() - start:>6.2f} s")
    return built


# -- the run ----------------------------------------------------------------------------------


def measure_checks(workload: Workload, enforcer: Any) -> list[Row]:
    """(a)–(d) on the 20,000 queries."""
    lib, matrix, n = workload.library_args(), workload.matrix, len(workload.queries)
    best = best_per_call(
        {
            "a": hand_loop(workload.plain_args(), workload.plain_matrix),
            "b": is_allowed_loop(lib, matrix),
            "c": decide_loop(lib, matrix),
        },
        n,
    )
    casbin = best_per_call({"d": enforce_loop(workload.casbin_args(), enforcer)}, n, CASBIN_REPEATS)
    a, b = best["a"], best["b"]
    return [
        Row("(a) hand-written rule over plain dicts", a),
        at_most("(b) access.is_allowed", b, a, "(a)", MAX_IS_ALLOWED),
        at_most("(c) access.decide, with reasons", best["c"], a, "(a)", MAX_DECIDE),
        slower(
            "(d) casbin FastEnforcer.enforce, precomputed grants", casbin["d"], b, "(b)", MIN_CASBIN
        ),
    ]


def _fresh(record: CoordinationRecord) -> CoordinationRecord:
    """A new copy of ``record``, as a service builds it when it loads the record: every object
    new, so nothing the library derived from the old one (a memo) comes along.
    """
    circle = CareCircle(memberships=tuple(attrs.evolve(m) for m in record.circle))
    return attrs.evolve(record, circle=circle)


def measure_cold(workload: Workload) -> Row:
    """For information: ``is_allowed`` on records it has never seen, one query each."""
    firsts = {q.record.record_id: q for q in reversed(workload.queries)}
    sample = list(firsts.values())[:COLD_RECORDS]
    best = float("inf")
    for _ in range(REPEATS):
        args = [(_fresh(q.record), q.principal, q.category, q.action) for q in sample]
        best = min(
            best, best_per_call({"cold": is_allowed_loop(args, workload.matrix)}, 1, 1)["cold"]
        )
    return Row("(info) is_allowed, first call on a freshly built record", best / len(sample))


def measure_listings(
    index: ActiveFileIndex, enforcer: Any, principals: Sequence[Principal], who: Sequence[WhoArgs]
) -> list[Row]:
    """(e): the library's listings against casbin's filtered policy queries."""
    ours = best_per_call(
        {"file": active_file_loop(index, principals)}, len(principals), SHORT_REPEATS
    )
    ours |= best_per_call({"who": who_loop(index, who)}, len(who), SHORT_REPEATS)
    accounts = [p.account or "" for p in principals[:CASBIN_LISTINGS]]
    record_ids = [record_id for record_id, _ in who[:CASBIN_LISTINGS]]
    theirs = best_per_call(
        {
            "file": filtered_loop(enforcer, 0, accounts),
            "who": filtered_loop(enforcer, 1, record_ids),
        },
        CASBIN_LISTINGS,
        CASBIN_REPEATS,
    )
    return [
        Row("(e) active file: casbin get_filtered_policy(0, account)", theirs["file"]),
        faster(
            "(e) active file: ActiveFileIndex.for_principal",
            ours["file"],
            theirs["file"],
            MIN_LISTINGS,
        ),
        Row("(e) who can access: casbin get_filtered_policy(1, record)", theirs["who"]),
        faster(
            "(e) who can access: ActiveFileIndex.who_can_access",
            ours["who"],
            theirs["who"],
            MIN_LISTINGS,
        ),
    ]


def scaling_workload(
    rng: random.Random, directory: Directory, matrix: HabilitationMatrix, size: int
) -> Workload:
    records = build_records(rng, directory, SCALING_MEMBERS // size, (size, size))
    queries = build_queries(rng, records, directory, SCALING_QUERIES)
    workload = Workload.of(directory, matrix, records, queries)
    allowed = check_answers(workload, None)
    print(
        f"  circles of {size:>5,}: {len(records):>5,} records, {len(queries):,} queries, "
        f"{allowed / len(queries):.1%} allowed; (a), (b) and (c) agree on every one"
    )
    return workload


def measure_scaling(
    rng: random.Random, directory: Directory, matrix: HabilitationMatrix
) -> list[Row]:
    """(f): ``is_allowed`` on circles of 10, 100 and 1,000 members, the same mix of askers."""
    loops = {
        size: is_allowed_loop(scaling_workload(rng, directory, matrix, size).library_args(), matrix)
        for size in SCALING_SIZES
    }
    best = best_per_call(
        {str(size): loop for size, loop in loops.items()}, SCALING_QUERIES, SHORT_REPEATS
    )
    spread = max(best.values()) / min(best.values())
    *rows, last = [Row(f"(f) is_allowed, circles of {int(s):,}", t) for s, t in best.items()]
    figure, target = f"{spread:.2f} slowest/fastest", f"≤ {MAX_SCALING:g} slowest/fastest"
    return [*rows, Row(last.label, last.seconds, figure, target, spread <= MAX_SCALING)]


def listing_samples(
    rng: random.Random, workload: Workload
) -> tuple[list[Principal], list[WhoArgs]]:
    """Who asks for their active file (askers of the queries who are candidates of the record
    they ask about), and which records are asked who can access them, with their candidates.
    """
    askers = dict.fromkeys(
        q.principal
        for q in workload.queries
        if q.principal in candidates(q.record, workload.directory)
    )
    principals = rng.sample(list(askers), LISTINGS)
    records = rng.sample(workload.records, LISTINGS)
    return principals, [(r.record_id, candidates(r, workload.directory)) for r in records]


def prepare(rng: random.Random, casbin: ModuleType) -> tuple[Workload, ActiveFileIndex, Any]:
    """The workload, the library's index and casbin's enforcer, each answer checked."""
    directory = step(
        "directory: professionals, structures, principals", lambda: build_directory(rng)
    )
    matrix = build_matrix(rng, directory.professions)
    records = step("records", lambda: build_records(rng, directory, RECORDS, CIRCLE_SIZES))
    queries = step("queries", lambda: build_queries(rng, records, directory, QUERIES))
    workload = step("plain dicts for (a)", lambda: Workload.of(directory, matrix, records, queries))
    index = step("ActiveFileIndex.of", lambda: ActiveFileIndex.of(records, matrix=matrix))
    rows = step(
        "casbin policy rows, from is_allowed at AT", lambda: grant_rows(records, directory, matrix)
    )
    enforcer = step("casbin FastEnforcer.add_policies", lambda: build_enforcer(casbin, rows))
    allowed = step("check: (a)–(d) on every query", lambda: check_answers(workload, enforcer))
    members = sum(len(r.circle) for r in records) / len(records)
    print(
        f"  {len(records):,} records of {members:.1f} members on average, "
        f"{len(directory.principals):,} principals, {len(rows):,} casbin policy rows; "
        f"{len(queries):,} queries, {allowed / len(queries):.1%} allowed"
    )
    return workload, index, enforcer


def run(casbin: ModuleType) -> int:
    rng = random.Random(SEED)
    print(f"carecircle access benchmark: seed {SEED}, every query at {AT.isoformat()}")
    workload, index, enforcer = prepare(rng, casbin)
    principals, who = listing_samples(rng, workload)
    step(
        "check: listings against casbin's policy",
        lambda: check_listings(index, enforcer, principals, who),
    )
    results = measure_checks(workload, enforcer)
    results.append(measure_cold(workload))
    results += measure_listings(index, enforcer, principals, who)
    results += measure_scaling(rng, workload.directory, workload.matrix)
    print()
    print_table(results)
    missed = [r.label for r in results if r.passed is False]
    print(f"\n{len(missed)} target(s) missed" if missed else "\nevery target met")
    return 1 if missed else 0


def main() -> int:
    casbin = load_casbin()
    if casbin is None:
        print(INSTALL_HINT)
        return 2
    try:
        return run(casbin)
    except DisagreementError as disagreement:
        print(f"ABORTED, the implementations disagree:\n{disagreement}")
        return 3


if __name__ == "__main__":
    sys.exit(main())
