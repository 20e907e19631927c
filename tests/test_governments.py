"""'The Government' and 'the administration' without saying whose, cues and commitments in hypothetical clauses
("if", "unless", "before ... would", "whether"), and passives of being made to act, end to end through ``analyse``
on the real spaCy model. Every text is made up."""
from __future__ import annotations

import datetime as dt

import pytest

from communique.transforms.governments import is_bare_government_name

PUBLISHED = dt.datetime(2021, 5, 1, tzinfo=dt.timezone.utc)


@pytest.fixture
def run(analyse_text):
    return lambda text, author=None: analyse_text(text, PUBLISHED, author)


def _speakers(result):
    return {(s.speaker_text, s.cue): s.speaker_name for s in result.statements}


def _commitments(result):
    return [(c.committer_names, c.action) for c in result.commitments]


@pytest.mark.parametrize("name, expected", [
    ("Government", True), ("the Government", True), ("Administration", True), ("the administration", True),
    ("UK Government", False), ("Government of India", False), ("Small Business Administration", False),
])
def test_bare_government_name(name, expected):
    assert is_bare_government_name(name) is expected


def test_the_government_after_a_named_government_is_that_country(run):
    result = run("The Norwegian Government published new travel rules on Monday.\n\n"
                 "Later, the Government said travellers from six countries must isolate for ten days. The "
                 "government will review the list of countries next week, officials said.\n")
    got = _speakers(result)
    assert got[("Government", "said")] == "Norway"
    assert (["Norway"], "review the list of countries next week") in _commitments(result)
    assert "Government" not in {a.name for a in result.actor_mentions}


def test_the_administration_after_an_administration_named_by_its_leader(run):
    result = run("Doctors say the Obama administration has refused to fund a vaccine clinic at the border.\n\n"
                 "In a letter, the doctors asked the administration to think again. The administration said it would "
                 "review the request within a week.\n")
    assert _speakers(result)[("The administration", "said")] == "United States"


def test_the_government_of_a_text_about_one_country(run):
    result = run("Vladimir Putin received the head of the Tver Region on Friday to talk about its factories.\n\n"
                 "Russia builds most of its aircraft engines in the region, and Russia wants to double their output. "
                 "The President said Russia would back a new engine plant there.\n\n"
                 "The Government will fund the new turbine factory, the governor said.\n")
    assert (["Russia"], "fund the new turbine factory") in _commitments(result)


def test_no_country_for_a_government_the_text_does_not_place(run):
    result = run("The Government will fund the new turbine factory, the governor said.\n")
    assert [names for names, _ in _commitments(result)] in ([], [["Government"]])
    assert "Russia" not in {a.name for a in result.actor_mentions}


@pytest.mark.parametrize("text", [
    "If Ana Lund says the plan is dead, the council will vote on Friday.",
    "Unless Ana Lund announces a deal before then, the council will vote on Friday.",
    "The council will wait until Ana Lund would announce a deal.",
])
def test_a_cue_in_a_hypothetical_clause_is_no_statement(run, text):
    assert run(text).statements == []


def test_an_act_awaited_in_a_clause_of_time_is_no_commitment(run):
    result = run("They would need to deliver before Norway would agree to a meeting, Lund said.")
    assert _commitments(result) == []
    assert [s.cue for s in result.statements] == ["said"]


def test_a_cue_in_a_clause_of_time_that_happened_is_a_statement(run):
    result = run("Before Lund said goodbye, she told the reporters that the talks had failed.")
    assert ("she", "told") in _speakers(result)


@pytest.mark.parametrize("text", [
    "The bombing raised fears that the government of Norway would be pushed to launch a broad purge.",
    "Mayor Ana Lund will be forced to resign before the vote next week.",
])
def test_being_made_to_act_is_no_commitment(run, text):
    assert _commitments(run(text)) == []



def test_a_clause_that_asks_whether_commits_no_one(run):
    assert _commitments(run("Oslo wants to know whether Lund will agree to lift the tariffs.")) == []


def test_will_agree_to_act_is_one_commitment(run):
    assert _commitments(run("Mayor Ana Lund will agree to lift the tariffs, her aides said.")) == [
        (["Ana Lund"], "lift the tariffs")]
