"""What the analysis stores for later processes gives what computing afresh gives, and is dropped when stale:

- a calendar month's dossiers (analysis.dossiers) and a large pair's dyad (analysis.summaries) read back from
  the store in a fresh connection equal those computed with nothing stored, on SQLite and PostgreSQL;
- a save (through the store) or an article deleted makes what was stored stale: the next query computes anew;
- a store that cannot be written (read-only connections, as the web app's readers are) answers all the same;
- brokerage for every broker at once equals brokerage asked broker by broker.
"""
from __future__ import annotations

import json
import random
from datetime import date

import networkx as nx
import pytest

from detente import analysis
from detente.analysis import dossiers, dyads, summaries, windows
from detente.analysis.network import brokerage, brokerage_by_broker
from detente.store import Store
from tests.analysis_random import STATES, extractions, pairs
from tests.analysis_support import E, extraction
from tests.test_postgres_store import pg_dsn, pg_server  # noqa: F401 - fixtures

MONTHS = [(date(2025, 3, 1), date(2025, 3, 31)), (date(2025, 2, 1), date(2025, 2, 28))]
NODES = STATES + ["ARM:REB", "United Nations", "nobody"]


@pytest.fixture(params=["sqlite", "postgresql"])
def both(request, tmp_path):
    """A random store (the rich shapes of tests/analysis_random.py) on each backend, and how to open it again."""
    location = tmp_path / "cold.db" if request.param == "sqlite" else request.getfixturevalue("pg_dsn")
    s = Store(location)
    for x in extractions(70, seed=12):
        assert s.save(x)
    yield s, location
    s.close()


def computed_dossier(store: Store, node: str, since: date, until: date) -> dict:
    """A dossier computed from the window, nothing stored read."""
    windows.forget(store)
    return dossiers.render(store, node, dossiers.core(windows.window(store, since, until), node))


def stored_rows(store: Store, kind: str) -> int:
    return int(store.execute("SELECT count(*) FROM analysis_summaries WHERE kind = ?", [kind]).fetchone()[0])


@pytest.mark.parametrize(("since", "until", "expected"), [
    (date(2025, 2, 1), date(2025, 2, 28), True),
    (date(2024, 2, 1), date(2024, 2, 29), True),  # a leap year's February
    (date(2025, 12, 1), date(2025, 12, 31), True),
    (date(2025, 2, 1), date(2025, 2, 27), False),
    (date(2025, 2, 2), date(2025, 3, 1), False),
    (date(2025, 1, 1), date(2025, 12, 31), False),  # a year is computed, not stored
    (date(2025, 3, 1), None, False),
    (None, None, False),
])
def test_which_windows_are_stored(since, until, expected):
    assert dossiers.summarised(since, until) is expected


def test_month_dossiers_read_back_equal_computed(both):
    store, location = both
    for since, until in MONTHS:
        expected = {n: computed_dossier(store, n, since, until) for n in NODES}
        windows.forget(store)
        first = analysis.dossier(store, "ARM", since, until)  # computes every node's and stores them
        assert first == expected["ARM"]
        assert stored_rows(store, "dossier") > len(STATES)
        fresh = Store(location)  # another process: nothing in memory, the stored month read back
        for n in NODES:
            windows.forget(fresh)
            assert analysis.dossier(fresh, n, since, until) == expected[n], n
        fresh.close()


def test_a_save_makes_the_stored_month_stale(store):
    for x in extractions(50, seed=13):
        store.save(x)
    since, until = MONTHS[0]
    before = analysis.dossier(store, "ARM", since, until)
    later = extraction("WIRE TWO", date(2025, 3, 20), [
        E("ASSAULT", ["AZE"], ["ARM"], "Azerbaijani artillery shelled Armenian positions near the border.",
          day=date(2025, 3, 19)),
        E("MOBILIZE", ["ARM"], ["AZE"], "Armenia moved reserve battalions toward the frontier.", mode="troops",
          day=date(2025, 3, 19))])
    assert store.save(later)
    windows.forget(store)
    after = analysis.dossier(store, "ARM", since, until)
    assert after["events"] == before["events"] + 2
    assert after == computed_dossier(store, "ARM", since, until)


def test_deleting_an_article_makes_stored_entries_stale(store, monkeypatch):
    monkeypatch.setattr(summaries, "STORED_DYAD_EVENTS", 1)
    for x in extractions(50, seed=14):
        store.save(x)
    since, until = MONTHS[0]
    analysis.dossier(store, "ARM", since, until)
    analysis.dyad(store, "ARM", "AZE")
    assert stored_rows(store, "dyad") == 1
    gone = [store.execute("SELECT min(article_id) FROM event_pairs WHERE a = 'ARM' AND b = 'AZE'").fetchone()[0],
            store.execute("SELECT min(article_id) FROM events WHERE nodes LIKE '%ARM%' "
                          "AND day BETWEEN '2025-03-01' AND '2025-03-31'").fetchone()[0]]
    before = analysis.dossier(store, "ARM", since, until)["events"], analysis.dyad(store, "ARM", "AZE")["summary"]["events"]
    for article in gone:  # their events go with them (ON DELETE CASCADE), the events count stays as it was
        store.execute("DELETE FROM articles WHERE id = ?", [article])
    windows.forget(store)
    after = analysis.dossier(store, "ARM", since, until)
    assert after == computed_dossier(store, "ARM", since, until) and after["events"] < before[0]
    windows.forget(store)
    dyad = analysis.dyad(store, "ARM", "AZE")
    assert dyad == dyads.pair(store, "ARM", "AZE") | {"a": "ARM", "b": "AZE"} and dyad["summary"]["events"] < before[1]


