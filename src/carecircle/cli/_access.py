"""``carecircle explain`` and ``carecircle who-can-access``: access decisions on a stored record."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from carecircle import serialization as ser
from carecircle._access import Action, Decision, Permissions, decide, who_can_access
from carecircle._access.decision import AccessPath
from carecircle._display.names import path_words, refusal_words
from carecircle._errors import CareCircleError
from carecircle._model import AccountState, CoordinationRecord, DirectoryProfessional, Principal
from carecircle.cli._common import (
    OK,
    REFUSED,
    USAGE,
    Failure,
    code,
    dump,
    instant,
    now,
    read_matrix,
    read_principals,
    read_record,
    table,
    usage,
    write_output,
)

_MATRIX_HELP = (
    "the habilitation matrix: a HabilitationMatrix document or the plain mapping "
    "HabilitationMatrix.from_mapping reads (default: the library's example matrix)"
)
#: The option behind each field of the principal, for usage errors.
_OPTIONS = {
    "principal.account": "--account",
    "principal.national_id": "--national-id",
    "principal.delegated_by": "--delegated-by",
}
_AT_HELP = "the instant asked about, ISO 8601 with Z or an offset (default: now)"


def add_parsers(commands: Any) -> None:
    """The ``explain`` and ``who-can-access`` subcommands."""
    explain = commands.add_parser(
        "explain",
        help="may this principal do this on this category of the record? and why",
        description="The access decision (decide) for one principal, category and action on a "
        "record document: allowed with the paths that reach the record, or denied with every "
        "reason. The principal is given as the directory describes them now. Exit status: 0 "
        "allowed, 1 denied (or the record or matrix refused), 2 usage error, 3 unreadable file.",
    )
    explain.add_argument("record", metavar="RECORD", help="a record document (JSON)")
    who = explain.add_argument_group("the principal, as the directory describes them now")
    who.add_argument("--account", metavar="ACCOUNT", help="PASS account id (pass:...)")
    who.add_argument("--national-id", metavar="ID", help="idNat_PS, or a bare RPPS/ADELI number")
    who.add_argument("--profession", type=code, metavar="CODE", help="e.g. TRE_G15|10 (médecin)")
    who.add_argument(
        "--account-state",
        choices=[str(s) for s in AccountState],
        default=str(AccountState.ACTIVE),
        help="the PASS account's state (default: active)",
    )
    who.add_argument(
        "--delegated-by",
        action="append",
        default=[],
        metavar="STRUCTURE_ID",
        help="a legal-entity structure delegating to them (repeat for several)",
    )
    explain.add_argument("--category", required=True, metavar="CAT", help="e.g. medical")
    explain.add_argument(
        "--action", required=True, choices=[str(a) for a in Action], help="read or write"
    )
    explain.add_argument("--at", type=instant, metavar="ISO", help=_AT_HELP)
    explain.add_argument("--matrix", metavar="FILE", help=_MATRIX_HELP)
    explain.add_argument("--json", action="store_true", help="print the decision as JSON")
    explain.set_defaults(run=run_explain)

    listing = commands.add_parser(
        "who-can-access",
        help="every principal with access to the record, with per-category levels",
        description="Every candidate principal with access to a record document, with the "
        "level on each category. Candidates are by default the record's directory "
        "professionals as the record describes them (account, its state, profession); the "
        "delegates of its structures and emergency-access doctors have no profession in the "
        "record: supply the directory's facts with --principals, a tuple[Principal, ...] "
        "document, which replaces the default candidates.",
    )
    listing.add_argument("record", metavar="RECORD", help="a record document (JSON)")
    listing.add_argument("--at", type=instant, metavar="ISO", help=_AT_HELP)
    listing.add_argument("--matrix", metavar="FILE", help=_MATRIX_HELP)
    listing.add_argument(
        "--principals",
        metavar="FILE",
        help="the candidates: a tuple[Principal, ...] (or Principal) document",
    )
    listing.add_argument("--json", action="store_true", help="print the listing as JSON")
    listing.set_defaults(run=run_who_can_access)


def _principal(args: argparse.Namespace) -> Principal:
    if args.account is None and args.national_id is None:
        raise Failure(USAGE, ["give the principal's --account or --national-id (or both)"])
    try:
        return Principal(
            account=args.account,
            national_id=args.national_id,
            profession=args.profession,
            account_state=args.account_state,
            delegated_by=frozenset(args.delegated_by),
        )
    except CareCircleError as error:
        raise usage(_OPTIONS, error) from None


def _when(at: dt.datetime | None) -> dt.datetime:
    return now() if at is None else at


def _path_text(record: CoordinationRecord, path: AccessPath) -> str:
    return path_words(path, record, "en")


def explain_text(
    record: CoordinationRecord,
    principal: Principal,
    decision: Decision,
    *,
    category: str,
    action: str,
    at: dt.datetime,
) -> str:
    """The decision as ``carecircle explain`` prints it."""
    verb = "may" if decision.allowed else "may not"
    answer = "allowed" if decision.allowed else "denied"
    when = ser.unstructure(at)
    lines = [
        f"{answer}: {principal.label} {verb} {action} {category} in {record.record_id} at {when}"
    ]
    lines += [f"  path: {_path_text(record, p)}" for p in decision.paths]
    lines += [f"  reason: {r}" for r in decision.reasons]
    lines += [
        f"  refused by the patient: {refusal_words(r, record, 'en')}" for r in decision.refusals
    ]
    return "\n".join(lines)


def run_explain(args: argparse.Namespace) -> int:
    """Decide, then print the decision; 0 when allowed, 1 when denied."""
    principal = _principal(args)
    record = read_record(args.record)
    matrix = read_matrix(args.matrix)
    at = _when(args.at)
    try:
        decision = decide(record, principal, args.category, args.action, matrix=matrix, at=at)
    except CareCircleError as error:
        raise usage({}, error) from None
    if args.json:
        report = {
            "record_id": record.record_id,
            "at": ser.unstructure(at),
            "principal": ser.unstructure(principal),
            "category": args.category,
            "action": args.action,
            "allowed": decision.allowed,
            "decision": ser.to_document(decision),
        }
        write_output(dump(report), None)
    else:
        text = explain_text(
            record, principal, decision, category=args.category, action=args.action, at=at
        )
        write_output(text, None)
    return OK if decision.allowed else REFUSED


def candidates(record: CoordinationRecord) -> tuple[Principal, ...]:
    """The default candidates: each directory professional of the circle with an account or a
    national id, as the record describes them (account state and profession), once each.
    """
    found: dict[tuple[str | None, str | None], Principal] = {}
    for membership in record.circle:
        member = membership.member
        if isinstance(member, DirectoryProfessional) and (
            member.account is not None or member.national_id is not None
        ):
            principal = Principal.from_entry(member)
            found.setdefault((principal.account, principal.national_id), principal)
    return tuple(found.values())


def _levels(permissions: Permissions) -> str:
    return ", ".join(f"{c} {level}" for c, level in permissions.levels.items())


def listing_text(
    record: CoordinationRecord, listed: tuple[Permissions, ...], at: dt.datetime
) -> str:
    """The listing as ``carecircle who-can-access`` prints it."""
    head = f"record {record.record_id} v{record.version} at {ser.unstructure(at)}:"
    if not listed:
        return f"{head} nobody can access it"
    rows = [("principal", "through", "levels")]
    rows += [
        (
            p.principal.label,
            "; ".join(_path_text(record, path) for path in p.paths),
            _levels(p),
        )
        for p in listed
    ]
    return "\n".join([head, *table(rows)])


def run_who_can_access(args: argparse.Namespace) -> int:
    """List who can access the record, and what they may do."""
    record = read_record(args.record)
    matrix = read_matrix(args.matrix)
    principals = candidates(record) if args.principals is None else read_principals(args.principals)
    at = _when(args.at)
    listed = who_can_access(record, principals, matrix=matrix, at=at)
    if args.json:
        report = {
            "record_id": record.record_id,
            "version": record.version,
            "at": ser.unstructure(at),
            "candidates": len(principals),
            "principals": [
                {
                    "principal": ser.unstructure(p.principal),
                    "paths": [ser.unstructure(path) for path in p.paths],
                    "levels": {c: str(level) for c, level in p.levels.items()},
                }
                for p in listed
            ],
        }
        write_output(dump(report), None)
    else:
        write_output(listing_text(record, listed, at), None)
    return OK
