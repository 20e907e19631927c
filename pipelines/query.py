"""``communique query "SQL" [--out DIR] [--format table|csv|json]``: SQL over the output tables, with DuckDB.

An in-memory DuckDB gets one view per table (articles, actors, statements, issues, commitments, errors) over
the Parquet files of ``--out``:

* the files are exactly those :func:`~communique.transforms.write_parquet.table_files` finds (and
  ``read_table`` reads): ``<table>/**/*.parquet`` minus anything under a folder starting with ``_`` or ``.``
  (``_actor_mentions``, ``.tmp-*`` staging folders). The list is taken when the views are made;
* ``read_parquet([...], hive_partitioning = true, union_by_name = true)``: files of older runs that lack a newer
  column read as nulls;
* the partitioned tables (articles, statements, commitments) always have a ``published_date`` column of type
  ``DATE``: the Hive folder value, null for ``published_date=unknown`` (files written without partition
  folders get the UTC date of ``published_at``). Other ``key=value`` folders above ``--out`` are not columns;
* a table without files is an empty view with the columns and types of its schema (``schemas/``), so a query
  never fails on a missing table;
* the session time zone is UTC: timestamps show, cast and truncate in UTC.

Without SQL, an interactive shell on the same views: the ``duckdb`` command-line shell when it is on PATH,
else a small one in Python (``;``-terminated statements, ``.tables``, ``.schema``, ``.mode``, ``.quit``).
"""
from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import decimal
import importlib
import io
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, List, Optional, Sequence, TextIO, Tuple

import duckdb

from communique.schemas import SCHEMAS, TABLE_ORDER
from communique.schemas.dictionary import PARTITION_COLUMN, PARTITIONED, duckdb_type
from communique.transforms.write_parquet import table_dir, table_files

FORMATS = ("table", "csv", "json")
SHELLS = ("auto", "duckdb", "python")
MAX_TABLE_ROWS = 10_000  # rows rendered by --format table (DuckDB says how many were left out); csv/json: all
UNLIMITED_WIDTH = 1_000_000  # --format table into a file or a pipe: every column, every value in full
PARTITION_FOLDER = PARTITION_COLUMN + "="
PROMPT, CONTINUATION = "D ", "· "


# ---------------------------------------------------------------------------------------------- the views

