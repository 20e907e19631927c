"""Where a person's name begins and ends: words the recogniser took into a PERSON span that are not the name,
and names it took as part of an organisation or place (transforms/name_spans.py, through DocActors on the real
spaCy model). Every name is made up or a public office holder's."""
from __future__ import annotations

import pytest

from communique.transforms.actors import PERSON, DocActors


def _people(nlp, text):
    actors = DocActors(nlp(text))
    return sorted({(m.actor.name, m.actor.title, m.actor.country) for m in actors.mentions
                   if m.actor.actor_type == PERSON})


@pytest.mark.parametrize("text, expected", [
    # a country's name before the name, in a title's of / to phrase
    ("The talks with President of Palestine Yusuf Nasser went on.",
     [("Yusuf Nasser", "President of Palestine", "PSE")]),
    ("A second diplomat, the former envoy to Ukraine Mark Hale, revised his account.",
     [("Mark Hale", "Former envoy to Ukraine", None)]),
    # a body's name before it: the title's, not the person's
    ("He thanked the head of the faction in the State Duma Ivan Petrov.", [("Ivan Petrov", None, None)]),
    # a portfolio after "Secretary of" is the title's
    ("Secretary of Homeland Security Ann Varga and Deputy Secretary of Defense Ivo Lund spoke.",
     [("Ann Varga", "Secretary of Homeland Security", None), ("Ivo Lund", "Deputy Secretary of Defense", None)]),
    ("Minister of Natural Resources Dmitry Kobylkin reported on the fires.",
     [("Dmitry Kobylkin", "Minister of Natural Resources", None)]),
    ("Director of National Intelligence Ann Varga said the threat was growing.",      # any portfolio's words
     [("Ann Varga", "Director of National Intelligence", None)]),
    # a lower-case word is no part of a name, but for particles
    ("Moss took the call and rang Taylor.", [("Taylor", None, None)]),
    ("Alex de Minaur won the match in three sets.", [("Alex de Minaur", None, None)]),
])
def test_name_without_the_words_around_it(nlp, text, expected):
    assert _people(nlp, text) == expected


@pytest.mark.parametrize("text", [
    "A spokesman of the British Foreign Office said the talks would go on.",      # an adjective, a body
    "The agency passed the matter to U.S. Capitol Police on Monday.",
])
def test_an_organisation_after_a_country_word_stays_one(nlp, text):
    assert _people(nlp, text) == []


def test_a_sentence_opening_gerund_is_not_a_given_name(nlp):
    text = ("Tom Kettle runs the company. Hosting Kettle at the fair \"is our dream,\" Lena Moss said. "
            "Kettle said he would come.")
    actors = DocActors(nlp(text))
    names = {m.surface: m.actor.name for m in actors.mentions}
    assert "Hosting Kettle" not in names and {m.actor.name for m in actors.mentions if "Kettle" in m.surface} == {
        "Tom Kettle"}


def test_a_shorter_full_name_is_the_longer_one(nlp):
    text = "Bureau Director Kathleen Hawk Sawyer spoke on Monday. Hawk Sawyer said more. Sawyer added a point."
    actors = DocActors(nlp(text))
    assert {m.actor.name for m in actors.mentions if m.actor.actor_type == PERSON} == {"Kathleen Hawk Sawyer"}


@pytest.mark.parametrize("text, expected", [
    ("President Ann Varga met Prime Minister Ivo Lund of Denmark on Monday.",
     [("Ann Varga", "President", None), ("Ivo Lund", "Prime Minister", "DNK")]),
    # a country word that opens an organisation's name is not the person's country
    ("Dr. Ivo Lund of the United Kingdom Atomic Energy Authority spoke on Monday.", [("Ivo Lund", None, None)]),
])
def test_country_named_after_the_name(nlp, text, expected):
    assert _people(nlp, text) == expected


def test_a_title_before_a_given_name_stands_for_the_full_name(nlp):
    text = "President Ann Varga spoke with Amir Sheikh Hamad Bin Khalid Al-Nuri of Qatar. Sheikh Hamad agreed."
    actors = DocActors(nlp(text))
    people = {m.surface: m.actor.name for m in actors.mentions if m.actor.actor_type == PERSON}
    assert people.get("Hamad") == "Hamad Bin Khalid Al-Nuri" and "Amir Sheikh" not in people.values()


def test_stage_directions_are_no_actors(nlp):
    text = ("Ann Varga spoke to the students. (Laughter.) She thanked the Atlantic Council (ACUS) and the minister "
            "of Peru (Peru). (Applause)")
    names = {m.actor.name for m in DocActors(nlp(text)).mentions}
    assert not names & {"Laughter", "Applause"} and "Ann Varga" in names


