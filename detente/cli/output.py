"""One way to print: a view's dict as JSON (`--json`, what `GET /api/...` returns), or its rows as a table for
people or CSV for tools (`--csv`)."""
from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import click

from detente.export import safe_cell

F = TypeVar("F", bound=Callable[..., Any])


def output_options(csv_too: bool = True) -> Callable[[F], F]:
    """Add --json (and --csv) to a command, as sqlite-utils' output_options does."""

    def deco(fn: F) -> F:
        fn = click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON (what the API returns).")(fn)
        if csv_too:
            fn = click.option("--csv", "as_csv", is_flag=True, help="Print CSV with a header row.")(fn)
        return fn

    return deco


def _cell(value: Any, joiner: str = ", ") -> str:
    """A value as a table or CSV cell: a list of plain values joined (", " for people, ";" in CSV), anything
    nested as JSON."""
    if value is None:
        return ""
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return joiner.join(str(v) for v in value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def emit(rows: Iterable[dict[str, Any]], columns: Sequence[str], as_csv: bool = False,
         widths: dict[str, int] | None = None) -> int:
    """Print rows as a table (or CSV with a header row) of `columns`; returns how many."""
    if as_csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        n = 0
        for row in rows:
            writer.writerow([safe_cell(_cell(row.get(c), ";")) if isinstance(row.get(c), (str, list))
                             else _cell(row.get(c), ";") for c in columns])
            n += 1
        return n
    materialised = list(rows)
    widths = widths or {}
    cells = [[_cell(r.get(c)).replace("\n", " ") for c in columns] for r in materialised]
    size = {c: min(widths.get(c, 60), max([len(c)] + [len(line[i]) for line in cells])) for i, c in enumerate(columns)}
    click.echo("  ".join(c.ljust(size[c]) for c in columns).rstrip())
    for line in cells:
        click.echo("  ".join(_clip(v, size[c]).ljust(size[c]) for v, c in zip(line, columns, strict=True)).rstrip())
    return len(materialised)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


def print_json(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


def error(message: str) -> None:
    """A one-line error on stderr."""
    click.echo(f"error: {message}", err=True)
