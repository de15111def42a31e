"""Search: articles by full text, actors by name or alias, events by their sentence (see detente.views)."""
from __future__ import annotations

from typing import Any

from detente.store import Store, queries

#: the longest query searched (FTS5's cost grows with the number of terms); longer ones are cut
MAX_QUERY_CHARS = 200


def search(store: Store, q: str, *, limit: int = 20) -> dict[str, Any]:
    """Articles (SQLite FTS5 syntax: words, "phrases", OR, NEAR; best match first, with a snippet), actors whose
    name, key, code or alias contains the words, events whose sentence does; at most `limit` of each."""
    q = (q or "").strip()[:MAX_QUERY_CHARS]
    if not q:
        return {"q": q, "limit": limit, "articles": [], "actors": [], "events": []}
    return {"q": q, "limit": limit, "articles": store.search(q, limit=limit),
            "actors": queries.actors(store, q=q, limit=limit), "events": queries.search_events(store, q, limit)}
