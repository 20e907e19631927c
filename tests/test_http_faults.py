"""The fault suite: a real HTTP server on 127.0.0.1 serving every hostile answer; each ends fast, typed.

Short limits everywhere (1 s connect/read, 2 s in total), so a two-minute stall costs two seconds.
"""
from __future__ import annotations

import resource
import threading
import time
import zlib

import apache_beam as beam
import pytest
from apache_beam.metrics import Metrics
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.util import assert_that, equal_to

import hostile_site
from communique.schemas import FeedEntry
from communique.transforms import fetch_state, http_client
from communique.transforms.articles import PAGE_TYPES
from communique.transforms.errors import StageError
from communique.transforms.fetch_articles import FetchArticles
from communique.transforms.politeness import HostLimiter, HostLimits
from communique.transforms.read_feeds import ReadFeeds
from communique.transforms.robots import RobotsRules

LIMITS = {"timeout": (1.0, 1.0), "deadline": 2.0, "allow_private": True}
FAULTS = {path: outcome for path, outcome in hostile_site.LINKS.items()
          if path.startswith("/articles/") and outcome not in ("article", "no_text")}


@pytest.fixture
def site(http_server):
    hostile_site.install(http_server)
    return http_server


def _fetch(url, **kwargs):
    return http_client.fetch(url, content_types=PAGE_TYPES, **{**LIMITS, **kwargs})


@pytest.mark.parametrize("path, error_type", sorted(FAULTS.items()), ids=sorted(FAULTS))
def test_fault_is_a_typed_error_and_ends_fast(site, path, error_type):
    started = time.monotonic()
    with pytest.raises(StageError) as caught:
        _fetch(site.url(path))
    elapsed = time.monotonic() - started
    assert caught.value.error_type == error_type, caught.value.message
    assert elapsed < 3.0


@pytest.mark.parametrize("path, first_status, min_seconds", [
    ("/articles/flaky", 503, 0.4),     # backoff 0.5 s
    ("/articles/limited", 429, 0.9),   # Retry-After: 1
])
def test_retry_then_success(site, path, first_status, min_seconds):
    started = time.monotonic()
    result = _fetch(site.url(path), deadline=5.0)
    assert result.status == 200 and b"Jane Roe" in result.content
    assert min_seconds <= time.monotonic() - started < 3.0
    assert [p for p, _ in site.requests].count(path) == 2


def test_retries_are_bounded_and_backed_off(site):
    started = time.monotonic()
    with pytest.raises(StageError) as caught:
        _fetch(site.url("/articles/down"), deadline=10.0)
    assert caught.value.message == "HTTP 503 Service Unavailable"
    assert [p for p, _ in site.requests].count("/articles/down") == 3       # 1 + 2 retries
    assert 1.4 <= time.monotonic() - started < 3.0                          # 0.5 s + 1 s of backoff


def test_retry_after_past_the_deadline_is_not_waited_for(site):
    with pytest.raises(StageError) as caught:
        _fetch(site.url("/articles/much-later"))
    assert caught.value.message == "HTTP 429 Too Many Requests (retry in 3600 s would pass the time limit)"


def test_stall_is_cut_by_the_total_deadline_not_the_read_timeout(site):
    started = time.monotonic()
    with pytest.raises(StageError) as caught:
        _fetch(site.url("/articles/stall"), timeout=(1.0, 60.0), deadline=1.5)
    assert caught.value.error_type == "timeout"
    assert time.monotonic() - started < 2.5


@pytest.mark.parametrize("encoding, compress", [
    ("gzip", None),
    ("deflate", lambda data: zlib.compress(data, 9)),
])
def test_compression_bombs_are_never_inflated(http_server, encoding, compress):
    body = hostile_site.gzip_bomb() if compress is None else compress(b"\0" * 200_000_000)
    http_server.routes["/bomb"] = (200, {"Content-Type": "text/html", "Content-Encoding": encoding}, body)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    with pytest.raises(StageError) as caught:
        _fetch(http_server.url("/bomb"), max_bytes=5_000_000)
    assert caught.value.message == "body is over the limit of 5000000 bytes"
    assert time.monotonic() - started < 2.0
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100_000  # KiB: < 100 MB more


