"""A thin service layer (*couche de service*): the guide's use cases over the ports.

:class:`CareCircleService` holds a :class:`~carecircle.ProfessionalDirectory`, a
:class:`~carecircle.StructureDirectory` and a :class:`~carecircle.Notifier`. Each
method looks up what the core needs, calls one pure operation, and hands the change's
notifications to the notifier. It adds no rule of its own: a rejected change raises the core's
:class:`~carecircle.ChangeRejected` and nothing is sent.

The service does not store records: the caller keeps ``change.record``. A service that must
persist before notifying calls the core operations itself, saves, then
:meth:`CareCircleService.dispatch`.

>>> from carecircle.testing import directories, notifiers, sample
>>> data = sample.occitanie()
>>> service = CareCircleService(
...     professionals=directories.InMemoryProfessionalDirectory(data.professionals),
...     structures=directories.InMemoryStructureDirectory(data.structures),
...     notifier=notifiers.CapturingNotifier())
>>> service.principal(data.coordinator.account.id).account == data.coordinator.account.id
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

import attrs

from carecircle._access.example_matrix import EXAMPLE_MATRIX
from carecircle._access.listings import Permissions, who_can_access
from carecircle._access.matrix import HabilitationMatrix
from carecircle._errors import InvalidValueError, NotFoundError, wrong_type
from carecircle._invitations import DEFAULT_PORTAL_URL, Invitation, draft_invitation
from carecircle._model._fields import instance_of
from carecircle._model.people import DirectoryProfessional, Patient
from carecircle._model.principal import Principal
from carecircle._model.record import CoordinationRecord
from carecircle._model.refusals import Statement
from carecircle._model.structures import DirectoryStructure
from carecircle._operations import (
    Change,
    add_member,
    check_version,
    create_record,
    habilitate,
    refresh_member,
)
from carecircle._ports import Notifier, ProfessionalDirectory, StructureDirectory
from carecircle.nomenclatures import Code
from carecircle.professions import DEFAULT_PROFESSIONS, ProfessionCatalog
from carecircle.roles import DEFAULT_ROLES, RoleCatalog

__all__ = ["CareCircleService"]


def _not_found(code: str, path: str, message: str) -> NotFoundError:
    return NotFoundError.of(code, path, message)


def _id(value: object, path: str) -> str:
    if not isinstance(value, str):
        raise wrong_type(path, "a str")
    return value


def _based(record: CoordinationRecord, expected_version: int | None) -> None:
    """The record and the version the caller read, checked before any look-up: a stale
    write is ``VERSION_CONFLICT`` whatever the directories say.
    """
    check_version(record, expected_version)


@attrs.frozen(kw_only=True)
class CareCircleService:
    """The guide's use cases in a few calls: look up, apply one operation, notify.

    ``matrix`` is the habilitation matrix listings use; ``portal_url`` the PASS portal that
    invitations point to (G13).
    """

    professionals: ProfessionalDirectory
    structures: StructureDirectory
    notifier: Notifier
    matrix: HabilitationMatrix = EXAMPLE_MATRIX
    catalog: RoleCatalog = DEFAULT_ROLES
    #: The professions members may have: the ANS ones and the platform's own (issue 10 item 6).
    professions: ProfessionCatalog = attrs.field(
        default=DEFAULT_PROFESSIONS,
        validator=instance_of(ProfessionCatalog, "professions", "a ProfessionCatalog"),
    )
    portal_url: str = DEFAULT_PORTAL_URL

    # -- directory facts -------------------------------------------------------------------

    def principal(self, account: str) -> Principal:
        """The professional holding ``account``, as the directories know them now: profession,
        account state, and the legal-entity structures that delegate to them (R3).
        """
        _id(account, "account")
        entry = self.professionals.by_account(account)
        if entry is None:
            raise _not_found(
                "ACCOUNT_NOT_FOUND", "account", "no professional of the directory has this account"
            )
        return self._principal_of(entry)

    def professional(self, national_id: str) -> DirectoryProfessional:
        """The directory's entry of now for the professional ``national_id`` (idNat_PS)."""
        _id(national_id, "national_id")
        entry = self.professionals.by_national_id(national_id)
        if entry is None:
            raise _not_found(
                "PROFESSIONAL_NOT_FOUND",
                "national_id",
                "no professional of the directory has this national id",
            )
        return entry

    def structure(self, national_id: str) -> DirectoryStructure:
        """The directory's entry of now for the structure ``national_id``."""
        _id(national_id, "national_id")
        entry = self.structures.by_national_id(national_id)
        if entry is None:
            raise _not_found(
                "STRUCTURE_NOT_FOUND", "national_id", "no structure of the directory has this id"
            )
        return entry

    # -- use cases ---------------------------------------------------------------------------

    def dispatch(self, change: Change) -> Change:
        """Hand each of the change's notifications to the notifier, in order; return the change."""
        if not isinstance(change, Change):
            raise wrong_type("change", "a Change")
        for notification in change.notifications:
            self.notifier.notify(notification)
        return change

    def create_record(
        self,
        *,
        record_id: str,
        patient: Patient,
        creator: Principal,
        at: dt.datetime,
        roles: Iterable[Code] = (),
        description: str = "",
    ) -> Change:
        """Create a record; the creator, read from the directory, joins habilitated (G1)."""
        if not isinstance(creator, Principal):
            raise wrong_type("creator", "a Principal")
        entry = self._entry_of(creator)
        return self.dispatch(
            create_record(
                record_id=record_id,
                patient=patient,
                creator=creator,
                creator_entry=entry,
                at=at,
                roles=roles,
                description=description,
                catalog=self.catalog,
                professions=self.professions,
            )
        )

    def add_professional(
        self,
        record: CoordinationRecord,
        national_id: str,
        *,
        actor: Principal,
        at: dt.datetime,
        roles: Iterable[Code] = (),
        description: str = "",
        habilitated: bool = False,
        habilitation_ends: dt.datetime | None = None,
        refusal: Statement | None = None,
        expected_version: int | None = None,
    ) -> Change:
        """Add the directory professional ``national_id``, details filled from the directory
        (G3); habilitated or not (G5); notify them when they gain access (G14).
        """
        _based(record, expected_version)
        return self.dispatch(
            add_member(
                record,
                self.professional(national_id),
                actor=actor,
                at=at,
                roles=roles,
                description=description,
                habilitated=habilitated,
                habilitation_ends=habilitation_ends,
                refusal=refusal,
                catalog=self.catalog,
                professions=self.professions,
                expected_version=expected_version,
            )
        )

    def add_structure(
        self,
        record: CoordinationRecord,
        national_id: str,
        *,
        actor: Principal,
        at: dt.datetime,
        description: str = "",
        habilitated: bool = False,
        habilitation_ends: dt.datetime | None = None,
        refusal: Statement | None = None,
        expected_version: int | None = None,
    ) -> Change:
        """Add the directory structure ``national_id`` (G10); a habilitated legal entity gets
        one notice: the record joins its active file (G11, G14).
        """
        _based(record, expected_version)
        return self.dispatch(
            add_member(
                record,
                self.structure(national_id),
                actor=actor,
                at=at,
                roles=(),
                description=description,
                habilitated=habilitated,
                habilitation_ends=habilitation_ends,
                refusal=refusal,
                catalog=self.catalog,
                professions=self.professions,
                expected_version=expected_version,
            )
        )

    def habilitate(
        self,
        record: CoordinationRecord,
        member_id: str,
        *,
        actor: Principal,
        at: dt.datetime,
        until: dt.datetime | None = None,
        expected_version: int | None = None,
    ) -> Change:
        """Habilitate a member (G4, G5) and notify them when it gives access now (G14)."""
        return self.dispatch(
            habilitate(
                record,
                member_id,
                actor=actor,
                at=at,
                until=until,
                expected_version=expected_version,
            )
        )

    def refresh(
        self,
        record: CoordinationRecord,
        member_id: str,
        *,
        actor: Principal,
        at: dt.datetime,
        expected_version: int | None = None,
    ) -> Change:
        """Replace a directory member's details with the directory's entry of now.

        When a pending habilitation meets the PASS account created since (R5), it takes
        effect and the professional is notified (G14).
        """
        _based(record, expected_version)
        _id(member_id, "member_id")
        membership = record.circle.find(member_id)
        if membership is None:
            raise _not_found(
                "MEMBER_NOT_FOUND", f"members[{member_id}]", "no member of the circle has this id"
            )
        if not isinstance(membership.member, DirectoryProfessional | DirectoryStructure):
            raise InvalidValueError.of(
                "NOT_A_DIRECTORY_MEMBER",
                f"members[{member_id}].member",
                "only members from a directory have an entry to refresh",
            )
        entry = self._current_entry(membership.member)
        if entry is None:
            raise _not_found(
                "DIRECTORY_ENTRY_NOT_FOUND",
                f"members[{member_id}].member",
                "the directory no longer lists this member",
            )
        return self.dispatch(
            refresh_member(
                record,
                member_id,
                entry=entry,
                actor=actor,
                at=at,
                catalog=self.catalog,
                professions=self.professions,
                expected_version=expected_version,
            )
        )

    def who_can_access(
        self, record: CoordinationRecord, *, at: dt.datetime
    ) -> tuple[Permissions, ...]:
        """Everyone who can open ``record`` at ``at``, with what they may do: its professionals
        and the delegates of its structures, with the directories' facts of now.
        """
        if not isinstance(record, CoordinationRecord):
            raise wrong_type("record", "a CoordinationRecord")
        principals = [self._principal_of(entry) for entry in self._candidates(record)]
        return who_can_access(record, principals, matrix=self.matrix, at=at)

    def draft_invitation(self, inviter: Principal, *, recipients: Iterable[str] = ()) -> Invitation:
        """The ready-made invitation to create a PASS account (G13), signed with the
        inviter's name and coordination structure from the directory; edit it, then
        :meth:`send_invitation`.
        """
        if not isinstance(inviter, Principal):
            raise wrong_type("inviter", "a Principal")
        entry = self._entry_of(inviter)
        name = " ".join(part for part in (entry.given_name, entry.family_name) if part)
        return draft_invitation(
            inviter_name=name,
            inviter_structure=entry.structure,
            recipients=recipients,
            portal_url=self.portal_url,
        )

    def send_invitation(self, invitation: Invitation) -> None:
        """Hand the invitation to the notifier; it needs at least one recipient."""
        if not invitation.ready:
            raise InvalidValueError.of(
                "INVITATION_NO_RECIPIENT", "recipients", "an invitation needs a recipient"
            )
        self.notifier.notify(invitation)

    # -- helpers -----------------------------------------------------------------------------

    def _entry_of(self, principal: Principal) -> DirectoryProfessional:
        """The directory entry of ``principal``: by account, else by national id."""
        entry = None
        if principal.account is not None:
            entry = self.professionals.by_account(principal.account)
        if entry is None and principal.national_id is not None:
            entry = self.professionals.by_national_id(principal.national_id)
        if entry is None:
            raise _not_found(
                "PRINCIPAL_NOT_FOUND", "principal", "the directory does not list this professional"
            )
        return entry

    def _current_entry(
        self, member: DirectoryProfessional | DirectoryStructure
    ) -> DirectoryProfessional | DirectoryStructure | None:
        """The directory's entry of now for a recorded directory member, if it still has one."""
        if isinstance(member, DirectoryStructure):
            return self.structures.by_national_id(member.national_id)
        return self._current_professional(member)

    def _current_professional(self, member: DirectoryProfessional) -> DirectoryProfessional | None:
        """By national id first (an account may be created since), else by account."""
        if member.national_id is not None:
            found = self.professionals.by_national_id(member.national_id)
            if found is not None:
                return found
        if member.account is not None:
            return self.professionals.by_account(member.account.id)
        return None

    def _principal_of(self, entry: DirectoryProfessional) -> Principal:
        account = entry.account
        delegations = frozenset() if account is None else self.structures.delegating_to(account.id)
        return Principal.from_entry(entry, delegated_by=delegations)

    def _candidates(self, record: CoordinationRecord) -> Iterator[DirectoryProfessional]:
        """The directory's entries of now for whoever might open the record, each once: its
        professionals and its structures' delegates (as the structure directory lists them
        now) who hold an account.
        """
        seen: set[str] = set()
        for m in record.circle.memberships:
            member = m.member
            found: list[DirectoryProfessional | None] = []
            if isinstance(member, DirectoryProfessional):
                found.append(self._current_professional(member))
            elif isinstance(member, DirectoryStructure):
                structure = self.structures.by_national_id(member.national_id)
                delegates = () if structure is None else sorted(structure.delegates)
                found.extend(self.professionals.by_account(a) for a in delegates)
            for entry in found:
                key = None if entry is None or entry.account is None else entry.account.id
                if entry is not None and key is not None and key not in seen:
                    seen.add(key)
                    yield entry
