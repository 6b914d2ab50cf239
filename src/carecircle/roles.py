"""Roles (*rôles*) a member holds towards the patient: extra information, never access (G7).

Some roles are unique per record (R7): the médecin traitant (TRE_R259 ``PCP``), the aidant
principal and the personne de confiance. Each role also says which member kinds may hold it.
Services add roles of their own with :meth:`RoleCatalog.with_roles`.

The représentant légal (TRE_R260 ``GUARD``, *responsable légal*) may be held by every member
kind: a relative, a professional typed in by hand or from the directory (a *mandataire
judiciaire à la protection des majeurs*), a structure (an *association tutélaire*). It is **not
unique**: the Code civil lets a judge share a tutelle or a curatelle between several people
(art. 447) and name a subrogé tuteur next to the tuteur (art. 454). The measure the holder
exercises is the membership's ``legal_protection``, not the role (issue 10 item 4).

>>> DEFAULT_ROLES[PCP].unique, DEFAULT_ROLES[AIDANT_PRINCIPAL].label
(True, 'Aidant principal')
>>> sorted(r.label for r in DEFAULT_ROLES.unique_roles())
['Aidant principal', 'Médecin traitant', 'Personne de confiance']
>>> DEFAULT_ROLES[REPRESENTANT_LEGAL].unique, len(DEFAULT_ROLES[REPRESENTANT_LEGAL].kinds)
(False, 5)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Final

import attrs

from carecircle._errors import NotFoundError
from carecircle._model.kinds import PEOPLE, PROFESSIONALS, STRUCTURES, MemberKind
from carecircle.nomenclatures import Code, code_system, professions, role_codes

__all__ = [
    "AIDANT_PRINCIPAL",
    "LOCAL_ROLE_SYSTEM",
    "PCP",
    "PERSONNE_DE_CONFIANCE",
    "REPRESENTANT_LEGAL",
]

#: carecircle's own code system for roles the ANS nomenclatures lack.
LOCAL_ROLE_SYSTEM: Final = "urn:carecircle:role"

#: *Médecin traitant* (TRE_R259 ``PCP``): unique, held by a professional who is a médecin.
PCP: Final = role_codes.PCP
#: *Aidant principal*: unique, held by a related person (carecircle's own code).
AIDANT_PRINCIPAL: Final = Code(LOCAL_ROLE_SYSTEM, "AIDANT_PRINCIPAL")
#: *Personne de confiance* (TRE_R260 ``QUAL``): unique, held by a person (a relative, a friend
#: or the médecin traitant, CSP L1111-6).
PERSONNE_DE_CONFIANCE: Final = role_codes.QUAL
#: *Représentant légal* (TRE_R260 ``GUARD``): not unique, held by any kind of member.
REPRESENTANT_LEGAL: Final = role_codes.GUARD


@attrs.frozen(kw_only=True)
class Role:
    """A role and its rules: unique or not, which kinds may hold it, which profession it needs.

    ``profession``, when set, is required of professionals whose profession is known (a
    médecin traitant is a Médecin); members of unknown profession may still hold the role.
    """

    code: Code
    label: str
    kinds: frozenset[MemberKind]
    unique: bool = False
    profession: Code | None = None


def _index_roles(roles: Iterable[Role]) -> Mapping[Code, Role]:
    return {r.code: r for r in roles}


@attrs.frozen
class RoleCatalog(Mapping[Code, Role]):
    """The roles a service accepts, by code. Immutable; extend with :meth:`with_roles`."""

    _roles: Mapping[Code, Role] = attrs.field(converter=_index_roles)

    def __getitem__(self, code: Code) -> Role:
        try:
            return self._roles[code]
        except KeyError:
            raise NotFoundError.of(
                "UNKNOWN_ROLE", "roles", "this role is not in the catalogue"
            ) from None

    def __contains__(self, code: object) -> bool:
        return code in self._roles

    def find(self, code: Code) -> Role | None:
        return self._roles.get(code)

    def __iter__(self) -> Iterator[Code]:
        return iter(self._roles)

    def __len__(self) -> int:
        return len(self._roles)

    def with_roles(self, *roles: Role) -> RoleCatalog:
        """A catalogue with ``roles`` added (replacing any role of the same code)."""
        return RoleCatalog([*self._roles.values(), *roles])

    def unique_roles(self) -> tuple[Role, ...]:
        return tuple(r for r in self._roles.values() if r.unique)


def _from_system(name: str, kinds: frozenset[MemberKind], skip: Iterable[str] = ()) -> list[Role]:
    excluded = set(skip)
    return [
        Role(code=c.key, label=c.display, kinds=kinds)
        for c in code_system(name)
        if c.code not in excluded
    ]


def _default_catalog() -> RoleCatalog:
    related = frozenset({MemberKind.RELATED_PERSON})
    roles = [
        *_from_system("TRE_R259", PROFESSIONALS),
        *_from_system("TRE_R260", related, skip=("PAT", "PROV", "AGNT")),
        *_from_system("TRE_R85", PROFESSIONALS | STRUCTURES),
        Role(code=role_codes.PROV, label="Professionnel de santé", kinds=PROFESSIONALS),
        Role(
            code=role_codes.AGNT,
            label="Professionnel caractérisé par son rôle",
            kinds=PROFESSIONALS,
        ),
        # Every kind may be the représentant légal (a relative, an MJPM, an association
        # tutélaire), and several may (co-tutelle, tuteur and subrogé tuteur).
        Role(code=REPRESENTANT_LEGAL, label="Responsable légal", kinds=frozenset(MemberKind)),
        # The three unique roles of R7 override the plain entries above.
        Role(
            code=PCP,
            label="Médecin traitant",
            kinds=PROFESSIONALS,
            unique=True,
            profession=professions.MEDECIN,
        ),
        Role(code=AIDANT_PRINCIPAL, label="Aidant principal", kinds=related, unique=True),
        # The law (CSP L1111-6) lets a relative, a friend or the médecin traitant be it.
        Role(code=PERSONNE_DE_CONFIANCE, label="Personne de confiance", kinds=PEOPLE, unique=True),
    ]
    return RoleCatalog(roles)


#: The roles of the ANS nomenclatures (TRE_R259, TRE_R260, TRE_R85) plus the aidant principal.
DEFAULT_ROLES: Final = _default_catalog()
