"""The demo's scenario (*démonstration*): the user guide walked on the Occitanie sample data.

:func:`run` plays it with the service layer over in-memory directories and an in-memory
store (each change stored, then dispatched: no notice before the record is stored) and returns
a report of plain data (JSON-ready: strings, numbers, booleans, lists and dicts);
``python -m carecircle demo`` prints it as text or JSON. Everything is deterministic: the
instants are fixed and the sample data is generated in code. No phone number nor e-mail
appears in the report (R12).

>>> report = run()
>>> report["record"]["id"], report["record"]["version"]
('DC-0001', 14)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, Final

import carecircle as cc
from carecircle._access import Permissions
from carecircle._ports import Page, ProfessionalQuery, StructureQuery
from carecircle._service import CareCircleService
from carecircle.nomenclatures import categories, label, professions, relationships
from carecircle.roles import AIDANT_PRINCIPAL, PCP, PERSONNE_DE_CONFIANCE
from carecircle.testing import directories, notifiers, sample, stores

__all__ = ["START", "run"]

#: When the scenario starts; step ``n`` happens ``n`` minutes later.
START: Final = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)

Report = dict[str, Any]

#: How long an emergency access lasts on the demo's platform.
_EMERGENCY: Final = cc.EmergencyPolicy(duration=dt.timedelta(hours=2))


def _at(minutes: int) -> dt.datetime:
    return START + dt.timedelta(minutes=minutes)


def _violations(rejected: cc.ChangeRejected) -> list[dict[str, str]]:
    return [{"code": v.code, "path": v.path, "message": v.message} for v in rejected.violations]


def _change(change: cc.Change) -> Report:
    return {
        "version": change.record.version,
        "events": [type(e).__name__ for e in change.events],
        "notices": [n.recipient for n in change.notifications],
    }


def _found(page: Page[Any]) -> Report:
    return {"total": page.total, "shown": [entry.display_name for entry in page.items]}


def _roles(m: cc.Membership) -> list[str]:
    return sorted(cc.DEFAULT_ROLES[r].label for r in m.roles)


def _member(m: cc.Membership, at: dt.datetime) -> Report:
    profession = getattr(m.member, "profession", None)
    return {
        "id": m.member_id,
        "name": m.display_name,
        "kind": str(m.kind),
        "profession": None if profession is None else label(profession),
        "roles": _roles(m),
        "habilitated": m.habilitated,
        "sharing_refused": m.sharing_refused,
        "access": cc.member_has_access(m, at),
    }


def _levels(p: Permissions) -> dict[str, str]:
    return {category: str(level) for category, level in p.levels.items()}


class _Scenario:
    """The scenario's state: the service, the record, the report being written."""

    def __init__(self) -> None:
        self.data = sample.occitanie()
        self.pass_directory = directories.InMemoryProfessionalDirectory(self.data.professionals)
        self.notifier = notifiers.CapturingNotifier()
        self.service = CareCircleService(
            professionals=self.pass_directory,
            structures=directories.InMemoryStructureDirectory(self.data.structures),
            notifier=self.notifier,
            emergency=_EMERGENCY,
        )
        self.store = stores.InMemoryRecordStore()
        self.steps: list[Report] = []
        self.minute = 0
        account = self.data.coordinator.account
        assert account is not None  # noqa: S101 -- the sample's coordinator has one
        self.actor = self.service.principal(account.id)
        created = self.service.create_record(
            actor=self.actor,
            record_id="DC-0001",
            at=_at(0),
            patient=cc.Patient(
                patient_id="P-0001",
                family_name="Martin",
                given_name="Louise",
                birth_date=dt.date(1941, 3, 14),
            ),
        )
        self.record = created.record
        self.step("G1", "A DAC coordinator creates the record; she joins, habilitated", created)

    def step(self, guide: str, title: str, change: cc.Change | None = None, **more: Any) -> None:
        entry: Report = {"number": len(self.steps) + 1, "guide": guide, "title": title}
        if change is not None:
            # Stored first, then dispatched: a notice never announces an unstored change.
            self.service.commit(change, store=self.store)
            entry["change"] = _change(change)
            self.record = self.store.load(change.record.record_id)
        entry.update(more)
        self.steps.append(entry)

    def now(self) -> dt.datetime:
        self.minute += 1
        return _at(self.minute)

    def search(self, query: ProfessionalQuery, expected: cc.DirectoryProfessional) -> Report:
        page = self.service.professionals.search(query)
        assert expected in page.items  # noqa: S101 -- the sample data guarantees it
        return _found(page)

    def add_professional(
        self, guide: str, title: str, entry: cc.DirectoryProfessional, search: Report, **kw: Any
    ) -> None:
        change = self.service.add_professional(
            self.record, actor=self.actor, national_id=_national_id(entry), at=self.now(), **kw
        )
        self.step(guide, title, change, search=search)

    def attempt(self, guide: str, title: str, make: Callable[[dt.datetime], cc.Change]) -> None:
        try:
            make(self.now())
        except cc.ChangeRejected as rejected:
            self.step(guide, title, rejected=_violations(rejected))
        else:  # pragma: no cover -- every attempt of the scenario breaks a rule
            raise AssertionError(title)

    def member_id(self, member: object) -> str:
        return next(m.member_id for m in self.record.circle if m.member == member)


