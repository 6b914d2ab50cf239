"""Documents: the envelope (schema version, type, value), JSON text, and reading them back."""

from __future__ import annotations

import datetime as dt
import json
import re
import typing
from collections.abc import Iterable
from typing import Any, Final

from carecircle._errors import InputRejected, InvalidValueError, Violation, wrong_type
from carecircle._model import CoordinationRecord
from carecircle.professions import DEFAULT_PROFESSIONS, ProfessionCatalog
from carecircle.roles import DEFAULT_ROLES, RoleCatalog
from carecircle.rules import record as record_rules
from carecircle.serialization._converter import build, public_types, public_unions
from carecircle.serialization._problems import KEY_REQUIRED, UNKNOWN_KEY, key_path, violations

__all__ = [
    "DOCUMENT_TYPE_MISMATCH",
    "DUPLICATE_KEY",
    "MALFORMED_JSON",
    "SCHEMA_VERSION",
    "SCHEMA_VERSION_UNSUPPORTED",
    "TYPE_UNSUPPORTED",
    "Codec",
]

#: The version of the document format; a document of another version is refused.
SCHEMA_VERSION: Final = 1
MALFORMED_JSON: Final = "MALFORMED_JSON"
DUPLICATE_KEY: Final = "DUPLICATE_KEY"
SCHEMA_VERSION_UNSUPPORTED: Final = "SCHEMA_VERSION_UNSUPPORTED"
DOCUMENT_TYPE_MISMATCH: Final = "DOCUMENT_TYPE_MISMATCH"
TYPE_UNSUPPORTED: Final = "TYPE_UNSUPPORTED"

_ENVELOPE: Final = ("schema", "type", "value")
_MEMBER_PATH: Final = re.compile(r"members\[([^\]]*)\]")


class _DuplicateKeyError(ValueError):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        raise _DuplicateKeyError
    return found


def _constant(_: str) -> None:
    raise ValueError("NaN and infinities are not JSON")


def _rejected(code: str, path: str, message: str) -> InputRejected:
    return InputRejected.from_violations([Violation(code=code, path=path, message=message)])


def _load(text: object) -> object:
    if isinstance(text, bytes | bytearray):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise _rejected(MALFORMED_JSON, "$", "a document is UTF-8 text") from None
    if not isinstance(text, str):
        raise InputRejected.from_violations([wrong_type("$", "JSON text").violation])
    try:
        return json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant)
    except _DuplicateKeyError:
        raise _rejected(DUPLICATE_KEY, "$", "an object of the document repeats a key") from None
    except json.JSONDecodeError as error:
        where = f"{error.msg} at line {error.lineno} column {error.colno}"
        raise _rejected(MALFORMED_JSON, "$", f"not JSON: {where}") from None
    except (ValueError, RecursionError):  # too deep, an integer too long, NaN
        raise _rejected(MALFORMED_JSON, "$", "not JSON this library reads") from None


def _dumps(data: object) -> str:
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


