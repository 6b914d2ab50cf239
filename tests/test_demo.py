"""The demo (``python -m carecircle demo``) and the repository's promises."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from carecircle import CoordinationRecord, DirectoryProfessional, demo
from carecircle.__main__ import main
from carecircle.testing import sample

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.privacy import sample_contacts, squeezed
else:
    from .helpers.privacy import sample_contacts, squeezed

ROOT = Path(__file__).resolve().parents[1]


def test_demo_walks_the_guide(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    for code in (
        "HABILITATION_NOT_ELIGIBLE at members[M7].habilitated",
        "ACTOR_NOT_A_MEMBER at actor",
        "UNIQUE_ROLE_TAKEN at members[M11].roles",
        "DUPLICATE_MEMBER at members[M11].member",
        "EMAIL_INVALID at recipients[2]",
        "SHARING_REFUSED",
    ):
        assert code in out
    assert "record DC-0001 v14" in out
    assert "emergency access E1" in out and "refusal M4/R1" in out
    for name in (
        "DURAND Hélène",
        "FABRE Agnès",
        "PUJOL François",
        "SÉGUIER Gaëlle",
        "PETIT Marc",
        "MARTIN Julie",
        "SSIAD du Lauragais",
        "Association Bien Vieillir",
        "VIDAL Jérôme",
    ):
        assert name in out
    assert "mailto:" in out and "Subject: Invitation" in out


def test_demo_prints_no_contact_detail_of_the_circle(capsys: pytest.CaptureFixture[str]) -> None:
    """R12: the daughter is unlisted; no phone number or e-mail of a member is printed."""
    main(["demo"])
    main(["demo", "--json"])
    printed = squeezed(capsys.readouterr().out)
    # the manual physiotherapist's and the unlisted daughter's phones are the scenario's own
    secrets = sample_contacts("0536491234", "0465712345")
    assert [s for s in secrets if squeezed(s) in printed] == []


def test_demo_json_is_the_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report == json.loads(json.dumps(demo.run()))  # deterministic: the same run twice
    data = sample.occitanie()
    recipients = [n["recipient"] for n in report["notifications"]]
    # G14: the GP, the nurse, the pharmacist, the SSIAD once, then the psychologist whose
    # pending habilitation took effect; never the refused physiotherapist nor the coordinator.
    assert recipients == [
        _account(data.gp),
        _account(data.nurse),
        _account(data.pharmacist),
        data.ssiad.national_id,
        _account(data.pending_with_account),
    ]
    steps = {step["guide"]: step for step in report["steps"]}
    assert steps["G3, R5"]["change"]["notices"] == []
    assert steps["G4, R4"]["change"]["notices"] == []
    assert steps["R5, G14"]["change"]["notices"] == [_account(data.pending_with_account)]
    decisions = {(d["name"], d["category"]): d for d in report["decisions"]}
    assert decisions["VIDAL Jérôme", "medical"]["reasons"] == ["SHARING_REFUSED"]
    assert decisions["VIDAL Jérôme", "medical"]["refusals"] == ["M10/R1"]
    assert decisions["BOUSQUET Loïc", "medical"]["paths"] == [
        {"member": "M8", "via_structure": True, "emergency": None}
    ]
    # Issue 10: the patient's refusal of one category names itself; the other stays open.
    assert decisions["PUJOL François", "psychological"]["refusals"] == ["M4/R1"]
    assert decisions["PUJOL François", "medical"]["allowed"]
    # Issue 10: the emergency access opens for reading, to its doctor only; editors are told.
    assert decisions["DURAND Éric", "medical"]["paths"] == [
        {"member": None, "via_structure": False, "emergency": "E1"}
    ]
    assert decisions["PAGÈS Olivier", "medical"]["reasons"] == ["NOT_A_MEMBER", "NOT_A_DELEGATE"]
    assert [n["recipient"] for n in report["emergency_notices"]] == [
        _account(data.coordinator),
        _account(data.gp),
        _account(data.nurse),
        _account(data.pharmacist),
        _account(data.pending_with_account),
        data.ssiad.national_id,
    ]
    assert steps["bris de glace"]["change"]["events"] == ["EmergencyAccessOpened"]
    invitation = report["invitation"]
    parts = urllib.parse.urlsplit(invitation["mailto"])
    assert [urllib.parse.unquote(a) for a in parts.path.split(",")] == invitation["recipients"]
    assert urllib.parse.parse_qs(parts.query)["subject"] == [invitation["subject"]]


def _account(entry: DirectoryProfessional) -> str:
    assert entry.account is not None
    return entry.account.id


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    assert "demo" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["demo", "--help"])
    assert "--json" in capsys.readouterr().out


def test_module_runs_as_a_program() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "carecircle", "demo", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["record"]["patient"] == "MARTIN Louise"


def test_a_reader_that_stops_early_is_no_error() -> None:
    """``python -m carecircle demo | head``: the pipe closes before the demo prints; no
    traceback, exit status 0.
    """
    with subprocess.Popen(
        [sys.executable, "-m", "carecircle", "demo", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as child:
        assert child.stdout is not None and child.stderr is not None
        child.stdout.close()  # before the demo has printed anything
        errors = child.stderr.read()
        status = child.wait()
    assert (status, errors) == (0, "")


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("```bash\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def test_readme_opens_with_the_demo_and_test_commands() -> None:
    demo, tests = readme_commands()[:2]
    assert (ROOT / "README.md").read_text(encoding="utf-8").startswith("# carecircle\n\n```bash\n")
    assert demo.endswith("python -m carecircle demo")
    assert "pytest" in tests


def test_readme_example_runs() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    namespace: dict[str, object] = {}
    exec(text.split("```python\n", 1)[1].split("```", 1)[0], namespace)  # noqa: S102 -- our README
    record = namespace["record"]
    assert isinstance(record, CoordinationRecord)
    assert record.version == 2
    assert str(namespace["link"]).startswith("mailto:confrere@cabinet.example?subject=")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert readme_commands()[1] in ci
    assert ".venv/bin/mypy --strict" in ci
    assert ".venv/bin/ruff check ." in ci


def test_core_does_no_io() -> None:
    """R10: no file, network, clock or randomness in the library.

    The command line (``__main__.py`` and the ``cli`` package it calls) is the one exception:
    it reads and writes files, prints, and reads the clock for a default ``--at``.
    """
    forbidden = re.compile(
        r"(?<![.\w])(open|print)\(|datetime\.now|date\.today|time\.time\(|"
        r"^\s*(import|from) (random|socket|urllib|requests|httpx)\b",
        re.MULTILINE,
    )
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "src" / "carecircle").rglob("*.py")
        if path.name != "__main__.py"
        and "cli" not in path.relative_to(ROOT / "src" / "carecircle").parts[:-1]
        and forbidden.search(
            "\n".join(
                line
                for line in path.read_text(encoding="utf-8").splitlines()
                if ">>>" not in line and "..." not in line
            )
        )
    ]
    assert offenders == []
