"""Mutation testing of ``carecircle.rules`` and ``carecircle._access`` with mutmut 3.

Usage::

    .venv/bin/python scripts/mutation.py                  # both areas, HEAD, CPU-count workers
    .venv/bin/python scripts/mutation.py --area rules --max-children 2
    .venv/bin/python scripts/mutation.py --area access --only 'carecircle._access.matrix.*'
    .venv/bin/python scripts/mutation.py --fail-under 95  # exit 1 when the score is lower

The last line printed is ``mutation score: N %`` (killed / tested, over the areas run). Before
it come, per area, the counts by status, the wall time and the names of the mutants that were
not killed (``--diffs`` prints each one's diff as well).

How it runs
-----------
- Each area runs in a temporary directory of its own (under ``$TMPDIR``) holding a copy of
  ``src/``, ``tests/`` and ``pyproject.toml`` taken from a git revision (``--rev``, default
  ``HEAD``, via ``git archive``; ``--worktree`` copies the working tree instead). The working
  tree is never written to, and edits made to it during the run do not disturb the run. The
  directory, with mutmut's ``mutants/`` folder, is removed afterwards (``--keep`` keeps it).
- The copy gets a ``[tool.mutmut]`` table appended to its ``pyproject.toml`` and a
  ``pytest.ini`` (which pytest prefers to ``pyproject.toml``): the project's pytest options
  minus ``--doctest-modules`` and ``--doctest-glob``, with ``testpaths = tests`` (doctests of
  mutated modules break collection), plus ``-p no:cacheprovider``,
  ``--hypothesis-profile=mutation`` (registered by ``tests/conftest.py``: derandomized, no
  example database, no deadline, health checks suppressed) and ``--hypothesis-seed=0``.
- mutmut runs with ``process_isolation = "forkserver"``: each mutant's worker is forked from a
  server that has only collected the tests, not from the process that ran them, so memos
  filled by the clean runs cannot hide a mutant. Code run at import time never runs mutated:
  ``_access/example_matrix.py`` (example data built when it loads) is not mutated.
- A pytest plugin written into the copy runs each mutant's tests cheapest first (mutmut stops
  at the first failure) and extends the ``mutation`` profile, for the copy only, with no
  ``shrink`` or ``explain`` phase: a failing property is a kill as it stands.
- The original ``src/`` (the editable install's path entry) is taken off ``sys.path`` before
  mutmut starts, so a module missing from the copy cannot silently come from the working tree.

Which tests each area's mutants run
-----------------------------------
mutmut 3 first runs the selected test files once under a tracing trampoline and records, for
each mutated function, the tests that called it (directly or through other code); each mutant
then runs only those tests (``-x``: it stops at the first failure). The selection below is the
pool it picks from:

- ``rules``: ``test_rules.py``, ``test_rules_mutants.py``, ``test_rules_mutants_2.py``,
  ``test_properties.py``, ``test_operations.py``,
  ``test_model.py``, ``test_views.py``, ``test_decisions.py``, and issue 10's
  ``test_continuity.py``, ``test_lifecycle.py``, ``test_legal_protection.py``,
  ``test_platform_professions.py``, ``test_operation_events.py`` — the rules' own tests, the
  properties that compare them with a reference, and the operations that apply them.
- ``access``: ``test_access_mutants.py``, ``test_access_mutants_2.py``, ``test_access.py``,
  ``test_access_identity.py``,
  ``test_access_derived.py``, ``test_access_plain.py``, ``test_access_instants.py``,
  ``test_decisions.py``, ``test_listings.py``, ``test_matrix.py``, ``test_views.py``, and
  issue 10's ``test_refusals.py``, ``test_entered_in_error.py``, ``test_emergency.py``,
  ``test_lifecycle.py``; the
  property tests that reach nearly every function of ``_fast.py`` and ``effective.py`` run
  at most ``PROPERTY_CAP`` examples each there (``PROPERTY_EXAMPLES``): a cap can only lower
  the score.

``tests/test_stateful.py`` and ``tests/test_service_stateful.py`` are left out of both: under
mutmut a stateful test costs about a minute per mutant it covers (and it covers nearly every
function), while the files above kill nearly everything it kills (measured, see
``docs/testing.md``). Run the stateful tests as part of the ordinary suite.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: The package each area mutates (``access`` is the private ``carecircle._access``).
FOLDERS: dict[str, str] = {"rules": "rules", "access": "_access"}

AREAS: dict[str, tuple[str, ...]] = {
    "rules": (
        "tests/test_rules.py",
        "tests/test_rules_mutants.py",
        "tests/test_rules_mutants_2.py",
        "tests/test_operations.py",
        "tests/test_operations_privacy.py",
        "tests/test_operations_instants.py",
        "tests/test_operations_incremental.py",
        "tests/test_model.py",
        "tests/test_views.py",
        "tests/test_properties.py::TestRuleModules",
        "tests/test_properties.py::TestPrivateDetailsStayPrivate",
        "tests/test_properties.py::TestAllProblemsAtOnce",
        "tests/test_continuity.py",
        "tests/test_lifecycle.py",
        "tests/test_legal_protection.py",
        "tests/test_platform_professions.py",
        "tests/test_operation_events.py",
    ),
    "access": (
        "tests/test_access_mutants.py",
        "tests/test_access_mutants_2.py",
        "tests/test_access.py",
        "tests/test_access_identity.py",
        "tests/test_access_derived.py",
        "tests/test_access_plain.py",
        "tests/test_access_instants.py",
        "tests/test_decisions.py",
        "tests/test_listings.py",
        "tests/test_matrix.py",
        "tests/test_views.py",
        "tests/test_refusals.py",
        "tests/test_entered_in_error.py",
        "tests/test_emergency.py",
        "tests/test_lifecycle.py",
    ),
}

# The most examples a property test runs in an area's mutation run, by node-id prefix (the
# first matching prefix counts; a test's own lower max_examples stands). In access/, nearly
# every function of _fast.py and effective.py is reached by these property tests, and a
# surviving mutant runs all of them: at their own sizes (25 to 60 examples), 13-19 s per
# mutant, over an hour in all. Capped, they still compare the fast path with the plain one on
# PROPERTY_CAP generated records each; the example tests (test_access_mutants.py and the
# others) pin what only the larger runs caught. A cap can only lower the score (a mutant the
# capped run kills is killed), never raise it. The ordinary suite runs them at full size.
PROPERTY_CAP = 8
PROPERTY_EXAMPLES: dict[str, tuple[tuple[str, int], ...]] = {
    "rules": (),
    "access": (
        ("tests/test_access_plain.py::TestFastIsPlain::", PROPERTY_CAP),
        ("tests/test_decisions.py::", PROPERTY_CAP),
        ("tests/test_listings.py::TestListingsAreDecide::", PROPERTY_CAP),
        ("tests/test_access_instants.py::TestAnyZoneAnyFold::", PROPERTY_CAP),
        ("tests/test_access_identity.py::", PROPERTY_CAP),
        ("tests/test_access_derived.py::TestDerivedIsBuilt::", PROPERTY_CAP),
    ),
}

COPIED = ("src", "tests", "pyproject.toml")
DROPPED_ADDOPTS = ("--doctest-modules", "--doctest-glob")
PYTEST_ARGS = (
    "-p",
    "no:cacheprovider",
    "-p",
    "carecircle_mutation_support",
    "--hypothesis-profile=mutation",
    "--hypothesis-seed=0",
)
# A pytest plugin for the copy (on PYTHONPATH, loaded with -p):
# - a worker stops at the first failing test (-x): running the cheapest tests first kills most
#   mutants in a fraction of a second. The collected tests are ordered by the durations mutmut
#   measured in its stats run (unknown tests last); nothing is reordered before that run.
# - a property test that fails would then shrink its example, which takes longer than finding
#   it and tells mutmut nothing more: the ``mutation`` profile is extended, for the copy only,
#   with the phases that find a failure and without those that shrink and explain it.
# - the property tests PROPERTY_EXAMPLES names run at most that many examples.
SUPPORT_PLUGIN = """
import json
from pathlib import Path

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    from hypothesis import Phase, settings

    base = settings.get_profile("mutation")
    phases = (Phase.explicit, Phase.reuse, Phase.generate, Phase.target)
    settings.register_profile("mutation", parent=base, phases=phases)


