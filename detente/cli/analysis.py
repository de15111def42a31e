"""`detente relations`, `dyad`, `timeline`, `graph`, `stories`, `network`, `changes`: thin over detente.analysis."""
from __future__ import annotations

import sys
from datetime import date

import click

from detente import analysis
from detente.cli.common import DATE, END_DATE, open_store
from detente.cli.output import emit, output_options, print_json

FREQ = click.Choice(["day", "week", "month", "quarter", "year"])


def window(fn):  # type: ignore[no-untyped-def]
    """--since / --until on a command."""
    fn = click.option("--until", type=END_DATE, help="Last day (YYYY, YYYY-MM or YYYY-MM-DD).")(fn)
    return click.option("--since", type=DATE, help="First day (YYYY, YYYY-MM or YYYY-MM-DD).")(fn)


def _target(t: object) -> str:
    return " & ".join(t) if isinstance(t, list) else str(t)


@click.command()
@output_options()
@window
@click.option("--label", multiple=True, help="Only these labels (ally, rival, mediator ...).")
@click.option("--actor", help="Only relations naming this actor (code or name).")
@click.pass_context
def relations(ctx: click.Context, as_json: bool, as_csv: bool, since: date | None, until: date | None,
              label: tuple[str, ...], actor: str | None) -> None:
    """Every standing relation the events support (ally, rival, mediator, arms supplier ...), with evidence."""
    store = open_store(ctx)
    rows = analysis.relations(store, since, until)
    if label:
        rows = [r for r in rows if r["label"] in label]
    if actor:
        node = analysis.resolve(store, actor)
        rows = [r for r in rows if node == r["source"] or node == r["target"]
                or (isinstance(r["target"], list) and node in r["target"])]
    if as_json:
        emit(rows, [], as_json=True)
        return
    for r in rows:
        r["target"] = _target(r["target"])  # a mediator's pair as "ISR & TUR" in a table or CSV cell
        r["sentences"] = r.get("evidence_total", len(r["evidence"]))  # the evidence list itself is capped
        r["example"] = r["evidence"][0]["sentence"] if r["evidence"] else ""
    emit(rows, ["source", "label", "target", "weight", "articles", "sentences", "example"], as_json, as_csv,
         widths={"example": 70})


