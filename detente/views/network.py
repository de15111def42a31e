"""The actor graph and what is measured on it (see detente.views for the contract).

`graph` is node-link JSON that networkx reads back (`nx.node_link_graph(d, edges="edges")`): nodes with their
label, kind, actor key, events and mentions; edges with their id ("A|B"), volume (`weight`, never negative),
net score (`score`), sign, counts, relations and mediators. It is `detente.analysis.graph`, the graph the
dossiers, `detente network` and the exports measure, so the numbers agree wherever they are read.
"""
from __future__ import annotations

from typing import Any

from detente.store import Store, queries
from detente.views import ALL_DATES, BadParameter, Window


def graph(store: Store, *, window: Window = ALL_DATES, min_events: int = 0, max_nodes: int | None = None) -> dict[str, Any]:
    """The window's actor graph: the `max_nodes` nodes with the most events (all when None), and the edges
    between them with at least `min_events` events (0 keeps edges made by mediation alone)."""
    from detente.analysis import windows

    if min_events < 0 or (max_nodes is not None and max_nodes < 1):
        raise BadParameter("min_events must be >= 0 and max_nodes >= 1")
    win = windows.window(store, window.since, window.until)
    g = win.graph()
    events = {n: len(win.events_of(n)) for n in g.nodes}
    kept = sorted(g.nodes, key=lambda n: (-events[n], n))
    keep = set(kept[:max_nodes] if max_nodes is not None else kept)
    nodes = []
    for n in sorted(keep, key=lambda n: (-events[n], n)):
        row = queries.node_actor(store, n)
        nodes.append({"id": n, "label": g.nodes[n]["label"], "kind": row["kind"] if row else queries.node_kind(n),
                      "key": row["key"] if row else None, "events": events[n], "mentions": g.nodes[n]["mentions"]})
    edges = []
    for a, b, d in g.edges(data=True):
        if a in keep and b in keep and d["events"] >= min_events:
            x, y = sorted((a, b))
            edges.append({"id": f"{x}|{y}", "source": x, "target": y, **d})
    edges.sort(key=lambda e: e["id"])
    return {"directed": False, "multigraph": False, "graph": window.to_dict(), "nodes": nodes, "edges": edges,
            **window.to_dict(), "filters": {"min_events": min_events, "max_nodes": max_nodes},
            "range": queries.date_range(store)}


def as_networkx(d: dict[str, Any]) -> Any:
    """A `graph` answer as a networkx Graph, for the file formats (GEXF, GraphML): attributes that are None left out."""
    import networkx as nx

    g = nx.Graph(**{k: v for k, v in d["graph"].items() if v is not None})
    for n in d["nodes"]:
        g.add_node(n["id"], **{k: v for k, v in n.items() if k != "id" and v is not None})
    for e in d["edges"]:
        g.add_edge(e["source"], e["target"], **{k: v for k, v in e.items() if k not in ("id", "source", "target")
                                                and v is not None})
    return g


def network(store: Store, *, window: Window = ALL_DATES) -> dict[str, Any]:
    """Brokers between actors in conflict (best first), each broker's total, centrality (by betweenness) and
    structural balance (the unbalanced triads) of the window's graph."""
    from detente import analysis

    n = analysis.network(store, window.since, window.until)
    n["brokerage"] = sorted(n["brokerage"], key=lambda b: (-b["score"], b["between"], b["broker"]))
    return n | window.to_dict()


def changes(store: Store, before: Window, after: Window) -> dict[str, Any]:
    """What moved in the graph between two windows: edges that appeared, vanished, flipped sign, changed relations,
    and those whose net score moved most."""
    from detente import analysis

    return analysis.changes(store, (before.since, before.until), (after.since, after.until)) | {
        "before": before.to_dict(), "after": after.to_dict()}
