"""Circles made the way a service makes them: by the operations, from a new record."""

from __future__ import annotations

from typing import Any

import carecircle as cc
from carecircle.testing.builders import instant, new_record


def joined(member: cc.Member, **options: Any) -> tuple[cc.CoordinationRecord, cc.Principal]:
    """A new record where its creator (``pass:1``, M1) added ``member`` as M2 at minute 1,
    with the other ``options`` of :func:`carecircle.add_member`; and that creator.
    """
    record, creator = new_record()
    change = cc.add_member(record, member, actor=creator, at=instant(1), **options)
    return change.record, creator
