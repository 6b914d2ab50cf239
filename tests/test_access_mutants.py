"""What mutation testing of ``access/`` found untested: exact messages, the plain reference's
identity rule, and a few behaviours only the property tests reached.

Every test here is a cheap example with the exact codes, paths, messages and reasons, so that
``scripts/mutation.py --area access`` kills these mutants in milliseconds, not by running the
property tests to the end. R1 deny by default, R2 direct access, R3 through a legal entity,
R4 refusal wins, G5 the matrix, G11 structures' active files.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import attrs
import pytest

import carecircle as cc
from carecircle._access import plain
from carecircle._access.matrix import parse_profession
from carecircle.nomenclatures import professions
from carecircle.testing.builders import (
    directory_professional,
    directory_structure,
    instant,
    new_record,
)

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.access import MATRIX, MICROSECOND, READ, WRITE, R
    from helpers.circles import circle_with, joined
else:
    from .helpers.access import MATRIX, MICROSECOND, READ, WRITE, R
    from .helpers.circles import circle_with, joined

RECORD, CREATOR = new_record()


def rejected(call: Any) -> list[str]:
    """Every violation ``call`` is rejected with, as ``CODE at path: message``."""
    with pytest.raises(cc.InputRejected) as raised:
        call()
    return [str(v) for v in raised.value.violations]


def invalid(call: Any) -> str:
    """The one coded error ``call`` raises, as ``CODE at path: message``."""
    with pytest.raises(cc.InvalidValueError) as raised:
        call()
    return str(raised.value)


# -- arguments of the listings and of the index -------------------------------------------------


class TestArgumentMessages:
    """Wrong arguments are told with their exact code, path and message."""

    def test_who_can_access_principals(self) -> None:
        at = instant(1)
        call: Any = cc.who_can_access
        assert invalid(lambda: call(RECORD, None, matrix=MATRIX, at=at)) == (
            "WRONG_TYPE at principals: expected an iterable of Principal"
        )
        assert invalid(lambda: call(RECORD, [CREATOR, CREATOR, 1], matrix=MATRIX, at=at)) == (
            "WRONG_TYPE at principals[2]: expected a Principal"
        )

    def test_index_constructor(self) -> None:
        index_class: Any = cc.ActiveFileIndex
        assert invalid(lambda: index_class(records=[RECORD], matrix=MATRIX)) == (
            "WRONG_TYPE at records: expected a mapping of record ids to CoordinationRecord"
        )
        assert invalid(lambda: index_class(records={"DC-1": None}, matrix=MATRIX)) == (
            "WRONG_TYPE at records[DC-1]: expected a CoordinationRecord"
        )
        assert invalid(lambda: index_class(records={"DC-1": RECORD}, matrix=None)) == (
            "WRONG_TYPE at matrix: expected a HabilitationMatrix"
        )
        other = attrs.evolve(RECORD, record_id="DC-2")
        with pytest.raises(cc.InvalidValueError) as raised:
            index_class(records={"DC-1": RECORD, "DC-9": RECORD, "DC-3": other}, matrix=MATRIX)
        assert str(raised.value) == (
            "RECORD_ID_MISMATCH at records[DC-3]: each record is indexed under its own "
            "record_id (ActiveFileIndex.of does it)"
        )
        assert raised.value.code == "RECORD_ID_MISMATCH"
        assert (raised.value.path, raised.value.message) == (
            "records[DC-3]",
            "each record is indexed under its own record_id (ActiveFileIndex.of does it)",
        )

    def test_index_of(self) -> None:
        of: Any = cc.ActiveFileIndex.of
        expected = "WRONG_TYPE at records: expected an iterable of CoordinationRecord"
        assert invalid(lambda: of(None, matrix=MATRIX)) == expected
        assert invalid(lambda: of(b"DC-1", matrix=MATRIX)) == expected
        assert invalid(lambda: of([RECORD, RECORD, "DC-1"], matrix=MATRIX)) == (
            "WRONG_TYPE at records[2]: expected a CoordinationRecord"
        )

    def test_index_record(self) -> None:
        index: Any = cc.ActiveFileIndex.of([RECORD], matrix=MATRIX)
        assert index.record("DC-1") is RECORD
        assert invalid(lambda: index.record(1)) == "WRONG_TYPE at record_id: expected a str"
        with pytest.raises(cc.NotFoundError) as raised:
            index.record("DC-2")
        assert (
            str(raised.value) == "RECORD_NOT_FOUND at records[DC-2]: no indexed record has this id"
        )
        assert (raised.value.code, raised.value.path) == ("RECORD_NOT_FOUND", "records[DC-2]")


# -- matrices: every violation's message ----------------------------------------------------------


class TestMatrixMessages:
    """G5: a matrix that cannot be read says exactly what is wrong, and where."""

    def test_not_a_mapping(self) -> None:
        assert rejected(lambda: cc.HabilitationMatrix.from_mapping(["medical"])) == [
            "MALFORMED_MATRIX at $: a matrix is a mapping"
        ]

    def test_unknown_keys_and_malformed_parts(self) -> None:
        data = {"categories": "medical", "grants": ["TRE_G15|10"], "levels": 1, "rows": 2}
        assert rejected(lambda: cc.HabilitationMatrix.from_mapping(data)) == [
            "UNKNOWN_KEY at $.levels: a matrix has only categories and grants",
            "UNKNOWN_KEY at $.rows: a matrix has only categories and grants",
            "MALFORMED_MATRIX at $.categories: categories is a list",
            "MALFORMED_MATRIX at $.grants: grants is a mapping",
        ]
        assert rejected(lambda: cc.HabilitationMatrix.from_mapping({"categories": 3})) == [
            "MALFORMED_MATRIX at $.categories: categories is a list"
        ]

    def test_categories(self) -> None:
        data = {"categories": ["medical", "Medical", 3, "medical", "social", "social"]}
        assert rejected(lambda: cc.HabilitationMatrix.from_mapping(data)) == [
            (
                "INVALID_CATEGORY at $.categories[1]: a category name is lower-case letters, "
                "digits, '_' or '-'"
            ),
            (
                "INVALID_CATEGORY at $.categories[2]: a category name is lower-case letters, "
                "digits, '_' or '-'"
            ),
            "DUPLICATE_CATEGORY at $.categories[3]: a category is declared once",
            "DUPLICATE_CATEGORY at $.categories[5]: a category is declared once",
        ]
        assert rejected(lambda: cc.HabilitationMatrix.from_mapping({"categories": []})) == [
            "NO_CATEGORY at $.categories: a matrix declares a category"
        ]
        # Entries there but all wrong: each is told, not the lack of a category.
        assert rejected(lambda: cc.HabilitationMatrix.from_mapping({"categories": ["A"]})) == [
            (
                "INVALID_CATEGORY at $.categories[0]: a category name is lower-case letters, "
                "digits, '_' or '-'"
            )
        ]

    def test_grants(self) -> None:
        data = {
            "categories": ["medical", "social"],
            "grants": {
                "TRE_G15|10": {"medical": "write", "nutrition": "read", "social": "rw"},
                "TRE_G15|10 ": {"medical": "read"},
                "TRE_G15|nope": {"medical": "read"},
                "TRE_G15|60": ["medical"],
                3: {"social": None},
            },
        }
        assert rejected(lambda: cc.HabilitationMatrix.from_mapping(data)) == [
            (
                "UNKNOWN_CATEGORY at $.grants['TRE_G15|10'].nutrition: the matrix does not "
                "declare this category"
            ),
            "UNKNOWN_LEVEL at $.grants['TRE_G15|10'].social: a level is 'none', 'read' or 'write'",
            "DUPLICATE_PROFESSION at $.grants['TRE_G15|10 ']: a profession has one row",
            (
                "UNKNOWN_PROFESSION at $.grants['TRE_G15|nope']: not a profession of the "
                "catalogue: TRE_G15, TRE_R94, TRE_R95, TRE_R291 or the service's own ('TRE_G15|10')"
            ),
            "MALFORMED_MATRIX at $.grants['TRE_G15|60']: a row maps categories to levels",
            (
                "UNKNOWN_PROFESSION at $.grants[3]: not a profession of the catalogue: TRE_G15, "
                "TRE_R94, TRE_R95, TRE_R291 or the service's own ('TRE_G15|10')"
            ),
            "UNKNOWN_LEVEL at $.grants[3].social: a level is 'none', 'read' or 'write'",
        ]

    def test_the_first_row_of_a_profession_stands(self) -> None:
        matrix = cc.HabilitationMatrix.from_mapping(
            {"grants": {"TRE_G15|10": {"medical": "write"}}}
        )
        assert str(matrix.level(professions.MEDECIN, "medical")) == "write"
        assert str(matrix.level(professions.MEDECIN, "social")) == "none"

    def test_a_key_with_two_bars_is_no_profession(self) -> None:
        for key in ("TRE_G15|10|x", "TRE_G15||10", "x|TRE_G15|10", "TRE_G15|10|"):
            assert parse_profession(key) is None, key
            assert rejected(
                lambda key=key: cc.HabilitationMatrix.from_mapping({"grants": {key: {}}})
            ) == [
                (
                    f"UNKNOWN_PROFESSION at $.grants[{key!r}]: not a profession of the catalogue: "
                    "TRE_G15, TRE_R94, TRE_R95, TRE_R291 or the service's own ('TRE_G15|10')"
                )
            ]
        assert parse_profession(" TRE_G15 | 10 ") == professions.MEDECIN

    def test_constructor_categories_not_a_list(self) -> None:
        for categories in ("medical", 5, None):
            with pytest.raises(cc.InputRejected) as raised:
                cc.HabilitationMatrix(categories=categories)  # type: ignore[arg-type]
            violations = raised.value.violations
            assert [str(v) for v in violations] == [
                "MALFORMED_MATRIX at categories: categories is a list of names"
            ], categories
            assert violations[0].kind is cc.ViolationKind.VALUE

    def test_constructor_every_violation(self) -> None:
        def build() -> cc.HabilitationMatrix:
            return cc.HabilitationMatrix(
                categories=("medical", "Medical", 3, "medical"),  # type: ignore[arg-type]
                grants="medical",  # type: ignore[arg-type]
            )

        assert rejected(build) == [
            "MALFORMED_MATRIX at grants: grants is a mapping",
            (
                "INVALID_CATEGORY at categories[1]: a category name is lower-case letters, digits, "
                "'_' or '-'"
            ),
            (
                "INVALID_CATEGORY at categories[2]: a category name is lower-case letters, digits, "
                "'_' or '-'"
            ),
            "DUPLICATE_CATEGORY at categories: a category is declared once",
        ]
        assert rejected(lambda: cc.HabilitationMatrix(categories=())) == [
            "NO_CATEGORY at categories: a matrix declares a category"
        ]
        grants: Any = {
            professions.MEDECIN: {"medical": "write", "nutrition": "read", "social": "rw"},
            "TRE_G15|10": {"medical": "read"},
            professions.INFIRMIER: ["medical"],
        }
        assert rejected(lambda: cc.HabilitationMatrix(grants=grants)) == [
            (
                "UNKNOWN_CATEGORY at grants[TRE_G15|10].nutrition: the matrix does not declare "
                "this category"
            ),
            "UNKNOWN_LEVEL at grants[TRE_G15|10].social: a level is 'none', 'read' or 'write'",
            (
                "UNKNOWN_PROFESSION at grants[TRE_G15|10]: not a profession of the catalogue: "
                "TRE_G15, TRE_R94, TRE_R95, TRE_R291 or the service's own"
            ),
            "MALFORMED_MATRIX at grants[TRE_G15|60]: a row maps categories to levels",
        ]


# -- listings --------------------------------------------------------------------------------------


def test_permissions_copy_the_levels_they_are_given() -> None:
    """G5: a Permissions built from a mutable dict keeps its own read-only copy."""
    levels = {"medical": cc.Level.WRITE}
    found = cc.Permissions(record_id="DC-1", principal=CREATOR, levels=levels)
    levels["medical"] = cc.Level.NONE
    levels["social"] = cc.Level.WRITE
    assert dict(found.levels) == {"medical": cc.Level.WRITE}
    assert found.allows("medical", WRITE) and not found.allows("social", READ)
    with pytest.raises(TypeError):
        found.levels["medical"] = cc.Level.NONE  # type: ignore[index]


# -- the plain reference: one identity per person (R4, R1) ----------------------------------------


def identity_record() -> tuple[cc.CoordinationRecord, dict[str, cc.Membership]]:
    """M1 the creator (pass:1), M2 a nurse (pass:2), M3 and M4 without an account (M4 not
    habilitated), M5 an account without a national id, M6 refused (pass:6)."""
    joining: list[tuple[cc.Member, bool, bool]] = [
        (directory_professional(2, profession=professions.INFIRMIER), True, False),
        (directory_professional(3, account=False), True, False),
        (directory_professional(4, account=False), False, False),
        (
            cc.DirectoryProfessional(
                account=cc.PassAccount(id="pass:70"),
                profession=professions.MEDECIN,
                family_name="Lo",
            ),
            True,
            False,
        ),
        (directory_professional(6), True, True),
    ]
    record, _ = circle_with(*joining)
    return record, {m.member_id: m for m in record.circle}


NID = {n: f"8{n:011d}" for n in range(1, 100)}
IDENTITIES: list[tuple[dict[str, Any], tuple[str, ...], bool, bool, tuple[cc.Reason, ...]]] = [
    # one person: the account, the national id, both
    ({"account": "pass:2"}, ("M2",), False, False, ()),
    ({"account": "pass:2", "national_id": NID[2]}, ("M2",), False, False, ()),
    ({"national_id": NID[2]}, ("M2",), False, False, (R.HABILITATION_PENDING_ACCOUNT,)),
    ({"national_id": NID[3]}, ("M3",), False, False, (R.HABILITATION_PENDING_ACCOUNT,)),
    ({"account": "pass:33", "national_id": NID[3]}, ("M3",), False, False, ()),
    ({"account": "pass:70"}, ("M5",), False, False, ()),
    ({"account": "pass:70", "national_id": NID[70]}, ("M5",), False, False, ()),
    ({"account": "pass:6"}, ("M6",), False, True, (R.SHARING_REFUSED,)),
    ({"account": "pass:99"}, (), False, False, (R.NOT_A_MEMBER,)),
    # two people: the account of one, the national id of another
    (
        {"account": "pass:2", "national_id": NID[1]},
        ("M1", "M2"),
        True,
        False,
        (R.IDENTITY_MISMATCH,),
    ),
    # a national id recorded under another account
    ({"account": "pass:9", "national_id": NID[2]}, ("M2",), True, False, (R.IDENTITY_MISMATCH,)),
    # an account recorded under another national id
    ({"account": "pass:2", "national_id": NID[99]}, ("M2",), True, False, (R.IDENTITY_MISMATCH,)),
    # an entry by account alone and another by national id alone
    (
        {"account": "pass:70", "national_id": NID[3]},
        ("M3", "M5"),
        True,
        False,
        (R.IDENTITY_MISMATCH,),
    ),
    # one of them refused: the refusal is still said (R4)
    (
        {"account": "pass:6", "national_id": NID[1]},
        ("M1", "M6"),
        True,
        True,
        (R.IDENTITY_MISMATCH, R.SHARING_REFUSED),
    ),
    (
        {"national_id": NID[6], "account": "pass:1"},
        ("M1", "M6"),
        True,
        True,
        (R.IDENTITY_MISMATCH, R.SHARING_REFUSED),
    ),
    (
        {"national_id": NID[6], "account": "pass:1", "account_state": cc.AccountState.SUSPENDED},
        ("M1", "M6"),
        True,
        True,
        (R.IDENTITY_MISMATCH, R.SHARING_REFUSED, R.ACCOUNT_INACTIVE),
    ),
]


@pytest.mark.parametrize(("ids", "members", "mismatch", "refused", "reasons"), IDENTITIES)
def test_plain_identity(
    ids: dict[str, Any],
    members: tuple[str, ...],
    mismatch: bool,
    refused: bool,
    reasons: tuple[cc.Reason, ...],
) -> None:
    """R4, R1: the memberships a principal's ids designate, and whether they are one person;
    the plain reference and the public functions say the same."""
    record, by_id = identity_record()
    principal = cc.Principal(profession=professions.INFIRMIER, **ids)
    at = instant(10)
    who = plain.identity(record, principal, at)
    assert who == plain.Identity(
        memberships=tuple(by_id[m] for m in members), mismatch=mismatch, refused=refused
    )
    expected = plain.effective_access(record, principal, at=at)
    assert expected.reasons == reasons
    assert expected.allowed is (not reasons)
    if not reasons:
        assert expected.paths == tuple(cc.AccessPath(member_id=m) for m in members)
    assert cc.effective_access(record, principal, at=at) == expected


def test_plain_identity_is_refused_from_the_refusal_on() -> None:
    """R4: the refusal on M6 stands from the instant it was recorded (M6 joined refused at
    minute 5), not before; lifted, it stands no more."""
    record, _ = identity_record()
    principal = cc.Principal(account="pass:6", profession=professions.INFIRMIER)
    assert plain.identity(record, principal, instant(5) - MICROSECOND).refused is False
    assert plain.identity(record, principal, instant(5)).refused is True
    said = cc.Statement(expressed_at=instant(8))
    record = cc.lift_refusal(
        record, "M6", "R1", statement=said, actor=CREATOR, at=instant(8)
    ).record
    assert plain.identity(record, principal, instant(8) - MICROSECOND).refused is True
    assert plain.identity(record, principal, instant(8)).refused is False
    for at in (instant(5) - MICROSECOND, instant(7), instant(8)):
        expected = plain.effective_access(record, principal, at=at)
        assert cc.effective_access(record, principal, at=at) == expected
    assert plain.effective_access(record, principal, at=instant(7)).refusals == (
        cc.RefusalRef(member_id="M6", refusal_id="R1"),
    )


def test_plain_reasons_of_every_membership() -> None:
    """R2: a professional with two memberships, neither current, hears the reasons of both."""
    nurse = directory_professional(2, profession=professions.INFIRMIER)
    record, creator = joined(nurse)
    record = cc.end_participation(record, "M2", actor=creator, at=instant(2)).record
    again = cc.Membership(
        member_id="M3",
        member=nurse,
        habilitated=True,
        participations=(cc.Participation(start=instant(3), end=instant(4), added_by="pass:1"),),
    )
    record = attrs.evolve(record, circle=record.circle.replace(again))
    principal = cc.Principal.from_entry(nurse)
    at = instant(5)
    expected = plain.effective_access(record, principal, at=at)
    assert expected.reasons == (R.PARTICIPATION_ENDED, R.NOT_HABILITATED)
    assert cc.effective_access(record, principal, at=at) == expected
    # The other way round: the habilitated one first.
    first = attrs.evolve(record.circle.get("M2"), member_id="M2", habilitated=True)
    later = attrs.evolve(again, member_id="M3", habilitated=False)
    swapped = attrs.evolve(record, circle=record.circle.replace(first).replace(later))
    expected = plain.effective_access(swapped, principal, at=at)
    assert expected.reasons == (R.PARTICIPATION_ENDED, R.NOT_HABILITATED)
    assert cc.effective_access(swapped, principal, at=at) == expected


def test_plain_decide_allowed_record_denied_category() -> None:
    """G5, R1: when the record opens, only the matrix's reasons stand in the way."""
    record, creator = identity_record()[0], CREATOR
    nurse = cc.Principal(account="pass:2", profession=professions.INFIRMIER)
    at = instant(10)
    cases = [
        (creator, "nutrition", READ, (R.UNKNOWN_CATEGORY,)),
        (nurse, cc.Category.SOCIAL, WRITE, (R.MATRIX_DENIES,)),
        (attrs.evolve(nurse, profession=None), "medical", READ, (R.UNKNOWN_PROFESSION,)),
        (
            attrs.evolve(nurse, profession=None),
            "nutrition",
            READ,
            (R.UNKNOWN_PROFESSION, R.UNKNOWN_CATEGORY),
        ),
        (cc.Principal(account="pass:99"), "medical", READ, (R.NOT_A_MEMBER, R.UNKNOWN_PROFESSION)),
    ]
    for principal, category, action, reasons in cases:
        got = plain.decide(record, principal, category, action, matrix=MATRIX, at=at)
        assert (got.allowed, got.paths, got.reasons) == (False, (), reasons), category
        assert cc.decide(record, principal, category, action, matrix=MATRIX, at=at) == got
    allowed = plain.decide(record, nurse, "social", READ, matrix=MATRIX, at=at)
    assert (allowed.allowed, allowed.paths, allowed.reasons) == (
        True,
        (cc.AccessPath(member_id="M2"),),
        (),
    )


