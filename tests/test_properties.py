"""Property tests of the rules, the access function and the views (R1–R8, R11, R12, G15).

Values come from :mod:`carecircle.testing.strategies` (valid by construction) and, for the rule
modules, from records built directly with memberships that may break any rule.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

import carecircle as cc
from carecircle import DEFAULT_ROLES, rules
from carecircle._text import fold
from carecircle.identifiers import email as email_id
from carecircle.identifiers import ins as ins_id
from carecircle.identifiers import phone as phone_id
from carecircle.identifiers import postal_code as postal_id
from carecircle.identifiers.ins import Ins
from carecircle.nomenclatures import code_system, lookup, professions, role_codes
from carecircle.roles import AIDANT_PRINCIPAL, PCP, PERSONNE_DE_CONFIANCE
from carecircle.rules import privacy
from carecircle.testing import strategies
from carecircle.testing.builders import (
    EPOCH,
    directory_professional,
    directory_structure,
    manual_professional,
    manual_structure,
    new_record,
    patient,
    refusal,
    related_person,
)

HEAVY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LIGHT = settings(max_examples=150, deadline=None)


def minutes(n: int) -> dt.datetime:
    return EPOCH + dt.timedelta(minutes=n)


# -- records that may break any rule ----------------------------------------------------------

CLOSED_PSYCHOLOGUE = code_system("TRE_G15").code("93")
CLOSED_ROLE = code_system("TRE_R85").code("330")
UNKNOWN_ROLE = cc.Code("urn:example:role", "X")
POOL: tuple[cc.Member, ...] = (
    directory_professional(1),
    directory_professional(2),
    directory_professional(3, profession=professions.INFIRMIER),
    directory_professional(4, account=False),
    directory_structure(1, delegates=frozenset({"pass:1", "pass:71"})),
    directory_structure(2, legal_entity=False, delegates=frozenset({"pass:2", "pass:72"})),
    manual_professional(1),
    manual_professional(2, profession=CLOSED_PSYCHOLOGUE),
    manual_professional(3, profession=PCP),  # a role where a profession belongs
    related_person(1),
    related_person(2, unlisted=True),
    manual_structure(1),
)
ANY_ROLES = (
    PCP,
    AIDANT_PRINCIPAL,
    PERSONNE_DE_CONFIANCE,
    role_codes.CAREGIVER,
    role_codes.MEMBRE_EQUIPE_SOINS,
    CLOSED_ROLE,
    UNKNOWN_ROLE,
)


@st.composite
def periods(draw: st.DrawFn) -> tuple[cc.Participation, ...]:
    """One to three ordered participation periods, the last one open or closed (R9)."""
    start = draw(st.integers(min_value=0, max_value=60))
    found = []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        length = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=60)))
        end = None if length is None else start + length
        found.append(
            cc.Participation(
                start=minutes(start),
                end=None if end is None else minutes(end),
                added_by="pass:1",
            )
        )
        if end is None:
            break
        start = end + draw(st.integers(min_value=0, max_value=30))
    return tuple(found)


RAW_MEMBERS = st.one_of(st.sampled_from(POOL), strategies.members())
RAW_ROLES = st.frozensets(st.sampled_from(ANY_ROLES), max_size=3)
PERIODS = periods()
#: No refusal, or one of the whole record or of a category, recorded at some instant, lifted
#: or not.
RAW_REFUSALS = st.one_of(
    st.just(()),
    st.builds(
        lambda t, scope, lifted: (
            refusal(t, categories=scope, lifted_at=None if lifted is None else t + lifted),
        ),
        strategies.instants(max_minutes=300),
        st.sampled_from([frozenset(), frozenset({"medical"})]),
        st.none() | st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(hours=3)),
    ),
)


@st.composite
def raw_records(draw: st.DrawFn) -> cc.CoordinationRecord:
    """Records built directly: duplicates, ineligible habilitations, clashing roles, bad codes."""
    members = draw(st.lists(RAW_MEMBERS, max_size=7))
    memberships = [
        cc.Membership(
            member_id=f"M{i}",
            member=member,
            roles=draw(RAW_ROLES),
            habilitated=draw(st.booleans()),
            refusals=draw(RAW_REFUSALS),
            participations=draw(PERIODS),
        )
        for i, member in enumerate(members, start=1)
    ]
    return cc.CoordinationRecord(
        record_id="DC-1",
        patient=patient(),
        circle=cc.CareCircle(memberships=memberships),
        created_by="pass:1",
        created_at=EPOCH,
    )


instants = strategies.instants(max_minutes=300)

raw_principals = st.one_of(
    strategies.principals(
        numbers=st.integers(min_value=1, max_value=5),
        delegated_by=st.frozensets(st.sampled_from(["S1", "S2", "S3"]), max_size=2),
    ),
    st.sampled_from(
        [
            cc.Principal(account="pass:71", delegated_by=frozenset({"S1"})),
            cc.Principal(account="pass:72", delegated_by=frozenset({"S2"})),
        ]
    ),
)


# -- principals that know a (valid) record ----------------------------------------------------


def directory_entries(record: cc.CoordinationRecord) -> list[cc.DirectoryProfessional]:
    return [m.member for m in record.circle if isinstance(m.member, cc.DirectoryProfessional)]


def structure_entries(record: cc.CoordinationRecord) -> list[cc.DirectoryStructure]:
    return [m.member for m in record.circle if isinstance(m.member, cc.DirectoryStructure)]


@st.composite
def principals_for(draw: st.DrawFn, record: cc.CoordinationRecord) -> cc.Principal:
    """A member of the circle (any account state), a delegate of one of its structures, or not."""
    structures = structure_entries(record)
    ids = sorted(s.national_id for s in structures)
    delegations = (
        st.frozensets(st.sampled_from(ids), max_size=2) if ids else st.just(frozenset[str]())
    )
    choice = draw(st.integers(min_value=0, max_value=2))
    entries = directory_entries(record)
    if choice == 0 and entries:
        entry = draw(st.sampled_from(entries))
        account = None if entry.account is None else entry.account.id
        return cc.Principal(
            account=account,
            national_id=entry.national_id if account is None or draw(st.booleans()) else None,
            profession=entry.profession,
            account_state=draw(st.sampled_from(cc.AccountState)),
            delegated_by=draw(delegations),
        )
    delegates = sorted((s.national_id, d) for s in structures for d in s.delegates)
    if choice == 1 and delegates:
        structure_id, account = draw(st.sampled_from(delegates))
        return cc.Principal(account=account, delegated_by=frozenset({structure_id}))
    return draw(strategies.principals(delegated_by=delegations))


# -- R12 ----------------------------------------------------------------------------------------

_SEPARATORS = re.compile(r"[\s.\-/()]")


def typed_forms(typed: str) -> list[str]:
    """How a phone number may be written: as typed, in E.164, in its display form."""
    e164 = phone_id.validate(typed)
    return [typed, e164, phone_id.format(e164)]


def phone_forms(typed: str) -> set[str]:
    """The digit forms of a phone number: E.164 digits and the national digits."""
    e164 = phone_id.validate(typed)
    return {e164[1:], re.sub(r"\D", "", phone_id.format(e164))}


@attrs.frozen
class Secrets:
    """Private details (R12) as they may show in a text: plain, digit runs, words."""

    plain: frozenset[str]
    digits: frozenset[str]
    words: frozenset[str]

    def exposed(self, text: str) -> list[str]:
        folded = text.casefold()
        squeezed = _SEPARATORS.sub("", folded)
        found = [s for s in self.plain if s.casefold() in folded or s.casefold() in squeezed]
        found += [d for d in self.digits if re.search(rf"(?<!\d){d}(?!\d)", f"{folded} {squeezed}")]
        found += [
            w for w in self.words if re.search(rf"(?<!\w){re.escape(w.casefold())}(?!\w)", folded)
        ]
        return found


def texts_of(error: BaseException) -> Iterator[str]:
    """The message and ``repr`` of an error and, for a group, of each sub-exception."""
    yield str(error)
    yield repr(error)
    if isinstance(error, BaseExceptionGroup):
        for sub in error.exceptions:
            yield from texts_of(sub)
    if isinstance(error, cc.ViolationError):
        yield error.message
        yield error.path


def raised(call: object, kind: type[BaseException] = cc.CareCircleError) -> BaseException:
    assert callable(call)
    with pytest.raises(kind) as caught:
        call()
    return caught.value


class TestPrivateDetailsStayPrivate:
    """R12: no exception message or ``repr`` carries a phone, an e-mail, an address or an INS."""

    @HEAVY
    @given(
        email=strategies.emails(),
        landline=strategies.phone_numbers(),
        mobile=strategies.phone_numbers(),
        address=strategies.addresses(complete=True),
        ins=strategies.ins_numbers(),
        unlisted=st.booleans(),
    )
    def test_nothing_private_in_errors_or_reprs(
        self,
        *,
        email: str,
        landline: str,
        mobile: str,
        address: cc.Address,
        ins: str,
        unlisted: bool,
    ) -> None:
        assert address.line is not None and address.city is not None
        assert address.postal_code is not None
        contact = cc.Contact(email=email, landline=landline, mobile=mobile, address=address)
        secrets = Secrets(
            plain=frozenset({email, email_id.validate(email), address.line, ins, landline, mobile}),
            digits=frozenset({*phone_forms(landline), *phone_forms(mobile), address.postal_code}),
            words=frozenset({address.city}),
        )
        insured = attrs.evolve(patient(), ins=Ins(value=ins, oid=ins_id.NIR_OID))
        creator_entry = directory_professional(1)
        creator = cc.Principal.from_entry(creator_entry)
        created = cc.create_record(
            record_id="DC-1",
            patient=insured,
            creator=creator,
            creator_entry=creator_entry,
            at=EPOCH,
        )
        relative = cc.RelatedPerson(family_name="Martin", contact=contact, unlisted=unlisted)
        colleague = attrs.evolve(directory_professional(2), contact=contact)
        added: list[cc.Member] = [
            relative,
            cc.ManualProfessional(family_name="Petit", contact=contact),
            colleague,
            attrs.evolve(directory_structure(5), address=address),
            cc.ManualStructure(name="Association", contact=contact),
        ]
        changes = [created]
        for i, member in enumerate(added, start=1):
            changes.append(cc.add_member(changes[-1].record, member, actor=creator, at=minutes(i)))
        record = changes[-1].record
        later = minutes(10)
        stranger = cc.Principal(account="pass:99")
        rejected: dict[tuple[str, ...], Callable[[], cc.Change]] = {
            ("HABILITATION_NOT_ELIGIBLE",): lambda: cc.habilitate(
                record, "M2", actor=creator, at=later
            ),
            ("DUPLICATE_MEMBER",): lambda: cc.add_member(
                record, colleague, actor=creator, at=later
            ),
            ("ACTOR_NOT_A_MEMBER",): lambda: cc.add_member(
                record, relative, actor=stranger, at=later
            ),
            ("HABILITATION_NOT_ELIGIBLE", "SHARING_REFUSAL_NOT_APPLICABLE"): lambda: cc.add_member(
                record,
                relative,
                actor=creator,
                at=later,
                habilitated=True,
                refusal=cc.Statement(expressed_at=later),
            ),
            ("SHARING_REFUSAL_NOT_APPLICABLE",): lambda: cc.record_refusal(
                record, "M2", statement=cc.Statement(expressed_at=later), actor=creator, at=later
            ),
        }
        errors: list[BaseException] = []
        for codes, call in rejected.items():
            error = raised(call, cc.ChangeRejected)
            assert isinstance(error, cc.ChangeRejected) and error.codes == codes
            errors.append(error)
        errors += self.bad_inputs(email, landline, mobile, address, ins)
        texts = [t for e in errors for t in texts_of(e)]
        objects = list(self.objects(record, changes, contact))
        texts += [repr(x) for x in objects] + [str(x) for x in objects]
        for text in texts:
            assert secrets.exposed(text) == [], text
            assert privacy.check(text, record) == (), text
        # The check is not vacuous: the details themselves are seen.
        shown = [email, address.line, ins, *typed_forms(landline), *typed_forms(mobile)]
        for detail in shown:
            assert not privacy.is_valid(f"see {detail}", record)

    @staticmethod
    def bad_inputs(
        email: str, landline: str, mobile: str, address: cc.Address, ins: str
    ) -> Iterator[BaseException]:
        """Invalid values built from the private ones: every one raises a redacted error."""
        for bad in (email.replace("@", "@@"), "." + email, email + "."):
            yield raised(lambda bad=bad: cc.Contact(email=bad), cc.InvalidValueError)
            yield raised(lambda bad=bad: email_id.validate(bad), cc.InvalidValueError)
        for typed in (landline, mobile):
            bad = typed + "0000000"
            yield raised(lambda bad=bad: cc.Contact(mobile=bad), cc.InvalidValueError)
            yield raised(lambda bad=bad: phone_id.validate(bad), cc.InvalidValueError)
        code = address.postal_code or ""
        for bad in ("96" + code[2:], code + "0"):
            yield raised(
                lambda bad=bad: cc.Address(line=address.line, city=address.city, postal_code=bad),
                cc.InvalidValueError,
            )
            yield raised(lambda bad=bad: postal_id.validate(bad), cc.InvalidValueError)
        wrong_key = f"{ins[:13]}{(int(ins[13:]) + 1) % 100:02d}"
        for bad in (wrong_key, ins[:-1], ins + "0"):
            yield raised(lambda bad=bad: ins_id.validate(bad), cc.InvalidValueError)
            yield raised(
                lambda bad=bad: Ins(value=bad, oid=ins_id.NIR_OID),
                cc.InvalidValueError,
            )

    @staticmethod
    def objects(
        record: cc.CoordinationRecord, changes: Iterable[cc.Change], contact: cc.Contact
    ) -> Iterator[object]:
        yield from (record, record.patient, record.patient.ins, record.circle, contact)
        yield contact.address
        for membership in record.circle:
            yield from (membership, membership.member, *membership.participations)
        for change in changes:
            yield from (change, *change.events, *change.notifications, *change.advisories)

    def test_privacy_check_sees_overseas_national_forms(self) -> None:
        record, creator = new_record()
        daughter = cc.RelatedPerson(
            family_name="Martin", unlisted=True, contact=cc.Contact(mobile="0690 00 12 34")
        )
        record = cc.add_member(record, daughter, actor=creator, at=minutes(1)).record
        assert privacy.check("call 0690 00 12 34", record) != ()

    def test_privacy_check_sees_corsican_ins_numbers(self) -> None:
        corsican = Ins(value="100012A00100104", oid=ins_id.NIR_OID)
        record = cc.CoordinationRecord(
            record_id="DC-1",
            patient=attrs.evolve(patient(), ins=corsican),
            created_by="pass:1",
            created_at=EPOCH,
        )
        assert privacy.check("INS 100012A00100104", record) != ()
        assert privacy.check("INS 1 00 01 2a 001 001 04", record) != ()

    def test_privacy_check_sees_italian_numbers(self) -> None:
        record, creator = new_record()
        rossi = cc.RelatedPerson(family_name="Rossi", contact=cc.Contact(mobile="+39 06 1234 5678"))
        record = cc.add_member(record, rossi, actor=creator, at=minutes(1)).record
        assert privacy.check("call +39 06 1234 5678", record) != ()


# -- R1-R4: the access function -----------------------------------------------------------------


class TestBooleanTwin:
    """R1-R4: ``has_effective_access`` always agrees with ``effective_access``."""

    @staticmethod
    def agree(record: cc.CoordinationRecord, principal: cc.Principal, at: dt.datetime) -> None:
        access = cc.effective_access(record, principal, at=at)
        assert access.allowed == cc.has_effective_access(record, principal, at=at)
        assert bool(access) == access.allowed
        if access.allowed:
            assert access.paths and not access.reasons
        else:
            assert access.reasons and not access.paths
        assert rules.editing.is_valid(record, principal, at=at) == access.allowed

    @HEAVY
    @given(data=st.data(), record=strategies.records())
    def test_on_valid_records(self, data: st.DataObject, record: cc.CoordinationRecord) -> None:
        at = data.draw(strategies.instants(start=record.updated_at, max_minutes=60))
        for _ in range(4):
            self.agree(record, data.draw(principals_for(record)), at)

    @LIGHT
    @given(record=raw_records(), principal=raw_principals, at=instants)
    def test_on_any_records(
        self, record: cc.CoordinationRecord, principal: cc.Principal, at: dt.datetime
    ) -> None:
        self.agree(record, principal, at)


class TestDenyByDefault:
    """R1, R6: a principal the circle does not know, with no delegation, is always denied."""

    @HEAVY
    @given(
        record=strategies.records(),
        stranger=strategies.principals(
            numbers=st.integers(min_value=100_000_000, max_value=199_999_999),
            delegated_by=st.just(frozenset()),
        ),
    )
    def test_strangers_are_denied(
        self, record: cc.CoordinationRecord, stranger: cc.Principal
    ) -> None:
        at = record.updated_at
        access = cc.effective_access(record, stranger, at=at)
        assert not access.allowed and not cc.has_effective_access(record, stranger, at=at)
        assert cc.Reason.NOT_A_MEMBER in access.reasons
        error = raised(
            lambda: cc.add_member(record, related_person(), actor=stranger, at=at),
            cc.ChangeRejected,
        )
        assert isinstance(error, cc.ChangeRejected)
        assert "ACTOR_NOT_A_MEMBER" in error.codes
        assert all(c.startswith("ACTOR_") for c in error.codes)

    @LIGHT
    @given(record=raw_records(), at=instants)
    def test_strangers_are_denied_on_any_record(
        self, record: cc.CoordinationRecord, at: dt.datetime
    ) -> None:
        stranger = cc.Principal(account="pass:424242", national_id="842424242424")
        access = cc.effective_access(record, stranger, at=at)
        assert not access.allowed
        assert cc.Reason.NOT_A_MEMBER in access.reasons


class TestRefusalWins:
    """R4: once the patient refuses sharing with a professional, no path gives them access."""

    @HEAVY
    @given(data=st.data(), record=strategies.records())
    def test_refused_member_has_no_access_by_any_path(
        self, data: st.DataObject, record: cc.CoordinationRecord
    ) -> None:
        creator = strategies.creator_of(record)
        at = record.updated_at
        structure = cc.DirectoryStructure(
            national_id="S-R4", name="SSIAD", legal_entity=True, delegates=frozenset()
        )
        record = cc.add_member(record, structure, actor=creator, at=at, habilitated=True).record
        structure_id = record.circle.memberships[-1].member_id
        active = [
            m for m in record.circle.active(at) if isinstance(m.member, cc.DirectoryProfessional)
        ]
        target = data.draw(st.sampled_from(active))
        entry = target.member
        assert isinstance(entry, cc.DirectoryProfessional)
        every_structure = frozenset(s.national_id for s in structure_entries(record))
        principal = cc.Principal(
            account=None if entry.account is None else entry.account.id,
            national_id=entry.national_id,
            delegated_by=every_structure,
        )
        granted = cc.habilitate(record, target.member_id, actor=creator, at=at).record
        for standing in [r for r in target.refusals if r.standing]:
            granted = cc.lift_refusal(
                granted,
                target.member_id,
                standing.refusal_id,
                statement=cc.Statement(expressed_at=at),
                actor=creator,
                at=at,
            ).record
        # Without a refusal both paths are open (when the professional has an account).
        refused_before = any(
            m.refused_at(at)
            for m in granted.circle
            if isinstance(m.member, cc.DirectoryProfessional)
            and principal.is_professional(m.member)
        )
        opened = {p.member_id for p in cc.effective_access(granted, principal, at=at).paths}
        if entry.account is not None and not refused_before:
            assert {target.member_id, structure_id} <= opened
        habilitated = cc.habilitate(record, target.member_id, actor=creator, at=at).record
        refused = cc.record_refusal(
            habilitated,
            target.member_id,
            statement=cc.Statement(expressed_at=at),
            actor=creator,
            at=at,
        ).record
        assert refused.circle.get(structure_id).habilitated
        access = cc.effective_access(refused, principal, at=at)
        assert not access.allowed and access.paths == ()
        assert cc.Reason.SHARING_REFUSED in access.reasons
        assert not cc.has_effective_access(refused, principal, at=at)

    def test_refusal_still_holds_after_the_member_left(self) -> None:
        """R4: a refusal recorded on a member who then left still bars the structure path."""
        record, creator = new_record()
        record = cc.add_member(
            record, directory_structure(5), actor=creator, at=minutes(1), habilitated=True
        ).record
        record = cc.add_member(
            record,
            directory_professional(2),
            actor=creator,
            at=minutes(2),
            habilitated=True,
            refusal=cc.Statement(expressed_at=minutes(2)),
        ).record
        delegate = cc.Principal.from_entry(
            directory_professional(2), delegated_by=frozenset({"S5"})
        )
        record = cc.end_participation(record, "M3", actor=creator, at=minutes(4)).record
        assert record.circle.get("M3").sharing_refused
        assert record.circle.get("M3").refused_at(minutes(5))
        assert not cc.has_effective_access(record, delegate, at=minutes(5))
        access = cc.effective_access(record, delegate, at=minutes(5))
        assert not access.allowed and cc.Reason.SHARING_REFUSED in access.reasons


class TestNoAccessForInformationOnlyMembers:
    """R2, R3, R5, G8, G9, G11, G12: access paths go only through directory members."""

    @LIGHT
    @given(record=raw_records(), principal=raw_principals, at=instants)
    def test_every_path_is_a_directory_professional_or_a_legal_entity(
        self, record: cc.CoordinationRecord, principal: cc.Principal, at: dt.datetime
    ) -> None:
        everywhere = attrs.evolve(
            principal,
            delegated_by=principal.delegated_by
            | {s.national_id for s in structure_entries(record)},
        )
        for p in (principal, everywhere):
            for path in cc.effective_access(record, p, at=at).paths:
                assert path.member_id is not None  # no emergency access in these records
                member = record.circle.get(path.member_id).member
                if path.via_structure:
                    assert isinstance(member, cc.DirectoryStructure) and member.legal_entity
                    assert member.national_id in p.delegated_by
                else:
                    assert isinstance(member, cc.DirectoryProfessional)
                    assert p.is_professional(member)

    @LIGHT
    @given(record=raw_records(), at=instants)
    def test_a_principal_linked_only_to_information_only_members_is_denied(
        self, record: cc.CoordinationRecord, at: dt.datetime
    ) -> None:
        # Ids are canonical: a legal entity may share its id with a non-legal-entity entry.
        not_legal = {s.national_id for s in structure_entries(record) if not s.legal_entity} - {
            s.national_id for s in structure_entries(record) if s.legal_entity
        }
        # Habilitate everything, eligible or not: the flags must not open another path.
        opened = cc.CoordinationRecord(
            record_id=record.record_id,
            patient=record.patient,
            circle=cc.CareCircle(
                memberships=[attrs.evolve(m, habilitated=True) for m in record.circle]
            ),
            created_by=record.created_by,
            created_at=record.created_at,
        )
        principal = cc.Principal(account="pass:4242", delegated_by=frozenset(not_legal))
        assert not cc.has_effective_access(opened, principal, at=at)
        assert not cc.effective_access(opened, principal, at=at).allowed


# -- R5, R6, R7, R8, R11: rule modules ---------------------------------------------------------


def rejects(call: object, violations: tuple[cc.Violation, ...]) -> None:
    """``call()`` raises ChangeRejected with exactly ``violations`` iff there are any (R11)."""
    assert callable(call)
    if violations:
        error = raised(call, cc.ChangeRejected)
        assert isinstance(error, cc.ChangeRejected)
        assert error.violations == violations
    else:
        call()


class TestRuleModules:
    """R5, R6, R7, R8, R11: ``is_valid == not check``; ``validate`` raises iff ``check`` finds."""

    @LIGHT
    @given(record=raw_records(), at=instants)
    def test_record_rules(self, record: cc.CoordinationRecord, at: dt.datetime) -> None:
        for module in (
            rules.eligibility,
            rules.unique_roles,
            rules.duplicates,
            rules.codes,
            rules.record,
        ):
            found = module.check(record, at=at)
            assert module.is_valid(record, at=at) == (not found)
            rejects(lambda module=module: module.validate(record, at=at), found)
            if not found:
                assert module.validate(record, at=at) is record

    @LIGHT
    @given(record=raw_records(), principal=raw_principals, at=instants)
    def test_editing(
        self, record: cc.CoordinationRecord, principal: cc.Principal, at: dt.datetime
    ) -> None:
        found = rules.editing.check(record, principal, at=at)
        assert rules.editing.is_valid(record, principal, at=at) == (not found)
        rejects(lambda: rules.editing.validate(record, principal, at=at), found)
        assert all(v.code.startswith("ACTOR_") and v.path == "actor" for v in found)

    @LIGHT
    @given(record=raw_records(), at=instants)
    def test_record_check_is_every_rule(
        self, record: cc.CoordinationRecord, at: dt.datetime
    ) -> None:
        """R11: the whole-record check reports every rule's violations, none lost."""
        parts = (
            *rules.eligibility.check(record, at=at),
            *rules.unique_roles.check(record, at=at),
            *rules.duplicates.check(record, at=at),
            *rules.codes.check(record, at=at),
        )
        assert rules.record.check(record, at=at) == parts

    @HEAVY
    @given(record=strategies.records())
    def test_generated_records_satisfy_every_rule(self, record: cc.CoordinationRecord) -> None:
        assert rules.record.check(record, at=record.updated_at) == ()
        assert cc.has_effective_access(record, strategies.creator_of(record), at=record.updated_at)


