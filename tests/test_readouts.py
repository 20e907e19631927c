"""Readouts of meetings and calls, release headers and transcripts: joint subjects ("The leaders agreed ..."),
full names given only in a headline or header line, participant lists, named laws and programmes as issues.
End to end through ``analyse`` on the real spaCy model, and the pure helpers on their own. Every name is made
up or a public office holder's."""
from __future__ import annotations

import datetime as dt

import pytest

from communique.transforms.actors import PERSON, DocActors, body_span
from communique.transforms.issuers import header_author
from communique.transforms.name_spans import full_name_in
from communique.transforms.nlp_model import nlp_text

PUBLISHED = dt.datetime(2022, 6, 1, tzinfo=dt.timezone.utc)


@pytest.fixture
def run(analyse_text):
    return lambda text, title=None: analyse_text(text, PUBLISHED, title=title)


def _statements(result):
    return [(s.speaker_name, s.cue) for s in result.statements]


# -------------------------------------------------------------- full names outside the body, transcripts

@pytest.mark.parametrize("text, surname, expected", [
    ("Secretary Lena Moss and Kosovo President Ana Drita Before Their Meeting", "Drita", "Ana Drita"),
    ("Lena J. Moss, Secretary of State\n\nWashington, DC", "Moss", "Lena J. Moss"),
    ("Meeting with French President Paul Marchand", "Marchand", "Paul Marchand"),
    ("Meeting with Ivan Petrov", "Petrov", "Ivan Petrov"),           # who meets is named in full
    ("Meeting with Russian rock musicians", "musicians", None),
    ("Trump Slams Pelosi Over Budget", "Pelosi", None),              # a headline's words are no given names
    ("Jill Ward and Joe Ward Visit Ohio", "Ward", None),
    ("Talks with President Ward and First Lady Jill Ward", "Ward", "Jill Ward"),
    ("no such name here", "Moss", None),
    ("Secretary Moss With Minister of Fisheries Dr. Tomas Brandt Before Their Meeting", "Brandt", "Tomas Brandt"),
    ("Remarks by Mr. Brandt", "Brandt", None),                       # an honorific before the surname itself
])
def test_full_name_in_a_headline_or_header(text, surname, expected):
    assert full_name_in(text, surname) == expected


@pytest.mark.parametrize("text, expected", [
    ("Lena J. Moss, Secretary of State\n\nWashington, DC\n\nSECRETARY MOSS: Good afternoon.",
     "Lena J. Moss, Secretary of State"),
    ("By Tom Reyes, Staff Writer\n\nThe minister spoke on Monday.", None),
    ("Leaders Agree, Again\n\nThe minister spoke on Monday.", None),
])
def test_header_author(text, expected):
    assert header_author(text, text.rindex("\n\n") + 2) == expected


TRANSCRIPT = """Lena J. Moss, Secretary of State

Washington, DC

SECRETARY MOSS: Well, good afternoon, everyone. Madam President, it is wonderful to have you here at the State \
Department. I want to thank you for your leadership on energy, and I think we have a great deal to discuss.

PRESIDENT DRITA: Thank you so much, Mr. Secretary. We are grateful for the support of the United States, and we \
look forward to our talks today.
"""


def test_transcript_turns_under_a_header_and_headline(run):
    result = run(TRANSCRIPT, title="Secretary Lena J. Moss and Kosovo President Ana Drita Before Their Meeting")
    names = {m.name for m in result.actor_mentions if m.actor_type == PERSON}
    assert names == {"Lena J. Moss", "Ana Drita"}                    # not "Madam President"
    turns = [(s.speaker_name, s.cue) for s in result.statements if s.cue == ":"]
    assert turns == [("Lena J. Moss", ":"), ("Ana Drita", ":")]       # each turn, though verbs inside speak too
    assert ("Lena J. Moss", "thank") in _statements(result)


# -------------------------------------------------------------------------------- participant lists

READOUT = """Today, Chief of Staff Lena Moss hosted a meeting of the Cabinet to discuss the new investment \
programme and what it means for families in every state of the country.

Participants of the meeting included:

-   Secretary Ana Drita, Department of the Interior
-   Omar Haddad, National Climate Advisor
-   Tom Reyes, Senior Advisor to the President
"""


def test_a_participant_list_is_part_of_the_body(nlp, run):
    start, end = body_span(READOUT)
    assert READOUT[start:end].rstrip().endswith("Senior Advisor to the President")
    assert "\n-   Omar" in nlp_text(READOUT)                   # a list item keeps its line break
    result = run(READOUT)
    people = {a.name for a in result.actor_mentions if a.actor_type == PERSON}
    assert {"Lena Moss", "Ana Drita", "Omar Haddad", "Tom Reyes"} <= people
    assert not any(a.name.endswith("Advisor") for a in result.actor_mentions)      # titles are no organisations


