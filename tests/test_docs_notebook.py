"""docs/notebook.ipynb is docs/tutorial.md as a notebook: scripts/build_notebook.py and its output.

The committed notebook must be what the script makes of the committed tutorial (``--check``), a
valid nbformat 4.5 document without outputs; the script keeps every example's source, in order,
and cuts cells where the tutorial shows an output. Running the notebook with a kernel is
``tests/test_notebook.py``'s job.
"""

from __future__ import annotations

import doctest
import json
import re
import types
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat
import pytest
from hypothesis import given
from hypothesis import strategies as st

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.scripts import imported
else:
    from .helpers.scripts import imported

REPO_ROOT = Path(__file__).resolve().parents[1]
SCRIPT_PATH = REPO_ROOT / "scripts" / "build_notebook.py"
TUTORIAL = REPO_ROOT / "docs" / "tutorial.md"
NOTEBOOK = REPO_ROOT / "docs" / "notebook.ipynb"


@pytest.fixture(scope="module")
def script() -> Iterator[types.ModuleType]:
    with imported(SCRIPT_PATH) as module:
        yield module


def _block(*lines: str) -> str:
    return "```pycon\n" + "\n".join(lines) + "\n\n```\n"


# --- the committed notebook -------------------------------------------------------------------


def test_the_committed_notebook_is_the_tutorials(script: types.ModuleType) -> None:
    assert script.main(["--check"]) == 0, "docs/notebook.ipynb is stale: run " + script.REGENERATE


def test_the_committed_notebook_is_valid_nbformat_without_outputs() -> None:
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    nbformat.validate(notebook)
    assert (notebook["nbformat"], notebook["nbformat_minor"]) == (4, 5)
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert len(code) > 20
    assert all(cell["outputs"] == [] and cell["execution_count"] is None for cell in code)
    assert not any(">>>" in "".join(cell["source"]) for cell in code)


def test_the_notebook_holds_every_example_of_the_tutorial(script: types.ModuleType) -> None:
    examples = doctest.DocTestParser().get_examples(TUTORIAL.read_text(encoding="utf-8"))
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")
    assert len(examples) > 50
    for example in examples:
        source = re.sub(r"\s*# doctest:.*", "", example.source).strip("\n")
        shown = source.removeprefix("print(").removesuffix(")")  # a last print(x) becomes x
        assert source in code or shown in code, source


# --- the transformation -----------------------------------------------------------------------


def test_prose_becomes_markdown_and_examples_code(script: types.ModuleType) -> None:
    text = "# Title\n\nSome *prose*.\n\n" + _block(">>> x = 1", ">>> y = x + 1") + "\nMore.\n"
    assert script.cells(text) == [
        ("markdown", "# Title\n\nSome *prose*."),
        ("code", "x = 1\ny = x + 1"),
        ("markdown", "More."),
    ]


def test_a_cell_ends_after_each_example_with_an_output(script: types.ModuleType) -> None:
    text = _block(
        ">>> x = 1", ">>> x", "1", ">>> y = 2", ">>> z = 3", ">>> y + z", "5", ">>> w = 0"
    )
    assert script.cells(text) == [
        ("code", "x = 1\nx"),
        ("code", "y = 2\nz = 3\ny + z"),
        ("code", "w = 0"),
    ]


def test_continuation_lines_keep_their_statement(script: types.ModuleType) -> None:
    text = _block(
        ">>> for i in range(2):", "...     print(i)", "0", "1", ">>> def f():", "...     pass"
    )
    assert script.cells(text) == [
        ("code", "for i in range(2):\n    print(i)"),
        ("code", "def f():\n    pass"),
    ]


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("print(record)", "record"),
        ("x = 1\nprint(change.record)", "x = 1\nchange.record"),
        ("print(cc.record_view(\n    record, at=t))", "cc.record_view(\n    record, at=t)"),
        ("print(a, b)", "print(a, b)"),
        ("print(*items)", "print(*items)"),
        ("print(x, end='')", "print(x, end='')"),
        ("print()", "print()"),
        ("print(x)\ny = 1", "print(x)\ny = 1"),
        ("log(x)", "log(x)"),
        ("for v in vs:\n    print(v)", "for v in vs:\n    print(v)"),
    ],
)
def test_a_last_print_of_one_value_shows_the_value(
    script: types.ModuleType, source: str, shown: str
) -> None:
    lines = source.split("\n")
    block = _block(*[(">>> " if not line.startswith(" ") else "... ") + line for line in lines])
    assert script.cells(block) == [("code", shown)]


