"""`detente events`: stored events with filters."""
from __future__ import annotations

from datetime import date
from typing import Any

import click

from detente.cli.common import DATE, END_DATE, open_store
from detente.cli.output import emit, output_options
from detente.store import queries


def _flat(e: dict[str, Any]) -> dict[str, Any]:
    def names(parties: list[dict[str, Any]]) -> str:
        """Codes as CAMEO writes them: TUR, TUR:OPP (a sector other than the government's), or the name."""
        return "+".join((p.get("code") or p.get("name") or "?")
                        + (f":{p['sector']}" if p.get("code") and p.get("sector") not in (None, "GOV") else "")
                        for p in parties)

    d = e.get("date") or {}
    ev = e.get("evidence") or {}
    published = e.get("article_published")
    return {
        "id": e["id"], "date": d.get("start") or (f"~{published}" if published else None), "precision": d.get("precision"), "type": e["type"], "mode": e.get("mode"),
        "actors": names(e.get("actors") or []), "recipients": names(e.get("recipients") or []),
        "third_parties": "+".join(f"{t.get('code') or t.get('name')}:{t.get('role')}" for t in e.get("third_parties") or []),
        "modality": e.get("modality"), "attribution": (e.get("attribution") or {}).get("name"),
        "cameo": e.get("cameo"), "score": e.get("score"), "outlet": e.get("outlet"), "article_id": e.get("article_id"),
        "sentence": ev.get("sentence"), "start": ev.get("start"), "end": ev.get("end"),
    }


@click.command()
@output_options()
@click.option("--actor", help="An actor's code, name or key (who acts).")
@click.option("--recipient", help="An actor's code, name or key (acted upon).")
@click.option("--type", "type_", help="PLOVER type (ASSAULT, CONSULT, ...).")
@click.option("--since", type=DATE, help="On or after (YYYY[-MM[-DD]]).")
@click.option("--until", type=END_DATE, help="On or before (YYYY[-MM[-DD]]).")
@click.option("--outlet", help="Only events from this outlet's articles.")
@click.option("--limit", type=int, default=None)
@click.pass_context
def events(ctx: click.Context, as_json: bool, as_csv: bool, actor: str | None, recipient: str | None, type_: str | None,
           since: date | None, until: date | None, outlet: str | None, limit: int | None) -> None:
    """List stored events, newest first, each with the sentence it was read from.

    An event the text gives no date for shows its article's date as ~YYYY-MM-DD (a bound, not a date).
    """
    rows = queries.events(open_store(ctx), actor=actor, recipient=recipient, type_=type_, since=since, until=until,
                          outlet=outlet, limit=limit)
    if as_json:
        emit(rows, [], as_json=True)
        return
    emit((_flat(e) for e in rows),
         ["date", "type", "mode", "actors", "recipients", "third_parties", "modality", "attribution", "sentence"]
         if not as_csv else ["id", "date", "precision", "type", "mode", "actors", "recipients", "third_parties", "modality",
                             "attribution", "cameo", "score", "outlet", "article_id", "sentence", "start", "end"],
         as_csv=as_csv, widths={"sentence": 70, "attribution": 24})


COMMANDS = [events]
