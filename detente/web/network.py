"""The network, dyads and dossiers as the pages draw them, from the stored events.

Nodes are actors, keyed as the store keys them (a state by its ISO code, others by kind and name);
an edge joins the two sides of an event: every actor with every recipient, and a third party
(mediator, host) with each side. An edge's colour comes from the mean cooperation (+10) .. conflict
(-10) score of its events. Standing relations and stories come from `detente.analysis` when it is
installed; these views only shape its answers for the pages.
"""
from __future__ import annotations

import importlib
from collections import Counter, defaultdict
from datetime import date
from typing import Any

from detente.store import Store
from detente.web import queries

#: the most nodes the network sends, most active first: past ~150 a force layout is unreadable
MAX_NODES = 150
#: the most events a dyad page lists (its timeline still counts them all)
MAX_DYAD_EVENTS = 500
#: a score above this is cooperation, below its negative conflict; CAMEO's Goldstein scale puts
#: neutral comments (01x, 02x) between -2 and +1, so +-1 keeps them out of both counts
NEUTRAL_BAND = 1.0
FREQS = ("day", "week", "month", "quarter", "year")

_PAIRS = """
SELECT e.id, e.type, e.score, coalesce(e.date_start, ar.published) AS day, a.role AS a_role,
       coalesce(aa.key, sa.key, a.code) AS a_key, coalesce(aa.name, sa.name, a.name) AS a_name,
       coalesce(aa.kind, sa.kind, 'state') AS a_kind, coalesce(aa.code, a.code) AS a_code,
       coalesce(bb.key, sb.key, b.code) AS b_key, coalesce(bb.name, sb.name, b.name) AS b_name,
       coalesce(bb.kind, sb.kind, 'state') AS b_kind, coalesce(bb.code, b.code) AS b_code
FROM events e JOIN articles ar ON ar.id = e.article_id
JOIN event_parties a ON a.event_id = e.id
JOIN event_parties b ON b.event_id = e.id
LEFT JOIN actors aa ON aa.id = a.actor_id
LEFT JOIN actors sa ON a.actor_id IS NULL AND sa.kind = 'state' AND sa.code = a.code
LEFT JOIN actors bb ON bb.id = b.actor_id
LEFT JOIN actors sb ON b.actor_id IS NULL AND sb.kind = 'state' AND sb.code = b.code
WHERE b.role = 'recipient' AND (a.role = 'actor' OR a.role NOT IN ('actor', 'recipient'))
"""


def _pairs(store: Store, since: date | None, until: date | None, extra: str = "",
           params: list[Any] | None = None) -> list[dict[str, Any]]:
    """One row per (side, other side) of every event in the window, parties resolved to actor keys."""
    sql, args = queries._date_filter(_PAIRS, [], since, until)
    sql += extra
    rows = [dict(r) for r in store.conn.execute(sql, args + (params or []))]
    out = [r for r in rows if r["a_key"] and r["b_key"] and r["a_key"] != r["b_key"]]
    # a third party (mediator, host) relates to the actor side too: add those pairs
    thirds = {r["id"] for r in out if r["a_role"] not in ("actor", "recipient")}
    if thirds:
        for r in _third_actor_pairs(store, thirds):
            out.append(r)
    return out


def _third_actor_pairs(store: Store, event_ids: set[str]) -> list[dict[str, Any]]:
    marks = ",".join("?" * len(event_ids))
    sql = _PAIRS.replace("WHERE b.role = 'recipient'", "WHERE b.role = 'actor'").replace(
        "(a.role = 'actor' OR a.role NOT IN ('actor', 'recipient'))", "a.role NOT IN ('actor', 'recipient')")
    sql += f" AND e.id IN ({marks})"
    rows = [dict(r) for r in store.conn.execute(sql, sorted(event_ids))]
    return [r for r in rows if r["a_key"] and r["b_key"] and r["a_key"] != r["b_key"]]


