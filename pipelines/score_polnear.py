"""Score a run's ``statements`` against PolNeAR attributions (brat standoff), the way PolNeAR and Citron report.

PolNeAR folder layout: ``text/<name>.txt`` and ``attributions/<name>_<annotator>.ann``. Several annotators
annotated some texts; for each text the **first** ``.ann`` in sorted order is the gold, and texts without an
``.ann`` are not scored. Brat offsets are character offsets into the ``.txt`` read as UTF-8 with newlines
unchanged, which is what ``--articles <folder>`` makes ``articles.text`` (checked: every one of the 84 dev
texts comes back identical). Output articles are paired with texts by the file name in their ``file://`` URL.

Gold attributions are the ``E`` lines whose first argument is ``Attribution`` or ``Attribution-no-source``,
with roles ``Source``, ``Cue``, ``Content`` (a ``Content2`` argument adds pieces to the content). ``Discuss``
and ``Discard`` text-bound annotations are ignored; an ``E`` line with none of the three roles is skipped.
Predicted attributions are the ``statements`` rows: source = (speaker_start, speaker_end), cue =
(cue_start, cue_end), content = (content_start, content_end), or its ``content_spans`` when an attribution splits
it; a null span is no prediction for that role.

Discontinuous spans (``start end;start end``) are kept as their set of pieces: the **overlap** and
**proportional** measures count only characters/tokens inside the pieces (so the "said X" between two quoted
pieces is not content), while **exact** match compares the union range (min start, max end) of the pieces.
Before an exact comparison both spans are trimmed of whitespace and punctuation at their edges (quotation
marks, commas, full stops, dashes ...).

Layers, each P/R/F1 with one-to-one matching inside an article, every role scored on its own (a predicted
cue can match a gold cue of another attribution):

* ``<role> exact``: trimmed boundaries equal.
* ``<role> overlap``: at least one shared character; greedy on the largest shared character count.
* ``content proportional`` (Citron's "partial" content score): over the overlap-matched content pairs, each
  pair credits precision with the share of the predicted span's word tokens (``\\w+``) that lie in the gold
  span and recall with the share of the gold span's tokens that lie in the predicted span.
* ``attribution overlap`` (diagnostic): a statement matches an attribution when its content overlaps the gold
  content and its cue overlaps the gold cue, and its source overlaps the gold source when the gold has one.
* ``source | content matched`` (accuracy): over the content-overlap pairs whose gold attribution has a source,
  the share whose predicted source overlaps it: how often the source is right once the quote is found, the
  way quote attributors report speaker accuracy.

:func:`annotator_agreement` scores, on the texts a second annotator annotated too, that annotator against the
first beside the run: how well people agree under the same matching.
"""
from __future__ import annotations

import dataclasses
import os
import re
import unicodedata
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple
from urllib.parse import urlparse
from urllib.request import url2pathname

from communique.pipelines.score_gold import rows
from communique.pipelines.scores import PRF, Accuracy, Report

ROLES = ("source", "cue", "content")
ATTRIBUTION_TYPES = frozenset({"Attribution", "Attribution-no-source"})
ROLE_OF_ARG = {"Source": "source", "Cue": "cue", "Content": "content", "Content2": "content"}
PRED_COLUMNS = {"source": ("speaker_start", "speaker_end"), "cue": ("cue_start", "cue_end"),
                "content": ("content_start", "content_end")}
_WORD = re.compile(r"\w+")

Span = Tuple[Tuple[int, int], ...]   # sorted, non-empty pieces (start, end), ends exclusive


@dataclasses.dataclass
class Attribution:
    """One gold attribution (or one predicted statement): a span per role, None when absent."""
    source: Optional[Span] = None
    cue: Optional[Span] = None
    content: Optional[Span] = None
    ann_id: str = ""


# ---------------------------------------------------------------------------------------------- brat reader

def parse_spans(text: str) -> Span:
    """``"315 448;463 553"`` -> ((315, 448), (463, 553)), sorted."""
    pieces = []
    for part in text.split(";"):
        start, end = part.split()
        pieces.append((int(start), int(end)))
    return tuple(sorted(pieces))


