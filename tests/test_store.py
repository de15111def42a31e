"""The store: migrations, one transaction per article, dedupe by body, sources, FTS5."""
from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from detente.model import Actor, Article, Event, Evidence, Extraction, Mention, Party
from detente.store import Store
from detente.store.migrations import MIGRATIONS


def _article(body: str = "Turkey suspended trade with Israel on Monday.", **kw) -> Article:
    return Article(body=body, sources=kw.pop("sources", ["a.txt"]), title=kw.pop("title", "Trade halted"), **kw)


def _extraction(art: Article) -> Extraction:
    tur = Actor(name="Turkey", code="TUR", kind="state", key="TUR", mentions=[Mention(0, 6, "Turkey")])
    isr = Actor(name="Israel", code="ISR", kind="state", key="ISR", mentions=[Mention(28, 34, "Israel")])
    ev = Event(type="SANCTION", actors=[Party("TUR", "Turkey", text="Turkey", actor_key="TUR")],
               recipients=[Party("ISR", "Israel", text="Israel", actor_key="ISR")],
               evidence=Evidence(sentence=art.body, trigger="suspended", start=0, end=len(art.body)), id="e1")
    return Extraction(article=art, actors=[tur, isr], events=[ev])


def test_migrations_are_recorded_once(tmp_path):
    path = tmp_path / "m.db"
    s = Store(path)
    assert s.migrations() == [name for name, _ in MIGRATIONS]
    s.close()
    s2 = Store(path)
    assert s2.migrate() == []
    assert s2.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    s2.close()


def test_save_is_atomic_and_dedupes_by_body(store):
    art = _article(published=date(2025, 3, 3), published_source="text")
    assert store.save(_extraction(art)) is True
    same_body_other_url = _article(sources=["https://example.org/b"], title="Other")
    assert store.save(_extraction(same_body_other_url)) is False
    assert store.count("articles") == 1
    assert store.count("events") == 1
    assert store.article(art.id)["sources"] == ["a.txt", "https://example.org/b"]
    assert store.count("actors") == 2


def test_whitespace_and_case_variants_are_one_article(store):
    a = _article("Turkey  suspended trade\nwith Israel.")
    b = _article("turkey suspended trade with Israel.", sources=["b.txt"])
    assert a.body_hash == b.body_hash
    store.save(Extraction(article=a))
    assert store.save(Extraction(article=b)) is False


def test_failed_write_leaves_nothing_partial(store):
    art = _article()
    ext = _extraction(art)
    ext.events[0].evidence = None  # type: ignore[assignment]  # makes the event write fail mid-transaction
    with pytest.raises(AttributeError):
        store.save(ext)
    assert store.count("articles") == 0
    assert store.count("sources") == 0
    assert store.count("mentions") == 0


def test_input_id_collision_falls_back_to_body_hash(store):
    store.save(Extraction(article=_article("First body about talks.", id="rec-1")))
    second = _article("A different body about sanctions.", id="rec-1", sources=["b.txt"])
    assert store.save(Extraction(article=second)) is True
    assert store.count("articles") == 2
    assert store.article(second.body_hash) is not None


def test_full_text_search(store):
    store.save(Extraction(article=_article("Azerbaijan hosted talks between Turkey and Israel in Baku.", title="Baku talks")))
    store.save(Extraction(article=_article("India and Pakistan agreed to a ceasefire.", title="Ceasefire", sources=["c.txt"])))
    hits = store.search("Baku")
    assert [h["title"] for h in hits] == ["Baku talks"]
    assert "[Baku]" in hits[0]["snippet"]
    assert store.search('ceasefire "') != []  # broken FTS syntax falls back to plain words
    assert store.search("nothingmatches") == []


def test_articles_filters(store):
    store.save(Extraction(article=_article("One.", outlet="Caspian Wire", published=date(2025, 1, 5))))
    store.save(Extraction(article=_article("Two.", outlet="The Meridian Post", published=date(2025, 6, 1), sources=["2"])))
    assert [r["outlet"] for r in store.articles(outlet="caspian wire")] == ["Caspian Wire"]
    assert [r["outlet"] for r in store.articles(since=date(2025, 3, 1))] == ["The Meridian Post"]
    assert store.article("nonexistent") is None


def test_database_is_plain_sqlite(tmp_path):
    s = Store(tmp_path / "x.db")
    s.save(Extraction(article=_article()))
    s.close()
    conn = sqlite3.connect(tmp_path / "x.db")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
