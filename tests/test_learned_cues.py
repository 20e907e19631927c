"""Learned attribution cues: the model file format, the features of a candidate verb, and statements the shipped
model adds beside the lexicon (real spaCy model, end to end through ``analyse``)."""
from __future__ import annotations

import datetime as dt

import pytest

from communique.transforms.learned_cues import CueModel, packaged_model, parse_model, verb_features

PUBLISHED = dt.datetime(2016, 9, 20, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize("text, error", [
    ("__bias__\t-1\nl=say\t2\n", "__threshold__"),
    ("__threshold__\t0.5\nl=say\t2\n", "__bias__"),
    ("__bias__\t-1\n__threshold__\t0.5\nl=say\n", "feature<TAB>weight"),
    ("__bias__\t-1\n__threshold__\t1.5\n", "threshold"),
])
def test_parse_model_rejects_bad_files(text, error):
    with pytest.raises(ValueError, match=error):
        parse_model(text)


def test_model_scores_by_logit():
    model = CueModel({"l=support": 2.0, "s_ent=GPE": 1.0}, bias=-2.5, threshold=0.5)
    assert model.accepts(None, None, ["l=support", "s_ent=GPE"])          # logit 0.5 >= 0
    assert not model.accepts(None, None, ["l=support"])                   # logit -0.5
    assert not model.accepts(None, None, ["l=build", "s_ent=GPE"])


def test_packaged_model_loads():
    model = packaged_model()
    assert 0 < model.threshold < 1
    assert len(model.weights) > 100
    assert model.weights.get("l=say|comp=ccomp", 0) >= 0


def test_verb_features(nlp):
    doc = nlp("Brazil and Chile support the new treaty.")
    verb, source = doc[3], doc[0]
    feats = verb_features(verb, source, inside=False, quoted_sentence=False)
    for expected in ("l=support", "l=support|comp=dobj", "l=support|dobj=treaty", "s_ent=GPE",
                     "s_pos=PROPN", "lex=belief", "inside=False", "quote_in_sent=False", "dep=ROOT"):
        assert expected in feats, (expected, feats)


@pytest.fixture
def run(analyse_text):
    return lambda text: analyse_text(text, PUBLISHED)


@pytest.mark.parametrize("text, speaker, cue, content", [
    ("Russian leaders oppose the plan to base interceptors in Poland.",
     "Russian leaders", "oppose", "the plan to base interceptors in Poland"),
    ("Republicans have long opposed the tax.", "Republicans", "opposed", "the tax"),
    ("The senator has promoted the bill for months.", "The senator", "promoted", "the bill"),
    ("The mayor, for his part, is supported by only two unions.",        # passive: the subject is content
     "only two unions", "supported", "The mayor"),
    ("Last year, state prosecutors in May charged two Ohio builders, Carl Lind and Peter Moss, with fraud.",
     "state prosecutors", "charged", "two Ohio builders, Carl Lind and Peter Moss"),
    ("Republicans want tax cuts that reward investment.", "Republicans", "want", "tax cuts that reward investment"),
])
def test_learned_statements(run, text, speaker, cue, content):
    statements = run(text).statements
    assert [(s.speaker_text, s.cue, s.content, s.cue_source) for s in statements] == [(speaker, cue, content, "model")]


def test_a_group_proposes_by_the_lexicon(run):
    statements = run("Other European leaders have proposed jointly owned ships and shared naval bases.").statements
    assert [(s.speaker_name, s.cue, s.content, s.cue_source) for s in statements] == [
        ("European leaders", "proposed", "jointly owned ships and shared naval bases", "lexicon")]


def test_learned_statement_takes_the_lexicon_act(run):
    st, = run("Russian leaders oppose the plan to base interceptors in Poland.").statements
    assert (st.event_type, st.cameo_code, st.speaker_country) == ("REJECT", "120", "RUS")


@pytest.mark.parametrize("text", [
    "The company opened a new factory in Ohio last year.",
    "Heavy rain flooded the town on Tuesday.",
])
def test_no_statement_without_an_attribution(run, text):
    assert run(text).statements == []


@pytest.mark.parametrize("text, addressees, content", [
    ("Secretary Blinken discussed the ceasefire with Egyptian Foreign Minister Sameh Shoukry.", ["Sameh Shoukry"],
     "the ceasefire with Egyptian Foreign Minister Sameh Shoukry"),
    ("Secretary Blinken discussed with Foreign Minister Shoukry the need for calm.", ["Shoukry"], "the need for calm"),
], ids=["with-on-the-object", "with-on-the-verb"])
def test_readout_discussion_is_a_consultation_with_its_addressee(run, text, addressees, content):
    st, = run(text).statements
    assert (st.speaker_name, st.event_type, st.cameo_code) == ("Blinken", "CONSULT", "040")
    assert (st.addressee_names, st.content) == (addressees, content)
