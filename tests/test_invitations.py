"""Tests of :mod:`carecircle._invitations` (G13 "Inviter un confrère à créer un compte").

Examples pin the French draft, every error code and path, editing and R12; properties check the
``mailto:`` rendering against the standard library's own URI parsers (``urlsplit``, ``unquote``,
``parse_qs``) and :func:`parse_mailto` against :meth:`Invitation.mailto`.
"""

from __future__ import annotations

import inspect
import re
import string
from urllib.parse import parse_qs, quote, unquote, urlsplit

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from carecircle import (
    DEFAULT_PLATFORM,
    DEFAULT_PORTAL_URL,
    InputRejected,
    InvalidValueError,
    Invitation,
    Violation,
    draft_invitation,
    parse_mailto,
)
from carecircle.identifiers import email
from carecircle.testing.strategies import emails

SUBJECT = "Invitation à rejoindre SPICO, la plateforme de coordination d'e-santé Occitanie"

BODY = """\
Bonjour,

Dr Jeanne Martin (MSP du Lauragais) vous invite à rejoindre SPICO, la plateforme de \
coordination d'e-santé Occitanie, pour coordonner ensemble la prise en charge d'un patient que \
vous accompagnez.

Pour accéder à SPICO, il vous faut un compte sur le PASS (Point d'Accès aux Services e-Santé), \
le portail qui donne accès aux services numériques d'e-santé Occitanie avec une connexion unique.

Pour créer votre compte :
1. rendez-vous sur https://www.esante-occitanie.fr ;
2. cliquez sur « Créer un compte » ;
3. identifiez-vous avec votre numéro RPPS ou ADELI, ou avec votre e-CPS ou votre carte CPS ;
4. confirmez votre adresse électronique grâce au lien que vous recevrez.

Une fois votre compte créé, Dr Jeanne Martin pourra vous retrouver dans l'annuaire, vous ajouter \
au cercle de soins du patient et vous habiliter sur son dossier de coordination. Vous pourrez \
alors consulter et renseigner ce dossier selon les droits de votre profession.

Ce message ne contient volontairement aucune information sur le patient : la messagerie \
électronique n'est pas un canal sécurisé. Vous retrouverez son dossier dans SPICO une fois \
habilité(e).

Bien cordialement,
Dr Jeanne Martin
MSP du Lauragais"""

# RFC 3986: the characters a URI may hold (unreserved, reserved and '%').
URI_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*")
PHONE_LIKE = re.compile(r"\d(?:[\s.\-]?\d){3,}")


def invitation(*recipients: str, subject: str = "Bonjour", body: str = "Texte") -> Invitation:
    return Invitation(recipients=recipients, subject=subject, body=body)


def violations(info: pytest.ExceptionInfo[InputRejected]) -> list[tuple[str, str]]:
    return [(v.code, v.path) for v in info.value.violations]


def assert_private(error: BaseException, *secrets: str) -> None:
    """R12: neither the error nor any violation in it quotes ``secrets``."""
    texts = [str(error)]
    if isinstance(error, InputRejected):
        texts += [str(e) for e in error.exceptions]
    for text in texts:
        for secret in secrets:
            assert secret not in text


