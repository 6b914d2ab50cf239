"""Platform professions (issue 10 item 6): a service declares its platform's professions in a
:class:`~carecircle.professions.ProfessionCatalog`; members, principals and habilitation
matrices accept them, and a code the catalogue lacks is still refused (R1).

The guide's own example (G3, G5): SABOURIN MATHILDE, « Personnel non médical (hors
administratif et informatique) », found in the PASS directory and added to the circle with her
profession; the matrix then says what she may read and write.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

import carecircle as cc
from carecircle import (
    DEFAULT_PROFESSIONS,
    Code,
    Profession,
    ProfessionalQuery,
    ProfessionCatalog,
    rules,
)
from carecircle._access.matrix import parse_profession
from carecircle.nomenclatures import professions, relationships
from carecircle.professions import PLATFORM_PROFESSION_SYSTEM
from carecircle.testing import directories, notifiers
from carecircle.testing.builders import directory_professional, instant, new_record

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.circles import joined
else:
    from .helpers.circles import joined

PNM = Profession(
    code=Code(PLATFORM_PROFESSION_SYSTEM, "PERSONNEL_NON_MEDICAL"),
    label="Personnel non médical (hors administratif et informatique)",
)
SPICO = DEFAULT_PROFESSIONS.with_professions(PNM)
SABOURIN = cc.DirectoryProfessional(
    national_id="810009876543",
    account=cc.PassAccount(id="pass:sabourin"),
    profession=PNM.code,
    family_name="SABOURIN",
    given_name="MATHILDE",
)
MATRIX_DATA = {
    "grants": {
        "TRE_G15|10": {"administrative": "write", "medical": "write"},
        f"{PLATFORM_PROFESSION_SYSTEM}|PERSONNEL_NON_MEDICAL": {
            "administrative": "read",
            "social": "write",
        },
    }
}


def _service(catalog: ProfessionCatalog = SPICO) -> cc.CareCircleService:
    return cc.CareCircleService(
        professionals=directories.InMemoryProfessionalDirectory(
            [directory_professional(1), SABOURIN]
        ),
        structures=directories.InMemoryStructureDirectory(),
        notifier=notifiers.CapturingNotifier(),
        professions=catalog,
    )


def test_sabourin_is_found_in_the_directory_and_added_with_her_profession() -> None:
    """G3: search by name and by profession; the entry fills the member in; G5: habilitated."""
    service = _service()
    page = service.professionals.search(ProfessionalQuery(name="sabourin"))
    assert [p.display_name for p in page.items] == ["SABOURIN MATHILDE"]
    assert service.professionals.search(ProfessionalQuery(profession=PNM.code)).total == 1
    record, actor = new_record()
    change = service.add_professional(
        record, actor=actor, national_id="810009876543", habilitated=True, at=instant(1)
    )
    m2 = change.record.circle.get("M2")
    assert m2.member.display_name == "SABOURIN MATHILDE"
    assert m2.member == SABOURIN
    assert [n.recipient for n in change.notifications] == ["pass:sabourin"]


def test_without_the_catalogue_the_same_add_is_refused() -> None:
    """R1, issue 10 item 6: a code the catalogue lacks is still refused, with its code."""
    record, actor = new_record()
    with pytest.raises(cc.ChangeRejected) as raised:
        _service(DEFAULT_PROFESSIONS).add_professional(
            record, actor=actor, national_id="810009876543", at=instant(1)
        )
    assert [(v.code, v.path) for v in raised.value.violations] == [
        ("UNKNOWN_CODE", "members[M2].member.profession")
    ]
    assert record.version == 1
    with pytest.raises(cc.ChangeRejected):
        cc.add_member(record, SABOURIN, actor=actor, at=instant(1))
    assert cc.add_member(record, SABOURIN, actor=actor, at=instant(1), professions=SPICO).applied


def test_a_matrix_listing_her_profession_grants_her_what_it_says() -> None:
    """G5, R2: the matrix grants her profession read on administrative, write on social."""
    record, _ = joined(SABOURIN, habilitated=True, professions=SPICO)
    matrix = cc.HabilitationMatrix.from_mapping(MATRIX_DATA, professions=SPICO)
    mathilde = cc.Principal.from_entry(SABOURIN)
    assert mathilde.profession == PNM.code

    def decide(category: cc.Category, action: cc.Action, m: cc.HabilitationMatrix) -> object:
        return cc.decide(record, mathilde, category, action, matrix=m, at=instant(2))

    assert cc.is_allowed(
        record, mathilde, cc.Category.SOCIAL, cc.Action.WRITE, matrix=matrix, at=instant(2)
    )
    allowed = decide(cc.Category.ADMINISTRATIVE, cc.Action.READ, matrix)
    assert isinstance(allowed, cc.Decision) and allowed.allowed
    denied = decide(cc.Category.MEDICAL, cc.Action.READ, matrix)
    assert isinstance(denied, cc.Decision)
    assert denied.reasons == (cc.Reason.MATRIX_DENIES,)
    unlisted = decide(cc.Category.SOCIAL, cc.Action.READ, cc.EXAMPLE_MATRIX)
    assert isinstance(unlisted, cc.Decision)
    assert unlisted.reasons == (cc.Reason.UNKNOWN_PROFESSION,)


def test_the_matrix_refuses_a_platform_profession_without_the_catalogue() -> None:
    with pytest.raises(cc.InputRejected) as raised:
        cc.HabilitationMatrix.from_mapping(MATRIX_DATA)
    assert [(v.code, v.path) for v in raised.value.violations] == [
        ("UNKNOWN_PROFESSION", f"$.grants['{PLATFORM_PROFESSION_SYSTEM}|PERSONNEL_NON_MEDICAL']")
    ]
    with pytest.raises(cc.InputRejected):
        cc.HabilitationMatrix(grants={PNM.code: {"social": cc.Level.READ}})


def test_a_matrix_with_platform_professions_reads_back_its_data() -> None:
    matrix = cc.HabilitationMatrix.from_mapping(MATRIX_DATA, professions=SPICO)
    assert matrix.profession_catalog is SPICO
    again = cc.HabilitationMatrix.from_mapping(matrix.to_mapping(), professions=SPICO)
    assert again == matrix
    assert parse_profession(f"{PLATFORM_PROFESSION_SYSTEM}|PERSONNEL_NON_MEDICAL", SPICO) == (
        PNM.code
    )
    assert parse_profession(f"{PLATFORM_PROFESSION_SYSTEM}|PERSONNEL_NON_MEDICAL") is None


def test_closed_ans_professions_stay_closed_in_a_catalogue() -> None:
    old_psychologist = Code(professions.MEDECIN.system, "93")
    reopened = Profession(code=old_psychologist, label="Psychologue")
    assert reopened.closed_on == dt.date(2021, 12, 17)
    catalog = SPICO.with_professions(reopened)
    assert not catalog.is_open(old_psychologist, instant(0))
    member = cc.ManualProfessional(family_name="Petit", profession=old_psychologist)
    record, actor = new_record()
    with pytest.raises(cc.ChangeRejected) as raised:
        cc.add_member(record, member, actor=actor, at=instant(1), professions=catalog)
    assert raised.value.codes == ("CLOSED_CODE",)


def test_a_platform_profession_may_close() -> None:
    retired = Profession(
        code=Code(PLATFORM_PROFESSION_SYSTEM, "OLD"), label="Ancien", closed_on=dt.date(2026, 1, 1)
    )
    catalog = SPICO.with_professions(retired)
    member = cc.ManualProfessional(family_name="Petit", profession=retired.code)
    found = rules.codes.member_violations(
        cc.Membership(
            member_id="M2",
            member=member,
            participations=(cc.Participation(start=instant(0), added_by="x"),),
        ),
        at=instant(0),
        professions=catalog,
    )
    assert [(v.code, v.message) for v in found] == [
        ("CLOSED_CODE", "the profession code OLD (Ancien) is closed")
    ]


@pytest.mark.parametrize(
    "code",
    [Code(professions.MEDECIN.system, "XX"), relationships.FILLE],
    ids=["no such G15 code", "a kinship"],
)
def test_a_profession_of_a_shipped_system_must_be_one_of_its_professions(code: Code) -> None:
    with pytest.raises(cc.InvalidValueError) as raised:
        Profession(code=code, label="Inventée")
    assert (raised.value.code, raised.value.path) == ("PROFESSION_CODE_INVALID", "profession.code")


@pytest.mark.parametrize(
    ("build", "path"),
    [
        (lambda: Profession(code="PNM", label="x"), "profession.code"),  # type: ignore[arg-type]
        (lambda: Profession(code=PNM.code, label=3), "profession.label"),  # type: ignore[arg-type]
        (lambda: Profession(code=PNM.code, label="x", closed_on="2026"), "profession.closed_on"),
        (lambda: ProfessionCatalog("PNM"), "professions"),
        (lambda: SPICO.with_professions(PNM.code), "professions[0]"),  # type: ignore[arg-type]
        (lambda: SPICO.is_open(PNM.code, "today"), "at"),  # type: ignore[arg-type]
        (lambda: cc.HabilitationMatrix(professions=cc.DEFAULT_ROLES), "professions"),
        (
            lambda: cc.HabilitationMatrix.from_mapping({}, professions={}),  # type: ignore[arg-type]
            "professions",
        ),
        (lambda: _service(cc.DEFAULT_ROLES), "professions"),  # type: ignore[arg-type]
    ],
)
def test_bad_input_is_a_coded_error(build: object, path: str) -> None:
    assert callable(build)
    with pytest.raises(cc.InvalidValueError) as raised:
        build()
    assert (raised.value.code, raised.value.path) == ("WRONG_TYPE", path)


def test_the_catalogue_is_a_mapping() -> None:
    assert SPICO[PNM.code] is PNM
    assert SPICO.find("PNM") is None
    assert object() not in SPICO
    assert len(SPICO) == len(DEFAULT_PROFESSIONS) + 1
    assert PLATFORM_PROFESSION_SYSTEM in DEFAULT_PROFESSIONS.systems
    with pytest.raises(cc.NotFoundError) as raised:
        DEFAULT_PROFESSIONS[PNM.code]
    assert raised.value.code == "UNKNOWN_PROFESSION"


_SYSTEMS = st.sampled_from([PLATFORM_PROFESSION_SYSTEM, "https://spico.example/professions"])
_CODES = st.builds(Code, _SYSTEMS, st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ_", min_size=1, max_size=6))


def _member_violations(code: Code, catalog: ProfessionCatalog) -> list[cc.Violation]:
    m = cc.Membership(
        member_id="M2",
        member=cc.ManualProfessional(family_name="Petit", profession=code),
        participations=(cc.Participation(start=instant(0), added_by="x"),),
    )
    return rules.codes.member_violations(m, at=instant(0), professions=catalog)


@given(declared=st.sets(_CODES, max_size=5), other=_CODES)
def test_declared_codes_are_accepted_and_others_refused(declared: set[Code], other: Code) -> None:
    """Property (issue 10 item 6, R1): for a random catalogue of platform professions, every
    declared code is accepted on members and in matrices; any code not declared is refused.
    """
    catalog = DEFAULT_PROFESSIONS.with_professions(
        *(Profession(code=c, label=c.code) for c in declared)
    )
    for code in declared:
        assert _member_violations(code, catalog) == []
        matrix = cc.HabilitationMatrix(
            grants={code: {"social": cc.Level.READ}}, professions=catalog
        )
        assert matrix.allows(code, "social", cc.Action.READ)
        assert cc.Principal(account="pass:1", profession=code).profession == code
    if other not in declared:
        # A system the catalogue takes professions from: unknown; any other: not allowed.
        expected = "UNKNOWN_CODE" if other.system in catalog.systems else "CODE_NOT_ALLOWED"
        assert [v.code for v in _member_violations(other, catalog)] == [expected]
        with pytest.raises(cc.InputRejected) as raised:
            cc.HabilitationMatrix(grants={other: {"social": cc.Level.READ}}, professions=catalog)
        assert raised.value.codes == ("UNKNOWN_PROFESSION",)
