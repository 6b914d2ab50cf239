"""Tests of :mod:`carecircle.identifiers`: examples, every error code, and properties.

Check digits are computed here with independent helpers (not the library's), so the
properties can fail if the library's arithmetic is wrong. R12 is checked on every module:
no error message, advisory or repr carries any 4 consecutive digits of the input.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from typing import Protocol

import attrs
import phonenumbers
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from carecircle import Advisory, InvalidValueError, identifiers
from carecircle.identifiers import (
    _common,
    adeli,
    email,
    finess,
    idnat_ps,
    idnat_struct,
    ins,
    pass_account,
    phone,
    postal_code,
    rpps,
    siren,
    siret,
)
from carecircle.identifiers.ins import DEMO_OID, NIA_OID, NIR_OID, TEST_OID, Ins

FORMAT = "IDENTIFIER_FORMAT"
LENGTH = "IDENTIFIER_LENGTH"
CHECKSUM = "IDENTIFIER_CHECKSUM"
COMPONENT = "IDENTIFIER_COMPONENT"
LUHN = "LUHN_CHECK_FAILED"

DIGITS = "0123456789"


class IdentifierModule(Protocol):
    """The contract every identifier module shares."""

    def compact(self, value: str) -> str: ...

    def validate(self, value: str, *, path: str = ...) -> str: ...

    def is_valid(self, value: str) -> bool: ...

    def format(self, value: str) -> str: ...

    def advisories(self, value: str, *, path: str = ...) -> tuple[Advisory, ...]: ...


MODULES: dict[str, IdentifierModule] = {
    "rpps": rpps,
    "adeli": adeli,
    "finess": finess,
    "idnat_ps": idnat_ps,
    "idnat_struct": idnat_struct,
    "siren": siren,
    "siret": siret,
    "ins": ins,
    "postal_code": postal_code,
    "phone": phone,
    "email": email,
    "pass_account": pass_account,
}


# --- independent check-digit arithmetic -------------------------------------------------


def luhn_digit(body: str) -> str:
    """The digit that makes ``body + digit`` pass the Luhn check."""
    total = 0
    for position, char in enumerate(reversed(body)):
        digit = int(char)
        if position % 2 == 0:  # doubled, since the check digit will sit to its right
            digit = digit * 2 - 9 if digit >= 5 else digit * 2
        total += digit
    return str(-total % 10)


def wrong_luhn(number: str) -> str:
    """``number`` with its last digit changed, so the Luhn check fails."""
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def nir_key(body: str) -> str:
    """The 2-digit key of a 13-character NIR body (2A counts as 19, 2B as 18)."""
    numeric = body[:5] + {"2A": "19", "2B": "18"}.get(body[5:7], body[5:7]) + body[7:]
    return f"{97 - int(numeric) % 97:02d}"


def test_independent_helpers_agree_with_known_numbers() -> None:
    assert luhn_digit("73282932") == "0"  # SIREN 732 829 320
    assert luhn_digit("7328293200007") == "4"  # SIRET 732 829 320 00074
    assert nir_key("2951099126111") == "93"
    assert nir_key("253072B073004") == "70"
    assert nir_key("253072A073004") == "43"


# --- strategies ---------------------------------------------------------------------------


def digits(size: int) -> st.SearchStrategy[str]:
    return st.text(DIGITS, min_size=size, max_size=size)


def with_luhn(body: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return body.map(lambda text: text + luhn_digit(text))


METRO = [f"{n:02d}" for n in range(1, 96)]

rpps_numbers = with_luhn(digits(10))
adeli_numbers = with_luhn(st.tuples(st.sampled_from(METRO), digits(6)).map("".join))
finess_numbers = with_luhn(st.tuples(st.sampled_from([*METRO, "97", "98"]), digits(6)).map("".join))
siren_numbers = with_luhn(digits(8))
siret_numbers = with_luhn(st.tuples(siren_numbers, digits(4)).map("".join)).filter(
    lambda number: not number.startswith("356000000")
)
nir_bodies = st.tuples(
    st.sampled_from("12"),
    digits(4),
    st.one_of(digits(2), st.sampled_from(["2A", "2B"])),
    digits(6),
).map("".join)
nir_numbers = nir_bodies.map(lambda body: body + nir_key(body))
postal_codes = st.one_of(
    st.tuples(st.sampled_from(METRO), digits(3)).map("".join),
    st.tuples(st.sampled_from(["971", "972", "973", "974", "976", "980", "987"]), digits(2)).map(
        "".join
    ),
)

_PHONE_PLANS = [("06", "FR", 8), ("07", "FR", 8), ("01", "FR", 8), ("0690", "GP", 6)]
_PHONE_PLANS += [("0694", "GF", 6), ("0696", "MQ", 6), ("0692", "RE", 6), ("0639", "YT", 6)]


@st.composite
def phone_numbers(draw: st.DrawFn) -> str:
    """A national-form number that ``phonenumbers`` itself calls valid in its own region."""
    prefix, region, size = draw(st.sampled_from(_PHONE_PLANS))
    text = prefix + draw(digits(size))
    assume(phonenumbers.is_valid_number(phonenumbers.parse(text, region)))
    return text


_ATEXT = string.ascii_letters + string.digits + "!#$%&'*+/=?^_`{|}~-"
email_locals = st.lists(st.text(_ATEXT, min_size=1, max_size=8), min_size=1, max_size=3).map(
    ".".join
)
email_labels = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True)
email_domains = st.tuples(
    st.lists(email_labels, min_size=1, max_size=3),
    st.from_regex(r"[a-z]{2,6}", fullmatch=True),
).map(lambda parts: ".".join([*parts[0], parts[1]]))


# --- R12 helpers --------------------------------------------------------------------------

_SEPARATORS = re.compile(r"[\s.\-/()]")
_DIGIT_RUN = re.compile(r"[0-9]{4,}")


def digit_windows(value: str) -> set[str]:
    """Every 4 consecutive ASCII digits of ``value``, as typed and with separators dropped."""
    runs = _DIGIT_RUN.findall(value) + _DIGIT_RUN.findall(_SEPARATORS.sub("", value))
    return {run[i : i + 4] for run in runs for i in range(len(run) - 3)}


def assert_no_echo(value: str, *texts: str) -> None:
    """R12: none of ``texts`` shows ``value`` or 4 consecutive digits of it."""
    windows = digit_windows(value)
    assert windows, "the input must hold a digit run for this check to mean something"
    for text in texts:
        assert value.strip() not in text
        leaked = [window for window in windows if window in text]
        assert not leaked, f"{text!r} leaks {leaked}"


def error_texts(error: InvalidValueError) -> tuple[str, ...]:
    return (str(error), repr(error), error.message, str(error.violation), repr(error.violation))


# --- the shared contract ------------------------------------------------------------------


def test_package_exports_every_module_and_the_kinds_sorted() -> None:
    assert identifiers.__all__ == sorted(identifiers.__all__)
    assert set(identifiers.__all__) == {*MODULES, "ins", "Kind"}
    assert identifiers.ins.Ins is Ins  # one home: the INS is a value of its module
    assert identifiers.Kind.RPPS == "RPPS"  # the kinds idnat_ps and idnat_struct read


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_module_offers_the_contract(name: str) -> None:
    module = getattr(identifiers, name)
    for function in ("compact", "validate", "is_valid", "format", "advisories"):
        assert function in module.__all__
        assert callable(getattr(module, function))
    assert module.__doc__.splitlines()[0].count("*") == 2  # the French term, in italics


@pytest.mark.parametrize("name", sorted(MODULES))
@settings(deadline=None)
@given(value=st.text())
def test_is_valid_and_compact_never_raise(name: str, value: str) -> None:
    module = MODULES[name]
    assert isinstance(module.is_valid(value), bool)
    assert isinstance(module.compact(value), str)


@pytest.mark.parametrize("name", sorted(MODULES))
@settings(deadline=None)
@given(value=st.text())
def test_validate_raises_only_our_error(name: str, value: str) -> None:
    module = MODULES[name]
    if module.is_valid(value):
        assert module.validate(module.validate(value)) == module.validate(value)
    else:
        with pytest.raises(InvalidValueError) as info:
            module.validate(value, path="somewhere")
        assert info.value.path == "somewhere"
        assert info.value.code.isupper()


_INVALID_WITH_DIGITS = st.tuples(
    st.text(max_size=8), st.text(DIGITS, min_size=4, max_size=16), st.text(max_size=8)
).map("".join)


@pytest.mark.parametrize("name", sorted(MODULES))
@settings(deadline=None)
@given(value=_INVALID_WITH_DIGITS)
@example(value="06 12 34 56 7")
@example(value="1000 3456 786 0")
@example(value="jean.1234@@exemple.fr")
@example(value="2951099126111 94")
def test_errors_never_echo_the_value(name: str, value: str) -> None:
    module = MODULES[name]
    assume(not module.is_valid(value))
    with pytest.raises(InvalidValueError) as info:
        module.validate(value)
    assert_no_echo(value, *error_texts(info.value))
    with pytest.raises(InvalidValueError) as info:
        module.format(value)
    assert_no_echo(value, *error_texts(info.value))


@settings(deadline=None)
@given(value=_INVALID_WITH_DIGITS)
def test_ins_errors_never_echo_the_value(value: str) -> None:
    assume(not ins.is_valid(value))
    with pytest.raises(InvalidValueError) as info:
        Ins(value=value, oid=NIR_OID)
    assert info.value.path == "ins.value"
    assert_no_echo(value, *error_texts(info.value))


@given(
    rpps_number=rpps_numbers.map(wrong_luhn),
    adeli_number=adeli_numbers.map(wrong_luhn),
    finess_number=finess_numbers.map(wrong_luhn),
)
def test_advisories_never_echo_the_value(
    rpps_number: str, adeli_number: str, finess_number: str
) -> None:
    for number, found in (
        (rpps_number, rpps.advisories(rpps_number)),
        (rpps_number, idnat_ps.advisories(idnat_ps.from_rpps(rpps_number))),
        (adeli_number, adeli.advisories(adeli_number)),
        (finess_number, finess.advisories(finess_number)),
        (finess_number, idnat_struct.advisories(idnat_struct.from_finess(finess_number))),
    ):
        (advisory,) = found
        assert_no_echo(number, advisory.message, str(advisory), repr(advisory))


@pytest.mark.parametrize(
    ("stdnum_error", "code"),
    [
        (InvalidFormat, FORMAT),
        (InvalidLength, LENGTH),
        (InvalidChecksum, CHECKSUM),
        (InvalidComponent, COMPONENT),
    ],
)
def test_stdnum_errors_map_to_our_codes(stdnum_error: type[Exception], code: str) -> None:
    def check(_value: str) -> str:
        raise stdnum_error

    with pytest.raises(InvalidValueError) as info:
        _common.call_stdnum(check, "12345678", path="p", what="a number", shape="8 digits")
    assert (info.value.code, info.value.path) == (code, "p")
    assert info.value.__suppress_context__


# --- error codes, module by module --------------------------------------------------------

ERROR_CASES: list[tuple[str, Callable[[str], str], str, str, str]] = [
    # (case id, function, value, code, path)
    ("rpps-letter", rpps.validate, "1000345678A", FORMAT, "rpps"),
    ("rpps-fullwidth", rpps.validate, "１０００３４５６７８６", FORMAT, "rpps"),
    ("rpps-superscript", rpps.validate, "1000345678²", FORMAT, "rpps"),
    ("rpps-short", rpps.validate, "1000345678", LENGTH, "rpps"),
    ("rpps-long", rpps.validate, "100034567860", LENGTH, "rpps"),
    ("rpps-empty", rpps.validate, "", LENGTH, "rpps"),
    ("adeli-symbol", adeli.validate, "75101234#", FORMAT, "adeli"),
    ("adeli-letter-late", adeli.validate, "75101234A", FORMAT, "adeli"),
    ("adeli-short", adeli.validate, "75101234", LENGTH, "adeli"),
    ("adeli-dep-00", adeli.validate, "001012345", COMPONENT, "adeli"),
    ("adeli-dep-96", adeli.validate, "961012345", COMPONENT, "adeli"),
    ("adeli-dep-2C", adeli.validate, "2C1012345", COMPONENT, "adeli"),
    ("adeli-dep-97", adeli.validate, "971012345", COMPONENT, "adeli"),
    ("finess-letter", finess.validate, "75071218X", FORMAT, "finess"),
    ("finess-long", finess.validate, "7507121840", LENGTH, "finess"),
    ("finess-dep-9A", finess.validate, "9A0000017", COMPONENT, "finess"),
    ("finess-dep-99", finess.validate, "990000017", COMPONENT, "finess"),
    ("siren-letter", siren.validate, "73282932X", FORMAT, "siren"),
    ("siren-short", siren.validate, "73282932", LENGTH, "siren"),
    ("siren-key", siren.validate, "732829321", CHECKSUM, "siren"),
    ("siret-letter", siret.validate, "7328293200007X", FORMAT, "siret"),
    ("siret-short", siret.validate, "7328293200007", LENGTH, "siret"),
    ("siret-key", siret.validate, "73282932000075", CHECKSUM, "siret"),
    ("siret-siren-key", siret.validate, "73282932100007", CHECKSUM, "siret"),
    ("siret-la-poste", siret.validate, "35600000000002", CHECKSUM, "siret"),
    ("ins-letter", ins.validate, "295109912611X93", FORMAT, "ins"),
    ("ins-corsica-2C", ins.validate, "253072C07300443", FORMAT, "ins"),
    ("ins-short", ins.validate, "29510991261119", LENGTH, "ins"),
    ("ins-long", ins.validate, "2951099126111930", LENGTH, "ins"),
    ("ins-key", ins.validate, "295109912611194", CHECKSUM, "ins"),
    ("ins-corsica-key", ins.validate, "253072A07300470", CHECKSUM, "ins"),
    ("ps-empty", idnat_ps.validate, " ", LENGTH, "idnat_ps"),
    ("ps-prefix-2", idnat_ps.validate, "2751012345", COMPONENT, "idnat_ps"),
    ("ps-prefix-9", idnat_ps.validate, "910003456786", COMPONENT, "idnat_ps"),
    ("ps-rpps-short", idnat_ps.validate, "81000345678", LENGTH, "idnat_ps"),
    ("ps-adeli-dep", idnat_ps.validate, "0001012345", COMPONENT, "idnat_ps"),
    ("ps-no-slash", idnat_ps.validate, "3750712184", FORMAT, "idnat_ps"),
    ("ps-empty-internal", idnat_ps.validate, "3750712184/", FORMAT, "idnat_ps"),
    ("ps-bad-internal", idnat_ps.validate, "3750712184/é", FORMAT, "idnat_ps"),
    ("ps-empty-cabinet", idnat_ps.validate, "1/12", FORMAT, "idnat_ps"),
    ("ps-siren-key", idnat_ps.validate, "4732829321/1", CHECKSUM, "idnat_ps"),
    ("ps-siret-length", idnat_ps.validate, "5732829320/1", LENGTH, "idnat_ps"),
    ("struct-empty", idnat_struct.validate, "", LENGTH, "idnat_struct"),
    ("struct-prefix-5", idnat_struct.validate, "5750712184", COMPONENT, "idnat_struct"),
    ("struct-empty-cabinet", idnat_struct.validate, "0", FORMAT, "idnat_struct"),
    ("struct-finess-dep", idnat_struct.validate, "1960000017", COMPONENT, "idnat_struct"),
    ("struct-siren-key", idnat_struct.validate, "2732829321", CHECKSUM, "idnat_struct"),
    ("struct-siret-key", idnat_struct.validate, "373282932000075", CHECKSUM, "idnat_struct"),
    ("ps-from-rpps", idnat_ps.from_rpps, "1000345678", LENGTH, "rpps"),
    ("ps-from-adeli", idnat_ps.from_adeli, "001012345", COMPONENT, "adeli"),
    ("struct-from-finess", idnat_struct.from_finess, "75071218", LENGTH, "finess"),
    ("struct-from-siren", idnat_struct.from_siren, "732829321", CHECKSUM, "siren"),
    ("struct-from-siret", idnat_struct.from_siret, "73282932000075", CHECKSUM, "siret"),
]


@pytest.mark.parametrize(
    ("function", "value", "code", "path"),
    [case[1:] for case in ERROR_CASES],
    ids=[case[0] for case in ERROR_CASES],
)
def test_identifier_error_codes(
    function: Callable[[str], str], value: str, code: str, path: str
) -> None:
    with pytest.raises(InvalidValueError) as info:
        function(value)
    assert (info.value.code, info.value.path) == (code, path)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    "value", ["3100", "310000", "31 00A", "", "00000", "96000", "99000", "97700", "98400"]
)
def test_postal_code_errors(value: str) -> None:
    with pytest.raises(InvalidValueError) as info:
        postal_code.validate(value, path="address.postal_code")
    assert (info.value.code, info.value.path) == ("POSTAL_CODE_INVALID", "address.postal_code")


@pytest.mark.parametrize(
    "value",
    ["", "abc", "06 12 34", "06 12 34 56 78 9", "+33 1", "00 00 00 00 00", "0508 43 01", "+999 1"],
)
def test_phone_errors(value: str) -> None:
    with pytest.raises(InvalidValueError) as info:
        phone.validate(value, path="contact.mobile")
    assert (info.value.code, info.value.path) == ("PHONE_INVALID", "contact.mobile")


def test_phone_unknown_region_rejects_national_forms() -> None:
    with pytest.raises(InvalidValueError) as info:
        phone.validate("06 12 34 56 78", region="ZZ")
    assert (info.value.code, info.value.path) == ("PHONE_INVALID", "phone")


EMAIL_ERRORS = {
    "too-long": "j" * 64 + "@" + ".".join(["b" * 62] * 3) + ".fr",
    "no-at": "jeanne.exemple.fr",
    "two-ats": "jeanne@martin@exemple.fr",
    "empty-local": "@exemple.fr",
    "long-local": "j" * 65 + "@exemple.fr",
    "leading-dot": ".jeanne@exemple.fr",
    "trailing-dot": "jeanne.@exemple.fr",
    "double-dot": "jeanne..martin@exemple.fr",
    "space": "jeanne martin@exemple.fr",
    "quoted": '"jeanne"@exemple.fr',
    "non-ascii-local": "jéanne@exemple.fr",
    "single-label": "jeanne@localhost",
    "empty-label": "jeanne@exemple..fr",
    "trailing-dot-domain": "jeanne@exemple.fr.",
    "leading-hyphen": "jeanne@-exemple.fr",
    "trailing-hyphen": "jeanne@exemple-.fr",
    "long-label": "jeanne@" + "b" * 64 + ".fr",
    "underscore-domain": "jeanne@ex_emple.fr",
    "numeric-tld": "jeanne@192.168",
    "literal": "jeanne@[192.168.0.1]",
}


@pytest.mark.parametrize("value", EMAIL_ERRORS.values(), ids=EMAIL_ERRORS.keys())
def test_email_errors(value: str) -> None:
    with pytest.raises(InvalidValueError) as info:
        email.validate(value, path="contact.email")
    assert (info.value.code, info.value.path) == ("EMAIL_INVALID", "contact.email")
    assert value not in info.value.message


def test_email_length_limits_are_inclusive() -> None:
    assert email.is_valid("j" * 64 + "@exemple.fr")
    assert email.is_valid("jeanne@" + "b" * 63 + ".fr")
    longest = "j@" + ".".join(["b" * 61] * 4)  # 2 + 4 * 61 + 3 = 249 characters
    assert email.is_valid(longest)
    assert not email.is_valid("j" * 65 + "@exemple.fr")


# --- accepted values, module by module ----------------------------------------------------


@pytest.mark.parametrize(
    ("module", "value", "expected", "display"),
    [
        (rpps, "10003456786", "10003456786", "10003456786"),
        (rpps, " 100 034-567.86 ", "10003456786", "10003456786"),
        (rpps, "100\u202f034\u00a0567\u00a086", "10003456786", "10003456786"),
        (adeli, "75 10 1234 5", "751012345", "751012345"),
        (adeli, "2b1012345", "2B1012345", "2B1012345"),
        (adeli, "9A1012345", "9A1012345", "9A1012345"),
        (finess, "750 712 184", "750712184", "750712184"),
        (finess, "970100228", "970100228", "970100228"),
        (finess, "2a0000017", "2A0000017", "2A0000017"),
        (siren, "732.829.320", "732829320", "732 829 320"),
        (siret, "732 829 320 00074", "73282932000074", "732 829 320 00074"),
        (siret, "35600000000048", "35600000000048", "356 000 000 00048"),
        (siret, "35600000000001", "35600000000001", "356 000 000 00001"),
        (ins, "2 95 10 99 126 111 93", "295109912611193", "2 95 10 99 126 111 93"),
        (ins, "2 53 07 2b 073 004 70", "253072B07300470", "2 53 07 2B 073 004 70"),
        (ins, "253072A07300443", "253072A07300443", "2 53 07 2A 073 004 43"),
        (idnat_ps, "8 10003456786", "810003456786", "810003456786"),
        (idnat_ps, "0 2a10 1234 5", "02A1012345", "02A1012345"),
        (idnat_ps, "1CAB123/ABC", "1CAB123/ABC", "1CAB123/ABC"),
        (idnat_ps, "3 750.712.184 / SERVICE-12", "3750712184/SERVICE-12", "3750712184/SERVICE-12"),
        (idnat_ps, "4732829320/1", "4732829320/1", "4732829320/1"),
        (idnat_ps, "573282932000074/a_b", "573282932000074/a_b", "573282932000074/a_b"),
        (idnat_ps, "6R1000/2", "6R1000/2", "6R1000/2"),
        (idnat_struct, "0CAB-1", "0CAB-1", "0CAB-1"),
        (idnat_struct, "1 750 712 184", "1750712184", "1750712184"),
        (idnat_struct, "2732829320", "2732829320", "2732829320"),
        (idnat_struct, "3 732 829 320 00074", "373282932000074", "373282932000074"),
        (idnat_struct, "410003456786/01", "410003456786/01", "410003456786/01"),
        (postal_code, " 31 000 ", "31000", "31000"),
        (postal_code, "20090", "20090", "20090"),
        (postal_code, "98000", "98000", "98000"),
        (email, " Jeanne@Exemple.FR ", "Jeanne@exemple.fr", "Jeanne@exemple.fr"),
        (email, "j.o'hara+cc@sub-domain.exemple.fr", "j.o'hara+cc@sub-domain.exemple.fr", None),
        (email, "x@x.x1", "x@x.x1", "x@x.x1"),
    ],
)
def test_accepted_values(
    module: IdentifierModule, value: str, expected: str, display: str | None
) -> None:
    assert module.is_valid(value)
    assert module.validate(value) == expected
    assert module.format(value) == (expected if display is None else display)
    assert module.validate(module.format(value)) == expected


PHONES = [
    ("06 12 34 56 78", "+33612345678", "06 12 34 56 78", True),
    ("06.12.34.56.78", "+33612345678", "06 12 34 56 78", True),
    ("0612345678", "+33612345678", "06 12 34 56 78", True),
    ("+33 6 12 34 56 78", "+33612345678", "06 12 34 56 78", True),
    ("+33 (0)6 12 34 56 78", "+33612345678", "06 12 34 56 78", True),
    ("0033612345678", "+33612345678", "06 12 34 56 78", True),
    ("01-23-45-67-89", "+33123456789", "01 23 45 67 89", False),
    ("0590 20 12 34", "+590590201234", "0590 20 12 34", False),
    ("0690 00 12 34", "+590690001234", "0690 00 12 34", True),
    ("0594 10 12 34", "+594594101234", "0594 10 12 34", False),
    ("0694 20 12 34", "+594694201234", "0694 20 12 34", True),
    ("0596 30 12 34", "+596596301234", "0596 30 12 34", False),
    ("0696 20 12 34", "+596696201234", "0696 20 12 34", True),
    ("0262 16 12 34", "+262262161234", "0262 16 12 34", False),
    ("0692 12 34 56", "+262692123456", "0692 12 34 56", True),
    ("0269 60 12 34", "+262269601234", "0269 60 12 34", False),
    ("0639 01 23 45", "+262639012345", "0639 01 23 45", True),
    # Saint-Pierre-et-Miquelon: FIXED_LINE_OR_MOBILE, like the United States below.
    ("0508 43 01 23", "+508430123", "+508 43 01 23", True),
    ("+590 690 00 12 34", "+590690001234", "0690 00 12 34", True),
    ("+49 30 123456", "+4930123456", "+49 30 123456", False),
    ("+1 650-253-0000", "+16502530000", "+1 650-253-0000", True),
    # +33 5 96… is a valid metropolitan-plan number for phonenumbers, but its national form
    # reads back as Martinique: it keeps the international form so that it round-trips.
    ("+33 5 96 30 12 34", "+33596301234", "+33 5 96 30 12 34", False),
]


@pytest.mark.parametrize(("value", "e164", "display", "mobile"), PHONES)
def test_phone_accepted(value: str, e164: str, display: str, mobile: bool) -> None:
    assert phone.is_valid(value)
    assert phone.validate(value) == e164
    assert phone.format(value) == display
    assert phone.validate(display) == e164
    assert phone.is_mobile(value) is mobile
    assert phone.advisories(value) == ()


def test_phone_other_region_reads_national_forms() -> None:
    assert phone.validate("030 123456", region="DE") == "+4930123456"
    assert not phone.is_valid("030 123456")
    assert phone.is_valid("030 123456", region="DE")
    assert phone.compact(" +33 (0)6-12.34/56 78 ") == "+330612345678"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("01000", "01"),
        ("31000", "31"),
        ("95000", "95"),
        ("20000", "2A"),
        ("20090", "2A"),
        ("20199", "2A"),
        ("20200", "2B"),
        ("20620", "2B"),
        ("97110", "971"),
        ("97600", "976"),
        ("98000", "980"),
        ("98800", "988"),
    ],
)
def test_postal_code_departement(value: str, expected: str) -> None:
    assert postal_code.departement(value) == expected


def test_postal_code_departement_rejects_invalid_codes() -> None:
    with pytest.raises(InvalidValueError) as info:
        postal_code.departement("96000", path="address.postal_code")
    assert (info.value.code, info.value.path) == ("POSTAL_CODE_INVALID", "address.postal_code")


# --- advisories ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("function", "value", "path"),
    [
        (rpps.advisories, "10101010101", "rpps"),
        (rpps.advisories, "10003461033", "rpps"),
        (adeli.advisories, "751012346", "adeli"),
        (finess.advisories, "750712185", "finess"),
        (idnat_ps.advisories, "810003461033", "idnat_ps"),
        (idnat_ps.advisories, "0751012346", "idnat_ps"),
        (idnat_ps.advisories, "3750712185/1", "idnat_ps"),
        (idnat_struct.advisories, "1750712185", "idnat_struct"),
    ],
)
def test_luhn_failures_are_advisories(
    function: Callable[[str], tuple[Advisory, ...]], value: str, path: str
) -> None:
    (advisory,) = function(value)
    assert (advisory.code, advisory.path) == (LUHN, path)


@pytest.mark.parametrize(
    ("function", "value"),
    [
        (rpps.advisories, "10003456786"),
        (adeli.advisories, "751012345"),
        (adeli.advisories, "2A1012346"),  # letters: no Luhn check at all
        (finess.advisories, "750712184"),
        (finess.advisories, "2B0000011"),
        (siren.advisories, "732829320"),
        (siret.advisories, "73282932000074"),
        (ins.advisories, "295109912611193"),
        (idnat_ps.advisories, "810003456786"),
        (idnat_ps.advisories, "1CAB/1"),
        (idnat_ps.advisories, "4732829320/1"),
        (idnat_struct.advisories, "0CAB"),
        (idnat_struct.advisories, "373282932000074"),
        (postal_code.advisories, "31000"),
        (email.advisories, "a@b.fr"),
    ],
)
def test_no_advisories(function: Callable[[str], tuple[Advisory, ...]], value: str) -> None:
    assert function(value) == ()


def test_advisories_path_and_validation() -> None:
    (advisory,) = rpps.advisories("10101010101", path="member.rpps")
    assert advisory.path == "member.rpps"
    with pytest.raises(InvalidValueError) as info:
        rpps.advisories("1010101010", path="member.rpps")
    assert (info.value.code, info.value.path) == (LENGTH, "member.rpps")


# --- idNat helpers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "prefix", "kind", "inner_rpps"),
    [
        ("810003456786", "8", identifiers.Kind.RPPS, "10003456786"),
        ("0751012345", "0", identifiers.Kind.ADELI, None),
        ("1CAB/1", "1", identifiers.Kind.ADELI_CABINET, None),
        ("3750712184/1", "3", identifiers.Kind.FINESS, None),
        ("4732829320/1", "4", identifiers.Kind.SIREN, None),
        ("573282932000074/1", "5", identifiers.Kind.SIRET, None),
        ("6CAB/1", "6", identifiers.Kind.RPPS_CABINET, None),
    ],
)
def test_idnat_ps_parts(
    value: str, prefix: str, kind: identifiers.Kind, inner_rpps: str | None
) -> None:
    assert idnat_ps.prefix(value) == prefix
    assert idnat_ps.kind(value) is kind
    assert idnat_ps.rpps(value) == inner_rpps


def test_idnat_ps_builders() -> None:
    assert idnat_ps.from_rpps("100 034 567 86") == "810003456786"
    assert idnat_ps.from_adeli("2a1012345") == "02A1012345"
    assert idnat_ps.kind(idnat_ps.from_adeli("751012345")) == "ADELI"
    assert idnat_ps.compact(" 8 100.034.567.86 ") == "810003456786"
    assert idnat_ps.compact(" 3 750.712.184 / a b ") == "3750712184/ab"
    assert idnat_ps.compact("9 12") == "912"


@pytest.mark.parametrize(
    ("value", "prefix", "kind"),
    [
        ("0CAB", "0", identifiers.Kind.ADELI_CABINET),
        ("1750712184", "1", identifiers.Kind.FINESS),
        ("2732829320", "2", identifiers.Kind.SIREN),
        ("373282932000074", "3", identifiers.Kind.SIRET),
        ("410003456786/01", "4", identifiers.Kind.RPPS_CABINET),
    ],
)
def test_idnat_struct_parts(value: str, prefix: str, kind: identifiers.Kind) -> None:
    assert idnat_struct.prefix(value) == prefix
    assert idnat_struct.kind(value) is kind


def test_idnat_struct_builders() -> None:
    assert idnat_struct.from_finess("2a0000017") == "12A0000017"
    assert idnat_struct.from_siren("732 829 320") == "2732829320"
    assert idnat_struct.from_siret("732 829 320 00074") == "373282932000074"
    assert siret.siren("732 829 320 00074") == "732829320"


def test_idnat_errors_use_the_given_path() -> None:
    with pytest.raises(InvalidValueError) as info:
        idnat_ps.kind("9", path="member.national_id")
    assert (info.value.code, info.value.path) == (COMPONENT, "member.national_id")
    with pytest.raises(InvalidValueError) as info:
        idnat_struct.prefix("2732829321", path="member.structure")
    assert (info.value.code, info.value.path) == (CHECKSUM, "member.structure")


# --- Ins ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("oid", "flags"),
    [
        (NIR_OID, (True, False, False, False)),
        (NIA_OID, (False, True, False, False)),
        (TEST_OID, (False, False, True, False)),
        (DEMO_OID, (False, False, False, True)),
    ],
)
def test_ins_oid_flags(oid: str, flags: tuple[bool, bool, bool, bool]) -> None:
    value = Ins(value="2 95 10 99 126 111 93", oid=oid)
    assert (value.is_nir, value.is_nia, value.is_test, value.is_demo) == flags
    assert value.system == "urn:oid:" + oid
    assert value.value == "295109912611193"


def test_ins_oids_are_the_ans_ones() -> None:
    assert (NIR_OID, NIA_OID, TEST_OID, DEMO_OID) == (
        "1.2.250.1.213.1.4.8",
        "1.2.250.1.213.1.4.9",
        "1.2.250.1.213.1.4.10",
        "1.2.250.1.213.1.4.11",
    )


def test_ins_rejects_unknown_oid_without_echo() -> None:
    with pytest.raises(InvalidValueError) as info:
        Ins(value="295109912611193", oid="1.2.250.1.213.1.4.12")
    assert (info.value.code, info.value.path) == (COMPONENT, "ins.oid")
    assert "1.2.250.1.213.1.4.12" not in str(info.value)


def test_ins_rejects_bad_number() -> None:
    with pytest.raises(InvalidValueError) as info:
        Ins(value="295109912611194", oid=NIR_OID)
    assert (info.value.code, info.value.path) == (CHECKSUM, "ins.value")


def test_ins_is_frozen_and_compared_by_value() -> None:
    first = Ins(value="253072b07300470", oid=NIR_OID)
    assert first == Ins(value="2 53 07 2B 073 004 70", oid=NIR_OID)
    assert first != Ins(value="253072B07300470", oid=TEST_OID)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        first.value = "295109912611193"  # type: ignore[misc]


@given(number=nir_numbers)
def test_ins_repr_hides_the_number(number: str) -> None:
    value = Ins(value=number, oid=NIA_OID)
    assert repr(value) == "Ins(oid='1.2.250.1.213.1.4.9', value=<redacted>)"
    assert str(value) == repr(value)
    assert_no_echo(number, repr(value), str(value))


# --- round-trip properties ----------------------------------------------------------------


def check_round_trip(module: IdentifierModule, generated: str) -> str:
    normalised = module.validate(generated)
    assert module.validate(module.format(normalised)) == normalised
    assert module.is_valid(module.format(normalised))
    return normalised


@given(number=rpps_numbers)
def test_rpps_round_trip(number: str) -> None:
    assert check_round_trip(rpps, number) == number
    assert rpps.advisories(number) == ()
    assert idnat_ps.rpps(idnat_ps.from_rpps(number)) == number
    assert idnat_ps.advisories("8" + number) == ()


@given(number=rpps_numbers.map(wrong_luhn))
def test_rpps_bad_key_is_only_an_advisory(number: str) -> None:
    assert rpps.validate(number) == number
    assert [a.code for a in rpps.advisories(number)] == [LUHN]
    assert [a.code for a in idnat_ps.advisories(idnat_ps.from_rpps(number))] == [LUHN]


@given(number=adeli_numbers)
def test_adeli_round_trip(number: str) -> None:
    assert check_round_trip(adeli, number) == number
    assert adeli.advisories(number) == ()
    assert [a.code for a in adeli.advisories(wrong_luhn(number))] == [LUHN]
    assert idnat_ps.kind(idnat_ps.from_adeli(number)) is identifiers.Kind.ADELI


@given(number=finess_numbers)
def test_finess_round_trip(number: str) -> None:
    assert check_round_trip(finess, number) == number
    assert finess.advisories(number) == ()
    assert [a.code for a in finess.advisories(wrong_luhn(number))] == [LUHN]
    assert check_round_trip(idnat_struct, idnat_struct.from_finess(number)) == "1" + number


@given(number=siren_numbers)
def test_siren_round_trip(number: str) -> None:
    assert check_round_trip(siren, number) == number
    assert siren.format(number) == f"{number[:3]} {number[3:6]} {number[6:]}"
    with pytest.raises(InvalidValueError) as info:
        siren.validate(wrong_luhn(number))
    assert info.value.code == CHECKSUM
    assert idnat_struct.from_siren(number) == "2" + number


@given(number=siret_numbers)
def test_siret_round_trip(number: str) -> None:
    assert check_round_trip(siret, number) == number
    assert siret.siren(number) == number[:9]
    with pytest.raises(InvalidValueError) as info:
        siret.validate(wrong_luhn(number))
    assert info.value.code == CHECKSUM
    assert idnat_struct.kind(idnat_struct.from_siret(number)) is identifiers.Kind.SIRET


@given(number=nir_numbers)
def test_ins_round_trip(number: str) -> None:
    assert check_round_trip(ins, number) == number
    assert ins.validate(number.lower()) == number
    wrong = number[:13] + f"{(int(number[13:]) % 97) + 1:02d}"
    with pytest.raises(InvalidValueError) as info:
        ins.validate(wrong)
    assert info.value.code == CHECKSUM


@given(code=postal_codes)
def test_postal_code_round_trip(code: str) -> None:
    assert check_round_trip(postal_code, code) == code
    expected = code[:3] if code[:2] in {"97", "98"} else code[:2]
    if code[:2] == "20":
        expected = "2A" if int(code) < 20200 else "2B"
    assert postal_code.departement(code) == expected


@settings(deadline=None)
@given(number=phone_numbers())
def test_phone_round_trip(number: str) -> None:
    e164 = check_round_trip(phone, number)
    assert e164.startswith("+")
    assert e164[1:].isdigit()
    assert phone.validate(e164) == e164
    assert phone.format(number).replace(" ", "") == number


@given(local=email_locals, domain=email_domains)
def test_email_round_trip(local: str, domain: str) -> None:
    assert check_round_trip(email, f"{local}@{domain}") == f"{local}@{domain}"
    assert email.validate(f" {local}@{domain.upper()} ") == f"{local}@{domain}"
    assert not email.is_valid(f"{local}@{domain}\t")  # a control character, even at the end


@pytest.mark.parametrize(
    ("typed", "forms"),
    [
        ("06 12 34 56 78", {"33612345678", "0612345678"}),
        ("0690 00 12 34", {"590690001234", "0690001234"}),
        ("0508 41 23 45", {"508412345", "0508412345"}),
        ("+49 30 123456", {"4930123456"}),
    ],
)
def test_dialled_forms_cover_what_people_type(typed: str, forms: set[str]) -> None:
    """R12: the forms the privacy check looks for in free text."""
    assert phone.dialled_forms(typed) == forms


# --- PASS accounts and canonical forms (issue 9) ------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("pass:4711", "pass:4711"),
        ("PASS:4711", "pass:4711"),
        ("  Pass:000101\u00a0", "pass:000101"),
        ("jeanne.martin+spico@ars-oc_1.fr", "jeanne.martin+spico@ars-oc_1.fr"),
    ],
)
def test_pass_account_canonical_form(value: str, expected: str) -> None:
    assert pass_account.validate(value) == expected
    assert pass_account.format(value) == expected
    assert pass_account.compact(value) == expected
    assert pass_account.is_valid(value)
    assert pass_account.advisories(value) == ()


@pytest.mark.parametrize(
    "value", ["", "   ", "pass 4711", "pass:\u00a04711", "pass:4711/1", "pass:é", "pass:#1"]
)
def test_pass_account_errors(value: str) -> None:
    with pytest.raises(InvalidValueError) as info:
        pass_account.validate(value, path="account.id")
    assert (info.value.code, info.value.path) == (FORMAT, "account.id")
    assert not pass_account.is_valid(value)


@pytest.mark.parametrize(
    "value",
    [
        "810003461033",
        "8 1000 3461 033",
        "8\u00a0100.034.610-33",
        "10003461033",
        "100 034 610 33",
        "100\u202f034\u202f610\u202f33",
        "1000-3461-033",
    ],
)
def test_idnat_ps_canonical_rpps_forms(value: str) -> None:
    assert idnat_ps.canonical(value) == "810003461033"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0751012345", "0751012345"),
        ("751012345", "0751012345"),
        ("75 10 1234 5", "0751012345"),
        ("0 75.10.1234.5", "0751012345"),
        ("2a1012345", "02A1012345"),
        ("02a1012345", "02A1012345"),
        ("3750712184/SERVICE-12", "3750712184/SERVICE-12"),
        ("3 750 712 184 / SERVICE-12", "3750712184/SERVICE-12"),
        ("1CAB/1", "1CAB/1"),
    ],
)
def test_idnat_ps_canonical_other_forms(value: str, expected: str) -> None:
    assert idnat_ps.canonical(value) == expected
    assert idnat_ps.canonical(expected) == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", LENGTH),
        ("1000345678A", FORMAT),  # 11 characters: a bare RPPS number, not an idNat_PS
        ("001012345", COMPONENT),  # 9 characters: a bare ADELI number
        ("8100034610", LENGTH),
        ("2751012345", COMPONENT),
        ("3750712184", FORMAT),
        ("10003461033\u200b", FORMAT),
    ],
)
def test_idnat_ps_canonical_errors(value: str, code: str) -> None:
    with pytest.raises(InvalidValueError) as info:
        idnat_ps.canonical(value, path="member.national_id")
    assert (info.value.code, info.value.path) == (code, "member.national_id")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("S1", "S1"),
        ("s5", "S5"),
        ("Association 1", "ASSOCIATION1"),
        ("1 2a 000 001 7", "12A0000017"),
        ("1\u00a0750\u202f712\u00a0184", "1750712184"),
        ("reg.oc_12/b-3", "REG.OC_12/B-3"),
    ],
)
def test_idnat_struct_canonical(value: str, expected: str) -> None:
    assert idnat_struct.canonical(value) == expected
    assert idnat_struct.canonical(expected) == expected


def test_idnat_struct_canonical_meets_compact_finess() -> None:
    assert idnat_struct.canonical("1 2a 000 001 7") == idnat_struct.from_finess("2a0000017")


@pytest.mark.parametrize(
    ("value", "code"),
    [("", LENGTH), (" \u00a0 ", LENGTH), ("S#1", FORMAT), ("Séance", FORMAT), ("S\t1", FORMAT)],
)
def test_idnat_struct_canonical_errors(value: str, code: str) -> None:
    with pytest.raises(InvalidValueError) as info:
        idnat_struct.canonical(value, path="member.national_id")
    assert (info.value.code, info.value.path) == (code, "member.national_id")
