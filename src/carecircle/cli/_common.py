"""What every command shares: exit statuses, reading inputs, writing outputs, messages."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, NoReturn, TypeVar

from carecircle import serialization as ser
from carecircle._access import EXAMPLE_MATRIX, HabilitationMatrix
from carecircle._errors import CareCircleError, InputRejected, Violation
from carecircle._model import CoordinationRecord, Principal
from carecircle.nomenclatures import Code

#: The command succeeded; for ``explain``, access is allowed.
OK: Final = 0
#: The data is refused (a document that does not load, a record breaking a rule) or the answer
#: is negative (``explain``: access denied).
REFUSED: Final = 1
#: A usage error: an unknown option, a missing argument, a value not in its form (argparse's).
USAGE: Final = 2
#: A file could not be read or written (missing, a directory, no permission).
IO_ERROR: Final = 3

PROG: Final = "carecircle"

T = TypeVar("T")


class Failure(Exception):  # noqa: N818 -- a command's outcome, not always an error
    """Why a command stops: its exit status and the lines to write on stderr."""

    def __init__(self, status: int, lines: Sequence[str]) -> None:
        super().__init__(lines[0] if lines else "")
        self.status = status
        self.lines = tuple(lines)


def violation_lines(violations: Iterable[Violation], indent: str = "  ") -> list[str]:
    """One line per violation: ``CODE at PATH: message`` (messages never quote a value, R12)."""
    return [f"{indent}{v.code} at {v.path}: {v.message}" for v in violations]


def violation_data(violations: Iterable[Violation]) -> list[dict[str, str]]:
    """The violations as JSON-ready objects of ``code``, ``path`` and ``message``."""
    return [{"code": v.code, "path": v.path, "message": v.message} for v in violations]


def refused_line(what: str, count: int) -> str:
    """The line that heads a refused document's violations: ``what: refused, 2 violations:``."""
    return f"{what}: refused, {count} violation{'' if count == 1 else 's'}:"


def refused(what: str, rejected: InputRejected) -> Failure:
    """The failure of an input document that does not load: every violation listed."""
    return Failure(
        REFUSED,
        [refused_line(what, len(rejected.violations)), *violation_lines(rejected.violations)],
    )


def usage(options: Mapping[str, str], error: CareCircleError) -> Failure:
    """The failure of options whose values the library refuses: one line per violation,
    naming the option (``options`` maps a violation's path prefix to it).
    """
    violations = getattr(error, "violations", None)
    if violations is None:
        violation = getattr(error, "violation", None)
        violations = () if violation is None else (violation,)
    lines = [f"{_option(options, v.path)}: {v.code}: {v.message}" for v in violations] or [
        f"invalid arguments: {error.__class__.__name__}"
    ]
    return Failure(USAGE, lines)


def _option(options: Mapping[str, str], path: str) -> str:
    return next((o for prefix, o in options.items() if path.startswith(prefix)), path)


def read_bytes(path: str | Path) -> bytes:
    """The bytes of a file, or an :data:`IO_ERROR` failure naming it."""
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise Failure(IO_ERROR, [f"{path}: cannot read: {_reason(error)}"]) from None


def _reason(error: OSError) -> str:
    return error.strerror or error.__class__.__name__


def read_record(path: str | Path) -> CoordinationRecord:
    """The record a document file holds, checked against the record rules (``validate``'s
    checks), or a failure: :data:`IO_ERROR` when unreadable, :data:`REFUSED` when refused.
    """
    data = read_bytes(path)
    try:
        record: CoordinationRecord = ser.from_json(data, CoordinationRecord)
    except InputRejected as rejected:
        raise refused(str(path), rejected) from None
    return record


def load_json(data: bytes, what: str) -> Any:
    """Plain JSON data, strict as the documents' reader is (no NaN, no repeated key)."""
    try:
        return json.loads(
            data.decode("utf-8"),
            parse_constant=_no_constant,
            object_pairs_hook=_unique_keys,
        )
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Failure(
            REFUSED, [f"{what}: refused, 1 violation:", f"  {ser.MALFORMED_JSON} at $: not JSON"]
        ) from None


def _no_constant(name: str) -> NoReturn:
    raise ValueError(name)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        raise ValueError("repeated key")
    return found


def read_matrix(path: str | None) -> HabilitationMatrix:
    """The matrix of ``--matrix``: a document (``schema``, ``type``, ``value``) or the plain
    mapping :meth:`HabilitationMatrix.from_mapping` reads; the example matrix when absent.
    """
    if path is None:
        return EXAMPLE_MATRIX
    data = load_json(read_bytes(path), path)
    try:
        if isinstance(data, dict) and "schema" in data:
            matrix: HabilitationMatrix = ser.from_document(data, HabilitationMatrix)
        else:
            matrix = HabilitationMatrix.from_mapping(data)
    except InputRejected as rejected:
        raise refused(path, rejected) from None
    return matrix


def read_principals(path: str) -> tuple[Principal, ...]:
    """The principals of ``--principals``: a ``tuple[Principal, ...]`` document, or one
    ``Principal`` document.
    """
    data = load_json(read_bytes(path), path)
    wanted: Any = (
        Principal
        if isinstance(data, dict) and data.get("type") == "Principal"
        else (tuple[Principal, ...])
    )
    try:
        found = ser.from_document(data, wanted)
    except InputRejected as rejected:
        raise refused(path, rejected) from None
    return (found,) if isinstance(found, Principal) else tuple(found)


def instant(text: str) -> dt.datetime:
    """An ``--at`` value: ISO 8601 with ``Z`` or an offset, made UTC (argparse's ``type``)."""
    return _argument(text, dt.datetime)


def code(text: str) -> Code:
    """A ``--profession`` value: ``"<system>|<code>"`` (``TRE_G15|10``), argparse's ``type``."""
    return _argument(text, Code)


def _argument(text: str, cls: type[T]) -> T:
    try:
        value: T = ser.structure(text, cls)
    except InputRejected as rejected:
        raise argparse.ArgumentTypeError(
            "; ".join(f"{v.code}: {v.message}" for v in rejected.violations)
        ) from None
    return value


def now() -> dt.datetime:
    """The clock, read here only: the default of ``--at``."""
    return dt.datetime.now(dt.UTC)


def dump(data: object) -> str:
    """JSON output: indented, UTF-8 characters as they are."""
    return json.dumps(data, ensure_ascii=False, indent=2)


def write_output(text: str, out: str | None) -> None:
    """``text`` to ``out``: stdout when ``None`` or ``-``, else the file, replaced whole (a
    temporary file beside it renamed over it), so that no reader sees it half-written.
    """
    if out is None or out == "-":
        print(text, flush=True)
        return
    target = Path(out)
    try:
        handle, temporary = tempfile.mkstemp(
            dir=target.parent if str(target.parent) else ".", prefix=f".{target.name}."
        )
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text if text.endswith("\n") else text + "\n")
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise Failure(IO_ERROR, [f"{out}: cannot write: {_reason(error)}"]) from None


def warn(line: str) -> None:
    """A line on stderr, prefixed with the program's name."""
    print(f"{PROG}: {line}", file=sys.stderr, flush=True)


def table(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows as aligned text columns, the first row being the header."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