def test_a_list_needs_its_introducing_line():
    text = ("A long first paragraph that is prose and says more than enough words to be the body of this text on "
            "the site today.\n\n- Home\n- Contact\n")
    assert body_span(text) == (0, text.index("\n\n"))


# ------------------------------------------------------------------------- names and titles in kremlin style

def test_a_person_after_a_body_in_a_title(nlp):
    actors = DocActors(nlp("Chairperson of the National Voting Board Ana Drita reported on the vote."))
    assert [(m.actor.name, m.actor.actor_type) for m in actors.mentions] == [("Ana Drita", PERSON)]


def test_a_given_name_alone_is_the_one_full_name_it_opens(nlp):
    actors = DocActors(nlp("President Paul Marchand met President Tom Reyes. Marchand said: Dear Tom, thank you."))
    assert {m.surface: m.actor.name for m in actors.mentions}.get("Tom") == "Tom Reyes"


# ------------------------------------------------------------------------------------ named documents

@pytest.mark.parametrize("text, label, context", [
    ("The minister said the Inflation Reduction Act would lower costs.", "Inflation Reduction Act", "legal"),
    ("She said the State Armament Programme will be approved this year.", "State Armament Programme", "political"),
    ("He said the Arctic Fisheries Agreement must be kept.", "Arctic Fisheries Agreement", "diplomatic"),
])
def test_named_laws_and_programmes_are_issues(nlp, issue_matcher, text, label, context):
    hits = issue_matcher(nlp(text))
    assert [(h.label, h.context) for h in hits] == [(label, context)]


def test_an_office_is_not_its_strategy(nlp, issue_matcher):
    hits = issue_matcher(nlp("The Director of the Office of Political Strategy and Outreach Ana Drita spoke."))
    assert hits == []


def test_the_parties_of_a_court_case_are_no_actors(nlp):
    text = "The ruling in Dobbs v. Jackson Women's Health Organization ended Roe v. Wade, Senator Ann Varga said."
    assert [m.actor.name for m in DocActors(nlp(text)).mentions] == ["Ann Varga"]


def test_a_turns_own_remarks_are_the_turn(run):
    text = ("PRESIDENT ANA DRITA: Thank you, colleagues. I think we have done a great deal this year, and I ask you "
            "to finish the work on the budget by the summer.\n\nMINISTER TOM REYES: We will finish it by June.\n")
    rows = [(s.speaker_name, s.cue, s.event_type) for s in run(text).statements]
    assert rows == [("Ana Drita", ":", "STATEMENT"), ("Ana Drita", "ask", "REQUEST"), ("Tom Reyes", ":", "AGREE")]


# ------------------------------------------------------------------------- proposals and empty demands

@pytest.mark.parametrize("text, act", [
    ("We suggest using every new method, Ana Drita said.", "PROPOSE"),
    ("Ana Drita suggested that the talks should resume in May.", "PROPOSE"),
    ("I think we should review the state of the region, Ana Drita said.", "PROPOSE"),
    ("I think they must leave the region, Ana Drita said.", "REQUEST"),
    ("The data suggests that the economy is weak, Ana Drita said.", "STATEMENT"),
    ("I think the plan is good, Ana Drita said.", "STATEMENT"),
])
def test_suggestions_and_we_should_are_proposals(run, text, act):
    assert [s.event_type for s in run(text).statements] == [act]


def test_a_demand_of_no_one_is_no_statement(run):
    rows = [(s.speaker_name, s.cue) for s in run("If events demand, we will delay the vote, Ana Drita "
                                                 "said.").statements]
    assert rows == [("Ana Drita", "said")]



def test_a_nickname_alone_is_the_full_name_it_shortens(nlp):
    doc = nlp("Secretary Antony J. Blinken met Foreign Minister Ana Drita. Tony mentioned the climate, Drita said.")
    assert {m.surface: m.actor.name for m in DocActors(doc).mentions}["Tony"] == "Antony J. Blinken"


@pytest.mark.parametrize("text, names", [
    ("American Tom Reyes and Australian Ivo Barnes were freed on Monday.", ["Ivo Barnes", "Tom Reyes"]),
    ("Tom Reyes and Australia were thanked.", ["Tom Reyes"]),                    # a country is no name
    ("Tom Reyes and Secretary Haddad spoke.", ["Haddad", "Tom Reyes"]),
])
def test_a_name_coordinated_with_a_person_is_a_person(nlp, text, names):
    actors = DocActors(nlp(text))
    assert sorted({m.actor.name for m in actors.mentions if m.actor.actor_type == PERSON}) == names


# ------------------------------------------------------------------ titles in headlines, pronouns after descriptions

