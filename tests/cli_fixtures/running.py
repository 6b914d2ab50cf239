"""The command line run in-process, as the tests call it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from carecircle import cli

if TYPE_CHECKING:
    import pytest


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``carecircle argv...``: its exit status and what it printed to stdout and stderr."""
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err
