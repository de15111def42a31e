"""`detente actors` and `detente actor NAME|CODE`: text over detente.views.listings.actors and dossier.actor."""
from __future__ import annotations

from datetime import date
from typing import Any

import click

from detente.cli.common import open_store, view_errors, window_options
from detente.cli.output import emit, output_options, print_json


@click.command()
@output_options()
@click.option("--kind", type=click.Choice(["state", "person", "organisation", "group"]), help="Only this kind.")
@click.option("--q", "q", help="Only actors whose name, key, code or an alias contains this.")
@click.option("--limit", type=click.IntRange(min=0), default=None, help="At most this many.")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many.")
@click.pass_context
@view_errors
def actors(ctx: click.Context, as_json: bool, as_csv: bool, kind: str | None, q: str | None, limit: int | None,
           offset: int) -> None:
    """List every actor in the store, most active (events, then articles) first."""
    from detente.views import Paging
    from detente.views.listings import actors as view

    d = view(open_store(ctx), paging=Paging(limit, offset), q=q, kind=kind)
    if as_json:
        print_json(d)
        return
    emit(d["items"], ["name", "code", "kind", "sector", "role", "events", "articles", "mentions"], as_csv,
         widths={"role": 40})


@click.command()
@click.argument("query")
@window_options
@click.option("--limit", type=click.IntRange(min=0), default=None, help="List at most this many of its events (--json).")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many of its events.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (what GET /api/actors/QUERY returns).")
@click.pass_context
@view_errors
def actor(ctx: click.Context, query: str, since: date | None, until: date | None, limit: int | None, offset: int,
          as_json: bool) -> None:
    """One actor by code, key, name or alias: aliases, roles, mentions, articles, and its dossier (relations,
    brokerage, partners, recent events). A person counted for a state shows their own events, not the state's."""
    from detente.views import Paging, Window
    from detente.views.dossier import actor as view

    d = view(open_store(ctx), query, window=Window(since, until), paging=Paging(limit, offset))
    if as_json:
        print_json(d)
        return
    click.echo(f"{d['name']}  [{d['key'] or d['node']}]  code {d['code'] or '-'}, {d['kind'] or 'actor'}"
               + (f", {d['sector']}" if d["sector"] else ""))
    for r in d["roles"]:
        click.echo(f"  role: {r['role']} ({r['code'] or '-'} {r['sector'] or ''})".rstrip())
    if d["aliases"]:
        click.echo(f"  named as: {', '.join(d['aliases'][:12])}")
    click.echo(f"  mentions: {d['mention_counts']['total']} in {len(d['articles'])} articles; "
               f"events: " + (", ".join(f"{n} as {r}" for r, n in d["events_by_role"].items()) or "none"))
    for a in d["articles"][:10]:
        click.echo(f"  {a['published'] or '----------'}  {a['outlet'] or '?':<16} {a['title'] or a['id']}")
    if d["speaks_for"]:
        click.echo(f"  counted in the analysis for {d['speaks_for']} (its relations: detente actor {d['speaks_for']})")
    for key in ("allies", "adversaries", "relations", "brokerage"):
        if d[key]:
            click.echo(f"  {key}: " + "; ".join(_short(i) for i in d[key][:8]))
    if d["partners"]:
        click.echo("  partners: " + "; ".join(f"{p['node']} {p['events']} events, net {p['score']:+g}"
                                              for p in d["partners"][:8]))
    if d["recent_events"]:
        click.echo("  recent events: " + "; ".join(_short(i) for i in d["recent_events"][:8]))
    if d["other_matches"]:
        click.echo("  also matches: " + ", ".join(f"{m['name']} [{m['key']}]" for m in d["other_matches"]))


def _short(item: dict[str, Any]) -> str:
    """One dossier item on one line: a relation as "SOURCE label TARGET", brokerage as "between X and Y", an event
    by its date, type and parties."""
    if "label" in item:
        target = item.get("target")
        target = " & ".join(map(str, target)) if isinstance(target, list) else target
        if item.get("direction") == "in":  # the other side holds the relation towards this actor
            return f"{target} is {item['label']}"
        return f"{item['label']} {target}"
    if "between" in item:
        return f"between {' and '.join(item['between'])} ({item['score']:g})"
    return (f"{item.get('date') or '?'} {item['type']} {'+'.join(item['actors'])}"
            f"->{'+'.join(item.get('recipients') or []) or '-'}")


COMMANDS = [actors, actor]
