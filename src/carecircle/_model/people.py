"""People of a care circle: the patient, professionals and related persons.

>>> from carecircle.nomenclatures import professions
>>> dr = DirectoryProfessional(
...     national_id="810001234567", account=PassAccount(id="pass:4711"),
...     profession=professions.MEDECIN, family_name="Durand", given_name="Hélène")
>>> dr.display_name
'DURAND Hélène'
>>> sorted(dr.identity_keys)
['account:pass:4711', 'idnat:810001234567']
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import ClassVar

import attrs

from carecircle._errors import InvalidValueError
from carecircle._model._fields import (
    birth_date,
    enum_value,
    flag,
    identity_keys,
    instance_of,
    optional_code,
    optional_identifier,
    optional_text,
    required_text,
)
from carecircle._model.contact import Contact
from carecircle._model.kinds import MemberKind
from carecircle.identifiers import idnat_ps, pass_account
from carecircle.identifiers.ins import Ins
from carecircle.nomenclatures import Code

__all__ = [
    "AccountState",
    "DirectoryProfessional",
    "ManualProfessional",
    "PassAccount",
    "Patient",
    "RelatedPerson",
    "account_state",
]


def _display_name(family_name: str, given_name: str) -> str:
    return f"{family_name.upper()} {given_name}".strip()


@attrs.frozen(kw_only=True)
class Patient:
    """Patient (*usager*, *personne prise en charge*): the person cared for.

    ``ins`` is the optional national health identity (INS); its ``repr`` never shows the number.
    """

    patient_id: str = required_text("patient.patient_id")
    family_name: str = required_text("patient.family_name")
    given_name: str = required_text("patient.given_name")
    birth_date: dt.date | None = attrs.field(default=None, converter=birth_date)
    ins: Ins | None = attrs.field(
        default=None, validator=instance_of((Ins, type(None)), "patient.ins", "an Ins")
    )

    @property
    def display_name(self) -> str:
        return _display_name(self.family_name, self.given_name)


class AccountState(StrEnum):
    """State of a PASS account (*compte PASS*)."""

    ACTIVE = "active"
    SUSPENDED = "suspended"
    CLOSED = "closed"


def account_state(value: object, path: str = "account.state") -> AccountState:
    """An :class:`AccountState`, or one of its values (``"active"``…); else a coded error."""
    return enum_value(AccountState, value, path, "ACCOUNT_STATE_INVALID")


def _account_id(value: object) -> str:
    return pass_account.validate(value, path="account.id")  # type: ignore[arg-type]


def _state(value: object) -> AccountState:
    return account_state(value)


@attrs.frozen(kw_only=True)
class PassAccount:
    """PASS account (*compte PASS*): how a professional logs in to SPICO.

    ``id`` is kept in its canonical form (:mod:`carecircle.identifiers.pass_account`:
    lower-case, so ``"PASS:4711"`` is the account ``"pass:4711"``).
    """

    id: str = attrs.field(converter=_account_id)
    state: AccountState = attrs.field(default=AccountState.ACTIVE, converter=_state)

    @property
    def is_active(self) -> bool:
        return self.state is AccountState.ACTIVE


@attrs.frozen(kw_only=True)
class DirectoryProfessional:
    """Directory professional (*professionnel de l'annuaire PASS*): RPPS, ADELI or PASS account.

    At least one of ``national_id`` (idNat_PS) and ``account`` identifies them; details come from
    the directory (G3). They may be habilitated, pending an account if they have none (R5).
    """

    kind: ClassVar[MemberKind] = MemberKind.DIRECTORY_PROFESSIONAL

    national_id: str | None = optional_identifier(idnat_ps.canonical, "member.national_id")
    account: PassAccount | None = attrs.field(
        default=None,
        validator=instance_of((PassAccount, type(None)), "member.account", "a PassAccount"),
    )
    profession: Code | None = optional_code("member.profession")
    family_name: str = required_text("member.family_name")
    given_name: str = optional_text("member.given_name")
    contact: Contact = attrs.field(
        factory=Contact, validator=instance_of(Contact, "member.contact", "a Contact")
    )
    #: Free text from the directory (the professional's coordination structure): kept out
    #: of the ``repr`` (R12).
    structure: str = optional_text("member.structure", hidden=True)

    def __attrs_post_init__(self) -> None:
        if self.national_id is None and self.account is None:
            raise InvalidValueError.of(
                "IDENTITY_REQUIRED",
                "member.national_id",
                "a directory professional needs a national id (idNat_PS) or a PASS account",
            )

    @property
    def display_name(self) -> str:
        return _display_name(self.family_name, self.given_name)

    @property
    def identity_keys(self) -> frozenset[str]:
        """Keys that identify this professional in the directory (R8 duplicates)."""
        account = None if self.account is None else self.account.id
        return identity_keys(idnat=self.national_id, account=account)


@attrs.frozen(kw_only=True)
class ManualProfessional:
    """Manual professional (*professionnel saisi manuellement*): information only (G8)."""

    kind: ClassVar[MemberKind] = MemberKind.MANUAL_PROFESSIONAL

    family_name: str = required_text("member.family_name")
    given_name: str = optional_text("member.given_name")
    profession: Code | None = optional_code("member.profession")
    contact: Contact = attrs.field(
        factory=Contact, validator=instance_of(Contact, "member.contact", "a Contact")
    )

    @property
    def display_name(self) -> str:
        return _display_name(self.family_name, self.given_name)


@attrs.frozen(kw_only=True)
class RelatedPerson:
    """Related person (*aidant, représentant légal, personne de confiance…*): never access (G9).

    ``unlisted`` (*liste rouge*): their phone numbers must not be shown (R12).
    ``relationship`` is a kinship code (TRE_R216); a legal protection measure (TRE_R217) is
    the membership's ``legal_protection`` (old data carrying one here still reads).
    """

    kind: ClassVar[MemberKind] = MemberKind.RELATED_PERSON

    family_name: str = required_text("member.family_name")
    given_name: str = optional_text("member.given_name")
    contact: Contact = attrs.field(
        factory=Contact, validator=instance_of(Contact, "member.contact", "a Contact")
    )
    unlisted: bool = flag("member.unlisted")
    relationship: Code | None = optional_code("member.relationship")

    @property
    def display_name(self) -> str:
        return _display_name(self.family_name, self.given_name)
