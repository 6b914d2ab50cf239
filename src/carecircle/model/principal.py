"""Principal (*utilisateur*): who acts or asks for access, with facts from the directory.

The library never fetches these facts: the caller passes what the directory says now (account,
its state, profession, and the legal-entity structures that delegate to the professional).

>>> p = Principal(account="pass:4711", national_id="810001234567")
>>> p.has_active_account
True
"""

from __future__ import annotations

import attrs

from carecircle.model._fields import texts
from carecircle.model.people import AccountState, DirectoryProfessional
from carecircle.nomenclatures import Code

__all__ = ["Principal"]


def _optional_id(value: str | None) -> str | None:
    if value is None:
        return None
    return value.strip() or None


@attrs.frozen(kw_only=True, cache_hash=True)
class Principal:
    """A professional acting on a record, as the directory knows them now.

    ``account`` is the PASS account id (``None`` while they have none); ``delegated_by`` holds
    the directory ids of the legal-entity structures that let them act on their behalf (R3).
    """

    account: str | None = attrs.field(default=None, converter=_optional_id)
    national_id: str | None = attrs.field(default=None, converter=_optional_id)
    profession: Code | None = None
    account_state: AccountState = AccountState.ACTIVE
    delegated_by: frozenset[str] = attrs.field(default=frozenset(), converter=texts)
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
