"""The fast analysis paths give what the event-by-event definitions give, on random stores:

- a dyad read from event_pairs by SQL equals the dyad computed from the pair's Records;
- a window's relations and graph (compact facts from the covering index) equal those derived from Records;
- numpy betweenness equals networkx's; brokerage for one broker equals the full list filtered;
- migration 004's SQL backfill gives the columns and pairs the save path writes.
"""
from __future__ import annotations

import random
from datetime import date

import networkx as nx
import pytest

from detente import analysis
from detente.analysis import dyads, windows
from detente.analysis.engine import derive
from detente.analysis.network import betweenness, brokerage, build
from detente.analysis.records import records
from detente.store import Store, _statements, facts
from detente.store.migrations import MIGRATIONS, NODE_RULES_004
from tests.analysis_random import extractions, pairs

WINDOWS = [(None, None), (date(2025, 3, 1), date(2025, 3, 31)), (date(2025, 6, 15), None), (None, date(2025, 2, 10)),
           (date(2025, 11, 20), date(2026, 1, 5))]


@pytest.fixture(scope="module")
def rich(tmp_path_factory):
    s = Store(tmp_path_factory.mktemp("paths") / "rich.db")
    for x in extractions(160, seed=4):
        assert s.save(x)
    yield s
    s.close()


@pytest.mark.parametrize("window", WINDOWS, ids=str)
def test_dyad_from_pairs_equals_dyad_from_records(rich, window):
    for a, b in pairs():
        for freq in ("month", "week"):
            recs = records(rich, *window, codes=[a, b], all_codes=True)
            got = analysis.dyad(rich, a, b, *window, freq=freq)
            assert got == dyads.dyad(recs, None, a, b, freq), (a, b, freq)
            # the other order names the same directions (they name the actors): only a and b differ
            assert dyads.dyad(recs, None, b, a, freq) == got | {"a": b, "b": a}


@pytest.mark.parametrize("window", WINDOWS, ids=str)
def test_window_relations_and_graph_equal_record_derivation(rich, window):
    recs = records(rich, *window)
    expected = derive(recs)
    assert analysis.relations(rich, *window) == [r.to_dict() for r in expected]
    g = analysis.graph(rich, *window)
    ref = build(recs, expected, names=analysis._names(rich))
    assert list(g.nodes(data=True)) == list(ref.nodes(data=True))
    assert list(g.edges(data=True)) == list(ref.edges(data=True))


def test_window_is_reused_until_the_store_changes(tmp_path):
    s = Store(tmp_path / "w.db")
    xs = extractions(20, seed=9)
    for x in xs[:10]:
        s.save(x)
    first = windows.window(s, None, None)
    assert windows.window(s, None, None) is first
    s.save(xs[10])
    assert windows.window(s, None, None) is not first
    other = Store(tmp_path / "w.db")  # another connection's commit is seen too
    for x in xs[11:]:
        other.save(x)
    again = windows.window(s, None, None)
    assert len(again.facts) == s.count("events")
    other.close()
    s.close()


def test_brokerage_for_one_broker_is_the_full_list_filtered(rich):
    g = analysis.graph(rich)
    rels = windows.window(rich).relations()
    full = brokerage(g, rels)
    for node in list(g.nodes) + ["nobody"]:
        assert brokerage(g, rels, broker=node) == [b for b in full if b["broker"] == node]


def test_betweenness_equals_networkx():
    rng = random.Random(3)
    for _ in range(40):
        g = nx.Graph()
        n = rng.randint(1, 30)
        g.add_nodes_from(f"n{i}" for i in range(n))
        for _ in range(rng.randint(0, 3 * n)):
            a, b = rng.randrange(n), rng.randrange(n)
            if a != b:
                g.add_edge(f"n{a}", f"n{b}", d=rng.choice([10.0, 2.0, 1.0, 0.5, 1 / 3, 0.1, 0.25, 1 / 7]))
        ours = betweenness(g, lambda data: data["d"])
        theirs = nx.betweenness_centrality(g, weight="d")
        assert ours.keys() == theirs.keys()
        assert all(abs(ours[v] - theirs[v]) < 1e-12 for v in g)


def test_node_rules_of_migration_004_are_the_rules():
    from detente.analysis.rules import load

    rules = load()
    assert (rules.generic_codes, rules.dissident_sectors) == NODE_RULES_004 == facts.node_rules()


def _derived(store: Store) -> tuple[list, list, list]:
    ev = [tuple(r) for r in store.execute("SELECT id, day, day_end, day_tier, nodes FROM events ORDER BY id")]
    ev = [(i, d, e, t, facts.decode_nodes(n)) for i, d, e, t, n in ev]
    parties = [tuple(r) for r in store.execute("SELECT event_id, role, position, node FROM event_parties ORDER BY 1, 2, 3")]
    cols = ", ".join(facts.PAIR_COLUMNS)
    pairs_ = sorted(_oriented(tuple(r)) for r in store.execute(f"SELECT {cols} FROM event_pairs"))
    return ev, parties, pairs_


def _oriented(row: tuple) -> tuple:
    """A pair row as (a < b) in Python's order, whichever way the database ordered it, its nodes decoded (the
    database may join a backfilled event's parties in any order)."""
    a, b, *rest, flags, nodes = row
    parties = facts.decode_nodes(nodes)
    if a <= b:
        return (a, b, *rest, flags, parties)
    swapped = (flags & 48) | ((flags & 3) << 2) | ((flags & 12) >> 2)
    return (b, a, *rest, swapped, parties)


def backfill_matches_save_path(store: Store) -> None:
    for x in extractions(40, seed=6):
        store.save(x)
    saved = _derived(store)
    store.execute("UPDATE events SET day = NULL, day_end = NULL, day_tier = NULL, nodes = NULL")
    store.execute("UPDATE event_parties SET node = NULL")
    store.execute("DELETE FROM event_pairs")
    sql = dict(MIGRATIONS)["004_analysis_facts"]
    for stmt in _statements(sql):
        if stmt.lstrip().upper().startswith(("UPDATE", "INSERT")):
            store.execute(stmt)
    assert _derived(store) == saved


def test_migration_backfill_equals_save_path(store):
    backfill_matches_save_path(store)


def test_an_event_saved_again_keeps_only_its_new_pairs(store):
    from tests.analysis_support import E, day, extraction

    first = extraction("WIRE ONE", day(1), [E("ACCUSE", ["ARM"], ["AZE"], "Armenia accused Azerbaijan.")])
    again = extraction("WIRE TWO", day(2), [E("AGREE", ["TUR"], ["ISR"], "Turkey and Israel agreed.")])
    again.events[0].id = first.events[0].id
    assert store.save(first) and store.save(again)
    rows = [tuple(r) for r in store.execute("SELECT a, b, type FROM event_pairs WHERE event_id = ?", [first.events[0].id])]
    assert rows == [("ISR", "TUR", "AGREE")]
