"""Articles the user already has: a folder or file of .txt/.html pages, or a JSONL file, as FeedEntry records.

* ``.txt``: ``FeedEntry.text`` is the file's text unchanged (UTF-8, newlines as in the file), so character
  offsets in the output tables match the user's copy. A file that isn't UTF-8 is an error row.
* ``.html``/``.htm``: ``FeedEntry.html``; FetchArticles extracts it, nothing is fetched.
* ``.jsonl``/``.json`` (one object a line): ``url`` (or ``link``), ``title``, ``author``, ``published`` (or
  ``published_at``), and one of ``text`` (kept unchanged), ``html`` or ``content_html`` (a feed's content).
  A line that isn't such an object is an error row ``bad_input`` naming path:line, and reading goes on.

* ``.warc``/``.warc.gz``: web archive captures, read by :mod:`communique.transforms.warc` (stage ``ReadWarc``);
  in a folder too.

A file's URL is the file URI of its absolute path. Error rows have stage ``ReadArticles``; types used:
``bad_input`` (unreadable, not UTF-8, bad JSON, missing fields) and ``bad_date`` (the entry is kept without
a date).

:func:`read_source` takes any one input — a WARC file, local articles, or a feed or sitemap (URL or path,
told apart by content) — for callers that don't know which it is.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
from pathlib import Path
from typing import Callable, Iterator, Optional, Union
from urllib.parse import urlsplit

import dateparser

from communique.schemas import Error, FeedEntry
from communique.transforms.errors import error_row

STAGE = "ReadArticles"
TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl", ".json", ".ndjson"})
PAGE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
WARC_SUFFIXES = (".warc", ".warc.gz")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


class BadDate(ValueError):
    """A published value that can't be read as a date."""