@pytest.mark.parametrize("text, name, expected", [
    ("Russian President Ivan Petrov receives Canadian Governor-General Ann Lee", "Ivan Petrov",
     ("President", "RUS")),
    ("Russian President Ivan Petrov receives Canadian Governor-General Ann Lee", "Ann Lee",
     ("Governor-General", "CAN")),
    ("President Ivan Petrov took part in the congress", "Ivan Petrov", ("President", None)),
    ("Ivan Petrov took part in the congress", "Ivan Petrov", (None, None)),
    ("Talks with Ivan Petrov", "Ivan Petrov", (None, None)),
])
def test_title_before_a_name_in_a_headline(text, name, expected):
    from communique.transforms.name_spans import title_before_in
    assert title_before_in(text, name) == expected


KREMLIN = ("The guests were shown the old library, where Ivan Petrov’s wife, Olga, and Ann Lee’s husband, Tom Reyes, "
           "joined them.\n\nThis first state visit from Canada in a decade opens a good season for trade, the "
           "President thinks.\n\nHe said that both countries take one view of Arctic shipping. The Governor-General "
           "observed that her country valued the dialogue. She said Ottawa and Moscow share northern concerns.\n")


def test_a_headline_title_and_a_pronoun_after_a_description(run):
    result = run(KREMLIN, title="Russian President Ivan Petrov receives Canadian Governor-General Ann Lee")
    assert [(s.speaker_name, s.cue) for s in result.statements] == [
        ("Ivan Petrov", "thinks"), ("Ivan Petrov", "said"), ("Ann Lee", "observed"), ("Ann Lee", "said")]


def test_a_pronoun_after_another_subject_is_that_person(run):
    text = ("Ivan Petrov met Ann Lee on Monday. The visit will be useful, the President thinks.\n\nAnn Lee left the "
            "talks early. She said both nations were close on trade.\n")
    result = run(text, title="President Ivan Petrov met Governor-General Ann Lee")
    assert [(s.speaker_name, s.cue) for s in result.statements] == [("Ivan Petrov", "thinks"), ("Ann Lee", "said")]


def test_an_organisation_cut_after_for_is_one(nlp):
    from spacy.tokens import Span
    doc = nlp("The aid comes from the Agency for International Development, Ana Drita said.")
    doc.ents = [Span(doc, 4, 7, label="ORG"), Span(doc, 7, 9, label="ORG"), Span(doc, 10, 12, label="PERSON")]
    names = [m.actor.name for m in DocActors(doc).mentions]
    assert names == ["Agency for International Development", "Ana Drita"]


@pytest.mark.parametrize("text, ents, expected", [
    # "the Coastal Travel" + "and" + "Tourism Council", as the recogniser cuts it
    ("The growth was strong, according to the Coastal Travel and Tourism Council.", [(7, 10), (11, 13)],
     ["Coastal Travel and Tourism Council"]),
    ("The Security Council and the General Assembly met.", [(0, 3), (4, 7)], ["Security Council", "General Assembly"]),
    ("Google and Universal Music Group agreed.", [(0, 1), (2, 5)], ["Google", "Universal Music Group"]),
])
def test_an_organisation_cut_at_and_is_one(nlp, text, ents, expected):
    from spacy.tokens import Span
    doc = nlp(text)
    doc.ents = [Span(doc, s, e, label="ORG") for s, e in ents]
    assert [m.actor.name for m in DocActors(doc).mentions] == expected


@pytest.mark.parametrize("text, committers", [
    ("Russian President Ivan Petrov spoke on Monday. Ivan Petrov promised that the Government would shortly "
     "approve new rules.", ["Russia"]),
    ("Ana Drita said the government of the region will report in May.", None),     # not the speaker's own
])
def test_the_government_in_a_speakers_promise_is_the_speakers_country(run, text, committers):
    found = [c.committer_names for c in run(text).commitments]
    assert found == ([committers] if committers else [])


@pytest.mark.parametrize("text, speaker", [
    ("Ana Drita, a real estate agent, met him on Tuesday. The real estate agent said she liked his plans.",
     "Ana Drita"),
    ("Tom Reyes, an economist at the bank, spoke on Monday. The economist said prices would rise.", "Tom Reyes"),
    ("Tom Reyes spoke on Monday. The economist said prices would rise.", None),       # described so by no one
    ("The deal is not done, White House advisers say.", "White House"),
])
def test_a_description_the_text_gave_before(run, text, speaker):
    assert [s.speaker_name for s in run(text).statements][-1] == speaker


@pytest.mark.parametrize("text, labels", [
    ("She said the Inflation Reduction Act would lower costs.", ["Inflation Reduction Act"]),   # not "inflation"
    ("She said inflation and the cost of living worry voters.", ["inflation", "inflation"]),
    ("The mayors discussed access to abortion and mental health.", ["reproductive rights", "mental health"]),
    ("The INF Treaty must be kept, he said.", ["Intermediate-Range Nuclear Forces Treaty"]),
])
def test_lexicon_topics_and_named_laws(nlp, issue_matcher, text, labels):
    assert [h.label for h in issue_matcher(nlp(text))] == labels
