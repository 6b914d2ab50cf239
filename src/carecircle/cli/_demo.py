"""``carecircle demo``: the user guide walked on the Occitanie sample data, as text or JSON."""

from __future__ import annotations

import argparse
from typing import Any

from carecircle import demo
from carecircle.cli._common import OK, dump, table, write_output


def add_parser(commands: Any) -> None:
    """The ``demo`` subcommand."""
    parser = commands.add_parser(
        "demo",
        help="walk the user guide on fictional Occitanie sample data",
        description="Walk the SPICO user guide on fictional Occitanie sample data: create a "
        "record, search the directories, add every kind of member, habilitate, refuse, try "
        "forbidden changes, then print the circle, access decisions, notices and an invitation.",
    )
    parser.add_argument(
        "--json", action="store_true", help="print the report as JSON instead of text"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Play the demo and print its report."""
    report = demo.run()
    write_output(dump(report) if args.json else text(report), None)
    return OK


def _step_lines(step: dict[str, Any]) -> list[str]:
    lines = [f"{step['number']:>2}. [{step['guide']}] {step['title']}."]
    search = step.get("search")
    if search:
        shown = ", ".join(search["shown"])
        lines.append(f"      directory: {search['total']} found: {shown}")
    change = step.get("change")
    if change:
        notices = ", ".join(change["notices"]) or "none"
        events = ", ".join(change["events"])
        lines.append(f"      record v{change['version']}: {events}; notices to: {notices}")
    lines.extend(
        f"      rejected: {v['code']} at {v['path']}: {v['message']}"
        for v in step.get("rejected", ())
    )
    return lines


def _circle_lines(report: dict[str, Any]) -> list[str]:
    rows = [("id", "member", "kind", "profession", "roles", "habilitation", "access")]
    for m in report["circle"]:
        habilitation = ("habilitated" if m["habilitated"] else "not habilitated") + (
            ", sharing refused" if m["sharing_refused"] else ""
        )
        rows.append(
            (
                m["id"],
                m["name"],
                m["kind"].replace("_", " "),
                m["profession"] or "-",
                ", ".join(m["roles"]) or "-",
                habilitation,
                "yes" if m["access"] else "no",
            )
        )
    return table(rows)


def _path(p: dict[str, Any]) -> str:
    if p["emergency"] is not None:
        return f"emergency access {p['emergency']}"
    return str(p["member"]) + (" (via structure)" if p["via_structure"] else "")


def _decision_lines(report: dict[str, Any]) -> list[str]:
    rows = [("who", "asks", "answer", "paths or reasons")]
    for d in report["decisions"]:
        why = (
            ", ".join(_path(p) for p in d["paths"])
            if d["allowed"]
            else ", ".join([*d["reasons"], *(f"refusal {r}" for r in d["refusals"])])
        )
        rows.append(
            (
                f"{d['name']}, {d['who']}",
                f"{d['action']} {d['category']}",
                "allowed" if d["allowed"] else "denied",
                why,
            )
        )
    return table(rows)


def _access_lines(report: dict[str, Any]) -> list[str]:
    rows = [("account", "name", "via", "levels")]
    for p in report["who_can_access"]:
        levels = ", ".join(f"{c} {level}" for c, level in p["levels"].items())
        rows.append(
            (p["account"], p["name"], "structure" if p["via_structure"] else "direct", levels)
        )
    return table(rows)


def text(report: dict[str, Any]) -> str:
    """The demo's report as the text ``carecircle demo`` prints."""
    record = report["record"]
    lines = [
        f"carecircle demo: the care circle of {record['patient']}, record {record['id']}",
        "(SPICO user guide, on fictional Occitanie sample data)",
        "",
    ]
    for step in report["steps"]:
        lines.extend(_step_lines(step))
    lines += [
        "",
        (
            f"Care circle of {record['patient']}, record {record['id']} v{record['version']} "
            "(sorted by name, G15):"
        ),
        *_circle_lines(report),
        "",
        "Access decisions, with the example habilitation matrix (R1-R4, G5, G11):",
        *_decision_lines(report),
        "",
        "Who can open the record now, and what they may do:",
        *_access_lines(report),
        "",
        "Habilitation notices handed to the notifier (G14):",
        *(
            f"  {n['recipient']} ({'structure' if n['structure'] else 'professional'}, "
            f"member {n['member']}): {n['subject']}"
            for n in report["notifications"]
        ),
        "",
        "Emergency access notices handed to the notifier (the circle's editors):",
        *(
            f"  {n['recipient']} (access {n['access']}): {n['subject']}"
            for n in report["emergency_notices"]
        ),
        "",
    ]
    invitation = report["invitation"]
    lines += [
        "Invitation to create a PASS account (G13), edited then sent:",
        *(
            f"  editing refused: {v['code']} at {v['path']}: {v['message']}"
            for v in invitation["rejected_edit"]
        ),
        "  as a mailto: URI (RFC 6068):",
        f"    {invitation['mailto']}",
        "  as a plain message:",
        *(f"    {line}".rstrip() for line in invitation["message"].splitlines()),
    ]
    return "\n".join(lines)
