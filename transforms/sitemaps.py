"""Sitemaps to FeedEntry records: news sitemaps (``news:`` tags), plain sitemaps and sitemap index files.

A ``<urlset>`` gives one entry per ``<url>``: ``url`` from ``<loc>``, ``title`` from ``news:title``,
``published_at`` from ``news:publication_date`` (``<lastmod>`` is a modification time, not a publication date,
and is not used: FetchArticles fills the date from the page). A ``<sitemapindex>`` lists other sitemaps, which
are read in turn (one level, as the sitemap protocol allows; a nested index is an error row, not followed).
Gzipped sitemaps (``.xml.gz``) are unzipped up to ``MAX_SITEMAP_BYTES``.

Parsing is safe on hostile input: lxml with no entity expansion, no DTD loading and no network access.
Sitemaps listed by a remote index must be http(s) (a remote index can't make us read local files); entry URLs
must be http(s). Error rows (stage ``ReadSitemaps``, or the caller's stage): ``not_a_sitemap``,
``malformed_sitemap`` (recovered; entries kept), ``empty_sitemap``, ``no_link`` (a ``<url>`` without an
http(s) ``<loc>``), ``bad_date`` (entry kept without a date), ``too_large``, ``nested_sitemap_index``,
``too_many_sitemaps``, and the fetcher's types (``timeout``, ``http_status``, ...).
"""
from __future__ import annotations

import dataclasses
import re
import zlib
from typing import Callable, Dict, Iterator, List, Optional, Tuple, Union
from urllib.parse import urljoin, urlsplit

import apache_beam as beam
from apache_beam import pvalue
from lxml import etree

from communique.schemas import Error, FeedEntry
from communique.transforms import http_client
from communique.transforms.errors import ERRORS, StageError, error_row, from_exception
from communique.transforms.feeds import FeedDocument, is_url, load_feed_source, parse_w3c_date

STAGE = "ReadSitemaps"
URLSET = "urlset"
INDEX = "sitemapindex"
MAX_SITEMAP_BYTES = 50 * 1024 * 1024       # the protocol's limit for one uncompressed sitemap
MAX_CHILD_SITEMAPS = 1000                  # sitemaps followed per index
SITEMAP_ACCEPT = "application/xml, text/xml;q=0.9, application/x-gzip;q=0.8, */*;q=0.1"
ENTRIES = "entries"
CHILDREN = "sitemaps"
_PROLOG = rb"(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*"  # declaration, comments, doctype
_ROOT = re.compile(rb"^" + _PROLOG + rb"<(?:[\w.-]+:)?(urlset|sitemapindex)[\s>/]", re.DOTALL | re.IGNORECASE)


def _gunzip(data: bytes, limit: Optional[int] = None) -> bytes:
    """The data, unzipped when it is gzip; StageError('too_large') past ``limit`` bytes (default
    MAX_SITEMAP_BYTES): no gzip bombs."""
    if data[:2] != b"\x1f\x8b":
        return data
    limit = MAX_SITEMAP_BYTES if limit is None else limit
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise StageError("not_a_sitemap", f"bad gzip data: {exc}") from exc
    if len(out) > limit or inflater.unconsumed_tail:
        raise StageError("too_large", f"sitemap unzips to more than {limit} bytes")
    return out


def sniff_sitemap(data: bytes) -> Optional[str]:
    """URLSET or INDEX when the document's root element is a sitemap's, else None. Cheap: no XML parse."""
    try:
        head = _gunzip(data[:65536] if data[:2] != b"\x1f\x8b" else data)[:4096]
    except StageError:
        return None
    match = _ROOT.match(head.lstrip(b"\xef\xbb\xbf"))
    return match.group(1).decode("ascii").lower() if match else None


@dataclasses.dataclass
class SitemapDoc:
    """What one sitemap document holds: article entries, sitemaps it lists (an index), and error rows."""
    kind: Optional[str] = None
    entries: List[FeedEntry] = dataclasses.field(default_factory=list)
    sitemaps: List[str] = dataclasses.field(default_factory=list)
    errors: List[Error] = dataclasses.field(default_factory=list)

    def entries_and_errors(self) -> Tuple[List[FeedEntry], List[Error]]:
        return self.entries, self.errors


def _local(el) -> str:
    tag = el.tag
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _child(el, name: str):
    return next((c for c in el if _local(c) == name), None)


def _text(el) -> Optional[str]:
    if el is None:
        return None
    text = "".join(el.itertext()).strip()
    return " ".join(text.split()) or None


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           recover=True, remove_comments=True, remove_pis=True)


