"""The record's own actions: creating it with its creator (G1), its lifecycle (the circle's
statuses), an emergency access (*bris de glace*).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from carecircle import _operations as ops
from carecircle import instants
from carecircle._model.lifecycle import CircleStatus
from carecircle._model.people import Patient
from carecircle._model.principal import Principal
from carecircle._model.record import CoordinationRecord
from carecircle._operations import Change
from carecircle._operations._boundary import typed
from carecircle._service import _lookups
from carecircle._service._base import ServiceBase
from carecircle.nomenclatures import Code

__all__ = ["RecordActions"]


class RecordActions(ServiceBase):
    """Creating a record and changing the record itself."""

    __slots__ = ()

    def create_record(
        self,
        *,
        actor: Principal,
        record_id: str,
        patient: Patient,
        roles: Iterable[Code] = (),
        description: str = "",
        status: CircleStatus | str = CircleStatus.ACTIVE,
        at: dt.datetime,
    ) -> Change:
        """Create the patient's coordination record (*Créer*, G1): the actor, read from the
        PASS directory (``PRINCIPAL_NOT_FOUND`` at ``actor`` when it does not list them),
        joins the circle habilitated, with ``roles`` and ``description``. ``status`` is
        ``active`` or ``proposed`` (a circle drafted before it is shared).
        """
        typed(actor, Principal, "actor", "a Principal")
        assert isinstance(actor, Principal)  # noqa: S101 -- checked just above
        at = instants.utc(at, "at")
        entry = _lookups.entry_of(self.professionals, actor, "actor")
        return ops.create_record(
            record_id=record_id,
            patient=patient,
            creator=actor,
            creator_entry=entry,
            at=at,
            roles=roles,
            description=description,
            catalog=self.catalog,
            status=status,
            professions=self.professions,
        )

    def change_status(
        self,
        record: CoordinationRecord,
        *,
        actor: Principal,
        status: CircleStatus | str,
        reason: str = "",
        at: dt.datetime,
        expected_version: int | None = None,
    ) -> Change:
        """Move the circle to ``status`` (suspend it, close it, reopen it…) as
        :data:`~carecircle.TRANSITIONS` allows, by one of its editors (R6), saying why.
        """
        return ops.change_status(
            record, status, actor=actor, at=at, reason=reason, expected_version=expected_version
        )

    def open_in_emergency(
        self,
        record: CoordinationRecord,
        *,
        actor: Principal,
        reason: str,
        at: dt.datetime,
        expected_version: int | None = None,
    ) -> Change:
        """Open the record in an emergency (*bris de glace*) for ``actor``, a professional
        without access: for reading, for the service's :attr:`emergency` policy's duration,
        ``reason`` kept for the audit. Never against the patient's refusal. The change
        carries a notice for each of the circle's editors.
        """
        return ops.open_in_emergency(
            record,
            principal=actor,
            reason=reason,
            at=at,
            policy=self.emergency,
            expected_version=expected_version,
        )
