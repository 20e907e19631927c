"""The batch graph: sources -> ReadFeeds / ReadSitemaps / local files -> FetchArticles -> DeduplicateArticles
-> ExtractStatements -> ResolveActors -> WriteTables (staging) -> commit (actors and issues rebuilt).

``build_graph`` only wires stages; every stage lives in ``communique.transforms``. Every stage's failures are
flattened into the ``errors`` table. Runs are incremental: entries whose article is already in ``--out`` (same
article id or same URL dedupe key) are dropped before fetching and counted (``articles_skipped``). The run
writes into a staging folder that ``run`` commits into ``--out`` once the pipeline has finished
(``pipelines/commit.py``); then it commits the feeds' conditional-GET state (``--state``), and returns the
run's counters. With ``RunConfig.progress_dir`` (local runs), pass-through steps (CountFeeds, CountEntries,
CountArticles, CountStatements, CountErrors) write live totals there for the CLI's progress line.
"""
from __future__ import annotations

import dataclasses
import logging
import uuid
from typing import Dict, FrozenSet, List, Optional, Sequence

import apache_beam as beam
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.options.pipeline_options import PipelineOptions

from communique.pipelines import commit
from communique.schemas import Error, FeedEntry
from communique.transforms import fetch_state, http_client, progress
from communique.transforms.articles import normalise_url
from communique.transforms.build_tables import BuildTables
from communique.transforms.dedupe import DeduplicateArticles
from communique.transforms.errors import ERRORS
from communique.transforms.extract_statements import ExtractStatements
from communique.transforms.fetch_articles import FetchArticles
from communique.transforms.local_articles import read_local_articles
from communique.transforms.politeness import DEFAULT_PER_HOST_CONCURRENCY, DEFAULT_PER_HOST_INTERVAL, HostLimits
from communique.transforms.read_feeds import STAGE as READ_FEEDS_STAGE, UNCHANGED_COUNTER, ReadFeeds
from communique.transforms.resolve_actors import ResolveActors
from communique.transforms.sitemaps import MAX_SITEMAP_BYTES, ReadSitemaps
from communique.transforms.parquet_sink import ACTOR_MENTIONS, ISSUE_MENTIONS, WriteTables
from communique.schemas.ids import article_id
from communique.transforms.dedupe import dedupe_key

SKIP_STAGE = "SkipExisting"
SKIPPED_COUNTER = "articles_skipped"


@dataclasses.dataclass(frozen=True)
class RunConfig:
    """What one run reads, how, and where it writes."""
    out_dir: str
    feeds: Sequence[str] = ()
    sitemaps: Sequence[str] = ()
    articles: Sequence[str] = ()           # local files, folders, JSONL and WARC files
    fetch: str = "auto"
    issues_files: Sequence[str] = ()
    model: Optional[str] = None
    max_bytes: int = 5_000_000
    timeout: float = 20.0                  # total seconds per HTTP fetch (connect: at most 5 s of it)
    allow_private_network: bool = False    # loopback and private addresses (link-local/metadata never)
    robots: bool = True                    # obey robots.txt for article pages
    state_dir: Optional[str] = None        # conditional GET state for feeds, kept between runs
    contact: Optional[str] = None          # contact URL or address in the User-Agent
    per_host_concurrency: int = DEFAULT_PER_HOST_CONCURRENCY
    per_host_interval: float = DEFAULT_PER_HOST_INTERVAL
    fetch_threads: int = 32                # concurrent fetches per worker (across hosts)
    progress_dir: Optional[str] = None     # local runs: counting steps write live totals here (progress.py)
    analysis_processes: int = 1            # spaCy processes per worker (the CLI picks one per core locally)
    selective: bool = False                # parse only the sentences that can carry a statement (selective.py)
    cue_model: Optional[str] = None        # learned cues: None (the shipped model), "none", or a model's TSV text


class SkipExisting(beam.DoFn):
    """Drop entries whose article is already in ``--out`` (side input: ids and URL keys); count them."""

    def __init__(self):
        self.skipped = beam.metrics.Metrics.counter(SKIP_STAGE, SKIPPED_COUNTER)

    def process(self, entry, keys):
        if article_id(normalise_url(entry.url)) in keys or dedupe_key(entry.url) in keys:
            self.skipped.inc()
            return
        yield entry


