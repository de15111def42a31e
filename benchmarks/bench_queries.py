"""Query latency over a big store: dyad, actor dossier and graph-for-a-year, p50/p95, on >= 1,000,000 events.

    .venv/bin/python benchmarks/bench_queries.py [--events 1000000] [--db PATH] [--repeat 20] [--json]

The store is built through `Store` (so it has the real schema and every migration) and then filled by
bulk `executemany` in a few big transactions: synthetic articles, actors, events and their parties, with
the analysis columns and event_pairs rows derived by `detente.store.facts.event_facts`, as the Store's
save path derives them.
Actors are drawn from a Zipf-like distribution over ~240 states and groups (a few states appear in
most news, most rarely), dates uniformly over two years, 3 parties per event on average. With
`--db PATH` an existing store with enough events is reused, so the build (a minute or two) is paid once.

Queries are the library's own (`detente.analysis.dyad/dossier/graph`, and the web explorer's views: a dossier with
its partners over time, the graph with people, a year's map): the dyad for pairs drawn by
how often they meet (the pairs users look at), the dossier for actors drawn the same way, and the
graph of one calendar year. Each is timed `--repeat` times; p50/p95 are over those timings. The
analysis keeps a window's graph and a dyad's result in memory while the store is unchanged, so each
family is timed as users hit it (several dossiers of one month, popular pairs asked for again) and
`*_cold`, with nothing kept in memory, as a fresh process (a CLI call) finds it: what the analysis
stores for later processes (analysis.summaries: a calendar month's dossiers, the largest pairs' dyads)
is dropped once before the timings, so the first query of each month or large pair computes and stores
it. `*_first` rows time queries with nothing stored either (each on a store with nothing kept anywhere).
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import string
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from detente.store import Store, facts  # noqa: E402

#: events per synthetic article: ~8 is what the benchmark corpus yields per 500-word article
EVENTS_PER_ARTICLE = 8
#: Zipf exponent of actor frequency: 0.9 over ~270 actors gives the most frequent actor ~12% of the
#: party slots and the most frequent pair ~1.5% of events, roughly the United States' share and the top
#: dyads' in ICEWS (1.1 gave 25% and 7%, more skewed than real news)
ZIPF_S = 0.9
FIRST_DAY = date(2024, 1, 1)
DAYS = 731
TYPES = ("AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
         "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "ENGAGE")
SCORES = {"AGREE": 3.0, "CONSULT": 1.0, "SUPPORT": 3.5, "COOPERATE": 6.0, "AID": 7.0, "RETREAT": 5.0,
          "REQUEST": 1.5, "ACCUSE": -2.0, "REJECT": -4.0, "THREATEN": -6.0, "PROTEST": -6.5, "SANCTION": -5.0,
          "MOBILIZE": -7.0, "COERCE": -7.0, "ASSAULT": -9.5, "ENGAGE": -10.0}
#: transaction size of the bulk build: large enough that commits are rare, small enough to show progress
BUILD_BATCH = 100_000
#: how many `*_first` queries are timed (each recomputes from nothing: a month's dossiers take seconds)
FIRSTS = 5


def _actors() -> list[tuple[str, str, str, str | None]]:
    """(key, name, kind, code) for ~240 actors: the ISO states pycountry knows plus armed groups."""
    import pycountry

    out: list[tuple[str, str, str, str | None]] = [(c.alpha_3, c.name, "state", c.alpha_3) for c in pycountry.countries]
    for i in range(1, 21):
        home = out[(i * 7) % len(out)][3]
        out.append((f"group:armed-group-{i}", f"Armed Group {i}", "group", home))
    return out


def _place(rng: random.Random, code: str | None) -> tuple[Any, ...]:
    """Where a synthetic event happened (the events' location columns, migration 007): one of ten cities of the
    recipient's state (a point fixed by the state and the city's number), else a third of the time the state only."""
    if code is None or rng.random() < 0.35:
        return (code, code, None, None, None, "country") if code else (None,) * 6
    k = rng.randrange(10)
    spot = random.Random(f"{code}{k}")
    return (f"City {k} of {code}", code, round(spot.uniform(-50, 65), 4), round(spot.uniform(-170, 170), 4),
            int.from_bytes(code.encode(), "big") * 10 + k, "city")


def build(path: Path, n_events: int, seed: int = 7) -> Store:
    """A store at `path` with `n_events` synthetic events (reused as is when it already has as many)."""
    store = Store(path)
    have = store.count("events")
    if have >= n_events:
        return store
    if have:
        raise SystemExit(f"{path} has {have} events, fewer than {n_events}: remove it or pick another --db")
    rng = random.Random(seed)
    actors = _actors()
    rng.shuffle(actors)  # which states are frequent is arbitrary but fixed by the seed
    weights = [1 / (rank + 1) ** ZIPF_S for rank in range(len(actors))]
    conn = store.conn
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-200000")
    with store.transaction():
        conn.executemany("INSERT INTO actors(id, key, name, code, kind) VALUES (?,?,?,?,?)",
                         [(i + 1, k, n, c, kind) for i, (k, n, kind, c) in enumerate(actors)])
    ids = {a[0]: i + 1 for i, a in enumerate(actors)}
    now = "2026-01-01T00:00:00+00:00"
    n_articles = n_events // EVENTS_PER_ARTICLE + 1
    made = 0
    t0 = time.perf_counter()
    for start in range(0, n_articles, BUILD_BATCH // EVENTS_PER_ARTICLE):
        arts, evs, parties, pairs = [], [], [], []
        for a in range(start, min(n_articles, start + BUILD_BATCH // EVENTS_PER_ARTICLE)):
            aid = f"{a:016x}"
            day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
            body = " ".join("".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 9))) for _ in range(30))
            outlet = f"Outlet {a % 50}"
            arts.append((aid, aid, outlet, f"Title {a}", day.isoformat(), "text", "en", body, now))
            for e in range(EVENTS_PER_ARTICLE):
                if made >= n_events:
                    break
                made += 1
                cast = rng.choices(actors, weights, k=3)
                etype = rng.choice(TYPES)
                eid = f"{aid}:{e * 100}:{etype}"
                ev_day = day - timedelta(days=rng.randrange(3))
                sentence = f"{cast[0][1]} and {cast[1][1]} event {made}."
                data = {"type": etype, "actors": [{"code": cast[0][3], "name": cast[0][1]}],
                        "recipients": [{"code": cast[1][3], "name": cast[1][1]}]}
                roles = [("actor", 0, cast[0]), ("recipient", 0, cast[1])]
                if rng.random() < 0.5 and cast[2] not in cast[:2]:
                    roles.append(("mediator" if etype in ("CONSULT", "AGREE") else "actor", 1 if etype not in
                                  ("CONSULT", "AGREE") else 0, cast[2]))
                # the columns the Store's save path derives, derived the same way (detente.store.facts)
                derived, nodes, event_pairs = facts.event_facts(
                    eid, aid, outlet, day.isoformat(), ev_day.isoformat(), ev_day.isoformat(), etype, None, "asserted",
                    SCORES[etype], e * 100, [(role, pos, code, name, None) for role, pos, (_k, name, _kind, code) in roles])
                evs.append((eid, aid, etype, SCORES[etype], "asserted", ev_day.isoformat(), ev_day.isoformat(), "day",
                            "rules.v1", sentence, "trigger", e * 100, e * 100 + len(sentence), json.dumps(data), *derived,
                            *_place(rng, cast[1][3])))
                for (role, pos, (key, name, _kind, code)), node in zip(roles, nodes, strict=True):
                    parties.append((eid, role, pos, code, name, name, ids[key], node))
                pairs += event_pairs
        with store.transaction():
            conn.executemany(
                """INSERT INTO articles(id, body_hash, outlet, title, published, published_source, language, body,
                   ingested_at) VALUES (?,?,?,?,?,?,?,?,?)""", arts)
            conn.executemany(
                """INSERT INTO events(id, article_id, type, score, modality, date_start, date_end, date_precision,
                   extractor, sentence, trigger, start, "end", data, day, day_end, day_tier, nodes, location_name,
                   location_code, location_lat, location_lon, location_geonames_id, location_precision)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""", evs)
            conn.executemany(
                "INSERT OR IGNORE INTO event_parties(event_id, role, position, code, name, text, actor_id, node) "
                "VALUES (?,?,?,?,?,?,?,?)", parties)
            conn.executemany(facts.INSERT_PAIRS, pairs)
            conn.execute(facts.BUMP_EVENTS)  # as the save path does: what the analysis stored predates these
        print(f"\r  built {made:,} events ({time.perf_counter() - t0:.0f} s)", end="", file=sys.stderr)
    print(file=sys.stderr)
    conn.execute("ANALYZE")
    conn.execute("PRAGMA synchronous=NORMAL")
    return store


def timings(fn: Callable[[Any], Any], args: list[Any], budget_s: float) -> dict[str, float]:
    """p50/p95/max in milliseconds of `fn(arg)` over `args`, stopping once `budget_s` is spent (n says how many ran)."""
    ms: list[float] = []
    for arg in args:
        t0 = time.perf_counter()
        fn(arg)
        ms.append((time.perf_counter() - t0) * 1000)
        if sum(ms) / 1000 > budget_s:
            break
    ms.sort()
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return {"n": len(ms), "p50_ms": round(statistics.median(ms), 3), "p95_ms": round(p95, 3), "max_ms": round(ms[-1], 3)}


def run(store: Store, repeat: int, seed: int = 11, budget_s: float = 120.0) -> dict[str, Any]:
    """Time each query family. `*_sql` rows are the store's share (reading the pair's rows from event_pairs, the
    window's facts from the covering index); `*_cold` rows forget what the analysis keeps between calls (a
    window's graph, a dyad already asked for) before each one, the others time calls as users make them."""
    from detente import analysis
    from detente.analysis import dyads, summaries, windows

    rng = random.Random(seed)
    conn = store.conn
    # pairs and actors weighted by how often they appear: what users look up
    top = [r[0] for r in conn.execute(
        "SELECT code FROM event_parties WHERE role = 'actor' AND code IS NOT NULL GROUP BY code ORDER BY count(*) DESC LIMIT 40")]
    weights = [1 / (i + 1) for i in range(len(top))]
    pairs: list[tuple[str, str]] = []
    while len(pairs) < repeat:
        a, b = rng.choices(top, weights, k=2)
        if a != b:
            pairs.append((a, b))
    actors = rng.choices(top, weights, k=repeat)
    month = (date(2025, 6, 1), date(2025, 6, 30))
    year = (date(2025, 1, 1), date(2025, 12, 31))
    results: dict[str, Any] = {"events": store.count("events"), "event_parties": store.count("event_parties"),
                               "articles": store.count("articles")}

    def cold(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
        def run_cold(arg: Any) -> Any:
            windows.forget(store)
            return fn(arg)
        return run_cold

    def first(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
        def run_first(arg: Any) -> Any:
            summaries.clear(store)
            windows.forget(store)
            return fn(arg)
        return run_first

    summaries.clear(store)
    windows.forget(store)
    results["dyad_sql"] = timings(lambda p: dyads.pair_rows(store, *p), pairs, budget_s)
    results["dyad_cold"] = timings(cold(lambda p: analysis.dyad(store, p[0], p[1])), pairs, budget_s)
    windows.forget(store)
    results["dyad"] = timings(lambda p: analysis.dyad(store, p[0], p[1]), pairs, budget_s)
    results["dyad_year_cold"] = timings(cold(lambda p: analysis.dyad(store, p[0], p[1], *year)), pairs, budget_s)
    windows.forget(store)
    results["dyad_year"] = timings(lambda p: analysis.dyad(store, p[0], p[1], *year), pairs, budget_s)
    results["dossier_month_sql"] = timings(lambda a: windows.window_facts(store, *month), actors, budget_s)
    results["dossier_month_cold"] = timings(cold(lambda a: analysis.dossier(store, a, *month)), actors, budget_s)
    windows.forget(store)
    results["dossier_month"] = timings(lambda a: analysis.dossier(store, a, *month), actors, budget_s)
    distinct_pairs = list(dict.fromkeys(tuple(sorted(p)) for p in pairs))[:FIRSTS]
    results["dyad_first"] = timings(first(lambda p: analysis.dyad(store, p[0], p[1])), distinct_pairs, budget_s)
    results["dossier_month_first"] = timings(first(lambda a: analysis.dossier(store, a, *month)),
                                             list(dict.fromkeys(actors))[:FIRSTS], budget_s)
    results["graph_year_sql"] = timings(lambda y: windows.window_facts(store, date(y, 1, 1), date(y, 12, 31)), [2025, 2024],
                                        budget_s)
    results["graph_year"] = timings(cold(lambda y: analysis.graph(store, date(y, 1, 1), date(y, 12, 31))), [2025, 2024],
                                    budget_s)
    # the web explorer's views (issue 18), beside the analysis they read: a dossier with its chart of the top
    # partners over time (a dyad per partner), the graph with people, a year's map (at most 5,000 events)
    from detente.views import Paging, Window, geo, network
    from detente.views import dossier as dossier_view

    windows.forget(store)
    results["dossier_view_month"] = timings(
        lambda a: dossier_view.actor(store, a, window=Window(*month), paging=Paging(50)), actors, budget_s)
    results["graph_people_year"] = timings(
        cold(lambda y: network.graph(store, window=Window(date(y, 1, 1), date(y, 12, 31)), max_nodes=150, people=True)),
        [2025, 2024], budget_s)
    results["map_year"] = timings(lambda y: geo.map(store, window=Window(date(y, 1, 1), date(y, 12, 31))), [2025, 2024],
                                  budget_s)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=None, help="build (or reuse) the store here")
    parser.add_argument("--repeat", type=int, default=20, help="dyad queries timed (dossiers: a quarter as many)")
    parser.add_argument("--budget", type=float, default=120.0, help="seconds per query family before it stops early")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="detente-queries-") as tmp:
        path = args.db or Path(tmp) / "queries.db"
        t0 = time.perf_counter()
        store = build(path, args.events)
        built = time.perf_counter() - t0
        results = run(store, args.repeat, budget_s=args.budget)
        results["build_s"] = round(built, 1)
        results["db_mb"] = round(sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6, 1)
        store.close()
    if args.json:
        print(json.dumps(results))
        return 0
    print(f"store: {results['events']:,} events, {results['event_parties']:,} parties, {results['articles']:,} articles, "
          f"{results['db_mb']} MB (built/opened in {results['build_s']} s)")
    for name in ("dyad_sql", "dyad_cold", "dyad", "dyad_year_cold", "dyad_year", "dossier_month_sql", "dossier_month_cold",
                 "dossier_month", "dyad_first", "dossier_month_first", "graph_year_sql", "graph_year", "dossier_view_month",
                 "graph_people_year", "map_year"):
        if name in results:
            t = results[name]
            print(f"{name:<18} p50 {t['p50_ms']:>9.1f} ms   p95 {t['p95_ms']:>9.1f} ms   max {t['max_ms']:>9.1f} ms   (n={t['n']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
