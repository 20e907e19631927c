"""Who speaks and who commits in texts an official issues (press releases, briefing transcripts), end to end
through ``analyse`` on the real spaCy model. Every text is made up."""
from __future__ import annotations

import datetime as dt

import pytest

from communique.transforms.actors import PERSON, DocActors
from communique.transforms.issuers import author_actor, official_title, title_author

PUBLISHED = dt.datetime(2022, 6, 1, tzinfo=dt.timezone.utc)


@pytest.fixture
def run(analyse_text):
    return lambda text, author=None: analyse_text(text, PUBLISHED, author)


def _commitments(result):
    return [(c.committer_names, c.action) for c in result.commitments]


# ------------------------------------------------------------- the official who issues a text, or a byline

@pytest.mark.parametrize("role, expected", [
    ("Secretary of State", "Secretary of State"),
    ("Department Spokesperson", "Department Spokesperson"),
    ("Acting Assistant Secretary  Bureau of Arctic Affairs", "Acting Assistant Secretary  Bureau of Arctic Affairs"),
    ("Prime Minister", "Prime Minister"),
    ("Staff Writer", None),
    ("Washington Bureau Chief", None),
    ("Northern Forces Press Service", None),
    ("Chief Political Correspondent", None),
    ("Reuters", None),
])
def test_official_title_of_an_author(role, expected):
    assert official_title(role) == expected


def test_a_byline_inside_the_text_names_no_actors(analyse_text):
    text = ("Prosecutors in Oslo dropped the case on Tuesday, the court said.\n\n"
            "Analysis\n\n"
            "Ann Varga, Nordic Herald diplomatic correspondent\n\n"
            "With the case closed in Norway, Tom Reyes now faces charges in Denmark, where prosecutors said they "
            "would seek his arrest.\n")
    result = analyse_text(text, PUBLISHED)
    names = {m.name for m in result.actor_mentions}
    assert "Ann Varga" not in names and "Nordic Herald" not in names
    assert "Tom Reyes" in names


@pytest.mark.parametrize("line, expected", [
    ("Ann Varga, Nordic Herald diplomatic correspondent", ["Ann Varga", "Nordic Herald"]),
    ("By Tom Reyes, Staff Writer", ["Tom Reyes"]),
    ("Antony J. Blinken, Secretary of State", []),           # an official who issues the text
    ("Paris, France", []),
])
def test_inline_bylines(line, expected):
    from communique.transforms.issuers import inline_bylines
    assert inline_bylines("Some text.\n" + line + "\nMore text.") == expected


@pytest.mark.parametrize("title, expected", [
    ("U.S. Secretary of State", "USA"),
    ("Canadian Foreign Minister", "CAN"),
    ("Minister of Foreign Affairs of Japan", "JPN"),
    ("Secretary of State", "USA"),
    ("Deputy Secretary of State", "USA"),
    ("Secretary of State for Foreign and Commonwealth Affairs", None),
    ("Governor of the State of New York", None),
    (None, None),
])
def test_the_country_an_officials_title_names(title, expected):
    from communique.transforms.issuers import title_country
    assert title_country(title) == expected


@pytest.mark.parametrize("title, expected", [
    ("Statement from President Joe Biden on the December Jobs Report", "Joe Biden, President"),
    ("Statement by President Biden on Nord Stream 2", "Joe Biden, President"),       # the office holder
    ("Statement by NSC Spokesperson Ann Varga on the Summit\\", "Ann Varga, NSC Spokesperson"),
    ("Statement from White House Press Secretary Ivo Lund-Reyes", "Ivo Lund-Reyes, White House Press Secretary"),
    ("Statement by Vice President Kamala Harris Marking Equal Pay Day", "Kamala Harris, Vice President"),
    ("Statement from the Press Secretary", None),                   # no name
    ("Joint Statement of the Leaders of Denmark and Norway", None),
    ("Statement by President Reyes on the Floods", None),             # a surname no table knows
    ("Readout of President Biden's Call with Prime Minister Ann Varga", None),
])
def test_the_issuer_a_statement_title_names(title, expected):
    assert title_author(title, dt.date(2022, 2, 23)) == expected


