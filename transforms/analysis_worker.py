"""The analysis side of ExtractStatements, without Beam: the model, a batch's analysis, and the pool of analysis
processes (one model each) that a local run starts before its pipeline.

A batch's outputs are plain ``(tag, value)`` pairs: a table tag with the list of one article's records,
``ERRORS`` with an error row, or :data:`COUNT` with ``(name, n)``; ExtractStatements turns them into Beam
outputs and counters. Beam is never imported here, and spaCy only where a model is loaded or a batch analysed,
so an analysis process starts fast and a main process that only feeds the pool stays light.
"""
from __future__ import annotations

import dataclasses
import gc
import multiprocessing
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Dict, List, Optional, Sequence, Tuple

from communique.schemas import Article
from communique.transforms.errors import ERRORS, error_row, from_exception

STAGE = "ExtractStatements"
STATEMENTS, COMMITMENTS, ACTOR_MENTIONS, ISSUE_MENTIONS = "statements", "commitments", "actor_mentions", \
    "issue_mentions"
COUNT = "count"                    # an output (COUNT, (counter name, n)): add n to STAGE's counter
MODEL_LANGUAGES = ("en",)
DEFAULT_MAX_CHARS = 1_000_000
ARTICLE_WEIGHT_CHARS = 4_000       # a batch holds batch_size typical articles, or fewer long ones
# An analysis process is replaced after this many batches (Python >= 3.11): spaCy's string store and arrays only
# grow in a long-lived process; a fresh one costs one model load (~1 s).
PROCESS_BATCHES = 200


def unsupported_reason(article: Article, max_chars: int) -> Optional[tuple]:
    """(error_type, message) when the model should not be run on an article, else None."""
    lang = (article.language or "").lower()
    if lang and lang.split("-")[0] not in MODEL_LANGUAGES:
        return "language", f"text is in '{lang}'; the installed model handles English only"
    if len(article.text) > max_chars:
        return "too_long", f"text has {len(article.text):,} characters; the limit is {max_chars:,}"
    return None


