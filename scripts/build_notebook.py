"""Generate ``docs/notebook.ipynb`` from ``docs/tutorial.md``: the tutorial, as a Jupyter notebook.

The tutorial is the source: pytest runs its examples as doctests, and this script turns it into
an nbformat 4.5 notebook (JSON, standard library only) with no outputs stored, so the two never
tell different stories. What changes on the way, and why:

- the prose between code blocks becomes one markdown cell per stretch of prose, as written;
- a `` ```pycon `` block becomes code cells holding the examples' sources without their
  ``>>>`` / ``...`` prompts; the expected outputs are dropped (the kernel writes its own);
- a block is cut into cells after each example the tutorial shows an output for, since Jupyter
  shows only a cell's last value: every output the tutorial shows, the notebook shows at the
  same place; examples without output join the cell of the next one that has one;
- doctest directives (``# doctest: +ELLIPSIS``) are removed: they mean nothing to a kernel;
- a cell whose last statement is ``print(x)`` (one argument, no keyword) ends with ``x``
  instead, so Jupyter shows ``x``'s rich display (its ``_repr_html_``) where the doctest shows
  its text (``__str__``); the tutorial prints objects this way, never plain strings;
- the notebook opens with a markdown cell saying where it comes from.

Two things the notebook could not follow are refused (exit 2, the line named): an example that
expects an exception (a raising cell stops a notebook run; the tutorial catches and prints
instead) and a ``>>>`` outside a ``pycon`` block (pytest would run it, the notebook would lose
it). Cell ids are their position (``cell-7``), so the output is deterministic.

Usage, from the repository root::

    python scripts/build_notebook.py            # rewrite docs/notebook.ipynb
    python scripts/build_notebook.py --check    # exit 1 if it differs from the tutorial's
"""

from __future__ import annotations

import argparse
import ast
import doctest
import json
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the scripts' shared module
from _generated import write_or_check

__all__ = ["NotebookError", "build", "cells", "main", "render"]

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO_ROOT / "docs" / "tutorial.md"
DEFAULT_OUTPUT = REPO_ROOT / "docs" / "notebook.ipynb"
REGENERATE = "python scripts/build_notebook.py"

#: The first cell of the notebook.
HEADER = (
    "*This notebook is generated from [the tutorial](tutorial.md) by "
    "`scripts/build_notebook.py`: edit the tutorial, then run the script.*"
)

_FENCE = re.compile(r"^```(?P<info>\S*)\s*$")
_DIRECTIVE = re.compile(r"[ \t]*#\s*doctest:[^\n]*$", re.MULTILINE)
_PROMPT = re.compile(r"^\s*>>>( |$)")
_PARSER = doctest.DocTestParser()

Cell = tuple[str, str]  # (cell type, source)


class NotebookError(ValueError):
    """The tutorial holds something the notebook cannot follow (see the module's docstring)."""


def _code_cells(block: str, line: int) -> list[str]:
    cells: list[str] = []
    pending: list[str] = []
    for example in _PARSER.get_examples(block, name="tutorial"):
        if example.exc_msg is not None:
            raise NotebookError(
                f"line {line + 1 + example.lineno}: an example expecting an exception stops a "
                "notebook; catch it and print instead"
            )
        pending.append(_DIRECTIVE.sub("", example.source).rstrip("\n"))
        if example.want:
            cells.append(_shown("\n".join(pending)))
            pending = []
    if pending:
        cells.append(_shown("\n".join(pending)))
    return cells


def _shown(source: str) -> str:
    """``source`` with a last ``print(x)`` replaced by ``x`` (see the module's docstring)."""
    try:
        last = ast.parse(source).body[-1]
    except SyntaxError as error:
        raise NotebookError(f"an example does not parse: {error.msg}: {source!r}") from error
    call = last.value if isinstance(last, ast.Expr) else None
    if not (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Name)
        and call.func.id == "print"
        and len(call.args) == 1
        and not isinstance(call.args[0], ast.Starred)
        and not call.keywords
    ):
        return source
    shown = ast.get_source_segment(source, call.args[0])
    assert shown is not None  # noqa: S101 -- parsed from this very source
    lines = source.split("\n")
    after = lines[last.end_lineno :] if last.end_lineno is not None else []
    return "\n".join([*lines[: last.lineno - 1], shown, *after])


def _markdown(lines: list[str]) -> list[Cell]:
    text = "\n".join(lines).strip("\n")
    return [("markdown", text)] if text.strip() else []


def cells(tutorial: str) -> list[Cell]:
    """The notebook's cells for the tutorial's text, in order, as ``(type, source)`` pairs.

    >>> cells("Some prose.\\n\\n```pycon\\n>>> x = 1\\n>>> print(x)\\n1\\n\\n```\\n")
    [('markdown', 'Some prose.'), ('code', 'x = 1\\nx')]
    """
    found: list[Cell] = []
    prose: list[str] = []
    block: list[str] | None = None
    start = 0
    for number, line in enumerate(tutorial.split("\n"), start=1):
        fence = _FENCE.match(line)
        if block is None and fence and fence["info"] == "pycon":
            found += _markdown(prose)
            prose, block, start = [], [], number
        elif block is not None and fence and not fence["info"]:
            found += [("code", c) for c in _code_cells("\n".join(block) + "\n", start)]
            block = None
        elif block is not None:
            block.append(line)
        elif _PROMPT.match(line):
            raise NotebookError(f"line {number}: '>>>' outside a pycon block")
        else:
            prose.append(line)
    if block is not None:
        raise NotebookError(f"line {start}: the pycon block is never closed")
    return found + _markdown(prose)


def _lines(source: str) -> list[str]:
    return source.splitlines(keepends=True)


def build(tutorial: str) -> dict[str, Any]:
    """The notebook (nbformat 4.5, as JSON data) for the tutorial's text."""
    notebook_cells: list[dict[str, Any]] = []
    for number, (kind, source) in enumerate([("markdown", HEADER), *cells(tutorial)], start=1):
        cell: dict[str, Any] = {"cell_type": kind, "id": f"cell-{number}", "metadata": {}}
        if kind == "code":
            cell |= {"execution_count": None, "outputs": []}
        notebook_cells.append(cell | {"source": _lines(source)})
    return {
        "cells": notebook_cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def render(tutorial: str) -> str:
    """The notebook's file content: JSON indented as Jupyter writes it, ending with a newline."""
    return json.dumps(build(tutorial), indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` compare) the notebook; 0 done or current, 1 stale, 2 refused."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="the tutorial read")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="the notebook written")
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the notebook differs from what the tutorial gives",
    )
    args = parser.parse_args(argv)
    try:
        text = render(args.source.read_text(encoding="utf-8"))
    except (OSError, NotebookError) as error:
        print(f"error: {args.source}: {error}", file=sys.stderr)
        return 2
    return write_or_check(args.output, text, check=args.check, regenerate=REGENERATE)


if __name__ == "__main__":
    sys.exit(main())