# -- the fast path: whichever question comes first -----------------------------------------------


def fresh_circle() -> tuple[cc.CoordinationRecord, cc.Principal, cc.Principal]:
    """A record nobody has asked about yet (its memo unbuilt), its creator and a nurse."""
    nurse = directory_professional(2, profession=professions.INFIRMIER)
    record, creator = joined(nurse, habilitated=True)
    return record, creator, cc.Principal.from_entry(nurse)


FIRST_QUESTIONS: dict[str, Any] = {
    "is_allowed": lambda r, p, at: cc.is_allowed(
        r, p, cc.Category.SOCIAL, READ, matrix=MATRIX, at=at
    ),
    "is_allowed_write": lambda r, p, at: cc.is_allowed(
        r, p, cc.Category.SOCIAL, WRITE, matrix=MATRIX, at=at
    ),
    "decide": lambda r, p, at: cc.decide(r, p, cc.Category.SOCIAL, READ, matrix=MATRIX, at=at),
    "decide_denied": lambda r, p, at: cc.decide(r, p, "social", WRITE, matrix=MATRIX, at=at),
    "effective_access": lambda r, p, at: cc.effective_access(r, p, at=at),
    "has_effective_access": lambda r, p, at: cc.has_effective_access(r, p, at=at),
    "permissions": lambda r, p, at: cc.permissions(r, p, matrix=MATRIX, at=at).paths,
    "who_can_access": lambda r, p, at: [
        x.paths for x in cc.who_can_access(r, [p], matrix=MATRIX, at=at)
    ],
    "for_principal": lambda r, p, at: [
        e.permissions.paths
        for e in cc.ActiveFileIndex.of([r], matrix=MATRIX).for_principal(p, at=at)
    ],
}
NURSE_PATHS = (cc.AccessPath(member_id="M2"),)
FIRST_ANSWERS: dict[str, object] = {
    "is_allowed": True,
    "is_allowed_write": False,
    "decide": cc.Decision(allowed=True, paths=NURSE_PATHS),
    "decide_denied": cc.Decision(allowed=False, reasons=(R.MATRIX_DENIES,)),
    "effective_access": cc.Decision(allowed=True, paths=NURSE_PATHS),
    "has_effective_access": True,
    "permissions": NURSE_PATHS,
    "who_can_access": [NURSE_PATHS],
    "for_principal": [NURSE_PATHS],
}