def graph(store: Store, since: date | None = None, until: date | None = None, min_events: int = 1,
          max_nodes: int = MAX_NODES) -> dict[str, Any]:
    """Actors (sized by how many events they take part in) and the edges between them in a time window."""
    nodes: dict[str, dict[str, Any]] = {}
    node_events: dict[str, set[str]] = defaultdict(set)
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for r in _pairs(store, since, until):
        for side in ("a", "b"):
            key = r[f"{side}_key"]
            nodes.setdefault(key, {"id": key, "label": r[f"{side}_name"], "kind": r[f"{side}_kind"], "code": r[f"{side}_code"]})
            node_events[key].add(r["id"])
        pair: tuple[str, str] = tuple(sorted((r["a_key"], r["b_key"])))  # type: ignore[assignment]
        edge = edges.setdefault(pair, {"source": pair[0], "target": pair[1], "event_ids": set(), "scores": [],
                                       "types": Counter()})
        if r["id"] in edge["event_ids"]:
            continue
        edge["event_ids"].add(r["id"])
        edge["types"][r["type"]] += 1
        if r["score"] is not None:
            edge["scores"].append(float(r["score"]))
    for key, node in nodes.items():
        node["events"] = len(node_events[key])
    kept = sorted(nodes, key=lambda k: (-nodes[k]["events"], k))[:max_nodes]
    keep = set(kept)
    out_edges = []
    for (s, t), e in sorted(edges.items()):
        if s not in keep or t not in keep or len(e["event_ids"]) < min_events:
            continue
        out_edges.append(_edge_summary(e))
    linked = {e["source"] for e in out_edges} | {e["target"] for e in out_edges}
    out_nodes = [nodes[k] | {"degree": sum(1 for e in out_edges if k in (e["source"], e["target"]))}
                 for k in kept if k in linked]
    return {"since": since.isoformat() if since else None, "until": until.isoformat() if until else None,
            "range": queries.date_range(store), "nodes": out_nodes, "edges": out_edges}


def _edge_summary(e: dict[str, Any]) -> dict[str, Any]:
    scores = e["scores"]
    return {
        "id": f"{e['source']}|{e['target']}",
        "source": e["source"], "target": e["target"], "events": len(e["event_ids"]),
        "score": round(sum(scores) / len(scores), 2) if scores else None,
        "cooperation": sum(1 for s in scores if s > NEUTRAL_BAND),
        "conflict": sum(1 for s in scores if s < -NEUTRAL_BAND),
        "types": dict(e["types"].most_common()),
    }


def period(day: str | None, freq: str) -> str | None:
    """The bucket a day falls in: 2024-03-05 -> 2024-03 (month), 2024-Q1, 2024-W10, 2024."""
    if not day:
        return None
    d = date.fromisoformat(day[:10])
    if freq == "day":
        return d.isoformat()
    if freq == "week":
        y, w, _ = d.isocalendar()
        return f"{y}-W{w:02d}"
    if freq == "quarter":
        return f"{d.year}-Q{(d.month - 1) // 3 + 1}"
    if freq == "year":
        return str(d.year)
    return f"{d.year}-{d.month:02d}"


def dyad(store: Store, a: dict[str, Any], b: dict[str, Any], since: date | None = None, until: date | None = None,
         freq: str = "month") -> dict[str, Any]:
    """Everything two actors did to each other, in either direction: a timeline and the evidence."""
    keys = {a["key"], b["key"]}
    rows = [r for r in _pairs(store, since, until) if {r["a_key"], r["b_key"]} == keys]
    seen: dict[str, dict[str, Any]] = {}
    for r in rows:
        seen.setdefault(r["id"], r)
    buckets: dict[str, dict[str, Any]] = {}
    for r in seen.values():
        p = period(r["day"], freq) or "undated"
        bucket = buckets.setdefault(p, {"period": p, "events": 0, "cooperation": 0, "conflict": 0, "scores": []})
        bucket["events"] += 1
        if r["score"] is not None:
            s = float(r["score"])
            bucket["scores"].append(s)
            bucket["cooperation"] += s > NEUTRAL_BAND
            bucket["conflict"] += s < -NEUTRAL_BAND
    timeline = []
    for p in sorted(buckets, key=lambda k: (k == "undated", k)):
        bk = buckets[p]
        scores = bk.pop("scores")
        bk["score"] = round(sum(scores) / len(scores), 2) if scores else None
        bk["score_sum"] = round(sum(scores), 2)
        timeline.append(bk)
    ids = sorted(seen, key=lambda i: (seen[i]["day"] or "", i), reverse=True)[:MAX_DYAD_EVENTS]
    evs = [e for e in (queries.event(store, i) for i in ids) if e]
    scores = [float(r["score"]) for r in seen.values() if r["score"] is not None]
    return {
        "a": _actor_brief(a), "b": _actor_brief(b), "freq": freq,
        "since": since.isoformat() if since else None, "until": until.isoformat() if until else None,
        "totals": {"events": len(seen), "score": round(sum(scores) / len(scores), 2) if scores else None,
                   "cooperation": sum(1 for s in scores if s > NEUTRAL_BAND),
                   "conflict": sum(1 for s in scores if s < -NEUTRAL_BAND),
                   "types": dict(Counter(r["type"] for r in seen.values()).most_common())},
        "timeline": timeline, "events": evs,
    }


