"""Commitments: clauses that bind an actor to a future action, with modality, condition and due date.

Found anywhere in the body, including inside reported speech ("He said the Russians agreed to ..."):
- a future or volitional auxiliary on an action verb ("will work", "would put together");
- a commitment verb with an infinitive ("agreed to meet", "pledged to", "plans to"), one row per
  coordinated infinitive ("to make ... and to meet ...");
- "agreed (that) X should/will ...";
- "prepared / ready / willing to ...";
- a commitment noun and its action ("reaffirmed Japan's commitment to support ...", "their pledge to ...").
The committer is the clause's subject (the noun's holder) resolved to actors by
:class:`~communique.transforms.committers.CommitterResolver`. Clauses under "hope", "think" and the like by
someone else, and subjects that are not actors ("it will be difficult"), are left out.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Iterator, List, Optional, Sequence, Tuple

import dateparser
import numpy as np
from spacy.attrs import IDX, LOWER, POS, TAG
from spacy.parts_of_speech import VERB
from spacy.tokens import Doc, Token

from communique.transforms import lexicons
from communique.transforms.actors import ActorRef, DocActors
from communique.transforms.committers import CommitterResolver
from communique.transforms.cues import awaited, cue_of, planned_speech
from communique.transforms.cue_subjects import title_read_as_preposition
from communique.transforms.due_dates import resolve_due
from communique.transforms.layout_attribution import Turn
from communique.transforms.quotes import QuoteIndex

_FUTURE_AUX = {"will", "shall", "'ll", "would", "wo"}
_COMMIT_VERBS = {"agree": "agreed", "pledge": "pledged", "promise": "promised", "vow": "vowed", "guarantee": "guaranteed",
                 "commit": "committed", "undertake": "undertook", "plan": "plans", "intend": "intends",
                 "decide": "decided", "resolve": "resolved", "hope": "hope", "offer": "offered"}
_READY_ADJ = {"prepared": "prepared to", "ready": "ready to", "willing": "willing to", "determined": "determined to"}
_COMMIT_NOUNS = {"commitment": "committed", "pledge": "pledged", "promise": "promised", "willingness": "willing to",
                 "readiness": "ready to", "intent": "intends", "intention": "intends"}
_AFFIRMING = {"reaffirm", "affirm", "stress", "express", "underscore", "underline", "emphasize", "emphasise", "reiterate",
              "confirm", "make", "renew", "declare", "announce", "highlight", "signal", "demonstrate", "give", "voice"}
_GIVING_UP = {"abandon", "withdraw", "break", "renege", "drop", "violate", "betray", "question", "doubt", "breach"}
_NOT_ACTIONS = {"be", "have", "need", "become", "remain", "seem", "appear", "mark", "mean", "cost", "face",
                "require", "hope", "want", "wish", "like", "think", "believe", "say", "know", "get"}
_KEPT_STANCES = {"engaged", "committed", "ready", "united", "steadfast", "focused", "involved", "vigilant",
                 "resolute", "determined", "open", "available", "active"}
_EMBEDDING = {"hope", "think", "believe", "expect", "fear", "doubt", "wonder", "suspect"}
_GIVING_PLEDGES = {"promise", "pledge", "offer", "vow"}
_DECLARED_ONLY = {"intent", "intention"}      # an intention commits as its holder announces it, not as others fear it
_RESOURCES = {"fund", "funding", "funds", "troop", "resource", "aid", "assistance", "support", "money", "force"}
_PAST_WORDS = {"ago", "last", "previous", "earlier", "past"}
IMPERATIVE = "imperative"
_TO_SOMEONE = {"promise", "assure", "pledge", "guarantee", "offer", "tell"}


@dataclasses.dataclass
class RawCommitment:
    committers: List[ActorRef]
    action: Tuple[int, int]
    evidence: Tuple[int, int]
    sentence: Tuple[int, int]
    modality: str
    negated: bool
    conditional: bool
    time_text: Optional[str]
    due_date: Optional[dt.date]
    counterpart: Optional[ActorRef] = None


def _subject(verb: Token) -> Optional[Token]:
    node = verb
    for _ in range(3):
        subj = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None) or \
            title_read_as_preposition(node)
        if subj is not None:
            return subj
        if node.dep_ in ("xcomp", "conj", "acomp") and node.head.i != node.i:
            node = node.head
        elif node.dep_ == "pcomp" and node.head.dep_ == "prep":
            node = node.head.head              # "remains committed to helping"
        else:
            return None
    return None


def _speaks(verb: Token) -> bool:
    """Whether a verb with a speech lemma starts a speech cue as used: "will make clear that" reports, "will make
    India a hub" acts (the first word of a phrasal cue alone is no cue)."""
    found = cue_of(verb)
    return found is not None and found[0].kind != "act"