def test_large_dyads_read_back_equal_computed(both, monkeypatch):
    store, location = both
    monkeypatch.setattr(summaries, "STORED_DYAD_EVENTS", 1)
    spans = [(None, None), MONTHS[0], (date(2025, 2, 10), date(2025, 8, 3))]
    expected = {}
    for window in spans:
        for a, b in pairs():
            expected[(a, b, window)] = analysis.dyad(store, a, b, *window, freq="week")
    assert stored_rows(store, "dyad") > 0
    fresh = Store(location)
    for (a, b, window), value in expected.items():
        windows.forget(fresh)
        got = analysis.dyad(fresh, a, b, *window, freq="week")
        assert got == value, (a, b, window)
        lo, hi = sorted((got["a"], got["b"]))
        if lo != hi:  # as computed from the pair's rows, nothing stored
            assert got == dyads.pair(fresh, lo, hi, *window, freq="week") | {"a": got["a"], "b": got["b"]}
    fresh.close()


def test_small_dyads_are_not_stored(store):
    for x in extractions(30, seed=15):
        store.save(x)
    analysis.dyad(store, "ARM", "AZE")
    assert stored_rows(store, "dyad") == 0


def test_a_store_that_cannot_be_written_answers_all_the_same(tmp_path, monkeypatch):
    monkeypatch.setattr(summaries, "STORED_DYAD_EVENTS", 1)
    path = tmp_path / "ro.db"
    writer = Store(path)
    for x in extractions(40, seed=16):
        writer.save(x)
    since, until = MONTHS[0]
    expected = computed_dossier(writer, "ARM", since, until)
    reader = Store(path)
    reader.conn.execute("PRAGMA query_only = ON")  # as the web app's readers are
    assert analysis.dossier(reader, "ARM", since, until) == expected
    assert analysis.dossier(reader, "ARM", since, until) == expected  # kept in memory meanwhile
    assert analysis.dyad(reader, "ARM", "AZE") == dyads.pair(reader, "ARM", "AZE") | {"a": "ARM", "b": "AZE"}
    assert stored_rows(writer, "dossier") == stored_rows(writer, "dyad") == 0
    assert analysis.dossier(writer, "AZE", since, until)  # stored by a writer: the reader reads it
    assert stored_rows(writer, "dossier") > 0
    windows.forget(reader)
    assert analysis.dossier(reader, "ARM", since, until) == expected
    reader.close()
    writer.close()


def test_a_busy_store_answers_all_the_same(tmp_path, monkeypatch):
    """Another writer holds the store: the dossier is computed and answered, storing waits for a later query."""
    monkeypatch.setattr(summaries, "STORE_BUSY_MS", 10)
    path = tmp_path / "busy.db"
    s = Store(path)
    for x in extractions(30, seed=19):
        s.save(x)
    since, until = MONTHS[0]
    expected = computed_dossier(s, "ARM", since, until)
    other = Store(path)
    other.conn.execute("BEGIN IMMEDIATE")  # a long ingest transaction
    windows.forget(s)
    assert analysis.dossier(s, "ARM", since, until) == expected
    assert stored_rows(s, "dossier") == 0
    other.conn.execute("ROLLBACK")
    windows.forget(s)
    assert analysis.dossier(s, "ARM", since, until) == expected
    assert stored_rows(s, "dossier") > 0
    other.close()
    s.close()


def test_stored_entries_are_json_as_computed(store):
    """What is stored is the very result: JSON keeps every value's type here (no tuples, no non-string keys)."""
    for x in extractions(40, seed=17):
        store.save(x)
    for window in [(None, None), MONTHS[0]]:
        for a, b in pairs():
            lo, hi = sorted((a, b))
            if lo != hi:
                x = dyads.pair(store, lo, hi, *window)
                assert json.loads(json.dumps(x)) == x
        win = windows.window(store, *window)
        for n in NODES:
            core = dossiers.core(win, n)
            assert json.loads(json.dumps(core)) == core


def test_brokerage_by_broker_equals_brokerage_per_broker(store):
    for x in extractions(60, seed=18):
        store.save(x)
    graphs = [(analysis.graph(store), windows.window(store).relations())]
    rng = random.Random(5)
    for _ in range(30):  # random signed graphs: ties, negative edges, isolated nodes
        g = nx.Graph()
        n = rng.randint(2, 25)
        g.add_nodes_from(f"n{i}" for i in range(n))
        for _ in range(rng.randint(1, 4 * n)):
            a, b = rng.sample(range(n), 2)
            g.add_edge(f"n{a}", f"n{b}", score=rng.choice([-3.0, -0.5, 0.0, 1.5, 4.25]), sign=rng.choice([-1, 0, 1]))
        graphs.append((g, []))
    for g, rels in graphs:
        everyone = brokerage_by_broker(g, rels)
        for node in list(g.nodes) + ["nobody"] + [r.source for r in rels]:
            assert everyone.get(node, []) == brokerage(g, rels, broker=node), node


def test_the_query_benchmark_marks_its_bulk_build_and_times_first_queries(tmp_path):
    from benchmarks import bench_queries

    store = bench_queries.build(tmp_path / "q.db", 2000)
    assert summaries.stamp(store) == f"1:{store.count('articles')}"  # the bulk build moves the events count too
    results = bench_queries.run(store, repeat=2, budget_s=5)
    for name in ("dyad_cold", "dossier_month_cold", "dyad_first", "dossier_month_first"):
        assert results[name]["n"] >= 1 and 0 < results[name]["p50_ms"] <= results[name]["p95_ms"]
    store.close()
