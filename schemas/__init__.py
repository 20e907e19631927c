"""The data contract of Communique: record types, Arrow schemas and stable ids. Imports nothing of the project."""
from communique.schemas.records import ActorMention, FeedEntry, IssueMention
from communique.schemas.tables import (
    SCHEMAS, TABLE_ORDER, TABLES, Actor, Article, Commitment, Error, Issue, Statement,
)

__all__ = [
    "Actor", "ActorMention", "Article", "Commitment", "Error", "FeedEntry", "Issue", "IssueMention",
    "SCHEMAS", "Statement", "TABLES", "TABLE_ORDER",
]