def test_a_statement_release_in_its_issuers_voice_is_their_statement(analyse_text):
    text = ("Today, my Administration is cancelling the debts of 20,000 more borrowers. We will keep working.\n\n"
            "Congress should act on the rest.\n")
    result = analyse_text(text, PUBLISHED, title="Statement from President Joe Biden on Student Debt Relief")
    first = result.statements[0]
    assert (first.speaker_name, first.cue, first.cue_source, first.event_type) == (
        "Joe Biden", "Statement", "title", "STATEMENT")
    assert first.content == "Today, my Administration is cancelling the debts of 20,000 more borrowers. We will keep " \
                            "working."
    assert (first.speaker_start, first.cue_start, first.speaker_text) == (None, None, "President Joe Biden")
    assert [c.committer_names for c in result.commitments] == [["United States"]]
    assert result.commitments[0].statement_id == first.statement_id


def test_a_statement_release_whose_first_person_comes_later(analyse_text):
    text = ("Fifty years ago today, the harbour of Odense opened to the world.\n\nIt is one of my favourite places, "
            "and I will visit it again this summer.\n")
    result = analyse_text(text, PUBLISHED, title="Statement from President Joe Biden on the Harbour of Odense")
    assert (result.statements[0].cue_source, result.statements[0].content) == (
        "title", "Fifty years ago today, the harbour of Odense opened to the world.")


def test_a_readout_issued_as_a_statement_has_no_statement_row_of_its_own(analyse_text):
    text = "National Security Advisor Ivo Lund met today with Foreign Minister Ann Varga of Denmark.\n"
    result = analyse_text(text, PUBLISHED, title="Statement by NSC Spokesperson Tom Reyes on Ivo Lund's Meeting")
    assert "title" not in [s.cue_source for s in result.statements]


@pytest.mark.parametrize("author, title", [
    ("Jane Q. Official, Secretary of State", "Secretary of State"),
    ("Jane Q. Reporter, Staff Writer", None),
    ("Jane Q. Reporter", None),
])
def test_author_actor_keeps_an_official_title(author, title):
    ref = author_actor(author)
    assert (ref.actor_type, ref.title) == (PERSON, title)


def test_an_officials_release_names_the_official_as_an_actor(run):
    text = ("Mara Lind, Secretary of State\n\nThe United States welcomes the ceasefire agreed in Geneva. "
            "Secretary Lind will travel to the region next week to meet the parties.")
    result = run(text, "Mara Lind, Secretary of State")
    assert "Mara Lind" in {m.name for m in result.actor_mentions}


def test_a_journalists_byline_is_still_no_actor(run):
    text = ("Mara Lind, Staff Writer\n\nThe ceasefire agreed in Geneva held overnight, officials said on "
            "Tuesday, and aid convoys reached the border town for the first time in a month.")
    result = run(text, "Mara Lind, Staff Writer")
    assert "Mara Lind" not in {m.name for m in result.actor_mentions}


BRIEFING = ("MS. ORTEGA: Thank you all for joining. Ambassador Park will start with some opening remarks, "
            "and then we will take your questions.\n\n"
            "AMBASSADOR PARK: Thanks very much. We remain committed to a serious and sustained dialogue "
            "with Pyongyang.\n\n"
            "We are prepared to meet without preconditions. I would defer to my colleagues in New York on the "
            "sanctions.\n\n"
            "QUESTION: This is Min-ji Park from the Daily Harbour. Will the talks resume this year?\n\n"
            "AMBASSADOR PARK: Thanks, Ms. Park. We will keep working with our allies on that.\n")


def test_a_bare_surname_in_an_officials_briefing_is_the_official(run):
    """Two people share the surname; the label is the official's, not the reporter's named just before."""
    result = run(BRIEFING, "Sung-ho Park, Special Representative")
    labels = [s for s in result.statements if s.cue == ":" and s.speaker_text == "AMBASSADOR PARK"]
    assert labels and {s.speaker_name for s in labels} == {"Sung-ho Park"}


# --------------------------------------------------------------- commitments in a transcript's turns

def test_we_in_a_transcript_turn_commits_the_turns_speaker(run):
    result = run(BRIEFING, "Sung-ho Park, Special Representative")
    got = _commitments(result)
    assert (["Sung-ho Park"], "meet without preconditions") in got
    assert (["Sung-ho Park"], "keep working with our allies on that") in got
    assert not [c for c in got if c[1].startswith("defer")]          # "I would defer": politeness


