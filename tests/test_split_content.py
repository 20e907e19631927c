"""Content that its own attribution splits ('“A,” she said. “B.”', 'The plan, he said, is dead'): the content is
the two spans around the attribution, without it. Pure span logic on hand-made offsets, then end to end through
``analyse`` on the real spaCy model. Every text is made up."""
from __future__ import annotations

import datetime as dt

import pytest

from communique.transforms.quotes import QuoteIndex, quote_spans
from communique.transforms.content_extent import attribution_gap
from communique.transforms.raw_statements import RawStatement, quote_type

PUBLISHED = dt.datetime(2023, 3, 1, tzinfo=dt.timezone.utc)


def _raw(text: str, content: str, cue: str, speaker: str) -> RawStatement:
    start = text.index(content)
    cue_at, spk_at = text.index(cue), text.index(speaker)
    return RawStatement(speaker=None, speaker_span=(spk_at, spk_at + len(speaker), speaker), cue=cue,
                        cue_span=(cue_at, cue_at + len(cue)), cue_act="STATEMENT", cue_token=0,
                        content=(start, start + len(content)), sentence=(0, len(text)), complement_root=None)


@pytest.mark.parametrize("text, content, cue, speaker, pieces", [
    ("“We are ready,” Moore said on Monday. “The vote is next week.”",
     "“We are ready,” Moore said on Monday. “The vote is next week.”", "said", "Moore",
     ["“We are ready,”", "“The vote is next week.”"]),
    ("“We are ready,” said Moore, “and the vote is next week.”",
     "“We are ready,” said Moore, “and the vote is next week.”", "said", "Moore",
     ["“We are ready,”", "“and the vote is next week.”"]),
    ("The budget, Moore said on Monday, would be cut by half.", "The budget, Moore said on Monday, would be cut by half",
     "said", "Moore", ["The budget", "would be cut by half"]),
    ("The budget — Moore said — would be cut.", "The budget — Moore said — would be cut", "said", "Moore",
     ["The budget", "would be cut"]),
    # a title quoted in the attribution is not where the second piece starts
    ("“We are ready,” Moore told “Morning Show” on Monday. “The vote is next week.”",
     "“We are ready,” Moore told “Morning Show” on Monday. “The vote is next week.”", "told", "Moore",
     ["“We are ready,”", "“The vote is next week.”"]),
    # the cue outside the content: nothing to take out
    ("Moore said the budget would be cut.", "the budget would be cut", "said", "Moore", ["the budget would be cut"]),
    ("“We are ready,” Moore said.", "“We are ready,”", "said", "Moore", ["“We are ready,”"]),
    # a quotation on one side only, no delimiter: left whole
    ("“We are ready,” Moore said and the vote is next week", "“We are ready,” Moore said and the vote is next week",
     "said", "Moore", ["“We are ready,” Moore said and the vote is next week"]),
])
def test_attribution_gap_leaves_what_was_said(text, content, cue, speaker, pieces):
    raw = _raw(text, content, cue, speaker)
    raw.gap = attribution_gap(text, raw, QuoteIndex(quote_spans(text)))
    assert [text[s:e] for s, e in raw.pieces] == pieces
    cue_at = text.index(cue)
    assert raw.holds(cue_at) == (len(pieces) == 1 and raw.content[0] <= cue_at < raw.content[1])


@pytest.mark.parametrize("text, spans, expected", [
    ("“We are ready,” Moore said. “The vote is next week.”", [(0, 15), (28, 52)], "direct"),
    ("“We are ready,” Moore said. “The vote is next week.”", [(0, 52)], "mixed"),
    ("The budget, Moore said, would be cut.", [(0, 10), (24, 36)], "indirect"),
])
def test_quote_type_counts_only_the_pieces(text, spans, expected):
    assert quote_type(text, spans, QuoteIndex(quote_spans(text))) == expected


@pytest.fixture
def run(analyse_text):
    return lambda text: analyse_text(text, PUBLISHED)


def _said(result):
    return [(s.speaker_name, s.content, s.quote_type, len(s.content_spans)) for s in result.statements]


