"""The HTML pages in-process: each renders real data, links to its JSON twin, and keeps hostile text inert."""
from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import Markup

from detente.web import render
from tests import web_fixtures
from tests.web_fixtures import Client, ok


@pytest.fixture(scope="module")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return web_fixtures.database(tmp_path_factory.mktemp("web-pages") / "web.db")


@pytest.fixture(scope="module")
def client(web_db: Path) -> Iterator[Client]:
    with web_fixtures.client(web_db) as c:
        yield c


def html(client: Client, url: str) -> str:
    r = client.page(url)
    assert r.status_code == 200, r.text[:2000]
    assert r.headers["content-type"].startswith("text/html")
    return r.text


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of every <script> element."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.script_text.append(data)


def assert_inert(page: str) -> None:
    """No script but our own files, no event-handler attribute, no javascript: URL anywhere in the markup."""
    parser = Tags()
    parser.feed(page)
    assert not parser.script_text, parser.script_text
    for tag, attrs in parser.tags:
        names = {k for k, _ in attrs}
        assert not any(n.startswith("on") for n in names), (tag, attrs)
        if tag == "script":
            assert dict(attrs).get("src", "").startswith("/static/"), attrs
        assert tag not in ("iframe", "object", "embed", "img"), (tag, attrs)
        for key, value in attrs:
            if key in ("href", "src", "action", "formaction", "xlink:href") and value:
                assert not value.strip().lower().startswith(("javascript:", "data:text", "vbscript:")), (tag, key, value)


# ---------------------------------------------------------------- pages with real data
def test_network_page(client: Client) -> None:
    page = html(client, "/")
    assert 'data-graph="/api/graph"' in page and "/static/vendor/d3/d3.min.js" in page
    # the server-side list of strongest links works without JavaScript too
    assert 'href="/dyads/ISR/TUR"' in page and "Israel – Turkey" in page
    assert 'href="/api/graph"' in page  # the JSON twin


def test_actor_page(client: Client) -> None:
    page = html(client, "/actors/TUR")
    assert "<h1>Turkey" in page and "Ankara" in page
    assert 'href="/dyads/TUR/ISR"' in page and 'href="/dyads/TUR/AZE"' in page
    assert 'href="/api/actors/TUR"' in page


def test_dyad_page_has_chart_and_evidence(client: Client) -> None:
    page = html(client, "/dyads/TUR/ISR")
    assert page.count('class="coop"') + page.count('class="conf"') >= 2  # bars of the SVG timeline
    assert ">2023-11<" in page and "2024-05: 3 events" in page
    # the numbers of `detente dyad TUR ISR`: 5 events, 3 conflictual, net -7.0
    assert "5 events in 2 articles" in page and "3 conflictual" in page and "-7.0" in page
    assert '<mark class="trigger" title="trigger">suspended</mark>' in page
    assert 'href="/api/dyads/TUR/ISR"' in page


def test_event_page_highlights_parties_and_trigger(client: Client) -> None:
    eid = ok(client.get("/api/events", params={"type": "SANCTION"}))["items"][0]["id"]
    page = html(client, f"/events/{eid}")
    assert '<mark class="actor" title="actor: Turkey"><a href="/actors/TUR">Ankara</a></mark>' in page
    assert '<mark class="recipient" title="recipient: Israel"><a href="/actors/ISR">Israel</a></mark>' in page
    assert '<mark class="trigger" title="trigger">suspended</mark>' in page
    assert "the Turkish trade ministry" in page and "Levant Ledger" in page and "2024-05-02" in page
    assert 'href="https://levant.example/news/trade-halt"' in page


def test_article_page_highlights_mentions(client: Client) -> None:
    aid = ok(client.get("/api/articles", params={"outlet": "Caspian Monitor", "until": "2024-03"}))["items"][0]["id"]
    page = html(client, f"/articles/{aid}")
    assert '<a href="/actors/person:ilham-aliyev">Ilham Aliyev</a>' in page
    assert '<mark class="actor state" title="Azerbaijan"><a href="/actors/AZE">Baku</a></mark>' in page


@pytest.mark.parametrize(("url", "expect"), [
    ("/actors?kind=person", "Israel Katz"),
    ("/dyads", "Israel – Turkey"),
    ("/events?type=ACCUSE", "accused"),
    ("/articles?outlet=Levant+Ledger", "Envoys talk, then trade accusations"),
    ("/search?q=drones", "supplies"),
    ("/relations", "Relations"),
    ("/stories", "Stories"),
])
def test_listing_pages(client: Client, url: str, expect: str) -> None:
    assert expect in html(client, url)


def test_next_page_links(client: Client) -> None:
    page = html(client, "/events?limit=3&type=ACCUSE")
    assert 'href="/events?type=ACCUSE&amp;limit=3&amp;offset=3"' in page


