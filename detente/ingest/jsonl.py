"""Reader for JSON Lines: one article per line (`text` or `html`; optional `id`, `url`, `title`,
`published`, `outlet`, `section`, `byline`, `dek`, `language`); also a .json file holding one list of them.

A record's `text` is taken as the article body as given (datasets are already clean); its `html`
goes through the HTML reader. A bad line is one Failure (`path#L3`) and the rest of the file goes on.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from detente.ingest.base import MAX_BYTES, Failure, ReadError, cap_message, finish
from detente.ingest.clean import normalise_text
from detente.ingest.dates import parse_iso_or_text
from detente.ingest.html import article_from_html
from detente.model import Article

#: fields a record may carry besides its text, copied onto the Article as they are
_TEXT_FIELDS = ("url", "outlet", "title", "section", "byline", "dek")


def _str(value: Any) -> str | None:
    return str(value).strip() or None if value is not None else None


def article_from_record(record: Any, source: str) -> Article:
    """One Article from one decoded JSON record."""
    if not isinstance(record, dict):
        raise ReadError(f"not a JSON object but {type(record).__name__}")
    text, html = record.get("text"), record.get("html")
    if not isinstance(text, str) and not isinstance(html, str):
        raise ReadError("record has no \"text\" or \"html\" string")
    meta = {k: _str(record.get(k)) for k in _TEXT_FIELDS}
    if isinstance(text, str) and text.strip():
        body = "\n\n".join(p.strip() for p in normalise_text(text).split("\n") if p.strip())
        article = Article(body=body, sources=[source], reader="jsonl", url=meta["url"], outlet=meta["outlet"],
                          title=meta["title"], section=meta["section"], byline=meta["byline"], dek=meta["dek"])
    elif isinstance(html, str):
        article = article_from_html(html, source, url=meta["url"], reader="jsonl")
        for key, value in meta.items():
            if value:
                setattr(article, key, value)
    else:
        raise ReadError("no article text found")
    if record.get("id") not in (None, ""):
        article.id = str(record["id"])
    published = parse_iso_or_text(record.get("published") or record.get("date"))
    if published:
        article.published, article.published_source = published, "input"
    if isinstance(record.get("language"), str) and record["language"].strip():
        article.language = record["language"].strip().lower()
        article.language_score = 1.0
    return finish(article)


def _lines(stream: IO[bytes], max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) per line; None for a line over the cap, which is skipped without being held."""
    number = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while True:  # drain the rest of the oversized line in cap-sized pieces
                rest = stream.readline(max_bytes + 1)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
            continue
        yield number, line


def read_jsonl(stream: IO[bytes], source: str, *, max_bytes: int = MAX_BYTES) -> Iterator[Article | Failure]:
    """Every line of a JSON Lines stream as an Article, or a Failure naming `source#L<n>`."""
    first = stream.peek(64)[:64] if hasattr(stream, "peek") else b""
    if first.lstrip().startswith(b"["):
        yield from _read_json_array(stream, source, max_bytes)
        return
    empty = True
    for number, line in _lines(stream, max_bytes):
        where = f"{source}#L{number}"
        if line is None:
            empty = False
            yield Failure(where, cap_message(max_bytes))
            continue
        try:
            text = line.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            yield Failure(where, f"not valid UTF-8 at byte {exc.start}")
            empty = False
            continue
        if not text.strip():
            continue
        empty = False
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            yield Failure(where, f"not valid JSON on line {number}: {exc.msg} (column {exc.colno})")
            continue
        try:
            yield article_from_record(record, where)
        except ReadError as exc:
            yield Failure(where, str(exc))
    if empty:
        raise ReadError("empty file")


def _read_json_array(stream: IO[bytes], source: str, max_bytes: int) -> Iterator[Article | Failure]:
    """A .json file holding a list of records (it must fit under the cap: JSON arrays cannot stream)."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ReadError(cap_message(max_bytes) + " (a JSON array is read whole; use JSON Lines)")
    try:
        records = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReadError(f"not valid JSON: {exc}") from exc
    for n, record in enumerate(records, 1):
        where = f"{source}#{n}"
        try:
            yield article_from_record(record, where)
        except ReadError as exc:
            yield Failure(where, str(exc))
