"""Records built directly, as old data or another system's export arrives: no operation ran,
so they may hold what the rules refuse, and tests can put any membership in them.
"""

from __future__ import annotations

import attrs

import carecircle as cc
from carecircle.testing.builders import directory_professional, instant, patient


def imported(*memberships: cc.Membership, created_by: str = "import") -> cc.CoordinationRecord:
    """Record DC-1 of :func:`~carecircle.testing.builders.patient`, created at ``instant(0)``
    by ``created_by``, holding ``memberships`` as given.
    """
    return cc.CoordinationRecord(
        record_id="DC-1",
        patient=patient(),
        created_by=created_by,
        created_at=instant(0),
        circle=cc.CareCircle(memberships=memberships),
    )


def old_member(
    member_id: str, member: object, *, left: bool = False, **fields: object
) -> cc.Membership:
    """``member`` as ``member_id``, imported: a member since ``instant(0)`` (until
    ``instant(5)`` when ``left``), with the membership's other ``fields``.
    """
    end = instant(5) if left else None
    return cc.Membership(
        member_id=member_id,
        member=member,  # type: ignore[arg-type]
        participations=(cc.Participation(start=instant(0), end=end, added_by="import"),),
        **fields,  # type: ignore[arg-type]
    )


def next_version(
    record: cc.CoordinationRecord, *memberships: cc.Membership
) -> cc.CoordinationRecord:
    """``record`` at version 2, holding ``memberships`` instead of its circle (what a change
    made of it, for the change checks to judge).
    """
    return attrs.evolve(record, circle=cc.CareCircle(memberships=memberships), version=2)


def unindexed(record: cc.CoordinationRecord) -> cc.CoordinationRecord:
    """The same record with a circle whose memo (the rules' index, the access index) is not
    built yet.
    """
    return attrs.evolve(record, circle=cc.CareCircle(memberships=record.circle.memberships))


def editor_and_member() -> cc.CoordinationRecord:
    """Imported: M1, directory professional 1, habilitated (who edits the circle), and M2,
    directory professional 2, not habilitated.
    """
    return imported(
        old_member("M1", directory_professional(1), habilitated=True),
        old_member("M2", directory_professional(2)),
    )
