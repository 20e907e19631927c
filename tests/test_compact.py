"""communique compact: many small files become one per partition, no row is lost, aggregates are exact."""
from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from communique.pipelines import cli, commit
from communique.pipelines.compact import CompactError, compact
from communique.schemas import SCHEMAS, TABLE_ORDER, Article
from communique.transforms.parquet_sink import ACTOR_MENTIONS, partition_value
from communique.transforms.write_parquet import read_table, record_to_row, table_files

UTC = dt.timezone.utc


def small_files(out: Path, n_files: int = 12, per_file: int = 3):
    """``n_files`` article files of ``per_file`` rows, spread over two date partitions and ``unknown``."""
    ids = []
    for f in range(n_files):
        published = [dt.datetime(2024, 1, 1 + f % 2, tzinfo=UTC), None][f % 3 == 2]
        rows = []
        for r in range(per_file):
            aid = f"a{f:02d}{r}"
            ids.append(aid)
            rows.append(record_to_row(Article(article_id=aid, url=f"https://x.org/{aid}", text="t",
                                              text_source="feed", published_at=published), "articles"))
        folder = out / "articles" / f"published_date={partition_value(published)}"
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMAS["articles"]), folder / f"part-r{f}-00000.parquet")
    return ids


def test_many_small_files_become_one_per_partition(tmp_path):
    ids = small_files(tmp_path)
    assert len(table_files(str(tmp_path), "articles")) == 12
    report = compact(str(tmp_path), echo=lambda *_: None)
    files = table_files(str(tmp_path), "articles")
    assert len(files) == 3 == report["articles"]["files_after"]
    assert sorted(read_table(str(tmp_path), "articles").column("article_id").to_pylist()) == sorted(ids)
    assert report["articles"]["rows"] == len(ids)
    rows = duckdb.sql(f"SELECT published_date, count(*) FROM read_parquet('{tmp_path}/articles/**/*.parquet', "
                      "hive_partitioning=true) GROUP BY 1 ORDER BY 1").fetchall()
    assert [(str(d), n) for d, n in rows] == [("2024-01-01", 12), ("2024-01-02", 12), ("unknown", 12)]
    assert not list(tmp_path.glob(".tmp-*"))
    # Compacting again changes nothing.
    compact(str(tmp_path), echo=lambda *_: None)
    assert table_files(str(tmp_path), "articles") == files


def test_a_merged_file_that_loses_rows_aborts_and_changes_nothing(tmp_path, monkeypatch):
    small_files(tmp_path, n_files=4)
    before = table_files(str(tmp_path), "articles")
    real_write = commit.write_table
    monkeypatch.setattr(commit, "write_table", lambda table, path: real_write(table.slice(1), path))
    with pytest.raises(CompactError, match="does not hold"):
        compact(str(tmp_path), echo=lambda *_: None)
    assert table_files(str(tmp_path), "articles") == before
    assert not list(tmp_path.glob(".tmp-*"))


TOPICS = ["the nuclear talks", "the grain corridor", "the border dispute", "the climate fund",
          "the fishing quotas", "the refugee agreement"]
PLACES = ["GENEVA", "NAIROBI", "OSLO", "LIMA", "HANOI", "DAKAR"]


def write_jsonl(path: Path, ids) -> str:
    """Articles different enough not to be near-duplicates of each other (MinHash), two per date."""
    people = ["John Smith", "Maria Lopez", "Ahmed Khan"]
    with open(path, "w", encoding="utf-8") as fh:
        for i in ids:
            name, topic, place = people[i % 3], TOPICS[i], PLACES[i]
            text = (f"{place} -- Delegations from {i + 3} countries met on {topic} this week. "
                    f"\"We will sign an agreement on {topic} by June,\" said {name}, the foreign minister. "
                    f"Observers in {place} said progress on {topic} had been slow since {1990 + i}. "
                    f"{name} called on Iran to return to {topic}.")
            fh.write(json.dumps({"url": f"https://news.example.org/c-{i}", "title": f"C {i}",
                                 "published": f"2024-05-{i % 2 + 1:02d}T08:{i:02d}:00Z", "text": text}) + "\n")
    return str(path)


def test_incremental_runs_then_compact_equal_one_fresh_run(tmp_path, capsys):
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    for k, ids in enumerate(([0, 1], [1, 2, 3], [4, 5])):
        assert cli.main(["run", "--articles", write_jsonl(tmp_path / f"{k}.jsonl", ids), "--out", str(out)]) == 0
    assert cli.main(["run", "--articles", write_jsonl(tmp_path / "all.jsonl", range(6)), "--out", str(fresh)]) == 0
    before = {t: read_table(str(out), t).num_rows for t in TABLE_ORDER}
    n_files = {t: len(table_files(str(out), t)) for t in TABLE_ORDER + (ACTOR_MENTIONS,)}
    assert n_files["statements"] > 1 and n_files[ACTOR_MENTIONS] == 3
    capsys.readouterr()
    assert cli.main(["compact", "--out", str(out)]) == 0
    assert "statements" in capsys.readouterr().out
    assert {t: read_table(str(out), t).num_rows for t in TABLE_ORDER} == before
    assert len(table_files(str(out), ACTOR_MENTIONS)) == 1
    assert len(table_files(str(out), "statements")) < n_files["statements"]
    for table, key in (("actors", "actor_id"), ("issues", "issue_id"), ("articles", "article_id"),
                       ("statements", "statement_id"), ("commitments", "commitment_id")):
        ours = sorted(read_table(str(out), table).to_pylist(), key=lambda r: r[key])
        theirs = sorted(read_table(str(fresh), table).to_pylist(), key=lambda r: r[key])
        if table == "articles":
            for row in ours + theirs:
                row.pop("fetched_at")
        assert ours == theirs, table


def test_compact_usage_errors(tmp_path, capsys):
    assert cli.main(["compact", "--out", str(tmp_path / "missing")]) == 2
    assert "no such folder" in capsys.readouterr().err
    assert os.path.isdir(tmp_path)
