"""In-memory directories and notifier (:mod:`carecircle.testing.directories`,
:mod:`carecircle.testing.indexed`, :mod:`carecircle.testing.notifiers`).

The contracts of :mod:`carecircle.testing.contracts` run against the linear directories and
the indexed ones, with the index's default thresholds and with tiny ones (every path of the
index on a few entries); then the in-memory specifics (writes, duplicates), for both; then
properties comparing every search of the indexed directories with the linear one's (a filter
over the entries, which the contracts check).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carecircle import (
    MAX_LIMIT,
    Address,
    Code,
    ConflictError,
    Contact,
    DirectoryProfessional,
    DirectoryStructure,
    HabilitationNotice,
    InputRejected,
    InvalidValueError,
    NotFoundError,
    Notification,
    Notifier,
    Page,
    PassAccount,
    ProfessionalDirectory,
    ProfessionalQuery,
    StructureDirectory,
    StructureQuery,
    search_words,
)
from carecircle.nomenclatures import categories, professions
from carecircle.testing.builders import EPOCH, directory_professional, directory_structure
from carecircle.testing.contracts import (
    CONTRACT_PROFESSIONALS,
    CONTRACT_STRUCTURES,
    DirectoryContract,
    NotifierContract,
    ProfessionalDirectoryContract,
    StructureDirectoryContract,
)
from carecircle.testing.directories import (
    InMemoryProfessionalDirectory,
    InMemoryStructureDirectory,
)
from carecircle.testing.indexed import (
    IndexedProfessionalDirectory,
    IndexedStructureDirectory,
    IndexTuning,
)
from carecircle.testing.notifiers import CapturingNotifier

PROPERTIES = settings(max_examples=120, deadline=None)

#: Thresholds so small that a few entries go through every path of the index: long-prefix
#: look-ups, merged postings, bit masks built eagerly and on demand, evictions, block skips.
TINY = IndexTuning(depth=2, scan_limit=1, mask_from=2, cache_size=2, block=2)


def tiny_professionals(
    entries: Iterable[DirectoryProfessional] = (),
) -> IndexedProfessionalDirectory:
    return IndexedProfessionalDirectory(entries, tuning=TINY)


def tiny_structures(entries: Iterable[DirectoryStructure] = ()) -> IndexedStructureDirectory:
    return IndexedStructureDirectory(entries, tuning=TINY)


#: Every way of keeping professionals in memory (structures below), each checked by the
#: contracts: the linear fake, the index with its default and with tiny thresholds.
PROFESSIONAL_DIRECTORIES: tuple[Callable[..., InMemoryProfessionalDirectory], ...] = (
    InMemoryProfessionalDirectory,
    IndexedProfessionalDirectory,
    tiny_professionals,
)
STRUCTURE_DIRECTORIES: tuple[Callable[..., InMemoryStructureDirectory], ...] = (
    InMemoryStructureDirectory,
    IndexedStructureDirectory,
    tiny_structures,
)


# -- the contracts ----------------------------------------------------------------------------


class TestInMemoryProfessionalDirectory(ProfessionalDirectoryContract):
    def make_directory(self, entries: Sequence[DirectoryProfessional]) -> ProfessionalDirectory:
        return InMemoryProfessionalDirectory(entries)


class TestIndexedProfessionalDirectory(ProfessionalDirectoryContract):
    def make_directory(self, entries: Sequence[DirectoryProfessional]) -> ProfessionalDirectory:
        return IndexedProfessionalDirectory(entries)


class TestTinyIndexProfessionalDirectory(ProfessionalDirectoryContract):
    def make_directory(self, entries: Sequence[DirectoryProfessional]) -> ProfessionalDirectory:
        return tiny_professionals(entries)


class TestInMemoryStructureDirectory(StructureDirectoryContract):
    def make_directory(self, entries: Sequence[DirectoryStructure]) -> StructureDirectory:
        return InMemoryStructureDirectory(entries)


class TestIndexedStructureDirectory(StructureDirectoryContract):
    def make_directory(self, entries: Sequence[DirectoryStructure]) -> StructureDirectory:
        return IndexedStructureDirectory(entries)


class TestTinyIndexStructureDirectory(StructureDirectoryContract):
    def make_directory(self, entries: Sequence[DirectoryStructure]) -> StructureDirectory:
        return tiny_structures(entries)


class TestCapturingNotifier(NotifierContract):
    def make_notifier(self) -> Notifier:
        return CapturingNotifier()

    def sent(self, notifier: Notifier) -> Sequence[Notification]:
        assert isinstance(notifier, CapturingNotifier)
        return notifier.sent


class TestContractsCatchMistakes:
    """The contracts fail an implementation that gets a documented behaviour wrong."""

    class Unsorted(InMemoryProfessionalDirectory):
        def search(self, query: ProfessionalQuery) -> Page[DirectoryProfessional]:
            page = super().search(query)
            return attrs.evolve(page, items=tuple(reversed(page.items)))

    class Lenient(InMemoryStructureDirectory):
        def delegating_to(self, account: str) -> frozenset[str]:
            return frozenset(s.national_id for s in self if account in s.delegates)

    class Forgetful(CapturingNotifier):
        def notify(self, notification: Notification) -> None:
            if not self.sent:
                super().notify(notification)

    def test_unsorted_results(self) -> None:
        class Contract(ProfessionalDirectoryContract):
            def make_directory(
                self, entries: Sequence[DirectoryProfessional]
            ) -> ProfessionalDirectory:
                return TestContractsCatchMistakes.Unsorted(entries)

        with pytest.raises(AssertionError, match="expected"):
            Contract().test_results_are_sorted_by_name_then_national_id_then_account()

    def test_delegates_of_a_structure_that_is_no_legal_entity(self) -> None:
        class Contract(StructureDirectoryContract):
            def make_directory(self, entries: Sequence[DirectoryStructure]) -> StructureDirectory:
                return TestContractsCatchMistakes.Lenient(entries)

        with pytest.raises(AssertionError, match="12A0000047"):
            Contract().test_delegating_to_lists_legal_entities_only()

    def test_lost_notifications(self) -> None:
        class Contract(NotifierContract):
            def make_notifier(self) -> Notifier:
                return TestContractsCatchMistakes.Forgetful()

            def sent(self, notifier: Notifier) -> Sequence[Notification]:
                assert isinstance(notifier, CapturingNotifier)
                return notifier.sent

        with pytest.raises(AssertionError, match="expected"):
            Contract().test_notifications_are_received_in_order()

    class Silent(InMemoryStructureDirectory):
        def by_national_id(self, national_id: str) -> DirectoryStructure | None:
            return super().by_national_id(national_id) if national_id.strip() else None

    class WrongCode(InMemoryProfessionalDirectory):
        def by_account(self, account: str) -> DirectoryProfessional | None:
            raise InvalidValueError.of("OOPS", "account", "the wrong code")

    def test_a_lookup_that_never_raises(self) -> None:
        class Contract(StructureDirectoryContract):
            def make_directory(self, entries: Sequence[DirectoryStructure]) -> StructureDirectory:
                return TestContractsCatchMistakes.Silent(entries)

        with pytest.raises(AssertionError, match="nothing was raised"):
            Contract().test_blank_national_id_raises()

    def test_the_wrong_error_code(self) -> None:
        class Contract(ProfessionalDirectoryContract):
            def make_directory(
                self, entries: Sequence[DirectoryProfessional]
            ) -> ProfessionalDirectory:
                return TestContractsCatchMistakes.WrongCode(entries)

        with pytest.raises(AssertionError, match="OOPS"):
            Contract().test_blank_account_raises()

    class Miscounting(InMemoryStructureDirectory):
        def search(self, query: StructureQuery) -> Page[DirectoryStructure]:
            page = super().search(query)
            return attrs.evolve(page, total=len(page.items))

    def test_a_total_of_the_page_only(self) -> None:
        """The checks every directory shares (DirectoryContract) fail it too."""

        class Contract(StructureDirectoryContract):
            def make_directory(self, entries: Sequence[DirectoryStructure]) -> StructureDirectory:
                return TestContractsCatchMistakes.Miscounting(entries)

        with pytest.raises(AssertionError, match="expected a total of 8, found 3"):
            Contract().test_paging()
        with pytest.raises(AssertionError, match="expected a total of 8, found 0"):
            Contract().test_offset_past_the_end_gives_no_items_but_the_total()

    def test_the_base_classes_say_what_to_implement(self) -> None:
        with pytest.raises(NotImplementedError):
            DirectoryContract[DirectoryStructure, StructureQuery]().make_directory(())
        with pytest.raises(NotImplementedError):
            ProfessionalDirectoryContract().make_directory(())
        with pytest.raises(NotImplementedError):
            StructureDirectoryContract().make_directory(())
        with pytest.raises(NotImplementedError):
            NotifierContract().make_notifier()
        with pytest.raises(NotImplementedError):
            NotifierContract().sent(CapturingNotifier())


# -- the in-memory specifics ------------------------------------------------------------------


#: Builds a directory of professionals (of structures), each way: the tests below run on each.
Professionals = Callable[..., InMemoryProfessionalDirectory]
Structures = Callable[..., InMemoryStructureDirectory]


@pytest.fixture(params=PROFESSIONAL_DIRECTORIES, ids=["linear", "indexed", "tiny index"])
def professionals(request: pytest.FixtureRequest) -> Professionals:
    made: Professionals = request.param
    return made


@pytest.fixture(params=STRUCTURE_DIRECTORIES, ids=["linear", "indexed", "tiny index"])
def structures(request: pytest.FixtureRequest) -> Structures:
    made: Structures = request.param
    return made


class TestProfessionalWrites:
    def test_duplicates_in_the_constructor_are_all_listed(
        self, professionals: Professionals
    ) -> None:
        first = directory_professional(1)
        same_id = attrs.evolve(directory_professional(2), national_id=first.national_id)
        same_account = attrs.evolve(directory_professional(3), account=first.account)
        with pytest.raises(InputRejected) as caught:
            professionals([first, directory_professional(4), same_id, same_account])
        violations = caught.value.violations
        assert [(v.code, v.path) for v in violations] == [
            ("DUPLICATE_ENTRY", "entries[2]"),
            ("DUPLICATE_ENTRY", "entries[3]"),
        ]
        assert all(isinstance(e, ConflictError) for e in caught.value.exceptions)
        assert "entries[0]" in violations[0].message
        assert all(str(first.national_id) not in v.message for v in violations)
        assert all("pass:1" not in v.message for v in violations)

    def test_add_then_search_sees_the_new_entry(self, professionals: Professionals) -> None:
        directory = professionals(CONTRACT_PROFESSIONALS)
        assert directory.search(ProfessionalQuery(name="zorro")).total == 0
        zorro = attrs.evolve(directory_professional(77), family_name="Zorro")
        directory.add(zorro)
        assert directory.search(ProfessionalQuery(name="zorro")).items == (zorro,)
        assert directory.by_national_id(zorro.national_id or "") == zorro
        assert len(directory) == len(CONTRACT_PROFESSIONALS) + 1
        assert list(directory)[-1] == zorro  # ZORRO sorts last

    def test_add_rejects_a_known_identifier(self, professionals: Professionals) -> None:
        directory = professionals([directory_professional(1)])
        clash = attrs.evolve(directory_professional(2), account=PassAccount(id="pass:1"))
        with pytest.raises(ConflictError) as caught:
            directory.add(clash)
        assert (caught.value.code, caught.value.path) == ("DUPLICATE_ENTRY", "entry")
        assert "PASS account" in caught.value.message
        assert "pass:1" not in caught.value.message
        assert len(directory) == 1

    def test_replace_gives_an_account_and_a_new_name(self, professionals: Professionals) -> None:
        before = DirectoryProfessional(national_id="810000000555", family_name="Martin")
        directory = professionals([before, directory_professional(1)])
        assert directory.search(ProfessionalQuery(name="martin")).items == (before,)
        after = attrs.evolve(before, account=PassAccount(id="pass:555"), family_name="Bernard")
        assert directory.replace(after) == before
        assert directory.by_account("pass:555") == after
        assert directory.by_national_id("810000000555") == after
        assert directory.search(ProfessionalQuery(name="martin")).total == 0
        assert directory.search(ProfessionalQuery(name="bernard")).items == (after,)
        assert len(directory) == 2

    def test_replace_may_drop_an_identifier(self, professionals: Professionals) -> None:
        before = directory_professional(9)
        directory = professionals([before])
        directory.replace(attrs.evolve(before, account=None))
        assert directory.by_account("pass:9") is None
        directory.add(attrs.evolve(directory_professional(10), account=before.account))
        assert directory.by_account("pass:9") is not None

    def test_replace_of_nobody(self, professionals: Professionals) -> None:
        directory = professionals([directory_professional(1)])
        with pytest.raises(NotFoundError) as caught:
            directory.replace(directory_professional(2))
        assert (caught.value.code, caught.value.path) == ("ENTRY_NOT_FOUND", "entry")

    def test_replace_of_two_entries_at_once(self, professionals: Professionals) -> None:
        directory = professionals([directory_professional(1), directory_professional(2)])
        merged = attrs.evolve(directory_professional(1), account=PassAccount(id="pass:2"))
        with pytest.raises(ConflictError) as caught:
            directory.replace(merged)
        assert caught.value.code == "DUPLICATE_ENTRY"
        assert directory.by_account("pass:2") == directory_professional(2)


class TestProfessionalLookups:
    @pytest.fixture
    def directory(self, professionals: Professionals) -> InMemoryProfessionalDirectory:
        return professionals(CONTRACT_PROFESSIONALS)

    def test_a_malformed_national_id_names_its_path(
        self, directory: InMemoryProfessionalDirectory
    ) -> None:
        with pytest.raises(InvalidValueError) as caught:
            directory.by_national_id("8123")
        assert caught.value.path == "national_id"

    def test_an_account_is_stripped(self, directory: InMemoryProfessionalDirectory) -> None:
        found = directory.by_account("  pass:contract-3 ")
        assert found is not None and found.family_name == "durand"

    def test_a_blank_account_names_its_path(self, directory: InMemoryProfessionalDirectory) -> None:
        with pytest.raises(InvalidValueError) as caught:
            directory.by_account(" ")
        assert (caught.value.code, caught.value.path) == ("ACCOUNT_REQUIRED", "account")

    def test_iteration_is_in_display_order(self, directory: InMemoryProfessionalDirectory) -> None:
        everyone = directory.search(ProfessionalQuery(limit=MAX_LIMIT)).items
        assert tuple(directory) == everyone
        assert len(directory) == len(everyone)

    def test_an_empty_directory(self, professionals: Professionals) -> None:
        empty = professionals()
        assert len(empty) == 0 and list(empty) == []
        page = empty.search(ProfessionalQuery(name="dur", offset=40))
        assert (page.items, page.total, page.has_more) == ((), 0, False)
        assert empty.search(ProfessionalQuery(offset=40)).total == 0


class TestStructureWrites:
    def test_duplicates_by_finess_or_siret(self, structures: Structures) -> None:
        first, second, third, _ = CONTRACT_STRUCTURES[:4]
        same_finess = attrs.evolve(second, finess=first.finess)
        same_id = attrs.evolve(third, national_id=first.national_id)
        with pytest.raises(InputRejected) as caught:
            structures([first, same_finess, directory_structure(4), same_id])
        assert [(v.code, v.path) for v in caught.value.violations] == [
            ("DUPLICATE_ENTRY", "entries[1]"),
            ("DUPLICATE_ENTRY", "entries[3]"),
        ]
        assert "FINESS" in caught.value.violations[0].message
        assert "directory id" in caught.value.violations[1].message

    def test_add_and_replace_keep_delegations_current(self, structures: Structures) -> None:
        directory = structures(CONTRACT_STRUCTURES)
        assert directory.delegating_to("pass:new") == frozenset()
        entity = DirectoryStructure(
            national_id="RECO-NEW",
            name="SAAD Aide et Vie",
            category=categories.SAAD,
            legal_entity=True,
            delegates=frozenset({"pass:new"}),
        )
        directory.add(entity)
        assert directory.delegating_to("pass:new") == {"RECO-NEW"}
        assert directory.search(StructureQuery(category=categories.SAAD)).items == (entity,)
        directory.replace(attrs.evolve(entity, legal_entity=False))
        assert directory.delegating_to("pass:new") == frozenset()
        with pytest.raises(ConflictError, match="FINESS"):
            directory.add(
                attrs.evolve(entity, national_id="RECO-OTHER", finess=CONTRACT_STRUCTURES[0].finess)
            )

    def test_a_blank_account_has_no_delegations(self, structures: Structures) -> None:
        directory = structures(CONTRACT_STRUCTURES)
        with pytest.raises(InvalidValueError) as caught:
            directory.delegating_to("  ")
        assert (caught.value.code, caught.value.path) == ("ACCOUNT_REQUIRED", "account")

    def test_look_ups_strip_and_name_their_paths(self, structures: Structures) -> None:
        directory = structures(CONTRACT_STRUCTURES)
        found = directory.by_national_id("  RECO-CONTRACT-7 ")
        assert found is not None and found.name == "DAC Occitanie Ouest"
        with pytest.raises(InvalidValueError) as caught:
            directory.by_national_id("")
        assert caught.value.path == "national_id"
        with pytest.raises(InvalidValueError) as caught:
            directory.by_finess("3100")
        assert caught.value.path == "finess"
        with pytest.raises(InvalidValueError) as caught:
            directory.by_siret("3100")
        assert caught.value.path == "siret"


def test_capturing_notifier_clears() -> None:
    notifier = CapturingNotifier()
    notice = HabilitationNotice(
        record_id="DC-1", member_id="M2", recipient="pass:1", structure=False, at=EPOCH
    )
    notifier.notify(notice)
    assert notifier.sent == [notice]
    notifier.clear()
    assert notifier.sent == []


# -- the index against the linear directories ---------------------------------------------------


def assert_same(
    page: Page[DirectoryProfessional] | Page[DirectoryStructure],
    expected: Page[DirectoryProfessional] | Page[DirectoryStructure],
) -> None:
    """The indexed directory's page is the linear one's: items, total, paging."""
    assert (page.items, page.total) == (expected.items, expected.total)
    assert (page.offset, page.limit, page.has_more) == (
        expected.offset,
        expected.limit,
        expected.has_more,
    )


# -- generated entries and queries ------------------------------------------------------------

FAMILY = ("Durand", "DURAND", "durand", "Dupont", "Martin", "Saint-Martin", "d'Hélène",
          "N’Diaye", "Émond", "Marchand", "Marc", "Du Pont")  # fmt: skip
GIVEN = ("Hélène", "HELENE", "helene", "Marc", "Marie-Claire", "Jean-Pierre", "Inès", "")
CITIES = ("Toulouse", "Saint-Gaudens", "Saint-Jean-de-Védas", "Nîmes", "Ajaccio", "Bastia")
CODES = ("31000", "31800", "34430", "30000", "20000", "20199", "20200", "97110", "11400")
STRUCTURES = ("DAC Occitanie Ouest", "DAC Hérault", "CPTS du Grand Ajaccio", "SSIAD du Cap", "")
JOBS: tuple[Code | None, ...] = (
    None, professions.MEDECIN, professions.INFIRMIER, professions.PSYCHOLOGUE,
)  # fmt: skip
KINDS: tuple[Code | None, ...] = (None, categories.EHPAD, categories.SSIAD, categories.DAC)
PLACE_NAMES = ("SSIAD du Lauragais", "EHPAD Les Tilleuls", "Résidence Hélène Boucher",
               "Maison de santé Saint-Roch", "SSIAD Saint-Martin", "DAC")  # fmt: skip
WORDS = sorted(
    {
        w
        for text in (*FAMILY, *GIVEN, *CITIES, *STRUCTURES, *PLACE_NAMES)
        for w in search_words(text)
    }
    | {"hélène", "HÉL", "zz", "x"}
)

addresses = st.one_of(
    st.none(),
    st.builds(
        Address,
        city=st.one_of(st.none(), st.sampled_from(CITIES)),
        postal_code=st.one_of(st.none(), st.sampled_from(CODES)),
    ),
)


@st.composite
def professional(draw: st.DrawFn, n: int) -> DirectoryProfessional:
    identity = draw(st.sampled_from(["both", "national id", "account"]))
    return DirectoryProfessional(
        national_id=None if identity == "account" else f"8{n:011d}",
        account=None if identity == "national id" else PassAccount(id=f"pass:{n}"),
        profession=draw(st.sampled_from(JOBS)),
        family_name=draw(st.sampled_from(FAMILY)),
        given_name=draw(st.sampled_from(GIVEN)),
        contact=Contact(address=draw(addresses)),
        structure=draw(st.sampled_from(STRUCTURES)),
    )


@st.composite
def structure(draw: st.DrawFn, n: int) -> DirectoryStructure:
    return DirectoryStructure(
        national_id=f"S{n}",
        name=draw(st.sampled_from(PLACE_NAMES)),
        category=draw(st.sampled_from(KINDS)),
        address=draw(addresses),
        legal_entity=draw(st.booleans()),
        delegates=draw(st.frozensets(st.sampled_from(["pass:1", "pass:2", "pass:3"]))),
    )


def numbered(make: st.SearchStrategy[int], *, max_size: int) -> st.SearchStrategy[list[int]]:
    return st.lists(make, max_size=max_size, unique=True)


numbers = st.integers(min_value=1, max_value=10_000)


def typed(word: str) -> st.SearchStrategy[str]:
    """A prefix of ``word`` (or the word), in some case."""
    return st.tuples(st.integers(min_value=1, max_value=len(word)), st.booleans()).map(
        lambda cut: word[: cut[0]].upper() if cut[1] else word[: cut[0]]
    )


text = st.lists(st.sampled_from(WORDS).flatmap(typed), max_size=2).map(" ".join)
postal_prefixes = st.sampled_from(CODES).flatmap(
    lambda code: st.integers(min_value=1, max_value=5).map(lambda n: code[:n])
)
places = st.one_of(st.just(""), postal_prefixes, st.sampled_from(["2A", "2b", " 2 a"]), text)
pages = {"offset": st.integers(min_value=0, max_value=12), "limit": st.integers(1, 5)}

professional_queries = st.builds(
    ProfessionalQuery,
    name=text,
    profession=st.sampled_from(JOBS),
    place=places,
    structure=st.one_of(st.just(""), text),
    **pages,
)
structure_queries = st.builds(
    StructureQuery,
    name=st.one_of(st.just(""), text),
    category=st.sampled_from(KINDS),
    postal_code=st.one_of(st.just(""), postal_prefixes, st.sampled_from(["2A", "2b"])),
    **pages,
)


class TestIndexAgainstTheLinearDirectory:
    """Every search of an indexed directory answers what the linear directory's filter
    over every entry answers.
    """

    @PROPERTIES
    @given(
        st.data(),
        numbered(numbers, max_size=40),
        st.lists(professional_queries, min_size=1, max_size=6),
    )
    def test_professionals(
        self, data: st.DataObject, ids: list[int], queries: list[ProfessionalQuery]
    ) -> None:
        entries = [data.draw(professional(n)) for n in ids]
        linear = InMemoryProfessionalDirectory(entries)
        for make in PROFESSIONAL_DIRECTORIES[1:]:
            directory = make(entries)
            for q in queries:
                assert_same(directory.search(q), linear.search(q))

    @PROPERTIES
    @given(
        st.data(),
        numbered(numbers, max_size=40),
        st.lists(structure_queries, min_size=1, max_size=6),
        st.sampled_from(["pass:1", "pass:2", "pass:4"]),
    )
    def test_structures(
        self, data: st.DataObject, ids: list[int], queries: list[StructureQuery], account: str
    ) -> None:
        entries = [data.draw(structure(n)) for n in ids]
        delegating = {e.national_id for e in entries if e.legal_entity and account in e.delegates}
        linear = InMemoryStructureDirectory(entries)
        assert linear.delegating_to(account) == delegating
        for make in STRUCTURE_DIRECTORIES[1:]:
            directory = make(entries)
            for q in queries:
                assert_same(directory.search(q), linear.search(q))
            assert directory.delegating_to(account) == delegating

    @PROPERTIES
    @given(
        st.data(),
        numbered(numbers, max_size=12),
        st.lists(st.tuples(st.booleans(), numbers), min_size=1, max_size=8),
        professional_queries,
    )
    def test_writes_reindex(
        self,
        data: st.DataObject,
        ids: list[int],
        writes: list[tuple[bool, int]],
        query: ProfessionalQuery,
    ) -> None:
        """After each add or replace, a search of either directory sees it as it now is:
        as a linear directory built afresh from the entries sees it.
        """
        entries = {n: data.draw(professional(n)) for n in ids}
        written = [make(entries.values()) for make in PROFESSIONAL_DIRECTORIES]
        for replace, n in writes:
            entry = data.draw(professional(n))
            if replace and n in entries:
                old = entries[n]
                entry = attrs.evolve(entry, national_id=old.national_id, account=old.account)
                assert all(directory.replace(entry) == old for directory in written)
            elif n not in entries:
                for directory in written:
                    directory.add(entry)
            else:
                continue
            entries[n] = entry
            afresh = InMemoryProfessionalDirectory(entries.values()).search(query)
            for directory in written:
                assert_same(directory.search(query), afresh)

    def test_hundreds_of_entries(self) -> None:
        """Long postings, offsets deep into bit masks, caches evicted and hit again."""
        rng = random.Random(2026)  # noqa: S311 -- a fixed sample, not a secret
        people = [
            DirectoryProfessional(
                national_id=f"8{n:011d}" if n % 3 else None,
                account=PassAccount(id=f"pass:{n}") if n % 3 != 1 else None,
                profession=rng.choice(JOBS),
                family_name=rng.choice(FAMILY),
                given_name=rng.choice(GIVEN),
                contact=Contact(
                    address=Address(city=rng.choice(CITIES), postal_code=rng.choice(CODES))
                ),
                structure=rng.choice(STRUCTURES),
            )
            for n in range(1, 400)
        ]
        queries = [
            ProfessionalQuery(
                name=rng.choice(["", "d", "du", "dur", "hel", "mar", "marc", "helene d"]),
                profession=rng.choice(JOBS),
                place=rng.choice(["", "3", "31", "20", "2A", "2B", "saint", "toulouse"]),
                structure=rng.choice(["", "", "dac", "cpts"]),
                offset=rng.choice([0, 0, 5, 20, 60, 150]),
                limit=rng.choice([1, 10, 100]),
            )
            for _ in range(150)
        ]
        biggish = attrs.evolve(TINY, block=4, cache_size=4)
        linear = InMemoryProfessionalDirectory(people)
        expected = [linear.search(q) for q in queries]
        for directory in (
            IndexedProfessionalDirectory(people),
            tiny_professionals(people),
            IndexedProfessionalDirectory(people, tuning=biggish),
        ):
            for q, answer in [*zip(queries, expected, strict=True)] * 2:
                assert_same(directory.search(q), answer)
