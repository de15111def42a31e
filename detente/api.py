"""The Python API: `detente.open(db)` gives pandas DataFrames of what the store holds, the networkx graph, and the
answers of the read layer (`detente.views`), the same dicts `detente X --json` prints and `GET /api/X` returns.

    >>> import detente
    >>> d = detente.open("detente.db")
    >>> d.events.query("type == 'ASSAULT'")[["date", "actor_codes", "recipient_codes", "sentence"]]
    >>> d.graph(since="2025").edges(data=True)
    >>> d.dyad("TUR", "ISR", since="2025-06")["relations"]

Dates are `datetime.date`s or ISO strings: YYYY, YYYY-MM or YYYY-MM-DD, a whole year or month as on the command
line (`until="2025-06"` ends on June 30).
"""
from __future__ import annotations

import os
from datetime import date
from typing import TYPE_CHECKING, Any

from detente.store import Store
from detente.views import Window

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

Day = date | str | None


class Detente:
    """A store seen as tables, a graph and the read layer's answers; tables are read on each access so they reflect
    new ingests."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # tables --------------------------------------------------------------
    def table(self, name: str, since: Day = None, until: Day = None) -> pd.DataFrame:
        """Any table by name (articles, actors, events, stories, dyads, relations), optionally for a window."""
        from detente.export.tables import table

        w = Window.of(since, until)
        return table(self.store, name, w.since, w.until)

    @property
    def articles(self) -> pd.DataFrame:
        return self.table("articles")

    @property
    def actors(self) -> pd.DataFrame:
        return self.table("actors")

    @property
    def events(self) -> pd.DataFrame:
        return self.table("events")

    @property
    def stories(self) -> pd.DataFrame:
        return self.table("stories")

    @property
    def dyads(self) -> pd.DataFrame:
        return self.table("dyads")

    @property
    def relations(self) -> pd.DataFrame:
        return self.table("relations")

    # analysis ------------------------------------------------------------
    def graph(self, since: Day = None, until: Day = None) -> nx.Graph:
        """The signed actor graph of a window (edge `weight`: volume, never negative; `score`: net score; `sign`)."""
        from detente import analysis

        w = Window.of(since, until)
        return analysis.graph(self.store, w.since, w.until)

    def dyad(self, a: str, b: str, since: Day = None, until: Day = None, freq: str = "month") -> dict[str, Any]:
        """One pair: what `detente dyad A B --json` prints (detente.views.pairs.dyad)."""
        from detente.views.pairs import dyad

        return dyad(self.store, a, b, window=Window.of(since, until), freq=freq)

    def timeline(self, a: str, b: str, since: Day = None, until: Day = None, freq: str = "month") -> pd.DataFrame:
        """A pair's cooperation-conflict score by period, as a DataFrame indexed by period."""
        import pandas as pd

        from detente.views.pairs import timeline

        rows = timeline(self.store, a, b, window=Window.of(since, until), freq=freq)["items"]
        df = pd.DataFrame(rows, columns=["period", "start", "events", "mediated", "cooperation", "conflict", "net", "mean"])
        return df.set_index("period")

    def dossier(self, actor: str, since: Day = None, until: Day = None) -> dict[str, Any]:
        """One actor: what `detente actor NAME --json` prints (detente.views.dossier.actor)."""
        from detente.views.dossier import actor as view

        return view(self.store, actor, window=Window.of(since, until))

    def network(self, since: Day = None, until: Day = None) -> dict[str, Any]:
        """Brokers, centrality and balance: what `detente network --json` prints (detente.views.network.network)."""
        from detente.views.network import network

        return network(self.store, window=Window.of(since, until))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Detente:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<detente {self.store.path}: {self.store.count('articles')} articles, {self.store.count('events')} events>"


def open(path: str | os.PathLike[str] | None = None) -> Detente:  # noqa: A001 - mirrors sqlite3.connect / builtins.open
    """Open a detente database (default: $DETENTE_DB, else the user's data directory)."""
    return Detente(Store(path))
