"""Statements reported through a noun: "Trump's claim that ...", "her promise to ...", "Lavrov's call for ...".

The noun comes from ``lexicons/nominal_cues.tsv``; its possessor is the source and its complement the content:
a "that" clause, an infinitive, or the object of "for", whichever the lexicon allows for that noun. A noun with
no possessor, or inside quotation marks, makes no statement: "the claim that ..." says nothing of who claims.
Pure functions over a parsed sentence.
"""
from __future__ import annotations

import dataclasses
from typing import List, Optional, Tuple

from spacy.tokens import Span, Token

from communique.transforms import lexicons
from communique.transforms.actors import DocActors
from communique.transforms.quotes import QuoteIndex
from communique.transforms.raw_statements import RawStatement, extend_to_quotes, trim_tokens
from communique.transforms.speakers import SpeakerResolver, antecedent, span_of


@dataclasses.dataclass(frozen=True)
class NominalFinding:
    source: Token              # the possessor: "Trump" of "Trump's claim", "his" of "his promise"
    cue: Token                 # the noun
    act: str                   # PLOVER act of the noun
    content: Tuple[int, int]   # token range [start, end) of the complement
    root: Token                # head of the complement


def _that_clause(noun: Token) -> Optional[Token]:
    for child in noun.children:
        if child.dep_ in ("acl", "ccomp", "relcl") and child.i > noun.i and any(
                c.dep_ == "mark" and c.lower_ == "that" for c in child.children):
            return child
    return None


def _infinitive(noun: Token) -> Optional[Token]:
    for child in noun.children:
        if child.dep_ in ("acl", "xcomp") and child.i > noun.i and child.tag_ == "VB" and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
            return child
    return None


def _for_object(noun: Token) -> Optional[Tuple[int, int, Token]]:
    prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "for"), None)
    if prep is None:
        return None
    obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
    if obj is None:
        return None
    end = max(obj.right_edge.i, max((c.right_edge.i for c in noun.children if c.i > prep.i
                                     and c.dep_ in ("acl",)), default=obj.right_edge.i))
    return obj.left_edge.i, end + 1, obj


def _content(noun: Token, cue: lexicons.NominalCue) -> Optional[Tuple[int, int, Token]]:
    for kind in cue.complements:
        if kind == "for":
            found = _for_object(noun)
            if found is not None:
                return found
            continue
        head = _that_clause(noun) if kind == "that" else _infinitive(noun)
        if head is not None:
            return head.left_edge.i, head.right_edge.i + 1, head
    return None


def nominal_findings(sent: Span, quotes: QuoteIndex) -> List[NominalFinding]:
    """Every reporting noun of the sentence with a possessor and a complement, outside quotation marks."""
    table = lexicons.nominal_cues()
    found = []
    for tok in sent:
        if tok.pos_ != "NOUN" or quotes.inside(tok.idx):
            continue
        cue = table.get(tok.lemma_.lower())
        if cue is None:
            continue
        source = next((c for c in tok.children if c.dep_ == "poss"), None)
        if source is None or quotes.inside(source.idx):
            continue
        content = _content(tok, cue)
        if content is None:
            continue
        found.append(NominalFinding(source=source, cue=tok, act=cue.act, content=(content[0], content[1]),
                                    root=content[2]))
    return found


def nominal_statements(sent: Span, actors: DocActors, resolver: SpeakerResolver, quotes: QuoteIndex,
                       found: List[RawStatement]) -> List[RawStatement]:
    """'Trump's claim that ...', 'her promise to ...': reporting nouns outside the statements already found."""
    doc = sent.doc
    out = []
    for f in nominal_findings(sent, quotes):
        if any(s.holds(f.cue.idx) for s in found):
            continue
        s_i, e_i = trim_tokens(doc, *f.content)
        if e_i <= s_i:
            continue
        start, end = extend_to_quotes(doc[s_i].idx, doc[e_i - 1].idx + len(doc[e_i - 1]), quotes)
        source = antecedent(f.source)
        out.append(RawStatement(
            speaker=resolver.resolve(source, quotes), speaker_span=span_of(source, actors), cue=f.cue.text,
            cue_span=(f.cue.idx, f.cue.idx + len(f.cue)), cue_act=f.act, cue_token=f.cue.i, content=(start, end),
            sentence=(sent.start_char, max(sent.end_char, end)), complement_root=f.root.i))
    return out