def _split_local(item):
    """Route a local-article record to entries or errors."""
    if isinstance(item, Error):
        yield beam.pvalue.TaggedOutput(ERRORS, item)
    else:
        yield item


def _client_settings(config: RunConfig) -> dict:
    return {"timeout": (min(5.0, config.timeout), config.timeout), "deadline": config.timeout,
            "max_bytes": config.max_bytes, "allow_private": config.allow_private_network,
            "contact": config.contact, "threads": config.fetch_threads,
            "host_limits": HostLimits(config.per_host_concurrency, config.per_host_interval)}


class ProcessEntries(beam.PTransform):
    """The stages every graph shares: FetchArticles -> DeduplicateArticles -> ExtractStatements -> ResolveActors.

    PCollection[FeedEntry] -> {articles, statements, commitments, actor mentions, issue mentions, errors}."""

    def __init__(self, config: RunConfig, client: dict, label: Optional[str] = None):
        super().__init__(label)
        self._config, self._client = config, client

    def expand(self, entries: beam.PCollection) -> Dict[str, beam.PCollection]:
        config, tally = self._config, self._config.progress_dir
        fetched = entries | "FetchArticles" >> FetchArticles(fetch=config.fetch, robots=config.robots,
                                                             **self._client)
        articles = progress.count_progress(fetched["articles"], "CountArticles", tally, progress.ARTICLES)
        deduped = articles | "DeduplicateArticles" >> DeduplicateArticles()
        extracted = deduped["canonical"] | "ExtractStatements" >> ExtractStatements(
            model=config.model, issues_files=config.issues_files, processes=config.analysis_processes,
            selective=config.selective, per_article=True, cue_model=config.cue_model)   # statements etc. as lists: ResolveActors takes them
        extracted = dict(extracted, statements=progress.count_progress(
            extracted["statements"], "CountStatements", tally, progress.STATEMENTS, size=len))
        resolved = {k: extracted[k] for k in ("actor_mentions", "statements", "commitments")} \
            | "ResolveActors" >> ResolveActors()
        return {
            "articles": deduped["articles"],
            "statements": resolved["statements"],
            "commitments": resolved["commitments"],
            "errors": (fetched["errors"], extracted[ERRORS]) | "FlattenStageErrors" >> beam.Flatten(),
            ACTOR_MENTIONS: resolved["actor_mentions"],
            ISSUE_MENTIONS: extracted["issue_mentions"],
        }