class TestAllProblemsAtOnce:
    """R6, R11: an actor without access hears every other broken rule too, whatever the verb."""

    def test_adding_reports_the_rules_with_the_actor(self) -> None:
        record, _ = new_record()
        stranger = cc.Principal(account="pass:99")
        error = raised(
            lambda: cc.add_member(
                record, related_person(), actor=stranger, at=minutes(1), habilitated=True
            ),
            cc.ChangeRejected,
        )
        assert isinstance(error, cc.ChangeRejected)
        assert error.codes == ("ACTOR_NOT_A_MEMBER", "HABILITATION_NOT_ELIGIBLE")

    def test_editing_reports_the_rules_with_the_actor(self) -> None:
        record, creator = new_record()
        record = cc.add_member(record, related_person(), actor=creator, at=minutes(1)).record
        stranger = cc.Principal(account="pass:99")
        error = raised(
            lambda: cc.update_member(record, "M2", actor=stranger, at=minutes(2), habilitated=True),
            cc.ChangeRejected,
        )
        assert isinstance(error, cc.ChangeRejected)
        assert error.codes == ("ACTOR_NOT_A_MEMBER", "HABILITATION_NOT_ELIGIBLE")


# -- G15: the member list -----------------------------------------------------------------------


def monotone(values: Sequence[Any], *, descending: bool) -> bool:
    pairs = itertools.pairwise(values)
    return all((b <= a) if descending else (a <= b) for a, b in pairs)


