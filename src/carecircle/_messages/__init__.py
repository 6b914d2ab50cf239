"""Messages (*libellés*): an English and a French text for every code the library produces.

Every violation, advisory and access-denial reason carries a stable machine code (R11). This
catalogue gives each code a generic message in English and in French, the French in the words
of the SPICO guide (*cercle de soins*, *habilitation*, *dossier de coordination*, *refus de
partage*, *structure personne morale*…), for services to show their users as they are.
The texts are generic: they never quote a value of the data, so never a name, an identifier
or a contact detail (R12). A violation's own ``message`` stays the contextual English one.

>>> describe("NOT_HABILITATED").fr
'Le professionnel n’est pas habilité sur le dossier.'
>>> describe("NOT_HABILITATED").text("en")
'The professional is not habilitated on the record.'
>>> describe("NO_SUCH_CODE")
Traceback (most recent call last):
    ...
carecircle.NotFoundError: MESSAGE_CODE_UNKNOWN at code: no message has this code
>>> describe("NOT_HABILITATED").text("de")
Traceback (most recent call last):
    ...
carecircle.InvalidValueError: LANG_INVALID at lang: a language is 'en' or 'fr'
"""

from __future__ import annotations

from typing import Final

import attrs

from carecircle._errors import InvalidValueError, NotFoundError, wrong_type
from carecircle._messages import _access, _input, _interop, _records, _services

__all__ = ["LANGUAGES", "MESSAGES", "Message", "describe", "french"]

#: The languages of the catalogue, as ``lang`` arguments name them.
LANGUAGES: Final = ("en", "fr")


@attrs.frozen(kw_only=True)
class Message:
    """The words for one code (*libellé*): its generic ``en`` and ``fr`` texts.

    >>> describe("CIRCLE_SUSPENDED")
    Message(code='CIRCLE_SUSPENDED', en='The care circle is suspended.',
            fr='Le cercle de soins est suspendu.')
    """

    code: str
    en: str
    fr: str

    def text(self, lang: str) -> str:
        """The text in ``lang`` (``"en"`` or ``"fr"``); anything else is ``LANG_INVALID``."""
        if not isinstance(lang, str):
            raise wrong_type("lang", "a str ('en' or 'fr')")
        if lang == "fr":
            return self.fr
        if lang != "en":
            raise InvalidValueError.of("LANG_INVALID", "lang", "a language is 'en' or 'fr'")
        return self.en


def _catalogue() -> dict[str, Message]:
    parts = (_access.TEXTS, _records.TEXTS, _input.TEXTS, _services.TEXTS, _interop.TEXTS)
    texts = {code: words for part in parts for code, words in part.items()}
    return {
        code: Message(code=code, en=texts[code][0], fr=texts[code][1]) for code in sorted(texts)
    }


_BY_CODE: Final = _catalogue()

#: Every message of the catalogue, sorted by code (``docs/messages.md`` shows them as a table).
MESSAGES: Final = tuple(_BY_CODE.values())


def describe(code: str) -> Message:
    """The message of ``code``: a violation's, an advisory's or a denial reason's.

    An unknown code is ``MESSAGE_CODE_UNKNOWN`` (:class:`~carecircle.NotFoundError`, a
    :class:`LookupError`), never a bare :class:`KeyError`.

    >>> describe("SHARING_REFUSED").fr
    'Le patient refuse le partage d’information avec ce professionnel.'
    """
    if not isinstance(code, str):
        raise wrong_type("code", "a str")
    found = _BY_CODE.get(code)
    if found is None:
        raise NotFoundError.of("MESSAGE_CODE_UNKNOWN", "code", "no message has this code")
    return found


def french(code: str, fallback: str) -> str:
    """The French text of ``code``, or ``fallback`` for a code the catalogue does not hold (a
    violation a service built with a code of its own).
    """
    found = _BY_CODE.get(code)
    return fallback if found is None else found.fr
