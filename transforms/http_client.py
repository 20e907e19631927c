"""The one place Communique does network I/O: a small, bounded HTTP GET.

``fetch`` streams the body, stops past ``max_bytes`` and past a total-time deadline, caps redirects and turns
every failure into a :class:`StageError` with a stable ``error_type``:

=================== ==========================================================
unsupported_scheme  the URL (or a redirect target) is not http/https
invalid_url         the URL can't be requested (no host, bad characters)
too_large           the body (after content decoding) is larger than max_bytes
timeout             connect/read timeout, or the total deadline passed
http_status         the final response is not 2xx ("HTTP 404 Not Found")
redirect_loop       more than MAX_REDIRECTS redirects
connection          DNS, refused, reset, broken chunked encoding, bad gzip
=================== ==========================================================

Retries, robots.txt and private-address blocking are deliberately not here yet.
"""
from __future__ import annotations

import dataclasses
import time
from email.message import Message
from typing import Dict, Optional, Tuple
from urllib.parse import urlsplit

import requests
import urllib3

from communique.transforms.errors import StageError

USER_AGENT = "Communique/0.1 (+https://github.com/communique)"
MAX_REDIRECTS = 5
DEFAULT_TIMEOUT = (5.0, 20.0)
DEFAULT_DEADLINE = 60.0
DEFAULT_MAX_BYTES = 5_000_000
_CHUNK = 64 * 1024
_SCHEMES = ("http", "https")


@dataclasses.dataclass(frozen=True)
class FetchResult:
    url: str                   # the URL asked for
    final_url: str             # after redirects
    status: int
    headers: Dict[str, str]    # response headers, keys lower-cased
    content: bytes             # body, content-decoded (gzip/deflate undone)
    encoding: Optional[str]    # charset from Content-Type, None when the header gives none

    @property
    def content_type(self) -> Optional[str]:
        return self.headers.get("content-type")

    def text(self) -> Optional[str]:
        """The body decoded with the header's charset; None when the header names none (let the parser sniff)."""
        if not self.encoding:
            return None
        try:
            return self.content.decode(self.encoding, errors="replace")
        except LookupError:  # unknown charset name
            return None


def charset_of(content_type: Optional[str]) -> Optional[str]:
    """The charset parameter of a Content-Type header value, or None."""
    if not content_type:
        return None
    msg = Message()
    msg["content-type"] = content_type
    return msg.get_content_charset()


def check_limits(timeout: Tuple[float, float], max_bytes: int) -> None:
    """ValueError unless timeout is (connect, read) seconds > 0 and max_bytes > 0: for transform constructors."""
    if not isinstance(max_bytes, int) or max_bytes <= 0:
        raise ValueError(f"max_bytes must be a positive int, got {max_bytes!r}")
    if len(tuple(timeout)) != 2 or min(timeout) <= 0:
        raise ValueError(f"timeout must be (connect, read) seconds > 0, got {timeout!r}")


def check_scheme(url: str) -> None:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in _SCHEMES:
        raise StageError("unsupported_scheme", f"only http and https are fetched, not {scheme or 'no scheme'!r}")


def _status_error(response: requests.Response) -> StageError:
    reason = response.reason or ""
    return StageError("http_status", f"HTTP {response.status_code} {reason}".strip())


def _read_body(response: requests.Response, max_bytes: int, deadline_at: float) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise StageError("too_large", f"Content-Length {declared} is over the limit of {max_bytes} bytes")
    chunks, size = [], 0
    while True:
        # read1: whatever has arrived (at most one socket read), so a slow drip can't hide from the deadline.
        chunk = response.raw.read1(_CHUNK, decode_content=True)
        if not chunk:
            break
        size += len(chunk)
        if size > max_bytes:
            raise StageError("too_large", f"body is over the limit of {max_bytes} bytes")
        if time.monotonic() > deadline_at:
            raise StageError("timeout", "total download time exceeded")
        chunks.append(chunk)
    return b"".join(chunks)


def _map_request_error(exc: requests.RequestException) -> StageError:
    """A requests exception as a StageError with a stable type (order matters: subclasses first)."""
    if isinstance(exc, requests.TooManyRedirects):
        return StageError("redirect_loop", f"more than {MAX_REDIRECTS} redirects")
    if isinstance(exc, requests.Timeout):
        return StageError("timeout", str(exc))
    if isinstance(exc, requests.exceptions.InvalidSchema):
        return StageError("unsupported_scheme", str(exc))
    if isinstance(exc, (requests.exceptions.MissingSchema, requests.exceptions.InvalidURL)):
        return StageError("invalid_url", str(exc))
    return StageError("connection", f"{type(exc).__name__}: {exc}")


def fetch(
    url: str,
    *,
    timeout: Tuple[float, float] = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    user_agent: str = USER_AGENT,
    accept: Optional[str] = None,
    deadline: float = DEFAULT_DEADLINE,
) -> FetchResult:
    """GET ``url`` (http/https only) and return its body; raise StageError on any failure.

    ``timeout`` is (connect, read) per socket operation; ``deadline`` bounds the whole download in seconds
    (checked between chunks, so a single stalled read can overrun it by at most the read timeout).
    """
    check_scheme(url)
    deadline_at = time.monotonic() + deadline
    headers = {"User-Agent": user_agent}
    if accept:
        headers["Accept"] = accept
    try:
        with requests.Session() as session:
            session.max_redirects = MAX_REDIRECTS
            with session.get(url, headers=headers, timeout=timeout, stream=True, allow_redirects=True) as resp:
                check_scheme(resp.url)
                if not 200 <= resp.status_code < 300:
                    raise _status_error(resp)
                content = _read_body(resp, max_bytes, deadline_at)
                resp_headers = {k.lower(): v for k, v in resp.headers.items()}
                return FetchResult(
                    url=url, final_url=resp.url, status=resp.status_code, headers=resp_headers,
                    content=content, encoding=charset_of(resp_headers.get("content-type")),
                )
    except requests.RequestException as exc:
        raise _map_request_error(exc) from exc
    except urllib3.exceptions.ReadTimeoutError as exc:  # raised by the body reads, which requests doesn't wrap
        raise StageError("timeout", str(exc)) from exc
    except urllib3.exceptions.HTTPError as exc:  # ProtocolError (reset, bad chunking), DecodeError (bad gzip)
        raise StageError("connection", f"{type(exc).__name__}: {exc}") from exc