def code_label(code: cc.Code) -> str:
    """The label a member list shows for a role or a profession (G15)."""
    role = DEFAULT_ROLES.find(code)
    if role is not None:
        return role.label
    concept = lookup(code)
    return code.code if concept is None else concept.display


def primary_key(
    key: cc.SortKey, at: dt.datetime
) -> Callable[[cc.Membership], tuple[Any, ...] | None]:
    """What ``key`` sorts by, before the name; ``None`` when the member has no value for it."""
    if key is cc.SortKey.KIND:
        return lambda m: (list(cc.MemberKind).index(m.kind),)
    if key is cc.SortKey.HABILITATION:
        return lambda m: (not m.habilitated_at(at),)  # an expired habilitation sorts as none
    if key is cc.SortKey.ADDED_AT:
        return lambda m: (m.added_at,)
    if key is cc.SortKey.ROLE:
        return lambda m: (min(fold(code_label(c)) for c in m.roles),) if m.roles else None

    def profession(m: cc.Membership) -> tuple[Any, ...] | None:
        code = getattr(m.member, "profession", None)
        return None if code is None else (fold(code_label(code)),)

    return profession if key is cc.SortKey.PROFESSION else (lambda m: ())


class TestListMembers:
    """G15: the list is a permutation of the (active) members, sorted by the chosen key."""

    @LIGHT
    @given(
        record=st.one_of(raw_records(), strategies.records(max_members=4)),
        at=instants,
        descending=st.booleans(),
        include_past=st.booleans(),
    )
    def test_every_sort_key(
        self,
        record: cc.CoordinationRecord,
        at: dt.datetime,
        descending: bool,
        include_past: bool,
    ) -> None:
        expected = record.circle.memberships if include_past else record.circle.active(at)
        for key in cc.SortKey:
            listed = cc.list_members(
                record, at=at, sort_by=key, descending=descending, include_past=include_past
            )
            assert sorted(map(id, listed)) == sorted(map(id, expected))
            assert len(listed) == len(expected)
            names = [fold(m.display_name) for m in listed]
            if key is cc.SortKey.NAME:
                assert monotone(names, descending=descending)
            primary = primary_key(key, at)
            values = [primary(m) for m in listed]
            # Members without a role or a profession come last, in either direction.
            assert monotone([v is None for v in values], descending=False)
            for group in (
                [
                    (*v, fold(m.display_name))
                    for m, v in zip(listed, values, strict=True)
                    if v is not None
                ],
                [fold(m.display_name) for m, v in zip(listed, values, strict=True) if v is None],
            ):
                assert monotone(group, descending=descending)


