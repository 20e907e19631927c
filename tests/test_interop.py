"""Interop: the tables of a real run read the same in DuckDB (the ``communique query`` views), pandas and polars,
and their Arrow schema is the schemas/ contract, identical from one run to the next.

Two runs of the bundled sample: one into a new folder, one with ``--fresh`` into another.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq
import pytest

from communique.pipelines.cli import main
from communique.pipelines.query import connect, sql_name
from communique.schemas import SCHEMAS, TABLE_ORDER
from communique.schemas.dictionary import PARTITION_COLUMN, PARTITIONED
from communique.transforms.write_parquet import read_table, table_files

LIST_COLUMNS = {t: [f.name for f in SCHEMAS[t] if f.type == pa.list_(pa.string())] for t in TABLE_ORDER}
TIME_COLUMNS = {t: [f.name for f in SCHEMAS[t] if pa.types.is_timestamp(f.type)] for t in TABLE_ORDER}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Two output folders of the sample: a plain run, and a --fresh run into another folder."""
    root = tmp_path_factory.mktemp("interop")
    first, second = root / "first", root / "second"
    assert main(["run", "--out", str(first)]) == 0
    assert main(["run", "--out", str(second), "--fresh"]) == 0
    return str(first), str(second)


@pytest.fixture(scope="module")
def out(runs):
    return runs[0]


def read_pandas(out: str, table: str, **kwargs) -> pd.DataFrame:
    return pd.read_parquet(f"{out}/{table}", engine="pyarrow", partitioning="hive", **kwargs)


def read_polars(out: str, table: str) -> pl.DataFrame:
    return pl.scan_parquet(f"{out}/{table}", hive_partitioning=True).collect()


def test_the_sample_has_rows_in_every_table_but_errors(out):
    rows = {t: read_table(out, t).num_rows for t in TABLE_ORDER}
    assert rows["articles"] == 1 and rows["errors"] == 0  # (37 statements, 9 actors, 10 issues at the time of writing)
    assert all(rows[t] > 0 for t in TABLE_ORDER if t != "errors"), rows


@pytest.mark.parametrize("table", TABLE_ORDER)
def test_same_rows_in_duckdb_pandas_and_polars(out, table):
    con = connect(out)
    duck = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    assert duck == len(read_pandas(out, table)) == read_polars(out, table).height == read_table(out, table).num_rows
    columns = [r[0] for r in con.execute(f"SELECT column_name FROM (DESCRIBE {table})").fetchall()]
    partition = [PARTITION_COLUMN] if table in PARTITIONED else []
    assert columns == SCHEMAS[table].names + partition
    assert list(read_pandas(out, table).columns) == columns
    assert read_polars(out, table).columns == columns


@pytest.mark.parametrize("table", [t for t in TABLE_ORDER if LIST_COLUMNS[t]])
def test_list_columns_stay_lists(out, table):
    con = connect(out)
    frame = read_pandas(out, table)
    arrow_frame = read_pandas(out, table, dtype_backend="pyarrow")
    polars = read_polars(out, table)
    for column in LIST_COLUMNS[table]:
        duck = [r[0] for r in con.execute(f"SELECT {column} FROM {table}").fetchall()]
        assert all(isinstance(v, list) for v in duck)
        assert arrow_frame[column].dtype == pd.ArrowDtype(pa.list_(pa.string()))
        assert all(isinstance(v, list) for v in arrow_frame[column].tolist())
        assert all(hasattr(v, "__len__") and not isinstance(v, str) for v in frame[column])  # numpy arrays
        assert polars.schema[column] == pl.List(pl.String)
        assert all(isinstance(v, list) for v in polars[column].to_list())
        # the same multiset of values everywhere
        expected = sorted(map(tuple, read_table(out, table).column(column).to_pylist()))
        assert sorted(map(tuple, duck)) == expected
        assert sorted(tuple(v) for v in frame[column]) == expected
        assert sorted(map(tuple, polars[column].to_list())) == expected


def test_span_lists_read_the_same_everywhere(out):
    """statements.content_spans (a list of {start, end}) is the same list of pairs in DuckDB, pandas and polars."""
    con = connect(out)
    duck = con.execute("SELECT statement_id, [[s.start, s.end] for s in content_spans] FROM statements").fetchall()
    expected = {sid: [[p["start"], p["end"]] for p in spans] for sid, spans in
                zip(*(read_table(out, "statements").column(c).to_pylist() for c in ("statement_id", "content_spans")))}
    assert dict(duck) == expected
    frame = read_pandas(out, "statements")
    assert {sid: [[p["start"], p["end"]] for p in spans] for sid, spans in
            zip(frame["statement_id"], frame["content_spans"])} == expected
    polars = read_polars(out, "statements")
    assert polars.schema["content_spans"] == pl.List(pl.Struct({"start": pl.Int32, "end": pl.Int32}))
    assert {sid: [[p["start"], p["end"]] for p in spans] for sid, spans in
            zip(polars["statement_id"].to_list(), polars["content_spans"].to_list())} == expected
    assert any(len(spans) == 2 for spans in expected.values())      # Rice's '“...,” she said. “...”'


