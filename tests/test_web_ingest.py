"""POST /api/ingest: off by default, token-guarded, size-capped; a posted article goes through the real pipeline."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests import web_fixtures
from tests.web_fixtures import error, ok

TOKEN = "s3cret-token-for-tests"
ARTICLE = {
    "text": "Kazakhstan and Uzbekistan signed a water-sharing agreement in Tashkent on Tuesday.\n\n"
            "Officials in Astana said the deal would end a decade of disputes over the Syr Darya.",
    "title": "Kazakhstan and Uzbekistan sign water deal",
    "outlet": "Steppe Courier",
    "published": "2025-04-08",
}


@pytest.fixture
def web_db(tmp_path: Path) -> Path:
    return web_fixtures.database(tmp_path / "web.db")


def test_read_only_by_default(web_db: Path) -> None:
    with web_fixtures.client(web_db) as c:
        error(c.post("/api/ingest", json=ARTICLE), 403, "read_only")


@pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic " + TOKEN, "Bearer "])
def test_token_required(web_db: Path, header: str | None) -> None:
    with web_fixtures.client(web_db, allow_ingest=True, token=TOKEN) as c:
        headers = {"authorization": header} if header else {}
        error(c.post("/api/ingest", json=ARTICLE, headers=headers), 401, "unauthorized")


def test_no_token_configured_refuses_everyone(web_db: Path) -> None:
    with web_fixtures.client(web_db, allow_ingest=True, token=None) as c:
        error(c.post("/api/ingest", json=ARTICLE, headers={"authorization": "Bearer "}), 401, "unauthorized")


@pytest.mark.parametrize(("body", "status", "type_"), [
    ({}, 400, "bad_request"),
    ({"url": "javascript:alert(1)"}, 400, "bad_request"),
    ({"url": "file:///etc/passwd"}, 400, "bad_request"),
    ({"text": 42}, 400, "bad_parameter"),
])
def test_bad_requests(web_db: Path, body: dict[str, object], status: int, type_: str) -> None:
    with web_fixtures.client(web_db, allow_ingest=True, token=TOKEN) as c:
        error(c.post("/api/ingest", json=body, headers={"authorization": f"Bearer {TOKEN}"}), status, type_)


def test_size_cap(web_db: Path) -> None:
    with web_fixtures.client(web_db, allow_ingest=True, token=TOKEN, max_ingest_bytes=1000) as c:
        big = ARTICLE | {"text": "Talks resumed. " * 200}
        error(c.post("/api/ingest", json=big, headers={"authorization": f"Bearer {TOKEN}"}), 413, "too_large")


@pytest.mark.slow
def test_ingest_text_then_serve_it(web_db: Path) -> None:
    with web_fixtures.client(web_db, allow_ingest=True, token=TOKEN) as c:
        auth = {"authorization": f"Bearer {TOKEN}"}
        r = c.post("/api/ingest", json=ARTICLE, headers=auth)
        assert r.status_code == 201, r.text
        made = r.json()
        assert made["new"] is True
        art = ok(c.get(f"/api/articles/{made['id']}"))
        assert art["title"] == ARTICLE["title"] and art["published"] == "2025-04-08" and art["outlet"] == "Steppe Courier"
        assert ok(c.get("/api"))["counts"]["articles"] == 6
        assert ok(c.get("/api"))["read_only"] is False
        # the same body again is a no-op
        again = c.post("/api/ingest", json=ARTICLE, headers=auth)
        assert again.status_code == 201 and again.json() == {"id": made["id"], "new": False, "events": 0}


@pytest.mark.slow
def test_ingest_runs_the_users_config(web_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`serve --allow-ingest` runs the stages `detente ingest` runs: the config file's actor dictionary included."""
    extra = Path(__file__).parent / "data" / "actors" / "extra.yaml"
    config = tmp_path / "config.toml"
    config.write_text(f"actors = [{str(extra)!r}]\n", encoding="utf-8")
    monkeypatch.setenv("DETENTE_CONFIG", str(config))
    text = ("Marta Quillfeather met Chile's foreign minister in Santiago on Monday to discuss fisheries quotas.\n\n"
            "Quillfeather said the two governments would sign a protocol before the end of the year.")
    with web_fixtures.client(web_db, allow_ingest=True, token=TOKEN) as c:
        r = c.post("/api/ingest", json={"text": text, "title": "Quota talks", "published": "2022-05-02"},
                   headers={"authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 201, r.text
        art = ok(c.get(f"/api/articles/{r.json()['id']}"))
    marta = next(a for a in art["actors"] if a["name"] == "Marta Quillfeather")
    assert marta["code"] == "NZL"  # her role in the dictionary: without it she is a name with no state
