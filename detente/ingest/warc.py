"""Reader for WARC files as Common Crawl's news crawl ships them (.warc.gz, one gzip member per record).

Each `response` record with HTTP status 200 and an HTML body is one Article (url from
WARC-Target-URI, fetched_at from WARC-Date); other records (request, metadata, non-HTML, redirects,
errors) are skipped, not failures. A record that cannot be read ends the file with one Failure.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from detente.ingest.base import MAX_BYTES, Failure, ReadError, cap_message, decode, parse_timestamp
from detente.ingest.html import article_from_html
from detente.model import Article

#: record bodies of these media types are articles
HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(stream: IO[bytes], source: str, *, max_bytes: int = MAX_BYTES, size: int | None = None) -> Iterator[Article | Failure]:
    """The HTML responses of a WARC stream as Articles, one `source#record-<n>` each.

    `size` (the file's length) lets a truncated last record be noticed: warcio stops silently at a
    cut gzip member, so the bytes it consumed are compared with the file's length.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    n = 0
    try:
        records = ArchiveIterator(stream, arc2warc=True)
        for record in records:
            n += 1
            if record.rec_type != "response" or record.http_headers is None:
                continue
            status = record.http_headers.get_statuscode()
            ctype = (record.http_headers.get_header("Content-Type") or "").lower()
            if status != "200" or not ctype.startswith(HTML_TYPES):
                continue
            where = f"{source}#record-{n}"
            url = record.rec_headers.get_header("WARC-Target-URI")
            fetched = parse_timestamp(record.rec_headers.get_header("WARC-Date"))
            body = record.content_stream().read(max_bytes + 1)
            if len(body) > max_bytes:
                yield Failure(where, cap_message(max_bytes))
                continue
            charset = ctype.split("charset=")[1].split(";")[0].strip() if "charset=" in ctype else None
            try:
                yield article_from_html(decode(body, charset), where, url=url, fetched_at=fetched, reader="warc")
            except ReadError as exc:
                yield Failure(where, str(exc))
        consumed = getattr(records, "offset", None)
        if size is not None and isinstance(consumed, int) and consumed < size:
            yield Failure(source, f"malformed WARC record after record {n}: truncated ({size - consumed} bytes unread)")
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        yield Failure(source, f"malformed WARC record after record {n}: {reason}")
