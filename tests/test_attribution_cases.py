"""Recently added attribution behaviours, end to end through ``analyse`` on the real spaCy model.

Each case is a short synthetic news snippet; the model is loaded once per session.
"""
from __future__ import annotations

import datetime as dt

import pytest

from communique.transforms.actors import PERSON
from communique.transforms.issuers import author_actor

PUBLISHED = dt.datetime(2014, 3, 1, tzinfo=dt.timezone.utc)


@pytest.fixture
def run(analyse_text):
    return lambda text, author=None: analyse_text(text, PUBLISHED, author)


def _only(result):
    assert len(result.statements) == 1, [(s.speaker_text, s.cue, s.content) for s in result.statements]
    return result.statements[0]


# ------------------------------------------------------------------- 1. unresolved sources still speak

def test_unresolved_source_makes_a_statement_without_a_name(run):
    st = _only(run("The city council approved the new transit plan on Monday. "
                   "The newcomers said the plan would fail."))
    assert st.speaker_name is None
    assert st.speaker_actor_id is None
    assert st.speaker_text == "The newcomers"
    assert st.cue == "said"
    assert st.content == "the plan would fail"


def test_an_unnamed_group_speaks_as_a_group(run):
    st = _only(run("The city council approved the new transit plan on Monday. "
                   "Several experts said the plan would fail."))
    assert (st.speaker_name, st.speaker_type, st.speaker_text) == ("experts", "GROUP", "Several experts")
    assert st.speaker_actor_id is not None


# --------------------------------------------------------------- 2. relative pronoun -> its antecedent

def test_relative_pronoun_source_is_the_pronoun_as_written(run):
    # the mention is where the clause names its speaker, as with "he" (and as PolNeAR marks sources)
    text = ("Shares of Northern Trust Bank fell sharply on Tuesday after a court fined the bank, "
            "which said it would appeal the ruling.")
    st = _only(run(text))
    assert st.speaker_text == "which"
    assert text[st.speaker_start:st.speaker_end] == "which"
    assert st.cue == "said"
    assert st.content == "it would appeal the ruling"


def test_relative_pronoun_speaker_resolves_to_the_person_it_modifies(run):
    text = ("Ben Carson spoke in Iowa on Monday. He was joined by Senator Mitch McConnell, "
            "who said the bill would pass.")
    st = [s for s in run(text).statements if s.cue == "said"][0]
    assert (st.speaker_text, st.speaker_name) == ("who", "Mitch McConnell")
    assert text[st.speaker_start:st.speaker_end] == "who"


# ----------------------------------------------------------------- 2b. quotes, datelines, appositions

@pytest.mark.parametrize("text, speaker_name, content_start", [
    ('"The port has a huge backlog,” said Maria Lopez, a professor of economics.',
     "Maria Lopez", '"The port has'),
    ('“Tariff waivers should not be a requirement," Paul Novak said in a statement.',
     "Paul Novak", "“Tariff waivers"),
], ids=["straight-open-curly-close", "curly-open-straight-close"])
def test_quote_closed_by_a_mark_of_the_other_style(run, text, speaker_name, content_start):
    st = _only(run(text))
    assert st.speaker_name == speaker_name
    assert st.content.startswith(content_start)


def test_name_before_an_apposition_after_a_quote_is_the_speaker(run):
    # the parse takes the quoted show title for the subject and hangs "Flynn" on the quote
    text = ("Michael Brennan spoke on Thursday.\n\n“There's a deep divide between this cabinet and "
            "the army,” Brennan, a senior campaign adviser, said Thursday morning on Channel Nine’s "
            "“Breakfast and Friends.”")
    st = _only(run(text))
    assert (st.speaker_text, st.cue) == ("Brennan", "said")
    assert st.speaker_name.endswith("Brennan")
    assert st.content.startswith("“There's a deep divide")


def test_dateline_parsed_as_subject_gives_way_to_the_name_after_the_dash(run):
    text = ("WASHINGTON -- President Obama, opening the National Library of Rural History and "
            "Crafts on Saturday, said it would keep a shared memory.")
    st = _only(run(text))
    assert (st.speaker_name, st.speaker_text) == ("Barack Obama", "Obama")      # the office holder of the day
    assert st.content == "it would keep a shared memory"


