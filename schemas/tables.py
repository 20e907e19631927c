"""The output contract: one record type per Parquet table, each column typed and described once.

All character offsets are offsets into ``articles.text`` of the same ``article_id``; ends are exclusive.
Timestamps are UTC.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Dict, List, Optional

import pyarrow as pa

from communique.schemas.columns import SPAN_LIST, STRING_LIST, UTC_TIMESTAMP, arrow_schema, column

INT = pa.int32()
STR = pa.string()
BOOL = pa.bool_()


@dataclasses.dataclass
class Article:
    TABLE = "articles"
    article_id: str = column(STR, "Stable id: hash of the normalised URL", "3f0c1a9d5e2b7c41", nullable=False)
    url: str = column(STR, "Article URL as found (or file:// path for local files)", "https://example.org/a")
    feed_url: Optional[str] = column(STR, "Feed the article was listed in; null for --articles input")
    title: Optional[str] = column(STR, "Headline", "U.S., Russian Leaders Agree to Meet Again")
    author: Optional[str] = column(STR, "Byline author(s)", "Linda D. Kozaryn")
    published_at: Optional[dt.datetime] = column(UTC_TIMESTAMP, "Publication time (UTC)", "2007-10-12T00:00:00Z")
    language: Optional[str] = column(STR, "ISO 639-1 language code of the text", "en")
    text: str = column(STR, "Main text; every offset in other tables points into it", "MOSCOW, Oct. 12 ...")
    fetched_at: Optional[dt.datetime] = column(UTC_TIMESTAMP, "When Communique obtained the text (UTC)")
    text_source: str = column(STR, "Where the text came from: page, feed or file", "page")
    sitename: Optional[str] = column(STR, "Publisher or site name from page metadata", "American Forces Press Service")
    duplicate_of: Optional[str] = column(
        STR, "article_id of an earlier near-identical copy (syndication); such articles are not extracted", None)


@dataclasses.dataclass
class Statement:
    TABLE = "statements"
    statement_id: str = column(STR, "Stable id: hash of article and spans", nullable=False)
    article_id: str = column(STR, "Article the statement is in", nullable=False)
    speaker_actor_id: Optional[str] = column(STR, "actors.actor_id of the resolved speaker")
    speaker_name: Optional[str] = column(STR, "Canonical speaker name after resolution", "Sergey Lavrov")
    speaker_text: Optional[str] = column(STR, "Speaker mention as written", "he")
    speaker_start: Optional[int] = column(INT, "Offset of the speaker mention")
    speaker_end: Optional[int] = column(INT, "End offset of the speaker mention")
    cue: Optional[str] = column(STR, "Reporting verb or phrase", "called on")
    cue_start: Optional[int] = column(INT, "Offset of the cue")
    cue_end: Optional[int] = column(INT, "End offset of the cue")
    content: str = column(STR, "What was said (quoted or reported); the text of content_spans joined by a space",
                          "to freeze their plans ...")
    content_start: int = column(INT, "Offset of the content", nullable=False)
    content_end: int = column(INT, "End offset of the content", nullable=False)
    content_spans: List[Dict[str, int]] = column(
        SPAN_LIST, "The content's characters: one span, or the two around an attribution that splits the content "
                   "(“A,” she said. “B.”)", [{"start": 1502, "end": 1531}])
    quote_type: str = column(STR, "direct, indirect or mixed", "indirect")
    event_type: str = column(STR, "PLOVER act class", "REQUEST")
    cameo_code: Optional[str] = column(STR, "CAMEO root code of the act", "020")
    issue_ids: List[str] = column(STRING_LIST, "issues.issue_id of the issues the statement is about")
    sentence_start: int = column(INT, "Offset of the first sentence holding cue or content", nullable=False)
    sentence_end: int = column(INT, "End offset of the last such sentence", nullable=False)
    published_at: Optional[dt.datetime] = column(UTC_TIMESTAMP, "The article's publication time")
    speaker_type: Optional[str] = column(STR, "PERSON, ORG, COUNTRY or GROUP", "PERSON")
    speaker_country: Optional[str] = column(STR, "ISO 3166 alpha-3 affiliation of the speaker", "RUS")
    addressee_names: List[str] = column(STRING_LIST, "Who the statement is addressed to, when named")
    cue_source: Optional[str] = column(
        STR, "How the attribution was found: lexicon (a reporting word or phrase of the shipped lexicons), model (a "
             "verb the learned cue model took: stances and actions, less precise), label (a transcript's speaker "
             "label or a signed quotation) or title (a release titled as an official's statement, 'Statement from "
             "President ...': its first paragraph; the title is outside the text, so speaker and cue offsets are "
             "null) or own_voice (a first-person sentence of a release an official, government or group issues, "
             "'We will continue to support ...': the issuer's, its cue the main verb)", "lexicon")


@dataclasses.dataclass
class Commitment:
    TABLE = "commitments"
    commitment_id: str = column(STR, "Stable id: hash of article and evidence span", nullable=False)
    article_id: str = column(STR, "Article the commitment is in", nullable=False)
    statement_id: Optional[str] = column(STR, "Statement that reports it, if any")
    committer_actor_ids: List[str] = column(STRING_LIST, "actors.actor_id of those who commit")
    committer_names: List[str] = column(STRING_LIST, "Canonical names of those who commit", ["United States"])
    action: str = column(STR, "What they commit to", "meet again in Washington")
    time_text: Optional[str] = column(STR, "Time expression as written", "in six months")
    due_date: Optional[dt.date] = column(pa.date32(), "time_text resolved against publication date", "2008-04-12")
    evidence_start: int = column(INT, "Offset of the evidence span (the committing clause)", nullable=False)
    evidence_end: int = column(INT, "End offset of the evidence span", nullable=False)
    sentence_start: int = column(INT, "Offset of the sentence holding the evidence", nullable=False)
    sentence_end: int = column(INT, "End offset of that sentence", nullable=False)
    counterpart: Optional[str] = column(STR, "The other party, when named ('work with Russia')", "Russia")
    counterpart_actor_id: Optional[str] = column(STR, "actors.actor_id of the counterpart")
    modality: Optional[str] = column(STR, "will, agreed, pledged, prepared to, hope, ...", "agreed")
    negated: bool = column(BOOL, "The commitment is negated (will not ...)", False, default=False)
    conditional: bool = column(BOOL, "The commitment is conditional (if ...)", False, default=False)
    published_at: Optional[dt.datetime] = column(UTC_TIMESTAMP, "The article's publication time")


@dataclasses.dataclass
class Actor:
    TABLE = "actors"
    actor_id: str = column(STR, "Stable id: hash of normalised name and type", nullable=False)
    name: str = column(STR, "Canonical name", "Sergey Lavrov", nullable=False)
    actor_type: str = column(STR, "PERSON, ORG, COUNTRY or GROUP", "PERSON", nullable=False)
    country: Optional[str] = column(STR, "ISO 3166 alpha-3 affiliation", "RUS")
    titles: List[str] = column(STRING_LIST, "Titles and roles seen", ["Foreign Affairs Minister"])
    aliases: List[str] = column(STRING_LIST, "Other surface forms seen", ["Lavrov"])
    n_mentions: int = column(pa.int64(), "Mentions over all articles", 12, default=0)
    n_statements: int = column(pa.int64(), "Statements attributed to the actor", 9, default=0)
    first_seen: Optional[dt.datetime] = column(UTC_TIMESTAMP, "Earliest publication time of a mention")
    last_seen: Optional[dt.datetime] = column(UTC_TIMESTAMP, "Latest publication time of a mention")


@dataclasses.dataclass
class Issue:
    TABLE = "issues"
    issue_id: str = column(STR, "Stable id: hash of the normalised label", nullable=False)
    label: str = column(STR, "Canonical issue label: a lexicon issue, a named treaty, law or meeting, or a policy "
                        "topic in the text's words ('bilateral trade')", "missile defense", nullable=False)
    context: Optional[str] = column(STR, "PLOVER context", "military")
    n_mentions: int = column(pa.int64(), "Mentions over all articles", 7, default=0)
    n_articles: int = column(pa.int64(), "Articles mentioning the issue", 1, default=0)
    first_seen: Optional[dt.datetime] = column(UTC_TIMESTAMP, "Earliest publication time of a mention")
    last_seen: Optional[dt.datetime] = column(UTC_TIMESTAMP, "Latest publication time of a mention")


@dataclasses.dataclass
class Error:
    TABLE = "errors"
    stage: str = column(STR, "Pipeline stage that failed", "FetchArticles", nullable=False)
    input: Optional[str] = column(STR, "The url, path or id that failed", "https://example.org/dead")
    error_type: str = column(STR, "Stable error class", "http_status", nullable=False)
    message: str = column(STR, "One-line explanation", "HTTP 404 Not Found")
    at: Optional[dt.datetime] = column(UTC_TIMESTAMP, "When it happened (UTC)")


TABLES = {cls.TABLE: cls for cls in (Article, Statement, Commitment, Actor, Issue, Error)}
SCHEMAS = {name: arrow_schema(cls) for name, cls in TABLES.items()}
TABLE_ORDER = ("articles", "actors", "statements", "issues", "commitments", "errors")
