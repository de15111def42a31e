"""The store: one object owns the connection; every write goes through `Store.save`.

SQLite (WAL) is the embedded default. Its path comes from `--db`, `DETENTE_DB`, or the user's data
directory. A `postgresql://` URL there opens the team store on a PostgreSQL server instead
(`detente.store.postgres`): same migrations and queries, written once in SQLite's dialect and
translated by `detente.store.dialect`. Code outside the store runs SQL through `store.execute(sql,
params)` (or `store.conn.execute`, which is the same path), with `?` placeholders. One transaction per article: an article is stored with its sources, actors, mentions and
events, or not at all, so a run killed halfway leaves a consistent database and the same command
run again finishes the rest.
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from detente.model import Actor, Article, Event, Extraction, utcnow
from detente.store import facts
from detente.store.migrations import MIGRATIONS
from detente.store.opening import StoreError, StoreMissing, is_dsn, sqlite_connect

__all__ = ["PostgresStore", "Store", "StoreError", "StoreMissing", "is_dsn", "open_store"]

ENV_DB = "DETENTE_DB"
DB_NAME = "detente.db"
#: how long a writer waits for another process's lock before giving up
BUSY_TIMEOUT_MS = 30_000


def default_path() -> Path:
    """Where the database lives when neither --db nor DETENTE_DB says: the user's data directory."""
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("detente", appauthor=False)) / DB_NAME


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def actor_key(actor: Actor) -> str:
    """The actor's identity across articles: the stage's key, else kind + code + name."""
    if actor.key:
        return actor.key
    if actor.kind == "state" and actor.code:
        return actor.code
    return f"{actor.kind}:{slug(actor.name)}"


