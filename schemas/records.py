"""Records that flow between stages but are not tables themselves: feed entries and mentions.

``FeedEntry`` is what ReadFeeds emits and FetchArticles consumes. ``ActorMention`` and ``IssueMention`` are
what ExtractStatements emits and BuildTables combines into the ``actors`` and ``issues`` tables.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Optional


@dataclasses.dataclass
class FeedEntry:
    """One item of a feed, or one local article given on the command line."""
    url: str                                  # link of the item (http/https), or file:// for local files
    feed_url: Optional[str] = None            # feed it came from; None for --articles input
    title: Optional[str] = None
    author: Optional[str] = None
    published_at: Optional[dt.datetime] = None  # UTC
    content_html: Optional[str] = None        # the feed's own full content or summary, as HTML
    text: Optional[str] = None                # given plain text (JSONL/.txt input): used unchanged
    html: Optional[str] = None                # given page HTML (JSONL/.html input): extracted, not fetched


@dataclasses.dataclass
class ActorMention:
    """One mention of an actor in one article, after resolution to its canonical name."""
    actor_id: str
    name: str
    actor_type: str
    article_id: str
    surface: str
    country: Optional[str] = None
    title: Optional[str] = None
    is_statement: bool = False                # counts toward n_statements (one per statement)
    published_at: Optional[dt.datetime] = None


@dataclasses.dataclass
class IssueMention:
    """One mention of an issue in one article."""
    issue_id: str
    label: str
    article_id: str
    context: Optional[str] = None
    published_at: Optional[dt.datetime] = None
