"""Exports load back: CSV and Parquet in pandas with the same rows, GEXF and GraphML in networkx; PLOVER and GDELT shapes."""
from __future__ import annotations

import io
import json
from datetime import date

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner

from detente.cli import main
from detente.export import FORMATS, export
from detente.export import graph as graph_export
from detente.export.gdelt import COLUMNS
from detente.export.tables import TABLES, table
from detente.model import DateSpan, Location
from tests.analysis_support import E, day, extraction


@pytest.fixture
def filled(store):
    store.save(extraction("WIRE ONE", day(2), [
        E("SUPPORT", ["AZE"], ["TUR"], "Azerbaijan is a close ally of Turkey.", mode="alliance"),
        E("ACCUSE", ["ISR"], ["TUR"], "Israel accused Turkey of arming militants; \"no\", said Ankara.", day=day(1)),
        E("CONSULT", ["TUR"], ["ISR"], "Baku hosted talks between Turkish and Israeli officials.", third=[("AZE", "host")], day=day(1)),
        E("ASSAULT", ["SYR:REB"], ["SYR"], "Rebels overran positions near Hama, killing 12.", day=day(0)),
    ]))
    store.save(extraction("WIRE TWO", day(3), [
        E("ACCUSE", ["ISR"], ["TUR"], "Israel again accused Turkey of arming militants.", day=day(1)),
        E("SANCTION", ["TUR"], ["ISR"], "Turkey halted trade with Israel.", mode="embargo", day=day(2)),
    ]))
    return store


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    """Equal up to how each format writes missing values and dtypes."""
    assert list(a.columns) == list(b.columns) and len(a) == len(b)
    left = a.astype(object).where(a.notna(), None).map(lambda v: None if v in ("", None) else str(v))
    right = b.astype(object).where(b.notna(), None).map(lambda v: None if v in ("", None) else str(v))
    pd.testing.assert_frame_equal(left.reset_index(drop=True), right.reset_index(drop=True))


@pytest.mark.parametrize("name", list(TABLES))
def test_csv_and_parquet_load_back_with_the_same_rows(filled, tmp_path, name):
    df = table(filled, name)
    assert len(df) > 0
    export(filled, "csv", str(tmp_path / "t.csv"), name)
    export(filled, "parquet", str(tmp_path / "t.parquet"), name)
    _same(df, pd.read_csv(tmp_path / "t.csv", keep_default_na=False, na_values=[""]))
    _same(df, pd.read_parquet(tmp_path / "t.parquet"))


def test_jsonl_rows(filled):
    buf = io.StringIO()
    n = export(filled, "jsonl", buf, "events")
    rows = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert n == len(rows) == 6
    assert {r["type"] for r in rows} >= {"ACCUSE", "SANCTION", "ASSAULT"}
    assert any(r["actor_codes"] == "SYR:REB" for r in rows)


