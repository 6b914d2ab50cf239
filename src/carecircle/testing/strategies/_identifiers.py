"""Strategies of identifiers and contact details: instants, e-mails, phones, postal codes,
INS numbers, PASS accounts, FINESS and SIRET numbers, addresses and contacts.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import Final, TypeVar

from hypothesis import strategies as st
from stdnum import luhn

from carecircle._model import Address, Contact
from carecircle._model.membership import aware
from carecircle.identifiers import phone
from carecircle.testing.builders import EPOCH

__all__ = [
    "METROPOLITAN",
    "account_ids",
    "addresses",
    "contacts",
    "digits",
    "emails",
    "finess_of",
    "ins_numbers",
    "instants",
    "numbers",
    "phone_numbers",
    "postal_codes",
    "siret_of",
]

T = TypeVar("T")

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
_EMAIL_DOMAINS: Final = (
    "exemple.fr", "sante.fr", "chu-toulouse.fr", "orange.fr", "laposte.net", "gmail.com",
    "ars.sante.fr", "mssante.fr",
)  # fmt: skip

#: Metropolitan départements of postal codes: ``01`` to ``95`` (``20`` is Corsica).
METROPOLITAN: Final = tuple(f"{n:02d}" for n in range(1, 96))
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
def digits(length: int) -> st.SearchStrategy[str]:
    """Texts of exactly ``length`` decimal digits."""
    return st.text(alphabet="0123456789", min_size=length, max_size=length)


def _grouped(number: str, sep: str) -> str:
    return sep.join(number[i : i + 2] for i in range(0, len(number), 2))


@st.composite
def _french_phone(draw: st.DrawFn, plans: Sequence[tuple[str, int]]) -> str:
    prefix, tail = draw(st.sampled_from(plans))
    national = prefix + draw(digits(tail))
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
    national = prefix + draw(digits(tail))
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
    number = draw(digits(tail))
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
    metropolitan = st.builds(lambda d, n: d + n, st.sampled_from(METROPOLITAN), digits(3))
    if not overseas:
        return metropolitan
    far = st.builds(lambda d, n: d + n, st.sampled_from(_OVERSEAS_POSTAL), digits(2))
    return st.one_of(metropolitan, far)


_NIR_DEPARTEMENTS: Final = st.sampled_from([d for d in METROPOLITAN if d != "20"])


@st.composite
def _nir(draw: st.DrawFn, *, corsica: bool) -> str:
    sex = draw(st.sampled_from("12"))
    year = draw(digits(2))
    month = f"{draw(st.integers(min_value=1, max_value=12)):02d}"
    places = ["metropolitan", "overseas", "abroad"] + (["corsica"] if corsica else [])
    place = draw(st.sampled_from(places))
    if place == "corsica":
        departement = draw(st.sampled_from(["2A", "2B"]))
        commune = f"{draw(st.integers(min_value=1, max_value=366)):03d}"
    elif place == "overseas":
        departement = "97"
        commune = draw(st.sampled_from("123456")) + draw(digits(2))
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


@functools.cache
def numbers() -> st.SearchStrategy[int]:
    """The numbers entities are drawn by: 1 to 99,999,999 (see ``directory_professionals``)."""
    return st.integers(min_value=1, max_value=99_999_999)


def account_ids(*, numbers: st.SearchStrategy[int] | None = None) -> st.SearchStrategy[str]:
    """PASS account ids (*identifiants de compte PASS*): ``pass:<n>``."""
    return (numbers if numbers is not None else _numbers()).map(lambda n: f"pass:{n}")


def finess_of(n: int) -> str:
    """The FINESS number of structure ``n``: a metropolitan département, six digits, a Luhn key."""
    departement = METROPOLITAN[n % len(METROPOLITAN)]
    body = f"{departement}{n // len(METROPOLITAN) % 1_000_000:06d}"
    return body + str(luhn.calc_check_digit(body))


def siret_of(n: int) -> str:
    """The SIRET number of structure ``n`` (its first nine digits, a SIREN), keys included."""
    head = f"{n % 100_000_000:08d}"
    siren = head + str(luhn.calc_check_digit(head))
    body = siren + f"{n // 100_000_000 % 10_000:04d}"
    return body + str(luhn.calc_check_digit(body))


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


# Aliases for the defaults of options named like the strategies they take.
_emails = emails
_phone_numbers = phone_numbers
_postal_codes = postal_codes
_addresses = addresses
_numbers = numbers
