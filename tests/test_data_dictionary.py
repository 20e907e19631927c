"""docs/data-dictionary.md is generated from schemas/ (schemas/dictionary.py) and must match it."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from communique.schemas import SCHEMAS, TABLE_ORDER
from communique.schemas import dictionary
from communique.transforms import parquet_sink

DOC = Path(__file__).resolve().parents[1] / "docs" / "data-dictionary.md"


def test_committed_dictionary_is_up_to_date():
    assert DOC.is_file(), f"{DOC} is missing; generate it with: {dictionary.REGENERATE}"
    if DOC.read_text(encoding="utf-8") != dictionary.render():
        pytest.fail(f"docs/data-dictionary.md differs from the schemas; regenerate it with: {dictionary.REGENERATE}",
                    pytrace=False)


def test_regeneration_command_prints_the_dictionary():
    done = subprocess.run([sys.executable, "-m", "communique.schemas.dictionary"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == dictionary.render()
    assert dictionary.REGENERATE in done.stdout  # the header says how to regenerate


@pytest.mark.parametrize("table", TABLE_ORDER)
def test_every_column_is_documented(table):
    text = dictionary.render()
    section = text.split(f"\n## {table}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    names = [row.split("`")[1] for row in rows]
    extra = [dictionary.PARTITION_COLUMN] if table in dictionary.PARTITIONED else []
    assert names == SCHEMAS[table].names + extra
    for field, row in zip(SCHEMAS[table], rows):
        cells = [c.strip() for c in row.strip("|").split(" | ")]
        assert cells[1] == f"`{field.type}`"
        assert cells[2] == f"`{dictionary.duckdb_type(field.type)}`"
        assert cells[3] == ("yes" if field.nullable else "no")
        assert cells[4] == dictionary.cell(field.metadata[b"doc"].decode())


def test_partitioned_tables_match_the_writer():
    assert dictionary.PARTITIONED == parquet_sink.PARTITIONED
    assert dictionary.PARTITION_COLUMN == parquet_sink.PARTITION_COLUMN


@pytest.mark.parametrize("value, text", [
    (None, ""), ("en", "`en`"), (["United States"], '`["United States"]`'), (False, "`false`"), (12, "`12`"),
    ("a | b", "`a \\| b`"),
])
def test_format_example(value, text):
    assert dictionary.format_example(value) == text


def test_dictionary_imports_nothing_outside_schemas():
    code = ("import sys, communique.schemas.dictionary; "
            "print([m for m in sys.modules if m.startswith(('communique.pipelines', 'communique.transforms'))])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
