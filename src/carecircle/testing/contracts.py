"""Contract tests (*tests de contrat*) of the ports: run them against your own adapters.

Each contract is a class of ``test_*`` methods checking one documented behaviour of
:mod:`carecircle.ports` each. Subclass it in a test module under a name pytest collects
(``Test…``) and say how to build your implementation; every test method then runs against it:

.. code-block:: python

    from carecircle.testing.contracts import ProfessionalDirectoryContract

    class TestPassDirectory(ProfessionalDirectoryContract):
        def make_directory(self, entries):
            return PassDirectoryAdapter.in_memory(entries)

The directory contracts bring their own small set of fictional entries,
:data:`CONTRACT_PROFESSIONALS` and :data:`CONTRACT_STRUCTURES`: ``make_directory`` receives
them and must return a directory holding exactly those (a team testing a staging directory
seeds it with them once and returns its client). Each test calls ``make_directory`` afresh;
cache inside it if building is slow. The contracts only read.

Failures raise :class:`AssertionError` with a message naming the behaviour and the entries
(by identifier) expected and found. The module needs neither pytest nor hypothesis.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Final

from carecircle.errors import InvalidValueError
from carecircle.identifiers import finess, idnat_ps, siret
from carecircle.model import (
    Address,
    Contact,
    DirectoryProfessional,
    DirectoryStructure,
    PassAccount,
)
from carecircle.nomenclatures import Code, categories, professions
from carecircle.notifications import HabilitationNotice, Notification
from carecircle.ports import (
    MAX_LIMIT,
    Notifier,
    Page,
    ProfessionalDirectory,
    ProfessionalQuery,
    StructureDirectory,
    StructureQuery,
)
from carecircle.testing.builders import instant

__all__ = [
    "CONTRACT_PROFESSIONALS",
    "CONTRACT_STRUCTURES",
    "NotifierContract",
    "ProfessionalDirectoryContract",
    "StructureDirectoryContract",
]


def _place(city: str | None, postal_code: str) -> Contact:
    return Contact(address=Address(city=city, postal_code=postal_code))


#: The fictional professionals of :class:`ProfessionalDirectoryContract`, in no useful order.
#: Four are DURAND Hélène, spelt four ways; two have no national id, three no account.
CONTRACT_PROFESSIONALS: Final[tuple[DirectoryProfessional, ...]] = (
    DirectoryProfessional(
        national_id="810000000103",
        account=PassAccount(id="pass:contract-1"),
        profession=professions.MEDECIN,
        family_name="DURAND",
        given_name="Hélène",
        contact=_place("Toulouse", "31000"),
        structure="DAC Occitanie Ouest",
    ),
    DirectoryProfessional(
        national_id="810000000102",
        profession=professions.INFIRMIER,
        family_name="DURAND",
        given_name="HELENE",
        contact=_place("Montpellier", "34000"),
    ),
    DirectoryProfessional(
        account=PassAccount(id="pass:contract-3"),
        profession=professions.MASSEUR_KINESITHERAPEUTE,
        family_name="durand",
        given_name="helene",
    ),
    DirectoryProfessional(
        account=PassAccount(id="pass:contract-2"),
        profession=professions.PSYCHOLOGUE,
        family_name="Durand",
        given_name="Hélène",
        contact=_place(None, "31290"),  # a postal code but no city
    ),
    DirectoryProfessional(
        national_id="810000000105",
        account=PassAccount(id="pass:contract-5"),
        profession=professions.MEDECIN,
        family_name="SAINT-MARTIN",
        given_name="Jean-Pierre",
        contact=_place("Ajaccio", "20000"),
        structure="CPTS du Grand Ajaccio",
    ),
    DirectoryProfessional(
        national_id="810000000106",
        profession=professions.PHARMACIEN,
        family_name="d'Hélène",
        given_name="Marc",
        contact=_place("Saint-Gaudens", "31800"),
        structure="Maison de santé de Saint-Gaudens",
    ),
    DirectoryProfessional(
        national_id="810000000107",
        account=PassAccount(id="pass:contract-7"),
        profession=professions.INFIRMIER,
        family_name="MARTIN",
        given_name="Louise",
        contact=_place("Bastia", "20200"),
        structure="SSIAD du Cap Corse",
    ),
    DirectoryProfessional(
        national_id="810000000108",
        account=PassAccount(id="pass:contract-8"),
        profession=professions.AIDE_SOIGNANT,
        family_name="N’Diaye",
        given_name="Amadou",
        contact=_place("Nîmes", "30000"),
    ),
    DirectoryProfessional(
        national_id="810000000109",
        profession=professions.INFIRMIER,
        family_name="Émond",
        given_name="Inès",
        contact=_place("Saint-Jean-de-Védas", "34430"),
        structure="DAC Hérault",
    ),
    DirectoryProfessional(
        account=PassAccount(id="pass:contract-10"),
        profession=professions.MEDECIN,
        family_name="Bernard",
        given_name="Zoé",
        contact=_place("Pointe-à-Pitre", "97110"),
    ),
)

#: The fictional structures of :class:`StructureDirectoryContract`, in no useful order. Two
#: share a name; one lists delegates without being a legal entity.
CONTRACT_STRUCTURES: Final[tuple[DirectoryStructure, ...]] = (
    DirectoryStructure(
        national_id="1310000013",
        finess="310000013",
        siret="31500001800012",
        name="SSIAD du Lauragais",
        category=categories.SSIAD,
        address=Address(city="Villefranche-de-Lauragais", postal_code="31290"),
        legal_entity=True,
        delegates=frozenset({"pass:contract-1", "pass:contract-5"}),
    ),
    DirectoryStructure(
        national_id="1110000023",
        finess="110000023",
        name="SSIAD du Lauragais",
        category=categories.SSIAD,
        address=Address(city="Castelnaudary", postal_code="11400"),
        legal_entity=True,
        delegates=frozenset({"pass:contract-7"}),
    ),
    DirectoryStructure(
        national_id="1340000033",
        finess="340000033",
        siret="34500003800017",
        name="EHPAD Les Tilleuls",
        category=categories.EHPAD,
        address=Address(city="Montpellier", postal_code="34000"),
        legal_entity=True,
        delegates=frozenset({"pass:contract-1"}),
    ),
    DirectoryStructure(
        national_id="12A0000047",
        finess="2A0000047",
        siret="20500004500018",
        name="Centre hospitalier d'Ajaccio",
        category=categories.CENTRE_HOSPITALIER,
        address=Address(city="Ajaccio", postal_code="20000"),
        legal_entity=False,
        delegates=frozenset({"pass:contract-1"}),  # not a legal entity: delegates nothing
    ),
    DirectoryStructure(
        national_id="12B0000057",
        finess="2B0000057",
        name="Maison de santé de Bastia",
        category=categories.MAISON_DE_SANTE,
        address=Address(city="Bastia", postal_code="20200"),
        legal_entity=True,
    ),
    DirectoryStructure(
        national_id="RECO-CONTRACT-6",
        name="Résidence Hélène Boucher",
        category=categories.EHPAD,
        address=Address(city="Nîmes", postal_code="30000"),
    ),
    DirectoryStructure(
        national_id="RECO-CONTRACT-7",
        siret="11500002800015",
        name="DAC Occitanie Ouest",
        category=categories.DAC,
        legal_entity=True,
        delegates=frozenset({"pass:contract-5"}),
    ),
    DirectoryStructure(
        national_id="RECO-CONTRACT-8",
        name="CPTS du Grand Narbonne",
        address=Address(city="Narbonne", postal_code="11100"),
    ),
)


def _label(entry: DirectoryProfessional | DirectoryStructure) -> str:
    """How failure messages name an entry: its national id, else its PASS account."""
    if isinstance(entry, DirectoryStructure):
        return entry.national_id
    return entry.national_id or ("" if entry.account is None else entry.account.id)


def _labels(entries: Iterable[DirectoryProfessional | DirectoryStructure]) -> list[str]:
    return [_label(e) for e in entries]


def _check(condition: bool, message: str) -> None:  # noqa: FBT001 -- an assertion
    """Raise :class:`AssertionError` with ``message`` unless ``condition`` (even under -O)."""
    if not condition:
        raise AssertionError(message)


def _check_items(
    page: Page[DirectoryProfessional] | Page[DirectoryStructure], expected: Sequence[str], what: str
) -> None:
    found = _labels(page.items)
    _check(found == list(expected), f"{what}: expected {list(expected)}, found {found}")


def _check_page(
    page: Page[DirectoryProfessional] | Page[DirectoryStructure],
    expected: Sequence[str],
    what: str,
    *,
    total: int | None = None,
) -> None:
    """``page`` lists ``expected`` (labels, in order) and counts ``total`` (or as many)."""
    _check_items(page, expected, what)
    wanted = len(expected) if total is None else total
    _check(page.total == wanted, f"{what}: expected a total of {wanted}, found {page.total}")


def _error_code(call: Callable[[], object], what: str) -> str:
    """The code of the :class:`InvalidValueError` ``call`` raises."""
    try:
        call()
    except InvalidValueError as error:
        return error.code
    raise AssertionError(f"{what}: expected InvalidValueError, nothing was raised")


def _check_rejects(call: Callable[[], object], code: str, what: str) -> None:
    found = _error_code(call, what)
    _check(found == code, f"{what}: expected InvalidValueError {code}, found {found}")


def _validator_code(validate: Callable[[str], object], value: str) -> str:
    """The code the library's own validator gives ``value``: what a look-up must raise."""
    return _error_code(partial(validate, value), "the contract's malformed identifier")


