"""Who a joint statement's "we" is, when the text says so itself.

Joint statements name their authors in their own words, either in the body ("We, the G7 Foreign Ministers of
Canada, France, ..., remain concerned ...") or in the line that introduces them ("The text of the following
statement was released by the Governments of the United States of America and India"). That body's "we" and
its unattributed commitments are theirs: one actor, a group named by the phrase (without its list of countries:
"G7 Foreign Ministers"), or the person, country or organisation the phrase is when it is a single mention
("released by Secretary of State Antony J. Blinken"). Pure functions over the text and its actor mentions.
"""
from __future__ import annotations

import re
from typing import Optional

from communique.transforms import countries
from communique.transforms.actors import GROUP, PERSON, ActorRef, DocActors
from communique.transforms.nlp_model import doc_text
from communique.transforms.quotes import QuoteIndex

_WE_THE = re.compile(r"(?<![^\s(\[])We,\s+(?P<np>the\s+[^,;:\n“”\"]{2,90}?)\s*,")
_RELEASED = re.compile(
    r"(?i:the\s+(?:text\s+of\s+the\s+)?following\s+(?:joint\s+)?statement\s+was\s+"
    r"(?:released|issued|agreed\s+upon|agreed\s+to|adopted)\s+by"
    r"|the\s+following\s+is\s+(?:the\s+)?(?:text\s+of\s+)?(?:a|the)\s+joint\s+statement\s+(?:released|issued)?\s*by)"
    r"\s+(?P<np>(?:[^.:\n]|\.(?=\S)|(?<=\s[A-Z])\.){3,400})")      # "U.S.", "Antony J. Blinken"
_PHRASE_END = re.compile(r"\s+(?:on the occasion|following|after|at the|in|on|during|to mark|ahead of)\s")
_GENERIC = {"governments", "government", "leaders", "ministers", "countries", "members", "partners", "participants"}


def _country_follows(text: str) -> bool:
    """Whether a country's name opens the text ("Canada, France, ...", "the United States of America and ...")."""
    words = re.findall(r"[\w.'’-]+", text)[:5]
    return any(countries.lookup(" ".join(words[:k])) is not None for k in range(len(words), 0, -1))


def group_name(phrase: str) -> Optional[str]:
    """The name of the group a phrase is: without its article and its list of countries ("the G7 Foreign
    Ministers of Canada, France" -> "G7 Foreign Ministers"); the whole phrase when what is left would be a bare
    word ("the Governments of the United States and India" -> "Governments of the United States and India").
    None for a phrase with no capitalised word before "of" ("the people of Ukraine", "the undersigned")."""
    phrase = re.sub(r"^(?:the|The)\s+", "", " ".join(phrase.split())).rstrip(" ,")
    head, of, rest = phrase.partition(" of ")
    if not any(w[:1].isupper() or w[:1].isdigit() for w in head.split()):
        return None
    if of and _country_follows(rest) and head.lower() not in _GENERIC:
        return head
    return phrase


def _single_mention(actors: DocActors, start: int, end: int) -> Optional[ActorRef]:
    """The one actor a phrase consists of: a single mention covering most of it, or a person's name ending it
    after a title ("Secretary of State Ann Varga")."""
    inside = [m for m in actors.mentions if start <= m.start and m.end <= end]
    if len({m.actor.name for m in inside}) == 1 and (inside[0].end - inside[0].start) >= 0.6 * (end - start):
        return inside[0].actor
    people = {m.actor.name: m for m in inside if m.actor.actor_type == PERSON}
    person = next(iter(people.values())) if len(people) == 1 else None
    return person.actor if person is not None and person.end == end else None


def _voice(actors: DocActors, start: int, phrase: str) -> Optional[ActorRef]:
    cut = _PHRASE_END.search(phrase)
    phrase = phrase[:cut.start()] if cut else phrase
    if len(phrase) >= 400 and "," in phrase:
        phrase = phrase[:phrase.rfind(",")]          # a long list of countries, cut at its last whole name
    name = group_name(phrase)
    single = _single_mention(actors, start, start + len(phrase.rstrip(" ,")))
    if single is not None and (name is None or " of " in name or " of " not in phrase):
        return single        # not "G7 Foreign Ministers" whose recognised name runs on into "of Canada"
    if name is None:
        return None
    end = start + len(phrase)
    codes = {m.actor.country for m in actors.mentions if start <= m.start and m.end <= end and m.actor.country}
    listed = name != phrase.strip(" ,").removeprefix("the ") or "," in phrase or " and " in phrase
    return ActorRef(name, GROUP, country=codes.pop() if len(codes) == 1 and not listed else None)


def collective_voice(actors: DocActors, quotes: QuoteIndex) -> Optional[ActorRef]:
    """Who the text's own "we" is when it names them: "We, the ..." outside quotation marks, else the line that
    introduces a joint statement ("The following statement was released by ..."); None when it names no one."""
    text = doc_text(actors.doc)
    for pattern in (_WE_THE, _RELEASED):
        m = next((m for m in pattern.finditer(text) if not quotes.inside(m.start())), None)
        voice = _voice(actors, m.start("np"), m.group("np")) if m is not None else None
        if voice is not None:
            return voice
    return None
