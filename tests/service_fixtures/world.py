"""A world for the service's tests: the Occitanie sample's directories, an in-memory store and
a capturing notifier behind one :class:`carecircle.CareCircleService`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import carecircle as cc
from carecircle.testing import directories, notifiers, sample, stores
from carecircle.testing.builders import instant

DATA = sample.occitanie()
PATIENT = cc.Patient(patient_id="P-1", family_name="Martin", given_name="Louise")
#: A professional of the directory outside every circle: the emergency doctor.
OUTSIDER = next(e for e in DATA.professionals if e.given_name == "Éric")


def account(entry: cc.DirectoryProfessional) -> str:
    assert entry.account is not None
    return entry.account.id


def national_id(entry: cc.DirectoryProfessional) -> str:
    assert entry.national_id is not None
    return entry.national_id


def make_service(**config: Any) -> cc.CareCircleService:
    """A service over the whole sample, with a capturing notifier (``config`` overrides)."""
    ports: dict[str, Any] = {
        "professionals": directories.InMemoryProfessionalDirectory(DATA.professionals),
        "structures": directories.InMemoryStructureDirectory(DATA.structures),
        "notifier": notifiers.CapturingNotifier(),
    }
    return cc.CareCircleService(**{**ports, **config})


def sent(service: cc.CareCircleService) -> list[cc.Notification]:
    """What the service's capturing notifier was handed, in order."""
    notifier = service.notifier
    assert isinstance(notifier, notifiers.CapturingNotifier)
    return notifier.sent


def outcome(call: Callable[[], cc.Change]) -> object:
    """The change ``call`` returns, or what it raised as plain values (comparable)."""
    try:
        return call()
    except cc.ChangeRejected as rejected:
        return ("rejected", rejected.violations)
    except cc.ViolationError as error:
        return (type(error).__name__, error.violation)


class World:
    """Record ``DC-1`` created by the sample's DAC coordinator, stored, through the service."""

    def __init__(self, **config: Any) -> None:
        self.directory = directories.InMemoryProfessionalDirectory(DATA.professionals)
        self.service = make_service(professionals=self.directory, **config)
        self.store = stores.InMemoryRecordStore()
        self.actor = self.service.principal(account(DATA.coordinator))
        self.minute = 0
        self.commit(
            self.service.create_record(
                actor=self.actor, record_id="DC-1", patient=PATIENT, at=self.now()
            )
        )

    @property
    def record(self) -> cc.CoordinationRecord:
        return self.store.load("DC-1")

    @property
    def sent(self) -> list[cc.Notification]:
        return sent(self.service)

    def recipients(self) -> list[str]:
        """Whom the notices handed to the notifier went to, in order."""
        return [n.recipient for n in self.sent if not isinstance(n, cc.Invitation)]

    def now(self) -> dt.datetime:
        self.minute += 1
        return instant(self.minute)

    def commit(self, change: cc.Change) -> cc.Change:
        return self.service.commit(change, store=self.store)

    def add(self, entry: cc.DirectoryProfessional, **options: Any) -> str:
        """Add and store the directory professional ``entry``; their member id."""
        change = self.service.add_professional(
            self.record, actor=self.actor, national_id=national_id(entry), at=self.now(), **options
        )
        self.commit(change)
        assert change.member_id is not None
        return change.member_id

    def member_id(self, member: object) -> str:
        return next(m.member_id for m in self.record.circle if m.member == member)
