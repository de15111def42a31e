"""The HTML pages; each renders exactly what its JSON twin under /api returns (the `json_url` on the page).

Templates are Jinja2 with autoescaping on for everything; article text reaches a page only through
escaping (`render.highlight` escapes each piece it wraps), never through `|safe`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from detente.model import span_label
from detente.views.names import node_label
from detente.views.search import MAX_QUERY_CHARS
from detente.views.search import search as search_view
from detente.web import api, render
from detente.web.deps import ApiError, PagingDep, StoreDep, ViewsDep, WindowDep

HERE = Path(__file__).parent
_env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                          undefined=jinja2.ChainableUndefined, trim_blocks=True, lstrip_blocks=True)
_env.globals.update(path=render.path_part, colour=render.score_colour, safe_url=render.safe_url, tone=render.edge_tone,
                    span_label=span_label)
templates = Jinja2Templates(env=_env)

router = APIRouter(include_in_schema=False)
Text = Annotated[str | None, Query(max_length=200)]


def _page(request: Request, name: str, title: str, data: dict[str, Any], **extra: Any) -> HTMLResponse:
    query = str(request.url.query)
    json_url = "/api" + request.url.path.rstrip("/") + (f"?{query}" if query else "")
    if request.url.path == "/":
        json_url = "/api/graph" + (f"?{query}" if query else "")
    context = {"title": title, "data": data, "json_url": json_url, "nav": name, **extra}
    return templates.TemplateResponse(request, f"{name}.html", context)


def error_page(request: Request, err: ApiError, headers: dict[str, Any]) -> HTMLResponse:
    return templates.TemplateResponse(request, "error.html", {"title": f"{err.status}", "err": err, "nav": "",
                                                              "json_url": None}, status_code=err.status, headers=headers)


def _qs(**params: Any) -> str:
    """A query string of the non-empty parameters (for next-page links)."""
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


@router.get("/", response_class=HTMLResponse)
def network_page(request: Request, views: ViewsDep, w: WindowDep, people: bool = False, since1: api.Day = None,
                 until1: api.Day = None) -> HTMLResponse:
    data = api.graph(views, w, min_events=0, max_nodes=api.MAX_NODES, people=people)
    top = sorted((e for e in data["edges"] if e["events"]), key=lambda e: (-e["events"], e["id"]))[:15]
    names = {n["id"]: n["label"] for n in data["nodes"]}
    changed = None
    if since1 or until1:
        from detente.analysis.records import state_names

        states = state_names(views.store)
        changed = api.changes(views, since1, until1, data["since"], data["until"])
        for kind in ("appeared", "vanished", "flipped", "relations", "moved"):
            for item in changed[kind]:
                for n in item["pair"]:
                    names.setdefault(n, node_label(n, n, None, states))
    return _page(request, "network", "Network", data, top=top, names=names, changed=changed,
                 compare={"since1": since1 or "", "until1": until1 or ""})


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, views: ViewsDep, w: WindowDep, type: api.EventType = None,  # noqa: A002
             actor: Text = None) -> HTMLResponse:
    return _page(request, "map", "Map", api.map_events(views, w, type=type, actor=actor))


@router.get("/actors", response_class=HTMLResponse)
def actors_page(request: Request, views: ViewsDep, p: PagingDep, q: Text = None,
                kind: Annotated[str | None, Query(pattern="^(state|person|organisation|group)$")] = None) -> HTMLResponse:
    data = api.actors(views, p, q=q, kind=kind)
    return _page(request, "actors", "Actors", data, next_qs=_qs(q=q, kind=kind, limit=p.limit, offset=data["next_offset"]))


@router.get("/actors/{key:rest}", response_class=HTMLResponse)
def actor_page(request: Request, key: str, views: ViewsDep, w: WindowDep, p: PagingDep) -> HTMLResponse:
    data = api.actor(key, views, w, p)
    cited = [e for r in data["allies"] + data["adversaries"] + data["relations"] for e in r["evidence"][:1]]
    return _page(request, "actor", data["name"], data, chart=render.partners_svg(data["timeline"]),
                 names=node_names(views.store, data),
                 quotes={e["event_id"]: evidence_sentence(e) for e in cited + data["recent_events"]})


def node_names(store: Any, data: dict[str, Any]) -> dict[str, str]:
    """What to call each analysis node a dossier names: its partners' names, else a state's or group's short name."""
    nodes = {data["speaks_for"]} if data["speaks_for"] else set()
    for r in data["allies"] + data["adversaries"] + data["relations"]:
        nodes.update([r["target"]] if isinstance(r["target"], str) else r["target"])
    for b in data["brokerage"]:
        nodes.update(b["between"])
    for e in data["recent_events"]:
        nodes.update(e["actors"] + e["recipients"])
    from detente.analysis.records import state_names

    states = state_names(store)
    names = {n: node_label(n, states.get(n, n), None, states) for n in nodes if n}
    return names | {p["node"]: p["name"] for p in data["partners"]}


@router.get("/dyads/{a:segment}/{b:segment}", response_class=HTMLResponse)
def dyad_page(request: Request, a: str, b: str, views: ViewsDep, w: WindowDep,
              freq: Annotated[str, Query(pattern="^(day|week|month|quarter|year)$")] = "month") -> HTMLResponse:
    data = api.dyad(a, b, views, w, freq)
    chart = render.timeline_svg(data["timeline"])
    names = data["actors"]
    return _page(request, "dyad", f"{names['a']['name']} – {names['b']['name']}", data, chart=chart,
                 spans={e["event_id"]: evidence_sentence(e) for e in data["events"]})


