"""The command line: ``carecircle validate``, the exit statuses, ``--help``, the console script.

Most tests call :func:`carecircle.cli.main` in-process (fast); a few run the program itself,
``python -m carecircle`` and the installed ``carecircle`` script, to show both work as documented.
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings

import carecircle as cc
from carecircle import cli
from carecircle import serialization as ser
from carecircle.roles import PCP
from carecircle.testing import sample, strategies

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from cli_fixtures.records import at, occitanie_record
    from cli_fixtures.running import run
else:
    from .cli_fixtures.records import at, occitanie_record
    from .cli_fixtures.running import run


@pytest.fixture(scope="module")
def record() -> cc.CoordinationRecord:
    return occitanie_record()


def _write(path: Path, text: str | bytes) -> str:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def _document(record: cc.CoordinationRecord) -> dict[str, Any]:
    document: dict[str, Any] = ser.to_document(record)
    return document


def _breaking_rules(record: cc.CoordinationRecord) -> str:
    """The record's document, tampered by hand: the daughter habilitated (R5: related persons
    never are) and a second médecin traitant (R7: the role is unique).
    """
    document = _document(record)
    memberships = document["value"]["circle"]["memberships"]
    daughter = next(m for m in memberships if m["member"]["kind"] == "related_person")
    daughter["habilitated"] = True
    nurse = memberships[2]
    nurse["roles"] = sorted({*nurse["roles"], *memberships[1]["roles"]})
    return json.dumps(document, ensure_ascii=False)


# -- validate -----------------------------------------------------------------------------------


def test_validate_accepts_a_stored_record(
    tmp_path: Path, record: cc.CoordinationRecord, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path / "dc.json", ser.to_json(record))
    status, out, err = run(capsys, "validate", path)
    assert (status, err) == (cli.OK, "")
    assert f"{path}: ok, record {record.record_id} v{record.version}" in out
    status, out, _ = run(capsys, "validate", "--json", path)
    report = json.loads(out)
    assert status == cli.OK
    assert report["files"] == [
        {
            "file": path,
            "status": "ok",
            "record_id": record.record_id,
            "version": record.version,
            "violations": [],
        }
    ]
    assert (report["ok"], report["refused"], report["unreadable"]) == (1, 0, 0)


def test_validate_reports_every_violation_of_a_record_breaking_rules(
    tmp_path: Path, record: cc.CoordinationRecord, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _breaking_rules(record)
    with pytest.raises(cc.InputRejected) as expected:
        ser.from_json(text, cc.CoordinationRecord)
    wanted = {(v.code, v.path) for v in expected.value.violations}
    assert {c for c, _ in wanted} >= {"HABILITATION_NOT_ELIGIBLE", "UNIQUE_ROLE_TAKEN"}
    path = _write(tmp_path / "tampered.json", text)
    status, out, err = run(capsys, "validate", "--json", path)
    assert status == cli.REFUSED
    [result] = json.loads(out)["files"]
    assert result["status"] == "refused"
    assert {(v["code"], v["path"]) for v in result["violations"]} == wanted
    assert f"{path}: refused, {len(wanted)} violations" in err
    for code, where in wanted:
        assert f"{code} at {where}" in err


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"{not json", ser.MALFORMED_JSON),
        (b"", ser.MALFORMED_JSON),
        ('{"schema": 1}'.encode("utf-16"), ser.MALFORMED_JSON),  # not UTF-8
        (b'{"schema": 2, "type": "CoordinationRecord", "value": {}}', "SCHEMA_VERSION_UNSUPPORTED"),
        (b'{"schema": 1, "type": "Patient", "value": {}}', "DOCUMENT_TYPE_MISMATCH"),
    ],
)
def test_validate_refuses_a_bad_document_with_its_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, code: str
) -> None:
    path = _write(tmp_path / "bad.json", content)
    status, out, err = run(capsys, "validate", path)
    assert status == cli.REFUSED
    assert f"{path}: refused" in out
    assert f"carecircle validate: {path}: refused" in err
    assert code in err


def test_validate_goes_on_after_bad_files_and_names_each(
    tmp_path: Path, record: cc.CoordinationRecord, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _write(tmp_path / "good.json", ser.to_json(record))
    bad = _write(tmp_path / "bad.json", "[")
    missing = str(tmp_path / "missing.json")
    status, out, err = run(capsys, "validate", "--json", missing, bad, good)
    report = json.loads(out)
    assert [(r["file"], r["status"]) for r in report["files"]] == [
        (missing, "unreadable"),
        (bad, "refused"),
        (good, "ok"),
    ]
    assert status == cli.IO_ERROR  # an unreadable file outranks a refused one
    assert f"{missing}: cannot read" in err and f"{bad}: refused" in err
    assert good not in err
    status, _, _ = run(capsys, "validate", bad, good)
    assert status == cli.REFUSED


def test_validate_walks_directories_in_sorted_order(
    tmp_path: Path, record: cc.CoordinationRecord, capsys: pytest.CaptureFixture[str]
) -> None:
    text = ser.to_json(record)
    names = ["b.json", "a/z.json", "a/b/c.json", "c.json", "a.json"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        _write(tmp_path / name, text)
    _write(tmp_path / "notes.txt", "not a record")
    status, out, _ = run(capsys, "validate", "--json", str(tmp_path))
    files = [Path(r["file"]).relative_to(tmp_path).parts for r in json.loads(out)["files"]]
    assert status == cli.OK
    assert files == sorted(Path(n).parts for n in names)
    (tmp_path / "empty").mkdir()
    status, out, err = run(capsys, "validate", str(tmp_path / "empty"))
    assert (status, out.strip()) == (cli.OK, "0 files: 0 ok, 0 refused, 0 unreadable")
    assert "no *.json file in this directory" in err


def test_validate_judges_the_rules_at_another_instant(
    tmp_path: Path, record: cc.CoordinationRecord, capsys: pytest.CaptureFixture[str]
) -> None:
    """R7 at an instant: the GP leaves, another médecin becomes médecin traitant; the document
    tampered so that the newcomer's participation starts while the GP was still there. At the
    latest change the role is held once; at an instant in between, twice.
    """
    d = sample.occitanie()
    actor = cc.Principal.from_entry(d.coordinator)
    gp = next(m.member_id for m in record.circle if m.member == d.gp)
    other = next(e for e in d.professionals if e.family_name == "Martin")
    later = cc.end_participation(record, gp, actor=actor, at=at(10)).record
    later = cc.add_member(later, other, actor=actor, at=at(11), roles={PCP}).record
    document = _document(later)
    document["value"]["circle"]["memberships"][-1]["participations"][0]["start"] = (
        "2026-11-26T09:08:00Z"
    )
    path = _write(tmp_path / "dc.json", json.dumps(document, ensure_ascii=False))
    status, out, _ = run(capsys, "validate", "--json", path)
    assert (status, json.loads(out)["files"][0]["status"]) == (cli.OK, "ok")
    status, out, _ = run(capsys, "validate", "--json", "--at", "2026-11-26T10:09:00+01:00", path)
    [result] = json.loads(out)["files"]
    assert (status, result["status"]) == (cli.REFUSED, "refused")
    assert {v["code"] for v in result["violations"]} == {"UNIQUE_ROLE_TAKEN"}


def test_validate_progress_bar(
    tmp_path: Path, record: cc.CoordinationRecord, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [_write(tmp_path / f"{i}.json", ser.to_json(record)) for i in range(3)]
    _, _, err = run(capsys, "validate", "--progress", *paths)
    assert "3/3" in err and "[" in err and err.endswith("\n")
    _, _, err = run(capsys, "validate", "--no-progress", *paths)
    assert err == ""
    _, _, err = run(capsys, "validate", *paths)  # stderr is no terminal here
    assert err == ""


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record=strategies.records(max_members=4))
def test_validate_accepts_every_record_the_operations_make(record: cc.CoordinationRecord) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder) / "r.json", ser.to_json(record))
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = cli.main(["validate", "--json", "--no-progress", path])
    [result] = json.loads(out.getvalue())["files"]
    assert status == cli.OK
    assert (result["record_id"], result["version"]) == (record.record_id, record.version)


# -- usage, help and exit statuses -------------------------------------------------------------

SUBCOMMANDS = [
    ["demo"],
    ["validate"],
    ["explain"],
    ["who-can-access"],
    ["fhir"],
    ["fhir", "export"],
    ["fhir", "import"],
    ["openfga"],
    ["openfga", "export"],
]


@pytest.mark.parametrize("command", SUBCOMMANDS, ids=" ".join)
def test_every_subcommand_has_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main([*command, "--help"])
    out = capsys.readouterr().out
    assert caught.value.code == 0
    assert out.startswith(f"usage: carecircle {' '.join(command)}")


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (
        [],
        ["nope"],
        ["validate"],
        ["validate", "--at", "2026-11-26T09:00:00", "x.json"],  # no offset
        ["explain", "x.json", "--account", "pass:1", "--category", "medical"],  # no --action
    ):
        with pytest.raises(SystemExit) as caught:
            cli.main(argv)
        assert caught.value.code == cli.USAGE
    assert "NAIVE_DATETIME" in capsys.readouterr().err


def test_demo_output_is_unchanged_by_the_move(capsys: pytest.CaptureFixture[str]) -> None:
    from carecircle import demo
    from carecircle.__main__ import main

    assert main(["demo", "--json"]) == cli.OK
    assert json.loads(capsys.readouterr().out) == json.loads(json.dumps(demo.run()))


# -- the program itself -------------------------------------------------------------------------


def _program(*argv: str) -> subprocess.CompletedProcess[str]:
    """Our own program, run on files the test wrote."""
    return subprocess.run(argv, capture_output=True, text=True, check=False)  # noqa: S603


def test_python_m_carecircle_validates(tmp_path: Path, record: cc.CoordinationRecord) -> None:
    good = _write(tmp_path / "good.json", ser.to_json(record))
    bad = _write(tmp_path / "bad.json", _breaking_rules(record))
    done = _program(sys.executable, "-m", "carecircle", "validate", "--json", good, bad)
    assert done.returncode == cli.REFUSED
    assert [r["status"] for r in json.loads(done.stdout)["files"]] == ["ok", "refused"]
    assert f"{bad}: refused" in done.stderr and "Traceback" not in done.stderr


def test_the_installed_script_runs(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "carecircle"
    if not script.exists():  # pragma: no cover -- an environment without the console script
        pytest.skip("the console script is not installed next to this interpreter")
    missing = str(tmp_path / "missing.json")
    done = _program(str(script), "validate", missing)
    assert done.returncode == cli.IO_ERROR
    assert f"carecircle validate: {missing}: cannot read" in done.stderr
    done = _program(str(script), "--help")
    assert done.returncode == 0 and "validate" in done.stdout


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_only_by_default() -> None:
    from carecircle.cli import _progress

    terminal, pipe = _Terminal(), io.StringIO()
    assert _progress.wanted(2, option=None, stream=terminal)
    assert not _progress.wanted(1, option=None, stream=terminal)  # one file: no bar
    assert not _progress.wanted(2, option=None, stream=pipe)
    assert _progress.wanted(1, option=True, stream=pipe)
    assert not _progress.wanted(5, option=False, stream=terminal)
    bar = _progress.Progress(4, enabled=True, stream=terminal)
    bar.advance("a.json")
    bar.note("a message")
    bar.advance("b.json")
    bar.close()
    drawn = terminal.getvalue()
    assert "[######------------------] 1/4 a.json" in drawn
    # The message is written on a cleared line, never after the bar.
    assert "\ra message\n" in drawn
    assert drawn.endswith("2/4 b.json\n")
    hidden = io.StringIO()
    off = _progress.Progress(2, enabled=False, stream=hidden)
    off.advance("a.json")
    off.close()
    assert hidden.getvalue() == ""


def test_a_reader_that_stops_early_is_no_error(
    tmp_path: Path, record: cc.CoordinationRecord
) -> None:
    """``carecircle validate --json DIR | head``: no traceback, exit status 0."""
    for i in range(30):
        _write(tmp_path / f"{i:02}.json", ser.to_json(record))
    with subprocess.Popen(  # noqa: S603 -- our own program, on files the test wrote
        [sys.executable, "-m", "carecircle", "validate", "--json", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as child:
        assert child.stdout is not None and child.stderr is not None
        child.stdout.close()
        errors = child.stderr.read()
        status = child.wait()
    assert (status, errors) == (0, "")
