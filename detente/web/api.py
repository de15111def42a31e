"""The JSON API under /api: each route returns what one view of `detente.views` answers, as `detente X --json`
prints it; the HTML page of the same path renders the same dict, so the three never disagree.

The views that read the whole analysis (dossiers, dyads, graph, network, relations, stories) are asked through
`Views.ask`: computed once per state of the store and kept (detente.web.cache). A listing the view computes
whole (dyads, relations, stories) is kept whole and each page cut from it (`views.repage`). Ids and keys are
path segments that may hold '/' (detente.web.paths).
"""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from detente.store import queries
from detente.views import ALL_DATES, Paging, Window, findings, geo, listings, network, pairs, repage
from detente.views import dossier as dossier_views
from detente.views import search as search_views
from detente.web.deps import DEFAULT_LIMIT, PagingDep, StoreDep, Views, ViewsDep, WindowDep

router = APIRouter(prefix="/api", tags=["api"])

Text = Annotated[str | None, Query(max_length=200)]
Kind = Annotated[str | None, Query(pattern="^(state|person|organisation|group)$")]
Freq = Annotated[str, Query(pattern="^(day|week|month|quarter|year)$")]
EventType = Annotated[str | None, Query(pattern="^[A-Za-z_]{2,20}$", description="PLOVER type")]
Day = Annotated[str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD", max_length=10)]
#: the most nodes the network sends by default, most active first: past ~150 a force layout is unreadable
MAX_NODES = 150


@router.get("", summary="What the API offers and how much the database holds")
def index(request: Request, views: ViewsDep) -> dict[str, Any]:
    held = views.ask(("index",), lambda s: {"counts": {t: s.count(t) for t in ("articles", "actors", "events")},
                                             "range": queries.date_range(s)})
    return {
        "name": "detente",
        "read_only": not request.app.state.settings.allow_ingest,
        **held,
        "endpoints": sorted(request.app.openapi()["paths"]),
        "docs": "/docs",
    }


@router.get("/articles", summary="Stored articles, newest first (detente articles)")
def articles(views: ViewsDep, w: WindowDep, p: PagingDep, outlet: Text = None) -> dict[str, Any]:
    return views.ask(("articles", w, p, outlet),  # type: ignore[no-any-return]
                     lambda s: listings.articles(s, window=w, paging=p, outlet=outlet))


@router.get("/articles/{article_id:rest}", summary="One article: body, the actors it names with their mentions, its events")
def article(article_id: str, views: ViewsDep) -> dict[str, Any]:
    return views.ask(("article", article_id), lambda s: listings.article(s, article_id))  # type: ignore[no-any-return]


@router.get("/actors", summary="Actors, most active first; q matches a name, key, code or alias (detente actors)")
def actors(views: ViewsDep, p: PagingDep, q: Text = None, kind: Kind = None) -> dict[str, Any]:
    return views.ask(("actors", p, q, kind), lambda s: listings.actors(s, paging=p, q=q, kind=kind))  # type: ignore[no-any-return]


@router.get("/actors/{key:rest}", summary="An actor's dossier: names, roles, relations, brokerage, partners, events")
def actor(key: str, views: ViewsDep, w: WindowDep, p: PagingDep) -> dict[str, Any]:
    return views.ask(("actor", key, w, p), lambda s: dossier_views.actor(s, key, window=w, paging=p))  # type: ignore[no-any-return]


@router.get("/events", summary="Events, newest first, filtered by actor, recipient, type, dates and outlet")
def events(views: ViewsDep, w: WindowDep, p: PagingDep, actor: Text = None, recipient: Text = None,
           type: EventType = None, outlet: Text = None) -> dict[str, Any]:  # noqa: A002
    return views.ask(("events", w, p, actor, recipient, type, outlet),  # type: ignore[no-any-return]
                     lambda s: listings.events(s, window=w, paging=p, actor=actor, recipient=recipient, type=type,
                                               outlet=outlet))


@router.get("/events/{event_id:rest}", summary="One event with its evidence sentence, parties, date, modality and source")
def event(event_id: str, views: ViewsDep) -> dict[str, Any]:
    return views.ask(("event", event_id), lambda s: listings.event(s, event_id))  # type: ignore[no-any-return]


@router.get("/dyads", summary="The pairs of actors with events between them, most events first (detente dyads)")
def dyads(views: ViewsDep, w: WindowDep, p: PagingDep) -> dict[str, Any]:
    return repage(views.ask(("dyads", w), lambda s: pairs.dyads(s, window=w)), p)


@router.get("/dyads/{a:segment}/{b:segment}", summary="Two actors: summary, cooperation-conflict timeline, relations, evidence")
def dyad(a: str, b: str, views: ViewsDep, w: WindowDep, freq: Freq = "month") -> dict[str, Any]:
    return views.ask(("dyad", a, b, w, freq), lambda s: pairs.dyad(s, a, b, window=w, freq=freq))  # type: ignore[no-any-return]


@router.get("/timeline/{a:segment}/{b:segment}", summary="Two actors' cooperation-conflict score by period (detente timeline)")
def timeline(a: str, b: str, views: ViewsDep, w: WindowDep, freq: Freq = "month") -> dict[str, Any]:
    return views.ask(("timeline", a, b, w, freq), lambda s: pairs.timeline(s, a, b, window=w, freq=freq))  # type: ignore[no-any-return]


@router.get("/relations", summary="Standing relations (allies, rivals, mediators ...) with their evidence")
def relations(views: ViewsDep, w: WindowDep, p: PagingDep,
              label: Annotated[list[str] | None, Query(max_length=20)] = None, actor: Text = None) -> dict[str, Any]:
    labels = tuple(label or ())
    return repage(views.ask(("relations", w, labels, actor),
                            lambda s: findings.relations(s, window=w, label=labels, actor=actor)), p)


@router.get("/stories", summary="Stories: one happening as several articles tell it, most corroborated first")
def stories(views: ViewsDep, w: WindowDep, p: PagingDep,
            min_articles: Annotated[int, Query(ge=1, le=1000)] = 1) -> dict[str, Any]:
    return repage(views.ask(("stories", w, min_articles),
                            lambda s: findings.stories(s, window=w, min_articles=min_articles)), p)


@router.get("/graph", summary="The actor graph as node-link JSON: nodes by activity, edges with volume, score and sign")
def graph(views: ViewsDep, w: WindowDep,
          min_events: Annotated[int, Query(ge=0, le=1000)] = 0,
          max_nodes: Annotated[int, Query(ge=1, le=10_000)] = MAX_NODES,
          people: Annotated[bool, Query(description="A node for each person, not counted for their state")] = False,
          ) -> dict[str, Any]:
    return views.ask(("graph", w, min_events, max_nodes, people),  # type: ignore[no-any-return]
                     lambda s: network.graph(s, window=w, min_events=min_events, max_nodes=max_nodes, people=people))


@router.get("/changes", summary="What moved in the actor graph from one window (since1-until1) to another (detente changes)")
def changes(views: ViewsDep, since1: Day = None, until1: Day = None, since2: Day = None,
            until2: Day = None) -> dict[str, Any]:
    before, after = Window.of(since1, until1), Window.of(since2, until2)
    return views.ask(("changes", before, after), lambda s: network.changes(s, before, after))  # type: ignore[no-any-return]


@router.get("/map", summary="Where the window's events happened: by place, and by state for those located only to one")
def map_events(views: ViewsDep, w: WindowDep, type: EventType = None, actor: Text = None) -> dict[str, Any]:  # noqa: A002
    return views.ask(("map", w, type, actor), lambda s: geo.map(s, window=w, type=type, actor=actor))  # type: ignore[no-any-return]


@router.get("/network", summary="Brokers between actors in conflict, centrality, structural balance (detente network)")
def network_measures(views: ViewsDep, w: WindowDep) -> dict[str, Any]:
    return views.ask(("network", w), lambda s: network.network(s, window=w))  # type: ignore[no-any-return]


def warm(views: Views, request: Request) -> None:
    """Compute what the landing pages ask for first (the network, the listings' first pages, dyads, stories,
    relations) so that their first visitor finds it kept: the same questions, so the same keys, as they ask."""
    first = Paging(DEFAULT_LIMIT)
    index(request, views)
    articles(views, ALL_DATES, first, None)
    events(views, ALL_DATES, first, None, None, None, None)
    actors(views, first, None, None)
    graph(views, ALL_DATES, 0, MAX_NODES, False)
    dyads(views, ALL_DATES, first)
    relations(views, ALL_DATES, first, None, None)
    stories(views, ALL_DATES, first, 1)


@router.get("/search", summary="Search articles (full text), actors (names, aliases) and events (sentences)")
def search(store: StoreDep, q: Annotated[str, Query(min_length=1, max_length=search_views.MAX_QUERY_CHARS)],
           limit: Annotated[int, Query(ge=1, le=100)] = 20) -> dict[str, Any]:
    return search_views.search(store, q, limit=limit)

