"""robots.txt for article pages: fetched once per site and worker, through the same checked HTTP client.

:class:`RobotsRules` answers ``check(url)``: nothing when Communique may fetch ``url``, StageError('robots')
when the site's robots.txt disallows it for the agent ``Communique`` (or ``*``). What an answer for
``/robots.txt`` means follows RFC 9309:

=============================== ==================================================================
2xx                             its rules (urllib.robotparser); ``Crawl-delay`` slows the host down
4xx, too large, redirect loop   no rules: everything allowed
429, 5xx, timeout, connection   unreachable: everything refused (error_type robots, saying why)
blocked_address, bad URL        the article gets the same error (it could not be fetched anyway)
=============================== ==================================================================

Feeds are not checked: a feed is published to be polled. The cache is per process and thread-safe; a site's
robots.txt is fetched by one thread while the others wait for it.
"""
from __future__ import annotations

import threading
import urllib.robotparser
from typing import Callable, Dict, Optional, Union
from urllib.parse import urlsplit, urlunsplit

from communique.transforms.errors import StageError
from communique.transforms.http_client import FetchResult, HTTPStatusError

AGENT = "Communique"
ROBOTS_MAX_BYTES = 512 * 1024
_PASS_THROUGH = ("blocked_address", "unsupported_scheme", "invalid_url")
_ALLOW_ALL_ON = ("too_large", "redirect_loop", "unsupported_content_type")

Fetcher = Callable[[str], FetchResult]
Rules = Union[urllib.robotparser.RobotFileParser, StageError, None]   # None: everything allowed


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), "/robots.txt", "", ""))


def parse_rules(text: str) -> urllib.robotparser.RobotFileParser:
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(text.splitlines())
    parser.modified()  # can_fetch refuses everything until the parser has a check time
    return parser


def rules_from_fetch(fetcher: Fetcher, url: str) -> Rules:
    """The rules of url's site: a parser, None (allow all), or the StageError every page of it gets."""
    where = robots_url(url)
    try:
        result = fetcher(where)
    except HTTPStatusError as exc:
        if 400 <= exc.status < 500 and exc.status != 429:
            return None
        return StageError("robots", f"{where} unreachable ({exc.message}): the site is not crawled")
    except StageError as exc:
        if exc.error_type in _PASS_THROUGH:
            return exc
        if exc.error_type in _ALLOW_ALL_ON:
            return None
        return StageError("robots", f"{where} unreachable ({exc.error_type}: {exc.message}): the site is not crawled")
    return parse_rules(result.text() or "")


class RobotsRules:
    """Per-process robots.txt cache; ``fetcher`` GETs a robots.txt URL (the stage's options bound)."""

    def __init__(self, fetcher: Fetcher, agent: str = AGENT, limiter=None):
        self._fetcher = fetcher
        self._agent = agent
        self._limiter = limiter
        self._rules: Dict[str, Rules] = {}
        self._locks: Dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def _site_lock(self, key: str) -> threading.Lock:
        with self._lock:
            return self._locks.setdefault(key, threading.Lock())

    def rules(self, url: str) -> Rules:
        key = robots_url(url)
        with self._site_lock(key):
            if key not in self._rules:
                rules = rules_from_fetch(self._fetcher, url)
                self._rules[key] = rules
                delay = rules.crawl_delay(self._agent) if isinstance(rules, urllib.robotparser.RobotFileParser) \
                    else None
                if delay and self._limiter is not None:
                    self._limiter.slow_down(urlsplit(url).hostname or "", float(delay))
            return self._rules[key]

    def check(self, url: str) -> None:
        """Nothing when url may be fetched; StageError('robots' or the site's own failure) otherwise."""
        rules = self.rules(url)
        if rules is None:
            return
        if isinstance(rules, StageError):
            raise StageError(rules.error_type, rules.message)
        if not rules.can_fetch(self._agent, url):
            raise StageError("robots", f"{robots_url(url)} disallows this page for {self._agent}")


_SHARED: Dict[object, RobotsRules] = {}
_SHARED_LOCK = threading.Lock()


def shared_rules(key: object, make: Callable[[], RobotsRules]) -> RobotsRules:
    """The process-wide RobotsRules for a stage's settings (``key``), made on first use."""
    with _SHARED_LOCK:
        found: Optional[RobotsRules] = _SHARED.get(key)
        if found is None:
            found = _SHARED[key] = make()
        return found