@pytest.mark.parametrize("first", FIRST_QUESTIONS)
@pytest.mark.parametrize("asked_before", [False, True])
def test_the_first_question_on_a_circle(first: str, asked_before: bool) -> None:
    """R2, G5: the first question asked about a circle (its memo not built yet), or the first
    a principal asks once another has asked, gets the answer every later one gets."""
    record, creator, nurse = fresh_circle()
    at = instant(2)
    if asked_before:  # the memo is built, for someone else
        assert cc.effective_access(record, creator, at=at).allowed
    assert FIRST_QUESTIONS[first](record, nurse, at) == FIRST_ANSWERS[first]
    for name, question in FIRST_QUESTIONS.items():
        assert question(record, nurse, at) == FIRST_ANSWERS[name], name
    # Before the nurse joined (not active yet), and from the instant she joined.
    before = instant(0)
    assert cc.effective_access(record, nurse, at=before).reasons == (R.PARTICIPATION_ENDED,)
    assert plain.effective_access(record, nurse, at=before).reasons == (R.PARTICIPATION_ENDED,)
    assert not cc.is_allowed(record, nurse, "social", READ, matrix=MATRIX, at=before)
    assert cc.is_allowed(record, nurse, "social", READ, matrix=MATRIX, at=instant(1))
    assert cc.decide(record, nurse, "medical", READ, matrix=MATRIX, at=before).reasons == (
        R.PARTICIPATION_ENDED,
    )
    assert cc.decide(record, nurse, "medical", WRITE, matrix=MATRIX, at=instant(1)).allowed


