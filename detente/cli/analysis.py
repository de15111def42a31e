"""`detente relations`, `dyads`, `dyad`, `timeline`, `graph`, `stories`, `network`, `changes`: text over detente.views."""
from __future__ import annotations

import sys
from datetime import date
from typing import Any

import click

from detente.cli.common import DATE, END_DATE, open_store, view_errors, window_options
from detente.cli.output import emit, output_options, print_json

FREQ = click.Choice(["day", "week", "month", "quarter", "year"])


def _target(t: object) -> str:
    return " & ".join(t) if isinstance(t, list) else str(t)


def _paging(limit: int | None, offset: int = 0) -> Any:
    from detente.views import Paging

    return Paging(limit, offset)


def _window(since: date | None, until: date | None) -> Any:
    from detente.views import Window

    return Window(since, until)


_limit = click.option("--limit", type=click.IntRange(min=0), default=None, help="At most this many.")
_offset = click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many.")


@click.command()
@output_options()
@window_options
@click.option("--label", multiple=True, help="Only these labels (ally, rival, mediator ...).")
@click.option("--actor", help="Only relations naming this actor (code or name).")
@_limit
@_offset
@click.pass_context
@view_errors
def relations(ctx: click.Context, as_json: bool, as_csv: bool, since: date | None, until: date | None,
              label: tuple[str, ...], actor: str | None, limit: int | None, offset: int) -> None:
    """Every standing relation the events support (ally, rival, mediator, arms supplier ...), with evidence."""
    from detente.views.findings import relations as view

    d = view(open_store(ctx), window=_window(since, until), paging=_paging(limit, offset), label=label, actor=actor)
    if as_json:
        print_json(d)
        return
    rows = [r | {"target": _target(r["target"]),  # a mediator's pair as "ISR & TUR" in a table or CSV cell
                 "sentences": r.get("evidence_total", len(r["evidence"])),  # the evidence list itself is capped
                 "example": r["evidence"][0]["sentence"] if r["evidence"] else ""} for r in d["items"]]
    emit(rows, ["source", "label", "target", "weight", "articles", "sentences", "example"], as_csv, widths={"example": 70})


@click.command()
@output_options()
@window_options
@_limit
@_offset
@click.pass_context
@view_errors
def dyads(ctx: click.Context, as_json: bool, as_csv: bool, since: date | None, until: date | None, limit: int | None,
          offset: int) -> None:
    """Every pair of actors with events between them, most events first: counts, net score, sign, relations."""
    from detente.views.pairs import dyads as view

    d = view(open_store(ctx), window=_window(since, until), paging=_paging(limit, offset))
    if as_json:
        print_json(d)
        return
    emit(d["items"], ["a", "b", "events", "cooperation", "conflict", "score", "sign", "relations", "mediated_by", "first",
                      "last"], as_csv, widths={"relations": 30})


