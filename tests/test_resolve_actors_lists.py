"""ResolveActors takes one article's records as one list (ExtractStatements' per_article output) as well as single
records, and gives one record per element either way."""
from __future__ import annotations

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from communique.schemas import ActorMention, Statement, ids
from communique.transforms.extract_statements import Records
from communique.transforms.resolve_actors import ResolveActors, each_record


def mention(name, article):
    return ActorMention(actor_id=ids.actor_id(name, "PERSON"), name=name, actor_type="PERSON", article_id=article,
                        surface=name)


def statement(name, article):
    return Statement(statement_id=f"s-{article}", article_id=article, speaker_actor_id=ids.actor_id(name, "PERSON"),
                     speaker_name=name, content="c", content_start=0, content_end=1, quote_type="direct",
                     event_type="SAY", issue_ids=[], sentence_start=0, sentence_end=1, addressee_names=[])


@pytest.mark.parametrize("element, records", [("r", ["r"]), (Records(["a", "b"]), ["a", "b"]), ([], []),
                                              (["a"], ["a"])])
def test_each_record(element, records):
    assert each_record(element) == records


@pytest.mark.parametrize("as_lists", [False, True], ids=["records", "lists"])
def test_lists_and_records_resolve_alike(as_lists):
    mentions = {"a1": [mention("Joe Biden", "a1"), mention("Lavrov", "a1")], "a2": [mention("Biden", "a2")]}
    statements = {"a2": [statement("Biden", "a2")]}

    def elements(by_article):
        if as_lists:
            return [Records(v) for v in by_article.values()]
        return [r for v in by_article.values() for r in v]
    with TestPipeline(options=PipelineOptions([], runner="FnApiRunner")) as p:
        out = {"actor_mentions": p | "M" >> beam.Create(elements(mentions)),
               "statements": p | "S" >> beam.Create(elements(statements)),
               "commitments": p | "C" >> beam.Create([])} | ResolveActors()
        assert_that(out["actor_mentions"] | "Names" >> beam.Map(lambda m: (m.article_id, m.name)),
                    equal_to([("a1", "Joe Biden"), ("a1", "Lavrov"), ("a2", "Joe Biden")]), label="Mentions")
        assert_that(out["statements"] | "Speakers" >> beam.Map(lambda s: s.speaker_name),
                    equal_to(["Joe Biden"]), label="Statements")
