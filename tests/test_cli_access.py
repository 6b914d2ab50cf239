"""The command line's access questions: ``carecircle explain`` and ``carecircle who-can-access``.

The oracle is the library itself: what the commands print is what ``cc.decide`` and
``cc.who_can_access`` answer for the same record read back from its file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import carecircle as cc
from carecircle import cli
from carecircle import serialization as ser
from carecircle.nomenclatures import professions
from carecircle.testing import sample, strategies

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.privacy import sample_contacts, squeezed
else:
    from .helpers.privacy import sample_contacts, squeezed

NOW = "2026-11-26T10:00:00Z"  # after every change of the record below


if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from cli_fixtures.records import DAUGHTER_PHONE, occitanie_record
    from cli_fixtures.running import run
else:
    from .cli_fixtures.records import DAUGHTER_PHONE, occitanie_record
    from .cli_fixtures.running import run


@pytest.fixture(scope="module")
def record() -> cc.CoordinationRecord:
    return occitanie_record()


@pytest.fixture
def record_file(tmp_path: Path, record: cc.CoordinationRecord) -> str:
    path = tmp_path / "dc.json"
    path.write_text(ser.to_json(record), encoding="utf-8")
    return str(path)


def _options(principal: cc.Principal) -> list[str]:
    """The principal as ``explain``'s options."""
    found = ["--account-state", str(principal.account_state)]
    if principal.account is not None:
        found += ["--account", principal.account]
    if principal.national_id is not None:
        found += ["--national-id", principal.national_id]
    if principal.profession is not None:
        found += ["--profession", ser.unstructure(principal.profession)]
    for structure in sorted(principal.delegated_by):
        found += ["--delegated-by", structure]
    return found


def _account(entry: cc.DirectoryProfessional) -> str:
    assert entry.account is not None
    return entry.account.id


# -- explain ------------------------------------------------------------------------------------


