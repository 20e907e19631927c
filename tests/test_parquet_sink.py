"""WriteTables' write path: records to (destination, Arrow table) per bundle, row groups of the Parquet sink, and
the written layout (rows where readers look, one file per partition, invalid records as errors rows)."""
from __future__ import annotations

import datetime as dt
import glob
import os

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline
from apache_beam.testing.util import assert_that, equal_to

from communique.schemas import SCHEMAS, ActorMention, Article, Error, IssueMention, Statement
from communique.transforms.parquet_sink import (
    ACTOR_MENTIONS, INVALID, ISSUE_MENTIONS, WRITTEN_TABLES, ParquetSink, TableRowsFn, WriteTables, dead_letter,
    schema_of, table_row,
)
from communique.transforms.write_parquet import read_table

UTC = dt.timezone.utc
T1 = dt.datetime(2007, 10, 12, 9, 30, tzinfo=UTC)
T2 = dt.datetime(2007, 10, 13, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))   # 2007-10-14 in UTC


def article(i, published_at=T1):
    return Article(article_id=f"a{i}", url=f"https://example.org/{i}", text="text", published_at=published_at)


def statement(i, published_at=T1):
    return Statement(statement_id=f"s{i}", article_id="a1", content="c", content_start=0, content_end=1,
                     quote_type="direct", event_type="SAY", issue_ids=[], sentence_start=0, sentence_end=1,
                     published_at=published_at, addressee_names=[])


MENTION = ActorMention(actor_id="x", name="Sergey Lavrov", actor_type="PERSON", article_id="a1", surface="Lavrov",
                       published_at=dt.datetime(2007, 10, 12, 9, 30))           # naive: read as UTC
ERROR = Error(stage="FetchArticles", input="u", error_type="no_text", message="m", at=T1)


@pytest.mark.parametrize("record, table, dest", [
    (article(1), "articles", "articles/published_date=2007-10-12"),
    (article(2, T2), "articles", "articles/published_date=2007-10-14"),
    (article(3, None), "articles", "articles/published_date=unknown"),
    (statement(1), "statements", "statements/published_date=2007-10-12"),
    (ERROR, "errors", "errors"),
    (MENTION, ACTOR_MENTIONS, ACTOR_MENTIONS),
    (IssueMention(issue_id="i", label="l", article_id="a1"), ISSUE_MENTIONS, ISSUE_MENTIONS),
])
def test_table_row_gives_destination_and_row(record, table, dest):
    got_dest, row = table_row(record, table)
    assert got_dest == dest
    assert set(row) <= set(schema_of(table).names)
    pa.Table.from_pylist([row], schema=schema_of(table))      # the row fits the schema


@pytest.mark.parametrize("record, table, error", [
    (article(1), "statements", TypeError),                  # another table's record
    (statement(1), ACTOR_MENTIONS, TypeError),
    (Article(article_id=None, url="u", text="t"), "articles", ValueError),   # null in a required column
])
def test_table_row_rejects_records_that_break_the_schema(record, table, error):
    with pytest.raises(error):
        table_row(record, table)


def test_mention_timestamps_are_utc():
    assert table_row(MENTION, ACTOR_MENTIONS)[1]["published_at"].tzinfo == UTC


def test_dead_letter_has_the_shape_of_with_exception_handling():
    try:
        raise ValueError("articles: required column(s) article_id are null")
    except ValueError as exc:
        record, (exc_class, exc_repr, trace) = dead_letter("rec", exc)
    assert (record, exc_class, exc_repr) == ("rec", ValueError, repr(ValueError(
        "articles: required column(s) article_id are null")))
    assert isinstance(trace, list) and "ValueError" in trace[-1]


@pytest.mark.parametrize("sizes, group_rows, expected_groups", [
    ([3], 10, [3]),
    ([4, 4, 4], 10, [10, 2]),
    ([10], 10, [10]),
    ([25], 10, [10, 10, 5]),
    ([6, 6, 6, 6], 5, [5, 5, 5, 5, 4]),
])
def test_sink_writes_row_groups_of_the_given_size(tmp_path, sizes, group_rows, expected_groups):
    schema = SCHEMAS["errors"]
    sink = ParquetSink(schema, row_group_rows=group_rows)
    path = tmp_path / "part.parquet"
    n = 0
    with open(path, "wb") as fh:
        sink.open(fh)
        for size in sizes:
            rows = [table_row(Error(stage="s", input=str(n + i), error_type="t", message="m"), "errors")[1]
                    for i in range(size)]
            n += size
            sink.write(("errors", pa.Table.from_pylist(rows, schema=schema)))
        sink.flush()
    meta = pq.ParquetFile(path).metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == expected_groups
    assert pq.read_table(path)["input"].to_pylist() == [str(i) for i in range(n)]     # in order, none lost


