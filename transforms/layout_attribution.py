"""Attributions marked by layout rather than by a verb: a speaker label and a colon, or a quote and a dash.

    DUNN: Well, look, the mayor apparently thinks ...               (transcripts)
    Mike Dunn: Voters Worried About ...                            (headlines)
    “He represents our worst habits.” ― Tom Reyes                   (pull quotes, reader voices)

Pure functions over the article text; the source is resolved to an actor when a known mention covers it.
"""
from __future__ import annotations

import re
from typing import List, Optional, Tuple

from spacy.tokens import Doc

from communique.transforms import lexicons
from communique.transforms.actors import PERSON, ActorRef, DocActors
from communique.transforms.nlp_model import doc_text
from communique.transforms.quotes import QuoteIndex, paragraphs
from communique.transforms.raw_statements import LABEL, RawStatement

_LABEL = re.compile(r"[\"“']?(?P<src>[A-Z][\w.’'\- ]{0,58}?[\w.])\s*:\s+(?P<content>\S.*)$", re.S)
_DASH = re.compile(r"(?P<close>[”\"])\s*(?P<dash>[―—])\s*(?P<src>[A-Z][^\n,;(“”\"]{1,58}[\w.])")
_NOT_SPEAKERS = {"note", "update", "editor's note", "editor’s note", "photo", "source", "sources", "read more",
                 "related", "watch", "video", "transcript", "partial transcript", "q", "a", "warning", "correction",
                 "advertisement", "disclosure", "editors note", "caption", "credit", "file", "image", "listen"}

_HONORIFICS = {"mr", "ms", "mrs", "miss", "dr", "sir", "dame"}
Span = Tuple[int, int]
Turn = Tuple[int, int, Optional[ActorRef]]     # a transcript turn: start, end, its speaker (None: not known)


class LayoutStatement:
    """A statement found from layout: source span, cue span (the colon or dash), content span."""

    def __init__(self, speaker: Optional[ActorRef], source: Span, source_text: str, cue: str, cue_span: Span,
                 content: Span):
        self.speaker, self.source, self.source_text = speaker, source, source_text
        self.cue, self.cue_span, self.content = cue, cue_span, content


def _speaker_label(src: str) -> bool:
    words = src.split()
    if not 1 <= len(words) <= 6 or src.lower().strip(". ") in _NOT_SPEAKERS:
        return False
    return all(w[:1].isupper() or w.lower() in ("of", "the", "de", "van", "von", "al", "bin") for w in words)


def _resolve(actors: DocActors, doc: Doc, start: int, end: int) -> Optional[ActorRef]:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    for tok in reversed(list(span)):
        mention = actors.mention_at(tok)
        if mention is not None:
            return mention.actor
    return titled_label(doc_text(doc)[start:end])


def titled_label(label: str) -> Optional[ActorRef]:
    """A label the text names no one by, read as title and surname: "SECRETARY GENERAL STOLTENBERG" ->
    Stoltenberg (Secretary General), "MR ICE" -> Ice; None without a title or honorific ("QUESTION", "MODERATOR")."""
    words = label.replace(".", " ").split()
    if not 2 <= len(words) <= 5 or not words[-1].isalpha():
        return None
    titled = [w.lower() in _HONORIFICS or lexicons.roles().get(w.lower()) == "title" for w in words]
    if titled[-1] or not any(titled):
        return None
    title = " ".join(w.title() for w in words[:-1] if w.lower() not in _HONORIFICS) or None
    return ActorRef(words[-1].title() if words[-1].isupper() else words[-1], PERSON, title=title)


def _label_statement(text: str, p_start: int, p_end: int, actors: DocActors) -> Optional[LayoutStatement]:
    m = _LABEL.match(text, p_start, p_end)
    if not m or not _speaker_label(m.group("src")):
        return None
    content_start = m.start("content")
    content_end = len(text[:p_end].rstrip(" \"”'\n"))
    if content_end - content_start < 12:
        return None
    colon = text.index(":", m.end("src"))
    return LayoutStatement(_resolve(actors, actors.doc, m.start("src"), m.end("src")), (m.start("src"), m.end("src")),
                           m.group("src"), ":", (colon, colon + 1), (content_start, content_end))


def _dash_statements(text: str, p_start: int, p_end: int, actors: DocActors,
                     quotes: QuoteIndex) -> List[LayoutStatement]:
    found = []
    for m in _DASH.finditer(text, p_start, p_end):
        close = m.start("close") + 1
        quote = quotes.containing(m.start("close"))
        if quote is None or quote[1] != close or close - quote[0] < 12:
            continue
        found.append(LayoutStatement(_resolve(actors, actors.doc, m.start("src"), m.end("src")),
                                     (m.start("src"), m.end("src")), m.group("src"), m.group("dash"),
                                     (m.start("dash"), m.end("dash")), (quote[0], close)))
    return found


def layout_statements(doc: Doc, actors: DocActors, quotes: QuoteIndex) -> List[LayoutStatement]:
    """Every label-colon and quote-dash attribution of a document, in text order."""
    text = doc_text(doc)
    found: List[LayoutStatement] = []
    for p_start, p_end in paragraphs(text):
        label = _label_statement(text, p_start, p_end, actors)
        if label is not None:
            found.append(label)
        found.extend(_dash_statements(text, p_start, p_end, actors, quotes))
    return found


_TURN_START = re.compile(r"[\"“']?(?:Q\s*:?\s|[A-Z][\w.’'\- ]{0,58}?[\w.]\s*:\s)")    # "Q:", "Q    ", "MS. OLLIS:"


def transcript_turns(doc: Doc, layout: List[LayoutStatement]) -> List[Turn]:
    """A transcript's turns, (start, end, speaker): from a paragraph that opens with a label ("Q:" included) to
    the next, whose "I" and "we" are that speaker's: None for a reporter's question or a label that names no
    known actor, which is still not the text's author. Only in a text with at least two speaker labels: one
    label line ("Mike Dunn: Voters Worried ...") makes no transcript."""
    labels = {ls.source[0]: ls for ls in layout if ls.cue == ":"}
    if len(labels) < 2:
        return []
    text = doc_text(doc)
    starts = [p_start for p_start, p_end in paragraphs(text) if _TURN_START.match(text, p_start, p_end)]
    turns = []
    for k, start in enumerate(starts):
        label = next((ls for at, ls in labels.items() if start <= at < start + 4), None)
        end = starts[k + 1] if k + 1 < len(starts) else len(text)
        turns.append((label.content[0] if label else start, end, label.speaker if label else None))
    return turns


def layout_raw_statements(doc: Doc, layout: List[LayoutStatement], found: List[RawStatement]) -> List[RawStatement]:
    """Label-colon and quote-dash attributions that no verb cue has already covered."""
    extra = []
    for ls in layout:
        if any(s.content[0] < ls.content[1] and ls.content[0] < s.content[1] for s in found):
            continue
        cue_tok = doc.char_span(ls.cue_span[0], ls.cue_span[1], alignment_mode="expand")
        sent = cue_tok.sent if cue_tok is not None else None
        extra.append(RawStatement(
            speaker=ls.speaker, speaker_span=(ls.source[0], ls.source[1], ls.source_text), cue=ls.cue,
            cue_span=ls.cue_span, cue_act="STATEMENT", cue_token=cue_tok.start if cue_tok is not None else 0,
            content=ls.content, complement_root=None, found_by=LABEL,
            sentence=(min(sent.start_char if sent else ls.source[0], ls.content[0], ls.source[0]),
                      max(ls.content[1], ls.source[1]))))
    return extra