def article_weight(article: Article) -> int:
    """An article's share of a batch: one per 4,000 characters (at least one), so that a batch of long press
    briefings holds as much text as one of short releases and spaCy's arrays stay small."""
    return max(1, -(-len(article.text) // ARTICLE_WEIGHT_CHARS))


def model_text(article: Article, selective: bool) -> str:
    """What spaCy reads: the article text (blanked where no statement can be, with ``selective``), same length."""
    from communique.transforms.nlp_model import nlp_text   # spaCy: only where a model runs
    from communique.transforms.selective import select

    return nlp_text(select(article.text) if selective else article.text)


def analyse_articles(nlp, issues, max_chars: int, batch: List[Article],
                     selective: bool = False, cue_model=None) -> List[Tuple[str, Any]]:
    """Every output of a batch of articles as ``(tag, value)``, article by article: its counts, its error rows,
    and for each table with records, the list of them."""
    from communique.transforms.analyse import analyse    # spaCy: only where a model runs

    outputs: List[Tuple[str, Any]] = []
    runnable = []
    for article in batch:
        reason = unsupported_reason(article, max_chars)
        if reason:
            outputs.append((ERRORS, error_row(STAGE, article.url, *reason)))
        else:
            runnable.append(article)
    for article, doc in zip(runnable, nlp.pipe(model_text(a, selective) for a in runnable)):
        try:
            result = analyse(doc, article, issues, cue_model=cue_model)
        except (ValueError, IndexError, KeyError, AttributeError, TypeError) as exc:
            outputs.append((ERRORS, from_exception(STAGE, article.url, exc)))
            continue
        outputs.append((COUNT, ("articles", 1)))
        outputs.append((COUNT, ("statements", len(result.statements))))
        if not result.statements:
            outputs.append((ERRORS, error_row(STAGE, article.url, "no_statements",
                                              "no attributed statement found in the article")))
        for tag, records in ((STATEMENTS, result.statements), (COMMITMENTS, result.commitments),
                             (ACTOR_MENTIONS, result.actor_mentions), (ISSUE_MENTIONS, result.issue_mentions)):
            if records:
                outputs.append((tag, list(records)))
    return outputs


def load(model: Optional[str], issues_files: Sequence[str], max_chars: int, cue_model: Optional[str] = None):
    """The model (with room for ``max_chars``), the issue matcher built on it and the learned-cue model of
    ``cue_model`` (see :func:`~communique.transforms.learned_cues.model_from_spec`).

    The objects alive once the model is loaded (the model's, the imported modules') are then frozen out of the
    garbage collector's full passes, which otherwise walk them all again every few batches (~0.3 s a run)."""
    from communique.transforms.issues import IssueMatcher   # spaCy: only where a model runs
    from communique.transforms.learned_cues import model_from_spec
    from communique.transforms.nlp_model import load_model

    nlp = load_model(model)
    nlp.max_length = max(nlp.max_length, max_chars + 1)
    matcher = IssueMatcher(nlp, issues_files)
    cues = model_from_spec(cue_model)
    gc.freeze()
    return nlp, matcher, cues


# ---------------------------------------------------------------------------------------------- the process pool

@dataclasses.dataclass(frozen=True)
class PoolSettings:
    """What an analysis process loads and how many there are: a pool serves only the settings it was made for."""
    model: Optional[str]
    issues_files: Tuple[str, ...]
    max_chars: int
    selective: bool
    processes: int
    cue_model: Optional[str] = None     # learned cues: None (shipped), "none", or a model file's text


_WORKER: Dict[str, Any] = {}      # in an analysis process: its own model (never shared across processes)


def _init_process(model: Optional[str], issues_files: Sequence[str], max_chars: int, selective: bool,
                  cue_model: Optional[str] = None) -> None:
    _WORKER["nlp"], _WORKER["issues"], _WORKER["cue_model"] = load(model, issues_files, max_chars, cue_model)
    _WORKER["max_chars"], _WORKER["selective"] = max_chars, selective


def analyse_in_process(batch: List[Article]) -> List[Tuple[str, Any]]:
    """A batch's outputs, in an analysis process of the pool."""
    return analyse_articles(_WORKER["nlp"], _WORKER["issues"], _WORKER["max_chars"], batch, _WORKER["selective"],
                            _WORKER["cue_model"])


def _ready() -> bool:
    return True


def new_pool(settings: PoolSettings) -> ProcessPoolExecutor:
    """``settings.processes`` spawned analysis processes, each loading the model once when it starts."""
    recycle = {"max_tasks_per_child": PROCESS_BATCHES} if sys.version_info >= (3, 11) else {}
    return ProcessPoolExecutor(settings.processes, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_process,
                               initargs=(settings.model, settings.issues_files, settings.max_chars,
                                         settings.selective, settings.cue_model), **recycle)


_STARTED: Dict[PoolSettings, ProcessPoolExecutor] = {}
_STARTED_LOCK = threading.Lock()


def prestart(settings: PoolSettings) -> None:
    """Start a pool now, so that its processes load their models while the pipeline is still being built and
    its first stages run; the analysis step of this process takes it over (:func:`claim`). Idempotent."""
    with _STARTED_LOCK:
        if settings in _STARTED:
            return
        pool = _STARTED[settings] = new_pool(settings)
        for _ in range(settings.processes):   # a spawn pool starts a process per task submitted while none is idle
            pool.submit(_ready)


def claim(settings: PoolSettings) -> Optional[ProcessPoolExecutor]:
    """The pool started for ``settings`` in this process (then no longer held here), or None."""
    with _STARTED_LOCK:
        return _STARTED.pop(settings, None)


def release_unclaimed() -> None:
    """Shut down started pools nobody took over (a run with nothing to analyse, or one that failed early)."""
    with _STARTED_LOCK:
        pools = list(_STARTED.values())
        _STARTED.clear()
    for pool in pools:
        pool.shutdown(wait=False, cancel_futures=True)
