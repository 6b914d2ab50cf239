"""The demo (``python -m carecircle demo``) and the repository's promises."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from carecircle import CoordinationRecord
from carecircle.__main__ import main

ROOT = Path(__file__).resolve().parents[1]


def test_demo_walks_the_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "HABILITATION_NOT_ELIGIBLE at members[M4].habilitated" in out
    assert "ACTOR_NOT_A_MEMBER at actor" in out
    assert "record DC-0001 v6" in out
    for name in (
        "DURAND Hélène",
        "PETIT Marc",
        "MARTIN Julie",
        "SSIAD du Lauragais",
        "Association Bien Vieillir",
    ):
        assert name in out
    # R12: the daughter is unlisted; no phone number or e-mail of the scenario is printed.
    squeezed = out.replace(" ", "").replace(".", "")
    for secret in ("0612345678", "612345678", "0561000000", "561000000", "h.durand@example"):
        assert secret not in squeezed


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    assert "demo" in capsys.readouterr().out


def test_module_runs_as_a_program() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "carecircle", "demo"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "Care circle of MARTIN Louise" in done.stdout


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
    assert record.version == 1


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert readme_commands()[1] in ci
    assert ".venv/bin/mypy --strict" in ci
    assert ".venv/bin/ruff check ." in ci


def test_core_does_no_io() -> None:
    """R10: no file, network, clock or randomness in the library (the demo may print)."""
    forbidden = re.compile(
        r"(?<![.\w])(open|print)\(|datetime\.now|date\.today|time\.time\(|"
        r"^\s*(import|from) (random|socket|urllib|requests|httpx)\b",
        re.MULTILINE,
    )
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "src" / "carecircle").rglob("*.py")
        if path.name != "__main__.py"
        and forbidden.search(
            "\n".join(
                line
                for line in path.read_text(encoding="utf-8").splitlines()
                if ">>>" not in line and "..." not in line
            )
        )
    ]
    assert offenders == []
