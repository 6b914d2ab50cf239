"""Inviting a colleague to create a PASS account (*inviter un confrère*, G13): the draft,
signed from the directory, and sending it once the user has edited it.
"""

from __future__ import annotations

from collections.abc import Iterable

from carecircle._errors import InvalidValueError
from carecircle._invitations import Invitation, draft_invitation
from carecircle._model.principal import Principal
from carecircle._operations._boundary import typed
from carecircle._service import _lookups
from carecircle._service._base import ServiceBase

__all__ = ["InvitationActions"]


class InvitationActions(ServiceBase):
    """The invitation's draft and its sending."""

    __slots__ = ()

    def draft_invitation(self, *, inviter: Principal, recipients: Iterable[str] = ()) -> Invitation:
        """:func:`~carecircle.draft_invitation` with what the service knows filled in: the
        ``inviter``'s name and coordination structure from their directory entry (for
        ``inviter_name`` and ``inviter_structure``; ``PRINCIPAL_NOT_FOUND`` at ``inviter``
        when it does not list them), the service's ``portal_url`` and ``platform``. The same
        keyword-only parameters otherwise, in the same order. Edit it, then
        :meth:`send_invitation`.
        """
        typed(inviter, Principal, "inviter", "a Principal")
        assert isinstance(inviter, Principal)  # noqa: S101 -- checked just above
        entry = _lookups.entry_of(self.professionals, inviter, "inviter")
        name = " ".join(part for part in (entry.given_name, entry.family_name) if part)
        return draft_invitation(
            inviter_name=name,
            inviter_structure=entry.structure,
            recipients=recipients,
            portal_url=self.portal_url,
            platform=self.platform,
        )

    def send_invitation(self, invitation: Invitation) -> Invitation:
        """Hand the invitation to the notifier, the user's « Envoyer » (G13); it needs at
        least one recipient (``INVITATION_NO_RECIPIENT`` at ``recipients``). Returns it.
        """
        typed(invitation, Invitation, "invitation", "an Invitation")
        assert isinstance(invitation, Invitation)  # noqa: S101 -- checked just above
        if not invitation.ready:
            raise InvalidValueError.of(
                "INVITATION_NO_RECIPIENT", "recipients", "an invitation needs a recipient"
            )
        self.notifier.notify(invitation)
        return invitation
