"""WriteTables: the run's tables as Hive-partitioned Parquet through ``fileio.WriteToFiles`` and a Parquet sink.

Layout under ``root`` (a run's staging folder, see ``pipelines/commit.py``)::

    articles/published_date=2007-10-12/part-<run_id>-00000.parquet
    statements/published_date=unknown/part-<run_id>-00000.parquet      (null publication date)
    commitments/published_date=.../...
    errors/part-<run_id>-00000.parquet
    _actor_mentions/part-<run_id>-00000.parquet                        (hidden: actors are rebuilt from it)
    _issue_mentions/part-<run_id>-00000.parquet                        (hidden: issues are rebuilt from it)

Files hold the table's exact Arrow schema (the partition column ``published_date`` is only in the folder name,
as Hive, Spark and DuckDB expect). A table with no rows gets no file here; the commit step adds an empty file
with the schema when a table would otherwise have none. Records reach the files as one Arrow table per
destination per bundle (:class:`TableRowsFn`), so a destination usually gets one file per run.

Why not ``WriteToParquet``: it has no partitioning, and on unbounded input it is broken in Beam 2.77 (see
BEAM_NOTES). ``fileio.WriteToFiles`` leaves every file in its ``.temp`` folder while reporting success when a
file name holds a ``/`` and the folder is missing, so :class:`PartitionedNaming` creates the folder first.
"""
from __future__ import annotations

import datetime as dt
import traceback
from typing import Any, Dict, Iterator, List, Mapping, Optional, Tuple

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.io import fileio
from apache_beam.io.filesystem import BeamIOError
from apache_beam.io.filesystems import FileSystems
from apache_beam.pvalue import TaggedOutput
from apache_beam.utils.windowed_value import WindowedValue

from communique.schemas import SCHEMAS, ActorMention, IssueMention
from communique.schemas.columns import UTC_TIMESTAMP
from communique.transforms.errors import ERRORS
from communique.transforms.write_parquet import CODEC, SUFFIX, camel, invalid_row_error, record_to_row

PARTITION_COLUMN = "published_date"
UNKNOWN_PARTITION = "unknown"
PARTITIONED = ("articles", "statements", "commitments")
ACTOR_MENTIONS = "_actor_mentions"
ISSUE_MENTIONS = "_issue_mentions"
ROW_GROUP_ROWS = 50_000
CHUNK_ROWS = 2_000         # rows of one destination held as dicts before they become a compact Arrow table
INVALID = "invalid"

MENTION_SCHEMAS = {
    ACTOR_MENTIONS: pa.schema([
        pa.field("actor_id", pa.string(), nullable=False), pa.field("name", pa.string()),
        pa.field("actor_type", pa.string()), pa.field("article_id", pa.string(), nullable=False),
        pa.field("surface", pa.string()), pa.field("country", pa.string()), pa.field("title", pa.string()),
        pa.field("is_statement", pa.bool_()), pa.field("published_at", UTC_TIMESTAMP)]),
    ISSUE_MENTIONS: pa.schema([
        pa.field("issue_id", pa.string(), nullable=False), pa.field("label", pa.string()),
        pa.field("article_id", pa.string(), nullable=False), pa.field("context", pa.string()),
        pa.field("published_at", UTC_TIMESTAMP)]),
}
MENTION_TYPES = {ACTOR_MENTIONS: ActorMention, ISSUE_MENTIONS: IssueMention}
WRITTEN_TABLES = ("articles", "statements", "commitments", "errors", ACTOR_MENTIONS, ISSUE_MENTIONS)


def schema_of(table: str) -> pa.Schema:
    """Arrow schema of an output table or a hidden mentions table."""
    return SCHEMAS[table] if table in SCHEMAS else MENTION_SCHEMAS[table]


def partition_value(published_at: Optional[dt.datetime]) -> str:
    """The ``published_date`` folder value: the UTC date, or ``unknown`` for no date."""
    if published_at is None:
        return UNKNOWN_PARTITION
    if published_at.tzinfo is not None:
        published_at = published_at.astimezone(dt.timezone.utc)
    return published_at.date().isoformat()


def destination(table: str, row: Mapping[str, Any]) -> str:
    """The folder (relative to the root) a row goes to: ``table`` or ``table/published_date=...``."""
    if table in PARTITIONED:
        return f"{table}/{PARTITION_COLUMN}={partition_value(row.get('published_at'))}"
    return table


