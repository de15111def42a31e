"""The CLI end to end with the real pipeline: ingest twice is a no-op, listings, kill and resume."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from detente.cli import main
from tests.conftest import EXAMPLES, SEEDS, need_shared

PAGE = """THE HARBOUR TIMES
World | Europe
{title}
By Lena Ortiz
Published 4 March 2025
{body}
Share this article
"""


def _write_pages(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        body = (
            f"Officials from Norway and Chile met in Oslo on Monday for round {i} of talks on fisheries. "
            f"The two governments agreed to set up working group number {i} before the summer. "
            "Chile's foreign minister said the sessions had been constructive."
        )
        p = folder / f"page-{i:03d}.txt"
        p.write_text(PAGE.format(title=f"Fisheries talks, round {i}", body=body), encoding="utf-8")
        paths.append(p)
    return paths


def _run(*args: str, db: Path):
    return CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)


def test_ingest_twice_is_a_no_op(tmp_path):
    db = tmp_path / "d.db"
    pages = _write_pages(tmp_path / "in", 3)
    first = _run("ingest", str(tmp_path / "in"), "--json", db=db)
    assert first.exit_code == 0, first.output
    assert json.loads(first.output.strip().splitlines()[-1])["new"] == 3
    second = _run("ingest", str(tmp_path / "in"), "--json", db=db)
    summary = json.loads(second.output.strip().splitlines()[-1])
    assert (summary["new"], summary["duplicate"], summary["sources_added"]) == (0, 3, 0)
    rows = json.loads(_run("articles", "--json", db=db).output)["items"]
    assert len(rows) == 3
    assert {r["title"] for r in rows} == {f"Fisheries talks, round {i}" for i in range(3)}
    # the same page reached through another path is one article with two sources
    copy = tmp_path / "copy.txt"
    copy.write_bytes(pages[0].read_bytes())
    third = _run("ingest", str(copy), "--json", db=db)
    assert json.loads(third.output.strip().splitlines()[-1])["sources_added"] == 1
    shown = json.loads(_run("article", rows[0]["id"], "--json", db=db).output)
    assert shown["body"].startswith("Officials from Norway")


def test_ingest_reports_failures_and_goes_on(tmp_path):
    db = tmp_path / "d.db"
    _write_pages(tmp_path / "in", 2)
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "blob.txt").write_bytes(bytes(range(256)) * 40)
    result = CliRunner().invoke(main, ["--db", str(db), "ingest", str(tmp_path / "in")])
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "blob.txt" in result.output
    assert "2 new" in result.output
    assert len(json.loads(_run("articles", "--json", db=db).output)["items"]) == 2


def test_listings_json_csv_and_search(tmp_path):
    db = tmp_path / "d.db"
    _write_pages(tmp_path / "in", 2)
    _run("ingest", str(tmp_path / "in"), db=db)
    csv_out = _run("articles", "--csv", db=db).output.splitlines()
    assert csv_out[0] == "id,published,outlet,language,title" and len(csv_out) == 3
    table = _run("articles", db=db).output
    assert "Fisheries talks" in table
    hits = json.loads(_run("search", "fisheries", "--json", db=db).output)["articles"]
    assert len(hits) == 2
    assert json.loads(_run("articles", "--since", "2026", "--json", db=db).output)["items"] == []
    assert _run("article", "doesnotexist", db=db).exit_code == 1


def test_extract_prints_one_json_object_per_document(tmp_path):
    _write_pages(tmp_path / "in", 2)
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "in"), "--json"])
    assert result.exit_code == 0, result.output
    docs = [json.loads(line) for line in result.output.splitlines()]
    assert len(docs) == 2
    for doc in docs:
        assert set(doc) >= {"article", "actors", "events"}
        assert doc["article"]["published"] == "2025-03-04"
        assert doc["article"]["source"].endswith(".txt")


def test_seeds_and_examples_twice_store_each_article_once(tmp_path):
    need_shared()
    db = tmp_path / "d.db"
    inputs = [str(p) for p in SEEDS] + [str(EXAMPLES)]
    _run("ingest", *inputs, db=db)
    n1 = len(json.loads(_run("articles", "--json", db=db).output)["items"])
    _run("ingest", *inputs, db=db)
    rows = json.loads(_run("articles", "--json", db=db).output)["items"]
    assert len(rows) == n1 >= 14
    assert len({r["id"] for r in rows}) == len(rows)


def test_sigkill_halfway_then_resume(tmp_path):
    """A run killed with SIGKILL leaves a consistent store; the same command finishes the rest."""
    db = tmp_path / "k.db"
    _write_pages(tmp_path / "in", 60)
    cmd = [sys.executable, "-m", "detente", "--db", str(db), "ingest", str(tmp_path / "in")]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as conn:
                    stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                continue
            if stored >= 3:
                break
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        killed_at = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        orphans = conn.execute("SELECT count(*) FROM sources WHERE article_id NOT IN (SELECT id FROM articles)").fetchone()[0]
    assert 0 < killed_at and orphans == 0
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 60
        assert conn.execute("SELECT count(DISTINCT body_hash) FROM articles").fetchone()[0] == 60
        assert conn.execute("SELECT count(*) FROM sources").fetchone()[0] == 60
