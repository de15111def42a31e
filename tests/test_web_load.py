"""The web server under load (issue 17): answers kept under the store's change stamp, a queue instead of instant
503s, per-statement query budgets, readers that a writer never blocks. Real stores, real threads, the real app;
the timings are in benchmarks/bench_serve.py, not here."""
from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from detente.model import Actor, Article, Event, Evidence, Extraction, Party
from detente.store import Store
from detente.views import NotFound
from detente.web.cache import Answers, Warmer
from detente.web.db import QueryTooCostly, StorePool
from detente.web.gate import Gate
from tests import web_fixtures
from tests.web_fixtures import Client, ok


@pytest.fixture
def web_db(tmp_path: Path) -> Path:
    return web_fixtures.database(tmp_path / "web.db")


@pytest.fixture
def answers(web_db: Path) -> Iterator[Answers]:
    a = Answers(lambda: Store(web_db), fresh_wait_s=5.0)
    yield a
    a.close()


def in_threads(n: int, fn: Any) -> list[Any]:
    """`fn()` in `n` threads at once; their results (or the exceptions they raised), in order."""
    out: list[Any] = [None] * n

    def run(i: int) -> None:
        try:
            out[i] = fn()
        except Exception as exc:  # noqa: BLE001 - returned for the test to look at
            out[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return out


# ---------------------------------------------------------------- Answers: kept, single-flight, stale, errors
def test_concurrent_askers_share_one_computation(answers: Answers) -> None:
    calls, gate = [], threading.Event()

    def compute(store: Store) -> int:
        calls.append(1)
        gate.wait(10)
        return store.count("articles")

    threading.Timer(0.2, gate.set).start()
    got = in_threads(8, lambda: answers.get(("stories",), 1, compute))
    assert got == [(5, None)] * 8
    assert len(calls) == 1
    assert answers.get(("stories",), 1, compute) == (5, None) and len(calls) == 1  # kept


def test_a_newer_stamp_computes_again_and_an_older_asker_takes_the_newer_answer(answers: Answers) -> None:
    n = iter(range(100))
    assert answers.get("q", 1, lambda s: next(n)) == (0, None)
    assert answers.get("q", 2, lambda s: next(n)) == (1, None)
    assert answers.get("q", 1, lambda s: next(n)) == (1, None)  # computed at a later state: still current for it
    assert answers.get("other", 2, lambda s: next(n)) == (2, None)


def test_while_the_store_changes_faster_than_a_computation_the_last_answer_is_given_as_stale(web_db: Path) -> None:
    answers = Answers(lambda: Store(web_db), fresh_wait_s=0.1)
    try:
        assert answers.get("dyads", 1, lambda s: "at 1") == ("at 1", None)
        release = threading.Event()

        def slow(_store: Store) -> str:
            release.wait(10)
            return "at 2"

        t0 = time.monotonic()
        value, behind = answers.get("dyads", 2, slow)
        assert value == "at 1" and behind is not None and behind >= 0
        assert time.monotonic() - t0 < 5
        release.set()
        deadline = time.monotonic() + 10
        while answers.get("dyads", 2, slow) != ("at 2", None):
            assert time.monotonic() < deadline
            time.sleep(0.02)
    finally:
        answers.close()


def test_an_answer_slower_to_compute_than_the_wait_is_given_stale_at_once(web_db: Path) -> None:
    """The dyads listing of a large store takes seconds: while an ingest changes the store, its askers get the last
    listing at once rather than each holding a request slot for the whole wait."""
    answers = Answers(lambda: Store(web_db), fresh_wait_s=0.5)
    release = threading.Event()

    def slow(value: str, wait: float) -> Any:
        def run(_store: Store) -> str:
            time.sleep(wait)
            release.wait(10)
            return value
        return run

    try:
        release.set()
        assert answers.get("dyads", 1, slow("at 1", 0.7)) == ("at 1", None)  # took 0.7 s: longer than the wait
        release.clear()
        t0 = time.monotonic()
        value, behind = answers.get("dyads", 2, slow("at 2", 0.0))
        assert value == "at 1" and behind is not None and behind >= 0.7  # read the store before its 0.7 s
        assert time.monotonic() - t0 < 0.4
    finally:
        release.set()
        answers.close()


def test_recomputing_under_churn_takes_a_bounded_share_of_a_thread(web_db: Path) -> None:
    """An ingest moves the stamp with every article: a page is recomputed, then its lane rests twice as long, and
    meanwhile its askers get the last answer at once, marked stale."""
    from detente.web.cache import REST

    answers = Answers(lambda: Store(web_db), fresh_wait_s=0.0)
    runs: list[float] = []

    def compute(_store: Store) -> int:
        runs.append(time.monotonic())
        time.sleep(0.1)
        return len(runs)

    try:
        answers.get("page", 0, compute)
        t0, stamp, slow = time.monotonic(), 0, []
        while time.monotonic() - t0 < 1.5:
            stamp += 1
            asked = time.monotonic()
            value, stale = answers.get("page", stamp, compute)
            slow.append(time.monotonic() - asked)
            time.sleep(0.01)
        # a computation of 0.1 s then a rest of 0.2 s: about 5 in 1.5 s, not the ~14 back to back would make
        assert len(runs) - 1 <= 1.5 / (0.1 * (1 + REST)) + 1, len(runs)
        assert max(slow) < 0.1  # nobody waited for a recomputation
    finally:
        answers.close()


def test_recomputing_waits_while_the_server_is_busy_answering(web_db: Path) -> None:
    busy = threading.Event()
    answers = Answers(lambda: Store(web_db), fresh_wait_s=0.0, busy=busy.is_set)
    runs: list[int] = []
    try:
        busy.set()
        assert answers.get("page", 1, lambda s: runs.append(1) or 1) == (1, None)  # a first answer never waits
        value, behind = answers.get("page", 2, lambda s: runs.append(2) or 2)
        assert value == 1 and behind is not None
        time.sleep(0.3)
        assert runs == [1]  # the recomputation waits for the burst to pass
        busy.clear()
        deadline = time.monotonic() + 10
        while answers.get("page", 2, lambda s: 2) != (2, None):
            assert time.monotonic() < deadline
            time.sleep(0.02)
        assert runs == [1, 2]
    finally:
        answers.close()


def test_the_gate_tells_how_busy_it_is() -> None:
    from detente.web.gate import Load

    async def run() -> None:
        release, load = asyncio.Event(), Load()
        gate = Gate(Slow(release), _refuse, active=2, queue=10, wait_s=30, load=load)
        tasks = [asyncio.create_task(_ask(gate)) for _ in range(3)]
        await asyncio.sleep(0.05)
        assert (load.running, load.waiting) == (2, 1) and load.busy()
        release.set()
        await asyncio.gather(*tasks)
        assert (load.running, load.waiting) == (0, 0) and not load.busy()

    asyncio.run(run())


def test_answers_are_kept_within_a_weight(web_db: Path) -> None:
    from detente.web.cache import weight

    assert weight({"items": [{"a": 1, "b": [1, 2]}] * 1000, "n": 3}) == 1 + (1 + 1000 * 5) + 1  # the dict, the list and its items (5 each), n
    answers = Answers(lambda: Store(web_db), max_weight=2500)
    try:
        answers.get("big", 1, lambda s: list(range(2000)))
        answers.get("small", 1, lambda s: [1, 2])
        assert len(answers) == 2
        answers.get("big2", 1, lambda s: list(range(2000)))  # over the weight: the least recently used goes
        assert len(answers) == 2 and answers.weight == 2001 + 3
        answers.get("huge", 1, lambda s: list(range(5000)))  # alone over the weight: kept all the same, alone
        assert len(answers) == 1 and answers.weight == 5001
    finally:
        answers.close()


def test_askers_under_newer_stamps_share_one_computation_after_the_running_one(web_db: Path) -> None:
    answers = Answers(lambda: Store(web_db), fresh_wait_s=10.0)
    try:
        release, stamps = threading.Event(), []

        def compute(stamp: int) -> Any:
            def run(_store: Store) -> int:
                stamps.append(stamp)
                if stamp == 2:
                    release.wait(10)
                return stamp
            return run

        first = threading.Thread(target=answers.get, args=("q", 2, compute(2)))
        first.start()
        while not stamps:
            time.sleep(0.01)
        later: list[Any] = []
        askers = [threading.Thread(target=lambda s=s: later.append(answers.get("q", s, compute(s)))) for s in (3, 4, 4)]
        for t in askers:
            t.start()
        time.sleep(0.2)
        release.set()
        for t in [first, *askers]:
            t.join(timeout=10)
        assert stamps == [2, 4]  # 3 was never computed: the chained computation was asked for 4 before it began
        assert sorted(later) == [(4, None)] * 3
    finally:
        answers.close()


def test_errors_reach_every_asker_and_are_not_kept(answers: Answers) -> None:
    calls = []

    def missing(_store: Store) -> None:
        calls.append(1)
        time.sleep(0.1)
        raise NotFound("actor", "XYZ")

    got = in_threads(4, lambda: answers.get(("actor", "XYZ"), 1, missing))
    assert all(isinstance(g, NotFound) for g in got), got
    assert len(calls) == 1
    with pytest.raises(NotFound):
        answers.get(("actor", "XYZ"), 1, missing)
    assert len(calls) == 2


def test_at_most_workers_computations_run_at_once(web_db: Path) -> None:
    answers = Answers(lambda: Store(web_db), first=2)
    running, most, lock = [0], [0], threading.Lock()

    def compute(_store: Store) -> int:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.1)
        with lock:
            running[0] -= 1
        return 1

    try:
        got = in_threads(6, lambda: answers.get(threading.get_ident(), 1, compute))
        assert got == [(1, None)] * 6 and most[0] == 2
    finally:
        answers.close()


