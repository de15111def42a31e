"""`detente export`: one table of the store as CSV, JSON Lines, Parquet, PLOVER JSON or a GDELT 2.0 event file."""
from __future__ import annotations

import sys
from datetime import date

import click

from detente.cli.common import open_store, window_options
from detente.export import FORMATS, TABLES


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True)
@click.option("--table", type=click.Choice(TABLES), default="events", show_default=True,
              help="What to export (plover and gdelt export events).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write (default: stdout; parquet needs a file).")
@window_options
@click.pass_context
def export(ctx: click.Context, fmt: str, table: str, output: str | None, since: date | None, until: date | None) -> None:
    """Export events (or articles, actors, stories, dyads, relations) for other tools."""
    from detente.export import export as export_table
    from detente.export import is_binary

    if fmt in ("plover", "gdelt") and table != "events":
        raise click.UsageError(f"--format {fmt} exports events only")
    store = open_store(ctx)
    if output:
        n = export_table(store, fmt, output, table, since, until)
    elif is_binary(fmt):
        raise click.UsageError(f"--format {fmt} needs -o FILE")
    else:
        n = export_table(store, fmt, sys.stdout, table, since, until)
    click.echo(f"exported {n} {table} rows as {fmt}" + (f" to {output}" if output else ""), err=True)


COMMANDS = [export]
