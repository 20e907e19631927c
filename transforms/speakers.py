"""Speaker resolution within one article: a source token to the actor it names.

Entity mentions resolve to their actor; "he"/"she" to the speaker of the statement just before when no person
has been a subject since ("the President thinks ... He said"), else to the last person who was a grammatical
subject; "I"/"we" outside quotations to the speaker of the transcript turn they are in, else to the article's
author or to the person the text names as its "I" ("I, Jane Doe, do hereby proclaim"); descriptions ("the
Russian minister", "the real estate agent") to the last person with that title and affiliation or so described
("The President" in an official's release: their country's president on the day; "the agency", "the brokerage":
the organisation, see :mod:`~communique.transforms.body_descriptions`);
"U.S. officials" to their country; unnamed groups ("police", "people familiar with the plan") to a group named
by their words, "they" after a group's statement to that group and "it" after an organisation's to it; a
document ("Putin's message said") to its author; relative pronouns to the noun they modify; joint subjects ("The
leaders discussed ...", "Both sides stressed ...") to the first-named person of the meeting the text reports
before them, and "They" after a coordinated subject to its first person; :meth:`SpeakerResolver.joint_speakers`
gives all of them, for a row each.
"""
from __future__ import annotations

import re
from typing import List, Optional, Sequence, Tuple

from spacy.tokens import Token

from communique.transforms import countries, lexicons
from communique.transforms.actors import COUNTRY, GROUP, ORG, PERSON, ActorRef, DocActors, country_actor
from communique.transforms.body_descriptions import (described_body, issued_by, ministry, office_name,
                                                     previous_sentence_start, spoken_for)
from communique.transforms.document_voices import document_author
from communique.transforms.governments import government_phrase, is_bare_government, text_government
from communique.transforms.groups import demonym_group, group_actor, partitive_whole
from communique.transforms.layout_attribution import Turn, turn_at
from communique.transforms.name_spans import LESSER_OFFICES, title_has, titled_holder_in
from communique.transforms.office_holders import holder_of
from communique.transforms.nlp_model import doc_text
from communique.transforms.participants import Participants, last_plural_subject, list_items
from communique.transforms.quotes import QuoteIndex

_SINGULAR_PRONOUNS = {"he", "she", "him", "her"}
_NEAR = 600            # characters from the last statement's sentence within which a pronoun may be its speaker
_FIRST_PERSON = {"i", "we", "me", "us"}
_HOLDERS = {"his": "he", "her": "she", "my": "i", "our": "we"}        # a possessive as the holder of a view
RELATIVE = {"who", "which", "that", "whom"}


def antecedent(subj: Token) -> Token:
    """'the bank, which said ...': a relative pronoun stands for the noun its clause modifies."""
    if subj.lower_ in RELATIVE and subj.head.dep_ == "relcl":
        return subj.head.head
    return subj


_I_COMMA = re.compile(r"\bI,\s+")


def _self_named(actors: DocActors) -> Optional[ActorRef]:
    """The person a text names as its "I" ("I, DONALD J. TRUMP, President of ..., do hereby proclaim"), or None."""
    doc = actors.doc
    for m in _I_COMMA.finditer(doc_text(doc)):
        name = doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
        mention = actors.mention_at(name[0]) if name is not None and len(name) else None
        if mention is not None and mention.actor.actor_type == PERSON:
            return mention.actor
    return None


_HEADS = ("president", "prime minister", "premier", "chancellor", "king", "queen", "emir", "leader")
_SAME_TITLES = {"pontiff": ("pope",), "premier": ("prime minister",), "monarch": ("king", "queen"),
                "envoy": ("ambassador", "special representative"),      # a title and others that name its holder
                "governor": ("gov.",), "senator": ("sen.",), "general": ("gen.",), "admiral": ("adm.",)}  # "Gov. X"
_SPOKES = {"spokesperson", "spokesman", "spokeswoman", "representative"}      # and every "official" role
_OF_STATE = ("state", "government")
_HEAD_WORDS = tuple(h for h in _HEADS if " " not in h and h != "leader")     # a head's one-word titles