def parse_ann(content: str) -> List[Attribution]:
    """The attributions of one brat ``.ann`` file's content."""
    spans: Dict[str, Span] = {}
    events: List[Tuple[str, List[Tuple[str, str]]]] = []
    for line in content.splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            kind, _, offsets = fields[1].partition(" ")
            spans[fields[0]] = parse_spans(offsets)
        elif line.startswith("E") and len(fields) >= 2:
            args = [tuple(arg.split(":", 1)) for arg in fields[1].split() if ":" in arg]
            events.append((fields[0], args))
    attributions = []
    for event_id, args in events:
        if not args or args[0][0] not in ATTRIBUTION_TYPES:
            continue
        found: Dict[str, List[Tuple[int, int]]] = {}
        for role_name, ref in args[1:]:
            role = ROLE_OF_ARG.get(role_name)
            if role and ref in spans:
                found.setdefault(role, []).extend(spans[ref])
        if not found:
            continue
        attributions.append(Attribution(ann_id=event_id, **{r: tuple(sorted(p)) for r, p in found.items()}))
    return attributions


def annotations(folder: os.PathLike) -> Dict[str, List[Path]]:
    """{text name: its .ann files in sorted order} for every text of ``folder/text`` that has one."""
    folder = Path(folder)
    by_text: Dict[str, List[Path]] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        by_text.setdefault(ann.name.rsplit("_", 1)[0], []).append(ann)
    return {text.stem: by_text[text.stem] for text in sorted((folder / "text").glob("*.txt"))
            if text.stem in by_text}


def gold_files(folder: os.PathLike) -> Dict[str, Path]:
    """{text name: the first .ann in sorted order} for every text of ``folder/text`` that has one."""
    return {name: anns[0] for name, anns in annotations(folder).items()}


def read_gold(folder: os.PathLike) -> Dict[str, List[Attribution]]:
    """{text name: attributions of its chosen annotator}."""
    return {name: parse_ann(path.read_text(encoding="utf-8"))
            for name, path in gold_files(folder).items()}


# ---------------------------------------------------------------------------------------------- spans

def _edge_char(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch).startswith("P")


def trimmed(text: str, span: Span) -> Tuple[int, int]:
    """The union range of a span with whitespace and punctuation trimmed from both edges."""
    start, end = span[0][0], max(e for _, e in span)
    while start < end and start < len(text) and _edge_char(text[start]):
        start += 1
    while end > start and end - 1 < len(text) and _edge_char(text[end - 1]):
        end -= 1
    return start, end


def read_text(folder: Path, name: str) -> str:
    """The text of ``text/<name>.txt`` as brat counts it: UTF-8, newlines unchanged ("\\r\\n" is two characters)."""
    with open(folder / "text" / f"{name}.txt", encoding="utf-8", newline="") as f:
        return f.read()


def overlap(a: Span, b: Span) -> int:
    """Characters shared by two spans."""
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def tokens(text: str, span: Span) -> List[Tuple[int, int]]:
    """Word tokens (``\\w+``) of ``text`` that lie in the span (any character inside a piece)."""
    out = []
    for s, e in span:
        out.extend((m.start(), m.end()) for m in _WORD.finditer(text, 0, len(text))
                   if m.start() < e and s < m.end())
    return sorted(set(out))


def _tokens_in(toks: Sequence[Tuple[int, int]], span: Span) -> int:
    return sum(1 for ts, te in toks if any(ts < e and s < te for s, e in span))


def _contiguous(start, end) -> Optional[Span]:
    if start is None or end is None or end <= start:
        return None
    return ((int(start), int(end)),)


def statement_spans(row: Mapping[str, Any]) -> Attribution:
    spans = {role: _contiguous(row.get(s), row.get(e)) for role, (s, e) in PRED_COLUMNS.items()}
    pieces = tuple((int(p["start"]), int(p["end"])) for p in row.get("content_spans") or () if p["end"] > p["start"])
    if spans["content"] is not None and len(pieces) > 1:
        spans["content"] = pieces          # the content without the attribution that splits it
    return Attribution(**spans, ann_id=str(row.get("statement_id") or ""))


