"""A stored pair's rows come class by class, each class in record order (the index of migration 006), and the
dyad read off the ends of the classes equals the dyad computed from the same rows in any order."""
from __future__ import annotations

import random
from datetime import date
from itertools import groupby

import pytest

from detente.analysis import dyads
from detente.analysis.records import records_by_id
from detente.analysis.rules import load as load_rules
from detente.store import Store
from tests.analysis_random import extractions, pairs

WINDOWS = [(None, None), (date(2025, 2, 1), date(2025, 9, 30)), (date(2025, 5, 1), None), (None, date(2025, 4, 15))]


@pytest.fixture(scope="module")
def rich(tmp_path_factory):
    s = Store(tmp_path_factory.mktemp("order") / "order.db")
    for x in extractions(140, seed=31):
        assert s.save(x)
    yield s
    s.close()


def _read(store: Store):
    return lambda cited, listed: (dyads._cited_records(store, cited), records_by_id(store, listed))


def _record_order(row: dyads.Row) -> tuple[str, str, int, str]:
    return row[dyads.DAY], row[dyads.ART], row[dyads.START], row[dyads.ID]


@pytest.mark.parametrize("window", WINDOWS, ids=str)
def test_rows_come_class_by_class_each_in_record_order(rich, window):
    for a, b in pairs():
        for x, y in ((a, b), (b, a)):
            rows, ordered = dyads._pair_rows(rich, x, y, *window)
            assert ordered or not rows
            runs = [(key, list(run)) for key, run in groupby(rows, key=dyads._CLASS)]
            keys = [key for key, _ in runs]
            assert len(keys) == len(set(keys)), (x, y)  # each class in one run
            for _key, run in runs:
                dated = [r for r in run if r[dyads.DAY] is not None and r[dyads.START] is not None]
                assert dated == sorted(dated, key=_record_order)


def test_sqlite_reads_a_pair_off_the_class_index_without_sorting(rich):
    sql = (f"SELECT {dyads._PAIR_ROW.format(flags='p.flags')} FROM event_pairs p WHERE p.a = ? AND p.b = ? "
           f"AND p.day_end >= ? AND p.day <= ?{dyads._PAIR_ORDER}")
    plan = " ".join(str(r[-1]) for r in rich.execute("EXPLAIN QUERY PLAN " + sql, ["ARM", "AZE", "2025-01-01", "2025-12-31"]))
    assert "COVERING INDEX event_pairs_class" in plan
    assert "TEMP B-TREE" not in plan


@pytest.mark.parametrize("window", WINDOWS, ids=str)
@pytest.mark.parametrize("freq", ["month", "week", "day"])
def test_the_ordered_path_equals_the_same_rows_in_any_order(rich, window, freq):
    rules = load_rules()
    for a, b in pairs():
        rows, ordered = dyads._pair_rows(rich, a, b, *window)
        shuffled = list(rows)
        random.Random(5).shuffle(shuffled)
        fast = dyads.compute(rows, a, b, freq, rules, _read(rich), stored=True, ordered=ordered)
        slow = dyads.compute(shuffled, a, b, freq, rules, _read(rich), stored=True, ordered=False)
        assert fast == slow, (a, b)


def test_both_paths_are_met(rich):
    """Windows leave undated events out (every row plain: the ordered path); the whole store has some."""
    met = set()
    for window in WINDOWS:
        for a, b in pairs():
            rows, ordered = dyads._pair_rows(rich, a, b, *window)
            if rows:
                met.add(dyads.Stats(dyads.group(rows, ordered, by_id=True), ordered).ordered)
    assert met == {True, False}


def _row(day: str, article: str, start: int, type_: str = "CONSULT", flags: int = 5) -> dyads.Row:
    return (day, article, start, f"{article}:{start}", type_, None, "asserted", 1.0, flags, "Wire", None)


#: (rows of two classes, each in record order) with ties on the latest days across classes
TIED = [_row("2025-01-03", "a", 1), _row("2025-01-05", "b", 2), _row("2025-01-05", "c", 1),
        _row("2025-01-02", "a", 3, "ACCUSE"), _row("2025-01-05", "a", 9, "ACCUSE"), _row("2025-01-06", "d", 0, "ACCUSE")]


@pytest.mark.parametrize("n", [1, 2, 3, 4, 6, 50])
def test_latest_rows_off_the_class_ends_equal_a_full_sort(n):
    ordered = dyads.Stats(dyads.group(TIED, ordered=True), ordered=True)
    unordered = dyads.Stats(dyads.group(list(reversed(TIED))), ordered=False)
    assert ordered.ordered and not unordered.ordered
    assert ordered.last(n) == unordered.last(n) == sorted(TIED, key=_record_order)[-n:]
    parts = [g.rows for g in ordered.groups]
    assert ordered.cited(parts) == unordered.cited([list(reversed(p)) for p in parts])
    assert ordered.totals(parts, []) == unordered.totals([list(reversed(p)) for p in parts], [])
