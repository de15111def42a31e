"""`detente articles`, `detente article ID`, `detente search QUERY`: text over detente.views.listings and search."""
from __future__ import annotations

from datetime import date

import click

from detente.cli.common import open_store, view_errors, window_options
from detente.cli.output import emit, output_options, print_json


@click.command()
@output_options()
@click.option("--outlet", help="Only this outlet (case-insensitive).")
@window_options
@click.option("--limit", type=click.IntRange(min=0), default=None, help="At most this many.")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many.")
@click.pass_context
@view_errors
def articles(ctx: click.Context, as_json: bool, as_csv: bool, outlet: str | None, since: date | None,
             until: date | None, limit: int | None, offset: int) -> None:
    """List stored articles, newest first (--since/--until: their publication date)."""
    from detente.views import Paging, Window
    from detente.views.listings import articles as view

    d = view(open_store(ctx), window=Window(since, until), paging=Paging(limit, offset), outlet=outlet)
    if as_json:
        print_json(d)
        return
    emit(d["items"], ["id", "published", "outlet", "language", "title"], as_csv, widths={"title": 70})


@click.command()
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (what GET /api/articles/ID returns).")
@click.pass_context
@view_errors
def article(ctx: click.Context, article_id: str, as_json: bool) -> None:
    """Show one article (its id, or a unique prefix of 6+ characters): metadata, sources, body, events."""
    from detente.views.listings import article as view

    row = view(open_store(ctx), article_id)
    if as_json:
        print_json(row)
        return
    for key in ("id", "title", "outlet", "section", "byline", "published", "published_source", "language", "url"):
        if row.get(key):
            click.echo(f"{key + ':':<18}{row[key]}")
    click.echo(f"{'sources:':<18}" + "\n".ljust(19).join(row["sources"]))
    if row["actors"]:
        click.echo(f"{'actors:':<18}" + ", ".join(f"{a['name']} ({a['code'] or a['kind']})" for a in row["actors"]))
    click.echo(f"{'events:':<18}{len(row['events'])}")
    click.echo("")
    click.echo(row["body"])


@click.command()
@click.argument("query")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="At most this many of each kind.")
@output_options()
@click.pass_context
@view_errors
def search(ctx: click.Context, query: str, limit: int, as_json: bool, as_csv: bool) -> None:
    """Search articles (full text: words, "phrases", OR, NEAR), actors (names, aliases) and events (sentences)."""
    from detente.views.search import search as view

    d = view(open_store(ctx), query, limit=limit)
    if as_json:
        print_json(d)
        return
    rows = ([{"kind": "article", "id": a["id"], "date": a["published"], "what": a["title"], "text": a["snippet"]}
             for a in d["articles"]]
            + [{"kind": "actor", "id": a["key"], "date": None, "what": a["name"],
                "text": f"{a['kind']} {a['code'] or ''}, {a['events']} events, {a['mentions']} mentions".replace(" ,", ",")}
               for a in d["actors"]]
            + [{"kind": "event", "id": e["id"], "date": _when(e), "what": e["type"], "text": e["evidence"]["sentence"]}
               for e in d["events"]])
    emit(rows, ["kind", "id", "date", "what", "text"], as_csv, widths={"what": 40, "text": 80})


def _when(e: dict[str, object]) -> str | None:
    """An event dict's date as precisely as it is known; its article's day as ~YYYY-MM-DD when it has none."""
    from detente.model import span_label

    d = e.get("date")
    if isinstance(d, dict) and d.get("start"):
        return span_label(str(d["start"]), str(d.get("end") or d["start"]))
    published = e.get("article_published")
    return f"~{published}" if published else None


COMMANDS = [articles, article, search]
