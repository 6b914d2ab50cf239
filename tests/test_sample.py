"""Tests of :mod:`carecircle.testing.sample`: valid identifiers, distinct identities, stable
prefixes, coverage of Occitanie, consistent delegations and the demo's named characters.

Check digits are checked with python-stdnum's Luhn and the identifier modules' advisories,
not with the sample's own arithmetic.
"""

from __future__ import annotations

import ast
import math
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path

import attrs
import pytest
from stdnum import luhn

from carecircle import (
    AccountState,
    DirectoryProfessional,
    DirectoryStructure,
    InvalidValueError,
    identifiers,
)
from carecircle import search_words as words
from carecircle.identifiers import adeli, finess, idnat_ps, idnat_struct, phone, postal_code, rpps
from carecircle.identifiers import siret as siret_ids
from carecircle.nomenclatures import categories, professions
from carecircle.testing import sample
from carecircle.testing.sample import MAX_COUNT, SampleDirectory, occitanie

OCCITANIE = frozenset(
    {"09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82"}
)


@pytest.fixture(scope="module")
def pros() -> tuple[DirectoryProfessional, ...]:
    return sample.professionals(5000)


@pytest.fixture(scope="module")
def places() -> tuple[DirectoryStructure, ...]:
    return sample.structures(2000)


@pytest.fixture(scope="module")
def occ() -> SampleDirectory:
    return occitanie()


def _departement(entry: DirectoryProfessional | DirectoryStructure) -> str:
    address = entry.address if isinstance(entry, DirectoryStructure) else entry.contact.address
    assert address is not None and address.postal_code is not None
    return postal_code.departement(address.postal_code)


def _assert_professional_ids(entries: Iterable[DirectoryProfessional]) -> None:
    for p in entries:
        assert p.national_id is not None
        assert idnat_ps.validate(p.national_id) == p.national_id
        assert idnat_ps.advisories(p.national_id) == ()
        inner = p.national_id[1:]
        if p.national_id[0] == "8":
            assert rpps.advisories(inner) == () and luhn.is_valid(inner)
        else:
            assert p.national_id[0] == "0" and len(inner) == 9
            assert adeli.advisories(inner) == () and luhn.is_valid(inner)
            assert inner[:2] == _departement(p)


def _assert_structure_ids(entries: Iterable[DirectoryStructure]) -> None:
    for s in entries:
        assert s.finess is not None
        assert s.national_id == "1" + s.finess
        assert idnat_struct.kind(s.national_id) is identifiers.Kind.FINESS
        assert idnat_struct.advisories(s.national_id) == ()
        assert finess.advisories(s.finess) == () and luhn.is_valid(s.finess)
        assert s.finess[:2] == _departement(s)
        if s.siret is not None:
            assert siret_ids.is_valid(s.siret)
            assert luhn.is_valid(s.siret) and luhn.is_valid(s.siret[:9])


def _keys(entries: Iterable[DirectoryProfessional | DirectoryStructure]) -> list[str]:
    return [key for entry in entries for key in entry.identity_keys]


def _assert_distinct(keys: list[str]) -> None:
    repeated = [key for key, n in Counter(keys).items() if n > 1]
    assert repeated == []


# --- Generated data ---------------------------------------------------------------------------


