"""A joint statement's "we", named by the text itself: the group-name rule without the model, then whole made-up
releases through ``analyse`` on the real spaCy model."""
from __future__ import annotations

import datetime as dt

import pytest

from communique.transforms.voices import group_name

PUBLISHED = dt.datetime(2022, 3, 1, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize("phrase, expected", [
    ("the G7 Foreign Ministers of Canada", "G7 Foreign Ministers"),
    ("the Nordic Energy Ministers of Norway, Sweden and Finland", "Nordic Energy Ministers"),
    ("the Leaders of the Northern Trade Forum", "Leaders of the Northern Trade Forum"),       # no country: kept
    ("the Governments of Chile and Peru", "Governments of Chile and Peru"),     # a bare word left: the whole phrase
    ("the people of Ukraine", None),                                # nothing capitalised before "of"
    ("the undersigned", None),
])
def test_the_name_of_a_group_that_speaks_as_we(phrase, expected):
    assert group_name(phrase) == expected


def _speakers(result):
    return [(s.cue, s.speaker_name) for s in result.statements]


def test_we_the_names_the_voice_of_a_joint_statement(analyse_text):
    text = ("Office of the Spokesperson\n\n"
            "We, the Arctic Council Ministers of Denmark, Finland, Iceland, Norway and Sweden, remain deeply "
            "concerned about the oil spill near Svalbard.\n\n"
            "We call on the shipping company to fund the clean-up. We will meet again in Tromso in June.\n")
    result = analyse_text(text, PUBLISHED)
    assert ("call on", "Arctic Council Ministers") in _speakers(result)
    # one speaker: the countries listed inside the group's name are no joint speakers of their own
    assert [s.speaker_name for s in result.statements if s.cue == "concerned"] == ["Arctic Council Ministers"]
    call = next(s for s in result.statements if s.cue == "call on")
    assert call.speaker_type == "GROUP" and call.event_type == "REQUEST"
    assert [c.committer_names for c in result.commitments if "meet again" in c.action] == [
        ["Arctic Council Ministers"]]


@pytest.mark.parametrize("line, body, expected", [
    ("The text of the following statement was released by the Governments of Chile and Peru on the occasion of "
     "the Pacific Fisheries Dialogue.", "We welcome the agreement on anchovy quotas reached in Lima.",
     ("welcome", "Governments of Chile and Peru")),
    # the line may name one official
    ("The following statement was released by Secretary of State Ann Varga.",
     "We condemn the attack on the embassy in Tallinn.", ("condemn", "Ann Varga")),
])
def test_the_line_introducing_a_joint_statement_names_its_voice(analyse_text, line, body, expected):
    result = analyse_text(f"{line}\n\nBegin Text:\n\n{body}\n", PUBLISHED)
    assert expected in _speakers(result)


def test_we_the_people_in_an_article_names_no_group(analyse_text):
    text = ("We, the people of this valley, have waited long enough, the petition reads.\n\n"
            "We want the road repaired, residents said.\n")
    result = analyse_text(text, PUBLISHED)
    assert all(s.speaker_type != "GROUP" or "people" not in (s.speaker_name or "") for s in result.statements)