def test_least_recently_used_answers_go_first(web_db: Path) -> None:
    answers = Answers(lambda: Store(web_db), max_entries=2)
    try:
        for key in ("a", "b", "a", "c"):
            answers.get(key, 1, lambda s, k=key: k)
        assert len(answers) == 2
        before = answers.computed
        answers.get("a", 1, lambda s: "a")
        answers.get("c", 1, lambda s: "c")
        assert answers.computed == before
        answers.get("b", 1, lambda s: "b")
        assert answers.computed == before + 1
    finally:
        answers.close()


def test_warmer_computes_at_start_and_after_the_store_settles() -> None:
    stamp, warmed = [1], []
    warmer = Warmer(lambda: stamp[0], lambda: warmed.append(stamp[0]), quiet_s=0.3, poll_s=0.02)
    warmer.start()
    try:
        deadline = time.monotonic() + 10
        while warmed != [1]:
            assert time.monotonic() < deadline
            time.sleep(0.01)
        for s in (2, 3, 4):  # a change every 0.1 s: never quiet for 0.3 s
            stamp[0] = s
            time.sleep(0.1)
        assert warmed == [1]
        while warmed != [1, 4]:
            assert time.monotonic() < deadline
            time.sleep(0.01)
    finally:
        warmer.stop()


