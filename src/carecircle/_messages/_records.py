"""The words of the record's rules and operations: members, roles, habilitations, refusals,
statuses and versions (R5–R12)."""

from __future__ import annotations

from typing import Final

__all__ = ["TEXTS"]

#: Code -> (English, French).
TEXTS: Final[dict[str, tuple[str, str]]] = {}
