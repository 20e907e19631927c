"""Organisations named by what they are: "CBP announced ... Later, the agency said", "..., said Marlow
Capital Partners. ... the brokerage said", "after Reuters reported ... The news organization reported".

A singular noun of an organisation's kind with "the" ("the agency", "the company", "the news organization") is
the organisation the text named before whose name has that word ("the agency" after "the Environmental Protection
Agency"), else the organisation that made the statement just before, else the organisation that was the
subject of that sentence or the one before; so is a spokesperson the text ties to no body. A document speaks
for the body that issued it ("figures published by the ministry"), an office named by its full title with no
holder is a body of its own ("The United Nations High Commissioner for Human Rights said"), and so is a country's
ministry named by its portfolio ("Norway's foreign ministry" -> Norwegian Foreign Ministry). Pure functions over
the parse and the document's actor mentions.
"""
from __future__ import annotations

from typing import Optional, Sequence

from spacy.tokens import Token

from communique.transforms import countries
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


_ISSUING = {"release", "publish", "issue", "compile", "produce", "prepare", "put", "send", "post", "file"}


def issued_by(head: Token) -> Optional[Token]:
    """'according to figures published by the ministry', 'A statement issued by the agency said': the issuer a document
    names by "by", who speaks through it; None for any other noun."""
    if head.pos_ != "NOUN":
        return None
    for acl in head.children:
        if acl.dep_ == "acl" and acl.tag_ == "VBN" and acl.lemma_.lower() in _ISSUING:
            for agent in acl.children:
                if agent.dep_ == "agent":
                    return next((o for o in agent.children if o.dep_ == "pobj"), None)
    return None


def office_name(head: Token) -> Optional[str]:
    """'The United Nations High Commissioner for Human Rights said': an office the text names by its full title,
    naming no holder, as the body it is: its capitalised words with the body or country they belong to (three
    words or more, one of them an organisation's or a country's); None for "the minister", "the High Commissioner"."""
    doc = head.doc
    words = [t for t in doc[head.left_edge.i:head.right_edge.i + 1] if t.dep_ != "det"]
    while words and (words[-1].is_punct or words[-1].is_space):
        words.pop()
    content = [t for t in words if t.lower_ not in ("of", "for", "on", "the", "and")]
    if len(content) < 3 or not all(t.text[:1].isupper() for t in content) or \
            not any(t.ent_type_ in ("ORG", "GPE", "NORP") for t in content) or \
            any(t.ent_type_ == "PERSON" for t in content):      # "Assistant Secretary ... Eliot Kang": a person
        return None
    return doc[words[0].i:words[-1].i + 1].text


def ministry(head: Token) -> Optional[ActorRef]:
    """'Norway's foreign ministry said', 'the Chinese commerce ministry said': a country's ministry named by its
    portfolio, as the body annotators and event coders name ("Russian Foreign Ministry"); None without both."""
    if head.lemma_.lower() != "ministry" or head.tag_ not in ("NN", "NNP"):
        return None
    country, portfolio = None, []
    for mod in head.doc[head.left_edge.i:head.i]:      # "the Chinese commerce ministry": Chinese hangs on commerce
        hit = countries.lookup(mod.text) if mod.text[:1].isupper() else None
        if hit is not None and mod.dep_ in ("amod", "compound", "poss", "nmod"):
            demonym = mod.dep_ != "poss" and mod.text != hit[1] and not mod.text.endswith("s")     # "Chinese"
            country = (hit[0], mod.text if demonym else countries.demonym_of(hit[0]))     # "Russia's": Russian
        elif mod.dep_ in ("amod", "compound") and mod.pos_ in ("ADJ", "NOUN", "PROPN"):
            portfolio.append(mod.text[:1].upper() + mod.text[1:])
    if country is None or not country[1] or not portfolio:
        return None
    return ActorRef(" ".join([country[1]] + portfolio + ["Ministry"]), ORG, country[0])
