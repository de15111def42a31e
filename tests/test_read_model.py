"""One read model: `detente X --json`, `GET /api/X`, the HTML pages and `detente.open()` give the same answer.

The contract tests run every noun both ways over one real store; the rest pins the defects found by asking the
same question in different places (issue 16), each with the question as a user asked it.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import detente
from detente.cli import main
from detente.model import Actor, DateSpan, Mention, Party
from detente.store import Store
from tests import web_fixtures
from tests.analysis_support import E, day, extraction
from tests.web_fixtures import Client, ok


def cli(db: Path, *args: str) -> Any:
    result = CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return web_fixtures.database(tmp_path_factory.mktemp("read-model") / "web.db")


@pytest.fixture(scope="module")
def client(web_db: Path) -> Iterator[Client]:
    with web_fixtures.client(web_db) as c:
        yield c


def _first(client: Client, url: str, key: str) -> str:
    return str(ok(client.get(url))["items"][0][key])


# ---------------------------------------------------------------- the contract: every noun, CLI and API alike
#: (CLI arguments, API path): the same question with the same parameters (the API pages 50 rows by default and
#: draws at most 150 actors; the CLI lists everything unless told)
NOUNS = [
    (["articles", "--limit", "50"], "/api/articles"),
    (["articles", "--outlet", "Levant Ledger", "--since", "2024", "--limit", "2"], "/api/articles?outlet=Levant+Ledger&since=2024&limit=2"),
    (["actors", "--limit", "50"], "/api/actors"),
    (["actors", "--kind", "person", "--q", "e", "--limit", "2"], "/api/actors?kind=person&q=e&limit=2"),
    (["actor", "TUR", "--limit", "50"], "/api/actors/TUR"),
    (["actor", "person:recep-tayyip-erdogan", "--since", "2024", "--limit", "50"],
     "/api/actors/person:recep-tayyip-erdogan?since=2024"),
    (["actor", "group:ruritania", "--limit", "50"], "/api/actors/group:ruritania"),
    (["events", "--limit", "50"], "/api/events"),
    (["events", "--actor", "TUR", "--until", "2024-03", "--limit", "3", "--offset", "1"],
     "/api/events?actor=TUR&until=2024-03&limit=3&offset=1"),
    (["dyads", "--limit", "50"], "/api/dyads"),
    (["dyad", "TUR", "ISR"], "/api/dyads/TUR/ISR"),
    (["dyad", "Israel", "Azerbaijan", "--freq", "year", "--since", "2024"], "/api/dyads/Israel/Azerbaijan?freq=year&since=2024"),
    (["timeline", "TUR", "ISR", "--freq", "quarter"], "/api/timeline/TUR/ISR?freq=quarter"),
    (["relations", "--limit", "50"], "/api/relations"),
    (["relations", "--label", "rival", "--actor", "Israel", "--limit", "50"], "/api/relations?label=rival&actor=Israel"),
    (["stories", "--limit", "50"], "/api/stories"),
    (["graph", "--json", "--max-nodes", "150"], "/api/graph"),
    (["graph", "--json", "--since", "2024-06", "--min-events", "1", "--max-nodes", "3"],
     "/api/graph?since=2024-06&min_events=1&max_nodes=3"),
    (["network", "--json"], "/api/network"),
    (["graph", "--json", "--people", "--max-nodes", "150"], "/api/graph?people=true"),
    (["changes", "2023", "2023", "2024", "2024"], "/api/changes?since1=2023&until1=2023&since2=2024&until2=2024"),
    (["map"], "/api/map"),
    (["map", "--type", "accuse", "--actor", "TUR", "--since", "2024"], "/api/map?type=accuse&actor=TUR&since=2024"),
    (["search", "trade"], "/api/search?q=trade"),
]


@pytest.mark.parametrize(("args", "url"), NOUNS, ids=[" ".join(a) for a, _ in NOUNS])
def test_cli_json_equals_api(web_db: Path, client: Client, args: list[str], url: str) -> None:
    printed = json.loads(cli(web_db, *args, *([] if "--json" in args or args[0] == "changes" else ["--json"])))
    assert printed == ok(client.get(url))


def test_one_article_and_one_event_too(web_db: Path, client: Client) -> None:
    aid = _first(client, "/api/articles?outlet=Levant+Ledger", "id")
    assert json.loads(cli(web_db, "article", aid, "--json")) == ok(client.get(f"/api/articles/{aid}"))
    eid = _first(client, "/api/events?type=SANCTION", "id")
    assert json.loads(cli(web_db, "event", eid, "--json")) == ok(client.get(f"/api/events/{eid}"))


def test_python_api_gives_the_same_dicts(web_db: Path, client: Client) -> None:
    with detente.open(web_db) as d:
        assert d.dyad("TUR", "ISR", since="2023-11") == ok(client.get("/api/dyads/TUR/ISR?since=2023-11"))
        web = ok(client.get("/api/actors/TUR?limit=500"))
        assert d.dossier("TUR") == web | {"events": web["events"] | {"limit": None}}  # Python does not page
        assert d.network(until="2024") == ok(client.get("/api/network?until=2024"))


# ---------------------------------------------------------------- the web's dyad, graph and dossier are the CLI's
@pytest.fixture(scope="module")
def caucasus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Armenia-Azerbaijan: an assault, a conditional agreement, a negated threat, talks a mediator holds; and a
    protest by Armenia's foreign minister (a person with Armenia's code) that names no recipient."""
    path = tmp_path_factory.mktemp("caucasus") / "c.db"
    store = Store(path)
    store.save(extraction("WIRE ONE", day(0), [
        E("ASSAULT", ["AZE"], ["ARM"], "Azerbaijani forces shelled Armenian positions.", day=day(0)),
        E("AGREE", ["ARM"], ["AZE"], "Armenia would sign the deal if Azerbaijan withdrew.", modality="conditional", day=day(1)),
        E("THREATEN", ["AZE"], ["ARM"], "Azerbaijan did not threaten Armenia, Baku said.", modality="negated", day=day(2)),
        E("CONSULT", ["ARM"], ["AZE"], "Kazakhstan mediated talks between Armenia and Azerbaijan.", third=[("KAZ", "mediator")],
          day=day(3)),
    ]))
    minister = extraction("WIRE TWO", day(5), [E("PROTEST", ["ARM"], [], "The minister protested loudly.", day=day(5))])
    minister.actors.append(Actor(name="Ararat Mirzoyan", code="ARM", kind="person", sector="GOV", key="person:ararat-mirzoyan",
                                 mentions=[Mention(4, 12, "minister", "role")]))
    minister.events[0].actors = [Party("ARM", "Ararat Mirzoyan", "GOV", "The minister", "person:ararat-mirzoyan", "person")]
    store.save(minister)
    store.close()
    return path


