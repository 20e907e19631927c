"""Selective parsing: which sentences are kept, and that the text keeps its length and offsets."""
from __future__ import annotations

import pytest

from communique.transforms.selective import kept_sentences, select, sentences, word_forms

TEXT = ("The meeting opened in Moscow on Friday. The weather was cold and grey.\n\n"
        "Officials from the United States toured the Kremlin. He said the meeting would go on.\n\n"
        "“We are ready,” Lavrov told reporters. Tea was served in the hall.")


@pytest.mark.parametrize("lemma, expected", [
    ("say", {"say", "says", "saying", "said"}),
    ("claim", {"claim", "claims", "claimed", "claiming"}),
    ("agree", {"agree", "agrees", "agreed", "agreeing"}),
    ("deny", {"deny", "denies", "denied", "denying"}),
    ("admit", {"admit", "admits", "admitted", "admitting"}),
])
def test_word_forms(lemma, expected):
    assert expected <= word_forms(lemma)


def test_sentences_split_on_punctuation_and_paragraphs():
    assert [TEXT[s:e] for s, e in sentences(TEXT)] == [
        "The meeting opened in Moscow on Friday.", "The weather was cold and grey.",
        "Officials from the United States toured the Kremlin.", "He said the meeting would go on.",
        "“We are ready,” Lavrov told reporters.", "Tea was served in the hall."]


def test_kept_sentences():
    # "States" (capitalised, in a name) is no trigger; "He said" keeps the sentence before it
    assert kept_sentences(TEXT) == [False, False, True, True, True, False]


def test_select_blanks_the_rest_and_keeps_every_offset():
    out = select(TEXT)
    assert len(out) == len(TEXT)
    assert out.count("\n") == TEXT.count("\n")
    for s, e in sentences(TEXT):
        assert out[s:e] in (TEXT[s:e], " " * (e - s))
    assert "He said the meeting would go on." in out and "Tea was served" not in out
    assert out.index("Lavrov") == TEXT.index("Lavrov")


@pytest.mark.parametrize("text", [
    "PENCE: Well, look, this is a serious business for all of us.",      # a transcript label
    "The minister will travel to Geneva next week.",                      # a commitment word
    "Putin's threat to abandon the treaty worried Europe.",               # a reporting noun
], ids=["label", "will", "noun"])
def test_statement_carriers_are_kept(text):
    assert select(text) == text