def _url_entry(el, sitemap_url: str, base: str, stage: str, doc: SitemapDoc) -> None:
    loc = _text(_child(el, "loc"))
    link = urljoin(base, loc) if loc else None
    if not link or not is_url(link):
        doc.errors.append(error_row(stage, sitemap_url, "no_link", f"<url> without an http(s) <loc>: {loc!r}"))
        return
    news = _child(el, "news")
    title = _text(_child(news, "title")) if news is not None else None
    date_text = _text(_child(news, "publication_date")) if news is not None else None
    published = parse_w3c_date(date_text)
    if date_text and published is None:
        doc.errors.append(error_row(stage, link, "bad_date", f"unreadable news:publication_date {date_text!r}"))
    doc.entries.append(FeedEntry(url=link, feed_url=sitemap_url, title=title, published_at=published))


def parse_sitemap(data: bytes, sitemap_url: str, *, base_url: Optional[str] = None,
                  stage: str = STAGE) -> SitemapDoc:
    """Entries (a urlset) or listed sitemaps (an index) of one sitemap document, with its error rows."""
    doc = SitemapDoc()
    base = base_url or sitemap_url
    try:
        data = _gunzip(data)
    except StageError as exc:
        doc.errors.append(error_row(stage, sitemap_url, exc.error_type, exc.message))
        return doc
    parser = _safe_parser()
    try:
        root = etree.fromstring(data, parser=parser) if data.strip() else None
    except etree.XMLSyntaxError as exc:
        root = None
        parser.error_log.clear()
        reason = str(exc)
    else:
        reason = "empty document" if root is None else f"root element <{_local(root)}>"
    doc.kind = _local(root) if root is not None else None
    if doc.kind not in (URLSET, INDEX):
        doc.errors.append(error_row(stage, sitemap_url, "not_a_sitemap", f"not a sitemap ({reason})"))
        doc.kind = None
        return doc
    if len(parser.error_log):
        doc.errors.append(error_row(stage, sitemap_url, "malformed_sitemap",
                                    f"sitemap recovered from: {parser.error_log[0].message}"))
    for el in root:
        name = _local(el)
        if doc.kind == URLSET and name == "url":
            _url_entry(el, sitemap_url, base, stage, doc)
        elif doc.kind == INDEX and name == "sitemap":
            loc = _text(_child(el, "loc"))
            if loc:
                doc.sitemaps.append(urljoin(base, loc))
    if not doc.entries and not doc.sitemaps:
        doc.errors.append(error_row(stage, sitemap_url, "empty_sitemap", f"the {doc.kind} lists nothing"))
    return doc


def _allowed_child(parent: str, child: str) -> bool:
    """A remote index may list only http(s) sitemaps; a local one may list local files too."""
    if is_url(child):
        return True
    return not is_url(parent) and urlsplit(child).scheme.lower() == "file"


def sitemap_from_document(document: FeedDocument, *, follow: bool = True, max_sitemaps: int = MAX_CHILD_SITEMAPS,
                          stage: str = STAGE) -> SitemapDoc:
    """A loaded sitemap document, parsed. The listed sitemaps it returns are filtered (see
    :func:`_allowed_child`), de-duplicated and capped; with ``follow=False`` an index's sitemaps are not
    returned but reported as ``nested_sitemap_index``."""
    doc = parse_sitemap(document.data, document.feed_url, base_url=document.base_url, stage=stage)
    if not doc.sitemaps:
        return doc
    if not follow:
        doc.errors.append(error_row(stage, document.feed_url, "nested_sitemap_index",
                                    f"a sitemap index inside an index: its {len(doc.sitemaps)} sitemaps not read"))
        doc.sitemaps = []
        return doc
    allowed = []
    for child in dict.fromkeys(doc.sitemaps):
        if _allowed_child(document.feed_url, child):
            allowed.append(child)
        else:
            doc.errors.append(error_row(stage, document.feed_url, "no_link", f"sitemap not followed: {child}"))
    doc.sitemaps = allowed[:max_sitemaps]
    if len(allowed) > max_sitemaps:
        doc.errors.append(error_row(stage, document.feed_url, "too_many_sitemaps",
                                    f"read the first {max_sitemaps} of {len(allowed)} sitemaps"))
    return doc


def _load(source: str, fetch: Callable[..., object]) -> FeedDocument:
    return load_feed_source(source, lambda url, accept=None: fetch(url, accept=SITEMAP_ACCEPT))


def load_sitemap(source: str, fetch: Callable[..., object], *, follow: bool = True,
                 max_sitemaps: int = MAX_CHILD_SITEMAPS, stage: str = STAGE) -> SitemapDoc:
    """Fetch (http/https) or read (path, file://) one sitemap and parse it (:func:`sitemap_from_document`).
    ``fetch(url, accept=...)`` is http_client.fetch with its limits bound. Never raises on bad input."""
    try:
        document = _load(source, fetch)
    except StageError as exc:
        return SitemapDoc(errors=[error_row(stage, source, exc.error_type, exc.message)])
    return sitemap_from_document(document, follow=follow, max_sitemaps=max_sitemaps, stage=stage)


