"""ExtractStatements: articles in, statements, commitments and actor/issue mentions out, via spaCy.

The model is loaded once per worker in ``DoFn.setup`` (never per element, never shared across processes) and
run with ``nlp.pipe`` over batches; with ``processes`` > 1 a local worker spreads the batches over that many
analysis processes, one model each. Articles the model can't handle (another language, too long) and articles
in which nothing was said become ``errors`` rows; the rest go through :func:`analyse.analyse`.
"""
from __future__ import annotations

import multiprocessing
import sys
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any, Dict, Iterable, List, Optional, Sequence

import apache_beam as beam
from apache_beam.pvalue import PCollection, TaggedOutput

from communique.schemas import Article
from communique.transforms.analyse import analyse
from communique.transforms.concurrent_dofn import ConcurrentDoFn, Count
from communique.transforms.errors import ERRORS, error_row, from_exception
from communique.transforms.issues import IssueMatcher
from communique.transforms.nlp_model import load_model, nlp_text
from communique.transforms.selective import select

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


ARTICLE_WEIGHT_CHARS = 4_000       # a batch holds batch_size typical articles, or fewer long ones


def article_weight(article: Article) -> int:
    """An article's share of a batch: one per 4,000 characters (at least one), so that a batch of long press
    briefings holds as much text as one of short releases and spaCy's arrays stay small."""
    return max(1, -(-len(article.text) // ARTICLE_WEIGHT_CHARS))


def model_text(article: Article, selective: bool) -> str:
    """What spaCy reads: the article text (blanked where no statement can be, with ``selective``), same length."""
    return nlp_text(select(article.text) if selective else article.text)


def analyse_batch(nlp, issues: IssueMatcher, max_chars: int, batch: List[Article],
                  selective: bool = False) -> List[Any]:
    """Every output of a batch of articles: records on their table's tag, error rows, and :class:`Count`s."""
    outputs: List[Any] = []
    runnable = []
    for article in batch:
        reason = unsupported_reason(article, max_chars)
        if reason:
            outputs.append(TaggedOutput(ERRORS, error_row(STAGE, article.url, *reason)))
        else:
            runnable.append(article)
    for article, doc in zip(runnable, nlp.pipe(model_text(a, selective) for a in runnable)):
        try:
            result = analyse(doc, article, issues)
        except (ValueError, IndexError, KeyError, AttributeError, TypeError) as exc:
            outputs.append(TaggedOutput(ERRORS, from_exception(STAGE, article.url, exc)))
            continue
        outputs.append(Count(STAGE, "articles"))
        outputs.append(Count(STAGE, "statements", len(result.statements)))
        if not result.statements:
            outputs.append(TaggedOutput(ERRORS, error_row(STAGE, article.url, "no_statements",
                                                          "no attributed statement found in the article")))
        for tag, records in ((STATEMENTS, result.statements), (COMMITMENTS, result.commitments),
                             (ACTOR_MENTIONS, result.actor_mentions), (ISSUE_MENTIONS, result.issue_mentions)):
            outputs.extend(TaggedOutput(tag, record) for record in records)
    return outputs


def _load(model: Optional[str], issues_files: Sequence[str], max_chars: int):
    nlp = load_model(model)
    nlp.max_length = max(nlp.max_length, max_chars + 1)
    return nlp, IssueMatcher(nlp, issues_files)


# An analysis process is replaced after this many batches (Python >= 3.11): spaCy's string store and arrays only
# grow in a long-lived process; a fresh one costs one model load (~1 s).
PROCESS_BATCHES = 200
_WORKER: Dict[str, Any] = {}      # in an analysis process: its own model (never shared across processes)


def _init_process(model: Optional[str], issues_files: Sequence[str], max_chars: int, selective: bool) -> None:
    _WORKER["nlp"], _WORKER["issues"] = _load(model, issues_files, max_chars)
    _WORKER["max_chars"], _WORKER["selective"] = max_chars, selective


def _analyse_in_process(batch: List[Article]) -> List[Any]:
    return analyse_batch(_WORKER["nlp"], _WORKER["issues"], _WORKER["max_chars"], batch, _WORKER["selective"])


class AnalyseArticlesFn(ConcurrentDoFn):
    """Runs spaCy over batches of articles and emits each table's records on its own tag.

    With ``processes`` = 1 the model runs in the worker itself, loaded once in ``setup``. With more, the worker
    keeps that many analysis processes (spawned, each loading its own model once) and feeds them batches, so an
    in-process local run uses every core without Beam's multi-process mode (workers that each start a whole SDK
    harness). Remote runners scale by workers instead: keep 1 there."""

    def __init__(self, model: Optional[str], issues_files: Sequence[str], max_chars: int, processes: int = 1,
                 selective: bool = False):
        super().__init__(threads=1, max_in_flight=2 * max(processes, 1))
        self._selective = selective
        self._model_name = model
        self._issues_files = tuple(issues_files)
        self._max_chars = max_chars
        self._processes = processes
        self._nlp = None
        self._issues = None

    def make_executor(self) -> Executor:
        if self._processes <= 1:
            self._nlp, self._issues = _load(self._model_name, self._issues_files, self._max_chars)
            return ThreadPoolExecutor(1, thread_name_prefix="AnalyseArticles")
        recycle = {"max_tasks_per_child": PROCESS_BATCHES} if sys.version_info >= (3, 11) else {}
        return ProcessPoolExecutor(self._processes, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_init_process,
                                   initargs=(self._model_name, self._issues_files, self._max_chars,
                                             self._selective), **recycle)

    def submit(self, batch: List[Article]) -> Future:
        if self._processes <= 1:
            return self._executor.submit(analyse_batch, self._nlp, self._issues, self._max_chars, batch,
                                         self._selective)
        return self._executor.submit(_analyse_in_process, batch)


class ExtractStatements(beam.PTransform):
    """PCollection[Article] -> {statements, commitments, actor_mentions, issue_mentions, errors}."""

    def __init__(self, model: Optional[str] = None, issues_files: Iterable[str] = (), batch_size: int = 16,
                 max_chars: int = 1_000_000, processes: int = 1, selective: bool = False,
                 label: Optional[str] = None):
        super().__init__(label)
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        if processes < 1:
            raise ValueError(f"processes must be >= 1, got {processes}")
        if max_chars < 1:
            raise ValueError(f"max_chars must be >= 1, got {max_chars}")
        self._model = model
        self._issues_files = tuple(issues_files)
        self._batch_size = batch_size
        self._max_chars = max_chars
        self._processes = processes
        self._selective = selective

    def expand(self, articles: PCollection) -> Dict[str, PCollection]:
        outputs = (
            articles
            | "BatchArticles" >> beam.BatchElements(min_batch_size=self._batch_size,
                                                  max_batch_size=self._batch_size, element_size_fn=article_weight)
            | "AnalyseArticles" >> beam.ParDo(
                AnalyseArticlesFn(self._model, self._issues_files, self._max_chars, self._processes,
                                  self._selective)).with_outputs(
                STATEMENTS, COMMITMENTS, ACTOR_MENTIONS, ISSUE_MENTIONS, ERRORS)
        )
        return {tag: outputs[tag] for tag in (STATEMENTS, COMMITMENTS, ACTOR_MENTIONS, ISSUE_MENTIONS, ERRORS)}