def _actor_brief(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row.get(k) for k in ("key", "name", "code", "kind", "sector")}


def dossier(store: Store, actor: dict[str, Any], since: date | None = None, until: date | None = None,
            limit: int = queries.DEFAULT_LIMIT, offset: int = 0) -> dict[str, Any]:
    """One actor: who it is, what names it goes by, its partners and adversaries, its recent events."""
    from detente.store.queries import actor_profile

    profile = actor_profile(store, int(actor["id"]))
    partners: dict[str, dict[str, Any]] = {}
    for r in _pairs(store, since, until):
        if actor["key"] not in (r["a_key"], r["b_key"]):
            continue
        side = "b" if r["a_key"] == actor["key"] else "a"
        other = partners.setdefault(r[f"{side}_key"], {"key": r[f"{side}_key"], "name": r[f"{side}_name"],
                                                       "kind": r[f"{side}_kind"], "ids": set(), "scores": []})
        if r["id"] not in other["ids"]:
            other["ids"].add(r["id"])
            if r["score"] is not None:
                other["scores"].append(float(r["score"]))
    partner_list = []
    for p in partners.values():
        ids, scores = p.pop("ids"), p.pop("scores")
        partner_list.append(p | {"events": len(ids), "score": round(sum(scores) / len(scores), 2) if scores else None})
    partner_list.sort(key=lambda p: (-p["events"], p["name"]))
    events_page = queries.actor_events(store, actor, since, until, limit=limit, offset=offset)
    result = profile | {"partners": partner_list, "events": events_page.to_dict(),
                        "since": since.isoformat() if since else None, "until": until.isoformat() if until else None}
    extra = _analysis("dossier")
    if extra is not None:
        try:
            result["analysis"] = extra(store, actor["key"], since, until)
        except (KeyError, LookupError, ValueError) as exc:  # the library does not know this actor: say so, keep the page
            result["analysis"] = {"error": str(exc)}
    return result


def _analysis(name: str) -> Any:
    """A function of `detente.analysis`, or None while that library is not installed."""
    try:
        module = importlib.import_module("detente.analysis")
    except ModuleNotFoundError:
        return None
    return getattr(module, name, None)


def relations(store: Store, since: date | None = None, until: date | None = None) -> dict[str, Any]:
    """Standing relations (allies, partners, rivals) from `detente.analysis.relations`."""
    fn = _analysis("relations")
    if fn is None:
        return {"available": False, "items": [], "note": "detente.analysis is not installed"}
    return {"available": True, "items": _plain(fn(store, since, until))}


def stories(store: Store) -> dict[str, Any]:
    """Cross-source stories (one happening told by several articles) from `detente.analysis.stories`."""
    fn = _analysis("stories")
    if fn is None:
        return {"available": False, "items": [], "note": "detente.analysis is not installed"}
    return {"available": True, "items": _plain(fn(store))}


def _plain(value: Any) -> Any:
    """JSON-ready copy of what the analysis library returns (dataclasses, sets, dates)."""
    if hasattr(value, "to_dict"):
        return _plain(value.to_dict())
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    from dataclasses import asdict, is_dataclass

    if is_dataclass(value) and not isinstance(value, type):
        return _plain(asdict(value))
    return str(value)
