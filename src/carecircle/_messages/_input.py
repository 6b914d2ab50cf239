"""The words of values read from outside: types, texts, identifiers, instants, codes, documents."""

from __future__ import annotations

from typing import Final

__all__ = ["TEXTS"]

#: Code -> (English, French).
TEXTS: Final[dict[str, tuple[str, str]]] = {}
