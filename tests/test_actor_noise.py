"""What the entity recogniser names that is no actor: market codes ("Sterling GBP=", "CMAL3") and one-word
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
])
def test_noise_is_no_actor(nlp, text, expected):
    assert _names(nlp, text) == expected
