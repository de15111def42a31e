"""Turns what the user named (paths, directories, "-", URLs) into a lazy stream of Articles and Failures.

Directories are walked with os.scandir, one directory's names at a time, in sorted order, so a
directory of 10,000 files streams with flat memory. Each file is read whole (under the cap) before it
is parsed, so a file that vanishes or breaks mid-read yields a Failure and never a partial Article.
"""
from __future__ import annotations

import contextlib
import http.client
import io
import os
import socket
import stat
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from detente.ingest.base import (
    FEED_MAX_FACTOR,
    MAX_BYTES,
    SNIFF_BYTES,
    URL_TIMEOUT,
    Failure,
    ReadError,
    cap_message,
    is_binary,
)
from detente.model import Article, utcnow

Item = Article | Failure

#: reader kind for each file extension (lower case, longest first wins)
EXTENSIONS = {
    ".warc.gz": "warc", ".warc": "warc", ".arc.gz": "warc",
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".jsonl.gz": "jsonl",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
}
#: bytes read per chunk from a URL
CHUNK = 64 * 1024
USER_AGENT = "detente/0.1 (+offline news event coder)"


def kind_of(path: str, head: bytes = b"") -> str:
    """Which reader a file needs: by extension, else by sniffing its first bytes."""
    low = path.lower()
    for ext in sorted(EXTENSIONS, key=len, reverse=True):
        if low.endswith(ext):
            return EXTENSIONS[ext]
    return sniff(head)


def sniff(head: bytes) -> str:
    """A reader kind from the first bytes of an input of unknown kind."""
    start = head.lstrip()[:1024].lower()
    if head.startswith(b"\x1f\x8b") or start.startswith((b"warc/", b"filedesc://")):
        return "warc"
    if start.startswith(b"<?xml") and (b"<rss" in start or b"<feed" in start or b"<rdf" in start):
        return "feed"
    if start.startswith((b"<rss", b"<feed")):
        return "feed"
    if start.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body", b"<!--")):
        return "html"
    if start.startswith((b"{", b"[")):
        return "jsonl"
    return "text"


def read(sources: Iterable[str], *, max_bytes: int = MAX_BYTES, timeout: float | None = None) -> Iterator[Item]:
    """Every article the sources hold, lazily, in order; a Failure for each input that cannot be read.

    `timeout`: seconds a URL may take in all (connecting, redirects, headers, body); default URL_TIMEOUT.
    """
    for source in sources:
        yield from read_one(source, max_bytes=max_bytes, timeout=timeout)


def read_one(source: str, *, max_bytes: int = MAX_BYTES, timeout: float | None = None) -> Iterator[Item]:
    """The articles of one source: a file, a directory (recursively), "-" (stdin) or an http(s) URL."""
    timeout = URL_TIMEOUT if timeout is None else timeout
    if source == "-":
        yield from _guard(source, lambda: _read_stream(sys.stdin.buffer, source, "", max_bytes))
    elif source.startswith(("http://", "https://")):
        yield from _guard(source, lambda: _read_url(source, max_bytes, timeout))
    elif os.path.isdir(source):
        yield from _walk(source, max_bytes)
    elif os.path.lexists(source):
        yield from read_file(source, max_bytes=max_bytes)
    else:
        yield Failure(source, "no such file or directory")


def _walk(top: str, max_bytes: int) -> Iterator[Item]:
    """Files under `top` in sorted order, one directory listing in memory at a time."""
    try:
        with os.scandir(top) as it:
            entries = sorted((e.name, e.is_dir(follow_symlinks=False), e.is_file()) for e in it if not e.name.startswith("."))
    except OSError as exc:
        yield Failure(top, f"cannot list directory: {exc.strerror or exc}")
        return
    for name, is_dir, is_file in entries:
        path = os.path.join(top, name)
        if is_dir:
            yield from _walk(path, max_bytes)
        elif is_file and _readable_name(name):
            yield from read_file(path, max_bytes=max_bytes, listed=True)


def _readable_name(name: str) -> bool:
    """In a directory walk only files of a known kind (or with no extension) are read: READMEs, images are not."""
    low = name.lower()
    return any(low.endswith(ext) for ext in EXTENSIONS) or "." not in low


def read_file(path: str, *, max_bytes: int = MAX_BYTES, listed: bool = False) -> Iterator[Item]:
    """The articles of one file; `listed` says it came from a directory walk (so vanishing is a race)."""
    try:
        stream = _open_regular(path)
    except FileNotFoundError:
        yield Failure(path, "file disappeared while reading" if listed else "no such file or directory")
        return
    except IsADirectoryError:
        yield from _walk(path, max_bytes)
        return
    except ReadError as exc:
        yield Failure(path, str(exc))
        return
    except OSError as exc:
        yield Failure(path, f"cannot open: {exc.strerror or exc}")
        return
    with stream:
        yield from _guard(path, lambda: _read_stream(stream, path, path, max_bytes, os.fstat(stream.fileno()).st_size))


