"""What the entity recogniser names that is no actor: market codes ("Sterling GBP=", "CMAL3"), market indexes,
social networks named as where, a follow-us line, units of measure ("400 MW"), and one-word
"persons" that never act, are acted on or own anything (a place read as a name), while a one-word name that
acts stays. Real spaCy model; the texts are made up."""
from __future__ import annotations

import pytest

from communique.transforms.actors import DocActors


def _names(nlp, text):
    return sorted({(m.actor.name, m.actor.actor_type) for m in DocActors(nlp(text)).mentions})


@pytest.mark.parametrize("text, expected", [
    ("In currency markets, Sterling GBP= was up 0.1% at $1.29, while the euro EUR= was flat.", []),
    ("Three-month zinc at the London Metal Exchange CMZN3 rose 0.4% on Friday.", []),
    ("Aid convoys reached the camp near the Berm on Sunday, residents said.", []),
    ("The refugees fled from Palmyra last week and posted videos on Twitter. Assad met with Lund in Damascus.",
     [("Assad", "PERSON"), ("Lund", "PERSON")]),
    ("Welcome to the White House, and welcome to the Oval Office.", [("White House", "ORG")]),      # a venue
    # agreements, summits and dialogues are what actors talk about (issues), not actors
    ("Both sides pledged to implement the Baltic Fisheries Agreements in full.", []),
    ("The leaders met at the Nordic Climate Summit in Bergen, where Norway spoke first.", [("Norway", "COUNTRY")]),
    ("The Renewed Arctic Security Dialogue launched by Norway was welcomed by Sweden.",
     [("Norway", "COUNTRY"), ("Sweden", "COUNTRY")]),
    # stock market indexes; social networks named as where; a follow-us line
    ("By noon the Nikkei 225 had slipped 0.4%; the Kospi Index and the Hang Seng Index rose a little.", []),
    ("The Sensex rose for a third day and the Nifty gained too.", []),
    ("Follow Harbour Daily on Instagram, Facebook and Twitter.", []),
    # units of measure
    ("The plant will add 400 MW and store 1,200 MWh.", []),
])
def test_noise_is_no_actor(nlp, text, expected):
    assert _names(nlp, text) == expected


def test_a_network_is_an_actor_where_it_acts_not_where_something_is_posted(nlp):
    text = "The mayor wrote on Twitter that the bridge would reopen. Twitter said it had removed the post."
    mentions = [m for m in DocActors(nlp(text)).mentions if m.actor.name == "Twitter"]
    assert [m.start for m in mentions] == [text.rindex("Twitter")]


@pytest.mark.parametrize("text, expected", [
    # a list the recogniser read as one organisation: each name is one
    ("The others chosen are Astrolabe, Deep Orbit Systems, Halden, Firebird Aerospace and Moon Express.",
     [("Astrolabe", "ORG"), ("Deep Orbit Systems", "ORG"), ("Moon Express", "ORG")]),
    # an organisation's name cut inside its parentheses ends before them
    ("The Treasury’s Office of Foreign Assets Control (OFAC) is designating the banks.",
     [("Treasury’s Office of Foreign Assets Control", "ORG")]),
    # a body's name with a possessive, read as a person's
    ("It names officials of the so-called Donetsk People’s Republic and Luhansk People’s Republic who were "
     "involved.",
     [("Donetsk People’s Republic", "ORG"), ("Luhansk People’s Republic", "ORG")]),
    # a possessive name and a date, read as an organisation
    ("Trump’s July 25 call was discussed at length.", []),
    # a given name the recogniser cut at its hyphen
    ("President Moon Jae-in unveiled the port plan last spring.", [("Moon Jae-in", "PERSON")]),
    # a biography's heading is the person's name
    ("Today, President Joe Biden announced that he will appoint Catherine Lund as the next Director of the Office "
     "of Trade, where she will lead the agency's work with partners across the region.\n\n**Catherine Lund Bio**\n\n"
     "Catherine Lund served as ambassador to Chile for four years and led the trade office before that.\n",
     [("Catherine Lund", "PERSON"), ("Chile", "COUNTRY"), ("Joe Biden", "PERSON"), ("Office of Trade", "ORG")]),
    # military ranks, abbreviated or not, are titles
    ("Lawmakers questioned Lt Col Tomas Brandt, who said the call was improper.", [("Tomas Brandt", "PERSON")]),
])
def test_names_the_recogniser_runs_together_or_cuts(nlp, text, expected):
    assert _names(nlp, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The shelling hit the northern towns of Kelmo, Varnik and Hostrin last week.", []),
    ("Crews worked for days on the Hollen peninsula.", []),
    ("Aid reached cities under siege, such as Varnik, on Friday.", []),
    ("Varnik Holdings said on Friday that it would close the mine.", [("Varnik Holdings", "ORG")]),   # it acts
])
def test_a_name_used_only_as_a_place_is_no_actor(nlp, text, expected):
    """Towns and places the recogniser reads as organisations or people: only ever where something happens."""
    assert _names(nlp, text) == expected


def test_an_acronym_given_in_brackets_is_the_organisation(nlp):
    """'the Nordic Council of Fisheries Advisors (NCFA) ... NCFA will provide advice': the acronym the text gives
    an organisation names it where the recogniser does not tag it."""
    text = ("Today, the President announced the establishment of the Nordic Council of Fisheries Advisors (NCFA) to "
            "guide policy on the northern fisheries.\n\n-   NCFA will provide advice to the President.")
    mentions = [(m.surface, m.actor.name) for m in DocActors(nlp(text)).mentions if m.actor.actor_type == "ORG"]
    assert ("NCFA", "Nordic Council of Fisheries Advisors") in mentions


@pytest.mark.parametrize("text, name, expected", [
    # two names read as one, one of them named on its own elsewhere: two organisations
    ("The United Nations and European Union stressed the point. The European Union's court ruled.",
     "United Nations and European Union", ["United Nations", "European Union"]),
    # one name with an "and" in it
    ("The Department of Health and Human Services said it would act.", "Department of Health and Human Services",
     ["Department of Health and Human Services"]),
    ("Customs and Border Protection said CBP would act. Customs officers agreed.", "Customs and Border Protection",
     ["Customs and Border Protection"]),
])
def test_two_names_read_as_one_organisation(nlp, text, name, expected):
    from spacy.tokens import Span

    from communique.transforms.org_spans import paired_parts

    doc = nlp(text)
    start = text.index(name)
    span = doc.char_span(start, start + len(name), label="ORG")
    assert [p.text for p in paired_parts(Span(doc, span.start, span.end, label="ORG"))] == expected


@pytest.mark.parametrize("text, expected", [
    ("the WeWork’s", "WeWork"),
    ("a Commission of Inquiry", "Commission of Inquiry"),        # the recogniser took the article in
    ("an Independent Review Panel", "Independent Review Panel"),
    ("A Just Russia", "A Just Russia"),                            # a party whose name starts with "A"
    ("The  Harbour Group", "Harbour Group"),
])
def test_bare_name(text, expected):
    from communique.transforms.org_spans import bare_name
    assert bare_name(text) == expected
