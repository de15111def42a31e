"""Reader for HTML pages: trafilatura finds the main text and metadata, htmldate the page's date.

The date is looked for only where a page states its own date (meta tags, JSON-LD, <time> and
date-classed elements), never in the story's sentences; then in the URL; then in a date line
that trafilatura kept above the text.
"""
from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from datetime import date, datetime

from detente.ingest.base import Failure, ReadError, decode, finish
from detente.ingest.clean import clean_body
from detente.ingest.dates import date_in_url, parse_iso_or_text
from detente.model import Article

#: elements whose class, id or itemprop says they hold the page's date
_DATE_HINT = re.compile(r"date|time|publish|posted|dateline", re.I)
#: a date-classed element with more text than this is a paragraph, not a date
DATE_ELEMENT_MAX_CHARS = 80


def _markup_only(tree: object) -> str:
    """The parts of a page that state its date: <head>, JSON-LD, <time>, date-classed short elements."""
    import lxml.html

    head = tree.find(".//head")  # type: ignore[attr-defined]
    parts = [lxml.html.tostring(head, encoding="unicode")] if head is not None else ["<head></head>"]
    body: list[str] = []
    for el in tree.iter():  # type: ignore[attr-defined]
        if not isinstance(el.tag, str) or (head is not None and el in head.iter()):
            continue
        hints = " ".join(el.get(a, "") for a in ("class", "id", "itemprop"))
        if el.tag == "script" and "ld+json" in (el.get("type") or ""):
            body.append(lxml.html.tostring(el, encoding="unicode"))
        elif el.tag == "time" or (hints and _DATE_HINT.search(hints)
                                  and len(el.text_content() or "") <= DATE_ELEMENT_MAX_CHARS):
            body.append(lxml.html.tostring(el, encoding="unicode", with_tail=False))
    return f"<html>{parts[0]}<body>{''.join(body)}</body></html>"


def page_date(html: str) -> date | None:
    """The date the page's markup gives as its publication date, or None."""
    import lxml.html
    from htmldate import find_date

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):  # type: ignore[attr-defined]
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = find_date(_markup_only(tree), extensive_search=False, original_date=True)
    return parse_iso_or_text(found) if found else None


def article_from_html(html: str, source: str, *, url: str | None = None, fetched_at: datetime | None = None,
                      reader: str = "html") -> Article:
    """One Article from an HTML page."""
    import trafilatura

    if not re.search(r"<\s*(?:html|body|p|div|article|h1|br)\b", html[:200_000], re.I):
        raise ReadError("malformed HTML: no HTML elements found")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                              include_tables=False, deduplicate=False)
        except Exception as exc:  # trafilatura raises many kinds on broken markup
            raise ReadError(f"malformed HTML: {type(exc).__name__}: {exc}") from exc
    if doc is None or isinstance(doc, dict) or not (doc.text or "").strip():
        raise ReadError("no article text found")
    title = (doc.title or "").strip() or None
    description = (doc.description or "").strip() or None
    page = clean_body(doc.text or "", title=title, dek=description)
    published: date | None = page_date(html)
    published_source = "html" if published else None
    if published is None and (from_url := date_in_url(url)):
        published, published_source = from_url, "url"
    if published is None and page.published:
        published, published_source = page.published, "text"
    section = (doc.categories[0] if doc.categories else None) or None
    article = Article(
        body=page.body, sources=[source], url=url or (doc.url or None), outlet=(doc.sitename or None) or page.outlet,
        title=title, dek=description, section=section, byline=(doc.author or None) or page.byline,
        published=published, published_source=published_source, fetched_at=fetched_at, reader=reader,
    )
    return finish(article)


def read_html(data: bytes, source: str, *, url: str | None = None, fetched_at: datetime | None = None,
              charset: str | None = None) -> Iterator[Article | Failure]:
    """An .html page (or a text/html URL) as one Article."""
    text = decode(data, charset or _meta_charset(data))
    yield article_from_html(text, source, url=url, fetched_at=fetched_at)


def _meta_charset(data: bytes) -> str | None:
    m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", data[:4096], re.I)
    return m.group(1).decode("ascii", "replace") if m else None