class Store:
    """A detente database: articles with their sources, actors, mentions and events."""

    #: the SQL dialect of the connection: "sqlite" here, "postgresql" for `PostgresStore`
    dialect = "sqlite"

    #: whether the connection cannot write (a read-only file, directory or mount): reads work, writes raise
    read_only = False

    def __new__(cls, path: str | os.PathLike[str] | None = None, create: bool = True) -> Store:
        """`Store("postgresql://...")` or a libpq "host=... dbname=..." string (or DETENTE_DB set to one) opens a PostgresStore."""
        location = path if path else os.environ.get(ENV_DB)
        if cls is Store and is_dsn(location):
            return super().__new__(PostgresStore)
        return super().__new__(cls)

    def __init__(self, path: str | os.PathLike[str] | None = None, create: bool = True) -> None:
        """Open (with `create`, or make) the store at `path`; StoreError, one line, when it cannot be.

        A file that is not a detente store (another application's SQLite database, any other file) is refused
        unchanged; without `create` a missing or empty file is refused too (a read command with a typo'd path).
        A store that cannot be written (read-only file, directory or mount) opens read-only (`read_only`).
        """
        if not path and is_dsn(os.environ.get(ENV_DB)):
            path = os.environ[ENV_DB]
        self.path = Path(path) if path else default_path()
        if str(self.path) == ":memory:":
            self.conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys=ON")
        else:
            self.conn, self.read_only = sqlite_connect(self.path, create, [name for name, _sql in MIGRATIONS],
                                                       BUSY_TIMEOUT_MS)
        if not self.read_only:
            try:
                self.migrate()
            except sqlite3.Error as exc:
                self.conn.close()
                raise StoreError(f"cannot set up the store at {self.path}: {exc}") from None

    # ---------------------------------------------------------------- schema
    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded; returns their names."""
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, applied_at TEXT NOT NULL)"
        )
        done = {r[0] for r in self.conn.execute("SELECT name FROM migrations")}
        applied = []
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            with self.transaction():
                for statement in _statements(sql):
                    self.conn.execute(statement)
                self.conn.execute("INSERT INTO migrations(name, applied_at) VALUES (?, ?)", (name, utcnow().isoformat()))
            applied.append(name)
        return applied

    def migrations(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM migrations ORDER BY id")]

    def execute(self, sql: str, params: Iterable[Any] = ()) -> Any:
        """Run one statement (SQLite dialect, `?` placeholders) on whichever database this is; returns its cursor."""
        return self.conn.execute(sql, tuple(params))

    def transaction(self) -> _Transaction:
        return _Transaction(self.conn)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------- writes
    def known(self, article: Article | str) -> str | None:
        """The stored id of an article with the same body (or body hash), if there is one."""
        body_hash = article if isinstance(article, str) else article.body_hash
        row = self.conn.execute("SELECT id FROM articles WHERE body_hash = ?", (body_hash,)).fetchone()
        return row[0] if row else None

    def add_sources(self, article_id: str, sources: Iterable[str]) -> int:
        """Record more places an already stored article was found; returns how many were new."""
        with self.transaction():
            return self._add_sources(article_id, sources)

    def _add_sources(self, article_id: str, sources: Iterable[str]) -> int:
        now = utcnow().isoformat()
        added = 0
        for source in sources:
            cur = self.conn.execute(
                "INSERT OR IGNORE INTO sources(article_id, source, added_at) VALUES (?, ?, ?)", (article_id, source, now)
            )
            added += max(cur.rowcount, 0)
        return added

    def save(self, extraction: Extraction) -> bool:
        """Store an article with everything extracted from it, in one transaction.

        Returns False (and only adds its sources) when an article with the same body is already stored.
        """
        with self.transaction():
            return self._insert(extraction)

    def save_many(self, extractions: Iterable[Extraction]) -> list[bool]:
        """Store several whole articles in one transaction (what parallel ingest's writer commits).

        All or none: a failure rolls the whole batch back, so a batch never leaves part of an article.
        Returns, for each, whether it was new.
        """
        with self.transaction():
            return [self._insert(e) for e in extractions]

    def _insert(self, extraction: Extraction) -> bool:
        """The writes of `save`, inside the caller's transaction."""
        art = extraction.article
        existing = self.known(art)
        if existing:
            self._add_sources(existing, art.sources)
            return False
        if art.ingested_at is None:
            art.ingested_at = utcnow()
        article_id = art.id
        if self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone():
            # an input id already taken by a different body: fall back to the body hash
            article_id = art.id = art.body_hash
        self.conn.execute(
            """INSERT INTO articles(id, body_hash, url, outlet, title, dek, section, byline, published,
               published_source, language, language_score, reader, body, fetched_at, ingested_at)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            (article_id, art.body_hash, art.url, art.outlet, art.title, art.dek, art.section, art.byline,
             art.published.isoformat() if art.published else None, art.published_source, art.language,
             art.language_score, art.reader, art.body, _iso(art.fetched_at), _iso(art.ingested_at)),
        )
        now = utcnow().isoformat()
        self.conn.executemany(
            "INSERT OR IGNORE INTO sources(article_id, source, added_at) VALUES (?, ?, ?)",
            [(article_id, s, now) for s in art.sources],
        )
        ids = {actor.key or actor_key(actor): self._actor_id(actor) for actor in extraction.actors}
        for actor in extraction.actors:
            aid = ids[actor.key or actor_key(actor)]
            self.conn.execute(
                "INSERT OR IGNORE INTO article_actors(article_id, actor_id, name, code, sector, role, aliases, cameo) "
                "VALUES (?,?,?,?,?,?,?,?)",
                (article_id, aid, actor.name, actor.code, actor.sector, actor.role, json.dumps(actor.aliases), actor.cameo),
            )
            self.conn.executemany(
                'INSERT OR IGNORE INTO mentions(article_id, actor_id, start, "end", text, how) VALUES (?,?,?,?,?,?)',
                [(article_id, aid, m.start, m.end, m.text, m.how) for m in actor.mentions],
            )
        published = art.published.isoformat() if art.published else None
        for event in extraction.events:
            self._save_event(article_id, event, ids, published, art.outlet)
        if extraction.events:
            self.conn.execute(facts.BUMP_EVENTS)  # stored analysis summaries now predate the events
        return True

    def _actor_id(self, actor: Actor) -> int:
        key = actor_key(actor)
        row = self.conn.execute("SELECT id FROM actors WHERE key = ?", (key,)).fetchone()
        if row:
            return int(row[0])
        cur = self.conn.execute(
            "INSERT INTO actors(key, name, code, kind, sector, role, cameo) VALUES (?,?,?,?,?,?,?)",
            (key, actor.name, actor.code, actor.kind, actor.sector, actor.role, actor.cameo),
        )
        return int(cur.lastrowid or 0)

    def _save_event(self, article_id: str, event: Event, actor_ids: dict[str, int], published: str | None = None,
                    outlet: str | None = None) -> None:
        data = event.to_dict()
        ev = event.evidence
        eid = event.id or f"{article_id}:{ev.start}:{event.type}"
        parties = []
        cameos: dict[tuple[str, int], str | None] = {}  # (role, position) -> the party's CAMEO actor code
        for role, members in (("actor", event.actors), ("recipient", event.recipients)):
            for i, p in enumerate(members):
                parties.append((role, i, p.code, p.name, p.sector, p.text, actor_ids.get(p.actor_key or "")))
                cameos[(role, i)] = p.cameo
        for i, t in enumerate(event.third_parties):
            parties.append((t.role, i, t.code, t.name, None, t.text, actor_ids.get(t.actor_key or "")))
            cameos[(t.role, i)] = t.cameo
        date_start = event.date.start.isoformat() if event.date else None
        date_end = event.date.end.isoformat() if event.date else None
        # parties are keyed by (role, position): a repeated key keeps the last, as INSERT OR REPLACE below does
        unique = list({(p[0], p[1]): p for p in parties}.values())
        derived, nodes, pairs = facts.event_facts(
            eid, article_id, outlet, published, date_start, date_end, event.type, event.mode, event.modality,
            event.score, ev.start, [(role, pos, code, name, sector) for role, pos, code, name, sector, _t, _a in unique])
        old = [r[0] for r in self.conn.execute("SELECT node FROM event_parties WHERE event_id = ? AND node <> ''", (eid,))]
        if old:  # an event saved again: its old pairs go, found by their key (no index on event_id needed)
            nodes_ = sorted(set(old))
            self.conn.executemany("DELETE FROM event_pairs WHERE a = ? AND b = ? AND event_id = ?",
                                  [(x, y, eid) for i, x in enumerate(nodes_) for y in nodes_[i + 1:]])
            self.conn.executemany("DELETE FROM event_pairs WHERE a = ? AND b = ? AND event_id = ?",
                                  [(y, x, eid) for i, x in enumerate(nodes_) for y in nodes_[i + 1:]])
        loc = event.location
        self.conn.execute(
            """INSERT OR REPLACE INTO events(id, article_id, type, mode, context, cameo, score, modality, date_start,
               date_end, date_precision, attribution, extractor, confidence, sentence, trigger, start, "end", data,
               day, day_end, day_tier, nodes, location_name, location_code, location_lat, location_lon,
               location_geonames_id, location_admin1, location_precision)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            (eid, article_id, event.type, event.mode, event.context,
             event.cameo, event.score, event.modality, date_start, date_end,
             event.date.precision if event.date else None,
             event.attribution.name if event.attribution else None, event.extractor, event.confidence,
             ev.sentence, ev.trigger, ev.start, ev.end, json.dumps(data, ensure_ascii=False), *derived,
             *((loc.name, loc.code, loc.lat, loc.lon, loc.geonames_id, loc.admin1, loc.precision) if loc else (None,) * 7)),
        )
        self.conn.executemany(
            "INSERT OR REPLACE INTO event_parties(event_id, role, position, code, name, sector, text, actor_id, node, cameo) "
            "VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(eid, role, pos, code, name, sector, text, actor_id, node, cameos.get((role, pos)))
             for (role, pos, code, name, sector, text, actor_id), node in zip(unique, nodes, strict=True)],
        )
        self.conn.executemany(facts.INSERT_PAIRS, pairs)

    # ---------------------------------------------------------------- reads
    def count(self, table: str = "articles") -> int:
        if table not in {"articles", "sources", "actors", "events", "mentions", "event_parties"}:
            raise ValueError(f"unknown table {table!r}")
        return int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def articles(self, outlet: str | None = None, since: date | None = None, until: date | None = None,
                 limit: int | None = None, offset: int = 0) -> Iterator[dict[str, Any]]:
        """Article rows without their bodies, newest first."""
        sql = """SELECT a.id, a.published, a.published_source, a.outlet, a.title, a.section, a.byline, a.language, a.url,
                 length(a.body) AS chars, a.ingested_at,
                 (SELECT json_group_array(source) FROM sources s WHERE s.article_id = a.id) AS sources
                 FROM articles a WHERE 1=1"""
        params: list[Any] = []
        if outlet:
            sql += " AND a.outlet = ? COLLATE NOCASE"
            params.append(outlet)
        if since:
            sql += " AND a.published >= ?"
            params.append(since.isoformat())
        if until:
            sql += " AND a.published <= ?"
            params.append(until.isoformat())
        sql += " ORDER BY a.published IS NULL, a.published DESC, a.rowid"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        for row in self.conn.execute(sql, params):
            d = dict(row)
            d["sources"] = json.loads(d["sources"] or "[]")
            yield d

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article with body and sources; an id prefix of 6+ characters is enough when unique."""
        row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None and len(article_id) >= 6:
            rows = self.conn.execute("SELECT * FROM articles WHERE id LIKE ? LIMIT 2", (_like_prefix(article_id),)).fetchall()
            row = rows[0] if len(rows) == 1 else None
        if row is None:
            return None
        d = dict(row)
        d.pop("rowid", None)
        d["sources"] = [r[0] for r in self.conn.execute("SELECT source FROM sources WHERE article_id = ? ORDER BY added_at, source", (d["id"],))]
        return d

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over titles and bodies (SQLite FTS5), best match first, with a snippet."""
        sql = """SELECT a.id, a.published, a.outlet, a.title,
                 snippet(articles_fts, 1, '[', ']', '…', 16) AS snippet, bm25(articles_fts) AS rank
                 FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
                 WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?"""
        try:
            rows = self.conn.execute(sql, (query, limit)).fetchall()
        except sqlite3.OperationalError:
            # not valid FTS5 syntax (a stray quote, a bare operator): search for the words as a phrase list
            rows = self.conn.execute(sql, (_fts_words(query), limit)).fetchall()
        return [dict(r) for r in rows]


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def __enter__(self) -> Any:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if not exc_type:
            try:
                self.conn.execute("COMMIT")
                return
            except BaseException:  # a COMMIT that fails (a full disk) must not leave the transaction open
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
        if self.conn.in_transaction:  # SQLite has rolled back already after some errors (a full disk)
            self.conn.execute("ROLLBACK")


