"""Shared attrs field helpers for the entities: local shape only, business rules live in rules/."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import attrs

from carecircle.errors import InvalidValueError
from carecircle.nomenclatures import Code

__all__ = ["code_set", "optional_identifier", "required_text", "text", "texts"]


def text(value: str | None) -> str:
    """Strip surrounding whitespace; ``None`` becomes the empty string."""
    return "" if value is None else value.strip()


def required_text(path: str) -> Any:
    """An attrs field holding stripped, non-empty text."""

    def check(_instance: object, _attribute: attrs.Attribute[str], value: str) -> None:
        if not value:
            raise InvalidValueError.of("TEXT_REQUIRED", path, "a non-empty text is required")

    return attrs.field(converter=text, validator=check)


def texts(values: Iterable[str]) -> frozenset[str]:
    """A frozen set of stripped, non-empty strings."""
    return frozenset(v.strip() for v in values if v.strip())


def optional_identifier(validate: Callable[..., str], path: str) -> Any:
    """An attrs field: an identifier normalised by ``validate(value, path=...)``, or ``None``."""

    def convert(value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        return validate(value, path=path)

    return attrs.field(default=None, converter=convert)


def code_set(values: Iterable[Code]) -> frozenset[Code]:
    """A frozen set of codes (roles): order carries no meaning."""
    return frozenset(values)
