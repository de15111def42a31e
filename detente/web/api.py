"""The JSON API under /api: every page's data, with filters and paging, in one error shape.

Each HTML page calls the same function its JSON twin serves, so the two never disagree.
"""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from detente.web import network, queries
from detente.web.deps import ApiError, PagingDep, StoreDep, WindowDep, not_found

router = APIRouter(prefix="/api", tags=["api"])

Text = Annotated[str | None, Query(max_length=200)]


@router.get("", summary="What the API offers and how much the database holds")
def index(request: Request, store: StoreDep) -> dict[str, Any]:
    return {
        "name": "detente",
        "read_only": not request.app.state.settings.allow_ingest,
        "counts": {t: store.count(t) for t in ("articles", "actors", "events")},
        "range": queries.date_range(store),
        "endpoints": sorted(request.app.openapi()["paths"]),
        "docs": "/docs",
    }


@router.get("/articles", summary="Stored articles, newest first")
def articles(store: StoreDep, w: WindowDep, p: PagingDep, outlet: Text = None) -> dict[str, Any]:
    page = queries.articles(store, outlet=outlet, since=w.since, until=w.until, limit=p.limit, offset=p.offset)
    return page.to_dict() | {"filters": {"outlet": outlet, "since": _iso(w.since), "until": _iso(w.until)},
                             "outlets": queries.outlets(store)}


@router.get("/articles/{article_id}", summary="One article: body, the actors it names with their mentions, its events")
def article(article_id: str, store: StoreDep) -> dict[str, Any]:
    art = queries.article(store, article_id)
    if art is None:
        raise not_found("article", article_id)
    return art


@router.get("/actors", summary="Actors, most active first; q matches a name, key, code or mention")
def actors(store: StoreDep, p: PagingDep, q: Text = None,
           kind: Annotated[str | None, Query(pattern="^(state|person|organisation|group)$")] = None) -> dict[str, Any]:
    return queries.actors(store, q=q, kind=kind, limit=p.limit, offset=p.offset).to_dict() | {"filters": {"q": q, "kind": kind}}


@router.get("/actors/{key:path}", summary="An actor's dossier: names, roles, partners, articles, events")
def actor(key: str, store: StoreDep, w: WindowDep, p: PagingDep) -> dict[str, Any]:
    row = queries.actor(store, key)
    if row is None:
        raise not_found("actor", key)
    return network.dossier(store, row, w.since, w.until, limit=p.limit, offset=p.offset)


@router.get("/events", summary="Events, newest first, filtered by actor, recipient, type, dates and outlet")
def events(store: StoreDep, w: WindowDep, p: PagingDep, actor: Text = None, recipient: Text = None,
           type: Annotated[str | None, Query(pattern="^[A-Za-z_]{2,20}$", description="PLOVER type")] = None,
           outlet: Text = None) -> dict[str, Any]:
    page = queries.events(store, actor=actor, recipient=recipient, type_=type, since=w.since, until=w.until, outlet=outlet,
                          limit=p.limit, offset=p.offset)
    return page.to_dict() | {"filters": {"actor": actor, "recipient": recipient, "type": type, "outlet": outlet,
                                         "since": _iso(w.since), "until": _iso(w.until)}}


@router.get("/events/{event_id:path}", summary="One event with its evidence sentence, parties, date, modality and source")
def event(event_id: str, store: StoreDep) -> dict[str, Any]:
    ev = queries.event(store, event_id)
    if ev is None:
        raise not_found("event", event_id)
    return ev


@router.get("/dyads", summary="The pairs of actors with the most events between them")
def dyads(store: StoreDep, w: WindowDep, p: PagingDep) -> dict[str, Any]:
    g = network.graph(store, w.since, w.until)
    names = {n["id"]: n["label"] for n in g["nodes"]}
    edges = sorted(g["edges"], key=lambda e: (-e["events"], e["id"]))
    items = [e | {"source_name": names.get(e["source"]), "target_name": names.get(e["target"])}
             for e in edges[p.offset:p.offset + p.limit]]
    return {"items": items, "limit": p.limit, "offset": p.offset,
            "next_offset": p.offset + p.limit if len(edges) > p.offset + p.limit else None,
            "since": _iso(w.since), "until": _iso(w.until)}


@router.get("/dyads/{a}/{b}", summary="Two actors: the cooperation-conflict timeline and the evidence, both directions")
def dyad(a: str, b: str, store: StoreDep, w: WindowDep,
         freq: Annotated[str, Query(pattern="^(day|week|month|quarter|year)$")] = "month") -> dict[str, Any]:
    row_a, row_b = queries.actor(store, a), queries.actor(store, b)
    if row_a is None:
        raise not_found("actor", a)
    if row_b is None:
        raise not_found("actor", b)
    if row_a["key"] == row_b["key"]:
        raise ApiError(400, "bad_parameter", "a dyad needs two different actors")
    return network.dyad(store, row_a, row_b, w.since, w.until, freq)


@router.get("/relations", summary="Standing relations (allies, partners, rivals) from detente.analysis")
def relations(store: StoreDep, w: WindowDep) -> dict[str, Any]:
    return network.relations(store, w.since, w.until)


@router.get("/stories", summary="Stories: one happening as told by several articles, from detente.analysis")
def stories(store: StoreDep) -> dict[str, Any]:
    return network.stories(store)


@router.get("/graph", summary="The network: actors sized by activity, edges scored from conflict to cooperation")
def graph(store: StoreDep, w: WindowDep,
          min_events: Annotated[int, Query(ge=1, le=1000)] = 1,
          max_nodes: Annotated[int, Query(ge=1, le=network.MAX_NODES)] = network.MAX_NODES) -> dict[str, Any]:
    return network.graph(store, w.since, w.until, min_events=min_events, max_nodes=max_nodes)


@router.get("/search", summary="Search articles (full text), actors (names, mentions) and events (sentences)")
def search(store: StoreDep, q: Annotated[str, Query(min_length=1, max_length=queries.MAX_QUERY_CHARS)],
           limit: Annotated[int, Query(ge=1, le=100)] = 20) -> dict[str, Any]:
    return queries.search(store, q, limit=limit)


def _iso(d: Any) -> str | None:
    return d.isoformat() if d is not None else None