@pytest.mark.parametrize("text, names", [
    # a person's name the recogniser read as an organisation: after a title, or with a role in apposition
    ("Chancellor Olaf Scholz hosted President Emmanuel Macron in Berlin.", ["Emmanuel Macron", "Olaf Scholz"]),
    ("Omar Haddad, a trade professor at Cornell, said the deal was weak.", ["Omar Haddad"]),
    # organisations stay organisations
    ("Goldman Sachs, the bank, said profits rose.", []),
    ("Lena Moss and senior National Security Council staff met the envoy.", ["Lena Moss"]),
])
def test_a_person_read_as_an_organisation(nlp, text, names):
    assert [n for n, _, _ in _people(nlp, text)] == names


def test_an_organisation_with_a_role_in_apposition_is_a_person(nlp):
    from spacy.tokens import Span
    doc = nlp("Omar Haddad, a trade professor at the university, said the deal was weak.")
    doc.ents = [Span(doc, 0, 2, label="ORG")]                       # as the recogniser reads some names
    assert [(m.actor.name, m.actor.actor_type) for m in DocActors(doc).mentions] == [("Omar Haddad", PERSON)]


def test_a_hyphenated_name_in_apposition_to_a_role_is_a_person(nlp):
    """'Norway's director of public prosecutions, Anne-Lise Dahl, said ...' with the name read as an organisation."""
    from spacy.tokens import Span
    doc = nlp("Norway's director of public prosecutions, Anne-Lise Dahl, said the case was closed.")
    start = next(t.i for t in doc if t.text == "Anne")
    doc.ents = [Span(doc, start, start + 4, label="ORG")]
    assert [(m.actor.name, m.actor.actor_type) for m in DocActors(doc).mentions] == [("Anne-Lise Dahl", PERSON)]


def test_a_patriarchs_name_read_as_a_building_is_a_person(nlp):
    """'Patriarch Alexii II' labelled a facility: the name after a royal's, pope's or patriarch's title."""
    text = ("Later the Serbian president phoned Patriarch Pavle II of Belgrade and All Serbia and told him about the "
            "talks.")
    assert _people(nlp, text) == [("Patriarch Pavle II", "Patriarch", None)]


def test_a_given_name_alone_takes_the_full_name_the_headline_gives(nlp):
    """'Foreign Minister Ivo, thank you' under a headline naming 'Foreign Minister Ivo Lund': Ivo Lund."""
    text = ("SECRETARY VARGA:  Well, Foreign Minister Ivo, thank you.  We had an opportunity to meet in Brussels "
            "and we will meet again in June.")
    title = "Secretary Ann Varga  And Danish Foreign Minister Ivo Lund  Before Their Meeting"
    actors = DocActors(nlp(text), title=title)
    assert ("Ivo Lund", "Foreign Minister") in {(m.actor.name, m.actor.title) for m in actors.mentions}


@pytest.mark.parametrize("text, title, name", [
    ("Mayor Ivo Lund, Jr. opened the harbour today. Lund said the work had taken ten years.", "", "Ivo Lund Jr."),
    ("Mayor Lund opened the harbour today. Lund said the work had taken ten years.",
     "Readout of Mayor Ivo Lund, Jr.’s Visit to the Harbour", "Ivo Lund Jr."),
])
def test_a_generational_suffix_is_part_of_the_name(nlp, text, title, name):
    """'Ivo Lund, Jr.' in the text or the headline: one person, Ivo Lund Jr., whom "Lund" stands for."""
    names = [(m.surface, m.actor.name) for m in DocActors(nlp(text), title=title).mentions]
    assert names and all(n == name for _, n in names)


@pytest.mark.parametrize("headline, word, expected", [
    ("Remarks at a Press Availability with Norwegian Foreign Minister Ivo Lund", "minister",
     ("Ivo Lund", "Foreign Minister", "NOR")),
    ("Secretary Ann Varga and Chilean President Tomas Reyes Before Their Meeting", "president",
     ("Tomas Reyes", "President", "CHL")),
    ("Remarks at a Press Availability with Norwegian Foreign Minister Ivo Lund\nAnn Varga, Deputy Secretary", "minister",
     ("Ivo Lund", "Foreign Minister", "NOR")),                       # a line break ends a name
    ("Remarks at a Press Availability", "minister", None),
    ("Foreign Minister Ivo Lund Meets Foreign Minister Ann Varga", "minister", None),     # two: no one
])
def test_the_holder_of_a_title_a_headline_names(headline, word, expected):
    from communique.transforms.name_spans import titled_holder_in
    assert titled_holder_in(headline, word) == expected
