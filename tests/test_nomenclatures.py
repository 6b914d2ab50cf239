"""ANS code systems: snapshot freshness, counts, closed codes, lookups and the generator."""

from __future__ import annotations

import datetime as dt
import json
import types
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecircle import Code, NotFoundError
from carecircle import nomenclatures as nom
from carecircle.nomenclatures import (
    SYSTEMS,
    CodeSystem,
    Concept,
    categories,
    code_system,
    concept,
    identifier_types,
    is_closed,
    is_known,
    label,
    lookup,
    professions,
    relationships,
    role_codes,
)

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.scripts import imported, shared_folder
else:
    from .helpers.scripts import imported, shared_folder

REPO_ROOT = Path(__file__).resolve().parents[1]
GENERATOR_PATH = REPO_ROOT / "scripts" / "generate_nomenclatures.py"
SNAPSHOT_PATH = REPO_ROOT / "src" / "carecircle" / "nomenclatures" / "_snapshot.py"
SHARED_NOS = REPO_ROOT.parent / "shared" / "nos"
SUBMODULES = (categories, identifier_types, professions, relationships, role_codes)
ALL_CONCEPTS = tuple(c for system in SYSTEMS.values() for c in system)


@pytest.fixture(scope="module")
def generator() -> Iterator[types.ModuleType]:
    with imported(GENERATOR_PATH) as module:
        yield module


@pytest.fixture
def shared_nos() -> Path:
    return shared_folder(SHARED_NOS, "NOS source")


# --- the committed snapshot -------------------------------------------------------------------


def test_snapshot_is_up_to_date(generator: types.ModuleType, shared_nos: Path) -> None:
    expected: str = generator.generate(shared_nos)
    assert SNAPSHOT_PATH.read_text(encoding="utf-8") == expected, (
        "src/carecircle/nomenclatures/_snapshot.py is stale: "
        "run python scripts/generate_nomenclatures.py"
    )


def test_generation_is_deterministic(generator: types.ModuleType, shared_nos: Path) -> None:
    assert generator.generate(shared_nos) == generator.generate(shared_nos)


@pytest.mark.parametrize(
    ("name", "count", "closed"),
    [
        ("TRE_G15", 30, 1),
        ("TRE_R94", 26, 14),
        ("TRE_R95", 10, 5),
        ("TRE_R291", 2, 1),
        ("TRE_R259", 4, 0),
        ("TRE_R260", 9, 0),
        ("TRE_R216", 79, 1),
        ("TRE_R217", 3, 0),
        ("TRE_R66", 298, 139),
        ("TRE_G07", 9, 2),
        ("TRE_G08", 11, 2),
        ("TRE_R85", 35, 2),
        ("TRE_R09", 4, 0),
    ],
)
def test_counts_match_the_nos_readme(name: str, count: int, closed: int) -> None:
    system = code_system(name)
    assert len(system) == count
    assert sum(c.closed for c in system) == closed
    assert len(system.open_concepts()) == count - closed


def test_system_metadata() -> None:
    g15 = SYSTEMS["TRE_G15"]
    assert g15.title == "Professions de santé définies par le code de la santé publique"
    assert g15.url == (
        "https://mos.esante.gouv.fr/NOS/TRE_G15-ProfessionSante/FHIR/TRE-G15-ProfessionSante"
    )
    assert g15.oid == "1.2.250.1.71.1.2.7"
    assert g15.date == dt.date(2021, 12, 17)
    assert all(s.name == name for name, s in SYSTEMS.items())
    assert len({s.url for s in SYSTEMS.values()}) == len(SYSTEMS)
    with pytest.raises(TypeError):
        SYSTEMS["X"] = g15  # type: ignore[index]


def test_r85_is_the_2023_07_18_release_with_353_reopened() -> None:
    r85 = code_system("TRE_R85")
    assert r85.date == dt.date(2023, 7, 18)
    assert r85.oid == "1.2.250.1.213.1.6.1.107"
    assert not r85["353"].closed
    assert r85["353"].display == "Membre de l'équipe de soins"
    assert r85["330"].closed_on == dt.date(2022, 6, 24)
    assert r85["352"].closed


