"""FetchArticles: build_article's choices against a real local HTTP server, then the Beam stage on FnApiRunner."""
from __future__ import annotations

import datetime as dt

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline
from apache_beam.testing.util import assert_that, equal_to

from conftest import shared_path
from communique.schemas import FeedEntry
from communique.schemas.ids import article_id
from communique.transforms.articles import build_article, normalise_url
from communique.transforms.fetch_articles import FetchArticles
from communique.transforms import http_client
from communique.transforms.read_feeds import ReadFeeds

UTC = dt.timezone.utc
PUBLISHED = dt.datetime(2012, 12, 16, 9, 0, tzinfo=UTC)
KREMLIN_FIRST = "In his telegram, the President wished Mr Shchedrin good health and creative inspiration."
LONG_FEED = "<p>" + " ".join(f"word{i}" for i in range(250)) + "</p>"


@pytest.fixture
def kremlin_page():
    return shared_path("corpus", "html", "kremlin_ru_en_news", "pages", "17144.html").read_bytes()


@pytest.fixture
def site(http_server, kremlin_page):
    http_server.routes.update({
        "/news/17144": (200, {"Content-Type": "text/html; charset=utf-8"}, kremlin_page),
        "/pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4"),
        "/empty": (200, {"Content-Type": "text/html"}, "<html><body><nav>Home</nav></body></html>"),
    })
    return http_server


def fetch(url, **kwargs):
    """The client as these tests use it: the server is on 127.0.0.1, so private addresses are allowed."""
    return http_client.fetch(url, allow_private=True, **kwargs)


def pipeline():
    return BeamTestPipeline(options=PipelineOptions([], runner="FnApiRunner"))


def _fields(article):
    return (article.url, article.title, article.text_source, article.text.split("\n\n")[0], article.sitename,
            article.published_at, article.language)


def test_page_fetched_and_metadata_merged(site):
    entry = FeedEntry(url=site.url("/news/17144"), feed_url="f", title="Feed title", content_html="<p>Short.</p>")
    article, errors = build_article(entry, fetch)
    assert errors == []
    assert _fields(article) == (entry.url, "Feed title", "page", KREMLIN_FIRST, "President of Russia",
                                dt.datetime(2012, 12, 16, tzinfo=UTC), "en")
    assert article.article_id == article_id(normalise_url(entry.url))
    assert article.feed_url == "f" and article.fetched_at.tzinfo == UTC


@pytest.mark.parametrize(
    "path, content_html, error_type, text",
    [
        ("/dead", "<p>Fallback text.</p><p>More.</p>", "http_status", "Fallback text.\n\nMore."),
        ("/dead", None, "http_status", None),
        ("/pdf", "<p>Fallback.</p>", "unsupported_content_type", "Fallback."),
        ("/empty", "", "no_text", None),
    ],
)
def test_fetch_failures_fall_back_to_feed(site, path, content_html, error_type, text):
    entry = FeedEntry(url=site.url(path), content_html=content_html)
    article, errors = build_article(entry, fetch)
    assert [(e.stage, e.input, e.error_type) for e in errors] == [("FetchArticles", entry.url, error_type)]
    if text is None:
        assert article is None
    else:
        assert (article.text, article.text_source) == (text, "feed")


@pytest.mark.parametrize(
    "mode, content_html, requested, text_source",
    [
        ("auto", LONG_FEED, False, "feed"),     # the feed already carries a full article
        ("auto", "<p>Short.</p>", True, "page"),
        ("always", LONG_FEED, True, "page"),
        ("never", "<p>Short.</p>", False, "feed"),
    ],
)
def test_fetch_modes(site, mode, content_html, requested, text_source):
    entry = FeedEntry(url=site.url("/news/17144"), content_html=content_html)
    article, errors = build_article(entry, fetch, mode=mode)
    assert errors == []
    assert article.text_source == text_source
    assert bool(site.requests) == requested


def test_never_without_feed_content_is_no_text():
    article, errors = build_article(FeedEntry(url="https://x.example/a"), fetch, mode="never")
    assert article is None and [e.error_type for e in errors] == ["no_text"]