def test_according_to_next_to_another_cue_is_a_statement_too(run):
    text = "According to police, witnesses saw Miller get out of a van with a rifle."
    by_cue = {s.cue: s for s in run(text).statements}
    assert by_cue["according to"].speaker_text == "police"
    assert by_cue["according to"].content.startswith("witnesses saw Miller")


# ------------------------------------------------------- 3. participial and coordinated cues

def test_adding_after_said_is_a_second_statement_by_the_same_speaker(run):
    text = 'Donald Trump held a rally in Ohio on Saturday. "We will win," Trump said, adding that the polls were wrong.'
    result = run(text)
    got = [(s.speaker_name, s.cue, s.content) for s in result.statements]
    assert got == [
        ("Donald Trump", "said", '"We will win,"'),
        ("Donald Trump", "adding", "that the polls were wrong"),
    ]


@pytest.mark.parametrize("sentence, speaker_text, cue, content", [
    ("After saying the relief effort had failed, she left the meeting.", "she", "saying",
     "the relief effort had failed"),
    ("She angered officials by saying the relief effort had failed.", "She", "saying",
     "the relief effort had failed"),
    ("Jones toured the shelters and said the relief effort had failed.", "Jones", "said",
     "the relief effort had failed"),
], ids=["after-saying", "by-saying", "and-said"])
def test_participial_and_coordinated_cues_take_the_clause_subject(run, sentence, speaker_text, cue, content):
    st = _only(run("Senator Mary Jones visited the flooded town on Friday. " + sentence))
    assert (st.speaker_name, st.speaker_text, st.cue, st.content) == ("Mary Jones", speaker_text, cue, content)


# ----------------------------------------------- 4. a quoted noun before an inverted cue is no subject

def test_quoted_noun_before_inverted_cue_is_not_the_speaker(run):
    st = _only(run('Democrats in Florida are worried about the race. '
                   '"Full panic mode," said Leslie Wimes, a local organiser.'))
    assert st.speaker_name == "Leslie Wimes"
    assert st.speaker_text == "Leslie Wimes"
    assert st.speaker_type == PERSON
    assert st.cue == "said"
    assert st.content == '"Full panic mode,"'
    assert st.quote_type == "direct"


def test_a_postposed_speaker_read_as_the_object_is_the_speaker(run):
    st = _only(run('Lund often told colleagues "he was in charge of the harbour" while serving as the envoy in '
                   'Oslo, said one more witness in the harbour inquiry, former city council adviser Ann Morton.'))
    assert (st.speaker_name, st.speaker_text, st.cue) == ("Ann Morton", "one more witness", "said")
    assert st.content.startswith("Lund often told colleagues")


# ---------------------------------------------------- 5. colon attribution across a paragraph break

@pytest.mark.parametrize("quoted", ["\u201cWe are ready.\u201d", '"We are ready."'], ids=["curly", "straight"])
def test_colon_attribution_takes_the_next_paragraph(run, quoted):
    text = "Foreign Minister John Smith spoke to reporters in Geneva on Tuesday. Smith said:\n\n" + quoted
    st = _only(run(text))
    assert st.speaker_name == "John Smith"
    assert st.speaker_text == "Smith"
    assert st.cue == "said"
    assert st.content == quoted
    assert st.content_end == len(text)
    assert st.quote_type == "direct"


# ------------------------------- 6. a quote ending in a sentence with its own cue belongs to that cue

@pytest.mark.parametrize("later_source, later_name, later_text", [
    ("Trade Minister Maria Petrova", "Maria Petrova", "Maria Petrova"),
    ("he", "John Smith", "he"),
], ids=["other-speaker", "same-speaker"])
def test_quote_running_into_a_cued_sentence_belongs_to_the_later_cue(run, later_source, later_name, later_text):
    text = ('Foreign Minister John Smith spoke to reporters in Geneva on Tuesday. "We made progress," Smith said. '
            f'"The talks were hard. We have a long way to go," {later_source} said.')
    result = run(text)
    got = [(s.speaker_name, s.speaker_text, s.content) for s in result.statements]
    assert got == [
        ("John Smith", "Smith", '"We made progress,"'),
        (later_name, later_text, '"The talks were hard. We have a long way to go,"'),
    ]
    assert [s.cue for s in result.statements] == ["said", "said"]


# ---------------------------------------------------------- 7. belief and report cues need a clause