def _kept_stance(verb: Token) -> bool:
    """'will remain deeply engaged in the region', 'will stay committed': a stance an actor undertakes to keep."""
    return verb.lemma_.lower() in ("remain", "stay") and any(
        c.dep_ == "acomp" and c.lower_ in _KEPT_STANCES for c in verb.children)


# verbs of pressing someone to act: "would be pressured to stage", not "will be started to give laptops" nor a
# manifesto's "farmers will be encouraged to ..." (the party will encourage them)
_MADE_TO = {"pressure", "force", "compel", "push", "oblige", "press", "coerce"}


def _made_to(verb: Token) -> bool:
    """'would be pushed to launch a purge', 'will be forced to resign': what others make the subject do,
    not what it commits to."""
    return verb.lemma_.lower() in _MADE_TO and any(c.dep_ == "auxpass" for c in verb.children) and any(
        c.dep_ in ("xcomp", "advcl") and any(a.lower_ == "to" for a in c.children) for c in verb.children)


def _whether(verb: Token) -> bool:
    """'whether the mayor will agree to lift the tariffs': a clause that asks whether, no commitment."""
    for node in (verb, verb.head):
        if any(c.dep_ == "mark" and c.lower_ == "whether" for c in node.children):
            return True
        if node.dep_ not in ("xcomp", "conj"):
            return False
    return False


def _commit_noun(verb: Token) -> Optional[Token]:
    """The noun a nominal commitment hangs on: 'commitment' in 'the U.S. commitment to support' or 'their
    commitment to bolstering'."""
    noun = verb.head if verb.dep_ == "acl" else verb.head.head if verb.dep_ == "pcomp" else _object_before(verb)
    return noun if noun is not None and noun.pos_ == "NOUN" and noun.lemma_.lower() in _COMMIT_NOUNS else None


def _object_before(verb: Token) -> Optional[Token]:
    """'reaffirmed Biden's commitment to ensure ...' parsed with "to ensure" hanging from the verb: the object
    that ends right before the infinitive's "to"."""
    if verb.dep_ != "advcl" or verb.tag_ != "VB" or verb.i < 2 or verb.doc[verb.i - 1].lower_ != "to":
        return None
    noun = verb.doc[verb.i - 2]
    return noun if noun.dep_ == "dobj" and noun.head.i == verb.head.i else None


def _holder(noun: Token) -> Optional[Token]:
    """Whose commitment: its possessor ('our', 'Japan's'), the country or organisation before it ('the U.S.
    commitment'), else the subject of the affirming verb it is the object of ('Biden reaffirmed the commitment
    to ...'; not 'officials are concerned about ... intention', however parsed)."""
    own = next((c for c in noun.children if c.dep_ == "poss"), None) or next(
        (c for c in noun.children if c.dep_ in ("compound", "nmod") and c.ent_type_ in ("GPE", "ORG", "NORP")), None)
    affirmed = noun.dep_ == "dobj" and noun.head.lemma_.lower() in _AFFIRMING
    return own if own is not None else _subject(noun.head) if affirmed else None


