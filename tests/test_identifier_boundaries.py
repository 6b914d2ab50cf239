"""Boundaries of :mod:`carecircle.identifiers`: whatever a caller passes (issue 9).

Every identifier function either returns its kind of value or raises one
:class:`~carecircle.InvalidValueError` whose code is in the table of
``docs/identifiers.md`` ("Error codes"); ``is_valid`` never raises. Canonical forms are
idempotent and every spelling of one identifier gives one canonical string. The character
policy (``docs/identifiers.md``, "Characters") is checked by inserting refused characters
anywhere in valid values, and by the examples the policy cites.

The property tests are marked ``boundary``: ``--hypothesis-profile=thorough`` gives them
10,000 examples each.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from carecircle import WRONG_TYPE, InvalidValueError
from carecircle.identifiers import (
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
from carecircle.identifiers.ins import NIR_OID, Ins

FORMAT = "IDENTIFIER_FORMAT"
DOCS = Path(__file__).resolve().parent.parent / "docs" / "identifiers.md"

MODULES: dict[str, ModuleType] = {
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

#: The code each module gives a malformed value (a refused character among them).
FORMAT_CODES = {
    **dict.fromkeys(MODULES, FORMAT),
    "postal_code": "POSTAL_CODE_INVALID",
    "phone": "PHONE_INVALID",
    "email": "EMAIL_INVALID",
}

#: Valid values as people type them, module by module.
VALID: dict[str, tuple[str, ...]] = {
    "rpps": ("10003456786", "100 034 567 86", "10101010101"),
    "adeli": ("751012345", "2a 10 1234 5", "9A1012345"),
    "finess": ("750 712 184", "2A0000017", "970100228"),
    "idnat_ps": ("810003461033", "0 75 10 1234 5", "3750712184/SERVICE-12", "1CAB/1"),
    "idnat_struct": ("1750712184", "2 732 829 320", "373282932000074", "0CAB"),
    "siren": ("732 829 320", "356000000"),
    "siret": ("732 829 320 00074", "35600000000048"),
    "ins": ("2 95 10 99 126 111 93", "253072b07300470"),
    "postal_code": ("31000", " 20 200 ", "97110"),
    "phone": ("06 12 34 56 78", "+33 6 12 34 56 78", "0690 00 12 34", "+49 30 123456"),
    "email": ("jeanne.martin@exemple.fr", " J.O'Hara+cc@Sub-Domain.Exemple.FR "),
    "pass_account": ("pass:4711", " PASS:000101 ", "jeanne.martin+spico@ars-oc.fr"),
}

RESULT_TYPES = (str, tuple, bool, frozenset, Ins, type(None))
_DIGIT_RUN = re.compile(r"[0-9]{4}")


def documented_codes() -> dict[str, frozenset[str]]:
    """The "Error codes" table of docs/identifiers.md: each module and the codes it raises."""
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("\n## Error codes", 1)[1].split("\n## ", 1)[0]
    table: dict[str, frozenset[str]] = {}
    for modules, codes in re.findall(r"^\| ([^|]+) \| ([^|]+) \|", section, flags=re.MULTILINE):
        found = frozenset(re.findall(r"`([A-Z_]+)`", codes))
        for name in re.findall(r"`([a-z_]+)`", modules):
            table[name] = found
    return table


DOCUMENTED = documented_codes()


def functions(name: str) -> dict[str, Callable[[object], object]]:
    """Every public function of module ``name`` that reads one value from outside."""
    module = MODULES[name]
    found: dict[str, Callable[[object], object]] = {
        verb: getattr(module, verb) for verb in ("compact", "validate", "is_valid", "format")
    }
    found["advisories"] = module.advisories
    extra = {
        "idnat_ps": ("canonical", "prefix", "kind", "rpps", "from_rpps", "from_adeli"),
        "idnat_struct": ("canonical", "prefix", "kind", "from_finess", "from_siren", "from_siret"),
        "siret": ("siren",),
        "postal_code": ("departement",),
        "phone": ("is_mobile", "dialled_forms"),
    }
    found |= {verb: getattr(module, verb) for verb in extra.get(name, ())}
    if name == "ins":
        found["Ins.value"] = lambda value: Ins(value=value, oid=NIR_OID)  # type: ignore[arg-type]
        found["Ins.oid"] = lambda value: Ins(value="295109912611193", oid=value)  # type: ignore[arg-type]
    return found


def outcome(function: Callable[[object], object], value: object) -> object:
    """What ``function(value)`` returns, or the coded error it raises; any other exception
    propagates and fails the test."""
    try:
        return function(value)
    except InvalidValueError as error:
        return error


# --- strategies ---------------------------------------------------------------------------

#: Characters the policy refuses anywhere (Cc, Cf, Co, Cs, Cn, Zl, Zp), named ones first.
INVISIBLE = "\t\n\r\x00\x1f\x7f\x85\u200b\u200c\u200d\u2060\ufeff\u2028\u2029\u00ad\u202e\ue000"
#: Space separators (Zs) the modules drop where they drop spaces.
SPACES = " \u00a0\u202f\u2009\u3000"
#: Look-alikes of ASCII digits and letters from other blocks and scripts.
LOOKALIKES = "０１９Ａａｚ\u0660\u0663\u0966\u06f3\U0001d7ce\u212a\u0410\u00e9\u00b2"

invisible_characters = st.one_of(
    st.sampled_from(INVISIBLE),
    st.characters(categories=("Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp")),
)
non_ascii_characters = st.one_of(
    st.sampled_from(LOOKALIKES),
    st.characters(min_codepoint=0x80).filter(lambda char: not char.isspace()),
)


@st.composite
def mangled(draw: st.DrawFn) -> str:
    """A valid value of some module with a few odd characters put anywhere."""
    text = draw(st.sampled_from([value for values in VALID.values() for value in values]))
    odd = st.one_of(st.sampled_from(INVISIBLE + SPACES + LOOKALIKES + ".-/"), st.characters())
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(odd) + text[at:]
    return text


anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.binary(max_size=16),
    st.lists(st.text(max_size=4), max_size=3),
    st.from_type(object),
    st.text(),
    st.text(st.sampled_from(string.digits + INVISIBLE + SPACES + LOOKALIKES + "AB.-/:@")),
    mangled(),
)


def spell(text: str, *, cuts: list[tuple[int, str]], case: int = 0, pads: str = "") -> str:
    """A spelling of ``text``: letter ``i`` upper-cased when bit ``i`` of ``case`` is set (else
    lower-cased), each ``(place, separator)`` of ``cuts`` put at ``place`` (modulo the length),
    and ``pads`` split in two around it."""
    chars = [c.upper() if case >> i & 1 else c.lower() for i, c in enumerate(text)]
    for place, separator in cuts:
        chars.insert(place % (len(chars) + 1), separator)
    half = len(pads) // 2
    return pads[:half] + "".join(chars) + pads[half:]


#: Separators people type inside numbers.
number_cuts = st.lists(
    st.tuples(st.integers(0, 40), st.sampled_from([" ", "\u00a0", "\u202f", ".", "-"])),
    max_size=6,
)
#: Spaces only: what a structure id or an account may hold around or inside it.
space_cuts = st.lists(st.tuples(st.integers(0, 40), st.sampled_from(SPACES)), max_size=6)
pads = st.text(st.sampled_from(SPACES), max_size=4)
cases = st.integers(0, 2**20 - 1)


ADELI_DEPARTEMENTS = [f"{n:02d}" for n in range(1, 96)] + ["2A", "2B", "9A", "9F"]
rpps_numbers = st.text(string.digits, min_size=11, max_size=11)
adeli_numbers = st.tuples(
    st.sampled_from(ADELI_DEPARTEMENTS), st.text(string.digits, min_size=7, max_size=7)
).map("".join)


# --- properties ---------------------------------------------------------------------------


@pytest.mark.boundary
@settings(deadline=None)
@given(value=anything)
@example(value=None)
@example(value=10003456786)
@example(value=b"10003456786")
@example(value=["10003456786"])
@example(value="７３２８２９３２０")
@example(value="jeanne@\u212aelvin.fr")
def test_every_function_returns_or_raises_a_documented_code(value: object) -> None:
    for name, module in MODULES.items():
        for verb, function in functions(name).items():
            result = outcome(function, value)
            if isinstance(result, InvalidValueError):
                assert result.code in DOCUMENTED[name], (name, verb, result.code)
                assert isinstance(value, str) or result.code == WRONG_TYPE
                assert _DIGIT_RUN.search(result.message) is None  # R12: no number quoted
            else:
                assert isinstance(result, RESULT_TYPES), (name, verb, type(result))
                assert isinstance(value, str) or result is False, (name, verb)
        valid = module.is_valid(value)
        assert valid is (not isinstance(outcome(module.validate, value), InvalidValueError))
        if valid:
            normal = module.validate(value)
            assert module.validate(normal) == normal
            assert module.validate(module.format(value)) == normal


@pytest.mark.boundary
@settings(deadline=None)
@given(value=anything)
def test_canonical_forms_are_idempotent(value: object) -> None:
    for canonical in (idnat_ps.canonical, idnat_struct.canonical, pass_account.validate):
        result = outcome(canonical, value)  # type: ignore[arg-type]
        if isinstance(result, str):
            assert canonical(result) == result


@pytest.mark.boundary
@settings(deadline=None)
@given(number=rpps_numbers, prefixed=st.booleans(), cuts=number_cuts, pads=pads)
@example(number="10003461033", prefixed=True, cuts=[(1, "\u00a0"), (5, "."), (9, "-")], pads=" ")
def test_every_spelling_of_an_rpps_number_is_one_idnat_ps(
    number: str, prefixed: bool, cuts: list[tuple[int, str]], pads: str
) -> None:
    typed = spell("8" + number if prefixed else number, cuts=cuts, pads=pads)
    assert idnat_ps.canonical(typed) == "8" + number == idnat_ps.from_rpps(number)


@pytest.mark.boundary
@settings(deadline=None)
@given(number=adeli_numbers, prefixed=st.booleans(), case=cases, cuts=number_cuts, pads=pads)
@example(number="2A1012345", prefixed=False, case=0, cuts=[(2, " "), (4, " ")], pads="")
def test_every_spelling_of_an_adeli_number_is_one_idnat_ps(
    number: str, prefixed: bool, case: int, cuts: list[tuple[int, str]], pads: str
) -> None:
    typed = spell("0" + number if prefixed else number, cuts=cuts, case=case, pads=pads)
    assert idnat_ps.canonical(typed) == "0" + number == idnat_ps.from_adeli(number.lower())


@pytest.mark.boundary
@settings(deadline=None)
@given(
    account=st.text(string.ascii_lowercase + string.digits + ".:_@+-", min_size=1, max_size=20),
    case=cases,
    pads=pads,
)
@example(account="pass:4711", case=0b1111, pads="\u00a0")
def test_every_spelling_of_an_account_is_one_account(account: str, case: int, pads: str) -> None:
    typed = spell(account, cuts=[], case=case, pads=pads)
    assert pass_account.validate(typed) == account
    assert pass_account.is_valid(typed)


@pytest.mark.boundary
@settings(deadline=None)
@given(
    structure=st.text(string.ascii_uppercase + string.digits + "._/-", min_size=1, max_size=20),
    case=cases,
    cuts=space_cuts,
    pads=pads,
)
@example(structure="12A0000017", case=0, cuts=[(1, " "), (3, "\u00a0")], pads="")
def test_every_spelling_of_a_structure_id_is_one_id(
    structure: str, case: int, cuts: list[tuple[int, str]], pads: str
) -> None:
    typed = spell(structure, cuts=cuts, case=case, pads=pads)
    assert idnat_struct.canonical(typed) == structure


def _validators(name: str) -> list[Callable[[str], object]]:
    found: list[Callable[[str], object]] = [MODULES[name].validate, MODULES[name].format]
    if name in ("idnat_ps", "idnat_struct"):
        found.append(MODULES[name].canonical)
    if name == "ins":
        found.append(lambda value: Ins(value=value, oid=NIR_OID))
    return found


@pytest.mark.boundary
@settings(deadline=None)
@given(char=st.one_of(invisible_characters, non_ascii_characters), where=st.integers(0, 40))
@example(char="\u200b", where=3)
@example(char="\t", where=0)
@example(char="\uff17", where=40)
def test_a_refused_character_anywhere_is_refused(char: str, where: int) -> None:
    """Each example puts one character at one place in every valid value of every module."""
    for name, values in VALID.items():
        for value in values:
            at = where % (len(value) + 1)
            typed = value[:at] + char + value[at:]
            assert not MODULES[name].is_valid(typed), (name, at)
            for validate in _validators(name):
                with pytest.raises(InvalidValueError) as info:
                    validate(typed)
                assert info.value.code == FORMAT_CODES[name], (name, at)


# --- the policy's examples ----------------------------------------------------------------


def fullwidth(text: str) -> str:
    """``text`` with every ASCII digit and letter replaced by its fullwidth form."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_fullwidth_digits_and_letters_are_refused(name: str) -> None:
    for value in VALID[name]:
        assert MODULES[name].is_valid(value)
        for validate in _validators(name):
            with pytest.raises(InvalidValueError) as info:
                validate(fullwidth(value))
            assert info.value.code == FORMAT_CODES[name]


