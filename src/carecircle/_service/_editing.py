"""The guide's « Modifier » form and what follows a member's stay: role(s) and description
(G4), habilitation on and off (G4, G5), the patient's refusal recorded and lifted (R4), a
member leaving and coming back (R9), a member entered in error.

Nothing to look up: each method is the core operation of the same name, with the service's
catalogues, its change returned unsent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from carecircle import _operations as ops
from carecircle._model.principal import Principal
from carecircle._model.record import CoordinationRecord
from carecircle._model.refusals import Statement
from carecircle._operations import KEEP, Change, Keep
from carecircle._service._base import ServiceBase
from carecircle.nomenclatures import Code

__all__ = ["EditingActions"]


class EditingActions(ServiceBase):
    """Changing a member already in the circle."""

    __slots__ = ()

    def update_member(
        self,
        record: CoordinationRecord,
        *,
        actor: Principal,
        member_id: str,
        roles: Iterable[Code] | None = None,
        description: str | None = None,
        habilitated: bool | None = None,
        habilitation_ends: dt.datetime | Keep | None = KEEP,
        legal_protection: Code | Keep | None = KEEP,
        at: dt.datetime,
        expected_version: int | None = None,
    ) -> Change:
        """« Mettre à jour » on the « Modifier » form (G4): role(s), description, habilitation,
        legal protection; what is left out keeps its value. The patient's refusal, the form's
        other switch, is their decision: :meth:`record_refusal`, :meth:`lift_refusal`.
        """
        return ops.update_member(
            record,
            member_id,
            actor=actor,
            at=at,
            roles=roles,
            description=description,
            habilitated=habilitated,
            habilitation_ends=habilitation_ends,
            legal_protection=legal_protection,
            catalog=self.catalog,
            professions=self.professions,
            expected_version=expected_version,
        )

    def habilitate(
        self,
        record: CoordinationRecord,
        *,
        actor: Principal,
        member_id: str,
        until: dt.datetime | None = None,
        at: dt.datetime,
        expected_version: int | None = None,
    ) -> Change:
        """Switch a member's habilitation on (G4, G5), up to ``until`` (excluded) if given;
        only directory members qualify (R5). Access now means a notice (G14) in the change.
        """
        return ops.habilitate(
            record,
            member_id,
            actor=actor,
            at=at,
            until=until,
            expected_version=expected_version,
        )

    def revoke_habilitation(
        self,
        record: CoordinationRecord,
        *,
        actor: Principal,
        member_id: str,
        at: dt.datetime,
        expected_version: int | None = None,
    ) -> Change:
        """Switch a member's habilitation off (G4): they stay in the care team, without
        access (G6).
        """
        return ops.revoke_habilitation(
            record, member_id, actor=actor, at=at, expected_version=expected_version
        )

    def record_refusal(
        self,
        record: CoordinationRecord,
        *,
        actor: Principal,
        member_id: str,
        statement: Statement,
        categories: Iterable[str] = (),
        at: dt.datetime,
        expected_version: int | None = None,
    ) -> Change:
        """Record the patient's refusal to share with a member (*refus du patient au partage
        d'information*, R4): the whole record, or only ``categories``; ``statement`` says who
        expressed it, when and how.
        """
        return ops.record_refusal(
            record,
            member_id,
            statement=statement,
            actor=actor,
            at=at,
            categories=categories,
            expected_version=expected_version,
        )

    def lift_refusal(
        self,
        record: CoordinationRecord,
        *,
        actor: Principal,
        member_id: str,
        refusal_id: str,
        statement: Statement,
        at: dt.datetime,
        expected_version: int | None = None,
    ) -> Change:
        """Lift a standing refusal, as the patient (or their legal representative) decided
        (R4); the access it blocked returns, and with it a notice (G14).
        """
        return ops.lift_refusal(
            record,
            member_id,
            refusal_id,
            statement=statement,
            actor=actor,
            at=at,
            expected_version=expected_version,
        )

    def end_participation(
        self,
        record: CoordinationRecord,
        *,
        actor: Principal,
        member_id: str,
        at: dt.datetime,
        expected_version: int | None = None,
    ) -> Change:
        """A member leaves the circle: their participation ends at ``at`` (R9); nothing is
        erased.
        """
        return ops.end_participation(
            record, member_id, actor=actor, at=at, expected_version=expected_version
        )

    def rejoin(
        self,
        record: CoordinationRecord,
        *,
        actor: Principal,
        member_id: str,
        roles: Iterable[Code] | None = None,
        habilitated: bool = False,
        habilitation_ends: dt.datetime | None = None,
        at: dt.datetime,
        expected_version: int | None = None,
    ) -> Change:
        """A member who left comes back, as a new participation of the same member (R9):
        roles kept unless given, habilitation decided anew, refusals still standing.
        """
        return ops.rejoin(
            record,
            member_id,
            actor=actor,
            at=at,
            roles=roles,
            habilitated=habilitated,
            habilitation_ends=habilitation_ends,
            catalog=self.catalog,
            professions=self.professions,
            expected_version=expected_version,
        )

    def mark_entered_in_error(
        self,
        record: CoordinationRecord,
        *,
        actor: Principal,
        member_id: str,
        reason: str = "",
        at: dt.datetime,
        expected_version: int | None = None,
    ) -> Change:
        """Mark a member entered in error (the wrong Dr Durand was added): they never count
        again, their entry stays for the audit. Final: add the right member anew.
        """
        return ops.mark_entered_in_error(
            record,
            member_id,
            actor=actor,
            at=at,
            reason=reason,
            expected_version=expected_version,
        )