# Labels of CONTRACT_PROFESSIONALS, named for the tests.
_DURAND_1 = "810000000103"  # DURAND Hélène
_DURAND_2 = "810000000102"  # DURAND HELENE
_DURAND_3 = "pass:contract-3"  # durand helene
_DURAND_4 = "pass:contract-2"  # Durand Hélène, no city
_SAINT_MARTIN = "810000000105"
_D_HELENE = "810000000106"
_MARTIN = "810000000107"
_NDIAYE = "810000000108"
_EMOND = "810000000109"
_BERNARD = "pass:contract-10"

#: CONTRACT_PROFESSIONALS in display order: family name, given name (accents and case
#: ignored), then national id (none first) and PASS account.
_PROFESSIONALS_IN_ORDER: Final = (
    _BERNARD,
    _D_HELENE,
    _DURAND_4,
    _DURAND_3,
    _DURAND_2,
    _DURAND_1,
    _EMOND,
    _MARTIN,
    _NDIAYE,
    _SAINT_MARTIN,
)
_HELENES: Final = (_D_HELENE, _DURAND_4, _DURAND_3, _DURAND_2, _DURAND_1)
_DURANDS: Final = (_DURAND_4, _DURAND_3, _DURAND_2, _DURAND_1)


class ProfessionalDirectoryContract:
    """What every :class:`~carecircle.ports.ProfessionalDirectory` must do.

    Subclass it as ``class TestMyDirectory(ProfessionalDirectoryContract)`` and implement
    :meth:`make_directory`: it receives :data:`CONTRACT_PROFESSIONALS` and returns a directory
    holding exactly them. Each ``test_*`` method checks one behaviour documented in
    :mod:`carecircle.ports`.
    """

    def make_directory(self, entries: Sequence[DirectoryProfessional]) -> ProfessionalDirectory:
        """A directory holding exactly ``entries``."""
        raise NotImplementedError

    def _directory(self) -> ProfessionalDirectory:
        return self.make_directory(CONTRACT_PROFESSIONALS)

    def _expect(self, query: ProfessionalQuery, expected: Sequence[str], what: str) -> None:
        _check_page(self._directory().search(query), expected, what)

    def test_is_a_professional_directory(self) -> None:
        directory = self._directory()
        _check(
            isinstance(directory, ProfessionalDirectory),
            "the directory has search, by_national_id and by_account",
        )

    def test_name_search_ignores_accents_and_case(self) -> None:
        directory = self._directory()
        for name in ("Hélène", "HELENE", "helene", "HÉLÈNE"):
            _check_page(directory.search(ProfessionalQuery(name=name)), _HELENES, repr(name))

    def test_name_words_are_prefixes_of_family_or_given_name_words(self) -> None:
        self._expect(ProfessionalQuery(name="dur"), _DURANDS, "'dur'")
        self._expect(ProfessionalQuery(name="hél"), _HELENES, "'hél'")
        self._expect(ProfessionalQuery(name="mart"), (_MARTIN, _SAINT_MARTIN), "'mart'")
        self._expect(ProfessionalQuery(name="Saint"), (_SAINT_MARTIN,), "'Saint'")
        self._expect(ProfessionalQuery(name="ndiaye"), (), "'ndiaye' (N’Diaye is two words)")
        self._expect(ProfessionalQuery(name="diaye"), (_NDIAYE,), "'diaye'")
        self._expect(ProfessionalQuery(name="urand"), (), "'urand' (not a prefix)")

    def test_every_name_word_must_match(self) -> None:
        self._expect(ProfessionalQuery(name="hel dur"), _DURANDS, "'hel dur'")
        self._expect(ProfessionalQuery(name="DURAND Hélène"), _DURANDS, "'DURAND Hélène'")
        self._expect(ProfessionalQuery(name="marc helene"), (_D_HELENE,), "'marc helene'")
        self._expect(
            ProfessionalQuery(name="d'Hélène"), _HELENES, "'d'Hélène' ('d' prefixes durand)"
        )
        self._expect(
            ProfessionalQuery(name="jean-pierre saint-martin"),
            (_SAINT_MARTIN,),
            "'jean-pierre saint-martin'",
        )
        self._expect(ProfessionalQuery(name="martin louise"), (_MARTIN,), "'martin louise'")
        self._expect(ProfessionalQuery(name="durand louise"), (), "'durand louise'")

    def test_profession_is_matched_exactly(self) -> None:
        self._expect(
            ProfessionalQuery(profession=professions.INFIRMIER),
            (_DURAND_2, _EMOND, _MARTIN),
            "infirmier",
        )
        self._expect(
            ProfessionalQuery(profession=professions.PSYCHOLOGUE), (_DURAND_4,), "psychologue"
        )
        self._expect(ProfessionalQuery(profession=professions.SAGE_FEMME), (), "sage-femme")
        other_system = Code("urn:example:professions", professions.INFIRMIER.code)
        self._expect(ProfessionalQuery(profession=other_system), (), "another system's code")

    def test_place_digits_are_a_postal_code_prefix(self) -> None:
        self._expect(ProfessionalQuery(place="31"), (_D_HELENE, _DURAND_4, _DURAND_1), "'31'")
        self._expect(ProfessionalQuery(place="31000"), (_DURAND_1,), "'31000'")
        self._expect(ProfessionalQuery(place=" 31 000 "), (_DURAND_1,), "' 31 000 '")
        self._expect(
            ProfessionalQuery(place="3"),
            (_D_HELENE, _DURAND_4, _DURAND_2, _DURAND_1, _EMOND, _NDIAYE),
            "'3'",
        )
        self._expect(ProfessionalQuery(place="971"), (_BERNARD,), "'971'")
        self._expect(ProfessionalQuery(place="20"), (_MARTIN, _SAINT_MARTIN), "'20'")
        self._expect(ProfessionalQuery(place="59"), (), "'59'")

    def test_place_2a_2b_is_a_corsican_departement(self) -> None:
        for place in ("2A", "2a", " 2 A "):
            self._expect(ProfessionalQuery(place=place), (_SAINT_MARTIN,), repr(place))
        for place in ("2B", "2b"):
            self._expect(ProfessionalQuery(place=place), (_MARTIN,), repr(place))

    def test_place_words_prefix_city_words(self) -> None:
        self._expect(ProfessionalQuery(place="Toulouse"), (_DURAND_1,), "'Toulouse'")
        self._expect(ProfessionalQuery(place="TOUL"), (_DURAND_1,), "'TOUL'")
        self._expect(ProfessionalQuery(place="nimes"), (_NDIAYE,), "'nimes'")
        self._expect(ProfessionalQuery(place="saint"), (_D_HELENE, _EMOND), "'saint'")
        self._expect(ProfessionalQuery(place="Saint-Jean"), (_EMOND,), "'Saint-Jean'")
        self._expect(ProfessionalQuery(place="vedas"), (_EMOND,), "'vedas'")
        self._expect(ProfessionalQuery(place="pointe a pitre"), (_BERNARD,), "'pointe a pitre'")
        self._expect(ProfessionalQuery(place="ouse"), (), "'ouse' (not a prefix)")

    def test_structure_words_prefix_the_coordination_structure(self) -> None:
        self._expect(ProfessionalQuery(structure="dac"), (_DURAND_1, _EMOND), "'dac'")
        self._expect(ProfessionalQuery(structure="DAC occ"), (_DURAND_1,), "'DAC occ'")
        self._expect(ProfessionalQuery(structure="herault"), (_EMOND,), "'herault'")
        self._expect(ProfessionalQuery(structure="maison santé"), (_D_HELENE,), "'maison santé'")
        self._expect(ProfessionalQuery(structure="ssiad cap"), (_MARTIN,), "'ssiad cap'")
        self._expect(ProfessionalQuery(structure="toulouse"), (), "'toulouse'")

    def test_every_criterion_must_hold(self) -> None:
        medecin, infirmier = professions.MEDECIN, professions.INFIRMIER
        self._expect(
            ProfessionalQuery(name="durand", profession=medecin), (_DURAND_1,), "durand médecin"
        )
        self._expect(
            ProfessionalQuery(name="durand", place="31"), (_DURAND_4, _DURAND_1), "durand in 31"
        )
        self._expect(
            ProfessionalQuery(name="helene", place="3", profession=infirmier),
            (_DURAND_2,),
            "helene, infirmier, in 3",
        )
        self._expect(
            ProfessionalQuery(name="durand", profession=medecin, place="31000", structure="dac"),
            (_DURAND_1,),
            "all four criteria",
        )
        self._expect(ProfessionalQuery(name="martin", place="2B"), (_MARTIN,), "martin in 2B")
        self._expect(ProfessionalQuery(name="durand", place="2A"), (), "durand in 2A")
        self._expect(
            ProfessionalQuery(place="toulouse", structure="herault"), (), "toulouse, herault"
        )

    def test_empty_query_lists_the_whole_directory_in_order(self) -> None:
        query = ProfessionalQuery(limit=MAX_LIMIT)
        self._expect(query, _PROFESSIONALS_IN_ORDER, "the empty query")
        blank = ProfessionalQuery(name="  ", place=" ", structure="-", limit=MAX_LIMIT)
        self._expect(blank, _PROFESSIONALS_IN_ORDER, "blank criteria")

    def test_results_are_sorted_by_name_then_national_id_then_account(self) -> None:
        # Four DURAND Hélène: no national id first (then by account), then by national id.
        self._expect(ProfessionalQuery(name="durand helene"), _DURANDS, "the DURAND Hélène")
        self._expect(
            ProfessionalQuery(place="3", limit=MAX_LIMIT),
            (_D_HELENE, _DURAND_4, _DURAND_2, _DURAND_1, _EMOND, _NDIAYE),
            "places starting with 3",
        )

    def test_paging(self) -> None:
        directory, size = self._directory(), len(_PROFESSIONALS_IN_ORDER)
        seen: list[str] = []
        for offset in range(0, size, 3):
            page = directory.search(ProfessionalQuery(offset=offset, limit=3))
            what = f"offset {offset}, limit 3"
            _check_page(page, _PROFESSIONALS_IN_ORDER[offset : offset + 3], what, total=size)
            _check((page.offset, page.limit) == (offset, 3), f"{what}: the page echoes them")
            _check(page.has_more == (offset + 3 < size), f"{what}: has_more")
            seen += _labels(page.items)
        _check(seen == list(_PROFESSIONALS_IN_ORDER), f"pages put together: found {seen}")
        page = directory.search(ProfessionalQuery(name="helene", offset=4, limit=2))
        _check_page(page, (_DURAND_1,), "'helene', offset 4, limit 2", total=len(_HELENES))
        _check(not page.has_more, "'helene', offset 4, limit 2: nothing more")

    def test_offset_past_the_end_gives_no_items_but_the_total(self) -> None:
        directory, size = self._directory(), len(_PROFESSIONALS_IN_ORDER)
        for offset in (size, size + 1, 1_000):
            page = directory.search(ProfessionalQuery(offset=offset))
            _check_page(page, (), f"offset {offset}", total=size)
            _check(not page.has_more, f"offset {offset}: nothing more")
        page = directory.search(ProfessionalQuery(name="dur", offset=4))
        _check_page(page, (), "'dur' at offset 4", total=len(_DURANDS))

    def test_by_national_id(self) -> None:
        directory = self._directory()
        for typed in (_DURAND_1, " 8 10000000103 "):
            found = directory.by_national_id(typed)
            _check(found is not None and _label(found) == _DURAND_1, f"{typed!r}: found {found!r}")
        _check(directory.by_national_id("810000009999") is None, "an absent national id")

    def test_malformed_national_id_raises(self) -> None:
        directory = self._directory()
        for value in ("8123", "", "9123456789", "3750712184"):
            code = _validator_code(idnat_ps.validate, value)
            _check_rejects(partial(directory.by_national_id, value), code, repr(value))

    def test_by_account(self) -> None:
        directory = self._directory()
        found = directory.by_account(_DURAND_3)
        _check(found is not None and _label(found) == _DURAND_3, f"{_DURAND_3}: found {found!r}")
        found = directory.by_account("pass:contract-1")
        _check(found is not None and _label(found) == _DURAND_1, f"pass:contract-1: {found!r}")
        _check(directory.by_account("pass:contract-404") is None, "an absent account")

    def test_blank_account_raises(self) -> None:
        directory = self._directory()
        for value in ("", "   "):
            _check_rejects(partial(directory.by_account, value), "ACCOUNT_REQUIRED", repr(value))


