"""Operations (*opérations*) on a coordination record: pure functions returning a :class:`Change`.

Each takes the acting principal and the instant ``at`` (R10). It builds the candidate record,
checks every rule at once (R6 who may edit, R5, R7, R8, codes: R11), and either raises one
:class:`~carecircle.ChangeRejected` carrying every violation — the record untouched — or
returns the new record (version + 1), the domain events and the notifications it calls for.
A change that changes nothing returns the record as it was, with no event.

>>> import datetime as dt
>>> from carecircle import DirectoryProfessional, PassAccount, Patient, Principal
>>> from carecircle.nomenclatures import professions
>>> at = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
>>> coordinator = DirectoryProfessional(national_id="810001234567",
...     account=PassAccount(id="pass:4711"), family_name="Roux", given_name="Anne")
>>> actor = Principal.from_entry(coordinator)
>>> change = create_record(record_id="DC-1", creator=actor, creator_entry=coordinator, at=at,
...     patient=Patient(patient_id="P-1", family_name="Martin", given_name="Louise"))
>>> change.record.version, [type(e).__name__ for e in change.events]
(1, ['RecordCreated', 'MemberAdded', 'HabilitationGranted'])
"""

from carecircle._operations._adding import add_member, create_record
from carecircle._operations._boundary import KEEP, VERSION_CONFLICT, Keep, check_version
from carecircle._operations._change import Change, member_events
from carecircle._operations._decisions import lift_refusal, mark_entered_in_error, record_refusal
from carecircle._operations._editing import (
    end_participation,
    habilitate,
    refresh_member,
    rejoin,
    revoke_habilitation,
    update_member,
)
from carecircle._operations._record import EmergencyPolicy, change_status, open_in_emergency

__all__ = [
    "KEEP",
    "VERSION_CONFLICT",
    "Change",
    "EmergencyPolicy",
    "Keep",
    "add_member",
    "change_status",
    "check_version",
    "create_record",
    "end_participation",
    "habilitate",
    "lift_refusal",
    "mark_entered_in_error",
    "member_events",
    "open_in_emergency",
    "record_refusal",
    "refresh_member",
    "rejoin",
    "revoke_habilitation",
    "update_member",
]
