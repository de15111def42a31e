"""The Python API: `detente.open(db)` gives pandas DataFrames of what the store holds, and the networkx graph.

    >>> import detente
    >>> d = detente.open("detente.db")
    >>> d.events.query("type == 'ASSAULT'")[["date", "actor_codes", "recipient_codes", "sentence"]]
    >>> d.graph(since=date(2025, 1, 1)).edges(data=True)
    >>> d.dyad("TUR", "ISR")["relations"]
"""
from __future__ import annotations

import os
from datetime import date
from typing import Any

import networkx as nx
import pandas as pd

from detente import analysis
from detente.export.tables import table
from detente.store import Store


class Detente:
    """A store seen as tables and a graph; tables are read on each access so they reflect new ingests."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # tables --------------------------------------------------------------
    def table(self, name: str, since: date | None = None, until: date | None = None) -> pd.DataFrame:
        """Any table by name (articles, actors, events, stories, dyads, relations), optionally for a window."""
        return table(self.store, name, since, until)

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
    def graph(self, since: date | None = None, until: date | None = None) -> nx.Graph:
        """The signed, weighted actor graph of a window."""
        return analysis.graph(self.store, since, until)

    def dyad(self, a: str, b: str, since: date | None = None, until: date | None = None, freq: str = "month") -> dict[str, Any]:
        return analysis.dyad(self.store, a, b, since, until, freq)

    def timeline(self, a: str, b: str, since: date | None = None, until: date | None = None, freq: str = "month") -> pd.DataFrame:
        """A pair's cooperation-conflict score by period, as a DataFrame indexed by period start."""
        rows = analysis.dyad(self.store, a, b, since, until, freq)["timeline"]
        df = pd.DataFrame(rows, columns=["period", "start", "events", "mediated", "cooperation", "conflict", "net", "mean"])
        return df.set_index("period")

    def dossier(self, actor: str, since: date | None = None, until: date | None = None) -> dict[str, Any]:
        return analysis.dossier(self.store, actor, since, until)

    def network(self, since: date | None = None, until: date | None = None) -> dict[str, Any]:
        return analysis.network(self.store, since, until)

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
