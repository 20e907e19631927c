"""Findings, relative-clause reports, "as X noted", fact-sheet headings and named descriptions, end to end through
``analyse`` on the real spaCy model (made-up texts)."""
from __future__ import annotations

import datetime as dt

import pytest

PUBLISHED = dt.datetime(2023, 6, 1, tzinfo=dt.timezone.utc)


@pytest.fixture
def run(analyse_text):
    return lambda text, author=None, title=None: analyse_text(text, PUBLISHED, author, title)


def _rows(result):
    return [(s.speaker_name, s.cue, s.content) for s in result.statements]


# ----------------------------------------------------------------------------- a thing found is no finding

@pytest.mark.parametrize("text", [
    "A neighbour found the stolen van behind the library on Sunday.",
    "Rescuers found the hikers near the ridge after a long search.",
    "Many landlords have found ways to avoid the new rent rules.",
])
def test_finding_a_thing_reports_nothing(run, text):
    assert run(text).statements == []


@pytest.mark.parametrize("text, cue, content", [
    ("The audit found serious gaps in the county's payroll records.", "found",
     "serious gaps in the county's payroll records"),
    ("A state judge found the new zoning rule unconstitutional on Friday.", "found",
     "the new zoning rule unconstitutional"),
    ("The researchers found 40 percent of the wells were contaminated.", "found",
     "40 percent of the wells were contaminated"),
])
def test_a_finding_is_still_reported(run, text, cue, content):
    rows = _rows(run(text))
    assert [(c, t) for _, c, t in rows] == [(cue, content)]


# ------------------------------------------------------------------ "which it said ...": a report of its own

def test_a_relative_clause_report_inside_a_statement_is_a_statement(run):
    text = ("The Harbour Front said it had taken responsibility for sinking the patrol boat, which it said "
            "went down near Port Vale.")
    rows = _rows(run(text))
    assert ("Harbour Front", "said", "which it said went down near Port Vale") in rows
    assert rows[0][0] == "Harbour Front" and rows[0][2].startswith("it had taken responsibility")


def test_a_relative_clause_report_of_a_person(run):
    text = ("Coach Dana Whitfield met the board on Monday. Whitfield said the team had no money left for travel, "
            "which she said was the worst in a decade.")
    rows = _rows(run(text))
    assert ("Dana Whitfield", "said", "which she said was the worst in a decade") in rows


# ---------------------------------------------------------------------- "as X noted": a past tense, not a participle

@pytest.mark.parametrize("text, speaker, cue", [
    ("The fund lost a third of its value, as the Office of the State Comptroller for Public Accounts noted in "
     "March.", "Office of the State Comptroller for Public Accounts", "noted"),
    ("The valley has run out of water, as Mayor Helen Carter has plainly attested.", "Helen Carter", "attested"),
])
def test_as_x_noted_is_x_s_statement(run, text, speaker, cue):
    rows = _rows(run(text))
    assert [(n, c) for n, c, _ in rows] == [(speaker, cue)]


def test_asked_about_it_still_has_no_speaker_of_its_own(run):
    rows = _rows(run("Asked about the plant, the company declined to comment on its future."))
    assert all(c != "Asked" for _, c, _ in rows)


# ------------------------------------------------------------------------------ fact-sheet headings

def test_a_heading_before_a_colon_is_no_speaker(run):
    text = ("The Clean Harbors Initiative will fund local projects and set goals with each town.\n\n"
            "Immediate Priorities: The initiative will repair the sea wall and test the water every month.\n\n"
            "Longer-Term Goals: The initiative will train inspectors in every port town, among other priorities.")
    result = run(text)
    assert [s for s in result.statements if s.cue == ":"] == []
    assert not {m.name for m in result.actor_mentions} & {"Immediate Priorities", "Longer-Term Goals"}


def test_an_unknown_persons_label_still_opens_a_turn(run):
    text = ("Deputy Mayor Rosa Lind: Thank you all for coming. We will open the new clinic in May.\n\n"
            "Tomas Eberle: I run the bakery on Main Street and I think the clinic will help us all.\n\n"
            "Kasimir Ventrelli: My name is Kasimir Ventrelli and I run the tram depot.")
    turns = {s.speaker_text: s.speaker_name for s in run(text).statements if s.cue == ":"}
    assert {"Tomas Eberle", "Kasimir Ventrelli"} <= set(turns)
    assert turns["Kasimir Ventrelli"] == "Kasimir Ventrelli"        # a name the recogniser may miss


# ---------------------------------------------------------------------- "The suspect, Ann Lee," -> "the suspect"

def test_a_description_before_a_name_names_that_person_later(run):
    text = ("The suspect, Marcus Dell, was arrested at a motel on Friday. Police searched the room for hours. "
            "The suspect said he had never been to the town before.")
    rows = _rows(run(text))
    assert ("Marcus Dell", "said", "he had never been to the town before") in rows


