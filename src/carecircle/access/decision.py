"""Access decisions (*décisions d'accès*): allowed with the paths, or denied with reasons.

A :class:`Decision` is what :func:`~carecircle.access.decide` and
:func:`~carecircle.access.effective_access` answer; each :class:`Reason` is a stable code for
services to translate (see ``docs/access.md``).

>>> Decision(allowed=False, reasons=(Reason.NOT_A_MEMBER,)).reasons
(<Reason.NOT_A_MEMBER: 'NOT_A_MEMBER'>,)
>>> bool(Decision(allowed=True, paths=(AccessPath(member_id="M1"),)))
True
"""

from __future__ import annotations

from enum import StrEnum

import attrs

__all__ = ["AccessPath", "Decision", "Reason"]


class Reason(StrEnum):
    """Why access is denied: stable codes for services to translate."""

    NOT_A_MEMBER = "NOT_A_MEMBER"
    PARTICIPATION_ENDED = "PARTICIPATION_ENDED"
    NOT_HABILITATED = "NOT_HABILITATED"
    HABILITATION_EXPIRED = "HABILITATION_EXPIRED"
    HABILITATION_PENDING_ACCOUNT = "HABILITATION_PENDING_ACCOUNT"
    ACCOUNT_INACTIVE = "ACCOUNT_INACTIVE"
    SHARING_REFUSED = "SHARING_REFUSED"
    STRUCTURE_NOT_LEGAL_ENTITY = "STRUCTURE_NOT_LEGAL_ENTITY"
    NOT_A_DELEGATE = "NOT_A_DELEGATE"
    IDENTITY_MISMATCH = "IDENTITY_MISMATCH"
    UNKNOWN_PROFESSION = "UNKNOWN_PROFESSION"
    UNKNOWN_CATEGORY = "UNKNOWN_CATEGORY"
    MATRIX_DENIES = "MATRIX_DENIES"


@attrs.frozen(kw_only=True)
class AccessPath:
    """How access was reached: the principal's own membership (R2) or a structure's (R3)."""

    member_id: str
    via_structure: bool = False


@attrs.frozen(kw_only=True)
class Decision:
    """An access decision: allowed with its paths, or denied with every reason that applies."""

    allowed: bool
    paths: tuple[AccessPath, ...] = ()
    reasons: tuple[Reason, ...] = ()

    def __bool__(self) -> bool:
        return self.allowed