@pytest.mark.parametrize(
    ("module", "value"),
    [
        (siren, "７３２８２９３２０"),
        (siret, "７３２８２９３２０００７４"),
        (ins, "２９５１０９９１２６１１１９３"),
        (ins, "２５３０７２Ａ０７３００４４３"),
        (phone, "０６ １２ ３４ ５６ ７８"),
        (phone, "\u0660\u0666\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668"),
        (rpps, "\u0967\u0966\u0966\u0966\u0969\u096a\u096b\u096c\u096d\u096e\u096c"),
        (postal_code, "３１０００"),
        (finess, "２Ａ0000017"),
        (adeli, "２Ａ1012345"),
    ],
)
def test_digits_of_other_scripts_were_read_by_some_modules_and_are_now_refused(
    module: ModuleType, value: str
) -> None:
    """SIREN, INS and phone numbers used to accept fullwidth digits; no module does now."""
    assert module.is_valid(value) is False
    with pytest.raises(InvalidValueError):
        module.validate(value)


@pytest.mark.parametrize(
    "value", ["jeanne@\u212aelvin.fr", "\u212a@kelvin.fr", "jeanne@exemple.fr\u00a0", "jé@x.fr"]
)
def test_email_refuses_any_non_ascii_character(value: str) -> None:
    """The Kelvin sign U+212A lower-cases to ``k``: it used to pass as ``kelvin.fr``."""
    assert email.is_valid(value.replace("\u212a", "K").replace("\u00a0", " ").replace("é", "e"))
    with pytest.raises(InvalidValueError) as info:
        email.validate(value, path="contact.email")
    assert (info.value.code, info.value.path) == ("EMAIL_INVALID", "contact.email")