@click.command()
@click.argument("a")
@click.argument("b")
@window_options
@click.option("--freq", type=FREQ, default="month", show_default=True, help="Timeline period.")
@output_options()
@click.option("--png", type=click.Path(dir_okay=False), help="Also draw the timeline to this PNG file.")
@click.pass_context
@view_errors
def dyad(ctx: click.Context, a: str, b: str, since: date | None, until: date | None, freq: str, as_json: bool,
         as_csv: bool, png: str | None) -> None:
    """One pair of actors: events by type and direction, cooperation-conflict timeline, relations, evidence.

    --csv prints the pair's latest events."""
    from detente.views.pairs import dyad as view

    d = view(open_store(ctx), a, b, window=_window(since, until), freq=freq)
    if png:
        from detente.analysis.plots import timeline_png

        timeline_png(d, png)
    if as_json:
        print_json(d)
        return
    if as_csv:
        emit(d["events"], ["date", "type", "direction", "modality", "score", "outlet", "sentence", "event_id", "article_id"],
             as_csv=True)
        return
    s = d["summary"]
    click.echo(f"{d['a']} - {d['b']}: {s['events']} events in {s['articles']} articles ({s['first']} .. {s['last']}); "
               f"{s['cooperation']} cooperative, {s['conflict']} conflictual, net score {s['net_score']}")
    for t, dirs in s["by_type"].items():
        click.echo(f"  {t:<10} " + ", ".join(f"{k} {v}" for k, v in dirs.items()))
    if d["mediators"]:
        click.echo("  mediated by: " + ", ".join(d["mediators"]))
    click.echo("relations:")
    for r in d["relations"]:
        click.echo(f"  {r['source']} {r['label']} {_target(r['target'])}  (weight {r['weight']}, {r['articles']} articles)")
        for e in r["evidence"][:3]:
            click.echo(f"      [{e['outlet'] or '?'} {e['date'] or '----------'}] {' '.join(e['sentence'].split())}")
    click.echo(f"timeline by {freq}" + (f" ({s['imprecise']} events dated too roughly for a {freq} left out)"
                                         if s["imprecise"] else "") + ":")
    for t in d["timeline"]:
        click.echo(f"  {t['period']:<10} {t['events']:>3} events  coop {t['cooperation']:>6}  conflict {t['conflict']:>6}  net {t['net']:>6}")
    click.echo("events:")
    for e in d["events"]:
        click.echo(f"  {e['date'] or '----------':<10}  {e['type']:<9} {e['direction']:<12} {e['modality']:<10} {' '.join(e['sentence'].split())}")


@click.command()
@click.argument("a")
@click.argument("b")
@window_options
@click.option("--freq", type=FREQ, default="month", show_default=True)
@click.option("--png", type=click.Path(dir_okay=False), help="Draw the timeline to this PNG file.")
@output_options()
@click.pass_context
@view_errors
def timeline(ctx: click.Context, a: str, b: str, since: date | None, until: date | None, freq: str, png: str | None,
             as_json: bool, as_csv: bool) -> None:
    """The cooperation-conflict score of a pair by period, from its first dated event's to its last's (within
    --since/--until); events dated more roughly than a period are left out and counted. --png draws it."""
    from detente.views.pairs import timeline as view

    d = view(open_store(ctx), a, b, window=_window(since, until), freq=freq)
    if png:
        from detente.analysis.plots import timeline_png

        timeline_png({"a": d["a"], "b": d["b"], "freq": freq, "timeline": d["items"], "mediators": d["mediators"]}, png)
        click.echo(f"wrote {png} ({len(d['items'])} periods)", err=True)
        if not (as_json or as_csv):
            return
    if as_json:
        print_json(d)
        return
    emit(d["items"], ["period", "events", "mediated", "cooperation", "conflict", "net", "mean"], as_csv)
    if d["imprecise"] and not as_csv:
        click.echo(f"({d['imprecise']} events dated too roughly for a {freq} are in no period)", err=True)


@click.command()
@window_options
@click.option("--format", "fmt", type=click.Choice(["json", "gexf", "graphml", "png"]), default="json", show_default=True,
              help="json: what GET /api/graph returns (networkx reads it: nx.node_link_graph(d, edges='edges')).")
@click.option("--json", "as_json", is_flag=True, help="The same as --format json.")
@click.option("--min-events", type=click.IntRange(min=0), default=0, show_default=True,
              help="Only edges with this many events (0 keeps those made by mediation alone).")
@click.option("--max-nodes", type=click.IntRange(min=1), default=None, help="Only the actors with the most events.")
@click.option("--people", is_flag=True, help="A node for each person, not counted for their state.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write (default: stdout; png needs a file).")
@click.pass_context
@view_errors
def graph(ctx: click.Context, since: date | None, until: date | None, fmt: str, as_json: bool, min_events: int,
          max_nodes: int | None, people: bool, output: str | None) -> None:
    """The actor graph of a window: edge weight = volume (never negative), score = net cooperation-conflict, sign."""
    from detente.views.network import graph as view

    store = open_store(ctx)
    d = view(store, window=_window(since, until), min_events=min_events, max_nodes=max_nodes, people=people)
    if as_json or fmt == "json":
        if output:
            import json

            with open(output, "w", encoding="utf-8") as fh:
                json.dump(d, fh, ensure_ascii=False, indent=1)
                fh.write("\n")
            click.echo(f"wrote {output}: {len(d['nodes'])} actors, {len(d['edges'])} edges", err=True)
        else:
            print_json(d)
        return
    from detente.export import graph as graph_export
    from detente.views.network import as_networkx

    g = as_networkx(d)
    if output:
        graph_export.write(g, fmt, output)
        click.echo(f"wrote {output}: {g.number_of_nodes()} actors, {g.number_of_edges()} edges", err=True)
    elif fmt == "png":
        raise click.UsageError("--format png needs -o FILE")
    else:
        graph_export.write(g, fmt, sys.stdout.buffer)


