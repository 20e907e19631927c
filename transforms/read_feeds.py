"""ReadFeeds: feed sources (http(s) URLs or local paths) to FeedEntry records, failures to error rows.

    sources ─ SpreadSources ─ FetchFeed ─ ParseEntries ─ SpreadEntries ─► entries
                                 └────────────┴──────── CollectErrors ─► errors

Reshuffles spread the feeds, then the entries (the fan-out), over workers so fetching runs in parallel.
"""
from __future__ import annotations

from typing import Dict, Iterator, Optional, Tuple, Union

import apache_beam as beam
from apache_beam import pvalue

from communique.schemas import Error, FeedEntry
from communique.transforms import http_client
from communique.transforms.errors import ERRORS, StageError, error_row, from_exception
from communique.transforms.feeds import STAGE, FeedDocument, load_feed_source, parse_feed

ENTRIES = "entries"


class _FetchFeedFn(beam.DoFn):
    def __init__(self, timeout: Tuple[float, float], max_bytes: int):
        self._timeout = timeout
        self._max_bytes = max_bytes

    def _fetch(self, url: str, accept: str) -> http_client.FetchResult:
        return http_client.fetch(url, timeout=self._timeout, max_bytes=self._max_bytes, accept=accept)

    def process(self, source: str) -> Iterator[Union[FeedDocument, pvalue.TaggedOutput]]:
        try:
            yield load_feed_source(source, self._fetch)
        except StageError as exc:
            yield pvalue.TaggedOutput(ERRORS, error_row(STAGE, source, exc.error_type, exc.message))
        except Exception as exc:  # anything else is a bug: keep the pipeline going, record it
            yield pvalue.TaggedOutput(ERRORS, from_exception(STAGE, source, exc))


class _ParseEntriesFn(beam.DoFn):
    def process(self, doc: FeedDocument) -> Iterator[Union[FeedEntry, pvalue.TaggedOutput]]:
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
    """PCollection[str] of feed sources → {"entries": PCollection[FeedEntry], "errors": PCollection[Error]}."""

    def __init__(self, *, timeout: Tuple[float, float] = http_client.DEFAULT_TIMEOUT,
                 max_bytes: int = http_client.DEFAULT_MAX_BYTES, label: Optional[str] = None):
        super().__init__(label)
        http_client.check_limits(timeout, max_bytes)
        self._timeout = tuple(timeout)
        self._max_bytes = max_bytes

    def expand(self, sources: beam.PCollection[str]) -> Dict[str, beam.PCollection]:
        fetched = (
            sources
            | "DropBlankSources" >> beam.Filter(lambda s: bool(s and s.strip()))
            | "SpreadSources" >> beam.Reshuffle()
            | "FetchFeed" >> beam.ParDo(_FetchFeedFn(self._timeout, self._max_bytes)).with_outputs(
                ERRORS, main="documents")
        )
        parsed = fetched.documents | "ParseEntries" >> beam.ParDo(_ParseEntriesFn()).with_output_types(
            FeedEntry).with_outputs(ERRORS, main=ENTRIES)
        entries = parsed[ENTRIES] | "SpreadEntries" >> beam.Reshuffle()
        errors = (fetched[ERRORS], parsed[ERRORS]) | "CollectErrors" >> beam.Flatten().with_output_types(Error)
        return {ENTRIES: entries, ERRORS: errors}
