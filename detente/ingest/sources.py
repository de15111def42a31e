"""Turns what the user named (paths, directories, "-", URLs) into a lazy stream of Articles and Failures.

Directories are walked with os.scandir, one directory's names at a time, in sorted order, so a
directory of 10,000 files streams with flat memory. Each file is read whole (under the cap) before it
is parsed, so a file that vanishes or breaks mid-read yields a Failure and never a partial Article.
"""
from __future__ import annotations

import io
import os
import socket
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from typing import IO

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
#: bytes read per chunk from a URL; the deadline is checked between chunks
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


def read(sources: Iterable[str], *, max_bytes: int = MAX_BYTES, timeout: float = URL_TIMEOUT) -> Iterator[Item]:
    """Every article the sources hold, lazily, in order; a Failure for each input that cannot be read."""
    for source in sources:
        yield from read_one(source, max_bytes=max_bytes, timeout=timeout)


def read_one(source: str, *, max_bytes: int = MAX_BYTES, timeout: float = URL_TIMEOUT) -> Iterator[Item]:
    """The articles of one source: a file, a directory (recursively), "-" (stdin) or an http(s) URL."""
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
        stream = open(path, "rb")  # noqa: SIM115 - closed below, after the generator is done
    except FileNotFoundError:
        yield Failure(path, "file disappeared while reading" if listed else "no such file or directory")
        return
    except IsADirectoryError:
        yield from _walk(path, max_bytes)
        return
    except OSError as exc:
        yield Failure(path, f"cannot open: {exc.strerror or exc}")
        return
    with stream:
        yield from _guard(path, lambda: _read_stream(stream, path, path, max_bytes, os.fstat(stream.fileno()).st_size))


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
    if is_binary(head) and not head.startswith(b"\x1f\x8b"):
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


class _Deadline(io.RawIOBase):
    """A response body that raises TimeoutError once `timeout` seconds have passed in all."""

    def __init__(self, response: IO[bytes], timeout: float) -> None:
        self._response = response
        self._timeout = timeout
        self._end = time.monotonic() + timeout

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if time.monotonic() > self._end:
            raise TimeoutError
        data = self._response.read(min(len(buffer), CHUNK))
        buffer[: len(data)] = data
        return len(data)


def _read_url(url: str, max_bytes: int, timeout: float) -> Iterator[Item]:
    """Fetch a URL with a timeout (for connecting, each read, and the whole body) and a size cap."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html, application/xhtml+xml, */*"})
    try:
        response = urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as exc:
        raise ReadError(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, (TimeoutError, socket.timeout)):
            raise ReadError(f"timed out after {timeout:g} s") from None
        raise ReadError(f"cannot fetch: {exc.reason}") from None
    except TimeoutError:
        raise ReadError(f"timed out after {timeout:g} s") from None
    with response:
        length = response.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > max_bytes and "warc" not in (response.headers.get_content_type() or ""):
            raise ReadError(cap_message(max_bytes, int(length)))
        content_type = response.headers.get("Content-Type") or ""
        charset = response.headers.get_content_charset()
        body = io.BufferedReader(_Deadline(response, timeout), buffer_size=CHUNK)
        try:
            yield from _read_stream(body, url, response.geturl() or url, max_bytes, url=response.geturl() or url,
                                    content_type=content_type, charset=charset)
        except TimeoutError:
            raise ReadError(f"timed out after {timeout:g} s") from None
