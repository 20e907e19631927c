"""WriteParquet: write the six output tables as Parquet, one folder per table, in the schemas' exact types.

Batch runs and ``watch`` write the partitioned layout with :class:`~communique.transforms.parquet_sink.WriteTables`
and commit it (``pipelines/commit.py``); WriteParquet is the flat, one-shot writer (a table per folder, fixed
shard names). :func:`table_files` and :func:`read_table` read both layouts.

Layout: ``<out_dir>/<table>/part-SSSSS-of-NNNNN.parquet`` for every table in ``schemas.TABLE_ORDER``, zstd
compressed, with the table's Arrow schema from ``schemas.SCHEMAS`` (column docs kept as field metadata). Lists
are ``list<string>``, timestamps ``timestamp[us, tz=UTC]``, dates ``date32``.

* ``num_shards`` (default 1) is the exact number of files per table. One file per table suits the small runs
  Communique makes; names are then stable (``part-00000-of-00001.parquet``) and a rerun overwrites them.
* An empty table still gets its files: Beam's ``WriteImpl`` finalisation creates the missing shards as empty
  Parquet files with the schema when a PCollection is empty (measured on FnApiRunner, 2.77; covered by tests).
* A record that breaks the schema (a None in a non-nullable column, a wrong record type) does not crash the
  run: it becomes an ``errors`` row (stage ``WriteParquet``, error_type ``invalid_row``). Rows of the
  ``errors`` table itself are not dead-lettered; a broken error row fails the run with a clear message.
* Stale files of an earlier run are not removed by the transform (that would happen at graph-construction
  time, or race the writes): call :func:`prepare_out_dir` before running the pipeline.

:func:`read_table` reads a written table back with pyarrow, for the CLI summary and for tests.
"""
from __future__ import annotations

import dataclasses
import functools
import glob
import os
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import apache_beam as beam
import pyarrow as pa
import pyarrow.dataset as pads

from communique.schemas import SCHEMAS, TABLE_ORDER, TABLES
from communique.schemas.columns import to_row
from communique.transforms.errors import ERRORS, error_row

STAGE = "WriteParquet"
PART_PREFIX = "part"
SUFFIX = ".parquet"
CODEC = "zstd"
HIDDEN_TABLES = ("_actor_mentions", "_issue_mentions")  # written by batch runs, see parquet_sink.py


class OutDirError(OSError):
    """The output directory can't be created, cleaned or written."""


# ---------------------------------------------------------------------------------------------- pure helpers

def table_dir(out_dir: str, table: str) -> str:
    return os.path.join(out_dir, table)


def table_files(out_dir: str, table: str) -> List[str]:
    """The Parquet part files of a table, sorted: ``<table>/**/*.parquet``, as readers glob them.

    Files in partition folders (``published_date=.../``) count; files under a folder whose name starts with
    ``.`` or ``_`` (temporary or hidden) do not, as in pyarrow's and Spark's dataset discovery.
    """
    root = table_dir(out_dir, table)
    found = glob.glob(os.path.join(glob.escape(root), "**", "*" + SUFFIX), recursive=True)
    return sorted(f for f in found
                  if not any(part[:1] in (".", "_") for part in os.path.relpath(f, root).split(os.sep)[:-1]))


def prepare_out_dir(out_dir: str, fresh: bool = True) -> Dict[str, str]:
    """Create ``out_dir/<table>/`` for the six tables; with ``fresh``, delete the ``*.parquet`` files in them.

    ``fresh`` (``communique run --fresh``, and ``evaluate``) removes every part file of the six tables, in
    partition folders too, and the hidden mention tables (``_actor_mentions``, ``_issue_mentions``); without
    it (incremental runs) nothing is removed. Nothing else is touched: other files, other folders and files
    outside the table folders stay.
    Returns ``{table: folder path}``. Raises :class:`OutDirError` (an ``OSError``) when a folder can't be
    created, isn't writable, or an old file can't be removed.
    """
    if not out_dir:
        raise ValueError("out_dir must be a non-empty path")
    folders = {}
    for table in TABLE_ORDER:
        folder = table_dir(out_dir, table)
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError as exc:
            raise OutDirError(exc.errno, f"can't create the table folder {folder}: {exc.strerror or exc}") from exc
        if not os.access(folder, os.W_OK | os.X_OK):
            raise OutDirError(f"table folder {folder} is not writable")
        for path in table_files(out_dir, table) if fresh else ():
            try:
                os.remove(path)
            except OSError as exc:
                raise OutDirError(exc.errno, f"can't remove the old file {path}: {exc.strerror or exc}") from exc
        folders[table] = folder
    if fresh:
        for hidden in HIDDEN_TABLES:
            for path in table_files(out_dir, hidden):
                try:
                    os.remove(path)
                except OSError as exc:
                    raise OutDirError(exc.errno, f"can't remove the old file {path}: {exc.strerror or exc}") from exc
    return folders


