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

from carecircle.identifiers import finess, siren, siret
from carecircle.model._fields import optional_identifier, required_text, text, texts
from carecircle.model.contact import Address, Contact
from carecircle.model.kinds import MemberKind
from carecircle.nomenclatures import Code

__all__ = ["DirectoryStructure", "ManualStructure"]


@attrs.frozen(kw_only=True)
class DirectoryStructure:
    """Directory structure (*structure de l'annuaire*: ROR, RECO², coordination structures).

    ``national_id`` is the structure's identifier in the regional directory. ``legal_entity``
    says it operates on SPICO as a *structure personne morale*: only then does its habilitation
    give access, to its delegated professionals (G11, R3). ``delegates`` records the PASS
    accounts the directory listed when the entry was read, for display; access decisions use
    the directory's facts of the moment, :attr:`Principal.delegated_by
    <carecircle.model.principal.Principal.delegated_by>`, so a revoked delegation never lingers.
    """

    kind: ClassVar[MemberKind] = MemberKind.DIRECTORY_STRUCTURE

    national_id: str = required_text("member.national_id")
    finess: str | None = optional_identifier(finess.validate, "member.finess")
    siret: str | None = optional_identifier(siret.validate, "member.siret")
    name: str = required_text("member.name")
    category: Code | None = None
    address: Address | None = None
    legal_entity: bool = False
    delegates: frozenset[str] = attrs.field(default=frozenset(), converter=texts)

    @property
    def display_name(self) -> str:
        return self.name

    @property
    def identity_keys(self) -> frozenset[str]:
        """Keys that identify this structure in the directory (R8 duplicates)."""
        keys = {f"structure:{self.national_id}"}
        if self.finess is not None:
            keys.add(f"finess:{self.finess}")
        if self.siret is not None:
            keys.add(f"siret:{self.siret}")
        return frozenset(keys)


@attrs.frozen(kw_only=True)
class ManualStructure:
    """Manual structure (*structure saisie manuellement*): information only (G12)."""

    kind: ClassVar[MemberKind] = MemberKind.MANUAL_STRUCTURE

    name: str = required_text("member.name")
    acronym: str = attrs.field(default="", converter=text)
    finess: str | None = optional_identifier(finess.validate, "member.finess")
    siret: str | None = optional_identifier(siret.validate, "member.siret")
    siren: str | None = optional_identifier(siren.validate, "member.siren")
    person_in_charge: str = attrs.field(default="", converter=text)
    contact: Contact = attrs.field(factory=Contact)

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name
