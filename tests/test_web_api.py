"""The REST API in-process (httpx ASGI transport) over a real store of hand-built extractions."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from detente.web import Settings, create_app, deps
from tests import web_fixtures
from tests.web_fixtures import Client, error, ok


@pytest.fixture(scope="module")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return web_fixtures.database(tmp_path_factory.mktemp("web") / "web.db")


@pytest.fixture(scope="module")
def client(web_db: Path) -> Iterator[Client]:
    with web_fixtures.client(web_db) as c:
        yield c


def event_id(client: Client, **filters: str) -> str:
    items = ok(client.get("/api/events", params=filters))["items"]
    assert items, filters
    return str(items[0]["id"])


# ---------------------------------------------------------------- every endpoint in the schema is tested
#: one concrete request per OpenAPI path; the test below fails when an endpoint is added without a row
ENDPOINTS = {
    "/api": "/api",
    "/api/articles": "/api/articles",
    "/api/articles/{article_id}": None,  # needs an id: test_article
    "/api/actors": "/api/actors",
    "/api/actors/{key}": "/api/actors/TUR",
    "/api/events": "/api/events",
    "/api/events/{event_id}": None,  # needs an id: test_event
    "/api/dyads": "/api/dyads",
    "/api/dyads/{a}/{b}": "/api/dyads/TUR/ISR",
    "/api/timeline/{a}/{b}": "/api/timeline/TUR/ISR",
    "/api/relations": "/api/relations",
    "/api/stories": "/api/stories",
    "/api/graph": "/api/graph",
    "/api/network": "/api/network",
    "/api/changes": "/api/changes?since1=2023&until1=2023&since2=2024&until2=2024",
    "/api/map": "/api/map",
    "/api/search": "/api/search?q=trade",
    "/api/ingest": None,  # POST: test_web_ingest.py
}


def test_every_endpoint_is_in_the_schema_and_listed_here(client: Client) -> None:
    schema = ok(client.get("/openapi.json"))
    assert set(schema["paths"]) == set(ENDPOINTS)
    assert ok(client.get("/api"))["endpoints"] == sorted(ENDPOINTS)


@pytest.mark.parametrize("url", [u for u in ENDPOINTS.values() if u])
def test_endpoint_answers_json(client: Client, url: str) -> None:
    assert isinstance(ok(client.get(url)), dict)


def test_index_counts(client: Client) -> None:
    body = ok(client.get("/api"))
    assert body["counts"] == {"articles": 5, "actors": 9, "events": 11}
    assert body["read_only"] is True
    assert body["range"] == {"min": "2023-11-18", "max": "2024-07-02"}


# ---------------------------------------------------------------- articles
def test_articles_paging_and_filters(client: Client) -> None:
    first = ok(client.get("/api/articles", params={"limit": 2}))
    assert len(first["items"]) == 2 and first["next_offset"] == 2
    assert [a["published"] for a in first["items"]] == ["2024-07-02", "2024-06-01"]
    last = ok(client.get("/api/articles", params={"limit": 2, "offset": 4}))
    assert len(last["items"]) == 1 and last["next_offset"] is None
    levant = ok(client.get("/api/articles", params={"outlet": "levant ledger"}))["items"]
    assert {a["title"] for a in levant} == {"Turkey halts trade with Israel; Baku offers to mediate",
                                            "Envoys talk, then trade accusations"}
    window = ok(client.get("/api/articles", params={"since": "2024-05", "until": "2024-06"}))["items"]
    assert [a["published"] for a in window] == ["2024-06-01", "2024-05-03"]
    assert {o["outlet"] for o in first["outlets"]} >= {"Caspian Monitor", "Levant Ledger"}


def test_article(client: Client) -> None:
    items = ok(client.get("/api/articles", params={"outlet": "Caspian Monitor", "until": "2024-03"}))["items"]
    art = ok(client.get(f"/api/articles/{items[0]['id']}"))
    assert art["title"].startswith("Erdogan hosts Aliyev")
    assert {a["key"] for a in art["actors"]} == {"TUR", "AZE", "ISR", "person:recep-tayyip-erdogan", "person:ilham-aliyev"}
    for m in art["mentions"]:
        assert art["body"][m["start"]:m["end"]] == m["text"]
    assert [e["type"] for e in art["events"]] == ["CONSULT", "AGREE", "AID"]
    # a unique prefix is enough, as on the command line
    assert ok(client.get(f"/api/articles/{items[0]['id'][:8]}"))["id"] == items[0]["id"]
    error(client.get("/api/articles/ffffffffffffffff"), 404, "not_found")


# ---------------------------------------------------------------- actors
def test_actors_most_active_first_and_filters(client: Client) -> None:
    items = ok(client.get("/api/actors"))["items"]
    assert [(a["key"], a["events"]) for a in items[:4]] == [("AZE", 5), ("ISR", 5), ("TUR", 5), ("ARM", 2)]
    people = ok(client.get("/api/actors", params={"kind": "person"}))["items"]
    assert {a["key"] for a in people} == {"person:recep-tayyip-erdogan", "person:ilham-aliyev", "person:israel-katz"}
    # q matches a mention's words too: "Baku" names Azerbaijan
    assert [a["key"] for a in ok(client.get("/api/actors", params={"q": "Baku"}))["items"]] == ["AZE"]
    error(client.get("/api/actors", params={"kind": "planet"}), 400, "bad_parameter")


def test_actor_dossier(client: Client) -> None:
    tur = ok(client.get("/api/actors/TUR"))
    assert tur["name"] == "Turkey" and "Ankara" in tur["aliases"] and tur["node"] == "TUR" and tur["speaks_for"] is None
    # the partners are the graph's edges: what `detente graph` and `detente dyads` count
    partners = {p["node"]: p for p in tur["partners"]}
    edges = {e["id"]: e for e in ok(client.get("/api/graph"))["edges"]}
    for other, edge in (("ISR", "ISR|TUR"), ("AZE", "AZE|TUR")):
        assert (partners[other]["events"], partners[other]["score"]) == (edges[edge]["events"], edges[edge]["score"])
    assert partners["AZE"]["score"] > 0 > partners["ISR"]["score"]
    assert [(r["label"], r["target"]) for r in tur["adversaries"]] == [("rival", "ISR")]
    # its events: all the analysis counts for Turkey, its president's included
    assert len(tur["events"]["items"]) == tur["event_count"] == 7
    recent = ok(client.get("/api/actors/TUR", params={"since": "2024"}))["events"]["items"]
    assert recent and all((e["date"] or {}).get("end", "2024") >= "2024" for e in recent)
    erdogan = ok(client.get("/api/actors/person:recep-tayyip-erdogan"))
    assert erdogan["kind"] == "person" and erdogan["speaks_for"] == "TUR"
    # his own events and partners, not Turkey's relations
    assert erdogan["allies"] == erdogan["adversaries"] == erdogan["relations"] == []
    assert {p["node"] for p in erdogan["partners"]} == {"AZE", "ISR"} and len(erdogan["events"]["items"]) == 2
    error(client.get("/api/actors/XXX"), 404, "not_found")


# ---------------------------------------------------------------- events
@pytest.mark.parametrize(("filters", "expected"), [
    ({"actor": "TUR"}, {"SANCTION", "AGREE", "ACCUSE", "CONSULT"}),
    ({"type": "accuse"}, {"ACCUSE"}),
    ({"recipient": "Azerbaijan", "type": "AID"}, {"AID"}),
    ({"outlet": "Levant Ledger", "since": "2024"}, {"SANCTION", "ACCUSE", "AGREE"}),
    ({"until": "2023"}, {"CONSULT", "ACCUSE"}),
])
def test_events_filters(client: Client, filters: dict[str, str], expected: set[str]) -> None:
    items = ok(client.get("/api/events", params=filters))["items"]
    assert {e["type"] for e in items} == expected


def test_events_paging_and_caps(client: Client) -> None:
    a = ok(client.get("/api/events", params={"limit": 4}))
    b = ok(client.get("/api/events", params={"limit": 4, "offset": 4}))
    assert a["next_offset"] == 4 and not {e["id"] for e in a["items"]} & {e["id"] for e in b["items"]}
    err = error(client.get("/api/events", params={"limit": deps.MAX_LIMIT + 1}), 400, "bad_parameter")
    assert "limit" in err["message"]
    error(client.get("/api/events", params={"offset": -1}), 400, "bad_parameter")
    error(client.get("/api/events", params={"since": "last week"}), 400, "bad_parameter")
    error(client.get("/api/events", params={"since": "2024-06", "until": "2024-01"}), 400, "bad_parameter")


def test_event(client: Client) -> None:
    ev = ok(client.get(f"/api/events/{event_id(client, type='SANCTION')}"))
    assert ev["evidence"]["sentence"].startswith("Ankara suspended all trade")
    assert ev["actors"][0]["key"] == "TUR" and ev["recipients"][0]["key"] == "ISR"
    assert ev["attribution"]["name"] == "the Turkish trade ministry"
    assert ev["outlet"] == "Levant Ledger" and ev["article_url"] == "https://levant.example/news/trade-halt"
    error(client.get("/api/events/nope:0:CONSULT"), 404, "not_found")


# ---------------------------------------------------------------- dyads, graph, relations, stories
def test_dyads_listing(client: Client) -> None:
    items = ok(client.get("/api/dyads"))["items"]
    assert (items[0]["a"], items[0]["b"], items[0]["events"], items[0]["sign"]) == ("ISR", "TUR", 4, -1)
    assert items[0]["a_name"] == "Israel" and items[0]["relations"] == "rival"


def test_dyad_both_directions_with_timeline(client: Client) -> None:
    d = ok(client.get("/api/dyads/TUR/ISR"))
    assert d["actors"]["a"]["key"] == "TUR" and d["actors"]["b"]["key"] == "ISR" and (d["a"], d["b"]) == ("TUR", "ISR")
    # Katz's accusation counts for Israel, the mediated agreement as a third party's: as `detente dyad` counts them
    assert (d["summary"]["events"], d["summary"]["conflict"], d["summary"]["net_score"]) == (5, 3, -7.0)
    assert d["summary"]["by_type"]["ACCUSE"] == {"TUR->ISR": 1, "ISR->TUR": 1}
    line = [(b["period"], b["events"]) for b in d["timeline"]]
    assert line[0] == ("2023-11", 2) and line[-1] == ("2024-05", 3) and len(line) == 7
    assert {e["type"] for e in d["events"]} == {"CONSULT", "ACCUSE", "SANCTION", "AGREE"}
    assert ok(client.get("/api/dyads/ISR/TUR"))["summary"] == d["summary"]
    yearly = ok(client.get("/api/dyads/Turkey/Israel", params={"freq": "year"}))
    assert [b["period"] for b in yearly["timeline"]] == ["2023", "2024"]
    # Israel's AID to Azerbaijan is undated: its article's date places it
    assert ok(client.get("/api/dyads/AZE/ISR"))["timeline"][0]["period"] == "2024-03"
    error(client.get("/api/dyads/TUR/TUR"), 400, "bad_parameter")
    error(client.get("/api/dyads/TUR/XXX"), 404, "not_found")
    error(client.get("/api/dyads/TUR/ISR", params={"freq": "hourly"}), 400, "bad_parameter")


def test_graph_has_the_triangle_and_honours_the_window(client: Client) -> None:
    g = ok(client.get("/api/graph"))
    pairs = {(e["source"], e["target"]) for e in g["edges"]}
    assert {("AZE", "TUR"), ("AZE", "ISR"), ("ISR", "TUR")} <= pairs
    nodes = {n["id"]: n for n in g["nodes"]}
    assert nodes["TUR"]["events"] == 7 and nodes["TUR"]["label"] == "Turkey" and nodes["TUR"]["key"] == "TUR"
    # the Baku venue (a third party) must not make an Azerbaijan-Azerbaijan loop
    assert ("AZE", "RUS") in pairs and all(e["source"] != e["target"] for e in g["edges"])
    late = ok(client.get("/api/graph", params={"since": "2024-06"}))
    assert {(e["source"], e["target"]) for e in late["edges"]} == {("ARM", "AZE"), ("AZE", "RUS")}
    capped = ok(client.get("/api/graph", params={"max_nodes": 3}))
    assert {n["id"] for n in capped["nodes"]} == {"TUR", "AZE", "ISR"}
    assert [e["id"] for e in ok(client.get("/api/graph", params={"min_events": 4}))["edges"]] == ["ISR|TUR"]
    # weight is a volume, the net score its own attribute
    assert all(e["weight"] >= 0 for e in g["edges"]) and {e["id"]: e for e in g["edges"]}["ISR|TUR"]["score"] < 0


def test_relations_and_stories_have_a_shape(client: Client) -> None:
    for url in ("/api/relations", "/api/stories"):
        body = ok(client.get(url))
        assert isinstance(body["items"], list) and body["next_offset"] is None
    rivals = ok(client.get("/api/relations", params={"label": "rival"}))["items"]
    assert [(r["source"], r["target"]) for r in rivals] == [("TUR", "ISR")]
    error(client.get("/api/relations", params={"label": "frenemy"}), 400, "bad_parameter")


# ---------------------------------------------------------------- search
def test_search(client: Client) -> None:
    found = ok(client.get("/api/search", params={"q": "trade"}))
    assert {a["title"] for a in found["articles"]} >= {"Turkey halts trade with Israel; Baku offers to mediate"}
    assert any("trade" in e["evidence"]["sentence"] for e in found["events"])
    assert [a["key"] for a in ok(client.get("/api/search", params={"q": "Katz"}))["actors"]] == ["person:israel-katz"]
    error(client.get("/api/search"), 400, "bad_parameter")
    error(client.get("/api/search", params={"q": "x" * 201}), 400, "bad_parameter")


@pytest.mark.parametrize("q", ['"', "'; DROP TABLE articles; --", "trade OR", "NEAR(", "%_%", "\\"])
def test_hostile_queries_are_just_text(client: Client, q: str) -> None:
    ok(client.get("/api/search", params={"q": q}))
    ok(client.get("/api/actors", params={"q": q}))
    ok(client.get("/api/events", params={"actor": q, "outlet": q}))
    assert ok(client.get("/api"))["counts"]["articles"] == 5


# ---------------------------------------------------------------- errors, limits, headers
def test_unknown_path_and_method_have_the_error_shape(client: Client) -> None:
    error(client.get("/api/no-such-thing"), 404, "not_found")
    error(client.post("/api/events", json={}), 405, "method_not_allowed")


def test_read_only_connections(web_db: Path) -> None:
    app = create_app(Settings(db=str(web_db)))
    with app.state.pool.reader() as store, pytest.raises(Exception, match="readonly|read-only|query_only"):
        store.conn.execute("DELETE FROM articles")
    app.state.pool.close()


def test_query_budget_stops_a_runaway_query(web_db: Path) -> None:
    from detente.web.db import QueryTooCostly, StorePool

    pool = StorePool(web_db, budget_s=0.05)
    with pytest.raises(QueryTooCostly), pool.reader() as store:
        store.conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n").fetchone()
    with pool.reader() as store:  # the connection is usable again
        assert store.count("articles") == 5
    pool.close()


def test_security_headers_on_api_pages_and_static(client: Client) -> None:
    for url in ("/api/graph", "/", "/static/app.css", "/api/nope"):
        r = client.get(url)
        assert r.headers["content-security-policy"].startswith("default-src 'self'")
        assert r.headers["x-content-type-options"] == "nosniff"
