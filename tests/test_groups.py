"""Unnamed groups and unnamed persons as speakers (transforms/groups.py): the name a group noun gives, the fuller
name a bare noun takes from earlier in the text, "they" after a group's statement, and what is no group."""
from __future__ import annotations

import datetime as dt

import pytest

from communique.transforms.groups import group_actor

DAY = dt.datetime(2019, 11, 18, tzinfo=dt.timezone.utc)


def _subject_of(doc, verb):
    tok = next(t for t in doc if t.text == verb)
    return next(c for c in tok.children if c.dep_.startswith("nsubj"))


@pytest.mark.parametrize("text, verb, expected", [
    ("Two people briefed on the negotiations said a deal was near.", "said", "people briefed on the negotiations"),
    ("Trade experts say the deal could slip.", "say", "trade experts"),
    ("One London-based energy expert said the offer was weak.", "said", "London-based energy expert"),
    ("Authorities in Oslo confirmed two new cases.", "confirmed", "Oslo authorities"),
    ("Protesters believe the bill erodes their freedoms.", "believe", "protesters"),
    ("More than 40 women mayors said they would act.", "said", "women mayors"),
    ("During the meeting, women's rights leaders shared their stories.", "shared", "women's rights leaders"),
    ("The city's police reject claims of excessive force.", "reject", "police"),
    ("Harbour City police have closed the road. Police said the road would reopen.", "said", "Harbour City police"),
    ("Police said the road would reopen. Harbour City police had closed it on Monday.", "said",
     "Harbour City police"),                                         # the fuller name given after it
    ("Many Chinese censors removed the post.", "removed", "Chinese censors"),
    ("Traders blamed lingering doubts about the tariff talks.", "blamed", "traders"),
    ("Multiple aides familiar with the plan said the bill would pass.", "said", "aides familiar with the plan"),
    ("Holcomb and Senate legislative leaders praised the budget.", "praised", "legislative leaders"),   # no conjunct
    ("Three timber loggers have claimed they heard a shot.", "claimed", "timber loggers"),
    ("The unions said more than 9,000 members had signed up.", "said", "unions"),
    ("School advocacy groups estimated that 80 districts would close.", "estimated", "school advocacy groups"),
    ("Relatives said he knew the area well.", "said", "relatives"),
    ("Conservative commentators argued the bill went too far.", "argued", "conservative commentators"),
    ("A judge ruled that the suspect should stay in custody.", "ruled", "judge"),
])
def test_group_names(nlp, text, verb, expected):
    actor = group_actor(_subject_of(nlp(text), verb))
    assert actor is not None and (actor.name, actor.actor_type) == (expected, "GROUP")


@pytest.mark.parametrize("text, verb", [
    ("Reports say the deal is close.", "say"),              # not people
    ("The data show a rise in cases.", "show"),
    ("The expert said the deal was close.", "said"),        # a described person, not a group
])
def test_what_names_no_group(nlp, text, verb):
    assert group_actor(_subject_of(nlp(text), verb)) is None


def test_a_group_noun_gives_the_country_its_modifier_names(nlp):
    actor = group_actor(_subject_of(nlp("Chinese censors removed the post."), "removed"))
    assert actor.country == "CHN"


def test_group_speakers_and_they_in_the_output(analyse_text):
    text = ("Top electric utility CEOs offered their support for the bill on Monday. The CEOs in attendance spoke "
            "about how the bill would lower costs. They also expressed that they may not agree with every part. "
            "Police said the road would reopen.")
    result = analyse_text(text, DAY)
    assert [(s.speaker_name, s.speaker_type, s.cue) for s in result.statements] == [
        ("electric utility CEOs", "GROUP", "offered"), ("electric utility CEOs", "GROUP", "spoke"),
        ("electric utility CEOs", "GROUP", "expressed"), ("police", "GROUP", "said")]
    groups = {(m.name, m.actor_type) for m in result.actor_mentions if m.actor_type == "GROUP"}
    assert groups == {("electric utility CEOs", "GROUP"), ("police", "GROUP")}


def test_they_after_officials_who_speak_for_a_country(analyse_text):
    text = ("Obama administration officials told reporters the review had ended. They said that the region had a long "
            "way to go. Norwegian officials declined to comment.")
    result = analyse_text(text, DAY)
    assert [(s.speaker_name, s.cue) for s in result.statements][:2] == [
        ("United States", "told"), ("United States", "said")]


def test_the_person_introduced_as_unnamed_and_it_after_an_organisation(analyse_text):
    text = ('The Harbour Prosecution Authority said the case was closed. "The evidence has weakened," it added. '
            'A doctor on the scene told reporters that he tried to help. "It was sad," the doctor said.')
    result = analyse_text(text, DAY)
    assert [(s.speaker_name, s.cue) for s in result.statements] == [
        ("Harbour Prosecution Authority", "said"), ("Harbour Prosecution Authority", "added"), ("doctor", "told"),
        ("doctor", "said")]


def test_a_bare_group_noun_is_the_organisation_named_with_it(analyse_text):
    text = ("The United Auto Workers called a strike at three plants on Friday. The workers said the offer was "
            "too low.")
    result = analyse_text(text, DAY)
    assert ("United Auto Workers", "said") in [(s.speaker_name, s.cue) for s in result.statements]


@pytest.mark.parametrize("text, expected", [
    ("Oslo police closed the harbour road on Monday. Officers said the crowd had thrown stones.", "Oslo police"),
    ("The army sealed the border on Monday. Officers said the crowd had thrown stones.", "officers"),
])
def test_officers_in_a_story_about_a_police_force_are_that_force(analyse_text, text, expected):
    assert [s.speaker_name for s in analyse_text(text, DAY).statements] == [expected]


# ----------------------------------------------- parts of a group, peoples named by a demonym, names as vocatives

@pytest.mark.parametrize("text, expected", [
    ("An overwhelming 70 percent of Norwegians say that the tax is unfair.", "Norwegians"),
    ("A majority of voters said the economy was the main issue.", "voters"),
    ("One of the officials said the talks had failed.", "officials"),
    ("Many Tunisians fear that militants can obtain weapons.", "Tunisians"),
    ("A long study published by a group of economists shows how the firms avoid tax.", "economists"),
    ("Israeli settlers, who back the government, said the policy was right.", "Israeli settlers"),
])
def test_a_part_speaks_for_its_whole_and_counted_peoples_are_people(analyse_text, text, expected):
    result = analyse_text(text, DAY)
    assert [s.speaker_name for s in result.statements] == [expected]
    assert (expected, "GROUP") in {(m.name, m.actor_type) for m in result.actor_mentions}


def test_the_norwegians_as_a_side_are_the_country(analyse_text):
    result = analyse_text("The Norwegians agreed to meet again in Oslo in May, the minister said.", DAY)
    assert [c.committer_names for c in result.commitments] == [["Norway"]]


@pytest.mark.parametrize("text, expected", [
    ("Secretary Mara Lind, thank you for joining us here tonight.", []),
    ("Mr. President, thank you for hosting us.", []),
    ("President Lind, Leader Moran, and Leader Okafor agree that we will not negotiate.",
     ["Lind", "Moran", "Okafor"]),
])
def test_a_name_set_off_before_a_plain_present_verb_is_whom_the_speaker_addresses(analyse_text, text, expected):
    assert [s.speaker_name for s in analyse_text(text, DAY).statements] == expected
