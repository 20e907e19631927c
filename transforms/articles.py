"""FeedEntry to Article: choose where the text comes from, fetch when needed, fill metadata, key by URL.

The logic of FetchArticles, without Beam. Text sources, in order:

1. ``entry.text`` (local .txt/JSONL): used unchanged, ``text_source='file'``.
2. ``entry.html`` (local .html/JSONL): trafilatura, ``text_source='file'``.
3. the page at ``entry.url``, fetched unless ``fetch='never'``, or ``fetch='auto'`` and the feed's own content
   already holds a full article (>= ``min_feed_words`` words): trafilatura, ``text_source='page'``.
4. the feed's content (``html_fragment_to_text(entry.content_html)``), ``text_source='feed'``: when 3 was
   skipped, or failed (then with an error row naming the failure).

No text at all gives no Article and one error row: the failure of the last source tried, or ``no_text``.

URLs are keyed by :func:`normalise_url`: courlan's normalisation (lower-case host, default port dropped,
tracking parameters such as utm_* and fbclid removed, query sorted) and the #fragment dropped. The scheme is
kept as given: http and https pages are not assumed to be the same. Non-http(s) URLs (file://) are kept as
they are.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable, List, Optional, Tuple
from urllib.parse import urlsplit, urlunsplit

import courlan

from communique.schemas import Article, Error, FeedEntry
from communique.schemas.ids import article_id
from communique.transforms.errors import StageError, error_row
from communique.transforms.http_client import FetchResult
from communique.transforms.text_extraction import PageText, detect_language, extract_page, html_fragment_to_text

STAGE = "FetchArticles"
FETCH_MODES = ("auto", "always", "never")
DEFAULT_MIN_FEED_WORDS = 200
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/xml", "application/xml", "text/plain")

Fetcher = Callable[[str], FetchResult]


def normalise_url(url: str) -> str:
    """The URL an article is keyed by (see module docstring); the URL itself when courlan can't parse it."""
    url = url.strip()
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        return url
    try:
        normalised = courlan.normalize_url(url)
    except ValueError:
        return url
    return urlunsplit(urlsplit(normalised)._replace(fragment=""))


def word_count(text: str) -> int:
    return len(text.split())


def page_from_fetch(result: FetchResult) -> PageText:
    """Main text of a fetched page; StageError('unsupported_content_type') for PDFs, images and the like.

    (The fetcher of FetchArticles already refuses those before reading the body: this is for other fetchers.)
    """
    media_type = (result.content_type or "").split(";")[0].strip().lower()
    if media_type and media_type not in PAGE_TYPES:
        raise StageError("unsupported_content_type", f"the content type is {media_type}")
    return extract_page(result.text() or result.content, result.final_url)


def _first(*values):
    return next((v for v in values if v), None)


def make_article(entry: FeedEntry, text: str, text_source: str, page: Optional[PageText],
                 now: dt.datetime) -> Article:
    """An Article: the feed's title/author/date first, gaps filled from the page."""
    return Article(
        article_id=article_id(normalise_url(entry.url)),
        url=entry.url,
        feed_url=entry.feed_url,
        title=_first(entry.title, page and page.title),
        author=_first(entry.author, page and page.author),
        published_at=_first(entry.published_at, page and page.published_at),
        language=_first(detect_language(text), page and page.language),
        text=text,
        fetched_at=now,
        text_source=text_source,
        sitename=page.sitename if page else None,
    )


def _should_fetch(mode: str, feed_text: str, min_feed_words: int) -> bool:
    if mode == "never":
        return False
    return mode == "always" or word_count(feed_text) < min_feed_words


def build_article(
    entry: FeedEntry,
    fetch: Fetcher,
    *,
    mode: str = "auto",
    min_feed_words: int = DEFAULT_MIN_FEED_WORDS,
    now: Optional[dt.datetime] = None,
) -> Tuple[Optional[Article], List[Error]]:
    """The Article of an entry (or None) and the error rows met on the way. Raises only on bugs."""
    now = now or dt.datetime.now(dt.timezone.utc)
    if entry.text is not None:
        if not entry.text.strip():
            return None, [error_row(STAGE, entry.url, "no_text", "the given text is empty")]
        return make_article(entry, entry.text, "file", None, now), []
    if entry.html is not None:
        try:
            page = extract_page(entry.html, entry.url)
        except StageError as exc:
            return None, [error_row(STAGE, entry.url, exc.error_type, exc.message)]
        return make_article(entry, page.text, "file", page, now), []

    feed_text = html_fragment_to_text(entry.content_html)
    errors: List[Error] = []
    if _should_fetch(mode, feed_text, min_feed_words):
        try:
            page = page_from_fetch(fetch(entry.url))
            return make_article(entry, page.text, "page", page, now), []
        except StageError as exc:
            fallback = " (kept the feed's own content)" if feed_text else ""
            errors.append(error_row(STAGE, entry.url, exc.error_type, exc.message + fallback))
    if feed_text:
        return make_article(entry, feed_text, "feed", None, now), errors
    if not errors:
        why = "fetching is off" if mode == "never" else "no page fetched"
        errors.append(error_row(STAGE, entry.url, "no_text", f"the feed entry has no content and {why}"))
    return None, errors
