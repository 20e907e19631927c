"""What the entity recogniser names that is no actor: documents and meetings ("the Minsk Agreements"), venues
("the Oval Office"), market codes ("Sterling GBP="), web addresses, a transcript's stage directions
("(Laughter.)"), a possessive name with a date ("Trump’s July 25"), names used only as places ("the towns of
Bucha, Irpin and Hostomel"), a news dateline's place and agency ("BUFFALO, N.Y. —", "WASHINGTON (AP) —"), stock
market indexes ("Kospi Index"), social networks named as where ("on Twitter") and a page's follow-us line."""
from __future__ import annotations

import re

from typing import Dict, Optional

from spacy.tokens import Doc, Span, Token

from communique.transforms import countries
from communique.transforms.article_body import FUNCTION_WORDS
from communique.transforms.nlp_model import doc_text

ISSUE_WORDS = {"treaty", "agreement", "accord", "convention", "act", "protocol", "plan", "initiative", "doctrine",
               "statement", "declaration", "resolution", "principles", "guidelines", "charter", "strategy",
               "treaties", "agreements", "accords", "framework", "summit", "dialogue", "corridor", "deal",
               "memorandum", "ceasefire", "truce"}      # documents and meetings: "the Minsk Agreements", "a Summit"
VENUE = re.compile(r"\b(?:Oval Office|[A-Z]\w+ (?:Room|Garden|Lawn))$")
ADDRESS = re.compile(r"@|://|\bwww\.|\.(?:gov|com|org|net)\b", re.I)     # e-mail, handle, web address
TICKER = re.compile(r"=|\b[A-Z]{2,}\d+\b|\.[A-Z]{2,4}\b")       # "GBP=", "CMAL3", ".DJI"
DATED_POSSESSIVE = re.compile(r"[’']s\s+\S+\s+\d")         # "Trump’s July 25"
# stock market indexes: "Kospi Index", "Shanghai Composite", "the Sensex", "Nikkei 225", "FTSE 100"
MARKET_INDEX = re.compile(r"\b(?:Index|Composite|Industrial Average)\b|^(?:the\s+)?(?:Sensex|Nifty|Nikkei|Kospi|"
                          r"Hang Seng|FTSE|DAX|CAC|Stoxx|STOXX|Topix|TOPIX|Bovespa|S&P|ASX|TSX)(?:\s+\d+)?$")
PLATFORMS = {"facebook", "twitter", "instagram", "youtube", "tiktok", "linkedin", "whatsapp", "telegram",
             "snapchat", "threads", "truth social", "x"}          # "said on Twitter": where, not who
_BRACKETED = re.compile(r"((?:[A-Z][\w’'-]*\s+(?:(?:of|for|on|to|the|and)\s+)*){1,8}[A-Z][\w’'-]*)\s*\(([A-Z]{2,8})\)")
_PROGRAMMES_KEY = "communique_programme_acronyms"
_FOLLOW = {"follow", "like", "subscribe", "join", "share"}        # "Follow Harbour Daily on Facebook and ..."


def document_name(text: str) -> bool:
    """'the Minsk Agreements', 'the Presidential Initiative for Democratic Renewal': a document's, meeting's or
    programme's name (its last word, or the word before its "of"/"for", is one of :data:`ISSUE_WORDS`)."""
    words = text.lower().split()
    head = next((words[k - 1] for k, w in enumerate(words) if k and w in ("of", "on", "for", "to")), None)
    return bool(words) and (words[-1] in ISSUE_WORDS or head in ISSUE_WORDS)


def _programmes(doc: Doc) -> Dict[str, str]:
    if _PROGRAMMES_KEY not in doc.user_data:
        doc.user_data[_PROGRAMMES_KEY] = {m.group(2): m.group(1) for m in _BRACKETED.finditer(doc_text(doc))
                                          if document_name(m.group(1))}
    return doc.user_data[_PROGRAMMES_KEY]


def programme_name(acronym: str, doc: Doc) -> Optional[str]:
    """The name of the programme or document a text gives an acronym to in brackets ("the European Democratic
    Resilience Initiative (EDRI)": "EDRI" -> "European Democratic Resilience Initiative"), or None. Such an
    acronym is no actor, like the name it stands for."""
    return _programmes(doc).get(acronym)


def stage_direction(ent: Span) -> bool:
    """'(Laughter.)', '(Applause)': a transcript's one-word note in brackets, no actor."""
    doc = ent.doc
    before = doc[ent.start - 1].text if ent.start else ""
    after = [t.text for t in doc[ent.end:ent.end + 2]]
    return len(ent) == 1 and ent.label_ in ("PERSON", "ORG") and not ent.text.isupper() and before == "(" and bool(
        after) and countries.lookup(ent.text) is None and (
        after[0] == ")" or after[:2] == [".", ")"])      # not an acronym: "the Atlantic Council (ACUS)"


_PLACE_NOUNS = {"town", "towns", "city", "cities", "village", "villages", "region", "regions", "province",
                "district", "peninsula", "port", "island", "islands", "suburb", "suburbs", "area", "areas"}


_UNIT = re.compile(r"[kMGT]W(?:h|p|e)?|bcm|tcf|mtpa")        # "30.8 GW of solar", "1,200 MWh": units, no bodies


def no_actor(ent: Span) -> bool:
    """An entity that names no actor wherever it stands: a stage direction, a market index, a social network
    named as where, a name in a follow-us line, a unit of measure, a heading."""
    return stage_direction(ent) or bool(MARKET_INDEX.search(ent.text)) or on_a_platform(ent.root) \
        or page_chrome(ent) or bool(_UNIT.fullmatch(ent.text)) or heading(ent)