# ---------------------------------------------------------------- the gate: a queue, 503 only when full or late
class Slow:
    """An ASGI app answering 200 after `release` is set (or at once), counting how many it works on at once."""

    def __init__(self, release: asyncio.Event | None = None, seconds: float = 0.0) -> None:
        self.release, self.seconds = release, seconds
        self.now = self.most = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.now += 1
        self.most = max(self.most, self.now)
        try:
            if self.release is not None:
                await self.release.wait()
            await asyncio.sleep(self.seconds)
        finally:
            self.now -= 1
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


async def _refuse(scope: Any, receive: Any, send: Any, why: str) -> None:
    await send({"type": "http.response.start", "status": 503, "headers": []})
    await send({"type": "http.response.body", "body": why.encode()})


async def _ask(app: Any, path: str = "/api/stories") -> int:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app({"type": "http", "path": path, "headers": []}, receive, send)
    return int(sent[0]["status"])


def test_a_burst_waits_its_turn_instead_of_being_refused() -> None:
    async def run() -> tuple[list[int], int]:
        slow = Slow(seconds=0.01)
        gate = Gate(slow, _refuse, active=2, queue=100, wait_s=30)
        codes = await asyncio.gather(*(_ask(gate) for _ in range(60)))
        return list(codes), slow.most

    codes, most = asyncio.run(run())
    assert codes == [200] * 60 and most == 2


