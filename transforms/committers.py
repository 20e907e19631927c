"""Who commits: the subject of a committing clause resolved to actors. People and organisations by name;
countries for "U.S. officials" and for people of two countries who commit together; "we" and "I" as the
speaker of the statement around them (a person's "we" is their country), the turn's speaker in a transcript, or
the text's author outside any statement; "it"/"they" as the reporting speaker or the last plural subject
naming countries; joint subjects ("the leaders", "both sides") as the people who met; a bare "the Government"
as the speaker's own country; a programme ("The EDRI will fund ...") as the government the text names or
issues it."""
from __future__ import annotations

import functools
from collections import Counter
from typing import List, Optional, Sequence

from spacy.tokens import Token

from communique.transforms import countries, lexicons
from communique.transforms.actors import COUNTRY, PERSON, ActorRef, DocActors, country_actor
from communique.transforms.governments import (government_phrase, is_bare_government, is_bare_government_name,
                                               text_government)
from communique.transforms.layout_attribution import Turn, turn_at
from communique.transforms.not_actors import programme_name
from communique.transforms.participants import Participants
from communique.transforms.quotes import QuoteIndex
from communique.transforms.speakers import SpeakerResolver, antecedent

_PARTY_WORDS = {"parties", "sides", "nations", "countries", "governments", "leaders", "delegations"}
_TRAVELLING_GROUPS = {"delegation", "team"}
_TRAVEL_VERBS = {"travel", "visit", "lead", "head", "arrive", "fly"}
_POSSESSIVES = {"my": "i", "our": "we", "his": "he", "her": "she", "its": "it", "their": "they"}
_PRONOUN_TYPES = {"he": (PERSON,), "she": (PERSON,), "it": (COUNTRY, "ORG"), "they": (COUNTRY, "ORG", "GROUP")}


_PROGRAMMES = {"initiative", "program", "programme", "fund", "facility"}
_JOINT_ACTS = {"discuss", "talk", "meet", "sign", "adopt", "negotiate", "hold", "cooperate", "consult", "exchange"}


def _programme(subj: Token) -> bool:
    """'The EDRI will fund ...' after "the European Democratic Resilience Initiative (EDRI)", "the Clean Harbors
    Initiative will train ...": a programme a government runs (not a law, a treaty or a dialogue of two sides)."""
    if subj.pos_ != "PROPN":
        return False
    name = programme_name(subj.text, subj.doc) or subj.doc[subj.left_edge.i:subj.i + 1].text
    return bool(name) and name.split()[-1].lower() in _PROGRAMMES


def _together(subj: Token) -> bool:
    """'We will continue to work together', 'we will jointly ...', "we will discuss ...", "we will sign ...": the
    "we" of two sides, of an act two sides do together."""
    verb = subj.head
    while verb.lemma_ in ("go", "be"):          # "we're going to discuss": discuss
        nxt = next((c for c in verb.children if c.dep_ == "xcomp"), None)
        if nxt is None:
            break
        verb = nxt
    return verb.lemma_.lower() in _JOINT_ACTS or any(t.lower_ in ("together", "jointly") for t in subj.head.subtree)


