"""The batch graph: sources -> ReadFeeds -> FetchArticles -> ExtractStatements -> BuildTables -> WriteParquet.

``build_graph`` only wires stages; every stage lives in ``communique.transforms``. Every stage's failures are
flattened into the ``errors`` table.
"""
from __future__ import annotations

import dataclasses
from typing import Dict, List, Optional, Sequence

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions

from communique.schemas import Error, FeedEntry
from communique.transforms.build_tables import BuildTables
from communique.transforms.errors import ERRORS
from communique.transforms.extract_statements import ExtractStatements
from communique.transforms.fetch_articles import FetchArticles
from communique.transforms.local_articles import read_local_articles
from communique.transforms.read_feeds import ReadFeeds
from communique.transforms.write_parquet import WriteParquet


@dataclasses.dataclass(frozen=True)
class RunConfig:
    """What one run reads, how, and where it writes."""
    out_dir: str
    feeds: Sequence[str] = ()
    articles: Sequence[str] = ()
    fetch: str = "auto"
    issues_files: Sequence[str] = ()
    model: Optional[str] = None
    max_bytes: int = 5_000_000
    timeout: float = 20.0


def _split_local(item):
    """Route a local-article record to entries or errors."""
    if isinstance(item, Error):
        yield beam.pvalue.TaggedOutput(ERRORS, item)
    else:
        yield item


def build_graph(p: beam.Pipeline, config: RunConfig) -> Dict[str, beam.PCollection]:
    """Wire the whole batch job into ``p``; returns the write results per table."""
    entry_sets: List[beam.PCollection] = []
    error_sets: List[beam.PCollection] = []
    timeout = (min(5.0, config.timeout), config.timeout)

    if config.feeds:
        feeds = (p | "ListFeeds" >> beam.Create(list(config.feeds))
                 | "ReadFeeds" >> ReadFeeds(timeout=timeout, max_bytes=config.max_bytes))
        entry_sets.append(feeds["entries"])
        error_sets.append(feeds["errors"])
    if config.articles:
        local = (p | "ListArticlePaths" >> beam.Create(list(config.articles))
                 | "ReadLocalArticles" >> beam.FlatMap(read_local_articles)
                 | "SplitLocalErrors" >> beam.FlatMap(_split_local).with_outputs(ERRORS, main="entries"))
        entry_sets.append(local["entries"])
        error_sets.append(local[ERRORS])

    entries = (tuple(entry_sets) | "FlattenEntries" >> beam.Flatten()
               | "SpreadEntries" >> beam.Reshuffle())
    fetched = entries | "FetchArticles" >> FetchArticles(fetch=config.fetch, timeout=timeout,
                                                         max_bytes=config.max_bytes)
    extracted = fetched["articles"] | "ExtractStatements" >> ExtractStatements(
        model=config.model, issues_files=config.issues_files)
    tables = {"actor_mentions": extracted["actor_mentions"], "issue_mentions": extracted["issue_mentions"]} \
        | "BuildTables" >> BuildTables()

    errors = tuple(error_sets + [fetched["errors"], extracted[ERRORS]]) | "FlattenErrors" >> beam.Flatten()
    return {
        "articles": fetched["articles"],
        "actors": tables["actors"],
        "statements": extracted["statements"],
        "issues": tables["issues"],
        "commitments": extracted["commitments"],
        "errors": errors,
    } | "WriteParquet" >> WriteParquet(config.out_dir)


def run(config: RunConfig, options: PipelineOptions) -> None:
    """Build and run the batch job to completion."""
    with beam.Pipeline(options=options) as p:
        build_graph(p, config)


__all__ = ["FeedEntry", "RunConfig", "build_graph", "run"]
