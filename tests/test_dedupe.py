"""De-duplication: one article per URL (tracking parameters, http/https), near-copies flagged, not extracted."""
from __future__ import annotations

import dataclasses
import datetime as dt

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.test_pipeline import TestPipeline as BeamPipeline
from apache_beam.testing.util import assert_that, equal_to

from communique.schemas import SCHEMAS, Article
from communique.schemas.ids import article_id
from communique.transforms.articles import normalise_url
from communique.transforms.dedupe import (
    DeduplicateArticles, band_keys, best_copy, dedupe_key, find_near_duplicates, minhash, similarity,
)

UTC = dt.timezone.utc
T0 = dt.datetime(2024, 5, 1, 8, tzinfo=UTC)
STORY = ("Foreign ministers from both countries met in Moscow on Friday and agreed to resume talks on missile "
         "defence next spring, officials said after a long day of meetings. The two sides also discussed the "
         "future of the treaty on conventional forces in Europe, which one of them has threatened to suspend. "
         "Neither side announced a breakthrough, but both described the meeting as useful and constructive, and "
         "said their experts would meet again within six months to prepare the ground for a summit. ") * 2
OTHER = ("The central bank raised its main interest rate by a quarter of a point on Thursday, citing persistent "
         "inflation in services and a tight labour market, and signalled that further increases were possible. ") * 3


def _article(url, text=STORY, **kw):
    kw.setdefault("text_source", "page")
    return Article(article_id=article_id(normalise_url(url)), url=url, text=text, **kw)


def test_dedupe_key_ignores_tracking_scheme_and_fragment():
    keys = {dedupe_key(u) for u in ("https://News.example.org/a?utm_source=x&b=2&a=1#top",
                                    "http://news.example.org/a?a=1&b=2&fbclid=zz",
                                    "https://news.example.org:443/a?b=2&a=1&utm_medium=rss")}
    assert keys == {"//news.example.org/a?a=1&b=2"}
    assert dedupe_key("https://news.example.org/b") != dedupe_key("https://news.example.org/a")
    assert dedupe_key("file:///tmp/a.txt") == "file:///tmp/a.txt"
    # article ids keep their definition: the scheme is part of the id
    assert article_id(normalise_url("http://x.org/a")) != article_id(normalise_url("https://x.org/a"))


def test_best_copy_prefers_page_https_earliest_and_fills_gaps():
    feed = _article("http://news.example.org/a?utm_source=rss", text_source="feed", title="Feed title",
                    author="Desk", fetched_at=T0)
    page_http = _article("http://news.example.org/a", fetched_at=T0)
    page_https = _article("https://news.example.org/a", fetched_at=T0 + dt.timedelta(hours=1), sitename="News")
    for order in ([feed, page_http, page_https], [page_https, feed, page_http]):
        chosen = best_copy(order)
        assert (chosen.url, chosen.text_source, chosen.title, chosen.author, chosen.sitename) == (
            "https://news.example.org/a", "page", "Feed title", "Desk", "News")
        assert chosen.article_id == page_https.article_id
    early = _article("https://news.example.org/a", fetched_at=T0)
    assert best_copy([page_https, early]).fetched_at == T0


def test_minhash_similarity_and_bands():
    edited = STORY.replace("Friday", "Saturday").replace("useful and constructive", "frank")
    sig, sig2, other = minhash(STORY), minhash(edited), minhash(OTHER)
    assert similarity(sig, sig) == 1.0
    assert similarity(sig, sig2) > 0.6 > similarity(sig, other)
    assert minhash("") is None and minhash("  ...  ") is None
    assert minhash(STORY) == sig  # deterministic
    assert len(band_keys(sig)) == 32 and set(band_keys(sig)) & set(band_keys(sig2))


def test_find_near_duplicates_points_to_earliest_copy():
    original = _article("https://wire.example/story", published_at=T0)
    copy1 = _article("https://paper-a.example/story", text="Syndicated. " + STORY + " Copyright Paper A.",
                     published_at=T0 + dt.timedelta(hours=2))
    copy2 = _article("https://paper-b.example/story", text=STORY.replace("Friday", "Saturday"))  # no date: last
    different = _article("https://paper-a.example/rates", text=OTHER, published_at=T0 - dt.timedelta(days=1))
    assert find_near_duplicates([copy2, different, copy1, original]) == {
        copy1.article_id: original.article_id, copy2.article_id: original.article_id}


def test_article_schema_has_duplicate_of():
    field = SCHEMAS["articles"].field("duplicate_of")
    assert field.nullable and b"near-identical" in field.metadata[b"doc"]


@pytest.fixture(scope="module")
def beam_options():
    return PipelineOptions(["--runner=FnApiRunner"])


def test_deduplicate_articles_transform(beam_options):
    original = _article("https://wire.example/story?utm_source=feed", text_source="feed", published_at=T0,
                        title="Talks resume")
    same_page = _article("http://wire.example/story", published_at=T0)           # same URL: one article
    copy = _article("https://paper.example/story", text="By staff. " + STORY, published_at=T0 + dt.timedelta(hours=3))
    other = _article("https://paper.example/rates", text=OTHER, published_at=T0)
    empty = _article("https://paper.example/empty", text="")
    with BeamPipeline(options=beam_options) as p:
        out = p | beam.Create([copy, original, other, same_page, empty]) | DeduplicateArticles()
        assert_that(out["articles"] | "All" >> beam.Map(lambda a: (a.url, a.text_source, a.title, a.duplicate_of)),
                    equal_to([("http://wire.example/story", "page", "Talks resume", None),
                              ("https://paper.example/story", "page", None, same_page.article_id),
                              ("https://paper.example/rates", "page", None, None),
                              ("https://paper.example/empty", "page", None, None)]), label="articles")
        assert_that(out["canonical"] | "Canon" >> beam.Map(lambda a: a.url),
                    equal_to(["http://wire.example/story", "https://paper.example/rates",
                              "https://paper.example/empty"]), label="canonical")


def test_deduplicate_many_articles_scales_by_key(beam_options):
    """200 distinct stories plus a copy of each: every copy flagged, against the right original."""
    stories = [" ".join(f"w{i}x{j}" for j in range(120)) for i in range(200)]
    originals = [_article(f"https://a.example/{i}", text=t, published_at=T0) for i, t in enumerate(stories)]
    copies = [dataclasses.replace(_article(f"https://b.example/{i}", text=t + " (Reuters)"),
                                  published_at=T0 + dt.timedelta(hours=1)) for i, t in enumerate(stories)]
    expected = {c.article_id: o.article_id for o, c in zip(originals, copies)}
    with BeamPipeline(options=beam_options) as p:
        out = p | beam.Create(originals + copies) | DeduplicateArticles()
        assert_that(out["articles"] | beam.Filter(lambda a: a.duplicate_of is not None)
                    | beam.Map(lambda a: (a.article_id, a.duplicate_of)), equal_to(list(expected.items())))
