"""GDELT 2.0 event files: the 61 columns of GDELT's event codebook, in its order, tab-separated, no header row,
one row per event, so that scripts written for GDELT's own files load detente's unchanged.

How detente fills GDELT's columns:

    GLOBALEVENTID        1, 2, ... in date order (the event's own id is detente's; this file numbers its rows)
    SQLDATE ...          the event's date where the text gives the day; else its article's publication day, as GDELT
                         dates an event by the report telling it ("in the 1990s" is not 19900101); empty when neither
                         is known. FractionDate is the year plus the share of it gone by that day (day of year / 365)
    Actor1 / Actor2      the event's first actor and first recipient (GDELT's rows are dyadic: an event with more
                         parties is one row all the same; `detente export --format csv` lists them all). The code is the
                         party's full CAMEO actor code where the extractor gave one (IGOUNO, USAGOVMIL), else its state
                         or IGO/NGO code and sector (AZEGOV, SYRREB); the code is split into country, known group and
                         type codes as GDELT splits it
    EventCode            CAMEO's code with 3 or 4 digits: a root the extractor gave alone ("19") is its "not specified
                         below" code ("190"); EventBaseCode its first 3 digits, EventRootCode its first 2
    QuadClass            from the event's PLOVER type family (CAMEO quad classes); GoldsteinScale detente's score
    IsRootEvent          1 when the evidence starts in the lead (the first LEAD_CHARS characters of the body)
    NumMentions ...      the reports of the event's story across articles (detente.analysis.stories)
    AvgTone              empty: detente does not measure tone
    *Geo_*               the event's place where it has one (`Event.location`): GDELT's geographic type from its
                         precision, the place's name, its state's code (ISO 3166 alpha-3, as detente codes states;
                         GDELT writes FIPS 10-4), admin1, latitude, longitude, GeoNames id; empty otherwise. An
                         actor's place is the event's where that lies in the actor's state (`actor_place`), else empty
    DATEADDED            when the article was stored (YYYYMMDDHHMMSS, UTC)
    SOURCEURL            the article's http(s) URL; else its file as an absolute file: URI; else urn:detente:article:ID
"""
from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from datetime import date
from importlib import resources
from pathlib import Path
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
#: GDELT's geographic types for a place's precision (US places have their own: a state 2, a city 3)
GEO_TYPES = {"country": 1, "admin1": 5, "city": 4}
US_GEO_TYPES = {"country": 1, "admin1": 2, "city": 3}


@functools.cache
def actor_codes() -> tuple[frozenset[str], frozenset[str]]:
    """(group types, role and type codes) of CAMEO's actor codes, from data/cameo_actors.toml (validated)."""
    import tomllib

    data = tomllib.loads(resources.files("detente.export").joinpath("data/cameo_actors.toml").read_text(encoding="utf-8"))
    groups, types = frozenset(data.get("groups", [])), frozenset(data.get("types", []))
    bad = [c for c in groups | types if len(c) != 3 or not c.isalpha() or not c.isupper()]
    if bad or not groups or not types or groups & types:
        raise ValueError(f"detente/export/data/cameo_actors.toml: bad or overlapping codes {sorted(bad) or sorted(groups & types)}")
    return groups, types


def actor_columns(p: PartyRef | None, cameo: str | None, n: int) -> dict[str, Any]:
    """Actor{n}Code, Name, CountryCode, KnownGroupCode and Type1-3Code of one party."""
    if p is None:
        return {}
    groups, types = actor_codes()
    code = (p.code or "").partition(":")[0]
    sector = p.sector if p.sector and p.sector != code else ""
    full = (cameo or f"{code}{sector}").upper()
    chunks = [full[i:i + 3] for i in range(0, len(full), 3)]
    country = chunks.pop(0) if chunks and code and code not in groups and chunks[0] == code else ""
    known = [c for c in chunks if c not in types and c not in groups]
    kinds = [c for c in chunks if c in types or c in groups]
    out = {f"Actor{n}Code": full, f"Actor{n}Name": p.name.upper(), f"Actor{n}CountryCode": country,
           f"Actor{n}KnownGroupCode": known[0] if known else ""}
    for i, kind in enumerate(kinds[:3], 1):
        out[f"Actor{n}Type{i}Code"] = kind
    return out


def event_code(cameo: str | None) -> tuple[str, str, str]:
    """(EventCode, EventBaseCode, EventRootCode) of a CAMEO code: a bare root ("19") is its "not specified below"
    code ("190"), as GDELT writes it."""
    digits = "".join(ch for ch in cameo or "" if ch.isdigit())
    if len(digits) < 2:
        return "", "", ""
    if len(digits) == 2:
        digits += "0"
    return digits[:4], digits[:3], digits[:2]


def geo_columns(location: dict[str, Any] | None, who: str) -> dict[str, Any]:
    """{who}Geo_* of an event's place (`Event.location` as stored), empty when it has none."""
    if not location or not location.get("name"):
        return {}
    precision = location.get("precision") or "city"
    kinds = US_GEO_TYPES if location.get("code") == "USA" else GEO_TYPES
    values = {"Type": kinds.get(precision, GEO_TYPES["city"]), "FullName": location["name"],
              "CountryCode": location.get("code") or "", "ADM1Code": location.get("admin1") or "", "ADM2Code": "",
              "Lat": "" if location.get("lat") is None else location["lat"],
              "Long": "" if location.get("lon") is None else location["lon"],
              "FeatureID": location.get("geonames_id") or ""}
    return {f"{who}Geo_{k}": v for k, v in values.items()}


