"""Joint acts of the people who met, stance statements and commitment phrasings of readouts and press statements:
"They committed to ...", "We remain concerned about ...", "reaffirmed X's commitment to ensure ...", "the Vice
President" as opposed to "the President". End to end through ``analyse`` on the real spaCy model, and the pure
helpers on their own. Every name is made up."""
from __future__ import annotations

import datetime as dt

import pytest
from spacy.tokens import Doc, Span

from communique.transforms.actors import DocActors
from communique.transforms.article_body import body_span
from communique.transforms.learned_cues import learned_cue
from communique.transforms.name_spans import person_span, regnal_name, title_has

PUBLISHED = dt.datetime(2022, 6, 1, tzinfo=dt.timezone.utc)


@pytest.fixture
def run(analyse_text):
    return lambda text, author=None: analyse_text(text, PUBLISHED, author=author)


def _statements(result):
    return [(s.speaker_name, s.cue, s.event_type) for s in result.statements]


# ------------------------------------------------------------------------------------------- pure helpers

@pytest.mark.parametrize("title, words, expected", [
    ("President", "president", True),
    ("Vice President", "president", False),           # "the President" is not the Vice President
    ("Vice President", "vice president", True),
    ("Deputy Prime Minister", "prime minister", False),
    ("Prime Minister", "prime minister", True),
    ("President and Vice President", "president", True),
    ("Minister of Foreign Affairs", "minister", True),
    ("", "president", False),
])
def test_title_has(title, words, expected):
    assert title_has(title, words) is expected


def test_a_long_name_cut_in_two_is_one_name(nlp):
    doc = Doc(nlp.vocab, words=["Prince", "Salim", "bin", "Hamad", "Al", "Thani", "spoke", "."])
    doc.ents = [Span(doc, 1, 4, label="PERSON"), Span(doc, 4, 6, label="PERSON")]
    assert person_span(doc, doc.ents[0]) == (1, 6)
    lone = Doc(nlp.vocab, words=["Reyes", "Al", "Lee", "spoke", "."])
    lone.ents = [Span(lone, 0, 1, label="PERSON"), Span(lone, 1, 3, label="PERSON")]
    assert person_span(lone, lone.ents[0]) == (0, 1)      # a one-word name does not swallow the next one
    two = Doc(nlp.vocab, words=["Ana", "Maria", "Ann", "Lee", "spoke", "."])
    two.ents = [Span(two, 0, 2, label="PERSON"), Span(two, 2, 4, label="PERSON")]
    assert person_span(two, two.ents[0]) == (0, 2)        # nor a two-word name the next name


# --------------------------------------------------------------------------------- "they" after a meeting

READOUT = ("President Ann Varga met today with Prime Minister Ivo Lund of Denmark. Their discussion covered "
           "energy and trade. They committed to working with other partners on migration. The United States and "
           "Denmark plan to expand clean electricity. They also agreed to meet again in Copenhagen. The United "
           "States welcomed the talks.")


def test_they_after_a_meeting_are_its_people(run):
    result = run(READOUT)
    joint = [(s.speaker_name, s.cue, s.event_type) for s in result.statements if s.cue in ("committed to", "agreed")]
    assert joint == [("Ann Varga", "committed to", "AGREE"), ("Ivo Lund", "committed to", "AGREE"),
                     ("Ann Varga", "agreed", "AGREE"), ("Ivo Lund", "agreed", "AGREE")]


def test_a_joint_commitment_binds_the_countries(run):
    """Two leaders of two countries commit their countries; the one whose country the text does not give takes
    the other country the text names most."""
    rows = [(c.committer_names, c.action) for c in run(READOUT).commitments]
    assert (["United States", "Denmark"], "working with other partners on migration") in rows
    assert (["United States", "Denmark"], "meet again in Copenhagen") in rows


def test_they_is_not_the_meeting_after_other_people(run):
    text = ("President Ann Varga met today with Prime Minister Ivo Lund of Denmark. Local officials and union "
            "leaders gathered outside. They said the talks had ignored workers.")
    assert [s.speaker_name for s in run(text).statements if s.cue == "said"] == [None]


# ------------------------------------------------------------------------------------ stance adjectives

