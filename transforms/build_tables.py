"""BuildTables: combine per-article actor and issue mentions into one ``actors`` and one ``issues`` row each.

Input is a dict ``{"actor_mentions": PCollection[ActorMention], "issue_mentions": PCollection[IssueMention]}``;
output is ``{"actors": PCollection[Actor], "issues": PCollection[Issue]}``. Mentions are keyed by
``actor_id`` / ``issue_id`` and folded with ``beam.CombinePerKey`` over the CombineFns below, so no stage ever
holds all mentions in one list.

The accumulators (:class:`ActorAccumulator`, :class:`IssueAccumulator`) are plain classes with pure
``add``/``merge``/``to_*`` methods: the CombineFns only delegate to them, and they can be tested without a
pipeline. Every choice is deterministic: "most frequent" breaks ties by the longer value, then alphabetically.

Counting rules. Every ``ActorMention`` is a mention (``n_mentions``); those with ``is_statement=True`` also
count as statements (``n_statements``), because ExtractStatements emits each statement's speaker as a mention
flagged that way. ``n_articles`` of an issue is the number of distinct ``article_id`` values among its mentions.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Dict, Iterable, Mapping, Optional, Set, Tuple

import apache_beam as beam

from communique.schemas import Actor, ActorMention, Issue, IssueMention

ACTOR_MENTIONS = "actor_mentions"
ISSUE_MENTIONS = "issue_mentions"

# Surfaces that are never kept as aliases: pronouns that coreference resolution maps onto a name.
PRONOUNS = frozenset({
    "i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her", "hers",
    "it", "its", "they", "them", "their", "theirs", "who", "whom", "this", "that", "these", "those",
})


# ---------------------------------------------------------------------------------------------- pure helpers

def most_frequent(counts: Mapping[str, int]) -> Optional[str]:
    """The value with the highest count; ties go to the longest value, then the alphabetically first one.

    Returns None for no values.
    """
    if not counts:
        return None
    return min(counts, key=lambda value: (-counts[value], -len(value), value))


def as_utc(value: Optional[dt.datetime]) -> Optional[dt.datetime]:
    """A datetime in UTC; naive values are taken to be UTC already (as :func:`to_row` does)."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc)


def earliest(a: Optional[dt.datetime], b: Optional[dt.datetime]) -> Optional[dt.datetime]:
    """The earlier of two optional UTC datetimes (None means unknown, never the minimum)."""
    if a is None or b is None:
        return a if b is None else b
    return min(a, b)


def latest(a: Optional[dt.datetime], b: Optional[dt.datetime]) -> Optional[dt.datetime]:
    """The later of two optional UTC datetimes."""
    if a is None or b is None:
        return a if b is None else b
    return max(a, b)


def is_pronoun(surface: str) -> bool:
    return surface.strip().lower() in PRONOUNS


# ---------------------------------------------------------------------------------------------- accumulators

class ActorAccumulator:
    """Running summary of one actor's mentions. Sets and counters hold distinct values only."""

    def __init__(self) -> None:
        self.actor_id: Optional[str] = None
        self.names: Counter = Counter()
        self.types: Counter = Counter()
        self.countries: Counter = Counter()
        self.titles: Set[str] = set()
        self.surfaces: Set[str] = set()
        self.n_mentions = 0
        self.n_statements = 0
        self.first_seen: Optional[dt.datetime] = None
        self.last_seen: Optional[dt.datetime] = None

    def add(self, mention: ActorMention) -> "ActorAccumulator":
        if self.actor_id is None:
            self.actor_id = mention.actor_id
        if mention.name:
            self.names[mention.name] += 1
        if mention.actor_type:
            self.types[mention.actor_type] += 1
        if mention.country:
            self.countries[mention.country] += 1
        if mention.title:
            self.titles.add(mention.title)
        surface = (mention.surface or "").strip()
        if surface and not is_pronoun(surface):
            self.surfaces.add(surface)
        self.n_mentions += 1
        self.n_statements += 1 if mention.is_statement else 0
        seen = as_utc(mention.published_at)
        self.first_seen = earliest(self.first_seen, seen)
        self.last_seen = latest(self.last_seen, seen)
        return self

    def merge(self, other: "ActorAccumulator") -> "ActorAccumulator":
        if self.actor_id is None:
            self.actor_id = other.actor_id
        self.names.update(other.names)
        self.types.update(other.types)
        self.countries.update(other.countries)
        self.titles |= other.titles
        self.surfaces |= other.surfaces
        self.n_mentions += other.n_mentions
        self.n_statements += other.n_statements
        self.first_seen = earliest(self.first_seen, other.first_seen)
        self.last_seen = latest(self.last_seen, other.last_seen)
        return self

    def result(self) -> Actor:
        return self.to_actor()

    def to_actor(self) -> Actor:
        name = most_frequent(self.names) or ""
        return Actor(
            actor_id=self.actor_id or "",
            name=name,
            actor_type=most_frequent(self.types) or "",
            country=most_frequent(self.countries),
            titles=sorted(self.titles),
            aliases=sorted(s for s in self.surfaces if s != name),
            n_mentions=self.n_mentions,
            n_statements=self.n_statements,
            first_seen=self.first_seen,
            last_seen=self.last_seen,
        )


