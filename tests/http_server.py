"""A real HTTP server for tests: ThreadingHTTPServer on 127.0.0.1 with a random port and a route table.

A route maps a path (query string ignored) to ``(status, headers, body)`` or to a callable taking the
request handler and returning that triple, or None when it wrote the whole response itself. ``body`` is bytes or str (encoded as UTF-8). Unknown paths get 404.
A body is sent with Content-Length unless the headers say ``{"Content-Length": None}`` (then the connection
closing ends it).
"""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Dict, List, Mapping, Optional, Tuple, Union
from urllib.parse import urlsplit

Body = Union[bytes, str]
Response = Tuple[int, Mapping[str, object], Body]
Route = Union[Response, Callable[[BaseHTTPRequestHandler], Optional[Response]]]


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path = urlsplit(self.path).path
        self.server.requests.append((path, dict(self.headers)))
        route = self.server.routes.get(path, (404, {"Content-Type": "text/plain"}, b"not found"))
        response = route(self) if callable(route) else route
        if response is None:
            return
        status, headers, body = response
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        headers = dict(headers)
        if "Content-Length" not in headers:
            headers["Content-Length"] = str(len(data))
        for name, value in headers.items():
            if value is not None:
                self.send_header(name, str(value))
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (too_large, timeout tests)
            pass

    def log_message(self, format: str, *args) -> None:  # keep test output quiet
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # stop() doesn't wait for a handler still dribbling to a client that gave up
    routes: Dict[str, Route]
    requests: List[Tuple[str, Dict[str, str]]]


class LocalHTTPServer:
    """Start with ``start()``, stop with ``stop()``; ``url(path)`` gives the absolute URL of a route."""

    def __init__(self, routes: Optional[Dict[str, Route]] = None):
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.routes = dict(routes or {})
        self._server.requests = []
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), name="test-http", daemon=True)

    @property
    def routes(self) -> Dict[str, Route]:
        return self._server.routes

    @property
    def requests(self) -> List[Tuple[str, Dict[str, str]]]:
        """(path, headers) of every request served, in order."""
        return self._server.requests

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def start(self) -> "LocalHTTPServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
