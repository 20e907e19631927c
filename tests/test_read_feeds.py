"""ReadFeeds on FnApiRunner against a real local HTTP server and local files."""
from __future__ import annotations

import datetime as dt

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline
from apache_beam.testing.util import assert_that, equal_to

from communique.transforms.read_feeds import ReadFeeds

UTC = dt.timezone.utc

GOOD = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Good</title>
<item><title>First</title><link>/articles/1</link><pubDate>Fri, 12 Oct 2007 09:00:00 GMT</pubDate>
<description>One.</description></item>
<item><title>Second</title><link>https://elsewhere.example/2</link><description>Two.</description></item>
</channel></rss>"""
MALFORMED = GOOD.replace("<title>First</title>", "<title>Fish & Chips</title>").replace("</channel></rss>", "")
PAGE = "<!DOCTYPE html><html><head><title>Home</title></head><body><p>Welcome &amp; hello<br></p></body></html>"


def pipeline():
    return BeamTestPipeline(options=PipelineOptions([], runner="FnApiRunner"))


def test_read_feeds(http_server, tmp_path):
    http_server.routes.update({
        "/good.xml": (200, {"Content-Type": "application/rss+xml; charset=utf-8"}, GOOD),
        "/bad.xml": (200, {"Content-Type": "application/rss+xml"}, MALFORMED),
        "/page.html": (200, {"Content-Type": "text/html; charset=utf-8"}, PAGE),
    })
    local = tmp_path / "local.xml"
    local.write_text(GOOD, encoding="utf-8")
    good, bad, page, missing = (http_server.url(p) for p in ("/good.xml", "/bad.xml", "/page.html", "/gone.xml"))
    sources = [good, bad, page, missing, str(local), "  ", str(tmp_path / "nope.xml")]

    with pipeline() as p:
        out = p | beam.Create(sources) | ReadFeeds(timeout=(2, 2), max_bytes=100_000, allow_private=True)
        entries = out["entries"] | "EntryFields" >> beam.Map(lambda e: (e.feed_url, e.url, e.title, e.published_at))
        errors = out["errors"] | "ErrorFields" >> beam.Map(lambda e: (e.stage, e.input, e.error_type, e.message))
        published = dt.datetime(2007, 10, 12, 9, tzinfo=UTC)
        assert_that(entries, equal_to([
            (good, http_server.url("/articles/1"), "First", published),
            (good, "https://elsewhere.example/2", "Second", None),
            (bad, http_server.url("/articles/1"), "Fish & Chips", published),
            (bad, "https://elsewhere.example/2", "Second", None),
            (local.as_uri(), "file:///articles/1", "First", published),
            (local.as_uri(), "https://elsewhere.example/2", "Second", None),
        ]), label="Entries")
        assert_that(errors | "Types" >> beam.Map(lambda e: e[:3]), equal_to([
            ("ReadFeeds", bad, "malformed_feed"),
            ("ReadFeeds", page, "not_a_feed"),
            ("ReadFeeds", missing, "http_status"),
            ("ReadFeeds", str(tmp_path / "nope.xml"), "bad_input"),
        ]), label="Errors")
        assert_that(errors | "Missing" >> beam.Filter(lambda e: e[2] == "http_status") | beam.Map(lambda e: e[3]),
                    equal_to(["HTTP 404 Not Found"]), label="StatusMessage")


def test_read_feeds_too_large_feed(http_server):
    http_server.routes["/big.xml"] = (200, {}, GOOD * 100)
    url = http_server.url("/big.xml")
    with pipeline() as p:
        out = p | beam.Create([url]) | ReadFeeds(max_bytes=1000, allow_private=True)
        assert_that(out["entries"], equal_to([]), label="NoEntries")
        assert_that(out["errors"] | beam.Map(lambda e: (e.input, e.error_type)), equal_to([(url, "too_large")]),
                    label="Errors")


@pytest.mark.parametrize("kwargs", [{"max_bytes": 0}, {"max_bytes": -5}, {"timeout": (0, 5)}, {"timeout": (5,)}])
def test_read_feeds_rejects_bad_args(kwargs):
    with pytest.raises(ValueError):
        ReadFeeds(**kwargs)
