"""JSON Feed 1.0 and 1.1: feedparser 6.0.14 doesn't read them, so feeds.parse_feed does."""
from __future__ import annotations

import datetime as dt
import json

from communique.schemas import FeedEntry
from communique.transforms.feeds import parse_feed

UTC = dt.timezone.utc
FEED_URL = "https://news.example.org/feed.json"


def _feed(version: str, items, **extra) -> bytes:
    return json.dumps({"version": f"https://jsonfeed.org/version/{version}", "title": "T", "items": items,
                       **extra}).encode("utf-8")


def test_json_feed_1_1_items():
    data = _feed("1.1", [
        {"id": "1", "url": "/2024/05/01/a?utm_source=x", "title": " Talks ", "content_html": "<p>Hello there</p>",
         "summary": "Hi", "date_published": "2024-05-01T10:00:00+02:00", "authors": [{"name": "Jane Roe"}]},
        {"id": "https://news.example.org/b", "content_text": "First para.\n\nSecond <para>.",
         "date_modified": "2024-05-02T00:00:00Z"},
        {"id": "3", "external_url": "https://other.org/c", "title": "Linked", "date_published": "not a date"},
        {"id": "4", "title": "No link"},
    ], authors=[{"name": "Desk"}], home_page_url="https://news.example.org/")
    entries, errors = parse_feed(data, FEED_URL, content_type="application/feed+json")
    assert entries == [
        FeedEntry(url="https://news.example.org/2024/05/01/a?utm_source=x", feed_url=FEED_URL, title="Talks",
                  author="Jane Roe", published_at=dt.datetime(2024, 5, 1, 8, tzinfo=UTC),
                  content_html="<p>Hello there</p>"),
        FeedEntry(url="https://news.example.org/b", feed_url=FEED_URL, author="Desk",
                  published_at=dt.datetime(2024, 5, 2, tzinfo=UTC),
                  content_html="<p>First para.</p><p>Second &lt;para&gt;.</p>"),
        FeedEntry(url="https://other.org/c", feed_url=FEED_URL, title="Linked", author="Desk"),
    ]
    assert [(e.stage, e.error_type) for e in errors] == [("ReadFeeds", "no_link")]


def test_json_feed_1_0_author_object_and_bom():
    data = b"\xef\xbb\xbf" + _feed("1", [{"id": "x", "url": "https://a.org/1", "author": {"name": "Old Style"},
                                         "summary": "Sum"}])
    entries, errors = parse_feed(data, FEED_URL)
    assert errors == [] and entries[0].author == "Old Style" and entries[0].content_html == "<p>Sum</p>"


def test_json_that_is_not_a_json_feed():
    for data in (b'{"items": []}', b"[1, 2]", b'{"version": "https://jsonfeed.org/version/1.1"}', b"{bad json"):
        entries, errors = parse_feed(data, FEED_URL)
        assert entries == [] and [e.error_type for e in errors] == ["not_a_feed"], data
    entries, errors = parse_feed(_feed("1.1", []), FEED_URL)
    assert entries == [] and [e.error_type for e in errors] == ["empty_feed"]
    entries, errors = parse_feed(_feed("1.1", ["x", {"url": "https://a.org/1"}]), FEED_URL)
    assert len(entries) == 1 and [e.error_type for e in errors] == ["malformed_feed"]
