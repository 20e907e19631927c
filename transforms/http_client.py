"""The one place Communique does network I/O: a bounded, polite, address-checked HTTP GET (``fetch``).

``fetch`` uses requests (one maintained client) over :mod:`communique.transforms.http_transport`: every
connection, including each redirect hop, is made by :func:`communique.transforms.net_safety.connect`, which
resolves the host, refuses forbidden addresses and pins the socket to the address it checked. Proxies from
the environment are ignored (a proxy would hide the real destination). Limits:

* ``timeout`` (connect, read) per socket operation, and ``deadline``: total seconds for the whole fetch
  (redirects, retries and the body included; the wait for the first politeness slot is not). A watchdog
  shuts the sockets down when it passes, so a server that stalls or drips is cut at the deadline, whatever
  it does.
* ``max_bytes`` on the body *after* gzip/deflate decoding, enforced while streaming (urllib3 inflates only
  as much as asked for, so a gzip bomb is never inflated past the cap).
* ``max_redirects``; redirects are followed by hand, their bodies never read.
* ``retries`` on 429 and 5xx, waiting ``Retry-After`` (seconds or a date) or an exponential backoff, never
  past the deadline.
* ``content_types``: media types accepted (``text/*``, ``*+xml`` patterns); checked before the body is read.
* ``limiter``: a :class:`~communique.transforms.politeness.HostLimiter` slot of the host is held while talking
  to it (its redirects and retries included; the retry waits too, which backs off that host).

Every failure is a :class:`StageError` with a stable ``error_type``:

======================== =============================================================
unsupported_scheme       the URL (or a redirect target) is not http/https
invalid_url              the URL can't be requested (no host, bad characters)
blocked_address          the host resolves only to refused addresses (see net_safety)
too_large                the body (after content decoding) is larger than max_bytes
timeout                  connect/read timeout, or the total deadline passed
http_status              the final response is not 2xx (after retries)
redirect_loop            more than max_redirects redirects
unsupported_content_type the Content-Type is not one of ``content_types``
connection               DNS, refused, reset, broken chunked encoding, bad gzip
======================== =============================================================

A 304 answer to a conditional request (``If-None-Match``/``If-Modified-Since`` in ``headers``) is not an
error: it returns a FetchResult with status 304 and no content.
"""
from __future__ import annotations

import contextlib
import dataclasses
import email.utils
import socket
import time
from email.message import Message
from typing import Dict, Mapping, Optional, Sequence, Tuple
from urllib.parse import urljoin, urlsplit

import requests
import urllib3

from communique.transforms.charsets import detect_charset
from communique.transforms.errors import StageError
from communique.transforms.http_transport import Guard, session as new_session

PROJECT_URL = "https://github.com/communique"
USER_AGENT = f"Communique/0.1 (+{PROJECT_URL})"
MAX_REDIRECTS = 5
DEFAULT_TIMEOUT = (5.0, 20.0)
DEFAULT_DEADLINE = 60.0
DEFAULT_MAX_BYTES = 5_000_000
DEFAULT_RETRIES = 2
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
BACKOFF = 0.5                      # seconds before the first retry without Retry-After; doubles each time
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
_SCHEMES = ("http", "https")


class HTTPStatusError(StageError):
    """http_status, with the status code (robots.txt rules depend on it)."""

    def __init__(self, status: int, message: str):
        super().__init__("http_status", message)
        self.status = status


def user_agent_for(contact: Optional[str] = None) -> str:
    """The User-Agent: names Communique and, when given, the operator's contact URL or address."""
    return USER_AGENT if not contact else f"Communique/0.1 (+{PROJECT_URL}; contact: {contact})"


