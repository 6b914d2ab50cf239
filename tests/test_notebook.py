"""The notebook (issue 13, item 1): ``docs/notebook.ipynb`` run with a real kernel.

nbclient executes it in an IPython kernel (``ipykernel``, the dev extra), as Jupyter would;
every cell must run without an error or anything written to stderr, and every HTML output
Jupyter would show must parse with :mod:`html.parser` into a balanced tree with no script, its
texts escaped. A small notebook built here shows each kind of value the display knows, so the
hooks are checked in a kernel whatever the tutorial shows.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from display_fixtures.html_check import checked_text
else:
    from .display_fixtures.html_check import checked_text

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "docs" / "notebook.ipynb"


def _run(notebook: Any) -> Any:
    """``notebook`` executed in a fresh kernel, from the repository's root."""
    client = NotebookClient(
        notebook, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    )
    client.execute()
    return notebook


def _outputs(notebook: Any) -> Iterator[tuple[int, Any]]:
    for i, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", ()):
            yield i, output


def _html(notebook: Any) -> list[tuple[int, str]]:
    return [
        (i, output["data"]["text/html"])
        for i, output in _outputs(notebook)
        if "text/html" in output.get("data", {})
    ]


def _problems(notebook: Any) -> list[str]:
    """Every error or stderr output, by cell."""
    found = []
    for i, output in _outputs(notebook):
        if output["output_type"] == "error":
            found.append(f"cell {i}: {output['ename']}: {output['evalue']}")
        elif output["output_type"] == "stream" and output["name"] == "stderr":
            found.append(f"cell {i} wrote to stderr: {output['text'][:200]}")
    return found


@pytest.fixture(scope="module")
def tutorial() -> Any:
    return _run(nbformat.read(NOTEBOOK, as_version=4))  # type: ignore[no-untyped-call]


def test_the_tutorial_runs(tutorial: Any) -> None:
    assert _problems(tutorial) == []
    assert any(output["output_type"] == "execute_result" for _, output in _outputs(tutorial))


def test_the_tutorials_html_is_well_formed(tutorial: Any) -> None:
    shown = _html(tutorial)
    assert shown, "the tutorial shows no record, decision or listing as HTML"
    for i, markup in shown:
        try:
            checked_text(markup)
        except AssertionError as problem:
            raise AssertionError(f"cell {i}: {problem}") from None


#: What the built notebook shows, one value a cell: each kind the display knows.
_CELLS = [
    """
import carecircle as cc
from carecircle._display import decision_view, record_view
from carecircle.testing.builders import EPOCH, new_record
record, creator = new_record()
stranger = cc.RelatedPerson(family_name="Martin", given_name="<script>alert(1)</script>",
    unlisted=True, contact=cc.Contact(mobile="06 12 34 56 78"))
change = cc.add_member(record, stranger, actor=creator, at=EPOCH)
record = change.record
matrix = cc.EXAMPLE_MATRIX
record
""",
    "change",
    "record_view(record, at=EPOCH, lang='en')",
    "matrix",
    "cc.decide(record, cc.Principal(account='pass:9'), 'medical', 'read', matrix=matrix, at=EPOCH)",
    """
allowed = cc.decide(record, creator, "medical", "write", matrix=matrix, at=EPOCH)
decision_view(allowed, record=record)
""",
    "cc.who_can_access(record, [creator], matrix=matrix, at=EPOCH)",
    "cc.ActiveFileIndex.of([record], matrix=matrix).for_principal(creator, at=EPOCH)",
]


def test_every_kind_of_value_shows_as_html() -> None:
    cells = [new_code_cell(source.strip()) for source in _CELLS]  # type: ignore[no-untyped-call]
    notebook = new_notebook(cells=cells)  # type: ignore[no-untyped-call]
    _run(notebook)
    assert _problems(notebook) == []
    shown = dict(_html(notebook))
    assert sorted(shown) == list(range(len(_CELLS)))
    texts = {i: checked_text(markup) for i, markup in shown.items()}
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown[0]
    assert "<script>alert(1)</script>" in texts[0]
    for text in texts.values():
        assert "06 12 34 56 78" not in text and "+33612345678" not in text
    assert texts[2].startswith("Coordination record DC-1")
    assert "Matrice d'habilitation" in texts[3]
    assert "Accès refusé" in texts[4] and "Accès autorisé" in texts[5]
    assert "DURAND Prénom1" in texts[6] and "MARTIN Louise" in texts[7]
    # Jupyter's plain form stays the repr: unambiguous, no contact detail.
    plain = notebook.cells[0].outputs[0]["data"]["text/plain"]
    assert plain.startswith("CoordinationRecord(") and "+33612345678" not in plain
