"""Telephone number (*numéro de téléphone*), checked with ``phonenumbers``; stored as E.164.

French national forms (``06 12 34 56 78``, ``06.12.34.56.78``), ``+33``/``0033`` forms, the
national forms of the overseas départements and collectivities (``0590``/``0690`` Guadeloupe,
``0594``/``0694`` Guyane, ``0596``/``0696`` Martinique, ``0262``/``0692``/``0693`` La Réunion,
``0269``/``0639`` Mayotte, ``0508`` Saint-Pierre-et-Miquelon) and international forms are
accepted. Every failure has the one code ``PHONE_INVALID``; no message quotes the number (R12).

>>> validate("06 12 34 56 78")
'+33612345678'
>>> validate("0690 00 12 34")
'+590690001234'
>>> format("+33612345678"), format("+49 30 123456")
('06 12 34 56 78', '+49 30 123456')
>>> is_mobile("01 23 45 67 89")
False
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from carecircle._errors import Advisory
from carecircle.identifiers import _characters, _common

if TYPE_CHECKING:
    from phonenumbers import PhoneNumber

# ``phonenumbers`` takes tens of milliseconds to import: each function that needs it imports
# it on first use (thread-safe: the import system locks the module while it loads).

__all__ = ["advisories", "compact", "dialled_forms", "format", "is_mobile", "is_valid", "validate"]

PHONE_INVALID = "PHONE_INVALID"

_WHAT = "a telephone number"

#: Overseas regions tried, in this order, when a number is not a valid metropolitan one.
_OVERSEAS_REGIONS = ("GP", "GF", "MQ", "RE", "YT", "PM")
#: National prefixes of the overseas numbering areas. Looked up before the metropolitan parse,
#: since ``phonenumbers`` also takes some of them (``0596 30…``, ``0269 60…``) for valid +33
#: numbers.
_OVERSEAS_PREFIXES = {
    "0590": "GP",
    "0690": "GP",
    "0691": "GP",
    "0594": "GF",
    "0694": "GF",
    "0596": "MQ",
    "0696": "MQ",
    "0697": "MQ",
    "0262": "RE",
    "0263": "RE",
    "0692": "RE",
    "0693": "RE",
    "0269": "YT",
    "0639": "YT",
}
#: Saint-Pierre-et-Miquelon: ``0508`` and its 6-digit subscriber number.
_PM_PREFIX = "0508"
#: Country codes :func:`format` shows in the national form (Saint-Pierre-et-Miquelon, +508,
#: keeps its international form: its 6-digit national form means nothing from elsewhere).
_FRENCH_COUNTRY_CODES = frozenset({33, 262, 590, 594, 596})
_SEPARATORS = str.maketrans("", "", ".-/()")


def compact(value: str) -> str:
    """Drop whitespace, dots, hyphens, slashes and parentheses."""
    return "".join(_characters.text(value, path="phone").split()).translate(_SEPARATORS)


def _parse(text: str, region: str) -> PhoneNumber | None:
    """The number if ``text`` parses as a valid number of ``region``, else ``None``."""
    import phonenumbers  # noqa: PLC0415 -- imported on first use

    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def _number(value: str, region: str, path: str) -> PhoneNumber:
    # phonenumbers reads fullwidth and other scripts' digits as ASCII ones: refuse them first.
    text = compact(_characters.check(value, path=path, what=_WHAT, code=PHONE_INVALID))
    candidates: list[tuple[str, str]] = []
    if region == "FR" and text.startswith("0") and not text.startswith("00"):
        if text.startswith(_PM_PREFIX) and len(text) == 10:
            candidates.append(("+508" + text[4:], "PM"))
        elif text[:4] in _OVERSEAS_PREFIXES:
            candidates.append((text, _OVERSEAS_PREFIXES[text[:4]]))
    candidates.append((text, region))
    if region == "FR":
        candidates.extend((text, overseas) for overseas in _OVERSEAS_REGIONS)
    for candidate, candidate_region in candidates:
        number = _parse(candidate, candidate_region)
        if number is not None:
            return number
    raise _common.error(PHONE_INVALID, path, "not a valid telephone number")


def validate(value: str, *, region: str = "FR", path: str = "phone") -> str:
    """Return the E.164 form (``"+33612345678"``), or raise.

    ``region`` (ISO 3166 alpha-2) reads national forms; with ``"FR"`` the overseas national
    forms are recognised too. International forms (``+``, ``00``) ignore it.
    """
    from phonenumbers import PhoneNumberFormat, format_number  # noqa: PLC0415 -- see _parse

    number = _number(value, region, path)
    return str(format_number(number, PhoneNumberFormat.E164))


def is_valid(value: object, *, region: str = "FR") -> bool:
    """Whether :func:`validate` accepts ``value``; ``False`` for a non-``str``; never raises."""
    return _common.is_valid_with(lambda text: validate(text, region=region), value)


def format(value: str, *, region: str = "FR") -> str:  # noqa: A001 -- the python-stdnum name
    """The national form for French numbers (metropolitan and overseas), else international.

    The national form is only used when it reads back as the same number, so
    ``validate(format(v)) == validate(v)``; raises like :func:`validate`.
    """
    from phonenumbers import PhoneNumberFormat, format_number  # noqa: PLC0415 -- see _parse

    number = _number(value, region, "phone")
    e164 = format_number(number, PhoneNumberFormat.E164)
    if number.country_code in _FRENCH_COUNTRY_CODES:
        national = str(format_number(number, PhoneNumberFormat.NATIONAL))
        if is_valid(national) and validate(national) == e164:
            return national
    return str(format_number(number, PhoneNumberFormat.INTERNATIONAL))


def is_mobile(value: str, *, region: str = "FR", path: str = "phone") -> bool:
    """Whether a valid number may be a mobile one; raises like :func:`validate`.

    Also ``True`` where the numbering plan does not tell mobile from fixed lines (as in the
    United States or Saint-Pierre-et-Miquelon).
    """
    from phonenumbers import PhoneNumberType, number_type  # noqa: PLC0415 -- see _parse

    kind = number_type(_number(value, region, path))
    return kind in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)


def advisories(value: str, *, region: str = "FR", path: str = "phone") -> tuple[Advisory, ...]:
    """Always empty; raises like :func:`validate`."""
    _number(value, region, path)
    return ()


def dialled_forms(value: str, *, region: str = "FR") -> frozenset[str]:
    """The digit strings a person may write for this number; raises like :func:`validate`.

    The international digits (``33612345678``) and, for France and its overseas areas, the
    national form with its trunk ``0`` (``0612345678``, ``0690001234``, ``0508412345``).
    Used to find a number in free text whatever its separators (R12).

    >>> sorted(dialled_forms("+590 690 00 12 34"))
    ['0690001234', '590690001234']
    """
    from phonenumbers import national_significant_number  # noqa: PLC0415 -- see _parse

    number = _number(value, region, "phone")
    national = str(national_significant_number(number))
    forms = {f"{number.country_code}{national}"}
    if number.country_code == 508:
        forms.add(_PM_PREFIX + national)
    elif number.country_code in _FRENCH_COUNTRY_CODES:
        forms.add("0" + national)
    return frozenset(forms)
