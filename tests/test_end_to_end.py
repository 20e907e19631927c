"""End to end: `communique run` on the bundled sample and on local articles, read back with DuckDB and pandas."""
from __future__ import annotations

import html
import io
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from communique.schemas import SCHEMAS, TABLE_ORDER

SEED = Path(__file__).resolve().parents[1] / "pipelines" / "sample" / "afps-2007-10-12.txt"


def communique(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "communique.pipelines.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    """One run of `communique run` with no input (the bundled sample), in a fresh folder."""
    cwd = tmp_path_factory.mktemp("sample")
    proc = communique("run", cwd=cwd)
    assert proc.returncode == 0, proc.stderr
    return cwd / "communique-out", proc


def q(out: Path, sql: str, table: str):
    return duckdb.sql(sql.replace("{t}", f"read_parquet('{out}/{table}/**/*.parquet')")).fetchall()


def test_summary_printed(sample_run):
    out, proc = sample_run
    assert "bundled sample" in proc.stdout
    assert str(out) in proc.stdout
    assert "statements" in proc.stdout and "top speakers: Sergey Lavrov" in proc.stdout
    assert "errors: 0" in proc.stdout
    assert f"communique report --out {out}" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_every_table_opens_in_duckdb_and_pandas_with_its_schema(sample_run):
    out, _ = sample_run
    for table in TABLE_ORDER:
        n_duck = q(out, "SELECT count(*) FROM {t}", table)[0][0]
        frame = pd.read_parquet(out / table)
        assert len(frame) == n_duck
        # Articles, statements and commitments are partitioned by date: pandas adds the Hive column at the end.
        partition = ["published_date"] if table in ("articles", "statements", "commitments") else []
        assert list(frame.columns) == SCHEMAS[table].names + partition


def test_seed_statements_and_speakers(sample_run):
    out, _ = sample_run
    rows = q(out, "SELECT speaker_name, count(*) FROM {t} GROUP BY 1", "statements")
    counts = dict(rows)
    assert sum(counts.values()) >= 25
    for name in ("Condoleezza Rice", "Robert M. Gates", "Sergey Lavrov", "Vladimir Putin"):
        assert counts.get(name, 0) >= 3, name


def test_offsets_point_into_article_text(sample_run):
    out, _ = sample_run
    arts = {r[0]: r[1] for r in q(out, "SELECT article_id, text FROM {t}", "articles")}
    stmts = q(out, "SELECT article_id, content, content_start, content_end, cue, cue_start, cue_end, "
                   "speaker_text, speaker_start, speaker_end, content_spans FROM {t}", "statements")
    for aid, content, cs, ce, cue, qs, qe, spk, ss, se, spans in stmts:
        text = arts[aid]
        assert " ".join(text[p["start"]:p["end"]] for p in spans) == content
        assert spans[0]["start"] == cs and spans[-1]["end"] == ce
        assert text[qs:qe].split()[0] == cue.split()[0]
        assert text[ss:se] == spk


def test_lavrov_request_and_the_six_month_commitment(sample_run):
    out, _ = sample_run
    rows = q(out, "SELECT event_type, addressee_names FROM {t} WHERE speaker_name = 'Sergey Lavrov' "
                  "AND cue = 'called on'", "statements")
    assert rows == [("REQUEST", ["United States"])]
    due = q(out, "SELECT committer_names, due_date::VARCHAR, time_text FROM {t} WHERE due_date IS NOT NULL",
            "commitments")
    assert (["United States", "Russia"], "2008-04-12", "in six months") in due


def test_actors_exclude_byline_and_publisher(sample_run):
    out, _ = sample_run
    actors = dict(q(out, "SELECT name, country FROM {t}", "actors"))
    assert actors["Sergey Lavrov"] == "RUS" and actors["Condoleezza Rice"] == "USA"
    assert actors["United States"] == "USA" and actors["Russia"] == "RUS"
    for name in ("Linda D. Kozaryn", "American Forces Press Service", "GlobalSecurity.org", "Ukraine"):
        assert name not in actors


def test_ids_are_stable_across_runs(sample_run, tmp_path):
    out, _ = sample_run
    proc = communique("run", "--out", str(tmp_path / "again"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    first = sorted(r[0] for r in q(out, "SELECT statement_id FROM {t}", "statements"))
    second = sorted(r[0] for r in q(tmp_path / "again", "SELECT statement_id FROM {t}", "statements"))
    assert first == second


def test_articles_jsonl_keeps_text_unchanged_and_reports_bad_lines(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text("\n".join([
        json.dumps({"url": "https://example.org/seed", "title": "Seed", "published": "2007-10-12", "text": text}),
        "{not json",
        json.dumps({"url": "https://example.org/quiet", "title": "Quiet", "published": "2007-10-13",
                    "text": "The weather was mild in the capital. Markets were closed for the holiday."}),
    ]), encoding="utf-8")
    out = tmp_path / "out"
    proc = communique("run", "--articles", str(jsonl), "--out", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    texts = dict(q(out, "SELECT url, text FROM {t}", "articles"))
    assert texts["https://example.org/seed"] == text
    errors = {r[0] for r in q(out, "SELECT error_type FROM {t}", "errors")}
    assert {"bad_input", "no_statements"} <= errors


@pytest.mark.parametrize("args, message", [
    (["run", "--articles", "/no/such/path"], "--articles /no/such/path"),
    (["run", "--fetch", "sometimes"], "invalid choice"),
    (["run", "--out", "/proc/communique-out"], "--out /proc/communique-out"),
    (["run", "stray"], "unexpected argument 'stray'"),
    (["run", "--direct_num_worker", "2"], "did you mean --direct_num_workers?"),
    (["run", "--state", "/proc/communique-state"], "--state /proc/communique-state: cannot write there"),
])
def test_user_mistakes_exit_2_with_one_clear_line(tmp_path, args, message):
    proc = communique(*args, cwd=tmp_path)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Local test feed</title><link>{base}/</link>
<item><title>Kremlin news</title><link>{base}/news/17144</link><pubDate>Mon, 01 Dec 2014 10:00:00 GMT</pubDate>
<description>A short teaser.</description></item>
<item><title>Gone</title><link>{base}/gone</link><pubDate>Tue, 02 Dec 2014 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Minister Jane Roe said the ministry would publish the figures next week.&lt;/p&gt;</description></item>
</channel></rss>"""


def test_feeds_over_http_from_an_opml_list(http_server, tmp_path):
    from conftest import shared_path

    page = shared_path("corpus", "html", "kremlin_ru_en_news", "pages", "17144.html").read_bytes()
    base = http_server.url("").rstrip("/")
    http_server.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"}, FEED.format(base=base))
    http_server.routes["/news/17144"] = (200, {"Content-Type": "text/html; charset=utf-8"}, page)
    opml = tmp_path / "subs.opml"
    opml.write_text(f'<opml version="2.0"><body><outline text="t"><outline type="rss" xmlUrl="{base}/feed.xml"/>'
                    f'</outline></body></opml>', encoding="utf-8")
    out = tmp_path / "out"
    proc = communique("run", "--feeds-file", str(opml), "--out", str(out), "--allow-private-network", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    sources = dict(q(out, "SELECT title, text_source FROM {t}", "articles"))
    assert sources == {"Kremlin news": "page", "Gone": "feed"}
    errors = q(out, "SELECT stage, input, error_type FROM {t}", "errors")
    assert ("FetchArticles", f"{base}/gone", "http_status") in errors
    speakers = {r[0] for r in q(out, "SELECT speaker_name FROM {t}", "statements")}
    assert "Jane Roe" in speakers
    feed_urls = {r[0] for r in q(out, "SELECT feed_url FROM {t}", "articles")}
    assert feed_urls == {f"{base}/feed.xml"}


def test_a_run_over_a_hostile_site_accounts_for_every_link(http_server, tmp_path):
    """Every fault of tests/hostile_site.py as links of one feed (plus an HTML page and a truncated feed as
    feeds): exit 0, each link an article or an errors row of the expected type, in well under 2.5 minutes."""
    import time

    import hostile_site

    feeds = hostile_site.install(http_server)
    out = tmp_path / "out"
    args = ["run", "--out", str(out), "--allow-private-network", "--timeout", "2", "--state", str(tmp_path / "state"),
            "--contact", "https://example.org/ops"]
    for feed in feeds:
        args += ["--feed", feed]
    started = time.monotonic()
    proc = communique(*args, cwd=tmp_path)
    elapsed = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr
    assert elapsed < 60, elapsed
    articles = {r[0] for r in q(out, "SELECT url FROM {t}", "articles")}
    errors = q(out, "SELECT stage, input, error_type FROM {t}", "errors")
    fetch_errors = {url: error_type for stage, url, error_type in errors if stage == "FetchArticles"}
    outcomes = {url: ("article" if url in articles else fetch_errors.get(url, "missing"))
                for url in hostile_site.expected_links(http_server.base_url)}
    assert outcomes == hostile_site.expected_links(http_server.base_url)
    feed_errors = {(url, error_type) for stage, url, error_type in errors if stage == "ReadFeeds"}
    assert {(http_server.url(path), error_type) for path, error_type in hostile_site.FEEDS.items()} <= feed_errors
    assert all("Communique/0.1" in h["User-Agent"] and "https://example.org/ops" in h["User-Agent"]
               for _, h in http_server.requests)


def _seed_html() -> str:
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs[4:-1])
    return (f"<html><head><title>U.S., Russian Leaders Agree to Meet Again</title></head>"
            f"<body><article><h1>U.S., Russian Leaders Agree to Meet Again</h1>{body}</article></body></html>")


def test_the_same_article_twice_and_a_near_copy_are_counted_once(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    near = text.replace("MOSCOW, Oct. 12, 2007", "MOSCOW, Oct. 12, 2007 (Syndicated)")
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in [
        {"url": "https://example.org/seed", "published": "2007-10-12", "text": text},
        {"url": "https://example.org/seed?utm_source=feed&utm_medium=rss", "published": "2007-10-12", "text": text},
        {"url": "https://mirror.example.net/copy-of-seed", "published": "2007-10-13", "text": near},
    ]), encoding="utf-8")
    out = tmp_path / "out"
    proc = communique("run", "--articles", str(jsonl), "--out", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    rows = q(out, "SELECT url, article_id, duplicate_of FROM {t} ORDER BY url", "articles")
    assert len(rows) == 2
    by_url = {r[0]: r for r in rows}
    original = next(r for r in rows if "mirror" not in r[0])
    assert by_url["https://mirror.example.net/copy-of-seed"][2] == original[1]
    per_article = dict(q(out, "SELECT article_id, count(*) FROM {t} GROUP BY 1", "statements"))
    assert set(per_article) == {original[1]} and per_article[original[1]] >= 30


def test_warc_captures_are_read_without_fetching(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    warc = tmp_path / "crawl.warc.gz"
    with open(warc, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://www.defense.gov/afps/2007/10/12/leaders-agree", "response",
            payload=io.BytesIO(_seed_html().encode("utf-8")), http_headers=headers,
            warc_headers_dict={"WARC-Date": "2007-10-12T18:00:00Z"}))
    out = tmp_path / "out"
    proc = communique("run", "--warc", str(warc), "--out", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert q(out, "SELECT url, text_source FROM {t}", "articles") == [
        ("https://www.defense.gov/afps/2007/10/12/leaders-agree", "file")]
    speakers = {r[0] for r in q(out, "SELECT speaker_name FROM {t}", "statements")}
    assert {"Condoleezza Rice", "Robert M. Gates", "Sergey Lavrov", "Vladimir Putin"} <= speakers


def test_a_news_sitemap_over_http(http_server, tmp_path):
    base = http_server.url("").rstrip("/")
    http_server.routes["/2007/10/12/leaders-agree"] = (200, {"Content-Type": "text/html; charset=utf-8"},
                                                       _seed_html())
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f'<url><loc>{base}/2007/10/12/leaders-agree</loc><news:news><news:publication_date>2007-10-12'
        '</news:publication_date><news:title>U.S., Russian Leaders Agree to Meet Again</news:title></news:news>'
        '</url></urlset>', encoding="utf-8")
    out = tmp_path / "out"
    proc = communique("run", "--sitemap", str(sitemap), "--allow-private-network", "--no-robots", "--out", str(out),
                      cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    [(title, source, published)] = q(out, "SELECT title, text_source, published_at::DATE::VARCHAR FROM {t}",
                                     "articles")
    assert (title, source, published) == ("U.S., Russian Leaders Agree to Meet Again", "page", "2007-10-12")
    assert q(out, "SELECT count(*) FROM {t}", "statements")[0][0] >= 25
