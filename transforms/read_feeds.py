"""ReadFeeds: feed sources (http(s) URLs or local paths) to FeedEntry records, failures to error rows.

    sources ─ SpreadSources ─ FetchFeeds ─ ParseEntries ─ SpreadEntries ─► entries
                                 └────────────┴──────── CollectErrors ─► errors

Reshuffles spread the feeds, then the entries (the fan-out), over workers; inside a worker the feeds of a
bundle are fetched concurrently (:class:`~communique.transforms.concurrent_dofn.ConcurrentDoFn`), each host
within its politeness limits. Fetching goes through the checked client (``http_client.fetch``) with the
stage's :class:`~communique.transforms.http_client.FetchOptions`; a feed served as a PDF or an image is
``unsupported_content_type``.

With ``state_dir`` the fetch is conditional (ETag / Last-Modified from :mod:`fetch_state`): a feed that
answers 304 emits nothing and is counted in the ``ReadFeeds/feeds_unchanged`` counter. The validators seen
are written as pending state for ``run_id``; the caller commits them when the run has finished.
"""
from __future__ import annotations

from typing import Dict, List, Optional, Tuple

import apache_beam as beam
from apache_beam import pvalue

from communique.schemas import Error, FeedEntry
from communique.transforms import fetch_state, http_client
from communique.transforms.concurrent_dofn import DEFAULT_THREADS, ConcurrentDoFn, Count
from communique.transforms.errors import ERRORS, StageError, error_row, from_exception
from communique.transforms.feeds import STAGE, FeedDocument, load_feed_source, parse_feed
from communique.transforms.politeness import HostLimits, shared_limiter

ENTRIES = "entries"
FEED_TYPES = ("text/*", "*xml", "*json", "application/octet-stream", "binary/octet-stream")
UNCHANGED_COUNTER = "feeds_unchanged"


class _Unchanged(Exception):
    """The feed answered 304 Not Modified."""


class _FetchFeedsFn(ConcurrentDoFn):
    def __init__(self, options: http_client.FetchOptions, limits: HostLimits, state_dir: Optional[str],
                 run_id: Optional[str], threads: int):
        super().__init__(threads)
        self._options = options
        self._limits = limits
        self._state_dir = state_dir
        self._run_id = run_id
        self._state: Dict[str, fetch_state.Validators] = {}

    def setup(self) -> None:
        super().setup()
        self._limiter = shared_limiter(self._limits)
        self._state = fetch_state.load(self._state_dir) if self._state_dir else {}

    def _fetch(self, url: str, accept: str) -> http_client.FetchResult:
        known = self._state.get(url)
        result = http_client.fetch(url, accept=accept, content_types=FEED_TYPES, limiter=self._limiter,
                                   headers=known.headers() if known else None, **self._options.kwargs())
        if result.status == 304:
            raise _Unchanged()
        seen = fetch_state.validators_of(result.headers)
        if self._state_dir and self._run_id and (seen or known):
            fetch_state.write_pending(self._state_dir, self._run_id, url, seen)
        return result

    def work(self, source: str) -> List[object]:
        try:
            return [load_feed_source(source, self._fetch)]
        except _Unchanged:
            return [Count(STAGE, UNCHANGED_COUNTER)]
        except StageError as exc:
            return [pvalue.TaggedOutput(ERRORS, error_row(STAGE, source, exc.error_type, exc.message))]
        except Exception as exc:  # anything else is a bug: keep the pipeline going, record it
            return [pvalue.TaggedOutput(ERRORS, from_exception(STAGE, source, exc))]


class _ParseEntriesFn(beam.DoFn):
    def process(self, doc: FeedDocument):
        try:
            entries, errors = parse_feed(doc.data, doc.feed_url, content_type=doc.content_type,
                                         base_url=doc.base_url)
        except Exception as exc:  # feedparser recovers from bad input by itself; this is a bug
            yield pvalue.TaggedOutput(ERRORS, from_exception(STAGE, doc.feed_url, exc))
            return
        yield from entries
        for error in errors:
            yield pvalue.TaggedOutput(ERRORS, error)


class ReadFeeds(beam.PTransform):
    """PCollection[str] of feed sources → {"entries": PCollection[FeedEntry], "errors": PCollection[Error]}.

    ``timeout`` (connect, read) and ``deadline`` (total seconds per feed), ``max_bytes``, ``allow_private``
    (loopback/private addresses; tests and intranets) and ``contact`` (in the User-Agent) set the client;
    ``host_limits`` the per-host politeness; ``state_dir``/``run_id`` conditional GET (module docstring).
    """

    def __init__(self, *, timeout: Tuple[float, float] = http_client.DEFAULT_TIMEOUT,
                 max_bytes: int = http_client.DEFAULT_MAX_BYTES, deadline: float = http_client.DEFAULT_DEADLINE,
                 allow_private: bool = False, contact: Optional[str] = None,
                 host_limits: HostLimits = HostLimits(), state_dir: Optional[str] = None,
                 run_id: Optional[str] = None, threads: int = DEFAULT_THREADS, label: Optional[str] = None):
        super().__init__(label)
        http_client.check_limits(timeout, max_bytes)
        options = http_client.FetchOptions(timeout=tuple(timeout), deadline=deadline, max_bytes=max_bytes,
                                           allow_private=allow_private, contact=contact)
        self._fn = _FetchFeedsFn(options, host_limits, state_dir, run_id or "run", threads)

    def expand(self, sources: beam.PCollection[str]) -> Dict[str, beam.PCollection]:
        fetched = (
            sources
            | "DropBlankSources" >> beam.Filter(lambda s: bool(s and s.strip()))
            | "SpreadSources" >> beam.Reshuffle()
            | "FetchFeeds" >> beam.ParDo(self._fn).with_outputs(ERRORS, main="documents")
        )
        parsed = fetched.documents | "ParseEntries" >> beam.ParDo(_ParseEntriesFn()).with_output_types(
            FeedEntry).with_outputs(ERRORS, main=ENTRIES)
        entries = parsed[ENTRIES] | "SpreadEntries" >> beam.Reshuffle()
        errors = (fetched[ERRORS], parsed[ERRORS]) | "CollectErrors" >> beam.Flatten().with_output_types(Error)
        return {ENTRIES: entries, ERRORS: errors}