def _add_members(s: _Scenario) -> None:
    d = s.data
    s.add_professional(
        "G3, G5, G7",
        "Search the PASS directory for 'helene' among médecins in 31; add Dr DURAND as médecin "
        "traitant, habilitated: she is notified (G14)",
        d.gp,
        s.search(
            ProfessionalQuery(name="helene", profession=professions.MEDECIN, place="31"), d.gp
        ),
        roles={PCP},
        habilitated=True,
    )
    s.add_professional(
        "G3, G5",
        "Search for nurses in Toulouse; add the patient's nurse, habilitated",
        d.nurse,
        s.search(ProfessionalQuery(profession=professions.INFIRMIER, place="toulouse"), d.nurse),
        habilitated=True,
    )
    s.add_professional(
        "G3, G6",
        "Search for 'pujol' among pharmaciens; add the pharmacist, not habilitated yet: he "
        "appears in the care team, with no access",
        d.pharmacist,
        s.search(ProfessionalQuery(name="pujol", profession=professions.PHARMACIEN), d.pharmacist),
    )
    s.step(
        "G4, G5",
        "Habilitate the pharmacist: he now opens the record and is notified",
        s.service.habilitate(
            s.record, actor=s.actor, member_id=s.member_id(d.pharmacist), at=s.now()
        ),
    )
    s.add_professional(
        "G3, R5",
        "Search for 'séguier'; add the psychologist, habilitated: she has no PASS account yet, "
        "so the habilitation is pending and nobody is notified",
        d.pending,
        s.search(ProfessionalQuery(name="séguier"), d.pending),
        habilitated=True,
    )
    s.step(
        "G8",
        "Add a physiotherapist by hand (not in the directory): information only",
        s.service.add_manual_professional(
            s.record,
            actor=s.actor,
            professional=cc.ManualProfessional(
                family_name="Petit",
                given_name="Marc",
                profession=professions.MASSEUR_KINESITHERAPEUTE,
                contact=cc.Contact(landline="05 36 49 12 34"),
            ),
            at=s.now(),
        ),
    )
    s.step(
        "G9, G7",
        "Add the daughter by hand, unlisted (liste rouge), aidant principal and personne de "
        "confiance",
        s.service.add_person(
            s.record,
            actor=s.actor,
            person=cc.RelatedPerson(
                family_name="Martin",
                given_name="Julie",
                unlisted=True,
                relationship=relationships.FILLE,
                contact=cc.Contact(landline="04 65 71 23 45"),
            ),
            roles={AIDANT_PRINCIPAL, PERSONNE_DE_CONFIANCE},
            at=s.now(),
        ),
    )
    page = s.service.structures.search(StructureQuery(category=categories.SSIAD, postal_code="31"))
    assert d.ssiad in page.items  # noqa: S101 -- the sample data guarantees it
    change = s.service.add_structure(
        s.record, actor=s.actor, national_id=d.ssiad.national_id, habilitated=True, at=s.now()
    )
    s.step(
        "G10, G11",
        "Search the regional directory for SSIADs in 31; add the SSIAD, a legal entity, "
        "habilitated: the structure gets one notice, its delegates reach the record",
        change,
        search=_found(page),
    )
    s.step(
        "G12",
        "Add a neighbourhood association by hand: information only",
        s.service.add_manual_structure(
            s.record,
            actor=s.actor,
            structure=cc.ManualStructure(
                name="Association Bien Vieillir en Lauragais", acronym="ABV"
            ),
            at=s.now(),
        ),
    )
    s.add_professional(
        "G4, R4",
        "Add the physiotherapist the patient refuses to share with: habilitated, but the "
        "refusal wins and nobody is notified",
        d.refused,
        s.search(ProfessionalQuery(name="vidal jer"), d.refused),
        habilitated=True,
        refusal=cc.Statement(expressed_at=_at(s.minute), collected=cc.Collection.ORAL),
    )


