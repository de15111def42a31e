"""A GDELT 2.0-style event table: the 61 columns of GDELT's event export, tab-separated, no header by default.

One row per (actor, recipient) pair of an event, as GDELT codes dyads. Codes are CAMEO: the actor code is
its country plus its sector (AZEGOV); EventCode, EventBaseCode and EventRootCode come from the event's
CAMEO code; QuadClass from its PLOVER type family; GoldsteinScale is detente's score (Goldstein-scaled).
NumMentions, NumSources and NumArticles count the reports of the event's story across articles.
AvgTone and the geographic coordinates are left empty: detente does not compute them. Geographic country
codes are ISO 3166 alpha-3 (GDELT uses FIPS): ActionGeo_CountryCode is the venue or host of a meeting.
"""
from __future__ import annotations

import csv
from datetime import date
from typing import IO, Any

from detente.analysis.records import PartyRef, Record, records
from detente.analysis.rules import load as load_rules
from detente.analysis.stories import link
from detente.store import Store

BINARY = False

_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
COLUMNS = (
    ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    + [f"Actor{n}{c}" for n in (1, 2) for c in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                                                  "Religion1Code", "Religion2Code", "Type1Code", "Type2Code", "Type3Code")]
    + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions",
       "NumSources", "NumArticles", "AvgTone"]
    + [f"{who}Geo_{c}" for who in ("Actor1", "Actor2", "Action") for c in _GEO]
    + ["DATEADDED", "SOURCEURL"]
)
#: GDELT's QuadClass numbers for detente's story families (CAMEO quad classes)
QUAD = {"verbal_cooperation": 1, "material_cooperation": 2, "verbal_conflict": 3, "material_conflict": 4}
#: an event whose evidence starts in the first this-many characters of the body counts as a lead ("root")
#: event; GDELT marks events of the lead paragraph, and news leads run 300-600 characters
LEAD_CHARS = 500
#: group codes GDELT keeps in KnownGroupCode rather than the type
GROUP_CODES = ("IGO", "NGO", "MNC")


def _actor(p: PartyRef | None, n: int) -> dict[str, Any]:
    if p is None:
        return {}
    code = (p.code or "").partition(":")[0]
    country = code if len(code) == 3 and code not in GROUP_CODES else ""
    return {f"Actor{n}Code": f"{code}{p.sector or ''}" if code else "", f"Actor{n}Name": p.name.upper(),
            f"Actor{n}CountryCode": country, f"Actor{n}KnownGroupCode": code if code in GROUP_CODES else "",
            f"Actor{n}Type1Code": p.sector or ""}


def rows(recs: list[Record]) -> list[dict[str, Any]]:
    """The GDELT rows of these events, ids numbered in date order from 1."""
    rules = load_rules()
    counts: dict[str, tuple[int, int, int]] = {}
    for group in link(recs, rules):
        mentions = len(group)
        sources = len({r.outlet or r.article_id for r in group})
        articles = len({r.article_id for r in group})
        for r in group:
            counts[r.id] = (mentions, sources, articles)
    out = []
    for rec in recs:
        acts: list[PartyRef | None] = [p for p in rec.parties if p.role == "actor"] or [None]
        tgts: list[PartyRef | None] = [p for p in rec.parties if p.role == "recipient"] or [None]
        venue = next((p for p in rec.parties if p.role in ("venue", "host")), None)
        day = rec.day
        cameo = rec.cameo or ""
        for a in acts:
            for t in tgts:
                if a is not None and t is not None and a.node == t.node:
                    continue
                mentions, sources, articles = counts.get(rec.id, (1, 1, 1))
                row: dict[str, Any] = {
                    "SQLDATE": day.strftime("%Y%m%d") if day else "",
                    "MonthYear": day.strftime("%Y%m") if day else "", "Year": day.year if day else "",
                    "FractionDate": round(day.year + (day.timetuple().tm_yday - 1) / 365, 4) if day else "",
                    "IsRootEvent": int((rec.offset or 0) < LEAD_CHARS), "EventCode": cameo,
                    "EventBaseCode": cameo[:3], "EventRootCode": cameo[:2],
                    "QuadClass": QUAD.get(rules.families.get(rec.type, ""), ""),
                    "GoldsteinScale": "" if rec.score is None else rec.score,
                    "NumMentions": mentions, "NumSources": sources, "NumArticles": articles, "AvgTone": "",
                    "DATEADDED": (rec.ingested_at or "").replace("-", "").replace(":", "").replace("T", "")[:14],
                    "SOURCEURL": rec.url or "",
                }
                row |= _actor(a, 1) | _actor(t, 2)
                if venue is not None:
                    row |= {"ActionGeo_Type": 1, "ActionGeo_FullName": venue.name, "ActionGeo_CountryCode": venue.code or ""}
                out.append(row)
    for i, row in enumerate(out, 1):
        row["GLOBALEVENTID"] = i
    return out


def write(store: Store, dest: str | IO[str], name: str = "events", since: date | None = None, until: date | None = None,
          header: bool = True) -> int:
    """Write the events as a tab-separated GDELT-style table (with a header row unless `header` is False)."""
    if name != "events":
        raise ValueError("the gdelt format exports events only")
    table = rows(records(store, since, until))
    fh = open(dest, "w", encoding="utf-8", newline="") if isinstance(dest, str) else dest
    try:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, delimiter="\t", restval="", lineterminator="\n")
        if header:
            writer.writeheader()
        writer.writerows(table)
    finally:
        if isinstance(dest, str):
            fh.close()
    return len(table)
