"""Actors of one article: people, organisations, countries and named groups, with titles and affiliations.

Pure functions over a spaCy ``Doc``. Full names define people; later surnames, pronouns and descriptions
("the Russian minister") resolve to them. A person's title and country come from the words before the name
("U.S. Secretary of State Condoleezza Rice"), an apposition ("Lavrov, Russia's foreign minister") or a
coordinated person ("... Rice and Defense Secretary Robert M. Gates"). Only the article body counts: bylines,
publisher lines and page chrome are left out (see :func:`~communique.transforms.article_body.body_span`).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Dict, List, Optional, Sequence, Tuple, Union

import numpy as np
from spacy.attrs import ORTH
from spacy.tokens import Doc, Span, Token

from communique.transforms import countries, departments, lexicons
from communique.transforms.acronyms import respell
from communique.transforms.article_body import body_span
from communique.transforms.given_names import same_given_name
from communique.transforms.name_spans import (BODY_WORDS, HONORIFICS, coordinated_names, full_name_from_given,
                                              full_name_in, gerund_not_given_name, name_after_country, name_suffix,
                                              person_read_as_organisation, person_span, regnal_name,
                                              titled_name_read_as_thing, title_before_in, title_has, title_word,
                                              titled_surnames, with_suffix)
from communique.transforms.nlp_model import doc_text
from communique.transforms.not_actors import (ADDRESS, DATED_POSSESSIVE, TICKER, VENUE, a_place, document_name,
                                              in_dateline, no_actor, programme_name)
from communique.transforms.office_holders import government_of, name_office_holders
from communique.transforms.org_spans import (bare_name, case_party, joined_organisations, listed_parts,
                                             paired_parts, possessive_body)
from communique.transforms.titles import (CHAIN_GLUE, appos_title, country_after, role_words, split_title, title_chain,
                                          title_floor)

PERSON, ORG, COUNTRY, GROUP = "PERSON", "ORG", "COUNTRY", "GROUP"
_NAMED_THINGS = ("ORG", "GPE", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT")    # labels a person's name may be read as
_ACTING_DEPS = {"nsubj", "nsubjpass", "poss", "appos", "dobj", "dative", "conj", "attr"}
_PEOPLE_PREPS = {"with", "by", "for", "against", "to", "from", "of"}      # "met with Assad", "a letter from Lund"
_PLACE_PREPS = {"in", "to", "at", "near", "into", "outside", "around"}
_CHAIN_DEPS = {"compound", "amod", "poss", "case", "nmod", "npadvmod", "prep", "pobj", "cc"}
_NOT_PERSONS = {"question", "questions", "moderator", "operator", "participant", "audience", "staff", "q", "a",
                "answer", "reporter", "journalist"}       # transcript labels the recogniser reads as names


@dataclasses.dataclass
class ActorRef:
    name: str
    actor_type: str
    country: Optional[str] = None
    title: Optional[str] = None


def country_actor(code: str) -> ActorRef:
    """The country actor of an alpha-3 code, under its country's name ("USA" -> United States)."""
    return ActorRef(countries.name_of(code) or code, COUNTRY, code)


@dataclasses.dataclass
class Mention:
    start: int
    end: int
    surface: str
    actor: ActorRef
    token_i: int          # index of the mention's head token in the doc


def country_of_tokens(tokens: Sequence[Token]) -> Optional[str]:
    """The first country a capitalised word among the tokens names ("Chinese censors", "Russian Defense Ministry")."""
    for tok in tokens:
        hit = countries.lookup(tok.text) if tok.text[:1].isupper() else None
        if hit:
            return hit[0]
    return None


def _fits(ref: ActorRef, title_words: Sequence[str], country: Optional[str]) -> bool:
    """Whether a person has one of some title words (any title when none is asked for) and no country other than
    ``country``."""
    if title_words and not any(title_has(ref.title or "", w) for w in title_words):
        return False
    return not (country and ref.country and ref.country != country)


