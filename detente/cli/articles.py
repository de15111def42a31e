"""`detente articles`, `detente article ID`, `detente search QUERY`."""
from __future__ import annotations

import sys
from datetime import date

import click

from detente.cli.common import DATE, END_DATE, open_store
from detente.cli.output import emit, error, output_options, print_json


@click.command()
@output_options()
@click.option("--outlet", help="Only this outlet (case-insensitive).")
@click.option("--since", type=DATE, help="Published on or after (YYYY[-MM[-DD]]).")
@click.option("--until", type=END_DATE, help="Published on or before (YYYY[-MM[-DD]]).")
@click.option("--limit", type=int, default=None, help="At most this many.")
@click.pass_context
def articles(ctx: click.Context, as_json: bool, as_csv: bool, outlet: str | None, since: date | None,
             until: date | None, limit: int | None) -> None:
    """List stored articles, newest first."""
    store = open_store(ctx)
    rows = store.articles(outlet=outlet, since=since, until=until, limit=limit)
    emit(rows, ["id", "published", "outlet", "language", "title"], as_json, as_csv, widths={"title": 70})


@click.command()
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def article(ctx: click.Context, article_id: str, as_json: bool) -> None:
    """Show one article (its id, or a unique prefix of 6+ characters)."""
    store = open_store(ctx)
    row = store.article(article_id)
    if row is None:
        error(f"no article {article_id!r}")
        sys.exit(1)
    if as_json:
        print_json(row)
        return
    for key in ("id", "title", "outlet", "section", "byline", "published", "published_source", "language", "url"):
        if row.get(key):
            click.echo(f"{key + ':':<18}{row[key]}")
    click.echo(f"{'sources:':<18}" + "\n".ljust(19).join(row["sources"]))
    click.echo("")
    click.echo(row["body"])


@click.command()
@click.argument("query")
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines.")
@click.pass_context
def search(ctx: click.Context, query: str, limit: int, as_json: bool) -> None:
    """Full-text search over titles and bodies (SQLite FTS5 syntax: words, "phrases", OR, NEAR)."""
    store = open_store(ctx)
    emit(store.search(query, limit=limit), ["id", "published", "outlet", "title", "snippet"], as_json,
         widths={"title": 50, "snippet": 80})


COMMANDS = [articles, article, search]