@dataclasses.dataclass(frozen=True)
class FetchOptions:
    """The limits a stage binds once and passes to every ``fetch`` (picklable, for DoFns)."""
    timeout: Tuple[float, float] = DEFAULT_TIMEOUT
    deadline: float = DEFAULT_DEADLINE
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = MAX_REDIRECTS
    retries: int = DEFAULT_RETRIES
    allow_private: bool = False
    contact: Optional[str] = None

    def __post_init__(self):
        check_limits(self.timeout, self.max_bytes)
        if self.deadline <= 0 or self.max_redirects < 0 or self.retries < 0:
            raise ValueError("deadline must be > 0, max_redirects and retries >= 0")

    def kwargs(self) -> Dict[str, object]:
        return {"timeout": tuple(self.timeout), "deadline": self.deadline, "max_bytes": self.max_bytes,
                "max_redirects": self.max_redirects, "retries": self.retries,
                "allow_private": self.allow_private, "user_agent": user_agent_for(self.contact)}


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
        """The body as text: the header's charset, else a BOM, a meta/XML declaration or detection."""
        charset = detect_charset(self.content, self.encoding)
        if not charset:
            return None
        try:
            return self.content.decode(charset, errors="replace")
        except LookupError:  # unknown charset name
            return None


def charset_of(content_type: Optional[str]) -> Optional[str]:
    """The charset parameter of a Content-Type header value, or None."""
    if not content_type:
        return None
    msg = Message()
    msg["content-type"] = content_type
    return msg.get_content_charset()


def media_type_of(content_type: Optional[str]) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def media_type_allowed(media_type: str, patterns: Sequence[str]) -> bool:
    """Whether media_type matches one of the patterns: exact, ``type/*`` or ``*+suffix``."""
    for pattern in patterns:
        if pattern.endswith("/*") and media_type.startswith(pattern[:-1]):
            return True
        if pattern.startswith("*") and media_type.endswith(pattern[1:]):
            return True
        if media_type == pattern:
            return True
    return False


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


def retry_after_seconds(value: Optional[str], now: Optional[float] = None) -> Optional[float]:
    """Seconds to wait from a Retry-After value (delta-seconds or an HTTP date); None when absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


# --- one request, redirects, retries -----------------------------------------------------------------------

@dataclasses.dataclass
class _Reply:
    url: str
    status: int
    reason: str
    headers: Dict[str, str]
    content: bytes = b""


def _read_body(response: requests.Response, max_bytes: int, guard: Guard) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise StageError("too_large", f"Content-Length {declared} is over the limit of {max_bytes} bytes")
    chunks, size = [], 0
    while True:
        # At most _CHUNK decoded bytes per read: urllib3 inflates only what is asked for.
        chunk = response.raw.read(_CHUNK, decode_content=True)
        if guard.expired or guard.remaining() < 0:
            raise guard.timeout_error()
        if not chunk:
            break
        size += len(chunk)
        if size > max_bytes:
            raise StageError("too_large", f"body is over the limit of {max_bytes} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


class _Slots:
    """The politeness slot of the host being talked to: kept across redirects and retries on that host,
    released before waiting for another host's (never two at once: no deadlock between hosts)."""

    def __init__(self, limiter, guard: Guard):
        self._limiter = limiter
        self._guard = guard
        self._host: Optional[str] = None
        self._held = None

    def enter(self, url: str) -> None:
        host = (urlsplit(url).hostname or "").lower()
        if self._limiter is not None and host != self._host:
            self.release()
            held = self._limiter.slot(host)
            held.__enter__()
            self._host, self._held = host, held
        self._guard.arm()

    def close(self) -> None:
        self.release()

    def release(self) -> None:
        if self._held is not None:
            held, self._held, self._host = self._held, None, None
            held.__exit__(None, None, None)


def _exchange(session: requests.Session, url: str, headers: Mapping[str, str], timeout: Tuple[float, float],
              max_bytes: int, content_types: Optional[Sequence[str]], guard: Guard, slots: _Slots) -> _Reply:
    """One GET without following redirects; the body is read only for a 2xx answer."""
    slots.enter(url)
    if guard.expired or guard.remaining() <= 0:
        raise guard.timeout_error()
    with session.get(url, headers=dict(headers), timeout=timeout, stream=True, allow_redirects=False) as resp:
        reply = _Reply(url, resp.status_code, resp.reason or "", {k.lower(): v for k, v in resp.headers.items()})
        if 200 <= resp.status_code < 300:
            media_type = media_type_of(reply.headers.get("content-type"))
            if content_types is not None and media_type and not media_type_allowed(media_type, content_types):
                raise StageError("unsupported_content_type", f"the content type is {media_type}")
            reply.content = _read_body(resp, max_bytes, guard)
        return reply