#: what a source that is neither a regular file nor a directory is, by its stat type
_SPECIAL = ((stat.S_ISFIFO, "a FIFO or pipe"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
            (stat.S_ISSOCK, "a socket"))


def _open_regular(path: str) -> IO[bytes]:
    """`path` opened for reading if it is a regular file; a FIFO, device or socket is refused without blocking.

    Opened with O_NONBLOCK (a FIFO with no writer would block `open` itself), checked with fstat on the open
    descriptor (no race with a rename), then read as usual: O_NONBLOCK does nothing to a regular file.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(mode):
            what = next((name for test, name in _SPECIAL if test(mode)), "not a regular file")
            raise ReadError(f"not a regular file ({what}); use - to read standard input")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _guard(source: str, make: Callable[[], Iterator[Item]]) -> Iterator[Item]:
    """Run a reader; any error it raises becomes one Failure line and the stream goes on."""
    try:
        yield from make()
    except ReadError as exc:
        yield Failure(source, str(exc))
    except FileNotFoundError:
        yield Failure(source, "file disappeared while reading")
    except TimeoutError:
        yield Failure(source, "timed out")
    except OSError as exc:
        yield Failure(source, f"read error: {exc.strerror or exc}")
    except MemoryError:
        yield Failure(source, "out of memory while reading")
    except Exception as exc:  # a reader bug must not stop the run; say what it was
        yield Failure(source, f"unexpected {type(exc).__name__}: {exc}")


def _read_stream(stream: IO[bytes], source: str, name: str, max_bytes: int, size: int | None = None,
                 *, url: str | None = None, content_type: str = "", charset: str | None = None) -> Iterator[Item]:
    """Dispatch an open byte stream to its reader; containers stream, pages are read whole under the cap."""
    buffered = stream if hasattr(stream, "peek") else io.BufferedReader(stream)  # type: ignore[arg-type,type-var]
    head = buffered.peek(SNIFF_BYTES)[:SNIFF_BYTES]  # type: ignore[attr-defined]
    kind = _kind_from_type(content_type) or kind_of(name, head)
    if not head:
        raise ReadError("empty file")
    if kind == "warc":
        from detente.ingest.warc import read_warc

        yield from read_warc(buffered, source, max_bytes=max_bytes, size=size)
        return
    # a stray NUL fails only its line of a JSON Lines file (the JSON parser refuses it there); elsewhere it means binary
    if is_binary(head, nul_is_binary=kind != "jsonl") and not head.startswith(b"\x1f\x8b"):
        raise ReadError("binary file (not text)")
    if kind == "jsonl":
        from detente.ingest.jsonl import read_jsonl

        yield from read_jsonl(buffered, source, max_bytes=max_bytes)
        return
    cap = max_bytes * FEED_MAX_FACTOR if kind == "feed" else max_bytes
    if size is not None and size > cap:
        raise ReadError(cap_message(cap, size))
    data = buffered.read(cap + 1)
    if len(data) > cap:
        raise ReadError(cap_message(cap))
    if kind == "feed":
        from detente.ingest.feeds import read_feed

        yield from read_feed(data, source, max_bytes=max_bytes)
    elif kind == "html":
        from detente.ingest.html import read_html

        yield from read_html(data, source, url=url, fetched_at=utcnow() if url else None, charset=charset)
    else:
        from detente.ingest.text import read_text

        yield from read_text(data, source, url=url, fetched_at=utcnow() if url else None, charset=charset)


def _kind_from_type(content_type: str) -> str | None:
    ctype = content_type.split(";")[0].strip().lower()
    if not ctype:
        return None
    if "html" in ctype:
        return "html"
    if "rss" in ctype or "atom" in ctype or ctype in ("application/xml", "text/xml"):
        return "feed"
    if "json" in ctype:
        return "jsonl"
    if "warc" in ctype:
        return "warc"
    if ctype.startswith("text/"):
        return "text"
    return None


class _Watchdog:
    """A URL's whole deadline: when it passes, the request's sockets are shut down, wherever it is blocked.

    A per-read socket timeout cannot bound a request: a server sending a byte every half second answers every
    read in time. The watchdog holds a duplicate of each socket the request opens (redirects included), so
    shutting it down ends a blocked connect handshake, header read or body read at once, for HTTP and HTTPS
    alike. The clock runs only while the request is being served: `paused()` stops it while the caller
    processes an article the stream has yielded.
    """

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.expired = False
        self._left = timeout
        self._started = 0.0
        self._lock = threading.Lock()
        self._socks: list[socket.socket] = []
        self._timer: threading.Timer | None = None
        self._run()

    def _run(self) -> None:
        self._started = time.monotonic()
        self._timer = threading.Timer(max(self._left, 0.0), self._expire)
        self._timer.daemon = True
        self._timer.start()

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._socks:
                _shut(sock)

    def attach(self, sock: socket.socket) -> socket.socket:
        """Watch `sock` (a new connection of this request); returns it."""
        dup = sock.dup()  # shutting a duplicate down shuts the connection down (SSL wraps the same socket)
        with self._lock:
            self._socks.append(dup)
            if self.expired:
                _shut(dup)
        return sock

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        if self._timer is not None:
            self._timer.cancel()
            self._left -= time.monotonic() - self._started
        try:
            yield
        finally:
            if not self.expired:
                self._run()

    def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            for sock in self._socks:
                sock.close()
            self._socks.clear()


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:  # closed already
        pass


def _watched(connection_class: Any, watchdog: _Watchdog) -> Callable[..., Any]:
    """`connection_class` whose sockets `watchdog` watches (http.client connects through `_create_connection`)."""

    def make(host: str, **kwargs: Any) -> Any:
        conn = connection_class(host, **kwargs)
        conn._create_connection = lambda *a, **k: watchdog.attach(socket.create_connection(*a, **k))
        return conn

    return make


def _watched_handlers(watchdog: _Watchdog) -> list[Any]:
    """urllib's HTTP and HTTPS handlers, opening connections whose sockets `watchdog` watches."""
    handlers = []
    for base in (urllib.request.HTTPHandler, urllib.request.HTTPSHandler):
        handler = base()
        do_open = handler.do_open
        handler.do_open = lambda http_class, req, _open=do_open, **kw: _open(_watched(http_class, watchdog), req, **kw)  # type: ignore[method-assign]
        handlers.append(handler)
    return handlers


class _Body(io.RawIOBase):
    """A response body that fails when the deadline passed or the server sent less than its Content-Length."""

    def __init__(self, response: Any, watchdog: _Watchdog) -> None:
        self._response = response
        self._watchdog = watchdog
        self._length = response.length  # None when the server gave no Content-Length (or sends chunks)
        self._got = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            data = self._response.read(min(len(buffer), CHUNK))
        except http.client.IncompleteRead as exc:
            if self._watchdog.expired:
                raise TimeoutError from None
            raise ReadError(f"connection closed mid-body after {self._got + len(exc.partial)} bytes (body cut short)") from None
        if self._watchdog.expired:
            raise TimeoutError
        self._got += len(data)
        if not data and self._length is not None and self._got < self._length:
            raise ReadError(f"connection closed after {self._got} of {self._length} bytes (body cut short)")
        buffer[: len(data)] = data
        return len(data)


def _read_url(url: str, max_bytes: int, timeout: float) -> Iterator[Item]:
    """Fetch a URL with one deadline for the whole request (connecting, redirects, headers, body) and a size cap."""
    watchdog = _Watchdog(timeout)
    try:
        stream = _fetch(url, max_bytes, timeout, watchdog)
        while True:
            try:
                item = next(stream)
            except StopIteration:
                return
            except (TimeoutError, OSError, http.client.HTTPException) as exc:
                if watchdog.expired or isinstance(exc, TimeoutError):
                    raise ReadError(f"timed out after {timeout:g} s") from None
                if isinstance(exc, OSError):
                    raise
                raise ReadError(f"bad HTTP response: {type(exc).__name__} {exc}".strip()) from None
            with watchdog.paused():
                yield item
    finally:
        watchdog.close()


def _fetch(url: str, max_bytes: int, timeout: float, watchdog: _Watchdog) -> Iterator[Item]:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html, application/xhtml+xml, */*"})
    opener = urllib.request.build_opener(*_watched_handlers(watchdog))
    try:
        response = opener.open(request, timeout=timeout)
    except urllib.error.HTTPError as exc:
        reason = str(exc.reason or "")
        if "infinite loop" in reason:  # urllib's three-line message for a redirect chain that loops or runs long
            raise ReadError(f"too many redirects (a redirect loop; the last answer was HTTP {exc.code})") from None
        raise ReadError(f"HTTP {exc.code} {reason.splitlines()[0] if reason else ''}".rstrip()) from None
    except urllib.error.URLError as exc:
        if watchdog.expired or isinstance(exc.reason, (TimeoutError, socket.timeout)):
            raise TimeoutError from None
        raise ReadError(f"cannot fetch: {exc.reason}") from None
    with response:
        length = response.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > max_bytes and "warc" not in (response.headers.get_content_type() or ""):
            raise ReadError(cap_message(max_bytes, int(length)))
        content_type = response.headers.get("Content-Type") or ""
        charset = response.headers.get_content_charset()
        body = io.BufferedReader(_Body(response, watchdog), buffer_size=CHUNK)
        yield from _read_stream(body, url, response.geturl() or url, max_bytes, url=response.geturl() or url,
                                content_type=content_type, charset=charset)
