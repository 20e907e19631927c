"""Stable identifiers: the same input gives the same id in every run, on every machine.

Ids are the first 16 hex digits of a SHA-1 over a normalised key. Articles are keyed by their normalised URL,
actors by normalised name and type, issues by normalised label, statements and commitments by their article
and character span.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Iterable

_SPACE = re.compile(r"\s+")
_ID_LEN = 16


def stable_id(*parts: object) -> str:
    """Hash of the parts joined with a separator that can't occur in normalised text."""
    key = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:_ID_LEN]


def normalise_name(name: str) -> str:
    """Case-, accent- and spacing-insensitive form of a name: 'Sergey  Lavrov' -> 'sergey lavrov'."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace(".", " ")
    return _SPACE.sub(" ", text).strip().lower()


def article_id(normalised_url: str) -> str:
    return stable_id("article", normalised_url)


_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_REGNAL = {"pope", "king", "queen", "patriarch", "emperor", "empress", "prince", "princess", "sultan", "tsar", "czar"}


def person_key(name: str) -> str:
    """A person's name without middle initials or a generational suffix: 'Antony J. Blinken' and 'Antony
    Blinken' are one person, and so are 'Joseph R. Biden Jr.' and 'Joseph R. Biden' (a pope's or king's numeral
    stays: 'Pope John Paul II')."""
    words = normalise_name(name).replace(",", " ").split()
    if len(words) > 2 and words[-1] in _SUFFIXES and words[0] not in _REGNAL:
        words = words[:-1]
    if len(words) > 2:
        words = [words[0]] + [w for w in words[1:-1] if len(w) > 1] + [words[-1]]
    return " ".join(words)


def actor_id(name: str, actor_type: str) -> str:
    key = person_key(name) if actor_type.upper() == "PERSON" else normalise_name(name)
    return stable_id("actor", key, actor_type.upper())


def issue_id(label: str) -> str:
    return stable_id("issue", normalise_name(label))


def span_id(kind: str, article: str, spans: Iterable[int]) -> str:
    """Id of a statement or commitment: its kind, article and character offsets."""
    return stable_id(kind, article, *spans)
