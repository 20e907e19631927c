"""ResolveActors: surname-only people take the one full name the run knows for them."""
from __future__ import annotations

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from communique.schemas import ActorMention, Commitment, Statement, ids
from communique.transforms.resolve_actors import (ResolveActors, canonical_spellings, person_names, rename_commitment,
                                                  renames_for_surname, surname_key)


@pytest.mark.parametrize("names, expected", [
    (["Biden", "Joe Biden"], {"Biden": "Joe Biden"}),
    (["Biden", "Joe Biden", "Joe R. Biden"], {"Biden": "Joe R. Biden"}),   # middle initials: one person
    (["Clinton", "Bill Clinton", "Hillary Clinton"], {}),                   # two people: no guess
    (["Clinton"], {}),
    (["Joe Biden"], {}),
])
def test_renames_for_surname(names, expected):
    assert renames_for_surname(names) == expected


@pytest.mark.parametrize("names, expected", [
    (["Antony Blinken", "Antony J. Blinken", "Blinken"], {"Antony Blinken": "Antony J. Blinken"}),
    (["Joe Biden", "Joseph R. Biden"], {}),                                   # two keys: nothing to unify
    (["Antony Blinken"], {}),
])
def test_canonical_spellings(names, expected):
    assert canonical_spellings(names) == expected


def test_one_actor_one_name_across_articles():
    mentions = [_mention("Antony Blinken", "a1", True), _mention("Antony J. Blinken", "a2", True)]
    with TestPipeline(options=PipelineOptions([], runner="FnApiRunner")) as p:
        out = {"actor_mentions": p | "M" >> beam.Create(mentions),
               "statements": p | "S" >> beam.Create([_statement("Antony Blinken", "a1")]),
               "commitments": p | "C" >> beam.Create([])} | ResolveActors()
        assert_that(out["statements"] | "Speakers" >> beam.Map(lambda s: (s.speaker_name, s.speaker_actor_id)),
                    equal_to([("Antony J. Blinken", ids.actor_id("Antony Blinken", "PERSON"))]))


@pytest.mark.parametrize("name, key", [("Joe Biden", "biden"), ("BIDEN", "biden"), ("Sergey  Lavrov", "lavrov"),
                                       ("Ivo Lund Jr.", "lund"), ("Ann B. Varga III", "varga"),
                                       ("Pope Leo XIV", "xiv")])     # a pope's numeral is his name's
def test_surname_key(name, key):
    assert surname_key(name) == key


def _mention(name, article, is_statement=False):
    return ActorMention(actor_id=ids.actor_id(name, "PERSON"), name=name, actor_type="PERSON", article_id=article,
                        surface=name, is_statement=is_statement)


def _statement(name, article):
    return Statement(statement_id=f"s-{article}", article_id=article, speaker_actor_id=ids.actor_id(name, "PERSON"),
                     speaker_name=name, content="x", content_start=0, content_end=1, sentence_start=0,
                     sentence_end=1)


def test_rename_commitment_keeps_others():
    c = Commitment(commitment_id="c", article_id="a", committer_actor_ids=[ids.actor_id("Biden", "PERSON"), "x"],
                   committer_names=["Biden", "United States"], action="act", evidence_start=0, evidence_end=1,
                   sentence_start=0, sentence_end=1)
    renamed = rename_commitment(c, {ids.actor_id("Biden", "PERSON"): ("Joe Biden", "new")})
    assert renamed.committer_names == ["Joe Biden", "United States"]
    assert renamed.committer_actor_ids == ["new", "x"]


def test_resolve_actors_across_articles():
    mentions = [_mention("Joe Biden", "a1"), _mention("Biden", "a2", True), _mention("Clinton", "a2"),
                _mention("Bill Clinton", "a3"), _mention("Hillary Clinton", "a3")]
    with TestPipeline(options=PipelineOptions([], runner="FnApiRunner")) as p:
        out = {"actor_mentions": p | "M" >> beam.Create(mentions),
               "statements": p | "S" >> beam.Create([_statement("Biden", "a2")]),
               "commitments": p | "C" >> beam.Create([])} | ResolveActors()
        assert_that(out["actor_mentions"] | "Names" >> beam.Map(lambda m: (m.article_id, m.name, m.actor_id)),
                    equal_to([("a1", "Joe Biden", ids.actor_id("Joe Biden", "PERSON")),
                              ("a2", "Joe Biden", ids.actor_id("Joe Biden", "PERSON")),
                              ("a2", "Clinton", ids.actor_id("Clinton", "PERSON")),
                              ("a3", "Bill Clinton", ids.actor_id("Bill Clinton", "PERSON")),
                              ("a3", "Hillary Clinton", ids.actor_id("Hillary Clinton", "PERSON"))]),
                    label="CheckMentions")
        assert_that(out["statements"] | "Speakers" >> beam.Map(lambda s: (s.speaker_name, s.speaker_actor_id)),
                    equal_to([("Joe Biden", ids.actor_id("Joe Biden", "PERSON"))]), label="CheckStatements")


def test_resolve_actors_rejects_missing_inputs():
    with pytest.raises(ValueError):
        with TestPipeline(options=PipelineOptions([], runner="FnApiRunner")) as p:
            {"statements": p | beam.Create([])} | ResolveActors()


@pytest.mark.parametrize("names, expected", [
    (["Tony Blinken", "Antony Blinken", "Antony J. Blinken", "Blinken"],
     {"Tony Blinken": "Antony J. Blinken", "Antony Blinken": "Antony J. Blinken", "Blinken": "Antony J. Blinken"}),
    (["Biden", "Joe Biden", "Joseph R. Biden"], {"Joe Biden": "Joseph R. Biden", "Biden": "Joseph R. Biden"}),
    (["Clinton", "Bill Clinton", "Hillary Clinton"], {}),
    (["Lavrov", "Sergey Lavrov"], {"Lavrov": "Sergey Lavrov"}),
    (["Pat Lund", "Lund", "Patrick W. Lund", "Patrick Lund Jr."],       # a generational suffix is no other person
     {"Pat Lund": "Patrick Lund Jr.", "Lund": "Patrick Lund Jr.", "Patrick W. Lund": "Patrick Lund Jr."}),
], ids=["nickname-spelling-surname", "joe-joseph", "two-clintons", "surname-only", "junior"])
def test_person_names(names, expected):
    assert person_names(names) == expected


def test_resolve_actors_merges_a_nickname_across_articles():
    blinken = ids.actor_id("Antony J. Blinken", "PERSON")
    mentions = [_mention("Tony Blinken", "a1"), _mention("Antony J. Blinken", "a2"), _mention("Blinken", "a3", True)]
    with TestPipeline(options=PipelineOptions([], runner="FnApiRunner")) as p:
        out = {"actor_mentions": p | "M" >> beam.Create(mentions),
               "statements": p | "S" >> beam.Create([_statement("Blinken", "a3")]),
               "commitments": p | "C" >> beam.Create([])} | ResolveActors()
        assert_that(out["actor_mentions"] | "Names" >> beam.Map(lambda m: (m.article_id, m.name, m.actor_id)),
                    equal_to([("a1", "Antony J. Blinken", blinken), ("a2", "Antony J. Blinken", blinken),
                              ("a3", "Antony J. Blinken", blinken)]), label="CheckMentions")
        assert_that(out["statements"] | "Speakers" >> beam.Map(lambda s: (s.speaker_name, s.speaker_actor_id)),
                    equal_to([("Antony J. Blinken", blinken)]), label="CheckStatements")