def _action_span(verb: Token) -> Tuple[int, int]:
    """From the verb to the end of its own clause, coordinated clauses with their own 'to' left out."""
    skip = set()
    for c in verb.children:
        if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and c.i > verb.i:
            skip |= {t.i for t in c.subtree}
            skip |= {t.i for t in verb.children if t.dep_ == "cc" and t.i < c.i}
    toks = [t for t in verb.subtree if t.i >= verb.i and t.i not in skip and t.dep_ not in ("nsubj",)]
    while toks and (toks[-1].is_punct or toks[-1].is_space or toks[-1].dep_ == "cc"):
        toks.pop()
    last = toks[-1] if toks else verb
    return verb.idx, last.idx + len(last)


def _embedded_by_other(verb: Token, subj: Token) -> bool:
    """'we hope Moscow will accept': a wish about someone else is not their commitment."""
    head = verb.head
    return verb.dep_ == "ccomp" and head.lemma_.lower() in _EMBEDDING and head.i != verb.i


def _hedge(verb: Token, subj: Token, modality: str, quotes: Optional[QuoteIndex]) -> bool:
    """'I would defer to DOD', 'we would welcome ...': a speaker's own "would" is politeness or a wish, not a
    promise, unless reported ("I said I would call him", "we promised we would"; a quotation's cue outside
    it reports nothing of the quoted "I")."""
    if modality != "would" or subj.lower_ not in ("i", "we"):
        return False
    head = verb.head
    same_voice = quotes is None or quotes.inside(head.idx) == quotes.inside(subj.idx)
    return not (verb.dep_ == "ccomp" and head.tag_ in ("VBD", "VBN") and same_voice)


def _conditional(verb: Token) -> bool:
    for node in [verb] + list(verb.ancestors)[:2]:
        for c in node.children:
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children):
                return True
    return False


def _time(verb: Token, action: Tuple[int, int],
          published: Optional[dt.datetime]) -> Tuple[Optional[str], Optional[dt.date]]:
    """The first date expression inside the action ("in six months") and its resolved due date."""
    doc = verb.doc
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME") or not (action[0] <= ent.start_char < action[1]):
            continue
        if not any(t.like_num or t.pos_ == "NOUN" for t in ent):
            continue
        if (ent.start > 0 and doc[ent.start - 1].lower_ == "since") or any(t.lower_ in _PAST_WORDS for t in ent):
            continue          # "the first visit since 2010", "two years ago": the past, not when it is due
        start = ent.start - 1 if ent.start > 0 and doc[ent.start - 1].lower_ in ("in", "within", "by") else ent.start
        text = doc[start:ent.end].text
        due = resolve_due(text, published)
        if due is not None or dateparser.parse(ent.text, languages=["en"]) is not None:
            return text, due
    return None, None


def _maybe_candidates(doc: Doc, body: Tuple[int, int]) -> Iterator[Token]:
    """The body's tokens that can start a committing clause: verbs, base forms and "ready"-type adjectives
    (picked on the token arrays: most tokens are none of these)."""
    cols = doc.to_array([IDX, POS, TAG, LOWER])
    strings = doc.vocab.strings
    keep = (cols[:, 1] == VERB) | (cols[:, 2] == strings["VB"]) | np.isin(cols[:, 3], [strings[w] for w in (
        *_READY_ADJ, "committed", *_COMMIT_NOUNS, "commitments", "pledges", "promises", "intentions")])
    keep &= (cols[:, 0] >= body[0]) & (cols[:, 0] < body[1])
    for i in np.flatnonzero(keep):
        yield doc[int(i)]


