"""Listings and single records: articles, actors, events (see detente.views for the contract)."""
from __future__ import annotations

from typing import Any

from detente.store import Store, queries
from detente.views import ALL_DATES, ALL_ROWS, BadParameter, NotFound, Paging, Window, key_arg, page

#: the kinds of actor the store knows
KINDS = ("state", "person", "organisation", "group")


def articles(store: Store, *, window: Window = ALL_DATES, paging: Paging = ALL_ROWS,
             outlet: str | None = None) -> dict[str, Any]:
    """Stored articles without their bodies, newest first (the window is on their publication date), and every
    outlet with its article count."""
    rows = list(store.articles(outlet=outlet or None, since=window.since, until=window.until, limit=paging.fetch,
                               offset=paging.offset))
    return page(rows, paging, filters={"outlet": outlet or None} | window.to_dict(), outlets=queries.outlets(store))


def article(store: Store, article_id: str) -> dict[str, Any]:
    """One article (its id, or a unique prefix of 6+ characters): body, sources, mentions, actors, events."""
    found = queries.article(store, (key_arg(article_id, "article id") or "").strip())
    if found is None:
        raise NotFound("article", article_id)
    return found


def actors(store: Store, *, paging: Paging = ALL_ROWS, q: str | None = None, kind: str | None = None) -> dict[str, Any]:
    """Actors with their events, articles and mentions, most active first; `q` matches a name, key, code or alias."""
    if kind and kind not in KINDS:
        raise BadParameter(f"kind={kind!r}: one of {', '.join(KINDS)}")
    rows = queries.actors(store, q=key_arg(q, "q") or None, kind=kind or None, limit=paging.fetch, offset=paging.offset)
    return page(rows, paging, filters={"q": q or None, "kind": kind or None})


def events(store: Store, *, window: Window = ALL_DATES, paging: Paging = ALL_ROWS, actor: str | None = None,
           recipient: str | None = None, type: str | None = None, outlet: str | None = None) -> dict[str, Any]:  # noqa: A002
    """Events, newest first, each with its sentence and its parties' actor keys; `actor` and `recipient` match a
    party's code, name, words or actor key (what the sentence says)."""
    rows = list(queries.events(store, actor=key_arg(actor, "actor") or None, recipient=key_arg(recipient, "recipient") or None, type_=type or None,
                               since=window.since, until=window.until, outlet=outlet or None, limit=paging.fetch,
                               offset=paging.offset))
    queries.with_keys_many(store, rows)
    filters = {"actor": actor or None, "recipient": recipient or None, "type": type or None, "outlet": outlet or None}
    return page(rows, paging, filters=filters | window.to_dict())


def event(store: Store, event_id: str) -> dict[str, Any]:
    """One event with its evidence sentence, parties (with their actor keys), date, modality and source."""
    found = queries.event(store, key_arg(event_id, "event id") or "")
    if found is None:
        raise NotFound("event", event_id)
    return found
