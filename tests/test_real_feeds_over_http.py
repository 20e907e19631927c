"""Every entry of the real feeds in ../shared/corpus/feeds/real, served over HTTP, ends as an article or an
error row: ReadFeeds -> FetchArticles(fetch="never"), so no article link leaves this machine."""
from __future__ import annotations

import csv

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from conftest import shared_path
from communique.transforms.feeds import parse_feed
from communique.transforms.fetch_articles import FetchArticles
from communique.transforms.read_feeds import ReadFeeds


def test_every_real_feed_entry_is_accounted_for(http_server):
    root = shared_path("corpus", "feeds", "real")
    with open(root / "INDEX.csv", encoding="utf-8") as fh:
        index = list(csv.DictReader(fh))
    urls = []
    for row in index:
        route = "/" + row["path"]
        http_server.routes[route] = (200, {"Content-Type": "application/xml"}, (root / row["path"]).read_bytes())
        urls.append(http_server.url(route))
    # INDEX.csv counts what feedparser reads; feedparser does not read JSON Feed, Communique does
    expected_entries = sum(int(r["entries"]) for r in index if not r["path"].endswith(".json"))
    for row in index:
        if row["path"].endswith(".json"):
            entries, errors = parse_feed((root / row["path"]).read_bytes(), "file:" + row["path"])
            expected_entries += len(entries) + sum(e.error_type == "no_link" for e in errors)

    with TestPipeline(options=PipelineOptions([], runner="FnApiRunner")) as p:
        feeds = p | beam.Create(urls) | ReadFeeds(allow_private=True)
        fetched = feeds["entries"] | FetchArticles(fetch="never", allow_private=True)
        per_entry = (
            (fetched["articles"] | "ArticleOutcome" >> beam.Map(lambda a: "article"),
             fetched["errors"] | "FetchErrorOutcome" >> beam.Map(lambda e: "error:" + e.error_type),
             feeds["errors"] | "FeedErrors" >> beam.Filter(lambda e: e.error_type == "no_link")
             | "NoLinkOutcome" >> beam.Map(lambda e: "error:no_link"))
            | beam.Flatten() | beam.combiners.Count.Globally())
        assert_that(per_entry, equal_to([expected_entries]))
