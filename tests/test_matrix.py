"""Habilitation matrix (*matrice d'habilitation*): profession × category → level (G5, R1, R11).

Loading from plain data with every problem at once, the round trip back to plain data, value
semantics, and the example matrix shipped for services that have none yet.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import carecircle as cc
from carecircle import STANDARD_CATEGORIES, example_matrix_data
from carecircle._access.example_matrix import EXAMPLE_GROUPS
from carecircle.nomenclatures import code_system, label
from carecircle.nomenclatures import professions as p
from carecircle.testing import strategies

NONE, READ, WRITE = cc.Level.NONE, cc.Level.READ, cc.Level.WRITE
G15_URL = code_system("TRE_G15").url
G15_OID = "urn:oid:" + code_system("TRE_G15").oid
PROFESSION_SYSTEMS = ("TRE_G15", "TRE_R94", "TRE_R95", "TRE_R291")


def rejected(data: object) -> list[tuple[str, str]]:
    """The (code, path) of every violation ``from_mapping`` reports, sorted."""
    with pytest.raises(cc.InputRejected) as info:
        cc.HabilitationMatrix.from_mapping(data)
    error = info.value
    assert isinstance(error, ExceptionGroup)
    assert all(isinstance(e, cc.InvalidValueError) for e in error.exceptions)
    assert all(v.message for v in error.violations)
    assert error.codes == tuple(sorted(v.code for v in error.violations))
    return sorted((v.code, v.path) for v in error.violations)


def rejected_by_constructor(**kwargs: Any) -> list[tuple[str, str]]:
    with pytest.raises(cc.InputRejected) as info:
        cc.HabilitationMatrix(**kwargs)
    return sorted((v.code, v.path) for v in info.value.violations)


class TestFromMapping:
    """G5: a service loads its own matrix from plain data (what TOML or JSON gives)."""

    matrix = cc.HabilitationMatrix.from_mapping(
        {
            "categories": ["administrative", "medical", "social", "psychological", "nutrition"],
            "grants": {
                "TRE_G15|10": {"administrative": "write", "medical": "write", "social": "read"},
                f"{G15_URL}|95": {"medical": "read", "nutrition": "write"},
                f"{G15_OID}|60": {"medical": "write", "social": "none"},
                " TRE_R95 | 93 ": {"psychological": "write"},
                "TRE_R94|41": {},
            },
        }
    )

    def test_levels(self) -> None:
        m = self.matrix
        assert m.categories == ("administrative", "medical", "social", "psychological", "nutrition")
        assert m.level(p.DIETETICIEN, "nutrition") is WRITE
        assert m.level(p.DIETETICIEN, "medical") is READ
        assert m.level(p.DIETETICIEN, "social") is NONE
        assert m.level(p.MEDECIN, "nutrition") is NONE
        assert m.level(p.INFIRMIER, "social") is NONE
        assert m.level(p.PSYCHOLOGUE, "psychological") is WRITE
        assert m.level(p.OSTEOPATHE, "medical") is NONE
        assert m.level(None, "medical") is NONE
        assert m.level(p.MEDECIN, "undeclared") is NONE

    def test_allows(self) -> None:
        m = self.matrix
        assert m.allows(p.MEDECIN, cc.Category.MEDICAL, cc.Action.WRITE)
        assert m.allows(p.MEDECIN, "social", cc.Action.READ)
        assert not m.allows(p.MEDECIN, cc.Category.SOCIAL, cc.Action.WRITE)
        assert not m.allows(p.ASSISTANT_SERVICE_SOCIAL, "social", cc.Action.READ)
        assert not m.allows(None, "medical", cc.Action.READ)
        assert not m.allows(p.OSTEOPATHE, "medical", cc.Action.READ)

    def test_what_it_knows(self) -> None:
        """R1: a listed profession with an empty row is known; an unlisted one is not."""
        m = self.matrix
        assert m.knows_profession(p.ASSISTANT_SERVICE_SOCIAL)
        assert m.knows_profession(p.INFIRMIER)
        assert not m.knows_profession(p.OSTEOPATHE)
        assert not m.knows_profession(None)
        assert m.knows_category("nutrition") and m.knows_category(cc.Category.MEDICAL)
        assert not m.knows_category("legal")
        assert m.professions == tuple(
            sorted(
                [p.MEDECIN, p.DIETETICIEN, p.INFIRMIER, p.PSYCHOLOGUE, p.ASSISTANT_SERVICE_SOCIAL]
            )
        )

    def test_row(self) -> None:
        assert self.matrix.row(p.DIETETICIEN) == {
            "administrative": NONE,
            "medical": READ,
            "social": NONE,
            "psychological": NONE,
            "nutrition": WRITE,
        }
        assert set(self.matrix.row(p.OSTEOPATHE).values()) == {NONE}

    def test_categories_default_to_the_standard_four(self) -> None:
        m = cc.HabilitationMatrix.from_mapping({"grants": {"TRE_G15|10": {"medical": "read"}}})
        assert m.categories == STANDARD_CATEGORIES == tuple(cc.Category)
        assert cc.HabilitationMatrix.from_mapping({}).professions == ()

    def test_closed_profession_codes_are_accepted(self) -> None:
        """Old profiles carry closed codes (G15 93, R94 200, R291 950)."""
        m = cc.HabilitationMatrix.from_mapping(
            {
                "grants": {
                    "TRE_G15|93": {"psychological": "write"},
                    "TRE_R94|200": {"social": "write"},
                    "TRE_R291|950": {"administrative": "read"},
                }
            }
        )
        closed_psy = code_system("TRE_G15").code("93")
        assert code_system("TRE_G15")["93"].closed
        assert m.level(closed_psy, "psychological") is WRITE
        assert m.level(code_system("TRE_R94").code("200"), "social") is WRITE
        assert m.level(code_system("TRE_R291").code("950"), "administrative") is READ
        # The same code in another system is another profession.
        assert not m.knows_profession(p.PSYCHOLOGUE)


class TestEveryProblemAtOnce:
    """R11: every problem of the data, each with its code and path; nothing is built."""

    def test_all_at_once(self) -> None:
        data = {
            "categories": ["medical", "Social!", "medical", 3, "nutrition", "psychological"],
            "grants": {
                "TRE_G15|10": {"medical": "write", "nutrition": "rw", "dental": "read"},
                "TRE_G15|999": {"medical": "read"},
                "TRE_NOPE|10": {},
                "TRE_R216|FTH": {},
                "MEDECIN": {},
                f"{G15_URL}|10": {"medical": "read"},
                "TRE_R95|93": "write",
                "TRE_G15|93": {"psychological": "write"},
            },
            "version": 2,
        }
        assert rejected(data) == sorted(
            [
                ("UNKNOWN_KEY", "$.version"),
                ("INVALID_CATEGORY", "$.categories[1]"),
                ("DUPLICATE_CATEGORY", "$.categories[2]"),
                ("INVALID_CATEGORY", "$.categories[3]"),
                ("UNKNOWN_LEVEL", "$.grants['TRE_G15|10'].nutrition"),
                ("UNKNOWN_CATEGORY", "$.grants['TRE_G15|10'].dental"),
                ("UNKNOWN_PROFESSION", "$.grants['TRE_G15|999']"),
                ("UNKNOWN_PROFESSION", "$.grants['TRE_NOPE|10']"),
                ("UNKNOWN_PROFESSION", "$.grants['TRE_R216|FTH']"),
                ("UNKNOWN_PROFESSION", "$.grants['MEDECIN']"),
                ("DUPLICATE_PROFESSION", f"$.grants['{G15_URL}|10']"),
                ("MALFORMED_MATRIX", "$.grants['TRE_R95|93']"),
            ]
        )

    def test_as_an_exception_group(self) -> None:
        data = {"grants": {"TRE_G15|10": {"medicl": "rw"}}}
        with pytest.RaisesGroup(
            pytest.RaisesExc(cc.InvalidValueError, match=r"^UNKNOWN_CATEGORY at "),
            pytest.RaisesExc(cc.InvalidValueError, match=r"^UNKNOWN_LEVEL at "),
        ) as info:
            cc.HabilitationMatrix.from_mapping(data)
        assert isinstance(info.value, cc.InputRejected)
        assert info.value.codes == ("UNKNOWN_CATEGORY", "UNKNOWN_LEVEL")
        assert str(info.value).startswith("input rejected, 2 violations")

    @pytest.mark.parametrize(
        ("data", "expected"),
        [
            (["TRE_G15|10"], [("MALFORMED_MATRIX", "$")]),
            ("categories", [("MALFORMED_MATRIX", "$")]),
            (None, [("MALFORMED_MATRIX", "$")]),
            ({"categories": "medical"}, [("MALFORMED_MATRIX", "$.categories")]),
            ({"categories": 4}, [("MALFORMED_MATRIX", "$.categories")]),
            ({"grants": ["TRE_G15|10"]}, [("MALFORMED_MATRIX", "$.grants")]),
            (
                {"grants": {"TRE_G15|10": ["medical"]}},
                [("MALFORMED_MATRIX", "$.grants['TRE_G15|10']")],
            ),
            ({"grant": {}}, [("UNKNOWN_KEY", "$.grant")]),
            ({"categories": ["Medical"]}, [("INVALID_CATEGORY", "$.categories[0]")]),
            ({"categories": [""]}, [("INVALID_CATEGORY", "$.categories[0]")]),
            ({"categories": ["a" * 64]}, [("INVALID_CATEGORY", "$.categories[0]")]),
            ({"categories": ["x", "x"]}, [("DUPLICATE_CATEGORY", "$.categories[1]")]),
            ({"categories": []}, [("NO_CATEGORY", "$.categories")]),
            (
                {"categories": [], "grants": 1},
                [("MALFORMED_MATRIX", "$.grants"), ("NO_CATEGORY", "$.categories")],
            ),
            (
                {"grants": {"TRE_G15|10": {"nutrition": "read"}}},
                [("UNKNOWN_CATEGORY", "$.grants['TRE_G15|10'].nutrition")],
            ),
            (
                {"grants": {"TRE_G15|10": {"medical": "READ"}}},
                [("UNKNOWN_LEVEL", "$.grants['TRE_G15|10'].medical")],
            ),
            (
                {"grants": {"TRE_G15|10": {"medical": 2}}},
                [("UNKNOWN_LEVEL", "$.grants['TRE_G15|10'].medical")],
            ),
            (
                {"grants": {"TRE_G15|10": {"medical": None}}},
                [("UNKNOWN_LEVEL", "$.grants['TRE_G15|10'].medical")],
            ),
            ({"grants": {"TRE_G15|99": {}}}, [("UNKNOWN_PROFESSION", "$.grants['TRE_G15|99']")]),
            ({"grants": {"TRE_XYZ|10": {}}}, [("UNKNOWN_PROFESSION", "$.grants['TRE_XYZ|10']")]),
            (
                {"grants": {"TRE_R216|FTH": {}}},
                [("UNKNOWN_PROFESSION", "$.grants['TRE_R216|FTH']")],
            ),
            ({"grants": {"TRE_R66|500": {}}}, [("UNKNOWN_PROFESSION", "$.grants['TRE_R66|500']")]),
            ({"grants": {"10": {}}}, [("UNKNOWN_PROFESSION", "$.grants['10']")]),
            ({"grants": {"TRE_G15": {}}}, [("UNKNOWN_PROFESSION", "$.grants['TRE_G15']")]),
            ({"grants": {10: {}}}, [("UNKNOWN_PROFESSION", "$.grants[10]")]),
            (
                {"grants": {"TRE_G15|10": {}, f"{G15_URL}|10": {}, f"{G15_OID}|10": {}}},
                [
                    ("DUPLICATE_PROFESSION", f"$.grants['{G15_OID}|10']"),
                    ("DUPLICATE_PROFESSION", f"$.grants['{G15_URL}|10']"),
                ],
            ),
        ],
    )
    def test_each_code_with_its_path(self, data: object, expected: list[tuple[str, str]]) -> None:
        assert rejected(data) == sorted(expected)

    def test_no_category_is_reported_beside_an_unknown_key(self) -> None:
        assert rejected({"categories": [], "extra": 1}) == [
            ("NO_CATEGORY", "$.categories"),
            ("UNKNOWN_KEY", "$.extra"),
        ]


class TestConstructorRows:
    """The constructor reports a row that is not a mapping, with the others, at once."""

    def test_row_not_a_mapping(self) -> None:
        bad: Any = {p.MEDECIN: ["medical"], p.INFIRMIER: {"medicl": "write"}}
        assert rejected_by_constructor(grants=bad) == [
            ("MALFORMED_MATRIX", "grants[TRE_G15|10]"),
            ("UNKNOWN_CATEGORY", "grants[TRE_G15|60].medicl"),
        ]


class TestConstructor:
    """The constructor checks what ``from_mapping`` checks, with paths without ``$.``."""

    def test_accepts_levels_as_text(self) -> None:
        as_text: Any = {p.MEDECIN: {"medical": "write"}}
        assert cc.HabilitationMatrix(grants=as_text) == cc.HabilitationMatrix(
            grants={p.MEDECIN: {"medical": WRITE}}
        )

    def test_duplicate_category(self) -> None:
        assert rejected_by_constructor(categories=("medical", "medical")) == [
            ("DUPLICATE_CATEGORY", "categories")
        ]

    def test_no_category_and_invalid_names(self) -> None:
        assert rejected_by_constructor(categories=()) == [("NO_CATEGORY", "categories")]
        assert rejected_by_constructor(categories=("medical", "Bad name!")) == [
            ("INVALID_CATEGORY", "categories[1]")
        ]

    def test_only_profession_codes(self) -> None:
        """A code of another system (a kinship, a local code) is no profession (R1)."""
        fille = code_system("TRE_R216").code("FTH")
        local = cc.Code("urn:example:local", "10")
        assert rejected_by_constructor(grants={fille: {}, local: {}}) == [
            ("UNKNOWN_PROFESSION", "grants[TRE_R216|FTH]"),
            ("UNKNOWN_PROFESSION", "grants[urn:example:local|10]"),
        ]
        closed = code_system("TRE_R95").code("193")
        assert cc.HabilitationMatrix(grants={closed: {"psychological": WRITE}}).knows_profession(
            closed
        )

    def test_every_problem_at_once(self) -> None:
        grants: Any = {
            "TRE_G15|10": {"medical": WRITE},
            p.INFIRMIER: {"nutrition": READ, "medical": "rw"},
        }
        assert rejected_by_constructor(
            categories=("medical", "social", "social"), grants=grants
        ) == [
            ("DUPLICATE_CATEGORY", "categories"),
            ("UNKNOWN_CATEGORY", "grants[TRE_G15|60].nutrition"),
            ("UNKNOWN_LEVEL", "grants[TRE_G15|60].medical"),
            ("UNKNOWN_PROFESSION", "grants[TRE_G15|10]"),
        ]


class TestLevels:
    """G5: none, read or write; write implies read."""

    def test_permits(self) -> None:
        table = {
            (level, action): level.permits(action)
            for level, action in itertools.product(cc.Level, cc.Action)
        }
        assert table == {
            (NONE, cc.Action.READ): False,
            (NONE, cc.Action.WRITE): False,
            (READ, cc.Action.READ): True,
            (READ, cc.Action.WRITE): False,
            (WRITE, cc.Action.READ): True,
            (WRITE, cc.Action.WRITE): True,
        }
        assert [level.rank for level in (NONE, READ, WRITE)] == [0, 1, 2]

    @settings(max_examples=40, deadline=None)
    @given(matrix=strategies.matrices())
    def test_write_implies_read_in_every_matrix(self, matrix: cc.HabilitationMatrix) -> None:
        for profession, category in itertools.product(matrix.professions, matrix.categories):
            level = matrix.level(profession, category)
            assert level is matrix.grants[profession].get(category, NONE)
            for action in cc.Action:
                assert matrix.allows(profession, category, action) is level.permits(action)
            if matrix.allows(profession, category, cc.Action.WRITE):
                assert matrix.allows(profession, category, cc.Action.READ)


class TestRoundTrip:
    """``to_mapping`` gives plain data that ``from_mapping`` reads back into an equal matrix."""

    @staticmethod
    def check(matrix: cc.HabilitationMatrix) -> None:
        data = matrix.to_mapping()
        again = cc.HabilitationMatrix.from_mapping(json.loads(json.dumps(data)))
        assert again == matrix and hash(again) == hash(matrix)
        assert again.categories == matrix.categories
        assert again.professions == matrix.professions
        for profession in matrix.professions:
            assert again.row(profession) == matrix.row(profession)

    def test_example(self) -> None:
        self.check(cc.EXAMPLE_MATRIX)
        assert cc.HabilitationMatrix.from_mapping(example_matrix_data()) == cc.EXAMPLE_MATRIX

    def test_plain_data(self) -> None:
        m = cc.HabilitationMatrix.from_mapping(
            {
                "categories": ["medical", "nutrition"],
                "grants": {f"{G15_URL}|95": {"nutrition": "write", "medical": "none"}},
            }
        )
        assert m.to_mapping() == {
            "categories": ["medical", "nutrition"],
            "grants": {"TRE_G15|95": {"nutrition": "write"}},
        }
        self.check(m)

    @settings(max_examples=60, deadline=None)
    @given(matrix=strategies.matrices(professions=strategies.professions(include_closed=True)))
    def test_any_matrix(self, matrix: cc.HabilitationMatrix) -> None:
        self.check(matrix)


class TestValueSemantics:
    """Immutable values: read-only views, equal and hashed by what they grant."""

    def test_grants_are_read_only(self) -> None:
        m = cc.HabilitationMatrix.from_mapping({"grants": {"TRE_G15|10": {"medical": "write"}}})
        grants: Any = m.grants
        with pytest.raises(TypeError):
            grants[p.INFIRMIER] = {"medical": WRITE}
        with pytest.raises(TypeError):
            grants[p.MEDECIN]["medical"] = NONE
        with pytest.raises(TypeError):
            del grants[p.MEDECIN]
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            m.categories = ("medical",)  # type: ignore[misc]
        assert m.level(p.MEDECIN, "medical") is WRITE and not m.knows_profession(p.INFIRMIER)

    def test_the_callers_mapping_is_copied(self) -> None:
        source = {p.MEDECIN: {"medical": WRITE}}
        m = cc.HabilitationMatrix(grants=source)
        source[p.MEDECIN]["medical"] = NONE
        source[p.INFIRMIER] = {"medical": WRITE}
        assert m.level(p.MEDECIN, "medical") is WRITE
        assert not m.knows_profession(p.INFIRMIER)
        row = m.row(p.MEDECIN)
        row["medical"] = NONE
        assert m.level(p.MEDECIN, "medical") is WRITE

    def test_equal_and_hashed_by_content(self) -> None:
        by_name = cc.HabilitationMatrix.from_mapping(
            {"grants": {"TRE_G15|10": {"medical": "write", "social": "none"}}}
        )
        by_url = cc.HabilitationMatrix.from_mapping(
            {"grants": {f"{G15_URL}|10": {"medical": "write"}}}
        )
        built = cc.HabilitationMatrix(grants={p.MEDECIN: {cc.Category.MEDICAL: WRITE}})
        assert by_name == by_url == built
        assert len({by_name, by_url, built}) == 1
        assert {by_name: "x"}[built] == "x"
        reads = cc.HabilitationMatrix(grants={p.MEDECIN: {"medical": READ}})
        other_categories = cc.HabilitationMatrix(
            categories=("medical",), grants={p.MEDECIN: {"medical": WRITE}}
        )
        assert built not in (reads, other_categories)
        assert built != object() and built != built.to_mapping()

    def test_a_profession_listed_with_nothing_counts(self) -> None:
        """R1: an unlisted profession is unknown; a listed one granted nothing is denied."""
        listed = cc.HabilitationMatrix(grants={p.MEDECIN: {"medical": WRITE}, p.INFIRMIER: {}})
        unlisted = cc.HabilitationMatrix(grants={p.MEDECIN: {"medical": WRITE}})
        assert listed != unlisted
        assert listed == cc.HabilitationMatrix.from_mapping(listed.to_mapping())


# -- the example matrix ---------------------------------------------------------------------


class TestExampleMatrix:
    """The example lists every profession of TRE_G15, R94, R95 and R291, closed ones included,
    each once, with a plausible row."""

    def test_every_profession_code_exactly_once(self) -> None:
        listed = [code for group in EXAMPLE_GROUPS for code in group.professions]
        assert len(listed) == len(set(listed))
        every = [c.key for name in PROFESSION_SYSTEMS for c in code_system(name)]
        assert sorted(listed) == sorted(every)
        assert cc.EXAMPLE_MATRIX.professions == tuple(sorted(every))
        assert set(every) == set(p.all_professions(include_closed=True))
        assert len(example_matrix_data()["grants"]) == len(every)  # type: ignore[arg-type]

    def test_declares_the_standard_categories(self) -> None:
        assert cc.EXAMPLE_MATRIX.categories == STANDARD_CATEGORIES

    def test_medecin_writes_everything(self) -> None:
        assert cc.EXAMPLE_MATRIX.row(p.MEDECIN) == dict.fromkeys(STANDARD_CATEGORIES, WRITE)

    def test_psychologue_writes_psychological_and_has_no_medical(self) -> None:
        row = cc.EXAMPLE_MATRIX.row(p.PSYCHOLOGUE)
        assert row["psychological"] is WRITE and row["medical"] is NONE
        # Closed codes of the same profession get the same row.
        for closed in (code_system("TRE_G15").code("93"), code_system("TRE_R95").code("193")):
            assert label(closed) == "Psychologue"
            assert cc.EXAMPLE_MATRIX.row(closed) == row

    def test_spot_checks(self) -> None:
        m = cc.EXAMPLE_MATRIX
        assert m.row(p.INFIRMIER) == {
            "administrative": READ,
            "social": READ,
            "medical": WRITE,
            "psychological": READ,
        }
        assert m.level(p.ASSISTANT_SERVICE_SOCIAL, "social") is WRITE
        assert m.level(p.ASSISTANT_SERVICE_SOCIAL, "medical") is NONE
        assert m.row(code_system("TRE_R94").code("200")) == m.row(p.ASSISTANT_SERVICE_SOCIAL)
        assert m.level(p.OSTEOPATHE, "medical") is READ
        assert m.level(p.OSTEOPATHE, "psychological") is NONE
        assert m.level(p.ACTEUR_ROLE, "administrative") is WRITE
        assert m.level(p.ACTEUR_ROLE, "medical") is NONE
        assert m.row(code_system("TRE_R291").code("950")) == m.row(p.ACTEUR_ROLE)

    def test_only_medecin_and_the_psy_group_write_psychological(self) -> None:
        writers = {
            c
            for c in cc.EXAMPLE_MATRIX.professions
            if cc.EXAMPLE_MATRIX.level(c, "psychological") is WRITE
        }
        assert writers == {p.MEDECIN} | {
            c
            for c in cc.EXAMPLE_MATRIX.professions
            if label(c) in {"Psychologue", "Psychothérapeute"}
        }

    def test_every_profession_reads_administrative(self) -> None:
        assert all(
            cc.EXAMPLE_MATRIX.allows(c, "administrative", cc.Action.READ)
            for c in cc.EXAMPLE_MATRIX.professions
        )


# -- wrong types ------------------------------------------------------------------------------


def rejected_by(call: Any) -> list[tuple[str, str]]:
    with pytest.raises(cc.InputRejected) as raised:
        call()
    return [(v.code, v.path) for v in raised.value.violations]


#: The constructor, typed loosely: these tests pass what Python callers might.
ANY_MATRIX: Any = cc.HabilitationMatrix


class TestConstructorTypes:
    """The constructor's wrong-typed arguments are InputRejected with paths, never a bare
    TypeError."""

    def test_grants_none(self) -> None:
        assert rejected_by(lambda: ANY_MATRIX(grants=None)) == [("MALFORMED_MATRIX", "grants")]

    def test_categories_not_a_list(self) -> None:
        for categories in (None, "medical", 3):
            assert rejected_by(lambda c=categories: ANY_MATRIX(categories=c)) == [
                ("MALFORMED_MATRIX", "categories")
            ]

    def test_categories_not_names(self) -> None:
        assert rejected_by(lambda: ANY_MATRIX(categories=[["x"], "medical", 1])) == [
            ("INVALID_CATEGORY", "categories[0]"),
            ("INVALID_CATEGORY", "categories[2]"),
        ]

    def test_a_list_of_categories_is_kept_as_a_tuple(self) -> None:
        matrix = ANY_MATRIX(categories=["medical", "social"])
        assert matrix.categories == ("medical", "social")
        assert matrix.declared == frozenset({"medical", "social"})

    def test_rows_and_levels(self) -> None:
        medecin = p.MEDECIN
        assert rejected_by(lambda: ANY_MATRIX(grants={medecin: None})) == [
            ("MALFORMED_MATRIX", "grants[TRE_G15|10]")
        ]
        assert rejected_by(lambda: ANY_MATRIX(grants={medecin: {"medical": ["read"]}})) == [
            ("UNKNOWN_LEVEL", "grants[TRE_G15|10].medical")
        ]
        assert rejected_by(lambda: ANY_MATRIX(grants={"TRE_G15|10": {}})) == [
            ("UNKNOWN_PROFESSION", "grants[TRE_G15|10]")
        ]

    def test_levels_given_by_value(self) -> None:
        matrix = ANY_MATRIX(grants={p.MEDECIN: {"medical": "write"}})
        assert matrix.level(p.MEDECIN, "medical") is WRITE
        assert matrix.rank_table[p.MEDECIN.token] == {
            "administrative": 0,
            "social": 0,
            "medical": 2,
            "psychological": 0,
        }
        assert matrix.level_views[p.MEDECIN.token]["medical"] is WRITE
        assert dict(matrix.no_levels) == dict.fromkeys(STANDARD_CATEGORIES, NONE)
        assert cc.ACTION_RANKS == {cc.Action.READ: 1, cc.Action.WRITE: 2}
        assert cc.ACTION_RANKS["read"] == 1

    def test_the_tables_are_read_only(self) -> None:
        matrix = ANY_MATRIX(grants={p.MEDECIN: {"medical": "write"}})
        with pytest.raises(TypeError):
            matrix.rank_table[p.MEDECIN.token]["medical"] = 0
        with pytest.raises(TypeError):
            matrix.level_views[p.MEDECIN.token]["medical"] = NONE
        with pytest.raises(TypeError):
            matrix.no_levels["medical"] = WRITE


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
KEYS = st.sampled_from(["TRE_G15|10", "TRE_G15|60", "TRE_R94|41", "TRE_R216|FTH", "x", ""])
CATEGORY_NAMES = st.sampled_from([*STANDARD_CATEGORIES, "nutrition", "Medical", ""])
LEVEL_VALUES = st.sampled_from(["none", "read", "write", "rw", ""]) | JSON
PLAIN_MATRICES = st.fixed_dictionaries(
    {},
    optional={
        "categories": st.lists(CATEGORY_NAMES | JSON, max_size=5) | JSON,
        "grants": st.dictionaries(
            KEYS | st.text(max_size=8),
            st.dictionaries(CATEGORY_NAMES | st.text(max_size=8), LEVEL_VALUES, max_size=4) | JSON,
            max_size=4,
        )
        | JSON,
        "version": JSON,
    },
)


class TestLoadingAnything:
    """Matrix loading is a boundary: any plain data gives a matrix or InputRejected, every
    violation with a code and a path under ``$``."""

    @pytest.mark.boundary
    @given(data=PLAIN_MATRICES | JSON)
    def test_from_mapping(self, data: object) -> None:
        try:
            matrix = cc.HabilitationMatrix.from_mapping(data)
        except cc.InputRejected as rejected:
            violations = rejected.violations
            assert violations
            assert all(v.path.startswith("$") and v.code for v in violations)
        else:
            assert cc.HabilitationMatrix.from_mapping(matrix.to_mapping()) == matrix

    @pytest.mark.boundary
    @given(categories=JSON | st.lists(CATEGORY_NAMES | JSON), grants=JSON)
    def test_constructor(self, categories: Any, grants: Any) -> None:
        try:
            ANY_MATRIX(categories=categories, grants=grants)
        except cc.InputRejected as rejected:
            violations = rejected.violations
            assert violations
            assert all(v.code for v in violations)
