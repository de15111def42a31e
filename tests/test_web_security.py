"""The server's edges (issue 17): the Host header check against DNS rebinding, what counts as loopback, the URL
the banner prints, clean 4xx for huge keys, and /docs from the package's own files under the app's CSP."""
from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from detente.cli import main
from detente.views import MAX_KEY_CHARS
from detente.web.hosts import host_allowed, is_loopback, url
from tests import web_fixtures
from tests.web_fixtures import Client, error, ok


@pytest.fixture(scope="module")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return web_fixtures.database(tmp_path_factory.mktemp("web-sec") / "web.db")


@pytest.fixture(scope="module")
def client(web_db: Path) -> Iterator[Client]:
    with web_fixtures.client(web_db, host="127.0.0.1", allowed_hosts=("news.example.org", "*.team.example")) as c:
        yield c


# ---------------------------------------------------------------- DNS rebinding: the Host header
@pytest.mark.parametrize("host", [
    "localhost", "localhost:8001", "LOCALHOST.:8001", "app.localhost:8001", "127.0.0.1:8001", "127.0.0.2", "[::1]:8001",
    "192.168.1.20:8001", "news.example.org", "News.Example.Org:443", "a.team.example", "b.c.team.example:8001",
])
def test_hosts_this_server_answers_for(client: Client, host: str) -> None:
    assert client.get("/api", headers={"host": host}).status_code == 200


@pytest.mark.parametrize("host", [
    "evil.example", "evil.example:8001", "localhost.evil.example", "news.example.org.evil.example",
    "team.example", "xteam.example", "127.0.0.1.nip.io", "",
])
def test_a_rebound_name_is_refused_on_the_api_and_the_pages(client: Client, host: str) -> None:
    err = error(client.get("/api/articles", headers={"host": host}), 400, "host_not_allowed")
    assert "--allow-host" in err["message"]
    page = client.get("/actors/TUR", headers={"host": host, "accept": "text/html"})
    assert page.status_code == 400
    assert page.headers["content-security-policy"].startswith("default-src 'self'")


def test_the_bound_name_and_a_star_are_allowed(web_db: Path) -> None:
    with web_fixtures.client(web_db, host="myserver.lan") as c:
        assert c.get("/api", headers={"host": "myserver.lan:8001"}).status_code == 200
        assert c.get("/api", headers={"host": "other.lan"}).status_code == 400
    with web_fixtures.client(web_db, allowed_hosts=("*",)) as c:
        assert c.get("/api", headers={"host": "anything.example"}).status_code == 200


@pytest.mark.parametrize(("header", "names", "allowed"), [
    ("localhost", (), True), ("[::ffff:127.0.0.1]:80", (), True), ("10.1.2.3", (), True),
    ("example.org", ("*.example.org",), False), ("x.example.org", ("*.example.org",), True),
    ("evil-example.org", ("*.example.org",), False), ("anything", ("*",), True), ("", (), False),
])
def test_host_allowed(header: str, names: tuple[str, ...], allowed: bool) -> None:
    assert host_allowed(header, names) is allowed


# ---------------------------------------------------------------- loopback and the banner's URL
@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.0.0.2", True), ("127.255.255.254", True), ("::1", True), ("[::1]", True),
    ("::ffff:127.0.0.1", True), ("localhost", True), ("LOCALHOST.", True), ("app.localhost", True),
    ("0.0.0.0", False), ("::", False), ("", False), ("192.168.1.2", False), ("10.0.0.1", False), ("fe80::1", False),
])
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


@pytest.mark.parametrize(("host", "port", "expected"), [
    ("127.0.0.1", 8001, "http://127.0.0.1:8001/"), ("::", 8001, "http://[::1]:8001/"), ("[::]", 80, "http://[::1]:80/"),
    ("0.0.0.0", 8001, "http://127.0.0.1:8001/"), ("", 8001, "http://127.0.0.1:8001/"), ("::1", 9, "http://[::1]:9/"),
    ("fe80::1%eth0", 8001, "http://[fe80::1%25eth0]:8001/"), ("localhost", 8001, "http://localhost:8001/"),
    ("myserver.lan", 8001, "http://myserver.lan:8001/"),
])
def test_the_url_to_open(host: str, port: int, expected: str) -> None:
    assert url(host, port) == expected


def serve(monkeypatch: pytest.MonkeyPatch, web_db: Path, *args: str) -> tuple[Any, list[socket.socket]]:
    """`detente serve` as the CLI runs it, up to the point where uvicorn would serve the sockets it bound."""
    import uvicorn

    served: list[socket.socket] = []

    def run(self: Any, sockets: list[socket.socket] | None = None) -> None:
        served.extend(sockets or [])
        assert self.config.app.state.settings.host == args[args.index("--host") + 1]

    monkeypatch.setattr(uvicorn.Server, "run", run)
    result = CliRunner().invoke(main, ["--db", str(web_db), "serve", *args])
    return result, served


