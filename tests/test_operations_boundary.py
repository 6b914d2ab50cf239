"""Typed boundaries of the operations and the service: a wrong type is the library's coded
``WRONG_TYPE`` (or an instant's code), raised on its own with the path of the argument, never an
``AttributeError``, ``TypeError`` or ``KeyError`` from inside; the record is left as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import carecircle as cc
from carecircle import _operations as operations
from carecircle.roles import PCP
from carecircle.testing import directories, notifiers
from carecircle.testing.builders import (
    directory_professional,
    directory_structure,
    instant,
    patient,
)

if TYPE_CHECKING:  # mypy reads tests/ as a root; pytest (importlib mode) needs the dot
    from helpers.circles import joined
else:
    from .helpers.circles import joined


def _record() -> tuple[cc.CoordinationRecord, cc.Principal]:
    """M1 the creator, M2 an active habilitated professional (a second editor, so that M1's
    habilitation can be revoked: NO_EDITOR_LEFT), M3 a professional who left, refused (R1)
    while they were in the circle."""
    record, actor = joined(directory_professional(2), habilitated=True)
    record = cc.add_member(
        record,
        directory_professional(3),
        actor=actor,
        at=instant(1),
        refusal=cc.Statement(expressed_at=instant(1)),
    ).record
    record = cc.end_participation(record, "M3", actor=actor, at=instant(2)).record
    return record, actor


RECORD, ACTOR = _record()
VERSION = RECORD.version
AT = instant(3)


def _edit(**arguments: Any) -> dict[str, Any]:
    """The arguments of an operation on :data:`RECORD` by :data:`ACTOR` at :data:`AT`, expecting
    its version: ``arguments`` and those every such operation takes.
    """
    return {"record": RECORD, **arguments, "actor": ACTOR, "at": AT, "expected_version": VERSION}


#: The catalogues an operation checking members' codes takes.
CATALOGS = {"catalog": cc.DEFAULT_ROLES, "professions": cc.DEFAULT_PROFESSIONS}


def _calls() -> dict[str, tuple[Callable[..., Any], dict[str, Any]]]:
    """Each public operation with arguments it accepts."""
    return {
        "add_member": (
            cc.add_member,
            _edit(
                member=directory_professional(4),
                roles={PCP},
                description="Suivi",
                habilitated=True,
                habilitation_ends=instant(60),
                refusal=cc.Statement(expressed_at=AT),
                legal_protection=None,
                **CATALOGS,
            ),
        ),
        "update_member": (
            cc.update_member,
            _edit(
                member_id="M2",
                roles={PCP},
                description="Suivi",
                habilitated=True,
                habilitation_ends=instant(60),
                legal_protection=None,
                **CATALOGS,
            ),
        ),
        "habilitate": (cc.habilitate, _edit(member_id="M2", until=instant(60))),
        "revoke_habilitation": (cc.revoke_habilitation, _edit(member_id="M1")),
        "end_participation": (cc.end_participation, _edit(member_id="M2")),
        "rejoin": (
            cc.rejoin,
            _edit(
                member_id="M3",
                roles={PCP},
                habilitated=True,
                habilitation_ends=instant(60),
                **CATALOGS,
            ),
        ),
        "refresh_member": (
            cc.refresh_member,
            _edit(
                member_id="M2",
                entry=attrs.evolve(directory_professional(2), family_name="Durand-Roux"),
                **CATALOGS,
            ),
        ),
        "record_refusal": (
            cc.record_refusal,
            _edit(
                member_id="M2",
                statement=cc.Statement(expressed_at=AT),
                categories=("psychological",),
            ),
        ),
        "lift_refusal": (
            cc.lift_refusal,
            _edit(member_id="M3", refusal_id="R1", statement=cc.Statement(expressed_at=AT)),
        ),
        "mark_entered_in_error": (
            cc.mark_entered_in_error,
            _edit(member_id="M2", reason="le mauvais Dr Durand"),
        ),
        "change_status": (
            cc.change_status,
            _edit(status="suspended", reason="hospitalisation"),
        ),
        "open_in_emergency": (
            cc.open_in_emergency,
            {
                "record": RECORD,
                "principal": cc.Principal(account="pass:77"),
                "reason": "urgence",
                "at": AT,
                "policy": cc.EmergencyPolicy(),
                "expected_version": VERSION,
            },
        ),
        "create_record": (
            cc.create_record,
            {
                "record_id": "DC-2",
                "patient": patient(),
                "creator": ACTOR,
                "creator_entry": directory_professional(1),
                "at": AT,
                "roles": {PCP},
                "description": "Coordination",
                "status": "proposed",
                **CATALOGS,
            },
        ),
    }


CALLS = _calls()
CASES = [
    (name, parameter) for name, (_function, arguments) in CALLS.items() for parameter in arguments
]


def _call(name: str, **changes: Any) -> Any:
    function, arguments = CALLS[name]
    positional = [p for p in ("record", "member_id") if p in arguments and name != "create_record"]
    kwargs = {**arguments, **changes}
    args = [kwargs.pop(p) for p in positional]
    return function(*args, **kwargs)


@pytest.mark.parametrize("name", list(CALLS))
def test_the_reference_calls_are_accepted(name: str) -> None:
    assert _call(name).applied


def _wrong_type(call: Callable[[], object]) -> cc.InvalidValueError:
    with pytest.raises(cc.InvalidValueError) as caught:
        call()
    assert caught.value.code == "WRONG_TYPE"
    return caught.value


class TestWrongTypes:
    """Each wrong type named in the issue, with its code and path."""

    def test_roles_as_a_set_of_str(self) -> None:
        error = _wrong_type(lambda: _call("add_member", roles={"PCP"}))
        assert error.path == "roles[0]"
        assert error.message == "expected a Code"
        assert isinstance(error, ValueError)

    def test_roles_as_a_str(self) -> None:
        error = _wrong_type(lambda: _call("update_member", roles="PCP"))
        assert (error.path, error.message) == ("roles", "expected a set of Code")

    def test_a_role_after_a_good_one_names_its_position(self) -> None:
        error = _wrong_type(lambda: _call("rejoin", roles=[PCP, "QUAL"]))
        assert error.path == "roles[1]"

    def test_record_actor_and_member_id(self) -> None:
        assert _wrong_type(lambda: _call("habilitate", record=None)).path == "record"
        assert _wrong_type(lambda: _call("habilitate", actor="pass:1")).path == "actor"
        assert _wrong_type(lambda: _call("habilitate", member_id=2)).path == "member_id"
        assert _wrong_type(lambda: _call("add_member", member="M4")).path == "member"
        assert _wrong_type(lambda: _call("refresh_member", entry=None)).path == "entry"
        assert _wrong_type(lambda: _call("create_record", creator=None)).path == "creator"
        assert _wrong_type(lambda: _call("create_record", patient="P-1")).path == "patient"

    def test_flags_must_be_bools(self) -> None:
        error = _wrong_type(lambda: _call("add_member", habilitated="yes"))
        assert (error.path, error.message) == ("habilitated", "expected a bool")
        assert _wrong_type(lambda: _call("update_member", habilitated=1)).path == "habilitated"

    @pytest.mark.parametrize(
        ("name", "parameter"),
        [
            ("add_member", "refusal"),
            ("record_refusal", "statement"),
            ("lift_refusal", "statement"),
        ],
    )
    def test_statements_must_be_statements(self, name: str, parameter: str) -> None:
        """R4: a refusal is the patient's statement, not a flag."""
        for value in (True, "patient", AT):
            error = _wrong_type(functools.partial(_call, name, **{parameter: value}))
            assert (error.path, error.message) == (parameter, "expected a Statement")

    def test_expected_version_must_be_an_int(self) -> None:
        for value in ("2", 2.0, True):
            error = _wrong_type(
                functools.partial(_call, "end_participation", expected_version=value)
            )
            assert (error.path, error.message) == ("expected_version", "expected an int")

    def test_text_and_catalog(self) -> None:
        assert _wrong_type(lambda: _call("add_member", description=3)).path == "description"
        assert _wrong_type(lambda: _call("update_member", catalog={})).path == "catalog"
        assert _wrong_type(lambda: _call("create_record", record_id=1)).path == "record_id"

    @pytest.mark.parametrize("name", ["add_member", "update_member", "rejoin", "create_record"])
    def test_professions_must_be_a_catalogue(self, name: str) -> None:
        """Issue 10 item 6: the profession catalogue is checked like the role catalogue."""
        error = _wrong_type(lambda: _call(name, professions=cc.DEFAULT_ROLES))
        assert (error.path, error.message) == ("professions", "expected a ProfessionCatalog")

    @pytest.mark.parametrize("name", ["add_member", "update_member"])
    def test_legal_protection_must_be_a_code(self, name: str) -> None:
        """Issue 10 item 4: a measure is a Code (or None), never its text."""
        error = _wrong_type(lambda: _call(name, legal_protection="TUTEUR"))
        assert (error.path, error.message) == ("legal_protection", "expected a Code")

    @pytest.mark.parametrize(
        ("name", "parameter"),
        [("add_member", "at"), ("habilitate", "until"), ("rejoin", "habilitation_ends")],
    )
    def test_instants(self, name: str, parameter: str) -> None:
        with pytest.raises(cc.InvalidValueError) as caught:
            _call(name, **{parameter: "2026-11-02T09:00:00Z"})
        assert (caught.value.code, caught.value.path) == ("INSTANT_INVALID", parameter)
        with pytest.raises(cc.InvalidValueError) as caught:
            _call(name, **{parameter: dt.datetime(2026, 11, 2, 10)})  # noqa: DTZ001 -- on purpose
        assert (caught.value.code, caught.value.path) == ("NAIVE_DATETIME", parameter)

    def test_a_wrong_type_comes_alone_before_any_rule(self) -> None:
        """The stranger and the wrong type: only the type is reported, on its own."""
        stranger = cc.Principal(account="pass:999")
        error = _wrong_type(lambda: _call("add_member", actor=stranger, habilitated="yes"))
        assert not isinstance(error, cc.ChangeRejected)