def _status_error(reply: _Reply, note: str = "") -> HTTPStatusError:
    return HTTPStatusError(reply.status, f"HTTP {reply.status} {reply.reason}".strip() + note)


def _follow(session, url, headers, timeout, max_bytes, max_redirects, content_types, guard, slots) -> _Reply:
    """GET url, following up to max_redirects redirects (each target's scheme and address checked)."""
    for _ in range(max_redirects + 1):
        reply = _exchange(session, url, headers, timeout, max_bytes, content_types, guard, slots)
        location = reply.headers.get("location")
        if reply.status not in _REDIRECTS or not location:
            return reply
        url = urljoin(url, location.strip())
        check_scheme(url)
    raise StageError("redirect_loop", f"more than {max_redirects} redirects")


def _map_request_error(exc: requests.RequestException) -> StageError:
    """A requests exception as a StageError with a stable type (order matters: subclasses first)."""
    if isinstance(exc, requests.Timeout):
        return StageError("timeout", str(exc))
    if isinstance(exc, requests.exceptions.InvalidSchema):
        return StageError("unsupported_scheme", str(exc))
    if isinstance(exc, (requests.exceptions.MissingSchema, requests.exceptions.InvalidURL)):
        return StageError("invalid_url", str(exc))
    return StageError("connection", f"{type(exc).__name__}: {exc}")


def _fetch(url: str, headers: Dict[str, str], timeout, max_bytes, max_redirects, retries, content_types,
           guard: Guard, limiter) -> FetchResult:
    conditional = any(h.lower() in ("if-none-match", "if-modified-since") for h in headers)
    slots = _Slots(limiter, guard)
    with new_session() as session, contextlib.closing(slots):
        for attempt in range(retries + 1):
            reply = _follow(session, url, headers, timeout, max_bytes, max_redirects, content_types, guard,
                            slots)
            if reply.status in RETRY_STATUSES and attempt < retries:
                wait = retry_after_seconds(reply.headers.get("retry-after"))
                wait = BACKOFF * 2 ** attempt if wait is None else wait
                if wait >= guard.remaining():
                    raise _status_error(reply, f" (retry in {wait:g} s would pass the time limit)")
                time.sleep(wait)
                continue
            if 200 <= reply.status < 300 or (reply.status == 304 and conditional):
                return FetchResult(url=url, final_url=reply.url, status=reply.status, headers=reply.headers,
                                   content=reply.content, encoding=charset_of(reply.headers.get("content-type")))
            raise _status_error(reply)
    raise AssertionError("unreachable")


def fetch(
    url: str,
    *,
    timeout: Tuple[float, float] = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    user_agent: str = USER_AGENT,
    accept: Optional[str] = None,
    deadline: float = DEFAULT_DEADLINE,
    allow_private: bool = False,
    max_redirects: int = MAX_REDIRECTS,
    retries: int = DEFAULT_RETRIES,
    content_types: Optional[Sequence[str]] = None,
    headers: Optional[Mapping[str, str]] = None,
    limiter=None,
) -> FetchResult:
    """GET ``url`` (http/https only) and return its body; raise StageError on any failure (module docstring).

    ``allow_private`` permits loopback and private addresses (link-local and metadata addresses never).
    """
    check_scheme(url)
    request_headers = {"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"}
    if accept:
        request_headers["Accept"] = accept
    request_headers.update(headers or {})
    timeout = (min(timeout[0], deadline), min(timeout[1], deadline))
    with Guard(allow_private, deadline) as guard:
        try:
            return _fetch(url, request_headers, timeout, max_bytes, max_redirects, retries, content_types,
                          guard, limiter)
        except StageError as exc:
            if guard.expired and exc.error_type in ("connection", "timeout"):
                raise guard.timeout_error() from exc
            raise
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
            # urllib3 errors come from the body reads, which requests doesn't wrap: ReadTimeoutError,
            # ProtocolError (reset, bad chunking), DecodeError (bad gzip).
            if guard.expired:
                raise guard.timeout_error() from exc
            if isinstance(exc, requests.RequestException):
                raise _map_request_error(exc) from exc
            if isinstance(exc, (urllib3.exceptions.ReadTimeoutError, socket.timeout)):
                raise StageError("timeout", str(exc)) from exc
            raise StageError("connection", f"{type(exc).__name__}: {exc}") from exc