def test_web_dyad_gives_the_cli_numbers(caucasus: Path) -> None:
    """The web counted 3 events and a mean of -4.0 (the negated threat as conflict, no weights); `detente dyad`
    counts 4 events and a net score of -10.0: now both do."""
    printed = json.loads(cli(caucasus, "dyad", "ARM", "AZE", "--json"))
    assert (printed["summary"]["events"], printed["summary"]["net_score"]) == (4, -10.0)
    with web_fixtures.client(caucasus) as c:
        api = ok(c.get("/api/dyads/ARM/AZE"))
        page = c.page("/dyads/ARM/AZE").text
    assert api["summary"] == printed["summary"] and api["timeline"] == printed["timeline"]
    assert "4 events in 1 articles" in page and "-10.0" in page


def test_web_graph_and_dossier_give_the_cli_numbers(caucasus: Path) -> None:
    edge = next(e for e in json.loads(cli(caucasus, "graph", "--json"))["edges"] if e["id"] == "ARM|AZE")
    listed = json.loads(cli(caucasus, "dyads", "--json"))["items"][0]
    with web_fixtures.client(caucasus) as c:
        web_edge = next(e for e in ok(c.get("/api/graph"))["edges"] if e["id"] == "ARM|AZE")
        partners = {p["node"]: p for p in ok(c.get("/api/actors/ARM"))["partners"]}
        home = c.page("/").text
    assert web_edge == edge and (listed["events"], listed["score"]) == (edge["events"], edge["score"])
    assert (partners["AZE"]["events"], partners["AZE"]["score"]) == (edge["events"], edge["score"])
    assert edge["sign"] == -1 and f"{edge['score']:+.1f}" in home  # drawn as conflict, not as neutral


