"""JSON Lines: one object per row; `events` carries each event's full JSON as the store keeps it."""
from __future__ import annotations

import json
from datetime import date
from typing import IO, Any

from detente.export.tables import table
from detente.store import Store

BINARY = False


def _rows(store: Store, name: str, since: date | None, until: date | None) -> list[dict[str, Any]]:
    df = table(store, name, since, until)
    return [{k: (None if _isnan(v) else v) for k, v in row.items()} for row in df.to_dict(orient="records")]


def _isnan(v: Any) -> bool:
    return isinstance(v, float) and v != v


def write(store: Store, dest: str | IO[str], name: str = "events", since: date | None = None, until: date | None = None) -> int:
    """Write a table as JSON Lines to a path or text stream; returns the row count."""
    rows = _rows(store, name, since, until)
    if isinstance(dest, str):
        with open(dest, "w", encoding="utf-8") as fh:
            return write_rows(rows, fh)
    return write_rows(rows, dest)


def write_rows(rows: list[dict[str, Any]], out: IO[str]) -> int:
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    return len(rows)