@pytest.mark.parametrize("text, expected", [
    ("“We will not give up,” Jane Moore said on Monday, “and we expect the council to vote next week.”",
     [("Jane Moore", "“We will not give up,” “and we expect the council to vote next week.”", "direct", 2)]),
    ("Jane Moore is the mayor of Easton. “We will not give up,” Moore said. “The council must vote next week.”",
     [("Jane Moore", "“We will not give up,” “The council must vote next week.”", "direct", 2)]),
    ("Jane Moore is the mayor of Easton. The budget, Moore said, would be cut by half.",
     [("Jane Moore", "The budget would be cut by half", "indirect", 1 + 1)]),
    # a second cue of the same speaker keeps its own statement
    ("Jane Moore is the mayor of Easton. “We will not give up,” Moore said, adding: “The council must vote.”",
     [("Jane Moore", "“We will not give up,”", "direct", 1), ("Jane Moore", "“The council must vote.”", "direct", 1)]),
    ("Jane Moore said the council must vote next week.",
     [("Jane Moore", "the council must vote next week", "indirect", 1)]),
    # what the speaker did after speaking is not what was said; a second clause joined by 'and' is
    ("Jane Moore is the mayor of Easton. The economy is weak, Moore said, and walked out.",
     [("Jane Moore", "The economy is weak", "indirect", 1)]),
    # the parser cut the quotation off as a sentence of its own: its attribution is the next one
    ("Jane Moore is the mayor of Easton. “I then heard the clerk ask, ‘So he’s going to sign the order?’” Moore "
     "testified.",
     [("Jane Moore", "“I then heard the clerk ask, ‘So he’s going to sign the order?’”", "direct", 1)]),
    ('Jane Moore said the budget was "a disaster," and the council "should resign."',
     [("Jane Moore", 'the budget was "a disaster," and the council "should resign."', "mixed", 1)]),
])
def test_split_content_end_to_end(run, text, expected):
    result = run(text)
    assert _said(result) == expected
    for st in result.statements:
        assert st.content == " ".join(text[p["start"]:p["end"]] for p in st.content_spans)
        assert not any(p["start"] <= st.cue_start < p["end"] for p in st.content_spans)


def test_a_commitment_in_the_second_piece_belongs_to_the_statement(run):
    text = ("Jane Moore is the mayor of Easton. “We are ready,” Moore said on Tuesday. "
            "“We will sign the agreement with Weston in March.”")
    result = run(text)
    (statement,) = result.statements
    (commitment,) = result.commitments
    assert commitment.committer_names == ["Jane Moore"] and commitment.statement_id == statement.statement_id
    assert commitment.action.startswith("sign the agreement")


@pytest.mark.parametrize("text, expected", [
    # a second cue of the speaker inside what they said, with no subject of its own: their next statement
    ('Even Norway, the island\'s closest partner, said it was "firmly against" the launch and warned Russia not '
     'to repeat it.',
     [("Norway", "said", 'it was "firmly against" the launch'), ("Norway", "warned", "not to repeat it")]),
    ("Senator Ann Lee said she did not think those ads lost her party the 2012 race, arguing that feuds inside "
     "the party did more harm.",
     [("Ann Lee", "said", "she did not think those ads lost her party the 2012 race"),
      ("Ann Lee", "arguing", "that feuds inside the party did more harm")]),
    ("Harbour analysts said shipping costs have added to the port's appeal, citing the value of a quay that "
     "faces the open sea.",
     [("harbour analysts", "said", "shipping costs have added to the port's appeal"),
      ("harbour analysts", "citing", "the value of a quay that faces the open sea")]),
    # a participle in the middle of a list is an item of it
    ("Ann Lee said the plan includes new ferries, countering smuggling, and the repair of the harbour.",
     [("Ann Lee", "said", "the plan includes new ferries, countering smuggling, and the repair of the harbour")]),
])
def test_the_speakers_next_cue_inside_their_statement(run, text, expected):
    assert [(s.speaker_name, s.cue, s.content) for s in run(text).statements] == expected