class CommitterResolver:
    def __init__(self, actors: DocActors, speaker_at, quotes: Optional[QuoteIndex] = None,
                 author: Optional[ActorRef] = None, turns: Sequence[Turn] = ()):
        self.actors = actors
        self.speaker_at = speaker_at       # offset -> ActorRef of the statement reporting it, or None
        self.quotes = quotes
        self.author = author               # who "we" is outside any statement (a party manifesto, a press release)
        self.turns = turns                 # a transcript's turns: "I" and "we" between two labels
        self.participants = Participants(actors)     # "The leaders agreed to ...": those the text has meet

    @functools.cached_property
    def describer(self) -> SpeakerResolver:
        """'the secretary': the person last titled so (built only when a committer is so described)."""
        return SpeakerResolver(self.actors)

    def publisher(self, tok: Token) -> List[ActorRef]:
        """An organisation that authors the text (a party's manifesto, a ministry's release) commits to what its
        own unattributed text announces: passive futures and list items. A journalist's byline does not."""
        outside = self.speaker_at(tok.idx) is None and turn_at(self.turns, tok.idx) is None and not (
            self.quotes and self.quotes.inside(tok.idx))
        if outside and self.author is not None and self.author.actor_type != PERSON:
            return [self.author]
        return []

    def _speakers_country(self, subj: Token) -> List[ActorRef]:
        """'Putin promised that the Government would ...': a bare "the government" or "the administration" in a
        statement is the speaker's own country's, when the speaker's country is known."""
        speaker = self.speaker_at(subj.idx)
        if speaker is None or not speaker.country or any(
                c.dep_ in ("compound", "amod", "poss", "nmod", "prep") for c in subj.children):
            return []
        return [country_actor(speaker.country)]

    def _leaders(self) -> List[ActorRef]:
        """'The two leaders': the two people with a title the text names most, when it names two or more."""
        counts = Counter(m.actor.name for m in self.actors.mentions if m.actor.actor_type == PERSON and m.actor.title)
        people = {m.actor.name: m.actor for m in self.actors.mentions}
        return [people[n] for n, _ in counts.most_common(2)] if len(counts) >= 2 else []

    def _sides(self) -> List[ActorRef]:
        """The countries of a transcript's speakers, in order of their first turn."""
        found: List[ActorRef] = []
        for _, _, speaker in self.turns:
            if speaker is not None and speaker.country and speaker.country not in [f.country for f in found]:
                found.append(country_actor(speaker.country))
        return found

    def _parties(self) -> List[ActorRef]:
        return [country_actor(c) for c, _ in self.participants.country_counts.most_common(2)]

    def _countries_in(self, tok: Token) -> List[ActorRef]:
        found = []
        for t in tok.subtree:
            hit = countries.lookup(t.text) if t.text[:1].isupper() else None
            if hit and hit[1] not in [f.name for f in found]:
                found.append(ActorRef(hit[1], COUNTRY, hit[0]))
        return found

    def resolve(self, subj: Token) -> List[ActorRef]:
        subj = antecedent(subj)          # "Morton, who will testify on Friday": Morton
        government = text_government(self.actors) if _programme(subj) else None
        if government is not None:      # "The EDRI will fund ...": the government that runs the programme
            return [government]
        mention = self.actors.mention_at(subj)
        if mention and (lexicons.roles().get(mention.actor.name.lower()) == "official"
                        or is_bare_government_name(mention.surface)):
            own = self._speakers_country(subj)      # "the Government" the recogniser names
            if own:
                return own
        if mention:                                   # "Blinken and the Foreign Minister of Italy"
            return self._with_conjuncts(mention.actor, subj, describe=False)
        low = _POSSESSIVES.get(subj.lower_, subj.lower_)       # "our commitment", "his pledge"
        if low in ("we", "i"):
            speaker = self.speaker_at(subj.idx)
            if speaker is None and self.quotes is not None and self.quotes.inside(subj.idx):
                return []           # '... he said, "We will defend ..."' with "he" unknown: not the turn's "we"
            turn = turn_at(self.turns, subj.idx) if speaker is None else None
            if turn is not None:
                speaker = turn[0]
                if speaker is None:
                    return []
            speaker = speaker or self.author          # a release's own "we": its author's
            if speaker is None:
                return []
            if low == "we" and turn_at(self.turns, subj.idx) is not None and _together(subj):   # "we will ... together"
                sides = self._sides()
                if len(sides) == 2 and speaker.country in [side.country for side in sides]:
                    return sides          # the countries of the talk's two speakers
            if low == "we" and speaker.actor_type == PERSON and speaker.country:
                return [country_actor(speaker.country)]
            return [speaker]
        if low in _PRONOUN_TYPES and not (self.quotes and self.quotes.inside(subj.idx)):
            speaker = self.speaker_at(subj.idx)        # "Iraq said it would allow ...": the reporter itself
            if speaker is not None and speaker.actor_type in _PRONOUN_TYPES[low]:
                return [speaker]
            if speaker is None and low in ("he", "she"):        # "Sherman will travel to ... She will meet ..."
                person = self.describer.recent_subject_person(subj.idx, self.quotes or QuoteIndex([]))
                return [person] if person is not None else []
        if low == "they":
            return self._they(subj) or self.participants.committers(subj)
        if subj.pos_ in ("NOUN", "PROPN"):
            government = government_phrase(subj) if "official" in (lexicons.roles().get(low),
                                                                    lexicons.roles().get(subj.lemma_.lower())) else None
            if government is not None:          # "the Obama administration will ...", "Modi government officials"
                return [government]
            found = self._countries_in(subj)
            if found and (lexicons.roles().get(low) or lexicons.roles().get(subj.lemma_.lower())
                          or subj.tag_ in ("NNPS", "NNS")):
                return self._title_holders(subj, found) or found
            joint = self.participants.committers(subj) or self._delegation(subj)
            if joint:
                return joint
            if subj.tag_ in ("NN", "NNP") and lexicons.roles().get(low) == "official":
                own = self._speakers_country(subj)
                if own:
                    return own
            government = text_government(self.actors) if is_bare_government(subj) else None
            if government is not None:
                return [government]         # "the government will ..." in the reporter's words
            if subj.tag_ in ("NN", "NNP") and lexicons.roles().get(low) == "title" and any(
                    c.lower_ == "the" for c in subj.children):
                described = self.describer.description(subj)      # "the secretary will travel to Tokyo", "The
                if described is not None and described.actor_type == PERSON:      # President and the Patriarch"
                    return self._with_conjuncts(described, subj, describe=True)
            if low in _PARTY_WORDS and any(c.lower_ in ("both", "two") for c in subj.children):
                return (self._leaders() if low == "leaders" else []) or self._parties()
            if subj.tag_ == "NNS" and lexicons.roles().get(low) == "official" and not any(
                    c.dep_ in ("det", "poss", "amod", "compound", "nummod") for c in subj.children):
                return self._parties()      # bare "experts will ..." in a bilateral report: both sides
        return self.participants.committers(subj)               # "Both agreed", "The two will meet"

    def _title_holders(self, subj: Token, found: List[ActorRef]) -> List[ActorRef]:
        """'The presidents of Norway and Denmark will meet ...': the holders of the plural title in each country
        the subject names, when the text names them all; [] otherwise."""
        title = subj.lemma_.lower()
        if subj.tag_ != "NNS" or lexicons.roles().get(title) != "title" or len(found) < 2:
            return []
        people = [self.actors.recent_person(subj.idx, title, c.country) for c in found]
        return people if all(people) and len({p.name for p in people}) == len(people) else []

    def _with_conjuncts(self, first: ActorRef, subj: Token, describe: bool) -> List[ActorRef]:
        """The actor a subject names and those of its conjuncts (resolved as subjects, or first as descriptions
        when ``describe``: "the Prime Minister and President"); people of two countries as their countries."""
        found = [first]
        for conj in (c for c in subj.children if c.dep_ == "conj"):
            other = self.describer.description(conj) if describe else None
            found += [a for a in ([other] if other is not None else self.resolve(conj))
                      if a.name not in [f.name for f in found]]
        return self.participants.as_parties(found) if all(f.actor_type == PERSON for f in found) else found

    def _delegation(self, subj: Token) -> List[ActorRef]:
        """'X and Y will travel to ... The delegation will meet ...': for "the delegation" or "the team", the people
        of the last trip the text announces (or else of the last trip it reports) in the sentences before."""
        if subj.lower_ not in _TRAVELLING_GROUPS or not any(c.lower_ == "the" for c in subj.children):
            return []
        window = list(reversed(subj.doc[max(0, subj.i - 300):subj.i]))
        trips = [t for t in window if t.dep_ == "nsubj" and t.head.lemma_.lower() in _TRAVEL_VERBS]
        planned = [t for t in trips if any(a.lower_ in ("will", "'ll") for a in t.head.children)]
        for tok in planned + trips:          # a trip to come first: "will travel", not "traveled last year"
            people: List[ActorRef] = []
            for t in tok.subtree:
                m = self.actors.mention_at(t)
                if m is not None and m.actor.actor_type == PERSON and m.actor not in people:
                    people.append(m.actor)
            if people:
                return self.participants.as_parties(people)
        return []

    def _they(self, subj: Token) -> List[ActorRef]:
        """The last plural subject before 'they' that names countries."""
        doc = subj.doc
        for i in range(subj.i - 1, max(subj.sent.start - 60, -1), -1):
            tok = doc[i]
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.tag_ in ("NNS", "NNPS"):
                found = self._countries_in(tok)
                if found:
                    return found
        return []
