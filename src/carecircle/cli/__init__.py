"""The command line (*ligne de commande*): ``carecircle COMMAND`` over stored record documents.

The one part of the library that reads and writes files, prints and reads the clock (the
default ``--at``). Every command has ``--help``; ``--json`` gives machine output; messages go to
stderr. Exit statuses (``docs/cli.md``):

========  ==========================================================================
status    meaning
========  ==========================================================================
0         success; ``explain``: access allowed
1         data refused (a document that does not load, a record breaking a rule), or
          the answer is negative (``explain``: access denied)
2         usage error: unknown option, missing argument, a value not in its form
3         a file could not be read or written
========  ==========================================================================

>>> parser = build_parser()
>>> parser.prog, parser.parse_args(["validate", "records/"]).paths
('carecircle', ['records/'])
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from carecircle.cli import _access, _demo, _fhir, _openfga, _validate
from carecircle.cli._common import IO_ERROR, OK, PROG, REFUSED, USAGE, Failure

__all__ = ["IO_ERROR", "OK", "REFUSED", "USAGE", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command (``carecircle --help`` lists them)."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="carecircle: care circles (cercles de soins) of coordination records.",
        epilog="exit status: 0 success (explain: allowed); 1 data refused or answer negative "
        "(validate: a document refused; explain: denied); 2 usage error; 3 a file could not be "
        "read or written.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _demo.add_parser(commands)
    _validate.add_parser(commands)
    _access.add_parsers(commands)
    _fhir.add_parser(commands)
    _openfga.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``carecircle`` with ``argv`` (``sys.argv[1:]`` when ``None``); return the exit status.

    ``--help`` and usage errors exit through :class:`SystemExit`, as argparse does (0 and 2).
    """
    args = build_parser().parse_args(argv)
    try:
        status: int = args.run(args)
    except Failure as failure:
        first, *rest = failure.lines or ("failed",)
        name = getattr(args, "command_name", args.command)
        print(f"{PROG} {name}: {first}", *rest, sep="\n", file=sys.stderr, flush=True)
        return failure.status
    except BrokenPipeError:
        # The reader stopped early (``| head``): not a failure. Silence the final flush.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return OK
    return status