# Labels of CONTRACT_STRUCTURES, named for the tests.
_SSIAD_31 = "1310000013"
_SSIAD_11 = "1110000023"
_EHPAD = "1340000033"
_CH_AJACCIO = "12A0000047"
_MSP_BASTIA = "12B0000057"
_RESIDENCE = "RECO-CONTRACT-6"
_DAC = "RECO-CONTRACT-7"
_CPTS = "RECO-CONTRACT-8"

#: CONTRACT_STRUCTURES in display order: name (accents and case ignored), then national id.
_STRUCTURES_IN_ORDER: Final = (
    _CH_AJACCIO,
    _CPTS,
    _DAC,
    _EHPAD,
    _MSP_BASTIA,
    _RESIDENCE,
    _SSIAD_11,
    _SSIAD_31,
)


class StructureDirectoryContract:
    """What every :class:`~carecircle.ports.StructureDirectory` must do.

    Subclass it as ``class TestMyDirectory(StructureDirectoryContract)`` and implement
    :meth:`make_directory`: it receives :data:`CONTRACT_STRUCTURES` and returns a directory
    holding exactly them. Each ``test_*`` method checks one behaviour documented in
    :mod:`carecircle.ports`.
    """

    def make_directory(self, entries: Sequence[DirectoryStructure]) -> StructureDirectory:
        """A directory holding exactly ``entries``."""
        raise NotImplementedError

    def _directory(self) -> StructureDirectory:
        return self.make_directory(CONTRACT_STRUCTURES)

    def _expect(self, query: StructureQuery, expected: Sequence[str], what: str) -> None:
        _check_page(self._directory().search(query), expected, what)

    def test_is_a_structure_directory(self) -> None:
        _check(
            isinstance(self._directory(), StructureDirectory),
            "the directory has search, by_national_id, by_finess, by_siret and delegating_to",
        )

    def test_name_search_ignores_accents_and_case(self) -> None:
        directory = self._directory()
        for name in ("Hélène", "HELENE", "helene", "résidence HÉLÈNE"):
            _check_page(directory.search(StructureQuery(name=name)), (_RESIDENCE,), repr(name))
        for name in ("santé", "SANTE"):
            _check_page(directory.search(StructureQuery(name=name)), (_MSP_BASTIA,), repr(name))

    def test_name_words_are_prefixes_of_name_words(self) -> None:
        ssiads = (_SSIAD_11, _SSIAD_31)
        self._expect(StructureQuery(name="ssi"), ssiads, "'ssi'")
        self._expect(StructureQuery(name="SSIAD laur"), ssiads, "'SSIAD laur'")
        self._expect(StructureQuery(name="ajaccio"), (_CH_AJACCIO,), "'ajaccio'")
        self._expect(
            StructureQuery(name="d"),
            (_CH_AJACCIO, _CPTS, _DAC, _MSP_BASTIA, *ssiads),
            "'d'",
        )
        self._expect(StructureQuery(name="tilleuls ehpad"), (_EHPAD,), "'tilleuls ehpad'")
        self._expect(StructureQuery(name="ssiad tilleuls"), (), "'ssiad tilleuls'")
        self._expect(StructureQuery(name="illeuls"), (), "'illeuls' (not a prefix)")

    def test_category_is_matched_exactly(self) -> None:
        self._expect(StructureQuery(category=categories.EHPAD), (_EHPAD, _RESIDENCE), "EHPAD")
        self._expect(StructureQuery(category=categories.DAC), (_DAC,), "DAC")
        self._expect(StructureQuery(category=categories.SAAD), (), "SAAD")
        other_system = Code("urn:example:categories", categories.EHPAD.code)
        self._expect(StructureQuery(category=other_system), (), "another system's code")

    def test_postal_code_is_a_prefix(self) -> None:
        self._expect(StructureQuery(postal_code="31"), (_SSIAD_31,), "'31'")
        self._expect(StructureQuery(postal_code="11"), (_CPTS, _SSIAD_11), "'11'")
        self._expect(StructureQuery(postal_code="1"), (_CPTS, _SSIAD_11), "'1'")
        self._expect(StructureQuery(postal_code="34 000"), (_EHPAD,), "'34 000'")
        self._expect(StructureQuery(postal_code="20"), (_CH_AJACCIO, _MSP_BASTIA), "'20'")
        self._expect(StructureQuery(postal_code="75"), (), "'75'")

    def test_postal_code_2a_2b_is_a_corsican_departement(self) -> None:
        for code in ("2A", "2a"):
            self._expect(StructureQuery(postal_code=code), (_CH_AJACCIO,), repr(code))
        for code in ("2B", "2b"):
            self._expect(StructureQuery(postal_code=code), (_MSP_BASTIA,), repr(code))

    def test_every_criterion_must_hold(self) -> None:
        ssiad, ehpad = categories.SSIAD, categories.EHPAD
        self._expect(StructureQuery(category=ssiad, postal_code="11"), (_SSIAD_11,), "SSIAD 11")
        self._expect(StructureQuery(name="ssiad", postal_code="31"), (_SSIAD_31,), "ssiad 31")
        self._expect(
            StructureQuery(category=ehpad, postal_code="3"), (_EHPAD, _RESIDENCE), "EHPAD 3"
        )
        self._expect(
            StructureQuery(name="residence", category=ehpad, postal_code="30000"),
            (_RESIDENCE,),
            "all three criteria",
        )
        self._expect(StructureQuery(category=ehpad, postal_code="2A"), (), "EHPAD 2A")
        self._expect(StructureQuery(name="ssiad", category=ehpad), (), "ssiad EHPAD")

    def test_empty_query_lists_the_whole_directory_in_order(self) -> None:
        self._expect(StructureQuery(limit=MAX_LIMIT), _STRUCTURES_IN_ORDER, "the empty query")
        self._expect(StructureQuery(name=" - ", limit=MAX_LIMIT), _STRUCTURES_IN_ORDER, "blank")

    def test_results_are_sorted_by_name_then_national_id(self) -> None:
        # The two "SSIAD du Lauragais" come by national id.
        self._expect(StructureQuery(name="lauragais"), (_SSIAD_11, _SSIAD_31), "'lauragais'")
        self._expect(
            StructureQuery(postal_code="3"), (_EHPAD, _RESIDENCE, _SSIAD_31), "postal code 3"
        )

    def test_paging(self) -> None:
        directory, size = self._directory(), len(_STRUCTURES_IN_ORDER)
        seen: list[str] = []
        for offset in range(0, size, 3):
            page = directory.search(StructureQuery(offset=offset, limit=3))
            what = f"offset {offset}, limit 3"
            _check_page(page, _STRUCTURES_IN_ORDER[offset : offset + 3], what, total=size)
            _check((page.offset, page.limit) == (offset, 3), f"{what}: the page echoes them")
            _check(page.has_more == (offset + 3 < size), f"{what}: has_more")
            seen += _labels(page.items)
        _check(seen == list(_STRUCTURES_IN_ORDER), f"pages put together: found {seen}")

    def test_offset_past_the_end_gives_no_items_but_the_total(self) -> None:
        directory, size = self._directory(), len(_STRUCTURES_IN_ORDER)
        for offset in (size, 1_000):
            page = directory.search(StructureQuery(offset=offset))
            _check_page(page, (), f"offset {offset}", total=size)
            _check(not page.has_more, f"offset {offset}: nothing more")
        page = directory.search(StructureQuery(category=categories.SSIAD, offset=2))
        _check_page(page, (), "SSIAD at offset 2", total=2)

    def test_by_national_id(self) -> None:
        directory = self._directory()
        for value in (_DAC, _SSIAD_31):
            found = directory.by_national_id(value)
            _check(found is not None and _label(found) == value, f"{value!r}: found {found!r}")
        _check(directory.by_national_id("RECO-CONTRACT-404") is None, "an absent directory id")

    def test_blank_national_id_raises(self) -> None:
        directory = self._directory()
        for value in ("", "  "):
            _check_rejects(
                partial(directory.by_national_id, value), "STRUCTURE_ID_REQUIRED", repr(value)
            )

    def test_by_finess(self) -> None:
        directory = self._directory()
        for typed, expected in (
            ("310000013", _SSIAD_31),
            ("31 000 001 3", _SSIAD_31),
            ("2a0000047", _CH_AJACCIO),
        ):
            found = directory.by_finess(typed)
            _check(found is not None and _label(found) == expected, f"{typed!r}: found {found!r}")
        _check(directory.by_finess("750000001") is None, "an absent FINESS")

    def test_malformed_finess_raises(self) -> None:
        directory = self._directory()
        for value in ("31000001", "96000000X", ""):
            code = _validator_code(finess.validate, value)
            _check_rejects(partial(directory.by_finess, value), code, repr(value))

    def test_by_siret(self) -> None:
        directory = self._directory()
        for typed, expected in (
            ("31500001800012", _SSIAD_31),
            ("115 000 028 00015", _DAC),
        ):
            found = directory.by_siret(typed)
            _check(found is not None and _label(found) == expected, f"{typed!r}: found {found!r}")
        _check(directory.by_siret("73282932000074") is None, "an absent SIRET")

    def test_malformed_siret_raises(self) -> None:
        directory = self._directory()
        for value in ("73282932000079", "123", "7328293200007A"):
            code = _validator_code(siret.validate, value)
            _check_rejects(partial(directory.by_siret, value), code, repr(value))

    def test_delegating_to_lists_legal_entities_only(self) -> None:
        directory = self._directory()
        for account, expected in (
            # The Centre hospitalier d'Ajaccio lists pass:contract-1 but is no legal entity.
            ("pass:contract-1", {_SSIAD_31, _EHPAD}),
            ("pass:contract-5", {_SSIAD_31, _DAC}),
            ("pass:contract-7", {_SSIAD_11}),
            ("pass:contract-404", set()),
        ):
            found = directory.delegating_to(account)
            _check(
                isinstance(found, frozenset) and found == expected,
                f"delegating_to({account!r}): expected {sorted(expected)}, found {found!r}",
            )

    def test_delegating_to_a_blank_account_raises(self) -> None:
        directory = self._directory()
        for value in ("", "  "):
            _check_rejects(partial(directory.delegating_to, value), "ACCOUNT_REQUIRED", repr(value))


