"""The store contract on SQLite and PostgreSQL both, and the SQLite -> PostgreSQL translation table.

The PostgreSQL half needs a server: set DETENTE_TEST_PG to a DSN (CI does: `.ci/postgres.sh` prints
one). Each test gets its own schema, dropped afterwards.
"""
from __future__ import annotations

import os
import uuid
from datetime import date
from urllib.parse import quote

import pytest

from detente.model import Actor, Article, Event, Evidence, Extraction, Mention, Party
from detente.store import Store, dialect, queries
from tests import analysis_random
from tests import test_places_store as places_store
from tests import test_store as contract

PG_ENV = "DETENTE_TEST_PG"


@pytest.fixture(scope="session")
def pg_server() -> str:
    dsn = os.environ.get(PG_ENV)
    if not dsn:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL server for the store tests (CI sets it from .ci/postgres.sh)")
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install 'detente[postgres]')")
    return dsn


@pytest.fixture
def pg_dsn(pg_server: str):
    """A DSN whose search_path is a fresh schema, so every test starts from an empty database."""
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in pg_server else "?"
    yield f"{pg_server}{sep}options={quote(f'-csearch_path={schema}')}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    """The same store tests on both backends (overrides conftest's SQLite-only fixture in this module)."""
    location = tmp_path / "t.db" if request.param == "sqlite" else request.getfixturevalue("pg_dsn")
    s = Store(location)
    assert s.dialect == request.param
    yield s
    s.close()


# the lead's store contract, re-run here on both backends (the SQLite-file-specific tests stay there)
test_save_is_atomic_and_dedupes_by_body = contract.test_save_is_atomic_and_dedupes_by_body
test_whitespace_and_case_variants_are_one_article = contract.test_whitespace_and_case_variants_are_one_article
test_failed_write_leaves_nothing_partial = contract.test_failed_write_leaves_nothing_partial
test_input_id_collision_falls_back_to_body_hash = contract.test_input_id_collision_falls_back_to_body_hash
test_full_text_search = contract.test_full_text_search
test_articles_filters = contract.test_articles_filters


def _extraction(body: str, sources: list[str], day: date, events: list[tuple[str, str, str, float]]) -> Extraction:
    art = Article(body=body, sources=sources, title=body[:30], outlet="Harbour Times", published=day)
    actors: dict[str, Actor] = {}
    evs = []
    for i, (etype, a, b, score) in enumerate(events):
        for code in (a, b):
            actors.setdefault(code, Actor(name=code.title(), code=code, key=code, mentions=[Mention(0, 3, code)]))
        evs.append(Event(type=etype, actors=[Party(a, a.title(), actor_key=a)], recipients=[Party(b, b.title(), actor_key=b)],
                         evidence=Evidence(sentence=body, trigger="x", start=i, end=len(body)), score=score,
                         id=f"{art.body_hash}:{i}"))
    return Extraction(article=art, actors=list(actors.values()), events=evs)


def test_batch_save_is_whole_articles_or_nothing(store):
    good = _extraction("Kenya sent aid to Sudan.", ["k.txt"], date(2025, 2, 1), [("AID", "KEN", "SDN", 7.0)])
    bad = _extraction("Egypt hosted talks with Qatar.", ["e.txt"], date(2025, 2, 2), [("CONSULT", "EGY", "QAT", 1.0)])
    bad.events[0].evidence = None  # type: ignore[assignment]  # fails mid-batch
    with pytest.raises(AttributeError):
        store.save_many([good, bad])
    assert store.count("articles") == 0 and store.count("events") == 0
    again = _extraction("Egypt hosted talks with Qatar.", ["e.txt"], date(2025, 2, 2), [("CONSULT", "EGY", "QAT", 1.0)])
    assert store.save_many([good, again, good]) == [True, True, False]
    assert store.count("articles") == 2 and store.count("events") == 2


def test_queries_read_the_same_on_both(store):
    store.save(_extraction("Poland sanctioned Hungary and Hungary protested.", ["p.txt"], date(2025, 5, 3),
                           [("SANCTION", "POL", "HUN", -5.0), ("PROTEST", "HUN", "POL", -6.5)]))
    store.save(_extraction("Poland and Hungary agreed on transit.", ["q.txt"], date(2025, 7, 9),
                           [("AGREE", "POL", "HUN", 3.0)]))
    assert [a["code"] for a in queries.actors(store)] == ["HUN", "POL"]  # ties break by name
    found = queries.lookup(store, "hun")  # COLLATE NOCASE
    assert found is not None and found.row is not None and (found.row["key"], found.node) == ("HUN", "HUN")
    evs = list(queries.events(store, actor="pol", since=date(2025, 6, 1)))
    assert [e["type"] for e in evs] == ["AGREE"]
    row = store.execute("SELECT count(*) AS n, avg(score) AS mean FROM events WHERE score < ?", [0]).fetchone()
    assert row["n"] == 2 and row[0] == 2 and abs(row["mean"] + 5.75) < 1e-9
    assert dict(row) == {"n": 2, "mean": -5.75}
    from detente import analysis

    d = analysis.dyad(store, "POL", "HUN")
    assert d["summary"]["events"] == 3


def test_url_in_the_environment_opens_postgres(pg_dsn, monkeypatch):
    monkeypatch.setenv("DETENTE_DB", pg_dsn)
    s = Store()
    assert s.dialect == "postgresql"
    assert ":***@" in str(s.path)  # the password never shows in messages
    assert s.migrate() == []
    s.close()


@pytest.mark.parametrize(("sqlite", "postgres"), [
    ("SELECT * FROM t WHERE a = ? AND b = ?", "SELECT * FROM t WHERE a = %s AND b = %s"),
    ("SELECT '?' || x FROM t WHERE y = ?", "SELECT '?' || x FROM t WHERE y = %s"),
    ("SELECT x % 5 FROM t WHERE y LIKE '50%'", "SELECT x %% 5 FROM t WHERE y ILIKE '50%%'"),
    ("SELECT 1 FROM t WHERE n NOT LIKE ?", "SELECT 1 FROM t WHERE n NOT ILIKE %s"),
    ("BEGIN IMMEDIATE", "BEGIN"),
    ("INSERT OR IGNORE INTO s(a, b) VALUES (?, ?)", "INSERT INTO s(a, b) VALUES (%s, %s) ON CONFLICT DO NOTHING"),
    ("SELECT json_group_array(source) FROM s", "SELECT COALESCE(json_agg(source)::text, '[]') FROM s"),
    ("SELECT json_array(a, b), ifnull(c, 0), instr(d, 'x') FROM t",
     "SELECT json_build_array(a, b), coalesce(c, 0), strpos(d, 'x') FROM t"),
    ("SELECT json_extract(data, '$.date.start') FROM e", "SELECT ((data)::jsonb #>> '{date,start}') FROM e"),
    ("SELECT group_concat(name) FROM a", "SELECT string_agg((name)::text, ',') FROM a"),
    ("SELECT max(a, b), max(c) FROM t", "SELECT GREATEST(a, b), max(c) FROM t"),
    ("SELECT * FROM a WHERE name = ? COLLATE NOCASE", "SELECT * FROM a WHERE name = %s COLLATE NOCASE"),
    ('SELECT "end", \'max(a, b)\' FROM m', 'SELECT "end", \'max(a, b)\' FROM m'),
    ("SELECT min(d) FROM (SELECT x AS d FROM t) WHERE d > ?", "SELECT min(d) FROM (SELECT x AS d FROM t) AS _sub1 WHERE d > %s"),
    ("SELECT * FROM (SELECT 1) AS s JOIN (SELECT 2)", "SELECT * FROM (SELECT 1) AS s JOIN (SELECT 2) AS _sub1"),
])
def test_translation_table(sqlite, postgres):
    assert dialect.translate(sqlite) == postgres


def test_pragma_is_dropped_and_upsert_uses_the_primary_key():
    assert dialect.translate("PRAGMA foreign_keys=ON") is None
    sql = dialect.translate("INSERT OR REPLACE INTO p(event_id, role, name) VALUES (?,?,?)",
                            lambda table: ["event_id", "role"] if table == "p" else [])
    assert sql == ('INSERT INTO p(event_id, role, name) VALUES (%s,%s,%s) ON CONFLICT ("event_id", "role") '
                   "DO UPDATE SET name = EXCLUDED.name")


def test_migration_translation_types_and_fts():
    fts: set[str] = set()
    out = dialect.translate_migration([
        "CREATE TABLE x (id INTEGER PRIMARY KEY, score REAL, name TEXT COLLATE NOCASE)",
        "CREATE VIRTUAL TABLE x_fts USING fts5(name, note, content='x', content_rowid='id')",
        "CREATE TRIGGER x_ai AFTER INSERT ON x BEGIN INSERT INTO x_fts(rowid, name) VALUES (new.id, new.name); END;",
    ], fts)
    assert out[0] == "CREATE TABLE x (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, score DOUBLE PRECISION, name TEXT COLLATE NOCASE)"
    assert fts == {"x_fts"}
    assert any("USING gin(tsv)" in s for s in out)
    assert not any("x_ai" in s for s in out)
    with pytest.raises(dialect.Untranslatable):
        dialect.translate_migration(["CREATE TRIGGER t AFTER INSERT ON y BEGIN UPDATE z SET n = n + 1; END;"], set())


# ------------------------------------------------------------------------------------------ analysis on both
def _analysis_outputs(store) -> dict:
    """What the analysis says of a store: dyads, dossiers, relations, the graph's edges (their order aside:
    PostgreSQL orders article ids by its collation)."""
    from detente import analysis

    out: dict = {}
    for since, until in ((None, None), (date(2025, 3, 1), date(2025, 8, 31))):
        key = f"{since}..{until}"
        for a, b in analysis_random.pairs():
            out[f"dyad {a} {b} {key}"] = analysis.dyad(store, a, b, since, until)
        out[f"dyad week {key}"] = analysis.dyad(store, "ARM", "AZE", since, until, freq="week")
        for actor in ("ARM", "USA", "ARM:REB", "United Nations"):
            out[f"dossier {actor} {key}"] = analysis.dossier(store, actor, since, until)
        out[f"relations {key}"] = analysis.relations(store, since, until)
        g = analysis.graph(store, since, until)
        out[f"edges {key}"] = sorted((tuple(sorted((x, y))), sorted(d.items())) for x, y, d in g.edges(data=True))
        out[f"nodes {key}"] = sorted((n, sorted(d.items())) for n, d in g.nodes(data=True))
    return out


def test_analysis_reads_the_same_on_both(pg_dsn, tmp_path):
    """dyad, dossier, relations and the graph on a random store saved to SQLite and to PostgreSQL alike."""
    lite, pg = Store(tmp_path / "a.db"), Store(pg_dsn)
    for x in analysis_random.extractions(60, seed=8):
        assert lite.save(x) and pg.save(x)
    expected, got = _analysis_outputs(lite), _analysis_outputs(pg)
    assert got.keys() == expected.keys()
    for key in expected:
        assert got[key] == expected[key], key
    lite.close()
    pg.close()


def test_migration_backfill_equals_save_path_on_both(store):
    from tests.test_analysis_paths import backfill_matches_save_path

    backfill_matches_save_path(store)


@pytest.mark.slow
def test_examples_analysed_the_same_on_both(pg_dsn, tmp_path):
    """The example articles through the real pipeline into each store: the same dyad and dossier."""
    from detente import analysis
    from detente.pipeline import ingest
    from tests.conftest import EXAMPLES

    sources = [str(EXAMPLES / "dyad"), str(EXAMPLES / "pages")]
    lite, pg = Store(tmp_path / "ex.db"), Store(pg_dsn)
    assert ingest(sources, lite).new == ingest(sources, pg).new > 0
    for a, b in (("ARM", "AZE"), ("TUR", "ISR")):
        assert analysis.dyad(pg, a, b) == analysis.dyad(lite, a, b)
    for actor in ("ARM", "AZE", "TUR"):
        assert analysis.dossier(pg, actor) == analysis.dossier(lite, actor)
    lite.close()
    pg.close()


# ------------------------------------------------------------------------------------------ the web app on PostgreSQL
def test_web_pool_opens_a_postgres_url(pg_dsn):
    from detente.web.db import StorePool

    pool = StorePool(pg_dsn, size=2)
    assert pool.path == pg_dsn
    with pool.reader() as s:
        assert s.dialect == "postgresql"
    pool.close()


def test_actor_events_page_on_both(store):
    """The actor page's event listing: DISTINCT with its sort key selected, as PostgreSQL requires."""
    from detente.views import Paging, Window
    from detente.views.dossier import actor

    store.save(_extraction("Poland sanctioned Hungary and Hungary protested.", ["p.txt"], date(2025, 5, 3),
                           [("SANCTION", "POL", "HUN", -5.0), ("PROTEST", "HUN", "POL", -6.5)]))
    store.save(_extraction("Poland and Hungary agreed on transit.", ["q.txt"], date(2025, 7, 9),
                           [("AGREE", "POL", "HUN", 3.0)]))
    page = actor(store, "POL", paging=Paging(50))["events"]
    assert [e["type"] for e in page["items"]] == ["AGREE", "SANCTION", "PROTEST"]  # newest first, then by id
    assert page["next_offset"] is None
    assert [e["type"] for e in actor(store, "POL", paging=Paging(1))["events"]["items"]] == ["AGREE"]
    june = actor(store, "POL", window=Window(date(2025, 6, 1)))["events"]["items"]
    assert [e["type"] for e in june] == ["AGREE"]


# events' locations and parties' CAMEO codes (migration 007) on both backends
test_locations_and_cameo_round_trip = places_store.test_locations_and_cameo_round_trip