def test_we_together_in_a_talk_commits_both_sides(run):
    """'We will continue to work together on ...' in a talk between a Norwegian and a Danish leader: both
    countries; a "we" with no "together" stays the speaker's country."""
    text = ("Norwegian Prime Minister Ann Varga met Danish Prime Minister Ivo Lund in Oslo on Friday for talks on "
            "trade, energy and the fisheries of the North Sea.\n\n"
            "PRIME MINISTER VARGA:  Welcome to Oslo, Ivo.  We have a lot of work ahead of us on the fisheries.\n\n"
            "PRIME MINISTER LUND:  Thank you, Ann.  We will continue to work together on the fisheries and on "
            "energy.  And we will also open a new consulate in Bergen next year.\n")
    got = _commitments(run(text))
    assert (["Denmark", "Norway"], "continue to work together on the fisheries and on energy") in [
        (sorted(c), a) for c, a in got]
    assert (["Denmark"], "open a new consulate in Bergen next year") in got


@pytest.mark.parametrize("text, expected", [
    ("Foreign Minister Sergey Lavrov said: \"I would defer to the experts on the numbers.\"", []),
    ("Foreign Minister Sergey Lavrov said: \"We would welcome talks in Geneva.\"", []),
    ("Russian Foreign Minister Sergey Lavrov said: \"I told them we would send observers.\"",
     [(["Russia"], "send observers")]),
], ids=["i-would-defer", "we-would-welcome", "reported-would"])
def test_a_speakers_own_would_is_no_promise_unless_reported(run, text, expected):
    assert _commitments(run(text)) == expected


# ------------------------------------------------------------------------ titles and named role phrases

@pytest.mark.parametrize("text, name, title, country", [
    ("U.S. Ambassador to Russia John Sullivan spoke.", "John Sullivan", "Ambassador to Russia", "USA"),
    ("Special Representative for the DPRK Ambassador Sung Kim spoke.", "Sung Kim",
     "Special Representative for the DPRK Ambassador", None),
    ("Ambassador to the EU Mark Gitenstein spoke.", "Mark Gitenstein", "Ambassador to the EU", None),
    ("Russian Foreign Minister Sergey Lavrov spoke.", "Sergey Lavrov", "Foreign Minister", "RUS"),
    ("President of Serbia Marko Jovanovic: Thank you all, friends.", "Marko Jovanovic", "President of Serbia", "SRB"),
    ("Prime Minister of the Netherlands Mark Rutte spoke.", "Mark Rutte", "Prime Minister of the Netherlands", "NLD"),
    ("Mr Putin asked the border guards to act at once.", "Putin", None, None),
], ids=["ambassador-to", "representative-for-the", "ambassador-to-the", "demonym", "president-of-country",
        "prime-minister-of-the", "mr-without-stop"])
def test_a_portfolio_in_a_title_is_no_nationality(nlp, text, name, title, country):
    person = next(m.actor for m in DocActors(nlp(text)).mentions if m.actor.actor_type == PERSON)
    assert (person.name, person.title, person.country) == (name, title, country)


@pytest.mark.parametrize("text, speaker", [
    ("The U.S. envoy to the Balkans, Gabriel Escobar, said Serbia must act.", "Gabriel Escobar"),
    ("Special Representative for the DPRK Ambassador Sung Kim said the talks could resume.", "Sung Kim"),
    ("Rice met Lavrov. The secretary and her counterpart from Germany, Frank-Walter Steinmeier, said "
     "the talks went well.", None),
], ids=["appositive", "title-phrase", "coordinated-is-not-one-person"])
def test_a_role_noun_speaks_for_the_person_its_phrase_names(run, text, speaker):
    said = [s for s in run(text).statements if s.cue == "said"]
    assert [s.speaker_name for s in said] == [speaker]


PRESSER = ("SECRETARY LIND: Good morning, everyone, and thank you for coming to the press availability.\n\n"
           "FOREIGN MINISTER OKAFOR: Thank you, Mara. We will open a new consulate in Lagos next year.\n\n"
           "QUESTION: Thank you. I wonder whether the consulate will issue visas.\n\n"
           "SECRETARY LIND: We will visit Abuja together in March.\n")


