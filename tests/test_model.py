"""Entities: local shape checks, normalisation, redacted reprs (R12), circle and record (R9)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

import carecircle as cc
from carecircle.testing.builders import EPOCH, directory_professional, instant, related_person


class TestContact:
    def test_normalises_phones_and_email(self) -> None:
        c = cc.Contact(
            email="  Jeanne.Martin@Example.FR ",
            landline="05 61 12 34 56",
            mobile="+33 6 12 34 56 78",
        )
        assert c.landline == "+33561123456"
        assert c.mobile == "+33612345678"
        assert c.phones == ("+33561123456", "+33612345678")
        assert c.email is not None and c.email.endswith("@example.fr")

    def test_blank_values_are_absent(self) -> None:
        c = cc.Contact(email=" ", mobile="")
        assert (c.email, c.mobile) == (None, None)
        assert repr(c) == "Contact()"

    def test_repr_names_fields_but_not_values(self) -> None:
        """R12: a repr says which details exist, never what they are."""
        address = cc.Address(line="12 rue des Lilas", city="Muret", postal_code="31600")
        c = cc.Contact(email="a@b.fr", mobile="0612345678", address=address)
        text = repr(c) + repr(address)
        for secret in ("a@b.fr", "612345678", "Lilas", "31600", "Muret"):
            assert secret not in text
        assert repr(c) == "Contact(email=<redacted>, mobile=<redacted>, address=<redacted>)"

    @pytest.mark.parametrize(
        ("fields", "code", "path"),
        [
            ({"email": "not-an-email"}, "EMAIL_INVALID", "contact.email"),
            ({"mobile": "06 12"}, "PHONE_INVALID", "contact.mobile"),
            ({"landline": "abc"}, "PHONE_INVALID", "contact.landline"),
        ],
    )
    def test_bad_values_are_value_errors_without_the_value(
        self, fields: dict[str, Any], code: str, path: str
    ) -> None:
        with pytest.raises(cc.InvalidValueError) as caught:
            cc.Contact(**fields)
        assert (caught.value.code, caught.value.path) == (code, path)
        assert isinstance(caught.value, ValueError)
        assert next(iter(fields.values())) not in str(caught.value)

    def test_bad_postal_code(self) -> None:
        with pytest.raises(cc.InvalidValueError) as caught:
            cc.Address(postal_code="3100")
        assert caught.value.path == "address.postal_code"
        assert "3100" not in str(caught.value)


class TestPeople:
    def test_directory_professional_needs_an_identity(self) -> None:
        with pytest.raises(cc.InvalidValueError) as caught:
            cc.DirectoryProfessional(family_name="Durand")
        assert caught.value.code == "IDENTITY_REQUIRED"

    def test_identity_keys_cover_id_and_account(self) -> None:
        p = directory_professional(3)
        assert p.identity_keys == {"idnat:800000000003", "account:pass:3"}
        no_account = directory_professional(3, account=False)
        assert no_account.identity_keys == {"idnat:800000000003"}

    def test_names_are_required_and_stripped(self) -> None:
        with pytest.raises(cc.InvalidValueError) as caught:
            cc.RelatedPerson(family_name="   ")
        assert (caught.value.code, caught.value.path) == ("TEXT_REQUIRED", "member.family_name")
        assert cc.RelatedPerson(family_name=" Martin ", given_name=" Julie ").display_name == (
            "MARTIN Julie"
        )

    def test_bad_national_id_is_rejected(self) -> None:
        with pytest.raises(cc.InvalidValueError) as caught:
            cc.DirectoryProfessional(national_id="8123", family_name="Durand")
        assert caught.value.path == "member.national_id"

    def test_patient_repr_hides_the_ins(self) -> None:
        from carecircle.identifiers.ins import Ins

        number = "255081416802538"
        patient = cc.Patient(
            patient_id="P-1",
            family_name="Martin",
            given_name="Louise",
            ins=Ins(value=number, oid="1.2.250.1.213.1.4.8"),
        )
        assert number not in repr(patient)
        assert patient.ins is not None and patient.ins.value == number

    def test_principal_from_entry(self) -> None:
        entry = directory_professional(4, state=cc.AccountState.CLOSED)
        p = cc.Principal.from_entry(entry, delegated_by=frozenset({"S1"}))
        assert (p.account, p.national_id, p.account_state) == (
            "pass:4",
            "800000000004",
            cc.AccountState.CLOSED,
        )
        assert not p.has_active_account
        assert p.is_professional(entry)
        assert not p.is_professional(directory_professional(5))
        assert cc.Principal().label == "<unidentified>"
        assert cc.Principal(national_id=" 800000000004 ").label == "800000000004"


class TestStructures:
    def test_directory_structure_keys_and_validation(self) -> None:
        s = cc.DirectoryStructure(
            national_id="1310000001", finess="310000001", siret="73282932000074", name="SSIAD"
        )
        assert s.identity_keys == {
            "structure:1310000001",
            "finess:310000001",
            "siret:73282932000074",
        }
        with pytest.raises(cc.InvalidValueError) as caught:
            cc.DirectoryStructure(national_id="X", siret="73282932000075", name="SSIAD")
        assert caught.value.code == "IDENTIFIER_CHECKSUM"

    def test_manual_structure_display_name(self) -> None:
        assert cc.ManualStructure(name="Association", acronym="ABV").display_name == (
            "Association (ABV)"
        )
        assert cc.ManualStructure(name="Association").display_name == "Association"


class TestMembership:
    def participation(self, start: int, end: int | None = None) -> cc.Participation:
        return cc.Participation(
            start=instant(start), end=None if end is None else instant(end), added_by="pass:1"
        )

    def test_periods_are_half_open(self) -> None:
        """R9: start inclusive, end exclusive."""
        m = cc.Membership(
            member_id="M1",
            member=related_person(),
            participations=(self.participation(0, 10), self.participation(20)),
        )
        assert [m.is_active(instant(t)) for t in (0, 9, 10, 15, 20, 99)] == [
            True,
            True,
            False,
            False,
            True,
            True,
        ]
        assert m.added_at == instant(0) and m.current.start == instant(20)
        assert not m.has_ended

    @pytest.mark.parametrize(
        ("periods", "code"),
        [
            ((), "PARTICIPATION_REQUIRED"),
            (((0, None), (5, None)), "PERIODS_OVERLAP"),
            (((0, 10), (5, None)), "PERIODS_OVERLAP"),
        ],
    )
    def test_bad_periods(self, periods: tuple[tuple[int, int | None], ...], code: str) -> None:
        with pytest.raises(cc.InvalidValueError) as caught:
            cc.Membership(
                member_id="M1",
                member=related_person(),
                participations=tuple(self.participation(*p) for p in periods),
            )
        assert caught.value.code == code

    def test_period_cannot_end_before_start(self) -> None:
        with pytest.raises(cc.InvalidValueError) as caught:
            self.participation(10, 5)
        assert caught.value.code == "PERIOD_ENDS_BEFORE_START"

    def test_naive_instants_are_refused(self) -> None:
        with pytest.raises(cc.InvalidValueError) as caught:
            cc.Participation(start=dt.datetime(2026, 1, 1), added_by="x")  # noqa: DTZ001
        assert caught.value.code == "NAIVE_DATETIME"


class TestCircleAndRecord:
    def test_member_ids_are_unique(self) -> None:
        m = cc.Membership(
            member_id="M1",
            member=related_person(),
            participations=(cc.Participation(start=EPOCH, added_by="x"),),
        )
        with pytest.raises(cc.InvalidValueError) as caught:
            cc.CareCircle(memberships=(m, m))
        assert caught.value.code == "DUPLICATE_MEMBER_ID"
        circle = cc.CareCircle(memberships=(m,))
        assert "M1" in circle and "M2" not in circle
        assert circle.next_member_id() == "M2"
        renamed = attrs.evolve(m, description="x")
        assert circle.replace(renamed).get("M1").description == "x"

    def test_record_invariants(self) -> None:
        patient = cc.Patient(patient_id="P", family_name="M", given_name="L")
        with pytest.raises(cc.InvalidValueError) as caught:
            cc.CoordinationRecord(
                record_id="R", patient=patient, created_by="x", created_at=EPOCH, version=0
            )
        assert caught.value.code == "VERSION_INVALID"
        with pytest.raises(cc.InvalidValueError) as caught:
            cc.CoordinationRecord(
                record_id="R",
                patient=patient,
                created_by="x",
                created_at=instant(5),
                updated_at=instant(1),
            )
        assert caught.value.code == "PERIOD_ENDS_BEFORE_START"

    def test_records_are_immutable_and_comparable(self) -> None:
        patient = cc.Patient(patient_id="P", family_name="M", given_name="L")
        a = cc.CoordinationRecord(record_id="R", patient=patient, created_by="x", created_at=EPOCH)
        b = cc.CoordinationRecord(record_id="R", patient=patient, created_by="x", created_at=EPOCH)
        assert a == b and hash(a.patient) == hash(b.patient)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            a.version = 2  # type: ignore[misc]
