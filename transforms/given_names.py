"""Given names that belong to one person: "Bill Clinton" and "William J. Clinton", "Tony" and "Antony Blinken".

Nickname pairs come from the maintained ``nicknames`` dataset (Carlton Northern, Apache-2.0: "william" has the
nicknames "bill", "will", ...), extended by ``lexicons/nicknames.tsv`` with spelling variants it lacks
("antony" -> "tony"). Within one surname group of a run, a full name whose given name is a nickname of exactly
one other full name's given name, the rest of the name being the same, is that person; the longest spelling of
the group's names then names them all (see :mod:`resolve_actors`).
"""
from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Dict, Iterable, List, Set

from nicknames import NickNamer

from communique.schemas import ids


@functools.lru_cache(maxsize=None)
def _namer() -> NickNamer:
    lookup = NickNamer.default_lookup()
    extra = resources.files("communique.transforms").joinpath("lexicons", "nicknames.tsv").read_text("utf-8")
    for line in extra.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            formal, nickname = (cell.strip().lower() for cell in line.split("\t")[:2])
            lookup.setdefault(formal, set()).add(nickname)
    return NickNamer(nickname_lookup=lookup)


def transliteration_key(given: str) -> str:
    """A given name with the endings romanisations of Russian and Ukrainian write differently made one:
    Dmitry, Dmitri, Dmitriy; Sergey, Sergei; Nikolay, Nikolai; Aleksei, Alexei.

    >>> [transliteration_key(n) for n in ("Dmitry", "Dmitriy", "Sergey", "Aleksei", "Alexey", "Yury")]
    ['dmitri', 'dmitri', 'sergei', 'alexei', 'alexei', 'yuri']
    """
    key = given.lower().replace("ks", "x")
    return re.sub(r"(?:iy|ij|y)$", "i", re.sub(r"([ea])y$", r"\1i", key))


def same_given_name(a: str, b: str) -> bool:
    """Whether two given names can be one person's: equal, one a nickname of the other, or two romanisations.

    >>> same_given_name("Bill", "William"), same_given_name("tony", "Antony"), same_given_name("Bill", "Hillary")
    (True, True, False)
    >>> same_given_name("Dmitri", "Dmitry")
    True
    """
    a, b = a.lower(), b.lower()
    if a == b or transliteration_key(a) == transliteration_key(b):
        return True
    namer = _namer()
    return b in namer.nicknames_of(a) or a in namer.nicknames_of(b)


def given_name_renames(names: Iterable[str]) -> Dict[str, str]:
    """{name: the longest name of the same person} for full names that differ from another only by a nickname of
    the given name, when that other person is the only one it can be.

    >>> given_name_renames(["Tony Blinken", "Antony J. Blinken", "Blinken"])
    {'Tony Blinken': 'Antony J. Blinken'}
    >>> given_name_renames(["Chris Smith", "Christopher Smith", "Christine Smith"])
    {}
    """
    by_key: Dict[str, List[str]] = {}
    for n in set(names):
        key = ids.person_key(n)
        if len(key.split()) >= 2:
            by_key.setdefault(key, []).append(n)
    renames: Dict[str, str] = {}
    for key, spellings in by_key.items():
        given, rest = key.split(" ", 1)
        matches: Set[str] = {k for k in by_key if k != key and k.split(" ", 1)[1] == rest
                             and same_given_name(given, k.split(" ", 1)[0])}
        if len(matches) != 1:
            continue
        other = matches.pop()
        other_given = other.split(" ", 1)[0]
        if transliteration_key(other_given) == transliteration_key(given):
            if other_given > given:
                continue      # two romanisations: both go by the one first in alphabetical order
        elif len(other_given) <= len(given):
            continue          # only the nickname side is renamed, to the longer, formal given name
        target = sorted(by_key[other], key=lambda n: (-len(n), n))[0]
        renames.update({n: target for n in spellings})
    return renames


__all__ = ["given_name_renames", "same_given_name", "transliteration_key"]
