"""The read queries of the store, for the read layer (`detente.views`) and the analysis; bound parameters only.

    lookup, resolve            who is who: the one way a user's words (a code, key, name or alias) find an actor
    actors, actor_profile      the actors listing; one actor's aliases, roles, mentions, articles
    events, event, events_by_id   the events listing; events, each party with its stored actor's key
    node_event_ids, actor_event_ids   the events of an analysis node, or of one stored actor (a person's own)
    article, outlets           one article with its mentions, actors and events; the outlets and their counts
    search_events, date_range  events by their sentence; the first and last day anything is dated
    event_window               the WHERE fragment of a date window over events

A node is an actor's identity in the analysis (see detente.store.facts): a state code, CODE:SECTOR for rebels
or the opposition, else a name. A person or a ministry with a state's code is counted for that state there.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from detente.model import Location
from detente.store import Store, facts

#: the most rows a fuzzy actor lookup (a name or alias containing the words) returns
FUZZY_LIMIT = 20


# ------------------------------------------------------------------------------------------ who is who
@dataclass
class Lookup:
    """What a user's words name: the stored actor (when one matches) and its analysis node."""

    row: dict[str, Any] | None
    node: str
    #: other stored actors the words match too, best first
    others: list[dict[str, Any]] = field(default_factory=list)


def actor_node(row: dict[str, Any]) -> str:
    """The analysis node of a stored actor: a group or organisation keeps its sector (TUR:OPP), others fold."""
    sector = row["sector"] if row["kind"] in ("group", "organisation") else None
    return facts.node_of(row["code"], sector, row["name"])


def code_shaped(q: str) -> bool:
    """A state code (AZE) or a dissident node (TUR:OPP), as the analysis writes them."""
    head, colon, _tail = q.partition(":")
    return head.isalpha() and len(head) == 3 and head.isupper() and (bool(colon) or len(q) == 3)


def lookup(store: Store, query: str) -> Lookup | None:
    """The actor the words name, in this order: a key, state code or name (any case; states first); a code-shaped
    query (AZE, TUR:OPP) that names a node with events; the words of a mention (the actor they name most often);
    a name or mention containing them. None when nothing matches (and no event names such a node)."""
    q = query.strip()
    if not q:
        return None
    rows = [dict(r) for r in store.execute(
        """SELECT * FROM actors WHERE key = ? COLLATE NOCASE OR (kind = 'state' AND code = ? COLLATE NOCASE)
           OR name = ? COLLATE NOCASE ORDER BY kind = 'state' DESC, key = ? DESC, id""", (q, q, q, q))]
    if not rows and code_shaped(q.upper()) and node_exists(store, q.upper()):
        return Lookup(None, q.upper())
    if not rows:
        rows = [dict(r) for r in store.execute(
            """SELECT a.* FROM mentions m JOIN actors a ON a.id = m.actor_id WHERE m.text = ? COLLATE NOCASE
               GROUP BY a.id ORDER BY count(*) DESC, a.id LIMIT ?""", (q, FUZZY_LIMIT))]
    if not rows:
        like = f"%{_escape_like(q)}%"
        rows = [dict(r) for r in store.execute(
            """SELECT DISTINCT a.* FROM actors a LEFT JOIN mentions m ON m.actor_id = a.id
               WHERE a.name LIKE ? ESCAPE '\\' OR m.text LIKE ? ESCAPE '\\' ORDER BY a.id LIMIT ?""",
            (like, like, FUZZY_LIMIT))]
    if rows:
        return Lookup(rows[0], actor_node(rows[0]), rows[1:])
    if node_exists(store, q):
        return Lookup(None, q)
    return None


def resolve(store: Store, query: str) -> str:
    """The analysis node for what a user typed (`lookup`'s), else the words themselves (a 3-letter code in capitals):
    the analysis answers for any node, with nothing when no event names it."""
    q = query.strip()
    if not q:
        raise ValueError("empty actor")
    found = lookup(store, q)
    if found is not None:
        return found.node
    return q.upper() if len(q) == 3 and q.isalpha() else q


def node_exists(store: Store, node: str) -> bool:
    """Whether any stored event has a party that stands for `node` (read off the code and name indexes)."""
    row = store.execute("""SELECT 1 FROM event_parties WHERE (code = ? OR code = ? OR name = ?) AND node = ? LIMIT 1""",
                        (node, node.partition(":")[0], node, node)).fetchone()
    return row is not None