def options():
    return PipelineOptions([], runner="FnApiRunner")


def test_table_rows_fn_gives_one_table_per_destination_and_dead_letters():
    records = [article(1), article(2), article(3, T2), article(4, None), Article(article_id=None, url="bad", text="t"),
               statement(9)]
    with BeamTestPipeline(options=options()) as p:
        out = (p | beam.Create(records, reshuffle=False)
               | beam.ParDo(TableRowsFn("articles")).with_outputs(INVALID, main="rows"))
        shapes = out["rows"] | "Shape" >> beam.Map(lambda e: (e[0], sorted(e[1]["article_id"].to_pylist())))
        assert_that(shapes, equal_to([("articles/published_date=2007-10-12", ["a1", "a2"]),
                                      ("articles/published_date=2007-10-14", ["a3"]),
                                      ("articles/published_date=unknown", ["a4"])]), label="Tables")
        letters = out[INVALID] | "Letter" >> beam.Map(lambda d: (getattr(d[0], "url", None), d[1][0].__name__))
        assert_that(letters, equal_to([("bad", "ValueError"), (None, "TypeError")]), label="DeadLetters")


def test_table_rows_fn_chunks_large_destinations(monkeypatch):
    from communique.transforms import parquet_sink
    monkeypatch.setattr(parquet_sink, "CHUNK_ROWS", 3)
    with BeamTestPipeline(options=options()) as p:
        out = (p | beam.Create([article(i) for i in range(8)], reshuffle=False)
               | beam.ParDo(TableRowsFn("articles")).with_outputs(INVALID, main="rows"))
        assert_that(out["rows"] | beam.Map(lambda e: (e[0], e[1].num_rows)),
                    equal_to([("articles/published_date=2007-10-12", 8)]))


def test_table_rows_fn_without_dead_letters_fails():
    with pytest.raises(Exception, match="errors takes Error records|takes Error records"):
        with BeamTestPipeline(options=options()) as p:
            _ = p | beam.Create([article(1)]) | beam.ParDo(TableRowsFn("errors", dead_letters=False))


def write_tables(root, records):
    with BeamTestPipeline(options=options()) as p:
        tables = {t: p | f"Create{t}" >> beam.Create(records.get(t, [])).with_output_types(object)
                  for t in WRITTEN_TABLES}
        _ = tables | WriteTables(str(root), "r1")


def test_write_tables_layout_rows_and_invalid_records(tmp_path):
    records = {
        "articles": [article(1), article(2), article(3, T2), article(4, None),
                     Article(article_id=None, url="bad", text="t")],
        "statements": [statement(i) for i in range(30)] + [statement(99, None)],
        "errors": [ERROR],
        ACTOR_MENTIONS: [MENTION] * 5,
        ISSUE_MENTIONS: [article(7)],                                        # wrong record type
    }
    write_tables(tmp_path, records)
    files = sorted(os.path.relpath(f, tmp_path) for f in glob.glob(f"{tmp_path}/**/*.parquet", recursive=True))
    assert files == [
        "_actor_mentions/part-r1-00000.parquet",
        "articles/published_date=2007-10-12/part-r1-00000.parquet",
        "articles/published_date=2007-10-14/part-r1-00000.parquet",
        "articles/published_date=unknown/part-r1-00000.parquet",
        "errors/part-r1-00000.parquet",
        "statements/published_date=2007-10-12/part-r1-00000.parquet",
        "statements/published_date=unknown/part-r1-00000.parquet",
    ]
    assert sorted(read_table(str(tmp_path), "articles")["article_id"].to_pylist()) == ["a1", "a2", "a3", "a4"]
    assert read_table(str(tmp_path), "statements").num_rows == 31
    assert pq.read_table(tmp_path / ACTOR_MENTIONS / "part-r1-00000.parquet").schema.equals(
        schema_of(ACTOR_MENTIONS))
    errors = sorted(read_table(str(tmp_path), "errors").to_pylist(), key=lambda e: e["input"])
    assert [(e["stage"], e["error_type"], e["input"]) for e in errors] == [
        ("WriteParquet", "invalid_row", "_issue_mentions:Article.article_id='a7'"),
        ("WriteParquet", "invalid_row", "articles:Article.article_id=None"),
        ("FetchArticles", "no_text", "u"),
    ]
    assert errors[0]["message"].startswith("TypeError: ") and "article_id" in errors[1]["message"]
