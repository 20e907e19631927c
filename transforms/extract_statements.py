"""ExtractStatements: articles in, statements, commitments and actor/issue mentions out, via spaCy.

The model is loaded once per worker in ``DoFn.setup`` (never per element, never shared across processes) and
run with ``nlp.pipe`` over batches. Articles the model can't handle (another language, too long) and articles
in which nothing was said become ``errors`` rows; the rest go through :func:`analyse.analyse`.
"""
from __future__ import annotations

from typing import Dict, Iterable, Iterator, List, Optional, Sequence

import apache_beam as beam
from apache_beam.metrics import Metrics
from apache_beam.pvalue import PCollection, TaggedOutput

from communique.schemas import Article
from communique.transforms.analyse import analyse
from communique.transforms.errors import ERRORS, error_row, from_exception
from communique.transforms.issues import IssueMatcher
from communique.transforms.nlp_model import load_model, nlp_text

STAGE = "ExtractStatements"
STATEMENTS, COMMITMENTS, ACTOR_MENTIONS, ISSUE_MENTIONS = "statements", "commitments", "actor_mentions", \
    "issue_mentions"
MODEL_LANGUAGES = ("en",)


def unsupported_reason(article: Article, max_chars: int) -> Optional[tuple]:
    """(error_type, message) when the model should not be run on an article, else None."""
    lang = (article.language or "").lower()
    if lang and lang.split("-")[0] not in MODEL_LANGUAGES:
        return "language", f"text is in '{lang}'; the installed model handles English only"
    if len(article.text) > max_chars:
        return "too_long", f"text has {len(article.text):,} characters; the limit is {max_chars:,}"
    return None


class AnalyseArticlesFn(beam.DoFn):
    """Runs spaCy over a batch of articles and emits each table's records on its own tag."""

    def __init__(self, model: Optional[str], issues_files: Sequence[str], max_chars: int):
        self._model_name = model
        self._issues_files = tuple(issues_files)
        self._max_chars = max_chars
        self._nlp = None
        self._issues = None
        self._statements = Metrics.counter(STAGE, "statements")
        self._articles = Metrics.counter(STAGE, "articles")

    def setup(self):
        self._nlp = load_model(self._model_name)
        self._nlp.max_length = max(self._nlp.max_length, self._max_chars + 1)
        self._issues = IssueMatcher(self._nlp, self._issues_files)

    def process(self, batch: List[Article]) -> Iterator:
        runnable = []
        for article in batch:
            reason = unsupported_reason(article, self._max_chars)
            if reason:
                yield TaggedOutput(ERRORS, error_row(STAGE, article.url, *reason))
            else:
                runnable.append(article)
        for article, doc in zip(runnable, self._nlp.pipe(nlp_text(a.text) for a in runnable)):
            try:
                result = analyse(doc, article, self._issues)
            except (ValueError, IndexError, KeyError, AttributeError, TypeError) as exc:
                yield TaggedOutput(ERRORS, from_exception(STAGE, article.url, exc))
                continue
            self._articles.inc()
            self._statements.inc(len(result.statements))
            if not result.statements:
                yield TaggedOutput(ERRORS, error_row(STAGE, article.url, "no_statements",
                                                     "no attributed statement found in the article"))
            for tag, records in ((STATEMENTS, result.statements), (COMMITMENTS, result.commitments),
                                 (ACTOR_MENTIONS, result.actor_mentions), (ISSUE_MENTIONS, result.issue_mentions)):
                for record in records:
                    yield TaggedOutput(tag, record)


class ExtractStatements(beam.PTransform):
    """PCollection[Article] -> {statements, commitments, actor_mentions, issue_mentions, errors}."""

    def __init__(self, model: Optional[str] = None, issues_files: Iterable[str] = (), batch_size: int = 16,
                 max_chars: int = 1_000_000, label: Optional[str] = None):
        super().__init__(label)
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        if max_chars < 1:
            raise ValueError(f"max_chars must be >= 1, got {max_chars}")
        self._model = model
        self._issues_files = tuple(issues_files)
        self._batch_size = batch_size
        self._max_chars = max_chars

    def expand(self, articles: PCollection) -> Dict[str, PCollection]:
        outputs = (
            articles
            | "BatchArticles" >> beam.BatchElements(min_batch_size=1, max_batch_size=self._batch_size)
            | "AnalyseArticles" >> beam.ParDo(
                AnalyseArticlesFn(self._model, self._issues_files, self._max_chars)).with_outputs(
                STATEMENTS, COMMITMENTS, ACTOR_MENTIONS, ISSUE_MENTIONS, ERRORS)
        )
        return {tag: outputs[tag] for tag in (STATEMENTS, COMMITMENTS, ACTOR_MENTIONS, ISSUE_MENTIONS, ERRORS)}
