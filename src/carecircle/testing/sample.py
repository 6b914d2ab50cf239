"""A fictional sample directory of Occitanie (*annuaire d'exemple*), generated deterministically.

Two kinds of data, both built by arithmetic on indexes (no randomness, no clock, no I/O):

* :func:`professionals` and :func:`structures`: as many entries as asked, for benchmarks and
  large tests. Entry ``i`` is always the same, so ``professionals(10) == professionals(20)[:10]``,
  and no two entries share an identity key (national id, PASS account, FINESS, SIRET) up to
  :data:`MAX_COUNT` entries;
* :func:`occitanie`: the small fixed set the demo and the docs use, with its named characters
  (:class:`SampleDirectory`).

Every identifier passes its validator and its check digits: RPPS, ADELI, FINESS and SIRET keys
are computed, so no Luhn advisory is raised. People, e-mail domains (``*.sante.example``) and
structures are invented; cities and postal codes are real ones of the 13 départements.

Generated professional ``i``:

* national id ``8`` + RPPS ``101`` + 7 digits + key, or, for psychologues, ostéopathes and
  assistants de service social, ``0`` + ADELI (département, profession, serial, key);
* PASS account ``pass:<100000 + i>`` when it has one (most are active, some have no account,
  a few are suspended);
* e-mail ``given.family@<profession>.sante.example`` (a number is appended from the second
  round of names on, so e-mails stay distinct), an address in one of 61 real places, a
  phone for one in 13 and a coordination structure for one in 5.

Generated structure ``i``: national id ``1`` + FINESS (département first, then a serial and
the key), a SIRET for one structure in three. A legal entity lists as delegates the active
accounts of up to three professionals ``j <= i`` of its département whose profession fits its
category, so ``professionals(n)`` holds every delegate of ``structures(n)`` (a legal entity
with no such professional before it has no delegate yet).

:func:`occitanie` uses other ranges, so it never collides with generated entries: RPPS
``100…``, accounts below ``pass:100000``, ADELI serials from 9000, FINESS serials from 900000,
SIRENs starting with ``9``.

>>> sample = occitanie()
>>> sample.gp.display_name, sample.gp.contact.address.city
('DURAND Hélène', 'Toulouse')
>>> sample.pending.account is None, sample.pending_with_account.account.is_active
(True, True)
>>> professionals(3) == professionals(5)[:3]
True
>>> structures(2)[0].national_id[0], len(structures(2)[0].finess)
('1', 9)
"""

from __future__ import annotations

import bisect
import functools
import math
from collections.abc import Hashable, Sequence
from typing import Final, NamedTuple, TypeVar

import attrs

from carecircle._errors import InvalidValueError
from carecircle._model import (
    AccountState,
    Address,
    Contact,
    DirectoryProfessional,
    DirectoryStructure,
    PassAccount,
)
from carecircle._text import fold
from carecircle.nomenclatures import Code, categories, professions

__all__ = ["MAX_COUNT", "SampleDirectory", "occitanie", "professionals", "structures"]

#: The largest count :func:`professionals` and :func:`structures` accept (identifiers stay
#: distinct up to it).
MAX_COUNT: Final = 1_000_000

K = TypeVar("K", bound=Hashable)

_ACTIVE: Final = AccountState.ACTIVE
_SUSPENDED: Final = AccountState.SUSPENDED


# --- Check digits -----------------------------------------------------------------------------


_DOUBLED: Final = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def _luhn_key(digits: str) -> str:
    """The Luhn key to append to ``digits`` (RPPS, ADELI, FINESS, SIREN and SIRET keys)."""
    total = 0
    doubled = True  # the last digit is doubled once the key is appended
    for char in reversed(digits):
        value = ord(char) - 48
        total += _DOUBLED[value] if doubled else value
        doubled = not doubled
    return str(-total % 10)


def _keyed(digits: str) -> str:
    return digits + _luhn_key(digits)


# --- Places -----------------------------------------------------------------------------------


class _Place(NamedTuple):
    city: str
    postal_code: str

    @property
    def departement(self) -> str:
        return self.postal_code[:2]


_DEPARTEMENTS: Final = {
    "09": "Ariège",
    "11": "Aude",
    "12": "Aveyron",
    "30": "Gard",
    "31": "Haute-Garonne",
    "32": "Gers",
    "34": "Hérault",
    "46": "Lot",
    "48": "Lozère",
    "65": "Hautes-Pyrénées",
    "66": "Pyrénées-Orientales",
    "81": "Tarn",
    "82": "Tarn-et-Garonne",
}
#: Département -> the landline block used there: ``04 65 71`` in the east, ``05 36 49`` in the
#: west (one small block each, so the numbers look local without spreading over real ones).
_LANDLINE_BLOCKS: Final = {
    d: "046571" if d in {"11", "30", "34", "48", "66"} else "053649" for d in _DEPARTEMENTS
}

