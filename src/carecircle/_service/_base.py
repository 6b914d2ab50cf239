"""The service's ports and configuration, its look-ups, and the one way out: delivery.

No action of the service sends anything. :meth:`ServiceBase.dispatch` hands a change's
notifications to the notifier, and :meth:`ServiceBase.commit` stores the change (compare-and-set)
before it dispatches: the caller decides when, once the record is safe.
"""

from __future__ import annotations

import datetime as dt

import attrs

from carecircle import instants
from carecircle._access.example_matrix import EXAMPLE_MATRIX
from carecircle._access.listings import Permissions, who_can_access
from carecircle._access.matrix import HabilitationMatrix
from carecircle._errors import NotFoundError, wrong_type
from carecircle._invitations import DEFAULT_PLATFORM, DEFAULT_PORTAL_URL
from carecircle._model._fields import instance_of
from carecircle._model.people import DirectoryProfessional
from carecircle._model.principal import Principal
from carecircle._model.record import CoordinationRecord
from carecircle._model.structures import DirectoryStructure
from carecircle._notifications import EmergencyNotice, HabilitationNotice
from carecircle._operations import Change, EmergencyPolicy
from carecircle._ports import Notifier, ProfessionalDirectory, StructureDirectory
from carecircle._service import _lookups
from carecircle.professions import DEFAULT_PROFESSIONS, ProfessionCatalog
from carecircle.roles import DEFAULT_ROLES, RoleCatalog
from carecircle.stores import RecordStore

__all__ = ["ServiceBase"]


@attrs.frozen(kw_only=True)
class ServiceBase:
    """The ports and the configuration of :class:`~carecircle.CareCircleService` (its
    docstring lists them), its look-ups and its delivery.
    """

    professionals: ProfessionalDirectory = attrs.field(
        validator=instance_of(ProfessionalDirectory, "professionals", "a ProfessionalDirectory")
    )
    structures: StructureDirectory = attrs.field(
        validator=instance_of(StructureDirectory, "structures", "a StructureDirectory")
    )
    notifier: Notifier = attrs.field(validator=instance_of(Notifier, "notifier", "a Notifier"))
    matrix: HabilitationMatrix = attrs.field(
        default=EXAMPLE_MATRIX,
        validator=instance_of(HabilitationMatrix, "matrix", "a HabilitationMatrix"),
    )
    catalog: RoleCatalog = attrs.field(
        default=DEFAULT_ROLES, validator=instance_of(RoleCatalog, "catalog", "a RoleCatalog")
    )
    #: The professions members may have: the ANS ones and the platform's own (issue 10 item 6).
    professions: ProfessionCatalog = attrs.field(
        default=DEFAULT_PROFESSIONS,
        validator=instance_of(ProfessionCatalog, "professions", "a ProfessionCatalog"),
    )
    portal_url: str = attrs.field(
        default=DEFAULT_PORTAL_URL, validator=instance_of(str, "portal_url", "a str")
    )
    platform: str = attrs.field(
        default=DEFAULT_PLATFORM, validator=instance_of(str, "platform", "a str")
    )
    emergency: EmergencyPolicy = attrs.field(
        default=EmergencyPolicy(),  # a frozen value: one default for every service
        validator=instance_of(EmergencyPolicy, "emergency", "an EmergencyPolicy"),
    )

    # -- directory facts -------------------------------------------------------------------

    def principal(self, account: str) -> Principal:
        """The professional holding ``account``, as the directories know them now: profession,
        account state, and the legal-entity structures that delegate to them (R3).
        ``ACCOUNT_NOT_FOUND`` at ``account`` when the PASS directory has no such account.
        """
        entry = self.professionals.by_account(_lookups.identifier(account, "account"))
        if entry is None:
            raise NotFoundError.of(
                "ACCOUNT_NOT_FOUND", "account", "no professional of the directory has this account"
            )
        return _lookups.principal_of(self.structures, entry)

    def professional(self, national_id: str) -> DirectoryProfessional:
        """The directory's entry of now for the professional ``national_id`` (idNat_PS);
        ``PROFESSIONAL_NOT_FOUND`` at ``national_id`` when it has none.
        """
        return _lookups.professional_entry(self.professionals, national_id)

    def structure(self, national_id: str) -> DirectoryStructure:
        """The directory's entry of now for the structure ``national_id``;
        ``STRUCTURE_NOT_FOUND`` at ``national_id`` when it has none.
        """
        return _lookups.structure_entry(self.structures, national_id)

    def who_can_access(
        self, record: CoordinationRecord, *, at: dt.datetime
    ) -> tuple[Permissions, ...]:
        """Everyone who can open ``record`` at ``at``, with what they may do: its professionals,
        the delegates of its structures and whoever opened it in an emergency, with the
        directories' facts of now.
        """
        if not isinstance(record, CoordinationRecord):
            raise wrong_type("record", "a CoordinationRecord")
        at = instants.utc(at, "at")
        principals = [
            _lookups.principal_of(self.structures, entry)
            for entry in _lookups.candidates(self.professionals, self.structures, record)
        ]
        return who_can_access(record, principals, matrix=self.matrix, at=at)

    # -- delivery: the only methods that send ------------------------------------------------

    def dispatch(self, change: Change) -> Change:
        """Hand each of the change's notifications to the notifier, in order; return the change.

        Call it once the change is stored (or use :meth:`commit`): the service's actions
        never send anything themselves.
        """
        if not isinstance(change, Change):
            raise wrong_type("change", "a Change")
        notifications = change.notifications
        if not isinstance(notifications, tuple):
            raise wrong_type("change.notifications", "a tuple of notifications")
        for i, notification in enumerate(notifications):
            if not isinstance(notification, HabilitationNotice | EmergencyNotice):
                raise wrong_type(f"change.notifications[{i}]", "a notification")
        for notification in notifications:
            self.notifier.notify(notification)
        return change

    def commit(self, change: Change, *, store: RecordStore) -> Change:
        """Append ``change`` to ``store`` (compare-and-set on its version), then
        :meth:`dispatch` it: nothing is sent unless the store accepted the change.

        The store's errors go through unchanged (``VERSION_CONFLICT``: reload, apply the
        action again, commit again), and nothing is sent then.
        """
        if not isinstance(change, Change):
            raise wrong_type("change", "a Change")
        if not isinstance(store, RecordStore):
            raise wrong_type("store", "a RecordStore")
        store.append(change)
        return self.dispatch(change)