def _pending_takes_effect(s: _Scenario) -> None:
    s.pass_directory.replace(s.data.pending_with_account)
    change = s.service.refresh_member(
        s.record, actor=s.actor, member_id=s.member_id(s.data.pending), at=s.now()
    )
    s.step(
        "R5, G14",
        "The psychologist has created her PASS account: refreshing her entry makes the pending "
        "habilitation effective, and she is notified",
        change,
    )


def _forbidden(s: _Scenario) -> None:
    d = s.data
    daughter = next(m.member_id for m in s.record.circle if m.kind is cc.MemberKind.RELATED_PERSON)
    s.attempt(
        "R5",
        "Try to habilitate the daughter: related persons never get access",
        lambda at: s.service.habilitate(s.record, actor=s.actor, member_id=daughter, at=at),
    )
    outsider = _entry(d.professionals, "Éric")
    s.attempt(
        "R6, R7",
        "A doctor outside the circle tries to add himself as a second médecin traitant",
        lambda at: s.service.add_professional(
            s.record,
            actor=cc.Principal.from_entry(outsider),
            national_id=_national_id(outsider),
            roles={PCP},
            at=at,
        ),
    )
    s.attempt(
        "R8",
        "Add Dr DURAND a second time",
        lambda at: s.service.add_professional(
            s.record, actor=s.actor, national_id=_national_id(d.gp), at=at
        ),
    )


def _patient_decisions(s: _Scenario) -> None:
    d = s.data
    said = cc.Statement(expressed_at=_at(s.minute), collected=cc.Collection.ORAL)
    s.step(
        "R4 (CSP L1110-4)",
        "The patient refuses that psychological information be shared with the pharmacist: "
        "recorded as her own decision, for that category only",
        s.service.record_refusal(
            s.record,
            actor=s.actor,
            member_id=s.member_id(d.pharmacist),
            statement=said,
            categories={cc.Category.PSYCHOLOGICAL},
            at=s.now(),
        ),
    )
    doctor = s.service.principal(_account(_entry(d.professionals, "Éric")))
    s.step(
        "bris de glace",
        "A doctor outside the circle opens the record in an emergency: for reading, for two "
        "hours, the reason kept for the audit; the circle's editors are told",
        s.service.open_in_emergency(
            s.record, actor=doctor, reason="Appel du SAMU : malaise", at=s.now()
        ),
    )


def _account(entry: cc.DirectoryProfessional) -> str:
    assert entry.account is not None  # noqa: S101 -- every one asked has an account
    return entry.account.id


def _national_id(entry: cc.DirectoryProfessional) -> str:
    assert entry.national_id is not None  # noqa: S101 -- every one added has one
    return entry.national_id


def _entry(
    entries: Iterable[cc.DirectoryProfessional], given_name: str
) -> cc.DirectoryProfessional:
    return next(e for e in entries if e.given_name == given_name)