# node-id prefix -> the most examples a property test under it runs (see PROPERTY_EXAMPLES).
CAPS = json.loads(Path(__file__).with_name("carecircle_mutation_caps.json").read_text("utf-8"))


def _cap(item):
    test = getattr(item.obj, "__func__", item.obj)
    current = getattr(test, "_hypothesis_internal_use_settings", None)
    if current is None or not getattr(test, "is_hypothesis_test", False):
        return
    for prefix, most in CAPS:
        if item.nodeid.startswith(prefix) and current.max_examples > most:
            from hypothesis import settings

            test._hypothesis_internal_use_settings = settings(current, max_examples=most)
            return


def pytest_collection_modifyitems(session, config, items):
    for item in items:
        _cap(item)
    stats = Path("mutmut-stats.json")
    if not stats.exists():
        return
    duration = json.loads(stats.read_text("utf-8")).get("duration_by_test", {})
    items.sort(key=lambda item: duration.get(item.nodeid, float("inf")))
"""
# mutmut forks each mutant's worker from a fork server that has collected the tests, so code run
# at import time never runs mutated. example_matrix is example data built when the module loads
# (EXAMPLE_MATRIX, EXAMPLE_GROUPS): its 113 mutants would all "survive" without running. Its
# contents are pinned by tests/test_matrix.py instead.
# (forkserver_warmup = "import", which would import carecircle in each worker, makes every
# worker fail at once under mutmut 3.8.1, and mutmut counts exit 255 as a timeout, i.e. killed.)
DO_NOT_MUTATE = ("src/carecircle/_access/example_matrix.py",)
# mutmut's CPU-time limit per mutant is (tests' time + constant) x multiplier x 2; its default
# multiplier of 15 lets a mutant that loops forever hold a worker for minutes.
TIMEOUT_MULTIPLIER = 3.0
TIMEOUT_CONSTANT = 2.0
KILLED = frozenset({"killed", "timeout", "caught by type check"})
NOT_TESTED = frozenset({"skipped", "not checked"})

# Run mutmut's command line with the original source off sys.path (the editable install adds it).
LAUNCHER = """
import sys
from pathlib import Path
original = Path(sys.argv.pop(1)).resolve()
sys.path[:] = [p for p in sys.path if not p or Path(p).resolve() != original]
from mutmut.__main__ import cli
sys.argv[0] = "mutmut"
cli()
"""


@dataclass
class AreaResult:
    """What one area's run produced."""

    area: str
    status_by_mutant: dict[str, str] = field(default_factory=dict)
    diff_by_mutant: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    mutmut_exit: int = 0
    crashed: int = 0  # workers that exited 255: mutmut counts them as timeouts

    @property
    def tested(self) -> int:
        return sum(1 for s in self.status_by_mutant.values() if s not in NOT_TESTED)

    @property
    def killed(self) -> int:
        return sum(1 for s in self.status_by_mutant.values() if s in KILLED)

    @property
    def not_killed(self) -> list[str]:
        return sorted(m for m, s in self.status_by_mutant.items() if s not in KILLED | NOT_TESTED)


