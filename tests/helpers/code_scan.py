"""Every violation and advisory code the library can produce, read from its source.

The message tests compare the catalogue (:mod:`carecircle._messages`) with what this scan
finds, so the scan must not read the catalogue: it reads the code. A code is produced where a
:class:`~carecircle.Violation` or :class:`~carecircle.Advisory` is built (``code=``) and where
an error is built from its parts (``SomeError.of(code, path, message)``). What stands there is
followed back to its strings:

- a string literal, or a branch of a conditional expression;
- a constant (``X: Final = "X"``, an enum member), named directly, imported, or as
  ``module.X`` / ``Class.X``;
- a local variable (tuple unpacking and loops over literal tuples included);
- a parameter named ``code`` (or ``*_code``): then every call of that function, found through
  the imports, is read the same way at that argument, and so is its default.

An f-string or a ``+`` is a *template* (``"ACTOR_{}"``): the test expands it. A violation's
own code passed on (``v.code``) makes nothing new. Anything else is *unresolved*, and the test
fails on it: the scan is then taught the new shape rather than missing a code.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from pathlib import Path

import attrs

__all__ = ["CODE_SHAPE", "Found", "scan", "scan_package"]

#: What a code looks like: upper-case words joined by underscores.
CODE_SHAPE = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*")

_SINKS = frozenset({"Violation", "Advisory"})
_Function = ast.FunctionDef | ast.AsyncFunctionDef


@attrs.frozen(kw_only=True)
class Found:
    """What the scan found: codes and templates with their places, and what it could not read."""

    codes: Mapping[str, frozenset[str]]
    templates: Mapping[str, frozenset[str]]
    unresolved: frozenset[tuple[str, str]]


def scan_package(root: Path, package: str = "carecircle") -> Found:
    """Scan every module of the package whose directory is ``root``."""
    sources = {}
    for path in sorted(root.rglob("*.py")):
        parts = [package, *path.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        sources[".".join(parts)] = path.read_text(encoding="utf-8")
    return scan(sources)


def scan(sources: Mapping[str, str]) -> Found:
    """Scan modules given as ``{dotted name: source text}``."""
    return _Scan({name: ast.parse(text) for name, text in sources.items()}).run()


def _calls(tree: ast.AST) -> Iterator[tuple[_Function | None, ast.Call]]:
    """Every call, with the innermost function around it."""
    stack: list[tuple[ast.AST, _Function | None]] = [(tree, None)]
    while stack:
        node, func = stack.pop()
        for child in ast.iter_child_nodes(node):
            inner = child if isinstance(child, _Function) else func
            if isinstance(child, ast.Call):
                yield inner, child
            stack.append((child, inner))


def _constants(body: list[ast.stmt]) -> dict[str, ast.expr]:
    found: dict[str, ast.expr] = {}
    for st in body:
        if isinstance(st, ast.Assign) and len(st.targets) == 1:
            target, value = st.targets[0], st.value
        elif isinstance(st, ast.AnnAssign) and st.value is not None:
            target, value = st.target, st.value
        else:
            continue
        if isinstance(target, ast.Name):
            found[target.id] = value
    return found


def _argument(call: ast.Call, index: int, name: str) -> ast.expr | None:
    keyword = next((k.value for k in call.keywords if k.arg == name), None)
    if keyword is not None or index < 0:
        return keyword
    return call.args[index] if index < len(call.args) else None


@attrs.frozen
class _Forwarder:
    module: str
    function: str
    is_method: bool
    index: int  # -1: keyword-only
    name: str


class _Module:
    def __init__(self, name: str, tree: ast.Module) -> None:
        self.name = name
        self.tree = tree
        self.constants = _constants(tree.body)
        self.classes = {
            c.name: _constants(c.body) for c in tree.body if isinstance(c, ast.ClassDef)
        }
        self.methods = {
            id(f)
            for c in tree.body
            if isinstance(c, ast.ClassDef)
            for f in c.body
            if isinstance(f, _Function)
        }
        #: local name -> (module, name in it); name None for a module imported whole.
        self.imports: dict[str, tuple[str, str | None]] = {}
        for st in ast.walk(tree):
            if isinstance(st, ast.ImportFrom) and st.module is not None and st.level == 0:
                for a in st.names:
                    self.imports[a.asname or a.name] = (st.module, a.name)
            elif isinstance(st, ast.Import):
                for a in st.names:
                    self.imports[a.asname or a.name.split(".")[0]] = (a.name, None)

    def imports_from(self, module: str) -> bool:
        return any(module in (m, f"{m}.{n}") for m, n in self.imports.values())

    def module_of(self, alias: str) -> str | None:
        """The module ``alias`` names here, if it names one."""
        m, n = self.imports.get(alias, ("", None))
        return m if n is None else f"{m}.{n}"


def _hits(module: _Module, call: ast.Call, fw: _Forwarder) -> bool:
    """Whether ``call``, in ``module``, calls the function of ``fw``."""
    f = call.func
    if isinstance(f, ast.Name):
        here = module.name == fw.module and f.id == fw.function
        return not fw.is_method and (here or module.imports.get(f.id) == (fw.module, fw.function))
    if not (isinstance(f, ast.Attribute) and f.attr == fw.function):
        return False
    if fw.is_method:
        return module.name == fw.module or module.imports_from(fw.module)
    return isinstance(f.value, ast.Name) and module.module_of(f.value.id) == fw.module


class _Scan:
    def __init__(self, trees: Mapping[str, ast.Module]) -> None:
        self.modules = {name: _Module(name, tree) for name, tree in trees.items()}
        self.codes: defaultdict[str, set[str]] = defaultdict(set)
        self.templates: defaultdict[str, set[str]] = defaultdict(set)
        self.unresolved: set[tuple[str, str]] = set()
        self.forwarders: set[_Forwarder] = set()

    def run(self) -> Found:
        for module in self.modules.values():
            for func, call in _calls(module.tree):
                code = self._sink(module, call)
                if code is not None:
                    self._read(module, code, func)
        done: set[_Forwarder] = set()
        while todo := self.forwarders - done:
            forwarder = min(todo, key=attrs.astuple)
            done.add(forwarder)
            self._follow(forwarder)
        return Found(
            codes={c: frozenset(p) for c, p in self.codes.items()},
            templates={t: frozenset(p) for t, p in self.templates.items()},
            unresolved=frozenset(self.unresolved),
        )

    def _sink(self, module: _Module, call: ast.Call) -> ast.expr | None:
        f = call.func
        if (
            isinstance(f, ast.Attribute)
            and f.attr == "of"
            and isinstance(f.value, ast.Name)
            and f.value.id.endswith("Error")
        ):
            return _argument(call, 0, "code")
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        if isinstance(f, ast.Name) and name in module.imports:
            name = module.imports[name][1] or name
        return _argument(call, 0, "code") if name in _SINKS else None

    def _follow(self, fw: _Forwarder) -> None:
        for module in self.modules.values():
            for func, call in _calls(module.tree):
                given = _argument(call, fw.index, fw.name) if _hits(module, call, fw) else None
                if given is not None:
                    self._read(module, given, func)

    def _read(self, module: _Module, node: ast.expr, func: _Function | None) -> None:
        place = f"{module.name}:{node.lineno}"
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if CODE_SHAPE.fullmatch(node.value):
                self.codes[node.value].add(place)
            else:
                self.unresolved.add((place, repr(node.value)))
        elif isinstance(node, ast.IfExp):
            self._read(module, node.body, func)
            self._read(module, node.orelse, func)
        elif isinstance(node, ast.JoinedStr | ast.BinOp):
            self.templates[_template(node)].add(place)
        elif isinstance(node, ast.Attribute) and node.attr == "code":
            pass  # a violation's own code, passed on
        elif not self._resolved(module, node, func):
            self.unresolved.add((place, ast.unparse(node)))

    def _resolved(self, module: _Module, node: ast.expr, func: _Function | None) -> bool:
        if isinstance(node, ast.Name):
            if func is not None and self._local(module, node.id, func):
                return True
            return self._constant(module, node.id, func)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            owner = node.value.id
            if owner in module.classes and node.attr in module.classes[owner]:
                self._read(module, module.classes[owner][node.attr], None)
                return True
            if owner in module.imports:
                m, n = module.imports[owner]
                target = self.modules.get(m if n is None else f"{m}.{n}")
                if target is not None:
                    return self._constant(target, node.attr, None)
                source = self.modules.get(m)
                if source is not None and n in source.classes and node.attr in source.classes[n]:
                    self._read(source, source.classes[n][node.attr], None)
                    return True
        return False

    def _constant(self, module: _Module, name: str, func: _Function | None) -> bool:
        if name in module.constants:
            self._read(module, module.constants[name], None)
            return True
        if name in module.imports:
            m, n = module.imports[name]
            source = self.modules.get(m)
            if source is not None and n is not None:
                return self._constant(source, n, None)
        return False

    def _local(self, module: _Module, name: str, func: _Function) -> bool:
        args = func.args
        positional = [a.arg for a in (*args.posonlyargs, *args.args)]
        if name in positional or name in [a.arg for a in args.kwonlyargs]:
            if not (name == "code" or name.endswith("_code")):
                return False
            method = id(func) in module.methods
            index = positional.index(name) - method if name in positional else -1
            self.forwarders.add(_Forwarder(module.name, func.name, method, index, name))
            for arg, default in _defaults(func):
                if arg == name:
                    self._read(module, default, None)
            return True
        found = False
        for value in _assigned(func, name):
            self._read(module, value, func)
            found = True
        return found


def _defaults(func: _Function) -> Iterator[tuple[str, ast.expr]]:
    args = func.args
    positional = [*args.posonlyargs, *args.args]
    yield from zip(
        [a.arg for a in positional[len(positional) - len(args.defaults) :]],
        args.defaults,
        strict=True,
    )
    for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        if d is not None:
            yield a.arg, d


def _assigned(func: _Function, name: str) -> Iterator[ast.expr]:
    """The values ``name`` is given in ``func``: assignments (unpacking literal tuples) and
    loops over literal tuples.
    """
    for st in ast.walk(func):
        if isinstance(st, ast.Assign):
            for target in st.targets:
                yield from _unpacked(target, st.value, name)
        elif isinstance(st, ast.AnnAssign) and st.value is not None:
            yield from _unpacked(st.target, st.value, name)
        elif isinstance(st, ast.For | ast.comprehension) and isinstance(
            st.iter, ast.Tuple | ast.List
        ):
            for item in st.iter.elts:
                yield from _unpacked(st.target, item, name)


def _unpacked(target: ast.expr, value: ast.expr, name: str) -> Iterator[ast.expr]:
    if isinstance(target, ast.Name):
        if target.id == name:
            yield value
    elif isinstance(target, ast.Tuple):
        if isinstance(value, ast.IfExp):
            yield from _unpacked(target, value.body, name)
            yield from _unpacked(target, value.orelse, name)
        elif isinstance(value, ast.Tuple) and len(value.elts) == len(target.elts):
            for t, v in zip(target.elts, value.elts, strict=True):
                yield from _unpacked(t, v, name)


def _template(node: ast.expr) -> str:
    if isinstance(node, ast.JoinedStr):
        return "".join(_template(v) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _template(node.left) + _template(node.right)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return "{}"
