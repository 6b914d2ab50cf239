"""What ``import carecircle`` loads (issue 11, item 4), checked by structure, never timed.

``import carecircle`` loads no module of its own: every public name is imported from its
module on first access (PEP 562). The heavy dependencies wait for their first use:
``stdnum`` (which drags ``ssl`` along) until an identifier is checked with it,
``phonenumbers`` until a telephone number is, and the nomenclature snapshot until a code
system is looked up. ``benchmarks/serialization.py`` times the import; a timed assertion
here would flake on a shared machine.

Each check runs in a fresh interpreter, which imports the same ``carecircle`` as this test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

import carecircle

#: Never loaded by ``import carecircle``.
HEAVY = ("stdnum", "phonenumbers", "ssl", "cattrs", "carecircle.serialization")
#: The directory ``carecircle`` was imported from, for the child interpreters.
SOURCE_ROOT = str(Path(carecircle.__file__).resolve().parents[1])


def run_child(script: str) -> str:
    """What ``script`` prints in a fresh interpreter; fails the test if the script fails."""
    path = os.pathsep.join([SOURCE_ROOT, *filter(None, [os.environ.get("PYTHONPATH")])])
    done = subprocess.run(  # noqa: S603 -- our own interpreter and script
        [sys.executable, "-c", script],
        env={**os.environ, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def loaded_after(script: str) -> set[str]:
    """The modules of ``sys.modules`` once ``script`` has run in a fresh interpreter."""
    out = run_child(f"{script}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n")
    modules: list[str] = json.loads(out.splitlines()[-1])
    return set(modules)


def test_the_child_imports_this_carecircle() -> None:
    out = run_child("import carecircle; print(carecircle.__file__)")
    assert Path(out.strip()).resolve() == Path(carecircle.__file__).resolve()


def test_import_carecircle_loads_none_of_its_modules() -> None:
    found = loaded_after("import carecircle")
    assert not found & set(HEAVY)
    assert {m for m in found if m.startswith("carecircle")} == {"carecircle"}


def test_the_model_and_access_decisions_load_no_heavy_dependency() -> None:
    found = loaded_after(
        "from carecircle import CoordinationRecord, is_allowed, decide\n"
        "from carecircle.nomenclatures import Code\n"
        "from carecircle import identifiers"
    )
    assert {"carecircle._model", "carecircle._access", "carecircle.identifiers.phone"} <= found
    assert not found & set(HEAVY)


def test_nomenclatures_load_the_snapshot_on_first_lookup() -> None:
    snapshot = "carecircle.nomenclatures._snapshot"
    assert snapshot not in loaded_after("from carecircle.nomenclatures import Code, label")
    assert snapshot in loaded_after("from carecircle.nomenclatures import SYSTEMS")
    assert snapshot in loaded_after(
        "from carecircle.nomenclatures import code_system\ncode_system('TRE_G15')"
    )


@pytest.mark.parametrize(
    ("script", "dependency"),
    [
        ("from carecircle.identifiers import siret\nsiret.validate('73282932000074')", "stdnum"),
        ("from carecircle.identifiers import rpps\nrpps.advisories('10003456786')", "stdnum"),
        ("from carecircle.identifiers import ins\nins.is_valid('1')", "stdnum"),
        ("from carecircle.identifiers import phone\nphone.is_valid('0612345678')", "phonenumbers"),
    ],
)
def test_identifiers_import_their_library_on_first_use(script: str, dependency: str) -> None:
    module = script.split("\n", 1)[0]
    assert dependency not in loaded_after(module)
    assert dependency in loaded_after(script)


def test_every_public_name_resolves_in_a_fresh_interpreter() -> None:
    names = ", ".join(carecircle.__all__)
    found = loaded_after(
        "import carecircle\n"
        f"from carecircle import {names}\n"
        "assert all(getattr(carecircle, n) is not None for n in carecircle.__all__)\n"
        "assert set(carecircle.__all__) <= set(dir(carecircle))"
    )
    assert "carecircle._service" in found


def test_public_names_are_the_objects_of_their_modules() -> None:
    for name in carecircle.__all__:
        value = getattr(carecircle, name)
        if isinstance(value, types.ModuleType):
            assert value.__name__ == f"carecircle.{name}"
        else:
            origin = sys.modules[carecircle._ORIGIN[name]]
            assert getattr(origin, name) is value, name
    assert set(carecircle.__all__) == set(carecircle._ORIGIN) | (
        set(carecircle.__all__) & carecircle._SUBMODULES
    )


def test_dir_lists_every_public_name_and_no_helper() -> None:
    listed = dir(carecircle)
    assert set(carecircle.__all__) <= set(listed)
    assert listed == sorted(listed)
    assert not {"_ORIGIN", "_EXPORTS", "importlib", "TYPE_CHECKING"} & set(listed)


def test_the_public_namespaces_resolve_as_attributes() -> None:
    for name in ("events", "history", "identifiers", "instants", "nomenclatures", "rules"):
        assert getattr(carecircle, name).__name__ == f"carecircle.{name}"


def test_the_private_packages_are_not_attributes() -> None:
    """One public layout: the core's implementation packages are reached through the top
    level's names, never as ``carecircle.model`` and the like."""
    for name in ("model", "access", "operations", "errors", "service", "views", "ports"):
        with pytest.raises(AttributeError):
            getattr(carecircle, name)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = carecircle.no_such_name  # type: ignore[attr-defined]
    with pytest.raises(ImportError):
        exec("from carecircle import no_such_name")  # noqa: S102 -- a literal statement
    with pytest.raises(AttributeError, match="NO_SUCH"):
        _ = carecircle.nomenclatures.NO_SUCH  # type: ignore[attr-defined]


