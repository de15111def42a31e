"""A misbehaving HTTP server on loopback, for the fault tests: it hangs, drips, cuts bodies short, loops redirects.

    with FaultServer() as server:
        read([server.url("/drip")], timeout=1.0)

Every path is one misbehaviour (see `FaultHandler.ROUTES`). Handlers that wait do so on the server's stop
event, so closing the server ends them; each connection has its own daemon thread.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

#: an article the good routes serve (team-written)
PAGE = ("Norway and the European Union agreed on Monday to extend their cooperation on gas supplies until 2030, "
        "the Norwegian energy ministry said in Oslo. Officials from both sides described the talks as constructive.\n")
#: seconds between two bytes of a dripping answer
DRIP_EVERY = 0.5


class FaultHandler(BaseHTTPRequestHandler):
    server: FaultServerCore

    ROUTES: ClassVar[dict[str, str]] = {
        "/ok": "a plain-text article",
        "/hang": "reads the request, never answers",
        "/hang-body": "sends headers (Content-Length 5000), then nothing",
        "/drip": "sends headers, then the body one byte every DRIP_EVERY s",
        "/drip-headers": "sends the status line and headers one byte every DRIP_EVERY s",
        "/short": "Content-Length 100000, sends 500 bytes, closes",
        "/short-chunked": "chunked, one chunk, closes without the last chunk",
        "/loop": "302 to itself",
        "/loop-a": "302 to /loop-b, which sends it back",
        "/no-location": "302 without a Location header",
        "/huge": "declares a 30 MB body (over the cap)",
        "/huge-stream": "no Content-Length, streams 21 MB of text (over the cap)",
        "/error": "HTTP 500",
    }

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.server.hits.append(self.path)
        route: Callable[[], None] | None = getattr(self, "route_" + self.path.strip("/").replace("-", "_"), None)
        if route is None:
            self.send_error(404)
            return
        try:
            route()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up: what the tests want

    def _headers(self, status: int = 200, length: int | None = None, **extra: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        if length is not None:
            self.send_header("Content-Length", str(length))
        for key, value in extra.items():
            self.send_header(key.replace("_", "-"), value)
        self.end_headers()

    def route_ok(self) -> None:
        body = PAGE.encode()
        self._headers(length=len(body))
        self.wfile.write(body)

    def route_hang(self) -> None:
        self.server.stop.wait()

    def route_hang_body(self) -> None:
        self._headers(length=5000)
        self.wfile.flush()
        self.server.stop.wait()

    def route_drip(self) -> None:
        body = (PAGE * 20).encode()
        self._headers(length=len(body))
        self._drip(body)

    def route_drip_headers(self) -> None:
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Slow: " + b"x" * 200 + b"\r\n\r\n"
        self._drip(head)

    def _drip(self, data: bytes) -> None:
        for i in range(len(data)):
            if self.server.stop.wait(DRIP_EVERY):
                return
            self.wfile.write(data[i:i + 1])
            self.wfile.flush()

    def route_short(self) -> None:
        self._headers(length=100_000)
        self.wfile.write((PAGE * 10).encode()[:500])
        self.wfile.flush()
        self.close_connection = True

    def route_short_chunked(self) -> None:
        self._headers(Transfer_Encoding="chunked")
        chunk = PAGE.encode()
        self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        self.wfile.flush()
        self.close_connection = True

    def route_loop(self) -> None:
        self._headers(302, length=0, Location="/loop")

    def route_loop_a(self) -> None:
        self._headers(302, length=0, Location="/loop-b")

    def route_loop_b(self) -> None:
        self._headers(302, length=0, Location="/loop-a")

    def route_no_location(self) -> None:
        self._headers(302, length=0)

    def route_huge(self) -> None:
        self._headers(length=30 * 1024 * 1024)
        self.wfile.write(PAGE.encode())

    def route_huge_stream(self) -> None:
        self._headers()
        self.close_connection = True
        block = (PAGE * 400).encode()
        sent = 0
        while sent <= 21 * 1024 * 1024 and not self.server.stop.is_set():
            self.wfile.write(block)
            sent += len(block)

    def route_error(self) -> None:
        self.send_error(500, "Internal Server Error")


class FaultServerCore(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), FaultHandler)
        self.stop = threading.Event()
        self.hits: list[str] = []


class FaultServer:
    """The server in a background thread; `url(path)` names a route."""

    def __init__(self) -> None:
        self.core = FaultServerCore()
        self.thread = threading.Thread(target=self.core.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str) -> str:
        host, port = self.core.server_address[:2]
        return f"http://{host!s}:{port}{path}"

    def __enter__(self) -> FaultServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.core.stop.set()
        self.core.shutdown()
        self.core.server_close()
        self.thread.join(5)


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    """(fn(), seconds it took): for the tests that check a deadline bounds a wait (a hang is a failure, not a figure)."""
    start = time.monotonic()
    return fn(), time.monotonic() - start