def _candidates(doc: Doc, body: Tuple[int, int]) -> Iterator[Tuple[Token, str]]:
    """(action verb, modality) for every committing clause in the body."""
    for tok in _maybe_candidates(doc, body):
        lemma = tok.lemma_.lower()
        speech = lemma in lexicons.speech_lemmas() and _speaks(tok) and not (      # "He continued: ..." reports;
            lemma == "continue" and any(c.dep_ == "xcomp" for c in tok.children)) and not planned_speech(tok)
        joint = lemma in _COMMIT_VERBS and any(c.dep_ == "xcomp" and c.pos_ == "VERB" for c in tok.children)
        if tok.pos_ == "VERB" and (lemma not in _NOT_ACTIONS or _kept_stance(tok)) and not speech \
                and not _made_to(tok) and not joint:        # "will agree to remove": the removal commits, once
            aux = next((c for c in tok.children if c.dep_ == "aux" and c.lower_ in _FUTURE_AUX), None)
            if aux is not None:
                yield tok, aux.lower_ if aux.lower_ != "wo" else "will"
        if lemma in _GIVING_PLEDGES and tok.pos_ == "VERB" and not any(c.dep_ in ("xcomp", "ccomp")
                                                                       for c in tok.children):
            if any(c.dep_ == "dobj" for c in tok.children):
                yield tok, _COMMIT_VERBS[lemma]          # "Germany promised Ukraine more air defence"
        if lemma == "commit" and tok.pos_ == "VERB" and any(c.dep_ == "dobj" and (
                c.ent_type_ == "MONEY" or c.lemma_.lower() in _RESOURCES) for c in tok.children):
            yield tok, "committed"                       # "is committing $14 million", not "committed a crime"
        if lemma in _COMMIT_VERBS and tok.pos_ == "VERB":
            for x in tok.children:
                if x.dep_ == "xcomp" and x.pos_ == "VERB":
                    yield x, _COMMIT_VERBS[lemma]
                    for conj in x.children:
                        if conj.dep_ == "conj" and conj.pos_ == "VERB":
                            yield conj, _COMMIT_VERBS[lemma]
                if lemma == "agree" and x.dep_ == "ccomp" and any(
                        a.dep_ == "aux" and a.lower_ in ("should", "will", "would", "shall") for a in x.children):
                    yield x, "agreed"
        if tok.dep_ == "ROOT" and tok.tag_ == "VB" and lemma not in _NOT_ACTIONS and _starts_sentence(tok) \
                and not any(c.dep_.startswith("nsubj") or c.dep_ == "aux" for c in tok.children):
            yield tok, IMPERATIVE                        # a programme's list item: "Set up a regulatory authority"
        if lemma in ("commit", "committed", "recommit") and tok.pos_ in ("VERB", "ADJ"):
            for prep in tok.children:          # "committed to helping", "we recommit to building"
                if prep.dep_ == "prep" and prep.lower_ == "to":
                    for x in prep.children:
                        if x.dep_ == "pcomp" and x.tag_ in ("VBG", "VB"):      # "committed to unlock" read
                            yield x, "committed"                               # as a preposition's verb
        declared = lemma not in _DECLARED_ONLY or (tok.dep_ == "dobj" and tok.head.lemma_.lower() in _AFFIRMING)
        if tok.pos_ == "NOUN" and lemma in _COMMIT_NOUNS and tok.head.lemma_.lower() not in _GIVING_UP and declared:
            after = tok.doc[tok.i + 2] if tok.i + 2 < len(tok.doc) else None
            if after is not None and getattr(_object_before(after), "i", None) == tok.i:
                yield after, _COMMIT_NOUNS[lemma]            # the parse hung "to ensure" from the verb
            for x in tok.children:          # "reaffirmed the U.S. commitment to fully support", "our willingness
                if x.dep_ == "acl" and x.tag_ == "VB" and any(a.lower_ == "to" for a in x.children):   # to provide"
                    yield x, _COMMIT_NOUNS[lemma]
                for v in (x.children if x.dep_ == "prep" and x.lower_ == "to" else ()):
                    if v.dep_ == "pcomp" and v.tag_ == "VBG":         # "his commitment to bolstering ..."
                        yield v, _COMMIT_NOUNS[lemma]
        if tok.lower_ in _READY_ADJ and tok.dep_ == "acomp":
            for x in tok.children:
                if x.dep_ == "xcomp" and x.pos_ in ("VERB", "AUX"):
                    yield x, _READY_ADJ[tok.lower_]