class TestDraft:
    """G13: "une proposition de mail … contient les informations nécessaires à la création
    d'un compte sur le PASS pour accéder à SPICO"."""

    def test_the_french_draft(self) -> None:
        inv = draft_invitation(
            inviter_name="Dr Jeanne Martin",
            inviter_structure="MSP du Lauragais",
            recipients=["Paul.Durand@Exemple.FR"],
        )
        assert inv.subject == SUBJECT
        assert inv.body == BODY
        assert inv.recipients == ("Paul.Durand@exemple.fr",)
        assert inv.ready

    def test_says_what_is_needed_to_create_a_pass_account(self) -> None:
        body = draft_invitation(inviter_name="Dr Jeanne Martin").body
        for needed in (
            DEFAULT_PORTAL_URL,
            "PASS (Point d'Accès aux Services e-Santé)",
            "« Créer un compte »",
            "RPPS ou ADELI",
            "e-CPS",
            "carte CPS",
            "confirmez votre adresse électronique",
            "l'annuaire",
            "cercle de soins",
            "habiliter",
        ):
            assert needed in body

    def test_without_a_structure_the_inviter_is_named_alone(self) -> None:
        body = draft_invitation(inviter_name="  Dr   Jeanne\nMartin ").body
        assert "\nDr Jeanne Martin vous invite à rejoindre SPICO" in body
        assert body.endswith("Bien cordialement,\nDr Jeanne Martin")
        assert "(" not in body.split("vous invite")[0]

    def test_portal_and_platform_are_configurable(self) -> None:
        inv = draft_invitation(
            inviter_name="Dr Jeanne Martin",
            portal_url=" https://pass.exemple.fr/inscription?source=spico ",
            platform="SPICO Dossiers",
        )
        assert "rendez-vous sur https://pass.exemple.fr/inscription?source=spico ;" in inv.body
        assert inv.subject.startswith("Invitation à rejoindre SPICO Dossiers, ")
        assert "dans SPICO Dossiers une fois" in inv.body
        assert DEFAULT_PLATFORM == "SPICO"

    def test_no_patient_and_no_phone(self) -> None:
        """Secret médical: the draft takes no patient, and holds no number or address."""
        assert set(inspect.signature(draft_invitation).parameters) == {
            "inviter_name",
            "inviter_structure",
            "recipients",
            "portal_url",
            "platform",
        }
        inv = draft_invitation(inviter_name="Dr Jeanne Martin", recipients=["a@exemple.fr"])
        assert PHONE_LIKE.search(inv.body) is None
        assert "@" not in inv.body + inv.subject
        assert "aucune information sur le patient" in inv.body

    @pytest.mark.parametrize("name", ["", "   ", "\n\t"])
    def test_inviter_name_required(self, name: str) -> None:
        with pytest.raises(InvalidValueError) as info:
            draft_invitation(inviter_name=name)
        assert (info.value.code, info.value.path) == ("INVITER_NAME_REQUIRED", "inviter_name")

    def test_platform_required(self) -> None:
        with pytest.raises(InvalidValueError) as info:
            draft_invitation(inviter_name="Dr Jeanne Martin", platform=" ")
        assert (info.value.code, info.value.path) == ("PLATFORM_REQUIRED", "platform")

    @pytest.mark.parametrize(
        "url",
        [
            "",
            "http://www.esante-occitanie.fr",
            "ftp://www.esante-occitanie.fr",
            "www.esante-occitanie.fr",
            "https:www.esante-occitanie.fr",
            "https://",
            "https:///inscription",
            "https://:443/",
            "https://www.esante occitanie.fr",
            "https://www.esante-occitanie.fr/a\tb",
            "https://www.esante-occitanie.fr/\x00",
            "https://www.esante-occitanie.fr@pirate.example",
            "https://[::1",
        ],
    )
    def test_portal_url_invalid(self, url: str) -> None:
        with pytest.raises(InvalidValueError) as info:
            draft_invitation(inviter_name="Dr Jeanne Martin", portal_url=url)
        assert (info.value.code, info.value.path) == ("PORTAL_URL_INVALID", "portal_url")

    @pytest.mark.parametrize(
        "url", ["HTTPS://PASS.EXEMPLE.FR", "https://[2001:db8::1]/", "https://pass.exemple.fr:8443"]
    )
    def test_portal_url_valid(self, url: str) -> None:
        assert url in draft_invitation(inviter_name="Dr Jeanne Martin", portal_url=url).body

    def test_bad_recipients_are_all_reported(self) -> None:
        with pytest.raises(InputRejected) as info:
            draft_invitation(inviter_name="Dr Jeanne Martin", recipients=["x", "a@b.fr", "y@z"])
        assert violations(info) == [
            ("EMAIL_INVALID", "recipients[0]"),
            ("EMAIL_INVALID", "recipients[2]"),
        ]