# -- the strategies keep their promises ---------------------------------------------------------


class TestStrategies:
    """The public strategies generate only valid values (R10 instants, identifiers, codes)."""

    @HEAVY
    @given(data=st.data(), record=strategies.access_records())
    def test_access_records_keep_the_rules_and_their_boundaries(
        self, data: st.DataObject, record: cc.CoordinationRecord
    ) -> None:
        """R5–R11 hold; the instants drawn include each change and the microsecond before."""
        assert rules.record.is_valid(record, at=record.updated_at)
        creator = strategies.creator_of(record)
        assert cc.has_effective_access(record, creator, at=record.updated_at)
        at = data.draw(strategies.decision_instants([record], max_minutes=60))
        assert at.tzinfo is not None and at >= record.created_at - dt.timedelta(microseconds=1)

    def test_decision_instants_include_every_boundary(self) -> None:
        record, creator = new_record()
        record = cc.add_member(
            record,
            directory_professional(2),
            actor=creator,
            at=minutes(5),
            habilitated=True,
            habilitation_ends=minutes(9),
        ).record
        drawn = set()

        @settings(max_examples=200, deadline=None)
        @given(at=strategies.decision_instants([record], max_minutes=0))
        def collect(at: dt.datetime) -> None:
            drawn.add(at)

        collect()
        tick = dt.timedelta(microseconds=1)
        assert {minutes(5), minutes(5) - tick, minutes(9), minutes(9) - tick} <= drawn
        assert drawn <= {
            EPOCH,
            EPOCH - tick,
            minutes(5),
            minutes(5) - tick,
            minutes(9),
            minutes(9) - tick,
        }

    def test_creator_of_needs_a_professional_creator(self) -> None:
        record, _ = new_record()
        aidant = attrs.evolve(record.circle.get("M1"), member=cc.RelatedPerson(family_name="X"))
        odd = attrs.evolve(record, circle=cc.CareCircle(memberships=(aidant,)))
        with pytest.raises(cc.InvalidValueError) as caught:
            strategies.creator_of(odd)
        assert (caught.value.code, caught.value.path) == ("WRONG_TYPE", "members[M1].member")

    @LIGHT
    @given(
        phone=strategies.phone_numbers(),
        mail=strategies.emails(),
        code=strategies.postal_codes(),
        ins=strategies.ins_numbers(),
        at=strategies.instants(max_minutes=10),
    )
    def test_identifiers_are_valid(
        self, phone: str, mail: str, code: str, ins: str, at: dt.datetime
    ) -> None:
        assert phone_id.is_valid(phone) and email_id.is_valid(mail)
        assert postal_id.is_valid(code) and ins_id.validate(ins) == ins
        assert at.tzinfo is not None and EPOCH <= at <= minutes(10)

    @LIGHT
    @given(
        profession=strategies.professions(),
        kind=st.sampled_from(cc.MemberKind),
        data=st.data(),
    )
    def test_codes_are_open_and_allowed(
        self, profession: cc.Code, kind: cc.MemberKind, data: st.DataObject
    ) -> None:
        concept = lookup(profession)
        assert concept is not None and not concept.closed
        role = DEFAULT_ROLES[data.draw(strategies.roles(kind=kind))]
        assert kind in role.kinds

    def test_corsican_ins_numbers_are_generated(self) -> None:
        corsican = find(
            strategies.ins_numbers(),
            lambda ins: ins[5:7] in ("2A", "2B"),
            settings=settings(max_examples=500, database=None),
        )
        assert ins_id.is_valid(corsican)

    @LIGHT
    @given(
        entry=strategies.directory_professionals(numbers=st.just(7)),
        twin=strategies.directory_professionals(numbers=st.just(7)),
    )
    def test_numbers_identify_professionals(
        self, entry: cc.DirectoryProfessional, twin: cc.DirectoryProfessional
    ) -> None:
        """R8: two professionals drawn with the same number are the same person."""
        assert entry.identity_keys & twin.identity_keys
