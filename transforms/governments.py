"""The government a text calls "the Government" or "the administration" without saying whose.

Annotators of event data, like GDELT and ICEWS coders, take a country for its government, and a text that names
a government once ("the UK Government", "the Trump administration", "the Government of India") then calls it "the
Government". So a bare "the Government" / "the administration" (no word before it but "the", singular) is:

* the country whose government the text names, when it names one country's;
* else the country of the official who issues the text (a release by the Secretary of State);
* else the country the text is about: the one its actors are most often, at least three times and twice as often
  as any other (a Kremlin readout's "The Government will fund the plant").

None when the text says too little. A government named by its country or leader ("the Biden administration",
"Obama administration officials") is that country (:func:`government_phrase`). Pure functions over the parse and
the document's actors.
"""
from __future__ import annotations

import collections
import re
from typing import Optional

from spacy.tokens import Token

from communique.transforms.actors import COUNTRY, ORG, ActorRef, DocActors, country_actor
from communique.transforms.nlp_model import doc_text
from communique.transforms.office_holders import GOVERNMENT_WORDS, government_of

_NAMED = re.compile(r"(?:\b(?:[A-Z][\w.’'-]*\s+){1,3}(?:[Gg]overnment|[Aa]dministration)\b"
                    r"|\b(?:Government|Administration)\s+of\s+(?:the\s+)?(?:[A-Z][\w.’'-]*\s*){1,3})")
_KEY = "communique_text_government"


def is_bare_government(head: Token) -> bool:
    """'the Government', 'the administration': the noun with "the" and nothing else before it, singular."""
    if head.lower_ not in GOVERNMENT_WORDS or head.tag_ not in ("NN", "NNP"):
        return False
    before = head.doc[head.left_edge.i:head.i]
    return len(before) == 1 and before[0].lower_ == "the"


def is_bare_government_name(name: str) -> bool:
    """An organisation named only "Government" or "Administration" (the recogniser's "the Government")."""
    return re.sub(r"^the\s+", "", name.strip(), flags=re.I).lower() in GOVERNMENT_WORDS


def _named_country(text: str) -> Optional[str]:
    """The one country whose government the text names ("the UK Government", "the Obama administration")."""
    found = set()
    for m in _NAMED.finditer(text):
        hit = government_of(m.group(0).strip())
        if hit is not None:
            found.add(hit[0])
    return next(iter(found)) if len(found) == 1 else None


def _main_country(actors: DocActors) -> Optional[str]:
    counts = collections.Counter(m.actor.country for m in actors.mentions
                                 if m.actor.actor_type == COUNTRY and m.actor.country)
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 3 or (len(ranked) == 2 and ranked[0][1] < 2 * ranked[1][1]):
        return None
    return ranked[0][0]


def text_government(actors: DocActors) -> Optional[ActorRef]:
    """The country a bare "the Government" of this text stands for (see the module docstring), found once."""
    cache = actors.doc.user_data
    if _KEY not in cache:
        issuer = actors.issuer
        code = _named_country(doc_text(actors.doc)) or (issuer.country if issuer is not None else None) or \
            _main_country(actors)
        cache[_KEY] = country_actor(code) if code else None
    return cache[_KEY]


def name_bare_governments(actors: DocActors) -> None:
    """Mentions of an organisation named only "Government" or "Administration" become the text's government."""
    government = None
    for m in actors.mentions:
        if m.actor.actor_type == ORG and is_bare_government_name(m.actor.name):
            government = government or text_government(actors)
            if government is None:
                return
            m.actor = government


def government_phrase(head: Token) -> Optional[ActorRef]:
    """The country whose government a noun phrase names: "the Biden administration", "Obama administration
    officials", "the Modi government" (see :func:`office_holders.government_of`)."""
    words = [t.text for t in head.doc[head.left_edge.i:head.i + 1] if t.dep_ != "det"]
    hit = government_of(" ".join(words if head.lower_ in GOVERNMENT_WORDS else words[:-1]))
    return ActorRef(hit[1], COUNTRY, hit[0]) if hit else None
