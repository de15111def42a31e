"""Readers: every input kind becomes a stream of `Article`s (or `Failure`s, one per bad input).

    read(sources) -> Iterator[Article | Failure]

`sources` are paths (files or directories, walked recursively and lazily), "-" for stdin, or
http(s) URLs. The reader for a file is chosen by its extension and, failing that, by sniffing its
first bytes: .txt (page text with site chrome), .html/.htm, .jsonl/.ndjson/.json, .xml/.rss/.atom
(feeds), .warc/.warc.gz. A bad input never stops the stream: it yields a `Failure` naming the input
and the reason, and the caller goes on.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Failure:
    """An input that could not be read: where, and why, in one line."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"
