"""The explorer's read layer in-process (issue 18): the map (`views.geo.map`), the graph with people and without
places, the dossier's top partners over time, the names pages give nodes, and the pages that render them.

The store is tests/web_fixtures' hand-built articles (real model objects, real SQLite) with their locations, plus
one article that names a town as if it acted. The browser tests are tests/test_web_explorer.py.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape

from detente.store import Store
from detente.views import BadParameter, Window, dossier, geo, names, network, pairs
from detente.web import render
from tests import web_fixtures
from tests.web_fixtures import Client


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("explorer") / "web.db"
    store = web_fixtures.build(path)
    store.save(web_fixtures.place_as_actor())
    store.close()
    return path


@pytest.fixture
def store(db: Path) -> Iterator[Store]:
    s = Store(db)
    yield s
    s.close()


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[Client]:
    with web_fixtures.client(db) as c:
        yield c


def by_id(groups: list[dict[str, Any]], key: str = "id") -> dict[str, dict[str, Any]]:
    return {g[key]: g for g in groups}


# ---------------------------------------------------------------- the map
def test_map_groups_events_by_place_and_states_apart(store: Store) -> None:
    d = geo.map(store)
    places, countries = by_id(d["places"]), by_id(d["countries"], "code")
    # Ankara: the visit, the defence pact, the trade halt (all 2024) and the 2023 talks
    ankara = places["geonames:323786"]
    assert (ankara["events"], ankara["cooperation"], ankara["conflict"], ankara["neutral"]) == (4, 3, 1, 0)
    assert ankara["net"] == 6.0 and ankara["tone"] == "cooperation" and ankara["country"] == "Turkey"
    assert [i["type"] for i in ankara["items"]] == ["SANCTION", "CONSULT", "AGREE", "CONSULT"]  # newest first
    assert places["geonames:587084"]["events"] == 1
    # a region has no GeoNames id: its id is its state and name, its point is its main city's
    tavush = places["ARM:Tavush"]
    assert tavush["precision"] == "admin1" and tavush["conflict"] == 1
    # events the text locates only to a state are the state's, never a point
    assert set(countries) == {"ISR", "SYR"} and all(p["precision"] != "country" for p in d["places"])
    assert countries["ISR"]["atlas"] == "376" and countries["SYR"]["name"] == "Syria"
    assert d["counts"] == {"events": 13, "located": 9, "shown": 9, "at_places": 7, "in_countries": 2, "unlocated": 4}
    assert d["truncated"] is False and {"type": "CONSULT", "events": 4} in d["types"]


@pytest.mark.parametrize(("filters", "places", "countries"), [
    ({"type": "accuse"}, {"ARM:Tavush", "geonames:616052"}, {"ISR", "SYR"}),
    ({"actor": "Erdogan"}, set(), {"ISR"}),  # the words of a party: Katz accused "Erdogan"
    ({"actor": "person:recep-tayyip-erdogan"}, {"geonames:323786"}, {"ISR"}),  # his key: any role
    ({"actor": "person:ilham-aliyev"}, {"geonames:323786"}, set()),
    ({"window": Window.of("2024-07")}, {"geonames:587084", "ARM:Tavush"}, set()),
    ({"window": Window.of("2024-05-31", "2024-06-01")}, {"geonames:616052"}, set()),  # the hostile article's
    ({"window": Window.of(None, "2023")}, {"geonames:323786"}, {"SYR"}),
])
def test_map_filters(store: Store, filters: dict[str, Any], places: set[str], countries: set[str]) -> None:
    d = geo.map(store, **filters)
    assert {p["id"] for p in d["places"]} == places and {c["code"] for c in d["countries"]} == countries
    assert d["counts"]["shown"] == sum(p["events"] for p in d["places"] + d["countries"])


def test_map_keeps_the_latest_events_when_there_are_too_many(store: Store) -> None:
    d = geo.map(store, limit=2)
    assert d["truncated"] is True and d["counts"]["shown"] == 2 and d["counts"]["located"] == 9
    assert {p["id"] for p in d["places"]} == {"geonames:587084", "ARM:Tavush"}  # July 2024, the latest


@pytest.mark.parametrize(("score", "weight", "tone"), [
    (8.0, 1.0, "cooperation"), (-2.0, 1.0, "conflict"), (-2.0, 0.5, "conflict"), (-9.0, 0.0, "neutral"),  # negated
    (None, 1.0, "neutral"), (0.0, 1.0, "neutral"),
])
def test_tone(score: float | None, weight: float, tone: str) -> None:
    assert geo.tone(score, weight) == tone


def test_map_rejects_a_type_that_is_none(store: Store) -> None:
    with pytest.raises(BadParameter):
        geo.map(store, type="1; DROP")


# ---------------------------------------------------------------- the graph: places never nodes, people on demand
def test_a_place_is_never_a_node(store: Store) -> None:
    from detente.analysis import windows

    assert "Davos" in windows.window(store).graph()  # the analysis keeps the town its text made an actor ...
    d = network.graph(store)
    ids = {n["id"] for n in d["nodes"]}
    assert "Davos" not in ids and not any("Davos" in (e["source"], e["target"]) for e in d["edges"])
    assert d["left_out"] == [{"id": "Davos", "label": "Davos", "why": "place"}]  # ... the graph says so
    assert "Davos" not in {n["id"] for n in network.graph(store, people=True)["nodes"]}


def test_people_get_nodes_of_their_own_on_demand(store: Store) -> None:
    states = network.graph(store)
    people = network.graph(store, people=True)
    edges = {e["id"]: e for e in states["edges"]}
    # the pact, the offer to mediate, and Erdogan hosting Aliyev: counted for Turkey and Azerbaijan
    assert edges["AZE|TUR"]["events"] == 3
    assert not any(n["kind"] == "person" for n in states["nodes"])
    nodes, edges2 = by_id(people["nodes"]), {e["id"]: e for e in people["edges"]}
    assert nodes["person:recep-tayyip-erdogan"]["state"] == "TUR" and nodes["person:ilham-aliyev"]["label"] == "Ilham Aliyev"
    assert edges2["person:ilham-aliyev|person:recep-tayyip-erdogan"]["events"] == 1 and edges2["AZE|TUR"]["events"] == 2
    assert edges2["person:israel-katz|person:recep-tayyip-erdogan"]["score"] == -2.0  # Katz's accusation
    assert "ISR|TUR" in edges2 and edges2["ISR|TUR"]["events"] == edges["ISR|TUR"]["events"] - 1
    assert people["filters"]["people"] is True


def test_node_labels(store: Store) -> None:
    assert names.node_label("TUR:OPP", "TUR:OPP") == "Turkey (opposition)"
    assert names.node_label("AZE:REB", "AZE:REB", states={"AZE": "Azerbaijan Republic"}) == "Azerbaijan Republic (rebels)"
    assert names.node_label("PSE", "PSE") == "Palestine" and names.node_label("PSE:REB", "PSE:REB") == "Palestine (rebels)"
    assert names.node_label("AZE", "Azerbaijan") == "Azerbaijan" and names.node_label("Davos", "Davos") == "Davos"
    row = {"kind": "person", "key": "person:x", "name": "X Y"}
    assert names.node_label("person:x", "person:x", row) == "X Y"


@pytest.mark.parametrize(("code", "name", "atlas"), [
    ("PSE", "Palestine", "275"), ("KOR", "South Korea", "410"), ("MDA", "Moldova", "498"), ("XKX", "Kosovo", "Kosovo"),
    ("ZZZ", "ZZZ", None), (None, None, None),
])
def test_state_names_and_map_shapes(code: str | None, name: str | None, atlas: str | None) -> None:
    assert names.state_name(code) == name and names.atlas_id(code) == atlas


@pytest.mark.parametrize(("text", "error"), [
    ('[states]\nPS = "Palestine"', "is not a state code"),
    ('[states]\nPSE = " "', "has no name"),
    ('[dissident_sectors]\nREB = "rebels"', "must name exactly"),
    ('[places]\nX = "y"', "unknown tables"),
])
def test_names_table_is_checked(text: str, error: str) -> None:
    with pytest.raises(ValueError, match=error):
        names.parse(text, "t.toml")


# ---------------------------------------------------------------- the dossier over time
def test_a_states_dossier_charts_its_dyads(store: Store) -> None:
    d = dossier.actor(store, "TUR")
    t = d["timeline"]
    assert t["freq"] == "month" and t["periods"][0] == "2023-11" and t["periods"][-1] == "2024-05"
    assert [p["node"] for p in t["partners"]] == [p["node"] for p in d["partners"][:dossier.CHART_PARTNERS]]
    for p in t["partners"]:
        assert [b["period"] for b in p["series"]] == t["periods"]
        dyad = {b["period"]: b for b in pairs.dyad(store, "TUR", p["node"], freq="month")["timeline"]}
        for b in p["series"]:
            want = dyad.get(b["period"], {"events": 0, "cooperation": 0, "conflict": 0, "net": 0})
            assert (b["events"], b["cooperation"], b["conflict"], b["net"]) == tuple(
                want[k] for k in ("events", "cooperation", "conflict", "net")), (p["node"], b)
    isr = next(p for p in t["partners"] if p["node"] == "ISR")
    assert {b["period"]: b["net"] for b in isr["series"] if b["events"]} == {"2023-11": -1.0, "2024-05": -6.0}


def test_a_persons_dossier_charts_their_own_events(store: Store) -> None:
    t = dossier.actor(store, "person:recep-tayyip-erdogan")["timeline"]
    charted = {p["node"]: {b["period"]: b["net"] for b in p["series"] if b["events"]} for p in t["partners"]}
    # hosting Aliyev (Azerbaijan, +1) and Katz's accusation (Israel, -2): not Turkey's trade halt or pact
    assert charted == {"AZE": {"2024-03": 1.0}, "ISR": {"2024-05": -2.0}}


def test_a_long_dossier_is_charted_by_quarter_or_year(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dossier, "MAX_PERIODS", 3)
    t = dossier.actor(store, "TUR")["timeline"]
    assert t["freq"] == "quarter" and t["periods"] == ["2023Q4", "2024Q1", "2024Q2"]
    monkeypatch.setattr(dossier, "MAX_PERIODS", 2)
    assert dossier.actor(store, "TUR")["timeline"]["periods"] == ["2023", "2024"]


def test_partners_chart_geometry() -> None:
    series = [{"period": "2024-01", "events": 2, "cooperation": 4.0, "conflict": -8.0, "net": -4.0},
              {"period": "2024-02", "events": 0, "cooperation": 0, "conflict": 0, "net": 0}]
    chart = render.partners_svg({"freq": "month", "periods": ["2024-01", "2024-02"], "partners": [
        {"node": "ARM", "name": "Armenia", "events": 2, "score": -4.0, "imprecise": 0, "series": series},
        {"node": "ISR", "name": "Israel", "events": 1, "score": 2.0, "imprecise": 0,
         "series": [dict(series[0], events=1, cooperation=2.0, conflict=0.0, net=2.0), series[1]]}]})
    arm, isr = chart["rows"]
    assert len(arm["cells"]) == 1 and len(isr["cells"]) == 1  # empty periods draw nothing
    down, up, isr_up = arm["cells"][0]["down"], arm["cells"][0]["up"], isr["cells"][0]["up"]
    assert down == pytest.approx(2 * up, abs=0.2) and up == pytest.approx(2 * isr_up, abs=0.2)  # one scale for all rows
    assert arm["cells"][0]["down"] <= (render.PARTNERS_ROW - 8) / 2
    assert render.partners_svg({"periods": [], "partners": []})["rows"] == []


# ---------------------------------------------------------------- the pages render what the views say
def test_map_page(client: Client) -> None:
    page = client.page("/map?type=ACCUSE").text
    assert 'data-src="/api/map?type=ACCUSE"' in page and "/static/vendor/world-atlas/countries-50m.json" in page
    assert "<td>Tavush <span" in page and '<option value="ACCUSE" selected>' in page
    assert "Natural Earth" in page


def test_actor_page_draws_the_chart_with_the_views_numbers(client: Client, store: Store) -> None:
    page = client.page("/actors/TUR").text
    t = dossier.actor(store, "TUR")["timeline"]
    for p in t["partners"]:
        for b in p["series"]:
            cell = (f'data-partner="{p["node"]}" data-period="{b["period"]}" data-events="{b["events"]}"\n'
                    f'         data-cooperation="{b["cooperation"]}" data-conflict="{b["conflict"]}" data-net="{b["net"]}"')
            assert (cell in page) == bool(b["events"] or b["cooperation"] or b["conflict"]), cell
    assert 'data-save-for="partners-chart"' in page and "Standing relations" in page


def test_network_page_lists_what_changed(client: Client, store: Store) -> None:
    page = client.page("/?since1=2023&until1=2023&since=2024&until=2024").text
    changed = network.changes(store, Window.of("2023", "2023"), Window.of("2024", "2024"))
    assert changed["appeared"] and changed["vanished"] == []
    for c in changed["appeared"]:
        assert f'data-pair="{escape("|".join(c["pair"]))}"' in page
    assert 'data-since1="2023"' in page and "What changed" in page
    assert "places named as actors, not drawn: Davos" in client.page("/").text


def test_changes_api_takes_open_windows(client: Client) -> None:
    body = client.get("/api/changes", params={"until1": "2023", "since2": date(2024, 1, 1).isoformat()}).json()
    assert body["before"] == {"since": None, "until": "2023-12-31"} and body["after"]["since"] == "2024-01-01"