# --- closed codes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code", "closed_on"),
    [
        ("TRE_G15", "93", dt.date(2021, 12, 17)),
        ("TRE_R94", "200", dt.date(2020, 5, 29)),
        ("TRE_R95", "171", dt.date(2020, 5, 29)),
        ("TRE_R291", "950", dt.date(2020, 5, 29)),
        ("TRE_R85", "330", dt.date(2022, 6, 24)),
        ("TRE_R216", "COUSIN", dt.date(2020, 1, 31)),
    ],
)
def test_closed_codes_are_known_and_flagged(name: str, code: str, closed_on: dt.date) -> None:
    found = code_system(name)[code]
    assert found.closed
    assert found.closed_on == closed_on
    assert is_known(found.key)
    assert is_closed(found.key)
    assert found not in code_system(name).open_concepts()
    assert found.is_closed_at(closed_on)
    assert not found.is_closed_at(closed_on - dt.timedelta(days=1))


def test_open_concept_is_never_closed_at() -> None:
    medecin = concept(professions.MEDECIN)
    assert medecin.closed_on is None
    assert not medecin.closed
    assert not medecin.is_closed_at(dt.date(2999, 1, 1))
    assert medecin.valid_from == dt.date(2000, 12, 13)


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        *(
            ("TRE_R94", str(old), str(new))
            for old, new in zip(
                (200, 201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 213),
                (41, 42, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53),
                strict=True,
            )
        ),
        *(
            ("TRE_R95", str(old), str(new))
            for old, new in zip((171, 172, 173, 193, 194), (71, 72, 73, 93, 97), strict=True)
        ),
        ("TRE_R291", "950", "99"),
    ],
)
def test_renumbered_codes_keep_the_label(name: str, old: str, new: str) -> None:
    system = code_system(name)
    assert system[old].closed
    assert not system[new].closed
    assert system[old].display == system[new].display


def test_same_code_in_two_systems_means_different_things() -> None:
    g15_93 = code_system("TRE_G15").code("93")
    assert g15_93 != professions.PSYCHOLOGUE
    assert g15_93.code == professions.PSYCHOLOGUE.code == "93"
    assert is_closed(g15_93)
    assert not is_closed(professions.PSYCHOLOGUE)
    assert label(g15_93) == label(professions.PSYCHOLOGUE) == "Psychologue"
    assert label(code_system("TRE_R66").code("353")) != label(role_codes.MEMBRE_EQUIPE_SOINS)


# --- submodules -------------------------------------------------------------------------------


def _exported(module: types.ModuleType) -> Iterator[tuple[str, object]]:
    for name in module.__all__:
        yield name, getattr(module, name)


@pytest.mark.parametrize("module", SUBMODULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_every_constant_is_a_known_code(module: types.ModuleType) -> None:
    assert module.__doc__
    codes = 0
    for name, value in _exported(module):
        if isinstance(value, Code):
            assert is_known(value), name
            codes += 1
        elif isinstance(value, str):
            assert code_system(value).url == value, name
        elif isinstance(value, frozenset):
            assert all(code_system(url).url == url for url in value), name
        else:
            assert callable(value), name
    assert codes >= 5


def test_constants_are_open_except_coordonnateur_parcours() -> None:
    closed = [
        f"{module.__name__}.{name}"
        for module in SUBMODULES
        for name, value in _exported(module)
        if isinstance(value, Code) and is_closed(value)
    ]
    assert closed == ["carecircle.nomenclatures.role_codes.COORDONNATEUR_PARCOURS"]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (professions.MEDECIN, "Médecin"),
        (professions.PHARMACIEN, "Pharmacien"),
        (professions.CHIRURGIEN_DENTISTE, "Chirurgien-Dentiste"),
        (professions.SAGE_FEMME, "Sage-Femme"),
        (professions.INFIRMIER, "Infirmier"),
        (professions.MASSEUR_KINESITHERAPEUTE, "Masseur-Kinésithérapeute"),
        (professions.AIDE_SOIGNANT, "Aide-soignant"),
        (professions.OSTEOPATHE, "Ostéopathe"),
        (professions.ASSISTANT_SERVICE_SOCIAL, "Assistant de service social"),
        (professions.EDUCATEUR_SPECIALISE, "Educateur spécialisé"),
        (professions.ACTEUR_ROLE, "Acteur caractérisé par son rôle"),
        (relationships.FILLE, "Fille"),
        (relationships.FILS, "Fils"),
        (relationships.CONJOINT, "Conjoint"),
        (relationships.VOISIN, "Voisin(e)"),
        (relationships.AUTRE_PROCHE, "Autre proche"),
        (relationships.MANDATAIRE_SAUVEGARDE, "Mandataire de sauvegarde"),
        (categories.CENTRE_HOSPITALIER_REGIONAL, "Centre Hospitalier Régional (C.H.R.)"),
        (categories.SSIAD, "Service de Soins Infirmiers A Domicile (S.S.I.A.D)"),
        (categories.CPTS, "Communauté Professionnelle Territoriale de Santé (CPTS)"),
        (identifier_types.PERSON_RPPS, "N° RPPS"),
        (identifier_types.PERSON_ADELI, "N° ADELI"),
        (identifier_types.STRUCTURE_SIRET, "SIRET"),
        (role_codes.PCP, "Médecin traitant"),
        (role_codes.GUARD, "Responsable légal"),
        (role_codes.MEMBRE_EQUIPE_SOINS, "Membre de l'équipe de soins"),
    ],
)
def test_label_is_the_french_display(code: Code, expected: str) -> None:
    assert label(code) == expected