class DocActors:
    """People and other actors of one document, and resolution of speaker mentions to them."""

    def __init__(self, doc: Doc, exclude_names: Sequence[str] = (), body: Optional[Tuple[int, int]] = None,
                 issuer: Optional[ActorRef] = None, title: str = "", published: Optional[dt.date] = None):
        """``issuer``: the official who issues the text (a release "by Antony J. Blinken, Secretary of State"):
        known before the text names anyone, and whom a bare surname like "SECRETARY BLINKEN" stands for.
        ``title``: the headline, which with the lines before the body may give the full name of someone the body
        names by surname only ("... Kosovo President Vjosa Osmani ..." over a transcript's "PRESIDENT OSMANI:").
        ``published``: the day office holders named by title and surname only are looked up on ("President Bush")."""
        self.doc = doc
        self.published = published
        self.body = body or body_span(doc_text(doc), title=title or "")
        self.outside = f"{title or ''}\n{doc_text(doc)[:self.body[0]]}"     # the headline and lines before the body
        excluded = {n.strip().lower() for n in exclude_names if n}
        self.persons: Dict[str, ActorRef] = {}
        self.surnames: Dict[str, str] = {}
        self._namesakes: Dict[str, List[str]] = {}      # surname -> every full name with it, when several
        self._acronyms: Dict[str, ActorRef] = {}        # "PCAST" -> the organisation it was given to in brackets
        self.issuer = issuer
        if issuer is not None and len(issuer.name.split()) >= 2:
            self.persons[issuer.name] = issuer
            self.surnames[issuer.name.split()[-1]] = issuer.name
        self.mentions: List[Mention] = []
        self.described: List[Tuple[str, int, ActorRef]] = []    # (noun, offset, person): "X, a real estate agent"
        self._by_token: Dict[int, Mention] = {}
        self._coordinated: List[Tuple[ActorRef, int]] = []
        self._collect(excluded)

    # -- collection -----------------------------------------------------------------------------------
    def _in_body(self, start_char: int) -> bool:
        return self.body[0] <= start_char < self.body[1]

    def _collect(self, excluded: set) -> None:
        doc = self.doc
        person_spans = []
        ents = [ent for ent in joined_organisations(doc) if not no_actor(ent) and not case_party(ent)]
        ents = [Span(doc, e.start, e.end, label="ORG") if possessive_body(e) else e for e in ents]
        for ent in ents:
            if ent.label_ == "PERSON" and self._in_body(ent.start_char) and countries.lookup(ent.text) is None \
                    and ent.text.lower() not in _NOT_PERSONS and not ADDRESS.search(ent.text):
                s, e = person_span(doc, ent)
                if e > s and doc[s:e].text.lower() not in excluded and doc[s].text[:1].isupper() \
                        and not all(title_word(t) or t.lower_ in HONORIFICS for t in doc[s:e]):   # "Amir Sheikh",
                    # "Madam President": titles only
                    person_spans.append(doc[s:e])
            elif ent.label_ in _NAMED_THINGS and self._in_body(ent.start_char):
                named = (name_after_country(doc, ent) or person_read_as_organisation(doc, ent)
                         if ent.label_ in ("ORG", "GPE") else None) or titled_name_read_as_thing(ent)
                if named is not None:
                    person_spans.append(doc[named[0]:named[1]])
        person_spans = [sp[1:] if gerund_not_given_name(sp, person_spans) else sp for sp in person_spans]
        person_spans += [sp for sp in coordinated_names(doc, person_spans) + titled_surnames(doc)
                         if self._in_body(sp.start_char) and not any(sp.start < p.end and p.start < sp.end
                                                                     for p in person_spans)]
        # full names first, so that surnames resolve to them wherever they occur
        for span in sorted(person_spans, key=lambda sp: (-len(sp), sp.start)):
            self._add_person(span)
        for ent in ents:
            if not self._in_body(ent.start_char) or ent.text.lower() in excluded or in_dateline(ent[0]):
                continue
            if any(t.i in self._by_token for t in ent) or ADDRESS.search(ent.text):
                continue
            self._add_other(ent)
        self._repeat_organisations()
        respell(self.mentions)          # "CBP" where the text also writes "Customs and Border Protection"
        for tok in self._surname_tokens():      # surnames the entity recogniser missed
            surname = tok.text.title() if tok.text.isupper() else tok.text
            if tok.pos_ == "PROPN" and surname in self.surnames and tok.i not in self._by_token \
                    and not tok.ent_type_ and self._in_body(tok.idx):
                name = self._namesake(surname, tok.i, None) or self.surnames[surname]
                self._add_mention(doc[tok.i:tok.i + 1], self.persons[name])
        self.mentions.sort(key=lambda m: m.start)
        self._drop_bare_words()
        self._titles_outside()
        name_office_holders(list(self.persons.values()), self.published)      # "President Bush"
        self._inherit_countries()

    def _drop_bare_words(self) -> None:
        """A one-word "person" with no title that never acts, is acted on or owns anything ("near the Berm", "on
        Twitter", "Karabakh settlement"; not "met with Assad"): a place or a thing the recogniser read as a name."""
        people = {id(m.actor): m.actor for m in self.mentions if m.actor.actor_type == PERSON}
        for ref in people.values():
            if " " in ref.name or ref.title or ref is self.issuer:
                continue
            roles = [self.doc[m.token_i] for m in self.mentions if m.actor is ref]
            if all(a_place(t) for t in roles) or not any(
                    t.dep_ in _ACTING_DEPS or (t.dep_ == "pobj" and t.head.lower_ in _PEOPLE_PREPS) for t in roles):
                self._drop(ref)
        bodies = {id(m.actor): m.actor for m in self.mentions if m.actor.actor_type == ORG}
        for ref in bodies.values():
            words = set(ref.name.lower().split())
            if len(words) <= 2 and not ref.name.isupper() and not words & BODY_WORDS \
                    and all(a_place(self.doc[m.token_i]) for m in self.mentions if m.actor is ref):
                self._drop(ref)       # "the towns of Bucha, Irpin and Hostomel", "in Westerplatte"

    def _drop(self, ref: ActorRef) -> None:
        self.mentions = [m for m in self.mentions if m.actor is not ref]
        self._by_token = {i: m for i, m in self._by_token.items() if m.actor is not ref}

    def _repeat_organisations(self) -> None:
        """An organisation the entity recogniser named once is the same organisation where it missed the name
        ("WeWork declined to comment"), and so is the acronym it was given in brackets ("... (PCAST)")."""
        doc, text = self.doc, doc_text(self.doc)
        orgs = {m.surface: m.actor for m in self.mentions if m.actor.actor_type == ORG and m.surface[:1].isupper()}
        orgs.update(self._acronyms)
        for surface, ref in orgs.items():
            for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
                span = doc.char_span(m.start(), m.end())
                if span is not None and self._in_body(m.start()) and not any(t.i in self._by_token for t in span):
                    self._add_mention(span, ref)

    def _surname_tokens(self) -> List[Token]:
        """Tokens written as a known surname (or in capitals), picked on the token array of word forms."""
        if not self.surnames:
            return []
        strings = self.doc.vocab.strings
        forms = [strings[f] for s in self.surnames for f in (s, s.upper())]
        return [self.doc[int(i)] for i in np.flatnonzero(np.isin(self.doc.to_array(ORTH), forms))]

    def _add_person(self, span: Span) -> None:
        upper = span.text.isupper() and (len(span.text) > 3 or span.text.title() in self.surnames)
        # "BLINKEN"; "KIM" once "Sung Kim" is known; a name broken over two lines is one name
        name = with_suffix(" ".join((span.text.title() if upper else span.text).split()))
        key = next((w for w in reversed(name.split()) if not name_suffix(w)), name)      # not "Jr."
        chain = title_chain(self.doc, span.start, max(title_floor(span), span.start - 8))
        title, country = split_title(chain)
        if len(span) == 1 or name in self.surnames:
            canonical = self._namesake(key, span.start, title) or self.surnames.get(key) or self.surnames.get(name) \
                or self._given_name(span)
            ref = self.persons.get(canonical) if canonical else None
            if ref is None:
                name = self.full_name(name)
                name = regnal_name(title, name) or name      # "Prince Andrew", not "Andrew"
                ref = self.persons.setdefault(name, ActorRef(name, PERSON))
                self.surnames.setdefault(key, name)
        else:
            longer = [n for n in self.persons if n.endswith(" " + name)]      # "Hawk Sawyer": Kathleen Hawk Sawyer
            ref = self.persons.get(name) or (self.persons[longer[0]] if len(longer) == 1 else None)
            if ref is None:
                name = regnal_name(title, name) or name      # "Pope John Paul II"
                ref = self.persons.get(name) or ActorRef(name, PERSON)
                self.persons[name] = ref
                self.surnames.setdefault(key, name)
                if self.surnames[key] != name:
                    self._namesakes.setdefault(key, [self.surnames[key]]).append(name)
        first = chain[0].i if chain else span.start
        if first >= 2 and self.doc[first - 1].lower_ == "and":
            self._coordinated.append((ref, first - 2))     # "Rice and Defense Secretary Robert M. Gates"
        if title is None and country is None:
            title, country = appos_title(span.root)
        root = span.root
        self.described += [(c.lemma_.lower(), span.start_char, ref) for c in root.children
                           if c.dep_ == "appos" and c.pos_ == "NOUN"]       # "Ann Lee, a real estate agent,"
        if root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head.i < span.start:
            self.described.append((root.head.lemma_.lower(), span.start_char, ref))      # "The suspect, Ann Lee,"
        country = country or country_after(span)
        ref.title = ref.title or title
        ref.country = ref.country or country
        self._add_mention(span, ref)

    def _given_name(self, span: Span) -> Optional[str]:
        """'Sheikh Tamim', 'King Abdullah', "dear Vladimir", "Andres and I": a given name alone (or its nickname)
        stands for the one full name it opens."""
        names = [n for n in self.persons if n.split()[0] == span.text and len(n.split()) > 1] or [
            n for n in self.persons if len(n.split()) > 1 and same_given_name(n.split()[0], span.text)]
        return names[0] if len(names) == 1 else None      # "Tony" for Antony J. Blinken too

    def _namesake(self, surname: str, before: int, title: Optional[str]) -> Optional[str]:
        """Of several full names sharing a surname ("Melania Trump", "Donald J. Trump"), the one a bare surname
        stands for: the one whose title shares a word with the mention's ("President Trump"), else the text's
        issuer, else the one named last before it; None when the surname is one person's."""
        names = self._namesakes.get(surname)
        if not names:
            return None
        words = role_words(title)
        titled = [n for n in names if words & role_words(self.persons[n].title)]
        if len(titled) == 1:
            return titled[0]
        if self.issuer is not None and self.issuer.name in names:
            return self.issuer.name                # "AMBASSADOR KIM:" in Sung Kim's briefing
        last = {m.actor.name: m.token_i for m in self.mentions if m.token_i < before and m.actor.name in names}
        return max(last, key=last.get) if last else None

    def _add_other(self, ent: Span) -> None:
        text = ent.text
        bare = re.sub(r"[’']s$", "", text)
        surname = self.surnames.get(bare.title() if bare.isupper() else bare)
        if surname:
            self._add_mention(ent, self.persons[surname])
            return
        label = ent.label_
        if label == "PERSON" and countries.lookup(text):
            label = "GPE"           # "Jordan" read as a person's name
        if label in ("GPE", "NORP"):
            hit = countries.lookup(text)
            if hit is None:
                if label == "NORP" and ent.root.tag_ in ("NNPS", "NNS"):
                    self._add_mention(ent, ActorRef(text, GROUP))
                return
            if label == "NORP" and ent.root.tag_ not in ("NNPS", "NNS"):
                return          # "Russian leaders": an adjective, not a mention of the country
            if countries.is_capital(text) and ent.root.dep_ not in ("nsubj", "nsubjpass"):
                return          # "in Washington" is a place; "Moscow will accept" is an actor
            self._add_mention(ent, ActorRef(hit[1], COUNTRY, hit[0]))
        elif label == "ORG":
            if text in self._acronyms:           # "NCFA" after "the Nordic Council of Fisheries Advisors (NCFA)"
                self._add_mention(ent, self._acronyms[text])
                return
            parts = listed_parts(ent) if "," in text else paired_parts(ent)
            if len(parts) > 1:            # "Astrolabe, Deep Orbit Systems": a list the recogniser read as one name
                for part in parts:
                    self._add_other(part)
                return
            if document_name(text) or programme_name(text, self.doc):     # documents are no actors
                return
            words = text.lower().split()
            if VENUE.search(text) or DATED_POSSESSIVE.search(text):
                return          # "the Oval Office", "the Treaty Room": where a meeting is, not who meets; a date
            if self._is_title_fragment(ent) or (lexicons.is_title(words[-1]) and not set(words) & BODY_WORDS):
                return          # "National Climate Advisor", not "Office of the Inspector General": a title
            if TICKER.search(text) or (countries.is_capital(text) and ent.root.dep_ == "pobj"
                                        and ent.root.head.lower_ in _PLACE_PREPS):
                return          # "Sterling GBP=", "CMAL3": market codes; "to Lusaka": a capital read as a body
            name = bare_name(text)          # "WeWork’s"
            if name.count("(") > name.count(")"):
                name = name[:name.rfind("(")].rstrip()        # "Office of Foreign Assets Control (OFAC"
            name = name.rstrip(" ,;:")
            if not name:
                return
            government = government_of(name)
            if government is not None:          # "the UK Government", "the Obama Administration"
                self._add_mention(ent, ActorRef(government[1], COUNTRY, government[0]))
                return
            longer = [m.actor for m in self.mentions if m.actor.actor_type == ORG and m.start < ent.start_char
                      and m.actor.name.lower().endswith(" " + name.lower())] if name.lower() in BODY_WORDS else []
            # "Administration officials" after "the Biden-Harris Administration": the body named last before
            department = departments.department_name(name)     # "the Justice Department": U.S. Department of Justice
            ref = longer[-1] if longer else ActorRef(department or name, ORG,
                                                     departments.COUNTRY if department else country_of_tokens(ent))
            self._add_mention(ent, ref)
            short = re.search(rf"{re.escape(name)}\s*\(([A-Z][A-Za-z]*[A-Z])\b",
                              doc_text(self.doc)[ent.start_char:ent.end_char + 16])
            if short:           # "the President’s Council of Advisors on Science and Technology (PCAST)"
                self._acronyms.setdefault(short.group(1), ref)

    def _is_title_fragment(self, ent: Span) -> bool:
        """'State' in 'Secretary of State Rice', 'Russian Foreign Affairs' in '... Minister Sergey Lavrov'."""
        j = ent.end
        while j < len(self.doc) and j < ent.end + 4:
            tok = self.doc[j]
            person = self._by_token.get(tok.i)
            named = tok.ent_type_ == "PERSON" and not any(e.start <= tok.i < e.end and possessive_body(e)
                                                          for e in self.doc.ents)
            if named or (person is not None and person.actor.actor_type == PERSON):
                return True           # "[Defense] Secretary Gates" with Gates found after a title
            if not (tok.text[:1].isupper() or tok.lower_ in CHAIN_GLUE):
                return False
            j += 1
        return any(t.lower_ in lexicons.roles() for t in self.doc[max(ent.start - 2, 0):ent.start])

    def _add_mention(self, span: Span, ref: ActorRef) -> None:
        text = re.sub(r"[’']s$", "", span.text).strip()
        m = Mention(span.start_char, span.start_char + len(text), text, ref, span.root.i)
        self.mentions.append(m)
        for tok in span:
            self._by_token[tok.i] = m

    # -- resolution -----------------------------------------------------------------------------------
    def mention_at(self, token: Token) -> Optional[Mention]:
        return self._by_token.get(token.i)

    def full_name(self, name: str) -> str:
        """The full name the headline or the lines before the body give for a surname, or for a given name alone
        ("Foreign Minister Yair" under "... Foreign Minister Yair Lapid ..."), else the name."""
        return full_name_in(self.outside, name) or full_name_from_given(self.outside, name) or name

    def recent_person(self, before_char: int, title_word: Union[None, str, Sequence[str]] = None,
                      country: Optional[str] = None) -> Optional[ActorRef]:
        """The person mentioned last before an offset, optionally with a title word (or one of several) or a
        country."""
        words = (title_word,) if isinstance(title_word, str) else tuple(title_word or ())
        for m in reversed(self.mentions):
            if m.start < before_char and m.actor.actor_type == PERSON and _fits(m.actor, words, country):
                return m.actor
        return None

    def next_person(self, after_char: int, title_word: str, country: Optional[str] = None,
                    within: int = 600) -> Optional[ActorRef]:
        """The first person named after an offset, within some characters, with a title word and no other
        country: "Austria's interior minister said ... Interior Minister Wolfgang Peschorn said"."""
        for m in self.mentions:
            if m.start <= after_char or m.actor.actor_type != PERSON:
                continue
            if m.start > after_char + within:
                return None
            if _fits(m.actor, (title_word,), country):
                return m.actor
        return None

    def title_sender(self, document: str) -> Optional[ActorRef]:
        """The person a headline says sent or wrote a document ("President Vladimir Putin sent a message on ... to
        ..."): who "the message" of the body is from."""
        m = re.search(rf"\b(?:sent|addressed|wrote|issued)\s+(?:a|an|the)\s+(?:[\w-]+\s+)?{re.escape(document)}\b",
                      self.outside)
        if m is None:
            return None
        before = self.outside[:m.start()]
        named = [ref for name, ref in self.persons.items() if ref.actor_type == PERSON and name in before]
        return max(named, key=lambda ref: len(ref.name)) if named else None

    def _titles_outside(self) -> None:
        """A person the body names without a title takes the one the headline or header gives ("Russian President
        Vladimir Putin held talks with ..." over "Vladimir Putin presented ... The President said ...")."""
        for ref in self.persons.values():       # or the country, to a title the body gives ("FOREIGN MINISTER LAPID")
            if (ref.title is None or ref.country is None) and len(ref.name.split()) > 1:
                title, country = title_before_in(self.outside, ref.name)
                ref.title = ref.title or title
                ref.country = ref.country or (country if title else None)

    def _inherit_countries(self) -> None:
        """People coordinated with a person of known affiliation share it ("Rice and ... Gates")."""
        for ref, other_i in self._coordinated:
            other = self._by_token.get(other_i)
            if not ref.country and other and other.actor.actor_type == PERSON and other.actor.country:
                ref.country = other.actor.country
