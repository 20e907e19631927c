"""Score a run's Parquet tables against gold articles in the shared ``.gold.json`` format (``shared/gold/FORMAT.md``).

Layers (P/R/F1 as :class:`~communique.pipelines.scores.PRF`, one-to-one greedy matching per article):

* ``statements (speaker)``: a predicted statement matches a gold statement when its evidence sentence
  ``text[sentence_start:sentence_end]`` contains the gold ``anchor`` and ``speaker_name`` equals the gold
  ``speaker`` (canonical names, compared case-insensitively as the actor layer does: "analysts", "Analysts").
* ``statements (anchor only)``: the same without the speaker condition (diagnostic: was the statement found?).
* ``statements (act type)``: anchor and PLOVER type (FORMAT.md's "statements with the right type"); and the
  accuracy ``act type`` over the anchor-matched pairs. ``DEMAND`` and ``REQUEST`` are one class; the classes
  Communique also writes but FORMAT.md's seven lack (``SUPPORT``, ``CONSULT``) count as its residual ``STATEMENT``.
* ``commitments (committers)``: the commitment's sentence contains the anchor and ``set(committer_names)``
  equals ``set(committers)`` (case-insensitively); ``commitments (anchor only)`` is the diagnostic without committers.
* ``actors``: each predicted actor row against the gold actors; a row matches a gold actor when its ``name``
  equals the gold name or one of its aliases, case-insensitively. The gold ``not_actors`` found among the
  predicted names or aliases are listed in a note (the target is none).
* ``issues``: predicted issue labels against gold labels and aliases, case-insensitively.

Optional gold rows (``"optional": true``) count as hits when found and are never counted as misses; a
prediction matched to an optional row is not a false positive. Required gold rows are matched first.

Greedy matching: gold rows are taken in file order (required before optional); each takes the still-free
prediction that satisfies the condition, preferring one whose cue (statements) or evidence (commitments) span
overlaps an occurrence of the anchor, then the shortest sentence. Predicted statements and commitments are
scored per article: a gold document is paired with the output article whose ``url`` is ``"gold:" + doc_id``
(what ``communique evaluate`` writes), else whose text equals the gold text (when the gold doc carries
``text``), else, when the run has exactly one article and there is one gold document, with that article.
The ``actors`` and ``issues`` tables are run-wide, so they are scored against the union of the gold documents'
actors and issues: score a run made of the gold articles only.
"""
from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Set, Tuple

from communique.pipelines.scores import PRF, Accuracy, Report

GOLD_URL_PREFIX = "gold:"
SAME_TYPE = {"DEMAND": "REQUEST"}
GOLD_TYPES = {"STATEMENT", "AGREE", "PROPOSE", "REQUEST", "THREATEN", "REJECT", "ACCUSE"}     # FORMAT.md's classes

LAYER_SPEAKER = "statements (speaker)"
LAYER_ANCHOR = "statements (anchor only)"
LAYER_TYPE = "statements (act type)"
LAYER_COMMIT = "commitments (committers)"
LAYER_COMMIT_ANCHOR = "commitments (anchor only)"
LAYER_ACTORS = "actors"
LAYER_ISSUES = "issues"
ACC_TYPE = "act type"


# ---------------------------------------------------------------------------------------------- inputs

def load_gold(path: os.PathLike) -> List[dict]:
    """Gold documents of a ``.gold.json`` file (one object, or a list of objects) or a ``.jsonl`` file."""
    path = Path(path)
    with open(path, encoding="utf-8") as f:
        if path.suffix.lower() in (".jsonl", ".ndjson"):
            docs = [json.loads(line) for line in f if line.strip()]
        else:
            data = json.load(f)
            docs = data if isinstance(data, list) else [data]
    for i, doc in enumerate(docs):
        if not isinstance(doc, dict) or "doc_id" not in doc:
            raise ValueError(f"{path}: gold document {i + 1} is not an object with a doc_id")
    return docs


def default_shared_dir(gold_path: os.PathLike) -> Path:
    """The ``shared/`` folder of a gold file: the folder holding ``gold/`` (the gold file's grandparent)."""
    return Path(gold_path).resolve().parent.parent


def attach_texts(docs: Sequence[dict], shared_dir: os.PathLike) -> List[dict]:
    """Copies of the gold documents with ``text`` read from ``shared_dir / source`` (unchanged, newlines kept)."""
    out = []
    for doc in docs:
        doc = dict(doc)
        if "text" not in doc:
            source = Path(shared_dir) / doc["source"]
            with open(source, encoding="utf-8", newline="") as f:
                doc["text"] = f.read()
        out.append(doc)
    return out


def write_articles_jsonl(docs: Sequence[dict], path: os.PathLike) -> str:
    """The gold articles as a JSONL input for ``--articles``: {url: "gold:"+doc_id, title, published, text}."""
    with open(path, "w", encoding="utf-8") as f:
        for doc in docs:
            record = {"url": GOLD_URL_PREFIX + doc["doc_id"], "title": doc.get("title"),
                      "published": doc.get("published"), "text": doc["text"]}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return str(path)


