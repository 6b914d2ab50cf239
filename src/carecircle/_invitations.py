"""Invitation of a colleague (*inviter un confrère*, G13): a ready e-mail to get a PASS account.

A professional needs a PASS account before a habilitation gives them access to a record. The
user invites them with a ready-made e-mail (:func:`draft_invitation`), may edit its recipients,
subject and body (every edit revalidates), then hands it to their mail client as an RFC 6068
``mailto:`` URI (:meth:`Invitation.mailto`) or copies it as plain text
(:meth:`Invitation.as_message`). The library sends nothing.

Secret médical: e-mail is not a secure messaging channel, so the draft never names the patient
nor carries any health information; the colleague finds the record in SPICO once habilitated.

>>> inv = draft_invitation(inviter_name="Dr Jeanne Martin", recipients=["Paul.Durand@Exemple.FR"])
>>> inv
Invitation(recipients=<1 address>, subject=<redacted>)
>>> inv.recipients
('Paul.Durand@exemple.fr',)
>>> inv.mailto()[:57]
'mailto:Paul.Durand@exemple.fr?subject=Invitation%20%C3%A0'
>>> parse_mailto(inv.mailto()) == inv
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from carecircle._errors import InputRejected, InvalidValueError, Violation, wrong_type
from carecircle.identifiers import email

__all__ = [
    "DEFAULT_PLATFORM",
    "DEFAULT_PORTAL_URL",
    "Invitation",
    "draft_invitation",
    "parse_mailto",
]

#: Where the invited colleague starts: the public site of e-santé Occitanie, whose « Se connecter »
#: leads to the PASS sign-in and account creation. The exact address of the PASS sign-up page
#: could not be confirmed, so this is a default for services to override with ``portal_url``.
DEFAULT_PORTAL_URL = "https://www.esante-occitanie.fr"
#: The platform named in the draft.
DEFAULT_PLATFORM = "SPICO"

INVITATION_SUBJECT_REQUIRED = "INVITATION_SUBJECT_REQUIRED"
INVITATION_SUBJECT_MULTILINE = "INVITATION_SUBJECT_MULTILINE"
INVITATION_BODY_REQUIRED = "INVITATION_BODY_REQUIRED"
INVITATION_TEXT_INVALID = "INVITATION_TEXT_INVALID"
INVITER_NAME_REQUIRED = "INVITER_NAME_REQUIRED"
PLATFORM_REQUIRED = "PLATFORM_REQUIRED"
PORTAL_URL_INVALID = "PORTAL_URL_INVALID"
MAILTO_INVALID = "MAILTO_INVALID"

# C0 controls but tab and line feed, DEL, lone surrogates (they cannot be encoded in UTF-8).
_INVALID_CHAR = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
# RFC 6068 section 2: in an addr-spec, '%', '/', '?', '#', '[', ']', '&', ';', '=' and every
# character not allowed in a URI must be percent-encoded. Keeping only these sub-delims literal
# does that; '+' is encoded too (section 5 allows it) because some clients read '+' as a space.
_ADDRESS_SAFE = "!$'*@"
# Characters allowed in a URI (RFC 3986), without '#': a mailto URI has no fragment.
_URI_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?\[\]@!$&'()*+,;=%]*")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
# An absolute https URL: a host (a name, or an IP literal in brackets), no user part, any port.
_PORTAL_URL = re.compile(
    r"https://(?:\[[0-9A-Fa-f:.]+\]|[^/?#@:\[\]]+)(?::[0-9]*)?(?:[/?#].*)?", re.IGNORECASE
)


def _percent_encoded(text: str, safe: str = "") -> str:
    """``text`` in UTF-8 with every octet but unreserved and ``safe`` ones as ``%XX``.

    The standard library's ``urllib.parse.quote`` would do; the core imports no ``urllib``.
    """
    keep = _UNRESERVED | frozenset(safe.encode("ascii"))
    return "".join(chr(b) if b in keep else f"%{b:02X}" for b in text.encode("utf-8"))


def _recipients(values: Iterable[str]) -> tuple[tuple[str, ...], list[Violation]]:
    """Compact addresses, the first of each case-insensitive duplicate, and every problem."""
    if isinstance(values, str):
        items: tuple[object, ...] = (values,)
    elif isinstance(values, bytes | Mapping) or not isinstance(values, Iterable):
        return (), [wrong_type("recipients", "a str or a sequence of str").violation]
    else:
        items = tuple(values)
    kept: dict[str, str] = {}
    problems: list[Violation] = []
    for i, value in enumerate(items):
        try:
            address = email.validate(value, path=f"recipients[{i}]")  # type: ignore[arg-type]
        except InvalidValueError as error:
            problems.append(error.violation)
        else:
            kept.setdefault(address.lower(), address)
    return tuple(kept.values()), problems


def _violation(code: str, path: str, message: str) -> list[Violation]:
    return [Violation(code=code, path=path, message=message)]


def _subject(value: object) -> tuple[str, list[Violation]]:
    """The stripped subject; a line break would inject mail headers."""
    if not isinstance(value, str):
        return "", [wrong_type("subject", "a str").violation]
    if "\r" in value or "\n" in value:
        return value, _violation(
            INVITATION_SUBJECT_MULTILINE, "subject", "the subject is one line, with no line break"
        )
    subject = value.strip()
    if not subject:
        return subject, _violation(INVITATION_SUBJECT_REQUIRED, "subject", "a subject is required")
    if _INVALID_CHAR.search(subject):
        return subject, _violation(
            INVITATION_TEXT_INVALID, "subject", "the subject has control or invalid characters"
        )
    return subject, []


def _body(value: object) -> tuple[str, list[Violation]]:
    """The body with every line break as ``"\\n"``."""
    if not isinstance(value, str):
        return "", [wrong_type("body", "a str").violation]
    body = value.replace("\r\n", "\n").replace("\r", "\n")
    if not body.strip():
        return body, _violation(INVITATION_BODY_REQUIRED, "body", "a message body is required")
    if _INVALID_CHAR.search(body):
        return body, _violation(
            INVITATION_TEXT_INVALID, "body", "the body has control or invalid characters"
        )
    return body, []


@attrs.frozen(kw_only=True, init=False, repr=False)
class Invitation:
    """Invitation e-mail (*courriel d'invitation*, G13): recipients, a one-line subject, a body.

    Construction and :func:`attrs.evolve` check every field and raise one
    :class:`~carecircle.InputRejected` with every problem at once: ``EMAIL_INVALID`` at
    ``recipients[i]`` (``i`` counts the addresses given), ``INVITATION_SUBJECT_REQUIRED`` or
    ``INVITATION_SUBJECT_MULTILINE`` at ``subject``, ``INVITATION_BODY_REQUIRED`` at ``body``,
    ``INVITATION_TEXT_INVALID`` for control characters. Addresses are compacted and
    case-insensitive duplicates collapse to the first; a bare string is one address. No
    recipient yet is a draft that is not :attr:`ready`. The ``repr`` counts the addresses and
    shows neither them nor the subject, which the user may have typed anything into (R12).

    >>> inv = Invitation(recipients=["a@exemple.fr", "A@EXEMPLE.FR"], subject="Bonjour",
    ...                  body="Ligne 1\\r\\nLigne 2")
    >>> inv.recipients, inv.body
    (('a@exemple.fr',), 'Ligne 1\\nLigne 2')
    >>> inv.with_subject("")
    Traceback (most recent call last):
    ...
    carecircle.InputRejected: input rejected, 1 violation: INVITATION_SUBJECT_REQUIRED ...
    """

    recipients: tuple[str, ...] = ()
    subject: str
    body: str

    def __init__(self, *, recipients: Iterable[str] = (), subject: str, body: str) -> None:
        addresses, problems = _recipients(recipients)
        subject, subject_problems = _subject(subject)
        body, body_problems = _body(body)
        problems += subject_problems + body_problems
        if problems:
            raise InputRejected.from_violations(problems)
        self.__attrs_init__(recipients=addresses, subject=subject, body=body)

    def __repr__(self) -> str:
        count = len(self.recipients)
        noun = "address" if count == 1 else "addresses"
        # The subject is the user's text: it may hold an address or a phone number (R12).
        return f"Invitation(recipients=<{count} {noun}>, subject=<redacted>)"

    @property
    def ready(self) -> bool:
        """Whether it can be sent: it has at least one recipient."""
        return bool(self.recipients)

    def _evolve(self, **changes: Any) -> Invitation:
        return attrs.evolve(self, **changes)

    def with_recipients(self, recipients: Iterable[str]) -> Invitation:
        """A copy sent to ``recipients`` instead."""
        return self._evolve(recipients=recipients)

    def adding_recipients(self, recipients: Iterable[str]) -> Invitation:
        """A copy sent to ``recipients`` too; paths of bad ones count from the current ones."""
        added = (recipients,) if isinstance(recipients, str) else tuple(recipients)
        return self._evolve(recipients=self.recipients + added)

    def with_subject(self, subject: str) -> Invitation:
        """A copy with another subject."""
        return self._evolve(subject=subject)

    def with_body(self, body: str) -> Invitation:
        """A copy with another body."""
        return self._evolve(body=body)

    def mailto(self) -> str:
        """The RFC 6068 ``mailto:`` URI that opens this e-mail in the user's mail client.

        Addresses go in the ``to`` part, separated by ``,``, percent-encoded where RFC 6068
        section 2 requires it (and ``+``); then ``subject`` and ``body`` hfields, UTF-8
        percent-encoded except unreserved characters: a space is ``%20``, ``+`` is ``%2B``, a
        line break of the body is ``%0D%0A`` (section 5).

        >>> Invitation(recipients=["marie+soins@exemple.fr"], subject="A & B = C",
        ...            body="Oui ?\\nNon").mailto()
        'mailto:marie%2Bsoins@exemple.fr?subject=A%20%26%20B%20%3D%20C&body=Oui%20%3F%0D%0ANon'
        """
        to = ",".join(_percent_encoded(a, _ADDRESS_SAFE) for a in self.recipients)
        subject = _percent_encoded(self.subject)
        body = _percent_encoded(self.body.replace("\n", "\r\n"))
        return f"mailto:{to}?subject={subject}&body={body}"

    def as_message(self) -> str:
        """The e-mail as plain text to copy: ``To:`` and ``Subject:`` lines, a blank line, the body.

        For people, not for SMTP: no MIME, no encoded words.

        >>> print(Invitation(recipients=["a@exemple.fr", "b@exemple.fr"], subject="Bonjour",
        ...                  body="Ligne 1\\nLigne 2").as_message())
        To: a@exemple.fr, b@exemple.fr
        Subject: Bonjour
        <BLANKLINE>
        Ligne 1
        Ligne 2
        """
        to = f"To: {', '.join(self.recipients)}" if self.recipients else "To:"
        return f"{to}\nSubject: {self.subject}\n\n{self.body}"


def _mailto_error(message: str) -> InvalidValueError:
    return InvalidValueError.of(MAILTO_INVALID, "uri", message)


def _octets(match: re.Match[str]) -> str:
    return bytes.fromhex(match.group().replace("%", "")).decode("utf-8")


def _decoded(text: str) -> str:
    """``text`` with its runs of ``%XX`` octets decoded as UTF-8."""
    try:
        return _ESCAPES.sub(_octets, text)
    except UnicodeDecodeError:
        raise _mailto_error("percent-encoded octets must be UTF-8 text") from None


def parse_mailto(uri: str) -> Invitation:
    """The invitation a ``mailto:`` URI describes, such as one :meth:`Invitation.mailto` made.

    Recipients are the addresses of the ``to`` part, then those of any ``to`` hfield; ``subject``
    and ``body`` are read (``+`` is a plus sign, as RFC 6068 says); other hfields (``cc``…) are
    ignored. A URI that is not ``mailto:``, holds characters a URI cannot, a ``#``, a broken
    ``%`` escape, non-UTF-8 octets, an hfield without ``=`` or a repeated ``subject`` or
    ``body`` raises ``MAILTO_INVALID`` at ``uri``; what the invitation itself refuses (a missing
    subject, a bad address…) raises as :class:`Invitation` does.

    >>> parse_mailto("mailto:a@exemple.fr?subject=Bonjour&body=Oui%0D%0ANon&cc=b@exemple.fr")
    Invitation(recipients=<1 address>, subject=<redacted>)
    >>> parse_mailto("https://exemple.fr")
    Traceback (most recent call last):
    ...
    carecircle.InvalidValueError: MAILTO_INVALID at uri: not a mailto: URI
    """
    if not isinstance(uri, str):
        raise wrong_type("uri", "a str")
    scheme, colon, rest = uri.strip().partition(":")
    if not colon or scheme.lower() != "mailto":
        raise _mailto_error("not a mailto: URI")
    if _URI_CHARS.fullmatch(rest) is None:
        raise _mailto_error("spaces, '#', non-ASCII and other characters must be percent-encoded")
    if _BAD_PERCENT.search(rest):
        raise _mailto_error("'%' starts a percent-encoded octet: two hexadecimal digits")
    to, _, query = rest.partition("?")
    addresses = [_decoded(part) for part in to.split(",") if part]
    texts: dict[str, str] = {}
    for field in filter(None, query.split("&")):
        raw_name, equals, raw_value = field.partition("=")
        if not equals:
            raise _mailto_error("each header field has the form name=value")
        name, value = _decoded(raw_name).lower(), _decoded(raw_value)
        if name == "to":
            addresses += [part for part in value.split(",") if part.strip()]
        elif name in ("subject", "body"):
            if name in texts:
                raise _mailto_error(f"the {name} field appears more than once")
            texts[name] = value
    return Invitation(
        recipients=addresses, subject=texts.get("subject", ""), body=texts.get("body", "")
    )


def _one_line(value: object, path: str) -> str:
    if not isinstance(value, str):
        raise wrong_type(path, "a str")
    return " ".join(value.split())


def _portal_url(value: object) -> str:
    if not isinstance(value, str):
        raise wrong_type("portal_url", "a str")
    url = value.strip()
    if _PORTAL_URL.fullmatch(url) is None or not url.isprintable() or any(map(str.isspace, url)):
        raise InvalidValueError.of(
            PORTAL_URL_INVALID,
            "portal_url",
            "the portal address is an absolute https:// URL with a host, no user and no spaces",
        )
    return url


_SUBJECT = "Invitation à rejoindre {platform}, la plateforme de coordination d'e-santé Occitanie"

_BODY = """\
Bonjour,

{inviter} vous invite à rejoindre {platform}, la plateforme de coordination d'e-santé \
Occitanie, pour coordonner ensemble la prise en charge d'un patient que vous accompagnez.

Pour accéder à {platform}, il vous faut un compte sur le PASS (Point d'Accès aux Services \
e-Santé), le portail qui donne accès aux services numériques d'e-santé Occitanie avec une \
connexion unique.

Pour créer votre compte :
1. rendez-vous sur {portal_url} ;
2. cliquez sur « Créer un compte » ;
3. identifiez-vous avec votre numéro RPPS ou ADELI, ou avec votre e-CPS ou votre carte CPS ;
4. confirmez votre adresse électronique grâce au lien que vous recevrez.

Une fois votre compte créé, {name} pourra vous retrouver dans l'annuaire, vous ajouter au \
cercle de soins du patient et vous habiliter sur son dossier de coordination. Vous pourrez \
alors consulter et renseigner ce dossier selon les droits de votre profession.

Ce message ne contient volontairement aucune information sur le patient : la messagerie \
électronique n'est pas un canal sécurisé. Vous retrouverez son dossier dans {platform} une \
fois habilité(e).

Bien cordialement,
{signature}"""


def draft_invitation(
    *,
    inviter_name: str,
    inviter_structure: str = "",
    recipients: Iterable[str] = (),
    portal_url: str = DEFAULT_PORTAL_URL,
    platform: str = DEFAULT_PLATFORM,
) -> Invitation:
    """The ready-made French invitation (G13) to create a PASS account and join ``platform``.

    The body says who invites (``inviter_name``, with ``inviter_structure`` when given), why (to
    coordinate a patient's care), that access needs a PASS account (*Point d'Accès aux Services
    e-Santé*), how to create it at ``portal_url`` (« Créer un compte », RPPS or ADELI number,
    e-CPS or CPS card, e-mail confirmation) and what follows (the inviter finds them in the
    directory, adds them to the care circle and habilitates them). It takes no patient and
    names none, and carries no phone number: e-mail is not a secure messaging channel, so
    nothing covered by the *secret médical* belongs in it.

    Raises :class:`~carecircle.InvalidValueError`: ``INVITER_NAME_REQUIRED`` at
    ``inviter_name`` or ``PLATFORM_REQUIRED`` at ``platform`` when blank, ``PORTAL_URL_INVALID``
    at ``portal_url`` unless an absolute ``https://`` URL with a host, no user part and no
    whitespace; bad recipients raise as :class:`Invitation` does.

    >>> inv = draft_invitation(inviter_name="Dr Jeanne Martin",
    ...                        inviter_structure="MSP du Lauragais")
    >>> inv.ready, inv.body.splitlines()[2][:48]
    (False, 'Dr Jeanne Martin (MSP du Lauragais) vous invite ')
    >>> draft_invitation(inviter_name="Dr Jeanne Martin", portal_url="http://exemple.fr")
    Traceback (most recent call last):
    ...
    carecircle.InvalidValueError: PORTAL_URL_INVALID at portal_url: ...
    """
    name = _one_line(inviter_name, "inviter_name")
    if not name:
        raise InvalidValueError.of(
            INVITER_NAME_REQUIRED, "inviter_name", "the invitation is signed: a name is required"
        )
    service = _one_line(platform, "platform")
    if not service:
        raise InvalidValueError.of(PLATFORM_REQUIRED, "platform", "a platform name is required")
    url = _portal_url(portal_url)
    structure = _one_line(inviter_structure, "inviter_structure")
    body = _BODY.format(
        inviter=f"{name} ({structure})" if structure else name,
        platform=service,
        portal_url=url,
        name=name,
        signature=f"{name}\n{structure}" if structure else name,
    )
    return Invitation(recipients=recipients, subject=_SUBJECT.format(platform=service), body=body)
