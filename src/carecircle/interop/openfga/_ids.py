"""Object and user ids of the export: one canonical, percent-encoded form.

OpenFGA refuses ``:``, ``#`` and spaces inside an id (``user:pass:1`` is malformed), so every
id the library holds is written with :func:`encode`: RFC 3986 percent-encoding of its UTF-8
bytes, every character but the unreserved ones (``A-Z a-z 0-9 - . _ ~``) escaped, hex digits
in upper case. The library's ids are already canonical (accounts lower-cased, structure ids
upper-cased and without spaces), so one principal or record has exactly one OpenFGA id.
"""

from __future__ import annotations

import re
import string
from typing import Final

from carecircle._errors import InvalidValueError, wrong_type
from carecircle._model.principal import Principal
from carecircle._model.record import CoordinationRecord
from carecircle.nomenclatures import Code

__all__ = [
    "DIRECTORY",
    "MATRIX",
    "decode",
    "encode",
    "object_id",
    "placement_id",
    "profession_id",
    "structure_id",
    "user_id",
]

#: The one ``directory`` object: who holds an active PASS account now.
DIRECTORY: Final = "directory:pass"
#: The one ``matrix`` object: the habilitation matrix's grants to professions.
MATRIX: Final = "matrix:grid"


_UNRESERVED: Final = frozenset(string.ascii_letters + string.digits + "-._~")
_ESCAPES: Final = re.compile(r"%([0-9A-Fa-f]{2})")


def _escape(character: str) -> str:
    return "".join(f"%{byte:02X}" for byte in character.encode("utf-8"))


def _unescape(found: re.Match[str]) -> str:
    # One latin-1 character per byte: the whole text is then read back as UTF-8 bytes.
    return chr(int(found.group(1), 16))


def _invalid() -> InvalidValueError:
    return InvalidValueError.of("ID_INVALID", "value", "an id is UTF-8 text")


def encode(value: str) -> str:
    """``value`` percent-encoded so that no ``:``, ``#``, ``/`` or space remains.

    >>> encode("pass:4711"), encode("DC 1/2")
    ('pass%3A4711', 'DC%201%2F2')
    """
    if not isinstance(value, str):
        raise wrong_type("value", "a str")
    if not value:
        raise InvalidValueError.of("ID_REQUIRED", "value", "an id is a non-empty text")
    try:
        return "".join(c if c in _UNRESERVED else _escape(c) for c in value)
    except UnicodeEncodeError:
        raise _invalid() from None


def decode(value: str) -> str:
    """The library id an encoded id stands for (what :func:`encode` undoes).

    >>> decode("pass%3A4711")
    'pass:4711'
    """
    if not isinstance(value, str):
        raise wrong_type("value", "a str")
    try:
        return _ESCAPES.sub(_unescape, value).encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        raise _invalid() from None


def user_id(principal: Principal | str) -> str:
    """The OpenFGA user of a principal (or of a PASS account id): ``user:<account>``.

    A principal without a PASS account is no OpenFGA user: the library never grants them
    anything (``HABILITATION_PENDING_ACCOUNT``), so ``NO_ACCOUNT`` is raised.

    >>> user_id(Principal(account="PASS:12"))
    'user:pass%3A12'
    """
    if isinstance(principal, Principal):
        if principal.account is None:
            raise InvalidValueError.of(
                "NO_ACCOUNT", "principal.account", "a principal without a PASS account is no user"
            )
        return "user:" + encode(principal.account)
    if isinstance(principal, str):
        return "user:" + encode(principal)
    raise wrong_type("principal", "a Principal or a PASS account id")


def object_id(record: CoordinationRecord | str) -> str:
    """The OpenFGA object of a record (or of a record id): ``record:<record_id>``.

    >>> object_id("DC-1")
    'record:DC-1'
    """
    if isinstance(record, CoordinationRecord):
        return "record:" + encode(record.record_id)
    if isinstance(record, str):
        return "record:" + encode(record)
    raise wrong_type("record", "a CoordinationRecord or a record id")


def structure_id(national_id: str) -> str:
    """The OpenFGA object of a directory structure: ``structure:<national id>``."""
    return "structure:" + encode(national_id)


def placement_id(record_id: str, member_id: str) -> str:
    """The OpenFGA object of a structure's membership of a record: ``placement:<record>/<member>``
    (both parts encoded, so the ``/`` between them is the only one).

    >>> placement_id("DC-1", "M5")
    'placement:DC-1/M5'
    """
    return f"placement:{encode(record_id)}/{encode(member_id)}"


def profession_id(profession: Code) -> str:
    """The OpenFGA object of a profession: ``profession:<system name or URL>|<code>``, encoded.

    >>> from carecircle.nomenclatures import professions
    >>> profession_id(professions.MEDECIN)
    'profession:TRE_G15%7C10'
    """
    if not isinstance(profession, Code):
        raise wrong_type("profession", "a Code")
    return "profession:" + encode(str(profession))