@pytest.mark.parametrize("sentence, expected", [
    ("Jones believes that the tax is unfair.", ("Mary Jones", "Jones", "believes", "that the tax is unfair")),
    ("Jones believes the tax is unfair.", ("Mary Jones", "Jones", "believes", "the tax is unfair")),
    ("Jones believes in God.", None),
    ("Jones believes in hard work.", None),
], ids=["believes-that", "believes-bare-clause", "believes-in-god", "believes-in-work"])
def test_belief_cue_needs_a_clause(run, sentence, expected):
    result = run("Senator Mary Jones spoke in Ohio on Monday. " + sentence)
    got = [(s.speaker_name, s.speaker_text, s.cue, s.content) for s in result.statements]
    assert got == ([expected] if expected else [])


@pytest.mark.parametrize("sentence, expected", [
    ("A new poll shows that voters are split.", (None, "A new poll", "shows", "that voters are split")),
    # a finding may also be a noun phrase ("Polls show a close contest"), as PolNeAR annotates it
    ("A new poll shows a big lead for the mayor.", (None, "A new poll", "shows", "a big lead for the mayor")),
    ("Jones shows her new car to neighbours.", None),
], ids=["shows-that", "shows-object", "shows-no-source"])
def test_report_cue_takes_a_clause_or_a_finding(run, sentence, expected):
    result = run("The election is three weeks away. " + sentence)
    got = [(s.speaker_name, s.speaker_text, s.cue, s.content) for s in result.statements]
    assert got == ([expected] if expected else [])


# ------------------------------------------------------------------------- 8. verb + object cues

@pytest.mark.parametrize("text, speaker_name, speaker_text, cue, event_type", [
    ("Fighting continued in the north on Friday. Serbia issued an ultimatum to the rebels.",
     "Serbia", "Serbia", "issued ultimatum", "THREATEN"),
    ("Fighting continued in the north on Friday. The government issued an ultimatum to the rebels.",
     None, "The government", "issued ultimatum", "THREATEN"),     # THREATEN needs no resolved speaker
], ids=["issued-ultimatum", "issued-ultimatum-unresolved"])
def test_verb_object_cues(run, text, speaker_name, speaker_text, cue, event_type):
    st = _only(run(text))
    assert (st.speaker_name, st.speaker_text, st.cue, st.event_type) == (speaker_name, speaker_text, cue, event_type)
    assert st.cameo_code == {"AGREE": "030", "THREATEN": "130"}[event_type]


@pytest.mark.parametrize("pair, names", [
    ("Serbia and Croatia", ["Serbia", "Croatia"]),
    ("Bosnia and Slovenia", ["Bosnia and Herzegovina", "Slovenia"]),
])
def test_two_countries_reaching_an_agreement_are_a_row_each(run, pair, names):
    result = run(f"Talks in Geneva ended on Friday. {pair} reached an agreement to end the fighting.")
    assert [(s.speaker_name, s.cue, s.event_type, s.cameo_code) for s in result.statements] == [
        (name, "reached agreement", "AGREE", "030") for name in names]
    assert {s.speaker_text for s in result.statements} == {pair.split()[0]}
    assert len({s.statement_id for s in result.statements}) == 2


# ---------------------------------------------------------------------------- 9. own commitments

@pytest.mark.parametrize("text, speaker, content, event_type, committers, negated", [
    ("United Nations envoys arrived in Baghdad on Monday. Iraq said it would allow the inspectors to return.",
     "Iraq", "it would allow the inspectors to return", "AGREE", ["Iraq"], False),
    ("Gunmen seized three aid workers on Monday. "
     "The United States said it would not negotiate with hostage-takers.",
     "United States", "it would not negotiate with hostage-takers", "REJECT", ["United States"], True),
    ("Secretary of State Condoleezza Rice arrived in Moscow on Friday. "
     "Rice said the United States will work with Russia.",
     "Condoleezza Rice", "the United States will work with Russia", "STATEMENT", ["United States"], False),
], ids=["agree", "negated-reject", "on-behalf-of-others"])
def test_own_commitment_sets_the_statement_act(run, text, speaker, content, event_type, committers, negated):
    result = run(text)
    st = _only(result)
    assert (st.speaker_name, st.cue, st.content, st.event_type) == (speaker, "said", content, event_type)
    assert len(result.commitments) == 1
    c = result.commitments[0]
    assert c.committer_names == committers
    assert c.negated is negated
    assert c.statement_id == st.statement_id


