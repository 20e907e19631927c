"""The ``watch`` graph: poll feeds on a schedule, process each new entry once, write windowed Parquet.

::

    PeriodicImpulse (every --interval s, --max-polls times) -> the feed list -> FixedWindows(interval)
    -> ReadFeeds -> GlobalWindows -> DeduplicatePerKey(normalised URL, state expires after --dedupe-horizon)
    -> SkipExisting (articles already in --out) -> FixedWindows(--window, hourly by default)
    -> FetchArticles -> DeduplicateArticles -> ExtractStatements -> ResolveActors -> WriteTables

Files go straight into ``--out``, in the batch layout, named ``part-<run_id>-<window start>-<shard>.parquet``;
``fileio.WriteToFiles`` writes each into a hidden ``.temp...`` folder first and renames it into place when its
window closes, so readers never see a partial file. When the watch ends, ``actors`` and ``issues`` are rebuilt
from all mentions and committed as a batch run's are (``pipelines/commit.py``).

Runs on FnApiRunner (PeriodicImpulse with a stop time works there; BundleBasedDirectRunner fails, see
BEAM_NOTES). The watermark of PeriodicImpulse advances with wall time, so a window's files appear once the
window has ended and the next poll has fired; the last windows are written when the impulse stops.
"""
from __future__ import annotations

import dataclasses
import logging
import time
import uuid
from typing import Dict, Optional

import apache_beam as beam
import pyarrow.parquet as pq
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions
from apache_beam.transforms import window
from apache_beam.transforms.deduplicate import DeduplicatePerKey
from apache_beam.transforms.periodicsequence import PeriodicImpulse
from apache_beam.utils.timestamp import Duration, Timestamp

from communique.pipelines import commit
from communique.pipelines.batch import (
    SKIP_STAGE, SKIPPED_COUNTER, ProcessEntries, RunConfig, SkipExisting, _client_settings, _counter,
)
from communique.transforms.dedupe import dedupe_key
from communique.transforms.parquet_sink import WriteTables
from communique.transforms.read_feeds import ReadFeeds
from communique.transforms.write_parquet import table_files

DEFAULT_INTERVAL = 300.0
DEFAULT_WINDOW = 3600.0
DEFAULT_HORIZON = 7 * 24 * 3600.0
NEW_STAGE, NEW_COUNTER = "WatchFeeds", "new_entries"


@dataclasses.dataclass(frozen=True)
class WatchConfig:
    """How often to poll, for how long, and how entries are de-duplicated and windowed."""
    interval: float = DEFAULT_INTERVAL       # seconds between polls
    max_polls: int = 0                       # 0: poll until stopped
    window: float = DEFAULT_WINDOW           # output window, seconds (hourly files by default)
    dedupe_horizon: float = DEFAULT_HORIZON  # seconds a seen URL is remembered


class CountNew(beam.DoFn):
    """Count the entries that passed de-duplication (metric ``WatchFeeds/new_entries``); drop the key."""

    def __init__(self):
        self.new = beam.metrics.Metrics.counter(NEW_STAGE, NEW_COUNTER)

    def process(self, keyed):
        self.new.inc()
        yield keyed[1]


class OncePerArticle(beam.PTransform):
    """Each article once, however often, late or out of order its entry arrives: stateful de-duplication keyed
    by the scheme-free normalised URL, with state that expires ``horizon`` seconds (event time) after a URL was
    first seen."""

    def __init__(self, horizon: float, label: Optional[str] = None):
        super().__init__(label)
        if horizon <= 0:
            raise ValueError(f"the de-duplication horizon must be positive, got {horizon}")
        self._horizon = horizon

    def expand(self, entries: beam.PCollection) -> beam.PCollection:
        return (entries
                | "GlobalForDedupe" >> beam.WindowInto(window.GlobalWindows())
                | "KeyByUrl" >> beam.Map(lambda e: (dedupe_key(e.url), e))
                | "OncePerUrl" >> DeduplicatePerKey(event_time_duration=Duration(self._horizon))
                | "CountNew" >> beam.ParDo(CountNew()))


def build_watch_graph(p: beam.Pipeline, config: RunConfig, watch: WatchConfig, run_id: str,
                      existing=frozenset()) -> beam.PCollection:
    """Wire the watch job into ``p``; returns the written files."""
    client = _client_settings(config)
    start = Timestamp.now()
    stop = start + Duration(watch.interval * watch.max_polls) if watch.max_polls else None
    impulse = PeriodicImpulse(start_timestamp=start, fire_interval=watch.interval, apply_windowing=False,
                              **({"stop_timestamp": stop} if stop is not None else {}))
    feeds = list(config.feeds)
    read = (p | "Poll" >> impulse
            | "ListFeeds" >> beam.FlatMap(lambda _tick, sources: sources, feeds)
            | "WindowPolls" >> beam.WindowInto(window.FixedWindows(watch.interval))
            | "ReadFeeds" >> ReadFeeds(state_dir=None, run_id=run_id, **client))
    entries = read["entries"] | "OncePerArticle" >> OncePerArticle(watch.dedupe_horizon)
    if existing:
        keys = beam.pvalue.AsSingleton(p | "ExistingArticles" >> beam.Create([existing]))
        entries = entries | SKIP_STAGE >> beam.ParDo(SkipExisting(), keys)
    entries = entries | "WindowOutput" >> beam.WindowInto(window.FixedWindows(watch.window))
    processed = entries | "ProcessEntries" >> ProcessEntries(config, client)
    feed_errors = read["errors"] | "WindowFeedErrors" >> beam.WindowInto(window.FixedWindows(watch.window))
    errors = (feed_errors, processed.pop("errors")) | "FlattenErrors" >> beam.Flatten()
    return {
        **processed,
        "errors": errors,
    } | "WriteParquet" >> WriteTables(config.out_dir, run_id)


def article_rows(out_dir: str) -> int:
    """Rows of the articles table, from the Parquet footers."""
    return sum(pq.read_metadata(f).num_rows for f in table_files(out_dir, "articles"))


def run_watch(config: RunConfig, watch: WatchConfig, options: PipelineOptions) -> Dict[str, int]:
    """Run the watch job until its polls are done (or it is stopped); then rebuild the aggregates."""
    run_id = uuid.uuid4().hex
    recovered = commit.recover(config.out_dir)
    existing = commit.existing_keys(config.out_dir)
    before = article_rows(config.out_dir)
    options.view_as(StandardOptions).streaming = True
    p = beam.Pipeline(options=options)
    build_watch_graph(p, config, watch, run_id, existing)
    started = time.monotonic()
    result = p.run()
    result.wait_until_finish()
    files = commit.commit(config.out_dir, run_id)
    commit.recover(config.out_dir)  # fileio leaves its (empty) .temp folder behind
    # FnApiRunner's metrics query can fail after a long PeriodicImpulse run (RecursionError, measured): count
    # the new articles from the output instead.
    counters = {"new_entries": article_rows(config.out_dir) - before,
                "articles_skipped": _counter(result, SKIP_STAGE, SKIPPED_COUNTER),
                "files_committed": files, "seconds": round(time.monotonic() - started, 1), **recovered}
    logging.getLogger(__name__).info("watch counters: %s", counters)
    return counters
