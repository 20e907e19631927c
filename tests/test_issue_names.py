"""Issues named in the text: laws and treaties the recogniser misses, numbered orders and conferences, fragments
it cuts; and topics of the lexicon that annotators name as such (COVID-19, voting rights, press freedom)."""
from __future__ import annotations

import datetime as dt

import pytest


@pytest.mark.parametrize("text, expected", [
    ("The council urged the assembly to pass the Right to Repair Act before May.",
     [("Right to Repair Act", "legal")]),
    ("Both sides must implement the Tallinn Agreements in full.", [("Tallinn Agreements", "diplomatic")]),
    ("The ministry cited Executive Order 15020 in its notice.", [("Executive Order 15020", "legal")]),
    ("The ban follows UN Security Council Resolution 2999.", [("UN Security Council Resolution 2999", "legal")]),
    ("Delegates left COP31 without a deal on coal.", [("COP31", "diplomatic")]),
    ("The Nordic Fisheries Conference on August 27 was cancelled.", [("Nordic Fisheries Conference", "diplomatic")]),
    # fragments and descriptions name nothing
    ("Ministers discussed the Norwegian Bill at length.", []),
    ("Former President Bill Lund opened the session.", []),
    ("The Act passed easily.", []),
])
def test_named_laws_treaties_orders_and_conferences(nlp, issue_matcher, text, expected):
    assert [(h.label, h.context) for h in issue_matcher(nlp(text))] == expected


@pytest.mark.parametrize("text, expected", [
    ("Officials warned that the coronavirus pandemic had shut schools.", ["COVID-19"]),
    ("The governor promised to protect voting rights in rural counties.", ["voting rights"]),
    ("Editors said press freedom was under threat.", ["press freedom"]),
    ("The judges defended the rule of law.", ["rule of law"]),
    ("Norway has serious reservations about the JCPOA.", ["Iran nuclear deal"]),          # its common name
])
def test_lexicon_topics_under_their_own_names(nlp, issue_matcher, text, expected):
    assert [h.label for h in issue_matcher(nlp(text))] == expected


@pytest.mark.parametrize("text, issue", [
    ("Senator Ann Varga said the Tallinn Fisheries Accords would cost jobs in the fishing towns.",
     "Tallinn Fisheries Accords"),
    ("Senator Ann Varga said the Baltic Energy Forum had failed the fishing towns.", "Baltic Energy Forum"),
])
def test_an_issue_the_recogniser_calls_an_organisation_is_no_actor(analyse_text, text, issue):
    result = analyse_text(text, dt.datetime(2022, 6, 1, tzinfo=dt.timezone.utc))
    assert issue in [m.label for m in result.issue_mentions]
    assert [m.name for m in result.actor_mentions] == ["Ann Varga"]


def test_an_issue_named_organisation_and_its_acronym_are_no_actor(analyse_text):
    text = ("Senator Ann Varga said the Partnership for Nordic Fisheries and Investment (PNFI) had failed the "
            "fishing towns. PNFI has spent little in the north.")
    result = analyse_text(text, dt.datetime(2022, 6, 1, tzinfo=dt.timezone.utc))
    assert "Partnership for Nordic Fisheries and Investment" in [m.label for m in result.issue_mentions]
    assert {m.name for m in result.actor_mentions} == {"Ann Varga"}
