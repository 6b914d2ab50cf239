"""R12 Private details stay private (*confidentialité des coordonnées*).

No exception message or ``repr`` carries a phone number, an e-mail, a postal address or an INS
number; the entities redact them. :func:`check` lets a service (and our tests) verify that a
text about a record — a message, a log line, a notice — exposes none of the record's private
details, whatever separators the phone numbers were written with.

>>> import datetime as dt
>>> from carecircle.model import (CareCircle, Contact, CoordinationRecord, Membership,
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

from carecircle.errors import Violation
from carecircle.identifiers import phone
from carecircle.model.contact import Address, Contact
from carecircle.model.record import CoordinationRecord
from carecircle.rules._common import raise_if_any

__all__ = ["check", "is_valid", "private_details", "validate"]

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


def private_details(record: CoordinationRecord) -> frozenset[str]:
    """The record's private details, casefolded, in the forms :func:`check` looks for."""
    found: set[str] = set()
    if record.patient.ins is not None:
        found.add(record.patient.ins.value.casefold())
    for m in record.circle:
        contact = getattr(m.member, "contact", None)
        if isinstance(contact, Contact):
            found |= _contact_details(contact)
        address = getattr(m.member, "address", None)
        if isinstance(address, Address):
            found |= _address_details(address)
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


def validate(text: str, record: CoordinationRecord, *, path: str = "text") -> str:
    """Return ``text``, or raise :class:`~carecircle.errors.ChangeRejected`."""
    raise_if_any(check(text, record, path=path))
    return text


def is_valid(text: str, record: CoordinationRecord) -> bool:
    return not check(text, record)
