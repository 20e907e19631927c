"""``communique query``: the views over an output folder, the output formats, the shell and the CLI wiring.

The folders here are real Parquet files written with pyarrow in the tables' schemas (no Beam run): the layouts
a run leaves (Hive partitions, ``published_date=unknown``, aggregates, hidden and staging folders) and the flat
one-file-per-table layout. ``tests/test_examples.py`` and ``tests/test_interop.py`` query a real run.
"""
from __future__ import annotations

import datetime as dt
import decimal
import io
import json
import os
import re
import shutil
import subprocess
import sys
import uuid

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from communique.pipelines import query
from communique.pipelines.cli import main
from communique.schemas import SCHEMAS, TABLE_ORDER, Actor, Article, Commitment, Statement
from communique.schemas.columns import to_row
from communique.schemas.dictionary import PARTITIONED, duckdb_type

UTC = dt.timezone.utc
DAY = dt.datetime(2007, 10, 12, 9, 30, tzinfo=UTC)


def statement(n: int, published_at=DAY, **extra) -> Statement:
    return Statement(statement_id=f"s{n}", article_id="a1", content=f"said {n}", content_start=n, content_end=n + 1,
                     sentence_start=0, sentence_end=9, speaker_name="Sergey Lavrov", event_type="STATEMENT",
                     published_at=published_at, addressee_names=["United States"], issue_ids=["i1"], **extra)