_WRONG = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=5),
    st.binary(max_size=3),
    st.lists(st.integers(), max_size=2),
    st.sets(st.text(max_size=3), max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
    st.just(dt.date(2026, 11, 2)),
    st.just(object()),
    st.just(cc.Principal(account="pass:77")),
    st.just(RECORD),
)


@pytest.mark.boundary
@given(case=st.sampled_from(CASES), value=_WRONG)
def test_only_library_errors_come_out(case: tuple[str, str], value: object) -> None:
    """Whatever is given in place of one argument of one operation, the operation returns a
    change or raises a :class:`~carecircle.CareCircleError`; the record passed in is
    left as it was. One property over every (operation, argument): 10,000 examples in all
    under the ``thorough`` profile.
    """
    name, parameter = case
    before = attrs.evolve(RECORD)
    with contextlib.suppress(cc.CareCircleError):
        _call(name, **{parameter: value})
    assert before == RECORD
    assert RECORD.version == VERSION


@pytest.mark.parametrize(("name", "parameter"), CASES)
def test_an_object_in_place_of_each_argument(name: str, parameter: str) -> None:
    """Each (operation, argument) at least once, whatever Hypothesis draws."""
    with contextlib.suppress(cc.CareCircleError):
        _call(name, **{parameter: object()})
    assert RECORD.version == VERSION


