"""Office holders named by title and surname only ("President Bush", "Secretary Rice"): the lexicon, the
matching of a text's title to an office, the publication date choosing among namesakes, and the names and
countries they give in ``analyse``'s output. Table-driven; the end-to-end case runs the real spaCy model."""
from __future__ import annotations

import datetime as dt

import pytest

from communique.transforms.actors import ActorRef
from communique.transforms.name_spans import titled_surnames
from communique.transforms.office_holders import (government_of, holders, holds_office, known_holder,
                                                  name_office_holders, parse_holders)

D = dt.date


@pytest.mark.parametrize("title, office, expected", [
    ("President", "president", True),
    ("Russian President", "president", True),
    ("Vice President", "president", False),
    ("President", "vice president", False),
    ("Vice President", "vice president", True),
    ("Secretary", "secretary of state", True),
    ("U.S. Secretary of State", "secretary of state", True),
    ("Defense Secretary", "secretary of defense", True),
    ("Defence Secretary", "secretary of defense", True),
    ("Defense Secretary", "secretary of state", False),
    ("Foreign Affairs Minister", "foreign minister", True),
    ("Minister", "foreign minister", True),
    ("Deputy Foreign Minister", "foreign minister", False),
    ("Prime Minister", "president", False),
    ("Former President", "president", False),
    ("former Secretary of State", "secretary of state", False),
])
def test_holds_office(title, office, expected):
    assert holds_office(title, office) is expected


@pytest.mark.parametrize("surname, title, day, expected", [
    ("Bush", "President", D(2007, 10, 12), ("George W. Bush", "USA")),
    ("Bush", "President", D(1991, 1, 1), ("George H. W. Bush", "USA")),
    ("Bush", "President", None, None),                        # two namesakes and no day to choose
    ("Clinton", "Secretary", D(2010, 1, 1), ("Hillary Clinton", "USA")),
    ("Clinton", "President", D(2010, 1, 1), None),           # out of office
    ("Putin", "Prime Minister", D(2010, 1, 1), ("Vladimir Putin", "RUS")),
    ("Putin", "President", D(2010, 1, 1), None),
    ("Gates", "Secretary", None, ("Robert Gates", "USA")),    # the only one there is
    ("Gates", None, D(2007, 1, 1), None),                     # no title, no office
    ("Nobody", "President", D(2007, 1, 1), None),
    ("Bush", "Former President", D(2007, 10, 12), None),      # a past holder: the table cannot tell which
])
def test_known_holder(surname, title, day, expected):
    holder = known_holder(surname, title, day)
    assert ((holder.name, holder.country) if holder else None) == expected


def test_the_shipped_table_parses_and_terms_are_ordered():
    table = holders()
    assert "Lavrov" in table and "Merkel" in table
    for rows in table.values():
        for h in rows:
            assert h.start is None or h.end is None or h.start < h.end
            assert h.country is None or len(h.country) == 3


def test_parse_holders_rejects_short_rows():
    assert parse_holders("Lund\tpresident\tIvo Lund\tDNK\t2001-01-01\n")[0].end is None
    with pytest.raises(ValueError):
        parse_holders("Lund\tpresident\n")


def test_name_office_holders():
    bush = ActorRef("Bush", "PERSON", title="President")
    biden = ActorRef("Joseph R. Biden", "PERSON", title="President")
    gates = ActorRef("Tom Gates", "PERSON", title="Secretary")
    name_office_holders([bush, biden, gates, bush], D(2022, 6, 1))
    assert (bush.name, bush.country) == ("Bush", None)                     # no President Bush in 2022
    assert (biden.name, biden.country) == ("Joseph R. Biden", "USA")        # the text's name, and a country
    assert (gates.name, gates.country) == ("Tom Gates", None)              # another given name: someone else


