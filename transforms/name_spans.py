"""Where a person's name begins and ends in the text: the recogniser's PERSON span without the title, honorific,
country, verb or body words it took in ("Mr Putin", "Serbia Aleksandar Vucic", "rang Taylor", "the State Duma
Ivan Petrov"), with the given name it left out ("Secretary of State Antony J. Blinken"), and the names it
labelled as part of an organisation or place ("President of Palestine Yusuf Nasser"); and where the recogniser
cut an organisation's name ("[the U.S. Agency for] [International Development]") or took a court case's party
for one ("Dobbs v. Jackson ...")."""
from __future__ import annotations

import re

from typing import Iterator, List, Optional, Sequence, Tuple

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from communique.transforms import countries, lexicons

HONORIFICS = {"mr", "ms", "mrs", "miss", "dr", "sir", "dame", "madam", "madame", "dear",
              "h.e", "hon"}      # "H.E.": His or Her Excellency
_PARTICLES = {"de", "da", "di", "du", "del", "della", "der", "van", "von", "la", "le", "al", "el", "bin", "ibn", "ben",
              "dos", "das", "y", "ter", "ten", "st."}      # lower-case words inside names ("Alex de Minaur")
BODY_WORDS = {"office", "bureau", "federation", "police", "guard", "academy", "union", "council", "ministry",
              "committee", "agency", "company", "corporation", "group", "party", "bank", "university", "institute",
              "foundation", "association", "commission", "court", "assembly", "forces", "army", "navy", "service",
              "department", "authority", "administration", "organization", "organisation", "fund", "programme",
              "program", "centre", "center", "laboratory", "network", "forum", "society", "alliance", "coalition",
              "board", "directorate", "division", "unit", "services"}


# words of a ministry's portfolio, which the recogniser takes into the name after "Secretary of ..."
_PORTFOLIO = {"defense", "defence", "state", "homeland", "security", "foreign", "affairs", "interior", "justice",
              "treasury", "commerce", "energy", "health", "education", "labor", "labour", "agriculture", "veterans",
              "transportation", "natural", "resources", "finance", "economy", "trade", "industry", "culture", "home",
              "environment", "development", "housing", "emergency", "situations", "internal", "human", "services"}


def title_word(tok: Token) -> bool:
    return lexicons.is_title(tok.lower_)


def _first_name(doc: Doc, i: int) -> bool:
    """A capitalised proper noun right before a name that is no title, country or 'of'-phrase word."""
    tok = doc[i]
    return (tok.pos_ == "PROPN" and tok.text[:1].isupper() and not tok.text.isupper() and tok.is_alpha
            and tok.lower_ not in lexicons.roles() and tok.ent_type_ in ("", "PERSON")
            and countries.lookup(tok.text) is None and (i == 0 or doc[i - 1].lower_ != "of"))


def _initial(tok: Token) -> bool:
    return len(tok.text) == 2 and tok.text[0].isupper() and tok.text[1] == "."