def write(path, records, table: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    pq.write_table(pa.Table.from_pylist([to_row(r) for r in records], schema=SCHEMAS[table]), path)


def make_out(root) -> str:
    """An output folder as runs leave it, with the files a reader must skip."""
    out = str(root)
    write(f"{out}/articles/published_date=2007-10-12/part-r1-00000.parquet",
          [Article(article_id="a1", url="https://example.org/a", text="MOSCOW ...", text_source="page",
                   published_at=DAY)], "articles")
    write(f"{out}/statements/published_date=2007-10-12/part-r1-00000.parquet", [statement(1), statement(2)],
          "statements")
    write(f"{out}/statements/published_date=unknown/part-r1-00000.parquet", [statement(3, published_at=None)],
          "statements")
    write(f"{out}/statements/.temp-beam-x/part-junk.parquet", [statement(9)], "statements")  # Beam's temp
    write(f"{out}/statements/_staging/part-junk.parquet", [statement(8)], "statements")
    write(f"{out}/.tmp-r2/statements/published_date=2007-10-13/part-r2-00000.parquet", [statement(7)],
          "statements")  # a run that has not committed
    write(f"{out}/actors/part-aggregate.parquet", [Actor(actor_id="x1", name="Sergey Lavrov", actor_type="PERSON",
                                                         aliases=["Lavrov"])], "actors")
    os.makedirs(f"{out}/errors", exist_ok=True)  # no files at all; issues and commitments: not even a folder
    return out


@pytest.fixture
def out(tmp_path):
    return make_out(tmp_path / "out")


def rows(con, sql):
    return con.execute(sql).fetchall()


# ---------------------------------------------------------------------------------------------- pure helpers

@pytest.mark.parametrize("text, literal", [("a", "'a'"), ("it's", "'it''s'"), ("", "''"), ("/x=1/y", "'/x=1/y'")])
def test_sql_string(text, literal):
    assert query.sql_string(text) == literal
    assert duckdb.connect().execute(f"SELECT {literal}").fetchone()[0] == text


@pytest.mark.parametrize("path, keys", [
    ("/data/out", []),
    ("/warehouse/run=5/out", ["run"]),
    ("/a=1/b=2/published_date=2007-10-12", ["a", "b"]),
])
def test_ancestor_keys(path, keys):
    assert query.ancestor_keys(path) == keys


@pytest.mark.parametrize("arrow_type, name", [
    (pa.string(), "VARCHAR"), (pa.int32(), "INTEGER"), (pa.int64(), "BIGINT"), (pa.bool_(), "BOOLEAN"),
    (pa.date32(), "DATE"), (pa.timestamp("us", tz="UTC"), "TIMESTAMP WITH TIME ZONE"),
    (pa.timestamp("us"), "TIMESTAMP"), (pa.list_(pa.string()), "VARCHAR[]"),
])
def test_duckdb_type(arrow_type, name):
    assert duckdb_type(arrow_type) == name


def test_duckdb_type_unknown():
    with pytest.raises(ValueError, match="no DuckDB type"):
        duckdb_type(pa.binary())


@pytest.mark.parametrize("sql, start", [
    ("SELECT * FROM nope", "Catalog Error: Table with name nope does not exist!"),
    ("SELEC 1", "Parser Error: syntax error at or near \"SELEC\""),
    ("SELECT CAST('x' AS INTEGER)", "Conversion Error:"),
])
def test_one_line_error(sql, start):
    with pytest.raises(duckdb.Error) as info:
        duckdb.connect().execute(sql)
    message = query.one_line(info.value)
    assert message.startswith(start) and "\n" not in message and "LINE 1" not in message


@pytest.mark.parametrize("value, expected", [
    (None, None), (True, True), (3, 3), (1.5, 1.5), (float("nan"), None), ("x", "x"),
    (dt.datetime(2007, 10, 12, tzinfo=UTC), "2007-10-12T00:00:00Z"),
    (dt.datetime(2007, 10, 12, 4, tzinfo=dt.timezone(dt.timedelta(hours=4))), "2007-10-12T00:00:00Z"),
    (dt.datetime(2007, 10, 12, 1, 2, 3), "2007-10-12T01:02:03"),
    (dt.date(2008, 4, 12), "2008-04-12"), (decimal.Decimal("1.5"), 1.5),
    (["a", None], ["a", None]), ({"k": dt.date(2008, 1, 1)}, {"k": "2008-01-01"}), (b"\x01\xff", "01ff"),
    (uuid.UUID(int=1), "00000000-0000-0000-0000-000000000001"), (dt.timedelta(days=3), "3 days, 0:00:00"),
])
def test_plain(value, expected):
    assert query.plain(value) == expected


def test_render_csv_and_json():
    columns = ["name", "names", "at", "ok", "none"]
    data = [("Rice, C.", ["United States", "Russia"], dt.datetime(2007, 10, 12, tzinfo=UTC), True, None)]
    assert query.render_csv(columns, data) == (
        'name,names,at,ok,none\n"Rice, C.","[""United States"", ""Russia""]",2007-10-12T00:00:00Z,true,\n')
    assert json.loads(query.render_json(columns, data)) == [
        {"name": "Rice, C.", "names": ["United States", "Russia"], "at": "2007-10-12T00:00:00Z", "ok": True,
         "none": None}]
    assert json.loads(query.render_json(columns, [])) == []


@pytest.mark.parametrize("fmt, flags", [("table", []), ("csv", ["-csv"]), ("json", ["-json"])])
def test_duckdb_shell_argv(fmt, flags):
    assert query.duckdb_shell_argv("/usr/bin/duckdb", "/tmp/v.sql", fmt) == [
        "/usr/bin/duckdb", "-init", "/tmp/v.sql", *flags, ":memory:"]


# ---------------------------------------------------------------------------------------------- the views

def test_views_read_what_read_table_reads(out):
    con = query.connect(out)
    assert rows(con, "SELECT statement_id, published_date FROM statements ORDER BY 1") == [
        ("s1", dt.date(2007, 10, 12)), ("s2", dt.date(2007, 10, 12)), ("s3", None)]  # hidden/staging skipped
    assert rows(con, "SELECT count(*) FROM articles") == [(1,)]
    assert rows(con, "SELECT name, aliases FROM actors") == [("Sergey Lavrov", ["Lavrov"])]
    for table in ("issues", "commitments", "errors"):
        assert rows(con, f"SELECT count(*) FROM {table}") == [(0,)]
    assert sorted(r[0] for r in rows(con, "SELECT view_name FROM duckdb_views() WHERE NOT internal")) == sorted(
        TABLE_ORDER)


def test_timestamps_are_utc(out):
    con = query.connect(out)
    (at,), = rows(con, "SELECT published_at FROM statements WHERE statement_id = 's1'")
    assert at == DAY and at.utcoffset() == dt.timedelta(0)
    assert rows(con, "SELECT hour(published_at) FROM statements WHERE statement_id = 's1'") == [(9,)]


@pytest.mark.parametrize("table", TABLE_ORDER)
def test_empty_view_has_the_schema(tmp_path, table):
    """A table without files: the same column names and types as a view over real files of that table."""
    empty = query.connect(str(tmp_path / "empty"))
    record = {"articles": Article(article_id="a", url="u", text="t", text_source="page", published_at=DAY),
              "statements": statement(1), "actors": Actor(actor_id="x", name="n", actor_type="PERSON"),
              "commitments": Commitment(commitment_id="c", article_id="a", action="meet", evidence_start=0,
                                        evidence_end=1, sentence_start=0, sentence_end=1, published_at=DAY)}
    full_dir = tmp_path / "full"
    if table in record:
        folder = "published_date=2007-10-12/" if table in PARTITIONED else ""
        write(f"{full_dir}/{table}/{folder}part-0.parquet", [record[table]], table)
    else:  # issues, errors: a file with no rows, as a run writes for an empty table
        os.makedirs(full_dir / table)
        pq.write_table(SCHEMAS[table].empty_table(), str(full_dir / table / "part-0.parquet"))
    full = query.connect(str(full_dir))
    describe = f"SELECT column_name, column_type FROM (DESCRIBE {table})"
    assert rows(empty, describe) == rows(full, describe)
    expected = [(f.name, duckdb_type(f.type)) for f in SCHEMAS[table]]
    assert rows(empty, describe) == expected + ([("published_date", "DATE")] if table in PARTITIONED else [])


def test_flat_and_mixed_layouts_have_published_date(tmp_path):
    out = str(tmp_path / "out")
    write(f"{out}/statements/part-00000-of-00001.parquet", [statement(1)], "statements")  # WriteParquet's layout
    con = query.connect(out)
    assert rows(con, "SELECT statement_id, published_date FROM statements") == [("s1", dt.date(2007, 10, 12))]
    write(f"{out}/statements/published_date=2007-10-13/part-r1-00000.parquet", [statement(2)], "statements")
    con = query.connect(out)
    assert rows(con, "SELECT statement_id, published_date FROM statements ORDER BY 1") == [
        ("s1", dt.date(2007, 10, 12)), ("s2", dt.date(2007, 10, 13))]


def test_key_value_folders_above_out_are_not_columns(tmp_path):
    out = make_out(tmp_path / "run=5" / "out")
    con = query.connect(out)
    for table in ("statements", "actors"):
        columns = [r[0] for r in rows(con, f"SELECT column_name FROM (DESCRIBE {table})")]
        assert "run" not in columns
    assert rows(con, "SELECT count(*) FROM statements") == [(3,)]


def test_quotes_in_paths(tmp_path):
    out = make_out(tmp_path / "it's out")
    assert rows(query.connect(out), "SELECT count(*) FROM statements") == [(3,)]


# ---------------------------------------------------------------------------------------------- the command

def test_query_formats(out, capsys):
    sql = "SELECT statement_id, addressee_names, published_at FROM statements WHERE statement_id = 's1'"
    assert main(["query", sql, "--out", out, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"statement_id": "s1", "addressee_names": ["United States"], "published_at": "2007-10-12T09:30:00Z"}]
    assert main(["query", sql, "--out", out, "--format", "csv"]) == 0
    assert capsys.readouterr().out == ('statement_id,addressee_names,published_at\n'
                                       's1,"[""United States""]",2007-10-12T09:30:00Z\n')
    assert main(["query", sql, "--out", out]) == 0
    table = capsys.readouterr().out
    lines = table.splitlines()
    assert "statement_id" in lines[1] and "s1" in table and "[United States]" in table
    assert len({len(line) for line in lines if line.startswith(("┌", "│", "└"))}) == 1  # aligned


def test_query_sql_starting_with_a_comment(out, capsys):
    assert main(["query", "-- how many?\nSELECT count(*) AS n FROM statements;", "--out", out, "--format",
                 "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"n": 3}]


def test_query_error_is_one_line_exit_1(out, capsys):
    assert main(["query", "SELECT speeker_name FROM statements", "--out", out]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("communique: query failed: Binder Error: Referenced column \"speeker_name\"")
    assert captured.err.count("\n") == 1


def test_query_missing_out_is_a_usage_error(tmp_path, capsys):
    assert main(["query", "SELECT 1", "--out", str(tmp_path / "nowhere")]) == 2
    assert "no such folder" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------- the shell

def test_repl(out):
    script = ("SELECT count(*) AS n\n  FROM statements;\n"
              ".tables\n"
              "\n"
              "SELECT nope FROM statements;\n"
              ".mode json\n"
              "SELECT statement_id FROM statements ORDER BY 1 LIMIT 1;\n"
              ".schema errors\n"
              ".bogus\n"
              ".quit\n"
              "SELECT 'after quit';\n")
    stdout, stderr = io.StringIO(), io.StringIO()
    status = query.repl(query.connect(out), stdin=io.StringIO(script), out=stdout, err=stderr, interactive=False)
    assert status == 1  # a statement failed
    text = stdout.getvalue()
    assert re.search(r"│\s+n\s+│", text) and re.search(r"│\s+3\s+│", text)
    assert "\n".join(sorted(TABLE_ORDER)) in text
    assert json.loads(text[text.index("["):text.index("]") + 1]) == [{"statement_id": "s1"}]
    assert "errors:\n  stage VARCHAR\n" in text and "after quit" not in text
    errors = stderr.getvalue().splitlines()
    assert len(errors) == 2 and errors[0].startswith("Error: Binder Error") and "unknown command .bogus" in errors[1]


def test_repl_clean_script_and_unterminated_statement(out):
    ok = query.repl(query.connect(out), stdin=io.StringIO("SELECT 1;\n"), out=io.StringIO(), err=io.StringIO(),
                    interactive=False)
    assert ok == 0
    stderr = io.StringIO()
    status = query.repl(query.connect(out), stdin=io.StringIO("SELECT 1"), out=io.StringIO(), err=stderr,
                        interactive=False)
    assert status == 1 and "no terminating ';'" in stderr.getvalue()


def run_cli(args, stdin: str, env=None) -> subprocess.CompletedProcess:
    """``communique ARGS`` in a new process, as the console script runs it (``python -m ...cli`` would import the
    CLI twice, as ``__main__`` and under its name, and then its UsageError is not the one query.py raises)."""
    entry = "import sys; from communique.pipelines.cli import main; sys.exit(main())"
    return subprocess.run([sys.executable, "-c", entry, *args], input=stdin, env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.skipif(shutil.which("duckdb") is None, reason="no duckdb shell on PATH (pip install duckdb-cli)")
def test_duckdb_shell_gets_the_views(out):
    done = run_cli(["query", "--out", out, "--shell", "duckdb"],
                   ".mode csv\nSELECT count(*) AS n, typeof(min(published_date)) AS t FROM statements;\n")
    assert done.returncode == 0, done.stderr
    assert "n,t\n3,DATE\n" in done.stdout


def test_duckdb_shell_missing_is_a_usage_error(out, tmp_path):
    done = run_cli(["query", "--out", out, "--shell", "duckdb"], "", env={**os.environ, "PATH": str(tmp_path)})
    assert done.returncode == 2 and "no duckdb command on PATH" in done.stderr


def test_shell_through_the_command_line(out):
    """No SQL: the built-in shell reads statements piped on standard input."""
    done = run_cli(["query", "--out", out, "--shell", "python", "--format", "csv"],
                   "SELECT speaker_name, count(*) AS n\nFROM statements GROUP BY 1;\n.tables\n.quit\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("speaker_name,n\nSergey Lavrov,3\n") and "statements\n" in done.stdout


def test_sql_from_standard_input(out):
    done = run_cli(["query", "-", "--out", out, "--format", "json"], "SELECT count(*) AS n FROM articles")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [{"n": 1}]


def test_unreadable_file_is_one_line_exit_1(out, capsys):
    with open(os.path.join(out, "errors", "part-broken.parquet"), "w") as broken:
        broken.write("not parquet")
    assert main(["query", "SELECT count(*) FROM statements", "--out", out]) == 1
    err = capsys.readouterr().err
    assert err.startswith("communique: query failed: ") and "part-broken.parquet" in err and err.count("\n") == 1


def test_empty_sql_is_a_usage_error(out, capsys):
    assert main(["query", "  ", "--out", out]) == 2
    assert "the SQL is empty" in capsys.readouterr().err
