"""Hypothesis strategies (*stratégies Hypothesis*) for property tests of services using carecircle.

Every strategy generates only valid values: identifiers pass their ``validate``, codes are open
concepts of the ANS nomenclatures, and :func:`records` builds its records through the public
operations, so that they satisfy every rule (R5–R11). Options are keyword-only and most accept
other strategies, in the style of Hypothesis's own API. Needs the ``carecircle[testing]`` extra.

>>> from hypothesis import given, settings
>>> from hypothesis.strategies import SearchStrategy
>>> import carecircle as cc
>>> isinstance(records(), SearchStrategy)
True
>>> @settings(max_examples=5, deadline=None)
... @given(record=records(max_members=3))
... def test_the_creator_may_open_the_record(record: cc.CoordinationRecord) -> None:
...     creator = cc.Principal.from_entry(record.circle.get("M1").member)
...     assert cc.has_effective_access(record, creator, at=record.updated_at)
>>> test_the_creator_may_open_the_record()
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator, Sequence
from typing import Final, TypeVar

import attrs
from hypothesis import strategies as st
from stdnum import luhn

from carecircle._access.matrix import STANDARD_CATEGORIES, HabilitationMatrix, Level
from carecircle._errors import ChangeRejected
from carecircle._model import (
    AccountState,
    Address,
    Contact,
    CoordinationRecord,
    DirectoryProfessional,
    DirectoryStructure,
    ManualProfessional,
    ManualStructure,
    Member,
    MemberKind,
    PassAccount,
    Patient,
    Principal,
    RelatedPerson,
)
from carecircle._model.kinds import DIRECTORY_KINDS
from carecircle._model.membership import Membership, aware
from carecircle._model.refusals import Statement
from carecircle._operations import (
    add_member,
    create_record,
    end_participation,
    lift_refusal,
    record_refusal,
)
from carecircle.identifiers import ins, phone
from carecircle.identifiers.ins import Ins
from carecircle.nomenclatures import Code, code_system, lookup
from carecircle.nomenclatures import professions as _profession_codes
from carecircle.nomenclatures import protection as _protection
from carecircle.roles import DEFAULT_ROLES, REPRESENTANT_LEGAL, RoleCatalog
from carecircle.testing import builders as _builders
from carecircle.testing.builders import EPOCH

__all__ = [
    "access_records",
    "account_ids",
    "addresses",
    "categories",
    "contacts",
    "creator_of",
    "decision_instants",
    "directory_professionals",
    "directory_structures",
    "emails",
    "ins_numbers",
    "instants",
    "manual_professionals",
    "manual_structures",
    "matrices",
    "members",
    "patients",
    "phone_numbers",
    "postal_codes",
    "principals",
    "professions",
    "protection_measures",
    "record_principals",
    "records",
    "related_persons",
    "relationships",
    "roles",
]

T = TypeVar("T")

_FAMILY_NAMES: Final = (
    "Martin", "Bernard", "Durand", "Lefèvre", "Émond", "Roux", "N'Diaye", "Nguyen",
    "Da Silva", "Bénard", "Garcia", "Fabre", "Mercier", "Girard", "Olivier", "Castex",
    "durand", "ÉTIENNE", "Le Goff", "Benali",
)  # fmt: skip
_GIVEN_NAMES: Final = (
    "Louise", "Hélène", "Jean", "Anne", "Éloïse", "Marc", "Inès", "Zoé", "Jean-Pierre",
    "Amadou", "Chloé", "Lucas", "Sophie", "Yasmine", "",
)  # fmt: skip
_STRUCTURE_NAMES: Final = (
    "SSIAD du Lauragais", "EHPAD Les Tilleuls", "Centre hospitalier de Rodez",
    "Maison de santé de Lodève", "DAC Occitanie Ouest", "CPTS du Grand Narbonne",
    "SAAD Aide et Vie", "Clinique Saint-Roch",
)  # fmt: skip
_STREET_TYPES: Final = ("rue", "avenue", "boulevard", "chemin", "place", "allée", "impasse")
_STREET_NAMES: Final = (
    "des Lilas", "Jean Jaurès", "de la République", "du Capitole", "Pasteur",
    "Victor Hugo", "des Écoles", "du Moulin", "Gambetta", "des Cévennes",
)  # fmt: skip
_CITIES: Final = (
    "Toulouse", "Montpellier", "Nîmes", "Perpignan", "Albi", "Rodez", "Cahors", "Tarbes",
    "Carcassonne", "Béziers", "Ajaccio", "Bastia", "Pointe-à-Pitre", "Cayenne",
    "Fort-de-France", "Saint-Pierre", "Mamoudzou",
)  # fmt: skip
_DESCRIPTIONS: Final = ("", "Suivi diabète", "Passage deux fois par semaine", "Référent social")
_EMAIL_DOMAINS: Final = (
    "exemple.fr", "sante.fr", "chu-toulouse.fr", "orange.fr", "laposte.net", "gmail.com",
    "ars.sante.fr", "mssante.fr",
)  # fmt: skip

#: Metropolitan départements of postal codes: ``01`` to ``95`` (``20`` is Corsica).
_METROPOLITAN: Final = tuple(f"{n:02d}" for n in range(1, 96))
#: Overseas postal prefixes (and Monaco, the Pacific collectivities) the postal module accepts.
_OVERSEAS_POSTAL: Final = ("971", "972", "973", "974", "975", "976", "980", "986", "987", "988")

# Phone plans as (national prefix, tail length[, country code]). The prefixes are chosen so
# that nearly every tail is a valid number; the few others are filtered out.
_FRENCH_PLANS: Final = tuple(
    [(p, 8) for p in ("01", "02", "03", "04", "05", "09")]
    + [(f"06{d}", 7) for d in "0124578"]
    + [(f"07{d}", 7) for d in "5678"]
)
_OVERSEAS_PLANS: Final = (
    ("0690", 6, "590"), ("0596", 6, "596"), ("0696", 6, "596"), ("0697", 6, "596"),
    ("0262", 6, "262"), ("0263", 6, "262"), ("0692", 6, "262"), ("0269", 6, "262"),
)  # fmt: skip
_INTERNATIONAL_PLANS: Final = (
    ("+49 30", 7), ("+32 2", 6), ("+44 20 7946", 4), ("+39 06", 8), ("+1 212 555", 4),
    ("+34 91", 7), ("+41 22", 7),
)  # fmt: skip


def _sorted_codes(codes: Sequence[Code]) -> tuple[Code, ...]:
    return tuple(sorted(set(codes)))


def _open(system: str) -> tuple[Code, ...]:
    return tuple(c.key for c in code_system(system).open_concepts())


def instants(
    *, start: dt.datetime = EPOCH, max_minutes: int = 60 * 24 * 365
) -> st.SearchStrategy[dt.datetime]:
    """Time-zone aware instants (*instants*), ``start`` plus up to ``max_minutes`` minutes (R10)."""
    aware(start, "start")
    return st.integers(min_value=0, max_value=max_minutes).map(
        lambda minutes: start + dt.timedelta(minutes=minutes)
    )


def emails(*, domains: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[str]:
    """E-mail addresses (*adresses électroniques*) as users type them, valid for ``email``."""
    atoms = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=10)
    local = st.lists(atoms, min_size=1, max_size=3).flatmap(
        lambda parts: st.sampled_from([".".join(parts), "_".join(parts), "-".join(parts)])
    )
    tag = st.one_of(st.just(""), atoms.map(lambda t: "+" + t))
    domain = domains if domains is not None else st.sampled_from(_EMAIL_DOMAINS)
    capitalised = st.booleans()
    return st.builds(
        lambda name, suffix, host, upper: (
            (name.capitalize() if upper else name)
            + suffix
            + "@"
            + (host.upper() if upper else host)
        ),
        local,
        tag,
        domain,
        capitalised,
    )


@functools.cache
def _digits(length: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=length, max_size=length)


def _grouped(digits: str, sep: str) -> str:
    return sep.join(digits[i : i + 2] for i in range(0, len(digits), 2))


@st.composite
def _french_phone(draw: st.DrawFn, plans: Sequence[tuple[str, int]]) -> str:
    prefix, tail = draw(st.sampled_from(plans))
    national = prefix + draw(_digits(tail))
    style = draw(st.integers(min_value=0, max_value=6))
    if style == 0:
        return national
    if style in (1, 2, 3):
        return _grouped(national, " .-"[style - 1])
    rest = national[1:]
    if style == 4:
        return "+33 " + rest[0] + " " + _grouped(rest[1:], " ")
    if style == 5:
        return "+33" + rest
    return "0033 " + rest[0] + " " + _grouped(rest[1:], " ")


@st.composite
def _overseas_phone(draw: st.DrawFn) -> str:
    prefix, tail, country = draw(st.sampled_from(_OVERSEAS_PLANS))
    national = prefix + draw(_digits(tail))
    style = draw(st.integers(min_value=0, max_value=3))
    if style == 0:
        return national
    if style == 1:
        return national[:4] + " " + _grouped(national[4:], " ")
    if style == 2:
        return _grouped(national, ".")
    return f"+{country} {national[1:4]} {_grouped(national[4:], ' ')}"


@st.composite
def _international_phone(draw: st.DrawFn) -> str:
    prefix, tail = draw(st.sampled_from(_INTERNATIONAL_PLANS))
    number = draw(_digits(tail))
    if draw(st.booleans()):
        return f"{prefix} {number}"
    return "00" + (prefix + number).replace(" ", "")[1:]


def phone_numbers(
    *, overseas: bool = True, international: bool = True, mobile: bool | None = None
) -> st.SearchStrategy[str]:
    """Phone numbers (*numéros de téléphone*) as users type them, valid for ``phone.validate``.

    French national forms with spaces, dots or hyphens, ``+33`` and ``0033`` forms; with
    ``overseas`` the national and international forms of the overseas départements; with
    ``international`` numbers of other countries. ``mobile`` restricts them to metropolitan
    mobile numbers (``06``/``07``, when ``True``) or landline numbers (when ``False``).
    """
    plans = _FRENCH_PLANS
    if mobile is not None:
        plans = tuple(p for p in plans if (p[0][:2] in ("06", "07")) == mobile)
    options: list[st.SearchStrategy[str]] = [_french_phone(plans)]
    if overseas and mobile is None:
        options.append(_overseas_phone())
    if international and mobile is None:
        options.append(_international_phone())
    return st.one_of(*options).filter(phone.is_valid)


def postal_codes(*, overseas: bool = True) -> st.SearchStrategy[str]:
    """French postal codes (*codes postaux*): metropolitan, Corsican ``20xxx`` and overseas."""
    metropolitan = st.builds(lambda d, n: d + n, st.sampled_from(_METROPOLITAN), _digits(3))
    if not overseas:
        return metropolitan
    far = st.builds(lambda d, n: d + n, st.sampled_from(_OVERSEAS_POSTAL), _digits(2))
    return st.one_of(metropolitan, far)


def _address_lines() -> st.SearchStrategy[str]:
    return st.builds(
        lambda n, bis, kind, name: f"{n}{bis} {kind} {name}",
        st.integers(min_value=1, max_value=250),
        st.sampled_from(["", " bis", " ter"]),
        st.sampled_from(_STREET_TYPES),
        st.sampled_from(_STREET_NAMES),
    )


def _maybe(values: st.SearchStrategy[T], *, complete: bool) -> st.SearchStrategy[T | None]:
    return values if complete else st.one_of(st.none(), values)


def addresses(
    *, postal_codes: st.SearchStrategy[str] | None = None, complete: bool = False
) -> st.SearchStrategy[Address]:
    """Postal addresses (*adresses*); every part present when ``complete``."""
    codes = postal_codes if postal_codes is not None else _postal_codes()
    return st.builds(
        Address,
        line=_maybe(_address_lines(), complete=complete),
        city=_maybe(st.sampled_from(_CITIES), complete=complete),
        postal_code=_maybe(codes, complete=complete),
    )


def contacts(
    *,
    emails: st.SearchStrategy[str] | None = None,
    phone_numbers: st.SearchStrategy[str] | None = None,
    addresses: st.SearchStrategy[Address] | None = None,
    complete: bool = False,
) -> st.SearchStrategy[Contact]:
    """Contact details (*coordonnées*); every detail present when ``complete``.

    ``phone_numbers`` draws both the landline and the mobile number.
    """
    mails = emails if emails is not None else _emails()
    phones = phone_numbers if phone_numbers is not None else _phone_numbers()
    places = addresses if addresses is not None else _addresses(complete=complete)
    return st.builds(
        Contact,
        email=_maybe(mails, complete=complete),
        landline=_maybe(phones, complete=complete),
        mobile=_maybe(phones, complete=complete),
        address=_maybe(places, complete=complete),
    )


_NIR_DEPARTEMENTS: Final = st.sampled_from([d for d in _METROPOLITAN if d != "20"])


@st.composite
def _nir(draw: st.DrawFn, *, corsica: bool) -> str:
    sex = draw(st.sampled_from("12"))
    year = draw(_digits(2))
    month = f"{draw(st.integers(min_value=1, max_value=12)):02d}"
    places = ["metropolitan", "overseas", "abroad"] + (["corsica"] if corsica else [])
    place = draw(st.sampled_from(places))
    if place == "corsica":
        departement = draw(st.sampled_from(["2A", "2B"]))
        commune = f"{draw(st.integers(min_value=1, max_value=366)):03d}"
    elif place == "overseas":
        departement = "97"
        commune = draw(st.sampled_from("123456")) + draw(_digits(2))
    elif place == "abroad":
        departement = "99"
        commune = f"{draw(st.integers(min_value=100, max_value=500)):03d}"
    else:
        departement = draw(_NIR_DEPARTEMENTS)
        commune = f"{draw(st.integers(min_value=1, max_value=990)):03d}"
    order = f"{draw(st.integers(min_value=1, max_value=999)):03d}"
    body = sex + year + month + departement + commune + order
    numeric = body.replace("2A", "19", 1) if departement == "2A" else body
    numeric = numeric.replace("2B", "18", 1) if departement == "2B" else numeric
    return f"{body}{97 - int(numeric) % 97:02d}"


def ins_numbers(*, corsica: bool = True) -> st.SearchStrategy[str]:
    """INS numbers (*NIR*): 13 characters and their key, compact; ``2A``/``2B`` if ``corsica``."""
    return _nir(corsica=corsica)


def professions(*, include_closed: bool = False) -> st.SearchStrategy[Code]:
    """Profession codes (*professions*, TRE_G15/R94/R95/R291); closed ones if ``include_closed``."""
    return st.sampled_from(_profession_codes.all_professions(include_closed=include_closed))


def relationships() -> st.SearchStrategy[Code]:
    """Open kinship codes (*liens avec le patient*, TRE_R216): a protection measure is not a
    relationship (see :func:`protection_measures`).
    """
    return st.sampled_from(_open("TRE_R216"))


def protection_measures() -> st.SearchStrategy[Code]:
    """Open legal protection measures (*mesures de protection*, TRE_R217 and the local ones)."""
    return st.sampled_from(_protection.all_measures())


def categories() -> st.SearchStrategy[Code]:
    """Open establishment categories (*catégories d'établissement*, TRE_R66)."""
    return st.sampled_from(_open("TRE_R66"))


def _allowed_roles(
    kind: MemberKind, profession: Code | None, catalog: RoleCatalog
) -> tuple[Code, ...]:
    found = []
    for code, role in catalog.items():
        concept = lookup(code)
        if kind not in role.kinds or (concept is not None and concept.closed):
            continue
        if role.profession is not None and profession not in (None, role.profession):
            continue
        found.append(code)
    return _sorted_codes(found)


def roles(
    *,
    kind: MemberKind | None = None,
    profession: Code | None = None,
    catalog: RoleCatalog = DEFAULT_ROLES,
) -> st.SearchStrategy[Code]:
    """Open role codes (*rôles*) of ``catalog`` a member of ``kind`` and ``profession`` may hold.

    Uniqueness (R7) depends on the circle, so unique roles are generated too.
    """
    kinds = list(MemberKind) if kind is None else [kind]
    codes = _sorted_codes([c for k in kinds for c in _allowed_roles(k, profession, catalog)])
    return st.sampled_from(codes)


def account_ids(*, numbers: st.SearchStrategy[int] | None = None) -> st.SearchStrategy[str]:
    """PASS account ids (*identifiants de compte PASS*): ``pass:<n>``."""
    return (numbers if numbers is not None else _numbers()).map(lambda n: f"pass:{n}")


@functools.cache
def _numbers() -> st.SearchStrategy[int]:
    return st.integers(min_value=1, max_value=99_999_999)


@functools.cache
def _names() -> st.SearchStrategy[tuple[str, str]]:
    return st.tuples(st.sampled_from(_FAMILY_NAMES), st.sampled_from(_GIVEN_NAMES))


def directory_professionals(
    *,
    numbers: st.SearchStrategy[int] | None = None,
    account_states: st.SearchStrategy[AccountState | None] | None = None,
    professions: st.SearchStrategy[Code | None] | None = None,
    contacts: st.SearchStrategy[Contact] | None = None,
) -> st.SearchStrategy[DirectoryProfessional]:
    """Directory professionals (*professionnels de l'annuaire*) identified by a drawn number.

    Number ``n`` gives the RPPS-based idNat_PS ``8`` + ``n`` on 11 digits and the PASS account
    ``pass:<n>``, so two professionals are the same person (R8) exactly when their numbers are
    equal (``numbers`` draws from 1 to 99 999 999 by default; at most 11 digits).
    ``account_states`` draws the account's state, ``None`` for no account.
    """
    states = (
        account_states
        if account_states is not None
        else st.sampled_from(
            [AccountState.ACTIVE, AccountState.SUSPENDED, AccountState.CLOSED, None]
        )
    )
    jobs = professions if professions is not None else st.one_of(st.none(), _professions())
    details = contacts if contacts is not None else _contacts()

    @st.composite
    def build(draw: st.DrawFn) -> DirectoryProfessional:
        n = draw(numbers if numbers is not None else _numbers())
        state = draw(states)
        family, given = draw(_names())
        return DirectoryProfessional(
            national_id=f"8{n:011d}",
            account=None if state is None else PassAccount(id=f"pass:{n}", state=state),
            profession=draw(jobs),
            family_name=family,
            given_name=given,
            contact=draw(details),
        )

    return build()


def manual_professionals(
    *, professions: st.SearchStrategy[Code | None] | None = None
) -> st.SearchStrategy[ManualProfessional]:
    """Manual professionals (*professionnels saisis manuellement*, G8): information only."""
    jobs = professions if professions is not None else st.one_of(st.none(), _professions())
    return st.builds(
        lambda names, profession, contact: ManualProfessional(
            family_name=names[0], given_name=names[1], profession=profession, contact=contact
        ),
        _names(),
        jobs,
        contacts(),
    )


def related_persons(
    *, contacts: st.SearchStrategy[Contact] | None = None
) -> st.SearchStrategy[RelatedPerson]:
    """Related persons (*aidants, proches, représentants légaux*, G9): never access."""
    details = contacts if contacts is not None else _contacts()
    return st.builds(
        lambda names, contact, unlisted, relationship: RelatedPerson(
            family_name=names[0],
            given_name=names[1],
            contact=contact,
            unlisted=unlisted,
            relationship=relationship,
        ),
        _names(),
        details,
        st.booleans(),
        st.one_of(st.none(), relationships()),
    )


def _finess(n: int) -> str:
    departement = _METROPOLITAN[n % len(_METROPOLITAN)]
    body = f"{departement}{n // len(_METROPOLITAN) % 1_000_000:06d}"
    return body + str(luhn.calc_check_digit(body))


def _siret(n: int) -> str:
    head = f"{n % 100_000_000:08d}"
    siren = head + str(luhn.calc_check_digit(head))
    body = siren + f"{n // 100_000_000 % 10_000:04d}"
    return body + str(luhn.calc_check_digit(body))


def directory_structures(
    *,
    numbers: st.SearchStrategy[int] | None = None,
    legal_entity: st.SearchStrategy[bool] | None = None,
    delegates: st.SearchStrategy[frozenset[str]] | None = None,
) -> st.SearchStrategy[DirectoryStructure]:
    """Directory structures (*structures de l'annuaire*, G10) identified by a drawn number.

    Number ``n`` gives the FINESS, the directory id ``1`` + FINESS and, when present, the SIRET,
    so two structures are the same (R8) exactly when their numbers are equal. ``delegates``
    draws the PASS account ids of the professionals acting for a legal-entity structure (G11).
    """
    entities = legal_entity if legal_entity is not None else st.booleans()
    acting = delegates if delegates is not None else st.frozensets(account_ids(), max_size=3)
    names = st.sampled_from(_STRUCTURE_NAMES)
    kinds = st.one_of(st.none(), categories())
    places = st.one_of(st.none(), addresses())

    @st.composite
    def build(draw: st.DrawFn) -> DirectoryStructure:
        n = draw(numbers if numbers is not None else _numbers())
        finess = _finess(n)
        return DirectoryStructure(
            national_id="1" + finess,
            finess=finess if draw(st.booleans()) else None,
            siret=_siret(n) if draw(st.booleans()) else None,
            name=draw(names),
            category=draw(kinds),
            address=draw(places),
            legal_entity=draw(entities),
            delegates=draw(acting),
        )

    return build()


def manual_structures() -> st.SearchStrategy[ManualStructure]:
    """Manual structures (*structures saisies manuellement*, G12): information only."""
    names = st.sampled_from(_STRUCTURE_NAMES)
    acronyms = st.sampled_from(["", "SSIAD", "EHPAD", "DAC", "CPTS"])
    details = contacts()

    @st.composite
    def build(draw: st.DrawFn) -> ManualStructure:
        n = draw(_numbers())
        siret = _siret(n)
        return ManualStructure(
            name=draw(names),
            acronym=draw(acronyms),
            finess=_finess(n) if draw(st.booleans()) else None,
            siret=siret if draw(st.booleans()) else None,
            siren=siret[:9] if draw(st.booleans()) else None,
            person_in_charge=" ".join(reversed(draw(_names()))).strip(),
            contact=draw(details),
        )

    return build()


def members(*, kinds: st.SearchStrategy[MemberKind] | None = None) -> st.SearchStrategy[Member]:
    """Members of any of the five kinds (*membres*), or of the kinds ``kinds`` draws."""
    by_kind: dict[MemberKind, st.SearchStrategy[Member]] = {
        MemberKind.DIRECTORY_PROFESSIONAL: directory_professionals(),
        MemberKind.MANUAL_PROFESSIONAL: manual_professionals(),
        MemberKind.RELATED_PERSON: related_persons(),
        MemberKind.DIRECTORY_STRUCTURE: directory_structures(),
        MemberKind.MANUAL_STRUCTURE: manual_structures(),
    }
    chosen = kinds if kinds is not None else st.sampled_from(list(MemberKind))
    return chosen.flatmap(lambda kind: by_kind[kind])


def principals(
    *,
    numbers: st.SearchStrategy[int] | None = None,
    account_states: st.SearchStrategy[AccountState | None] | None = None,
    delegated_by: st.SearchStrategy[frozenset[str]] | None = None,
) -> st.SearchStrategy[Principal]:
    """Principals (*utilisateurs*): professionals as the directory describes them now.

    Number ``n`` matches :func:`directory_professionals` (account ``pass:<n>``, idNat_PS
    ``8`` + ``n``); ``account_states`` draws ``None`` for a professional without an account;
    ``delegated_by`` draws the directory ids of the structures they act for (R3).
    """
    states = (
        account_states
        if account_states is not None
        else st.sampled_from(
            [AccountState.ACTIVE, AccountState.ACTIVE, AccountState.SUSPENDED, None]
        )
    )
    delegations = (
        delegated_by
        if delegated_by is not None
        else st.frozensets(st.builds(lambda n: "1" + _finess(n), _numbers()), max_size=2)
    )

    jobs = st.one_of(st.none(), professions())

    @st.composite
    def build(draw: st.DrawFn) -> Principal:
        n = draw(numbers if numbers is not None else _numbers())
        state = draw(states)
        return Principal(
            account=None if state is None else f"pass:{n}",
            national_id=f"8{n:011d}" if state is None or draw(st.booleans()) else None,
            profession=draw(jobs),
            account_state=AccountState.ACTIVE if state is None else state,
            delegated_by=draw(delegations),
        )

    return build()


def patients(*, ins_numbers: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Patient]:
    """Patients (*usagers*), with or without an INS."""
    numbers = ins_numbers if ins_numbers is not None else _ins_numbers()
    identities = st.one_of(
        st.none(),
        st.builds(
            lambda value, oid: Ins(value=value, oid=oid), numbers, st.sampled_from(sorted(ins.OIDS))
        ),
    )
    return st.builds(
        lambda n, names, birth, identity: Patient(
            patient_id=f"P-{n}",
            family_name=names[0],
            given_name=names[1] or "Camille",
            birth_date=birth,
            ins=identity,
        ),
        _numbers(),
        _names(),
        st.one_of(
            st.none(), st.dates(min_value=dt.date(1910, 1, 1), max_value=dt.date(2026, 1, 1))
        ),
        identities,
    )


def _profession_of(member: Member) -> Code | None:
    found = getattr(member, "profession", None)
    return found if isinstance(found, Code) else None


@st.composite
def _records(
    draw: st.DrawFn,
    *,
    creators: st.SearchStrategy[DirectoryProfessional],
    patients: st.SearchStrategy[Patient],
    members: st.SearchStrategy[Member],
    max_members: int,
    start: dt.datetime,
    catalog: RoleCatalog,
) -> CoordinationRecord:
    creator_entry = draw(creators)
    creator = Principal.from_entry(creator_entry)
    at = start
    record = create_record(
        record_id=f"DC-{draw(_numbers())}",
        patient=draw(patients),
        creator=creator,
        creator_entry=creator_entry,
        at=at,
    ).record
    for member in draw(st.lists(members, max_size=max_members)):
        at += dt.timedelta(minutes=draw(st.integers(min_value=0, max_value=120)))
        choices = _allowed_roles(member.kind, _profession_of(member), catalog)
        roles = (
            draw(st.frozensets(st.sampled_from(choices), max_size=2)) if choices else frozenset()
        )
        directory = member.kind in DIRECTORY_KINDS
        habilitated = directory and draw(st.booleans())
        # Some habilitations are time-limited (a replacement for a while); a few will expire.
        ends = (
            at + dt.timedelta(minutes=draw(st.integers(min_value=1, max_value=240)))
            if habilitated and draw(st.integers(min_value=0, max_value=3)) == 0
            else None
        )
        # A représentant légal often exercises a measure (tutelle, curatelle…).
        measure = (
            draw(st.one_of(st.none(), protection_measures()))
            if REPRESENTANT_LEGAL in roles
            else None
        )
        try:
            record = add_member(
                record,
                member,
                actor=creator,
                at=at,
                roles=roles,
                legal_protection=measure,
                description=draw(st.sampled_from(_DESCRIPTIONS)),
                habilitated=habilitated,
                habilitation_ends=ends,
                refusal=Statement(expressed_at=at)
                if member.kind is not MemberKind.RELATED_PERSON and draw(st.booleans())
                else None,
                catalog=catalog,
            ).record
        except ChangeRejected:
            # A unique role already held or a duplicate: leave this member out.
            continue
        if draw(st.integers(min_value=0, max_value=4)) == 0:
            at += dt.timedelta(minutes=draw(st.integers(min_value=0, max_value=120)))
            record = end_participation(
                record, record.circle.memberships[-1].member_id, actor=creator, at=at
            ).record
    return record


def records(
    *,
    creators: st.SearchStrategy[DirectoryProfessional] | None = None,
    patients: st.SearchStrategy[Patient] | None = None,
    members: st.SearchStrategy[Member] | None = None,
    max_members: int = 6,
    start: dt.datetime = EPOCH,
    catalog: RoleCatalog = DEFAULT_ROLES,
) -> st.SearchStrategy[CoordinationRecord]:
    """Coordination records (*dossiers de coordination*) built through the public operations.

    The creator (drawn by ``creators``, whose account must be active) creates the record at
    ``start`` (G1) and adds up to ``max_members`` members with allowed roles, habilitations
    (some time-limited) and refusals, at non-decreasing instants; a few of them leave again
    (R9). Additions the
    rules reject (a unique role already held, a duplicate) are left out, so every record
    satisfies every rule at its ``updated_at`` and the creator, ``M1``, keeps effective access.
    """
    aware(start, "start")
    return _records(
        creators=creators
        if creators is not None
        else directory_professionals(account_states=st.just(AccountState.ACTIVE)),
        patients=patients if patients is not None else _patients(),
        members=members if members is not None else _members(),
        max_members=max_members,
        start=start,
        catalog=catalog,
    )


def matrices(
    *,
    professions: st.SearchStrategy[Code] | None = None,
    extra_categories: st.SearchStrategy[str] | None = None,
    max_professions: int = 12,
) -> st.SearchStrategy[HabilitationMatrix]:
    """Habilitation matrices (*matrices d'habilitation*): the four standard categories plus
    a few a service could declare, and rows of random levels for some professions.
    """
    jobs = professions if professions is not None else _professions()
    extras = (
        extra_categories
        if extra_categories is not None
        else st.sampled_from(("nutrition", "education", "legal"))
    )

    @st.composite
    def build(draw: st.DrawFn) -> HabilitationMatrix:
        declared = (*STANDARD_CATEGORIES, *draw(st.lists(extras, max_size=2, unique=True)))
        rows = draw(
            st.dictionaries(
                jobs,
                st.dictionaries(st.sampled_from(declared), st.sampled_from(list(Level))),
                max_size=max_professions,
            )
        )
        return HabilitationMatrix(categories=tuple(dict.fromkeys(declared)), grants=rows)

    return build()


def record_principals(
    record: CoordinationRecord, *, strangers: bool = True
) -> st.SearchStrategy[Principal]:
    """Principals around ``record``: its directory professionals as the directory may now
    describe them (account state, profession), strangers when ``strangers``, each delegated
    to by some of the circle's structures.

    Property tests of access need principals that hit every path; these do.
    """
    entries = [m.member for m in record.circle if isinstance(m.member, DirectoryProfessional)]
    structure_ids = sorted(
        {m.member.national_id for m in record.circle if isinstance(m.member, DirectoryStructure)}
    )
    delegations = (
        st.frozensets(st.sampled_from(structure_ids), max_size=2)
        if structure_ids
        else st.just(frozenset[str]())
    )

    @st.composite
    def member(draw: st.DrawFn) -> Principal:
        principal = Principal.from_entry(
            draw(st.sampled_from(entries)), delegated_by=draw(delegations)
        )
        if draw(st.booleans()):
            return principal
        return attrs.evolve(
            principal,
            profession=draw(st.one_of(st.just(principal.profession), _professions())),
            account_state=draw(st.sampled_from(list(AccountState))),
        )

    options = [member()] if entries else []
    if strangers or not entries:
        options.append(delegations.flatmap(lambda d: principals(delegated_by=st.just(d))))
    return st.one_of(options)


def creator_of(record: CoordinationRecord) -> Principal:
    """The principal who created ``record`` (member ``M1``, G1), as its entry describes them."""
    entry = record.circle.get("M1").member
    if not isinstance(entry, DirectoryProfessional):
        raise TypeError("M1 of a record is its creator, a directory professional")
    return Principal.from_entry(entry)


#: Members that open paths of every kind (numbers out of the range the strategies draw from):
#: a legal-entity structure and one that is not, professionals with and without an account.
_PATH_MEMBERS: Final[tuple[Member, ...]] = (
    _builders.directory_structure(9_001),
    _builders.directory_structure(9_002, legal_entity=False),
    _builders.directory_professional(900_000_001, profession=_profession_codes.INFIRMIER),
    _builders.directory_professional(900_000_002, profession=_profession_codes.PSYCHOLOGUE),
    _builders.directory_professional(900_000_003, account=False),
)


def access_records(
    *, base: st.SearchStrategy[CoordinationRecord] | None = None
) -> st.SearchStrategy[CoordinationRecord]:
    """Records whose circles open in every way (R2–R4, G11): those of ``base`` (by default
    :func:`records`) plus some directory professionals and structures, legal entities or not,
    mostly habilitated, some for a while only, refused or gone again, added by the creator
    through the operations. Property tests of access and listings find paths in them.
    """
    bases = base if base is not None else records(max_members=4)
    quarter = st.integers(min_value=0, max_value=3)

    @st.composite
    def build(draw: st.DrawFn) -> CoordinationRecord:
        record = draw(bases)
        creator = creator_of(record)
        at = record.updated_at
        # The simplest draws keep each member, habilitated, for good, unrefused.
        for member in [m for m in _PATH_MEMBERS if draw(quarter) != 3]:
            at += dt.timedelta(minutes=draw(st.integers(min_value=0, max_value=30)))
            habilitated = draw(quarter) != 3
            limited = habilitated and draw(st.booleans())
            minutes = draw(st.integers(min_value=1, max_value=120))
            record = add_member(
                record,
                member,
                actor=creator,
                at=at,
                habilitated=habilitated,
                habilitation_ends=at + dt.timedelta(minutes=minutes) if limited else None,
                refusal=Statement(expressed_at=at) if draw(quarter) == 3 else None,
            ).record
            record, at = _scoped_refusals(draw, record, creator, at)
            if draw(quarter) == 3:
                at += dt.timedelta(minutes=draw(st.integers(min_value=0, max_value=60)))
                member_id = record.circle.memberships[-1].member_id
                record = end_participation(record, member_id, actor=creator, at=at).record
        return record

    return build()


def _scoped_refusals(
    draw: st.DrawFn, record: CoordinationRecord, creator: Principal, at: dt.datetime
) -> tuple[CoordinationRecord, dt.datetime]:
    """Now and then, a refusal of some categories on the last member added, lifted now and
    then a little later: what the category questions must see.
    """
    member_id = record.circle.memberships[-1].member_id
    if draw(st.integers(min_value=0, max_value=4)) != 0:
        return record, at
    which = draw(st.frozensets(st.sampled_from(sorted(STANDARD_CATEGORIES)), min_size=1))
    at += dt.timedelta(minutes=draw(st.integers(min_value=0, max_value=30)))
    statement = Statement(expressed_at=at)
    record = record_refusal(
        record, member_id, statement=statement, actor=creator, at=at, categories=which
    ).record
    if draw(st.booleans()):
        at += dt.timedelta(minutes=draw(st.integers(min_value=1, max_value=60)))
        refusal_id = record.circle.get(member_id).refusals[-1].refusal_id
        record = lift_refusal(
            record,
            member_id,
            refusal_id,
            statement=Statement(expressed_at=at),
            actor=creator,
            at=at,
        ).record
    return record, at


def _refusal_instants(m: Membership) -> Iterator[dt.datetime]:
    for r in m.refusals:
        yield r.recorded_at
        if r.lifted is not None:
            yield r.lifted.recorded_at


def decision_instants(
    records: Sequence[CoordinationRecord], *, max_minutes: int = 24 * 60
) -> st.SearchStrategy[dt.datetime]:
    """Instants where access to ``records`` may change (a participation starts or ends, a
    habilitation ends), the microsecond before each, and any instant of the following
    ``max_minutes`` minutes: the boundaries property tests must not miss.
    """
    points = {
        t
        for r in records
        for m in r.circle
        for t in (
            m.habilitation_ends,
            *(x for p in m.participations for x in (p.start, p.end)),
            *_refusal_instants(m),
        )
        if t is not None
    }
    near = sorted({t - d for t in points for d in (dt.timedelta(), _MICROSECOND)})
    start = min((r.created_at for r in records), default=EPOCH)
    anywhen = instants(start=start, max_minutes=max_minutes)
    return st.one_of(st.sampled_from(near), anywhen) if near else anywhen


_MICROSECOND: Final = dt.timedelta(microseconds=1)


# Aliases for the defaults of options named like the strategies they take.
_emails = emails
_phone_numbers = phone_numbers
_postal_codes = postal_codes
_addresses = addresses
_contacts = contacts
_professions = professions
_ins_numbers = ins_numbers
_patients = patients
_members = members
