"""Access (*accès au dossier*): who may open a record, and why or why not (R1–R4)."""

from carecircle.access.effective import (
    Access,
    AccessPath,
    Reason,
    effective_access,
    has_effective_access,
    member_has_access,
)

__all__ = [
    "Access",
    "AccessPath",
    "Reason",
    "effective_access",
    "has_effective_access",
    "member_has_access",
]
