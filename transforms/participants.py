"""Meeting participants: who a text says met, spoke or talked, and the joint subjects that stand for them.

Readouts and reports of talks name the participants once ("President X spoke today with Prime Minister Y",
"Secretary X met with Foreign Minister Y", "X and Y met in Bali", "X held talks with Y") and then report what
they did together through a joint subject: "The leaders discussed ...", "Both sides agreed to ...", "The two
ministers reaffirmed ...", "They agreed to ..." (after one of those). :class:`Participants` finds the meetings
of one document and resolves such a subject to the people of the last meeting named before it.
"""
from __future__ import annotations

import functools
from collections import Counter
from typing import List, Optional, Sequence, Tuple

import numpy as np
from spacy.attrs import LEMMA
from spacy.tokens import Token

from communique.transforms import countries, lexicons
from communique.transforms.actors import COUNTRY, PERSON, ActorRef, DocActors, country_actor

_MEETING_VERBS = {"meet", "speak", "talk", "confer", "host", "welcome", "receive", "call", "hold", "have", "join"}
_TAKES_OBJECT = {"host", "welcome", "receive", "call"}              # "X hosted Y", "X received Y"
_MEETING_NOUNS = {"talks", "call", "meeting", "conversation", "discussion", "discussions", "consultations",
                  "meetings", "dialogue", "summit"}
_PEOPLE_NOUNS = {"leaders", "presidents", "ministers", "counterparts", "secretaries", "heads", "interlocutors",
                 "principals", "chairs", "co-chairs", "men", "women", "chiefs", "envoys", "diplomats",
                 "negotiators"}      # not "the officials": often others
_PAIR_NOUNS = {"men", "women", "two", "both"}        # "Both men", "the two women": people named together before
_COUNTRY_NOUNS = {"sides", "parties", "delegations", "governments", "countries", "nations"}
_JOINT_WORDS = {"both", "two"}                                       # "Both agreed", "The two discussed"


def _people(tokens: Sequence[Token], actors: DocActors) -> List[ActorRef]:
    """The people named among some tokens, in text order."""
    found: List[ActorRef] = []
    for t in tokens:
        mention = actors.mention_at(t)
        if mention is not None and mention.actor.actor_type == PERSON and mention.actor not in found:
            found.append(mention.actor)
    return found


def _phrase(tok: Token) -> Sequence[Token]:
    return tok.doc[tok.left_edge.i:tok.right_edge.i + 1]


def _after_with(prep: Token) -> List[Token]:
    """The tokens a "with" phrase names people in: up to the first verb, preposition (other than "of") or
    relative pronoun, so that the parse of a long list of titled names does not matter ("with Foreign Minister
    X and Defence Minister Y to discuss ...")."""
    found = []
    for t in prep.doc[prep.i + 1:prep.sent.end]:
        if t.pos_ in ("VERB", "AUX", "PART", "PRON") or (t.pos_ == "ADP" and t.lower_ != "of") or t.text in ".;:":
            break
        found.append(t)
    return found


def meeting_at(verb: Token, actors: DocActors) -> List[ActorRef]:
    """The people of a meeting clause, subject first; [] when the clause is no meeting of two or more people."""
    lemma = verb.lemma_.lower()
    if verb.pos_ not in ("VERB", "AUX") or lemma not in _MEETING_VERBS:
        return []
    nouns = [c for c in verb.children if c.dep_ == "dobj" and c.lower_ in _MEETING_NOUNS]
    if lemma in ("hold", "have", "join") and not nouns:
        return []
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    people = _people(_phrase(subj), actors) if subj is not None else []
    if not people:
        return []
    others = [t for h in [verb] + nouns for p in h.children if p.dep_ == "prep" and p.lower_ == "with"
              for t in _after_with(p)]
    if lemma in _TAKES_OBJECT:
        others += [t for c in verb.children if c.dep_ == "dobj" for t in _phrase(c)]
    people += [p for p in _people(others, actors) if p not in people]
    return people if len(people) >= 2 else []


def _joint_kind(subj: Token) -> Optional[str]:
    """'people' for "the leaders", "both ministers", "the two", 'countries' for "both sides", "the parties";
    None for any other subject (a group named by its country or body, "the leaders of the G20", bare
    "ministers")."""
    low = subj.lower_
    if low in _JOINT_WORDS and subj.pos_ in ("PRON", "NUM", "DET", "NOUN"):
        return "people"
    if low not in _PEOPLE_NOUNS and low not in _COUNTRY_NOUNS:
        return None
    mods = list(subj.children)
    if any(c.dep_ in ("compound", "amod", "poss", "nmod") and c.text[:1].isupper() for c in mods):
        return None                                                 # "Russian leaders", "EU ministers"
    if any(c.dep_ in ("prep", "relcl", "acl") for c in mods):
        return None                                                 # "the leaders of the G7"
    if not any(c.lower_ in ("the", "both", "two", "these") for c in mods):
        return None
    return "countries" if low in _COUNTRY_NOUNS else "people"


