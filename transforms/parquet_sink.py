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
with the schema when a table would otherwise have none.

Why not ``WriteToParquet``: it has no partitioning, and on unbounded input it is broken in Beam 2.77 (see
BEAM_NOTES). ``fileio.WriteToFiles`` leaves every file in its ``.temp`` folder while reporting success when a
file name holds a ``/`` and the folder is missing, so :class:`PartitionedNaming` creates the folder first.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Mapping, Optional, Tuple

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.io import fileio
from apache_beam.io.filesystem import BeamIOError
from apache_beam.io.filesystems import FileSystems

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


# ---------------------------------------------------------------------------------------------- fileio parts

class ParquetSink(fileio.FileSink):
    """A ``fileio`` sink writing ``(destination, row)`` elements of one table as zstd Parquet row groups."""

    def __init__(self, schema: pa.Schema, row_group_rows: int = ROW_GROUP_ROWS):
        self.schema = schema
        self.row_group_rows = row_group_rows
        self._writer: Optional[pq.ParquetWriter] = None
        self._rows: List[Dict[str, Any]] = []

    def open(self, fh) -> None:
        self._writer = pq.ParquetWriter(fh, self.schema, compression=CODEC)
        self._rows = []

    def write(self, record: Tuple[str, Dict[str, Any]]) -> None:
        self._rows.append(record[1])
        if len(self._rows) >= self.row_group_rows:
            self._write_rows()

    def _write_rows(self) -> None:
        if self._rows:
            self._writer.write_table(rows_to_table(self._rows, self.schema))
            self._rows = []

    def flush(self) -> None:
        self._write_rows()
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


def destination_key(element: Tuple[str, Dict[str, Any]]) -> str:
    return element[0]


class WriteTables(beam.PTransform):
    """``{table: PCollection[record]}`` for :data:`WRITTEN_TABLES` -> ``PCollection`` of written file results.

    ``actors`` and ``issues`` may be given too (per-run aggregates, for outputs that are not committed locally).

    Records that break their table's schema become ``errors`` rows (stage WriteParquet, ``invalid_row``), as
    with :class:`~communique.transforms.write_parquet.WriteParquet`.
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
        keyed, invalid = [], []
        for table in [t for t in WRITTEN_TABLES + ("actors", "issues") if t in tables]:
            if table == ERRORS:
                continue
            to_row = mention_to_row if table in MENTION_TYPES else record_to_row
            good, bad = (tables[table]
                         | f"Convert{camel(table)}" >> beam.Map(to_row, table).with_exception_handling())
            keyed.append(good | f"Route{camel(table)}" >> beam.Map(lambda row, t: (destination(t, row), row), table))
            invalid.append(bad | f"Report{camel(table)}Invalid" >> beam.Map(invalid_row_error, table))
        errors = ([tables[ERRORS]] + invalid | "CollectErrors" >> beam.Flatten()
                  | "ConvertErrors" >> beam.Map(record_to_row, ERRORS)
                  | "RouteErrors" >> beam.Map(lambda row: (ERRORS, row)))
        return (keyed + [errors] | "FlattenRows" >> beam.Flatten()
                | "WriteFiles" >> fileio.WriteToFiles(
                    path=self.root, destination=destination_key, sink=sink_for,
                    file_naming=PartitionedNaming(self.root, self.run_id)))