@click.command()
@click.argument("a")
@click.argument("b")
@window
@click.option("--freq", type=FREQ, default="month", show_default=True, help="Timeline period.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.option("--png", type=click.Path(dir_okay=False), help="Also draw the timeline to this PNG file.")
@click.pass_context
def dyad(ctx: click.Context, a: str, b: str, since: date | None, until: date | None, freq: str, as_json: bool,
         png: str | None) -> None:
    """One pair of actors: events by type and direction, cooperation-conflict timeline, relations, evidence."""
    d = analysis.dyad(open_store(ctx), a, b, since, until, freq)
    if png:
        from detente.analysis.plots import timeline_png

        timeline_png(d, png)
    if as_json:
        print_json(d)
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
    click.echo(f"timeline by {freq}:")
    for t in d["timeline"]:
        click.echo(f"  {t['period']:<10} {t['events']:>3} events  coop {t['cooperation']:>6}  conflict {t['conflict']:>6}  net {t['net']:>6}")
    click.echo("events:")
    for e in d["events"]:
        click.echo(f"  {e['date'] or '----------'}  {e['type']:<9} {e['direction']:<12} {e['modality']:<10} {' '.join(e['sentence'].split())}")


@click.command()
@click.argument("a")
@click.argument("b")
@window
@click.option("--freq", type=FREQ, default="month", show_default=True)
@click.option("--png", type=click.Path(dir_okay=False), help="Draw the timeline to this PNG file.")
@output_options()
@click.pass_context
def timeline(ctx: click.Context, a: str, b: str, since: date | None, until: date | None, freq: str, png: str | None,
             as_json: bool, as_csv: bool) -> None:
    """The cooperation-conflict score of a pair by period; --png draws it."""
    d = analysis.dyad(open_store(ctx), a, b, since, until, freq)
    if png:
        from detente.analysis.plots import timeline_png

        timeline_png(d, png)
        click.echo(f"wrote {png} ({len(d['timeline'])} periods)", err=True)
        if not (as_json or as_csv):
            return
    emit(d["timeline"], ["period", "events", "mediated", "cooperation", "conflict", "net", "mean"], as_json, as_csv)


@click.command()
@window
@click.option("--format", "fmt", type=click.Choice(["json", "gexf", "graphml", "png"]), default="json", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write (default: stdout; png needs a file).")
@click.pass_context
def graph(ctx: click.Context, since: date | None, until: date | None, fmt: str, output: str | None) -> None:
    """The signed, weighted actor graph of a window, as node-link JSON, GEXF, GraphML or a PNG picture."""
    from detente.export import graph as graph_export

    g = analysis.graph(open_store(ctx), since, until)
    if output:
        graph_export.write(g, fmt, output)
        click.echo(f"wrote {output}: {g.number_of_nodes()} actors, {g.number_of_edges()} edges", err=True)
    elif fmt == "png":
        raise click.UsageError("--format png needs -o FILE")
    elif fmt == "json":
        graph_export.write(g, fmt, sys.stdout)
    else:
        graph_export.write(g, fmt, sys.stdout.buffer)


@click.command()
@output_options()
@window
@click.option("--min-articles", type=int, default=1, show_default=True, help="Only stories told by this many articles.")
@click.pass_context
def stories(ctx: click.Context, as_json: bool, as_csv: bool, since: date | None, until: date | None, min_articles: int) -> None:
    """One real-world event as several articles and outlets report it, with contradictions kept side by side."""
    rows = analysis.stories(open_store(ctx), since, until, min_articles)
    if not as_json:
        for s in rows:
            s["what"] = s["events"][0]["sentence"] if s["events"] else ""
            s["disputed"] = ",".join(c["kind"] for c in s["contradictions"])
    emit(rows, ["id", "start", "family", "parties", "corroboration", "outlets", "disputed", "what"], as_json, as_csv,
         widths={"what": 70, "outlets": 30})


@click.command()
@window
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def network(ctx: click.Context, since: date | None, until: date | None, as_json: bool) -> None:
    """Brokers between actors in conflict, centrality, structural balance (unbalanced triads)."""
    n = analysis.network(open_store(ctx), since, until)
    if as_json:
        print_json(n)
        return
    click.echo(f"{n['nodes']} actors, {n['edges']} edges")
    click.echo("brokers (between two actors in conflict):")
    for b in n["brokerage"]:
        click.echo(f"  {b['broker']:<8} between {' and '.join(b['between']):<14} score {b['score']}"
                   + ("  (mediated)" if b["mediated"] else ""))
    click.echo("centrality (betweenness, degree):")
    for node, c in list(n["centrality"].items())[:15]:
        click.echo(f"  {node:<12} {c['betweenness']:.3f}  {c['degree']:.3f}  +{c['positive']} {c['negative']}")
    bal = n["balance"]
    click.echo(f"balance: {bal['triads']} signed triads, {len(bal['unbalanced'])} unbalanced")
    for t in bal["unbalanced"]:
        click.echo("  " + ", ".join(f"{k} {'+' if v > 0 else '-'}" for k, v in t["signs"].items()))


@click.command()
@click.argument("since1", type=DATE)
@click.argument("until1", type=END_DATE)
@click.argument("since2", type=DATE)
@click.argument("until2", type=END_DATE)
@click.pass_context
def changes(ctx: click.Context, since1: date, until1: date, since2: date, until2: date) -> None:
    """What changed in the actor graph between two windows (as JSON): new, vanished, flipped edges."""
    print_json(analysis.changes(open_store(ctx), (since1, until1), (since2, until2)))


COMMANDS = [relations, dyad, timeline, graph, stories, network, changes]
