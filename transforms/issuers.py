"""Who issues a text: its author as an actor. A journalist's byline is no actor; an official who issues a
release is ("Antony J. Blinken, Secretary of State"), named by the feed's author field, by a header line before
the body, or by the release's title ("Statement from President Joe Biden on ...": the official after "Statement
by/from"; a "Presidential Message on ..." on whitehouse.gov: the president in office). The issuer is who the
text's own "I" and "we" are."""
from __future__ import annotations

import datetime as dt
import re
from typing import List, Optional, Tuple

import courlan
from spacy.tokens import Doc

from communique.transforms import countries, departments, lexicons
from communique.transforms.actors import PERSON, ActorRef
from communique.transforms.nlp_model import doc_text
from communique.transforms.office_holders import holder_of, known_holder
from communique.transforms.quotes import QuoteIndex
from communique.transforms.raw_statements import TITLE, RawStatement

_ORG_WORDS = {"party", "congress", "committee", "council", "ministry", "department", "office", "government",
              "service", "agency", "news", "press", "union", "association", "institute", "foundation", "bjp", "inc"}


_PRESS_WORDS = {"correspondent", "reporter", "writer", "editor", "columnist", "contributor", "staff", "press",
                "news", "service", "photographer", "producer", "anchor", "host", "journalist"}


def official_title(role: str) -> Optional[str]:
    """The role after an author's name when it is an office ("Secretary of State", "Department Spokesperson"),
    not a newsroom's ("Staff Writer", "Washington Bureau Chief", "American Forces Press Service")."""
    words = re.findall(r"[a-z.]+", role.lower())
    titled = any(lexicons.is_title(w) for w in words) or any(lexicons.is_title(f"{a} {b}")
                                                              for a, b in zip(words, words[1:]))
    newsroom = set(words) & _PRESS_WORDS or "bureau chief" in " ".join(words)
    return role.strip() if titled and not newsroom else None


def author_actor(author: Optional[str]) -> Optional[ActorRef]:
    """The article's author as an actor: 'Antony J. Blinken, Secretary of State' -> PERSON Antony J. Blinken,
    titled: an official who issues the text, not a journalist's byline."""
    if not author:
        return None
    name = re.sub(r"^\s*by\s+", "", author.split(",")[0].split(" and ")[0], flags=re.I).strip()
    if not name:
        return None
    words = name.split()
    person = 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and not (
        {w.lower().strip(".") for w in words} & _ORG_WORDS)
    if not person:
        return ActorRef(name, "ORG")
    pieces = author.split(",")
    title = official_title(pieces[1]) if len(pieces) > 1 else None
    return ActorRef(name, PERSON, country=title_country(title), title=title)


def title_country(title: Optional[str]) -> Optional[str]:
    """The country an official's title names: "U.S. Secretary of State" -> USA, "Canadian Foreign Minister"
    -> CAN, "Minister of Foreign Affairs of Japan" -> JPN, "(Deputy) Secretary of State" (a US department's
    secretary) -> USA; None for "Secretary of State for Foreign Affairs" or "Governor"."""
    words = re.findall(r"[A-Z][\w.'’-]*", title or "")
    if departments.us_secretary(title):
        return departments.COUNTRY          # "Deputy Secretary of State": a US office
    for k in (3, 2, 1):
        for i in range(len(words) - k + 1):
            hit = countries.lookup(" ".join(words[i:i + k]))
            if hit is not None:
                return hit[0]
    return None


_BYLINE = re.compile(r"^[ \t]*(?:By\s+)?(?P<name>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}),\s*"
                     r"(?P<role>[^\n,]{3,60})[ \t]*$", re.M)


def inline_bylines(text: str) -> List[str]:
    """Names a byline line inside the text gives a journalist and their outlet, no actors ("Ann Varga, Nordic
    Herald diplomatic correspondent" over an analysis box: "Ann Varga", "Nordic Herald")."""
    found = []
    for m in _BYLINE.finditer(text):
        words = m.group("role").split()
        press = [k for k, w in enumerate(words) if w.lower() in _PRESS_WORDS]
        if not press or official_title(m.group("role")) is not None:
            continue
        found.append(m.group("name"))
        outlet = []
        for w in words[:press[0]]:          # "BBC" of "BBC diplomatic correspondent"
            if not w[:1].isupper():
                break
            outlet.append(w)
        found.extend([" ".join(outlet)] if outlet else [])
    return found


