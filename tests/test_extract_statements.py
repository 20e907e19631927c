"""ExtractStatements in a real Beam pipeline (FnApiRunner): statements for English news, errors for the rest."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline
from apache_beam.testing.util import assert_that, equal_to

from communique.schemas import Article
from communique.transforms.extract_statements import ExtractStatements

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "afps-2007-10-12.txt"
PUBLISHED = dt.datetime(2007, 10, 12, tzinfo=dt.timezone.utc)
SEED_URL = "https://www.globalsecurity.org/afps-2007-10-12"
PLAIN_URL = "https://example.org/library"
GERMAN_URL = "https://example.de/bibliothek"


def pipeline():
    return BeamTestPipeline(options=PipelineOptions([], runner="FnApiRunner"))


def articles():
    if not SEED.exists():
        pytest.skip(f"seed article not found: {SEED} (tests read ../shared/seed beside the repo)")
    seed = Article(article_id="seed", url=SEED_URL, text=SEED.read_text(encoding="utf-8"),
                   author="Linda D. Kozaryn", published_at=PUBLISHED, language="en")
    plain = Article(article_id="plain", url=PLAIN_URL, language="en", published_at=PUBLISHED,
                    text="The city council opened a new public library on Monday in the old town centre. "
                         "The building has three floors, a reading garden and a small cafe near the entrance.")
    german = Article(article_id="german", url=GERMAN_URL, language="de", published_at=PUBLISHED,
                     text="Der Stadtrat hat am Montag eine neue Bibliothek eröffnet, sagte die Bürgermeisterin.")
    return [seed, plain, german]


def test_extract_statements_pipeline():
    with pipeline() as p:
        out = p | beam.Create(articles()) | ExtractStatements(batch_size=2)

        statements_per_article = (out["statements"]
                                  | "StatementArticle" >> beam.Map(lambda s: (s.article_id, 1))
                                  | "CountStatements" >> beam.CombinePerKey(sum))
        assert_that(statements_per_article, equal_to([("seed", 37)]), label="StatementCount")

        speakers = (out["statements"]
                    | "Speaker" >> beam.Map(lambda s: s.speaker_name)
                    | "DistinctSpeakers" >> beam.Distinct())
        assert_that(speakers, equal_to(["Russia", "Vladimir Putin", "Condoleezza Rice", "Robert M. Gates",
                                        "Sergey Lavrov"]), label="Speakers")

        requests = (out["statements"]
                    | "CalledOn" >> beam.Filter(lambda s: s.cue == "called on")
                    | "RequestShape" >> beam.Map(lambda s: (s.speaker_name, s.event_type, s.addressee_names)))
        assert_that(requests, equal_to([("Sergey Lavrov", "REQUEST", ["United States"])]), label="CalledOn")

        errors = out["errors"] | "ErrorShape" >> beam.Map(lambda e: (e.stage, e.input, e.error_type))
        assert_that(errors, equal_to([("ExtractStatements", PLAIN_URL, "no_statements"),
                                      ("ExtractStatements", GERMAN_URL, "language")]), label="Errors")

        due = (out["commitments"]
               | "Due" >> beam.Filter(lambda c: c.due_date is not None)
               | "DueShape" >> beam.Map(lambda c: (tuple(sorted(c.committer_names)), c.due_date)))
        assert_that(due, equal_to([(("Russia", "United States"), dt.date(2008, 4, 12)),
                                   (("Russia",), dt.date(2008, 4, 12))]), label="DueCommitments")

        mention_articles = (out["actor_mentions"]
                            | "MentionArticle" >> beam.Map(lambda m: m.article_id)
                            | "DistinctMentionArticles" >> beam.Distinct())
        assert_that(mention_articles, equal_to(["seed"]), label="MentionArticles")

        chrome = (out["actor_mentions"]
                  | "Chrome" >> beam.Filter(lambda m: m.name in ("Linda D. Kozaryn", "American Forces Press Service",
                                                                 "Ukraine", "GlobalSecurity.org")))
        assert_that(chrome, equal_to([]), label="NoChromeActors")

        issue_articles = (out["issue_mentions"]
                          | "IssueArticle" >> beam.Map(lambda m: m.article_id)
                          | "DistinctIssueArticles" >> beam.Distinct())
        assert_that(issue_articles, equal_to(["seed"]), label="IssueArticles")


def test_too_long_article_is_an_error_row():
    long_text = "Smith said the talks went well. " * 20
    article = Article(article_id="long", url="https://example.org/long", text=long_text, language="en")
    with pipeline() as p:
        out = p | beam.Create([article]) | ExtractStatements(max_chars=100)
        assert_that(out["errors"] | beam.Map(lambda e: (e.input, e.error_type)),
                    equal_to([("https://example.org/long", "too_long")]), label="Errors")
        assert_that(out["statements"], equal_to([]), label="NoStatements")


@pytest.mark.parametrize("kwargs", [{"batch_size": 0}, {"batch_size": -1}, {"max_chars": 0}])
def test_constructor_rejects_bad_sizes(kwargs):
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        ExtractStatements(**kwargs)


@pytest.mark.parametrize("chars, weight", [(0, 1), (1, 1), (4_000, 1), (4_001, 2), (40_000, 10)])
def test_article_weight_follows_text_length(chars, weight):
    from communique.transforms.extract_statements import article_weight
    assert article_weight(Article(article_id="a", url="u", text="x" * chars)) == weight


def test_per_article_gives_one_list_per_article_and_table():
    with pipeline() as p:
        out = p | beam.Create(articles()) | ExtractStatements(batch_size=2, per_article=True)
        assert_that(out["statements"] | "Statements" >> beam.Map(lambda r: (type(r).__name__, r[0].article_id, len(r))),
                    equal_to([("Records", "seed", 37)]), label="OneListOfStatements")
        assert_that(out["commitments"] | "Commitments" >> beam.Map(lambda r: [type(r).__name__, r[0].article_id]),
                    equal_to([["Records", "seed"]]), label="OneListOfCommitments")
        assert_that(out["issue_mentions"] | "IssueKind" >> beam.Map(lambda m: type(m).__name__) | beam.Distinct(),
                    equal_to(["IssueMention"]), label="IssueMentionsStayRecords")
        assert_that(out["errors"] | "ErrorKind" >> beam.Map(lambda e: e.error_type),
                    equal_to(["no_statements", "language"]), label="Errors")
