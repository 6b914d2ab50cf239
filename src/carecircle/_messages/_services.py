"""The words of the service, the stores, the history, invitations and the test directories."""

from __future__ import annotations

from typing import Final

__all__ = ["TEXTS"]

#: Code -> (English, French).
TEXTS: Final[dict[str, tuple[str, str]]] = {}
