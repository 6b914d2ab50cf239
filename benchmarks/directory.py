"""Directory benchmark: the in-memory directories' indexed searches against a linear scan.

One deterministic workload (seeded ``random.Random``): 100,000 directory professionals
(French family and given names with accents, compound and apostrophe names, Zipf-like
frequencies; 14 professions; 90 % with an address in Occitanie, a few in Corsica and
elsewhere; 80 % with a PASS account; a fifth with a coordination structure) and 100,000
directory structures (11 categories, the same places, 30 % legal entities with delegates).

It reports how long :class:`~carecircle.testing.indexed.IndexedProfessionalDirectory` and
:class:`~carecircle.testing.indexed.IndexedStructureDirectory` take to build their indexes (on
the first search) and roughly how much memory those take (``tracemalloc``), then
times every query of a realistic mix, one call at a time, by family:

- name prefixes of 1 to 6 letters, some asking for page 2 or 3;
- full names (family and given name, typed in any case, with or without accents);
- a name prefix and a profession;
- a name prefix, a place and a profession;
- a place: a postal code, a département (``31``, ``2A``…) or city words;
- structures: a category and a département, name words;
- look-ups by national id, PASS account, FINESS and SIRET.

For each family it prints the median and 95th percentile in µs, the median of the linear
directories of :mod:`carecircle.testing.directories` over the same entries (a filter over the
entries in display order, their words folded once, on their first search) on a sample of the
same queries, and the ratio. Before timing, every sampled query is
answered by both and the answers compared (items and total); a difference aborts the run.

Target: a median of at most 1 ms per search in every family. Exit status: 0 when every target
is met, 1 when one is missed, 3 when the index and the scan disagree.

    python benchmarks/directory.py
"""

from __future__ import annotations

import contextlib
import functools
import gc
import itertools
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Final, TypeVar

from stdnum import luhn

from carecircle import (
    Address,
    Contact,
    DirectoryProfessional,
    DirectoryStructure,
    PassAccount,
    ProfessionalQuery,
    StructureQuery,
)
from carecircle import search_words as words
from carecircle._text import fold
from carecircle.identifiers import postal_code
from carecircle.nomenclatures import categories, professions
from carecircle.testing.directories import InMemoryProfessionalDirectory, InMemoryStructureDirectory
from carecircle.testing.indexed import IndexedProfessionalDirectory, IndexedStructureDirectory

T = TypeVar("T")
Q = TypeVar("Q")

SEED: Final = 2026
PROFESSIONALS: Final = 100_000
STRUCTURES: Final = 100_000
#: Queries timed per family, and how many of them the linear scan answers too.
QUERIES: Final = 400
SCANNED: Final = 12
#: The target: median time per search, in seconds.
TARGET: Final = 1e-3

# -- the workload -----------------------------------------------------------------------------

