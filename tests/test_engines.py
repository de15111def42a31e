"""Parallel ingest (process pool) and the Ray engine store what the serial pipeline stores, whole articles only."""
from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks import corpus
from detente import engines
from detente.cli import main
from detente.engines import pool
from detente.engines.rows import extraction_from_row, to_row
from detente.model import (
    Actor,
    Article,
    Attribution,
    DateSpan,
    Event,
    Evidence,
    Extraction,
    Mention,
    Party,
    ThirdParty,
)
from detente.pipeline import Pipeline
from detente.pipeline import ingest as serial_ingest
from detente.store import Store

N_ARTICLES = 6


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    """Six generated pages, one exact duplicate under another name, and one unreadable file."""
    out = corpus.write(tmp_path_factory.mktemp("corpus"), N_ARTICLES, "txt", seed=3)
    first = next(out.rglob("*.txt"))
    (out / "copy-of-first.txt").write_text(first.read_text(encoding="utf-8"), encoding="utf-8")
    (out / "broken.html").write_bytes(b"\x00\x01 not html at all")
    return out


@pytest.fixture(scope="module")
def serial_counts(small_corpus, tmp_path_factory, nlp_loaded) -> dict[str, int]:
    store = Store(tmp_path_factory.mktemp("serial") / "s.db")
    report = serial_ingest([str(small_corpus)], store)
    counts = {t: store.count(t) for t in ("articles", "sources", "events", "event_parties", "mentions")}
    counts["failed"] = len(report.failed)
    store.close()
    return counts


@pytest.fixture(scope="module")
def nlp_loaded():
    from detente import nlp

    return nlp.load()


def _counts(store: Store) -> dict[str, int]:
    return {t: store.count(t) for t in ("articles", "sources", "events", "event_parties", "mentions")}


def test_pool_stores_what_the_serial_pipeline_stores(small_corpus, serial_counts, tmp_path):
    store = Store(tmp_path / "p.db")
    report = engines.ingest([str(small_corpus)], store, workers=2)
    assert report.new == N_ARTICLES
    assert report.duplicate == 1 and report.sources_added == 1  # the copy: not parsed, its path recorded
    assert len(report.failed) == serial_counts["failed"] == 1
    assert _counts(store) == {k: v for k, v in serial_counts.items() if k != "failed"}
    again = engines.ingest([str(small_corpus)], store, workers=2)
    assert (again.new, again.duplicate, again.events) == (0, N_ARTICLES + 1, 0)
    store.close()


def test_a_warmed_pool_serves_several_ingests(small_corpus, serial_counts, tmp_path):
    with pool.Workers(workers=2) as workers:
        workers.warm()
        first = Store(tmp_path / "w1.db")
        report = pool.ingest([str(small_corpus)], first, workers=2, pool=workers)
        assert report.new == N_ARTICLES and _counts(first) == {k: v for k, v in serial_counts.items() if k != "failed"}
        second = Store(tmp_path / "w2.db")  # the same workers, a second store: the same result
        assert pool.ingest([str(small_corpus)], second, workers=2, pool=workers).new == N_ARTICLES
        assert _counts(second) == _counts(first)
        first.close()
        second.close()
    with pytest.raises(RuntimeError):  # the with block shut the workers down
        workers.executor.submit(pool._ready)


def test_worker_failure_is_one_failed_article_not_a_lost_chunk(monkeypatch):
    def events_stage(doc, article, actors):
        if "Boom" in article.body:
            raise RuntimeError("stage broke")
        return []

    pipe = Pipeline()
    monkeypatch.setattr(pipe, "_stages", lambda: ((lambda doc, art: []), events_stage))
    monkeypatch.setattr(pool, "_PIPELINE", pipe)
    arts = [Article(body="Kenya sent aid to Somalia."), Article(body="Boom went the extractor."),
            Article(body="Chile and Peru held talks.")]
    out = pool._extract_chunk(arts)
    assert [type(x).__name__ for x in out] == ["Extraction", "str", "Extraction"]
    assert "RuntimeError: stage broke" in out[1]


