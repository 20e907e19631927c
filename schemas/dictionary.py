"""The data dictionary: every table and column of the output contract, as Markdown, generated from schemas/.

``python -m communique.schemas.dictionary > docs/data-dictionary.md`` regenerates ``docs/data-dictionary.md``;
``tests/test_data_dictionary.py`` fails when the committed file differs from :func:`render`.

:func:`duckdb_type` (the DuckDB type of an Arrow type) lives here so that the dictionary and the ``communique
query`` views (``pipelines/query.py``) name the same types.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
from typing import Any, Dict, List

import pyarrow as pa

from communique.schemas.tables import SCHEMAS, TABLE_ORDER, TABLES

REGENERATE = "python -m communique.schemas.dictionary > docs/data-dictionary.md"
PARTITION_COLUMN = "published_date"
# Tables written Hive-partitioned by publication date (transforms/parquet_sink.py PARTITIONED; a test checks).
PARTITIONED = ("articles", "statements", "commitments")
AGGREGATED = ("actors", "issues")  # rebuilt whole by every run, one file each

TABLE_NOTES: Dict[str, str] = {
    "articles": "One row per article read: its metadata and the text every offset points into.",
    "actors": "One row per resolved actor (person, organisation, country, group) over all articles.",
    "statements": "One row per statement: who said what (quoted or reported), to whom, about which issues.",
    "issues": "One row per issue (topic) mentioned, with mention counts over all articles.",
    "commitments": "One row per commitment: who committed to what, by when, with whom.",
    "errors": "One row per input or record that failed a stage; a run never stops on a bad input.",
}


def duckdb_type(arrow_type: pa.DataType) -> str:
    """The DuckDB type name of an Arrow type used in the schemas (``list<string>`` -> ``VARCHAR[]``)."""
    if pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type):
        return duckdb_type(arrow_type.value_type) + "[]"
    if pa.types.is_struct(arrow_type):
        return "STRUCT(" + ", ".join(f'"{f.name}" {duckdb_type(f.type)}' for f in arrow_type) + ")"
    if pa.types.is_timestamp(arrow_type):
        return "TIMESTAMP WITH TIME ZONE" if arrow_type.tz else "TIMESTAMP"
    simple = {pa.string(): "VARCHAR", pa.large_string(): "VARCHAR", pa.int32(): "INTEGER", pa.int64(): "BIGINT",
              pa.bool_(): "BOOLEAN", pa.date32(): "DATE", pa.float64(): "DOUBLE", pa.float32(): "FLOAT"}
    if arrow_type in simple:
        return simple[arrow_type]
    raise ValueError(f"no DuckDB type known for the Arrow type {arrow_type}")


def format_example(value: Any) -> str:
    """An example value as Markdown: code for values, empty for none."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple, bool)):
        text = json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False)
    elif isinstance(value, (dt.date, dt.datetime)):
        text = value.isoformat()
    else:
        text = str(value)
    return "`" + cell(text).replace("`", "'") + "`"


def cell(text: str) -> str:
    """Text made safe for one Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def column_rows(table: str) -> List[Dict[str, str]]:
    """One dict per column of a table (name, arrow, duckdb, nullable, meaning, example), in schema order."""
    record_type = TABLES[table]
    schema = SCHEMAS[table]
    rows = []
    for f in dataclasses.fields(record_type):
        meta = f.metadata
        field = schema.field(f.name)
        rows.append({"name": f.name, "arrow": str(field.type), "duckdb": duckdb_type(field.type),
                     "nullable": "yes" if field.nullable else "no", "meaning": meta["doc"],
                     "example": format_example(meta["example"])})
    return rows


def layout(table: str) -> str:
    if table in PARTITIONED:
        return (f"`<out>/{table}/{PARTITION_COLUMN}=YYYY-MM-DD/part-*.parquet` (`{PARTITION_COLUMN}=unknown` "
                f"when the publication time is missing)")
    if table in AGGREGATED:
        return f"`<out>/{table}/part-aggregate.parquet`, rebuilt by every run and by `communique compact`"
    return f"`<out>/{table}/part-*.parquet`"


def render() -> str:
    """The whole data dictionary as Markdown."""
    out = [
        "# Data dictionary",
        "",
        "<!-- Generated from schemas/ by schemas/dictionary.py; do not edit by hand. Regenerate with:",
        f"     {REGENERATE}",
        "     tests/test_data_dictionary.py fails when this file is out of date. -->",
        "",
        "Communique writes six Parquet tables under its output folder (`--out`). This file lists every column "
        "of every table with its Arrow type (as written in the Parquet files), its DuckDB type (as seen by "
        "`communique query`), whether it may be null, its meaning and an example value.",
        "",
        "* Character offsets (`*_start`, `*_end`) are offsets into `articles.text` of the same `article_id`, "
        "in Unicode code points, end exclusive: `text[start:end]` in Python, "
        "`substring(text, start + 1, end - start)` in DuckDB.",
        "* Timestamps are `timestamp[us, tz=UTC]`: UTC instants, read as time-zone-aware values by DuckDB, "
        "pandas and polars.",
        "* Lists are `list<string>`, written as an empty list when there is nothing to list.",
        f"* `{PARTITION_COLUMN}` is not stored in the files of the partitioned tables "
        f"({', '.join(PARTITIONED)}): it is the Hive partition folder, the UTC date of `published_at`. "
        f"`communique query` exposes it as a `DATE` column (null for the `unknown` folder); pandas and polars "
        f"read it from the folder names when asked for Hive partitioning.",
        "* Folders whose names start with `_` or `.` (`_actor_mentions`, `_issue_mentions`, `.tmp-*` staging "
        "folders and their `_COMMIT.json`) are internal: readers skip them.",
        "",
        "Tables: " + ", ".join(f"[{t}](#{t})" for t in TABLE_ORDER) + ".",
    ]
    for table in TABLE_ORDER:
        out += ["", f"## {table}", "", TABLE_NOTES[table], "", f"Files: {layout(table)}.", "",
                "| column | Arrow type | DuckDB type | nullable | meaning | example |",
                "| --- | --- | --- | --- | --- | --- |"]
        for row in column_rows(table):
            out.append(f"| `{row['name']}` | `{row['arrow']}` | `{row['duckdb']}` | {row['nullable']} | "
                       f"{cell(row['meaning'])} | {row['example']} |")
        if table in PARTITIONED:
            out.append(f"| `{PARTITION_COLUMN}` | partition folder | `DATE` | yes | UTC date of `published_at`; "
                       f"the folder name, not stored in the files | `2007-10-12` |")
    return "\n".join(out) + "\n"


def main() -> int:
    sys.stdout.write(render())
    return 0


if __name__ == "__main__":
    sys.exit(main())