# ---------------------------------------------------------------------------------------------- matching

def match_exact(text: str, gold: Sequence[Span], pred: Sequence[Span]) -> PRF:
    remaining: Dict[Tuple[int, int], int] = {}
    for g in gold:
        key = trimmed(text, g)
        remaining[key] = remaining.get(key, 0) + 1
    tp = 0
    for p in pred:
        key = trimmed(text, p)
        if remaining.get(key):
            remaining[key] -= 1
            tp += 1
    return PRF(tp, len(pred), tp, len(gold))


def overlap_pairs(gold: Sequence[Span], pred: Sequence[Span]) -> List[Tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs, greedy on the largest shared character count."""
    candidates = sorted(((overlap(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)
                         if overlap(g, p) > 0), key=lambda c: (-c[0], c[1], c[2]))
    used_g, used_p, pairs = set(), set(), []
    for _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


def match_overlap(gold: Sequence[Span], pred: Sequence[Span]) -> PRF:
    n = len(overlap_pairs(gold, pred))
    return PRF(n, len(pred), n, len(gold))


def match_proportional(text: str, gold: Sequence[Span], pred: Sequence[Span]) -> PRF:
    tp_pred = tp_gold = 0.0
    for gi, pi in overlap_pairs(gold, pred):
        g_toks, p_toks = tokens(text, gold[gi]), tokens(text, pred[pi])
        if p_toks:
            tp_pred += _tokens_in(p_toks, gold[gi]) / len(p_toks)
        if g_toks:
            tp_gold += _tokens_in(g_toks, pred[pi]) / len(g_toks)
    return PRF(tp_pred, len(pred), tp_gold, len(gold))


def match_attributions(gold: Sequence[Attribution], pred: Sequence[Attribution]) -> PRF:
    def ok(g: Attribution, p: Attribution) -> bool:
        for role in ROLES:
            gs, ps = getattr(g, role), getattr(p, role)
            if gs is None and role == "source":
                continue
            if gs is None or ps is None or overlap(gs, ps) == 0:
                return False
        return True
    candidates = sorted(((overlap(g.content or (), p.content or ()), gi, pi)
                         for gi, g in enumerate(gold) for pi, p in enumerate(pred) if ok(g, p)),
                        key=lambda c: (-c[0], c[1], c[2]))
    used_g, used_p = set(), set()
    for _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
    return PRF(len(used_g), len(pred), len(used_g), len(gold))


def layer_names() -> List[str]:
    names = []
    for role in ROLES:
        names += [f"{role} exact", f"{role} overlap"]
    return names + ["content proportional", "attribution overlap"]


def score_document(text: str, gold: Sequence[Attribution], pred: Sequence[Attribution]) -> Dict[str, PRF]:
    """All layers for one text."""
    out: Dict[str, PRF] = {}
    for role in ROLES:
        g = [getattr(a, role) for a in gold if getattr(a, role) is not None]
        p = [getattr(a, role) for a in pred if getattr(a, role) is not None]
        out[f"{role} exact"] = match_exact(text, g, p)
        out[f"{role} overlap"] = match_overlap(g, p)
        if role == "content":
            out["content proportional"] = match_proportional(text, g, p)
    out["attribution overlap"] = match_attributions(gold, pred)
    return out


def source_given_content(gold: Sequence[Attribution], pred: Sequence[Attribution]) -> Accuracy:
    """Of the content-overlap pairs whose gold has a source, how many have an overlapping predicted source."""
    g = [a for a in gold if a.content is not None]
    p = [a for a in pred if a.content is not None]
    acc = Accuracy()
    for gi, pi in overlap_pairs([a.content for a in g], [a.content for a in p]):
        if g[gi].source is None:
            continue
        acc.total += 1
        if p[pi].source is not None and overlap(g[gi].source, p[pi].source) > 0:
            acc.correct += 1
    return acc


def _text_name(url: Optional[str]) -> Optional[str]:
    if not url or not url.startswith("file:"):
        return None
    return Path(url2pathname(urlparse(url).path)).stem


# ---------------------------------------------------------------------------------------------- the scorer

def _run_by_text(tables: Mapping[str, Any]) -> Dict[str, Tuple[dict, List[Attribution]]]:
    """{text name: (its output article, its statements as Attributions)} for the run's ``file://`` articles."""
    by_article: Dict[str, List[dict]] = {}
    for s in rows(tables.get("statements")):
        by_article.setdefault(s.get("article_id"), []).append(s)
    out: Dict[str, Tuple[dict, List[Attribution]]] = {}
    for article in rows(tables.get("articles")):
        name = _text_name(article.get("url"))
        if name is not None:
            spans = [statement_spans(s) for s in by_article.get(article.get("article_id"), [])]
            # a joint act has a row per speaker ("The two leaders affirmed ..."), with the same spans: PolNeAR
            # annotates it once, as one attribution of the joint source
            once = {(a.source, a.cue, a.content): a for a in reversed(spans)}
            out[name] = (article, [a for a in spans if once[(a.source, a.cue, a.content)] is a])
    return out


def score_polnear(folder: os.PathLike, tables: Mapping[str, Any], title: Optional[str] = None) -> Report:
    """Score ``tables`` (``articles`` and ``statements``: pyarrow Table, DataFrame or list of dicts, as read with
    ``read_table``) against the PolNeAR attributions of ``folder`` (holding ``text/`` and ``attributions/``)."""
    folder = Path(folder)
    gold = read_gold(folder)
    run = _run_by_text(tables)
    report = Report(title or f"PolNeAR attributions: {folder}")
    for name in layer_names():
        report.prf[name] = PRF()
    missing, text_differs, n_attr = [], 0, 0
    for name, attributions in gold.items():
        text = read_text(folder, name)
        article, pred = run.get(name, (None, []))
        if article is None:
            missing.append(name)
        elif article.get("text") != text:
            text_differs += 1
        n_attr += len(attributions)
        for layer, prf in score_document(text, attributions, pred).items():
            report.prf[layer] = report.prf[layer] + prf
        acc = source_given_content(attributions, pred)
        total = report.accuracy.setdefault("source | content matched", Accuracy())
        total.correct += acc.correct
        total.total += acc.total
    report.notes.append(f"texts scored: {len(gold)} (first .ann in sorted order per text); gold attributions: "
                        f"{n_attr}; texts without an output article: {len(missing)}; "
                        f"output texts differing from the .txt: {text_differs}")
    return report


AGREEMENT_LAYERS = ("source overlap", "cue overlap", "content overlap", "attribution overlap")


def annotator_agreement(folder: os.PathLike, tables: Mapping[str, Any]) -> Optional[Report]:
    """How far two PolNeAR annotators agree, beside the run, on the texts of ``folder`` that two annotated.

    On every text with a second ``.ann``, the second annotator is scored against the first (the gold) with the
    same matching as :func:`score_polnear`, and so is the run: the annotators' agreement is the ceiling a system
    can be expected to reach on this gold. None when no text has a second annotator."""
    folder = Path(folder)
    doubly = {name: anns for name, anns in annotations(folder).items() if len(anns) > 1}
    if not doubly:
        return None
    run = _run_by_text(tables)
    report = Report(f"PolNeAR annotator agreement on the {len(doubly)} texts two annotators annotated: "
                    "second annotator and this run, each scored against the first")
    for layer in AGREEMENT_LAYERS:
        report.prf[f"{layer}, annotator 2"] = PRF()
        report.prf[f"{layer}, this run"] = PRF()
    for name, anns in doubly.items():
        text = read_text(folder, name)
        first, second = (parse_ann(path.read_text(encoding="utf-8")) for path in anns[:2])
        for who, pred in (("annotator 2", second), ("this run", run.get(name, (None, []))[1])):
            scores = score_document(text, first, pred)
            for layer in AGREEMENT_LAYERS:
                key = f"{layer}, {who}"
                report.prf[key] = report.prf[key] + scores[layer]
    return report
