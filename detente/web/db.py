"""Database access for the web app: a small pool of read-only stores, each statement bounded in time.

A request checks one `Store` out of the pool for its whole life, so no SQLite connection is ever
used by two requests at once, whichever worker threads FastAPI runs them on. Reading connections
are `query_only`; the one writer (for `--allow-ingest`) is separate and serialised by a lock.
SQLite in WAL mode lets the readers read while a writer (this app's, or `detente ingest` in another
process) holds the write lock: each statement sees the last committed state, never "database is locked".
`stamp()` says when the data changed (see detente.web.cache).
"""
from __future__ import annotations

import asyncio
import os
import queue
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

from detente.store import Store
from detente.store.postgres import is_url

#: connections kept open for readers; SQLite in WAL mode reads concurrently, and 8 covers the
#: 2-16 core machines detente runs on without holding many file handles (the 200-request load
#: test passes with no waits over 1 s on 2 cores)
POOL_SIZE = 8
#: how long a request waits for a free connection before it gets a 503
POOL_WAIT_S = 10.0
#: CPU budget of one SQL statement (from its first step to its last row read): the slowest on a 10,000-article
#: test store (the window's facts for the network over all dates) takes ~0.3 s, so 5 s leaves ample room and
#: still stops a runaway. Per statement, not per request: a view that runs many quick statements (a dossier on a
#: large store, computed once per change of the store) is not cut off; CPU, not wall clock: on a loaded machine
#: (an ingest beside the server) a statement waits for a core, and a wall clock cut off sound queries
QUERY_BUDGET_S = 5.0
#: SQLite VM instructions between two checks of the budget (cheap: one Python call per 10k steps)
PROGRESS_STEPS = 10_000


class Busy(Exception):
    """No connection came free in time: the server is overloaded."""


class QueryTooCostly(Exception):
    """A request's SQL ran past its budget and was interrupted."""


class StorePool:
    """Read-only stores on one database file, lent to one request at a time."""

    def __init__(self, path: str | os.PathLike[str], size: int = POOL_SIZE, budget_s: float = QUERY_BUDGET_S) -> None:
        # a postgresql:// URL stays a string (a Path would fold its '//' and open a SQLite file of that name)
        self.path: str | Path = str(path) if is_url(path) else Path(path)
        self.budget_s = budget_s
        # the first open runs the migrations (a write), so a fresh file gets its schema once
        Store(self.path).close()
        self._idle: queue.LifoQueue[Store] = queue.LifoQueue()
        self._all: list[Store] = []
        self._lock = threading.Lock()
        self._size = size
        self._writer: Store | None = None
        self._slots: asyncio.Semaphore | None = None
        self.write_lock = threading.Lock()
        self._watch: Store | None = None
        self._watch_lock = threading.Lock()
        self._seen: int | None = None
        self._changes = 0

    def open_reader(self) -> Store:
        """A new read-only (`query_only`) store on the pool's database, not lent by the pool."""
        store = Store(self.path)
        store.conn.execute("PRAGMA query_only = ON")
        return store

    @asynccontextmanager
    async def lend(self) -> AsyncIterator[Store]:
        """`reader` for the event loop: waiting for a free connection holds no worker thread.

        FastAPI runs a sync dependency and its endpoint in two separate worker-thread calls, so a
        dependency that blocked a thread while waiting for a connection could starve the very
        endpoints that would give one back (40 threads, 8 connections: deadlock until timeout).
        """
        if self._slots is None:
            self._slots = asyncio.Semaphore(self._size)
        try:
            await asyncio.wait_for(self._slots.acquire(), POOL_WAIT_S)
        except TimeoutError:
            raise Busy("every database connection is busy; try again") from None
        try:
            with self.reader() as store:
                yield store
        finally:
            self._slots.release()

    @contextmanager
    def reader(self) -> Iterator[Store]:
        """A read-only store for one request; each statement stops after `budget_s` seconds."""
        store = self._checkout()
        try:
            with budget(store, self.budget_s):
                yield store
        finally:
            if store.conn.in_transaction:
                store.conn.rollback()
            self._idle.put(store)

    def stamp(self, store: Store | None = None) -> Any:
        """What moves whenever the store's data changes: on SQLite a count of the changes `PRAGMA data_version`
        showed on one watching connection (any other connection's commit moves it, in any process); on
        PostgreSQL (events version, articles count) of `store`, as detente.analysis.summaries stamps. It only grows."""
        if isinstance(self.path, str):  # a postgresql:// URL
            if store is None:
                return None
            from detente.store import facts

            row = store.execute(facts.EVENTS_VERSION).fetchone()
            return (int(row[0]) if row else 0, store.count("articles"))
        with self._watch_lock:
            if self._watch is None:
                self._watch = self.open_reader()
            version = int(self._watch.conn.execute("PRAGMA data_version").fetchone()[0])
            if version != self._seen:
                self._seen = version
                self._changes += 1
            return self._changes

    def _checkout(self) -> Store:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if len(self._all) < self._size:
                store = self.open_reader()
                self._all.append(store)
                return store
        try:
            return self._idle.get(timeout=POOL_WAIT_S)
        except queue.Empty:
            raise Busy("every database connection is busy; try again") from None

    @contextmanager
    def writer(self) -> Iterator[Store]:
        """The one writable store, held by one request at a time."""
        with self.write_lock:
            if self._writer is None:
                self._writer = Store(self.path)
            yield self._writer

    def close(self) -> None:
        with self._lock:
            for store in self._all:
                store.close()
            self._all.clear()
            if self._writer is not None:
                self._writer.close()
                self._writer = None
        with self._watch_lock:
            if self._watch is not None:
                self._watch.close()
                self._watch = None


@contextmanager
def budget(store: Store, seconds: float) -> Iterator[None]:
    """Every statement `store` runs meanwhile is interrupted once it has run `seconds` (QueryTooCostly): seconds of
    this thread's CPU, which a runaway query burns and a query waiting its turn on a loaded machine (for a core,
    or for the interpreter's lock between rows) does not."""
    if not isinstance(store.conn, sqlite3.Connection):
        yield
        return
    deadline = [time.thread_time() + seconds]

    def started(_sql: str) -> None:
        deadline[0] = time.thread_time() + seconds

    def over_budget() -> int:
        return 1 if time.thread_time() > deadline[0] else 0

    store.conn.set_trace_callback(started)
    store.conn.set_progress_handler(over_budget, PROGRESS_STEPS)
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            raise QueryTooCostly(f"a query took longer than {seconds:g} s") from exc
        raise
    finally:
        store.conn.set_progress_handler(None, 0)
        store.conn.set_trace_callback(None)