EDGE_QUESTIONS: dict[str, Any] = {
    "is_allowed": lambda r, p, at: cc.is_allowed(r, p, "medical", READ, matrix=MATRIX, at=at),
    "decide": lambda r, p, at: cc.decide(r, p, "medical", READ, matrix=MATRIX, at=at).allowed,
    "decide_denied": lambda r, p, at: cc.decide(r, p, "social", WRITE, matrix=MATRIX, at=at),
    "effective_access": lambda r, p, at: cc.effective_access(r, p, at=at).allowed,
}


@pytest.mark.parametrize("question", EDGE_QUESTIONS)
def test_each_question_alone_across_the_edges(question: str) -> None:
    """R2, R9: one question asked alone, a microsecond before an edge and then at it: at the
    start of the participation access opens, at its end (exclusive) it closes."""
    record, creator, nurse = fresh_circle()
    record = cc.end_participation(record, "M2", actor=creator, at=instant(5)).record
    ask = EDGE_QUESTIONS[question]
    tick = dt.timedelta(microseconds=1)
    start, end = instant(1), instant(5)
    joined: object
    out: object
    if question == "decide_denied":
        joined = cc.Decision(allowed=False, reasons=(R.MATRIX_DENIES,))
        out = cc.Decision(allowed=False, reasons=(R.PARTICIPATION_ENDED, R.MATRIX_DENIES))
    else:
        joined, out = True, False
    answers = [ask(record, nurse, at) for at in (start - tick, start, end - tick, end, end + tick)]
    assert answers == [out, joined, joined, out, out]
    # Backwards, on a fresh memo: the stretch remembered is left at its start.
    record = attrs.evolve(record, circle=attrs.evolve(record.circle))
    answers = [ask(record, nurse, at) for at in (end, end - tick, start, start - tick)]
    assert answers == [out, joined, joined, out]


