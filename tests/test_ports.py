"""The ports' query values: checked when built, the same for every directory behind them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import carecircle as cc
from carecircle import MAX_LIMIT, ProfessionalQuery, StructureQuery, search_words


@pytest.mark.parametrize("query", [ProfessionalQuery, StructureQuery])
def test_paging_is_checked(query: type[ProfessionalQuery] | type[StructureQuery]) -> None:
    with pytest.raises(cc.InvalidValueError) as offset:
        query(offset=-1)
    assert (offset.value.code, offset.value.path) == ("PAGE_OFFSET_INVALID", "query.offset")
    for limit in (0, MAX_LIMIT + 1):
        with pytest.raises(cc.InvalidValueError) as caught:
            query(limit=limit)
        assert (caught.value.code, caught.value.path) == ("PAGE_LIMIT_INVALID", "query.limit")
    assert query(offset=5, limit=MAX_LIMIT).limit == MAX_LIMIT


@pytest.mark.parametrize("value", ["Toulouse", "310001", "2C", "3 1 0 0 0 0", "31-"])
def test_structure_postal_code_is_a_prefix_or_a_corsican_departement(value: str) -> None:
    with pytest.raises(cc.InvalidValueError) as caught:
        StructureQuery(postal_code=value)
    assert (caught.value.code, caught.value.path) == (
        "POSTAL_CODE_PREFIX_INVALID",
        "query.postal_code",
    )


def test_structure_postal_code_is_compacted() -> None:
    assert StructureQuery(postal_code=" 31 0 ").postal_code == "310"
    assert StructureQuery(postal_code="2a").postal_code == "2A"
    assert StructureQuery(postal_code="  ").postal_code == ""


def test_place_is_a_postal_code_prefix_a_departement_or_city_words() -> None:
    """G3: the guide's single *Ville / Code postal* field."""
    assert ProfessionalQuery(place="31").place_postal_prefix == "31"
    assert ProfessionalQuery(place="2b").place_postal_prefix == "2B"
    assert ProfessionalQuery(place="31").place_words == ()
    saint = ProfessionalQuery(place="Saint-Gaudens")
    assert (saint.place_postal_prefix, saint.place_words) == (None, ("saint", "gaudens"))
    assert ProfessionalQuery(place="31 Toulouse").place_words == ("31", "toulouse")
    assert ProfessionalQuery().place_postal_prefix is None


def test_words_fold_accents_and_case_and_split_on_punctuation() -> None:
    assert search_words("Hélène") == search_words("HELENE") == search_words("helene") == ("helene",)
    assert search_words("d'Estienne  Saint-Martin") == ("d", "estienne", "saint", "martin")
    assert search_words(" - ") == ()


@given(st.text())
def test_words_are_folded_alphanumeric_and_nonempty(text: str) -> None:
    found = search_words(text)
    assert all(w and w.isalnum() and w == w.casefold() and w.isascii() for w in found)
    assert search_words(" ".join(found)) == found
