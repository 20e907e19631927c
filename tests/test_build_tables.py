"""BuildTables: the accumulator logic without a pipeline, then the Beam stage on real values."""
from __future__ import annotations

import datetime as dt
import pickle

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline
from apache_beam.testing.util import assert_that, equal_to

from communique.schemas import Actor, ActorMention, Issue, IssueMention
from communique.transforms.build_tables import (
    ActorAccumulator, BuildTables, CombineActorMentions, CombineIssueMentions, IssueAccumulator, as_utc,
    earliest, latest, most_frequent, summarise_actor, summarise_issue,
)

UTC = dt.timezone.utc
T1 = dt.datetime(2007, 10, 12, 9, 0, tzinfo=UTC)
T2 = dt.datetime(2007, 10, 13, 9, 0, tzinfo=UTC)
T3 = dt.datetime(2007, 10, 14, 9, 0, tzinfo=UTC)


def lavrov(surface="Sergey Lavrov", article="a1", name="Sergey Lavrov", **kw):
    base = dict(actor_id="lav", name=name, actor_type="PERSON", article_id=article, surface=surface)
    base.update(kw)
    return ActorMention(**base)


def issue(label="missile defense", article="a1", **kw):
    return IssueMention(issue_id="md", label=label, article_id=article, **kw)


def pipeline():
    return BeamTestPipeline(options=PipelineOptions([], runner="FnApiRunner"))


# ---------------------------------------------------------------------------------------------- pure helpers

@pytest.mark.parametrize("counts, expected", [
    ({}, None),
    ({"a": 1}, "a"),
    ({"Lavrov": 3, "Sergey Lavrov": 2}, "Lavrov"),              # frequency first
    ({"Lavrov": 2, "Sergey Lavrov": 2}, "Sergey Lavrov"),       # tie -> longest
    ({"Bush": 2, "Bash": 2, "Bosh": 2}, "Bash"),                # tie, same length -> alphabetical
    ({"b": 1, "A": 1}, "A"),                                    # alphabetical is by code point
])
def test_most_frequent(counts, expected):
    assert most_frequent(counts) == expected


def test_most_frequent_ignores_insertion_order():
    assert most_frequent({"Lavrov": 2, "Sergey Lavrov": 2}) == most_frequent({"Sergey Lavrov": 2, "Lavrov": 2})


@pytest.mark.parametrize("a, b, first, last", [
    (None, None, None, None),
    (T1, None, T1, T1),
    (None, T2, T2, T2),
    (T2, T1, T1, T2),
])
def test_earliest_latest_are_none_safe(a, b, first, last):
    assert earliest(a, b) == first
    assert latest(a, b) == last


def test_as_utc_treats_naive_as_utc_and_converts_aware():
    assert as_utc(dt.datetime(2007, 10, 12, 9)) == T1
    assert as_utc(dt.datetime(2007, 10, 12, 13, tzinfo=dt.timezone(dt.timedelta(hours=4)))).tzinfo == UTC
    assert as_utc(dt.datetime(2007, 10, 12, 13, tzinfo=dt.timezone(dt.timedelta(hours=4)))) == T1
    assert as_utc(None) is None


# ---------------------------------------------------------------------------------------------- actors

def test_actor_summary_full():
    mentions = [
        lavrov("Sergey Lavrov", "a1", country="RUS", title="Foreign Minister", is_statement=True, published_at=T2),
        lavrov("Lavrov", "a1", title="Foreign Affairs Minister", published_at=T2),
        lavrov("he", "a1", is_statement=True, published_at=T2),
        lavrov("Mr. Lavrov", "a2", country="RUS", published_at=T1),
        lavrov("lavrov", "a3", name="Lavrov", country="USA", published_at=None),
        lavrov("Lavrov", "a3", name="Lavrov", published_at=dt.datetime(2007, 10, 14, 9)),  # naive = UTC
    ]
    assert summarise_actor(mentions) == Actor(
        actor_id="lav", name="Sergey Lavrov", actor_type="PERSON", country="RUS",
        titles=["Foreign Affairs Minister", "Foreign Minister"],
        aliases=["Lavrov", "Mr. Lavrov", "lavrov"],
        n_mentions=6, n_statements=2, first_seen=T1, last_seen=T3,
    )


@pytest.mark.parametrize("surfaces, aliases", [
    (["Lavrov", "he", "He", "him", "They", " it "], ["Lavrov"]),       # pronouns, any case, are not aliases
    (["Sergey Lavrov"], []),                                          # the name itself is not an alias
    (["sergey lavrov", "LAVROV", "Lavrov"], ["LAVROV", "Lavrov", "sergey lavrov"]),  # case-sensitive
    (["", "  "], []),
])
def test_actor_aliases(surfaces, aliases):
    assert summarise_actor([lavrov(s) for s in surfaces]).aliases == aliases


@pytest.mark.parametrize("types, countries, actor_type, country", [
    (["PERSON", "ORG", "PERSON"], [None, None, None], "PERSON", None),
    (["ORG", "GROUP"], ["RUS", None], "GROUP", "RUS"),   # tie: longer wins
    (["ORG"] * 4, [None, "USA", "RUS", "USA"], "ORG", "USA"),   # most frequent non-null
])
def test_actor_type_and_country(types, countries, actor_type, country):
    actor = summarise_actor([lavrov(actor_type=t, country=c) for t, c in zip(types, countries)])
    assert (actor.actor_type, actor.country) == (actor_type, country)


def test_statements_are_also_mentions():
    actor = summarise_actor([lavrov(is_statement=True), lavrov(is_statement=True), lavrov()])
    assert (actor.n_mentions, actor.n_statements) == (3, 2)


def test_actor_without_dates_has_none_seen():
    actor = summarise_actor([lavrov(), lavrov()])
    assert actor.first_seen is None and actor.last_seen is None