_FAMILY: Final = (
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau",
    "Laurent", "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel",
    "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent",
    "Müller", "Lefebvre", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier",
    "Chevalier", "François", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin", "Clément",
    "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson", "Marchand",
    "Duval", "Denis", "Dumont", "Marie", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier",
    "Brun", "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier",
    "Arnaud", "Martínez", "Gérard", "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin",
    "Vidal", "Caron", "Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas",
    "Lacroix", "Olivier", "Philippe", "Bourgeois", "Pierre", "Benoît", "Rey", "Leclerc",
    "Payet", "Rolland", "Leclercq", "Guillaume", "Lecomte", "López", "Jean", "Dupuy",
    "Guillot", "Hubert", "Berger", "Carpentier", "Sánchez", "Dupuis", "Moulin", "Louis",
    "Deschamps", "Huet", "Vasseur", "Perez", "Boucher", "Fleury", "Royer", "Klein", "Jacquet",
    "Adam", "Paris", "Poirier", "Marty", "Aubry", "Guyot", "Carré", "Charles", "Renault",
    "Charpentier", "Ménard", "Maillard", "Baron", "Bertin", "Bailly", "Hervé", "Schneider",
    "Fernández", "Le Gall", "Collet", "Léger", "Bouvier", "Julien", "Prévost", "Millet",
    "Perrot", "Daniel", "Le Roux", "Cousin", "Germain", "Breton", "Besson", "Langlois",
    "Rémy", "Le Goff", "Pelletier", "Lévêque", "Perrier", "Leblanc", "Barré", "Lebrun",
    "Marchal", "Weber", "Mallet", "Hamon", "Boulanger", "Jacob", "Monnier", "Michaud",
    "Rodríguez", "Guichard", "Gillet", "Étienne", "Grondin", "Poulain", "Tessier", "Chevallier",
    "Collin", "Chauvin", "Da Silva", "Bouchet", "Gay", "Lemaître", "Bénard", "Maréchal",
    "Humbert", "Reynaud", "Antoine", "Hoarau", "Perret", "Barthélemy", "Cordier", "Pichon",
    "Lejeune", "Gilbert", "Lamy", "Delaunay", "Pasquier", "Carlier", "Laporte", "N'Diaye",
    "Nguyen", "Benali", "Castex", "Émond", "Cazals", "Puech", "Bousquet", "Fabié", "Couderc",
    "Azéma", "Lafon", "Cabrol", "Delmas", "Vaysse", "Estève", "Aldebert", "Sabatier",
)  # fmt: skip
#: Syllables of the long tail of regional family names (Castalès, Roumignou…).
_ROOTS: Final = (
    "Cast", "Roum", "Bouss", "Laf", "Marc", "Pey", "Del", "Cab", "Vays", "Fab", "Garr", "Lab",
    "Sab", "Mal", "Bonn", "Font", "Mont", "Roqu", "Bel", "Caz", "Esc", "Daur", "Lacomb",
    "Bousqu", "Cour", "Puj", "Sarr", "Trill", "Vern", "Arn", "Aug", "Barr", "Boy", "Carr",
    "Chab", "Cost", "Dast", "Ferr", "Gal", "Gaub", "Lagr", "Lamb", "Lauz", "Mir", "Naud",
    "Pouz", "Rig", "Salv", "Tour", "Vid",
)  # fmt: skip
_MIDDLES: Final = ("", "al", "ar", "ill", "eir", "ign", "ol", "ab", "ens", "ot")
_ENDINGS: Final = (
    "ès", "et", "ou", "ac", "ard", "ier", "on", "ade", "ère", "al", "aud", "eau", "in", "ié",
    "ous", "enc", "ergue", "ayrol", "ègue", "assié", "ats", "oux", "ieu", "agne", "ine",
)  # fmt: skip
_PARTICLES: Final = ("de ", "d'", "Le ", "La ", "Du ", "Saint-", "de La ", "D’")
_GIVEN: Final = (
    "Marie", "Jean", "Pierre", "Michel", "André", "Philippe", "Nathalie", "Isabelle", "Sylvie",
    "Catherine", "Françoise", "Christine", "Hélène", "Anne", "Valérie", "Sandrine", "Stéphane",
    "Frédéric", "Éric", "Laurent", "Nicolas", "Christophe", "Julien", "Sébastien", "Céline",
    "Aurélie", "Émilie", "Julie", "Camille", "Léa", "Manon", "Chloé", "Inès", "Zoé", "Louise",
    "Jade", "Lucas", "Hugo", "Théo", "Louis", "Gabriel", "Raphaël", "Arthur", "Noé", "Jules",
    "Amadou", "Fatoumata", "Yasmine", "Mohamed", "Karim", "Thi Thu", "Jean-Pierre",
    "Jean-Marc", "Marie-Claire", "Anne-Sophie", "Marie-Hélène", "Pierre-Yves", "Éloïse",
    "Agnès", "Bérénice", "Gaëlle", "Joël", "Noëlle", "Loïc", "Maëlys", "Océane", "Clément",
    "Jérôme", "Jérémy", "Benoît", "Gérard", "Josiane", "Ghislaine", "Régis", "Thérèse",
    "Cécile", "Mélanie", "Pauline", "Margaux", "Élodie", "Hervé", "Rémi", "Adèle", "Héloïse",
)  # fmt: skip
#: (city, postal code, weight): Occitanie, a little of Corsica, a little elsewhere.
_PLACES: Final = (
    ("Toulouse", "31000", 30), ("Toulouse", "31200", 12), ("Toulouse", "31300", 12),
    ("Toulouse", "31400", 14), ("Toulouse", "31500", 12), ("Colomiers", "31770", 6),
    ("Tournefeuille", "31170", 5), ("Muret", "31600", 4), ("Blagnac", "31700", 5),
    ("Saint-Gaudens", "31800", 3), ("Villefranche-de-Lauragais", "31290", 2),
    ("Montpellier", "34000", 25), ("Montpellier", "34070", 10), ("Montpellier", "34090", 10),
    ("Béziers", "34500", 8), ("Sète", "34200", 5), ("Lunel", "34400", 3), ("Lodève", "34700", 2),
    ("Nîmes", "30000", 14), ("Nîmes", "30900", 6), ("Alès", "30100", 6),
    ("Bagnols-sur-Cèze", "30200", 3),
    ("Perpignan", "66000", 14), ("Perpignan", "66100", 5), ("Céret", "66400", 2),
    ("Carcassonne", "11000", 6), ("Narbonne", "11100", 6), ("Castelnaudary", "11400", 2),
    ("Albi", "81000", 6), ("Castres", "81100", 5), ("Gaillac", "81600", 2),
    ("Montauban", "82000", 6), ("Castelsarrasin", "82100", 2), ("Rodez", "12000", 5),
    ("Millau", "12100", 3), ("Villefranche-de-Rouergue", "12200", 2), ("Cahors", "46000", 3),
    ("Figeac", "46100", 2), ("Tarbes", "65000", 5), ("Lourdes", "65100", 2), ("Auch", "32000", 3),
    ("Condom", "32100", 1), ("Mende", "48000", 2), ("Foix", "09000", 2), ("Pamiers", "09100", 2),
    ("Ajaccio", "20000", 2), ("Ajaccio", "20090", 1), ("Porto-Vecchio", "20137", 1),
    ("Bastia", "20200", 2), ("Bastia", "20600", 1), ("Calvi", "20260", 1),
    ("Bordeaux", "33000", 2), ("Paris", "75014", 2), ("Lyon", "69003", 2),
    ("Marseille", "13005", 2), ("Pointe-à-Pitre", "97110", 1),
)  # fmt: skip
_PROFESSIONS: Final = (
    (professions.INFIRMIER, 28), (professions.MEDECIN, 24),
    (professions.MASSEUR_KINESITHERAPEUTE, 11), (professions.PHARMACIEN, 8),
    (professions.AIDE_SOIGNANT, 7), (professions.PSYCHOLOGUE, 4), (professions.SAGE_FEMME, 3),
    (professions.ORTHOPHONISTE, 3), (professions.CHIRURGIEN_DENTISTE, 3),
    (professions.ERGOTHERAPEUTE, 2), (professions.DIETETICIEN, 2),
    (professions.ASSISTANT_SERVICE_SOCIAL, 2), (professions.AUXILIAIRE_VIE_SOCIALE, 2),
    (professions.PEDICURE_PODOLOGUE, 1),
)  # fmt: skip
#: (category, how its structures are named, weight).
_CATEGORIES: Final = (
    (categories.EHPAD, "EHPAD", 22), (categories.SSIAD, "SSIAD", 14),
    (categories.SAAD, "SAAD", 16), (categories.SPASAD, "SPASAD", 5),
    (categories.CENTRE_HOSPITALIER, "Centre hospitalier", 6),
    (categories.CENTRE_HOSPITALIER_REGIONAL, "CHU", 1),
    (categories.CENTRE_DE_SANTE, "Centre de santé", 10),
    (categories.MAISON_DE_SANTE, "Maison de santé", 14), (categories.CPTS, "CPTS", 6),
    (categories.DAC, "DAC", 3), (categories.MDPH, "MDPH", 3),
)  # fmt: skip
_STRUCTURE_NAMES: Final = (
    "Les Tilleuls", "Les Lilas", "du Lauragais", "Saint-Roch", "Sainte-Marthe", "Les Cèdres",
    "La Garonne", "Le Canal du Midi", "Les Oliviers", "Pasteur", "Hélène Boucher",
    "Jean Jaurès", "Les Pins", "Les Cévennes", "du Grand Narbonne", "Aide et Vie",
    "L'Oustal", "Lo Camin", "La Roseraie", "Bon Secours", "Les Mimosas", "Val d'Orb",
)  # fmt: skip
_COORDINATION: Final = (
    "DAC Occitanie Ouest", "DAC 34", "CPTS du Grand Narbonne", "CPTS Toulouse Nord",
    "MSP des Minimes", "Réseau Onco-Occitanie", "Équipe mobile de gériatrie",
    "Plateforme territoriale d'appui du Tarn", "Maison de santé de Lodève", "CPTS Cœur d'Hérault",
)  # fmt: skip