def table_of(dest: str) -> str:
    return dest.split("/", 1)[0]


def mention_to_row(record: Any, table: str) -> Dict[str, Any]:
    """A mention as a pyarrow-ready dict (TypeError for a record of another type)."""
    expected = MENTION_TYPES[table]
    if not isinstance(record, expected):
        raise TypeError(f"{table} takes {expected.__name__} records, got {type(record).__name__}")
    row = {name: getattr(record, name) for name in MENTION_SCHEMAS[table].names}
    if row.get("published_at") is not None and row["published_at"].tzinfo is None:
        row["published_at"] = row["published_at"].replace(tzinfo=dt.timezone.utc)
    return row


def rows_to_table(rows: List[Dict[str, Any]], schema: pa.Schema) -> pa.Table:
    """Rows as an Arrow table in ``schema`` (naive datetimes are read as UTC by :func:`record_to_row`)."""
    return pa.Table.from_pylist(rows, schema=schema)


def table_row(record: Any, table: str) -> Tuple[str, Dict[str, Any]]:
    """``(destination, row)`` of a table's record; TypeError/ValueError when it breaks the table's schema."""
    row = mention_to_row(record, table) if table in MENTION_TYPES else record_to_row(record, table)
    return destination(table, row), row


def dead_letter(record: Any, exc: Exception) -> Tuple[Any, Tuple[type, str, List[str]]]:
    """A failed record as ``with_exception_handling`` reports it: ``(record, (exc_class, repr, traceback))``."""
    return record, (type(exc), repr(exc), traceback.format_exception(type(exc), exc, exc.__traceback__))


# ---------------------------------------------------------------------------------------------- fileio parts

class ParquetSink(fileio.FileSink):
    """A ``fileio`` sink writing ``(destination, Arrow table)`` elements of one table as zstd Parquet, in row
    groups of ``row_group_rows`` (the last one smaller)."""

    def __init__(self, schema: pa.Schema, row_group_rows: int = ROW_GROUP_ROWS):
        self.schema = schema
        self.row_group_rows = row_group_rows
        self._writer: Optional[pq.ParquetWriter] = None
        self._tables: List[pa.Table] = []
        self._rows = 0

    def open(self, fh) -> None:
        self._writer = pq.ParquetWriter(fh, self.schema, compression=CODEC)
        self._tables, self._rows = [], 0

    def write(self, record: Tuple[str, pa.Table]) -> None:
        self._tables.append(record[1])
        self._rows += record[1].num_rows
        if self._rows >= self.row_group_rows:
            self._write_tables(whole_groups_only=True)

    def _write_tables(self, whole_groups_only: bool = False) -> None:
        if not self._rows:
            return
        table = pa.concat_tables(self._tables) if len(self._tables) > 1 else self._tables[0]
        size = table.num_rows - table.num_rows % self.row_group_rows if whole_groups_only else table.num_rows
        if size:
            self._writer.write_table(table.slice(0, size), row_group_size=self.row_group_rows)
        rest = table.slice(size)
        self._tables, self._rows = ([rest] if rest.num_rows else []), rest.num_rows

    def flush(self) -> None:
        self._write_tables()
        self._writer.close()


def sink_for(dest: str) -> ParquetSink:
    """The sink of a destination: a :class:`ParquetSink` with its table's schema."""
    return ParquetSink(schema_of(table_of(dest)))


class PartitionedNaming:
    """``fileio`` file naming: ``<destination>/part-<run_id>[-<window>]-<shard>.parquet``, folder created first."""

    def __init__(self, root: str, run_id: str):
        self.root = root
        self.run_id = run_id

    def __call__(self, window, pane, shard_index, total_shards, compression, destination) -> str:
        folder = FileSystems.join(self.root, destination)
        try:
            if not FileSystems.exists(folder):
                FileSystems.mkdirs(folder)
        except BeamIOError:  # created meanwhile by another bundle
            if not FileSystems.exists(folder):
                raise
        window_part = ""
        if isinstance(window, beam.transforms.window.IntervalWindow):
            window_part = "-" + dt.datetime.fromtimestamp(float(window.start), dt.timezone.utc).strftime("%Y%m%dT%H%M")
        return f"{destination}/part-{self.run_id}{window_part}-{int(shard_index or 0):05d}{SUFFIX}"


