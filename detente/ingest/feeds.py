"""Reader for RSS and Atom feed files: each item an Article, its content (or summary) as the text.

The item's own date is the feed's word for when it was published (`published_source` "feed").
A feed whose XML breaks is reported as one Failure; the items read before the break still count.
"""
from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from datetime import date
from typing import Any

from detente.ingest.base import Failure, ReadError, cap_message, finish
from detente.ingest.clean import clean_body
from detente.model import Article

_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote", "tr", "figure")


def html_fragment_text(fragment: str) -> str:
    """Text of an HTML fragment (feed content), one line per block element, captions dropped."""
    if "<" not in fragment:
        return fragment
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, lxml.etree.ParserError):  # type: ignore[attr-defined]
        return re.sub(r"<[^>]+>", " ", fragment)
    for el in root.iter("figcaption", "script", "style"):
        el.drop_tree() if el.getparent() is not None else None
    for el in root.iter(*_BLOCK_TAGS):
        el.tail = "\n" + (el.tail or "")
        if el.tag != "br":
            el.text = "\n" + (el.text or "")
    return re.sub(r"[ \t]+", " ", root.text_content())


#: a numeric character reference (its digits bounded: a longer run is invalid anyway and stays as it is)
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,16})|([0-9]{1,20}));")


def _valid_ref(m: re.Match[bytes]) -> bytes:
    """A reference to a character XML cannot hold (`&#xFFFFFFF;`, `&#0;`, a surrogate) as U+FFFD, as browsers do.

    One such reference made feedparser raise for the whole feed, losing every item.
    """
    code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    if code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF:
        return m.group(0)
    return b"&#xFFFD;"


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return date(value.tm_year, value.tm_mon, value.tm_mday)
            except ValueError:
                continue
    return None


def _content(entry: Any) -> str:
    for item in entry.get("content") or []:
        if item.get("value"):
            return str(item["value"])
    return str(entry.get("summary") or entry.get("description") or "")


def read_feed(data: bytes, source: str, *, max_bytes: int) -> Iterator[Article | Failure]:
    """Every item of an RSS/Atom document as an Article; one Failure for the feed if its XML is broken."""
    import feedparser

    if not data.strip():
        raise ReadError("empty file")
    data = _CHAR_REF.sub(_valid_ref, data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = feedparser.parse(data)
    broken = None
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        if not isinstance(exc, feedparser.CharacterEncodingOverride):  # a wrong charset label is harmless
            broken = f"malformed feed XML: {exc}".splitlines()[0]
    entries = parsed.get("entries") or []
    if not entries:
        raise ReadError(broken or "no items in the feed")
    if broken and not data.rstrip().endswith((b"</rss>", b"</feed>", b"</rdf:RDF>")):
        entries = entries[:-1]  # the document was cut: its last item is partial, and nothing partial is stored
    if not entries:
        raise ReadError(broken or "no items in the feed")
    outlet = (parsed.get("feed") or {}).get("title") or None
    for n, entry in enumerate(entries, 1):
        where = f"{source}#item-{n}"
        content = _content(entry)
        if len(content.encode("utf-8")) > max_bytes:
            yield Failure(where, cap_message(max_bytes))
            continue
        title = (entry.get("title") or "").strip() or None
        try:
            page = clean_body(html_fragment_text(content), title=title)
            published = _entry_date(entry)
            article = Article(
                body=page.body, sources=[where], url=entry.get("link") or None, outlet=outlet, title=title,
                byline=entry.get("author") or page.byline, section=((entry.get("tags") or [{}])[0].get("term") or None),
                published=published, published_source="feed" if published else None, reader="feed",
            )
            yield finish(article)
        except ReadError as exc:
            yield Failure(where, str(exc))
    if broken:
        yield Failure(source, f"{broken} (kept {len(entries)} complete items)")
