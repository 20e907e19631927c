"""ExtractStatements: articles in, statements, commitments and actor/issue mentions out, via spaCy.

The model is loaded once per worker in ``DoFn.setup`` (never per element, never shared across processes) and
run with ``nlp.pipe`` over batches; with ``processes`` > 1 a local worker spreads the batches over that many
analysis processes, one model each. Articles the model can't handle (another language, too long) and articles
in which nothing was said become ``errors`` rows; the rest go through :func:`analyse.analyse`. The analysis
itself, without Beam, is in :mod:`communique.transforms.analysis_worker`.
"""
from __future__ import annotations

from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple

import apache_beam as beam
from apache_beam.pvalue import PCollection, TaggedOutput

from communique.schemas import Article
from communique.transforms import analysis_worker
from communique.transforms.analysis_worker import (
    ACTOR_MENTIONS, COMMITMENTS, COUNT, DEFAULT_MAX_CHARS, ISSUE_MENTIONS, STAGE, STATEMENTS, PoolSettings,
    analyse_articles, article_weight, unsupported_reason)
from communique.transforms.concurrent_dofn import ConcurrentDoFn, Count
from communique.transforms.errors import ERRORS


class Records(list):
    """One article's records of one table, as one element. (Beam's default coder encodes a plain list item by
    item; a list subclass is pickled whole, several times faster at a stage boundary.)"""


PER_ARTICLE = (STATEMENTS, COMMITMENTS, ACTOR_MENTIONS)   # the tables ResolveActors takes as Records too


def beam_outputs(pairs: Iterable[Tuple[str, Any]], per_article: bool = False) -> Iterator[Any]:
    """:func:`analysis_worker.analyse_articles`' ``(tag, value)`` pairs as outputs of a ConcurrentDoFn: one
    element per record, or with ``per_article`` one :class:`Records` per article for :data:`PER_ARTICLE`."""
    for tag, value in pairs:
        if tag == COUNT:
            yield Count(STAGE, *value)
        elif tag == ERRORS:
            yield TaggedOutput(tag, value)
        elif per_article and tag in PER_ARTICLE:
            yield TaggedOutput(tag, Records(value))
        else:
            yield from (TaggedOutput(tag, record) for record in value)


class AnalyseArticlesFn(ConcurrentDoFn):
    """Runs spaCy over batches of articles and emits each table's records on its own tag.

    With ``processes`` = 1 the model runs in the worker itself, loaded once in ``setup``. With more, the worker
    keeps that many analysis processes (spawned, each loading its own model once; a pool the CLI started
    before the pipeline is taken over, see :func:`analysis_worker.prestart`) and feeds them batches, so an
    in-process local run uses every core without Beam's multi-process mode (workers that each start a whole SDK
    harness). Remote runners scale by workers instead: keep 1 there."""

    def __init__(self, model: Optional[str], issues_files: Iterable[str], max_chars: int, processes: int = 1,
                 selective: bool = False, per_article: bool = False, cue_model: Optional[str] = None):
        super().__init__(threads=1, max_in_flight=2 * max(processes, 1))
        self._settings = PoolSettings(model, tuple(issues_files), max_chars, selective, processes, cue_model)
        self._per_article = per_article
        self._nlp = None
        self._issues = None
        self._cue_model = None

    def make_executor(self) -> Executor:
        s = self._settings
        if s.processes <= 1:
            self._nlp, self._issues, self._cue_model = analysis_worker.load(s.model, s.issues_files, s.max_chars,
                                                                             s.cue_model)
            return ThreadPoolExecutor(1, thread_name_prefix="AnalyseArticles")
        return analysis_worker.claim(s) or analysis_worker.new_pool(s)

    def submit(self, batch: List[Article]) -> Future:
        s = self._settings
        if s.processes <= 1:
            return self._executor.submit(analyse_articles, self._nlp, self._issues, s.max_chars, batch, s.selective,
                                         self._cue_model)
        return self._executor.submit(analysis_worker.analyse_in_process, batch)

    def outputs(self, result: List[Tuple[str, Any]]) -> Iterable[Any]:
        return beam_outputs(result, self._per_article)

    def teardown(self) -> None:
        if self._executor is not None and self._settings.processes > 1:
            # don't wait for the analysis processes to exit: they do so while the run writes and commits
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
        super().teardown()


class ExtractStatements(beam.PTransform):
    """PCollection[Article] -> {statements, commitments, actor_mentions, issue_mentions, errors}, one element per
    record; with ``per_article``, statements, commitments and actor_mentions come as one :class:`Records` per
    article (what :class:`~communique.transforms.resolve_actors.ResolveActors` takes as well: far fewer
    elements through its stage boundary)."""

    def __init__(self, model: Optional[str] = None, issues_files: Iterable[str] = (), batch_size: int = 16,
                 max_chars: int = DEFAULT_MAX_CHARS, processes: int = 1, selective: bool = False,
                 per_article: bool = False, cue_model: Optional[str] = None, label: Optional[str] = None):
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
        self._per_article = per_article
        if cue_model is not None:           # a bad model file fails here, when the graph is built
            from communique.transforms.learned_cues import model_from_spec    # spaCy: only when asked
            model_from_spec(cue_model)
        self._cue_model = cue_model

    def expand(self, articles: PCollection) -> Dict[str, PCollection]:
        outputs = (
            articles
            | "BatchArticles" >> beam.BatchElements(min_batch_size=self._batch_size,
                                                  max_batch_size=self._batch_size, element_size_fn=article_weight)
            | "AnalyseArticles" >> beam.ParDo(
                AnalyseArticlesFn(self._model, self._issues_files, self._max_chars, self._processes,
                                  self._selective, self._per_article, self._cue_model)).with_outputs(
                STATEMENTS, COMMITMENTS, ACTOR_MENTIONS, ISSUE_MENTIONS, ERRORS)
        )
        return {tag: outputs[tag] for tag in (STATEMENTS, COMMITMENTS, ACTOR_MENTIONS, ISSUE_MENTIONS, ERRORS)}


__all__ = ["AnalyseArticlesFn", "ExtractStatements", "Records", "article_weight", "beam_outputs",
           "unsupported_reason"]