class Participants:
    """The meetings of one document and the joint subjects that refer back to them."""

    def __init__(self, actors: DocActors):
        self.actors = actors
        self._meetings: Optional[List[Tuple[int, List[ActorRef]]]] = None

    @functools.cached_property
    def country_counts(self) -> Counter:
        """How often the text names each country (alpha-3)."""
        return Counter(m.actor.country for m in self.actors.mentions
                       if m.actor.actor_type == COUNTRY and m.actor.country)

    @property
    def meetings(self) -> List[Tuple[int, List[ActorRef]]]:
        """(offset, people) of every meeting clause, in text order (found on first use)."""
        if self._meetings is None:
            doc = self.actors.doc
            lemmas = doc.to_array([LEMMA]).ravel()       # picked on the token array: few tokens are such verbs
            wanted = [doc.vocab.strings[w] for w in _MEETING_VERBS]
            self._meetings = [(doc[int(i)].idx, people) for i in np.flatnonzero(np.isin(lemmas, wanted))
                              for people in [meeting_at(doc[int(i)], self.actors)] if people]
        return self._meetings

    def before(self, offset: int) -> List[ActorRef]:
        found: List[ActorRef] = []
        for start, people in self.meetings:
            if start >= offset:
                break
            found = people
        return found

    def group(self, subj: Token) -> Tuple[Optional[str], List[ActorRef]]:
        """(kind, people) a joint subject stands for: "the leaders" or "they" right after a joint subject or a
        coordination of people; (None, []) for any other subject."""
        if subj.lower_ == "they":
            prior = last_plural_subject(subj)
            people = _people(_phrase(prior), self.actors) if prior is not None else []
            if len(people) >= 2:
                return "people", people
            if prior is None or _joint_kind(prior) is None:
                return "people", self._just_met(subj)
            subj = prior
        kind = _joint_kind(subj)
        if kind is None:
            return None, []
        people = self.before(subj.idx) or (self._last_pair(subj) if subj.lower_ in _PAIR_NOUNS else [])
        return kind, people or (self._last_countries(subj) if kind == "countries" else [])

    def _last_countries(self, subj: Token) -> List[ActorRef]:
        """"The United States and China launched a working group. ... The two sides emphasized ...": with no
        meeting of people before them, the countries of the last subject that coordinates two or more."""
        for t in reversed(subj.doc[max(0, subj.i - 200):subj.i]):
            if t.dep_ in ("nsubj", "nsubjpass") and any(c.dep_ == "conj" for c in t.children):
                found: List[ActorRef] = []
                for c in [t] + list_items(t):
                    country = _country(c, self.actors)
                    if country is not None and country not in found:
                        found.append(country)
                if len(found) >= 2:
                    return found
        return []

    def joint(self, subj: Token) -> List[ActorRef]:
        """Everyone a joint subject stands for, each a speaker of the joint act ("The two leaders affirmed ...":
        both; "the two sides" of two countries: the countries); [] for any other subject and inside someone's
        reported speech."""
        if _reported(subj):
            return []
        kind, people = self.group(subj)
        if kind == "countries" and all(p.actor_type == PERSON for p in people):
            people = self.as_parties(people)
        return people if len(people) >= 2 else []

    def _just_met(self, subj: Token) -> List[ActorRef]:
        """'X met today with Y. ... They discussed ...': the people of the last meeting before "they", when no
        other people were a plural subject between (readouts keep "they" for the two leaders; "the United States
        and Canada plan ..." or "efforts" between them do not count)."""
        before = [(offset, p) for offset, p in self.meetings if offset < subj.idx]
        if not before:
            return []
        offset, people = before[-1]
        doc = subj.doc
        for t in doc[doc.char_span(offset, offset + 1, alignment_mode="expand").start + 1:subj.i]:
            if t.dep_ in ("nsubj", "nsubjpass") and t.lower_ not in ("they", "we") and _joint_kind(t) is None and (
                    t.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in t.children)) and _others(
                    t, people, self.actors):
                return []
        return people

    def _last_pair(self, subj: Token) -> List[ActorRef]:
        """"Both men" with no meeting before: the people of the last coordination of people in the sentence or
        the two before it ("American Tom Reyes and Australian Ivo Lund were freed ... Both men said ...")."""
        doc = subj.doc
        start = subj.sent.start
        for _ in range(2):
            start = doc[start - 1].sent.start if start > 0 else 0
        for t in reversed(doc[start:subj.i]):
            if any(c.dep_ == "conj" for c in t.children):
                people = _people(_phrase(t), self.actors)
                if len(people) >= 2:
                    return people
        return []

    def speaker(self, subj: Token) -> Optional[ActorRef]:
        """The first-named person of the group a joint subject stands for (a statement has one speaker); None
        inside someone's reported speech ("she said both parties have agreed ..." is her statement)."""
        if _reported(subj):
            return None
        _, people = self.group(subj)
        return people[0] if people else None

    def committers(self, subj: Token) -> List[ActorRef]:
        """The group a joint subject stands for, as committers (see :meth:`as_parties`)."""
        _, people = self.group(subj)
        return self.as_parties(people)

    def as_parties(self, people: List[ActorRef]) -> List[ActorRef]:
        """People of two or more countries who commit together commit their countries (a country stands for its
        officials: "the leaders agreed to meet again" binds both states); one person whose country the text
        does not give takes the other of the two countries the article names most, when both are named more than once
        and more often than any third ("President X met with Prime Minister Y of Canada ... U.S. ... Canada ...").
        People of one country, or of unknown ones, stay people."""
        codes = [p.country for p in people]
        if len(people) == 2 and codes.count(None) == 1:
            top = self.country_counts.most_common(3)
            other = [c for c, _ in top[:2] if c not in codes]
            if len(top) >= 2 and len(other) == 1 and top[1][1] >= 2 and (len(top) < 3 or top[1][1] > top[2][1]):
                codes = [c or other[0] for c in codes]
        if None not in codes and len(set(codes)) >= 2:
            return [country_actor(c) for c in dict.fromkeys(codes)]
        return people