def test_wrong_action_and_category_messages() -> None:
    """R1: a wrong action or category is told with its code, path and exact message."""
    calls: dict[str, Any] = {
        "decide": cc.decide,
        "is_allowed": cc.is_allowed,
    }
    for name, call in calls.items():
        assert invalid(
            lambda call=call: call(RECORD, CREATOR, "medical", "READ", matrix=MATRIX, at=instant(1))
        ) == ("ACTION_INVALID at action: an action is 'read' or 'write'"), name
        assert invalid(
            lambda call=call: call(RECORD, CREATOR, 1, READ, matrix=MATRIX, at=instant(1))
        ) == ("WRONG_TYPE at category: expected a Category or a str"), name
        assert invalid(
            lambda call=call: call(RECORD, CREATOR, "medical", READ, matrix=None, at=instant(1))
        ) == ("WRONG_TYPE at matrix: expected a HabilitationMatrix"), name
        assert invalid(
            lambda call=call: call(RECORD, None, "medical", READ, matrix=MATRIX, at=instant(1))
        ) == ("WRONG_TYPE at principal: expected a Principal"), name
        assert invalid(
            lambda call=call: call(None, CREATOR, "medical", READ, matrix=MATRIX, at=instant(1))
        ) == ("WRONG_TYPE at record: expected a CoordinationRecord"), name


