"""``carecircle fhir export`` and ``carecircle fhir import``: records as the ANS guide's
bundles (« Gestion du Cercle de Soins » 2.0.1, :mod:`carecircle.interop.fhir`).
"""

from __future__ import annotations

import argparse
from typing import Any

from carecircle import serialization as ser
from carecircle._errors import CareCircleError, InputRejected
from carecircle._model import CoordinationRecord
from carecircle.cli._common import (
    OK,
    REFUSED,
    Failure,
    dump,
    instant,
    read_bytes,
    read_record,
    refused,
    usage,
    write_output,
)


def add_parser(commands: Any) -> None:
    """The ``fhir`` group: ``export`` and ``import``."""
    group = commands.add_parser(
        "fhir",
        help="records as FHIR bundles of the ANS care-circle guide, and back",
        description="FHIR R4 bundles of the ANS guide « Gestion du Cercle de Soins » 2.0.1 "
        "(carecircle.interop.fhir, docs/interop.md).",
    )
    actions = group.add_subparsers(dest="fhir_command", required=True, metavar="ACTION")
    export = actions.add_parser(
        "export",
        help="a record document as the guide's creation (or, with --since, update) bundle",
        description="Write a record document as the guide's creation transaction bundle, or "
        "with --since OLD_RECORD the update bundle from that earlier version. Unlisted related "
        "persons' phones are masked unless --phones-of-unlisted (R12). Exit status: 0, 1 when "
        "a record is refused or the two are not versions of one record, 3 unreadable file.",
    )
    export.add_argument("record", metavar="RECORD", help="a record document (JSON)")
    export.add_argument(
        "-o", "--output", metavar="OUT", help="the bundle's file (- or none: stdout)"
    )
    export.add_argument(
        "--since", metavar="OLD_RECORD", help="an earlier version: write the update bundle"
    )
    export.add_argument(
        "--phones-of-unlisted",
        action="store_true",
        help="write the phones of unlisted related persons (liste rouge) instead of masking them",
    )
    export.set_defaults(run=run_export, command_name="fhir export")

    reading = actions.add_parser(
        "import",
        help="a guide's bundle read back into a record document",
        description="Read a bundle of the guide (ours or another system's) into a record, with "
        "every problem reported at once (FHIR paths such as Bundle.entry[0].resource...), the "
        "record rules checked, then write the record document. Exit status: 0, 1 when the "
        "bundle is refused, 2 usage error, 3 unreadable file.",
    )
    reading.add_argument("bundle", metavar="BUNDLE", help="a FHIR Bundle (JSON)")
    reading.add_argument(
        "--imported-by",
        required=True,
        metavar="WHO",
        help="who the record says created it, added its members and recorded its refusals "
        "when the bundle does not say (a foreign bundle, without carecircle's extensions)",
    )
    reading.add_argument(
        "--at",
        type=instant,
        metavar="ISO",
        help="check the record rules at this instant (default: the record's latest change)",
    )
    reading.add_argument(
        "-o", "--output", metavar="OUT", help="the record document's file (- or none: stdout)"
    )
    reading.set_defaults(run=run_import, command_name="fhir import")


def run_export(args: argparse.Namespace) -> int:
    """Read the record (and the older version), then write the bundle."""
    record = read_record(args.record)
    before = None if args.since is None else read_record(args.since)
    from carecircle.interop import fhir  # noqa: PLC0415 -- loaded only for these commands

    try:
        if before is None:
            bundle = fhir.export_record(record, phones_of_unlisted=args.phones_of_unlisted)
        else:
            bundle = fhir.export_change(before, record, phones_of_unlisted=args.phones_of_unlisted)
    except CareCircleError as error:
        violation = getattr(error, "violation", None)
        detail = "refused" if violation is None else f"{violation.code}: {violation.message}"
        raise Failure(REFUSED, [f"{args.record} (since {args.since}): {detail}"]) from None
    write_output(dump(bundle), args.output)
    return OK


def run_import(args: argparse.Namespace) -> int:
    """Read the bundle into a record, then write its document."""
    from carecircle.interop import fhir  # noqa: PLC0415 -- loaded only for these commands

    data = read_bytes(args.bundle)
    try:
        record: CoordinationRecord = fhir.import_bundle(
            data, imported_by=args.imported_by, at=args.at
        )
    except InputRejected as rejected:
        raise refused(args.bundle, rejected) from None
    except CareCircleError as error:
        raise usage({"imported_by": "--imported-by"}, error) from None
    write_output(ser.to_json(record), args.output)
    return OK
