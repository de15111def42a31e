"""The benchmark corpus is realistic and reproducible; the benchmark scripts run end to end on small sizes."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from benchmarks import bench_ingest, bench_queries, bench_real_news, bench_startup, corpus
from detente.ingest import Failure, read
from detente.ingest.text import article_from_text


def test_corpus_is_reproducible_and_any_prefix_is_the_same_corpus():
    assert corpus.generate(7, seed=2) == corpus.generate(7, seed=2)
    assert list(corpus.articles(3, seed=2)) == list(corpus.articles(10, seed=2))[:3]
    assert corpus.generate(7, seed=2).body != corpus.generate(7, seed=3).body


def test_articles_are_news_sized_and_varied():
    arts = list(corpus.articles(40, seed=4))
    words = [len(a.body.split()) for a in arts]
    assert 400 <= sum(words) / len(words) <= 600  # the ~500-word article the throughput figures assume
    assert len({a.body for a in arts}) == 40
    assert len({a.outlet for a in arts}) >= 5 and len({a.published for a in arts}) >= 30
    states = {s["name"] for s in corpus.material()["state"]}
    named = {s for a in arts for s in states if s in a.body}
    assert len(named) >= 25  # many actors, not the same pair over and over


def test_page_chrome_is_what_the_reader_removes():
    """Every generated page cleans back to exactly its body, with its metadata: the corpus tests the real reader."""
    for gen in corpus.articles(25, seed=5):
        chrome = corpus.material()["chrome"]
        assert gen.page.splitlines()[0] in chrome["top"] and len(gen.page) > len(gen.body) + 100
        art = article_from_text(gen.page, "page.txt")
        assert art.body == gen.body
        assert art.title == gen.title and art.published == gen.published and art.byline == gen.byline


def test_write_txt_and_jsonl_read_back(tmp_path: Path):
    txt = corpus.write(tmp_path / "txt", 12, "txt", seed=6)
    jsonl = corpus.write(tmp_path / "jsonl", 12, "jsonl", seed=6)
    from_txt = [a for a in read([str(txt)]) if not isinstance(a, Failure)]
    from_jsonl = [a for a in read([str(jsonl)]) if not isinstance(a, Failure)]
    assert [a.body for a in from_txt] == [a.body for a in from_jsonl] == [g.body for g in corpus.articles(12, seed=6)]


def test_tree_rss_counts_this_process():
    assert bench_ingest.tree_rss(os.getpid()) > 10_000_000


def test_query_benchmark_on_a_small_store(tmp_path: Path):
    store = bench_queries.build(tmp_path / "q.db", 3000)
    assert store.count("events") == 3000 and store.count("event_parties") >= 6000
    again = bench_queries.build(tmp_path / "q.db", 3000)  # reused, not rebuilt
    assert again.count("events") == 3000
    again.close()
    results = bench_queries.run(store, repeat=3, budget_s=5)
    for name in ("dyad_sql", "dyad", "dyad_year", "dossier_month", "graph_year", "dossier_view_month", "graph_people_year",
                 "map_year"):
        assert results[name]["n"] >= 1 and 0 < results[name]["p50_ms"] <= results[name]["p95_ms"]
    store.close()


def test_startup_benchmark_times_commands_in_fresh_processes(tmp_path: Path):
    from tests import web_fixtures

    db = web_fixtures.database(tmp_path / "w.db")
    results = bench_startup.run(db, repeat=1, commands=[["articles"], ["dyad", "TUR", "ISR"]], ingest=False)
    assert set(results) == {"python -c pass", "detente articles", "detente dyad TUR ISR"}
    assert all(0 < t["best_s"] <= t["median_s"] and t["cpu_s"] > 0 for t in results.values())


@pytest.mark.slow
def test_real_news_benchmark_runs_both_sides_on_a_small_file(tmp_path: Path):
    src = tmp_path / "news.jsonl"
    lines = [{"id": "a1", "title": "Trade halted", "text": "Turkey suspended all trade with Israel on Thursday, the trade "
              "ministry in Ankara said in a statement. Israeli officials called the move a violation of agreements."},
             {"id": "a2", "title": "Talks in Baku", "text": "Azerbaijan hosted talks between Israeli and Turkish "
              "officials in Baku on Monday. The two delegations agreed to meet again next month."}]
    src.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    ingest = bench_real_news._child("ingest", str(src), False)
    spacy = bench_real_news._child("spacy", str(src), False)
    assert ingest["articles"] == spacy["articles"] == 2
    assert ingest["events"] >= 2 and ingest["seconds"] > 0 and spacy["seconds"] > 0
