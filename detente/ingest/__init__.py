"""Readers: every input kind becomes a stream of `Article`s (or `Failure`s, one per bad input).

    read(sources) -> Iterator[Article | Failure]

`sources` are paths (files or directories, walked recursively and lazily), "-" for stdin, or
http(s) URLs. The reader for a file is chosen by its extension and, failing that, by sniffing its
first bytes: .txt (page text with site chrome), .html/.htm, .jsonl/.ndjson/.json, .xml/.rss/.atom
(feeds), .warc/.warc.gz. A bad input never stops the stream: it yields a `Failure` naming the input
and the reason, and the caller goes on.

Modules, one per input kind: `text` (with the page cleaner `clean`, its phrases in `chrome` and
data/chrome.toml, page dates in `dates`), `html`, `jsonl`, `feeds`, `warc`; `sources` walks and
dispatches; `base` holds the caps, decoding and `Failure`.
"""
from __future__ import annotations

from detente.ingest.base import MAX_BYTES, URL_TIMEOUT, Failure
from detente.ingest.sources import read, read_file, read_one

__all__ = ["MAX_BYTES", "URL_TIMEOUT", "Failure", "read", "read_file", "read_one"]
