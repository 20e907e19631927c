"""Feeds to FeedEntry records: feedparser over bytes, feed lists (text or OPML), and loading one feed source.

Error rows ``parse_feed`` emits (stage ``ReadFeeds``), at most one per feed plus one per linkless entry:

* ``not_a_feed``: no entries and feedparser found no feed (an HTML page, JSON, garbage, an empty body).
* ``malformed_feed``: feedparser had to recover (bozo) but still found entries; the entries are kept.
* ``empty_feed``: a well-formed feed with no entries. Reported because a feed that silently yields nothing
  usually means a wrong URL or a broken publisher, which the user wants to see in the errors table.
* ``no_link``: an entry without a link (nothing to fetch, nothing to key the article on); the entry is dropped.

A bozo caused only by the Content-Type header (``NonXMLContentType``) is not a malformation of the feed.

feedparser 6.0.14 does not read JSON Feed, so a document that is a JSON object is parsed here
(:func:`parse_json_feed`, versions 1.0 and 1.1); a JSON document that isn't a JSON Feed is ``not_a_feed``. A
sitemap (``<urlset>``, with or without news: tags) given as a feed is read by
:mod:`communique.transforms.sitemaps`; a sitemap index can't be followed here (nothing to fetch with) and is a
``sitemap_index`` error row telling the user to pass it as a sitemap.
"""
from __future__ import annotations

import calendar
import datetime as dt
import html as html_lib
import io
import json
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
    if looks_like_json(data):
        return parse_json_feed(data, feed_url, base_url)
    from communique.transforms import sitemaps  # sitemaps imports this module

    kind = sitemaps.sniff_sitemap(data)
    if kind == sitemaps.URLSET:
        return sitemaps.parse_sitemap(data, feed_url, base_url=base_url, stage=STAGE).entries_and_errors()
    if kind == sitemaps.INDEX:
        return [], [error_row(STAGE, feed_url, "sitemap_index",
                              "a sitemap index, not a feed: give it as a sitemap to follow its sitemaps")]
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


def parse_w3c_date(value: object) -> Optional[dt.datetime]:
    """An RFC 3339 / W3C datetime ('2024-05-01', '2024-05-01T10:00Z', ...) as UTC; None when absent or
    unreadable. Naive times and bare dates are taken as UTC."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text[-1:] in ("Z", "z"):
        text = text[:-1] + "+00:00"
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed.replace(tzinfo=dt.timezone.utc) if parsed.tzinfo is None else parsed.astimezone(dt.timezone.utc)


def _json_author(obj: dict) -> Optional[str]:
    """Names of ``authors`` (1.1) or ``author`` (1.0), joined with ', '."""
    people = obj.get("authors")
    if not isinstance(people, list):
        people = [obj.get("author")]
    names = [p["name"].strip() for p in people
             if isinstance(p, dict) and isinstance(p.get("name"), str) and p["name"].strip()]
    return ", ".join(names) or None


def _json_str(obj: dict, name: str) -> Optional[str]:
    value = obj.get(name)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _json_item_link(item: dict) -> Optional[str]:
    """``url``, else an ``id`` that is an http(s) URL, else ``external_url``."""
    item_id = item.get("id")
    id_url = str(item_id).strip() if isinstance(item_id, str) and is_url(item_id.strip()) else None
    return _json_str(item, "url") or id_url or _json_str(item, "external_url")


def _json_item_content(item: dict) -> Optional[str]:
    """The longest of content_html, content_text (escaped, as HTML paragraphs) and summary."""
    candidates = [_json_str(item, "content_html")]
    for name in ("content_text", "summary"):
        text = _json_str(item, name)
        if text:
            candidates.append("".join(f"<p>{html_lib.escape(p.strip())}</p>"
                                      for p in text.split("\n\n") if p.strip()))
    candidates = [c for c in candidates if c]
    return max(candidates, key=len) if candidates else None


def looks_like_json(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


def parse_json_feed(data: bytes, feed_url: str, base_url: Optional[str] = None
                    ) -> Tuple[List[FeedEntry], List[Error]]:
    """Entries of a JSON Feed (https://jsonfeed.org/version/1 or /1.1) and its error rows, as parse_feed."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        return [], [error_row(STAGE, feed_url, "not_a_feed", f"no feed found in the document (bad JSON: {exc})")]
    version = doc.get("version") if isinstance(doc, dict) else None
    if not (isinstance(version, str) and version.startswith(("https://jsonfeed.org/version/",
                                                             "http://jsonfeed.org/version/"))):
        return [], [error_row(STAGE, feed_url, "not_a_feed",
                              "JSON document is not a JSON Feed (no jsonfeed.org version)")]
    items = doc.get("items")
    if not isinstance(items, list):
        return [], [error_row(STAGE, feed_url, "not_a_feed", "JSON Feed without an items list")]
    base = base_url or feed_url
    feed_author = _json_author(doc)
    entries, errors = [], []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            errors.append(error_row(STAGE, feed_url, "malformed_feed", f"item {index + 1} is not an object"))
            continue
        link = _json_item_link(item)
        if link is None:
            title = _json_str(item, "title") or f"entry {index + 1}"
            errors.append(error_row(STAGE, feed_url, "no_link", f"entry without a link: {title}"))
            continue
        entries.append(FeedEntry(
            url=urljoin(base, link), feed_url=feed_url, title=_json_str(item, "title"),
            author=_json_author(item) or feed_author,
            published_at=parse_w3c_date(item.get("date_published")) or parse_w3c_date(item.get("date_modified")),
            content_html=_json_item_content(item),
        ))
    if not items:
        errors.append(error_row(STAGE, feed_url, "empty_feed", "the feed has no entries"))
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
