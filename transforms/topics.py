"""Topics: the policy noun phrases a text is about, as issues of their own ("bilateral trade", "cultural
cooperation", "food insecurity", "European security", "corporate earnings").

Analysts and annotators name an article's issues by such phrases, finer than a lexicon's categories: a noun
chunk whose head is a policy noun of ``lexicons/topic_heads.tsv`` ("trade", "cooperation", "security", "reform")
with at least one word that says which ("bilateral", "cultural", "European") is a topic, labelled by its words
in lower case (a nationality or an acronym as written): the adjectives and nouns that say which ("bilateral",
"trade"), not the words that say how, how much or when ("further", "brutal", "largest", "morning", "very"). A
chunk with a proper name in it ("U.S. military aid") is left to the named-issue and actor layers. Each head
carries the PLOVER context of its topics.
"""
from __future__ import annotations

import functools
from typing import Dict, List, Tuple

from spacy.tokens import Doc, Span, Token

from communique.transforms import lexicons

TOPIC_HEADS_FILE = "topic_heads.tsv"
# adjectives that say how, how much or when, not which topic ("further reforms", "brutal war", "current crisis")
_EVALUATIVE = set("""current new further strong close important such own other recent future key major good great deep
continued ongoing overall broad wide enhanced increased significant serious more most less same whole entire real true
long last next first second various several many much every possible potential certain specific particular additional
continuing growing complex multifaceted constructive adversarial complete frank productive positive negative difficult
fruitful candid friendly cordial warm excellent successful useful substantive intensive extensive comprehensive
detailed brief lengthy tough direct honest effective robust vibrant total historic unprecedented meaningful practical
concrete tangible genuine urgent brutal quick reasonable necessary safe corresponding adverse unspecified personal
consistent enduring strengthened extended vital crucial essential""".split())
_TIME_WORDS = {"morning", "evening", "night", "day", "week", "month", "year", "today", "weekend", "decade", "season"}


@functools.lru_cache(maxsize=None)
def topic_heads() -> Dict[str, str]:
    """Head noun (as written, lower case) -> PLOVER context of the topics it heads."""
    return {row[0]: row[1] for row in lexicons.rows(lexicons.read_packaged(TOPIC_HEADS_FILE))}


def _word(tok: Token) -> str:
    """A word as a topic label writes it: lower case, but a nationality or an acronym as written."""
    return tok.text if tok.ent_type_ in ("NORP", "GPE") or (tok.text.isupper() and len(tok.text) > 1) \
        else tok.text.lower()


def topic_words(chunk: Span) -> List[Token]:
    """The words of a noun chunk that name its topic (see the module docstring); [] when it names none."""
    head = chunk.root
    if head.lower_ not in topic_heads() or any(t.pos_ == "PROPN" for t in chunk):
        return []
    inside = {t.i for t in head.subtree}         # not "abortion" of "access to [abortion and mental health]"
    words = [t for t in chunk if t.i == head.i or t.i in inside and (
        _says_which(t) or _inner_hyphen(t) or t.pos_ == "CCONJ" and t.head.i != head.i)]  # "cultural and ..."
    for t in [w for w in words if w.i != head.i]:        # "[abortion and] mental health": two heads, misparsed
        ccs = [c.i for c in t.children if c.dep_ == "cc"]
        if ccs and not any(c.dep_ == "conj" for c in t.children):
            words = [w for w in words if w.i > max(ccs)]
    while words and (not words[0].is_alpha or words[0].pos_ == "CCONJ"):
        words = words[1:]
    return words if len([t for t in words if t.is_alpha]) >= 2 and words[-1].i == head.i else []


def _says_which(tok: Token) -> bool:
    """A modifier that says which topic ("bilateral", "European", "trade" in "trade talks", "emerging"), not one
    that says how, how much or when ("further", "brutal", "largest", "morning", "very")."""
    low = tok.lower_
    if tok.ent_type_ in ("DATE", "TIME") or low in _TIME_WORDS or low in _EVALUATIVE or not tok.is_alpha:
        return False
    if tok.pos_ == "NOUN":
        return tok.dep_ in ("compound", "amod", "nmod", "conj")
    if tok.pos_ == "VERB":
        return tok.tag_ == "VBG" and tok.dep_ in ("amod", "conj")          # "emerging technologies"
    return tok.pos_ == "ADJ" and tok.tag_ not in ("JJR", "JJS")


def _inner_hyphen(tok: Token) -> bool:
    """The hyphen of 'anti-corruption', 'low-carbon': part of the word."""
    doc = tok.doc
    return tok.text == "-" and not tok.whitespace_ and 0 < tok.i < len(doc) - 1 and not doc[tok.i - 1].whitespace_


def topics(doc: Doc, body: Tuple[int, int]) -> List[Tuple[str, str, int, int]]:
    """(label, context, start, end) of every topic in the body, in text order."""
    found = []
    heads = topic_heads()
    for chunk in doc.noun_chunks:
        if not body[0] <= chunk.start_char < body[1]:
            continue
        words = topic_words(chunk)
        if words:
            label = "".join(_word(t) + ("" if nxt.i == t.i + 1 and not t.whitespace_ else " ")
                            for t, nxt in zip(words, words[1:])) + _word(words[-1])
            found.append((label, heads[chunk.root.lower_], words[0].idx, chunk.root.idx + len(chunk.root)))
    return found