def test_member_has_access_message() -> None:
    """G14: a wrong membership is told with its code, path and exact message."""
    check: Any = cc.member_has_access
    assert invalid(lambda: check(None, instant(1))) == (
        "WRONG_TYPE at membership: expected a Membership"
    )


def test_a_derived_memo_lists_each_structure_membership_once() -> None:
    """R3: a structure back in the circle on a second membership, appended once the circle's
    memo is built (the memo of the new circle is derived): a delegate asking while the first
    membership held reaches the record through it once, and through the second once it holds."""
    ssiad = directory_structure(5)
    record, creator = joined(ssiad, habilitated=True)
    record = cc.end_participation(record, "M2", actor=creator, at=instant(3)).record
    delegate = cc.Principal(
        account="pass:50", profession=professions.INFIRMIER, delegated_by={"S5"}
    )
    assert cc.effective_access(record, delegate, at=instant(2)).paths == (
        cc.AccessPath(member_id="M2", via_structure=True),
    )

    def appended(record: cc.CoordinationRecord, member_id: str) -> cc.CoordinationRecord:
        """``record`` with the SSIAD habilitated again, as ``member_id``, from minute 4."""
        again = cc.Membership(
            member_id=member_id,
            member=ssiad,
            habilitated=True,
            participations=(cc.Participation(start=instant(4), added_by="pass:1"),),
        )
        return attrs.evolve(record, circle=record.circle.replace(again))

    back = appended(record, "M3")
    for at, member_id in ((instant(2), "M2"), (instant(5), "M3")):
        expected = (cc.AccessPath(member_id=member_id, via_structure=True),)
        assert plain.effective_access(back, delegate, at=at).paths == expected
        assert cc.effective_access(back, delegate, at=at).paths == expected, at
        decision = cc.decide(back, delegate, "medical", READ, matrix=MATRIX, at=at)
        assert decision.paths == expected, at
    # A third membership, derived again from the derived memo.
    twice = appended(back, "M4")
    both = (
        cc.AccessPath(member_id="M3", via_structure=True),
        cc.AccessPath(member_id="M4", via_structure=True),
    )
    assert plain.effective_access(twice, delegate, at=instant(5)).paths == both
    assert cc.effective_access(twice, delegate, at=instant(5)).paths == both
