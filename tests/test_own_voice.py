"""A release's own first-person sentences are the issuer's statements (transforms/own_voice.py), through
``analyse`` on the real model. The texts and names are made up."""
from __future__ import annotations

import datetime as dt

import pytest

DAY = dt.datetime(2022, 5, 26, tzinfo=dt.timezone.utc)
OFFICIAL = "Ann Varga, Secretary of State"
LEAD = "Norway marks its national day today. "


def _rows(result):
    return [(s.speaker_name, s.cue, s.event_type, s.cue_source) for s in result.statements]


@pytest.mark.parametrize("sentence, expected", [
    ("We will continue to support the fishing towns of the north.",
     [("Ann Varga", "continue", "STATEMENT", "own_voice")]),
    ("On behalf of the United States, I send best wishes to the people of Norway.",
     [("Ann Varga", "send", "SUPPORT", "own_voice")]),
    ("We condemn the attack on the harbour.", [("Ann Varga", "condemn", "ACCUSE", "lexicon")]),   # a cue already
    ("Can we count on the harbour staying open?", []),                                  # a question
    ("Next, we have Ivo Lund, who leads the harbour council.", []),                     # an introduction
])
def test_first_person_sentences_of_an_officials_release(analyse_text, sentence, expected):
    assert _rows(analyse_text(LEAD + sentence, DAY, OFFICIAL)) == expected


def test_a_columnists_we_is_no_release(analyse_text):
    """A byline with no title is a journalist's: their "we" states no issuer's position."""
    assert _rows(analyse_text(LEAD + "We will continue to support the fishing towns of the north.", DAY,
                              "Ann Varga")) == []


def test_the_content_is_what_follows_the_subject(analyse_text):
    text = LEAD + "We will continue to support the fishing towns of the north."
    (st,) = analyse_text(text, DAY, OFFICIAL).statements
    assert text[st.content_start:st.content_end] == "will continue to support the fishing towns of the north"


@pytest.mark.parametrize("sentence, expected", [
    ("Our objective is to support the fishing towns of the north.", [("Ann Varga", "is", "own_voice")]),
    ("The United States is providing $10 million to the fishing towns of the north.",
     [("Ann Varga", "providing", "own_voice")]),
    ("Canada is providing $10 million to the fishing towns of the north.", []),           # not her country
])
def test_our_nouns_and_the_issuers_country_speak_in_the_release(analyse_text, sentence, expected):
    result = analyse_text(LEAD + sentence, DAY, "Ann Varga, U.S. Secretary of State")
    assert [(s.speaker_name, s.cue, s.cue_source) for s in result.statements] == expected
    # the subject of what the issuer says ("The United States", "objective") is no name of hers
    assert {m.surface for m in result.actor_mentions if m.name == "Ann Varga"} <= {"Ann Varga"}
