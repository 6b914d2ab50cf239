"""R12 Private details stay private (*confidentialité des coordonnées*).

No exception message or ``repr`` carries a phone number, an e-mail, a postal address or an INS
number; the entities redact them. :func:`check` lets a service (and our tests) verify that a
text about a record — a message, a log line, a notice — exposes none of the record's private
details, whatever separators the phone numbers were written with.

>>> import datetime as dt
>>> from carecircle import (CareCircle, Contact, CoordinationRecord, Membership,
...     Participation, Patient, RelatedPerson)
>>> at = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
>>> daughter = RelatedPerson(family_name="Martin", unlisted=True,
...     contact=Contact(mobile="06 12 34 56 78"))
>>> record = CoordinationRecord(record_id="DC-1", created_by="pass:1", created_at=at,
...     patient=Patient(patient_id="P-1", family_name="Martin", given_name="Louise"),
...     circle=CareCircle(memberships=(Membership(member_id="M1", member=daughter,
...         participations=(Participation(start=at, added_by="pass:1"),)),)))
>>> [v.code for v in check("call 06.12.34.56.78", record)]
['PRIVATE_DETAIL_EXPOSED']
>>> is_valid(repr(record), record)
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from carecircle._errors import Advisory, Violation
from carecircle._model.contact import Address, Contact
from carecircle._model.membership import Membership
from carecircle._model.record import CoordinationRecord
from carecircle.identifiers import ins, phone
from carecircle.rules._common import raise_if_any
from carecircle.rules._index import index_of

__all__ = [
    "PRIVATE_DETAIL_IN_TEXT",
    "check",
    "is_valid",
    "private_details",
    "text_advisories",
    "text_findings",
    "validate",
]

#: The advisory code of a free text (a description…) that seems to hold a private detail.
PRIVATE_DETAIL_IN_TEXT: Final = "PRIVATE_DETAIL_IN_TEXT"

_SEPARATORS = re.compile(r"[\s.\-/()]")


def _contact_details(contact: Contact) -> set[str]:
    found: set[str] = set()
    if contact.email:
        found.add(contact.email.casefold())
    for number in contact.phones:
        found |= phone.dialled_forms(number)
    if contact.address is not None:
        found |= _address_details(contact.address)
    return found


def _address_details(address: Address) -> set[str]:
    return {address.line.casefold()} if address.line else set()


def _member_details(m: Membership) -> set[str]:
    contact = getattr(m.member, "contact", None)
    address = getattr(m.member, "address", None)
    return (_contact_details(contact) if isinstance(contact, Contact) else set()) | (
        _address_details(address) if isinstance(address, Address) else set()
    )


def _members_details(record: CoordinationRecord) -> frozenset[str]:
    """The members' details, worked out once per circle."""
    index = index_of(record.circle)
    if index.private is None:
        index.private = frozenset(d for m in record.circle for d in _member_details(m))
    return index.private


def private_details(record: CoordinationRecord) -> frozenset[str]:
    """The record's private details, casefolded, in the forms :func:`check` looks for."""
    found = set(_members_details(record))
    if record.patient.ins is not None:
        found.add(record.patient.ins.value.casefold())
    return frozenset(found)


def check(text: str, record: CoordinationRecord, *, path: str = "text") -> tuple[Violation, ...]:
    """A violation if ``text`` shows any private detail of ``record``; never raises."""
    folded = text.casefold()
    squeezed = _SEPARATORS.sub("", folded)
    exposed = [d for d in private_details(record) if d in folded or d in squeezed]
    if not exposed:
        return ()
    return (
        Violation(
            code="PRIVATE_DETAIL_EXPOSED",
            path=path,
            message=f"the text shows {len(exposed)} private detail(s) of the record (R12)",
        ),
    )


