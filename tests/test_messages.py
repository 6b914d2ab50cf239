"""Messages in English and French (issue 13, item 2): every code the library can produce has
both, and no message ever holds a contact detail (R12).

The codes are read from the source by ``tests/helpers/code_scan.py`` (see
``tests/test_code_scan.py``), never from the catalogue, so a code added to the library without
its messages fails here, and so does a message left behind by a code the library no longer
produces.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import operator
import types
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import carecircle as cc
from carecircle import _messages as messages
from carecircle import serialization
from carecircle._messages import _access, _input, _interop, _records, _services
from carecircle.identifiers import email, finess, phone, postal_code, rpps, siret
from carecircle.rules import editing, privacy
from carecircle.testing import strategies

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.code_scan import scan_package
    from helpers.scripts import load
else:
    from .helpers.code_scan import scan_package
    from .helpers.scripts import load

REPO_ROOT = Path(__file__).resolve().parents[1]
FOUND = scan_package(REPO_ROOT / "src" / "carecircle")
R = cc.Reason

#: What the circle's memberships alone deny with (``membership_access``, R2–R4): the reasons
#: R6 turns into ``ACTOR_<REASON>`` (rules/editing.py).
CIRCLE_REASONS = (
    R.NOT_A_MEMBER,
    R.PARTICIPATION_ENDED,
    R.NOT_HABILITATED,
    R.HABILITATION_EXPIRED,
    R.HABILITATION_PENDING_ACCOUNT,
    R.ACCOUNT_INACTIVE,
    R.SHARING_REFUSED,
    R.STRUCTURE_NOT_LEGAL_ENTITY,
    R.NOT_A_DELEGATE,
    R.IDENTITY_MISMATCH,
)
#: The codes each template of the source stands for.
EXPANSIONS = {
    "ACTOR_{}": {f"ACTOR_{r}" for r in CIRCLE_REASONS},
    # "CIRCLE_" + status.upper().replace("-", "_"), for a status that is not active
    "CIRCLE_{}": {
        "CIRCLE_" + s.upper().replace("-", "_") for s in cc.CircleStatus if s != "active"
    },
    # the reasons that close even an emergency access (_operations/_record.py)
    "EMERGENCY_{}": {f"EMERGENCY_{R.SHARING_REFUSED}", f"EMERGENCY_{R.IDENTITY_MISMATCH}"},
}
PRODUCED = set(FOUND.codes) | {r.value for r in R} | set().union(*EXPANSIONS.values())
CATALOGUE = {m.code for m in messages.MESSAGES}


# -- coverage: the source against the catalogue --------------------------------------------------


def test_the_scan_reads_every_code_of_the_source() -> None:
    assert FOUND.unresolved == set(), "teach tests/helpers/code_scan.py these shapes"
    assert set(FOUND.templates) <= set(EXPANSIONS), "say what these templates stand for"
    assert {"UNIQUE_ROLE_TAKEN", "WRONG_TYPE", "FHIR_SLICE", "KEY_REQUIRED"} <= set(FOUND.codes)


def test_every_code_the_library_produces_has_its_messages() -> None:
    missing = sorted(PRODUCED - CATALOGUE)
    assert missing == [], "add these codes to carecircle._messages, in English and French"


def test_the_catalogue_holds_no_code_the_library_never_produces() -> None:
    assert sorted(CATALOGUE - PRODUCED) == []


def test_each_code_is_in_one_part_of_the_catalogue() -> None:
    parts = (_access, _records, _input, _services, _interop)
    counts = Counter(code for part in parts for code in part.TEXTS)
    assert [code for code, n in counts.items() if n > 1] == []
    assert set(counts) == CATALOGUE


# -- the texts ------------------------------------------------------------------------------------


@pytest.mark.parametrize("message", messages.MESSAGES, ids=lambda m: m.code)
def test_each_message_is_a_sentence_in_each_language(message: messages.Message) -> None:
    for text in (message.en, message.fr):
        assert text == text.strip() and "  " not in text
        assert text[0].isupper() and text.endswith(".")
    assert message.en != message.fr
    assert "'" not in message.fr, "French texts use the typographic apostrophe ’"
    assert privacy.text_findings(message.en) == privacy.text_findings(message.fr) == ()


@pytest.mark.parametrize("lang", messages.LANGUAGES)
def test_no_two_codes_share_a_text(lang: str) -> None:
    counts = Counter(m.text(lang) for m in messages.MESSAGES)
    assert [text for text, n in counts.items() if n > 1] == []


def test_the_french_speaks_the_guide() -> None:
    french = " ".join(m.fr for m in messages.MESSAGES)
    for term in ("cercle de soins", "habilité", "dossier", "refus de partage", "structure"):
        assert term in french
    assert R.NOT_HABILITATED.message_fr == "Le professionnel n’est pas habilité sur le dossier."


# -- the API --------------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", list(R))
def test_every_reason_says_itself_in_both_languages(reason: cc.Reason) -> None:
    assert (reason.message, reason.message_fr) == (
        messages.describe(reason).en,
        messages.describe(reason).fr,
    )


def test_describe_and_text_raise_the_library_s_coded_errors() -> None:
    with pytest.raises(cc.NotFoundError) as unknown:
        messages.describe("NO_SUCH_CODE")
    assert (unknown.value.code, unknown.value.path) == ("MESSAGE_CODE_UNKNOWN", "code")
    assert isinstance(unknown.value, LookupError) and not isinstance(unknown.value, KeyError)
    with pytest.raises(cc.InvalidValueError) as not_text:
        messages.describe(42)  # type: ignore[arg-type]
    assert not_text.value.code == cc.WRONG_TYPE
    message = messages.describe("SHARING_REFUSED")
    assert (message.text("en"), message.text("fr")) == (message.en, message.fr)
    for lang in ("de", "FR", ""):
        with pytest.raises(cc.InvalidValueError) as wrong:
            message.text(lang)
        assert (wrong.value.code, wrong.value.path) == ("LANG_INVALID", "lang")
    with pytest.raises(cc.InvalidValueError) as not_a_lang:
        message.text(None)  # type: ignore[arg-type]
    assert (not_a_lang.value.code, not_a_lang.value.path) == (cc.WRONG_TYPE, "lang")


def test_violations_advisories_and_errors_give_their_french() -> None:
    v = cc.Violation(code="UNIQUE_ROLE_TAKEN", path="members[M2].roles", message="taken by M1")
    assert v.message_fr == messages.describe("UNIQUE_ROLE_TAKEN").fr
    assert v.to_error().message_fr == v.message_fr
    a = cc.Advisory(code="LUHN_CHECK_FAILED", path="rpps", message="fails its Luhn key")
    assert a.message_fr.startswith("Le numéro ne vérifie pas sa clé de Luhn")
    own = cc.Violation(code="SERVICE_OWN_CODE", path="x", message="a service's own words")
    assert own.message_fr == "a service's own words"


def test_a_group_s_violations_keep_their_french() -> None:
    group = cc.ChangeRejected.from_violations(
        [cc.Violation(code="NO_EDITOR_LEFT", path="members[M1]", message="last editor")]
    )
    errors = [e for e in group.exceptions if isinstance(e, cc.ViolationError)]
    assert [e.message_fr for e in errors] == [messages.describe("NO_EDITOR_LEFT").fr]
    assert group.summary_fr == "modification refusée, 1 problème : NO_EDITOR_LEFT"
    twice = cc.wrong_type("x", "a str").violation
    rejected = cc.InputRejected.from_violations([twice, twice, *group.violations])
    assert rejected.summary_fr == "données refusées, 3 problèmes : NO_EDITOR_LEFT, WRONG_TYPE"
    assert rejected.summary_fr.split(",")[0] != rejected.message.split(",")[0]


# -- what the library really produces --------------------------------------------------------------


@st.composite
def situations(draw: st.DrawFn) -> tuple[cc.CoordinationRecord, cc.Principal, dt.datetime]:
    record = draw(strategies.access_records())
    return (
        record,
        draw(strategies.record_principals(record)),
        draw(strategies.decision_instants([record])),
    )


def assert_words(found: cc.Violation | cc.Advisory, record: cc.CoordinationRecord) -> None:
    assert found.code in CATALOGUE
    assert found.message_fr == messages.describe(found.code).fr
    assert privacy.is_valid(found.message_fr, record)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(situations(), st.sampled_from(["habilitate", "end_participation", "revoke_habilitation"]))
def test_what_access_and_editing_say_is_in_the_catalogue(
    situation: tuple[cc.CoordinationRecord, cc.Principal, dt.datetime], operation: str
) -> None:
    record, principal, at = situation
    at = max(at, record.updated_at)
    decision = cc.decide(
        record, principal, cc.Category.MEDICAL, cc.Action.READ, matrix=cc.EXAMPLE_MATRIX, at=at
    )
    for reason in decision.reasons:
        assert privacy.is_valid(reason.message_fr, record)
    refused = editing.check(record, principal, at=at)
    assert {v.code for v in refused} <= EXPANSIONS["ACTOR_{}"]
    members = [m.member_id for m in record.circle]
    for member_id in [*members[-2:], "M999"]:
        try:
            getattr(cc, operation)(record, member_id, actor=principal, at=at)
        except cc.ChangeRejected as rejected:
            for v in rejected.violations:
                assert_words(v, record)


@settings(max_examples=100, deadline=None)
@given(st.one_of(strategies.emails(), strategies.phone_numbers()))
def test_a_contact_detail_given_as_another_identifier_is_never_repeated(detail: str) -> None:
    """R12: the value typed appears in no message, English or French."""
    for module in (email, phone, postal_code, rpps, finess, siret):
        error = _refusal(module, detail)
        if error is not None:
            assert error.code in CATALOGUE
            for text in (error.message, error.message_fr):
                assert detail not in text and module.compact(detail) not in text


JSON = Any
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=4),
    strategies.emails(),
    strategies.phone_numbers(),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.sampled_from(["x", "kind"]), st.integers(), max_size=1),
)


def _leaves(data: JSON, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    if isinstance(data, dict):
        return [path, *(p for k, v in data.items() for p in _leaves(v, (*path, k)))]
    if isinstance(data, list):
        return [path, *(p for i, v in enumerate(data) for p in _leaves(v, (*path, i)))]
    return [path]


@st.composite
def damaged_documents(draw: st.DrawFn) -> tuple[cc.CoordinationRecord, JSON, JSON]:
    """A record's document with one of its values replaced by junk, a contact detail maybe."""
    record = draw(strategies.records(max_members=3))
    document = copy.deepcopy(serialization.to_document(record))
    where = draw(st.sampled_from(_leaves(document["value"])[1:]))
    parent = functools.reduce(operator.getitem, where[:-1], document["value"])
    junk = draw(JUNK)
    parent[where[-1]] = junk
    return record, document, junk


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_documents())
def test_what_rejected_data_says_is_in_the_catalogue(
    damaged: tuple[cc.CoordinationRecord, JSON, JSON],
) -> None:
    record, document, junk = damaged
    rejected = _rejection(document)
    for v in rejected.violations if rejected is not None else ():
        assert_words(v, record)
        if isinstance(junk, str) and len(junk) > 4:
            assert junk not in v.message and junk not in v.message_fr


