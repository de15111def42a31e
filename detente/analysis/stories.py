"""Stories: one real-world event as several articles report it, with its corroboration and its contradictions.

Two reported events are one story when they are of one family (CAMEO quad class), share a pair of parties,
and their date spans overlap (give or take `slack_days`). Linking is transitive (union-find). Claims that
disagree (one report asserts, another denies; each side blames the other) stay side by side in the story
and are listed under `contradictions`; nothing is merged away.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from itertools import combinations
from typing import Any

from detente.analysis.records import Record
from detente.analysis.rules import Rules
from detente.analysis.rules import load as load_rules

#: modalities that deny the act rather than report it
DENIALS = ("negated",)


def span(rec: Record) -> tuple[date, date] | None:
    """The dates a report places its event in: its own span, else its article's publication day."""
    if rec.start:
        return rec.start, rec.end or rec.start
    if rec.published:
        return rec.published, rec.published
    return None


class _Links:
    """Union-find over event ids."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def link(recs: Iterable[Record], rules: Rules | None = None) -> list[list[Record]]:
    """Groups of reports of one event (every event is in exactly one group; most groups have one member)."""
    rules = rules or load_rules()
    slack = timedelta(days=rules.slack_days)
    recs = list(recs)
    links = _Links()
    buckets: dict[tuple[str, str, str], list[tuple[date, date, Record]]] = defaultdict(list)
    for rec in recs:
        links.find(rec.id)
        when = span(rec)
        if when is None or (when[1] - when[0]).days > rules.max_span_days:
            continue
        family = rules.families.get(rec.type, rec.type)
        sides = sorted(set(rec.actors) | set(rec.recipients))
        for a, b in combinations(sides, 2):
            buckets[(family, a, b)].append((when[0], when[1], rec))
    for items in buckets.values():
        items.sort(key=lambda t: (t[0], t[1], t[2].id))
        # sweep: each report links to the open ones whose span (plus slack) reaches its start
        open_: list[tuple[date, date, Record]] = []
        for start, end, rec in items:
            open_ = [o for o in open_ if o[1] + slack >= start]
            for o in open_:
                links.union(o[2].id, rec.id)
            open_.append((start, end, rec))
    groups: dict[str, list[Record]] = defaultdict(list)
    for rec in recs:
        groups[links.find(rec.id)].append(rec)
    return list(groups.values())


def contradictions(members: list[Record]) -> list[dict[str, Any]]:
    """Where the reports of one story disagree: an act both asserted and denied, or blamed on opposite sides."""
    out: list[dict[str, Any]] = []
    denied = [r for r in members if r.modality in DENIALS]
    affirmed = [r for r in members if r.modality not in DENIALS]
    if denied and affirmed:
        out.append({"kind": "denied", "affirmed": [r.id for r in affirmed], "denied": [r.id for r in denied]})
    # only hostile acts are blamed: two reports of a signing that name the sides in opposite order agree
    one_way = [r for r in affirmed if not set(r.actors) & set(r.recipients) and (r.score or 0) < 0]
    directions: dict[tuple[tuple[str, ...], tuple[str, ...]], list[str]] = defaultdict(list)
    for r in one_way:
        directions[(tuple(sorted(r.actors)), tuple(sorted(r.recipients)))].append(r.id)
    for (act, rec_), ids in directions.items():
        mirror = directions.get((rec_, act))
        if mirror and act < rec_:
            out.append({"kind": "blame", "claims": [{"actors": list(act), "recipients": list(rec_), "events": ids},
                                                   {"actors": list(rec_), "recipients": list(act), "events": mirror}]})
    return out


def story(members: list[Record], rules: Rules | None = None) -> dict[str, Any]:
    """One story as plain data: what, who, when, how many articles and outlets say it, and how they disagree."""
    rules = rules or load_rules()
    members = sorted(members, key=lambda r: (r.day or date.max, r.article_id, r.offset or 0))
    ids = sorted(r.id for r in members)
    spans = [s for s in (span(r) for r in members) if s]
    parties = sorted({n for r in members for n in r.actors + r.recipients})
    third = sorted({f"{p.node}:{p.role}" for r in members for p in r.parties if p.role not in ("actor", "recipient")})
    types = sorted({r.type for r in members})
    return {
        "id": "s" + hashlib.sha1("\n".join(ids).encode()).hexdigest()[:12],
        "family": rules.families.get(members[0].type, members[0].type),
        "types": types,
        "parties": parties,
        "third_parties": third,
        "start": min(s[0] for s in spans).isoformat() if spans else None,
        "end": max(s[1] for s in spans).isoformat() if spans else None,
        "corroboration": len({r.article_id for r in members}),
        "outlets": sorted({r.outlet for r in members if r.outlet}),
        "attributions": sorted({r.attribution for r in members if r.attribution}),
        "contradictions": contradictions(members),
        "events": [r.evidence() | {"actors": r.actors, "recipients": r.recipients, "title": r.title}
                   for r in members],
    }


def build(recs: Iterable[Record], min_articles: int = 1, rules: Rules | None = None) -> list[dict[str, Any]]:
    """Every story of these events with at least `min_articles` articles, most corroborated first."""
    rules = rules or load_rules()
    out = [story(g, rules) for g in link(recs, rules)]
    out = [s for s in out if s["corroboration"] >= min_articles]
    return sorted(out, key=lambda s: (-s["corroboration"], s["start"] or "9999", s["id"]))
