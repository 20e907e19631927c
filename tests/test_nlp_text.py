"""nlp_text: what the model sees keeps every offset of the article text; hard wraps are no sentence breaks."""
from __future__ import annotations

import pytest

from communique.schemas import Article
from communique.transforms.analyse import analyse
from communique.transforms.issues import IssueMatcher
from communique.transforms.nlp_model import nlp_text


@pytest.mark.parametrize("text, expected", [
    ("a\nb\n\nc\nd", "a b\n\nc d"),                 # hard-wrapped paragraphs: single breaks become spaces
    ("a\nb\nc", "a\nb\nc"),                         # no blank line anywhere: each line is a paragraph
    ("a\r\nb\r\n\r\nc", "a  b \n \nc"),             # CRLF: carriage returns are spaces
    ("x\n \ny\nz", "x\n \ny z"),                    # a blank line holding a space still separates
    ("one paragraph only", "one paragraph only"),
    ("**Ann Lowe said,** “Yes.”", "  Ann Lowe said,   “Yes.”"),          # Markdown bold is no token
    ("__Note__ and snake_case, 2 * 3", "  Note   and snake_case, 2 * 3"),
    ("Ann\u00a0Lowe said\u202fso.", "Ann Lowe said so."),              # no-break spaces are spaces
])
def test_nlp_text_keeps_length_and_paragraphs(text, expected):
    assert nlp_text(text) == expected
    assert len(nlp_text(text)) == len(text)


_WRAPPED = ("President Ann Varga spoke today with Prime Minister Ivo Lund of\n"
            "Denmark to express her wish to strengthen ties with an old ally.\n"
            "The leaders agreed on the need for close coordination, including\n"
            "through multilateral organizations.\n"
            "Short closing line.")


@pytest.mark.parametrize("text, breaks", [
    # one paragraph wrapped at a fixed width, no blank line: the wraps are spaces, a short line ends a paragraph
    (_WRAPPED, [_WRAPPED.index("\nShort")]),
    # one paragraph per line (lines over 100 characters): every line break stays
    ("Ann Varga said on Monday that the two countries would sign a new trade agreement by the end of the year.\n"
     "Ivo Lund, the Danish prime minister, said the agreement would be the first of its kind in the region.\n"
     "Both spoke in Copenhagen.", None),
    # short lines that each end a sentence: lines, not wraps
    ("Ann Varga arrived on Monday.\nShe met the prime minister.\nThey spoke for an hour.", None),
])
def test_line_breaks_of_a_text_without_blank_lines(text, breaks):
    """Which line breaks stay (None: all of them)."""
    out = nlp_text(text)
    kept = [i for i, c in enumerate(out) if c == "\n"]
    assert len(out) == len(text) and kept == (breaks if breaks is not None else
                                              [i for i, c in enumerate(text) if c == "\n"])
    assert breaks is None or len(kept) < text.count("\n")


def test_a_markdown_bold_attribution_is_a_statement(nlp):
    text = "**Governor Ann Lowe said,** “The new schools will open in the spring.”"
    article = Article(article_id="a", url="u", text=text, text_source="file")
    st, = analyse(nlp(nlp_text(text)), article, IssueMatcher(nlp)).statements
    assert (st.speaker_text, st.cue, st.content) == ("Ann Lowe", "said", "“The new schools will open in the spring.”")
    assert len(nlp_text(text)) == len(text)


def test_hard_wrapped_statement_offsets_point_into_the_original(nlp):
    text = ("WASHINGTON, May 3 -- Secretary of State Jane Doe met her Canadian counterpart\n"
            "on Tuesday.\n\nDoe said the two countries would sign a new trade\nagreement by the end of the year.\n")
    article = Article(article_id="a", url="u", text=text, text_source="file")
    result = analyse(nlp(nlp_text(text)), article, IssueMatcher(nlp))
    [statement] = result.statements
    assert statement.speaker_name == "Jane Doe"
    assert statement.content == text[statement.content_start:statement.content_end]
    assert statement.content == "the two countries would sign a new trade\nagreement by the end of the year"


def test_analyse_refuses_a_doc_of_another_length(nlp):
    article = Article(article_id="a", url="u", text="Short text.", text_source="file")
    with pytest.raises(ValueError):
        analyse(nlp("A different, longer text."), article, IssueMatcher(nlp))


@pytest.mark.parametrize("text, sentences", [
    ("“Are we ready for the storm? Not quite yet,” Ms. Moore said.",
     ["“Are we ready for the storm? Not quite yet,” Ms. Moore said."]),
    ("“Does anybody know what the platform of the party is?” Graham asked. He laughed.",
     ["“Does anybody know what the platform of the party is?” Graham asked.", "He laughed."]),
    ("“We won the vote.” The crowd cheered for a long time.",
     ["“We won the vote.”", "The crowd cheered for a long time."]),
], ids=["two-sentence-quote", "question-then-verb", "full-stop-quote"])
def test_a_quote_and_its_attribution_are_one_sentence(nlp, text, sentences):
    assert [s.text.strip() for s in nlp(text).sents] == sentences


def test_a_name_written_with_a_no_break_space_is_one_person(nlp):
    """The parser reads a no-break space as a token of its own, splitting names and clauses around it."""
    from communique.transforms.actors import DocActors
    text = "The list names three officials: Ivan\u00a0Petrovich Sorokin, Anna Lund and Olga\u00a0Ivanovna Belova."
    names = {m.actor.name for m in DocActors(nlp(nlp_text(text))).mentions}
    assert {"Ivan Petrovich Sorokin", "Olga Ivanovna Belova"} <= names