def _rejection(document: JSON) -> cc.InputRejected | None:
    try:
        serialization.from_document(document, cc.CoordinationRecord)
    except cc.InputRejected as rejected:
        return rejected
    return None


def _refusal(module: types.ModuleType, value: str) -> cc.InvalidValueError | None:
    try:
        module.validate(value)
    except cc.InvalidValueError as error:
        return error
    return None


# -- the catalogue's page -----------------------------------------------------------------------


SCRIPT = load(REPO_ROOT / "scripts" / "build_messages_doc.py")
PAGE = REPO_ROOT / "docs" / "messages.md"


def test_docs_messages_md_shows_the_catalogue_as_it_is() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert SCRIPT.render(text) == text, "run: python scripts/build_messages_doc.py"
    for m in messages.MESSAGES:
        assert f"| `{m.code}` | {m.en.replace('|', chr(92) + '|')} |" in text


def test_the_page_script_checks_writes_and_refuses(tmp_path: Path) -> None:
    stale = tmp_path / "messages.md"
    stale.write_text(f"# Messages\n\n{SCRIPT.BEGIN}\n| old |\n{SCRIPT.END}\nend\n", "utf-8")
    assert SCRIPT.main(["--output", str(stale), "--check"]) == 1
    assert SCRIPT.main(["--output", str(stale)]) == 0
    assert SCRIPT.main(["--output", str(stale), "--check"]) == 0
    assert stale.read_text("utf-8").endswith(f"{SCRIPT.END}\nend\n")
    stale.write_text("# no markers\n", "utf-8")
    assert SCRIPT.main(["--output", str(stale)]) == 2
    with pytest.raises(ValueError, match="markers"):
        SCRIPT.render("# no markers\n")
