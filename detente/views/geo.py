"""Events on a map: where a window's events happened, from their stored `location` (see detente.views).

A place is a city, or a region drawn at the city nearest its centre (precision "admin1"). An event the text
locates only to a state has no point of its own: it is counted with its state under `countries`, which the map
draws as the country's shape, never as a point. Each event is toned by its score's sign: cooperation, conflict,
or neutral (no score, or a modality the analysis weighs 0, such as a negated threat).
"""
from __future__ import annotations

from typing import Any

from detente.model import span_label
from detente.store import Store, queries
from detente.views import ALL_DATES, BadParameter, Window
from detente.views.names import atlas_id, state_name

#: the most events one map answers with, newest first (`truncated` says when there were more): past a few
#: thousand markers a browser's SVG map stops being fluid, and no one reads them one by one
MAX_EVENTS = 5000
TONES = ("cooperation", "conflict", "neutral")


def map(store: Store, *, window: Window = ALL_DATES, type: str | None = None,  # noqa: A001, A002
        actor: str | None = None, limit: int = MAX_EVENTS) -> dict[str, Any]:
    """The window's located events by place and, for those located only to a state, by state; with how many
    events the window holds, how many have no place, and the events of each type (for a type menu)."""
    from detente.analysis.records import state_names
    from detente.analysis.rules import load as load_rules

    if type is not None and not (type.replace("_", "").isalpha() and 2 <= len(type) <= 20):
        raise BadParameter(f"type={type!r} is not an event type")
    if limit < 1:
        raise BadParameter("limit must be >= 1")
    type_, actor = (type or None), (actor or None)
    rows = queries.located_events(store, window.since, window.until, type_, actor, limit + 1)
    truncated = len(rows) > limit
    rows = rows[:limit]
    counts = queries.map_counts(store, window.since, window.until, type_, actor, None if truncated else len(rows))
    parties = queries.party_names(store, [r["id"] for r in rows])
    rules = load_rules()
    places: dict[str, dict[str, Any]] = {}
    countries: dict[str, dict[str, Any]] = {}
    names = state_names(store)
    for r in rows:
        item = _item(r, parties.get(r["id"], {}), rules.weight(r["modality"] or "asserted"))
        if r["location_precision"] == "country" or r["location_lat"] is None:
            code = r["location_code"] or "?"
            group = countries.get(code)
            if group is None:
                group = countries[code] = {"code": code, "name": names.get(code) or state_name(code),
                                           "atlas": atlas_id(code), **_tally()}
        else:
            key = place_id(r)
            group = places.get(key)
            if group is None:
                group = places[key] = {
                    "id": key, "name": r["location_name"], "code": r["location_code"],
                    "country": names.get(r["location_code"]) or state_name(r["location_code"]),
                    "precision": r["location_precision"], "lat": r["location_lat"], "lon": r["location_lon"],
                    "geonames_id": r["location_geonames_id"], "admin1": r["location_admin1"], **_tally()}
        _add(group, item)
    shown = len(rows)
    at_places = sum(p["events"] for p in places.values())
    return {
        **window.to_dict(), "filters": {"type": type_.upper() if type_ else None, "actor": actor},
        "counts": {"events": counts["events"], "located": counts["located"], "shown": shown, "at_places": at_places,
                   "in_countries": shown - at_places, "unlocated": counts["events"] - counts["located"]},
        "truncated": truncated,
        "places": sorted((_close(p) for p in places.values()), key=lambda p: (-p["events"], p["id"])),
        "countries": sorted((_close(c) for c in countries.values()), key=lambda c: (-c["events"], c["code"])),
        "types": [{"type": t, "events": n} for t, n in counts["types"].items()],
    }


def place_id(row: dict[str, Any]) -> str:
    """A place's id on the map: its GeoNames id, else (a region's computed point) its name and state."""
    if row["location_geonames_id"] is not None:
        return f"geonames:{row['location_geonames_id']}"
    return f"{row['location_code'] or ''}:{row['location_name']}"


def tone(score: float | None, weight: float) -> str:
    """An event's side: cooperation (score > 0), conflict (< 0), else neutral, as the analysis weighs it."""
    if score is None or weight <= 0 or score == 0:
        return "neutral"
    return "cooperation" if score > 0 else "conflict"


def _item(r: dict[str, Any], parties: dict[str, list[str]], weight: float) -> dict[str, Any]:
    start, end = r["date_start"], r["date_end"]
    when = span_label(start, end or start) if start else r["day"]
    return {"id": r["id"], "type": r["type"], "mode": r["mode"], "date": when, "dated": bool(start),
            "score": r["score"], "modality": r["modality"], "tone": tone(r["score"], weight),
            "actors": parties.get("actor", []), "recipients": parties.get("recipient", []),
            "place": r["location_name"], "precision": r["location_precision"]}


def _tally() -> dict[str, Any]:
    return {"events": 0, **{t: 0 for t in TONES}, "net": 0.0, "items": []}


def _add(group: dict[str, Any], item: dict[str, Any]) -> None:
    group["events"] += 1
    group[item["tone"]] += 1
    group["items"].append(item)


def _close(group: dict[str, Any]) -> dict[str, Any]:
    """The group's net score (the sum of its toned events' scores) and its side: the tone most of its events have."""
    from detente.analysis.shapes import net_sum

    group["net"] = round(net_sum(i["score"] for i in group["items"] if i["tone"] != "neutral"), 2)
    group["tone"] = max(TONES, key=lambda t: (group[t], -TONES.index(t)))
    return group
