"""Unnamed groups and unnamed persons as speakers: "police said", "Protesters believe", "people familiar with
the plan say", "a local police source said", "Two aides briefed on the plan said".

Event data codes such sources as actors of their own (GDELT's and ICEWS's "police", "protesters", "experts"),
and annotators name them by the words of the text. A group's name is its noun phrase without determiners,
numbers and quantifiers ("Two aides briefed on the plan" -> "aides briefed on the plan"; "the city's police"
-> "police"), a place after the noun put before it ("authorities in Beijing" -> "Beijing authorities"), and a
bare noun takes the fuller name the text gave the same group before ("police" after "Hong Kong police ...").
Only nouns of people listed in ``lexicons/groups.tsv`` name groups: "reports say" and "the data show" do not.
A part speaks for its whole ("70 percent of Americans say", "one of the officials said"), and a counted or
quantified people ("Many Tunisians worry") is a group of people, where "the Americans agreed" is their country.
"""
from __future__ import annotations

import functools
from typing import List, Optional

from spacy.tokens import Token

from communique.transforms import countries, lexicons
from communique.transforms.actors import COUNTRY, GROUP, ActorRef, DocActors, country_of_tokens

# words before a group noun that say how many or which, not who: dropped from the name
_QUANTIFIERS = {"many", "some", "several", "other", "others", "top", "most", "few", "more", "all", "both", "various",
                "numerous", "multiple", "countless", "certain", "such", "these", "those", "dozens", "hundreds",
                "thousands", "two", "second", "third", "another", "one", "fellow", "senior", "key", "leading",
                "prominent", "enough"}
_INDEFINITE = {"a", "an", "one", "another"}        # "a police source", "one expert", "another official"
_PLACE_AFTER = {"in", "from"}                        # "authorities in Beijing", "residents from Gaza"


_PARTS = {"percent", "%", "majority", "minority", "most", "many", "some", "half", "third", "quarter", "share",
          "proportion", "one", "two", "three", "several", "few", "all", "none", "each", "both", "plurality",
          "group", "team", "number", "handful", "dozen", "dozens", "hundreds", "thousands", "millions", "couple"}