def test_actor_merge_equals_single_pass_in_any_split():
    mentions = [
        lavrov("Lavrov", "a1", name="Lavrov", title="Minister", published_at=T3),
        lavrov("Sergey Lavrov", "a2", country="RUS", is_statement=True, published_at=T1),
        lavrov("he", "a2", is_statement=True, published_at=T1),
        lavrov("Sergey Lavrov", "a3", published_at=T2),
    ]
    whole = summarise_actor(mentions)
    fn = CombineActorMentions()
    for cut in range(len(mentions) + 1):
        parts = []
        for chunk in (mentions[:cut], mentions[cut:]):
            acc = fn.create_accumulator()
            for m in chunk:
                acc = fn.add_input(acc, m)
            parts.append(pickle.loads(pickle.dumps(acc)))   # accumulators cross process boundaries
        assert fn.extract_output(fn.merge_accumulators(parts)) == whole


def test_actor_merge_with_empty_accumulator_keeps_id():
    acc = ActorAccumulator().add(lavrov())
    merged = ActorAccumulator().merge(acc)
    assert merged.to_actor().actor_id == "lav"


# ---------------------------------------------------------------------------------------------- issues

def test_issue_summary():
    mentions = [
        issue("missile defense", "a1", context="military", published_at=T2),
        issue("missile defense", "a1", context="military", published_at=T3),
        issue("Missile Defense", "a2", context=None, published_at=T1),
        issue("missile defence", "a3", context="diplomatic", published_at=None),
    ]
    assert summarise_issue(mentions) == Issue(
        issue_id="md", label="missile defense", context="military", n_mentions=4, n_articles=3,
        first_seen=T1, last_seen=T3,
    )


def test_issue_merge_equals_single_pass():
    mentions = [issue(article=f"a{i % 3}", context=("military" if i % 2 else None),
                      published_at=T1 + dt.timedelta(days=i)) for i in range(7)]
    fn = CombineIssueMentions()
    left, right = IssueAccumulator(), IssueAccumulator()
    for i, m in enumerate(mentions):
        (left if i % 2 else right).add(m)
    assert fn.extract_output(fn.merge_accumulators([left, right])) == summarise_issue(mentions)
    assert summarise_issue(mentions).n_articles == 3


# ---------------------------------------------------------------------------------------------- pipeline

def test_build_tables_in_pipeline():
    actor_mentions = [
        lavrov("Sergey Lavrov", "a1", country="RUS", is_statement=True, published_at=T1),
        lavrov("Lavrov", "a2", published_at=T2),
        lavrov("he", "a2", is_statement=True, published_at=T2),
        ActorMention(actor_id="us", name="United States", actor_type="COUNTRY", article_id="a1",
                     surface="U.S.", country="USA", published_at=T1),
        ActorMention(actor_id="us", name="United States", actor_type="COUNTRY", article_id="a1",
                     surface="Washington", country="USA", is_statement=True, published_at=T1),
    ]
    issue_mentions = [
        issue("missile defense", "a1", context="military", published_at=T1),
        issue("missile defense", "a2", context="military", published_at=T2),
        IssueMention(issue_id="ns", label="nuclear security", article_id="a1", published_at=None),
    ]
    with pipeline() as p:
        out = {
            "actor_mentions": p | "ActorMentions" >> beam.Create(actor_mentions),
            "issue_mentions": p | "IssueMentions" >> beam.Create(issue_mentions),
        } | BuildTables()
        assert sorted(out) == ["actors", "issues"]
        assert_that(out["actors"], equal_to([
            Actor(actor_id="lav", name="Sergey Lavrov", actor_type="PERSON", country="RUS", titles=[],
                  aliases=["Lavrov"], n_mentions=3, n_statements=2, first_seen=T1, last_seen=T2),
            Actor(actor_id="us", name="United States", actor_type="COUNTRY", country="USA", titles=[],
                  aliases=["U.S.", "Washington"], n_mentions=2, n_statements=1, first_seen=T1, last_seen=T1),
        ]), label="CheckActors")
        assert_that(out["issues"], equal_to([
            Issue(issue_id="md", label="missile defense", context="military", n_mentions=2, n_articles=2,
                  first_seen=T1, last_seen=T2),
            Issue(issue_id="ns", label="nuclear security", context=None, n_mentions=1, n_articles=1),
        ]), label="CheckIssues")


def test_build_tables_empty_inputs_give_empty_tables():
    with pipeline() as p:
        out = {
            "actor_mentions": p | "ActorMentions" >> beam.Create([]).with_output_types(ActorMention),
            "issue_mentions": p | "IssueMentions" >> beam.Create([]).with_output_types(IssueMention),
        } | BuildTables()
        assert_that(out["actors"], equal_to([]), label="CheckActors")
        assert_that(out["issues"], equal_to([]), label="CheckIssues")


def test_build_tables_rejects_missing_input():
    p = beam.Pipeline(runner="FnApiRunner")
    with pytest.raises(ValueError, match="issue_mentions"):
        {"actor_mentions": p | beam.Create([lavrov()])} | BuildTables()


def test_step_labels_are_stable():
    p = beam.Pipeline(runner="FnApiRunner")
    {"actor_mentions": p | "A" >> beam.Create([lavrov()]),
     "issue_mentions": p | "I" >> beam.Create([issue()])} | "BuildTables" >> BuildTables()
    labels = {t.full_label for t in p.transforms_stack[0].parts[-1].parts}
    assert {"BuildTables/KeyActorMentions", "BuildTables/CombineActors", "BuildTables/DropActorKeys",
            "BuildTables/KeyIssueMentions", "BuildTables/CombineIssues", "BuildTables/DropIssueKeys"} <= labels
