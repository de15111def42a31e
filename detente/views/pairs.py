"""Pairs of actors: the dyads listing, one dyad, its timeline (see detente.views for the contract)."""
from __future__ import annotations

from typing import Any

from detente.analysis.periods import FREQS
from detente.store import Store, queries
from detente.views import ALL_DATES, ALL_ROWS, BadParameter, NotFound, Paging, Window, cut, key_arg


def dyads(store: Store, *, window: Window = ALL_DATES, paging: Paging = ALL_ROWS) -> dict[str, Any]:
    """Every pair with events between them (the graph's edges), most events first: counts, volume (`weight`), net
    score, sign, relations, mediators, first and last day."""
    from detente import analysis
    from detente.analysis.records import state_names

    names = state_names(store)
    rows = [r | {"a_name": names.get(r["a"], r["a"]), "b_name": names.get(r["b"], r["b"])}
            for r in analysis.dyad_table(store, window.since, window.until)]
    return cut(rows, paging, filters=window.to_dict())


def brief(store: Store, found: queries.Lookup, names: dict[str, str]) -> dict[str, Any]:
    """Who a side of a pair is: its node, and the stored actor the words named (for links and headings)."""
    row = found.row or queries.node_actor(store, found.node)
    return {"node": found.node, "key": row["key"] if row else None,
            "name": names.get(found.node) or (row["name"] if row else found.node),
            "kind": row["kind"] if row else None}


def sides(store: Store, a: str, b: str) -> tuple[queries.Lookup, queries.Lookup]:
    """The two actors a pair names (NotFound for either that is not there; BadParameter when they are one)."""
    found = []
    for query in (a, b):
        hit = queries.lookup(store, key_arg(query, "actor") or "")
        if hit is None:
            raise NotFound("actor", query)
        found.append(hit)
    if found[0].node == found[1].node:
        raise BadParameter(f"{a!r} and {b!r} are one actor ({found[0].node}): a dyad needs two")
    return found[0], found[1]


def dyad(store: Store, a: str, b: str, *, window: Window = ALL_DATES, freq: str = "month") -> dict[str, Any]:
    """One pair over a window: summary (counts by type and direction, cooperation, conflict, net score),
    cooperation-conflict timeline by `freq`, standing relations with evidence, mediators, the latest events."""
    from detente import analysis
    from detente.analysis.records import state_names

    if freq not in FREQS:
        raise BadParameter(f"freq={freq!r}: one of {', '.join(FREQS)}")
    fa, fb = sides(store, a, b)
    names = state_names(store)
    d = analysis.dyad(store, fa.node, fb.node, window.since, window.until, freq)
    return d | {"actors": {"a": brief(store, fa, names), "b": brief(store, fb, names)}, **window.to_dict()}


def timeline(store: Store, a: str, b: str, *, window: Window = ALL_DATES, freq: str = "month") -> dict[str, Any]:
    """One pair's cooperation-conflict score by period (the dyad's timeline); `imprecise` counts the scored events
    whose date spans more than a period, which no period holds."""
    d = dyad(store, a, b, window=window, freq=freq)
    return {"a": d["a"], "b": d["b"], "freq": freq, **window.to_dict(), "items": d["timeline"],
            "imprecise": d["summary"]["imprecise"], "mediators": d["mediators"]}