def test_503_only_when_the_queue_is_full() -> None:
    async def run() -> list[int]:
        release = asyncio.Event()
        gate = Gate(Slow(release), _refuse, active=1, queue=2, wait_s=30)
        tasks = [asyncio.create_task(_ask(gate)) for _ in range(4)]
        await asyncio.sleep(0.05)
        assert gate.running == 1 and gate.waiting == 2
        done, _ = await asyncio.wait(tasks, timeout=0.05)
        assert [t.result() for t in done] == [503]  # the fourth: nowhere to wait
        release.set()
        return [await t for t in tasks]

    assert sorted(asyncio.run(run())) == [200, 200, 200, 503]


def test_503_when_the_wait_runs_out_and_a_client_that_leaves_frees_its_place() -> None:
    async def run() -> None:
        release = asyncio.Event()
        gate = Gate(Slow(release), _refuse, active=1, queue=10, wait_s=0.1)
        first = asyncio.create_task(_ask(gate))
        await asyncio.sleep(0.01)
        assert await _ask(gate) == 503
        leaving = asyncio.create_task(_ask(gate))
        await asyncio.sleep(0.01)
        leaving.cancel()
        await asyncio.sleep(0.01)
        assert gate.waiting == 0
        release.set()
        assert await first == 200
        assert gate.running == 0
        assert await _ask(gate) == 200 and await _ask(gate, "/static/app.css") == 200

    asyncio.run(run())


def test_static_files_and_docs_pass_a_full_gate() -> None:
    async def run() -> None:
        release = asyncio.Event()
        gate = Gate(Slow(release), _refuse, active=1, queue=0, wait_s=30)
        busy = asyncio.create_task(_ask(gate))
        await asyncio.sleep(0.01)
        assert await _ask(gate) == 503
        gate.app = Slow()
        assert await _ask(gate, "/static/app.css") == 200 and await _ask(gate, "/docs") == 200
        release.set()
        await busy

    asyncio.run(run())


# ---------------------------------------------------------------- the query budget and the stamp
def test_the_query_budget_is_per_statement_not_per_request(web_db: Path) -> None:
    pool = StorePool(web_db, budget_s=0.2)
    try:
        with pool.reader() as store:
            t0 = time.monotonic()
            while time.monotonic() - t0 < 0.6:  # many quick statements, longer than the budget in all
                assert store.count("articles") == 5
        with pytest.raises(QueryTooCostly), pool.reader() as store:
            store.conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n").fetchone()
    finally:
        pool.close()


def test_the_stamp_moves_with_every_commit_of_another_process(web_db: Path) -> None:
    pool = StorePool(web_db)
    try:
        first = pool.stamp()
        assert pool.stamp() == first
        subprocess.run([sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                        "c.execute(\"UPDATE articles SET title = title || '.' WHERE rowid = 1\"); c.commit()", str(web_db)],
                       check=True, timeout=60)
        second = pool.stamp()
        assert second > first and pool.stamp() == second
    finally:
        pool.close()


def test_readers_read_while_a_writer_holds_the_write_lock(web_db: Path) -> None:
    """An ingest holds the write lock for a whole article: the app's readers still answer at once."""
    writer = Store(web_db)
    with web_fixtures.client(web_db) as c:
        writer.conn.execute("BEGIN IMMEDIATE")
        try:
            writer.conn.execute("UPDATE articles SET title = 'changed' WHERE rowid = 1")
            t0 = time.monotonic()
            for url in ("/api/articles", "/api/stories", "/api/dyads", "/api/actors/TUR", "/"):
                assert c.get(url).status_code == 200, url
            assert time.monotonic() - t0 < 10  # never the 30 s busy timeout
            assert "changed" not in c.get("/api/articles").text  # not committed: not seen
        finally:
            writer.conn.execute("COMMIT")
        assert "changed" in c.get("/api/articles").text
    writer.close()


