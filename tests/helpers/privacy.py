"""R12: the contact details a text must never show, and a text as a detail shows in it."""

from __future__ import annotations

import re

from carecircle.testing import sample


def sample_contacts(*more: str) -> list[str]:
    """Every phone number and e-mail of the Occitanie sample's professionals, phones written
    as :func:`squeezed` writes them, and the contact details ``more`` of the test's own.
    """
    found = list(more)
    for contact in (e.contact for e in sample.occitanie().professionals):
        found += [p.replace("+33", "0") for p in contact.phones]
        if contact.email is not None:
            found.append(contact.email)
    return found


def squeezed(text: str) -> str:
    """``text`` without white space or dots, ``+33`` written ``0``: a phone number reads the
    same in it however it was written.
    """
    return re.sub(r"[\s.]", "", text).replace("+33", "0")
