"""Helpers shared by the rule modules."""

from __future__ import annotations

from collections.abc import Iterable

from carecircle._errors import ChangeRejected, Violation

__all__ = ["member_path", "raise_if_any"]


def member_path(member_id: str, field: str) -> str:
    """The path of a membership's field, as violations name it: ``members[M3].roles``."""
    return f"members[{member_id}].{field}"


def raise_if_any(violations: Iterable[Violation]) -> None:
    """Raise one :class:`ChangeRejected` carrying every violation, if there is any (R11)."""
    found = tuple(violations)
    if found:
        raise ChangeRejected.from_violations(found)