# ---------------------------------------------------------------- the app: kept answers, invalidated by a write
def new_pair() -> Extraction:
    """An article with the first events between Russia and Israel in the store."""
    body = "Russia and Israel signed a grain agreement in Sochi on Tuesday."
    art = Article(body=body, outlet="Black Sea Wire", title="Moscow and Jerusalem sign grain deal",
                  published=date(2024, 8, 6), published_source="text", sources=["test:new-pair"])
    actors = [Actor(name="Russia", code="RUS", kind="state", key="RUS"), Actor(name="Israel", code="ISR", kind="state", key="ISR")]
    event = Event(type="AGREE", actors=[Party("RUS", "Russia", "GOV", "Russia", "RUS")],
                  recipients=[Party("ISR", "Israel", "GOV", "Israel", "ISR")], score=8.0, mode="sign",
                  evidence=Evidence(body, "signed", 0, len(body), body.index("signed"), body.index("signed") + 6))
    return Extraction(art, actors, [event])


def pairs_of(c: Client) -> set[tuple[str, str]]:
    return {(d["a"], d["b"]) for d in ok(c.get("/api/dyads", params={"limit": 500}))["items"]}


def test_expensive_views_are_computed_once_per_state_of_the_store(web_db: Path) -> None:
    with web_fixtures.client(web_db) as c:
        answers = c.app.state.answers
        before = pairs_of(c)
        assert ("ISR", "RUS") not in before
        computed = answers.computed
        for _ in range(3):
            assert pairs_of(c) == before
            ok(c.get("/api/dyads", params={"offset": 1, "limit": 2}))  # another page: cut from the kept answer
        assert answers.computed == computed
        writer = Store(web_db)
        writer.save(new_pair())  # another connection's commit, as `detente ingest` makes
        writer.close()
        assert ("ISR", "RUS") in pairs_of(c)
        assert answers.computed == computed + 1
        assert any("Black Sea Wire" in s["outlets"] for s in ok(c.get("/api/stories", params={"limit": 500}))["items"])
        assert ok(c.get("/api/dyads/RUS/ISR"))["summary"]["events"] == 1
        assert ok(c.get("/api/actors/RUS"))["event_count"] == 2


def test_a_page_of_a_kept_listing_is_the_views_page(web_db: Path) -> None:
    from detente.views import Paging, findings, pairs

    store = Store(web_db)
    with web_fixtures.client(web_db) as c:
        for offset, limit in ((0, 1), (1, 2), (3, 50)):
            params = {"offset": offset, "limit": limit}
            assert ok(c.get("/api/dyads", params=params)) == pairs.dyads(store, paging=Paging(limit, offset))
            assert ok(c.get("/api/stories", params=params)) == findings.stories(store, paging=Paging(limit, offset))
    store.close()


def test_concurrent_requests_for_one_view_share_one_computation(web_db: Path) -> None:
    with web_fixtures.client(web_db) as c:
        async def burst() -> list[int]:
            got = await asyncio.gather(*(c.client.get("/api/stories") for _ in range(8)),
                                       *(c.client.get("/stories") for _ in range(4)))
            return [r.status_code for r in got]

        assert c.loop.run_until_complete(burst()) == [200] * 12
        assert c.app.state.answers.computed == 1


def test_an_answer_older_than_the_store_says_so(web_db: Path) -> None:
    with web_fixtures.client(web_db, fresh_wait_s=0.0) as c:
        first = c.get("/api/dyads")
        assert first.status_code == 200 and "x-detente-stale" not in first.headers
        writer = Store(web_db)
        writer.save(new_pair())
        writer.close()
        stale = c.get("/api/dyads")  # the new answer is being computed: the last one, marked
        assert stale.status_code == 200 and float(stale.headers["x-detente-stale"]) >= 0
        assert stale.json() == first.json()
        deadline = time.monotonic() + 30
        while "x-detente-stale" in (r := c.get("/api/dyads")).headers:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert ("ISR", "RUS") in {(d["a"], d["b"]) for d in r.json()["items"]}