#: 61 places, weighted roughly by population (Haute-Garonne 14, Hérault 12 … Lozère 1).
_CITY_CYCLE: Final = tuple(
    _Place(city, code)
    for city, code in (
        ("Toulouse", "31000"), ("Toulouse", "31100"), ("Toulouse", "31200"),
        ("Toulouse", "31300"), ("Toulouse", "31400"), ("Toulouse", "31500"),
        ("Toulouse", "31000"), ("Toulouse", "31400"), ("Muret", "31600"),
        ("Colomiers", "31770"), ("Blagnac", "31700"), ("Saint-Gaudens", "31800"),
        ("Tournefeuille", "31170"), ("Villefranche-de-Lauragais", "31290"),
        ("Montpellier", "34000"), ("Montpellier", "34070"), ("Montpellier", "34080"),
        ("Montpellier", "34090"), ("Montpellier", "34000"), ("Béziers", "34500"),
        ("Béziers", "34500"), ("Sète", "34200"), ("Lunel", "34400"), ("Agde", "34300"),
        ("Lodève", "34700"), ("Castelnau-le-Lez", "34170"),
        ("Nîmes", "30000"), ("Nîmes", "30900"), ("Alès", "30100"),
        ("Bagnols-sur-Cèze", "30200"), ("Beaucaire", "30300"), ("Uzès", "30700"),
        ("Le Vigan", "30120"),
        ("Perpignan", "66000"), ("Perpignan", "66100"), ("Céret", "66400"),
        ("Prades", "66500"), ("Argelès-sur-Mer", "66700"),
        ("Albi", "81000"), ("Castres", "81100"), ("Lavaur", "81500"), ("Gaillac", "81600"),
        ("Carcassonne", "11000"), ("Narbonne", "11100"), ("Castelnaudary", "11400"),
        ("Limoux", "11300"),
        ("Rodez", "12000"), ("Millau", "12100"), ("Villefranche-de-Rouergue", "12200"),
        ("Montauban", "82000"), ("Castelsarrasin", "82100"), ("Moissac", "82200"),
        ("Tarbes", "65000"), ("Lourdes", "65100"),
        ("Auch", "32000"), ("Condom", "32100"),
        ("Cahors", "46000"), ("Figeac", "46100"),
        ("Foix", "09000"), ("Pamiers", "09100"),
        ("Mende", "48000"),
    )
)  # fmt: skip

_STREETS: Final = (
    "rue Pasteur", "avenue Jean Jaurès", "boulevard Gambetta", "rue de la République",
    "place du Marché", "rue Victor Hugo", "allée des Platanes", "chemin des Vignes",
    "rue des Écoles", "avenue de la Gare", "rue du Moulin", "impasse des Lilas",
    "rue Saint-Jacques", "avenue des Pyrénées", "boulevard Carnot", "rue Paul Bert",
    "rue des Tilleuls", "place de la Mairie", "rue Émile Zola", "avenue du Languedoc",
    "rue Frédéric Mistral", "chemin de la Garrigue", "rue de l'Hôpital",
)  # fmt: skip


def _of(city: str) -> str:
    """``de`` + ``city`` with French elision: ``d'Albi``, ``du Vigan``, ``de Rodez``."""
    if city.startswith("Le "):
        return "du " + city[3:]
    if fold(city[0]) in "aeiouyh":
        return "d'" + city
    return "de " + city


_OF_CITY: Final = {place.city: _of(place.city) for place in _CITY_CYCLE}


def _address(i: int, place: _Place) -> Address:
    number = 1 + (i * 37) % 148
    street = _STREETS[(i * 7) % len(_STREETS)]
    return Address(line=f"{number} {street}", city=place.city, postal_code=place.postal_code)


def _dac_name(departement: str) -> str:
    return f"DAC {departement} - {_DEPARTEMENTS[departement]}"


_DAC_NAMES: Final = {d: _dac_name(d) for d in _DEPARTEMENTS}


# --- Professionals ----------------------------------------------------------------------------


class _Job(NamedTuple):
    code: Code
    #: The e-mail domain of the profession.
    domain: str
    #: The profession part of an ADELI number, for professions registered in ADELI.
    adeli: str | None = None


_MEDECIN = _Job(professions.MEDECIN, "medecin.sante.example")
_INFIRMIER = _Job(professions.INFIRMIER, "infirmier.sante.example")
_PHARMACIEN = _Job(professions.PHARMACIEN, "pharmacien.sante.example")
_KINE = _Job(professions.MASSEUR_KINESITHERAPEUTE, "kine.sante.example")
_DENTISTE = _Job(professions.CHIRURGIEN_DENTISTE, "dentiste.sante.example")
_SAGE_FEMME = _Job(professions.SAGE_FEMME, "sage-femme.sante.example")
_ORTHOPHONISTE = _Job(professions.ORTHOPHONISTE, "orthophoniste.sante.example")
_ERGOTHERAPEUTE = _Job(professions.ERGOTHERAPEUTE, "ergotherapeute.sante.example")
_DIETETICIEN = _Job(professions.DIETETICIEN, "dieteticien.sante.example")
_PODOLOGUE = _Job(professions.PEDICURE_PODOLOGUE, "podologue.sante.example")
_PSYCHOLOGUE = _Job(professions.PSYCHOLOGUE, "psychologue.sante.example", adeli="93")
_OSTEOPATHE = _Job(professions.OSTEOPATHE, "osteopathe.sante.example", adeli="71")
_SOCIAL = _Job(professions.ASSISTANT_SERVICE_SOCIAL, "social.sante.example", adeli="41")

#: 32 slots: médecin 9, infirmier 7, pharmacien 3, kiné 3, dentiste 2, then one each.
_JOB_CYCLE: Final = (
    *(_MEDECIN,) * 9, *(_INFIRMIER,) * 7, *(_PHARMACIEN,) * 3, *(_KINE,) * 3,
    *(_DENTISTE,) * 2, _SAGE_FEMME, _ORTHOPHONISTE, _ERGOTHERAPEUTE, _DIETETICIEN,
    _PODOLOGUE, _PSYCHOLOGUE, _OSTEOPATHE, _SOCIAL,
)  # fmt: skip
#: 9 slots: 6 active accounts, 2 professionals without an account, 1 suspended account.
_STATE_CYCLE: Final = (_ACTIVE, _ACTIVE, None, _ACTIVE, _ACTIVE, _SUSPENDED, _ACTIVE, _ACTIVE, None)