def _zipf(values: Sequence[T], exponent: float) -> tuple[float, ...]:
    """Cumulative Zipf-like weights: the first value is the most frequent."""
    return tuple(itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(len(values))))


@dataclass(frozen=True)
class Pools:
    """Weighted choices the generators draw from."""

    family: tuple[str, ...]
    family_weights: tuple[float, ...]  # cumulative
    given_weights: tuple[float, ...]  # cumulative

    @classmethod
    def of(cls, rng: random.Random) -> Pools:
        """Common names first (the most frequent), then a long tail of regional, compound and
        particled names.
        """
        common = list(_FAMILY)
        rng.shuffle(common)
        regional = [f"{r}{m}{e}" for r in _ROOTS for m in _MIDDLES for e in _ENDINGS]
        tail = rng.sample(sorted(set(regional)), 8_000)
        tail += sorted({f"{a}-{b}" for a, b in (rng.sample(_FAMILY, 2) for _ in range(600))})
        tail += sorted({f"{p}{rng.choice(_FAMILY)}" for p in _PARTICLES for _ in range(40)})
        rng.shuffle(tail)
        family = [*common, *tail]
        return cls(tuple(family), _zipf(family, 0.8), _zipf(_GIVEN, 0.7))


def _pick(rng: random.Random, pairs: Sequence[tuple[T, int]]) -> T:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _address(rng: random.Random) -> Address | None:
    roll = rng.random()
    if roll < 0.1:
        return None
    city, code, _ = rng.choices(_PLACES, weights=[p[2] for p in _PLACES])[0]
    line = f"{rng.randint(1, 120)} rue {rng.choice(_STRUCTURE_NAMES)}"
    return Address(line=line, city=None if roll < 0.13 else city, postal_code=code)


