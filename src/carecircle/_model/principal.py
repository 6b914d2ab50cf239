"""Principal (*utilisateur*): who acts or asks for access, with facts from the directory.

The library never fetches these facts: the caller passes what the directory says now (account,
its state, profession, and the legal-entity structures that delegate to the professional).

>>> p = Principal(account="pass:4711", national_id="810001234567")
>>> p.has_active_account
True
"""

from __future__ import annotations

import attrs

from carecircle._model._fields import optional_code, optional_identifier, strings
from carecircle._model.people import AccountState, DirectoryProfessional, account_state
from carecircle.identifiers import idnat_ps, idnat_struct, pass_account
from carecircle.nomenclatures import Code

__all__ = ["Principal"]


def _state(value: object) -> AccountState:
    return account_state(value, "principal.account_state")


def _delegated_by(values: object) -> frozenset[str]:
    return strings(values, "principal.delegated_by", lambda v, p: idnat_struct.canonical(v, path=p))


@attrs.frozen(kw_only=True, cache_hash=True)
class Principal:
    """A professional acting on a record, as the directory knows them now.

    ``account`` is the PASS account id (``None`` while they have none); ``delegated_by`` holds
    the directory ids of the legal-entity structures that let them act on their behalf (R3).

    Every id is kept in the one canonical form members' ids have (R4 and R8 compare them as
    they stand): the account lower-cased (:mod:`~carecircle.identifiers.pass_account`), the
    national id as an idNat_PS, a bare RPPS or ADELI number turned into one
    (:func:`~carecircle.identifiers.idnat_ps.canonical`), the structure ids as
    :func:`~carecircle.identifiers.idnat_struct.canonical` gives them. An id holding a control,
    format or zero-width character is refused.
    """

    account: str | None = optional_identifier(pass_account.validate, "principal.account")
    national_id: str | None = optional_identifier(idnat_ps.canonical, "principal.national_id")
    profession: Code | None = optional_code("principal.profession")
    account_state: AccountState = attrs.field(default=AccountState.ACTIVE, converter=_state)
    delegated_by: frozenset[str] = attrs.field(default=frozenset(), converter=_delegated_by)
    #: ``profession.token``, computed once: what habilitation matrices look professions up by.
    profession_key: str | None = attrs.field(init=False, eq=False, repr=False)

    @profession_key.default
    def _profession_key(self) -> str | None:
        return None if self.profession is None else self.profession.token

    @property
    def has_active_account(self) -> bool:
        return self.account is not None and self.account_state is AccountState.ACTIVE

    @property
    def label(self) -> str:
        """How events and errors name this principal: the account, else the national id."""
        return self.account or self.national_id or "<unidentified>"

    def is_professional(self, professional: DirectoryProfessional) -> bool:
        """True when the directory entry ``professional`` is this principal."""
        if professional.account is not None and professional.account.id == self.account:
            return True
        return professional.national_id is not None and professional.national_id == self.national_id

    @classmethod
    def from_entry(
        cls, entry: DirectoryProfessional, *, delegated_by: frozenset[str] = frozenset()
    ) -> Principal:
        """The principal described by a directory entry (its account state included)."""
        account = entry.account
        return cls(
            account=None if account is None else account.id,
            national_id=entry.national_id,
            profession=entry.profession,
            account_state=AccountState.ACTIVE if account is None else account.state,
            delegated_by=delegated_by,
        )