def rows(table: Any) -> List[Dict[str, Any]]:
    """Rows of a pyarrow Table, a pandas DataFrame or a list of dicts, as dicts (pandas NaN becomes None)."""
    if table is None:
        return []
    if hasattr(table, "to_pylist"):
        return table.to_pylist()
    if hasattr(table, "to_dict"):
        records = table.to_dict("records")
        return [{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}
                for r in records]
    return [dict(r) for r in table]


# ---------------------------------------------------------------------------------------------- matching

def _fold(name: Optional[str]) -> str:
    return " ".join((name or "").split()).casefold()


def _folded(names: Optional[Sequence[str]]) -> Set[str]:
    return {_fold(n) for n in names or []}


def act_class(event_type: Optional[str]) -> str:
    """The gold format's class of an act: DEMAND is REQUEST; classes the format does not have (SUPPORT, CONSULT:
    praise, thanks, talks) are its residual STATEMENT."""
    value = (event_type or "").strip().upper()
    value = SAME_TYPE.get(value, value)
    return value if value in GOLD_TYPES or not value else "STATEMENT"


def _anchor_ranges(text: str, anchor: str) -> List[Tuple[int, int]]:
    found, start = [], text.find(anchor)
    while anchor and start >= 0:
        found.append((start, start + len(anchor)))
        start = text.find(anchor, start + 1)
    return found


def greedy_match(gold: Sequence[dict], pred: Sequence[dict], ok: Callable[[dict, dict], bool],
                 rank: Callable[[dict, dict], Any] = lambda g, p: 0) -> Tuple[PRF, List[Tuple[dict, dict]]]:
    """One-to-one greedy matching; required gold rows first, each takes the free prediction of lowest ``rank``.

    Returns the PRF (optional gold rows count only when matched) and the matched (gold, pred) pairs.
    """
    order = [g for g in gold if not g.get("optional")] + [g for g in gold if g.get("optional")]
    free = list(range(len(pred)))
    pairs: List[Tuple[dict, dict]] = []
    for g in order:
        candidates = [i for i in free if ok(g, pred[i])]
        if not candidates:
            continue
        best = min(candidates, key=lambda i: (rank(g, pred[i]), i))
        free.remove(best)
        pairs.append((g, pred[best]))
    n_required = sum(1 for g in gold if not g.get("optional"))
    n_optional_found = sum(1 for g, _ in pairs if g.get("optional"))
    return PRF(tp_pred=len(pairs), n_pred=len(pred), tp_gold=len(pairs),
               n_gold=n_required + n_optional_found), pairs


def _in_sentence(text: str, anchor: str, row: dict) -> bool:
    start, end = row.get("sentence_start"), row.get("sentence_end")
    return start is not None and end is not None and bool(anchor) and anchor in text[start:end]


def _rank_by_span(text: str, start_key: str, end_key: str):
    def rank(g: dict, p: dict):
        s, e = p.get(start_key), p.get(end_key)
        touches = s is not None and e is not None and any(
            s < b and a < e for a, b in _anchor_ranges(text, g["anchor"]))
        return (0 if touches else 1, (p["sentence_end"] - p["sentence_start"]))
    return rank


def score_statements(gold: Sequence[dict], pred: Sequence[dict], text: str) -> Dict[str, Any]:
    """PRFs of the three statement layers and the act-type accuracy for one article."""
    rank = _rank_by_span(text, "cue_start", "cue_end")
    anchored = lambda g, p: _in_sentence(text, g["anchor"], p)
    speaker, _ = greedy_match(gold, pred, lambda g, p: anchored(g, p)
                              and _fold(p.get("speaker_name")) == _fold(g.get("speaker")), rank)
    anchor_only, pairs = greedy_match(gold, pred, anchored, rank)
    typed, _ = greedy_match(gold, pred, lambda g, p: anchored(g, p)
                            and act_class(p.get("event_type")) == act_class(g.get("type")), rank)
    accuracy = Accuracy(sum(act_class(p.get("event_type")) == act_class(g.get("type")) for g, p in pairs),
                        len(pairs))
    return {LAYER_SPEAKER: speaker, LAYER_ANCHOR: anchor_only, LAYER_TYPE: typed, ACC_TYPE: accuracy}


def score_commitments(gold: Sequence[dict], pred: Sequence[dict], text: str) -> Dict[str, PRF]:
    rank = _rank_by_span(text, "evidence_start", "evidence_end")
    anchored = lambda g, p: _in_sentence(text, g["anchor"], p)
    committers, _ = greedy_match(
        gold, pred, lambda g, p: anchored(g, p)
        and _folded(p.get("committer_names")) == _folded(g.get("committers")), rank)
    anchor_only, _ = greedy_match(gold, pred, anchored, rank)
    return {LAYER_COMMIT: committers, LAYER_COMMIT_ANCHOR: anchor_only}


