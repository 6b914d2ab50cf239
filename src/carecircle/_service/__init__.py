"""The service layer (*couche de service*): every action of the user guide over the ports.

:class:`CareCircleService` holds a :class:`~carecircle.ProfessionalDirectory`, a
:class:`~carecircle.StructureDirectory` and a :class:`~carecircle.Notifier`. Each action looks
up what the core needs, calls one pure operation and returns its :class:`~carecircle.Change`:
it adds no rule of its own (a rejected change raises the core's
:class:`~carecircle.ChangeRejected`) and sends nothing. The caller stores the change, then
hands it to :meth:`~CareCircleService.dispatch`, or lets :meth:`~CareCircleService.commit` do
both in that order: no mail leaves before the record is stored.

>>> import datetime as dt
>>> import carecircle as cc
>>> from carecircle.testing import directories, notifiers, sample, stores
>>> data = sample.occitanie()
>>> notifier = notifiers.CapturingNotifier()
>>> service = CareCircleService(
...     professionals=directories.InMemoryProfessionalDirectory(data.professionals),
...     structures=directories.InMemoryStructureDirectory(data.structures),
...     notifier=notifier)
>>> at = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
>>> me = service.principal(data.coordinator.account.id)
>>> store = stores.InMemoryRecordStore()
>>> created = service.create_record(actor=me, record_id="DC-1", at=at,
...     patient=cc.Patient(patient_id="P-1", family_name="Martin", given_name="Louise"))
>>> _ = service.commit(created, store=store)
>>> change = service.add_professional(store.load("DC-1"), actor=me,
...     national_id=data.gp.national_id, habilitated=True, at=at + dt.timedelta(minutes=1))
>>> notifier.sent                                  # applied, not stored: nothing sent
[]
>>> _ = service.commit(change, store=store)       # stored, then dispatched
>>> [n.recipient for n in notifier.sent] == [data.gp.account.id]
True
"""

from __future__ import annotations

from carecircle._service._editing import EditingActions
from carecircle._service._inviting import InvitationActions
from carecircle._service._members import MemberActions
from carecircle._service._record import RecordActions

__all__ = ["CareCircleService"]


class CareCircleService(RecordActions, MemberActions, EditingActions, InvitationActions):
    """The guide's actions in one call each (*couche de service*): look up, apply one
    operation, hand the change back; send only through :meth:`dispatch` or :meth:`commit`.

    Every action has one shape: ``service.<action>(record, *, actor=..., ..., at=...,
    expected_version=None) -> Change``, the record first and alone positional, everything
    else by keyword, the instant always given (no clock), ``expected_version`` the version the
    caller read (``VERSION_CONFLICT`` before any look-up when the record is at another one).
    :meth:`create_record` has no record yet and no version.

    Its fields, each checked when the service is built (``WRONG_TYPE`` at its name): the PASS
    directory (``professionals``), the regional directory (``structures``), the ``notifier``;
    the habilitation ``matrix`` that :meth:`who_can_access` uses; the role ``catalog`` and the
    ``professions`` members are judged by; the PASS portal invitations point to
    (``portal_url``) and the platform they name (``platform``, G13); the ``emergency`` policy
    that says how long an emergency access lasts (4 hours unless given).

    >>> from carecircle.testing import directories, notifiers
    >>> service = CareCircleService(professionals=directories.InMemoryProfessionalDirectory(),
    ...     structures=directories.InMemoryStructureDirectory(),
    ...     notifier=notifiers.CapturingNotifier())
    >>> service.emergency.duration
    datetime.timedelta(seconds=14400)
    >>> CareCircleService(professionals=None, structures=None, notifier=None)
    Traceback (most recent call last):
    ...
    carecircle.InvalidValueError: WRONG_TYPE at professionals: expected a ProfessionalDirectory
    """

    __slots__ = ()