def _statements(sql: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    out, buf = [], ""
    for line in sql.strip().splitlines():
        buf += line + "\n"
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _like_prefix(prefix: str) -> str:
    return prefix.replace("\\", "").replace("%", "").replace("_", "") + "%"


def _fts_words(query: str) -> str:
    words = re.findall(r"\w+", query)
    return " ".join(f'"{w}"' for w in words) or '""'


class PostgresStore(Store):
    """The store on a PostgreSQL server; everything but the connection and full-text search is inherited."""

    dialect = "postgresql"

    def __init__(self, path: Any = None, create: bool = True) -> None:
        from detente.store.opening import redact, scrub
        from detente.store.postgres import PgConnection, connect

        self.dsn = str(path or os.environ.get(ENV_DB, ""))
        self.path = redact(self.dsn)  # type: ignore[assignment]
        try:
            raw = connect(self.dsn)
        except ImportError:
            raise StoreError("a PostgreSQL store needs psycopg: pip install 'detente[postgres]'") from None
        except Exception as exc:  # noqa: BLE001 - psycopg's errors (and libpq's DSN errors) as one line without the password
            raise StoreError(f"cannot connect to {self.path}: {scrub(str(exc), self.dsn)}") from None
        self.pg = PgConnection(raw)
        self.conn = self.pg  # type: ignore[assignment]  # the sqlite3 interface, translated
        self.pg.raw.execute(
            "CREATE COLLATION IF NOT EXISTS nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false)")
        self.migrate()

    def migrate(self) -> list[str]:
        """Apply the translated migrations not yet recorded, one transaction each, under an advisory lock."""
        from detente.store.dialect import fts_tables, translate_migration
        from detente.store.postgres import MIGRATION_LOCK

        raw = self.pg.raw
        raw.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK,))
        try:
            raw.execute("""CREATE TABLE IF NOT EXISTS migrations (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                           name TEXT NOT NULL UNIQUE, applied_at TEXT NOT NULL)""")
            done = {r[0] for r in raw.execute("SELECT name FROM migrations")}
            fts: set[str] = set()
            for _name, sql in MIGRATIONS:
                for stmt in _statements(sql):
                    fts |= set(fts_tables(stmt))
            applied = []
            for name, sql in MIGRATIONS:
                if name in done:
                    continue
                statements = translate_migration(_statements(sql), fts)
                with raw.transaction():
                    for stmt in statements:
                        raw.execute(stmt)
                    raw.execute("INSERT INTO migrations(name, applied_at) VALUES (%s, %s)", (name, utcnow().isoformat()))
                applied.append(name)
            self.pg.forget_catalog()
            return applied
        finally:
            raw.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK,))

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search (tsvector + GIN, `websearch_to_tsquery`), best match first, with a snippet."""
        from detente.store.dialect import TS_CONFIG

        sql = f"""SELECT a.id, a.published, a.outlet, a.title,
                  ts_headline('{TS_CONFIG}', a.body, q, 'StartSel="[", StopSel="]", MaxWords=16, MinWords=6') AS snippet,
                  -ts_rank(f.tsv, q) AS rank
                  FROM articles_fts f JOIN articles a ON a.rowid = f.rowid,
                  websearch_to_tsquery('{TS_CONFIG}', %s) AS q
                  WHERE f.tsv @@ q ORDER BY rank LIMIT %s"""
        return [dict(r) for r in self.pg.raw.execute(sql, (query, limit))]

    def drop_everything(self) -> None:
        """Remove every table this store created (tests and benchmarks on a scratch database)."""
        raw = self.pg.raw
        for (name,) in raw.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").fetchall():
            raw.execute(f'DROP TABLE IF EXISTS "{name}" CASCADE')
        for (name,) in raw.execute("""SELECT proname FROM pg_proc WHERE prokind = 'f'
                                      AND pronamespace = current_schema()::regnamespace""").fetchall():
            raw.execute(f'DROP FUNCTION IF EXISTS "{name}" CASCADE')
        self.pg.forget_catalog()


def open_store(path: str | os.PathLike[str] | None = None) -> Store:
    return Store(path)
