"""cattrs's structuring errors as the library's violations, each with its JSON path.

cattrs (with ``detailed_validation``) raises a tree of :class:`~cattrs.ClassValidationError`
and :class:`~cattrs.IterableValidationError` whose ``__notes__`` name the attribute or the
index at fault; :func:`cattrs.transform_error` walks it to strings. :func:`violations` walks it
the same way (with the same ``group_exceptions``) to :class:`~carecircle.Violation`
values, so that each problem keeps its code:

- a path of the library's own hooks starts with ``$`` and is rooted at the value read;
- a path of a model constructor (``participation.end``, ``roles[0]``) names a field of the
  class that raised, so it is put under the path of that class's value;
- a missing key is ``KEY_REQUIRED``, an unknown one ``UNKNOWN_KEY``, anything else cattrs or
  Python raised (never expected) ``VALUE_INVALID``: its text is never shown (R12).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import attrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from carecircle._errors import Violation as _Violation
from carecircle._errors import ViolationError, ViolationGroup

__all__ = ["KEY_REQUIRED", "UNKNOWN_KEY", "VALUE_INVALID", "key_path", "violations"]

KEY_REQUIRED: Final = "KEY_REQUIRED"
UNKNOWN_KEY: Final = "UNKNOWN_KEY"
VALUE_INVALID: Final = "VALUE_INVALID"


def key_path(path: str, key: object) -> str:
    """``path.key`` for a key that reads as a field name, else ``path['key']``."""
    if isinstance(key, str) and key.isidentifier():
        return f"{path}.{key}"
    return f"{path}[{key!r}]"


def _base(segment: str) -> str:
    return segment.split("[", 1)[0]


def _relative(model_path: str, cl: type) -> str:
    """A model path (``participation.end``, ``status.status``, ``roles[0]``) as a path
    relative to a value of ``cl`` (``.end``, ``.status``, ``.roles[0]``); ``""`` when it names
    no field of ``cl`` (the value as a whole).
    """
    names = {a.name for a in attrs.fields(cl)} if attrs.has(cl) else set()
    segments = model_path.split(".")
    # The model prefixes a field with its entity's name (``participation.``): dropped.
    if len(segments) > 1 and _base(segments[1]) in names:
        segments = segments[1:]
    elif _base(segments[0]) not in names:
        return ""
    return "." + ".".join(segments)


def _placed(violation: _Violation, path: str, owner: type | None, field: str | None) -> str:
    given = violation.path
    if given.startswith("$"):
        return path + given[1:]
    if owner is None:
        return path
    relative = _relative(given, owner)
    if field is None:
        return path + relative
    # Raised by the converter of ``field``: ``path`` already ends with ``.field``.
    prefix = "." + field
    if relative == prefix or relative.startswith((prefix + ".", prefix + "[")):
        return path[: -len(prefix)] + relative
    return path


def _leaf(
    exc: BaseException, path: str, owner: type | None, field: str | None
) -> Iterable[_Violation]:
    if isinstance(exc, ViolationGroup):
        for v in exc.violations:
            yield attrs.evolve(v, path=_placed(v, path, owner, field))
    elif isinstance(exc, ViolationError):
        v = exc.violation
        yield attrs.evolve(v, path=_placed(v, path, owner, field))
    elif isinstance(exc, ForbiddenExtraKeysError):
        for key in sorted(exc.extra_fields, key=str):
            yield _Violation(
                code=UNKNOWN_KEY, path=key_path(path, key), message="no field has this name"
            )
    elif isinstance(exc, KeyError) and field is not None:
        yield _Violation(code=KEY_REQUIRED, path=path, message="this field is required")
    else:
        yield _Violation(code=VALUE_INVALID, path=path, message="this value cannot be read")


def violations(
    exc: BaseException,
    path: str = "$",
    owner: type | None = None,
    field: str | None = None,
) -> list[_Violation]:
    """Every problem in ``exc`` (raised while structuring the value at ``path``)."""
    found: list[_Violation] = []
    if isinstance(exc, ClassValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            found += violations(sub, f"{path}.{note.name}", exc.cl, note.name)
        for sub in without:  # raised by the class's constructor, or unknown keys
            found += violations(sub, path, exc.cl)
    elif isinstance(exc, IterableValidationError):
        items, others = exc.group_exceptions()
        for sub, index in items:
            found += violations(sub, f"{path}[{index.index!r}]")
        for sub in others:
            found += violations(sub, path)
    else:
        found += _leaf(exc, path, owner, field)
    return found
