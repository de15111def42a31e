"""From events to the system they describe: standing relations, dyads, stories across outlets, the actor network.

Every function reads the store, so the CLI, the web app and the Python API share one implementation:

    relations(store, since, until)           standing relations, each {source, label, target, evidence}
    dyad(store, a, b, since, until, freq)    summary, timeline, relations and evidence of one pair
    dossier(store, actor, since, until)      allies, adversaries, brokerage, recent events of one actor
    graph(store, since, until)               the signed, weighted networkx graph
    network(store, since, until)             brokerage, centrality, structural balance of that graph
    changes(store, (s1, u1), (s2, u2))       what moved between two windows
    stories(store, since, until)             one real-world event as several articles report it
"""
from __future__ import annotations

from datetime import date
from typing import Any

import networkx as nx

from detente.analysis import dyads
from detente.analysis import network as net
from detente.analysis import relations as rel
from detente.analysis import stories as sto
from detente.analysis.records import Record, records, resolve
from detente.analysis.rules import load as load_rules
from detente.store import Store

__all__ = ["relations", "dyad", "dossier", "graph", "network", "changes", "stories", "dyad_table", "resolve"]

#: how many of an actor's latest events a dossier lists
RECENT_EVENTS = 15


def relations(store: Store, since: date | None = None, until: date | None = None) -> list[dict[str, Any]]:
    """Every standing relation the stored events support in the window, with the sentences behind it."""
    return [r.to_dict() for r in rel.derive(records(store, since, until))]


def dyad(store: Store, a: str, b: str, since: date | None = None, until: date | None = None,
         freq: str = "month") -> dict[str, Any]:
    """One pair of actors (codes, names or keys) over a window."""
    na, nb = resolve(store, a), resolve(store, b)
    recs = records(store, since, until, codes=[na, nb], all_codes=True)
    return dyads.dyad(recs, rel.derive(recs), na, nb, freq)


def _names(store: Store) -> dict[str, str]:
    """State codes' names as the store knows them, to label graph nodes."""
    return {r[0]: r[1] for r in store.conn.execute(
        "SELECT code, min(name) FROM actors WHERE kind = 'state' AND code IS NOT NULL GROUP BY code")}


def _graph(recs: list[Record]) -> tuple[nx.Graph, list[rel.Relation]]:
    rels = rel.derive(recs)
    return net.build(recs, rels), rels


def graph(store: Store, since: date | None = None, until: date | None = None) -> nx.Graph:
    """The signed, weighted actor graph of a window (edge `weight` = net score, `sign` = +1/-1)."""
    recs = records(store, since, until)
    rels = rel.derive(recs)
    return net.build(recs, rels, names=_names(store))


def network(store: Store, since: date | None = None, until: date | None = None) -> dict[str, Any]:
    """Brokerage (per pair and totals), centrality and structural balance of the window's graph."""
    g, rels = _graph(records(store, since, until))
    brokered = net.brokerage(g, rels)
    return {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "brokerage": brokered,
            "brokers": net.broker_totals(brokered), "centrality": net.centrality(g), "balance": net.balance(g)}


def brokers(store: Store, a: str, b: str, since: date | None = None, until: date | None = None) -> list[dict[str, Any]]:
    """Who brokers between a and b (best first), whatever the sign of their own edge."""
    na, nb = resolve(store, a), resolve(store, b)
    g, rels = _graph(records(store, since, until))
    if g.has_edge(na, nb) and g.edges[na, nb]["sign"] >= 0:
        g.edges[na, nb]["sign"] = -1  # ask as if they were at odds: who stands between them
    return [x for x in net.brokerage(g, rels) if x["between"] == sorted((na, nb))]


def changes(store: Store, before: tuple[date | None, date | None], after: tuple[date | None, date | None]) -> dict[str, Any]:
    """What changed in the graph between two windows."""
    return net.changes(graph(store, *before), graph(store, *after))


def stories(store: Store, since: date | None = None, until: date | None = None, min_articles: int = 1) -> list[dict[str, Any]]:
    """Reports of one real-world event across articles and outlets, most corroborated first."""
    return sto.build(records(store, since, until), min_articles)


def dyad_table(store: Store, since: date | None = None, until: date | None = None) -> list[dict[str, Any]]:
    """One row per pair with events between them: counts, net score, sign, relations, first and last date."""
    g = graph(store, since, until)
    rows = []
    for a, b, d in g.edges(data=True):
        x, y = sorted((a, b))
        rows.append({"a": x, "b": y, **{k: d[k] for k in ("events", "cooperation", "conflict", "weight", "sign",
                                                           "relations", "mediated_by", "first", "last")}})
    return sorted(rows, key=lambda r: (-r["events"], r["a"], r["b"]))


def dossier(store: Store, actor: str, since: date | None = None, until: date | None = None) -> dict[str, Any]:
    """What an analyst wants on one actor: allies, adversaries, suppliers, brokerage, centrality, recent events."""
    node = resolve(store, actor)
    recs = records(store, since, until)
    g, rels = _graph(recs)
    mine = [r for r in rels if node in r.parties]

    def facing(r: rel.Relation) -> dict[str, Any]:
        other = r.target if r.source == node else r.source
        return {"label": r.label, "target": other, "direction": "out" if r.source == node else "in",
                "weight": round(r.weight, 2), "evidence": [e.evidence() for e in r.evidence[:5]]}

    friendly = {"ally", "partner"}
    hostile = {"rival", "adversary"}
    brokered = sorted((b for b in net.brokerage(g, rels) if b["broker"] == node), key=lambda b: -b["score"])
    cent = net.centrality(g).get(node)
    mine_events = [r for r in recs if node in {p.node for p in r.parties}]
    recent = sorted(mine_events, key=lambda r: (r.day or date.min, r.id), reverse=True)[:RECENT_EVENTS]
    return {
        "actor": node,
        "allies": [facing(r) for r in mine if r.label in friendly],
        "adversaries": [facing(r) for r in mine if r.label in hostile],
        "relations": [facing(r) for r in mine if r.label not in friendly | hostile],
        "brokerage": [{"name": "between " + " and ".join(b["between"]), **b} for b in brokered],
        "centrality": cent,
        "recent_events": [r.evidence() | {"actors": r.actors, "recipients": r.recipients} for r in recent],
        "events": len(mine_events),
        "rules": {name: label.doc for name, label in load_rules().labels.items()},
    }
