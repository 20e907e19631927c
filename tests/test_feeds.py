"""parse_feed and read_feed_list: synthetic feeds for exact values, the shared feed corpus for robustness."""
from __future__ import annotations

import csv
import datetime as dt
import time

import pytest

from conftest import shared_path
from communique.schemas import FeedEntry
from communique.transforms.errors import StageError
from communique.transforms.feeds import load_feed_source, parse_feed, read_feed_list

UTC = dt.timezone.utc
FEED_URL = "https://news.example.org/feeds/world.xml"

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>World</title><link>https://news.example.org/</link>
<item>
  <title>Leaders agree to meet again</title>
  <link>https://news.example.org/2007/10/12/meet-again</link>
  <dc:creator>Linda D. Kozaryn</dc:creator>
  <pubDate>Fri, 12 Oct 2007 14:30:00 +0300</pubDate>
  <description>Short summary.</description>
  <content:encoded><![CDATA[<p>MOSCOW, Oct. 12 &#8211; The full story.</p><p>Second paragraph.</p>]]></content:encoded>
</item>
<item>
  <title>Relative link</title>
  <link>/2007/10/13/relative</link>
  <description>Only a summary.</description>
</item>
<item><title>No link at all</title><description>Lost.</description></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title><id>urn:x</id><updated>2024-01-02T00:00:00Z</updated>
<entry><title>Updated only</title><id>urn:1</id><link rel="alternate" href="https://a.example/1"/>
<updated>2024-01-02T03:04:05-05:00</updated><author><name>Jane Roe</name></author>
<summary>Sum</summary></entry>
</feed>
"""


def test_parse_rss_entries_exact_values():
    entries, errors = parse_feed(RSS.encode("utf-8"), FEED_URL)
    assert entries == [
        FeedEntry(
            url="https://news.example.org/2007/10/12/meet-again", feed_url=FEED_URL,
            title="Leaders agree to meet again", author="Linda D. Kozaryn",
            published_at=dt.datetime(2007, 10, 12, 11, 30, tzinfo=UTC),
            content_html="<p>MOSCOW, Oct. 12 &#8211; The full story.</p><p>Second paragraph.</p>",
        ),
        FeedEntry(
            url="https://news.example.org/2007/10/13/relative", feed_url=FEED_URL, title="Relative link",
            content_html="Only a summary.",
        ),
    ]
    assert [(e.stage, e.input, e.error_type, e.message) for e in errors] == [
        ("ReadFeeds", FEED_URL, "no_link", "entry without a link: No link at all"),
    ]


def test_parse_atom_uses_updated_when_no_published():
    entries, errors = parse_feed(ATOM, "https://a.example/feed")
    assert errors == []
    assert [(e.url, e.author, e.published_at, e.content_html) for e in entries] == [
        ("https://a.example/1", "Jane Roe", dt.datetime(2024, 1, 2, 8, 4, 5, tzinfo=UTC), "Sum"),
    ]


def test_relative_links_resolve_against_base_url_after_redirect():
    entries, _ = parse_feed(RSS, FEED_URL, base_url="https://cdn.example.net/x/feed.xml")
    assert entries[1].url == "https://cdn.example.net/2007/10/13/relative"
    assert entries[1].feed_url == FEED_URL


@pytest.mark.parametrize(
    "data, error_type",
    [
        (b"<html><head><title>Home</title></head><body><p>Welcome & hello<br></p></body></html>", "not_a_feed"),
        (b"", "not_a_feed"),
        (b'{"items": []}', "not_a_feed"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>', "empty_feed"),
    ],
    ids=["html-page", "empty-body", "json", "valid-but-empty"],
)
def test_feeds_without_entries(data, error_type):
    entries, errors = parse_feed(data, FEED_URL)
    assert entries == []
    assert [e.error_type for e in errors] == [error_type]


def test_malformed_feed_keeps_entries_and_reports_once():
    data = RSS.replace("<title>Leaders agree", "<title>Leaders & friends agree").encode("utf-8")
    entries, errors = parse_feed(data, FEED_URL)
    assert [e.title for e in entries] == ["Leaders & friends agree to meet again", "Relative link"]
    assert [e.error_type for e in errors] == ["malformed_feed", "no_link"]
    assert errors[0].message.startswith("feed recovered from SAXParseException")


def test_http_charset_wins_over_xml_declaration():
    data = RSS.replace("Leaders agree", "Лидеры договорились").encode("windows-1251")
    entries, _ = parse_feed(data, FEED_URL, content_type="application/rss+xml; charset=windows-1251")
    assert entries[0].title == "Лидеры договорились to meet again"


def test_parse_feed_never_opens_data_as_a_path(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text(RSS, encoding="utf-8")
    entries, errors = parse_feed(str(path).encode(), FEED_URL)  # bytes naming a file: still just data
    assert entries == [] and [e.error_type for e in errors] == ["not_a_feed"]


def _corpus_files(folder):
    root = shared_path("corpus", "feeds", folder)
    with open(root / "INDEX.csv", newline="", encoding="utf-8") as f:
        return root, list(csv.DictReader(f))


@pytest.mark.parametrize("folder, entries_column", [("feedparser_tests", "observed_entries"), ("real", "entries")])
def test_every_corpus_feed_parses(folder, entries_column):
    """Every indexed feed: no exception, entries or error rows, and every feedparser entry accounted for."""
    root, rows = _corpus_files(folder)
    on_disk = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and p.name != "INDEX.csv"}
    assert on_disk == {row["path"] for row in rows}  # the index covers every feed file
    started = time.monotonic()
    for row in rows:
        entries, errors = parse_feed((root / row["path"]).read_bytes(), (root / row["path"]).as_uri())
        assert entries or errors, row["path"]
        no_link = sum(e.error_type == "no_link" for e in errors)
        if row["path"].endswith(".json"):  # the index counts feedparser's entries; JSON Feed is parsed here
            assert entries and not errors, row["path"]
            continue
        assert len(entries) + no_link == int(row[entries_column]), row["path"]
        assert all(e.url.startswith(("http://", "https://", "file:", "urn:", "tag:", "mailto:")) for e in entries)
    assert time.monotonic() - started < 20


def test_real_state_department_feed():
    root = shared_path("corpus", "feeds", "real", "state_gov_press_releases")
    path = root / "state_gov_press_releases_20210523T151029_dbdf3ea9.rss"
    entries, errors = parse_feed(path.read_bytes(), "https://www.state.gov/rss-feed/press-releases/feed/")
    assert errors == []
    assert len(entries) == 10
    first = entries[0]
    assert (first.url, first.title, first.author, first.published_at) == (
        "https://www.state.gov/yemen-national-day/", "Yemen National Day",
        "Antony J. Blinken, Secretary of State", dt.datetime(2021, 5, 22, 12, 0, 47, tzinfo=UTC),
    )
    assert "31st National Unity Day" in first.content_html


def test_real_html_page_is_not_a_feed():
    path = shared_path("corpus", "feeds", "real", "node-feedparser", "notafeed.html")
    entries, errors = parse_feed(path.read_bytes(), path.as_uri())
    assert entries == [] and [e.error_type for e in errors] == ["not_a_feed"]


OPML = """<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0"><head><title>subs</title></head><body>
  <outline text="World" xmlUrl="https://a.example/world.xml"/>
  <outline text="Folder">
    <outline text="Nested" type="rss" xmlUrl=" https://b.example/nested.rss "/>
    <outline text="No url"/>
  </outline>
</body></opml>
"""


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("feeds.txt", "# my feeds\nhttps://a.example/world.xml\n\n  ./local/feed.xml  \n#https://skip\n",
         ["https://a.example/world.xml", "./local/feed.xml"]),
        ("subs.opml", OPML, ["https://a.example/world.xml", "https://b.example/nested.rss"]),
        ("empty.txt", "", []),
    ],
)
def test_read_feed_list(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert read_feed_list(path) == expected


def test_read_feed_list_opml_does_not_expand_entities(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    path = tmp_path / "evil.opml"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
        '<opml><body><outline xmlUrl="https://a.example/&x;"/><outline xmlUrl="https://b.example/"/></body></opml>',
        encoding="utf-8",
    )
    urls = read_feed_list(path)
    assert not any("TOP-SECRET" in u for u in urls)
    assert "https://b.example/" in urls


def test_load_feed_source_reads_local_files(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(b"<rss/>")
    doc = load_feed_source(str(path), fetch=None)
    assert (doc.feed_url, doc.base_url, doc.data, doc.content_type) == (path.as_uri(), path.as_uri(), b"<rss/>", None)
    assert load_feed_source(path.as_uri(), fetch=None).data == b"<rss/>"
    with pytest.raises(StageError) as caught:
        load_feed_source(str(tmp_path / "missing.xml"), fetch=None)
    assert caught.value.error_type == "bad_input"


def test_load_feed_source_fetches_urls(http_server):
    http_server.routes["/feed"] = (200, {"Content-Type": "application/rss+xml"}, RSS)
    from communique.transforms.http_client import fetch

    doc = load_feed_source(http_server.url("/feed"), fetch=lambda url, **kw: fetch(url, allow_private=True, **kw))
    assert doc.data == RSS.encode("utf-8") and doc.content_type == "application/rss+xml"
    assert "application/rss+xml" in http_server.requests[-1][1]["Accept"]


_LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % ("" if i == 1 else i - 1)) * 10}">' for i in range(1, 10))
           + ']><rss version="2.0"><channel><title>&lol9;</title>'
             '<item><title>x</title><link>https://example.org/a</link></item></channel></rss>')
_EXTERNAL = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0">'
             '<channel><title>t</title><item><title>&xxe;</title><link>https://example.org/a</link></item>'
             '</channel></rss>')


@pytest.mark.parametrize("data", [_LAUGHS, _EXTERNAL], ids=["billion-laughs", "external-entity"])
def test_no_xml_entity_expansion_from_feeds(data):
    entries, errors = parse_feed(data.encode("utf-8"), "https://example.org/feed")
    assert [e.url for e in entries] == ["https://example.org/a"]
    assert all("root:" not in (e.title or "") and "lollol" not in (e.title or "") for e in entries)
    assert all(err.error_type == "malformed_feed" for err in errors)