@pytest.mark.parametrize("text, expected", [
    ("Talks in Geneva ended on Friday. Serbia said it will sign the agreement in March.",
     [(["Serbia"], "sign the agreement in March")]),
    ("Talks in Geneva ended on Friday. Serbia said it will veto the resolution.",
     [(["Serbia"], "veto the resolution")]),
    ("Talks in Geneva ended on Friday. Serbia said it will make every effort to end the fighting.",
     [(["Serbia"], "make every effort to end the fighting")]),
    ("Talks in Geneva ended on Friday. Serbia said it will say more next week.", []),     # speaking is no act
    ("Talks in Geneva ended on Friday. Serbia said it will remain fully engaged in the talks.",
     [(["Serbia"], "remain fully engaged in the talks")]),        # a stance kept
    ("Talks in Geneva ended on Friday. Serbia said prices will remain high.", []),     # a state, no act
    # "make" starts the speech cue "make clear", but "make X a hub" is an act
    ("Talks in Geneva ended on Friday. Serbia said it will make Nis a trade hub.",
     [(["Serbia"], "make Nis a trade hub")]),
], ids=["sign", "veto", "make", "say", "remain-engaged", "remain-high", "make-a-hub"])
def test_future_act_verbs_commit(run, text, expected):
    """A verb that names an act ('sign an agreement', 'veto') is a commitment in the future; one that reports
    speech ('say', 'tell') is not."""
    assert [(c.committer_names, c.action) for c in run(text).commitments] == expected


@pytest.mark.parametrize("text, expected", [
    ("Secretary of State Ann Varga met her Danish counterpart. Varga reaffirmed the U.S. commitment to fully "
     "support the talks.", [(["United States"], "committed", "support the talks", False)]),
    ("Prime Minister Ivo Lund met the delegation. Lund stressed his commitment to bolstering the alliance.",
     [(["Ivo Lund"], "committed", "bolstering the alliance", False)]),
    ("Talks in Geneva ended on Friday. Japan reaffirmed its pledge to double its aid.",
     [(["Japan"], "pledged", "double its aid", False)]),
    # not affirmed by the holder, or given up
    ("Talks in Geneva ended on Friday. Officials are worried about Serbia's intention to leave the talks.", []),
    ("Talks in Geneva ended on Friday. Serbia abandoned its commitment to cut emissions.", []),
], ids=["us-commitment", "his-commitment", "its-pledge", "intention", "abandoned"])
def test_nominal_commitments(run, text, expected):
    """'reaffirmed the U.S. commitment to support ...': a commitment noun with its action, its holder the
    possessor or the one who affirms it."""
    assert [(c.committer_names, c.modality, c.action, c.negated) for c in run(text).commitments] == expected


def test_the_two_leaders_are_the_leaders_named(run):
    text = ("President Ann Varga spoke today with Prime Minister Ivo Lund of Denmark about Serbia and Kosovo. "
            "Varga welcomed the talks. Lund thanked Varga. The two leaders committed to stay in close contact.")
    (c,) = run(text).commitments
    assert c.committer_names == ["Ann Varga", "Ivo Lund"]


def test_the_speaker_not_the_relative_pronoun_speaks(run):
    """'..., which advocates say disadvantages ...': the parse gives "say" both the relative pronoun and the
    speaker as subjects."""
    text = "Parents protested the funding system, which advocates say disadvantages poor schools."
    assert [(s.speaker_text, s.cue) for s in run(text).statements if s.cue == "say"] == [("advocates", "say")]


@pytest.mark.parametrize("text", [
    "The leaders discussed efforts to ensure that no enemies of Denmark believe they can gain from the crisis.",
    "No country thinks the plan will work.",
])
def test_no_one_is_no_source(run, text):
    assert [(s.speaker_text, s.cue) for s in run(text).statements if s.cue in ("believe", "thinks")] == []


# ------------------------------------------------------------ 10. "we" outside quotes is the author

