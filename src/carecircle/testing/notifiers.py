"""A notifier double (*notificateur de test*): :class:`CapturingNotifier` keeps what it is given.

It implements :class:`~carecircle.Notifier` and passes
:class:`~carecircle.testing.contracts.NotifierContract`.
"""

from __future__ import annotations

from carecircle._notifications import Notification

__all__ = ["CapturingNotifier"]


class CapturingNotifier:
    """A :class:`~carecircle.Notifier` that keeps what it is given, in order, in
    :attr:`sent`.

    >>> notifier = CapturingNotifier()
    >>> notifier.sent
    []
    """

    def __init__(self) -> None:
        self.sent: list[Notification] = []

    def notify(self, notification: Notification) -> None:
        """Append ``notification`` to :attr:`sent`."""
        self.sent.append(notification)

    def clear(self) -> None:
        """Forget what was sent."""
        self.sent.clear()
