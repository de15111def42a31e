"""The web app's read queries over the store: listings with paging, one actor, one article, one event.

Bound parameters only. Every listing fetches `limit + 1` rows so the page knows whether a next one
exists without a second, costly `count(*)` over a filtered join.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from detente.store import Store
from detente.store import queries as store_queries
from detente.store.queries import event_window

#: rows per page when the client does not say
DEFAULT_LIMIT = 50
#: the most rows one request may ask for: a page of 500 events with their JSON is ~1 MB
MAX_LIMIT = 500
#: the deepest offset a listing accepts; SQLite walks skipped rows, so deep paging costs linear time
MAX_OFFSET = 100_000
#: the longest full-text query accepted (FTS5 cost grows with the number of terms)
MAX_QUERY_CHARS = 200


@dataclass
class Page:
    """One page of a listing and where the next one starts."""

    items: list[dict[str, Any]]
    limit: int
    offset: int
    has_more: bool

    def to_dict(self) -> dict[str, Any]:
        return {"items": self.items, "limit": self.limit, "offset": self.offset,
                "next_offset": self.offset + self.limit if self.has_more else None}


def page(rows: list[dict[str, Any]], limit: int, offset: int) -> Page:
    """Cut the `limit + 1` rows a listing fetched into a page."""
    return Page(items=rows[:limit], limit=limit, offset=offset, has_more=len(rows) > limit)


# ------------------------------------------------------------------------------------------ actors
_ACTIVITY = """(SELECT count(DISTINCT p.event_id) FROM event_parties p WHERE p.actor_id = a.id
                 OR (a.kind = 'state' AND p.actor_id IS NULL AND p.code = a.code))"""


def actors(store: Store, q: str | None = None, kind: str | None = None, limit: int = DEFAULT_LIMIT,
           offset: int = 0) -> Page:
    """Actors with how many events and articles they take part in, most active first."""
    sql = f"""SELECT a.id, a.key, a.name, a.code, a.kind, a.sector, {_ACTIVITY} AS events,
              (SELECT count(*) FROM article_actors aa WHERE aa.actor_id = a.id) AS articles
              FROM actors a WHERE (? IS NULL OR a.kind = ?)"""
    params: list[Any] = [kind, kind]
    if q:
        like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        sql += """ AND (a.name LIKE ? ESCAPE '\\' OR a.key LIKE ? ESCAPE '\\' OR a.code = ? COLLATE NOCASE
                   OR EXISTS (SELECT 1 FROM mentions m WHERE m.actor_id = a.id AND m.text LIKE ? ESCAPE '\\'))"""
        params += [like, like, q, like]
    sql += " ORDER BY events DESC, articles DESC, a.name LIMIT ? OFFSET ?"
    params += [limit + 1, offset]
    return page([dict(r) for r in store.conn.execute(sql, params)], limit, offset)


def actor(store: Store, key: str) -> dict[str, Any] | None:
    """One actor by its key (or a state's code, or an exact name)."""
    row = store.conn.execute("SELECT * FROM actors WHERE key = ?", (key,)).fetchone()
    if row is None:
        found = store_queries.find_actors(store, key)
        exact = [r for r in found if key.casefold() in (str(r["key"]).casefold(), str(r["code"] or "").casefold(),
                                                         str(r["name"]).casefold())]
        return exact[0] if exact else None
    return dict(row)


def actor_events(store: Store, actor_row: dict[str, Any], since: date | None = None, until: date | None = None,
                 limit: int = DEFAULT_LIMIT, offset: int = 0) -> Page:
    """Events an actor takes part in (any role), newest first."""
    # the sort key is selected too: PostgreSQL orders a SELECT DISTINCT only by what it selects
    sql = """SELECT DISTINCT e.id, e.day FROM events e JOIN event_parties p ON p.event_id = e.id
             WHERE (p.actor_id = ? OR (? = 'state' AND p.actor_id IS NULL AND p.code = ?))"""
    params: list[Any] = [actor_row["id"], actor_row["kind"], actor_row["code"]]
    sql, params = _date_filter(sql, params, since, until)
    sql += " ORDER BY e.day DESC, e.id LIMIT ? OFFSET ?"
    params += [limit + 1, offset]
    ids = [r[0] for r in store.conn.execute(sql, params)]
    return page([e for e in (event(store, i) for i in ids) if e], limit, offset)


def _date_filter(sql: str, params: list[Any], since: date | None, until: date | None) -> tuple[str, list[Any]]:
    """An event's date is its own span, else its article's publication date (events.day, day_end)."""
    window, window_params = event_window(since, until)
    return sql + window, params + window_params


# ------------------------------------------------------------------------------------------ events
def events(store: Store, actor: str | None = None, recipient: str | None = None, type_: str | None = None,
           since: date | None = None, until: date | None = None, outlet: str | None = None,
           limit: int = DEFAULT_LIMIT, offset: int = 0) -> Page:
    rows = list(store_queries.events(store, actor=actor, recipient=recipient, type_=type_, since=since, until=until,
                                     outlet=outlet, limit=limit + 1, offset=offset))
    return page([_with_keys(store, e) for e in rows], limit, offset)


def event(store: Store, event_id: str) -> dict[str, Any] | None:
    """One event with its article's metadata and each party's actor key (for links)."""
    row = store.conn.execute(
        """SELECT e.id, e.data, e.article_id, a.outlet, a.title, a.published, a.url
           FROM events e JOIN articles a ON a.id = e.article_id WHERE e.id = ?""",
        (event_id,),
    ).fetchone()
    if row is None:
        return None
    data = json.loads(row["data"])
    data.update(id=row["id"], article_id=row["article_id"], outlet=row["outlet"], article_title=row["title"],
                article_published=row["published"], article_url=row["url"])
    return _with_keys(store, data)


def _with_keys(store: Store, data: dict[str, Any]) -> dict[str, Any]:
    """Add `key` (the stored actor's key) to every party so pages can link to its dossier."""
    keyed: dict[tuple[str, int], str | None] = {
        (r["role"], r["position"]): r["key"]
        for r in store.conn.execute(
            """SELECT p.role, p.position, coalesce(a.key, s.key) AS key FROM event_parties p
               LEFT JOIN actors a ON a.id = p.actor_id
               LEFT JOIN actors s ON p.actor_id IS NULL AND s.kind = 'state' AND s.code = p.code
               WHERE p.event_id = ?""",
            (data["id"],),
        )
    }
    for role, field in (("actor", "actors"), ("recipient", "recipients")):
        for i, party in enumerate(data.get(field) or []):
            party["key"] = keyed.get((role, i))
    for i, third in enumerate(data.get("third_parties") or []):
        third["key"] = keyed.get((third.get("role") or "", i))
    return data


# ------------------------------------------------------------------------------------------ articles
def articles(store: Store, outlet: str | None = None, since: date | None = None, until: date | None = None,
             limit: int = DEFAULT_LIMIT, offset: int = 0) -> Page:
    rows = list(store.articles(outlet=outlet, since=since, until=until, limit=limit + 1, offset=offset))
    return page(rows, limit, offset)


def article(store: Store, article_id: str) -> dict[str, Any] | None:
    """One article with its body, the actors it names with their mentions, and its events."""
    art = store.article(article_id)
    if art is None:
        return None
    aid = art["id"]
    mentions = [dict(r) for r in store.conn.execute(
        """SELECT m.start, m."end", m.text, m.how, a.key, a.name, a.kind FROM mentions m JOIN actors a ON a.id = m.actor_id
           WHERE m.article_id = ? ORDER BY m.start, m."end" DESC""",
        (aid,),
    )]
    actors_ = [dict(r) for r in store.conn.execute(
        """SELECT a.key, aa.name, aa.code, a.kind, aa.sector, aa.role,
           (SELECT count(*) FROM mentions m WHERE m.article_id = aa.article_id AND m.actor_id = a.id) AS mentions
           FROM article_actors aa JOIN actors a ON a.id = aa.actor_id WHERE aa.article_id = ? ORDER BY mentions DESC, aa.name""",
        (aid,),
    )]
    ids = [r[0] for r in store.conn.execute("SELECT id FROM events WHERE article_id = ? ORDER BY start, id", (aid,))]
    events_ = [e for e in (event(store, i) for i in ids) if e]
    return art | {"mentions": mentions, "actors": actors_, "events": events_}


def outlets(store: Store) -> list[dict[str, Any]]:
    return [dict(r) for r in store.conn.execute(
        "SELECT outlet, count(*) AS articles FROM articles WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY articles DESC")]


def search(store: Store, q: str, limit: int = 20) -> dict[str, Any]:
    """Articles by full text, actors by name or mention, events by their sentence."""
    q = q.strip()[:MAX_QUERY_CHARS]
    if not q:
        return {"q": q, "articles": [], "actors": [], "events": []}
    like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    ids = [r[0] for r in store.conn.execute(
        "SELECT id FROM events WHERE sentence LIKE ? ESCAPE '\\' ORDER BY date_start DESC, id LIMIT ?", (like, limit))]
    return {
        "q": q,
        "articles": store.search(q, limit=limit),
        "actors": actors(store, q=q, limit=limit).items,
        "events": [e for e in (event(store, i) for i in ids) if e],
    }


def date_range(store: Store) -> dict[str, str | None]:
    """The first and last day any event or article is dated: the bounds of the time-window control."""
    row = store.conn.execute(
        """SELECT min(d), max(d) FROM (SELECT coalesce(e.date_start, a.published) AS d FROM events e
           JOIN articles a ON a.id = e.article_id UNION ALL SELECT published FROM articles) WHERE d IS NOT NULL"""
    ).fetchone()
    return {"min": row[0], "max": row[1]}
