"""Shared test fixtures: the path of ../shared and a real local HTTP server."""
from __future__ import annotations

from pathlib import Path

import pytest

from http_server import LocalHTTPServer

SHARED = Path(__file__).resolve().parents[2] / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test when it isn't there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared test data not found: {path} (tests read ../shared beside the repo)")
    return path


@pytest.fixture
def http_server():
    """A started LocalHTTPServer with no routes; add them to ``http_server.routes``."""
    server = LocalHTTPServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy model, loaded once for the whole test session."""
    from communique.transforms.nlp_model import load_model

    return load_model()


@pytest.fixture(scope="session")
def issue_matcher(nlp):
    from communique.transforms.issues import IssueMatcher

    return IssueMatcher(nlp)


@pytest.fixture(scope="session")
def analyse_text(nlp, issue_matcher):
    """``analyse`` on a bare text as one article, parsed as the pipeline parses it (``nlp_text``):
    ``analyse_text(text, published, author=None, title=None)``."""
    from communique.schemas import Article
    from communique.transforms.analyse import analyse
    from communique.transforms.nlp_model import nlp_text

    def _analyse(text, published, author=None, title=None):
        article = Article(article_id="a", url="u", text=text, text_source="file", published_at=published,
                          author=author, title=title)
        return analyse(nlp(nlp_text(text)), article, issue_matcher)
    return _analyse