class TestGenerated:
    def test_luhn_key_agrees_with_stdnum(self) -> None:
        for number in ("1", "10003456", "3100000", "7328293200007", "0" * 12, "999999999"):
            assert sample._luhn_key(number) == luhn.calc_check_digit(number)

    def test_professional_identifiers_are_valid(
        self, pros: tuple[DirectoryProfessional, ...]
    ) -> None:
        _assert_professional_ids(pros)
        schemes = Counter(p.national_id[0] for p in pros if p.national_id)
        assert schemes["8"] > 5 * schemes["0"] > 0  # mostly RPPS, some ADELI

    def test_structure_identifiers_are_valid(self, places: tuple[DirectoryStructure, ...]) -> None:
        _assert_structure_ids(places)
        with_siret = sum(s.siret is not None for s in places)
        assert 0 < with_siret < len(places)

    def test_no_two_entries_share_an_identity(
        self, pros: tuple[DirectoryProfessional, ...], places: tuple[DirectoryStructure, ...]
    ) -> None:
        _assert_distinct(_keys(pros))
        _assert_distinct(_keys(places))
        assert all(p.identity_keys for p in pros)

    def test_entries_are_prefix_stable(self) -> None:
        assert sample.professionals(10) == sample.professionals(20)[:10]
        assert sample.structures(10) == sample.structures(20)[:10]
        assert sample.professionals(0) == ()
        assert sample.structures(0) == ()
        assert sample.professionals(3) == sample.professionals(3)

    def test_counts_are_bounded(self) -> None:
        for bad in (-1, MAX_COUNT + 1):
            with pytest.raises(InvalidValueError):
                sample.professionals(bad)
            with pytest.raises(InvalidValueError):
                sample.structures(bad)

    def test_serials_stay_distinct_up_to_max_count(self) -> None:
        """ADELI and FINESS serials are counted per key; the counts fit their ranges."""
        blocks = MAX_COUNT // sample._ADELI_PERIOD + 1
        adeli_counts = [n for (_, job), n in sample._ADELI_COUNTS.items() if job is not None]
        assert blocks * max(adeli_counts) <= sample._ADELI_SERIALS
        blocks = MAX_COUNT // len(sample._STRUCT_PLACES) + 1
        assert blocks * max(sample._FINESS_COUNTS.values()) <= sample._FINESS_SERIALS
        assert MAX_COUNT <= 10_000_000  # the RPPS serials have 7 digits

    def test_cycles_have_pairwise_coprime_lengths(self) -> None:
        lengths = [
            len(sample._PRO_PLACES),
            len(sample._PRO_JOBS),
            len(sample._PRO_STATES),
            len(sample._PRO_FAMILY),
            len(sample._PRO_GIVEN),
            sample._PHONE_SLOTS,
            sample._STRUCTURE_SLOTS,
        ]
        assert all(math.gcd(a, b) == 1 for a, b in combinations(lengths, 2))

    def test_every_departement_is_present(
        self, pros: tuple[DirectoryProfessional, ...], places: tuple[DirectoryStructure, ...]
    ) -> None:
        assert {_departement(p) for p in pros[:100]} == OCCITANIE
        assert {_departement(s) for s in places[:100]} == OCCITANIE

    def test_professions_and_accounts_are_spread(
        self, pros: tuple[DirectoryProfessional, ...]
    ) -> None:
        jobs = Counter(p.profession for p in pros)
        assert jobs.most_common(1)[0][0] == professions.MEDECIN
        assert len(jobs) >= 10
        for code in (professions.PSYCHOLOGUE, professions.ASSISTANT_SERVICE_SOCIAL):
            assert jobs[code] > 0
        states = Counter(p.account.state if p.account else None for p in pros)
        assert states[AccountState.ACTIVE] > len(pros) / 2
        assert states[None] > states[AccountState.SUSPENDED] > 0

    def test_contacts_are_fictional_and_valid(
        self, pros: tuple[DirectoryProfessional, ...]
    ) -> None:
        emails = [p.contact.email for p in pros]
        assert all(e is not None and e.endswith(".example") for e in emails)
        assert len(set(emails)) == len(emails)
        landlines = [p.contact.landline for p in pros if p.contact.landline]
        mobiles = [p.contact.mobile for p in pros if p.contact.mobile]
        assert landlines and mobiles
        assert not any(phone.is_mobile(n) for n in landlines)
        assert all(phone.is_mobile(n) for n in mobiles)
        assert sum(bool(p.structure) for p in pros) > len(pros) / 10

    def test_accents_and_compound_names(self, pros: tuple[DirectoryProfessional, ...]) -> None:
        names = {p.family_name for p in pros} | {p.given_name for p in pros}
        for name in ("Hélène", "Jérôme", "Gaëlle", "Zoé", "Éric", "Saint-Martin", "d'Estienne"):
            assert name in names

    def test_delegates_are_earlier_active_professionals_of_the_departement(
        self, places: tuple[DirectoryStructure, ...]
    ) -> None:
        pros = sample.professionals(len(places))
        index = {p.account.id: (i, p) for i, p in enumerate(pros) if p.account is not None}
        legal = [s for s in places if s.legal_entity]
        assert len(places) / 3 < len(legal) < len(places)
        assert sum(bool(s.delegates) for s in legal) > len(legal) * 0.9
        assert not any(s.delegates for s in places if not s.legal_entity)
        for i, s in enumerate(places):
            for account in s.delegates:
                j, p = index[account]
                assert j <= i
                assert p.account is not None and p.account.is_active
                assert _departement(p) == _departement(s)

    def test_structure_names_fit_their_category(
        self, places: tuple[DirectoryStructure, ...]
    ) -> None:
        prefixes = {
            categories.EHPAD: "EHPAD ",
            categories.SSIAD: "SSIAD ",
            categories.DAC: "DAC ",
            categories.CPTS: "CPTS ",
            categories.SPASAD: "SPASAD ",
            categories.SAAD: "SAAD ",
            categories.CENTRE_HOSPITALIER: "Centre hospitalier ",
            categories.CENTRE_DE_SANTE: "Centre de santé ",
        }
        seen = set()
        for s in places:
            assert s.category is not None
            seen.add(s.category)
            if s.category in prefixes:
                assert s.name.startswith(prefixes[s.category])
            assert " de A" not in s.name and " de Le " not in s.name  # elision: d'Albi, du Vigan
        assert seen >= set(prefixes) | {categories.MAISON_DE_SANTE}

    def test_builds_quickly(self) -> None:
        """The benchmark builds 100 000 of each; 20 000 must take well under a few seconds."""
        for build in (sample.professionals, sample.structures):
            start = time.perf_counter()
            assert len(build(20_000)) == 20_000
            assert time.perf_counter() - start < 10  # about 1 s on an idle machine