_FAMILY_NAMES: Final = (
    "Martin", "Durand", "Fabre", "Vidal", "Sabatier", "Bousquet", "Delmas", "Séguier",
    "Estève", "Cazals", "Carrère", "Maurel", "Hébrard", "Pujol", "Barthès", "Rességuier",
    "Saint-Martin", "Lefèvre", "d'Estienne", "Bernard", "Roux", "Dubois", "Moreau",
    "Laurent", "Da Silva", "Castex-Rouquette", "Garcia", "Fournier", "Girard", "Bonnet",
    "Lambert", "Rousseau", "Blanc", "Roques", "Boyer", "Mas", "Pélissier", "Cros",
    "Viguier", "Laffont", "Puech", "Escande", "Esquirol", "Rouzaud", "Galy", "Maurin",
    "Nègre", "Delpech", "Tournier", "Cathala", "Ribes", "Couderc", "Gineste", "Alibert",
    "Combes", "Rigal", "Soulié", "Marty", "Arnal", "Jalabert", "Bénézech", "Pagès",
    "Lavergne", "Amiel", "Calmettes", "Teisseire", "Azéma",
)  # fmt: skip
_GIVEN_NAMES: Final = (
    "Hélène", "Jérôme", "Agnès", "Noël", "Gaëlle", "Anaïs", "Loïc", "François", "Zoé",
    "Chloé", "Éric", "Anne", "Marie", "Jean-Pierre", "Marie-Claire", "Pierre", "Sophie",
    "Isabelle", "Nathalie", "Christophe", "Stéphane", "Frédéric", "Valérie", "Céline",
    "Sébastien", "Cécile", "Benoît", "Thérèse", "Jérémy", "Mathilde", "Léa", "Inès",
    "Maëlle", "Joël", "Raphaël", "Océane", "Bérénice", "Clément", "Émilie", "Aurélie",
    "Hervé", "Gérard", "Béatrice", "Laurent", "Olivier", "Julien", "Camille", "Claire",
    "Élodie", "Margaux", "Thomas", "Nicolas", "Paul", "Louis", "Lucie", "Manon", "Jeanne",
    "Yves", "Pascale", "Régis", "Geneviève", "Solène", "Maxime", "Antoine", "Guillaume",
    "Jean-Luc", "Anne-Sophie", "Marie-Hélène", "Pierre-Yves", "Dominique", "Françoise",
)  # fmt: skip

#: Each attribute of professional ``i`` is ``table[i % len(table)]``; the tables are the
#: cycles above read with a stride coprime to their length, so neighbours differ. Their
#: lengths (61, 32, 9, 67, 71, 13, 5) are pairwise coprime, so the attributes vary
#: independently and each (family, given name) pair comes once every 67 x 71 entries.
_PRO_PLACES: Final = tuple(_CITY_CYCLE[(r * 23) % 61] for r in range(61))
_PRO_JOBS: Final = tuple(_JOB_CYCLE[(r * 13) % 32] for r in range(32))
_PRO_STATES: Final = tuple(_STATE_CYCLE[(r * 4) % 9] for r in range(9))
_PRO_FAMILY: Final = tuple(_FAMILY_NAMES[(r * 29) % 67] for r in range(67))
_PRO_GIVEN: Final = tuple(_GIVEN_NAMES[(r * 17) % 71] for r in range(71))
#: One professional in 13 has a phone: a landline and a mobile in turn.
_PHONE_SLOTS: Final = 13
#: One professional in 5 names a coordination structure.
_STRUCTURE_SLOTS: Final = 5

_NAME_PERIOD: Final = len(_PRO_FAMILY) * len(_PRO_GIVEN)
#: Professional ``i``'s département, profession and account state repeat with this period.
_PRO_PERIOD: Final = math.lcm(len(_PRO_PLACES), len(_PRO_JOBS), len(_PRO_STATES))


def _slug(name: str) -> str:
    """The e-mail form of a name: ``Hélène`` -> ``helene``, ``d'Estienne`` -> ``destienne``."""
    return fold(name).replace("'", "").replace(" ", "-")


_FAMILY_SLUGS: Final = {name: _slug(name) for name in _FAMILY_NAMES}
_GIVEN_SLUGS: Final = {name: _slug(name) for name in _GIVEN_NAMES}


def _occurrences(keys: Sequence[K]) -> tuple[tuple[int, ...], dict[K, int]]:
    """For one period of keys: each slot's rank among the slots of its key, and each key's count.

    Entry ``i`` is then occurrence ``(i // period) * count[key] + rank[i % period]`` of its key:
    distinct entries with the same key get distinct occurrences (serial numbers).
    """
    counts: dict[K, int] = {}
    ranks: list[int] = []
    for key in keys:
        ranks.append(counts.get(key, 0))
        counts[key] = ranks[-1] + 1
    return tuple(ranks), counts


#: ADELI serials are counted per (département, profession): the key of slot ``i % period``.
_ADELI_PERIOD: Final = math.lcm(len(_PRO_PLACES), len(_PRO_JOBS))
_ADELI_KEYS: Final = tuple(
    (_PRO_PLACES[r % len(_PRO_PLACES)].departement, _PRO_JOBS[r % len(_PRO_JOBS)].adeli)
    for r in range(_ADELI_PERIOD)
)
_ADELI_RANKS, _ADELI_COUNTS = _occurrences(_ADELI_KEYS)
#: Generated ADELI serials are below this; :func:`occitanie` uses the ones from it.
_ADELI_SERIALS: Final = 9_000
_FINESS_SERIALS: Final = 900_000


def _account_id(i: int) -> str:
    """The PASS account of generated professional ``i`` (when it has one)."""
    return f"pass:{100_000 + i:06d}"


