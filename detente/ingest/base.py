"""What every reader shares: the caps, the Failure, decoding bytes, and finishing an Article."""
from __future__ import annotations

import codecs
from collections import Counter
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
#: UTF-16 without a BOM: share of the sniffed characters whose high byte is one of the two most common values at
#: least this (text in one script: 0x00 for ASCII, 0x04 for Cyrillic letters...), with almost no 0 low bytes;
#: English text has 100 %, Russian news ~100 % (0x04 and 0x00), random or structured binary fails this or the
#: printable test below
UTF16_SCRIPT_SHARE = 0.9
#: share of printable characters (or \t \n \r) a UTF-16 reading of the first bytes needs to count as text
UTF16_PRINTABLE_SHARE = 0.98
#: the encodings a page without a charset may be in: the WHATWG Encoding Standard's legacy encodings (what
#: browsers read the web in; UTF-16 is handled before), and UTF-8 for a UTF-8 file with a few bad bytes.
#: charset-normalizer guesses among these only: left to all it knows, it read short French text as cp775,
#: cp1006 or cp1250 ("franﻝais", "prķsident", "ŕ Genčve")
WEB_ENCODINGS = ["utf_8", "cp1252", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_5", "iso8859_6", "iso8859_7",
                 "iso8859_8", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16", "cp866", "koi8_r",
                 "koi8_u", "cp874", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
                 "gb18030", "big5", "euc_jp", "iso2022_jp", "shift_jis", "euc_kr"]
#: code pages that read Western European text alike; among guesses equally good, the first of these wins
#: (windows-1252 is what WHATWG reads an unlabelled Western page in)
WESTERN = ("cp1252", "latin_1", "iso8859_15")


@dataclass
class Failure:
    """An input that could not be read: where, and why, in one line."""

    source: str
    reason: str

    def __str__(self) -> str:
        return one_line(f"{self.source}: {self.reason}")


def one_line(text: str) -> str:
    """`text` on one line: a reason or a file name holding a line break must not break the one-line-per-input report."""
    return text.replace("\r", "\\r").replace("\n", "\\n")


class ReadError(Exception):
    """Raised inside a reader; the dispatcher turns it into a Failure with this message."""


def cap_message(max_bytes: int, size: int | None = None) -> str:
    cap = f"{max_bytes / 1024 / 1024:g} MB" if max_bytes >= 1024 * 1024 else f"{max_bytes} bytes"
    actual = f" ({size / 1024 / 1024:.1f} MB)" if size else ""
    return f"larger than the {cap} cap{actual}"


def is_binary(data: bytes, nul_is_binary: bool = True) -> bool:
    """NUL bytes or many control characters in the first bytes: not a text page.

    `nul_is_binary=False` (JSON Lines, where a stray NUL fails only its line) counts NULs as any control byte.
    """
    head = data[:SNIFF_BYTES]
    if not head:
        return False
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or utf16_without_bom(head):
        return False
    if nul_is_binary and b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return control / len(head) > BINARY_CONTROL_SHARE


def utf16_without_bom(head: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when the first bytes read as text in it (no BOM says so), else None."""
    head = head[:SNIFF_BYTES]
    head = head[: len(head) & ~1]
    if len(head) < 8:
        return None
    pairs = len(head) // 2
    for codec, low, high in (("utf-16-le", head[0::2], head[1::2]), ("utf-16-be", head[1::2], head[0::2])):
        common = sum(n for _b, n in Counter(high).most_common(2))
        if common < UTF16_SCRIPT_SHARE * pairs or low.count(0) > 0.01 * pairs:
            continue
        try:
            text = head.decode(codec)
        except UnicodeDecodeError:  # a surrogate cut at the end of the sniffed bytes
            text = head[:-2].decode(codec, errors="replace")
        printable = sum(1 for ch in text if ch.isprintable() or ch in "\t\n\r\f")
        if printable >= UTF16_PRINTABLE_SHARE * len(text):
            return codec
    return None


def decode(data: bytes, declared: str | None = None) -> str:
    """Bytes to text: BOMs, then UTF-8, then the declared charset, then charset-normalizer's guess."""
    if not data.strip():
        raise ReadError("empty file")
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    if codec16 := utf16_without_bom(data):
        return data.decode(codec16, errors="replace")
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
    encoding = guess_encoding(data)
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return data.decode(encoding, errors="replace")


def guess_encoding(data: bytes) -> str:
    """charset-normalizer's guess among WEB_ENCODINGS: the least chaos, then the most coherence, then Western.

    For short text its own ranking is close to arbitrary among code pages that read the letters differently
    (Latin-1 French as cp1257: "franēais"); chaos and coherence are what it measures, the order among ties is not.
    """
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[: 2 * 1024 * 1024], cp_isolation=WEB_ENCODINGS))
    if not matches:
        raise ReadError("undecodable bytes (not UTF-8, and no other encoding fits)")
    least = min(m.chaos for m in matches)
    clean = [m for m in matches if m.chaos == least]
    most = max(m.coherence for m in clean)
    tied = [m for m in clean if m.coherence == most]
    names = {name for m in tied for name in m.could_be_from_charset}
    return next((name for name in WESTERN if name in names), tied[0].encoding)


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
