"""Reader for plain-text pages (.txt): scraped text with site chrome, cleaned by `clean.clean_page`."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from detente.ingest.base import Failure, decode, finish
from detente.ingest.clean import clean_page
from detente.ingest.dates import date_in_url
from detente.model import Article


def article_from_text(text: str, source: str, *, url: str | None = None, fetched_at: datetime | None = None,
                      reader: str = "text") -> Article:
    """One Article from a page's text: the body without chrome and the metadata the chrome held."""
    page = clean_page(text)
    published, published_source = page.published, ("text" if page.published else None)
    if published is None and (from_url := date_in_url(url)):
        published, published_source = from_url, "url"
    article = Article(
        body=page.body, sources=[source], url=url, outlet=page.outlet, title=page.title, dek=page.dek,
        section=page.section, byline=page.byline, published=published, published_source=published_source,
        fetched_at=fetched_at, reader=reader,
    )
    return finish(article)


def read_text(data: bytes, source: str, *, url: str | None = None, fetched_at: datetime | None = None,
              charset: str | None = None) -> Iterator[Article | Failure]:
    """A .txt page (or a text/plain URL) as one Article."""
    yield article_from_text(decode(data, charset), source, url=url, fetched_at=fetched_at)