def read_table(out_dir: str, table: str, columns: Optional[Sequence[str]] = None) -> pa.Table:
    """All part files of one written table as one Arrow table with the table's schema.

    Partitioned tables (``<table>/published_date=.../*.parquet``) are read whole; the partition column is not
    added (the schema is the table's). ``columns`` reads only those. Raises ``ValueError`` for an unknown table and ``FileNotFoundError``
    when the table has no files.
    """
    if table not in SCHEMAS:
        raise ValueError(f"unknown table {table!r}; tables are {list(TABLE_ORDER)}")
    files = table_files(out_dir, table)
    if not files:
        raise FileNotFoundError(f"no {SUFFIX} files for table {table!r} in {table_dir(out_dir, table)}")
    return pads.dataset(files, schema=SCHEMAS[table], format="parquet").to_table(columns=columns)


@functools.lru_cache(maxsize=None)
def _required(table: str) -> Tuple[str, ...]:
    return tuple(field.name for field in SCHEMAS[table] if not field.nullable)


def required_columns(table: str) -> List[str]:
    """Columns of a table that may not hold None."""
    return list(_required(table))


def record_to_row(record: Any, table: str) -> Dict[str, Any]:
    """A table record as a pyarrow-ready dict, checked against the table's record type and required columns.

    Raises ``TypeError`` for a record of another type and ``ValueError`` for a None in a required column.
    """
    expected = TABLES[table]
    if not isinstance(record, expected):
        raise TypeError(f"table {table!r} takes {expected.__name__} records, got {type(record).__name__}")
    row = to_row(record)
    nulls = [name for name in _required(table) if row.get(name) is None]
    if nulls:
        raise ValueError(f"{table}: required column(s) {', '.join(nulls)} are null")
    return row


def describe_record(record: Any) -> str:
    """A short identification of a failed record for an errors row: its first field (the id) when it has one."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        first = dataclasses.fields(record)[0].name
        return f"{type(record).__name__}.{first}={getattr(record, first)!r}"
    return type(record).__name__


def invalid_row_error(failure, table: str) -> Any:
    """An errors row from a dead letter ``(record, (exc_class, repr, traceback))``."""
    record, (exc_class, exc_repr, _traceback) = failure
    return error_row(STAGE, f"{table}:{describe_record(record)}", "invalid_row",
                     f"{getattr(exc_class, '__name__', exc_class)}: {exc_repr}")


def camel(table: str) -> str:
    return "".join(part.capitalize() for part in table.split("_"))


# ---------------------------------------------------------------------------------------------- the stage

class WriteParquet(beam.PTransform):
    """{table: PCollection[record]} for all six tables -> {table: PCollection[str] of written file paths}.

    The input must hold exactly the tables of ``schemas.TABLE_ORDER`` (missing or unknown names are a
    ``ValueError`` at pipeline construction, so a forgotten wire-up can't pass as an empty table).
    """

    def __init__(self, out_dir: str, num_shards: int = 1, label: Optional[str] = None):
        super().__init__(label)
        if not isinstance(out_dir, str) or not out_dir.strip():
            raise ValueError("WriteParquet needs a non-empty out_dir")
        if isinstance(num_shards, bool) or not isinstance(num_shards, int) or num_shards < 1:
            raise ValueError(f"num_shards must be an int >= 1, got {num_shards!r}")
        self.out_dir = out_dir.rstrip("/") or "/"
        self.num_shards = num_shards

    def expand(self, tables: Mapping[str, beam.PCollection]) -> Dict[str, beam.PCollection]:
        check_tables(tables)
        rows: Dict[str, beam.PCollection] = {}
        invalid: List[beam.PCollection] = []
        for table in TABLE_ORDER:
            if table == ERRORS:
                continue
            good, bad = (
                tables[table]
                | f"Convert{camel(table)}ToRows" >> beam.Map(record_to_row, table).with_exception_handling()
            )
            rows[table] = good
            invalid.append(bad | f"Report{camel(table)}InvalidRows" >> beam.Map(invalid_row_error, table))
        errors = (
            [tables[ERRORS]] + invalid
            | "CollectErrors" >> beam.Flatten()
        )
        rows[ERRORS] = errors | f"Convert{camel(ERRORS)}ToRows" >> beam.Map(record_to_row, ERRORS)
        return {table: rows[table] | f"Write{camel(table)}" >> self._writer(table) for table in TABLE_ORDER}

    def _writer(self, table: str) -> beam.PTransform:
        return beam.io.WriteToParquet(
            file_path_prefix=f"{self.out_dir}/{table}/{PART_PREFIX}",
            schema=SCHEMAS[table],
            codec=CODEC,
            file_name_suffix=SUFFIX,
            num_shards=self.num_shards,
        )


def check_tables(tables: Mapping[str, Any]) -> None:
    """Raise ValueError unless ``tables`` names exactly the six output tables."""
    missing = [t for t in TABLE_ORDER if t not in tables]
    unknown = sorted(set(tables) - set(TABLE_ORDER))
    if missing or unknown:
        raise ValueError(f"WriteParquet needs exactly the tables {list(TABLE_ORDER)}; "
                         f"missing {missing}, unknown {unknown}")
