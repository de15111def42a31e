"""One pair of actors over a window: counts by type and direction, a cooperation-conflict timeline, its relations.

Direction of an event between A and B: "A->B" (A acts on B), "B->A", "mutual" (both on both sides, as
in "A and B held talks"), or "third party" (both are acted on or act together, e.g. a mediator's talks).
The timeline sums each period's scores (each times its modality weight) with pandas; mediated talks are
counted but add no cooperation to the pair (see relations.mediated).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

import pandas as pd

from detente.analysis.records import Record
from detente.analysis.relations import Relation, involving, mediated
from detente.analysis.rules import Rules
from detente.analysis.rules import load as load_rules

#: pandas period codes for the `freq` names the CLI accepts
FREQS = {"week": "W", "month": "M", "quarter": "Q", "year": "Y", "day": "D"}


def direction(rec: Record, a: str, b: str) -> str:
    """How an event runs between a and b."""
    actors, recipients = set(rec.actors), set(rec.recipients)
    ab, ba = a in actors and b in recipients, b in actors and a in recipients
    if ab and ba:
        return "mutual"
    if ab:
        return f"{a}->{b}"
    if ba:
        return f"{b}->{a}"
    return "third party"


def summary(recs: list[Record], a: str, b: str, rules: Rules | None = None) -> dict[str, Any]:
    """Counts by type and direction, cooperation and conflict counts, and the pair's net score."""
    rules = rules or load_rules()
    by_type: dict[str, Counter[str]] = defaultdict(Counter)
    coop = conflict = 0
    net = 0.0
    for rec in recs:
        by_type[rec.type][direction(rec, a, b)] += 1
        w = rules.weight(rec.modality)
        if rec.score is None or w <= 0:
            continue
        coop += rec.score > 0
        conflict += rec.score < 0
        if not mediated(rec) and direction(rec, a, b) != "third party":
            net += w * rec.score
    days = sorted(r.day for r in recs if r.day)
    return {
        "events": len(recs),
        "articles": len({r.article_id for r in recs}),
        "outlets": sorted({r.outlet for r in recs if r.outlet}),
        "by_type": {t: dict(c) for t, c in sorted(by_type.items())},
        "cooperation": coop, "conflict": conflict, "net_score": round(net, 2),
        "first": days[0].isoformat() if days else None, "last": days[-1].isoformat() if days else None,
    }


def frame(recs: Iterable[Record], a: str, b: str, rules: Rules | None = None) -> pd.DataFrame:
    """One row per dated, scored event of the pair: day, weighted score, cooperation/conflict flags, direction."""
    rules = rules or load_rules()
    rows = []
    for rec in recs:
        w = rules.weight(rec.modality)
        if rec.day is None or rec.score is None or w <= 0:
            continue
        counted = not mediated(rec) and direction(rec, a, b) != "third party"
        score = w * rec.score if counted else 0.0
        rows.append({"day": pd.Timestamp(rec.day), "score": score, "cooperation": score if score > 0 else 0.0,
                     "conflict": score if score < 0 else 0.0, "events": 1, "mediated": int(not counted),
                     "event_id": rec.id})
    return pd.DataFrame(rows, columns=["day", "score", "cooperation", "conflict", "events", "mediated", "event_id"])


def timeline(recs: Iterable[Record], a: str, b: str, freq: str = "month", rules: Rules | None = None) -> list[dict[str, Any]]:
    """The pair's cooperation-conflict score by period, every period from the first event to the last."""
    code = FREQS.get(freq)
    if code is None:
        raise ValueError(f"freq must be one of {', '.join(FREQS)}")
    df = frame(recs, a, b, rules)
    if df.empty:
        return []
    periods = df["day"].dt.to_period(code)
    grouped = df.drop(columns=["day", "event_id"]).groupby(periods).sum()
    full = pd.period_range(periods.min(), periods.max(), freq=code)
    grouped = grouped.reindex(full, fill_value=0)
    out = []
    for period, row in grouped.iterrows():
        n = int(row["events"])
        out.append({"period": str(period), "start": period.start_time.date().isoformat(),  # type: ignore[attr-defined]
                    "events": n, "mediated": int(row["mediated"]),
                    "cooperation": round(float(row["cooperation"]), 2), "conflict": round(float(row["conflict"]), 2),
                    "net": round(float(row["score"]), 2),
                    "mean": round(float(row["score"]) / n, 2) if n else None})
    return out


def dyad(recs: list[Record], rels: list[Relation], a: str, b: str, freq: str = "month",
         rules: Rules | None = None) -> dict[str, Any]:
    """Everything about a pair: summary, timeline, standing relations (mediators included), events with evidence."""
    rules = rules or load_rules()
    mine = involving(rels, a, b)
    return {
        "a": a, "b": b, "freq": freq,
        "summary": summary(recs, a, b, rules),
        "timeline": timeline(recs, a, b, freq, rules),
        "relations": [r.to_dict() for r in mine],
        "mediators": sorted({r.source for r in mine if r.label in ("mediator", "host") and r.source not in (a, b)}),
        "events": [r.evidence() | {"direction": direction(r, a, b), "actors": r.actors, "recipients": r.recipients,
                                   "third_parties": [f"{p.node}:{p.role}" for p in r.parties
                                                     if p.role not in ("actor", "recipient")],
                                   "title": r.title}
                   for r in recs],
    }
