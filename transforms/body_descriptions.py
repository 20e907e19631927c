"""Organisations named by what they are: "CBP announced ... Later, the agency said", "..., said Marlow
Capital Partners. ... the brokerage said", "after Reuters reported ... The news organization reported".

A singular noun of an organisation's kind with "the" ("the agency", "the company", "the news organization") is
the organisation the text named before whose name has that word ("the agency" after "the Environmental Protection
Agency"), else the organisation that made the statement just before, else the organisation that was the
subject of that sentence or the one before; so is a spokesperson the text ties to no body. Pure functions over
the parse and the document's actor mentions.
"""
from __future__ import annotations

from typing import Optional, Sequence

from spacy.tokens import Token

from communique.transforms.actors import ORG, ActorRef, Mention
from communique.transforms.name_spans import BODY_WORDS

# the kinds of organisation a text calls one by ("the agency said"): the body words of names (not those of
# forces, groups of people or programmes: "the police said" is a group), and kinds of company, outlet and body
BODY_KINDS = frozenset(BODY_WORDS - {"police", "guard", "forces", "army", "navy", "administration", "fund", "programme",
                                     "program", "centre", "center", "laboratory", "forum", "division", "unit",
                                     "services", "directorate", "assembly", "society"}) | frozenset({
    "firm", "brokerage", "lender", "insurer", "regulator", "watchdog", "broadcaster", "newspaper", "paper", "outlet",
    "publication", "charity", "campaign", "airline", "carrier", "manufacturer", "automaker", "carmaker", "retailer",
    "utility", "operator", "nonprofit", "non-profit", "tank", "tribunal", "panel", "body", "hospital", "club", "team",
    "league", "conglomerate", "giant", "startup", "exporter", "importer", "supplier", "force"})
_SUBJECT = ("nsubj", "nsubjpass")


def is_body_description(head: Token) -> bool:
    """'the agency', 'The news organization': a singular noun of an organisation's kind after "the" (not "the
    agency's", not "an agency", not a plural)."""
    return head.pos_ == "NOUN" and head.tag_ == "NN" and head.lemma_.lower() in BODY_KINDS \
        and any(c.dep_ == "det" and c.lower_ == "the" for c in head.children)


def described_body(head: Token, mentions: Sequence[Mention], last_speaker: Optional[ActorRef]) -> Optional[ActorRef]:
    """The organisation ``head`` ("the agency") describes, or None (see the module docstring). ``mentions``:
    the document's :class:`~communique.transforms.actors.Mention` rows in text order; ``last_speaker``: the
    speaker of the statement just before, if near."""
    if not is_body_description(head):
        return None
    before = [m for m in mentions if m.actor.actor_type == ORG and m.start < head.idx]
    kind = head.lemma_.lower()
    named = [m for m in before if kind in m.actor.name.lower().split()]
    if named:
        return named[-1].actor
    return spoken_for(head, before, last_speaker)


def spoken_for(head: Token, mentions: Sequence[Mention], last_speaker: Optional[ActorRef]) -> Optional[ActorRef]:
    """The organisation an unattached description or spokesperson stands for ("A spokesperson said"): the one that
    made the statement just before, else the one that was the subject of this sentence or the one before."""
    if last_speaker is not None and last_speaker.actor_type == ORG:
        return last_speaker
    return _recent_subject(head, [m for m in mentions if m.actor.actor_type == ORG and m.start < head.idx])


def previous_sentence_start(tok: Token) -> int:
    """The first token of the sentence before a token's own (of its own, in the first sentence)."""
    start = tok.sent.start
    return tok.doc[start - 1].sent.start if start > 0 else start


def _recent_subject(head: Token, before: Sequence[Mention]) -> Optional[ActorRef]:
    """The last organisation that was a grammatical subject in the head's sentence or the one before."""
    first = previous_sentence_start(head)
    for m in reversed(before):
        tok = head.doc[m.token_i]
        if tok.i >= first and tok.dep_ in _SUBJECT:
            return m.actor
    return None
