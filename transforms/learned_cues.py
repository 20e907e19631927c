"""Attribution cues the lexicon misses, scored by a learned model: "Russian leaders oppose the plan",
"Republicans want tax cuts that ...", "which he said were paid by ...".

Every verb outside quotation marks that has a source (its subject, or the agent of a passive) and is not already
the cue of a lexicon statement is a candidate. A logistic model over the verb's parse features (lemma,
dependents, complement type, the source's part of speech and entity type, whether it lies inside another
statement's content, its lexicon kind) gives the probability that a reader of political news marks it as an
attribution of that source; above the model's threshold it becomes a statement like a lexicon cue.

The weights ship as ``lexicons/cue_model.tsv`` (feature, weight; ``__bias__`` and ``__threshold__`` rows), a
readable table like the other lexicons. ``communique train-cues`` fits them on PolNeAR's training split (see
:mod:`communique.pipelines.train_cues`); nothing is downloaded or learned at run time.
"""
from __future__ import annotations

import dataclasses
import functools
import math
from typing import Dict, List, Optional, Sequence, Set

from spacy.tokens import Span, Token

from communique.transforms import lexicons
from communique.transforms.cue_subjects import agent, subject, usable_source
from communique.transforms.cues import cue_of, wrapped_cue
from communique.transforms.quotes import QuoteIndex
from communique.transforms.raw_statements import RawStatement

MODEL_FILE = "cue_model.tsv"
NO_MODEL = "none"            # a run option's value that turns learned cues off
LEARNED = "learned"          # the kind of a cue the model found
_COMPLEMENTS = ("ccomp", "xcomp", "dobj", "oprd")
_HEAD_DEPS = ("xcomp", "ccomp", "advcl", "conj", "relcl", "acl", "pcomp")


@dataclasses.dataclass(frozen=True)
class CueModel:
    """A logistic model over candidate features: p = sigmoid(bias + sum of the weights of present features)."""
    weights: Dict[str, float]
    bias: float
    threshold: float

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold < 1.0:
            raise ValueError(f"threshold must lie strictly between 0 and 1, got {self.threshold}")

    def logit(self, features: Sequence[str]) -> float:
        return self.bias + sum(self.weights.get(f, 0.0) for f in features)

    def accepts(self, tok: Token, source: Token, features: Sequence[str]) -> bool:
        """Whether the verb is a cue; ``tok`` and ``source`` are there for models that record candidates."""
        return self.logit(features) >= self.cut

    @property
    def takes_nothing(self) -> bool:
        """A model that no verb can pass (``OFF``): candidates need not even be scored."""
        return self.bias == -math.inf

    @functools.cached_property
    def cut(self) -> float:
        """The threshold as a logit, so scoring needs no exponential."""
        return math.log(self.threshold / (1.0 - self.threshold))


def parse_model(text: str) -> CueModel:
    """A model from its TSV text: ``feature<TAB>weight`` rows, ``__bias__`` and ``__threshold__`` among them."""
    weights: Dict[str, float] = {}
    for row in lexicons.rows(text):
        if len(row) != 2:
            raise ValueError(f"cue model rows are feature<TAB>weight, got {row!r}")
        weights[row[0]] = float(row[1])
    if "__bias__" not in weights or "__threshold__" not in weights:
        raise ValueError("cue model lacks its __bias__ or __threshold__ row")
    return CueModel(weights, weights.pop("__bias__"), weights.pop("__threshold__"))


@functools.lru_cache(maxsize=None)
def packaged_model() -> CueModel:
    """The shipped model (read once per process)."""
    return parse_model(lexicons.read_packaged(MODEL_FILE))


OFF = CueModel({}, bias=-math.inf, threshold=0.5)      # takes no verb


def read_spec(value: Optional[str]) -> Optional[str]:
    """A ``--cue-model`` value as a run carries it: None (the shipped model), ``NO_MODEL``, or the text of the
    model file it names, read and checked (``ValueError`` for a missing or malformed file)."""
    if value is None or value == NO_MODEL:
        return value
    try:
        with open(value, encoding="utf-8") as fh:
            text = fh.read()
    except OSError as exc:
        raise ValueError(f"cannot read it ({exc.strerror or exc})") from exc
    parse_model(text)
    return text


