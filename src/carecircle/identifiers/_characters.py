"""The character policy of every identifier (*politique des caractères*); private to the package.

Every public function of an identifier module first checks what it was given, before any
normalisation:

* a value that is not a ``str`` (``None``, an ``int``, bytes…) is refused with
  :data:`~carecircle.WRONG_TYPE`; ``is_valid`` answers ``False`` instead;
* a control, format, private-use, surrogate, unassigned or line/paragraph separator character
  (Unicode categories Cc, Cf, Co, Cs, Cn, Zl, Zp: tab, newline, U+0085, U+200B zero-width
  space, U+200D joiner, U+2060 word joiner, U+FEFF…) is refused anywhere in the value, even at
  either end: it hides what the value really holds, so it is never silently dropped;
* any other non-ASCII character is refused too, except the space separators (category Zs:
  no-break space U+00A0, narrow no-break space U+202F…) where a module drops separators. Digits
  and letters of other scripts (fullwidth ``１``, ``Ａ``, Arabic-Indic digits…) are refused
  everywhere, never read as their ASCII look-alikes: no identifier system we read issues them,
  and accepting them in some modules only would make two spellings of one identifier compare
  different elsewhere.

Nothing here ever puts the value into a message (R12).

>>> check("10 003\u00a0456 786", path="rpps", what="an RPPS number")
'10 003\u00a0456 786'
>>> check("1000345678\u200b6", path="rpps", what="an RPPS number")
Traceback (most recent call last):
    ...
carecircle.InvalidValueError: IDENTIFIER_FORMAT at rpps: ... invisible or control character
>>> check(10003456786, path="rpps", what="an RPPS number")
Traceback (most recent call last):
    ...
carecircle.InvalidValueError: WRONG_TYPE at rpps: expected a str
"""

from __future__ import annotations

import unicodedata

from carecircle._errors import InvalidValueError, wrong_type

__all__ = ["FORMAT", "REFUSED_CATEGORIES", "check", "check_ascii", "text"]

FORMAT = "IDENTIFIER_FORMAT"

#: Unicode categories refused anywhere in an identifier.
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})


def text(value: object, *, path: str) -> str:
    """``value`` if it is a ``str``, else the ``WRONG_TYPE`` error."""
    if not isinstance(value, str):
        raise wrong_type(path, "a str")
    return value


def _invisible(code: str, path: str, what: str) -> InvalidValueError:
    return InvalidValueError.of(code, path, f"{what} holds an invisible or control character")


def _not_ascii(code: str, path: str, what: str) -> InvalidValueError:
    return InvalidValueError.of(code, path, f"{what} holds a character that is not ASCII")


def check(value: object, *, path: str, what: str, code: str = FORMAT) -> str:
    """Return ``value`` if it is a ``str`` the policy accepts (space separators allowed).

    ``code`` is the module's code for a malformed value (``IDENTIFIER_FORMAT``,
    ``PHONE_INVALID``, ``POSTAL_CODE_INVALID``).
    """
    value = text(value, path=path)
    # The fast path: printable ASCII (space included) is what nearly every caller sends.
    if value.isascii():
        if value.isprintable():
            return value
        raise _invisible(code, path, what)
    for char in value:
        if char.isprintable():
            if not char.isascii():
                raise _not_ascii(code, path, what)
            continue
        category = unicodedata.category(char)
        if category in REFUSED_CATEGORIES:
            raise _invisible(code, path, what)
        # What is left of the non-printable characters is category Zs: a space separator.
    return value


def check_ascii(value: object, *, path: str, what: str, code: str) -> str:
    """Return ``value`` if it is a ``str`` of printable ASCII only (no separator beyond space)."""
    value = text(value, path=path)
    if value.isascii() and value.isprintable():
        return value
    if any(unicodedata.category(char) in REFUSED_CATEGORIES for char in value):
        raise _invisible(code, path, what)
    raise _not_ascii(code, path, what)
