"""What the analysis keeps in the store between processes: results that cost a whole window or a large pair to
compute, written by the first query that computes them and read by later ones in any process (a CLI call is
a fresh process, with nothing kept in memory).

    dossier   per calendar month, every actor's dossier without its sentences (analysis.dossiers)
    dyad      the dyad of a pair with at least STORED_DYAD_EVENTS events, as `analysis.dyad` gives it

Each entry (kind, key, part) carries the stamp of the store it was computed from: the store's events count,
which every save of events moves (`analysis_state`, facts.BUMP_EVENTS, migration 005), and its number of
articles, which deleting an article (and with it its events) moves. An entry is read only under the current
stamp; writing one drops the entries of its kind left from other stamps, so the table holds what the store
gives now. Writing is best effort: a read-only store, or one another writer holds, is answered all the same.
"""
from __future__ import annotations

import json
import logging
import sqlite3
from datetime import date
from typing import Any

from detente.store import BUSY_TIMEOUT_MS, Store
from detente.store import facts as store_facts

log = logging.getLogger(__name__)

#: how long writing an entry waits for another writer's lock before giving up (the query is answered either
#: way; the next one tries again): short, so that a reader never stalls behind an ingest
STORE_BUSY_MS = 200
#: a pair's dyad is stored from this many events on: computing one takes ~6 ms per 1,000 events and ~20 ms
#: whatever the size on the 1M-event benchmark store (30,830 events: 0.19 s; 2,983: 46 ms; 1,105: 27 ms), so
#: below it a stored copy saves little and would only fill the table with the many small pairs users look at
STORED_DYAD_EVENTS = 2_000
#: the shape of a stored dyad: a dyad stored in another shape (by an older detente) is not read
DYAD_VERSION = "2"


def stamp(store: Store) -> str | None:
    """The store's state as entries are checked against (None where the store has no analysis_state yet)."""
    try:
        row = store.execute(store_facts.EVENTS_VERSION).fetchone()
    except sqlite3.Error:  # PostgreSQL's errors are sqlite3's subclasses (detente.store.postgres)
        return None
    if row is None:
        return None
    return f"{int(row[0])}:{store.count('articles')}"


def writable(store: Store) -> bool:
    """Whether this connection may store entries: not one of the web app's `query_only` readers (which read
    what others stored, and compute the rest as if nothing were stored)."""
    if not isinstance(store.conn, sqlite3.Connection):
        return True
    try:
        return not store.conn.execute("PRAGMA query_only").fetchone()[0]
    except sqlite3.Error:
        return False


def read(store: Store, kind: str, key: str, parts: list[str], current: str) -> dict[str, str]:
    """The parts of an entry stored under the `current` stamp (those missing or stale are left out)."""
    marks = ",".join("?" * len(parts))
    rows = store.execute(f"SELECT part, stamp, data FROM analysis_summaries WHERE kind = ? AND key = ? AND part IN ({marks})",
                         [kind, key, *parts])
    return {part: data for part, stamped, data in rows if stamped == current}


def write(store: Store, kind: str, key: str, parts: dict[str, str], current: str) -> bool:
    """Store an entry's parts under the stamp read before they were computed (and drop stale entries of the kind);
    False, with nothing stored or raised, where the store cannot take it now."""
    sqlite = isinstance(store.conn, sqlite3.Connection)
    try:
        if sqlite:
            store.conn.execute(f"PRAGMA busy_timeout={STORE_BUSY_MS}")
        with store.transaction():
            store.execute("DELETE FROM analysis_summaries WHERE kind = ? AND (key = ? OR stamp <> ?)", [kind, key, current])
            store.conn.executemany("INSERT INTO analysis_summaries(kind, key, part, stamp, data) VALUES (?, ?, ?, ?, ?)",
                                   [(kind, key, part, current, data) for part, data in parts.items()])
    except (sqlite3.Error, OSError) as exc:
        log.info("%s %s not stored: %s", kind, key, exc)
        return False
    finally:
        if sqlite:
            store.conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return True


def dyad(store: Store, lo: str, hi: str, since: date | None, until: date | None, freq: str) -> dict[str, Any]:
    """The dyad of the pair of nodes lo < hi (as dyads.pair gives it): stored if large, read if stored."""
    from detente.analysis.dyads import pair

    current = stamp(store)
    key = "\x1f".join([DYAD_VERSION, lo, hi, str(since), str(until), freq])
    if current is not None:
        found = read(store, "dyad", key, [""], current)
        if found:
            out: dict[str, Any] = json.loads(found[""])
            return out
    computed = pair(store, lo, hi, since, until, freq)
    if current is not None and computed["summary"]["events"] >= STORED_DYAD_EVENTS and writable(store):
        write(store, "dyad", key, {"": json.dumps(computed, separators=(",", ":"))}, current)
    return computed


def clear(store: Store) -> None:
    """Drop every stored entry (benchmarks timing first queries; nothing is lost but time)."""
    with store.transaction():
        store.execute("DELETE FROM analysis_summaries")