def test_we_outside_quotes_is_the_author(run):
    result = run("We will build 100 new airports by 2020.", author="BJP")
    assert [(s.speaker_name, s.cue_source) for s in result.statements] == [("BJP", "own_voice")]   # its own words
    assert [(c.committer_names, c.action, c.modality, c.time_text) for c in result.commitments] == [
        (["BJP"], "build 100 new airports by 2020", "will", "by 2020")]
    c = result.commitments[0]
    assert c.statement_id is None
    assert c.due_date is not None and c.due_date.year == 2020


def test_we_outside_quotes_without_author_commits_no_one(run):
    assert run("We will build 100 new airports by 2020.", author=None).commitments == []


@pytest.mark.parametrize("author, name, actor_type", [
    ("Antony J. Blinken, Secretary of State", "Antony J. Blinken", PERSON),
    ("Indian National Congress", "Indian National Congress", "ORG"),
    ("BJP", "BJP", "ORG"),
])
def test_author_actor(author, name, actor_type):
    ref = author_actor(author)
    assert (ref.name, ref.actor_type) == (name, actor_type)


@pytest.mark.parametrize("author", [None, ""])
def test_author_actor_of_no_author(author):
    assert author_actor(author) is None


# ----------------------------------------------------------------------- 11. headlines are scanned

def test_headline_cue_is_scanned(run):
    text = ("Obama Says Museum Will Tell of Suffering.\n\n"
            "WASHINGTON \u2014 President Barack Obama on Wednesday visited the site of the new national memorial "
            "museum in Washington, where he met survivors, historians and the families of victims, and spent more "
            "than an hour touring the unfinished galleries with the museum's director.")
    result = run(text)
    heads = [s for s in result.statements if s.cue_start < text.index("\n")]
    assert len(heads) == 1, [(s.speaker_text, s.cue, s.content) for s in result.statements]
    st = heads[0]
    assert st.cue == "Says"
    assert st.speaker_text == "Obama"
    assert st.content == "Museum Will Tell of Suffering"


@pytest.mark.parametrize("text, expected", [
    ("Rice said the United States will work with Russia on missile defense.",
     (["United States"], "Russia", "will")),
    ("Chancellor Olaf Scholz visited Kyiv. Germany promised Ukraine more air defence systems by the end of the year.",
     (["Germany"], "Ukraine", "promised")),
], ids=["work-with", "promised-someone"])
def test_commitment_counterpart(run, text, expected):
    result = run(text)
    got = [(c.committer_names, c.counterpart, c.modality) for c in result.commitments]
    assert got == [expected]
    assert all(c.counterpart_actor_id for c in result.commitments)


def test_first_person_outside_quotes_is_the_author(run_with_author):
    result = run_with_author("I welcome the agreement reached today in Geneva. We believe it will bring peace.",
                             "Antony J. Blinken, Secretary of State")
    assert [(s.speaker_name, s.speaker_text, s.event_type) for s in result.statements] == [
        ("Antony J. Blinken", "I", "SUPPORT"), ("Antony J. Blinken", "We", "STATEMENT")]


def test_transcript_surname_is_the_author(run_with_author):
    text = ("SECRETARY BLINKEN: Good morning, everyone, and thank you for joining us here in Washington today.\n\n"
            "Blinken said the talks with Egypt and Jordan had gone well and would continue next week.")
    result = run_with_author(text, "Antony J. Blinken, Secretary of State")
    assert {s.speaker_name for s in result.statements} == {"Antony J. Blinken"}


@pytest.mark.parametrize("a, b", [("Antony J. Blinken", "Antony Blinken"), ("Robert M. Gates", "Robert Gates")])
def test_middle_initials_do_not_split_a_person(a, b):
    from communique.schemas import ids
    assert ids.actor_id(a, "PERSON") == ids.actor_id(b, "PERSON")
    assert ids.actor_id("Antony J. Blinken", "PERSON") != ids.actor_id("Antony J. Blinken", "ORG")


@pytest.fixture
def run_with_author(analyse_text):
    return lambda text, author: analyse_text(text, dt.datetime(2021, 5, 1, tzinfo=dt.timezone.utc), author)


