"""OpenFGA export (*export OpenFGA*): the access rules as an authorization model, records as
relationship tuples, so that an OpenFGA server answers what :func:`carecircle.decide` answers.

- :func:`authorization_model`: the model (DSL, schema 1.1) for a habilitation matrix's
  categories;
- :func:`relationship_tuples`: the tuples of records, the matrix's grants and the
  directory's facts about principals, as dicts in the shape of an ``fga`` tuple file;
- :func:`user_id`, :func:`object_id`, :func:`encode`, :func:`timestamp`: the ids and the
  ``current_time`` every check passes in its context.

What the export cannot say (emergency accesses, undeclared categories, the reasons of a
denial) stays with the library: see ``docs/openfga.md``.

>>> from carecircle import EXAMPLE_MATRIX
>>> from carecircle.testing.builders import EPOCH, new_record
>>> record, creator = new_record()
>>> tuples = relationship_tuples([record], matrix=EXAMPLE_MATRIX, principals=[creator])
>>> [t for t in tuples if t["relation"] == "member" and t["object"] == "record:DC-1"]
... # doctest: +NORMALIZE_WHITESPACE
[{'user': 'user:pass%3A1', 'relation': 'member', 'object': 'record:DC-1',
  'condition': {'name': 'within',
                'context': {'windows': {'2026-11-02T09:00:00.000000Z':
                                        '9999-12-31T23:59:59.999999Z'}}}}]
"""

from __future__ import annotations

from carecircle.interop.openfga._ids import (
    DIRECTORY,
    MATRIX,
    decode,
    encode,
    object_id,
    placement_id,
    profession_id,
    structure_id,
    user_id,
)
from carecircle.interop.openfga._model import (
    MAX_CATEGORY_LENGTH,
    authorization_model,
    category_names,
)
from carecircle.interop.openfga._tuples import relationship_tuples
from carecircle.interop.openfga._windows import CONDITION, DAWN, NEVER, timestamp

__all__ = [
    "CONDITION",
    "DAWN",
    "DIRECTORY",
    "MATRIX",
    "MAX_CATEGORY_LENGTH",
    "NEVER",
    "authorization_model",
    "category_names",
    "decode",
    "encode",
    "object_id",
    "placement_id",
    "profession_id",
    "relationship_tuples",
    "structure_id",
    "timestamp",
    "user_id",
]
