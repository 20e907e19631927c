"""The transport under ``http_client.fetch``: requests sessions whose connections are address-checked, and
the per-fetch deadline watchdog.

* :class:`Guard`: one fetch's policy (``allow_private``) and total deadline. Entered around a fetch, it is
  the thread's current guard; ``arm()`` starts the clock (at the first request, so waiting for a politeness
  slot is not counted); when the deadline passes a timer thread shuts down every socket the fetch opened, so
  a blocked read returns at once, whatever the server does.
* :func:`session`: a requests Session that ignores proxies and .netrc from the environment and makes every
  connection (the first, each redirect hop, http and https alike) with
  :func:`communique.transforms.net_safety.connect`: resolved, checked, pinned to the checked address. For
  https, SNI and certificate checks still use the host name.
"""
from __future__ import annotations

import socket
import threading
import time
from typing import Optional

import requests
import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError

from communique.transforms import net_safety
from communique.transforms.errors import StageError

_local = threading.local()


class Guard:
    """One fetch's policy and deadline; owns the sockets opened for it and shuts them at the deadline."""

    def __init__(self, allow_private: bool, deadline: float):
        self.allow_private = allow_private
        self.deadline = deadline
        self.deadline_at: Optional[float] = None   # set by arm(): waiting for a politeness slot is not counted
        self.expired = False
        self._sockets = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(deadline, self._expire)
        self._timer.daemon = True

    def register(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                sock.shutdown(socket.SHUT_RDWR)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)  # wakes up a blocked recv at once
                except OSError:
                    pass  # already closed

    def arm(self) -> None:
        """Start the clock (once): called when the first request is about to be sent."""
        if self.deadline_at is None:
            self.deadline_at = time.monotonic() + self.deadline
            self._timer.start()

    def remaining(self) -> float:
        return self.deadline if self.deadline_at is None else self.deadline_at - time.monotonic()

    def timeout_error(self) -> StageError:
        return StageError("timeout", f"total time limit of {self.deadline:g} s exceeded")

    def __enter__(self) -> "Guard":
        self._previous = getattr(_local, "guard", None)
        _local.guard = self
        return self

    def __exit__(self, *exc_info) -> None:
        self._timer.cancel()
        _local.guard = self._previous


class _CheckedConnectionMixin:
    """urllib3 connection whose socket goes to an address net_safety has checked (pinned, no re-resolve)."""

    def _new_conn(self) -> socket.socket:
        guard: Optional[Guard] = getattr(_local, "guard", None)
        allow_private = guard.allow_private if guard else False
        timeout = self.timeout if isinstance(self.timeout, (int, float)) else None
        try:
            sock = net_safety.connect(self._dns_host, self.port, timeout, allow_private, self.socket_options)
        except socket.gaierror as exc:
            raise NameResolutionError(self.host, self, exc) from exc
        except socket.timeout as exc:
            raise ConnectTimeoutError(self, f"Connection to {self.host} timed out") from exc
        except OSError as exc:
            raise NewConnectionError(self, f"Failed to establish a new connection: {exc}") from exc
        if guard is not None:
            guard.register(sock)
        return sock


class _CheckedHTTPConnection(_CheckedConnectionMixin, HTTPConnection):
    pass


class _CheckedHTTPSConnection(_CheckedConnectionMixin, HTTPSConnection):
    pass


class _CheckedHTTPPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _CheckedHTTPConnection


class _CheckedHTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _CheckedHTTPSConnection


class _CheckedAdapter(requests.adapters.HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _CheckedHTTPPool, "https": _CheckedHTTPSPool}


def session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # no proxies or .netrc from the environment
    adapter = _CheckedAdapter(max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
