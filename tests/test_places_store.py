"""Events' locations and parties' CAMEO codes in the store (migration 007) and in every export."""
from __future__ import annotations

import io
import json
from datetime import date

import pandas as pd

from detente.export import export
from detente.model import Actor, Article, Event, Evidence, Extraction, Location, Mention, Party, ThirdParty
from detente.store import queries
from tests.test_export import _gdelt

ADEN = Location(name="Aden", code="YEM", lat=12.77944, lon=45.03667, geonames_id=415189, admin1="YE.02",
                precision="city", text="Aden", source="sentence")


def _extraction() -> Extraction:
    body = "Police in Aden arrested two journalists. The UN condemned Yemen's police."
    art = Article(body=body, sources=["aden.txt"], outlet="Gulf Wire", published=date(2025, 3, 4), title="Aden arrests")
    yem = Actor(name="Yemen", code="YEM", key="YEM", mentions=[Mention(0, 6, "Police", how="role")], cameo="YEMCOP")
    un = Actor(name="United Nations", code="IGO", kind="organisation", key="org:un", mentions=[Mention(41, 47, "The UN")],
               cameo="IGOUNO")
    arrest = Event(type="COERCE", actors=[Party("YEM", "Yemen", "COP", "Police", "YEM", cameo="YEMCOP")],
                   recipients=[Party(None, "journalists", text="two journalists")],
                   evidence=Evidence(sentence=body[:40], trigger="arrested", start=0, end=40), location=ADEN,
                   id="e1")
    condemn = Event(type="ACCUSE", actors=[Party("IGO", "United Nations", text="The UN", actor_key="org:un", cameo="IGOUNO")],
                    recipients=[Party("YEM", "Yemen", "COP", "Yemen's police", "YEM", cameo="YEMCOP")],
                    third_parties=[ThirdParty("SAU", "Saudi Arabia", "mediator", cameo="SAUGOV")],
                    evidence=Evidence(sentence=body[41:], trigger="condemned", start=41, end=len(body)), id="e2")
    return Extraction(article=art, actors=[yem, un], events=[arrest, condemn])


def test_locations_and_cameo_round_trip(store) -> None:
    store.save(_extraction())
    row = store.execute("""SELECT location_name, location_code, location_lat, location_lon, location_geonames_id,
                           location_admin1, location_precision FROM events WHERE id = 'e1'""").fetchone()
    assert tuple(row) == ("Aden", "YEM", ADEN.lat, ADEN.lon, 415189, "YE.02", "city")
    assert store.execute("SELECT location_name FROM events WHERE id = 'e2'").fetchone()[0] is None
    locs = queries.event_locations(store, ["e1", "e2"])
    assert set(locs) == {"e1"}
    assert locs["e1"] == Location(**{**ADEN.to_dict(), "text": "", "source": "sentence"})
    parties = {(r[0], r[1], r[2]): r[3] for r in store.execute(
        "SELECT event_id, role, position, cameo FROM event_parties ORDER BY event_id, role, position")}
    assert parties == {("e1", "actor", 0): "YEMCOP", ("e1", "recipient", 0): None, ("e2", "actor", 0): "IGOUNO",
                       ("e2", "mediator", 0): "SAUGOV", ("e2", "recipient", 0): "YEMCOP"}
    assert dict(tuple(r) for r in store.execute("SELECT key, cameo FROM actors")) == {"YEM": "YEMCOP", "org:un": "IGOUNO"}
    assert sorted(r[0] for r in store.execute("SELECT cameo FROM article_actors")) == ["IGOUNO", "YEMCOP"]
    # the event's JSON keeps all of it, as the listings and the web pages read it
    e1 = next(e for e in queries.events(store) if e["id"] == "e1")
    assert e1["location"] == ADEN.to_dict() and e1["actors"][0]["cameo"] == "YEMCOP"


def test_exports_carry_the_location(store, tmp_path) -> None:
    store.save(_extraction())
    buf = io.StringIO()
    export(store, "jsonl", buf, "events")
    rows = {r["id"]: r for r in map(json.loads, buf.getvalue().splitlines())}
    assert rows["e1"]["location_name"] == "Aden" and rows["e1"]["location_geonames_id"] == 415189
    assert rows["e1"]["location_lat"] == ADEN.lat and rows["e1"]["location_precision"] == "city"
    assert rows["e2"]["location_name"] is None
    export(store, "csv", str(tmp_path / "e.csv"), "events")
    export(store, "parquet", str(tmp_path / "e.parquet"), "events")
    for df in (pd.read_csv(tmp_path / "e.csv"), pd.read_parquet(tmp_path / "e.parquet")):
        aden = df[df["id"] == "e1"].iloc[0]
        assert (aden["location_code"], int(aden["location_geonames_id"]), aden["location_admin1"]) == ("YEM", 415189, "YE.02")
        assert abs(aden["location_lon"] - ADEN.lon) < 1e-9

    gdelt = _gdelt(store)
    arrest = gdelt[gdelt["Actor1CountryCode"].eq("YEM")].iloc[0]
    assert (arrest["ActionGeo_Type"], arrest["ActionGeo_FullName"], arrest["ActionGeo_CountryCode"]) == ("4", "Aden", "YEM")
    assert (arrest["ActionGeo_ADM1Code"], arrest["ActionGeo_FeatureID"]) == ("YE.02", "415189")
    assert float(arrest["ActionGeo_Lat"]) == ADEN.lat and float(arrest["ActionGeo_Long"]) == ADEN.lon
    # the actor is Yemen's police: the place is in its state, so its geo is known; the journalists' is not
    assert (arrest["Actor1Geo_FullName"], arrest["Actor2Geo_FullName"]) == ("Aden", "")
    condemn = gdelt[gdelt["Actor1Code"].eq("IGOUNO")].iloc[0]
    assert condemn["ActionGeo_Lat"] == "" and condemn["ActionGeo_Type"] == ""
