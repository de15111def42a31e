"""Opening a store is safe (issue 17): nothing foreign is changed, a typo is an error, every failure is one line.

Also: a read-only store is read (and served); a PostgreSQL location never shows its password, and a libpq
"key=value" string is a PostgreSQL location, never a file name.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from detente.cli import main
from detente.model import Article, Extraction
from detente.store import Store, StoreError, is_dsn
from detente.store.migrations import MIGRATIONS
from detente.store.opening import redact, scrub
from tests.faults_support import read_only


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def one_line_error(result: Result, *words: str) -> str:
    """The command failed with exit 1 and one line on stderr naming what went wrong, and no traceback."""
    assert result.exit_code == 1, (result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def other_app(path: Path) -> bytes:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes(body) VALUES ('buy milk')")
    conn.commit()
    conn.close()
    return path.read_bytes()


def a_store(path: Path, n: int = 2) -> None:
    with Store(path) as store:
        for i in range(n):
            store.save(Extraction(article=Article(body=f"Article {i}: Norway and Sweden held talks in Oslo on trade.",
                                                  sources=[f"a{i}.txt"])))


# ------------------------------------------------------------------------------ another application's file
@pytest.mark.parametrize("create", [False, True])
def test_another_applications_sqlite_file_is_refused_untouched(tmp_path: Path, create: bool) -> None:
    path = tmp_path / "notes.db"
    before = other_app(path)
    with pytest.raises(StoreError, match=r"notes.db is not a detente store \(a SQLite database of another application: "
                                         r"1 table \(notes\)\); nothing was changed"):
        Store(path, create=create)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]  # no -wal, no -shm
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == ["notes"]
    conn.close()


@pytest.mark.parametrize("command", [["articles"], ["events"], ["dyad", "ARM", "AZE"], ["export", "--format", "csv"],
                                     ["load-extractions", "-"]])
def test_cli_on_another_applications_file_says_so_in_one_line(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "notes.db"
    before = other_app(path)
    one_line_error(cli("--db", str(path), *command), "is not a detente store")
    assert path.read_bytes() == before


def test_serve_on_another_applications_file_says_so_in_one_line_and_frees_its_port(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """serve binds its sockets before it opens the store (wt17web): a refused store closes them again."""
    import socket

    import uvicorn

    from detente.cli import web

    bound: list[socket.socket] = []

    def bind(host: str, port: int) -> list[socket.socket]:
        bound.extend(real_bind(host, port))
        return bound

    def run(self: Any, sockets: Any = None) -> None:
        raise AssertionError("served a store that is not one")

    real_bind = web.bind
    monkeypatch.setattr(web, "bind", bind)
    monkeypatch.setattr(uvicorn.Server, "run", run)
    path = tmp_path / "notes.db"
    before = other_app(path)
    one_line_error(cli("--db", str(path), "serve", "--port", "0"), "is not a detente store")
    assert path.read_bytes() == before
    assert bound and all(sock.fileno() == -1 for sock in bound)  # closed: the port is free again


def test_a_migrations_table_of_another_framework_is_not_detentes(tmp_path: Path) -> None:
    path = tmp_path / "laravel.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE migrations (id INTEGER PRIMARY KEY, migration TEXT, batch INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="another application"):
        Store(path)


def test_a_store_cut_short_before_its_first_migration_is_finished(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    conn = sqlite3.connect(path)  # what a first open killed between its two first statements leaves
    conn.execute("CREATE TABLE migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, applied_at TEXT NOT NULL)")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.migrations() == [name for name, _sql in MIGRATIONS]


# ------------------------------------------------------------------------------ a typo, not a new store
def test_a_read_command_on_a_missing_path_is_an_error_and_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "nwes.db"
    line = one_line_error(cli("--db", str(path), "articles"), "no detente store at", "nwes.db")
    assert "detente ingest" in line
    assert not path.exists()
    with pytest.raises(StoreError, match="no detente store at"):
        Store(path, create=False)


def test_the_default_store_missing_is_an_error_for_a_read_command(tmp_path: Path) -> None:
    one_line_error(cli("articles"), "no detente store at", os.environ["DETENTE_DB"])  # conftest points it into tmp_path
    assert not Path(os.environ["DETENTE_DB"]).exists()


def test_a_writing_command_creates_the_store(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "new.db"
    result = cli("--db", str(path), "load-extractions", str(tmp_path / "none.jsonl"))
    assert path.exists() and "cannot open" in result.stderr
    assert cli("--db", str(path), "articles").exit_code == 0


# ------------------------------------------------------------------------------ files that are not stores
def _truncated(tmp_path: Path) -> Path:
    path = tmp_path / "cut.db"
    a_store(path, 40)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


@pytest.mark.parametrize("make, words", [
    (lambda d: (d / "notes.txt").write_text("shopping list\n") and d / "notes.txt", ["is not a detente store",
                                                                                    "not a SQLite database"]),
    (lambda d: (d / "empty.db").write_bytes(b"") or d / "empty.db", ["is not a detente store", "an empty file"]),
    (_truncated, ["cut.db"]),
])
def test_a_file_that_is_not_a_store_is_one_line(tmp_path: Path, make, words: list[str]) -> None:
    path = make(tmp_path)
    before = path.read_bytes() if path.is_file() else None
    one_line_error(cli("--db", str(path), "articles"), *words)
    if before is not None:
        assert path.read_bytes() == before


def test_a_directory_is_no_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory, not a database file"):
        Store(tmp_path, create=True)
    result = cli("--db", str(tmp_path), "articles")  # click's own check of --db: a usage error, no traceback
    assert result.exit_code == 2 and "is a directory" in result.stderr and result.exception is not None
    assert isinstance(result.exception, SystemExit)


def test_a_truncated_store_is_refused_for_writing_too(tmp_path: Path) -> None:
    path = _truncated(tmp_path)
    one_line_error(cli("--db", str(path), "load-extractions", "-"), "cut.db")


def test_an_empty_file_becomes_a_store_only_for_a_writing_command(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    with pytest.raises(StoreError, match="an empty file"):
        Store(path, create=False)
    with Store(path) as store:
        assert store.count() == 0


# ------------------------------------------------------------------------------ read-only
@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_a_read_only_store_is_read(tmp_path: Path, journal: str) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "news.db"
    a_store(path)
    if journal == "delete":
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.close()
    before = sorted(p.name for p in folder.iterdir())
    with read_only(folder):
        with Store(path) as store:
            assert store.read_only and store.count("articles") == 2
            with pytest.raises(sqlite3.OperationalError):
                store.save(Extraction(article=Article(body="Chile recalled its envoy from Caracas on Monday.")))
        result = cli("--db", str(path), "articles", "--json")
        assert result.exit_code == 0, result.output
        assert len(json.loads(result.stdout)["items"]) == 2
        one_line_error(cli("--db", str(path), "load-extractions", "-"), "news.db is read-only")
    assert sorted(p.name for p in folder.iterdir()) == before


def test_a_read_only_store_is_served(tmp_path: Path) -> None:
    from tests import web_fixtures

    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "news.db"
    a_store(path)
    with read_only(folder), web_fixtures.client(path) as client:
        assert len(web_fixtures.ok(client.get("/api/articles"))["items"]) == 2
        assert client.page("/articles").status_code == 200


def test_a_read_only_store_with_an_older_schema_says_what_to_do(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "old.db"
    a_store(path)
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM migrations WHERE name = ?", (MIGRATIONS[-1][0],))
    conn.commit()
    conn.close()
    with read_only(folder):
        one_line_error(cli("--db", str(path), "articles"), "read-only", "1 migrations to apply", "write access")


def test_a_store_that_cannot_be_created_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "keep").write_text("x")
    with read_only(folder):
        one_line_error(cli("--db", str(folder / "new.db"), "load-extractions", "-"), "new.db")
    assert not (folder / "new.db").exists()


# ------------------------------------------------------------------------------ PostgreSQL locations
@pytest.mark.parametrize("location, expected", [
    ("postgresql://u:S3cret@db.example/news", "postgresql://u:***@db.example/news"),
    ("postgres://u:p%40ss@db:5433/news?sslmode=require", "postgres://u:***@db:5433/news?sslmode=require"),
    ("postgresql://u@db/news?password=S3cret", "postgresql://u@db/news?password=***"),
    ("postgresql://u@db/news?sslmode=disable&password=S3cret&application_name=x",
     "postgresql://u@db/news?sslmode=disable&password=***&application_name=x"),
    ("host=db dbname=news password=S3cret", "host=db dbname=news password=***"),
    ("host=db password = 'two words' dbname=news", "host=db password = *** dbname=news"),
    ("postgresql://db/news", "postgresql://db/news"),
])
def test_redact_hides_every_form_of_password(location: str, expected: str) -> None:
    assert redact(location) == expected
    assert "S3cret" not in scrub(f"failed for {location}", location)


@pytest.mark.parametrize("location, dsn", [
    ("host=localhost dbname=news password=S3cret", True),
    ("dbname=news", True),
    ("  host = db  port=5432 ", True),
    ("postgresql://db/news", True),
    ("news.db", False),
    ("data/host.db", False),
    ("a=b.db", False),  # not a libpq keyword
    ("host=db and more", False),  # not all key=value pairs
])
def test_a_libpq_string_is_a_postgresql_location(location: str, dsn: bool) -> None:
    assert is_dsn(location) is dsn


@pytest.mark.parametrize("location", ["postgresql://u@127.0.0.1:9/x?password=S3cret",
                                      "postgresql://u:S3cret@127.0.0.1:9/x",
                                      "host=127.0.0.1 port=9 dbname=x user=u password=S3cret"])
def test_an_unreachable_server_is_one_line_without_the_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                location: str) -> None:
    pytest.importorskip("psycopg")
    monkeypatch.chdir(tmp_path)
    for command in (["articles"], ["serve", "--port", "0"]):
        line = one_line_error(cli("--db", location, *command), "cannot connect to")
        assert "S3cret" not in line and "***" in line
    assert list(tmp_path.iterdir()) == []  # the libpq string was not taken for a file name


@pytest.fixture
def pg_dsn() -> tuple[str, Any]:
    """The test server's DSN (DETENTE_TEST_PG) and its parts; skipped without a server or a password to hide."""
    dsn = os.environ.get("DETENTE_TEST_PG")
    if not dsn:
        pytest.skip("DETENTE_TEST_PG is not set (a PostgreSQL server for the tests)")
    pytest.importorskip("psycopg")
    from urllib.parse import urlsplit

    parts = urlsplit(dsn)
    if not parts.password:
        pytest.skip("DETENTE_TEST_PG has no password to hide")
    return dsn, parts