def test_doctest_directives_are_removed(script: types.ModuleType) -> None:
    text = _block(">>> [1, 2]  # doctest: +ELLIPSIS", "[1, ...]", ">>> 3  # a comment", "3")
    assert script.cells(text) == [("code", "[1, 2]"), ("code", "3  # a comment")]


def test_other_code_blocks_stay_in_the_prose(script: types.ModuleType) -> None:
    text = "Run:\n\n```console\n$ python -m carecircle demo\n```\n"
    assert script.cells(text) == [("markdown", text.strip("\n"))]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            _block(">>> 1 / 0", "Traceback (most recent call last):", "ZeroDivisionError: x"),
            "line 2",
        ),
        ("Prose.\n\n>>> x = 1\n", "line 3: '>>>' outside a pycon block"),
        ("```pycon\n>>> x = 1\n", "line 1: the pycon block is never closed"),
        (_block(">>> x = (", "... )]"), "does not parse"),
    ],
)
def test_what_a_notebook_cannot_follow_is_refused(
    script: types.ModuleType, text: str, message: str
) -> None:
    with pytest.raises(script.NotebookError, match=message):
        script.cells(text)


def test_the_notebook_is_valid_nbformat(script: types.ModuleType) -> None:
    text = script.render("# T\n\n" + _block(">>> x = 1", ">>> print(x)", "1"))
    notebook = json.loads(text)
    nbformat.validate(notebook)
    cells = notebook["cells"]
    assert [cell["cell_type"] for cell in cells] == ["markdown", "markdown", "code"]
    assert "".join(cells[0]["source"]) == script.HEADER
    assert [cell["id"] for cell in cells] == ["cell-1", "cell-2", "cell-3"]
    assert cells[2]["source"] == ["x = 1\n", "x"]
    assert text.endswith("}\n")


def test_the_script_documents_itself(script: types.ModuleType) -> None:
    assert doctest.testmod(script).failed == 0


# --- the command line -------------------------------------------------------------------------


def test_write_and_check(script: types.ModuleType, tmp_path: Path) -> None:
    source, output = tmp_path / "tutorial.md", tmp_path / "notebook.ipynb"
    source.write_text("# T\n\n" + _block(">>> x = 1"), encoding="utf-8")
    paths = ["--source", str(source), "--output", str(output)]
    assert script.main([*paths, "--check"]) == 1  # missing
    assert script.main(paths) == 0
    assert output.read_text(encoding="utf-8") == script.render(source.read_text(encoding="utf-8"))
    assert script.main([*paths, "--check"]) == 0
    source.write_text("# T2\n", encoding="utf-8")
    assert script.main([*paths, "--check"]) == 1  # stale
    source.write_text(_block(">>> 1 / 0", "Traceback (most recent call last):", "E"), "utf-8")
    assert script.main(paths) == 2
    assert script.main(["--source", str(tmp_path / "absent.md"), "--output", str(output)]) == 2


# --- a property: nothing lost, nothing reordered ----------------------------------------------

_examples = st.lists(
    st.tuples(st.integers(0, 99), st.booleans()), min_size=1, max_size=6
)  # (value, shows an output)
_prose = st.lists(st.sampled_from(["Some prose.", "## A heading", "- an item", ""]), max_size=3)


@given(st.lists(st.tuples(_prose, _examples), min_size=1, max_size=4), _prose)
def test_every_example_is_kept_in_order_and_cut_after_outputs(
    script: types.ModuleType,
    sections: list[tuple[list[str], list[tuple[int, bool]]]],
    tail: list[str],
) -> None:
    text = ""
    expected: list[tuple[str, str]] = []
    for prose, examples in [*sections, (tail, [])]:
        text += "\n".join(prose) + "\n\n"
        if "\n".join(prose).strip():
            expected.append(("markdown", "\n".join(prose).strip("\n")))
        lines, pending = [], []
        for value, shown in examples:
            lines += [f">>> v{value}", str(value)] if shown else [f">>> v{value} = {value}"]
            pending.append(f"v{value}" if shown else f"v{value} = {value}")
            if shown:
                expected.append(("code", "\n".join(pending)))
                pending = []
        if pending:
            expected.append(("code", "\n".join(pending)))
        if examples:
            text += _block(*lines) + "\n"
    assert script.cells(text) == expected