def test_a_turn_under_a_label_the_text_names_no_one_by_is_still_not_the_authors(run):
    result = run(PRESSER, "Mara Lind, Secretary of State")
    got = {(s.speaker_text, s.cue): s.speaker_name for s in result.statements}
    assert got[("I", "wonder")] is None                                   # the reporter, not the author
    assert got[("FOREIGN MINISTER OKAFOR", ":")] == "Okafor"
    assert (["Okafor"], "open a new consulate in Lagos next year") in _commitments(result)
    assert (["United States"], "visit Abuja together in March") in _commitments(result)      # a US secretary's "we"


@pytest.mark.parametrize("label, name, title", [
    ("SECRETARY GENERAL STOLTENBERG", "Stoltenberg", "Secretary General"),
    ("FOREIGN MINISTER JOLY", "Joly", "Foreign Minister"),
    ("MR ICE", "Ice", None),
    ("MS. PORTER", "Porter", None),
    ("PRESIDENT ANA DRITA", "Ana Drita", "President"),
    ("President of Russia Ivan Petrov", "Ivan Petrov", "President of Russia"),
    ("PRESIDENT OF FINLAND ANA DRITA", "Ana Drita", "President of Finland"),
    ("TAOISEACH MORAN", "Moran", "Taoiseach"),                      # the Irish head of government
])
def test_titled_label(label, name, title):
    from communique.transforms.layout_attribution import titled_label
    ref = titled_label(label)
    assert (ref.name, ref.actor_type, ref.title) == (name, PERSON, title)


INDENTED = ("Oval Office\n\n"
            "PRESIDENT BIDEN:  Well, it is good to have my friend the Prime Minister here again.  We will talk "
            "about trade this morning.\n  \n"
            "     PRIME MINISTER TOMAS BRANDT:  Thank you, Mr. President.  We will send a trade delegation to "
            "Ohio in the spring.\n")


def test_indented_labels_open_turns_and_a_label_by_office_and_surname_is_the_holder(run):
    result = run(INDENTED)
    got = {(s.speaker_text, s.cue): s.speaker_name for s in result.statements}
    assert got[("PRESIDENT BIDEN", ":")] == "Joe Biden"             # the US President on 2022-06-01
    assert got[("PRIME MINISTER TOMAS BRANDT", ":")] == "Tomas Brandt"   # the label after a line of spaces
    assert (["Tomas Brandt"], "send a trade delegation to Ohio in the spring") in _commitments(result)


@pytest.mark.parametrize("label", ["QUESTION", "MODERATOR", "THE PRESIDENT", "Q", "SENATOR", "DUNN", "Mike Dunn",
                                   "SENIOR ADMINISTRATION OFFICIAL"])
def test_titled_label_needs_a_title_and_a_name(label):
    from communique.transforms.layout_attribution import titled_label
    assert titled_label(label) is None


# ------------------------------------------------------- speeches and interpreted transcripts (made-up texts)

SPEECH = ("President Maria Santos opened the regional trade forum on Tuesday in the port city, where ministers of "
          "eleven countries are meeting this week.\n\n"
          "President of Chile Maria Santos: Good afternoon, colleagues,\n\n"
          "We will open two new border crossings next year. I would like to stress that trade has grown by a "
          "third.\n\n"
          "I want to thank the organisers of the forum for their hospitality.\n")


def test_one_label_that_opens_a_speech_makes_its_first_person_the_speaker(run):
    result = run(SPEECH)
    got = [(s.speaker_text, s.cue, s.speaker_name) for s in result.statements]
    assert ("President of Chile Maria Santos", ":", "Maria Santos") in got
    assert ("I", "thank", "Maria Santos") in got                       # an act in the turn: a row of its own
    assert not [g for g in got if g[1] == "stress"]                    # a plain remark: the turn says it
    assert not [g for g in got if g[1] in ("like", "want")]          # the wish to speak is no cue of its own
    assert (["Chile"], "open two new border crossings next year") in _commitments(result)


