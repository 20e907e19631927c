"""Issues: what statements are about, matched from the issue lexicon and normalised to one label each.

Lexicon aliases match as whole phrases, case-insensitively (all-capital aliases such as "START" or "INF" only
in capitals). Named treaties, agreements, laws, court cases and programmes that the lexicon lacks ("the Paris
Agreement", "the Inflation Reduction Act", "Roe v. Wade", "the State Armament Programme") become issues of their
own, and so do numbered orders and conferences ("Executive Order 14024", "COP26"); a later acronym ("the ABC
Treaty") joins the full name it abbreviates. Policy noun phrases ("bilateral trade", "food insecurity") are topics
of their own (:mod:`communique.transforms.topics`) where the lexicon or a name does not cover them.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Dict, List, Optional, Sequence, Tuple

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from communique.transforms import countries, lexicons
from communique.transforms.nlp_model import doc_text
from communique.transforms.topics import topics

_TREATY_WORDS = ("Treaty", "Agreement", "Accord", "Convention", "Protocol", "Compact", "Charter")
_LAW_WORDS = ("Act", "Law", "Bill", "Code", "Constitution")
_OFFICE_WORDS = {"office", "department", "ministry", "bureau", "agency", "council", "committee", "commission"}
_PROGRAMME_WORDS = ("Plan", "Programme", "Program", "Initiative", "Strategy", "Doctrine", "Agenda")
_MEETING_WORDS = {"Summit", "Forum", "Conference", "Dialogue", "Framework", "Partnership", "Understanding"}
_KEY_WORDS = {**{w: "diplomatic" for w in _MEETING_WORDS},
              **{w: "diplomatic" for w in _TREATY_WORDS + ("Agreements", "Accords", "Conventions", "Protocols")},
              **{w: "legal" for w in ("Act", "Bill", "Law")}}
_NAME_GLUE = {"of", "for", "on", "and"}
_INNER_GLUE = {"to"}             # only between two words of the name: "the Freedom to Vote Act"
_NUMBERED = re.compile(r"\b(?:(?:Executive|Presidential|Administrative) Order|(?:Presidential )?Proclamation|"
                       r"(?:(?:UN |U\.N\. )?Security Council |General Assembly )?Resolution) (?:No\. )?\d[\d/-]*\b")
_NUMBERED_MEETING = re.compile(r"\b(?:COP|CHOGM|G)(?:-)?\d{1,2}(?= (?:[Ss]ummit|[Cc]onference|[Mm]eeting))"
                               r"|\bCOP ?\d{1,2}\b")


@dataclasses.dataclass(frozen=True)
class IssueHit:
    label: str
    context: Optional[str]
    start: int
    end: int


class IssueMatcher:
    """Built once per worker from the lexicon; called per document."""

    def __init__(self, nlp: Language, extra_files: Sequence[str] = ()):
        self.entries = {e.label: e for e in lexicons.issues(tuple(extra_files))}
        self._lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        for entry in self.entries.values():
            caps = [a for a in entry.aliases if a.isupper()]
            other = [a for a in entry.aliases if not a.isupper()]
            if other:
                self._lower.add(entry.label, list(nlp.tokenizer.pipe(other)))
            if caps:
                self._exact.add(entry.label, list(nlp.tokenizer.pipe(caps)))

    def __call__(self, doc: Doc, body: Tuple[int, int] = (0, 10 ** 12)) -> List[IssueHit]:
        spans = [(s, e, doc.vocab.strings[m]) for m, s, e in list(self._lower(doc)) + list(self._exact(doc))]
        spans.sort(key=lambda x: (x[0], -(x[1] - x[0])))
        hits, taken = [], -1
        for s, e, label in spans:          # longest match first at each position, no overlaps
            if s < taken:
                continue
            span = doc[s:e]
            if body[0] <= span.start_char < body[1]:
                hits.append(IssueHit(label, self.entries[label].context, span.start_char, span.end_char))
                taken = e
        named = self._treaties(doc, body, taken_spans=[(h.start, h.end) for h in hits])
        named += [h for h in named_issues(doc, body)
                  if not any(_overlaps(h, o) and not _strictly_inside(o, h) for o in hits + named)]
        # "inflation" is no issue of its own inside "the Inflation Reduction Act"
        hits = [h for h in hits if not any(n.start <= h.start and h.end <= n.end for n in named)]
        found = hits + named       # a topic the lexicon or a name covers whole is theirs ("fundamental freedoms")
        found += [t for t in (IssueHit(*t) for t in topics(doc, body))
                  if not any(o.start <= t.start and t.end <= o.end for o in found)]
        return sorted(found, key=lambda h: h.start)

    def _treaties(self, doc: Doc, body: Tuple[int, int], taken_spans) -> List[IssueHit]:
        found: Dict[str, str] = {}
        out = []
        for ent in doc.ents:
            context = _document_context(ent)
            if context is None:
                continue
            if not (body[0] <= ent.start_char < body[1]):
                continue
            first = ent.start_char + (4 if ent.text.lower().startswith("the ") else 0)
            inside = lambda s, e: first <= s and e <= ent.end_char and e - s < ent.end_char - first
            if any(s < ent.end_char and first < e and not inside(s, e) for s, e in taken_spans):
                continue          # the lexicon names it (or runs past it); a lexicon word inside it does not
            name = re.sub(r"[’']s$", "", re.sub(r"^(?:the|an?)\s+", "", " ".join(ent.text.strip(" *_").split()),
                                                flags=re.I))
            if not _whole_name(name):
                continue
            label = _acronym_target(name, found) or name
            found.setdefault(_initials(name), label)
            out.append(IssueHit(label, context, ent.start_char, ent.end_char))
        return out


def _whole_name(name: str) -> bool:
    """Not a fragment the recogniser cut: a key word alone ("Treaty"), a name ending in "of the" or cut inside
    its parentheses ("Section 212(a)(3)(C"), or a country's word and a key word ("the British Bill")."""
    words = name.split()
    return len(words) >= 2 and words[-1].lower() not in _NAME_GLUE | {"the", "a", "an"} \
        and name.count("(") == name.count(")") \
        and not all(countries.lookup(w) is not None and not countries.is_capital(w) for w in words[:-1])


