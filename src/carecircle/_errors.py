"""Errors (*erreurs*): one base class, structured violations, one group for rejected changes.

Every problem a caller can trigger has a stable machine ``code``, a ``path`` naming the field
at fault, and an English ``message``; ``message_fr`` is the French message of its code from the
catalogue (``docs/messages.md``). Messages never quote the value at fault when that value could
be a contact detail or an INS number (R12): they say what is wrong, not what was typed.

Each concrete error also subclasses the builtin a caller would naturally catch:
:class:`PermissionError` for an actor without access, :class:`LookupError` for an unknown member
or code,
:class:`ValueError` for a bad value.

>>> v = Violation(code="NOT_ELIGIBLE", path="members[M2].habilitated",
...               message="only directory members may be habilitated")
>>> err = ChangeRejected.from_violations([v])
>>> err.codes
('NOT_ELIGIBLE',)
>>> isinstance(err.exceptions[0], ValueError)
True
>>> wrong_type("roles[0]", "a Code").message_fr
'Cette valeur n’est pas du type attendu.'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Self

import attrs

__all__ = [
    "WRONG_TYPE",
    "Advisory",
    "CareCircleError",
    "ChangeRejected",
    "ConflictError",
    "InputRejected",
    "InvalidValueError",
    "NotFoundError",
    "PermissionDeniedError",
    "Violation",
    "ViolationError",
    "ViolationGroup",
    "ViolationKind",
    "wrong_type",
]

#: The code of a value of the wrong type given to a public constructor or function.
WRONG_TYPE = "WRONG_TYPE"


class ViolationKind(StrEnum):
    """What kind of problem a violation is; picks the builtin exception it maps to."""

    PERMISSION = "permission"
    NOT_FOUND = "not_found"
    VALUE = "value"
    CONFLICT = "conflict"


@attrs.frozen(kw_only=True)
class Violation:
    """One broken rule: a stable ``code``, the ``path`` of the field, an English ``message``.

    Rule modules return violations from ``check`` and never raise; ``validate`` turns them
    into a :class:`ChangeRejected`.
    """

    code: str
    path: str
    message: str
    kind: ViolationKind = ViolationKind.VALUE

    def to_error(self) -> ViolationError:
        """The exception for this violation, of the class its kind calls for."""
        return _ERROR_CLASS[self.kind](self)

    @property
    def message_fr(self) -> str:
        """The French message of this violation's code (*le message en français*), generic:
        no value of the data, hence never a contact detail. A code the catalogue does not
        hold (a service's own) gives the English ``message``.
        """
        return _french(self.code, self.message)

    def __str__(self) -> str:
        return f"{self.code} at {self.path}: {self.message}"


@attrs.frozen(kw_only=True)
class Advisory:
    """A warning the caller can see, not a rejection: same ``code``, ``path``, ``message`` shape.

    For example a failed Luhn key on an RPPS number (real ANS test numbers fail it).
    """

    code: str
    path: str
    message: str

    @property
    def message_fr(self) -> str:
        """The French message of this advisory's code, as :attr:`Violation.message_fr`."""
        return _french(self.code, self.message)

    def __str__(self) -> str:
        return f"{self.code} at {self.path}: {self.message}"


def _french(code: str, english: str) -> str:
    from carecircle import _messages  # noqa: PLC0415 -- the catalogue imports this module

    return _messages.french(code, english)


class CareCircleError(Exception):
    """Base class of every error raised by :mod:`carecircle`."""


class ViolationError(CareCircleError):
    """An error that carries one :class:`Violation` (``code``, ``path``, ``message``)."""

    def __init__(self, violation: Violation) -> None:
        super().__init__(str(violation))
        self.violation = violation

    @property
    def code(self) -> str:
        return self.violation.code

    @property
    def path(self) -> str:
        return self.violation.path

    @property
    def message(self) -> str:
        return self.violation.message

    @property
    def message_fr(self) -> str:
        """The French message of the violation's code (:attr:`Violation.message_fr`)."""
        return self.violation.message_fr

    @classmethod
    def of(cls, code: str, path: str, message: str) -> Self:
        """Build the error directly from its three parts."""
        kind = next(k for k, c in _ERROR_CLASS.items() if c is cls)
        return cls(Violation(code=code, path=path, message=message, kind=kind))


class PermissionDeniedError(ViolationError, PermissionError):
    """The actor may not make this change (R6)."""


class NotFoundError(ViolationError, LookupError):
    """Nothing has this identifier: no member of the circle, no concept of a code system."""


class InvalidValueError(ViolationError, ValueError):
    """A value is malformed, unknown or not allowed here."""


class ConflictError(ViolationError, ValueError):
    """The change clashes with the circle as it stands (a unique role, a duplicate member)."""


_ERROR_CLASS: dict[ViolationKind, type[ViolationError]] = {
    ViolationKind.PERMISSION: PermissionDeniedError,
    ViolationKind.NOT_FOUND: NotFoundError,
    ViolationKind.VALUE: InvalidValueError,
    ViolationKind.CONFLICT: ConflictError,
}


def wrong_type(path: str, expected: str) -> InvalidValueError:
    """The error for a value of the wrong type at ``path``: ``expected`` says what was wanted
    (``"a str"``, ``"a set of Code"``). The value itself is never quoted (R12).

    >>> str(wrong_type("roles[0]", "a Code"))
    'WRONG_TYPE at roles[0]: expected a Code'
    """
    return InvalidValueError.of(WRONG_TYPE, path, f"expected {expected}")


def _summary(verdict: str, errors: Sequence[ViolationError]) -> str:
    codes = ", ".join(sorted({e.code for e in errors}))
    noun = "violation" if len(errors) == 1 else "violations"
    return f"{verdict}, {len(errors)} {noun}: {codes}"


class ViolationGroup(ExceptionGroup[ViolationError], CareCircleError):  # noqa: N818 -- a group, not one error
    """Every violation found at once (R11), as an :class:`ExceptionGroup` of
    :class:`ViolationError`: ``except* PermissionError`` works, and the violations are also
    offered as plain values. Subclasses say what was rejected.
    """

    #: The first words of the group's message.
    verdict = "rejected"
    #: The first words of its French summary (:attr:`summary_fr`).
    verdict_fr = "refusé"

    def __new__(cls, message: str, exceptions: Sequence[ViolationError]) -> Self:
        return super().__new__(cls, message, exceptions)

    @classmethod
    def from_violations(cls, violations: Iterable[Violation]) -> Self:
        found = tuple(violations)
        if not found:
            raise ValueError("a rejection needs at least one violation")
        errors = [v.to_error() for v in found]
        return cls(_summary(cls.verdict, errors), errors)

    def derive(self, excs: Sequence[ViolationError]) -> Self:  # type: ignore[override]
        # ``except*`` and ``split`` derive groups of fewer violations: keep the summary true.
        return type(self)(_summary(self.verdict, excs), excs)

    @property
    def violations(self) -> tuple[Violation, ...]:
        """The violations, in the order the rules found them."""
        return tuple(e.violation for e in self.exceptions if isinstance(e, ViolationError))

    @property
    def codes(self) -> tuple[str, ...]:
        """The violation codes, sorted, one per violation."""
        return tuple(sorted(v.code for v in self.violations))

    @property
    def summary_fr(self) -> str:
        """The group's message in French: what was refused, how many problems, their codes
        (each violation's :attr:`~Violation.message_fr` says it in words).

        >>> ChangeRejected.from_violations([wrong_type("at", "a datetime").violation]).summary_fr
        'modification refusée, 1 problème : WRONG_TYPE'
        """
        count = len(self.exceptions)
        noun = "problème" if count == 1 else "problèmes"
        return f"{self.verdict_fr}, {count} {noun} : {', '.join(sorted(set(self.codes)))}"


class ChangeRejected(ViolationGroup):
    """A change was rejected: every broken rule at once (R11); the record is unchanged."""

    verdict = "change rejected"
    verdict_fr = "modification refusée"


class InputRejected(ViolationGroup):
    """Plain data (a habilitation matrix read from TOML or JSON…) was rejected: every problem
    at once, each with the path of the entry at fault; nothing was built.
    """

    verdict = "input rejected"
    verdict_fr = "données refusées"


# Tracebacks name the errors where users import them (``carecircle.InvalidValueError``), not
# this private module. Only the exceptions: they hold no annotations to resolve in their module.
for _error in (
    CareCircleError,
    ViolationError,
    PermissionDeniedError,
    NotFoundError,
    InvalidValueError,
    ConflictError,
    ViolationGroup,
    ChangeRejected,
    InputRejected,
):
    _error.__module__ = "carecircle"