def model_from_spec(spec: Optional[str]) -> CueModel:
    """The model a run asks for: None for the shipped one, ``NO_MODEL`` for none, else a model file's text (read
    where the run starts, so that remote workers need no access to the file)."""
    if spec is None:
        return packaged_model()
    if spec == NO_MODEL:
        return OFF
    return parse_model(spec)


def verb_features(tok: Token, source: Token, inside: bool, quoted_sentence: bool) -> List[str]:
    """Features of a candidate verb and its source, as strings ("l=support|comp=dobj", "s_ent=GPE")."""
    lemma = tok.lemma_.lower()
    feats = [f"l={lemma}", f"tag={tok.tag_}", f"dep={tok.dep_}", f"l={lemma}|dep={tok.dep_}"]
    for dep in sorted({c.dep_ for c in tok.children}):
        feats += [f"c={dep}", f"l={lemma}|c={dep}"]
    comp = next((c.dep_ for c in tok.children if c.dep_ in _COMPLEMENTS), "none")
    feats.append(f"l={lemma}|comp={comp}")
    for c in tok.children:
        if c.dep_ in ("dobj", "prep", "prt"):
            feats.append(f"l={lemma}|{c.dep_}={c.lemma_.lower()}")
        elif c.dep_ == "neg":
            feats.append("neg")
        elif c.dep_ == "ccomp":
            feats.append("ccomp_mark=" + next((m.lower_ for m in c.children if m.dep_ == "mark"), "-"))
    pos = "pron" if source.pos_ == "PRON" else source.pos_
    ent = source.ent_type_ or "-"
    feats += [f"s_pos={pos}", f"s_ent={ent}", f"l={lemma}|s_pos={pos}", f"l={lemma}|s_ent={ent}"]
    feats.append(f"s_low={source.lower_}" if source.pos_ == "PRON" else f"s_lemma={source.lemma_.lower()}")
    feats.append(f"s_dep={source.dep_}")
    if tok.dep_ in _HEAD_DEPS:
        feats.append(f"h={tok.head.lemma_.lower()}|dep={tok.dep_}")
    found = cue_of(tok)
    feats += [f"inside={inside}", f"lex={found[0].kind if found else 'none'}", f"quote_in_sent={quoted_sentence}"]
    return feats


def candidate_source(tok: Token, quotes: QuoteIndex) -> Optional[Token]:
    """The source token of a candidate verb, or None when it has none a statement could name."""
    if tok.pos_ != "VERB" or quotes.inside(tok.idx):
        return None
    source = subject(tok, quotes) or agent(tok)
    return source if usable_source(source, quotes) else None


def learned_cues(sent: Span, found: Sequence[RawStatement], taken: Set[int], quotes: QuoteIndex,
                 model: CueModel) -> List[Token]:
    """The sentence's verbs the model takes for cues, beside the lexicon statements ``found`` in it (``taken``:
    the tokens of the lexicon cues that made or extended one)."""
    if model.takes_nothing:
        return []
    quoted_sentence = bool(quotes.overlapping(sent.start_char, sent.end_char))
    chosen = []
    for tok in sent:
        wrapped = wrapped_cue(tok)
        if tok.i in taken or (wrapped is not None and wrapped.i in taken):
            continue
        source = candidate_source(tok, quotes)
        if source is None:
            continue
        inside = any(s.holds(tok.idx) for s in found)
        if model.accepts(tok, source, verb_features(tok, source, inside, quoted_sentence)):
            chosen.append(tok)
    return chosen


def learned_cue(tok: Token) -> lexicons.Cue:
    """The cue a learned verb stands for: its lexicon act when the lemma has one ("support" -> SUPPORT), or its
    phrase with "to" ("committed to establishing" -> AGREE)."""
    lemma = tok.lemma_.lower()
    table = lexicons.cues()
    to = any((c.dep_ == "prep" and c.lower_ == "to") or c.dep_ == "xcomp" for c in tok.children)
    known = table.get(lemma) or (table.get(f"{lemma} to") if to else None)      # "committed to establishing"
    return lexicons.Cue(lemma, known.act if known else "STATEMENT", LEARNED)