def test_private_addresses_are_refused_unless_allowed_and_never_contacted(site):
    with pytest.raises(StageError) as caught:
        http_client.fetch(site.url("/articles/ok"), timeout=(1, 1), deadline=2)
    assert caught.value.error_type == "blocked_address"
    assert "127.0.0.1, a loopback address" in caught.value.message
    assert site.requests == []


def test_redirect_to_metadata_is_refused_even_with_private_allowed(site):
    with pytest.raises(StageError) as caught:
        _fetch(site.url("/articles/to-metadata"))
    assert (caught.value.error_type, caught.value.message) == (
        "blocked_address", "169.254.169.254 resolves to 169.254.169.254, a metadata address")


def test_user_agent_names_communique_and_the_contact(site):
    _fetch(site.url("/articles/ok"), user_agent=http_client.user_agent_for("mailto:ops@example.org"))
    assert site.requests[-1][1]["User-Agent"] == (
        "Communique/0.1 (+https://github.com/communique; contact: mailto:ops@example.org)")


def test_charset_detected_when_the_header_has_none(http_server):
    page = '<html><head><meta charset="windows-1251"></head><body><p>Москва</p></body></html>'
    http_server.routes["/ru"] = (200, {"Content-Type": "text/html"}, page.encode("cp1251"))
    http_server.routes["/bare"] = (200, {"Content-Type": "text/plain"}, "Привет из Москвы, как дела? ".encode("cp1251") * 20)
    assert "Москва" in _fetch(http_server.url("/ru")).text()
    assert "из Москвы" in _fetch(http_server.url("/bare")).text()


# --- robots.txt ----------------------------------------------------------------------------------------------

def _robots(limiter=None):
    return RobotsRules(lambda url: http_client.fetch(url, **LIMITS), limiter=limiter)


def test_robots_disallow_allow_and_cache(site):
    rules = _robots()
    with pytest.raises(StageError) as caught:
        rules.check(site.url("/private/secret"))
    assert caught.value.error_type == "robots"
    rules.check(site.url("/articles/ok"))
    assert [p for p, _ in site.requests] == ["/robots.txt"]  # fetched once per site


@pytest.mark.parametrize("route, allowed, error_type", [
    ((404, {}, "no robots here"), True, None),
    ((403, {}, "forbidden"), True, None),                       # RFC 9309: 4xx means no rules
    ((503, {}, "down"), False, "robots"),                       # unreachable: assume complete disallow
    ((200, {"Content-Type": "text/plain"}, "User-agent: Communique\nDisallow: /\n"), False, "robots"),
    ((200, {"Content-Type": "text/plain"}, "User-agent: OtherBot\nDisallow: /\n"), True, None),
])
def test_robots_answers(http_server, route, allowed, error_type):
    http_server.routes["/robots.txt"] = route
    rules = _robots()
    if allowed:
        rules.check(http_server.url("/page"))
    else:
        with pytest.raises(StageError) as caught:
            rules.check(http_server.url("/page"))
        assert caught.value.error_type == error_type


def test_robots_crawl_delay_slows_the_host_down(http_server):
    http_server.routes["/robots.txt"] = (200, {}, "User-agent: *\nCrawl-delay: 3\n")
    limiter = HostLimiter(HostLimits(2, 0.1))
    _robots(limiter).check(http_server.url("/page"))
    assert limiter.interval("127.0.0.1") == 3.0


def test_robots_of_a_metadata_address_is_never_fetched():
    with pytest.raises(StageError) as caught:
        _robots().check("http://169.254.169.254/latest/meta-data/")
    assert caught.value.error_type == "blocked_address"


# --- politeness and concurrency ------------------------------------------------------------------------------

def _slow_page(seconds, in_flight):
    lock = threading.Lock()

    def respond(handler):
        with lock:
            in_flight["now"] += 1
            in_flight["max"] = max(in_flight["max"], in_flight["now"])
        time.sleep(seconds)
        with lock:
            in_flight["now"] -= 1
        return 200, {"Content-Type": "text/html"}, hostile_site.ARTICLE_HTML.format(title="Slow")
    return respond


