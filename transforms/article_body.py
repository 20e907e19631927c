"""The article body inside a text: from the first full prose paragraph to the last one, and a list of items that a
line ending in a colon introduces after it ("Participants in the meeting included:"). Headlines, bylines,
publisher lines and page chrome around it are no part of it."""
from __future__ import annotations

import re
from typing import Optional, Sequence, Tuple

from communique.transforms.nlp_model import LIST_ITEM
from communique.transforms.quotes import paragraphs

_TERMINAL = re.compile(r"[.!?][\"'”’)\]]*\s*$|[\"”]\s*$")


def body_span(text: str, min_lead_words: int = 20, title: str = "") -> Tuple[int, int]:
    """Character range of the article body: from the first full prose paragraph to the last prose paragraph.

    Headlines, bylines, publisher lines and chrome ("Join our mailing list") are short or unpunctuated, so the
    body starts at the first paragraph of at least ``min_lead_words`` words ending like a sentence. When the
    article's ``title`` is known (so that a headline in the text is told apart by being the title), shorter
    sentences in sentence case right before that paragraph start the body: the one-line lead of a release
    ("Vladimir Putin held talks with ..."), not a line of chrome above the headline.
    """
    paras = paragraphs(text)
    prose = [(s, e) for s, e in paras if len(text[s:e].split()) >= 4 and (_TERMINAL.search(text[s:e]) or (
        text[s:e].rstrip().endswith(":") and len(text[s:e].split()) >= min_lead_words))]   # "... on five areas:"
    lead = next(((s, e) for s, e in prose if len(text[s:e].split()) >= min_lead_words), None)
    if lead is None:
        return 0, len(text)
    k = paras.index(lead)
    while title and k > 0:          # short leads right before it, separator lines ("* * *") between them aside
        k -= 1
        s, e = paras[k]
        if not any(c.isalpha() for c in text[s:e]):
            continue
        if (s, e) not in prose and _promotion_line(text, paras, k, title):
            continue        # a promotion line set into the article's first short paragraphs
        if (s, e) not in prose or not _short_lead(text[s:e], title):
            break
        lead = (s, e)
    return lead[0], _introduced_list_end(text, paras[paras.index(prose[-1]) + 1:]) or prose[-1][1]


FUNCTION_WORDS = {"a", "an", "the", "of", "in", "on", "at", "to", "for", "with", "by", "from", "and", "or", "as"}


def _short_lead(para: str, title: str) -> bool:
    """A sentence in sentence case with five content words or more after its first (a quarter of them, and at
    least two, in lower case: "Vladimir Putin received the Prime Minister of Belgium at his residence", not
    "Meeting With the Prime Minister of Belgium") that does not repeat the title."""
    words = [w for w in para.split()[1:] if w[:1].isalpha() and w.lower() not in FUNCTION_WORDS]
    lower = sum(w[0].islower() for w in words)
    return len(words) >= 5 and lower >= 2 and lower >= 0.25 * len(words) and _squash(para) != _squash(title)


def _promotion_line(text: str, paras: Sequence[Tuple[int, int]], k: int, title: str) -> bool:
    """'Vote for the Best Pizza in Harbour Town' between a news article's first short paragraphs: a
    short line, not the headline, after a statement in sentence case that ends with a full stop."""
    if k == 0 or len(text[paras[k][0]:paras[k][1]].split()) > 12 or _squash(text[slice(*paras[k])]) == _squash(title):
        return False
    before = text[paras[k - 1][0]:paras[k - 1][1]].rstrip()
    return before.endswith(".") and _short_lead(before, title)


def _squash(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def _introduced_list_end(text: str, after: Sequence[Tuple[int, int]]) -> Optional[int]:
    """End of a list that a line ending in a colon introduces right after the last prose paragraph ("Participants
    in the meeting included:" and one item per participant): part of the body, not page chrome."""
    if len(after) < 2 or not text[after[0][0]:after[0][1]].rstrip().endswith(":"):
        return None
    end = None
    for s, e in after[1:]:
        if LIST_ITEM.match(text, s, e):
            end = e
        elif any(c.isalpha() for c in text[s:e]):
            break                       # markup between items ("<!-- -->") does not end the list
    return end
