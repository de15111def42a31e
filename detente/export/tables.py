"""The tables every export format and the Python API share: articles, actors, events, stories, dyads, relations.

Each is a pandas DataFrame with flat columns (lists joined with ";"), so CSV, JSON Lines and Parquet
carry the same rows and a reader gets back what was written.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd

from detente import analysis
from detente.analysis.records import Record, records
from detente.model import Location
from detente.store import Store
from detente.store.queries import LOCATION_COLUMNS, event_locations

EVENT_COLUMNS = [
    "id", "article_id", "date", "date_end", "date_precision", "type", "mode", "cameo", "score", "modality",
    "actor_codes", "actor_names", "actor_sectors", "actor_texts", "recipient_codes", "recipient_names",
    "recipient_sectors", "recipient_texts", "third_parties", "attribution", "trigger", "sentence", "start",
    "outlet", "published", "title", "url",
    # where it happened (Event.location): GeoNames place, ISO alpha-3 state, coordinates, "city"|"admin1"|"country"
    "location_name", "location_code", "location_lat", "location_lon", "location_geonames_id", "location_admin1",
    "location_precision",
]


def _join(values: list[Any]) -> str:
    return ";".join("" if v is None else str(v) for v in values)


def event_row(rec: Record, location: Location | None = None) -> dict[str, Any]:
    """One event as a flat row: parties as ;-joined lists in order, third parties as NODE:role, its location."""
    acts = [p for p in rec.parties if p.role == "actor"]
    recs = [p for p in rec.parties if p.role == "recipient"]
    return {
        "id": rec.id, "article_id": rec.article_id,
        "date": rec.start.isoformat() if rec.start else None, "date_end": rec.end.isoformat() if rec.end else None,
        "date_precision": rec.precision, "type": rec.type, "mode": rec.mode, "cameo": rec.cameo, "score": rec.score,
        "modality": rec.modality,
        "actor_codes": _join([p.node for p in acts]), "actor_names": _join([p.name for p in acts]),
        "actor_sectors": _join([p.sector for p in acts]), "actor_texts": _join([p.text for p in acts]),
        "recipient_codes": _join([p.node for p in recs]), "recipient_names": _join([p.name for p in recs]),
        "recipient_sectors": _join([p.sector for p in recs]), "recipient_texts": _join([p.text for p in recs]),
        "third_parties": _join([f"{p.node}:{p.role}" for p in rec.parties if p.role not in ("actor", "recipient")]),
        "attribution": rec.attribution, "trigger": rec.trigger, "sentence": rec.sentence, "start": rec.offset,
        "outlet": rec.outlet, "published": rec.published.isoformat() if rec.published else None,
        "title": rec.title, "url": rec.url,
    } | {f"location_{c}": getattr(location, c) if location else None for c in LOCATION_COLUMNS}


def events(store: Store, since: date | None = None, until: date | None = None) -> pd.DataFrame:
    recs = records(store, since, until)
    where = event_locations(store, [r.id for r in recs])
    df = pd.DataFrame([event_row(r, where.get(r.id)) for r in recs], columns=EVENT_COLUMNS)
    df["location_geonames_id"] = df["location_geonames_id"].astype("Int64")  # an id, not a float, where some are empty
    return df


def articles(store: Store, since: date | None = None, until: date | None = None) -> pd.DataFrame:
    rows = list(store.articles(since=since, until=until))
    for r in rows:
        r["sources"] = _join(r["sources"])
    cols = ["id", "published", "published_source", "outlet", "title", "section", "byline", "language", "url",
            "chars", "ingested_at", "sources"]
    return pd.DataFrame(rows, columns=cols)


def actors(store: Store, since: date | None = None, until: date | None = None) -> pd.DataFrame:
    sql = """SELECT a.id, a.key, a.name, a.code, a.kind, a.sector, a.role,
             (SELECT count(*) FROM article_actors aa WHERE aa.actor_id = a.id) AS articles,
             (SELECT count(*) FROM mentions m WHERE m.actor_id = a.id) AS mentions,
             (SELECT count(*) FROM event_parties p WHERE p.actor_id = a.id) AS events
             FROM actors a ORDER BY a.id"""
    cols = ["id", "key", "name", "code", "kind", "sector", "role", "articles", "mentions", "events"]
    return pd.DataFrame([dict(r) for r in store.conn.execute(sql)], columns=cols)


def stories(store: Store, since: date | None = None, until: date | None = None) -> pd.DataFrame:
    rows = []
    for s in analysis.stories(store, since, until):
        rows.append({"id": s["id"], "family": s["family"], "types": _join(s["types"]), "parties": _join(s["parties"]),
                     "third_parties": _join(s["third_parties"]), "start": s["start"], "end": s["end"],
                     "corroboration": s["corroboration"], "outlets": _join(s["outlets"]),
                     "attributions": _join(s["attributions"]), "contradictions": len(s["contradictions"]),
                     "event_ids": _join([e["event_id"] for e in s["events"]])})
    cols = ["id", "family", "types", "parties", "third_parties", "start", "end", "corroboration", "outlets",
            "attributions", "contradictions", "event_ids"]
    return pd.DataFrame(rows, columns=cols)


def dyads(store: Store, since: date | None = None, until: date | None = None) -> pd.DataFrame:
    cols = ["a", "b", "events", "cooperation", "conflict", "weight", "score", "sign", "relations", "mediated_by", "first", "last"]
    return pd.DataFrame(analysis.dyad_table(store, since, until), columns=cols)


def relations(store: Store, since: date | None = None, until: date | None = None) -> pd.DataFrame:
    rows = []
    for r in analysis.relations(store, since, until):
        target = r["target"]
        rows.append({"source": r["source"], "label": r["label"],
                     "target": _join(target) if isinstance(target, list) else target,
                     "weight": r["weight"], "net_score": r["net_score"], "first": r["first"], "last": r["last"],
                     "articles": r["articles"], "event_ids": _join([e["event_id"] for e in r["evidence"]]),
                     "sentences": " | ".join(e["sentence"] for e in r["evidence"])})
    cols = ["source", "label", "target", "weight", "net_score", "first", "last", "articles", "event_ids", "sentences"]
    return pd.DataFrame(rows, columns=cols)


TABLES: dict[str, Callable[[Store, date | None, date | None], pd.DataFrame]] = {
    "events": events, "articles": articles, "actors": actors, "stories": stories, "dyads": dyads, "relations": relations,
}


def table(store: Store, name: str, since: date | None = None, until: date | None = None) -> pd.DataFrame:
    """One named table as a DataFrame."""
    try:
        return TABLES[name](store, since, until)
    except KeyError:
        raise ValueError(f"unknown table {name!r} (known: {', '.join(TABLES)})") from None