def _overlaps(a: IssueHit, b: IssueHit) -> bool:
    return a.start < b.end and b.start < a.end


def _strictly_inside(inner: IssueHit, outer: IssueHit) -> bool:
    """'democracy' in 'the Summit for Democracy': a lexicon word the name holds is no issue of its own."""
    return outer.start <= inner.start and inner.end <= outer.end and inner.end - inner.start < outer.end - outer.start


def _document_context(ent) -> Optional[str]:
    """The PLOVER context of a named treaty, law or programme ("the Paris Agreement", "the Inflation Reduction
    Act", "Roe v. Wade", "the State Armament Programme"), None for any other entity."""
    name = re.sub(r"[’']s$", "", re.sub(r"^the\s+", "", ent.text.strip(" *_"), flags=re.I))
    if ent.label_ not in ("LAW", "ORG", "EVENT", "PRODUCT") or not any(c.isupper() for c in name) \
            or name.split()[0].lower() in _OFFICE_WORDS:
        return None                       # "the Office of Policy Strategy" is an office, not its strategy
    last = name.split()[-1] if name.split() else ""
    if last in _TREATY_WORDS:
        return "diplomatic"
    if last in _LAW_WORDS or (ent.label_ == "LAW" and len(name) > 3 and not name[-1].isdigit()):
        return "legal"
    if last in _PROGRAMME_WORDS:
        return "political"
    return None


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", name) if w[:1].isupper()]
    return "".join(w[0] for w in words)


