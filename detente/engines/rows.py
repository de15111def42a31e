"""Extractions as plain rows: how results travel between machines and through Parquet shards.

A row is `{"article_id", "body_hash", "source", "outlet", "published", "events", "extraction"}`, the
last being `Extraction.to_dict()` as JSON, so a shard is readable by pandas, DuckDB or Spark without
detente, and `extraction_from_row` rebuilds the exact objects (`Extraction.from_dict`) for `Store.save_many`.
"""
from __future__ import annotations

import json
from typing import Any

from detente.model import Article, Extraction

#: the Parquet schema's column names, in order (`error` is set instead of `extraction` when extraction failed)
COLUMNS = ("article_id", "body_hash", "source", "outlet", "published", "events", "extraction", "error")


def to_row(article: Article, result: Extraction | str) -> dict[str, Any]:
    """One Parquet row for an article and its extraction (or the error that stopped it)."""
    extraction = result if isinstance(result, Extraction) else None
    return {"article_id": article.id, "body_hash": article.body_hash, "source": article.source,
            "outlet": article.outlet, "published": article.published.isoformat() if article.published else None,
            "events": len(extraction.events) if extraction else 0,
            "extraction": json.dumps(extraction.to_dict(), ensure_ascii=False, default=str) if extraction else None,
            "error": None if extraction else str(result)}


def extraction_from_row(row: dict[str, Any]) -> Extraction:
    return Extraction.from_dict(json.loads(row["extraction"]))
