"""The article body inside a text: from the first full prose paragraph to the last one, and a list of items that a
line ending in a colon introduces after it ("Participants in the meeting included:"). Headlines, bylines,
publisher lines and page chrome around it are no part of it."""
from __future__ import annotations

import re
from typing import Optional, Sequence, Tuple

from communique.transforms.nlp_model import LIST_ITEM
from communique.transforms.quotes import paragraphs

_TERMINAL = re.compile(r"[.!?][\"'”’)\]]*\s*$|[\"”]\s*$")


def body_span(text: str, min_lead_words: int = 20) -> Tuple[int, int]:
    """Character range of the article body: from the first full prose paragraph to the last prose paragraph.

    Headlines, bylines, publisher lines and chrome ("Join our mailing list") are short or unpunctuated, so the
    body starts at the first paragraph of at least ``min_lead_words`` words ending like a sentence.
    """
    paras = paragraphs(text)
    prose = [(s, e) for s, e in paras if _TERMINAL.search(text[s:e]) and len(text[s:e].split()) >= 4]
    lead = next(((s, e) for s, e in prose if len(text[s:e].split()) >= min_lead_words), None)
    if lead is None:
        return 0, len(text)
    return lead[0], _introduced_list_end(text, paras[paras.index(prose[-1]) + 1:]) or prose[-1][1]


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
