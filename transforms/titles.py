"""Titles and affiliations of named people from the words around the name: the title chain before it ("U.S.
Secretary of State Condoleezza Rice"), an apposition ("Lavrov, Russia's foreign minister") and a country right
after it ("Prime Minister Modi of India")."""
from __future__ import annotations

from typing import List, Optional, Sequence, Tuple

from spacy.tokens import Doc, Span, Token

from communique.transforms import countries, lexicons
from communique.transforms.name_spans import title_word

CHAIN_GLUE = {"of", "for", "to", "'s", "’s", "and"}


def title_chain(doc: Doc, start: int, stop_at: int) -> List[Token]:
    """Tokens right before a name that belong to its title ("U.S. Secretary of State")."""
    chain: List[Token] = []
    i = start - 1
    while i >= stop_at:
        tok = doc[i]
        if chain and tok.lower_ == "the" and i > stop_at and doc[i - 1].lower_ in ("of", "for", "to"):
            chain.insert(0, tok)      # "Special Representative for the DPRK", "Ambassador to the EU"
            i -= 1
            continue
        named = tok.ent_type_ == "PERSON" and not title_word(tok) and countries.lookup(tok.text) is None
        if named or tok.is_punct or tok.pos_ in ("VERB", "AUX", "DET", "PRON", "NUM"):
            break
        capital = tok.text[:1].isupper()
        role = tok.lower_ in lexicons.roles()
        if not (capital or role or (tok.lower_ in CHAIN_GLUE and chain) or tok.dep_ in ("amod", "compound")):
            break
        if tok.lower_ == "and":
            break
        chain.insert(0, tok)
        i -= 1
    while chain and chain[0].lower_ in CHAIN_GLUE:
        chain.pop(0)
    return chain


def title_floor(span: Span) -> int:
    """Where a name's title may start: its sentence, or the one before when the parser split the title off at
    no punctuation ("Deputy | Secretary of State Wendy Sherman will travel ...")."""
    floor = span.sent.start
    if floor > 0 and not (span.doc[floor - 1].is_punct or span.doc[floor - 1].is_space):
        floor = span.doc[floor - 1].sent.start
    return floor


def split_title(chain: Sequence[Token]) -> Tuple[Optional[str], Optional[str]]:
    """(title, alpha3) from a title chain: leading country words give the affiliation, the rest the title."""
    k = 0
    country = None
    while k < len(chain) and chain[k].text[:1].isupper() and countries.lookup(chain[k].text):
        country = country or countries.lookup(chain[k].text)[0]
        k += 1
    rest = [t for t in chain[k:] if t.lower_ not in ("'s", "’s")]
    if not any(lexicons.is_title(t.lower_) for t in rest):
        return None, country
    words = [t for t in rest if t.lower_ != "the"]
    for prev, tok in zip(words, words[1:]):      # "President of Serbia", "Prime Minister of the Netherlands";
        if country is None and prev.lower_ == "of" and tok.text[:1].isupper():    # not "Envoy for Iran"
            country = (countries.lookup(tok.text) or (None,))[0]
    title = " ".join(t.text for t in rest)
    return (title[:1].upper() + title[1:]) if title else None, country


def appos_title(root: Token) -> Tuple[Optional[str], Optional[str]]:
    for child in root.children:
        if child.dep_ == "appos":
            toks = [t for t in child.subtree if not t.is_punct and t.dep_ != "det"]
            if any(t.lower_ in lexicons.roles() for t in toks):
                return split_title([t for t in toks if t.i <= child.i])
    return None, None


def country_after(span: Span) -> Optional[str]:
    """'Prime Minister Modi of India', 'Sheikh Tamim Bin Hamad Al-Thani of Qatar': the country named right
    after a titled name."""
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].lower_ != "of":
        return None
    for k in range(min(len(doc), span.end + 5), span.end + 1, -1):
        words = doc[span.end + 1:k]
        hit = countries.lookup(words.text) if words[0].text[:1].isupper() or words[0].lower_ == "the" else None
        after = doc[k] if k < len(doc) else None
        if hit is not None and not countries.is_capital(words.text) and not (
                after is not None and after.pos_ == "PROPN" and after.text[:1].isupper()):
            return hit[0]      # not "of the United Kingdom Atomic Energy Authority"
    return None


def role_words(title: Optional[str]) -> set:
    """'Secretary of State' -> {'secretary'}: the words of a title that name a role."""
    return {w for w in (title or "").lower().split() if lexicons.is_title(w)}
