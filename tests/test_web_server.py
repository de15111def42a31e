"""A real uvicorn server on loopback: 200 concurrent requests, then headless Chromium through the main pages.

The server, the store behind it and the browser are tests/web_browser.py's (shared with test_web_explorer.py).
"""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from tests.web_browser import Server, graph_ready, shoot

#: the load test: this many requests in flight at once, and the most seconds the whole burst may take
CONCURRENT = 200
BURST_TIMEOUT_S = 120


# ---------------------------------------------------------------- load
def test_200_concurrent_requests_get_no_errors(server: Server) -> None:
    paths = ["/api/graph", "/api/actors", "/api/events?limit=100", "/api/dyads", "/", "/events", "/actors/TUR",
             "/api/search?q=Azerbaijan", "/articles", "/api/actors/ISR"]

    async def burst() -> list[int]:
        limits = httpx.Limits(max_connections=CONCURRENT, max_keepalive_connections=0)
        async with httpx.AsyncClient(base_url=server.url, limits=limits, timeout=60) as c:
            responses = await asyncio.gather(*(c.get(paths[i % len(paths)]) for i in range(CONCURRENT)),
                                             return_exceptions=True)
        return [r.status_code if isinstance(r, httpx.Response) else -1 for r in responses]

    # in a thread of its own: the browser tests' playwright may hold this thread's event loop
    with ThreadPoolExecutor(1) as pool:
        codes = pool.submit(lambda: asyncio.run(asyncio.wait_for(burst(), BURST_TIMEOUT_S))).result()
    assert codes.count(200) == CONCURRENT, {c: codes.count(c) for c in set(codes)}


# ---------------------------------------------------------------- browser
def click_element(page: Any, what: str) -> None:
    """Open a node (its id) or an edge ("A|B") of the network as a click does: a node is clicked where it is drawn; an
    edge gets the click event itself, since the point where the layout draws it can lie under another edge."""
    if "|" in what:
        page.dispatch_event(f'line.edge[data-pair="{what}"]', "click")
        return
    x, y = page.evaluate(f"() => detenteNetwork.position({what!r})")
    page.mouse.click(x, y)


def test_network_shows_the_triangle_and_links_to_dossier_and_dyad(server: Server, page: Any) -> None:
    page.goto(server.url + "/")
    graph = graph_ready(page)
    assert {"AZE", "TUR", "ISR"} <= set(graph["nodes"])
    pairs = {tuple(sorted(e)) for e in graph["edges"]}
    assert {("AZE", "TUR"), ("AZE", "ISR"), ("ISR", "TUR")} <= pairs
    shoot(page, "web-network")
    assert not page.errors

    click_element(page, "TUR")
    page.wait_for_url("**/actors/TUR")
    assert page.locator("h1").inner_text().startswith("Turkey")
    shoot(page, "web-actor")

    page.goto(server.url + "/")
    graph_ready(page)
    edge = next(f"{a}|{b}" for a, b in graph["edges"] if {a, b} == {"AZE", "ISR"})
    click_element(page, edge)
    page.wait_for_url("**/dyads/**")
    assert "Azerbaijan" in page.locator("h1").inner_text() and "Israel" in page.locator("h1").inner_text()
    assert page.locator("svg.timeline rect").count() >= 1
    shoot(page, "web-dyad")


def test_time_window_redraws_the_network(server: Server, page: Any) -> None:
    page.goto(server.url + "/")
    everything = graph_ready(page)
    page.fill("#since", "2024-05-31")
    page.fill("#until", "2024-06-01")
    page.click("form#window button[type=submit]")
    page.wait_for_url("**/?since=2024-05-31&until=2024-06-01**")
    narrow = graph_ready(page)
    assert set(narrow["nodes"]) < set(everything["nodes"]) and "ARM" in narrow["nodes"]


def test_event_article_and_search_pages(server: Server, page: Any) -> None:
    events = httpx.get(server.url + "/api/events", params={"actor": "TUR", "limit": 5}).json()["items"]
    assert events, "the pipeline found no event with Turkey as actor"
    page.goto(server.url + "/events/" + events[0]["id"])
    assert page.locator("blockquote.evidence mark.trigger").count() == 1
    assert page.locator("blockquote.evidence mark.actor").count() >= 1
    shoot(page, "web-event")

    page.click("dl.facts a[href^='/articles/']")
    page.wait_for_url("**/articles/**")
    assert page.locator("article.body mark").count() >= 3
    shoot(page, "web-article")

    page.fill("header input[name=q]", "Azerbaijan")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**/search?q=Azerbaijan")
    assert page.locator("main li a[href='/actors/AZE']").count() >= 1
    shoot(page, "web-search")
    assert not page.errors


def test_hostile_article_runs_no_script_in_the_browser(server: Server, page: Any) -> None:
    art = httpx.get(server.url + "/api/articles", params={"since": "2024-06-01", "until": "2024-06-01"}).json()["items"]
    hostile = next(a for a in art if "Hostile" in (a["title"] or ""))
    ev = httpx.get(server.url + "/api/events", params={"actor": "group:ruritania"}).json()["items"][0]
    for path in ("/", f"/articles/{hostile['id']}", f"/events/{ev['id']}", "/actors/group:ruritania", "/articles",
                 "/events?since=2024-05-31&until=2024-05-31", "/search?q=Ruritania", "/dyads/ARM/group:ruritania",
                 "/map?since=2024-05-31&until=2024-06-01", "/?people=true&since1=2024-01-01&until1=2024-05-30"):
        page.goto(server.url + path)
        page.wait_for_load_state("load")
        page.wait_for_timeout(200)
        assert page.locator("main img, main iframe").count() == 0, path
    # on the map: the place's name and the event open beside it as text
    page.goto(server.url + "/map?since=2024-05-31&until=2024-06-01")
    page.wait_for_selector("#map[data-ready=true]")
    page.locator("g.marker").first.click()
    page.wait_for_selector("#map-panel blockquote.evidence")
    assert "Ruritania" in page.locator("#map-panel").inner_text() and "onerror" in page.locator("#map-panel").inner_text()
    assert page.locator("#map-panel img, #map-panel script").count() == 0
    page.goto(server.url + f"/articles/{hostile['id']}")
    assert "<script>alert('xss-body')</script>" in page.locator("article.body").inner_text()
    shoot(page, "web-xss")
    assert page.dialogs == []


def test_api_docs_render_offline_under_the_apps_csp(server: Server, page: Any) -> None:
    """/docs is Swagger UI from the package's own files: nothing is fetched from elsewhere, the CSP blocks nothing."""
    outside: list[str] = []

    def only_the_server(route: Any) -> None:
        if route.request.url.startswith(server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    console: list[str] = []
    page.route("**/*", only_the_server)
    page.on("console", lambda m: console.append(m.text))
    page.goto(server.url + "/docs")
    page.wait_for_selector("#swagger-ui[data-ready=true]", timeout=60_000)
    page.wait_for_selector(".opblock-summary-path")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/stories" in p for p in paths) and any("/api/dyads" in p for p in paths), paths
    shoot(page, "web-docs")
    assert outside == []
    assert not [m for m in console if "Content Security Policy" in m or "Refused to" in m], console
    assert not page.errors
