"""Quotation spans in raw text: pairs of double quotation marks, curly or straight, across paragraphs.

News style lets a quote run over several paragraphs: each continued paragraph opens with a quotation mark and
only the last one closes it. A paragraph that opens a quote without closing it is therefore closed at its own
end, and the next paragraph's opening mark starts the next span.
"""
from __future__ import annotations

import bisect
import re
from typing import List, Sequence, Tuple

Span = Tuple[int, int]

_OPEN = "“„«"
_CLOSE = "”»"
_STRAIGHT = '"'
_PARAGRAPH = re.compile(r"\n\s*\n")
_MARK = re.compile(f"[{_OPEN}{_CLOSE}{_STRAIGHT}]")


def paragraphs(text: str) -> List[Span]:
    """(start, end) of each paragraph: blocks separated by blank lines, or by single newlines when none. A
    paragraph starts at its first visible character (an indented "     PRESIDENT MACRON:" starts at the label)."""
    breaks = _PARAGRAPH if _PARAGRAPH.search(text) else re.compile(r"\n")
    spans, start = [], 0
    for m in list(breaks.finditer(text)) + [None]:
        end = m.start() if m is not None else len(text)
        block = text[start:end]
        if block.strip():
            spans.append((start + len(block) - len(block.lstrip()), end))
        start = m.end() if m is not None else end
    return spans


def _misturned_open(text: str, i: int, start: int, end: int) -> bool:
    """A closing curly mark used to open a quote (``”Fear. I am truly afraid ...”``): at the start of the
    paragraph or after a space, right before a letter."""
    return (text[i] == "”" and i + 1 < end and text[i + 1].isalnum()
            and (i == start or text[i - 1].isspace()))


def _mixed_close(text: str, i: int, end: int, curly: bool) -> bool:
    """A mark of the other style closing a quote (``"Oz has a huge bully pulpit,” said ...``, ``“... FBI,"
    Chaffetz said``): only when no mark of the opening's own style is left in the paragraph to close it (for
    a straight opening: none, or pairs of them that quote something else: ``"Who sent you here?” asked Lund.
    "He told me: the mayor."``), and it stands where a quote closes (not right before a letter)."""
    if i + 1 < end and text[i + 1].isalnum():
        return False
    if curly:
        return text[i] == _STRAIGHT and not any(c in _CLOSE for c in text[i + 1:end])
    return text[i] in _CLOSE and text.count(_STRAIGHT, i + 1, end) % 2 == 0


def _quotes_in(text: str, start: int, end: int) -> List[Span]:
    spans: List[Span] = []
    open_at, curly = -1, False
    for m in _MARK.finditer(text, start, end):        # only quotation marks matter: skip the letters between
        i, ch = m.start(), m.group()
        if open_at < 0 and (ch in _OPEN or ch == _STRAIGHT or _misturned_open(text, i, start, end)):
            open_at, curly = i, ch != _STRAIGHT
        elif open_at >= 0 and ch in _OPEN and curly:
            open_at = i                       # a stray opening mark: restart the quote here
        elif open_at >= 0 and ((curly and ch in _CLOSE) or (not curly and ch == _STRAIGHT)
                               or _mixed_close(text, i, end, curly)):
            spans.append((open_at, i + 1))    # straight marks inside a curly quote are nested, not closing
            open_at = -1
    if open_at >= 0:
        # an unclosed quote runs to the end of its paragraph (continued in the next one)
        spans.append((open_at, end))
    return spans


_DOUBLED = re.compile(r"(?<!\d)''")     # not the inches of 5' 11''
_DOUBLED_AS = '"\x01'      # same length: a straight mark and a character that is neither a mark nor a letter


def quote_spans(text: str) -> List[Span]:
    """Character spans of quoted passages, quotation marks included, in text order.

    Two apostrophes stand for a straight double mark (``''It has the important virtue,'' he said``: the
    New York Times archive and other wire exports write quotes so)."""
    doubled = "''" in text
    marks = _DOUBLED.sub(_DOUBLED_AS, text) if doubled else text
    spans: List[Span] = []
    for start, end in paragraphs(marks):
        spans.extend(_quotes_in(marks, start, end))
    if doubled:
        spans = [(s, e + 1 if marks[e - 1:e + 1] == _DOUBLED_AS else e) for s, e in spans]
    return spans


class QuoteIndex:
    """Fast membership tests of offsets and ranges against sorted, disjoint quote spans."""

    def __init__(self, spans: Sequence[Span]):
        self.spans = list(spans)
        self._starts = [s for s, _ in self.spans]

    def containing(self, offset: int) -> Span | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and self.spans[i][0] <= offset < self.spans[i][1]:
            return self.spans[i]
        return None

    def inside(self, offset: int) -> bool:
        return self.containing(offset) is not None

    def overlapping(self, start: int, end: int) -> List[Span]:
        i = max(bisect.bisect_right(self._starts, start) - 1, 0)
        out = []
        while i < len(self.spans) and self.spans[i][0] < end:
            if self.spans[i][1] > start:
                out.append(self.spans[i])
            i += 1
        return out

    def quoted_chars(self, start: int, end: int) -> int:
        return sum(min(e, end) - max(s, start) for s, e in self.overlapping(start, end))
