"""Statements whose source a phrase names beside the content rather than a verb's subject: "..., according to
Smith", "..., per the WHO", "In his view, ...", "In the opinion of the head of state, ...". The source is the
phrase's person, organisation, role or pronoun, the content the rest of the sentence. Pure functions over a
parsed sentence.
"""
from __future__ import annotations

from typing import List, Optional, Tuple

from spacy.tokens import Span, Token

from communique.transforms import lexicons
from communique.transforms.actors import PERSON, DocActors
from communique.transforms.content_extent import rest_of_sentence
from communique.transforms.quotes import QuoteIndex
from communique.transforms.raw_statements import RawStatement, extend_to_quotes
from communique.transforms.speakers import SpeakerResolver, span_of


def according_to_statements(sent: Span, actors: DocActors, resolver: SpeakerResolver,
                            quotes: QuoteIndex) -> List[RawStatement]:
    """'..., according to Smith.', '..., per the WHO.', 'In his opinion, ...': the source is the object of 'to' (of
    'per' when it names a person or an organisation, not "per day"; the holder of the opinion or view), the
    content the rest of the sentence."""
    found = []
    for tok in sent:
        if tok.lower_ not in ("according", "per", "in") or quotes.inside(tok.idx) or tok.i + 1 >= sent.end:
            continue
        phrase = _source_phrase(tok, actors)
        if phrase is None:
            continue
        last, source = phrase
        speaker = resolver.resolve(source, quotes)
        rest = rest_of_sentence(sent, {t.i for t in tok.subtree} | {t.i for t in last.subtree})
        if rest is None:
            continue
        doc = sent.doc
        start, end = extend_to_quotes(doc[rest[0]].idx, doc[rest[1] - 1].idx + len(doc[rest[1] - 1]), quotes)
        found.append(RawStatement(
            speaker=speaker, speaker_span=span_of(source, actors), cue=doc[tok.i:last.i + 1].text.lower(),
            cue_span=(tok.idx, last.idx + len(last)), cue_act="STATEMENT", cue_token=tok.i, content=(start, end),
            sentence=(sent.start_char, max(sent.end_char, end)), complement_root=None))
    return found


def _source_phrase(tok: Token, actors: DocActors) -> Optional[Tuple[Token, Token]]:
    """(last token of the cue, source token) of "according to X", "per X", "in X's opinion/view", "in the opinion
    of X"; None for any other use of these words."""
    doc = tok.doc
    obj = lambda t: next((c for c in t.children if c.dep_ == "pobj"), None)      # noqa: E731
    if tok.lower_ == "according":
        to = doc[tok.i + 1]
        return (to, obj(to)) if to.lower_ == "to" and obj(to) is not None else None
    if tok.lower_ == "per":
        source = obj(tok)
        mention = actors.mention_at(source) if source is not None else None
        return (tok, source) if mention is not None and mention.actor.actor_type in (PERSON, "ORG") else None
    noun = obj(tok)
    if noun is None or noun.lemma_.lower() not in ("opinion", "view") or tok.dep_ == "pobj":
        return None
    holder = next((c for c in noun.children if c.dep_ == "poss"), None)
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if holder is None and of is not None and _someone(obj(of), actors):
        return of, obj(of)                                   # "In the opinion of the head of state, ..."
    return (noun, holder) if _someone(holder, actors) else None      # "In his view, ..."; not "in view of"


def _someone(tok: Optional[Token], actors: DocActors) -> bool:
    """Whether a token can hold a view: a pronoun (not the "your" of a question), an actor's name or a role ("the
    head of state")."""
    return tok is not None and ((tok.pos_ == "PRON" and tok.lower_ not in ("you", "your"))
                                or actors.mention_at(tok) is not None
                                or lexicons.roles().get(tok.lemma_.lower()) is not None)
