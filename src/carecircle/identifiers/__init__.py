"""French health identifiers (*identifiants de santé*), one small module each.

Every module offers the same functions, in the style of python-stdnum:

* ``compact(value)`` drops the separators people type (spaces, dots, hyphens); never raises
  for a ``str``;
* ``validate(value, *, path=...)`` returns the compact, normalised form or raises
  :class:`~carecircle.InvalidValueError` with a stable ``code`` (``IDENTIFIER_FORMAT``,
  ``IDENTIFIER_LENGTH``, ``IDENTIFIER_CHECKSUM``, ``IDENTIFIER_COMPONENT``, or
  ``PHONE_INVALID``, ``EMAIL_INVALID``, ``POSTAL_CODE_INVALID``) and the given ``path``;
* ``is_valid(value)`` says whether ``validate`` would accept the value; never raises, and
  answers ``False`` for anything that is not a ``str``;
* ``format(value)`` gives the display form of a valid value, which ``validate`` reads back;
* ``advisories(value, *, path=...)`` returns soft warnings, such as ``LUHN_CHECK_FAILED`` on
  an RPPS number, as :class:`~carecircle.Advisory` values (an empty tuple when none).

Every function but ``is_valid`` refuses a value that is not a ``str`` with ``WRONG_TYPE``
(:func:`~carecircle.wrong_type`). One character policy holds everywhere, checked before
any normalisation: no control, format or zero-width character anywhere, no digit or letter
outside ASCII (fullwidth ``７`` is refused, never read as ``7``); space separators, no-break
ones included, stay separators. ``docs/identifiers.md`` states it with the error codes of each
module and the canonical forms used to compare identifiers: :mod:`.pass_account`,
:func:`.idnat_ps.canonical` (an idNat_PS, RPPS or ADELI number) and
:func:`.idnat_struct.canonical` (a structure's directory id).

No message, advisory or ``repr`` ever contains the value checked (R12): they say what is
wrong, never what was typed.

>>> from carecircle.identifiers import siret
>>> siret.validate("732 829 320 00074")
'73282932000074'
>>> siret.format("73282932000074")
'732 829 320 00074'
>>> siret.is_valid("73282932000075")
False
>>> rpps.advisories("10003456786")
()
>>> rpps.is_valid(None), siren.is_valid("７３２８２９３２０")
(False, False)
>>> pass_account.validate(" PASS:4711 "), idnat_ps.canonical("100 034 610 33")
('pass:4711', '810003461033')
"""

from __future__ import annotations

from carecircle.identifiers import (
    adeli,
    email,
    finess,
    idnat_ps,
    idnat_struct,
    ins,
    pass_account,
    phone,
    postal_code,
    rpps,
    siren,
    siret,
)
from carecircle.identifiers._common import Kind

__all__ = [
    "Kind",
    "adeli",
    "email",
    "finess",
    "idnat_ps",
    "idnat_struct",
    "ins",
    "pass_account",
    "phone",
    "postal_code",
    "rpps",
    "siren",
    "siret",
]