def person_span(doc: Doc, ent: Span) -> Tuple[int, int]:
    """Token range of a person's name: the entity, extended over following proper nouns, minus 's."""
    start, end = ent.start, ent.end
    while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() and not doc[end].ent_type_:
        end += 1
    if end - start > 1 and end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ \
            and not doc[end].whitespace_ and doc[end + 1].is_alpha and doc[end + 1].is_lower \
            and not doc[end + 1].lower_.endswith(("ed", "ing")):
        end += 2              # "Moon Jae-in", "Yoon Suk-yeol": the recogniser cut the given name at its hyphen
    if end < len(doc) and doc[end].ent_iob_ == "B" and doc[end].ent_type_ == "PERSON" and ent.end - ent.start > 1 \
            and doc[end].lower_ in _PARTICLES:
        while end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I":
            end += 1          # "[Mohammed bin Salman] [Al Saud]": a long name the recogniser cut at a particle
        end += 1
    missed_given = ent.end - ent.start == 1 or _initial(doc[ent.start])      # "J. Blinken", "Blinken"
    while missed_given and start > 0 and _first_name(doc, start - 1):
        start -= 1            # "Secretary of State Antony J. Blinken": the recogniser left "Antony" out
    # but "... and Labor Lisa Peterson", "... Public Affairs Liz Allen": a full name takes no office words
    if end + 1 < len(doc) and doc[end].text == "," and name_suffix(doc[end + 1].text):
        end += 2              # "Joseph R. Biden, Jr.": the suffix is the name's
    possessive = next((t.i for t in doc[start:end] if t.lower_ in ("'s", "’s")), None)
    if possessive is not None:
        end = possessive      # "Trump’s July 25", "Holcomb’s 2016": the name ends at its possessive
    while end > start and (doc[end - 1].is_punct or any(c.isdigit() for c in doc[end - 1].text)
                           or (end - start > 2 and doc[end - 1].text in ("Bio", "Biography"))):
        end -= 1              # "Nicolas Jarry 6-4", "Kim Kardashian -", a heading's "Cathy Russell Bio"
    while end - start > 1 and (title_word(doc[start]) or doc[start].lower_.rstrip(".") in HONORIFICS
                               or doc[start].pos_ == "VERB"
                               or (doc[start].text[:1].islower() and doc[start].lower_ not in _PARTICLES)
                               or (end - start > 2 and start >= 2 and doc[start - 2].lower_ == "the"
                                   and doc[start - 1].pos_ == "PROPN" and not title_word(doc[start - 1]))
                               or (end - start > 2 and countries.lookup(doc[start].text) is not None)
                               or (end - start > 2 and doc[start].lower_ in _PORTFOLIO)):
        start += 1            # "King Abdullah", "Mr Putin", "Serbia Aleksandar Vucic", "rang Taylor", "the State
    return start, end         # [Duma] Ivan Petrov": no title, honorific, country, verb or body is in the name


def name_after_country(doc: Doc, ent: Span) -> Optional[Tuple[int, int]]:
    """The person's name an organisation or place entity ends with when a title's "of" / "for" / "to" phrase
    runs into it: "President of [Palestine Yusuf Nasser]", "of [the Republic of Moldova Ion Rusu]", "envoy to
    [Ukraine Mark Hale]", "Secretary of [Homeland Security Ann Varga]", "Chairperson of [the Election Commission
    Ann Varga]". The country, portfolio or body words are the title's; the proper nouns after them the name."""
    first = ent.start + (ent[0].lower_ == "the")
    before = doc[ent.start - 1].lower_ if ent.start else ""
    if before not in ("of", "for", "to") or ent.end - first < 3 or ent.start < 2 or not title_word(doc[ent.start - 2]):
        return None       # a title right before: "President of", "envoy to"
    for k in range(ent.end - 2, first, -1):          # the longest country prefix that leaves a name
        prefix = doc[first:k].text
        words = [t for t in doc[k:ent.end] if t.text not in ("-", "‐")]
        if all(t.lower_ in _PORTFOLIO | {"and", "of"} for t in doc[first:k]):      # "Homeland Security"
            return (k, ent.end) if 2 <= len(words) <= 3 and all(
                t.pos_ == "PROPN" and t.lower_ not in _PORTFOLIO | BODY_WORDS for t in words) else None
        if doc[k - 1].lower_ in BODY_WORDS and doc[k - 1].text[:1].isupper() and 2 <= len(words) <= 3 and all(
                t.pos_ == "PROPN" and t.text[:1].isupper() and not t.text.isupper()
                and t.lower_ not in lexicons.roles() and t.lower_ not in BODY_WORDS for t in words):
            return k, ent.end         # "Chairperson of [the National Voting Board Ana Drita]"
        hit = countries.lookup(prefix)
        if hit is not None and not countries.is_capital(prefix):
            if prefix.split()[-1] != hit[1].split()[-1]:
                return None           # "the British Foreign Office", "U.S. Capitol Police": an adjective or short form
            if 2 <= len(words) <= 4 and words[-1].lower_ not in BODY_WORDS and all(
                    t.pos_ == "PROPN" and t.text[:1].isupper() and not t.text.isupper()
                    and t.lower_ not in lexicons.roles() for t in words):
                return k, ent.end
            return None
    name = doc[ent.end - 2:ent.end]
    if ent.label_ == "ORG" and ent.end - 2 - first >= 2 and all(t.text[:1].isupper() for t in doc[first:ent.end]) \
            and all(t.pos_ == "PROPN" and t.is_alpha and not t.text.isupper()
                    and t.lower_ not in _PORTFOLIO | BODY_WORDS | set(lexicons.roles())
                    and countries.lookup(t.text) is None for t in name):
        return name.start, name.end       # "Director of [National Intelligence Ann Varga]": a longer portfolio
    return None