def test_a_worker_that_cannot_start_says_why(small_corpus, tmp_path):
    from detente.pipeline import Options

    store = Store(tmp_path / "w.db")
    with pytest.raises(pool.WorkerStartError, match="no events stage named 'nope.v1'"):
        engines.ingest([str(small_corpus)], store, Options(events="nope.v1"), workers=2)
    assert store.count("articles") == 0
    store.close()


def test_cli_workers_flag(small_corpus, tmp_path):
    db = tmp_path / "cli.db"
    result = CliRunner().invoke(main, ["--db", str(db), "ingest", "--workers", "2", "--json", str(small_corpus)])
    assert result.exit_code == 1, result.output  # the broken file makes the exit status 1; the rest is stored
    summary = json.loads(result.output.strip().splitlines()[-1])
    assert summary["new"] == N_ARTICLES and summary["articles_in_store"] == N_ARTICLES


def test_records_round_trip_every_field():
    art = Article(body="Qatar mediated between Egypt and Israel.", sources=["x.txt"], title="Talks", outlet="Harbour Times",
                  published=date(2025, 4, 2), published_source="text", fetched_at=datetime(2025, 4, 2, 9, 30))
    ev = Event(type="CONSULT", actors=[Party("EGY", "Egypt", "GOV", "Egypt", "EGY", "state")],
               recipients=[Party("ISR", "Israel", actor_key="ISR")],
               evidence=Evidence(art.body, "mediated", 0, 40, 6, 14), mode="mediate",
               third_parties=[ThirdParty("QAT", "Qatar", "mediator", "Qatar", "QAT")],
               date=DateSpan(date(2025, 4, 1), date(2025, 4, 1), "day", "on Tuesday"), modality="asserted",
               attribution=Attribution("outlet", "Harbour Times"), cameo="042", score=1.9, confidence=0.8,
               more_evidence=[Evidence("Again.", "again", 50, 56)], id="e-1")
    ext = Extraction(article=art, actors=[Actor("Egypt", "EGY", key="EGY", mentions=[Mention(24, 29, "Egypt", "gazetteer")])],
                     events=[ev], notes=["a note"])
    assert Extraction.from_dict(json.loads(json.dumps(ext.to_dict(), default=str))) == ext
    row = to_row(art, ext)
    assert row["events"] == 1 and row["error"] is None and extraction_from_row(row) == ext
    failed = to_row(art, "extraction failed: ValueError: x")
    assert failed["extraction"] is None and failed["error"].startswith("extraction failed")


def test_ray_engine_local(small_corpus, serial_counts, tmp_path):
    pytest.importorskip("ray", reason="Ray is not installed (pip install 'detente[ray]'; CI: .ci/ray-deps.sh)")
    from detente.engines import ray_engine

    store = Store(tmp_path / "r.db")
    shards = tmp_path / "shards"
    try:
        report = ray_engine.ingest([str(small_corpus)], store, workers=2, output=str(shards))
    finally:
        import ray

        ray.shutdown()
    assert report.new == N_ARTICLES and report.duplicate == 1
    assert [str(f).split(": ")[0] for f in report.failed] == [str(small_corpus / "broken.html")]
    assert _counts(store) == {k: v for k, v in serial_counts.items() if k != "failed"}
    assert list(shards.glob("*.parquet"))
    again = ray_engine.load(str(shards), store)  # the shards load anywhere, any number of times
    assert again.new == 0 and again.duplicate == N_ARTICLES + 1
    store.close()
    other = tmp_path / "other.db"
    result = CliRunner().invoke(main, ["--db", str(other), "load-shards", "--json", str(shards)])
    assert result.exit_code == 1  # the broken file's failure row is reported again
    assert json.loads(result.output.strip().splitlines()[-1])["articles_in_store"] == N_ARTICLES
