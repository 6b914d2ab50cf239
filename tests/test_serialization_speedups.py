"""The fast paths taken when a document is read give what the general paths give.

Each optimised helper is compared with the implementation it replaced (kept here, verbatim),
or its fast path with its general path, over generated values: the same result, or the same
error code and path.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecircle import Code, InvalidValueError, wrong_type
from carecircle._model import _fields
from carecircle.identifiers import _characters, _common, idnat_ps, idnat_struct
from carecircle.serialization import _forms

# Text mixing ASCII, separators, controls, format characters and other scripts' digits.
_TEXTS = st.text(
    alphabet=st.one_of(
        st.sampled_from("0123456789 .-/abcAZ\t\n\u00a0\u202f\u200b\u2028\ufeff\x07²١"),
        st.characters(),
    ),
    max_size=16,
)


def _outcome(call: Callable[[], object]) -> tuple[str, object]:
    try:
        return "value", call()
    except InvalidValueError as error:
        return "error", (error.code, error.path)


# -- the implementations replaced --------------------------------------------------------------


def _old_bad_character(text: str, allowed: frozenset[str]) -> bool:
    if text.isprintable():
        return False
    return any(
        c not in allowed and unicodedata.category(c) in _fields._REFUSED_CATEGORIES for c in text
    )


def _old_one_line(value: object, path: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise wrong_type(path, "a str")
    if _old_bad_character(value, frozenset()):
        raise InvalidValueError.of(_fields.TEXT_INVALID_CHARACTER, path, "-")
    return value.strip()


def _old_free(value: object, path: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise wrong_type(path, "a str")
    if _old_bad_character(value, frozenset("\n\t")):
        raise InvalidValueError.of(_fields.TEXT_INVALID_CHARACTER, path, "-")
    return value.strip()


_OLD_DROPPED = str.maketrans("", "", ".-")


def _old_strip_separators(value: str) -> str:
    return "".join(value.split()).translate(_OLD_DROPPED)


def _old_is_ascii_digits(text: str) -> bool:
    return re.compile(r"[0-9]*").fullmatch(text) is not None


def _old_parse(national: _common.NationalId, value: str, path: str) -> tuple[Any, str]:
    text = national.compact(_characters.check(value, path=path, what=national.what))
    if not text:
        raise _common.error(_common.LENGTH, path, "-")
    scheme = national.schemes.get(text[0])
    if scheme is None:
        raise _common.error(_common.COMPONENT, path, "-")
    if not scheme.internal:
        return scheme, text[0] + scheme.inner.validate(text[1:], path=path)
    inner, slash, internal = text[1:].partition("/")
    if not slash:
        raise _common.error(_common.FORMAT, path, "-")
    checked = scheme.inner.validate(inner, path=path)
    return scheme, f"{text[0]}{checked}/{_common.OPAQUE.validate(internal, path=path)}"


# -- the comparisons ---------------------------------------------------------------------------


@given(st.one_of(_TEXTS, st.none(), st.integers()))
def test_one_line_and_free_text_as_before(value: object) -> None:
    assert _outcome(lambda: _fields.one_line(value, "p")) == _outcome(
        lambda: _old_one_line(value, "p")
    )
    assert _outcome(lambda: _fields.checked_free_text(value, "p")) == _outcome(
        lambda: _old_free(value, "p")
    )


@given(_TEXTS)
def test_strip_separators_and_ascii_digits_as_before(text: str) -> None:
    assert _common.strip_separators(text) == _old_strip_separators(text)
    assert _common.is_ascii_digits(text) == _old_is_ascii_digits(text)


def test_no_letter_or_digit_is_a_separator() -> None:
    """What ``strip_separators``'s fast path relies on, over every code point."""
    for point in range(sys.maxunicode + 1):
        char = chr(point)
        if char.isalnum():
            assert not char.isspace() and char not in ".-", hex(point)


_IDS = st.one_of(
    _TEXTS,
    st.from_regex(r"[0-9]{0,14}", fullmatch=True),
    st.from_regex(r"[0-9]{1,12}/[0-9A-Za-z._-]{0,5}", fullmatch=True),
    st.sampled_from(["810003456786", "810003456787", "0751234567", "3310000001/ABC", ""]),
)


@pytest.mark.parametrize("module", [idnat_ps, idnat_struct])
@given(value=_IDS)
def test_national_id_parse_as_before(module: Any, value: str) -> None:
    national = module._ID
    assert _outcome(lambda: national.parse(value, path="p")) == _outcome(
        lambda: _old_parse(national, value, "p")
    )


@given(st.lists(st.one_of(st.integers(), st.text(max_size=2)), max_size=4))
def test_sequence_of_a_tuple_as_a_list(items: list[object]) -> None:
    def read(values: object) -> tuple[str, object]:
        return _outcome(lambda: _fields.sequence_of(values, int, "p", "int"))

    assert read(tuple(items)) == read(list(items))


_CODES = st.builds(Code, st.sampled_from(["urn:a", "urn:b"]), st.sampled_from(["1", "2"]))


@given(st.lists(st.one_of(_CODES, st.integers()), max_size=4))
def test_code_set_of_a_frozenset_as_of_a_list(items: list[object]) -> None:
    convert = _fields.code_set("roles")
    as_set = frozenset(items)
    fast = _outcome(lambda: convert(as_set))
    general = _outcome(lambda: convert(list(as_set)))
    assert fast == general


@given(st.one_of(st.none(), st.text(max_size=3), st.integers(), st.booleans()))
def test_optional_str_as_read_str_or_none(value: object) -> None:
    expected = _outcome(lambda: None if value is None else _forms.read_str(value))
    assert _outcome(lambda: _forms.read_optional_str(value)) == expected
