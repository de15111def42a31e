"""CSV: one table, header row, lists joined with ';' (pandas writes it, pandas reads it back)."""
from __future__ import annotations

from datetime import date
from typing import IO

from detente.export.tables import table
from detente.store import Store

BINARY = False


def write(store: Store, dest: str | IO[str], name: str = "events", since: date | None = None, until: date | None = None) -> int:
    """Write a table as CSV to a path or text stream; returns the row count."""
    df = table(store, name, since, until)
    df.to_csv(dest, index=False)
    return len(df)