def node_kind(node: str) -> str | None:
    """The kind of actor a node no stored actor stands for: a state (AZE), a group (TUR:OPP), else unknown."""
    if code_shaped(node):
        return "group" if ":" in node else "state"
    return None


def node_actor(store: Store, node: str) -> dict[str, Any] | None:
    """The stored actor a node stands for, where one does: its state, or the group or body it names."""
    code, _, sector = node.partition(":")
    if code_shaped(node):
        row = store.execute("""SELECT * FROM actors WHERE code = ? AND (kind = 'state' OR (sector = ? AND kind <> 'person'))
                               ORDER BY kind = 'state' DESC, id LIMIT 1""", (code, sector)).fetchone()
        if row is not None and (not sector or row["kind"] != "state"):
            return dict(row)
        return None
    row = store.execute("SELECT * FROM actors WHERE name = ? ORDER BY kind = 'person', id LIMIT 1", (node,)).fetchone()
    return dict(row) if row is not None else None


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# ------------------------------------------------------------------------------------------ actors
_ACTIVITY = """(SELECT count(DISTINCT p.event_id) FROM event_parties p WHERE p.actor_id = a.id
                 OR (a.kind = 'state' AND p.actor_id IS NULL AND p.code = a.code))"""


def actors(store: Store, q: str | None = None, kind: str | None = None, limit: int | None = None,
           offset: int = 0) -> list[dict[str, Any]]:
    """Actors with how many events, articles and mentions name them, most active first; `q` matches a name, key,
    code or mention's words."""
    sql = f"""SELECT a.id, a.key, a.name, a.code, a.kind, a.sector, a.role, {_ACTIVITY} AS events,
              (SELECT count(*) FROM article_actors aa WHERE aa.actor_id = a.id) AS articles,
              (SELECT count(*) FROM mentions m WHERE m.actor_id = a.id) AS mentions
              FROM actors a WHERE (? IS NULL OR a.kind = ?)"""
    params: list[Any] = [kind, kind]
    if q:
        like = f"%{_escape_like(q)}%"
        sql += """ AND (a.name LIKE ? ESCAPE '\\' OR a.key LIKE ? ESCAPE '\\' OR a.code = ? COLLATE NOCASE
                   OR EXISTS (SELECT 1 FROM mentions m WHERE m.actor_id = a.id AND m.text LIKE ? ESCAPE '\\'))"""
        params += [like, like, q, like]
    sql += " ORDER BY events DESC, articles DESC, a.name"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    return [dict(r) for r in store.execute(sql, params)]


def actor_profile(store: Store, actor_id: int) -> dict[str, Any]:
    """Aliases, roles, mention counts and articles of one actor."""
    actor = dict(store.execute("SELECT * FROM actors WHERE id = ?", (actor_id,)).fetchone())
    aliases: dict[str, int] = {}
    how: dict[str, int] = {}
    for text, h, n in store.execute(
        "SELECT text, how, count(*) FROM mentions WHERE actor_id = ? GROUP BY text, how", (actor_id,)
    ):
        aliases[text] = aliases.get(text, 0) + n
        how[h or "?"] = how.get(h or "?", 0) + n
    roles = sorted({(r[0], r[1], r[2]) for r in store.execute(
        "SELECT code, sector, role FROM article_actors WHERE actor_id = ? AND role IS NOT NULL", (actor_id,))},
        key=lambda r: tuple(x or "" for x in r))
    articles = [dict(r) for r in store.execute(
        """SELECT a.id, a.published, a.outlet, a.title,
           (SELECT count(*) FROM mentions m WHERE m.article_id = a.id AND m.actor_id = ?) AS mentions
           FROM article_actors aa JOIN articles a ON a.id = aa.article_id WHERE aa.actor_id = ?
           ORDER BY a.published IS NULL, a.published DESC, a.id""",
        (actor_id, actor_id),
    )]
    events = store.execute(
        "SELECT role, count(*) FROM event_parties WHERE actor_id = ? GROUP BY role ORDER BY role", (actor_id,)
    ).fetchall()
    return actor | {
        "aliases": sorted(aliases, key=lambda t: (-aliases[t], t)),
        "mention_counts": {"total": sum(aliases.values()), "by_text": aliases, "by_how": how},
        "roles": [{"code": c, "sector": s, "role": r} for c, s, r in roles],
        "articles": articles,
        "events_by_role": {r: n for r, n in events},
    }