class TestValidation:
    """Each field is checked at construction; every problem is reported at once (R11)."""

    @pytest.mark.parametrize("subject", ["", "   ", "\t"])
    def test_subject_required(self, subject: str) -> None:
        with pytest.raises(InputRejected) as info:
            invitation(subject=subject)
        assert violations(info) == [("INVITATION_SUBJECT_REQUIRED", "subject")]

    @pytest.mark.parametrize(
        "subject", ["Bonjour\nBcc: x@pirate.example", "Bonjour\r", "\n", "Bonjour\r\n"]
    )
    def test_subject_multiline(self, subject: str) -> None:
        """A line break in a subject would inject mail headers."""
        with pytest.raises(InputRejected) as info:
            invitation(subject=subject)
        assert violations(info) == [("INVITATION_SUBJECT_MULTILINE", "subject")]
        assert_private(info.value, "x@pirate.example")

    @pytest.mark.parametrize("subject", ["a\x00b", "a\x1bb", "a\x7f", "a\ud800", "a\x0bb"])
    def test_subject_control_characters(self, subject: str) -> None:
        with pytest.raises(InputRejected) as info:
            invitation(subject=subject)
        assert violations(info) == [("INVITATION_TEXT_INVALID", "subject")]

    def test_subject_is_stripped_and_may_hold_a_tab(self) -> None:
        assert invitation(subject="  G13\tinvitation ").subject == "G13\tinvitation"

    @pytest.mark.parametrize("body", ["", "  ", "\r\n\n \t"])
    def test_body_required(self, body: str) -> None:
        with pytest.raises(InputRejected) as info:
            invitation(body=body)
        assert violations(info) == [("INVITATION_BODY_REQUIRED", "body")]

    @pytest.mark.parametrize("body", ["a\x00", "a\x07b", "\ud800", "a\x0cb"])
    def test_body_control_characters(self, body: str) -> None:
        with pytest.raises(InputRejected) as info:
            invitation(body=body)
        assert violations(info) == [("INVITATION_TEXT_INVALID", "body")]

    def test_body_line_breaks_become_line_feeds(self) -> None:
        inv = invitation(body="\tun\r\ndeux\rtrois\n\nquatre\n")
        assert inv.body == "\tun\ndeux\ntrois\n\nquatre\n"

    def test_every_problem_at_once(self) -> None:
        with pytest.raises(InputRejected) as info:
            Invitation(
                recipients=["ok@exemple.fr", "jeanne.martin", "x@exemple", "ok@exemple.fr"],
                subject="a\nb",
                body=" ",
            )
        assert violations(info) == [
            ("EMAIL_INVALID", "recipients[1]"),
            ("EMAIL_INVALID", "recipients[2]"),
            ("INVITATION_SUBJECT_MULTILINE", "subject"),
            ("INVITATION_BODY_REQUIRED", "body"),
        ]
        assert all(isinstance(e, InvalidValueError) for e in info.value.exceptions)
        assert_private(info.value, "jeanne.martin", "x@exemple", "ok@exemple.fr")

    def test_recipients_are_compacted_and_duplicates_collapse_to_the_first(self) -> None:
        inv = invitation(
            " Jeanne.Martin@Exemple.FR ", "paul@exemple.fr", "jeanne.martin@exemple.fr", "PAUL@x.fr"
        )
        assert inv.recipients == ("Jeanne.Martin@exemple.fr", "paul@exemple.fr", "PAUL@x.fr")

    def test_a_bare_string_is_one_recipient(self) -> None:
        inv = Invitation(recipients="Paul@Exemple.fr", subject="s", body="b")
        assert inv.recipients == ("Paul@exemple.fr",)
        assert inv.adding_recipients("marie@exemple.fr").recipients == (
            "Paul@exemple.fr",
            "marie@exemple.fr",
        )

    def test_a_draft_without_recipients_is_not_ready(self) -> None:
        inv = draft_invitation(inviter_name="Dr Jeanne Martin")
        assert inv.recipients == ()
        assert not inv.ready
        assert inv.adding_recipients(["paul@exemple.fr"]).ready


