"""`detente actors`, `detente actor`, `detente events` over a real store of hand-built extractions."""
from __future__ import annotations

import json
from datetime import date

from click.testing import CliRunner

from detente.cli import main
from detente.model import Actor, Article, Attribution, DateSpan, Event, Evidence, Extraction, Mention, Party, ThirdParty
from detente.store import Store

BODY = ("Azerbaijan hosted talks between Turkey and Israel in Baku on Monday. "
        "Turkey suspended trade with Israel, President Recep Tayyip Erdogan said.")


def _fill(path):
    store = Store(path)
    art = Article(body=BODY, sources=["x.txt"], outlet="Caspian Wire", title="Talks in Baku", published=date(2025, 3, 5))
    aze = Actor(name="Azerbaijan", code="AZE", key="AZE", mentions=[Mention(0, 10, "Azerbaijan"), Mention(53, 57, "Baku", "metonym")])
    tur = Actor(name="Turkey", code="TUR", key="TUR", mentions=[Mention(32, 38, "Turkey"), Mention(69, 75, "Turkey")])
    isr = Actor(name="Israel", code="ISR", key="ISR", mentions=[Mention(43, 49, "Israel"), Mention(97, 103, "Israel")])
    erd = Actor(name="Recep Tayyip Erdogan", code="TUR", kind="person", sector="GOV", role="president",
                key="person:recep-tayyip-erdogan", mentions=[Mention(115, 135, "Recep Tayyip Erdogan")])
    s1 = BODY.index("Turkey suspended")
    talks = Event(type="CONSULT", mode="third-party", actors=[Party("TUR", "Turkey", text="Turkey", actor_key="TUR")],
                  recipients=[Party("ISR", "Israel", text="Israel", actor_key="ISR")],
                  third_parties=[ThirdParty("AZE", "Azerbaijan", "host", "Azerbaijan", "AZE")],
                  date=DateSpan(date(2025, 3, 3), date(2025, 3, 3), "day", "on Monday"),
                  evidence=Evidence(BODY[:s1 - 1], "hosted", 0, s1 - 1), id="ev-talks")
    trade = Event(type="SANCTION", actors=[Party("TUR", "Turkey", text="Turkey", actor_key="TUR")],
                  recipients=[Party("ISR", "Israel", text="Israel", actor_key="ISR")],
                  attribution=Attribution("person", "Recep Tayyip Erdogan", "TUR"),
                  evidence=Evidence(BODY[s1:], "suspended", s1, len(BODY)), id="ev-trade")
    store.save(Extraction(article=art, actors=[aze, tur, isr, erd], events=[talks, trade]))
    store.close()


def _run(db, *args):
    result = CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_actors_listing(tmp_path):
    db = tmp_path / "d.db"
    _fill(db)
    rows = json.loads(_run(db, "actors", "--json"))["items"]
    assert {r["key"] for r in rows} == {"AZE", "TUR", "ISR", "person:recep-tayyip-erdogan"}
    assert next(r for r in rows if r["key"] == "AZE")["mentions"] == 2
    assert "Recep Tayyip Erdogan" in _run(db, "actors", "--kind", "person")


def test_actor_by_code_name_and_alias(tmp_path):
    db = tmp_path / "d.db"
    _fill(db)
    prof = json.loads(_run(db, "actor", "aze", "--json"))
    assert prof["key"] == "AZE" and set(prof["aliases"]) == {"Azerbaijan", "Baku"}
    assert prof["mention_counts"]["by_how"]["metonym"] == 1
    assert prof["events_by_role"] == {"host": 1}
    assert json.loads(_run(db, "actor", "Erdogan", "--json"))["roles"] == [{"code": "TUR", "sector": "GOV", "role": "president"}]
    assert "Caspian Wire" in _run(db, "actor", "Baku")
    assert CliRunner().invoke(main, ["--db", str(db), "actor", "Narnia"]).exit_code == 1


def test_events_filters(tmp_path):
    db = tmp_path / "d.db"
    _fill(db)
    ids = lambda *a: [e["id"] for e in json.loads(_run(db, "events", "--json", *a))["items"]]  # noqa: E731
    assert set(ids()) == {"ev-talks", "ev-trade"}
    assert ids("--type", "sanction") == ["ev-trade"]
    assert ids("--actor", "TUR", "--recipient", "Israel") == ids()
    assert ids("--recipient", "TUR") == []
    assert ids("--since", "2025-03-04") == ["ev-trade"]  # undated: falls back to the article's date
    assert ids("--until", "2025-03") == ids()
    assert ids("--outlet", "other") == []
    csv_lines = _run(db, "events", "--csv").splitlines()
    assert csv_lines[0].startswith("id,date,precision,type") and len(csv_lines) == 3
    assert "host" in _run(db, "events")