class Codec:
    """Reads and writes documents of every public value, for one profession catalogue (the
    matrix's rows) and one role catalogue (the record rules' check).

    The module-level functions of :mod:`carecircle.serialization` are those of a codec with
    the default catalogues; build one of your own for a platform's own professions. Its
    converters are built once, here.
    """

    def __init__(
        self,
        *,
        professions: ProfessionCatalog = DEFAULT_PROFESSIONS,
        roles: RoleCatalog = DEFAULT_ROLES,
    ) -> None:
        self._fast = build(detailed=False, professions=professions)
        self._detailed = build(detailed=True, professions=professions)
        self._professions = professions
        self._roles = roles
        self._types = public_types()
        self._union_names = {u: name for name, u in public_unions().items()}
        # What a reader of each class accepts, found once per class (never per document).
        self._accepted_by: dict[Any, dict[str, Any]] = {}

    # -- plain data -------------------------------------------------------------------------

    def unstructure(self, value: object, cls: Any = None) -> Any:
        """Plain data (dicts, lists, strings, numbers, booleans, ``None``) for ``value``, as
        a ``cls`` (by default its own class; a union or ``Event`` adds the tag).
        """
        return self._fast.unstructure(value, type(value) if cls is None else cls)

    def structure(self, data: object, cls: Any) -> Any:
        """A ``cls`` from plain data, or :class:`~carecircle.InputRejected` with every
        problem, paths rooted at ``$`` (the data).
        """
        return self._structure(data, cls, "$")

    def _structure(self, data: object, cls: Any, path: str) -> Any:
        try:
            return self._fast.structure(data, cls)
        except Exception:  # noqa: S110 -- read again below, to say everything that is wrong
            pass
        try:
            return self._detailed.structure(data, cls)
        except Exception as exc:  # every failure of any input becomes the library's error
            found = violations(exc, path)
            raise InputRejected.from_violations(found) from None

    # -- documents --------------------------------------------------------------------------

    def _name(self, cls: Any) -> str:
        if typing.get_origin(cls) is tuple:
            return f"tuple[{self._name(typing.get_args(cls)[0])}, ...]"
        if cls in self._union_names:
            return self._union_names[cls]
        name = getattr(cls, "__name__", None)
        if self._types.get(name) is cls:  # type: ignore[arg-type]
            return name  # type: ignore[return-value]
        raise InvalidValueError.of(TYPE_UNSUPPORTED, "cls", "not a type this library serializes")

    def _accepted(self, cls: Any) -> dict[str, Any]:
        """The document types a reader of ``cls`` accepts, and what each is read as (the
        same dict for every call with ``cls``: never change it).
        """
        try:
            found = self._accepted_by.get(cls)
        except TypeError:  # not hashable: not a type of ours, refused below
            return self._find_accepted(cls)
        if found is None:
            found = self._accepted_by[cls] = self._find_accepted(cls)
        return found

    def _find_accepted(self, cls: Any) -> dict[str, Any]:
        if typing.get_origin(cls) is tuple:
            return {self._name(cls): cls}
        if cls in self._union_names:
            return {c.__name__: c for c in typing.get_args(cls)}
        self._name(cls)
        return {n: c for n, c in self._types.items() if issubclass(c, cls)}

    def to_document(self, value: object, cls: Any = None) -> dict[str, Any]:
        """The document of ``value`` as plain data: ``{"schema": 1, "type": ..., "value": ...}``.

        ``type`` is the name of ``value``'s class; ``cls`` is needed only for a tuple
        (``tuple[Event, ...]``), whose document type is that name.
        """
        if cls is not None and typing.get_origin(cls) is tuple:
            return {
                "schema": SCHEMA_VERSION,
                "type": self._name(cls),
                "value": self.unstructure(value, cls),
            }
        kind = type(value)
        if cls is not None and kind not in self._accepted(cls).values():
            raise wrong_type("value", f"a {self._name(cls)}")
        return {
            "schema": SCHEMA_VERSION,
            "type": self._name(kind),
            "value": self.unstructure(value),
        }

    def to_json(self, value: object, cls: Any = None) -> str:
        """The document of ``value`` as compact JSON text (``docs/serialization.md``)."""
        return _dumps(self.to_document(value, cls))

    def from_document(
        self,
        data: object,
        cls: Any,
        *,
        check_rules: bool = True,
        check_rules_at: dt.datetime | None = None,
    ) -> Any:
        """The ``cls`` a document (plain data) holds, or
        :class:`~carecircle.InputRejected` with every problem, paths rooted at ``$``.

        A record read is also checked against the record rules (:meth:`check_rules`: known
        codes, R5, R7, R8…) at ``check_rules_at``, by default the instant of its latest change
        (every record the operations return holds them then), their violations rejected the
        same way; ``check_rules=False`` skips them (a store reading back what it wrote).
        """
        accepted = self._accepted(cls)
        if data.__class__ is not dict:
            raise InputRejected.from_violations(
                [wrong_type("$", "a document: an object with schema, type and value").violation]
            )
        found = [
            Violation(code=UNKNOWN_KEY, path=key_path("$", k), message="no field has this name")
            for k in sorted(data, key=str)
            if k not in _ENVELOPE
        ]
        envelope = [*self._envelope(data, accepted, cls)]
        if envelope:
            raise InputRejected.from_violations(envelope + found)
        try:
            value = self._structure(data["value"], accepted[data["type"]], "$.value")
        except InputRejected as rejected:
            raise InputRejected.from_violations([*rejected.violations, *found]) from None
        if found:
            raise InputRejected.from_violations(found)
        if check_rules and isinstance(value, CoordinationRecord):
            at = value.updated_at if check_rules_at is None else check_rules_at
            broken = self.check_rules(value, at=at)
            if broken:
                raise InputRejected.from_violations(broken)
        return value

    def _envelope(
        self, data: dict[str, Any], accepted: dict[str, Any], cls: Any
    ) -> Iterable[Violation]:
        for key in _ENVELOPE:
            if key not in data:
                yield Violation(
                    code=KEY_REQUIRED, path=f"$.{key}", message="this field is required"
                )
        schema = data.get("schema", SCHEMA_VERSION)
        if schema.__class__ is not int or schema != SCHEMA_VERSION:
            yield Violation(
                code=SCHEMA_VERSION_UNSUPPORTED,
                path="$.schema",
                message=f"this library reads documents of schema {SCHEMA_VERSION}",
            )
        kind = data.get("type")
        if "type" in data and (kind.__class__ is not str or kind not in accepted):
            yield Violation(
                code=DOCUMENT_TYPE_MISMATCH,
                path="$.type",
                message=f"expected a document of {self._name(cls)}",
            )

    def from_json(
        self,
        text: str | bytes,
        cls: Any,
        *,
        check_rules: bool = True,
        check_rules_at: dt.datetime | None = None,
    ) -> Any:
        """The ``cls`` a JSON document holds (text, or UTF-8 bytes): :meth:`from_document`."""
        return self.from_document(
            _load(text), cls, check_rules=check_rules, check_rules_at=check_rules_at
        )

    # -- record rules -----------------------------------------------------------------------

    def check_rules(self, record: CoordinationRecord, *, at: dt.datetime) -> tuple[Violation, ...]:
        """Every violation of the record rules (R5 eligibility, R7 unique roles, R8
        duplicates, codes: :func:`carecircle.rules.record.check`) at ``at``, with the path of
        the field in the record's document (``members[M2].roles`` is
        ``$.value.circle.memberships[1].roles``); never raises.
        """
        found = record_rules.check(
            record, at=at, catalog=self._roles, professions=self._professions
        )
        return tuple(
            v.__class__(
                code=v.code,
                path=self._document_path(record, v.path),
                message=v.message,
                kind=v.kind,
            )
            for v in found
        )

    @staticmethod
    def _document_path(record: CoordinationRecord, path: str) -> str:
        member = _MEMBER_PATH.match(path)
        if member is None:
            return f"$.value.{path}"
        position = record.circle.position(member.group(1))
        if position is None:
            return f"$.value.{path}"
        return f"$.value.circle.memberships[{position}]{path[member.end() :]}"
