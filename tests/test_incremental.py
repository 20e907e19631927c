"""Incremental runs: a rerun adds only new articles; a killed run leaves nothing half-written; the output is
partitioned by publication date, Hive style, and read that way by DuckDB, pandas and read_table."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from communique.pipelines import commit
from communique.schemas import TABLE_ORDER
from communique.transforms.write_parquet import read_table, table_files

PEOPLE = ["John Smith", "Maria Lopez", "Ahmed Khan", "Li Wei", "Anna Novak", "Peter Brown", "Sara Cohen",
          "Tom Jones"]


def communique(*args: str, cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "communique.pipelines.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600, **kwargs)


def article_text(i: int) -> str:
    name = PEOPLE[i % len(PEOPLE)]
    return (f"BRUSSELS, March {i + 1} -- Talks on the arms control treaty resumed on day {i}. "
            f"\"We will meet again in Geneva next month,\" said {name}, the foreign minister. "
            f"{name} called on Russia to return to the negotiating table. " * 2)


def write_jsonl(path: Path, ids, undated=()) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for i in ids:
            published = None if i in undated else f"2024-03-{i + 1:02d}T10:00:00Z"
            fh.write(json.dumps({"url": f"https://news.example.org/story-{i}", "title": f"Story {i}",
                                 "published": published, "text": article_text(i)}) + "\n")
    return path


def article_ids(out: Path):
    return read_table(str(out), "articles").column("article_id").to_pylist()


def assert_no_temp_files(out: Path):
    leftovers = [p for p in out.rglob("*") if p.name.startswith((".tmp-", ".temp"))]
    assert not leftovers, leftovers
    for table in TABLE_ORDER:
        readers_glob = duckdb.sql(f"SELECT DISTINCT filename FROM read_parquet('{out}/{table}/**/*.parquet', "
                                  "filename=true)").fetchall()
        assert all(".tmp" not in f and ".temp" not in f for (f,) in readers_glob), table


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    """Run 1 on articles 0-2 (2 undated), run 2 on 0-4: the second adds 3 and 4 only."""
    cwd = tmp_path_factory.mktemp("incr")
    first = communique("run", "--articles", str(write_jsonl(cwd / "a.jsonl", range(3), undated={2})), cwd=cwd)
    assert first.returncode == 0, first.stderr
    out = cwd / "communique-out"
    after_first = {t: read_table(str(out), t).num_rows for t in TABLE_ORDER}
    second = communique("run", "--articles", str(write_jsonl(cwd / "b.jsonl", range(5), undated={2})), cwd=cwd)
    assert second.returncode == 0, second.stderr
    return out, after_first, second


def test_rerun_adds_only_new_articles(two_runs):
    out, after_first, second = two_runs
    ids = article_ids(out)
    assert after_first["articles"] == 3
    assert len(ids) == len(set(ids)) == 5
    assert "skipped (not fetched): 3" in second.stdout
    for table, key in (("statements", "statement_id"), ("commitments", "commitment_id")):
        values = read_table(str(out), table).column(key).to_pylist()
        assert len(values) == len(set(values)), table
        assert len(values) > after_first[table], table
    assert_no_temp_files(out)


def test_aggregates_are_rebuilt_across_runs(two_runs):
    out, _, _ = two_runs
    actors = read_table(str(out), "actors").to_pylist()
    assert len(actors) == len({a["actor_id"] for a in actors})
    assert [os.path.basename(f) for f in table_files(str(out), "actors")] == [commit.AGGREGATE_FILE]
    statements = read_table(str(out), "statements").to_pylist()
    by_actor = {}
    for s in statements:
        by_actor[s["speaker_actor_id"]] = by_actor.get(s["speaker_actor_id"], 0) + 1
    for actor in actors:
        assert actor["n_statements"] == by_actor.get(actor["actor_id"], 0), actor["name"]
    smith = next(a for a in actors if a["name"] == "John Smith")
    assert smith["first_seen"].day == 1 and smith["last_seen"] is not None


def test_partitions_by_publication_date_read_by_duckdb(two_runs):
    out, _, _ = two_runs
    folders = sorted(p.name for p in (out / "articles").iterdir())
    assert folders == ["published_date=2024-03-01", "published_date=2024-03-02", "published_date=2024-03-04",
                       "published_date=2024-03-05", "published_date=unknown"]
    rows = duckdb.sql(f"SELECT published_date, count(*) FROM read_parquet('{out}/articles/**/*.parquet', "
                      "hive_partitioning=true) GROUP BY 1 ORDER BY 1").fetchall()
    assert [(str(d), n) for d, n in rows] == [("2024-03-01", 1), ("2024-03-02", 1), ("2024-03-04", 1),
                                              ("2024-03-05", 1), ("unknown", 1)]
    pruned = duckdb.sql(f"SELECT count(*) FROM read_parquet('{out}/statements/**/*.parquet', "
                        "hive_partitioning=true) WHERE published_date = '2024-03-05'").fetchall()[0][0]
    assert pruned > 0
    assert (out / "statements" / "published_date=unknown").is_dir()


def test_fresh_replaces_everything(two_runs, tmp_path):
    out, _, _ = two_runs
    cwd = out.parent
    proc = communique("run", "--fresh", "--articles", str(write_jsonl(tmp_path / "c.jsonl", [7])), cwd=cwd)
    assert proc.returncode == 0, proc.stderr
    assert len(article_ids(out)) == 1
    assert read_table(str(out), "actors").num_rows > 0
    assert len(table_files(str(out), commit.ACTOR_MENTIONS)) == 1


# ---------------------------------------------------------------------------------------------- killed runs

def slow_site(http_server, n: int, delay: float) -> str:
    """A feed of ``n`` items whose pages each take ``delay`` seconds: a run takes a few seconds."""
    def page(i):
        def handler(_request):
            time.sleep(delay)
            html = f"<html><head><title>Story {i}</title></head><body><article><p>{article_text(i)}</p>" \
                   "</article></body></html>"
            return 200, {"Content-Type": "text/html; charset=utf-8"}, html
        return handler

    items = "".join(f"<item><title>Story {i}</title><link>{http_server.url(f'/s/{i}')}</link>"
                    f"<pubDate>Mon, {i + 1:02d} Jan 2024 10:00:00 GMT</pubDate></item>" for i in range(n))
    http_server.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"},
                                       f"<rss version='2.0'><channel><title>t</title>{items}</channel></rss>")
    for i in range(n):
        http_server.routes[f"/s/{i}"] = page(i)
    return http_server.url("/feed.xml")


def run_and_kill(args, cwd: Path, out: Path, when) -> bool:
    """Start `communique run`, SIGKILL it (its own process group) once ``when()`` holds; True if killed."""
    proc = subprocess.Popen([sys.executable, "-m", "communique.pipelines.cli", *args], cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            if when():
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=30)
                return True
            time.sleep(0.01)
        return False
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)


def staged_files(out: Path):
    return [p for p in out.glob(".tmp-*/**/*") if p.is_file()]


@pytest.mark.parametrize("moment", ["fetching", "writing"])
def test_killed_run_then_rerun_leaves_each_article_once(http_server, tmp_path, moment):
    n = 6
    feed = slow_site(http_server, n, delay=0.25)
    out = tmp_path / "out"
    args = ["run", "--feed", feed, "--fetch", "always", "--no-robots", "--allow-private-network", "--out", str(out)]
    first_done = communique(*args[:1], "--articles", str(write_jsonl(tmp_path / "a.jsonl", [0])),
                            "--out", str(out), cwd=tmp_path)
    assert first_done.returncode == 0, first_done.stderr      # --out already holds a committed run
    if moment == "fetching":
        when = lambda: sum(1 for path, _ in http_server.requests if path.startswith("/s/")) >= n // 2  # noqa: E731
    else:
        when = lambda: bool(staged_files(out))  # noqa: E731
    killed = run_and_kill(args, tmp_path, out, when)
    if moment == "fetching":
        assert killed, "the run finished before it could be killed"
    # ("writing": killed once the staging folder holds a file, if the run didn't finish first; it rarely does)
    before = set(article_ids(out))
    assert len(before) in (1, n + 1)  # all or nothing: the killed run's articles are not half there
    proc = communique(*args, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    ids = article_ids(out)
    assert len(ids) == len(set(ids)) == n + 1
    statements = read_table(str(out), "statements").column("statement_id").to_pylist()
    assert len(statements) == len(set(statements)) > 0
    assert_no_temp_files(out)


def test_commit_killed_halfway_is_rolled_forward(tmp_path, monkeypatch):
    out = tmp_path / "out"
    proc = communique("run", "--articles", str(write_jsonl(tmp_path / "a.jsonl", range(3))), "--out", str(out),
                      cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    expected = {t: read_table(str(out), t).num_rows for t in TABLE_ORDER}
    # Re-stage the same files as a pending run, then "die" after two moves of its commit.
    staging = Path(commit.staging_dir(str(out), "r2"))
    moves = []
    for table in ("statements", "articles"):
        for path in table_files(str(out), table):
            rel = os.path.relpath(path, out)
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
            moves.append((rel, rel))
    (staging / commit.MANIFEST).write_text(json.dumps({"run_id": "r2", "moves": moves}))
    real_replace, calls = os.replace, []

    def dying_replace(src, dst):
        if len(calls) == 2:
            raise KeyboardInterrupt("killed")
        calls.append(src)
        real_replace(src, dst)

    monkeypatch.setattr(commit.os, "replace", dying_replace)
    with pytest.raises(KeyboardInterrupt):
        commit.apply(str(out), str(staging), json.loads((staging / commit.MANIFEST).read_text()))
    monkeypatch.setattr(commit.os, "replace", real_replace)
    assert commit.recover(str(out)) == {"rolled_forward": 1, "rolled_back": 0}
    assert {t: read_table(str(out), t).num_rows for t in TABLE_ORDER} == expected
    assert not staging.exists()
    # A staging folder without a manifest (killed before commit) is removed.
    (out / ".tmp-dead" / "articles").mkdir(parents=True)
    (out / ".tmp-dead" / "articles" / "x.parquet").write_bytes(b"partial")
    assert commit.recover(str(out)) == {"rolled_forward": 0, "rolled_back": 1}
    assert {t: read_table(str(out), t).num_rows for t in TABLE_ORDER} == expected
