"""Notebook display (issue 13, item 1): decisions, listings, active files and changes.

Reasons in words (the message catalogue's), members and patients by name next to the ids, the
listings as tuples equal to the plain ones, each event of a change as a sentence.
"""

from __future__ import annotations

import copy
import pickle
from typing import TYPE_CHECKING

import pytest

import carecircle as cc
from carecircle import events as ev
from carecircle._access.listed import AccessList, ActiveFile
from carecircle._display import decision_view, view
from carecircle._display.events import SENTENCES
from carecircle.testing import builders
from carecircle.testing.builders import EPOCH, new_record

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
        assert exposed(shown, change.record) == []