# What free text should not hold, whoever it belongs to (casefolded text).
_EMAIL: Final = re.compile(r"[^\s@<>()\[\],;:\"']+@[^\s@<>()\[\],;:\"']+\.[a-z]{2,}")
# Runs of digits with the separators people type between them ("06 12 34 56 78",
# "+33 6.12.34.56.78", "2 55 08 2A 168 025 38"); each run, then each stretch of its groups, is
# judged: a French national number (0 and 9 digits), an international one (+ or 00, 8 to 15
# digits), a NIR or NIA (15 characters, Corsica's 2A and 2B, its key checked).
_RUN: Final = re.compile(r"\+?\d(?:[\s.\-/()]*[\dab])*")
_GROUPS: Final = re.compile(r"[\s.\-/()]+")
_PHONE_DIGITS: Final = re.compile(r"0[1-9]\d{8}|(?:\+|00)[1-9]\d{7,14}")
_STREET: Final = re.compile(
    r"\b\d{1,4}\s*(?:bis|ter|b|t)?\s*,?\s+(?:rue|avenue|av\.?|boulevard|bd|chemin|place|all[ée]e|"
    r"impasse|route|quai|cours|square|r[ée]sidence|lotissement|lieu-dit|faubourg|chauss[ée]e)\b"
)


def _number_kind(digits: str) -> str | None:
    if _PHONE_DIGITS.fullmatch(digits):
        return "phone number"
    if len(digits) == 15 and ins.is_valid(digits):  # a NIR's key checked (stdnum.fr.nir)
        return "INS number"
    return None


def _numbers(folded: str) -> set[str]:
    """The kinds of number (phone, INS) in the text: each run of digits as a whole, else
    each stretch of its groups (two numbers typed one after the other).
    """
    found: set[str] = set()
    for run in _RUN.finditer(folded):
        whole = _number_kind(_GROUPS.sub("", run.group()))
        if whole is not None:
            found.add(whole)
            continue
        groups = [g for g in _GROUPS.split(run.group()) if g]
        for i in range(len(groups)):
            digits = ""
            for group in groups[i:]:
                digits += group
                if len(digits) > 17:
                    break
                kind = _number_kind(digits)
                if kind is not None:
                    found.add(kind)
    return found


def text_findings(text: str, details: Iterable[str] = ()) -> tuple[str, ...]:
    """What kinds of private detail ``text`` seems to hold, in a fixed order: ``"e-mail
    address"``, ``"phone number"``, ``"INS number"``, ``"postal address"``; ``details`` are
    known details (casefolded, as :func:`private_details` gives them) also looked for.
    """
    folded = text.casefold()
    found = []
    if _EMAIL.search(folded):
        found.append("e-mail address")
    numbers = _numbers(folded)
    found.extend(kind for kind in ("phone number", "INS number") if kind in numbers)
    if _STREET.search(folded):
        found.append("postal address")
    # Known details written with other separators are phones or INS numbers, found above.
    if not found and any(d in folded for d in details):
        found.append("private detail of the record")
    return tuple(found)


def text_advisories(
    text: str, record: CoordinationRecord, *, path: str, members: Iterable[Membership] = ()
) -> tuple[Advisory, ...]:
    """``PRIVATE_DETAIL_IN_TEXT`` when a free text (a description, a structure's name, a
    person in charge) seems to hold a phone number in any dialled form, an e-mail address, an
    INS number, a street line, or one of the private details of ``record`` and of
    ``members`` (memberships about to join it). The message says what, never quotes it.
    """
    details: set[str] = set(_members_details(record))
    if record.patient.ins is not None:
        details.add(record.patient.ins.value.casefold())
    for m in members:
        details |= _member_details(m)
    found = text_findings(text, details)
    if not found:
        return ()
    return (
        Advisory(
            code=PRIVATE_DETAIL_IN_TEXT,
            path=path,
            message=f"this free text seems to hold a {' and a '.join(found)}: everyone in the "
            "circle may read it; keep contact details in the contact fields (R12)",
        ),
    )


def validate(text: str, record: CoordinationRecord, *, path: str = "text") -> str:
    """Return ``text``, or raise :class:`~carecircle.ChangeRejected`."""
    raise_if_any(check(text, record, path=path))
    return text


def is_valid(text: str, record: CoordinationRecord) -> bool:
    """``True`` when :func:`check` finds no violation; never raises."""
    return not check(text, record)
