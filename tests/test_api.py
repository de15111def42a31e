"""`detente.open(db)`: DataFrames of articles, actors, events, stories and dyads, and the networkx graph."""
from __future__ import annotations

import networkx as nx
import pandas as pd

import detente
from tests.analysis_support import E, day, extraction


def test_open_gives_dataframes_and_graph(tmp_path):
    path = tmp_path / "api.db"
    with detente.open(path) as d:
        d.store.save(extraction("WIRE ONE", day(5), [
            E("ASSAULT", ["ARM"], ["AZE"], "Armenian and Azerbaijani troops exchanged fire.", day=day(4)),
            E("CONSULT", ["ARM"], ["AZE"], "Kazakhstan hosted talks between Armenia and Azerbaijan.", third=[("KAZ", "host")], day=day(40)),
        ]))
    with detente.open(str(path)) as d:
        assert "2 events" in repr(d)
        for name in ("articles", "actors", "events", "stories", "dyads", "relations"):
            df = getattr(d, name)
            assert isinstance(df, pd.DataFrame) and len(df) > 0, name
        assert d.events["type"].tolist() == ["ASSAULT", "CONSULT"]
        assert d.dyads.iloc[0][["a", "b"]].tolist() == ["ARM", "AZE"]
        g = d.graph()
        assert isinstance(g, nx.Graph) and g.has_edge("ARM", "AZE")
        assert d.graph(since=day(30)).edges["ARM", "AZE"]["sign"] == 1
        tl = d.timeline("ARM", "AZE")
        assert list(tl.index) == ["2026-01", "2026-02"] and tl["net"].iloc[0] < 0
        assert d.dyad("Armenia", "Azerbaijan")["mediators"] == ["KAZ"]
        assert d.dossier("KAZ")["relations"][0]["label"] == "mediator"
        assert d.network()["brokerage"][0]["broker"] == "KAZ"
        assert len(d.table("events", since=day(30))) == 1
