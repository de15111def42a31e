"""SIGKILL, concurrency and a full disk (issue 17): the store stays sound and a re-run equals a clean run exactly.

Every scenario checks: PRAGMA integrity_check, foreign keys, the FTS index against its table; no duplicate
article; then the same ingest run again, which must leave exactly the clean run's articles, events and
sources. Kill points are drawn from a seeded random stream (the seed is in the test id), after the child
has stored its first article (or at a random moment, for the pool, which commits in batches). Pool workers
must be gone within 10 s of their parent's SIGKILL.
"""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from benchmarks import corpus
from detente.cli import main
from detente.pipeline import ingest
from detente.store import Store
from tests.faults_support import alive, contents, descendants, detente, integrity, tmpfs, wait_until

pytestmark = pytest.mark.faults

#: articles in the corpus: enough for a kill to land between commits, few enough for a lane under a minute
ARTICLES = 12
#: how long a killed ingest's workers may outlive it (the issue's target)
ORPHAN_S = 10.0
#: the most a child may take to store its first article (model loading on a loaded 2-core machine) before the
#: test gives up on it: a bound on a wait, not a timing
FIRST_ARTICLE_S = 120.0


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Short articles from the benchmark corpus as JSON Lines (two paragraphs each, so the lane stays fast)."""
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for story in corpus.articles(ARTICLES, seed=17):
            fh.write(json.dumps({"title": story.title, "outlet": story.outlet, "published": story.published.isoformat(),
                                 "text": "\n\n".join(story.paragraphs[:2])}) + "\n")
    return path


@pytest.fixture(scope="module")
def clean(sources: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What one uninterrupted ingest of the corpus stores."""
    db = tmp_path_factory.mktemp("clean") / "clean.db"
    with Store(db) as store:
        report = ingest([str(sources)], store)
    assert (report.new, len(report.failed)) == (ARTICLES, 0)
    return contents(db)


def stored(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"{db.absolute().as_uri()}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def sound(db: Path) -> dict[str, Any]:
    """The store after a fault: sound, no duplicates; returns its contents."""
    check = integrity(db)
    assert check == {"integrity": "ok", "foreign_keys": [], "fts": "ok"}, check
    found = contents(db)
    assert found["duplicates"] == 0
    return found


def contents_of_nothing() -> dict[str, Any]:
    return {"articles": [], "events": [], "sources": [], "duplicates": 0}


def rerun_equals_clean(db: Path, sources: Path, clean: dict[str, Any]) -> None:
    with Store(db) as store:
        report = ingest([str(sources)], store)
    assert not report.failed
    assert report.new + report.duplicate == ARTICLES
    again = sound(db)
    assert again == clean


@pytest.mark.parametrize("seed, when", [(1, "after the first article"), (2, "any time from the start")])
def test_sigkill_of_a_single_ingest(sources: Path, clean: dict[str, Any], tmp_path: Path, seed: int, when: str) -> None:
    rng = random.Random(seed)
    db = tmp_path / "killed.db"
    child = detente("--db", str(db), "ingest", str(sources))
    try:
        if when == "after the first article":
            assert wait_until(lambda: stored(db) > 0 or child.poll() is not None, FIRST_ARTICLE_S)
            time.sleep(rng.uniform(0.0, 1.0))
        else:
            time.sleep(rng.uniform(0.0, 4.0))
    finally:
        child.kill()
        child.communicate()
    partial = sound(db) if db.exists() else contents_of_nothing()
    assert set(partial["articles"]) <= set(clean["articles"])
    assert set(partial["events"]) <= set(clean["events"])  # whole articles only: their events all there, or none
    by_article = {}
    for event in clean["events"]:
        by_article.setdefault(event[0], set()).add(event)
    kept = {e[0] for e in partial["events"]}
    assert all(by_article[a] <= set(partial["events"]) for a in kept)
    rerun_equals_clean(db, sources, clean)


def test_sigkill_of_a_pooled_ingest_leaves_no_workers(sources: Path, clean: dict[str, Any], tmp_path: Path) -> None:
    rng = random.Random(3)
    db = tmp_path / "pooled.db"
    child = detente("--db", str(db), "ingest", "--workers", "2", str(sources))
    try:
        assert wait_until(lambda: len(descendants(child.pid)) >= 2, FIRST_ARTICLE_S), "the pool never started"
        time.sleep(rng.uniform(0.5, 4.0))  # loading, parsing or writing: wherever it lands
        workers = descendants(child.pid)
        assert workers
        os.kill(child.pid, signal.SIGKILL)  # the parent only: its workers must go by themselves
    finally:
        child.communicate()
    try:
        assert wait_until(lambda: not alive(workers), ORPHAN_S), f"workers {alive(workers)} outlived their parent"
    finally:
        for pid in alive(workers):
            os.kill(pid, signal.SIGKILL)
    if db.exists():
        sound(db)
    rerun_equals_clean(db, sources, clean)


def test_two_ingests_of_the_same_files_at_once(sources: Path, clean: dict[str, Any], tmp_path: Path) -> None:
    """Both read the corpus on stdin before either has loaded spaCy, so both find every article unstored and
    parse it; whichever saves second finds it stored: a duplicate (it was counted as nothing: 12 new and
    "0 new, 0 duplicate, 0 failed")."""
    db = tmp_path / "both.db"
    Store(db).close()  # both find the schema made; neither races the other's migrations
    children = [detente("--db", str(db), "ingest", "--json", "-", stdin=subprocess.PIPE) for _ in range(2)]
    summaries = []
    for child in children:
        assert child.stdin is not None
        child.stdin.write(sources.read_text(encoding="utf-8"))
        child.stdin.close()
    for child in children:
        assert child.stdout is not None and child.stderr is not None
        out, err = child.stdout.read(), child.stderr.read()  # a few lines each: no pipe fills up
        assert child.wait(timeout=600) == 0, err
        summaries.append(json.loads(out.strip().splitlines()[-1]))
    for s in summaries:
        assert s["new"] + s["duplicate"] + len(s["failed"]) == ARTICLES, s
    assert sum(s["new"] for s in summaries) == ARTICLES
    both = sound(db)
    assert (both["articles"], both["events"]) == (clean["articles"], clean["events"])


def test_a_full_disk_is_one_line_and_leaves_whole_articles(sources: Path, clean: dict[str, Any], tmp_path: Path) -> None:
    with tmpfs(tmp_path / "small", "8m") as disk:
        db = disk / "news.db"
        Store(db).close()
        filler = disk / "filler"
        free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
        filler.write_bytes(b"\0" * max(0, free - 48 * 1024))  # room for a few articles' pages, not for all
        result = CliRunner().invoke(main, ["--db", str(db), "ingest", str(sources)])
        assert result.exit_code == 1, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert result.stderr.strip().splitlines() == [f"Error: {db}: database or disk is full"], result.stderr
        partial = sound(db)
        assert len(partial["articles"]) < ARTICLES
        filler.unlink()
        rerun_equals_clean(db, sources, clean)


def test_a_full_disk_at_creation_is_one_line(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "full", "64k") as disk:
        free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
        (disk / "filler").write_bytes(b"\0" * free)
        result = CliRunner().invoke(main, ["--db", str(disk / "news.db"), "load-extractions", "-"], input="")
        assert result.exit_code == 1
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: ") and "news.db" in lines[0], result.stderr