@click.command()
@output_options()
@window_options
@click.option("--min-articles", type=click.IntRange(min=1), default=1, show_default=True,
              help="Only stories told by this many articles.")
@_limit
@_offset
@click.pass_context
@view_errors
def stories(ctx: click.Context, as_json: bool, as_csv: bool, since: date | None, until: date | None, min_articles: int,
            limit: int | None, offset: int) -> None:
    """One real-world event as several articles and outlets report it, with contradictions kept side by side."""
    from detente.views.findings import stories as view

    d = view(open_store(ctx), window=_window(since, until), paging=_paging(limit, offset), min_articles=min_articles)
    if as_json:
        print_json(d)
        return
    rows = [s | {"what": s["events"][0]["sentence"] if s["events"] else "",
                 "disputed": [c["kind"] for c in s["contradictions"]]} for s in d["items"]]
    emit(rows, ["id", "when", "family", "parties", "corroboration", "outlets", "disputed", "what"], as_csv,
         widths={"what": 70, "outlets": 30})


@click.command()
@window_options
@output_options()
@click.pass_context
@view_errors
def network(ctx: click.Context, since: date | None, until: date | None, as_json: bool, as_csv: bool) -> None:
    """Brokers between actors in conflict (best first), centrality, structural balance (unbalanced triads).

    --csv prints one row per actor: betweenness, degree, positive and negative strength, brokerage total."""
    from detente.views.network import network as view

    n = view(open_store(ctx), window=_window(since, until))
    actors = [{"actor": node, **c, "brokerage": n["brokers"].get(node, 0.0)} for node, c in n["centrality"].items()]
    if as_json:
        print_json(n)
        return
    if as_csv:
        emit(actors, ["actor", "betweenness", "degree", "positive", "negative", "brokerage"], as_csv=True)
        return
    click.echo(f"{n['nodes']} actors, {n['edges']} edges")
    click.echo("\nbrokers between two actors in conflict, best first:")
    emit([b | {"mediated": "yes" if b["mediated"] else ""} for b in n["brokerage"]],
         ["broker", "between", "score", "mediated"])
    click.echo("\ncentrality (the 15 highest betweenness):")
    emit(actors[:15], ["actor", "betweenness", "degree", "positive", "negative", "brokerage"])
    bal = n["balance"]
    click.echo(f"\nbalance: {bal['triads']} signed triads, {len(bal['unbalanced'])} unbalanced"
               + (f" (balanced share {bal['balanced_share']})" if bal["balanced_share"] is not None else ""))
    for t in bal["unbalanced"]:
        click.echo("  " + ", ".join(f"{k} {'+' if v > 0 else '-'}" for k, v in t["signs"].items()))


@click.command()
@click.argument("since1", type=DATE)
@click.argument("until1", type=END_DATE)
@click.argument("since2", type=DATE)
@click.argument("until2", type=END_DATE)
@click.pass_context
@view_errors
def changes(ctx: click.Context, since1: date, until1: date, since2: date, until2: date) -> None:
    """What changed in the actor graph between two windows (as JSON): new, vanished, flipped edges."""
    from detente.views.network import changes as view

    print_json(view(open_store(ctx), _window(since1, until1), _window(since2, until2)))


COMMANDS = [relations, dyads, dyad, timeline, graph, stories, network, changes]
