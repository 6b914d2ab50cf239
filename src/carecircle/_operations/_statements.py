"""Who may express the patient's decisions: the patient, or their legal representative.

CSP L1110-4 and R1110-3 make a sharing refusal the patient's own decision; when a legal
representative acts for the patient (tutelle), they express it. A statement names
``"patient"`` or the member id of a member of the circle who holds the GUARD role
(*représentant légal*) and is active at the instant it is recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Final

from carecircle._errors import Violation
from carecircle._model.record import CoordinationRecord
from carecircle._model.refusals import Statement
from carecircle.roles import REPRESENTANT_LEGAL

__all__ = ["EXPRESSED_BY_INVALID", "statement_violations"]

EXPRESSED_BY_INVALID: Final = "EXPRESSED_BY_INVALID"


def _violation(statement: Statement, record: CoordinationRecord, at: dt.datetime) -> bool:
    if statement.by_patient:
        return False
    m = record.circle.find(statement.expressed_by)
    return m is None or not m.is_active(at) or REPRESENTANT_LEGAL not in m.roles


def statement_violations(
    record: CoordinationRecord,
    statements: Iterable[Statement],
    *,
    at: dt.datetime,
    path: str,
) -> list[Violation]:
    """``EXPRESSED_BY_INVALID`` for a statement expressed by neither the patient nor an active
    member holding the GUARD role (*représentant légal*).
    """
    return [
        Violation(
            code=EXPRESSED_BY_INVALID,
            path=f"{path}.expressed_by",
            message="a refusal or its lifting is expressed by the patient or by a member who "
            "is their legal representative (GUARD)",
        )
        for statement in statements
        if _violation(statement, record, at)
    ]