@pytest.mark.parametrize("sentence, expected", [
    ("We remain gravely concerned about the worsening humanitarian situation in the region.",
     [("Tom Reyes", "concerned", "STATEMENT")]),
    ("We are encouraged that the government of Denmark has declared a truce.",
     [("Tom Reyes", "encouraged", "STATEMENT")]),
    ("We are deeply troubled by reports of violence against civilians.",
     [("Tom Reyes", "troubled", "STATEMENT")]),
    ("We are grateful for the support of our partners.", [("Tom Reyes", "grateful", "SUPPORT")]),
    ("We are particularly worried by measures taken by the northern militias.",
     [("Tom Reyes", "worried", "STATEMENT")]),
    ("We are ready to explore diplomatic solutions with all parties.", [("Tom Reyes", "ready", "AGREE")]),
    ("We are committed to helping the displaced families return home.", [("Tom Reyes", "committed", "AGREE")]),
    ("We took note of the militias' latest announcement that they will withdraw.",
     [("Tom Reyes", "took note", "STATEMENT")]),
    ("The militias are ready to withdraw.", []),                   # not the statement's own "we"
    ("We are concerned.", []),                                     # a feeling about nothing said
    ("U.S. officials are concerned about the plan.", []),          # a reporter's account, not their words
    ("The countries concerned will meet in May.", []),
])
def test_stance_adjectives_of_a_press_statement(run, sentence, expected):
    text = ("Tom Reyes, Department Spokesperson\n\n" + sentence + " Thousands of families have left their homes "
            "in the northern provinces since the start of the year.")
    assert _statements(run(text)) == expected


@pytest.mark.parametrize("author, sentence, expected", [
    ("Tom Reyes, U.S. Secretary of State", "The United States stands ready to help the displaced families.",
     [("Tom Reyes", "ready", "AGREE")]),
    ("Tom Reyes, U.S. Secretary of State", "The United States remains committed to a peaceful settlement.",
     [("Tom Reyes", "committed", "AGREE")]),
    ("Tom Reyes, U.S. Secretary of State", "Canada remains committed to a peaceful settlement.", []),    # not his
    (None, "The United States remains committed to a peaceful settlement.", []),      # a reporter's account
])
def test_an_officials_release_declares_their_countrys_stance(analyse_text, author, sentence, expected):
    text = "Thousands of families have left their homes in the north since January. " + sentence
    result = analyse_text(text, dt.datetime(2022, 6, 1, tzinfo=dt.timezone.utc), author)
    assert [(s.speaker_name, s.cue, s.event_type) for s in result.statements] == expected


@pytest.mark.parametrize("sentence, expected", [
    ("The Press Council is worried the new rules would silence local papers.",
     [("Press Council", "worried", "the new rules would silence local papers")]),
    ("The teachers' union is adamant that exam fees must be scrapped.",
     [(None, "adamant", "that exam fees must be scrapped")]),
    ("Farmers are worried that grain prices will fall again.",
     [("farmers", "worried", "that grain prices will fall again")]),
    ("We are adamant that the levy must go.", [(None, "adamant", "that the levy must go")]),
    ("Farmers are worried about grain prices.", []),          # a feeling about something, no view held
    ("The union is adamant.", []),
])
def test_a_stance_adjective_with_a_clause_reports_anyones_view(run, sentence, expected):
    """'X is concerned (that) ...', 'X is adamant that ...': the clause is the view X holds, for any X (a
    reporter's account of a feeling about something is no statement)."""
    statements = run("Thousands of families have left the northern provinces this year. " + sentence).statements
    assert [(s.speaker_name, s.cue, s.content) for s in statements] == expected


def test_encouraged_as_a_verb_is_still_a_request(run):
    assert _statements(run("Police encouraged residents to leave the area.")) == [
        ("police", "encouraged", "REQUEST")]


# ------------------------------------------------------------------------------ commitment phrasings

@pytest.mark.parametrize("text, expected", [
    ("Minister Ann Varga reaffirmed President Ivo Lund's unwavering commitment to ensure Denmark can never be "
     "isolated.", [(["Ivo Lund"], "ensure Denmark can never be isolated")]),
    ("Minister Ann Varga committed to establishing a dialogue on the Arctic.",
     [(["Ann Varga"], "establishing a dialogue on the Arctic")]),
    ("Office of the Spokesperson\n\nUnder Secretary of State Ivo Lund will travel to Oslo, Norway, May 9-11.",
     [(["Ivo Lund"], "travel to Oslo, Norway, May 9-11")]),          # "Under" parsed as a preposition
    ("President Ivo Lund said that Denmark would continue to focus on trade with Norway.",
     [(["Denmark"], "continue to focus on trade with Norway")]),      # "continue" is no report here
])
def test_commitment_phrasings(run, text, expected):
    assert [(c.committer_names, c.action) for c in run(text).commitments] == expected


def test_commit_to_is_an_agreement_but_committing_fraud_is_not(run):
    assert _statements(run("Minister Ann Varga committed to working with Denmark on energy.")) == [
        ("Ann Varga", "committed to", "AGREE")]
    assert _statements(run("The company committed fraud, Ann Varga said.")) == [("Ann Varga", "said", "STATEMENT")]


# ------------------------------------------------------------------------------- titles of descriptions

def test_the_vice_president_is_not_the_president(run):
    text = ("Vice President Ann Varga met with President Ivo Lund today. The Vice President thanked President "
            "Lund for his leadership. The President noted the strength of the partnership.")
    assert [(s.speaker_name, s.cue) for s in run(text).statements] == [
        ("Ann Varga", "thanked"), ("Ivo Lund", "noted")]


