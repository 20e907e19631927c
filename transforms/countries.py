"""Country names, demonyms and capitals to ISO 3166 alpha-3 and a canonical short name.

The shipped lexicon (``lexicons/countries.tsv``) gives everyday names and demonyms ("U.S.", "Russians",
"Moscow"); pycountry covers every other official or common country name, and the demonyms the lexicon lacks are
read off pycountry's names by their endings ("Zambian", "Uzbek", "Senegalese").
"""
from __future__ import annotations

import functools
from typing import Dict, Optional, Tuple

import pycountry

from communique.transforms import lexicons

_ARTICLES = ("the ", "The ")


def _strip_article(text: str) -> str:
    text = " ".join(text.split()).strip(" ,;:'\"’”“")
    if text.endswith("'s") or text.endswith("’s"):
        text = text[:-2]
    for article in _ARTICLES:
        if text.startswith(article):
            return text[len(article):]
    return text


@functools.lru_cache(maxsize=None)
def _alias_table() -> Dict[str, Tuple[str, str]]:
    table = {}
    for entry in lexicons.countries():
        for alias in (entry.name,) + entry.aliases + entry.capitals:
            table[alias] = (entry.alpha3, entry.name)
            table[alias.lower()] = (entry.alpha3, entry.name)
    return table


@functools.lru_cache(maxsize=None)
def _capitals() -> frozenset:
    return frozenset(c for entry in lexicons.countries() for c in entry.capitals)


def is_capital(text: str) -> bool:
    """True for a capital or seat of government ("Moscow", "the Kremlin"): a country only as an agent."""
    return _strip_article(text) in _capitals()


@functools.lru_cache(maxsize=4096)
def lookup(text: str) -> Optional[Tuple[str, str]]:
    """(alpha3, canonical name) for a country name, demonym, capital or code; None if it is no country.

    >>> lookup("the United States")
    ('USA', 'United States')
    >>> lookup("Russian")
    ('RUS', 'Russia')
    """
    name = _strip_article(text).replace("’", "'")       # "the People’s Republic of China"
    if not name or not name[:1].isupper():
        return None
    table = _alias_table()
    hit = table.get(name) or (table.get(name.lower()) if not name.isupper() else None)
    if hit:
        return hit
    if len(name) <= 3:
        return None       # pycountry's alpha-2/3 codes: "PM Modi", "NP DIKSON", "Roya TV", "AND" in a headline
    try:
        country = pycountry.countries.lookup(name)
    except LookupError:
        return _by_demonym(name)
    short = getattr(country, "common_name", None) or country.name
    return country.alpha_3, short


# demonym endings and the letters to drop to reach the country's name: "Zambian" -> Zambia, "Malian" -> Mali,
# "Ghanaian" -> Ghana, "Panamanian" -> Panama, "Senegalese" -> Senegal, "Omani" -> Oman, "Icelandic" -> Iceland
_DEMONYM_ENDINGS = (("nian", (4,)), ("ian", (3, 2, 1)), ("an", (1, 2)), ("ese", (3,)), ("ic", (2,)), ("i", (1,)))


@functools.lru_cache(maxsize=None)
def _short_names() -> Dict[str, Tuple[str, str]]:
    """pycountry's common or official short names -> (alpha3, name), for names only one country has ("Korea"
    is two)."""
    found: Dict[str, set] = {}
    for c in pycountry.countries:
        short = getattr(c, "common_name", None) or c.name
        for n in {short, c.name.split(",")[0]}:
            found.setdefault(n, set()).add((c.alpha_3, short))
    return {n: next(iter(v)) for n, v in found.items() if len(v) == 1}


def _by_demonym(word: str) -> Optional[Tuple[str, str]]:
    """A demonym the lexicon lacks, read off pycountry's names: "Uzbek" -> Uzbekistan, "Zambian" -> Zambia,
    "Dominican" -> Dominican Republic (a name it opens, not Dominica); None for anything else ("Korean")."""
    if " " in word or not word.isalpha() or not word[:1].isupper() or word.isupper():
        return None
    names = _short_names()
    demonym = word.endswith(tuple(e for e, _ in _DEMONYM_ENDINGS))      # not "Cocos", "Cook", "New"
    opened = {v for n, v in names.items() if (demonym and n.startswith(word + " "))
              or (len(word) >= 4 and n.startswith(word) and n.endswith("stan") and len(n) - len(word) <= 5)}
    if opened:
        return opened.pop() if len(opened) == 1 else None
    for ending, cuts in _DEMONYM_ENDINGS:
        for cut in cuts if word.endswith(ending) else ():
            hit = names.get(word[:-cut]) if len(word) - cut >= 4 else None
            if hit is not None:
                return hit
    return None


def demonym_of(alpha3: str) -> Optional[str]:
    """The adjective of a country's people the lexicon lists ("RUS" -> "Russian": the alias whose plural it also
    lists), else None."""
    for entry in lexicons.countries():
        if entry.alpha3 == alpha3:
            found = [a for a in entry.aliases if a + "s" in entry.aliases]
            return found[0] if found else None
    return None


def name_of(alpha3: str) -> Optional[str]:
    """Canonical short name of an alpha-3 code."""
    for entry in lexicons.countries():
        if entry.alpha3 == alpha3:
            return entry.name
    country = pycountry.countries.get(alpha_3=alpha3)
    if country is None:
        return None
    return getattr(country, "common_name", None) or country.name