# ------------------------------------------------------------------------------------------ events
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
    """Stored events, newest first; `actor`/`recipient` match a party's code, name or words, or its actor's key
    (case-insensitive): a filter on what the sentence says, so `--actor TUR` also finds Turkey's president."""
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
    for row in store.execute(sql, params):
        data = json.loads(row["data"])
        data["id"] = row["id"]
        data.update(article_id=row["article_id"], outlet=row["outlet"], article_title=row["title"],
                    article_published=row["article_published"])
        yield data


def event(store: Store, event_id: str) -> dict[str, Any] | None:
    """One event with its article's metadata and each party's actor key (for links)."""
    found = events_by_id(store, [event_id])
    return found[0] if found else None


def events_by_id(store: Store, ids: list[str]) -> list[dict[str, Any]]:
    """Events as `event` gives them, in the order of `ids` (those not stored are left out)."""
    by_id: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for row in store.execute(
            f"""SELECT e.id, e.data, e.article_id, a.outlet, a.title, a.published, a.url
                FROM events e JOIN articles a ON a.id = e.article_id WHERE e.id IN ({','.join('?' * len(chunk))})""",
            chunk,
        ):
            data = json.loads(row["data"])
            data.update(id=row["id"], article_id=row["article_id"], outlet=row["outlet"], article_title=row["title"],
                        article_published=row["published"], article_url=row["url"])
            by_id[row["id"]] = data
    found = [by_id[i] for i in ids if i in by_id]
    with_keys_many(store, found)
    return found


def with_keys(store: Store, data: dict[str, Any]) -> dict[str, Any]:
    """Add `key` (the stored actor's key) and `node` (the analysis node) to every party of an event's dict."""
    with_keys_many(store, [data])
    return data


def with_keys_many(store: Store, events_: list[dict[str, Any]]) -> None:
    """`with_keys` for several events at once (one query per 500)."""
    keyed: dict[tuple[str, str, int], tuple[str | None, str | None]] = {}
    ids = list(dict.fromkeys(e["id"] for e in events_))
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for r in store.execute(
            f"""SELECT p.event_id, p.role, p.position, p.node, coalesce(a.key, s.key) AS key FROM event_parties p
                LEFT JOIN actors a ON a.id = p.actor_id
                LEFT JOIN actors s ON p.actor_id IS NULL AND s.kind = 'state' AND s.code = p.code
                WHERE p.event_id IN ({','.join('?' * len(chunk))})""", chunk):
            keyed[(r["event_id"], r["role"], r["position"])] = (r["key"], r["node"])
    for data in events_:
        eid = data["id"]
        for role, field_ in (("actor", "actors"), ("recipient", "recipients")):
            for i, party in enumerate(data.get(field_) or []):
                party["key"], party["node"] = keyed.get((eid, role, i), (None, None))
        for i, third in enumerate(data.get("third_parties") or []):
            third["key"], third["node"] = keyed.get((eid, third.get("role") or "", i), (None, None))


def _event_ids(store: Store, sql: str, params: list[Any], since: date | None, until: date | None, limit: int | None,
               offset: int) -> list[str]:
    window, window_params = event_window(since, until)
    # the sort key is selected too: PostgreSQL orders a SELECT DISTINCT only by what it selects
    sql = f"SELECT DISTINCT e.id, e.day FROM events e JOIN event_parties p ON p.event_id = e.id WHERE {sql}{window}"
    sql += " ORDER BY e.day DESC, e.id"
    params = params + window_params
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    return [r[0] for r in store.execute(sql, params)]


def node_event_ids(store: Store, node: str, since: date | None = None, until: date | None = None,
                   limit: int | None = None, offset: int = 0) -> list[str]:
    """The ids of the events a node takes part in (any role), newest first: what the analysis counts for it
    (a state's include its president's)."""
    where = "(p.code = ? OR p.code = ? OR p.name = ?) AND p.node = ?"
    return _event_ids(store, where, [node, node.partition(":")[0], node, node], since, until, limit, offset)


