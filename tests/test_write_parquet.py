"""WriteParquet: written files are where readers look, in the schemas' types, readable by pyarrow, DuckDB and
pandas; empty tables still get a file; reruns replace rather than add."""
from __future__ import annotations

import datetime as dt
import os

import apache_beam as beam
import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline
from apache_beam.testing.util import assert_that, equal_to

from communique.schemas import (
    SCHEMAS, TABLE_ORDER, Actor, Article, Commitment, Error, Issue, Statement,
)
from communique.transforms.write_parquet import (
    OutDirError, WriteParquet, check_tables, prepare_out_dir, read_table, record_to_row, table_files,
)

UTC = dt.timezone.utc
T1 = dt.datetime(2007, 10, 12, 9, 30, tzinfo=UTC)

ARTICLES = [
    Article(article_id="a1", url="https://example.org/a1", text="MOSCOW, Oct. 12 ...", text_source="page",
            published_at=T1, fetched_at=dt.datetime(2024, 1, 2, 3, 4, 5)),   # naive -> UTC
    Article(article_id="a2", url="https://example.org/a2", text="WASHINGTON ...", text_source="feed"),
]
ACTORS = [Actor(actor_id="lav", name="Sergey Lavrov", actor_type="PERSON", country="RUS",
                titles=["Foreign Minister"], aliases=["Lavrov"], n_mentions=3, n_statements=2,
                first_seen=T1, last_seen=T1)]
STATEMENTS = [Statement(statement_id="s1", article_id="a1", content="to freeze their plans", content_start=10,
                        content_end=31, quote_type="indirect", event_type="REQUEST", issue_ids=["md", "ns"],
                        sentence_start=0, sentence_end=40, published_at=T1, addressee_names=[])]
ISSUES = [Issue(issue_id="md", label="missile defense", context="military", n_mentions=2, n_articles=1)]
COMMITMENTS = [Commitment(commitment_id="c1", article_id="a1", committer_names=["United States", "Russia"],
                          action="meet again in Washington", due_date=dt.date(2008, 4, 12), evidence_start=5,
                          evidence_end=50, sentence_start=0, sentence_end=60, published_at=T1)]
RECORDS = {"articles": ARTICLES, "actors": ACTORS, "statements": STATEMENTS, "issues": ISSUES,
           "commitments": COMMITMENTS, "errors": []}


def options():
    return PipelineOptions([], runner="FnApiRunner")


def expected_files(out_dir, table, num_shards):
    return [os.path.join(str(out_dir), table, f"part-{i:05d}-of-{num_shards:05d}.parquet") for i in range(num_shards)]


def write(out_dir, records, num_shards=1, check_files=True):
    """Run WriteParquet over the given records and check that it returns the paths of the files it wrote."""
    with BeamTestPipeline(options=options()) as p:
        pcolls = {t: p | f"Create{t}" >> beam.Create(records[t]).with_output_types(object) for t in TABLE_ORDER}
        results = pcolls | WriteParquet(str(out_dir), num_shards=num_shards)
        assert list(results) == list(TABLE_ORDER)
        for table, files in results.items() if check_files else ():
            assert_that(files, equal_to(expected_files(out_dir, table, num_shards)), label=f"Check{table}Files")


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out_dir = tmp_path_factory.mktemp("out")
    prepare_out_dir(str(out_dir))
    write(out_dir, RECORDS)
    return out_dir


def test_every_table_has_one_file_with_its_schema(out):
    for table in TABLE_ORDER:
        files = table_files(str(out), table)
        assert [os.path.basename(f) for f in files] == ["part-00000-of-00001.parquet"], table
        schema = pq.read_schema(files[0])
        assert schema.equals(SCHEMAS[table], check_metadata=True), table
        meta = pq.read_metadata(files[0])
        if meta.num_row_groups:
            assert meta.row_group(0).column(0).compression == "ZSTD", table


def test_row_counts_with_pyarrow_duckdb_and_pandas(out):
    for table in TABLE_ORDER:
        expected = len(RECORDS[table])
        assert read_table(str(out), table).num_rows == expected, table
        glob_path = os.path.join(str(out), table, "*.parquet")
        assert duckdb.sql(f"select count(*) from read_parquet('{glob_path}')").fetchall()[0][0] == expected, table
        assert len(pd.read_parquet(os.path.join(str(out), table))) == expected, table


def test_empty_table_is_a_readable_file_with_schema(out):
    errors = read_table(str(out), "errors")
    assert errors.num_rows == 0
    assert errors.schema.equals(SCHEMAS["errors"])
    assert pq.read_table(table_files(str(out), "errors")[0]).schema.field("at").type == pa.timestamp("us", tz="UTC")
    columns = [row[0] for row in duckdb.sql(
        f"describe select * from read_parquet('{out}/errors/*.parquet')").fetchall()]
    assert columns == ["stage", "input", "error_type", "message", "at"]


def test_column_types_survive(out):
    commitments = read_table(str(out), "commitments")
    assert commitments.schema.field("committer_names").type == pa.list_(pa.string())
    assert commitments.schema.field("due_date").type == pa.date32()
    assert commitments.schema.field("published_at").type == pa.timestamp("us", tz="UTC")
    row = commitments.to_pylist()[0]
    assert row["committer_names"] == ["United States", "Russia"]
    assert row["committer_actor_ids"] == []
    assert row["due_date"] == dt.date(2008, 4, 12)
    assert row["published_at"] == T1

    duck = duckdb.sql(f"select committer_names, due_date, published_at, typeof(committer_names), typeof(due_date),"
                      f" typeof(published_at) from read_parquet('{out}/commitments/*.parquet')").fetchall()[0]
    assert duck[:3] == (["United States", "Russia"], dt.date(2008, 4, 12), T1)
    assert duck[3:] == ("VARCHAR[]", "DATE", "TIMESTAMP WITH TIME ZONE")

    articles = pd.read_parquet(os.path.join(str(out), "articles")).set_index("article_id")
    assert str(articles["published_at"].dtype).startswith("datetime64[us, UTC]")
    assert articles.loc["a1", "fetched_at"] == pd.Timestamp("2024-01-02 03:04:05", tz="UTC")
    assert pd.isna(articles.loc["a2", "published_at"])
    statements = read_table(str(out), "statements").to_pylist()
    assert statements[0]["issue_ids"] == ["md", "ns"] and statements[0]["addressee_names"] == []


