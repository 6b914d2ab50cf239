"""Text helpers shared across the package."""

from __future__ import annotations

import unicodedata

__all__ = ["fold"]


def fold(text: str) -> str:
    """Accent- and case-insensitive form of ``text``, for sorting and searching names.

    >>> fold("Hélène") == fold("HELENE") == fold("helene")
    True
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
