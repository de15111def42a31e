"""Each reader on real files: HTML, JSON Lines, feeds, WARC, directories, stdin, URLs (local server)."""
from __future__ import annotations

import gzip
import io
import json
import sys
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from detente.ingest import Failure, read
from detente.model import Article

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

HTML_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Kazakhstan and China sign gas deal | Steppe Times</title>
<meta property="og:site_name" content="Steppe Times">
<meta property="article:published_time" content="2025-02-20T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/asia">Asia</a></nav><article>
<h1>Kazakhstan and China sign gas deal</h1>
<p>Kazakhstan and China signed an agreement on Thursday to double gas deliveries through the Central Asia pipeline, the energy ministry in Astana said.</p>
<p>Chinese President Xi Jinping and Kazakh President Kassym-Jomart Tokayev witnessed the signing in Beijing, where they also discussed rail links.</p>
<p>Read more: Uzbekistan joins the pipeline expansion</p>
</article><footer>© 2025 Steppe Times</footer></body></html>"""


def articles(items: list[Article | Failure]) -> list[Article]:
    return [a for a in items if isinstance(a, Article)]


def test_examples_cover_every_kind_and_read_cleanly() -> None:
    items = list(read([str(EXAMPLES)]))
    assert [f for f in items if isinstance(f, Failure)] == []
    found = articles(items)
    assert len(found) >= 12
    assert {a.reader for a in found} == {"text", "html", "feed", "jsonl"}
    assert len({a.source for a in found}) == len(found)  # one source per record
    french = [a for a in found if a.language == "fr"]
    assert len(french) == 1 and not french[0].is_english
    assert all(a.is_english for a in found if a is not french[0])
    assert all(a.published and a.published_source for a in found if "serbia-kosovo" not in (a.source or ""))


def test_html_reader_takes_markup_metadata(tmp_path: Path) -> None:
    page = tmp_path / "gas.html"
    page.write_text(HTML_PAGE, encoding="utf-8")
    (article,) = articles(list(read([str(page)])))
    assert article.title == "Kazakhstan and China sign gas deal"
    assert article.outlet == "Steppe Times"
    assert (article.published, article.published_source) == (date(2025, 2, 20), "html")
    assert article.body.startswith("Kazakhstan and China signed an agreement")
    assert "Read more" not in article.body and "©" not in article.body
    assert article.reader == "html" and article.sources == [str(page)]


def test_html_date_from_url_never_from_the_story(tmp_path: Path) -> None:
    body = ("<html><body><article><h1>Border talks resume</h1><p>Armenia and Azerbaijan resumed border talks on "
            "12 March 2024 in Gabala, the two governments said in a joint statement on Friday.</p>"
            "<p>The commissions agreed to meet again in the spring, officials said.</p></article></body></html>")
    record = {"id": "x1", "html": body, "url": "https://example.org/news/2024/03/15/border-talks"}
    no_url = {"id": "x2", "html": body}
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps(record) + "\n" + json.dumps(no_url) + "\n", encoding="utf-8")
    first, second = articles(list(read([str(path)])))
    assert (first.published, first.published_source) == (date(2024, 3, 15), "url")
    assert (second.published, second.published_source) == (None, None)


def test_jsonl_records_keep_their_ids_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "gsr.jsonl"
    lines = [
        {"id": "R-1", "text": "Senior Hungarian and Romanian officials agreed on Wednesday to cooperate on refugees.",
         "published": "2000-01-05", "outlet": "Wire", "title": "Officials agree"},
        {"id": "R-2", "text": "Japan protested to China over a coast guard incursion near the Senkaku islands."},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    first, second = articles(list(read([str(path)])))
    assert (first.id, first.outlet, first.title, first.published, first.published_source) == (
        "R-1", "Wire", "Officials agree", date(2000, 1, 5), "input")
    assert first.sources == [f"{path}#L1"] and second.sources == [f"{path}#L2"]
    assert second.id == "R-2" and second.published is None and second.reader == "jsonl"
    assert first.body == lines[0]["text"]


@pytest.mark.skipif(not (Path(__file__).resolve().parents[2] / "shared/eval/plover-gsr/dev.json").exists(), reason="no shared eval")
def test_plover_records_all_read_as_english_articles(tmp_path: Path) -> None:
    dev = json.loads((Path(__file__).resolve().parents[2] / "shared/eval/plover-gsr/dev.json").read_text(encoding="utf-8"))
    path = tmp_path / "gsr.jsonl"
    path.write_text("".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in dev[1:]), encoding="utf-8")
    items = list(read([str(path)]))
    assert [f for f in items if isinstance(f, Failure)] == []
    assert [a.id for a in articles(items)] == [r["id"] for r in dev[1:]]
    assert all(a.is_english for a in articles(items))


def test_feed_items_are_articles_with_feed_dates() -> None:
    items = articles(list(read([str(EXAMPLES / "feeds" / "steppe-wire.xml")])))
    assert len(items) == 3
    first = items[0]
    assert first.sources == [f"{EXAMPLES / 'feeds' / 'steppe-wire.xml'}#item-1"]
    assert (first.outlet, first.byline, first.published, first.published_source) == ("Steppe Wire", "Selin Kaya", date(2025, 1, 5), "feed")
    assert first.url == "https://steppewire.example/2025/01/05/prisoner-swap"
    assert "<p>" not in first.body and first.body.count("\n\n") == 1


def test_atom_feed(tmp_path: Path) -> None:
    atom = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Baltic Ledger</title>
    <entry><title>Estonia summons Russian envoy</title><link href="https://baltic.example/a1"/><updated>2025-03-02T10:00:00Z</updated>
    <summary>Estonia summoned the Russian charge d'affaires on Sunday after a Russian fighter jet violated its airspace over the Gulf of Finland.</summary></entry></feed>"""
    path = tmp_path / "baltic.atom"
    path.write_text(atom, encoding="utf-8")
    (article,) = articles(list(read([str(path)])))
    assert (article.title, article.outlet, article.published) == ("Estonia summons Russian envoy", "Baltic Ledger", date(2025, 3, 2))


