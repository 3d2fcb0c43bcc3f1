"""A web site on 127.0.0.1 for the fetch tests: pages, redirects, failures, and a log of every request.

Nothing here reaches beyond the loopback address.  A route answers with a
`Reply`, or with each of a list of replies in turn (500 then 200); a reply
can wait before answering (a time-out), or stream a body without end (a
huge response).  A reply with an ETag or Last-Modified answers a matching
conditional request with 304.
"""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0  # seconds before answering
    endless: bool = False  # stream body again and again, with no Content-Length


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]
    at: float  # time.monotonic() when it arrived

    @property
    def conditional(self) -> bool:
        return "if-none-match" in self.headers or "if-modified-since" in self.headers


class Site:
    """Use as a context manager; `url(path)` gives the address of a path."""

    def __init__(self, routes: dict[str, Reply | list[Reply]] | None = None):
        self.routes: dict[str, Reply | list[Reply]] = dict(routes or {})
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> Site:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]

    def _reply(self, path: str) -> Reply:
        with self._lock:
            route = self.routes.get(path)
            if isinstance(route, list):
                return route.pop(0) if len(route) > 1 else route[0]
            return route or Reply(404, b"<html><body>Not Found</body></html>")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                headers = {k.lower(): v for k, v in self.headers.items()}
                with site._lock:
                    site.requests.append(Request(self.path, headers, time.monotonic()))
                reply = site._reply(self.path)
                if reply.delay:
                    time.sleep(reply.delay)
                fresh = (reply.etag and headers.get("if-none-match") == reply.etag) or (
                    reply.last_modified and headers.get("if-modified-since") == reply.last_modified
                )
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up, as it should
                    self._answer(reply, 304 if fresh else reply.status)

            def _answer(self, reply: Reply, status: int) -> None:
                self.send_response(status)
                for name, value in (
                    ("Content-Type", reply.content_type),
                    ("ETag", reply.etag),
                    ("Last-Modified", reply.last_modified),
                    *reply.headers.items(),
                ):
                    if value is not None:
                        self.send_header(name, value)
                body = b"" if status == 304 else reply.body
                if not reply.endless:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if not reply.endless:
                    self.wfile.write(body)
                    return
                deadline = time.monotonic() + 10  # bounded, whatever the client does
                while time.monotonic() < deadline:
                    self.wfile.write(body)

        return Handler
