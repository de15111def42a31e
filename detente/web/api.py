"""The JSON API under /api: each route returns what one view of `detente.views` answers, as `detente X --json`
prints it; the HTML page of the same path renders the same dict, so the three never disagree."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from detente.store import queries
from detente.views import Window, findings, geo, listings, network, pairs
from detente.views import dossier as dossier_views
from detente.views import search as search_views
from detente.web.deps import PagingDep, StoreDep, WindowDep

router = APIRouter(prefix="/api", tags=["api"])

Text = Annotated[str | None, Query(max_length=200)]
Kind = Annotated[str | None, Query(pattern="^(state|person|organisation|group)$")]
Freq = Annotated[str, Query(pattern="^(day|week|month|quarter|year)$")]
EventType = Annotated[str | None, Query(pattern="^[A-Za-z_]{2,20}$", description="PLOVER type")]
Day = Annotated[str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD", max_length=10)]
#: the most nodes the network sends by default, most active first: past ~150 a force layout is unreadable
MAX_NODES = 150


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


@router.get("/articles", summary="Stored articles, newest first (detente articles)")
def articles(store: StoreDep, w: WindowDep, p: PagingDep, outlet: Text = None) -> dict[str, Any]:
    return listings.articles(store, window=w, paging=p, outlet=outlet)


@router.get("/articles/{article_id}", summary="One article: body, the actors it names with their mentions, its events")
def article(article_id: str, store: StoreDep) -> dict[str, Any]:
    return listings.article(store, article_id)


@router.get("/actors", summary="Actors, most active first; q matches a name, key, code or alias (detente actors)")
def actors(store: StoreDep, p: PagingDep, q: Text = None, kind: Kind = None) -> dict[str, Any]:
    return listings.actors(store, paging=p, q=q, kind=kind)


@router.get("/actors/{key:path}", summary="An actor's dossier: names, roles, relations, brokerage, partners, events")
def actor(key: str, store: StoreDep, w: WindowDep, p: PagingDep) -> dict[str, Any]:
    return dossier_views.actor(store, key, window=w, paging=p)


@router.get("/events", summary="Events, newest first, filtered by actor, recipient, type, dates and outlet")
def events(store: StoreDep, w: WindowDep, p: PagingDep, actor: Text = None, recipient: Text = None,
           type: EventType = None, outlet: Text = None) -> dict[str, Any]:  # noqa: A002
    return listings.events(store, window=w, paging=p, actor=actor, recipient=recipient, type=type, outlet=outlet)


@router.get("/events/{event_id:path}", summary="One event with its evidence sentence, parties, date, modality and source")
def event(event_id: str, store: StoreDep) -> dict[str, Any]:
    return listings.event(store, event_id)


@router.get("/dyads", summary="The pairs of actors with events between them, most events first (detente dyads)")
def dyads(store: StoreDep, w: WindowDep, p: PagingDep) -> dict[str, Any]:
    return pairs.dyads(store, window=w, paging=p)


@router.get("/dyads/{a}/{b}", summary="Two actors: summary, cooperation-conflict timeline, relations, evidence")
def dyad(a: str, b: str, store: StoreDep, w: WindowDep, freq: Freq = "month") -> dict[str, Any]:
    return pairs.dyad(store, a, b, window=w, freq=freq)


@router.get("/timeline/{a}/{b}", summary="Two actors' cooperation-conflict score by period (detente timeline)")
def timeline(a: str, b: str, store: StoreDep, w: WindowDep, freq: Freq = "month") -> dict[str, Any]:
    return pairs.timeline(store, a, b, window=w, freq=freq)


@router.get("/relations", summary="Standing relations (allies, rivals, mediators ...) with their evidence")
def relations(store: StoreDep, w: WindowDep, p: PagingDep,
              label: Annotated[list[str] | None, Query(max_length=20)] = None, actor: Text = None) -> dict[str, Any]:
    return findings.relations(store, window=w, paging=p, label=label or [], actor=actor)


@router.get("/stories", summary="Stories: one happening as several articles tell it, most corroborated first")
def stories(store: StoreDep, w: WindowDep, p: PagingDep,
            min_articles: Annotated[int, Query(ge=1, le=1000)] = 1) -> dict[str, Any]:
    return findings.stories(store, window=w, paging=p, min_articles=min_articles)


@router.get("/graph", summary="The actor graph as node-link JSON: nodes by activity, edges with volume, score and sign")
def graph(store: StoreDep, w: WindowDep,
          min_events: Annotated[int, Query(ge=0, le=1000)] = 0,
          max_nodes: Annotated[int, Query(ge=1, le=10_000)] = MAX_NODES,
          people: Annotated[bool, Query(description="A node for each person, not counted for their state")] = False,
          ) -> dict[str, Any]:
    return network.graph(store, window=w, min_events=min_events, max_nodes=max_nodes, people=people)


@router.get("/changes", summary="What moved in the actor graph from one window (since1-until1) to another (detente changes)")
def changes(store: StoreDep, since1: Day = None, until1: Day = None, since2: Day = None,
            until2: Day = None) -> dict[str, Any]:
    return network.changes(store, Window.of(since1, until1), Window.of(since2, until2))


@router.get("/map", summary="Where the window's events happened: by place, and by state for those located only to one")
def map_events(store: StoreDep, w: WindowDep, type: EventType = None, actor: Text = None) -> dict[str, Any]:  # noqa: A002
    return geo.map(store, window=w, type=type, actor=actor)


@router.get("/network", summary="Brokers between actors in conflict, centrality, structural balance (detente network)")
def network_measures(store: StoreDep, w: WindowDep) -> dict[str, Any]:
    return network.network(store, window=w)


@router.get("/search", summary="Search articles (full text), actors (names, aliases) and events (sentences)")
def search(store: StoreDep, q: Annotated[str, Query(min_length=1, max_length=search_views.MAX_QUERY_CHARS)],
           limit: Annotated[int, Query(ge=1, le=100)] = 20) -> dict[str, Any]:
    return search_views.search(store, q, limit=limit)

