"""The circle's lifecycle and continuity: what a status allows, and a circle never left
without an editor.

**Editing by status** (CDS ``CareTeam.status``). A ``proposed`` or ``active`` circle may be
edited by its editors (R6). In a ``suspended`` or ``inactive`` circle the only change a member
may undergo is the patient's refusals (recorded or lifted: the patient's decision is never
put off); everything else is ``CIRCLE_SUSPENDED`` or ``CIRCLE_INACTIVE``. An
``entered-in-error`` circle changes no more (``CIRCLE_ENTERED_IN_ERROR``).

**Continuity** (R6). A change that leaves the circle with no member able to edit it for good
is rejected with ``NO_EDITOR_LEFT``; only closing the circle (``change_status`` to
``inactive`` or ``entered-in-error``) may leave it without one. A member able to edit, at an
instant, is an active membership, habilitated (not expired), with no refusal of the whole
record standing, of a directory professional whose recorded PASS account is active, or of a
legal-entity directory structure (its delegates edit); for good, when the habilitation has no
end (a time-limited one would leave the circle without editors once it runs out). Only
members the change touches can stop being editors, so the rule is judged when one of them
was an editor for good and is not any more: the patient's refusal of the last editor, too,
waits until another editor is habilitated (or the circle is closed).

>>> import datetime as dt
>>> from carecircle.testing.builders import EPOCH, new_record
>>> record, creator = new_record()
>>> [v.code for v in editable(record, record, ["M1"])]
[]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Final

import attrs

from carecircle._errors import Violation, ViolationKind
from carecircle._model.lifecycle import CircleStatus
from carecircle._model.membership import Membership
from carecircle._model.people import DirectoryProfessional
from carecircle._model.record import CoordinationRecord
from carecircle._model.structures import DirectoryStructure

__all__ = [
    "NO_EDITOR_LEFT",
    "continuity",
    "editable",
    "is_editor",
    "is_lasting_editor",
    "status_violation",
]

NO_EDITOR_LEFT: Final = "NO_EDITOR_LEFT"

_EDITABLE: Final = frozenset({CircleStatus.PROPOSED, CircleStatus.ACTIVE})


def status_violation(record: CoordinationRecord) -> Violation | None:
    """The violation of editing the circle in its current status; ``None`` when it may be."""
    status = record.status
    if status in _EDITABLE:
        return None
    code = "CIRCLE_" + status.upper().replace("-", "_")
    return Violation(
        code=code,
        path="record.status",
        message=f"the circle is {status}: its members cannot be changed",
        kind=ViolationKind.CONFLICT,
    )


def _refusals_only(before: Membership | None, after: Membership | None) -> bool:
    if before is None or after is None:
        return False
    return attrs.evolve(after, refusals=before.refusals) == before


def editable(
    before: CoordinationRecord, after: CoordinationRecord, changed: Collection[str]
) -> list[Violation]:
    """The status's verdict on changing the ``changed`` members (none, or one violation)."""
    found = status_violation(before)
    if found is None:
        return []
    if before.status is not CircleStatus.ENTERED_IN_ERROR and all(
        _refusals_only(before.circle.find(i), after.circle.find(i)) for i in changed
    ):
        return []
    return [found]


def is_editor(m: Membership, at: dt.datetime) -> bool:
    """Whether the member can edit the circle at ``at`` as recorded (see the module)."""
    if not (m.is_active(at) and m.habilitated_at(at)) or m.refused_at(at):
        return False
    member = m.member
    if isinstance(member, DirectoryProfessional):
        return member.account is not None and member.account.is_active
    return isinstance(member, DirectoryStructure) and member.legal_entity


def is_lasting_editor(m: Membership, at: dt.datetime) -> bool:
    """Whether the member can edit the circle at ``at`` and after: an editor whose
    habilitation has no end.
    """
    return m.habilitation_ends is None and is_editor(m, at)


def continuity(
    before: CoordinationRecord,
    after: CoordinationRecord,
    *,
    at: dt.datetime,
    changed: Collection[str],
) -> list[Violation]:
    """``NO_EDITOR_LEFT`` when the change takes away the circle's last editor for good."""
    lost = [
        member_id
        for member_id in changed
        if (old := before.circle.find(member_id)) is not None
        and is_lasting_editor(old, at)
        and not ((new := after.circle.find(member_id)) is not None and is_lasting_editor(new, at))
    ]
    if not lost or any(is_lasting_editor(m, at) for m in after.circle):
        return []
    return [
        Violation(
            code=NO_EDITOR_LEFT,
            path=f"members[{lost[0]}]",
            message="the circle would be left with no member able to edit it for good (R6): "
            "habilitate another member first, or close the circle",
            kind=ViolationKind.CONFLICT,
        )
    ]
