"""Bad inputs: each gives one Failure naming the input and the reason, and the stream goes on."""
from __future__ import annotations

import gzip
import io
import json
import os
import tracemalloc
from pathlib import Path

import pytest

from detente.ingest import MAX_BYTES, Failure, read
from detente.ingest.sources import read_file
from detente.model import Article

GOOD = ("Norway and the European Union agreed on Monday to extend their cooperation on gas supplies until 2030, "
        "the Norwegian energy ministry said in Oslo.\n")


def split(items: list[Article | Failure]) -> tuple[list[Article], list[Failure]]:
    return [a for a in items if isinstance(a, Article)], [f for f in items if isinstance(f, Failure)]


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary file (not text)"),
        ("blob", bytes(range(256)) * 8, "binary file (not text)"),
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"   \n\n  \n", "empty file"),
        ("chrome-only.txt", b"Home\nWorld | Politics | Sport\nShare on Facebook\nTweet\n", "no article text found"),
        ("broken.html", b"\x3c\x3c\x3c not html at all \x3e\x3e", "malformed HTML: no HTML elements found"),
        ("empty.jsonl", b"\n\n", "empty file"),
        ("broken.xml", b"<?xml version='1.0'?><rss><channel><title>X</title><item><title>Y</title>", "malformed feed XML"),
        ("nothing.rss", b"<?xml version='1.0'?><rss><channel><title>X</title></channel></rss>", "no items in the feed"),
        ("array.json", b"[{\"id\": 1, ", "not valid JSON"),
    ],
)
def test_one_failure_line_and_the_run_goes_on(tmp_path: Path, good: Path, name: str, content: bytes, reason: str) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    found, failures = split(list(read([str(bad), str(good)])))
    assert len(failures) == 1 and failures[0].source == str(bad)
    assert failures[0].reason.startswith(reason), failures[0].reason
    assert "\n" not in str(failures[0])
    assert [a.source for a in found] == [str(good)]


def test_missing_path(tmp_path: Path) -> None:
    (failure,) = list(read([str(tmp_path / "nope.txt")]))
    assert isinstance(failure, Failure) and failure.reason == "no such file or directory"


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_undecodable_utf8_is_decoded_after_detection(tmp_path: Path, encoding: str) -> None:
    text = ("Le président français a reçu mardi à l'Élysée son homologue sénégalais pour évoquer le retrait des "
            "troupes françaises, a indiqué la présidence. Les deux chefs d'État ont également parlé de coopération "
            "économique et de sécurité régionale.\n")
    if encoding == "cp1252":
        text = text.replace("'", "\u2019")
    path = tmp_path / "page.txt"
    path.write_bytes(text.encode(encoding))
    (article,) = list(read([str(path)]))
    assert isinstance(article, Article)
    assert "président" in article.body and "Élysée" in article.body
    assert article.language == "fr"


def test_page_over_the_cap(tmp_path: Path, good: Path) -> None:
    big = tmp_path / "huge.html"
    with open(big, "wb") as out:
        out.write(b"<html><body>")
        chunk = b"<p>" + b"Talks continued in Geneva. " * 400 + b"</p>\n"
        while out.tell() < 50 * 1024 * 1024:
            out.write(chunk)
    found, failures = split(list(read([str(big), str(good)])))
    assert [f.source for f in failures] == [str(big)]
    assert failures[0].reason.startswith("larger than the 20 MB cap")
    assert len(found) == 1