@pytest.mark.parametrize("text, author, expected", [
    ("A national scheme will be started to give laptops to students.", "BJP", [["BJP"]]),
    ("Set up a national board for river water disputes.", "Indian National Congress",
     [["Indian National Congress"]]),
    ("(ii) Launch a national programme for reforestation.", "Indian National Congress", [["Indian National Congress"]]),
    ("1. Create 100 innovation zones in urban local bodies.", "BJP", [["BJP"]]),
    ("A national scheme will be started to give laptops to students.", "Jane Reporter", []),   # a byline
    ("A national scheme will be started to give laptops to students.", None, []),
], ids=["passive-party", "imperative-party", "list-item-roman", "list-item-number", "passive-journalist",
        "passive-no-author"])
def test_an_organisation_authors_its_unattributed_pledges(run_with_author, text, author, expected):
    result = run_with_author(text, author)
    assert [c.committer_names for c in result.commitments] == expected


# ------------------------------------------------------- transcripts: a speaker label opens each paragraph

TRANSCRIPT = ('Mike Dunn said the remark was only “to tease” Tom Reyes.\n\n'
              'Partial transcript as follows:\n\n'
              '"BAKER: Let’s begin with the news on the budget story. Why would Reyes do that?\n\n'
              '"DUNN: Well, look, this is serious business. The voters here have a choice to make.\n\n'
              '"BAKER: If I may, sir, will the mayor be there?\n')


def test_every_transcript_label_is_a_statement_and_no_quote_runs_on(run):
    result = run(TRANSCRIPT)
    got = [(s.speaker_text, s.cue, s.content[:20]) for s in result.statements]
    assert got == [("Mike Dunn", "said", "the remark was only "),
                   ("BAKER", ":", "Let’s begin with the"),
                   ("DUNN", ":", "Well, look, this is "),
                   ("BAKER", ":", "If I may, sir, will ")]
    assert result.statements[2].speaker_name == "Mike Dunn"
    assert [s.cue_source for s in result.statements] == ["lexicon", "label", "label", "label"]


BRIEFING = ('Press Secretary Anna Ollis spoke to reporters on Monday.\n\n'
            'MS. OLLIS: Good afternoon. I think the tariffs have worked for American workers.\n\n'
            'I can tell you that the budget office will review every grant this month.\n\n'
            'Q    Thank you, Anna. I wonder whether the review will cover the state programs.\n\n'
            'MS. OLLIS: We believe it should cover all of them.\n')


def test_first_person_in_a_transcript_turn_is_the_labelled_speaker(run):
    """'I' and 'we' outside quotations belong to the speaker whose label opens the turn, up to the next label
    ("Q" included: the reporter's "I" is no one's we know); "Q" is no source and "Thank you" no praise. Each
    labelled turn is a statement whose content runs to the next label; the speaker's plain remarks anywhere in the
    turn ("I think", "I can tell you") are that statement, not rows of their own."""
    result = run(BRIEFING)
    got = [(s.speaker_text, s.cue, s.speaker_name) for s in result.statements]
    assert got.count(("MS. OLLIS", ":", "Anna Ollis")) == 2
    first = next(s for s in result.statements if s.cue == ":")
    assert first.content.startswith("Good afternoon.")
    assert first.content.endswith("will review every grant this month.")     # a later paragraph of the same turn
    assert ("I", "wonder", None) in got                         # the reporter's turn
    assert not [g for g in got if g[1] in ("think", "believe", "tell")]
    assert not [g for g in got if g[0] == "Q" or g[1] == "Thank"]


def test_a_proclamations_i_is_the_person_it_names(run):
    text = ("NOW, THEREFORE, I, JOHN R. MILLER, President of the United States of America, do hereby proclaim "
            "May 2025 as National Rivers Month. I call upon all Americans to keep the rivers clean.")
    got = [(s.speaker_text, s.cue, s.speaker_name, s.event_type) for s in run(text).statements]
    assert ("I", "call upon", "John R. Miller", "REQUEST") in got
    assert "proclaim" in [g[1] for g in got]


# ------------------------------------------- agreements by unnamed organisations; beliefs as 'X as Y'

@pytest.mark.parametrize("text, speaker_text, content", [
    ("Regulators met in Denver on Friday. The chemical company agreed to clean up the polluted river.",
     "The chemical company", "to clean up the polluted river"),
    ("Critics of the visa program see the reauthorization as an opportunity to fix its problems.",
     "Critics", "the reauthorization as an opportunity to fix its problems"),
], ids=["agree-by-a-described-organisation", "see-x-as-y"])
def test_described_sources_and_as_readings(run, text, speaker_text, content):
    st = _only(run(text))
    assert (st.speaker_text, st.content) == (speaker_text, content)


