"""FetchArticles: FeedEntry records to Article records (page, feed or file text), failures to error rows.

The choice of text source and the metadata rules live in :mod:`communique.transforms.articles`; this module
wires them into Beam and binds the network policy: the checked client with the stage's
:class:`~communique.transforms.http_client.FetchOptions`, per-host politeness, and robots.txt (on unless
``robots=False``). The entries of a bundle are fetched concurrently across hosts
(:class:`~communique.transforms.concurrent_dofn.ConcurrentDoFn`).
"""
from __future__ import annotations

import functools
from typing import Dict, List, Optional, Tuple

import apache_beam as beam
from apache_beam import pvalue

from communique.schemas import Article, FeedEntry
from communique.transforms import http_client
from communique.transforms.articles import (DEFAULT_MIN_FEED_WORDS, FETCH_MODES, PAGE_ACCEPT, PAGE_TYPES, STAGE,
                                            build_article)
from communique.transforms.concurrent_dofn import DEFAULT_THREADS, ConcurrentDoFn
from communique.transforms.errors import ERRORS, from_exception
from communique.transforms.politeness import HostLimits, shared_limiter
from communique.transforms.robots import ROBOTS_MAX_BYTES, RobotsRules, shared_rules

ARTICLES = "articles"


class _FetchArticlesFn(ConcurrentDoFn):
    def __init__(self, mode: str, options: http_client.FetchOptions, min_feed_words: int, robots: bool,
                 limits: HostLimits, threads: int):
        super().__init__(threads)
        self._mode = mode
        self._options = options
        self._min_feed_words = min_feed_words
        self._use_robots = robots
        self._limits = limits
        self._robots: Optional[RobotsRules] = None

    def setup(self) -> None:
        super().setup()
        self._limiter = shared_limiter(self._limits)
        if self._use_robots:
            kwargs = dict(self._options.kwargs(), max_bytes=min(ROBOTS_MAX_BYTES, self._options.max_bytes))
            fetcher = functools.partial(http_client.fetch, accept="text/plain", limiter=self._limiter, **kwargs)
            self._robots = shared_rules((self._options, self._limits),
                                        lambda: RobotsRules(fetcher, limiter=self._limiter))

    def _fetch(self, url: str) -> http_client.FetchResult:
        http_client.check_scheme(url)
        if self._robots is not None:
            self._robots.check(url)
        return http_client.fetch(url, accept=PAGE_ACCEPT, content_types=PAGE_TYPES, limiter=self._limiter,
                                 **self._options.kwargs())

    def work(self, entry: FeedEntry) -> List[object]:
        try:
            article, errors = build_article(entry, self._fetch, mode=self._mode,
                                            min_feed_words=self._min_feed_words)
        except Exception as exc:  # build_article maps known failures itself: this is a bug, keep going
            return [pvalue.TaggedOutput(ERRORS, from_exception(STAGE, getattr(entry, "url", None), exc))]
        outputs: List[object] = [pvalue.TaggedOutput(ERRORS, error) for error in errors]
        if article is not None:
            outputs.append(article)
        return outputs


class FetchArticles(beam.PTransform):
    """PCollection[FeedEntry] → {"articles": PCollection[Article], "errors": PCollection[Error]}.

    ``fetch``: "auto" fetches an entry's page unless its feed content already has ``min_feed_words`` words;
    "always" fetches every page; "never" uses only the feed's (or the file's) own content. ``timeout``
    (connect, read), ``deadline`` (total seconds per page), ``max_bytes``, ``allow_private`` and ``contact``
    set the client; ``robots`` checks robots.txt; ``host_limits`` and ``threads`` the politeness and the
    parallelism of one worker.
    """

    def __init__(self, *, fetch: str = "auto", timeout: Tuple[float, float] = http_client.DEFAULT_TIMEOUT,
                 max_bytes: int = http_client.DEFAULT_MAX_BYTES, min_feed_words: int = DEFAULT_MIN_FEED_WORDS,
                 deadline: float = http_client.DEFAULT_DEADLINE, allow_private: bool = False,
                 contact: Optional[str] = None, robots: bool = True, host_limits: HostLimits = HostLimits(),
                 threads: int = DEFAULT_THREADS, label: Optional[str] = None):
        super().__init__(label)
        if fetch not in FETCH_MODES:
            raise ValueError(f"fetch must be one of {FETCH_MODES}, got {fetch!r}")
        http_client.check_limits(timeout, max_bytes)
        if min_feed_words < 0:
            raise ValueError(f"min_feed_words must be >= 0, got {min_feed_words}")
        options = http_client.FetchOptions(timeout=tuple(timeout), deadline=deadline, max_bytes=max_bytes,
                                           allow_private=allow_private, contact=contact)
        self._fn = _FetchArticlesFn(fetch, options, min_feed_words, robots, host_limits, threads)

    def expand(self, entries: beam.PCollection[FeedEntry]) -> Dict[str, beam.PCollection]:
        results = entries | "FetchAndExtract" >> beam.ParDo(self._fn).with_output_types(Article).with_outputs(
            ERRORS, main=ARTICLES)
        return {ARTICLES: results[ARTICLES], ERRORS: results[ERRORS]}
