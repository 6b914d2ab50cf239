"""Notebook display (issue 13, item 1): the HTML builder, and every output over generated values.

R12 (private details stay private): no output holds a contact detail of anyone, listed or
unlisted, nor a free text; every text is escaped, the HTML is a balanced tree with no script.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import carecircle as cc
from carecircle._access.listed import AccessList, ActiveFile
from carecircle._display import decision_view, record_view, view
from carecircle._display._html import Markup, element, table
from carecircle._display._words import when
from carecircle.testing import strategies

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from display_fixtures import scenario as sc
    from display_fixtures.html_check import checked_text, exposed
else:
    from .display_fixtures import scenario as sc
    from .display_fixtures.html_check import checked_text, exposed

MATRIX = cc.EXAMPLE_MATRIX
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class TestBuilder:
    def test_text_and_attributes_are_escaped(self) -> None:
        shown = str(element("td", sc.HOSTILE, title='" onclick="x'))
        assert shown == (
            '<td title="&quot; onclick=&quot;x">&lt;script&gt;alert(1)&lt;/script&gt;</td>'
        )
        assert checked_text(shown) == sc.HOSTILE

    def test_only_listed_tags_and_attributes(self) -> None:
        with pytest.raises(ValueError, match="script"):
            element("script", "x")
        with pytest.raises(ValueError, match="onclick"):
            element("td", "x", onclick="alert(1)")

    def test_markup_is_never_made_from_a_str(self) -> None:
        with pytest.raises(TypeError):
            Markup("<script>")
        assert repr(element("em", "<")) == "Markup('<em>&lt;</em>')"

    def test_a_table_is_balanced(self) -> None:
        shown = str(table(["a", "<b>"], [["1", None], [element("em", "2"), "&"]], caption="c"))
        assert checked_text(shown) == "c" + "a<b>" + "1" + "2&"

    def test_the_checker_fails_on_what_the_display_must_not_write(self) -> None:
        for bad in (
            "<div><span></div>",
            "<div>",
            "<p>a<br>b</p>",
            "<img src=x>",
            '<div onclick="x">a</div>',
            "<!-- a -->",
            "<SCRIPT>x</SCRIPT>",
        ):
            with pytest.raises(AssertionError):
                checked_text(bad)


# -- generated records --------------------------------------------------------------------------


class TestGenerated:
    """Every output over generated records: balanced, script-free, no private detail (R12)."""

    @SETTINGS
    @given(record=strategies.records(max_members=5), data=st.data())
    def test_records(self, record: cc.CoordinationRecord, data: st.DataObject) -> None:
        assert exposed(view(record), record) == []
        asked = data.draw(strategies.decision_instants([record]))
        matrix = data.draw(strategies.matrices())
        shown = record_view(
            record, at=asked, matrix=matrix, lang=data.draw(st.sampled_from(["fr", "en"]))
        )
        assert exposed(shown, record) == []
        for m in record.circle:
            assert m.display_name in shown.text
            assert html.escape(m.display_name) in shown.html

    @SETTINGS
    @given(record=strategies.access_records(), data=st.data())
    def test_decisions_and_listings(
        self, record: cc.CoordinationRecord, data: st.DataObject
    ) -> None:
        principals = data.draw(st.lists(strategies.record_principals(record), max_size=4))
        asked = data.draw(strategies.decision_instants([record]))
        category = data.draw(st.sampled_from(cc.STANDARD_CATEGORIES))
        for principal in principals:
            decision = cc.decide(record, principal, category, "read", matrix=MATRIX, at=asked)
            for lang in ("fr", "en"):
                shown = decision_view(decision, record=record, lang=lang)
                assert exposed(shown, record) == []
                for reason in decision.reasons:
                    words = (reason.message_fr if lang == "fr" else reason.message).rstrip(".")
                    assert words in shown.text
                    assert words in checked_text(shown.html)
                for path in decision.paths:
                    if path.member_id is not None:
                        assert record.circle.get(path.member_id).display_name in shown.text
            assert exposed(view(decision), record) == []
        listed = cc.who_can_access(record, principals, matrix=MATRIX, at=asked)
        assert isinstance(listed, AccessList)
        assert listed == tuple(listed) == tuple(p for p in listed)
        assert exposed(view(listed), record) == []
        index = cc.ActiveFileIndex.of([record], matrix=MATRIX)
        for principal in principals:
            file = index.for_principal(principal, at=asked)
            assert isinstance(file, ActiveFile)
            assert file == tuple(file)
            assert exposed(view(file), record) == []
            assert all(record.patient.display_name in str(file) for _ in file)

    def test_the_example_matrix(self) -> None:
        text = str(MATRIX)
        assert text.startswith("Matrice d'habilitation — 68 profession(s), 4 catégorie(s)")
        rows = {line.split("  ")[1]: line.split()[-4:] for line in text.splitlines()[3:-1]}
        assert rows["Psychologue (TRE_G15|93) — fermée le 2021-12-17"] == [
            "lecture", "lecture", "—", "écriture"
        ]  # fmt: skip
        assert "Psychologue (TRE_R95|93)" in rows
        assert "Psychologue (TRE_G15|93) — closed 2021-12-17" in str(view(MATRIX, lang="en"))

    @SETTINGS
    @given(matrix=strategies.matrices())
    def test_matrices(self, matrix: cc.HabilitationMatrix) -> None:
        text = checked_text(matrix._repr_html_())
        for profession in matrix.professions:
            assert str(profession) in text
            assert str(profession) in str(matrix)

    @SETTINGS
    @given(
        record=strategies.records(max_members=3, lifecycle=False),
        family=st.text(alphabet="<>&\"'/= scriptalert()", min_size=1).filter(str.strip),
        unlisted=st.booleans(),
        phone=strategies.phone_numbers(),
    )
    def test_changes_with_hostile_names(
        self, record: cc.CoordinationRecord, family: str, unlisted: bool, phone: str
    ) -> None:
        person = cc.RelatedPerson(
            family_name=family, unlisted=unlisted, contact=cc.Contact(mobile=phone)
        )
        creator = strategies.creator_of(record)
        change = cc.add_member(record, person, actor=creator, at=record.updated_at)
        for shown in (view(change), view(change, lang="en"), view(change.record)):
            assert exposed(shown, change.record) == []
            assert html.escape(person.display_name, quote=True) in shown.html
            assert person.display_name in shown.text


# -- the scenario -------------------------------------------------------------------------------


def test_instants_to_the_second() -> None:
    assert when(dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)) == "2026-01-02 03:04:05 UTC"
    assert when(dt.datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=dt.UTC)).endswith("05.000006 UTC")
