"""OncePerArticle under TestStream: repeated, out-of-order and late entries give each article once."""
from __future__ import annotations

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.test_stream import TestStream
from apache_beam.testing.util import assert_that, equal_to
from apache_beam.transforms.window import TimestampedValue

from communique.pipelines.streaming import OncePerArticle
from communique.schemas import FeedEntry


def _entry(url: str) -> FeedEntry:
    return FeedEntry(url=url, feed_url="https://example.org/feed.xml", title=url.rsplit("/", 1)[-1])


def test_repeated_out_of_order_and_late_entries_pass_once():
    stream = (TestStream()
              .advance_watermark_to(0)
              .add_elements([TimestampedValue(_entry("https://example.org/a"), 10),
                             TimestampedValue(_entry("https://example.org/b"), 30),
                             TimestampedValue(_entry("https://example.org/a?utm_source=rss"), 20)])  # repeat
              .advance_watermark_to(60)
              .add_elements([TimestampedValue(_entry("http://example.org/b"), 5),     # late, and http
                             TimestampedValue(_entry("https://example.org/c"), 50),
                             TimestampedValue(_entry("https://example.org/c#comments"), 40)])  # out of order
              .advance_watermark_to(120)
              .add_elements([TimestampedValue(_entry("https://example.org/d"), 100)])
              .advance_watermark_to_infinity())
    options = PipelineOptions([], runner="BundleBasedDirectRunner")
    options.view_as(StandardOptions).streaming = True
    with TestPipeline(options=options) as p:
        urls = (p | stream | OncePerArticle(horizon=3600)
                | beam.Map(lambda e: e.url.split("://", 1)[1].split("?")[0].split("#")[0]))
        assert_that(urls, equal_to(["example.org/a", "example.org/b", "example.org/c", "example.org/d"]))


def test_horizon_must_be_positive():
    with pytest.raises(ValueError):
        OncePerArticle(horizon=0)
