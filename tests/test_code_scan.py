"""The scan that finds every code the library produces (``tests/helpers/code_scan.py``), tried
on small sources: it must see a new code in each shape the library writes one, and say when it
cannot.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.code_scan import Found, scan
else:
    from .helpers.code_scan import Found, scan


def scanned(**modules: str) -> Found:
    """Scan modules given as ``pkg__mod="source"`` (``__`` for the dots)."""
    return scan({name.replace("__", "."): textwrap.dedent(text) for name, text in modules.items()})


def test_a_literal_code_of_a_violation_an_advisory_or_an_error() -> None:
    found = scanned(
        pkg__rules="""
        from pkg.errors import Advisory, InvalidValueError, Violation as V
        def check(x):
            yield V(code="BRAND_NEW", path="x", message="new")
            yield Advisory(code="SOFT_ONE", path="x", message="soft")
            raise InvalidValueError.of("RAISED_ONE", "x", "raised")
        """
    )
    assert set(found.codes) == {"BRAND_NEW", "SOFT_ONE", "RAISED_ONE"}
    assert found.codes["BRAND_NEW"] == {"pkg.rules:4"}
    assert not found.unresolved


def test_constants_local_and_imported_module_and_class_attributes() -> None:
    found = scanned(
        pkg__codes="""
        from typing import Final
        ONE: Final = "CODE_ONE"
        class Reason:
            TWO = "CODE_TWO"
        """,
        pkg__use="""
        from pkg import codes
        from pkg.codes import ONE, Reason
        LOCAL = "CODE_LOCAL"
        def f(flag):
            Violation(code=ONE, path="", message="")
            Violation(code=codes.ONE, path="", message="")
            Violation(code=Reason.TWO, path="", message="")
            Violation(code=LOCAL if flag else "CODE_ELSE", path="", message="")
        """,
    )
    assert set(found.codes) == {"CODE_ONE", "CODE_TWO", "CODE_LOCAL", "CODE_ELSE"}


def test_local_variables_unpacked_and_looped_over() -> None:
    found = scanned(
        m="""
        def f(active):
            code, message = ("GONE", "left") if active else ("STILL_HERE", "still")
            Violation(code=code, path="", message=message)
            for c in ("LOOP_A", "LOOP_B"):
                Violation(code=c, path="", message="")
        """
    )
    assert set(found.codes) == {"GONE", "STILL_HERE", "LOOP_A", "LOOP_B"}


def test_a_code_passed_through_helpers_is_read_at_their_calls() -> None:
    found = scanned(
        pkg__helpers="""
        def problem(code, path):
            return InvalidValueError.of(code, path, "no")
        def relay(code):
            return problem(code, "x")
        class Problems:
            def add(self, code, path="", *, note=None, fallback_code="DEFAULTED"):
                self.found.append(Violation(code=code, path=path, message=""))
                self.found.append(Violation(code=fallback_code, path=path, message=""))
        """,
        pkg__user="""
        from pkg import helpers as h
        from pkg.helpers import relay as send
        def use(p):
            h.problem("VIA_MODULE", "x")
            send("VIA_ALIAS")
            p.add("VIA_METHOD", "y")
            p.add(code="VIA_KEYWORD")
        """,
        other="""
        def unrelated(seen):
            seen.add("NOT_A_CODE_AT_ALL")
            problem("NOT_IMPORTED")
        """,
    )
    assert set(found.codes) == {
        "VIA_MODULE",
        "VIA_ALIAS",
        "VIA_METHOD",
        "VIA_KEYWORD",
        "DEFAULTED",
    }


def test_codes_built_at_run_time_are_templates() -> None:
    found = scanned(
        m="""
        def f(reason, status):
            Violation(code=f"ACTOR_{reason}", path="", message="")
            Violation(code="CIRCLE_" + status.upper(), path="", message="")
        """
    )
    assert dict(found.templates) == {"ACTOR_{}": {"m:3"}, "CIRCLE_{}": {"m:4"}}
    assert not found.codes


def test_what_the_scan_cannot_read_is_reported_not_missed() -> None:
    found = scanned(
        m="""
        def f(c, table, v):
            Violation(code=c, path="", message="")
            Violation(code=table["x"], path="", message="")
            Violation(code="lower case", path="", message="")
            Violation(code=UNDEFINED, path="", message="")
            Violation(code=v.code, path="", message="")
        """
    )
    assert found.unresolved == {
        ("m:3", "c"),
        ("m:4", "table['x']"),
        ("m:5", "'lower case'"),
        ("m:6", "UNDEFINED"),
    }
    assert not found.codes  # ``v.code``: an existing violation's code, passed on
