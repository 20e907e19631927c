"""Where a statement's content begins and ends when no complement clause gives it: the quotation before a
postposed attribution ('"...," she said'), the rest of the sentence around a parenthetical one, both sides of
an attribution that splits the content ('“A,” she said, “B.”', 'The plan, he said, is dead'), a second
complement clause, and the attribution's own stretch inside the content (the statement's ``gap``)."""
from __future__ import annotations

import re
from typing import List, Optional, Set, Tuple

from spacy.tokens import Span, Token

from communique.transforms.nlp_model import doc_text
from communique.transforms.quotes import QuoteIndex
from communique.transforms.raw_statements import RawStatement, quoted_letters, trim_tokens


def quoted_part(sent: Span, quotes: QuoteIndex, frame_start: int) -> Optional[Tuple[int, int]]:
    """Token range of the quotation before the attribution frame, when the parse folded it into the frame
    ('One of the brightest members," Rep. Cummings said in an interview.')."""
    spans = [q for q in quotes.overlapping(sent.start_char, sent.end_char) if q[0] < frame_start]
    if not spans:
        return None
    start = max(spans[0][0], sent.start_char)
    end = min(spans[-1][1], frame_start)
    toks = [t for t in sent if start <= t.idx < end]
    return trim_tokens(sent.doc, toks[0].i, toks[-1].i + 1) if toks else None


def quote_before(sent: Span, quotes: QuoteIndex, frame_start: int) -> Optional[Tuple[int, int]]:
    """Token range of a quotation that ends right before the attribution frame ('"...," she said, but ...'),
    only punctuation between them."""
    spans = [q for q in quotes.overlapping(sent.start_char, frame_start) if q[1] <= frame_start]
    between = sent.text_with_ws[max(spans[-1][1] - sent.start_char, 0):frame_start - sent.start_char] if spans else ""
    if not spans or between.strip(" ,.;:?!—–-\n") or spans[-1][1] - spans[-1][0] < 8:
        return None
    return quoted_part(sent, quotes, frame_start)


def quote_ending_before(sent: Span, quotes: QuoteIndex) -> Optional[Tuple[int, int]]:
    """Token range of the quotation that ends right before a sentence holding only its attribution, when the
    parser made the quotation a sentence of its own ('“... sign the order?” | Moore testified.')."""
    text = doc_text(sent.doc)
    before = len(text[:sent.start_char].rstrip(" \n"))
    quote = quotes.containing(before - 1) if before > 0 else None
    if quote is None or quote[1] != before or quote[1] - quote[0] < 8 or "\n\n" in text[before:sent.start_char]:
        return None
    span = sent.doc.char_span(quote[0], quote[1], alignment_mode="expand")
    return trim_tokens(sent.doc, span.start, span.end) if span is not None and len(span) else None


def second_clause(cue: Token, clause: Token, quotes: QuoteIndex) -> Optional[int]:
    """End of the cue's second complement clause: after the cue when the first is quoted before it ('“A,” she
    said, “B.”'), or joined to the first by 'and' ('said the budget was "a disaster," and the council ...')."""
    after = [c for c in cue.children if c.dep_ == "ccomp" and c.i > max(cue.i, clause.i)]
    if not after:
        return None
    if clause.i < cue.i and not (quotes.inside(clause.idx) and quotes.inside(after[0].idx)):
        return None
    if clause.i > cue.i and not any(c.dep_ == "cc" and clause.i < c.i < after[0].i for c in cue.children):
        return None
    return trim_tokens(cue.doc, after[-1].left_edge.i, after[-1].right_edge.i + 1)[1]


def rest_of_sentence(sent: Span, frame: set) -> Optional[Tuple[int, int]]:
    """Longest run of sentence tokens outside the attribution frame (the postposed/parenthetical case)."""
    return max(runs_outside(sent, frame), key=lambda r: r[1] - r[0], default=None)


def runs_outside(sent: Span, frame: Set[int]) -> List[Tuple[int, int]]:
    """Token ranges of the sentence outside the attribution frame, edge punctuation trimmed, in order."""
    runs, run_start = [], None
    for tok in list(sent) + [None]:
        if tok is not None and tok.i not in frame:
            run_start = tok.i if run_start is None else run_start
            continue
        if run_start is not None:
            s, e = trim_tokens(sent.doc, run_start, tok.i if tok is not None else sent.end)
            if e > s:
                runs.append((s, e))
            run_start = None
    return runs


_DASHES = {",", "—", "–", "--", "-"}


def around_frame(sent: Span, frame: Set[int], rest: Tuple[int, int], quotes: QuoteIndex) -> Tuple[int, int]:
    """The content on both sides of an attribution in mid-sentence, as one token range: quotations on both
    sides ('“A,” she said, “B.”') or a fragment set off before it ('The plan, he said, is dead'); else ``rest``,
    the run the content was taken from. The attribution between is the statement's ``gap``."""
    runs = runs_outside(sent, frame)
    if len(runs) != 2 or rest not in runs:
        return rest
    doc = sent.doc
    (b0, b1), (a0, a1) = runs
    before_q = quotes.overlapping(doc[b0].idx, doc[b1 - 1].idx + 1)
    after_q = quotes.overlapping(doc[a0].idx, doc[a1 - 1].idx + 1)
    if before_q and after_q and before_q[-1][1] <= doc[min(frame)].idx and after_q[0][0] >= doc[max(frame)].idx:
        return b0, a1
    parenthetical = (doc[b1].text in _DASHES and doc[a0 - 1].text in _DASHES and doc[a0].pos_ != "CCONJ"
                     and not any(t.pos_ in ("VERB", "AUX") for t in doc[b0:b1]))
    return (b0, a1) if parenthetical and not before_q and not after_q else rest


def attribution_gap(text: str, statement: RawStatement, quotes: QuoteIndex) -> Optional[Tuple[int, int]]:
    """The stretch of the content that is the statement's own attribution: between the quotations around its
    cue ('“A,” [she said at the hearing. ]“B.”'), else between the commas or dashes around it ('The plan[, he
    said, ]is dead'); None when the cue is not inside the content."""
    (s, e), (fs, fe) = statement.content, statement.cue_span
    src_s, src_e = statement.source_span
    if s < src_s and src_e <= e and abs(src_s - fs) < 120:
        fs, fe = min(fs, src_s), max(fe, src_e)
    if not (s < fs and fe < e):
        return None
    before = [q for q in quotes.overlapping(s, fs) if q[1] <= fs]
    after = [q for q in quotes.overlapping(fe, e) if q[0] >= fe       # not a title quoted in the attribution
             and quoted_letters(text, [(q[0], e)], quotes) == sum(c.isalnum() for c in text[q[0]:e])]
    if before and after:
        return before[-1][1], after[0][0]
    head = text[s:fs].rstrip()
    tail = re.search(r"[,—–]|--", text[fe:e])
    if before or after or not head or head[-1] not in ",—–-" or tail is None:
        return None
    end = fe + tail.end()
    return s + len(head.rstrip(",—–-").rstrip()), end + len(text[end:e]) - len(text[end:e].lstrip())
