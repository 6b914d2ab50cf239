"""Notebook display (issue 13, item 1): HTML and text for records, decisions, matrices,
listings, active files and changes.

R12 (private details stay private): no output holds a contact detail of anyone, listed or
unlisted, nor a free text; every text is escaped, the HTML is a balanced tree with no script.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import pickle
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import carecircle as cc
from carecircle import events as ev
from carecircle._access.listed import AccessList, ActiveFile
from carecircle._display import Display, decision_view, record_view, view
from carecircle._display._html import Markup, element, table
from carecircle._display._words import when
from carecircle._display.events import SENTENCES
from carecircle.nomenclatures import professions, relationships
from carecircle.rules import privacy
from carecircle.testing import builders, strategies
from carecircle.testing.builders import EPOCH, instant, new_record

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from display_fixtures import scenario as sc
    from display_fixtures.html_check import checked_text
else:
    from .display_fixtures import scenario as sc
    from .display_fixtures.html_check import checked_text

MATRIX = cc.EXAMPLE_MATRIX
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def s() -> sc.Scenario:
    return sc.scenario()


def _private_shown(shown: Display, record: cc.CoordinationRecord) -> list[str]:
    """Every problem of ``shown`` on ``record``: unbalanced HTML, private details in either form."""
    problems = [v.code for v in privacy.check(checked_text(shown.html), record)]
    problems += [v.code for v in privacy.check(shown.html, record)]
    return problems + [v.code for v in privacy.check(shown.text, record)]


# -- the builder --------------------------------------------------------------------------------


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
        assert _private_shown(view(record), record) == []
        asked = data.draw(strategies.decision_instants([record]))
        matrix = data.draw(strategies.matrices())
        shown = record_view(
            record, at=asked, matrix=matrix, lang=data.draw(st.sampled_from(["fr", "en"]))
        )
        assert _private_shown(shown, record) == []
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
                assert _private_shown(shown, record) == []
                for reason in decision.reasons:
                    words = (reason.message_fr if lang == "fr" else reason.message).rstrip(".")
                    assert words in shown.text
                    assert words in checked_text(shown.html)
                for path in decision.paths:
                    if path.member_id is not None:
                        assert record.circle.get(path.member_id).display_name in shown.text
            assert _private_shown(view(decision), record) == []
        listed = cc.who_can_access(record, principals, matrix=MATRIX, at=asked)
        assert isinstance(listed, AccessList)
        assert listed == tuple(listed) == tuple(p for p in listed)
        assert _private_shown(view(listed), record) == []
        index = cc.ActiveFileIndex.of([record], matrix=MATRIX)
        for principal in principals:
            file = index.for_principal(principal, at=asked)
            assert isinstance(file, ActiveFile)
            assert file == tuple(file)
            assert _private_shown(view(file), record) == []
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
            assert _private_shown(shown, change.record) == []
            assert html.escape(person.display_name, quote=True) in shown.html
            assert person.display_name in shown.text


# -- the scenario -------------------------------------------------------------------------------


class TestRecord:
    def test_a_script_name_is_text(self, s: sc.Scenario) -> None:
        shown = s.record._repr_html_()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
        assert sc.HOSTILE in checked_text(shown)

    def test_no_contact_detail_listed_or_not(self, s: sc.Scenario) -> None:
        for shown in (view(s.record), record_view(s.record, at=sc.at(13), lang="en")):
            assert _private_shown(shown, s.record) == []
            for detail in (
                sc.DAUGHTER_PHONE,
                sc.DAUGHTER_PHONE.replace(" ", ""),
                sc.DAUGHTER_EMAIL,
            ):
                assert detail not in shown.html
                assert detail not in shown.text
        gp_mail = s.data.gp.contact.email
        assert gp_mail is not None
        assert gp_mail not in str(s.record)

    def test_no_free_text(self, s: sc.Scenario) -> None:
        assert "appel du 15" not in str(s.record) + s.record._repr_html_()
        assert all("appel du 15" not in str(c) for c in s.changes)

    def test_the_hook_says_its_instant_and_matrix(self, s: sc.Scenario) -> None:
        text = str(s.record)
        assert "Droits au 2026-11-26 09:12 UTC selon la matrice d'exemple" in text
        assert "dernière modification du dossier" in text
        assert "cc.record_view(record, at=..., matrix=...)" in checked_text(s.record._repr_html_())

    def test_record_view_at_another_instant_and_matrix(self, s: sc.Scenario) -> None:
        matrix = cc.HabilitationMatrix.from_mapping(
            {"categories": ["medical"], "grants": {"TRE_G15|60": {"medical": "read"}}}
        )
        later = record_view(s.record, at=sc.at(700), matrix=matrix)
        assert "Droits au 2026-11-26 20:40 UTC selon la matrice donnée." in later.text
        assert "dernière modification" not in later.text
        nurse = later.text.split("M3  ")[1].split("  M4")[0]
        # Her habilitation ended at 19:00 (R2), whatever the matrix grants infirmiers.
        assert "expirée le 2026-11-26 19:00 UTC" in nurse
        assert cc.Reason.HABILITATION_EXPIRED.message_fr.rstrip(".") in nurse
        assert "médical : —" in nurse
        coordinator = later.text.split("M1  ")[1].split("  M2")[0]
        assert "médical : lecture" in coordinator
        assert "psychologique" not in coordinator

    def test_every_member_in_words(self, s: sc.Scenario) -> None:
        text = str(s.record)
        for expected in (
            "MARTIN Louise",
            "DURAND Hélène",
            "Médecin traitant (TRE_R259|PCP)",
            "Habilitation : oui, jusqu'au 2026-11-26 19:00 UTC",
            "R1 : psychologique, exprimé par le patient",
            "du 2026-11-26 09:03 UTC au 2026-11-26 09:11 UTC",
            "ouvre le dossier à ses délégués, selon leur profession",
            "(liste rouge)",
            "oui (en attente d'un compte PASS)",
            "information seulement, jamais d'accès",
            "E1  pass:099001",
        ):
            assert expected in text
        assert cc.Reason.SHARING_REFUSED.message_fr.rstrip(".") in text
        assert cc.Reason.HABILITATION_PENDING_ACCOUNT.message_fr.rstrip(".") in text

    def test_english(self, s: sc.Scenario) -> None:
        text = str(record_view(s.record, at=sc.at(13), lang="en"))
        assert "Status: active" in text
        assert "information only, never access" in text
        assert cc.Reason.SHARING_REFUSED.message.rstrip(".") in text

    def test_a_structure_not_a_legal_entity_and_a_suspended_circle(self) -> None:
        record, creator = new_record()
        structure = cc.DirectoryStructure(national_id="S1", name="EHPAD Les Tilleuls")
        record = cc.add_member(record, structure, actor=creator, at=EPOCH, habilitated=True).record
        record = cc.change_status(record, "suspended", actor=creator, at=EPOCH).record
        text = str(record)
        assert "suspendu (suspended)" in text
        assert cc.Reason.STRUCTURE_NOT_LEGAL_ENTITY.message_fr.rstrip(".") in text
        assert cc.Reason.CIRCLE_SUSPENDED.message_fr.rstrip(".") in text

    def test_an_entered_in_error_member(self) -> None:
        record, creator = new_record()
        entry = cc.DirectoryProfessional(
            national_id="810000000042", family_name="Durand", given_name="Paul"
        )
        record = cc.add_member(record, entry, actor=creator, at=EPOCH).record
        record = cc.mark_entered_in_error(
            record, "M2", actor=creator, at=EPOCH, reason="homonyme"
        ).record
        text = str(record)
        assert "saisi par erreur le 2026-11-02 09:00 UTC" in text
        assert "homonyme" not in text

    def test_the_wrong_arguments_are_coded_errors(self, s: sc.Scenario) -> None:
        with pytest.raises(cc.InvalidValueError) as wrong:
            record_view(s.record, at=sc.at(1), lang="de")  # type: ignore[arg-type]
        assert wrong.value.code == "LANG_INVALID"
        with pytest.raises(cc.InvalidValueError, match="WRONG_TYPE at record"):
            record_view("DC-0001", at=sc.at(1))  # type: ignore[arg-type]
        with pytest.raises(cc.InvalidValueError, match="WRONG_TYPE at roles"):
            record_view(s.record, at=sc.at(1), roles={})  # type: ignore[arg-type]
        with pytest.raises(cc.InvalidValueError, match="WRONG_TYPE at professions"):
            record_view(s.record, at=sc.at(1), professions={})  # type: ignore[arg-type]
        with pytest.raises(cc.InvalidValueError, match="INSTANT_INVALID at at"):
            record_view(s.record, at="now")  # type: ignore[arg-type]
        with pytest.raises(cc.InvalidValueError, match="WRONG_TYPE at decision"):
            decision_view(s.record)  # type: ignore[arg-type]
        with pytest.raises(cc.InvalidValueError, match="WRONG_TYPE at record"):
            decision_view(cc.Decision(allowed=True), record=3)  # type: ignore[arg-type]
        with pytest.raises(cc.InvalidValueError, match="WRONG_TYPE at value"):
            view(3)

    def test_a_display_is_its_html_and_text(self, s: sc.Scenario) -> None:
        shown = view(s.record)
        assert shown._repr_html_() == s.record._repr_html_()
        assert str(shown) == str(s.record)
        assert repr(shown) == "Display('Dossier de coordination DC-0001 — MARTIN Louise')"
        assert repr(s.record).startswith("CoordinationRecord(")


class TestDecision:
    def test_a_refusal_in_words_with_names(self, s: sc.Scenario) -> None:
        physio = cc.Principal.from_entry(s.data.refused)
        decision = cc.decide(s.record, physio, "medical", "read", matrix=MATRIX, at=sc.at(13))
        bare = str(decision)
        assert bare.startswith("Accès refusé\nRaisons :")
        assert "refus R1 du membre M6" in bare
        assert "VIDAL" not in bare  # the bare decision holds ids only
        named = decision_view(decision, record=s.record)
        assert named.text.startswith("Accès refusé — dossier DC-0001 (MARTIN Louise)")
        assert (
            "refus R1 du membre M6 VIDAL Jérôme — tout le dossier, exprimé par le patient "
            "(enregistré le 2026-11-26 09:05 UTC)"
        ) in named.text
        english = decision_view(decision, record=s.record, lang="en")
        assert "refusal R1 on member M6 VIDAL Jérôme — the whole record" in english.text
        assert cc.Reason.SHARING_REFUSED.message.rstrip(".") in english.text

    def test_paths(self, s: sc.Scenario) -> None:
        through = cc.decide(
            s.record, s.ssiad_nurse, "medical", "write", matrix=MATRIX, at=sc.at(13)
        )
        assert through.allowed
        text = decision_view(through, record=s.record).text
        assert text.startswith("Accès autorisé")
        assert "membre M5 SSIAD du Lauragais (via une structure)" in text
        urgent = cc.decide(
            s.record, s.emergency_doctor, "medical", "read", matrix=MATRIX, at=sc.at(13)
        )
        assert "accès en urgence E1" in str(urgent)
        writing = cc.decide(
            s.record, s.emergency_doctor, "medical", "write", matrix=MATRIX, at=sc.at(13)
        )
        assert cc.Reason.EMERGENCY_READ_ONLY.message_fr.rstrip(".") in str(writing)

    def test_a_denial_without_reasons_says_so(self) -> None:
        assert "Raisons :\n  - non" in str(cc.Decision(allowed=False))


class TestListings:
    def test_names_next_to_accounts(self, s: sc.Scenario) -> None:
        listed = cc.who_can_access(s.record, s.candidates, matrix=MATRIX, at=sc.at(13))
        text = str(listed)
        assert text.startswith(
            "Qui peut accéder au dossier DC-0001 (MARTIN Louise) au 2026-11-26 09:13 UTC"
        )
        assert "pass:000102  DURAND Hélène  membre M2 DURAND Hélène" in text
        assert "accès en urgence E1" in text
        assert "Who can access record DC-0001" in str(view(listed, lang="en"))
        assert checked_text(listed._repr_html_())

    def test_equal_to_tuples(self, s: sc.Scenario) -> None:
        listed = cc.who_can_access(s.record, s.candidates, matrix=MATRIX, at=sc.at(13))
        plain = tuple(listed)
        assert listed == plain and plain == listed and hash(listed) == hash(plain)
        assert type(listed[1:]) is tuple
        assert cc.who_can_access(s.record, [], matrix=MATRIX, at=sc.at(13)) == ()
        # (Permissions hold read-only mappings, which do not pickle: an empty list here.)
        empty = AccessList(record=s.record, at=sc.at(13))
        assert pickle.loads(pickle.dumps(empty)).record == s.record  # noqa: S301 -- our own bytes
        assert copy.copy(listed).record is s.record
        with pytest.raises(AttributeError):
            listed.record = None

    def test_nobody(self, s: sc.Scenario) -> None:
        listed = cc.who_can_access(s.record, [], matrix=MATRIX, at=sc.at(13))
        assert str(listed).endswith("personne ne peut y accéder")
        assert "nobody can access it" in str(view(AccessList(), lang="en"))

    def test_active_files(self, s: sc.Scenario) -> None:
        index = cc.ActiveFileIndex.of([s.record], matrix=MATRIX)
        gp = cc.Principal.from_entry(s.data.gp)
        file = index.for_principal(gp, at=sc.at(13))
        assert file == tuple(file) and len(file) == 1
        assert file.principal == gp and file.at == sc.at(13)
        text = str(file)
        assert text.startswith("File active de DURAND Hélène (pass:000102) au 2026-11-26 09:13 UTC")
        assert "DC-0001  MARTIN Louise  actif (active)  membre M2 DURAND Hélène" in text
        stranger = cc.Principal(account="pass:424242")
        assert index.for_principal(stranger, at=sc.at(13)) == ()
        assert str(index.for_principal(stranger, at=sc.at(13))).endswith("aucun dossier")
        assert "Active file of" in str(view(ActiveFile(), lang="en"))
        by_hand = str(ActiveFile(file, principal=gp))  # without its records: ids only
        assert by_hand.startswith("File active de pass:000102\n")
        assert "DC-0001" in by_hand and "MARTIN" not in by_hand
        assert checked_text(file._repr_html_())


class TestChange:
    def test_events_and_notices_in_words(self, s: sc.Scenario) -> None:
        added = str(s.changes[1])
        assert added.startswith(
            "Changement du dossier DC-0001 (v2 → v3) par pass:000101 le 2026-11-26 09:02 UTC"
        )
        assert "membre M3 FABRE Agnès habilité(e) jusqu'au 2026-11-26 19:00 UTC" in added
        assert "avis d'habilitation à FABRE Agnès (pass:000103), membre M3" in added
        urgent = str(view(s.changes[-1], lang="en"))
        assert "emergency access E1 opened for pass:099001 until 2026-11-26 13:12 UTC" in urgent
        assert "to DURAND Hélène (pass:000102): opened by pass:099001" in urgent
        pending = str(s.changes[6])
        assert "habilité(e) (en attente d'un compte PASS)" in pending

    def test_nothing_changed(self, s: sc.Scenario) -> None:
        same = cc.update_member(s.record, "M2", actor=s.coordinator, at=sc.at(13))
        assert str(same) == "Aucun changement — dossier DC-0001 v11"
        assert checked_text(same._repr_html_())

    def test_every_event_of_the_library_has_words(self) -> None:
        library = {
            getattr(ev, name)
            for name in ev.__all__
            if isinstance(getattr(ev, name), type) and getattr(ev, name) is not ev.Event
        } - {ev.EventMeta}
        assert set(SENTENCES) == library

    def test_a_service_event_is_named(self) -> None:
        meta = ev.EventMeta(record_id="DC-1", version=2, actor="pass:1", at=EPOCH)

        class ThingDone(ev.Event):
            pass

        record, _ = new_record()
        change = cc.Change(record=record, based_on=1, events=(ThingDone(meta=meta),))
        assert "  - ThingDone" in str(change)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_kind_of_event_in_both_languages(s: sc.Scenario, lang: str) -> None:
    """The events the scenario and a few more operations produce, each in words."""
    record, creator = s.record, s.coordinator
    more = [
        cc.update_member(record, "M2", actor=creator, at=sc.at(20), description="suivi", roles=()),
        cc.update_member(record, "M3", actor=creator, at=sc.at(20), habilitation_ends=sc.at(900)),
        cc.update_member(
            record, "M1", actor=creator, at=sc.at(20), roles={cc.roles.PERSONNE_DE_CONFIANCE}
        ),
        cc.revoke_habilitation(record, "M2", actor=creator, at=sc.at(20)),
        cc.lift_refusal(
            record,
            "M6",
            "R1",
            statement=cc.Statement(expressed_at=sc.at(20)),
            actor=creator,
            at=sc.at(20),
        ),
        cc.rejoin(record, "M4", actor=creator, at=sc.at(20)),
        cc.change_status(record, "suspended", actor=creator, at=sc.at(20), reason="vacances"),
        cc.create_record(
            record_id="DC-2",
            patient=builders.patient(2),
            creator=creator,
            creator_entry=s.data.coordinator,
            at=sc.at(20),
        ),
    ]
    for change in (*s.changes, *more):
        shown = view(change, lang=lang)  # type: ignore[arg-type]
        text = checked_text(shown.html)
        assert "vacances" not in text and "suivi" not in shown.text
        for event in change.events:
            assert type(event).__name__ not in shown.text
        assert _private_shown(shown, change.record) == []


def test_instants_to_the_second() -> None:
    assert when(dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)) == "2026-01-02 03:04:05 UTC"
    assert when(dt.datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=dt.UTC)).endswith("05.000006 UTC")


class TestMoreWords:
    """The rarer paths: a legal representative's refusal, lifted; a protection measure; an
    advisory; a member who opens only in an emergency; a profession the matrix lacks.
    """

    def test_a_representative_and_a_measure(self) -> None:
        record, creator = new_record()
        guardian = cc.RelatedPerson(family_name="Martin", given_name="Paul")
        record = cc.add_member(
            record, guardian, actor=creator, at=EPOCH, roles={cc.roles.REPRESENTANT_LEGAL}
        ).record
        changes = [
            cc.update_member(
                record, "M2", actor=creator, at=EPOCH, legal_protection=relationships.TUTEUR
            )
        ]
        record = changes[-1].record
        nurse = builders.directory_professional(2, profession=professions.INFIRMIER)
        record = cc.add_member(record, nurse, actor=creator, at=EPOCH, habilitated=True).record
        said = cc.Statement(expressed_by="M2", expressed_at=EPOCH)
        changes.append(cc.record_refusal(record, "M3", statement=said, actor=creator, at=EPOCH))
        record = changes[-1].record
        changes.append(
            cc.lift_refusal(record, "M3", "R1", statement=said, actor=creator, at=instant(5))
        )
        record = changes[-1].record
        text = str(record_view(record, at=instant(5)))
        assert (
            "R1 : tout le dossier, exprimé par M2 MARTIN Paul (enregistré le 2026-11-02 09:00 UTC)"
            ", levé le 2026-11-02 09:05 UTC"
        ) in text
        words = [str(view(c, lang="en")) for c in changes]
        assert "legal protection none → Tuteur (TRE_R217|TUTEUR)" in words[0]
        assert "expressed by M2 MARTIN Paul" in words[1]
        assert "sharing refusal R1 lifted (expressed by M2 MARTIN Paul" in words[2]

    def test_an_habilitation_that_opens_nothing_by_itself(self) -> None:
        record, creator = new_record()
        structure = cc.DirectoryStructure(national_id="S1", name="EHPAD Les Tilleuls")
        change = cc.add_member(record, structure, actor=creator, at=EPOCH, habilitated=True)
        assert "habilité(e) (n'ouvre rien par elle-même)" in str(change)
        ends = cc.update_member(
            change.record, "M2", actor=creator, at=EPOCH, habilitation_ends=instant(60)
        )
        assert "fin d'habilitation aucune → 2026-11-02 10:00 UTC" in str(ends)

    def test_advisories_in_both_languages(self) -> None:
        record, creator = new_record()
        entry = cc.DirectoryProfessional(national_id="810000000042", family_name="Durand")
        change = cc.add_member(record, entry, actor=creator, at=EPOCH)
        assert change.advisories
        for advisory in change.advisories:
            assert f"{advisory.code} : {advisory.message_fr}" in str(change)
            assert f"{advisory.code}: {advisory.message}" in str(view(change, lang="en"))
        assert "habilitation notice to" not in str(view(change, lang="en"))

    def test_an_english_notice(self, s: sc.Scenario) -> None:
        shown = str(view(s.changes[1], lang="en"))
        assert "habilitation notice to FABRE Agnès (pass:000103), member M3" in shown

    def test_a_member_who_opens_only_in_an_emergency(self, s: sc.Scenario) -> None:
        pharmacist = cc.Principal.from_entry(s.data.pharmacist)
        record = cc.open_in_emergency(
            s.record,
            principal=pharmacist,
            reason="garde",
            at=sc.at(13),
            policy=cc.EmergencyPolicy(),
        ).record
        row = str(record_view(record, at=sc.at(14))).split("M4  ")[1].split("  M5")[0]
        assert "Accès : accès en urgence E2" in row
        assert "médical : lecture" in row

    def test_a_profession_the_matrix_lacks(self, s: sc.Scenario) -> None:
        matrix = cc.HabilitationMatrix.from_mapping({"grants": {"TRE_G15|10": {"medical": "read"}}})
        shown = record_view(
            s.record, at=sc.at(13), matrix=matrix, professions=cc.DEFAULT_PROFESSIONS
        )
        nurse = shown.text.split("M1  ")[1].split("  M2")[0]
        assert cc.Reason.UNKNOWN_PROFESSION.message_fr.rstrip(".") in nurse
        nothing = cc.HabilitationMatrix.from_mapping({"grants": {"TRE_G15|60": {}}})
        denied = record_view(s.record, at=sc.at(13), matrix=nothing).text
        assert cc.Reason.MATRIX_DENIES.message_fr.rstrip(".") in denied.split("M1  ")[1]

    def test_a_bare_decision_view(self) -> None:
        decision = cc.Decision(allowed=True, paths=(cc.AccessPath(member_id="M9"),))
        assert str(decision_view(decision)) == "Accès autorisé\nPar :\n  - membre M9"
