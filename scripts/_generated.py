"""What the generator scripts share: compare a generated file with the committed one, or write it.

Each generator (``generate_nomenclatures.py``, ``build_fhir_profiles.py``,
``build_api_reference.py``) computes its output text, then hands it here: with ``--check`` the
file is only compared (exit 1 when stale, naming the command that regenerates it), without it
the file is written when it changed. Exit 2 is an error reading the sources.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

__all__ = ["source_main", "write_or_check"]


def write_or_check(output: Path, text: str, *, check: bool, regenerate: str) -> int:
    """Write ``text`` to ``output`` (or with ``check`` compare); 0 done or current, 1 stale."""
    current = output.read_text(encoding="utf-8") if output.is_file() else None
    if check:
        if current != text:
            print(f"{output} is out of date; run: {regenerate}", file=sys.stderr)
            return 1
        print(f"{output} is up to date")
        return 0
    if current == text:
        print(f"{output} unchanged")
        return 0
    output.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {output}")
    return 0


def source_main(
    argv: list[str] | None,
    *,
    description: str | None,
    source: Path,
    output: Path,
    generate: Callable[[Path], str],
    errors: tuple[type[Exception], ...],
    regenerate: str,
) -> int:
    """The command line of a generator that reads a source folder: ``--source``, ``--output``,
    ``--check``; 0 done, 1 stale, 2 the source is missing or unreadable.
    """
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--source", type=Path, default=source, help="the folder read")
    parser.add_argument("--output", type=Path, default=output, help="the file written")
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the output file differs from what would be generated",
    )
    args = parser.parse_args(argv)
    folder: Path = args.source
    if not folder.is_dir():
        print(f"error: source folder {folder} not found", file=sys.stderr)
        return 2
    try:
        text = generate(folder)
    except errors as exc:
        print(f"error: {exc!r}", file=sys.stderr)
        return 2
    return write_or_check(args.output, text, check=args.check, regenerate=regenerate)
