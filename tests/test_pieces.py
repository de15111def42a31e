"""Bodies too long to parse at once (issue 17): cut into pieces, every stage run per piece, offsets mapped back."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from detente import pieces
from detente.model import Article, Extraction
from detente.pipeline import Options, Pipeline

# team-written paragraphs: events with actors, and background without any
EVENTS = [
    "Armenia and Azerbaijan signed a peace agreement in Washington on Friday, officials said.",
    "Turkey accused Israel of blocking aid convoys to Gaza, the foreign ministry in Ankara said on Monday.",
    "Norway agreed to extend its gas supplies to Germany until 2030, the energy ministry said.",
    "Russian troops shelled the Ukrainian city of Kharkiv overnight, the regional governor said.",
]
QUIET = "The weather was calm and nothing happened in the quiet town today."


def body_of(paragraphs: int) -> str:
    out = []
    for i in range(paragraphs):
        out.append(" ".join([EVENTS[i % len(EVENTS)], QUIET, QUIET]))
    return "\n\n".join(out)


# ------------------------------------------------------------------------------ cutting
@pytest.mark.parametrize("text, size, expected", [
    ("aaaaaaaa\n\nbbbb\ncccc dddd", 16, ["aaaaaaaa\n\n", "bbbb\ncccc dddd"]),  # a paragraph beats a later line break
    ("aaaaaaa bbbb\ncccc dddd", 16, ["aaaaaaa bbbb\n", "cccc dddd"]),  # a line break beats a later space
    ("aaaaaaaaaa. bbb cc ddd", 16, ["aaaaaaaaaa. ", "bbb cc ddd"]),  # a sentence end beats a later space
    ("aaaaaaaaaaaa bbbbbbbbbb", 16, ["aaaaaaaaaaaa ", "bbbbbbbbbb"]),
    ("a" * 30, 12, ["a" * 12, "a" * 12, "a" * 6]),  # no break at all: cut hard
    ("short", 12, ["short"]),
    ("", 12, [""]),
])
def test_spans_cut_at_the_best_break_and_cover_the_text(text: str, size: int, expected: list[str]) -> None:
    spans = pieces.spans(text, size)
    assert [text[s:e] for s, e in spans] == expected
    assert all(e - s <= size for s, e in spans)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))


def test_a_break_early_in_the_window_is_not_taken() -> None:
    # a paragraph break in the first half of the window would make tiny pieces: a later space wins
    text = "ab\n\n" + "word " * 10
    spans = pieces.spans(text, 20)
    assert spans[0][1] > 10


# ------------------------------------------------------------------------------ whole vs pieces
def _check_offsets(extraction: Extraction) -> None:
    body = extraction.article.body
    for actor in extraction.actors:
        for m in actor.mentions:
            assert body[m.start:m.end] == m.text, (actor.name, m)
    for event in extraction.events:
        ev = event.evidence
        assert body[ev.start:ev.end] == ev.sentence
        assert ev.trigger_start is not None and ev.trigger_end is not None
        assert body[ev.trigger_start:ev.trigger_end] in ev.trigger


def _events(extraction: Extraction) -> list[tuple[Any, ...]]:
    return [(e.id, e.type, e.evidence.start, tuple(p.code for p in e.actors), tuple(p.code for p in e.recipients))
            for e in extraction.events]


@pytest.mark.parametrize("selective", [True, False], ids=["selective", "full-parse"])
def test_pieces_give_the_events_of_the_whole_with_offsets_into_the_body(monkeypatch: pytest.MonkeyPatch,
                                                                       selective: bool) -> None:
    article = Article(body=body_of(12), sources=["long"], language="en")
    whole = next(Pipeline(Options(selective=selective)).run([article]))
    monkeypatch.setattr(pieces, "PIECE_CHARS", 700)  # ~3 paragraphs a piece
    assert len(pieces.spans(article.body, 700)) >= 4
    cut = next(Pipeline(Options(selective=selective)).run([article]))
    assert cut.notes[-1].startswith(f"body of {len(article.body):,} characters processed in")
    _check_offsets(cut)
    assert _events(cut) == _events(whole)
    assert len({e.id for e in cut.events}) == len(cut.events)
    # an actor named in several pieces is one actor; its mentions are nearly the whole body's: a word resolved
    # from its context ("officials", a pronoun, a capital for its state) may be read otherwise in a piece
    assert sorted(a.key for a in cut.actors) == sorted(a.key for a in whole.actors)
    mentions = [{(a.key, m.start, m.end) for a in x.actors for m in a.mentions} for x in (cut, whole)]
    assert len(mentions[0] & mentions[1]) >= 0.9 * len(mentions[0] | mentions[1]), mentions[0] ^ mentions[1]


def test_text_over_spacys_limit_is_parsed_in_pieces_on_both_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    """spaCy's E088 (a text over nlp.max_length) aborted the run; the model's limit is lowered to keep this fast."""
    from detente import nlp

    article = Article(body=body_of(30), sources=["long"], language="en")
    whole = {selective: next(Pipeline(Options(selective=selective)).run([article])) for selective in (True, False)}
    model = nlp.load()
    monkeypatch.setattr(model, "max_length", 2_000)
    monkeypatch.setattr(pieces, "PIECE_CHARS", 1_500)
    assert len(article.body) > 3 * model.max_length
    for selective in (True, False):
        (extraction,) = Pipeline(Options(selective=selective)).run([article])
        _check_offsets(extraction)
        # the four events, told again and again: one event each, with the mentions the whole body gives
        assert len(extraction.events) == len(EVENTS)
        mentions = [sorted([e.evidence.start] + [m.start for m in e.more_evidence]) for e in extraction.events]
        assert mentions == [sorted([e.evidence.start] + [m.start for m in e.more_evidence]) for e in whole[selective].events]
        for event in extraction.events:
            for more in event.more_evidence:
                assert article.body[more.start:more.end] == more.sentence


def test_compare_runs_extractors_over_a_text_over_spacys_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """`detente compare` parsed whole bodies: E088 over spaCy's limit. It processes such a body in pieces too."""
    from detente import nlp
    from detente.evaluation.compare import run_extractors

    article = Article(body=body_of(30), sources=["long"], language="en")
    model = nlp.load()
    monkeypatch.setattr(model, "max_length", 2_000)
    monkeypatch.setattr(pieces, "PIECE_CHARS", 1_500)
    short = Article(body=body_of(2), sources=["short"], language="en")
    (runs,) = run_extractors(["rules.v1"], [short, article])
    assert [len(x.events) for x in runs] == [len(next(Pipeline().run([a])).events) for a in (short, article)]
    assert len(runs[1].events) == len(EVENTS)
    _check_offsets(runs[1])