def _union_by_name(docs: Sequence[dict], key: str, name_key: str) -> List[dict]:
    seen: Dict[str, dict] = {}
    for doc in docs:
        for item in doc.get(key) or []:
            seen.setdefault(_fold(item[name_key]), item)
    return list(seen.values())


def _score_named(gold: Sequence[dict], pred: Sequence[dict], field: str) -> PRF:
    """A prediction matches a gold row when its ``field`` equals the gold's or one of its aliases (folded);
    exact-name matches are preferred."""
    def ok(g, p):
        return _fold(p.get(field)) in {_fold(g[field])} | {_fold(a) for a in g.get("aliases") or []}
    rank = lambda g, p: 0 if _fold(p.get(field)) == _fold(g[field]) else 1
    prf, _ = greedy_match(gold, pred, ok, rank)
    return prf


def score_actors(gold_actors: Sequence[dict], pred_actors: Sequence[dict]) -> PRF:
    return _score_named(gold_actors, pred_actors, "name")


def score_issues(gold_issues: Sequence[dict], pred_issues: Sequence[dict]) -> PRF:
    return _score_named(gold_issues, pred_issues, "label")


def not_actors_found(not_actors: Iterable[str], pred_actors: Sequence[dict]) -> List[str]:
    """The gold ``not_actors`` that appear among the predicted actors' names or aliases (case-insensitive)."""
    predicted = set()
    for p in pred_actors:
        predicted.add(_fold(p.get("name")))
        predicted.update(_fold(a) for a in p.get("aliases") or [])
    return sorted({n for n in not_actors if _fold(n) in predicted})


def _pair_articles(docs: Sequence[dict], articles: Sequence[dict]) -> Dict[str, Optional[dict]]:
    by_url = {a.get("url"): a for a in articles}
    by_text = {a.get("text"): a for a in articles}
    paired: Dict[str, Optional[dict]] = {}
    for doc in docs:
        article = by_url.get(GOLD_URL_PREFIX + doc["doc_id"])
        if article is None and doc.get("text") is not None:
            article = by_text.get(doc["text"])
        if article is None and len(docs) == 1 and len(articles) == 1:
            article = articles[0]
        paired[doc["doc_id"]] = article
    return paired


# ---------------------------------------------------------------------------------------------- the scorer

def score_gold(gold_docs: Sequence[dict], tables: Mapping[str, Any], title: str = "Gold evaluation") -> Report:
    """Score run tables (``{"articles", "statements", "commitments", "actors", "issues": pyarrow Table |
    DataFrame | list of dicts}``, as read with ``read_table``) against gold documents; returns a Report."""
    articles = rows(tables.get("articles"))
    statements = rows(tables.get("statements"))
    commitments = rows(tables.get("commitments"))
    actors = rows(tables.get("actors"))
    issues = rows(tables.get("issues"))

    report = Report(title)
    for name in (LAYER_SPEAKER, LAYER_ANCHOR, LAYER_TYPE, LAYER_COMMIT, LAYER_COMMIT_ANCHOR):
        report.prf[name] = PRF()
    report.accuracy[ACC_TYPE] = Accuracy()

    paired = _pair_articles(gold_docs, articles)
    missing = [doc_id for doc_id, a in paired.items() if a is None]
    for doc in gold_docs:
        article = paired[doc["doc_id"]]
        text = (article or {}).get("text") or ""
        article_id = (article or {}).get("article_id")
        doc_statements = [s for s in statements if article is not None and s.get("article_id") == article_id]
        doc_commitments = [c for c in commitments if article is not None and c.get("article_id") == article_id]
        for name, value in score_statements(doc.get("statements") or [], doc_statements, text).items():
            if isinstance(value, Accuracy):
                acc = report.accuracy[name]
                report.accuracy[name] = Accuracy(acc.correct + value.correct, acc.total + value.total)
            else:
                report.prf[name] = report.prf[name] + value
        for name, value in score_commitments(doc.get("commitments") or [], doc_commitments, text).items():
            report.prf[name] = report.prf[name] + value

    report.prf[LAYER_ACTORS] = score_actors(_union_by_name(gold_docs, "actors", "name"), actors)
    report.prf[LAYER_ISSUES] = score_issues(_union_by_name(gold_docs, "issues", "label"), issues)

    not_actors = sorted({n for doc in gold_docs for n in doc.get("not_actors") or []})
    leaked = not_actors_found(not_actors, actors)
    report.notes.append(f"gold documents: {len(gold_docs)}; paired with an output article: "
                        f"{len(gold_docs) - len(missing)}" + (f" (missing: {', '.join(missing)})" if missing else ""))
    report.notes.append(f"not_actors among predicted actors: {len(leaked)} of {len(not_actors)}"
                        + (f" ({', '.join(leaked)})" if leaked else " (target: none)"))
    return report


def report_json(report: Report) -> Dict[str, Any]:
    """All figures of a report, plus its title and notes, as a JSON-ready dict."""
    return {"title": report.title, "layers": report.as_dict(), "notes": list(report.notes)}