def test_the_banner_names_the_port_really_bound_and_no_warning_for_127_0_0_2(monkeypatch: pytest.MonkeyPatch,
                                                                               web_db: Path) -> None:
    result, sockets = serve(monkeypatch, web_db, "--host", "127.0.0.2", "--port", "0")
    try:
        assert result.exit_code == 0, result.output
        port = sockets[0].getsockname()[1]
        assert port > 0 and f"on http://127.0.0.2:{port}/ " in result.output
        assert "warning" not in result.output
    finally:
        for s in sockets:
            s.close()


def test_an_any_address_bind_prints_a_url_that_opens_and_warns(monkeypatch: pytest.MonkeyPatch, web_db: Path) -> None:
    result, sockets = serve(monkeypatch, web_db, "--host", "0.0.0.0", "--port", "0")
    try:
        assert result.exit_code == 0, result.output
        port = sockets[0].getsockname()[1]
        assert f"on http://127.0.0.1:{port}/ (and every IPv4 address of this machine)" in result.output
        assert "warning: binding 0.0.0.0" in result.output
    finally:
        for s in sockets:
            s.close()


def test_an_ipv6_any_address_bind_prints_a_bracketed_url(monkeypatch: pytest.MonkeyPatch, web_db: Path) -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6 on this machine")
    result, sockets = serve(monkeypatch, web_db, "--host", "::", "--port", "0")
    try:
        if result.exit_code != 0 and "cannot bind" in result.output:
            pytest.skip(f"IPv6 cannot be bound here: {result.output.strip()}")
        assert result.exit_code == 0, result.output
        port = sockets[0].getsockname()[1]
        assert f"on http://[::1]:{port}/ (and every IPv6 address of this machine)" in result.output
        assert "http://:::" not in result.output
    finally:
        for s in sockets:
            s.close()


def test_a_port_in_use_is_one_line(monkeypatch: pytest.MonkeyPatch, web_db: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        result, sockets = serve(monkeypatch, web_db, "--host", "127.0.0.1", "--port", str(taken.getsockname()[1]))
    assert result.exit_code == 1 and not sockets
    assert result.output.startswith("Error: cannot bind 127.0.0.1:") and "Traceback" not in result.output


# ---------------------------------------------------------------- huge keys: a clean 400
@pytest.mark.parametrize("path", [
    "/api/actors/{k}", "/actors/{k}", "/api/dyads/{k}/TUR", "/api/dyads/TUR/{k}", "/api/timeline/{k}/TUR",
    "/dyads/TUR/{k}", "/api/articles/{k}", "/articles/{k}", "/api/events/{k}",
])
def test_a_50000_character_key_is_a_clean_400(client: Client, path: str) -> None:
    key = "a" * 50_000
    r = client.get(path.format(k=key), headers={"accept": "application/json"})
    err = error(r, 400, "bad_parameter")
    assert f"at most {MAX_KEY_CHARS}" in err["message"] and len(r.content) < 1000


def test_a_key_just_under_the_limit_is_looked_up(client: Client) -> None:
    error(client.get("/api/actors/" + "a" * MAX_KEY_CHARS), 404, "not_found")


def test_the_cli_says_so_in_one_line(web_db: Path) -> None:
    result = CliRunner().invoke(main, ["--db", str(web_db), "actor", "x" * 60_000])
    assert result.exit_code == 1 and "at most 1000" in result.output and len(result.output) < 500


# ---------------------------------------------------------------- /docs from vendored files
def test_docs_page_uses_only_the_packages_own_files(client: Client) -> None:
    page = client.page("/docs")
    assert page.status_code == 200
    html = page.text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html and "/static/docs.js" in html
    assert "http://" not in html and "https://" not in html and "<script>" not in html and "style=" not in html
    assert page.headers["content-security-policy"].startswith("default-src 'self'; script-src 'self'")
    for asset, kind in (("/static/vendor/swagger-ui/swagger-ui-bundle.js", "javascript"),
                        ("/static/vendor/swagger-ui/swagger-ui.css", "text/css"), ("/static/docs.js", "javascript")):
        r = client.get(asset)
        assert r.status_code == 200 and kind in r.headers["content-type"], asset
    licence = client.get("/static/vendor/swagger-ui/LICENSE.txt")
    assert licence.status_code == 200 and "Apache License" in licence.text
    assert ok(client.get("/openapi.json"))["paths"]