def heading(ent: Span) -> bool:
    """'Longer-Term Goals: The initiative will ...', 'Defending Journalists, Civic Activists and At-Risk Groups:',
    'Man Shot at Harbour Gas Station Dies at Hospital': a name in a heading or a promoted headline (a short line or
    a paragraph's opening words before a colon, in title case, with no full stop) that the text names nowhere
    else: words the recogniser read as a name; not a speaker's label ("Tomas Eberle: I run the bakery ...")."""
    if ent.label_ not in ("ORG", "PERSON"):
        return False
    text = doc_text(ent.doc)
    start = max(text.rfind("\n", 0, ent.start_char) + 1, ent.sent.start_char)
    end = text.find("\n", ent.end_char)
    line = text[start:end if end >= 0 else len(text)].strip()
    colon = text.find(":", ent.end_char, end if end >= 0 else len(text))
    if colon >= 0 and "." not in text[start:colon] and len(text[start:colon].split()) <= 12:
        last = ent.doc.char_span(start, colon, alignment_mode="expand")
        if last is not None and last[-1].ent_type_ == "PERSON" and not lower_case_words(last[-1].text, text):
            return False            # "Uefa President Michel Platini:": a speaker's label
        line = text[start:colon + 1]
    elif "," in line or not _between_prose(text, start, end if end >= 0 else len(text)):
        return False                # an item of a list ("Ann Lee, Harbour Coalition"), not a headline set into prose
    if ent.label_ == "PERSON" and not lower_case_words(ent.text, text):
        return False                # "Tomas Eberle: ...", "Cathy Russell Bio": a person's name
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", line) if w.lower() not in FUNCTION_WORDS]
    title_case = len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)
    return title_case and len(line.split()) <= 15 and not line.isupper() \
        and (line.endswith(":") or line[-1:] not in ".!?\"”’)") and text.count(ent.text) == 1


def _between_prose(text: str, start: int, end: int) -> bool:
    """Whether the lines before and after a line (blank lines aside) end like sentences."""
    before = text[:start].rstrip()
    after = text[end:].lstrip()
    after = after[:after.find("\n")] if "\n" in after else after
    return bool(before and after) and before[-1] in ".!?\"”" and after.rstrip()[-1:] in (".", "!", "?", "\"", "”")


def lower_case_words(name: str, text: str) -> bool:
    """Whether the text also writes a word of a name (of four letters or more) in lower case ("Urgent Needs" in a
    text on "urgent needs"): common words in title case, not a person's name."""
    return any(re.search(rf"\b{re.escape(w.lower())}\b", text) for w in re.findall(r"[\w-]{4,}", name))


def market_index(tok: Token) -> bool:
    """Whether a noun is a stock market index's name ("Japan's Nikkei 225 declined 0.3%", "the Kospi Index")."""
    words = [c for c in tok.lefts if c.dep_ == "compound"] + [tok] + \
        [c for c in tok.rights if c.dep_ in ("nummod", "compound") and c.i == tok.i + 1]
    return bool(MARKET_INDEX.search(" ".join(t.text for t in words)))


def on_a_platform(tok: Token) -> bool:
    """'said on Twitter', 'on Instagram, Facebook and Twitter': a social network named as where, not who."""
    tok = _first_conjunct(tok)
    return tok.lower_ in PLATFORMS and tok.dep_ == "pobj" and tok.head.lower_ in ("on", "via", "across")


def page_chrome(ent: Span) -> bool:
    """A name in a line that asks the reader to follow, like or subscribe ("Follow Harbour Daily on Facebook, X
    and Instagram."): the publisher's page chrome, no actor."""
    first = ent.sent[0]
    return first.lower_ in _FOLLOW and first.tag_ == "VB" and first.i < ent.start


def _first_conjunct(tok: Token) -> Token:
    """The first item of the list a token is in ("Bucha" for "Irpin" in "Bucha, Irpin and Hostomel")."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def a_place(tok: Token) -> bool:
    """A name used only as a place: "in Irpin", "near Bucha", "the towns of Bucha, Irpin and Hostomel", "such
    as Mariupol" after towns and cities."""
    tok = _first_conjunct(tok)
    if tok.dep_ == "compound":
        return tok.head.lower_ in _PLACE_NOUNS                 # "the Westerplatte peninsula"
    if tok.dep_ != "pobj":
        return False
    prep = tok.head
    if prep.lower_ in ("in", "near", "outside", "around", "across", "throughout"):
        return True
    such_as = prep.lower_ == "as" and any(c.lower_ == "such" for c in prep.children) and any(
        t.lower_ in _PLACE_NOUNS for t in tok.doc[tok.sent.start:prep.i])
    return such_as or (prep.lower_ == "of" and prep.head.lower_ in _PLACE_NOUNS)


# "BUFFALO, N.Y. —", "TOLEDO, Ohio —", "WASHINGTON (AP) -"
_DATELINE = re.compile(r"[A-Z][A-Z.'’ -]{1,30}(?:,\s*[A-Z][A-Za-z.]{1,15}(?:\s[A-Z][A-Za-z.]{1,15})?)?"
                       r"(?:\s*\([A-Za-z]{2,12}\))?\s*[—–-]{1,2}\s")


def in_dateline(tok: Token) -> bool:
    """Whether a token lies in a news dateline opening its paragraph ("BUFFALO, N.Y. —", "WASHINGTON (AP) —"):
    a place and an agency, neither an actor nor a speaker."""
    doc = tok.doc
    start = tok.sent.start_char
    text = doc_text(doc)
    if tok.idx - start > 48:
        return False
    m = _DATELINE.match(text, start, min(len(text), start + 64))
    return m is not None and tok.idx < m.end()
