"""Acronyms a text uses without spelling them out in brackets: "U.S. Customs and Border Protection ... CBP said".

An organisation's acronym is the initials of its name's capitalised words ("Customs and Border Protection" ->
CBP; "the Environmental Protection Agency" -> EPA). When a text uses both, the acronym names the same actor as
the full name, whichever comes first, and a name the recogniser cut at its "and" ("[Customs] and [Border
Protection]") is one name when its initials are an acronym of the text. Acronyms given in brackets ("... (PCAST)")
are found where the organisation is named (:class:`~communique.transforms.actors.DocActors`).
"""
from __future__ import annotations

import re
from typing import Dict, FrozenSet, Iterable, Optional

from spacy.tokens import Doc

_SKIPPED = {"of", "and", "for", "the", "on", "in", "to", "&", "at"}
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")
_ACRONYMS_KEY = "communique_acronyms"


def initials(name: str) -> Optional[str]:
    """The acronym a name of two or more capitalised words would have ("Customs and Border Protection" -> "CBP");
    None for a name of one word or one with a lower-case word other than "of", "and", "for" ..."""
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in _SKIPPED]
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return None
    return "".join(w[0] for w in words)


def doc_acronyms(doc: Doc) -> FrozenSet[str]:
    """The words of a text written as an acronym: two to six capital letters ("CBP", "EPA"); found once per
    document (names are joined and split against them entity by entity)."""
    found = doc.user_data.get(_ACRONYMS_KEY)
    if found is None:
        found = doc.user_data[_ACRONYMS_KEY] = frozenset(t.text for t in doc if _ACRONYM.match(t.text))
    return found


def spelled_out(names: Iterable[str]) -> Dict[str, str]:
    """Acronym -> full name, for the names among ``names`` whose initials are another of the names
    ("CBP" -> "Customs and Border Protection" when both are there); an acronym two names share is left out."""
    names = set(names)
    found: Dict[str, Optional[str]] = {}
    for name in names:
        short = initials(name)
        if short and short in names:
            found[short] = name if short not in found else None
    return {short: name for short, name in found.items() if name is not None}


def respell(mentions: list) -> None:
    """Point the mentions of an organisation named by an acronym at the organisation the text spells it out as
    (``mentions``: :class:`~communique.transforms.actors.Mention` objects, changed in place)."""
    orgs = {m.actor.name: m.actor for m in mentions if m.actor.actor_type == "ORG"}
    for short, name in spelled_out(orgs).items():
        for m in mentions:
            if m.actor.actor_type == "ORG" and m.actor.name == short:
                m.actor = orgs[name]
