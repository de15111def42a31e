"""Windows of a store: the analysis of one date window, and what is kept of it while the store is unchanged.

A `Window`'s facts come from the covering index `events_window` (no article join, no JSON), in record order;
its relations, graph and centrality are computed by `detente.analysis.engine` when first asked for. `window`
and `kept` reuse what was computed (windows, dyads, a month's dossiers) until the store changes: SQLite's
write count and `data_version` say when (`store_version`); on PostgreSQL nothing is kept.
"""

from __future__ import annotations

import gc
import heapq
import sqlite3
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any

from detente.analysis.shapes import F_DAY, F_ID, F_SHAPE, SH_NODES, Fact, shape_of

if TYPE_CHECKING:
    import networkx as nx

    from detente.analysis.engine import Engine
    from detente.analysis.records import Record
    from detente.analysis.relations import Relation
    from detente.store import Store


def tuples(store: Store, sql: str, params: Sequence[Any] = ()) -> Iterable[Sequence[Any]]:
    """Rows as plain tuples where the connection is SQLite's (no sqlite3.Row per row: a third faster on wide
    reads), else as the store gives them."""
    conn = store.conn
    if isinstance(conn, sqlite3.Connection):
        cur = conn.cursor()
        cur.row_factory = None
        return cur.execute(sql, tuple(params))
    return store.execute(sql, params)  # type: ignore[no-any-return]


_FACT_COLUMNS = "day, article_id, start, id, type, mode, modality, score, nodes"


