"""A statement before it becomes a row: speaker, cue, content and sentence as offsets into the article, and the
small span helpers every way of finding one shares (trimming a token range, taking a touched quote whole,
telling direct from indirect content)."""
from __future__ import annotations

import dataclasses
from typing import List, Optional, Tuple

from spacy.tokens import Doc

from communique.transforms.actors import ActorRef
from communique.transforms.quotes import QuoteIndex


LEXICON, MODEL, LABEL = "lexicon", "model", "label"      # statements.cue_source: how the attribution was found
TITLE = "title"        # a release's title names its issuer ("Statement from President ..."): no span in the text


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
    joint: bool = False        # another speaker's row of a joint act ("The two leaders affirmed ..."): same spans

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


def quoted_letters(text: str, pieces: List[Tuple[int, int]], quotes: QuoteIndex) -> int:
    return sum(1 for start, end in pieces for s, e in quotes.overlapping(start, end)
               for c in text[max(s, start):min(e, end)] if c.isalnum())


def quote_type(text: str, pieces: List[Tuple[int, int]], quotes: QuoteIndex) -> str:
    """direct (every letter quoted), mixed (some) or indirect (none)."""
    letters = sum(1 for start, end in pieces for c in text[start:end] if c.isalnum())
    quoted = quoted_letters(text, pieces, quotes)
    if quoted == 0:
        return "indirect"
    return "direct" if quoted == letters else "mixed"


def extend_to_quotes(start: int, end: int, quotes: QuoteIndex) -> Tuple[int, int]:
    for qs, qe in quotes.overlapping(start, end):
        start, end = min(start, qs), max(end, qe)
    return start, end
