"""Column declarations: one place that ties a record field to its Arrow type and its meaning.

Every table record in this package is a dataclass whose fields are declared with :func:`column`. The Arrow
schema, the Parquet writer and the data dictionary are all derived from those declarations, so a column is
described exactly once.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
from typing import Any, Dict, Iterable, Type

import pyarrow as pa

UTC_TIMESTAMP = pa.timestamp("us", tz="UTC")
STRING_LIST = pa.list_(pa.string())
SPAN_LIST = pa.list_(pa.struct([("start", pa.int32()), ("end", pa.int32())]))      # character spans of a text


def column(arrow_type: pa.DataType, doc: str, example: Any = None, nullable: bool = True, default: Any = None):
    """A dataclass field that carries its Arrow type, a one-line meaning and an example value."""
    meta = {"arrow_type": arrow_type, "doc": doc, "example": example, "nullable": nullable}
    if isinstance(default, list) or pa.types.is_list(arrow_type):
        return dataclasses.field(default_factory=list, metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


def arrow_schema(record_type: Type) -> pa.Schema:
    """The Arrow schema of a record dataclass, with each column's meaning kept as field metadata."""
    fields = []
    for f in dataclasses.fields(record_type):
        meta = f.metadata
        fields.append(
            pa.field(f.name, meta["arrow_type"], nullable=meta["nullable"], metadata={"doc": meta["doc"]})
        )
    return pa.schema(fields, metadata={"table": getattr(record_type, "TABLE", record_type.__name__)})


def column_docs(record_type: Type) -> Iterable[Dict[str, Any]]:
    """(name, type, meaning, example) for every column of a record type, in order."""
    for f in dataclasses.fields(record_type):
        yield {
            "name": f.name,
            "type": str(f.metadata["arrow_type"]),
            "doc": f.metadata["doc"],
            "example": f.metadata["example"],
        }


def to_row(record: Any) -> Dict[str, Any]:
    """A record as a plain dict of Python values, ready for pyarrow (timestamps forced to UTC)."""
    row = {}
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if isinstance(value, _dt.datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=_dt.timezone.utc)
        elif isinstance(value, tuple):
            value = list(value)
        row[f.name] = value
    return row