def list_items(head: Token) -> List[Token]:
    """The other items of the list a token heads, in text order ("A, B and C": B and C), not the items of a list
    inside one of them ("the Foreign Ministers of Denmark, Finland and Sweden")."""
    found: List[Token] = []
    frontier = [head]
    while frontier:
        more = [c for c in frontier.pop().children if c.dep_ == "conj"]
        found += more
        frontier += more
    return sorted(found, key=lambda t: t.i)


def _country(tok: Token, actors: DocActors) -> Optional[ActorRef]:
    """The country a conjunct names: its mention, else its words ("the People's Republic of China")."""
    mention = actors.mention_at(tok)
    if mention is not None:
        return mention.actor if mention.actor.actor_type == COUNTRY else None
    skip = {t.i for c in tok.children if c.dep_ in ("conj", "cc", "punct") for t in c.subtree}
    words = [t for t in tok.subtree if t.i not in skip]
    hit = countries.lookup(tok.doc[words[0].i:words[-1].i + 1].text) if words else None
    return ActorRef(hit[1], COUNTRY, hit[0]) if hit else None


def _others(subj: Token, people: Sequence[ActorRef], actors: DocActors) -> bool:
    """Whether a plural subject names people other than ``people``: a person outside them, a role ("officials",
    "leaders") or a group ("Democrats", "the police"), not countries or things."""
    if lexicons.roles().get(subj.lower_) or subj.ent_type_ in ("NORP", "ORG"):
        return True
    return any(p not in people for p in _people(_phrase(subj), actors))


def _reported(subj: Token) -> bool:
    """Whether a subject's clause is reported by a speech verb: under it ("said the leaders agreed") or beside it
    ("..., she said, both parties ...")."""
    clause = subj.head
    speech = lexicons.speech_lemmas()
    return any(a.lemma_.lower() in speech for a in clause.ancestors) or any(
        c.dep_ == "parataxis" and c.lemma_.lower() in speech for c in clause.children)


def last_plural_subject(tok: Token) -> Optional[Token]:
    """The last plural or coordinated subject within the sentence before and the one before that."""
    doc = tok.doc
    sent_start = tok.sent.start
    earliest = doc[sent_start - 1].sent.start if sent_start > 0 else 0
    for i in range(tok.i - 1, earliest - 1, -1):
        t = doc[i]
        if t.dep_ in ("nsubj", "nsubjpass") and t.lower_ != "they" and (
                t.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in t.children) or t.lower_ in _JOINT_WORDS):
            return t
    return None