def test_jsonl_bad_lines_are_failures_and_the_rest_are_read(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps({"id": "ok-1", "text": GOOD}),
        '{"id": "broken", "text": ',
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "no-text", "title": "headline only"}),
        json.dumps({"id": "ok-2", "text": GOOD.replace("Monday", "Friday")}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found, failures = split(list(read([str(path)])))
    assert [a.id for a in found] == ["ok-1", "ok-2"]
    assert [f.source for f in failures] == [f"{path}#L2", f"{path}#L3", f"{path}#L4"]
    assert failures[0].reason.startswith("not valid JSON on line 2: Expecting value")
    assert failures[1].reason == "not a JSON object but list"
    assert failures[2].reason == 'record has no "text" or "html" string'


def test_jsonl_line_over_the_cap_is_skipped_without_loading_it(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"id": "huge", "text": "x " * 3000}) + "\n" + json.dumps({"id": "ok", "text": GOOD}) + "\n")
    found, failures = split(list(read([str(path)], max_bytes=1000)))
    assert [a.id for a in found] == ["ok"]
    assert [str(f) for f in failures] == [f"{path}#L1: larger than the 1000 bytes cap"]


def test_malformed_feed_keeps_items_read_before_the_break(tmp_path: Path) -> None:
    feed = ("<?xml version='1.0'?><rss><channel><title>Sahel Observer</title>"
            "<item><title>Niger and Mali sign defence pact</title><description>Niger and Mali signed a mutual defence pact "
            "on Sunday in Niamey, pledging to come to each other's aid if attacked.</description></item>"
            "<item><title>Broken</title><description>Unclosed <b>tags & stray ampersands")
    path = tmp_path / "sahel.xml"
    path.write_text(feed, encoding="utf-8")
    found, failures = split(list(read([str(path)])))
    assert [a.title for a in found] == ["Niger and Mali sign defence pact"]  # the cut item is not stored
    assert len(failures) == 1 and failures[0].source == str(path) and "malformed feed XML" in failures[0].reason


def _one_warc_record(uri: str) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    page = (b"<html><body><article><h1>Chile recalls envoy</h1><p>Chile recalled its ambassador from Venezuela on "
            b"Monday after a dispute over the presidential election, the foreign ministry in Santiago said.</p></article></body></html>")
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(page), http_headers=http))
    return out.getvalue()


