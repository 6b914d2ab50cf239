"""Generate ``docs/api.md``, the API reference: every public name of carecircle with its docstring.

The public layout (see ``docs/api.md``'s opening): the core's names at the top level
(``carecircle.X``), the other public namespaces each with its own ``__all__``; a module whose
dotted path has a part starting with ``_`` is private. For each public module the page gives its
docstring's first paragraph, then each name of its ``__all__`` with its kind, its signature
and its docstring (doctest examples left out: they run where they are written). A constant's
documentation is the ``#:`` comment above its assignment, found by following the module's
imports to where the name is assigned.

Usage, from the repository root::

    python scripts/build_api_reference.py           # rewrite docs/api.md
    python scripts/build_api_reference.py --check   # exit 1 if docs/api.md is stale

It exits 2, writing nothing, when a public name has no documentation.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import importlib.util
import inspect
import pkgutil
import re
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import carecircle
from carecircle import Code
from carecircle.nomenclatures import label

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the scripts' shared module
from _generated import write_or_check

__all__ = ["Entry", "entries", "main", "public_modules", "render", "undocumented"]

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = REPO_ROOT / "docs" / "api.md"
REGENERATE = "python scripts/build_api_reference.py"

HEADER = """# API reference

Generated from the docstrings by `scripts/build_api_reference.py` (a test fails when this page
is stale or a public name has no documentation); the examples are left out here, they run in
the modules and in the other pages.

