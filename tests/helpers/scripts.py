"""The repository's scripts (``scripts/*.py``, ``docs/examples/*.py``) loaded as modules."""

from __future__ import annotations

import contextlib
import importlib.util
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest


def load(path: Path, *, register: bool = False) -> types.ModuleType:
    """The script at ``path`` run as a module named after its file; in sys.modules only when
    ``register`` is true (then :func:`imported` takes it out again).
    """
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    if register:
        sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@contextlib.contextmanager
def imported(path: Path) -> Iterator[types.ModuleType]:
    """The script at ``path`` as a module registered in sys.modules while in use, as a script
    imported by name would be, and removed after.
    """
    try:
        yield load(path, register=True)
    finally:
        sys.modules.pop(path.stem, None)


def shared_folder(path: Path, what: str) -> Path:
    """``path``, the folder of sources a generator reads (``what`` it holds), which sits next
    to the repository; the test is skipped where it is absent.
    """
    if not path.is_dir():
        pytest.skip(f"the {what} folder {path} is absent (it sits next to the repo)")
    return path
