"""Office holders a text names by title and surname alone ("President Bush said", "Secretary Rice told"): the
name they go by and their country, from ``lexicons/office_holders.tsv`` (heads of state and government, foreign
and defence ministers, US national security advisors, UN and NATO secretaries-general, with their terms), the
publication date choosing among namesakes ("President Bush" in 1991 and in 2007). The knowledge an event coder's
actor dictionary carries; a surname the table lacks, or that two holders share on the day, stays as the text
gives it.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from typing import TYPE_CHECKING, Dict, Iterable, List, Optional, Sequence, Tuple

from communique.transforms import countries, lexicons
from communique.transforms.given_names import same_given_name
from communique.transforms.name_spans import LESSER_OFFICES

if TYPE_CHECKING:
    from communique.transforms.actors import ActorRef

_SPELLINGS = {"defence": "defense"}


@dataclasses.dataclass(frozen=True)
class Holder:
    surname: str
    office: str
    name: str
    country: Optional[str]
    start: Optional[dt.date]
    end: Optional[dt.date]

    def serves(self, day: Optional[dt.date]) -> bool:
        return day is None or ((self.start is None or self.start <= day) and (self.end is None or day < self.end))


def _date(cell: str) -> Optional[dt.date]:
    return dt.date.fromisoformat(cell) if cell else None


def parse_holders(text: str) -> List[Holder]:
    """Rows: surname, office, name, country (alpha-3 or empty), from, to (ISO dates; empty: open)."""
    out = []
    for row in lexicons.rows(text):
        if len(row) < 3:
            raise ValueError(f"office holder rows are surname, office, name, country, from, to; got {row!r}")
        row = row + [""] * (6 - len(row))
        out.append(Holder(row[0], row[1].lower(), row[2], row[3] or None, _date(row[4]), _date(row[5])))
    return out


@functools.lru_cache(maxsize=None)
def holders() -> Dict[str, Tuple[Holder, ...]]:
    """The shipped table by surname."""
    by_surname: Dict[str, List[Holder]] = {}
    for h in parse_holders(lexicons.read_packaged("office_holders.tsv")):
        by_surname.setdefault(h.surname, []).append(h)
    return {k: tuple(v) for k, v in by_surname.items()}


_PAST = ("former", "late", "then")      # words of a title no longer held
_HEADS = ("president", "prime minister", "premier", "chancellor")
GOVERNMENT_WORDS = ("government", "administration")      # the nouns of a government


def _words(text: str) -> List[str]:
    text = text.lower().replace(".", "").replace("secretary general", "secretary-general").replace("adviser", "advisor")
    return [_SPELLINGS.get(w, w) for w in text.split() if w != "of"]


def holds_office(title: str, office: str) -> bool:
    """Whether a title in the text names an office: it holds the office's words ("U.S. Secretary of State",
    "Defense Secretary" for "secretary of defense"), or is the office's head word alone ("Secretary",
    "President"); a lesser office is never the office ("Vice President" is no "president"), nor is a past one
    ("Former President": which former holder the table cannot tell)."""
    have, want = _words(title), _words(office)
    if any(w in _PAST for w in have):
        return False
    if any(w in LESSER_OFFICES for w in have) != any(w in LESSER_OFFICES for w in want):
        return False
    if set(want) <= set(have):
        return True
    head = want[0] if want[0].startswith("secretary") else want[-1]
    return [w for w in have if w not in LESSER_OFFICES] == [head] and len(have) == 1


def known_holder(surname: str, title: Optional[str], day: Optional[dt.date]) -> Optional[Holder]:
    """The one office holder a surname with a title stands for on a day (on no day: the only one there is)."""
    if not title:
        return None
    return _the_one(h for h in holders().get(surname, ()) if holds_office(title, h.office) and h.serves(day))


def holder_of(country: str, office: str, day: Optional[dt.date]) -> Optional[Holder]:
    """The one holder of a country's office on a day ("USA", "president", 2022-02-24: Joe Biden)."""
    return _the_one(h for hs in holders().values() for h in hs
                    if h.country == country and h.office == office and day is not None and h.serves(day))


def _the_one(found: Iterable[Holder]) -> Optional[Holder]:
    """The one person among office-holder rows (one person may hold an office twice), else None."""
    by_name = {h.name: h for h in found}
    return next(iter(by_name.values())) if len(by_name) == 1 else None


def name_office_holders(people: Sequence[ActorRef], day: Optional[dt.date]) -> None:
    """People named by title and surname only ("President Bush", "Secretary Rice") take the office holder's
    name and country on ``day``; a full name the text gives keeps its form and gains the country, when its given
    name is the holder's ("Joseph R. Biden"; not "Tom Gates, Secretary of ...")."""
    for ref in {id(r): r for r in people}.values():
        words = ref.name.split()
        holder = known_holder(words[-1], ref.title, day) if words else None
        if holder is None:
            continue
        if len(words) == 1:
            ref.name = holder.name
        elif not same_given_name(words[0], holder.name.split()[0]):
            continue
        ref.country = ref.country or holder.country


def leaders_country(surname: str) -> Optional[str]:
    """The country of the head of state or government a surname names, when the table has one such country."""
    found = {h.country for h in holders().get(surname, ()) if h.office in _HEADS and h.country}
    return next(iter(found)) if len(found) == 1 else None


def government_of(name: str) -> Optional[Tuple[str, str]]:
    """(alpha3, country name) of a government named by its country or its leader: "the US Government", "UK
    Government", "Government of India", "the Obama administration", "the Biden-Harris Administration"; a country
    stands for its government. None for any other name ("the city government", "Small Business Administration")."""
    words = name.replace("’s", "").replace("'s", "").split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if len(words) >= 2 and words[-1].lower() in GOVERNMENT_WORDS:
        rest = words[:-1]
    elif len(words) >= 3 and words[0].lower() in GOVERNMENT_WORDS and words[1].lower() == "of":
        rest = words[2:]
    else:
        return None
    hit = countries.lookup(" ".join(rest))
    if hit is None and len(rest) == 1 and rest[0][:1].isupper():
        code = leaders_country(rest[0].split("-")[0])
        hit = (code, countries.name_of(code) or code) if code else None
    return hit
