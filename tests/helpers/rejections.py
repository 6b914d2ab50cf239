"""What a rejected change raises, asserting it is raised (R11: every problem, with its code)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import carecircle as cc


def rejected(call: Callable[[], object]) -> cc.ChangeRejected:
    """The ChangeRejected raised by ``call()``, asserting it is raised."""
    with pytest.raises(cc.ChangeRejected) as caught:
        call()
    return caught.value


def codes_of(call: Callable[[], object]) -> list[str]:
    """The codes of the ChangeRejected raised by ``call()``, sorted."""
    return sorted(rejected(call).codes)
