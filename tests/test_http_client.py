"""http_client.fetch against a real local HTTP server: bodies, limits and every error_type."""
from __future__ import annotations

import gzip
import time

import pytest

from communique.transforms.errors import StageError
from communique.transforms import http_client
from communique.transforms.http_client import USER_AGENT, charset_of, check_limits



def fetch(url, **kwargs):
    """The client as tests use it: the server is on 127.0.0.1, so private addresses are allowed."""
    kwargs.setdefault("allow_private", True)
    return http_client.fetch(url, **kwargs)


HTML = "<html><body><p>Grüße aus Moskau</p></body></html>"


def _slow(seconds: float):
    def respond(handler):
        time.sleep(seconds)
        return 200, {"Content-Type": "text/plain"}, b"late"
    return respond


def _redirect_to(path: str):
    return 302, {"Location": path}, b""


def test_fetch_returns_body_headers_and_charset(http_server):
    http_server.routes["/page"] = (200, {"Content-Type": "text/html; charset=utf-8"}, HTML)
    result = fetch(http_server.url("/page"))
    assert result.status == 200
    assert result.content == HTML.encode("utf-8")
    assert result.encoding == "utf-8"
    assert result.text() == HTML
    assert result.final_url == result.url == http_server.url("/page")
    assert result.headers["content-type"] == "text/html; charset=utf-8"


def test_fetch_sends_communique_user_agent_and_accept(http_server):
    http_server.routes["/ua"] = (200, {}, b"ok")
    fetch(http_server.url("/ua"), accept="application/rss+xml")
    path, headers = http_server.requests[-1]
    assert headers["User-Agent"] == USER_AGENT == "Communique/0.1 (+https://github.com/communique)"
    assert headers["Accept"] == "application/rss+xml"


def test_fetch_follows_redirects_and_reports_final_url(http_server):
    http_server.routes["/old"] = _redirect_to("/new")
    http_server.routes["/new"] = (200, {"Content-Type": "text/plain"}, b"moved here")
    result = fetch(http_server.url("/old"))
    assert result.content == b"moved here"
    assert result.final_url == http_server.url("/new")
    assert result.encoding is None  # no charset in the header: left to the parser


def test_fetch_undoes_gzip(http_server):
    http_server.routes["/gz"] = (200, {"Content-Encoding": "gzip"}, gzip.compress(b"x" * 1000))
    assert fetch(http_server.url("/gz")).content == b"x" * 1000


@pytest.mark.parametrize(
    "route, kwargs, error_type, message",
    [
        ((404, {}, b"gone"), {}, "http_status", "HTTP 404 Not Found"),
        ((503, {}, b""), {}, "http_status", "HTTP 503 Service Unavailable"),
        ((200, {}, b"y" * 2000), {"max_bytes": 1000}, "too_large", "Content-Length 2000 is over the limit of 1000 bytes"),
        ((200, {"Content-Length": None}, b"y" * 200_000), {"max_bytes": 1000}, "too_large",
         "body is over the limit of 1000 bytes"),
        ((200, {"Content-Encoding": "gzip", "Content-Length": None}, gzip.compress(b"z" * 500_000)),
         {"max_bytes": 100_000}, "too_large", "body is over the limit of 100000 bytes"),
        ((200, {"Content-Encoding": "gzip"}, b"not gzip at all"), {}, "connection",
         "DecodeError: ('Received response with content-encoding: gzip, but failed to decode it.', "
         "error('Error -3 while decompressing data: incorrect header check'))"),
    ],
    ids=["404", "503", "content-length-over", "streamed-over", "gzip-bomb", "bad-gzip"],
)
def test_fetch_errors(http_server, route, kwargs, error_type, message):
    http_server.routes["/x"] = route
    with pytest.raises(StageError) as caught:
        fetch(http_server.url("/x"), **kwargs)
    assert (caught.value.error_type, caught.value.message) == (error_type, message)


def test_fetch_read_timeout(http_server):
    http_server.routes["/slow"] = _slow(1.0)
    started = time.monotonic()
    with pytest.raises(StageError) as caught:
        fetch(http_server.url("/slow"), timeout=(1, 0.2))
    assert caught.value.error_type == "timeout"
    assert time.monotonic() - started < 0.9


def test_fetch_total_deadline(http_server):
    def dribble(handler):
        # Headers at once, then the body in slow pieces: each read is in time, the whole is not.
        handler.send_response(200)
        handler.send_header("Content-Length", "100")
        handler.end_headers()
        try:
            for _ in range(10):
                handler.wfile.write(b"x" * 10)
                handler.wfile.flush()
                time.sleep(0.1)
        except (BrokenPipeError, ConnectionResetError):
            pass
    http_server.routes["/dribble"] = dribble
    with pytest.raises(StageError) as caught:
        fetch(http_server.url("/dribble"), timeout=(1, 1), deadline=0.25)
    assert caught.value.error_type == "timeout"


def test_fetch_redirect_loop(http_server):
    http_server.routes["/loop"] = _redirect_to("/loop")
    with pytest.raises(StageError) as caught:
        fetch(http_server.url("/loop"))
    assert caught.value.error_type == "redirect_loop"
    assert len(http_server.requests) == 6  # the first request and 5 redirects


def test_fetch_redirect_to_other_scheme(http_server):
    http_server.routes["/ftp"] = _redirect_to("ftp://example.org/file")
    with pytest.raises(StageError) as caught:
        fetch(http_server.url("/ftp"))
    assert caught.value.error_type == "unsupported_scheme"


@pytest.mark.parametrize(
    "url, error_type",
    [("file:///etc/passwd", "unsupported_scheme"), ("ftp://example.org/x", "unsupported_scheme"),
     ("example.org/x", "unsupported_scheme"), ("http://", "invalid_url")],
)
def test_fetch_rejects_bad_urls(url, error_type):
    with pytest.raises(StageError) as caught:
        fetch(url)
    assert caught.value.error_type == error_type


def test_fetch_connection_refused(http_server):
    url = http_server.url("/x")
    http_server.stop()
    with pytest.raises(StageError) as caught:
        fetch(url, timeout=(1, 1))
    assert caught.value.error_type == "connection"


@pytest.mark.parametrize(
    "header, charset",
    [("text/html; charset=UTF-8", "utf-8"), ('text/xml; charset="windows-1251"', "windows-1251"),
     ("text/html", None), (None, None)],
)
def test_charset_of(header, charset):
    assert charset_of(header) == charset


@pytest.mark.parametrize("timeout, max_bytes", [((5, 20), 0), ((5, 20), -1), ((0, 20), 10), ((5,), 10)])
def test_check_limits_rejects(timeout, max_bytes):
    with pytest.raises(ValueError):
        check_limits(timeout, max_bytes)