class IssueAccumulator:
    """Running summary of one issue's mentions; keeps the distinct article ids to count articles."""

    def __init__(self) -> None:
        self.issue_id: Optional[str] = None
        self.labels: Counter = Counter()
        self.contexts: Counter = Counter()
        self.article_ids: Set[str] = set()
        self.n_mentions = 0
        self.first_seen: Optional[dt.datetime] = None
        self.last_seen: Optional[dt.datetime] = None

    def add(self, mention: IssueMention) -> "IssueAccumulator":
        if self.issue_id is None:
            self.issue_id = mention.issue_id
        if mention.label:
            self.labels[mention.label] += 1
        if mention.context:
            self.contexts[mention.context] += 1
        if mention.article_id:
            self.article_ids.add(mention.article_id)
        self.n_mentions += 1
        seen = as_utc(mention.published_at)
        self.first_seen = earliest(self.first_seen, seen)
        self.last_seen = latest(self.last_seen, seen)
        return self

    def merge(self, other: "IssueAccumulator") -> "IssueAccumulator":
        if self.issue_id is None:
            self.issue_id = other.issue_id
        self.labels.update(other.labels)
        self.contexts.update(other.contexts)
        self.article_ids |= other.article_ids
        self.n_mentions += other.n_mentions
        self.first_seen = earliest(self.first_seen, other.first_seen)
        self.last_seen = latest(self.last_seen, other.last_seen)
        return self

    def result(self) -> Issue:
        return self.to_issue()

    def to_issue(self) -> Issue:
        return Issue(
            issue_id=self.issue_id or "",
            label=most_frequent(self.labels) or "",
            context=most_frequent(self.contexts),
            n_mentions=self.n_mentions,
            n_articles=len(self.article_ids),
            first_seen=self.first_seen,
            last_seen=self.last_seen,
        )


def summarise_actor(mentions: Iterable[ActorMention]) -> Actor:
    """The actors row of one actor's mentions, without a pipeline (reference for the CombineFn)."""
    acc = ActorAccumulator()
    for mention in mentions:
        acc.add(mention)
    return acc.to_actor()


def summarise_issue(mentions: Iterable[IssueMention]) -> Issue:
    """The issues row of one issue's mentions, without a pipeline."""
    acc = IssueAccumulator()
    for mention in mentions:
        acc.add(mention)
    return acc.to_issue()


# ---------------------------------------------------------------------------------------------- CombineFns

class _AccumulatorCombineFn(beam.CombineFn):
    """A CombineFn over one of the pure accumulators above: the Beam side holds no logic of its own."""

    accumulator_type = None

    def create_accumulator(self):
        return self.accumulator_type()

    def add_input(self, accumulator, element):
        return accumulator.add(element)

    def merge_accumulators(self, accumulators):
        merged = self.accumulator_type()
        for acc in accumulators:
            merged.merge(acc)
        return merged

    def extract_output(self, accumulator):
        return accumulator.result()


class CombineActorMentions(_AccumulatorCombineFn):
    """ActorMention* -> Actor, for mentions that share one actor_id."""
    accumulator_type = ActorAccumulator


class CombineIssueMentions(_AccumulatorCombineFn):
    """IssueMention* -> Issue, for mentions that share one issue_id."""
    accumulator_type = IssueAccumulator


def key_actor_mention(mention: ActorMention) -> Tuple[str, ActorMention]:
    return mention.actor_id, mention


def key_issue_mention(mention: IssueMention) -> Tuple[str, IssueMention]:
    return mention.issue_id, mention


# ---------------------------------------------------------------------------------------------- the stage

class BuildTables(beam.PTransform):
    """{"actor_mentions", "issue_mentions"} -> {"actors": PCollection[Actor], "issues": PCollection[Issue]}.

    One output row per distinct actor_id / issue_id; ids are taken unchanged from the mentions.
    """

    def expand(self, mentions: Dict[str, beam.PCollection]) -> Dict[str, beam.PCollection]:
        missing = {ACTOR_MENTIONS, ISSUE_MENTIONS} - set(mentions)
        if missing:
            raise ValueError(f"BuildTables needs the inputs {sorted(missing)}; got {sorted(mentions)}")
        actors = (
            mentions[ACTOR_MENTIONS]
            | "KeyActorMentions" >> beam.Map(key_actor_mention).with_output_types(Tuple[str, ActorMention])
            | "CombineActors" >> beam.CombinePerKey(CombineActorMentions())
            | "DropActorKeys" >> beam.Values().with_output_types(Actor)
        )
        issues = (
            mentions[ISSUE_MENTIONS]
            | "KeyIssueMentions" >> beam.Map(key_issue_mention).with_output_types(Tuple[str, IssueMention])
            | "CombineIssues" >> beam.CombinePerKey(CombineIssueMentions())
            | "DropIssueKeys" >> beam.Values().with_output_types(Issue)
        )
        return {"actors": actors, "issues": issues}
