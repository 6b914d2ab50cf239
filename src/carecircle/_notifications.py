"""Notifications (*notifications*): values a change calls for; the library sends nothing.

G14: when a directory professional with an active PASS account gains effective access (they are
habilitated, or come back habilitated), they get a notice and the patient joins their active
file; a habilitated legal-entity structure gets one notice (the record joins its active file).
Never to a refused or account-less professional, never to the actor about their own change.
A pending habilitation (no account yet, R5) is notified when it takes effect: when
:func:`~carecircle.refresh_member` brings the directory's entry with the new account.

G13's invitation to create a PASS account (:class:`~carecircle.Invitation`) is the
other kind of :data:`Notification` a notifier receives.

>>> import datetime as dt
>>> notice = HabilitationNotice(record_id="DC-1", member_id="M2", recipient="pass:5001",
...     structure=False, at=dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC))
>>> notice.subject()
'SPICO : vous êtes habilité(e) sur un dossier de coordination'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from carecircle._access.effective import member_has_access
from carecircle._invitations import DEFAULT_PLATFORM, Invitation
from carecircle._model.membership import Membership
from carecircle._model.people import DirectoryProfessional
from carecircle._model.record import CoordinationRecord
from carecircle._model.structures import DirectoryStructure

__all__ = ["EmergencyNotice", "HabilitationNotice", "Notification", "habilitation_notices"]


@attrs.frozen(kw_only=True)
class HabilitationNotice:
    """Habilitation notice (*notification d'habilitation*, G14).

    ``recipient`` is the PASS account id of a professional, or the directory id of a structure
    (``structure=True``). It carries no contact detail: the notifier looks those up.
    """

    record_id: str
    member_id: str
    recipient: str
    structure: bool
    at: dt.datetime

    def subject(self, *, platform: str = DEFAULT_PLATFORM) -> str:
        """The French subject of the notice's e-mail."""
        if self.structure:
            return f"{platform} : votre structure est habilitée sur un dossier de coordination"
        return f"{platform} : vous êtes habilité(e) sur un dossier de coordination"

    def body(self, *, platform: str = DEFAULT_PLATFORM) -> str:
        """The French body of the notice's e-mail: the record's id, never the patient's name nor
        any health information (e-mail is not a secure channel), and no contact detail (R12).
        """
        if self.structure:
            news = (
                f"Votre structure a été habilitée sur le dossier de coordination {self.record_id} "
                f"dans {platform}. Le dossier rejoint la file active de la structure : ses "
                "professionnels délégués peuvent l'ouvrir, selon les droits de leur profession."
            )
        else:
            news = (
                f"Vous avez été habilité(e) sur le dossier de coordination {self.record_id} dans "
                f"{platform}. Le patient apparaît désormais dans votre file active (onglet "
                "« Patient ») : vous pouvez consulter et renseigner les informations du parcours "
                "selon les droits de votre profession (matrice d'habilitation)."
            )
        return (
            f"Bonjour,\n\n{news}\n\nConnectez-vous à {platform} avec votre compte PASS pour y "
            "accéder. Ce message ne contient volontairement aucune information sur le patient.\n"
        )


@attrs.frozen(kw_only=True)
class EmergencyNotice:
    """Emergency access notice (*accès en urgence*): tells one of the circle's editors that a
    professional opened the record in an emergency, until ``ends``.

    ``recipient`` is the editor's PASS account id, or a structure's directory id
    (``structure=True``); ``opened_by`` the account of the professional who opened it. The
    reason they gave is not in it (free text; the audit trail keeps it).
    """

    record_id: str
    access_id: str
    recipient: str
    structure: bool
    opened_by: str
    at: dt.datetime
    ends: dt.datetime

    def subject(self, *, platform: str = DEFAULT_PLATFORM) -> str:
        """The French subject of the notice's e-mail."""
        return f"{platform} : accès en urgence à un dossier de coordination"

    def body(self, *, platform: str = DEFAULT_PLATFORM) -> str:
        """The French body: the record's id and the access's bounds, nothing about the patient."""
        return (
            f"Bonjour,\n\nUn professionnel ({self.opened_by}) a ouvert en urgence le dossier de "
            f"coordination {self.record_id} dans {platform}, jusqu'au "
            f"{self.ends:%d/%m/%Y à %H:%M} (UTC). Cet accès est tracé. Connectez-vous à "
            f"{platform} pour en consulter le motif. Ce message ne contient volontairement "
            "aucune information sur le patient.\n"
        )


#: What a :class:`~carecircle.Notifier` receives: G14's notices, emergency access
#: notices and G13's invitations.
Notification = HabilitationNotice | EmergencyNotice | Invitation


def _recipient(membership: Membership) -> tuple[str, bool]:
    member = membership.member
    if isinstance(member, DirectoryStructure):
        return member.national_id, True
    if isinstance(member, DirectoryProfessional) and member.account is not None:
        return member.account.id, False
    raise AssertionError("only members holding a grant are notified")  # pragma: no cover


def habilitation_notices(
    before: CoordinationRecord | None,
    after: CoordinationRecord,
    *,
    at: dt.datetime,
    actor: str | None = None,
    members: Iterable[str] | None = None,
) -> tuple[HabilitationNotice, ...]:
    """Notices for every member who holds a grant in ``after`` but did not in ``before``.

    ``members``, when given, names the only members that may have changed (in the order
    their notices come): the operations pass the member they touched, so that the notices
    cost the change, not the circle.
    """
    notices = []
    if members is None:
        candidates: Iterable[Membership] = after.circle
    else:
        candidates = [m for i in members if (m := after.circle.find(i)) is not None]
    for m in candidates:
        if not member_has_access(m, at):
            continue
        previous = None if before is None else before.circle.find(m.member_id)
        if previous is not None and member_has_access(previous, at):
            continue
        recipient, structure = _recipient(m)
        if recipient == actor and not structure:
            continue
        notices.append(
            HabilitationNotice(
                record_id=after.record_id,
                member_id=m.member_id,
                recipient=recipient,
                structure=structure,
                at=at,
            )
        )
    return tuple(notices)
