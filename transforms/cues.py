"""Reporting cues in a parsed ``Doc``: which verbs start a lexicon cue ("said", "pointed out", "called on",
"reached an agreement"), found once per document among its verbs."""
from __future__ import annotations

import bisect
from typing import List, Optional, Tuple

import numpy as np
from spacy.attrs import POS
from spacy.parts_of_speech import VERB
from spacy.tokens import Doc, Span, Token

from communique.transforms import lexicons


def cue_of(tok: Token) -> Optional[Tuple[lexicons.Cue, List[Token]]]:
    """The lexicon cue a verb starts, with the extra tokens of a phrasal cue ("pointed out", "called on")."""
    lemma = tok.lemma_.lower()
    if lemma not in lexicons.cue_lemmas() or tok.pos_ not in ("VERB",):
        return None
    table = lexicons.cues()
    for child in tok.children:
        if child.dep_ in ("prt", "prep") and f"{lemma} {child.lower_}" in table:
            return table[f"{lemma} {child.lower_}"], [child]
        if child.dep_ == "dobj" and f"{lemma} {child.lemma_.lower()}" in table:
            return table[f"{lemma} {child.lemma_.lower()}"], [child]     # "reached an agreement"
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
    verbs only, picked on the token array)."""
    found = doc.user_data.get(_CUES_KEY)
    if found is None:
        found = doc.user_data[_CUES_KEY] = [int(i) for i in np.flatnonzero(doc.to_array(POS) == VERB)
                                            if cue_of(doc[int(i)])]
    return found


def sentence_cues(sent: Span) -> List[Token]:
    """The sentence's cue tokens, in order."""
    found = cue_tokens(sent.doc)
    return [sent.doc[i] for i in found[bisect.bisect_left(found, sent.start):bisect.bisect_left(found, sent.end)]]