def _notices() -> tuple[HabilitationNotice, ...]:
    return (
        HabilitationNotice(
            record_id="DC-contract-1",
            member_id="M2",
            recipient="pass:contract-1",
            structure=False,
            at=instant(0),
        ),
        HabilitationNotice(
            record_id="DC-contract-1",
            member_id="M3",
            recipient=_SSIAD_31,
            structure=True,
            at=instant(0),
        ),
        HabilitationNotice(
            record_id="DC-contract-2",
            member_id="M2",
            recipient="pass:contract-1",
            structure=False,
            at=instant(5),
        ),
    )


class NotifierContract:
    """What every :class:`~carecircle.ports.Notifier` must do, as far as the library can see.

    Subclass it as ``class TestMyNotifier(NotifierContract)`` and implement
    :meth:`make_notifier` (a fresh notifier, having sent nothing) and :meth:`sent` (what that
    notifier has delivered or queued so far, in order: read back from your outbox or queue).
    """

    def make_notifier(self) -> Notifier:
        """A fresh notifier."""
        raise NotImplementedError

    def sent(self, notifier: Notifier) -> Sequence[Notification]:
        """What ``notifier`` has delivered or queued, oldest first."""
        raise NotImplementedError

    def test_is_a_notifier(self) -> None:
        _check(isinstance(self.make_notifier(), Notifier), "the notifier has notify")

    def test_a_fresh_notifier_has_sent_nothing(self) -> None:
        found = list(self.sent(self.make_notifier()))
        _check(found == [], f"a fresh notifier: found {found!r}")

    def test_notifications_are_received_in_order(self) -> None:
        notifier, notices = self.make_notifier(), _notices()
        for notice in notices:
            notifier.notify(notice)
        found = list(self.sent(notifier))
        _check(found == list(notices), f"expected {list(notices)!r}, found {found!r}")
