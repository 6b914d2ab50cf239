"""Access (*accès au dossier*): who may open a record and see what, and why or why not.

The habilitation matrix (:mod:`~carecircle._access.matrix`, G5), decisions with their reasons
(:mod:`~carecircle._access.effective`, R1–R4) and the listings built on the same decisions
(:mod:`~carecircle._access.listings`: who can access a record, active files, G11, G14).
:mod:`~carecircle._access.plain` is the same rules written plainly, the reference the fast path
(:mod:`carecircle._access._fast`, behind the public functions) is tested against.
"""

from carecircle._access.effective import (
    AccessPath,
    Decision,
    Reason,
    RefusalRef,
    decide,
    effective_access,
    has_effective_access,
    is_allowed,
    member_has_access,
)
from carecircle._access.example_matrix import EXAMPLE_MATRIX, example_matrix_data
from carecircle._access.listings import (
    ActiveFileEntry,
    ActiveFileIndex,
    Permissions,
    permissions,
    who_can_access,
)
from carecircle._access.matrix import (
    ACTION_RANKS,
    STANDARD_CATEGORIES,
    Action,
    Category,
    HabilitationMatrix,
    Level,
)

__all__ = [
    "ACTION_RANKS",
    "EXAMPLE_MATRIX",
    "STANDARD_CATEGORIES",
    "AccessPath",
    "Action",
    "ActiveFileEntry",
    "ActiveFileIndex",
    "Category",
    "Decision",
    "HabilitationMatrix",
    "Level",
    "Permissions",
    "Reason",
    "RefusalRef",
    "decide",
    "effective_access",
    "example_matrix_data",
    "has_effective_access",
    "is_allowed",
    "member_has_access",
    "permissions",
    "who_can_access",
]