def test_office_holders_in_an_article(analyse_text):
    text = ("WASHINGTON, Oct. 12, 2007 – President Bush met with Secretary Rice and Defense Secretary Gates today. "
            "Rice said the talks were useful. President Bush and President Putin agreed to meet again next year.")
    result = analyse_text(text, dt.datetime(2007, 10, 12, tzinfo=dt.timezone.utc))
    assert [(s.speaker_name, s.cue) for s in result.statements] == [("Condoleezza Rice", "said"),
                                                                    ("George W. Bush", "agreed"),
                                                                    ("Vladimir Putin", "agreed")]     # a row each
    assert [c.committer_names for c in result.commitments] == [["United States", "Russia"]]
    names = {m.name for m in result.actor_mentions}
    assert {"George W. Bush", "Condoleezza Rice", "Robert Gates", "Vladimir Putin"} <= names
    assert "Defense" not in names


def test_a_former_holder_keeps_the_name_the_text_gives(analyse_text):
    text = "Former President Bush said the treaty was a mistake. President Putin said it was not."
    result = analyse_text(text, dt.datetime(2007, 10, 12, tzinfo=dt.timezone.utc))
    assert [s.speaker_name for s in result.statements] == ["Bush", "Vladimir Putin"]


@pytest.mark.parametrize("text, expected", [
    ("President Bush met with Secretary Rice and Defense Secretary Gates today.", ["Gates"]),
    ("General Prosecutor of Ukraine Iryna Stone spoke.", []),      # an office, not a surname
    ("The decision of President Monday was clear.", []),
    ("Secretary General Ivo Lund spoke.", []),                     # a title, then a name
])
def test_titled_surnames(nlp, text, expected):
    assert [sp.text for sp in titled_surnames(nlp(text))] == expected


def test_a_release_by_an_office_holder_commits_the_country(analyse_text):
    text = ("The United States stands with the people of Denmark after the floods of this week. We will help the "
            "families who lost their homes rebuild, and we will work with the government in Copenhagen on relief.")
    result = analyse_text(text, dt.datetime(2022, 6, 4, tzinfo=dt.timezone.utc),
                          author="Antony J. Blinken, Secretary of State")
    assert {tuple(c.committer_names) for c in result.commitments} == {("United States",)}


@pytest.mark.parametrize("surname, title, day, expected", [
    ("Sullivan", "National Security Adviser", D(2023, 4, 11), ("Jake Sullivan", "USA")),
    ("Rice", "National Security Advisor", D(2015, 1, 1), ("Susan Rice", "USA")),
    ("Rice", "Secretary", D(2015, 1, 1), None),
    ("Stoltenberg", "Secretary General", D(2022, 1, 1), ("Jens Stoltenberg", None)),
    ("Guterres", "UN Secretary-General", D(2022, 1, 1), ("António Guterres", None)),
])
def test_advisors_and_secretaries_general(surname, title, day, expected):
    holder = known_holder(surname, title, day)
    assert ((holder.name, holder.country) if holder else None) == expected


@pytest.mark.parametrize("name, expected", [
    ("the US Government", "USA"),
    ("UK Government", "GBR"),
    ("Government of India", "IND"),
    ("Government of the Republic of Moldova", "MDA"),
    ("The Russian government", "RUS"),
    ("the Obama administration", "USA"),          # a head of state's surname: that state's government
    ("the Biden-Harris Administration", "USA"),
    ("Modi government", "IND"),
    ("the city government", None),
    ("Small Business Administration", None),
    ("the Rice administration", None),            # a secretary of state, no head of government
    ("Government", None),
])
def test_a_government_is_its_country(name, expected):
    hit = government_of(name)
    assert (hit[0] if hit else None) == expected


@pytest.mark.parametrize("text, speaker", [
    ("Obama administration officials told reporters the sanctions would be lifted.", "United States"),
    ("The Modi government said it would build four new ports on the coast.", "India"),
    ("The UK Government said on Monday that it would send a team to the islands.", "United Kingdom"),
    ("The city government said it would repave the bridge.", None),
])
def test_a_government_or_its_officials_speak_for_the_country(analyse_text, text, speaker):
    result = analyse_text(text, dt.datetime(2016, 6, 4, tzinfo=dt.timezone.utc))
    assert [s.speaker_name for s in result.statements] == [speaker]
