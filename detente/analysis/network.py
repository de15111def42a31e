"""The signed, weighted actor graph of a window and what networkx measures on it: brokers, centrality, balance, change.

An edge joins two actors that have events between them. Its `weight` is their net cooperation-conflict
score (each event's score times its modality weight), its `sign` +1 or -1 from the standing relations
(ally, rival ...) or, where they say nothing, from the net score. Attributes are scalars so that GEXF and
GraphML writers can carry them.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations
from typing import Any

import networkx as nx

from detente.analysis.records import Record
from detente.analysis.relations import Relation, mediated, pools
from detente.analysis.rules import Rules
from detente.analysis.rules import load as load_rules


def build(recs: Iterable[Record], rels: Iterable[Relation], rules: Rules | None = None,
          names: dict[str, str] | None = None) -> nx.Graph:
    """The signed actor graph of these events and the relations derived from them; `names` label the nodes."""
    names = names or {}
    rules = rules or load_rules()
    recs = list(recs)
    rels = list(rels)
    g = nx.Graph()
    counts: dict[str, int] = defaultdict(int)
    for rec in recs:
        for p in rec.parties:
            if p.node:
                counts[p.node] += 1
    undirected, directed = pools(r for r in recs if rules.weight(r.modality) > 0)
    for (a, b), pool in undirected.items():
        net = coop = conflict = 0.0
        for rec in pool.events.values():
            w = rules.weight(rec.modality)
            if rec.score is None or mediated(rec):
                continue
            net += w * rec.score
            coop += w if rec.score > 0 else 0
            conflict += w if rec.score < 0 else 0
        days = sorted(r.day for r in pool.events.values() if r.day)
        g.add_edge(a, b, weight=round(net, 3), cooperation=round(coop, 2), conflict=round(conflict, 2),
                   events=len(pool.events), a_to_b=len(directed.get((a, b), _EMPTY).events),
                   b_to_a=len(directed.get((b, a), _EMPTY).events),
                   first=days[0].isoformat() if days else "", last=days[-1].isoformat() if days else "",
                   relations="", mediated_by="")
    labels: dict[frozenset[str], set[str]] = defaultdict(set)
    for rel in rels:
        if isinstance(rel.target, list):
            b, c = rel.target
            if rel.label == "mediator":
                if not g.has_edge(b, c):
                    g.add_edge(b, c, weight=0.0, cooperation=0.0, conflict=0.0, events=0, a_to_b=0, b_to_a=0,
                               first="", last="", relations="", mediated_by="")
                g.edges[b, c]["mediated_by"] = _join(g.edges[b, c]["mediated_by"], rel.source)
            continue
        labels[frozenset((rel.source, rel.target))].add(rel.label)
    for a, b, data in g.edges(data=True):
        held = labels.get(frozenset((a, b)), set())
        data["relations"] = ",".join(sorted(held))
        pos, neg = bool(held & rules.positive), bool(held & rules.negative)
        if pos != neg:
            data["sign"] = 1 if pos else -1
        elif data["weight"]:
            data["sign"] = 1 if data["weight"] > 0 else -1
        else:
            data["sign"] = rules.mediated_sign if data["mediated_by"] else 0
    for node in g.nodes:
        g.nodes[node]["label"] = names.get(node, node)
        g.nodes[node]["mentions"] = counts.get(node, 0)
    return g


class _Empty:
    events: dict[str, Record] = {}


_EMPTY = _Empty()


def _join(existing: str, item: str) -> str:
    parts = [p for p in existing.split(",") if p]
    return ",".join(sorted(set(parts) | {item}))


def brokerage(g: nx.Graph, rels: Iterable[Relation] = (), rules: Rules | None = None) -> list[dict[str, Any]]:
    """Who cooperates with two actors that are in conflict with each other, best broker first within each pair.

    A broker's score between B and C is its weaker tie (the smaller positive weight toward B or C), plus
    `mediation_bonus` per unit of mediation between them; a stated mediator counts even without both ties.
    """
    rules = rules or load_rules()
    mediation: dict[tuple[str, frozenset[str]], float] = defaultdict(float)
    for rel in rels:
        if rel.label == "mediator" and isinstance(rel.target, list):
            mediation[(rel.source, frozenset(rel.target))] += rel.weight
    out: list[dict[str, Any]] = []
    for b, c, data in g.edges(data=True):
        if data.get("sign", 0) >= 0:
            continue
        pair = frozenset((b, c))
        brokers = {m for (m, p) in mediation if p == pair}
        brokers |= {m for m in nx.common_neighbors(g, b, c)
                    if g.edges[m, b].get("sign", 0) > 0 and g.edges[m, c].get("sign", 0) > 0}
        for m in brokers:
            ties = {x: float(g.edges[m, x]["weight"]) if g.has_edge(m, x) else 0.0 for x in (b, c)}
            bonus = rules.mediation_bonus * mediation.get((m, pair), 0.0)
            score = max(0.0, min(ties.values())) + bonus
            out.append({"broker": m, "between": sorted((b, c)), "score": round(score, 2),
                        "mediated": bonus > 0, "ties": ties})
    return sorted(out, key=lambda d: (d["between"], -d["score"], d["broker"]))


def broker_totals(brokered: Iterable[dict[str, Any]]) -> dict[str, float]:
    """Each broker's score summed over every pair it stands between, highest first."""
    totals: dict[str, float] = defaultdict(float)
    for item in brokered:
        totals[item["broker"]] += item["score"]
    return dict(sorted(totals.items(), key=lambda kv: -kv[1]))


