"""What the service reads from its directories: entries of now, principals, the record's
possible openers. Each look-up that misses raises :class:`~carecircle.NotFoundError` with a
code and a path; none decides anything (the core does).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, TypeVar

from carecircle._errors import InvalidValueError, NotFoundError, wrong_type
from carecircle._model.people import DirectoryProfessional
from carecircle._model.principal import Principal
from carecircle._model.record import CoordinationRecord
from carecircle._model.structures import DirectoryStructure
from carecircle._ports import ProfessionalDirectory, StructureDirectory

__all__ = [
    "candidates",
    "directory_member",
    "entry_of",
    "identifier",
    "principal_of",
    "professional_entry",
    "structure_entry",
]


def identifier(value: object, path: str) -> str:
    """``value``, a str (``WRONG_TYPE`` at ``path`` otherwise): an id the service looks up."""
    if not isinstance(value, str):
        raise wrong_type(path, "a str")
    return value


E_co = TypeVar("E_co", covariant=True)


class _Listing(Protocol[E_co]):
    """A directory that finds its entries by national id."""

    def by_national_id(self, national_id: str) -> E_co | None: ...


def _listed(
    directory: _Listing[E_co], national_id: object, path: str, code: str, what: str
) -> E_co:
    entry = directory.by_national_id(identifier(national_id, path))
    if entry is None:
        raise NotFoundError.of(code, path, f"no {what} of the directory has this national id")
    return entry


def professional_entry(
    professionals: ProfessionalDirectory, national_id: object, path: str = "national_id"
) -> DirectoryProfessional:
    """The directory's entry of now for the professional ``national_id`` (idNat_PS):
    ``PROFESSIONAL_NOT_FOUND`` when it has none."""
    return _listed(professionals, national_id, path, "PROFESSIONAL_NOT_FOUND", "professional")


def structure_entry(
    structures: StructureDirectory, national_id: object, path: str = "national_id"
) -> DirectoryStructure:
    """The directory's entry of now for the structure ``national_id``:
    ``STRUCTURE_NOT_FOUND`` when it has none."""
    return _listed(structures, national_id, path, "STRUCTURE_NOT_FOUND", "structure")


def entry_of(
    professionals: ProfessionalDirectory, principal: Principal, path: str
) -> DirectoryProfessional:
    """The directory entry of ``principal``: by account, else by national id."""
    entry = None
    if principal.account is not None:
        entry = professionals.by_account(principal.account)
    if entry is None and principal.national_id is not None:
        entry = professionals.by_national_id(principal.national_id)
    if entry is None:
        raise NotFoundError.of(
            "PRINCIPAL_NOT_FOUND", path, "the directory does not list this professional"
        )
    return entry


def principal_of(structures: StructureDirectory, entry: DirectoryProfessional) -> Principal:
    """The principal of a directory entry, with the delegations the structures give it now."""
    account = entry.account
    delegations = frozenset() if account is None else structures.delegating_to(account.id)
    return Principal.from_entry(entry, delegated_by=delegations)


def _current_professional(
    professionals: ProfessionalDirectory, member: DirectoryProfessional
) -> DirectoryProfessional | None:
    """By national id first (an account may be created since), else by account."""
    if member.national_id is not None:
        found = professionals.by_national_id(member.national_id)
        if found is not None:
            return found
    if member.account is not None:
        return professionals.by_account(member.account.id)
    return None


def directory_member(
    professionals: ProfessionalDirectory,
    structures: StructureDirectory,
    record: CoordinationRecord,
    member_id: object,
) -> DirectoryProfessional | DirectoryStructure:
    """The directory's entry of now for the directory member ``member_id`` of ``record``.

    ``MEMBER_NOT_FOUND`` when the circle has no such member, ``NOT_A_DIRECTORY_MEMBER`` for a
    member typed in by hand, ``DIRECTORY_ENTRY_NOT_FOUND`` when the directory lists them no
    more.
    """
    key = identifier(member_id, "member_id")
    membership = record.circle.find(key)
    if membership is None:
        raise NotFoundError.of(
            "MEMBER_NOT_FOUND", f"members[{key}]", "no member of the circle has this id"
        )
    member = membership.member
    entry: DirectoryProfessional | DirectoryStructure | None
    if isinstance(member, DirectoryStructure):
        entry = structures.by_national_id(member.national_id)
    elif isinstance(member, DirectoryProfessional):
        entry = _current_professional(professionals, member)
    else:
        raise InvalidValueError.of(
            "NOT_A_DIRECTORY_MEMBER",
            f"members[{key}].member",
            "only members from a directory have an entry to refresh",
        )
    if entry is None:
        raise NotFoundError.of(
            "DIRECTORY_ENTRY_NOT_FOUND",
            f"members[{key}].member",
            "the directory no longer lists this member",
        )
    return entry


def candidates(
    professionals: ProfessionalDirectory,
    structures: StructureDirectory,
    record: CoordinationRecord,
) -> Iterator[DirectoryProfessional]:
    """The directory's entries of now for whoever might open the record, each once: its
    professionals, its structures' delegates (as the structure directory lists them now)
    and the professionals of its emergency accesses, who hold an account.
    """
    found: list[DirectoryProfessional | None] = []
    for m in record.circle.memberships:
        member = m.member
        if isinstance(member, DirectoryProfessional):
            found.append(_current_professional(professionals, member))
        elif isinstance(member, DirectoryStructure):
            structure = structures.by_national_id(member.national_id)
            delegates = () if structure is None else sorted(structure.delegates)
            found.extend(professionals.by_account(a) for a in delegates)
    found.extend(professionals.by_account(e.account) for e in record.emergency_accesses)
    seen: set[str] = set()
    for entry in found:
        key = None if entry is None or entry.account is None else entry.account.id
        if entry is not None and key is not None and key not in seen:
            seen.add(key)
            yield entry
