"""The cattrs converters: every public value of carecircle, found by introspection.

Two converters share every hook. The *fast* one (``detailed_validation=False``) reads a
document in one pass: cattrs's generated function for each attrs class structures each field
by its type, then calls the class, whose converters and validators check it. Only when that
fails does the *detailed* one read the document again, to say everything that is wrong: it
also runs each field's attrs converter on its own (so that two bad fields of one value are two
problems, not the first one only) and collects cattrs's error tree, which
:mod:`carecircle.serialization._problems` turns into violations.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import types
import typing
from collections.abc import Callable, Iterator, Sequence, Set
from enum import Enum, StrEnum
from typing import Any, Final

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory, list_structure_factory
from cattrs.gen import make_dict_structure_fn, override
from cattrs.strategies import configure_tagged_union, include_subclasses

from carecircle import _errors as errors
from carecircle import _invitations as invitations
from carecircle import _model as model
from carecircle import _notifications as notifications
from carecircle import _operations as operations
from carecircle import events
from carecircle._access import decision
from carecircle._access.matrix import HabilitationMatrix
from carecircle._errors import wrong_type
from carecircle.identifiers.ins import Ins
from carecircle.nomenclatures import Code
from carecircle.professions import ProfessionCatalog
from carecircle.serialization import _forms
from carecircle.serialization._problems import KEY_REQUIRED

__all__ = [
    "EVENT_TAG",
    "MEMBER_TAG",
    "TAG_UNKNOWN",
    "UNION_TAG",
    "build",
    "public_types",
    "public_unions",
]

TAG_UNKNOWN: Final = "TAG_UNKNOWN"
#: The key naming the kind of a member (``"kind": "related_person"``).
MEMBER_TAG: Final = "kind"
#: The key naming the class of an event (``"type": "MemberAdded"``).
EVENT_TAG: Final = "type"
#: The key naming the class in any other union of classes (notifications).
UNION_TAG: Final = "type"

_MODULES: Final = (model, events, notifications, invitations, decision, operations, errors)


def _subclasses(cl: type) -> Iterator[type]:
    """Every subclass of ``cl``, once. attrs builds a slotted class anew: until the garbage
    collector runs, the class it replaced is still listed; the slotted one wins.
    """
    found: dict[tuple[str, str], type] = {}
    sub: type
    for sub in cl.__subclasses__():
        key = (sub.__module__, sub.__qualname__)
        if key not in found or "__slots__" in sub.__dict__:
            found[key] = sub
    for sub in found.values():
        yield sub
        yield from _subclasses(sub)


def public_types() -> dict[str, type]:
    """Every class a document may hold at its top, by name: the attrs classes the public
    modules export, every subclass of :class:`~carecircle.events.Event`, the matrix, codes.
    """
    gc.collect()  # see _subclasses
    found: dict[str, type] = {"Code": Code, "HabilitationMatrix": HabilitationMatrix, "Ins": Ins}
    exported = (getattr(module, name) for module in _MODULES for name in module.__all__)
    for cl in (*exported, *_subclasses(events.Event)):
        known = isinstance(cl, type) and attrs.has(cl)
        if known and found.setdefault(cl.__name__, cl) is not cl:  # pragma: no cover - a guard
            raise RuntimeError(f"two public classes are named {cl.__name__}")
    return found


def public_unions() -> dict[str, Any]:
    """The unions the public modules export, by name (``Member``, ``Notification``)."""
    return {
        name: getattr(module, name)
        for module in _MODULES
        for name in module.__all__
        if _is_union(getattr(module, name))
    }


def _is_union(t: object) -> bool:
    return isinstance(t, types.UnionType) or typing.get_origin(t) is typing.Union


def _unions(t: object) -> Iterator[Any]:
    """The unions of two classes or more in a field type, however nested."""
    args = [a for a in typing.get_args(t) if a is not type(None)]
    if _is_union(t) and len(args) > 1:
        yield t
    for arg in args:
        yield from _unions(arg)


def _tagging(union: Any) -> tuple[str, Callable[[type], str]]:
    classes = typing.get_args(union)
    if all(isinstance(getattr(c, "kind", None), model.MemberKind) for c in classes):
        return MEMBER_TAG, lambda c: str(c.kind)
    return UNION_TAG, lambda c: c.__name__


def _checked_union(
    converter: cattrs.Converter, union: Any, tag_name: str, tags: Sequence[str]
) -> None:
    """Put a check of the payload and its tag before cattrs's tagged-union hook (which
    would raise a bare ``KeyError`` or ``AttributeError`` on a missing tag or a list).
    """
    inner = converter.get_structure_hook(union)
    allowed = ", ".join(repr(t) for t in tags)
    known = frozenset(tags)

    def read(value: object, cl: object) -> object:
        if value.__class__ is not dict:
            raise wrong_type("$", "an object")
        tag = value.get(tag_name)
        if tag.__class__ is not str or tag not in known:
            if tag_name not in value:
                raise _forms.problem(KEY_REQUIRED, "this field is required", f"$.{tag_name}")
            raise _forms.problem(TAG_UNKNOWN, f"expected one of {allowed}", f"$.{tag_name}")
        return inner(value, cl)

    converter.register_structure_hook(union, read)


def _checked_fields(converter: cattrs.Converter, cl: type) -> dict[str, Any]:
    """Overrides running each field's attrs converter in the field's own hook (detailed)."""
    found = {}
    for a in attrs.fields(cl):
        convert = a.converter
        if a.init and callable(convert) and not isinstance(convert, attrs.Converter):
            inner = converter.get_structure_hook(a.type)

            def read(value: object, t: Any, _inner: Any = inner, _convert: Any = convert) -> Any:
                return _convert(_inner(value, t))

            found[a.name] = override(struct_hook=read)
    return found


def _attrs_factory(converter: cattrs.Converter, *, detailed: bool) -> Callable[[Any], Any]:
    def factory(cl: Any) -> Any:
        if not detailed:
            return make_dict_structure_fn(cl, converter)
        generated = make_dict_structure_fn(cl, converter, **_checked_fields(converter, cl))

        def read(value: object, _: object) -> object:
            if value.__class__ is not dict:
                raise wrong_type("$", "an object")
            return generated(value, cl)

        return read

    return factory


def _is_optional(t: object) -> bool:
    return _is_union(t) and len(typing.get_args(t)) == 2 and type(None) in typing.get_args(t)


def _optional_factory(converter: cattrs.Converter) -> Callable[[Any], Any]:
    """``X | None`` with ``X``'s hook found once (cattrs looks it up on every value)."""

    def factory(t: Any) -> Any:
        other = next(a for a in typing.get_args(t) if a is not type(None))
        inner = converter.get_structure_hook(other)
        if inner is _forms.read_str:
            return _forms.read_optional_str  # the same, one call fewer per value

        def read(value: object, _: object) -> object:
            return None if value is None else inner(value, other)

        return read

    return factory