def actor_event_ids(store: Store, actor_row: dict[str, Any], since: date | None = None, until: date | None = None,
                    limit: int | None = None, offset: int = 0) -> list[str]:
    """The ids of the events one stored actor takes part in (any role), newest first: a person's own events (and for
    a state, those naming it by its code alone)."""
    where = "(p.actor_id = ? OR (? = 'state' AND p.actor_id IS NULL AND p.code = ?))"
    return _event_ids(store, where, [actor_row["id"], actor_row["kind"], actor_row["code"]], since, until, limit, offset)


def search_events(store: Store, q: str, limit: int) -> list[dict[str, Any]]:
    """Events whose sentence contains the words, latest first."""
    ids = [r[0] for r in store.execute(
        "SELECT id FROM events WHERE sentence LIKE ? ESCAPE '\\' ORDER BY date_start DESC, id LIMIT ?",
        (f"%{_escape_like(q)}%", limit))]
    return events_by_id(store, ids)


# ------------------------------------------------------------------------------------------ articles
def article(store: Store, article_id: str) -> dict[str, Any] | None:
    """One article with its body and sources, the actors it names with their mentions, and its events."""
    art = store.article(article_id)
    if art is None:
        return None
    aid = art["id"]
    mentions = [dict(r) for r in store.execute(
        """SELECT m.start, m."end", m.text, m.how, a.key, a.name, a.kind FROM mentions m JOIN actors a ON a.id = m.actor_id
           WHERE m.article_id = ? ORDER BY m.start, m."end" DESC""",
        (aid,),
    )]
    actors_ = [dict(r) for r in store.execute(
        """SELECT a.key, aa.name, aa.code, a.kind, aa.sector, aa.role,
           (SELECT count(*) FROM mentions m WHERE m.article_id = aa.article_id AND m.actor_id = a.id) AS mentions
           FROM article_actors aa JOIN actors a ON a.id = aa.actor_id WHERE aa.article_id = ? ORDER BY mentions DESC, aa.name""",
        (aid,),
    )]
    ids = [r[0] for r in store.execute("SELECT id FROM events WHERE article_id = ? ORDER BY start, id", (aid,))]
    events_ = events_by_id(store, ids)
    return art | {"mentions": mentions, "actors": actors_, "events": events_}


def outlets(store: Store) -> list[dict[str, Any]]:
    """Every outlet with how many articles it has, the largest first."""
    return [dict(r) for r in store.execute(
        """SELECT outlet, count(*) AS articles FROM articles WHERE outlet IS NOT NULL GROUP BY outlet
           ORDER BY articles DESC, outlet""")]


def date_range(store: Store) -> dict[str, str | None]:
    """The first and last day any event or article is dated: the bounds of a time-window control."""
    row = store.execute(
        """SELECT min(d), max(d) FROM (SELECT coalesce(e.date_start, a.published) AS d FROM events e
           JOIN articles a ON a.id = e.article_id UNION ALL SELECT published FROM articles) WHERE d IS NOT NULL"""
    ).fetchone()
    return {"min": row[0], "max": row[1]}


#: the stored columns of an event's location (migration 007), in Location's field order
LOCATION_COLUMNS = ("name", "code", "lat", "lon", "geonames_id", "admin1", "precision")


def event_locations(store: Store, ids: list[str]) -> dict[str, Location]:
    """The location of each of these events that has one (in batches of 500 ids)."""
    out: dict[str, Location] = {}
    cols = ", ".join(f"location_{c}" for c in LOCATION_COLUMNS)
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        sql = f"SELECT id, {cols} FROM events WHERE location_name IS NOT NULL AND id IN ({','.join('?' * len(chunk))})"
        for row in store.conn.execute(sql, chunk):
            out[row[0]] = Location(**dict(zip(LOCATION_COLUMNS, tuple(row)[1:], strict=True)))
    return out


# ------------------------------------------------------------------------------------------ places and people
_ANY_PARTY = """ AND EXISTS (SELECT 1 FROM event_parties p LEFT JOIN actors ac ON ac.id = p.actor_id
                 WHERE p.event_id = e.id AND (p.code = ? COLLATE NOCASE OR p.name = ? COLLATE NOCASE
                 OR p.text = ? COLLATE NOCASE OR p.node = ? OR ac.key = ? COLLATE NOCASE))"""


