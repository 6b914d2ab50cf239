"""The contract of :class:`~carecircle.Notifier`."""

from __future__ import annotations

from collections.abc import Sequence

from carecircle._notifications import HabilitationNotice, Notification
from carecircle._ports import Notifier
from carecircle.testing.builders import instant
from carecircle.testing.contracts.checks import check

__all__ = ["NotifierContract"]


def _notices() -> tuple[HabilitationNotice, ...]:
    return (
        HabilitationNotice(
            record_id="DC-contract-1",
            member_id="M2",
            recipient="pass:contract-1",
            structure=False,
            at=instant(0),
        ),
        HabilitationNotice(
            record_id="DC-contract-1",
            member_id="M3",
            recipient="1310000013",
            structure=True,
            at=instant(0),
        ),
        HabilitationNotice(
            record_id="DC-contract-2",
            member_id="M2",
            recipient="pass:contract-1",
            structure=False,
            at=instant(5),
        ),
    )


class NotifierContract:
    """What every :class:`~carecircle.Notifier` must do, as far as the library can see.

    Subclass it as ``class TestMyNotifier(NotifierContract)`` and implement
    :meth:`make_notifier` (a fresh notifier, having sent nothing) and :meth:`sent` (what that
    notifier has delivered or queued so far, in order: read back from your outbox or queue).
    """

    def make_notifier(self) -> Notifier:
        """A fresh notifier."""
        raise NotImplementedError

    def sent(self, notifier: Notifier) -> Sequence[Notification]:
        """What ``notifier`` has delivered or queued, oldest first."""
        raise NotImplementedError

    def test_is_a_notifier(self) -> None:
        check(isinstance(self.make_notifier(), Notifier), "the notifier has notify")

    def test_a_fresh_notifier_has_sent_nothing(self) -> None:
        found = list(self.sent(self.make_notifier()))
        check(found == [], f"a fresh notifier: found {found!r}")

    def test_notifications_are_received_in_order(self) -> None:
        notifier, notices = self.make_notifier(), _notices()
        for notice in notices:
            notifier.notify(notice)
        found = list(self.sent(notifier))
        check(found == list(notices), f"expected {list(notices)!r}, found {found!r}")
