"""A statement before it becomes a row: speaker, cue, content and sentence as offsets into the article, and the
small span helpers every way of finding one shares (trimming a token range, taking a touched quote whole,
taking the content on both sides of an attribution that splits it: '“A,” she said. “B.”', 'The plan, he said,
is dead')."""
from __future__ import annotations

import dataclasses
import re
from typing import List, Optional, Set, Tuple

from spacy.tokens import Doc, Span

from communique.transforms.actors import ActorRef
from communique.transforms.quotes import QuoteIndex


LEXICON, MODEL, LABEL = "lexicon", "model", "label"      # statements.cue_source: how the attribution was found


@dataclasses.dataclass
class RawStatement:
    speaker: Optional[ActorRef]
    speaker_span: Tuple[int, int, str]
    cue: str
    cue_span: Tuple[int, int]
    cue_act: str
    cue_token: int
    content: Tuple[int, int]
    sentence: Tuple[int, int]
    complement_root: Optional[int]
    addressees: List[ActorRef] = dataclasses.field(default_factory=list)
    nested_cues: List[int] = dataclasses.field(default_factory=list)
    quote_type: str = "indirect"
    mention: Optional[Tuple[int, int]] = None    # the words standing for the speaker when not their name ("who")
    found_by: str = LEXICON        # LEXICON, MODEL (a verb the learned cue model took) or LABEL (layout)
    gap: Optional[Tuple[int, int]] = None      # its own attribution inside the content: '“A,” [she said.] “B.”'

    @property
    def pieces(self) -> List[Tuple[int, int]]:
        """What was said: the content, or the two spans around the attribution that splits it."""
        if self.gap is None:
            return [self.content]
        return [(self.content[0], self.gap[0]), (self.gap[1], self.content[1])]

    def holds(self, offset: int) -> bool:
        """Whether the offset is in what was said (not in the attribution that splits it)."""
        return any(s <= offset < e for s, e in self.pieces)

    @property
    def source_span(self) -> Tuple[int, int]:
        """Where the speaker is in the statement's own clause: the relative pronoun of 'the bank, which said
        ...', else the speaker span."""
        return self.mention or self.speaker_span[:2]

    @property
    def learned(self) -> bool:
        return self.found_by == MODEL

    @property
    def key(self) -> str:
        """Who spoke: the resolved name, else the source as written."""
        return self.speaker.name if self.speaker else self.speaker_span[2].lower()


def trim_tokens(doc: Doc, start_i: int, end_i: int) -> Tuple[int, int]:
    """Token range without edge punctuation or spaces (quotation marks kept)."""
    while start_i < end_i and ((doc[start_i].is_punct and not doc[start_i].is_quote) or doc[start_i].is_space):
        start_i += 1
    while end_i > start_i and ((doc[end_i - 1].is_punct and not doc[end_i - 1].is_quote) or doc[end_i - 1].is_space):
        end_i -= 1
    return start_i, end_i


def _quoted_letters(text: str, pieces: List[Tuple[int, int]], quotes: QuoteIndex) -> int:
    return sum(1 for start, end in pieces for s, e in quotes.overlapping(start, end)
               for c in text[max(s, start):min(e, end)] if c.isalnum())


def quote_type(text: str, pieces: List[Tuple[int, int]], quotes: QuoteIndex) -> str:
    """direct (every letter quoted), mixed (some) or indirect (none)."""
    letters = sum(1 for start, end in pieces for c in text[start:end] if c.isalnum())
    quoted_letters = _quoted_letters(text, pieces, quotes)
    if quoted_letters == 0:
        return "indirect"
    return "direct" if quoted_letters == letters else "mixed"


def extend_to_quotes(start: int, end: int, quotes: QuoteIndex) -> Tuple[int, int]:
    for qs, qe in quotes.overlapping(start, end):
        start, end = min(start, qs), max(end, qe)
    return start, end


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
             and _quoted_letters(text, [(q[0], e)], quotes) == sum(c.isalnum() for c in text[q[0]:e])]
    if before and after:
        return before[-1][1], after[0][0]
    head = text[s:fs].rstrip()
    tail = re.search(r"[,—–]|--", text[fe:e])
    if before or after or not head or head[-1] not in ",—–-" or tail is None:
        return None
    end = fe + tail.end()
    return s + len(head.rstrip(",—–-").rstrip()), end + len(text[end:e]) - len(text[end:e].lstrip())
