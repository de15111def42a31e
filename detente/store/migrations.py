"""The schema as an append-only list of migrations; each one's name is recorded in `migrations` once applied.

Never edit or reorder an entry that has shipped: add a new one at the end.
"""
from __future__ import annotations

MIGRATIONS: list[tuple[str, str]] = [
    (
        "001_articles",
        """
        CREATE TABLE articles (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            body_hash TEXT NOT NULL UNIQUE,
            url TEXT,
            outlet TEXT,
            title TEXT,
            dek TEXT,
            section TEXT,
            byline TEXT,
            published TEXT,
            published_source TEXT,
            language TEXT,
            language_score REAL,
            reader TEXT,
            body TEXT NOT NULL,
            fetched_at TEXT,
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX articles_outlet ON articles(outlet);
        CREATE INDEX articles_published ON articles(published);
        CREATE TABLE sources (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            source TEXT NOT NULL,
            added_at TEXT NOT NULL,
            PRIMARY KEY (article_id, source)
        );
        CREATE INDEX sources_source ON sources(source);
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, body, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
        END;
        CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
        END;
        CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
            INSERT INTO articles_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
        END;
        """,
    ),
    (
        "002_actors_events",
        """
        CREATE TABLE actors (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            code TEXT,
            kind TEXT NOT NULL,
            sector TEXT,
            role TEXT
        );
        CREATE INDEX actors_code ON actors(code);
        CREATE INDEX actors_name ON actors(name COLLATE NOCASE);
        CREATE TABLE article_actors (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            actor_id INTEGER NOT NULL REFERENCES actors(id),
            name TEXT NOT NULL,
            code TEXT,
            sector TEXT,
            role TEXT,
            aliases TEXT NOT NULL DEFAULT '[]',
            PRIMARY KEY (article_id, actor_id)
        );
        CREATE INDEX article_actors_actor ON article_actors(actor_id);
        CREATE TABLE mentions (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            actor_id INTEGER NOT NULL REFERENCES actors(id),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            how TEXT,
            PRIMARY KEY (article_id, start, "end", actor_id)
        );
        CREATE INDEX mentions_actor ON mentions(actor_id);
        CREATE TABLE events (
            id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            type TEXT NOT NULL,
            mode TEXT,
            context TEXT,
            cameo TEXT,
            score REAL,
            modality TEXT,
            date_start TEXT,
            date_end TEXT,
            date_precision TEXT,
            attribution TEXT,
            extractor TEXT NOT NULL,
            confidence REAL,
            sentence TEXT NOT NULL,
            trigger TEXT,
            start INTEGER,
            "end" INTEGER,
            data TEXT NOT NULL
        );
        CREATE INDEX events_article ON events(article_id);
        CREATE INDEX events_type ON events(type);
        CREATE INDEX events_date ON events(date_start);
        CREATE TABLE event_parties (
            event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            position INTEGER NOT NULL,
            code TEXT,
            name TEXT,
            sector TEXT,
            text TEXT,
            actor_id INTEGER REFERENCES actors(id),
            PRIMARY KEY (event_id, role, position)
        );
        CREATE INDEX event_parties_code ON event_parties(code, role);
        CREATE INDEX event_parties_actor ON event_parties(actor_id, role);
        """,
    ),
    (
        "003_analysis_indexes",
        """
        CREATE INDEX IF NOT EXISTS event_parties_code_event ON event_parties(code, event_id);
        CREATE INDEX IF NOT EXISTS event_parties_name_event ON event_parties(name, event_id);
        """,
    ),
]