def _warc(path: Path, records: list[tuple[str, str, int, str, bytes]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for uri, date_, status, ctype, payload in records:
            http = StatusAndHeaders(f"{status} {'OK' if status == 200 else 'Moved'}", [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=http,
                                               warc_headers_dict={"WARC-Date": date_})
            writer.write_record(record)


def test_warc_responses_become_articles(tmp_path: Path) -> None:
    path = tmp_path / "CC-NEWS-20250220.warc.gz"
    _warc(path, [
        ("https://steppe.example/2025/02/20/gas", "2025-02-20T09:00:00Z", 200, "text/html; charset=utf-8", HTML_PAGE.encode()),
        ("https://steppe.example/logo.png", "2025-02-20T09:00:01Z", 200, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(200)),
        ("https://steppe.example/old", "2025-02-20T09:00:02Z", 301, "text/html", b"<html>moved</html>"),
    ])
    items = list(read([str(path)]))
    assert [f for f in items if isinstance(f, Failure)] == []
    (article,) = articles(items)
    assert article.reader == "warc" and article.url == "https://steppe.example/2025/02/20/gas"
    assert article.sources == [f"{path}#record-1"]
    assert article.fetched_at is not None and article.fetched_at.isoformat().startswith("2025-02-20T09:00")
    assert article.title == "Kazakhstan and China sign gas deal"


def test_directory_walk_is_sorted_recursive_and_skips_other_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    text = "Chile and Argentina signed a deal on Monday to build a new border crossing in the Andes, officials said.\n"
    (tmp_path / "b" / "2.txt").write_text(text.replace("Monday", "Tuesday"), encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "README.md").write_text("# notes", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(text, encoding="utf-8")
    items = list(read([str(tmp_path)]))
    assert [Path(a.source or "").name for a in articles(items)] == ["a.txt", "2.txt"]
    assert not [f for f in items if isinstance(f, Failure)]


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    page = "Tunisia recalled its ambassador from Libya on Friday after a dispute over a border crossing, the ministry said.\n"
    fake = io.TextIOWrapper(io.BufferedReader(io.BytesIO(page.encode())), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    (article,) = articles(list(read(["-"])))
    assert article.sources == ["-"] and article.body.startswith("Tunisia recalled")


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path == "/hang":
            self.server.release.wait(10)  # type: ignore[attr-defined]
            return
        if self.path == "/missing":
            self.send_error(404)
            return
        data = HTML_PAGE.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.release = threading.Event()  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.release.set()  # type: ignore[attr-defined]
    httpd.shutdown()
    httpd.server_close()


def test_url_that_works(server: str) -> None:
    (article,) = articles(list(read([f"{server}/2025/02/20/gas"])))
    assert article.sources == [f"{server}/2025/02/20/gas"] and article.url == f"{server}/2025/02/20/gas"
    assert article.fetched_at is not None and article.title == "Kazakhstan and China sign gas deal"


def test_url_that_hangs_and_one_that_is_missing(server: str) -> None:
    items = list(read([f"{server}/hang", f"{server}/missing", f"{server}/ok"], timeout=0.5))
    assert [str(i) for i in items[:2]] == [f"{server}/hang: timed out after 0.5 s", f"{server}/missing: HTTP 404 Not Found"]
    assert isinstance(items[2], Article)


def test_gzipped_jsonl_is_sniffed_as_warc_not_misread(tmp_path: Path) -> None:
    path = tmp_path / "notes.gz"
    path.write_bytes(gzip.compress(b"not a warc"))
    (failure,) = list(read([str(path)]))
    assert isinstance(failure, Failure) and "WARC" in failure.reason
