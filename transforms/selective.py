"""Selective parsing: blank out the sentences where no statement or commitment can be, before spaCy runs.

A sentence is kept when it has a quotation mark, starts a paragraph with a speaker label ("PENCE: ..."), or has
a word form of a reporting cue, reporting noun or commitment word from the lexicons ("said", "told", "claim",
"will", "agreed", "according") written in lower case (or opening the sentence: "States" in "United States" is
no verb). A kept sentence that opens with a pronoun ("He said ...") keeps the sentence before it, where its
person is usually named. Every other character becomes a space (line breaks stay, so paragraphs do too): the
text keeps its length and every offset, and spaCy reads a run of spaces as one token, so its cost follows the
kept text. Actors and issues named only in blanked sentences are not found: the trade-off of ``--selective``.
Pure functions of the text; word forms are generated from the lexicons' lemmas once per process.
"""
from __future__ import annotations

import functools
import re
from typing import FrozenSet, Iterable, List, Optional, Sequence, Tuple

from communique.transforms import lexicons

_IRREGULAR = {
    "say": ["said"], "tell": ["told"], "write": ["wrote", "written"], "speak": ["spoke", "spoken"],
    "think": ["thought"], "feel": ["felt"], "see": ["saw", "seen"], "know": ["knew", "known"], "hear": ["heard"],
    "find": ["found"], "seek": ["sought"], "hold": ["held"], "give": ["gave", "given"], "mean": ["meant"],
    "lead": ["led"], "bring": ["brought"], "undertake": ["undertook", "undertaken"], "teach": ["taught"],
    "swear": ["swore", "sworn"], "withdraw": ["withdrew", "withdrawn"], "draw": ["drew", "drawn"],
    "understand": ["understood"], "forbid": ["forbade", "forbidden"], "foresee": ["foresaw", "foreseen"],
    "put": ["put"], "set": ["set"], "read": ["read"], "make": ["made"], "take": ["took", "taken"],
}
_COMMITMENT_WORDS = ("will", "shall", "would", "won't", "wo", "'ll", "’ll", "according", "prepared", "ready",
                     "willing", "determined")
_COMMITMENT_LEMMAS = ("agree", "pledge", "promise", "vow", "guarantee", "commit", "undertake", "plan", "intend",
                      "decide", "resolve", "offer")
_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)\]]*[ \t]+(?=[\"“‘(A-Z0-9])")
_PARAGRAPH = re.compile(r"\n\s*\n|\n")
_QUOTE = re.compile(r"[\"“”«»]")
_LABEL = re.compile(r"[\"“]?[A-Z][\w.’' -]{0,110}(?:\s*\([^()\n]{1,40}\))?:\s")   # as speaker_labels.LABEL
_POINTING_BACK = frozenset("he she they it we his her their its this these".split())


def word_forms(lemma: str) -> FrozenSet[str]:
    """Inflected forms of a verb or noun lemma: 'say' -> say, says, saying, said; 'claim' -> claims, claimed ..."""
    forms = {lemma, *_IRREGULAR.get(lemma, ())}
    if lemma.endswith("ee"):
        forms |= {lemma + "s", lemma + "d", lemma + "ing"}
    elif lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif re.search(r"(s|sh|ch|x|z)$", lemma):
        forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
        if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", lemma):
            forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return frozenset(forms)


@functools.lru_cache(maxsize=None)
def trigger_words() -> FrozenSet[str]:
    """Lower-case word forms that can make a sentence carry a statement, a commitment or a speaker."""
    words = set(_COMMITMENT_WORDS)
    for lemma in list(lexicons.cue_lemmas()) + list(_COMMITMENT_LEMMAS):
        words |= word_forms(lemma)
    for noun in lexicons.nominal_cues():
        words |= {noun, noun + "s"}
    return frozenset(words)


@functools.lru_cache(maxsize=None)
def role_words() -> FrozenSet[str]:
    """Title and office words, in any case: the sentences that introduce a speaker ("Secretary of State
    Condoleezza Rice met ...") are kept, so that a later "Rice said" resolves to her full name."""
    return frozenset(w for w in lexicons.roles() if " " not in w)


def sentences(text: str) -> List[Tuple[int, int]]:
    """(start, end) of each sentence, by paragraph breaks and sentence-final punctuation: cheap, not exact."""
    spans = []
    start = 0
    for para in list(_PARAGRAPH.finditer(text)) + [None]:
        end = para.start() if para else len(text)
        s = start
        for m in _SENTENCE_END.finditer(text, start, end):
            spans.append((s, m.start()))
            s = m.end()
        if text[s:end].strip():
            spans.append((s, end))
        start = para.end() if para else len(text)
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _carries(text: str, start: int, end: int, triggers: FrozenSet[str]) -> bool:
    sentence = text[start:end]
    if _QUOTE.search(sentence) or ((start == 0 or text[start - 1] == "\n") and _LABEL.match(sentence)):
        return True
    words = _WORD.findall(sentence)
    roles = role_words()
    return any(w in triggers or w.lower() in roles or (i == 0 and w.lower() in triggers)
               for i, w in enumerate(words))


def kept_sentences(text: str, spans: Optional[Sequence[Tuple[int, int]]] = None) -> List[bool]:
    """For each of :func:`sentences` (or the ``spans`` already found), whether it is parsed."""
    spans = sentences(text) if spans is None else spans
    triggers = trigger_words()
    keep = [_carries(text, s, e, triggers) for s, e in spans]
    for k in range(1, len(spans)):
        first = _WORD.match(text, spans[k][0])
        if keep[k] and first is not None and first.group().lower() in _POINTING_BACK:
            keep[k - 1] = True
    return keep


def blank(text: str, spans: Iterable[Tuple[int, int]]) -> str:
    """The text with the characters of ``spans`` turned into spaces, line breaks kept."""
    chars = list(text)
    for s, e in spans:
        for i in range(s, e):
            if chars[i] not in "\n\r":
                chars[i] = " "
    return "".join(chars)


def select(text: str) -> str:
    """The text with every sentence that can carry no statement blanked out (same length, same offsets)."""
    spans = sentences(text)
    keep = kept_sentences(text, spans)
    return blank(text, [span for span, k in zip(spans, keep) if not k])
