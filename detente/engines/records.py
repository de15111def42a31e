"""Extractions to and from plain rows: how results travel between machines and through Parquet shards.

A row is `{"article_id", "body_hash", "source", "outlet", "published", "events", "extraction"}`, the
last being `Extraction.to_dict()` as JSON, so a shard is readable by pandas, DuckDB or Spark without
detente, and `extraction_from_row` rebuilds the exact objects for `Store.save_many`.
"""
from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from detente.model import (
    Actor,
    Article,
    Attribution,
    DateSpan,
    Event,
    Evidence,
    Extraction,
    Location,
    Mention,
    Party,
    ThirdParty,
)

#: the Parquet schema's column names, in order (`error` is set instead of `extraction` when extraction failed)
COLUMNS = ("article_id", "body_hash", "source", "outlet", "published", "events", "extraction", "error")


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _known(cls: type, d: dict[str, Any]) -> dict[str, Any]:
    """The keys of `d` that are fields of dataclass `cls` (newer writers may add fields)."""
    names = cls.__dataclass_fields__  # type: ignore[attr-defined]
    return {k: v for k, v in d.items() if k in names}


def article_from_dict(d: dict[str, Any]) -> Article:
    d = _known(Article, d)
    d["published"] = _date(d.get("published"))
    for key in ("fetched_at", "ingested_at"):
        d[key] = _datetime(d.get(key))
    return Article(**d)


def _evidence(d: dict[str, Any]) -> Evidence:
    return Evidence(**_known(Evidence, d))


def event_from_dict(d: dict[str, Any]) -> Event:
    d = _known(Event, d)
    d["actors"] = [Party(**_known(Party, p)) for p in d.get("actors", [])]
    d["recipients"] = [Party(**_known(Party, p)) for p in d.get("recipients", [])]
    d["third_parties"] = [ThirdParty(**_known(ThirdParty, t)) for t in d.get("third_parties", [])]
    if d.get("date"):
        span = d["date"]
        d["date"] = DateSpan(start=date.fromisoformat(span["start"]), end=date.fromisoformat(span["end"]),
                             precision=span["precision"], text=span.get("text", ""))
    if d.get("location"):
        d["location"] = Location(**_known(Location, d["location"]))
    if d.get("attribution"):
        d["attribution"] = Attribution(**_known(Attribution, d["attribution"]))
    d["evidence"] = _evidence(d["evidence"])
    d["more_evidence"] = [_evidence(e) for e in d.get("more_evidence", [])]
    return Event(**d)


def actor_from_dict(d: dict[str, Any]) -> Actor:
    d = _known(Actor, d)
    d["mentions"] = [Mention(**_known(Mention, m)) for m in d.get("mentions", [])]
    return Actor(**d)


def extraction_from_dict(d: dict[str, Any]) -> Extraction:
    """The inverse of `Extraction.to_dict()`."""
    return Extraction(article=article_from_dict(d["article"]), actors=[actor_from_dict(a) for a in d.get("actors", [])],
                      events=[event_from_dict(e) for e in d.get("events", [])], notes=list(d.get("notes", [])))


def to_row(article: Article, result: Extraction | str) -> dict[str, Any]:
    """One Parquet row for an article and its extraction (or the error that stopped it)."""
    extraction = result if isinstance(result, Extraction) else None
    return {"article_id": article.id, "body_hash": article.body_hash, "source": article.source,
            "outlet": article.outlet, "published": article.published.isoformat() if article.published else None,
            "events": len(extraction.events) if extraction else 0,
            "extraction": json.dumps(extraction.to_dict(), ensure_ascii=False, default=str) if extraction else None,
            "error": None if extraction else str(result)}


def extraction_from_row(row: dict[str, Any]) -> Extraction:
    return extraction_from_dict(json.loads(row["extraction"]))