def _headline_holder(headline: str, head: Token) -> Optional[Tuple[str, str, Optional[str]]]:
    """The person a headline names with the description's title ("the Minister" under "... with Foreign Minister
    X"), or with a head's title for "the head of state" or "the leader" ("President Vladimir Putin attended ...")."""
    lemma = head.lemma_.lower()
    of_state = lemma == "head" and any(c.lower_ == "of" and any(g.lower_ in _OF_STATE for g in c.children)
                                       for c in head.children)
    words = (lemma,) + (_HEAD_WORDS if of_state or lemma == "leader" else ())
    return next((held for held in (titled_holder_in(headline, w) for w in words) if held is not None), None)


class SpeakerResolver:
    """Resolves a speaker or addressee token to an actor within one document."""

    def __init__(self, actors: DocActors, author: Optional[ActorRef] = None,
                 turns: Sequence[Turn] = ()):
        self.actors = actors
        self.author = author          # "I" and "we" outside quotations: a press release's or an op-ed's author
        self.turns = turns            # (start, end, speaker) of a transcript's turns: "I" and "we" inside one
        self.self_named = _self_named(actors)   # "I, DONALD J. TRUMP, President ...": who the text's "I" is
        self.participants = Participants(actors)  # "The leaders discussed ...": the first of those who met
        self.last_said: Optional[Tuple[int, Optional[ActorRef]]] = None   # (sentence start, speaker) of the last
        # statement

    def resolve(self, tok: Token, quotes: QuoteIndex) -> Optional[ActorRef]:
        whole = partitive_whole(tok) or issued_by(tok)      # "70 percent of Americans say", "data released by X"
        if whole is not None:
            return self.resolve(whole, quotes)
        people = demonym_group(tok)             # "Many Tunisians worry": people, not their state
        if people is not None:
            return people
        mention = self.actors.mention_at(tok)
        if mention:
            return mention.actor
        low = _HOLDERS.get(tok.lower_, tok.lower_) if tok.dep_ == "poss" else tok.lower_     # "in his view"
        if low in _FIRST_PERSON and not quotes.inside(tok.idx):
            turn = turn_at(self.turns, tok.idx)
            return turn[0] if turn else self.author or self.self_named
        if low in _SINGULAR_PRONOUNS:
            turn = turn_at(self.turns, tok.idx) if not quotes.inside(tok.idx) else None
            own = turn[0].name if turn and turn[0] else None      # no one calls themselves "he" in their turn
            last = self._last_speaker(tok.idx, quotes) if low in ("he", "she") else None
            found = (last if last is not None and last.name != own else None) or \
                self.recent_subject_person(tok.idx, quotes)
            return found if found is None or found.name != own else None
        if tok.pos_ in ("NOUN", "PROPN"):
            return self._apposed(tok) or self.description(tok) or self.participants.speaker(tok) or \
                self._document_author(tok, quotes) or \
                described_body(tok, self.actors.mentions, self._last_of(tok.idx, ("ORG",))) or self._group(tok)
        if low == "it" and not quotes.inside(tok.idx):        # "..., the Prosecution Authority said. ... it added"
            return self._last_of(tok.idx, ("ORG", COUNTRY))
        found = self.participants.speaker(tok)      # "They agreed ..." after "X and Y met", "Both stressed ..."
        if found is None and low == "they":
            found = self._first_of_pair(tok, quotes) or self._last_of(tok.idx, (GROUP, COUNTRY))
        return found

    def joint_speakers(self, subj: Token, quotes: QuoteIndex) -> List[ActorRef]:
        """Everyone a subject that names several speakers stands for, in order: its coordinated names ("Lund
        and Varga attacked each other"), or the participants a joint subject refers back to ("The two leaders
        affirmed ...", "The two sides emphasized ..."); [] for a subject of one speaker."""
        if quotes.inside(subj.idx):
            return []
        heads = [subj] + ([c for c in subj.children if c.dep_ == "appos"] if _is_list(subj) else [])
        conjuncts = [c for h in heads for c in list_items(h)]      # the subject's own list, not "of A, B and C"
        if conjuncts:           # a list the parser hung on its first item: "The President, Leader Schumer, and ..."
            conjuncts = sorted(set(conjuncts + heads[1:]), key=lambda t: t.i)
            found: List[ActorRef] = []
            for tok in [subj] + conjuncts:
                ref = self.resolve(tok, quotes)
                named = self.actors.mention_at(tok) is not None or (ref is not None and ref.actor_type == PERSON)
                if ref is not None and named and ref.actor_type in (PERSON, "ORG", COUNTRY, GROUP) and ref not in found:
                    found.append(ref)       # not an unnamed group ("a close aide")
            return found if len(found) >= 2 else []
        if subj.lower_ == "they":       # "The Prime Minister and the Patriarch discussed ... They also ..."
            prior = last_plural_subject(subj)
            if prior is not None and any(c.dep_ == "conj" for c in prior.children):
                return self.joint_speakers(prior, quotes)
        return self.participants.joint(subj) if subj.pos_ in ("NOUN", "PRON", "NUM", "DET") else []

    def _first_of_pair(self, they: Token, quotes: QuoteIndex) -> Optional[ActorRef]:
        """"The Prime Minister and the Patriarch discussed ... They also discussed ...": the first of the
        coordinated subject just before, resolved as a subject (a description as well as a name)."""
        prior = last_plural_subject(they)
        if prior is None or not any(c.dep_ == "conj" for c in prior.children) or quotes.inside(prior.idx):
            return None
        found = self.resolve(prior, quotes)
        return found if found is not None and found.actor_type == PERSON else None

    def _apposed(self, head: Token) -> Optional[ActorRef]:
        """'The company that runs the fair, Harbour Events, denies ...': the actor in apposition; not an item of a
        list the parser read as one ("The President, Leader Schumer, and Leader Jeffries discussed ...")."""
        if _is_list(head):
            return None
        for child in head.children:
            if child.dep_ == "appos" and child.i > head.i:
                mention = self.actors.mention_at(child)
                if mention is not None:
                    return mention.actor
        return None

    def said(self, statement_start: int, speaker: Optional[ActorRef]) -> None:
        """Note the speaker of a statement just found (a pronoun after it may be that speaker, if a person)."""
        self.last_said = (statement_start, speaker)

    def _last_of(self, before: int, types: Tuple[str, ...]) -> Optional[ActorRef]:
        """"The CEOs spoke about ... They also expressed ...", "the Authority said. ... it added": the group or
        organisation that made the statement just before."""
        if self.last_said is None or not 0 < before - self.last_said[0] < _NEAR:
            return None
        speaker = self.last_said[1]
        return speaker if speaker is not None and speaker.actor_type in types else None

    def _document_author(self, head: Token, quotes: QuoteIndex) -> Optional[ActorRef]:
        near = self.last_said if self.last_said is not None and 0 < head.idx - self.last_said[0] < _NEAR else None
        return document_author(head, lambda tok: self.resolve(tok, quotes), self.actors, near)

    def _group(self, head: Token) -> Optional[ActorRef]:
        """An unnamed group; a bare group noun that a named organisation of the text has in its name is that
        organisation ("the doctors" after "Doctors for Camp Closure", "the workers" after "United Auto Workers")."""
        group = group_actor(head)
        if group is None or " " in group.name:
            return group
        word = group.name.lower()
        for m in self.actors.mentions:
            if m.actor.actor_type == "ORG" and m.start < head.idx and word in m.actor.name.lower().split():
                return m.actor
        return group

    def _last_speaker(self, before: int, quotes: QuoteIndex) -> Optional[ActorRef]:
        """"The President thinks ... He said ...": the person who made the last statement, when no person has been
        a grammatical subject since it began (a description resolves where a pronoun has no named antecedent)."""
        if self.last_said is None or not 0 < before - self.last_said[0] < _NEAR:
            return None
        start, speaker = self.last_said
        if speaker is None or speaker.actor_type != PERSON:
            return None
        doc = self.actors.doc
        for m in self.actors.mentions:
            if start <= m.start < before and m.actor.actor_type == PERSON and m.actor.name != speaker.name \
                    and not quotes.inside(m.start) and doc[m.token_i].dep_.startswith("nsubj"):
                return None
        return speaker

    def recent_subject_person(self, before: int, quotes: QuoteIndex) -> Optional[ActorRef]:
        """The last person before an offset who was a grammatical subject, else the last person at all; not one
        named inside a quotation ('"... Ambassador Volker confirmed ...," she said': she is not Volker)."""
        doc = self.actors.doc
        fallback = None
        for m in reversed(self.actors.mentions):
            if m.start >= before or m.actor.actor_type != PERSON or quotes.inside(m.start):
                continue
            if doc[m.token_i].dep_.startswith("nsubj"):
                return self._described_subject(m.start, before, quotes) or m.actor
            fallback = fallback or m.actor
        return self._described_subject(0, before, quotes) or fallback

    def _described_subject(self, after: int, before: int, quotes: QuoteIndex) -> Optional[ActorRef]:
        """'The President was asked ... and he said': the person a titled description that was a subject, between
        two offsets and in the sentence of ``before`` or the one before it, stands for."""
        doc = self.actors.doc
        span = doc.char_span(before, before + 1, alignment_mode="expand")
        at = span[0] if span is not None and len(span) and span[0].idx == before else \
            next((t for t in doc if t.idx >= before), doc[-1])      # ``before`` is a token's start, as callers give it
        for tok in reversed(doc[previous_sentence_start(at):at.i]):
            if tok.idx <= after:
                break
            if tok.dep_.startswith("nsubj") and tok.tag_ in ("NN", "NNP") and not quotes.inside(tok.idx) \
                    and lexicons.roles().get(tok.lower_) == "title" and any(c.lower_ == "the" for c in tok.children):
                found = self.description(tok)
                if found is not None and found.actor_type == PERSON:
                    return found
        return None

    def description(self, head: Token) -> Optional[ActorRef]:
        """'the Russian minister' -> the last Russian person titled minister; 'U.S. officials' -> USA."""
        kind = lexicons.roles().get(head.lower_) or lexicons.roles().get(head.lemma_.lower())
        if kind is None:
            return self._described(head)
        named = self._named_in_phrase(head)
        if named is not None:
            return named
        if kind == "official" or head.lemma_.lower() in _SPOKES:
            body = ministry(head) or self._body_of(head)      # "Russia's foreign ministry"
            if body is None and head.lemma_.lower() in _SPOKES and head.tag_ == "NN":     # "A spokesperson said"
                body = spoken_for(head, self.actors.mentions, self._last_of(head.idx, ("ORG",)))
            if body is not None:
                return body
        country = None
        for mod in head.children:
            if mod.dep_ in ("amod", "compound", "poss", "nmod") and mod.text[:1].isupper():
                hit = countries.lookup(mod.text)
                if hit:
                    country = hit[0]
                    break
        if kind == "title" and head.tag_ in ("NNS", "NNPS"):
            return None           # "Foreign ministers and senior leaders reaffirmed ...": no one person
        if kind == "title":
            lemma = head.lemma_.lower()
            phrase = _title_phrase(head)
            own = self._issuers_head(head, phrase, country)
            if own is not None:
                return own
            found = self.actors.recent_person(head.idx, phrase, country)
            if found is None and phrase != lemma and not phrase.startswith(LESSER_OFFICES):
                found = self.actors.recent_person(head.idx, lemma, country)     # "the Foreign Minister"
            if found is None and lemma in ("leader", "head"):      # "the Russian leader", "the head of state"
                found = self.actors.recent_person(head.idx, _HEADS, country)
            if found is None and lemma in _SAME_TITLES:             # "the Pontiff" after "Pope X", "the premier"
                found = self.actors.recent_person(head.idx, _SAME_TITLES[lemma], country)
            if found is None and not phrase.startswith(LESSER_OFFICES):     # named after the description
                found = self.actors.next_person(head.idx, phrase, country)
            the = head.tag_ in ("NN", "NNP") and any(c.lower_ == "the" for c in head.children)
            if found is None and the and not any(c.dep_ == "prep" for c in head.children):     # not "The chairman
                found = self._untitled_last_speaker(head, lemma)      # of the party"; "X warned ... the MP said"
            held = _headline_holder(self.actors.outside, head) if found is None and the else None
            if held is not None:            # "as the Minister said" under "... with Foreign Minister Nasser Bourita"
                found = self.actors.persons.get(held[0]) or ActorRef(held[0], PERSON, held[2], held[1])
            office = office_name(head) if found is None else None
            if office is not None:          # "The United Nations High Commissioner for Human Rights said"
                found = ActorRef(office, ORG)
            return found
        if kind == "official" and country is None:       # "Obama administration officials", "the Biden administration"
            government = government_phrase(head) or (text_government(self.actors) if is_bare_government(head)
                                                     else None)        # "the administration" after "the Trump
            country = government.country if government else None      # administration"
        if kind == "official" and country:
            return country_actor(country)
        return None

    def _issuers_head(self, head: Token, phrase: str, country: Optional[str]) -> Optional[ActorRef]:
        """'The President said ...' in a release an official of a country issues: that country's president on
        the day (a US Secretary of State's transcript: the US President, not the "President Putin" it names)."""
        issuer = self.actors.issuer
        if phrase != "president" or head.text != "President" or country or issuer is None or not issuer.country:
            return None
        holder = holder_of(issuer.country, "president", self.actors.published)
        if holder is None:
            return None
        named = [p for p in self.actors.persons.values() if p.name == holder.name or (
            p.name.split()[-1] == holder.surname and p.title and title_has(p.title, "president"))]
        return named[0] if named else ActorRef(holder.name, PERSON, holder.country, "President")

    def _untitled_last_speaker(self, head: Token, lemma: str) -> Optional[ActorRef]:
        """"Tom Reyes warned ... Speaking in parliament, the Liberal MP said": a description that fits no
        titled person is the person who spoke just before, when the text gives them no other title."""
        last = self._last_speaker(head.idx, QuoteIndex([]))
        return last if last is not None and (not last.title or title_has(last.title, lemma)) else None

    def _described(self, head: Token) -> Optional[ActorRef]:
        """'The real estate agent said' after "Ann Lee, a real estate agent, ...": the person last described so."""
        if head.tag_ != "NN" or not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
            return None
        lemma = head.lemma_.lower()
        found = [ref for noun, start, ref in self.actors.described if noun == lemma and start < head.idx]
        return found[-1] if found else None

    def _body_of(self, head: Token) -> Optional[ActorRef]:
        """The organisation or country an official or a spokesperson speaks for: "a WeWork spokesperson",
        "a spokesperson for the Danish Foreign Ministry", "PG&E officials"."""
        parts = [c for c in head.children if c.dep_ in ("compound", "poss", "nmod")]
        parts += [o for p in head.children if p.dep_ == "prep" and p.lower_ in ("for", "of", "at", "from")
                  for o in p.children if o.dep_ == "pobj"]
        for part in parts:
            mention = self.actors.mention_at(part)
            if mention is not None and mention.actor.actor_type in ("ORG", COUNTRY):
                return mention.actor
        return None

    def _named_in_phrase(self, head: Token) -> Optional[ActorRef]:
        """The person a role noun's own phrase names after it: "the U.S. envoy to the Balkans, Gabriel
        Escobar, said", "Special Representative for the DPRK Ambassador Sung Kim said"; not a list the parser
        hung on the first item ("The President, Leader Schumer, and Leader Jeffries discussed")."""
        if _is_list(head):
            return None
        for tok in head.subtree:
            if tok.i <= head.i:
                continue
            if tok.pos_ in ("VERB", "AUX") or tok.dep_ in ("relcl", "acl") or (tok.dep_ == "cc" and tok.head == head):
                return None
            mention = self.actors.mention_at(tok)
            if mention is not None and mention.actor.actor_type == PERSON:
                return mention.actor
        return None