def build_professionals(rng: random.Random, pools: Pools, n: int) -> list[DirectoryProfessional]:
    found = []
    for number in range(1, n + 1):
        kind = rng.random()
        case = rng.random()
        family = rng.choices(pools.family, cum_weights=pools.family_weights)[0]
        given = rng.choices(_GIVEN, cum_weights=pools.given_weights)[0]
        found.append(
            DirectoryProfessional(
                national_id=None if kind < 0.1 else f"8{10_000_000_000 + number:011d}",
                account=PassAccount(id=f"pass:{number}") if kind < 0.1 or kind > 0.3 else None,
                profession=_pick(rng, _PROFESSIONS),
                family_name=family.upper() if case < 0.6 else family,
                given_name=given.lower() if case > 0.97 else given,
                contact=Contact(address=_address(rng)),
                structure=rng.choice(_COORDINATION) if rng.random() < 0.2 else "",
            )
        )
    return found


def _finess(number: int, departement: str) -> str:
    body = f"{departement}{number:06d}"
    return body + (str(luhn.calc_check_digit(body)) if body.isdigit() else "0")


def _siret(number: int) -> str:
    siren = f"{number + 30_000_000:08d}"
    siren += str(luhn.calc_check_digit(siren))
    body = f"{siren}{number % 10_000:04d}"
    return body + str(luhn.calc_check_digit(body))


