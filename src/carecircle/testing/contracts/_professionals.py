"""The contract of :class:`~carecircle.ProfessionalDirectory` (the PASS directory)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Final

from carecircle._model import DirectoryProfessional
from carecircle._ports import MAX_LIMIT, ProfessionalDirectory, ProfessionalQuery
from carecircle.identifiers import idnat_ps
from carecircle.nomenclatures import Code, professions
from carecircle.testing.contracts._directory import DirectoryContract
from carecircle.testing.contracts._entries import CONTRACT_PROFESSIONALS
from carecircle.testing.contracts.checks import check, check_rejects, label, validator_code

__all__ = ["ProfessionalDirectoryContract"]

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


class ProfessionalDirectoryContract(DirectoryContract[DirectoryProfessional, ProfessionalQuery]):
    """What every :class:`~carecircle.ProfessionalDirectory` must do.

    Subclass it as ``class TestMyDirectory(ProfessionalDirectoryContract)`` and implement
    :meth:`make_directory`: it receives :data:`CONTRACT_PROFESSIONALS` and returns a directory
    holding exactly them. Each ``test_*`` method checks one behaviour documented in
    :mod:`carecircle.ports`; those every directory shares come from
    :class:`~carecircle.testing.contracts._directory.DirectoryContract`.
    """

    entries = CONTRACT_PROFESSIONALS
    in_order = _PROFESSIONALS_IN_ORDER
    everything = ProfessionalQuery()
    blank = ProfessionalQuery(name="  ", place=" ", structure="-")
    spellings = tuple(
        (ProfessionalQuery(name=name), _HELENES)
        for name in ("Hélène", "HELENE", "helene", "HÉLÈNE")
    )
    probe = ProfessionalQuery(name="helene")
    probe_hits = _HELENES

    def make_directory(self, entries: Sequence[DirectoryProfessional]) -> ProfessionalDirectory:
        """A directory holding exactly ``entries``."""
        raise NotImplementedError

    def _directory(self) -> ProfessionalDirectory:
        return self.make_directory(self.entries)

    def test_is_a_professional_directory(self) -> None:
        self._check_port(ProfessionalDirectory, "search, by_national_id and by_account")

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

    def test_results_are_sorted_by_name_then_national_id_then_account(self) -> None:
        # Four DURAND Hélène: no national id first (then by account), then by national id.
        self._expect(ProfessionalQuery(name="durand helene"), _DURANDS, "the DURAND Hélène")
        self._expect(
            ProfessionalQuery(place="3", limit=MAX_LIMIT),
            (_D_HELENE, _DURAND_4, _DURAND_2, _DURAND_1, _EMOND, _NDIAYE),
            "places starting with 3",
        )

    def test_by_national_id(self) -> None:
        directory = self._directory()
        for typed in (_DURAND_1, " 8 10000000103 "):
            found = directory.by_national_id(typed)
            check(found is not None and label(found) == _DURAND_1, f"{typed!r}: found {found!r}")
        check(directory.by_national_id("810000009999") is None, "an absent national id")

    def test_malformed_national_id_raises(self) -> None:
        directory = self._directory()
        for value in ("8123", "", "9123456789", "3750712184"):
            code = validator_code(idnat_ps.validate, value)
            check_rejects(partial(directory.by_national_id, value), code, repr(value))

    def test_by_account(self) -> None:
        directory = self._directory()
        found = directory.by_account(_DURAND_3)
        check(found is not None and label(found) == _DURAND_3, f"{_DURAND_3}: found {found!r}")
        found = directory.by_account("pass:contract-1")
        check(found is not None and label(found) == _DURAND_1, f"pass:contract-1: {found!r}")
        check(directory.by_account("pass:contract-404") is None, "an absent account")

    def test_blank_account_raises(self) -> None:
        directory = self._directory()
        for value in ("", "   "):
            check_rejects(partial(directory.by_account, value), "ACCOUNT_REQUIRED", repr(value))