@contextmanager
def bulk(settle: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector while many small objects that live on are made (a window's facts,
    a pair's rows): collections their allocation triggers would walk them again and again (a third of the
    time). It runs again afterwards, if it ran before; `settle` then collects once, so that what was made
    moves to the oldest generation now rather than in a later call's young collections."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
            if settle:
                gc.collect()


def window_facts(store: Store, since: date | None = None, until: date | None = None) -> list[Fact]:
    """Every event of the window as a Fact, in record order (date, article, offset; undated last)."""
    from detente.store.queries import event_window

    where, params = event_window(since, until, events="events")
    sql = (f"SELECT {_FACT_COLUMNS} FROM events WHERE 1=1{where} "
           "ORDER BY day IS NULL, day, article_id, start, id")
    shape = shape_of
    with bulk():
        return [(day, article_id, start, id_, type_, mode, modality, score, shape(nodes))
                for day, article_id, start, id_, type_, mode, modality, score, nodes in tuples(store, sql, params)]


def fetcher(store: Store) -> Callable[[list[str]], dict[str, Record]]:
    """event ids -> the Records a citation reads (records.evidence_records)."""
    from detente.analysis.records import evidence_records

    return lambda ids: evidence_records(store, ids)


class Window:
    """The analysis of one window of a store: facts, relations, graph and centrality, each computed once."""

    def __init__(self, store: Store, since: date | None, until: date | None) -> None:
        self.store, self.since, self.until = store, since, until
        self._engine: Engine | None = None
        self._relations: list[Relation] | None = None
        self._graph: nx.Graph | None = None
        self._centrality: dict[str, dict[str, float]] | None = None
        self._by_node: dict[str, list[int]] | None = None
        self._by_party: dict[str, list[Relation]] | None = None

    @property
    def engine(self) -> Engine:
        from detente.analysis.engine import Engine

        if self._engine is None:
            with bulk(settle=True):
                self._engine = Engine(window_facts(self.store, self.since, self.until), fetch=fetcher(self.store))
        return self._engine

    @property
    def facts(self) -> list[Fact]:
        return self.engine.facts

    def relations(self) -> list[Relation]:
        if self._relations is None:
            engine = self.engine
            with bulk():
                self._relations = engine.relations()
        return self._relations

    def graph(self) -> nx.Graph:
        """The window's graph (shared: copy it before changing it)."""
        if self._graph is None:
            from detente.analysis.network import graph_of
            from detente.analysis.records import state_names

            engine, rels = self.engine, self.relations()
            with bulk():
                self._graph = graph_of(engine, rels, names=state_names(self.store))
        return self._graph

    def centrality(self) -> dict[str, dict[str, float]]:
        if self._centrality is None:
            from detente.analysis.network import centrality

            self._centrality = centrality(self.graph())
        return self._centrality

    def relations_of(self, node: str) -> list[Relation]:
        """The window's relations whose parties include `node`, in relations() order."""
        if self._by_party is None:
            by_party: dict[str, list[Relation]] = defaultdict(list)
            for r in self.relations():
                for p in r.parties:
                    by_party[p].append(r)
            self._by_party = by_party
        return self._by_party.get(node, [])

    def latest(self, indices: list[int], n: int) -> list[str]:
        """Ids of the n latest of some facts (given in record order), latest first: by day, then id, descending."""
        facts = self.facts
        dated = [i for i in indices if facts[i][F_DAY]]
        if len(dated) >= n:  # facts are in day order: the n latest lie on the days from the n-th last one on
            k = len(dated) - n
            cut = facts[dated[k]][F_DAY]
            while k > 0 and facts[dated[k - 1]][F_DAY] == cut:
                k -= 1
            pool = dated[k:]
        else:
            pool = list(indices)
        return [facts[i][F_ID] for i in heapq.nlargest(n, pool, key=lambda i: (facts[i][F_DAY] or "", facts[i][F_ID]))]

    def events_of(self, node: str) -> list[int]:
        """Indices of the facts naming `node` (any role), in record order."""
        if self._by_node is None:
            by_node: dict[str, list[int]] = defaultdict(list)
            with bulk():
                for i, f in enumerate(self.facts):
                    for n in f[F_SHAPE][SH_NODES]:
                        by_node[n].append(i)
            self._by_node = by_node
        return self._by_node.get(node, [])


#: what is kept per store: windows and dyads asked for lately, each with the store state it was computed at
_KEPT: weakref.WeakKeyDictionary[Any, dict[Any, tuple[Any, Any]]] = weakref.WeakKeyDictionary()
#: at most this many windows and this many events in them, and this many dyads, per store
MAX_WINDOWS, MAX_WINDOW_EVENTS, MAX_DYADS = 4, 2_000_000, 16


def store_version(store: Store) -> Any:
    """What changes whenever the store's data does: SQLite's own write count and the data_version other
    connections' commits move; None (never keep) where there is no such cheap mark (PostgreSQL)."""
    if getattr(store, "dialect", "sqlite") != "sqlite":
        return None
    try:
        return (store.conn.total_changes, store.conn.execute("PRAGMA data_version").fetchone()[0])
    except Exception:  # noqa: BLE001 - a closed or foreign connection: do not keep anything
        return None


def kept(store: Store, key: Any, make: Callable[[], Any]) -> Any:
    """`make()`, or what it gave for `key` while the store has not changed since (see store_version)."""
    version = store_version(store)
    if version is None:
        return make()
    try:
        entries = _KEPT.setdefault(store, {})
    except TypeError:  # not weakly referenceable
        return make()
    hit = entries.get(key)
    if hit is not None and hit[0] == version:
        entries[key] = entries.pop(key)  # most recently used last
        return hit[1]
    value = make()
    entries[key] = (version, value)
    _evict(entries)
    return value


def _evict(entries: dict[Any, tuple[Any, Any]]) -> None:
    windows = [k for k in entries if k[0] == "window"]
    dyads = [k for k in entries if k[0] == "dyad"]
    dossiers = [k for k in entries if k[0] == "dossiers"]  # a month's dossiers (analysis.dossiers)
    while len(dossiers) > MAX_WINDOWS:
        entries.pop(dossiers.pop(0))
    while len(windows) > MAX_WINDOWS or (len(windows) > 1 and sum(
            len(entries[k][1].facts) for k in windows if entries[k][1]._engine is not None) > MAX_WINDOW_EVENTS):
        entries.pop(windows.pop(0))
    while len(dyads) > MAX_DYADS:
        entries.pop(dyads.pop(0))


def window(store: Store, since: date | None = None, until: date | None = None) -> Window:
    """The analysis of a window, reused while the store is unchanged (a dossier per actor of one month reads
    the month once); a write to the store, through this connection or another, starts afresh."""
    win: Window = kept(store, ("window", since, until), lambda: Window(store, since, until))
    return win


def forget(store: Store | None = None) -> None:
    """Drop what is kept (for one store, or all)."""
    if store is None:
        _KEPT.clear()
    else:
        _KEPT.pop(store, None)
