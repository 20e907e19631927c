"""Sitemaps: news sitemaps, plain sitemaps, indexes (local and over HTTP), gzip, hostile XML, Beam wiring."""
from __future__ import annotations

import datetime as dt
import functools
import gzip

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.test_pipeline import TestPipeline as BeamPipeline
from apache_beam.testing.util import assert_that, equal_to

from communique.schemas import Error, FeedEntry
from communique.transforms import http_client
from communique.transforms.feeds import parse_feed
from communique.transforms.sitemaps import (
    INDEX, URLSET, ReadSitemaps, load_sitemap, parse_sitemap, read_sitemap_source, sniff_sitemap,
)

UTC = dt.timezone.utc
NEWS = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://news.example.org/2024/05/01/talks.html</loc>
    <news:news>
      <news:publication><news:name>Example News</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2024-05-01T10:00:00+02:00</news:publication_date>
      <news:title>Leaders agree to   meet again</news:title>
    </news:news>
  </url>
  <url>
    <loc>/2024/05/02/relative.html</loc>
    <news:news><news:publication_date>2024-05-02</news:publication_date><news:title>Second</news:title></news:news>
  </url>
  <url><loc>https://news.example.org/plain</loc><lastmod>2024-06-01</lastmod></url>
  <url><news:news><news:title>No loc</news:title></news:news></url>
  <url><loc>https://news.example.org/bad-date</loc>
    <news:news><news:publication_date>yesterday-ish</news:publication_date></news:news></url>
</urlset>
"""
SRC = "https://news.example.org/sitemap-news.xml"


def _index(*locs: str) -> str:
    items = "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locs)
    return f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>'


def test_news_sitemap_entries_titles_dates_and_errors():
    doc = parse_sitemap(NEWS.encode(), SRC)
    assert doc.kind == URLSET and doc.sitemaps == []
    assert doc.entries == [
        FeedEntry(url="https://news.example.org/2024/05/01/talks.html", feed_url=SRC,
                  title="Leaders agree to meet again", published_at=dt.datetime(2024, 5, 1, 8, tzinfo=UTC)),
        FeedEntry(url="https://news.example.org/2024/05/02/relative.html", feed_url=SRC, title="Second",
                  published_at=dt.datetime(2024, 5, 2, tzinfo=UTC)),
        FeedEntry(url="https://news.example.org/plain", feed_url=SRC),  # lastmod is not a publication date
        FeedEntry(url="https://news.example.org/bad-date", feed_url=SRC),
    ]
    assert [(e.stage, e.error_type) for e in doc.errors] == [("ReadSitemaps", "no_link"), ("ReadSitemaps", "bad_date")]


def test_sniff_and_gzip():
    assert sniff_sitemap(NEWS.encode()) == URLSET
    assert sniff_sitemap(gzip.compress(_index("https://a.org/s.xml").encode())) == INDEX
    assert sniff_sitemap(b"<?xml version='1.0'?><!-- hi --><rss version='2.0'></rss>") is None
    assert sniff_sitemap(b'{"urlset": 1}') is None
    assert len(parse_sitemap(gzip.compress(NEWS.encode()), SRC).entries) == 4


def test_gzip_bomb_is_too_large(monkeypatch):
    from communique.transforms import sitemaps
    monkeypatch.setattr(sitemaps, "MAX_SITEMAP_BYTES", 1000)
    big = gzip.compress(b"<urlset>" + b" " * 100_000 + b"</urlset>")
    doc = sitemaps.parse_sitemap(big, SRC)
    assert doc.entries == [] and [e.error_type for e in doc.errors] == ["too_large"]


def test_not_a_sitemap_and_empty():
    assert [e.error_type for e in parse_sitemap(b"<html><body>hi</body></html>", SRC).errors] == ["not_a_sitemap"]
    assert [e.error_type for e in parse_sitemap(b"", SRC).errors] == ["not_a_sitemap"]
    assert [e.error_type for e in parse_sitemap(b"<urlset></urlset>", SRC).errors] == ["empty_sitemap"]


def test_entities_are_not_expanded_and_no_local_file_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    xxe = f"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "{secret.as_uri()}"><!ENTITY a "aaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://x.org/a</loc><news:news><news:title>T &xxe; &c;</news:title></news:news></url></urlset>"""
    doc = parse_sitemap(xxe.encode(), SRC)
    assert len(doc.entries) == 1
    title = doc.entries[0].title or ""
    assert "TOPSECRET" not in title and "aaaaaaaaaa" not in title


