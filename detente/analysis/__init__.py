"""From events to the system they describe: standing relations, dyads, stories across outlets, the actor network.

Every function reads the store, so the CLI, the web app and the Python API share one implementation:

    relations(store, since, until)           standing relations, each {source, label, target, evidence}
    dyad(store, a, b, since, until, freq)    summary, timeline, relations and evidence of one pair
    dossier(store, actor, since, until)      allies, adversaries, brokerage, recent events of one actor
    graph(store, since, until)               the signed, weighted networkx graph
    network(store, since, until)             brokerage, centrality, structural balance of that graph
    changes(store, (s1, u1), (s2, u2))       what moved between two windows
    stories(store, since, until)             one real-world event as several articles report it

A dyad reads its pair's rows from `event_pairs` (analysis.dyads); the window functions read the window's
events from the covering index `events_window` (analysis.windows) and measure them in analysis.engine.
Both are kept while the store is unchanged (SQLite: its write count and data_version), so several
dossiers of one window, or a pair asked for again, do not read and measure it twice; a calendar month's
dossiers and the dyads of the largest pairs are also stored for later processes (analysis.summaries).
"""
from __future__ import annotations

import marshal
from datetime import date
from typing import TYPE_CHECKING, Any

from detente.analysis import network as net
from detente.analysis import stories as sto
from detente.analysis import windows
from detente.analysis.records import records, resolve, state_names
from detente.store import Store

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["relations", "dyad", "dossier", "graph", "network", "changes", "stories", "dyad_table", "resolve"]

#: how many of an actor's latest events a dossier lists (analysis.dossiers.RECENT_EVENTS)
RECENT_EVENTS = 15

# network and stories are imported above, before the functions of those names are defined here (a submodule first
# imported later would replace its function on the package); the rest when called: a dyad needs neither numpy
# nor networkx, so that `detente dyad` starts without them (analysis.engine and .dossiers import them).


def relations(store: Store, since: date | None = None, until: date | None = None) -> list[dict[str, Any]]:
    """Every standing relation the stored events support in the window, with the sentences behind it
    (the first EVIDENCE_LIMIT by date; `evidence_total` counts them all)."""
    win = windows.window(store, since, until)
    rels = win.relations()
    win.engine.load(rels)
    return [r.to_dict() for r in rels]


def dyad(store: Store, a: str, b: str, since: date | None = None, until: date | None = None,
         freq: str = "month") -> dict[str, Any]:
    """One pair of actors (codes, names or keys) over a window."""
    from detente.analysis import dyads, summaries

    na, nb = resolve(store, a), resolve(store, b)
    if na == nb:  # an actor with itself: its own events, read as Records
        recs = records(store, since, until, codes=[na, nb], all_codes=True)
        return dyads.dyad(recs, None, na, nb, freq)
    # kept while the store is unchanged (the pairs users look at are looked at again), once for both orders of
    # the pair: only `a` and `b` tell dyad(A, B) from dyad(B, A) (directions name the actors); a copy each time
    lo, hi = sorted((na, nb))
    made: list[dict[str, Any]] = []

    def make() -> bytes:
        made.append(summaries.dyad(store, lo, hi, since, until, freq))
        return marshal.dumps(made[0])

    kept = windows.kept(store, ("dyad", lo, hi, since, until, freq), make)
    out: dict[str, Any] = made[0] if made else marshal.loads(kept)  # computed now: no one else holds it
    out["a"], out["b"] = na, nb
    return out


def _names(store: Store) -> dict[str, str]:
    """State codes' names as the store knows them, to label graph nodes."""
    return state_names(store)


def graph(store: Store, since: date | None = None, until: date | None = None) -> nx.Graph:
    """The signed actor graph of a window (edge `weight` = volume, never negative; `score` = net score;
    `sign` = +1/-1; see analysis.network)."""
    return windows.window(store, since, until).graph().copy()


def network(store: Store, since: date | None = None, until: date | None = None) -> dict[str, Any]:
    """Brokerage (per pair and totals), centrality and structural balance of the window's graph."""
    win = windows.window(store, since, until)
    g, rels = win.graph(), win.relations()
    brokered = net.brokerage(g, rels)
    return {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "brokerage": brokered,
            "brokers": net.broker_totals(brokered), "centrality": win.centrality(), "balance": net.balance(g)}


def brokers(store: Store, a: str, b: str, since: date | None = None, until: date | None = None) -> list[dict[str, Any]]:
    """Who brokers between a and b (best first), whatever the sign of their own edge."""
    na, nb = resolve(store, a), resolve(store, b)
    win = windows.window(store, since, until)
    g, rels = win.graph(), win.relations()
    if g.has_edge(na, nb) and g.edges[na, nb]["sign"] >= 0:
        g = g.copy()
        g.edges[na, nb]["sign"] = -1  # ask as if they were at odds: who stands between them
    return [x for x in net.brokerage(g, rels) if x["between"] == sorted((na, nb))]


def changes(store: Store, before: tuple[date | None, date | None], after: tuple[date | None, date | None]) -> dict[str, Any]:
    """What changed in the graph between two windows."""
    return net.changes(windows.window(store, *before).graph(), windows.window(store, *after).graph())


def stories(store: Store, since: date | None = None, until: date | None = None, min_articles: int = 1) -> list[dict[str, Any]]:
    """Reports of one real-world event across articles and outlets, most corroborated first."""
    return sto.build(records(store, since, until), min_articles)


def dyad_table(store: Store, since: date | None = None, until: date | None = None) -> list[dict[str, Any]]:
    """One row per pair with events between them: counts, volume, net score, sign, relations, first and last date."""
    g = windows.window(store, since, until).graph()
    rows = []
    for a, b, d in g.edges(data=True):
        x, y = sorted((a, b))
        rows.append({"a": x, "b": y, **{k: d[k] for k in ("events", "cooperation", "conflict", "weight", "score", "sign",
                                                           "relations", "mediated_by", "first", "last")}})
    return sorted(rows, key=lambda r: (-r["events"], r["a"], r["b"]))


def dossier(store: Store, actor: str, since: date | None = None, until: date | None = None) -> dict[str, Any]:
    """What an analyst wants on one actor: allies, adversaries, suppliers, brokerage, centrality, recent events.

    Centrality and brokerage are measured on the whole window's graph; the window's analysis is kept while
    the store is unchanged, so dossiers of several actors over one window read and measure it once, and a
    calendar month's dossiers are stored for later processes too (analysis.dossiers)."""
    from detente.analysis import dossiers as dos

    return dos.dossier(store, resolve(store, actor), since, until)
