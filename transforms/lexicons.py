"""Lexicons shipped as package data: reporting cues, roles, countries and issues (office holders are read by
:mod:`communique.transforms.office_holders`).

Each is a small TSV file under ``transforms/lexicons/`` (``#`` starts a comment). Users extend the issue lexicon
with a file of the same columns (``--issues-file``). Loading is cached: a worker reads each file once.
"""
from __future__ import annotations

import dataclasses
import functools
from importlib import resources
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

_PACKAGE = "communique.transforms"


def rows(text: str) -> Iterator[List[str]]:
    """Tab-separated cells of each line that is neither blank nor a ``#`` comment."""
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        yield [cell.strip() for cell in line.split("\t")]


def read_packaged(name: str) -> str:
    """The text of a file shipped under ``transforms/lexicons/``."""
    return resources.files(_PACKAGE).joinpath("lexicons", name).read_text(encoding="utf-8")


@dataclasses.dataclass(frozen=True)
class Cue:
    phrase: str      # lemma, or "lemma particle" ("point out", "call on")
    act: str         # PLOVER act class
    kind: str        # speech | act | belief | report | feeling


@functools.lru_cache(maxsize=None)
def cues() -> Dict[str, Cue]:
    """Reporting cues keyed by phrase ("say", "call on")."""
    return {r[0]: Cue(r[0], r[1], r[2]) for r in rows(read_packaged("cues.tsv"))}


@dataclasses.dataclass(frozen=True)
class NominalCue:
    noun: str                      # lemma
    act: str                       # PLOVER act class
    complements: Tuple[str, ...]   # "that", "to", "for": which complements carry the content


@functools.lru_cache(maxsize=None)
def nominal_cues() -> Dict[str, NominalCue]:
    """Reporting nouns keyed by lemma ("claim", "promise", "call")."""
    return {r[0]: NominalCue(r[0], r[1], tuple(r[2].split())) for r in rows(read_packaged("nominal_cues.tsv"))}


@functools.lru_cache(maxsize=None)
def cue_lemmas() -> frozenset:
    """First words of every cue phrase: a fast pre-filter on token lemmas."""
    return frozenset(p.split()[0] for p in cues())


@functools.lru_cache(maxsize=None)
def speech_lemmas() -> frozenset:
    """First words of the cues that report speech or belief (say, tell, think ...), not of those that name an
    act (sign a deal, veto, accept): "will say" reports, "will sign" commits."""
    return frozenset(p.split()[0] for p, cue in cues().items() if cue.kind != "act")


@functools.lru_cache(maxsize=None)
def roles() -> Dict[str, str]:
    """Role words (lower case) and their kind: title, official or person."""
    return {r[0]: r[1] for r in rows(read_packaged("roles.tsv"))}


@dataclasses.dataclass(frozen=True)
class CountryEntry:
    alpha3: str
    name: str
    aliases: Tuple[str, ...]
    capitals: Tuple[str, ...]


def _split(cell: str) -> Tuple[str, ...]:
    return tuple(a for a in cell.split("|") if a)


def is_title(word: str) -> bool:
    """Whether a word or phrase heads a role or title ("minister", "prime minister")."""
    return roles().get(word.lower()) == "title"


@functools.lru_cache(maxsize=None)
def countries() -> Tuple[CountryEntry, ...]:
    return tuple(CountryEntry(r[0], r[1], _split(r[2]), _split(r[3]) if len(r) > 3 else ())
                 for r in rows(read_packaged("countries.tsv")))


@dataclasses.dataclass(frozen=True)
class IssueEntry:
    label: str
    context: Optional[str]
    aliases: Tuple[str, ...]


def parse_issues(text: str) -> List[IssueEntry]:
    """Issue rows: label, PLOVER context, |-separated aliases (the label itself always matches)."""
    entries = []
    for row in rows(text):
        label = row[0]
        context = row[1] if len(row) > 1 and row[1] else None
        aliases = [a for a in (row[2].split("|") if len(row) > 2 else []) if a]
        if label not in aliases:
            aliases.insert(0, label)
        entries.append(IssueEntry(label, context, tuple(aliases)))
    return entries


@functools.lru_cache(maxsize=None)
def issues(extra_files: Sequence[str] = ()) -> Tuple[IssueEntry, ...]:
    """The shipped issue lexicon plus the user's files; a user row with an existing label replaces it."""
    by_label = {e.label: e for e in parse_issues(read_packaged("issues.tsv"))}
    for path in extra_files:
        with open(path, encoding="utf-8") as fh:
            for entry in parse_issues(fh.read()):
                by_label[entry.label] = entry
    return tuple(by_label.values())
