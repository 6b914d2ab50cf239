"""The patient's sharing refusals (*refus de partage*, CSP L1110-4 and R1110-3) and corrections.

A refusal is the patient's decision, not a professional's: it records who expressed it (the
patient, or a member who is their legal representative), when, and optionally how it was
collected, apart from the actor who recorded it in the circle and when. Lifting it needs the
same. Nothing is overwritten: a lifted refusal keeps its statement and gains a
:class:`Lifting`; a membership keeps every refusal it ever had (R4, R9).

A refusal covers the whole record, or only some information categories (the patient refuses
psychological information to the pharmacist). It stands from the instant it was recorded up to,
not including, the instant its lifting was recorded.

>>> import datetime as dt
>>> at = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
>>> said = Statement(expressed_at=at, collected=Collection.ORAL)
>>> refusal = Refusal(refusal_id="R1", statement=said, recorded_by="pass:4711", recorded_at=at,
...     categories={"psychological"})
>>> refusal.stands_at(at), refusal.whole, sorted(refusal.categories)
(True, False, ['psychological'])
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Final

import attrs

from carecircle._errors import InvalidValueError, wrong_type
from carecircle._model._fields import (
    enum_value,
    free_text,
    instance_of,
    instant,
    one_line,
    required_text,
    strings,
)

__all__ = [
    "CATEGORY_NAME",
    "PATIENT",
    "Collection",
    "EnteredInError",
    "Lifting",
    "Refusal",
    "Statement",
    "categories_of",
]

#: Who expressed a statement when it is the patient themself (else: a member id).
PATIENT: Final = "patient"

#: What an information category's name looks like (as habilitation matrices declare them).
CATEGORY_NAME: Final = re.compile(r"[a-z][a-z0-9_-]{0,62}")


class Collection(StrEnum):
    """How the patient's statement was collected (*recueil*)."""

    ORAL = "oral"
    WRITTEN = "written"
    ELECTRONIC = "electronic"


def _expressed_by(value: object) -> str:
    found = one_line(value, "statement.expressed_by")
    if not found:
        raise InvalidValueError.of(
            "TEXT_REQUIRED", "statement.expressed_by", "say who expressed it: 'patient' or a member"
        )
    return found


def _collected(value: object) -> Collection | None:
    if value is None:
        return None
    return enum_value(Collection, value, "statement.collected", "COLLECTION_INVALID")


@attrs.frozen(kw_only=True)
class Statement:
    """What the patient (``expressed_by="patient"``) or their legal representative (the member
    id of a member holding the GUARD role) said, when, and how it was collected.
    """

    expressed_by: str = attrs.field(default=PATIENT, converter=_expressed_by)
    expressed_at: dt.datetime = instant("statement.expressed_at")
    collected: Collection | None = attrs.field(default=None, converter=_collected)

    @property
    def by_patient(self) -> bool:
        return self.expressed_by == PATIENT


def _category(value: str, path: str) -> str:
    if not CATEGORY_NAME.fullmatch(value):
        raise InvalidValueError.of(
            "CATEGORY_INVALID", path, "a category is lower-case letters, digits, '_' or '-'"
        )
    # A plain str, also for a cc.Category member: documents hold plain strings, and a record
    # must equal the one its document gives back.
    return str.__str__(value)


def categories_of(values: object, path: str = "refusal.categories") -> frozenset[str]:
    """Information categories as a refusal holds them: a set of category names (a lone
    ``str`` refused), each checked (``CATEGORY_INVALID``, a blank name too: dropping it would
    turn a refusal of some categories into one of the whole record).
    """
    return strings(values, path, _category, drop_blank=False)


def _categories(values: object) -> frozenset[str]:
    return categories_of(values)


def _recorded_later(statement: Statement, recorded_at: dt.datetime, path: str) -> None:
    if statement.expressed_at > recorded_at:
        raise InvalidValueError.of(
            "EXPRESSED_AFTER_RECORDED", path, "a statement is recorded after it is expressed"
        )


@attrs.frozen(kw_only=True)
class Lifting:
    """The lifting of a refusal: the patient's (or representative's) statement, recorded."""

    statement: Statement = attrs.field(
        validator=instance_of(Statement, "lifting.statement", "a Statement")
    )
    recorded_by: str = required_text("lifting.recorded_by")
    recorded_at: dt.datetime = instant("lifting.recorded_at")

    def __attrs_post_init__(self) -> None:
        _recorded_later(self.statement, self.recorded_at, "lifting.statement.expressed_at")


def _lifted(value: object) -> Lifting | None:
    if value is None or isinstance(value, Lifting):
        return value
    raise wrong_type("refusal.lifted", "a Lifting")


def _refusal_id(value: object) -> str:
    found = one_line(value, "refusal.refusal_id")
    if not found or "[" in found or "]" in found:
        raise InvalidValueError.of(
            "REFUSAL_ID_INVALID",
            "refusal.refusal_id",
            "a refusal id is a non-empty text, no bracket",
        )
    return found


@attrs.frozen(kw_only=True)
class Refusal:
    """One sharing refusal of a membership, standing over ``[recorded_at, lifted.recorded_at)``.

    ``categories`` empty: the whole record; else only these information categories.
    """

    refusal_id: str = attrs.field(converter=_refusal_id)
    statement: Statement = attrs.field(
        validator=instance_of(Statement, "refusal.statement", "a Statement")
    )
    recorded_by: str = required_text("refusal.recorded_by")
    recorded_at: dt.datetime = instant("refusal.recorded_at")
    categories: frozenset[str] = attrs.field(default=frozenset(), converter=_categories)
    lifted: Lifting | None = attrs.field(default=None, converter=_lifted)

    def __attrs_post_init__(self) -> None:
        _recorded_later(self.statement, self.recorded_at, "refusal.statement.expressed_at")
        if self.lifted is not None and self.lifted.recorded_at < self.recorded_at:
            raise InvalidValueError.of(
                "PERIOD_ENDS_BEFORE_START",
                "refusal.lifted.recorded_at",
                "a refusal cannot be lifted before it is recorded",
            )

    @property
    def whole(self) -> bool:
        """True when the refusal covers the whole record (no category named)."""
        return not self.categories

    @property
    def ends(self) -> dt.datetime | None:
        """The instant the refusal stopped standing (its lifting recorded), if it did."""
        return None if self.lifted is None else self.lifted.recorded_at

    @property
    def standing(self) -> bool:
        """True while the refusal has not been lifted."""
        return self.lifted is None

    def stands_at(self, at: dt.datetime) -> bool:
        ends = self.ends
        return self.recorded_at <= at and (ends is None or at < ends)

    def covers(self, category: str) -> bool:
        """True when the refusal holds for ``category`` (a whole refusal holds for every one)."""
        return not self.categories or category in self.categories


@attrs.frozen(kw_only=True)
class EnteredInError:
    """A membership entered in error (*saisie erronée*: the wrong Dr Durand): who said so, when,
    and why (free text, never in the ``repr``, R12).
    """

    at: dt.datetime = instant("entered_in_error.at")
    by: str = required_text("entered_in_error.by")
    reason: str = free_text("entered_in_error.reason")