def test_html_errors_for_browsers_json_for_the_api(client: Client) -> None:
    r = client.page("/actors/NOBODY")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html") and "NOBODY" in r.text
    assert client.get("/actors/NOBODY").json()["error"]["type"] == "not_found"


# ---------------------------------------------------------------- XSS: hostile text renders inert everywhere
def hostile_urls(client: Client) -> list[str]:
    art = ok(client.get("/api/articles", params={"since": "2024-06-01", "until": "2024-06-01"}))["items"][0]
    ev = ok(client.get("/api/events", params={"actor": "group:ruritania"}))["items"][0]
    return ["/", "/?since=2024-05", "/actors", "/actors/group:ruritania", "/actors/ARM", "/dyads", "/dyads/ARM/group:ruritania",
            "/events", f"/events/{ev['id']}", "/articles", f"/articles/{art['id']}", "/search?q=Ruritania",
            "/search?q=%3Cscript%3Ealert(1)%3C/script%3E", "/actors?q=%3Cimg%20src=x%20onerror=alert(1)%3E",
            "/events?actor=%22%3E%3Cscript%3Ealert(1)%3C/script%3E", "/relations", "/stories",
            "/nope%3Cscript%3Ealert(1)%3C/script%3E", "/map", "/map?actor=%3Cscript%3Ealert(1)%3C/script%3E",
            "/?people=true&since1=2023", "/actors/ARM?until=2024-06"]


def test_hostile_article_renders_inert_on_every_page(client: Client) -> None:
    for url in hostile_urls(client):
        r = client.page(url)
        assert r.status_code in (200, 404), (url, r.status_code)
        assert_inert(r.text)
        assert "<script>alert" not in r.text, url
        assert "'self'" in r.headers["content-security-policy"]


def test_hostile_text_is_shown_as_text(client: Client) -> None:
    art = ok(client.get("/api/articles", params={"since": "2024-06-01", "until": "2024-06-01"}))["items"][0]
    page = html(client, f"/articles/{art['id']}")
    assert "&lt;script&gt;alert(&#39;xss-body&#39;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=" in page
    # the javascript: URL and source are printed, never linked
    assert "javascript:alert(&#39;xss-url&#39;)" in page and 'href="javascript:' not in page


# ---------------------------------------------------------------- the helpers, as tables
@pytest.mark.parametrize(("text", "spans", "expected"), [
    ("Turkey hosted Israel.", [render.Span(0, 6, "actor"), render.Span(14, 20, "recipient")],
     '<mark class="actor">Turkey</mark> hosted <mark class="recipient">Israel</mark>.'),
    # overlapping: the first (longer on a tie) wins, so the markup stays nested
    ("Recep Tayyip Erdogan spoke", [render.Span(0, 20, "actor"), render.Span(13, 20, "actor")],
     '<mark class="actor">Recep Tayyip Erdogan</mark> spoke'),
    # the text around and inside a mark is escaped
    ("<b>Baku</b> & <i>", [render.Span(3, 7, "actor", title='"x" onmouseover=1', href="/actors/AZE")],
     '&lt;b&gt;<mark class="actor" title="&#34;x&#34; onmouseover=1"><a href="/actors/AZE">Baku</a></mark>&lt;/b&gt; &amp; &lt;i&gt;'),
    # out-of-range and empty spans are dropped; hrefs that are not app paths are not linked
    ("Israel", [render.Span(3, 99, "x"), render.Span(2, 2, "y"), render.Span(0, 6, "actor", href="javascript:alert(1)")],
     '<mark class="actor">Israel</mark>'),
])
def test_highlight(text: str, spans: list[render.Span], expected: str) -> None:
    out = render.highlight(text, spans)
    assert isinstance(out, Markup) and str(out) == expected


def test_paragraphs_keep_body_offsets() -> None:
    body = "Moscow spoke.\n\nThen Kyiv replied."
    at = body.index("Kyiv")
    paras = render.paragraphs(body, [render.Span(0, 6, "actor"), render.Span(at, at + 4, "recipient")])
    assert [str(p) for p in paras] == ['<mark class="actor">Moscow</mark> spoke.', 'Then <mark class="recipient">Kyiv</mark> replied.']


@pytest.mark.parametrize(("url", "safe"), [
    ("https://example.org/a?b=c", True),
    ("http://example.org", True),
    ("javascript:alert(1)", False),
    (" JavaScript:alert(1)", False),
    ("data:text/html;base64,PHNjcmlwdD4=", False),
    ("//example.org/x", False),
    ("/local/path.txt", False),
    ('https://example.org/"onmouseover="x', False),
    (None, False),
])
def test_safe_url(url: str | None, safe: bool) -> None:
    assert (render.safe_url(url) is not None) is safe


@pytest.mark.parametrize(("score", "colour"), [(None, "#9e9e9e"), (0, "#9e9e9e"), (10, "#2e7d32"), (-10, "#c62828"), (25, "#2e7d32")])
def test_score_colour(score: float | None, colour: str) -> None:
    assert render.score_colour(score) == colour