# ------------------------------------------------------------------- one-line leads, datelines, "per"

LONG = ("Earlier in the day the governor toured a dairy cooperative outside the town and talked with its workers "
        "about their wages and hours.")


@pytest.mark.parametrize("text, title, starts_with", [
    ("Ivo Lund chaired a session on fishing quotas for the coastal towns.\n\n" + LONG,
     "Session on fishing quotas", "Ivo Lund chaired"),
    ("Ivo Lund spoke at a board meeting on the results of the year.\n\n* * *\n\n" + LONG,
     "Board meeting", "Ivo Lund spoke"),                          # a separator line between them
    ("Ivo Lund chaired a session on fishing quotas for the coastal towns.\n\n" + LONG,
     "", "Earlier in the day"),                                     # no title known: the headline rule holds
    ("Make a charitable donation in support of our newsroom today!\n\nDaily Planet\n\nLund Meets Farmers\n\n" + LONG,
     "Lund Meets Farmers", "Earlier in the day"),                  # chrome above a headline
    ("Session With Fishers Of The Coastal Towns On Fishing Quotas.\n\n" + LONG,
     "Lund meets fishers", "Earlier in the day"),                  # title case: a headline
    ("A ferry carrying forty people ran aground near the harbour on Sunday.\n\nThe captain, Ivo Lund, was "
     "questioned by police.\n\nVote for the Best Pizza in Harbour Town\n\n" + LONG,
     "Ferry runs aground", "A ferry carrying"),                     # a promotion line between short paragraphs
    ("Make a charitable donation in support of our newsroom today!\n\nLund Meets Farmers\n\n" + LONG,
     "Lund Meets Farmers", "Earlier in the day"),                  # a call to action above the headline
])
def test_a_one_line_lead_starts_the_body(text, title, starts_with):
    assert text[body_span(text, title=title)[0]:].startswith(starts_with)


def test_a_dateline_with_its_place_and_agency_is_no_speaker(run):
    text = ("OSLO, Norway (AP) — Norwegian Defense Minister Ann Varga on Wednesday accused the company of hiding "
            "the costs of the program.")
    assert _statements(run(text)) == [("Ann Varga", "accused", "ACCUSE")]


@pytest.mark.parametrize("text, expected", [
    ("The disease is often found in small mammals, per the World Health Organization.",
     [("World Health Organization", "per", "STATEMENT")]),
    ("Prices rose to $4 per gallon in May.", []),
])
def test_per_a_named_source(run, text, expected):
    assert _statements(run(text)) == expected


@pytest.mark.parametrize("text, expected", [
    ("In the opinion of the president, the northern route has become a key policy.",
     [("Ivo Lund", "in the opinion of")]),
    ("In his view, the talks were useful.", [("Ivo Lund", "in his view")]),
    ("In view of the risks, the plan was dropped.", []),
    ("The hotel stands in the view of the hills.", []),
])
def test_a_view_names_its_holder(run, text, expected):
    result = run("President Ivo Lund met farmers in Odense on Monday. " + text)
    assert [(s.speaker_name, s.cue) for s in result.statements if s.cue != "met"] == expected


# ------------------------------------------------------------------------------------- regnal names

@pytest.mark.parametrize("title, name, expected", [
    ("Prince", "Andrew", "Prince Andrew"),
    ("Pope", "John Paul II", "Pope John Paul II"),
    ("Crown Prince", "Salim", "Crown Prince Salim"),
    ("Real Prince", "Andrew", "Prince Andrew"),          # a headline's word before the title is no title
    ("Danish Queen", "Ingrid", "Queen Ingrid"),
    ("King", "Abdullah Rahman", None),          # a surname: the name alone
    ("President", "Lund", None),
    (None, "Andrew", None),
])
def test_regnal_name(title, name, expected):
    assert regnal_name(title, name) == expected


def test_a_royal_is_named_with_the_title(run):
    text = "Prince Andrew gave an interview on Saturday. Andrew said he does not regret the friendship."
    assert [(s.speaker_name, s.cue) for s in run(text).statements] == [("Prince Andrew", "said")]


def test_the_delegation_is_the_people_of_the_trip_announced(run):
    text = ("Secretary Ann Varga traveled to Kenya last year. Deputy Secretary Ivo Lund and Envoy Tom Reyes will "
            "travel to Ghana and Togo next week. The delegation will meet with entrepreneurs and investors.")
    rows = [(c.committer_names, c.action[:20]) for c in run(text).commitments]
    assert (["Ivo Lund", "Tom Reyes"], "meet with entreprene") in rows


