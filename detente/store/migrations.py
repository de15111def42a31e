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
    (
        # what the analysis reads, computed once (detente/store/facts.py says what each column means; the save
        # path fills them through facts.event_facts); the backfill below is its SQL form, with the [nodes]
        # rules of relations.toml as they stand here (NODE_RULES_004)
        "004_analysis_facts",
        """
        ALTER TABLE events ADD COLUMN day TEXT;
        ALTER TABLE events ADD COLUMN day_end TEXT;
        ALTER TABLE events ADD COLUMN day_tier INTEGER;
        ALTER TABLE events ADD COLUMN nodes TEXT;
        ALTER TABLE event_parties ADD COLUMN node TEXT;
        UPDATE events SET
            day = coalesce(date_start, (SELECT a.published FROM articles a WHERE a.id = events.article_id)),
            day_end = coalesce(date_end, date_start, (SELECT a.published FROM articles a WHERE a.id = events.article_id));
        UPDATE events SET day_tier = CASE WHEN day IS NULL OR day_end IS NULL THEN 3 WHEN day_end = day THEN 0
            WHEN substr(day, 1, 7) = substr(day_end, 1, 7) THEN 1 WHEN substr(day, 1, 4) = substr(day_end, 1, 4) THEN 2
            ELSE 3 END;
        UPDATE event_parties SET node = CASE
            WHEN coalesce(CASE WHEN instr(code, ':') > 0 THEN substr(code, 1, instr(code, ':') - 1) ELSE code END, '') = ''
                 OR (CASE WHEN instr(code, ':') > 0 THEN substr(code, 1, instr(code, ':') - 1) ELSE code END)
                    IN ('IGO', 'NGO', 'MNC', 'UNK', 'XXX')
                THEN trim(coalesce(nullif(name, ''), nullif(code, ''), ''))
            WHEN (CASE WHEN instr(code, ':') > 0 THEN substr(code, instr(code, ':') + 1) ELSE sector END)
                 IN ('REB', 'OPP', 'INS', 'SEP', 'RAD')
                THEN (CASE WHEN instr(code, ':') > 0 THEN substr(code, 1, instr(code, ':') - 1) ELSE code END) || ':'
                     || (CASE WHEN instr(code, ':') > 0 THEN substr(code, instr(code, ':') + 1) ELSE sector END)
            ELSE (CASE WHEN instr(code, ':') > 0 THEN substr(code, 1, instr(code, ':') - 1) ELSE code END) END;
        UPDATE events SET nodes = (SELECT group_concat(p.role || '\x1f' || p.position || '\x1f' || coalesce(p.node, ''), '\x1a')
            FROM event_parties p WHERE p.event_id = events.id);
        CREATE TABLE event_pairs (
            a TEXT NOT NULL,
            b TEXT NOT NULL,
            event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            day TEXT,
            day_end TEXT,
            article_id TEXT NOT NULL,
            outlet TEXT,
            start INTEGER,
            type TEXT NOT NULL,
            mode TEXT,
            modality TEXT,
            score REAL,
            flags INTEGER NOT NULL,
            nodes TEXT,
            PRIMARY KEY (a, b, event_id)
        ) WITHOUT ROWID;
        INSERT INTO event_pairs(a, b, event_id, day, day_end, article_id, outlet, start, type, mode, modality, score, flags,
                                nodes)
        SELECT y.a, y.b, y.event_id, y.day, y.day_end, y.article_id, y.outlet, y.start, y.type, y.mode, y.modality, y.score,
            y.flags, CASE WHEN (y.flags & 32) <> 0 THEN y.nodes END
        FROM (SELECT x.a, x.b, x.event_id, e.day, e.day_end, e.article_id, ar.outlet, e.start, e.type, e.mode, e.modality,
                  e.score, e.nodes,
                  x.flags
                  + CASE WHEN EXISTS (SELECT 1 FROM event_parties m WHERE m.event_id = x.event_id AND m.role = 'mediator')
                         THEN 16 ELSE 0 END
                  + CASE WHEN EXISTS (SELECT 1 FROM event_parties t WHERE t.event_id = x.event_id
                                      AND t.role NOT IN ('actor', 'recipient') AND coalesce(t.node, '') <> '')
                           OR (SELECT count(DISTINCT r.node) FROM event_parties r WHERE r.event_id = x.event_id
                               AND r.role = 'recipient' AND coalesce(r.node, '') <> '') >= 2
                         THEN 32 ELSE 0 END AS flags
              FROM (SELECT p.event_id, p.node AS a, q.node AS b,
                           max(CASE WHEN p.role = 'actor' THEN 1 ELSE 0 END) + max(CASE WHEN p.role = 'recipient' THEN 2 ELSE 0 END)
                           + max(CASE WHEN q.role = 'actor' THEN 4 ELSE 0 END) + max(CASE WHEN q.role = 'recipient' THEN 8 ELSE 0 END)
                           AS flags
                    FROM event_parties p JOIN event_parties q ON q.event_id = p.event_id AND p.node < q.node
                    WHERE p.node <> '' AND q.node <> ''
                    GROUP BY p.event_id, p.node, q.node) AS x
              JOIN events e ON e.id = x.event_id
              JOIN articles ar ON ar.id = e.article_id) AS y;
        CREATE INDEX events_window ON events(day_tier, day, article_id, start, id, day_end, type, mode, modality, score, nodes);
        """,
    ),
    (
        # what the analysis keeps between processes (detente/analysis/summaries.py): per calendar month every
        # actor's dossier without its sentences, and the dyads of the largest pairs, each written by its first
        # query with the stamp it was computed at; `analysis_state` counts the saves that changed events
        # (facts.BUMP_EVENTS, on the save path), so what was written before a save is not read after it
        "005_analysis_summaries",
        """
        CREATE TABLE analysis_state (
            name TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        );
        INSERT INTO analysis_state(name, value) VALUES ('events', 0);
        CREATE TABLE analysis_summaries (
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            part TEXT NOT NULL,
            stamp TEXT NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (kind, key, part)
        );
        """,
    ),
    (
        # a dyad reads its pair's rows class by class (type, mode, modality, score, flags), each class in record
        # order (analysis.dyads.pair_rows): off this covering index SQLite needs no sort, and a class's first,
        # latest and cited rows are its ends; day_end is there for the window bound. Derived by the database
        # from event_pairs, so the save path and the benchmark's bulk build fill it as they fill the table
        "006_event_pairs_class",
        """
        CREATE INDEX event_pairs_class ON event_pairs(a, b, type, mode, modality, score, flags, day, article_id, start,
                                                      event_id, day_end, outlet, nodes);
        """,
    ),
    (
        # where each event happened (Event.location, set by the places stage: detente/places) as columns a query can
        # filter and an export can read without the JSON, and every party's full CAMEO actor code (Party.cameo,
        # ThirdParty.cameo, Actor.cameo) beside its state code. Stores written before had neither: nothing to fill
        "007_locations_cameo",
        """
        ALTER TABLE events ADD COLUMN location_name TEXT;
        ALTER TABLE events ADD COLUMN location_code TEXT;
        ALTER TABLE events ADD COLUMN location_lat REAL;
        ALTER TABLE events ADD COLUMN location_lon REAL;
        ALTER TABLE events ADD COLUMN location_geonames_id INTEGER;
        ALTER TABLE events ADD COLUMN location_admin1 TEXT;
        ALTER TABLE events ADD COLUMN location_precision TEXT;
        CREATE INDEX events_location ON events(location_code);
        ALTER TABLE event_parties ADD COLUMN cameo TEXT;
        ALTER TABLE actors ADD COLUMN cameo TEXT;
        ALTER TABLE article_actors ADD COLUMN cameo TEXT;
        """,
    ),
]

#: the [nodes] rules migration 004 computed event_parties.node with; a change to them needs a new migration
NODE_RULES_004 = (frozenset({"IGO", "NGO", "MNC", "UNK", "XXX"}), frozenset({"REB", "OPP", "INS", "SEP", "RAD"}))
