"""A hostile web site for LocalHTTPServer: every fault the HTTP client must survive, and the outcome each deserves.

``hostile_routes()`` gives fresh routes (the flaky ones count their own requests). ``LINKS`` maps each article
link of the hostile feed to what a run must make of it: ``"article"`` or the ``error_type`` of its errors row.
``FEEDS`` maps the extra feed paths (HTML served as a feed, a truncated feed) to their feed-level error_type.
Used by tests/test_http_faults.py, tests/test_end_to_end.py and benchmarks/hostile_site.py.
"""
from __future__ import annotations

import struct
import threading
import time
import zlib
from functools import lru_cache
from typing import Dict

STALL_SECONDS = 120.0
GZIP_BOMB_SIZE = 1 << 30  # 1 GiB once inflated

ARTICLE_HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><article><h1>{title}</h1>
<p>Foreign Minister Jane Roe said on Tuesday that the government would publish the full trade figures next week,
after a meeting with her counterparts in the capital.</p>
<p>"We will not accept new tariffs on our farmers," Roe told reporters, adding that talks would resume in March.</p>
<p>The opposition leader, John Smith, called on the minister to release the draft agreement before the vote and
said his party would oppose any deal that weakened labour protections in the region.</p>
</article></body></html>"""

LINKS: Dict[str, str] = {
    "/articles/ok": "article",
    "/articles/flaky": "article",            # 503, then 200
    "/articles/limited": "article",          # 429 with Retry-After: 1, then 200
    "/articles/gone": "http_status",         # 404
    "/articles/down": "http_status",         # 503 every time
    "/articles/much-later": "http_status",   # 429 with Retry-After: 3600: not waited for
    "/articles/stall": "timeout",            # no answer for two minutes
    "/articles/drip": "timeout",             # headers at once, then a byte now and then
    "/articles/endless": "too_large",        # a body that never ends
    "/articles/bomb": "too_large",           # 1 GiB of zeros, gzip-compressed to 1 MB
    "/articles/loop": "redirect_loop",       # redirects to itself
    "/articles/report.pdf": "unsupported_content_type",
    "/articles/empty": "no_text",            # a page with no article text
    "/private/secret": "robots",             # disallowed by robots.txt
    "/articles/to-metadata": "blocked_address",   # redirects to 169.254.169.254
    "http://169.254.169.254/latest/meta-data/": "blocked_address",
    "http://[fd00:ec2::254]/latest/meta-data/": "blocked_address",
    "file://localhost/etc/passwd": "unsupported_scheme",
    "ftp://127.0.0.1/pub/x": "unsupported_scheme",
}
# The truncated feed's items: it is cut off after them, and they still count.
TRUNCATED_LINKS: Dict[str, str] = {"/articles/t1": "article", "/articles/t2": "article"}
FEEDS: Dict[str, str] = {
    "/html-as-feed.xml": "not_a_feed",
    "/truncated.xml": "malformed_feed",
}


def link_url(base: str, link: str) -> str:
    return link if "://" in link else base + link


def hostile_feed(base: str, links=LINKS) -> str:
    items = "".join(f"<item><title>Item {i}</title><link>{link_url(base, link).replace('&', '&amp;')}</link></item>"
                    for i, link in enumerate(links))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Hostile</title>'
            f"<link>{base}/</link>{items}</channel></rss>")


def truncated_feed(base: str) -> str:
    """A feed cut off in the middle of its third item."""
    whole = hostile_feed(base, list(TRUNCATED_LINKS) + ["/articles/never-seen"])
    return whole[: whole.index("/articles/never-seen") - 12]


@lru_cache(maxsize=1)
def gzip_bomb() -> bytes:
    """A valid gzip stream of GZIP_BOMB_SIZE zero bytes (about 1 MB): identical deflate blocks, one CRC."""
    chunk = b"\0" * (1 << 20)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)  # byte-aligned, dictionary reset
    crc = 0
    for _ in range(GZIP_BOMB_SIZE // len(chunk)):
        crc = zlib.crc32(chunk, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    return header + block * (GZIP_BOMB_SIZE // len(chunk)) + deflate.flush() + struct.pack(
        "<II", crc, GZIP_BOMB_SIZE & 0xFFFFFFFF)


def _fails_then_succeeds(first, then):
    lock, count = threading.Lock(), [0]

    def respond(handler):
        with lock:
            count[0] += 1
            n = count[0]
        return first if n == 1 else then
    return respond


def _stall(handler):
    deadline = time.monotonic() + STALL_SECONDS
    while time.monotonic() < deadline:
        time.sleep(0.2)
    return 200, {"Content-Type": "text/html"}, "<p>too late</p>"


def _drip(handler):
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", "100000")
    handler.end_headers()
    try:
        for _ in range(100000):
            handler.wfile.write(b"<")
            handler.wfile.flush()
            time.sleep(0.5)
    except (BrokenPipeError, ConnectionResetError):
        pass


def _endless(handler):
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Connection", "close")
    handler.end_headers()
    chunk = b"<p>" + b"more " * 13000 + b"</p>\n"
    try:
        while True:
            handler.wfile.write(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass


def hostile_routes(base: str) -> dict:
    """The routes of the site served at ``base`` (scheme://host:port)."""
    html = {"Content-Type": "text/html; charset=utf-8"}
    page = ARTICLE_HTML.format(title="Trade talks")
    return {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, "User-agent: *\nDisallow: /private/\n"),
        "/articles/ok": (200, html, page),
        "/articles/flaky": _fails_then_succeeds((503, {"Content-Type": "text/plain"}, "busy"), (200, html, page)),
        "/articles/limited": _fails_then_succeeds((429, {"Retry-After": "1"}, "slow down"), (200, html, page)),
        "/articles/down": (503, {"Content-Type": "text/plain"}, "down"),
        "/articles/much-later": (429, {"Retry-After": "3600"}, "come back in an hour"),
        "/articles/stall": _stall,
        "/articles/drip": _drip,
        "/articles/endless": _endless,
        "/articles/bomb": (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, gzip_bomb()),
        "/articles/loop": (302, {"Location": "/articles/loop"}, ""),
        "/articles/report.pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4\n" + b"\0" * 1000),
        "/articles/empty": (200, html, "<html><body><nav>Home</nav></body></html>"),
        "/private/secret": (200, html, page),
        "/articles/to-metadata": (302, {"Location": "http://169.254.169.254/latest/meta-data/"}, ""),
        "/html-as-feed.xml": (200, html, page),
        "/truncated.xml": (200, {"Content-Type": "application/rss+xml"}, truncated_feed(base)),
        "/articles/t1": (200, html, ARTICLE_HTML.format(title="First of the truncated feed")),
        "/articles/t2": (200, html, ARTICLE_HTML.format(title="Second of the truncated feed")),
    }


def install(server) -> list:
    """Put the hostile site on a LocalHTTPServer; returns the URLs of its feeds (the main one first)."""
    server.routes.update(hostile_routes(server.base_url))
    server.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"}, hostile_feed(server.base_url))
    return [server.url("/feed.xml")] + [server.url(path) for path in FEEDS]


def expected_links(base: str) -> Dict[str, str]:
    """Every article link the hostile feeds hold, absolute, with the outcome it must get."""
    return {link_url(base, link): outcome for link, outcome in {**LINKS, **TRUNCATED_LINKS}.items()}
