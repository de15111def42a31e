"""One actor's dossier over a window, and the calendar months whose dossiers are stored for later processes.

A dossier's centrality and brokerage measure the whole window's graph, so the first dossier of a window
computes the window (windows.Window: ~1.3 s for a month of a 1M-event store). For a calendar month the first
dossier computes every actor's at once without its sentences (a `Core`: relations with the ids of the events
they cite, brokerage, centrality, the event count and the latest event ids) and stores them
(analysis.summaries, which says when a stored month is read); a later dossier of that month, in any process,
reads one row and the events it cites. Other windows are computed as before (and kept in memory while the
store is unchanged, see windows.window).
"""
from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from detente.analysis import engine as eng
from detente.analysis import shapes, summaries, windows
from detente.analysis.network import brokerage, brokerage_by_broker
from detente.analysis.records import evidence_records, records_by_id
from detente.analysis.relations import Relation
from detente.analysis.rules import load as load_rules
from detente.store import Store

#: how many of an actor's latest events a dossier lists
RECENT_EVENTS = 15
#: how many events a dossier cites per relation
CITED = 5
FRIENDLY = frozenset({"ally", "partner"})
HOSTILE = frozenset({"rival", "adversary"})
#: the part of a stored month that says it is whole (never a node: nodes are not empty)
COMPLETE = ""

#: what a dossier keeps without sentences: {"relations": [[label, other, direction, weight, [cited event ids]]],
#: "brokerage": [[between, score, mediated, [[node, tie] ...]]], "centrality": {...} or None, "events": n,
#: "recent": [event ids, latest first]}
Core = dict[str, Any]
EMPTY: Core = {"relations": [], "brokerage": [], "centrality": None, "events": 0, "recent": []}


def dossier(store: Store, node: str, since: date | None = None, until: date | None = None) -> dict[str, Any]:
    """The dossier of an analysis node (see detente.analysis.dossier)."""
    current = summaries.stamp(store) if summarised(since, until) else None
    if current is None:
        return render(store, node, core(windows.window(store, since, until), node))
    key = f"{since}..{until}"
    found = summaries.read(store, "dossier", key, [COMPLETE, node], current)
    if COMPLETE in found:
        return render(store, node, json.loads(found[node]) if node in found else EMPTY)
    if not summaries.writable(store):
        return render(store, node, core(windows.window(store, since, until), node))
    # every node's at once, to store (and keep in memory, should the store be busy)
    cores = windows.kept(store, ("dossiers", since, until), lambda: month_cores(windows.window(store, since, until)))
    parts = {n: json.dumps(c, separators=(",", ":")) for n, c in cores.items()}
    summaries.write(store, "dossier", key, parts | {COMPLETE: "1"}, current)
    return render(store, node, cores.get(node, EMPTY))


def summarised(since: date | None, until: date | None) -> bool:
    """Whether a window's dossiers are stored: a calendar month (the windows analysts step through)."""
    return (since is not None and until is not None and since.day == 1
            and until == (since.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1))


# ------------------------------------------------------------------------------------------ computing
def core(win: windows.Window, node: str, brokered: list[dict[str, Any]] | None = None,
         cited: dict[int, list[str]] | None = None) -> Core:
    """One node's dossier in a window, without sentences (`brokered`, `cited`: worked out for all nodes at once)."""
    engine = win.engine
    mine = win.relations_of(node)
    if cited is None:
        cited = _cited(engine, mine)
    if brokered is None:
        brokered = brokerage(win.graph(), win.relations(), broker=node)
    events = win.events_of(node)
    return {
        "relations": [[r.label, r.target if r.source == node else r.source, "out" if r.source == node else "in",
                       round(r.weight, 2), cited[id(r)]] for r in mine],
        "brokerage": [[b["between"], b["score"], b["mediated"], [[x, w] for x, w in b["ties"].items()]]
                      for b in sorted(brokered, key=lambda b: -b["score"])],
        "centrality": win.centrality().get(node),
        "events": len(events),
        "recent": win.latest(events, RECENT_EVENTS),
    }


def month_cores(win: windows.Window) -> dict[str, Core]:
    """Every node's Core in a window: the graph, its brokerage and the relations' citations worked out once."""
    g, rels = win.graph(), win.relations()
    brokered = brokerage_by_broker(g, rels)
    with windows.bulk():
        cited = _cited(win.engine, rels)
        nodes = dict.fromkeys([*g.nodes, *brokered, *(p for r in rels for p in r.parties)])
        nodes.update(dict.fromkeys(n for f in win.facts for n in f[shapes.F_SHAPE][shapes.SH_NODES]))
        return {n: core(win, n, brokered.get(n, []), cited) for n in nodes}


def _cited(engine: eng.Engine, rels: list[Relation]) -> dict[int, list[str]]:
    """The ids of the events each relation cites in a dossier (the first CITED by date)."""
    facts = engine.facts
    return {id(r): [facts[i][shapes.F_ID] for i in engine.cited(r, CITED)[0]] for r in rels}


def render(store: Store, node: str, found: Core) -> dict[str, Any]:
    """The dossier of a Core: its cited and latest events read from the store."""
    cites = evidence_records(store, [i for rel in found["relations"] for i in rel[4]])
    recent = records_by_id(store, found["recent"])

    def facing(rel: list[Any]) -> dict[str, Any]:
        label, other, direction, weight, ids = rel
        return {"label": label, "target": other, "direction": direction, "weight": weight,
                "evidence": [cites[i].evidence() for i in ids if i in cites]}

    rels = found["relations"]
    return {
        "actor": node,
        "allies": [facing(r) for r in rels if r[0] in FRIENDLY],
        "adversaries": [facing(r) for r in rels if r[0] in HOSTILE],
        "relations": [facing(r) for r in rels if r[0] not in FRIENDLY | HOSTILE],
        "brokerage": [{"name": "between " + " and ".join(between), "broker": node, "between": between, "score": score,
                       "mediated": mediated, "ties": dict(ties)} for between, score, mediated, ties in found["brokerage"]],
        "centrality": found["centrality"],
        "recent_events": [recent[i].evidence() | {"actors": recent[i].actors, "recipients": recent[i].recipients}
                          for i in found["recent"] if i in recent],
        "events": found["events"],
        "rules": {name: label.doc for name, label in load_rules().labels.items()},
    }
