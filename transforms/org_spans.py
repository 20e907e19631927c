"""Organisation names the entity recogniser cuts or runs together: "[the U.S. Agency for] [International
Development]" and "[Customs] and Border Protection" are one name; "Astrolabe, Deep Orbit Systems" is two; a
possessive body name read as a person ("the Donetsk People's Republic") is an organisation; the parties of a
court case ("Dobbs v. Jackson ...") are no actors. Pure functions over the entities of a parsed ``Doc``.
"""
from __future__ import annotations

import re
from typing import List, Set

from spacy.tokens import Doc, Span

from communique.transforms.acronyms import doc_acronyms, initials
from communique.transforms.name_spans import BODY_WORDS

_VERSUS = {"v.", "v", "vs.", "vs"}


def joined_organisations(doc: Doc) -> List[Span]:
    """The entities, an organisation the recogniser cut after its "for" or "of" joined to the rest: "[the U.S.
    Agency for] [International Development]", or at its "and": "[the Coastal Travel] and [Tourism Council]" (a
    name of two words or more, then one that ends in a body word; not "the Security Council and NATO"), or
    "[Customs] and [Border Protection]" in a text that writes CBP."""
    ents = list(doc.ents)
    out: List[Span] = []
    acronyms = doc_acronyms(doc)
    for ent in ents:
        last = out[-1] if out else None
        if last is not None and last.label_ == "ORG" and ent.label_ == "ORG" and (
                (last.end == ent.start and last[-1].lower_ in ("for", "of", "on")) or _cut_at_and(last, ent)):
            out[-1] = Span(doc, last.start, ent.end, label="ORG")
        elif last is None or ent.start >= last.end:
            out.append(_with_office_of(_spelled_at_and(ent, acronyms)) if ent.label_ == "ORG" else ent)
    return out


def _with_office_of(ent: Span) -> Span:
    """"[the UN Office] of the High Commissioner for Human Rights": a body's name the recogniser cut before the
    "of" that names its office, to the end of the capitalised words after it (not an entity of its own)."""
    doc, end = ent.doc, ent.end
    if ent[-1].lower_ not in BODY_WORDS or end + 2 > len(doc) or doc[end].lower_ != "of":
        return ent
    k, last = end + 1, end
    while k < len(doc) and k < end + 10 and not doc[k].ent_type_ and (
            doc[k].lower_ in ("the", "for", "of", "on", "and") or (doc[k].is_alpha and doc[k].text[:1].isupper())):
        last = k if doc[k].text[:1].isupper() else last
        k += 1
    return Span(doc, ent.start, last + 1, label="ORG") if last > end else ent


def _cut_at_and(first: Span, second: Span) -> bool:
    words = [t for t in first if t.lower_ != "the"]
    return second.start == first.end + 1 and first.doc[first.end].lower_ == "and" and len(words) >= 2 \
        and words[-1].lower_ not in BODY_WORDS and second[0].lower_ != "the" and second[-1].lower_ in BODY_WORDS


def _spelled_at_and(ent: Span, acronyms: Set[str]) -> Span:
    """"[Customs] and Border Protection" in a text that writes CBP: the name up to the capitalised words after its
    "and", when their initials are an acronym of the text."""
    doc, end = ent.doc, ent.end
    if not acronyms or end + 2 > len(doc) or doc[end].lower_ != "and":
        return ent
    k = end + 1
    while k < len(doc) and k < end + 5 and doc[k].is_alpha and doc[k].text[:1].isupper():
        k += 1
    return Span(doc, ent.start, k, label="ORG") if k > end + 1 and initials(doc[ent.start:k].text) in acronyms \
        else ent


def case_party(ent: Span) -> bool:
    """'Dobbs' and 'Jackson Women's Health Organization' in "Dobbs v. Jackson Women's Health Organization" name a
    court case, not actors."""
    doc = ent.doc
    return (ent.start > 0 and doc[ent.start - 1].lower_ in _VERSUS) or (
        ent.end < len(doc) and doc[ent.end].lower_ in _VERSUS)


_BODY_NAMES = {"republic", "front", "league", "movement", "congress", "assembly"}     # "the People’s Republic"
_COMPANY_SUFFIXES = {"Inc", "Ltd", "LLC", "Co", "Corp", "PLC", "plc", "LLP", "S.A", "AG", "GmbH", "N.V"}


def listed_parts(ent: Span) -> List[Span]:
    """The names of a list read as one organisation ("Astrolabe, Deep Orbit Systems"): its comma-separated parts when
    each is capitalised words; the entity itself otherwise ("Acme, Inc.")."""
    parts, start = [], ent.start
    for tok in list(ent) + [None]:
        if tok is None or tok.text == ",":
            end = tok.i if tok is not None else ent.end
            words = [t for t in ent.doc[start:end] if t.lower_ != "and" or t.i != start]
            if not words or not all(t.text[:1].isupper() or t.lower_ in ("of", "and", "for", "the") for t in words):
                return [ent]
            parts.append(Span(ent.doc, words[0].i, end, label=ent.label_))
            start = end + 1
    return parts if len(parts) > 1 and not any(p.text.rstrip(".") in _COMPANY_SUFFIXES for p in parts) else [ent]


def possessive_body(ent: Span) -> bool:
    """'the Donetsk People’s Republic', 'the Women’s League' read as a person's name: a body's name."""
    return ent.label_ == "PERSON" and any(
        t.lower_ in ("'s", "’s") and t.i + 1 < ent.end and ent.doc[t.i + 1].text[:1].isupper()
        and ent.doc[t.i + 1].lower_ in BODY_WORDS | _BODY_NAMES for t in ent)


def paired_parts(ent: Span) -> List[Span]:
    """'[the United Nations and European Union] stressed': two names read as one organisation, split when the text
    names one of them on its own elsewhere ("The European Union's top court") and each has two words or more; the
    entity itself otherwise ("Customs and Border Protection", "Health and Human Services")."""
    ands = [t for t in ent if t.lower_ == "and"]
    if len(ands) != 1 or not ent.start < ands[0].i < ent.end - 1:
        return [ent]
    first = ent.doc[ent.start + (ent[0].lower_ == "the"):ands[0].i]
    second = ent.doc[ands[0].i + 1:ent.end]
    words = list(first) + list(second)
    if len(first) < 2 or len(second) < 2 or not all(t.text[:1].isupper() or t.lower_ in ("of", "for") for t in words) \
            or initials(ent.text) in doc_acronyms(ent.doc):          # "Customs and Border Protection ... CBP"
        return [ent]
    alone = {bare_name(e.text).lower() for e in ent.doc.ents
             if e.label_ in ("ORG", "GPE", "NORP") and (e.end <= ent.start or e.start >= ent.end)}
    if bare_name(first.text).lower() not in alone and bare_name(second.text).lower() not in alone:
        return [ent]
    return [Span(ent.doc, part.start, part.end, label=ent.label_) for part in (first, second)]


def bare_name(text: str) -> str:
    """An organisation's name as the text writes it, without "the", a lower-case "a" or a possessive: "the WeWork’s"
    -> "WeWork", "a Commission of Inquiry" -> "Commission of Inquiry" ("A Just Russia" keeps its "A")."""
    return re.sub(r"[’']s$", "", re.sub(r"^(?:[Tt][Hh][Ee]|an?)\s+", "", " ".join(text.split())))