def centrality(g: nx.Graph) -> dict[str, dict[str, float]]:
    """Degree, positive and negative strength and betweenness (distance 1/|weight|) of every actor."""
    if not g.number_of_nodes():
        return {}
    degree = nx.degree_centrality(g)
    dist = nx.Graph()
    dist.add_nodes_from(g)
    for a, b, data in g.edges(data=True):
        dist.add_edge(a, b, distance=1.0 / max(abs(float(data["weight"])), 0.1))
    between = nx.betweenness_centrality(dist, weight="distance")
    out = {}
    for n in g.nodes:
        pos = sum(max(0.0, float(d["weight"])) for _, _, d in g.edges(n, data=True))
        neg = sum(min(0.0, float(d["weight"])) for _, _, d in g.edges(n, data=True))
        out[n] = {"degree": round(degree[n], 4), "positive": round(pos, 2), "negative": round(neg, 2),
                  "betweenness": round(between[n], 4)}
    return dict(sorted(out.items(), key=lambda kv: (-kv[1]["betweenness"], -kv[1]["degree"], kv[0])))


def unbalanced_triads(g: nx.Graph) -> list[dict[str, Any]]:
    """Triangles whose sign product is negative (a friend of a friend is an enemy): the system's tensions."""
    out = []
    seen: set[frozenset[str]] = set()
    for a, b in g.edges:
        for c in nx.common_neighbors(g, a, b):
            tri = frozenset((a, b, c))
            if tri in seen:
                continue
            seen.add(tri)
            signs = [g.edges[x, y].get("sign", 0) for x, y in combinations(sorted(tri), 2)]
            if 0 in signs:
                continue
            if signs[0] * signs[1] * signs[2] < 0:
                nodes = sorted(tri)
                out.append({"triad": nodes, "signs": {f"{x}-{y}": g.edges[x, y]["sign"] for x, y in combinations(nodes, 2)}})
    return sorted(out, key=lambda d: d["triad"])


def balance(g: nx.Graph) -> dict[str, Any]:
    """Structural balance: the share of signed triangles that are balanced, and the unbalanced ones."""
    unbalanced = unbalanced_triads(g)
    total = 0
    seen: set[frozenset[str]] = set()
    for a, b in g.edges:
        for c in nx.common_neighbors(g, a, b):
            tri = frozenset((a, b, c))
            if tri not in seen:
                seen.add(tri)
                if all(g.edges[x, y].get("sign", 0) for x, y in combinations(sorted(tri), 2)):
                    total += 1
    return {"triads": total, "unbalanced": unbalanced,
            "balanced_share": round(1 - len(unbalanced) / total, 4) if total else None}


def changes(before: nx.Graph, after: nx.Graph) -> dict[str, Any]:
    """What moved between two windows' graphs: edges that appeared, vanished, flipped sign or changed relations."""
    def key(a: str, b: str) -> tuple[str, str]:
        return (a, b) if a <= b else (b, a)

    old = {key(a, b): d for a, b, d in before.edges(data=True)}
    new = {key(a, b): d for a, b, d in after.edges(data=True)}
    out: dict[str, list[dict[str, Any]]] = {"appeared": [], "vanished": [], "flipped": [], "relations": [], "moved": []}
    for pair in sorted(set(old) | set(new)):
        o, n = old.get(pair), new.get(pair)
        item: dict[str, Any] = {"pair": list(pair)}
        if o is None and n is not None:
            out["appeared"].append(item | {"sign": n["sign"], "weight": n["weight"], "relations": n["relations"]})
        elif n is None and o is not None:
            out["vanished"].append(item | {"sign": o["sign"], "weight": o["weight"], "relations": o["relations"]})
        elif o is not None and n is not None:
            if o["sign"] != n["sign"]:
                out["flipped"].append(item | {"from": o["sign"], "to": n["sign"]})
            if o["relations"] != n["relations"]:
                was, now = set(filter(None, o["relations"].split(","))), set(filter(None, n["relations"].split(",")))
                out["relations"].append(item | {"gained": sorted(now - was), "lost": sorted(was - now)})
            if n["weight"] != o["weight"]:
                out["moved"].append(item | {"from": o["weight"], "to": n["weight"],
                                            "delta": round(float(n["weight"]) - float(o["weight"]), 3)})
    out["moved"].sort(key=lambda d: -abs(d["delta"]))
    return out
