"""carecircle: care circles (*cercles de soins*) of French coordination records.

An immutable, fully typed, sans-I/O domain library: entities, rules R5–R12, access decisions
and pure operations that return a :class:`Change`. See ``docs/`` for the guide.

``import carecircle`` is cheap: each public name is imported from its module on first use.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from carecircle import (
        access,
        events,
        identifiers,
        invitations,
        nomenclatures,
        ports,
        professions,
        roles,
        rules,
    )
    from carecircle.access import (
        EXAMPLE_MATRIX,
        AccessPath,
        Action,
        ActiveFileEntry,
        ActiveFileIndex,
        Category,
        Decision,
        HabilitationMatrix,
        Level,
        Permissions,
        Reason,
        RefusalRef,
        decide,
        effective_access,
        has_effective_access,
        is_allowed,
        permissions,
        who_can_access,
    )
    from carecircle.errors import (
        Advisory,
        CareCircleError,
        ChangeRejected,
        ConflictError,
        InputRejected,
        InvalidValueError,
        NotFoundError,
        PermissionDeniedError,
        Violation,
        ViolationError,
        ViolationKind,
    )
    from carecircle.invitations import Invitation, draft_invitation, parse_mailto
    from carecircle.model import (
        PATIENT,
        TRANSITIONS,
        AccountState,
        Address,
        CareCircle,
        CircleStatus,
        Collection,
        Contact,
        CoordinationRecord,
        DirectoryProfessional,
        DirectoryStructure,
        EmergencyAccess,
        EnteredInError,
        Lifting,
        ManualProfessional,
        ManualStructure,
        Member,
        MemberKind,
        Membership,
        Participation,
        PassAccount,
        Patient,
        Principal,
        Refusal,
        RelatedPerson,
        Statement,
        StatusChange,
    )
    from carecircle.nomenclatures import Code
    from carecircle.notifications import EmergencyNotice, HabilitationNotice, Notification
    from carecircle.operations import (
        KEEP,
        VERSION_CONFLICT,
        Change,
        EmergencyPolicy,
        add_member,
        change_status,
        check_version,
        create_record,
        end_participation,
        habilitate,
        lift_refusal,
        mark_entered_in_error,
        open_in_emergency,
        record_refusal,
        refresh_member,
        rejoin,
        revoke_habilitation,
        update_member,
    )
    from carecircle.ports import (
        Notifier,
        Page,
        ProfessionalDirectory,
        ProfessionalQuery,
        RecordStore,
        StructureDirectory,
        StructureQuery,
    )
    from carecircle.professions import DEFAULT_PROFESSIONS, Profession, ProfessionCatalog
    from carecircle.roles import DEFAULT_ROLES, Role, RoleCatalog
    from carecircle.service import CareCircleService
    from carecircle.views import SortKey, list_members

# PEP 562: ``import carecircle`` loads none of the modules below; a name is imported from its
# module on first access (``carecircle.X`` or ``from carecircle import X``), then kept in the
# package namespace. Importing is thread-safe (the import system locks each module) and
# storing the same object twice is harmless, so no other lock is needed.

#: The modules the package exposes as attributes; those of ``__all__`` and the others that
#: ``import carecircle`` used to load as a side effect.
_SUBMODULES: Final = frozenset(
    {
        "_text",
        "access",
        "errors",
        "events",
        "identifiers",
        "instants",
        "invitations",
        "model",
        "nomenclatures",
        "notifications",
        "operations",
        "ports",
        "professions",
        "roles",
        "rules",
        "service",
        "views",
    }
)

#: The module each public name comes from.
_EXPORTS: Final[Mapping[str, tuple[str, ...]]] = {
    "carecircle.access": (
        "EXAMPLE_MATRIX",
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
        "has_effective_access",
        "is_allowed",
        "permissions",
        "who_can_access",
    ),
    "carecircle.errors": (
        "Advisory",
        "CareCircleError",
        "ChangeRejected",
        "ConflictError",
        "InputRejected",
        "InvalidValueError",
        "NotFoundError",
        "PermissionDeniedError",
        "Violation",
        "ViolationError",
        "ViolationKind",
    ),
    "carecircle.invitations": (
        "Invitation",
        "draft_invitation",
        "parse_mailto",
    ),
    "carecircle.model": (
        "PATIENT",
        "TRANSITIONS",
        "AccountState",
        "Address",
        "CareCircle",
        "CircleStatus",
        "Collection",
        "Contact",
        "CoordinationRecord",
        "DirectoryProfessional",
        "DirectoryStructure",
        "EmergencyAccess",
        "EnteredInError",
        "Lifting",
        "ManualProfessional",
        "ManualStructure",
        "Member",
        "MemberKind",
        "Membership",
        "Participation",
        "PassAccount",
        "Patient",
        "Principal",
        "Refusal",
        "RelatedPerson",
        "Statement",
        "StatusChange",
    ),
    "carecircle.nomenclatures": ("Code",),
    "carecircle.notifications": (
        "EmergencyNotice",
        "HabilitationNotice",
        "Notification",
    ),
    "carecircle.operations": (
        "KEEP",
        "VERSION_CONFLICT",
        "Change",
        "EmergencyPolicy",
        "add_member",
        "change_status",
        "check_version",
        "create_record",
        "end_participation",
        "habilitate",
        "lift_refusal",
        "mark_entered_in_error",
        "open_in_emergency",
        "record_refusal",
        "refresh_member",
        "rejoin",
        "revoke_habilitation",
        "update_member",
    ),
    "carecircle.ports": (
        "Notifier",
        "Page",
        "ProfessionalDirectory",
        "ProfessionalQuery",
        "RecordStore",
        "StructureDirectory",
        "StructureQuery",
    ),
    "carecircle.professions": (
        "DEFAULT_PROFESSIONS",
        "Profession",
        "ProfessionCatalog",
    ),
    "carecircle.roles": (
        "DEFAULT_ROLES",
        "Role",
        "RoleCatalog",
    ),
    "carecircle.service": ("CareCircleService",),
    "carecircle.views": (
        "SortKey",
        "list_members",
    ),
}
_ORIGIN: Final[Mapping[str, str]] = {
    name: module for module, names in _EXPORTS.items() for name in names
}

__all__ = [
    "DEFAULT_PROFESSIONS",
    "DEFAULT_ROLES",
    "EXAMPLE_MATRIX",
    "KEEP",
    "PATIENT",
    "TRANSITIONS",
    "VERSION_CONFLICT",
    "AccessPath",
    "AccountState",
    "Action",
    "ActiveFileEntry",
    "ActiveFileIndex",
    "Address",
    "Advisory",
    "CareCircle",
    "CareCircleError",
    "CareCircleService",
    "Category",
    "Change",
    "ChangeRejected",
    "CircleStatus",
    "Code",
    "Collection",
    "ConflictError",
    "Contact",
    "CoordinationRecord",
    "Decision",
    "DirectoryProfessional",
    "DirectoryStructure",
    "EmergencyAccess",
    "EmergencyNotice",
    "EmergencyPolicy",
    "EnteredInError",
    "HabilitationMatrix",
    "HabilitationNotice",
    "InputRejected",
    "InvalidValueError",
    "Invitation",
    "Level",
    "Lifting",
    "ManualProfessional",
    "ManualStructure",
    "Member",
    "MemberKind",
    "Membership",
    "NotFoundError",
    "Notification",
    "Notifier",
    "Page",
    "Participation",
    "PassAccount",
    "Patient",
    "PermissionDeniedError",
    "Permissions",
    "Principal",
    "Profession",
    "ProfessionCatalog",
    "ProfessionalDirectory",
    "ProfessionalQuery",
    "Reason",
    "RecordStore",
    "Refusal",
    "RefusalRef",
    "RelatedPerson",
    "Role",
    "RoleCatalog",
    "SortKey",
    "Statement",
    "StatusChange",
    "StructureDirectory",
    "StructureQuery",
    "Violation",
    "ViolationError",
    "ViolationKind",
    "access",
    "add_member",
    "change_status",
    "check_version",
    "create_record",
    "decide",
    "draft_invitation",
    "effective_access",
    "end_participation",
    "events",
    "habilitate",
    "has_effective_access",
    "identifiers",
    "invitations",
    "is_allowed",
    "lift_refusal",
    "list_members",
    "mark_entered_in_error",
    "nomenclatures",
    "open_in_emergency",
    "parse_mailto",
    "permissions",
    "ports",
    "professions",
    "record_refusal",
    "refresh_member",
    "rejoin",
    "revoke_habilitation",
    "roles",
    "rules",
    "update_member",
    "who_can_access",
]


if not TYPE_CHECKING:  # mypy sees the imports above, and no catch-all attribute

    def __getattr__(name: str) -> object:
        value: object
        if name in _SUBMODULES:
            value = importlib.import_module(f"{__name__}.{name}")
        elif name in _ORIGIN:
            value = getattr(importlib.import_module(_ORIGIN[name]), name)
        else:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    # What ``dir`` listed when every module was imported eagerly: no helper of this module.
    dunders = (name for name in globals() if name.startswith("__"))
    return sorted({*dunders, *__all__, *_SUBMODULES})