@pytest.mark.parametrize("text", [
    "Both parties agreed to continue the talks in Geneva.",       # points back at actors named before
    "The new bill offers relief to farmers hit by the drought.",  # an offer needs an actor
    "Rising sea levels threaten the coastal towns of the region.",  # endangering is no threat
    "It is so good to see this hall full again.",                 # the expletive "it" of a copula
    "Denmark is value added wherever it is, and that’s how we view it.",      # a misparsed passive
], ids=["both-parties", "bill-offers", "things-threaten", "it-is-good-to-see", "value-added"])
def test_no_statement_without_a_speaking_actor(run, text):
    assert run(text).statements == []


@pytest.mark.parametrize("text, event_type", [
    ("The forestry agency said the old oak's health has declined beyond recovery.", "STATEMENT"),
    ("The minister said Russia declined the offer.", "REJECT"),
    ("The minister said the company declined to comment.", "REJECT"),
    ("The rebels threatened to attack the city.", "THREATEN"),
    ("He threatened sanctions against the company.", "THREATEN"),
])
def test_acts_of_decline_and_threaten_by_their_reading(run, text, event_type):
    assert _only(run(text)).event_type == event_type


# ------------------------------------------------------- reporting nouns: "Trump's claim that ..."

@pytest.mark.parametrize("text, speaker_name, cue, content, event_type", [
    ("Reporters checked John Carter’s claim that there have been hundreds of fires in Denver.",
     "John Carter", "claim", "that there have been hundreds of fires in Denver", "STATEMENT"),
    ("Sergey Lavrov spoke in Moscow. Lavrov's call for the Americans to freeze their plans went unanswered.",
     "Sergey Lavrov", "call", "the Americans to freeze their plans", "REQUEST"),
    ("Vladimir Putin met the press. Putin's threat to abandon the treaty worried Europe.",
     "Vladimir Putin", "threat", "to abandon the treaty", "THREATEN"),
], ids=["claim-that", "call-for", "threat-to"])
def test_reporting_noun_with_a_possessor_is_a_statement(run, text, speaker_name, cue, content, event_type):
    st = _only(run(text))
    assert (st.speaker_name, st.cue, st.content, st.event_type) == (speaker_name, cue, content, event_type)


@pytest.mark.parametrize("text", [
    "The claim that taxes will rise is false.",                       # no possessor: nobody claims
    "Observers said nothing about the “claim that taxes will rise.”",  # inside quotation marks
], ids=["no-possessor", "quoted"])
def test_reporting_noun_without_a_source_is_no_statement(run, text):
    assert [s.cue for s in run(text).statements if s.cue == "claim"] == []


def test_speech_verb_the_parser_left_without_subject_takes_the_name_before_it(run):
    # en_core_web_sm parses "Tulsa" as a verb here and leaves "said" without a subject
    text = ("The state attorney is reviewing the incident.\n\n"
            "“I will just make this pledge to you: We will find the truth in this case,” "
            "Tulsa police Chief Mark Dean said Monday.")
    st = _only(run(text))
    assert (st.speaker_name, st.cue) == ("Mark Dean", "said")
    assert st.content.startswith("“I will just make this pledge")


def test_called_her_a_quoted_epithet_is_a_statement(run):
    st = _only(run("Donald Trump spoke in Iowa.\n\nHe called her “second-rate” and skipped one of the forums."))
    assert (st.speaker_name, st.cue, st.content) == ("Donald Trump", "called", "her “second-rate”")


@pytest.mark.parametrize("text, speaker", [
    ('Wikileaks editor-in-chief Tom Reyes said: "We will now turn to the appeal."', "Tom Reyes"),
    ("Speaking on Thursday, Ramdeen’s sister, Kamla Ramdass said that he had left home on Saturday.", "Kamla Ramdass"),
])
def test_a_title_parsed_as_a_second_subject_leaves_the_name_the_speaker(run, text, speaker):
    st = _only(run(text))
    assert (st.speaker_name, st.cue) == (speaker, "said")