def test_a_short_article_is_not_cut() -> None:
    article = Article(body=body_of(2), sources=["short"], language="en")
    (extraction,) = Pipeline().run([article])
    assert not extraction.notes and extraction.events


def test_the_campaigns_article_over_a_million_characters_is_stored(tmp_path: Path) -> None:
    """The campaign's repro, as it was (E088 ended the whole run, later inputs unread). ~10 s: spaCy tokenises 1.2M
    characters, which is what the repro is about."""
    from click.testing import CliRunner

    from detente.cli import main

    lines = tmp_path / "l.jsonl"
    lines.write_text(json.dumps({"text": f"{QUIET} " * 18000}) + "\n"
                     + json.dumps({"text": body_of(2)}) + "\n", encoding="utf-8")
    db = tmp_path / "t.db"
    result = CliRunner().invoke(main, ["--db", str(db), "ingest", "--json", str(lines)])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output.splitlines()[-1])
    assert (summary["new"], summary["failed"], summary["articles_in_store"]) == (2, [], 2)
    assert summary["events"] >= 2


@pytest.fixture(scope="module")
def breaking_stage() -> str:
    """An events stage that runs out of memory on any article about Kharkiv (and is rules.v1 elsewhere)."""
    from detente import registry

    @registry.register("events", "test-breaks-on-kharkiv")
    def _factory() -> Any:
        real = registry.get("events")()

        def stage(doc: Any, article: Article, actors: list[Any]) -> Any:
            if "Kharkiv" in article.body:
                raise MemoryError("no memory left for this one")
            return real(doc, article, actors)

        return stage

    return "test-breaks-on-kharkiv"


