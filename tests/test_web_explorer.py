"""The explorer in headless Chromium (issue 18): the map's markers are the API's, the dossier's chart is the CLI's,
the network's labels do not overlap and no place is an actor, the time control shows what changed, every chart
saves as SVG and PNG, and the pages work at 1280 pixels and from the keyboard.

The store is the seeds and examples/ through the real pipeline (tests/web_browser.py), plus a town named as if it
acted. Screenshots of each page at 1400x1000 go to test-output/ (the README lists them).
"""
from __future__ import annotations

import json
import sqlite3
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
from click.testing import CliRunner

from detente.cli import main
from tests.web_browser import Server, graph_ready, map_ready, shoot

#: the pages an analyst opens, as they must fit a 1280-pixel screen
PAGES = ["/", "/?people=true", "/map", "/actors/AZE", "/dyads/AZE/ARM", "/events", "/relations"]


def api(server: Server, path: str, **params: Any) -> Any:
    r = httpx.get(server.url + path, params=params, timeout=60)
    assert r.status_code == 200, r.text
    return r.json()


def cli_json(db: Path, *args: str) -> Any:
    result = CliRunner().invoke(main, ["--db", str(db), *args, "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


# ---------------------------------------------------------------- the map
def markers(page: Any) -> list[dict[str, Any]]:
    return list(page.evaluate("() => detenteMap.markers()"))


def assert_markers_are_the_apis(drawn: list[dict[str, Any]], d: dict[str, Any]) -> None:
    """Every place of the API is in exactly one marker, and each marker's counts are its places' sums."""
    places = {p["id"]: p for p in d["places"]}
    seen = Counter(pid for m in drawn for pid in m["places"])
    assert set(seen) == set(places) and set(seen.values()) == {1}
    for m in drawn:
        for key in ("events", "cooperation", "conflict", "neutral"):
            assert m[key] == sum(places[p][key] for p in m["places"]), (m, key)
        assert (m["kind"] == "cluster") == (len(m["places"]) > 1)
    assert sum(m["events"] for m in drawn) == d["counts"]["at_places"]


def test_map_markers_are_the_apis_and_open_their_events(server: Server, page: Any) -> None:
    page.goto(server.url + "/map")
    map_ready(page)
    d = api(server, "/api/map")
    assert d["places"] and d["countries"], "the pipeline located no event"
    drawn = markers(page)
    assert_markers_are_the_apis(drawn, d)
    # events located only to a state shade the state, and are no marker
    shaded = {el.get_attribute("data-code"): int(el.get_attribute("data-events")) for el in page.locator("path.country").all()}
    assert shaded == {c["code"]: c["events"] for c in d["countries"] if c["atlas"]}
    shoot(page, "web-map")

    # zoomed in, merged markers part; each place is still in exactly one
    page.evaluate("() => detenteMap.zoomBy(12)")
    page.wait_for_timeout(100)
    closer = markers(page)
    assert len(closer) >= len(drawn)
    assert_markers_are_the_apis(closer, d)

    # a marker of one event opens the event with its sentence, from the keyboard
    page.evaluate("() => detenteMap.reset()")
    one = next(p for p in d["places"] if p["events"] == 1)
    page.evaluate("() => detenteMap.zoomBy(40)")  # close enough that no other place shares its marker
    marker = page.locator(f'g.marker[data-places="{one["id"]}"]')
    marker.focus()
    page.keyboard.press("Enter")
    sentence = api(server, f"/api/events/{one['items'][0]['id']}")["evidence"]["sentence"]
    page.wait_for_selector("#map-panel blockquote.evidence")
    assert " ".join(page.locator("#map-panel blockquote.evidence").inner_text().split()) == " ".join(sentence.split())
    assert page.locator("#map-panel a.more").get_attribute("href") == f"/events/{one['items'][0]['id']}"
    assert not page.errors


def test_map_filters_by_type_and_actor(server: Server, page: Any) -> None:
    d = api(server, "/api/map", type="CONSULT", actor="AZE")
    page.goto(server.url + "/map?type=CONSULT&actor=AZE")
    map_ready(page)
    assert_markers_are_the_apis(markers(page), d)
    assert d["counts"]["events"] < api(server, "/api/map")["counts"]["events"]
    # the list beside the map: a merged marker (or a place) lists its events, an event opens with its sentence
    page.locator("g.marker").first.click()
    page.wait_for_selector("#map-panel h2")
    if page.locator("#map-panel button.event-button").count():
        page.locator("#map-panel button.event-button").first.click()
    page.wait_for_selector("#map-panel blockquote.evidence")


# ---------------------------------------------------------------- the dossier
def chart_cells(page: Any) -> dict[tuple[str, str], tuple[float, ...]]:
    cells = page.evaluate("""() => [...document.querySelectorAll('#partners-chart g.cell')].map(g => [g.dataset.partner,
        g.dataset.period, +g.dataset.events, +g.dataset.cooperation, +g.dataset.conflict, +g.dataset.net])""")
    return {(c[0], c[1]): tuple(c[2:]) for c in cells}


def expected_cells(timeline: dict[str, Any]) -> dict[tuple[str, str], tuple[float, ...]]:
    return {(p["node"], b["period"]): (b["events"], b["cooperation"], b["conflict"], b["net"])
            for p in timeline["partners"] for b in p["series"] if b["events"] or b["cooperation"] or b["conflict"]}


def test_dossier_chart_is_the_clis(server: Server, page: Any) -> None:
    d = cli_json(server.db, "actor", "AZE")
    assert len(d["timeline"]["partners"]) >= 2
    page.goto(server.url + "/actors/AZE")
    assert chart_cells(page) == expected_cells(d["timeline"])
    rows = page.evaluate("() => [...document.querySelectorAll('#partners-chart g.row')].map(g => g.dataset.partner)")
    assert rows == [p["node"] for p in d["timeline"]["partners"]]
    assert page.locator("ul.relations li").count() == len(d["allies"] + d["adversaries"] + d["relations"])
    shoot(page, "web-actor-dossier")


def test_a_persons_dossier_is_their_own(server: Server, page: Any, e2e_db: Path) -> None:
    with sqlite3.connect(e2e_db) as conn:  # the person with the most events of their own who speaks for a state
        key = conn.execute("""SELECT a.key FROM actors a JOIN event_parties p ON p.actor_id = a.id
                              WHERE a.kind = 'person' AND a.code IS NOT NULL AND length(a.code) = 3 AND a.code <> 'IGO'
                              GROUP BY a.id ORDER BY count(DISTINCT p.event_id) DESC, a.key LIMIT 1""").fetchone()[0]
    d = cli_json(server.db, "actor", key)
    assert d["speaks_for"] and d["timeline"]["partners"]
    page.goto(server.url + "/actors/" + key)
    assert chart_cells(page) == expected_cells(d["timeline"])
    # the events listed are the person's own: each names them
    for e in d["events"]["items"]:
        assert key in {p.get("key") for p in e["actors"] + e["recipients"] + e["third_parties"]}, e["id"]
    assert page.locator("p.note").inner_text().startswith("Counted in the analysis for")
    shoot(page, "web-actor-person")


# ---------------------------------------------------------------- the network
def visible_labels(page: Any) -> list[dict[str, Any]]:
    return [b for b in page.evaluate("() => detenteNetwork.labels()") if b["visible"]]


def assert_no_label_overlaps(page: Any) -> None:
    boxes = visible_labels(page)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            apart = (a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"] or a["y"] + a["h"] <= b["y"]
                     or b["y"] + b["h"] <= a["y"])
            assert apart, f"labels overlap: {a['text']!r} {a} and {b['text']!r} {b}"


def test_network_labels_do_not_overlap_and_no_place_is_a_node(server: Server, page: Any, e2e_db: Path) -> None:
    with sqlite3.connect(e2e_db) as conn:
        places = {r[0] for r in conn.execute("SELECT name FROM actors WHERE kind = 'place'")}
        places |= {r[0] for r in conn.execute("SELECT key FROM actors WHERE kind = 'place'")}
    assert "Davos" in places
    for url, shot in (("/", "web-network"), ("/?people=true", "web-network-people")):
        page.goto(server.url + url)
        graph_ready(page)
        nodes = page.evaluate("() => detenteNetwork.nodes")
        assert nodes and not [n for n in nodes if n["id"] in places or n["label"] in places or n["kind"] == "place"]
        assert_no_label_overlaps(page)
        # the busiest actors are named: labels are placed, not dropped
        named = {b["id"] for b in visible_labels(page)}
        busiest = sorted(nodes, key=lambda n: -n["events"])[:5]
        assert {n["id"] for n in busiest} <= named, busiest
        # every kind of node drawn has its shape in the legend
        kinds = {n["kind"] or "other" for n in nodes}
        legend = " ".join(page.locator(".legend-card ul.key svg *").evaluate_all("els => els.map(e => e.getAttribute('class') || '')"))
        assert all(f"kind-{k}" in legend for k in kinds), (kinds, legend)
        shoot(page, shot)
    people = page.evaluate("() => detenteNetwork.nodes.filter(n => n.kind === 'person')")
    assert people and any(n["state"] for n in people)
    assert page.locator("#net line.member").count() == sum(1 for n in people if n["state"])
    assert not page.errors


def test_the_time_control_shows_what_changed(server: Server, page: Any) -> None:
    rng = api(server, "/api/graph")["range"]
    page.goto(server.url + "/")
    graph_ready(page)
    page.click("#previous")  # no window set: the data's last year against the year before it
    since1, until1 = page.input_value("#since1"), page.input_value("#until1")
    since, until = page.input_value("#since"), page.input_value("#until")
    assert until == rng["max"] and date.fromisoformat(until) - date.fromisoformat(since) == timedelta(days=364)
    assert date.fromisoformat(since) - date.fromisoformat(until1) == timedelta(days=1)
    assert date.fromisoformat(until1) - date.fromisoformat(since1) == timedelta(days=364)
    page.click("form#window button[type=submit]")
    page.wait_for_url("**since1=**")
    graph_ready(page)
    changed = api(server, "/api/changes", since1=since1, until1=until1, since2=since, until2=until)
    drawn = dict(page.evaluate("() => detenteNetwork.edges.filter(e => e.change).map(e => [e.id, e.change])"))
    want = {"|".join(c["pair"]): kind for kind in ("appeared", "flipped") for c in changed[kind]}
    assert want and drawn == want
    gone = page.evaluate("() => [...document.querySelectorAll('#net line.edge.vanished')].map(l => l.dataset.pair)")
    assert sorted(gone) == sorted("|".join(c["pair"]) for c in changed["vanished"])  # gone actors drawn hollow
    for kind in ("appeared", "vanished", "flipped"):
        listed = page.locator(f'ul.change-list[data-kind="{kind}"] li[data-pair]').count()
        assert listed == min(20, len(changed[kind]))
    assert_no_label_overlaps(page)
    shoot(page, "web-network-changes")


# ---------------------------------------------------------------- saving, small screens, the keyboard
def saved(page: Any, target: str, fmt: str) -> bytes:
    with page.expect_download() as info:
        page.click(f'.save[data-save-for="{target}"] button[data-format="{fmt}"]')
    return Path(info.value.path()).read_bytes()


def test_every_chart_and_the_map_save_as_svg_and_png(server: Server, page: Any) -> None:
    for url, target, ready in (("/map", "map", map_ready), ("/", "net", graph_ready), ("/actors/AZE", "partners-chart", None),
                               ("/dyads/AZE/ARM", "dyad-chart", None)):
        page.goto(server.url + url)
        if ready:
            ready(page)
        svg = ET.fromstring(saved(page, target, "svg"))
        assert svg.tag == "{http://www.w3.org/2000/svg}svg" and float(svg.get("width") or 0) > 300
        assert len(list(svg.iter())) > 20 and "class" not in svg.attrib
        png = saved(page, target, "png")
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
        assert int.from_bytes(png[16:20], "big") > 600  # drawn at twice the size on screen


def tab_to(page: Any, selector: str, presses: int = 80) -> bool:
    """Press Tab until an element matching the selector has the focus (at most `presses` times)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return True
    return False


def test_pages_fit_1280_pixels_and_work_from_the_keyboard(server: Server, page: Any) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    for url in PAGES:
        page.goto(server.url + url)
        page.wait_for_load_state("load")
        wide = page.evaluate("() => document.documentElement.scrollWidth")
        assert wide <= 1280, (url, wide)
    # Tab from the top of the network page reaches an actor; Enter opens its dossier
    page.goto(server.url + "/")
    graph_ready(page)
    assert tab_to(page, "g.node"), "no actor of the network takes the keyboard's focus"
    page.keyboard.press("Enter")
    page.wait_for_url("**/actors/**")
    # and on the map, Tab reaches a marker (or a shaded state) and Enter lists its events
    page.goto(server.url + "/map")
    map_ready(page)
    assert tab_to(page, "g.marker, path.country"), "no marker of the map takes the keyboard's focus"
    page.keyboard.press("Enter")
    page.wait_for_selector("#map-panel h2:not(:empty)")
    assert page.locator("#map-panel button.event-button, #map-panel blockquote.evidence").count() >= 1
    assert not page.errors