def test_given_text_and_html_are_used_without_fetching(kremlin_page):
    text = "  Line one.\r\n\r\nLine two.  "
    article, errors = build_article(FeedEntry(url="file:///a.txt", text=text, title="T"), fetch)
    assert (article.text, article.text_source, article.title, errors) == (text, "file", "T", [])
    article, errors = build_article(FeedEntry(url="file:///k.html", html=kremlin_page.decode("utf-8")), fetch)
    assert (article.text.split("\n\n")[0], article.text_source, article.title) == (
        KREMLIN_FIRST, "file", "Congratulations to Rodion Shchedrin on his birthday")
    article, errors = build_article(FeedEntry(url="file:///e.txt", text=" \n"), fetch)
    assert article is None and [e.error_type for e in errors] == ["no_text"]


@pytest.mark.parametrize(
    "url, normalised",
    [
        ("HTTPS://WWW.Example.ORG/a/b?utm_source=x&id=3&fbclid=1#frag", "https://www.example.org/a/b?id=3"),
        ("http://example.org:80/x?b=2&a=1", "http://example.org/x?a=1&b=2"),
        ("http://example.org/x", "http://example.org/x"),  # the scheme is kept as given
        ("file:///tmp/a%20b.txt", "file:///tmp/a%20b.txt"),
    ],
)
def test_normalise_url(url, normalised):
    assert normalise_url(url) == normalised


def test_fetch_articles_pipeline(site):
    entries = [
        FeedEntry(url=site.url("/news/17144?utm_source=rss"), feed_url="F", title="Feed title",
                  published_at=PUBLISHED, content_html="<p>Teaser.</p>"),
        FeedEntry(url=site.url("/dead"), feed_url="F", title="Dead", content_html="<p>From the feed.</p>"),
        FeedEntry(url=site.url("/gone"), feed_url="F"),
        FeedEntry(url="file:///tmp/given.txt", text="Given text.\n"),
    ]
    with pipeline() as p:
        out = p | beam.Create(entries) | FetchArticles(timeout=(2, 2), allow_private=True)
        articles = out["articles"] | "ArticleFields" >> beam.Map(
            lambda a: (a.article_id, a.title, a.text_source, a.text.split("\n\n")[0], a.published_at, a.sitename))
        assert_that(articles, equal_to([
            (article_id(site.url("/news/17144")), "Feed title", "page", KREMLIN_FIRST, PUBLISHED, "President of Russia"),
            (article_id(site.url("/dead")), "Dead", "feed", "From the feed.", None, None),
            (article_id("file:///tmp/given.txt"), None, "file", "Given text.\n", None, None),
        ]), label="Articles")
        errors = out["errors"] | "ErrorFields" >> beam.Map(lambda e: (e.stage, e.input, e.error_type, e.message))
        assert_that(errors, equal_to([
            ("FetchArticles", site.url("/dead"), "http_status", "HTTP 404 Not Found (kept the feed's own content)"),
            ("FetchArticles", site.url("/gone"), "http_status", "HTTP 404 Not Found"),
        ]), label="Errors")


def test_feeds_to_articles_end_to_end(site):
    """ReadFeeds then FetchArticles: a feed on the server links to a page on the same server."""
    site.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"}, (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>K</title>'
        "<item><title>Birthday</title><link>/news/17144</link><description>Teaser.</description></item>"
        "<item><title>Dead</title><link>/nowhere</link><description>Only in the feed.</description></item>"
        "</channel></rss>"))
    site.routes["/home"] = (200, {"Content-Type": "text/html"}, "<html><body><h1>Home</h1><p>Hello.</p></body></html>")
    with pipeline() as p:
        feeds = p | beam.Create([site.url("/feed.xml"), site.url("/home")]) | ReadFeeds(allow_private=True)
        fetched = feeds["entries"] | FetchArticles(allow_private=True)
        errors = (feeds["errors"], fetched["errors"]) | beam.Flatten()
        assert_that(fetched["articles"] | "A" >> beam.Map(lambda a: (a.title, a.text_source, a.language)),
                    equal_to([("Birthday", "page", "en"), ("Dead", "feed", None)]), label="Articles")
        assert_that(errors | "E" >> beam.Map(lambda e: (e.stage, e.input, e.error_type)), equal_to([
            ("ReadFeeds", site.url("/home"), "not_a_feed"),
            ("FetchArticles", site.url("/nowhere"), "http_status"),
        ]), label="Errors")


@pytest.mark.parametrize("kwargs", [{"fetch": "sometimes"}, {"max_bytes": 0}, {"min_feed_words": -1},
                                    {"timeout": (1, 0)}])
def test_fetch_articles_rejects_bad_args(kwargs):
    with pytest.raises(ValueError):
        FetchArticles(**kwargs)
