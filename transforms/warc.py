"""WARC files (web archives such as Common Crawl's news crawl) to FeedEntry records, read with warcio.

Each ``response`` record of an HTML page (``text/html`` or ``application/xhtml+xml``, HTTP 2xx) becomes
``FeedEntry(url=WARC-Target-URI, html=<decoded body>, published_at=...)``, so FetchArticles takes its
"given html" path: nothing is fetched. ``published_at`` is the page's own publication date (htmldate on the
page's metadata, no later than the capture) and, when the page has none, the capture time ``WARC-Date`` (an
upper bound, close to the publication for a news crawl).

Records that are not articles are skipped silently: requests, metadata, warcinfo, revisits, non-HTML responses
(robots.txt, images, PDFs) and non-2xx captures (redirects, 404s). Bad records are error rows (stage
``ReadWarc``) and reading goes on: ``bad_record`` (no or non-http(s) target URI, unreadable HTTP body, empty
body), ``too_large`` (body over ``MAX_RECORD_BYTES``). A file that can't be opened is ``bad_input``; a file
that stops being a WARC (corrupt gzip, a record cut short, a broken record header) is ``bad_warc`` and
reading that file stops there. warcio itself ends quietly on some cuts (inside a gzip member's header): such
a file loses its last record without an error row.

Paths are local paths, file:// URIs, or any filesystem Beam knows (gs://, s3:// with the right extras).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import BinaryIO, Callable, Iterator, Optional, Union
from urllib.parse import urlsplit
from urllib.request import url2pathname

import htmldate
import lxml.etree
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from communique.schemas import Error, FeedEntry
from communique.transforms.errors import error_row
from communique.transforms.feeds import parse_w3c_date
from communique.transforms.http_client import charset_of
from communique.transforms.local_articles import WARC_SUFFIXES, decode_html

STAGE = "ReadWarc"
HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_RECORD_BYTES = 10_000_000


WARC_TYPES = frozenset("warcinfo response resource request metadata revisit conversion continuation".split())


class TruncatedWarc(ValueError):
    """The WARC stops being readable: a record cut short, or a record header that isn't one."""


def is_warc_path(path: Union[str, Path]) -> bool:
    return str(path).lower().endswith(WARC_SUFFIXES)


def _target_uri(record: ArcWarcRecord) -> Optional[str]:
    uri = (record.rec_headers.get_header("WARC-Target-URI") or "").strip().strip("<>").strip()
    return uri if urlsplit(uri).scheme.lower() in ("http", "https") and urlsplit(uri).netloc else None


def decode_body(body: bytes, content_type: Optional[str]) -> str:
    """The HTTP charset when it names a known codec, else :func:`decode_html` (UTF-8, <meta>, windows-1252)."""
    charset = charset_of(content_type)
    if charset:
        try:
            return body.decode(charset, errors="replace")
        except LookupError:
            pass
    return decode_html(body)


def page_date(html: str, url: str, captured: Optional[dt.datetime]) -> Optional[dt.datetime]:
    """The page's own publication date (htmldate, metadata and URL only; not after the capture), as UTC."""
    max_date = captured.strftime("%Y-%m-%d") if captured else None
    try:
        found = htmldate.find_date(html, url=url, original_date=True, extensive_search=False, max_date=max_date)
    except (ValueError, TypeError, lxml.etree.LxmlError):
        return None
    return parse_w3c_date(found)


def record_to_entry(record: ArcWarcRecord, where: Callable[[], str]) -> Optional[Union[FeedEntry, Error]]:
    """One WARC record as a FeedEntry, an error row, or None when it isn't an HTML page capture.

    ``where()`` names the record (file@offset) for error rows; it is called only after the body is read
    (warcio's get_record_offset reads the record to its end)."""
    if record.format != "warc" or record.rec_type not in WARC_TYPES:
        raise TruncatedWarc(f"not a WARC record at {where()} (type {record.rec_type!r}): truncated or corrupt")
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = record.http_headers.get_statuscode() or ""
    content_type = record.http_headers.get_header("Content-Type") or ""
    if not status.startswith("2") or content_type.split(";")[0].strip().lower() not in HTML_TYPES:
        return None
    url = _target_uri(record)
    if url is None:
        target = record.rec_headers.get_header("WARC-Target-URI")
        return error_row(STAGE, where(), "bad_record", f"response record without an http(s) target URI: {target!r}")
    try:
        body = record.content_stream().read(MAX_RECORD_BYTES + 1)
    except (OSError, ValueError, EOFError) as exc:  # chunked or content-encoding errors (zlib.error is OSError)
        return error_row(STAGE, url, "bad_record", f"unreadable HTTP body at {where()}: {type(exc).__name__}: {exc}")
    if getattr(record.raw_stream, "limit", 0) and len(body) <= MAX_RECORD_BYTES:
        raise TruncatedWarc(f"the file ends inside the record of {url} at {where()}")
    if len(body) > MAX_RECORD_BYTES:
        return error_row(STAGE, url, "too_large", f"HTTP body over {MAX_RECORD_BYTES} bytes at {where()}")
    if not body.strip():
        return error_row(STAGE, url, "bad_record", f"empty HTTP body at {where()}")
    html = decode_body(body, content_type)
    captured = parse_w3c_date(record.rec_headers.get_header("WARC-Date"))
    return FeedEntry(url=url, html=html, published_at=page_date(html, url, captured) or captured)


def iter_warc(stream: BinaryIO, name: str) -> Iterator[Union[FeedEntry, Error]]:
    """FeedEntry records and error rows of an open WARC stream (gzipped per record, or not)."""
    records = ArchiveIterator(stream)  # reads ARC too, but only WARC is supported: ARC records are refused
    count = 0
    try:
        for record in records:
            count += 1
            item = record_to_entry(record, lambda: f"{name}@{records.get_record_offset()}")
            if item is not None:
                yield item
        if count == 0:
            yield error_row(STAGE, name, "bad_warc", "no WARC records in the file")
    except (ArchiveLoadFailed, TruncatedWarc) as exc:
        yield error_row(STAGE, name, "bad_warc", f"not a readable WARC from here on: {exc}")
    except (OSError, EOFError, ValueError, AttributeError) as exc:
        # a truncated or corrupt gzip member; warcio 1.8 raises AttributeError on some truncated headers
        yield error_row(STAGE, name, "bad_warc", f"WARC stops being readable: {type(exc).__name__}: {exc}")


def _open(path: str) -> BinaryIO:
    """A local path, file:// URI or Beam filesystem path, opened as raw bytes (warcio unzips per record)."""
    scheme = urlsplit(path).scheme.lower()
    if scheme == "file":
        return open(url2pathname(urlsplit(path).path), "rb")
    if len(scheme) > 1:  # gs://, s3://, ... (one letter is a Windows drive)
        from apache_beam.io.filesystem import CompressionTypes
        from apache_beam.io.filesystems import FileSystems
        return FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED)
    return open(Path(path).expanduser(), "rb")


def read_warc(path: Union[str, Path]) -> Iterator[Union[FeedEntry, Error]]:
    """Every HTML page capture of a WARC file as a FeedEntry, bad records as error rows. Never raises on
    bad input."""
    name = str(path)
    try:
        stream = _open(name)
    except (OSError, ValueError) as exc:  # BeamIOError is an OSError
        yield error_row(STAGE, name, "bad_input", f"can't open WARC file: {getattr(exc, 'strerror', None) or exc}")
        return
    with stream:
        yield from iter_warc(stream, name)