def build_structures(
    rng: random.Random, n: int, accounts: Sequence[str]
) -> list[DirectoryStructure]:
    found = []
    for number in range(1, n + 1):
        category, label, _ = rng.choices(_CATEGORIES, weights=[c[2] for c in _CATEGORIES])[0]
        address = _address(rng)
        code = address.postal_code if address is not None else None
        departement = "31" if code is None else postal_code.departement(code)[:2]
        finess = _finess(number, departement)
        place = address.city if address is not None and address.city else "Occitanie"
        legal = rng.random() < 0.3
        delegates = rng.sample(accounts, rng.randint(1, 5)) if legal or rng.random() < 0.05 else []
        found.append(
            DirectoryStructure(
                national_id="1" + finess,
                finess=finess if rng.random() < 0.9 else None,
                siret=_siret(number) if rng.random() < 0.5 else None,
                name=f"{label} {rng.choice(_STRUCTURE_NAMES)} {place}",
                category=category if rng.random() < 0.95 else None,
                address=address,
                legal_entity=legal,
                delegates=frozenset(delegates),
            )
        )
    return found


# -- the queries ------------------------------------------------------------------------------


def _typed(rng: random.Random, text: str) -> str:
    """``text`` as someone may type it: as is, upper-case, lower-case or without accents."""
    return rng.choice((text, text.upper(), text.lower(), fold(text)))


def professional_queries(
    rng: random.Random, entries: Sequence[DirectoryProfessional]
) -> dict[str, list[ProfessionalQuery]]:
    sample = rng.sample(list(entries), QUERIES)
    prefixes = []
    for i, e in enumerate(sample):
        word = rng.choice(words(e.family_name) + words(e.given_name))
        page = rng.choice((0, 0, 0, 0, 1, 2))
        prefixes.append(ProfessionalQuery(name=word[: 1 + i % 6], offset=20 * page))
    professions_of = [p for p, _ in _PROFESSIONS]
    places: list[ProfessionalQuery] = []
    for i, e in enumerate(sample):
        address = e.contact.address
        if address is None or address.postal_code is None:
            places.append(ProfessionalQuery(place=rng.choice(("31", "34", "2A", "2B"))))
        elif i % 3 == 0:
            places.append(ProfessionalQuery(place=address.postal_code))
        elif i % 3 == 1:
            places.append(ProfessionalQuery(place=postal_code.departement(address.postal_code)))
        else:
            city = address.city or "Toulouse"
            places.append(ProfessionalQuery(place=_typed(rng, city)))
    return {
        "name prefix, 1–6 letters": prefixes,
        "full name": [
            ProfessionalQuery(name=_typed(rng, f"{e.family_name} {e.given_name}")) for e in sample
        ],
        "name prefix + profession": [
            ProfessionalQuery(
                name=rng.choice(words(e.family_name))[: rng.randint(2, 5)],
                profession=e.profession if rng.random() < 0.7 else rng.choice(professions_of),
            )
            for e in sample
        ],
        "place: postal code, département, city": places,
        "name + place + profession": [
            ProfessionalQuery(
                name=words(e.family_name)[-1][:3],
                place=rng.choice(("31", "34", "30", "Toulouse", "montp")),
                profession=e.profession,
            )
            for e in sample
        ],
    }


def structure_queries(
    rng: random.Random, entries: Sequence[DirectoryStructure]
) -> dict[str, list[StructureQuery]]:
    sample = rng.sample(list(entries), QUERIES)
    departements = ("31", "34", "30", "66", "11", "81", "82", "12", "46", "65", "32", "2A", "2B")
    category_codes = [c for c, _, _ in _CATEGORIES]
    return {
        "structures: category + département": [
            StructureQuery(
                category=rng.choice(category_codes), postal_code=rng.choice(departements)
            )
            for _ in sample
        ],
        "structures: name words": [
            StructureQuery(name=" ".join(w[: rng.randint(3, 8)] for w in words(e.name)[:2]))
            for e in sample
        ],
    }


# -- measuring --------------------------------------------------------------------------------

