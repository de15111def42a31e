"""Exports, one module per format: csv, jsonl, parquet (tables), plover (PLOVER JSON), gdelt (GDELT 2.0-style TSV).

`export(store, "parquet", "events.parquet", table="events")` writes one table; `FORMATS` maps names to modules.
The actor graph's formats (json, gexf, graphml, png) are in `detente.export.graph`.
"""
from __future__ import annotations

import importlib
from datetime import date
from types import ModuleType
from typing import IO, Any

from detente.store import Store

FORMATS = ("csv", "jsonl", "parquet", "plover", "gdelt")
#: the tables the table formats write (detente.export.tables.TABLES, named here without importing pandas)
TABLES = ("events", "articles", "actors", "stories", "dyads", "relations")
#: first characters that make a spreadsheet run a cell as a formula (OWASP's list for CSV injection)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula, with a `'` before it (shown as text); anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def module(fmt: str) -> ModuleType:
    """The module that writes `fmt`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    return importlib.import_module(f"detente.export.{fmt}")


def is_binary(fmt: str) -> bool:
    return bool(module(fmt).BINARY)


def export(store: Store, fmt: str, dest: str | IO[Any], table: str = "events", since: date | None = None,
           until: date | None = None) -> int:
    """Write one table of the store in `fmt` to a path or stream; returns how many rows were written."""
    return int(module(fmt).write(store, dest, table, since, until))