# ---------------------------------------------------------------- Python API: ISO strings as on the command line
def test_python_api_takes_iso_strings(caucasus: Path) -> None:
    """`db.dyad("TUR", "ISR", since="2025")` raised AttributeError ('str' has no isoformat); so did the others."""
    with detente.open(caucasus) as d:
        assert d.dyad("ARM", "AZE", since="2026-01", until="2026")["summary"]["events"] == 4
        assert d.dyad("ARM", "AZE", since="2026-01-07")["summary"]["events"] == 2
        assert list(d.timeline("ARM", "AZE", since="2026").index) == ["2026-01"]
        assert len(d.table("events", since="2026-01-08")) == 2
        assert d.dossier("AZE", until="2026-01")["node"] == "AZE"
        assert d.network(since="2026")["nodes"] == 2
        assert d.graph(since="2026", until="2026-01-06").number_of_edges() == 1


# ---------------------------------------------------------------- a person's dossier is the person's
def test_person_dossier_shows_their_own_events(caucasus: Path) -> None:
    """`detente actor Hajiyev` printed Azerbaijan's allies, adversaries and recent events as his."""
    d = json.loads(cli(caucasus, "actor", "Mirzoyan", "--json"))
    assert d["kind"] == "person" and d["speaks_for"] == "ARM"
    assert d["allies"] == d["adversaries"] == d["relations"] == d["brokerage"] == []
    assert [e["type"] for e in d["recent_events"]] == ["PROTEST"] and d["event_count"] == 1
    assert [e["type"] for e in d["events"]["items"]] == ["PROTEST"]
    text = cli(caucasus, "actor", "Mirzoyan")
    assert "counted in the analysis for ARM" in text and "adversaries" not in text and "ASSAULT" not in text
    state = json.loads(cli(caucasus, "actor", "ARM", "--json"))
    assert state["speaks_for"] is None and state["event_count"] == 5 and state["partners"][0]["node"] == "AZE"


