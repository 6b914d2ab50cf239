"""docs/glossary.md names the library's code as it is: every code name of its tables resolves.

The glossary's promise: "code names are importable as written", a bare name from ``carecircle``
itself, a dotted one from the public namespace it starts with. A name left behind by a rename or
a move (``carecircle.model.Patient`` after the layout change) fails here, and so does a name
reached through a private module or listed in no ``__all__`` (a public name has one home).
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from types import ModuleType

import pytest

import carecircle

GLOSSARY = Path(__file__).resolve().parents[1] / "docs" / "glossary.md"

#: A code name in a table cell: dotted identifiers, maybe followed by a call's arguments.
_NAME = re.compile(r"^(?P<name>[A-Za-z_]\w*(?:\.\w+)*)(?:\(.*\))?$")


def code_names(markdown: str) -> list[str]:
    """The code names of the third column ("code name in carecircle") of every table row."""
    names: list[str] = []
    for line in markdown.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) < 4 or cells[2].startswith(("---", "code")):
            continue
        quoted = re.findall(r"`([^`]+)`", cells[2])
        names.extend(match["name"] for q in quoted if (match := _NAME.match(q)))
    return names


def _public(module: ModuleType, name: str) -> bool:
    return name in getattr(module, "__all__", ())


def resolve(name: str) -> object:
    """What ``name`` designates, or :class:`LookupError` saying why it is not a public name."""
    parts = name.split(".")
    if parts[0] != "carecircle":
        parts = ["carecircle", *parts]
    if any(part.startswith("_") for part in parts):
        raise LookupError(f"{name}: a private module or name")
    found = len(parts)
    while True:
        try:
            value: object = importlib.import_module(".".join(parts[:found]))
            break
        except ModuleNotFoundError:
            found -= 1
    rest = parts[found:]
    if rest:
        assert isinstance(value, ModuleType)
        if not _public(value, rest[0]):
            raise LookupError(f"{name}: {rest[0]} is not in {value.__name__}.__all__")
    for attribute in rest:
        if not hasattr(value, attribute):
            raise LookupError(f"{name}: no {attribute}")
        value = getattr(value, attribute)
    return value


def test_the_glossary_has_code_names() -> None:
    names = code_names(GLOSSARY.read_text(encoding="utf-8"))
    assert len(names) > 150
    assert {"CoordinationRecord", "carecircle.roles.PCP", "open_in_emergency"} <= set(names)


@pytest.mark.parametrize("name", sorted(set(code_names(GLOSSARY.read_text(encoding="utf-8")))))
def test_every_code_name_resolves(name: str) -> None:
    resolve(name)


def test_resolve_finds_names_modules_and_attributes() -> None:
    assert resolve("Patient") is carecircle.Patient
    assert resolve("carecircle.Patient") is carecircle.Patient
    assert resolve("Reason.SHARING_REFUSED") is carecircle.Reason.SHARING_REFUSED
    assert resolve("carecircle.identifiers.rpps") is importlib.import_module(
        "carecircle.identifiers.rpps"
    )
    assert str(resolve("carecircle.roles.PCP")) == "TRE_R259|PCP"


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("carecircle.model.Patient", "model is not in carecircle.__all__"),
        ("carecircle._access.Decision", "private"),
        ("Nope", "Nope is not in carecircle.__all__"),
        ("Patient.nope", "no nope"),
        ("carecircle.roles.nope", "nope is not in carecircle.roles.__all__"),
    ],
)
def test_resolve_refuses_what_is_not_public(name: str, why: str) -> None:
    with pytest.raises(LookupError, match=re.escape(why)):
        resolve(name)


def test_code_names_reads_the_third_column_only() -> None:
    table = (
        "| French | English | code name in carecircle | meaning |\n"
        "|---|---|---|---|\n"
        "| *a* | `NotThis` | `Patient`, `habilitate(..., until=)` (or `cc.x y`) | `Nor` |\n"
    )
    assert code_names(table) == ["Patient", "habilitate"]