# --- The fixed sample -------------------------------------------------------------------------


class TestOccitanie:
    def test_sizes_and_coverage(self, occ: SampleDirectory) -> None:
        assert 40 <= len(occ.professionals) <= 80
        assert 15 <= len(occ.structures) <= 30
        assert {_departement(p) for p in occ.professionals} == OCCITANIE
        assert {_departement(s) for s in occ.structures} == OCCITANIE
        assert len({p.profession for p in occ.professionals}) >= 8

    def test_identifiers_are_valid_and_distinct(self, occ: SampleDirectory) -> None:
        _assert_professional_ids((*occ.professionals, occ.pending_with_account))
        _assert_structure_ids(occ.structures)
        _assert_distinct(_keys(occ.professionals))
        _assert_distinct(_keys(occ.structures))
        assert occ.pending_with_account not in occ.professionals

    def test_never_collides_with_generated_entries(
        self,
        occ: SampleDirectory,
        pros: tuple[DirectoryProfessional, ...],
        places: tuple[DirectoryStructure, ...],
    ) -> None:
        mine = set(_keys((*occ.professionals, occ.pending_with_account, *occ.structures)))
        assert mine.isdisjoint(_keys(pros)) and mine.isdisjoint(_keys(places))
        for p in (*occ.professionals, occ.pending_with_account):
            assert p.national_id is not None
            if p.national_id[0] == "8":
                assert p.national_id[1:4] == "100"  # generated RPPS start with 101
            else:
                assert int(p.national_id[5:9]) >= sample._ADELI_SERIALS
            if p.account is not None:
                assert p.account.id < "pass:100000"

    def test_delegates_are_active_sample_accounts_that_name_the_structure(
        self, occ: SampleDirectory
    ) -> None:
        by_account = {p.account.id: p for p in occ.professionals if p.account is not None}
        names = {s.name for s in occ.structures}
        for s in occ.structures:
            assert s.legal_entity or not s.delegates
            for account in s.delegates:
                p = by_account[account]
                assert p.account is not None and p.account.is_active
                assert p.structure == s.name
        assert all(p.structure in names for p in occ.professionals if p.structure)

    def test_named_characters(self, occ: SampleDirectory) -> None:
        people = (
            occ.coordinator,
            occ.gp,
            occ.nurse,
            occ.pharmacist,
            occ.pending,
            occ.refused,
            occ.ssiad_nurse,
        )
        assert all(p in occ.professionals for p in people)
        assert len({p.national_id for p in people}) == len(people)
        assert occ.ssiad in occ.structures and occ.dac in occ.structures
        for p in people:
            if p is not occ.pending:
                assert p.account is not None and p.account.is_active

        assert (occ.coordinator.family_name, occ.coordinator.given_name) == ("Roux", "Anne")
        assert occ.coordinator.structure == "DAC 31 - Haute-Garonne"

        gp = occ.gp
        assert gp.display_name == "DURAND Hélène" and gp.profession == professions.MEDECIN
        assert gp.contact.email is not None and gp.contact.address is not None
        assert (gp.contact.address.city, gp.contact.address.postal_code) == ("Toulouse", "31000")

        assert occ.nurse.profession == professions.INFIRMIER
        assert occ.nurse.contact.address is not None
        assert occ.nurse.contact.address.city == "Toulouse"
        assert occ.pharmacist.profession == professions.PHARMACIEN

        assert occ.pending.account is None
        assert occ.pending.national_id is not None and occ.pending.national_id[0] == "8"
        later = occ.pending_with_account
        assert later.national_id == occ.pending.national_id
        assert later.account is not None and later.account.is_active
        assert later.account.id not in {p.account.id for p in occ.professionals if p.account}
        assert attrs.evolve(occ.pending, account=later.account) == later

    def test_legal_entities_of_the_demo(self, occ: SampleDirectory) -> None:
        ssiad, dac = occ.ssiad, occ.dac
        assert ssiad.name == "SSIAD du Lauragais" and ssiad.category == categories.SSIAD
        assert ssiad.legal_entity
        assert occ.ssiad_nurse.account is not None
        assert occ.ssiad_nurse.account.id in ssiad.delegates
        assert occ.ssiad_nurse.profession == professions.INFIRMIER
        assert dac.name == "DAC 31 - Haute-Garonne" and dac.category == categories.DAC
        assert dac.legal_entity
        assert occ.coordinator.account is not None
        assert occ.coordinator.account.id in dac.delegates
        assert occ.refused.account is not None
        delegated = set().union(*(s.delegates for s in occ.structures))
        assert occ.refused.account.id not in delegated

    def test_homonyms_make_search_interesting(self, occ: SampleDirectory) -> None:
        def matching(query: str) -> list[DirectoryProfessional]:
            wanted = words(query)
            return [
                p
                for p in occ.professionals
                if all(
                    any(w.startswith(q) for w in words(f"{p.family_name} {p.given_name}"))
                    for q in wanted
                )
            ]

        assert len(matching("durand")) >= 2
        assert len(matching("hel dur")) >= 2  # DURAND Hélène and DURANT Marie-Hélène
        assert any(p.family_name == "HELENE" for p in occ.professionals)
        elsewhere = [
            p
            for p in occ.professionals
            if p.given_name == "Hélène"
            and p.contact.address
            and p.contact.address.city != "Toulouse"
        ]
        assert elsewhere

    def test_is_a_cached_value(self) -> None:
        assert occitanie() is occitanie()


# --- House rules ------------------------------------------------------------------------------


def test_source_reads_no_clock_and_no_randomness() -> None:
    source = Path(sample.__file__).read_text(encoding="utf-8")
    tree = ast.parse(source)
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert imported.isdisjoint({"random", "secrets", "time", "datetime", "uuid", "os", "io"})
    called = {
        node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
    }
    assert called.isdisjoint({"now", "today", "utcnow", "hash", "open", "urandom"})


def test_output_does_not_depend_on_the_hash_seed() -> None:
    """Python salts ``str`` hashes: two seeds must give the very same entries."""
    script = (
        "from carecircle.testing import sample\n"
        "rows = [(p.national_id, p.account, p.contact.email, p.contact.phones, p.structure)"
        " for p in sample.professionals(300)]\n"
        "rows += [(s.national_id, s.siret, s.name, sorted(s.delegates))"
        " for s in sample.structures(300)]\n"
        "o = sample.occitanie()\n"
        "rows += [(p.national_id, p.account) for p in o.professionals]\n"
        "rows += [(s.national_id, sorted(s.delegates)) for s in o.structures]\n"
        "print(repr(rows))\n"
    )
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(  # noqa: S603 -- our own interpreter and script
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