def gerund_not_given_name(span: Span, spans: Sequence[Span]) -> bool:
    """'Hosting Cook at Dreamforce ...', 'Questioning Vindman's judgment': a sentence's first word in -ing
    before a surname that another full name in the text carries."""
    head = span[0]
    opening = all(t.is_punct or t.like_num or t.is_space for t in span.doc[head.sent.start:head.i])
    return (len(span) == 2 and opening and head.lower_.endswith("ing") and len(head) > 5
            and any(len(o) > 1 and o[-1].text == span[-1].text and o[0].text != head.text for o in spans))


_NAME_WORD = re.compile(r"[A-Z][a-z'’-]+|[A-Z]\.")


_SUFFIX = re.compile(r",?\s(Jr|Sr)\.?(?![a-z])")          # a generational suffix after a name: ", Jr."


def name_suffix(word: str) -> bool:
    """Whether a word is a generational suffix ("Jr.", "Sr"), which no surname is."""
    return word.rstrip(".").lower() in ("jr", "sr")


def with_suffix(name: str) -> str:
    """A name with its suffix written without the comma: "Joseph R. Biden, Jr." -> "Joseph R. Biden Jr."."""
    return re.sub(r",\s*(Jr|Sr)\.?$", r" \1.", name)


def full_name_in(text: str, surname: str) -> Optional[str]:
    """The full name a headline or a release's header line gives for a surname the body uses alone: "Kosovo
    President Vjosa Osmani" -> "Vjosa Osmani" (given names after a title or "with"), "Antony J. Blinken, Secretary of
    State" -> "Antony J. Blinken" (a line that opens with the name and a comma); None otherwise ("Trump Slams
    Pelosi" names no given name) or when two full names end in the surname."""
    found = set()
    for start, end in _occurrences(text, surname):
        line_start = text.rfind("\n", 0, start) + 1
        words = text[line_start:start].split()
        given: list = []
        while words and len(given) < 3 and _NAME_WORD.fullmatch(words[-1]) and not _not_given(words[-1]):
            given.insert(0, words.pop())
        titled = bool(words) and (lexicons.is_title(words[-1].lower()) or words[-1].lower() == "with"   # "Meeting
                                  or words[-1].lower().rstrip(".") in HONORIFICS)      # "... Affairs Dr. S. Jaishankar"
        # with Igor Rudenya", "Call with Ivo Lund": who meets is named in full
        opens_line = not words and text[end:end + 1] == "," and not _SUFFIX.match(text, end)
        if given and not given[0].endswith(".") and (titled or opens_line):
            suffix = _SUFFIX.match(text, end)          # "President Joseph R. Biden, Jr.’s Meeting"
            found.add(" ".join(given + [surname] + ([suffix.group(1) + "."] if suffix else [])))
    return found.pop() if len(found) == 1 else None


def full_name_from_given(text: str, given: str) -> Optional[str]:
    """The full name a headline gives after a title for a given name the body uses alone ("Foreign Minister
    Yair, thank you" under "... And Israeli Foreign Minister Yair Lapid Before Their Meeting" -> "Yair Lapid"):
    the given name and the one capitalised word after it; None unless exactly one."""
    found = set()
    for start, end in _occurrences(text, given):
        before = text[text.rfind("\n", 0, start) + 1:start].split()
        after = re.match(r"\s+([A-Z][a-z'’-]+)\b", text[end:])
        if before and lexicons.is_title(before[-1].lower()) and after and not _not_given(after.group(1)):
            found.add(f"{given} {after.group(1)}")
    return found.pop() if len(found) == 1 else None


def _occurrences(text: str, word: str) -> Iterator[Tuple[int, int]]:
    """(start, end) of each whole-word occurrence of a word or name in a text (str.find: no pattern per name)."""
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before in "._" or after.isalnum() or after == "_"):
            yield start, end
        start = text.find(word, start + 1)


def _not_given(word: str) -> bool:
    low = word.lower()
    return (low.rstrip(".") in HONORIFICS or low in _PARTICLES or low in lexicons.roles()      # titles are roles
            or countries.lookup(word) is not None)