def test_graph_formats_load_back(filled, tmp_path):
    from detente import analysis

    g = analysis.graph(filled)
    for fmt, reader in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        path = tmp_path / f"g.{fmt}"
        graph_export.write(g, fmt, str(path))
        back = reader(path)
        assert set(back.nodes) == set(g.nodes)
        assert back.number_of_edges() == g.number_of_edges()
        assert int(back.edges["ISR", "TUR"]["sign"]) == -1
    graph_export.write(g, "json", str(tmp_path / "g.json"))
    data = json.loads((tmp_path / "g.json").read_text())
    assert nx.node_link_graph(data, edges="links").number_of_edges() == g.number_of_edges()
    graph_export.write(g, "png", str(tmp_path / "g.png"))
    assert (tmp_path / "g.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plover_records(filled):
    buf = io.StringIO()
    export(filled, "plover", buf)
    records = json.loads(buf.getvalue())
    assert len(records) == 6
    rec = next(r for r in records if r["event"] == "SANCTION")
    assert rec["source"][0]["code"] == "TUR" and rec["target"][0]["code"] == "ISR"
    assert rec["mode"] == "embargo" and rec["text"] == "Turkey halted trade with Israel." and rec["publication"] == "WIRE TWO"
    assert {"id", "date", "eventText", "context", "language", "coder", "version", "dateCoded"} <= set(rec)
    hosted = next(r for r in records if r["event"] == "CONSULT")
    assert hosted["thirdParties"] == [{"code": "AZE", "name": "Azerbaijan", "role": "host"}]
    assert (rec["date"], rec["datePrecision"], rec["dateSpan"]) == (day(2).isoformat(), "day", day(2).isoformat())
    ally = next(r for r in records if r["event"] == "SUPPORT")  # no date of its own: its article's
    assert (ally["date"], ally["datePrecision"]) == (day(2).isoformat(), None)


def _gdelt(store) -> pd.DataFrame:
    """A GDELT 2.0 event file as scripts written for GDELT's read one: no header, 61 tab-separated columns."""
    buf = io.StringIO()
    export(store, "gdelt", buf)
    return pd.read_csv(io.StringIO(buf.getvalue()), sep="\t", header=None, names=COLUMNS, dtype=str,
                       keep_default_na=False, quoting=3)


def test_gdelt_table(filled):
    df = _gdelt(filled)
    assert len(COLUMNS) == 61 and df["GLOBALEVENTID"].tolist() == [str(i) for i in range(1, len(df) + 1)]
    acc = df[df["Actor1CountryCode"].eq("ISR") & df["Actor2CountryCode"].eq("TUR")]
    assert len(acc) == 2
    # the same accusation in two outlets: one story, counted in both rows
    assert set(acc["NumArticles"]) == {"2"} and set(acc["NumSources"]) == {"2"}
    assert set(acc["QuadClass"]) == {"3"} and set(acc["Actor1Code"]) == {"ISRGOV"} and set(acc["Actor1Type1Code"]) == {"GOV"}
    assert set(acc["SQLDATE"]) == {day(1).strftime("%Y%m%d")} and set(acc["FractionDate"]) == {"2026.0164"}
    reb = df[df["Actor1Code"].eq("SYRREB")]
    assert reb["QuadClass"].tolist() == ["4"] and reb["GoldsteinScale"].tolist() == ["-10.0"]
    assert reb["Actor1CountryCode"].tolist() == ["SYR"] and reb["Actor1Type1Code"].tolist() == ["REB"]


def test_gdelt_follows_the_codebook(store, tmp_path, monkeypatch):
    """The export had a header row, 2-digit root codes in EventCode, relative paths in SOURCEURL, more rows than
    events (one per actor-recipient pair) and "in the 1990s" dated 19900101."""
    page = tmp_path / "wire.txt"
    page.write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # ingested from here, as `detente ingest wire.txt`
    ext = extraction("WIRE", date(2025, 7, 2), [
        E("ASSAULT", ["AZE"], ["ARM"], "Azerbaijani troops fought Armenian forces in the 1990s.", day=date(1990, 1, 1)),
        E("CONSULT", ["ARM", "AZE"], ["USA", "RUS"], "Armenia and Azerbaijan met American and Russian envoys.",
          day=date(2025, 6, 30)),
        E("SUPPORT", ["~United Nations"], ["ARM"], "The United Nations backed Armenia's appeal.", day=date(2025, 6, 30)),
    ])
    ext.article.sources = [str(page.relative_to(tmp_path))]
    ext.events[0].cameo = "19"
    ext.events[0].date = DateSpan(date(1990, 1, 1), date(1999, 12, 31), "decade", "in the 1990s")
    ext.events[1].cameo = "0431"
    ext.events[1].location = Location("Yerevan", "ARM", 40.18, 44.51, 616052, "Yerevan", "city")
    ext.events[2].actors[0].cameo = "IGOUNO"
    store.save(ext)
    buf = io.StringIO()
    assert export(store, "gdelt", buf) == 3
    first = buf.getvalue().splitlines()[0].split("\t")
    assert len(first) == 61 and first[0] == "1"  # a data row, no header
    df = _gdelt(store)
    assert len(df) == 3  # one row per event
    war = df[df["EventRootCode"].eq("19")].iloc[0]
    assert (war["EventCode"], war["EventBaseCode"]) == ("190", "190")
    assert war["SQLDATE"] == "20250702" != "19900101"  # the report's day: the text gives only a decade
    talks = df[df["EventCode"].eq("0431")].iloc[0]
    assert (talks["EventBaseCode"], talks["EventRootCode"], talks["Actor1CountryCode"], talks["Actor2CountryCode"]) == (
        "043", "04", "ARM", "USA")
    assert (talks["ActionGeo_Type"], talks["ActionGeo_FullName"], talks["ActionGeo_Lat"], talks["ActionGeo_FeatureID"]) == (
        "4", "Yerevan", "40.18", "616052")
    # an actor's place is known where the event's lies in its state: Armenia's, not the American envoys'
    assert (talks["Actor1Geo_FullName"], talks["Actor2Geo_FullName"], war["ActionGeo_Type"]) == ("Yerevan", "", "")
    un = df[df["Actor1Code"].eq("IGOUNO")].iloc[0]
    assert (un["Actor1KnownGroupCode"], un["Actor1Type1Code"], un["Actor1CountryCode"]) == ("UNO", "IGO", "")
    assert set(df["SOURCEURL"]) == {page.resolve().as_uri()}
    assert all(len(d) == 14 and d.isdigit() for d in df["DATEADDED"])


def test_gdelt_sourceurl_is_absolute(tmp_path, monkeypatch):
    from detente.export.gdelt import source_url

    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert source_url("id1", None, ["https://x.example/a", "a.txt"]) == "https://x.example/a"
    assert source_url("id1", None, ["a.txt"]) == (tmp_path / "a.txt").resolve().as_uri()
    assert source_url("id1", None, ["/nowhere/b.txt"]) == "file:///nowhere/b.txt"
    assert source_url("id1", None, ["gone.txt"]) == "urn:detente:article:id1"


def test_export_cli(filled, tmp_path):
    runner = CliRunner()
    db = str(filled.path)
    for fmt in FORMATS:
        out = tmp_path / f"e.{fmt}"
        res = runner.invoke(main, ["--db", db, "export", "--format", fmt, "-o", str(out)])
        assert res.exit_code == 0, res.output
        assert out.stat().st_size > 0
    res = runner.invoke(main, ["--db", db, "export", "--format", "csv", "--table", "relations"])
    assert res.exit_code == 0 and "source,label,target" in res.output
    res = runner.invoke(main, ["--db", db, "export", "--format", "parquet"])
    assert res.exit_code != 0
    res = runner.invoke(main, ["--db", db, "export", "--format", "csv", "--since", day(2).isoformat()])
    assert res.exit_code == 0
    rows = pd.read_csv(io.StringIO(res.stdout.split("exported")[0]))
    assert set(rows["type"]) == {"SANCTION", "SUPPORT"}  # the undated alliance statement takes its article's date


def test_analysis_cli(filled, tmp_path):
    runner = CliRunner()
    db = str(filled.path)
    res = runner.invoke(main, ["--db", db, "relations", "--json"])
    assert res.exit_code == 0, res.output
    rels = json.loads(res.stdout)["items"]
    assert {"source", "label", "target", "evidence"} <= set(rels[0])
    assert any(r["label"] == "mediator" and sorted(r["target"]) == ["ISR", "TUR"] for r in rels)
    res = runner.invoke(main, ["--db", db, "dyad", "Turkey", "ISR", "--json"])
    assert res.exit_code == 0 and json.loads(res.stdout)["mediators"] == ["AZE"]
    assert runner.invoke(main, ["--db", db, "dyad", "TUR", "ISR"]).exit_code == 0
    png = tmp_path / "t.png"
    res = runner.invoke(main, ["--db", db, "timeline", "TUR", "ISR", "--png", str(png), "--freq", "week"])
    assert res.exit_code == 0 and png.read_bytes()[:4] == b"\x89PNG"
    for fmt in ("gexf", "graphml", "png"):
        res = runner.invoke(main, ["--db", db, "graph", "--format", fmt, "-o", str(tmp_path / f"g.{fmt}")])
        assert res.exit_code == 0, res.output
    res = runner.invoke(main, ["--db", db, "graph", "--format", "json", "--since", "2026-01"])
    assert res.exit_code == 0
    g = nx.node_link_graph(json.loads(res.stdout), edges="edges")  # networkx reads the node-link JSON back
    assert g.has_edge("ISR", "TUR") and all(d["weight"] >= 0 for _, _, d in g.edges(data=True))
    for cmd in (["stories", "--json"], ["network"], ["network", "--json"], ["network", "--csv"], ["stories"],
                ["relations", "--csv"], ["dyads"], ["dyad", "TUR", "ISR", "--csv"], ["search", "talks", "--csv"],
                ["changes", "2026-01-01", "2026-01-06", "2026-01-07", "2026-12"]):
        res = runner.invoke(main, ["--db", db, *cmd])
        assert res.exit_code == 0, (cmd, res.output)
    assert date(2026, 1, 5) == day(0)


# --------------------------------------------------------------------------- issue 17: CSV formula injection
FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"click\")", "@SUM(A1:A9)", "+1+1", "-2+3", "\tindented", "\rcarriage"]


