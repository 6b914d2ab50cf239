"""``carecircle validate``: every violation of every record document given."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from carecircle import serialization as ser
from carecircle._errors import InputRejected
from carecircle._model import CoordinationRecord
from carecircle.cli._common import (
    IO_ERROR,
    OK,
    REFUSED,
    Failure,
    dump,
    instant,
    read_bytes,
    refused_line,
    violation_data,
    write_output,
)
from carecircle.cli._progress import Progress, add_progress_option, wanted


def add_parser(commands: Any) -> None:
    """The ``validate`` subcommand."""
    parser = commands.add_parser(
        "validate",
        help="check record documents: every violation of each",
        description="Read record documents (files, or directories walked for *.json in sorted "
        "order) and report every violation of each: the document's form and the record rules "
        "(checked at each record's latest change, or --at). Refused and unreadable files are "
        "named on stderr; the other files are still checked. Exit status: 0 when every file "
        "holds a valid record, 1 when one is refused, 3 when one cannot be read.",
    )
    parser.add_argument("paths", nargs="+", metavar="FILE_OR_DIR", help="record documents")
    parser.add_argument("--json", action="store_true", help="print a machine report as JSON")
    parser.add_argument(
        "--at",
        type=instant,
        metavar="ISO",
        help="judge the record rules at this instant (with Z or an offset) instead of each "
        "record's latest change",
    )
    add_progress_option(parser)
    parser.set_defaults(run=run)


def files(paths: Sequence[str]) -> Iterator[Path]:
    """The files to read: each file given, and each directory's ``*.json`` files, walked in
    sorted order. A path that does not exist is given back, to be reported as unreadable.
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from sorted(
                (p for p in path.rglob("*.json") if p.is_file()),
                key=lambda p: p.relative_to(path).parts,
            )
        else:
            yield path


def check(path: Path, at: dt.datetime | None) -> dict[str, Any]:
    """One file's result: ``ok`` with the record's id and version, ``refused`` with every
    violation, or ``unreadable`` with why.
    """
    try:
        data = read_bytes(path)
    except Failure as failure:
        return {"file": str(path), "status": "unreadable", "error": failure.lines[0]}
    try:
        record: CoordinationRecord = ser.from_json(data, CoordinationRecord, check_rules_at=at)
    except InputRejected as rejected:
        return {
            "file": str(path),
            "status": "refused",
            "violations": violation_data(rejected.violations),
        }
    return {
        "file": str(path),
        "status": "ok",
        "record_id": record.record_id,
        "version": record.version,
        "violations": [],
    }


def _problem(result: dict[str, Any]) -> list[str]:
    if result["status"] == "unreadable":
        return [f"carecircle validate: {result['error']}"]
    return [
        "carecircle validate: " + refused_line(result["file"], len(result["violations"])),
        *(f"  {v['code']} at {v['path']}: {v['message']}" for v in result["violations"]),
    ]


def run(args: argparse.Namespace) -> int:
    """Check every file; report on stdout, name the bad files on stderr."""
    found = list(files(args.paths))
    progress = Progress(len(found), enabled=wanted(len(found), option=args.progress))
    for given in args.paths:
        if Path(given).is_dir() and not any(Path(given) in p.parents for p in found):
            progress.note(f"carecircle validate: {given}: no *.json file in this directory")
    results = []
    for path in found:
        result = check(path, args.at)
        if result["status"] != "ok":
            for line in _problem(result):
                progress.note(line)
        progress.advance(str(path))
        results.append(result)
    progress.close()
    counts = {s: sum(r["status"] == s for r in results) for s in ("ok", "refused", "unreadable")}
    if args.json:
        write_output(dump({"files": results, **counts}), None)
    else:
        lines = [
            f"{r['file']}: ok, record {r['record_id']} v{r['version']}"
            if r["status"] == "ok"
            else f"{r['file']}: {r['status']}"
            for r in results
        ]
        total = len(results)
        lines.append(
            f"{total} file{'' if total == 1 else 's'}: {counts['ok']} ok, "
            f"{counts['refused']} refused, {counts['unreadable']} unreadable"
        )
        write_output("\n".join(lines), None)
    if counts["unreadable"]:
        return IO_ERROR
    return REFUSED if counts["refused"] else OK
