"""What every reader shares: the caps, the Failure, decoding bytes, and finishing an Article."""
from __future__ import annotations

import codecs
from dataclasses import dataclass
from datetime import datetime

from detente.lang import article_language
from detente.model import Article

#: a page (or one record of a container: a JSONL line, a feed item, a WARC record) larger than this is
#: refused; real news pages are under 2 MB of HTML, so 20 MB only stops junk
MAX_BYTES = 20 * 1024 * 1024
#: seconds a URL may take to answer (and between two chunks of its body)
URL_TIMEOUT = 10.0
#: a feed must be parsed whole (feedparser), so it gets a larger cap than a page
FEED_MAX_FACTOR = 5
#: share of control characters in the first bytes above which a file is binary, not text
#: (calibrated: text pages have none besides \t \n \r \f; PDFs, images and zips have 10-30 %)
BINARY_CONTROL_SHARE = 0.05
#: how many leading bytes are sniffed for binary content and for the file kind
SNIFF_BYTES = 8192
#: an article body with fewer characters than this is no article ("no article text found")
MIN_BODY_CHARS = 20


@dataclass
class Failure:
    """An input that could not be read: where, and why, in one line."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


class ReadError(Exception):
    """Raised inside a reader; the dispatcher turns it into a Failure with this message."""


def cap_message(max_bytes: int, size: int | None = None) -> str:
    cap = f"{max_bytes / 1024 / 1024:g} MB" if max_bytes >= 1024 * 1024 else f"{max_bytes} bytes"
    actual = f" ({size / 1024 / 1024:.1f} MB)" if size else ""
    return f"larger than the {cap} cap{actual}"


def is_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first bytes: not a text page."""
    head = data[:SNIFF_BYTES]
    if not head:
        return False
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return control / len(head) > BINARY_CONTROL_SHARE


def decode(data: bytes, declared: str | None = None) -> str:
    """Bytes to text: BOMs, then UTF-8, then the declared charset, then charset-normalizer's guess."""
    if not data.strip():
        raise ReadError("empty file")
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    if is_binary(data):
        raise ReadError("binary file (not text)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 2 * 1024 * 1024]).best()
    if best is None or not best.encoding:
        raise ReadError("undecodable bytes (not UTF-8, and no other encoding fits)")
    try:
        return data.decode(best.encoding)
    except (LookupError, UnicodeDecodeError):
        return data.decode(best.encoding, errors="replace")


def finish(article: Article) -> Article:
    """Fill in what every reader sets the same way: the language (when not given) and its score."""
    if not article.body or len(article.body.strip()) < MIN_BODY_CHARS:
        raise ReadError("no article text found")
    if article.language is None:
        article.language, article.language_score = article_language(
            "\n".join(x for x in (article.title, article.body) if x))
    return article


def parse_timestamp(value: str | None) -> datetime | None:
    """A WARC-Date or HTTP timestamp as an aware datetime, None if unreadable."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            return parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
