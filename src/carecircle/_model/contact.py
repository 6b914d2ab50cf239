"""Contact details (*coordonnées*): e-mail, phones and postal address, never shown in a ``repr``.

R12: no ``repr`` and no exception message carries a phone number, an e-mail or a postal
address. The values are normalised on the way in (phones to E.164, e-mails compacted), and the
``repr`` only says which details are present.

>>> c = Contact(email="Jeanne.Martin@Example.FR", mobile="06 12 34 56 78")
>>> c.mobile
'+33612345678'
>>> c
Contact(email=<redacted>, mobile=<redacted>)
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from carecircle._errors import wrong_type
from carecircle._model._fields import instance_of, one_line
from carecircle.identifiers import email as _email
from carecircle.identifiers import phone as _phone
from carecircle.identifiers import postal_code as _postal_code

__all__ = ["Address", "Contact"]


def _optional_text(value: object, path: str) -> str | None:
    """One-line text, or ``None`` when blank."""
    return one_line(value, path) or None


def _checked(value: object, validate: Callable[..., str], path: str) -> str | None:
    """Blank becomes ``None``; anything else goes through ``validate``."""
    if value is not None and not isinstance(value, str):
        raise wrong_type(path, "a str")
    if value is None or not value.strip():
        return None
    return validate(value, path=path)


# Named converters: the attrs plugin of mypy only types named functions.
def _optional_line(value: object) -> str | None:
    return _optional_text(value, "address.line")


def _optional_city(value: object) -> str | None:
    return _optional_text(value, "address.city")


def _optional_email(value: str | None) -> str | None:
    return _checked(value, _email.validate, "contact.email")


def _optional_landline(value: str | None) -> str | None:
    return _checked(value, _phone.validate, "contact.landline")


def _optional_mobile(value: str | None) -> str | None:
    return _checked(value, _phone.validate, "contact.mobile")


def _optional_postal_code(value: str | None) -> str | None:
    return _checked(value, _postal_code.validate, "address.postal_code")


def _redacted_repr(instance: attrs.AttrsInstance) -> str:
    present = [
        f"{a.name}=<redacted>"
        for a in attrs.fields(type(instance))
        if getattr(instance, a.name) not in (None, "")
    ]
    return f"{type(instance).__name__}({', '.join(present)})"


@attrs.frozen(kw_only=True, repr=False)
class Address:
    """Postal address (*adresse*): street line, city and five-digit postal code.

    >>> Address(line="1 place du Capitole", city="Toulouse", postal_code="31000")
    Address(line=<redacted>, city=<redacted>, postal_code=<redacted>)
    """

    line: str | None = attrs.field(default=None, converter=_optional_line)
    city: str | None = attrs.field(default=None, converter=_optional_city)
    postal_code: str | None = attrs.field(default=None, converter=_optional_postal_code)

    def __repr__(self) -> str:
        return _redacted_repr(self)


@attrs.frozen(kw_only=True, repr=False)
class Contact:
    """Contact details (*coordonnées*) of a person or a structure; all optional."""

    email: str | None = attrs.field(default=None, converter=_optional_email)
    landline: str | None = attrs.field(default=None, converter=_optional_landline)
    mobile: str | None = attrs.field(default=None, converter=_optional_mobile)
    address: Address | None = attrs.field(
        default=None,
        validator=instance_of((Address, type(None)), "contact.address", "an Address"),
    )

    def __repr__(self) -> str:
        return _redacted_repr(self)

    @property
    def phones(self) -> tuple[str, ...]:
        """The phone numbers present, in E.164."""
        return tuple(p for p in (self.landline, self.mobile) if p is not None)
