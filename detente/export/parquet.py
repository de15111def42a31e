"""Parquet via pyarrow: typed columns, for pandas, DuckDB, Spark."""
from __future__ import annotations

from datetime import date
from typing import IO

from detente.export.tables import table
from detente.store import Store

BINARY = True


def write(store: Store, dest: str | IO[bytes], name: str = "events", since: date | None = None, until: date | None = None) -> int:
    """Write a table as Parquet to a path or binary stream; returns the row count."""
    df = table(store, name, since, until)
    df.to_parquet(dest, engine="pyarrow", index=False)
    return len(df)