def test_local_index_follows_local_and_http_sitemaps_only_one_level(tmp_path):
    (tmp_path / "news.xml").write_text(NEWS, encoding="utf-8")
    (tmp_path / "nested.xml").write_text(_index("news.xml"), encoding="utf-8")
    (tmp_path / "index.xml").write_text(_index("news.xml", "nested.xml", "missing.xml"), encoding="utf-8")

    def no_fetch(url, accept=None):
        raise AssertionError("nothing to fetch")

    items = list(read_sitemap_source(str(tmp_path / "index.xml"), no_fetch))
    entries = [i for i in items if isinstance(i, FeedEntry)]
    errors = sorted(i.error_type for i in items if isinstance(i, Error))
    assert len(entries) == 3  # the relative <loc> resolves to a file:// URL: not an article link
    assert entries[0].feed_url == (tmp_path / "news.xml").as_uri()
    assert errors == ["bad_date", "bad_input", "nested_sitemap_index", "no_link", "no_link"]


def test_remote_index_may_not_list_local_files(http_server, tmp_path):
    (tmp_path / "news.xml").write_text(NEWS, encoding="utf-8")
    http_server.routes["/index.xml"] = (200, {"Content-Type": "application/xml"},
                                        _index((tmp_path / "news.xml").as_uri(), "/news.xml.gz"))
    http_server.routes["/news.xml.gz"] = (200, {"Content-Type": "application/x-gzip"}, gzip.compress(NEWS.encode()))
    doc = load_sitemap(http_server.url("/index.xml"), functools.partial(http_client.fetch, allow_private=True))
    assert doc.sitemaps == [http_server.url("/news.xml.gz")]
    assert [e.error_type for e in doc.errors] == ["no_link"]
    assert http_server.requests[0][1].get("Accept", "").startswith("application/xml")


def test_too_many_sitemaps_capped(tmp_path):
    (tmp_path / "index.xml").write_text(_index(*(f"s{i}.xml" for i in range(5))), encoding="utf-8")
    doc = load_sitemap(str(tmp_path / "index.xml"), http_client.fetch, max_sitemaps=2)
    assert len(doc.sitemaps) == 2 and [e.error_type for e in doc.errors] == ["too_many_sitemaps"]


def test_parse_feed_reads_a_sitemap_given_as_a_feed():
    entries, errors = parse_feed(NEWS.encode(), SRC)
    assert len(entries) == 4 and {e.stage for e in errors} == {"ReadFeeds"}
    entries, errors = parse_feed(_index("https://a.org/s.xml").encode(), SRC)
    assert entries == [] and [e.error_type for e in errors] == ["sitemap_index"]


def test_read_sitemaps_transform_over_http(http_server):
    http_server.routes["/index.xml"] = (200, {"Content-Type": "application/xml"}, _index("/news.xml", "/gone.xml"))
    http_server.routes["/news.xml"] = (200, {"Content-Type": "application/xml"}, NEWS)
    options = PipelineOptions(["--runner=FnApiRunner"])
    with BeamPipeline(options=options) as p:
        out = p | beam.Create([http_server.url("/index.xml")]) | ReadSitemaps(timeout=(2.0, 5.0), allow_private=True, retries=0)
        assert_that(out["entries"] | "Urls" >> beam.Map(lambda e: e.url.rsplit("/", 1)[-1]),
                    equal_to(["talks.html", "relative.html", "plain", "bad-date"]), label="entries")
        assert_that(out["errors"] | "Types" >> beam.Map(lambda e: e.error_type),
                    equal_to(["no_link", "bad_date", "http_status"]), label="errors")