@pytest.fixture
def hostile(store):
    """An article whose title, outlet and sentences start like spreadsheet formulas (all from the input text)."""
    events = [E("ACCUSE", ["ISR"], ["TUR"], f"{f} Israel accused Turkey of arming militants number {i}.", day=day(1))
              for i, f in enumerate(FORMULAS)]
    store.save(extraction("=cmd|' /C calc'!A0", day(2), events, title="@title"))
    return store


def _cells(text: str) -> list[str]:
    import csv

    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def _formula_cells(cells: list[str]) -> list[str]:
    """Cells a spreadsheet would run, numbers (-2.0, a score) aside."""
    def number(cell: str) -> bool:
        try:
            float(cell)
        except ValueError:
            return False
        return True

    return [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r") and not number(c)]


@pytest.mark.parametrize("name", ["events", "articles"])
def test_csv_export_quotes_cells_a_spreadsheet_would_run(hostile, name):
    buf = io.StringIO()
    export(hostile, "csv", buf, name)
    cells = _cells(buf.getvalue())
    assert not _formula_cells(cells)
    assert "'=cmd|' /C calc'!A0" in cells
    if name == "events":
        assert {c for c in cells if c.startswith("'")} >= {f"'{f} Israel accused Turkey of arming militants number {i}."
                                                           for i, f in enumerate(FORMULAS)}


def test_csv_export_keeps_negative_numbers_numbers(filled):
    buf = io.StringIO()
    export(filled, "csv", buf, "events")
    df = pd.read_csv(io.StringIO(buf.getvalue()))
    assert (df["score"] < 0).any()  # conflictual events' scores are written as numbers, not quoted text


def test_csv_listings_quote_formula_cells(hostile):
    result = CliRunner().invoke(main, ["--db", str(hostile.path), "events", "--csv"])
    assert result.exit_code == 0, result.output
    cells = _cells(result.stdout)
    assert not _formula_cells(cells)
    assert "'@SUM(A1:A9) Israel accused Turkey of arming militants number 1." in cells
    articles = _cells(CliRunner().invoke(main, ["--db", str(hostile.path), "articles", "--csv"]).stdout)
    assert "'=cmd|' /C calc'!A0" in articles and "'@title" in articles