def _acronym_target(name: str, found: Dict[str, str]) -> Optional[str]:
    """'ABC Treaty' -> the label of an earlier 'Alpha Beta Charlie Treaty'."""
    first = name.split()[0]
    if first.isupper() and len(first) >= 2:
        return found.get(first + name.split()[-1][0])
    return None


def named_issues(doc: Doc, body: Tuple[int, int] = (0, 10 ** 12)) -> List[IssueHit]:
    """Named summits, forums, conferences, frameworks and partnerships, and named treaties and laws, which the
    recogniser often misses or splits: "the Summit for Democracy", "the Northern Trade Forum", "the East-Asia
    Summit", "the Windsor Framework", "a Commercial Development Memorandum of Understanding", "the Minsk
    Agreements", "the Freedom to Vote Act". The name is the run of capitalised words around the key word, with
    "of", "for", "on", "and" or a hyphen between them ("to" inside it); a key word alone ("the summit",
    "Summit"), in a title-case headline or in a person's name ("Bill Lund") names nothing. Numbered orders and
    resolutions ("Executive Order 14024") and numbered conferences ("COP26") are named too."""
    out: List[IssueHit] = _numbered(doc, body)
    end = -1
    for tok in doc:
        if tok.text not in _KEY_WORDS or tok.i < end or not (body[0] <= tok.idx < body[1]) or _title_case(tok.sent) \
                or tok.ent_type_ == "PERSON" or any(h.start <= tok.idx < h.end for h in out):
            continue
        start = tok.i
        while start > tok.sent.start and (_name_word(doc[start - 1]) or (
                doc[start - 1].lower_ in {"of", "-"} | _INNER_GLUE and start - 2 >= tok.sent.start
                and _name_word(doc[start - 2]))):
            start -= 1
        end = tok.i + 1
        while end + 1 < tok.sent.end and doc[end].lower_ in _NAME_GLUE | {"-"} and (
                _name_word(doc[end + 1]) and doc[end + 1].ent_type_ not in ("DATE", "TIME")  # not "... on August 27"
                or doc[end].lower_ == "of" and _the_name(doc, end + 1, tok.sent.end)):   # "Summit of the Americas"
            end += 3 if doc[end + 1].lower_ == "the" else 2
            while end < tok.sent.end and _name_word(doc[end]):
                end += 1
        if end - start < 2 or not _whole_name(doc[start:end].text):
            continue
        out.append(IssueHit(doc[start:end].text, _KEY_WORDS[tok.text], doc[start].idx,
                            doc[end - 1].idx + len(doc[end - 1])))
    return out


def _the_name(doc: Doc, i: int, end: int) -> bool:
    """'the Americas' after "of": "the" and a word of a proper name (not a date)."""
    return doc[i].lower_ == "the" and i + 1 < end and _name_word(doc[i + 1]) \
        and doc[i + 1].ent_type_ not in ("DATE", "TIME")


def _numbered(doc: Doc, body: Tuple[int, int]) -> List[IssueHit]:
    """'Executive Order 14024', 'Security Council Resolution 2231', 'COP26': a document or meeting named by
    its number."""
    text = doc_text(doc)
    hits = [IssueHit(m.group(0), "legal", m.start(), m.end()) for m in _NUMBERED.finditer(text, *body)]
    hits += [IssueHit(m.group(0).replace(" ", "").replace("-", ""), "diplomatic", m.start(), m.end())
             for m in _NUMBERED_MEETING.finditer(text, *body)]
    return hits


def _name_word(tok) -> bool:
    """A word of a proper name: capitalised or a year ("2021 UN Conference"), not the sentence's first word."""
    return (tok.text[:1].isupper() or tok.text.isdigit()) and tok.pos_ in ("PROPN", "NOUN", "ADJ", "NUM") \
        and not tok.is_sent_start


def _title_case(sent) -> bool:
    """A headline in title case ("Biden Attends Summit In Geneva")."""
    words = [t for t in sent if t.is_alpha]
    return len(words) >= 3 and sum(t.text[:1].isupper() for t in words) >= 0.8 * len(words)
