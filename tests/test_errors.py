"""Errors: stable codes, paths, the builtin each maps to, and one group for a rejected change."""

from __future__ import annotations

import pytest

from carecircle import (
    Advisory,
    CareCircleError,
    ChangeRejected,
    ConflictError,
    InvalidValueError,
    NotFoundError,
    PermissionDeniedError,
    Violation,
    ViolationKind,
)


@pytest.mark.parametrize(
    ("kind", "cls", "builtin"),
    [
        (ViolationKind.PERMISSION, PermissionDeniedError, PermissionError),
        (ViolationKind.NOT_FOUND, NotFoundError, LookupError),
        (ViolationKind.VALUE, InvalidValueError, ValueError),
        (ViolationKind.CONFLICT, ConflictError, ValueError),
    ],
)
def test_each_kind_maps_to_its_builtin(
    kind: ViolationKind, cls: type[Exception], builtin: type[Exception]
) -> None:
    error = Violation(code="C", path="p", message="m", kind=kind).to_error()
    assert isinstance(error, cls)
    assert isinstance(error, builtin)
    assert isinstance(error, CareCircleError)
    assert (error.code, error.path, error.message) == ("C", "p", "m")
    assert str(error) == "C at p: m"


def test_of_builds_the_error_of_its_class() -> None:
    error = NotFoundError.of("MEMBER_NOT_FOUND", "members[M9]", "no such member")
    assert error.violation.kind is ViolationKind.NOT_FOUND


def test_group_carries_every_violation() -> None:
    violations = [
        Violation(code="B", path="x", message="m", kind=ViolationKind.PERMISSION),
        Violation(code="A", path="y", message="n"),
    ]
    group = ChangeRejected.from_violations(violations)
    assert group.violations == tuple(violations)
    assert group.codes == ("A", "B")
    assert str(group).startswith("change rejected, 2 violations: A, B")
    assert isinstance(group, CareCircleError)
    with pytest.RaisesGroup(PermissionDeniedError, InvalidValueError):
        raise group
    parts: tuple[object, object] = group.split(PermissionError)
    permission, rest = parts
    assert isinstance(permission, ChangeRejected) and isinstance(rest, ChangeRejected)
    assert (permission.codes, rest.codes) == (("B",), ("A",))
    assert str(permission) == "change rejected, 1 violation: B (1 sub-exception)"


def test_group_needs_a_violation() -> None:
    with pytest.raises(ValueError, match="at least one"):
        ChangeRejected.from_violations([])


def test_advisory_reads_like_a_violation() -> None:
    assert str(Advisory(code="LUHN_CHECK_FAILED", path="rpps", message="key")) == (
        "LUHN_CHECK_FAILED at rpps: key"
    )