Call = Callable[[], object]


class DisagreementError(Exception):
    """The index and the scan answered a query differently."""


@dataclass(frozen=True)
class Family:
    """One family of queries: each as a call to the directory, and a sample of them as
    (description, indexed call, scanning call).
    """

    label: str
    calls: tuple[Call, ...]
    checks: tuple[tuple[str, Call, Call], ...] = ()


def family(
    label: str, queries: Sequence[Q], search: Callable[[Q], object], scan: Callable[[Q], object]
) -> Family:
    """The family of ``queries``, the scan answering every ``len(queries) // SCANNED``-th."""
    sample = queries[:: max(1, len(queries) // SCANNED)][:SCANNED]
    return Family(
        label,
        tuple(functools.partial(search, q) for q in queries),
        tuple((repr(q), functools.partial(search, q), functools.partial(scan, q)) for q in sample),
    )


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The garbage collector paused, as :mod:`timeit` does."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def timed(calls: Iterable[Call]) -> list[float]:
    """The time of each call, in seconds."""
    times = []
    with collector_paused():
        for call in calls:
            start = time.perf_counter()
            call()
            times.append(time.perf_counter() - start)
    return times


def checked_scan(checks: Iterable[tuple[str, Call, Call]]) -> list[float]:
    """The time of each scan, after checking that the index answers the same."""
    times = []
    with collector_paused():
        for what, indexed, scanned in checks:
            ours = indexed()
            start = time.perf_counter()
            theirs = scanned()
            times.append(time.perf_counter() - start)
            if ours != theirs:
                raise DisagreementError(what)
    return times


@dataclass(frozen=True)
class Row:
    label: str
    median: float
    p95: float
    scan: float | None

    @property
    def passed(self) -> bool:
        return self.median <= TARGET


def measure(family: Family) -> Row:
    """The median and 95th percentile of the family's calls, and the median of its scans.

    The scans run first: the index's first answers (which may build bit masks) are timed in
    the checks, not in the figures of the table.
    """
    scan = statistics.median(checked_scan(family.checks)) if family.checks else None
    times = timed(family.calls)
    return Row(family.label, statistics.median(times), statistics.quantiles(times, n=20)[-1], scan)


def print_table(rows: Sequence[Row]) -> None:
    header = (
        f"{'query family':<42} {'median µs':>10} {'p95 µs':>10} {'scan µs':>10} "
        f"{'scan/index':>11}  target"
    )
    print(f"{header}\n{'-' * (len(header) + 14)}")
    for row in rows:
        scan = f"{row.scan * 1e6:>10,.0f}" if row.scan is not None else f"{'':>10}"
        ratio = f"{row.scan / row.median:>10,.0f}×" if row.scan is not None else f"{'':>11}"
        verdict = "PASS" if row.passed else "FAIL"
        print(
            f"{row.label:<42} {row.median * 1e6:>10,.1f} {row.p95 * 1e6:>10,.1f} {scan} {ratio}"
            f"  ≤ {TARGET * 1e6:,.0f} µs {verdict}"
        )


def step(label: str, build: Callable[[], T]) -> T:
    """What ``build`` returns, after printing how long it took."""
    start = time.perf_counter()
    built = build()
    print(f"  {label:<62} {time.perf_counter() - start:>7.2f} s")
    return built


def first_search(directory: InMemoryProfessionalDirectory | InMemoryStructureDirectory) -> None:
    """Search once, which builds the index."""
    if isinstance(directory, InMemoryProfessionalDirectory):
        directory.search(ProfessionalQuery())
    else:
        directory.search(StructureQuery())


def report_memory(
    label: str, make: Callable[[], InMemoryProfessionalDirectory | InMemoryStructureDirectory]
) -> None:
    """Print the memory a fresh directory keeps (``tracemalloc``), without and with its index.

    The entries exist already: only the directory's own structures are counted.
    """
    gc.collect()
    tracemalloc.start()
    try:
        directory = make()
        stored = tracemalloc.get_traced_memory()[0]
        first_search(directory)
        indexed = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    print(
        f"  {label}: memory kept, identity maps {stored / 2**20:,.1f} MiB, "
        f"search index {(indexed - stored) / 2**20:,.1f} MiB"
    )


def lookups(
    rng: random.Random,
    people: IndexedProfessionalDirectory,
    places: IndexedStructureDirectory,
    professionals: Sequence[DirectoryProfessional],
    structures: Sequence[DirectoryStructure],
) -> Family:
    """Look-ups by national id, account, FINESS, SIRET and directory id."""
    calls: list[Call] = []
    for e in rng.sample(list(professionals), QUERIES // 4):
        if e.national_id is not None:
            calls.append(functools.partial(people.by_national_id, e.national_id))
        if e.account is not None:
            calls.append(functools.partial(people.by_account, e.account.id))
    for s in rng.sample(list(structures), QUERIES // 4):
        if s.finess is not None:
            calls.append(functools.partial(places.by_finess, s.finess))
        if s.siret is not None:
            calls.append(functools.partial(places.by_siret, s.siret))
        calls.append(functools.partial(places.by_national_id, s.national_id))
    return Family("get by national id, account, FINESS, SIRET", tuple(calls))


@dataclass(frozen=True)
class Workload:
    """The entries, their directories (indexes built) and the scans over the same entries."""

    professionals: list[DirectoryProfessional]
    structures: list[DirectoryStructure]
    people: IndexedProfessionalDirectory
    places: IndexedStructureDirectory
    people_scan: InMemoryProfessionalDirectory
    places_scan: InMemoryStructureDirectory

    @classmethod
    def build(cls, rng: random.Random) -> Workload:
        pools = Pools.of(rng)
        professionals = step(
            f"{PROFESSIONALS:,} professionals (entries checked)",
            lambda: build_professionals(rng, pools, PROFESSIONALS),
        )
        accounts = [p.account.id for p in professionals if p.account is not None]
        structures = step(
            f"{STRUCTURES:,} structures (entries checked)",
            lambda: build_structures(rng, STRUCTURES, accounts),
        )
        people = step(
            "professionals: directory (identity maps)",
            lambda: IndexedProfessionalDirectory(professionals),
        )
        step("professionals: index build (on the first search)", lambda: first_search(people))
        places = step(
            "structures: directory (identity maps)", lambda: IndexedStructureDirectory(structures)
        )
        step("structures: index build (on the first search)", lambda: first_search(places))
        people_scan = InMemoryProfessionalDirectory(professionals)
        places_scan = InMemoryStructureDirectory(structures)
        step("professionals: linear scan's words (first search)", lambda: first_search(people_scan))
        step("structures: linear scan's words (first search)", lambda: first_search(places_scan))
        return cls(professionals, structures, people, places, people_scan, places_scan)

    def families(self, rng: random.Random) -> list[Family]:
        found = [
            family(label, queries, self.people.search, self.people_scan.search)
            for label, queries in professional_queries(rng, self.professionals).items()
        ]
        found += [
            family(label, queries, self.places.search, self.places_scan.search)
            for label, queries in structure_queries(rng, self.structures).items()
        ]
        found.append(lookups(rng, self.people, self.places, self.professionals, self.structures))
        return found


def run() -> int:
    rng = random.Random(SEED)
    print(f"carecircle directory benchmark: seed {SEED}")
    workload = Workload.build(rng)
    report_memory("professionals", lambda: IndexedProfessionalDirectory(workload.professionals))
    report_memory("structures", lambda: IndexedStructureDirectory(workload.structures))
    rows = [
        step(f"measure: {f.label}", functools.partial(measure, f)) for f in workload.families(rng)
    ]
    print()
    print_table(rows)
    missed = [r.label for r in rows if not r.passed]
    print(f"\nFAIL: {len(missed)} target(s) missed" if missed else "\nPASS: every target met")
    return 1 if missed else 0


def main() -> int:
    try:
        return run()
    except DisagreementError as disagreement:
        print(f"ABORTED, the index and the scan disagree on {disagreement}")
        return 3


if __name__ == "__main__":
    sys.exit(main())