def test_a_single_label_line_in_a_story_opens_no_turn(run):
    text = ("Mike Dunn: Voters Worried About Taxes In Coastal Towns\n\n"
            "The mayor said the budget would pass. We are told that the council will meet again on Friday to "
            "vote on the plan, which has divided the town for a year.\n")
    assert [s.speaker_name for s in run(text).statements if s.speaker_text == "We"] in ([], [None])


INTERPRETED = ("Maria Santos met Prime Minister of Portugal Tomas Brandt in the capital.\n\n"
               "Maria Santos: Mr Prime Minister, welcome to the capital. We are glad to see you.\n\n"
               "Prime Minister of Portugal Tomas Brandt (retranslated): Thank you.\n\n"
               "We will send a trade delegation in the spring.\n\n"
               "Maria Santos: True.\n\n"
               "I think our ministers will agree on the details.\n")


def test_interpreted_and_short_labels_open_turns(run):
    result = run(INTERPRETED)
    got = {(s.speaker_text, s.cue): s.speaker_name for s in result.statements}
    assert got[("I", "think")] == "Maria Santos"                       # after the short "Maria Santos: True."
    assert (["Portugal"], "send a trade delegation in the spring") in _commitments(result)


def test_a_speaker_label_is_a_sentence_of_its_own(nlp):
    doc = nlp("Intro.\n\nVladimir Putin: I would like to report on the building of the new bridge.")
    assert [s.text.strip() for s in doc.sents][1:] == [
        "Vladimir Putin:", "I would like to report on the building of the new bridge."]


@pytest.mark.parametrize("text, expected", [
    ("Foreign Minister Sergey Lavrov reported on the progress of the talks in Geneva.",
     ("Sergey Lavrov", "reported", "the progress of the talks in Geneva")),
    ("The governor has also commented on the flooding.", ("The governor", "commented", "the flooding")),
], ids=["reported-on", "commented-on"])
def test_report_on_takes_its_topic_as_content(run, text, expected):
    assert [(s.speaker_text, s.cue, s.content) for s in run(text).statements] == [expected]


# ------------------------------------------------------------------ organisations and their spokespeople

@pytest.mark.parametrize("text, speaker, event_type", [
    ("General Motors is cutting 2,400 jobs at its plant in Ohio, according to a memo seen by reporters on "
     "Thursday. A General Motors spokesperson said the cuts were needed.", "General Motors", "STATEMENT"),
    ("A spokesperson for the Norwegian Foreign Ministry repeated on Monday that the embassy would stay open.",
     "Norwegian Foreign Ministry", "STATEMENT"),
    ("General Motors is cutting 2,400 jobs at its plant in Ohio, according to a memo seen by reporters on "
     "Thursday. Asked about the plant, General Motors declined to comment further.", "General Motors", "STATEMENT"),
], ids=["org-spokesperson", "spokesperson-for", "declined-to-comment-repeated-org"])
def test_an_organisation_speaks_through_its_spokespeople(run, text, speaker, event_type):
    last = run(text).statements[-1]
    assert (last.speaker_name, last.event_type) == (speaker, event_type)


@pytest.mark.parametrize("text, event_type", [
    ("Russia declined to sign the treaty.", "REJECT"),
    ("The ministry declined to address the report on Monday.", "STATEMENT"),
    ("The ministry declined to explain why the talks had stalled.", "STATEMENT"),
], ids=["declined-to-sign", "declined-to-address", "declined-to-explain"])
def test_declining_to_act_is_a_rejection_declining_to_speak_is_not(run, text, event_type):
    st, = run(text).statements
    assert st.event_type == event_type


def test_a_pronoun_after_a_quote_is_not_someone_the_quote_names(run):
    text = ("Press secretary Laura Fenn spoke to reporters on Monday. “Ambassador Paul Weber "
            "confirmed under oath that there was no quid pro quo,” she said.")
    said = [s for s in run(text).statements if s.cue == "said"]
    assert [(s.speaker_text, s.speaker_name) for s in said] == [("she", "Laura Fenn")]


def test_an_organisations_possessive_is_the_organisation(nlp):
    doc = nlp("General Motors’s board met on Monday. General Motors said it would cut jobs.")
    assert {m.actor.name for m in DocActors(doc).mentions} == {"General Motors"}


