"""A small progress bar on stderr, for commands that read many files (no dependency)."""

from __future__ import annotations

import argparse
import sys
from typing import Any, Final, TextIO

_WIDTH: Final = 24
_LABEL: Final = 40


def add_progress_option(parser: Any) -> None:
    """``--progress`` / ``--no-progress``, for a command that reads many files."""
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="a progress bar on stderr (default: when more than one file and stderr is a terminal)",
    )


def wanted(count: int, *, option: bool | None, stream: TextIO | None = None) -> bool:
    """Whether to show a bar: ``--progress`` / ``--no-progress`` decide; else only when more
    than one file is read and stderr is a terminal.
    """
    if option is not None:
        return option
    stream = sys.stderr if stream is None else stream
    return count > 1 and stream.isatty()


class Progress:
    """``[#####-------]  3/10 name``, redrawn in place on stderr; messages printed through
    :meth:`note` clear it first, so that they never run into the bar.
    """

    def __init__(self, total: int, *, enabled: bool, stream: TextIO | None = None) -> None:
        self.total = total
        self.done = 0
        self.enabled = enabled
        self.stream = sys.stderr if stream is None else stream
        self._shown = 0  # characters of the bar on the line now

    def _clear(self) -> None:
        if self._shown:
            self.stream.write("\r" + " " * self._shown + "\r")
            self._shown = 0

    def _draw(self, label: str) -> None:
        filled = _WIDTH * self.done // self.total if self.total else _WIDTH
        digits = len(str(self.total))
        if len(label) > _LABEL:
            label = "…" + label[-(_LABEL - 1) :]
        bar = (
            f"[{'#' * filled}{'-' * (_WIDTH - filled)}] {self.done:>{digits}}/{self.total} {label}"
        )
        self._clear()
        self.stream.write(bar)
        self.stream.flush()
        self._shown = len(bar)

    def advance(self, label: str) -> None:
        """One more file done (``label`` names it)."""
        self.done += 1
        if self.enabled:
            self._draw(label)

    def note(self, line: str) -> None:
        """A line on the stream, above the bar."""
        self._clear()
        self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        """Leave the finished bar on its own line."""
        if self.enabled and self._shown:
            self.stream.write("\n")
            self.stream.flush()
            self._shown = 0