class TestEditing:
    """G13: "vous pouvez personnaliser le contenu du mail" and choose the recipients."""

    base = invitation("jeanne@exemple.fr", "paul@exemple.fr", subject="Objet", body="Corps")

    def test_each_verb_changes_one_field(self) -> None:
        inv = self.base
        assert inv.with_recipients(["marie@exemple.fr"]).recipients == ("marie@exemple.fr",)
        assert inv.adding_recipients(["Marie@Exemple.FR", "paul@exemple.fr"]).recipients == (
            "jeanne@exemple.fr",
            "paul@exemple.fr",
            "Marie@exemple.fr",
        )
        assert inv.with_subject(" Autre objet ").subject == "Autre objet"
        assert inv.with_body("Ligne\r\nsuivante").body == "Ligne\nsuivante"
        assert inv.with_recipients([]).recipients == ()
        assert inv.with_subject("Autre").recipients == inv.recipients

    def test_evolve_revalidates(self) -> None:
        assert attrs.evolve(self.base, body="a\r\nb").body == "a\nb"
        with pytest.raises(InputRejected) as info:
            attrs.evolve(self.base, recipients=["bad", "x@exemple.fr", "bad too"], subject="")
        assert violations(info) == [
            ("EMAIL_INVALID", "recipients[0]"),
            ("EMAIL_INVALID", "recipients[2]"),
            ("INVITATION_SUBJECT_REQUIRED", "subject"),
        ]

    def test_rejected_edits_leave_the_invitation_intact(self) -> None:
        before = attrs.asdict(self.base)
        with pytest.raises(InputRejected) as info:
            self.base.with_recipients(["marie@exemple", "@exemple.fr", "ok@exemple.fr", "a b@c.fr"])
        assert violations(info) == [
            ("EMAIL_INVALID", "recipients[0]"),
            ("EMAIL_INVALID", "recipients[1]"),
            ("EMAIL_INVALID", "recipients[3]"),
        ]
        assert_private(info.value, "marie@exemple", "a b@c.fr")
        with pytest.raises(InputRejected):
            self.base.with_subject("Objet\nBcc: pirate@exemple.fr")
        with pytest.raises(InputRejected):
            self.base.with_body("")
        assert attrs.asdict(self.base) == before

    def test_added_recipients_are_numbered_after_the_current_ones(self) -> None:
        with pytest.raises(InputRejected) as info:
            self.base.adding_recipients(["marie@exemple.fr", "pas une adresse"])
        assert violations(info) == [("EMAIL_INVALID", "recipients[3]")]


class TestPrivacy:
    """R12: no repr and no error message carries an e-mail address."""

    def test_repr_counts_recipients_and_shows_the_subject(self) -> None:
        two = invitation("jeanne@exemple.fr", "paul@exemple.fr", subject="Objet")
        assert repr(two) == "Invitation(recipients=<2 addresses>, subject=<redacted>)"
        typed = invitation(subject="Rappeler jeanne@exemple.fr au 06 12 34 56 78")
        assert "jeanne" not in repr(typed) and "06" not in repr(typed)
        assert repr(invitation("jeanne@exemple.fr")).startswith("Invitation(recipients=<1 address>")
        assert repr(invitation()).startswith("Invitation(recipients=<0 addresses>")
        assert "exemple" not in repr(two) + str(two)

    def test_repr_hides_the_body(self) -> None:
        assert "secret" not in repr(invitation("a@exemple.fr", body="secret"))


class TestRendering:
    def test_mailto_example(self) -> None:
        inv = invitation(
            "jeanne@exemple.fr", "o'hara+soins@exemple.fr", subject="1+1 = 2 & 50 %", body="é\n#"
        )
        assert inv.mailto() == (
            "mailto:jeanne@exemple.fr,o'hara%2Bsoins@exemple.fr"
            "?subject=1%2B1%20%3D%202%20%26%2050%20%25&body=%C3%A9%0D%0A%23"
        )

    def test_mailto_without_recipients(self) -> None:
        assert invitation(subject="s", body="b").mailto() == "mailto:?subject=s&body=b"

    def test_local_part_characters_rfc_6068_requires_encoded_are_encoded(self) -> None:
        """RFC 6068 section 2: '%', '/', '?', '#', '&', '=' and characters not allowed in a URI
        ('^', '`', '{', '|', '}') are percent-encoded in an addr-spec; '@' stays. ('[', ']' and
        ';' cannot occur in the addresses :mod:`email` accepts.)"""
        local = "a%b/c?d#e&f=g^h`i{j|k}l'm!n$o*p+q~r-s_t"
        assert email.is_valid(f"{local}@exemple.fr")
        to = urlsplit(invitation(f"{local}@exemple.fr").mailto()).path
        assert to == "a%25b%2Fc%3Fd%23e%26f%3Dg%5Eh%60i%7Bj%7Ck%7Dl'm!n$o*p%2Bq~r-s_t@exemple.fr"
        literal = re.sub("%[0-9A-F]{2}", "", to)
        assert not set("%/?#[]&;=^`{|}+") & set(literal)
        assert literal.count("@") == 1

    def test_as_message(self) -> None:
        inv = invitation("jeanne@exemple.fr", "paul@exemple.fr", subject="Objet", body="L1\nL2")
        assert inv.as_message() == (
            "To: jeanne@exemple.fr, paul@exemple.fr\nSubject: Objet\n\nL1\nL2"
        )
        assert invitation(subject="Objet", body="L1").as_message() == "To:\nSubject: Objet\n\nL1"

    def test_the_draft_round_trips(self) -> None:
        inv = draft_invitation(
            inviter_name="Dr Jeanne Martin",
            inviter_structure="MSP du Lauragais",
            recipients=["paul@exemple.fr", "marie+g13@exemple.fr"],
        )
        uri = inv.mailto()
        assert parse_mailto(uri) == inv
        assert parse_qs(urlsplit(uri).query)["body"] == [BODY.replace("\n", "\r\n")]


