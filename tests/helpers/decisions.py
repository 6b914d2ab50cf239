"""What the decision and listing tests share: members joining a record at a minute, the
categories every decision is asked about, the matrices properties judge with.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from hypothesis import strategies as st

import carecircle as cc
from carecircle.testing import strategies
from carecircle.testing.builders import directory_professional, instant

#: The creator of the records these tests build (``pass:1``, M1, a médecin: G1).
CREATOR: Final = cc.Principal.from_entry(directory_professional(1))

#: The categories asked about beyond a matrix's own: the standard ones, one a service may
#: declare, one nobody declares (R1: unknown, denied).
ASKED: Final = (*cc.Category, "nutrition", "no-such-category")

#: The example matrix or any a service could declare.
MATRICES: Final = st.one_of(st.just(cc.EXAMPLE_MATRIX), strategies.matrices())


def asked(matrix: cc.HabilitationMatrix) -> tuple[str, ...]:
    """What decisions are asked about: the matrix's categories, the standard ones and two
    it may not declare.
    """
    return tuple(dict.fromkeys((*matrix.categories, *ASKED)))


def join(
    record: cc.CoordinationRecord,
    member: cc.Member,
    *,
    minute: int,
    habilitated: bool = True,
    refused: bool = False,
    until: dt.datetime | None = None,
) -> cc.CoordinationRecord:
    """``record`` with ``member`` added by :data:`CREATOR` at ``minute``, habilitated (until
    ``until``, when given) or not, refused sharing as they joined when ``refused`` (R4).
    """
    return cc.add_member(
        record,
        member,
        actor=CREATOR,
        at=instant(minute),
        habilitated=habilitated,
        habilitation_ends=until,
        refusal=cc.Statement(expressed_at=instant(minute)) if refused else None,
    ).record
