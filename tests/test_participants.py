"""Readouts of meetings and calls: the people a text has meet, and the joint subjects that stand for them ("The
leaders discussed ...", "Both sides agreed to ...", "They agreed ..."), as speakers and committers
(transforms/participants.py), on the real spaCy model. Every name is made up or a public office holder's."""
from __future__ import annotations

import datetime as dt

import pytest

from communique.transforms.actors import DocActors
from communique.transforms.participants import Participants

PUBLISHED = dt.datetime(2022, 6, 1, tzinfo=dt.timezone.utc)


@pytest.fixture
def run(analyse_text):
    return lambda text: analyse_text(text, PUBLISHED)


def _statements(result):
    return [(s.speaker_name, s.cue) for s in result.statements]


def _commitments(result):
    return [(sorted(c.committer_names), c.action) for c in result.commitments]



@pytest.mark.parametrize("text, people", [
    ("President Ann Varga spoke today with Prime Minister Ivo Lund of Denmark.", ["Ann Varga", "Ivo Lund"]),
    ("Secretary Lena Moss met with Foreign Minister Omar Haddad in Bali.", ["Lena Moss", "Omar Haddad"]),
    ("Prime Minister Keir Starmer hosted President Emmanuel Macron in London.", ["Keir Starmer", "Emmanuel Macron"]),
    ("Chancellor Ivo Lund held talks with President Ann Varga and Foreign Minister Omar Haddad on Monday.",
     ["Ivo Lund", "Ann Varga", "Omar Haddad"]),
    ("Ann Varga and Tom Reyes met in Geneva.", ["Ann Varga", "Tom Reyes"]),
    # no meeting: one person, or no "with"
    ("President Ann Varga spoke today about the economy.", []),
    ("Secretary Lena Moss held a press conference in Bali.", []),
])
def test_meeting_participants(nlp, text, people):
    found = Participants(DocActors(nlp(text))).meetings
    assert [[p.name for p in group] for _, group in found] == ([people] if people else [])


def test_the_leaders_are_the_people_who_met(run):
    result = run("President Ann Varga spoke today with Prime Minister Ivo Lund of Denmark. The leaders discussed "
                 "the war in Ukraine. They agreed to continue close coordination on energy. Both leaders said "
                 "they would deepen defence cooperation. The two also agreed to meet again in the spring.")
    assert _statements(result) == [(who, cue) for cue in ("discussed", "agreed", "said", "agreed")
                                   for who in ("Ann Varga", "Ivo Lund")]          # a joint act: a row for each
    assert [s.addressee_names for s in result.statements[:2]] == [["Ivo Lund"], ["Ann Varga"]]    # they talked
    assert _commitments(result) == [(["Ann Varga", "Ivo Lund"], "continue close coordination on energy"),
                                    (["Ann Varga", "Ivo Lund"], "deepen defence cooperation"),
                                    (["Ann Varga", "Ivo Lund"], "meet again in the spring")]


def test_both_sides_without_countries_are_the_people(run):
    result = run("Secretary Lena Moss met with Foreign Minister Omar Haddad in Bali. Both sides agreed to hold "
                 "talks next month.")
    assert _commitments(result) == [(["Lena Moss", "Omar Haddad"], "hold talks next month")]


@pytest.mark.parametrize("text", [
    # a group named by its country or body, or by no determiner: not the meeting's people
    "President Ann Varga met with Prime Minister Ivo Lund. Russian leaders agreed to review the plan.",
    "President Ann Varga met with Prime Minister Ivo Lund. The leaders of the G7 agreed to review the plan.",
    # no meeting named before
    "The leaders agreed to review the plan. President Ann Varga met with Prime Minister Ivo Lund.",
])
def test_other_groups_are_not_the_meeting(run, text):
    assert not any(c.committer_names == ["Ann Varga", "Ivo Lund"] for c in run(text).commitments)


def test_reported_agreement_is_the_reporters_statement(run):
    text = ("Secretary Lena Moss met with Foreign Minister Omar Haddad in Bali. Moss said both sides agreed "
            "their experts should meet again.")
    assert _statements(run(text)) == [("Lena Moss", "said")]


def test_both_men_are_the_two_people_named_together_before(run):
    text = ("American Tom Reyes and Australian Ivo Barnes, both professors at the university, were freed on Monday. "
            "Both men said they were treated well.")
    assert _statements(run(text)) == [("Tom Reyes", "said"), ("Ivo Barnes", "said")]
