"""`detente events` (stored events with filters), `detente event ID` and `detente map`: text over detente.views."""
from __future__ import annotations

from datetime import date
from typing import Any

import click

from detente.cli.articles import _when
from detente.cli.common import open_store, view_errors, window_options
from detente.cli.output import emit, output_options, print_json


def _flat(e: dict[str, Any]) -> dict[str, Any]:
    def names(parties: list[dict[str, Any]]) -> str:
        """Codes as CAMEO writes them: TUR, TUR:OPP (a sector other than the government's), or the name."""
        return "+".join((p.get("code") or p.get("name") or "?")
                        + (f":{p['sector']}" if p.get("code") and p.get("sector") not in (None, "GOV") else "")
                        for p in parties)

    d = e.get("date") or {}
    ev = e.get("evidence") or {}
    return {
        "id": e["id"], "date": _when(e), "precision": d.get("precision"), "type": e["type"], "mode": e.get("mode"),
        "actors": names(e.get("actors") or []), "recipients": names(e.get("recipients") or []),
        "third_parties": "+".join(f"{t.get('code') or t.get('name')}:{t.get('role')}" for t in e.get("third_parties") or []),
        "modality": e.get("modality"), "attribution": (e.get("attribution") or {}).get("name"),
        "cameo": e.get("cameo"), "score": e.get("score"), "outlet": e.get("outlet"), "article_id": e.get("article_id"),
        "sentence": ev.get("sentence"), "start": ev.get("start"), "end": ev.get("end"),
    }


TABLE = ["date", "type", "mode", "actors", "recipients", "third_parties", "modality", "attribution", "sentence"]
CSV = ["id", "date", "precision", "type", "mode", "actors", "recipients", "third_parties", "modality", "attribution",
       "cameo", "score", "outlet", "article_id", "sentence", "start", "end"]


@click.command()
@output_options()
@click.option("--actor", help="An actor's code, name or key (who acts).")
@click.option("--recipient", help="An actor's code, name or key (acted upon).")
@click.option("--type", "type_", help="PLOVER type (ASSAULT, CONSULT, ...).")
@window_options
@click.option("--outlet", help="Only events from this outlet's articles.")
@click.option("--limit", type=click.IntRange(min=0), default=None, help="At most this many.")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many.")
@click.pass_context
@view_errors
def events(ctx: click.Context, as_json: bool, as_csv: bool, actor: str | None, recipient: str | None, type_: str | None,
           since: date | None, until: date | None, outlet: str | None, limit: int | None, offset: int) -> None:
    """List stored events, newest first, each with the sentence it was read from.

    A date is as precise as the text gives it (2025, 2025-06, 1990s). An event the text gives no date for
    shows its article's date as ~YYYY-MM-DD (a bound, not a date).
    """
    from detente.views import Paging, Window
    from detente.views.listings import events as view

    d = view(open_store(ctx), window=Window(since, until), paging=Paging(limit, offset), actor=actor,
             recipient=recipient, type=type_, outlet=outlet)
    if as_json:
        print_json(d)
        return
    emit((_flat(e) for e in d["items"]), CSV if as_csv else TABLE, as_csv, widths={"sentence": 70, "attribution": 24})


@click.command()
@click.argument("event_id")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (what GET /api/events/ID returns).")
@click.pass_context
@view_errors
def event(ctx: click.Context, event_id: str, as_json: bool) -> None:
    """Show one event: who did what to whom, when, according to whom, and the sentence it was read from."""
    from detente.views.listings import event as view

    e = view(open_store(ctx), event_id)
    if as_json:
        print_json(e)
        return
    row = _flat(e)
    for key in ("id", "date", "type", "mode", "actors", "recipients", "third_parties", "modality", "attribution",
                "cameo", "score", "outlet", "article_id"):
        if row.get(key) not in (None, ""):
            click.echo(f"{key + ':':<15}{row[key]}")
    click.echo(f"{'sentence:':<15}{' '.join((row['sentence'] or '').split())}")


@click.command("map")
@output_options()
@click.option("--type", "type_", help="PLOVER type (ASSAULT, CONSULT, ...).")
@click.option("--actor", help="An actor's code, name or key (any role).")
@window_options
@click.pass_context
@view_errors
def map_(ctx: click.Context, as_json: bool, as_csv: bool, type_: str | None, actor: str | None, since: date | None,
         until: date | None) -> None:
    """Where the events happened: places with their events (cooperative, conflictual, neutral), then the states
    events are located in only as a whole; --json is what GET /api/map (the web map) returns."""
    from detente.views import Window
    from detente.views.geo import map as view

    d = view(open_store(ctx), window=Window(since, until), type=type_, actor=actor)
    if as_json:
        print_json(d)
        return
    rows = [{"place": p["name"], "state": p["code"], "precision": p["precision"], "lat": p["lat"], "lon": p["lon"],
             **{k: p[k] for k in ("events", "cooperation", "conflict", "neutral", "net")}} for p in d["places"]]
    rows += [{"place": "", "state": c["code"], "precision": "country", "lat": None, "lon": None,
              **{k: c[k] for k in ("events", "cooperation", "conflict", "neutral", "net")}} for c in d["countries"]]
    emit(rows, ["place", "state", "precision", "lat", "lon", "events", "cooperation", "conflict", "neutral", "net"], as_csv)
    if not as_csv:
        n = d["counts"]
        click.echo(f"{n['events']} events: {n['at_places']} at a place, {n['in_countries']} located only to a state, "
                   f"{n['unlocated']} without a place" + (" (more than the map shows)" if d["truncated"] else ""))


COMMANDS = [events, event, map_]