def partitive_whole(subj: Token) -> Optional[Token]:
    """'70 percent of Americans say', 'a majority of voters said', 'one of the officials said': the whole a part
    is of, who speaks through it; None for any other subject."""
    if subj.lemma_.lower() not in _PARTS and not subj.like_num:
        return None
    for prep in subj.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            return next((c for c in prep.children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")), None)
    return None


@functools.lru_cache(maxsize=None)
def group_nouns() -> frozenset:
    """Lemmas of the nouns of people that name a group or an unnamed person ("police", "protester", "source")."""
    return frozenset(r[0] for r in lexicons.rows(lexicons.read_packaged("groups.tsv")))


def is_group_head(tok: Token) -> bool:
    """A noun of people used of a group ("police", "the protesters", "trade experts") or of one unnamed person
    introduced as such ("a local police source", "one expert"); not a named person's description ("the expert")."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in group_nouns():
        return False
    if tok.tag_ == "NNS" or tok.lower_ in ("police", "public", "people", "staff", "personnel", "clergy"):
        return True
    return any(c.dep_ in ("det", "nummod") and c.lower_ in _INDEFINITE for c in tok.children)


def _says_who(tok: Token, head: Token) -> bool:
    """Whether a word before a group noun says who the group is, not how many or which: no determiner, number
    or quantifier, nor a word that hangs on one ("more than 40"), nor a possessive with a determiner ("the
    city's police"; "women's rights leaders" keeps it)."""
    while tok.i != head.i:
        if tok.dep_ in ("det", "nummod", "quantmod", "predet", "case", "cc", "conj", "punct") or tok.like_num or \
                tok.lower_ in _QUANTIFIERS or tok.pos_ in ("PRON", "DET", "NUM") or tok.ent_type_ == "PERSON":
            return False
        if tok.dep_ == "poss" and tok.pos_ != "PROPN" and any(c.dep_ == "det" for c in tok.children):
            return False      # "the city's police" says which; "women's rights leaders" says who
        tok = tok.head
    return True


def _left_words(head: Token) -> List[Token]:
    """The modifiers before a group noun that say who it is: compounds, adjectives, possessives."""
    doc = head.doc
    kept: List[Token] = []
    for tok in doc[head.left_edge.i:head.i]:
        if _says_who(tok, head) or (tok.text in ("-", "'s", "’s") and kept and _says_who(tok.head, head)):
            kept.append(tok)
    return kept


def _right_words(head: Token) -> List[Token]:
    """A participle or adjective after the noun that says who they are: "familiar with the talks", "briefed on
    the plan", "close to the negotiations", and what members are members of; not "in attendance" or a relative
    clause."""
    for child in head.rights:
        if child.dep_ in ("acl", "amod") and child.tag_ in ("VBN", "JJ"):
            return list(child.subtree)
        if child.dep_ == "prep" and child.lower_ == "of" and head.lemma_.lower() == "member":
            return list(child.subtree)          # "Members of Congress", "members of the public"
    return []


def _place_before(head: Token) -> Optional[Token]:
    """'authorities in Beijing': the place a group is in, when it is a country or a proper name."""
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ in _PLACE_AFTER:
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.pos_ == "PROPN" and (obj.ent_type_ in ("GPE", "LOC") or (
                        prep.lower_ == "in" and obj.ent_type_ == "ORG" and len(list(obj.subtree)) <= 2)):
                    # "officials in (besieged) Mariupol", a town the recogniser took for a body
                    return obj
    return None


def _word(tok: Token) -> str:
    """A word as the name writes it: "Protesters" at a sentence's start is "protesters"; "CEOs" stays."""
    text = tok.text
    if tok.is_sent_start and tok.pos_ != "PROPN" and text[:1].isupper() and not text[1:2].isupper() \
            and countries.lookup(text) is None:       # "Israeli settlers" keeps its capital
        return text[:1].lower() + text[1:]
    return text


def _join(tokens: List[Token]) -> str:
    out = ""
    for i, tok in enumerate(tokens):
        out += _word(tok)
        if i + 1 < len(tokens):
            nxt = tokens[i + 1]
            out += "" if nxt.text == "-" or tok.text == "-" or nxt.i == tok.i + 1 and not tok.whitespace_ else " "
    return out


def _name_tokens(head: Token) -> List[Token]:
    place = _place_before(head)
    left = ([t for t in place.doc[place.left_edge.i:place.i + 1] if t.pos_ == "PROPN"] if place is not None
            else []) + _left_words(head)
    return left + [head] + _right_words(head)


def group_name(head: Token) -> str:
    """The name of the group a group noun heads (see the module docstring)."""
    return _join(_name_tokens(head))


_SAME_GROUP = {"officers": "police"}      # a bare group noun and the body it belongs to


def fuller_name(head: Token, name: str) -> str:
    """A bare group noun ("police", "the CEOs") takes the first fuller name the text gives a group of that noun,
    before it or else after it ("Hong Kong police", "electric utility CEOs")."""
    if " " in name:
        return name
    lemma = head.lemma_.lower()
    doc = head.doc
    for tok in list(doc[:head.i]) + list(doc[head.i + 1:]):
        if tok.lemma_.lower() == lemma and tok.pos_ == "NOUN" and tok.tag_ == head.tag_:
            other = group_name(tok)
            if other.endswith(name) and other != name:
                return other
    if name.lower() in _SAME_GROUP:         # "officers" in a story about "Hong Kong police"
        body = _SAME_GROUP[name.lower()]
        for tok in doc:
            if tok.lower_ == body and tok.pos_ in ("NOUN", "PROPN"):
                other = group_name(tok)
                if other.lower().endswith(body) and other.lower() != body:
                    return other
    return name


def _introduced(head: Token) -> Optional[Token]:
    """'the doctor' after "A doctor on the scene told ...": the unnamed person introduced so before."""
    if head.tag_ != "NN" or not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
        return None
    lemma = head.lemma_.lower()
    earlier = [t for t in head.doc[:head.i] if t.lemma_.lower() == lemma and t.tag_ == "NN" and is_group_head(t)]
    return earlier[-1] if earlier else None


def group_actor(head: Token) -> Optional[ActorRef]:
    """The group a speaker noun names, or None when it names no group of people."""
    head = _introduced(head) or head
    if not is_group_head(head):
        return None
    tokens = _name_tokens(head)
    name = fuller_name(head, _join(tokens))
    return ActorRef(name, GROUP, country_of_tokens(tokens[:tokens.index(head)]))


def people_by_demonym(tok: Token) -> bool:
    """'Many Tunisians worry', '70 percent of Americans say': a plural demonym counted or quantified names people,
    a group; a bare or definite one ("the Americans agreed", "Russians attacked") stands for the country."""
    if tok.tag_ not in ("NNPS", "NNS"):
        return False
    if any(c.dep_ in ("amod", "det", "nummod", "quantmod") and (c.lower_ in _QUANTIFIERS or c.like_num)
           for c in tok.children):
        return True
    whole = partitive_whole(tok.head.head) if tok.dep_ == "pobj" and tok.head.lower_ == "of" else None
    return whole is not None and whole.i == tok.i


def demonym_group(tok: Token) -> Optional[ActorRef]:
    """The group of people a counted or quantified plural demonym names ("Many Tunisians"), else None."""
    hit = countries.lookup(tok.text) if people_by_demonym(tok) else None
    return ActorRef(tok.text, GROUP, hit[0]) if hit else None


def name_demonym_groups(actors: DocActors) -> None:
    """Country mentions by a counted or quantified plural demonym become the group of those people."""
    for m in actors.mentions:
        people = demonym_group(actors.doc[m.token_i]) if m.actor.actor_type == COUNTRY else None
        if people is not None:
            m.actor = people
