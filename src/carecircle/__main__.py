"""``python -m carecircle``: the demo; the only place in the package that prints."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from carecircle import demo


def _table(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows as aligned text columns, the first row being the header."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


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
    return _table(rows)


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
    return _table(rows)


def _access_lines(report: dict[str, Any]) -> list[str]:
    rows = [("account", "name", "via", "levels")]
    for p in report["who_can_access"]:
        levels = ", ".join(f"{c} {level}" for c, level in p["levels"].items())
        rows.append(
            (p["account"], p["name"], "structure" if p["via_structure"] else "direct", levels)
        )
    return _table(rows)


def _text(report: dict[str, Any]) -> str:
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m carecircle",
        description="carecircle: care circles (cercles de soins) of coordination records.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    demo_parser = commands.add_parser(
        "demo",
        help="walk the user guide on fictional Occitanie sample data",
        description="Walk the SPICO user guide on fictional Occitanie sample data: create a "
        "record, search the directories, add every kind of member, habilitate, refuse, try "
        "forbidden changes, then print the circle, access decisions, notices and an invitation.",
    )
    demo_parser.add_argument(
        "--json", action="store_true", help="print the report as JSON instead of text"
    )
    args = parser.parse_args(argv)
    report = demo.run()
    text = json.dumps(report, ensure_ascii=False, indent=2) if args.json else _text(report)
    try:
        print(text, flush=True)
    except BrokenPipeError:
        # The reader stopped early (``| head``): not a failure. Silence the final flush.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":  # pragma: no cover -- run in a subprocess by tests/test_demo.py
    sys.exit(main())