def _map_where(since: date | None, until: date | None, type_: str | None, actor: str | None) -> tuple[str, list[Any]]:
    sql, params = event_window(since, until)
    if type_:
        sql += " AND e.type = ?"
        params.append(type_.upper())
    if actor:
        sql += _ANY_PARTY
        params += [actor] * 5
    return sql, params


def located_events(store: Store, since: date | None = None, until: date | None = None, type_: str | None = None,
                   actor: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """The events of a window that have a location (migration 007), newest first, with what a map shows of each;
    `actor` matches any party's code, name, words, node or actor key (a map shows where an actor was, whatever its role)."""
    where, params = _map_where(since, until, type_, actor)
    cols = ", ".join(f"e.location_{c}" for c in LOCATION_COLUMNS)
    sql = f"""SELECT e.id, e.type, e.mode, e.modality, e.score, e.date_start, e.date_end, e.day, e.day_end, {cols}
              FROM events e WHERE e.location_name IS NOT NULL{where} ORDER BY e.day DESC, e.id"""
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [dict(r) for r in store.execute(sql, params)]


def map_counts(store: Store, since: date | None = None, until: date | None = None, type_: str | None = None,
               actor: str | None = None, located: int | None = None) -> dict[str, Any]:
    """How many of the window's events (with the filters) there are, how many have a location (`located` when the
    caller counted them all already: the count reads every event's row, the rest reads the window's index alone),
    and the events of each type (the type filter left out, so a map's type menu lists them all)."""
    where, params = _map_where(since, until, None, actor)
    # grouped by an expression, not the column: SQLite would otherwise walk all events in events_type's order rather
    # than the window's on events_window (a three-day window of a 200,000-event store: 1 s, not 10 ms)
    types = {r[0]: int(r[1]) for r in store.execute(
        f"SELECT e.type || '' AS t, count(*) AS n FROM events e WHERE 1=1{where} GROUP BY t ORDER BY n DESC, t", params)}
    total = types.get(type_.upper(), 0) if type_ else sum(types.values())
    if located is None:
        where, params = _map_where(since, until, type_, actor)
        located = int(store.execute(f"SELECT count(*) FROM events e WHERE e.location_name IS NOT NULL{where}",
                                    params).fetchone()[0])
    return {"events": total, "located": located, "types": types}


def party_names(store: Store, ids: list[str]) -> dict[str, dict[str, list[str]]]:
    """Each event's parties by role, as names in position order (one query per 500 ids)."""
    out: dict[str, dict[str, list[str]]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for r in store.execute(
            f"""SELECT event_id, role, name, code FROM event_parties WHERE event_id IN ({','.join('?' * len(chunk))})
                ORDER BY event_id, role, position""", chunk):
            out.setdefault(r["event_id"], {}).setdefault(r["role"], []).append(r["name"] or r["code"] or "")
    return out


def person_parties(store: Store, since: date | None = None, until: date | None = None
                   ) -> dict[str, tuple[str, dict[tuple[str, int], str]]]:
    """The window's events that have people among their parties: event id -> (its events.nodes text, and the
    (role, position) of each party that is a person -> that person's actor key)."""
    where, params = event_window(since, until)
    out: dict[str, tuple[str, dict[tuple[str, int], str]]] = {}
    for r in store.execute(
        f"""SELECT p.event_id, p.role, p.position, a.key, e.nodes FROM event_parties p JOIN actors a ON a.id = p.actor_id
            JOIN events e ON e.id = p.event_id WHERE a.kind = 'person'{where}""", params):
        out.setdefault(r["event_id"], (r["nodes"] or "", {}))[1][(r["role"], int(r["position"]))] = r["key"]
    return out


def actors_by_key(store: Store, keys: list[str]) -> dict[str, dict[str, Any]]:
    """Stored actors by key (one query per 500 keys)."""
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(keys), 500):
        chunk = keys[i:i + 500]
        for r in store.execute(f"SELECT * FROM actors WHERE key IN ({','.join('?' * len(chunk))})", chunk):
            out[r["key"]] = dict(r)
    return out
