"""`detente actors` and `detente actor NAME|CODE`."""
from __future__ import annotations

import importlib
import sys

import click

from detente.cli.common import open_store
from detente.cli.output import emit, error, output_options, print_json
from detente.store import queries


@click.command()
@output_options()
@click.option("--kind", type=click.Choice(["state", "person", "organisation", "group"]), help="Only this kind.")
@click.option("--limit", type=int, default=None)
@click.pass_context
def actors(ctx: click.Context, as_json: bool, as_csv: bool, kind: str | None, limit: int | None) -> None:
    """List every actor in the store, most mentioned first."""
    rows = queries.actors(open_store(ctx), kind=kind, limit=limit)
    emit(rows, ["name", "code", "kind", "sector", "role", "articles", "mentions"], as_json, as_csv, widths={"role": 40})


@click.command()
@click.argument("query")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def actor(ctx: click.Context, query: str, as_json: bool) -> None:
    """One actor by name, code or key: aliases, roles, mention counts, articles, and its dossier."""
    store = open_store(ctx)
    found = queries.find_actors(store, query)
    if not found:
        error(f"no actor matches {query!r}")
        sys.exit(1)
    profile = queries.actor_profile(store, found[0]["id"])
    if len(found) > 1:
        profile["other_matches"] = [{"name": f["name"], "code": f["code"], "key": f["key"]} for f in found[1:]]
    try:
        dossier = getattr(importlib.import_module("detente.analysis"), "dossier", None)
    except ModuleNotFoundError:  # a trimmed install without the analysis package
        dossier = None
    if dossier is not None:
        profile["dossier"] = dossier(store, profile["key"])
    if as_json:
        print_json(profile)
        return
    click.echo(f"{profile['name']}  [{profile['key']}]  code {profile['code'] or '-'}, {profile['kind']}"
               + (f", {profile['sector']}" if profile["sector"] else ""))
    for r in profile["roles"]:
        click.echo(f"  role: {r['role']} ({r['code'] or '-'} {r['sector'] or ''})".rstrip())
    click.echo(f"  named as: {', '.join(profile['aliases'][:12])}")
    click.echo(f"  mentions: {profile['mention_counts']['total']} in {len(profile['articles'])} articles; "
               f"events: " + (", ".join(f"{n} as {r}" for r, n in profile["events_by_role"].items()) or "none"))
    for a in profile["articles"][:10]:
        click.echo(f"  {a['published'] or '----------'}  {a['outlet'] or '?':<16} {a['title'] or a['id']}")
    for key, items in (profile.get("dossier") or {}).items():
        if isinstance(items, list) and items:
            click.echo(f"  {key}: " + "; ".join(_short(i) for i in items[:8]))
    if profile.get("other_matches"):
        click.echo("  also matches: " + ", ".join(f"{m['name']} [{m['key']}]" for m in profile["other_matches"]))


def _short(item: object) -> str:
    """One dossier item on one line: a relation as "SOURCE label TARGET", an event by its type and parties."""
    if not isinstance(item, dict):
        return str(item)
    if "label" in item:
        target = item.get("target")
        target = " & ".join(map(str, target)) if isinstance(target, list) else target
        if item.get("direction") == "in":  # the other side holds the relation towards this actor
            return f"{target} is {item['label']}"
        return " ".join(str(x) for x in (item.get("source"), item["label"], target) if x)
    if "type" in item and "actors" in item:
        return (f"{item.get('date') or '?'} {item['type']} {'+'.join(item['actors'])}"
                f"->{'+'.join(item.get('recipients') or []) or '-'}")
    for key in ("name", "type", "code"):
        if key in item:
            return str(item[key])
    return str(item)


COMMANDS = [actors, actor]
