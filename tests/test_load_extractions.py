"""`detente load-extractions`: JSON lines of `extract --json` or `merge` into the store, bad lines named, re-runs no-ops."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from detente.cli import main
from detente.engines.jsonl import load, read_lines
from detente.events.ontology import PLOVER_TYPES
from detente.model import Article
from detente.pipeline import Options, extract
from detente.store import Store

BODIES = [
    "Chile recalled its ambassador from Argentina on Monday after a dispute over fishing rights. "
    "Argentina accused Chile of violating the 1984 treaty.",
    "The presidents of Mongolia and Kazakhstan met in Astana on Thursday and signed a transit agreement. "
    "Weather in the capital was mild.",
]


@pytest.fixture(scope="module")
def lines(tmp_path_factory: pytest.TempPathFactory) -> Path:
    arts = [Article(body=b, id=f"load-{i}", outlet="Test Wire", published=date(2026, 3, 2),
                    sources=[f"test://load/{i}"]) for i, b in enumerate(BODIES)]
    path = tmp_path_factory.mktemp("jsonl") / "extractions.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for extraction in extract(arts, Options()):
            f.write(json.dumps(extraction.to_dict(), ensure_ascii=False, default=str) + "\n")
    return path


def test_loads_every_extraction_with_its_events(lines: Path, tmp_path: Path) -> None:
    expected = [e for e in read_lines(str(lines))]
    assert len(expected) == 2 and sum(len(e.events) for e in expected) >= 3  # type: ignore[union-attr]
    store = Store(tmp_path / "s.db")
    report = load([str(lines)], store)
    assert (report.new, report.duplicate, report.failed) == (2, 0, [])
    assert report.events == store.count("events") == sum(len(e.events) for e in expected)  # type: ignore[union-attr]
    stored = {(r[0], r[1]) for r in store.conn.execute("SELECT type, sentence FROM events")}
    assert ("ACCUSE", "Argentina accused Chile of violating the 1984 treaty.") in stored
    again = load([str(lines)], store)
    assert (again.new, again.duplicate, store.count("events"), store.count("articles")) == (0, 2, report.events, 2)


def test_bad_lines_are_named_and_the_rest_is_stored(lines: Path, tmp_path: Path) -> None:
    good = lines.read_bytes().splitlines(keepends=True)
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(good[0] + b'{"article": {"body": "x"\n' + b"[1, 2]\n" + b"\xff\xfe\x00 not text\n" + b"\n" + good[1])
    store = Store(tmp_path / "s.db")
    report = load([str(bad), str(tmp_path / "missing.jsonl")], store)
    assert report.new == 2
    reasons = [str(f) for f in report.failed]
    assert reasons[0].startswith(f"{bad}:2: not JSON")
    assert reasons[1] == f"{bad}:3: not an extraction of `detente extract --json` (no article with a body)"
    assert reasons[2] == f"{bad}:4: not UTF-8 text"
    assert reasons[3].startswith(f"{tmp_path / 'missing.jsonl'}: cannot open")
    assert len(reasons) == 4


def test_cli_exit_code_and_json_summary(lines: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    ok = runner.invoke(main, ["--db", db, "load-extractions", str(lines), "--json"])
    assert ok.exit_code == 0, ok.output
    summary = json.loads(ok.output.strip().splitlines()[-1])
    assert (summary["new"], summary["articles_in_store"]) == (2, 2)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    failed = runner.invoke(main, ["--db", db, "load-extractions", str(bad), str(lines)])
    assert failed.exit_code == 1
    assert f"{bad}:1: not JSON" in failed.output
    assert "0 new, 2 duplicate, 1 failed" in failed.output


@pytest.mark.parametrize("bad_type", ["BOMBARD", "agree", "", "ACCUSE "])
def test_an_event_type_that_is_not_plover_is_refused(lines: Path, tmp_path: Path, bad_type: str) -> None:
    good = lines.read_bytes().splitlines()
    record = json.loads(good[0])
    record["events"][-1]["type"] = bad_type
    path = tmp_path / "typed.jsonl"
    path.write_bytes(json.dumps(record).encode() + b"\n" + good[1] + b"\n")
    store = Store(tmp_path / "s.db")
    report = load([str(path)], store)
    assert report.new == 1 and store.count("articles") == 1  # the other line is stored
    (failure,) = report.failed
    assert str(failure).startswith(f"{path}:1: event type {bad_type!r} is not a PLOVER type (AGREE, CONSULT,")
    assert {r[0] for r in store.conn.execute("SELECT type FROM events")} <= set(PLOVER_TYPES)
