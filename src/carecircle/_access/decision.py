"""Access decisions (*décisions d'accès*): allowed with the paths, or denied with reasons.

A :class:`Decision` is what :func:`~carecircle.decide` and
:func:`~carecircle.effective_access` answer; each :class:`Reason` is a stable code for
services to translate (see ``docs/access.md``).

>>> Decision(allowed=False, reasons=(Reason.NOT_A_MEMBER,)).reasons
(<Reason.NOT_A_MEMBER: 'NOT_A_MEMBER'>,)
>>> bool(Decision(allowed=True, paths=(AccessPath(member_id="M1"),)))
True
"""

from __future__ import annotations

from enum import StrEnum

import attrs

from carecircle._shown import Shown

__all__ = ["AccessPath", "Decision", "Reason", "RefusalRef"]


class Reason(StrEnum):
    """Why access is denied (*motif de refus d'accès*): a stable code, and its words in English
    (:attr:`message`) and in French (:attr:`message_fr`) from the catalogue of messages
    (``docs/messages.md``).

    >>> Reason.NOT_HABILITATED.message_fr
    'Le professionnel n’est pas habilité sur le dossier.'
    >>> Reason.SHARING_REFUSED.message
    'The patient refuses to share information with this professional.'
    """

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
    #: An emergency access opens the record for reading only.
    EMERGENCY_READ_ONLY = "EMERGENCY_READ_ONLY"
    #: The circle's status denies everyone (CDS ``CareTeam.status``).
    CIRCLE_PROPOSED = "CIRCLE_PROPOSED"
    CIRCLE_SUSPENDED = "CIRCLE_SUSPENDED"
    CIRCLE_INACTIVE = "CIRCLE_INACTIVE"
    CIRCLE_ENTERED_IN_ERROR = "CIRCLE_ENTERED_IN_ERROR"

    @property
    def message(self) -> str:
        """The reason in English words, for a person to read."""
        from carecircle import _messages  # noqa: PLC0415 -- the catalogue loads on first use

        return _messages.describe(self.value).en

    @property
    def message_fr(self) -> str:
        """The reason in French words (*le motif en clair*), for a person to read."""
        from carecircle import _messages  # noqa: PLC0415 -- the catalogue loads on first use

        return _messages.describe(self.value).fr


@attrs.frozen(kw_only=True, repr=False)
class AccessPath:
    """How access was reached: the principal's own membership (R2), a structure's (R3), or
    an emergency access (``emergency_id``, *bris de glace*; then ``member_id`` is ``None``).

    >>> AccessPath(member_id=None, emergency_id="E1")
    AccessPath(member_id=None, via_structure=False, emergency_id='E1')
    """

    member_id: str | None
    via_structure: bool = False
    emergency_id: str | None = None

    def __repr__(self) -> str:
        shown = f"AccessPath(member_id={self.member_id!r}, via_structure={self.via_structure!r}"
        if self.emergency_id is not None:
            shown += f", emergency_id={self.emergency_id!r}"
        return shown + ")"


@attrs.frozen(kw_only=True)
class RefusalRef:
    """Which refusal denied: the member it was recorded on and its id there."""

    member_id: str
    refusal_id: str


@attrs.frozen(kw_only=True)
class Decision(Shown):
    """An access decision: allowed with its paths, or denied with every reason that applies
    and, when a sharing refusal is among them, the refusals that denied (R4).

    A notebook shows it as HTML and ``str`` as French lines, reasons in words; the members are
    ids only, ``decision_view(decision, record=...)`` names them.
    """

    allowed: bool
    paths: tuple[AccessPath, ...] = ()
    reasons: tuple[Reason, ...] = ()
    refusals: tuple[RefusalRef, ...] = ()

    def __bool__(self) -> bool:
        return self.allowed