def test_threads_share_one_build_of_the_code_systems() -> None:
    """Threads racing for the first lookup all get the same systems, built once."""
    script = (
        "import threading\n"
        "from carecircle import nomenclatures\n"
        "barrier = threading.Barrier(8)\n"
        "seen = []\n"
        "def first_use(i):\n"
        "    barrier.wait()\n"
        "    if i % 2:\n"
        "        seen.append(nomenclatures.code_system('TRE_G15'))\n"
        "    else:\n"
        "        seen.append(nomenclatures.SYSTEMS['TRE_G15'])\n"
        "threads = [threading.Thread(target=first_use, args=(i,)) for i in range(8)]\n"
        "for t in threads: t.start()\n"
        "for t in threads: t.join()\n"
        "assert len(seen) == 8 and all(s is seen[0] for s in seen), seen\n"
        "assert nomenclatures.SYSTEMS['TRE_G15'] is seen[0]\n"
    )
    loaded_after(script)


def test_threads_resolving_public_names_get_the_same_objects() -> None:
    script = (
        "import threading, carecircle\n"
        "names = carecircle.__all__\n"
        "barrier = threading.Barrier(6)\n"
        "seen = []\n"
        "def first_use():\n"
        "    barrier.wait()\n"
        "    seen.append([getattr(carecircle, n) for n in names])\n"
        "threads = [threading.Thread(target=first_use) for _ in range(6)]\n"
        "for t in threads: t.start()\n"
        "for t in threads: t.join()\n"
        "assert len(seen) == 6\n"
        "assert all(a is b for row in seen for a, b in zip(row, seen[0], strict=True))\n"
    )
    loaded_after(script)


def test_threads_validating_identifiers_at_first_use_agree() -> None:
    script = (
        "import threading\n"
        "from carecircle.identifiers import phone, siret\n"
        "barrier = threading.Barrier(6)\n"
        "seen = []\n"
        "def first_use():\n"
        "    barrier.wait()\n"
        "    seen.append((siret.validate('732 829 320 00074'), phone.validate('06 12 34 56 78')))\n"
        "threads = [threading.Thread(target=first_use) for _ in range(6)]\n"
        "for t in threads: t.start()\n"
        "for t in threads: t.join()\n"
        "assert seen == [('73282932000074', '+33612345678')] * 6, seen\n"
    )
    loaded_after(script)
