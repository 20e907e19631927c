"""Reporting cues in a parsed ``Doc``: which verbs start a lexicon cue ("said", "pointed out", "called on",
"reached an agreement"), found once per document among its verbs."""
from __future__ import annotations

import bisect
from typing import List, Optional, Tuple

import numpy as np
from spacy.attrs import POS
from spacy.parts_of_speech import ADJ, VERB
from spacy.tokens import Doc, Span, Token

from communique.transforms import countries, lexicons


FEELING = "feeling"
_COPULAS = {"be", "remain", "feel", "become", "stay", "stand"}       # "stands ready to"
_NO_HOLDERS = {"it", "this", "that", "there", "what", "which"}        # "It is worrying that ..."


def feeling_clause(tok: Token) -> Optional[Token]:
    """The clause a stance adjective holds ("is worried that prices will fall", "is adamant that ..."): its
    own clausal complement, or its copula's after it (where the parse hangs it)."""
    clause = next((c for c in tok.children if c.dep_ == "ccomp"), None)
    if clause is None and tok.dep_ == "acomp":
        clause = next((c for c in tok.head.children if c.dep_ == "ccomp" and c.i > tok.i), None)
    return clause


def feeling_subject(tok: Token) -> Optional[Token]:
    """Who declares a feeling, for a stance adjective after a copula with "I" or "we" ("We remain deeply
    concerned about", "We are encouraged that": a statement's own words), or with anyone when it holds a clause
    ("The union is adamant that ...", "Farmers are worried prices will fall": a stance reported with what it
    holds): the copula's subject, or the subject of a participle in the passive. None for any other use: "the
    minister encouraged them to ...", "the countries concerned", and a reporter's account of others' feelings
    about something ("U.S. officials are concerned about ...")."""
    subj = None
    if tok.dep_ == "acomp" and tok.head.lemma_.lower() in _COPULAS:
        subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
    passive = [c for c in tok.children if c.dep_ == "auxpass"]
    if tok.tag_ == "VBN" and passive:          # the parse may hang the subject on the auxiliary
        subj = next((c for h in [tok] + passive for c in h.children if c.dep_ in ("nsubjpass", "nsubj")), None)
    if subj is None or subj.lower_ in _NO_HOLDERS:
        return None
    return subj if subj.lower_ in ("i", "we") or _a_country(subj) or feeling_clause(tok) is not None else None


def _a_country(subj: Token) -> bool:
    """'The United States remains committed to ...': a country as the subject of a stance, which only its own
    official's release may declare (see ``attribution``)."""
    words = subj.doc[subj.left_edge.i:subj.right_edge.i + 1]
    return subj.pos_ == "PROPN" and countries.lookup(words.text) is not None


def planned_speech(verb: Token) -> bool:
    """'will announce its plan', 'will discuss the plan with Congress', 'who will testify on Friday': a speech
    act still to come, with no reported clause, is an action planned (a commitment), not a statement made;
    "will tell the assembly that ..." reports what is to be said."""
    return verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll")
                                     for c in verb.children) and not any(
        c.dep_ in ("ccomp", "xcomp", "dative", "parataxis") for c in verb.children)    # not '"It will ...," said X'


def awaited(verb: Token) -> bool:
    """'before the ministry would agree to talks', 'until Congress would act': an act a clause of time
    waits for, with a modal; neither done, said nor promised ("before he said goodbye, ..." did happen)."""
    return verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("before", "until") for c in verb.children) \
        and any(c.dep_ == "aux" and c.lower_ in ("would", "could", "might", "should") for c in verb.children)


def hypothetical_speech(verb: Token) -> bool:
    """'if Moscow agrees to ...', 'unless she says ...': a cue in a clause of condition says what someone may say,
    not what they said; so does an awaited one."""
    return awaited(verb) or verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless")
                                                         for c in verb.children)


def cue_of(tok: Token) -> Optional[Tuple[lexicons.Cue, List[Token]]]:
    """The lexicon cue a verb or stance adjective starts, with the extra tokens of a phrasal cue ("pointed out",
    "called on")."""
    table = lexicons.cues()
    feeling = table.get(tok.lower_)
    if feeling is not None and feeling.kind == FEELING:
        if feeling_subject(tok) is not None:
            return feeling, []
        if tok.pos_ != "VERB":
            return None
    lemma = tok.lemma_.lower()
    if lemma not in lexicons.cue_lemmas() or tok.pos_ not in ("VERB",):
        return None
    for child in tok.children:
        if child.dep_ in ("prt", "prep") and f"{lemma} {child.lower_}" in table:
            return table[f"{lemma} {child.lower_}"], [child]
        if child.dep_ == "dobj" and f"{lemma} {child.lemma_.lower()}" in table:
            return table[f"{lemma} {child.lemma_.lower()}"], [child]     # "reached an agreement"
        if child.pos_ == "ADJ" and child.dep_ in ("ccomp", "oprd", "acomp") and f"{lemma} {child.lower_}" in table \
                and not any(c.dep_ == "auxpass" for c in tok.children):
            return table[f"{lemma} {child.lower_}"], [child]     # "made (it) clear that"; not "it was made clear"
        if child.dep_ == "xcomp" and f"{lemma} to" in table:                # "committed to strengthen"
            to = next((a for a in child.children if a.dep_ == "aux" and a.lower_ == "to"), None)
            if to is not None:
                return table[f"{lemma} to"], [to]
    if lemma in table:
        return table[lemma], []
    return None


_WRAPPERS = {"like", "want", "wish", "love", "need", "have", "try"}


def wrapped_cue(tok: Token) -> Optional[Token]:
    """'I would like to stress that ...', 'I want to thank ...': the speech verb a wish to speak wraps, which is
    the cue (with the wrapper's subject) when it makes a statement; None for other verbs."""
    if tok.lemma_.lower() not in _WRAPPERS:
        return None
    return next((c for c in tok.children if c.dep_ == "xcomp" and c.pos_ == "VERB" and cue_of(c) is not None), None)


def wraps_a_cue(tok: Token) -> bool:
    return wrapped_cue(tok) is not None


_CUES_KEY = "communique_cues"


def cue_tokens(doc: Doc) -> List[int]:
    """Indices of the document's tokens that start a lexicon cue, in order (found once per document, among its
    verbs and adjectives only, picked on the token array)."""
    found = doc.user_data.get(_CUES_KEY)
    if found is None:
        found = doc.user_data[_CUES_KEY] = [int(i) for i in np.flatnonzero(np.isin(doc.to_array(POS), (VERB, ADJ)))
                                            if cue_of(doc[int(i)])]
    return found


def sentence_cues(sent: Span) -> List[Token]:
    """The sentence's cue tokens, in order."""
    found = cue_tokens(sent.doc)
    return [sent.doc[i] for i in found[bisect.bisect_left(found, sent.start):bisect.bisect_left(found, sent.end)]]