def test_every_parameter_of_every_operation_is_covered() -> None:
    for name, (function, arguments) in CALLS.items():
        assert set(inspect.signature(function).parameters) == set(arguments), name
    not_operations = {
        "Change",
        "EmergencyPolicy",
        "KEEP",
        "Keep",
        "VERSION_CONFLICT",
        "check_version",
        "member_events",
    }
    assert set(CALLS) | not_operations == set(operations.__all__)


class TestService:
    @pytest.fixture
    def service(self) -> cc.CareCircleService:
        return cc.CareCircleService(
            professionals=directories.InMemoryProfessionalDirectory(
                [directory_professional(n) for n in (1, 2, 3, 4)]
            ),
            structures=directories.InMemoryStructureDirectory([directory_structure(5)]),
            notifier=notifiers.CapturingNotifier(),
        )

    def test_wrong_types(self, service: cc.CareCircleService) -> None:
        assert _wrong_type(lambda: service.principal(None)).path == "account"  # type: ignore[arg-type]
        assert _wrong_type(lambda: service.professional(8)).path == "national_id"  # type: ignore[arg-type]
        assert _wrong_type(lambda: service.structure(None)).path == "national_id"  # type: ignore[arg-type]
        assert (
            _wrong_type(
                lambda: service.add_professional(
                    None,  # type: ignore[arg-type]
                    actor=ACTOR,
                    national_id="800000000004",
                    at=AT,
                )
            ).path
            == "record"
        )
        assert (
            _wrong_type(
                lambda: service.refresh_member(RECORD, actor=ACTOR, member_id=2, at=AT)  # type: ignore[arg-type]
            ).path
            == "member_id"
        )
        assert (
            _wrong_type(
                lambda: service.add_professional(
                    RECORD,
                    actor=ACTOR,
                    national_id="800000000004",
                    roles={"PCP"},  # type: ignore[arg-type]
                    at=AT,
                )
            ).path
            == "roles[0]"
        )
        assert _wrong_type(lambda: service.dispatch(RECORD)).path == "change"  # type: ignore[arg-type]
        assert (
            _wrong_type(
                lambda: service.create_record(
                    actor="pass:1",  # type: ignore[arg-type]
                    record_id="DC-2",
                    patient=patient(),
                    at=AT,
                )
            ).path
            == "actor"
        )
        assert _wrong_type(lambda: service.who_can_access(None, at=AT)).path == "record"  # type: ignore[arg-type]
        assert _wrong_type(lambda: service.draft_invitation(inviter="pass:1")).path == "inviter"  # type: ignore[arg-type]
