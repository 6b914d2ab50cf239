"""Serialization (*sérialisation*): every public value as a versioned, deterministic JSON document.

A document is an envelope ``{"schema": 1, "type": "<class>", "value": ...}``; the same value
always gives the same text (keys sorted, compact, sets sorted), so stores can hash and diff
documents. Reading one checks everything the constructors check and reports every problem at
once, each with its JSON path and code, as one :class:`~carecircle.InputRejected`. The
format is described in ``docs/serialization.md``. Built on cattrs; import it explicitly
(``import carecircle`` does not).

>>> import datetime as dt
>>> from carecircle import Participation
>>> at = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
>>> text = to_json(Participation(start=at, added_by="pass:4711"))
>>> text
'{"schema":1,"type":"Participation","value":{"added_by":"pass:4711","end":null,"ended_by":null,"start":"2026-11-02T09:00:00Z"}}'
>>> from_json(text, Participation).start == at
True
"""

from carecircle.serialization._converter import EVENT_TAG, MEMBER_TAG, TAG_UNKNOWN, UNION_TAG
from carecircle.serialization._documents import (
    DOCUMENT_TYPE_MISMATCH,
    DUPLICATE_KEY,
    MALFORMED_JSON,
    SCHEMA_VERSION,
    SCHEMA_VERSION_UNSUPPORTED,
    TYPE_UNSUPPORTED,
    Codec,
)
from carecircle.serialization._forms import CODE_INVALID, DATE_INVALID, VALUE_UNKNOWN
from carecircle.serialization._problems import KEY_REQUIRED, UNKNOWN_KEY, VALUE_INVALID

__all__ = [
    "CODE_INVALID",
    "DATE_INVALID",
    "DEFAULT_CODEC",
    "DOCUMENT_TYPE_MISMATCH",
    "DUPLICATE_KEY",
    "EVENT_TAG",
    "KEY_REQUIRED",
    "MALFORMED_JSON",
    "MEMBER_TAG",
    "SCHEMA_VERSION",
    "SCHEMA_VERSION_UNSUPPORTED",
    "TAG_UNKNOWN",
    "TYPE_UNSUPPORTED",
    "UNION_TAG",
    "UNKNOWN_KEY",
    "VALUE_INVALID",
    "VALUE_UNKNOWN",
    "Codec",
    "check_rules",
    "from_document",
    "from_json",
    "structure",
    "to_document",
    "to_json",
    "unstructure",
]

#: The codec of the module-level functions: the default profession and role catalogues.
DEFAULT_CODEC = Codec()

unstructure = DEFAULT_CODEC.unstructure
structure = DEFAULT_CODEC.structure
to_document = DEFAULT_CODEC.to_document
from_document = DEFAULT_CODEC.from_document
to_json = DEFAULT_CODEC.to_json
from_json = DEFAULT_CODEC.from_json
check_rules = DEFAULT_CODEC.check_rules
