"""One actor's dossier: who it is, and what the analysis says of it (see detente.views for the contract).

The analysis knows actors as nodes (detente.store.facts): a state code, CODE:SECTOR for rebels and the
opposition, else a name. A person or a ministry with a state's code is counted for that state there, so
the standing relations, brokerage and centrality of their node are the state's. A dossier shows them only
for the actor whose node it is (the state itself, a group, a body without a state, a person without one);
for a person or body folded into a state it shows their own events and partners and says which node
speaks for them (`speaks_for`), never the state's allies and adversaries as theirs.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from typing import Any

from detente.store import Store, queries
from detente.views import ALL_DATES, ALL_ROWS, NotFound, Paging, Window, key_arg, page
from detente.views.names import node_label

#: how many of an actor's latest events a dossier lists as recent (as analysis.dossiers does)
RECENT_EVENTS = 15
#: the partners (most events first) a dossier follows over time, and the most periods it shows them in: the finest
#: of CHART_FREQS that keeps within it (36 months are three years; past that, quarters, then years)
CHART_PARTNERS, MAX_PERIODS = 5, 36
CHART_FREQS = ("month", "quarter", "year")


def actor(store: Store, query: str, *, window: Window = ALL_DATES, paging: Paging = ALL_ROWS) -> dict[str, Any]:
    """An actor by its code, key, name or an alias: profile (aliases, roles, mentions, articles), standing
    relations, brokerage, centrality, partners, its latest events and a page of its events."""
    from detente.analysis.records import state_names

    found = queries.lookup(store, key_arg(query, "actor") or "")
    if found is None:
        raise NotFound("actor", query)
    row, node = found.row, found.node
    names = state_names(store)
    profile = queries.actor_profile(store, int(row["id"])) if row else _unstored(store, node, names)
    owns = row is None or owns_node(row, node)
    since, until = window.since, window.until
    if owns:
        analysed = _analysed(store, node, window, names)
        analysed["timeline"] = _node_timeline(store, node, analysed["partners"], window)
        ids = queries.node_event_ids(store, node, since, until, paging.fetch, paging.offset)
    else:
        assert row is not None
        analysed = _own(store, row, node, window, names)
        ids = queries.actor_event_ids(store, row, since, until, paging.fetch, paging.offset)
    return profile | {
        "query": query, "node": node, "speaks_for": None if owns else node,
        "other_matches": [{"name": r["name"], "code": r["code"], "key": r["key"]} for r in found.others],
        **window.to_dict(), **analysed,
        "events": page(queries.events_by_id(store, ids), paging),
    }


def owns_node(row: dict[str, Any], node: str) -> bool:
    """Whether the analysis node of a stored actor is its own: the state itself, a group or body named by its own
    name or sector (TUR:OPP), a person with no state; not a person or ministry counted for its state."""
    if row["kind"] == "state":
        return True
    if node == (row["name"] or "").strip():
        return True
    return ":" in node and row["kind"] in ("group", "organisation")


def _unstored(store: Store, node: str, names: dict[str, str]) -> dict[str, Any]:
    """The profile of a node no stored actor is: a state code, a dissident sector or a name events carry."""
    code, _, sector = node.partition(":")
    known = queries.node_actor(store, node)
    if known is not None:
        return queries.actor_profile(store, int(known["id"]))
    kind = queries.node_kind(node)
    return {"id": None, "key": None, "name": names.get(node, node), "code": code if kind else None,
            "kind": kind, "sector": sector or None, "role": None,
            "aliases": [], "mention_counts": {"total": 0, "by_text": {}, "by_how": {}}, "roles": [], "articles": [],
            "events_by_role": {}}


def _analysed(store: Store, node: str, window: Window, names: dict[str, str]) -> dict[str, Any]:
    """What the analysis says of a node: its relations, brokerage, centrality, partners (its graph edges)."""
    from detente.analysis import windows
    from detente.analysis.dossiers import dossier

    d = dossier(store, node, window.since, window.until)
    g = windows.window(store, window.since, window.until).graph()
    partners = []
    if node in g:
        for other, e in g.adj[node].items():
            partners.append({"node": other, "name": node_label(other, names.get(other, g.nodes[other].get("label", other)), None, names),
                             "events": e["events"], "score": e["score"], "weight": e["weight"], "sign": e["sign"],
                             "relations": [r for r in e["relations"].split(",") if r],
                             "mediated_by": [m for m in e["mediated_by"].split(",") if m]})
    partners.sort(key=lambda p: (-p["events"], p["node"]))
    return {"allies": d["allies"], "adversaries": d["adversaries"], "relations": d["relations"],
            "brokerage": d["brokerage"], "centrality": d["centrality"], "rules": d["rules"],
            "event_count": d["events"], "partners": partners, "recent_events": d["recent_events"]}


def _own(store: Store, row: dict[str, Any], node: str, window: Window, names: dict[str, str]) -> dict[str, Any]:
    """A folded actor's own events as the analysis would weigh them: partners (the other side of each event it
    acts or is acted on in, counted and scored as graph edges are), the top partners over time, its latest events."""
    from detente.analysis.records import records_by_id
    from detente.analysis.relations import mediated
    from detente.analysis.rules import load as load_rules
    from detente.analysis.shapes import net_sum

    rules = load_rules()
    ids = queries.actor_event_ids(store, row, window.since, window.until)
    recs = records_by_id(store, ids)
    tally: dict[str, list[float]] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    scored: dict[str, list[tuple[Any, float, bool]]] = defaultdict(list)  # partner -> (record, w * score, counted)
    for i in ids:
        rec = recs.get(i)
        if rec is None:
            continue
        w = rules.weight(rec.modality)
        if w <= 0:
            continue
        mine = {p.role for p in rec.parties if p.actor_id == row["id"]}
        others = (rec.recipients if "actor" in mine else []) + (rec.actors if "recipient" in mine else [])
        for other in dict.fromkeys(o for o in others if o != node):
            counts[other] += 1
            if rec.score is not None:
                scored[other].append((rec, w * rec.score, not mediated(rec)))
                if not mediated(rec):
                    tally[other].append(w * rec.score)

    partners: list[dict[str, Any]] = [{"node": other, "name": node_label(other, names.get(other, other), None, names), "events": n,
                 "score": round(net_sum(tally[other]), 3) if tally[other] else 0.0}
                for other, n in counts.items()]
    partners.sort(key=lambda p: (-p["events"], p["node"]))
    recent = [recs[i] for i in ids[:RECENT_EVENTS] if i in recs]
    return {"allies": [], "adversaries": [], "relations": [], "brokerage": [], "centrality": None, "rules": {},
            "event_count": len(ids), "partners": partners,
            "timeline": _own_timeline(partners[:CHART_PARTNERS], scored, window),
            "recent_events": [r.evidence() | {"actors": r.actors, "recipients": r.recipients} for r in recent]}


# ------------------------------------------------------------------------------------------ the top partners over time
def _node_timeline(store: Store, node: str, partners: list[dict[str, Any]], window: Window) -> dict[str, Any]:
    """The cooperation-conflict timeline of a node with each of its top partners: the timelines of its dyads."""
    from detente.analysis import summaries

    top = partners[:CHART_PARTNERS]

    def lines(freq: str) -> list[tuple[list[dict[str, Any]], int]]:
        out = []
        for p in top:
            lo, hi = sorted((node, p["node"]))
            d = summaries.dyad(store, lo, hi, window.since, window.until, freq)
            out.append((d["timeline"], d["summary"]["imprecise"]))
        return out

    return _chart(top, lines)


def _own_timeline(top: list[dict[str, Any]], scored: dict[str, list[tuple[Any, float, bool]]],
                  window: Window) -> dict[str, Any]:
    """A folded actor's timeline with its top partners, from its own events (as a dyad's timeline is made)."""
    from detente.analysis.dyads import timeline_of
    from detente.analysis.periods import FREQS, next_start, period_start

    def lines(freq: str) -> list[tuple[list[dict[str, Any]], int]]:
        code = FREQS[freq]
        out = []
        for p in top:
            items, imprecise = [], 0
            for rec, value, counted in scored.get(p["node"], []):
                if rec.day is None:
                    continue
                end = rec.end or rec.start or rec.published
                if end is not None and end >= next_start(period_start(rec.day, code), code):
                    imprecise += 1  # dated more roughly than a period: in none of them
                    continue
                items.append((rec.day, value, counted, 1))
            out.append((timeline_of(items, freq, window.since, window.until), imprecise))
        return out

    return _chart(top, lines)


Lines = Callable[[str], list[tuple[list[dict[str, Any]], int]]]


def _chart(top: list[dict[str, Any]], lines: Lines) -> dict[str, Any]:
    """Partners' timelines over one run of periods: the finest of CHART_FREQS with at most MAX_PERIODS of them,
    every partner given every period (zero where it has no events)."""
    from detente.analysis.periods import FREQS, next_start, period_name

    found: list[tuple[list[dict[str, Any]], int]] = []
    periods: list[str] = []
    freq = CHART_FREQS[0]
    for freq in CHART_FREQS:
        found = lines(freq)
        starts = [date.fromisoformat(b["start"]) for timeline, _ in found for b in timeline]
        periods = []
        if starts:
            at, last, code = min(starts), max(starts), FREQS[freq]
            while at <= last:
                periods.append(period_name(at, code))
                at = next_start(at, code)
        if len(periods) <= MAX_PERIODS:
            break
    out = []
    for p, (timeline, imprecise) in zip(top, found, strict=True):
        by = {b["period"]: b for b in timeline}
        series = [{"period": name, **{k: by[name][k] if name in by else 0 for k in ("events", "cooperation", "conflict", "net")}}
                  for name in periods]
        out.append({"node": p["node"], "name": p["name"], "events": p["events"], "score": p["score"],
                    "imprecise": imprecise, "series": series})
    return {"freq": freq, "periods": periods, "partners": out}
