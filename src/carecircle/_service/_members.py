"""The guide's « Ajouter » actions, from a directory or by hand (G3, G8–G10, G12), and the
refresh of a directory member from the directory of now (R5, G14).

Each returns the core's :class:`~carecircle.Change`, unsent; the caller stores it, then
dispatches it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from carecircle._model.membership import Member
from carecircle._model.people import ManualProfessional, RelatedPerson
from carecircle._model.principal import Principal
from carecircle._model.record import CoordinationRecord
from carecircle._model.refusals import Statement
from carecircle._model.structures import ManualStructure
from carecircle._operations import Change, add_member, refresh_member
from carecircle._operations._boundary import checked_arguments, typed
from carecircle._service import _lookups
from carecircle._service._base import ServiceBase
from carecircle.nomenclatures import Code

__all__ = ["MemberActions"]


class MemberActions(ServiceBase):
    """Adding members, and refreshing them from the directories."""

    __slots__ = ()

    def _add(
        self,
        record: CoordinationRecord,
        member: Member,
        *,
        actor: Principal,
        at: dt.datetime,
        roles: Iterable[Code] = (),
        description: str = "",
        habilitated: bool = False,
        habilitation_ends: dt.datetime | None = None,
        refusal: Statement | None = None,
        legal_protection: Code | None = None,
    ) -> Change:
        return add_member(
            record,
            member,
            actor=actor,
            at=at,
            roles=roles,
            description=description,
            habilitated=habilitated,
            habilitation_ends=habilitation_ends,
            refusal=refusal,
            legal_protection=legal_protection,
            catalog=self.catalog,
            professions=self.professions,
        )

    def add_professional(
        self,
        record: CoordinationRecord,
        *,
        actor: Principal,
        national_id: str,
        roles: Iterable[Code] = (),
        description: str = "",
        habilitated: bool = False,
        habilitation_ends: dt.datetime | None = None,
        refusal: Statement | None = None,
        at: dt.datetime,
        expected_version: int | None = None,
    ) -> Change:
        """Add the PASS directory's professional ``national_id`` (*Ajouter un professionnel
        renseigné dans l'annuaire*, G3): their details come from the directory's entry of now;
        the « Modifier » form's role(s), description, the patient's refusal (R4) and
        habilitation (G5) are set at once. Habilitated with an active PASS account, they are
        notified (G14) once the change is dispatched. :func:`~carecircle.add_member` judges it.
        """
        record, actor, at = checked_arguments(record, actor, at, expected_version)
        entry = _lookups.professional_entry(self.professionals, national_id)
        return self._add(
            record,
            entry,
            actor=actor,
            at=at,
            roles=roles,
            description=description,
            habilitated=habilitated,
            habilitation_ends=habilitation_ends,
            refusal=refusal,
        )

    def add_structure(
        self,
        record: CoordinationRecord,
        *,
        actor: Principal,
        national_id: str,
        description: str = "",
        habilitated: bool = False,
        habilitation_ends: dt.datetime | None = None,
        refusal: Statement | None = None,
        at: dt.datetime,
        expected_version: int | None = None,
    ) -> Change:
        """Add the regional directory's structure ``national_id`` (*Ajouter une structure
        depuis l'annuaire*, G10), with a description and its habilitation. A habilitated legal
        entity gives its delegates access and gets one notice: the record joins its active file
        (G11, G14).
        """
        record, actor, at = checked_arguments(record, actor, at, expected_version)
        entry = _lookups.structure_entry(self.structures, national_id)
        return self._add(
            record,
            entry,
            actor=actor,
            at=at,
            description=description,
            habilitated=habilitated,
            habilitation_ends=habilitation_ends,
            refusal=refusal,
        )

    def add_manual_professional(
        self,
        record: CoordinationRecord,
        *,
        actor: Principal,
        professional: ManualProfessional,
        roles: Iterable[Code] = (),
        description: str = "",
        at: dt.datetime,
        expected_version: int | None = None,
    ) -> Change:
        """Add a professional the directory lacks, typed in by hand (*Ajouter un professionnel
        non-renseigné dans l'annuaire*, G8): information only, never access (R5).
        """
        record, actor, at = checked_arguments(record, actor, at, expected_version)
        typed(professional, ManualProfessional, "professional", "a ManualProfessional")
        return self._add(
            record, professional, actor=actor, at=at, roles=roles, description=description
        )

    def add_person(
        self,
        record: CoordinationRecord,
        *,
        actor: Principal,
        person: RelatedPerson,
        roles: Iterable[Code] = (),
        description: str = "",
        legal_protection: Code | None = None,
        at: dt.datetime,
        expected_version: int | None = None,
    ) -> Change:
        """Add a non-professional person (*aidant, représentant légal, personne de
        confiance…*, G9): their relationship and *liste rouge* are in ``person``; a
        représentant légal (GUARD role) may exercise a ``legal_protection`` measure. Never
        access (R5).
        """
        record, actor, at = checked_arguments(record, actor, at, expected_version)
        typed(person, RelatedPerson, "person", "a RelatedPerson")
        return self._add(
            record,
            person,
            actor=actor,
            at=at,
            roles=roles,
            description=description,
            legal_protection=legal_protection,
        )

    def add_manual_structure(
        self,
        record: CoordinationRecord,
        *,
        actor: Principal,
        structure: ManualStructure,
        description: str = "",
        at: dt.datetime,
        expected_version: int | None = None,
    ) -> Change:
        """Add a structure the regional directory lacks, typed in by hand (*Ajouter une
        structure manuellement*, G12): information only, never access.
        """
        record, actor, at = checked_arguments(record, actor, at, expected_version)
        typed(structure, ManualStructure, "structure", "a ManualStructure")
        return self._add(record, structure, actor=actor, at=at, description=description)

    def refresh_member(
        self,
        record: CoordinationRecord,
        *,
        actor: Principal,
        member_id: str,
        at: dt.datetime,
        expected_version: int | None = None,
    ) -> Change:
        """Replace a directory member's details with the directory's entry of now.

        When a pending habilitation meets the PASS account created since (R5), it takes
        effect and the change carries the professional's notice (G14). ``MEMBER_NOT_FOUND``,
        ``NOT_A_DIRECTORY_MEMBER`` or ``DIRECTORY_ENTRY_NOT_FOUND`` when there is no entry to
        read.
        """
        record, actor, at = checked_arguments(record, actor, at, expected_version)
        entry = _lookups.directory_member(self.professionals, self.structures, record, member_id)
        return refresh_member(
            record,
            member_id,
            entry=entry,
            actor=actor,
            at=at,
            catalog=self.catalog,
            professions=self.professions,
        )
