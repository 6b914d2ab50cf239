"""Circles made the way a service makes them: by the operations, from a new record."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import carecircle as cc
from carecircle.testing.builders import instant, new_record


def statement(minutes: int) -> cc.Statement:
    """The patient's own statement (a refusal, its lifting), expressed at minute ``minutes``."""
    return cc.Statement(expressed_at=instant(minutes))


def joined(member: cc.Member, **options: Any) -> tuple[cc.CoordinationRecord, cc.Principal]:
    """A new record where its creator (``pass:1``, M1) added ``member`` as M2 at minute 1,
    with the other ``options`` of :func:`carecircle.add_member`; and that creator.
    """
    record, creator = new_record()
    change = cc.add_member(record, member, actor=creator, at=instant(1), **options)
    return change.record, creator


def circle_of(
    *joining: tuple[cc.Member, Mapping[str, Any]],
) -> tuple[cc.CoordinationRecord, cc.Principal]:
    """A new record where its creator (``pass:1``, M1) added each member as M2, M3, … at
    minutes 1, 2, …, with its options of :func:`carecircle.add_member`; and that creator.
    """
    record, creator = new_record()
    for minute, (member, options) in enumerate(joining, start=1):
        record = cc.add_member(record, member, actor=creator, at=instant(minute), **options).record
    return record, creator


def circle_with(
    *members: tuple[cc.Member, bool, bool],
) -> tuple[cc.CoordinationRecord, cc.Principal]:
    """:func:`circle_of` members given as ``(member, habilitated, refused)``: a refused member
    refused sharing as they joined (R4).
    """
    return circle_of(
        *(
            (
                member,
                {
                    "habilitated": habilitated,
                    "refusal": statement(minute) if refused else None,
                },
            )
            for minute, (member, habilitated, refused) in enumerate(members, start=1)
        )
    )
