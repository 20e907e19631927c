"""``communique train-cues``: fit the learned-cue model (:mod:`communique.transforms.learned_cues`) on a PolNeAR
folder and write it as the TSV the pipeline ships (``transforms/lexicons/cue_model.tsv``).

Candidates are collected by running the product's own statement finder with a model that records every verb it
is asked about and takes none, so training sees exactly the candidates and features the pipeline scores. A
candidate is positive when a gold attribution's cue covers the verb and its source overlaps the candidate's
source span. The model is an L1-regularised logistic regression (scikit-learn, the ``train`` extra); only its
non-zero weights are written. Train on PolNeAR's ``train`` split; ``communique evaluate`` on ``dev`` measures.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime
import sys
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from spacy.tokens import Token

from communique.transforms.learned_cues import CueModel

DEFAULT_C = 0.5
DEFAULT_THRESHOLD = 0.6


class TrainError(Exception):
    """A usage problem of ``communique train-cues`` (one line, exit 2)."""


@dataclasses.dataclass(frozen=True)
class CandidateRecorder(CueModel):
    """A model that takes no verb and remembers each one it was asked about, with its source and features."""
    seen: List[Tuple[Token, Token, List[str]]] = dataclasses.field(default_factory=list)

    def accepts(self, tok: Token, source: Token, features: Sequence[str]) -> bool:
        self.seen.append((tok, source, list(features)))
        return False


def recorder() -> CandidateRecorder:
    return CandidateRecorder(weights={}, bias=0.0, threshold=0.5)


def label(verb_idx: int, source: Tuple[int, int], gold: Sequence) -> bool:
    """Whether a gold attribution (``score_polnear.Attribution``) has a cue piece covering the verb's first
    character and a source piece overlapping ``source``."""
    from communique.pipelines.score_polnear import overlap

    return any(att.source and att.cue and overlap(att.cue, ((verb_idx, verb_idx + 1),)) > 0
               and overlap(att.source, (source,)) > 0 for att in gold)


def collect(folder: Path, model_name: Optional[str] = None) -> Tuple[List[List[str]], List[bool]]:
    """Features and labels of every candidate verb in the folder's annotated texts."""
    from communique.pipelines.score_polnear import read_gold, read_text
    from communique.transforms.actors import DocActors
    from communique.transforms.attribution import find_statements
    from communique.transforms.cue_subjects import source_span
    from communique.transforms.nlp_model import doc_quote_spans, load_model, nlp_text
    from communique.transforms.quotes import QuoteIndex

    gold = read_gold(folder)
    if not gold:
        raise TrainError(f"{folder}: no PolNeAR attributions (expected text/ and attributions/ folders)")
    nlp = load_model(model_name)
    names = sorted(gold)
    texts = [read_text(folder, name) for name in names]
    features: List[List[str]] = []
    labels: List[bool] = []
    for name, doc in zip(names, nlp.pipe(nlp_text(t) for t in texts)):
        actors = DocActors(doc)
        seen = recorder()
        find_statements(doc, actors, QuoteIndex(doc_quote_spans(doc)), cue_model=seen)
        for tok, source, feats in seen.seen:
            features.append(feats)
            labels.append(label(tok.idx, source_span(source, actors), gold[name]))
    return features, labels


def fit(features: List[List[str]], labels: List[bool], c: float = DEFAULT_C) -> Tuple[Dict[str, float], float]:
    """Non-zero weights and the bias of an L1 logistic regression on binary features."""
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:
        raise TrainError("train-cues needs scikit-learn: pip install -e '.[train]'") from exc
    if len(set(labels)) < 2:
        raise TrainError("training needs both positive and negative candidates")
    vec = DictVectorizer()
    x = vec.fit_transform([{f: 1 for f in feats} for feats in features])
    model = LogisticRegression(C=c, penalty="l1", solver="liblinear", max_iter=2000, random_state=0).fit(x, labels)
    weights = {name: round(float(w), 4) for name, w in zip(vec.get_feature_names_out(), model.coef_[0])
               if abs(w) >= 1e-4}
    return weights, round(float(model.intercept_[0]), 4)


def model_tsv(weights: Dict[str, float], bias: float, threshold: float, header: Sequence[str]) -> str:
    lines = [f"# {h}" for h in header] + [f"__bias__\t{bias}", f"__threshold__\t{threshold}"]
    lines += [f"{name}\t{w}" for name, w in sorted(weights.items(), key=lambda kv: (-abs(kv[1]), kv[0]))]
    return "\n".join(lines) + "\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--gold", required=True, metavar="DIR", help="a PolNeAR folder (text/, attributions/)")
    parser.add_argument("--out", required=True, metavar="TSV", help="where to write the model")
    parser.add_argument("--c", type=float, default=DEFAULT_C, help=f"inverse L1 strength (default {DEFAULT_C})")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD,
                        help=f"probability from which a verb is a cue (default {DEFAULT_THRESHOLD})")
    parser.add_argument("--model", default=None, help="spaCy model package (default: the installed English model)")


def cmd_train_cues(args: argparse.Namespace) -> int:
    folder = Path(args.gold)
    if not (folder / "text").is_dir() or not (folder / "attributions").is_dir():
        raise TrainError(f"--gold {folder}: not a PolNeAR folder (text/ and attributions/)")
    if not 0.0 < args.threshold < 1.0 or args.c <= 0:
        raise TrainError("--threshold must lie in (0, 1) and --c be positive")
    features, labels = collect(folder, args.model)
    weights, bias = fit(features, labels, args.c)
    header = [f"Learned attribution cues (communique train-cues), {datetime.date.today().isoformat()}: "
              f"L1 logistic regression, C={args.c}, on {len(labels):,} candidate verbs "
              f"({sum(labels):,} positive) of {folder.name} ({folder}).",
              "feature<TAB>weight; p = sigmoid(__bias__ + weights of the features present); a cue from __threshold__."]
    Path(args.out).write_text(model_tsv(weights, bias, args.threshold, header), encoding="utf-8")
    print(f"{len(labels):,} candidates, {sum(labels):,} positive; {len(weights):,} non-zero weights -> {args.out}",
          file=sys.stderr)
    return 0