# ---------------------------------------------------------------- dates keep their precision
@pytest.fixture(scope="module")
def rough(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Dated events of 2025, and one "this year" (2025) and one "in the 1990s"."""
    path = tmp_path_factory.mktemp("rough") / "r.db"
    store = Store(path)
    ext = extraction("WIRE", date(2025, 7, 2), [
        E("ASSAULT", ["AZE"], ["ARM"], "Azerbaijani troops fired on Armenian posts in the 1990s.", day=date(1990, 1, 1)),
        E("AGREE", ["ARM"], ["AZE"], "Armenia and Azerbaijan agreed this year to open the border.", day=date(2025, 1, 1)),
        E("CONSULT", ["ARM"], ["AZE"], "Armenia and Azerbaijan held talks in June.", day=date(2025, 6, 10)),
        E("ACCUSE", ["AZE"], ["ARM"], "Azerbaijan accused Armenia of shelling in July.", day=date(2025, 7, 1)),
    ])
    ext.events[0].date = DateSpan(date(1990, 1, 1), date(1999, 12, 31), "decade", "in the 1990s")
    ext.events[1].date = DateSpan(date(2025, 1, 1), date(2025, 12, 31), "year", "this year")
    store.save(ext)
    store.close()
    return path


def test_listings_show_dates_as_precisely_as_known(rough: Path) -> None:
    """"This year" was shown as 2025-01-01."""
    rows = {line.split()[1]: line.split()[0] for line in cli(rough, "events").splitlines()[1:]}
    assert rows == {"ASSAULT": "1990s", "AGREE": "2025", "CONSULT": "2025-06-10", "ACCUSE": "2025-07-01"}
    dyad = json.loads(cli(rough, "dyad", "ARM", "AZE", "--json"))
    assert (dyad["summary"]["first"], dyad["summary"]["last"]) == ("1990s", "2025-07-01")
    assert {e["type"]: e["date"] for e in dyad["events"]}["AGREE"] == "2025"


def test_timeline_starts_at_the_real_span(rough: Path) -> None:
    """A plain `timeline ARM AZE` printed 441 monthly rows from 1990 (a decade binned in January 1990)."""
    rows = json.loads(cli(rough, "timeline", "ARM", "AZE", "--json"))
    assert [r["period"] for r in rows["items"]] == ["2025-06", "2025-07"] and rows["imprecise"] == 2
    yearly = json.loads(cli(rough, "timeline", "ARM", "AZE", "--freq", "year", "--json"))
    assert [(r["period"], r["events"]) for r in yearly["items"]] == [("2025", 3)] and yearly["imprecise"] == 1


def test_since_a_month_starts_at_that_month(rough: Path) -> None:
    """`--since 2025-06` started at 2025-01: the year-precision event was binned in January."""
    rows = json.loads(cli(rough, "timeline", "ARM", "AZE", "--since", "2025-06", "--json"))["items"]
    assert rows[0]["period"] == "2025-06"
    assert cli(rough, "timeline", "ARM", "AZE", "--since", "2025-06").splitlines()[1].startswith("2025-06")


# ---------------------------------------------------------------- the command line
def test_a_query_on_a_missing_store_is_an_error(tmp_path: Path) -> None:
    """`--db typo.db events` created an empty store and printed nothing, exit 0."""
    typo = tmp_path / "typo.db"
    for args in (["events"], ["articles"], ["dyad", "TUR", "ISR"], ["export", "--format", "csv"], ["serve"]):
        result = CliRunner().invoke(main, ["--db", str(typo), *args])
        assert result.exit_code == 1 and "no detente store at" in result.output, (args, result.output)
        assert not typo.exists()


def test_dyad_with_an_unknown_actor_fails(caucasus: Path) -> None:
    """`dyad TUR XYZ` printed "0 events (None .. None)" and exited 0."""
    for a, b in (("ARM", "XYZ"), ("Narnia", "AZE")):
        result = CliRunner().invoke(main, ["--db", str(caucasus), "dyad", a, b])
        assert result.exit_code == 1 and "no actor matches" in result.output
    result = CliRunner().invoke(main, ["--db", str(caucasus), "dyad", "ARM", "Armenia"])
    assert result.exit_code == 1 and "one actor" in result.output


def test_network_prints_labelled_tables_brokers_best_first(caucasus: Path, rough: Path) -> None:
    text = cli(caucasus, "network")
    lines = text.splitlines()
    at = lines.index(next(x for x in lines if x.startswith("broker ")))
    assert lines[at].split() == ["broker", "between", "score", "mediated"]
    brokers = []
    for line in lines[at + 1:]:
        if not line.strip():
            break
        brokers.append(float(line.split()[-2] if line.split()[-1] == "yes" else line.split()[-1]))
    assert brokers and brokers == sorted(brokers, reverse=True)
    assert any(x.split() == ["actor", "betweenness", "degree", "positive", "negative", "brokerage"] for x in lines)


@pytest.mark.parametrize(("args", "header"), [
    (["network", "--csv"], "actor,betweenness,degree,positive,negative,brokerage"),
    (["dyad", "ARM", "AZE", "--csv"], "date,type,direction,modality,score,outlet,sentence,event_id,article_id"),
    (["search", "talks", "--csv"], "kind,id,date,what,text"),
])
def test_csv_for_network_dyad_and_search(caucasus: Path, args: list[str], header: str) -> None:
    lines = cli(caucasus, *args).splitlines()
    assert lines[0] == header and len(lines) > 1


def test_stories_print_parties_readably(caucasus: Path) -> None:
    """Parties came out as raw JSON lists (["ARM", "AZE"])."""
    table = cli(caucasus, "stories")
    assert "ARM, AZE" in table and '["' not in table
    assert "ARM;AZE" in cli(caucasus, "stories", "--csv")