def _is_list(head: Token) -> bool:
    """A list of names the parser hung on its first item, as conjuncts or as an apposition with conjuncts
    ("The President, Leader Schumer, and Leader Jeffries")."""
    return any(c.dep_ == "conj" or (c.dep_ == "appos" and c.pos_ == "PROPN"      # not "Plouffe, the architect
                                    and any(g.dep_ == "conj" for g in c.children))   # of ... and a close aide"
               for c in head.children)


def _title_phrase(head: Token) -> str:
    """The title a description names: its head's lemma with the title words right before it ("the Vice
    President" -> "vice president", "the Prime Minister" -> "prime minister", "the Russian minister" ->
    "minister")."""
    words = [head.lemma_.lower()]
    for tok in reversed(head.doc[head.left_edge.i:head.i]):
        if tok.dep_ != "compound" or not tok.text[:1].isupper() or countries.lookup(tok.text):
            break
        words.insert(0, tok.lower_)
    return " ".join(words)


def span_of(tok: Token, actors: DocActors) -> Tuple[int, int, str]:
    mention = actors.mention_at(tok)
    if mention:
        return mention.start, mention.end, mention.surface
    left = min((t for t in tok.subtree if t.i <= tok.i and t.dep_ != "punct"), key=lambda t: t.i)
    text = tok.doc[left.i:tok.i + 1].text      # not Doc.text, which is rebuilt from every token at each access
    return left.idx, tok.idx + len(tok), text


def plural_country(tok: Token) -> Optional[ActorRef]:
    hit = countries.lookup(tok.text) if tok.text[:1].isupper() else None
    return ActorRef(hit[1], COUNTRY, hit[0]) if hit else None