def parse_published(value: object) -> Optional[dt.datetime]:
    """A published value as a UTC datetime: ISO 8601, else RFC 822, else dateparser ('12 Oct 2007', ...).

    Naive times are taken as UTC. None or '' gives None; anything unreadable raises BadDate.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise BadDate(f"published is not a string: {value!r}")
    value = value.strip()
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            parsed = dateparser.parse(value, settings={"TIMEZONE": "UTC"})
    if parsed is None:
        raise BadDate(f"unreadable published date {value!r}")
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=dt.timezone.utc)
    return parsed.astimezone(dt.timezone.utc)


def decode_html(data: bytes) -> str:
    """HTML bytes as text: UTF-8 when valid, else the charset its <meta> declares, else windows-1252
    (the HTML standard's fallback for unlabelled pages). Deterministic: no statistical guessing."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    return data.decode("windows-1252", errors="replace")


def _bad(path: Union[str, Path], message: str, error_type: str = "bad_input") -> Error:
    return error_row(STAGE, str(path), error_type, message)


def read_page_file(path: Path) -> Union[FeedEntry, Error]:
    """One .txt or .html file as a FeedEntry."""
    url = path.resolve().as_uri()
    try:
        if path.suffix.lower() in TEXT_SUFFIXES:
            with open(path, encoding="utf-8", newline="") as f:
                return FeedEntry(url=url, text=f.read())
        return FeedEntry(url=url, html=decode_html(path.read_bytes()))
    except UnicodeDecodeError as exc:
        return _bad(path, f"not UTF-8 text: {exc}")
    except OSError as exc:
        return _bad(path, f"can't read: {exc.strerror or exc}")


def _str_field(record: dict, *names: str) -> Optional[str]:
    for name in names:
        value = record.get(name)
        if isinstance(value, str) and value.strip():
            return value
    return None


def jsonl_record_to_entry(record: object, where: str) -> Iterator[Union[FeedEntry, Error]]:
    """One JSONL object as a FeedEntry (plus a bad_date row when its date can't be read), or an error row."""
    if not isinstance(record, dict):
        yield _bad(where, f"expected a JSON object, got {type(record).__name__}")
        return
    url = _str_field(record, "url", "link")
    if url is None:
        yield _bad(where, "no url")
        return
    text = record.get("text") if isinstance(record.get("text"), str) else None
    html = _str_field(record, "html")
    content_html = _str_field(record, "content_html")
    if not (text and text.strip()) and html is None and content_html is None:
        yield _bad(where, "no text, html or content_html")
        return
    published_value = record.get("published", record.get("published_at"))
    try:
        published = parse_published(published_value)
    except BadDate as exc:
        published = None
        yield _bad(where, str(exc), "bad_date")
    author = _str_field(record, "author")
    title = _str_field(record, "title")
    yield FeedEntry(
        url=url.strip(), title=title.strip() if title else None, author=author.strip() if author else None,
        published_at=published, text=text if text and text.strip() else None, html=html,
        content_html=content_html,
    )


def read_jsonl(path: Path) -> Iterator[Union[FeedEntry, Error]]:
    try:
        with open(path, encoding="utf-8-sig") as f:
            for number, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                where = f"{path}:{number}"
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield _bad(where, f"bad JSON: {exc}")
                    continue
                yield from jsonl_record_to_entry(record, where)
    except UnicodeDecodeError as exc:
        yield _bad(path, f"not UTF-8 text: {exc}")
    except OSError as exc:
        yield _bad(path, f"can't read: {exc.strerror or exc}")


def _is_warc(path: Union[str, Path]) -> bool:
    return str(path).lower().endswith(WARC_SUFFIXES)


def read_local_articles(path: Union[str, Path]) -> Iterator[Union[FeedEntry, Error]]:
    """FeedEntry records (and error rows) of a folder of .txt/.html/.warc(.gz) files, one such file, or a
    JSONL file."""
    from communique.transforms.warc import read_warc  # warc uses decode_html from this module

    path = Path(path).expanduser()
    if path.is_dir():
        files = sorted(p for p in path.iterdir()
                       if p.is_file() and (p.suffix.lower() in PAGE_SUFFIXES or _is_warc(p)))
        if not files:
            yield _bad(path, "no .txt, .html, .htm, .warc or .warc.gz files in the folder")
        for file in files:
            if _is_warc(file):
                yield from read_warc(file)
            else:
                yield read_page_file(file)
    elif not path.exists():
        yield _bad(path, "no such file or folder")
    elif path.suffix.lower() in JSONL_SUFFIXES:
        yield from read_jsonl(path)
    elif _is_warc(path):
        yield from read_warc(path)
    elif path.suffix.lower() in PAGE_SUFFIXES:
        yield read_page_file(path)
    else:
        yield _bad(path, f"unsupported file type {path.suffix or '(none)'}: use .txt, .html, .htm, .jsonl, "
                         ".warc or .warc.gz")


def read_source(source: str, fetch: Optional[Callable[..., object]] = None) -> Iterator[Union[FeedEntry, Error]]:
    """Entries and error rows of any one input, sequentially (for a FlatMap or a script):

    * a ``.warc``/``.warc.gz`` path or URI (local, file://, gs://, ...): :func:`warc.read_warc`;
    * a local folder, or a ``.txt``/``.html``/``.htm``/``.jsonl`` file: :func:`read_local_articles`;
    * anything else (an http(s) URL, a path, a file:// URI) is loaded once and told apart by content: a
      sitemap or sitemap index (:func:`sitemaps.read_sitemap_document`, following its sitemaps), else a
      feed (:func:`feeds.parse_feed`: RSS, Atom, RDF, JSON Feed).

    ``fetch(url, accept=...)`` does the HTTP (default: ``http_client.fetch`` with its default limits).
    """
    from communique.transforms import feeds, http_client, sitemaps
    from communique.transforms.errors import StageError, error_row
    from communique.transforms.warc import read_warc

    source = source.strip()
    fetch = fetch or http_client.fetch
    local = Path(source).expanduser() if len(urlsplit(source).scheme) <= 1 else None  # 1: a Windows drive
    if _is_warc(source):
        yield from read_warc(source)
        return
    if local is not None and (local.is_dir() or local.suffix.lower() in PAGE_SUFFIXES | JSONL_SUFFIXES):
        yield from read_local_articles(local)
        return
    try:
        document = feeds.load_feed_source(source, fetch)
    except StageError as exc:
        yield error_row(feeds.STAGE, source, exc.error_type, exc.message)
        return
    if sitemaps.sniff_sitemap(document.data):
        yield from sitemaps.read_sitemap_document(document, fetch)
        return
    entries, errors = feeds.parse_feed(document.data, document.feed_url, content_type=document.content_type,
                                       base_url=document.base_url)
    yield from errors
    yield from entries