def header_author(text: str, body_start: int) -> Optional[str]:
    """A release's header line before the body that names the official issuing it ("Antony J. Blinken, Secretary
    of State"), when the article carries no author; None for headlines, bylines and datelines."""
    for line in text[:body_start].splitlines():
        if "," in line and len(line) < 120:
            author = author_actor(line)
            if author is not None and author.actor_type == PERSON and author.title:
                return line.strip()
    return None


_STATEMENT_TITLE = re.compile(r"^\s*(?:joint\s+)?statements?\s+(?:by|from|of)\s+(?:the\s+)?(?P<who>.+?)"
                              r"(?:\s+(?:on|in|regarding|marking|about|following|after|for|to|at|as)\s.*)?$", re.I)


def _clean(title: Optional[str]) -> str:
    return " ".join((title or "").replace("\\", " ").split())


def title_author(title: Optional[str], day: Optional[dt.date] = None) -> Optional[str]:
    """The official a release's title names as its issuer, as an author line ("Joe Biden, President"):
    "Statement from President Joe Biden on the Jobs Report", "Statement by NSC Spokesperson Emily Horne on ...";
    "President Biden" takes the office holder's full name on ``day``. None when the title names no person
    ("Statement from the Press Secretary", "Joint Statement of the Leaders of ...")."""
    m = _STATEMENT_TITLE.match(_clean(title))
    if m is None:
        return None
    words = m.group("who").split()
    cut = max((i for i, w in enumerate(words) if lexicons.is_title(w.lower())), default=None)
    if cut is None:
        return None
    role, name = " ".join(words[:cut + 1]), words[cut + 1:]
    if not 1 <= len(name) <= 4 or not all(w[:1].isupper() for w in name):
        return None
    if len(name) == 1:
        holder = known_holder(name[0], role, day)
        if holder is None:
            return None
        name = holder.name.split()
    return f"{' '.join(name)}, {role}"


_MESSAGE_TITLE = re.compile(r"^(?:[^:]{1,40}:\s*)?presidential\s+(?:message|statement)\b", re.I)
_PRESIDENCIES = {"whitehouse.gov": "USA"}      # the sites a "Presidential Message" names its president by


def message_author(title: Optional[str], url: Optional[str], day: Optional[dt.date] = None) -> Optional[str]:
    """The president a "Presidential Message on ..." (or "America 250: Presidential Message on ...") from a
    presidency's own site is issued by, as an author line ("Donald Trump, President"): the title names the office
    and the site its country; None elsewhere or when the office holder on ``day`` is not known."""
    if not url or not _MESSAGE_TITLE.match(_clean(title)):
        return None
    country = _PRESIDENCIES.get(courlan.extract_domain(url) or "")
    if country is None:
        return None
    holder = holder_of(country, "president", day)
    return f"{holder.name}, President" if holder is not None else None


_OWN_VOICE = {"i", "we", "my", "me"}      # not "our": a readout's "our approach" is the country's
_PARAGRAPH_END = re.compile(r"\n[ \t\u00a0]*\n")


def release_statement(doc: Doc, body: Tuple[int, int], title: Optional[str], issuer: ActorRef,
                      quotes: QuoteIndex) -> Optional[RawStatement]:
    """A release titled as an official's statement ("Statement from President Joe Biden on ...") that speaks in
    the first person outside quotations is that official's statement: a row whose content is the body's first
    paragraph, its cue the title's "Statement" (cue_source "title": the title is no part of the text, so speaker
    and cue have no offsets)."""
    m = _STATEMENT_TITLE.match(_clean(title))
    text = doc_text(doc)
    start = body[0] + len(text[body[0]:body[1]]) - len(text[body[0]:body[1]].lstrip())
    if m is None or start >= body[1]:
        return None
    found = _PARAGRAPH_END.search(text, start, body[1])
    end = len(text[:found.start() if found else body[1]].rstrip())
    first = doc.char_span(start, end, alignment_mode="expand")
    own_voice = any(t.lower_ in _OWN_VOICE and body[0] <= t.idx < body[1] and not quotes.inside(t.idx) for t in doc)
    if first is None or not len(first) or not own_voice:
        return None      # a readout issued as a spokesperson's statement reports others in the third person
    sentence = next(iter(first.sents))
    cue = m.group(0).split()[0] if not m.group(0).lower().startswith("joint") else " ".join(m.group(0).split()[:2])
    return RawStatement(speaker=issuer, speaker_span=(start, start, m.group("who")), cue=cue, cue_span=(start, start),
                        cue_act="STATEMENT", cue_token=first.start, content=(start, end),
                        sentence=(sentence.start_char, sentence.end_char), complement_root=None,
                        quote_type="direct", found_by=TITLE)
