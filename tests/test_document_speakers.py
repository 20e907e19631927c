"""Speakers that are documents or descriptions named later: "Putin's message said", "a Kremlin statement
said", "the letter signed by the mayors says", "The message stressed" after a headline's "X sent a message",
and "Denmark's interior minister said" before "Interior Minister Ann Varga" is named, "the Liberal MP said"
after "Tom Reyes warned". End to end through
``analyse`` on the real spaCy model; the texts are made up."""
from __future__ import annotations

import datetime as dt

import pytest

DAY = dt.datetime(2021, 5, 4, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize("text, expected", [
    ("Prime Minister Ivo Lund met the council on Monday. Lund's message said the plan was ready.", "Ivo Lund"),
    ("A Kremlin statement said the talks would go on.", "Kremlin"),
    ("Prime Minister Ivo Lund sent a letter to the council. The letter stressed that Denmark would help.",
     "Ivo Lund"),
    ("The mayors met on Monday. The letter signed by seven mayors says the risk is high.", "mayors"),
    ("Cases rose in May. Figures from the Nordic Institute for Public Health revealed a surge of cases in Oslo.",
     "Nordic Institute for Public Health"),         # findings speak for whom they are from
])
def test_a_document_speaks_for_its_author(analyse_text, text, expected):
    assert [s.speaker_name for s in analyse_text(text, DAY).statements][-1] == expected


def test_a_study_by_a_person_still_finds(analyse_text):
    result = analyse_text("Fraud is rare. A 2014 study by law professor Ann Varga found 31 cases of fraud.", DAY)
    assert [(s.speaker_name, s.cue) for s in result.statements] == [("Ann Varga", "found")]


def test_findings_with_no_source_named_are_no_ones(analyse_text):
    assert [s.speaker_name for s in analyse_text("Cases rose in May. The figures showed a surge.", DAY).statements] \
        in ([], [None])


def test_the_message_of_a_headline_sender(analyse_text):
    text = ("State Secretary Tom Reyes handed the message to the Danish side.\n\nThe message stressed that Norway "
            "would continue to focus on trade. President Ivo Lund thanked Prime Minister Ann Varga for her help.")
    result = analyse_text(text, DAY, title="President Ivo Lund sent a message to Prime Minister Ann Varga")
    assert [(s.speaker_name, s.cue) for s in result.statements] == [("Ivo Lund", "stressed"), ("Ivo Lund", "thanked")]


def test_a_description_named_right_after_it(analyse_text):
    text = ("The old mill will become a fire station, Denmark's interior minister said on Friday.\n\n"
            "\"The future use should send a signal,\" Interior Minister Ann Varga said in the statement.")
    assert [s.speaker_name for s in analyse_text(text, DAY).statements] == ["Ann Varga", "Ann Varga"]


def test_a_description_is_not_a_lesser_office_named_later(analyse_text):
    text = ("The minister said the plan was ready. Deputy Minister Ann Varga spoke later.")
    assert [s.speaker_name for s in analyse_text(text, DAY).statements][0] is None


@pytest.mark.parametrize("text, expected", [
    # a description no titled person fits: the person who spoke just before; the occasion is no statement
    ("The ferry trade has been hit hard. Tom Reyes warned on Monday that jobs would go. Speaking in parliament, "
     "the Liberal MP said that the rules should change.", [("Tom Reyes", "warned"), ("Tom Reyes", "said")]),
    ("Ann Varga said the rules were fair. The senator said that testing would help.",
     [("Ann Varga", "said"), ("Ann Varga", "said")]),
    ("Senator Ivo Lund met Ann Varga. Varga said the rules were fair. The senator said that testing would help.",
     [("Ann Varga", "said"), ("Ivo Lund", "said")]),          # the one titled so
    # a description with a body of its own is someone new, not the last speaker
    ("Ann Varga said the video was doctored. The chairman of the Harbour Party described the video as satire.",
     [("Ann Varga", "said"), (None, "described")]),
])
def test_a_description_after_a_named_speaker(analyse_text, text, expected):
    assert [(s.speaker_name, s.cue) for s in analyse_text(text, DAY).statements] == expected


def test_his_excellency_and_a_plural_title(analyse_text):
    text = ("H.E. Ivo Lund, Minister for Foreign Affairs of Denmark, opened the meeting. Minister Lund said the "
            "vaccines were late. Foreign ministers and senior officials from many countries reaffirmed the need "
            "for action.")
    result = analyse_text(text, DAY)
    assert [(s.speaker_name, s.cue) for s in result.statements] == [("Ivo Lund", "said"),
                                                                     ("foreign ministers", "reaffirmed")]
    assert "Ivo Lund" in {m.name for m in result.actor_mentions}