def test_a_long_title_label_naming_no_known_person_still_ends_the_previous_turn(run):
    text = ("Maria Santos met the visiting president in the capital on Friday for talks on trade, energy and "
            "the new border crossings between the two countries.\n\n"
            "Maria Santos: Welcome to the capital, we are glad to see you here.\n\n"
            "President of the Republic of Utopia Qwerty\nXyzzy-Plugh (retranslated): Thank you.\n\n"
            "We hope that our neighbours will stand with us.\n")
    got = {(s.speaker_text, s.cue): s.speaker_name for s in run(text).statements}
    assert got.get(("We", "hope")) in (None, "Qwerty Xyzzy-Plugh")     # not Maria Santos's turn running on


@pytest.mark.parametrize("text, cue, speaker", [
    ("Russian President Vladimir Putin met Azerbaijani President Ilham Aliyev in Sochi on Friday for talks on the "
     "region. Mediation would continue, the Russian leader said.", "said", "Vladimir Putin"),
    ("Russian President Vladimir Putin met Azerbaijani President Ilham Aliyev in Sochi on Friday. The Russian side "
     "reaffirmed that it was ready to mediate.", "reaffirmed", "Russia"),
    ("The firm that organises the festival, Harbor Lane Productions, denied the claim on Friday.", "denied",
     "Harbor Lane Productions"),
    ("Another diplomat, former trade envoy Peter Lund, said he had not known.", "said", "Peter Lund"),
    ("Republican Gov. Ann Varga skipped the rally. Teachers did not see Varga at the Statehouse on Tuesday. The "
     "governor said she was waiting for a pay commission.", "said", "Ann Varga"),
    ("The state's schools Superintendent Jo Lund has cited a survey showing the state lagging behind.", "cited",
     "Jo Lund"),
    ("Governor Ann Varga did not attend the rally. Her office said she was traveling to Florida.", "said",
     "Ann Varga"),
], ids=["the-russian-leader", "the-russian-side", "apposed-organisation", "apposed-person", "gov-abbreviated",
        "superintendent-is-a-title", "her-office"])
def test_descriptions_and_appositions_name_the_speaker(run, text, cue, speaker):
    got = [s.speaker_name for s in run(text).statements if s.cue == cue]
    assert got == [speaker]


@pytest.mark.parametrize("text, name", [
    ("Morgan reached for the receiver and rang Taylor Smith at home.", "Taylor Smith"),
    ("Nicolas Jarry 6-4 beat the Spaniard on Monday in Madrid.", "Nicolas Jarry"),
    ("It was Trump’s July 25 call that mattered.", "Trump"),
], ids=["verb-before-name", "score-after-name", "possessive-then-date"])
def test_a_persons_name_takes_no_verb_score_or_date(nlp, text, name):
    assert name in {m.actor.name for m in DocActors(nlp(text)).mentions if m.actor.actor_type == PERSON}


def test_a_dateline_is_neither_actor_nor_speaker(run):
    text = ("TOLEDO, Ohio — Before the match, coach Anna Berg voiced trust in her squad, saying the players had "
            "recovered after a slow start to the season.\n\n"
            "WASHINGTON (AP) — The Senate said on Tuesday it would vote next week on the bill.")
    result = run(text)
    assert {m.name for m in result.actor_mentions} & {"Toledo", "TOLEDO", "AP", "WASHINGTON", "Washington"} == set()
    assert "TOLEDO" not in {s.speaker_text for s in result.statements}


# ------------------------------------------------------------------ speech acts still to come: commitments

@pytest.mark.parametrize("sentence, statement, commitment", [
    ("Next week the Biden administration will announce its plan for the region.", None,
     (["United States"], "announce its plan for the region")),
    ("On Monday, Modi government officials will brief the committee on the review.", None,
     (["India"], "brief the committee on the review")),
    ("President Obama will tell the assembly that the war is over.", "tell", None),       # what he is to say
    # a speech act to come with no object, of the person a relative clause is about
    ("Former envoy Ann Morton, who will testify on Thursday, arrived in Washington.", None,
     (["Ann Morton"], "testify on Thursday")),
    ("President Obama announced a new strategy for the region.", "announced", None),       # said already
])
def test_a_speech_act_to_come_is_a_commitment_not_a_statement(analyse_text, sentence, statement, commitment):
    result = analyse_text(sentence, dt.datetime(2016, 3, 1, tzinfo=dt.timezone.utc))
    assert [s.cue for s in result.statements] == ([statement] if statement else [])
    assert _commitments(result) == ([commitment] if commitment else [])


