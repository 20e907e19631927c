"""FetchArticles: FeedEntry records to Article records (page, feed or file text), failures to error rows.

The choice of text source and the metadata rules live in :mod:`communique.transforms.articles`; this module
only wires them into Beam and binds the HTTP limits.
"""
from __future__ import annotations

from typing import Dict, Iterator, Optional, Tuple, Union

import apache_beam as beam
from apache_beam import pvalue

from communique.schemas import Article, FeedEntry
from communique.transforms import http_client
from communique.transforms.articles import DEFAULT_MIN_FEED_WORDS, FETCH_MODES, PAGE_ACCEPT, STAGE, build_article
from communique.transforms.errors import ERRORS, from_exception

ARTICLES = "articles"


class _FetchArticleFn(beam.DoFn):
    def __init__(self, mode: str, timeout: Tuple[float, float], max_bytes: int, min_feed_words: int):
        self._mode = mode
        self._timeout = timeout
        self._max_bytes = max_bytes
        self._min_feed_words = min_feed_words

    def _fetch(self, url: str) -> http_client.FetchResult:
        return http_client.fetch(url, timeout=self._timeout, max_bytes=self._max_bytes, accept=PAGE_ACCEPT)

    def process(self, entry: FeedEntry) -> Iterator[Union[Article, pvalue.TaggedOutput]]:
        try:
            article, errors = build_article(entry, self._fetch, mode=self._mode,
                                            min_feed_words=self._min_feed_words)
        except Exception as exc:  # build_article maps known failures itself: this is a bug, keep going
            yield pvalue.TaggedOutput(ERRORS, from_exception(STAGE, getattr(entry, "url", None), exc))
            return
        for error in errors:
            yield pvalue.TaggedOutput(ERRORS, error)
        if article is not None:
            yield article


class FetchArticles(beam.PTransform):
    """PCollection[FeedEntry] → {"articles": PCollection[Article], "errors": PCollection[Error]}.

    ``fetch``: "auto" fetches an entry's page unless its feed content already has ``min_feed_words`` words;
    "always" fetches every page; "never" uses only the feed's (or the file's) own content.
    """

    def __init__(self, *, fetch: str = "auto", timeout: Tuple[float, float] = http_client.DEFAULT_TIMEOUT,
                 max_bytes: int = http_client.DEFAULT_MAX_BYTES, min_feed_words: int = DEFAULT_MIN_FEED_WORDS,
                 label: Optional[str] = None):
        super().__init__(label)
        if fetch not in FETCH_MODES:
            raise ValueError(f"fetch must be one of {FETCH_MODES}, got {fetch!r}")
        http_client.check_limits(timeout, max_bytes)
        if min_feed_words < 0:
            raise ValueError(f"min_feed_words must be >= 0, got {min_feed_words}")
        self._fn = _FetchArticleFn(fetch, tuple(timeout), max_bytes, min_feed_words)

    def expand(self, entries: beam.PCollection[FeedEntry]) -> Dict[str, beam.PCollection]:
        results = entries | "FetchAndExtract" >> beam.ParDo(self._fn).with_output_types(Article).with_outputs(
            ERRORS, main=ARTICLES)
        return {ARTICLES: results[ARTICLES], ERRORS: results[ERRORS]}