def _is_homogeneous_tuple(t: object) -> bool:
    args = typing.get_args(t)
    return typing.get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis


def _set_factory(converter: cattrs.Converter) -> Callable[[Any], Any]:
    def factory(t: Any) -> Any:
        items: Any = list[typing.get_args(t)[0]]  # type: ignore[misc]  # a runtime type
        return _forms.strict_set(list_structure_factory(items, converter))

    return factory


def _is_set(t: object) -> bool:
    return typing.get_origin(t) in (frozenset, set, Set)


def _matrix_hooks(converter: cattrs.Converter, professions: ProfessionCatalog) -> None:
    def read(value: object, _: object) -> HabilitationMatrix:
        # The same reader as ``from_mapping``: its ``$`` paths are rooted at the matrix.
        return HabilitationMatrix.from_mapping(value, professions=professions)

    def write(matrix: HabilitationMatrix) -> dict[str, object]:
        data = matrix.to_mapping()
        # A matrix's categories are a set to its equality: sorted, equal matrices read alike.
        data["categories"] = sorted(matrix.categories)
        return data

    converter.register_structure_hook(HabilitationMatrix, read)
    converter.register_unstructure_hook(HabilitationMatrix, write)


def _primitive_hooks(converter: cattrs.Converter) -> None:
    converter.register_structure_hook(str, _forms.read_str)
    converter.register_structure_hook(int, _forms.read_int)
    converter.register_structure_hook(bool, _forms.read_bool)
    converter.register_structure_hook(Code, _forms.read_code)
    converter.register_unstructure_hook(Code, _forms.code_text)
    converter.register_structure_hook(dt.datetime, _forms.read_instant)
    converter.register_unstructure_hook(dt.datetime, _forms.instant_text)
    converter.register_structure_hook(dt.date, _forms.read_date)
    converter.register_unstructure_hook(dt.date, _forms.date_text)
    # Registered for the base classes (cattrs dispatches on a class's MRO first): a str
    # enum is a str, which cattrs would otherwise read and write as one.
    for base in (StrEnum, Enum):
        converter.register_structure_hook(base, _forms.read_enum)
        converter.register_unstructure_hook(base, _forms.enum_value)
    converter.register_structure_hook_factory(_is_optional, _optional_factory(converter))
    converter.register_structure_hook_factory(
        _is_homogeneous_tuple,
        lambda t: _forms.strict_sequence(homogenous_tuple_structure_factory(t, converter)),
    )
    converter.register_structure_hook_factory(_is_set, _set_factory(converter))


def build(*, detailed: bool, professions: ProfessionCatalog) -> cattrs.Converter:
    """A converter for every public type (:func:`public_types`), built once."""
    converter = cattrs.Converter(
        detailed_validation=detailed,
        forbid_extra_keys=True,
        unstruct_collection_overrides={Sequence: list, Set: _forms.sorted_items},
    )
    _primitive_hooks(converter)
    converter.register_structure_hook_factory(
        attrs.has, _attrs_factory(converter, detailed=detailed)
    )
    _matrix_hooks(converter, professions)
    classes = [c for c in public_types().values() if c not in (Code, HabilitationMatrix)]
    for cl in classes:
        attrs.resolve_types(cl)
    unions = {u: None for cl in classes for a in attrs.fields(cl) for u in _unions(a.type)}
    for union in unions:
        tag_name, tag_of = _tagging(union)
        configure_tagged_union(union, converter, tag_generator=tag_of, tag_name=tag_name)
        _checked_union(converter, union, tag_name, [tag_of(c) for c in typing.get_args(union)])
    tree = [events.Event, *_subclasses(events.Event)]  # collected by public_types above
    include_subclasses(
        events.Event,
        converter,
        union_strategy=functools.partial(configure_tagged_union, tag_name=EVENT_TAG),
    )
    for cl in tree:
        if any(a.name == EVENT_TAG for a in attrs.fields(cl)):  # pragma: no cover - a guard
            raise RuntimeError(f"{cl.__name__} has a field named like the event tag")
    # Every event carries its tag, a leaf class's too (include_subclasses writes it).
    for cl in tree:
        _checked_union(converter, cl, EVENT_TAG, [c.__name__ for c in tree if issubclass(c, cl)])
    return converter
