"""CSV: one table, header row, lists joined with ';' (pandas writes it, pandas reads it back).

A text cell that a spreadsheet would run as a formula (`=HYPERLINK(...)`, `@SUM(...)`, `+`, `-`, a tab or
carriage return first: OWASP's list for CSV injection) is written with a `'` before it, so it shows as text;
numbers are written as they are. Lines end in CRLF (RFC 4180), so a cell holding a carriage return is quoted
(with "\n" line ends it was not, and broke its row in every reader).
"""
from __future__ import annotations

from datetime import date
from typing import IO

from detente.export import safe_cell
from detente.export.tables import table
from detente.store import Store

BINARY = False


def write(store: Store, dest: str | IO[str], name: str = "events", since: date | None = None, until: date | None = None) -> int:
    """Write a table as CSV to a path or text stream; returns the row count."""
    df = table(store, name, since, until)
    for column in df.select_dtypes(include=["object", "string"]).columns:
        df[column] = df[column].map(safe_cell)
    df.to_csv(dest, index=False, lineterminator="\r\n")  # RFC 4180: a cell holding \r is quoted too
    return len(df)
