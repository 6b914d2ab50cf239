"""Notebook display (issue 13, item 1): a record in words, at an instant, under a matrix.

The Occitanie scenario (``tests/display_fixtures/scenario.py``) and a few records built for a
rarer path: what each member may do, why not, refusals, stays; nothing private (R12).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

import carecircle as cc
from carecircle._display import decision_view, record_view, view
from carecircle.nomenclatures import professions, relationships
from carecircle.testing import builders
from carecircle.testing.builders import EPOCH, instant, new_record

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from display_fixtures import scenario as sc
    from display_fixtures.html_check import checked_text, exposed
else:
    from .display_fixtures import scenario as sc
    from .display_fixtures.html_check import checked_text, exposed

MATRIX = cc.EXAMPLE_MATRIX


@pytest.fixture(scope="module")
def s() -> sc.Scenario:
    return sc.scenario()


class TestRecord:
    def test_a_script_name_is_text(self, s: sc.Scenario) -> None:
        shown = s.record._repr_html_()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
        assert sc.HOSTILE in checked_text(shown)

    def test_no_contact_detail_listed_or_not(self, s: sc.Scenario) -> None:
        for shown in (view(s.record), record_view(s.record, at=sc.at(13), lang="en")):
            assert exposed(shown, s.record) == []
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