def test_a_description_and_an_untagged_name_both_parsed_as_subjects(nlp):
    """'his sister, Ann Lee said' with both nouns parsed as subjects and the name not tagged as a person (as
    the recogniser does with some names): the name is the subject."""
    from spacy.tokens import Doc
    from communique.transforms.cue_subjects import subject

    words = ["His", "sister", ",", "Ann", "Lee", "said", "it", "rained", "."]
    doc = Doc(nlp.vocab, words=words, heads=[1, 5, 5, 4, 5, 5, 7, 5, 5],
              deps=["poss", "nsubj", "punct", "compound", "nsubj", "ROOT", "nsubj", "ccomp", "punct"],
              pos=["PRON", "NOUN", "PUNCT", "PROPN", "PROPN", "VERB", "PRON", "VERB", "PUNCT"])
    assert subject(doc[5]).text == "Lee"


# --------------------------------------------------------- the speaker of a role the expletive "it" introduces

@pytest.mark.parametrize("sentence, cue", [
    ("It is my sad duty as mayor to tell you that the harbour master was detained in Lisbon.", "tell"),
    ("It is our great pleasure to announce that the new bridge will open in May.", "announce"),
])
def test_it_is_my_duty_to_inform_is_the_authors_statement(run, sentence, cue):
    st = _only(run(sentence, author="Ann Varga, Governor"))
    assert (st.speaker_name, st.cue) == ("Ann Varga", cue)


@pytest.mark.parametrize("opening", ["That said", "This said"])
def test_that_said_opening_a_sentence_is_no_statement(run, opening):
    result = run(f"The two towns quarrel over the bridge. {opening}, relations between them date back centuries.")
    assert result.statements == []


def test_a_market_index_is_no_source(run):
    """'Tokyo's Nikkei 225 declined 0.3%': an index that falls says nothing; the analyst who explains it does."""
    result = run("Tokyo's Nikkei 225 declined 0.3%, while the Kospi Index fell 0.5%. Analysts said the losses "
                 "reflected worries about the trade talks.")
    assert [(s.speaker_text, s.cue) for s in result.statements] == [("Analysts", "said")]


@pytest.mark.parametrize("text, cue, content", [
    ("Talks in Geneva ended on Friday. Minister Lund made clear that Denmark would not sign.", "made clear",
     "that Denmark would not sign"),
    ("Talks in Geneva ended on Friday. Minister Lund made it clear that Denmark would not sign.", "made clear",
     "that Denmark would not sign"),
])
def test_made_clear_is_a_speech_cue(run, text, cue, content):
    st = _only(run(text))
    assert (st.speaker_name, st.cue, st.content) == ("Lund", cue, content)


def test_it_was_made_clear_has_no_speaker_of_its_own(run):
    result = run("Lund explained that the evidence had seemed strong, but after more inquiries it had been made "
                 "clear that the testimony had weakened.")
    assert [(s.speaker_name, s.cue) for s in result.statements] == [("Lund", "explained")]


@pytest.mark.parametrize("text, expected", [
    ("President of Norway Ann Varga met President of Denmark Ivo Lund in Oslo. The presidents of Norway and "
     "Denmark will meet their ministers of culture next week.", ["Ann Varga", "Ivo Lund"]),
    # a title the text gives no one of those countries: the countries
    ("Talks in Oslo ended on Friday. The foreign ministers of Norway and Denmark will travel to Kyiv.",
     ["Norway", "Denmark"]),
])
def test_the_holders_of_a_plural_title_commit(run, text, expected):
    (c,) = run(text).commitments
    assert c.committer_names == expected


@pytest.mark.parametrize("author, expected", [
    ("John Kerry, Secretary of State", "Barack Obama"),      # a US official's release: the US President of the day
    (None, "Vladimir Putin"),                                 # no issuer: the president the text named
])
def test_the_president_in_an_officials_release(run, author, expected):
    text = ("Secretary Kerry spoke with reporters in Kyiv about the troops President Putin has sent to the border. "
            "The President said on Friday that new sanctions were ready.")
    assert [s.speaker_name for s in run(text, author).statements][-1] == expected


def test_he_after_a_titled_subject_is_that_person(run):
    """'The Prime Minister was asked ..., and he said': "he" is the person the description stands for, not the
    last person named as a subject before it."""
    text = ("President Ann Varga spoke with Prime Minister Ivo Lund on Friday. The Prime Minister was asked about "
            "the talks, and he said the deal was close.")
    assert [s.speaker_name for s in run(text).statements] == ["Ivo Lund"]
