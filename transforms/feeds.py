"""Feeds to FeedEntry records: feedparser over bytes, feed lists (text or OPML), and loading one feed source.

Error rows ``parse_feed`` emits (stage ``ReadFeeds``), at most one per feed plus one per linkless entry:

* ``not_a_feed``: no entries and feedparser found no feed (an HTML page, JSON, garbage, an empty body).
* ``malformed_feed``: feedparser had to recover (bozo) but still found entries; the entries are kept.
* ``empty_feed``: a well-formed feed with no entries. Reported because a feed that silently yields nothing
  usually means a wrong URL or a broken publisher, which the user wants to see in the errors table.
* ``no_link``: an entry without a link (nothing to fetch, nothing to key the article on); the entry is dropped.

A bozo caused only by the Content-Type header (``NonXMLContentType``) is not a malformation of the feed.
"""
from __future__ import annotations

import calendar
import datetime as dt
import io
from pathlib import Path
from typing import Callable, List, NamedTuple, Optional, Tuple, Union
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

import feedparser
from lxml import etree

from communique.schemas import Error, FeedEntry
from communique.transforms.errors import StageError, error_row

STAGE = "ReadFeeds"
FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/rdf+xml, application/feed+json, "
               "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1")
_IGNORED_BOZO = ("NonXMLContentType",)


def _as_utc(struct_time) -> Optional[dt.datetime]:
    """feedparser's *_parsed values are UTC struct_times."""
    if not struct_time:
        return None
    try:
        return dt.datetime.fromtimestamp(calendar.timegm(struct_time), tz=dt.timezone.utc)
    except (OverflowError, ValueError, OSError):
        return None


def _longest_content(entry) -> Optional[str]:
    """The longest of the entry's content[].value and its summary: the fullest text the feed carries."""
    candidates = [c.get("value") for c in entry.get("content") or []]
    candidates.append(entry.get("summary"))
    candidates = [c for c in candidates if c and c.strip()]
    return max(candidates, key=len) if candidates else None


def entry_link(entry, base_url: str) -> Optional[str]:
    """The entry's link, made absolute against the feed URL; falls back to an alternate link or a URL guid."""
    link = entry.get("link")
    if not link:
        for candidate in entry.get("links") or []:
            if candidate.get("href") and candidate.get("rel", "alternate") == "alternate":
                link = candidate["href"]
                break
    if not link and entry.get("guidislink"):
        link = entry.get("id")
    if not link or not link.strip():
        return None
    return urljoin(base_url, link.strip())


def to_feed_entry(entry, feed_url: str, base_url: Optional[str] = None) -> Optional[FeedEntry]:
    """One feedparser entry as a FeedEntry, or None when it has no link."""
    url = entry_link(entry, base_url or feed_url)
    if url is None:
        return None
    return FeedEntry(
        url=url,
        feed_url=feed_url,
        title=(entry.get("title") or "").strip() or None,
        author=(entry.get("author") or "").strip() or None,
        # dict.get: feedparser's own get() maps updated_parsed to published_parsed with a DeprecationWarning.
        published_at=_as_utc(dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")),
        content_html=_longest_content(entry),
    )


def _bozo_name(parsed) -> Optional[str]:
    if not parsed.get("bozo"):
        return None
    exc = parsed.get("bozo_exception")
    return type(exc).__name__ if exc is not None else "unknown"


def parse_feed(
    data: Union[bytes, str],
    feed_url: str,
    *,
    content_type: Optional[str] = None,
    base_url: Optional[str] = None,
) -> Tuple[List[FeedEntry], List[Error]]:
    """Entries of a feed document and the error rows it deserves (see the module docstring).

    ``content_type`` is the HTTP Content-Type when known (its charset wins over the XML declaration);
    ``base_url`` resolves relative links (default: ``feed_url``). A ``str`` is encoded as UTF-8.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
        content_type = content_type or "application/xml; charset=utf-8"
    # No content-location for feedparser: its own joining mangles file:// bases; links are joined here.
    headers = {"content-type": content_type} if content_type else {}
    # A file-like object: feedparser would otherwise treat a str/bytes as a URL or a file name to open.
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    bozo = _bozo_name(parsed)
    if bozo in _IGNORED_BOZO:
        bozo = None
    entries, errors = [], []
    for index, raw in enumerate(parsed.entries):
        entry = to_feed_entry(raw, feed_url, base_url)
        if entry is None:
            title = raw.get("title") or f"entry {index + 1}"
            errors.append(error_row(STAGE, feed_url, "no_link", f"entry without a link: {title}"))
        else:
            entries.append(entry)
    if not parsed.entries:
        if bozo or not parsed.get("version"):
            reason = f" ({bozo}: {parsed.get('bozo_exception')})" if bozo else ""
            errors.append(error_row(STAGE, feed_url, "not_a_feed", f"no feed found in the document{reason}"))
        else:
            errors.append(error_row(STAGE, feed_url, "empty_feed", "the feed has no entries"))
    elif bozo:
        errors.insert(0, error_row(STAGE, feed_url, "malformed_feed",
                                   f"feed recovered from {bozo}: {parsed.get('bozo_exception')}"))
    return entries, errors


def is_url(source: str) -> bool:
    return urlsplit(source).scheme.lower() in ("http", "https")


class FeedDocument(NamedTuple):
    feed_url: str                 # the source as given (a file URI for local files)
    base_url: str                 # where relative links resolve: the URL after redirects
    data: bytes
    content_type: Optional[str]   # HTTP Content-Type, None for files


def load_feed_source(source: str, fetch: Callable[..., object]) -> FeedDocument:
    """One feed source's document: fetched when an http(s) URL, read when a local path or file:// URI.

    Local paths are allowed because the user named them. Raises StageError ('bad_input' for an unreadable
    file; the fetcher's error types for URLs).
    """
    source = source.strip()
    if is_url(source):
        result = fetch(source, accept=FEED_ACCEPT)
        return FeedDocument(source, result.final_url, result.content, result.headers.get("content-type"))
    if source.lower().startswith("file:"):
        path = Path(url2pathname(urlsplit(source).path))
    else:
        path = Path(source).expanduser()
    try:
        uri = path.resolve().as_uri()
        return FeedDocument(uri, uri, path.read_bytes(), None)
    except OSError as exc:
        raise StageError("bad_input", f"can't read feed file {source}: {exc.strerror or exc}") from exc


def _opml_urls(data: bytes) -> List[str]:
    """xmlUrl of every outline, at any depth, in document order. No DTDs, entities or network."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             recover=True)
    root = etree.fromstring(data, parser=parser)
    if root is None:
        return []
    return [el.get("xmlUrl").strip() for el in root.iter("outline") if (el.get("xmlUrl") or "").strip()]


def _looks_like_opml(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith(b"<?xml") or b"<opml" in head


def read_feed_list(path: Union[str, Path]) -> List[str]:
    """Feed sources listed in a file: an OPML document, or text with one URL/path per line (# comments)."""
    data = Path(path).read_bytes()
    if _looks_like_opml(data):
        return _opml_urls(data)
    sources = []
    for line in data.decode("utf-8-sig").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            sources.append(line)
    return sources