@router.get("/dyads", response_class=HTMLResponse)
def dyads_page(request: Request, views: ViewsDep, w: WindowDep, p: PagingDep) -> HTMLResponse:
    data = api.dyads(views, w, p)
    return _page(request, "dyads", "Dyads", data)


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, views: ViewsDep, w: WindowDep, p: PagingDep, actor: Text = None, recipient: Text = None,
                type: Annotated[str | None, Query(pattern="^[A-Za-z_]{2,20}$")] = None, outlet: Text = None) -> HTMLResponse:
    data = api.events(views, w, p, actor=actor, recipient=recipient, type=type, outlet=outlet)
    next_qs = _qs(actor=actor, recipient=recipient, type=type, outlet=outlet, since=data["filters"]["since"],
                  until=data["filters"]["until"], limit=p.limit, offset=data["next_offset"])
    return _page(request, "events", "Events", data, next_qs=next_qs,
                 spans={e["id"]: event_sentence(e) for e in data["items"]})


@router.get("/events/{event_id:rest}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str, views: ViewsDep) -> HTMLResponse:
    data = api.event(event_id, views)
    return _page(request, "event", f"{data['type']} event", data, sentence=event_sentence(data))


@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request, views: ViewsDep, w: WindowDep, p: PagingDep, outlet: Text = None) -> HTMLResponse:
    data = api.articles(views, w, p, outlet=outlet)
    next_qs = _qs(outlet=outlet, since=data["filters"]["since"], until=data["filters"]["until"], limit=p.limit,
                  offset=data["next_offset"])
    return _page(request, "articles", "Articles", data, next_qs=next_qs)


@router.get("/articles/{article_id:rest}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str, views: ViewsDep) -> HTMLResponse:
    data = api.article(article_id, views)
    spans = [render.Span(m["start"], m["end"], f"actor {m['kind']}", title=m["name"], href=f"/actors/{render.path_part(m['key'])}")
             for m in data["mentions"]]
    return _page(request, "article", data["title"] or data["id"], data, body=render.paragraphs(data["body"], spans))


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, store: StoreDep, q: Annotated[str, Query(max_length=MAX_QUERY_CHARS)] = "") -> HTMLResponse:
    data: dict[str, Any] = search_view(store, q)
    return _page(request, "search", "Search", data, spans={e["id"]: event_sentence(e) for e in data["events"]})


@router.get("/relations", response_class=HTMLResponse)
def relations_page(request: Request, views: ViewsDep, w: WindowDep, p: PagingDep, actor: Text = None) -> HTMLResponse:
    return _page(request, "relations", "Relations", api.relations(views, w, p, label=None, actor=actor))


@router.get("/stories", response_class=HTMLResponse)
def stories_page(request: Request, views: ViewsDep, w: WindowDep, p: PagingDep) -> HTMLResponse:
    return _page(request, "stories", "Stories", api.stories(views, w, p))


def evidence_sentence(e: dict[str, Any]) -> Any:
    """A cited event's sentence (the analysis' evidence: sentence and trigger words) with its trigger marked."""
    sentence = e.get("sentence") or ""
    at = sentence.find(e.get("trigger") or "\0") if e.get("trigger") else -1
    spans = [render.Span(at, at + len(e["trigger"]), "trigger", "trigger")] if at >= 0 else []
    return render.highlight(sentence, spans)


def event_sentence(ev: dict[str, Any]) -> Any:
    """The evidence sentence with the trigger and each party's words marked (escaped piece by piece)."""
    evidence = ev.get("evidence") or {}
    sentence = evidence.get("sentence") or ""
    spans: list[render.Span] = []
    t_start, t_end, base = evidence.get("trigger_start"), evidence.get("trigger_end"), evidence.get("start") or 0
    if isinstance(t_start, int) and isinstance(t_end, int) and 0 <= t_start - base < t_end - base <= len(sentence):
        spans.append(render.Span(t_start - base, t_end - base, "trigger", "trigger"))
    elif evidence.get("trigger"):
        at = sentence.find(evidence["trigger"])
        if at >= 0:
            spans.append(render.Span(at, at + len(evidence["trigger"]), "trigger", "trigger"))
    taken = [(s.start, s.end) for s in spans]
    for cls, field in (("actor", "actors"), ("recipient", "recipients"), ("third", "third_parties")):
        for party in ev.get(field) or []:
            words = party.get("text") or ""
            at = _free(sentence, words, taken)
            if at is None:
                continue
            href = f"/actors/{render.path_part(party['key'])}" if party.get("key") else None
            spans.append(render.Span(at, at + len(words), cls, f"{cls}: {party.get('name')}", href))
            taken.append((at, at + len(words)))
    return render.highlight(sentence, spans)


def _free(sentence: str, words: str, taken: list[tuple[int, int]]) -> int | None:
    """Where `words` first occurs in the sentence outside the spans already marked."""
    if not words:
        return None
    at = sentence.find(words)
    while at >= 0:
        if all(at >= e or at + len(words) <= s for s, e in taken):
            return at
        at = sentence.find(words, at + 1)
    return None