def build_graph(p: beam.Pipeline, config: RunConfig, run_id: Optional[str] = None,
                existing: FrozenSet[str] = frozenset(), out_root: Optional[str] = None,
                aggregates: bool = False) -> beam.PCollection:
    """Wire the whole batch job into ``p``; returns the written files.

    ``run_id`` names this run's pending feed state (see ``fetch_state``) and its part files; ``run`` commits
    both afterwards. ``existing`` holds the article ids and URL keys to skip; ``out_root`` is where the files
    go (``run`` passes the staging folder; default ``config.out_dir``). With ``aggregates`` the run's own
    ``actors`` and ``issues`` are written too (remote ``--out``, where nothing is committed afterwards).
    """
    run_id = run_id or uuid.uuid4().hex
    entry_sets: List[beam.PCollection] = []
    error_sets: List[beam.PCollection] = []
    client = _client_settings(config)
    tally = config.progress_dir  # None: no counting steps

    if config.feeds:
        sources = p | "ListFeeds" >> beam.Create(list(config.feeds))
        feeds = (progress.count_progress(sources, "CountFeeds", tally, progress.FEEDS)
                 | "ReadFeeds" >> ReadFeeds(state_dir=config.state_dir, run_id=run_id, **client))
        entry_sets.append(feeds["entries"])
        error_sets.append(feeds["errors"])
    if config.sitemaps:
        sitemap_fetch = http_client.FetchOptions(
            timeout=client["timeout"], deadline=config.timeout, max_bytes=max(config.max_bytes, MAX_SITEMAP_BYTES),
            allow_private=config.allow_private_network, contact=config.contact).kwargs()
        sitemap_list = p | "ListSitemaps" >> beam.Create(list(config.sitemaps))
        sitemaps = (progress.count_progress(sitemap_list, "CountSitemaps", tally, progress.SITEMAPS)
                    | "ReadSitemaps" >> ReadSitemaps(**sitemap_fetch))
        entry_sets.append(sitemaps["entries"])
        error_sets.append(sitemaps["errors"])
    if config.articles:
        local = (p | "ListArticlePaths" >> beam.Create(list(config.articles))
                 | "ReadLocalArticles" >> beam.FlatMap(read_local_articles)
                 | "SplitLocalErrors" >> beam.FlatMap(_split_local).with_outputs(ERRORS, main="entries"))
        entry_sets.append(local["entries"])
        error_sets.append(local[ERRORS])

    entries = tuple(entry_sets) | "FlattenEntries" >> beam.Flatten()
    entries = progress.count_progress(entries, "CountEntries", tally, progress.ENTRIES)
    if existing:
        keys = beam.pvalue.AsSingleton(p | "ExistingArticles" >> beam.Create([existing]))
        entries = entries | SKIP_STAGE >> beam.ParDo(SkipExisting(), keys)
    entries = entries | "SpreadEntries" >> beam.Reshuffle()
    processed = entries | "ProcessEntries" >> ProcessEntries(config, client)
    errors = tuple(error_sets + [processed.pop("errors")]) | "FlattenErrors" >> beam.Flatten()
    errors = progress.count_progress(errors, "CountErrors", tally, progress.ERRORS)
    tables = dict(processed, errors=errors)
    if aggregates:
        tables.update({"actor_mentions": processed[ACTOR_MENTIONS], "issue_mentions": processed[ISSUE_MENTIONS]}
                      | "BuildTables" >> BuildTables())
    return tables | "WriteParquet" >> WriteTables(out_root or config.out_dir, run_id)


def is_remote(path: str) -> bool:
    """A path on a Beam filesystem other than the local one (``gs://``, ``s3://``, ...)."""
    return "://" in path and not path.startswith("file://")


def _counter(result, namespace: str, name: str) -> int:
    try:
        found = result.metrics().query(MetricsFilter().with_namespace(namespace).with_name(name))["counters"]
    except (AttributeError, NotImplementedError, KeyError, RecursionError):  # a runner without metrics
        # (RecursionError: FnApiRunner's metrics of a long PeriodicImpulse run, measured with 8 polls)
        return 0
    return sum(c.committed or 0 for c in found)


def run(config: RunConfig, options: PipelineOptions) -> Dict[str, int]:
    """Build and run the batch job to completion; commit its files, then the feed state. Returns the counters.

    Before the run, staging folders of killed runs are finished or removed (:func:`commit.recover`) and the
    articles already in ``--out`` are read, to be skipped.
    """
    run_id = uuid.uuid4().hex
    p = beam.Pipeline(options=options)
    if is_remote(config.out_dir):  # gs://, s3://: written in place, per-run aggregates, no commit step
        recovered, files = {}, 0
        build_graph(p, config, run_id=run_id, aggregates=True)
    else:
        recovered = commit.recover(config.out_dir)
        existing = commit.existing_keys(config.out_dir)
        build_graph(p, config, run_id=run_id, existing=existing,
                    out_root=commit.staging_dir(config.out_dir, run_id))
    result = p.run()
    result.wait_until_finish()
    if not is_remote(config.out_dir):
        files = commit.commit(config.out_dir, run_id)
    counters = {"feeds_unchanged": _counter(result, READ_FEEDS_STAGE, UNCHANGED_COUNTER),
                "articles_skipped": _counter(result, SKIP_STAGE, SKIPPED_COUNTER),
                "files_committed": files, **recovered}
    if config.state_dir:
        counters["feeds_state_updated"] = fetch_state.commit(config.state_dir, run_id)
    logging.getLogger(__name__).info("run counters: %s", counters)
    return counters


__all__ = ["FeedEntry", "RunConfig", "build_graph", "run"]
