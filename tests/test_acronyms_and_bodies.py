"""Organisations named by an acronym the text never brackets (transforms/acronyms.py) and by what they are,
"the agency", "the brokerage" (transforms/body_descriptions.py)."""
from __future__ import annotations

import datetime as dt

import pytest

from communique.transforms.acronyms import initials, spelled_out
from communique.transforms.actors import DocActors
from communique.transforms.attribution import find_statements
from communique.transforms.nlp_model import doc_quote_spans, nlp_text
from communique.transforms.quotes import QuoteIndex

DAY = dt.datetime(2019, 11, 13, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize("name, expected", [
    ("Customs and Border Protection", "CBP"),
    ("the Environmental Protection Agency", "EPA"),
    ("Department of Homeland Security", "DHS"),
    ("Centers for Disease Control and Prevention", "CDCP"),
    ("Reuters", None),                      # one word
    ("the party of labour", None),          # lower-case words
])
def test_initials(name, expected):
    assert initials(name) == expected


def test_spelled_out_pairs_acronyms_with_names_in_the_text():
    assert spelled_out(["CBP", "Customs and Border Protection", "NBC News", "EPA"]) == {
        "CBP": "Customs and Border Protection"}


def _speakers(nlp, text):
    doc = nlp(nlp_text(text))
    found = find_statements(doc, DocActors(doc), QuoteIndex(doc_quote_spans(doc)))
    return [(s.cue, s.speaker.name if s.speaker else None) for s in found]


def test_an_acronym_before_its_full_name_is_the_same_organisation(nlp):
    text = ("The QHA said on Monday that the harbour would close. The Quayside Harbour Authority, which runs the "
            "port, added that ferries would be diverted.")
    assert _speakers(nlp, text) == [("said", "Quayside Harbour Authority"), ("added", "Quayside Harbour Authority")]


def test_a_name_cut_at_its_and_is_joined_when_the_text_writes_its_acronym(nlp):
    doc = nlp(nlp_text("On Friday, Customs and Border Protection declined the offer made by the clinic. "
                       "CBP said vaccine clinics were not feasible."))
    names = {m.actor.name for m in DocActors(doc).mentions}
    assert "Customs and Border Protection" in names and "Customs" not in names and "CBP" not in names


@pytest.mark.parametrize("text, expected", [
    # the organisation whose name has the word
    ("The Environmental Protection Agency will review the rule, Ms. Lee said. The agency said it would act.",
     [("said", "Lee"), ("said", "Environmental Protection Agency")]),
    # the organisation that spoke just before
    ('"We doubt a quick recovery," said Marlow Capital Partners. Growth could stall, the brokerage said.',
     [("said", "Marlow Capital Partners"), ("said", "Marlow Capital Partners")]),
    ("Shares fell after Reuters reported that the talks had stalled in Oslo. Later the news organization, quoting "
     "an official, reported that the envoy had left.",
     [("reported", "Reuters"), ("reported", "Reuters")]),
    # the organisation that was the subject of the sentence before; a spokesperson tied to no body
    ("Harbour Freight Lines did not accept the offer on Friday. A spokesperson said in an email that the company "
     "had never run such clinics.",
     [("accept", "Harbour Freight Lines"), ("said", "Harbour Freight Lines")]),
    # the people of a body
    ("Representatives from the Department of the Interior announced that the agency would issue guidance.",
     [("announced", "U.S. Department of the Interior")]),
    # a body word alone: the body named with it last before
    ("The Nordic Council met on Monday. On Friday, the Arctic Fisheries Council ended its session. The Council "
     "said that quotas would fall.", [("said", "Arctic Fisheries Council")]),
])
def test_described_organisations(nlp, text, expected):
    assert _speakers(nlp, text) == expected


@pytest.mark.parametrize("text", [
    "The agency said it would act.",                                   # no organisation named before
    "Tom Reyes runs a small bakery. An agency said prices would rise.",    # not "the"
])
def test_descriptions_with_no_organisation(nlp, text):
    assert _speakers(nlp, text)[-1][1] is None


@pytest.mark.parametrize("text, expected", [
    # a document speaks for whoever the text says issued it
    ("According to figures published by the Ministry of Fisheries last month, catches fell by a third.",
     [("according to", "Ministry of Fisheries")]),
    ("A statement issued by the Harbour Authority said the port would reopen.", [("said", "Harbour Authority")]),
    ("A report seen by reporters says the port will reopen.", [("says", None)]),           # seen, not issued
    # an office named by its full title, with no holder named
    ("The United Nations High Commissioner for Refugees said the camp was full.",
     [("said", "United Nations High Commissioner for Refugees")]),
    ("The High Commissioner said the camp was full.", [("said", None)]),
])
def test_documents_and_offices_that_speak_for_a_body(nlp, text, expected):
    assert _speakers(nlp, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Norway's foreign ministry said it regretted the vote.", [("said", "Norwegian Foreign Ministry")]),
    ("The Chinese commerce ministry said it would respond.", [("said", "Chinese Commerce Ministry")]),
    ("The Chinese ministry said it would respond.", [("said", "China")]),            # no portfolio: the country
])
def test_a_countrys_ministry_named_by_its_portfolio(nlp, text, expected):
    assert _speakers(nlp, text) == expected


@pytest.mark.parametrize("code, expected", [("RUS", "Russian"), ("USA", "American"), ("XXX", None)])
def test_demonym_of(code, expected):
    from communique.transforms.countries import demonym_of
    assert demonym_of(code) == expected