def coordinated_names(doc: Doc, spans: Sequence[Span]) -> List[Span]:
    """'Kevin Reyes and Australian Ivo Barnes': a conjunct of a person's name that is written as a name (two or
    three capitalised proper nouns, no country or title among them) but that the recogniser left out or read as
    a date or a nationality is a person's name too."""
    found = []
    for span in spans:
        for conj in span.root.conjuncts:
            if conj.i <= span.root.i or conj.pos_ != "PROPN" or conj.ent_type_ in ("PERSON", "ORG", "GPE", "FAC"):
                continue
            left = conj.i
            while left > 0 and left > conj.i - 3 and _name_compound(doc[left - 1], conj):
                left -= 1
            if conj.i > left and conj.text[:1].isupper() and not title_word(conj):
                found.append(doc[left:conj.i + 1])
    return found


_UNNAMED = ("", "ORG", "NORP")          # what the recogniser may have made of a surname after a title
_CALENDAR = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
             "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}


def titled_surnames(doc: Doc) -> List[Span]:
    """'Defense Secretary Gates', 'Secretary Rice': a capitalised proper noun right after a title that the
    recogniser left out (or took into an organisation) is a person's surname, when it is no role itself, does
    not continue the title's own entity ("General Motors") and no name or "of" follows ("General Prosecutor of
    Ukraine")."""
    found = []
    for tok in doc[1:-1]:
        before, after = doc[tok.i - 1], doc[tok.i + 1]
        if tok.pos_ == "PROPN" and tok.text[:1].isupper() and tok.text[1:].islower() and tok.ent_type_ in _UNNAMED \
                and tok.lower_ not in _CALENDAR and tok.ent_iob_ != "I" \
                and title_word(before) and before.text[:1].isupper() and lexicons.roles().get(tok.lower_) is None \
                and after.pos_ != "PROPN" and after.lower_ != "of" and countries.lookup(tok.text) is None:
            found.append(doc[tok.i:tok.i + 1])
    return found


def _name_compound(tok: Token, head: Token) -> bool:
    return (tok.dep_ == "compound" and tok.head.i == head.i and tok.pos_ == "PROPN" and tok.text[:1].isupper()
            and tok.ent_type_ not in ("NORP", "GPE", "ORG") and countries.lookup(tok.text) is None
            and tok.lower_ not in lexicons.roles())


def title_before_in(text: str, name: str) -> Tuple[Optional[str], Optional[str]]:
    """(title, country alpha-3) a headline or header line puts before a full name: "Russian President Vladimir
    Putin receives Canadian Governor-General Ann Lee" -> ("President", "RUS") for Vladimir Putin and
    ("Governor-General", "CAN") for Ann Lee; (None, None) without a title word right before the name."""
    found = next(_occurrences(text, name), None)
    if found is None:
        return None, None
    words = text[text.rfind("\n", 0, found[0]) + 1:found[0]].split()[-4:]
    title: list = []
    country = None
    for w in reversed(words):
        hit = countries.lookup(w)
        if hit is not None and country is None:
            country = hit[0]
            continue
        if not w[:1].isupper() or country is not None:
            break
        title.insert(0, w)
    if not title or not any(lexicons.is_title(p.lower()) for w in title for p in w.split("-")):
        return None, country if title else None
    return " ".join(title), country


_CAPITALISED_RUN = re.compile(r"[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*)+")         # within a line


def titled_holder_in(text: str, title_word: str) -> Optional[Tuple[str, str, Optional[str]]]:
    """(name, title, country alpha-3) of the person a headline names after a title with ``title_word`` ("... with
    Moroccan Foreign Minister Nasser Bourita" -> ("Nasser Bourita", "Foreign Minister", "MAR") for "minister"): whom
    "the Minister" in a transcript under it is; None when the headline names none or several."""
    found = []
    for m in _CAPITALISED_RUN.finditer(text):
        words = m.group(0).split()
        for k in range(1, len(words) - 1):       # the name: two or three words after a title word
            if not lexicons.is_title(words[k - 1].lower()) or lexicons.is_title(words[k].lower()):
                continue
            name = next((words[k:k + n] for n in (3, 2) if len(words[k:k + n]) == n and not any(
                w.lower() in STOP_WORDS or lexicons.is_title(w.lower()) for w in words[k:k + n])), None)
            title, country = title_before_in(m.group(0), " ".join(name)) if name else (None, None)
            if title and title_word in title.lower().split():
                found.append((" ".join(name), title, country))
    return found[0] if len(found) == 1 else None


