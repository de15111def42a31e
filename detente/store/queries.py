"""Read queries over the store for the actors and events listings (bound parameters only)."""
from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

from detente.store import Store


def actors(store: Store, kind: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Every known actor with how many articles and mentions name it, most mentioned first."""
    sql = """SELECT a.id, a.key, a.name, a.code, a.kind, a.sector, a.role,
             (SELECT count(*) FROM article_actors aa WHERE aa.actor_id = a.id) AS articles,
             (SELECT count(*) FROM mentions m WHERE m.actor_id = a.id) AS mentions
             FROM actors a WHERE (? IS NULL OR a.kind = ?) ORDER BY mentions DESC, a.name"""
    params: list[Any] = [kind, kind]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [dict(r) for r in store.conn.execute(sql, params)]


def find_actors(store: Store, query: str) -> list[dict[str, Any]]:
    """Actors whose key, code or name is `query` (case-insensitive), else whose name or a mention contains it."""
    q = query.strip()
    rows = store.conn.execute(
        """SELECT * FROM actors WHERE key = ? COLLATE NOCASE OR (kind = 'state' AND code = ? COLLATE NOCASE)
           OR name = ? COLLATE NOCASE ORDER BY kind = 'state' DESC, id""",
        (q, q, q),
    ).fetchall()
    if not rows:
        like = f"%{q}%"
        rows = store.conn.execute(
            """SELECT DISTINCT a.* FROM actors a LEFT JOIN mentions m ON m.actor_id = a.id
               WHERE a.name LIKE ? OR m.text LIKE ? ORDER BY a.id LIMIT 20""",
            (like, like),
        ).fetchall()
    return [dict(r) for r in rows]


def actor_profile(store: Store, actor_id: int) -> dict[str, Any]:
    """Aliases, roles, mention counts and articles of one actor."""
    actor = dict(store.conn.execute("SELECT * FROM actors WHERE id = ?", (actor_id,)).fetchone())
    aliases: dict[str, int] = {}
    how: dict[str, int] = {}
    for text, h, n in store.conn.execute(
        "SELECT text, how, count(*) FROM mentions WHERE actor_id = ? GROUP BY text, how", (actor_id,)
    ):
        aliases[text] = aliases.get(text, 0) + n
        how[h or "?"] = how.get(h or "?", 0) + n
    roles = sorted({(r[0], r[1], r[2]) for r in store.conn.execute(
        "SELECT code, sector, role FROM article_actors WHERE actor_id = ? AND role IS NOT NULL", (actor_id,))})
    articles = [dict(r) for r in store.conn.execute(
        """SELECT a.id, a.published, a.outlet, a.title,
           (SELECT count(*) FROM mentions m WHERE m.article_id = a.id AND m.actor_id = ?) AS mentions
           FROM article_actors aa JOIN articles a ON a.id = aa.article_id WHERE aa.actor_id = ?
           ORDER BY a.published DESC""",
        (actor_id, actor_id),
    )]
    events = store.conn.execute(
        "SELECT role, count(*) FROM event_parties WHERE actor_id = ? GROUP BY role", (actor_id,)
    ).fetchall()
    return actor | {
        "aliases": sorted(aliases, key=lambda t: -aliases[t]),
        "mention_counts": {"total": sum(aliases.values()), "by_text": aliases, "by_how": how},
        "roles": [{"code": c, "sector": s, "role": r} for c, s, r in roles],
        "articles": articles,
        "events_by_role": {r: n for r, n in events},
    }


def event_window(since: date | None, until: date | None, article: str = "a", events: str = "e") -> tuple[str, list[Any]]:
    """The WHERE fragment keeping events that overlap [since, until]: an event's own date span, else its
    article's publication date (events.day and day_end, filled on save: see detente.store.facts).

    `events` is the alias of the events table; `article` is kept for callers that name their articles join
    (the window no longer reads it). A lower bound per day_tier lets the index (day_tier, day) serve it:
    an event whose span ends on or after `since` starts on or after since, its month or its year, by tier."""
    e = events
    sql, params = "", list[Any]()
    if since:
        sql += f" AND {e}.day_end >= ?"
        params.append(since.isoformat())
    if until:
        sql += f" AND {e}.day <= ?"
        params.append(until.isoformat())
    if since:
        s = since.isoformat()
        upper, top = (f" AND {e}.day <= ?", [until.isoformat()]) if until else ("", [])
        branches = []
        for tier, bound in ((0, s), (1, s[:7]), (2, s[:4])):
            branches.append(f"({e}.day_tier = ? AND {e}.day >= ?{upper})")
            params += [tier, bound, *top]
        branches.append(f"({e}.day_tier = ?{upper})")
        params += [3, *top]
        sql += f" AND ({' OR '.join(branches)})"
    return sql, params


def events(store: Store, actor: str | None = None, recipient: str | None = None, type_: str | None = None,
           since: date | None = None, until: date | None = None, outlet: str | None = None,
           limit: int | None = None, offset: int = 0) -> Iterator[dict[str, Any]]:
    """Stored events, newest first; `actor`/`recipient` match a party's code, name or words (case-insensitive)."""
    sql = """SELECT e.id, e.data, e.article_id, a.outlet, a.title, a.published AS article_published
             FROM events e JOIN articles a ON a.id = e.article_id WHERE 1=1"""
    params: list[Any] = []
    for role, who in (("actor", actor), ("recipient", recipient)):
        if who:
            sql += """ AND EXISTS (SELECT 1 FROM event_parties p LEFT JOIN actors ac ON ac.id = p.actor_id
                       WHERE p.event_id = e.id AND p.role = ? AND (p.code = ? COLLATE NOCASE OR p.name = ? COLLATE NOCASE
                       OR p.text = ? COLLATE NOCASE OR ac.key = ? COLLATE NOCASE))"""
            params += [role, who, who, who, who]
    if type_:
        sql += " AND e.type = ?"
        params.append(type_.upper())
    window, window_params = event_window(since, until)
    sql += window
    params += window_params
    if outlet:
        sql += " AND a.outlet = ? COLLATE NOCASE"
        params.append(outlet)
    sql += " ORDER BY e.day DESC, e.article_id, e.start"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    for row in store.conn.execute(sql, params):
        data = json.loads(row["data"])
        data["id"] = row["id"]
        data.update(article_id=row["article_id"], outlet=row["outlet"], article_title=row["title"],
                    article_published=row["article_published"])
        yield data