def read_sitemap_document(document: FeedDocument, fetch: Callable[..., object], *,
                          max_sitemaps: int = MAX_CHILD_SITEMAPS, stage: str = STAGE
                          ) -> Iterator[Union[FeedEntry, Error]]:
    """Every entry (and error row) of a loaded sitemap or sitemap index, its sitemaps read one by one."""
    top = sitemap_from_document(document, max_sitemaps=max_sitemaps, stage=stage)
    yield from top.errors
    yield from top.entries
    for child in top.sitemaps:
        doc = load_sitemap(child, fetch, follow=False, stage=stage)
        yield from doc.errors
        yield from doc.entries


def read_sitemap_source(source: str, fetch: Callable[..., object], *, max_sitemaps: int = MAX_CHILD_SITEMAPS,
                        stage: str = STAGE) -> Iterator[Union[FeedEntry, Error]]:
    """Every entry (and error row) of a sitemap or sitemap index source, read sequentially: no Beam needed."""
    try:
        document = _load(source, fetch)
    except StageError as exc:
        yield error_row(stage, source, exc.error_type, exc.message)
        return
    yield from read_sitemap_document(document, fetch, max_sitemaps=max_sitemaps, stage=stage)


class _ReadSitemapFn(beam.DoFn):
    def __init__(self, fetch_kwargs: Dict[str, object], follow: bool, max_sitemaps: int):
        self._fetch_kwargs = fetch_kwargs
        self._follow = follow
        self._max_sitemaps = max_sitemaps

    def _fetch(self, url: str, accept: Optional[str] = None) -> http_client.FetchResult:
        return http_client.fetch(url, accept=accept, **self._fetch_kwargs)

    def process(self, source: str) -> Iterator[Union[FeedEntry, pvalue.TaggedOutput]]:
        try:
            doc = load_sitemap(source, self._fetch, follow=self._follow, max_sitemaps=self._max_sitemaps)
        except Exception as exc:  # load_sitemap maps known failures itself: this is a bug, keep going
            yield pvalue.TaggedOutput(ERRORS, from_exception(STAGE, source, exc))
            return
        yield from doc.entries
        for child in doc.sitemaps:
            yield pvalue.TaggedOutput(CHILDREN, child)
        for error in doc.errors:
            yield pvalue.TaggedOutput(ERRORS, error)


class ReadSitemaps(beam.PTransform):
    """PCollection[str] of sitemap sources (URLs, paths) → {"entries": FeedEntry, "errors": Error}.

    ``fetch_kwargs`` go to :func:`http_client.fetch` unchanged (``timeout``, ``max_bytes``, ``deadline``,
    ``allow_private``, ...; e.g. ``**FetchOptions(...).kwargs()``); ``max_bytes`` defaults to the sitemap
    protocol's 50 MB. An index's sitemaps are spread over workers (Reshuffle) and read in a second step.
    """

    def __init__(self, *, max_sitemaps: int = MAX_CHILD_SITEMAPS, label: Optional[str] = None, **fetch_kwargs):
        super().__init__(label)
        fetch_kwargs.setdefault("max_bytes", MAX_SITEMAP_BYTES)
        http_client.check_limits(fetch_kwargs.get("timeout", http_client.DEFAULT_TIMEOUT), fetch_kwargs["max_bytes"])
        if max_sitemaps < 1:
            raise ValueError(f"max_sitemaps must be >= 1, got {max_sitemaps}")
        self._fetch_kwargs = dict(fetch_kwargs)
        self._max_sitemaps = max_sitemaps

    def _read(self, follow: bool) -> beam.ParDo:
        fn = _ReadSitemapFn(self._fetch_kwargs, follow, self._max_sitemaps)
        return beam.ParDo(fn).with_outputs(CHILDREN, ERRORS, main=ENTRIES)

    def expand(self, sources: beam.PCollection[str]) -> Dict[str, beam.PCollection]:
        top = (sources
               | "DropBlank" >> beam.Filter(lambda s: bool(s and s.strip()))
               | "Spread" >> beam.Reshuffle()
               | "ReadSitemap" >> self._read(follow=True))
        listed = top[CHILDREN] | "SpreadListed" >> beam.Reshuffle() | "ReadListed" >> self._read(follow=False)
        entries = ((top[ENTRIES], listed[ENTRIES])
                   | "FlattenEntries" >> beam.Flatten().with_output_types(FeedEntry)
                   | "SpreadEntries" >> beam.Reshuffle())
        errors = (top[ERRORS], listed[ERRORS]) | "CollectErrors" >> beam.Flatten().with_output_types(Error)
        return {ENTRIES: entries, ERRORS: errors}