def test_list_values_of_the_sample(out):
    con = connect(out)
    (names,), = con.execute("SELECT addressee_names FROM statements WHERE content LIKE 'to freeze their plans%'")\
        .fetchall()
    assert names == ["United States"]
    polars = read_polars(out, "commitments")
    assert ["United States", "Russia"] in polars["committer_names"].to_list()


@pytest.mark.parametrize("table", [t for t in TABLE_ORDER if TIME_COLUMNS[t]])
def test_timestamps_are_utc_everywhere(out, table):
    con = connect(out)
    types = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE {table})").fetchall())
    frame = read_pandas(out, table)
    polars = read_polars(out, table)
    for column in TIME_COLUMNS[table]:
        assert types[column] == "TIMESTAMP WITH TIME ZONE"
        name = sql_name(column)  # errors.at: AT is a keyword
        values = con.execute(f"SELECT {name} FROM {table} WHERE {name} IS NOT NULL").fetchall()
        assert all(v.utcoffset() == dt.timedelta(0) for (v,) in values)
        assert isinstance(frame[column].dtype, pd.DatetimeTZDtype) and str(frame[column].dtype.tz) == "UTC"
        assert polars.schema[column] == pl.Datetime("us", "UTC")


def test_the_same_instant_everywhere(out):
    expected = dt.datetime(2007, 10, 12, tzinfo=dt.timezone.utc)
    (duck,), = connect(out).execute("SELECT published_at FROM articles").fetchall()
    assert duck == expected
    assert read_pandas(out, "articles")["published_at"].iloc[0] == pd.Timestamp(expected)
    assert read_polars(out, "articles")["published_at"].to_list() == [expected]


def test_partition_column(out):
    """DuckDB's view: DATE always. pandas: a category of folder names. polars infers the type from the names."""
    (day,), = connect(out).execute("SELECT DISTINCT published_date FROM statements").fetchall()
    assert day == dt.date(2007, 10, 12)
    assert read_pandas(out, "statements")[PARTITION_COLUMN].astype(str).unique().tolist() == ["2007-10-12"]
    assert read_polars(out, "statements")[PARTITION_COLUMN].unique().to_list() == [dt.date(2007, 10, 12)]
    stable = pl.scan_parquet(f"{out}/statements", hive_partitioning=True,
                             hive_schema={PARTITION_COLUMN: pl.String}).collect()
    assert stable[PARTITION_COLUMN].unique().to_list() == ["2007-10-12"]


@pytest.mark.parametrize("table", TABLE_ORDER)
def test_arrow_schema_is_the_contract_in_both_runs(runs, table):
    first, second = runs
    for out in runs:
        files = table_files(out, table)
        assert files
        for path in files:
            assert pq.read_schema(path).equals(SCHEMAS[table], check_metadata=False), path
            assert [f.metadata for f in pq.read_schema(path)] == [f.metadata for f in SCHEMAS[table]], path
    schemas = [pads.dataset(f"{out}/{table}", format="parquet", partitioning="hive").schema for out in runs]
    assert schemas[0].equals(schemas[1], check_metadata=True)
    if table in PARTITIONED:
        assert schemas[0].names[-1] == PARTITION_COLUMN
        schemas[0] = schemas[0].remove(len(schemas[0]) - 1)
    assert schemas[0].equals(SCHEMAS[table], check_metadata=False)


def test_duckdb_sees_the_same_schema_in_both_runs(runs):
    describe = [{t: connect(out).execute(f"DESCRIBE {t}").fetchall() for t in TABLE_ORDER} for out in runs]
    assert describe[0] == describe[1]


def test_unknown_partition(out, tmp_path):
    """A ``published_date=unknown`` folder: DuckDB's DATE column is null there; polars then infers a string."""
    src = table_files(out, "statements")[0]
    for folder in ("published_date=2007-10-12", "published_date=unknown"):
        os.makedirs(tmp_path / "statements" / folder)
        shutil.copy(src, tmp_path / "statements" / folder / os.path.basename(src))
    n = read_table(out, "statements").num_rows
    days = connect(str(tmp_path)).execute("SELECT published_date, count(*) FROM statements GROUP BY 1 ORDER BY 1")
    assert days.fetchall() == [(dt.date(2007, 10, 12), n), (None, n)]
    polars = read_polars(str(tmp_path), "statements")
    assert polars.schema[PARTITION_COLUMN] == pl.String and polars.height == 2 * n
    assert len(read_pandas(str(tmp_path), "statements")) == 2 * n