# ---------------------------------------------------------------------- departments under their official names

def test_a_department_speaks_under_its_official_name(run):
    text = ("The Justice Department announced new rules for police grants on Tuesday. "
            "The department said the rules would take effect in July.")
    result = run(text)
    assert [s.speaker_name for s in result.statements] == ["U.S. Department of Justice"] * 2
    actor = next(m for m in result.actor_mentions if m.name == "U.S. Department of Justice")
    assert (actor.actor_type, actor.country) == ("ORG", "USA")


def test_officials_in_a_town_are_that_towns_officials(run):
    rows = _rows(run("As of Sunday, officials in besieged Mariupol said that 90 people had been killed."))
    assert rows[0][0] == "Mariupol officials"


def test_the_statement_speaks_for_whoever_just_spoke_in_it(run):
    text = ("Three sailors were hurt in a fire on a navy tanker, the Harbour Coast Guard said in a statement on "
            "Monday.\n\n\"The cause of the fire is not yet known,\" the statement said.\n\n"
            "It said the tanker would stay in port.")
    assert [s.speaker_name for s in run(text).statements] == ["Harbour Coast Guard"] * 3


def test_an_infinitive_joined_to_a_finite_cue_has_no_speaker(run):
    text = ("On Monday, Governor Ellen Park announced the launch of a fund to rebuild bridges, repair schools, "
            "and defend the rights of tenants in the county.")
    assert [s.cue for s in run(text).statements] == ["announced"]


@pytest.mark.parametrize("text, not_actors", [
    ("A ferry ran aground near the harbour on Sunday, the coast guard said.\n\nMan Shot at Harbour Gas Station "
     "Dies at Hospital\n\nThe captain said the engine had failed and no one was shot.",
     {"Man Shot", "Harbour Gas Station Dies at"}),
    ("The fund will open in May, the ministry said.\n\nProtecting Reporters, Civic Activists and Refugees: The fund "
     "will pay for legal aid, the ministry said.", {"Civic Activists"}),
])
def test_names_in_headings_are_no_actors(run, text, not_actors):
    assert not {m.name for m in run(text).actor_mentions} & not_actors


# ---------------------------------------------------------------------------------- a programme commits its government

def test_a_programme_commits_the_government_that_runs_it(run):
    text = ("Today the United States launches the Harbour Democracy Initiative (HDI) with $40 million.\n\n"
            "The HDI will fund local newspapers and train election monitors across the region.\n\n"
            "The Harbour Human Rights Act would impose sanctions on officials.")
    result = run(text, author="Antony J. Blinken, Secretary of State")
    assert [(c.committer_names, c.action[:19]) for c in result.commitments
            if "newspapers" in c.action or "sanctions" in c.action] == [(["United States"], "fund local newspape")]
    assert "HDI" not in {m.name for m in result.actor_mentions}


@pytest.mark.parametrize("text, cue, content", [
    ("Governor Ellen Park apologized for the long delays at the border on Friday.", "apologized",
     "for the long delays at the border"),
    ("Governor Ellen Park confessed to the bribery scheme on Friday.", "confessed", "to the bribery scheme"),
    ("Governor Ellen Park confessed that the budget had been cut.", "confessed", "that the budget had been cut"),
])
def test_apologies_and_confessions_are_statements(run, text, cue, content):
    assert _rows(run(text)) == [("Ellen Park", cue, content)]


def test_a_news_headline_label_is_no_person(run):
    text = "The Latest: Harbour Town votes on a new bridge\n\nThe mayor said the vote would be close."
    assert "The Latest" not in {s.speaker_name for s in run(text).statements}


# ------------------------------------------------------------- "The United States welcomes ..." in an official's words

def test_an_officials_own_country_speaks_in_the_officials_release(run):
    text = ("Mara Lind, Deputy Secretary of State\n\nThe United States welcomes the ceasefire agreed in Geneva. "
            "Russia rejected the offer of talks, the ministry said.")
    result = run(text, author="Mara Lind, Deputy Secretary of State")
    assert [(s.speaker_text, s.speaker_name, s.speaker_country) for s in result.statements if s.cue == "welcomes"] \
        == [("The United States", "Mara Lind", "USA")]


def test_a_country_in_a_news_report_stays_the_country(run):
    text = "The United States on Monday welcomed the ceasefire agreed in Geneva."
    assert "United States" in {s.speaker_name for s in run(text).statements}


def test_the_minister_is_the_one_the_headline_names(run):
    text = "Good afternoon.\n\nIt is a pleasure to be in Oslo, and as the Minister said, we signed two agreements today."
    result = run(text, author="Mara Lind, Deputy Secretary of State",
                 title="Remarks at a Press Availability with Norwegian Foreign Minister Ivo Lund")
    assert [(s.speaker_name, s.speaker_country) for s in result.statements if s.speaker_text == "the Minister"] == [
        ("Ivo Lund", "NOR")]