**One public layout.** The core is flat: `import carecircle as cc`, then `cc.CoordinationRecord`,
`cc.add_member`, `cc.decide`, `cc.CareCircleService`… Its implementation packages
(`carecircle._model`, `carecircle._access`, …) are private. What is not core lives in public
namespaces, each the one home of its names: `carecircle.events`, `carecircle.rules.<rule>`,
`carecircle.nomenclatures`, `carecircle.identifiers.<identifier>`, `carecircle.roles`,
`carecircle.professions`, `carecircle.serialization`, `carecircle.history`,
`carecircle.stores`, `carecircle.instants`, `carecircle.testing…`, `carecircle.interop.fhir`,
`carecircle.interop.openfga`, `carecircle.cli`. No name is listed in two of them.
"""

CODES = frozenset(m.code for m in carecircle.MESSAGES)
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")
_ROLE = re.compile(r":(?:class|func|meth|mod|attr|data|exc|obj):`~?([^`]+)`")


class Entry:
    """One public name: where it is listed, what it is, its signature and documentation."""

    def __init__(self, module: str, name: str, kind: str, signature: str, doc: str) -> None:
        self.module, self.name, self.kind = module, name, kind
        self.signature, self.doc = signature, doc


def public_modules() -> list[str]:
    """Every public module of carecircle (no part of its path starts with ``_``), sorted."""
    found = pkgutil.walk_packages(carecircle.__path__, "carecircle.")
    names = [i.name for i in found if not any(p.startswith("_") for p in i.name.split(".")[1:])]
    return sorted(["carecircle", *names])


def _source_of(module_name: str) -> Path | None:
    spec = importlib.util.find_spec(module_name)
    origin = spec.origin if spec is not None else None
    return Path(origin) if origin is not None and origin.endswith(".py") else None


def _assigned(node: ast.stmt, name: str) -> bool:
    if isinstance(node, ast.Assign):
        return any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
    return (
        isinstance(node, ast.AnnAssign)
        and isinstance(node.target, ast.Name)
        and (node.target.id == name)
    )


def _comment_doc(module_name: str, name: str, seen: frozenset[str] = frozenset()) -> str:
    """The ``#:`` comment above ``name``'s module-level assignment, following ``from … import``
    chains (those under ``if TYPE_CHECKING:`` too) to the module that assigns it.
    """
    path = _source_of(module_name)
    if path is None or module_name in seen:
        return ""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    blocks = (s for s in tree.body if isinstance(s, ast.If))  # ``if TYPE_CHECKING:`` and alike
    statements = [*tree.body, *(s for block in blocks for s in (*block.body, *block.orelse))]
    for statement in statements:
        if _assigned(statement, name):
            above: list[str] = []
            row = statement.lineno - 2
            while row >= 0 and lines[row].lstrip().startswith("#:"):
                above.insert(0, lines[row].lstrip()[2:].strip())
                row -= 1
            return " ".join(line for line in above if line)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                if (alias.asname or alias.name) == name:
                    return _comment_doc(node.module, alias.name, seen | {module_name})
    return ""


def _constant_doc(module_name: str, name: str, value: object) -> str:
    """A constant's ``#:`` comment; without one, a nomenclature code's label or the message of
    a violation code (``docs/messages.md``).
    """
    doc = _comment_doc(module_name, name)
    if doc:
        return doc
    if isinstance(value, str) and value in CODES:
        return f"The code `{value}`: {carecircle.describe(value).en}"
    if isinstance(value, Code):
        try:
            return f"`{value}`: {label(value)}."
        except LookupError:
            return ""
    return ""


def _strip_examples(doc: str) -> str:
    kept: list[str] = []
    in_example = False
    for line in doc.splitlines():
        stripped = line.strip()
        if stripped.startswith(">>>"):
            in_example = True
        elif not stripped:
            in_example = False
        if not in_example:
            kept.append(line)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return _ROLE.sub(r"`\1`", text).replace("::\n", ":\n")


class _Named:
    """A default value shown by its public name (a catalogue's repr is pages long)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


def _public_names() -> dict[int, str]:
    names: dict[int, str] = {}
    for module_name in public_modules():
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", ()):
            names.setdefault(id(getattr(module, name)), f"{module_name}.{name}")
    return names


def _short_default(parameter: inspect.Parameter) -> inspect.Parameter:
    default = parameter.default
    if default is parameter.empty or len(repr(default)) <= 60:
        return parameter
    name = _PUBLIC_NAMES.get(id(default), f"<{type(default).__name__}>")
    return parameter.replace(default=_Named(name))


def _signature(value: object) -> str:
    try:
        signature = inspect.signature(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    shown = [_short_default(parameter) for parameter in signature.parameters.values()]
    return _ADDRESS.sub("", str(signature.replace(parameters=shown)))


def _kind_and_signature(value: object) -> tuple[str, str]:
    if isinstance(value, types.ModuleType):
        return "module", ""
    if inspect.isclass(value):
        if issubclass(value, BaseException):
            return "exception", ""
        plain = getattr(value, "__init__", None) is object.__init__
        return "class", "" if plain else _signature(value)
    return ("function", _signature(value)) if callable(value) else ("constant", "")


def _own_doc(value: object) -> str:
    """The docstring written for ``value`` itself, not the one its class gives every instance."""
    if isinstance(value, types.ModuleType) or inspect.isclass(value) or inspect.isroutine(value):
        return inspect.getdoc(value) or ""
    if callable(value) and getattr(value, "__doc__", None) is not type(value).__doc__:
        return inspect.getdoc(value) or ""
    return ""


_PUBLIC_NAMES: dict[int, str] = {}


def entries(module_name: str) -> Iterator[Entry]:
    """The public names of ``module_name`` (its ``__all__``), in that order."""
    if not _PUBLIC_NAMES:
        _PUBLIC_NAMES.update(_public_names())
    module = importlib.import_module(module_name)
    for name in getattr(module, "__all__", ()):
        value = getattr(module, name)
        kind, signature = _kind_and_signature(value)
        doc = _own_doc(value) if kind != "constant" else _constant_doc(module_name, name, value)
        if kind == "module":
            doc = doc.split("\n\n", 1)[0]
        yield Entry(module_name, name, kind, signature, _strip_examples(doc))


def undocumented() -> list[str]:
    """The public names without documentation, and the public modules without ``__all__``."""
    missing = [m for m in public_modules() if not hasattr(importlib.import_module(m), "__all__")]
    missing += [
        f"{e.module}.{e.name}" for m in public_modules() for e in entries(m) if not e.doc.strip()
    ]
    return missing


def render() -> str:
    """The text of ``docs/api.md``."""
    parts = [HEADER]
    for module_name in public_modules():
        module = importlib.import_module(module_name)
        summary = _strip_examples((inspect.getdoc(module) or "").split("\n\n", 1)[0])
        parts.append(f"\n## `{module_name}`\n\n{summary}\n")
        for entry in entries(module_name):
            head = f"\n### `{entry.module}.{entry.name}`\n\n*{entry.kind}*"
            if entry.signature:
                head += f" `{entry.name}{entry.signature}`"
            parts.append(f"{head}\n\n{entry.doc}\n")
    return "".join(parts)


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` compare) ``docs/api.md``; 0 done, 1 stale, 2 undocumented."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    missing = undocumented()
    if missing:
        print("error: public names without documentation:", *missing, sep="\n  ", file=sys.stderr)
        return 2
    return write_or_check(args.output, render(), check=args.check, regenerate=REGENERATE)


if __name__ == "__main__":
    sys.exit(main())