def test_rerun_replaces_rows_and_stale_shards(tmp_path):
    prepare_out_dir(str(tmp_path))
    write(tmp_path, RECORDS, num_shards=2)
    assert len(table_files(str(tmp_path), "articles")) == 2
    (tmp_path / "articles" / "notes.txt").write_text("keep me")
    prepare_out_dir(str(tmp_path))
    write(tmp_path, RECORDS)
    for table in TABLE_ORDER:
        assert table_files(str(tmp_path), table) == expected_files(tmp_path, table, 1), table
        assert read_table(str(tmp_path), table).num_rows == len(RECORDS[table]), table
    assert (tmp_path / "articles" / "notes.txt").read_text() == "keep me"
    # Without prepare_out_dir, a rerun with the same num_shards overwrites its files rather than adding to them.
    # (Beam then leaves an empty table's identical-size old file in place and does not list it as written.)
    write(tmp_path, RECORDS, check_files=False)
    for table in TABLE_ORDER:
        assert table_files(str(tmp_path), table) == expected_files(tmp_path, table, 1), table
        glob_path = os.path.join(str(tmp_path), table, "*.parquet")
        assert duckdb.sql(f"select count(*) from read_parquet('{glob_path}')").fetchall()[0][0] == \
            len(RECORDS[table]), table


def test_invalid_record_becomes_error_row(tmp_path):
    records = dict(RECORDS, articles=ARTICLES + [Article(article_id=None, url="u", text="t", text_source="page")],
                   actors=ACTORS + [Issue(issue_id="wrong", label="wrong table")])
    write(tmp_path, records)
    assert read_table(str(tmp_path), "articles").num_rows == 2
    assert read_table(str(tmp_path), "actors").num_rows == 1
    errors = sorted(read_table(str(tmp_path), "errors").to_pylist(), key=lambda e: e["input"])
    assert [(e["stage"], e["error_type"], e["input"]) for e in errors] == [
        ("WriteParquet", "invalid_row", "actors:Issue.issue_id='wrong'"),
        ("WriteParquet", "invalid_row", "articles:Article.article_id=None"),
    ]
    assert "article_id" in errors[1]["message"] and "TypeError" in errors[0]["message"]


# ---------------------------------------------------------------------------------------------- pure parts

@pytest.mark.parametrize("kwargs", [{"out_dir": ""}, {"out_dir": "  "}, {"out_dir": None},
                                    {"out_dir": "x", "num_shards": 0}, {"out_dir": "x", "num_shards": True}])
def test_constructor_rejects_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        WriteParquet(**kwargs)


def test_missing_or_unknown_tables_are_rejected():
    with pytest.raises(ValueError, match="missing \\['errors'\\]"):
        check_tables({t: None for t in TABLE_ORDER if t != "errors"})
    with pytest.raises(ValueError, match="unknown \\['extra'\\]"):
        check_tables(dict({t: None for t in TABLE_ORDER}, extra=None))


def test_record_to_row_checks_type_and_required_columns():
    assert record_to_row(ACTORS[0], "actors")["titles"] == ["Foreign Minister"]
    with pytest.raises(TypeError):
        record_to_row(ISSUES[0], "actors")
    with pytest.raises(ValueError, match="stage"):
        record_to_row(Error(stage=None, input=None, error_type="x", message="m"), "errors")


def test_prepare_out_dir_creates_folders_and_cleans_only_parquet(tmp_path):
    out_dir = tmp_path / "new" / "out"
    folders = prepare_out_dir(str(out_dir))
    assert list(folders) == list(TABLE_ORDER)
    assert all(os.path.isdir(f) for f in folders.values())
    (out_dir / "articles" / "part-0.parquet").write_bytes(b"old")
    (out_dir / "articles" / "keep.json").write_text("{}")
    (out_dir / "other").mkdir()
    (out_dir / "other" / "x.parquet").write_bytes(b"not ours")
    prepare_out_dir(str(out_dir))
    assert sorted(os.listdir(out_dir / "articles")) == ["keep.json"]
    assert (out_dir / "other" / "x.parquet").exists()


def test_prepare_out_dir_reports_unusable_dir(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("I am a file")
    with pytest.raises(OutDirError) as info:
        prepare_out_dir(str(blocker))
    assert isinstance(info.value, OSError) and str(blocker) in str(info.value)
    with pytest.raises(ValueError):
        prepare_out_dir("")


def test_prepare_out_dir_reports_read_only_dir(tmp_path, monkeypatch):
    # os.access stands in for a read-only folder: chmod is no test when the suite runs as root.
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: not str(path).endswith("actors") and real_access(path, mode))
    with pytest.raises(OutDirError, match="actors is not writable"):
        prepare_out_dir(str(tmp_path))


def test_read_table_errors(tmp_path):
    with pytest.raises(ValueError):
        read_table(str(tmp_path), "nope")
    with pytest.raises(FileNotFoundError):
        read_table(str(tmp_path), "articles")