def test_the_summary_never_shows_the_password(tmp_path: Path, pg_dsn: tuple[str, Any]) -> None:
    dsn, parts = pg_dsn
    as_param = dsn.replace(f":{parts.password}@", "@") + ("&" if "?" in dsn else "?") + f"password={parts.password}"
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    for location in (dsn, as_param):
        result = cli("--db", location, "load-extractions", str(empty))
        assert result.exit_code == 0, result.output
        assert f":{parts.password}@" not in result.output and f"password={parts.password}" not in result.output
        assert "***" in result.output


def test_the_serve_banner_never_shows_the_password(pg_dsn: tuple[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    served: list[Any] = []
    monkeypatch.setattr(uvicorn.Server, "run", lambda self, sockets=None: served.extend(sockets or []))
    dsn, parts = pg_dsn
    try:
        result = cli("--db", dsn, "serve", "--port", "0")
    finally:
        for sock in served:
            sock.close()
    assert result.exit_code == 0, result.output
    assert "detente: serving " in result.stderr and "***" in result.stderr, result.stderr
    assert f":{parts.password}@" not in result.output and ":***@" in result.stderr


def test_a_libpq_string_opens_postgresql(pg_dsn: tuple[str, Any]) -> None:
    _dsn, p = pg_dsn
    libpq = f"host={p.hostname} port={p.port or 5432} dbname={p.path.lstrip('/')} user={p.username} password={p.password}"
    store = Store(libpq)
    try:
        assert store.dialect == "postgresql" and store.path == redact(libpq) and "***" in str(store.path)
    finally:
        store.close()


def test_copy_of_a_store_keeps_working_after_refusals(tmp_path: Path) -> None:
    """A refusal leaves nothing open: the same file opens normally afterwards (no lock, no half-made file)."""
    path = tmp_path / "news.db"
    a_store(path)
    shutil.copy(path, tmp_path / "copy.db")
    with pytest.raises(StoreError):
        Store(tmp_path / "copy.db" / "x")
    with Store(tmp_path / "copy.db", create=False) as store:
        assert store.count() == 2