@pytest.mark.parametrize("sentence, commitment", [
    ("The United States is committing $14 million toward a study of the site.",
     (["United States"], "committing $14 million toward a study of the site")),
    ("Canada committed new funding to the clinics.", (["Canada"], "committed new funding to the clinics")),
    ("Canada announced its intention to build four ports on the coast.", (["Canada"], "build four ports on the coast")),
    ("The soldier committed a crime.", None),
    ("Russian leaders oppose the U.S. plan to base interceptors in Poland.", None),     # a plan others oppose
])
def test_resources_committed_and_an_intention_announced(analyse_text, sentence, commitment):
    result = analyse_text(sentence, dt.datetime(2022, 6, 26, tzinfo=dt.timezone.utc))
    assert _commitments(result) == ([commitment] if commitment else [])


@pytest.mark.parametrize("label", ["QUESTION", "MODERATOR"])
def test_a_questions_label_makes_no_statement(run, label):
    text = ("SECRETARY LIND: Good morning, everyone. We opened the new consulate in Lagos last week.\n\n"
            f"{label}: Will the new consulate in Lagos issue visas to students this year?\n\n"
            "SECRETARY LIND: It will, from March.\n")
    assert [(s.speaker_text, s.speaker_name) for s in run(text, "Mara Lind, Secretary of State").statements] == [
        ("SECRETARY LIND", "Mara Lind"), ("SECRETARY LIND", "Mara Lind")]


def test_a_speaker_reports_what_they_said_before_inside_their_turn(run):
    text = ("PRESIDENT LUND: Welcome. We owe a lot to the harbour. And I said, “Because we are a seafaring nation, "
            "we will build it.” As I said, the plan is good. I think it works.\n\n"
            "PRIME MINISTER VARGA: Thank you, Mr. President. The plan for the harbour is a fine plan.\n")
    rows = [(s.speaker_name, s.cue) for s in run(text).statements]
    assert rows == [("Lund", ":"), ("Lund", "said"), ("Varga", ":")]      # not "As I said", not "I think"


def test_a_list_of_names_and_charges_is_no_transcript(run):
    text = ("Police arrested four people on Tuesday, Chief Ann Lee said.\n\n"
            "Ivo Lund: Theft of a bicycle, trespassing on railway land, released on $500 bond.\n\n"
            "Tom Reyes: Two counts of fraud, one warrant from another county, held on $10,000 bond.\n\n"
            "Mara Lind: Shoplifting, released without bond.\n")
    assert [(s.speaker_name, s.cue) for s in run(text).statements] == [("Ann Lee", "said")]


@pytest.mark.parametrize("sentence, act", [
    ("The Vice President announced the United States will provide $10 million for new clinics.", "AGREE"),
    ("The Vice President reaffirmed that the United States will provide $10 million for new clinics.", "AGREE"),
    ("The Vice President said the United States will provide $10 million for new clinics.", "STATEMENT"),
])
def test_an_official_announcing_their_countrys_commitment_agrees(analyse_text, sentence, act):
    text = "Vice President Kamala Harris met President Ivo Lund in Lusaka on Friday. " + sentence
    result = analyse_text(text, dt.datetime(2023, 3, 31, tzinfo=dt.timezone.utc))
    assert [(s.speaker_name, s.event_type) for s in result.statements][-1] == ("Kamala Harris", act)


def test_a_release_reprinted_under_its_heading_speaks_for_the_person_it_names(run):
    text = ("The premier of the islands was detained abroad on Thursday, and Governor John Miller announced the "
            "arrest in a written notice on Friday, calling for calm.\n\n"
            "He said the inquiry into governance on the islands would go on as planned.\n\n"
            "Statement from the Governor's Office – John Miller\n\n"
            "I want to tell the people of the islands what has happened. I will publish the full report of the "
            "inquiry next month.\n")
    result = run(text)
    assert [(s.speaker_text, s.speaker_name) for s in result.statements][-1] == ("I", "John Miller")
    assert (["John Miller"], "publish the full report of the inquiry next month") in _commitments(result)