def _question(tok: Token) -> bool:
    """'How confident are you that Turkey will approve ...?': a question commits no one."""
    return tok.sent.text.rstrip().rstrip("\"'”’»)").endswith("?")


def _starts_sentence(tok: Token) -> bool:
    """The first word of its sentence, after any list marker ("a.", "(ii)", "-", "1.")."""
    for t in tok.sent:
        if t.i == tok.i:
            return True
        if not (t.is_punct or t.like_num or t.is_space or t.dep_ == "meta" or t.tag_ == "LS"
                or (len(t.text) <= 3 and t.text.rstrip(".)").isalpha() and t.text.endswith((".", ")")))):
            return False
    return False


def find_commitments(doc: Doc, actors: DocActors, speaker_at, published: Optional[dt.datetime],
                     quotes: Optional[QuoteIndex] = None, author: Optional[ActorRef] = None,
                     turns: Sequence[Turn] = ()) -> List[RawCommitment]:
    resolver = CommitterResolver(actors, speaker_at, quotes, author, turns)
    seen = set()
    out: List[RawCommitment] = []
    for verb, modality in _candidates(doc, actors.body):
        if verb.i in seen or _question(verb) or awaited(verb) or _whether(verb):
            continue
        noun = _commit_noun(verb)
        if modality == IMPERATIVE:
            subj = verb
            committers = resolver.publisher(verb)
        elif noun is not None:
            subj = _holder(noun)
            if subj is None:
                continue
            committers = resolver.resolve(subj)
        else:
            subj = _subject(verb) if modality not in ("agreed",) or verb.dep_ != "ccomp" else \
                next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
            if subj is None or _embedded_by_other(verb, subj) or _hedge(verb, subj, modality, quotes):
                continue
            committers = resolver.resolve(subj)
            if not committers and any(c.dep_ == "auxpass" for c in verb.children):
                committers = resolver.publisher(subj)     # "A national programme will be launched"
        if not committers:
            continue
        seen.add(verb.i)
        action = _action_span(verb)
        time_text, due = _time(verb, action, published)
        evidence = (min(subj.left_edge.idx, action[0]), action[1])
        out.append(RawCommitment(
            committers=committers, action=action, evidence=evidence,
            sentence=(verb.sent.start_char, verb.sent.start_char + len(verb.sent.text.rstrip())), modality=modality,
            negated=any(c.dep_ == "neg" for c in list(verb.children) + list(verb.head.children)
                        if c.i < verb.i and c.i > subj.i) or (noun is not None and any(
                            c.lower_ == "no" for c in noun.children)),       # "no willingness to"
            conditional=_conditional(verb), time_text=time_text, due_date=due,
            counterpart=_counterpart(verb, actors, committers)))
    return out


def _counterpart(verb: Token, actors: DocActors, committers: List[ActorRef]) -> Optional[ActorRef]:
    """The other party: 'work with Russia', 'promised Kyiv', 'agreed with the Americans to ...'."""
    names = {c.name for c in committers}
    for node in (verb, verb.head):
        for child in node.children:
            candidates = [child] if child.dep_ in ("dative", "dobj") and node.lemma_.lower() in _TO_SOMEONE else []
            if child.dep_ == "prep" and child.lower_ in ("with", "to"):
                candidates = [c for c in child.children if c.dep_ == "pobj"]
            for tok in candidates:
                mention = actors.mention_at(tok)
                if mention is not None and mention.actor.name not in names:
                    return mention.actor
    return None