def test_typographic_apostrophe_survives_the_snapshot() -> None:
    assert code_system("TRE_G07")["41"].display == (
        "Identifiant interne de l'établissement connu par l\u2019instance ROR"
    )


def test_profession_helpers() -> None:
    assert {
        code_system(n).url for n in ("TRE_G15", "TRE_R94", "TRE_R95", "TRE_R291")
    } == professions.SYSTEMS
    assert professions.is_profession(professions.OSTEOPATHE)
    assert professions.is_profession(code_system("TRE_R291").code("950"))  # closed, still known
    assert not professions.is_profession(Code(professions.MEDECIN.system, "99999"))
    assert not professions.is_profession(relationships.FILLE)
    live = professions.all_professions()
    everything = professions.all_professions(include_closed=True)
    assert len(live) == 30 + 26 + 10 + 2 - (1 + 14 + 5 + 1)
    assert len(everything) == 68
    assert set(live) < set(everything)
    assert not any(is_closed(c) for c in live)
    assert live[0] == professions.MEDECIN
    assert professions.PSYCHOLOGUE in live


def test_relationship_helpers() -> None:
    assert {
        relationships.FAMILY_SYSTEM,
        relationships.LEGAL_PROTECTION_SYSTEM,
    } == relationships.SYSTEMS
    assert relationships.is_relationship(relationships.MERE)
    assert relationships.is_relationship(relationships.CURATEUR)
    assert not relationships.is_relationship(Code(relationships.FAMILY_SYSTEM, "NOPE"))
    assert not relationships.is_relationship(professions.MEDECIN)
    assert relationships.is_legal_protection(relationships.TUTEUR)
    assert not relationships.is_legal_protection(relationships.PERE)


def test_category_identifier_and_role_helpers() -> None:
    assert categories.is_category(categories.EHPAD)
    assert not categories.is_category(Code(categories.SYSTEM, "999"))
    assert not categories.is_category(professions.MEDECIN)
    assert identifier_types.is_structure_identifier_type(identifier_types.STRUCTURE_FINESS)
    assert identifier_types.is_person_identifier_type(identifier_types.PERSON_ADELI)
    assert not identifier_types.is_person_identifier_type(identifier_types.STRUCTURE_FINESS)
    assert identifier_types.STRUCTURE_SIREN.code == "2"
    assert role_codes.is_role_code(role_codes.PCP)
    assert role_codes.is_role_code(role_codes.CAREGIVER)
    assert role_codes.is_role_code(role_codes.COORDONNATEUR_PARCOURS)
    assert not role_codes.is_role_code(relationships.FILLE)
    assert len(role_codes.SYSTEMS) == 3


# --- lookups ----------------------------------------------------------------------------------