def person_read_as_organisation(doc: Doc, ent: Span) -> Optional[Tuple[int, int]]:
    """A person's name the recogniser labelled an organisation: two or three capitalised proper nouns (no body,
    role or country word) right after a title ("Chancellor [Olaf Scholz]") or with a role in apposition ("[Omar
    Haddad], a trade professor at the university,")."""
    words = [t for t in ent if t.text != "-"]           # "Eva-Marie Persson": a hyphenated given name
    if ent.label_ != "ORG" or not 2 <= len(words) <= 3 or ent[0].lower_ == "the" or any(
            t.text == "-" and not (ent.start < t.i < ent.end - 1 and not t.whitespace_ and not doc[t.i - 1].whitespace_)
            for t in ent):
        return None
    if not all(t.pos_ == "PROPN" and t.is_alpha and t.text[:1].isupper() and not t.text.isupper()
               and t.lower_ not in BODY_WORDS and t.lower_ not in lexicons.roles() and t.lower_ not in _PORTFOLIO
               and countries.lookup(t.text) is None for t in words):
        return None                       # not "senior [National Security] Council staff"
    titled = ent.start > 0 and title_word(doc[ent.start - 1])
    role = any(c.dep_ == "appos" and any(t.lower_ in lexicons.roles() for t in c.subtree) for c in ent.root.children)
    role_before = ent.root.dep_ == "appos" and ent.root.head.lower_ in lexicons.roles()   # "its director, [X],"
    return (ent.start, ent.end) if titled or role or role_before else None


LESSER_OFFICES = ("vice", "deputy", "assistant", "under")      # words that make an office a lesser one
_LESSER = tuple(w + " " for w in LESSER_OFFICES) + ("vice-", "former ")


def title_has(title: str, words: str) -> bool:
    """Whether a title holds a title phrase, not as part of a lesser office: "the President" is no "Vice
    President", "the Prime Minister" no "Deputy Prime Minister"; "the Vice President" is one."""
    title = title.lower()
    at = title.find(words)
    while at >= 0:
        if not title[:at].endswith(_LESSER) or words.startswith(_LESSER):
            return True
        at = title.find(words, at + 1)
    return False


_REGNAL_TITLES = {"king", "queen", "prince", "princess", "pope", "emperor", "empress", "sultan", "emir", "amir",
                  "sheikh", "duke", "duchess", "patriarch"}
_NUMERAL = re.compile(r"^[IVX]+$")


_REGNAL_PREFIXES = {"crown", "grand", "prince", "holy"}      # "Crown Prince", "Grand Duke", "Prince Regent"


def regnal_name(title: Optional[str], name: str) -> Optional[str]:
    """The name a royal or a pope goes by, title and all, when the name alone is a given name or a regnal one
    ("Prince" + "Andrew" -> "Prince Andrew", "Pope" + "John Paul II" -> "Pope John Paul II"); None for other
    names ("King" + "Abdullah Rahman" keeps its surname) and other titles."""
    words = name.split()
    titled = (title or "").split()
    if not titled or titled[-1].lower() not in _REGNAL_TITLES or not (len(words) == 1 or _NUMERAL.match(words[-1])):
        return None
    start = len(titled) - 1
    while start > 0 and titled[start - 1].lower() in _REGNAL_PREFIXES:
        start -= 1            # "Crown Prince", "Grand Duke"; not the headline's "The Real Prince Andrew"
    return " ".join(titled[start:] + words)


def titled_name_read_as_thing(ent: Span) -> Optional[Tuple[int, int]]:
    """A royal's, pope's or patriarch's name the recogniser read as a building, a work or an organisation
    ("[Patriarch Alexii II]", "[King Harald V]" labelled FAC): the name after the title."""
    if ent.label_ not in ("FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "ORG") or not 2 <= len(ent) <= 4 \
            or ent[0].lower_ not in _REGNAL_TITLES:
        return None
    name = ent[1:]
    if not all(t.text[:1].isupper() and (t.pos_ == "PROPN" or _NUMERAL.match(t.text)) and t.lower_ not in BODY_WORDS
               for t in name):
        return None
    return name.start, name.end