@pytest.mark.parametrize("text, expected", [
    ("Governor Ellen Park delivered opening remarks thanking the Senate for passing the bill.",
     ("Ellen Park", "thanking", "Ellen Park")),
    ("Members of Congress spoke about the bill after the meeting.", ("Members", "spoke", "members of Congress")),
])
def test_who_delivers_the_remarks_and_whose_members_speak(run, text, expected):
    assert expected in [(s.speaker_text, s.cue, s.speaker_name) for s in run(text).statements]


def test_an_indictment_speaks_for_the_agency_that_filed_it(run):
    text = ("The ring hired its drivers over the internet, the indictment from the Federal Bureau of Investigation "
            "said. Most drivers were paid in cash, the indictment added.")
    assert [s.speaker_name for s in run(text).statements] == ["Federal Bureau of Investigation"] * 2


def test_a_programme_with_no_government_named_still_commits(run):
    result = run("A National Sports Development Fund will be set up with a yearly budget of 500 million.")
    assert len(result.commitments) == 1


def test_a_turn_of_courtesy_alone_is_no_statement(run):
    text = ("PRESIDENT LUND: Welcome, Prime Minister. We will sign the fisheries accord today.\n\n"
            "PRIME MINISTER VARGA: No, thank you. Thank you very much.\n\n"
            "PRESIDENT LUND: That's right.\n\n"
            "PRIME MINISTER VARGA: Our fleets have waited for this accord for ten years.")
    assert [(s.speaker_text, s.content[:12]) for s in run(text).statements if s.cue == ":"] == [
        ("PRESIDENT LUND", "Welcome, Pri"), ("PRIME MINISTER VARGA", "Our fleets h")]


@pytest.mark.parametrize("description", ["The head of state", "The leader"])
def test_the_head_of_state_is_the_president_the_headline_names(run, description):
    text = ("The meeting reviewed the year's work of the customs service.\n\n"
            f"{description} stressed the service's role in stopping the smuggling of weapons.")
    result = run(text, title="President Ivan Sorokin attended a meeting of the Customs Service Board")
    assert [(s.speaker_name, s.cue) for s in result.statements] == [("Ivan Sorokin", "stressed")]


def test_the_head_of_an_agency_is_not_the_president(run):
    text = ("The meeting reviewed the year's work of the customs service.\n\n"
            "The head of the service stressed its role in stopping the smuggling of weapons.")
    result = run(text, title="President Ivan Sorokin attended a meeting of the Customs Service Board")
    assert "Ivan Sorokin" not in {s.speaker_name for s in result.statements}


def test_recommitting_to_an_action_is_a_commitment(run):
    result = run("“We recommit to building a fairer tax system,” Secretary Ann Vale said.")
    assert [(c.committer_names, c.action) for c in result.commitments] == [
        (["Ann Vale"], "building a fairer tax system")]


@pytest.mark.parametrize("url, speakers", [
    ("https://www.whitehouse.gov/briefings-statements/2026/08/lighthouse-day/", {"Donald Trump"}),
    ("https://example.org/2026/08/lighthouse-day/", set()),
])
def test_a_presidential_message_speaks_for_the_president_of_the_site(nlp, issue_matcher, url, speakers):
    from communique.schemas import Article
    from communique.transforms.analyse import analyse
    from communique.transforms.nlp_model import nlp_text

    text = ("Today, our Nation honors the keepers who guided sailors home along our coasts.\n\n"
            "My Administration is proud to restore the old lighthouses of the Great Lakes.")
    article = Article(article_id="a", url=url, text=text, text_source="file", title="America 250: Presidential "
                      "Message on National Lighthouse Day", published_at=dt.datetime(2026, 8, 7, tzinfo=dt.timezone.utc))
    result = analyse(nlp(nlp_text(text)), article, issue_matcher)
    assert {s.speaker_name for s in result.statements} & {"Donald Trump"} == speakers


@pytest.mark.parametrize("title, url, expected", [
    ("Presidential Message on Flag Day", "https://www.whitehouse.gov/x/", "Donald Trump, President"),
    ("America 250: Presidential Message on the Selma Marches", "https://whitehouse.gov/x/", "Donald Trump, President"),
    ("Presidential Message on Flag Day", "https://www.whitehouse.gov.example.com/x/", None),
    ("A Message on Flag Day", "https://www.whitehouse.gov/x/", None),
])
def test_message_author(title, url, expected):
    from communique.transforms.issuers import message_author

    assert message_author(title, url, dt.date(2026, 6, 14)) == expected
