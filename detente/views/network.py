"""The actor graph and what is measured on it (see detente.views for the contract).

`graph` is node-link JSON that networkx reads back (`nx.node_link_graph(d, edges="edges")`): nodes with their
label, kind, actor key, events and mentions; edges with their id ("A|B"), volume (`weight`, never negative),
net score (`score`), sign, counts, relations and mediators. It is `detente.analysis.graph`, the graph the
dossiers, `detente network` and the exports measure, so the numbers agree wherever they are read.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from detente.store import Store, queries
from detente.views import ALL_DATES, BadParameter, Window
from detente.views.names import node_label


def graph(store: Store, *, window: Window = ALL_DATES, min_events: int = 0, max_nodes: int | None = None,
          people: bool = False) -> dict[str, Any]:
    """The window's actor graph: the `max_nodes` nodes with the most events (all when None), and the edges
    between them with at least `min_events` events (0 keeps edges made by mediation alone).

    A person is counted for their state, as the analysis counts them; `people` gives each person a node of their
    own instead (their events move from the state's edges to theirs), with `state` naming the state they are
    counted for. A place is never a node: a party that is a stored place with no state (the events' texts name
    towns as actors: "Davos said") is left out, and `left_out` says so."""
    from detente.analysis import windows
    from detente.analysis.records import state_names
    from detente.analysis.shapes import F_SHAPE, SH_NODES

    if min_events < 0 or (max_nodes is not None and max_nodes < 1):
        raise BadParameter("min_events must be >= 0 and max_nodes >= 1")
    win = windows.window(store, window.since, window.until)
    if people:
        g, facts = _people_graph(store, window, win.facts)
    else:
        g, facts = win.graph(), win.facts
    events: dict[str, int] = defaultdict(int)
    for f in facts:
        for n in f[F_SHAPE][SH_NODES]:
            events[n] += 1
    # a place with a state is counted for it (its node is the state's code); only a name can be a place's node
    rows = {n: _node_row(store, n) for n in g.nodes if not queries.code_shaped(n)}
    states = state_names(store)
    places = sorted(n for n, row in rows.items() if row is not None and row["kind"] == "place")
    kept = sorted((n for n in g.nodes if n not in places), key=lambda n: (-events[n], n))
    if max_nodes is not None:
        kept = kept[:max_nodes]
    keep = set(kept)
    nodes = []
    for n in kept:
        row = rows[n] if n in rows else _node_row(store, n)
        kind = row["kind"] if row else queries.node_kind(n)
        node = {"id": n, "label": node_label(n, g.nodes[n]["label"], row, states), "kind": kind,
                "key": row["key"] if row else None, "events": events[n], "mentions": g.nodes[n]["mentions"]}
        if people and kind == "person" and row is not None:
            state = queries.actor_node(row)
            node["state"] = state if state != row["name"] and state in keep else None
        nodes.append(node)
    edges = []
    for a, b, d in g.edges(data=True):
        if a in keep and b in keep and d["events"] >= min_events:
            x, y = sorted((a, b))
            edges.append({"id": f"{x}|{y}", "source": x, "target": y, **d})
    edges.sort(key=lambda e: e["id"])
    left_out = [{"id": n, "label": g.nodes[n]["label"], "why": "place"} for n in places]
    return {"directed": False, "multigraph": False, "graph": window.to_dict(), "nodes": nodes, "edges": edges,
            **window.to_dict(), "filters": {"min_events": min_events, "max_nodes": max_nodes, "people": people},
            "left_out": left_out, "range": queries.date_range(store)}


def _node_row(store: Store, node: str) -> dict[str, Any] | None:
    """The stored actor a node stands for: a person's node is their key (graph(people=True)), others as the analysis
    names them."""
    if node.startswith("person:"):
        return queries.actors_by_key(store, [node]).get(node)
    return queries.node_actor(store, node)


def _people_graph(store: Store, window: Window, facts: list[Any]) -> tuple[Any, list[Any]]:
    """The window's graph with each person a node of their own (their actor key), from the window's facts with the
    people among their parties put back in their own names."""
    from detente.analysis.engine import Engine
    from detente.analysis.network import graph_of
    from detente.analysis.records import state_names
    from detente.analysis.shapes import F_ID, F_SHAPE, make_shape
    from detente.analysis.windows import bulk, fetcher
    from detente.store.facts import decode_nodes

    found = queries.person_parties(store, window.since, window.until)
    out: list[Any] = []
    for f in facts:
        hit = found.get(f[F_ID])
        if hit is None:
            out.append(f)
            continue
        text, persons = hit
        parties = [(role, persons.get((role, pos), node)) for role, pos, node in decode_nodes(text)]
        out.append(f[:F_SHAPE] + (make_shape(parties),))
    names = state_names(store)
    keys = sorted({k for _, persons in found.values() for k in persons.values()})
    names.update({k: r["name"] for k, r in queries.actors_by_key(store, keys).items()})
    with bulk():
        engine = Engine(out, fetch=fetcher(store))
        g = graph_of(engine, engine.relations(), names=names)
    return g, out


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
    and those whose net score moved most. A place is no actor here either (see `graph`): its edges are left out."""
    from detente import analysis

    out = analysis.changes(store, (before.since, before.until), (after.since, after.until))
    places = {n for kind in out.values() for item in kind for n in item["pair"]
              if not queries.code_shaped(n) and (row := _node_row(store, n)) is not None and row["kind"] == "place"}
    out = {kind: [item for item in items if not places & set(item["pair"])] for kind, items in out.items()}
    return out | {"before": before.to_dict(), "after": after.to_dict(),
                  "left_out": [{"id": n, "why": "place"} for n in sorted(places)]}