def destination_key(element: Tuple[str, Any]) -> str:
    return element[0]


class TableRowsFn(beam.DoFn):
    """A table's records -> ``(destination, Arrow table)``: one element per destination and window per bundle,
    so the write steps (and their coders) handle a few hundred elements instead of one per record.

    A record that breaks the schema goes to :data:`INVALID` as a dead letter, as ``with_exception_handling``
    would put it; with ``dead_letters=False`` (the errors table) the failure fails the bundle."""

    def __init__(self, table: str, dead_letters: bool = True):
        self._table = table
        self._dead_letters = dead_letters
        self._schema = schema_of(table)
        self._rows: Dict[Tuple[Any, str], List[Dict[str, Any]]] = {}
        self._chunks: Dict[Tuple[Any, str], List[pa.Table]] = {}

    def start_bundle(self) -> None:
        self._rows, self._chunks = {}, {}

    def process(self, record, window=beam.DoFn.WindowParam) -> Iterator[Any]:
        try:
            dest, row = table_row(record, self._table)
        except Exception as exc:  # any failure of one record is its dead letter, as with with_exception_handling
            if not self._dead_letters:
                raise
            yield TaggedOutput(INVALID, dead_letter(record, exc))
            return
        rows = self._rows.setdefault((window, dest), [])
        rows.append(row)
        if len(rows) >= CHUNK_ROWS:
            self._chunks.setdefault((window, dest), []).append(rows_to_table(rows, self._schema))
            self._rows[(window, dest)] = []

    def finish_bundle(self) -> Iterator[WindowedValue]:
        for key, rows in self._rows.items():      # every key with chunks has its (maybe emptied) row list too
            window, dest = key
            parts = self._chunks.get(key, []) + ([rows_to_table(rows, self._schema)] if rows else [])
            table = parts[0] if len(parts) == 1 else pa.concat_tables(parts)
            yield WindowedValue((dest, table), window.max_timestamp(), (window,))
        self._rows, self._chunks = {}, {}


class WriteTables(beam.PTransform):
    """``{table: PCollection[record]}`` for :data:`WRITTEN_TABLES` -> ``PCollection`` of written file results.

    ``actors`` and ``issues`` may be given too (per-run aggregates, for outputs that are not committed locally).

    Records that break their table's schema become ``errors`` rows (stage WriteParquet, ``invalid_row``), as
    with :class:`~communique.transforms.write_parquet.WriteParquet`. Rows travel to the files as Arrow tables,
    one per destination per bundle (:class:`TableRowsFn`).
    """

    def __init__(self, root: str, run_id: str, label: Optional[str] = None):
        super().__init__(label)
        self.root = root.rstrip("/") or "/"
        self.run_id = run_id

    def expand(self, tables: Mapping[str, beam.PCollection]) -> beam.PCollection:
        missing = [t for t in WRITTEN_TABLES if t not in tables]
        if missing:
            raise ValueError(f"WriteTables needs the tables {list(WRITTEN_TABLES)}; missing {missing}")
        unknown = sorted(set(tables) - set(WRITTEN_TABLES) - {"actors", "issues"})
        if unknown:
            raise ValueError(f"WriteTables: unknown tables {unknown}")
        batches, invalid = [], []
        for table in [t for t in WRITTEN_TABLES + ("actors", "issues") if t in tables]:
            if table == ERRORS:
                continue
            out = tables[table] | f"Rows{camel(table)}" >> beam.ParDo(TableRowsFn(table)).with_outputs(
                INVALID, main="rows")
            batches.append(out["rows"])
            invalid.append(out[INVALID] | f"Report{camel(table)}Invalid" >> beam.Map(invalid_row_error, table))
        errors = ([tables[ERRORS]] + invalid | "CollectErrors" >> beam.Flatten()
                  | "RowsErrors" >> beam.ParDo(TableRowsFn(ERRORS, dead_letters=False)))
        return (batches + [errors] | "FlattenRows" >> beam.Flatten()
                | "WriteFiles" >> fileio.WriteToFiles(
                    path=self.root, destination=destination_key, sink=sink_for,
                    file_naming=PartitionedNaming(self.root, self.run_id)))
