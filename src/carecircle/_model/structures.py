"""Structures of a care circle: from the regional directory, or typed in by hand.

>>> from carecircle.nomenclatures import categories
>>> ssiad = DirectoryStructure(national_id="1310000001", finess="310000001",
...     name="SSIAD du Lauragais", category=categories.SSIAD, legal_entity=True,
...     delegates=frozenset({"pass:5001"}))
>>> sorted(ssiad.identity_keys)
['finess:310000001', 'structure:1310000001']
"""

from __future__ import annotations

from typing import ClassVar

import attrs

from carecircle._errors import wrong_type
from carecircle._model._fields import (
    flag,
    identity_keys,
    instance_of,
    optional_code,
    optional_identifier,
    optional_text,
    required_text,
    strings,
)
from carecircle._model.contact import Address, Contact
from carecircle._model.kinds import MemberKind
from carecircle.identifiers import finess, idnat_struct, pass_account, siren, siret
from carecircle.nomenclatures import Code

__all__ = ["DirectoryStructure", "ManualStructure"]


def _structure_id(value: object) -> str:
    """The structure's directory id, in the canonical form of
    :func:`~carecircle.identifiers.idnat_struct.canonical`.
    """
    if not isinstance(value, str):
        raise wrong_type("member.national_id", "a str")
    return idnat_struct.canonical(value, path="member.national_id")


def _delegates(values: object) -> frozenset[str]:
    return strings(values, "member.delegates", lambda v, p: pass_account.validate(v, path=p))


@attrs.frozen(kw_only=True)
class DirectoryStructure:
    """Directory structure (*structure de l'annuaire*: ROR, RECO², coordination structures).

    ``national_id`` is the structure's identifier in the regional directory. ``legal_entity``
    says it operates on SPICO as a *structure personne morale*: only then does its habilitation
    give access, to its delegated professionals (G11, R3). ``delegates`` records the PASS
    accounts the directory listed when the entry was read, for display; access decisions use
    the directory's facts of the moment, :attr:`Principal.delegated_by
    <carecircle.Principal.delegated_by>`, so a revoked delegation never lingers.
    """

    kind: ClassVar[MemberKind] = MemberKind.DIRECTORY_STRUCTURE

    national_id: str = attrs.field(converter=_structure_id)
    finess: str | None = optional_identifier(finess.validate, "member.finess")
    siret: str | None = optional_identifier(siret.validate, "member.siret")
    name: str = required_text("member.name")
    category: Code | None = optional_code("member.category")
    address: Address | None = attrs.field(
        default=None,
        validator=instance_of((Address, type(None)), "member.address", "an Address"),
    )
    legal_entity: bool = flag("member.legal_entity")
    delegates: frozenset[str] = attrs.field(default=frozenset(), converter=_delegates)

    @property
    def display_name(self) -> str:
        return self.name

    @property
    def identity_keys(self) -> frozenset[str]:
        """Keys that identify this structure in the directory (R8 duplicates)."""
        return identity_keys(structure=self.national_id, finess=self.finess, siret=self.siret)


@attrs.frozen(kw_only=True)
class ManualStructure:
    """Manual structure (*structure saisie manuellement*): information only (G12)."""

    kind: ClassVar[MemberKind] = MemberKind.MANUAL_STRUCTURE

    name: str = required_text("member.name")
    acronym: str = optional_text("member.acronym")
    finess: str | None = optional_identifier(finess.validate, "member.finess")
    siret: str | None = optional_identifier(siret.validate, "member.siret")
    siren: str | None = optional_identifier(siren.validate, "member.siren")
    #: Free text typed by hand (often a name and a phone): kept out of the ``repr`` (R12).
    person_in_charge: str = optional_text("member.person_in_charge", hidden=True)
    contact: Contact = attrs.field(
        factory=Contact, validator=instance_of(Contact, "member.contact", "a Contact")
    )

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name
