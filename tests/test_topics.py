"""Topics (transforms/topics.py): policy noun phrases as issues of their own, labelled by the words that say
which topic; what is no topic; and how topics sit beside the lexicon's issues and named issues."""
from __future__ import annotations

import pytest

from communique.transforms.topics import topic_heads, topics

BODY = (0, 10 ** 9)


@pytest.mark.parametrize("text, expected", [
    ("The ministers said bilateral trade would grow.", [("bilateral trade", "economic")]),
    ("Both sides praised cultural and humanitarian cooperation.",
     [("cultural and humanitarian cooperation", "diplomatic")]),
    ("Leaders discussed European security at length.", [("European security", "military")]),
    ("The plan relies on low-carbon energy.", [("low-carbon energy", "economic")]),
    ("Officials stressed critical and emerging technologies.",
     [("critical and emerging technologies", "economic")]),
    ("The doctors offered flu vaccines to the detainees.", [("flu vaccines", "health")]),
    # words that say how, how much or when are no part of the label; alone, the head names no topic
    ("They called for further reforms and a brutal war to end.", []),
    ("The largest trade of the morning was small.", []),
    ("It is a complex, multifaceted relationship.", []),
    ("It was a very commercial relationship.", [("commercial relationship", "diplomatic")]),
    # a proper name in the phrase: left to the named-issue and actor layers
    ("He praised U.S. military aid to the region.", []),
])
def test_topics(nlp, text, expected):
    assert [(label, context) for label, context, _, _ in topics(nlp(text), BODY)] == expected


def test_a_topic_points_at_its_words_in_the_text(nlp):
    text = "The envoy said bilateral trade would grow."
    ((label, _, start, end),) = topics(nlp(text), BODY)
    assert text[start:end] == "bilateral trade" == label


def test_topics_outside_the_body_are_left_out(nlp):
    text = "Bilateral trade grows.\n\nThe envoy spoke of cultural cooperation."
    assert [t[0] for t in topics(nlp(text), (text.index("The envoy"), len(text)))] == ["cultural cooperation"]


def test_every_head_has_a_context():
    assert topic_heads()["trade"] == "economic" and all(topic_heads().values())


@pytest.mark.parametrize("text, expected", [
    # a lexicon issue inside a topic: both, the topic finer
    ("The ministers said bilateral trade would grow.", ["bilateral trade", "trade"]),
    # a topic the lexicon names whole is the lexicon's issue
    ("The envoy defended fundamental freedoms.", ["human rights"]),
    # a named issue is not a topic
    ("Delegates prepared for the Summit of the Americas in June.", ["Summit of the Americas"]),
])
def test_topics_beside_lexicon_and_named_issues(nlp, issue_matcher, text, expected):
    assert [h.label for h in issue_matcher(nlp(text))] == expected