def _three_files(tmp_path: Path) -> list[Path]:
    files = []
    for i, text in enumerate([EVENTS[0], EVENTS[3], EVENTS[2]]):
        files.append(tmp_path / f"{i}.txt")
        files[-1].write_text(text + "\n", encoding="utf-8")
    return files


def test_an_article_whose_extraction_raises_is_one_failure_and_the_run_goes_on(tmp_path: Path, breaking_stage: str) -> None:
    from detente.pipeline import ingest
    from detente.store import Store

    files = _three_files(tmp_path)
    with Store(tmp_path / "s.db") as store:
        report = ingest([str(f) for f in files], store, Options(events=breaking_stage))
        assert (report.new, len(report.failed)) == (2, 1)
        assert str(report.failed[0]) == f"{files[1]}: extraction failed: MemoryError: no memory left for this one"
        assert store.count("articles") == 2


def test_extract_goes_on_past_an_article_that_breaks_a_stage(tmp_path: Path, breaking_stage: str) -> None:
    from click.testing import CliRunner

    from detente.cli import main

    files = _three_files(tmp_path)
    result = CliRunner().invoke(main, ["extract", "--json", "--extractor", breaking_stage, *map(str, files)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.stderr.splitlines() == [f"error: {files[1]}: extraction failed: MemoryError: no memory left for this one"]
    assert [json.loads(line)["article"]["source"] for line in result.stdout.splitlines()] == [str(files[0]), str(files[2])]


def test_summary_adds_up_when_another_writer_stores_the_articles_first(tmp_path: Path) -> None:
    """Two ingests of the same files at once: what the other stored between this one's dedupe and its save was
    counted as nothing (32 new + 140 duplicate of 300 inputs); it is a duplicate."""
    from detente.pipeline import ingest
    from detente.store import Store

    class Raced(Store):
        """The other writer wins every race: an article is not stored when it is read (outside a transaction), and
        is when it is saved (inside the save's transaction)."""

        def known(self, article: Article | str) -> str | None:
            if isinstance(article, Article) and not self.conn.in_transaction:
                return None
            return super().known(article)

    files = []
    for i, text in enumerate(EVENTS[:3]):
        files.append(tmp_path / f"{i}.txt")
        files[-1].write_text(text + "\n", encoding="utf-8")
    first = ingest([str(f) for f in files], Store(tmp_path / "s.db"))
    assert (first.new, first.duplicate) == (3, 0)
    kinds: list[str] = []
    raced = ingest([str(f) for f in files], Raced(tmp_path / "s.db"), on_item=lambda kind, _item: kinds.append(kind))
    assert (raced.new, raced.duplicate, len(raced.failed)) == (0, 3, 0)
    assert kinds == ["duplicate"] * 3


def test_a_pool_worker_processes_a_long_body_in_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a `--workers N` worker runs on its chunk (here in this process: spawning workers costs seconds)."""
    from detente import nlp
    from detente.engines import pool

    article = Article(body=body_of(30), sources=["long"], language="en")
    model = nlp.load()
    monkeypatch.setattr(model, "max_length", 2_000)
    monkeypatch.setattr(pieces, "PIECE_CHARS", 1_500)
    monkeypatch.setattr(pool, "_PIPELINE", None)
    pool._init_worker(Options())
    short = Article(body=EVENTS[0], sources=["short"], language="en")
    results = pool._extract_chunk([short, article])
    assert all(isinstance(r, Extraction) for r in results), results
    _check_offsets(results[1])  # type: ignore[arg-type]
    assert len(results[1].events) == len(EVENTS)  # type: ignore[union-attr]
