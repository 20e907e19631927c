"""ResolveActors: one person, one actor across articles ("Biden" in one article, "Joe Biden" in another).

Within an article a surname resolves to the full name introduced earlier. Across articles, a person known in
some article only by surname (or a shorter name) takes the full name seen elsewhere in the run, when that
surname belongs to exactly one full name: "Clinton" stays as it is when both "Bill Clinton" and "Hillary
Clinton" occur. Mentions are grouped by surname (a GroupByKey, not one global list); only the renamed actor
ids travel to the other records, as a side input.
"""
from __future__ import annotations

import dataclasses
from typing import Dict, Iterable, Iterator, List, Optional, Tuple

import apache_beam as beam
from apache_beam.pvalue import AsDict, PCollection

from communique.schemas import ActorMention, Commitment, Statement, ids
from communique.transforms.given_names import given_name_renames

PERSON = "PERSON"


def surname_key(name: str) -> Optional[str]:
    words = ids.person_key(name).split()
    return words[-1] if words else None


def renames_for_surname(names: Iterable[str]) -> Dict[str, str]:
    """Within one surname group: {shorter name: full name} when exactly one full name carries the surname.

    >>> renames_for_surname(["Biden", "Joe Biden", "Joseph R. Biden"])
    {}
    >>> renames_for_surname(["Biden", "Joe Biden", "Joe R. Biden"])
    {'Biden': 'Joe R. Biden'}
    """
    distinct = set(names)
    full: Dict[str, str] = {}
    for n in sorted(distinct, key=lambda n: (-len(n), n)):          # the longest spelling names the person
        if len(ids.person_key(n).split()) >= 2:
            full.setdefault(ids.person_key(n), n)
    if len(full) != 1:
        return {}
    target = next(iter(full.values()))
    return {n: target for n in distinct if len(ids.person_key(n).split()) == 1}


def canonical_spellings(names: Iterable[str]) -> Dict[str, str]:
    """{spelling: the person's canonical spelling} for people written more than one way: the longest spelling
    of one person key names them all ("Antony Blinken" -> "Antony J. Blinken"), so one actor has one name.

    >>> canonical_spellings(["Antony Blinken", "Antony J. Blinken", "Blinken"])
    {'Antony Blinken': 'Antony J. Blinken'}
    """
    by_key: Dict[str, List[str]] = {}
    for n in set(names):
        by_key.setdefault(ids.person_key(n), []).append(n)
    out = {}
    for spellings in by_key.values():
        canonical = sorted(spellings, key=lambda n: (-len(n), n))[0]
        out.update({n: canonical for n in spellings if n != canonical})
    return out


def person_names(names: Iterable[str]) -> Dict[str, str]:
    """{name: the name the person goes by run-wide} for the names of one surname group that change: a nickname
    to the formal name ("Tony Blinken" -> "Antony J. Blinken", see :mod:`given_names`), a surname alone to the
    one full name, every spelling to the longest.

    >>> person_names(["Tony Blinken", "Antony Blinken", "Antony J. Blinken", "Blinken"])["Blinken"]
    'Antony J. Blinken'
    """
    names = set(names)
    final = {n: n for n in names}
    final.update(given_name_renames(names))
    final.update({n: renames_for_surname(set(final.values())).get(t, t) for n, t in final.items()})
    canonical = canonical_spellings(set(final.values()))
    return {n: canonical.get(t, t) for n, t in final.items() if canonical.get(t, t) != n}


def _rename_pairs(item: Tuple[str, Iterable[str]]) -> Iterator[Tuple[str, Tuple[str, str]]]:
    """(old actor_id, (new name, new actor_id)) for a surname group (one pair per actor_id; spellings of one
    person share an actor_id)."""
    _, names = item
    seen = set()
    for old, new in sorted(person_names(names).items()):
        old_id = ids.actor_id(old, PERSON)
        if old_id not in seen:
            seen.add(old_id)
            yield old_id, (new, ids.actor_id(new, PERSON))


def rename_mention(m: ActorMention, renames: Dict[str, Tuple[str, str]]) -> ActorMention:
    if m.actor_id not in renames:
        return m
    name, new_id = renames[m.actor_id]
    return dataclasses.replace(m, actor_id=new_id, name=name)


def rename_statement(s: Statement, renames: Dict[str, Tuple[str, str]]) -> Statement:
    if s.speaker_actor_id not in renames:
        return s
    name, new_id = renames[s.speaker_actor_id]
    return dataclasses.replace(s, speaker_actor_id=new_id, speaker_name=name)


def rename_commitment(c: Commitment, renames: Dict[str, Tuple[str, str]]) -> Commitment:
    if not any(a in renames for a in c.committer_actor_ids + [c.counterpart_actor_id]):
        return c
    pairs = [renames.get(a, (n, a)) for a, n in zip(c.committer_actor_ids, c.committer_names)]
    counterpart = renames.get(c.counterpart_actor_id, (c.counterpart, c.counterpart_actor_id))
    return dataclasses.replace(c, committer_names=[p[0] for p in pairs], committer_actor_ids=[p[1] for p in pairs],
                               counterpart=counterpart[0], counterpart_actor_id=counterpart[1])


def each_record(element) -> list:
    """The records of an input element: a record, or a list of them (one article's, see ExtractStatements)."""
    return element if isinstance(element, list) else [element]


class ResolveActors(beam.PTransform):
    """{actor_mentions, statements, commitments} -> the same, with surname-only people renamed run-wide.

    Input elements are records or lists of records; the outputs hold one record per element."""

    def expand(self, records: Dict[str, PCollection]) -> Dict[str, PCollection]:
        missing = {"actor_mentions", "statements", "commitments"} - set(records)
        if missing:
            raise ValueError(f"ResolveActors needs {sorted(missing)}")
        renames = (
            records["actor_mentions"]
            | "KeyPeopleBySurname" >> beam.FlatMap(
                lambda e: [(surname_key(m.name), m.name) for m in each_record(e)
                           if m.actor_type == PERSON and surname_key(m.name)])
            | "DistinctNames" >> beam.Distinct()
            | "GroupBySurname" >> beam.GroupByKey()
            | "FindRenames" >> beam.FlatMap(_rename_pairs)
        )
        side = AsDict(renames)
        return {
            "actor_mentions": records["actor_mentions"] | "RenameMentions" >> beam.FlatMap(
                lambda e, r: [rename_mention(m, r) for m in each_record(e)], side),
            "statements": records["statements"] | "RenameSpeakers" >> beam.FlatMap(
                lambda e, r: [rename_statement(s, r) for s in each_record(e)], side),
            "commitments": records["commitments"] | "RenameCommitters" >> beam.FlatMap(
                lambda e, r: [rename_commitment(c, r) for c in each_record(e)], side),
        }


__all__: List[str] = ["ResolveActors", "canonical_spellings", "each_record", "person_names", "renames_for_surname",
                      "rename_commitment", "rename_mention", "rename_statement", "surname_key"]