def _decisions(s: _Scenario, at: dt.datetime) -> list[Report]:
    d = s.data
    asked = [
        ("Dr DURAND (médecin traitant)", d.gp, cc.Category.MEDICAL, cc.Action.WRITE),
        ("the pharmacist", d.pharmacist, cc.Category.MEDICAL, cc.Action.WRITE),
        ("the pharmacist", d.pharmacist, cc.Category.PSYCHOLOGICAL, cc.Action.READ),
        ("the psychologist", d.pending_with_account, cc.Category.PSYCHOLOGICAL, cc.Action.WRITE),
        ("the SSIAD's nurse (delegate)", d.ssiad_nurse, cc.Category.MEDICAL, cc.Action.READ),
        ("the refused physiotherapist", d.refused, cc.Category.MEDICAL, cc.Action.READ),
        (
            "a doctor outside the circle (emergency access)",
            _entry(d.professionals, "Éric"),
            cc.Category.MEDICAL,
            cc.Action.READ,
        ),
        (
            "a doctor outside the circle",
            next(e for e in d.professionals if e.family_name == "Pagès"),
            cc.Category.MEDICAL,
            cc.Action.READ,
        ),
    ]
    found = []
    for who, entry, category, action in asked:
        principal = s.service.principal(_account(entry))
        decision = cc.decide(s.record, principal, category, action, matrix=s.service.matrix, at=at)
        found.append(
            {
                "who": who,
                "name": entry.display_name,
                "category": str(category),
                "action": str(action),
                "allowed": decision.allowed,
                "paths": [
                    {
                        "member": p.member_id,
                        "via_structure": p.via_structure,
                        "emergency": p.emergency_id,
                    }
                    for p in decision.paths
                ],
                "reasons": [str(r) for r in decision.reasons],
                "refusals": [f"{r.member_id}/{r.refusal_id}" for r in decision.refusals],
            }
        )
    return found


def _who_can_access(s: _Scenario, at: dt.datetime) -> list[Report]:
    entries = (*s.data.professionals, s.data.pending_with_account)
    names = {e.account.id: e.display_name for e in entries if e.account is not None}
    return [
        {
            "account": p.principal.account,
            "name": names.get(p.principal.account or "", ""),
            "via_structure": any(path.via_structure for path in p.paths),
            "levels": _levels(p),
        }
        for p in s.service.who_can_access(s.record, at=at)
    ]


def _notification(n: cc.HabilitationNotice) -> Report:
    return {
        "record": n.record_id,
        "member": n.member_id,
        "recipient": n.recipient,
        "structure": n.structure,
        "subject": n.subject(),
    }


def _invitation(s: _Scenario) -> Report:
    draft = s.service.draft_invitation(
        inviter=s.actor, recipients=["m.garcia@cabinet-garcia.example"]
    )
    edited = draft.adding_recipients(["secretariat@cabinet-garcia.example"])
    try:
        edited.adding_recipients(["not an address", "garcia@"])
    except cc.InputRejected as rejected:
        refused = [
            {"code": v.code, "path": v.path, "message": v.message} for v in rejected.violations
        ]
    else:  # pragma: no cover -- both addresses are malformed
        raise AssertionError("malformed addresses accepted")
    s.service.send_invitation(edited)
    return {
        "recipients": list(edited.recipients),
        "subject": edited.subject,
        "mailto": edited.mailto(),
        "message": edited.as_message(),
        "rejected_edit": refused,
    }


def run() -> Report:
    """Play the scenario; return its report as plain data (see the module's docstring)."""
    s = _Scenario()
    _add_members(s)
    _pending_takes_effect(s)
    _forbidden(s)
    _patient_decisions(s)
    at = s.now()
    report: Report = {
        "record": {
            "id": s.record.record_id,
            "version": s.record.version,
            "patient": s.record.patient.display_name,
        },
        "steps": s.steps,
        "circle": [_member(m, at) for m in cc.list_members(s.record, at=at)],
        "decisions": _decisions(s, at),
        "who_can_access": _who_can_access(s, at),
    }
    report["invitation"] = _invitation(s)
    report["notifications"] = [
        _notification(n) for n in s.notifier.sent if isinstance(n, cc.HabilitationNotice)
    ]
    report["emergency_notices"] = [
        {"recipient": n.recipient, "access": n.access_id, "subject": n.subject()}
        for n in s.notifier.sent
        if isinstance(n, cc.EmergencyNotice)
    ]
    report["invitations_sent"] = sum(1 for n in s.notifier.sent if isinstance(n, cc.Invitation))
    return report