@pytest.mark.parametrize("value", [None, 10003456786, 3.0, b"10003456786", ["1"], True])
@pytest.mark.parametrize("name", sorted(MODULES))
def test_is_valid_answers_false_for_a_non_str(name: str, value: object) -> None:
    assert MODULES[name].is_valid(value) is False


def test_rpps_is_valid_none_is_false() -> None:
    assert rpps.is_valid(None) is False


@pytest.mark.parametrize("name", sorted(MODULES))
def test_int_and_other_non_str_inputs_are_wrong_type(name: str) -> None:
    for value in (10003456786, None, b"31000", ["31000"]):
        for verb, function in functions(name).items():
            if verb == "is_valid":
                continue
            with pytest.raises(InvalidValueError) as info:
                function(value)
            assert info.value.code == WRONG_TYPE, (verb, value)
            assert info.value.message == "expected a str"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_wrong_type_errors_carry_the_given_path(name: str) -> None:
    with pytest.raises(InvalidValueError) as info:
        MODULES[name].validate(4711, path="member.national_id")
    assert (info.value.code, info.value.path) == (WRONG_TYPE, "member.national_id")


def test_ins_wrong_types_name_their_field() -> None:
    with pytest.raises(InvalidValueError) as info:
        Ins(value=295109912611193, oid=NIR_OID)  # type: ignore[arg-type]
    assert (info.value.code, info.value.path) == (WRONG_TYPE, "ins.value")
    with pytest.raises(InvalidValueError) as info:
        Ins(value="295109912611193", oid=["1.2.250.1.213.1.4.8"])  # type: ignore[arg-type]
    assert (info.value.code, info.value.path) == (WRONG_TYPE, "ins.oid")


