"""``carecircle openfga export``: records as an OpenFGA authorization model and tuples."""

from __future__ import annotations

import argparse
from typing import Any

from carecircle._model import CoordinationRecord, Principal
from carecircle.cli._access import candidates
from carecircle.cli._common import (
    IO_ERROR,
    OK,
    PROG,
    REFUSED,
    USAGE,
    Failure,
    dump,
    read_matrix,
    read_principals,
    read_record,
    write_output,
)
from carecircle.cli._progress import Progress, add_progress_option, wanted
from carecircle.cli._validate import files


def add_parser(commands: Any) -> None:
    """The ``openfga`` group and its ``export`` subcommand."""
    group = commands.add_parser(
        "openfga",
        help="the access rules as an OpenFGA model, records as relationship tuples",
        description="Export to OpenFGA (carecircle.interop.openfga, docs/openfga.md).",
    )
    actions = group.add_subparsers(dest="openfga_command", required=True, metavar="ACTION")
    export = actions.add_parser(
        "export",
        help="write the authorization model and the tuples of record documents",
        description="Read every record document of the folders or files given (directories "
        "walked for *.json in sorted order), then write the authorization model (DSL) for the "
        "matrix's categories and the relationship tuples (a JSON array, as `fga tuple write "
        "--file` reads). Without --model-out and --tuples-out, both go to stdout as one JSON "
        "object {model, tuples}. Nothing is written unless every file loads. The principals "
        "(directory facts: active accounts, professions, delegations) come from --principals, "
        "else from the records' directory professionals as recorded.",
    )
    export.add_argument("paths", nargs="+", metavar="FOLDER", help="record documents or folders")
    export.add_argument("--model-out", metavar="FILE", help="the model's DSL (- for stdout)")
    export.add_argument("--tuples-out", metavar="FILE", help="the tuples as JSON (- for stdout)")
    export.add_argument(
        "--matrix", metavar="FILE", help="the habilitation matrix (default: the example)"
    )
    export.add_argument(
        "--principals",
        metavar="FILE",
        help="the directory's facts: a tuple[Principal, ...] document",
    )
    add_progress_option(export)
    export.set_defaults(run=run, command_name="openfga export")


def read_all(paths: list[str], *, progress_option: bool | None) -> list[CoordinationRecord]:
    """Every record of ``paths``, or one failure listing every file that did not load."""
    found = list(files(paths))
    progress = Progress(len(found), enabled=wanted(len(found), option=progress_option))
    records: list[CoordinationRecord] = []
    problems: list[Failure] = []
    for path in found:
        try:
            records.append(read_record(path))
        except Failure as failure:
            problems.append(failure)
            first, *rest = failure.lines
            progress.note("\n".join([f"{PROG} openfga export: {first}", *rest]))
        progress.advance(str(path))
    progress.close()
    if problems:
        status = IO_ERROR if any(p.status == IO_ERROR for p in problems) else REFUSED
        raise Failure(
            status, [f"{len(problems)} of {len(found)} files not loaded; nothing written"]
        )
    return records


def _principals(args: argparse.Namespace, records: list[CoordinationRecord]) -> list[Principal]:
    if args.principals is not None:
        return list(read_principals(args.principals))
    found: dict[tuple[str | None, str | None], Principal] = {}
    for record in records:
        for principal in candidates(record):
            found.setdefault((principal.account, principal.national_id), principal)
    return list(found.values())


def run(args: argparse.Namespace) -> int:
    """Read everything, export, then write the outputs."""
    from carecircle.interop import openfga  # noqa: PLC0415 -- loaded only for this command

    if args.model_out == "-" and args.tuples_out == "-":
        raise Failure(USAGE, ["--model-out and --tuples-out cannot both be stdout"])
    matrix = read_matrix(args.matrix)
    records = read_all(args.paths, progress_option=args.progress)
    principals = _principals(args, records)
    model = openfga.authorization_model(matrix)
    tuples = openfga.relationship_tuples(records, matrix=matrix, principals=principals)
    if args.model_out is None and args.tuples_out is None:
        write_output(dump({"model": model, "tuples": tuples}), None)
        return OK
    if args.model_out is not None:
        write_output(model, args.model_out)
    if args.tuples_out is not None:
        write_output(dump(tuples), args.tuples_out)
    return OK