@pytest.mark.parametrize("concurrency, n, max_seconds", [(2, 6, 3.5), (8, 16, 3.0)])
def test_fetch_articles_is_concurrent_within_per_host_limits(http_server, concurrency, n, max_seconds):
    in_flight = {"now": 0, "max": 0}
    http_server.routes["/slow"] = _slow_page(0.5, in_flight)
    entries = [FeedEntry(url=http_server.url(f"/slow?n={i}")) for i in range(n)]
    started = time.monotonic()
    with beam.Pipeline(options=PipelineOptions([], runner="FnApiRunner")) as p:
        out = p | beam.Create(entries) | FetchArticles(
            allow_private=True, timeout=(2, 2), deadline=5, robots=False, host_limits=HostLimits(concurrency, 0.0))
        assert_that(out["articles"] | beam.Map(lambda a: a.title), equal_to(["Slow"] * n))
    # serially this would take n * 0.5 s; the host never sees more than its limit at once
    assert time.monotonic() - started < max_seconds
    assert 2 <= in_flight["max"] <= concurrency


def test_host_limiter_spaces_request_starts():
    limiter = HostLimiter(HostLimits(concurrency=4, interval=0.2))
    starts = []

    def go():
        with limiter.slot("a.example"):
            starts.append(time.monotonic())
    threads = [threading.Thread(target=go) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    starts.sort()
    assert all(b - a >= 0.19 for a, b in zip(starts, starts[1:]))


# --- conditional GET -----------------------------------------------------------------------------------------

FEED = ('<?xml version="1.0"?><rss version="2.0"><channel><title>C</title>'
        "<item><title>One</title><link>http://example.org/1</link></item></channel></rss>")


def _conditional_feed(handler):
    if handler.headers.get("If-None-Match") == '"v1"':
        return 304, {"ETag": '"v1"'}, b""
    return 200, {"Content-Type": "application/rss+xml", "ETag": '"v1"',
                 "Last-Modified": "Tue, 01 Dec 2026 10:00:00 GMT"}, FEED


def _read_feeds(url, state_dir, run_id):
    p = beam.Pipeline(options=PipelineOptions([], runner="FnApiRunner"))
    out = p | beam.Create([url]) | ReadFeeds(state_dir=str(state_dir), run_id=run_id, **LIMITS)
    out["entries"] | beam.Map(lambda e: Metrics.counter("test", "entries").inc())
    result = p.run()
    result.wait_until_finish()
    counters = {c.key.metric.name: c.committed for c in result.metrics().query()["counters"]}
    return counters.get("entries", 0), counters.get("feeds_unchanged", 0)


def test_conditional_get_between_runs(http_server, tmp_path):
    http_server.routes["/feed.xml"] = _conditional_feed
    url = http_server.url("/feed.xml")
    assert _read_feeds(url, tmp_path, "run1") == (1, 0)
    assert fetch_state.commit(str(tmp_path), "run1") == 1
    assert fetch_state.load(str(tmp_path))[url] == fetch_state.Validators('"v1"', "Tue, 01 Dec 2026 10:00:00 GMT")
    assert _read_feeds(url, tmp_path, "run2") == (0, 1)  # 304: nothing emitted, counted, no error
    assert http_server.requests[-1][1]["If-None-Match"] == '"v1"'
    assert http_server.requests[-1][1]["If-Modified-Since"] == "Tue, 01 Dec 2026 10:00:00 GMT"


def test_state_is_only_committed_for_the_run_that_finished(tmp_path):
    fetch_state.write_pending(str(tmp_path), "crashed", "http://a.example/feed", fetch_state.Validators("x"))
    fetch_state.write_pending(str(tmp_path), "ok", "http://b.example/feed", fetch_state.Validators(None, "d"))
    assert fetch_state.commit(str(tmp_path), "ok") == 1
    assert fetch_state.load(str(tmp_path)) == {"http://b.example/feed": fetch_state.Validators(None, "d")}
    assert not (tmp_path / "pending").exists()


def test_feed_served_as_pdf_is_unsupported_content_type(http_server):
    http_server.routes["/feed.pdf"] = (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4")
    url = http_server.url("/feed.pdf")
    with beam.Pipeline(options=PipelineOptions([], runner="FnApiRunner")) as p:
        out = p | beam.Create([url]) | ReadFeeds(**LIMITS)
        assert_that(out["errors"] | beam.Map(lambda e: (e.input, e.error_type)),
                    equal_to([(url, "unsupported_content_type")]))