def sql_string(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def sql_name(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def file_list(files: Sequence[str]) -> str:
    return "[" + ", ".join(sql_string(f) for f in files) + "]"


def is_partitioned_file(path: str, root: str) -> bool:
    """The file sits in a ``published_date=...`` folder under the table folder ``root``."""
    folders = os.path.relpath(path, root).split(os.sep)[:-1]
    return any(f.startswith(PARTITION_FOLDER) for f in folders)


def ancestor_keys(out_dir: str) -> List[str]:
    """Names of ``key=value`` folders in ``out_dir`` itself: DuckDB's Hive parsing would make them columns."""
    keys = []
    for part in Path(os.path.abspath(out_dir)).parts:
        key = part.split("=", 1)[0]
        if "=" in part and key != PARTITION_COLUMN and key not in keys:
            keys.append(key)
    return keys


def empty_select(table: str) -> str:
    """A SELECT of no rows with the table's columns and types (``published_date DATE`` when partitioned)."""
    columns = [f"CAST(NULL AS {duckdb_type(f.type)}) AS {sql_name(f.name)}" for f in SCHEMAS[table]]
    if table in PARTITIONED:
        columns.append(f"CAST(NULL AS DATE) AS {PARTITION_COLUMN}")
    return "SELECT " + ", ".join(columns) + " WHERE false"


def view_select(out_dir: str, table: str, files: Optional[Sequence[str]] = None) -> str:
    """The SELECT behind a table's view, over ``files`` (default: the table's files in ``out_dir``)."""
    if table not in SCHEMAS:
        raise ValueError(f"unknown table {table!r}; tables are {list(TABLE_ORDER)}")
    files = table_files(out_dir, table) if files is None else list(files)
    if not files:
        return empty_select(table)
    root = table_dir(out_dir, table)
    excluded = ancestor_keys(out_dir)
    exclude = f" EXCLUDE ({', '.join(sql_name(k) for k in excluded)})" if excluded else ""
    if table not in PARTITIONED:
        return (f"SELECT *{exclude} FROM read_parquet({file_list(files)}, hive_partitioning = true, "
                f"union_by_name = true)")
    hive = [f for f in files if is_partitioned_file(f, root)]
    flat = [f for f in files if not is_partitioned_file(f, root)]
    parts = []
    if hive:
        parts.append(f"SELECT *{exclude} REPLACE (TRY_CAST({PARTITION_COLUMN} AS DATE) AS {PARTITION_COLUMN}) "
                     f"FROM read_parquet({file_list(hive)}, hive_partitioning = true, union_by_name = true, "
                     f"hive_types = {{'{PARTITION_COLUMN}': 'VARCHAR'}})")
    if flat:
        parts.append(f"SELECT *{exclude}, CAST(published_at AS DATE) AS {PARTITION_COLUMN} "
                     f"FROM read_parquet({file_list(flat)}, hive_partitioning = true, union_by_name = true)")
    return "(" + ") UNION ALL BY NAME (".join(parts) + ")" if len(parts) > 1 else parts[0]


def setup_statements(out_dir: str) -> List[str]:
    """The SQL that makes a DuckDB session ready: UTC time zone, then one view per table."""
    statements = ["SET TimeZone = 'UTC'"]
    for table in TABLE_ORDER:
        statements.append(f"CREATE OR REPLACE VIEW {table} AS {view_select(out_dir, table)}")
    return statements


def connect(out_dir: str) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with the views over ``out_dir``."""
    con = duckdb.connect(":memory:")
    for statement in setup_statements(out_dir):
        con.execute(statement)
    return con


# ---------------------------------------------------------------------------------------------- output

def one_line(exc: BaseException) -> str:
    """DuckDB's message without the ``LINE 1: ...`` excerpt, on one line."""
    lines = []
    for line in str(exc).splitlines():
        if line.startswith("LINE ") or (not line.strip() and lines):
            break
        if line.strip():
            lines.append(line.strip())
    return " ".join(lines) or type(exc).__name__


def plain(value: Any) -> Any:
    """A query value as plain JSON data: ISO-8601 times (UTC, ``Z``), lists, dicts, numbers, strings."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.isoformat()
        return value.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value) if value.is_finite() else None
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    return str(value)  # UUID, INTERVAL (timedelta), ...


def csv_cell(value: Any) -> str:
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def render_csv(columns: Sequence[str], rows: Sequence[Tuple]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return buf.getvalue()


def render_json(columns: Sequence[str], rows: Sequence[Tuple]) -> str:
    records = [{c: plain(v) for c, v in zip(columns, row)} for row in rows]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def table_width(out: TextIO) -> int:
    """The terminal's width on a terminal (DuckDB then elides wide columns, as its shell does); else no limit."""
    isatty = getattr(out, "isatty", None)
    if isatty is not None and isatty():
        return shutil.get_terminal_size((120, 24)).columns
    return UNLIMITED_WIDTH


def emit(con: duckdb.DuckDBPyConnection, sql: str, fmt: str = "table", out: TextIO = None) -> None:
    """Run ``sql`` (one or more statements) and write the last one's result to ``out`` in ``fmt``.

    Raises ``duckdb.Error`` for a failing statement. Statements without a result print nothing.
    """
    out = sys.stdout if out is None else out
    relation = con.sql(sql)
    if relation is None:
        return
    if fmt == "table":
        with contextlib.redirect_stdout(out):  # show() prints through Python's sys.stdout
            relation.show(max_width=table_width(out), max_rows=MAX_TABLE_ROWS)
        return
    columns, rows = relation.columns, relation.fetchall()
    out.write(render_csv(columns, rows) if fmt == "csv" else render_json(columns, rows))


# ---------------------------------------------------------------------------------------------- the shell

def dot_command(con: duckdb.DuckDBPyConnection, line: str, state: dict, out: TextIO) -> bool:
    """Run a ``.command`` of the Python shell; False means quit. Raises ValueError for a bad command."""
    name, _, arg = line.strip().partition(" ")
    arg = arg.strip()
    if name in (".quit", ".exit", ".q"):
        return False
    if name == ".tables":
        names = [r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal "
                                           "UNION SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        out.write("\n".join(names) + "\n")
    elif name == ".schema":
        targets = [arg] if arg else list(TABLE_ORDER)
        for table in targets:
            out.write(f"{table}:\n")
            for column, ctype, *_ in con.execute(f"DESCRIBE {sql_name(table)}").fetchall():
                out.write(f"  {column} {ctype}\n")
    elif name == ".mode":
        if arg not in FORMATS:
            raise ValueError(f".mode takes one of {', '.join(FORMATS)}")
        state["format"] = arg
    elif name == ".help":
        out.write("SQL statements end with ';'. Commands: .tables, .schema [TABLE], .mode table|csv|json, "
                  ".quit\n")
    else:
        raise ValueError(f"unknown command {name} (try .help)")
    return True


def repl(con: duckdb.DuckDBPyConnection, stdin: TextIO = None, out: TextIO = None, err: TextIO = None,
         fmt: str = "table", interactive: Optional[bool] = None) -> int:
    """A small SQL shell: read statements ending in ``;`` and dot commands until ``.quit`` or end of input.

    Errors are reported on one line and the shell goes on. Returns 0, or 1 when input was not a terminal and
    a statement or command failed (so a piped script's failure shows in the exit status).
    """
    stdin = sys.stdin if stdin is None else stdin
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    if interactive is None:
        interactive = stdin.isatty()
    if interactive:
        try:
            importlib.import_module("readline")  # line editing and history for input()
        except ImportError:
            pass
        out.write(f"Communique SQL shell on DuckDB {duckdb.__version__}; tables: {', '.join(TABLE_ORDER)}. "
                  f"End statements with ';', .help for commands, .quit to leave.\n")
    state = {"format": fmt}
    failed = False
    buffer: List[str] = []
    while True:
        try:
            if interactive:
                line = input(CONTINUATION if buffer else PROMPT)
            else:
                line = stdin.readline()
                if not line:
                    raise EOFError
        except EOFError:
            break
        except KeyboardInterrupt:
            out.write("\n")
            buffer = []
            continue
        if not buffer and line.strip().startswith("."):
            try:
                if not dot_command(con, line, state, out):
                    break
            except (ValueError, duckdb.Error) as exc:
                err.write(f"Error: {one_line(exc)}\n")
                failed = True
            continue
        if not buffer and not line.strip():
            continue
        buffer.append(line.rstrip("\n"))
        if not line.rstrip().endswith(";"):
            continue
        sql, buffer = "\n".join(buffer), []
        try:
            emit(con, sql, state["format"], out)
        except duckdb.Error as exc:
            err.write(f"Error: {one_line(exc)}\n")
            failed = True
        out.flush()
    if buffer and "".join(buffer).strip():
        err.write("Error: the last statement has no terminating ';' and was not run\n")
        failed = True
    return 1 if failed and not interactive else 0


def duckdb_shell_argv(binary: str, init_file: str, fmt: str = "table") -> List[str]:
    """The command line of DuckDB's own shell, in memory, with the views made by ``init_file``."""
    return [binary, "-init", init_file] + ([f"-{fmt}"] if fmt in ("csv", "json") else []) + [":memory:"]


def run_duckdb_shell(binary: str, out_dir: str, fmt: str = "table") -> int:
    with tempfile.NamedTemporaryFile("w", suffix=".sql", prefix="communique-views-", delete=False) as init:
        init.write(";\n".join(setup_statements(out_dir)) + ";\n")
    try:
        return subprocess.call(duckdb_shell_argv(binary, init.name, fmt))
    finally:
        os.remove(init.name)


# ---------------------------------------------------------------------------------------------- the command

def add_arguments(parser: argparse.ArgumentParser) -> None:
    from communique.pipelines.cli import DEFAULT_OUT

    parser.add_argument("sql", nargs="?", default=None,
                        help="the SQL to run ('-' reads it from standard input); without it, an interactive shell")
    parser.add_argument("--out", default=DEFAULT_OUT, help=f"the output folder of earlier runs (default {DEFAULT_OUT})")
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="table (aligned text, the default), csv, or json (one array of objects)")
    parser.add_argument("--shell", choices=SHELLS, default="auto",
                        help="the shell without SQL: duckdb's own when on PATH (auto), or the built-in python one")


def cmd_query(args: argparse.Namespace, stdin: TextIO = None) -> int:
    """The ``query`` subcommand; returns the exit status (1 for a failing SQL statement)."""
    from communique.pipelines.cli import UsageError

    stdin = sys.stdin if stdin is None else stdin
    out = os.path.abspath(args.out)
    if not os.path.isdir(out):
        raise UsageError(f"--out {args.out}: no such folder (write it first with: communique run --out {args.out})")
    if args.sql is None:
        binary = shutil.which("duckdb") if args.shell != "python" else None
        if args.shell == "duckdb" and not binary:
            raise UsageError("--shell duckdb: no duckdb command on PATH")
        if binary:
            return run_duckdb_shell(binary, out, args.format)
    sql = None if args.sql is None else stdin.read() if args.sql == "-" else args.sql
    if sql is not None and not sql.strip():
        raise UsageError("the SQL is empty")
    try:
        con = connect(out)  # fails on an unreadable Parquet file (its path is in the message)
        if sql is None:
            return repl(con, stdin=stdin, fmt=args.format)
        emit(con, sql, args.format)
    except duckdb.Error as exc:
        print(f"communique: query failed: {one_line(exc)}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `communique query ... | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # as Python's docs advise: no error at exit
    return 0
