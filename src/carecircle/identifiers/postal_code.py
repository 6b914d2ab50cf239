"""French postal code (*code postal*): 5 digits starting with a département.

``01``-``95`` in metropolitan France (``20`` for Corsica), ``971``-``976`` overseas, ``980``
Monaco and ``986``-``988`` in the Pacific. Every failure has the one code
``POSTAL_CODE_INVALID``; the message says what is wrong, never the code (R12).

>>> validate(" 31000 ")
'31000'
>>> departement("31000"), departement("20200"), departement("97110")
('31', '2B', '971')
>>> validate("96000")
Traceback (most recent call last):
    ...
carecircle.InvalidValueError: POSTAL_CODE_INVALID at postal_code: ...
"""

from __future__ import annotations

from carecircle._errors import Advisory
from carecircle.identifiers import _characters, _common

__all__ = ["advisories", "compact", "departement", "format", "is_valid", "validate"]

POSTAL_CODE_INVALID = "POSTAL_CODE_INVALID"

_WHAT = "a French postal code"
_OVERSEAS = frozenset({"971", "972", "973", "974", "975", "976", "980", "986", "987", "988"})
#: Postal codes of Corse-du-Sud (2A) are below this one; Haute-Corse (2B) from it.
_HAUTE_CORSE_FROM = "20200"


def compact(value: str) -> str:
    """Drop every kind of whitespace."""
    return "".join(_characters.text(value, path="postal_code").split())


def validate(value: str, *, path: str = "postal_code") -> str:
    """Return the 5 digits, or raise :class:`~carecircle.InvalidValueError`."""
    text = _characters.check(value, path=path, what=_WHAT, code=POSTAL_CODE_INVALID)
    code = compact(text)
    if not _common.is_ascii_digits(code) or len(code) != 5:
        raise _common.error(POSTAL_CODE_INVALID, path, "a French postal code has 5 digits")
    if code[:2] not in _common.METROPOLITAN_DEPARTEMENTS and code[:3] not in _OVERSEAS:
        raise _common.error(
            POSTAL_CODE_INVALID, path, "a French postal code starts with a known département"
        )
    return code


def is_valid(value: object) -> bool:
    """Whether :func:`validate` accepts ``value``; ``False`` for a non-``str``; never raises."""
    return _common.is_valid_with(validate, value)


def format(value: str) -> str:  # noqa: A001 -- the python-stdnum name
    """The display form: the 5 digits."""
    return validate(value)


def advisories(value: str, *, path: str = "postal_code") -> tuple[Advisory, ...]:
    """Always empty; raises like :func:`validate`."""
    validate(value, path=path)
    return ()


def departement(value: str, *, path: str = "postal_code") -> str:
    """The département of a valid postal code: ``"31"``, ``"2A"``/``"2B"``, ``"971"``.

    Corsica is read by the usual rule: ``20000``-``20199`` is Corse-du-Sud (``2A``), the rest
    of ``20xxx`` Haute-Corse (``2B``). A few codes break it (a postal code names a delivery
    office, not a commune); use the INSEE commune code when the exact département matters.
    """
    code = validate(value, path=path)
    if code[:2] == "20":
        return "2A" if code < _HAUTE_CORSE_FROM else "2B"
    if code[:3] in _OVERSEAS:
        return code[:3]
    return code[:2]