def test_unknown_code_raises_not_found() -> None:
    unknown = Code(professions.MEDECIN.system, "00")
    assert lookup(unknown) is None
    assert not is_known(unknown)
    assert not is_closed(unknown)  # not known closed
    with pytest.raises(NotFoundError) as info:
        concept(unknown, path="members[M1].profession")
    assert info.value.code == "UNKNOWN_CODE"
    assert info.value.path == "members[M1].profession"
    assert isinstance(info.value, LookupError)
    with pytest.raises(LookupError):
        label(unknown)
    g15 = code_system("TRE_G15")
    with pytest.raises(NotFoundError) as item:
        g15["00"]
    assert (item.value.code, item.value.path) == ("UNKNOWN_CODE", "code")
    with pytest.raises(NotFoundError, match="UNKNOWN_CODE"):
        g15.code("00")
    assert g15.get("00") is None


def test_unknown_system_raises_not_found() -> None:
    alien = Code("urn:example:local", "10")
    assert lookup(alien) is None
    assert not is_known(alien)
    assert not is_closed(alien)
    with pytest.raises(NotFoundError) as info:
        concept(alien)
    assert (info.value.code, info.value.path) == ("UNKNOWN_CODE_SYSTEM", "code")
    with pytest.raises(NotFoundError) as by_name:
        code_system("TRE_Z99")
    assert (by_name.value.code, by_name.value.path) == ("UNKNOWN_CODE_SYSTEM", "system")
    assert isinstance(by_name.value, LookupError)


def test_code_system_by_name_url_or_oid() -> None:
    r216 = SYSTEMS["TRE_R216"]
    assert code_system("TRE_R216") is r216
    assert code_system(r216.url) is r216
    assert code_system(r216.oid) is r216
    assert code_system(f"urn:oid:{r216.oid}") is r216


def test_code_str_and_order() -> None:
    assert str(professions.MEDECIN) == "TRE_G15|10"
    assert str(role_codes.PCP) == "TRE_R259|PCP"
    assert str(Code("urn:example:local", "X")) == "urn:example:local|X"
    assert sorted([Code("b", "1"), Code("a", "2"), Code("a", "1")]) == [
        Code("a", "1"),
        Code("a", "2"),
        Code("b", "1"),
    ]
    assert len({professions.MEDECIN, code_system("TRE_G15").code("10")}) == 1


def test_code_system_container_protocol() -> None:
    g15 = code_system("TRE_G15")
    assert "10" in g15
    assert professions.MEDECIN in g15
    assert professions.PSYCHOLOGUE not in g15  # R95 93, not G15 93
    assert Code(g15.url, "00") not in g15
    assert 10 not in g15
    assert [c.code for c in g15][:3] == ["10", "21", "26"]
    assert g15.concepts[0].key == professions.MEDECIN
    assert "concepts" in repr(g15)
    assert "_by_code" not in repr(g15)


def test_code_system_rejects_inconsistent_concepts() -> None:
    url = "urn:example:cs"

    def make(*concepts: Concept) -> CodeSystem:
        return CodeSystem(
            name="X", title="X", url=url, oid="1.2", date=dt.date(2024, 1, 1), concepts=concepts
        )

    one = Concept(system=url, code="1", display="Un", valid_from=None, closed_on=None)
    assert make(one)["1"] is one
    assert make(one) == make(one)
    with pytest.raises(ValueError, match="duplicate"):
        make(one, one)
    with pytest.raises(ValueError, match="another system"):
        make(Concept(system="urn:other", code="1", display="Un", valid_from=None, closed_on=None))


@given(st.sampled_from(ALL_CONCEPTS))
def test_every_concept_round_trips(found: Concept) -> None:
    assert concept(found.key) == found
    assert lookup(found.key) == found
    assert is_known(found.key)
    assert is_closed(found.key) is found.closed
    assert label(found.key) == found.display
    assert SYSTEMS[str(found.key).split("|", 1)[0]].url == found.system


@given(st.sampled_from(tuple(SYSTEMS.values())), st.text(max_size=8))
def test_unknown_codes_never_resolve(system: CodeSystem, code: str) -> None:
    key = Code(system.url, code)
    if code in system:
        assert concept(key).code == code
    else:
        assert lookup(key) is None
        assert not is_closed(key)
        with pytest.raises(NotFoundError, match="UNKNOWN_CODE"):
            concept(key)


def test_package_exports() -> None:
    for name in nom.__all__:
        assert hasattr(nom, name), name