def _rpps(i: int) -> str:
    """RPPS ``101`` + 7 digits + key: a bijection of ``i`` below 10**7."""
    return _keyed(f"101{(i * 3_141_593 + 1_234_567) % 10_000_000:07d}")


def _adeli(i: int, departement: str, profession: str) -> str:
    slot = i % _ADELI_PERIOD
    occurrence = (i // _ADELI_PERIOD) * _ADELI_COUNTS[_ADELI_KEYS[slot]] + _ADELI_RANKS[slot]
    serial = (occurrence * 4_973 + 1_234) % _ADELI_SERIALS
    return _keyed(f"{departement}{profession}{serial:04d}")


def _landline(n: int, departement: str) -> str:
    return f"{_LANDLINE_BLOCKS[departement]}{(n * 1_237) % 10_000:04d}"


def _mobile(n: int) -> str:
    """A mobile number in ``06 1`` or ``06 2`` (other ``06`` blocks are not all valid)."""
    return f"06{1 + n % 2}{(n * 7_919) % 10_000_000:07d}"


def _phones(i: int, departement: str) -> tuple[str | None, str | None]:
    """(landline, mobile) of professional ``i``; a phone costs a ``phonenumbers`` parse."""
    if i % _PHONE_SLOTS != 3:
        return None, None
    turn = i // _PHONE_SLOTS
    return (_landline(turn, departement), None) if turn % 2 else (None, _mobile(turn))


def _coordination(i: int, place: _Place) -> str:
    """The coordination structure professional ``i`` names, if any."""
    if i % _STRUCTURE_SLOTS:
        return ""
    choice = (i // _STRUCTURE_SLOTS) % 3
    if choice == 0:
        return _DAC_NAMES[place.departement]
    return f"CPTS {place.city}" if choice == 1 else f"MSP {_OF_CITY[place.city]}"


def _professional(i: int) -> DirectoryProfessional:
    place = _PRO_PLACES[i % len(_PRO_PLACES)]
    job = _PRO_JOBS[i % len(_PRO_JOBS)]
    state = _PRO_STATES[i % len(_PRO_STATES)]
    family = _PRO_FAMILY[i % len(_PRO_FAMILY)]
    given = _PRO_GIVEN[i % len(_PRO_GIVEN)]
    if job.adeli is None:
        national_id = "8" + _rpps(i)
    else:
        national_id = "0" + _adeli(i, place.departement, job.adeli)
    round_ = i // _NAME_PERIOD
    local = f"{_GIVEN_SLUGS[given]}.{_FAMILY_SLUGS[family]}{round_ + 1 if round_ else ''}"
    landline, mobile = _phones(i, place.departement)
    return DirectoryProfessional(
        national_id=national_id,
        account=None if state is None else PassAccount(id=_account_id(i), state=state),
        profession=job.code,
        family_name=family,
        given_name=given,
        contact=Contact(
            email=f"{local}@{job.domain}",
            landline=landline,
            mobile=mobile,
            address=_address(i, place),
        ),
        structure=_coordination(i, place),
    )


def _check_count(count: int) -> None:
    if not 0 <= count <= MAX_COUNT:
        raise InvalidValueError.of(
            "SAMPLE_COUNT_INVALID", "count", f"a sample count is from 0 to {MAX_COUNT}"
        )


def professionals(count: int) -> tuple[DirectoryProfessional, ...]:
    """The first ``count`` generated professionals (see the module docstring for the rules)."""
    _check_count(count)
    return tuple(_professional(i) for i in range(count))


# --- Structures -------------------------------------------------------------------------------


class _Kind(NamedTuple):
    category: Code
    #: Name templates; ``{of}`` is ``de``/``d'``/``du`` + the city, ``{dac}`` the DAC's name.
    names: tuple[str, ...]
    #: Professions whose members the structure may delegate to.
    delegates: frozenset[Code]
    #: Whether every structure of the kind is a legal entity on the platform.
    always_legal: bool = False


_P = professions
_KIND_EHPAD = _Kind(
    categories.EHPAD,
    ("EHPAD Les Tilleuls", "EHPAD Résidence Les Cèdres", "EHPAD La Roseraie",
     "EHPAD Les Glycines", "EHPAD Le Val d'Oc", "EHPAD Saint-Joseph",
     "EHPAD Les Jardins {of}", "EHPAD Le Clos des Vignes", "EHPAD Les Magnolias"),
    frozenset({_P.MEDECIN, _P.INFIRMIER}),
)  # fmt: skip
_KIND_SSIAD = _Kind(
    categories.SSIAD,
    ("SSIAD {of}", "SSIAD du canton {of}", "SSIAD ADMR {of}"),
    frozenset({_P.INFIRMIER}),
    always_legal=True,
)
_KIND_SAAD = _Kind(
    categories.SAAD,
    ("SAAD Aide à domicile {of}", "SAAD Bien chez soi {of}", "SAAD Présence à domicile {of}"),
    frozenset({_P.ASSISTANT_SERVICE_SOCIAL, _P.INFIRMIER}),
)
_KIND_CDS = _Kind(
    categories.CENTRE_DE_SANTE,
    ("Centre de santé {of}", "Centre de santé municipal {of}", "Centre de santé infirmier {of}",
     "Centre de santé dentaire {of}"),
    frozenset({_P.MEDECIN, _P.INFIRMIER, _P.CHIRURGIEN_DENTISTE}),
)  # fmt: skip
_KIND_MSP = _Kind(
    categories.MAISON_DE_SANTE,
    ("Maison de santé pluriprofessionnelle {of}", "MSP {of}"),
    frozenset({_P.MEDECIN, _P.INFIRMIER, _P.MASSEUR_KINESITHERAPEUTE}),
)
_KIND_CH = _Kind(
    categories.CENTRE_HOSPITALIER,
    ("Centre hospitalier {of}",),
    frozenset({_P.MEDECIN, _P.PHARMACIEN, _P.INFIRMIER}),
)
_KIND_CPTS = _Kind(
    categories.CPTS,
    ("CPTS {city}", "CPTS du Pays {of}", "CPTS {city} Nord", "CPTS {city} Sud"),
    frozenset({_P.MEDECIN, _P.INFIRMIER, _P.PHARMACIEN, _P.MASSEUR_KINESITHERAPEUTE}),
    always_legal=True,
)
_KIND_DAC = _Kind(
    categories.DAC,
    ("{dac} (antenne {of})",),
    frozenset({_P.INFIRMIER, _P.ASSISTANT_SERVICE_SOCIAL, _P.ERGOTHERAPEUTE}),
    always_legal=True,
)
_KIND_SPASAD = _Kind(
    categories.SPASAD,
    ("SPASAD {of}", "SPASAD du canton {of}"),
    frozenset({_P.INFIRMIER}),
    always_legal=True,
)

#: 16 slots: EHPAD 4, SSIAD, SAAD, centre de santé and maison de santé 2 each, then one each.
_KIND_CYCLE: Final = (
    *(_KIND_EHPAD,) * 4, *(_KIND_SSIAD,) * 2, *(_KIND_SAAD,) * 2, *(_KIND_CDS,) * 2,
    *(_KIND_MSP,) * 2, _KIND_CH, _KIND_CPTS, _KIND_DAC, _KIND_SPASAD,
)  # fmt: skip
_STRUCT_PLACES: Final = tuple(_CITY_CYCLE[(r * 29) % 61] for r in range(61))
_STRUCT_KINDS: Final = tuple(_KIND_CYCLE[(r * 5) % 16] for r in range(16))
#: FINESS serials are counted per département (which depends on ``i % 61`` only).
_FINESS_RANKS, _FINESS_COUNTS = _occurrences([p.departement for p in _STRUCT_PLACES])
#: Where each département's FINESS serials start (a shift keeps the serials bijective).
_FINESS_OFFSETS: Final = {d: (int(d) * 31_337 + 104_729) % _FINESS_SERIALS for d in _DEPARTEMENTS}
#: Besides the kinds that always are, a structure is a legal entity in 2 slots out of 5.
_LEGAL_SLOTS: Final = frozenset({1, 3})
#: A structure has a SIRET in 1 slot out of 3 (checking one costs a ``stdnum`` call).
_SIRET_SLOTS: Final = 3


@functools.cache
def _delegate_slots() -> dict[tuple[str, frozenset[Code]], tuple[int, ...]]:
    """For each (département, profession group): the slots ``j % _PRO_PERIOD`` of
    professionals with an active account of that département and group, in order."""
    groups = tuple(dict.fromkeys(kind.delegates for kind in _KIND_CYCLE))
    slots: dict[tuple[str, frozenset[Code]], list[int]] = {}
    for r in range(_PRO_PERIOD):
        if _PRO_STATES[r % len(_PRO_STATES)] is not _ACTIVE:
            continue
        departement = _PRO_PLACES[r % len(_PRO_PLACES)].departement
        job = _PRO_JOBS[r % len(_PRO_JOBS)].code
        for group in groups:
            if job in group:
                slots.setdefault((departement, group), []).append(r)
    return {key: tuple(values) for key, values in slots.items()}


def _delegates(i: int, departement: str, group: frozenset[Code]) -> frozenset[str]:
    """Up to 3 accounts: the last active professionals ``j <= i`` of the département and group."""
    slots = _delegate_slots().get((departement, group), ())
    if not slots:
        return frozenset()
    wanted, found = 1 + i % 3, list[str]()
    block, position = i // _PRO_PERIOD, bisect.bisect_right(slots, i % _PRO_PERIOD)
    while len(found) < wanted and block >= 0:
        if position == 0:
            block, position = block - 1, len(slots)
            continue
        position -= 1
        found.append(_account_id(block * _PRO_PERIOD + slots[position]))
    return frozenset(found)


def _siret(i: int) -> str | None:
    if i % _SIRET_SLOTS != 1:
        return None
    siren = _keyed(f"{30_000_000 + (i * 7_654_321 + 4_000_037) % 60_000_000}")
    return _keyed(f"{siren}{1 + (i // _SIRET_SLOTS) % 9:04d}")


def _structure(i: int) -> DirectoryStructure:
    place = _STRUCT_PLACES[i % len(_STRUCT_PLACES)]
    kind = _STRUCT_KINDS[i % len(_STRUCT_KINDS)]
    departement = place.departement
    slot = i % len(_STRUCT_PLACES)
    occurrence = (i // len(_STRUCT_PLACES)) * _FINESS_COUNTS[departement] + _FINESS_RANKS[slot]
    serial = (occurrence * 7_919 + _FINESS_OFFSETS[departement]) % _FINESS_SERIALS
    finess = _keyed(f"{departement}{serial:06d}")
    variant = i // (len(_STRUCT_PLACES) * len(_STRUCT_KINDS))
    name = kind.names[variant % len(kind.names)].format(
        of=_OF_CITY[place.city], city=place.city, dac=_DAC_NAMES[departement]
    )
    legal = kind.always_legal or i % 5 in _LEGAL_SLOTS
    return DirectoryStructure(
        national_id="1" + finess,
        finess=finess,
        siret=_siret(i),
        name=name,
        category=kind.category,
        address=_address(i, place),
        legal_entity=legal,
        delegates=_delegates(i, departement, kind.delegates) if legal else frozenset(),
    )


def structures(count: int) -> tuple[DirectoryStructure, ...]:
    """The first ``count`` generated structures (see the module docstring for the rules)."""
    _check_count(count)
    return tuple(_structure(i) for i in range(count))


# --- The fixed sample -------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class SampleDirectory:
    """The fixed sample of Occitanie and the characters the demo walks through.

    ``professionals`` and ``structures`` hold every entry once, named characters included,
    except ``pending_with_account``: it is ``pending`` as the directory returns them once
    their PASS account exists (same national id), for showing a pending habilitation resolve.
    """

    professionals: tuple[DirectoryProfessional, ...]
    structures: tuple[DirectoryStructure, ...]
    #: ROUX Anne, infirmière coordinatrice of the DAC 31, Toulouse.
    coordinator: DirectoryProfessional
    #: DURAND Hélène, médecin (the médecin traitant), Toulouse 31000.
    gp: DirectoryProfessional
    #: FABRE Agnès, infirmière, Toulouse 31200.
    nurse: DirectoryProfessional
    #: PUJOL François, pharmacien, Toulouse 31500.
    pharmacist: DirectoryProfessional
    #: SÉGUIER Gaëlle, psychologue in the RPPS, Toulouse 31400, with no PASS account yet.
    pending: DirectoryProfessional
    #: ``pending`` once their PASS account exists and is active; not in ``professionals``.
    pending_with_account: DirectoryProfessional
    #: VIDAL Jérôme, masseur-kinésithérapeute, Toulouse 31300: the patient refuses him.
    refused: DirectoryProfessional
    #: BOUSQUET Loïc, infirmier of the SSIAD du Lauragais (one of its delegates).
    ssiad_nurse: DirectoryProfessional
    #: SSIAD du Lauragais, Villefranche-de-Lauragais: a legal entity.
    ssiad: DirectoryStructure
    #: DAC 31 - Haute-Garonne, Toulouse: a legal entity, the coordinator among its delegates.
    dac: DirectoryStructure


class _Who(NamedTuple):
    handle: str
    family: str
    given: str
    job: _Job
    place: _Place
    state: AccountState | None = _ACTIVE
    structure: str = ""
    phone: str = ""  # "landline", "mobile" or none
    adeli: bool = False


class _What(NamedTuple):
    name: str
    category: Code
    place: _Place
    delegates: tuple[str, ...] = ()  # handles of professionals; a legal entity when present
    siret: bool = True


_DAC31 = _dac_name("31")
_LAURAGAIS = "SSIAD du Lauragais"
_LAVAUR = "MSP de Lavaur"

_PEOPLE: Final = (
    # Haute-Garonne: the characters of the demo.
    _Who("coordinator", "Roux", "Anne", _INFIRMIER, _Place("Toulouse", "31000"),
         structure=_DAC31, phone="landline"),
    _Who("gp", "Durand", "Hélène", _MEDECIN, _Place("Toulouse", "31000"), phone="landline"),
    _Who("nurse", "Fabre", "Agnès", _INFIRMIER, _Place("Toulouse", "31200"),
         structure="CPTS Toulouse Nord", phone="mobile"),
    _Who("pharmacist", "Pujol", "François", _PHARMACIEN, _Place("Toulouse", "31500"),
         phone="landline"),
    _Who("pending", "Séguier", "Gaëlle", _PSYCHOLOGUE, _Place("Toulouse", "31400"), None),
    _Who("refused", "Vidal", "Jérôme", _KINE, _Place("Toulouse", "31300"), phone="mobile"),
    _Who("ssiad_nurse", "Bousquet", "Loïc", _INFIRMIER,
         _Place("Villefranche-de-Lauragais", "31290"), structure=_LAURAGAIS, phone="mobile"),
    _Who("delmas", "Delmas", "Chloé", _INFIRMIER, _Place("Revel", "31250"),
         structure=_LAURAGAIS),
    _Who("esteve", "Estève", "Anaïs", _SOCIAL, _Place("Toulouse", "31100"), structure=_DAC31,
         adeli=True),
    _Who("barthes", "Barthès", "Mathilde", _ERGOTHERAPEUTE, _Place("Toulouse", "31200"),
         structure=_DAC31),
    _Who("martin", "Martin", "Noël", _MEDECIN, _Place("Muret", "31600"), phone="landline"),
    _Who("saint_martin", "Saint-Martin", "Zoé", _SAGE_FEMME, _Place("Colomiers", "31770")),
    _Who("lefevre", "Lefèvre", "Marc", _MEDECIN, _Place("Blagnac", "31700"), _SUSPENDED),
    _Who("destienne", "d'Estienne", "Bérénice", _DENTISTE, _Place("Toulouse", "31400")),
    _Who("cazals", "Cazals", "Jean-Pierre", _MEDECIN, _Place("Saint-Gaudens", "31800"),
         phone="landline"),
    _Who("maurel", "Maurel", "Sophie", _DIETETICIEN, _Place("Toulouse", "31500"), None),
    # Hérault.
    _Who("durand_eric", "Durand", "Éric", _MEDECIN, _Place("Montpellier", "34000"),
         phone="landline"),
    _Who("resseguier", "Rességuier", "Claire", _INFIRMIER, _Place("Montpellier", "34070"),
         structure=_dac_name("34")),
    _Who("hebrard", "Hébrard", "Pierre-Yves", _PHARMACIEN, _Place("Montpellier", "34090")),
    _Who("fontanel", "Fontanel", "Inès", _ORTHOPHONISTE, _Place("Béziers", "34500")),
    _Who("castan", "Castan", "Raphaël", _MEDECIN, _Place("Sète", "34200"), None),
    # Gard.
    _Who("teisseire", "Teisseire", "Camille", _INFIRMIER, _Place("Nîmes", "30000"),
         structure=_dac_name("30")),
    _Who("pages", "Pagès", "Olivier", _MEDECIN, _Place("Alès", "30100"), phone="landline"),
    _Who("bonnafous", "Bonnafous", "Lucie", _PSYCHOLOGUE, _Place("Nîmes", "30900"),
         adeli=True),
    # Pyrénées-Orientales.
    _Who("sabatier", "Sabatier", "Jordi", _MEDECIN, _Place("Perpignan", "66000"),
         structure=_dac_name("66"), phone="mobile"),
    _Who("puig", "Puig", "Núria", _SAGE_FEMME, _Place("Perpignan", "66100")),
    _Who("ribes", "Ribes", "Joël", _KINE, _Place("Céret", "66400"), _SUSPENDED),
    # Aude.
    _Who("calmettes", "Calmettes", "Françoise", _MEDECIN, _Place("Carcassonne", "11000"),
         structure=_dac_name("11")),
    _Who("cathala", "Cathala", "Yves", _INFIRMIER, _Place("Narbonne", "11100")),
    _Who("escande", "Escande", "Élodie", _PHARMACIEN, _Place("Castelnaudary", "11400")),
    # Aveyron.
    _Who("rouquette", "Rouquette", "Thérèse", _INFIRMIER, _Place("Rodez", "12000"),
         structure=_dac_name("12")),
    _Who("couderc", "Couderc", "Benoît", _MEDECIN, _Place("Millau", "12100"), phone="landline"),
    _Who("bonnefous", "Bonnefous", "Maëlle", _ORTHOPHONISTE,
         _Place("Villefranche-de-Rouergue", "12200"), None),
    # Tarn.
    _Who("alibert", "Alibert", "Frédéric", _MEDECIN, _Place("Lavaur", "81500"),
         structure=_LAVAUR),
    _Who("durant", "Durant", "Marie-Hélène", _ORTHOPHONISTE, _Place("Albi", "81000")),
    _Who("jalabert", "Jalabert", "Cécile", _INFIRMIER, _Place("Castres", "81100"),
         structure=_dac_name("81")),
    _Who("gineste", "Gineste", "Hervé", _PHARMACIEN, _Place("Castres", "81100")),
    # Tarn-et-Garonne.
    _Who("lacombe", "Lacombe", "Valérie", _MEDECIN, _Place("Montauban", "82000"),
         structure=_dac_name("82")),
    _Who("marty", "Marty", "Sébastien", _INFIRMIER, _Place("Castelsarrasin", "82100")),
    _Who("viguier", "Viguier", "Manon", _PSYCHOLOGUE, _Place("Moissac", "82200"), None,
         adeli=True),
    # Lot.
    _Who("delpech", "Delpech", "Guillaume", _MEDECIN, _Place("Cahors", "46000")),
    _Who("soulie", "Soulié", "Jeanne", _INFIRMIER, _Place("Figeac", "46100"),
         structure=_dac_name("46")),
    # Lozère.
    _Who("amiel", "Amiel", "Dominique", _MEDECIN, _Place("Mende", "48000"),
         structure=_dac_name("48"), phone="landline"),
    _Who("negre", "Nègre", "Solène", _INFIRMIER, _Place("Marvejols", "48100"), _SUSPENDED),
    # Hautes-Pyrénées.
    _Who("carrere", "Carrère", "Hélène", _SAGE_FEMME, _Place("Lourdes", "65100")),
    _Who("helene", "HELENE", "Thierry", _INFIRMIER, _Place("Tarbes", "65000"),
         structure=_dac_name("65")),
    _Who("baylac", "Baylac", "Nicolas", _MEDECIN, _Place("Tarbes", "65000")),
    # Ariège.
    _Who("esquirol", "Esquirol", "Margaux", _MEDECIN, _Place("Foix", "09000"),
         structure=_dac_name("09")),
    _Who("galy", "Galy", "Laurent", _KINE, _Place("Pamiers", "09100"), None),
    # Gers.
    _Who("laffont", "Laffont", "Isabelle", _MEDECIN, _Place("Auch", "32000"),
         structure=_dac_name("32")),
    _Who("cassagne", "Cassagne", "Julien", _PHARMACIEN, _Place("Condom", "32100")),
    _Who("got", "Got", "Émilie", _SOCIAL, _Place("Auch", "32000"), structure=_dac_name("32"),
         adeli=True),
)  # fmt: skip

_PLACES: Final = {
    "09": _Place("Foix", "09000"), "11": _Place("Carcassonne", "11000"),
    "12": _Place("Rodez", "12000"), "30": _Place("Nîmes", "30000"),
    "31": _Place("Toulouse", "31000"), "32": _Place("Auch", "32000"),
    "34": _Place("Montpellier", "34000"), "46": _Place("Cahors", "46000"),
    "48": _Place("Mende", "48000"), "65": _Place("Tarbes", "65000"),
    "66": _Place("Perpignan", "66000"), "81": _Place("Albi", "81000"),
    "82": _Place("Montauban", "82000"),
}  # fmt: skip
#: The delegates of each département's DAC (its coordinators in the sample).
_DAC_DELEGATES: Final = {
    "09": ("esquirol",), "11": ("calmettes",), "12": ("rouquette",), "30": ("teisseire",),
    "31": ("coordinator", "esteve", "barthes"), "32": ("laffont", "got"),
    "34": ("resseguier",), "46": ("soulie",), "48": ("amiel",), "65": ("helene",),
    "66": ("sabatier",), "81": ("jalabert",), "82": ("lacombe",),
}  # fmt: skip

_ESTABLISHMENTS: Final = (
    *(_What(_dac_name(d), categories.DAC, _PLACES[d], _DAC_DELEGATES[d]) for d in _DEPARTEMENTS),
    _What(_LAURAGAIS, categories.SSIAD, _Place("Villefranche-de-Lauragais", "31290"),
          ("ssiad_nurse", "delmas")),
    _What("CPTS Toulouse Nord", categories.CPTS, _Place("Toulouse", "31200")),
    _What("EHPAD Les Tilleuls", categories.EHPAD, _Place("Muret", "31600"), siret=False),
    _What("Centre hospitalier de Saint-Gaudens", categories.CENTRE_HOSPITALIER,
          _Place("Saint-Gaudens", "31800")),
    _What("Centre de santé Antigone", categories.CENTRE_DE_SANTE, _Place("Montpellier", "34000")),
    _What("SSIAD de Nîmes", categories.SSIAD, _Place("Nîmes", "30000")),
    _What("SPASAD du Roussillon", categories.SPASAD, _Place("Perpignan", "66000")),
    _What("EHPAD Les Albères", categories.EHPAD, _Place("Céret", "66400"), siret=False),
    _What("Centre hospitalier de Carcassonne", categories.CENTRE_HOSPITALIER,
          _Place("Carcassonne", "11000")),
    _What("SAAD Aide à domicile du Narbonnais", categories.SAAD, _Place("Narbonne", "11100")),
    _What("Maison de santé pluriprofessionnelle de Millau", categories.MAISON_DE_SANTE,
          _Place("Millau", "12100")),
    _What(_LAVAUR, categories.MAISON_DE_SANTE, _Place("Lavaur", "81500"), ("alibert",)),
    _What("EHPAD Saint-Jacques", categories.EHPAD, _Place("Castres", "81100")),
    _What("Centre de santé du Grand Figeac", categories.CENTRE_DE_SANTE,
          _Place("Figeac", "46100")),
    _What("Centre hospitalier de Bigorre", categories.CENTRE_HOSPITALIER,
          _Place("Tarbes", "65000")),
    _What("SSIAD du Couserans", categories.SSIAD, _Place("Saint-Girons", "09200"), siret=False),
)  # fmt: skip


def _sample_account(k: int) -> str:
    """The PASS account of sample professional ``k``; ``pending_with_account`` gets ``k + 100``."""
    return f"pass:{100 + k:06d}"


def _sample_professional(k: int, who: _Who) -> DirectoryProfessional:
    """Sample professional number ``k`` (from 1): identifiers in the ranges kept for samples."""
    departement = who.place.departement
    if who.adeli and who.job.adeli is not None:
        national_id = "0" + _keyed(f"{departement}{who.job.adeli}{_ADELI_SERIALS + k:04d}")
    else:
        national_id = "8" + _keyed(f"100{(k * 1_234_567 + 2_345_678) % 10_000_000:07d}")
    return DirectoryProfessional(
        national_id=national_id,
        account=None if who.state is None else PassAccount(id=_sample_account(k), state=who.state),
        profession=who.job.code,
        family_name=who.family,
        given_name=who.given,
        contact=Contact(
            email=f"{_slug(who.given)}.{_slug(who.family)}@{who.job.domain}",
            landline=_landline(k, departement) if who.phone == "landline" else None,
            mobile=_mobile(k) if who.phone == "mobile" else None,
            address=_address(k, who.place),
        ),
        structure=who.structure,
    )


def _sample_structure(k: int, what: _What, accounts: dict[str, str]) -> DirectoryStructure:
    """Sample structure number ``k`` (from 1)."""
    finess = _keyed(f"{what.place.departement}{_FINESS_SERIALS + (k * 7_919) % 100_000:06d}")
    siret = None
    if what.siret:
        siren = _keyed(f"9{(k * 104_729) % 10_000_000:07d}")
        siret = _keyed(f"{siren}0001")
    return DirectoryStructure(
        national_id="1" + finess,
        finess=finess,
        siret=siret,
        name=what.name,
        category=what.category,
        address=_address(k, what.place),
        legal_entity=bool(what.delegates) or what.category in _LEGAL_CATEGORIES,
        delegates=frozenset(accounts[handle] for handle in what.delegates),
    )


#: Categories whose sample structures are legal entities even with no delegate listed.
_LEGAL_CATEGORIES: Final = frozenset({categories.DAC, categories.SSIAD, categories.SPASAD})


@functools.cache
def occitanie() -> SampleDirectory:
    """The fixed sample of Occitanie: about 50 professionals and 30 structures, every
    département, and the named characters of :class:`SampleDirectory`."""
    numbers = {who.handle: k for k, who in enumerate(_PEOPLE, start=1)}
    people = {who.handle: _sample_professional(numbers[who.handle], who) for who in _PEOPLE}
    accounts = {h: p.account.id for h, p in people.items() if p.account is not None}
    places = tuple(
        _sample_structure(k, what, accounts) for k, what in enumerate(_ESTABLISHMENTS, start=1)
    )
    by_name = {s.name: s for s in places}
    pending = people["pending"]
    return SampleDirectory(
        professionals=tuple(people.values()),
        structures=places,
        coordinator=people["coordinator"],
        gp=people["gp"],
        nurse=people["nurse"],
        pharmacist=people["pharmacist"],
        pending=pending,
        pending_with_account=attrs.evolve(
            pending, account=PassAccount(id=_sample_account(numbers["pending"] + 100))
        ),
        refused=people["refused"],
        ssiad_nurse=people["ssiad_nurse"],
        ssiad=by_name[_LAURAGAIS],
        dac=by_name[_DAC31],
    )
