"""R5 Eligibility (*habilitation possible*): only directory members may be habilitated.

Manual professionals, related persons and manual structures are information only (G8, G9,
G12); habilitating one is a violation. A directory professional without an account may be
habilitated: the grant is pending until the account exists. Only a habilitation can have an
end instant. A sharing refusal (R4) concerns
professionals and structures; on a related person it means nothing and is refused too. A legal
protection measure (``legal_protection``) is exercised by a représentant légal: a member who
does not hold the GUARD role cannot carry one (``PROTECTION_WITHOUT_REPRESENTATIVE``, issue 10
item 4).

>>> import datetime as dt
>>> from carecircle import (CareCircle, CoordinationRecord, Membership, Participation,
...     Patient, RelatedPerson)
>>> at = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
>>> aidant = Membership(member_id="M1", member=RelatedPerson(family_name="Martin"),
...     habilitated=True, participations=(Participation(start=at, added_by="pass:1"),))
>>> record = CoordinationRecord(record_id="DC-1", created_by="pass:1", created_at=at,
...     patient=Patient(patient_id="P-1", family_name="Martin", given_name="Louise"),
...     circle=CareCircle(memberships=(aidant,)))
>>> [v.code for v in check(record, at=at)]
['HABILITATION_NOT_ELIGIBLE']
"""

from __future__ import annotations

import datetime as dt

from carecircle._errors import Violation
from carecircle._model.kinds import DIRECTORY_KINDS, MemberKind
from carecircle._model.membership import Membership
from carecircle._model.record import CoordinationRecord
from carecircle.roles import REPRESENTANT_LEGAL
from carecircle.rules._common import member_path, raise_if_any

__all__ = ["check", "is_valid", "member_violations", "validate"]


def check(record: CoordinationRecord, *, at: dt.datetime) -> tuple[Violation, ...]:
    """Every eligibility violation among the members active at ``at``; never raises."""
    return tuple(v for m in record.circle.active(at) for v in member_violations(m))


def member_violations(m: Membership) -> list[Violation]:
    """The eligibility violations of one membership (judged as active)."""
    found = []
    if m.habilitated and m.kind not in DIRECTORY_KINDS:
        found.append(
            Violation(
                code="HABILITATION_NOT_ELIGIBLE",
                path=member_path(m.member_id, "habilitated"),
                message=f"a {m.kind.replace('_', ' ')} cannot be habilitated: "
                "only directory professionals and structures can (R5)",
            )
        )
    if m.habilitation_ends is not None and not m.habilitated:
        found.append(
            Violation(
                code="HABILITATION_END_WITHOUT_HABILITATION",
                path=member_path(m.member_id, "habilitation_ends"),
                message="only a habilitation can have an end: habilitate the member too",
            )
        )
    if m.refusals and m.kind is MemberKind.RELATED_PERSON:
        found.append(
            Violation(
                code="SHARING_REFUSAL_NOT_APPLICABLE",
                path=member_path(m.member_id, "refusals"),
                message="a sharing refusal applies to professionals and structures only (R4)",
            )
        )
    if m.legal_protection is not None and REPRESENTANT_LEGAL not in m.roles:
        found.append(
            Violation(
                code="PROTECTION_WITHOUT_REPRESENTATIVE",
                path=member_path(m.member_id, "legal_protection"),
                message="a legal protection measure is exercised by a représentant légal: "
                "give the member the GUARD role too",
            )
        )
    return found


def validate(record: CoordinationRecord, *, at: dt.datetime) -> CoordinationRecord:
    """Return ``record`` unchanged, or raise :class:`~carecircle.ChangeRejected`."""
    raise_if_any(check(record, at=at))
    return record


def is_valid(record: CoordinationRecord, *, at: dt.datetime) -> bool:
    """``True`` when :func:`check` finds no violation; never raises."""
    return not check(record, at=at)