def toml_string(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid TOML basic string


def toml_list(values: list[str] | tuple[str, ...]) -> str:
    return "[" + ", ".join(toml_string(v) for v in values) + "]"


def export_tree(target: Path, rev: str, *, worktree: bool) -> None:
    """Copy src/, tests/ and pyproject.toml of ``rev`` (or of the working tree) into target."""
    if worktree:
        for name in COPIED:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(source, target / name)
        return
    git = shutil.which("git")
    if git is None:
        sys.exit("git not found; use --worktree")
    archive = target / "tree.tar"
    with archive.open("wb") as out:
        subprocess.run(  # noqa: S603 - our own git, our own arguments
            [git, "-C", str(ROOT), "archive", "--format=tar", rev, *COPIED],
            stdout=out,
            check=True,
        )
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    archive.unlink()


def resolve(rev: str) -> str:
    git = shutil.which("git")
    if git is None:
        sys.exit("git not found; use --worktree")
    done = subprocess.run(  # noqa: S603 - our own git, our own arguments
        [git, "-C", str(ROOT), "rev-parse", "--verify", f"{rev}^{{commit}}"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def write_pytest_ini(target: Path) -> None:
    """The project's pytest options, without doctests, collecting tests/ only."""
    options = tomllib.loads((target / "pyproject.toml").read_text("utf-8"))["tool"]["pytest"][
        "ini_options"
    ]
    lines = ["[pytest]"]
    for key, option in options.items():
        value = option
        if key == "testpaths":
            value = ["tests"]
        elif key == "addopts":
            value = [v for v in option if not v.startswith(DROPPED_ADDOPTS)]
        if isinstance(value, list):
            lines.append(f"{key} =")
            lines.extend(f"    {v}" for v in value)
        elif isinstance(value, bool):
            lines.append(f"{key} = {str(value).lower()}")
        else:
            lines.append(f"{key} = {value}")
    (target / "pytest.ini").write_text("\n".join(lines) + "\n", "utf-8")


def write_mutmut_config(target: Path, area: str) -> None:
    pyproject = target / "pyproject.toml"
    text = pyproject.read_text("utf-8")
    if "[tool.mutmut]" in text:
        sys.exit("pyproject.toml already has a [tool.mutmut] table; this script writes its own")
    table = "\n".join(
        [
            "",
            "[tool.mutmut]  # written by scripts/mutation.py into its temporary copy",
            'source_paths = ["src"]',
            f"only_mutate = {toml_list([f'src/carecircle/{FOLDERS[area]}/*'])}",
            f"also_copy = {toml_list(['pytest.ini'])}",
            f"pytest_add_cli_args = {toml_list(PYTEST_ARGS)}",
            f"pytest_add_cli_args_test_selection = {toml_list(AREAS[area])}",
            f"timeout_multiplier = {TIMEOUT_MULTIPLIER}",
            f"timeout_constant = {TIMEOUT_CONSTANT}",
            'process_isolation = "forkserver"',
            'forkserver_warmup = "collect"',
            f"do_not_mutate = {toml_list(DO_NOT_MUTATE)}",
            "use_git_change_detection = false",
            "",
        ]
    )
    pyproject.write_text(text + table, "utf-8")


def mutmut(workdir: Path, *args: str, log: Path | None = None) -> tuple[int, str]:
    """Run mutmut in workdir; return its exit status and its output (unless sent to log).

    mutmut runs in a session of its own, so that an interrupted run (Ctrl-C, SIGTERM) takes
    mutmut, its fork server and its workers down with it.
    """
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "MUTANT_UNDER_TEST"}}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONPATH"] = str(workdir / "_support")
    command = [sys.executable, "-c", LAUNCHER, str(ROOT / "src"), *args]
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(log.open("w")) if log is not None else subprocess.PIPE
        process = subprocess.Popen(  # noqa: S603 - this interpreter running mutmut
            command,
            cwd=workdir,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        try:
            output, _ = process.communicate()
        except BaseException:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise
    return process.returncode, output or ""


def children_cpu_seconds() -> float:
    """CPU time (user + system) of the finished child processes: a figure the load of the
    machine changes much less than the wall time."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def crashed_workers(workdir: Path) -> int:
    """Mutants whose worker exited 255 (an exception around the test run, not a timeout)."""
    return sum(
        1
        for meta in (workdir / "mutants").rglob("*.py.meta")
        for code in json.loads(meta.read_text("utf-8"))["exit_code_by_key"].values()
        if code == 255
    )


def read_statuses(workdir: Path) -> dict[str, str]:
    from mutmut.stats import status_by_exit_code  # noqa: PLC0415 - only needed after the run

    statuses: dict[str, str] = {}
    for meta in sorted((workdir / "mutants").rglob("*.py.meta")):
        data = json.loads(meta.read_text("utf-8"))
        for name, code in data["exit_code_by_key"].items():
            statuses[name] = status_by_exit_code[code]
    return statuses


def tests_per_function(workdir: Path) -> dict[str, list[str]]:
    stats = workdir / "mutants" / "mutmut-stats.json"
    if not stats.exists():
        return {}
    data = json.loads(stats.read_text("utf-8"))
    tests: dict[str, list[str]] = data.get("tests_by_mangled_function_name", {})
    return tests


def run_area(area: str, args: argparse.Namespace) -> AreaResult:
    result = AreaResult(area)
    workdir = Path(tempfile.mkdtemp(prefix=f"carecircle-mutation-{area}-"))
    started = time.monotonic()
    try:
        export_tree(workdir, args.rev, worktree=args.worktree)
        write_pytest_ini(workdir)
        write_mutmut_config(workdir, area)
        (workdir / "_support").mkdir()
        (workdir / "_support" / "carecircle_mutation_support.py").write_text(
            SUPPORT_PLUGIN, "utf-8"
        )
        (workdir / "_support" / "carecircle_mutation_caps.json").write_text(
            json.dumps(PROPERTY_EXAMPLES[area]), "utf-8"
        )
        log = workdir / "mutmut.log"
        print(f"[{area}] mutmut run in {workdir} (log: {log})", flush=True)
        run_args = ["run", "--max-children", str(args.max_children)]
        cpu_before = children_cpu_seconds()
        result.mutmut_exit, _ = mutmut(workdir, *run_args, *args.only, log=log)
        result.seconds = time.monotonic() - started
        result.cpu_seconds = children_cpu_seconds() - cpu_before
        result.status_by_mutant = read_statuses(workdir)
        result.crashed = crashed_workers(workdir)
        if result.crashed > len(result.status_by_mutant) // 10:
            print(f"[{area}] {result.crashed} workers exited 255: the run is broken")
            result.mutmut_exit = result.mutmut_exit or 3
        if result.mutmut_exit != 0 or not result.status_by_mutant:
            print(f"[{area}] mutmut exited with {result.mutmut_exit}; the end of its log:")
            print("\n".join(log.read_text("utf-8", "replace").splitlines()[-40:]))
        if args.only:
            patterns = args.only
            from fnmatch import fnmatch  # noqa: PLC0415

            result.status_by_mutant = {
                m: s
                for m, s in result.status_by_mutant.items()
                if any(m == p or fnmatch(m, p) for p in patterns)
            }
        tests = tests_per_function(workdir)
        if tests:
            stateful = sum(1 for names in tests.values() for t in names if "stateful" in t)
            sizes = sorted(len(v) for v in tests.values())
            print(
                f"[{area}] tests per mutated function: median {sizes[len(sizes) // 2]}, "
                f"max {sizes[-1]} ({len(sizes)} functions; stateful tests selected: {stateful})"
            )
        if args.diffs:
            for name in result.not_killed:
                _, shown = mutmut(workdir, "show", name)
                result.diff_by_mutant[name] = shown.strip()
    finally:
        if args.keep:
            print(f"[{area}] kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return result


def report(result: AreaResult) -> None:
    counts = Counter(result.status_by_mutant.values())
    score = 100 * result.killed / result.tested if result.tested else 0.0
    print(
        f"== {result.area}: {result.killed}/{result.tested} killed ({score:.1f} %), "
        f"{result.seconds / 60:.1f} min wall, {result.cpu_seconds / 60:.1f} min CPU"
    )
    print("   " + ", ".join(f"{status}: {n}" for status, n in sorted(counts.items())))
    for name in result.not_killed:
        print(f"   {result.status_by_mutant[name]:>9}  {name}")
        diff = result.diff_by_mutant.get(name)
        if diff:
            print("\n".join("        " + line for line in diff.splitlines()))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--area", choices=[*AREAS, "all"], default="all")
    parser.add_argument(
        "--max-children",
        type=int,
        default=os.cpu_count() or 2,
        help="parallel mutant workers (default: the CPU count)",
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="PATTERN",
        help="run only the mutants matching this mutmut name or glob "
        "(e.g. 'carecircle.rules.privacy.*'); repeatable",
    )
    parser.add_argument("--rev", default="HEAD", help="git revision to test (default HEAD)")
    parser.add_argument(
        "--worktree",
        action="store_true",
        help="copy the working tree instead of a git revision",
    )
    parser.add_argument("--fail-under", type=float, default=None, metavar="PERCENT")
    parser.add_argument("--diffs", action="store_true", help="print the survivors' diffs")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directories")
    return parser.parse_args(argv)


def stop(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds: mutmut is killed and the copies removed


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, stop)
    if not args.worktree:  # every area tests the same commit, whatever lands meanwhile
        args.rev = resolve(args.rev)
        print(f"testing {args.rev}")
    areas = list(AREAS) if args.area == "all" else [args.area]
    started = time.monotonic()
    results = []
    for area in areas:
        results.append(run_area(area, args))
        report(results[-1])
    killed = sum(r.killed for r in results)
    tested = sum(r.tested for r in results)
    score = 100 * killed / tested if tested else 0.0
    print(f"total: {killed}/{tested} killed in {(time.monotonic() - started) / 60:.1f} min wall")
    print(f"mutation score: {score:.1f} %")
    if any(r.mutmut_exit != 0 for r in results) or tested == 0:
        return 2
    if args.fail_under is not None and score < args.fail_under:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
