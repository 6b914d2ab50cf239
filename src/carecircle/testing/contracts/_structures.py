"""The contract of :class:`~carecircle.StructureDirectory` (the regional directory)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Final

from carecircle._model import DirectoryStructure
from carecircle._ports import StructureDirectory, StructureQuery
from carecircle.identifiers import finess, siret
from carecircle.nomenclatures import Code, categories
from carecircle.testing.contracts._directory import DirectoryContract
from carecircle.testing.contracts._entries import CONTRACT_STRUCTURES
from carecircle.testing.contracts.checks import check, check_rejects, label, validator_code

__all__ = ["StructureDirectoryContract"]

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


class StructureDirectoryContract(DirectoryContract[DirectoryStructure, StructureQuery]):
    """What every :class:`~carecircle.StructureDirectory` must do.

    Subclass it as ``class TestMyDirectory(StructureDirectoryContract)`` and implement
    :meth:`make_directory`: it receives :data:`CONTRACT_STRUCTURES` and returns a directory
    holding exactly them. Each ``test_*`` method checks one behaviour documented in
    :mod:`carecircle.ports`; those every directory shares come from
    :class:`~carecircle.testing.contracts._directory.DirectoryContract`.
    """

    entries = CONTRACT_STRUCTURES
    in_order = _STRUCTURES_IN_ORDER
    everything = StructureQuery()
    blank = StructureQuery(name=" - ")
    spellings = (
        *((StructureQuery(name=n), (_RESIDENCE,)) for n in ("Hélène", "HELENE", "helene")),
        (StructureQuery(name="résidence HÉLÈNE"), (_RESIDENCE,)),
        *((StructureQuery(name=n), (_MSP_BASTIA,)) for n in ("santé", "SANTE")),
    )
    probe = StructureQuery(category=categories.SSIAD)
    probe_hits = (_SSIAD_11, _SSIAD_31)

    def make_directory(self, entries: Sequence[DirectoryStructure]) -> StructureDirectory:
        """A directory holding exactly ``entries``."""
        raise NotImplementedError

    def _directory(self) -> StructureDirectory:
        return self.make_directory(self.entries)

    def test_is_a_structure_directory(self) -> None:
        self._check_port(
            StructureDirectory,
            "search, by_national_id, by_finess, by_siret and delegating_to",
        )

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

    def test_results_are_sorted_by_name_then_national_id(self) -> None:
        # The two "SSIAD du Lauragais" come by national id.
        self._expect(StructureQuery(name="lauragais"), (_SSIAD_11, _SSIAD_31), "'lauragais'")
        self._expect(
            StructureQuery(postal_code="3"), (_EHPAD, _RESIDENCE, _SSIAD_31), "postal code 3"
        )

    def test_by_national_id(self) -> None:
        directory = self._directory()
        for value in (_DAC, _SSIAD_31):
            found = directory.by_national_id(value)
            check(found is not None and label(found) == value, f"{value!r}: found {found!r}")
        check(directory.by_national_id("RECO-CONTRACT-404") is None, "an absent directory id")

    def test_blank_national_id_raises(self) -> None:
        directory = self._directory()
        for value in ("", "  "):
            check_rejects(
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
            check(found is not None and label(found) == expected, f"{typed!r}: found {found!r}")
        check(directory.by_finess("750000001") is None, "an absent FINESS")

    def test_malformed_finess_raises(self) -> None:
        directory = self._directory()
        for value in ("31000001", "96000000X", ""):
            code = validator_code(finess.validate, value)
            check_rejects(partial(directory.by_finess, value), code, repr(value))

    def test_by_siret(self) -> None:
        directory = self._directory()
        for typed, expected in (
            ("31500001800012", _SSIAD_31),
            ("115 000 028 00015", _DAC),
        ):
            found = directory.by_siret(typed)
            check(found is not None and label(found) == expected, f"{typed!r}: found {found!r}")
        check(directory.by_siret("73282932000074") is None, "an absent SIRET")

    def test_malformed_siret_raises(self) -> None:
        directory = self._directory()
        for value in ("73282932000079", "123", "7328293200007A"):
            code = validator_code(siret.validate, value)
            check_rejects(partial(directory.by_siret, value), code, repr(value))

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
            check(
                isinstance(found, frozenset) and found == expected,
                f"delegating_to({account!r}): expected {sorted(expected)}, found {found!r}",
            )

    def test_delegating_to_a_blank_account_raises(self) -> None:
        directory = self._directory()
        for value in ("", "  "):
            check_rejects(partial(directory.delegating_to, value), "ACCOUNT_REQUIRED", repr(value))