def actor_place(location: dict[str, Any] | None, party: PartyRef | None) -> dict[str, Any] | None:
    """An actor's place where it is known: the event's, when that lies in the actor's own state ("police in Aden"),
    not the place a state acted on from elsewhere ("Russia struck Kyiv": Actor1Geo stays empty)."""
    if not location or party is None or not location.get("code"):
        return None
    return location if (party.code or "").partition(":")[0] == location["code"] else None


def source_url(article_id: str, url: str | None, sources: Iterable[str]) -> str:
    """An absolute URL for an article: its http(s) URL, else its file (absolute, or found from here) as a file: URI,
    else a URN naming it."""
    found = [s for s in [url or "", *sources] if s]
    for s in found:
        if s.startswith(("http://", "https://")):
            return s
    for s in found:
        path = Path(s)
        if path.is_absolute() or path.is_file():
            return path.resolve().as_uri()
    return f"urn:detente:article:{article_id}"


def dated(rec: Record) -> date | None:
    """The day a row is dated: the event's own where the text gives the day, else its article's publication day."""
    if rec.start is not None and (rec.end is None or rec.end == rec.start):
        return rec.start
    return rec.published


def rows(store: Store, recs: list[Record]) -> list[dict[str, Any]]:
    """The GDELT rows of these events, one per event, numbered in date order from 1."""
    rules = load_rules()
    counts: dict[str, tuple[int, int, int]] = {}
    for group in link(recs, rules):
        mentions = len(group)
        sources = len({r.outlet or r.article_id for r in group})
        articles = len({r.article_id for r in group})
        for r in group:
            counts[r.id] = (mentions, sources, articles)
    extra = _stored(store, [r.id for r in recs])
    places = _sources(store, {r.article_id for r in recs})
    out = []
    for i, rec in enumerate(sorted(recs, key=lambda r: (dated(r) or date.max, r.article_id, r.offset or 0, r.id)), 1):
        data = extra.get(rec.id, {})
        actor = next((p for p in rec.parties if p.role == "actor"), None)
        target = next((p for p in rec.parties if p.role == "recipient"), None)
        day = dated(rec)
        code, base, root = event_code(rec.cameo)
        mentions, sources, articles = counts.get(rec.id, (1, 1, 1))
        row: dict[str, Any] = {
            "GLOBALEVENTID": i,
            "SQLDATE": day.strftime("%Y%m%d") if day else "", "MonthYear": day.strftime("%Y%m") if day else "",
            "Year": day.year if day else "",
            "FractionDate": f"{day.year + day.timetuple().tm_yday / 365:.4f}" if day else "",
            "IsRootEvent": int((rec.offset or 0) < LEAD_CHARS), "EventCode": code, "EventBaseCode": base,
            "EventRootCode": root, "QuadClass": QUAD.get(rules.families.get(rec.type, ""), ""),
            "GoldsteinScale": "" if rec.score is None else rec.score,
            "NumMentions": mentions, "NumSources": sources, "NumArticles": articles, "AvgTone": "",
            "DATEADDED": "".join(ch for ch in (rec.ingested_at or "")[:19] if ch.isdigit()),
            "SOURCEURL": source_url(rec.article_id, rec.url if rec.url and "://" in rec.url else None,
                                    places.get(rec.article_id, [])),
        }
        row |= actor_columns(actor, _cameo(data, "actors"), 1) | actor_columns(target, _cameo(data, "recipients"), 2)
        row |= geo_columns(data.get("location"), "Action")
        for who, party in (("Actor1", actor), ("Actor2", target)):
            row |= geo_columns(actor_place(data.get("location"), party), who)
        out.append(row)
    return out


def _cameo(data: dict[str, Any], side: str) -> str | None:
    parties = data.get(side) or []
    return parties[0].get("cameo") if parties else None


def _stored(store: Store, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Each event's stored JSON: its parties' CAMEO codes and its place."""
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for id_, data in store.execute(f"SELECT id, data FROM events WHERE id IN ({','.join('?' * len(chunk))})", chunk):
            out[id_] = json.loads(data)
    return out


def _sources(store: Store, article_ids: set[str]) -> dict[str, list[str]]:
    """Where each article was read from, first added first."""
    ids = sorted(article_ids)
    out: dict[str, list[str]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for article_id, source in store.execute(
                f"SELECT article_id, source FROM sources WHERE article_id IN ({','.join('?' * len(chunk))}) "
                "ORDER BY added_at, source", chunk):
            out.setdefault(article_id, []).append(source)
    return out


def write(store: Store, dest: str | IO[str], name: str = "events", since: date | None = None, until: date | None = None,
          header: bool = False) -> int:
    """Write the events as a GDELT 2.0 event file (tab-separated, no header row unless `header`); the row count."""
    if name != "events":
        raise ValueError("the gdelt format exports events only")
    table = rows(store, records(store, since, until))
    lines = ["\t".join(str(_clean(row.get(c, ""))) for c in COLUMNS) + "\n" for row in table]
    if header:
        lines.insert(0, "\t".join(COLUMNS) + "\n")
    if isinstance(dest, str):
        with open(dest, "w", encoding="utf-8", newline="") as fh:
            fh.writelines(lines)
    else:
        dest.writelines(lines)
    return len(table)


def _clean(value: Any) -> Any:
    """A cell without the tabs and line breaks that would split GDELT's rows (names can hold them)."""
    return " ".join(value.split()) if isinstance(value, str) else value
