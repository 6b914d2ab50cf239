"""The authorization model, in OpenFGA's DSL, generated from a habilitation matrix."""

from __future__ import annotations

from typing import Final

from carecircle._access.effective import check_matrix
from carecircle._access.matrix import HabilitationMatrix
from carecircle._errors import InvalidValueError
from carecircle.interop.openfga._windows import CONDITION

__all__ = ["MAX_CATEGORY_LENGTH", "authorization_model", "category_names"]

#: OpenFGA relation names hold at most 50 characters; the longest prefix, ``can_write_``, 10.
MAX_CATEGORY_LENGTH: Final = 40


def category_names(matrix: HabilitationMatrix) -> tuple[str, ...]:
    """The matrix's declared categories, in its order, each checked to fit a relation name
    (``CATEGORY_NOT_EXPORTABLE`` for one longer than :data:`MAX_CATEGORY_LENGTH`).
    """
    matrix = check_matrix(matrix)
    for i, name in enumerate(matrix.categories):
        if len(name) > MAX_CATEGORY_LENGTH:
            raise InvalidValueError.of(
                "CATEGORY_NOT_EXPORTABLE",
                f"matrix.categories[{i}]",
                f"an OpenFGA relation name holds a category of at most {MAX_CATEGORY_LENGTH} "
                "characters",
            )
    return matrix.categories


def _type(name: str, relations: list[str]) -> list[str]:
    lines = [f"type {name}"]
    if relations:
        lines.append("  relations")
        lines += [f"    define {r}" for r in relations]
    return lines


def authorization_model(matrix: HabilitationMatrix) -> str:
    """The OpenFGA authorization model (DSL, schema 1.1) of the access rules for ``matrix``.

    Types: ``user`` (a PASS account), ``directory`` (who holds an active account now),
    ``profession`` (its members), ``matrix`` (``read_<category>`` / ``write_<category>``
    granted to professions, write implying read), ``structure`` (its delegates, R3),
    ``placement`` (a structure's membership of one record: legal entity, granting windows,
    refusals) and ``record``, whose ``can_read_<category>``, ``can_write_<category>`` and
    ``can_open`` relations are what :func:`carecircle.decide` and the listings answer.
    Time-bound tuples carry the ``within`` condition (a ``map<timestamp>`` of windows).

    >>> from carecircle import EXAMPLE_MATRIX
    >>> dsl = authorization_model(EXAMPLE_MATRIX)
    >>> dsl.splitlines()[:2]
    ['model', '  schema 1.1']
    >>> "define can_write_medical: reach_medical and write_medical from matrix" in dsl
    True
    """
    categories = category_names(matrix)
    grid: list[str] = []
    placement = [
        "structure: [structure]",
        "legal_entity: [user:*]",
        "granting: [user:* with within]",
        "refused: [user:* with within]",
    ]
    record = [
        "directory: [directory]",
        "matrix: [matrix]",
        "placement: [placement]",
        "circle_active: [user:* with within]",
        "member: [user with within]",
        "refused: [user with within]",
        "identity_mismatch: [user]",
        "active_account: active_account from directory",
    ]
    for c in categories:
        grid += [f"write_{c}: [profession#member]", f"read_{c}: [profession#member] or write_{c}"]
        placement.append(f"refused_{c}: [user:* with within]")
        record += [
            f"refused_{c}: [user with within]",
            f"closed_{c}: refused or refused_{c} or identity_mismatch",
            (
                f"reach_{c}: ((member or delegate_{c} from placement) and active_account"
                f" and circle_active) but not closed_{c}"
            ),
            f"can_read_{c}: reach_{c} and read_{c} from matrix",
            f"can_write_{c}: reach_{c} and write_{c} from matrix",
        ]
    placement.append(
        "delegate: (delegate from structure and legal_entity and granting) but not refused"
    )
    placement += [f"delegate_{c}: delegate but not refused_{c}" for c in categories]
    record.append("can_open: " + " or ".join(f"can_read_{c}" for c in categories))
    lines = ["model", "  schema 1.1", ""]
    for name, relations in (
        ("user", []),
        ("directory", ["active_account: [user]"]),
        ("profession", ["member: [user]"]),
        ("matrix", grid),
        ("structure", ["delegate: [user]"]),
        ("placement", placement),
        ("record", record),
    ):
        lines += [*_type(name, relations), ""]
    return "\n".join(lines) + CONDITION + "\n"
