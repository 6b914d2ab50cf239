"""One public layout (issue 13 item 4): every public name has one home and its documentation.

The core's names are at the top level (``carecircle.X``) and their packages are private; the
other public namespaces list their own names. A public module is one whose dotted path has no
part starting with ``_``; its names are its ``__all__``. ``docs/api.md`` is generated from the
docstrings by ``scripts/build_api_reference.py``.
"""

from __future__ import annotations

import ast
import functools
import importlib
import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import carecircle
from carecircle import Code

if TYPE_CHECKING:
    from helpers.scripts import load
else:
    from .helpers.scripts import load

REPO_ROOT = Path(__file__).resolve().parents[1]
SOURCE = REPO_ROOT / "src" / "carecircle"
GENERATOR_PATH = REPO_ROOT / "scripts" / "build_api_reference.py"


GENERATOR = load(GENERATOR_PATH)
PUBLIC = GENERATOR.public_modules()

#: Values that are data, not definitions: the same value may rightly have several names
#: (``roles.PCP`` is the nomenclature's ``role_codes.PCP``).
VALUES = (str, int, float, bool, tuple, frozenset, dict, type(None), Code)


@functools.cache
def rendered() -> str:
    """The reference the docstrings give, rendered once for the tests below."""
    text: str = GENERATOR.render()
    return text


def homes() -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for name in PUBLIC:
        module = importlib.import_module(name)
        for public in module.__all__:
            value = getattr(module, public)
            if not isinstance(value, VALUES):
                found.setdefault(id(value), []).append(f"{name}.{public}")
    return found


def test_the_public_modules_are_the_namespaces() -> None:
    assert "carecircle" in PUBLIC
    for private in ("carecircle._model", "carecircle._access", "carecircle._operations"):
        assert private not in PUBLIC
    assert {"carecircle.events", "carecircle.rules.record", "carecircle.interop.fhir"} <= set(
        PUBLIC
    )


def test_every_public_module_lists_its_names_and_holds_them() -> None:
    for name in PUBLIC:
        module = importlib.import_module(name)
        assert hasattr(module, "__all__"), f"{name} has no __all__"
        assert len(set(module.__all__)) == len(module.__all__), name
        for public in module.__all__:
            assert hasattr(module, public), f"{name}.{public} is listed but missing"


def test_every_public_name_has_one_home() -> None:
    """``Decision`` used to be importable four ways; now every class, function, module and
    catalogue is listed by exactly one public module."""
    shared = [places for places in homes().values() if len(places) > 1]
    assert shared == []


def test_the_check_finds_a_second_home() -> None:
    """The check above can fail: a name listed twice is reported."""
    module = importlib.import_module("carecircle.events")
    module.__all__.append("Decision")
    module.Decision = carecircle.Decision  # type: ignore[attr-defined]
    try:
        assert ["carecircle.Decision", "carecircle.events.Decision"] in homes().values()
    finally:
        module.__all__.remove("Decision")
        del module.Decision


def test_the_core_is_reached_from_the_top_only() -> None:
    assert "Decision" in carecircle.__all__
    assert carecircle.Decision.__module__ == "carecircle._access.decision"
    with pytest.raises(AttributeError):
        _ = carecircle.access  # type: ignore[attr-defined]


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:  # the parent is a module, not a package
        return False


def _private_names_read(path: Path, root: Path = REPO_ROOT) -> list[str]:
    """``from carecircle.x import _name`` (a private name, not a private module) in ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if not node.module.startswith("carecircle"):
                continue
            for alias in node.names:
                is_private = alias.name.startswith("_") and not alias.name.startswith("__")
                submodule = f"{node.module}.{alias.name}"
                if is_private and not _is_module(submodule):
                    found.append(f"{path.relative_to(root)}:{node.lineno} {submodule}")
    return found


def test_no_module_reads_another_modules_private_names() -> None:
    found = [hit for path in sorted(SOURCE.rglob("*.py")) for hit in _private_names_read(path)]
    assert found == []


def test_the_private_name_scan_finds_one(tmp_path: Path) -> None:
    """The scan can fail: a private name is reported, a private module is not."""
    path = tmp_path / "sample.py"
    path.write_text(
        "from carecircle._errors import _summary\nfrom carecircle.interop.fhir import _urls\n"
        "from carecircle.testing.directories import _Entry\n",
        encoding="utf-8",
    )
    assert _private_names_read(path, tmp_path) == [
        "sample.py:1 carecircle._errors._summary",
        "sample.py:3 carecircle.testing.directories._Entry",
    ]


def test_every_public_name_is_documented() -> None:
    assert GENERATOR.undocumented() == []


def test_the_api_reference_is_current() -> None:
    """``docs/api.md`` is what the docstrings give; run the generator when this fails."""
    assert (REPO_ROOT / "docs" / "api.md").read_text(encoding="utf-8") == rendered(), (
        "docs/api.md is stale: run python scripts/build_api_reference.py"
    )


@pytest.mark.parametrize("name", ["Decision", "CoordinationRecord", "add_member", "decide"])
def test_the_reference_names_the_core_at_the_top(name: str) -> None:
    text = rendered()
    assert f"### `carecircle.{name}`" in text
    assert f"carecircle._access.{name}`" not in text
