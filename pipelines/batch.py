"""The batch graph: sources -> ReadFeeds / ReadSitemaps / local files -> FetchArticles -> DeduplicateArticles
-> ExtractStatements -> ResolveActors -> BuildTables -> WriteParquet.

``build_graph`` only wires stages; every stage lives in ``communique.transforms``. Every stage's failures are
flattened into the ``errors`` table. ``run`` commits the feeds' conditional-GET state (``--state``) only once
the pipeline has finished, and returns the run's counters (feeds unchanged since the last run).
"""
from __future__ import annotations

import dataclasses
import logging
import uuid
from typing import Dict, List, Optional, Sequence

import apache_beam as beam
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.options.pipeline_options import PipelineOptions

from communique.schemas import Error, FeedEntry
from communique.transforms import fetch_state, http_client
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
from communique.transforms.write_parquet import WriteParquet


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


def build_graph(p: beam.Pipeline, config: RunConfig, run_id: Optional[str] = None) -> Dict[str, beam.PCollection]:
    """Wire the whole batch job into ``p``; returns the write results per table.

    ``run_id`` names this run's pending feed state (see ``fetch_state``); ``run`` commits it afterwards.
    """
    entry_sets: List[beam.PCollection] = []
    error_sets: List[beam.PCollection] = []
    client = _client_settings(config)

    if config.feeds:
        feeds = (p | "ListFeeds" >> beam.Create(list(config.feeds))
                 | "ReadFeeds" >> ReadFeeds(state_dir=config.state_dir, run_id=run_id, **client))
        entry_sets.append(feeds["entries"])
        error_sets.append(feeds["errors"])
    if config.sitemaps:
        sitemap_fetch = http_client.FetchOptions(
            timeout=client["timeout"], deadline=config.timeout, max_bytes=max(config.max_bytes, MAX_SITEMAP_BYTES),
            allow_private=config.allow_private_network, contact=config.contact).kwargs()
        sitemaps = (p | "ListSitemaps" >> beam.Create(list(config.sitemaps))
                    | "ReadSitemaps" >> ReadSitemaps(**sitemap_fetch))
        entry_sets.append(sitemaps["entries"])
        error_sets.append(sitemaps["errors"])
    if config.articles:
        local = (p | "ListArticlePaths" >> beam.Create(list(config.articles))
                 | "ReadLocalArticles" >> beam.FlatMap(read_local_articles)
                 | "SplitLocalErrors" >> beam.FlatMap(_split_local).with_outputs(ERRORS, main="entries"))
        entry_sets.append(local["entries"])
        error_sets.append(local[ERRORS])

    entries = (tuple(entry_sets) | "FlattenEntries" >> beam.Flatten()
               | "SpreadEntries" >> beam.Reshuffle())
    fetched = entries | "FetchArticles" >> FetchArticles(fetch=config.fetch, robots=config.robots, **client)
    deduped = fetched["articles"] | "DeduplicateArticles" >> DeduplicateArticles()
    extracted = deduped["canonical"] | "ExtractStatements" >> ExtractStatements(
        model=config.model, issues_files=config.issues_files)
    resolved = {k: extracted[k] for k in ("actor_mentions", "statements", "commitments")} \
        | "ResolveActors" >> ResolveActors()
    tables = {"actor_mentions": resolved["actor_mentions"], "issue_mentions": extracted["issue_mentions"]} \
        | "BuildTables" >> BuildTables()

    errors = tuple(error_sets + [fetched["errors"], extracted[ERRORS]]) | "FlattenErrors" >> beam.Flatten()
    return {
        "articles": deduped["articles"],
        "actors": tables["actors"],
        "statements": resolved["statements"],
        "issues": tables["issues"],
        "commitments": resolved["commitments"],
        "errors": errors,
    } | "WriteParquet" >> WriteParquet(config.out_dir)


def _counter(result, namespace: str, name: str) -> int:
    try:
        found = result.metrics().query(MetricsFilter().with_namespace(namespace).with_name(name))["counters"]
    except (AttributeError, NotImplementedError, KeyError):  # a runner without metrics
        return 0
    return sum(c.committed or 0 for c in found)


def run(config: RunConfig, options: PipelineOptions) -> Dict[str, int]:
    """Build and run the batch job to completion; then commit the feed state. Returns the run's counters."""
    run_id = uuid.uuid4().hex
    p = beam.Pipeline(options=options)
    build_graph(p, config, run_id=run_id)
    result = p.run()
    result.wait_until_finish()
    counters = {"feeds_unchanged": _counter(result, READ_FEEDS_STAGE, UNCHANGED_COUNTER)}
    if config.state_dir:
        counters["feeds_state_updated"] = fetch_state.commit(config.state_dir, run_id)
    logging.getLogger(__name__).info("run counters: %s", counters)
    return counters


__all__ = ["FeedEntry", "RunConfig", "build_graph", "run"]