@pytest.mark.parametrize(
    ("module", "clean", "dirty"),
    [
        (rpps, "10003456786", "10003456786\t"),
        (rpps, "10003456786", "\n10003456786"),
        (idnat_ps, "810003461033", "8\u200b10003461033"),
        (idnat_struct, "S1", "S\u20601"),
        (ins, "295109912611193", "\ufeff295109912611193"),
        (email, "jeanne@exemple.fr", "jeanne@exemple.fr\t"),
        (pass_account, "pass:4711", "pass:4711\n"),
        (phone, "06 12 34 56 78", "06 12 34 56 78\u2028"),
        (postal_code, "31000", "31000\x85"),
    ],
)
def test_invisible_characters_are_refused_even_at_either_end(
    module: ModuleType, clean: str, dirty: str
) -> None:
    validate = module.canonical if module in (idnat_ps, idnat_struct) else module.validate
    assert module.is_valid(clean) or validate(clean)
    assert not module.is_valid(dirty)
    with pytest.raises(InvalidValueError):
        validate(dirty)


def test_space_separators_stay_allowed() -> None:
    assert rpps.validate("100\u00a0034\u202f567\u200986") == "10003456786"
    assert phone.validate("06\u00a012\u00a034\u00a056\u00a078") == "+33612345678"
    assert postal_code.validate("31\u202f000") == "31000"


def test_the_table_documents_every_module() -> None:
    assert set(DOCUMENTED) == set(MODULES)
    assert all(WRONG_TYPE in codes for codes in DOCUMENTED.values())