# ------------------------------------------------------------------ an interviewer the headline names (made up)

@pytest.mark.parametrize("headline, expected", [
    ("Secretary Mara Lind With Tom Keller of Channel Nine Evening News", "Tom Keller"),
    ("Secretary Lind's Interview With KXTV's Ana Brandt", "Ana Brandt"),
    ("Secretary Mara Lind Interviewed by Paul D. Moran", "Paul D. Moran"),
    ("Secretary Mara Lind With Foreign Minister Okafor Before Their Meeting", None),
    ("Secretary Mara Lind With Nigerian Foreign Minister Okafor", None),
    ("Secretary Mara Lind at a Press Availability", None),
])
def test_interviewer_name(headline, expected):
    from communique.transforms import countries, lexicons
    from communique.transforms.speaker_labels import interviewer_name
    assert interviewer_name(headline, lambda w: lexicons.is_title(w) or countries.lookup(w) is not None) == expected


@pytest.mark.parametrize("turn, expected", [
    ("Secretary, thank you for joining us tonight.  We all know the talks have stalled twice.  Will they resume?",
     True),
    ("Will the talks resume in March?", False),
    ("Secretary Lind, thank you for joining us here tonight.", False),
    ("Will the U.S. sanction the minister —", False),
    ("But bottom line:  If the talks fail, what then?", False),
])
def test_claims_something(turn, expected):
    from communique.transforms.speaker_labels import claims_something
    assert claims_something(turn) is expected


INTERVIEW = ("Mara Lind, Secretary of State\n\n"
             "QUESTION:  Secretary, thank you for joining us.  We all know the talks in Geneva have stalled twice.  "
             "The President was asked today about the border, and he said, \u201cWe will defend every village.\u201d  "
             "Is that a promise?\n\n"
             "SECRETARY LIND:  Tom, it is.  The President has been clear about that, and we will keep our word.\n\n"
             "QUESTION:  Will the talks resume in March?\n\n"
             "SECRETARY LIND:  I expect they will, and we are ready for them.\n")


def test_the_headline_names_who_asks_the_questions(analyse_text):
    result = analyse_text(INTERVIEW, PUBLISHED, "Mara Lind, Secretary of State",
                          "Secretary Mara Lind With Tom Keller of Channel Nine Evening News")
    got = [(s.speaker_text, s.cue, s.speaker_name) for s in result.statements]
    assert [g for g in got if g[0] == "QUESTION"] == [("QUESTION", ":", "Tom Keller")]   # the turn that claims
    assert ("he", "said", "Tom Keller") not in got           # no one calls themselves "he"
    assert ["Tom Keller"] not in [c.committer_names for c in result.commitments]     # the quoted "we" is not his
    assert "QUESTION" not in {m.name for m in result.actor_mentions if m.name != "Tom Keller"} | {
        m.name for m in result.actor_mentions}


BILATERAL = ("Antony J. Blinken, Secretary of State\n\n"
             "FOREIGN MINISTER BRANDT:  Good morning to all of you.  Secretary Blinken and I have known each other for "
             "years.  "
             "We will discuss the fisheries agreement this morning, and we will fix the mistakes of the past "
             "together.\n\n"
             "SECRETARY BLINKEN:  Thank you, Tomas.  We will send a trade delegation to Oslo in May.\n")


def test_the_we_of_an_act_two_sides_do_together_is_both_countries(analyse_text):
    headline = "Secretary Antony J. Blinken And Norwegian Foreign Minister Tomas Brandt Before Their Meeting"
    result = analyse_text(BILATERAL, PUBLISHED, "Antony J. Blinken, Secretary of State", headline)
    got = {c.action: sorted(c.committer_names) for c in result.commitments}
    assert got["discuss the fisheries agreement this morning"] == ["Norway", "United States"]    # a joint act
    assert got["fix the mistakes of the past together"] == ["Norway", "United States"]
    assert got["send a trade delegation to Oslo in May"] == ["United States"]                    # one side's
    assert {s.speaker_name for s in result.statements if s.speaker_text.startswith("FOREIGN")} == {"Tomas Brandt"}
