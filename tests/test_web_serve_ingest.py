"""`detente serve` while `detente ingest` writes into the same SQLite store, each its own process (issue 17):
every request answered (no "database is locked", no 503), an answer is current or says it is not
(X-Detente-Stale), and once the ingest is done the pages give what the store now holds."""
from __future__ import annotations

import asyncio
import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from benchmarks import corpus
from detente.store import Store
from detente.views import Paging, pairs
from tests import web_fixtures
from tests.conftest import ROOT

#: requests per burst, and the paths they ask for (listings, dyads, the analysis pages, the landing page)
BURST = 40
#: articles the ingest writes: enough for several bursts to run while it commits them one by one
ARTICLES = 6
PATHS = ["/api/articles", "/api/events?limit=100", "/api/actors", "/api/dyads", "/api/dyads/TUR/AZE", "/dyads", "/",
         "/api/stories", "/api/actors/TUR", "/articles"]


def articles(db: Path) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    db = web_fixtures.database(tmp_path / "web.db")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "detente", "--db", str(db), "serve", "--port", str(port)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)))
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(url + "/api", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read() if proc.stderr else ""
            time.sleep(0.1)
        yield url, db
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        err = proc.stderr.read() if proc.stderr else ""
        assert "Traceback" not in err and "database is locked" not in err, err[-2000:]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def burst(url: str) -> list[httpx.Response | BaseException]:
    limits = httpx.Limits(max_connections=BURST, max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=120) as c:
        return await asyncio.gather(*(c.get(PATHS[i % len(PATHS)]) for i in range(BURST)), return_exceptions=True)


@pytest.mark.slow
def test_serve_answers_while_an_ingest_process_writes(served: tuple[str, Path], tmp_path: Path) -> None:
    url, db = served
    jsonl = corpus.write(tmp_path / "more", ARTICLES, "jsonl", seed=3)
    start = articles(db)
    ingest = subprocess.Popen([sys.executable, "-m", "detente", "--db", str(db), "ingest", str(jsonl)], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              env=dict(os.environ, PYTHONPATH=str(ROOT)))
    bursts, during = 0, 0
    try:
        deadline = time.monotonic() + 600
        while True:
            running = ingest.poll() is None
            committed = articles(db)
            answers = asyncio.run(burst(url))
            failed = [a if isinstance(a, BaseException) else (a.request.url.path, a.status_code, a.text[:200])
                      for a in answers if isinstance(a, BaseException) or a.status_code != 200]
            assert not failed, failed
            index = httpx.get(url + "/api", timeout=60)
            if "x-detente-stale" not in index.headers:  # a current answer shows what was committed before the ask
                assert index.json()["counts"]["articles"] >= committed
            else:  # one computed before the latest commits says so, and shows no more than the store holds
                assert start <= index.json()["counts"]["articles"] <= articles(db)
            bursts += 1
            # the ingest was running when the burst began and had committed, or committed while the burst ran
            during += running and (committed > start or articles(db) > committed)
            if not running:
                break
            assert time.monotonic() < deadline
        assert ingest.returncode == 0, ingest.stderr.read() if ingest.stderr else ""
    finally:
        if ingest.poll() is None:
            ingest.kill()
    assert articles(db) == start + ARTICLES
    assert during >= 1, "no burst ran while the ingest was writing"
    # once written, the kept answers give what the store holds (a stale one says so, and is caught up with)
    store = Store(db)
    expected = pairs.dyads(store, paging=Paging(500))
    store.close()
    assert current(url, "/api/dyads?limit=500") == expected
    assert current(url, "/api")["counts"]["articles"] == start + ARTICLES


def current(url: str, path: str) -> Any:
    """The answer once it is current (the recomputations catch up when the store is quiet)."""
    deadline = time.monotonic() + 60
    while "x-detente-stale" in (r := httpx.get(url + path, timeout=60)).headers:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert r.status_code == 200
    return r.json()