class TestParseMailto:
    def test_reads_to_hfields_and_ignores_others(self) -> None:
        inv = parse_mailto(
            " MAILTO:jeanne@exemple.fr,?To=paul@exemple.fr,%20marie@exemple.fr,&cc=x@exemple.fr"
            "&SUBJECT=Objet&&Body=L1%0D%0AL2%0AL3%0DL4&in-reply-to=%3C1@exemple.fr%3E& "
        )
        assert inv.recipients == ("jeanne@exemple.fr", "paul@exemple.fr", "marie@exemple.fr")
        assert (inv.subject, inv.body) == ("Objet", "L1\nL2\nL3\nL4")

    def test_a_literal_plus_is_a_plus(self) -> None:
        """RFC 6068 section 5: '+' is not a space in a mailto URI."""
        inv = parse_mailto("mailto:marie+soins@exemple.fr?subject=1+1&body=a+b")
        assert (inv.recipients, inv.subject, inv.body) == (
            ("marie+soins@exemple.fr",),
            "1+1",
            "a+b",
        )

    def test_what_the_invitation_refuses_raises_as_the_invitation_does(self) -> None:
        with pytest.raises(InputRejected) as info:
            parse_mailto("mailto:ok@exemple.fr,pas%20valide?to=x@exemple&cc=y")
        assert violations(info) == [
            ("EMAIL_INVALID", "recipients[1]"),
            ("EMAIL_INVALID", "recipients[2]"),
            ("INVITATION_SUBJECT_REQUIRED", "subject"),
            ("INVITATION_BODY_REQUIRED", "body"),
        ]
        assert_private(info.value, "pas valide", "x@exemple")

    @pytest.mark.parametrize(
        "uri",
        [
            "",
            "jeanne@exemple.fr",
            "https://exemple.fr/?subject=a&body=b",
            "mailto:jeanne@exemple.fr?subject=Bonjour à tous&body=b",
            "mailto:jeanne@exemple.fr?subject=s&body=é",
            "mailto:jeanne@exemple.fr?subject=s&body=b#fin",
            "mailto:jeanne@exemple.fr?subject=s&body=<b>",
            "mailto:jeanne@exemple.fr?subject=50%&body=b",
            "mailto:jeanne@exemple.fr?subject=%zz&body=b",
            "mailto:jeanne@exemple.fr?subject=%C3&body=b",
            "mailto:jeanne%FF@exemple.fr?subject=s&body=b",
            "mailto:jeanne@exemple.fr?subject&body=b",
            "mailto:jeanne@exemple.fr?subject=a&body=b&subject=c",
            "mailto:jeanne@exemple.fr?subject=a&body=b&BODY=c",
        ],
    )
    def test_malformed(self, uri: str) -> None:
        with pytest.raises(InvalidValueError) as info:
            parse_mailto(uri)
        assert (info.value.code, info.value.path) == ("MAILTO_INVALID", "uri")
        assert_private(info.value, "jeanne")


# --- properties ---------------------------------------------------------------------------