def test_the_pontiff_is_the_pope(run):
    text = ("Pope Leo XV received Governor Ivo Lund in Rome on Monday. The Pontiff thanked Lund for hosting the "
            "interfaith forum in Odense.")
    assert [(s.speaker_name, s.cue) for s in run(text).statements] == [("Pope Leo XV", "thanked")]


def test_a_described_official_commits(run):
    text = ("Defense Secretary Tom Reyes met with Defense Minister Ivo Lund of Denmark today. A spokesman, Ann "
            "Varga, told reporters the secretary will travel to Copenhagen in November. The two defense chiefs "
            "agreed to meet again next year.")
    result = run(text)
    assert (["Tom Reyes"], "travel to Copenhagen in November") in [(c.committer_names, c.action)
                                                                 for c in result.commitments]
    assert ("Tom Reyes", "agreed") in [(s.speaker_name, s.cue) for s in result.statements]


@pytest.mark.parametrize("text, act", [
    ("Officials have warned residents to stay away from the flooded areas.", "REQUEST"),
    ("Minister Ann Varga warned that Denmark would respond to any attack.", "THREATEN"),
])
def test_a_warning_to_act_is_a_request(run, text, act):
    assert [s.event_type for s in run(text).statements if s.cue == "warned"] == [act]


def test_a_learned_commit_to_is_an_agreement(nlp):
    doc = nlp("They committed to establishing a dialogue on the Arctic.")
    assert learned_cue(doc[1]).act == "AGREE"


@pytest.mark.parametrize("text, expected", [
    ("The Lund Administration announced new rules on Monday. The Administration said the rules would take effect "
     "in May.", {"Lund Administration"}),
    ("The Danish Refugee Council said on Monday that the Council would double its aid.", {"Danish Refugee Council"}),
])
def test_a_body_word_alone_is_the_body_named_before(nlp, text, expected):
    assert {m.actor.name for m in DocActors(nlp(text)).mentions} == expected


def test_she_after_a_trip_announced_is_its_traveller(run):
    text = ("Office of the Press Secretary\n\nDeputy Secretary of State Ann Varga will travel to Ghana and Togo "
            "from May 2 to 7. She will meet with business leaders in Accra. The Deputy Secretary will also visit "
            "a clinic in Lome.")
    result = run(text)
    assert [(c.committer_names, c.action.split()[0]) for c in result.commitments] == [
        (["Ann Varga"], "travel"), (["Ann Varga"], "meet"), (["Ann Varga"], "visit")]
    titles = {m.title for m in result.actor_mentions if m.name == "Ann Varga"}
    assert "Deputy Secretary of State" in titles      # the parser split "Deputy" off as a sentence of its own


def test_they_after_a_coordinated_subject_of_descriptions(run):
    text = ("Prime Minister Ivo Lund greeted Patriarch Tom Reyes in the library of the palace on Monday. The Prime "
            "Minister and the Patriarch discussed the situation in the Arctic. They also discussed the dialogue "
            "between the churches.")
    assert [(s.speaker_name, s.cue) for s in run(text).statements] == [("Ivo Lund", "discussed"),
                                                                       ("Tom Reyes", "discussed")] * 2


@pytest.mark.parametrize("text, act", [
    ("President Ivo Lund said he would raise tariffs on imports from Norway if no deal is reached.", "THREATEN"),
    ("President Ivo Lund said Denmark would impose sanctions unless Norway withdraws its ships.", "STATEMENT"),
    # on behalf of his country, as "Rice said the United States will ..." in the seed: no act of the speaker's
    ("President Ivo Lund said he would help Norway if asked.", "AGREE"),           # an offer, not a threat
    ("President Ivo Lund said he would not raise tariffs if the talks fail.", "REJECT"),
])
def test_a_conditional_own_commitment_against_the_other_side_is_a_threat(run, text, act):
    assert [s.event_type for s in run(text).statements] == [act]


def test_a_list_the_parser_reads_as_an_apposition_is_a_row_per_person(run):
    text = ("Prime Minister Ivo Lund spoke with Leaders Ann Lee and Tom Reyes by phone. The Prime Minister, Leader "
            "Lee, and Leader Reyes also discussed the budget.")
    rows = [(s.speaker_name, s.addressee_names) for s in run(text).statements if s.cue == "discussed"]
    assert rows == [("Ivo Lund", ["Ann Lee", "Tom Reyes"]), ("Ann Lee", ["Ivo Lund", "Tom Reyes"]),
                    ("Tom Reyes", ["Ivo Lund", "Ann Lee"])]


def test_the_two_sides_after_two_countries_are_those_countries(run):
    text = ("On Monday, Chile and the People’s Republic of China launched a working group on fisheries. It meets "
            "twice a year.\n\nThe two sides emphasized the need to share catch data.")
    assert [s.speaker_name for s in run(text).statements if s.cue == "emphasized"] == ["Chile", "China"]
