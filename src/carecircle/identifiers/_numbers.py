"""The two families of plain numbers the identifier modules check; private to the package.

- :class:`StdnumNumber`: a number python-stdnum checks whole, key included (SIREN, SIRET, the
  NIR of an INS); every problem is an error.
- :class:`DepartementNumber`: a département then digits, with a Luhn key that is only an
  advisory (ADELI, FINESS).

Each module keeps its own documented functions and says, in one value, what sets its standard
apart: its name in messages, its default path, its stdnum module or its départements.

>>> siren = StdnumNumber("fr.siren", what="a SIREN number", path="siren", shape="9 digits")
>>> siren.validate("732 829 320", path="siren"), siren.format("732829320")
('732829320', '732 829 320')
>>> finess = DepartementNumber(what="a FINESS number", path="finess", departements={"75"})
>>> finess.validate("75 0712184", path="finess")
'750712184'
>>> [a.code for a in finess.advisories("750712185", path="finess")]
['LUHN_CHECK_FAILED']
"""

from __future__ import annotations

from collections.abc import Set

import attrs

from carecircle._errors import Advisory
from carecircle.identifiers import _characters, _common

__all__ = ["DepartementNumber", "StdnumNumber"]


@attrs.frozen
class StdnumNumber:
    """A number python-stdnum's ``module`` checks whole (``"fr.siren"``); a bad key is an error.

    ``shape`` describes the expected form in messages (``"9 digits"``); ``upper`` upper-cases
    letters when compacting (the NIR's Corsican ``2A``/``2B``).
    """

    module: str
    what: str
    path: str
    shape: str
    upper: bool = False

    def compact(self, value: str) -> str:
        """Drop spaces, dots and hyphens (and upper-case the letters when ``upper``)."""
        text = _characters.text(value, path=self.path)
        return _common.compact_code(text) if self.upper else _common.strip_separators(text)

    def validate(self, value: str, *, path: str) -> str:
        """The compact number, or the coded error python-stdnum's verdict maps to."""
        text = self.compact(_characters.check(value, path=path, what=self.what))
        return _common.call_stdnum(
            _common.stdnum(self.module).validate, text, path=path, what=self.what, shape=self.shape
        )

    def format(self, value: str) -> str:
        """python-stdnum's display form of a valid number."""
        return str(_common.stdnum(self.module).format(self.validate(value, path=self.path)))

    def advisories(self, value: str, *, path: str) -> tuple[Advisory, ...]:
        """Always empty: every problem is an error; raises like :meth:`validate`."""
        self.validate(value, path=path)
        return ()


@attrs.frozen
class DepartementNumber:
    """``length`` characters, the first two a département of ``departements`` (letter forms
    such as ``"2A"`` included), the rest digits; letters are upper-cased when compacting.
    """

    what: str
    path: str
    departements: Set[str]
    length: int = 9

    def compact(self, value: str) -> str:
        """Drop spaces, dots and hyphens; upper-case the letters."""
        return _common.compact_code(_characters.text(value, path=self.path))

    def validate(self, value: str, *, path: str) -> str:
        """The compact number, or the coded error of its first problem."""
        text = self.compact(_characters.check(value, path=path, what=self.what))
        return _common.check_code(
            text, length=self.length, departements=self.departements, path=path, what=self.what
        )

    def advisories(self, value: str, *, path: str) -> tuple[Advisory, ...]:
        """``LUHN_CHECK_FAILED`` when an all-digit key does not match; raises like
        :meth:`validate`.
        """
        return _common.luhn_advisories(self.validate(value, path=path), path=path, what=self.what)