_ATEXT = string.ascii_letters + string.digits + "!#$%&'*+/=?^_`{|}~-"
_local_parts = st.lists(st.text(_ATEXT, min_size=1, max_size=8), min_size=1, max_size=3).map(
    ".".join
)
_labels = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True)
_domains = st.tuples(
    st.lists(_labels, min_size=1, max_size=3), st.from_regex(r"[a-z]{2,6}", fullmatch=True)
).map(lambda parts: ".".join([*parts[0], parts[1]]))


def _typed(local: str, domain: str, upper: bool, pad: str) -> str:
    return f"{pad}{local}@{domain.upper() if upper else domain}{pad}"


def addresses() -> st.SearchStrategy[str]:
    """Addresses :func:`email.validate` accepts, as typed: any atext, any case, stray spaces
    (a tab, a no-break space are refused like every control or non-ASCII character: see
    docs/identifiers.md).
    """
    typed = st.builds(
        _typed, _local_parts, _domains, st.booleans(), st.sampled_from(["", " ", "  "])
    )
    return st.one_of(typed, emails())


_CONTROLS = "".join(map(chr, [*range(0x09), *range(0x0A, 0x20), 0x7F]))
_chars = st.one_of(
    st.characters(codec="utf-8", exclude_characters=_CONTROLS),
    st.sampled_from("+&=%#?;/,:@ \té€«»😀"),
)
subjects = st.text(_chars, min_size=1, max_size=40).filter(str.strip)
bodies = st.builds(
    lambda lines, breaks: "".join(map(str.__add__, lines[:-1], breaks)) + lines[-1],
    st.lists(st.text(_chars, max_size=20), min_size=1, max_size=5),
    st.lists(st.sampled_from(["\n", "\r\n"]), min_size=4, max_size=4),
).filter(str.strip)


def expected_recipients(typed: list[str]) -> tuple[str, ...]:
    kept: dict[str, str] = {}
    for address in typed:
        compact = email.compact(address)
        kept.setdefault(compact.lower(), compact)
    return tuple(kept.values())


@given(typed=st.lists(addresses(), max_size=4), subject=subjects, body=bodies)
@example(typed=["A.b@X.FR", "a.B@x.fr"], subject="é + & = % #", body="a\r\nb\nc")
def test_mailto_is_read_back_by_the_standard_library(
    typed: list[str], subject: str, body: str
) -> None:
    inv = Invitation(recipients=typed, subject=subject, body=body)
    assert inv.recipients == expected_recipients(typed)
    uri = inv.mailto()
    parts = urlsplit(uri)
    assert parts.scheme == "mailto"
    assert [unquote(a) for a in parts.path.split(",") if parts.path] == list(inv.recipients)
    query = parse_qs(parts.query, strict_parsing=True)
    assert query["subject"] == [subject.strip()]
    assert [b.replace("\r\n", "\n") for b in query["body"]] == [body.replace("\r\n", "\n")]
    assert set(query) == {"subject", "body"}
    crlf_body = inv.body.replace("\n", "\r\n")
    assert parts.query == f"subject={quote(inv.subject, safe='')}&body={quote(crlf_body, safe='')}"
    assert URI_CHARS.fullmatch(uri)
    assert "+" not in parts.query and "#" not in uri


@given(typed=st.lists(addresses(), max_size=4), subject=subjects, body=bodies)
def test_parse_mailto_reads_back_what_mailto_wrote(
    typed: list[str], subject: str, body: str
) -> None:
    inv = Invitation(recipients=typed, subject=subject, body=body)
    assert parse_mailto(inv.mailto()) == inv


@given(typed=st.lists(addresses(), min_size=1, max_size=3), junk=st.text(max_size=10))
def test_bad_addresses_are_reported_by_position_and_never_quoted(
    typed: list[str], junk: str
) -> None:
    bad = f"{junk}@@{junk}"
    given_list = [*typed, bad]
    with pytest.raises(InputRejected) as info:
        Invitation(recipients=given_list, subject="s", body="b")
    assert info.value.violations == (
        Violation(
            code="EMAIL_INVALID",
            path=f"recipients[{len(typed)}]",
            message=info.value.violations[0].message,
        ),
    )
    assert_private(info.value, *(a.strip() for a in typed if a.strip()), bad)