def test_truncated_warc_keeps_whole_records_and_reports_the_break(tmp_path: Path) -> None:
    first = _one_warc_record("https://a.example/1")
    second = _one_warc_record("https://a.example/2")
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(first + second[: len(second) // 2])
    found, failures = split(list(read([str(path)])))
    assert [a.url for a in found] == ["https://a.example/1"]
    assert len(failures) == 1 and failures[0].source == str(path)
    assert failures[0].reason.startswith("malformed WARC record after record 1")


def test_not_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "junk.warc"
    path.write_bytes(b"HTTP/1.1 200 OK\r\n\r\nthis is not a WARC file at all\n")
    (failure,) = list(read([str(path)]))
    assert isinstance(failure, Failure) and failure.reason.startswith("malformed WARC record")


def test_warc_gzip_garbage(tmp_path: Path) -> None:
    path = tmp_path / "garbage.warc.gz"
    path.write_bytes(gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort")[:-6])
    items = list(read([str(path)]))
    assert len(items) == 1 and isinstance(items[0], Failure)


def test_directory_of_10000_files_streams(tmp_path: Path) -> None:
    root = tmp_path / "many"
    root.mkdir()
    for i in range(10_000):
        (root / f"{i:05d}.txt").write_text(f"Item {i}: " + GOOD, encoding="utf-8")
    stream = read([str(root)])
    tracemalloc.start()
    first = next(stream)  # arrives before the rest of the walk is read
    assert isinstance(first, Article) and first.source == str(root / "00000.txt")
    count, peak_early, peak_late = 1, 0, 0
    for item in stream:
        assert isinstance(item, Article)
        count += 1
        if count == 100:
            peak_early = tracemalloc.get_traced_memory()[1]
        elif count == 3000:  # tracing slows reading; 2,900 files are enough to see the slope
            peak_late = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    assert count == 10_000
    # memory stays flat: 2,900 more files raise the peak by less than 2 MB (holding them would take ~3 MB of bodies alone)
    assert peak_late - peak_early < 2 * 1024 * 1024


def test_file_that_disappears_between_listing_and_reading(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(GOOD.replace("Monday", name), encoding="utf-8")
    stream = read([str(tmp_path)])
    first = next(stream)
    os.remove(tmp_path / "b.txt")
    rest = list(stream)
    assert isinstance(first, Article)
    assert [str(x) if isinstance(x, Failure) else x.source for x in rest] == [
        f"{tmp_path / 'b.txt'}: file disappeared while reading", str(tmp_path / "c.txt")]


def test_read_file_on_a_vanished_file_says_so(tmp_path: Path) -> None:
    (failure,) = list(read_file(str(tmp_path / "gone.txt"), listed=True))
    assert isinstance(failure, Failure) and failure.reason == "file disappeared while reading"


def test_max_bytes_default_is_20_mb() -> None:
    assert MAX_BYTES == 20 * 1024 * 1024


# --------------------------------------------------------------------------- issue 17: one bad spot, not the whole input
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_is_refused_at_once_and_the_run_goes_on(tmp_path: Path, good: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # nobody writes to it: opening it for reading would block forever
    found, failures = split(list(read([str(fifo), str(good)])))
    assert [str(f) for f in failures] == [f"{fifo}: not a regular file (a FIFO or pipe); use - to read standard input"]
    assert [a.source for a in found] == [str(good)]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_device_is_refused_not_read_until_the_cap(good: Path) -> None:
    found, failures = split(list(read(["/dev/zero", str(good)])))
    assert [str(f) for f in failures] == ["/dev/zero: not a regular file (a character device); use - to read standard input"]
    assert len(found) == 1


def test_a_fifo_in_a_directory_walk_is_skipped(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    found, failures = split(list(read([str(tmp_path)])))
    assert [a.source for a in found] == [str(tmp_path / "a.txt")] and not failures


def test_nul_byte_in_the_first_8_kb_of_jsonl_fails_only_its_line(tmp_path: Path) -> None:
    path = tmp_path / "nul.jsonl"
    lines = [json.dumps({"id": "ok-1", "text": GOOD}).encode(),
             b'{"id": "nul", "text": "Talks \x00 in Oslo between Norway and Sweden went on all day."}',
             json.dumps({"id": "ok-2", "text": GOOD.replace("Monday", "Friday")}).encode()]
    path.write_bytes(b"\n".join(lines) + b"\n")
    found, failures = split(list(read([str(path)])))
    assert [a.id for a in found] == ["ok-1", "ok-2"]
    assert [f.source for f in failures] == [f"{path}#L2"]
    assert failures[0].reason.startswith("not valid JSON on line 2: Invalid control character")


def test_binary_named_jsonl_is_still_one_failure(tmp_path: Path) -> None:
    path = tmp_path / "image.jsonl"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (failure,) = list(read([str(path)]))
    assert isinstance(failure, Failure) and failure.reason == "binary file (not text)"


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Nordic Wire</title>
<entry><title>Gas deal</title><content type="html">&lt;p&gt;Norway and the European Union agreed on Monday to extend
their cooperation on gas supplies until 2030, the ministry said.&lt;/p&gt;</content></entry>
<entry><title>Aid</title><content type="html">Germany said on Tuesday it would send more aid to Ukraine {ref} before
the winter, the chancellor told reporters in Berlin.</content></entry>
<entry><title>Pact</title><content type="html">France and Italy signed a defence agreement in Rome on Wednesday,
officials from both governments said.</content></entry>
</feed>"""


@pytest.mark.parametrize("ref", ["&#xFFFFFFF;", "&#99999999999;", "&#0;", "&#xD800;", "&#x1;"])
def test_one_bad_character_reference_loses_no_feed_item(tmp_path: Path, ref: str) -> None:
    path = tmp_path / "wire.atom"
    path.write_text(ATOM.format(ref=ref), encoding="utf-8")
    found, failures = split(list(read([str(path)])))
    assert not failures, [str(f) for f in failures]
    assert [a.title for a in found] == ["Gas deal", "Aid", "Pact"]
    assert "Ukraine \ufffd before" in found[1].body


def test_good_character_references_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "wire.atom"
    path.write_text(ATOM.format(ref="(&#xE9;t&#233; &#x1F600;)"), encoding="utf-8")
    found, _ = split(list(read([str(path)])))
    assert "Ukraine (été \U0001F600) before" in found[1].body


@pytest.mark.parametrize("codec, text", [
    ("latin-1", "français"),
    ("latin-1", "Le président français Emmanuel Macron a reçu mardi à Paris le chancelier allemand."),
    ("latin-1", "La délégation française est arrivée à Genève."),
    ("latin-1", "Grüße aus München, sagte der Außenminister am Montag in Berlin."),
    ("latin-1", "El ministro español de Asuntos Exteriores viajó a Bogotá el miércoles."),
    ("cp1250", "Minister spraw zagranicznych Polski spotkał się w środę z ambasadorem Niemiec w Warszawie."),
    ("cp1250", "Předseda vlády České republiky jednal v pondělí s ministrem zahraničí Slovenska."),
    ("cp1251", "Министр иностранных дел России заявил в понедельник, что переговоры продолжатся."),
    ("cp1253", "Ο υπουργός Εξωτερικών της Ελλάδας συναντήθηκε με τον Τούρκο ομόλογό του στην Αθήνα."),
    ("cp1254", "Türkiye Dışişleri Bakanı pazartesi günü Ankara'da İsrail büyükelçisiyle görüştü."),
    ("cp1257", "Lietuvos užsienio reikalų ministras pareiškė, kad šalis remia sankcijas Rusijai."),
    ("cp1255", "שר החוץ הישראלי נפגש ביום שני עם עמיתו הטורקי בירושלים."),
    ("cp1256", "وزير الخارجية المصري التقى نظيره الأردني في القاهرة يوم الاثنين."),
    ("shift_jis", "日本の外務大臣は月曜日に東京で韓国の外相と会談した。"),
    ("gb18030", "中国外交部长周一在北京会见了俄罗斯外长。"),
    ("euc_kr", "한국 외교부 장관은 월요일 서울에서 일본 외무상과 회담했다."),
])
def test_short_text_in_a_legacy_encoding_is_read_in_it(codec: str, text: str) -> None:
    """Short Latin-1 text was read as cp1257, cp775, cp1006 or cp1250 ("franēais", "prķsident", "ŕ Genčve")."""
    from detente.ingest.base import decode

    assert decode(text.encode(codec)) == text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [GOOD, "Министр иностранных дел России заявил в понедельник, что переговоры "
                                        "с Украиной продолжатся в Стамбуле на следующей неделе.\n"])
def test_utf16_without_bom_is_text(tmp_path: Path, codec: str, text: str) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(text.encode(codec))
    (article,) = list(read([str(path)]))
    assert isinstance(article, Article), str(article)
    assert article.body == text.strip()


def test_binary_with_16_bit_structure_is_not_utf16() -> None:
    import random
    import struct

    from detente.ingest.base import is_binary

    rng = random.Random(17)
    samples = b"".join(struct.pack("<h", rng.randint(-300, 300)) for _ in range(4096))  # 16-bit audio, quiet
    assert is_binary(samples)
    assert is_binary(bytes(rng.randrange(256) for _ in range(8192)))


def test_a_failure_is_one_line_even_for_a_name_with_a_line_break(tmp_path: Path) -> None:
    path = tmp_path / "two\nlines.txt"
    path.write_bytes(b"")
    (failure,) = list(read([str(path)]))
    assert isinstance(failure, Failure) and "\n" not in str(failure)
    assert str(failure).endswith("two\\nlines.txt: empty file")
