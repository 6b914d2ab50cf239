"""The words of the interop: FHIR import, profile checking, OpenFGA export."""

from __future__ import annotations

from typing import Final

__all__ = ["TEXTS"]

#: Code -> (English, French).
TEXTS: Final[dict[str, tuple[str, str]]] = {}