def test_explain_allowed_names_the_paths(
    record_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    gp = sample.occitanie().gp
    argv = ["explain", record_file, *_options(cc.Principal.from_entry(gp)), "--at", NOW]
    status, out, err = run(capsys, *argv, "--category", "medical", "--action", "write")
    assert (status, err) == (cli.OK, "")
    assert out.startswith(f"allowed: {_account(gp)} may write medical in DC-0001 at {NOW}")
    assert "path: member M2 DURAND Hélène" in out


def test_explain_through_a_structure(record_file: str, capsys: pytest.CaptureFixture[str]) -> None:
    d = sample.occitanie()
    delegate = cc.Principal.from_entry(d.ssiad_nurse, delegated_by=frozenset({d.ssiad.national_id}))
    status, out, _ = run(
        capsys, "explain", record_file, *_options(delegate), "--at", NOW,
        "--category", "medical", "--action", "read", "--json",
    )  # fmt: skip
    report = json.loads(out)
    assert status == cli.OK and report["allowed"]
    assert report["decision"]["value"]["paths"] == [
        {"member_id": "M5", "via_structure": True, "emergency_id": None}
    ]


def test_explain_denied_gives_every_reason_and_exits_1(
    record_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    d = sample.occitanie()
    refused = _options(cc.Principal.from_entry(d.refused))
    status, out, _ = run(
        capsys, "explain", record_file, *refused, "--at", NOW,
        "--category", "medical", "--action", "read",
    )  # fmt: skip
    assert status == cli.REFUSED
    assert out.startswith(f"denied: {_account(d.refused)} may not read medical")
    assert "reason: SHARING_REFUSED" in out
    assert re.search(r"refused by the patient: refusal \S+ on member M6 VIDAL Jérôme", out)
    stranger = ["--account", "pass:999999", "--profession", "TRE_G15|10"]
    status, out, _ = run(
        capsys, "explain", record_file, *stranger, "--at", NOW,
        "--category", "nutrition", "--action", "read", "--json",
    )  # fmt: skip
    assert status == cli.REFUSED
    assert json.loads(out)["decision"]["value"]["reasons"] == [
        "NOT_A_MEMBER",
        "NOT_A_DELEGATE",
        "UNKNOWN_CATEGORY",
    ]


def test_explain_reads_a_matrix_document_or_mapping(
    tmp_path: Path, record_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A matrix that lets médecins only read the medical category: the GP may not write."""
    mapping = {"grants": {ser.unstructure(professions.MEDECIN): {"medical": "read"}}}
    matrix = cc.HabilitationMatrix.from_mapping(mapping)
    as_document = tmp_path / "matrix-document.json"
    as_document.write_text(ser.to_json(matrix), encoding="utf-8")
    as_mapping = tmp_path / "matrix.json"
    as_mapping.write_text(json.dumps(mapping), encoding="utf-8")
    gp = _options(cc.Principal.from_entry(sample.occitanie().gp))
    for path in (as_document, as_mapping):
        ask = ["explain", record_file, *gp, "--at", NOW, "--category", "medical", "--matrix"]
        status, out, _ = run(capsys, *ask, str(path), "--action", "write", "--json")
        assert status == cli.REFUSED
        assert json.loads(out)["decision"]["value"]["reasons"] == ["MATRIX_DENIES"]
        status, _, _ = run(capsys, *ask, str(path), "--action", "read")
        assert status == cli.OK


def test_explain_refuses_bad_inputs(
    tmp_path: Path, record_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ask = ["--category", "medical", "--action", "read", "--at", NOW]
    bad_matrix = tmp_path / "matrix.json"
    bad_matrix.write_text('{"grants": {"TRE_G15|10": {"medical": "all"}}}', encoding="utf-8")
    status, _, err = run(
        capsys, "explain", record_file, "--account", "pass:1", *ask, "--matrix", str(bad_matrix)
    )
    assert status == cli.REFUSED and f"{bad_matrix}: refused" in err
    missing = str(tmp_path / "none.json")
    status, out, err = run(capsys, "explain", missing, "--account", "pass:1", *ask)
    assert (status, out) == (cli.IO_ERROR, "") and f"{missing}: cannot read" in err
    status, out, err = run(capsys, "explain", record_file, *ask)  # nobody asks
    assert (status, out) == (cli.USAGE, "") and "--account or --national-id" in err
    status, _, err = run(capsys, "explain", record_file, "--account", "pass 1", *ask)
    assert status == cli.USAGE and "--account: IDENTIFIER_FORMAT" in err
    with pytest.raises(SystemExit) as caught:
        cli.main(["explain", record_file, "--account", "pass:1", *ask, "--profession", "10"])
    assert caught.value.code == cli.USAGE and "CODE_INVALID" in capsys.readouterr().err


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), record=strategies.access_records())
def test_explain_says_what_decide_says(data: st.DataObject, record: cc.CoordinationRecord) -> None:
    principal = data.draw(strategies.record_principals(record))
    at = data.draw(strategies.decision_instants([record]))
    category = data.draw(st.sampled_from([*cc.Category, "nutrition"]))
    action = data.draw(st.sampled_from(cc.Action))
    out = io.StringIO()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.json"
        path.write_text(ser.to_json(record), encoding="utf-8")
        argv = ["explain", str(path), *_options(principal), "--at", at.isoformat()]
        with contextlib.redirect_stdout(out):
            status = cli.main([*argv, "--category", category, "--action", action, "--json"])
    expected = cc.decide(record, principal, category, action, matrix=cc.EXAMPLE_MATRIX, at=at)
    report = json.loads(out.getvalue())
    assert report["decision"] == ser.to_document(expected)
    assert ser.structure(report["principal"], cc.Principal) == principal
    assert status == (cli.OK if expected.allowed else cli.REFUSED)


# -- who-can-access -----------------------------------------------------------------------------


def test_who_can_access_lists_the_members_with_access(
    record: cc.CoordinationRecord, record_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    d = sample.occitanie()
    status, out, _ = run(capsys, "who-can-access", record_file, "--at", NOW, "--json")
    report = json.loads(out)
    assert status == cli.OK
    listed = [p["principal"]["account"] for p in report["principals"]]
    # G6: the pharmacist is not habilitated; R4: the physiotherapist is refused.
    assert listed == [_account(d.coordinator), _account(d.gp), _account(d.nurse)]
    at = ser.structure(NOW, dt.datetime)
    for entry in report["principals"]:
        principal = ser.structure(entry["principal"], cc.Principal)
        allowed = cc.permissions(record, principal, matrix=cc.EXAMPLE_MATRIX, at=at)
        assert entry["levels"] == {c: str(level) for c, level in allowed.levels.items()}
    status, out, _ = run(capsys, "who-can-access", record_file, "--at", NOW)
    assert status == cli.OK
    assert "member M2 DURAND Hélène" in out and "VIDAL" not in out


def test_who_can_access_takes_the_directory_facts(
    tmp_path: Path, record: cc.CoordinationRecord, capsys: pytest.CaptureFixture[str]
) -> None:
    """The SSIAD's delegates are known only to the directory: ``--principals`` brings them."""
    d = sample.occitanie()
    record_file = tmp_path / "dc.json"
    record_file.write_text(ser.to_json(record), encoding="utf-8")
    delegate = cc.Principal.from_entry(d.ssiad_nurse, delegated_by=frozenset({d.ssiad.national_id}))
    candidates = (cc.Principal.from_entry(d.gp), delegate, cc.Principal.from_entry(d.refused))
    principals = tmp_path / "principals.json"
    principals.write_text(ser.to_json(candidates, tuple[cc.Principal, ...]), encoding="utf-8")
    argv = ["who-can-access", str(record_file), "--at", NOW, "--principals", str(principals)]
    status, out, _ = run(capsys, *argv, "--json")
    expected = cc.who_can_access(
        record, candidates, matrix=cc.EXAMPLE_MATRIX, at=ser.structure(NOW, dt.datetime)
    )
    assert status == cli.OK
    assert [ser.structure(p["principal"], cc.Principal) for p in json.loads(out)["principals"]] == [
        p.principal for p in expected
    ]
    status, out, _ = run(capsys, *argv)
    assert "member M5 SSIAD du Lauragais (via structure)" in out
    principals.write_text(
        '{"schema": 1, "type": "tuple[Principal, ...]", "value": [{"account": 5}]}',
        encoding="utf-8",
    )
    status, out, err = run(capsys, *argv)
    assert (status, out) == (cli.REFUSED, "") and "WRONG_TYPE at $.value[0].account" in err


def test_who_can_access_nobody(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = occitanie_record()
    path = tmp_path / "dc.json"
    path.write_text(ser.to_json(record), encoding="utf-8")
    status, out, _ = run(capsys, "who-can-access", str(path), "--at", "2026-11-25T09:00:00Z")
    assert status == cli.OK
    assert out.strip() == "record DC-0001 v7 at 2026-11-25T09:00:00Z: nobody can access it"


# -- R12 ----------------------------------------------------------------------------------------


def test_no_contact_detail_is_printed(record_file: str, capsys: pytest.CaptureFixture[str]) -> None:
    """R12: the record holds phones and e-mails; neither command prints one."""
    d = sample.occitanie()
    for entry in (d.gp, d.refused, d.pharmacist):
        for json_flag in ([], ["--json"]):
            ask = ["--at", NOW, "--category", "medical", "--action", "read", *json_flag]
            cli.main(["explain", record_file, *_options(cc.Principal.from_entry(entry)), *ask])
    cli.main(["who-can-access", record_file, "--at", NOW])
    cli.main(["who-can-access", record_file, "--at", NOW, "--json"])
    out, err = capsys.readouterr()
    printed = squeezed(out + err)
    assert "DURAND" in out
    assert [s for s in sample_contacts(DAUGHTER_PHONE) if squeezed(s) in printed] == []
