"""The signed, weighted actor graph of a window and what networkx measures on it: brokers, centrality, balance, change.

An edge joins two actors that have events between them. Its `weight` is their volume, never negative: how
many events they have, each counted by its modality weight (so networkx's weighted measures and shortest
paths work on it); `score` is their net cooperation-conflict score (each event's score times its modality
weight); `sign` is +1 or -1 from the standing relations (ally, rival ...) or, where they say nothing, from
the net score. Attributes are scalars so that GEXF and GraphML writers can carry them. The measures here read
`score` as the tie's strength: brokers' ties, strengths, and betweenness with distance 1/|score|. networkx and
numpy are imported where they are used: the package imports this module, and most queries measure no graph.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import combinations
from typing import TYPE_CHECKING, Any

from detente.analysis.records import Record
from detente.analysis.relations import Relation
from detente.analysis.rules import Rules
from detente.analysis.rules import load as load_rules

if TYPE_CHECKING:
    import networkx as nx

    from detente.analysis.engine import Engine


def build(recs: Iterable[Record], rels: Iterable[Relation], rules: Rules | None = None,
          names: dict[str, str] | None = None) -> nx.Graph:
    """The signed actor graph of these events and the relations derived from them; `names` label the nodes."""
    from detente.analysis.engine import Engine
    from detente.analysis.shapes import fact_of

    recs = list(recs)
    return graph_of(Engine([fact_of(r) for r in recs], rules, records=recs), rels, rules, names)


def graph_of(engine: Engine, rels: Iterable[Relation], rules: Rules | None = None,
             names: dict[str, str] | None = None) -> nx.Graph:
    """The signed actor graph of an engine's events and the relations derived from them."""
    import networkx as nx

    names = names or {}
    rules = rules or load_rules()
    rels = list(rels)
    g = nx.Graph()
    g.add_edges_from(engine.edges())
    counts = engine.mentions()
    labels: dict[frozenset[str], set[str]] = defaultdict(set)
    for rel in rels:
        if isinstance(rel.target, list):
            b, c = rel.target
            if rel.label == "mediator":
                if not g.has_edge(b, c):
                    g.add_edge(b, c, weight=0.0, score=0.0, cooperation=0.0, conflict=0.0, events=0, a_to_b=0, b_to_a=0,
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
        elif data["score"]:
            data["sign"] = 1 if data["score"] > 0 else -1
        else:
            data["sign"] = rules.mediated_sign if data["mediated_by"] else 0
    for node in g.nodes:
        g.nodes[node]["label"] = names.get(node, node)
        g.nodes[node]["mentions"] = counts.get(node, 0)
    return g


def _join(existing: str, item: str) -> str:
    parts = [p for p in existing.split(",") if p]
    return ",".join(sorted(set(parts) | {item}))


def brokerage(g: nx.Graph, rels: Iterable[Relation] = (), rules: Rules | None = None,
              broker: str | None = None) -> list[dict[str, Any]]:
    """Who cooperates with two actors that are in conflict with each other, best broker first within each pair
    (only `broker`'s entries when given: the same as filtering the full list, without walking every pair).

    A broker's score between B and C is its weaker tie (the smaller positive weight toward B or C), plus
    `mediation_bonus` per unit of mediation between them; a stated mediator counts even without both ties.
    """
    return _Brokers(g, rels, rules).of(broker)


def brokerage_by_broker(g: nx.Graph, rels: Iterable[Relation] = (), rules: Rules | None = None) -> dict[str, list[dict[str, Any]]]:
    """`brokerage(g, rels, broker=m)` for every m with entries, at once (what a month's stored dossiers need):
    each negative edge's brokers are its ends' common positive neighbours (a set intersection) and its stated
    mediators, as `brokerage` finds them; each broker's entries in `brokerage`'s order."""
    brokers = _Brokers(g, rels, rules)
    positive = {n: {x for x, d in nbrs.items() if d.get("sign", 0) > 0} for n, nbrs in brokers.adj.items()}
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for b, c, d in g.edges(data=True):
        if d.get("sign", 0) >= 0:
            continue
        pair = frozenset((b, c))
        for m in (positive[b] & positive[c]) | brokers.by_pair.get(pair, set()):
            found[m].append(brokers.entry(m, b, c, pair))
    return {m: sorted(entries, key=_broker_order) for m, entries in found.items()}


def _broker_order(d: dict[str, Any]) -> tuple[list[str], float, str]:
    return (d["between"], -d["score"], d["broker"])


class _Brokers:
    """The mediation a window's relations state, read once, and the brokerage entries of the graph."""

    def __init__(self, g: nx.Graph, rels: Iterable[Relation], rules: Rules | None) -> None:
        self.g, self.rules = g, rules or load_rules()
        self._adj: dict[str, dict[str, dict[str, Any]]] | None = None
        self.mediation: dict[tuple[str, frozenset[str]], float] = defaultdict(float)
        self.by_pair: dict[frozenset[str], set[str]] = defaultdict(set)
        self.mediates: dict[str, set[frozenset[str]]] = defaultdict(set)  # mediator -> the pairs it mediates
        for rel in rels:
            if rel.label == "mediator" and isinstance(rel.target, list):
                pair = frozenset(rel.target)
                self.mediation[(rel.source, pair)] += rel.weight
                self.by_pair[pair].add(rel.source)
                self.mediates[rel.source].add(pair)
        self._order: dict[str, int] | None = None

    @property
    def adj(self) -> dict[str, dict[str, dict[str, Any]]]:
        """The graph's adjacency as plain dicts (networkx's views cost a call per lookup)."""
        if self._adj is None:
            self._adj = {n: dict(nbrs) for n, nbrs in self.g.adj.items()}
        return self._adj

    def order(self) -> dict[str, int]:
        if self._order is None:
            self._order = {n: i for i, n in enumerate(self.g)}
        return self._order

    def of(self, broker: str | None) -> list[dict[str, Any]]:
        import networkx as nx

        g, by_pair = self.g, self.by_pair
        out: list[dict[str, Any]] = []
        mine = g.adj.get(broker, {}) if broker is not None else {}
        for b, c in self._conflicts(broker):
            pair = frozenset((b, c))
            if broker is None:
                brokers = set(by_pair.get(pair, ()))
                brokers |= {m for m in nx.common_neighbors(g, b, c)
                            if g.edges[m, b].get("sign", 0) > 0 and g.edges[m, c].get("sign", 0) > 0}
            else:  # only whether `broker` is one of them
                tied = b in mine and c in mine and mine[b].get("sign", 0) > 0 and mine[c].get("sign", 0) > 0
                brokers = {broker} if tied or broker in by_pair.get(pair, ()) else set()
            out += [self.entry(m, b, c, pair) for m in brokers]
        return sorted(out, key=_broker_order)

    def entry(self, m: str, b: str, c: str, pair: frozenset[str]) -> dict[str, Any]:
        """m as a broker between b and c: its weaker tie to them plus its mediation bonus."""
        mine = self.adj.get(m, {})
        ties = {x: float(mine[x]["score"]) if x in mine else 0.0 for x in (b, c)}
        bonus = self.rules.mediation_bonus * self.mediation.get((m, pair), 0.0)
        score = max(0.0, min(ties.values())) + bonus
        return {"broker": m, "between": sorted((b, c)), "score": round(score, 2), "mediated": bonus > 0, "ties": ties}

    def _conflicts(self, broker: str | None) -> list[tuple[str, str]]:
        """The negative edges (b, c) to look for brokers on: all of them, or those `broker` could stand between
        (it has a positive tie to both, or mediates between them), each as g.edges() gives it."""
        g = self.g
        if broker is None or broker not in g:
            if broker is not None:
                pairs = self.mediates.get(broker, set())
                if not pairs:
                    return []
                return [(b, c) for b, c, d in g.edges(data=True) if d.get("sign", 0) < 0 and frozenset((b, c)) in pairs]
            return [(b, c) for b, c, d in g.edges(data=True) if d.get("sign", 0) < 0]
        friends = [x for x, d in g[broker].items() if d.get("sign", 0) > 0]
        wanted = set(self.mediates.get(broker, ()))
        for i, x in enumerate(friends):
            nx_ = g[x]
            for y in friends[i + 1:]:
                d = nx_.get(y)
                if d is not None and d.get("sign", 0) < 0:
                    wanted.add(frozenset((x, y)))
        if not wanted:
            return []
        # each edge as g.edges() gives it: from the endpoint that comes first in node order
        order = self.order()
        out = []
        for pair in wanted:
            if len(pair) != 2 or not all(x in order for x in pair):
                continue
            b, c = sorted(pair, key=order.__getitem__)
            if g.has_edge(b, c) and g.edges[b, c].get("sign", 0) < 0:
                out.append((b, c))
        return out


def broker_totals(brokered: Iterable[dict[str, Any]]) -> dict[str, float]:
    """Each broker's score summed over every pair it stands between, highest first."""
    totals: dict[str, float] = defaultdict(float)
    for item in brokered:
        totals[item["broker"]] += item["score"]
    return dict(sorted(totals.items(), key=lambda kv: -kv[1]))


def centrality(g: nx.Graph) -> dict[str, dict[str, float]]:
    """Degree, positive and negative strength and betweenness (distance 1/|score|) of every actor."""
    import networkx as nx

    if not g.number_of_nodes():
        return {}
    degree = nx.degree_centrality(g)
    between = betweenness(g, lambda data: 1.0 / max(abs(float(data["score"])), 0.1))
    out = {}
    for n, nbrs in g.adj.items():
        weights = [float(d["score"]) for d in nbrs.values()]  # summed in adjacency order, as g.edges(n) walks them
        pos = sum(max(0.0, w) for w in weights)
        neg = sum(min(0.0, w) for w in weights)
        out[n] = {"degree": round(degree[n], 4), "positive": round(pos, 2), "negative": round(neg, 2),
                  "betweenness": round(between[n], 4)}
    return dict(sorted(out.items(), key=lambda kv: (-kv[1]["betweenness"], -kv[1]["degree"], kv[0])))


def betweenness(g: nx.Graph, distance: Callable[[dict[str, Any]], float]) -> dict[str, float]:
    """Normalised shortest-path betweenness with edge lengths `distance(data)`: networkx's
    betweenness_centrality(weight=...) (Brandes: Dijkstra from every source, paths of equal length counted
    alike, dependencies accumulated back), run for all sources at once on dense numpy arrays.

    Each step relaxes every source's nearest unsettled node with the same float additions and comparisons
    as networkx's Dijkstra, so distances and path counts are the same numbers; only the order in which
    dependencies of equally distant nodes are summed may differ, by a rounding step."""
    import numpy as np

    nodes = list(g.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    ix = {v: i for i, v in enumerate(nodes)}
    w = np.full((n, n), np.inf)
    for a, b, data in g.edges(data=True):
        if a != b:
            w[ix[a], ix[b]] = w[ix[b], ix[a]] = distance(data)
    idx = np.arange(n)
    dist = np.full((n, n), np.inf)
    dist[idx, idx] = 0.0
    open_ = dist.copy()  # dist, with settled nodes at inf
    sigma = np.zeros((n, n))
    sigma[idx, idx] = 1.0
    order = np.full((n, n), -1, dtype=np.intp)
    steps = 0
    for k in range(n):  # step k settles each source's k-th nearest node
        u = open_.argmin(axis=1)
        du = open_[idx, u]
        live = du < np.inf
        if not live.any():
            break
        u = np.where(live, u, idx)
        du = np.where(live, du, np.inf)
        open_[idx[live], u[live]] = np.inf
        order[:, k] = np.where(live, u, -1)
        steps += 1
        cand = w[u]
        cand += du[:, None]
        better = cand < dist  # settled nodes are never improved on: lengths are positive
        equal = (cand == dist) & (cand < np.inf)
        su = sigma[idx, u][:, None]
        sigma = np.where(better, su, sigma)
        sigma += equal * su
        np.copyto(dist, cand, where=better)
        np.copyto(open_, cand, where=better)
    delta = np.zeros((n, n))
    with np.errstate(divide="ignore", invalid="ignore"):
        for k in range(steps - 1, -1, -1):
            wk = order[:, k]
            live = wk >= 0
            wl = np.where(live, wk, 0)
            coeff = np.where(live, (1.0 + delta[idx, wl]) / sigma[idx, wl], 0.0)
            pred = w[wl]
            pred += dist
            pred = pred == dist[idx, wl][:, None]
            pred &= live[:, None]
            delta += pred * (sigma * coeff[:, None])
    delta[idx, idx] = 0.0
    total = np.zeros(n)
    for s in range(n):  # summed source by source, as networkx does
        total += delta[s]
    if n - 1 >= 2:
        total = total * (1 / ((n - 1) * (n - 2)))
    return {v: float(total[i]) for i, v in enumerate(nodes)}


def unbalanced_triads(g: nx.Graph) -> list[dict[str, Any]]:
    """Triangles whose sign product is negative (a friend of a friend is an enemy): the system's tensions."""
    import networkx as nx

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
    import networkx as nx

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
    """What moved between two windows' graphs: edges that appeared, vanished, flipped sign or changed relations, and
    those whose net score moved (`from`, `to`, `delta` are scores; `weight` is an edge's volume)."""
    def key(a: str, b: str) -> tuple[str, str]:
        return (a, b) if a <= b else (b, a)

    old = {key(a, b): d for a, b, d in before.edges(data=True)}
    new = {key(a, b): d for a, b, d in after.edges(data=True)}
    out: dict[str, list[dict[str, Any]]] = {"appeared": [], "vanished": [], "flipped": [], "relations": [], "moved": []}
    for pair in sorted(set(old) | set(new)):
        o, n = old.get(pair), new.get(pair)
        item: dict[str, Any] = {"pair": list(pair)}
        if o is None and n is not None:
            out["appeared"].append(item | {"sign": n["sign"], "score": n["score"], "weight": n["weight"],
                                           "relations": n["relations"]})
        elif n is None and o is not None:
            out["vanished"].append(item | {"sign": o["sign"], "score": o["score"], "weight": o["weight"],
                                           "relations": o["relations"]})
        elif o is not None and n is not None:
            if o["sign"] != n["sign"]:
                out["flipped"].append(item | {"from": o["sign"], "to": n["sign"]})
            if o["relations"] != n["relations"]:
                was, now = set(filter(None, o["relations"].split(","))), set(filter(None, n["relations"].split(",")))
                out["relations"].append(item | {"gained": sorted(now - was), "lost": sorted(was - now)})
            if n["score"] != o["score"]:
                out["moved"].append(item | {"from": o["score"], "to": n["score"],
                                            "delta": round(float(n["score"]) - float(o["score"]), 3)})
    out["moved"].sort(key=lambda d: -abs(d["delta"]))
    return out