# --- the generator ----------------------------------------------------------------------------


def test_generator_check_and_write(
    generator: types.ModuleType, shared_nos: Path, tmp_path: Path
) -> None:
    out = tmp_path / "_snapshot.py"
    source = ["--source", str(shared_nos), "--output", str(out)]
    assert generator.main([*source, "--check"]) == 1  # missing output
    assert generator.main(source) == 0
    assert out.read_text(encoding="utf-8") == SNAPSHOT_PATH.read_text(encoding="utf-8")
    assert generator.main([*source, "--check"]) == 0
    assert generator.main(source) == 0  # unchanged
    out.write_text("# stale\n", encoding="utf-8")
    assert generator.main([*source, "--check"]) == 1
    assert generator.main(["--source", str(tmp_path / "absent"), "--output", str(out)]) == 2
    assert generator.main(["--source", str(tmp_path), "--output", str(out)]) == 2  # no files


def _code_system_json(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "resourceType": "CodeSystem",
        "url": "https://mos.esante.gouv.fr/NOS/TRE_X01-Essai/FHIR/TRE-X01-Essai",
        "identifier": [{"value": "urn:oid:1.2.3"}],
        "description": "Essai",
        "date": "2024-02-03T12:00:00+01:00",
        "concept": [
            {
                "code": "A",
                "display": 'Un « essai »\u00a0\\ "x"',
                "property": [
                    {"code": "dateValid", "valueDateTime": "2020-01-01T00:00:00+01:00"},
                    {"code": "dateFin", "valueDateTime": "2021-01-01T00:00:00+01:00"},
                    {"code": "dateMaj", "valueDateTime": "2021-01-01T00:00:00+01:00"},
                ],
            },
            {"code": "B", "display": "Deux"},
        ],
    }
    data.update(overrides)
    return data


def test_generator_reads_one_system(generator: types.ModuleType, tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text(json.dumps(_code_system_json()), encoding="utf-8")
    system = generator.load_system(path, "TRE_X01")
    assert (system.name, system.title, system.oid, system.date) == (
        "TRE_X01",
        "Essai",
        "1.2.3",
        "2024-02-03",
    )
    assert system.concepts[0].valid_from == "2020-01-01"
    assert system.concepts[0].closed_on == "2021-01-01"
    assert system.concepts[1].valid_from is None
    text: str = generator.render([system])
    namespace: dict[str, object] = {}
    exec(compile(text, "_snapshot.py", "exec"), namespace)  # noqa: S102 -- our own output
    rows = namespace["SYSTEMS"]
    assert isinstance(rows, tuple)
    assert rows[0][5][0][1] == 'Un « essai »\u00a0\\ "x"'
    assert "\\u00a0" in text
    assert "\\u00ab" in text


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"resourceType": "ValueSet"}, "not a FHIR CodeSystem"),
        ({"url": "http://example.org/cs"}, "unexpected canonical URL"),
        (
            {"url": "https://mos.esante.gouv.fr/NOS/TRE_X02-Autre/FHIR/TRE-X02-Autre"},
            "expected TRE_X01",
        ),
        ({"identifier": []}, "missing 'value'"),
        ({"date": "hier"}, "not a FHIR date"),
        ({"concept": "none"}, "is not a list"),
        ({"concept": [{"code": "A", "display": "Un"}, {"code": "A", "display": "Un"}]}, "dupl"),
        ({"concept": [{"code": "A", "display": " "}]}, "not a non-empty string"),
        ({"concept": [{"code": "A", "display": "Un", "concept": []}]}, "nested"),
        ({"concept": [{"code": "A", "display": "Un\u0007"}]}, "control character"),
    ],
)
def test_generator_rejects_bad_sources(
    generator: types.ModuleType, tmp_path: Path, overrides: dict[str, object], message: str
) -> None:
    path = tmp_path / "x.json"
    path.write_text(json.dumps(_code_system_json(**overrides)), encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        generator.render([generator.load_system(path, "TRE_X01")])


def test_generator_falls_back_to_title(generator: types.ModuleType, tmp_path: Path) -> None:
    data = _code_system_json(title="Titre")
    del data["description"]
    path = tmp_path / "x.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert generator.load_system(path, "TRE_X01").title == "Titre"
